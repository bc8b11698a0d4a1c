//! Differential fuzzing of wasmc (issue 15), a test tool and never a
//! dependency of the product.
//!
//! - [`diff`]: wasm-smith modules ([`gen`]) run by the wasmi interpreter
//!   ([`reference`]) and by `wasmc wast` ([`script`]); results, trap kinds,
//!   memory contents and exported globals are compared after every call.
//! - [`robust`]: valid and mutated ([`mutate`]) modules through `wasmc
//!   validate` and `wasmc build`: no panic, hang or leftover file, and the
//!   same verdict as wasmparser's validator.
//! - [`save`]: findings written as reproducers (`.wasm` + `.txt`), which
//!   the regression test replays from `tests/fuzz/`.
//!
//! The bounded seeded run is `tests/tests/fuzz_diff.rs`; long runs are
//! `scripts/fuzz.sh`, which drives the `wasmc-fuzz` binary (`main.rs`).

pub mod diff;
pub mod gen;
pub mod mutate;
pub mod process;
pub mod reference;
pub mod rng;
pub mod robust;
pub mod save;
pub mod script;
pub mod value;
