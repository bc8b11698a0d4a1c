//! GC stack maps: where the live GC references of each compiled frame are at
//! every safepoint, so the collector (runtime `gc_roots.c`) finds the roots
//! held by wasm frames precisely.
//!
//! How it fits together:
//! * The translator declares every value and local of the any, extern and
//!   exn hierarchies (every reference type except the func hierarchy) with
//!   Cranelift's `declare_value_needs_stack_map` /
//!   `declare_var_needs_stack_map` ([`declare_new_refs`], [`is_gc_ref`]),
//!   only in modules that use GC types or externref ([`module_uses_gc`]):
//!   other modules compile to exactly the code they did before.
//! * Cranelift then keeps such values in stack slots across every call (a
//!   safepoint) and records, per call, the return-address offset, the
//!   FP-to-SP distance and the SP offsets of the slots ([`collect`]).
//! * The descriptor carries them as `wasmc_stack_map` records sorted by
//!   (function, return-address offset) with their slots in one
//!   `wasmc_stack_slot` array; the collector walks the frame-pointer chain
//!   like the exception unwinder, looks each return address up, and reads
//!   the words at `FP - frame_size + offset`.
//!
//! The collector never moves objects, so the slots are only read.

use crate::error::{CompileError, Result};
use crate::module::ModuleEnv;
use crate::types::{Kind, TypeDef};
use cranelift_codegen::ir::Value;
use cranelift_frontend::FunctionBuilder;
use wasmparser::{
    AbstractHeapType as A, FuncValidator, HeapType, UnpackedIndex, ValType, ValidatorResources,
    WasmModuleResources,
};

/// The roots of one safepoint of a function.
pub struct StackMap {
    /// Offset of the return address from the function's start.
    pub ret_offset: u32,
    /// FP-to-SP distance at the call (SP = FP - frame_size).
    pub frame_size: u32,
    /// SP offsets of the words holding live GC references.
    pub slots: Vec<u32>,
}

/// Whether a module needs stack maps: it defines a struct or array type, or
/// mentions a type of the any or extern hierarchy in a function type, global
/// or table. externref counts because a GC module can hand an object to any
/// module as an externref (`extern.convert_any`): a module without GC types
/// holding it in a frame across a call that collects must keep it alive,
/// or the object would be freed under it and reused (memory safety, not
/// just a leak). Every externref value a module can hold comes in through
/// one of those types (parameters, results, globals, tables). exnrefs need
/// nothing: an exception is C memory and its payload is rooted through the
/// list of live exceptions. Other modules cannot hold GC objects at all.
pub fn module_uses_gc(env: &ModuleEnv<'_>) -> bool {
    let any_ref = |ty: &ValType| match ty {
        ValType::Ref(r) => match r.heap_type() {
            HeapType::Abstract { ty, .. } => {
                matches!(
                    ty,
                    A::Any | A::Eq | A::I31 | A::Struct | A::Array | A::None | A::Extern
                )
            }
            HeapType::Concrete(i) | HeapType::Exact(i) => i
                .as_module_index()
                .and_then(|i| env.type_defs.get(i as usize))
                .is_none_or(|d| d.kind() != Kind::Func),
        },
        _ => false,
    };
    env.type_defs.iter().any(|d| d.kind() != Kind::Func)
        || env
            .types
            .values()
            .any(|ft| ft.params().iter().chain(ft.results()).any(any_ref))
        || env.globals.values().any(|g| any_ref(&g.ty))
        || env
            .tables
            .values()
            .any(|t| any_ref(&ValType::Ref(t.ty.element_type)))
}

/// Whether a value of type `ty` may be a GC reference: every reference type
/// whose top type is not `func`. Concrete types are module indices (locals)
/// or the validator's canonical ids (operand types); unknown ones count as
/// references, which is always safe (an extra spill).
pub fn is_gc_ref(ty: ValType, defs: &[TypeDef], resources: &ValidatorResources) -> bool {
    let ValType::Ref(r) = ty else {
        return false;
    };
    match r.heap_type() {
        HeapType::Abstract { ty, .. } => !matches!(ty, A::Func | A::NoFunc),
        HeapType::Concrete(i) | HeapType::Exact(i) => match i {
            UnpackedIndex::Module(m) => defs.get(m as usize).is_none_or(|d| d.kind() != Kind::Func),
            UnpackedIndex::Id(id) => !matches!(
                resources.sub_type_at_id(id).composite_type.inner,
                wasmparser::CompositeInnerType::Func(_)
            ),
            UnpackedIndex::RecGroup(_) => true,
        },
    }
}

/// After an operator: declare the values it pushed that are GC references.
/// An operator changes only the top of the operand stack, so the values
/// that differ from `shadow` (the stack after the previous operator) are
/// found by scanning down from the top of the common part; values below
/// the first unchanged one were seen before. The validator's operand types
/// say which are references (its stack has the translator's height in
/// reachable code).
pub fn declare_new_refs(
    b: &mut FunctionBuilder<'_>,
    validator: &FuncValidator<ValidatorResources>,
    stack: &[Value],
    shadow: &mut Vec<Value>,
    defs: &[TypeDef],
    func: u32,
) -> Result<()> {
    if validator.operand_stack_height() as usize != stack.len() {
        return Err(CompileError::Codegen {
            func,
            message: format!(
                "operand stack height {} differs from the validator's {} (stack maps)",
                stack.len(),
                validator.operand_stack_height()
            ),
        });
    }
    let mut i = shadow.len().min(stack.len());
    while i > 0 && shadow[i - 1] != stack[i - 1] {
        i -= 1;
    }
    for (j, &v) in stack.iter().enumerate().skip(i) {
        let depth = stack.len() - 1 - j;
        if let Some(Some(ty)) = validator.get_operand_type(depth) {
            if is_gc_ref(ty, defs, validator.resources()) {
                b.declare_value_needs_stack_map(v);
            }
        }
    }
    shadow.truncate(i);
    shadow.extend_from_slice(&stack[i..]);
    Ok(())
}

/// The stack maps of a compiled function, by return-address offset (the
/// order Cranelift records them in).
pub fn collect(
    buffer: &cranelift_codegen::MachBufferFinalized<cranelift_codegen::Final>,
    func: u32,
) -> Result<Vec<StackMap>> {
    let mut out = Vec::new();
    for (ret_offset, frame_size, map) in buffer.user_stack_maps() {
        let mut slots: Vec<u32> = Vec::new();
        for (ty, offset) in map.entries() {
            if ty.bits() != 32 && ty.bits() != 64 {
                return Err(CompileError::Codegen {
                    func,
                    message: format!("stack map entry of type {ty}"),
                });
            }
            slots.push(offset);
        }
        if slots.is_empty() {
            continue;
        }
        slots.sort_unstable();
        out.push(StackMap {
            ret_offset: *ret_offset,
            frame_size: *frame_size,
            slots,
        });
    }
    out.sort_by_key(|m| m.ret_offset);
    Ok(out)
}
