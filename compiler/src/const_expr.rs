//! Constant expressions (global initialisers, table initialisers, segment
//! offsets and element items) reduced to what the runtime evaluates at
//! instantiation.
//!
//! WebAssembly 2.0 expressions are one instruction and become one
//! [`ConstVal`] record. Extended constant expressions (`i32/i64.add/sub/mul`
//! over constants and `global.get`) are folded here as far as they can be:
//! arithmetic on constants is computed with wrap-around, and `global.get` of
//! an earlier defined immutable global with a constant initialiser is
//! replaced by that constant. So only expressions that really depend on an
//! imported global (or on a global the compiler cannot see through) reach
//! the runtime, as a postfix op list ([`ConstVal::Expr`]).
//!
//! The GC allocation instructions (`struct.new(_default)`,
//! `array.new(_default/_fixed)`) always reach the runtime as op lists too:
//! each evaluation allocates a fresh object, so nothing about them folds.

use crate::error::{CompileError, Result};
use crate::index::{FuncIndex, GlobalIndex};
use crate::module::GlobalInfo;
use crate::types::TypeDef;
use cranelift_entity::PrimaryMap;
use wasmparser::{ConstExpr, Operator};

/// A constant expression reduced to what the runtime evaluates.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    /// Little-endian bytes of an i32/i64/f32/f64/v128 value.
    Bits([u8; 16]),
    GlobalGet(GlobalIndex),
    RefNull,
    RefFunc(FuncIndex),
    /// `ref.i31` of a constant.
    RefI31(i32),
    /// An expression left to the runtime: ops in postfix order, at least
    /// one of them a [`ConstOp::GlobalGet`] or an allocation, and more than
    /// a lone `global.get`.
    Expr(Vec<ConstOp>),
}

/// One step of a [`ConstVal::Expr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstOp {
    /// Push an integer constant.
    I32(i32),
    I64(i64),
    /// Push the value of a global.
    GlobalGet(GlobalIndex),
    /// Pop two operands, push the wrapped result.
    Arith(Arith),
    /// Pop an i32, push its `ref.i31`.
    I31Wrap,
    /// Push a non-integer constant: little-endian bits and value type.
    Bits([u8; 16], u8),
    RefNull,
    RefFunc(FuncIndex),
    /// The allocations, of the module type index: see
    /// `abi::const_kind::STRUCT_NEW` and the following kinds.
    StructNew(u32),
    StructNewDefault(u32),
    ArrayNew(u32),
    ArrayNewDefault(u32),
    /// Type index and element count.
    ArrayNewFixed(u32, u32),
}

/// The arithmetic extended constant expressions allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

impl Arith {
    fn apply(self, a: Known, b: Known) -> Option<Known> {
        use Known::{I32, I64};
        Some(match (self, a, b) {
            (Arith::I32Add, I32(a), I32(b)) => I32(a.wrapping_add(b)),
            (Arith::I32Sub, I32(a), I32(b)) => I32(a.wrapping_sub(b)),
            (Arith::I32Mul, I32(a), I32(b)) => I32(a.wrapping_mul(b)),
            (Arith::I64Add, I64(a), I64(b)) => I64(a.wrapping_add(b)),
            (Arith::I64Sub, I64(a), I64(b)) => I64(a.wrapping_sub(b)),
            (Arith::I64Mul, I64(a), I64(b)) => I64(a.wrapping_mul(b)),
            _ => return None,
        })
    }
}

/// A value known at compile time.
#[derive(Clone, Copy, Debug)]
enum Known {
    I32(i32),
    I64(i64),
    /// Any other single-record value (floats, v128, references).
    Other(ConstVal1),
}

/// The single-record forms of [`ConstVal`] (which is not `Copy`).
#[derive(Clone, Copy, Debug)]
enum ConstVal1 {
    /// Little-endian bits and the value type.
    Bits([u8; 16], u8),
    RefNull,
    RefFunc(FuncIndex),
    RefI31(i32),
}

impl Known {
    fn into_val(self) -> ConstVal {
        match self {
            Known::I32(v) => ConstVal::Bits(le_bits(&v.to_le_bytes())),
            Known::I64(v) => ConstVal::Bits(le_bits(&v.to_le_bytes())),
            Known::Other(ConstVal1::Bits(b, _)) => ConstVal::Bits(b),
            Known::Other(ConstVal1::RefNull) => ConstVal::RefNull,
            Known::Other(ConstVal1::RefFunc(f)) => ConstVal::RefFunc(f),
            Known::Other(ConstVal1::RefI31(v)) => ConstVal::RefI31(v),
        }
    }

    /// The ops pushing this value.
    fn as_ops(self) -> Vec<ConstOp> {
        match self {
            Known::I32(v) => vec![ConstOp::I32(v)],
            Known::I64(v) => vec![ConstOp::I64(v)],
            Known::Other(ConstVal1::Bits(b, t)) => vec![ConstOp::Bits(b, t)],
            Known::Other(ConstVal1::RefNull) => vec![ConstOp::RefNull],
            Known::Other(ConstVal1::RefFunc(f)) => vec![ConstOp::RefFunc(f)],
            Known::Other(ConstVal1::RefI31(v)) => vec![ConstOp::I32(v), ConstOp::I31Wrap],
        }
    }
}

fn le_bits(b: &[u8]) -> [u8; 16] {
    let mut bits = [0u8; 16];
    bits[..b.len()].copy_from_slice(b);
    bits
}

/// What the compiler knows about the value of a defined global: its
/// initialiser if that is a constant of an integer type, so `global.get` of
/// it can be folded. Imported and mutable globals are unknown.
fn known_global(globals: &PrimaryMap<GlobalIndex, GlobalInfo>, g: GlobalIndex) -> Option<Known> {
    let info = globals.get(g)?;
    if info.imported || info.mutable {
        return None;
    }
    let ConstVal::Bits(bits) = info.init else {
        return None;
    };
    match info.ty {
        wasmparser::ValType::I32 => Some(Known::I32(i32::from_le_bytes(
            bits[..4].try_into().expect("4 bytes"),
        ))),
        wasmparser::ValType::I64 => Some(Known::I64(i64::from_le_bytes(
            bits[..8].try_into().expect("8 bytes"),
        ))),
        _ => None,
    }
}

/// A stack entry while reducing: a known value or a run of ops computing one.
enum Entry {
    Known(Known),
    Ops(Vec<ConstOp>),
}

impl Entry {
    fn into_ops(self) -> Vec<ConstOp> {
        match self {
            Entry::Ops(ops) => ops,
            Entry::Known(k) => k.as_ops(),
        }
    }
}

/// Pop `n` entries (the first deepest) and push the ops computing them
/// followed by `op`.
fn allocate(stack: &mut Vec<Entry>, n: usize, op: ConstOp, offset: u64) -> Result<()> {
    if stack.len() < n {
        return Err(CompileError::unsupported(
            "constant expression stack",
            offset,
            None,
        ));
    }
    let mut ops: Vec<ConstOp> = stack
        .drain(stack.len() - n..)
        .flat_map(Entry::into_ops)
        .collect();
    ops.push(op);
    stack.push(Entry::Ops(ops));
    Ok(())
}

/// Reduce a (validated) constant expression to a [`ConstVal`]. `globals`
/// are the globals defined so far (earlier ones may be folded in), `defs`
/// the module's types.
pub fn const_val(
    expr: &ConstExpr<'_>,
    globals: &PrimaryMap<GlobalIndex, GlobalInfo>,
    defs: &[TypeDef],
) -> Result<ConstVal> {
    let mut reader = expr.get_operators_reader();
    let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, None);
    let mut stack: Vec<Entry> = Vec::new();
    loop {
        let offset = reader.original_position();
        let op = reader.read().map_err(inv)?;
        let arith = match op {
            Operator::End => break,
            Operator::I32Add => Arith::I32Add,
            Operator::I32Sub => Arith::I32Sub,
            Operator::I32Mul => Arith::I32Mul,
            Operator::I64Add => Arith::I64Add,
            Operator::I64Sub => Arith::I64Sub,
            Operator::I64Mul => Arith::I64Mul,
            // The representation of extern and any references is the same
            // word (see `translate/gc.rs`).
            Operator::AnyConvertExtern | Operator::ExternConvertAny => continue,
            Operator::RefI31 => {
                let corrupt =
                    || CompileError::unsupported("constant expression stack", offset, None);
                let v = stack.pop().ok_or_else(corrupt)?;
                stack.push(match v {
                    Entry::Known(Known::I32(v)) => Entry::Known(Known::Other(ConstVal1::RefI31(v))),
                    other => {
                        let mut ops = other.into_ops();
                        ops.push(ConstOp::I31Wrap);
                        Entry::Ops(ops)
                    }
                });
                continue;
            }
            Operator::StructNew { struct_type_index } => {
                let n = match defs
                    .get(struct_type_index as usize)
                    .map(|d| &d.sub.composite_type.inner)
                {
                    Some(wasmparser::CompositeInnerType::Struct(st)) => st.fields.len(),
                    _ => 0,
                };
                allocate(&mut stack, n, ConstOp::StructNew(struct_type_index), offset)?;
                continue;
            }
            Operator::StructNewDefault { struct_type_index } => {
                allocate(
                    &mut stack,
                    0,
                    ConstOp::StructNewDefault(struct_type_index),
                    offset,
                )?;
                continue;
            }
            Operator::ArrayNew { array_type_index } => {
                allocate(&mut stack, 2, ConstOp::ArrayNew(array_type_index), offset)?;
                continue;
            }
            Operator::ArrayNewDefault { array_type_index } => {
                allocate(
                    &mut stack,
                    1,
                    ConstOp::ArrayNewDefault(array_type_index),
                    offset,
                )?;
                continue;
            }
            Operator::ArrayNewFixed {
                array_type_index,
                array_size,
            } => {
                allocate(
                    &mut stack,
                    array_size as usize,
                    ConstOp::ArrayNewFixed(array_type_index, array_size),
                    offset,
                )?;
                continue;
            }
            other => {
                stack.push(leaf(&other, offset, globals)?);
                continue;
            }
        };
        let corrupt = || CompileError::unsupported("constant expression stack", offset, None);
        let b = stack.pop().ok_or_else(corrupt)?;
        let a = stack.pop().ok_or_else(corrupt)?;
        stack.push(match (a, b) {
            (Entry::Known(x), Entry::Known(y)) => {
                Entry::Known(arith.apply(x, y).ok_or_else(corrupt)?)
            }
            (a, b) => {
                let mut ops = a.into_ops();
                ops.extend(b.into_ops());
                ops.push(ConstOp::Arith(arith));
                Entry::Ops(ops)
            }
        });
    }
    let end = reader.original_position();
    let (Some(result), true) = (stack.pop(), stack.is_empty()) else {
        return Err(CompileError::unsupported(
            "constant expression stack",
            end,
            None,
        ));
    };
    Ok(match result {
        Entry::Known(k) => k.into_val(),
        Entry::Ops(ops) => match ops[..] {
            [ConstOp::GlobalGet(g)] => ConstVal::GlobalGet(g),
            _ => ConstVal::Expr(ops),
        },
    })
}

/// A value-producing constant instruction.
fn leaf(
    op: &Operator<'_>,
    offset: u64,
    globals: &PrimaryMap<GlobalIndex, GlobalInfo>,
) -> Result<Entry> {
    let other = |v| Ok(Entry::Known(Known::Other(v)));
    match *op {
        Operator::I32Const { value } => Ok(Entry::Known(Known::I32(value))),
        Operator::I64Const { value } => Ok(Entry::Known(Known::I64(value))),
        Operator::F32Const { value } => other(ConstVal1::Bits(
            le_bits(&value.bits().to_le_bytes()),
            crate::abi::valtype::F32,
        )),
        Operator::F64Const { value } => other(ConstVal1::Bits(
            le_bits(&value.bits().to_le_bytes()),
            crate::abi::valtype::F64,
        )),
        Operator::V128Const { value } => {
            other(ConstVal1::Bits(*value.bytes(), crate::abi::valtype::V128))
        }
        Operator::RefNull { .. } => other(ConstVal1::RefNull),
        Operator::RefFunc { function_index } => {
            other(ConstVal1::RefFunc(FuncIndex::from_u32(function_index)))
        }
        Operator::GlobalGet { global_index } => {
            let g = GlobalIndex::from_u32(global_index);
            Ok(match known_global(globals, g) {
                Some(k) => Entry::Known(k),
                None => Entry::Ops(vec![ConstOp::GlobalGet(g)]),
            })
        }
        ref other => Err(CompileError::unsupported(
            format!("constant expression operator {other:?}"),
            offset,
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{BinaryReader, ValType};

    fn reduce(code: &[u8], globals: &PrimaryMap<GlobalIndex, GlobalInfo>) -> ConstVal {
        let expr = ConstExpr::new(BinaryReader::new(code, 0));
        const_val(&expr, globals, &[]).expect("reduces")
    }

    fn i32_bits(v: i32) -> ConstVal {
        ConstVal::Bits(le_bits(&v.to_le_bytes()))
    }

    fn globals() -> PrimaryMap<GlobalIndex, GlobalInfo> {
        let mut g = PrimaryMap::new();
        // 0: imported i32; 1: defined immutable i32 = 5; 2: defined mutable.
        g.push(GlobalInfo {
            ty: ValType::I32,
            mutable: false,
            imported: true,
            init: ConstVal::RefNull,
        });
        g.push(GlobalInfo {
            ty: ValType::I32,
            mutable: false,
            imported: false,
            init: i32_bits(5),
        });
        g.push(GlobalInfo {
            ty: ValType::I32,
            mutable: true,
            imported: false,
            init: i32_bits(7),
        });
        g
    }

    #[test]
    fn constants_fold_with_wraparound() {
        // i32.const 0x7fffffff; i32.const 1; i32.add
        let v = reduce(
            &[0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x41, 0x01, 0x6a, 0x0b],
            &globals(),
        );
        assert_eq!(v, i32_bits(i32::MIN));
        // i64.const -1; i64.const 3; i64.mul; i64.const 2; i64.sub
        let v = reduce(
            &[0x42, 0x7f, 0x42, 0x03, 0x7e, 0x42, 0x02, 0x7d, 0x0b],
            &globals(),
        );
        assert_eq!(v, ConstVal::Bits(le_bits(&(-5i64).to_le_bytes())));
    }

    #[test]
    fn defined_immutable_globals_fold() {
        // global.get 1; i32.const 2; i32.mul
        let v = reduce(&[0x23, 0x01, 0x41, 0x02, 0x6c, 0x0b], &globals());
        assert_eq!(v, i32_bits(10));
    }

    #[test]
    fn imported_and_mutable_globals_stay_for_the_runtime() {
        // global.get 0 alone is the single-record form.
        let v = reduce(&[0x23, 0x00, 0x0b], &globals());
        assert_eq!(v, ConstVal::GlobalGet(GlobalIndex::from_u32(0)));
        // (global.get 0 + (2 * 3)) - global.get 2: the constant part folds.
        let v = reduce(
            &[
                0x23, 0x00, 0x41, 0x02, 0x41, 0x03, 0x6c, 0x6a, 0x23, 0x02, 0x6b, 0x0b,
            ],
            &globals(),
        );
        assert_eq!(
            v,
            ConstVal::Expr(vec![
                ConstOp::GlobalGet(GlobalIndex::from_u32(0)),
                ConstOp::I32(6),
                ConstOp::Arith(Arith::I32Add),
                ConstOp::GlobalGet(GlobalIndex::from_u32(2)),
                ConstOp::Arith(Arith::I32Sub),
            ])
        );
    }

    #[test]
    fn allocations_stay_for_the_runtime_with_their_operands() {
        // i32.const 3; array.new_default 0
        let v = reduce(&[0x41, 0x03, 0xfb, 0x07, 0x00, 0x0b], &globals());
        assert_eq!(
            v,
            ConstVal::Expr(vec![ConstOp::I32(3), ConstOp::ArrayNewDefault(0)])
        );
        // f32.const 1.0; ref.null any; ref.i31 (global.get 1 folded: 5);
        // array.new_fixed 0 3
        let v = reduce(
            &[
                0x43, 0x00, 0x00, 0x80, 0x3f, 0xd0, 0x6e, 0x23, 0x01, 0xfb, 0x1c, 0xfb, 0x08, 0x00,
                0x03, 0x0b,
            ],
            &globals(),
        );
        let mut one = [0u8; 16];
        one[..4].copy_from_slice(&1.0f32.to_bits().to_le_bytes());
        assert_eq!(
            v,
            ConstVal::Expr(vec![
                ConstOp::Bits(one, crate::abi::valtype::F32),
                ConstOp::RefNull,
                ConstOp::I32(5),
                ConstOp::I31Wrap,
                ConstOp::ArrayNewFixed(0, 3),
            ])
        );
    }
}
