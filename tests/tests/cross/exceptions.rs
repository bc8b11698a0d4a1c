//! Exception handling on the foreign Linux targets: the runtime's unwinder
//! (runtime-support/src/c/exceptions.c) reads frame records and resumes
//! handlers with code of its own per architecture, so every target runs
//! the exception WAT programs and the exception spec files.
//!
//! - `tests/wat/exceptions.wat` (every case, including the uncaught
//!   exception's trap and backtrace) and `tests/wat/exceptions_frames.wat`
//!   (stack arguments, values live across a caught call, rethrow from the
//!   catching frame, a catch halfway up a deep stack) are built for aarch64,
//!   riscv64 (the riscv64gc baseline) and s390x in both bounds-check modes
//!   and must end exactly like the x86-64 build.
//! - The wasm-3.0 exception spec files (`tag`, `throw`, `throw_ref`,
//!   `try_table`, and `imports` for tag imports) through `wasmc wast
//!   --target` in both modes, with the expected failures of the host run
//!   (`tests/spec-expectations.txt`), and the legacy exception scripts
//!   (`legacy-exceptions/`: `try`, `delegate`, `rethrow`). Only these files:
//!   the spec suite under qemu is slow, and the rest of it does not reach the
//!   unwinder.

use std::fs;

use wasmc_tests::*;

use crate::assert_same_run;

/// The exception WAT programs and the cases (argv[1]) each one has.
const PROGRAMS: &[(&str, u32)] = &[("exceptions", 8), ("exceptions_frames", 5)];

/// Builds every program for the host and for `t` in both modes and compares
/// the runs of every case.
fn wat_programs_on(t: &CrossTarget) {
    t.require();
    let dir = TestDir::new(&format!("cross-exn-{}", t.arch));
    for (name, cases) in PROGRAMS {
        let wat = dir.join(format!("{name}.wat"));
        fs::write(&wat, expand_wat(name)).expect("write wat");
        for mode in BoundsChecks::ALL {
            let host_exe = dir.subdir(&format!("{name}-host-{mode}")).join("prog");
            build_executable(&wat, &host_exe, mode, &[]);
            let exe = dir
                .subdir(&format!("{name}-{}-{mode}", t.arch))
                .join("prog");
            build_executable(&wat, &exe, mode, &["--target", t.triple]);
            for case in 0..*cases {
                let arg = case.to_string();
                let opts = RunOpts::args([arg.as_str()]);
                let host = run(&host_exe, &opts);
                let cross = t.run(&exe, &[], &opts);
                assert_same_run(
                    &host,
                    &cross,
                    &format!("wat/{name}.wat case {case} on {} ({mode})", t.triple),
                );
            }
        }
    }
}

#[test]
fn exceptions_wat_aarch64() {
    wat_programs_on(&AARCH64_LINUX);
}

#[test]
fn exceptions_wat_riscv64() {
    wat_programs_on(&RISCV64_LINUX);
}

#[test]
fn exceptions_wat_s390x() {
    wat_programs_on(&S390X_LINUX);
}

/// The exception-handling files of the wasm-3.0 suite on `t`, in both modes
/// (expected failures as on the host, from `tests/spec-expectations.txt`).
fn spec_files_on(t: &CrossTarget) {
    t.require();
    let runner = t.runner(&[]);
    for mode in BoundsChecks::ALL {
        let flags = [
            "--target",
            t.triple,
            "--bounds-checks",
            mode.as_str(),
            "--runner",
            &runner,
        ];
        run_spec_suite(
            &format!("exception spec files on {} ({mode})", t.triple),
            "wasm-3.0",
            &flags,
            |name| {
                matches!(
                    name,
                    "tag.wast"
                        | "throw.wast"
                        | "throw_ref.wast"
                        | "try_table.wast"
                        | "imports.wast"
                )
            },
            5,
            250,
        );
        run_spec_suite(
            &format!("legacy exception scripts on {} ({mode})", t.triple),
            "legacy-exceptions",
            &flags,
            |_| true,
            4,
            96,
        );
    }
}

#[test]
fn spec_aarch64_exceptions() {
    spec_files_on(&AARCH64_LINUX);
}

/// The riscv64gc baseline (the files use no SIMD).
#[test]
fn spec_riscv64_exceptions() {
    spec_files_on(&RISCV64_LINUX);
}

/// Big-endian: the payload values and the tag descriptors.
#[test]
fn spec_s390x_exceptions() {
    spec_files_on(&S390X_LINUX);
}
