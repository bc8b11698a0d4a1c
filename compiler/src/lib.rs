//! wasmc's compiler library: WebAssembly module → relocatable native object.
//!
//! Pipeline: `module` validates the module structure and collects the
//! environment; `translate` turns each function body into Cranelift IR
//! (validating it operator by operator); `emit` compiles the functions in
//! parallel and writes an ELF/Mach-O object with a module descriptor that
//! `runtime-support` instantiates. [`abi`] is the single source of truth for
//! everything the object and the runtime share; `conventions` maps it onto
//! Cranelift (signatures, value types, trap codes) for both `translate` and
//! `emit`.
//!
//! The public surface is this file's functions, [`Options`] and the modules
//! [`abi`], [`error`], [`index`], [`interface`] and [`target`]; the pipeline stages are
//! private.

pub mod abi;
mod const_expr;
mod conventions;
mod emit;
pub mod error;
mod gc_layout;
pub mod index;
pub mod interface;
mod module;
mod no_gc;
mod options;
pub mod target;
mod trampolines;
mod translate;
mod types;

pub use emit::func_symbol;
pub use error::{CompileError, Location, Result};
pub use options::{BoundsChecks, ExeConfig, Multiversion, Options, ThreadTokens};
pub use target::{CpuSpec, OptLevel};
pub use target_lexicon::Triple;

/// Compile a WebAssembly binary to a relocatable object file.
pub fn compile(wasm: &[u8], opts: &Options) -> Result<Vec<u8>> {
    check_options(opts)?;
    emit::compile(wasm, opts)
}

/// [`compile`], writing the object file to `out` as it is serialised
/// instead of returning it: the object is not held twice in memory (give a
/// buffered writer). The bytes are those [`compile`] returns. `out` is
/// flushed; on an error, part of the object may have been written (write
/// to a temporary file and rename it on success).
pub fn compile_to(wasm: &[u8], opts: &Options, out: &mut dyn std::io::Write) -> Result<()> {
    check_options(opts)?;
    emit::compile_to(wasm, opts, out)
}

fn check_options(opts: &Options) -> Result<()> {
    if opts.bounds == BoundsChecks::Guard
        && opts.triple.pointer_width().map_or(true, |w| w.bytes() < 8)
    {
        return Err(CompileError::Target(
            "guard-page bounds checks need a 64-bit target; use --bounds-checks explicit".into(),
        ));
    }
    Ok(())
}

/// Cranelift IR text of every defined function, as produced by the
/// translator (before optimisation), for `--emit clif` and the
/// expected-output tests.
pub fn clif(wasm: &[u8], opts: &Options) -> Result<String> {
    emit::clif(wasm, opts, false)
}

/// Like [`clif`], but after whole-module inlining ([`OptLevel::SpeedAndSize`]
/// only; the same as [`clif`] at other levels): what Cranelift optimises.
pub fn clif_inlined(wasm: &[u8], opts: &Options) -> Result<String> {
    emit::clif(wasm, opts, true)
}

/// Validate a WebAssembly binary completely (structure and every function
/// body) without compiling it. This is validity as WebAssembly 3.0 defines
/// it, GC included: what wasmc cannot compile yet is reported by [`compile`].
pub fn validate(wasm: &[u8]) -> Result<()> {
    let env = module::ModuleEnv::parse_to_validate(wasm)?;
    let mut allocs = wasmparser::FuncValidatorAllocations::default();
    for (def, input) in env.bodies {
        let func = def.as_u32() + env.num_imported_funcs;
        let mut v = input.validator.into_validator(allocs);
        v.validate(&input.body)
            .map_err(|e| CompileError::invalid(&e, Some(func)))?;
        allocs = v.into_allocations();
    }
    Ok(())
}
