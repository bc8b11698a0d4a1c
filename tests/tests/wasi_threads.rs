//! wasi-threads in executables: the `wasi` `thread-spawn` import
//! (runtime-support/src/c/wasi_threads.c).
//!
//! A module without a shared memory links and gets -1 from thread-spawn
//! (`wat/wasi_threads_noshared.wat`, in `wat_programs.rs`).
//!
//! `wat/threads/spawn.wat` spawns eight threads that write into the shared
//! memory while the main thread waits for them; a thread's proc_exit ends
//! the process with its status; a thread's trap ends it with 134, the trap
//! message and that thread's backtrace. In both bounds modes, repeatedly (to
//! flush out races). C programs with pthreads are in `pthreads.rs`.

use std::process::Command;
use wasmc_tests::*;

fn build_spawn(dir: &TestDir, mode: BoundsChecks) -> std::path::PathBuf {
    let src = dir.join("spawn.wat");
    std::fs::write(&src, expand_wat("threads/spawn")).expect("write expanded wat");
    let exe = dir.join(format!("spawn-{mode}"));
    build_executable(&src, &exe, mode, &[]);
    exe
}

fn run_spawn(exe: &std::path::Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    run_command(cmd, b"")
}

const SPAWN_EXPECTED: &str = "1\n1\n1\n1\n1\n1\n1\n1\n101\n201\n301\n401\n501\n601\n701\n801\n";

fn spawn_threads(mode: BoundsChecks) {
    let dir = TestDir::new("wasi_threads_spawn");
    let exe = build_spawn(&dir, mode);
    let what = format!("wat/threads/spawn.wat ({mode})");
    for _ in 0..20 {
        let out = run_spawn(&exe, &[]);
        check_wasm_status(&out, Status::Code(0), &what);
        assert_same_stdout(SPAWN_EXPECTED.as_bytes(), &out.stdout, &what);
    }
    for _ in 0..5 {
        let out = run_spawn(&exe, &["100"]);
        check_wasm_status(
            &out,
            Status::Code(7),
            &format!("{what}: proc_exit in a thread"),
        );
        let out = run_spawn(&exe, &["200"]);
        check_wasm_status(
            &out,
            Status::Trap("unreachable"),
            &format!("{what}: trap in a thread"),
        );
    }
}

#[test]
fn wasi_threads_spawn_guard() {
    spawn_threads(BoundsChecks::Guard);
}

#[test]
fn wasi_threads_spawn_explicit() {
    spawn_threads(BoundsChecks::Explicit);
}

/// `wat/threads/fd_race.wat`: closes racing opens and writes on the same
/// descriptors from five threads; with the runtime under ThreadSanitizer too
/// (the host descriptor of a closed guest fd stays open until the write
/// using it returns).
fn fd_race(mode: BoundsChecks, runtime_cflags: Option<&str>) {
    let dir = TestDir::new("wasi_threads_fd_race");
    let src = dir.join("fd_race.wat");
    std::fs::write(&src, expand_wat("threads/fd_race")).expect("write expanded wat");
    let exe = dir.join(format!("fd_race-{mode}"));
    build_executable_with(&src, &exe, mode, &[], runtime_cflags);
    let scratch = dir.subdir("scratch");
    let what = format!("wat/threads/fd_race.wat ({mode}, {runtime_cflags:?})");
    for _ in 0..5 {
        let mut cmd = Command::new(&exe);
        cmd.env("WASMC_DIRS", format!("{}::/scratch", scratch.display()))
            .env("TSAN_OPTIONS", "halt_on_error=1");
        let out = run_command(cmd, b"");
        assert!(
            !out.stderr_str().contains("ThreadSanitizer"),
            "{what}: {}",
            out.stderr_str()
        );
        check_wasm_status(&out, Status::Code(0), &what);
        assert_eq!(out.stdout_str(), "done\n", "{what}: {out:?}");
    }
}

#[test]
fn wasi_threads_fd_race_guard() {
    fd_race(BoundsChecks::Guard, None);
}

#[test]
fn wasi_threads_fd_race_explicit() {
    fd_race(BoundsChecks::Explicit, None);
}

#[test]
fn wasi_threads_fd_race_thread_sanitizer() {
    fd_race(BoundsChecks::Guard, Some("-fsanitize=thread -g"));
}
