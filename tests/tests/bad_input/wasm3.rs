//! Bad input specific to WebAssembly 3.0 (malformed or invalid legacy
//! exception handling), and the boundary of what used to be rejected: the
//! GC struct and array instructions, in bodies and constant expressions,
//! now compile.

use super::*;

/// The modules `build` once rejected as "unsupported ... needs GC" (before
/// heap objects existed) are valid 3.0 and now compile: `validate` accepts
/// them and `build --emit obj` writes an object, with no diagnostic.
#[test]
fn bad_input_gc_heap_instructions_compile() {
    let cases: &[&str] = &[
        "(module (type $s (struct)) (func (drop (struct.new $s))))",
        "(module (type $s (struct (field i32))) (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))",
        "(module (type $a (array i8)) (func (result i32) (array.len (array.new_default $a (i32.const 1)))))",
        "(module (func (param arrayref) (result i32) (array.len (local.get 0))))",
        // In constant expressions (globals, element segments).
        "(module (type $s (struct)) (global (ref $s) (struct.new $s)))",
        "(module (type $a (array i8)) (elem arrayref (item (array.new_fixed $a 0))))",
    ];
    for text in cases {
        let wasm = wat::parse_str(text).expect("valid text");
        wasmparser::Validator::new()
            .validate_all(&wasm)
            .unwrap_or_else(|e| panic!("test bug: {text}: not valid 3.0: {e}"));
        let dir = TestDir::new("bad-input");
        let input = dir.join("gc.wasm");
        std::fs::write(&input, &wasm).expect("write input");
        let out = wasmc(["validate".as_ref(), input.as_os_str()]);
        assert!(out.status.success(), "{text}: validate: {out:?}");
        let obj = dir.join("gc.o");
        let out = wasmc([
            "build".as_ref(),
            input.as_os_str(),
            "--emit".as_ref(),
            "obj".as_ref(),
            "-o".as_ref(),
            obj.as_os_str(),
        ]);
        assert!(
            out.status.success() && out.stderr_str().is_empty(),
            "{text}: build must compile it: {out:?}"
        );
        assert!(obj.is_file(), "{text}: no object written");
    }
}

/// A module with tag 0 `(param i32)` and one function `(func)` with body
/// `instrs` (legacy exception handling).
fn legacy_module(instrs: &[u8]) -> Vec<u8> {
    let tag = section(13, &vec_of(&[vec![0x00, 0x00]]));
    module(&[
        types(&[(&[0x7f], &[]), (&[], &[])]),
        functions(&[1]),
        tag,
        code(&[instrs]),
    ])
}

/// Malformed and invalid legacy `try` structures are errors with their
/// offset and function, never a panic (the translator scans a function's
/// `try` clauses ahead): a `catch` inside a `loop` inside a `try` (what
/// clang-19 emits when the setjmp runtime shares a unit with its callers),
/// a `rethrow` outside any catch, a `delegate` to a label that does not
/// exist, a `catch` of an unknown tag, a `try` never closed.
#[test]
fn bad_input_legacy_try_structure() {
    let features =
        wasmparser::WasmFeatures::default() | wasmparser::WasmFeatures::LEGACY_EXCEPTIONS;
    let cases: [(&str, &[u8]); 5] = [
        (
            "catch_in_loop",
            &[0x06, 0x40, 0x03, 0x40, 0x07, 0x00, 0x1a, 0x0b, 0x0b],
        ),
        (
            "rethrow_outside_catch",
            &[0x06, 0x40, 0x09, 0x00, 0x07, 0x00, 0x1a, 0x0b],
        ),
        ("delegate_unknown_label", &[0x06, 0x40, 0x18, 0x05]),
        (
            "catch_unknown_tag",
            &[0x06, 0x40, 0x10, 0x00, 0x07, 0x07, 0x0b],
        ),
        ("try_not_closed", &[0x06, 0x40, 0x06, 0x40, 0x19]),
    ];
    for (name, instrs) in cases {
        let m = legacy_module(instrs);
        assert!(
            wasmparser::Validator::new_with_features(features)
                .validate_all(&m)
                .is_err(),
            "test bug: {name} is valid"
        );
        assert_rejected(&format!("{name}.wasm"), &m, Offset::Within, Some(0));
    }
}
