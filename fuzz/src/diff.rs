//! Differential execution: modules from [`crate::gen::exec_config`],
//! recorded by wasmi ([`crate::reference`]), replayed by `wasmc wast` in
//! each given configuration (bounds-check mode, CPU, target) as a batch
//! script ([`crate::script`]). Every failing assertion is a divergence,
//! attributed to its module; a crash or hang of `wasmc wast` is retried
//! module by module to find the culprit.

use crate::gen;
use crate::process;
use crate::reference::{self, Recording, Skip};
use crate::rng::Rng;
use crate::script;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Calls of each exported function per module.
pub const CALLS_PER_FUNC: usize = 3;

/// Time limit of one `wasmc wast` run of a batch.
const WAST_LIMIT: Duration = Duration::from_secs(600);

/// A module on which wasmc and the reference disagree.
#[derive(Debug)]
pub struct Finding {
    /// `seed:case` of the generated module, or the replayed file.
    pub origin: String,
    /// The `wasmc wast` flags of the configuration that diverged.
    pub config: String,
    pub wasm: Vec<u8>,
    pub details: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Counts {
    pub modules: u64,
    /// Modules wasmi refused or whose instantiation trapped (not compared).
    pub skipped: u64,
    pub calls: u64,
    /// Recordings that ended early (wasmi fuel or stack depth).
    pub stopped: u64,
    /// Assertions `wasmc wast` checked and passed, over all configurations.
    pub assertions: u64,
    pub findings: Vec<Finding>,
}

pub struct Options {
    pub wasmc: PathBuf,
    pub seed: u64,
    /// Stop after this many modules...
    pub max_modules: u64,
    /// ...or at this time, whichever comes first.
    pub deadline: Option<Instant>,
    pub batch: usize,
    /// One `wasmc wast` flag list per configuration.
    pub configs: Vec<Vec<String>>,
}

/// The arguments of one module's recording come from a hash of its bytes,
/// so a saved reproducer replays the same calls.
pub fn arg_rng(wasm: &[u8]) -> Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in wasm {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    Rng::new(h)
}

/// Outcome of one `wasmc wast` run of a script.
struct WastRun {
    passed: u64,
    /// `(line, message)` of each failure.
    failures: Vec<(usize, String)>,
    crash: Option<String>,
}

fn run_wast(wasmc: &Path, flags: &[String], script: &Path) -> Result<WastRun> {
    let mut args: Vec<&str> = vec!["wast", "-j", "1"];
    args.extend(flags.iter().map(String::as_str));
    let path = script.to_str().context("script path is not UTF-8")?;
    args.push(path);
    let run = process::wasmc(wasmc, &args, WAST_LIMIT)?;
    let mut failures = Vec::new();
    let prefix = format!("{path}:");
    for l in run.stdout.lines().filter(|l| l.starts_with("  ")) {
        let l = l.trim();
        let line = l
            .strip_prefix(&prefix)
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        failures.push((line, l.to_string()));
    }
    let passed = run
        .stdout
        .lines()
        .last()
        .and_then(|l| l.split_once(" passed"))
        .and_then(|(n, _)| n.trim().parse().ok());
    let crash = run.crash().or_else(|| match passed {
        None => Some(format!(
            "no summary line (status {:?}): {}",
            run.code,
            run.stderr.trim()
        )),
        Some(_) => None,
    });
    Ok(WastRun {
        passed: passed.unwrap_or(0),
        failures,
        crash,
    })
}

/// Compare recorded modules (`(origin, wasm, recording)`) in every
/// configuration, as [`run`] does: the harness's own tests feed it a
/// tampered recording to see that a divergence is found.
pub fn compare_recorded(
    wasmc: &Path,
    configs: &[Vec<String>],
    batch: &[(String, Vec<u8>, Recording)],
) -> Result<Counts> {
    let mut counts = Counts::default();
    compare(wasmc, configs, batch, &mut counts)?;
    Ok(counts)
}

/// Compare a batch of recorded modules in every configuration; divergences
/// go to `counts.findings`.
fn compare(
    wasmc: &Path,
    configs: &[Vec<String>],
    batch: &[(String, Vec<u8>, Recording)],
    counts: &mut Counts,
) -> Result<()> {
    let dir = tempfile::tempdir().context("temporary directory")?;
    let mods: Vec<(Vec<u8>, Recording)> = batch
        .iter()
        .map(|(_, w, r)| (w.clone(), r.clone()))
        .collect();
    let s = script::render(&mods);
    let path = dir.path().join("batch.wast");
    std::fs::write(&path, &s.text).context("write the script")?;
    // WASMC_FUZZ_KEEP=DIR keeps every batch script (for debugging the harness).
    if let Some(keep) = std::env::var_os("WASMC_FUZZ_KEEP") {
        let name = format!("batch-{}.wast", batch[0].0.replace(':', "-"));
        std::fs::write(Path::new(&keep).join(name), &s.text).context("keep the script")?;
    }
    for flags in configs {
        let run = run_wast(wasmc, flags, &path)?;
        counts.assertions += run.passed;
        if let Some(crash) = run.crash {
            if batch.len() == 1 {
                counts.findings.push(Finding {
                    origin: batch[0].0.clone(),
                    config: flags.join(" "),
                    wasm: batch[0].1.clone(),
                    details: vec![format!("wasmc wast: {crash}")],
                });
            } else {
                // Find the culprit(s) one module at a time.
                for one in batch {
                    compare(
                        wasmc,
                        std::slice::from_ref(flags),
                        std::slice::from_ref(one),
                        counts,
                    )?;
                }
            }
            continue;
        }
        let mut per_module: Vec<Vec<String>> = vec![Vec::new(); batch.len()];
        for (line, msg) in run.failures {
            match s.module_at(line) {
                Some(i) => per_module[i].push(msg),
                None => anyhow::bail!("a failure outside every module: {msg}"),
            }
        }
        for (i, details) in per_module.into_iter().enumerate() {
            if !details.is_empty() {
                counts.findings.push(Finding {
                    origin: batch[i].0.clone(),
                    config: flags.join(" "),
                    wasm: batch[i].1.clone(),
                    details,
                });
            }
        }
    }
    Ok(())
}

/// Record `wasm` in wasmi; `None` (and counted as skipped) when wasmi
/// cannot run it.
fn record(wasm: &[u8], counts: &mut Counts) -> Option<Recording> {
    counts.modules += 1;
    match reference::record(wasm, &mut arg_rng(wasm), CALLS_PER_FUNC) {
        Ok(rec) => {
            counts.calls += rec.calls.len() as u64;
            counts.stopped += u64::from(rec.stopped);
            Some(rec)
        }
        Err(Skip::Unsupported(_) | Skip::InstantiationTrap(_)) => {
            counts.skipped += 1;
            None
        }
    }
}

/// A seeded run (see the file header).
pub fn run(opts: &Options) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut case = 0u64;
    while case < opts.max_modules && opts.deadline.is_none_or(|d| Instant::now() < d) {
        let mut batch = Vec::new();
        while batch.len() < opts.batch && case < opts.max_modules {
            let seed = Rng::case_seed(opts.seed, case);
            let origin = format!("{}:{case}", opts.seed);
            case += 1;
            let Ok(wasm) = gen::generate(seed, gen::exec_config(case % 2 == 1), true) else {
                continue;
            };
            if let Some(rec) = record(&wasm, &mut counts) {
                batch.push((origin, wasm, rec));
            }
        }
        if !batch.is_empty() {
            compare(&opts.wasmc, &opts.configs, &batch, &mut counts)?;
        }
    }
    Ok(counts)
}

/// Replay one module (a saved reproducer): record it in wasmi and compare in every configuration.
pub fn replay(wasmc: &Path, configs: &[Vec<String>], origin: &str, wasm: &[u8]) -> Result<Counts> {
    let mut counts = Counts::default();
    if let Some(rec) = record(wasm, &mut counts) {
        compare(
            wasmc,
            configs,
            &[(origin.to_string(), wasm.to_vec(), rec)],
            &mut counts,
        )?;
    }
    Ok(counts)
}
