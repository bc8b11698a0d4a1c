//! Relaxed SIMD is deterministic: wasmc gives every relaxed operator one
//! semantics (compiler/src/translate/relaxed_simd.rs), so the module
//! `tests/wat/relaxed_simd.wat` (inputs where CPUs differ: NaN truncation,
//! fused vs unfused madd, mixed laneselect masks, min/max of NaN and zeros,
//! swizzle indices >= 16, q15mulr overflow, dot products with the top bit
//! set) prints the same thing whatever `--cpu` it was built for and on every
//! target. `wat_programs.rs` checks that output against the spec-derived
//! expectation; here every other build is compared with the baseline x86-64
//! build.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasmc_tests::*;

use crate::assert_same_run;
use crate::cpu_features::RISCV_V_CPU;

/// `tests/wat/relaxed_simd.wat` with the prelude spliced in, written to `dir`.
fn relaxed_wat(dir: &TestDir) -> PathBuf {
    let p = dir.join("relaxed_simd.wat");
    fs::write(&p, expand_wat("relaxed_simd")).expect("write relaxed_simd.wat");
    p
}

/// The x86-64 baseline build (SSE2) run natively: the reference output.
fn baseline_run(dir: &TestDir, wat: &Path, mode: BoundsChecks) -> Output {
    let exe = dir.subdir(&format!("host-{mode}")).join("prog");
    build_executable(wat, &exe, mode, &[]);
    let out = run(&exe, &RunOpts::default());
    assert_eq!(out.code(), Some(0), "baseline build ({mode}):\n{out:?}");
    out
}

/// x86-64: the baseline build (also on qemu's SSE2-only `qemu64`), `--cpu
/// native`, and builds for AVX2/FMA (`x86-64-v3`, `+avx2,+fma`, run on
/// qemu's `max` CPU so the test does not depend on this machine) all print
/// the same.
#[cfg(target_arch = "x86_64")]
#[test]
fn relaxed_simd_same_on_every_x86_64_cpu() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("relaxed-x86-64");
    let wat = relaxed_wat(&dir);
    for mode in BoundsChecks::ALL {
        let base = baseline_run(&dir, &wat, mode);
        let mut cmd = Command::new("qemu-x86_64");
        cmd.args(["-cpu", "qemu64"])
            .arg(dir.subdir(&format!("host-{mode}")).join("prog"));
        assert_same_run(
            &base,
            &run_command(cmd, b""),
            &format!("baseline on qemu64 ({mode})"),
        );

        let exe = dir.subdir(&format!("native-{mode}")).join("prog");
        build_executable(&wat, &exe, mode, &["--cpu", "native"]);
        assert_same_run(
            &base,
            &run(&exe, &RunOpts::default()),
            &format!("--cpu native ({mode})"),
        );

        for (label, flags) in [
            ("v3", &["--cpu", "x86-64-v3"][..]),
            ("fma", &["--cpu-features", "+avx2,+fma"][..]),
        ] {
            let exe = dir.subdir(&format!("{label}-{mode}")).join("prog");
            build_executable(&wat, &exe, mode, flags);
            let mut cmd = Command::new("qemu-x86_64");
            cmd.args(["-cpu", "max"]).arg(&exe);
            assert_same_run(
                &base,
                &run_command(cmd, b""),
                &format!("{flags:?} on qemu max ({mode})"),
            );
        }
    }
}

/// aarch64 (the Armv8.0 baseline on a Cortex-A53, and with dotprod, which
/// turns the dot-add into `sdot`), riscv64 with V and s390x print what the
/// x86-64 baseline build prints.
#[test]
fn relaxed_simd_same_on_every_target() {
    let dir = TestDir::new("relaxed-targets");
    let wat = relaxed_wat(&dir);
    let runs: [(&CrossTarget, &[&str], &[&str]); 4] = [
        (&AARCH64_LINUX, &[], &["-cpu", "cortex-a53"]),
        (&AARCH64_LINUX, &["--cpu-features", "+dotprod"], &[]),
        (
            &RISCV64_LINUX,
            &["--cpu-features", "+v"],
            &["-cpu", RISCV_V_CPU],
        ),
        (&S390X_LINUX, &[], &[]),
    ];
    for mode in BoundsChecks::ALL {
        let base = baseline_run(&dir, &wat, mode);
        for (i, (t, flags, qemu)) in runs.iter().enumerate() {
            t.require();
            let exe = dir.subdir(&format!("{}-{i}-{mode}", t.arch)).join("prog");
            let mut f = vec!["--target", t.triple];
            f.extend_from_slice(flags);
            build_executable(&wat, &exe, mode, &f);
            assert_same_run(
                &base,
                &t.run(&exe, qemu, &RunOpts::default()),
                &format!("{} {flags:?} ({mode})", t.triple),
            );
        }
    }
}

/// The relaxed SIMD spec scripts of wasm-3.0.
fn is_relaxed_script(name: &str) -> bool {
    name.contains("relaxed")
}

/// Runs the relaxed SIMD spec scripts with `flags`: all must pass.
fn relaxed_spec(what: &str, flags: &[&str]) {
    let exp = SpecExpectations::load();
    let files = spec_files("wasm-3.0", &exp, is_relaxed_script, 7);
    let summary = run_wast(flags, &files);
    assert!(
        summary.failures.is_empty() && summary.passed >= 77,
        "{what}: {} passed, failures:\n{}",
        summary.passed,
        summary.failures.join("\n")
    );
}

/// The relaxed SIMD spec scripts pass with every x86-64 CPU level (AVX2/FMA
/// builds run on qemu's `max` CPU) and on the other Linux targets.
#[test]
fn relaxed_simd_spec_on_every_cpu_and_target() {
    #[cfg(target_arch = "x86_64")]
    {
        require_program("qemu-x86_64", "qemu-user");
        relaxed_spec("--cpu native", &["--cpu", "native"]);
        for mode in BoundsChecks::ALL {
            relaxed_spec(
                &format!("x86-64-v3 on qemu max ({mode})"),
                &[
                    "--cpu",
                    "x86-64-v3",
                    "--bounds-checks",
                    mode.as_str(),
                    "--runner",
                    "qemu-x86_64 -cpu max",
                ],
            );
        }
    }
    let runs: [(&CrossTarget, &[&str], &[&str]); 4] = [
        (&AARCH64_LINUX, &[], &["-cpu", "cortex-a53"]),
        (&AARCH64_LINUX, &["--cpu-features", "+dotprod"], &[]),
        (
            &RISCV64_LINUX,
            &["--cpu-features", "+v"],
            &["-cpu", RISCV_V_CPU],
        ),
        (&S390X_LINUX, &[], &[]),
    ];
    for (t, extra, qemu) in runs {
        t.require();
        let runner = t.runner(qemu);
        for mode in BoundsChecks::ALL {
            let mut flags = vec![
                "--target",
                t.triple,
                "--bounds-checks",
                mode.as_str(),
                "--runner",
                &runner,
            ];
            flags.extend_from_slice(extra);
            relaxed_spec(&format!("{} {extra:?} ({mode})", t.triple), &flags);
        }
    }
}
