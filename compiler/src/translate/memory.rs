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
//!
//! 64-bit memories (memory64: i64 addresses, offsets up to 2^64 - 1) cannot
//! reserve their index space, so every access is checked, as cheaply as a
//! static bound allows (see `check64`): in guard mode, with `offset + size`
//! within the guard, a memory whose declared maximum fits 4 GiB gets the same
//! reservation as a 32-bit one and needs only `index <= 0xFFFF_FFFF` (a
//! constant, no load); any other memory64 reserves its whole reachable
//! maximum plus the guard (memory.c) and needs only `index < length`. Larger
//! offsets and explicit mode compare `index + offset + size`, the addition
//! trapping on overflow, with the length. `memory.size/grow` and the bulk
//! operations take and return i64 there (the libcalls are 64-bit anyway).

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

/// Whether memory `mem` is a 64-bit memory (i64 addresses).
pub(super) fn is64(t: &Translator<'_, '_>, mem: u32) -> bool {
    t.env.module.memories[MemoryIndex::from_u32(mem)]
        .ty
        .memory64
}

/// Whether a 64-bit memory can never exceed the 4 GiB guard reservation:
/// its declared maximum (an import's type bounds the imported memory's)
/// fits. The runtime then reserves exactly what a 32-bit memory gets.
fn fits_guard_reservation(t: &Translator<'_, '_>, mem: u32) -> bool {
    let ty = &t.env.module.memories[MemoryIndex::from_u32(mem)].ty;
    ty.maximum
        .is_some_and(|max| max <= abi::GUARD_RESERVATION / abi::WASM_PAGE_SIZE)
}

/// An address or length operand of memory `mem` as the i64 the libcalls take.
fn to_i64(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, mem: u32, v: Value) -> Value {
    if is64(t, mem) {
        v
    } else {
        b.ins().uextend(types::I64, v)
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
    let index = t.state.pop();
    let base = memory_base(t, b, memory);
    let index = if is64(t, memory) {
        check64(t, b, memory, index, memarg.offset, size);
        index
    } else {
        let index = b.ins().uextend(types::I64, index);
        check32(t, b, memory, index, memarg.offset + u64::from(size));
        index
    };
    Ok(finish_address(b, base, index, memarg.offset))
}

/// The base address of memory `mem`'s bytes. It never changes while the
/// instance lives (the runtime reserves a memory's largest size up front),
/// so the load is `readonly` + `can_move` and the optimizer hoists it.
/// Memory 0's base is copied into the vmctx (`memory0_base`): one load, as
/// for a Wasmtime-defined memory, instead of `vmctx->memory0->base`.
fn memory_base(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
    if mem == 0 {
        return t.env.vmctx_field(b, abi::vmctx::MEMORY0_BASE);
    }
    let m = memory_ptr(t, b, mem);
    let p = t.env.ptr_bytes();
    b.ins()
        .load(t.env.ptr, readonly(), m, abi::memory::BASE.offset(p) as i32)
}

/// The current length in bytes of memory `mem` (an i64). It changes on
/// `memory.grow` (in any instance sharing the memory, or another thread),
/// so it is reloaded after every call; only the record pointer is hoisted.
fn memory_length(t: &Translator<'_, '_>, b: &mut FunctionBuilder<'_>, mem: u32) -> Value {
    let m = memory_ptr(t, b, mem);
    let p = t.env.ptr_bytes();
    b.ins().load(
        types::I64,
        trusted(),
        m,
        abi::memory::LENGTH.offset(p) as i32,
    )
}

/// [`address`] with the explicit bounds check whatever the mode: for an
/// access the runtime makes on generated code's behalf (atomic wait and
/// notify), where no fault of generated code can stand in for the check.
pub(super) fn checked_address(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    memarg: &MemArg,
    size: u32,
) -> Result<(Value, i32), crate::error::CompileError> {
    let mode = std::mem::replace(&mut t.env.bounds, BoundsChecks::Explicit);
    let r = address(t, b, memarg, size);
    t.env.bounds = mode;
    r
}

/// `base + index (+ offset)`, the offset folded into the access if it fits.
fn finish_address(
    b: &mut FunctionBuilder<'_>,
    base: Value,
    index: Value,
    offset: u64,
) -> (Value, i32) {
    let addr = b.ins().iadd(base, index);
    match i32::try_from(offset) {
        Ok(off) => (addr, off),
        Err(_) => (b.ins().iadd_imm_u(addr, offset as i64), 0),
    }
}

/// The bounds check of a 32-bit memory access ending `end` bytes past the
/// zero-extended `index`: none in guard mode while `end` fits the guard.
fn check32(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    memory: u32,
    index: Value,
    end: u64,
) {
    let check = match t.env.bounds {
        BoundsChecks::Explicit => true,
        BoundsChecks::Guard => end > abi::GUARD_SIZE,
    };
    if check {
        let len = memory_length(t, b, memory);
        let last = b.ins().iadd_imm_u(index, end as i64);
        let oob = b.ins().icmp(IntCC::UnsignedGreaterThan, last, len);
        t.env.trapnz(b, oob, Trap::MemoryOutOfBounds);
    }
}

/// The bounds check of a 64-bit memory access (`index` is an i64).
///
/// Guard mode, when `offset + size` fits the guard: if the memory's maximum
/// fits the 4 GiB reservation, an index below 4 GiB lands in the reservation
/// (compare with a constant, no load); otherwise the runtime reserves the
/// memory's whole maximum plus the guard, so an index below the current
/// length does (one compare, no addition). Everything else compares
/// `index + offset + size`, with overflow trapping, against the length.
fn check64(
    t: &Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    memory: u32,
    index: Value,
    offset: u64,
    size: u32,
) {
    let code = trap_code(Trap::MemoryOutOfBounds);
    // Saturating: an end past 2^64 makes every index overflow or exceed any
    // length, which is exactly "always out of bounds".
    let end = offset.saturating_add(u64::from(size));
    let guarded = t.env.bounds == BoundsChecks::Guard && end <= abi::GUARD_SIZE;
    if guarded && fits_guard_reservation(t, memory) {
        let oob = b.ins().icmp_imm_u(
            IntCC::UnsignedGreaterThan,
            index,
            (abi::GUARD_RESERVATION - 1) as i64,
        );
        t.env.trapnz(b, oob, Trap::MemoryOutOfBounds);
        return;
    }
    let len = memory_length(t, b, memory);
    let oob = if guarded {
        b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, len)
    } else {
        let end = b.ins().iconst(types::I64, end as i64);
        let last = b.ins().uadd_overflow_trap(index, end, code);
        b.ins().icmp(IntCC::UnsignedGreaterThan, last, len)
    };
    t.env.trapnz(b, oob, Trap::MemoryOutOfBounds);
}

/// A load of `mem_ty` widened to `result` (signed or not).
///
/// A narrow load is one extending load (`uload8.i32`, `sload32.i64`, ...),
/// not `load.i8` + `uextend`: Cranelift does not always fuse the pair, and
/// the leftover register-to-register `movzx` cost json's hot loop an
/// instruction per byte (docs/bench/findings.md, section 4).
fn load(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    mem_ty: Type,
    result: Type,
    signed: bool,
) -> Result<(), crate::error::CompileError> {
    let (addr, off) = address(t, b, m, mem_ty.bytes())?;
    let f = heap_flags();
    let ins = b.ins();
    let v = match (mem_ty.bits(), signed) {
        _ if mem_ty == result => ins.load(mem_ty, f, addr, off),
        (8, false) => ins.uload8(result, f, addr, off),
        (8, true) => ins.sload8(result, f, addr, off),
        (16, false) => ins.uload16(result, f, addr, off),
        (16, true) => ins.sload16(result, f, addr, off),
        (32, false) => ins.uload32(f, addr, off),
        (32, true) => ins.sload32(f, addr, off),
        _ => unreachable!("no wasm load widens {mem_ty} to {result}"),
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
            let len = memory_length(t, b, mem);
            let pages = b.ins().ushr_imm_u(len, 16);
            let pages = if is64(t, mem) {
                pages
            } else {
                b.ins().ireduce(I32, pages)
            };
            t.state.push(pages);
        }
        Operator::MemoryGrow { mem } => {
            let delta = t.state.pop();
            let delta = to_i64(t, b, mem, delta);
            let wide = is64(t, mem);
            let mem = b.ins().iconst(I32, i64::from(mem));
            let old = t
                .env
                .libcall(b, libcall::MEMORY_GROW, &[mem, delta])
                .expect("returns");
            // The libcall returns u64::MAX (-1) on failure.
            let old = if wide { old } else { b.ins().ireduce(I32, old) };
            t.state.push(old);
        }
        Operator::MemoryFill { mem } => {
            let (dst, val, len) = t.state.pop3();
            let m = b.ins().iconst(I32, i64::from(mem));
            let dst = to_i64(t, b, mem, dst);
            let len = to_i64(t, b, mem, len);
            let mem = m;
            t.env
                .libcall(b, libcall::MEMORY_FILL, &[mem, dst, val, len]);
        }
        Operator::MemoryCopy { dst_mem, src_mem } => {
            // The length has the narrower of the two address types.
            let (dst, src, len) = t.state.pop3();
            let dm = b.ins().iconst(I32, i64::from(dst_mem));
            let sm = b.ins().iconst(I32, i64::from(src_mem));
            let dst = to_i64(t, b, dst_mem, dst);
            let src = to_i64(t, b, src_mem, src);
            let len = if b.func.dfg.value_type(len) == I64 {
                len
            } else {
                b.ins().uextend(I64, len)
            };
            t.env
                .libcall(b, libcall::MEMORY_COPY, &[dm, sm, dst, src, len]);
        }
        Operator::MemoryInit { data_index, mem } => {
            // Only the destination is an address; source and length index
            // the segment (i32).
            let (dst, src, len) = t.state.pop3();
            let m = b.ins().iconst(I32, i64::from(mem));
            let seg = b.ins().iconst(I32, i64::from(data_index));
            let dst = to_i64(t, b, mem, dst);
            let mem = m;
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
