//! Bad input specific to WebAssembly 3.0: valid modules that need GC (not
//! implemented yet: `validate` accepts them, `build` says "unsupported"), and
//! malformed or invalid legacy exception handling.

use super::*;

/// GC (issue 11) is not implemented yet: the validator runs with wasmparser's
/// GC feature (3.0 ties `global.get` of a defined global in constant
/// expressions to it). `wasmc validate` accepts such modules (they are valid
/// 3.0); `wasmc build` rejects what GC adds, as "unsupported ... needs GC" at
/// the offset of the type or operator (with the function for code), with
/// exit status 1 and nothing written.
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
fn bad_input_gc_struct_type_not_supported() {
    let m = module(&[section(1, &[1, 0x5f, 0x00])]);
    assert_gc_unsupported(&m, "a struct type", Offset::Exactly(0xb), None);
}

#[test]
fn bad_input_gc_types_not_supported() {
    let cases: &[(&str, &str, Option<u32>)] = &[
        ("(module (global anyref (ref.null any)))", "anyref", None),
        ("(module (table 1 eqref))", "eqref", None),
        ("(module (type (array i8)))", "an array type", None),
        ("(module (type (sub (func))))", "a subtype declaration", None),
        (
            "(module (rec (type (func)) (type (func))))",
            "a recursion group of several types",
            None,
        ),
        (
            "(module (type $t (func (param (ref null $t)))))",
            "a recursive type",
            None,
        ),
        ("(module (func (local i31ref)))", "i31ref", Some(0)),
        ("(module (func (drop (ref.null none))))", "nullref", Some(0)),
        (
            "(module (func (result i32) (ref.is_null (ref.null noextern))))",
            "nullexternref",
            Some(0),
        ),
        (
            "(module (func (param externref) (drop (any.convert_extern (local.get 0)))))",
            "the GC instruction AnyConvertExtern",
            Some(0),
        ),
        (
            "(module (func (result i32) (block (result structref) (ref.null struct)) (ref.is_null)))",
            "structref",
            Some(0),
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
