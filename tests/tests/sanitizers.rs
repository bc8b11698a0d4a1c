//! The C runtime under AddressSanitizer and UndefinedBehaviorSanitizer:
//! executables are linked with a runtime built with
//! `WASMC_RUNTIME_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"`
//! and run programs that exercise instantiation, WASI (stdio, files, args),
//! memory growth, traps and stack exhaustion. Any sanitizer report fails.
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
