//! Cross compilation: the Linux targets other than the host, run under
//! qemu-user, and the macOS targets as objects and linked executables.
//!
//! One test binary (`cargo nextest run -p wasmc-tests --test cross`), one
//! module per topic: `corpus`, `spec`, `embed`, `cpu_features`, `darwin`,
//! `relaxed_simd`, `exceptions`, `threads`, `link`, `fuzz`.
//! This file holds what they share: comparing a run on the target with the
//! x86-64 run ([`assert_same_run`]).
//!
//! - The C corpus (`tests/c`, the programs of `c_programs.rs`) on aarch64,
//!   riscv64 and s390x: each program is built for the target in both
//!   bounds-check modes, run under qemu with the same arguments and stdin as
//!   the x86-64 (host) build of the same module, and must give the same
//!   stdout, stderr (traps: message and backtrace) and exit status.
//! - The wasm-2.0 spec suite through `wasmc wast --target` (the host program
//!   runs under qemu): aarch64 in both modes, the whole suite (about 30 s per
//!   mode on 2 cores, under twice the x86-64 time, so no subset is needed);
//!   in guard mode s390x (big-endian), riscv64 with the V extension, and the
//!   riscv64gc baseline without the SIMD files (it has no vector unit).
//! - Embedding: a host program linked by hand against `wasmc runtime`, whose
//!   traps come from a host function and from a libcall (C frames between
//!   the trap and wasm), plus stack exhaustion on the main thread.
//! - CPU features: code built for the portable baseline runs on qemu CPU
//!   models without optional extensions (x86-64 `qemu64`: SSE2 only;
//!   aarch64 `cortex-a53`: no LSE/dotprod; s390x without z15's facilities),
//!   and code built with --cpu/--cpu-features for more exits 1 with a clear
//!   message on such CPUs instead of dying by SIGILL.
//! - Relaxed SIMD: `tests/wat/relaxed_simd.wat` prints the same with every
//!   x86-64 `--cpu` and on every Linux target, and the relaxed spec scripts
//!   pass on each of them.
//! - Exceptions: the exception WAT programs run on aarch64, riscv64 and
//!   s390x like on x86-64 (both modes), and the wasm-3.0 exception spec
//!   files pass there (both modes): the unwinder is per architecture.
//! - Threads: `tests/wat/atomics.wat` runs on aarch64, riscv64 and s390x
//!   like on x86-64, and the threads spec scripts pass there (both modes).
//! - Fuzzing: a seeded differential run (wasmi's results as expectations)
//!   through `wasmc wast --target aarch64-unknown-linux-gnu`, both modes.
//! - Mach-O objects for x86_64/aarch64-apple-darwin, checked with the
//!   `object` crate, and the clear error when linking for macOS without a
//!   macOS toolchain; macOS executables and an embedding host linked with
//!   Zig and inspected (not run: there is no macOS to run them on).
//!
//! Nothing is skipped: a missing cross compiler, target libc or qemu fails
//! the test with what to install (`scripts/setup.sh` installs them).

mod corpus;
mod cpu_features;
mod darwin;
mod embed;
mod exceptions;
mod fuzz;
mod gc;
mod link;
mod relaxed_simd;
mod spec;
mod threads;

use wasmc_tests::*;

/// `cross` (a run on the target) must have ended exactly like `host` (the
/// x86-64 build of the same module): status, stdout, and stderr (trap message
/// and backtrace; only the count of frames past the printed ones may differ).
fn assert_same_run(host: &Output, cross: &Output, what: &str) {
    assert!(
        host.signal().is_none(),
        "{what}: the host (x86-64) build itself died by {}:\n{host:?}",
        host.status_str()
    );
    assert_eq!(
        cross.status_str(),
        host.status_str(),
        "{what}: exit status differs from the x86-64 build\n--- x86-64 ---\n{host:?}\n--- target ---\n{cross:?}"
    );
    assert_same_stdout(&host.stdout, &cross.stdout, what);
    let (h, c) = (
        normalize_backtrace(&host.stderr),
        normalize_backtrace(&cross.stderr),
    );
    if h != c {
        panic!(
            "{what}: stderr differs from the x86-64 build\n{}",
            diff(h.as_bytes(), c.as_bytes())
        );
    }
}
