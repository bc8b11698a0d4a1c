//! `wasmc wast`: run WebAssembly spec scripts through the real pipeline.
//!
//! For each script, every module is compiled by the compiler library to an
//! object (all modules of a script in one pass), the objects are linked once
//! with runtime-support and `host.c` (a small C program using only the
//! public embedding API, `wasmc.h`), and the script's commands are sent to
//! that host over a line protocol (see `host.c`). Validation-only
//! assertions (`assert_invalid`, `assert_malformed`) never reach the host.
//!
//! If the host dies or hangs, the command is a failure and a fresh host
//! replays the script's module/register commands to rebuild the state.
//!
//! This file is the driver: parse a script, plan it, run the plan, count.
//! The parts it drives live next to it:
//! - [`plan`]: a script's directives to the commands for the host (compiling
//!   each module on the way), or to results decided without it;
//! - [`values`]: arguments and results in the protocol's spelling, and
//!   matching results (NaN patterns included) against the expectations;
//! - [`legacy_try`]: the folded legacy `try` rewritten to the flat form;
//! - [`protocol`]: building the host program and talking to it, with
//!   restarts and replays.

use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};
use wasmc_compiler::BoundsChecks;
use wast::parser::{self, ParseBuffer};
use wast::Wast;

pub mod legacy_try;
mod plan;
mod protocol;
mod values;

use plan::Step;

pub struct Config {
    pub bounds: BoundsChecks,
    pub opt: wasmc_compiler::OptLevel,
    pub triple: wasmc_compiler::Triple,
    pub cpu: wasmc_compiler::CpuSpec,
    pub toolchain: wasmc_runtime_support::Toolchain,
    /// Command prefix that runs the host (qemu-user for foreign targets).
    pub runner: Vec<String>,
    pub verbose: bool,
}

/// Results of one script.
pub struct FileReport {
    pub path: PathBuf,
    pub passed: u64,
    pub failures: Vec<String>,
}

pub fn run_file(path: &Path, cfg: &Config) -> FileReport {
    let mut report = FileReport {
        path: path.to_path_buf(),
        passed: 0,
        failures: Vec::new(),
    };
    if let Err(e) = run_file_inner(path, cfg, &mut report) {
        report.failures.push(format!("{}: {e:#}", path.display()));
    }
    report
}

fn run_file_inner(path: &Path, cfg: &Config, report: &mut FileReport) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    // The legacy exception-handling scripts use a folded `try` the `wast`
    // crate does not parse.
    let text = legacy_try::rewrite(&text).unwrap_or(text);
    // The spec's names.wast deliberately uses bidi and invisible characters.
    let mut lexer = wast::lexer::Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| anyhow!("{e}"))?;
    let wast: Wast<'_> = parser::parse(&buf).map_err(|e| {
        let mut e = e;
        e.set_path(path);
        e.set_text(&text);
        anyhow!("{e}")
    })?;

    let work = tempfile::tempdir().context("temporary directory")?;
    let plan = plan::plan(&text, wast.directives, cfg, work.path());

    let needs_host = plan
        .steps
        .iter()
        .any(|s| !matches!(s, Step::Decided { .. }));
    let exe = work.path().join("host");
    if needs_host {
        protocol::link_host(work.path(), &plan.objects, cfg, &exe)?;
    }
    let mut session = protocol::Session::new(&cfg.runner, &exe);
    let file = path.display().to_string();
    for step in &plan.steps {
        match step {
            Step::Decided { line, what, result } => match result {
                Ok(()) => report.passed += 1,
                Err(e) => report.failures.push(format!("{file}:{line}: {what}: {e}")),
            },
            Step::Setup {
                line,
                request,
                expect,
            }
            | Step::Check {
                line,
                request,
                expect,
                ..
            } => {
                let what = match step {
                    Step::Check { what, .. } => what.as_str(),
                    _ => request.split(' ').next().unwrap_or(""),
                };
                let setup = matches!(step, Step::Setup { .. });
                let outcome = match session.send(request, setup)? {
                    Ok(a) => values::check(&a, expect),
                    Err(e) => Err(format!("host failed: {e}")),
                };
                match outcome {
                    Ok(()) => report.passed += 1,
                    Err(e) => {
                        if cfg.verbose {
                            eprintln!("{file}:{line}: request: {request}");
                        }
                        report.failures.push(format!("{file}:{line}: {what}: {e}"));
                    }
                }
            }
        }
    }
    Ok(())
}
