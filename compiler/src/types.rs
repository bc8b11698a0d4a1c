//! The module's defined types as the GC proposal has them: recursion groups
//! of function, struct and array types with declared supertypes and `final`,
//! and their encoding for the runtime's iso-recursive canonicalization.
//!
//! Two types of any two modules are the same type exactly when their
//! recursion groups are structurally equal (references to types of the same
//! group compared by position in the group, references to earlier groups by
//! canonical identity) and they sit at the same position. So the compiler
//! encodes each group once as a byte key (the format is documented on
//! `wasmc_type_desc.key`), with references inside the group as `HEAP_REC`
//! and references to earlier groups as module-local `HEAP_CONCRETE`
//! indices; the runtime substitutes the earlier groups' canonical ids and
//! interns the key (types.c). Subtyping is the declared supertype chain,
//! which the runtime records per canonical type.
//!
//! The representation of a reference follows from its hierarchy: funcref,
//! externref, exnref, and anyref for the whole `any` hierarchy (i31, struct,
//! array, eq, none and concrete struct and array types).

use crate::abi::{self, heap, valtype};
use crate::index::TypeIndex;
use wasmparser::{
    AbstractHeapType as A, CompositeInnerType, HeapType, RefType, StorageType, SubType, ValType,
};

/// A defined type with its recursion group.
#[derive(Clone, Debug)]
pub struct TypeDef {
    pub sub: SubType,
    /// Index of the group's first type.
    pub rec_start: u32,
    /// Number of types in the group.
    pub rec_len: u32,
}

/// The three kinds of composite types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Func,
    Struct,
    Array,
}

impl TypeDef {
    pub fn is_final(&self) -> bool {
        self.sub.is_final
    }

    /// The declared supertype's module index.
    pub fn supertype(&self) -> Option<u32> {
        self.sub
            .supertype_idxs
            .first()
            .and_then(|i| i.as_module_index())
    }

    pub fn kind(&self) -> Kind {
        match self.sub.composite_type.inner {
            CompositeInnerType::Func(_) => Kind::Func,
            CompositeInnerType::Array(_) => Kind::Array,
            // Continuation types are rejected before anything asks.
            _ => Kind::Struct,
        }
    }

    /// `wasmc_type_desc.kind`.
    pub fn kind_code(&self) -> u8 {
        match self.kind() {
            Kind::Func => valtype::FUNC,
            Kind::Struct => valtype::STRUCT,
            Kind::Array => valtype::ARRAY,
        }
    }
}

/// The binary code of an abstract heap type.
pub fn abstract_code(ty: A) -> u8 {
    match ty {
        A::Func => heap::FUNC,
        A::Extern => heap::EXTERN,
        A::Any => heap::ANY,
        A::Eq => heap::EQ,
        A::I31 => heap::I31,
        A::Struct => heap::STRUCT,
        A::Array => heap::ARRAY,
        A::Exn => heap::EXN,
        A::None => heap::NONE,
        A::NoExtern => heap::NOEXTERN,
        A::NoFunc => heap::NOFUNC,
        A::NoExn => heap::NOEXN,
        // Stack switching (not WebAssembly 3.0) is turned away by the gate.
        A::Cont | A::NoCont => heap::NONE,
    }
}

/// The representation (`WASMC_TYPE_*`) of a reference of heap type `ht`.
pub fn repr(ht: HeapType, defs: &[TypeDef]) -> u8 {
    match ht {
        HeapType::Abstract { ty, .. } => match ty {
            A::Func | A::NoFunc => valtype::FUNCREF,
            A::Extern | A::NoExtern => valtype::EXTERNREF,
            A::Exn | A::NoExn => valtype::EXNREF,
            _ => valtype::ANYREF,
        },
        HeapType::Concrete(i) | HeapType::Exact(i) => {
            match i.as_module_index().and_then(|i| defs.get(i as usize)) {
                Some(d) if d.kind() != Kind::Func => valtype::ANYREF,
                _ => valtype::FUNCREF,
            }
        }
    }
}

/// `heap_type` of a global or table (see `wasmc_global_desc`).
pub fn heap_detail(ht: HeapType) -> u32 {
    match ht {
        HeapType::Abstract {
            ty: A::Func | A::Extern | A::Any | A::Exn,
            ..
        } => 0,
        HeapType::Abstract { ty, .. } => heap::HEAP_ABSTRACT | u32::from(abstract_code(ty)),
        HeapType::Concrete(i) | HeapType::Exact(i) => i.as_module_index().map_or(0, |i| i + 1),
    }
}

/// The key of the recursion group starting at type `start`.
pub fn group_key(defs: &[TypeDef], start: u32) -> Vec<u8> {
    let first = &defs[start as usize];
    let group = &defs[start as usize..(start + first.rec_len) as usize];
    let mut k = KeyWriter {
        out: Vec::new(),
        start,
        len: first.rec_len,
    };
    k.u32(first.rec_len);
    for d in group {
        k.out.push(if d.is_final() {
            abi::type_flags::FINAL
        } else {
            0
        });
        match d.sub.supertype_idxs.first() {
            Some(s) => {
                k.out.push(valtype::REF_NULL);
                k.index(s.as_module_index().unwrap_or(0));
            }
            None => k.out.push(0),
        }
        k.out.push(d.kind_code());
        match &d.sub.composite_type.inner {
            CompositeInnerType::Func(ft) => {
                k.u32(ft.params().len() as u32);
                k.u32(ft.results().len() as u32);
                for t in ft.params().iter().chain(ft.results()) {
                    k.val(*t);
                }
            }
            CompositeInnerType::Struct(st) => {
                k.u32(st.fields.len() as u32);
                for f in st.fields.iter() {
                    k.storage(f.element_type);
                    k.out.push(u8::from(f.mutable));
                }
            }
            CompositeInnerType::Array(at) => {
                k.storage(at.0.element_type);
                k.out.push(u8::from(at.0.mutable));
            }
            CompositeInnerType::Cont(_) => {}
        }
    }
    k.out
}

struct KeyWriter {
    out: Vec<u8>,
    start: u32,
    len: u32,
}

impl KeyWriter {
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    /// A concrete heap type: inside the group, or an earlier group's type.
    fn index(&mut self, i: u32) {
        if i >= self.start && i - self.start < self.len {
            self.out.push(valtype::HEAP_REC);
            self.u32(i - self.start);
        } else {
            self.out.push(valtype::HEAP_CONCRETE);
            self.u32(i);
        }
    }

    fn heap(&mut self, ht: HeapType) {
        match ht {
            HeapType::Abstract { ty, .. } => self.out.push(abstract_code(ty)),
            HeapType::Concrete(i) | HeapType::Exact(i) => {
                self.index(i.as_module_index().unwrap_or(0));
            }
        }
    }

    fn reftype(&mut self, r: RefType) {
        self.out.push(if r.is_nullable() {
            valtype::REF_NULL
        } else {
            valtype::REF
        });
        self.heap(r.heap_type());
    }

    fn val(&mut self, t: ValType) {
        match t {
            ValType::I32 => self.out.push(valtype::I32),
            ValType::I64 => self.out.push(valtype::I64),
            ValType::F32 => self.out.push(valtype::F32),
            ValType::F64 => self.out.push(valtype::F64),
            ValType::V128 => self.out.push(valtype::V128),
            ValType::Ref(r) => self.reftype(r),
        }
    }

    fn storage(&mut self, s: StorageType) {
        match s {
            StorageType::I8 => self.out.push(valtype::I8),
            StorageType::I16 => self.out.push(valtype::I16),
            StorageType::Val(v) => self.val(v),
        }
    }
}

/// Whether the type at `t` may have subtypes other than itself (a cast or
/// `call_indirect` to it needs the supertype chain, not just identity).
pub fn has_subtypes(defs: &[TypeDef], t: TypeIndex) -> bool {
    defs.get(t.as_u32() as usize).is_some_and(|d| !d.is_final())
}
