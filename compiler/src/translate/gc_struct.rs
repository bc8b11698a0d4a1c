//! `struct.new`, `struct.new_default`, `struct.get(_s/_u)` and
//! `struct.set`: allocation through the `STRUCT_NEW` libcall (which returns
//! a zeroed object with its header written), then inline stores; field
//! access inline at the offsets of [`crate::gc_layout`]. A null reference
//! traps `NULL_STRUCT_REFERENCE`.

use super::gc_access::{layout_of, load, new_struct, null_check, store};
use super::Translator;
use crate::abi::Trap;
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    match *op {
        Operator::StructNew { struct_type_index } => {
            let l = layout_of(t, struct_type_index);
            let vals = t.state.popn(l.offsets.len());
            let obj = new_struct(t, b, struct_type_index);
            for ((v, off), s) in vals.iter().zip(&l.offsets).zip(&l.storage) {
                store(b, *s, *v, obj, *off as i32);
            }
            t.state.push(obj);
        }
        Operator::StructNewDefault { struct_type_index } => {
            let obj = new_struct(t, b, struct_type_index);
            t.state.push(obj);
        }
        Operator::StructGet {
            struct_type_index,
            field_index,
        }
        | Operator::StructGetS {
            struct_type_index,
            field_index,
        }
        | Operator::StructGetU {
            struct_type_index,
            field_index,
        } => {
            let l = layout_of(t, struct_type_index);
            let i = field_index as usize;
            let r = t.state.pop();
            null_check(t, b, r, Trap::NullStructReference);
            let signed = matches!(op, Operator::StructGetS { .. });
            let v = load(t, b, l.storage[i], signed, r, l.offsets[i] as i32);
            t.state.push(v);
        }
        Operator::StructSet {
            struct_type_index,
            field_index,
        } => {
            let l = layout_of(t, struct_type_index);
            let i = field_index as usize;
            let (r, v) = t.state.pop2();
            null_check(t, b, r, Trap::NullStructReference);
            store(b, l.storage[i], v, r, l.offsets[i] as i32);
        }
        _ => return false,
    }
    true
}
