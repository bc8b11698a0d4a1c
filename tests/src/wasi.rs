//! Helpers of the WASI test files (`tests/wasi_*.rs`; programs
//! `c/wasi_*.c`, modules in `wat/wasi/`): building one program for every
//! runtime variant (each mode, the portable runtime, native), the
//! comparison with the native run that allows written-down differences, and
//! snapshots of the directory trees the programs work on.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{
    assert_same_stdout, build_executable, build_executable_with, check_native_status,
    check_wasm_status, compile_c_native, compile_c_wasm, diff, expand_wat, run_command, tests_dir,
    BoundsChecks, Output, Status, TestDir, PORTABLE_RUNTIME_CFLAGS,
};

/// `tests/c/NAME.c`.
pub fn wasi_c_source(name: &str) -> PathBuf {
    tests_dir().join(format!("c/{name}.c"))
}

/// Compiles `tests/c/NAME.c` to wasm32-wasi once (`dir/NAME.wasm`).
pub fn compile_wasi_c(name: &str, dir: &TestDir) -> PathBuf {
    let wasm = dir.join(format!("{name}.wasm"));
    if !wasm.is_file() {
        compile_c_wasm(&wasi_c_source(name), &wasm, &[]);
    }
    wasm
}

/// Builds `tests/c/NAME.c` with wasmc in `mode` (plus `flags`, e.g.
/// `--dir`) as `dir/wasm-MODE/prog`: the same basename as the native build,
/// so `argv[0]` compares equal.
pub fn build_wasi_c(name: &str, dir: &TestDir, mode: BoundsChecks, flags: &[&str]) -> PathBuf {
    let wasm = compile_wasi_c(name, dir);
    let exe = dir.subdir(&format!("wasm-{mode}")).join("prog");
    build_executable(&wasm, &exe, mode, flags);
    exe
}

/// Builds `tests/c/NAME.c` in guard mode with the portable runtime
/// ([`PORTABLE_RUNTIME_CFLAGS`]) as `dir/wasm-portable/prog`.
pub fn build_wasi_c_portable(name: &str, dir: &TestDir, flags: &[&str]) -> PathBuf {
    let wasm = compile_wasi_c(name, dir);
    let exe = dir.subdir("wasm-portable").join("prog");
    build_executable_with(
        &wasm,
        &exe,
        BoundsChecks::Guard,
        flags,
        Some(PORTABLE_RUNTIME_CFLAGS),
    );
    exe
}

/// Compiles `tests/c/NAME.c` natively as `dir/native/prog`.
pub fn build_wasi_c_native(name: &str, dir: &TestDir) -> PathBuf {
    let exe = dir.subdir("native").join("prog");
    compile_c_native(&wasi_c_source(name), &exe, &[]);
    exe
}

/// Builds `tests/wat/wasi/NAME.wat` (with the prelude spliced in) with wasmc
/// in `mode` as `dir/NAME-MODE`.
pub fn build_wasi_wat(name: &str, dir: &TestDir, mode: BoundsChecks, flags: &[&str]) -> PathBuf {
    let src = dir.join(format!("{name}.wat"));
    fs::write(&src, expand_wat(&format!("wasi/{name}"))).expect("write expanded wat");
    let exe = dir.join(format!("{name}-{mode}"));
    build_executable(&src, &exe, mode, flags);
    exe
}

/// A place where the wasm output of a program legitimately differs from the
/// native one: the native stdout has the line `native` where the wasm stdout
/// has `wasm`, for the written-down `reason`.
#[derive(Clone, Copy, Debug)]
pub struct Difference {
    pub native: &'static str,
    pub wasm: &'static str,
    pub reason: &'static str,
}

/// Asserts that both runs exited with `status`, that the wasm stdout equals
/// the native one once each [`Difference`] is accounted for (each must really
/// occur: its `native` line in the native output, its `wasm` line in the
/// wasm output), and that the wasm stderr equals the native stderr.
pub fn assert_same_as_native(
    native: &Output,
    wasm: &Output,
    status: i32,
    diffs: &[Difference],
    what: &str,
) {
    check_native_status(native, Status::Code(status), what);
    check_wasm_status(wasm, Status::Code(status), what);
    let nat = native.stdout_str();
    let mut was = wasm.stdout_str();
    for d in diffs {
        assert!(
            d.reason.len() > 20,
            "{what}: a Difference needs a real reason: {d:?}"
        );
        assert!(
            nat.lines().any(|l| l == d.native),
            "{what}: expected difference {d:?}: the native output lacks {:?}\n--- native ---\n{nat}",
            d.native
        );
        assert!(
            was.lines().any(|l| l == d.wasm),
            "{what}: expected difference {d:?}: the wasm output lacks {:?}\n--- wasm ---\n{was}",
            d.wasm
        );
        was = was
            .lines()
            .map(|l| if l == d.wasm { d.native } else { l })
            .map(|l| format!("{l}\n"))
            .collect();
    }
    assert_same_stdout(nat.as_bytes(), was.as_bytes(), what);
    if native.stderr != wasm.stderr {
        panic!(
            "{what}: stderr differs\n{}",
            diff(&native.stderr, &wasm.stderr)
        );
    }
}

/// A description of everything under `root` (not following symlinks), one
/// sorted line per entry: relative path, kind, and for files the size and a
/// hash of the content, for symlinks the target. Modification times are
/// left out (the native and wasm runs happen at different times).
pub fn tree_snapshot(root: &Path) -> Vec<String> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(root.join(rel))
            .unwrap_or_else(|e| panic!("read_dir {}: {e}", root.join(rel).display()))
            .map(|e| e.expect("dir entry").file_name())
            .collect();
        entries.sort();
        for name in entries {
            let r = rel.join(&name);
            let p = root.join(&r);
            let md = fs::symlink_metadata(&p).expect("lstat");
            let ft = md.file_type();
            if ft.is_symlink() {
                let t = fs::read_link(&p).expect("readlink");
                out.push(format!("{} -> {}", r.display(), t.display()));
            } else if ft.is_dir() {
                out.push(format!("{}/", r.display()));
                walk(root, &r, out);
            } else if ft.is_file() {
                let data = fs::read(&p).expect("read");
                let h = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                });
                out.push(format!(
                    "{} ({} bytes, fnv {h:016x})",
                    r.display(),
                    data.len()
                ));
            } else {
                out.push(format!("{} (special)", r.display()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, Path::new(""), &mut out);
    out
}

/// Makes a FIFO at `path` with mkfifo(1) (the tests have no libc binding).
pub fn mkfifo(path: &Path) {
    let mut cmd = Command::new("mkfifo");
    cmd.arg(path);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "mkfifo {}: {out:?}", path.display());
}
