//! The WebAssembly 2.0 and 3.0 spec testsuites, the legacy exception
//! handling scripts and the threads proposal's, run with `wasmc wast` in both memory modes. The suite is read in place from `$WASMC_SPEC_DIR` (default
//! `../shared/spec` next to the workspace); the test fails if it is missing.
//! Exceptions live in `tests/spec-expectations.txt`, each with its reason.

use std::process::Command;
use wasmc_tests::{run_spec_suite, wasmc_bin, BoundsChecks};

/// Runs `suite` in `mode` at the default `-O2` (see [`run_spec_suite`]).
fn run_suite(suite: &str, mode: BoundsChecks, min_files: usize, min_passed: u64) {
    run_suite_at(suite, mode, "-O2", min_files, min_passed);
}

/// Runs `suite` in `mode` at optimization level `opt` (`-O0`..`-O2`).
fn run_suite_at(suite: &str, mode: BoundsChecks, opt: &str, min_files: usize, min_passed: u64) {
    run_spec_suite(
        &format!("{suite} {mode} {opt}"),
        suite,
        &["--bounds-checks", mode.as_str(), opt],
        |_| true,
        min_files,
        min_passed,
    );
}

#[test]
fn spec_wasm2_guard() {
    run_suite("wasm-2.0", BoundsChecks::Guard, 140, 20_000);
}

#[test]
fn spec_wasm2_explicit() {
    run_suite("wasm-2.0", BoundsChecks::Explicit, 140, 20_000);
}

#[test]
fn spec_wasm3_guard() {
    run_suite("wasm-3.0", BoundsChecks::Guard, 250, 20_000);
}

#[test]
fn spec_wasm3_explicit() {
    run_suite("wasm-3.0", BoundsChecks::Explicit, 250, 20_000);
}

/// The 3.0 suite at the lower optimization levels too (the other tests run
/// the default `-O2`): `-O0` (single-pass register allocation, no Cranelift
/// optimizations) in guard mode, `-O1` (no whole-module passes) in explicit
/// mode, so every level passes the whole suite.
#[test]
fn spec_wasm3_o0_guard() {
    run_suite_at("wasm-3.0", BoundsChecks::Guard, "-O0", 250, 20_000);
}

#[test]
fn spec_wasm3_o1_explicit() {
    run_suite_at("wasm-3.0", BoundsChecks::Explicit, "-O1", 250, 20_000);
}

/// The legacy exception-handling scripts at `-O0` (the exception tables
/// come out of a different register allocator there).
#[test]
fn spec_legacy_exceptions_o0_explicit() {
    run_suite_at("legacy-exceptions", BoundsChecks::Explicit, "-O0", 4, 96);
}

/// The legacy exception-handling scripts (folded `try`, unfolded by
/// `wasmc wast`): 4 files, 96 assertions.
#[test]
fn spec_legacy_exceptions_guard() {
    run_suite("legacy-exceptions", BoundsChecks::Guard, 4, 96);
}

#[test]
fn spec_legacy_exceptions_explicit() {
    run_suite("legacy-exceptions", BoundsChecks::Explicit, 4, 96);
}

/// The threads proposal's scripts (shared memories, atomics, wait/notify,
/// misaligned atomics): 4 files, 611 assertions pass (8 more are reversed by
/// 3.0, see the expectations file).
#[test]
fn spec_threads_guard() {
    run_suite("proposals/threads", BoundsChecks::Guard, 4, 611);
}

#[test]
fn spec_threads_explicit() {
    run_suite("proposals/threads", BoundsChecks::Explicit, 4, 611);
}

/// `(either ...)` expectations (relaxed SIMD) accept a result matching any
/// alternative and reject one matching none, with a message naming them.
#[test]
fn wast_either_results() {
    let dir = wasmc_tests::TestDir::new("wast-either");
    let file = wasmc_tests::copy_source("wat/wast/either.wast", &dir.join("either.wast"));
    let out = Command::new(wasmc_bin())
        .arg("wast")
        .arg(&file)
        .output()
        .expect("run wasmc wast");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("assert_return: expected (either "))
        .collect();
    assert!(
        !out.status.success()
            && stdout.lines().last() == Some("4 passed, 2 failed")
            && failed.len() == 2
            && failed[0].contains("either.wast:9:")
            && failed[1].contains("either.wast:12:"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs our own script `wat/wast/NAME` with `wasmc wast` in both memory
/// modes: it must succeed or fail as `success` says, and its output must
/// contain every line of `lines`.
fn run_own_wast(name: &str, success: bool, lines: &[&str]) {
    let dir = wasmc_tests::TestDir::new("wast-own");
    let file = wasmc_tests::copy_source(&format!("wat/wast/{name}"), &dir.join(name));
    for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
        let out = Command::new(wasmc_bin())
            .arg("wast")
            .arg("--bounds-checks")
            .arg(mode.as_str())
            .arg(&file)
            .output()
            .expect("run wasmc wast");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() == success
                && lines
                    .iter()
                    .all(|l| stdout.lines().any(|s| s.trim_start().ends_with(l))),
            "{mode}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `module definition` / `module instance`: separate state per instance,
/// registering and naming instances, plain named modules as definitions.
#[test]
fn wast_module_definitions_and_instances() {
    run_own_wast("module_instances.wast", true, &["24 passed, 0 failed"]);
}

/// Extended constant expressions over imported globals, evaluated by the
/// runtime (globals, data and element offsets, wrap-around, out-of-bounds
/// offsets failing instantiation).
#[test]
fn wast_extended_const_over_imported_globals() {
    run_own_wast("extended_const.wast", true, &["14 passed, 0 failed"]);
}

/// A GC object passed as an externref to a module without GC types and
/// held in its frame (locals and operand stack) across calls that collect
/// stays alive and intact (modules using externref get stack maps).
#[test]
fn wast_gc_objects_held_as_externref_by_other_modules() {
    run_own_wast("gc_extern_roots.wast", true, &["5 passed, 0 failed"]);
}

/// GC type identity across modules: identical recursion groups defined in
/// two modules link and call_indirect across them; subtypes pass where
/// their supertype is expected (imports, call_indirect, casts); groups that
/// differ in order, size or finality do not link.
#[test]
fn wast_gc_type_canonicalization_across_modules() {
    run_own_wast("gc_type_canon.wast", true, &["21 passed, 0 failed"]);
}

/// A directive the runner does not support fails, naming the directive.
#[test]
fn wast_unsupported_directive_is_named() {
    run_own_wast(
        "unsupported_directive.wast",
        false,
        &[
            "unsupported_directive.wast:3: assert_suspension: directive not supported by wasmc wast",
            "1 passed, 1 failed",
        ],
    );
}

/// Names are byte strings that may contain NUL bytes (the spec covers only
/// calling such an export): they must also survive `register` and import
/// resolution, and differ from their prefixes.
#[test]
fn wast_nul_names_link_across_modules() {
    run_own_wast("nul_names.wast", true, &["14 passed, 0 failed"]);
}

/// Multi-memory at scale: 100 memories in one instance (600 GiB of address
/// space in guard mode), each reachable by loads, stores, bulk operations,
/// data segments and imports.
#[test]
fn wast_many_memories_in_one_instance() {
    run_own_wast("many_memories.wast", true, &["33 passed, 0 failed"]);
}

/// Memory 0 imported by two more instances, grown 50 times in a loop by the
/// exporter and by an importer in turn, the third reading the new page
/// after each grow (explicit mode: against the length another instance
/// changed), unshared and shared. Guards the vmctx's copy of memory 0's
/// base (`memory0_base`) and any future copy of the length: a stale one
/// fails the reads or the out-of-bounds traps.
#[test]
fn wast_memory0_grown_by_other_instances() {
    run_own_wast("memory0_grow_shared.wast", true, &["30 passed, 0 failed"]);
}
