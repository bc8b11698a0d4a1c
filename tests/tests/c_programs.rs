//! C programs under `tests/c/`, compiled with clang to wasm32-wasi, built with
//! `wasmc build` in both bounds-check modes and run; their behaviour is
//! compared with the same program compiled natively (or with a literal
//! expectation where native behaviour necessarily differs).
//!
//! THE LIST below is the single place that says what each program is
//! expected to do. Each entry `name (guard_test, explicit_test) { ... }`
//! generates the two tests `c_<name>_guard` and `c_<name>_explicit` (a
//! compile-time check keeps the names consistent); fields not given take
//! their value from `CProgram::DEFAULT` (no args, empty stdin, same output
//! as native with exit status 0).

use wasmc_tests::Status::{Abort, Code, Trap};
use wasmc_tests::*;

macro_rules! c_programs {
    ($( $name:ident ($guard:ident, $explicit:ident) { $($field:ident : $value:expr),* $(,)? } )*) => {
        /// Every program with its expectation.
        #[allow(clippy::needless_update, reason = "some entries give every field")]
        const PROGRAMS: &[CProgram] = &[
            $( CProgram { name: stringify!($name), $($field: $value,)* ..CProgram::DEFAULT }, )*
        ];
        $(
            const _: () = assert!(
                is_test_name(stringify!($guard), "c_", stringify!($name), "_guard")
                    && is_test_name(stringify!($explicit), "c_", stringify!($name), "_explicit"),
                concat!("test names for ", stringify!($name), " must be c_<name>_guard, c_<name>_explicit")
            );
            #[test]
            fn $guard() {
                run_c_program(program(stringify!($name)), BoundsChecks::Guard);
            }
            #[test]
            fn $explicit() {
                run_c_program(program(stringify!($name)), BoundsChecks::Explicit);
            }
        )*
    };
}

fn program(name: &str) -> &'static CProgram {
    PROGRAMS
        .iter()
        .find(|p| p.name == name)
        .expect("program is in the list")
}

c_programs! {
    // --- formatting ---
    printf_ints (c_printf_ints_guard, c_printf_ints_explicit) {}
    printf_floats (c_printf_floats_guard, c_printf_floats_explicit) {}
    sprintf_roundtrip (c_sprintf_roundtrip_guard, c_sprintf_roundtrip_explicit) {}
    strconv (c_strconv_guard, c_strconv_explicit) {}

    // --- memory allocation ---
    malloc_stress (c_malloc_stress_guard, c_malloc_stress_explicit) {}
    malloc_big (c_malloc_big_guard, c_malloc_big_explicit) {}

    // --- library and language features ---
    qsort_bsearch (c_qsort_bsearch_guard, c_qsort_bsearch_explicit) {}
    func_ptrs (c_func_ptrs_guard, c_func_ptrs_explicit) {}
    strings (c_strings_guard, c_strings_explicit) {}
    libm_exact (c_libm_exact_guard, c_libm_exact_explicit) {}
    libm_transcendental (c_libm_transcendental_guard, c_libm_transcendental_explicit) {}
    int64 (c_int64_guard, c_int64_explicit) {}
    int128 (c_int128_guard, c_int128_explicit) {}
    recursion (c_recursion_guard, c_recursion_explicit) {}
    structs (c_structs_guard, c_structs_explicit) {}
    varargs (c_varargs_guard, c_varargs_explicit) {}
    switch_table (c_switch_table_guard, c_switch_table_explicit) {}
    float_edge (c_float_edge_guard, c_float_edge_explicit) {}
    bitops (c_bitops_guard, c_bitops_explicit) {}

    // --- small applications ---
    vm (c_vm_guard, c_vm_explicit) {}
    hashtable (c_hashtable_guard, c_hashtable_explicit) {}
    sorting (c_sorting_guard, c_sorting_explicit) {}
    matmul (c_matmul_guard, c_matmul_explicit) {}
    crc_sha (c_crc_sha_guard, c_crc_sha_explicit) {}
    bignum (c_bignum_guard, c_bignum_explicit) {}

    // --- process interface: exit status, argv, stdio, environment, clocks ---
    exit_return (c_exit_return_guard, c_exit_return_explicit) {
        expect: Expect::SameAsNative(Code(42)),
    }
    exit_call (c_exit_call_guard, c_exit_call_explicit) {
        expect: Expect::SameAsNative(Code(3)),
    }
    argv (c_argv_guard, c_argv_explicit) {
        args: &["one", "two words", "", "ünïcödé ✓", "--flag=1", "-", "tab\there", "quote\"s", "a\nb"],
        // the program returns argc
        expect: Expect::SameAsNative(Code(10)),
    }
    stdin_wc (c_stdin_wc_guard, c_stdin_wc_explicit) {
        stdin: Stdin::Text("The quick brown fox\njumps over\tthe lazy dog.\n\n  spaces   and\ttabs \nno newline at end"),
    }
    stdin_sort (c_stdin_sort_guard, c_stdin_sort_explicit) {
        stdin: Stdin::Generated(sort_input),
    }
    stdio (c_stdio_guard, c_stdio_explicit) {
        stdin: Stdin::Generated(stdio_input),
    }
    getenv (c_getenv_guard, c_getenv_explicit) {}
    time_clock (c_time_clock_guard, c_time_clock_explicit) {
        // clock() in wasi-libc needs the process-clock emulation library
        wasm_cflags: &["-D_WASI_EMULATED_PROCESS_CLOCKS", "-lwasi-emulated-process-clocks"],
    }
    fopen_nodir (c_fopen_nodir_guard, c_fopen_nodir_explicit) {
        expect: Expect::WasmOnly {
            stdout: "fopen relative w: NULL errno set: 1\n\
                     fopen absolute w: NULL errno set: 1\n\
                     fopen read: NULL errno set: 1\n\
                     open: -1 errno set: 1\n\
                     write(1) works\n\
                     wrote 15\n",
            status: Code(0),
            reason: "without --dir the wasm program has no preopened directory, so every open \
                     fails; natively the same opens succeed",
        },
    }

    // --- aborts and traps ---
    abort (c_abort_guard, c_abort_explicit) {
        expect: Expect::SameAsNative(Abort),
    }
    trap_null_fnptr (c_trap_null_fnptr_guard, c_trap_null_fnptr_explicit) {
        expect: Expect::Trap("uninitialized element"),
    }
    trap_fnptr_mismatch (c_trap_fnptr_mismatch_guard, c_trap_fnptr_mismatch_explicit) {
        expect: Expect::WasmOnly {
            stdout: "calling through mismatched pointer\n",
            status: Trap("indirect call type mismatch"),
            reason: "natively the mistyped call just happens (x86-64 tolerates this undefined \
                     behaviour and the program exits 0); only wasm checks signatures",
        },
    }
    trap_div_zero (c_trap_div_zero_guard, c_trap_div_zero_explicit) {
        expect: Expect::Trap("integer divide by zero"),
    }
    trap_int_overflow (c_trap_int_overflow_guard, c_trap_int_overflow_explicit) {
        expect: Expect::Trap("integer overflow"),
    }
    trap_oob (c_trap_oob_guard, c_trap_oob_explicit) {
        expect: Expect::Trap("out of bounds memory access"),
    }
    trap_stack_overflow (c_trap_stack_overflow_guard, c_trap_stack_overflow_explicit) {
        expect: Expect::Trap("call stack exhausted"),
    }
}

/// Every `tests/c/*.c` file is in the list and every list entry has a file.
#[test]
fn c_every_program_is_listed() {
    // Programs driven by other test files (they need flags or a sandbox).
    const USED_ELSEWHERE: &[&str] = &["files_dir", "max_memory"]; // capabilities.rs
    let mut files: Vec<String> = std::fs::read_dir(tests_dir().join("c"))
        .expect("tests/c")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".c").map(str::to_owned))
        // wasi_*.c belong to the WASI test files (tests/tests/wasi_*.rs).
        .filter(|n| !USED_ELSEWHERE.contains(&n.as_str()) && !n.starts_with("wasi_"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = PROGRAMS.iter().map(|p| p.name.to_owned()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "tests/c/*.c and the list in c_programs.rs disagree"
    );
    assert!(PROGRAMS.len() >= 30);
}

/// WasmOnly entries must say why (non-empty reason).
#[test]
fn c_wasm_only_entries_have_reasons() {
    for p in PROGRAMS {
        if let Expect::WasmOnly { reason, .. } = p.expect {
            assert!(
                reason.len() > 20,
                "{}: WasmOnly needs a real reason",
                p.name
            );
        }
    }
}

/// Sanity check of the list itself, independent of wasmc: every program
/// compiles natively, and the native build ends the way the list says
/// (WasmOnly programs: only that they compile).
#[test]
fn c_native_builds_match_the_list() {
    for p in PROGRAMS {
        let dir = TestDir::new(p.name);
        let what = format!("c/{}.c (native)", p.name);
        match p.expect {
            Expect::SameAsNative(status) => {
                check_native_status(&run_c_native(p, &dir), status, &what);
            }
            Expect::Trap(msg) => {
                check_native_status(&run_c_native(p, &dir), Trap(msg), &what);
            }
            Expect::WasmOnly { .. } => compile_c_native(&p.source(), &dir.join("prog"), &[]),
        }
    }
}

/// Sanity check of the toolchain, independent of wasmc: every program
/// compiles to wasm32-wasi and the result validates.
#[test]
fn c_programs_compile_to_wasm() {
    for p in PROGRAMS {
        let dir = TestDir::new(p.name);
        let wasm = dir.join("prog.wasm");
        compile_c_wasm(&p.source(), &wasm, p.wasm_cflags);
        let bytes = std::fs::read(&wasm).expect("read wasm");
        if let Err(e) = wasmparser::Validator::new().validate_all(&bytes) {
            panic!("{}: clang produced an invalid module: {e}", p.name);
        }
    }
}

/// The whole corpus at the lower optimization levels (the per-program tests
/// above use the default `-O2`): every program's expectation holds at `-O0`
/// (no Cranelift optimization, single-pass register allocation) in guard
/// mode and at `-O1` (Cranelift `speed`, no whole-module passes) in explicit
/// mode, so a miscompile that only one level's passes cause is caught. One
/// test per level; a failing program panics with its name and level.
fn corpus_at(level: &str, mode: BoundsChecks) {
    for p in PROGRAMS {
        run_c_program_with(p, mode, &[level]);
    }
}

#[test]
fn c_corpus_at_o0_guard() {
    corpus_at("-O0", BoundsChecks::Guard);
}

#[test]
fn c_corpus_at_o1_explicit() {
    corpus_at("-O1", BoundsChecks::Explicit);
}
