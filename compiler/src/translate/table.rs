//! Tables and reference values. References are pointer-sized: a funcref
//! points at a `wasmc_funcref` record, an externref is an opaque host
//! pointer, and null is 0 for both.

use super::Translator;
use crate::abi::{self, libcall, Trap};
use crate::conventions::trusted;
use crate::index::{FuncIndex, TableIndex};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

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
    let oob = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, size);
    t.env.trapnz(b, oob, Trap::TableOutOfBounds);
    let elems = b.ins().load(
        t.env.ptr,
        trusted(),
        tp,
        abi::table::ELEMENTS.offset(p) as i32,
    );
    let index = b.ins().uextend(t.env.ptr, index);
    let scaled = b.ins().imul_imm_u(index, i64::from(p));
    b.ins().iadd(elems, scaled)
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
            t.state.push(v);
        }
        Operator::TableGrow { table } => {
            let (init, delta) = t.state.pop2();
            let table = i32c(b, table);
            let v = t
                .env
                .libcall(b, libcall::TABLE_GROW, &[table, init, delta])
                .expect("returns");
            t.state.push(v);
        }
        Operator::TableFill { table } => {
            let (dst, v, len) = t.state.pop3();
            let table = i32c(b, table);
            t.env.libcall(b, libcall::TABLE_FILL, &[table, dst, v, len]);
        }
        Operator::TableCopy {
            dst_table,
            src_table,
        } => {
            let (dst, src, len) = t.state.pop3();
            let dt = i32c(b, dst_table);
            let st = i32c(b, src_table);
            t.env
                .libcall(b, libcall::TABLE_COPY, &[dt, st, dst, src, len]);
        }
        Operator::TableInit { elem_index, table } => {
            let (dst, src, len) = t.state.pop3();
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
