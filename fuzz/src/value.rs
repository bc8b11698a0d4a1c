//! Values as both engines see them, and their spelling in a `.wast` script.
//!
//! NaN results are written as the spec's patterns: a canonical NaN as
//! `nan:canonical`, another quiet NaN as `nan:arithmetic` (the spec allows
//! any arithmetic NaN where an input NaN was not canonical); a signalling
//! NaN can only come from bit-exact operations and is compared bit for bit.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    I32(u32),
    I64(u64),
    F32(u32),
    F64(u64),
    V128(u128),
    FuncNull,
    /// A non-null funcref: identities are not comparable between engines.
    Func,
    ExternNull,
}

const F32_QUIET: u32 = 0x0040_0000;
const F64_QUIET: u64 = 0x0008_0000_0000_0000;

fn f32_nan(bits: u32) -> bool {
    f32::from_bits(bits).is_nan()
}

fn f64_nan(bits: u64) -> bool {
    f64::from_bits(bits).is_nan()
}

fn f32_text(bits: u32, result: bool) -> String {
    if f32_nan(bits) {
        let payload = bits & 0x007f_ffff;
        if result && payload == F32_QUIET {
            return "nan:canonical".into();
        }
        if result && payload & F32_QUIET != 0 {
            return "nan:arithmetic".into();
        }
        let sign = if bits >> 31 == 1 { "-" } else { "" };
        return format!("{sign}nan:{payload:#x}");
    }
    format!("{:?}", f32::from_bits(bits))
}

fn f64_text(bits: u64, result: bool) -> String {
    if f64_nan(bits) {
        let payload = bits & 0x000f_ffff_ffff_ffff;
        if result && payload == F64_QUIET {
            return "nan:canonical".into();
        }
        if result && payload & F64_QUIET != 0 {
            return "nan:arithmetic".into();
        }
        let sign = if bits >> 63 == 1 { "-" } else { "" };
        return format!("{sign}nan:{payload:#x}");
    }
    format!("{:?}", f64::from_bits(bits))
}

impl Value {
    /// The value as a `.wast` constant; `result` selects the NaN patterns of
    /// expected results (arguments are always exact).
    pub fn wast(&self, result: bool) -> String {
        match self {
            Value::I32(v) => format!("(i32.const {v:#x})"),
            Value::I64(v) => format!("(i64.const {v:#x})"),
            Value::F32(b) => format!("(f32.const {})", f32_text(*b, result)),
            Value::F64(b) => format!("(f64.const {})", f64_text(*b, result)),
            Value::V128(v) => format!(
                "(v128.const i64x2 {:#x} {:#x})",
                *v as u64,
                (*v >> 64) as u64
            ),
            Value::FuncNull => "(ref.null func)".into(),
            Value::Func => "(ref.func)".into(),
            Value::ExternNull => "(ref.null extern)".into(),
        }
    }
}

/// A byte string as a `.wast` string literal.
pub fn wast_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('"');
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' {
            s.push(b as char);
        } else {
            let _ = write!(s, "\\{b:02x}");
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_patterns() {
        assert_eq!(
            Value::F32(0x7fc0_0000).wast(true),
            "(f32.const nan:canonical)"
        );
        assert_eq!(
            Value::F32(0xffc0_0000).wast(true),
            "(f32.const nan:canonical)"
        );
        assert_eq!(
            Value::F32(0x7fc0_0001).wast(true),
            "(f32.const nan:arithmetic)"
        );
        assert_eq!(Value::F32(0x7f80_0001).wast(true), "(f32.const nan:0x1)");
        assert_eq!(
            Value::F64(0x7ff8_0000_0000_0000).wast(false),
            "(f64.const nan:0x8000000000000)"
        );
        assert_eq!(Value::F32(0x8000_0000).wast(true), "(f32.const -0.0)");
        assert_eq!(
            Value::F64(f64::INFINITY.to_bits()).wast(true),
            "(f64.const inf)"
        );
        assert_eq!(wast_string(b"a b\0"), "\"a\\20b\\00\"");
    }
}
