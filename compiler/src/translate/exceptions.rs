//! Exception handling, the WebAssembly 3.0 encoding: `throw`, `throw_ref`,
//! `try_table` with its catch clauses, and the calls made inside one.
//!
//! Zero cost on the normal path: a call inside a `try_table` is a Cranelift
//! `try_call` whose exception table lists the handlers of every enclosing
//! `try_table` (innermost first, up to the first catch-all). Nothing is
//! checked when a call returns; the compiler records, per call site, the
//! handlers and where the frame keeps its vmctx (an exception-table context
//! item), and the runtime's unwinder reads that table only when something is
//! thrown. Calls outside any `try_table` stay plain calls.
//!
//! Throwing is a call of the runtime (`wasmc_throw`, `wasmc_throw_ref`)
//! declared with the `PreserveAll` convention: it never returns, and for a
//! `try_call` Cranelift then treats every register as clobbered on the
//! exceptional edge, so the unwinder needs to restore only PC, SP and FP
//! and pass the exception pointer in the first payload register.
//!
//! A handler block receives the exception (`*wasmc_exn`), unpacks the tag's
//! payload from it for `catch`/`catch_ref`, and either releases it (`catch`,
//! `catch_all`: the exception cannot be observed again) or marks it exposed
//! (`catch_ref`, `catch_all_ref`: an exnref now lives in wasm values).

use super::legacy_exceptions::Pads;
use super::state::{Frame, FrameKind};
use super::Translator;
use crate::abi::{self, Trap};
use crate::conventions::{trusted, val_type};
use cranelift_codegen::ir::{
    self, types, Block, BlockArg, ExceptionTableData, ExceptionTableItem, ExceptionTag, FuncRef,
    InstBuilder, SigRef, StackSlotData, StackSlotKind, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use wasmparser::{Catch, Operator};

/// What a call goes to.
pub(super) enum Callee {
    Direct(FuncRef),
    Indirect(SigRef, Value),
}

/// One catch clause of an open `try_table`: the tag it catches (None:
/// every exception) and its handler block (parameter: the exception).
#[derive(Debug, Clone, Copy)]
pub struct Handler {
    pub tag: Option<u32>,
    pub block: Block,
}

/// Emit a call. Inside a `try_table` (or a legacy `try` body or catch body)
/// it is a `try_call` to the handlers in scope, and translation continues in
/// its normal-return block.
pub(super) fn call(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    callee: Callee,
    args: &[Value],
) -> Vec<Value> {
    call_releasing(t, b, callee, args, &[])
}

/// [`call`], where the caught exceptions of the legacy catch bodies at
/// frames `released` were already released (before a throw).
fn call_releasing(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    callee: Callee,
    args: &[Value],
    released: &[usize],
) -> Vec<Value> {
    let (handlers, complete) = handlers_in_scope(t);
    let mut pads = Pads::new(t, released);
    if handlers.is_empty() && !pads.holds() {
        let inst = match callee {
            Callee::Direct(r) => b.ins().call(r, args),
            Callee::Indirect(sig, code) => b.ins().call_indirect(sig, code, args),
        };
        return b.inst_results(inst).to_vec();
    }
    let sig = match callee {
        Callee::Direct(r) => b.func.dfg.ext_funcs[r].signature,
        Callee::Indirect(sig, _) => sig,
    };
    let returns: Vec<ir::Type> = b.func.dfg.signatures[sig]
        .returns
        .iter()
        .map(|p| p.value_type)
        .collect();
    let ret = b.create_block();
    for ty in &returns {
        b.append_block_param(ret, *ty);
    }
    let ret_args: Vec<BlockArg> = (0..returns.len() as u32)
        .map(BlockArg::TryCallRet)
        .collect();
    let normal = b.func.dfg.block_call(ret, &ret_args);
    let mut items = vec![ExceptionTableItem::Context(t.env.vmctx)];
    for (frame, h) in handlers {
        let target = pads.target(b, t.env.ptr, frame, h.block);
        let to = b.func.dfg.block_call(target, &[BlockArg::TryCallExn(0)]);
        items.push(match h.tag {
            Some(tag) => ExceptionTableItem::Tag(ExceptionTag::from_u32(tag), to),
            None => ExceptionTableItem::Default(to),
        });
    }
    if !complete {
        if let Some(cleanup) = pads.cleanup(b, t.env.ptr) {
            let to = b.func.dfg.block_call(cleanup, &[BlockArg::TryCallExn(0)]);
            items.push(ExceptionTableItem::Default(to));
        }
    }
    let table = b
        .func
        .dfg
        .exception_tables
        .push(ExceptionTableData::new(sig, normal, items));
    match callee {
        Callee::Direct(r) => b.ins().try_call(r, args, table),
        Callee::Indirect(_, code) => b.ins().try_call_indirect(code, args, table),
    };
    pads.fill(t, b);
    b.seal_block(ret);
    b.switch_to_block(ret);
    b.block_params(ret).to_vec()
}

/// The handlers a throw at this point can reach in this function, in match
/// order; nothing after a catch-all can match. Frames between a legacy
/// `try ... delegate l` and label `l` add none, and neither does a legacy
/// `try` whose catch bodies are being translated. Legacy clauses listed are
/// marked used (their catch bodies are reachable). With each, the index of
/// its frame; and whether the list ends with a catch-all.
fn handlers_in_scope(t: &mut Translator<'_, '_>) -> (Vec<(usize, Handler)>, bool) {
    let mut out = Vec::new();
    if t.state.try_depth == 0 {
        return (out, false);
    }
    let frames = &mut t.state.frames;
    let mut i = frames.len();
    while i > 0 {
        i -= 1;
        match &mut frames[i].kind {
            FrameKind::TryTable { handlers } => {
                for h in handlers.iter() {
                    out.push((i, *h));
                    if h.tag.is_none() {
                        return (out, true);
                    }
                }
            }
            FrameKind::LegacyTry(lt) if lt.catching.is_none() => {
                if let Some(d) = lt.delegate {
                    // The loop continues at frame `d`.
                    i = d + 1;
                    continue;
                }
                for c in lt.clauses.iter_mut() {
                    c.used = true;
                    out.push((i, c.handler));
                    if c.handler.tag.is_none() {
                        return (out, true);
                    }
                }
            }
            _ => {}
        }
    }
    (out, false)
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> crate::error::Result<bool> {
    match *op {
        Operator::Throw { tag_index } => {
            check_target(t)?;
            let released = super::legacy_exceptions::before_throw(t, b);
            let tys = t.env.module.tag_params(tag_index).to_vec();
            let vals = t.state.popn(tys.len());
            let ptr = t.env.ptr;
            let addr = if vals.is_empty() {
                b.ins().iconst(ptr, 0)
            } else {
                let size = vals.len() as u32 * abi::VAL_SIZE;
                let slot = b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    size,
                    4,
                ));
                for (i, v) in vals.iter().enumerate() {
                    b.ins()
                        .stack_store(ptr, *v, slot, (i as u32 * abi::VAL_SIZE) as i32);
                }
                b.ins().stack_addr(ptr, slot, 0)
            };
            let tag = b.ins().iconst(types::I32, i64::from(tag_index));
            raise(t, b, abi::libcall::THROW, &[tag, addr], &released);
        }
        Operator::ThrowRef => {
            check_target(t)?;
            let exn = t.state.pop();
            let released = super::legacy_exceptions::before_throw(t, b);
            raise(t, b, abi::libcall::THROW_REF, &[exn], &released);
        }
        Operator::TryTable { ref try_table } => {
            check_target(t)?;
            try_table_start(t, b, try_table);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Exceptions need the unwinder of the runtime, written for x86-64, aarch64,
/// riscv64 and s390x (its `resume()` and frame layout are per architecture).
pub(super) fn check_target(t: &Translator<'_, '_>) -> crate::error::Result<()> {
    if t.exceptions {
        Ok(())
    } else {
        Err(t.unsupported(
            "exception handling on this target (supported: x86_64, aarch64, riscv64, s390x)",
        ))
    }
}

/// Call a throwing libcall (never returns); the exceptions of the legacy
/// catch bodies at frames `released` were released before.
pub(super) fn raise(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    which: usize,
    args: &[Value],
    released: &[usize],
) {
    let r = t.env.libcall_ref(b, which, CallConv::PreserveAll);
    let mut full = vec![t.env.vmctx];
    full.extend_from_slice(args);
    call_releasing(t, b, Callee::Direct(r), &full, released);
    t.env.trap(b, Trap::Unreachable);
    t.state.reachable = false;
}

fn try_table_start(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    try_table: &wasmparser::TryTable,
) {
    let (params, results) = t.block_sig(try_table.ty);
    // The handler blocks are filled now, so leave the current block first.
    let body = b.create_block();
    b.ins().jump(body, &[]);
    let ptr = t.env.ptr;
    let p = t.env.ptr_bytes();
    let mut handlers = Vec::with_capacity(try_table.catches.len());
    for catch in &try_table.catches {
        let (tag, label, with_ref) = match *catch {
            Catch::One { tag, label } => (Some(tag), label, false),
            Catch::OneRef { tag, label } => (Some(tag), label, true),
            Catch::All { label } => (None, label, false),
            Catch::AllRef { label } => (None, label, true),
        };
        let block = b.create_block();
        let exn = b.append_block_param(block, ptr);
        b.switch_to_block(block);
        let mut vals = match tag {
            Some(tag) => payload(t, b, exn, tag),
            None => Vec::new(),
        };
        if with_ref {
            let one = b.ins().iconst(types::I32, 1);
            b.ins()
                .store(trusted(), one, exn, abi::exn::EXPOSED.offset(p) as i32);
            vals.push(exn);
        } else {
            // (Not an exception a legacy catch body around holds.)
            let here = t.state.frames.len();
            super::legacy_exceptions::release(t, b, &[(here, exn)]);
        }
        // Leaving legacy catch bodies releases their exceptions.
        let exns = super::legacy_exceptions::exits(t, label);
        super::legacy_exceptions::release(t, b, &exns);
        let frame = t.state.frame_at(label);
        frame.branched_to |= !frame.is_loop();
        let (target, _) = frame.br_target();
        super::control::jump(b, target, &vals);
        handlers.push(Handler { tag, block });
    }
    b.switch_to_block(body);
    b.seal_block(body);
    let next = b.create_block();
    for ty in &results {
        b.append_block_param(next, *ty);
    }
    t.state.try_depth += 1;
    t.state.frames.push(Frame {
        kind: FrameKind::TryTable { handlers },
        next,
        num_params: params.len(),
        num_results: results.len(),
        height: t.state.stack.len() - params.len(),
        branched_to: false,
    });
}

/// The payload of exception `exn` of tag `tag`, loaded as values.
pub(super) fn payload(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    exn: Value,
    tag: u32,
) -> Vec<Value> {
    let ptr = t.env.ptr;
    let tys = t.env.module.tag_params(tag).to_vec();
    let mut vals = Vec::with_capacity(tys.len());
    if !tys.is_empty() {
        let p = t.env.ptr_bytes();
        let base = b
            .ins()
            .load(ptr, trusted(), exn, abi::exn::VALS.offset(p) as i32);
        for (i, ty) in tys.iter().enumerate() {
            let off = (i as u32 * abi::VAL_SIZE) as i32;
            vals.push(b.ins().load(val_type(*ty, ptr), trusted(), base, off));
        }
    }
    vals
}

/// At the `end` of a `try_table`: every call that can reach its handlers
/// has been emitted.
pub(super) fn try_table_end(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    handlers: &[Handler],
) {
    t.state.try_depth -= 1;
    for h in handlers {
        b.seal_block(h.block);
    }
}
