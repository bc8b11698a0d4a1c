//! The WebAssembly 2.0 and 3.0 spec testsuites, run with `wasmc wast` in
//! both memory modes. The suite is read in place from `$WASMC_SPEC_DIR` (default
//! `../shared/spec` next to the workspace); the test fails if it is missing.
//! Exceptions live in `tests/spec-expectations.txt`, each with its reason.

use std::process::Command;
use wasmc_tests::{run_wast, spec_files, wasmc_bin, BoundsChecks, SpecExpectations};

/// Runs `suite` in `mode`: every assertion passes except the expected ones,
/// and every expectation still describes a failure (so a fix is noticed and
/// its entry removed).
fn run_suite(suite: &str, mode: BoundsChecks, min_files: usize, min_passed: u64) {
    let exp = SpecExpectations::load();
    let files = spec_files(suite, &exp, |_| true, min_files);
    let summary = run_wast(&["--bounds-checks", mode.as_str()], &files);
    let unexpected: Vec<&String> = summary
        .failures
        .iter()
        .filter(|f| !exp.is_expected(f))
        .collect();
    let fixed = exp.fixed(&files, &summary);
    eprintln!(
        "{suite} {mode}: {} passed, {} failed ({} expected)",
        summary.passed,
        summary.failures.len(),
        summary.failures.len() - unexpected.len()
    );
    assert!(
        summary.passed > min_passed,
        "suspiciously few assertions passed: {}",
        summary.passed
    );
    assert!(
        unexpected.is_empty(),
        "unexpected failures:\n{}",
        unexpected
            .iter()
            .take(200)
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        fixed.is_empty(),
        "expectations that now pass (remove them from tests/spec-expectations.txt): {fixed:?}"
    );
}

#[test]
fn spec_wasm2_guard() {
    run_suite("wasm-2.0", BoundsChecks::Guard, 140, 20_000);
}

#[test]
fn spec_wasm2_explicit() {
    run_suite("wasm-2.0", BoundsChecks::Explicit, 140, 20_000);
}

#[test]
fn spec_wasm3_guard() {
    run_suite("wasm-3.0", BoundsChecks::Guard, 250, 20_000);
}

#[test]
fn spec_wasm3_explicit() {
    run_suite("wasm-3.0", BoundsChecks::Explicit, 250, 20_000);
}

/// Runs the repository's script `tests/wat/wast/NAME.wast` in both memory
/// modes; every one of its `assertions` must pass.
fn run_repo_wast(name: &str, assertions: u32) {
    let dir = wasmc_tests::TestDir::new(&format!("wast-{name}"));
    let file = wasmc_tests::copy_source(
        &format!("wat/wast/{name}.wast"),
        &dir.join(format!("{name}.wast")),
    );
    let expected = format!("{assertions} passed, 0 failed");
    for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
        let out = Command::new(wasmc_bin())
            .arg("wast")
            .arg("--bounds-checks")
            .arg(mode.as_str())
            .arg(&file)
            .output()
            .expect("run wasmc wast");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.lines().last() == Some(expected.as_str()),
            "{mode}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Names are byte strings that may contain NUL bytes (the spec covers only
/// calling such an export): they must also survive `register` and import
/// resolution, and differ from their prefixes.
#[test]
fn wast_nul_names_link_across_modules() {
    run_repo_wast("nul_names", 14);
}

/// Multi-memory at scale: 100 memories in one instance (600 GiB of address
/// space in guard mode), each reachable by loads, stores, bulk operations,
/// data segments and imports.
#[test]
fn wast_many_memories_in_one_instance() {
    run_repo_wast("many_memories", 33);
}
