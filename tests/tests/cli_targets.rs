//! Target selection on the command line: listing, and clear errors for
//! unknown triples, CPUs and features (exit 1, no panic, no output file).

use wasmc_tests::{assert_no_panic, copy_source, wasmc, workspace_dir, TestDir};

fn hello() -> String {
    workspace_dir()
        .join("examples/hello.wat")
        .display()
        .to_string()
}

#[test]
fn cli_targets_lists_every_backend() {
    let out = wasmc(["targets"]);
    assert!(out.status.success(), "{out:?}");
    let text = out.stdout_str();
    for t in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "riscv64gc-unknown-linux-gnu",
        "s390x-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
    ] {
        assert!(text.contains(t), "missing {t} in:\n{text}");
    }
    assert!(text.contains("(host)"), "{text}");
}

#[test]
fn cli_target_errors_are_clear() {
    let dir = TestDir::new("targets");
    let out_file = dir.path().join("out");
    let o = out_file.display().to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--target", "mips-unknown-linux-gnu"],
            "unsupported target",
        ),
        (&["--target", "not a triple"], "target"),
        (&["--cpu", "pentium-9000"], "unknown CPU `pentium-9000`"),
        (
            &["--cpu-features", "+warp-drive"],
            "unknown CPU feature `warp-drive`",
        ),
        (
            &["--target", "aarch64-unknown-linux-gnu", "--cpu", "native"],
            "--cpu native describes this machine",
        ),
    ];
    for (flags, want) in cases {
        let mut args = vec!["build".to_string(), hello(), "-o".into(), o.clone()];
        args.extend(flags.iter().map(|s| s.to_string()));
        let out = wasmc(&args);
        assert_eq!(out.code(), Some(1), "{flags:?}: {out:?}");
        assert!(
            out.stderr_str().starts_with("error: "),
            "{flags:?}: {out:?}"
        );
        assert!(
            out.stderr_str().contains(want),
            "{flags:?}: expected `{want}` in {out:?}"
        );
        assert!(!out_file.exists(), "{flags:?}: output left behind");
    }
}

/// x86-64 presets and features: only meaningful on an x86-64 host.
#[cfg(target_arch = "x86_64")]
#[test]
fn cli_cpu_native_and_presets_build() {
    let dir = TestDir::new("targets-cpu");
    for flags in [
        &["--cpu", "native"][..],
        &["--cpu", "x86-64-v2"],
        &["--cpu-features", "+popcnt,-sse42"],
    ] {
        let o = dir.path().join("h").display().to_string();
        let mut args = vec![
            "build".to_string(),
            hello(),
            "-o".into(),
            o.clone(),
            "--emit".into(),
            "obj".into(),
        ];
        args.extend(flags.iter().map(|s| s.to_string()));
        let out = wasmc(&args);
        assert!(out.status.success(), "{flags:?}: {out:?}");
    }
}

/// `wasmc wast` must run what it builds: for macOS from Linux there is no
/// qemu-user, so it asks for a runner instead of failing every assertion.
#[cfg(target_os = "linux")]
#[test]
fn cli_wast_for_darwin_needs_a_runner() {
    let dir = TestDir::new("targets-wast");
    let wast = copy_source("wat/cli/one_assertion.wast", &dir.path().join("t.wast"));
    let out = wasmc([
        "wast",
        "--target",
        "aarch64-apple-darwin",
        wast.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("cannot run aarch64-apple-darwin programs on this machine")
            && out.stderr_str().contains("--runner"),
        "{out:?}"
    );
}

/// `wasmc runtime` with a bad target, compiler or archiver: a clear error,
/// exit 1, no panic, and the output directory as it was (not created, or
/// an earlier good runtime left intact).
#[test]
fn cli_runtime_errors_are_clear() {
    let dir = TestDir::new("runtime-errors");
    let fresh = dir.path().join("fresh");
    let good = dir.path().join("good");
    let out = wasmc(["runtime", "--out-dir", good.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{out:?}");
    let lib = std::fs::read(good.join("libwasmc_rt.a")).expect("library");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--target", "mips-unknown-linux-gnu"],
            "unsupported target `mips-unknown-linux-gnu`",
        ),
        (&["--ar="], "the archiver command (--ar / AR) is empty"),
        (
            &["--ar", "/nonexistent/ar"],
            "cannot run archiver `/nonexistent/ar`",
        ),
        (&["--ar", "false"], "archiver `false` failed"),
        (
            &["--cc", "/nonexistent/cc"],
            "cannot run C compiler `/nonexistent/cc`",
        ),
    ];
    for (flags, want) in cases {
        for out_dir in [&fresh, &good] {
            let mut args = vec![
                "runtime".to_string(),
                "--out-dir".into(),
                out_dir.display().to_string(),
            ];
            args.extend(flags.iter().map(|s| s.to_string()));
            let out = wasmc(&args);
            assert_no_panic(&out);
            assert_eq!(out.code(), Some(1), "{flags:?}: {out:?}");
            let err = out.stderr_str();
            assert!(
                err.starts_with("error: ") && err.contains(want),
                "{flags:?}: expected `{want}` in {out:?}"
            );
        }
        assert!(!fresh.exists(), "{flags:?}: output directory created");
        let mut left: Vec<String> = std::fs::read_dir(&good)
            .expect("read good")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["include", "libwasmc_rt.a"], "{flags:?}");
        assert_eq!(
            std::fs::read(good.join("libwasmc_rt.a")).expect("library"),
            lib,
            "{flags:?}: the earlier library changed"
        );
    }
}

/// Exception handling needs the runtime's unwinder, which covers all four
/// Linux architectures: a module that throws compiles for the tier-2 targets
/// too (it runs there in `tests/cross/exceptions.rs`).
#[test]
fn cli_exceptions_tier2_targets_build() {
    let dir = TestDir::new("targets-exn");
    let wat = copy_source("wat/cli/throw.wat", &dir.path().join("throw.wat"));
    let out_file = dir.path().join("out");
    for triple in ["riscv64gc-unknown-linux-gnu", "s390x-unknown-linux-gnu"] {
        let out = wasmc([
            "build".as_ref(),
            wat.as_os_str(),
            "--emit".as_ref(),
            "obj".as_ref(),
            "-o".as_ref(),
            out_file.as_os_str(),
            "--target".as_ref(),
            triple.as_ref(),
        ]);
        assert_eq!(out.code(), Some(0), "{triple}: {out:?}");
        assert!(out_file.exists(), "{triple}: no object written");
        std::fs::remove_file(&out_file).expect("remove object");
    }
}
