//! CPU baselines and features: code built for the portable baseline runs on
//! qemu CPU models without optional extensions (x86-64 `qemu64`: SSE2 only;
//! aarch64 `cortex-a53`: no LSE/dotprod; s390x without z15's facilities), and
//! code built with --cpu/--cpu-features for more exits 1 with a clear message
//! on such CPUs instead of dying by SIGILL. The SIMD module they run is
//! `tests/wat/cross/simd.wat`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasmc_tests::*;

use crate::assert_same_run;

/// A qemu riscv64 CPU with the V extension (VLEN 128).
pub(crate) const RISCV_V_CPU: &str = "rv64,v=true,vlen=128,elen=64,vext_spec=v1.0";
/// A qemu s390x CPU at the z14 level (Cranelift's baseline): without z15's
/// miscellaneous-instruction-extensions 3 and vector-enhancements 2.
const S390X_Z14_CPU: &str = "max,minste3=off,vxeh2=off";

/// Copies the SIMD module (`tests/wat/cross/simd.wat`: SIMD and bit
/// operations whose baseline lowering avoids optional extensions, printing
/// the results as hex) into `dir`.
fn simd_wat(dir: &TestDir) -> PathBuf {
    copy_source("wat/cross/simd.wat", &dir.join("simd.wat"))
}

/// Corpus programs run on the feature-less CPU models (bit tricks, libm
/// rounding, floats, 128-bit arithmetic).
const BASELINE_PROGRAMS: &[&str] = &["bitops", "libm_exact", "float_edge", "int128"];

/// Runs the x86-64 (host) build of `input` (with `flags`) natively.
fn host_run(
    dir: &TestDir,
    input: &Path,
    label: &str,
    mode: BoundsChecks,
    opts: &RunOpts<'_>,
) -> Output {
    let exe = dir.subdir(&format!("host-{label}-{mode}")).join("prog");
    build_executable(input, &exe, mode, &[]);
    run(&exe, opts)
}

/// Message of an executable refusing to run for lack of a CPU feature.
fn assert_cpu_refused(out: &Output, feature: &str, what: &str) {
    let stderr = out.stderr_str();
    assert!(
        out.signal().is_none() && out.code() == Some(1),
        "{what}: expected exit 1 (CPU feature {feature} missing), got {}:\n{out:?}",
        out.status_str()
    );
    let want = format!(
        "wasmc: this program needs CPU feature {feature}, which this machine lacks (it was built with --cpu/--cpu-features)"
    );
    assert!(
        stderr.starts_with(&want),
        "{what}: expected `{want}` on stderr:\n{out:?}"
    );
    assert!(out.stdout.is_empty(), "{what}: the program ran:\n{out:?}");
}

/// x86-64's baseline is SSE2 only: code built without --cpu runs on qemu's
/// `qemu64` model (no SSSE3/SSE4/POPCNT/LZCNT/AVX), SIMD shuffles included.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_x86_64_baseline_runs_on_qemu64() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("cpu-x86-64");
    let mut inputs: Vec<(String, PathBuf)> = vec![("simd".into(), simd_wat(&dir))];
    for p in BASELINE_PROGRAMS {
        let wasm = dir.join(format!("{p}.wasm"));
        compile_c_wasm(&tests_dir().join(format!("c/{p}.c")), &wasm, &[]);
        inputs.push((p.to_string(), wasm));
    }
    for (name, input) in &inputs {
        for mode in BoundsChecks::ALL {
            let what = format!("{name} on qemu64 ({mode})");
            let opts = RunOpts::default();
            let exe = dir.subdir(&format!("{name}-{mode}")).join("prog");
            build_executable(input, &exe, mode, &[]);
            let native = run(&exe, &opts);
            let mut cmd = Command::new("qemu-x86_64");
            cmd.args(["-cpu", "qemu64"]).arg(&exe);
            let emulated = run_command(cmd, b"");
            assert_eq!(native.code(), Some(0), "{what}: natively:\n{native:?}");
            assert_same_run(&native, &emulated, &what);
        }
    }
}

/// A program built for AVX2 (or x86-64-v3) does not die by SIGILL on a CPU
/// without: it says which feature is missing and exits 1. So does
/// instantiating such a module through the embedding API (`wasmc wast`).
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_x86_64_features_refused_on_qemu64() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("cpu-x86-64-refused");
    let wat = simd_wat(&dir);
    for (flags, feature) in [
        (&["--cpu-features", "+avx2"][..], "avx2"),
        (&["--cpu", "x86-64-v3"][..], "ssse3"),
        (&["--cpu-features", "+popcnt"][..], "popcnt"),
    ] {
        let what = format!("{flags:?} on qemu64");
        let exe = dir.join(format!("prog-{feature}"));
        build_executable(&wat, &exe, BoundsChecks::Guard, flags);
        let mut cmd = Command::new("qemu-x86_64");
        cmd.args(["-cpu", "qemu64"]).arg(&exe);
        assert_cpu_refused(&run_command(cmd, b""), feature, &what);
    }
    let script = copy_source("wat/cross/cpu_refused.wast", &dir.join("cpu.wast"));
    let out = wasmc([
        OsString::from("wast"),
        "--cpu-features".into(),
        "+avx2".into(),
        "--runner".into(),
        "qemu-x86_64 -cpu qemu64".into(),
        script.into(),
    ]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stdout_str().contains(
            "this module needs CPU feature avx2, which this machine lacks (it was built with --cpu/--cpu-features)"
        ),
        "wasmc_linker_instantiate must refuse the module:\n{out:?}"
    );
}

/// Runs the SIMD module and a few corpus programs, built for `t` with
/// `flags`, on the qemu CPU `cpu`, and compares with the host build.
fn baseline_on(t: &CrossTarget, cpu: &str, flags: &[&str]) {
    t.require();
    let dir = TestDir::new(&format!("cpu-{}", t.arch));
    let mut inputs: Vec<(String, PathBuf)> = vec![("simd".into(), simd_wat(&dir))];
    for p in BASELINE_PROGRAMS {
        let wasm = dir.join(format!("{p}.wasm"));
        compile_c_wasm(&tests_dir().join(format!("c/{p}.c")), &wasm, &[]);
        inputs.push((p.to_string(), wasm));
    }
    let opts = RunOpts::default();
    for (name, input) in &inputs {
        for mode in BoundsChecks::ALL {
            let what = format!("{name} on {} -cpu {cpu} ({mode})", t.triple);
            let host = host_run(&dir, input, name, mode, &opts);
            let exe = dir.subdir(&format!("{name}-{mode}")).join("prog");
            let mut f = vec!["--target", t.triple];
            f.extend_from_slice(flags);
            build_executable(input, &exe, mode, &f);
            assert_same_run(&host, &t.run(&exe, &["-cpu", cpu], &opts), &what);
        }
    }
}

/// Armv8.0-A baseline: runs on a Cortex-A53 (no LSE atomics, no dotprod).
#[test]
fn cpu_aarch64_baseline_runs_on_cortex_a53() {
    baseline_on(&AARCH64_LINUX, "cortex-a53", &[]);
}

#[test]
fn cpu_aarch64_features_refused_on_cortex_a53() {
    let t = AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cpu-aarch64-refused");
    let wat = simd_wat(&dir);
    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for (features, missing) in [
        ("+lse,+dotprod", "lse"),
        ("+dotprod", "dotprod"),
        ("+i8mm", "i8mm"),
    ] {
        let exe = dir.join(format!("prog-{missing}"));
        build_executable(
            &wat,
            &exe,
            BoundsChecks::Guard,
            &["--target", t.triple, "--cpu-features", features],
        );
        let what = format!("aarch64 {features}");
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", "cortex-a53"], &RunOpts::default()),
            missing,
            &format!("{what} on cortex-a53"),
        );
        // qemu's default CPU has them all.
        assert_same_run(&host, &t.run(&exe, &[], &RunOpts::default()), &what);
    }
}

/// Multi-versioned code on aarch64 (`--cpu baseline+baseline:lse,dotprod`;
/// aarch64 has no CPU presets): on a Cortex-A53 the runtime picks variant 0
/// and refuses a forced variant 1; on qemu's default CPU (which has LSE and
/// dotprod) it picks variant 1; every run prints what the host build does.
#[test]
fn cpu_aarch64_variants_picked_by_cpu() {
    let t = AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cpu-aarch64-variants");
    let wat = simd_wat(&dir);
    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    let exe = dir.join("prog");
    build_executable(
        &wat,
        &exe,
        BoundsChecks::Guard,
        &[
            "--target",
            t.triple,
            "--cpu",
            "baseline+baseline:lse,dotprod",
        ],
    );
    let run_with = |cpu: &[&str], env: &[(&str, &str)]| {
        let mut cmd = t.command(&exe, cpu, &RunOpts::default());
        cmd.env_remove("WASMC_CPU_VARIANT")
            .env_remove("WASMC_CPU_VARIANT_VERBOSE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        run_command(cmd, b"")
    };
    let a53: &[&str] = &["-cpu", "cortex-a53"];
    for (cpu, variant) in [(a53, "0"), (&[][..], "1")] {
        let what = format!("aarch64 variants on {cpu:?}");
        assert_same_run(&host, &run_with(cpu, &[]), &what);
        let shown = run_with(cpu, &[("WASMC_CPU_VARIANT_VERBOSE", "1")]);
        assert!(
            shown
                .stderr_str()
                .starts_with(&format!("wasmc: CPU variant {variant} of 2 (")),
            "{what}: {shown:?}"
        );
        // Every variant the CPU has, forced.
        for v in ["0", variant] {
            let out = run_with(cpu, &[("WASMC_CPU_VARIANT", v)]);
            assert_same_run(&host, &out, &format!("{what}, variant {v} forced"));
        }
    }
    let out = run_with(a53, &[("WASMC_CPU_VARIANT", "1")]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str().starts_with(
            "wasmc: error: WASMC_CPU_VARIANT=1: that variant needs CPU feature lse, which this machine lacks"
        ),
        "{out:?}"
    );
}

/// riscv64gc has no vector unit: SIMD modules need `--cpu-features +v`
/// (a clear build error otherwise), and such programs refuse to run on a
/// CPU without V; with V they compute what x86-64 does. Multi-letter
/// extensions come from riscv_hwprobe, or count as missing.
#[test]
fn cpu_riscv64_vector() {
    let t = RISCV64_LINUX;
    t.require();
    let dir = TestDir::new("cpu-riscv64");
    let wat = simd_wat(&dir);
    let out = wasmc([
        OsString::from("build"),
        wat.clone().into(),
        "-o".into(),
        dir.join("nov").into(),
        "--target".into(),
        t.triple.into(),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("uses SIMD (v128), which needs the RISC-V vector extension")
            && out.stderr_str().contains("--cpu-features +v"),
        "{out:?}"
    );
    assert!(!dir.join("nov").exists());

    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for mode in BoundsChecks::ALL {
        let exe = dir.join(format!("prog-v-{mode}"));
        build_executable(
            &wat,
            &exe,
            mode,
            &["--target", t.triple, "--cpu-features", "+v"],
        );
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", "rv64,v=false"], &RunOpts::default()),
            "v",
            "riscv64 +v without V",
        );
        assert_same_run(
            &host,
            &t.run(&exe, &["-cpu", RISCV_V_CPU], &RunOpts::default()),
            &format!("riscv64 +v with V ({mode})"),
        );
    }

    let bt = copy_source("wat/cross/popcnt.wat", &dir.join("bits.wat"));
    let exe = dir.join("prog-zbb");
    build_executable(
        &bt,
        &exe,
        BoundsChecks::Guard,
        &["--target", t.triple, "--cpu-features", "+zbb"],
    );
    assert_cpu_refused(
        &t.run(&exe, &["-cpu", "rv64,zbb=false"], &RunOpts::default()),
        "zbb",
        "riscv64 +zbb without Zbb",
    );
}

/// s390x: the z14 baseline runs on a z14-level CPU (big-endian SIMD
/// included); z15 facilities are detected (STFLE) and refused when absent.
#[test]
fn cpu_s390x_baseline_and_features() {
    baseline_on(&S390X_LINUX, S390X_Z14_CPU, &[]);
    let t = S390X_LINUX;
    let dir = TestDir::new("cpu-s390x-refused");
    let wat = simd_wat(&dir);
    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for feature in ["mie3", "vxrs_ext2"] {
        let exe = dir.join(format!("prog-{feature}"));
        build_executable(
            &wat,
            &exe,
            BoundsChecks::Guard,
            &[
                "--target",
                t.triple,
                "--cpu-features",
                &format!("+{feature}"),
            ],
        );
        let what = format!("s390x +{feature}");
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", S390X_Z14_CPU], &RunOpts::default()),
            feature,
            &format!("{what} on z14"),
        );
        assert_same_run(
            &host,
            &t.run(&exe, &["-cpu", "max"], &RunOpts::default()),
            &what,
        );
    }
}
