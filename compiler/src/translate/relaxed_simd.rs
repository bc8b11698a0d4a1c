//! Relaxed SIMD (WebAssembly 3.0): one fixed semantics per operator.
//!
//! The spec lets each relaxed operator return any result from a small set
//! (what x86, Arm and others compute natively). wasmc picks one member of
//! that set per operator and uses it on every target and every `--cpu`, so a
//! program gives the same results on every machine and under every target
//! (no per-target difference). The choices, with what they cost:
//!
//! - `i8x16.relaxed_swizzle`: as `i8x16.swizzle` (indices >= 16 give 0).
//!   x86: `pshufb` after one saturating add; Arm `tbl` does it natively.
//! - `i32x4.relaxed_trunc_*`: as the saturating `trunc_sat` (NaN -> 0,
//!   out of range -> saturated). Native on Arm; x86 pays the same fix-ups as
//!   for `trunc_sat` (x86's `cvttps2dq` answer, INT_MIN, would need fix-ups
//!   everywhere else, and the unsigned forms need them on x86 anyway).
//! - `f32x4/f64x2.relaxed_madd/nmadd`: unfused, `a * b + c` and
//!   `c - a * b`, each step rounded. A fused result would be one instruction
//!   with FMA (x86-64-v3, Arm) but a libm call per lane on baseline x86, and
//!   it has to be the same in both. Cranelift never contracts a `fmul` and
//!   `fadd` into an FMA, so the two roundings are kept on every CPU.
//! - `*.relaxed_laneselect`: as `v128.bitselect` (every bit of the mask
//!   selects, not only the top bit of a lane). x86 baseline: and/andn/or,
//!   which is what `pblendvb` would have to be fixed up to anyway.
//! - `f32x4/f64x2.relaxed_min/max`: as `pmin`/`pmax`, `b < a ? b : a` and
//!   `a < b ? b : a`: if either operand is NaN, or both are zeros, the result
//!   is the first operand. One `minps`/`maxps` (operands swapped) on x86;
//!   compare and select on Arm. (The NaN-propagating `min`/`max` would be
//!   native on Arm but cost a long fix-up sequence on x86.)
//! - `i16x8.relaxed_q15mulr_s`: as `i16x8.q15mulr_sat_s` (-1 * -1
//!   saturates to 0x7fff): native on Arm (`sqrdmulh`), `pmulhrsw` plus a
//!   compare and xor on x86.
//! - `i16x8.relaxed_dot_i8x16_i7x16_s`: both operands signed, the sum of
//!   each pair saturated to i16 (exact for the 7-bit second operand the
//!   instruction is meant for).
//! - `i32x4.relaxed_dot_i8x16_i7x16_add_s`: both operands signed, the four
//!   products of each lane summed exactly in i32, plus the accumulator: the
//!   tree Cranelift folds into Arm's `sdot` when the CPU has it.

use super::simd::{cast, pop2, push};
use super::Translator;
use cranelift_codegen::ir::{
    types::{F32X4, F64X2, I32X4, I8X16},
    InstBuilder, Type, Value,
};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

/// Pop three vectors (`c` on top) as lane type `ty`.
fn pop3(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, ty: Type) -> [Value; 3] {
    let (x, y, z) = t.state.pop3();
    [cast(b, x, ty), cast(b, y, ty), cast(b, z, ty)]
}

/// Lower a relaxed operator as the 2.0 operator `op` whose semantics it was
/// given (a non-trapping SIMD operator: the 2.0 lowering cannot fail here).
fn same_as(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, op: Operator<'_>) -> bool {
    matches!(super::simd::translate(t, b, &op), Ok(true))
}

/// Exact i32 sums of adjacent products of two i16x8 vectors (`pmaddwd`).
fn dot_i16(b: &mut FunctionBuilder<'_>, x: Value, y: Value) -> Value {
    let xl = b.ins().swiden_low(x);
    let yl = b.ins().swiden_low(y);
    let lo = b.ins().imul(xl, yl);
    let xh = b.ins().swiden_high(x);
    let yh = b.ins().swiden_high(y);
    let hi = b.ins().imul(xh, yh);
    b.ins().iadd_pairwise(lo, hi)
}

/// Signed widening of both i16 halves of `p`, added pairwise into i32 lanes.
fn extadd_pairwise_i16(b: &mut FunctionBuilder<'_>, p: Value) -> Value {
    let lo = b.ins().swiden_low(p);
    let hi = b.ins().swiden_high(p);
    b.ins().iadd_pairwise(lo, hi)
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    match *op {
        // The operators whose chosen semantics is exactly a WebAssembly 2.0
        // operator's (see the module docs) are lowered as that operator.
        Operator::I8x16RelaxedSwizzle => return same_as(t, b, Operator::I8x16Swizzle),
        Operator::I32x4RelaxedTruncF32x4S => return same_as(t, b, Operator::I32x4TruncSatF32x4S),
        Operator::I32x4RelaxedTruncF32x4U => return same_as(t, b, Operator::I32x4TruncSatF32x4U),
        Operator::I32x4RelaxedTruncF64x2SZero => {
            return same_as(t, b, Operator::I32x4TruncSatF64x2SZero)
        }
        Operator::I32x4RelaxedTruncF64x2UZero => {
            return same_as(t, b, Operator::I32x4TruncSatF64x2UZero)
        }
        Operator::F32x4RelaxedMadd
        | Operator::F64x2RelaxedMadd
        | Operator::F32x4RelaxedNmadd
        | Operator::F64x2RelaxedNmadd => {
            let ty = if matches!(op, Operator::F32x4RelaxedMadd | Operator::F32x4RelaxedNmadd) {
                F32X4
            } else {
                F64X2
            };
            // Unfused: the product is rounded, then added. nmadd is
            // -(a * b) + c, which is c - a * b exactly (negation is exact).
            let [x, y, c] = pop3(t, b, ty);
            let p = b.ins().fmul(x, y);
            let v = if matches!(
                op,
                Operator::F32x4RelaxedNmadd | Operator::F64x2RelaxedNmadd
            ) {
                b.ins().fsub(c, p)
            } else {
                b.ins().fadd(p, c)
            };
            push(t, b, v);
        }
        Operator::I8x16RelaxedLaneselect
        | Operator::I16x8RelaxedLaneselect
        | Operator::I32x4RelaxedLaneselect
        | Operator::I64x2RelaxedLaneselect => return same_as(t, b, Operator::V128Bitselect),
        Operator::F32x4RelaxedMin => return same_as(t, b, Operator::F32x4PMin),
        Operator::F32x4RelaxedMax => return same_as(t, b, Operator::F32x4PMax),
        Operator::F64x2RelaxedMin => return same_as(t, b, Operator::F64x2PMin),
        Operator::F64x2RelaxedMax => return same_as(t, b, Operator::F64x2PMax),
        Operator::I16x8RelaxedQ15mulrS => return same_as(t, b, Operator::I16x8Q15MulrSatS),
        Operator::I16x8RelaxedDotI8x16I7x16S => {
            // Widen to i16, exact pair sums in i32, saturate back to i16.
            let (x, y) = pop2(t, b, I8X16);
            let xl = b.ins().swiden_low(x);
            let yl = b.ins().swiden_low(y);
            let lo = dot_i16(b, xl, yl);
            let xh = b.ins().swiden_high(x);
            let yh = b.ins().swiden_high(y);
            let hi = dot_i16(b, xh, yh);
            let v = b.ins().snarrow(lo, hi);
            push(t, b, v);
        }
        Operator::I32x4RelaxedDotI8x16I7x16AddS => {
            // i16 products (exact: |a * b| <= 2^14), widened and reduced
            // pairwise in i32, plus the accumulator.
            let [x, y, c] = pop3(t, b, I8X16);
            let c = cast(b, c, I32X4);
            let xl = b.ins().swiden_low(x);
            let yl = b.ins().swiden_low(y);
            let lo = b.ins().imul(xl, yl);
            let xh = b.ins().swiden_high(x);
            let yh = b.ins().swiden_high(y);
            let hi = b.ins().imul(xh, yh);
            let lo = extadd_pairwise_i16(b, lo);
            let hi = extadd_pairwise_i16(b, hi);
            let s = b.ins().iadd_pairwise(lo, hi);
            let v = b.ins().iadd(s, c);
            push(t, b, v);
        }
        _ => return false,
    }
    true
}
