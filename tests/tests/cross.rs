//! Cross compilation: the Linux targets other than the host, run under
//! qemu-user, and the macOS targets as objects.
//!
//! - The C corpus (`tests/c`, the programs of `c_programs.rs`) on aarch64,
//!   riscv64 and s390x: each program is built for the target in both
//!   bounds-check modes, run under qemu with the same arguments and stdin as
//!   the x86-64 (host) build of the same module, and must give the same
//!   stdout, stderr (traps: message and backtrace) and exit status.
//! - The wasm-2.0 spec suite through `wasmc wast --target` (the host program
//!   runs under qemu): aarch64 in both modes, the whole suite (about 30 s per
//!   mode on 2 cores, under twice the x86-64 time, so no subset is needed);
//!   in guard mode s390x (big-endian), riscv64 with the V extension, and the
//!   riscv64gc baseline without the SIMD files (it has no vector unit).
//! - Embedding: a host program linked by hand against `wasmc runtime`, whose
//!   traps come from a host function and from a libcall (C frames between
//!   the trap and wasm), plus stack exhaustion on the main thread.
//! - CPU features: code built for the portable baseline runs on qemu CPU
//!   models without optional extensions (x86-64 `qemu64`: SSE2 only;
//!   aarch64 `cortex-a53`: no LSE/dotprod; s390x without z15's facilities),
//!   and code built with --cpu/--cpu-features for more exits 1 with a clear
//!   message on such CPUs instead of dying by SIGILL.
//! - Mach-O objects for x86_64/aarch64-apple-darwin, checked with the
//!   `object` crate, and the clear error when linking for macOS without a
//!   macOS toolchain.
//!
//! Nothing is skipped: a missing cross compiler, target libc or qemu fails
//! the test with what to install (`scripts/setup.sh` installs them).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use wasmc_tests::*;

// ---------------------------------------------------------------------------
// The C corpus on every foreign Linux target

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

/// `cross` (a run on the target) must have ended exactly like `host` (the
/// x86-64 build of the same module): status, stdout, and stderr (trap message
/// and backtrace; only the count of frames past the printed ones may differ).
fn assert_same_run(host: &Output, cross: &Output, what: &str) {
    assert!(
        host.signal().is_none(),
        "{what}: the host (x86-64) build itself died by {}:\n{host:?}",
        host.status_str()
    );
    assert_eq!(
        cross.status_str(),
        host.status_str(),
        "{what}: exit status differs from the x86-64 build\n--- x86-64 ---\n{host:?}\n--- target ---\n{cross:?}"
    );
    assert_same_stdout(&host.stdout, &cross.stdout, what);
    let (h, c) = (
        normalize_backtrace(&host.stderr),
        normalize_backtrace(&cross.stderr),
    );
    if h != c {
        panic!(
            "{what}: stderr differs from the x86-64 build\n{}",
            diff(h.as_bytes(), c.as_bytes())
        );
    }
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
        "tests/c/*.c and the cross_corpus! list in cross.rs disagree"
    );
}

// ---------------------------------------------------------------------------
// The spec suite under qemu

/// Runs the wasm-2.0 suite (the files `keep` accepts) with `wasmc wast` plus
/// `flags`; every assertion must pass except the expected failures.
fn run_spec(what: &str, flags: &[&str], keep: fn(&str) -> bool, min_passed: u64) {
    let exp = SpecExpectations::load();
    let files = spec_files(&exp, keep, 80);
    let start = std::time::Instant::now();
    let summary = run_wast(flags, &files);
    let unexpected: Vec<&String> = summary
        .failures
        .iter()
        .filter(|f| !exp.is_expected(f))
        .collect();
    eprintln!(
        "{what}: {} passed, {} unexpected failures, {:.1?}",
        summary.passed,
        unexpected.len(),
        start.elapsed()
    );
    assert!(
        summary.passed >= min_passed,
        "{what}: suspiciously few assertions passed: {}",
        summary.passed
    );
    assert!(
        unexpected.is_empty(),
        "{what}: unexpected failures:\n{}",
        unexpected
            .iter()
            .take(100)
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn spec_on(t: &CrossTarget, mode: BoundsChecks, extra: &[&str], qemu_args: &[&str]) {
    spec_files_on(t, mode, extra, qemu_args, |_| true, 50_000);
}

fn spec_files_on(
    t: &CrossTarget,
    mode: BoundsChecks,
    extra: &[&str],
    qemu_args: &[&str],
    keep: fn(&str) -> bool,
    min_passed: u64,
) {
    t.require();
    let runner = t.runner(qemu_args);
    let mut flags = vec![
        "--target",
        t.triple,
        "--bounds-checks",
        mode.as_str(),
        "--runner",
        &runner,
    ];
    flags.extend_from_slice(extra);
    run_spec(
        &format!("spec on {} ({mode})", t.triple),
        &flags,
        keep,
        min_passed,
    );
}

#[test]
fn spec_aarch64_guard() {
    spec_on(&AARCH64_LINUX, BoundsChecks::Guard, &[], &[]);
}

#[test]
fn spec_aarch64_explicit() {
    spec_on(&AARCH64_LINUX, BoundsChecks::Explicit, &[], &[]);
}

/// Big-endian: descriptors, constants, v128 lanes, WASI structs.
#[test]
fn spec_s390x_guard() {
    spec_on(&S390X_LINUX, BoundsChecks::Guard, &[], &[]);
}

/// The riscv64gc baseline (no vector unit): everything but SIMD.
#[test]
fn spec_riscv64_baseline_guard() {
    spec_files_on(
        &RISCV64_LINUX,
        BoundsChecks::Guard,
        &[],
        &[],
        |name| !name.starts_with("simd_"),
        25_000,
    );
}

/// riscv64 needs the V extension for wasm SIMD (the baseline refuses SIMD
/// modules, see `cpu_riscv64_vector`): run on a qemu CPU with V.
#[test]
fn spec_riscv64_v_guard() {
    spec_on(
        &RISCV64_LINUX,
        BoundsChecks::Guard,
        &["--cpu-features", "+v"],
        &["-cpu", RISCV_V_CPU],
    );
}

// ---------------------------------------------------------------------------
// CPU baselines and features

/// A qemu riscv64 CPU with the V extension (VLEN 128).
const RISCV_V_CPU: &str = "rv64,v=true,vlen=128,elen=64,vext_spec=v1.0";
/// A qemu s390x CPU at the z14 level (Cranelift's baseline): without z15's
/// miscellaneous-instruction-extensions 3 and vector-enhancements 2.
const S390X_Z14_CPU: &str = "max,minste3=off,vxeh2=off";

/// SIMD and bit operations whose baseline lowering avoids optional
/// extensions (x86-64: pshufb, SSE4.1 rounding/min/mul, popcnt, lzcnt...):
/// prints the results as hex, 16 bytes per line.
const SIMD_WAT: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f")
  (data (i32.const 16) "\ff\80\7f\10\f1\31\00\03\81\02\fe\40\05\e0\0f\c8")
  (data (i32.const 4096) "0123456789abcdef")
  (global $out (mut i32) (i32.const 1024))
  (func $v (param v128)
    (v128.store (global.get $out) (local.get 0))
    (global.set $out (i32.add (global.get $out) (i32.const 16))))
  (func $s (param i64) (param i64)
    (i64.store (global.get $out) (local.get 0))
    (i64.store offset=8 (global.get $out) (local.get 1))
    (global.set $out (i32.add (global.get $out) (i32.const 16))))
  (func (export "_start") (local $a v128) (local $b v128) (local $i i32) (local $p i32)
    (local.set $a (v128.load (i32.const 0)))
    (local.set $b (v128.load (i32.const 16)))
    (call $v (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7 (local.get $a) (local.get $b)))
    (call $v (i8x16.swizzle (local.get $b) (local.get $a)))
    (call $v (i8x16.swizzle (local.get $a) (local.get $b)))
    (call $v (i32x4.mul (local.get $a) (local.get $b)))
    (call $v (i64x2.mul (local.get $a) (local.get $b)))
    (call $v (i64x2.eq (local.get $a) (local.get $a)))
    (call $v (i8x16.popcnt (local.get $b)))
    (call $v (i8x16.abs (local.get $b)))
    (call $v (i32x4.min_s (local.get $a) (local.get $b)))
    (call $v (i32x4.max_u (local.get $a) (local.get $b)))
    (call $v (i16x8.extmul_low_i8x16_s (local.get $a) (local.get $b)))
    (call $v (i32x4.dot_i16x8_s (local.get $a) (local.get $b)))
    (call $v (i8x16.narrow_i16x8_s (local.get $a) (local.get $b)))
    (call $v (i64x2.extend_high_i32x4_s (local.get $b)))
    (call $v (f32x4.ceil (v128.const f32x4 1.5 -1.5 2.5 -0.25)))
    (call $v (f32x4.nearest (v128.const f32x4 1.5 -1.5 2.5 -0.5)))
    (call $v (f64x2.floor (v128.const f64x2 -1.5 7.75)))
    (call $v (f64x2.trunc (v128.const f64x2 -1.5 7.75)))
    (call $v (i32x4.trunc_sat_f32x4_s (v128.const f32x4 1e10 -1e10 nan 3.7)))
    (call $v (i32x4.replace_lane 2 (local.get $a) (i8x16.bitmask (local.get $b))))
    (call $s (i64.extend_i32_u (i32.popcnt (i32.const 0x12345678))) (i64.clz (i64.const 0xff0000)))
    (call $s (i64.ctz (i64.const 0xff0000)) (i64.reinterpret_f64 (f64.nearest (f64.const 2.5))))
    (call $s (i64.reinterpret_f64 (f64.ceil (f64.const -0.5)))
             (i64.extend_i32_u (i32.reinterpret_f32 (f32.floor (f32.const -3.5)))))
    (local.set $i (i32.const 1024))
    (local.set $p (i32.const 8192))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $out)))
        (i32.store8 (local.get $p)
          (i32.load8_u offset=4096 (i32.shr_u (i32.load8_u (local.get $i)) (i32.const 4))))
        (i32.store8 offset=1 (local.get $p)
          (i32.load8_u offset=4096 (i32.and (i32.load8_u (local.get $i)) (i32.const 15))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eqz (i32.and (local.get $i) (i32.const 15)))
          (then
            (i32.store8 (local.get $p) (i32.const 10))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))))
        (br $next)))
    (i32.store (i32.const 64) (i32.const 8192))
    (i32.store (i32.const 68) (i32.sub (local.get $p) (i32.const 8192)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))))
"#;

/// Writes the SIMD module into `dir`.
fn simd_wat(dir: &TestDir) -> PathBuf {
    let p = dir.join("simd.wat");
    std::fs::write(&p, SIMD_WAT).expect("write simd.wat");
    p
}

/// Corpus programs run on the feature-less CPU models (bit tricks, libm
/// rounding, floats, 128-bit arithmetic).
const BASELINE_PROGRAMS: &[&str] = &["bitops", "libm_exact", "float_edge", "int128"];

/// Runs the x86-64 (host) build of `input` (with `flags`) natively.
fn host_run(
    dir: &TestDir,
    input: &Path,
    label: &str,
    mode: BoundsChecks,
    opts: &RunOpts,
) -> Output {
    let exe = dir.subdir(&format!("host-{label}-{mode}")).join("prog");
    build_executable(input, &exe, mode, &[]);
    run(&exe, opts)
}

/// Message of an executable refusing to run for lack of a CPU feature.
fn assert_cpu_refused(out: &Output, feature: &str, what: &str) {
    let stderr = out.stderr_str();
    assert!(
        out.signal().is_none() && out.code() == Some(1),
        "{what}: expected exit 1 (CPU feature {feature} missing), got {}:\n{out:?}",
        out.status_str()
    );
    let want = format!(
        "wasmc: this program needs CPU feature {feature}, which this machine lacks (it was built with --cpu/--cpu-features)"
    );
    assert!(
        stderr.starts_with(&want),
        "{what}: expected `{want}` on stderr:\n{out:?}"
    );
    assert!(out.stdout.is_empty(), "{what}: the program ran:\n{out:?}");
}

/// x86-64's baseline is SSE2 only: code built without --cpu runs on qemu's
/// `qemu64` model (no SSSE3/SSE4/POPCNT/LZCNT/AVX), SIMD shuffles included.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_x86_64_baseline_runs_on_qemu64() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("cpu-x86-64");
    let mut inputs: Vec<(String, PathBuf)> = vec![("simd".into(), simd_wat(&dir))];
    for p in BASELINE_PROGRAMS {
        let wasm = dir.join(format!("{p}.wasm"));
        compile_c_wasm(&tests_dir().join(format!("c/{p}.c")), &wasm, &[]);
        inputs.push((p.to_string(), wasm));
    }
    for (name, input) in &inputs {
        for mode in BoundsChecks::ALL {
            let what = format!("{name} on qemu64 ({mode})");
            let opts = RunOpts::default();
            let exe = dir.subdir(&format!("{name}-{mode}")).join("prog");
            build_executable(input, &exe, mode, &[]);
            let native = run(&exe, &opts);
            let mut cmd = Command::new("qemu-x86_64");
            cmd.args(["-cpu", "qemu64"]).arg(&exe);
            let emulated = run_command(cmd, b"");
            assert_eq!(native.code(), Some(0), "{what}: natively:\n{native:?}");
            assert_same_run(&native, &emulated, &what);
        }
    }
}

/// A program built for AVX2 (or x86-64-v3) does not die by SIGILL on a CPU
/// without: it says which feature is missing and exits 1. So does
/// instantiating such a module through the embedding API (`wasmc wast`).
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_x86_64_features_refused_on_qemu64() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("cpu-x86-64-refused");
    let wat = simd_wat(&dir);
    for (flags, feature) in [
        (&["--cpu-features", "+avx2"][..], "avx2"),
        (&["--cpu", "x86-64-v3"][..], "ssse3"),
        (&["--cpu-features", "+popcnt"][..], "popcnt"),
    ] {
        let what = format!("{flags:?} on qemu64");
        let exe = dir.join(format!("prog-{feature}"));
        build_executable(&wat, &exe, BoundsChecks::Guard, flags);
        let mut cmd = Command::new("qemu-x86_64");
        cmd.args(["-cpu", "qemu64"]).arg(&exe);
        assert_cpu_refused(&run_command(cmd, b""), feature, &what);
    }
    let script = dir.join("cpu.wast");
    std::fs::write(
        &script,
        "(module (func (export \"f\") (result i32) (i32.const 7)))\n\
         (assert_return (invoke \"f\") (i32.const 7))\n",
    )
    .expect("write wast");
    let out = wasmc([
        OsString::from("wast"),
        "--cpu-features".into(),
        "+avx2".into(),
        "--runner".into(),
        "qemu-x86_64 -cpu qemu64".into(),
        script.into(),
    ]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stdout_str().contains(
            "this module needs CPU feature avx2, which this machine lacks (it was built with --cpu/--cpu-features)"
        ),
        "wasmc_linker_instantiate must refuse the module:\n{out:?}"
    );
}

/// Runs the SIMD module and a few corpus programs, built for `t` with
/// `flags`, on the qemu CPU `cpu`, and compares with the host build.
fn baseline_on(t: &CrossTarget, cpu: &str, flags: &[&str]) {
    t.require();
    let dir = TestDir::new(&format!("cpu-{}", t.arch));
    let mut inputs: Vec<(String, PathBuf)> = vec![("simd".into(), simd_wat(&dir))];
    for p in BASELINE_PROGRAMS {
        let wasm = dir.join(format!("{p}.wasm"));
        compile_c_wasm(&tests_dir().join(format!("c/{p}.c")), &wasm, &[]);
        inputs.push((p.to_string(), wasm));
    }
    let opts = RunOpts::default();
    for (name, input) in &inputs {
        for mode in BoundsChecks::ALL {
            let what = format!("{name} on {} -cpu {cpu} ({mode})", t.triple);
            let host = host_run(&dir, input, name, mode, &opts);
            let exe = dir.subdir(&format!("{name}-{mode}")).join("prog");
            let mut f = vec!["--target", t.triple];
            f.extend_from_slice(flags);
            build_executable(input, &exe, mode, &f);
            assert_same_run(&host, &t.run(&exe, &["-cpu", cpu], &opts), &what);
        }
    }
}

/// Armv8.0-A baseline: runs on a Cortex-A53 (no LSE atomics, no dotprod).
#[test]
fn cpu_aarch64_baseline_runs_on_cortex_a53() {
    baseline_on(&AARCH64_LINUX, "cortex-a53", &[]);
}

#[test]
fn cpu_aarch64_features_refused_on_cortex_a53() {
    let t = AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cpu-aarch64-refused");
    let wat = simd_wat(&dir);
    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for (features, missing) in [
        ("+lse,+dotprod", "lse"),
        ("+dotprod", "dotprod"),
        ("+i8mm", "i8mm"),
    ] {
        let exe = dir.join(format!("prog-{missing}"));
        build_executable(
            &wat,
            &exe,
            BoundsChecks::Guard,
            &["--target", t.triple, "--cpu-features", features],
        );
        let what = format!("aarch64 {features}");
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", "cortex-a53"], &RunOpts::default()),
            missing,
            &format!("{what} on cortex-a53"),
        );
        // qemu's default CPU has them all.
        assert_same_run(&host, &t.run(&exe, &[], &RunOpts::default()), &what);
    }
}

/// riscv64gc has no vector unit: SIMD modules need `--cpu-features +v`
/// (a clear build error otherwise), and such programs refuse to run on a
/// CPU without V; with V they compute what x86-64 does. Multi-letter
/// extensions come from riscv_hwprobe, or count as missing.
#[test]
fn cpu_riscv64_vector() {
    let t = RISCV64_LINUX;
    t.require();
    let dir = TestDir::new("cpu-riscv64");
    let wat = simd_wat(&dir);
    let out = wasmc([
        OsString::from("build"),
        wat.clone().into(),
        "-o".into(),
        dir.join("nov").into(),
        "--target".into(),
        t.triple.into(),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("uses SIMD (v128), which needs the RISC-V vector extension")
            && out.stderr_str().contains("--cpu-features +v"),
        "{out:?}"
    );
    assert!(!dir.join("nov").exists());

    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for mode in BoundsChecks::ALL {
        let exe = dir.join(format!("prog-v-{mode}"));
        build_executable(
            &wat,
            &exe,
            mode,
            &["--target", t.triple, "--cpu-features", "+v"],
        );
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", "rv64,v=false"], &RunOpts::default()),
            "v",
            "riscv64 +v without V",
        );
        assert_same_run(
            &host,
            &t.run(&exe, &["-cpu", RISCV_V_CPU], &RunOpts::default()),
            &format!("riscv64 +v with V ({mode})"),
        );
    }

    let bt = dir.join("bits.wat");
    std::fs::write(
        &bt,
        "(module (func (export \"_start\") (drop (i32.popcnt (i32.const 7)))))",
    )
    .expect("write");
    let exe = dir.join("prog-zbb");
    build_executable(
        &bt,
        &exe,
        BoundsChecks::Guard,
        &["--target", t.triple, "--cpu-features", "+zbb"],
    );
    assert_cpu_refused(
        &t.run(&exe, &["-cpu", "rv64,zbb=false"], &RunOpts::default()),
        "zbb",
        "riscv64 +zbb without Zbb",
    );
}

/// s390x: the z14 baseline runs on a z14-level CPU (big-endian SIMD
/// included); z15 facilities are detected (STFLE) and refused when absent.
#[test]
fn cpu_s390x_baseline_and_features() {
    baseline_on(&S390X_LINUX, S390X_Z14_CPU, &[]);
    let t = S390X_LINUX;
    let dir = TestDir::new("cpu-s390x-refused");
    let wat = simd_wat(&dir);
    let host = host_run(&dir, &wat, "simd", BoundsChecks::Guard, &RunOpts::default());
    for feature in ["mie3", "vxrs_ext2"] {
        let exe = dir.join(format!("prog-{feature}"));
        build_executable(
            &wat,
            &exe,
            BoundsChecks::Guard,
            &[
                "--target",
                t.triple,
                "--cpu-features",
                &format!("+{feature}"),
            ],
        );
        let what = format!("s390x +{feature}");
        assert_cpu_refused(
            &t.run(&exe, &["-cpu", S390X_Z14_CPU], &RunOpts::default()),
            feature,
            &format!("{what} on z14"),
        );
        assert_same_run(
            &host,
            &t.run(&exe, &["-cpu", "max"], &RunOpts::default()),
            &what,
        );
    }
}

// ---------------------------------------------------------------------------
// Embedding: traps raised by host functions and libcalls (C frames between
// the trap and the wasm frames), stack exhaustion on the main thread

const EMBED_WAT: &str = r#"
(module
  (import "env" "boom" (func $boom (param i32) (result i32)))
  (memory 1)
  (func $h (param i32) (result i32) (i32.add (call $boom (local.get 0)) (i32.const 1)))
  (func $g (param i32) (result i32) (i32.mul (call $h (local.get 0)) (i32.const 3)))
  (func (export "ok") (param i32) (result i32) (call $g (local.get 0)))
  (func (export "host_trap") (param i32) (result i32) (call $g (i32.const 1)))
  (func $fill (param i32) (memory.fill (local.get 0) (i32.const 0) (i32.const 100)))
  (func $f2 (param i32) (result i32) (call $fill (i32.const 65530)) (i32.const 0))
  (func (export "fill_oob") (param i32) (result i32) (call $f2 (local.get 0)))
  ;; a bigger frame: values live across the libcall are spilled
  (func $fill_big (param $x i32) (result i32)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64)
    (local $g i64) (local $h i64) (local $i i64) (local $j i64) (local $k i64) (local $l i64)
    (local $m i64) (local $n i64) (local $o i64) (local $p i64)
    (local.set $a (i64.extend_i32_u (local.get $x)))
    (local.set $b (i64.mul (local.get $a) (i64.const 3)))
    (local.set $c (i64.mul (local.get $b) (i64.const 5)))
    (local.set $d (i64.mul (local.get $c) (i64.const 7)))
    (local.set $e (i64.mul (local.get $d) (i64.const 11)))
    (local.set $f (i64.mul (local.get $e) (i64.const 13)))
    (local.set $g (i64.mul (local.get $f) (i64.const 17)))
    (local.set $h (i64.mul (local.get $g) (i64.const 19)))
    (local.set $i (i64.mul (local.get $h) (i64.const 23)))
    (local.set $j (i64.mul (local.get $i) (i64.const 29)))
    (local.set $k (i64.mul (local.get $j) (i64.const 31)))
    (local.set $l (i64.mul (local.get $k) (i64.const 37)))
    (local.set $m (i64.mul (local.get $l) (i64.const 41)))
    (local.set $n (i64.mul (local.get $m) (i64.const 43)))
    (local.set $o (i64.mul (local.get $n) (i64.const 47)))
    (local.set $p (i64.mul (local.get $o) (i64.const 53)))
    (memory.fill (i32.wrap_i64 (local.get $p)) (i32.const 0) (i32.const 100))
    (i32.wrap_i64 (i64.add (i64.add (i64.add (i64.add (local.get $a) (local.get $b))
      (i64.add (local.get $c) (local.get $d))) (i64.add (i64.add (local.get $e) (local.get $f))
      (i64.add (local.get $g) (local.get $h)))) (i64.add (i64.add (i64.add (local.get $i) (local.get $j))
      (i64.add (local.get $k) (local.get $l))) (i64.add (i64.add (local.get $m) (local.get $n))
      (i64.add (local.get $o) (local.get $p)))))))
  (func (export "fill_big") (param i32) (result i32) (call $fill_big (local.get 0)))
  (func $deep (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
  (func (export "divide") (param i32) (result i32) (i32.div_s (i32.const 7) (i32.sub (local.get 0) (i32.const 5)))))
"#;

const EMBED_HOST_C: &str = r#"
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;
static void boom(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data; (void)caller;
    if (vals[0].i32 == 1) wasmc_trap(WASMC_TRAP_UNREACHABLE);
    vals[0].i32 *= 2;
}
int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    wasmc_linker_define_func(l, "env", "boom", "i", "i", boom, NULL);
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    const char *calls[] = {"ok", "host_trap", "ok", "fill_oob", "fill_big", "deep", "divide", "ok"};
    for (unsigned i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        union wasmc_val v[1];
        v[0].i64 = 0;
        v[0].i32 = 5;
        enum wasmc_outcome r = wasmc_instance_call(inst, calls[i], v, &trap);
        printf("%s: %s %u\n", calls[i], r == WASMC_OK ? "ok" : "trapped", r == WASMC_OK ? v[0].i32 : 0);
        fflush(stdout);
        if (r == WASMC_TRAPPED) { wasmc_print_trap(&trap); fflush(stderr); }
    }
    wasmc_linker_free(l);
    return 0;
}
"#;

/// Builds the embedding host for `triple` (None: the host) in `dir`, exactly
/// as wasmc.h documents: module object, `wasmc runtime [--target]`, and a
/// link by hand with the command `wasmc runtime` prints (whose toolchain it
/// found: `<gnu>-gcc`, `zig cc -target ...`, or `cc`). Returns the host and
/// that command.
fn build_embed_host(dir: &Path, triple: Option<&str>) -> (PathBuf, String) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let wat = dir.join("app.wat");
    std::fs::write(&wat, EMBED_WAT).expect("write wat");
    let host_c = dir.join("host.c");
    std::fs::write(&host_c, EMBED_HOST_C).expect("write host.c");
    let obj = dir.join("app.o");
    let target: Vec<OsString> = match triple {
        Some(t) => vec!["--target".into(), t.into()],
        None => Vec::new(),
    };
    let mut args: Vec<OsString> = vec![
        "build".into(),
        wat.into(),
        "--emit".into(),
        "obj".into(),
        "--module-symbol".into(),
        "app_module".into(),
        "-o".into(),
        obj.clone().into(),
    ];
    args.extend(target.iter().cloned());
    let out = wasmc(&args);
    assert!(out.status.success(), "{out:?}");
    let rt = dir.join("rt");
    let mut args: Vec<OsString> = vec!["runtime".into(), "--out-dir".into(), rt.into()];
    args.extend(target);
    let out = wasmc(&args);
    assert!(out.status.success(), "{out:?}");
    // The command `wasmc runtime` prints, with our file names.
    let printed = out.stdout_str();
    let line = printed
        .lines()
        .find(|l| l.contains("host.c module.o"))
        .unwrap_or_else(|| panic!("no link command printed:\n{out:?}"))
        .trim()
        .to_string();
    let host = dir.join("host");
    let mut words = line.split_whitespace().map(|w| match w {
        "host.c" => host_c.clone().into_os_string(),
        "module.o" => obj.clone().into_os_string(),
        w => OsString::from(w),
    });
    let mut cmd = Command::new(words.next().expect("a command"));
    cmd.args(words).arg("-o").arg(&host);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "link failed ({line}): {out:?}");
    (host, line)
}

/// The embedding host on `t` prints what it prints on x86-64: traps from a
/// host function and from a libcall unwind through C frames (on riscv64 and
/// s390x via the DWARF unwinder) and name the wasm callers; deep recursion
/// on the main thread is a clean trap; the instance stays usable.
fn embed_on(t: &CrossTarget) {
    t.require();
    let dir = TestDir::new(&format!("cross-embed-{}", t.arch));
    let host = run(
        &build_embed_host(&dir.join("host"), None).0,
        &RunOpts::default(),
    );
    let expected_stdout = "ok: ok 33\nhost_trap: trapped 0\nok: ok 33\nfill_oob: trapped 0\n\
                           fill_big: trapped 0\ndeep: trapped 0\ndivide: trapped 0\nok: ok 33\n";
    assert_eq!(host.stdout_str(), expected_stdout, "x86-64 host:\n{host:?}");
    let stderr = host.stderr_str();
    for want in [
        "wasm trap: unreachable\nwasm backtrace:\n  0: h\n  1: g\n  2: func[4]\n",
        "wasm trap: out of bounds memory access\nwasm backtrace:\n  0: fill\n  1: f2\n  2: func[7]\n",
        "wasm trap: out of bounds memory access\nwasm backtrace:\n  0: fill_big\n  1: func[9]\n",
        "wasm trap: call stack exhausted\nwasm backtrace:\n  0: deep\n  1: deep\n",
        "wasm trap: integer divide by zero\nwasm backtrace:\n  0: func[12]\n",
    ] {
        assert!(stderr.contains(want), "x86-64 host: expected\n{want}in\n{host:?}");
    }
    let (exe, _) = build_embed_host(&dir.join(t.arch), Some(t.triple));
    let cross = t.run(&exe, &[], &RunOpts::default());
    assert_same_run(&host, &cross, &format!("embedding host on {}", t.triple));
}

#[test]
fn embed_aarch64() {
    embed_on(&AARCH64_LINUX);
}

#[test]
fn embed_riscv64() {
    embed_on(&RISCV64_LINUX);
}

#[test]
fn embed_s390x() {
    embed_on(&S390X_LINUX);
}

// ---------------------------------------------------------------------------
// macOS: Mach-O objects

/// A module that makes every kind of reference: a libcall (memory.grow), a
/// direct call, an exported function and a table element.
const MACHO_WAT: &str = r#"
(module
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $grow)
  (global $g (mut i32) (i32.const 5))
  (func $grow (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "_start") (global.set $g (call $grow (i32.const 1)))))
"#;

#[test]
fn macho_objects_for_darwin_targets() {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
    let dir = TestDir::new("macho");
    let wat = dir.join("m.wat");
    std::fs::write(&wat, MACHO_WAT).expect("write wat");
    for (triple, arch, branch, got) in [
        (
            "x86_64-apple-darwin",
            object::Architecture::X86_64,
            object::macho::X86_64_RELOC_BRANCH,
            &[
                object::macho::X86_64_RELOC_GOT,
                object::macho::X86_64_RELOC_GOT_LOAD,
            ][..],
        ),
        (
            "aarch64-apple-darwin",
            object::Architecture::Aarch64,
            object::macho::ARM64_RELOC_BRANCH26,
            &[object::macho::ARM64_RELOC_GOT_LOAD_PAGE21][..],
        ),
    ] {
        let obj_path = dir.join(format!("{triple}.o"));
        let out = wasmc([
            OsString::from("build"),
            wat.clone().into(),
            "--emit".into(),
            "obj".into(),
            "--target".into(),
            triple.into(),
            "-o".into(),
            obj_path.clone().into(),
        ]);
        assert!(out.status.success(), "{triple}: {out:?}");
        let data = std::fs::read(&obj_path).expect("read object");
        let file = object::File::parse(&*data).unwrap_or_else(|e| panic!("{triple}: {e}"));
        assert_eq!(file.format(), object::BinaryFormat::MachO, "{triple}");
        assert_eq!(file.architecture(), arch, "{triple}");
        assert!(file.is_little_endian() && file.is_64(), "{triple}");
        // Apple's linker warns about objects without a minimum OS version.
        assert_eq!(
            mach_info(&data).build_version,
            Some((object::macho::PLATFORM_MACOS, macos_min_encoded())),
            "{triple}: (platform, minimum macOS) of the object"
        );

        // The descriptor: the only global definition, with Mach-O's `_`.
        let module = file
            .symbol_by_name("_wasmc_module")
            .unwrap_or_else(|| panic!("{triple}: no _wasmc_module symbol"));
        assert!(
            module.is_definition() && module.is_global(),
            "{triple}: {module:?}"
        );
        let globals: Vec<String> = file
            .symbols()
            .filter(|s| s.is_global() && s.is_definition())
            .map(|s| s.name().unwrap_or("?").to_string())
            .collect();
        assert_eq!(globals, ["_wasmc_module"], "{triple}: global definitions");
        let desc_section = file
            .section_by_index(module.section_index().expect("in a section"))
            .expect("descriptor section");
        assert_eq!(
            desc_section.segment_name().ok().flatten(),
            Some("__DATA"),
            "{triple}"
        );
        // Every undefined symbol is a C symbol (`_` prefix): the runtime's
        // libcalls and libm.
        for s in file.symbols().filter(|s| s.is_undefined()) {
            let n = s.name().expect("name");
            assert!(
                n.starts_with('_') && !n.starts_with("__"),
                "{triple}: undefined {n}"
            );
        }
        assert!(
            file.symbol_by_name("_wasmc_memory_grow").is_some(),
            "{triple}"
        );

        let sym_name = |t: RelocationTarget| match t {
            RelocationTarget::Symbol(i) => file
                .symbol_by_index(i)
                .ok()
                .and_then(|s| s.name().ok().map(str::to_string)),
            _ => None,
        };
        // Code: a branch to a function, a GOT reference to the libcall.
        let text = file.section_by_name("__text").expect("__text");
        let relocs: Vec<(String, u8, bool)> = text
            .relocations()
            .map(|(_, r)| match r.flags() {
                RelocationFlags::MachO {
                    r_type, r_pcrel, ..
                } => (sym_name(r.target()).unwrap_or_default(), r_type, r_pcrel),
                f => panic!("{triple}: not a Mach-O relocation: {f:?}"),
            })
            .collect();
        assert!(
            relocs
                .iter()
                .any(|(s, t, pc)| s.contains("wasm_func_") && *t == branch && *pc),
            "{triple}: no branch relocation to a wasm function: {relocs:?}"
        );
        assert!(
            relocs
                .iter()
                .any(|(s, t, _)| s == "_wasmc_memory_grow" && got.contains(t)),
            "{triple}: no GOT relocation to _wasmc_memory_grow: {relocs:?}"
        );
        // Data: the descriptor's pointers are absolute 64-bit relocations
        // (to functions, trampolines and the blob).
        let data_relocs: Vec<(String, u8, u8)> = desc_section
            .relocations()
            .map(|(_, r)| match r.flags() {
                RelocationFlags::MachO {
                    r_type, r_length, ..
                } => (sym_name(r.target()).unwrap_or_default(), r_type, r_length),
                f => panic!("{triple}: not a Mach-O relocation: {f:?}"),
            })
            .collect();
        // (`$grow`, function 0, is named after the name section.)
        for needed in ["_grow.wasm_func_0", "_wasmc_array_call_0", "_wasmc_blob"] {
            assert!(
                data_relocs.iter().any(|(s, t, len)| s == needed && *t == 0 && *len == 3),
                "{triple}: no 64-bit UNSIGNED relocation to {needed} in the descriptor data: {data_relocs:?}"
            );
        }
    }
}

/// Linking for macOS needs a macOS-capable toolchain; without one (an empty
/// PATH hides Zig, osxcross and clang) the error says which ones work and
/// that `--emit obj` does not need one, and no file is left behind.
#[test]
fn darwin_link_without_toolchain_fails_clearly() {
    let dir = TestDir::new("darwin-link");
    let out_file = dir.join("hello");
    let empty_path = dir.subdir("empty-path");
    for triple in DARWIN.map(|(t, _)| t) {
        let mut cmd = Command::new(wasmc_bin());
        cmd.arg("build")
            .arg(workspace_dir().join("examples/hello.wat"))
            .args(["--target", triple, "-o"])
            .arg(&out_file)
            .env("PATH", &empty_path)
            .env_remove(format!("CC_{}", triple.replace('-', "_")))
            .env_remove(format!("CC_{triple}"));
        let out = run_command(cmd, b"");
        assert_no_panic(&out);
        assert_eq!(out.code(), Some(1), "{triple}: {out:?}");
        let err = out.stderr_str();
        for want in [
            format!("no C toolchain for {triple}"),
            "macOS-capable C toolchain".into(),
            "zig".into(),
            "osxcross".into(),
            "--emit obj".into(),
        ] {
            assert!(
                err.contains(&want),
                "{triple}: error lacks {want:?}:\n{out:?}"
            );
        }
        assert!(!out_file.exists(), "{triple}: output left behind");
    }
}

// ---------------------------------------------------------------------------
// macOS executables, linked with Zig's C toolchain
//
// There is no macOS here to run them on, so they are inspected instead: a
// Mach-O executable for the right CPU, entry point, code signature on arm64,
// only libSystem, the
// minimum macOS version of `abi::MACOS_MIN_VERSION`, and the module's
// descriptor and build-time configuration linked in (not the runtime's weak
// empty default). The runtime is compiled with -Werror for both darwin
// targets: warnings there are bugs nobody would otherwise see. Its POSIX
// fallbacks, which macOS runs, are exercised on Linux by the WASI tests
// (`-DWASMC_PORTABLE`).

const DARWIN: [(&str, object::Architecture); 2] = [
    ("x86_64-apple-darwin", object::Architecture::X86_64),
    ("aarch64-apple-darwin", object::Architecture::Aarch64),
];

fn require_zig() {
    require_program(
        "zig",
        "python3 -m pip install ziglang==0.17.0, then put its `zig` on PATH; \
         scripts/setup.sh does both",
    );
}

/// Load-command facts of a Mach-O file: dylibs, LC_MAIN, minimum macOS.
struct MachInfo {
    dylibs: Vec<String>,
    has_main: bool,
    /// (platform, minos) of LC_BUILD_VERSION.
    build_version: Option<(u32, u32)>,
    /// LC_CODE_SIGNATURE present (Apple Silicon runs only signed code).
    signed: bool,
}

fn mach_info(data: &[u8]) -> MachInfo {
    use object::macho::MachHeader64;
    use object::read::macho::{LoadCommandVariant, MachHeader};
    let header = MachHeader64::<object::Endianness>::parse(data, 0).expect("Mach-O header");
    let endian = header.endian().expect("endianness");
    let mut info = MachInfo {
        dylibs: Vec::new(),
        has_main: false,
        build_version: None,
        signed: false,
    };
    let mut cmds = header
        .load_commands(endian, data, 0)
        .expect("load commands");
    while let Some(cmd) = cmds.next().expect("load command") {
        match cmd.variant().expect("load command variant") {
            LoadCommandVariant::Dylib(d) if cmd.cmd() == object::macho::LC_LOAD_DYLIB => {
                let name = cmd.string(endian, d.dylib.name).expect("dylib name");
                info.dylibs.push(String::from_utf8_lossy(name).into_owned());
            }
            LoadCommandVariant::EntryPoint(_) => info.has_main = true,
            LoadCommandVariant::LinkeditData(_)
                if cmd.cmd() == object::macho::LC_CODE_SIGNATURE =>
            {
                info.signed = true
            }
            LoadCommandVariant::BuildVersion(b) => {
                info.build_version = Some((b.platform.get(endian), b.minos.get(endian)));
            }
            _ => {}
        }
    }
    info
}

/// `(major << 16) | (minor << 8)`, Mach-O's encoding of a version.
fn macos_min_encoded() -> u32 {
    let (major, minor) = wasmc_compiler::abi::MACOS_MIN_VERSION;
    (major << 16) | (minor << 8)
}

/// The bytes of the global symbol `name` (size `len`) in a linked file.
fn symbol_bytes<'a>(file: &object::File<'a>, name: &str, len: u64) -> &'a [u8] {
    use object::{Object, ObjectSection, ObjectSymbol};
    let sym = file
        .symbol_by_name(name)
        .unwrap_or_else(|| panic!("no symbol {name}"));
    let section = file
        .section_by_index(sym.section_index().expect("defined in a section"))
        .expect("section");
    section
        .data_range(sym.address(), len)
        .expect("section data")
        .unwrap_or_else(|| panic!("{name} lies outside its section"))
}

/// Checks what every darwin executable must be; returns the parsed file.
fn check_darwin_executable<'a>(
    data: &'a [u8],
    arch: object::Architecture,
    globals: &[&str],
    what: &str,
) -> object::File<'a> {
    use object::{Object, ObjectSymbol};
    let file = object::File::parse(data).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(file.format(), object::BinaryFormat::MachO, "{what}");
    assert_eq!(file.kind(), object::ObjectKind::Executable, "{what}");
    assert_eq!(file.architecture(), arch, "{what}");
    assert!(file.is_64() && file.is_little_endian(), "{what}");
    let info = mach_info(data);
    assert!(info.has_main, "{what}: no LC_MAIN entry point");
    // arm64 macOS kills unsigned code; the linker signs it ad hoc.
    if arch == object::Architecture::Aarch64 {
        assert!(info.signed, "{what}: no (ad-hoc) code signature");
    }
    assert_eq!(
        info.dylibs,
        ["/usr/lib/libSystem.B.dylib"],
        "{what}: links more than libSystem"
    );
    assert_eq!(
        info.build_version,
        Some((object::macho::PLATFORM_MACOS, macos_min_encoded())),
        "{what}: (platform, minimum macOS)"
    );
    for g in globals {
        let sym = file
            .symbol_by_name(g)
            .unwrap_or_else(|| panic!("{what}: no symbol {g}"));
        assert!(sym.is_definition(), "{what}: {g} is not defined");
    }
    file
}

#[test]
fn darwin_executables_link_with_zig() {
    use wasmc_compiler::abi;
    require_zig();
    let dir = TestDir::new("darwin-exe");
    let wasm = dir.join("wasi_files.wasm");
    compile_c_wasm(&tests_dir().join("c/wasi_files.c"), &wasm, &[]);
    for (triple, arch) in DARWIN {
        let exe = dir.join(format!("prog-{triple}"));
        let mut cmd = Command::new(wasmc_bin());
        cmd.arg("build")
            .arg(&wasm)
            .args(["--target", triple, "--env", "GREETING=hello", "--dir", "."])
            .arg("-o")
            .arg(&exe)
            .env("WASMC_RUNTIME_CFLAGS", "-Werror")
            .env_remove(format!("CC_{}", triple.replace('-', "_")));
        let out = run_command(cmd, b"");
        assert_no_panic(&out);
        assert!(out.status.success(), "{triple}: {out:?}");
        let data = std::fs::read(&exe).expect("read executable");
        let file = check_darwin_executable(
            &data,
            arch,
            &["_main", "_wasmc_module", "_wasmc_exe_config"],
            triple,
        );
        // The build-time configuration, not main.c's weak all-zero default.
        let cfg = &abi::EXE_CONFIG;
        let size = u64::from(cfg.layout(8).size);
        let bytes = symbol_bytes(&file, "_wasmc_exe_config", size);
        let u32_at = |field: &str| {
            let o = cfg.offset(field, 8) as usize;
            u32::from_le_bytes(bytes[o..o + 4].try_into().expect("4 bytes"))
        };
        assert_eq!(u32_at("abi_version"), abi::ABI_VERSION, "{triple}");
        assert_eq!(
            (u32_at("num_dirs"), u32_at("num_envs")),
            (1, 1),
            "{triple}: --dir and --env"
        );
    }
}

/// The embedding workflow for macOS: `wasmc runtime --target`, a module
/// object, a host linked by hand with the printed command (Zig's here).
#[test]
fn darwin_embedding_host_links_with_zig() {
    require_zig();
    let dir = TestDir::new("darwin-embed");
    for (triple, arch) in DARWIN {
        let (host, link) = build_embed_host(&dir.join(triple), Some(triple));
        assert!(link.starts_with("zig cc -target "), "{triple}: {link}");
        let data = std::fs::read(&host).expect("read host");
        check_darwin_executable(&data, arch, &["_main", "_app_module"], triple);
    }
}
