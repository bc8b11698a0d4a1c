//! C programs with pthreads (`tests/c/pthreads/`), built for
//! `wasm32-wasip1-threads` (tests/src/pthreads.rs: wasi-libc's POSIX thread
//! model on the wasi-threads `thread-spawn` import), turned into executables
//! by `wasmc build` in both bounds modes and run on real OS threads.
//!
//! - `mutex`, `condvar`, `atomics`, `many`, `lifecycle`: the same stdout and
//!   status as the native build (gcc/clang -pthread), each run repeatedly
//!   to flush out races (their output is deterministic whatever the
//!   interleaving).
//! - `worker_fault`: a worker ends the process while main waits in
//!   pthread_join: a trap (`unreachable`, out-of-bounds store, its own
//!   stack exhausted) is status 134 with the message and the worker's
//!   backtrace; `exit` (atexit handlers, flushed stdio) and `_Exit` end it
//!   with their status, like natively.
//! - Two programs with the runtime under ThreadSanitizer: the WASI layer
//!   (fd table, clocks, the allocator's locks in wasm, wait/notify) under
//!   concurrent calls has no data race the sanitizer sees.

use std::path::{Path, PathBuf};

use wasmc_tests::*;

/// Runs of each program per bounds mode (the programs take 10-200 ms).
const RUNS: usize = 8;

struct Built {
    native: PathBuf,
    wasm: PathBuf,
    _dir: TestDir,
}

fn build(name: &str, mode: BoundsChecks, runtime_cflags: Option<&str>) -> Built {
    build_with(name, mode, runtime_cflags, &[])
}

/// [`build`] with extra `wasmc build` flags.
fn build_with(
    name: &str,
    mode: BoundsChecks,
    runtime_cflags: Option<&str>,
    flags: &[&str],
) -> Built {
    let dir = TestDir::new(&format!("pthreads_{name}"));
    let src = source_path(&format!("c/pthreads/{name}.c"));
    let native = dir.join(format!("{name}.native"));
    compile_c_native(&src, &native, &["-pthread"]);
    let module = dir.join(format!("{name}.wasm"));
    compile_c_wasm_threads(&src, &module);
    let wasm = dir.join(format!("{name}-{mode}"));
    build_executable_with(&module, &wasm, mode, flags, runtime_cflags);
    Built {
        native,
        wasm,
        _dir: dir,
    }
}

fn run_args(exe: &Path, args: &[&str]) -> Output {
    run(exe, &RunOpts::args(args.iter().copied()))
}

/// The program gives the native stdout and status 0, `runs` times.
fn same_as_native(name: &str, mode: BoundsChecks, runs: usize, runtime_cflags: Option<&str>) {
    let b = build(name, mode, runtime_cflags);
    let what = format!("c/pthreads/{name}.c ({mode}, runtime {runtime_cflags:?})");
    if runtime_cflags.is_some_and(|f| f.contains("thread")) {
        let bytes = std::fs::read(&b.wasm).expect("read executable");
        assert!(
            bytes.windows(11).any(|w| w == b"__tsan_init"),
            "{what}: the runtime is not built with ThreadSanitizer"
        );
    }
    let native = run_args(&b.native, &[]);
    check_native_status(&native, Status::Code(0), &format!("{what} natively"));
    for i in 0..runs {
        let out = run_args(&b.wasm, &[]);
        assert!(
            !out.stderr_str().contains("ThreadSanitizer"),
            "{what}, run {i}: {}",
            out.stderr_str()
        );
        check_wasm_status(&out, Status::Code(0), &format!("{what}, run {i}"));
        assert_same_stdout(&native.stdout, &out.stdout, &format!("{what}, run {i}"));
    }
}

macro_rules! same_as_native_tests {
    ($($name:ident),* $(,)?) => {
        mod same_as_native {
            $(
                #[test]
                fn $name() {
                    for mode in super::BoundsChecks::ALL {
                        super::same_as_native(stringify!($name), mode, super::RUNS, None);
                    }
                }
            )*
        }
    };
}

same_as_native_tests!(mutex, condvar, atomics, many, lifecycle);

fn worker_fault(mode: BoundsChecks) {
    // The backtraces below name every frame: `--no-inline`, else `-O2`
    // copies the one-call-site `crash_in_worker` into `worker`.
    let b = build_with("worker_fault", mode, None, &["--no-inline"]);
    let what = |m: &str| format!("c/pthreads/worker_fault.c {m} ({mode})");
    for _ in 0..3 {
        for (arg, msg) in [
            ("trap", "unreachable"),
            ("oob", "out of bounds memory access"),
            ("stack", "call stack exhausted"),
        ] {
            let out = run_args(&b.wasm, &[arg]);
            check_wasm_status(&out, Status::Trap(msg), &what(arg));
            let err = out.stderr_str();
            let frames = if arg == "stack" {
                &["recurse"][..]
            } else {
                &["crash_in_worker", "worker", "wasi_thread_start"][..]
            };
            for f in frames {
                assert!(
                    err.contains(&format!(": {f}\n")),
                    "{}: the backtrace lacks the worker's frame {f}:\n{err}",
                    what(arg)
                );
            }
            assert_eq!(out.stdout_str(), format!("mode {arg}\n"), "{}", what(arg));
        }
        for (arg, code) in [("none", 0), ("exit", 7), ("_Exit", 9)] {
            let native = run_args(&b.native, &[arg]);
            check_native_status(
                &native,
                Status::Code(code),
                &format!("{} natively", what(arg)),
            );
            let out = run_args(&b.wasm, &[arg]);
            check_wasm_status(&out, Status::Code(code), &what(arg));
            assert_same_stdout(&native.stdout, &out.stdout, &what(arg));
        }
    }
}

#[test]
fn worker_fault_guard() {
    worker_fault(BoundsChecks::Guard);
}

#[test]
fn worker_fault_explicit() {
    worker_fault(BoundsChecks::Explicit);
}

const TSAN: &str = "-fsanitize=thread -g";

#[test]
fn thread_sanitizer_condvar() {
    same_as_native("condvar", BoundsChecks::Guard, 2, Some(TSAN));
}

#[test]
fn thread_sanitizer_many() {
    same_as_native("many", BoundsChecks::Guard, 2, Some(TSAN));
}
