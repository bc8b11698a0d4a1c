//! The threads proposal's operators: atomic loads, stores, read-modify-write
//! and compare-exchange, `memory.atomic.wait32/64`, `memory.atomic.notify`
//! and `atomic.fence`.
//!
//! Every access is sequentially consistent (Cranelift's `atomic_*`
//! instructions and `fence` are SeqCst on every target), on shared and
//! unshared memories alike: toolchains emit atomics for plain memories too.
//!
//! Address computation and bounds checks are those of plain accesses
//! ([`super::memory::address`], memory64 included). Before them comes the
//! alignment check the proposal requires: the effective address `index +
//! offset` must be a multiple of the access size, else the trap "unaligned
//! atomic" (the reference interpreter checks alignment before bounds; the
//! wrapping 64-bit sum has the right low bits even when the real sum
//! overflows, and then the bounds check traps). Cranelift's atomic
//! instructions take no immediate offset, so it is added to the address.
//!
//! Wait and notify: whether a memory is shared is part of its type, fixed at
//! compile time (imports must match it exactly), so the translator decides.
//! On a shared memory they call the runtime (`atomic_wait.c`) with the
//! checked, aligned effective address (bounds checked explicitly in both
//! modes); on an unshared memory, after the same checks, `wait` traps ("expected shared memory": no other thread can ever
//! notify it) and `notify` yields 0 (there can be no waiters) with no call.

use super::memory::{address, checked_address, heap_flags, is64};
use super::Translator;
use crate::abi::{libcall, Trap};
use crate::error::CompileError;
use crate::index::MemoryIndex;
use cranelift_codegen::ir::{types, AtomicRmwOp, InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::{MemArg, MemArgTarget, Operator};

type Result<T> = std::result::Result<T, CompileError>;

/// The memory index a memarg names (atomics only ever name memories).
fn memory_of(t: &Translator<'_, '_>, m: &MemArg) -> Result<u32> {
    match m.target {
        MemArgTarget::Memory(mem) => Ok(mem),
        _ => Err(t.unsupported("atomic access to a GC array")),
    }
}

/// The address of an atomic access of `size` bytes whose index is on top of
/// the stack (popped): alignment check, bounds check, then `base + index +
/// offset` as one pointer.
fn atomic_address(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    size: u32,
) -> Result<Value> {
    if size > 1 {
        check_alignment(t, b, m, size)?;
    }
    let (addr, off) = address(t, b, m, size)?;
    Ok(if off == 0 {
        addr
    } else {
        b.ins().iadd_imm_u(addr, i64::from(off))
    })
}

/// Trap "unaligned atomic" unless `index + offset` (index on top of the
/// stack, not popped) is a multiple of `size`. Returns that effective
/// address as an i64.
fn check_alignment(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    size: u32,
) -> Result<Value> {
    let mem = memory_of(t, m)?;
    let index = *t.state.stack.last().expect("validated: an address");
    let index = if is64(t, mem) {
        index
    } else {
        b.ins().uextend(types::I64, index)
    };
    let ea = b.ins().iadd_imm_u(index, m.offset as i64);
    let misaligned = b.ins().band_imm_u(ea, i64::from(size - 1));
    t.env.trapnz(b, misaligned, Trap::UnalignedAtomic);
    Ok(ea)
}

/// The low `mem_ty` part of `v` (the value operand of a narrow access).
fn narrow(b: &mut FunctionBuilder<'_>, v: Value, mem_ty: Type) -> Value {
    if b.func.dfg.value_type(v) == mem_ty {
        v
    } else {
        b.ins().ireduce(mem_ty, v)
    }
}

/// `v` (a `mem_ty` just read) zero-extended to the operator's type.
fn widen(b: &mut FunctionBuilder<'_>, v: Value, mem_ty: Type, result: Type) -> Value {
    if mem_ty == result {
        v
    } else {
        b.ins().uextend(result, v)
    }
}

fn load(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
    result: Type,
) -> Result<()> {
    let addr = atomic_address(t, b, m, mem_ty.bytes())?;
    let v = b.ins().atomic_load(mem_ty, heap_flags(), addr);
    let v = widen(b, v, mem_ty, result);
    t.state.push(v);
    Ok(())
}

fn store(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
) -> Result<()> {
    let v = t.state.pop();
    let addr = atomic_address(t, b, m, mem_ty.bytes())?;
    let v = narrow(b, v, mem_ty);
    b.ins().atomic_store(heap_flags(), v, addr);
    Ok(())
}

fn rmw(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
    result: Type,
    op: AtomicRmwOp,
) -> Result<()> {
    let v = t.state.pop();
    let addr = atomic_address(t, b, m, mem_ty.bytes())?;
    let v = narrow(b, v, mem_ty);
    let old = b.ins().atomic_rmw(mem_ty, heap_flags(), op, addr, v);
    let old = widen(b, old, mem_ty, result);
    t.state.push(old);
    Ok(())
}

/// Compare-exchange; a narrow form compares with the wrapped expected value.
fn cmpxchg(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
    result: Type,
) -> Result<()> {
    let (expected, replacement) = t.state.pop2();
    let addr = atomic_address(t, b, m, mem_ty.bytes())?;
    let expected = narrow(b, expected, mem_ty);
    let replacement = narrow(b, replacement, mem_ty);
    let old = b
        .ins()
        .atomic_cas(heap_flags(), addr, expected, replacement);
    let old = widen(b, old, mem_ty, result);
    t.state.push(old);
    Ok(())
}

/// Whether memory `mem` is shared.
fn is_shared(t: &Translator<'_, '_>, mem: u32) -> bool {
    t.env.module.memories[MemoryIndex::from_u32(mem)].ty.shared
}

/// The checked effective address of a wait/notify (relative to the memory
/// base, as the i64 the libcalls take), after the alignment and bounds
/// checks of an access of `size` bytes (popping the index). The bounds check
/// is explicit in both modes: the runtime, not generated code, reads the
/// memory, so no fault can stand in for it.
fn checked_offset(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    size: u32,
) -> Result<Value> {
    let ea = check_alignment(t, b, m, size)?;
    checked_address(t, b, m, size)?;
    Ok(ea)
}

fn wait(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    ty: Type,
) -> Result<()> {
    let (expected, timeout) = t.state.pop2();
    let mem = memory_of(t, m)?;
    let ea = checked_offset(t, b, m, ty.bytes())?;
    if !is_shared(t, mem) {
        // The rest of the block is dead, as after `unreachable`.
        t.env.trap(b, Trap::WaitOnUnshared);
        t.state.reachable = false;
        return Ok(());
    }
    let memv = b.ins().iconst(types::I32, i64::from(mem));
    let which = if ty == types::I32 {
        libcall::ATOMIC_WAIT32
    } else {
        libcall::ATOMIC_WAIT64
    };
    let r = t
        .env
        .libcall(b, which, &[memv, ea, expected, timeout])
        .expect("returns");
    t.state.push(r);
    Ok(())
}

fn notify(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, m: &MemArg) -> Result<()> {
    let count = t.state.pop();
    let mem = memory_of(t, m)?;
    let ea = checked_offset(t, b, m, 4)?;
    let r = if is_shared(t, mem) {
        let memv = b.ins().iconst(types::I32, i64::from(mem));
        t.env
            .libcall(b, libcall::ATOMIC_NOTIFY, &[memv, ea, count])
            .expect("returns")
    } else {
        b.ins().iconst(types::I32, 0)
    };
    t.state.push(r);
    Ok(())
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<bool> {
    use types::{I16, I32, I64, I8};
    use AtomicRmwOp::{Add, And, Or, Sub, Xchg, Xor};
    match *op {
        Operator::I32AtomicLoad { ref memarg } => load(t, b, memarg, I32, I32)?,
        Operator::I64AtomicLoad { ref memarg } => load(t, b, memarg, I64, I64)?,
        Operator::I32AtomicLoad8U { ref memarg } => load(t, b, memarg, I8, I32)?,
        Operator::I32AtomicLoad16U { ref memarg } => load(t, b, memarg, I16, I32)?,
        Operator::I64AtomicLoad8U { ref memarg } => load(t, b, memarg, I8, I64)?,
        Operator::I64AtomicLoad16U { ref memarg } => load(t, b, memarg, I16, I64)?,
        Operator::I64AtomicLoad32U { ref memarg } => load(t, b, memarg, I32, I64)?,
        Operator::I32AtomicStore { ref memarg } => store(t, b, memarg, I32)?,
        Operator::I64AtomicStore { ref memarg } => store(t, b, memarg, I64)?,
        Operator::I32AtomicStore8 { ref memarg } | Operator::I64AtomicStore8 { ref memarg } => {
            store(t, b, memarg, I8)?;
        }
        Operator::I32AtomicStore16 { ref memarg } | Operator::I64AtomicStore16 { ref memarg } => {
            store(t, b, memarg, I16)?;
        }
        Operator::I64AtomicStore32 { ref memarg } => store(t, b, memarg, I32)?,

        Operator::I32AtomicRmwAdd { ref memarg } => rmw(t, b, memarg, I32, I32, Add)?,
        Operator::I64AtomicRmwAdd { ref memarg } => rmw(t, b, memarg, I64, I64, Add)?,
        Operator::I32AtomicRmw8AddU { ref memarg } => rmw(t, b, memarg, I8, I32, Add)?,
        Operator::I32AtomicRmw16AddU { ref memarg } => rmw(t, b, memarg, I16, I32, Add)?,
        Operator::I64AtomicRmw8AddU { ref memarg } => rmw(t, b, memarg, I8, I64, Add)?,
        Operator::I64AtomicRmw16AddU { ref memarg } => rmw(t, b, memarg, I16, I64, Add)?,
        Operator::I64AtomicRmw32AddU { ref memarg } => rmw(t, b, memarg, I32, I64, Add)?,
        Operator::I32AtomicRmwSub { ref memarg } => rmw(t, b, memarg, I32, I32, Sub)?,
        Operator::I64AtomicRmwSub { ref memarg } => rmw(t, b, memarg, I64, I64, Sub)?,
        Operator::I32AtomicRmw8SubU { ref memarg } => rmw(t, b, memarg, I8, I32, Sub)?,
        Operator::I32AtomicRmw16SubU { ref memarg } => rmw(t, b, memarg, I16, I32, Sub)?,
        Operator::I64AtomicRmw8SubU { ref memarg } => rmw(t, b, memarg, I8, I64, Sub)?,
        Operator::I64AtomicRmw16SubU { ref memarg } => rmw(t, b, memarg, I16, I64, Sub)?,
        Operator::I64AtomicRmw32SubU { ref memarg } => rmw(t, b, memarg, I32, I64, Sub)?,
        Operator::I32AtomicRmwAnd { ref memarg } => rmw(t, b, memarg, I32, I32, And)?,
        Operator::I64AtomicRmwAnd { ref memarg } => rmw(t, b, memarg, I64, I64, And)?,
        Operator::I32AtomicRmw8AndU { ref memarg } => rmw(t, b, memarg, I8, I32, And)?,
        Operator::I32AtomicRmw16AndU { ref memarg } => rmw(t, b, memarg, I16, I32, And)?,
        Operator::I64AtomicRmw8AndU { ref memarg } => rmw(t, b, memarg, I8, I64, And)?,
        Operator::I64AtomicRmw16AndU { ref memarg } => rmw(t, b, memarg, I16, I64, And)?,
        Operator::I64AtomicRmw32AndU { ref memarg } => rmw(t, b, memarg, I32, I64, And)?,
        Operator::I32AtomicRmwOr { ref memarg } => rmw(t, b, memarg, I32, I32, Or)?,
        Operator::I64AtomicRmwOr { ref memarg } => rmw(t, b, memarg, I64, I64, Or)?,
        Operator::I32AtomicRmw8OrU { ref memarg } => rmw(t, b, memarg, I8, I32, Or)?,
        Operator::I32AtomicRmw16OrU { ref memarg } => rmw(t, b, memarg, I16, I32, Or)?,
        Operator::I64AtomicRmw8OrU { ref memarg } => rmw(t, b, memarg, I8, I64, Or)?,
        Operator::I64AtomicRmw16OrU { ref memarg } => rmw(t, b, memarg, I16, I64, Or)?,
        Operator::I64AtomicRmw32OrU { ref memarg } => rmw(t, b, memarg, I32, I64, Or)?,
        Operator::I32AtomicRmwXor { ref memarg } => rmw(t, b, memarg, I32, I32, Xor)?,
        Operator::I64AtomicRmwXor { ref memarg } => rmw(t, b, memarg, I64, I64, Xor)?,
        Operator::I32AtomicRmw8XorU { ref memarg } => rmw(t, b, memarg, I8, I32, Xor)?,
        Operator::I32AtomicRmw16XorU { ref memarg } => rmw(t, b, memarg, I16, I32, Xor)?,
        Operator::I64AtomicRmw8XorU { ref memarg } => rmw(t, b, memarg, I8, I64, Xor)?,
        Operator::I64AtomicRmw16XorU { ref memarg } => rmw(t, b, memarg, I16, I64, Xor)?,
        Operator::I64AtomicRmw32XorU { ref memarg } => rmw(t, b, memarg, I32, I64, Xor)?,
        Operator::I32AtomicRmwXchg { ref memarg } => rmw(t, b, memarg, I32, I32, Xchg)?,
        Operator::I64AtomicRmwXchg { ref memarg } => rmw(t, b, memarg, I64, I64, Xchg)?,
        Operator::I32AtomicRmw8XchgU { ref memarg } => rmw(t, b, memarg, I8, I32, Xchg)?,
        Operator::I32AtomicRmw16XchgU { ref memarg } => rmw(t, b, memarg, I16, I32, Xchg)?,
        Operator::I64AtomicRmw8XchgU { ref memarg } => rmw(t, b, memarg, I8, I64, Xchg)?,
        Operator::I64AtomicRmw16XchgU { ref memarg } => rmw(t, b, memarg, I16, I64, Xchg)?,
        Operator::I64AtomicRmw32XchgU { ref memarg } => rmw(t, b, memarg, I32, I64, Xchg)?,
        Operator::I32AtomicRmwCmpxchg { ref memarg } => cmpxchg(t, b, memarg, I32, I32)?,
        Operator::I64AtomicRmwCmpxchg { ref memarg } => cmpxchg(t, b, memarg, I64, I64)?,
        Operator::I32AtomicRmw8CmpxchgU { ref memarg } => cmpxchg(t, b, memarg, I8, I32)?,
        Operator::I32AtomicRmw16CmpxchgU { ref memarg } => cmpxchg(t, b, memarg, I16, I32)?,
        Operator::I64AtomicRmw8CmpxchgU { ref memarg } => cmpxchg(t, b, memarg, I8, I64)?,
        Operator::I64AtomicRmw16CmpxchgU { ref memarg } => cmpxchg(t, b, memarg, I16, I64)?,
        Operator::I64AtomicRmw32CmpxchgU { ref memarg } => cmpxchg(t, b, memarg, I32, I64)?,

        Operator::MemoryAtomicWait32 { ref memarg } => wait(t, b, memarg, I32)?,
        Operator::MemoryAtomicWait64 { ref memarg } => wait(t, b, memarg, I64)?,
        Operator::MemoryAtomicNotify { ref memarg } => notify(t, b, memarg)?,
        Operator::AtomicFence { .. } => {
            b.ins().fence();
        }
        _ => return Ok(false),
    }
    Ok(true)
}
