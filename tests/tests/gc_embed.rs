//! GC references held by an embedding host: `c/embed/gc_roots_host.c` with
//! `wat/embed/gc_roots.wat`, in both bounds modes and with the runtime and
//! host under ASan/UBSan. Rooted objects (`wasmc_gc_root_new`) survive
//! collections forced by garbage and by `wasmc_gc_collect` with their fields
//! intact (in an 8 MiB heap: `wasmc_gc_set_heap_size`); a wasm frame's
//! references survive collections run by wasm that a host function called;
//! freeing the handles and the linker (and its heap) is clean.

use wasmc_tests::{build_embed_host, run, tests_dir, BoundsChecks, RunOpts, TestDir};

fn run_host(bounds: BoundsChecks, cflags: &str, label: &str) {
    let dir = TestDir::new(label);
    let app = tests_dir().join("wat/embed/gc_roots.wat");
    let host_c = tests_dir().join("c/embed/gc_roots_host.c");
    let host = build_embed_host(dir.path(), &app, &host_c, bounds, cflags);
    let out = run(&host, &RunOpts::default());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout_str(), "ok 100\n", "{out:?}");
}

#[test]
fn gc_embed_roots_guard() {
    run_host(BoundsChecks::Guard, "", "gc-embed-guard");
}

#[test]
fn gc_embed_roots_explicit() {
    run_host(BoundsChecks::Explicit, "", "gc-embed-explicit");
}

#[test]
fn gc_embed_roots_sanitized() {
    run_host(
        BoundsChecks::Guard,
        "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer",
        "gc-embed-asan",
    );
}
