//! Linear-memory access: loads, stores, `memory.size/grow` and bulk memory.
//!
//! Bounds checks. In `guard` mode the runtime reserves the whole 4 GiB index
//! space of a 32-bit memory plus `abi::GUARD_SIZE` bytes of inaccessible guard
//! (and keeps everything past the current length inaccessible), so
//! `base + zext(index) + offset` with `offset + size <= GUARD_SIZE` either
//! lands in accessible memory or faults in the reservation; the fault's PC is
//! a trap site recorded with HEAP_OUT_OF_BOUNDS, so no compare is emitted.
//! Larger static offsets, and every access in `explicit` mode, get a compare
//! of `index + offset + size` against the current length. That sum is computed
//! in 64 bits and cannot overflow (index < 2^32, offset < 2^32).

use super::Translator;
use crate::abi::{self, libcall, Trap};
use crate::conventions::{readonly, trap_code, trusted};
use crate::index::MemoryIndex;
use crate::options::BoundsChecks;
use cranelift_codegen::ir::{
    condcodes::IntCC, types, Endianness, InstBuilder, MemFlagsData, Type, Value,
};
use cranelift_frontend::FunctionBuilder;
use wasmparser::{MemArg, MemArgTarget, Operator};

/// Flags for an access to wasm memory: little-endian on every target, and a
/// fault is the out-of-bounds trap.
pub(super) fn heap_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_endianness(Endianness::Little)
        .with_trap_code(Some(trap_code(Trap::MemoryOutOfBounds)))
}

/// The `wasmc_memory *` of memory `mem`.
fn memory_ptr(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
    if mem == 0 {
        t.env.vmctx_field(b, abi::vmctx::MEMORY0)
    } else {
        t.env.vmctx_array_elem(b, abi::vmctx::MEMORIES, mem)
    }
}

/// Compute the native address of an access of `size` bytes, emitting a
/// bounds check when the strategy needs one. Returns (base+index, offset):
/// the offset is folded into the access when it fits an immediate.
pub(super) fn address(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    memarg: &MemArg,
    size: u32,
) -> Result<(Value, i32), crate::error::CompileError> {
    let MemArgTarget::Memory(memory) = memarg.target else {
        return Err(t.unsupported("GC array access"));
    };
    if t.env.module.memories[MemoryIndex::from_u32(memory)]
        .ty
        .memory64
    {
        return Err(t.unsupported("memory64"));
    }
    let index = t.state.pop();
    let mem = memory_ptr(t, b, memory);
    let p = t.env.ptr_bytes();
    let base = b.ins().load(
        t.env.ptr,
        readonly(),
        mem,
        abi::memory::BASE.offset(p) as i32,
    );
    let index = b.ins().uextend(types::I64, index);
    let end = memarg.offset + u64::from(size);
    let check = match t.env.bounds {
        BoundsChecks::Explicit => true,
        BoundsChecks::Guard => end > abi::GUARD_SIZE,
    };
    if check {
        let len = b.ins().load(
            types::I64,
            trusted(),
            mem,
            abi::memory::LENGTH.offset(p) as i32,
        );
        let last = b.ins().iadd_imm_u(index, end as i64);
        let oob = b.ins().icmp(IntCC::UnsignedGreaterThan, last, len);
        t.env.trapnz(b, oob, Trap::MemoryOutOfBounds);
    }
    let addr = b.ins().iadd(base, index);
    match i32::try_from(memarg.offset) {
        Ok(off) => Ok((addr, off)),
        Err(_) => Ok((b.ins().iadd_imm_u(addr, memarg.offset as i64), 0)),
    }
}

/// A load of `mem_ty` widened to `result` (signed or not).
fn load(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
    result: Type,
    signed: bool,
) -> Result<(), crate::error::CompileError> {
    let (addr, off) = address(t, b, m, mem_ty.bytes())?;
    let v = b.ins().load(mem_ty, heap_flags(), addr, off);
    let v = if mem_ty == result {
        v
    } else if signed {
        b.ins().sextend(result, v)
    } else {
        b.ins().uextend(result, v)
    };
    t.state.push(v);
    Ok(())
}

/// A store of the low `mem_ty` part of the value on the stack.
fn store(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
) -> Result<(), crate::error::CompileError> {
    let v = t.state.pop();
    let (addr, off) = address(t, b, m, mem_ty.bytes())?;
    let v = if b.func.dfg.value_type(v) == mem_ty {
        v
    } else {
        b.ins().ireduce(mem_ty, v)
    };
    b.ins().store(heap_flags(), v, addr, off);
    Ok(())
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<bool, crate::error::CompileError> {
    use types::{F32, F64, I16, I32, I64, I8};
    match *op {
        Operator::I32Load { ref memarg } => load(t, b, memarg, I32, I32, false)?,
        Operator::I64Load { ref memarg } => load(t, b, memarg, I64, I64, false)?,
        Operator::F32Load { ref memarg } => load(t, b, memarg, F32, F32, false)?,
        Operator::F64Load { ref memarg } => load(t, b, memarg, F64, F64, false)?,
        Operator::I32Load8S { ref memarg } => load(t, b, memarg, I8, I32, true)?,
        Operator::I32Load8U { ref memarg } => load(t, b, memarg, I8, I32, false)?,
        Operator::I32Load16S { ref memarg } => load(t, b, memarg, I16, I32, true)?,
        Operator::I32Load16U { ref memarg } => load(t, b, memarg, I16, I32, false)?,
        Operator::I64Load8S { ref memarg } => load(t, b, memarg, I8, I64, true)?,
        Operator::I64Load8U { ref memarg } => load(t, b, memarg, I8, I64, false)?,
        Operator::I64Load16S { ref memarg } => load(t, b, memarg, I16, I64, true)?,
        Operator::I64Load16U { ref memarg } => load(t, b, memarg, I16, I64, false)?,
        Operator::I64Load32S { ref memarg } => load(t, b, memarg, I32, I64, true)?,
        Operator::I64Load32U { ref memarg } => load(t, b, memarg, I32, I64, false)?,
        Operator::I32Store { ref memarg } => store(t, b, memarg, I32)?,
        Operator::I64Store { ref memarg } => store(t, b, memarg, I64)?,
        Operator::F32Store { ref memarg } => store(t, b, memarg, F32)?,
        Operator::F64Store { ref memarg } => store(t, b, memarg, F64)?,
        Operator::I32Store8 { ref memarg } | Operator::I64Store8 { ref memarg } => {
            store(t, b, memarg, I8)?;
        }
        Operator::I32Store16 { ref memarg } | Operator::I64Store16 { ref memarg } => {
            store(t, b, memarg, I16)?;
        }
        Operator::I64Store32 { ref memarg } => store(t, b, memarg, I32)?,
        Operator::MemorySize { mem } => {
            let m = memory_ptr(t, b, mem);
            let p = t.env.ptr_bytes();
            let len = b
                .ins()
                .load(I64, trusted(), m, abi::memory::LENGTH.offset(p) as i32);
            let pages = b.ins().ushr_imm_u(len, 16);
            let pages = b.ins().ireduce(I32, pages);
            t.state.push(pages);
        }
        Operator::MemoryGrow { mem } => {
            let delta = t.state.pop();
            let delta = b.ins().uextend(I64, delta);
            let mem = b.ins().iconst(I32, i64::from(mem));
            let old = t
                .env
                .libcall(b, libcall::MEMORY_GROW, &[mem, delta])
                .expect("returns");
            let old = b.ins().ireduce(I32, old);
            t.state.push(old);
        }
        Operator::MemoryFill { mem } => {
            let (dst, val, len) = t.state.pop3();
            let mem = b.ins().iconst(I32, i64::from(mem));
            let dst = b.ins().uextend(I64, dst);
            let len = b.ins().uextend(I64, len);
            t.env
                .libcall(b, libcall::MEMORY_FILL, &[mem, dst, val, len]);
        }
        Operator::MemoryCopy { dst_mem, src_mem } => {
            let (dst, src, len) = t.state.pop3();
            let dm = b.ins().iconst(I32, i64::from(dst_mem));
            let sm = b.ins().iconst(I32, i64::from(src_mem));
            let dst = b.ins().uextend(I64, dst);
            let src = b.ins().uextend(I64, src);
            let len = b.ins().uextend(I64, len);
            t.env
                .libcall(b, libcall::MEMORY_COPY, &[dm, sm, dst, src, len]);
        }
        Operator::MemoryInit { data_index, mem } => {
            let (dst, src, len) = t.state.pop3();
            let mem = b.ins().iconst(I32, i64::from(mem));
            let seg = b.ins().iconst(I32, i64::from(data_index));
            let dst = b.ins().uextend(I64, dst);
            t.env
                .libcall(b, libcall::MEMORY_INIT, &[mem, seg, dst, src, len]);
        }
        Operator::DataDrop { data_index } => {
            let seg = b.ins().iconst(I32, i64::from(data_index));
            t.env.libcall(b, libcall::DATA_DROP, &[seg]);
        }
        _ => return Ok(false),
    }
    Ok(true)
}
