//! The WebAssembly spec testsuite (shared by `spec.rs` and `cross/`): where
//! it is, `tests/spec-expectations.txt` (files skipped, assertions expected
//! to fail, files that do not fully pass yet), selecting the scripts of a
//! suite (`wasm-2.0`, `wasm-3.0`), and running `wasmc wast` and parsing its
//! report.

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

/// `tests/spec-expectations.txt`: files not run, assertions expected to fail,
/// files whose failures are expected for now. Entries are relative to the
/// spec directory (`wasm-3.0/throw.wast`).
pub struct SpecExpectations {
    /// `skip GLOB`: not run at all.
    pub skip: Vec<String>,
    /// `fail FILE:LINE`: that assertion fails (and must keep failing, so a
    /// fix is noticed).
    pub fail: Vec<String>,
    /// `partial FILE`: the file runs, its failures are expected (it needs a
    /// feature not implemented yet); it must still have at least one failure.
    pub partial: Vec<String>,
}

impl SpecExpectations {
    pub fn load() -> SpecExpectations {
        let text = std::fs::read_to_string(workspace_dir().join("tests/spec-expectations.txt"))
            .expect("tests/spec-expectations.txt");
        let mut e = SpecExpectations {
            skip: Vec::new(),
            fail: Vec::new(),
            partial: Vec::new(),
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
                (Some("partial"), Some(w)) => e.partial.push(w.to_string()),
                _ => panic!("bad line in spec-expectations.txt: {line}"),
            }
        }
        e
    }

    /// Whether a failure line (`<path>/<suite>/<file>:<line>: ...`) is expected.
    pub fn is_expected(&self, failure: &str) -> bool {
        self.fail
            .iter()
            .chain(&self.partial)
            .any(|e| failure.contains(&format!("/{e}:")))
    }

    /// The entries that no longer describe `summary` of a run over `files`:
    /// `fail` assertions that passed and `partial` files without failures.
    /// (Entries for files that were not run are ignored.)
    pub fn fixed(&self, files: &[PathBuf], summary: &WastSummary) -> Vec<String> {
        let ran = |entry: &str| {
            let file = entry.split(':').next().unwrap_or(entry);
            files.iter().any(|f| f.ends_with(file))
        };
        let failed = |entry: &str| {
            summary
                .failures
                .iter()
                .any(|f| f.contains(&format!("/{entry}:")))
        };
        self.fail
            .iter()
            .chain(&self.partial)
            .filter(|e| ran(e) && !failed(e))
            .cloned()
            .collect()
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

/// The scripts of `suite` (`wasm-2.0`, `wasm-3.0`) that `keep` accepts,
/// minus the skipped ones, sorted. Fails when the suite is missing or
/// incomplete.
pub fn spec_files(
    suite: &str,
    exp: &SpecExpectations,
    keep: fn(&str) -> bool,
    min_files: usize,
) -> Vec<PathBuf> {
    let dir = spec_dir().join(suite);
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
            let entry = format!("{suite}/{name}");
            keep(name) && !exp.skip.iter().any(|g| glob_match(g, &entry))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= min_files,
        "expected the {suite} files, found {}",
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
/// As with executables ([`crate::build_executable`]), explicit-mode runs
/// get `--cpu baseline` unless `flags` name a CPU: guard mode runs the
/// default multi-versioned code, explicit mode the single baseline code.
pub fn run_wast(flags: &[&str], files: &[PathBuf]) -> WastSummary {
    let explicit = flags
        .windows(2)
        .any(|w| w == ["--bounds-checks", "explicit"]);
    let baseline: &[&str] = if explicit && !crate::names_cpu(flags) {
        &["--cpu", "baseline"]
    } else {
        &[]
    };
    let out = Command::new(wasmc_bin())
        .arg("wast")
        .args(flags)
        .args(baseline)
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

/// Run `suite` (the files `keep` accepts; at least `min_files` of them) with
/// `wasmc wast FLAGS` and check the outcome against the expectations: at
/// least `min_passed` assertions pass, every failure is expected, and every
/// expectation for a file that ran still describes a failure (so a fix is
/// noticed and its entry removed). `what` names the run in messages.
pub fn run_spec_suite(
    what: &str,
    suite: &str,
    flags: &[&str],
    keep: fn(&str) -> bool,
    min_files: usize,
    min_passed: u64,
) {
    let exp = SpecExpectations::load();
    let files = spec_files(suite, &exp, keep, min_files);
    let start = std::time::Instant::now();
    let summary = run_wast(flags, &files);
    let unexpected: Vec<&String> = summary
        .failures
        .iter()
        .filter(|f| !exp.is_expected(f))
        .collect();
    let fixed = exp.fixed(&files, &summary);
    eprintln!(
        "{what}: {} passed, {} failed ({} expected), {:.1?}",
        summary.passed,
        summary.failures.len(),
        summary.failures.len() - unexpected.len(),
        start.elapsed()
    );
    assert!(
        summary.passed >= min_passed,
        "{what}: suspiciously few assertions passed: {}",
        summary.passed
    );
    assert!(
        unexpected.is_empty(),
        "{what}: unexpected failures:\n{}",
        unexpected
            .iter()
            .take(200)
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        fixed.is_empty(),
        "{what}: expectations that now pass (remove them from tests/spec-expectations.txt): {fixed:?}"
    );
}
