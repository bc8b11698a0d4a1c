//! `wasmc build --link --target`: host functions compiled with the
//! target's C compiler. On aarch64 (under qemu) `wat/link/host_types.wat`
//! with `c/link/host_types.c` and `c/link/host_control.c` must run exactly
//! as on x86-64 in each of its modes (every value type, a trapping host
//! function, an exiting one). For macOS (linked with Zig, not run) the
//! Mach-O linker set is checked: every registration is in
//! `__DATA,wasmc_hostfn` and its signature in `__TEXT,wasmc_hostsig`.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasmc_tests::*;

use crate::assert_same_run;

/// `host_types.wat` built with --link for `triple` (None: the host) in `dir`.
fn build_linked(dir: &Path, triple: Option<&str>) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let wat = copy_source("wat/link/host_types.wat", &dir.join("app.wat"));
    let types = copy_source("c/link/host_types.c", &dir.join("host_types.c"));
    let control = copy_source("c/link/host_control.c", &dir.join("host_control.c"));
    let exe = dir.join("app");
    let mut cmd = Command::new(wasmc_bin());
    cmd.arg("build")
        .arg(&wat)
        .arg("--link")
        .arg(&types)
        .arg("--link")
        .arg(&control)
        .arg("-o")
        .arg(&exe);
    if let Some(t) = triple {
        cmd.args(["--target", t]);
    }
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "{out:?}");
    exe
}

#[test]
fn link_aarch64() {
    let t = &AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cross-link");
    let host_exe = build_linked(&dir.join("host"), None);
    let cross_exe = build_linked(&dir.join(t.arch), Some(t.triple));
    for mode in ["0", "1", "2"] {
        let mut cmd = Command::new(&host_exe);
        cmd.env("MODE", mode);
        let host = run_command(cmd, b"");
        let mut cmd = t.command(&cross_exe, &[], &RunOpts::default());
        cmd.env("MODE", mode);
        let cross = run_command(cmd, b"");
        if mode == "0" {
            assert!(
                host.stdout_str()
                    .ends_with("memory (65536 bytes): hello from linear memory\n"),
                "{host:?}"
            );
        }
        assert_same_run(
            &host,
            &cross,
            &format!("--link program, mode {mode}, on {}", t.triple),
        );
    }
}

#[test]
fn link_darwin_linker_set() {
    use object::{Object, ObjectSection};
    require_program(
        "zig",
        "python3 -m pip install ziglang==0.17.0, then put its `zig` on PATH; \
         scripts/setup.sh does both",
    );
    let dir = TestDir::new("darwin-link-set");
    let exe = build_linked(dir.path(), Some("aarch64-apple-darwin"));
    let data = std::fs::read(&exe).expect("read executable");
    let file = object::File::parse(&*data).expect("Mach-O");
    assert_eq!(file.format(), object::BinaryFormat::MachO);
    let section = |seg: &str, name: &str| {
        file.sections()
            .find(|s| s.name() == Ok(name) && s.segment_name().ok().flatten() == Some(seg))
            .unwrap_or_else(|| panic!("no section {seg},{name}"))
    };
    // 14 WASMC_HOST_FUNCs in the two files: 14 records of 3 pointers (the
    // linker may leave zeroed gaps between objects), 14 signatures.
    let regs = section("__DATA", "wasmc_hostfn");
    assert!(regs.size() >= 14 * 24, "{} bytes of records", regs.size());
    let sigs = section("__TEXT", "wasmc_hostsig");
    let bytes = sigs.data().expect("signature bytes");
    let n = bytes
        .windows(16)
        .filter(|w| *w == b"wasmc-host-func\0")
        .count();
    assert_eq!(n, 14, "signatures in __TEXT,wasmc_hostsig");
}
