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
