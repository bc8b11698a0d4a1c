//! The GC collector under stress: the WAT programs in `tests/wat/gc/`, built
//! with a small `--max-gc-heap` in both bounds-check modes.
//!
//! - `churn`: 100 times the heap limit in short-lived structs and arrays
//!   (large ones too) completes, with a peak RSS (`wait4`'s `ru_maxrss`)
//!   far below what was allocated;
//! - `survive`: a list in a global, a tree in a table and a list in a local
//!   stay intact (checksums) through thousands of collections, counted
//!   from `WASMC_GC_VERBOSE`'s line per collection;
//! - `deep`: 10000 frames each holding references in locals and on the
//!   operand stack across allocations made far deeper;
//! - `exn`: exceptions with struct payloads caught several frames up, with
//!   `catch` and with `catch_ref` + `throw_ref`, while collections run;
//! - `const_deep`: a global's constant expression of 121 operators
//!   allocates 24 structs holding 30000-byte arrays with a 1 MiB heap, so
//!   collections run while earlier results sit on the evaluator's value
//!   stack (scratch roots); every cell must come out intact;
//! - `exhaust`: a full heap and an array larger than the heap trap
//!   `GC heap exhausted`;
//! - `deep` and `survive` again with a runtime whose mark stack holds 16
//!   entries (`-DGC_MARK_STACK_MAX=16`), so that marking overflows all the
//!   time and the rescan of the heap must find what was not traced;
//! - `deep`, `exn` and `churn` with the runtime under ASan/UBSan.
//!
//! The expected sums are computed here from the programs' definitions.

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use wasmc_tests::*;

fn build(dir: &TestDir, name: &str, mode: BoundsChecks, heap: &str) -> PathBuf {
    let wat = dir.join(format!("{name}.wat"));
    fs::write(&wat, expand_wat(&format!("gc/{name}"))).expect("write wat");
    let exe = dir.join(name);
    build_executable(&wat, &exe, mode, &["--max-gc-heap", heap]);
    exe
}

/// A run with its peak resident set size.
struct Measured {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    max_rss_kib: i64,
}

/// Runs `exe args` with `env`, stdout/stderr to files in `dir`, and waits
/// with `wait4` to get the child's own peak RSS (not that of the compiler
/// runs this test made before). Killed after the standard test timeout.
fn run_measured(dir: &TestDir, exe: &Path, args: &[&str], env: &[(&str, &str)]) -> Measured {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).expect("stdout file"))
        .stderr(fs::File::create(&err_path).expect("stderr file"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let (raw, rusage) = loop {
        let mut raw = 0;
        // SAFETY: rusage is plain old data; all-zero is a valid value.
        let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 on our own child, writing into the two locals.
        let r = unsafe { libc::wait4(pid, &mut raw, libc::WNOHANG, &mut rusage) };
        assert!(r >= 0, "wait4: {}", std::io::Error::last_os_error());
        if r == pid {
            break (raw, rusage);
        }
        if start.elapsed() > timeout() {
            // SAFETY: signalling our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{} {args:?} timed out after {:?}", exe.display(), timeout());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(child);
    Measured {
        status: ExitStatus::from_raw(raw),
        stdout: fs::read_to_string(&out_path).expect("read stdout"),
        stderr: fs::read_to_string(&err_path).expect("read stderr"),
        max_rss_kib: rusage.ru_maxrss,
    }
}

/// At least `min` collections ran (`WASMC_GC_VERBOSE` prints a line each).
fn assert_collections(m: &Measured, min: usize, what: &str) {
    let collections = m
        .stderr
        .lines()
        .filter(|l| l.starts_with("wasmc gc: collection"))
        .count();
    assert!(
        collections >= min,
        "{what}: only {collections} collections (want {min}):\n{}",
        m.stderr
    );
}

fn assert_ok(m: &Measured, what: &str) {
    assert!(
        m.status.success(),
        "{what}: {:?}\nstdout:\n{}\nstderr:\n{}",
        m.status,
        m.stdout,
        m.stderr
    );
}

fn churn(mode: BoundsChecks) {
    let dir = TestDir::new("gc-churn");
    let exe = build(&dir, "churn", mode, "4M");
    // 400 MiB through a 4 MiB heap.
    let m = run_measured(&dir, &exe, &["400"], &[]);
    assert_ok(&m, "churn");
    let lines: Vec<&str> = m.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "churn output: {}", m.stdout);
    let rounds: u64 = lines[1].parse().expect("rounds");
    // Each round reads back its struct's field (the round number); every
    // 64th also the last byte of a large array filled with (round mod 256).
    let expected: u64 = (0..rounds)
        .map(|r| r + if r % 64 == 0 { r % 256 } else { 0 })
        .sum();
    assert_eq!(lines[0], expected.to_string(), "churn checksum");
    assert!(
        rounds > 200_000,
        "churn allocated too little: {rounds} rounds"
    );
    // A heap of 4 MiB, the runtime and the C library: far below the 400 MiB
    // allocated (64 MiB leaves room for the allocator's own tables).
    assert!(
        m.max_rss_kib < 64 * 1024,
        "churn: peak RSS {} KiB for a 4 MiB heap",
        m.max_rss_kib
    );
}

#[test]
fn gc_churn_bounded_rss_guard() {
    churn(BoundsChecks::Guard);
}

#[test]
fn gc_churn_bounded_rss_explicit() {
    churn(BoundsChecks::Explicit);
}

/// The checksums `survive.wat` computes for its list of `n` nodes (values
/// 7, 14, ... from the head, weighted by position) and its tree.
fn list_sum(n: u64) -> u64 {
    (1..=n).map(|i| i * 7 * i).sum()
}

fn tree_sum(depth: u32, v: u64) -> u64 {
    if depth == 0 {
        return 0;
    }
    v + 3 * tree_sum(depth - 1, v * 2) + tree_sum(depth - 1, v * 2 + 1)
}

fn survive(mode: BoundsChecks) {
    let dir = TestDir::new("gc-survive");
    let exe = build(&dir, "survive", mode, "2M");
    let m = run_measured(&dir, &exe, &["8000000"], &[("WASMC_GC_VERBOSE", "1")]);
    assert_ok(&m, "survive");
    let expected = format!(
        "{}\n{}\n{}\n{}\n",
        list_sum(5000),
        tree_sum(10, 1),
        list_sum(1000),
        8_000_000u64.div_ceil(4096)
    );
    assert_eq!(m.stdout, expected, "survive checksums");
    assert_collections(&m, 1000, "survive");
}

#[test]
fn gc_survive_collections_guard() {
    survive(BoundsChecks::Guard);
}

#[test]
fn gc_survive_collections_explicit() {
    survive(BoundsChecks::Explicit);
}

fn deep(mode: BoundsChecks) {
    let dir = TestDir::new("gc-deep");
    let exe = build(&dir, "deep", mode, "4M");
    let m = run_measured(&dir, &exe, &["10000", "20"], &[("WASMC_GC_VERBOSE", "1")]);
    assert_ok(&m, "deep");
    // down(n) = n (n + 1), 20 times.
    assert_eq!(m.stdout, format!("{}\n20\n", 20 * 10000u64 * 10001));
    assert_collections(&m, 10, "deep");
}

#[test]
fn gc_deep_recursion_guard() {
    deep(BoundsChecks::Guard);
}

#[test]
fn gc_deep_recursion_explicit() {
    deep(BoundsChecks::Explicit);
}

fn exn(mode: BoundsChecks) {
    let dir = TestDir::new("gc-exn");
    let exe = build(&dir, "exn", mode, "2M");
    let m = run_measured(&dir, &exe, &["2000"], &[("WASMC_GC_VERBOSE", "1")]);
    assert_ok(&m, "exn");
    // Both catches give back round i: 2 * (0 + 1 + ... + 1999).
    let sum: u64 = (0..2000u64).map(|i| 2 * i).sum();
    assert_eq!(m.stdout, format!("{sum}\n2000\n"));
    assert_collections(&m, 50, "exn");
}

#[test]
fn gc_exceptions_guard() {
    exn(BoundsChecks::Guard);
}

#[test]
fn gc_exceptions_explicit() {
    exn(BoundsChecks::Explicit);
}

fn const_deep(mode: BoundsChecks) {
    let dir = TestDir::new("gc-const-deep");
    let exe = build(&dir, "const_deep", mode, "1M");
    let m = run_measured(&dir, &exe, &[], &[("WASMC_GC_VERBOSE", "1")]);
    assert_ok(&m, "const_deep");
    assert_eq!(m.stdout, "24\n", "intact cells of the global's array");
    // The program allocates only in the global's initialiser: every
    // collection ran in the middle of that constant expression.
    assert_collections(&m, 2, "const_deep");
}

#[test]
fn gc_const_expr_roots_guard() {
    const_deep(BoundsChecks::Guard);
}

#[test]
fn gc_const_expr_roots_explicit() {
    const_deep(BoundsChecks::Explicit);
}

fn exhaust(mode: BoundsChecks) {
    let dir = TestDir::new("gc-exhaust");
    let exe = build(&dir, "exhaust", mode, "4M");
    let fits = run(&exe, &RunOpts::args(["99"]));
    check_wasm_status(&fits, Status::Code(0), "exhaust 99");
    assert_eq!(fits.stdout_str(), "fits\n");
    for case in ["0", "1"] {
        let out = run(&exe, &RunOpts::args([case]));
        assert_trap(&out, "GC heap exhausted", &format!("exhaust {case}"));
        assert_eq!(out.stdout_str(), "start\n");
    }
}

#[test]
fn gc_exhaustion_traps_guard() {
    exhaust(BoundsChecks::Guard);
}

#[test]
fn gc_exhaustion_traps_explicit() {
    exhaust(BoundsChecks::Explicit);
}

/// A runtime with a tiny mark stack: overflow recovery (`rescan` in
/// gc_heap.c) on every collection.
fn mark_stack_overflow(mode: BoundsChecks) {
    let dir = TestDir::new("gc-overflow");
    for (name, args, expected) in [
        (
            "deep",
            &["3000", "4"][..],
            format!("{}\n4\n", 4 * 3000u64 * 3001),
        ),
        (
            "survive",
            &["200000"][..],
            format!(
                "{}\n{}\n{}\n{}\n",
                list_sum(5000),
                tree_sum(10, 1),
                list_sum(1000),
                200_000u64.div_ceil(4096)
            ),
        ),
    ] {
        let wat = dir.join(format!("{name}.wat"));
        fs::write(&wat, expand_wat(&format!("gc/{name}"))).expect("write wat");
        let exe = dir.join(name);
        build_executable_with(
            &wat,
            &exe,
            mode,
            &["--max-gc-heap", "1M"],
            Some("-DGC_MARK_STACK_MAX=16"),
        );
        let m = run_measured(&dir, &exe, args, &[("WASMC_GC_VERBOSE", "1")]);
        assert_ok(&m, name);
        assert_eq!(m.stdout, expected, "{name} with a 16-entry mark stack");
        assert_collections(&m, 5, name);
    }
}

#[test]
fn gc_mark_stack_overflow_guard() {
    mark_stack_overflow(BoundsChecks::Guard);
}

#[test]
fn gc_mark_stack_overflow_explicit() {
    mark_stack_overflow(BoundsChecks::Explicit);
}

/// The collector's C under AddressSanitizer and UBSan: marking, sweeping,
/// the frame walk (its raw stack reads are exempt from ASan) and the
/// exception roots.
#[test]
fn gc_stress_sanitized() {
    let dir = TestDir::new("gc-asan");
    let runs: [(&str, &[&str], String); 3] = [
        (
            "deep",
            &["2000", "3"],
            format!("{}\n3\n", 3 * 2000u64 * 2001),
        ),
        (
            "exn",
            &["300"],
            format!("{}\n300\n", (0..300u64).map(|i| 2 * i).sum::<u64>()),
        ),
        ("churn", &["32"], String::new()),
    ];
    for (name, args, expected) in runs {
        let wat = dir.join(format!("{name}.wat"));
        fs::write(&wat, expand_wat(&format!("gc/{name}"))).expect("write wat");
        let exe = dir.join(name);
        build_executable_with(
            &wat,
            &exe,
            BoundsChecks::Guard,
            &["--max-gc-heap", "2M"],
            Some("-fsanitize=address,undefined -fno-sanitize-recover=all"),
        );
        let m = run_measured(&dir, &exe, args, &[]);
        assert_ok(&m, name);
        if !expected.is_empty() {
            assert_eq!(m.stdout, expected, "{name} under ASan/UBSan");
        }
    }
}
