//! `wasmc-fuzz`: long fuzzing runs (driven by `scripts/fuzz.sh`) and the
//! reproducer tools.
//!
//! ```text
//! wasmc-fuzz diff   --wasmc BIN --seed N [--modules N] [--seconds S] [--batch N] [--config FLAGS]... [--save DIR]
//! wasmc-fuzz robust --wasmc BIN --seed N [--inputs N] [--seconds S] [--build-every N] [--config FLAGS] [--save DIR]
//! wasmc-fuzz check  --wasmc BIN [--config FLAGS]... FILE...   # exit 1 if any file shows a problem
//! wasmc-fuzz interesting --wasmc BIN [--config FLAGS]... FILE # exit 0 if it does (a wasm-tools shrink predicate)
//! wasmc-fuzz exe    --wasmc BIN --seed N [--programs N] [--csmith N] [--seconds S] [--config FLAGS]... [--save DIR]
//! wasmc-fuzz exe-gen --seed N DIR      # write generated file N (DIR/wasi-N.c, .tree) without running it
//! wasmc-fuzz exe-check --wasmc BIN [--config FLAGS]... FILE.c...  # replay executable reproducers
//! ```
//! `exe` runs generated WASI file-I/O programs (`--programs` scenarios,
//! default unbounded) and then csmith programs (`--csmith`, default
//! unbounded); with `--seconds` the WASI part gets 2/3 of the time. Its
//! default configurations: both bounds modes for the WASI programs, and
//! both modes with the baseline and the native CPU for csmith.
//! `--config` is a space-separated list of `wasmc wast`/`build` flags, e.g.
//! `"--bounds-checks explicit --cpu native"`; the default is both bounds
//! modes with the baseline CPU. Counts go to stdout as `key: value` lines.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wasmc_fuzz::{csmith, diff, exe, robust, save, wasi_exe};

#[derive(Default)]
struct Args {
    wasmc: Option<PathBuf>,
    seed: u64,
    count: Option<u64>,
    seconds: Option<f64>,
    batch: Option<usize>,
    build_every: Option<u64>,
    configs: Vec<Vec<String>>,
    /// Whether `--config` was given (else each command has its defaults).
    explicit_configs: bool,
    csmith: Option<u64>,
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
            "--csmith" => a.csmith = Some(val()?.parse().context("--csmith")?),
            "--modules" | "--inputs" | "--programs" => {
                a.count = Some(val()?.parse().context("count")?);
            }
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
    a.explicit_configs = !a.configs.is_empty();
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
    if cmd == "exe-gen" {
        let dir = a.files.first().context("exe-gen needs a directory")?;
        let p = wasmc_fuzz::wasi_gen::generate(a.seed, 10, 40);
        std::fs::create_dir_all(dir)?;
        let stem = dir.join(format!("wasi-{}", a.seed));
        std::fs::write(stem.with_extension("c"), &p.source)?;
        std::fs::write(stem.with_extension("tree"), p.tree.describe())?;
        println!("{}", stem.with_extension("c").display());
        return Ok(());
    }
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
        "exe" => exe_cmd(&a, wasmc)?,
        "exe-check" => {
            let mut any = false;
            let csmith_configs = exe_configs(&a, true);
            for f in &a.files {
                let p = exe::replay(&wasmc, &a.configs, &csmith_configs, f)?;
                for line in &p {
                    println!("{}: {line}", f.display());
                }
                any |= !p.is_empty();
            }
            std::process::exit(i32::from(any));
        }
        _ => bail!("unknown command {cmd}"),
    }
    Ok(())
}

/// `exe`'s configurations: `--config` if given, else both bounds modes,
/// with the native CPU too for csmith.
fn exe_configs(a: &Args, with_cpu: bool) -> Vec<Vec<String>> {
    if a.explicit_configs {
        return a.configs.clone();
    }
    let mut v = Vec::new();
    for mode in ["guard", "explicit"] {
        v.push(vec!["--bounds-checks".into(), mode.into()]);
        if with_cpu {
            v.push(vec![
                "--bounds-checks".into(),
                mode.into(),
                "--cpu".into(),
                "native".into(),
            ]);
        }
    }
    v
}

fn exe_cmd(a: &Args, wasmc: PathBuf) -> Result<()> {
    let start = Instant::now();
    let split = a
        .seconds
        .map(|s| start + Duration::from_secs_f64(s * 2.0 / 3.0));
    let end = a.seconds.map(|s| start + Duration::from_secs_f64(s));
    let w = wasi_exe::run(&wasi_exe::Options {
        wasmc: wasmc.clone(),
        seed: a.seed,
        max_programs: a.count.unwrap_or(u64::MAX),
        deadline: split,
        scenarios: 10,
        ops: 40,
        configs: exe_configs(a, false),
    })?;
    println!(
        "wasi files: {}\nwasi programs: {}\nwasi operations: {}\nwasi runs: {}\nwasi divergences: {}",
        w.files,
        w.programs,
        w.ops,
        w.runs,
        w.findings.len()
    );
    for f in &w.findings {
        match &a.save {
            Some(dir) => println!("saved {}", exe::save_wasi(dir, f)?.display()),
            None => println!(
                "{} [{}] scenario {}:\n{}",
                f.origin, f.config, f.scenario, f.details
            ),
        }
    }
    let c = csmith::run(&csmith::Options {
        wasmc,
        seed: a.seed.wrapping_add(1),
        max_programs: a.csmith.unwrap_or(u64::MAX),
        deadline: end,
        configs: exe_configs(a, true),
        native_limit: Duration::from_secs(2),
        csmith_args: Vec::new(),
        rotate: false,
    })?;
    println!(
        "csmith programs: {}\ncsmith skipped: {}\ncsmith compared: {}\ncsmith wasm32 differs (V8 agrees with wasmc): {}\ncsmith runs: {}\ncsmith divergences: {}",
        c.generated,
        c.skipped,
        c.compared,
        c.wasm32_differs,
        c.runs,
        c.findings.len()
    );
    for f in &c.findings {
        match &a.save {
            Some(dir) => println!("saved {}", exe::save_csmith(dir, f)?.display()),
            None => println!("{} [{}]:\n{}", f.origin, f.config, f.details),
        }
    }
    Ok(())
}
