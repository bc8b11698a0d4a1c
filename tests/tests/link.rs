//! `wasmc build --link`: host functions registered with `WASMC_HOST_FUNC`
//! for an executable's imports, and reactors used from a C host through the
//! header `--header` generates.
//!
//! The module `wat/link/host_types.wat` imports host functions of every
//! value type (i32, i64, f32, f64, v128, funcref, externref, multi-value
//! results) from `c/link/host_types.c`, and the control functions (mode,
//! trap, exit) from `c/link/host_control.c`; both are linked as C sources,
//! as objects and as one archive, and each build must print the same.
//! `wat/link/missing.wat` has imports nobody provides (all listed in one
//! error), `c/link/mistyped.c` defines two of them with wrong types
//! (reported at build time, and at start-up when linked by hand past the
//! build), and `--allow-unresolved` turns them into traps at call time.
//! `wat/link/reactor.wat` is a reactor (`_initialize`, no `_start`), built
//! with `--emit obj` and `--emit lib` and called from `c/link/reactor_host.c`.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasmc_tests::*;

/// What `host_types.wat` prints in mode 0 (every value type).
const EXPECTED_TYPES: &str = "\
i32 got -5
report 1: -15
i64 got 0x123456789
report 2: 1250999896320
f32 got 1.5
report 3: 6
f64 got -2.25
report 4: -1.125
v128 got 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f
report 5: 202182159
report 6: 66051
refs got funcref non-null, externref null
report 7: 77
externref is the token
externref is null
multi got 41 -7 0.25 10.5
report 8: 11.5
report 9: 0.5
report 10: -8
report 11: 42
memory (65536 bytes): hello from linear memory
";

/// `wasmc build` with `args`; asserts success.
fn build_ok(args: &[&std::ffi::OsStr]) {
    let out = wasmc(args);
    assert!(out.status.success(), "{out:?}");
}

/// `wasmc build` with `args`; asserts a clean failure (status 1, no panic)
/// that leaves no `output`, and returns stderr.
fn build_fails(args: &[&std::ffi::OsStr], output: &Path) -> String {
    let out = wasmc(args);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(!output.exists(), "partial output {} left", output.display());
    out.stderr_str()
}

/// The runtime's public headers (`wasmc runtime`) in `dir/rt`.
fn runtime_dir(dir: &TestDir) -> PathBuf {
    let rt = dir.join("rt");
    let out = wasmc(["runtime".as_ref(), "--out-dir".as_ref(), rt.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
    rt
}

/// Compile `src` to an object with cc and the runtime's headers.
fn cc_object(rt: &Path, src: &Path, obj: &Path) {
    let out = run_command(
        {
            let mut c = Command::new("cc");
            c.arg("-Wall")
                .arg("-Werror")
                .arg("-fPIC")
                .arg("-I")
                .arg(rt.join("include"))
                .arg("-c")
                .arg(src)
                .arg("-o")
                .arg(obj);
            c
        },
        b"",
    );
    assert!(out.status.success(), "cc {}: {out:?}", src.display());
}

/// Run `exe` with $MODE = `mode`.
fn run_mode(exe: &Path, mode: &str) -> Output {
    let mut cmd = Command::new(exe);
    cmd.env("MODE", mode);
    run_command(cmd, b"")
}

/// The three runs of host_types.wat: every type, a trapping host function
/// (status 134, the trap message), an exiting one (status 7); nothing runs
/// after either.
fn check_host_types(exe: &Path) {
    let out = run_mode(exe, "0");
    assert!(out.status.success(), "{out:?}");
    assert_same_stdout(EXPECTED_TYPES.as_bytes(), &out.stdout, "every value type");
    let out = run_mode(exe, "1");
    assert_eq!(out.code(), Some(134), "{out:?}");
    assert_eq!(out.stdout_str(), "boom: trapping\n");
    assert!(
        out.stderr_str()
            .starts_with("wasm trap: unreachable\nwasm backtrace:\n"),
        "{out:?}"
    );
    let out = run_mode(exe, "2");
    assert_eq!(out.code(), Some(7), "{out:?}");
    assert_eq!(out.stdout_str(), "quit: exiting with 7\n");
    assert_eq!(out.stderr_str(), "");
}

fn host_sources(dir: &TestDir) -> (PathBuf, PathBuf, PathBuf) {
    (
        copy_source("wat/link/host_types.wat", &dir.join("app.wat")),
        copy_source("c/link/host_types.c", &dir.join("host_types.c")),
        copy_source("c/link/host_control.c", &dir.join("host_control.c")),
    )
}

#[test]
fn link_c_sources() {
    let dir = TestDir::new("link-c");
    let (wat, types, control) = host_sources(&dir);
    let exe = dir.join("app");
    build_ok(&[
        "build".as_ref(),
        wat.as_os_str(),
        "--link".as_ref(),
        types.as_os_str(),
        "--link".as_ref(),
        control.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
    ]);
    check_host_types(&exe);
}

/// The module and the two host files compiled to objects by cc.
fn host_objects(dir: &TestDir) -> (PathBuf, PathBuf, PathBuf) {
    let (wat, types, control) = host_sources(dir);
    let rt = runtime_dir(dir);
    let (types_o, control_o) = (dir.join("host_types.o"), dir.join("host_control.o"));
    cc_object(&rt, &types, &types_o);
    cc_object(&rt, &control, &control_o);
    (wat, types_o, control_o)
}

#[test]
fn link_objects() {
    let dir = TestDir::new("link-o");
    let (wat, types_o, control_o) = host_objects(&dir);
    let exe = dir.join("app");
    build_ok(&[
        "build".as_ref(),
        wat.as_os_str(),
        "--link".as_ref(),
        types_o.as_os_str(),
        "--link".as_ref(),
        control_o.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
    ]);
    check_host_types(&exe);
}

/// An archive's members are linked although nothing refers to them by name.
#[test]
fn link_archive() {
    let dir = TestDir::new("link-a");
    let (wat, types_o, control_o) = host_objects(&dir);
    let lib = dir.join("libhost.a");
    let mut ar = Command::new("ar");
    ar.arg("rcs").arg(&lib).arg(&types_o).arg(&control_o);
    let out = run_command(ar, b"");
    assert!(out.status.success(), "ar: {out:?}");
    let exe = dir.join("app");
    build_ok(&[
        "build".as_ref(),
        wat.as_os_str(),
        "--link".as_ref(),
        lib.as_os_str(),
        "-o".as_ref(),
        exe.as_os_str(),
    ]);
    check_host_types(&exe);
}

/// Every import nobody provides is listed in one error, with the
/// WASMC_HOST_FUNC line that would provide it; a --link file that provides
/// some leaves only the others.
#[test]
fn link_missing_imports_listed() {
    let dir = TestDir::new("link-missing");
    let wat = copy_source("wat/link/missing.wat", &dir.join("app.wat"));
    let exe = dir.join("app");
    let err = build_fails(
        &[
            "build".as_ref(),
            wat.as_os_str(),
            "-o".as_ref(),
            exe.as_os_str(),
        ],
        &exe,
    );
    for want in [
        "3 imports are provided neither by WASI nor by a --link file:",
        "  env.a: function (i32) -> (), i.e. WASMC_HOST_FUNC(\"env\", \"a\", \"i\", \"\", fn)\n",
        "  env.b: function () -> (i64), i.e. WASMC_HOST_FUNC(\"env\", \"b\", \"\", \"I\", fn)\n",
        "  other.c: function (f64, v128) -> (externref), i.e. WASMC_HOST_FUNC(\"other\", \"c\", \"FV\", \"e\", fn)\n",
        "--allow-unresolved",
    ] {
        assert!(err.contains(want), "expected {want:?} in:\n{err}");
    }
    assert!(
        err.starts_with(&format!("error: {}: ", wat.display())),
        "{err}"
    );
    assert!(
        !err.contains("fd_write"),
        "WASI imports are not missing: {err}"
    );
}

/// Host functions of the wrong type: the build names each import with both
/// types; linked by hand (past the build's check) the program refuses to
/// start with the same facts.
#[test]
fn link_mistyped_imports() {
    let dir = TestDir::new("link-mistyped");
    let wat = copy_source("wat/link/missing.wat", &dir.join("app.wat"));
    let host = copy_source("c/link/mistyped.c", &dir.join("mistyped.c"));
    let exe = dir.join("app");
    let err = build_fails(
        &[
            "build".as_ref(),
            wat.as_os_str(),
            "--link".as_ref(),
            host.as_os_str(),
            "-o".as_ref(),
            exe.as_os_str(),
        ],
        &exe,
    );
    for want in [
        "host functions of the wrong type:",
        "import env.a: the module expects (i32) -> (), i.e. WASMC_HOST_FUNC(\"env\", \"a\", \"i\", \"\", fn); ",
        "mistyped.c defines (\"I\", \"\")",
        "import env.b: the module expects () -> (i64), i.e. WASMC_HOST_FUNC(\"env\", \"b\", \"\", \"I\", fn); ",
        "mistyped.c defines (\"\", \"\")",
    ] {
        assert!(err.contains(want), "expected {want:?} in:\n{err}");
    }
    // By hand: module object, runtime library (its main), the host object.
    let obj = dir.join("app.o");
    build_ok(&[
        "build".as_ref(),
        wat.as_os_str(),
        "--emit".as_ref(),
        "obj".as_ref(),
        "-o".as_ref(),
        obj.as_os_str(),
    ]);
    let rt = runtime_dir(&dir);
    let mut cc = Command::new("cc");
    cc.arg("-I")
        .arg(rt.join("include"))
        .arg(&host)
        .arg(&obj)
        .arg(rt.join("libwasmc_rt.a"))
        .args(["-lm", "-pthread", "-o"])
        .arg(&exe);
    let out = run_command(cc, b"");
    assert!(out.status.success(), "cc: {out:?}");
    let out = run(&exe, &RunOpts::default());
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert_eq!(
        out.stderr_str(),
        "wasmc: error: import env.a: the module expects type (\"i\") -> (\"\"), the host \
         function (WASMC_HOST_FUNC) has (\"I\") -> (\"\")\n"
    );
}

/// --allow-unresolved: the program starts (WASI works) and traps when it
/// calls an import nobody provides, naming it.
#[test]
fn link_allow_unresolved_traps_at_call() {
    let dir = TestDir::new("link-unresolved");
    let wat = copy_source("wat/link/missing.wat", &dir.join("app.wat"));
    let exe = dir.join("app");
    build_ok(&[
        "build".as_ref(),
        wat.as_os_str(),
        "--allow-unresolved".as_ref(),
        "-o".as_ref(),
        exe.as_os_str(),
    ]);
    let out = run(&exe, &RunOpts::default());
    assert_eq!(out.code(), Some(134), "{out:?}");
    assert_eq!(out.stdout_str(), "before\n");
    assert!(
        out.stderr_str().starts_with(
            "wasmc: call to unresolved import other.c (built with --allow-unresolved)\n\
             wasm trap: call to an unresolved import\nwasm backtrace:\n"
        ),
        "{out:?}"
    );
}

/// Bad --link use: an unknown kind of file, a missing file, a function
/// defined twice, --link or --allow-unresolved where nothing is linked
/// (--emit obj).
#[test]
fn link_bad_inputs() {
    let dir = TestDir::new("link-bad");
    let (wat, types, _) = host_sources(&dir);
    let exe = dir.join("app");
    let txt = dir.join("host.txt");
    std::fs::write(&txt, "not C").expect("write");
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            vec!["--link".as_ref(), txt.as_os_str()],
            "expected a C source (.c), an object (.o) or an archive (.a)",
        ),
        (
            vec!["--link".as_ref(), "nonexistent.c".as_ref()],
            "--link nonexistent.c: no such file",
        ),
        (
            vec![
                "--link".as_ref(),
                types.as_os_str(),
                "--link".as_ref(),
                types.as_os_str(),
            ],
            "is defined twice (WASMC_HOST_FUNC in ",
        ),
        (
            vec![
                "--emit".as_ref(),
                "obj".as_ref(),
                "--link".as_ref(),
                types.as_os_str(),
            ],
            "--link is for executables",
        ),
        (
            vec![
                "--emit".as_ref(),
                "obj".as_ref(),
                "--allow-unresolved".as_ref(),
            ],
            "--allow-unresolved is for executables",
        ),
    ];
    for (extra, want) in cases {
        let mut args: Vec<&std::ffi::OsStr> = vec!["build".as_ref(), wat.as_os_str()];
        args.extend(extra);
        args.extend(["-o".as_ref(), exe.as_os_str()]);
        let err = build_fails(&args, &exe);
        assert!(err.contains(want), "expected {want:?} in:\n{err}");
    }
}

/// The reactor through its generated header, from an object and from a
/// static library (`--emit lib`: module and runtime in one archive);
/// _initialize runs once at instantiation, and its trap fails it.
#[test]
fn reactor_header_c_host() {
    let dir = TestDir::new("reactor");
    let wat = copy_source("wat/link/reactor.wat", &dir.join("reactor.wat"));
    let host = copy_source("c/link/reactor_host.c", &dir.join("reactor_host.c"));
    let rt = runtime_dir(&dir);
    let header = dir.join("reactor.h");
    let expected = "inits = 1\nadd(2, 3) = 1005\ndiv-mod(-17, 5) = -3 -2\n\
                    div-mod(1, 0) trapped: integer divide by zero\nmix(1.5, 4.25) = 6.375\n\
                    reverse: 15 14 ... 0\nsame(&token) is &token: 1\n\
                    memory: reactor memory (65536 bytes)\ninits = 1\n";
    for (emit, out_name, libs) in [
        ("obj", "reactor.o", vec![rt.join("libwasmc_rt.a")]),
        ("lib", "libreactor.a", vec![]),
    ] {
        let _ = std::fs::remove_file(&header);
        let built = dir.join(out_name);
        build_ok(&[
            "build".as_ref(),
            wat.as_os_str(),
            "--emit".as_ref(),
            emit.as_ref(),
            "--header".as_ref(),
            header.as_os_str(),
            "--module-symbol".as_ref(),
            "reactor_module".as_ref(),
            "-o".as_ref(),
            built.as_os_str(),
        ]);
        let exe = dir.join(format!("host-{emit}"));
        let mut cc = Command::new("cc");
        cc.args(["-Wall", "-Wextra", "-Wconversion", "-Werror", "-I"])
            .arg(rt.join("include"))
            .arg("-I")
            .arg(dir.path())
            .arg(&host)
            .arg(&built)
            .args(&libs)
            .args(["-lm", "-pthread", "-o"])
            .arg(&exe);
        let out = run_command(cc, b"");
        assert!(out.status.success(), "cc ({emit}): {out:?}");
        let out = run(&exe, &RunOpts::default());
        assert!(out.status.success(), "{emit}: {out:?}");
        assert_eq!(out.stdout_str(), expected, "{emit}");
        // A trap in _initialize fails the instantiation, as a start
        // function's would.
        let out = run(&exe, &RunOpts::args(["fail"]));
        assert_eq!(out.code(), Some(1), "{emit}: {out:?}");
        assert_eq!(
            out.stdout_str(),
            "instantiate: trap in _initialize: unreachable (outcome 1)\n"
        );
        assert!(
            out.stderr_str()
                .starts_with("wasm trap: unreachable\nwasm backtrace:\n"),
            "{out:?}"
        );
    }
}

/// A reactor is no executable (it has no _start), and --header needs an
/// object or library; neither leaves an output.
#[test]
fn reactor_exe_refused() {
    let dir = TestDir::new("reactor-exe");
    let wat = copy_source("wat/link/reactor.wat", &dir.join("reactor.wat"));
    let exe = dir.join("reactor");
    let err = build_fails(
        &[
            "build".as_ref(),
            wat.as_os_str(),
            "-o".as_ref(),
            exe.as_os_str(),
        ],
        &exe,
    );
    assert!(
        err.contains("the module is a reactor (exports _initialize, no _start)"),
        "{err}"
    );
    let header = dir.join("r.h");
    let err = build_fails(
        &[
            "build".as_ref(),
            wat.as_os_str(),
            "--header".as_ref(),
            header.as_os_str(),
            "-o".as_ref(),
            exe.as_os_str(),
        ],
        &exe,
    );
    assert!(err.contains("--header is for --emit obj"), "{err}");
    assert!(!header.exists());
}
