//! The C corpus in `tests/c/` (driven by `c_programs.rs`, and by
//! `cross/corpus.rs` on the foreign targets): what a program expects
//! ([`Expect`], [`CProgram`]), building and running it natively and as wasm,
//! the whole comparison ([`run_c_program`]), and the generated stdin some
//! programs read.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::{
    assert_same_stdout, assert_trap, build_executable, check_native_status, check_wasm_status,
    compile_c_native, compile_c_wasm, diff, run, tests_dir, BoundsChecks, Output, RunOpts, Status,
    TestDir,
};

// ---------------------------------------------------------------------------
// C programs

/// What a C program test expects.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// Run natively and as wasm: stdout (and, for normal exits, stderr) must
    /// be identical, and BOTH must end as `Status` says, so a broken program
    /// or toolchain cannot make the comparison pass vacuously.
    SameAsNative(Status),
    /// The wasm build must trap with this message (status 134, message and
    /// backtrace on stderr); the native build must crash (signal or nonzero
    /// exit). stdout up to the crash must be the same in both.
    Trap(&'static str),
    /// Only the wasm build is checked, against a literal expected stdout and
    /// status; `reason` says why comparing with native is impossible.
    WasmOnly {
        stdout: &'static str,
        status: Status,
        reason: &'static str,
    },
}

/// Standard input for a program.
#[derive(Clone, Copy, Debug)]
pub enum Stdin {
    Empty,
    Text(&'static str),
    Generated(fn() -> Vec<u8>),
}

impl Stdin {
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Stdin::Empty => Vec::new(),
            Stdin::Text(t) => t.as_bytes().to_vec(),
            Stdin::Generated(f) => f(),
        }
    }
}

/// One program `tests/c/NAME.c` and its expectation.
#[derive(Clone, Copy, Debug)]
pub struct CProgram {
    pub name: &'static str,
    pub args: &'static [&'static str],
    pub stdin: Stdin,
    /// Extra clang flags for the wasm32-wasi build (after the source file).
    pub wasm_cflags: &'static [&'static str],
    pub expect: Expect,
}

impl CProgram {
    /// Defaults for the `..CProgram::DEFAULT` in the test list.
    pub const DEFAULT: CProgram = CProgram {
        name: "",
        args: &[],
        stdin: Stdin::Empty,
        wasm_cflags: &[],
        expect: Expect::SameAsNative(Status::Code(0)),
    };

    pub fn source(&self) -> PathBuf {
        tests_dir().join(format!("c/{}.c", self.name))
    }
}

/// Environment variables the C programs query; removed for both runs so the
/// native and the wasm program see the same (absent) values.
pub const C_ENV_REMOVE: &[&str] = &["WASMC_TEST_UNSET_VARIABLE", "WASMC_TEST_INNER"];

fn c_run_opts<'a>(p: &CProgram, stdin: &'a [u8]) -> RunOpts<'a> {
    let mut opts = RunOpts::args(p.args).stdin(stdin);
    opts.env_remove = C_ENV_REMOVE.iter().map(OsString::from).collect();
    opts
}

/// Compiles `p` natively into `dir/native/prog` and runs it.
pub fn run_c_native(p: &CProgram, dir: &TestDir) -> Output {
    let exe = dir.subdir("native").join("prog");
    compile_c_native(&p.source(), &exe, &[]);
    let stdin = p.stdin.bytes();
    run(&exe, &c_run_opts(p, &stdin))
}

/// Compiles `p` to wasm with clang, builds `dir/wasm/prog` with wasmc in
/// `mode` and runs it. Both executables are called `prog` so that `argv[0]`'s
/// basename is the same natively and in wasm.
pub fn run_c_wasm(p: &CProgram, dir: &TestDir, mode: BoundsChecks) -> Output {
    run_c_wasm_with(p, dir, mode, &[])
}

/// [`run_c_wasm`] with extra `wasmc build` arguments (e.g. `-O0`).
pub fn run_c_wasm_with(
    p: &CProgram,
    dir: &TestDir,
    mode: BoundsChecks,
    wasmc_args: &[&str],
) -> Output {
    let wasm = dir.join(format!("{}.wasm", p.name));
    compile_c_wasm(&p.source(), &wasm, p.wasm_cflags);
    let exe = dir.subdir("wasm").join("prog");
    build_executable(&wasm, &exe, mode, wasmc_args);
    let stdin = p.stdin.bytes();
    run(&exe, &c_run_opts(p, &stdin))
}

/// The whole test for one C program in one bounds-check mode.
pub fn run_c_program(p: &CProgram, mode: BoundsChecks) {
    run_c_program_with(p, mode, &[]);
}

/// [`run_c_program`] with extra `wasmc build` arguments (the corpus at other
/// optimization levels).
pub fn run_c_program_with(p: &CProgram, mode: BoundsChecks, wasmc_args: &[&str]) {
    let dir = TestDir::new(&format!("{}{}", p.name, wasmc_args.concat()));
    let what = format!("c/{}.c ({mode} {})", p.name, wasmc_args.join(" "));
    let wasm = run_c_wasm_with(p, &dir, mode, wasmc_args);
    match p.expect {
        Expect::SameAsNative(status) => {
            let native = run_c_native(p, &dir);
            check_native_status(&native, status, &what);
            check_wasm_status(&wasm, status, &what);
            assert_same_stdout(&native.stdout, &wasm.stdout, &what);
            if let Status::Code(_) = status {
                if native.stderr != wasm.stderr {
                    panic!(
                        "{what}: stderr differs from the native run\n{}",
                        diff(&native.stderr, &wasm.stderr)
                    );
                }
            }
        }
        Expect::Trap(msg) => {
            let native = run_c_native(p, &dir);
            check_native_status(&native, Status::Trap(msg), &what);
            assert_trap(&wasm, msg, &what);
            assert_same_stdout(&native.stdout, &wasm.stdout, &what);
        }
        Expect::WasmOnly {
            stdout,
            status,
            reason: _,
        } => {
            check_wasm_status(&wasm, status, &what);
            assert_same_stdout(stdout.as_bytes(), &wasm.stdout, &what);
        }
    }
}

// ---------------------------------------------------------------------------
// Generated stdin for the corpus (shared by c_programs.rs and cross/corpus.rs)

/// 20000 lines of words and numbers (plus empty lines and a last line
/// without newline), for `stdin_sort` and `stdin_wc`.
pub fn sort_input() -> Vec<u8> {
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    ];
    let mut s = String::new();
    let mut x: u32 = 12345;
    for i in 0..20000u32 {
        x = x.wrapping_mul(1103515245).wrapping_add(12345);
        let a = words[(x >> 16) as usize % words.len()];
        let b = words[(x >> 8) as usize % words.len()];
        s.push_str(&format!("{a} {b} {}\n", (x >> 20) % 50));
        if i % 1000 == 0 {
            s.push('\n'); // empty lines sort first
        }
    }
    s.push_str("last line without newline");
    s.into_bytes()
}

/// A text line, then 100000 bytes of binary data (all byte values, NULs
/// included) of which `stdio` reads 70000 with fread.
pub fn stdio_input() -> Vec<u8> {
    let mut v = b"header line\n".to_vec();
    let mut x: u32 = 7;
    for _ in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push(x as u8);
    }
    v
}
