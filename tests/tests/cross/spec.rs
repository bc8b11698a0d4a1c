//! The wasm-2.0 spec suite through `wasmc wast --target` (the host program
//! runs under qemu): aarch64 in both modes, the whole suite; in guard mode
//! s390x (big-endian), riscv64 with the V extension, and the riscv64gc
//! baseline without the SIMD files (it has no vector unit). The wasm-3.0
//! suite on aarch64 (tier 1) in both modes, with the host's expectations.
//! The wasm-3.0 exception-handling files and the legacy exception scripts
//! run on every target in `exceptions.rs`.

use wasmc_tests::*;

use crate::cpu_features::RISCV_V_CPU;

/// Runs the wasm-2.0 suite (the files `keep` accepts) with `wasmc wast` plus
/// `flags`; every assertion must pass except the expected failures.
fn run_spec(what: &str, flags: &[&str], keep: fn(&str) -> bool, min_passed: u64) {
    run_spec_suite(what, "wasm-2.0", flags, keep, 80, min_passed);
}

fn spec_on(t: &CrossTarget, mode: BoundsChecks, extra: &[&str], qemu_args: &[&str]) {
    spec_files_on(t, mode, extra, qemu_args, |_| true, 50_000);
}

fn spec_files_on(
    t: &CrossTarget,
    mode: BoundsChecks,
    extra: &[&str],
    qemu_args: &[&str],
    keep: fn(&str) -> bool,
    min_passed: u64,
) {
    t.require();
    let runner = t.runner(qemu_args);
    let mut flags = vec![
        "--target",
        t.triple,
        "--bounds-checks",
        mode.as_str(),
        "--runner",
        &runner,
    ];
    flags.extend_from_slice(extra);
    run_spec(
        &format!("spec on {} ({mode})", t.triple),
        &flags,
        keep,
        min_passed,
    );
}

/// The wasm-3.0 suite on aarch64 in `mode`: what fails on the host
/// (`tests/spec-expectations.txt`, empty for wasm-3.0) and nothing else.
fn spec3_aarch64(mode: BoundsChecks) {
    let t = AARCH64_LINUX;
    t.require();
    let runner = t.runner(&[]);
    let flags = [
        "--target",
        t.triple,
        "--bounds-checks",
        mode.as_str(),
        "--runner",
        &runner,
    ];
    run_spec_suite(
        &format!("wasm-3.0 on {} ({mode})", t.triple),
        "wasm-3.0",
        &flags,
        |_| true,
        200,
        60_000,
    );
}

#[test]
fn spec_aarch64_wasm3_guard() {
    spec3_aarch64(BoundsChecks::Guard);
}

#[test]
fn spec_aarch64_wasm3_explicit() {
    spec3_aarch64(BoundsChecks::Explicit);
}

#[test]
fn spec_aarch64_guard() {
    spec_on(&AARCH64_LINUX, BoundsChecks::Guard, &[], &[]);
}

#[test]
fn spec_aarch64_explicit() {
    spec_on(&AARCH64_LINUX, BoundsChecks::Explicit, &[], &[]);
}

/// Big-endian: descriptors, constants, v128 lanes, WASI structs.
#[test]
fn spec_s390x_guard() {
    spec_on(&S390X_LINUX, BoundsChecks::Guard, &[], &[]);
}

/// The riscv64gc baseline (no vector unit): everything but SIMD.
#[test]
fn spec_riscv64_baseline_guard() {
    spec_files_on(
        &RISCV64_LINUX,
        BoundsChecks::Guard,
        &[],
        &[],
        |name| !name.starts_with("simd_"),
        25_000,
    );
}

/// riscv64 needs the V extension for wasm SIMD (the baseline refuses SIMD
/// modules, see `cpu_riscv64_vector`): run on a qemu CPU with V.
#[test]
fn spec_riscv64_v_guard() {
    spec_on(
        &RISCV64_LINUX,
        BoundsChecks::Guard,
        &["--cpu-features", "+v"],
        &["-cpu", RISCV_V_CPU],
    );
}
