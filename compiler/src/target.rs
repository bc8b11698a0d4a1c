//! Target selection: ISA, object format and code-generation settings come
//! from a target triple (the host by default). Code is generated for the
//! triple's portable baseline CPU, never for the build machine's features
//! (on x86-64 that baseline is SSE2, x86-64-v1, see [`isa`]).

use crate::error::{CompileError, Result};
use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use std::str::FromStr;
use target_lexicon::Triple;

/// Optimisation level (`-O`). Each level is a superset of the one below;
/// README "CLI" gives their measured compile-time and run-time costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptLevel {
    /// `-O0`, for the fastest compile: Cranelift's `opt_level=none` (no
    /// e-graph rewrites, no GVN/LICM) and its single-pass register allocator.
    None,
    /// `-O1`: Cranelift's `speed` with the backtracking register allocator;
    /// each function is compiled on its own.
    Speed,
    /// `-O2` (the default): Cranelift's `speed_and_size` plus what needs the
    /// whole (closed) module or costs code size: functions placed on 64-byte
    /// lines with their hottest loop head starting one (code placement,
    /// see [`isa`]) and the whole-module passes.
    SpeedAndSize,
}

/// The host triple wasmc was built for.
pub fn host_triple() -> Triple {
    Triple::host()
}

pub fn parse_triple(s: &str) -> Result<Triple> {
    Triple::from_str(s).map_err(|e| CompileError::Target(format!("bad target triple `{s}`: {e}")))
}

/// A target wasmc knows, with what is tested for it.
pub struct TargetInfo {
    pub triple: &'static str,
    pub status: &'static str,
}

/// Cranelift's four backends, on Linux and (for two of them) macOS.
pub const TARGETS: &[TargetInfo] = &[
    TargetInfo {
        triple: "x86_64-unknown-linux-gnu",
        status: "tier 1: C corpus, WASI suites, spec suite in both memory modes",
    },
    TargetInfo {
        triple: "aarch64-unknown-linux-gnu",
        status: "tier 1: C corpus and the 2.0 and 3.0 spec suites (both modes) under qemu",
    },
    TargetInfo {
        triple: "riscv64gc-unknown-linux-gnu",
        status: "tier 2: C corpus, 2.0 spec suite and exception files under qemu; SIMD needs --cpu-features +v",
    },
    TargetInfo {
        triple: "s390x-unknown-linux-gnu",
        status: "tier 2: C corpus, 2.0 spec suite and exception files under qemu (big-endian)",
    },
    TargetInfo {
        triple: "x86_64-apple-darwin",
        status: "tier 3: executables linked (zig cc) and inspected, not run; macOS 11+",
    },
    TargetInfo {
        triple: "aarch64-apple-darwin",
        status: "tier 3: executables linked (zig cc) and inspected, not run; macOS 11+",
    },
];

/// Which CPU to generate code for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpuSpec {
    /// `None`: the target's portable baseline. `Some("native")`: the build
    /// machine (host target only). Otherwise a Cranelift CPU preset such as
    /// `x86-64-v3`, `haswell`, `znver3`.
    pub cpu: Option<String>,
    /// Individual features on top (`true`) or removed (`false`), by Cranelift
    /// flag name with or without `has_` (e.g. `sse41`, `avx2`, `lse`, `v`).
    /// They apply to every variant.
    pub features: Vec<(bool, String)>,
    /// Multi-versioned code (`--cpu A+B+C`): the further CPUs after `cpu`,
    /// each compiled as one more full copy of the code (a variant), from the
    /// least to the most capable; the runtime runs the most capable one the
    /// machine supports. Empty for ordinary single-CPU code.
    pub more: Vec<CpuVariant>,
    /// How `--cpu` named each variant (for messages); empty for single-CPU.
    pub labels: Vec<String>,
}

/// A further CPU of multi-versioned code: as [`CpuSpec::cpu`] and
/// [`CpuSpec::features`] (which here include the `--cpu-features` of all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpuVariant {
    pub cpu: Option<String>,
    pub features: Vec<(bool, String)>,
}

/// The `--cpu` a build gets when it names neither `--cpu` nor
/// `--cpu-features`: at `-O2` on x86-64, `baseline+x86-64-v3`
/// (multi-versioned hot functions: the executable runs everywhere and uses
/// AVX2/BMI2 where the machine has them; see `emit/hot.rs` for what is
/// copied); otherwise the target's baseline (`None`). `-O0` and `-O1` are
/// for compile speed, so they get one copy.
pub fn default_cpu(triple: &Triple, opt: OptLevel) -> Option<&'static str> {
    let x86_64 = matches!(triple.architecture, target_lexicon::Architecture::X86_64);
    (x86_64 && opt == OptLevel::SpeedAndSize).then_some("baseline+x86-64-v3")
}

/// Most CPUs one `--cpu A+B+...` may name.
pub const MAX_CPU_VARIANTS: usize = 4;

impl CpuSpec {
    /// Parse `--cpu-features`: `+x,-y,z` (no sign means `+`).
    pub fn parse_features(s: &str) -> Result<Vec<(bool, String)>> {
        s.split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(|f| match f.as_bytes()[0] {
                b'+' => Ok((true, f[1..].to_string())),
                b'-' => Ok((false, f[1..].to_string())),
                _ => Ok((true, f.to_string())),
            })
            .collect()
    }

    /// The CPU part of `--cpu`: one CPU, or `A+B[+C...]` for
    /// multi-versioned code. Each CPU is `baseline` (the target's portable
    /// baseline), `native` or a preset, optionally with features of its own
    /// after a colon (`baseline:lse,dotprod`: targets without presets, such
    /// as aarch64, name their variants this way). `features`
    /// (`--cpu-features`) apply to every CPU. (Whether the names exist and
    /// are ordered is checked with the target, by [`variant_isas`].)
    pub fn with_cpus(s: &str, features: Vec<(bool, String)>) -> Result<CpuSpec> {
        let parts: Vec<&str> = s.split('+').map(str::trim).collect();
        if parts.iter().any(|p| p.is_empty() || p.starts_with(':')) {
            return Err(CompileError::Target(format!(
                "--cpu `{s}`: empty CPU name (write one CPU, or CPUs joined by `+` such as baseline+x86-64-v3)"
            )));
        }
        if parts.len() > MAX_CPU_VARIANTS {
            return Err(CompileError::Target(format!(
                "--cpu `{s}`: at most {MAX_CPU_VARIANTS} CPUs (variants) in one build"
            )));
        }
        for (i, p) in parts.iter().enumerate() {
            if parts[..i].contains(p) {
                return Err(CompileError::Target(format!(
                    "--cpu `{s}`: CPU `{p}` is named twice"
                )));
            }
        }
        let mut variants = Vec::new();
        for p in &parts {
            let (name, own) = match p.split_once(':') {
                Some((n, f)) => (n, CpuSpec::parse_features(f)?),
                None => (*p, Vec::new()),
            };
            variants.push(CpuVariant {
                cpu: Some(name.to_string()).filter(|c| c != "baseline"),
                features: features.iter().cloned().chain(own).collect(),
            });
        }
        let first = variants.remove(0);
        Ok(CpuSpec {
            cpu: first.cpu,
            features: first.features,
            labels: if variants.is_empty() {
                Vec::new()
            } else {
                parts.iter().map(|p| p.to_string()).collect()
            },
            more: variants,
        })
    }

    /// One single-CPU spec per variant, variant 0 first.
    pub fn variants(&self) -> Vec<CpuSpec> {
        let first = CpuVariant {
            cpu: self.cpu.clone(),
            features: self.features.clone(),
        };
        std::iter::once(&first)
            .chain(&self.more)
            .map(|v| CpuSpec {
                cpu: v.cpu.clone(),
                features: v.features.clone(),
                ..Default::default()
            })
            .collect()
    }

    /// How `--cpu` named variant `i`.
    fn label(&self, i: usize) -> &str {
        self.labels
            .get(i)
            .map(String::as_str)
            .unwrap_or_else(|| self.cpu.as_deref().unwrap_or("baseline"))
    }
}

/// The ISA of every variant of `cpu` (one for single-CPU code), variant 0
/// first. Each variant must have every CPU feature of the one before it and
/// more, so that variant 0 is the least capable and the runtime can pick the
/// last one the machine supports.
pub fn variant_isas(triple: &Triple, opt: OptLevel, cpu: &CpuSpec) -> Result<Vec<OwnedTargetIsa>> {
    let variants = cpu.variants();
    let mut isas: Vec<OwnedTargetIsa> = Vec::with_capacity(variants.len());
    let enabled = |isa: &OwnedTargetIsa| -> Vec<String> {
        isa.isa_flags()
            .iter()
            .filter(|f| f.as_bool() == Some(true))
            .filter_map(|f| f.name.strip_prefix("has_").map(str::to_string))
            .collect()
    };
    for (i, v) in variants.iter().enumerate() {
        let isa = isa(triple, opt, v)?;
        if let Some(prev) = isas.last() {
            let (before, now) = (enabled(prev), enabled(&isa));
            let lost: Vec<&str> = before
                .iter()
                .filter(|f| !now.contains(f))
                .map(String::as_str)
                .collect();
            let (a, b) = (cpu.label(i - 1), cpu.label(i));
            if !lost.is_empty() {
                return Err(CompileError::Target(format!(
                    "--cpu: `{b}` lacks CPU features of `{a}` ({}) before it: name the CPUs from the least to the most capable, the target's baseline first (e.g. baseline+x86-64-v3)",
                    lost.join(", ")
                )));
            }
            if now.len() == before.len() {
                return Err(CompileError::Target(format!(
                    "--cpu: `{b}` has no CPU feature that `{a}` lacks, so its variant would never be picked"
                )));
            }
        }
        isas.push(isa);
    }
    Ok(isas)
}

/// The names of the boolean ISA flags of `triple` (for error messages).
fn known_flags(builder: &isa::Builder) -> Vec<String> {
    builder
        .iter()
        .filter(|s| matches!(s.kind, settings::SettingKind::Bool))
        .map(|s| s.name.to_string())
        .collect()
}

/// Build the Cranelift ISA for `triple` and `cpu`.
pub fn isa(triple: &Triple, opt: OptLevel, cpu: &CpuSpec) -> Result<OwnedTargetIsa> {
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
    if opt == OptLevel::None {
        // -O0: compile time over code quality (more spills and moves).
        set(&mut flags, "regalloc_algorithm", "single_pass")?;
    }
    if opt == OptLevel::SpeedAndSize {
        // -O2: functions start on 64-byte lines (a cache line), shifted so
        // that the hottest loop head starts one (emit/placement.rs).
        // Cranelift aligns no blocks, so where a hot loop or an
        // interpreter's dispatch jump lands relative to 16/32/64-byte fetch
        // and branch-predictor boundaries otherwise follows from where its
        // function starts and what precedes the loop in it: the benchmark
        // suite's `vm` kernel ran anywhere between 0.48 s and 1.20 s
        // depending on how many functions preceded it
        // (docs/bench/findings.md, item 2). The placement reads the
        // machine-code CFG, which this flag makes Cranelift report (it
        // changes no code).
        set(&mut flags, "machine_code_cfg_info", "true")?;
    }
    // Position-independent code links into PIE executables and shared
    // objects alike.
    set(&mut flags, "is_pic", "true")?;
    // Frame pointers give the runtime cheap, reliable wasm backtraces.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "unwind_info", "false")?;
    // Multi-value functions may return more values than the target has
    // return registers (aarch64, riscv64 and s390x have fewer than x86-64;
    // the spec's func.wast returns 9 integers): the rest go through a return
    // area the caller passes. Only wasm functions and wasmc's own trampolines
    // use such signatures, all compiled by this Cranelift, so the non-standard
    // ABI is fine.
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
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
    let target_err = |e: &dyn std::fmt::Display| CompileError::Target(format!("{triple}: {e}"));
    let mut builder = match cpu.cpu.as_deref() {
        Some("native") => {
            if *triple != host_triple() {
                return Err(CompileError::Target(format!(
                    "--cpu native describes this machine ({}), not {triple}",
                    host_triple()
                )));
            }
            cranelift_native::builder_with_options(true).map_err(|e| target_err(&e))?
        }
        _ => isa::lookup(triple.clone()).map_err(|e| target_err(&e))?,
    };
    if cpu.cpu.is_none() {
        // The portable baseline. x86-64: SSE2 only (x86-64-v1; shuffles that
        // would need SSSE3's pshufb call `wasmc_x86_pshufb` in the runtime,
        // float rounding calls libm). aarch64: Armv8.0-A with NEON (all
        // mandatory). riscv64gc: RV64IMAFDC, what the triple names; no V, so
        // wasm SIMD needs `--cpu-features +v`. s390x: Cranelift's minimum
        // (z14 / arch12).
        if let target_lexicon::Architecture::Riscv64(_) = triple.architecture {
            for f in [
                "has_m",
                "has_a",
                "has_f",
                "has_d",
                "has_zicsr",
                "has_zifencei",
                "has_zca",
                "has_zcd",
            ] {
                builder.enable(f).map_err(|e| target_err(&e))?;
            }
        }
    } else if let Some(preset) = cpu.cpu.as_deref().filter(|c| *c != "native") {
        builder.enable(preset).map_err(|_| {
            CompileError::Target(format!(
                "unknown CPU `{preset}` for {triple} (use a Cranelift preset, e.g. x86-64-v2, x86-64-v3, haswell, znver3; or `native`)"
            ))
        })?;
    }
    for (on, name) in &cpu.features {
        let flag = if name.starts_with("has_") {
            name.clone()
        } else {
            format!("has_{name}")
        };
        builder
            .set(&flag, if *on { "true" } else { "false" })
            .map_err(|_| {
                let known: Vec<String> = known_flags(&builder)
                    .into_iter()
                    .filter_map(|f| f.strip_prefix("has_").map(str::to_string))
                    .collect();
                CompileError::Target(format!(
                    "unknown CPU feature `{name}` for {triple}; known: {}",
                    known.join(", ")
                ))
            })?;
    }
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| target_err(&e))
}

/// The CPU features that code for `triple` and `cpu` is generated for, as
/// text (`has_sse3=true,...`): `--cpu native` and presets resolved, so that a
/// cache of compiled programs (`wasmc run`) can key on what the code needs.
/// Multi-versioned code gives one list per variant, joined by `+`.
pub fn cpu_fingerprint(triple: &Triple, cpu: &CpuSpec) -> Result<String> {
    let isas = variant_isas(triple, OptLevel::None, cpu)?;
    let lists: Vec<String> = isas
        .iter()
        .map(|isa| {
            let flags: Vec<String> = isa.isa_flags().iter().map(ToString::to_string).collect();
            flags.join(",")
        })
        .collect();
    Ok(lists.join("+"))
}

/// Names of the libcalls Cranelift may emit, as the object refers to them:
/// libm for float rounding and fma, and the runtime for the one helper
/// Cranelift cannot inline without SSSE3.
pub fn libcall_names() -> Box<dyn Fn(cranelift_codegen::ir::LibCall) -> String + Send + Sync> {
    let default = cranelift_module::default_libcall_names();
    Box::new(move |lc| match lc {
        cranelift_codegen::ir::LibCall::X86Pshufb => crate::abi::X86_PSHUFB_SYMBOL.to_string(),
        other => default(other),
    })
}
