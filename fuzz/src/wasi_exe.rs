//! Generated WASI file-I/O programs ([`crate::wasi_gen`]) built natively
//! and with wasmc, run in fresh copies of the same starting tree, compared
//! (issue 15, part 3).
//!
//! The native build (clang -O2) is the reference: it runs with the tree
//! as its current directory. The wasm build (clang `--target=wasm32-wasi`,
//! then `wasmc build` in each configuration) runs in its own copy with the
//! tree granted as the `.` preopen (`WASMC_DIRS=TREE::.`), so the same
//! relative paths name the same files. Stdout (every call's result and the
//! program's own dump of the final tree), stderr, the exit status and a
//! snapshot of the tree left behind must agree.

use crate::rng::Rng;
use crate::toolchain::{self, line_diff};
use crate::wasi_gen::{self, Program, Tree};
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUN_LIMIT: Duration = Duration::from_secs(20);

pub struct Options {
    pub wasmc: PathBuf,
    pub seed: u64,
    /// Stop after this many scenarios (programs) have run.
    pub max_programs: u64,
    pub deadline: Option<Instant>,
    /// Scenarios per generated C file (one build serves them all).
    pub scenarios: usize,
    /// Operations per scenario.
    pub ops: usize,
    /// `wasmc build` flag lists, each compared with the native run.
    pub configs: Vec<Vec<String>>,
}

/// A divergence: everything needed to reproduce it (see [`crate::save`]).
#[derive(Clone, Debug)]
pub struct Finding {
    pub origin: String,
    pub config: String,
    pub source: String,
    pub tree: String,
    pub scenario: usize,
    pub native: String,
    pub wasm: String,
    pub details: String,
}

#[derive(Debug, Default)]
pub struct Counts {
    /// Generated C files (each built once natively and per configuration).
    pub files: u64,
    /// Scenarios run, each natively and in every configuration.
    pub programs: u64,
    /// Operations in the scenarios run.
    pub ops: u64,
    /// wasm runs compared with their native run.
    pub runs: u64,
    pub findings: Vec<Finding>,
}

/// Where Linux and WASI legitimately differ on a call the generator does
/// make: `(operation, slot tag, native results, wasm result, reason)`. A
/// native result `*` is any. The tags come from the prelude: `(dir)` for a
/// slot holding a directory, `(ro)` for a file opened read-only. (Linux
/// reads a directory as EISDIR, or EINVAL once it was seeked to its end.)
pub const DIFFERENCES: &[(&str, &str, &[&str], &str, &str)] = &[
    (
        "read",
        "(dir)",
        &["EISDIR", "EINVAL"],
        "EBADF",
        "a WASI directory descriptor is not a byte stream: fd_read on it is EBADF (as in Wasmtime)",
    ),
    (
        "pread",
        "(dir)",
        &["EISDIR", "EINVAL"],
        "EBADF",
        "a WASI directory descriptor is not a byte stream: fd_pread on it is EBADF (as in Wasmtime)",
    ),
    (
        "lseek",
        "(dir)",
        &["*"],
        "EBADF",
        "Linux seeks directories (offsets are file-system cookies); WASI has no fd_seek on a \
         directory, its positions are fd_readdir cookies",
    ),
    (
        "ftruncate",
        "(ro)",
        &["EINVAL"],
        "ENOTCAPABLE",
        "WASI rights: a file opened read-only lacks fd_filestat_set_size (Linux: EINVAL)",
    ),
    (
        "fallocate",
        "(ro)",
        &["EBADF"],
        "ENOTCAPABLE",
        "WASI rights: a file opened read-only lacks fd_allocate (Linux: EBADF)",
    ),
    (
        "fdatasync",
        "(ro)",
        &["0"],
        "EBADF",
        "wasi-libc opens read-only files without the fd_datasync right and reports that as EBADF \
         (POSIX: not open for writing); Linux syncs any descriptor",
    ),
    (
        "fdatasync",
        "(dir)",
        &["0"],
        "EBADF",
        "a file operation on a WASI directory descriptor is EBADF (as in Wasmtime); Linux syncs it",
    ),
    (
        "ftruncate",
        "(dir)",
        &["EINVAL"],
        "EBADF",
        "a file operation on a WASI directory descriptor is EBADF (as in Wasmtime); Linux: EINVAL",
    ),
];

/// The ONE place where outputs are normalised before the comparison: each
/// wasm line that differs from the native line at the same position (every
/// call prints exactly one line) is replaced by the native one when a rule
/// of [`DIFFERENCES`] allows the pair. Everything else must match byte for
/// byte.
pub fn normalise(native: &str, wasm: &str) -> String {
    let nat: Vec<&str> = native.lines().collect();
    let mut out = String::with_capacity(wasm.len());
    for (i, w) in wasm.lines().enumerate() {
        let line = match nat.get(i) {
            Some(n) if *n != w && allowed(n, w) => n,
            _ => w,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn allowed(native: &str, wasm: &str) -> bool {
    let (Some((nw, nr)), Some((ww, wr))) = (native.split_once(" -> "), wasm.split_once(" -> "))
    else {
        return false;
    };
    nw == ww
        && DIFFERENCES.iter().any(|(op, tag, nres, wres, _)| {
            let mut words = nw.split(' ');
            words.next() == Some(op)
                && words.next().is_some_and(|slot| slot.ends_with(tag))
                && wr == *wres
                && nres.iter().any(|r| *r == "*" || *r == nr)
        })
}

fn out_text(r: &crate::process::Run) -> String {
    format!(
        "exit: {:?}{}\n--- stdout\n{}--- stderr\n{}",
        r.code,
        if r.hung { " (hung)" } else { "" },
        r.stdout,
        r.stderr
    )
}

/// The scenario count a generated source declares.
pub fn scenarios_of(source: &str) -> Option<usize> {
    let line = source
        .lines()
        .find(|l| l.contains("generated by wasmc-fuzz exe"))?;
    let rest = line.split("scenarios ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

/// Builds `source` and runs each of its scenarios natively and in every
/// configuration of `configs` in fresh copies of `tree`; adds to `counts`.
pub fn check_source(
    wasmc: &Path,
    configs: &[Vec<String>],
    origin: &str,
    source: &str,
    tree: &Tree,
    scenarios: usize,
    counts: &mut Counts,
) -> Result<()> {
    let work = tempfile::tempdir().context("temporary directory")?;
    let dir = work.path();
    let src = dir.join("prog.c");
    std::fs::write(&src, source)?;
    let native = dir.join("native");
    toolchain::compile_native(&src, &native, &[])?;
    let wasm = dir.join("prog.wasm");
    toolchain::compile_wasm(&src, &wasm, &[])?;
    let finding =
        |config: &[String], scenario, native: String, wasm: String, details: String| Finding {
            origin: origin.to_string(),
            config: config.join(" "),
            source: source.to_string(),
            tree: tree.describe(),
            scenario,
            native,
            wasm,
            details,
        };
    let mut exes = Vec::new();
    for (i, flags) in configs.iter().enumerate() {
        let exe = dir.join(format!("wasm{i}"));
        match toolchain::wasmc_build(wasmc, &wasm, &exe, flags)? {
            Ok(()) => exes.push((flags, exe)),
            Err(e) => counts
                .findings
                .push(finding(flags, 0, String::new(), String::new(), e)),
        }
    }
    counts.files += 1;
    for k in 0..scenarios {
        let args = vec![k.to_string()];
        let root = toolchain::fresh_tree(dir, "native-tree", tree)?;
        let n = toolchain::run_in(&native, &args, &root, &[], RUN_LIMIT)?;
        let n_tree = toolchain::snapshot(&root)?;
        counts.programs += 1;
        for (flags, exe) in &exes {
            let root = toolchain::fresh_tree(dir, "wasm-tree", tree)?;
            let mut dirs = OsString::from(root.as_os_str());
            dirs.push("::.");
            let env = [("WASMC_DIRS".to_string(), dirs)];
            let w = toolchain::run_in(exe, &args, &root, &env, RUN_LIMIT)?;
            let w_tree = toolchain::snapshot(&root)?;
            counts.runs += 1;
            let mut why = String::new();
            if w.code != n.code || w.hung != n.hung {
                why += &format!("exit status: native {:?}, wasm {:?}\n", n.code, w.code);
            }
            let w_out = normalise(&n.stdout, &w.stdout);
            if w_out != n.stdout {
                why += &format!("stdout differs:\n{}", line_diff(&n.stdout, &w_out, 6));
            }
            if w.stderr != n.stderr {
                why += &format!("stderr differs:\n{}", line_diff(&n.stderr, &w.stderr, 3));
            }
            if w_tree != n_tree {
                why += &format!(
                    "tree left behind differs:\n{}",
                    line_diff(&n_tree.join("\n"), &w_tree.join("\n"), 6)
                );
            }
            if !why.is_empty() {
                counts
                    .findings
                    .push(finding(flags, k, out_text(&n), out_text(&w), why));
            }
        }
    }
    Ok(())
}

/// A seeded run: generated files until `max_programs` scenarios have run
/// or the deadline passes. File `i` is generated from
/// `Rng::case_seed(seed, i)`, so it can be replayed alone.
pub fn run(o: &Options) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut i = 0u64;
    while counts.programs < o.max_programs && o.deadline.is_none_or(|d| Instant::now() < d) {
        let case = Rng::case_seed(o.seed, i);
        let Program {
            source,
            tree,
            scenarios,
            ops,
        } = wasi_gen::generate(case, o.scenarios, o.ops);
        let origin = format!("exe seed {} file {i} (generator seed {case})", o.seed);
        check_source(
            &o.wasmc,
            &o.configs,
            &origin,
            &source,
            &tree,
            scenarios,
            &mut counts,
        )?;
        counts.ops += ops as u64;
        i += 1;
    }
    Ok(counts)
}
