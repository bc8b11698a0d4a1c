//! Structured control flow, branches and calls.

use super::legacy_exceptions as legacy;
use super::state::{Frame, FrameKind};
use super::Translator;
use crate::abi::{self, Trap};
use crate::conventions::{readonly, trusted};
use crate::error::Result;
use crate::index::{FuncIndex, TableIndex, TypeIndex};
use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    types, Block, BlockArg, Inst, InstBuilder, InstructionData, JumpTableData, Value,
};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

fn args(vals: &[Value]) -> Vec<BlockArg> {
    vals.iter().map(|v| BlockArg::Value(*v)).collect()
}

pub(super) fn jump(b: &mut FunctionBuilder<'_>, block: Block, vals: &[Value]) {
    b.ins().jump(block, &args(vals));
}

/// Create a block with parameters of the given types.
fn block_with_params(b: &mut FunctionBuilder<'_>, tys: &[cranelift_codegen::ir::Type]) -> Block {
    let block = b.create_block();
    for ty in tys {
        b.append_block_param(block, *ty);
    }
    block
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<bool> {
    match *op {
        Operator::Nop => {}
        Operator::Unreachable => {
            t.env.trap(b, Trap::Unreachable);
            t.state.reachable = false;
        }
        Operator::Block { blockty } => {
            let (params, results) = t.block_sig(blockty);
            let next = block_with_params(b, &results);
            t.state.frames.push(Frame {
                kind: FrameKind::Block,
                next,
                num_params: params.len(),
                num_results: results.len(),
                height: t.state.stack.len() - params.len(),
                branched_to: false,
            });
        }
        Operator::Loop { blockty } => {
            let (params, results) = t.block_sig(blockty);
            let header = block_with_params(b, &params);
            let next = block_with_params(b, &results);
            let vals = t.state.popn(params.len());
            jump(b, header, &vals);
            b.switch_to_block(header);
            t.state.stack.extend_from_slice(b.block_params(header));
            t.state.frames.push(Frame {
                kind: FrameKind::Loop { header },
                next,
                num_params: params.len(),
                num_results: results.len(),
                height: t.state.stack.len() - params.len(),
                branched_to: false,
            });
        }
        Operator::If { blockty } => {
            let cond = t.state.pop();
            let (params, results) = t.block_sig(blockty);
            let then_block = b.create_block();
            let else_block = b.create_block();
            let next = block_with_params(b, &results);
            let branch = b.ins().brif(cond, then_block, &[], else_block, &[]);
            b.seal_block(then_block);
            b.seal_block(else_block);
            b.switch_to_block(then_block);
            let saved = t.state.peekn(params.len()).to_vec();
            t.state.frames.push(Frame {
                kind: FrameKind::If {
                    else_block,
                    params: saved,
                    has_else: false,
                    head_reachable: true,
                    branch,
                },
                next,
                num_params: params.len(),
                num_results: results.len(),
                height: t.state.stack.len() - params.len(),
                branched_to: false,
            });
        }
        Operator::Else => {
            let frame = t.state.frames.last_mut().expect("validated: else in if");
            let results = t
                .state
                .stack
                .split_off(t.state.stack.len() - frame.num_results);
            jump(b, frame.next, &results);
            // The `then` arm falls through to `next`, whatever the `else` does.
            frame.branched_to = true;
            switch_to_else(t, b);
        }
        Operator::End => end(t, b),
        Operator::Br { relative_depth } => {
            br(t, b, relative_depth);
            t.state.reachable = false;
        }
        Operator::BrIf { relative_depth } => {
            let cond = t.state.pop();
            br_if(t, b, relative_depth, cond);
        }
        Operator::BrTable { ref targets } => {
            br_table(t, b, targets)?;
            t.state.reachable = false;
        }
        Operator::Return => {
            let n = t.state.frames[0].num_results;
            let vals = t.state.peekn(n).to_vec();
            let exns = legacy::exits_all(t);
            legacy::release(t, b, &exns);
            b.ins().return_(&vals);
            t.state.reachable = false;
        }
        Operator::Call { function_index } => call(t, b, function_index, false),
        Operator::ReturnCall { function_index } => call(t, b, function_index, true),
        Operator::CallIndirect {
            type_index,
            table_index,
        } => call_indirect(t, b, type_index, table_index, false),
        Operator::ReturnCallIndirect {
            type_index,
            table_index,
        } => call_indirect(t, b, type_index, table_index, true),
        Operator::CallRef { type_index } => call_ref(t, b, type_index, false),
        Operator::ReturnCallRef { type_index } => call_ref(t, b, type_index, true),
        Operator::BrOnNull { relative_depth } => br_on_null(t, b, relative_depth, true),
        Operator::BrOnNonNull { relative_depth } => br_on_null(t, b, relative_depth, false),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Leave the `then` arm of the innermost `if` and continue in its `else` arm.
fn switch_to_else(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>) {
    let back_edge = ended_in_back_edge(t, b);
    let frame = t.state.frames.last_mut().expect("validated: else in if");
    let height = frame.height;
    let FrameKind::If {
        else_block,
        ref params,
        ref mut has_else,
        head_reachable,
        branch,
    } = frame.kind
    else {
        unreachable!("validated: else matches an if")
    };
    *has_else = true;
    if back_edge {
        then_arm_after_branch(b, branch);
    }
    let params = params.clone();
    t.state.stack.truncate(height);
    t.state.reachable = head_reachable;
    b.switch_to_block(else_block);
    t.state.stack.extend(params);
}

/// `end` of a construct (and `delegate`), reached (`t.state.reachable`)
/// or not.
pub(super) fn end(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>) {
    let frame = t
        .state
        .frames
        .pop()
        .expect("validated: end matches a construct");
    if let FrameKind::If {
        has_else: false,
        branch,
        ..
    } = frame.kind
    {
        if ended_in_back_edge(t, b) {
            then_arm_after_branch(b, branch);
        }
    }
    if t.state.reachable {
        if let FrameKind::LegacyTry(legacy::LegacyTry { exn: Some(e), .. }) = frame.kind {
            let own = t.state.frames.len();
            legacy::release(t, b, &[(own, e)]);
        }
        let results = t
            .state
            .stack
            .split_off(t.state.stack.len() - frame.num_results);
        jump(b, frame.next, &results);
    }
    let mut next_reachable = t.state.reachable || frame.branched_to;
    match frame.kind {
        FrameKind::Loop { header } => b.seal_block(header),
        // An `if` without `else`: the false edge carries the parameters
        // (which validation guarantees equal the results) to `next`.
        FrameKind::If {
            else_block,
            ref params,
            has_else: false,
            head_reachable,
            ..
        } => {
            b.switch_to_block(else_block);
            jump(b, frame.next, params);
            next_reachable |= head_reachable;
        }
        FrameKind::TryTable { ref handlers } => super::exceptions::try_table_end(t, b, handlers),
        FrameKind::LegacyTry(ref lt) => legacy::try_end(t, lt),
        _ => {}
    }
    b.switch_to_block(frame.next);
    b.seal_block(frame.next);
    t.state.stack.truncate(frame.height);
    t.state.stack.extend_from_slice(b.block_params(frame.next));
    t.state.reachable = next_reachable;
}

/// Whether the code just translated ended by jumping to the header of the
/// innermost enclosing loop (a `br` to it, the last thing on its path). A
/// jump to an outer loop's header leaves the inner loop: not a back edge
/// for this purpose.
fn ended_in_back_edge(t: &Translator<'_, '_>, b: &FunctionBuilder<'_>) -> bool {
    if t.state.reachable {
        return false;
    }
    let Some(last) = b.current_block().and_then(|c| b.func.layout.last_inst(c)) else {
        return false;
    };
    let InstructionData::Jump { destination, .. } = b.func.dfg.insts[last] else {
        return false;
    };
    let dest = destination.block(&b.func.dfg.value_lists);
    let innermost = t.state.frames.iter().rev().find_map(|f| match f.kind {
        FrameKind::Loop { header } => Some(header),
        _ => None,
    });
    innermost == Some(dest)
}

/// Turn an `if`'s `brif c, then, else` into `brif c == 0, else, then`, once
/// its `then` arm turned out to end in a loop's back edge (clang's latch
/// `if (i != n) { ...; br $loop }`). Cranelift lays blocks out in reverse
/// postorder and visits a branch's first target first, so that target's
/// code goes after everything reachable from the second: a `then` arm that
/// jumps back to the loop (and so reaches nothing new) lands after all the
/// code following the loop, and every iteration takes two branches, one to
/// the far-away arm and one back (sha256's round loop). As the second
/// target it directly follows the branch; the exit is out of line.
fn then_arm_after_branch(b: &mut FunctionBuilder<'_>, branch: Inst) {
    let InstructionData::Brif { arg, .. } = b.func.dfg.insts[branch] else {
        unreachable!("an if's branch is a brif")
    };
    let zero = FuncCursor::new(b.func)
        .at_inst(branch)
        .ins()
        .icmp_imm_u(IntCC::Equal, arg, 0);
    if let InstructionData::Brif { arg, blocks, .. } = &mut b.func.dfg.insts[branch] {
        *arg = zero;
        blocks.swap(0, 1);
    }
}

/// Operators in unreachable code only matter for nesting: constructs opened
/// there are skipped whole, and an `else`/`end` of a live construct may make
/// code reachable again.
pub(super) fn translate_unreachable(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<()> {
    match *op {
        Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::If { .. }
        | Operator::TryTable { .. } => {
            t.state.dead_depth += 1;
        }
        Operator::Try { .. } => {
            // Keep the legacy plan in step: it counts every `try`.
            t.legacy.take();
            t.state.dead_depth += 1;
        }
        Operator::Else if t.state.dead_depth == 0 => switch_to_else(t, b),
        Operator::End | Operator::Delegate { .. } if t.state.dead_depth > 0 => {
            t.state.dead_depth -= 1;
        }
        Operator::End | Operator::Delegate { .. } => end(t, b),
        Operator::Catch { tag_index } if t.state.dead_depth == 0 => {
            legacy::catch(t, b, Some(tag_index))?;
        }
        Operator::CatchAll if t.state.dead_depth == 0 => legacy::catch(t, b, None)?,
        _ => {}
    }
    Ok(())
}

/// Branch to `depth` with the label's values from the top of the stack if
/// `cond` is non-zero (`br_if`, `br_on_cast`), else continue.
///
/// A branch that leaves a loop goes through a block of its own. Without it
/// the edge to a label with several predecessors is critical, and Cranelift
/// places the block it splits off for the edge (the register moves the
/// target needs) right after the branch: the loop's exit path falls through
/// and every iteration takes a branch to reach the rest of its body (lz77's
/// match loop: two taken branches per byte instead of one). A block of our
/// own is laid out in reverse postorder like any other, after the
/// continuation, so the loop body falls through and the exit is out of
/// line: the usual static guess (a loop exit is rarely taken; loops run
/// more than once). Branches that stay inside the loop keep Cranelift's
/// placement: which side of an `if`-like `br_if` is hot is unknown, and
/// moving them out of line measured slower (vm's opcode handlers, 0.85x).
pub(super) fn br_if(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    depth: u32,
    cond: Value,
) {
    let exns = legacy::exits(t, depth);
    let leaves_loop = leaves_loop(t, depth);
    let frame = t.state.frame_at(depth);
    frame.branched_to |= !frame.is_loop();
    let (target, n) = frame.br_target();
    let cont = b.create_block();
    if exns.is_empty() && !leaves_loop {
        let vals = args(t.state.peekn(n));
        b.ins().brif(cond, target, &vals, cont, &[]);
    } else {
        // The taken edge in a block of its own, which also releases the
        // legacy catch bodies the branch leaves.
        let edge = b.create_block();
        b.ins().brif(cond, edge, &[], cont, &[]);
        let vals = t.state.peekn(n).to_vec();
        legacy::fill_edge(t, b, edge, &exns, target, &vals);
    }
    b.seal_block(cont);
    b.switch_to_block(cont);
}

/// Whether a branch to `depth` leaves a loop (a loop frame lies between).
fn leaves_loop(t: &mut Translator<'_, '_>, depth: u32) -> bool {
    (0..depth).any(|d| t.state.frame_at(d).is_loop())
}

fn br(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, depth: u32) {
    let exns = legacy::exits(t, depth);
    legacy::release(t, b, &exns);
    let frame = t.state.frame_at(depth);
    frame.branched_to |= !frame.is_loop();
    let (target, n) = frame.br_target();
    let vals = t.state.peekn(n).to_vec();
    jump(b, target, &vals);
}

fn br_table(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    targets: &wasmparser::BrTable<'_>,
) -> Result<()> {
    let index = t.state.pop();
    let inv =
        |e: wasmparser::BinaryReaderError| crate::error::CompileError::invalid(&e, Some(t.func));
    let mut depths = Vec::with_capacity(targets.len() as usize);
    for d in targets.targets() {
        depths.push(d.map_err(inv)?);
    }
    let default = targets.default();
    // Every target carries the same number of values (validation).
    let n = t.state.frame_at(default).br_target().1;
    let vals = t.state.peekn(n).to_vec();
    // Jump tables carry no arguments: when the targets take values, branch
    // through one edge block per distinct target that passes them on.
    // So does a target that leaves legacy catch bodies (releasing them).
    let mut edges: Vec<(u32, Block, Block, Vec<legacy::Owned>)> = Vec::new();
    // The edge of each depth (a map: tables can have 100k entries).
    let mut edge_of: std::collections::HashMap<u32, Block> = std::collections::HashMap::new();
    let mut blocks = Vec::with_capacity(depths.len() + 1);
    for depth in std::iter::once(default).chain(depths.iter().copied()) {
        let exns = legacy::exits(t, depth);
        let frame = t.state.frame_at(depth);
        frame.branched_to |= !frame.is_loop();
        let (target, _) = frame.br_target();
        let block = if n == 0 && exns.is_empty() {
            target
        } else if let Some(&edge) = edge_of.get(&depth) {
            edge
        } else {
            let edge = b.create_block();
            edge_of.insert(depth, edge);
            edges.push((depth, edge, target, exns));
            edge
        };
        blocks.push(block);
    }
    let calls: Vec<_> = blocks
        .iter()
        .map(|blk| b.func.dfg.block_call(*blk, &[]))
        .collect();
    let jt = b.create_jump_table(JumpTableData::new(calls[0], &calls[1..]));
    b.ins().br_table(index, jt);
    for (_, edge, target, exns) in edges {
        legacy::fill_edge(t, b, edge, &exns, target, &vals);
    }
    Ok(())
}

/// Emit a call and push its results. Inside a `try_table` a call is a
/// `try_call` to the handlers in scope (see exceptions.rs); a tail call
/// (`return_call*`) leaves the function, and so every `try_table` of it,
/// before the callee runs: it stays a plain tail call, and what follows is
/// unreachable.
fn emit_call(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    callee: super::exceptions::Callee,
    full: &[Value],
    tail: bool,
) {
    use super::exceptions::Callee;
    if tail {
        let exns = legacy::exits_all(t);
        legacy::release(t, b, &exns);
        match callee {
            Callee::Direct(r) => b.ins().return_call(r, full),
            Callee::Indirect(sig, code) => b.ins().return_call_indirect(sig, code, full),
        };
        t.state.reachable = false;
    } else {
        let results = super::exceptions::call(t, b, callee, full);
        t.state.stack.extend(results);
    }
}

/// `call` / `return_call`.
fn call(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, index: u32, tail: bool) {
    let f = FuncIndex::from_u32(index);
    let n = t.env.module.func_type(f).params().len();
    let vals = t.state.popn(n);
    let (callee, full) = t.env.callee(b, f, &vals);
    emit_call(t, b, callee, &full, tail);
}

/// `call_ref` / `return_call_ref`: the operand is a `(ref null $t)`, its
/// type checked statically, so only null needs a run-time check.
fn call_ref(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, ty: u32, tail: bool) {
    let ty = TypeIndex::from_u32(ty);
    let record = t.state.pop();
    t.env.trapz(b, record, Trap::NullFunctionReference);
    let n = t.env.module.types[ty].params().len();
    let vals = t.state.popn(n);
    let (callee, full) = t.env.record_callee(b, ty, record, &vals);
    emit_call(t, b, callee, &full, tail);
}

/// `br_on_null` (`on_null`) / `br_on_non_null`. The reference is the top of
/// the stack: `br_on_null` branches without it and keeps it otherwise;
/// `br_on_non_null` branches with it and drops it otherwise.
fn br_on_null(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, depth: u32, on_null: bool) {
    let r = t.state.pop();
    if !on_null {
        t.state.push(r);
    }
    let exns = legacy::exits(t, depth);
    // A branch out of a loop goes through a block of its own, as in `br_if`.
    let leaves_loop = leaves_loop(t, depth);
    let frame = t.state.frame_at(depth);
    frame.branched_to |= !frame.is_loop();
    let (target, n) = frame.br_target();
    let cont = b.create_block();
    if exns.is_empty() && !leaves_loop {
        let vals = args(t.state.peekn(n));
        if on_null {
            b.ins().brif(r, cont, &[], target, &vals);
        } else {
            b.ins().brif(r, target, &vals, cont, &[]);
        }
    } else {
        // The taken edge in a block of its own (releasing the legacy catch
        // bodies the branch leaves), as the brif's first target: Cranelift
        // lays the second one out right after the branch.
        let edge = b.create_block();
        let taken = if on_null {
            b.ins().icmp_imm_u(IntCC::Equal, r, 0)
        } else {
            r
        };
        b.ins().brif(taken, edge, &[], cont, &[]);
        let vals = t.state.peekn(n).to_vec();
        legacy::fill_edge(t, b, edge, &exns, target, &vals);
    }
    b.seal_block(cont);
    b.switch_to_block(cont);
    if on_null {
        t.state.push(r);
    } else {
        t.state.pop();
    }
}

/// `call_indirect` / `return_call_indirect`: bounds-check the index against
/// the table, then the element for null and for the expected (canonical)
/// type id, then call.
fn call_indirect(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    ty: u32,
    table: u32,
    tail: bool,
) {
    let (ty, table) = (TypeIndex::from_u32(ty), TableIndex::from_u32(table));
    let index = t.state.pop();
    let p = t.env.ptr_bytes();
    let table_ptr = t.env.table_ptr(b, table);
    let size = b.ins().load(
        types::I32,
        trusted(),
        table_ptr,
        abi::table::SIZE.offset(p) as i32,
    );
    let size = super::table::size_as_index(b, size, index);
    let oob = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, size);
    t.env.trapnz(b, oob, Trap::UndefinedElement);
    let elems = b.ins().load(
        t.env.ptr,
        trusted(),
        table_ptr,
        abi::table::ELEMENTS.offset(p) as i32,
    );
    let index = super::table::index_to_ptr(b, t.env.ptr, index);
    let scaled = b.ins().imul_imm_u(index, i64::from(p));
    let addr = b.ins().iadd(elems, scaled);
    let record = b.ins().load(t.env.ptr, trusted(), addr, 0);
    t.env.trapz(b, record, Trap::IndirectCallToNull);
    let have = b.ins().load(
        types::I32,
        readonly(),
        record,
        abi::funcref::TYPE_ID.offset(p) as i32,
    );
    let type_ids = t.env.vmctx_field(b, abi::vmctx::TYPE_IDS);
    let want = b
        .ins()
        .load(types::I32, readonly(), type_ids, (ty.as_u32() * 4) as i32);
    let mismatch = b.ins().icmp(IntCC::NotEqual, have, want);
    if crate::types::has_subtypes(&t.env.module.type_defs, ty) {
        // A subtype's function is acceptable too: ask the registry.
        super::gc::subtype_check(t, b, mismatch, have, want, Trap::BadSignature);
    } else {
        t.env.trapnz(b, mismatch, Trap::BadSignature);
    }
    let n = t.env.module.types[ty].params().len();
    let vals = t.state.popn(n);
    let (callee, full) = t.env.record_callee(b, ty, record, &vals);
    emit_call(t, b, callee, &full, tail);
}
