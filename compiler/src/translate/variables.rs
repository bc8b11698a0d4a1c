//! Locals, globals and the parametric operators (`drop`, `select`).

use super::Translator;
use crate::conventions::trusted;
use crate::index::GlobalIndex;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

/// Global slots are `union wasmc_val`s in host memory, written by C in the
/// host's byte order: never trapping, native-endian.
fn global_flags() -> MemFlagsData {
    trusted()
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    match *op {
        Operator::LocalGet { local_index } => {
            let v = b.use_var(t.locals[local_index as usize].0);
            t.state.push(v);
        }
        Operator::LocalSet { local_index } => {
            let v = t.state.pop();
            b.def_var(t.locals[local_index as usize].0, v);
        }
        Operator::LocalTee { local_index } => {
            let v = *t.state.stack.last().expect("validated");
            b.def_var(t.locals[local_index as usize].0, v);
        }
        Operator::GlobalGet { global_index } => {
            let g = GlobalIndex::from_u32(global_index);
            let ty = t.env.global_type(g);
            let addr = t.env.global_addr(b, g);
            let mut flags = global_flags();
            if !t.env.module.globals[g].mutable {
                flags = flags.with_readonly().with_can_move();
            }
            let v = b.ins().load(ty, flags, addr, 0);
            t.state.push(v);
        }
        Operator::GlobalSet { global_index } => {
            let g = GlobalIndex::from_u32(global_index);
            let v = t.state.pop();
            let addr = t.env.global_addr(b, g);
            b.ins().store(global_flags(), v, addr, 0);
        }
        Operator::Drop => {
            t.state.pop();
        }
        Operator::Select | Operator::TypedSelect { .. } => {
            let (x, y, c) = t.state.pop3();
            let v = b.ins().select(c, x, y);
            t.state.push(v);
        }
        _ => return false,
    }
    true
}
