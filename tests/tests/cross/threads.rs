//! The threads proposal on the foreign Linux targets: Cranelift lowers the
//! atomics per architecture (x86-64 `lock` forms, aarch64 LSE or LL/SC
//! loops, riscv64 AMOs and LR/SC loops for the narrow widths, s390x
//! compare-and-swap loops with byte swaps for the little-endian memory), and
//! the runtime's wait reads the memory little-endian on s390x.
//!
//! - `tests/wat/atomics.wat` (every case: results on an unshared and a
//!   shared memory and a memory64, misaligned and out-of-bounds atomics,
//!   wait on an unshared memory, wait timeouts) is built for aarch64, riscv64 and s390x
//!   in both bounds-check modes and must end exactly like the x86-64 build.
//! - The threads spec scripts (`proposals/threads/`) through `wasmc wast
//!   --target` in both modes, with the host's expected failures.
//! - The pthread C programs (`tests/c/pthreads/`, built for
//!   `wasm32-wasip1-threads`) on aarch64 and s390x in guard mode, run
//!   repeatedly: the same stdout and status as the x86-64 build, and a trap
//!   in a worker ends the process the same way.

use std::fs;

use wasmc_tests::*;

use crate::assert_same_run;

/// The cases (argv[1]) of `tests/wat/atomics.wat`.
const CASES: &[u32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 99];

fn wat_program_on(t: &CrossTarget) {
    t.require();
    let dir = TestDir::new(&format!("cross-atomics-{}", t.arch));
    let wat = dir.join("atomics.wat");
    fs::write(&wat, expand_wat("atomics")).expect("write wat");
    for mode in BoundsChecks::ALL {
        let host_exe = dir.subdir(&format!("host-{mode}")).join("prog");
        build_executable(&wat, &host_exe, mode, &[]);
        let exe = dir.subdir(&format!("{}-{mode}", t.arch)).join("prog");
        build_executable(&wat, &exe, mode, &["--target", t.triple]);
        for case in CASES {
            let arg = case.to_string();
            let opts = RunOpts::args([arg.as_str()]);
            let host = run(&host_exe, &opts);
            let cross = t.run(&exe, &[], &opts);
            assert_same_run(
                &host,
                &cross,
                &format!("wat/atomics.wat case {case} on {} ({mode})", t.triple),
            );
        }
    }
}

fn spec_on(t: &CrossTarget) {
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
            &format!("threads spec scripts on {} ({mode})", t.triple),
            "proposals/threads",
            &flags,
            |_| true,
            4,
            611,
        );
    }
}

/// Runs of each pthread program on the target (qemu-user runs guest threads
/// on host threads, so races are real).
const PTHREAD_RUNS: usize = 3;

fn pthreads_on(t: &CrossTarget) {
    t.require();
    let dir = TestDir::new(&format!("cross-pthreads-{}", t.arch));
    let mode = BoundsChecks::Guard;
    for (name, args) in [
        ("mutex", &[][..]),
        ("condvar", &[]),
        ("atomics", &[]),
        ("lifecycle", &[]),
        ("worker_fault", &["trap"]),
        ("worker_fault", &["exit"]),
    ] {
        let module = dir.join(format!("{name}.wasm"));
        if !module.exists() {
            compile_c_wasm_threads(&source_path(&format!("c/pthreads/{name}.c")), &module);
        }
        let host_exe = dir.join(format!("{name}-host"));
        let exe = dir.join(format!("{name}-{}", t.arch));
        if !exe.exists() {
            build_executable(&module, &host_exe, mode, &[]);
            build_executable(&module, &exe, mode, &["--target", t.triple]);
        }
        let opts = RunOpts::args(args.iter().copied());
        let host = run(&host_exe, &opts);
        for i in 0..PTHREAD_RUNS {
            let cross = t.run(&exe, &[], &opts);
            assert_same_run(
                &host,
                &cross,
                &format!(
                    "c/pthreads/{name}.c {args:?} on {} ({mode}), run {i}",
                    t.triple
                ),
            );
        }
    }
}

#[test]
fn pthreads_aarch64() {
    pthreads_on(&AARCH64_LINUX);
}

#[test]
fn pthreads_s390x() {
    pthreads_on(&S390X_LINUX);
}

#[test]
fn atomics_wat_aarch64() {
    wat_program_on(&AARCH64_LINUX);
}

#[test]
fn atomics_wat_riscv64() {
    wat_program_on(&RISCV64_LINUX);
}

#[test]
fn atomics_wat_s390x() {
    wat_program_on(&S390X_LINUX);
}

#[test]
fn spec_aarch64_threads() {
    spec_on(&AARCH64_LINUX);
}

#[test]
fn spec_riscv64_threads() {
    spec_on(&RISCV64_LINUX);
}

#[test]
fn spec_s390x_threads() {
    spec_on(&S390X_LINUX);
}
