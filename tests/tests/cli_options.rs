//! `wasmc build` options and properties of the produced executables that
//! are not tied to one program: optimisation levels, `--no-inline`, `--emit obj`, the
//! default bounds-check mode, `.wat` vs `.wasm` input (and the folded legacy
//! `try` in `.wat`), self-containedness of
//! the executable and argv[0] pass-through.

use std::fs;
use std::path::{Path, PathBuf};
use wasmc_tests::*;

/// tests/wat/exit_status.wat: prints argc and the numeric arguments, exits
/// with their sum.
const EXIT_ARGS: [&str; 3] = ["10", "-3", "35"];
const EXIT_STDOUT: &str = "4\n10\n-3\n35\n";
const EXIT_STATUS: i32 = 42;

fn exit_status_wat(dir: &TestDir) -> PathBuf {
    let p = dir.join("exit_status.wat");
    fs::write(&p, expand_wat("exit_status")).expect("write wat");
    p
}

fn check_exit_status_program(exe: &Path, what: &str) {
    let out = run(exe, &RunOpts::args(EXIT_ARGS));
    check_wasm_status(&out, Status::Code(EXIT_STATUS), what);
    assert_same_stdout(EXIT_STDOUT.as_bytes(), &out.stdout, what);
}

fn opt_level(level: &str) {
    let dir = TestDir::new("opt");
    let src = exit_status_wat(&dir);
    for mode in BoundsChecks::ALL {
        let exe = dir.join(format!("prog-{mode}"));
        build_executable(&src, &exe, mode, &["-O", level]);
        check_exit_status_program(&exe, &format!("-O {level} --bounds-checks {mode}"));
    }
    // a real program through the optimiser as well
    let c = tests_dir().join("c/sorting.c");
    let wasm = dir.join("sorting.wasm");
    compile_c_wasm(&c, &wasm, &[]);
    let native = dir.join("sorting-native");
    compile_c_native(&c, &native, &[]);
    let expected = run(&native, &RunOpts::default());
    assert_eq!(
        expected.code(),
        Some(0),
        "native sorting failed:\n{expected:?}"
    );
    let exe = dir.join("sorting");
    build_executable(&wasm, &exe, BoundsChecks::Guard, &["-O", level]);
    let out = run(&exe, &RunOpts::default());
    check_wasm_status(&out, Status::Code(0), &format!("c/sorting.c at -O {level}"));
    assert_same_stdout(
        &expected.stdout,
        &out.stdout,
        &format!("c/sorting.c at -O {level}"),
    );
}

#[test]
fn cli_opt_level_0() {
    opt_level("0");
}

#[test]
fn cli_opt_level_1() {
    opt_level("1");
}

#[test]
fn cli_opt_level_2() {
    opt_level("2");
}

/// `-O2` inlines `tests/wat/inline.wat`'s small callees: the trap three
/// inlined levels down (`$run` -> `$outer` -> `$mid` -> `$divmod`) is
/// reported in `$run`'s frame alone; `--no-inline` keeps every frame. Both
/// trap the same way.
#[test]
fn cli_no_inline() {
    let dir = TestDir::new("no-inline");
    let src = dir.join("inline.wat");
    fs::write(&src, expand_wat("inline")).expect("write wat");
    for (flags, inlined) in [(&[][..], true), (&["--no-inline"][..], false)] {
        for mode in BoundsChecks::ALL {
            let what = format!("inline.wat {flags:?} --bounds-checks {mode}");
            let exe = dir.join(format!("prog-{inlined}-{mode}"));
            build_executable(&src, &exe, mode, flags);
            let out = run(&exe, &RunOpts::args(["1"]));
            check_wasm_status(&out, Status::Trap("integer divide by zero"), &what);
            let err = out.stderr_str();
            let frames: Vec<&str> = err
                .lines()
                .filter_map(|l| l.trim().split_once(": ").map(|(_, f)| f))
                .collect();
            for f in ["divmod", "mid", "outer"] {
                assert_eq!(
                    frames.contains(&f),
                    !inlined,
                    "{what}: frame {f} in the backtrace:\n{err}"
                );
            }
            assert!(frames.contains(&"run"), "{what}: no frame run:\n{err}");
        }
    }
}

#[test]
fn cli_default_bounds_checks() {
    let dir = TestDir::new("default-mode");
    let src = exit_status_wat(&dir);
    let exe = dir.join("prog");
    let out = wasmc([
        "build".as_ref(),
        src.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
    ]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(0),
        "build without --bounds-checks failed:\n{out:?}"
    );
    check_exit_status_program(&exe, "default bounds-check mode");
}

#[test]
fn cli_emit_obj() {
    let dir = TestDir::new("emit-obj");
    let src = exit_status_wat(&dir);
    for mode in BoundsChecks::ALL {
        let obj = dir.join(format!("prog-{mode}.o"));
        let out = wasmc([
            "build".as_ref(),
            src.as_os_str(),
            "-o".as_ref(),
            obj.as_os_str(),
            "--emit".as_ref(),
            "obj".as_ref(),
            "--bounds-checks".as_ref(),
            mode.as_str().as_ref(),
        ]);
        assert_no_panic(&out);
        assert_eq!(out.code(), Some(0), "--emit obj failed:\n{out:?}");
        let bytes = fs::read(&obj)
            .unwrap_or_else(|e| panic!("--emit obj did not write {}: {e}", obj.display()));
        assert!(
            bytes.len() > 64 && bytes.starts_with(b"\x7fELF"),
            "--emit obj output is not an ELF file"
        );
        let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
        assert_eq!(
            e_type, 1,
            "--emit obj must produce a relocatable object (ET_REL), got e_type {e_type}"
        );
        let e_machine = u16::from_le_bytes([bytes[18], bytes[19]]);
        let host = if cfg!(target_arch = "x86_64") {
            62
        } else if cfg!(target_arch = "aarch64") {
            183
        } else {
            e_machine
        };
        assert_eq!(e_machine, host, "--emit obj must target the host machine");
    }
}

#[test]
fn cli_wat_and_wasm_input_agree() {
    let dir = TestDir::new("wat-vs-wasm");
    let wat_src = exit_status_wat(&dir);
    let wasm_src = dir.join("exit_status.wasm");
    fs::write(&wasm_src, wat::parse_file(&wat_src).expect("assemble")).expect("write wasm");
    for (src, what) in [(&wat_src, ".wat input"), (&wasm_src, ".wasm input")] {
        let exe = dir.join(format!(
            "prog-{}",
            src.extension().unwrap_or_default().to_string_lossy()
        ));
        build_executable(src, &exe, BoundsChecks::Guard, &[]);
        check_exit_status_program(&exe, what);
    }
}

/// The executable needs neither the input module nor its build directory:
/// delete the input, move the executable elsewhere and run it from an
/// unrelated working directory.
#[test]
fn cli_executable_is_self_contained() {
    let dir = TestDir::new("self-contained");
    let build_dir = dir.subdir("build");
    let src = build_dir.join("exit_status.wat");
    fs::write(&src, expand_wat("exit_status")).expect("write");
    let exe = build_dir.join("prog");
    build_executable(&src, &exe, BoundsChecks::Explicit, &[]);
    let moved = dir.subdir("elsewhere").join("moved-prog");
    fs::rename(&exe, &moved).expect("move executable");
    if !reference_mode() {
        fs::remove_dir_all(&build_dir).expect("remove build dir");
    }
    let mut opts = RunOpts::args(EXIT_ARGS);
    opts.cwd = Some(dir.subdir("cwd"));
    let out = run(&moved, &opts);
    check_wasm_status(&out, Status::Code(EXIT_STATUS), "moved executable");
    assert_same_stdout(EXIT_STDOUT.as_bytes(), &out.stdout, "moved executable");
}

/// An existing file at the output path is replaced.
#[test]
fn cli_build_overwrites_output() {
    let dir = TestDir::new("overwrite");
    let src = exit_status_wat(&dir);
    let exe = dir.join("prog");
    fs::write(&exe, "#!/bin/sh\necho stale\nexit 9\n").expect("write stale file");
    build_executable(&src, &exe, BoundsChecks::Guard, &[]);
    check_exit_status_program(&exe, "rebuilt over a stale file");
}

/// argv[0] reaches the guest exactly as the executable was invoked.
#[test]
fn cli_argv0_passed_through() {
    let dir = TestDir::new("argv0");
    let c = copy_source("c/cli/argv0.c", &dir.join("argv0.c"));
    let wasm = dir.join("argv0.wasm");
    compile_c_wasm(&c, &wasm, &[]);
    let bin = dir.subdir("bin");
    build_executable(&wasm, &bin.join("argv0-prog"), BoundsChecks::Guard, &[]);
    let mut opts = RunOpts::args(["x"]);
    opts.cwd = Some(bin);
    let out = run(Path::new("./argv0-prog"), &opts);
    check_wasm_status(&out, Status::Code(0), "argv[0]");
    assert_same_stdout(b"[./argv0-prog] 2\n", &out.stdout, "argv[0]");
}

/// `.wat` input may use the folded legacy `try` of the spec's text format
/// (`(try (do ...) (catch $t ...))`, `(delegate l)`), also as the operand
/// of a folded instruction and as the condition of a folded `if`.
#[test]
fn cli_wat_folded_legacy_try() {
    let dir = TestDir::new("folded-try");
    let src = dir.join("folded_try.wat");
    fs::write(
        &src,
        r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (tag $e (param i32))
  ;; v + 1 (caught through a delegate) + 10 (the if's condition is 0)
  (func $folded (param i32) (result i32)
    (i32.add
      (try $outer (result i32)
        (do (try (do (throw $e (local.get 0))) (delegate $outer)) (i32.const 0))
        (catch $e (i32.const 1) (i32.add))
        (catch_all (i32.const -1)))
      (if (result i32) (try (result i32) (do (i32.const 0)) (catch_all (i32.const 1)))
        (then (i32.const 100))
        (else (i32.const 10)))))
  (func (export "_start") (call $exit (call $folded (i32.const 41)))))
"#,
    )
    .expect("write wat");
    for mode in BoundsChecks::ALL {
        let exe = dir.join(format!("prog-{mode}"));
        build_executable(&src, &exe, mode, &[]);
        let out = run(&exe, &RunOpts::default());
        check_wasm_status(&out, Status::Code(52), &format!("folded try ({mode})"));
    }
}
