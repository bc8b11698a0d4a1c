//! Numeric operators: constants, integer and float arithmetic, comparisons
//! and conversions.
//!
//! Cranelift's instruction semantics were designed for wasm, and we rely on
//! that deliberately: `sdiv`/`udiv`/`srem`/`urem` trap on a zero divisor and
//! `sdiv` on INT_MIN / -1 (while `srem` gives 0); shift amounts are masked;
//! `fmin`/`fmax` propagate NaN and order -0 below +0; `nearest` rounds ties to
//! even; `fcvt_to_{s,u}int` trap with BAD_CONVERSION_TO_INTEGER on NaN and
//! INTEGER_OVERFLOW out of range, and the `_sat` forms saturate.

use super::Translator;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types::{F32, F64, I16, I32, I64, I8},
    InstBuilder, Value,
};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

fn push(t: &mut Translator<'_, '_>, v: Value) {
    t.state.push(v);
}

/// Comparison results are i8 in CLIF and i32 in wasm.
fn bool_to_i32(b: &mut FunctionBuilder<'_>, v: Value) -> Value {
    b.ins().uextend(I32, v)
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    macro_rules! binop {
        ($inst:ident) => {{
            let (x, y) = t.state.pop2();
            let v = b.ins().$inst(x, y);
            push(t, v);
        }};
    }
    macro_rules! unop {
        ($inst:ident) => {{
            let x = t.state.pop();
            let v = b.ins().$inst(x);
            push(t, v);
        }};
    }
    macro_rules! icmp {
        ($cc:ident) => {{
            let (x, y) = t.state.pop2();
            let v = b.ins().icmp(IntCC::$cc, x, y);
            let v = bool_to_i32(b, v);
            push(t, v);
        }};
    }
    macro_rules! fcmp {
        ($cc:ident) => {{
            let (x, y) = t.state.pop2();
            let v = b.ins().fcmp(FloatCC::$cc, x, y);
            let v = bool_to_i32(b, v);
            push(t, v);
        }};
    }
    macro_rules! conv {
        ($inst:ident, $ty:expr) => {{
            let x = t.state.pop();
            let v = b.ins().$inst($ty, x);
            push(t, v);
        }};
    }
    /// Sign-extend the low `$from` bits in place (the sign-extension ops).
    macro_rules! sext_in {
        ($from:expr, $to:expr) => {{
            let x = t.state.pop();
            let narrow = b.ins().ireduce($from, x);
            let v = b.ins().sextend($to, narrow);
            push(t, v);
        }};
    }
    macro_rules! reinterpret {
        ($ty:expr) => {{
            let x = t.state.pop();
            let v = b
                .ins()
                .bitcast($ty, cranelift_codegen::ir::MemFlagsData::new(), x);
            push(t, v);
        }};
    }

    match *op {
        Operator::I32Const { value } => {
            let v = b.ins().iconst(I32, i64::from(value));
            push(t, v);
        }
        Operator::I64Const { value } => {
            let v = b.ins().iconst(I64, value);
            push(t, v);
        }
        Operator::F32Const { value } => {
            let v = b
                .ins()
                .f32const(cranelift_codegen::ir::immediates::Ieee32::with_bits(
                    value.bits(),
                ));
            push(t, v);
        }
        Operator::F64Const { value } => {
            let v = b
                .ins()
                .f64const(cranelift_codegen::ir::immediates::Ieee64::with_bits(
                    value.bits(),
                ));
            push(t, v);
        }

        // Integer arithmetic (both widths share the CLIF instruction).
        Operator::I32Add | Operator::I64Add => binop!(iadd),
        Operator::I32Sub | Operator::I64Sub => binop!(isub),
        Operator::I32Mul | Operator::I64Mul => binop!(imul),
        Operator::I32DivS | Operator::I64DivS => binop!(sdiv),
        Operator::I32DivU | Operator::I64DivU => binop!(udiv),
        Operator::I32RemS | Operator::I64RemS => binop!(srem),
        Operator::I32RemU | Operator::I64RemU => binop!(urem),
        Operator::I32And | Operator::I64And => binop!(band),
        Operator::I32Or | Operator::I64Or => binop!(bor),
        Operator::I32Xor | Operator::I64Xor => binop!(bxor),
        Operator::I32Shl | Operator::I64Shl => binop!(ishl),
        Operator::I32ShrS | Operator::I64ShrS => binop!(sshr),
        Operator::I32ShrU | Operator::I64ShrU => binop!(ushr),
        Operator::I32Rotl | Operator::I64Rotl => binop!(rotl),
        Operator::I32Rotr | Operator::I64Rotr => binop!(rotr),
        Operator::I32Clz | Operator::I64Clz => unop!(clz),
        Operator::I32Ctz | Operator::I64Ctz => unop!(ctz),
        Operator::I32Popcnt | Operator::I64Popcnt => unop!(popcnt),
        Operator::I32Eqz | Operator::I64Eqz => {
            let x = t.state.pop();
            let v = b.ins().icmp_imm_u(IntCC::Equal, x, 0);
            let v = bool_to_i32(b, v);
            push(t, v);
        }
        Operator::I32Eq | Operator::I64Eq => icmp!(Equal),
        Operator::I32Ne | Operator::I64Ne => icmp!(NotEqual),
        Operator::I32LtS | Operator::I64LtS => icmp!(SignedLessThan),
        Operator::I32LtU | Operator::I64LtU => icmp!(UnsignedLessThan),
        Operator::I32GtS | Operator::I64GtS => icmp!(SignedGreaterThan),
        Operator::I32GtU | Operator::I64GtU => icmp!(UnsignedGreaterThan),
        Operator::I32LeS | Operator::I64LeS => icmp!(SignedLessThanOrEqual),
        Operator::I32LeU | Operator::I64LeU => icmp!(UnsignedLessThanOrEqual),
        Operator::I32GeS | Operator::I64GeS => icmp!(SignedGreaterThanOrEqual),
        Operator::I32GeU | Operator::I64GeU => icmp!(UnsignedGreaterThanOrEqual),

        // Float arithmetic.
        Operator::F32Add | Operator::F64Add => binop!(fadd),
        Operator::F32Sub | Operator::F64Sub => binop!(fsub),
        Operator::F32Mul | Operator::F64Mul => binop!(fmul),
        Operator::F32Div | Operator::F64Div => binop!(fdiv),
        Operator::F32Min | Operator::F64Min => binop!(fmin),
        Operator::F32Max | Operator::F64Max => binop!(fmax),
        Operator::F32Copysign | Operator::F64Copysign => binop!(fcopysign),
        Operator::F32Abs | Operator::F64Abs => unop!(fabs),
        Operator::F32Neg | Operator::F64Neg => unop!(fneg),
        Operator::F32Sqrt | Operator::F64Sqrt => unop!(sqrt),
        Operator::F32Ceil | Operator::F64Ceil => unop!(ceil),
        Operator::F32Floor | Operator::F64Floor => unop!(floor),
        Operator::F32Trunc | Operator::F64Trunc => unop!(trunc),
        Operator::F32Nearest | Operator::F64Nearest => unop!(nearest),
        Operator::F32Eq | Operator::F64Eq => fcmp!(Equal),
        Operator::F32Ne | Operator::F64Ne => fcmp!(NotEqual),
        Operator::F32Lt | Operator::F64Lt => fcmp!(LessThan),
        Operator::F32Gt | Operator::F64Gt => fcmp!(GreaterThan),
        Operator::F32Le | Operator::F64Le => fcmp!(LessThanOrEqual),
        Operator::F32Ge | Operator::F64Ge => fcmp!(GreaterThanOrEqual),

        // Conversions.
        Operator::I32WrapI64 => conv!(ireduce, I32),
        Operator::I64ExtendI32S => conv!(sextend, I64),
        Operator::I64ExtendI32U => conv!(uextend, I64),
        Operator::I32Extend8S => sext_in!(I8, I32),
        Operator::I32Extend16S => sext_in!(I16, I32),
        Operator::I64Extend8S => sext_in!(I8, I64),
        Operator::I64Extend16S => sext_in!(I16, I64),
        Operator::I64Extend32S => sext_in!(I32, I64),
        Operator::I32TruncF32S | Operator::I32TruncF64S => conv!(fcvt_to_sint, I32),
        Operator::I32TruncF32U | Operator::I32TruncF64U => conv!(fcvt_to_uint, I32),
        Operator::I64TruncF32S | Operator::I64TruncF64S => conv!(fcvt_to_sint, I64),
        Operator::I64TruncF32U | Operator::I64TruncF64U => conv!(fcvt_to_uint, I64),
        Operator::I32TruncSatF32S | Operator::I32TruncSatF64S => conv!(fcvt_to_sint_sat, I32),
        Operator::I32TruncSatF32U | Operator::I32TruncSatF64U => conv!(fcvt_to_uint_sat, I32),
        Operator::I64TruncSatF32S | Operator::I64TruncSatF64S => conv!(fcvt_to_sint_sat, I64),
        Operator::I64TruncSatF32U | Operator::I64TruncSatF64U => conv!(fcvt_to_uint_sat, I64),
        Operator::F32ConvertI32S | Operator::F32ConvertI64S => conv!(fcvt_from_sint, F32),
        Operator::F32ConvertI32U | Operator::F32ConvertI64U => conv!(fcvt_from_uint, F32),
        Operator::F64ConvertI32S | Operator::F64ConvertI64S => conv!(fcvt_from_sint, F64),
        Operator::F64ConvertI32U | Operator::F64ConvertI64U => conv!(fcvt_from_uint, F64),
        Operator::F32DemoteF64 => conv!(fdemote, F32),
        Operator::F64PromoteF32 => conv!(fpromote, F64),
        Operator::I32ReinterpretF32 => reinterpret!(I32),
        Operator::I64ReinterpretF64 => reinterpret!(I64),
        Operator::F32ReinterpretI32 => reinterpret!(F32),
        Operator::F64ReinterpretI64 => reinterpret!(F64),
        _ => return false,
    }
    true
}
