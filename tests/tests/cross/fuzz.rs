//! Differential fuzzing on aarch64: a small seeded run of the harness of
//! `tests/fuzz_diff.rs` (wasm-smith modules, wasmi's results as the
//! expectations) through `wasmc wast --target aarch64-unknown-linux-gnu`,
//! whose host runs under qemu, in both bounds-check modes.

use wasmc_fuzz::diff;
use wasmc_tests::*;

#[test]
fn fuzz_diff_aarch64() {
    AARCH64_LINUX.require();
    let wasmc = wasmc_bin();
    let configs: Vec<Vec<String>> = ["guard", "explicit"]
        .iter()
        .map(|m| {
            ["--target", AARCH64_LINUX.triple, "--bounds-checks", m]
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
        .collect();
    let c = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            diff::run(&diff::Options {
                wasmc,
                seed: 11,
                max_modules: 40,
                deadline: None,
                batch: 20,
                configs,
            })
            .expect("fuzz run")
        })
        .expect("spawn")
        .join()
        .expect("fuzz thread panicked");
    let report: Vec<String> = c
        .findings
        .iter()
        .map(|f| format!("{} [{}]:\n  {}", f.origin, f.config, f.details.join("\n  ")))
        .collect();
    assert!(
        report.is_empty(),
        "divergences on aarch64:\n{}",
        report.join("\n")
    );
    assert!(
        c.calls >= 40 && c.assertions >= 800,
        "too little compared: {c:?}"
    );
}
