//! Object emission: compile every function (in parallel), then assemble the
//! relocatable object in a fixed order so the output is byte-identical for
//! the same input and options.
//!
//! Object layout:
//! * `.text`: one local symbol per defined function (`wasm_func_N`, or
//!   `NAME.wasm_func_N` with its name-section name: [`func_symbol`]), then the
//!   per-type trampolines (`wasmc_array_call_N`, `wasmc_host_adapter_N`).
//! * `wasmc_blob` (read-only data): strings, type vectors, data segment bytes,
//!   element items and the trap table: everything without pointers.
//! * `wasmc_meta` (read-only data with relocations): the descriptor arrays
//!   (`wasmc_type_desc[]`, `wasmc_func_desc[]`, ...).
//! * the module descriptor (`wasmc_module_desc`, global symbol, default name
//!   [`abi::DEFAULT_MODULE_SYMBOL`]) pointing into the two above.
//! * optionally the executable configuration ([`abi::EXE_CONFIG_SYMBOL`]).
//!
//! The runtime finds everything through the descriptor; no other symbol is
//! exported, so several modules can be linked into one host.
//!
//! This file is the driver; [`functions`] compiles the functions in
//! parallel (after [`inline`] and [`stack_check`], which picks each
//! function's stack-limit check on its final body), [`descriptor`] and
//! [`exe_config`] encode the data, with the building blocks in [`data`].

mod cold_sites;
mod data;
mod descriptor;
mod exe_config;
mod functions;
mod hot;
mod inline;
mod loop_nesting;
mod placement;
mod stack_check;
pub(crate) mod stack_maps;

use crate::abi;
use crate::conventions::{
    array_call_signature, c_i32_extension, libcall_signature, wasm_signature,
};
use crate::error::{CompileError, Result};
use crate::index::{DefinedFuncIndex, FuncIndex};
use crate::module::ModuleEnv;
use crate::options::Options;
use crate::trampolines;
use crate::translate::{self, Scratch, Symbols, TranslateConfig};
use cranelift_codegen::ir::{self, Endianness, UserFuncName};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::Context;
use cranelift_entity::{EntityRef, PrimaryMap};
use cranelift_module::{FuncId, Linkage, Module};
use cranelift_object::{ObjectBuilder, ObjectModule};
use data::{define_tree, DataLayout, TreeNames};
use descriptor::{Code, Variant};
use functions::{Compiled, FuncInfo};

fn module_err(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Object(e.to_string())
}

/// Cranelift's riscv64 backend lowers wasm SIMD only with the V extension
/// (and panics without it), so a module using v128 is refused up front with
/// a clear error when V is off. Only then is the module validated once more
/// without SIMD to find out.
fn check_simd_support(wasm: &[u8], isa: &OwnedTargetIsa) -> Result<()> {
    if !matches!(
        isa.triple().architecture,
        target_lexicon::Architecture::Riscv64(_)
    ) || isa
        .isa_flags()
        .iter()
        .any(|f| f.name == "has_v" && f.as_bool() == Some(true))
    {
        return Ok(());
    }
    let without_simd = crate::module::features() - wasmparser::WasmFeatures::SIMD;
    let uses_simd = wasmparser::Validator::new_with_features(without_simd)
        .validate_all(wasm)
        .is_err()
        && wasmparser::Validator::new_with_features(crate::module::features())
            .validate_all(wasm)
            .is_ok();
    if uses_simd {
        return Err(CompileError::Target(format!(
            "this module uses SIMD (v128), which needs the RISC-V vector extension on {}: \
             build with --cpu-features +v (the program then needs a CPU with V)",
            isa.triple()
        )));
    }
    Ok(())
}

fn translate_config(isa: &OwnedTargetIsa, opts: &Options) -> TranslateConfig {
    TranslateConfig {
        ptr: isa.pointer_type(),
        bounds: opts.bounds,
        call_conv: isa.default_call_conv(),
        frontend: isa.frontend_config(),
        exceptions: matches!(
            isa.triple().architecture,
            target_lexicon::Architecture::X86_64
                | target_lexicon::Architecture::Aarch64(_)
                | target_lexicon::Architecture::Riscv64(_)
                | target_lexicon::Architecture::S390x
        ),
        gc_roots: false,
        sse2_shuffles: isa.triple().architecture == target_lexicon::Architecture::X86_64
            && !isa
                .isa_flags()
                .iter()
                .any(|f| f.name == "has_ssse3" && f.as_bool() == Some(true)),
    }
}

/// The function symbols of the object, declared before anything is compiled.
struct Declared {
    symbols: Symbols,
    /// `wasmc_array_call_N` of each type.
    array_calls: Vec<FuncId>,
    /// `wasmc_host_adapter_N` of each type.
    adapters: Vec<FuncId>,
}

/// Declarations first (single-threaded, fixed order): they fix the FuncIds
/// the parallel workers refer to. Defined functions, then libcalls, then the
/// two trampolines of each type.
fn declare(
    module: &mut ObjectModule,
    env: &ModuleEnv<'_>,
    opts: &Options,
    config: &TranslateConfig,
) -> Result<Declared> {
    let (ptr, cc) = (config.ptr, config.call_conv);
    let mut symbols = Symbols {
        funcs: vec![None; env.funcs.len()],
        libcalls: Vec::new(),
        c_i32_ext: c_i32_extension(&opts.triple),
    };
    for (def, _) in env.bodies.iter() {
        let f = env.func_index(def);
        let sig = env.code_signature(f, ptr);
        let name = env.funcs[f].name.as_deref();
        let id = module
            .declare_function(&func_symbol(f, name), Linkage::Local, &sig)
            .map_err(module_err)?;
        symbols.funcs[f.index()] = Some(id);
    }
    for lc in abi::LIBCALLS {
        let sig = libcall_signature(lc, ptr, cc, symbols.c_i32_ext);
        symbols.libcalls.push(
            module
                .declare_function(lc.name, Linkage::Import, &sig)
                .map_err(module_err)?,
        );
    }
    let mut array_calls = Vec::new();
    let mut adapters = Vec::new();
    for (t, _) in env.types.iter() {
        let i = t.as_u32();
        let a = module
            .declare_function(
                &format!("wasmc_array_call_{i}"),
                Linkage::Local,
                &array_call_signature(ptr, cc),
            )
            .map_err(module_err)?;
        let h = module
            .declare_function(
                &format!("wasmc_host_adapter_{i}"),
                Linkage::Local,
                &wasm_signature(&env.types[t], ptr),
            )
            .map_err(module_err)?;
        array_calls.push(a);
        adapters.push(h);
    }
    Ok(Declared {
        symbols,
        array_calls,
        adapters,
    })
}

/// Place a compiled function under its symbol in `symbols` (the sink of
/// [`functions::compile_functions`]: each function goes into the object as
/// soon as it is compiled, in index order, its code bytes freed right after).
fn place(
    module: &mut ObjectModule,
    num_imported_funcs: u32,
    symbols: &Symbols,
    def: DefinedFuncIndex,
    c: Compiled,
) -> Result<FuncInfo> {
    let id = symbols.funcs[(num_imported_funcs + def.as_u32()) as usize].expect("defined");
    if c.pad > 0 {
        // The padding is a local function of its own on a line boundary,
        // `<function>.pad`, never called: `.text` is filled in definition
        // order, so the function, whose own alignment divides the pad,
        // follows it directly (emit/placement.rs).
        let fill = match module.isa().triple().architecture {
            target_lexicon::Architecture::X86_64 => 0xcc, // int3
            _ => 0,
        };
        let name = format!(
            "{}.pad",
            module.declarations().get_function_decl(id).linkage_name(id)
        );
        let sig = ir::Signature::new(module.isa().default_call_conv());
        let pad = module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(module_err)?;
        let bytes = vec![fill; c.pad as usize];
        module
            .define_function_bytes(pad, u64::from(placement::LINE), &bytes, &[])
            .map_err(module_err)?;
    }
    module
        .define_function_bytes(id, c.alignment, &c.bytes, &c.relocs)
        .map_err(module_err)?;
    Ok(c.info)
}

/// Build and place the trampolines (after the first variant's functions).
fn define_trampolines(
    module: &mut ObjectModule,
    env: &ModuleEnv<'_>,
    declared: &Declared,
    config: &TranslateConfig,
) -> Result<()> {
    let (ptr, cc) = (config.ptr, config.call_conv);
    let mut ctx = Context::new();
    for (t, ft) in env.types.iter() {
        let i = t.index();
        let name = UserFuncName::user(0, declared.array_calls[i].as_u32());
        ctx.clear();
        ctx.func = trampolines::array_call(name, ft, ptr, cc, config.frontend);
        module
            .define_function(declared.array_calls[i], &mut ctx)
            .map_err(module_err)?;
        let name = UserFuncName::user(0, declared.adapters[i].as_u32());
        ctx.clear();
        ctx.func = trampolines::host_adapter(name, ft, ptr, cc, config.frontend);
        module
            .define_function(declared.adapters[i], &mut ctx)
            .map_err(module_err)?;
    }
    Ok(())
}

/// CPU features the code needs beyond the target's baseline (Cranelift flag
/// names without `has_`), comma-separated.
fn cpu_features(isa: &OwnedTargetIsa) -> String {
    let features: Vec<String> = isa
        .isa_flags()
        .iter()
        .filter(|f| f.as_bool() == Some(true))
        .filter_map(|f| f.name.strip_prefix("has_").map(str::to_string))
        .collect();
    features.join(",")
}

/// The finished object, ready to be written.
fn finish(module: ObjectModule) -> object::write::Object<'static> {
    let mut product = module.finish();
    if product.object.format() == object::BinaryFormat::MachO {
        // Without a minimum OS version (object's default is 0.0), Apple's
        // linker warns about every object and assumes one.
        let (major, minor) = abi::MACOS_MIN_VERSION;
        let version = (major << 16) | (minor << 8);
        let mut build = object::write::MachOBuildVersion::default();
        build.platform = object::macho::PLATFORM_MACOS;
        build.minos = version;
        build.sdk = version;
        product.object.set_macho_build_version(build);
    }
    product.object
}

/// Compile to an object file in memory.
pub fn compile(wasm: &[u8], opts: &Options) -> Result<Vec<u8>> {
    build_object(wasm, opts)?
        .write()
        .map_err(|e| CompileError::Object(e.to_string()))
}

/// Compile, writing the object file to `out` as it is serialised (no
/// second copy of it in memory); `out` is flushed. On an error part of the
/// object may have been written.
pub fn compile_to(wasm: &[u8], opts: &Options, out: &mut dyn std::io::Write) -> Result<()> {
    let object = build_object(wasm, opts)?;
    let mut stream = object::write::StreamingBuffer::new(out);
    object
        .emit(&mut stream)
        .map_err(|e| CompileError::Object(e.to_string()))?;
    stream.flush().map_err(CompileError::Write)
}

fn build_object(wasm: &[u8], opts: &Options) -> Result<object::write::Object<'static>> {
    let mut env = ModuleEnv::parse(wasm)?;
    // One ISA per variant (`--cpu A+B`), the least capable first.
    let isas = crate::target::variant_isas(&opts.triple, opts.opt, &opts.cpu)?;
    let isa = isas[0].clone();
    for isa in &isas {
        check_simd_support(wasm, isa)?;
    }
    let gc_roots = stack_maps::module_uses_gc(&env);
    let configs: Vec<TranslateConfig> = isas
        .iter()
        .map(|isa| {
            let mut config = translate_config(isa, opts);
            config.gc_roots = gc_roots;
            config
        })
        .collect();
    let config = &configs[0];
    let layout = DataLayout {
        ptr: config.ptr.bytes(),
        big_endian: isa.endianness() == Endianness::Big,
    };

    let builder = ObjectBuilder::new(isa.clone(), "wasm", crate::target::libcall_names())
        .map_err(module_err)?;
    let mut module = ObjectModule::new(builder);
    let declared = declare(&mut module, &env, opts, config)?;
    let inline = opts.inline && opts.opt == crate::target::OptLevel::SpeedAndSize;
    // The functions the further variants copy (all, or the hot ones). The
    // hot ones depend on the inlining plan, which variant 0 then reuses.
    let mut plan = None;
    let copy: PrimaryMap<DefinedFuncIndex, bool> = match opts.multiversion {
        _ if isas.len() == 1 => PrimaryMap::new(),
        crate::options::Multiversion::All => env.bodies.keys().map(|_| true).collect(),
        crate::options::Multiversion::Hot => {
            plan = inline.then(|| inline::Plan::new(&env, &declared.symbols, None));
            hot::hot_functions(&env, plan.as_ref().map(|p| &p.candidate))
        }
    };
    let more_symbols = (1..isas.len())
        .map(|v| declare_variant(&mut module, &env, (&declared.symbols, &copy), config, v))
        .collect::<Result<Vec<_>>>()?;
    let imported = env.num_imported_funcs;
    // Variant 0's functions that the further variants share call the
    // copied ones through their funcref records, so that on a machine
    // running variant 1 they reach its copies (direct calls would reach
    // variant 0's).
    let cold_symbols = (isas.len() > 1).then(|| Symbols {
        funcs: (0..env.funcs.len())
            .map(|i| {
                let f = FuncIndex::from_u32(i as u32);
                match env.defined_func_index(f) {
                    Some(def) if copy[def] => None,
                    _ => declared.symbols.funcs[i],
                }
            })
            .collect(),
        libcalls: declared.symbols.libcalls.clone(),
        c_i32_ext: declared.symbols.c_i32_ext,
    });
    let how = functions::How {
        inline,
        jobs: opts.jobs,
        tokens: opts.thread_tokens.as_deref(),
        only: None,
        shared: cold_symbols.as_ref().map(|s| (&copy, s)),
        plan: plan.as_ref(),
    };
    let compiled = {
        let mut sink = |def: DefinedFuncIndex, c: Compiled| {
            place(&mut module, imported, &declared.symbols, def, c)
        };
        functions::compile_functions(&mut env, &declared.symbols, &isa, config, how, &mut sink)?
    };
    define_trampolines(&mut module, &env, &declared, config)?;
    // The further variants: the same functions compiled for each further
    // CPU (the module parsed again for its function bodies), placed after
    // the first variant and the trampolines.
    let mut more_compiled = Vec::new();
    for (v, symbols) in more_symbols.iter().enumerate() {
        let mut env_v = ModuleEnv::parse(wasm)?;
        let mut sink =
            |def: DefinedFuncIndex, c: Compiled| place(&mut module, imported, symbols, def, c);
        let c = functions::compile_functions(
            &mut env_v,
            symbols,
            &isas[v + 1],
            &configs[v + 1],
            functions::How {
                only: Some((&copy, &compiled)),
                shared: None,
                plan: None,
                ..how
            },
            &mut sink,
        )?;
        more_compiled.push(c);
    }

    let mut variants = vec![Variant {
        funcs: &declared.symbols.funcs,
        compiled: &compiled,
        cpu_features: cpu_features(&isa),
    }];
    for (v, (symbols, c)) in more_symbols.iter().zip(&more_compiled).enumerate() {
        variants.push(Variant {
            funcs: &symbols.funcs,
            compiled: c,
            cpu_features: cpu_features(&isas[v + 1]),
        });
    }
    let code = Code {
        array_calls: &declared.array_calls,
        adapters: &declared.adapters,
        variants: &variants,
    };
    let (sections, desc) = descriptor::encode(&env, &code, opts.bounds, layout);
    let names = TreeNames {
        blob: "wasmc_blob",
        meta: "wasmc_meta",
        root: &opts.module_symbol,
    };
    define_tree(&mut module, &names, sections, desc)?;
    if let Some(cfg) = &opts.exe_config {
        exe_config::define(&mut module, cfg, layout)?;
    }
    Ok(finish(module))
}

/// The symbols of variant `v` (1, 2, ...) of multi-versioned code: every
/// defined function that `copy` marks once more (`NAME.wasm_func_N.vV`),
/// calling each other; the other functions and the libcalls are the first
/// variant's.
fn declare_variant(
    module: &mut ObjectModule,
    env: &ModuleEnv<'_>,
    (first, copy): (&Symbols, &PrimaryMap<DefinedFuncIndex, bool>),
    config: &TranslateConfig,
    v: usize,
) -> Result<Symbols> {
    let mut symbols = Symbols {
        funcs: vec![None; env.funcs.len()],
        libcalls: first.libcalls.clone(),
        c_i32_ext: first.c_i32_ext,
    };
    for (def, _) in env.bodies.iter() {
        let f = env.func_index(def);
        if !copy[def] {
            symbols.funcs[f.index()] = first.funcs[f.index()];
            continue;
        }
        let sig = env.code_signature(f, config.ptr);
        let name = format!("{}.v{v}", func_symbol(f, env.funcs[f].name.as_deref()));
        let id = module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(module_err)?;
        symbols.funcs[f.index()] = Some(id);
    }
    Ok(symbols)
}

/// Bytes of a name-section name kept in a symbol.
const SYMBOL_NAME_MAX: usize = 200;

/// The local symbol of defined function `f`: `wasm_func_N`, or
/// `NAME.wasm_func_N` when the name section names it, so that profilers,
/// debuggers and `nm` show source names (`printf_core.wasm_func_37`). C++ and
/// Rust mangled names still demangle: to demanglers `.suffix` is a clone
/// suffix. Bytes other than `[A-Za-z0-9_.$]` become `_` and at most
/// `SYMBOL_NAME_MAX` (200) bytes of the name are kept. The index keeps symbols
/// unique (names need not be) and apart from every libcall and C symbol.
pub fn func_symbol(f: FuncIndex, name: Option<&str>) -> String {
    let base = format!("wasm_func_{}", f.as_u32());
    match name {
        Some(n) if !n.is_empty() => {
            let clean: String = n
                .bytes()
                .take(SYMBOL_NAME_MAX)
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'$' => b as char,
                    _ => '_',
                })
                .collect();
            format!("{clean}.{base}")
        }
        _ => base,
    }
}

/// The Cranelift IR of every defined function, as produced by the
/// translator (before optimisation), for `--emit clif` and the
/// expected-output tests.
pub fn clif(wasm: &[u8], opts: &Options, inlined: bool) -> Result<String> {
    let mut env = ModuleEnv::parse(wasm)?;
    let isa = crate::target::isa(&opts.triple, opts.opt, &opts.cpu)?;
    let mut config = translate_config(&isa, opts);
    config.gc_roots = stack_maps::module_uses_gc(&env);
    // Symbols are numbered like in `compile`: defined functions, then libcalls.
    let mut symbols = Symbols {
        funcs: vec![None; env.funcs.len()],
        libcalls: Vec::new(),
        c_i32_ext: c_i32_extension(&opts.triple),
    };
    let mut next = 0u32;
    for (def, _) in env.bodies.iter() {
        symbols.funcs[env.func_index(def).index()] = Some(FuncId::from_u32(next));
        next += 1;
    }
    for _ in abi::LIBCALLS {
        symbols.libcalls.push(FuncId::from_u32(next));
        next += 1;
    }
    let plan = if inlined && opts.inline && opts.opt == crate::target::OptLevel::SpeedAndSize {
        inline::Plan::new(&env, &symbols, None)
    } else {
        inline::Plan::none(&env)
    };
    let mut scratch = Scratch::default();
    let bodies = std::mem::take(&mut env.bodies);
    let mut funcs = Vec::with_capacity(bodies.len());
    for (def, input) in bodies {
        funcs.push(translate::translate_function(
            &env,
            &symbols,
            def,
            input,
            &config,
            &mut scratch,
        )?);
    }
    let callees: Vec<Option<ir::Function>> = funcs
        .iter()
        .zip(plan.candidate.values())
        .map(|(f, &c)| c.then(|| f.clone()))
        .collect();
    let mut out = String::new();
    let mut ctx = Context::new();
    for (i, f) in funcs.into_iter().enumerate() {
        let def = DefinedFuncIndex::from_u32(i as u32);
        ctx.clear();
        ctx.func = f;
        plan.inline_into(&mut ctx, &callees, def, env.func_index(def).as_u32())?;
        out.push_str(&format!(
            "; function {}\n{}\n",
            env.func_index(def).as_u32(),
            ctx.func.display()
        ));
    }
    Ok(out)
}
