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

use crate::abi::{self, const_kind, seg_mode, Struct, Ty};
use crate::error::{CompileError, Result};
use crate::index::{DefinedFuncIndex, FuncIndex};
use crate::module::{ConstVal, ModuleEnv, SegmentMode};
use crate::translate::env::{self, Symbols};
use crate::translate::{self, Scratch, TranslateConfig};
use crate::{trampolines, ExeConfig, Options};
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{Endianness, UserFuncName};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::Context;
use cranelift_entity::EntityRef;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module, ModuleReloc};
use cranelift_object::{ObjectBuilder, ObjectModule};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A compiled function, ready to be placed in the object.
struct Compiled {
    bytes: Vec<u8>,
    alignment: u64,
    relocs: Vec<ModuleReloc>,
    /// (offset in function, trap) sorted by offset.
    traps: Vec<(u32, u32)>,
}

/// Where a pointer field points.
#[derive(Clone, Copy)]
enum Target {
    Null,
    Blob(u32),
    Meta(u32),
    Func(FuncId),
}

/// Bytes of a data object plus the pointers to relocate in it.
#[derive(Default)]
struct DataBuf {
    bytes: Vec<u8>,
    relocs: Vec<(u32, Target)>,
}

impl DataBuf {
    fn align(&mut self, a: usize) {
        while !self.bytes.len().is_multiple_of(a) {
            self.bytes.push(0);
        }
    }

    fn push_bytes(&mut self, data: &[u8], align: usize) -> u32 {
        self.align(align);
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(data);
        off
    }

    /// Append `s` and a terminating NUL. Wasm names may contain NUL bytes, so
    /// descriptors that carry them also store the length (`*_len` fields);
    /// the NUL only lets C-string users read ordinary names as they are.
    fn push_str(&mut self, s: &str) -> u32 {
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        off
    }
}

/// One ABI struct being filled in, laid out by [`Struct::layout`].
struct StructBuf<'s> {
    s: &'s Struct,
    offsets: Vec<u32>,
    bytes: Vec<u8>,
    relocs: Vec<(u32, Target)>,
    ptr: u32,
    big: bool,
    align: usize,
}

impl<'s> StructBuf<'s> {
    fn new(s: &'s Struct, ptr: u32, big: bool) -> Self {
        let l = s.layout(ptr);
        StructBuf {
            s,
            offsets: l.offsets,
            bytes: vec![0; l.size as usize],
            relocs: Vec::new(),
            ptr,
            big,
            align: l.align as usize,
        }
    }

    fn field(&self, name: &str) -> (usize, Ty) {
        let i = self
            .s
            .fields
            .iter()
            .position(|f| f.0 == name)
            .unwrap_or_else(|| panic!("abi: {} has no field {name}", self.s.name));
        (self.offsets[i] as usize, self.s.fields[i].1)
    }

    fn int(&mut self, name: &str, v: u64) -> &mut Self {
        let (off, ty) = self.field(name);
        let n = match ty {
            Ty::U8 => 1,
            Ty::U32 => 4,
            Ty::U64 => 8,
            _ => panic!("abi: {}.{name} is not an integer", self.s.name),
        };
        let le = v.to_le_bytes();
        for i in 0..n {
            let byte = if self.big { le[n - 1 - i] } else { le[i] };
            self.bytes[off + i] = byte;
        }
        self
    }

    fn ptr(&mut self, name: &str, t: Target) -> &mut Self {
        let (off, ty) = self.field(name);
        assert!(
            matches!(ty, Ty::Ptr(_)),
            "abi: {}.{name} is not a pointer",
            self.s.name
        );
        if !matches!(t, Target::Null) {
            self.relocs.push((off as u32, t));
        }
        self
    }

    fn const_expr(&mut self, name: &str, c: &ConstVal) -> &mut Self {
        let (off, ty) = self.field(name);
        assert_eq!(ty, Ty::Struct(&abi::CONST_EXPR));
        let e = encode_const(c, self.ptr, self.big);
        self.bytes[off..off + e.len()].copy_from_slice(&e);
        self
    }

    /// Append to `buf` at the struct's natural alignment, returning its
    /// offset. Consecutive structs of one kind form a C array: the size is a
    /// multiple of the alignment, so the stride is exactly `sizeof`.
    fn finish(self, buf: &mut DataBuf) -> u32 {
        let off = buf.push_bytes(&self.bytes, self.align);
        buf.relocs
            .extend(self.relocs.into_iter().map(|(o, t)| (off + o, t)));
        off
    }
}

/// A `wasmc_const_expr`. `bits` keeps wasm's little-endian byte order.
fn encode_const(c: &ConstVal, ptr: u32, big: bool) -> Vec<u8> {
    let mut e = StructBuf::new(&abi::CONST_EXPR, ptr, big);
    match c {
        ConstVal::Bits(bits) => {
            e.int("kind", u64::from(const_kind::VALUE));
            let (boff, _) = e.field("bits");
            e.bytes[boff..boff + 16].copy_from_slice(bits);
        }
        ConstVal::GlobalGet(g) => {
            e.int("kind", u64::from(const_kind::GLOBAL_GET))
                .int("index", u64::from(g.as_u32()));
        }
        ConstVal::RefNull => {
            e.int("kind", u64::from(const_kind::REF_NULL));
        }
        ConstVal::RefFunc(f) => {
            e.int("kind", u64::from(const_kind::REF_FUNC))
                .int("index", u64::from(f.as_u32()));
        }
    }
    e.bytes
}

fn encode_valtypes(tys: &[wasmparser::ValType]) -> Vec<u8> {
    use wasmparser::ValType as V;
    tys.iter()
        .map(|t| match t {
            V::I32 => abi::valtype::I32,
            V::I64 => abi::valtype::I64,
            V::F32 => abi::valtype::F32,
            V::F64 => abi::valtype::F64,
            V::V128 => abi::valtype::V128,
            V::Ref(r) if r.is_func_ref() => abi::valtype::FUNCREF,
            V::Ref(_) => abi::valtype::EXTERNREF,
        })
        .collect()
}

fn reftype_code(r: wasmparser::RefType) -> u8 {
    if r.is_func_ref() {
        abi::valtype::FUNCREF
    } else {
        abi::valtype::EXTERNREF
    }
}

fn module_err(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Object(e.to_string())
}

/// Compile all defined functions on `jobs` threads. Results come back in
/// index order; the first error by function index wins, so errors are
/// deterministic too.
fn compile_functions(
    env: &mut ModuleEnv<'_>,
    symbols: &Symbols,
    isa: &OwnedTargetIsa,
    config: &TranslateConfig,
    jobs: usize,
) -> Result<Vec<Compiled>> {
    let inputs: Vec<Mutex<Option<_>>> = std::mem::take(&mut env.bodies)
        .into_iter()
        .map(|(_, b)| Mutex::new(Some(b)))
        .collect();
    let env: &ModuleEnv<'_> = env;
    let n = inputs.len();
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Compiled>>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let failed = AtomicUsize::new(usize::MAX);
    let worker = || {
        let mut scratch = Scratch::default();
        let mut ctx = Context::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            // After a failure, functions beyond it cannot change the outcome.
            if i >= n || i > failed.load(Ordering::Relaxed) {
                break;
            }
            let input = inputs[i]
                .lock()
                .expect("no poisoning")
                .take()
                .expect("taken once");
            let def = DefinedFuncIndex::from_u32(i as u32);
            let r = compile_one(
                env,
                symbols,
                isa,
                config,
                def,
                input,
                &mut scratch,
                &mut ctx,
            );
            if r.is_err() {
                failed.fetch_min(i, Ordering::Relaxed);
            }
            *results[i].lock().expect("no poisoning") = Some(r);
        }
    };
    let jobs = jobs.clamp(1, n.max(1));
    std::thread::scope(|s| {
        for _ in 1..jobs {
            s.spawn(worker);
        }
        worker();
    });
    let mut out = Vec::with_capacity(n);
    for r in results {
        match r.into_inner().expect("no poisoning") {
            Some(r) => out.push(r?),
            None => break,
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn compile_one(
    env: &ModuleEnv<'_>,
    symbols: &Symbols,
    isa: &OwnedTargetIsa,
    config: &TranslateConfig,
    def: DefinedFuncIndex,
    input: crate::module::FunctionInput<'_>,
    scratch: &mut Scratch,
    ctx: &mut Context,
) -> Result<Compiled> {
    let func_index = env.func_index(def);
    let func = translate::translate_function(env, symbols, def, input, config, scratch)?;
    ctx.clear();
    ctx.func = func;
    let id = symbols.funcs[func_index.index()].expect("defined");
    let code = ctx
        .compile(&**isa, &mut ControlPlane::default())
        .map_err(|e| CompileError::Codegen {
            func: func_index.as_u32(),
            message: format!("{:?}", e.inner),
        })?;
    let bytes = code.code_buffer().to_vec();
    let mach_relocs = code.buffer.relocs().to_vec();
    let alignment = u64::from(code.buffer.alignment.max(isa.function_alignment().minimum));
    let mut traps = Vec::new();
    for t in code.buffer.traps() {
        let trap = env::trap_from_code(t.code).ok_or_else(|| CompileError::Codegen {
            func: func_index.as_u32(),
            message: format!("unexpected trap code {}", t.code),
        })?;
        traps.push((t.offset, trap as u32));
    }
    traps.sort_unstable();
    let relocs: Vec<ModuleReloc> = mach_relocs
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id))
        .collect();
    Ok(Compiled {
        bytes,
        alignment,
        relocs,
        traps,
    })
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

pub fn compile(wasm: &[u8], opts: &Options) -> Result<Vec<u8>> {
    let mut env = ModuleEnv::parse(wasm)?;
    for (_, m) in env.memories.iter() {
        if m.ty.memory64 {
            return Err(CompileError::unsupported("memory64", 0, None));
        }
        if m.ty.shared {
            return Err(CompileError::unsupported("shared memories", 0, None));
        }
    }
    let isa = crate::target::isa(&opts.triple, opts.opt, &opts.cpu)?;
    check_simd_support(wasm, &isa)?;
    let ptr = isa.pointer_type();
    let pb = ptr.bytes();
    let big = isa.endianness() == Endianness::Big;
    let cc = isa.default_call_conv();
    let config = TranslateConfig {
        ptr,
        bounds: opts.bounds,
        call_conv: cc,
        frontend: isa.frontend_config(),
    };

    let builder = ObjectBuilder::new(isa.clone(), "wasm", crate::target::libcall_names())
        .map_err(module_err)?;
    let mut module = ObjectModule::new(builder);

    // Declarations first (single-threaded, fixed order): they fix the
    // FuncIds the parallel workers refer to.
    let mut symbols = Symbols {
        funcs: vec![None; env.funcs.len()],
        libcalls: Vec::new(),
        c_i32_ext: env::c_i32_extension(&opts.triple),
    };
    for (def, _) in env.bodies.iter() {
        let f = env.func_index(def);
        let sig = env::wasm_signature(env.func_type(f), ptr);
        let name = env.funcs[f].name.as_deref();
        let id = module
            .declare_function(&func_symbol(f, name), Linkage::Local, &sig)
            .map_err(module_err)?;
        symbols.funcs[f.index()] = Some(id);
    }
    for lc in abi::LIBCALLS {
        let sig = env::libcall_signature(lc, ptr, cc, symbols.c_i32_ext);
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
                &trampolines::array_call_signature(ptr, cc),
            )
            .map_err(module_err)?;
        let h = module
            .declare_function(
                &format!("wasmc_host_adapter_{i}"),
                Linkage::Local,
                &env::wasm_signature(&env.types[t], ptr),
            )
            .map_err(module_err)?;
        array_calls.push(a);
        adapters.push(h);
    }

    let compiled = compile_functions(&mut env, &symbols, &isa, &config, opts.jobs)?;
    for (i, c) in compiled.iter().enumerate() {
        let f = env.func_index(DefinedFuncIndex::from_u32(i as u32));
        let id = symbols.funcs[f.index()].expect("defined");
        module
            .define_function_bytes(id, c.alignment, &c.bytes, &c.relocs)
            .map_err(module_err)?;
    }
    let mut ctx = Context::new();
    for (t, ft) in env.types.iter() {
        let i = t.index();
        let name = UserFuncName::user(0, array_calls[i].as_u32());
        ctx.clear();
        ctx.func = trampolines::array_call(name, ft, ptr, cc, config.frontend);
        module
            .define_function(array_calls[i], &mut ctx)
            .map_err(module_err)?;
        let name = UserFuncName::user(0, adapters[i].as_u32());
        ctx.clear();
        ctx.func = trampolines::host_adapter(name, ft, ptr, cc, config.frontend);
        module
            .define_function(adapters[i], &mut ctx)
            .map_err(module_err)?;
    }

    let mut blob = DataBuf::default();
    let mut meta = DataBuf::default();
    let mut desc = StructBuf::new(&abi::MODULE_DESC, pb, big);
    let sb = |s: &'static Struct| StructBuf::new(s, pb, big);

    // Types.
    let mut first = None;
    for (t, ft) in env.types.iter() {
        let params = blob.push_bytes(&encode_valtypes(ft.params()), 1);
        let results = blob.push_bytes(&encode_valtypes(ft.results()), 1);
        let mut s = sb(&abi::TYPE_DESC);
        s.ptr("params", Target::Blob(params))
            .ptr("results", Target::Blob(results))
            .int("num_params", ft.params().len() as u64)
            .int("num_results", ft.results().len() as u64)
            .ptr("array_call", Target::Func(array_calls[t.index()]))
            .ptr("host_adapter", Target::Func(adapters[t.index()]));
        let off = s.finish(&mut meta);
        first.get_or_insert(off);
    }
    desc.ptr("types", first.map_or(Target::Null, Target::Meta))
        .int("num_types", env.types.len() as u64);

    // Imports.
    let mut first = None;
    for imp in &env.imports {
        let m = blob.push_str(&imp.module);
        let n = blob.push_str(&imp.name);
        let mut s = sb(&abi::IMPORT_DESC);
        s.ptr("module", Target::Blob(m))
            .ptr("name", Target::Blob(n))
            .int("module_len", imp.module.len() as u64)
            .int("name_len", imp.name.len() as u64)
            .int("kind", u64::from(imp.kind))
            .int("index", u64::from(imp.index))
            .int("type_index", u64::from(imp.type_index));
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("imports", first.map_or(Target::Null, Target::Meta))
        .int("num_imports", env.imports.len() as u64);

    // Functions and the trap table.
    let mut first = None;
    let mut trap_sites = Vec::new();
    for (f, info) in env.funcs.iter() {
        let mut s = sb(&abi::FUNC_DESC);
        s.int("type_index", u64::from(info.ty.as_u32()));
        if let Some(name) = &info.name {
            let n = blob.push_str(name);
            s.ptr("name", Target::Blob(n));
        }
        if let Some(def) = env.defined_func_index(f) {
            let c = &compiled[def.index()];
            s.ptr(
                "code",
                Target::Func(symbols.funcs[f.index()].expect("defined")),
            )
            .int("code_size", c.bytes.len() as u64);
            for (off, trap) in &c.traps {
                trap_sites.push((f.as_u32(), *off, *trap));
            }
        }
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("funcs", first.map_or(Target::Null, Target::Meta))
        .int("num_funcs", env.funcs.len() as u64)
        .int("num_imported_funcs", u64::from(env.num_imported_funcs));
    let mut first = None;
    for (func, off, trap) in &trap_sites {
        let mut s = sb(&abi::TRAP_SITE);
        s.int("func_index", u64::from(*func))
            .int("code_offset", u64::from(*off))
            .int("trap", u64::from(*trap));
        first.get_or_insert(s.finish(&mut blob));
    }
    desc.ptr("trap_sites", first.map_or(Target::Null, Target::Blob))
        .int("num_trap_sites", trap_sites.len() as u64);

    // Memories, tables, globals.
    let mut first = None;
    for (_, m) in env.memories.iter() {
        let mut s = sb(&abi::MEMORY_DESC);
        s.int("min_pages", m.ty.initial)
            .int("max_pages", m.ty.maximum.unwrap_or(0))
            .int("has_max", u64::from(m.ty.maximum.is_some()))
            .int("shared", u64::from(m.ty.shared))
            .int("is64", u64::from(m.ty.memory64))
            .int("imported", u64::from(m.imported));
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("memories", first.map_or(Target::Null, Target::Meta))
        .int("num_memories", env.memories.len() as u64);
    let mut first = None;
    for (_, t) in env.tables.iter() {
        let mut s = sb(&abi::TABLE_DESC);
        s.int("min", t.ty.initial)
            .int("max", t.ty.maximum.unwrap_or(0))
            .int("has_max", u64::from(t.ty.maximum.is_some()))
            .int("elem_type", u64::from(reftype_code(t.ty.element_type)))
            .int("imported", u64::from(t.imported))
            .const_expr("init", &t.init);
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("tables", first.map_or(Target::Null, Target::Meta))
        .int("num_tables", env.tables.len() as u64);
    let mut first = None;
    for (_, g) in env.globals.iter() {
        let mut s = sb(&abi::GLOBAL_DESC);
        s.int("valtype", u64::from(encode_valtypes(&[g.ty])[0]))
            .int("mutable_", u64::from(g.mutable))
            .int("imported", u64::from(g.imported))
            .const_expr("init", &g.init);
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("globals", first.map_or(Target::Null, Target::Meta))
        .int("num_globals", env.globals.len() as u64);

    // Exports.
    let mut first = None;
    for e in &env.exports {
        let n = blob.push_str(&e.name);
        let mut s = sb(&abi::EXPORT_DESC);
        s.ptr("name", Target::Blob(n))
            .int("name_len", e.name.len() as u64)
            .int("kind", u64::from(e.kind))
            .int("index", u64::from(e.index));
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("exports", first.map_or(Target::Null, Target::Meta))
        .int("num_exports", env.exports.len() as u64);

    // Segments.
    let mode_fields = |s: &mut StructBuf, mode: &SegmentMode, index_field: &str| match mode {
        SegmentMode::Active { index, offset } => {
            s.int("mode", u64::from(seg_mode::ACTIVE))
                .int(index_field, u64::from(*index))
                .const_expr("offset", offset);
        }
        SegmentMode::Passive => {
            s.int("mode", u64::from(seg_mode::PASSIVE));
        }
        SegmentMode::Declared => {
            s.int("mode", u64::from(seg_mode::DECLARED));
        }
    };
    let mut first = None;
    for d in &env.datas {
        let mut s = sb(&abi::DATA_DESC);
        if !d.bytes.is_empty() {
            let off = blob.push_bytes(d.bytes, 1);
            s.ptr("bytes", Target::Blob(off));
        }
        s.int("len", d.bytes.len() as u64);
        mode_fields(&mut s, &d.mode, "memory");
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("datas", first.map_or(Target::Null, Target::Meta))
        .int("num_datas", env.datas.len() as u64);
    let mut first = None;
    for e in &env.elems {
        let mut items = DataBuf::default();
        for item in &e.items {
            items.push_bytes(&encode_const(item, pb, big), 4);
        }
        let mut s = sb(&abi::ELEM_DESC);
        if !items.bytes.is_empty() {
            let off = blob.push_bytes(&items.bytes, 8);
            s.ptr("items", Target::Blob(off));
        }
        s.int("count", e.items.len() as u64)
            .int("elem_type", u64::from(reftype_code(e.ty)));
        mode_fields(&mut s, &e.mode, "table");
        first.get_or_insert(s.finish(&mut meta));
    }
    desc.ptr("elems", first.map_or(Target::Null, Target::Meta))
        .int("num_elems", env.elems.len() as u64);

    let features: Vec<String> = isa
        .isa_flags()
        .iter()
        .filter(|f| f.as_bool() == Some(true))
        .filter_map(|f| f.name.strip_prefix("has_").map(str::to_string))
        .collect();
    let features = blob.push_str(&features.join(","));
    desc.ptr("cpu_features", Target::Blob(features));
    let name = blob.push_str(env.name.as_deref().unwrap_or(""));
    desc.ptr("name", Target::Blob(name))
        .int("abi_version", u64::from(abi::ABI_VERSION))
        .int(
            "flags",
            u64::from(if opts.bounds == crate::BoundsChecks::Explicit {
                abi::FLAG_EXPLICIT_BOUNDS
            } else {
                0
            }),
        )
        .int(
            "start_func",
            u64::from(env.start.map_or(u32::MAX, FuncIndex::as_u32)),
        );

    let blob_id = module
        .declare_data("wasmc_blob", Linkage::Local, false, false)
        .map_err(module_err)?;
    let meta_id = module
        .declare_data("wasmc_meta", Linkage::Local, false, false)
        .map_err(module_err)?;
    let desc_id = module
        .declare_data(&opts.module_symbol, Linkage::Export, false, false)
        .map_err(module_err)?;
    let mut desc_buf = DataBuf::default();
    desc.finish(&mut desc_buf);
    define(&mut module, blob_id, blob, blob_id, meta_id, 16)?;
    define(&mut module, meta_id, meta, blob_id, meta_id, 16)?;
    define(&mut module, desc_id, desc_buf, blob_id, meta_id, 16)?;

    if let Some(cfg) = &opts.exe_config {
        exe_config(&mut module, cfg, pb, big)?;
    }

    let mut product = module.finish();
    if product.object.format() == object::BinaryFormat::MachO {
        // Without a minimum OS version (object's default is 0.0), Apple's
        // linker warns about every object and assumes one.
        let (major, minor) = crate::abi::MACOS_MIN_VERSION;
        let version = (major << 16) | (minor << 8);
        let mut build = object::write::MachOBuildVersion::default();
        build.platform = object::macho::PLATFORM_MACOS;
        build.minos = version;
        build.sdk = version;
        product.object.set_macho_build_version(build);
    }
    product
        .emit()
        .map_err(|e| CompileError::Object(e.to_string()))
}

/// Bytes of a name-section name kept in a symbol.
const SYMBOL_NAME_MAX: usize = 200;

/// The local symbol of defined function `f`: `wasm_func_N`, or
/// `NAME.wasm_func_N` when the name section names it, so that profilers,
/// debuggers and `nm` show source names (`printf_core.wasm_func_37`). C++ and
/// Rust mangled names still demangle: to demanglers `.suffix` is a clone
/// suffix. Bytes other than `[A-Za-z0-9_.$]` become `_` and at most
/// [`SYMBOL_NAME_MAX`] bytes of the name are kept. The index keeps symbols
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

fn define(
    module: &mut ObjectModule,
    id: DataId,
    buf: DataBuf,
    blob_id: DataId,
    meta_id: DataId,
    align: u64,
) -> Result<()> {
    let mut d = DataDescription::new();
    let mut bytes = buf.bytes;
    if bytes.is_empty() {
        bytes.push(0);
    }
    d.define(bytes.into_boxed_slice());
    d.set_align(align);
    let blob_gv = module.declare_data_in_data(blob_id, &mut d);
    let meta_gv = module.declare_data_in_data(meta_id, &mut d);
    for (off, t) in buf.relocs {
        match t {
            Target::Null => {}
            Target::Blob(a) => d.write_data_addr(off, blob_gv, i64::from(a)),
            Target::Meta(a) => d.write_data_addr(off, meta_gv, i64::from(a)),
            Target::Func(f) => {
                let r = module.declare_func_in_data(f, &mut d);
                d.write_function_addr(off, r);
            }
        }
    }
    module.define_data(id, &d).map_err(module_err)
}

/// The executable configuration: granted directories, environment, limits.
fn exe_config(module: &mut ObjectModule, cfg: &ExeConfig, pb: u32, big: bool) -> Result<()> {
    let mut blob = DataBuf::default();
    let mut meta = DataBuf::default();
    let mut first_dir = None;
    let dir_strings: Vec<(u32, u32)> = cfg
        .dirs
        .iter()
        .map(|(h, g)| (blob.push_str(h), blob.push_str(g)))
        .collect();
    let env_strings: Vec<u32> = cfg.envs.iter().map(|e| blob.push_str(e)).collect();
    let listen_strings: Vec<u32> = cfg.listen.iter().map(|e| blob.push_str(e)).collect();
    for (h, g) in dir_strings {
        let mut s = StructBuf::new(&abi::DIR_MAP, pb, big);
        s.ptr("host", Target::Blob(h)).ptr("guest", Target::Blob(g));
        first_dir.get_or_insert(s.finish(&mut meta));
    }
    meta.align(pb as usize);
    // Arrays of string pointers.
    let mut string_array = |strings: Vec<u32>| {
        let start = meta.bytes.len() as u32;
        for e in strings {
            let off = meta.bytes.len() as u32;
            meta.bytes.extend(std::iter::repeat_n(0, pb as usize));
            meta.relocs.push((off, Target::Blob(e)));
        }
        start
    };
    let envs_off = string_array(env_strings);
    let listen_off = string_array(listen_strings);
    let mut s = StructBuf::new(&abi::EXE_CONFIG, pb, big);
    s.int("abi_version", u64::from(abi::ABI_VERSION))
        .int("inherit_env", u64::from(cfg.inherit_env))
        .int("num_dirs", cfg.dirs.len() as u64)
        .int("num_envs", cfg.envs.len() as u64)
        .int("max_memory", cfg.max_memory.unwrap_or(0))
        .ptr("dirs", first_dir.map_or(Target::Null, Target::Meta))
        .ptr(
            "envs",
            if cfg.envs.is_empty() {
                Target::Null
            } else {
                Target::Meta(envs_off)
            },
        )
        .int("num_listen", cfg.listen.len() as u64)
        .ptr(
            "listen",
            if cfg.listen.is_empty() {
                Target::Null
            } else {
                Target::Meta(listen_off)
            },
        );
    let mut cbuf = DataBuf::default();
    s.finish(&mut cbuf);
    let blob_id = module
        .declare_data("wasmc_cfg_blob", Linkage::Local, false, false)
        .map_err(module_err)?;
    let meta_id = module
        .declare_data("wasmc_cfg_meta", Linkage::Local, false, false)
        .map_err(module_err)?;
    let cfg_id = module
        .declare_data(abi::EXE_CONFIG_SYMBOL, Linkage::Export, false, false)
        .map_err(module_err)?;
    define(module, blob_id, blob, blob_id, meta_id, 16)?;
    define(module, meta_id, meta, blob_id, meta_id, 16)?;
    define(module, cfg_id, cbuf, blob_id, meta_id, 16)
}

/// The Cranelift IR of every defined function, as produced by the
/// translator (before optimisation), for `--emit clif` and the
/// expected-output tests.
pub fn clif(wasm: &[u8], opts: &Options) -> Result<String> {
    let mut env = ModuleEnv::parse(wasm)?;
    let isa = crate::target::isa(&opts.triple, opts.opt, &opts.cpu)?;
    let ptr = isa.pointer_type();
    let cc = isa.default_call_conv();
    let config = TranslateConfig {
        ptr,
        bounds: opts.bounds,
        call_conv: cc,
        frontend: isa.frontend_config(),
    };
    // Symbols are numbered like in `compile`: defined functions, then libcalls.
    let mut symbols = Symbols {
        funcs: vec![None; env.funcs.len()],
        libcalls: Vec::new(),
        c_i32_ext: env::c_i32_extension(&opts.triple),
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
    let mut out = String::new();
    let mut scratch = Scratch::default();
    let bodies = std::mem::take(&mut env.bodies);
    for (def, input) in bodies {
        let f = translate::translate_function(&env, &symbols, def, input, &config, &mut scratch)?;
        out.push_str(&format!(
            "; function {}\n{}\n",
            env.func_index(def).as_u32(),
            f.display()
        ));
    }
    Ok(out)
}
