//! The stack-limit check of each compiled function, chosen after inlining,
//! when the final body is known.
//!
//! Deep recursion must be a clean trap, never a fault on the native stack's
//! guard page, so code compares SP with `vmctx->stack_limit`. The runtime
//! sets that limit [`abi::HOST_STACK_RESERVE_MIN`] bytes or more above the
//! lowest usable address of the thread's stack (`WASMC_HOST_STACK_RESERVE`),
//! room that libcalls and host functions run in. Cranelift's own check
//! (`Function::stack_limit`) runs before the frame is allocated and adds
//! the frame size to the limit: load, add, compare, branch in every
//! prologue. For small frames that room lets us do less:
//!
//! * A **leaf** (no calls of any kind) whose frame is provably at most
//!   [`abi::UNCHECKED_FRAME_MAX`] bytes needs no check: its caller checked
//!   that SP was at or above the limit before calling it, and the whole
//!   frame fits in the reserve below. It calls nothing, so nothing goes
//!   deeper from there.
//! * A small function that calls is checked **after** its prologue, SP
//!   against the limit with nothing added (`get_stack_pointer`, a load
//!   folded into the compare, a branch to the trap): before any of its
//!   calls SP is at or above the limit again, and its own frame, allocated
//!   before the check, fits in the reserve.
//! * Anything else (a body too big for the a-priori frame bound, tail
//!   calls, whose prologue may grow the argument area, and s390x, whose
//!   trap handler reconstructs the caller of a stack-overflow trap as if
//!   no frame existed yet) keeps Cranelift's check.
//!
//! The frame bound is a priori (so a function is compiled once): every
//! value could need a spill slot, of at most 16 bytes, a few lowered
//! instructions need temporaries too, so [`BYTES_PER_VALUE`] is four times
//! that; explicit stack slots add their sizes. After compilation the real
//! frame is checked against the limit, so a wrong bound is a compile error,
//! never a frame that could run past the reserve unchecked.
//!
//! The trap of the post-prologue check is an ordinary trap site in the trap
//! table, and the frame is complete there, so backtraces of a stack
//! overflow include the function that overflowed and its caller.

use crate::abi;
use crate::conventions::{readonly, trap_code};
use crate::error::{CompileError, Result};
use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::ir::{
    condcodes::IntCC, ArgumentPurpose, Function, GlobalValueData, InstBuilder, Type,
};
use cranelift_codegen::{Final, MachBufferFinalized};
use target_lexicon::Architecture;

/// Bytes of frame assumed per SSA value in the a-priori bound.
const BYTES_PER_VALUE: u64 = 64;
/// Bytes assumed for callee-saved registers, the frame record and
/// alignment, whatever the body.
const FIXED_FRAME: u64 = 1024;

/// The check a function got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackCheck {
    /// A small leaf: none.
    None,
    /// After the prologue, SP against the limit.
    AfterPrologue,
    /// Cranelift's check in the prologue.
    Prologue,
}

/// Choose and insert the check of `func` (after inlining, before
/// compilation) for `arch` with pointer type `ptr`.
pub fn insert(func: &mut Function, arch: Architecture, ptr: Type, fidx: u32) -> Result<StackCheck> {
    let mut calls = false;
    let mut tail_calls = false;
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            let op = func.dfg.insts[inst].opcode();
            calls |= op.is_call();
            tail_calls |= op.is_return() && op.is_call();
        }
    }
    let slots: u64 = func
        .sized_stack_slots
        .values()
        .map(|s| u64::from(s.size) + 16)
        .sum();
    let bound = (func.dfg.num_values() as u64)
        .saturating_mul(BYTES_PER_VALUE)
        .saturating_add(slots)
        .saturating_add(FIXED_FRAME);
    let small = bound <= u64::from(abi::UNCHECKED_FRAME_MAX) && !tail_calls;
    let check = match (small, calls) {
        (true, false) => StackCheck::None,
        (true, true) if arch != Architecture::S390x => StackCheck::AfterPrologue,
        _ => StackCheck::Prologue,
    };
    let vmctx = func
        .special_param(ArgumentPurpose::VMContext)
        .ok_or_else(|| CompileError::Codegen {
            func: fidx,
            message: "function without a vmctx parameter".into(),
        })?;
    let offset = abi::vmctx::STACK_LIMIT.offset(ptr.bytes()) as i32;
    match check {
        StackCheck::None => {}
        StackCheck::AfterPrologue => {
            let entry = func.layout.entry_block().expect("a body");
            let first = func.layout.first_inst(entry).expect("a terminator");
            let mut pos = FuncCursor::new(func).at_inst(first);
            let sp = pos.ins().get_stack_pointer(ptr);
            let limit = pos.ins().load(ptr, readonly(), vmctx, offset);
            let below = pos.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
            pos.ins().trapnz(below, trap_code(abi::Trap::StackOverflow));
        }
        StackCheck::Prologue => {
            let base = func.create_global_value(GlobalValueData::VMContext);
            let flags =
                func.dfg
                    .mem_flags
                    .insert(readonly())
                    .map_err(|_| CompileError::Codegen {
                        func: fidx,
                        message: "too many memory flag sets".into(),
                    })?;
            let limit = func.create_global_value(GlobalValueData::Load {
                base,
                offset: offset.into(),
                global_type: ptr,
                flags,
            });
            func.stack_limit = Some(limit);
        }
    }
    Ok(check)
}

/// After compilation: a function without Cranelift's check must have the
/// frame the bound promised.
pub fn verify(check: StackCheck, buffer: &MachBufferFinalized<Final>, fidx: u32) -> Result<()> {
    if check == StackCheck::Prologue {
        return Ok(());
    }
    // The frame below FP, plus the frame record (return address and FP).
    let frame = buffer
        .frame_layout()
        .map_or(u64::MAX, |l| u64::from(l.frame_to_fp_offset) + 16);
    if frame > u64::from(abi::UNCHECKED_FRAME_MAX) {
        return Err(CompileError::Codegen {
            func: fidx,
            message: format!(
                "frame of {frame} bytes exceeds the {}-byte bound of functions without a prologue stack check",
                abi::UNCHECKED_FRAME_MAX
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::{types, AbiParam, Signature, UserFuncName};
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// `(vmctx, i32) -> i32` adding `n` constants, calling itself if `call`.
    fn func(n: usize, call: bool) -> Function {
        let mut sig = Signature::new(CallConv::Tail);
        sig.params
            .push(AbiParam::special(types::I64, ArgumentPurpose::VMContext));
        sig.params.push(AbiParam::new(types::I32));
        sig.returns.push(AbiParam::new(types::I32));
        let mut f = Function::with_name_signature(UserFuncName::user(0, 0), sig.clone());
        let mut ctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut f, &mut ctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let p = b.block_params(entry).to_vec();
        let mut acc = p[1];
        for i in 0..n {
            let c = b.ins().iconst(types::I32, i as i64);
            acc = b.ins().iadd(acc, c);
        }
        if call {
            let sref = b.import_signature(sig);
            let callee = b.ins().iconst(types::I64, 0);
            let r = b.ins().call_indirect(sref, callee, &[p[0], acc]);
            acc = b.inst_results(r)[0];
        }
        b.ins().return_(&[acc]);
        b.finalize(cranelift_codegen::isa::TargetFrontendConfig {
            default_call_conv: CallConv::SystemV,
            pointer_width: target_lexicon::PointerWidth::U64,
            page_size_align_log2: 12,
        });
        f
    }

    #[test]
    fn small_leaves_go_unchecked_small_callers_check_after_the_prologue() {
        let x64 = Architecture::X86_64;
        let mut f = func(4, false);
        assert_eq!(
            insert(&mut f, x64, types::I64, 0).unwrap(),
            StackCheck::None
        );
        assert!(f.stack_limit.is_none());
        let mut f = func(4, true);
        assert_eq!(
            insert(&mut f, x64, types::I64, 0).unwrap(),
            StackCheck::AfterPrologue
        );
        assert!(f.stack_limit.is_none());
        let text = f.display().to_string();
        assert!(
            text.contains("get_stack_pointer") && text.contains("trapnz"),
            "{text}"
        );
    }

    #[test]
    fn big_bodies_and_s390x_keep_the_prologue_check() {
        let n = (abi::UNCHECKED_FRAME_MAX as u64 / BYTES_PER_VALUE) as usize;
        for call in [false, true] {
            let mut f = func(n, call);
            assert_eq!(
                insert(&mut f, Architecture::X86_64, types::I64, 0).unwrap(),
                StackCheck::Prologue
            );
            assert!(f.stack_limit.is_some());
        }
        let mut f = func(4, true);
        assert_eq!(
            insert(&mut f, Architecture::S390x, types::I64, 0).unwrap(),
            StackCheck::Prologue
        );
        // A leaf needs no check on s390x either.
        let mut f = func(4, false);
        assert_eq!(
            insert(&mut f, Architecture::S390x, types::I64, 0).unwrap(),
            StackCheck::None
        );
    }
}
