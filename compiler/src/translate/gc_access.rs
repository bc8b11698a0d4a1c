//! What the struct and array instructions share: field and element loads
//! and stores by storage type, null checks, the header's length, the
//! allocation libcalls and an inline fill loop.
//!
//! Object data is accessed with non-trapping flags (null is checked
//! explicitly before any access, and every other reference of a struct or
//! array type points at a live object) but without the alignment claim:
//! objects are only 8-aligned, so a v128 field may not be 16-aligned.

use super::Translator;
use crate::abi::{self, Trap};
use crate::conventions::{trusted, val_type};
use crate::gc_layout::{self, Layout};
use crate::index::TypeIndex;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::StorageType;

fn data_flags() -> MemFlagsData {
    MemFlagsData::new().with_trap_code(None)
}

/// The layout of module type `ty` (validated: a struct or array type).
pub(super) fn layout_of(t: &Translator<'_, '_>, ty: u32) -> Layout {
    gc_layout::layout(&t.env.module.type_defs[ty as usize], t.env.ptr_bytes())
        .expect("validated: a struct or array type")
}

/// Load a field or element of storage type `s` at `addr + off`; packed
/// types are extended to i32 (`signed` for the `_s` forms).
pub(super) fn load(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    s: StorageType,
    signed: bool,
    addr: Value,
    off: i32,
) -> Value {
    let f = data_flags();
    match s {
        StorageType::I8 if signed => b.ins().sload8(types::I32, f, addr, off),
        StorageType::I8 => b.ins().uload8(types::I32, f, addr, off),
        StorageType::I16 if signed => b.ins().sload16(types::I32, f, addr, off),
        StorageType::I16 => b.ins().uload16(types::I32, f, addr, off),
        StorageType::Val(v) => b.ins().load(val_type(v, t.env.ptr), f, addr, off),
    }
}

/// Store `v` as storage type `s` at `addr + off` (packed: the low bits).
pub(super) fn store(b: &mut FunctionBuilder<'_>, s: StorageType, v: Value, addr: Value, off: i32) {
    let f = data_flags();
    match s {
        StorageType::I8 => b.ins().istore8(f, v, addr, off),
        StorageType::I16 => b.ins().istore16(f, v, addr, off),
        StorageType::Val(_) => b.ins().store(f, v, addr, off),
    };
}

/// Trap with `trap` if reference `r` is null.
pub(super) fn null_check(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    r: Value,
    trap: Trap,
) {
    t.env.trapz(b, r, trap);
}

/// The length of (non-null) array `a`.
pub(super) fn array_len(b: &mut FunctionBuilder<'_>, a: Value) -> Value {
    b.ins()
        .load(types::I32, trusted(), a, gc_layout::ARRAY_LENGTH as i32)
}

/// An i32 as a pointer-sized value.
pub(super) fn to_ptr(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, v: Value) -> Value {
    if t.env.ptr == types::I32 {
        v
    } else {
        b.ins().uextend(t.env.ptr, v)
    }
}

/// A new struct of type `ty`, fields zero.
pub(super) fn new_struct(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    ty: u32,
) -> Value {
    let ty = b.ins().iconst(types::I32, i64::from(ty));
    t.env
        .libcall(b, abi::libcall::STRUCT_NEW, &[ty])
        .expect("returns the object")
}

/// A new array of type `ty` with `len` (an i32) elements, all zero.
pub(super) fn new_array(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    ty: u32,
    len: Value,
) -> Value {
    let ty = b.ins().iconst(types::I32, i64::from(ty));
    t.env
        .libcall(b, abi::libcall::ARRAY_NEW, &[ty, len])
        .expect("returns the array")
}

/// The address of element `idx` (an i32) of array `a` with elements of
/// `size` bytes, minus the header: load/store it at offset 16.
pub(super) fn elem_base(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    a: Value,
    idx: Value,
    size: u32,
) -> Value {
    let i = to_ptr(t, b, idx);
    let off = b.ins().imul_imm_u(i, i64::from(size));
    b.ins().iadd(a, off)
}

/// Store `v` as `s` into `count` (an i32) consecutive elements of `size`
/// bytes starting at `start + 16`: an inline loop.
pub(super) fn fill(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    s: StorageType,
    size: u32,
    start: Value,
    count: Value,
    v: Value,
) {
    let end = elem_base(t, b, start, count, size);
    let head = b.create_block();
    let body = b.create_block();
    let exit = b.create_block();
    b.append_block_param(head, t.env.ptr);
    b.ins().jump(head, &[start.into()]);
    b.switch_to_block(head);
    let p = b.block_params(head)[0];
    let more = b.ins().icmp(IntCC::UnsignedLessThan, p, end);
    b.ins().brif(more, body, &[], exit, &[]);
    b.seal_block(body);
    b.switch_to_block(body);
    store(b, s, v, p, gc_layout::HEADER as i32);
    let next = b.ins().iadd_imm_u(p, i64::from(size));
    b.ins().jump(head, &[next.into()]);
    b.seal_block(head);
    b.seal_block(exit);
    b.switch_to_block(exit);
}

/// The canonical type id of module type `ty` (`vmctx->type_ids[ty]`).
pub(super) fn type_id(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, ty: TypeIndex) -> Value {
    let ids = t.env.vmctx_field(b, abi::vmctx::TYPE_IDS);
    b.ins().load(
        types::I32,
        crate::conventions::readonly(),
        ids,
        (ty.as_u32() * 4) as i32,
    )
}
