//! C++ programs with exceptions and C programs with setjmp/longjmp
//! (`tests/cxx/`), built for wasm32-wasi with a real toolchain (zig's clang
//! 22 and libc++, plus the EH support of `tests/src/cxx.rs`), in BOTH wasm
//! exception encodings, then with `wasmc build` in both bounds-check modes
//! and run. Their stdout and exit status are compared with the same source
//! compiled natively (clang++ with libstdc++, or clang); where wasm and
//! native necessarily differ (std::terminate) the list says how.
//!
//! THE LIST below is the single place that says what each program does.
//! Each entry generates four tests, `cxx_<name>_{exnref,legacy}_{guard,explicit}`.

use std::path::Path;

use wasmc_tests::Status::{Abort, Code, Trap};
use wasmc_tests::*;

/// One program of `tests/cxx/` and how it ends.
struct CxxProgram {
    name: &'static str,
    /// The source in `tests/cxx/` (`.cpp`: C++ with exceptions; `.c`: C with
    /// setjmp/longjmp).
    file: &'static str,
    args: &'static [&'static str],
    /// How the wasm build ends (the native build must end as `native`).
    wasm: Status,
    native: Status,
    /// Text the wasm build's stderr must contain.
    wasm_stderr: &'static str,
    /// Text the native build's stderr must contain (checks the expectation).
    native_stderr: &'static str,
    /// Compare stdout with the native build's (false only for a known
    /// limit, with the reason in the program's header).
    same_stdout: bool,
}

impl CxxProgram {
    const DEFAULT: CxxProgram = CxxProgram {
        name: "",
        file: "",
        args: &[],
        wasm: Code(0),
        native: Code(0),
        wasm_stderr: "",
        native_stderr: "",
        same_stdout: true,
    };
}

macro_rules! cxx_programs {
    ($( $name:ident ($eg:ident, $ee:ident, $lg:ident, $le:ident) { $($field:ident : $value:expr),* $(,)? } )*) => {
        /// Every program with its expectation.
        const PROGRAMS: &[CxxProgram] = &[
            $( CxxProgram { name: stringify!($name), $($field: $value,)* ..CxxProgram::DEFAULT }, )*
        ];
        $(
            const _: () = assert!(
                is_test_name(stringify!($eg), "cxx_", stringify!($name), "_exnref_guard")
                    && is_test_name(stringify!($ee), "cxx_", stringify!($name), "_exnref_explicit")
                    && is_test_name(stringify!($lg), "cxx_", stringify!($name), "_legacy_guard")
                    && is_test_name(stringify!($le), "cxx_", stringify!($name), "_legacy_explicit"),
                concat!("test names for ", stringify!($name), " must be cxx_<name>_<encoding>_<mode>")
            );
            #[test]
            fn $eg() {
                run_cxx_program(program(stringify!($name)), EhEncoding::Exnref, BoundsChecks::Guard);
            }
            #[test]
            fn $ee() {
                run_cxx_program(program(stringify!($name)), EhEncoding::Exnref, BoundsChecks::Explicit);
            }
            #[test]
            fn $lg() {
                run_cxx_program(program(stringify!($name)), EhEncoding::Legacy, BoundsChecks::Guard);
            }
            #[test]
            fn $le() {
                run_cxx_program(program(stringify!($name)), EhEncoding::Legacy, BoundsChecks::Explicit);
            }
        )*
    };
}

fn program(name: &str) -> &'static CxxProgram {
    PROGRAMS
        .iter()
        .find(|p| p.name == name)
        .expect("program is in the list")
}

cxx_programs! {
    deep_throw (cxx_deep_throw_exnref_guard, cxx_deep_throw_exnref_explicit,
        cxx_deep_throw_legacy_guard, cxx_deep_throw_legacy_explicit) { file: "deep_throw.cpp" }
    catch_by_type (cxx_catch_by_type_exnref_guard, cxx_catch_by_type_exnref_explicit,
        cxx_catch_by_type_legacy_guard, cxx_catch_by_type_legacy_explicit) { file: "catch_by_type.cpp" }
    raii_unwind (cxx_raii_unwind_exnref_guard, cxx_raii_unwind_exnref_explicit,
        cxx_raii_unwind_legacy_guard, cxx_raii_unwind_legacy_explicit) { file: "raii_unwind.cpp" }
    rethrow (cxx_rethrow_exnref_guard, cxx_rethrow_exnref_explicit,
        cxx_rethrow_legacy_guard, cxx_rethrow_legacy_explicit) { file: "rethrow.cpp" }
    indirect_throw (cxx_indirect_throw_exnref_guard, cxx_indirect_throw_exnref_explicit,
        cxx_indirect_throw_legacy_guard, cxx_indirect_throw_legacy_explicit) { file: "indirect_throw.cpp" }
    array_ctor (cxx_array_ctor_exnref_guard, cxx_array_ctor_exnref_explicit,
        cxx_array_ctor_legacy_guard, cxx_array_ctor_legacy_explicit) { file: "array_ctor.cpp" }
    throw_loop (cxx_throw_loop_exnref_guard, cxx_throw_loop_exnref_explicit,
        cxx_throw_loop_legacy_guard, cxx_throw_loop_legacy_explicit) { file: "throw_loop.cpp" }
    libcxx_throws (cxx_libcxx_throws_exnref_guard, cxx_libcxx_throws_exnref_explicit,
        cxx_libcxx_throws_legacy_guard, cxx_libcxx_throws_legacy_explicit) { file: "libcxx_throws.cpp" }
    no_throw (cxx_no_throw_exnref_guard, cxx_no_throw_exnref_explicit,
        cxx_no_throw_legacy_guard, cxx_no_throw_legacy_explicit) { file: "no_throw.cpp" }
    // Natively the runtime calls std::terminate; in wasm the exception
    // leaves the module's entry point and wasmc reports it as a trap.
    terminate_uncaught (cxx_terminate_uncaught_exnref_guard, cxx_terminate_uncaught_exnref_explicit,
        cxx_terminate_uncaught_legacy_guard, cxx_terminate_uncaught_legacy_explicit) {
        file: "terminate_uncaught.cpp",
        wasm: Trap("uncaught exception"),
        native: Abort,
        native_stderr: "terminate called after throwing an instance of 'std::runtime_error'",
    }
    // Both end in abort(); the messages are libc++abi's and libstdc++'s.
    // libc++abi cannot name the exception in wasm: clang's terminate pad
    // there is a `catch_all` that calls std::terminate without
    // __cxa_begin_catch, so the handler sees no caught exception.
    terminate_noexcept (cxx_terminate_noexcept_exnref_guard, cxx_terminate_noexcept_exnref_explicit,
        cxx_terminate_noexcept_legacy_guard, cxx_terminate_noexcept_legacy_explicit) {
        file: "terminate_noexcept.cpp",
        wasm: Abort,
        native: Abort,
        wasm_stderr: "libc++abi: terminating\n",
        native_stderr: "terminate called after throwing an instance of 'std::logic_error'",
    }
    terminate_handler (cxx_terminate_handler_exnref_guard, cxx_terminate_handler_exnref_explicit,
        cxx_terminate_handler_legacy_guard, cxx_terminate_handler_legacy_explicit) {
        file: "terminate_noexcept.cpp",
        args: &["set_terminate"],
        wasm: Abort,
        native: Abort,
    }
    // Known limit: libc++.a is built without exceptions (see the source).
    libcxx_internal_throw (cxx_libcxx_internal_throw_exnref_guard, cxx_libcxx_internal_throw_exnref_explicit,
        cxx_libcxx_internal_throw_legacy_guard, cxx_libcxx_internal_throw_legacy_explicit) {
        file: "libcxx_internal_throw.cpp",
        wasm: Abort,
        wasm_stderr: "ios_base::failure was thrown in -fno-exceptions mode",
        same_stdout: false,
    }
    sjlj (cxx_sjlj_exnref_guard, cxx_sjlj_exnref_explicit,
        cxx_sjlj_legacy_guard, cxx_sjlj_legacy_explicit) { file: "sjlj.c" }
}

fn run_cxx_program(p: &CxxProgram, enc: EhEncoding, mode: BoundsChecks) {
    let what = format!("cxx/{} ({enc} exceptions, {mode})", p.file);
    let dir = TestDir::new(&format!("cxx-{}-{enc}-{mode}", p.name));
    let src = copy_source(&format!("cxx/{}", p.file), &dir.join(p.file));
    let wasm = dir.join(format!("{}.wasm", p.name));
    compile_eh_wasm(&src, &wasm, enc);
    let exe = dir.join(format!("{}.wasmc", p.name));

    assert_encoding(&wasm, enc, &what);
    build_executable(&wasm, &exe, mode, &[]);
    let opts = RunOpts::args(p.args);
    let out = run(&exe, &opts);
    check_wasm_status(&out, p.wasm, &what);
    assert!(
        out.stderr_str().contains(p.wasm_stderr),
        "{what}: stderr does not contain {:?}:\n{out:?}",
        p.wasm_stderr
    );

    let native = dir.join(format!("{}.native", p.name));
    compile_eh_native(&src, &native);
    let nout = run(&native, &opts);
    check_native_status(&nout, p.native, &what);
    assert!(
        nout.stderr_str().contains(p.native_stderr),
        "{what}: the NATIVE build's stderr does not contain {:?}:\n{nout:?}",
        p.native_stderr
    );
    if p.same_stdout {
        assert_same_stdout(&nout.stdout, &out.stdout, &what);
    }
}

/// The module really is in encoding `enc`: no instruction of the other one.
fn assert_encoding(wasm: &Path, enc: EhEncoding, what: &str) {
    use wasmparser::{Operator, Parser, Payload};
    let bytes = std::fs::read(wasm).expect("read wasm");
    for payload in Parser::new(0).parse_all(&bytes) {
        let Payload::CodeSectionEntry(body) = payload.expect("parse") else {
            continue;
        };
        let mut ops = body.get_operators_reader().expect("operators");
        while !ops.eof() {
            let op = ops.read().expect("operator");
            let legacy = matches!(
                op,
                Operator::Try { .. }
                    | Operator::Catch { .. }
                    | Operator::CatchAll
                    | Operator::Delegate { .. }
                    | Operator::Rethrow { .. }
            );
            let exnref = matches!(op, Operator::TryTable { .. } | Operator::ThrowRef);
            assert!(
                !(legacy && enc == EhEncoding::Exnref || exnref && enc == EhEncoding::Legacy),
                "{what}: {op:?} does not belong to the {enc} encoding"
            );
        }
    }
}

/// Every source in `tests/cxx/` is run by some entry.
#[test]
fn cxx_every_program_is_listed() {
    let mut files: Vec<String> = std::fs::read_dir(tests_dir().join("cxx"))
        .expect("tests/cxx")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".cpp") || n.ends_with(".c"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = PROGRAMS.iter().map(|p| p.file.to_owned()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(
        files, listed,
        "tests/cxx/ and the list in cxx_programs.rs disagree"
    );
}
