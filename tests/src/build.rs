//! Building what the tests run: C with clang (natively and to
//! `wasm32-wasi`) and executables with `wasmc build` in a [`BoundsChecks`]
//! mode, optionally with a differently compiled runtime
//! (`WASMC_RUNTIME_CFLAGS`). In reference mode "building" writes a Node.js
//! wrapper instead (see the crate docs).

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{assert_no_panic, reference_mode, run_command, tests_dir, wasmc_bin};

/// The two bounds-checking strategies of `wasmc build --bounds-checks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundsChecks {
    Guard,
    Explicit,
}

impl BoundsChecks {
    pub const ALL: [BoundsChecks; 2] = [BoundsChecks::Guard, BoundsChecks::Explicit];

    pub fn as_str(self) -> &'static str {
        match self {
            BoundsChecks::Guard => "guard",
            BoundsChecks::Explicit => "explicit",
        }
    }
}

impl fmt::Display for BoundsChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn clang() -> OsString {
    std::env::var_os("WASMC_TEST_CLANG").unwrap_or_else(|| "clang".into())
}

fn wasi_sysroot() -> OsString {
    std::env::var_os("WASI_SYSROOT").unwrap_or_else(|| "/usr".into())
}

fn run_clang(args: Vec<OsString>, what: &str) {
    let mut cmd = Command::new(clang());
    cmd.args(&args);
    let out = run_command(cmd, b"");
    assert!(
        out.status.success(),
        "clang failed compiling {what} (run scripts/setup.sh to install the toolchain):\n{out:?}"
    );
}

/// `clang -O2 -w SRC -o OUT -lm` (plus `extra` flags).
pub fn compile_c_native(src: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<OsString> = vec![
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("-lm".into());
    run_clang(args, &format!("{} natively", src.display()));
}

/// `clang --target=wasm32-wasi --sysroot=$WASI_SYSROOT -O2 -w SRC -o OUT -lm`
/// (plus `extra` flags, e.g. wasi-libc emulation libraries).
pub fn compile_c_wasm(src: &Path, out: &Path, extra: &[&str]) {
    let mut sysroot = OsString::from("--sysroot=");
    sysroot.push(wasi_sysroot());
    let mut args: Vec<OsString> = vec![
        "--target=wasm32-wasi".into(),
        sysroot,
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("-lm".into());
    run_clang(args, &format!("{} to wasm32-wasi", src.display()));
}

/// Whether `flags` choose the CPU (`--cpu`, `--cpu-features`).
pub fn names_cpu(flags: &[&str]) -> bool {
    flags.iter().any(|f| f.starts_with("--cpu"))
}

/// `wasmc build INPUT -o OUTPUT --bounds-checks MODE [extra...]`, asserting
/// success (exit 0, no panic, output file exists). In reference mode writes a
/// Node.js wrapper script instead (see the crate docs).
///
/// On x86-64 the default CPU
/// is multi-versioned (`baseline+x86-64-v3`): guard-mode builds keep it, so
/// they run the x86-64-v3 copies of hot functions on machines that have
/// it; explicit-mode builds get `--cpu baseline` unless `extra` names a CPU,
/// so the single baseline code runs in every test too.
pub fn build_executable(input: &Path, output: &Path, mode: BoundsChecks, extra: &[&str]) {
    build_executable_with(input, output, mode, extra, None);
}

/// Runtime C flags that make the runtime use its POSIX fallbacks on Linux too
/// (poll, accept + fcntl, ftruncate, /dev/urandom, no openat2 or O_PATH):
/// the code paths macOS runs (wasi.c, "Portability").
/// `-Werror`: a fallback nobody calls on Linux must not rot unnoticed.
pub const PORTABLE_RUNTIME_CFLAGS: &str = "-DWASMC_PORTABLE=1 -Werror";

/// [`build_executable`], with the runtime compiled with `runtime_cflags`
/// (`WASMC_RUNTIME_CFLAGS`) when given.
pub fn build_executable_with(
    input: &Path,
    output: &Path,
    mode: BoundsChecks,
    extra: &[&str],
    runtime_cflags: Option<&str>,
) {
    if reference_mode() {
        build_reference_wrapper(input, output);
        return;
    }
    let mut args: Vec<OsString> = vec![
        "build".into(),
        input.into(),
        "-o".into(),
        output.into(),
        "--bounds-checks".into(),
        mode.as_str().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    if mode == BoundsChecks::Explicit && !names_cpu(extra) {
        args.extend(["--cpu".into(), "baseline".into()]);
    }
    let mut cmd = Command::new(wasmc_bin());
    cmd.args(&args);
    if let Some(flags) = runtime_cflags {
        cmd.env("WASMC_RUNTIME_CFLAGS", flags);
    }
    let out = run_command(cmd, b"");
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "wasmc build failed ({mode} mode):\n{out:?}"
    );
    assert!(
        output.is_file(),
        "wasmc build exited 0 but did not create {}:\n{out:?}",
        output.display()
    );
}

fn build_reference_wrapper(input: &Path, output: &Path) {
    let bytes = fs::read(input).unwrap_or_else(|e| panic!("read {}: {e}", input.display()));
    let wasm = wat::parse_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", input.display()))
        .into_owned();
    let mut module = output.as_os_str().to_os_string();
    module.push(".reference.wasm");
    let module = PathBuf::from(module);
    fs::write(&module, wasm).expect("write reference module");
    let runner = tests_dir().join("tools/wasi-run.mjs");
    let script = format!(
        "#!/bin/sh\nexec node --no-warnings '{}' '{}' \"$0\" \"$@\"\n",
        runner.display(),
        module.display()
    );
    fs::write(output, script).expect("write wrapper");
    fs::set_permissions(output, fs::Permissions::from_mode(0o755)).expect("chmod wrapper");
}

/// An embedding host, built as `wasmc.h` documents: the module `app` (a
/// `.wat` file) compiled with `wasmc build --emit obj --module-symbol
/// app_module` in `bounds` mode, the runtime library from `wasmc runtime`,
/// and the C host `host_c` linked against both with `cc`, all in `dir`.
/// `cflags` (e.g. sanitizers) go to the runtime (`WASMC_RUNTIME_CFLAGS`) and
/// the host alike; "" for none.
pub fn build_embed_host(
    dir: &Path,
    app: &Path,
    host_c: &Path,
    bounds: BoundsChecks,
    cflags: &str,
) -> PathBuf {
    let obj = dir.join(format!("app-{bounds}.o"));
    let mut cmd = Command::new(wasmc_bin());
    cmd.arg("build")
        .arg(app)
        .args(["--emit", "obj", "--module-symbol", "app_module"])
        .args(["--bounds-checks", bounds.as_str(), "-o"])
        .arg(&obj);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "{out:?}");
    let rt = dir.join("rt");
    let mut cmd = Command::new(wasmc_bin());
    cmd.arg("runtime")
        .arg("--out-dir")
        .arg(&rt)
        .env("WASMC_RUNTIME_CFLAGS", cflags);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "{out:?}");
    let host = dir.join(format!("host-{bounds}"));
    let cc = Command::new("cc")
        .args(cflags.split_whitespace())
        .arg("-I")
        .arg(rt.join("include"))
        .arg(host_c)
        .arg(&obj)
        .arg(rt.join("libwasmc_rt.a"))
        .args(["-lm", "-pthread", "-o"])
        .arg(&host)
        .output()
        .expect("run cc");
    assert!(
        cc.status.success(),
        "link failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    host
}
