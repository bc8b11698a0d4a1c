//! Tables and reference values. References are pointer-sized: a funcref
//! points at a `wasmc_funcref` record, an externref is an opaque host
//! pointer, and null is 0 for both.
//!
//! table64: a table's index type may be i64. The runtime keeps table sizes in
//! 32 bits (tables are capped far below 2^32 elements), so inline accesses
//! compare the index against the zero-extended size, and the libcalls keep
//! their 32-bit operands: an i64 index or length with any of the high 32 bits
//! set is out of bounds for every table (it traps here, before the call), and
//! a `table.grow` by 2^32 or more always fails.

use super::Translator;
use crate::abi::{self, libcall, Trap};
use crate::conventions::trusted;
use crate::index::{FuncIndex, TableIndex};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

/// The 32-bit table size `size` widened to the type of `index` (i64 for
/// table64).
pub(super) fn size_as_index(b: &mut FunctionBuilder<'_>, size: Value, index: Value) -> Value {
    if b.func.dfg.value_type(index) == types::I64 {
        b.ins().uextend(types::I64, size)
    } else {
        size
    }
}

/// A bounds-checked table index (i32 or i64) as a pointer-sized value.
pub(super) fn index_to_ptr(b: &mut FunctionBuilder<'_>, ptr: Type, index: Value) -> Value {
    let ty = b.func.dfg.value_type(index);
    if ty == ptr {
        index
    } else if ty.bits() < ptr.bits() {
        b.ins().uextend(ptr, index)
    } else {
        b.ins().ireduce(ptr, index)
    }
}

/// The libcall operands of a table operation as i32: i64 ones (table64)
/// trap unless they fit in 32 bits, which every in-bounds value does.
fn narrow<const N: usize>(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    vals: [Value; N],
) -> [Value; N] {
    let mut high: Option<Value> = None;
    for &v in &vals {
        if b.func.dfg.value_type(v) == types::I64 {
            high = Some(match high {
                None => v,
                Some(h) => b.ins().bor(h, v),
            });
        }
    }
    let Some(high) = high else { return vals };
    let high = b.ins().ushr_imm_u(high, 32);
    t.env.trapnz(b, high, Trap::TableOutOfBounds);
    vals.map(|v| {
        if b.func.dfg.value_type(v) == types::I64 {
            b.ins().ireduce(types::I32, v)
        } else {
            v
        }
    })
}

/// Address of element `index` of table `table`, trapping when out of bounds.
fn element_addr(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    table: u32,
    index: Value,
) -> Value {
    let p = t.env.ptr_bytes();
    let tp = t.env.table_ptr(b, TableIndex::from_u32(table));
    let size = b
        .ins()
        .load(types::I32, trusted(), tp, abi::table::SIZE.offset(p) as i32);
    let size = size_as_index(b, size, index);
    let oob = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, size);
    t.env.trapnz(b, oob, Trap::TableOutOfBounds);
    let elems = b.ins().load(
        t.env.ptr,
        trusted(),
        tp,
        abi::table::ELEMENTS.offset(p) as i32,
    );
    let index = index_to_ptr(b, t.env.ptr, index);
    let scaled = b.ins().imul_imm_u(index, i64::from(p));
    b.ins().iadd(elems, scaled)
}

/// Whether table `table` is a table64 (i64 indices).
fn is64(t: &Translator<'_, '_>, table: u32) -> bool {
    t.env.module.tables[TableIndex::from_u32(table)].ty.table64
}

fn i32c(b: &mut FunctionBuilder<'_>, v: u32) -> Value {
    b.ins().iconst(types::I32, i64::from(v))
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    let ptr = t.env.ptr;
    match *op {
        Operator::RefNull { .. } => {
            let v = b.ins().iconst(ptr, 0);
            t.state.push(v);
        }
        Operator::RefIsNull => {
            let r = t.state.pop();
            let z = b.ins().icmp_imm_u(IntCC::Equal, r, 0);
            let z = b.ins().uextend(types::I32, z);
            t.state.push(z);
        }
        Operator::RefAsNonNull => {
            let r = t.state.pop();
            t.env.trapz(b, r, Trap::NullReference);
            t.state.push(r);
        }
        Operator::RefFunc { function_index } => {
            let v = t.env.funcref_addr(b, FuncIndex::from_u32(function_index));
            t.state.push(v);
        }
        Operator::TableGet { table } => {
            let index = t.state.pop();
            let addr = element_addr(t, b, table, index);
            let v = b.ins().load(ptr, trusted(), addr, 0);
            t.state.push(v);
        }
        Operator::TableSet { table } => {
            let (index, v) = t.state.pop2();
            let addr = element_addr(t, b, table, index);
            b.ins().store(trusted(), v, addr, 0);
        }
        Operator::TableSize { table } => {
            let tp = t.env.table_ptr(b, TableIndex::from_u32(table));
            let off = abi::table::SIZE.offset(t.env.ptr_bytes()) as i32;
            let v = b.ins().load(types::I32, trusted(), tp, off);
            let v = if is64(t, table) {
                b.ins().uextend(types::I64, v)
            } else {
                v
            };
            t.state.push(v);
        }
        Operator::TableGrow { table } => {
            let (init, delta) = t.state.pop2();
            let wide = is64(t, table);
            let delta = if wide {
                // 2^32 or more elements never fit: grow by u32::MAX, which
                // fails the same way (-1).
                let big = b
                    .ins()
                    .icmp_imm_u(IntCC::UnsignedGreaterThan, delta, 0xFFFF_FFFF);
                let low = b.ins().ireduce(types::I32, delta);
                let all = b.ins().iconst(types::I32, 0xFFFF_FFFF);
                b.ins().select(big, all, low)
            } else {
                delta
            };
            let table = i32c(b, table);
            let v = t
                .env
                .libcall(b, libcall::TABLE_GROW, &[table, init, delta])
                .expect("returns");
            // Sizes stay below 2^31, so -1 (u32::MAX) widens to -1.
            let v = if wide {
                b.ins().sextend(types::I64, v)
            } else {
                v
            };
            t.state.push(v);
        }
        Operator::TableFill { table } => {
            let (dst, v, len) = t.state.pop3();
            let [dst, len] = narrow(t, b, [dst, len]);
            let table = i32c(b, table);
            t.env.libcall(b, libcall::TABLE_FILL, &[table, dst, v, len]);
        }
        Operator::TableCopy {
            dst_table,
            src_table,
        } => {
            let (dst, src, len) = t.state.pop3();
            let [dst, src, len] = narrow(t, b, [dst, src, len]);
            let dt = i32c(b, dst_table);
            let st = i32c(b, src_table);
            t.env
                .libcall(b, libcall::TABLE_COPY, &[dt, st, dst, src, len]);
        }
        Operator::TableInit { elem_index, table } => {
            let (dst, src, len) = t.state.pop3();
            let [dst] = narrow(t, b, [dst]);
            let table = i32c(b, table);
            let seg = i32c(b, elem_index);
            t.env
                .libcall(b, libcall::TABLE_INIT, &[table, seg, dst, src, len]);
        }
        Operator::ElemDrop { elem_index } => {
            let seg = i32c(b, elem_index);
            t.env.libcall(b, libcall::ELEM_DROP, &[seg]);
        }
        _ => return false,
    }
    true
}
