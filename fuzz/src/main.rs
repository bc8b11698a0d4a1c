//! `wasmc-fuzz`: long fuzzing runs (driven by `scripts/fuzz.sh`) and the
//! reproducer tools.
//!
//! ```text
//! wasmc-fuzz diff   --wasmc BIN --seed N [--modules N] [--seconds S] [--batch N] [--config FLAGS]... [--save DIR]
//! wasmc-fuzz robust --wasmc BIN --seed N [--inputs N] [--seconds S] [--build-every N] [--config FLAGS] [--save DIR]
//! wasmc-fuzz check  --wasmc BIN [--config FLAGS]... FILE...   # exit 1 if any file shows a problem
//! wasmc-fuzz interesting --wasmc BIN [--config FLAGS]... FILE # exit 0 if it does (a wasm-tools shrink predicate)
//! ```
//! `--config` is a space-separated list of `wasmc wast`/`build` flags, e.g.
//! `"--bounds-checks explicit --cpu native"`; the default is both bounds
//! modes with the baseline CPU. Counts go to stdout as `key: value` lines.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wasmc_fuzz::{diff, robust, save};

#[derive(Default)]
struct Args {
    wasmc: Option<PathBuf>,
    seed: u64,
    count: Option<u64>,
    seconds: Option<f64>,
    batch: Option<usize>,
    build_every: Option<u64>,
    configs: Vec<Vec<String>>,
    save: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn parse(mut it: impl Iterator<Item = String>) -> Result<Args> {
    let mut a = Args::default();
    while let Some(arg) = it.next() {
        let mut val = || it.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--wasmc" => a.wasmc = Some(val()?.into()),
            "--seed" => a.seed = val()?.parse().context("--seed")?,
            "--modules" | "--inputs" => a.count = Some(val()?.parse().context("count")?),
            "--seconds" => a.seconds = Some(val()?.parse().context("--seconds")?),
            "--batch" => a.batch = Some(val()?.parse().context("--batch")?),
            "--build-every" => a.build_every = Some(val()?.parse().context("--build-every")?),
            "--config" => a
                .configs
                .push(val()?.split_whitespace().map(String::from).collect()),
            "--save" => a.save = Some(val()?.into()),
            s if s.starts_with("--") => bail!("unknown option {s}"),
            _ => a.files.push(arg.into()),
        }
    }
    if a.configs.is_empty() {
        for mode in ["guard", "explicit"] {
            a.configs.push(vec!["--bounds-checks".into(), mode.into()]);
        }
    }
    Ok(a)
}

/// wasm-smith and wasmi recurse over deeply nested code; the main
/// thread's stack is too small for them.
const STACK: usize = 256 << 20;

fn main() -> Result<()> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(real_main)
        .context("spawn the fuzzing thread")?
        .join()
        .map_err(|_| anyhow::anyhow!("the fuzzing thread panicked"))?
}

fn real_main() -> Result<()> {
    let mut argv = std::env::args().skip(1);
    let cmd = argv
        .next()
        .context("usage: wasmc-fuzz diff|robust|check|interesting ...")?;
    let a = parse(argv)?;
    let wasmc = a.wasmc.clone().context("--wasmc BIN is required")?;
    let deadline = a
        .seconds
        .map(|s| Instant::now() + Duration::from_secs_f64(s));
    match cmd.as_str() {
        "diff" => {
            let c = diff::run(&diff::Options {
                wasmc,
                seed: a.seed,
                max_modules: a.count.unwrap_or(u64::MAX),
                deadline,
                batch: a.batch.unwrap_or(25),
                configs: a.configs.clone(),
            })?;
            println!(
                "modules: {}\nskipped: {}\nstopped: {}\ncalls: {}\nassertions: {}\ndivergences: {}",
                c.modules,
                c.skipped,
                c.stopped,
                c.calls,
                c.assertions,
                c.findings.len()
            );
            for f in &c.findings {
                let text = format!(
                    "origin: {}\nconfig: {}\n{}\n",
                    f.origin,
                    f.config,
                    f.details.join("\n")
                );
                match &a.save {
                    Some(dir) => println!(
                        "saved {}",
                        save::save(dir, "diff", &f.wasm, &text)?.display()
                    ),
                    None => println!("{text}"),
                }
            }
        }
        "robust" => {
            let c = robust::run(&robust::Options {
                wasmc,
                seed: a.seed,
                max_inputs: a.count.unwrap_or(u64::MAX),
                deadline,
                build_every: a.build_every.unwrap_or(8),
                build_flags: a.configs[0].clone(),
            })?;
            println!(
                "inputs: {}\nvalid: {}\nbuilds: {}\nproblems: {}",
                c.inputs,
                c.valid,
                c.builds,
                c.findings.len()
            );
            for f in &c.findings {
                let text = format!("origin: {}\n{}\n", f.origin, f.what);
                match &a.save {
                    Some(dir) => println!(
                        "saved {}",
                        save::save(dir, "robust", &f.wasm, &text)?.display()
                    ),
                    None => println!("{text}"),
                }
            }
        }
        "check" | "interesting" => {
            let mut any = false;
            for f in &a.files {
                let p = save::check_file(&wasmc, &a.configs, f)?;
                for line in &p {
                    println!("{}: {line}", f.display());
                }
                any |= !p.is_empty();
            }
            let fail = if cmd == "check" { any } else { !any };
            std::process::exit(i32::from(fail));
        }
        _ => bail!("unknown command {cmd}"),
    }
    Ok(())
}
