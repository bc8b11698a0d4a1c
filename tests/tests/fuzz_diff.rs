//! Differential fuzzing, seeded and bounded (issue 15; the harness is the
//! `wasmc-fuzz` crate in `fuzz/`, long runs are `scripts/fuzz.sh`).
//!
//! - `fuzz_diff_{guard,explicit}`: wasm-smith modules run by wasmi and by
//!   `wasmc wast` with the baseline and the native CPU: every call's
//!   results and trap kind, every exported memory (hashed) and global after
//!   each call must agree.
//! - `fuzz_robust_{guard,explicit}`: generated and mutated modules through
//!   `wasmc validate` and `wasmc build`: no panic, hang or leftover output,
//!   and the verdict of wasmparser's validator with wasmc's features.
//! - `fuzz_regressions`: every reproducer in `tests/fuzz/` (a `.wasm`, with
//!   a `.txt` saying what it found) replayed through both checks in both
//!   bounds modes.
//! - `fuzz_harness_*`: the harness reports a divergence and a wrong verdict
//!   when there is one (a tampered expectation, a fake wasmc that accepts
//!   everything), so the runs above cannot pass vacuously.
//!
//! The seeds are fixed: a failure here reproduces with
//! `target/debug/wasmc-fuzz diff|robust --wasmc target/debug/wasmc --seed N`.

use std::path::{Path, PathBuf};
use wasmc_fuzz::reference::Outcome;
use wasmc_fuzz::value::Value;
use wasmc_fuzz::{diff, gen, reference, robust, save};
use wasmc_tests::{tests_dir, wasmc_bin};

/// wasm-smith and wasmi recurse deeply; test threads have small stacks.
fn with_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("fuzz thread panicked")
}

fn config(flags: &str) -> Vec<String> {
    flags.split_whitespace().map(String::from).collect()
}

fn diff_run(seed: u64, mode: &str, modules: u64) {
    let wasmc = wasmc_bin();
    let configs = vec![
        config(&format!("--bounds-checks {mode}")),
        config(&format!("--bounds-checks {mode} --cpu native")),
    ];
    let c = with_stack(move || {
        diff::run(&diff::Options {
            wasmc,
            seed,
            max_modules: modules,
            deadline: None,
            batch: 25,
            configs,
        })
        .expect("fuzz run")
    });
    eprintln!(
        "{mode}: {} modules ({} skipped, {} stopped), {} calls, {} assertions",
        c.modules, c.skipped, c.stopped, c.calls, c.assertions
    );
    let report: Vec<String> = c
        .findings
        .iter()
        .map(|f| format!("{} [{}]:\n  {}", f.origin, f.config, f.details.join("\n  ")))
        .collect();
    assert!(
        report.is_empty(),
        "divergences (replay with `wasmc-fuzz diff --seed {seed} --save DIR`):\n{}",
        report.join("\n")
    );
    // Not vacuous: most modules ran, and called functions.
    assert!(
        c.modules - c.skipped >= modules * 3 / 4,
        "too many skipped: {c:?}"
    );
    assert!(c.calls >= modules, "too few calls: {c:?}");
    assert!(c.assertions >= 20 * modules, "too few assertions: {c:?}");
}

#[test]
fn fuzz_diff_guard() {
    diff_run(1, "guard", 200);
}

#[test]
fn fuzz_diff_explicit() {
    diff_run(2, "explicit", 200);
}

fn robust_run(seed: u64, mode: &str, inputs: u64) {
    let wasmc = wasmc_bin();
    let build_flags = config(&format!("--bounds-checks {mode}"));
    let c = with_stack(move || {
        robust::run(&robust::Options {
            wasmc,
            seed,
            max_inputs: inputs,
            deadline: None,
            build_every: 6,
            build_flags,
        })
        .expect("fuzz run")
    });
    eprintln!(
        "{mode}: {} inputs ({} valid), {} builds",
        c.inputs, c.valid, c.builds
    );
    let report: Vec<String> = c
        .findings
        .iter()
        .map(|f| format!("{}: {}", f.origin, f.what))
        .collect();
    assert!(
        report.is_empty(),
        "problems (replay with `wasmc-fuzz robust --seed {seed} --save DIR`):\n{}",
        report.join("\n")
    );
    assert!(
        c.inputs >= inputs * 9 / 10,
        "generation failed too often: {c:?}"
    );
    assert!(
        c.valid >= inputs / 20 && c.valid < c.inputs,
        "no mix of valid and invalid: {c:?}"
    );
}

#[test]
fn fuzz_robust_guard() {
    robust_run(3, "guard", 1500);
}

#[test]
fn fuzz_robust_explicit() {
    robust_run(4, "explicit", 500);
}

fn reproducer_dir() -> PathBuf {
    tests_dir().join("fuzz")
}

#[test]
fn fuzz_regressions() {
    let dir = reproducer_dir();
    let files = save::reproducers(&dir).expect("list reproducers");
    assert!(!files.is_empty(), "no reproducers in {}", dir.display());
    for f in &files {
        assert!(
            f.with_extension("txt").exists(),
            "{} has no .txt",
            f.display()
        );
    }
    let wasmc = wasmc_bin();
    let failing = with_stack(move || {
        let configs = vec![
            config("--bounds-checks guard"),
            config("--bounds-checks explicit"),
        ];
        save::replay_dir(&wasmc, &configs, &dir).expect("replay")
    });
    let report: Vec<String> = failing
        .iter()
        .map(|(f, p)| format!("{}:\n  {}", f.display(), p.join("\n  ")))
        .collect();
    assert!(
        report.is_empty(),
        "reproducers that fail again:\n{}",
        report.join("\n")
    );
}

/// A module with a function result: the first generated one whose
/// recording returns a value.
fn recorded_module() -> (Vec<u8>, reference::Recording) {
    for seed in 0.. {
        let Ok(wasm) = gen::generate(seed, gen::exec_config(true), true) else {
            continue;
        };
        let Ok(rec) = reference::record(&wasm, &mut diff::arg_rng(&wasm), 1) else {
            continue;
        };
        if rec
            .calls
            .iter()
            .any(|c| matches!(&c.outcome, Outcome::Return(v) if matches!(v.first(), Some(Value::I32(_)))))
        {
            return (wasm, rec);
        }
    }
    unreachable!("the seeds are unbounded")
}

#[test]
fn fuzz_harness_finds_a_wrong_result() {
    let wasmc = wasmc_bin();
    let counts = with_stack(move || {
        let (wasm, mut rec) = recorded_module();
        let honest = diff::compare_recorded(
            &wasmc,
            &[config("--bounds-checks guard")],
            &[("honest".into(), wasm.clone(), rec.clone())],
        )
        .expect("compare");
        assert!(honest.findings.is_empty(), "{:?}", honest.findings);
        for call in &mut rec.calls {
            if let Outcome::Return(v) = &mut call.outcome {
                if let Some(Value::I32(x)) = v.first_mut() {
                    *x ^= 1;
                    break;
                }
            }
        }
        diff::compare_recorded(
            &wasmc,
            &[config("--bounds-checks guard")],
            &[("tampered".into(), wasm, rec)],
        )
        .expect("compare")
    });
    assert_eq!(counts.findings.len(), 1, "{:?}", counts.findings);
    assert!(
        counts.findings[0].details[0].contains("assert_return"),
        "{:?}",
        counts.findings
    );
}

#[test]
fn fuzz_harness_finds_a_wrong_verdict() {
    // `true` "accepts" every module: a truncated module must be reported.
    let wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60".to_vec();
    let problems = robust::check(Path::new("/bin/true"), &wasm, None).expect("check");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("wasmc validate accepts")),
        "{problems:?}"
    );
    // And the real wasmc rejects it, naming the input.
    let problems =
        robust::check(&wasmc_bin(), &wasm, Some(&config("--bounds-checks guard"))).expect("check");
    assert!(problems.is_empty(), "{problems:?}");
}
