//! Differential fuzzing of wasmc (issue 15), a test tool and never a
//! dependency of the product.
//!
//! - [`diff`]: wasm-smith modules ([`gen`]) run by the wasmi interpreter
//!   ([`reference`]) and by `wasmc wast` ([`script`]); results, trap kinds,
//!   memory contents and exported globals are compared after every call.
//! - [`robust`]: valid and mutated ([`mutate`]) modules through `wasmc
//!   validate` and `wasmc build`: no panic, hang or leftover file, and the
//!   same verdict as wasmparser's validator.
//! - [`wasi_exe`]: generated C programs doing WASI file I/O ([`wasi_gen`])
//!   built natively and with wasmc, run in copies of one starting tree:
//!   outputs, exit status and the trees left behind compared; [`csmith`]:
//!   csmith programs' checksums, native against wasmc. Both build with
//!   [`toolchain`].
//! - [`save`]: findings written as reproducers (`.wasm` + `.txt`), which
//!   the regression test replays from `tests/fuzz/`.
//!
//! The bounded seeded runs are `tests/tests/fuzz_diff.rs` and
//! `tests/tests/fuzz_exe.rs`; long runs are
//! `scripts/fuzz.sh`, which drives the `wasmc-fuzz` binary (`main.rs`).

pub mod csmith;
pub mod diff;
pub mod exe;
pub mod gen;
pub mod mutate;
pub mod process;
pub mod reference;
pub mod rng;
pub mod robust;
pub mod save;
pub mod script;
pub mod toolchain;
pub mod value;
pub mod wasi_exe;
pub mod wasi_gen;
