//! The C corpus (`tests/c`, the programs of `c_programs.rs`) on every foreign
//! Linux target: each program is built for the target in both bounds-check
//! modes, run under qemu with the same arguments and stdin as the x86-64
//! (host) build of the same module, and must end the same way.

use std::ffi::OsString;

use wasmc_tests::*;

use crate::assert_same_run;

/// Arguments, stdin and extra wasm cflags of a corpus program: the same as
/// in `c_programs.rs` (the stdin generators produce input of the same shape;
/// both runs of a comparison get the same bytes).
fn inputs(name: &str) -> (&'static [&'static str], Vec<u8>, &'static [&'static str]) {
    match name {
        "argv" => (
            &[
                "one",
                "two words",
                "",
                "ünïcödé ✓",
                "--flag=1",
                "-",
                "tab\there",
                "quote\"s",
                "a\nb",
            ],
            Vec::new(),
            &[],
        ),
        "stdin_wc" => (
            &[],
            b"The quick brown fox\njumps over\tthe lazy dog.\n\n  spaces   and\ttabs \nno newline at end"
                .to_vec(),
            &[],
        ),
        "stdin_sort" => (&[], sort_input(), &[]),
        "stdio" => (&[], stdio_input(), &[]),
        "time_clock" => (
            &[],
            Vec::new(),
            &[
                "-D_WASI_EMULATED_PROCESS_CLOCKS",
                "-lwasi-emulated-process-clocks",
            ],
        ),
        _ => (&[], Vec::new(), &[]),
    }
}

fn corpus_opts<'a>(args: &'static [&'static str], stdin: &'a [u8]) -> RunOpts<'a> {
    let mut opts = RunOpts::args(args).stdin(stdin);
    opts.env_remove = C_ENV_REMOVE.iter().map(OsString::from).collect();
    opts
}

/// Builds `tests/c/NAME.c` for the host and for `t` in both modes, runs both
/// and compares.
fn run_cross_c(t: &CrossTarget, name: &str) {
    t.require();
    let (args, stdin, cflags) = inputs(name);
    let dir = TestDir::new(&format!("cross-{}-{name}", t.arch));
    let wasm = dir.join(format!("{name}.wasm"));
    compile_c_wasm(&tests_dir().join(format!("c/{name}.c")), &wasm, cflags);
    let opts = corpus_opts(args, &stdin);
    for mode in BoundsChecks::ALL {
        let what = format!("c/{name}.c on {} ({mode})", t.triple);
        // Both executables are called `prog`: argv[0]'s basename is printed.
        let host_exe = dir.subdir(&format!("host-{mode}")).join("prog");
        build_executable(&wasm, &host_exe, mode, &[]);
        let host = run(&host_exe, &opts);
        let exe = dir.subdir(&format!("{}-{mode}", t.arch)).join("prog");
        build_executable(&wasm, &exe, mode, &["--target", t.triple]);
        let cross = t.run(&exe, &[], &opts);
        assert_same_run(&host, &cross, &what);
    }
}

macro_rules! cross_corpus {
    ($($name:ident),* $(,)?) => {
        /// The programs, in `tests/c/NAME.c`.
        const CORPUS: &[&str] = &[$(stringify!($name)),*];
        mod aarch64 {
            $( #[test] fn $name() { super::run_cross_c(&wasmc_tests::AARCH64_LINUX, stringify!($name)); } )*
        }
        mod riscv64 {
            $( #[test] fn $name() { super::run_cross_c(&wasmc_tests::RISCV64_LINUX, stringify!($name)); } )*
        }
        mod s390x {
            $( #[test] fn $name() { super::run_cross_c(&wasmc_tests::S390X_LINUX, stringify!($name)); } )*
        }
    };
}

// Tests `aarch64::<name>`, `riscv64::<name>`, `s390x::<name>`.
cross_corpus! {
    abort, argv, bignum, bitops, crc_sha, exit_call, exit_return, float_edge, fopen_nodir,
    func_ptrs, getenv, hashtable, int128, int64, libm_exact, libm_transcendental, malloc_big,
    malloc_stress, matmul, printf_floats, printf_ints, qsort_bsearch, recursion, sorting,
    sprintf_roundtrip, stdin_sort, stdin_wc, stdio, strconv, strings, structs, switch_table,
    time_clock, trap_div_zero, trap_fnptr_mismatch, trap_int_overflow, trap_null_fnptr,
    trap_oob, trap_stack_overflow, varargs, vm,
}

/// The list above is the C corpus of `c_programs.rs`: every `tests/c/*.c`
/// except the ones other test files drive with special flags.
#[test]
fn cross_corpus_is_the_c_corpus() {
    const USED_ELSEWHERE: &[&str] = &["files_dir", "max_memory"]; // capabilities.rs
    let mut files: Vec<String> = std::fs::read_dir(tests_dir().join("c"))
        .expect("tests/c")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".c").map(str::to_owned))
        .filter(|n| !USED_ELSEWHERE.contains(&n.as_str()) && !n.starts_with("wasi_"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "tests/c/*.c and the cross_corpus! list in cross/corpus.rs disagree"
    );
}
