//! What the caller asks of a compilation: target, optimisation, bounds-check
//! strategy, symbol names, the executable configuration to embed and the
//! number of worker threads (and who may grant more, [`ThreadTokens`]). Its own module so that the crate root (the
//! public entry points) and the emitter both depend on it, not on each other.

use crate::abi;
use crate::target::{self, CpuSpec, OptLevel};
use std::sync::Arc;
use target_lexicon::Triple;

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
    /// Size of the GC heap of each store, in bytes (`--max-gc-heap`).
    pub max_gc_heap: Option<u64>,
    /// `ADDR:PORT` addresses the program gets listening TCP sockets on.
    pub listen: Vec<String>,
}

/// Which functions multi-versioned code copies for its further CPUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Multiversion {
    /// The loop-dense functions, within a size budget (see the
    /// compiler's `emit/hot.rs`); the rest is shared.
    Hot,
    /// Every function.
    All,
}

/// Options of one compilation ([`crate::compile`], [`crate::clif`]).
#[derive(Clone, Debug)]
pub struct Options {
    pub triple: Triple,
    /// CPU and features to generate code for (default: the portable baseline).
    pub cpu: CpuSpec,
    /// Optimization level (default [`OptLevel::SpeedAndSize`], the CLI's `-O2`).
    pub opt: OptLevel,
    /// Whole-module inlining ([`OptLevel::SpeedAndSize`] only; default on).
    pub inline: bool,
    /// Which functions the further CPUs of multi-versioned code (`--cpu
    /// A+B`) get their own copy of.
    pub multiversion: Multiversion,
    pub bounds: BoundsChecks,
    /// Global symbol of the module descriptor.
    pub module_symbol: String,
    /// Emit the executable configuration into the object.
    pub exe_config: Option<ExeConfig>,
    /// Worker threads for function compilation (at most).
    pub jobs: usize,
    /// Who grants the threads beyond the first (e.g. a make jobserver).
    /// `None`: all `jobs` threads run at once.
    pub thread_tokens: Option<Arc<dyn ThreadTokens>>,
}

/// A source of permissions to run one more compilation thread, such as a GNU
/// make jobserver. The calling thread needs none; every further worker
/// thread holds a token while it runs and drops it (giving it back) when it
/// ends, also when compilation fails or panics.
pub trait ThreadTokens: Send + Sync + std::fmt::Debug {
    /// A token if one is free now. Never blocks: compilation goes on with
    /// the threads it has and asks again later.
    fn try_acquire(&self) -> Option<Box<dyn Send>>;
}

impl Default for Options {
    fn default() -> Self {
        Options {
            triple: target::host_triple(),
            cpu: CpuSpec::default(),
            opt: OptLevel::SpeedAndSize,
            inline: true,
            multiversion: Multiversion::Hot,
            bounds: if cfg!(target_pointer_width = "64") {
                BoundsChecks::Guard
            } else {
                BoundsChecks::Explicit
            },
            module_symbol: abi::DEFAULT_MODULE_SYMBOL.to_string(),
            exe_config: None,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            thread_tokens: None,
        }
    }
}
