//! The embedding example (`examples/embed`), built exactly as the README and
//! `wasmc.h` document: module object, runtime library, host linked by hand.

use std::path::{Path, PathBuf};
use wasmc_tests::{
    build_embed_host, copy_source, run, workspace_dir, BoundsChecks, RunOpts, TestDir,
};

/// Compile `examples/embed/app.wat` to an object, write the runtime library,
/// and link `host_c` against both, as the README documents. Returns the host.
fn build_host(dir: &TestDir, host_c: &Path) -> PathBuf {
    let app = workspace_dir().join("examples/embed/app.wat");
    build_host_for(dir, &app, host_c)
}

/// [`build_host`] for the module `app` (a `.wat` file) instead of the example's.
fn build_host_for(dir: &TestDir, app: &Path, host_c: &Path) -> PathBuf {
    build_embed_host(dir.path(), app, host_c, BoundsChecks::Guard, "")
}

#[test]
fn embed_example_links_and_runs() {
    let dir = TestDir::new("embed");
    let host = build_host(&dir, &workspace_dir().join("examples/embed/host.c"));
    let out = run(&host, &RunOpts::default());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        out.stdout_str(),
        "log: 40\nadd(40, 2) = 42\nfib(30) = 832040\nfib(-1) trapped: unreachable\n"
    );
}

/// A fault that is not at a wasm trap site is not a wasm trap: a host
/// function called from wasm that dereferences NULL kills the process with
/// SIGSEGV (the default action), it is not reported as "wasm trap".
#[test]
fn host_fault_is_not_a_wasm_trap() {
    use std::os::unix::process::ExitStatusExt;
    let dir = TestDir::new("embed-fault");
    let host_c = copy_source("c/embed/host_fault.c", &dir.path().join("crash.c"));
    let host = build_host(&dir, &host_c);
    let out = run(&host, &RunOpts::default());
    assert_eq!(
        out.status.signal(),
        Some(11),
        "expected death by SIGSEGV: {out:?}"
    );
    assert!(!out.stderr_str().contains("wasm trap"), "{out:?}");
    assert!(!out.stdout_str().contains("returned"), "{out:?}");
}

/// Several memories through the embedding API (`tests/c/embed/memories_host.c`
/// with `tests/wat/embed/memories.wat`): a host-defined memory imported as
/// memory 0, `wasmc_caller_memory` giving the export "memory" (memory 2),
/// `wasmc_caller_export_memory` and `wasmc_instance_memory` reaching each
/// memory by its export name, growth and a copy between memories.
#[test]
fn embed_multi_memory() {
    let dir = TestDir::new("embed-memories");
    let app = copy_source("wat/embed/memories.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/memories_host.c", &dir.path().join("host.c"));
    let host = build_host_for(&dir, &app, &host_c);
    let out = run(&host, &RunOpts::default());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        out.stdout_str(),
        "caller memory: main 131072\n\
         caller aux: aux! 65536\n\
         caller hostmem: host 65536\n\
         caller nope: none\n\
         peek(1) = a\n\
         no caller: none 0\n\
         grow_main = 2\n\
         memory: main 196608\n\
         aux: aux! 65536\n\
         hostmem: host 65536\n\
         aux[8..12] = main\n\
         copy out of bounds: out of bounds memory access\n"
    );
}

/// Typed function references through the embedding API: globals of type
/// `(ref $t)` / `(ref null $t)` refuse values of another type (or null when
/// non-nullable); a typed reference argument of the wrong type aborts the
/// host before compiled code, which trusts static types, sees it.
#[test]
fn embed_typed_references_are_checked() {
    let dir = TestDir::new("embed-typed-refs");
    let wat = copy_source(
        "wat/embed/typed_refs.wat",
        &dir.path().join("typed_refs.wat"),
    );
    let host_c = copy_source("c/embed/typed_refs.c", &dir.path().join("typed_refs.c"));
    let host = build_host_for(&dir, &wat, &host_c);
    let out = run(&host, &RunOpts::default());
    assert_eq!(
        out.stdout_str(),
        "set g inc: 1\ncall_g(5): ok 6\nset g add: 0\nset g_nonnull null: 0\nset g null: 1\n\
         call_g(5): null function reference\napply(inc, 9): ok 10\n",
        "{out:?}"
    );
    assert!(
        out.stderr_str().contains(
            "wasmc_instance_call: argument 0 of \"apply\" does not have the parameter's reference type"
        ),
        "{out:?}"
    );
    assert!(!out.status.success(), "{out:?}");
}

/// GC objects through the embedding API (`tests/c/embed/gc_objects_host.c`
/// with `tests/wat/embed/gc_objects.wat`): an object the host got back is
/// accepted by globals whose type it has (its own struct type, eqref,
/// structref) and refused by the others (another struct type, arrayref; an
/// i31 for a struct type); as an argument of the wrong struct type it aborts
/// the host before compiled code sees it.
#[test]
fn embed_gc_objects_are_checked() {
    let dir = TestDir::new("embed-gc-objects");
    let wat = copy_source(
        "wat/embed/gc_objects.wat",
        &dir.path().join("gc_objects.wat"),
    );
    let host_c = copy_source(
        "c/embed/gc_objects_host.c",
        &dir.path().join("gc_objects_host.c"),
    );
    let host = build_host_for(&dir, &wat, &host_c);
    let out = run(&host, &RunOpts::default());
    assert_eq!(
        out.stdout_str(),
        "gs s: 1\ngs t: 0\ngs i31: 0\ngeq t: 1\ngeq i31: 1\ngstruct s: 1\ngarray s: 0\n\
         get(s): ok 42\n",
        "{out:?}"
    );
    assert!(
        out.stderr_str().contains(
            "wasmc_instance_call: argument 0 of \"get\" does not have the parameter's reference type"
        ),
        "{out:?}"
    );
    assert!(!out.status.success(), "{out:?}");
}

/// Exceptions in the embedding API (`tests/c/embed/exceptions_host.c` with
/// `tests/wat/embed/exceptions.wat`), in both bounds modes: an uncaught wasm
/// exception reaches the host with its tag and payload (every value type);
/// host functions throw (caught in wasm, uncaught, called directly); an
/// exception thrown by wasm under a host function is rethrown by it and
/// caught by the wasm below (the same exception); tags are identical across
/// instances when imported and distinct per instantiation; a start
/// function's exception comes out of instantiation.
#[test]
fn embed_exceptions() {
    let dir = TestDir::new("embed-exceptions");
    let app = copy_source("wat/embed/exceptions.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/exceptions_host.c", &dir.path().join("host.c"));
    for bounds in BoundsChecks::ALL {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, "");
        let out = run(&host, &RunOpts::default());
        assert!(out.status.success(), "{bounds}: {out:?}");
        assert_eq!(
            out.stdout_str(),
            EXCEPTIONS_HOST_STDOUT,
            "{bounds}: {out:?}"
        );
    }
}

/// What `exceptions_host` prints.
const EXCEPTIONS_HOST_STDOUT: &str = "bad tag type: invalid value type 'X' in parameter types \"iX\"\n\
         identity: ht1 is host 1, ht2 is e1 1, e1 is e2 0, missing tag NULL\n\
         tag all: types 7f 7e 7d 7c 7b 70 6f\n\
         throw_all_types: exception tag all1 code uncaught exception\n\
         payload count 7\n\
         payload: -7 4886718345 1.5 -2.25 v128 1 0 0 0 2 0 0 0 3 0 0 0 4 0 0 0 funcref f externref ok\n\
         throw_e(3): exception tag e1 payload 3\n\
         throw_ht(4): exception tag host payload 4\n\
         throw_ht(5): exception tag e1 payload 5\n\
         throw_e(6): exception tag e2 payload 6\n\
         catch_host(21): ok 1042\n\
         catch_host_indirect(24): ok 2048\n\
         catch_host_ref(25): ok 3050\n\
         uncaught_host(22): exception tag host payload 44\n\
         throw_ht_direct(23): exception tag host payload 46\n\
         catch_all_types: ok\n\
         results: -2147483647 -5 0.25 1e+300 v128 0 3 6 9 12 15 18 21 24 27 30 33 36 39 42 45 funcref f externref ok\n\
         through_host(0): ok -1\n\
         through_host(1): ok 7\n\
         through_host(2): ok -2\n\
         through_host(3): ok 11\n\
         through_host_uncaught(1): exception tag e1 payload 7 (the rethrown one)\n\
         through_host_uncaught(2): exception tag e2 payload 8 (the rethrown one)\n\
         no_throw(0): ok 5\n\
         catch_host(1): ok 1002\n\
         start: NULL exception err \"trap: uncaught exception\" tag other payload 99\n\
         start without trap info: exception\n";

/// memory64 and table64 through the embedding API
/// (`tests/c/embed/memory64_host.c` with `tests/wat/embed/memory64.wat`):
/// host-defined 64-bit memory and table64 imported by the module, the
/// memory grown past 4 GiB and read and written on both sides of 2^32 by
/// host and wasm, traps at its end and at a table index of 2^32 + 3, and
/// imports whose index type differs refused.
#[test]
fn embed_memory64_and_table64() {
    let dir = TestDir::new("embed-memory64");
    let app = copy_source("wat/embed/memory64.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/memory64_host.c", &dir.path().join("host.c"));
    let host = build_host_for(&dir, &app, &host_c);
    let out = run(&host, &RunOpts::default());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        out.stdout_str(),
        "size 65536\n\
         grow = 1\n\
         size 4295032832\n\
         host reads 1122334455667788\n\
         wasm reads 0102030405060708\n\
         load: out of bounds memory access\n\
         table size 4\n\
         call_at(3) = 42\n\
         call_at: undefined element\n\
         32-bit memory: incompatible import type: host.mem64\n\
         32-bit table: incompatible import type: host.tab64\n"
    );
}

/// Shared memories through the embedding API
/// (`tests/c/embed/shared_memory_host.c` with `tests/wat/embed/shared_memory.wat`):
/// a host-defined shared memory imported by two instances that see each
/// other's atomics and growth; wait "not-equal" and "timed-out"; a
/// misaligned notify traps; an unshared memory is refused. Then threads on
/// the wait/notify libcalls over the same memory: waiters woken one notify
/// at a time, a timed waiter not woken by another address, and a ping-pong
/// that hangs (and times out) if a wake-up is lost. Run several times.
#[test]
fn embed_shared_memory() {
    let dir = TestDir::new("embed-shared-memory");
    let app = copy_source("wat/embed/shared_memory.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/shared_memory_host.c", &dir.path().join("host.c"));
    for bounds in [BoundsChecks::Guard, BoundsChecks::Explicit] {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, "");
        for _ in 0..5 {
            let out = run(&host, &RunOpts::default());
            assert!(out.status.success(), "{bounds}: {out:?}");
            assert_eq!(
                out.stdout_str(),
                "not-equal 1\n\
                 timed-out 2\n\
                 add 0 5\n\
                 notify without waiters 0\n\
                 grow 1\n\
                 size seen by the other instance 131072\n\
                 misaligned: notify: unaligned atomic\n\
                 woken 4 by 4 notifies\n\
                 waiter 0: 0\n\
                 waiter 1: 0\n\
                 waiter 2: 0\n\
                 waiter 3: 0\n\
                 timed waiter: 2\n\
                 ping-pong done\n\
                 notify after the threads 0\n\
                 unshared: incompatible import type: host.shm\n",
                "{bounds}"
            );
        }
    }
}

/// The same host with the runtime and host under ThreadSanitizer (guard
/// mode): the wait/notify parking lot, the shared memory's growth and the
/// instances' atomics must report no data race (TSan exits 66 on a report).
#[test]
fn embed_shared_memory_tsan() {
    let dir = TestDir::new("embed-shared-memory-tsan");
    let app = copy_source("wat/embed/shared_memory.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/shared_memory_host.c", &dir.path().join("host.c"));
    let host = build_embed_host(
        dir.path(),
        &app,
        &host_c,
        BoundsChecks::Guard,
        "-fsanitize=thread -g",
    );
    for _ in 0..3 {
        let out = run(&host, &RunOpts::default());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !stderr.contains("ThreadSanitizer"),
            "{out:?}"
        );
        assert!(out.stdout_str().ends_with("ping-pong done\nnotify after the threads 0\nunshared: incompatible import type: host.shm\n"), "{out:?}");
    }
}

/// The expected output of `tests/c/embed/shared_threads_host.c`.
pub const SHARED_THREADS_EXPECTED: &str = "\
thread 0: sum ok, grow ok, ping ok, stack -
thread 1: sum ok, grow ok, ping ok, stack -
thread 2: sum ok, grow ok, ping -, stack call stack exhausted
thread 3: sum ok, grow ok, ping -, stack -
thread 4: sum ok, grow ok, ping -, stack -
thread 5: sum ok, grow ok, ping -, stack -
i32 counter 120000 (expected 120000)
i64 counter 360000 (expected 360000)
pages 7 (expected 7)
regions seen by the host: ok
after the owner is freed: counter 120000
unshared: env.mem: env.m is not a shared memory (only shared memories may be used by several linkers)
missing: env.mem: the other linker has no memory env.nope
";

/// wasm on six threads at once over one shared memory, a linker per thread
/// (`tests/c/embed/shared_threads_host.c` with
/// `tests/wat/embed/shared_threads.wat`, `wasmc_linker_share_memory`):
/// atomic counters, plain accesses to regions of their own, growth,
/// wait/notify ping-pong, stack exhaustion on one thread; a shared-into
/// linker outliving the owner; in both bounds modes, repeatedly.
#[test]
fn embed_threads_share_a_memory() {
    let dir = TestDir::new("embed-shared-threads");
    let app = copy_source("wat/embed/shared_threads.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/shared_threads_host.c", &dir.path().join("host.c"));
    for bounds in BoundsChecks::ALL {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, "");
        for _ in 0..5 {
            let out = run(&host, &RunOpts::default());
            assert!(out.status.success(), "{bounds}: {out:?}");
            assert_eq!(
                out.stdout_str(),
                SHARED_THREADS_EXPECTED,
                "{bounds}: {out:?}"
            );
        }
    }
}

/// Threads through the embedding API (`tests/c/embed/threads_host.c` with
/// `tests/wat/embed/threads.wat`): eight threads, a linker each, instantiate
/// and call at the same time: WASI calls (a WASI context per linker), deep
/// recursion and stack exhaustion (each thread trapping at its own stack
/// limit), traps; in both bounds modes.
#[test]
fn embed_threads_with_a_linker_each() {
    let dir = TestDir::new("embed-threads");
    let app = copy_source("wat/embed/threads.wat", &dir.path().join("app.wat"));
    let host_c = copy_source("c/embed/threads_host.c", &dir.path().join("host.c"));
    for bounds in BoundsChecks::ALL {
        let host = build_embed_host(dir.path(), &app, &host_c, bounds, "");
        for _ in 0..3 {
            let out = run(&host, &RunOpts::default());
            assert!(out.status.success(), "{bounds}: {out:?}");
            let want: String = (0..8).map(|i| format!("thread {i}: ok\n")).collect();
            assert_eq!(out.stdout_str(), want, "{bounds}: {out:?}");
        }
    }
}
