//! The array instructions. Allocation goes through the `ARRAY_NEW` libcall
//! (a zeroed array with its header written) followed by inline stores
//! (`array.new` fills in a loop, `array.new_fixed` stores each value);
//! `array.get/set/len/fill` are inline with explicit bounds checks against
//! the header's length; the bulk operations that read segments or may
//! overlap (`array.copy`, `array.init_data/elem`, `array.new_data/elem`)
//! are libcalls in the runtime's gc_objects.c. A null reference traps
//! `NULL_ARRAY_REFERENCE`, an index or range outside the array
//! `ARRAY_OUT_OF_BOUNDS`.

use super::gc_access::{array_len, elem_base, fill, layout_of, load, new_array, null_check, store};
use super::Translator;
use crate::abi::{self, Trap};
use crate::gc_layout::HEADER;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    match *op {
        Operator::ArrayNew { array_type_index } => {
            let l = layout_of(t, array_type_index);
            let (v, len) = t.state.pop2();
            let a = new_array(t, b, array_type_index, len);
            fill(t, b, l.storage[0], l.size, a, len, v);
            t.state.push(a);
        }
        Operator::ArrayNewDefault { array_type_index } => {
            let len = t.state.pop();
            let a = new_array(t, b, array_type_index, len);
            t.state.push(a);
        }
        Operator::ArrayNewFixed {
            array_type_index,
            array_size,
        } => {
            let l = layout_of(t, array_type_index);
            let vals = t.state.popn(array_size as usize);
            let len = b.ins().iconst(types::I32, i64::from(array_size));
            let a = new_array(t, b, array_type_index, len);
            for (i, v) in vals.iter().enumerate() {
                let off = i64::from(HEADER) + i as i64 * i64::from(l.size);
                // Past 2 GiB the offset needs an address computation.
                match i32::try_from(off) {
                    Ok(off) => store(b, l.storage[0], *v, a, off),
                    Err(_) => {
                        let p = b.ins().iadd_imm_u(a, off);
                        store(b, l.storage[0], *v, p, 0);
                    }
                }
            }
            t.state.push(a);
        }
        Operator::ArrayNewData {
            array_type_index,
            array_data_index,
        } => segment_new(
            t,
            b,
            abi::libcall::ARRAY_NEW_DATA,
            array_type_index,
            array_data_index,
        ),
        Operator::ArrayNewElem {
            array_type_index,
            array_elem_index,
        } => segment_new(
            t,
            b,
            abi::libcall::ARRAY_NEW_ELEM,
            array_type_index,
            array_elem_index,
        ),
        Operator::ArrayGet { array_type_index }
        | Operator::ArrayGetS { array_type_index }
        | Operator::ArrayGetU { array_type_index } => {
            let l = layout_of(t, array_type_index);
            let (a, i) = t.state.pop2();
            let p = element(t, b, a, i, l.size);
            let signed = matches!(op, Operator::ArrayGetS { .. });
            let v = load(t, b, l.storage[0], signed, p, HEADER as i32);
            t.state.push(v);
        }
        Operator::ArraySet { array_type_index } => {
            let l = layout_of(t, array_type_index);
            let (a, i, v) = t.state.pop3();
            let p = element(t, b, a, i, l.size);
            store(b, l.storage[0], v, p, HEADER as i32);
        }
        Operator::ArrayLen => {
            let a = t.state.pop();
            null_check(t, b, a, Trap::NullArrayReference);
            let len = array_len(b, a);
            t.state.push(len);
        }
        Operator::ArrayFill { array_type_index } => {
            let l = layout_of(t, array_type_index);
            let n = t.state.pop();
            let (a, off, v) = t.state.pop3();
            null_check(t, b, a, Trap::NullArrayReference);
            range_check(t, b, a, off, n);
            let start = elem_base(t, b, a, off, l.size);
            fill(t, b, l.storage[0], l.size, start, n, v);
        }
        Operator::ArrayCopy { .. } => {
            let args = t.state.popn(5);
            t.env.libcall(b, abi::libcall::ARRAY_COPY, &args);
        }
        Operator::ArrayInitData {
            array_data_index: seg,
            ..
        }
        | Operator::ArrayInitElem {
            array_elem_index: seg,
            ..
        } => {
            let which = if matches!(op, Operator::ArrayInitData { .. }) {
                abi::libcall::ARRAY_INIT_DATA
            } else {
                abi::libcall::ARRAY_INIT_ELEM
            };
            let (a, d, s, n) = {
                let v = t.state.popn(4);
                (v[0], v[1], v[2], v[3])
            };
            let seg = b.ins().iconst(types::I32, i64::from(seg));
            t.env.libcall(b, which, &[a, d, seg, s, n]);
        }
        _ => return false,
    }
    true
}

/// The address (minus the header) of element `i` of array `a`, after the
/// null and bounds checks.
fn element(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    a: Value,
    i: Value,
    size: u32,
) -> Value {
    null_check(t, b, a, Trap::NullArrayReference);
    let len = array_len(b, a);
    let out = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
    t.env.trapnz(b, out, Trap::ArrayOutOfBounds);
    elem_base(t, b, a, i, size)
}

/// Trap unless [off, off + n) lies within non-null array `a` (in 64 bits,
/// so the sum cannot wrap).
fn range_check(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    a: Value,
    off: Value,
    n: Value,
) {
    let len = array_len(b, a);
    let len = b.ins().uextend(types::I64, len);
    let off = b.ins().uextend(types::I64, off);
    let n = b.ins().uextend(types::I64, n);
    let end = b.ins().iadd(off, n);
    let out = b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
    t.env.trapnz(b, out, Trap::ArrayOutOfBounds);
}

/// `array.new_data` / `array.new_elem`: (offset, length) -> array.
fn segment_new(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    which: usize,
    ty: u32,
    seg: u32,
) {
    let (s, n) = t.state.pop2();
    let ty = b.ins().iconst(types::I32, i64::from(ty));
    let seg = b.ins().iconst(types::I32, i64::from(seg));
    let a = t
        .env
        .libcall(b, which, &[ty, seg, s, n])
        .expect("returns the array");
    t.state.push(a);
}
