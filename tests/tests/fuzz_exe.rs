//! Executable fuzzing, seeded and bounded (issue 15 part 3; the harness is
//! `fuzz/src/wasi_exe.rs` and `fuzz/src/csmith.rs`, long runs are
//! `MODE=exe scripts/fuzz.sh`).
//!
//! - `fuzz_exe_wasi`: generated C programs doing WASI file I/O in one
//!   directory, built natively and with wasmc in both bounds modes, each
//!   scenario run in fresh copies of its starting tree: stdout (every
//!   call's result, the final tree dump), stderr, exit status and the tree
//!   left behind must agree (up to `wasi_exe::DIFFERENCES`).
//! - `fuzz_exe_csmith`: csmith programs, native against wasmc, the
//!   configurations (both bounds modes, baseline and native CPU) taking
//!   turns; programs whose native run exceeds 2 s are skipped.
//! - `fuzz_exe_regressions`: every reproducer in `tests/fuzz/exe/`.
//! - `fuzz_exe_harness_*`: a broken wasm run is reported, so the runs above
//!   cannot pass vacuously.
//!
//! A failure reproduces with
//! `target/debug/wasmc-fuzz exe --wasmc target/debug/wasmc --seed N --save DIR`.

use std::path::Path;
use std::time::Duration;
use wasmc_fuzz::{csmith, exe, wasi_exe, wasi_gen};
use wasmc_tests::{tests_dir, wasmc_bin};

fn config(flags: &str) -> Vec<String> {
    flags.split_whitespace().map(String::from).collect()
}

fn both_modes() -> Vec<Vec<String>> {
    vec![
        config("--bounds-checks guard"),
        config("--bounds-checks explicit"),
    ]
}

#[test]
fn fuzz_exe_wasi() {
    let seed = 1;
    let c = wasi_exe::run(&wasi_exe::Options {
        wasmc: wasmc_bin(),
        seed,
        max_programs: 30,
        deadline: None,
        scenarios: 10,
        ops: 40,
        configs: both_modes(),
    })
    .expect("fuzz run");
    eprintln!(
        "{} files, {} programs, {} operations, {} wasm runs",
        c.files, c.programs, c.ops, c.runs
    );
    let report: Vec<String> = c
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} [{}] scenario {}:\n{}",
                f.origin, f.config, f.scenario, f.details
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "divergences (replay with `wasmc-fuzz exe --seed {seed} --csmith 0 --save DIR`):\n{}",
        report.join("\n")
    );
    assert_eq!(c.programs, 30, "{c:?}");
    assert_eq!(c.runs, 60, "{c:?}");
}

#[test]
fn fuzz_exe_csmith() {
    let seed = 2;
    let configs = vec![
        config("--bounds-checks guard"),
        config("--bounds-checks explicit --cpu native"),
        config("--bounds-checks explicit"),
        config("--bounds-checks guard --cpu native"),
    ];
    let c = csmith::run(&csmith::Options {
        wasmc: wasmc_bin(),
        seed,
        max_programs: 20,
        deadline: None,
        configs,
        native_limit: Duration::from_secs(2),
        csmith_args: config("--max-funcs 3 --max-block-size 3 --max-block-depth 3"),
        rotate: true,
    })
    .expect("csmith run");
    eprintln!(
        "{} programs, {} skipped, {} wasm runs",
        c.generated, c.skipped, c.runs
    );
    let report: Vec<String> = c
        .findings
        .iter()
        .map(|f| format!("{} [{}]:\n{}", f.origin, f.config, f.details))
        .collect();
    assert!(report.is_empty(), "divergences:\n{}", report.join("\n"));
    assert!(c.compared >= 15, "too many skipped: {c:?}");
}

#[test]
fn fuzz_exe_regressions() {
    let dir = tests_dir().join("fuzz/exe");
    let files = exe::reproducers(&dir).expect("list reproducers");
    assert!(!files.is_empty(), "no reproducers in {}", dir.display());
    let csmith_configs = vec![
        config("--bounds-checks guard"),
        config("--bounds-checks explicit --cpu native"),
    ];
    let mut report = Vec::new();
    for f in &files {
        assert!(
            f.with_extension("txt").exists(),
            "{} has no .txt",
            f.display()
        );
        let p = exe::replay(&wasmc_bin(), &both_modes(), &csmith_configs, f).expect("replay");
        if !p.is_empty() {
            report.push(format!("{}:\n  {}", f.display(), p.join("\n  ")));
        }
    }
    assert!(
        report.is_empty(),
        "reproducers that fail again:\n{}",
        report.join("\n")
    );
}

/// A "wasmc" that builds every module into a program that prints nothing
/// and exits 0: the WASI comparison must report every scenario.
#[test]
fn fuzz_exe_harness_finds_a_wrong_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("fake-wasmc");
    std::fs::write(
        &fake,
        "#!/bin/sh\n# wasmc build IN -o OUT ...: OUT is a program that does nothing\n\
         printf '#!/bin/sh\\nexit 0\\n' > \"$4\" && chmod +x \"$4\"\n",
    )
    .expect("write fake wasmc");
    make_executable(&fake);
    let p = wasi_gen::generate(3, 2, 10);
    let mut counts = wasi_exe::Counts::default();
    wasi_exe::check_source(
        &fake,
        &both_modes()[..1],
        "harness",
        &p.source,
        &p.tree,
        p.scenarios,
        &mut counts,
    )
    .expect("check");
    assert_eq!(counts.findings.len(), 2, "{:?}", counts.findings);
    assert!(counts.findings[0].details.contains("stdout differs"));
}

/// The normalisation accepts exactly the listed pairs.
#[test]
fn fuzz_exe_harness_normalises_only_listed_differences() {
    let native = "read s1(dir) 7 -> EISDIR\nread s1 7 -> EISDIR\nftruncate s0(ro) 1 -> EINVAL\n";
    let wasm = "read s1(dir) 7 -> EBADF\nread s1 7 -> EBADF\nftruncate s0(ro) 1 -> ENOTCAPABLE\n";
    assert_eq!(
        wasi_exe::normalise(native, wasm),
        "read s1(dir) 7 -> EISDIR\nread s1 7 -> EBADF\nftruncate s0(ro) 1 -> EINVAL\n"
    );
    for (_, _, _, _, reason) in wasi_exe::DIFFERENCES {
        assert!(reason.len() > 30, "a difference needs a reason: {reason}");
    }
}

fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
