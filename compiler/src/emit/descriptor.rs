//! The module descriptor (`struct wasmc_module_desc`): everything the runtime
//! needs to instantiate the compiled module (types, imports, functions and
//! their code, the trap table, memories, tables, globals, exports, data and
//! element segments), encoded as a data tree for [`super::data::define_tree`].
//!
//! The order in which strings, arrays and pointers are appended is part of
//! the output: objects are byte-identical for the same input, so keep it.

use super::data::{encode_const, DataBuf, DataLayout, Place, Sections, StructBuf, Target};
use super::functions::FuncInfo;
use crate::abi::{self, module_desc as md, seg_mode, Field};
use crate::index::FuncIndex;
use crate::module::{ModuleEnv, SegmentMode};
use crate::options::BoundsChecks;
use crate::types::TypeDef;
use cranelift_entity::EntityRef;
use cranelift_module::FuncId;

/// The code the descriptor points at, declared by the driver.
pub struct Code<'a> {
    /// The `array_call` trampoline of each type (shared by the variants).
    pub array_calls: &'a [FuncId],
    /// The host adapter of each type (shared by the variants).
    pub adapters: &'a [FuncId],
    /// The variants of the functions (`--cpu A+B`), the least capable
    /// first; one for single-CPU code.
    pub variants: &'a [Variant<'a>],
}

/// One full copy of the module's functions, compiled for one CPU.
pub struct Variant<'a> {
    /// `FuncId` of each function's code (imported functions have none).
    pub funcs: &'a [Option<FuncId>],
    /// The compiled defined functions, in index order.
    pub compiled: &'a [FuncInfo],
    /// The CPU features this code needs beyond the target's baseline.
    pub cpu_features: String,
}

/// One `WASMC_TYPE_*` per value: its representation (see
/// [`crate::types::repr`]).
fn encode_valtypes(tys: &[wasmparser::ValType], defs: &[TypeDef]) -> Vec<u8> {
    use wasmparser::ValType as V;
    tys.iter()
        .map(|t| match t {
            V::I32 => abi::valtype::I32,
            V::I64 => abi::valtype::I64,
            V::F32 => abi::valtype::F32,
            V::F64 => abi::valtype::F64,
            V::V128 => abi::valtype::V128,
            V::Ref(r) => crate::types::repr(r.heap_type(), defs),
        })
        .collect()
}

/// `(nullable, heap_type)` of a global or table type (see
/// [`crate::types::heap_detail`]).
fn ref_detail(t: wasmparser::ValType) -> (u64, u64) {
    match t {
        wasmparser::ValType::Ref(r) => (
            u64::from(r.is_nullable()),
            u64::from(crate::types::heap_detail(r.heap_type())),
        ),
        _ => (0, 0),
    }
}

/// The `mode` field, and for an active segment its memory or table `index`
/// and its `offset`, of a data or element segment.
fn segment_mode(
    s: &mut StructBuf,
    blob: &mut DataBuf,
    (mode_field, index_field, offset_field): (Field, Field, Field),
    mode: &SegmentMode,
) {
    match mode {
        SegmentMode::Active { index, offset } => {
            s.int(mode_field, u64::from(seg_mode::ACTIVE))
                .int(index_field, u64::from(*index))
                .const_expr(offset_field, offset, blob);
        }
        SegmentMode::Passive => {
            s.int(mode_field, u64::from(seg_mode::PASSIVE));
        }
        SegmentMode::Declared => {
            s.int(mode_field, u64::from(seg_mode::DECLARED));
        }
    }
}

/// Encode the descriptor of `env`: the blob and meta sections and the root
/// `wasmc_module_desc`, the root being variant 0 and holding the others.
pub fn encode(
    env: &ModuleEnv<'_>,
    code: &Code<'_>,
    bounds: BoundsChecks,
    layout: DataLayout,
) -> (Sections, StructBuf) {
    let mut out = Sections::default();
    let mut desc = StructBuf::new(&abi::MODULE_DESC, layout.ptr, layout.big_endian);

    // Each group's key once, shared by its types.
    let mut group_key = (u32::MAX, 0, 0);
    desc.array(
        (md::TYPES, md::NUM_TYPES),
        &mut out,
        Place::Meta,
        &abi::TYPE_DESC,
        env.types.iter(),
        |s, blob, (t, ft)| {
            use abi::type_desc as f;
            let defs = &env.type_defs;
            let def = &defs[t.index()];
            let params = blob.push_bytes(&encode_valtypes(ft.params(), defs), 1);
            let results = blob.push_bytes(&encode_valtypes(ft.results(), defs), 1);
            if group_key.0 != def.rec_start {
                let key = crate::types::group_key(defs, def.rec_start);
                group_key = (def.rec_start, blob.push_bytes(&key, 1), key.len());
            }
            let (_, key, key_len) = group_key;
            s.ptr(f::PARAMS, Target::Blob(params))
                .ptr(f::RESULTS, Target::Blob(results))
                .ptr(f::KEY, Target::Blob(key))
                .int(f::KEY_LEN, key_len as u64)
                .int(f::NUM_PARAMS, ft.params().len() as u64)
                .int(f::NUM_RESULTS, ft.results().len() as u64)
                .ptr(f::ARRAY_CALL, Target::Func(code.array_calls[t.index()]))
                .ptr(f::HOST_ADAPTER, Target::Func(code.adapters[t.index()]))
                .int(f::REC_INDEX, u64::from(t.as_u32() - def.rec_start))
                .int(
                    f::SUPERTYPE,
                    def.supertype().map_or(0, |s| u64::from(s) + 1),
                )
                .int(
                    f::FLAGS,
                    if def.is_final() {
                        u64::from(abi::type_flags::FINAL)
                    } else {
                        0
                    },
                )
                .int(f::KIND, u64::from(def.kind_code()));
            if let Some(l) = crate::gc_layout::layout(def, layout.ptr) {
                let offsets: Vec<u8> = l
                    .offsets
                    .iter()
                    .flat_map(|o| {
                        if layout.big_endian {
                            o.to_be_bytes()
                        } else {
                            o.to_le_bytes()
                        }
                    })
                    .collect();
                let codes: Vec<u8> = l
                    .storage
                    .iter()
                    .map(|st| crate::gc_layout::storage_code(*st, defs))
                    .collect();
                // An empty struct has no fields: NULL arrays.
                if !codes.is_empty() {
                    let o = blob.push_bytes(&offsets, 4);
                    let c = blob.push_bytes(&codes, 1);
                    s.ptr(f::FIELD_OFFSETS, Target::Blob(o))
                        .ptr(f::FIELD_TYPES, Target::Blob(c));
                }
                s.int(f::NUM_FIELDS, codes.len() as u64)
                    .int(f::GC_SIZE, u64::from(l.size));
            }
        },
    );

    desc.array(
        (md::IMPORTS, md::NUM_IMPORTS),
        &mut out,
        Place::Meta,
        &abi::IMPORT_DESC,
        &env.imports,
        |s, blob, imp| {
            use abi::import_desc as f;
            let m = blob.push_str(&imp.module);
            let n = blob.push_str(&imp.name);
            s.ptr(f::MODULE, Target::Blob(m))
                .ptr(f::NAME, Target::Blob(n))
                .int(f::MODULE_LEN, imp.module.len() as u64)
                .int(f::NAME_LEN, imp.name.len() as u64)
                .int(f::KIND, u64::from(imp.kind))
                .int(f::INDEX, u64::from(imp.index))
                .int(f::TYPE_INDEX, u64::from(imp.type_index));
        },
    );

    let mut names = Vec::new();
    encode_code(&mut desc, &mut out, env, &code.variants[0], &mut names);
    desc.int(md::NUM_IMPORTED_FUNCS, u64::from(env.num_imported_funcs));
    desc.array(
        (md::TAGS, md::NUM_TAGS),
        &mut out,
        Place::Blob,
        &abi::TAG_DESC,
        &env.tags,
        |s, _, tag| {
            use abi::tag_desc as f;
            s.int(f::TYPE_INDEX, u64::from(tag.ty.as_u32()))
                .int(f::IMPORTED, u64::from(tag.imported));
        },
    );

    desc.array(
        (md::MEMORIES, md::NUM_MEMORIES),
        &mut out,
        Place::Meta,
        &abi::MEMORY_DESC,
        env.memories.iter(),
        |s, _, (_, m)| {
            use abi::memory_desc as f;
            s.int(f::MIN_PAGES, m.ty.initial)
                .int(f::MAX_PAGES, m.ty.maximum.unwrap_or(0))
                .int(f::HAS_MAX, u64::from(m.ty.maximum.is_some()))
                .int(f::SHARED, u64::from(m.ty.shared))
                .int(f::IS64, u64::from(m.ty.memory64))
                .int(f::IMPORTED, u64::from(m.imported));
        },
    );
    desc.array(
        (md::TABLES, md::NUM_TABLES),
        &mut out,
        Place::Meta,
        &abi::TABLE_DESC,
        env.tables.iter(),
        |s, blob, (_, t)| {
            use abi::table_desc as f;
            let (nullable, heap) = ref_detail(wasmparser::ValType::Ref(t.ty.element_type));
            s.int(f::MIN, t.ty.initial)
                .int(f::NULLABLE, nullable)
                .int(f::HEAP_TYPE, heap)
                .int(f::MAX, t.ty.maximum.unwrap_or(0))
                .int(f::HAS_MAX, u64::from(t.ty.maximum.is_some()))
                .int(
                    f::ELEM_TYPE,
                    u64::from(crate::types::repr(
                        t.ty.element_type.heap_type(),
                        &env.type_defs,
                    )),
                )
                .int(f::IMPORTED, u64::from(t.imported))
                .int(f::IS64, u64::from(t.ty.table64))
                .const_expr(f::INIT, &t.init, blob);
        },
    );
    desc.array(
        (md::GLOBALS, md::NUM_GLOBALS),
        &mut out,
        Place::Meta,
        &abi::GLOBAL_DESC,
        env.globals.iter(),
        |s, blob, (_, g)| {
            use abi::global_desc as f;
            let (nullable, heap) = ref_detail(g.ty);
            s.int(
                f::VALTYPE,
                u64::from(encode_valtypes(&[g.ty], &env.type_defs)[0]),
            )
            .int(f::NULLABLE, nullable)
            .int(f::HEAP_TYPE, heap)
            .int(f::MUTABLE_, u64::from(g.mutable))
            .int(f::IMPORTED, u64::from(g.imported))
            .const_expr(f::INIT, &g.init, blob);
        },
    );

    desc.array(
        (md::EXPORTS, md::NUM_EXPORTS),
        &mut out,
        Place::Meta,
        &abi::EXPORT_DESC,
        &env.exports,
        |s, blob, e| {
            use abi::export_desc as f;
            let n = blob.push_str(&e.name);
            s.ptr(f::NAME, Target::Blob(n))
                .int(f::NAME_LEN, e.name.len() as u64)
                .int(f::KIND, u64::from(e.kind))
                .int(f::INDEX, u64::from(e.index));
        },
    );

    desc.array(
        (md::DATAS, md::NUM_DATAS),
        &mut out,
        Place::Meta,
        &abi::DATA_DESC,
        &env.datas,
        |s, blob, d| {
            use abi::data_desc as f;
            if !d.bytes.is_empty() {
                let off = blob.push_bytes(d.bytes, 1);
                s.ptr(f::BYTES, Target::Blob(off));
            }
            s.int(f::LEN, d.bytes.len() as u64);
            segment_mode(s, blob, (f::MODE, f::MEMORY, f::OFFSET), &d.mode);
        },
    );
    desc.array(
        (md::ELEMS, md::NUM_ELEMS),
        &mut out,
        Place::Meta,
        &abi::ELEM_DESC,
        &env.elems,
        |s, blob, e| {
            use abi::elem_desc as f;
            let mut items = DataBuf::default();
            for item in &e.items {
                encode_const(item, layout.ptr, layout.big_endian, blob).finish(&mut items);
            }
            if !items.bytes.is_empty() {
                // Items are pointer-free unless one is an extended
                // expression (not possible for references before GC).
                let off = blob.push_bytes(&items.bytes, 8);
                blob.relocs
                    .extend(items.relocs.into_iter().map(|(o, t)| (off + o, t)));
                s.ptr(f::ITEMS, Target::Blob(off));
            }
            s.int(f::COUNT, e.items.len() as u64).int(
                f::ELEM_TYPE,
                u64::from(crate::types::repr(e.ty.heap_type(), &env.type_defs)),
            );
            segment_mode(s, blob, (f::MODE, f::TABLE, f::OFFSET), &e.mode);
        },
    );

    let features = out.blob.push_str(&code.variants[0].cpu_features);
    desc.ptr(md::CPU_FEATURES, Target::Blob(features));
    // The further variants: their tables first, then the partial
    // descriptors themselves back to back (a C array).
    let variants: Vec<StructBuf> = code.variants[1..]
        .iter()
        .map(|v| {
            let mut vd = StructBuf::new(&abi::MODULE_DESC, layout.ptr, layout.big_endian);
            encode_code(&mut vd, &mut out, env, v, &mut names);
            let features = out.blob.push_str(&v.cpu_features);
            vd.ptr(md::CPU_FEATURES, Target::Blob(features))
                .int(md::ABI_VERSION, u64::from(abi::ABI_VERSION));
            vd
        })
        .collect();
    let num_variants = variants.len() as u64;
    let mut first = None;
    for vd in variants {
        let off = vd.finish(&mut out.meta);
        first.get_or_insert(off);
    }
    if let Some(off) = first {
        desc.ptr(md::VARIANTS, Target::Meta(off));
    }
    desc.int(md::NUM_VARIANTS, num_variants);
    let name = out.blob.push_str(env.name.as_deref().unwrap_or(""));
    let flags = if bounds == BoundsChecks::Explicit {
        abi::FLAG_EXPLICIT_BOUNDS
    } else {
        0
    };
    desc.ptr(md::NAME, Target::Blob(name))
        .int(md::ABI_VERSION, u64::from(abi::ABI_VERSION))
        .int(md::FLAGS, u64::from(flags))
        .int(
            md::START_FUNC,
            u64::from(env.start.map_or(u32::MAX, FuncIndex::as_u32)),
        );
    (out, desc)
}

/// The code of one variant in descriptor `desc` (the root or a variant
/// descriptor): the functions and their trap, call-site and stack-map
/// tables. `names` holds the blob offsets of the function names, pushed by
/// the first call and shared by the later ones.
fn encode_code(
    desc: &mut StructBuf,
    out: &mut Sections,
    env: &ModuleEnv<'_>,
    code: &Variant<'_>,
    names: &mut Vec<Option<u32>>,
) {
    // Functions, collecting the trap and call-site tables on the way.
    let mut trap_sites = Vec::new();
    let mut call_sites = Vec::new();
    let mut handlers = Vec::new();
    let mut stack_maps = Vec::new();
    let mut stack_slots: Vec<u32> = Vec::new();
    desc.array(
        (md::FUNCS, md::NUM_FUNCS),
        out,
        Place::Meta,
        &abi::FUNC_DESC,
        env.funcs.iter(),
        |s, blob, (f, info)| {
            use abi::func_desc as fd;
            s.int(fd::TYPE_INDEX, u64::from(info.ty.as_u32()));
            // Names are shared by the variants: pushed by the first.
            if names.len() <= f.index() {
                names.push(info.name.as_ref().map(|n| blob.push_str(n)));
            }
            if let Some(n) = names[f.index()] {
                s.ptr(fd::NAME, Target::Blob(n));
            }
            if let Some(def) = env.defined_func_index(f) {
                let c = &code.compiled[def.index()];
                s.ptr(
                    fd::CODE,
                    Target::Func(code.funcs[f.index()].expect("defined")),
                )
                .int(fd::CODE_SIZE, c.code_size);
                for (off, trap) in &c.traps {
                    trap_sites.push((f.as_u32(), *off, *trap));
                }
                for cs in &c.call_sites {
                    let first = handlers.len() as u32;
                    handlers.extend_from_slice(&cs.handlers);
                    let n = cs.handlers.len() as u32;
                    call_sites.push((f.as_u32(), cs.ret_offset, cs.frame_offset, first, n));
                }
                for m in &c.stack_maps {
                    let first = stack_slots.len() as u32;
                    stack_slots.extend_from_slice(&m.slots);
                    let n = m.slots.len() as u32;
                    stack_maps.push((f.as_u32(), m.ret_offset, m.frame_size, first, n));
                }
            }
        },
    );
    desc.array(
        (md::TRAP_SITES, md::NUM_TRAP_SITES),
        out,
        Place::Blob,
        &abi::TRAP_SITE,
        &trap_sites,
        |s, _, &(func, off, trap)| {
            use abi::trap_site as f;
            s.int(f::FUNC_INDEX, u64::from(func))
                .int(f::CODE_OFFSET, u64::from(off))
                .int(f::TRAP, u64::from(trap));
        },
    );

    desc.array(
        (md::CALL_SITES, md::NUM_CALL_SITES),
        out,
        Place::Blob,
        &abi::CALL_SITE,
        &call_sites,
        |s, _, &(func, off, frame, first, n)| {
            use abi::call_site as f;
            s.int(f::FUNC_INDEX, u64::from(func))
                .int(f::CODE_OFFSET, u64::from(off))
                .int(f::FRAME_OFFSET, u64::from(frame))
                .int(f::FIRST_HANDLER, u64::from(first))
                .int(f::NUM_HANDLERS, u64::from(n));
        },
    );
    desc.array(
        (md::HANDLERS, md::NUM_HANDLERS),
        out,
        Place::Blob,
        &abi::HANDLER,
        &handlers,
        |s, _, &(kind, index, target)| {
            use abi::handler as f;
            s.int(f::KIND, u64::from(kind))
                .int(f::INDEX, u64::from(index))
                .int(f::TARGET, u64::from(target));
        },
    );
    desc.array(
        (md::STACK_MAPS, md::NUM_STACK_MAPS),
        out,
        Place::Blob,
        &abi::STACK_MAP,
        &stack_maps,
        |s, _, &(func, off, frame, first, n)| {
            use abi::stack_map as f;
            s.int(f::FUNC_INDEX, u64::from(func))
                .int(f::CODE_OFFSET, u64::from(off))
                .int(f::FRAME_SIZE, u64::from(frame))
                .int(f::FIRST_SLOT, u64::from(first))
                .int(f::NUM_SLOTS, u64::from(n));
        },
    );
    desc.array(
        (md::STACK_SLOTS, md::NUM_STACK_SLOTS),
        out,
        Place::Blob,
        &abi::STACK_SLOT,
        &stack_slots,
        |s, _, &off| {
            s.int(abi::stack_slot::OFFSET, u64::from(off));
        },
    );
}
