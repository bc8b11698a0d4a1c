//! Module generation with wasm-smith, in two configurations:
//!
//! - [`exec_config`]: modules both wasmc and the reference interpreter
//!   (wasmi) run, so their results can be compared. The proposals are the
//!   intersection of what both support: WebAssembly 2.0, tail calls,
//!   multi-memory, memory64, extended-const. Left out, with reasons:
//!   exceptions and threads (wasmi has neither; the spec suites cover them),
//!   relaxed SIMD (implementation-defined results: wasmc and wasmi choose
//!   differently where the proposal allows it), GC (wasmi has none; the
//!   wasm-3.0 spec suite and the GC tests cover it). NaNs are canonicalised by wasm-smith, so every result, stored
//!   byte and global is deterministic; every entity is exported so memories
//!   and globals can be compared; memories and tables declare a small
//!   maximum so growth behaves the same in both; no imports.
//! - [`valid_config`]: modules for the validation and robustness checks,
//!   with everything wasmc accepts (also exceptions, threads, relaxed SIMD,
//!   GC), as seeds for the mutator.

use crate::rng::Rng;
use arbitrary::Unstructured;
use wasm_smith::{Config, Module};

/// Loop and call budget wasm-smith's `ensure_termination` builds into the
/// execution modules: a module that runs out traps with `unreachable`, the
/// same way in both engines. The budget is a global, shared by all the
/// calls of a module.
pub const TERMINATION_FUEL: u32 = 5_000;

/// Largest memory (bytes) and table an execution module declares.
const MAX_MEMORY_BYTES: u64 = 4 * 65_536;
const MAX_TABLE_ELEMENTS: u64 = 200;

fn common(c: &mut Config) {
    c.gc_enabled = false;
    c.compact_imports_enabled = false;
    c.custom_descriptors_enabled = false;
    c.custom_page_sizes_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.wide_arithmetic_enabled = false;
    c.acquire_release_atomics_enabled = false;
    c.multibyte_array_access_enabled = false;
    c.tail_call_enabled = true;
    c.multi_value_enabled = true;
    c.reference_types_enabled = true;
    c.bulk_memory_enabled = true;
    c.simd_enabled = true;
    c.memory64_enabled = true;
    c.extended_const_enabled = true;
    c.max_memories = 3;
    c.max_tables = 3;
    c.max_funcs = 20;
    c.max_instructions = 200;
    c.max_types = 20;
    c.max_globals = 10;
    c.max_data_segments = 10;
    c.max_element_segments = 10;
    c.max_elements = 20;
}

/// The configuration of modules both engines run (see the file header).
/// With `no_traps`, wasm-smith avoids trapping instructions (so calls run
/// longer and compute more); without, traps are compared too.
pub fn exec_config(no_traps: bool) -> Config {
    let mut c = Config::default();
    common(&mut c);
    c.exceptions_enabled = false;
    c.threads_enabled = false;
    c.relaxed_simd_enabled = false;
    c.canonicalize_nans = true;
    c.export_everything = true;
    c.max_imports = 0;
    c.memory_max_size_required = true;
    c.max_memory32_bytes = MAX_MEMORY_BYTES;
    c.max_memory64_bytes = u128::from(MAX_MEMORY_BYTES);
    c.table_max_size_required = true;
    c.max_table_elements = MAX_TABLE_ELEMENTS;
    c.min_funcs = 1;
    c.disallow_traps = no_traps;
    c
}

/// The configuration of the validation seeds (see the file header).
pub fn valid_config() -> Config {
    let mut c = Config::default();
    common(&mut c);
    c.exceptions_enabled = true;
    c.threads_enabled = true;
    c.relaxed_simd_enabled = true;
    c.gc_enabled = true;
    c.max_memory32_bytes = MAX_MEMORY_BYTES * 16;
    c.max_memory64_bytes = u128::from(MAX_MEMORY_BYTES) * 16;
    c.max_table_elements = 10_000;
    c
}

/// Generate a module from `seed` with `config`; `terminate` adds the
/// termination fuel. Errors only when wasm-smith gives up on its input.
pub fn generate(seed: u64, config: Config, terminate: bool) -> anyhow::Result<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let data = rng.bytes(16 * 1024);
    let mut u = Unstructured::new(&data);
    let mut module = Module::new(config, &mut u)?;
    if terminate {
        module.ensure_termination(TERMINATION_FUEL)?;
    }
    Ok(module.to_bytes())
}
