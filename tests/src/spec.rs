//! The WebAssembly spec testsuite (shared by `spec.rs` and `cross/`): where
//! it is, `tests/spec-expectations.txt` (files skipped, assertions expected
//! to fail), selecting the wasm-2.0 scripts, and running `wasmc wast` and
//! parsing its report.

use std::path::PathBuf;
use std::process::Command;

use crate::{wasmc_bin, workspace_dir};

/// Where the spec testsuite is: `$WASMC_SPEC_DIR`, default `../shared/spec`
/// next to the workspace.
pub fn spec_dir() -> PathBuf {
    match std::env::var_os("WASMC_SPEC_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_dir().join("../shared/spec"),
    }
}

/// `tests/spec-expectations.txt`: files not run, assertions expected to fail.
pub struct SpecExpectations {
    pub skip: Vec<String>,
    pub fail: Vec<String>,
}

impl SpecExpectations {
    pub fn load() -> SpecExpectations {
        let text = std::fs::read_to_string(workspace_dir().join("tests/spec-expectations.txt"))
            .expect("tests/spec-expectations.txt");
        let mut e = SpecExpectations {
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

    /// Whether a failure line (`<path>/<file>:<line>: ...`) is expected.
    pub fn is_expected(&self, failure: &str) -> bool {
        self.fail
            .iter()
            .any(|e| failure.contains(&format!("/{e}:")))
    }
}

fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((pre, post)) => {
            name.starts_with(pre) && name.ends_with(post) && name.len() >= pre.len() + post.len()
        }
        None => pattern == name,
    }
}

/// The wasm-2.0 scripts `keep` accepts, minus the skipped ones, sorted.
/// Fails when the suite is missing or incomplete.
pub fn spec_files(
    exp: &SpecExpectations,
    keep: fn(&str) -> bool,
    min_files: usize,
) -> Vec<PathBuf> {
    let dir = spec_dir().join("wasm-2.0");
    assert!(
        dir.is_dir(),
        "spec testsuite not found at {} (set WASMC_SPEC_DIR)",
        dir.display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            keep(name) && !exp.skip.iter().any(|g| glob_match(g, name))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= min_files,
        "expected the wasm-2.0 files, found {}",
        files.len()
    );
    files
}

/// What `wasmc wast` reported.
pub struct WastSummary {
    pub passed: u64,
    /// Failure lines (`<path>:<line>: <command>: ...`).
    pub failures: Vec<String>,
}

/// Run `wasmc wast FLAGS FILES` and parse its report.
pub fn run_wast(flags: &[&str], files: &[PathBuf]) -> WastSummary {
    let out = Command::new(wasmc_bin())
        .arg("wast")
        .args(flags)
        .args(files)
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
    WastSummary {
        passed: passed.parse().expect("passed count"),
        // Failures are the indented lines.
        failures: stdout
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect(),
    }
}
