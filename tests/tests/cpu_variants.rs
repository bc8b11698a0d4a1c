//! Multi-versioned code (`--cpu A+B`): a program built with `--cpu
//! baseline+x86-64-v3`, with the hot functions copied (the x86-64 default)
//! or every function (`--multiversion all`), behaves exactly like its
//! `--cpu baseline` build in every variant (picked automatically, or
//! forced with `WASMC_CPU_VARIANT=N`), shared and copied code calling each
//! other included:
//! traps and their backtraces, exceptions, GC stack maps, SIMD, C programs
//! and two bench kernels; the runtime picks variant 0 on a CPU without the
//! second CPU's features (qemu64) and the most capable variant on one with
//! them (qemu Haswell); a forced variant this CPU lacks, or one that does not
//! exist, is an error; `--emit obj` is deterministic; the right functions
//! are copied and shared code does not call variant 0's copies; bad `--cpu` lists are
//! clear errors; the embedding API (`wasmc wast`) picks the same way.
//! The aarch64 counterpart is in `cross/cpu_features.rs`.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasmc_tests::*;

const MULTI: &str = "baseline+x86-64-v3";

/// Runs `exe args` with `WASMC_CPU_VARIANT` set to `variant` (unset: None),
/// under `prefix` (e.g. qemu) if given.
fn run_variant(exe: &Path, args: &[&str], variant: Option<&str>, prefix: &[&str]) -> Output {
    let mut cmd = match prefix.split_first() {
        Some((p, rest)) => {
            let mut c = Command::new(p);
            c.args(rest).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    cmd.args(args);
    cmd.env_remove("WASMC_CPU_VARIANT_VERBOSE");
    match variant {
        Some(v) => cmd.env("WASMC_CPU_VARIANT", v),
        None => cmd.env_remove("WASMC_CPU_VARIANT"),
    };
    run_command(cmd, b"")
}

/// Status, stdout and stderr equal, except for the count in a backtrace's
/// `... N more frames` line: where the native stack runs out depends on
/// the frame sizes of the callers below the recursion, which differ between
/// a variant's copies and the baseline code (`trap_stack`).
fn assert_same_run(want: &Output, got: &Output, what: &str) {
    assert_eq!(
        want.status_str(),
        got.status_str(),
        "{what}: status\nsingle-CPU:\n{want:?}\nmulti-versioned:\n{got:?}"
    );
    assert_same_stdout(&want.stdout, &got.stdout, &format!("{what}: stdout"));
    let frames = |b: &[u8]| -> Vec<u8> {
        let s = String::from_utf8_lossy(b);
        s.lines()
            .map(|l| match l.strip_prefix("  ... ") {
                Some(rest) if rest.ends_with(" more frames") => "  ... N more frames",
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    };
    assert_same_stdout(
        &frames(&want.stderr),
        &frames(&got.stderr),
        &format!("{what}: stderr"),
    );
}

/// Builds `input` once for the baseline (`--cpu baseline`) and with `--cpu
/// MULTI` (plus `extra`) twice: the hot functions copied (the default,
/// `-multi`: shared and copied code call each other) and every function
/// copied (`--multiversion all`, `-multi-all`); runs each `args` of `runs`
/// on the first and on the others with the variant unset, 0 and 1, and
/// compares everything (status, stdout, stderr: trap messages and
/// backtraces included).
fn compare(dir: &TestDir, name: &str, input: &Path, extra: &[&str], runs: &[&[&str]]) {
    let name = name.replace('/', "_");
    let single = dir.join(format!("{name}-single"));
    let mut flags = extra.to_vec();
    flags.extend(["--cpu", "baseline"]);
    build_executable(input, &single, BoundsChecks::Guard, &flags);
    let mut multis = Vec::new();
    for (suffix, how) in [("multi", "hot"), ("multi-all", "all")] {
        let exe = dir.join(format!("{name}-{suffix}"));
        let mut flags = extra.to_vec();
        flags.extend(["--cpu", MULTI, "--multiversion", how]);
        build_executable(input, &exe, BoundsChecks::Guard, &flags);
        multis.push((suffix, exe));
    }
    for args in runs {
        let want = run_variant(&single, args, None, &[]);
        for (suffix, multi) in &multis {
            for v in [None, Some("0"), Some("1")] {
                let got = run_variant(multi, args, v, &[]);
                assert_same_run(
                    &want,
                    &got,
                    &format!("{name}-{suffix} {args:?} WASMC_CPU_VARIANT={v:?}"),
                );
            }
        }
    }
}

/// `wasmc build INPUT --target x86_64-unknown-linux-gnu --emit obj -o
/// DIR/NAME FLAGS...`, asserting success; the object's bytes.
fn x86_64_obj(dir: &TestDir, input: &Path, name: &str, flags: &[&str]) -> Vec<u8> {
    let o = dir.join(name);
    let mut args: Vec<OsString> = vec![
        "build".into(),
        input.into(),
        "--target".into(),
        "x86_64-unknown-linux-gnu".into(),
        "--emit".into(),
        "obj".into(),
        "-o".into(),
        o.clone().into(),
    ];
    args.extend(flags.iter().map(OsString::from));
    let out = wasmc(args);
    assert!(out.status.success(), "{flags:?}: {out:?}");
    fs::read(&o).expect("object")
}

fn wat(dir: &TestDir, file: &str) -> PathBuf {
    let src = dir.join(format!("{}.wat", file.replace('/', "_")));
    fs::write(&src, expand_wat(file)).expect("write wat");
    src
}

/// Traps with backtraces (division, memory, stack exhaustion, unreachable
/// deep in calls), exceptions caught across frames and uncaught (also in
/// code whose call sites sit at different offsets per variant,
/// `wat/variants/exceptions.wat`), tail calls, GC objects, casts and their
/// traps, SIMD on the SSE2 baseline.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_wat_programs_match_single_cpu() {
    let dir = TestDir::new("cpu-variants-wat");
    let cases: &[(&str, &[&[&str]])] = &[
        ("trap_div", &[&["0"], &["8"], &["99"]]),
        ("trap_memory", &[&["0"], &["9"]]),
        ("trap_stack", &[&["0"], &["2"]]),
        ("trap_unreachable", &[&["0"], &["1"], &["2"]]),
        ("exceptions", &[&["0"], &["3"], &["4"], &["7"]]),
        ("exceptions_frames", &[&["0"]]),
        ("variants/exceptions", &[&["1003", "3"]]),
        ("legacy_exceptions", &[&["3"], &["5"]]),
        ("tail_calls", &[&[]]),
        ("gc_structs", &[&["2"], &["99"]]),
        ("simd_shuffle_sse2", &[&[]]),
        ("float_ops", &[&[]]),
    ];
    for (file, runs) in cases {
        compare(&dir, file, &wat(&dir, file), &[], runs);
    }
    // Shared code calling copied code and back (traps on both sides, an
    // exception across the copy's frame). `--no-inline`: the single-CPU
    // build would inline the copied `$sum` into the shared `$outer`, which
    // the multi-versioned build cannot (variant 0's `$outer` reaches it
    // through its funcref record), so their backtraces would differ.
    let hot = wat(&dir, "variants/hot");
    let runs: &[&[&str]] = &[&["0", "2"], &["1", "1"], &["2", "1"], &["3", "2"]];
    compare(&dir, "variants/hot", &hot, &["--no-inline"], runs);
    // Not only the same as the single-CPU build, also right.
    let exn = dir.join("variants_exceptions-multi");
    let out = run_variant(&exn, &["1003", "3"], Some("1"), &[]);
    assert_eq!(out.stdout_str(), "5898\n3\n", "{out:?}");
}

/// GC stack maps in the picked variant: 10,000 frames holding references
/// across collections of a 4 MiB heap, in code whose safepoints sit at
/// different offsets in the two variants (`wat/variants/gc.wat`), so that a
/// variant run with the other's stack maps loses its roots.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_gc_stack_maps() {
    let dir = TestDir::new("cpu-variants-gc");
    let src = wat(&dir, "variants/gc");
    let args: &[&str] = &["10000", "20"];
    compare(&dir, "gc", &src, &["--max-gc-heap", "4M"], &[args]);
    let out = run_variant(&dir.join("gc-multi"), args, Some("1"), &[]);
    assert_eq!(out.stdout_str(), "2587568400\n20\n", "{out:?}");
}

/// C programs (the corpus's bit tricks and float edge cases) and two bench
/// kernels built with `-msimd128` (argument 1).
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_c_programs_and_kernels() {
    let dir = TestDir::new("cpu-variants-c");
    for p in ["bitops", "float_edge"] {
        let wasm = dir.join(format!("{p}.wasm"));
        compile_c_wasm(&tests_dir().join(format!("c/{p}.c")), &wasm, &[]);
        compare(&dir, p, &wasm, &[], &[&[]]);
    }
    for k in ["chacha20", "sha256"] {
        let wasm = dir.join(format!("{k}.wasm"));
        let src = workspace_dir().join(format!("scripts/bench/{k}.c"));
        compile_c_wasm(&src, &wasm, &["-msimd128"]);
        compare(&dir, k, &wasm, &[], &[&["1"]]);
    }
}

/// Which variant runs: `WASMC_CPU_VARIANT_VERBOSE` says, the forced one is
/// obeyed, and one out of range or not a number is refused (exit 1, nothing
/// run).
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_forced_and_refused() {
    let dir = TestDir::new("cpu-variants-env");
    let exe = dir.join("hello");
    let hello = workspace_dir().join("examples/hello.wat");
    build_executable(&hello, &exe, BoundsChecks::Guard, &["--cpu", MULTI]);
    for v in ["0", "1"] {
        let mut cmd = Command::new(&exe);
        cmd.env("WASMC_CPU_VARIANT", v)
            .env("WASMC_CPU_VARIANT_VERBOSE", "1");
        let out = run_command(cmd, b"");
        assert_eq!(out.code(), Some(0), "{out:?}");
        assert!(
            out.stderr_str()
                .starts_with(&format!("wasmc: CPU variant {v} of 2 (features: ")),
            "variant {v}: {out:?}"
        );
        assert_eq!(out.stdout_str(), "hello from wasm\n", "{out:?}");
    }
    for v in ["2", "x", "-1", "1x"] {
        let out = run_variant(&exe, &[], Some(v), &[]);
        assert_eq!(out.code(), Some(1), "WASMC_CPU_VARIANT={v}: {out:?}");
        assert!(
            out.stderr_str().starts_with(&format!(
                "wasmc: error: WASMC_CPU_VARIANT={v}: this module has 2 CPU variants, 0 to 1"
            )),
            "WASMC_CPU_VARIANT={v}: {out:?}"
        );
        assert!(out.stdout.is_empty(), "{out:?}");
    }
}

/// On qemu64 (SSE2 only) the automatic choice is variant 0 and a forced
/// variant 1 is refused; on qemu's Haswell model, variant 1 is picked.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_picked_by_cpu_under_qemu() {
    require_program("qemu-x86_64", "qemu-user");
    let dir = TestDir::new("cpu-variants-qemu");
    let src = wat(&dir, "trap_unreachable");
    let single = dir.join("single");
    build_executable(&src, &single, BoundsChecks::Guard, &["--cpu", "baseline"]);
    let multi = dir.join("multi");
    build_executable(&src, &multi, BoundsChecks::Guard, &["--cpu", MULTI]);
    let q64: &[&str] = &["qemu-x86_64", "-cpu", "qemu64"];
    for args in [&["0"][..], &["2"]] {
        let want = run_variant(&single, args, None, q64);
        let got = run_variant(&multi, args, None, q64);
        assert_same_run(&want, &got, &format!("qemu64 {args:?}"));
    }
    let out = run_variant(&multi, &["2"], Some("1"), q64);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str().starts_with(
            "wasmc: error: WASMC_CPU_VARIANT=1: that variant needs CPU feature ssse3, which this machine lacks"
        ),
        "{out:?}"
    );
    assert!(out.stdout.is_empty(), "{out:?}");
    for (cpu, want) in [("qemu64", "0"), ("Haswell", "1")] {
        let mut cmd = Command::new("qemu-x86_64");
        cmd.args(["-cpu", cpu])
            .arg(&multi)
            .arg("2")
            .env("WASMC_CPU_VARIANT_VERBOSE", "1")
            .env_remove("WASMC_CPU_VARIANT");
        let out = run_command(cmd, b"");
        assert!(
            out.stderr_str()
                .contains(&format!("wasmc: CPU variant {want} of 2 (")),
            "{cpu}: {out:?}"
        );
        assert_eq!(out.code(), Some(0), "{cpu}: {out:?}");
    }
}

/// `--emit obj` of multi-versioned code: the same bytes twice, holding the
/// second variant's symbols (`.v1`), which a single-CPU object lacks.
#[test]
fn cpu_variants_obj_is_deterministic() {
    let dir = TestDir::new("cpu-variants-obj");
    let input = wat(&dir, "exceptions");
    let obj = |name: &str, cpu: &str| x86_64_obj(&dir, &input, name, &["--cpu", cpu]);
    let (a, b) = (obj("a.o", MULTI), obj("b.o", MULTI));
    assert!(a == b, "two builds with --cpu {MULTI} differ");
    let has = |bytes: &[u8], s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
    assert!(has(&a, b".v1\0"), "no variant-1 symbol in the object");
    let single = obj("s.o", "baseline");
    assert!(
        !has(&single, b".v1\0"),
        "variant symbol in a single-CPU object"
    );
    assert!(a.len() > single.len(), "the variant adds no code");
}

/// Which functions a further variant copies (`emit/hot.rs`): by default
/// those with loops (`$main`'s repetition loop in variants/exceptions.wat),
/// not the loop-free ones (`$down`, `$thrower`, `$mix`), which variant 1
/// shares with variant 0; `--multiversion all` copies every function; with
/// no `--cpu` at -O2 an x86-64 build is multi-versioned the default way,
/// and `-O0`, `-O1`, `--cpu baseline` or `--cpu-features` alone build one
/// variant.
#[test]
fn cpu_variants_hot_functions_only() {
    let dir = TestDir::new("cpu-variants-hot");
    let input = wat(&dir, "variants/exceptions");
    let obj = |name: &str, flags: &[&str]| x86_64_obj(&dir, &input, name, flags);
    // Whether the object has the variant-1 symbol of the function named `f`
    // (`f.wasm_func_N.v1`).
    let copied = |bytes: &[u8], f: &str| {
        let pat = format!("{f}.wasm_func_");
        bytes.windows(pat.len()).enumerate().any(|(i, w)| {
            w == pat.as_bytes() && {
                let rest = &bytes[i + pat.len()..];
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                digits > 0 && rest[digits..].starts_with(b".v1\0")
            }
        })
    };
    let hot = obj("hot.o", &["--cpu", MULTI]);
    assert!(copied(&hot, "main"), "the loop function is not copied");
    for f in ["down", "thrower", "mix"] {
        assert!(!copied(&hot, f), "loop-free `{f}` copied");
    }
    let all = obj("all.o", &["--cpu", MULTI, "--multiversion", "all"]);
    for f in ["main", "down", "thrower", "mix"] {
        assert!(copied(&all, f), "--multiversion all: `{f}` not copied");
    }
    assert!(hot.len() < all.len(), "hot copies as much as all");
    let default = obj("default.o", &[]);
    assert!(default == hot, "the x86-64 default is not {MULTI} (hot)");
    // Shared code must reach the copies the picked variant runs, so its
    // direct calls may name no copied function's variant-0 code: in
    // variants/hot.wat the shared `$outer` has no relocation to `$sum`
    // (it calls through `$sum`'s funcref record), while variant 1's copy of
    // `$sum` calls the shared `$step` directly.
    let src = wat(&dir, "variants/hot");
    let calls = direct_calls(&x86_64_obj(&dir, &src, "hot-calls.o", &["--no-inline"]));
    let calls_of = |f: &str| -> Vec<&str> {
        calls
            .iter()
            .filter(|(from, _)| from == f)
            .map(|(_, to)| to.as_str())
            .collect()
    };
    assert!(
        calls_of("main.wasm_func_").contains(&"outer.wasm_func_"),
        "no direct call main -> outer found: {calls:?}"
    );
    let outer = calls_of("outer.wasm_func_");
    assert!(
        !outer.iter().any(|t| t.starts_with("sum.")),
        "shared $outer calls variant 0's $sum directly: {outer:?}"
    );
    let sum_v1 = calls_of("sum.wasm_func_.v1");
    assert!(
        sum_v1
            .iter()
            .any(|t| t.starts_with("step.") && !t.ends_with(".v1")),
        "variant 1's $sum does not call the shared $step: {sum_v1:?}"
    );
    for flags in [
        &["-O0"][..],
        &["-O1"],
        &["--cpu", "baseline"],
        &["--cpu-features", "+popcnt"],
    ] {
        let single = obj("single.o", flags);
        assert!(!copied(&single, "main"), "{flags:?}: multi-versioned");
    }
}

/// (caller, callee) symbol names of the call relocations in an x86-64 ELF
/// object's `.text`, with the function indexes left out of both
/// (`name.wasm_func_N[.v1]` -> `name.wasm_func_[.v1]`).
fn direct_calls(elf: &[u8]) -> Vec<(String, String)> {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
    let file = object::File::parse(elf).expect("ELF object");
    let strip = |n: &str| -> String {
        let Some(i) = n.find(".wasm_func_") else {
            return n.to_string();
        };
        let (head, tail) = n.split_at(i + ".wasm_func_".len());
        let rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        format!("{head}{rest}")
    };
    let text = file.section_by_name(".text").expect(".text");
    let mut funcs: Vec<(u64, u64, String)> = file
        .symbols()
        .filter(|s| s.section_index() == Some(text.index()) && s.size() > 0)
        .map(|s| (s.address(), s.size(), strip(s.name().unwrap_or(""))))
        .collect();
    funcs.sort();
    let mut out = Vec::new();
    for (off, r) in text.relocations() {
        let RelocationTarget::Symbol(sym) = r.target() else {
            continue;
        };
        let to = strip(
            file.symbol_by_index(sym)
                .expect("symbol")
                .name()
                .unwrap_or(""),
        );
        if let Some((_, _, from)) = funcs.iter().find(|(a, n, _)| *a <= off && off < a + n) {
            out.push((from.clone(), to));
        }
    }
    out
}

/// Bad `--cpu` lists: exit 1, a message saying what is wrong, no output.
#[test]
fn cpu_variants_bad_lists_are_clear() {
    let dir = TestDir::new("cpu-variants-bad");
    let out_file = dir.join("out");
    let hello = workspace_dir().join("examples/hello.wat");
    let x86 = "x86_64-unknown-linux-gnu";
    let cases: &[(&str, &str, &str)] = &[
        (x86, "baseline+pentium-9000", "unknown CPU `pentium-9000`"),
        (
            x86,
            "x86-64-v3+baseline",
            "`baseline` lacks CPU features of `x86-64-v3`",
        ),
        (
            x86,
            "baseline+x86-64-v3+x86-64-v2",
            "`x86-64-v2` lacks CPU features of `x86-64-v3`",
        ),
        (x86, "baseline+baseline", "CPU `baseline` is named twice"),
        (x86, "x86-64-v3+x86-64-v3", "CPU `x86-64-v3` is named twice"),
        (x86, "baseline++x86-64-v3", "empty CPU name"),
        (x86, "baseline+", "empty CPU name"),
        (
            x86,
            "baseline+x86-64-v2+x86-64-v3+x86-64-v4+native",
            "at most 4 CPUs",
        ),
        (x86, "baseline+baseline:-sse2", "unknown CPU feature `sse2`"),
        (
            "aarch64-unknown-linux-gnu",
            "baseline+x86-64-v3",
            "unknown CPU `x86-64-v3` for aarch64",
        ),
        (
            "aarch64-unknown-linux-gnu",
            "baseline:lse+baseline",
            "`baseline` lacks CPU features of `baseline:lse`",
        ),
        (
            "aarch64-unknown-linux-gnu",
            "baseline+baseline:-lse",
            "has no CPU feature that `baseline` lacks",
        ),
    ];
    for (target, cpu, want) in cases {
        let out = wasmc([
            OsString::from("build"),
            hello.clone().into(),
            "--target".into(),
            (*target).into(),
            "--cpu".into(),
            (*cpu).into(),
            "-o".into(),
            out_file.clone().into(),
        ]);
        assert_no_panic(&out);
        assert_eq!(out.code(), Some(1), "{cpu}: {out:?}");
        assert!(
            out.stderr_str().starts_with("error: ") && out.stderr_str().contains(want),
            "{cpu}: expected `{want}` in {out:?}"
        );
        assert!(!out_file.exists(), "{cpu}: output left behind");
    }
}

/// The embedding API picks too: `wasmc wast --cpu MULTI` passes spec files
/// with every variant forced, and a variant out of range fails every
/// instantiation with the runtime's message.
#[cfg(target_arch = "x86_64")]
#[test]
fn cpu_variants_wast_every_variant() {
    let spec = spec_dir().join("wasm-2.0");
    let files: Vec<PathBuf> = ["i64.wast", "call_indirect.wast", "simd_f32x4_rounding.wast"]
        .iter()
        .map(|f| spec.join(f))
        .collect();
    let wast = |variant: &str| {
        let mut cmd = Command::new(wasmc_bin());
        cmd.args(["wast", "--cpu", MULTI])
            .args(&files)
            .env("WASMC_CPU_VARIANT", variant);
        run_command(cmd, b"")
    };
    for v in ["", "0", "1"] {
        let out = wast(v);
        assert_eq!(out.code(), Some(0), "WASMC_CPU_VARIANT={v}: {out:?}");
        assert!(out.stdout_str().contains(" 0 failed"), "{out:?}");
    }
    let out = wast("7");
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stdout_str()
            .contains("WASMC_CPU_VARIANT=7: this module has 2 CPU variants"),
        "{out:?}"
    );
}
