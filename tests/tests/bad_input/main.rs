//! Malformed and invalid modules, bad command lines, and the informational
//! CLI commands.
//!
//! For every bad module both `wasmc build` and `wasmc validate` must:
//! - exit with status 1 (not 101: never a Rust panic, never "panicked"),
//! - print `error: <file>: <reason> (at offset 0x<hex>[, function N])` on
//!   stderr, the offset being present for binary input and within the file,
//! - leave no output file (nor anything else) behind in the output directory.
//!
//! The bad binaries are built byte by byte here; each one is first confirmed
//! to be rejected by `wasmparser` (a precondition, so the suite cannot test
//! wasmc against a module that is actually valid).

use std::path::{Path, PathBuf};
use wasmc_tests::*;

/// WebAssembly 3.0: what wasmc cannot compile yet (GC) and malformed legacy
/// exception handling.
mod wasm3;

// ---------------------------------------------------------------------------
// Binary building blocks

const HEADER: &[u8] = b"\0asm\x01\0\0\0";

fn leb(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn section(id: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![id];
    s.extend(leb(payload.len() as u64));
    s.extend_from_slice(payload);
    s
}

fn module(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut m = HEADER.to_vec();
    for s in sections {
        m.extend_from_slice(s);
    }
    m
}

/// A vector: count, then the items' bytes.
fn vec_of(items: &[Vec<u8>]) -> Vec<u8> {
    let mut v = leb(items.len() as u64);
    for i in items {
        v.extend_from_slice(i);
    }
    v
}

/// Type section with the given function types (params, results as valtype bytes).
fn types(sigs: &[(&[u8], &[u8])]) -> Vec<u8> {
    let items: Vec<Vec<u8>> = sigs
        .iter()
        .map(|(p, r)| {
            let mut t = vec![0x60];
            t.extend(leb(p.len() as u64));
            t.extend_from_slice(p);
            t.extend(leb(r.len() as u64));
            t.extend_from_slice(r);
            t
        })
        .collect();
    section(1, &vec_of(&items))
}

/// Function section: type index of each defined function.
fn functions(type_indices: &[u32]) -> Vec<u8> {
    let items: Vec<Vec<u8>> = type_indices.iter().map(|&t| leb(t as u64)).collect();
    section(3, &vec_of(&items))
}

/// Code section: each body is the instruction bytes without locals and
/// without the final `end` (both added here).
fn code(bodies: &[&[u8]]) -> Vec<u8> {
    let items: Vec<Vec<u8>> = bodies
        .iter()
        .map(|instrs| {
            let mut b = vec![0x00]; // no locals
            b.extend_from_slice(instrs);
            b.push(0x0b);
            let mut sized = leb(b.len() as u64);
            sized.extend(b);
            sized
        })
        .collect();
    section(10, &vec_of(&items))
}

fn export_func(name: &[u8], idx: u32) -> Vec<u8> {
    let mut e = leb(name.len() as u64);
    e.extend_from_slice(name);
    e.push(0x00);
    e.extend(leb(idx as u64));
    e
}

const I32: u8 = 0x7f;

/// A valid module with most section kinds, used for truncation.
fn rich_valid_module() -> Vec<u8> {
    wat::parse_str(source_text("wat/bad_input/rich.wat")).expect("valid wat")
}

/// Byte ranges of the sections of a valid module: (name, start, end).
fn section_ranges(wasm: &[u8]) -> Vec<(String, usize, usize)> {
    let mut v = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.expect("valid module");
        if let Some((id, range)) = payload.as_section() {
            v.push((
                format!("section {id}"),
                range.start as usize,
                range.end as usize,
            ));
        }
    }
    v
}

// ---------------------------------------------------------------------------
// Assertions

/// How the error message's offset is checked.
#[derive(Clone, Copy, Debug)]
enum Offset {
    /// `(at offset 0x..)` must be present and lie within the file.
    Within,
    /// `(at offset 0x..)` must be present with exactly this value.
    Exactly(u64),
    /// No offset requirement (text input, missing files).
    NotRequired,
}

/// Parses `(at offset 0xHEX[, function N])` out of a message line.
fn parse_location(line: &str) -> Option<(u64, Option<u32>)> {
    let start = line.find("(at offset 0x")? + "(at offset 0x".len();
    let rest = &line[start..];
    let hex_len = rest
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(rest.len());
    let offset = u64::from_str_radix(&rest[..hex_len], 16).ok()?;
    let rest = &rest[hex_len..];
    if rest.starts_with(')') {
        Some((offset, None))
    } else {
        let n = rest.strip_prefix(", function ")?;
        let n_len = n.find(|c: char| !c.is_ascii_digit()).unwrap_or(n.len());
        let func = n[..n_len].parse().ok()?;
        n[n_len..].starts_with(')').then_some((offset, Some(func)))
    }
}

/// Asserts the error contract for one wasmc invocation on a bad `input`.
fn check_error(out: &Output, input: &Path, offset: Offset, function: Option<u32>, what: &str) {
    assert_no_panic(out);
    assert_eq!(
        out.code(),
        Some(1),
        "{what}: expected exit status 1, got {}:\n{out:?}",
        out.status_str()
    );
    let stderr = out.stderr_str();
    assert!(
        stderr.starts_with("error: "),
        "{what}: stderr must start with \"error: \":\n{out:?}"
    );
    let line = stderr.lines().next().unwrap_or_default();
    let file = input.display().to_string();
    assert!(
        line.starts_with(&format!("error: {file}: ")),
        "{what}: the first line must be \"error: {file}: <reason> ...\":\n{out:?}"
    );
    let reason = line[format!("error: {file}: ").len()..].trim();
    assert!(
        !reason.is_empty() && !reason.starts_with("(at offset"),
        "{what}: no reason given:\n{out:?}"
    );
    let location = parse_location(line);
    assert!(
        location.is_some() || !line.contains("(at offset"),
        "{what}: malformed location; expected \"(at offset 0x<hex>)\" or \"(at offset 0x<hex>, function N)\":\n{out:?}"
    );
    match offset {
        Offset::NotRequired => {}
        Offset::Within | Offset::Exactly(_) => {
            let Some((at, _)) = location else {
                panic!("{what}: no \"(at offset 0x<hex>)\" / \"(at offset 0x<hex>, function N)\" in the message:\n{out:?}")
            };
            let len = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
            assert!(
                at <= len,
                "{what}: offset {at:#x} is beyond the end of the {len}-byte file:\n{out:?}"
            );
            if let Offset::Exactly(want) = offset {
                assert_eq!(at, want, "{what}: wrong offset in:\n{out:?}");
            }
        }
    }
    if let Some(f) = function {
        assert_eq!(
            location.and_then(|l| l.1),
            Some(f),
            "{what}: the message must name the function: \"(at offset 0x.., function {f})\":\n{out:?}"
        );
    }
}

/// Writes `bytes` to `<dir>/<file_name>` and asserts that both `wasmc
/// build -o <dir>/out/prog` (in both bounds-check modes) and `wasmc validate`
/// reject it per the contract, leaving nothing behind.
fn assert_rejected(file_name: &str, bytes: &[u8], offset: Offset, function: Option<u32>) {
    let dir = TestDir::new("bad-input");
    let input = dir.join(file_name);
    std::fs::write(&input, bytes).expect("write input");
    assert_rejected_path(&dir, &input, offset, function);
}

fn assert_rejected_path(dir: &TestDir, input: &Path, offset: Offset, function: Option<u32>) {
    let before = dir.entries();
    assert_build_rejected_path(dir, input, offset, function);
    let what = format!("wasmc validate {}", input.display());
    let out = wasmc(["validate".as_ref(), input.as_os_str()]);
    check_error(&out, input, offset, function, &what);
    assert_eq!(
        dir.entries(),
        before,
        "wasmc created or removed files next to the input"
    );
}

/// The `wasmc build` half of [`assert_rejected_path`] (both bounds modes).
fn assert_build_rejected_path(dir: &TestDir, input: &Path, offset: Offset, function: Option<u32>) {
    let before = dir.entries();
    let out_dir = dir.subdir("out");
    let output = out_dir.join("prog");
    for mode in BoundsChecks::ALL {
        let what = format!("wasmc build {} --bounds-checks {mode}", input.display());
        let out = wasmc([
            "build".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
            "--bounds-checks".as_ref(),
            mode.as_str().as_ref(),
        ]);
        check_error(&out, input, offset, function, &what);
        assert!(
            !output.exists(),
            "{what}: the output file was created although the build failed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&out_dir).expect("read out dir").collect();
        assert!(
            leftovers.is_empty(),
            "{what}: files left behind in the output directory: {leftovers:?}"
        );
    }
    std::fs::remove_dir(&out_dir).expect("remove empty out dir");
    assert_eq!(
        dir.entries(),
        before,
        "wasmc created or removed files next to the input"
    );
}

/// Precondition: the reference validator rejects these bytes too.
fn reference_rejects(bytes: &[u8]) {
    assert!(
        wasmparser::Validator::new().validate_all(bytes).is_err(),
        "test bug: wasmparser accepts this supposedly bad module: {bytes:02x?}"
    );
}

fn rejected_binary(bytes: Vec<u8>, offset: Offset, function: Option<u32>) {
    reference_rejects(&bytes);
    assert_rejected("bad.wasm", &bytes, offset, function);
}

// ---------------------------------------------------------------------------
// Header and framing

#[test]
fn bad_input_empty_file() {
    rejected_binary(Vec::new(), Offset::Exactly(0), None);
}

#[test]
fn bad_input_bad_magic() {
    rejected_binary(b"\0asn\x01\0\0\0".to_vec(), Offset::Exactly(0), None);
}

/// Text in a `.wasm` file: a `.wasm` input is always read as binary, so the
/// error is the bad magic number at offset 0.
#[test]
fn bad_input_text_file_named_wasm() {
    let bytes = b"this is not a wasm module\n".to_vec();
    reference_rejects(&bytes);
    assert!(
        wat::parse_bytes(&bytes).is_err(),
        "test bug: parses as text"
    );
    assert_rejected("bad.wasm", &bytes, Offset::Exactly(0), None);
}

#[test]
fn bad_input_bad_version() {
    rejected_binary(b"\0asm\x02\0\0\0".to_vec(), Offset::Exactly(4), None);
}

#[test]
fn bad_input_truncated_header() {
    for len in [1, 3, 4, 5, 7] {
        rejected_binary(HEADER[..len].to_vec(), Offset::Within, None);
    }
}

/// A valid module cut at several points inside each of its sections
/// (never at a section boundary, where the prefix would be a valid module).
#[test]
fn bad_input_truncated_module() {
    let wasm = rich_valid_module();
    wasmparser::Validator::new()
        .validate_all(&wasm)
        .expect("the untruncated module is valid");
    let ranges = section_ranges(&wasm);
    assert!(
        ranges.len() >= 7,
        "expected a module with many sections: {ranges:?}"
    );
    let mut cuts = vec![9]; // section id present, size missing
    for (_, start, end) in &ranges {
        let len = end - start;
        cuts.push(start + 1);
        cuts.push(start + len / 2);
        cuts.push(end - 1);
    }
    cuts.push(wasm.len() - 1);
    cuts.sort_unstable();
    cuts.dedup();
    let boundaries: Vec<usize> = ranges.iter().map(|r| r.2).collect();
    for cut in cuts {
        if cut <= 8 || boundaries.contains(&cut) {
            continue;
        }
        let bytes = wasm[..cut].to_vec();
        reference_rejects(&bytes);
        assert_rejected(
            &format!("truncated_{cut}.wasm"),
            &bytes,
            Offset::Within,
            None,
        );
    }
}

#[test]
fn bad_input_section_size_beyond_end() {
    // a type section claiming 0xFFFFFFFF bytes
    let mut m = HEADER.to_vec();
    m.push(1);
    m.extend(leb(0xFFFF_FFFF));
    m.extend([0x01, 0x60, 0x00, 0x00]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_absurd_type_count() {
    // a 5-byte type section whose count is 0xFFFFFFFF: must fail fast, not
    // try to allocate or loop 4 billion times
    let m = module(&[section(1, &leb(0xFFFF_FFFF))]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_absurd_function_count() {
    let m = module(&[types(&[(&[], &[])]), section(3, &leb(0xFFFF_FFFF))]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_absurd_local_count() {
    // a function declaring 0xFFFFFFFF locals of type i32
    let mut body = leb(1);
    body.extend(leb(0xFFFF_FFFF));
    body.push(I32);
    body.push(0x0b);
    let mut sized = leb(body.len() as u64);
    sized.extend(body);
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        section(10, &vec_of(&[sized])),
    ]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_overlong_leb() {
    // type count encoded in 6 bytes (a u32 LEB has at most 5)
    let m = module(&[section(1, &[0x81, 0x80, 0x80, 0x80, 0x80, 0x00])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_unknown_section_id() {
    let m = module(&[types(&[(&[], &[])]), section(0x42, &[0, 0, 0])]);
    rejected_binary(m, Offset::Within, None);
}

// ---------------------------------------------------------------------------
// Module structure

#[test]
fn bad_input_section_out_of_order() {
    // code section before the function section
    let m = module(&[types(&[(&[], &[])]), code(&[&[]]), functions(&[0])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_duplicate_section() {
    let m = module(&[types(&[(&[], &[])]), types(&[(&[], &[])])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_function_and_code_count_mismatch() {
    let m = module(&[types(&[(&[], &[])]), functions(&[0, 0]), code(&[&[]])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_code_without_functions() {
    let m = module(&[types(&[(&[], &[])]), code(&[&[]])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_function_body_size_mismatch() {
    // body size says 10 bytes, only 3 follow in the section
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        section(10, &[1, 10, 0x00, 0x01, 0x0b]),
    ]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_unknown_type_index() {
    let m = module(&[types(&[(&[], &[])]), functions(&[5]), code(&[&[]])]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_duplicate_export_name() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        section(
            7,
            &vec_of(&[export_func(b"dup", 0), export_func(b"dup", 0)]),
        ),
        code(&[&[]]),
    ]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_invalid_utf8_name() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        section(7, &vec_of(&[export_func(b"\xff\xfe", 0)])),
        code(&[&[]]),
    ]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_memory_too_large() {
    // 65537 pages is more than 4 GiB
    let mut mem = vec![0x00];
    mem.extend(leb(65537));
    let m = module(&[section(5, &vec_of(&[mem]))]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_start_function_with_params() {
    let m = module(&[
        types(&[(&[I32], &[])]),
        functions(&[0]),
        section(8, &leb(0)),
        code(&[&[]]),
    ]);
    rejected_binary(m, Offset::Within, None);
}

#[test]
fn bad_input_data_segment_offset_type() {
    // data offset expression is an i64.const for a 32-bit memory
    let mut mem = vec![0x00];
    mem.extend(leb(1));
    let mut seg = vec![0x00, 0x42, 0x00, 0x0b];
    seg.extend(leb(2));
    seg.extend(b"hi");
    let m = module(&[section(5, &vec_of(&[mem])), section(11, &vec_of(&[seg]))]);
    rejected_binary(m, Offset::Within, None);
}

// ---------------------------------------------------------------------------
// Function bodies (the message must name the function)

#[test]
fn bad_input_type_error_in_function_body() {
    // function 1: f32.const 1; f32.const 2; i32.add; drop
    let bad: &[u8] = &[0x43, 0, 0, 0x80, 0x3f, 0x43, 0, 0, 0, 0x40, 0x6a, 0x1a];
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0, 0]),
        code(&[&[0x01], bad]),
    ]);
    rejected_binary(m, Offset::Within, Some(1));
}

#[test]
fn bad_input_wrong_result_type() {
    // function 0 returns i32 but leaves an f32
    let m = module(&[
        types(&[(&[], &[I32])]),
        functions(&[0]),
        code(&[&[0x43, 0, 0, 0, 0]]),
    ]);
    rejected_binary(m, Offset::Within, Some(0));
}

#[test]
fn bad_input_unknown_opcode() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0, 0]),
        code(&[&[0x01], &[0x01, 0xff]]),
    ]);
    rejected_binary(m, Offset::Within, Some(1));
}

#[test]
fn bad_input_call_to_undefined_function() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        code(&[&[0x10, 0x05]]),
    ]);
    rejected_binary(m, Offset::Within, Some(0));
}

#[test]
fn bad_input_branch_depth_out_of_range() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        code(&[&[0x0c, 0x03]]),
    ]);
    rejected_binary(m, Offset::Within, Some(0));
}

#[test]
fn bad_input_missing_end() {
    // a body that ends without the final `end`
    let body = [0x00, 0x01]; // no locals, nop
    let mut sized = leb(body.len() as u64);
    sized.extend(body);
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        section(10, &vec_of(&[sized])),
    ]);
    rejected_binary(m, Offset::Within, Some(0));
}

#[test]
fn bad_input_memory_access_without_memory() {
    let m = module(&[
        types(&[(&[], &[])]),
        functions(&[0]),
        code(&[&[0x41, 0x00, 0x28, 0x02, 0x00, 0x1a]]),
    ]);
    rejected_binary(m, Offset::Within, Some(0));
}

// ---------------------------------------------------------------------------
// Text input

fn rejected_wat(text: &str) {
    assert_rejected("bad.wat", text.as_bytes(), Offset::NotRequired, None);
}

/// Precondition for syntax errors: the reference parser (`wat`) fails too.
fn wat_syntax_error(text: &str) {
    assert!(
        wat::parse_str(text).is_err(),
        "test bug: this text parses: {text:?}"
    );
    rejected_wat(text);
}

#[test]
fn bad_input_wat_type_error() {
    // parses fine, fails validation: i32.add applied to f32 operands in function 1
    let text =
        "(module\n  (func $ok)\n  (func $bad (drop (i32.add (f32.const 1) (f32.const 2)))))\n";
    let wasm = wat::parse_str(text).expect("syntactically valid");
    reference_rejects(&wasm);
    // (the offset of a text module refers to its binary encoding, so neither
    // it nor the function index is required here)
    rejected_wat(text);
}

#[test]
fn bad_input_wat_syntax_error_unbalanced() {
    wat_syntax_error("(module\n  (func $f (result i32)\n    (i32.const 1)\n");
}

#[test]
fn bad_input_wat_unknown_instruction() {
    wat_syntax_error("(module (func (i32.frobnicate)))\n");
}

#[test]
fn bad_input_wat_undefined_label() {
    wat_syntax_error("(module (func (call $nowhere)))\n");
}

#[test]
fn bad_input_wat_empty_file() {
    wat_syntax_error("");
}

#[test]
fn bad_input_binary_garbage_named_wat() {
    assert_rejected(
        "garbage.wat",
        &[0xff, 0xfe, 0x00, 0x01, 0x80, 0x7f],
        Offset::NotRequired,
        None,
    );
}

// ---------------------------------------------------------------------------
// Files and command lines

#[test]
fn bad_input_missing_input_file() {
    let dir = TestDir::new("missing");
    let input = dir.join("does_not_exist.wasm");
    assert_rejected_path(&dir, &input, Offset::NotRequired, None);
}

#[test]
fn bad_input_directory_as_input() {
    let dir = TestDir::new("dir-input");
    let input = dir.subdir("a_directory.wasm");
    assert_rejected_path(&dir, &input, Offset::NotRequired, None);
}

fn valid_program(dir: &TestDir) -> PathBuf {
    copy_source("wat/bad_input/exit7.wat", &dir.join("ok.wat"))
}

#[test]
fn bad_input_unknown_bounds_check_mode() {
    let dir = TestDir::new("bad-mode");
    let input = valid_program(&dir);
    let output = dir.join("prog");
    let out = wasmc([
        "build".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
        "--bounds-checks".as_ref(),
        "sometimes".as_ref(),
    ]);
    assert_no_panic(&out);
    assert_ne!(
        out.code(),
        Some(0),
        "an unknown --bounds-checks value must be rejected:\n{out:?}"
    );
    assert!(
        out.stderr_str().contains("sometimes"),
        "the message should name the bad value:\n{out:?}"
    );
    assert!(
        !output.exists(),
        "no output may be created on a usage error"
    );
}

#[test]
fn bad_input_unknown_opt_level() {
    let dir = TestDir::new("bad-opt");
    let input = valid_program(&dir);
    let output = dir.join("prog");
    let out = wasmc([
        "build".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
        "-O".as_ref(),
        "7".as_ref(),
    ]);
    assert_no_panic(&out);
    assert_ne!(out.code(), Some(0), "-O 7 must be rejected:\n{out:?}");
    assert!(
        !output.exists(),
        "no output may be created on a usage error"
    );
}

/// A function that fails late, after hundreds before it compiled (and were
/// already placed in the object, which is streamed to its file): `--emit
/// obj` and `build` (executable), on one and two threads, leave no output
/// file and nothing else in the output directory.
#[test]
fn bad_input_no_partial_output_when_a_late_function_fails() {
    let dir = TestDir::new("bad-late-func");
    let mut wat = String::from("(module\n");
    for i in 0..400 {
        wat.push_str(&format!(
            "  (func (export \"f{i}\") (param i32) (result i32) local.get 0 i32.const {i} i32.add)\n"
        ));
    }
    // Function 400 returns an i64 where an i32 is declared.
    wat.push_str("  (func (result i32) i64.const 0)\n)\n");
    let input = dir.join("late.wat");
    std::fs::write(&input, wat).expect("write module");
    let out_dir = dir.subdir("out");
    for (emit, name) in [(Some("obj"), "late.o"), (None, "late")] {
        for jobs in ["1", "2"] {
            let output = out_dir.join(name);
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "build".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                output.as_os_str(),
                "-j".as_ref(),
                jobs.as_ref(),
            ];
            if let Some(e) = emit {
                args.extend([std::ffi::OsStr::new("--emit"), e.as_ref()]);
            }
            let what = format!("build --emit {emit:?} -j {jobs}");
            let out = wasmc(args);
            assert_no_panic(&out);
            assert_eq!(out.code(), Some(1), "{what}: {out:?}");
            assert!(
                out.stderr_str().contains("function 400"),
                "{what}: the error should name function 400:\n{out:?}"
            );
            assert!(!output.exists(), "{what}: partial output left");
            let leftovers: Vec<_> = std::fs::read_dir(&out_dir).expect("read out dir").collect();
            assert!(
                leftovers.is_empty(),
                "{what}: files left behind in the output directory: {leftovers:?}"
            );
        }
    }
}

/// An invalid function that is an inlining candidate (small, called
/// directly) fails in `-O2`'s first phase, before the others are compiled;
/// the error still names the lowest invalid function, as at `-O0` and
/// with `--no-inline`, on one and two threads, and leaves no output.
#[test]
fn bad_input_invalid_inlining_candidate() {
    let dir = TestDir::new("bad-inline-candidate");
    // function 0 calls function 2 (small: a candidate); function 1 is
    // called by no one (not a candidate). Both 1 and 2 are invalid, or
    // only 2.
    let body1_bad = "(func (result i32) i64.const 1)";
    let body1_ok = "(func (result i32) i32.const 1)";
    for (body1, want) in [(body1_bad, "function 1"), (body1_ok, "function 2")] {
        let wat = format!(
            "(module\n  (func (export \"f\") (result i32) call 2)\n  {body1}\n  \
             (func (result i32) f32.const 0)\n)\n"
        );
        let input = dir.join("m.wat");
        std::fs::write(&input, wat).expect("write module");
        let output = dir.join("m.o");
        for flags in [&["-O", "2"][..], &["-O", "0"][..], &["--no-inline"][..]] {
            for jobs in ["1", "2"] {
                assert_obj_build_fails(&input, &output, jobs, flags, want);
            }
        }
    }
}

/// `--max-gc-heap` takes a size (bytes, K, M, G): anything else, or a size
/// that overflows 64 bits, is a usage error naming the value and the
/// accepted forms, for `build` and `run` alike, with no output file.
#[test]
fn bad_input_bad_gc_heap_size() {
    let dir = TestDir::new("bad-gc-heap");
    let input = valid_program(&dir);
    let output = dir.join("prog");
    for bad in ["banana", "12X", "1.5G", "99999999999G"] {
        for cmd in ["build", "run"] {
            // `run` hands what follows the module to the program, so the
            // option goes first.
            let mut args: Vec<&std::ffi::OsStr> = vec![
                cmd.as_ref(),
                "--max-gc-heap".as_ref(),
                bad.as_ref(),
                input.as_os_str(),
            ];
            if cmd == "build" {
                args.extend([std::ffi::OsStr::new("-o"), output.as_os_str()]);
            }
            let out = wasmc(args);
            assert_no_panic(&out);
            assert_eq!(out.code(), Some(2), "{cmd} --max-gc-heap {bad}:\n{out:?}");
            let err = out.stderr_str();
            assert!(
                err.contains(bad) && err.contains("64K"),
                "{cmd} --max-gc-heap {bad}: the message should name the value and the accepted forms:\n{out:?}"
            );
            assert!(
                !output.exists(),
                "no output may be created on a usage error"
            );
        }
    }
}

#[test]
fn bad_input_no_arguments() {
    let out = wasmc(Vec::<&str>::new());
    assert_no_panic(&out);
    assert_ne!(
        out.code(),
        Some(0),
        "wasmc without a command must fail:\n{out:?}"
    );
}

#[test]
fn bad_input_unknown_command() {
    let out = wasmc(["frobnicate"]);
    assert_no_panic(&out);
    assert_ne!(
        out.code(),
        Some(0),
        "an unknown command must fail:\n{out:?}"
    );
}

#[test]
fn bad_input_build_without_input() {
    let out = wasmc(["build"]);
    assert_no_panic(&out);
    assert_ne!(
        out.code(),
        Some(0),
        "build without INPUT must fail:\n{out:?}"
    );
}

// ---------------------------------------------------------------------------
// validate on good input, --help, --version

#[test]
fn cli_validate_accepts_valid_wat() {
    let dir = TestDir::new("validate-ok");
    let input = valid_program(&dir);
    let before = dir.entries();
    let out = wasmc(["validate".as_ref(), input.as_os_str()]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(0),
        "validate of a valid module must exit 0:\n{out:?}"
    );
    assert!(
        !out.stderr_str().contains("error"),
        "no error expected:\n{out:?}"
    );
    assert_eq!(dir.entries(), before, "validate must not create files");
}

#[test]
fn cli_validate_accepts_valid_wasm() {
    let dir = TestDir::new("validate-ok");
    let input = dir.join("rich.wasm");
    std::fs::write(&input, rich_valid_module()).expect("write");
    let out = wasmc(["validate".as_ref(), input.as_os_str()]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(0),
        "validate of a valid module must exit 0:\n{out:?}"
    );
}

#[test]
fn cli_validate_accepts_clang_output() {
    let dir = TestDir::new("validate-clang");
    let wasm = dir.join("printf_ints.wasm");
    compile_c_wasm(&tests_dir().join("c/printf_ints.c"), &wasm, &[]);
    let out = wasmc(["validate".as_ref(), wasm.as_os_str()]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(0),
        "validate of clang's output must exit 0:\n{out:?}"
    );
}

#[test]
fn cli_help() {
    let out = wasmc(["--help"]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(0), "--help must exit 0:\n{out:?}");
    let text = out.stdout_str();
    assert!(
        text.contains("build"),
        "--help must mention the build command:\n{out:?}"
    );
    assert!(
        text.contains("validate"),
        "--help must mention the validate command:\n{out:?}"
    );
}

#[test]
fn cli_build_help() {
    let out = wasmc(["build", "--help"]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(0), "build --help must exit 0:\n{out:?}");
    let text = out.stdout_str();
    for opt in ["--bounds-checks", "-o", "-O", "--emit"] {
        assert!(
            text.contains(opt),
            "build --help must mention {opt}:\n{out:?}"
        );
    }
}

#[test]
fn cli_version() {
    let out = wasmc(["--version"]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(0), "--version must exit 0:\n{out:?}");
    let text = out.stdout_str();
    assert!(
        text.contains(env!("CARGO_PKG_VERSION")),
        "--version must print the workspace version {}:\n{out:?}",
        env!("CARGO_PKG_VERSION")
    );
}

#[test]
fn location_parser_self_test() {
    assert_eq!(
        parse_location("error: f.wasm: bad (at offset 0x1f)"),
        Some((0x1f, None))
    );
    assert_eq!(
        parse_location("error: f.wasm: bad (at offset 0xA0, function 3)"),
        Some((0xa0, Some(3)))
    );
    assert_eq!(parse_location("error: f.wasm: bad (at offset 12)"), None);
    assert_eq!(
        parse_location("error: f.wasm: bad (at offset 0x12, func 3)"),
        None
    );
    assert_eq!(parse_location("error: f.wasm: bad"), None);
}

/// Multi-versioned builds (the x86-64 default, `--multiversion all`, and a
/// named `--cpu A+B`) of a module whose invalid function has loops (the hot
/// scan reads it before validation): exit 1 naming the function, no panic,
/// no output, on one or two threads.
#[test]
fn bad_input_invalid_loop_function_multiversioned() {
    let dir = TestDir::new("bad-multiversion");
    let wat = "(module\n  (func (export \"f\") (result i32) call 1)\n  \
               (func (result i32) (loop (loop (br 1))) i64.const 1)\n)\n";
    let input = dir.join("m.wat");
    std::fs::write(&input, wat).expect("write module");
    let output = dir.join("m.o");
    let x86 = ["--target", "x86_64-unknown-linux-gnu"];
    for flags in [
        &[][..],
        &["--multiversion", "all"][..],
        &["--cpu", "baseline+x86-64-v3", "--no-inline"][..],
    ] {
        let flags: Vec<&str> = x86.iter().chain(flags).copied().collect();
        for jobs in ["1", "2"] {
            assert_obj_build_fails(&input, &output, jobs, &flags, "function 1");
        }
    }
}

/// Functions not named outside the bodies take the direct-only signature
/// (`ModuleEnv::direct_only`), which is sound only because validation
/// refuses `ref.func` of an undeclared function: such a module is an error
/// naming the function and the offset, never compiled.
#[test]
fn bad_input_undeclared_ref_func_is_refused() {
    let dir = TestDir::new("bad-undeclared-ref-func");
    let input = dir.join("m.wat");
    std::fs::write(
        &input,
        "(module\n  (func $g (result funcref) ref.func $h)\n  (func $h)\n)\n",
    )
    .expect("write module");
    let output = dir.join("m.o");
    for want in [
        "undeclared function reference",
        "at offset 0x1c, function 0",
    ] {
        assert_obj_build_fails(&input, &output, "1", &[], want);
    }
}

/// `wasmc build INPUT --emit obj -o OUTPUT -j JOBS FLAGS...` must exit 1
/// without a panic, name `want` in its error and leave no output file.
fn assert_obj_build_fails(input: &Path, output: &Path, jobs: &str, flags: &[&str], want: &str) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        input.as_os_str(),
        "--emit".as_ref(),
        "obj".as_ref(),
        "-o".as_ref(),
        output.as_os_str(),
        "-j".as_ref(),
        jobs.as_ref(),
    ];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    let what = format!("{want}: build {flags:?} -j {jobs}");
    let out = wasmc(args);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(1), "{what}: {out:?}");
    assert!(
        out.stderr_str().contains(want),
        "{what}: the error should name {want}:\n{out:?}"
    );
    assert!(!output.exists(), "{what}: partial output left");
}

/// The inliner's cold-site analysis (`compiler/src/emit/cold_sites.rs`)
/// reads the operators of every body before validation: a `_start` that
/// calls function 1 once outside any loop makes 1 a function that runs
/// once, and 1's body is hostile (a `delegate` with no `try`, `end`s
/// after the body's end, and finally an opcode that does not decode).
/// The build fails naming function 1, no panic, no output, at `-O2` and
/// `-O0`, on one or two threads.
#[test]
fn bad_input_hostile_body_in_a_function_that_runs_once() {
    let dir = TestDir::new("bad-cold-sites");
    let bytes = module(&[
        types(&[(&[], &[])]),
        functions(&[0, 0]),
        section(7, &vec_of(&[export_func(b"_start", 0)])),
        code(&[
            &[0x10, 0x01],                                     // call 1
            &[0x03, 0x40, 0x18, 0x00, 0x0b, 0x0b, 0x0b, 0xff], // loop; delegate 0; end x3; 0xff
        ]),
    ]);
    reference_rejects(&bytes);
    let input = dir.join("m.wasm");
    std::fs::write(&input, &bytes).expect("write module");
    let output = dir.join("m.o");
    for flags in [&["-O", "2"][..], &["-O", "0"][..]] {
        for jobs in ["1", "2"] {
            assert_obj_build_fails(&input, &output, jobs, flags, "function 1");
        }
    }
}
