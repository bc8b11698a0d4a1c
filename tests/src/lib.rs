//! Harness for the wasmc integration tests.
//!
//! The test binaries under `tests/tests/` use this library to
//! - find the `wasmc` binary ([`wasmc_bin`]),
//! - compile C programs natively and to `wasm32-wasi` with clang
//!   ([`compile_c_native`], [`compile_c_wasm`]),
//! - build executables with `wasmc build` in a given [`BoundsChecks`] mode
//!   ([`build_executable`]),
//! - run programs with arguments, stdin and a hard timeout ([`run`]), and
//! - compare the results ([`check_wasm_status`], [`assert_same_stdout`], ...).
//!
//! Every test works in its own temporary directory ([`TestDir`]); nothing is
//! cached between tests, so the suite is safe under `cargo nextest` (one
//! process per test) and `cargo test` (threads) alike. The one exception is
//! the toolchain support of the C++ exception programs ([`eh_support`]):
//! built once, under a file lock, in the target directory.
//!
//! # Environment
//! - `WASMC_BIN`: the wasmc binary to test (default: `target/<profile>/wasmc`
//!   next to the test executable).
//! - `WASMC_TEST_CLANG`: clang to use (default `clang`).
//! - `WASI_SYSROOT`: the wasi-libc sysroot (default `/usr`, Debian's
//!   `wasi-libc` package).
//! - `WASMC_TEST_TIMEOUT`: per-process timeout in seconds (default 60).
//! - `WASMC_TEST_ENGINE=node`: *reference mode*, for checking the suite's own
//!   expectations without wasmc. Instead of compiling with wasmc, "building"
//!   writes a shell wrapper that runs the module under Node.js' WASI
//!   (`tests/tools/wasi-run.mjs`), which maps V8's trap messages to wasmc's.
//!   The bounds-check mode is ignored and CLI-specific tests (bad input,
//!   options) still need wasmc. Known reference-mode limitations are listed in
//!   `tests/tools/wasi-run.mjs`.
//!
//! # Modules
//! The modules are private; their items are re-exported at the crate root
//! (`use wasmc_tests::*`), so the test files do not depend on the layout.
//! - `env.rs`: where things are, the environment knobs above.
//! - `testdir.rs`: the per-test temporary directory.
//! - `process.rs`: running processes with a timeout, their [`Output`].
//! - `build.rs`: clang and `wasmc build`.
//! - `check.rs`: expected endings ([`Status`]) and the assertions on them.
//! - `naming.rs`: keeping test names consistent with their lists.
//! - `wat_modules.rs`: the WAT prelude and the WAT program runs.
//! - `c_corpus.rs`: the C corpus, its expectations and generated stdin.
//! - `wasi.rs`: helpers of the WASI test files.
//! - `embed_wasi.rs`: WASI through the embedding API, its hosts and scenarios.
//! - `cross.rs`: foreign Linux targets under qemu-user.
//! - `cxx.rs`: C++ exceptions and setjmp/longjmp programs built with zig's
//!   clang, and the shared EH support they link.
//! - `pthreads.rs`: C programs with pthreads for `wasm32-wasip1-threads`
//!   (the toolchain put together from registry pieces).
//! - `spec.rs`: the spec testsuite and `wasmc wast`.
//! - `sources.rs`: test inputs kept as files (`tests/wat/<topic>/`,
//!   `tests/c/<topic>/`) rather than as string literals in the tests.

mod build;
mod c_corpus;
mod check;
mod cross;
mod cxx;
mod embed_wasi;
mod env;
mod naming;
mod process;
mod pthreads;
mod sources;
mod spec;
mod testdir;
mod wasi;
mod wat_modules;

pub use build::*;
pub use c_corpus::*;
pub use check::*;
pub use cross::*;
pub use cxx::*;
pub use embed_wasi::*;
pub use env::*;
pub use naming::*;
pub use process::*;
pub use pthreads::*;
pub use sources::*;
pub use spec::*;
pub use testdir::*;
pub use wasi::*;
pub use wat_modules::*;
