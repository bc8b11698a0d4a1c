//! Values in the host protocol's spelling, and matching the host's answers
//! against a script's expectations.
//!
//! Arguments go to the host as `type:bits` tokens (`i32:0000002a`,
//! `f64:<IEEE bits>`, `v128:<16 bytes, lane 0 first>`, `funcref:null`,
//! `externref:N`; the full list is in `host.c`). Results come back the same
//! way and are compared bit for bit, except where the spec allows a set of
//! values: the NaN patterns (`nan:canonical`, `nan:arithmetic`), per lane in
//! a v128, non-null references of unspecified identity, and `(either ...)`
//! alternatives (relaxed SIMD results).

use super::plan::Expect;
use super::protocol::unhex;
use wast::core::{HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// An argument as a value token.
pub fn encode_arg(a: &WastArg<'_>) -> Result<String, String> {
    let WastArg::Core(c) = a else {
        return Err("component arguments".into());
    };
    Ok(match c {
        WastArgCore::I32(v) => format!("i32:{:08x}", *v as u32),
        WastArgCore::I64(v) => format!("i64:{:016x}", *v as u64),
        WastArgCore::F32(v) => format!("f32:{:08x}", v.bits),
        WastArgCore::F64(v) => format!("f64:{:016x}", v.bits),
        WastArgCore::V128(v) => format!(
            "v128:{}",
            v.to_le_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
        // The host takes a null of any reference type as TYPE:null.
        WastArgCore::RefNull(HeapType::Abstract {
            ty: wast::core::AbstractHeapType::Func,
            ..
        }) => "funcref:null".into(),
        WastArgCore::RefNull(_) => "externref:null".into(),
        WastArgCore::RefExtern(n) => format!("externref:{n}"),
        WastArgCore::RefHost(n) => format!("anyref:host:{n}"),
    })
}

/// Compare the host's answer with the expectation.
pub fn check(answer: &str, expect: &Expect<'_>) -> Result<(), String> {
    let mut parts = answer.split(' ');
    let kind = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let describe = || match kind {
        "trap" | "error" | "exception" => {
            format!("{kind} \"{}\"", unhex(rest.first().copied().unwrap_or("-")))
        }
        _ => answer.to_string(),
    };
    match expect {
        Expect::Return(want) => {
            if kind != "ok" {
                return Err(format!("expected success, got {}", describe()));
            }
            let Some(want) = want else { return Ok(()) };
            if want.len() != rest.len() {
                return Err(format!(
                    "expected {} results, got {}",
                    want.len(),
                    describe()
                ));
            }
            for (w, got) in want.iter().zip(&rest) {
                if !value_matches(w, got) {
                    return Err(format!("expected {}, got {}", ret_to_string(w), answer));
                }
            }
            Ok(())
        }
        Expect::Trap(msg) => {
            if kind == "trap" {
                let got = unhex(rest.first().copied().unwrap_or("-"));
                // The spec's wording is matched by substring either way round
                // ("unreachable" vs "unreachable executed").
                if got.contains(msg.as_str()) || (!got.is_empty() && msg.contains(got.as_str())) {
                    return Ok(());
                }
                return Err(format!("expected trap \"{msg}\", got trap \"{got}\""));
            }
            Err(format!("expected trap \"{msg}\", got {}", describe()))
        }
        Expect::Exception => {
            if kind == "exception" {
                return Ok(());
            }
            Err(format!(
                "expected an uncaught exception, got {}",
                describe()
            ))
        }
        Expect::LinkError(msg) => {
            if kind == "error" {
                return Ok(());
            }
            Err(format!("expected link error \"{msg}\", got {}", describe()))
        }
    }
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    let nan = bits & 0x7f80_0000 == 0x7f80_0000 && bits & 0x007f_ffff != 0;
    match p {
        NanPattern::CanonicalNan => nan && bits & 0x007f_ffff == 0x0040_0000,
        NanPattern::ArithmeticNan => nan && bits & 0x0040_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    let exp = 0x7ff0_0000_0000_0000u64;
    let frac = 0x000f_ffff_ffff_ffffu64;
    let quiet = 0x0008_0000_0000_0000u64;
    let nan = bits & exp == exp && bits & frac != 0;
    match p {
        NanPattern::CanonicalNan => nan && bits & frac == quiet,
        NanPattern::ArithmeticNan => nan && bits & quiet != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn value_matches(want: &WastRet<'_>, got: &str) -> bool {
    let WastRet::Core(want) = want else {
        return false;
    };
    core_matches(want, got)
}

/// `got` against one core expectation; `(either ...)` (relaxed SIMD) accepts
/// any of its alternatives.
fn core_matches(want: &WastRetCore<'_>, got: &str) -> bool {
    let (ty, val) = got.split_once(':').unwrap_or(("", ""));
    let u = |v: &str| u64::from_str_radix(v, 16).ok();
    match want {
        WastRetCore::I32(w) => ty == "i32" && u(val) == Some(u64::from(*w as u32)),
        WastRetCore::I64(w) => ty == "i64" && u(val) == Some(*w as u64),
        WastRetCore::F32(p) => ty == "f32" && u(val).is_some_and(|b| f32_matches(p, b as u32)),
        WastRetCore::F64(p) => ty == "f64" && u(val).is_some_and(|b| f64_matches(p, b)),
        WastRetCore::V128(p) => {
            if ty != "v128" || val.len() != 32 {
                return false;
            }
            let bytes: Vec<u8> = (0..16)
                .filter_map(|i| u8::from_str_radix(&val[2 * i..2 * i + 2], 16).ok())
                .collect();
            if bytes.len() != 16 {
                return false;
            }
            v128_matches(p, &bytes)
        }
        WastRetCore::RefNull(_) => val == "null",
        WastRetCore::RefExtern(None) => ty == "externref" && val != "null",
        WastRetCore::RefExtern(Some(n)) => ty == "externref" && val == n.to_string(),
        WastRetCore::RefFunc(_) => ty == "funcref" && val != "null",
        WastRetCore::RefHost(n) => ty == "anyref" && val == format!("host:{n}"),
        WastRetCore::RefAny => ty == "anyref" && val != "null",
        WastRetCore::RefI31 => ty == "anyref" && val.starts_with("i31:"),
        WastRetCore::RefEq => {
            ty == "anyref" && (val.starts_with("i31:") || val == "struct" || val == "array")
        }
        WastRetCore::RefStruct => ty == "anyref" && val == "struct",
        WastRetCore::RefArray => ty == "anyref" && val == "array",
        WastRetCore::Either(cases) => cases.iter().any(|c| core_matches(c, got)),
        _ => false,
    }
}

fn v128_matches(p: &V128Pattern, b: &[u8]) -> bool {
    let lane = |i: usize, n: usize| -> u64 {
        let mut v = 0u64;
        for k in (0..n).rev() {
            v = (v << 8) | u64::from(b[i * n + k]);
        }
        v
    };
    match p {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 1) == u64::from(*x as u8)),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 2) == u64::from(*x as u16)),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 4) == u64::from(*x as u32)),
        V128Pattern::I64x2(l) => l.iter().enumerate().all(|(i, x)| lane(i, 8) == *x as u64),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f32_matches(x, lane(i, 4) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f64_matches(x, lane(i, 8))),
    }
}

fn ret_to_string(r: &WastRet<'_>) -> String {
    let WastRet::Core(c) = r else {
        return "?".into();
    };
    core_to_string(c)
}

fn core_to_string(c: &WastRetCore<'_>) -> String {
    let nan32 = |p: &NanPattern<wast::token::F32>| match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{:08x}", v.bits),
    };
    let nan64 = |p: &NanPattern<wast::token::F64>| match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{:016x}", v.bits),
    };
    match c {
        WastRetCore::I32(v) => format!("i32:{:08x}", *v as u32),
        WastRetCore::I64(v) => format!("i64:{:016x}", *v as u64),
        WastRetCore::F32(p) => format!("f32:{}", nan32(p)),
        WastRetCore::F64(p) => format!("f64:{}", nan64(p)),
        WastRetCore::V128(p) => format!("v128:{p:?}"),
        WastRetCore::RefNull(_) => "ref.null".into(),
        WastRetCore::RefExtern(n) => format!("externref:{n:?}"),
        WastRetCore::RefFunc(_) => "funcref:<non-null>".into(),
        WastRetCore::RefHost(n) => format!("anyref:host:{n}"),
        WastRetCore::RefAny => "anyref:<non-null>".into(),
        WastRetCore::RefI31 => "anyref:i31:<any>".into(),
        WastRetCore::RefEq => "anyref:<eq>".into(),
        WastRetCore::RefStruct => "anyref:struct".into(),
        WastRetCore::RefArray => "anyref:array".into(),
        WastRetCore::Either(cases) => {
            let alts: Vec<String> = cases.iter().map(core_to_string).collect();
            format!("(either {})", alts.join(" "))
        }
        _ => "?".into(),
    }
}
