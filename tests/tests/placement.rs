//! Code placement at `-O2` (compiler/src/emit/placement.rs): a function
//! with a loop is preceded by a `<function>.pad` symbol on a 64-byte line so
//! that its loop head starts a line; at `-O1` nothing is padded.
//!
//! The loop head is found here independently of the compiler's decoder: the
//! targets of the backward `jcc rel32` / `jmp rel32` branches in the
//! function's bytes (a loose scan of every offset, which can only add
//! candidates).

use object::{Object, ObjectSection, ObjectSymbol};
use std::fs;
use wasmc_tests::*;

/// `$spin` has one loop, preceded by enough straight-line code that its head
/// would not start a line by chance, and a division whose trap block is
/// cold (moved to the end of the function: the case Cranelift's own CFG
/// edges get wrong). `$flat` has no loop.
const WAT: &str = r#"
(module
  (memory 1)
  (func $spin (export "spin") (param $n i32) (param $d i32) (result i32)
    (local $i i32) (local $acc i32)
    (i32.store (i32.const 0) (local.get $n))
    (i32.store (i32.const 4) (i32.mul (local.get $n) (i32.const 3)))
    (i32.store (i32.const 8) (i32.xor (local.get $n) (i32.const 0x55)))
    (local.set $acc (i32.div_u (i32.load (i32.const 4)) (local.get $d)))
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (i32.mul (local.get $i) (i32.load (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  (func $flat (export "flat") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))))
"#;

/// (address, size) of the `.text` symbol whose name ends in `suffix`.
fn symbol(file: &object::File<'_>, suffix: &str) -> Option<(u64, u64)> {
    file.symbols()
        .find(|s| s.name().is_ok_and(|n| n.ends_with(suffix)))
        .map(|s| (s.address(), s.size()))
}

/// Targets (section offsets) of the backward rel32 branches inside
/// `code[start..start + size]`.
fn backward_targets(code: &[u8], start: u64, size: u64) -> Vec<u64> {
    let (s, e) = (start as usize, (start + size) as usize);
    let mut out = Vec::new();
    for at in s..e {
        let len = match code[at] {
            0xe9 => 5,
            0x0f if at + 1 < e && code[at + 1] & 0xf0 == 0x80 => 6,
            _ => continue,
        };
        if at + len > e {
            continue;
        }
        let rel = i32::from_le_bytes(code[at + len - 4..at + len].try_into().unwrap());
        let target = (at + len) as i64 + i64::from(rel);
        if target >= s as i64 && target <= at as i64 {
            out.push(target as u64);
        }
    }
    out
}

#[cfg(target_arch = "x86_64")]
#[test]
fn placement_puts_the_loop_head_on_a_line() {
    let dir = TestDir::new("placement");
    let src = dir.join("p.wat");
    fs::write(&src, WAT).unwrap();
    let obj = |name: &str, opt: &str| {
        let o = dir.join(name);
        let out = wasmc([
            "build".as_ref(),
            src.as_os_str(),
            "--target".as_ref(),
            "x86_64-unknown-linux-gnu".as_ref(),
            "--cpu".as_ref(),
            "baseline".as_ref(),
            "-O".as_ref(),
            opt.as_ref(),
            "--emit".as_ref(),
            "obj".as_ref(),
            "-o".as_ref(),
            o.as_os_str(),
        ]);
        assert!(out.status.success(), "{out:?}");
        fs::read(o).unwrap()
    };

    let bytes = obj("o2.o", "2");
    let file = object::File::parse(&*bytes).expect("ELF object");
    let text = file.section_by_name(".text").expect(".text");
    assert_eq!(text.address(), 0);
    let code = text.data().unwrap();
    let (start, size) = symbol(&file, "spin.wasm_func_0").expect("spin's symbol");
    let (pad_at, pad_len) = symbol(&file, "spin.wasm_func_0.pad").expect("spin's padding");
    assert_eq!(pad_at % 64, 0, "the padding starts a line");
    assert_eq!(pad_at + pad_len, start, "the function follows its padding");
    assert!(
        code[pad_at as usize..start as usize]
            .iter()
            .all(|&b| b == 0xcc),
        "int3 padding"
    );
    let heads = backward_targets(code, start, size);
    assert!(!heads.is_empty(), "spin has a backward branch");
    assert!(
        heads.iter().any(|h| h % 64 == 0),
        "a loop head starts a line: function at {start:#x}, heads {heads:x?}"
    );
    // No loop: no padding, the function itself starts a line.
    assert!(symbol(&file, "flat.wasm_func_1.pad").is_none());
    let (flat, _) = symbol(&file, "flat.wasm_func_1").expect("flat's symbol");
    assert_eq!(flat % 64, 0);

    // -O1 places nothing.
    let bytes = obj("o1.o", "1");
    let file = object::File::parse(&*bytes).expect("ELF object");
    assert!(!file
        .symbols()
        .any(|s| s.name().is_ok_and(|n| n.ends_with(".pad"))));
}
