//! Fixed-width SIMD: every `v128` operator of WebAssembly 2.0.
//!
//! Wasm has a single `v128` type; CLIF distinguishes lane shapes. By
//! convention every vector on the operand stack (and in locals, block
//! parameters, call arguments and globals) is typed `I8X16`. An operator
//! bitcasts its operands to the lane type it needs and bitcasts its result
//! back to `I8X16`. Vector-to-vector bitcasts are free on every backend (the
//! register is reused); they carry an explicit little-endian lane order, which
//! is wasm's byte order for a v128 and what the verifier requires for
//! bitcasts that change the lane count.
//!
//! Cranelift's vector instructions were designed for wasm SIMD and we rely on
//! their semantics: shift amounts are taken modulo the lane width; `fmin` and
//! `fmax` propagate NaN and order -0 below +0; `nearest` rounds ties to even;
//! `fcvt_to_{s,u}int_sat` saturate and map NaN to 0; `snarrow`/`unarrow`
//! saturate; `sqmul_round_sat` is q15mulr with saturation of -1 * -1;
//! `vhigh_bits` is bitmask. Compound operators are written in the shapes the
//! backends pattern-match into single instructions: extended multiplies as
//! `imul` of two widens, pairwise extended adds and the dot product as
//! `iadd_pairwise` of widens, `convert_low` as a conversion of `swiden_low` /
//! `uwiden_low`, the `_zero` truncations as a saturating conversion narrowed
//! against a zero vector, and pmin/pmax as `bitselect` over a bitcast `fcmp`.
//!
//! Memory accesses go through [`super::memory::address`] so bounds checks and
//! the trap code are the same as for scalar accesses; a lane access checks
//! only the bytes it touches.

use super::memory::{address, heap_flags};
use super::Translator;
use crate::error::Result;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types::{F32X4, F64X2, I16, I16X8, I32, I32X4, I64, I64X2, I8, I8X16},
    ConstantData, Endianness, InstBuilder, MemFlagsData, Opcode, Type, Value, ValueDef,
};
use cranelift_frontend::FunctionBuilder;
use wasmparser::{MemArg, Operator};

/// The CLIF type of a `v128` on the operand stack.
const V128: Type = I8X16;

/// Reinterpret vector `v` as `ty` (no-op if it already is). A vector that is
/// itself a bitcast of another vector is reinterpreted from its source, so a
/// result pushed as `I8X16` and consumed in its own lane type needs no casts
/// (the unused `I8X16` cast is dead code), and the backends' patterns that
/// look through one bitcast see the defining instruction.
pub(super) fn cast(b: &mut FunctionBuilder<'_>, v: Value, ty: Type) -> Value {
    if b.func.dfg.value_type(v) == ty {
        return v;
    }
    let src = match b.func.dfg.value_def(v) {
        ValueDef::Result(inst, 0) if b.func.dfg.insts[inst].opcode() == Opcode::Bitcast => {
            let x = b.func.dfg.inst_args(inst)[0];
            if b.func.dfg.value_type(x).is_vector() {
                x
            } else {
                v
            }
        }
        _ => v,
    };
    if b.func.dfg.value_type(src) == ty {
        src
    } else {
        b.ins().bitcast(
            ty,
            MemFlagsData::new().with_endianness(Endianness::Little),
            src,
        )
    }
}

pub(super) fn pop(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, ty: Type) -> Value {
    let v = t.state.pop();
    cast(b, v, ty)
}

pub(super) fn pop2(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    ty: Type,
) -> (Value, Value) {
    let (x, y) = t.state.pop2();
    (cast(b, x, ty), cast(b, y, ty))
}

/// Push a vector result in the canonical stack type.
pub(super) fn push(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, v: Value) {
    let v = cast(b, v, V128);
    t.state.push(v);
}

pub(super) fn zero(b: &mut FunctionBuilder<'_>, ty: Type) -> Value {
    let c = b.func.dfg.constants.insert(vec![0u8; 16].into());
    b.ins().vconst(ty, c)
}

/// The vector type with lanes of the scalar `lane` type.
fn vec_of(lane: Type) -> Type {
    lane.by(128 / lane.bits()).expect("128-bit vector type")
}

/// `v128.loadNxM_{s,u}`: 64 bits loaded and each lane extended.
fn load_extend(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    op: LoadExt,
) -> Result<()> {
    let (addr, off) = address(t, b, m, 8)?;
    let f = heap_flags();
    let v = match op {
        LoadExt::S8x8 => b.ins().sload8x8(f, addr, off),
        LoadExt::U8x8 => b.ins().uload8x8(f, addr, off),
        LoadExt::S16x4 => b.ins().sload16x4(f, addr, off),
        LoadExt::U16x4 => b.ins().uload16x4(f, addr, off),
        LoadExt::S32x2 => b.ins().sload32x2(f, addr, off),
        LoadExt::U32x2 => b.ins().uload32x2(f, addr, off),
    };
    push(t, b, v);
    Ok(())
}

#[derive(Clone, Copy)]
enum LoadExt {
    S8x8,
    U8x8,
    S16x4,
    U16x4,
    S32x2,
    U32x2,
}

/// Load one scalar of type `lane` (the index is on the stack).
fn load_scalar(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    lane: Type,
) -> Result<Value> {
    let (addr, off) = address(t, b, m, lane.bytes())?;
    Ok(b.ins().load(lane, heap_flags(), addr, off))
}

/// `v128.loadN_splat`.
fn load_splat(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    lane: Type,
) -> Result<()> {
    let x = load_scalar(t, b, m, lane)?;
    let v = b.ins().splat(vec_of(lane), x);
    push(t, b, v);
    Ok(())
}

/// `v128.loadN_zero`: the scalar in lane 0, every other lane zero.
fn load_zero(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    lane: Type,
) -> Result<()> {
    let x = load_scalar(t, b, m, lane)?;
    let v = b.ins().scalar_to_vector(vec_of(lane), x);
    push(t, b, v);
    Ok(())
}

/// `v128.loadN_lane`: replace one lane of the vector on the stack.
fn load_lane(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    lane_ty: Type,
    lane: u8,
) -> Result<()> {
    let v = pop(t, b, vec_of(lane_ty));
    let x = load_scalar(t, b, m, lane_ty)?;
    let r = b.ins().insertlane(v, x, lane);
    push(t, b, r);
    Ok(())
}

/// `v128.storeN_lane`: store one lane.
fn store_lane(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    m: &MemArg,
    lane_ty: Type,
    lane: u8,
) -> Result<()> {
    let v = pop(t, b, vec_of(lane_ty));
    let (addr, off) = address(t, b, m, lane_ty.bytes())?;
    let x = b.ins().extractlane(v, lane);
    b.ins().store(heap_flags(), x, addr, off);
    Ok(())
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<bool> {
    /// Binary lane-wise operator on `$ty` lanes.
    macro_rules! bin {
        ($ty:expr, $inst:ident) => {{
            let (x, y) = pop2(t, b, $ty);
            let v = b.ins().$inst(x, y);
            push(t, b, v);
        }};
    }
    /// Unary lane-wise operator on `$ty` lanes.
    macro_rules! un {
        ($ty:expr, $inst:ident) => {{
            let x = pop(t, b, $ty);
            let v = b.ins().$inst(x);
            push(t, b, v);
        }};
    }
    /// Integer comparison: all-ones or all-zeros lanes.
    macro_rules! icmp {
        ($ty:expr, $cc:ident) => {{
            let (x, y) = pop2(t, b, $ty);
            let v = b.ins().icmp(IntCC::$cc, x, y);
            push(t, b, v);
        }};
    }
    macro_rules! fcmp {
        ($ty:expr, $cc:ident) => {{
            let (x, y) = pop2(t, b, $ty);
            let v = b.ins().fcmp(FloatCC::$cc, x, y);
            push(t, b, v);
        }};
    }
    /// Shift of `$ty` lanes by an i32 scalar (masked to the lane width by
    /// the CLIF instruction itself).
    macro_rules! shift {
        ($ty:expr, $inst:ident) => {{
            let amt = t.state.pop();
            let x = pop(t, b, $ty);
            let v = b.ins().$inst(x, amt);
            push(t, b, v);
        }};
    }
    /// Extended multiply of one half: `imul` of the two widened halves.
    macro_rules! extmul {
        ($ty:expr, $w:ident) => {{
            let (x, y) = pop2(t, b, $ty);
            let x = b.ins().$w(x);
            let y = b.ins().$w(y);
            let v = b.ins().imul(x, y);
            push(t, b, v);
        }};
    }
    /// Pairwise extended add: widen both halves and add adjacent lanes.
    macro_rules! extadd_pairwise {
        ($ty:expr, $lo:ident, $hi:ident) => {{
            let x = pop(t, b, $ty);
            let lo = b.ins().$lo(x);
            let hi = b.ins().$hi(x);
            let v = b.ins().iadd_pairwise(lo, hi);
            push(t, b, v);
        }};
    }
    macro_rules! extract {
        ($ty:expr, $lane:expr) => {{
            let x = pop(t, b, $ty);
            let v = b.ins().extractlane(x, $lane);
            t.state.push(v);
        }};
        ($ty:expr, $lane:expr, $ext:ident) => {{
            let x = pop(t, b, $ty);
            let v = b.ins().extractlane(x, $lane);
            let v = b.ins().$ext(I32, v);
            t.state.push(v);
        }};
    }
    /// Replace a lane; i8/i16 lanes take the low bits of an i32 operand.
    macro_rules! replace {
        ($ty:expr, $lane:expr) => {{
            let x = t.state.pop();
            let v = pop(t, b, $ty);
            let lane_ty = $ty.lane_type();
            let x = if b.func.dfg.value_type(x) == lane_ty {
                x
            } else {
                b.ins().ireduce(lane_ty, x)
            };
            let r = b.ins().insertlane(v, x, $lane);
            push(t, b, r);
        }};
    }
    macro_rules! splat {
        ($ty:expr) => {{
            let x = t.state.pop();
            let lane_ty = $ty.lane_type();
            let x = if b.func.dfg.value_type(x) == lane_ty {
                x
            } else {
                b.ins().ireduce(lane_ty, x)
            };
            let v = b.ins().splat($ty, x);
            push(t, b, v);
        }};
    }
    /// Predicates returning an i8 boolean, widened to wasm's i32.
    macro_rules! test {
        ($ty:expr, $inst:ident) => {{
            let x = pop(t, b, $ty);
            let v = b.ins().$inst(x);
            let v = b.ins().uextend(I32, v);
            t.state.push(v);
        }};
    }
    macro_rules! bitmask {
        ($ty:expr) => {{
            let x = pop(t, b, $ty);
            let v = b.ins().vhigh_bits(I32, x);
            t.state.push(v);
        }};
    }
    /// `pmin`/`pmax`: `x < y ? y : x` (pmax) and `y < x ? y : x` (pmin),
    /// exactly as the spec defines them (no NaN or -0 special cases). The
    /// bitselect over a bitcast fcmp is the shape x64 lowers to min/max ps/pd.
    macro_rules! pminmax {
        ($ty:expr, max) => {{
            let (x, y) = pop2(t, b, $ty);
            let c = b.ins().fcmp(FloatCC::LessThan, x, y);
            let c = cast(b, c, $ty);
            let v = b.ins().bitselect(c, y, x);
            push(t, b, v);
        }};
        ($ty:expr, min) => {{
            let (x, y) = pop2(t, b, $ty);
            let c = b.ins().fcmp(FloatCC::LessThan, y, x);
            let c = cast(b, c, $ty);
            let v = b.ins().bitselect(c, y, x);
            push(t, b, v);
        }};
    }

    match *op {
        // Constants, loads and stores.
        Operator::V128Const { value } => {
            let c = b.func.dfg.constants.insert(value.bytes().to_vec().into());
            let v = b.ins().vconst(V128, c);
            t.state.push(v);
        }
        Operator::V128Load { ref memarg } => {
            let (addr, off) = address(t, b, memarg, 16)?;
            let v = b.ins().load(V128, heap_flags(), addr, off);
            t.state.push(v);
        }
        Operator::V128Store { ref memarg } => {
            let v = pop(t, b, V128);
            let (addr, off) = address(t, b, memarg, 16)?;
            b.ins().store(heap_flags(), v, addr, off);
        }
        Operator::V128Load8x8S { ref memarg } => load_extend(t, b, memarg, LoadExt::S8x8)?,
        Operator::V128Load8x8U { ref memarg } => load_extend(t, b, memarg, LoadExt::U8x8)?,
        Operator::V128Load16x4S { ref memarg } => load_extend(t, b, memarg, LoadExt::S16x4)?,
        Operator::V128Load16x4U { ref memarg } => load_extend(t, b, memarg, LoadExt::U16x4)?,
        Operator::V128Load32x2S { ref memarg } => load_extend(t, b, memarg, LoadExt::S32x2)?,
        Operator::V128Load32x2U { ref memarg } => load_extend(t, b, memarg, LoadExt::U32x2)?,
        Operator::V128Load8Splat { ref memarg } => load_splat(t, b, memarg, I8)?,
        Operator::V128Load16Splat { ref memarg } => load_splat(t, b, memarg, I16)?,
        Operator::V128Load32Splat { ref memarg } => load_splat(t, b, memarg, I32)?,
        Operator::V128Load64Splat { ref memarg } => load_splat(t, b, memarg, I64)?,
        Operator::V128Load32Zero { ref memarg } => load_zero(t, b, memarg, I32)?,
        Operator::V128Load64Zero { ref memarg } => load_zero(t, b, memarg, I64)?,
        Operator::V128Load8Lane { ref memarg, lane } => load_lane(t, b, memarg, I8, lane)?,
        Operator::V128Load16Lane { ref memarg, lane } => load_lane(t, b, memarg, I16, lane)?,
        Operator::V128Load32Lane { ref memarg, lane } => load_lane(t, b, memarg, I32, lane)?,
        Operator::V128Load64Lane { ref memarg, lane } => load_lane(t, b, memarg, I64, lane)?,
        Operator::V128Store8Lane { ref memarg, lane } => store_lane(t, b, memarg, I8, lane)?,
        Operator::V128Store16Lane { ref memarg, lane } => store_lane(t, b, memarg, I16, lane)?,
        Operator::V128Store32Lane { ref memarg, lane } => store_lane(t, b, memarg, I32, lane)?,
        Operator::V128Store64Lane { ref memarg, lane } => store_lane(t, b, memarg, I64, lane)?,

        // Lanes: extract, replace, splat, shuffle, swizzle.
        Operator::I8x16ExtractLaneS { lane } => extract!(I8X16, lane, sextend),
        Operator::I8x16ExtractLaneU { lane } => extract!(I8X16, lane, uextend),
        Operator::I16x8ExtractLaneS { lane } => extract!(I16X8, lane, sextend),
        Operator::I16x8ExtractLaneU { lane } => extract!(I16X8, lane, uextend),
        Operator::I32x4ExtractLane { lane } => extract!(I32X4, lane),
        Operator::I64x2ExtractLane { lane } => extract!(I64X2, lane),
        Operator::F32x4ExtractLane { lane } => extract!(F32X4, lane),
        Operator::F64x2ExtractLane { lane } => extract!(F64X2, lane),
        Operator::I8x16ReplaceLane { lane } => replace!(I8X16, lane),
        Operator::I16x8ReplaceLane { lane } => replace!(I16X8, lane),
        Operator::I32x4ReplaceLane { lane } => replace!(I32X4, lane),
        Operator::I64x2ReplaceLane { lane } => replace!(I64X2, lane),
        Operator::F32x4ReplaceLane { lane } => replace!(F32X4, lane),
        Operator::F64x2ReplaceLane { lane } => replace!(F64X2, lane),
        Operator::I8x16Splat => splat!(I8X16),
        Operator::I16x8Splat => splat!(I16X8),
        Operator::I32x4Splat => splat!(I32X4),
        Operator::I64x2Splat => splat!(I64X2),
        Operator::F32x4Splat => splat!(F32X4),
        Operator::F64x2Splat => splat!(F64X2),
        Operator::I8x16Shuffle { lanes } => {
            // Indices 0..15 pick from the first operand, 16..31 from the
            // second: exactly CLIF's `shuffle` mask.
            let (x, y) = pop2(t, b, I8X16);
            // Without SSSE3, Cranelift's general lowering is a `pshufb`
            // libcall: try an SSE2 decomposition first.
            let sse2 = if t.sse2_shuffles {
                super::simd_shuffle::lower(b, x, y, &lanes)
            } else {
                None
            };
            let v = match sse2 {
                Some(v) => v,
                None => {
                    let mask = b.func.dfg.immediates.push(ConstantData::from(&lanes[..]));
                    b.ins().shuffle(x, y, mask)
                }
            };
            push(t, b, v);
        }
        // Out-of-range indices select 0, as CLIF's `swizzle` does.
        Operator::I8x16Swizzle => bin!(I8X16, swizzle),

        // Bitwise.
        Operator::V128Not => un!(V128, bnot),
        Operator::V128And => bin!(V128, band),
        Operator::V128AndNot => bin!(V128, band_not),
        Operator::V128Or => bin!(V128, bor),
        Operator::V128Xor => bin!(V128, bxor),
        Operator::V128Bitselect => {
            let (x, y, c) = t.state.pop3();
            let (x, y, c) = (cast(b, x, V128), cast(b, y, V128), cast(b, c, V128));
            let v = b.ins().bitselect(c, x, y);
            push(t, b, v);
        }
        Operator::V128AnyTrue => test!(V128, vany_true),
        Operator::I8x16AllTrue => test!(I8X16, vall_true),
        Operator::I16x8AllTrue => test!(I16X8, vall_true),
        Operator::I32x4AllTrue => test!(I32X4, vall_true),
        Operator::I64x2AllTrue => test!(I64X2, vall_true),
        Operator::I8x16Bitmask => bitmask!(I8X16),
        Operator::I16x8Bitmask => bitmask!(I16X8),
        Operator::I32x4Bitmask => bitmask!(I32X4),
        Operator::I64x2Bitmask => bitmask!(I64X2),

        // Integer comparisons.
        Operator::I8x16Eq => icmp!(I8X16, Equal),
        Operator::I8x16Ne => icmp!(I8X16, NotEqual),
        Operator::I8x16LtS => icmp!(I8X16, SignedLessThan),
        Operator::I8x16LtU => icmp!(I8X16, UnsignedLessThan),
        Operator::I8x16GtS => icmp!(I8X16, SignedGreaterThan),
        Operator::I8x16GtU => icmp!(I8X16, UnsignedGreaterThan),
        Operator::I8x16LeS => icmp!(I8X16, SignedLessThanOrEqual),
        Operator::I8x16LeU => icmp!(I8X16, UnsignedLessThanOrEqual),
        Operator::I8x16GeS => icmp!(I8X16, SignedGreaterThanOrEqual),
        Operator::I8x16GeU => icmp!(I8X16, UnsignedGreaterThanOrEqual),
        Operator::I16x8Eq => icmp!(I16X8, Equal),
        Operator::I16x8Ne => icmp!(I16X8, NotEqual),
        Operator::I16x8LtS => icmp!(I16X8, SignedLessThan),
        Operator::I16x8LtU => icmp!(I16X8, UnsignedLessThan),
        Operator::I16x8GtS => icmp!(I16X8, SignedGreaterThan),
        Operator::I16x8GtU => icmp!(I16X8, UnsignedGreaterThan),
        Operator::I16x8LeS => icmp!(I16X8, SignedLessThanOrEqual),
        Operator::I16x8LeU => icmp!(I16X8, UnsignedLessThanOrEqual),
        Operator::I16x8GeS => icmp!(I16X8, SignedGreaterThanOrEqual),
        Operator::I16x8GeU => icmp!(I16X8, UnsignedGreaterThanOrEqual),
        Operator::I32x4Eq => icmp!(I32X4, Equal),
        Operator::I32x4Ne => icmp!(I32X4, NotEqual),
        Operator::I32x4LtS => icmp!(I32X4, SignedLessThan),
        Operator::I32x4LtU => icmp!(I32X4, UnsignedLessThan),
        Operator::I32x4GtS => icmp!(I32X4, SignedGreaterThan),
        Operator::I32x4GtU => icmp!(I32X4, UnsignedGreaterThan),
        Operator::I32x4LeS => icmp!(I32X4, SignedLessThanOrEqual),
        Operator::I32x4LeU => icmp!(I32X4, UnsignedLessThanOrEqual),
        Operator::I32x4GeS => icmp!(I32X4, SignedGreaterThanOrEqual),
        Operator::I32x4GeU => icmp!(I32X4, UnsignedGreaterThanOrEqual),
        Operator::I64x2Eq => icmp!(I64X2, Equal),
        Operator::I64x2Ne => icmp!(I64X2, NotEqual),
        Operator::I64x2LtS => icmp!(I64X2, SignedLessThan),
        Operator::I64x2GtS => icmp!(I64X2, SignedGreaterThan),
        Operator::I64x2LeS => icmp!(I64X2, SignedLessThanOrEqual),
        Operator::I64x2GeS => icmp!(I64X2, SignedGreaterThanOrEqual),

        // Float comparisons (`ne` is unordered-or-not-equal, true on NaN).
        Operator::F32x4Eq => fcmp!(F32X4, Equal),
        Operator::F32x4Ne => fcmp!(F32X4, NotEqual),
        Operator::F32x4Lt => fcmp!(F32X4, LessThan),
        Operator::F32x4Gt => fcmp!(F32X4, GreaterThan),
        Operator::F32x4Le => fcmp!(F32X4, LessThanOrEqual),
        Operator::F32x4Ge => fcmp!(F32X4, GreaterThanOrEqual),
        Operator::F64x2Eq => fcmp!(F64X2, Equal),
        Operator::F64x2Ne => fcmp!(F64X2, NotEqual),
        Operator::F64x2Lt => fcmp!(F64X2, LessThan),
        Operator::F64x2Gt => fcmp!(F64X2, GreaterThan),
        Operator::F64x2Le => fcmp!(F64X2, LessThanOrEqual),
        Operator::F64x2Ge => fcmp!(F64X2, GreaterThanOrEqual),

        // Integer arithmetic.
        Operator::I8x16Abs => un!(I8X16, iabs),
        Operator::I16x8Abs => un!(I16X8, iabs),
        Operator::I32x4Abs => un!(I32X4, iabs),
        Operator::I64x2Abs => un!(I64X2, iabs),
        Operator::I8x16Neg => un!(I8X16, ineg),
        Operator::I16x8Neg => un!(I16X8, ineg),
        Operator::I32x4Neg => un!(I32X4, ineg),
        Operator::I64x2Neg => un!(I64X2, ineg),
        Operator::I8x16Popcnt => un!(I8X16, popcnt),
        Operator::I8x16Add => bin!(I8X16, iadd),
        Operator::I16x8Add => bin!(I16X8, iadd),
        Operator::I32x4Add => bin!(I32X4, iadd),
        Operator::I64x2Add => bin!(I64X2, iadd),
        Operator::I8x16Sub => bin!(I8X16, isub),
        Operator::I16x8Sub => bin!(I16X8, isub),
        Operator::I32x4Sub => bin!(I32X4, isub),
        Operator::I64x2Sub => bin!(I64X2, isub),
        Operator::I16x8Mul => bin!(I16X8, imul),
        Operator::I32x4Mul => bin!(I32X4, imul),
        Operator::I64x2Mul => bin!(I64X2, imul),
        Operator::I8x16AddSatS => bin!(I8X16, sadd_sat),
        Operator::I8x16AddSatU => bin!(I8X16, uadd_sat),
        Operator::I8x16SubSatS => bin!(I8X16, ssub_sat),
        Operator::I8x16SubSatU => bin!(I8X16, usub_sat),
        Operator::I16x8AddSatS => bin!(I16X8, sadd_sat),
        Operator::I16x8AddSatU => bin!(I16X8, uadd_sat),
        Operator::I16x8SubSatS => bin!(I16X8, ssub_sat),
        Operator::I16x8SubSatU => bin!(I16X8, usub_sat),
        Operator::I8x16MinS => bin!(I8X16, smin),
        Operator::I8x16MinU => bin!(I8X16, umin),
        Operator::I8x16MaxS => bin!(I8X16, smax),
        Operator::I8x16MaxU => bin!(I8X16, umax),
        Operator::I16x8MinS => bin!(I16X8, smin),
        Operator::I16x8MinU => bin!(I16X8, umin),
        Operator::I16x8MaxS => bin!(I16X8, smax),
        Operator::I16x8MaxU => bin!(I16X8, umax),
        Operator::I32x4MinS => bin!(I32X4, smin),
        Operator::I32x4MinU => bin!(I32X4, umin),
        Operator::I32x4MaxS => bin!(I32X4, smax),
        Operator::I32x4MaxU => bin!(I32X4, umax),
        Operator::I8x16AvgrU => bin!(I8X16, avg_round),
        Operator::I16x8AvgrU => bin!(I16X8, avg_round),
        Operator::I16x8Q15MulrSatS => bin!(I16X8, sqmul_round_sat),
        Operator::I8x16Shl => shift!(I8X16, ishl),
        Operator::I8x16ShrS => shift!(I8X16, sshr),
        Operator::I8x16ShrU => shift!(I8X16, ushr),
        Operator::I16x8Shl => shift!(I16X8, ishl),
        Operator::I16x8ShrS => shift!(I16X8, sshr),
        Operator::I16x8ShrU => shift!(I16X8, ushr),
        Operator::I32x4Shl => shift!(I32X4, ishl),
        Operator::I32x4ShrS => shift!(I32X4, sshr),
        Operator::I32x4ShrU => shift!(I32X4, ushr),
        Operator::I64x2Shl => shift!(I64X2, ishl),
        Operator::I64x2ShrS => shift!(I64X2, sshr),
        Operator::I64x2ShrU => shift!(I64X2, ushr),
        Operator::I16x8ExtAddPairwiseI8x16S => extadd_pairwise!(I8X16, swiden_low, swiden_high),
        Operator::I16x8ExtAddPairwiseI8x16U => extadd_pairwise!(I8X16, uwiden_low, uwiden_high),
        Operator::I32x4ExtAddPairwiseI16x8S => extadd_pairwise!(I16X8, swiden_low, swiden_high),
        Operator::I32x4ExtAddPairwiseI16x8U => extadd_pairwise!(I16X8, uwiden_low, uwiden_high),
        Operator::I16x8ExtMulLowI8x16S => extmul!(I8X16, swiden_low),
        Operator::I16x8ExtMulHighI8x16S => extmul!(I8X16, swiden_high),
        Operator::I16x8ExtMulLowI8x16U => extmul!(I8X16, uwiden_low),
        Operator::I16x8ExtMulHighI8x16U => extmul!(I8X16, uwiden_high),
        Operator::I32x4ExtMulLowI16x8S => extmul!(I16X8, swiden_low),
        Operator::I32x4ExtMulHighI16x8S => extmul!(I16X8, swiden_high),
        Operator::I32x4ExtMulLowI16x8U => extmul!(I16X8, uwiden_low),
        Operator::I32x4ExtMulHighI16x8U => extmul!(I16X8, uwiden_high),
        Operator::I64x2ExtMulLowI32x4S => extmul!(I32X4, swiden_low),
        Operator::I64x2ExtMulHighI32x4S => extmul!(I32X4, swiden_high),
        Operator::I64x2ExtMulLowI32x4U => extmul!(I32X4, uwiden_low),
        Operator::I64x2ExtMulHighI32x4U => extmul!(I32X4, uwiden_high),
        Operator::I32x4DotI16x8S => {
            // Products of adjacent i16 pairs, summed: the widened products of
            // both halves added pairwise (x64: pmaddwd).
            let (x, y) = pop2(t, b, I16X8);
            let xl = b.ins().swiden_low(x);
            let yl = b.ins().swiden_low(y);
            let lo = b.ins().imul(xl, yl);
            let xh = b.ins().swiden_high(x);
            let yh = b.ins().swiden_high(y);
            let hi = b.ins().imul(xh, yh);
            let v = b.ins().iadd_pairwise(lo, hi);
            push(t, b, v);
        }

        // Narrowing (saturating) and widening.
        Operator::I8x16NarrowI16x8S => bin!(I16X8, snarrow),
        Operator::I8x16NarrowI16x8U => bin!(I16X8, unarrow),
        Operator::I16x8NarrowI32x4S => bin!(I32X4, snarrow),
        Operator::I16x8NarrowI32x4U => bin!(I32X4, unarrow),
        Operator::I16x8ExtendLowI8x16S => un!(I8X16, swiden_low),
        Operator::I16x8ExtendHighI8x16S => un!(I8X16, swiden_high),
        Operator::I16x8ExtendLowI8x16U => un!(I8X16, uwiden_low),
        Operator::I16x8ExtendHighI8x16U => un!(I8X16, uwiden_high),
        Operator::I32x4ExtendLowI16x8S => un!(I16X8, swiden_low),
        Operator::I32x4ExtendHighI16x8S => un!(I16X8, swiden_high),
        Operator::I32x4ExtendLowI16x8U => un!(I16X8, uwiden_low),
        Operator::I32x4ExtendHighI16x8U => un!(I16X8, uwiden_high),
        Operator::I64x2ExtendLowI32x4S => un!(I32X4, swiden_low),
        Operator::I64x2ExtendHighI32x4S => un!(I32X4, swiden_high),
        Operator::I64x2ExtendLowI32x4U => un!(I32X4, uwiden_low),
        Operator::I64x2ExtendHighI32x4U => un!(I32X4, uwiden_high),

        // Float arithmetic.
        Operator::F32x4Add => bin!(F32X4, fadd),
        Operator::F32x4Sub => bin!(F32X4, fsub),
        Operator::F32x4Mul => bin!(F32X4, fmul),
        Operator::F32x4Div => bin!(F32X4, fdiv),
        Operator::F32x4Min => bin!(F32X4, fmin),
        Operator::F32x4Max => bin!(F32X4, fmax),
        Operator::F32x4PMin => pminmax!(F32X4, min),
        Operator::F32x4PMax => pminmax!(F32X4, max),
        Operator::F32x4Abs => un!(F32X4, fabs),
        Operator::F32x4Neg => un!(F32X4, fneg),
        Operator::F32x4Sqrt => un!(F32X4, sqrt),
        Operator::F32x4Ceil => un!(F32X4, ceil),
        Operator::F32x4Floor => un!(F32X4, floor),
        Operator::F32x4Trunc => un!(F32X4, trunc),
        Operator::F32x4Nearest => un!(F32X4, nearest),
        Operator::F64x2Add => bin!(F64X2, fadd),
        Operator::F64x2Sub => bin!(F64X2, fsub),
        Operator::F64x2Mul => bin!(F64X2, fmul),
        Operator::F64x2Div => bin!(F64X2, fdiv),
        Operator::F64x2Min => bin!(F64X2, fmin),
        Operator::F64x2Max => bin!(F64X2, fmax),
        Operator::F64x2PMin => pminmax!(F64X2, min),
        Operator::F64x2PMax => pminmax!(F64X2, max),
        Operator::F64x2Abs => un!(F64X2, fabs),
        Operator::F64x2Neg => un!(F64X2, fneg),
        Operator::F64x2Sqrt => un!(F64X2, sqrt),
        Operator::F64x2Ceil => un!(F64X2, ceil),
        Operator::F64x2Floor => un!(F64X2, floor),
        Operator::F64x2Trunc => un!(F64X2, trunc),
        Operator::F64x2Nearest => un!(F64X2, nearest),

        // Conversions.
        Operator::I32x4TruncSatF32x4S => {
            let x = pop(t, b, F32X4);
            let v = b.ins().fcvt_to_sint_sat(I32X4, x);
            push(t, b, v);
        }
        Operator::I32x4TruncSatF32x4U => {
            let x = pop(t, b, F32X4);
            let v = b.ins().fcvt_to_uint_sat(I32X4, x);
            push(t, b, v);
        }
        Operator::I32x4TruncSatF64x2SZero => {
            // Saturate to i64 lanes, then narrow (saturating again, which
            // is exact) next to zeros: the shape x64 lowers to cvttpd2dq
            // with NaN/overflow fix-ups.
            let x = pop(t, b, F64X2);
            let w = b.ins().fcvt_to_sint_sat(I64X2, x);
            let z = zero(b, I64X2);
            let v = b.ins().snarrow(w, z);
            push(t, b, v);
        }
        Operator::I32x4TruncSatF64x2UZero => {
            let x = pop(t, b, F64X2);
            let w = b.ins().fcvt_to_uint_sat(I64X2, x);
            let z = zero(b, I64X2);
            let v = b.ins().uunarrow(w, z);
            push(t, b, v);
        }
        Operator::F32x4ConvertI32x4S => {
            let x = pop(t, b, I32X4);
            let v = b.ins().fcvt_from_sint(F32X4, x);
            push(t, b, v);
        }
        Operator::F32x4ConvertI32x4U => {
            let x = pop(t, b, I32X4);
            let v = b.ins().fcvt_from_uint(F32X4, x);
            push(t, b, v);
        }
        Operator::F64x2ConvertLowI32x4S => {
            let x = pop(t, b, I32X4);
            let w = b.ins().swiden_low(x);
            let v = b.ins().fcvt_from_sint(F64X2, w);
            push(t, b, v);
        }
        Operator::F64x2ConvertLowI32x4U => {
            let x = pop(t, b, I32X4);
            let w = b.ins().uwiden_low(x);
            let v = b.ins().fcvt_from_uint(F64X2, w);
            push(t, b, v);
        }
        Operator::F32x4DemoteF64x2Zero => un!(F64X2, fvdemote),
        Operator::F64x2PromoteLowF32x4 => un!(F32X4, fvpromote_low),

        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::types::{F32, F64};

    #[test]
    fn lane_vector_types() {
        assert_eq!(vec_of(I8), I8X16);
        assert_eq!(vec_of(I16), I16X8);
        assert_eq!(vec_of(I32), I32X4);
        assert_eq!(vec_of(I64), I64X2);
        assert_eq!(vec_of(F32), F32X4);
        assert_eq!(vec_of(F64), F64X2);
    }
}
