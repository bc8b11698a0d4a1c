//! The C runtime under AddressSanitizer and UndefinedBehaviorSanitizer:
//! executables are linked with a runtime built with
//! `WASMC_RUNTIME_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"`
//! and run programs that exercise instantiation, WASI (stdio, files, args),
//! memory growth, traps and stack exhaustion. Any sanitizer report fails.
//! Embedding hosts too: exceptions, and WASI configurations and contexts
//! (`c/embed/wasi_run_host.c`, `c/embed/wasi_two_host.c`), leak-checked.
//!
//! And under ThreadSanitizer (`-fsanitize=thread`): the embedding host
//! `c/embed/threads_host.c`, eight threads calling into instances and WASI
//! at the same time.
//!
//! The runtime's own fault handler must see SIGSEGV/SIGILL/SIGFPE/SIGBUS
//! first (guard-page traps, trap instructions), so ASan's handlers for those
//! signals are turned off; ASan keeps checking every memory access.

use std::process::Command;
use wasmc_tests::{compile_c_wasm, run_command, tests_dir, TestDir};

const SANITIZE: &str = "-fsanitize=address,undefined -fno-sanitize-recover=all";
const ASAN_OPTIONS: &str =
    "handle_segv=0:handle_sigill=0:handle_sigfpe=0:handle_sigbus=0:detect_leaks=0";

fn sanitized(prog: &str, mode: &str, dir: &TestDir) -> std::path::PathBuf {
    let wasm = dir.path().join(format!("{prog}.wasm"));
    compile_c_wasm(&tests_dir().join(format!("c/{prog}.c")), &wasm, &[]);
    let exe = dir.path().join(format!("{prog}-{mode}"));
    let mut cmd = Command::new(wasmc_tests::wasmc_bin());
    cmd.args([
        "build".as_ref(),
        wasm.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
    ])
    .args(["--bounds-checks", mode])
    .env("WASMC_RUNTIME_CFLAGS", SANITIZE);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "{out:?}");
    exe
}

fn run(exe: &std::path::Path, args: &[&str], stdin: &[u8]) -> wasmc_tests::Output {
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env("ASAN_OPTIONS", ASAN_OPTIONS)
        .env("UBSAN_OPTIONS", "print_stacktrace=1");
    run_command(cmd, stdin)
}

fn assert_clean(out: &wasmc_tests::Output) {
    let err = out.stderr_str();
    for marker in [
        "AddressSanitizer",
        "runtime error:",
        "UndefinedBehaviorSanitizer",
        "LeakSanitizer",
    ] {
        assert!(!err.contains(marker), "sanitizer report:\n{err}");
    }
}

#[test]
fn sanitized_runtime_runs_programs_cleanly() {
    let dir = TestDir::new("sanitize");
    for mode in ["guard", "explicit"] {
        let exe = sanitized("printf_floats", mode, &dir);
        let out = run(&exe, &[], b"");
        assert_eq!(out.code(), Some(0), "{out:?}");
        assert_clean(&out);

        let exe = sanitized("malloc_stress", mode, &dir);
        let out = run(&exe, &[], b"");
        assert_eq!(out.code(), Some(0), "{out:?}");
        assert_clean(&out);

        let exe = sanitized("stdin_sort", mode, &dir);
        let out = run(&exe, &["x", "y"], b"pear\napple\nfig\n");
        assert_eq!(out.code(), Some(0), "{out:?}");
        assert!(out.stdout_str().contains("apple"), "{out:?}");
        assert_clean(&out);

        for (prog, msg) in [
            ("trap_oob", "out of bounds memory access"),
            ("trap_stack_overflow", "call stack exhausted"),
        ] {
            let exe = sanitized(prog, mode, &dir);
            let out = run(&exe, &[], b"");
            assert_eq!(out.code(), Some(134), "{prog}: {out:?}");
            assert!(
                out.stderr_str().contains(&format!("wasm trap: {msg}")),
                "{out:?}"
            );
            assert_clean(&out);
        }
    }
    // The sanitizer really is in: `nm` of one executable shows ASan's symbols.
    let exe = dir.path().join("printf_floats-guard");
    let nm = Command::new("nm").arg(&exe).output().expect("nm");
    assert!(
        String::from_utf8_lossy(&nm.stdout).contains("__asan"),
        "runtime not built with ASan"
    );
}

/// Exceptions under ASan and UBSan, leak-checked: the embedding host
/// `tests/c/embed/exceptions_host.c` (uncaught wasm exceptions inspected and
/// freed, host throws caught in wasm and uncaught, a rethrow through a host
/// frame, a start function's exception) with host and runtime sanitized;
/// and the WAT program `tests/wat/exceptions.wat` (catch, catch_all,
/// catch_ref + throw_ref, call_indirect, call_ref, tail calls, uncaught),
/// without the leak check: an exception that reached wasm as an exnref
/// lives until GC support can collect it.
#[test]
fn sanitized_exceptions_cleanly() {
    use wasmc_tests::{build_embed_host, build_executable_with, expand_wat, BoundsChecks};
    let dir = TestDir::new("sanitize-exn");
    let app = dir.path().join("app.wat");
    std::fs::copy(tests_dir().join("wat/embed/exceptions.wat"), &app).expect("copy");
    let host_c = tests_dir().join("c/embed/exceptions_host.c");
    let prog = dir.path().join("exceptions.wat");
    std::fs::write(&prog, expand_wat("exceptions")).expect("write");
    for bounds in BoundsChecks::ALL {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, SANITIZE);
        let mut cmd = Command::new(&host);
        cmd.env(
            "ASAN_OPTIONS",
            ASAN_OPTIONS.replace("detect_leaks=0", "detect_leaks=1"),
        )
        .env("UBSAN_OPTIONS", "print_stacktrace=1");
        let out = run_command(cmd, b"");
        assert_eq!(out.code(), Some(0), "{bounds}: {out:?}");
        for line in [
            "catch_host(21): ok 1042\n",
            "uncaught_host(22): exception tag host payload 44\n",
            "through_host(1): ok 7\n",
            "through_host_uncaught(1): exception tag e1 payload 7 (the rethrown one)\n",
            "start: NULL exception",
        ] {
            assert!(out.stdout_str().contains(line), "{bounds}: {line}: {out:?}");
        }
        assert_clean(&out);

        let exe = dir.path().join(format!("exceptions-{bounds}"));
        build_executable_with(&prog, &exe, bounds, &[], Some(SANITIZE));
        for case in 0..8 {
            let out = run(&exe, &[&case.to_string()], b"");
            let want = if case == 4 { 134 } else { 0 };
            assert_eq!(out.code(), Some(want), "{bounds} case {case}: {out:?}");
            assert_clean(&out);
        }
    }
}

/// Legacy exceptions (`tests/wat/legacy_exceptions.wat`, every case that
/// ends normally) with LeakSanitizer on: each caught exception is freed
/// exactly once (no leak, no double free, no use after free), including one
/// caught twice at once by nested catch bodies, and those of catch bodies
/// a callee's exception unwinds out of.
#[test]
fn sanitized_runtime_frees_legacy_caught_exceptions() {
    let dir = TestDir::new("sanitize-legacy-exn");
    let src = dir.path().join("legacy_exceptions.wat");
    std::fs::write(&src, wasmc_tests::expand_wat("legacy_exceptions")).expect("write wat");
    let cases: [(&str, &str); 9] = [
        ("0", "start\n42\n-1\n1\n"),
        ("1", "start\n7\n1\n"),
        ("2", "start\n9\n"),
        ("3", "start\n1008\n-1\n2\n"),
        ("4", "start\n147\n48\n"),
        ("7", "start\n11\n"),
        ("8", "start\n21\n"),
        ("9", "start\n77\n"),
        ("10", "start\n100\n"),
    ];
    for mode in ["guard", "explicit"] {
        let exe = dir.path().join(format!("legacy-{mode}"));
        let mut cmd = Command::new(wasmc_tests::wasmc_bin());
        cmd.args([
            "build".as_ref(),
            src.as_os_str(),
            "-o".as_ref(),
            exe.as_os_str(),
        ])
        .args(["--bounds-checks", mode])
        .env("WASMC_RUNTIME_CFLAGS", SANITIZE);
        let out = run_command(cmd, b"");
        assert!(out.status.success(), "{out:?}");
        for (case, stdout) in cases {
            let mut cmd = Command::new(&exe);
            cmd.arg(case)
                .env(
                    "ASAN_OPTIONS",
                    ASAN_OPTIONS.replace("detect_leaks=0", "detect_leaks=1"),
                )
                .env("UBSAN_OPTIONS", "print_stacktrace=1");
            let out = run_command(cmd, b"");
            assert_clean(&out);
            assert!(
                out.status.success() && out.stdout_str() == stdout,
                "case {case} ({mode}): {out:?}"
            );
        }
    }
}

/// `tests/c/embed/shared_threads_host.c` (six threads running wasm at once
/// over one shared memory, a linker each) with host and runtime under
/// ThreadSanitizer, then under AddressSanitizer (the memory's owners freed in
/// any order: no use after free, no leak).
#[test]
fn sanitizers_embedding_shared_memory_threads() {
    use wasmc_tests::{build_embed_host, BoundsChecks};
    let dir = TestDir::new("sanitize-shared-threads");
    let app = dir.path().join("app.wat");
    std::fs::copy(tests_dir().join("wat/embed/shared_threads.wat"), &app).expect("copy");
    let host_c = tests_dir().join("c/embed/shared_threads_host.c");
    for flags in ["-fsanitize=thread -g", SANITIZE] {
        let host = build_embed_host(dir.path(), &app, &host_c, BoundsChecks::Guard, flags);
        for _ in 0..2 {
            let mut cmd = Command::new(&host);
            cmd.env("TSAN_OPTIONS", "halt_on_error=1")
                .env("ASAN_OPTIONS", "detect_leaks=1")
                .env("UBSAN_OPTIONS", "halt_on_error=1");
            let out = run_command(cmd, b"");
            let err = out.stderr_str();
            assert!(!err.contains("Sanitizer"), "{flags}: report:\n{err}");
            assert_eq!(out.code(), Some(0), "{flags}: {out:?}");
            assert!(
                out.stdout_str()
                    .ends_with("missing: env.mem: the other linker has no memory env.nope\n"),
                "{flags}: {out:?}"
            );
        }
    }
}

/// `tests/c/embed/threads_host.c` (eight threads, a linker each:
/// instantiation, WASI calls on the process-wide state, recursion, stack
/// exhaustion and traps at the same time) with host and runtime under
/// ThreadSanitizer, in both bounds modes, a few runs each: no data race.
#[test]
fn thread_sanitizer_embedding_threads() {
    use wasmc_tests::{build_embed_host, BoundsChecks};
    let dir = TestDir::new("sanitize-threads");
    let app = dir.path().join("app.wat");
    std::fs::copy(tests_dir().join("wat/embed/threads.wat"), &app).expect("copy");
    let host_c = tests_dir().join("c/embed/threads_host.c");
    for bounds in BoundsChecks::ALL {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, "-fsanitize=thread -g");
        for _ in 0..3 {
            let mut cmd = Command::new(&host);
            cmd.env("TSAN_OPTIONS", "halt_on_error=1");
            let out = run_command(cmd, b"");
            let err = out.stderr_str();
            assert!(!err.contains("ThreadSanitizer"), "{bounds}: report:\n{err}");
            assert_eq!(out.code(), Some(0), "{bounds}: {out:?}");
            assert_eq!(
                out.stdout_str().matches(": ok\n").count(),
                8,
                "{bounds}: {out:?}"
            );
        }
    }
}

/// WASI through the embedding API under ASan and UBSan, leak-checked
/// (`src/embed_wasi.rs`, as in `embed_wasi.rs`): configurations built and
/// freed, contexts made, used and freed with their linkers (directories,
/// duplicated stdio descriptors, /dev/null), the failed defines, proc_exit
/// out of an instance, two instances at once.
#[test]
fn sanitized_embed_wasi_cleanly() {
    use wasmc_tests::{
        build_wasi_embed_host, check_files_and_stdio, check_stdio_modes_and_errors,
        check_two_instances, BoundsChecks,
    };
    let dir = TestDir::new("sanitize-embed-wasi");
    let asan = ASAN_OPTIONS.replace("detect_leaks=0", "detect_leaks=1");
    let envs = [
        ("ASAN_OPTIONS", asan.as_str()),
        ("UBSAN_OPTIONS", "print_stacktrace=1"),
    ];
    let run_host = build_wasi_embed_host(&dir, "wasi_run_host", BoundsChecks::Guard, SANITIZE);
    assert_clean(&check_files_and_stdio(
        &run_host,
        &dir.subdir("files"),
        &envs,
    ));
    for out in check_stdio_modes_and_errors(&run_host, &envs) {
        assert_clean(&out);
    }
    let two_host = build_wasi_embed_host(&dir, "wasi_two_host", BoundsChecks::Guard, SANITIZE);
    assert_clean(&check_two_instances(&two_host, &dir.subdir("two"), &envs));
}
