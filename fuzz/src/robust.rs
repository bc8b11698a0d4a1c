//! Malformed and mutated inputs: valid modules from
//! [`crate::gen::valid_config`] and their mutations ([`crate::mutate`]) go
//! to `wasmc validate` (every input) and `wasmc build` (every
//! `build_every`-th). Neither may panic, die by a signal or hang; a failed
//! `build` leaves no output file; and both accept exactly what wasmparser's
//! validator accepts with the features wasmc documents ([`features`]),
//! except that `build` may refuse a valid module because an executable
//! imports something other than functions that WASI does not provide (a
//! memory, table, global or tag: nothing could supply it; missing functions
//! are built with `--allow-unresolved`). The compiler has run over the
//! whole module before that refusal.

use crate::gen;
use crate::mutate;
use crate::process;
use crate::rng::Rng;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wasmparser::{Validator, WasmFeatures};

/// Time limit of one `wasmc validate` or `wasmc build`.
const LIMIT: Duration = Duration::from_secs(120);

/// The proposals wasmc documents as accepted (README "Features"): written
/// here independently of the compiler, so that a drift shows up.
pub fn features() -> WasmFeatures {
    WasmFeatures::WASM2
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::GC
        | WasmFeatures::LEGACY_EXCEPTIONS
        | WasmFeatures::THREADS
        | WasmFeatures::MEMORY64
        | WasmFeatures::RELAXED_SIMD
}

/// wasmparser's verdict: `Ok` or the error message.
pub fn oracle(wasm: &[u8]) -> Result<(), String> {
    Validator::new_with_features(features())
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[derive(Debug)]
pub struct Finding {
    pub origin: String,
    pub wasm: Vec<u8>,
    pub what: String,
}

#[derive(Debug, Default)]
pub struct Counts {
    pub inputs: u64,
    /// Inputs wasmparser accepts.
    pub valid: u64,
    pub builds: u64,
    pub findings: Vec<Finding>,
}

pub struct Options {
    pub wasmc: PathBuf,
    pub seed: u64,
    pub max_inputs: u64,
    pub deadline: Option<Instant>,
    /// Build every n-th input (0: never).
    pub build_every: u64,
    /// `wasmc build` flags (bounds mode, CPU).
    pub build_flags: Vec<String>,
}

/// Check one input; problems are returned as text.
pub fn check(wasmc: &Path, wasm: &[u8], build: Option<&[String]>) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let dir = tempfile::tempdir().context("temporary directory")?;
    let input = dir.path().join("input.wasm");
    std::fs::write(&input, wasm).context("write the input")?;
    let input_s = input.to_str().context("path is not UTF-8")?;
    let want = oracle(wasm);

    let v = process::wasmc(wasmc, &["validate", input_s], LIMIT)?;
    if let Some(c) = v.crash() {
        problems.push(format!("wasmc validate {c}"));
    } else {
        match (&want, v.code) {
            (Ok(()), Some(0)) | (Err(_), Some(1)) => {}
            (Ok(()), _) => problems.push(format!(
                "wasmparser accepts, wasmc validate rejects: {}",
                v.stderr.trim()
            )),
            (Err(e), Some(0)) => {
                problems.push(format!("wasmparser rejects ({e}), wasmc validate accepts"));
            }
            (Err(_), code) => problems.push(format!(
                "wasmc validate exits with {code:?} (expected 1): {}",
                v.stderr.trim()
            )),
        }
        if v.code != Some(0) && !v.stderr.contains("input.wasm") {
            problems.push(format!(
                "wasmc validate's error does not name the input: {}",
                v.stderr.trim()
            ));
        }
    }

    if let Some(flags) = build {
        let out = dir.path().join("out");
        let out_s = out.to_str().context("path is not UTF-8")?;
        let mut args = vec!["build", input_s, "-o", out_s, "--allow-unresolved"];
        args.extend(flags.iter().map(String::as_str));
        let b = process::wasmc(wasmc, &args, LIMIT)?;
        if let Some(c) = b.crash() {
            problems.push(format!("wasmc build {c}"));
        } else if b.code == Some(0) {
            if let Err(e) = &want {
                problems.push(format!("wasmparser rejects ({e}), wasmc build succeeds"));
            }
            if !out.exists() {
                problems.push("wasmc build succeeds without an output file".into());
            }
        } else {
            let refused = b
                .stderr
                .contains("provided neither by WASI nor by a --link file");
            if want.is_ok() && !refused {
                problems.push(format!(
                    "wasmparser accepts, wasmc build fails: {}",
                    b.stderr.trim()
                ));
            }
            let left: Vec<String> = std::fs::read_dir(dir.path())
                .context("list the build directory")?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "input.wasm")
                .collect();
            if !left.is_empty() {
                problems.push(format!("failed wasmc build left files: {left:?}"));
            }
        }
    }
    Ok(problems)
}

/// A seeded run: each case is a generated module, mutated in 7 of 8 cases.
pub fn run(opts: &Options) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut case = 0;
    while case < opts.max_inputs && opts.deadline.is_none_or(|d| Instant::now() < d) {
        let seed = Rng::case_seed(opts.seed, case);
        let origin = format!("{}:{case}", opts.seed);
        let build = opts.build_every > 0 && case % opts.build_every == 0;
        case += 1;
        let Ok(valid) = gen::generate(seed, gen::valid_config(), false) else {
            continue;
        };
        let mut rng = Rng::new(seed ^ 0x0bad_cafe);
        let wasm = if rng.one_in(8) {
            valid
        } else {
            mutate::mutate(&valid, &mut rng)
        };
        counts.inputs += 1;
        if oracle(&wasm).is_ok() {
            counts.valid += 1;
        }
        if build {
            counts.builds += 1;
        }
        let problems = check(
            &opts.wasmc,
            &wasm,
            build.then_some(opts.build_flags.as_slice()),
        )?;
        if !problems.is_empty() {
            counts.findings.push(Finding {
                origin,
                wasm,
                what: problems.join("; "),
            });
        }
    }
    Ok(counts)
}
