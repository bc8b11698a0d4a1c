//! wasmc's compiler library: WebAssembly module → relocatable native object.
//!
//! Pipeline: [`module::ModuleEnv::parse`] validates the module structure and
//! collects the environment; [`translate`] turns each function body into
//! Cranelift IR (validating it operator by operator); [`emit`] compiles the
//! functions in parallel and writes an ELF/Mach-O object with a module
//! descriptor that `runtime-support` instantiates. [`abi`] is the single
//! source of truth for everything the object and the runtime share.

pub mod abi;
pub mod emit;
pub mod error;
pub mod index;
pub mod module;
pub mod target;
mod trampolines;
pub mod translate;

pub use error::{CompileError, Location, Result};
pub use target::{CpuSpec, OptLevel};
pub use target_lexicon::Triple;

/// How linear-memory accesses are kept in bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundsChecks {
    /// Reserve 4 GiB + guard per memory; no compare for accesses whose
    /// static offset the guard covers; faults become traps.
    Guard,
    /// Compare every access against the current memory length.
    Explicit,
}

/// Capabilities and limits baked into an executable (`--dir`, `--env`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExeConfig {
    /// (host path, guest path) pairs.
    pub dirs: Vec<(String, String)>,
    /// `NAME=VALUE` entries.
    pub envs: Vec<String>,
    pub inherit_env: bool,
    /// Upper bound on the size of any linear memory, in bytes.
    pub max_memory: Option<u64>,
    /// `ADDR:PORT` addresses the program gets listening TCP sockets on.
    pub listen: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub triple: Triple,
    /// CPU and features to generate code for (default: the portable baseline).
    pub cpu: CpuSpec,
    pub opt: OptLevel,
    pub bounds: BoundsChecks,
    /// Global symbol of the module descriptor.
    pub module_symbol: String,
    /// Emit the executable configuration into the object.
    pub exe_config: Option<ExeConfig>,
    /// Worker threads for function compilation.
    pub jobs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            triple: target::host_triple(),
            cpu: CpuSpec::default(),
            opt: OptLevel::Speed,
            bounds: if cfg!(target_pointer_width = "64") {
                BoundsChecks::Guard
            } else {
                BoundsChecks::Explicit
            },
            module_symbol: abi::DEFAULT_MODULE_SYMBOL.to_string(),
            exe_config: None,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Compile a WebAssembly binary to a relocatable object file.
pub fn compile(wasm: &[u8], opts: &Options) -> Result<Vec<u8>> {
    if opts.bounds == BoundsChecks::Guard
        && opts.triple.pointer_width().map_or(true, |w| w.bytes() < 8)
    {
        return Err(CompileError::Target(
            "guard-page bounds checks need a 64-bit target; use --bounds-checks explicit".into(),
        ));
    }
    emit::compile(wasm, opts)
}

/// Validate a WebAssembly binary completely (structure and every function
/// body) without compiling it.
/// Cranelift IR text of every defined function (see [`emit::clif`]).
pub fn clif(wasm: &[u8], opts: &Options) -> Result<String> {
    emit::clif(wasm, opts)
}

pub fn validate(wasm: &[u8]) -> Result<()> {
    let env = module::ModuleEnv::parse(wasm)?;
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
