//! The WebAssembly 2.0 spec testsuite, run with `wasmc wast` in both memory
//! modes. The suite is read in place from `$WASMC_SPEC_DIR` (default
//! `../shared/spec` next to the workspace); the test fails if it is missing.
//! Exceptions live in `tests/spec-expectations.txt`, each with its reason.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasmc_tests::{wasmc_bin, workspace_dir, BoundsChecks};

fn spec_dir() -> PathBuf {
    match std::env::var_os("WASMC_SPEC_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_dir().join("../shared/spec"),
    }
}

struct Expectations {
    skip: Vec<String>,
    fail: Vec<String>,
}

fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((pre, post)) => {
            name.starts_with(pre) && name.ends_with(post) && name.len() >= pre.len() + post.len()
        }
        None => pattern == name,
    }
}

fn expectations() -> Expectations {
    let text = std::fs::read_to_string(workspace_dir().join("tests/spec-expectations.txt"))
        .expect("tests/spec-expectations.txt");
    let mut e = Expectations {
        skip: Vec::new(),
        fail: Vec::new(),
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.splitn(3, char::is_whitespace);
        let (kind, what, reason) = (parts.next(), parts.next(), parts.next().map(str::trim));
        assert!(
            reason.is_some_and(|r| !r.is_empty()),
            "entry without a reason: {line}"
        );
        match (kind, what) {
            (Some("skip"), Some(w)) => e.skip.push(w.to_string()),
            (Some("fail"), Some(w)) => e.fail.push(w.to_string()),
            _ => panic!("bad line in spec-expectations.txt: {line}"),
        }
    }
    e
}

fn run_suite(mode: BoundsChecks) {
    let dir = spec_dir().join("wasm-2.0");
    assert!(
        dir.is_dir(),
        "spec testsuite not found at {} (set WASMC_SPEC_DIR)",
        dir.display()
    );
    let exp = expectations();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 140,
        "expected the 147 files of wasm-2.0, found {}",
        files.len()
    );
    let name = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    files.retain(|p| !exp.skip.iter().any(|g| glob_match(g, &name(p))));

    let out = Command::new(wasmc_bin())
        .arg("wast")
        .arg("--bounds-checks")
        .arg(mode.as_str())
        .args(&files)
        .output()
        .expect("run wasmc wast");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let (passed, _) = last.split_once(" passed, ").unwrap_or_else(|| {
        panic!(
            "no summary line; stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let passed: u64 = passed.parse().expect("passed count");
    // Failures are indented lines "  <path>:<line>: ...".
    let failures: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    let unexpected: Vec<&&str> = failures
        .iter()
        .filter(|f| !exp.fail.iter().any(|e| f.contains(&format!("/{e}:"))))
        .collect();
    let fixed: Vec<&String> = exp
        .fail
        .iter()
        .filter(|e| !failures.iter().any(|f| f.contains(&format!("/{e}:"))))
        .collect();
    eprintln!(
        "{mode}: {passed} passed, {} failed ({} expected)",
        failures.len(),
        failures.len() - unexpected.len()
    );
    assert!(
        passed > 20_000,
        "suspiciously few assertions passed: {passed}"
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
