//! WASI preview1 calls, one C program per group (`tests/c/wasi_*.c`),
//! compared with the same program compiled natively.
//!
//! Programs that use the file system take their root directory as argv[1]:
//! natively the host path of a fresh directory, in wasm `/sandbox`, a fresh
//! directory with the same layout granted with `WASMC_DIRS=HOST::/sandbox`.
//! Besides stdout, stderr and the exit status, the trees the two runs leave
//! behind must be equal. The wasm build runs in both bounds-check modes, and
//! path-heavy programs with both sandbox resolvers (openat2 and the
//! `WASMC_FORCE_NO_OPENAT2=1` fallback), and once more with the runtime's
//! POSIX fallbacks (`-DWASMC_PORTABLE`: what macOS runs, exercised here on
//! Linux). All runs get an empty environment
//! (plus what a case gives them). Where wasm must differ from native the
//! case lists a [`Difference`] with its reason.

use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::process::Command;
use wasmc_tests::*;

struct Case {
    name: &'static str,
    /// The program gets its root directory as argv[1].
    root: bool,
    /// Arguments after the root.
    args: fn() -> Vec<String>,
    stdin: &'static [u8],
    /// Lays out a root directory (called for each run, on a fresh one).
    prepare: fn(&Path),
    /// Environment of the native run; the wasm run gets each NAME=VALUE as
    /// `WASMC_ENV_NAME=VALUE` unless `build_flags` gives it at build time.
    env: &'static [(&'static str, &'static str)],
    /// Extra `wasmc build` flags.
    build_flags: &'static [&'static str],
    /// Variables set only for the wasm run (on top of the translated `env`).
    wasm_env: &'static [(&'static str, &'static str)],
    /// Also run with the fallback resolver.
    both_resolvers: bool,
    status: i32,
    diffs: &'static [Difference],
}

impl Case {
    const DEFAULT: Case = Case {
        name: "",
        root: true,
        args: Vec::new,
        stdin: b"",
        prepare: |_| {},
        env: &[],
        build_flags: &[],
        wasm_env: &[],
        both_resolvers: false,
        status: 0,
        diffs: &[],
    };
}

fn run_native(c: &Case, exe: &Path, root: &Path) -> Output {
    let mut cmd = Command::new(exe);
    cmd.env_clear().envs(c.env.iter().copied());
    if c.root {
        cmd.arg(root);
    }
    cmd.args((c.args)());
    cmd.current_dir(root.parent().expect("root has a parent"));
    run_command(cmd, c.stdin)
}

fn run_wasm(c: &Case, exe: &Path, root: &Path, fallback: bool) -> Output {
    let mut cmd = Command::new(exe);
    cmd.env_clear();
    for (k, v) in c.env {
        let given_at_build = c
            .build_flags
            .iter()
            .any(|f| f.strip_prefix(k).is_some_and(|rest| rest.starts_with('=')));
        if !given_at_build {
            cmd.env(format!("WASMC_ENV_{k}"), v);
        }
    }
    cmd.envs(c.wasm_env.iter().copied());
    if c.root {
        let mut dirs = OsString::from(root);
        dirs.push("::/sandbox");
        cmd.env("WASMC_DIRS", dirs).arg("/sandbox");
    }
    if fallback {
        cmd.env("WASMC_FORCE_NO_OPENAT2", "1");
    }
    cmd.args((c.args)());
    cmd.current_dir(root.parent().expect("root has a parent"));
    run_command(cmd, c.stdin)
}

fn fresh_root(dir: &TestDir, name: &str, prepare: fn(&Path)) -> std::path::PathBuf {
    let root = dir.join(name);
    fs::create_dir(&root).expect("mkdir root");
    prepare(&root);
    root
}

fn check(c: &Case) {
    let dir = TestDir::new(c.name);
    // A file next to the roots: natively reachable as ROOT/../outside-file.
    fs::write(dir.join("outside-file"), "outside").expect("write outside-file");
    let native_exe = build_wasi_c_native(c.name, &dir);
    let native_root = fresh_root(&dir, "native-root", c.prepare);
    let native = run_native(c, &native_exe, &native_root);
    let native_tree = tree_snapshot(&native_root);
    let mut runs = Vec::new();
    for mode in BoundsChecks::ALL {
        let exe = build_wasi_c(c.name, &dir, mode, c.build_flags);
        runs.push((mode.to_string(), exe.clone(), false));
        if c.both_resolvers {
            runs.push((format!("{mode}-fallback"), exe, true));
        }
    }
    // The runtime's POSIX fallbacks (what macOS runs), here on Linux.
    let portable = build_wasi_c_portable(c.name, &dir, c.build_flags);
    runs.push(("portable-runtime".to_string(), portable, false));
    for (label, exe, fallback) in runs {
        let what = format!("c/{}.c ({label})", c.name);
        let root = fresh_root(&dir, &format!("wasm-root-{label}"), c.prepare);
        let wasm = run_wasm(c, &exe, &root, fallback);
        assert_same_as_native(&native, &wasm, c.status, c.diffs, &what);
        assert_eq!(
            native_tree,
            tree_snapshot(&root),
            "{what}: the wasm run left a different tree behind than the native run"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.join("outside-file")).expect("outside-file"),
        "outside"
    );
}

fn with_fifo(root: &Path) {
    mkfifo(&root.join("fifo"));
}

#[test]
fn wasi_files() {
    check(&Case {
        name: "wasi_files",
        both_resolvers: true,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_dirs() {
    check(&Case {
        name: "wasi_dirs",
        both_resolvers: true,
        diffs: &[
            Difference {
                native: "symlink with an absolute target: OK",
                wasm: "symlink with an absolute target: ENOTCAPABLE",
                reason: "a guest may not create symlinks with absolute targets: they would point \
                         out of every sandbox",
            },
            Difference {
                native: "open ../outside-file: \"outside\"",
                wasm: "open ../outside-file: ENOTCAPABLE",
                reason: "natively ROOT/.. is the test directory; in wasm '..' above the \
                         preopened directory is refused",
            },
            Difference {
                native: "mkdir ../outside-dir: OK",
                wasm: "mkdir ../outside-dir: ENOTCAPABLE",
                reason: "creating a directory above the preopened one is refused in wasm",
            },
        ],
        ..Case::DEFAULT
    });
}

/// Error precedence of calls with two bad paths (a fuzzing finding).
#[test]
fn wasi_errorder() {
    check(&Case {
        name: "wasi_errorder",
        both_resolvers: true,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_fdops() {
    check(&Case {
        name: "wasi_fdops",
        prepare: with_fifo,
        both_resolvers: true,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_clocks() {
    check(&Case {
        name: "wasi_clocks",
        root: false,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_random() {
    check(&Case {
        name: "wasi_random",
        root: false,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_poll() {
    check(&Case {
        name: "wasi_poll",
        prepare: with_fifo,
        stdin: b"ping\n",
        ..Case::DEFAULT
    });
}

fn many_args() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "",
        "ünïcödé ✓ 日本語 🦀",
        "a=b=c",
        "--flag",
        "-",
        "tab\there",
        "new\nline",
        "quote\"s and \\backslash",
        "\u{7f}\u{1}control",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("L".repeat(100_000));
    v.push(
        (0..2000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect(),
    );
    v.extend((0..300).map(|i| format!("arg{i}")));
    v
}

#[test]
fn wasi_args() {
    // main returns argc, 314 (truncated to 8 bits: 58).
    assert_eq!(1 + many_args().len(), 314);
    check(&Case {
        name: "wasi_args",
        root: false,
        args: many_args,
        env: &[
            ("WT_EMPTY", ""),
            ("WT_EQ", "a=b=c"),
            ("WT_UNICODE", "ünïcödé ✓ 日本語"),
            ("WT_ÜNÏ", "unicode name"),
            ("WT_NL", "line1\nline2"),
            ("WT_BUILD", "build-time"),
            ("WT_BOTH", "run-time wins"),
            ("WT", "short name"),
        ],
        // WT_BUILD comes from the build; WT_BOTH from both, the run-time
        // WASMC_ENV_WT_BOTH replacing the build-time value.
        build_flags: &[
            "--env",
            "WT_BUILD=build-time",
            "--env",
            "WT_BOTH=build-time loses",
        ],
        wasm_env: &[("WASMC_ENV_WT_BOTH", "run-time wins")],
        status: 314 % 256,
        ..Case::DEFAULT
    });
}

#[test]
fn wasi_args_long_environment() {
    // Many and long variables, and none at all.
    fn env_args() -> Vec<String> {
        vec!["x".into()]
    }
    let dir = TestDir::new("wasi_args_env");
    let native = build_wasi_c_native("wasi_args", &dir);
    let wasm = build_wasi_c("wasi_args", &dir, BoundsChecks::Guard, &[]);
    let vars: Vec<(String, String)> = (0..200)
        .map(|i| {
            (
                format!("WT_VAR_{i:03}"),
                format!("value {i} {}", "v".repeat(i * 50)),
            )
        })
        .chain([("WT_LONG".to_string(), "Z".repeat(100_000))])
        .collect();
    for vars in [&vars[..], &[]] {
        let mut n = Command::new(&native);
        n.env_clear().args(env_args());
        let mut w = Command::new(&wasm);
        w.env_clear().args(env_args());
        for (k, v) in vars {
            n.env(k, v);
            w.env(format!("WASMC_ENV_{k}"), v);
        }
        let n = run_command(n, b"");
        let w = run_command(w, b"");
        assert_same_as_native(&n, &w, 2, &[], "c/wasi_args.c (environment)");
        assert!(
            n.stdout_str()
                .contains(&format!("environ: {} entries\n", vars.len())),
            "{n:?}"
        );
    }
}

#[test]
fn wasi_exit() {
    let dir = TestDir::new("wasi_exit");
    let native = build_wasi_c_native("wasi_exit", &dir);
    let wasm = build_wasi_c("wasi_exit", &dir, BoundsChecks::Guard, &[]);
    for how in ["return", "exit", "_Exit", "atexit", "nested"] {
        for code in [
            "0", "1", "42", "126", "127", "128", "255", "256", "257", "-1", "-255", "1000000",
        ] {
            let what = format!("c/wasi_exit.c {how} {code}");
            let n = run(&native, &RunOpts::args([how, code]));
            let w = run(&wasm, &RunOpts::args([how, code]));
            let expected = n
                .code()
                .unwrap_or_else(|| panic!("{what}: native died: {n:?}"));
            assert_same_as_native(&n, &w, expected, &[], &what);
        }
    }
}
