//! csmith programs (Debian's `csmith` and `libcsmith-dev`) built natively
//! and with wasmc, their printed checksums compared (issue 15, part 3).
//!
//! csmith writes closed, deterministic C programs free of undefined
//! behaviour that print a checksum of their global state; it uses the
//! fixed-width types only, so `long` being 32 bits in wasm32 does not
//! change the result. Programs can loop for a very long time: one whose
//! native run exceeds [`Options::native_limit`] (or does not exit 0) is
//! skipped. The wasm runs get ten times that limit plus a fixed slack.
//!
//! A program can also behave differently as wasm32 for reasons that are
//! not wasmc's (the 32-bit data model, clang's wasm32 code): when a wasmc
//! run disagrees with the native one, the same `.wasm` is run under
//! Node.js' WASI (V8, `tests/tools/wasi-run.mjs`, when `node` is present);
//! if V8 ends the same way as wasmc the program is counted as a
//! `wasm32_differs`, not a finding.

use crate::process::Run;
use crate::rng::Rng;
use crate::toolchain::{self, line_diff};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Where `libcsmith-dev` puts `csmith.h`.
pub const INCLUDE: &str = "/usr/include/csmith";

pub struct Options {
    pub wasmc: PathBuf,
    pub seed: u64,
    pub max_programs: u64,
    pub deadline: Option<Instant>,
    pub configs: Vec<Vec<String>>,
    pub native_limit: Duration,
    /// Extra csmith options (e.g. `--max-funcs 3` for smaller programs).
    pub csmith_args: Vec<String>,
    /// Program `i` runs in configuration `i % configs.len()` only, instead
    /// of in all of them (the bounded test's budget).
    pub rotate: bool,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub origin: String,
    pub config: String,
    pub source: String,
    pub details: String,
}

#[derive(Debug, Default)]
pub struct Counts {
    pub generated: u64,
    /// Native run too slow or failing: not compared.
    pub skipped: u64,
    pub compared: u64,
    /// wasmc disagreed with the native run and V8 agreed with wasmc.
    pub wasm32_differs: u64,
    pub runs: u64,
    pub findings: Vec<Finding>,
}

fn generate(seed: u64, args: &[String], out: &Path) -> Result<()> {
    let mut cmd = Command::new("csmith");
    cmd.arg("--seed")
        .arg((seed & 0x7fff_ffff).to_string())
        .args(args)
        .arg("-o")
        .arg(out);
    // csmith writes a platform.info into its working directory.
    if let Some(dir) = out.parent() {
        cmd.current_dir(dir);
    }
    let r = crate::process::command(cmd, Duration::from_secs(60))
        .context("run csmith (scripts/setup.sh installs it)")?;
    if r.code != Some(0) || !out.is_file() {
        bail!("csmith failed: {}", r.stderr.trim());
    }
    Ok(())
}

fn describe(r: &Run) -> String {
    format!(
        "exit {:?}{}: {}",
        r.code,
        if r.hung { " (hung)" } else { "" },
        r.stdout.trim()
    )
}

/// Builds and compares the csmith program `source` (written to `dir`);
/// `Ok(false)` when it was skipped.
pub fn check_source(
    o: &Options,
    dir: &Path,
    origin: &str,
    source_path: &Path,
    configs: &[Vec<String>],
    counts: &mut Counts,
) -> Result<bool> {
    let inc = format!("-I{INCLUDE}");
    let native = dir.join("native");
    toolchain::compile_native(source_path, &native, &[&inc])?;
    let n = toolchain::run_in(&native, &[], dir, &[], o.native_limit)?;
    if n.hung || n.code != Some(0) {
        counts.skipped += 1;
        return Ok(false);
    }
    let source = std::fs::read_to_string(source_path)?;
    let wasm = dir.join("prog.wasm");
    toolchain::compile_wasm(source_path, &wasm, &[&inc])?;
    let limit = o.native_limit * 10 + Duration::from_secs(10);
    for (i, flags) in configs.iter().enumerate() {
        let exe = dir.join(format!("wasm{i}"));
        let mut finding = |details: String| {
            counts.findings.push(Finding {
                origin: origin.to_string(),
                config: flags.join(" "),
                source: source.clone(),
                details,
            });
        };
        if let Err(e) = toolchain::wasmc_build(&o.wasmc, &wasm, &exe, flags)? {
            finding(e);
            continue;
        }
        let w = toolchain::run_in(&exe, &[], dir, &[], limit)?;
        if (w.code != n.code || w.stdout != n.stdout) && v8_agrees(&wasm, dir, &w, limit)? {
            counts.wasm32_differs += 1;
            counts.runs += 1;
            continue;
        }
        if w.code != n.code || w.stdout != n.stdout {
            finding(format!(
                "native {}\nwasm   {}\n{}",
                describe(&n),
                describe(&w),
                line_diff(&n.stdout, &w.stdout, 4)
            ));
        }
        counts.runs += 1;
    }
    counts.compared += 1;
    Ok(true)
}

/// Whether Node.js (V8) runs `wasm` to the same end as the wasmc run `w`
/// (both hung, or the same exit status and stdout); false without node.
fn v8_agrees(wasm: &Path, dir: &Path, w: &Run, limit: Duration) -> Result<bool> {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/tools/wasi-run.mjs");
    let mut cmd = Command::new("node");
    cmd.arg("--no-warnings")
        .arg(&runner)
        .arg(wasm)
        .arg("prog")
        .current_dir(dir);
    let Ok(v) = crate::process::command(cmd, limit) else {
        return Ok(false);
    };
    Ok((v.hung && w.hung) || (!v.hung && !w.hung && v.code == w.code && v.stdout == w.stdout))
}

/// A seeded run: program `i` is csmith's with seed `Rng::case_seed(seed, i)`
/// (low 31 bits), until `max_programs` were generated or the deadline.
pub fn run(o: &Options) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut i = 0u64;
    while counts.generated < o.max_programs && o.deadline.is_none_or(|d| Instant::now() < d) {
        let work = tempfile::tempdir().context("temporary directory")?;
        let case = Rng::case_seed(o.seed, i) & 0x7fff_ffff;
        let src = work.path().join("prog.c");
        generate(case, &o.csmith_args, &src)?;
        counts.generated += 1;
        let origin = format!(
            "csmith --seed {case} {} (run seed {}, program {i})",
            o.csmith_args.join(" "),
            o.seed
        );
        let configs = if o.rotate && !o.configs.is_empty() {
            let c = &o.configs[(i % o.configs.len() as u64) as usize];
            std::slice::from_ref(c)
        } else {
            &o.configs[..]
        };
        check_source(o, work.path(), &origin, &src, configs, &mut counts)?;
        i += 1;
    }
    Ok(counts)
}
