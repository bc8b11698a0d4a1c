//! The GC collector on the foreign Linux targets: stack maps, the frame walk
//! of `gc_roots.c` (per-architecture frame records, like the exception
//! unwinder's) and the heap on a big-endian host (s390x). The stress
//! programs of `tests/wat/gc/` (see `gc_stress.rs`), with smaller
//! parameters (qemu is slow) and a small `--max-gc-heap` so that they
//! collect often, are built for the target and for the host in both
//! bounds-check modes and must end exactly alike.

use std::fs;

use wasmc_tests::*;

use crate::assert_same_run;

/// (program, heap size, runs: argument lists)
const PROGRAMS: &[(&str, &str, &[&[&str]])] = &[
    ("churn", "1M", &[&["48"]]),
    ("survive", "1M", &[&["300000"]]),
    ("deep", "1M", &[&["2000", "3"]]),
    ("exn", "1M", &[&["150"]]),
    ("exhaust", "1M", &[&["0"], &["1"], &["99"]]),
];

fn gc_programs_on(t: &CrossTarget) {
    t.require();
    let dir = TestDir::new(&format!("cross-gc-{}", t.arch));
    for (name, heap, runs) in PROGRAMS {
        let wat = dir.join(format!("{name}.wat"));
        fs::write(&wat, expand_wat(&format!("gc/{name}"))).expect("write wat");
        for mode in BoundsChecks::ALL {
            let flags = ["--max-gc-heap", heap];
            let host_exe = dir.subdir(&format!("{name}-host-{mode}")).join("prog");
            build_executable(&wat, &host_exe, mode, &flags);
            let exe = dir
                .subdir(&format!("{name}-{}-{mode}", t.arch))
                .join("prog");
            let mut cross_flags = flags.to_vec();
            cross_flags.extend(["--target", t.triple]);
            build_executable(&wat, &exe, mode, &cross_flags);
            for args in *runs {
                let opts = RunOpts::args(args.iter());
                let host = run(&host_exe, &opts);
                let cross = t.run(&exe, &[], &opts);
                assert_same_run(
                    &host,
                    &cross,
                    &format!("wat/gc/{name}.wat {args:?} on {} ({mode})", t.triple),
                );
            }
        }
    }
}

#[test]
fn gc_stress_aarch64() {
    gc_programs_on(&AARCH64_LINUX);
}

#[test]
fn gc_stress_s390x() {
    gc_programs_on(&S390X_LINUX);
}

#[test]
fn gc_stress_riscv64() {
    gc_programs_on(&RISCV64_LINUX);
}
