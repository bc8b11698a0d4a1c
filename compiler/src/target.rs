//! Target selection: ISA, object format and code-generation settings come
//! from a target triple (the host by default). Code is generated for the
//! triple's portable baseline CPU, never for the build machine's features
//! (on x86-64 that baseline is x86-64-v2's SSE4.2, see [`isa`]).

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
        f.set(k, v)
            .map_err(|e| CompileError::Target(format!("setting {k}={v}: {e}")))
    };
    set(
        &mut flags,
        "opt_level",
        match opt {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
            OptLevel::SpeedAndSize => "speed_and_size",
        },
    )?;
    // Position-independent code links into PIE executables and shared
    // objects alike.
    set(&mut flags, "is_pic", "true")?;
    // Frame pointers give the runtime cheap, reliable wasm backtraces.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "unwind_info", "false")?;
    // The verifier is cheap insurance while developing.
    set(
        &mut flags,
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    let mut builder =
        isa::lookup(triple.clone()).map_err(|e| CompileError::Target(format!("{triple}: {e}")))?;
    if triple.architecture == target_lexicon::Architecture::X86_64 {
        // The x86-64 baseline is x86-64-v2's vector ISA: SSE3, SSSE3, SSE4.1
        // and SSE4.2 (every x86-64 CPU since about 2009-2011). Wasm SIMD needs
        // it: with plain SSE2, Cranelift lowers a general `i8x16.shuffle`
        // and `i8x16.swizzle` to a call to `__cranelift_x86_pshufb`, which no
        // runtime provides (the link fails), calls libm once per lane for
        // vector ceil/floor/trunc/nearest, and expands widening, i64x2
        // compares, lane inserts/extracts, integer min/max and blends into
        // multi-instruction sequences (instead of pshufb, pmovsx/zx, pinsr/
        // pextr, pmins/pmaxs, blendv, roundps, pcmpgtq). Scalar float
        // rounding also becomes one instruction instead of a libm call.
        // Other extensions (POPCNT, BMI, LZCNT, AVX) stay off.
        for flag in ["has_sse3", "has_ssse3", "has_sse41", "has_sse42"] {
            builder
                .enable(flag)
                .map_err(|e| CompileError::Target(format!("{triple}: enabling {flag}: {e}")))?;
        }
    }
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| CompileError::Target(format!("{triple}: {e}")))
}
