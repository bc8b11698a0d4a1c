//! Target selection: ISA, object format and code-generation settings come
//! from a target triple (the host by default). Code is generated for the
//! triple's portable baseline CPU, never for the build machine's features.

use crate::error::{CompileError, Result};
use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use std::str::FromStr;
use target_lexicon::Triple;

/// Optimisation level (`-O`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptLevel {
    None,
    Speed,
    SpeedAndSize,
}

/// The host triple wasmc was built for.
pub fn host_triple() -> Triple {
    Triple::host()
}

pub fn parse_triple(s: &str) -> Result<Triple> {
    Triple::from_str(s).map_err(|e| CompileError::Target(format!("bad target triple `{s}`: {e}")))
}

/// Build the Cranelift ISA for `triple`.
pub fn isa(triple: &Triple, opt: OptLevel) -> Result<OwnedTargetIsa> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| {
        f.set(k, v).map_err(|e| CompileError::Target(format!("setting {k}={v}: {e}")))
    };
    set(&mut flags, "opt_level", match opt {
        OptLevel::None => "none",
        OptLevel::Speed => "speed",
        OptLevel::SpeedAndSize => "speed_and_size",
    })?;
    // Position-independent code links into PIE executables and shared
    // objects alike.
    set(&mut flags, "is_pic", "true")?;
    // Frame pointers give the runtime cheap, reliable wasm backtraces.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "unwind_info", "false")?;
    // The verifier is cheap insurance while developing.
    set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
    let builder = isa::lookup(triple.clone())
        .map_err(|e| CompileError::Target(format!("{triple}: {e}")))?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| CompileError::Target(format!("{triple}: {e}")))
}
