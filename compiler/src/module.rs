//! The module environment: one pass over the binary that validates the module
//! structure with wasmparser and records everything later stages need (types,
//! imports, index spaces, segments, exports, names) plus the function bodies
//! and their validators. Function bodies themselves are validated operator by
//! operator while they are translated, on worker threads, before any object
//! is written.

use crate::error::{CompileError, Result};
use crate::index::{DefinedFuncIndex, FuncIndex, GlobalIndex, MemoryIndex, TableIndex, TypeIndex};
use cranelift_entity::{EntityRef, PrimaryMap};
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, FuncToValidate, FuncType, FunctionBody,
    MemoryType, Name, Parser, Payload, RefType, TableInit, TableType, TypeRef, ValType, Validator,
    ValidatorResources, WasmFeatures,
};

/// The proposals wasmc compiles: WebAssembly 2.0 and, from 3.0, the parts
/// implemented so far: tail calls, typed function references, extended
/// constant expressions, relaxed SIMD, multi-memory (up to wasmparser's
/// limit of 100 memories per module, imported and defined together),
/// exception handling (the 3.0 encoding: tags, `throw`, `throw_ref`,
/// `try_table`, exnref; and the legacy encoding clang emits: `try`/`catch`/
/// `catch_all`/`delegate`/`rethrow`), and memory64/table64 (64-bit
/// addresses and table indices, see translate/memory.rs). GC is enabled in
/// the validator only because wasmparser ties `global.get` of a defined
/// global in a constant expression (plain 3.0) to it; [`crate::no_gc`] turns
/// away the GC types and operators, as unsupported. Anything else (shared
/// everything threads, ...) is rejected at validation with wasmparser's "... not enabled".
pub fn features() -> WasmFeatures {
    let mut f = WasmFeatures::WASM2
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::GC
        | WasmFeatures::LEGACY_EXCEPTIONS
        | WasmFeatures::THREADS;
    // memory64 and table64 (i64 addresses and table indices).
    f |= WasmFeatures::MEMORY64;
    // Relaxed SIMD: deterministic per operator, see translate/relaxed_simd.rs.
    f |= WasmFeatures::RELAXED_SIMD;
    f
}

use crate::const_expr::const_val;
pub use crate::const_expr::ConstVal;

#[derive(Debug)]
pub struct ImportInfo {
    pub module: String,
    pub name: String,
    pub kind: u32,
    pub index: u32,
    pub type_index: u32,
}

#[derive(Debug)]
pub struct FuncInfo {
    pub ty: TypeIndex,
    pub name: Option<String>,
}

#[derive(Debug)]
pub struct TableInfo {
    pub ty: TableType,
    pub imported: bool,
    pub init: ConstVal,
}

#[derive(Debug)]
pub struct MemoryInfo {
    pub ty: MemoryType,
    pub imported: bool,
}

#[derive(Debug)]
pub struct GlobalInfo {
    pub ty: ValType,
    pub mutable: bool,
    pub imported: bool,
    pub init: ConstVal,
}

/// An exception tag: its function type (the params are the payload).
#[derive(Debug)]
pub struct TagInfo {
    pub ty: TypeIndex,
    pub imported: bool,
}

#[derive(Debug)]
pub enum SegmentMode {
    Active { index: u32, offset: ConstVal },
    Passive,
    Declared,
}

#[derive(Debug)]
pub struct DataInfo<'a> {
    pub bytes: &'a [u8],
    pub mode: SegmentMode,
}

#[derive(Debug)]
pub struct ElemInfo {
    pub ty: RefType,
    pub items: Vec<ConstVal>,
    pub mode: SegmentMode,
}

#[derive(Debug)]
pub struct ExportInfo {
    pub name: String,
    pub kind: u32,
    pub index: u32,
}

/// A function body waiting to be validated and translated.
pub struct FunctionInput<'a> {
    pub body: FunctionBody<'a>,
    pub validator: FuncToValidate<ValidatorResources>,
}

/// Everything known about a module after the structural pass.
pub struct ModuleEnv<'a> {
    pub types: PrimaryMap<TypeIndex, FuncType>,
    /// Every type with its recursion group and supertype ([`crate::types`]);
    /// `types` holds the function types (an empty one for struct and array
    /// types).
    pub type_defs: Vec<crate::types::TypeDef>,
    pub imports: Vec<ImportInfo>,
    pub funcs: PrimaryMap<FuncIndex, FuncInfo>,
    pub num_imported_funcs: u32,
    pub tables: PrimaryMap<TableIndex, TableInfo>,
    pub memories: PrimaryMap<MemoryIndex, MemoryInfo>,
    pub globals: PrimaryMap<GlobalIndex, GlobalInfo>,
    pub tags: Vec<TagInfo>,
    pub exports: Vec<ExportInfo>,
    pub start: Option<FuncIndex>,
    pub elems: Vec<ElemInfo>,
    pub datas: Vec<DataInfo<'a>>,
    pub bodies: PrimaryMap<DefinedFuncIndex, FunctionInput<'a>>,
    pub name: Option<String>,
    /// Per function: defined, and only ever called directly (see
    /// [`ModuleEnv::direct_only`]). Filled at the end of parsing.
    direct_only: Vec<bool>,
    /// The module's bytes.
    wasm: &'a [u8],
    /// Whether the module is to be compiled, so that valid WebAssembly 3.0
    /// wasmc cannot compile yet (GC, [`crate::no_gc`]) is an error.
    compile: bool,
}

impl<'a> ModuleEnv<'a> {
    /// The payload types of tag `tag`.
    pub fn tag_params(&self, tag: u32) -> &[ValType] {
        self.types[self.tags[tag as usize].ty].params()
    }

    pub fn func_type(&self, f: FuncIndex) -> &FuncType {
        &self.types[self.funcs[f].ty]
    }

    /// The internal signature of function `f`'s code: the direct one for a
    /// function only called directly, else the general one.
    pub fn code_signature(
        &self,
        f: FuncIndex,
        ptr: cranelift_codegen::ir::Type,
    ) -> cranelift_codegen::ir::Signature {
        if self.direct_only(f) {
            crate::conventions::direct_signature(self.func_type(f), ptr)
        } else {
            crate::conventions::wasm_signature(self.func_type(f), ptr)
        }
    }

    pub fn defined_func_index(&self, f: FuncIndex) -> Option<DefinedFuncIndex> {
        f.as_u32()
            .checked_sub(self.num_imported_funcs)
            .map(DefinedFuncIndex::from_u32)
    }

    pub fn func_index(&self, d: DefinedFuncIndex) -> FuncIndex {
        FuncIndex::from_u32(d.as_u32() + self.num_imported_funcs)
    }

    /// Parse and validate the module structure, for compiling it: valid
    /// features wasmc does not compile yet are errors.
    pub fn parse(wasm: &'a [u8]) -> Result<Self> {
        Self::parse_with(wasm, true)
    }

    /// Parse and validate the module structure, only to validate it.
    pub fn parse_to_validate(wasm: &'a [u8]) -> Result<Self> {
        Self::parse_with(wasm, false)
    }

    fn supported(&self, check: impl FnOnce() -> Result<()>) -> Result<()> {
        if self.compile {
            check()
        } else {
            Ok(())
        }
    }

    /// A (validated) constant expression reduced for the runtime. Only a
    /// compiling pass cares about one wasmc cannot compile yet (struct and
    /// array allocation); a validating pass keeps a placeholder.
    fn const_val(&self, expr: &wasmparser::ConstExpr<'_>) -> Result<ConstVal> {
        match const_val(expr, &self.globals, &self.type_defs) {
            Err(_) if !self.compile => Ok(ConstVal::RefNull),
            r => r,
        }
    }

    fn parse_with(wasm: &'a [u8], compile: bool) -> Result<Self> {
        let mut env = ModuleEnv {
            types: PrimaryMap::new(),
            type_defs: Vec::new(),
            imports: Vec::new(),
            funcs: PrimaryMap::new(),
            num_imported_funcs: 0,
            tables: PrimaryMap::new(),
            memories: PrimaryMap::new(),
            globals: PrimaryMap::new(),
            tags: Vec::new(),
            exports: Vec::new(),
            start: None,
            elems: Vec::new(),
            datas: Vec::new(),
            bodies: PrimaryMap::new(),
            name: None,
            direct_only: Vec::new(),
            wasm,
            compile,
        };
        let mut validator = Validator::new_with_features(features());
        let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, None);
        // The reader must know the features too: some proposals (compact
        // imports) are encodings the validator never sees.
        let mut parser = Parser::new(0);
        parser.set_features(features());
        for payload in parser.parse_all(wasm) {
            let payload = payload.map_err(inv)?;
            match validator.payload(&payload).map_err(inv)? {
                wasmparser::ValidPayload::Func(validator, body) => {
                    env.bodies.push(FunctionInput { body, validator });
                    continue;
                }
                wasmparser::ValidPayload::End(_) => break,
                _ => {}
            }
            env.section(payload)?;
        }
        env.direct_only = env.find_direct_only();
        Ok(env)
    }

    /// Whether function `f` is defined and its reference never leaves the
    /// module's code: not exported, not the start function, not in an
    /// element segment, a global's or a table's initialiser. Validation
    /// allows `ref.func` in a body only for functions declared in one of
    /// those places, so no funcref record of it ever reaches a table, a
    /// global, the host or `call_ref`; every call of it is a direct call
    /// whose caller knows the callee. Such a function takes the internal
    /// signature without a caller vmctx ([`crate::conventions::direct_signature`]).
    pub fn direct_only(&self, f: FuncIndex) -> bool {
        self.direct_only.get(f.index()).copied().unwrap_or(false)
    }

    fn find_direct_only(&self) -> Vec<bool> {
        // Every function index named outside the function bodies.
        let mut named: Vec<u32> = Vec::new();
        let mut scan = |v: &ConstVal| match v {
            ConstVal::RefFunc(f) => named.push(f.as_u32()),
            ConstVal::Expr(ops) => named.extend(ops.iter().filter_map(|op| match op {
                crate::const_expr::ConstOp::RefFunc(f) => Some(f.as_u32()),
                _ => None,
            })),
            _ => {}
        };
        self.globals.values().for_each(|g| scan(&g.init));
        self.tables.values().for_each(|t| scan(&t.init));
        for e in &self.elems {
            e.items.iter().for_each(&mut scan);
            if let SegmentMode::Active { offset, .. } = &e.mode {
                scan(offset);
            }
        }
        for d in &self.datas {
            if let SegmentMode::Active { offset, .. } = &d.mode {
                scan(offset);
            }
        }
        named.extend(
            self.exports
                .iter()
                .filter(|e| e.kind == crate::abi::extern_kind::FUNC)
                .map(|e| e.index),
        );
        named.extend(self.start.map(|s| s.as_u32()));
        let mut direct: Vec<bool> = (0..self.funcs.len() as u32)
            .map(|i| i >= self.num_imported_funcs)
            .collect();
        for i in named {
            if let Some(d) = direct.get_mut(i as usize) {
                *d = false;
            }
        }
        direct
    }

    fn section(&mut self, payload: Payload<'a>) -> Result<()> {
        let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, None);
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader.into_iter_with_offsets() {
                    let (offset, group) = group.map_err(inv)?;
                    let first = self.types.len() as u32;
                    self.supported(|| crate::no_gc::check_rec_group(&group, offset))?;
                    let rec_len = group.types().len() as u32;
                    for sub in group.into_types() {
                        let ft = match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(ft) => ft.clone(),
                            _ => FuncType::new([], []),
                        };
                        self.types.push(ft);
                        self.type_defs.push(crate::types::TypeDef {
                            sub,
                            rec_start: first,
                            rec_len,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                let section_offset = reader.range().start;
                for import in reader.into_imports() {
                    let import = import.map_err(inv)?;
                    match import.ty {
                        TypeRef::Table(t) => self.supported(|| {
                            crate::no_gc::check_valtype(t.element_type.into(), section_offset, None)
                        })?,
                        TypeRef::Global(g) => self.supported(|| {
                            crate::no_gc::check_valtype(g.content_type, section_offset, None)
                        })?,
                        _ => {}
                    }
                    let (kind, index, type_index) = match import.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                            self.num_imported_funcs += 1;
                            let i = self.funcs.push(FuncInfo {
                                ty: TypeIndex::from_u32(t),
                                name: None,
                            });
                            (crate::abi::extern_kind::FUNC, i.as_u32(), t)
                        }
                        TypeRef::Table(ty) => {
                            let init = ConstVal::RefNull;
                            let i = self.tables.push(TableInfo {
                                ty,
                                imported: true,
                                init,
                            });
                            (crate::abi::extern_kind::TABLE, i.as_u32(), 0)
                        }
                        TypeRef::Memory(ty) => {
                            let i = self.memories.push(MemoryInfo { ty, imported: true });
                            (crate::abi::extern_kind::MEMORY, i.as_u32(), 0)
                        }
                        TypeRef::Global(g) => {
                            let i = self.globals.push(GlobalInfo {
                                ty: g.content_type,
                                mutable: g.mutable,
                                imported: true,
                                init: ConstVal::RefNull,
                            });
                            (crate::abi::extern_kind::GLOBAL, i.as_u32(), 0)
                        }
                        TypeRef::Tag(t) => {
                            let i = self.tags.len() as u32;
                            self.tags.push(TagInfo {
                                ty: TypeIndex::from_u32(t.func_type_idx),
                                imported: true,
                            });
                            (crate::abi::extern_kind::TAG, i, t.func_type_idx)
                        }
                    };
                    self.imports.push(ImportInfo {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        kind,
                        index,
                        type_index,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    let t = t.map_err(inv)?;
                    self.funcs.push(FuncInfo {
                        ty: TypeIndex::from_u32(t),
                        name: None,
                    });
                }
            }
            Payload::TableSection(reader) => {
                for table in reader.into_iter_with_offsets() {
                    let (offset, table) = table.map_err(inv)?;
                    self.supported(|| {
                        crate::no_gc::check_valtype(table.ty.element_type.into(), offset, None)
                    })?;
                    let init = match table.init {
                        TableInit::RefNull => ConstVal::RefNull,
                        TableInit::Expr(e) => self.const_val(&e)?,
                    };
                    self.tables.push(TableInfo {
                        ty: table.ty,
                        imported: false,
                        init,
                    });
                }
            }
            Payload::MemorySection(reader) => {
                check_memory_limits_encoding(self.wasm, reader.range())?;
                for m in reader {
                    let ty = m.map_err(inv)?;
                    self.memories.push(MemoryInfo {
                        ty,
                        imported: false,
                    });
                }
            }
            Payload::GlobalSection(reader) => {
                for g in reader.into_iter_with_offsets() {
                    let (offset, g) = g.map_err(inv)?;
                    self.supported(|| {
                        crate::no_gc::check_valtype(g.ty.content_type, offset, None)
                    })?;
                    self.globals.push(GlobalInfo {
                        ty: g.ty.content_type,
                        mutable: g.ty.mutable,
                        imported: false,
                        init: self.const_val(&g.init_expr)?,
                    });
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(inv)?;
                    let kind = match e.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => {
                            crate::abi::extern_kind::FUNC
                        }
                        ExternalKind::Table => crate::abi::extern_kind::TABLE,
                        ExternalKind::Memory => crate::abi::extern_kind::MEMORY,
                        ExternalKind::Global => crate::abi::extern_kind::GLOBAL,
                        ExternalKind::Tag => crate::abi::extern_kind::TAG,
                    };
                    self.exports.push(ExportInfo {
                        name: e.name.to_string(),
                        kind,
                        index: e.index,
                    });
                }
            }
            Payload::TagSection(reader) => {
                for t in reader {
                    let t = t.map_err(inv)?;
                    self.tags.push(TagInfo {
                        ty: TypeIndex::from_u32(t.func_type_idx),
                        imported: false,
                    });
                }
            }
            Payload::StartSection { func, .. } => self.start = Some(FuncIndex::from_u32(func)),
            Payload::ElementSection(reader) => {
                for elem in reader.into_iter_with_offsets() {
                    let (offset, elem) = elem.map_err(inv)?;
                    let mut items = Vec::new();
                    let ty = match elem.items {
                        ElementItems::Functions(funcs) => {
                            for f in funcs {
                                items.push(ConstVal::RefFunc(FuncIndex::from_u32(f.map_err(inv)?)));
                            }
                            RefType::FUNCREF
                        }
                        ElementItems::Expressions(ty, exprs) => {
                            self.supported(|| {
                                crate::no_gc::check_valtype(ty.into(), offset, None)
                            })?;
                            for e in exprs {
                                items.push(self.const_val(&e.map_err(inv)?)?);
                            }
                            ty
                        }
                    };
                    let mode = match elem.kind {
                        ElementKind::Passive => SegmentMode::Passive,
                        ElementKind::Declared => SegmentMode::Declared,
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => SegmentMode::Active {
                            index: table_index.unwrap_or(0),
                            offset: self.const_val(&offset_expr)?,
                        },
                    };
                    self.elems.push(ElemInfo { ty, items, mode });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data.map_err(inv)?;
                    let mode = match data.kind {
                        DataKind::Passive => SegmentMode::Passive,
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => SegmentMode::Active {
                            index: memory_index,
                            offset: self.const_val(&offset_expr)?,
                        },
                    };
                    self.datas.push(DataInfo {
                        bytes: data.data,
                        mode,
                    });
                }
            }
            Payload::CustomSection(reader) => {
                if let wasmparser::KnownCustom::Name(names) = reader.as_known() {
                    // A malformed name section is ignored, as the spec allows.
                    let _ = self.names(names);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn names(&mut self, reader: wasmparser::NameSectionReader<'a>) -> wasmparser::Result<()> {
        for name in reader {
            match name? {
                Name::Module { name, .. } => self.name = Some(name.to_string()),
                Name::Function(map) => {
                    for naming in map {
                        let naming = naming?;
                        if let Some(f) = self.funcs.get_mut(FuncIndex::from_u32(naming.index)) {
                            f.name = Some(naming.name.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// WebAssembly 2.0 encodes the limits of a 32-bit memory as `u32` LEB128s, so
/// an encoding longer than 5 bytes is malformed. wasmparser reads every
/// memory limit as `u64` (for memory64) and would accept 6-10 byte encodings
/// of small values; this pass over the raw section restores the 2.0 rule.
fn check_memory_limits_encoding(wasm: &[u8], range: std::ops::Range<u64>) -> Result<()> {
    let bytes = &wasm[range.start as usize..range.end as usize];
    let mut r = wasmparser::BinaryReader::new(bytes, range.start);
    let malformed = |offset: u64| CompileError::Invalid {
        message: "integer representation too long".into(),
        location: crate::error::Location { offset, func: None },
    };
    let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, None);
    let count = r.read_var_u32().map_err(inv)?;
    for _ in 0..count {
        let flags = r.read_u8().map_err(inv)?;
        let is64 = flags & 0x04 != 0;
        let fields = 1 + usize::from(flags & 0x01 != 0);
        for _ in 0..fields {
            let start = r.original_position();
            r.read_var_u64().map_err(inv)?;
            if !is64 && r.original_position() - start > 5 {
                return Err(malformed(start));
            }
        }
        if flags & 0x08 != 0 {
            // Custom page size (a later proposal): its log2 follows.
            r.read_var_u32().map_err(inv)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_only_excludes_every_function_named_outside_the_bodies() {
        let wasm = wat::parse_str(
            r#"(module
              (import "m" "f" (func $imp))
              (table $t 2 funcref (ref.func $in_table_init))
              (global funcref (ref.func $in_global))
              (elem (i32.const 0) $in_active)
              (elem func $in_passive)
              (elem declare func $declared)
              (elem funcref (ref.func $in_expr))
              (start $start)
              (func $direct (call $direct2))
              (func $direct2)
              (func $exported (export "e"))
              (func $start)
              (func $in_table_init)
              (func $in_global)
              (func $in_active)
              (func $in_passive)
              (func $declared (drop (ref.func $declared)))
              (func $in_expr))"#,
        )
        .unwrap();
        let env = ModuleEnv::parse(&wasm).unwrap();
        let direct: Vec<bool> = (0..env.funcs.len() as u32)
            .map(|i| env.direct_only(FuncIndex::from_u32(i)))
            .collect();
        // The import, then $direct and $direct2; every other one is named.
        let mut expected = vec![false; 11];
        expected[1] = true;
        expected[2] = true;
        assert_eq!(direct, expected);
        assert!(!env.direct_only(FuncIndex::from_u32(99)), "out of range");
    }
}
