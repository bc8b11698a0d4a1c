//! Expected-output tests for the translator: every `tests/clif/NAME.wat` is
//! translated to CLIF (explicit and guard bounds checks) and compared with
//! `NAME.clif`, one test trial per file (`inline*.wat`: after whole-module
//! inlining at `-O2`); a mismatch prints a line diff.
//! After an intended change, regenerate with
//! `WASMC_BLESS=1 cargo test -p wasmc-compiler --test clif` and review the diff.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use wasmc_compiler::{BoundsChecks, Options, Triple};

fn expected_output(path: &Path) -> String {
    let wasm = wat::parse_file(path).expect("test .wat parses");
    let mut out = String::new();
    for (name, bounds) in [
        ("guard", BoundsChecks::Guard),
        ("explicit", BoundsChecks::Explicit),
    ] {
        let opts = Options {
            // A fixed target so the expectation does not depend on the host.
            triple: "x86_64-unknown-linux-gnu"
                .parse::<Triple>()
                .expect("triple"),
            bounds,
            ..Options::default()
        };
        out.push_str(&format!(";;;; bounds-checks={name}\n"));
        // `inline*.wat` show the CLIF after whole-module inlining.
        let inlined = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("inline"));
        let clif = if inlined {
            wasmc_compiler::clif_inlined(&wasm, &opts)
        } else {
            wasmc_compiler::clif(&wasm, &opts)
        };
        out.push_str(&clif.expect("translates"));
        // The whole pipeline, Cranelift's verifier included, accepts it.
        wasmc_compiler::compile(&wasm, &opts).expect("compiles");
    }
    out
}

/// Compare (or with `WASMC_BLESS`, rewrite) the expectation of one `.wat`.
fn check(wat: &Path, bless: bool) -> Result<(), Failed> {
    let got = expected_output(wat);
    let want_path = wat.with_extension("clif");
    if bless {
        std::fs::write(&want_path, &got).expect("write expectation");
        return Ok(());
    }
    let want = std::fs::read_to_string(&want_path).unwrap_or_default();
    if want == got {
        return Ok(());
    }
    Err(format!(
        "{}: CLIF differs from {} (WASMC_BLESS=1 to regenerate)\n{}",
        wat.display(),
        want_path.display(),
        line_diff(&want, &got)
    )
    .into())
}

/// A unified-style diff of `want` → `got`: `-` lines are expected, `+` lines
/// are what the translator produced, with three lines of context.
fn line_diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    // Longest common subsequence table, suffix form.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (' ' | '-' | '+', line number in `want`, text).
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, a[i]));
            i += 1;
        } else {
            ops.push(('+', i, b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        // A hunk: changes closer than 2 * CONTEXT lines apart, plus context.
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        out.push_str(&format!("@@ expected line {} @@\n", ops[start].1 + 1));
        for &(tag, _, line) in &ops[start..end] {
            out.push_str(&format!("{tag}{line}\n"));
        }
    }
    out
}

fn wat_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clif");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/clif exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .wat files in {}", dir.display());
    files
}

fn main() {
    let args = Arguments::from_args();
    let bless = std::env::var_os("WASMC_BLESS").is_some();
    let trials = wat_files()
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            Trial::test(name, move || check(&path, bless))
        })
        .chain([Trial::test(
            "line_diff_shows_changes_with_context",
            line_diff_shows_changes_with_context,
        )])
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The diff printer itself: changes, context, and nearby changes merged
/// into one hunk.
fn line_diff_shows_changes_with_context() -> Result<(), Failed> {
    let want = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nl\nm\nn\no\np\nq\nr\n";
    let got = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\nq\n";
    let diff = line_diff(want, got);
    let expected =
        "@@ expected line 2 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n l\n m\n n\n\
                    @@ expected line 14 @@\n o\n p\n q\n-r\n";
    if diff == expected {
        Ok(())
    } else {
        Err(format!("line_diff printed\n{diff}").into())
    }
}
