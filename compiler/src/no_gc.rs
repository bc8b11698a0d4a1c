//! The boundary of the GC type system wasmc compiles.
//!
//! WebAssembly 3.0's GC is compiled in full (recursion groups, subtyping,
//! struct and array types and objects, the whole reference hierarchy, i31
//! references and casts, see [`crate::types`] and `translate/gc*.rs`). This
//! module turns away, with an "unsupported" error at its offset, the types
//! of proposals beyond 3.0 that wasmparser also accepts: shared
//! (shared-everything threads) types, types with descriptors (custom
//! descriptors), exact heap types and continuation (stack switching) types.
//!
//! Everything this module rejects is valid for wasmparser: `wasmc validate`
//! accepts it, `wasmc build` reports it as unsupported.

use crate::error::{CompileError, Result};
use wasmparser::{BlockType, CompositeInnerType, HeapType, Operator, RecGroup, ValType};

/// A recursion group of the type section, at `offset`.
pub fn check_rec_group(group: &RecGroup, offset: u64) -> Result<()> {
    for sub in group.types() {
        let ct = &sub.composite_type;
        if ct.shared || ct.descriptor_idx.is_some() || ct.describes_idx.is_some() {
            return Err(CompileError::unsupported(
                "a shared type or a type with a descriptor",
                offset,
                None,
            ));
        }
        let mut vals: Vec<ValType> = Vec::new();
        match &ct.inner {
            CompositeInnerType::Func(ft) => vals.extend(ft.params().iter().chain(ft.results())),
            CompositeInnerType::Struct(st) => {
                vals.extend(st.fields.iter().filter_map(|f| match f.element_type {
                    wasmparser::StorageType::Val(v) => Some(v),
                    _ => None,
                }));
            }
            CompositeInnerType::Array(at) => {
                if let wasmparser::StorageType::Val(v) = at.0.element_type {
                    vals.push(v);
                }
            }
            CompositeInnerType::Cont(_) => {
                return Err(CompileError::unsupported(
                    "a continuation type",
                    offset,
                    None,
                ));
            }
        }
        for v in vals {
            check_valtype(v, offset, None)?;
        }
    }
    Ok(())
}

/// A value type written at `offset` (in function `func`, if in a body).
pub fn check_valtype(ty: ValType, offset: u64, func: Option<u32>) -> Result<()> {
    match ty {
        ValType::Ref(r) if !supported_heap_type(r.heap_type()) => Err(CompileError::unsupported(
            format!("the reference type {r}"),
            offset,
            func,
        )),
        _ => Ok(()),
    }
}

fn supported_heap_type(ht: HeapType) -> bool {
    match ht {
        HeapType::Concrete(_) => true,
        HeapType::Exact(_) => false,
        HeapType::Abstract { ty, shared } => {
            !shared
                && !matches!(
                    ty,
                    wasmparser::AbstractHeapType::Cont | wasmparser::AbstractHeapType::NoCont
                )
        }
    }
}

/// A type an operator names (block types, typed `select`,
/// `ref.null`, casts).
pub fn check_operator(op: &Operator<'_>, offset: u64, func: u32) -> Result<()> {
    let heap = |ht: HeapType| match wasmparser::RefType::new(true, ht) {
        Some(r) => check_valtype(ValType::Ref(r), offset, Some(func)),
        None => Err(CompileError::unsupported(
            "this heap type",
            offset,
            Some(func),
        )),
    };
    match op {
        Operator::Block { blockty }
        | Operator::Loop { blockty }
        | Operator::If { blockty }
        | Operator::Try { blockty }
        | Operator::TryTable {
            try_table: wasmparser::TryTable { ty: blockty, .. },
        } => match blockty {
            BlockType::Type(ty) => check_valtype(*ty, offset, Some(func)),
            BlockType::Empty | BlockType::FuncType(_) => Ok(()),
        },
        Operator::TypedSelect { ty } => check_valtype(*ty, offset, Some(func)),
        Operator::TypedSelectMulti { tys } => tys
            .iter()
            .try_for_each(|ty| check_valtype(*ty, offset, Some(func))),
        Operator::RefNull { hty } => heap(*hty),
        Operator::RefTestNonNull { hty }
        | Operator::RefTestNullable { hty }
        | Operator::RefCastNonNull { hty }
        | Operator::RefCastNullable { hty } => heap(*hty),
        Operator::BrOnCast {
            from_ref_type,
            to_ref_type,
            ..
        }
        | Operator::BrOnCastFail {
            from_ref_type,
            to_ref_type,
            ..
        } => {
            heap(from_ref_type.heap_type())?;
            heap(to_ref_type.heap_type())
        }
        _ => Ok(()),
    }
}
