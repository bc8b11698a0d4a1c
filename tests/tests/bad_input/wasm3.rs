//! Bad input specific to WebAssembly 3.0: valid modules that need GC heap
//! objects (not implemented yet: `validate` accepts them, `build` says
//! "unsupported"), and malformed or invalid legacy exception handling.

use super::*;

/// GC heap objects (issue 11) are not implemented yet: the GC type system,
/// i31 and casts compile, the struct and array instructions do not.
/// `wasmc validate` accepts such modules (they are valid 3.0); `wasmc build`
/// rejects them, as "unsupported ... needs GC" at the offset of the
/// operator (with the function for code), with exit status 1 and nothing
/// written.
fn assert_gc_unsupported(wasm: &[u8], what: &str, offset: Offset, func: Option<u32>) {
    wasmparser::Validator::new()
        .validate_all(wasm)
        .unwrap_or_else(|e| panic!("test bug: {what}: not valid 3.0: {e}"));
    let dir = TestDir::new("bad-input");
    let input = dir.join("gc.wasm");
    std::fs::write(&input, wasm).expect("write input");
    let out = wasmc(["validate".as_ref(), input.as_os_str()]);
    assert!(
        out.status.success(),
        "{what}: valid 3.0, validate must accept it: {out:?}"
    );
    let out_dir = dir.subdir("o");
    let out = wasmc([
        "build".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out_dir.join("p").as_os_str(),
    ]);
    let err = out.stderr_str();
    assert!(
        err.contains("unsupported: ") && err.contains(what) && err.contains("needs GC"),
        "{what}: expected \"unsupported: ... {what} ... needs GC\":\n{out:?}"
    );
    std::fs::remove_dir(&out_dir).expect("remove empty out dir");
    assert_build_rejected_path(&dir, &input, offset, func);
}

#[test]
fn bad_input_gc_heap_instructions_not_supported() {
    let cases: &[(&str, &str, Option<u32>)] = &[
        (
            "(module (type $s (struct)) (func (drop (struct.new $s))))",
            "the GC instruction StructNew",
            Some(0),
        ),
        (
            "(module (type $s (struct (field i32))) (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))",
            "the GC instruction StructGet",
            Some(0),
        ),
        (
            "(module (type $a (array i8)) (func (result i32) (array.len (array.new_default $a (i32.const 1)))))",
            "the GC instruction ArrayNewDefault",
            Some(0),
        ),
        (
            "(module (func (param arrayref) (result i32) (array.len (local.get 0))))",
            "the GC instruction ArrayLen",
            Some(0),
        ),
        // In constant expressions (globals, element segments).
        (
            "(module (type $s (struct)) (global (ref $s) (struct.new $s)))",
            "the GC instruction StructNew",
            None,
        ),
        (
            "(module (type $a (array i8)) (elem arrayref (item (array.new_fixed $a 0))))",
            "the GC instruction ArrayNewFixed",
            None,
        ),
    ];
    for (text, what, func) in cases {
        let wasm = wat::parse_str(text).expect("valid text");
        assert_gc_unsupported(&wasm, what, Offset::Within, *func);
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
