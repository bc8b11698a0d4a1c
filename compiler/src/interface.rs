//! A module's interface as a C host sees it: its imports and exports with
//! their types, in the value-type letters of the embedding API (`"iIfF"`,
//! see `wasmc.h`).
//!
//! The CLI needs it outside of compilation: `build --link` checks the
//! imports against the host functions of the linked objects, and `build
//! --header` writes C prototypes for the exports. It is read straight from
//! the binary (the module has been validated by then), independent of the
//! compilation pipeline.

use crate::error::{CompileError, Result};
use wasmparser::{CompositeInnerType, ExternalKind, Parser, Payload, TypeRef};

/// A value type, as the embedding API represents values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    V128,
    /// `funcref` (`(ref null func)`).
    FuncRef,
    /// `externref` (`(ref null extern)`).
    ExternRef,
    /// A reference type the letters cannot express (non-nullable or
    /// concrete, e.g. `(ref $t)`), in the text format.
    Other(String),
}

impl ValType {
    fn from_wasm(t: wasmparser::ValType) -> ValType {
        use wasmparser::ValType as W;
        match t {
            W::I32 => ValType::I32,
            W::I64 => ValType::I64,
            W::F32 => ValType::F32,
            W::F64 => ValType::F64,
            W::V128 => ValType::V128,
            W::Ref(r) if r == wasmparser::RefType::FUNCREF => ValType::FuncRef,
            W::Ref(r) if r == wasmparser::RefType::EXTERNREF => ValType::ExternRef,
            W::Ref(r) => ValType::Other(format!("{r}")),
        }
    }

    /// The letter of the embedding API's type strings, if it has one.
    pub fn letter(&self) -> Option<char> {
        Some(match self {
            ValType::I32 => 'i',
            ValType::I64 => 'I',
            ValType::F32 => 'f',
            ValType::F64 => 'F',
            ValType::V128 => 'V',
            ValType::FuncRef => 'r',
            ValType::ExternRef => 'e',
            ValType::Other(_) => return None,
        })
    }
}

/// A function type.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FuncSig {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

impl FuncSig {
    /// The (params, results) letter strings, if every type has a letter.
    pub fn letters(&self) -> Option<(String, String)> {
        let l = |ts: &[ValType]| ts.iter().map(ValType::letter).collect::<Option<String>>();
        Some((l(&self.params)?, l(&self.results)?))
    }
}

/// What an import or export is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternType {
    Func(FuncSig),
    Memory { shared: bool, memory64: bool },
    Table,
    Global,
    Tag,
}

impl ExternType {
    /// "function", "memory", ... for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "function",
            ExternType::Memory { .. } => "memory",
            ExternType::Table => "table",
            ExternType::Global => "global",
            ExternType::Tag => "tag",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub ty: ExternType,
}

#[derive(Clone, Debug, Default)]
pub struct Interface {
    pub imports: Vec<Import>,
    pub exports: Vec<Export>,
}

impl Interface {
    /// A WASI reactor: exports `_initialize` and no `_start`.
    pub fn is_reactor(&self) -> bool {
        let has = |n: &str| {
            self.exports
                .iter()
                .any(|e| e.name == n && matches!(e.ty, ExternType::Func(_)))
        };
        has("_initialize") && !has("_start")
    }
}

/// The imports and exports of a (valid) module binary.
pub fn interface(wasm: &[u8]) -> Result<Interface> {
    let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, None);
    let mut types: Vec<Option<FuncSig>> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut memories: Vec<ExternType> = Vec::new();
    let mut out = Interface::default();
    let sig = |types: &[Option<FuncSig>], t: u32| -> FuncSig {
        types.get(t as usize).cloned().flatten().unwrap_or_default()
    };
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(inv)? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.map_err(inv)?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(ft) => Some(FuncSig {
                                params: ft
                                    .params()
                                    .iter()
                                    .map(|t| ValType::from_wasm(*t))
                                    .collect(),
                                results: ft
                                    .results()
                                    .iter()
                                    .map(|t| ValType::from_wasm(*t))
                                    .collect(),
                            }),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    let import = import.map_err(inv)?;
                    let ty = match import.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                            func_types.push(t);
                            ExternType::Func(sig(&types, t))
                        }
                        TypeRef::Memory(m) => {
                            let ty = ExternType::Memory {
                                shared: m.shared,
                                memory64: m.memory64,
                            };
                            memories.push(ty.clone());
                            ty
                        }
                        TypeRef::Table(_) => ExternType::Table,
                        TypeRef::Global(_) => ExternType::Global,
                        TypeRef::Tag(_) => ExternType::Tag,
                    };
                    out.imports.push(Import {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        ty,
                    });
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    func_types.push(t.map_err(inv)?);
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m.map_err(inv)?;
                    memories.push(ExternType::Memory {
                        shared: m.shared,
                        memory64: m.memory64,
                    });
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(inv)?;
                    let ty =
                        match e.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => {
                                let t = func_types.get(e.index as usize).copied().unwrap_or(0);
                                ExternType::Func(sig(&types, t))
                            }
                            ExternalKind::Memory => memories
                                .get(e.index as usize)
                                .cloned()
                                .unwrap_or(ExternType::Memory {
                                    shared: false,
                                    memory64: false,
                                }),
                            ExternalKind::Table => ExternType::Table,
                            ExternalKind::Global => ExternType::Global,
                            ExternalKind::Tag => ExternType::Tag,
                        };
                    out.exports.push(Export {
                        name: e.name.to_string(),
                        ty,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
