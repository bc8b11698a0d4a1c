//! The GC boundary, until the collector lands (issue 11).
//!
//! WebAssembly 3.0 lets a constant expression read any immutable global,
//! defined or imported, and wasmparser validates that only with its GC
//! feature. So the validator runs with GC enabled, and this module turns away
//! what GC adds and wasmc cannot compile yet, with an "unsupported" error at
//! the offset of the type that needs it:
//! - struct and array types, recursion groups of more than one type, and
//!   subtype declarations (`sub`, non-final types): wasmc's type identity is
//!   structural over function types (see `wasmc_type_desc.key`), which is
//!   exact only for final, singleton function types;
//! - the abstract heap types of the GC hierarchy (`any`, `eq`, `i31`,
//!   `struct`, `array`, the bottom types `none`, `nofunc`, `noextern`,
//!   `noexn`) wherever a value type is written: function types, globals,
//!   tables, element segments, locals, block types, typed `select`,
//!   `ref.null`.
//!
//! - the GC instructions (`struct.*`, `array.*`, `ref.i31`, casts, ...).
//!
//! Everything this module rejects is valid WebAssembly 3.0: `wasmc validate`
//! accepts it, `wasmc build` reports it as unsupported.

use crate::error::{CompileError, Result};
use wasmparser::{
    AbstractHeapType, BlockType, CompositeInnerType, HeapType, Operator, RecGroup, ValType,
};

fn unsupported(what: &str, offset: u64, func: Option<u32>) -> CompileError {
    CompileError::unsupported(
        format!("{what} (needs GC, not supported yet)"),
        offset,
        func,
    )
}

/// A recursion group of the type section, at `offset`, whose first type
/// gets index `first`.
pub fn check_rec_group(group: &RecGroup, first: u32, offset: u64) -> Result<()> {
    if group.types().len() != 1 {
        return Err(unsupported(
            "a recursion group of several types",
            offset,
            None,
        ));
    }
    for sub in group.types() {
        if !sub.is_final || !sub.supertype_idxs.is_empty() {
            return Err(unsupported("a subtype declaration", offset, None));
        }
        match &sub.composite_type.inner {
            CompositeInnerType::Func(ft) => {
                for ty in ft.params().iter().chain(ft.results()) {
                    check_valtype(*ty, offset, None)?;
                    // A type that refers to itself is recursive: its identity
                    // is the GC proposal's iso-recursive one.
                    if let ValType::Ref(r) = ty {
                        let earlier = match r.heap_type() {
                            HeapType::Concrete(i) => i.as_module_index().is_some_and(|i| i < first),
                            _ => true,
                        };
                        if !earlier {
                            return Err(unsupported("a recursive type", offset, None));
                        }
                    }
                }
            }
            CompositeInnerType::Struct(_) => {
                return Err(unsupported("a struct type", offset, None));
            }
            CompositeInnerType::Array(_) => {
                return Err(unsupported("an array type", offset, None));
            }
            CompositeInnerType::Cont(_) => {
                return Err(CompileError::unsupported(
                    "a continuation type",
                    offset,
                    None,
                ));
            }
        }
    }
    Ok(())
}

/// A value type written at `offset` (in function `func`, if in a body).
pub fn check_valtype(ty: ValType, offset: u64, func: Option<u32>) -> Result<()> {
    match ty {
        ValType::Ref(r) if !supported_heap_type(r.heap_type()) => Err(unsupported(
            &format!("the reference type {r}"),
            offset,
            func,
        )),
        _ => Ok(()),
    }
}

fn supported_heap_type(ht: HeapType) -> bool {
    matches!(
        ht,
        HeapType::Concrete(_)
            | HeapType::Abstract {
                ty: AbstractHeapType::Func | AbstractHeapType::Extern | AbstractHeapType::Exn,
                shared: false,
            }
    )
}

/// A GC operator, or a GC type an operator names (block types, typed
/// `select`, `ref.null`).
pub fn check_operator(op: &Operator<'_>, offset: u64, func: u32) -> Result<()> {
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
        Operator::RefEq
        | Operator::StructNew { .. }
        | Operator::StructNewDefault { .. }
        | Operator::StructGet { .. }
        | Operator::StructGetS { .. }
        | Operator::StructGetU { .. }
        | Operator::StructSet { .. }
        | Operator::ArrayNew { .. }
        | Operator::ArrayNewDefault { .. }
        | Operator::ArrayNewFixed { .. }
        | Operator::ArrayNewData { .. }
        | Operator::ArrayNewElem { .. }
        | Operator::ArrayGet { .. }
        | Operator::ArrayGetS { .. }
        | Operator::ArrayGetU { .. }
        | Operator::ArraySet { .. }
        | Operator::ArrayLen
        | Operator::ArrayFill { .. }
        | Operator::ArrayCopy { .. }
        | Operator::ArrayInitData { .. }
        | Operator::ArrayInitElem { .. }
        | Operator::RefTestNonNull { .. }
        | Operator::RefTestNullable { .. }
        | Operator::RefCastNonNull { .. }
        | Operator::RefCastNullable { .. }
        | Operator::BrOnCast { .. }
        | Operator::BrOnCastFail { .. }
        | Operator::AnyConvertExtern
        | Operator::ExternConvertAny
        | Operator::RefI31
        | Operator::I31GetS
        | Operator::I31GetU => {
            let name = format!("{op:?}");
            let name = name.split([' ', '{']).next().unwrap_or_default();
            Err(unsupported(
                &format!("the GC instruction {name}"),
                offset,
                Some(func),
            ))
        }
        Operator::RefNull { hty } => match wasmparser::RefType::new(true, *hty) {
            Some(r) => check_valtype(ValType::Ref(r), offset, Some(func)),
            None => Err(unsupported(
                "ref.null of this heap type",
                offset,
                Some(func),
            )),
        },
        _ => Ok(()),
    }
}
