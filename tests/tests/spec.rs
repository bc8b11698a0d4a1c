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
    const SCRIPT: &str = r#"
(module $a
  (func (export "\00") (result i32) (i32.const 1))
  (func (export "a\00b") (result i32) (i32.const 2))
  (func (export "a") (result i32) (i32.const 3))
  (func (export "a\00") (result i32) (i32.const 4))
  (global (export "g\00") i32 (i32.const 5))
  (global (export "g") i32 (i32.const 6)))
(register "m\00x" $a)
(register "m" $a)
(assert_return (invoke $a "\00") (i32.const 1))
(assert_return (invoke $a "a\00b") (i32.const 2))
(assert_return (invoke $a "a") (i32.const 3))
(assert_return (invoke $a "a\00") (i32.const 4))
(assert_return (get $a "g\00") (i32.const 5))
(assert_return (get $a "g") (i32.const 6))
(module $b
  (import "m\00x" "a\00b" (func $f (result i32)))
  (import "m" "a" (func $g (result i32)))
  (import "m\00x" "\00" (func $h (result i32)))
  (import "m" "g\00" (global $gg i32))
  (func (export "run") (result i32)
    (i32.add
      (i32.add (call $f) (i32.mul (call $g) (i32.const 10)))
      (i32.add (i32.mul (call $h) (i32.const 100)) (i32.mul (global.get $gg) (i32.const 1000))))))
(assert_return (invoke $b "run") (i32.const 5132))
(assert_unlinkable (module (import "m" "a\00c" (func (result i32)))) "unknown import")
(assert_unlinkable (module (import "m\00" "a" (func (result i32)))) "unknown import")
(assert_unlinkable (module (import "m" "a\00b" (global i32))) "incompatible import type")
"#;
    let dir = wasmc_tests::TestDir::new("wast-nul-names");
    let file = dir.join("nul_names.wast");
    std::fs::write(&file, SCRIPT).expect("write wast");
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
