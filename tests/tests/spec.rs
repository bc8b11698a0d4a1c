//! The WebAssembly 2.0 spec testsuite, run with `wasmc wast` in both memory
//! modes. The suite is read in place from `$WASMC_SPEC_DIR` (default
//! `../shared/spec` next to the workspace); the test fails if it is missing.
//! Exceptions live in `tests/spec-expectations.txt`, each with its reason.

use std::process::Command;
use wasmc_tests::{run_wast, spec_files, wasmc_bin, BoundsChecks, SpecExpectations};

fn run_suite(mode: BoundsChecks) {
    let exp = SpecExpectations::load();
    let files = spec_files(&exp, |_| true, 140);
    let summary = run_wast(&["--bounds-checks", mode.as_str()], &files);
    let unexpected: Vec<&String> = summary
        .failures
        .iter()
        .filter(|f| !exp.is_expected(f))
        .collect();
    let fixed: Vec<&String> = exp
        .fail
        .iter()
        .filter(|e| {
            !summary
                .failures
                .iter()
                .any(|f| f.contains(&format!("/{e}:")))
        })
        .collect();
    eprintln!(
        "{mode}: {} passed, {} failed ({} expected)",
        summary.passed,
        summary.failures.len(),
        summary.failures.len() - unexpected.len()
    );
    assert!(
        summary.passed > 20_000,
        "suspiciously few assertions passed: {}",
        summary.passed
    );
    assert!(
        unexpected.is_empty(),
        "unexpected failures:\n{}",
        unexpected
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        fixed.is_empty(),
        "expected failures that now pass (remove them from tests/spec-expectations.txt): {fixed:?}"
    );
}

#[test]
fn spec_wasm2_guard() {
    run_suite(BoundsChecks::Guard);
}

#[test]
fn spec_wasm2_explicit() {
    run_suite(BoundsChecks::Explicit);
}

/// Names are byte strings that may contain NUL bytes (the spec covers only
/// calling such an export): they must also survive `register` and import
/// resolution, and differ from their prefixes.
#[test]
fn wast_nul_names_link_across_modules() {
    let dir = wasmc_tests::TestDir::new("wast-nul-names");
    let file = wasmc_tests::copy_source("wat/wast/nul_names.wast", &dir.join("nul_names.wast"));
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
            out.status.success() && stdout.lines().last() == Some("14 passed, 0 failed"),
            "{mode}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
