//! Embedding on the foreign targets: the host `tests/c/embed/trap_host.c`
//! with the module `tests/wat/embed/traps.wat`, linked by hand against
//! `wasmc runtime`, whose traps come from a host function and from libcalls
//! (C frames between the trap and the wasm frames), plus stack exhaustion
//! on the main thread. `darwin.rs` links the same host for macOS. On
//! aarch64 also the exceptions host (`tests/c/embed/exceptions_host.c`):
//! host throws and rethrows unwind aarch64 frame records; WASI through the
//! embedding API (`wasi_run_host.c`), six threads over one shared memory
//! (`shared_threads_host.c`) and a reactor through its generated header
//! (`c/link/reactor_host.c`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasmc_tests::*;

use crate::assert_same_run;

/// Builds the embedding host for `triple` (None: the host) in `dir`, exactly
/// as wasmc.h documents: module object, `wasmc runtime [--target]`, and a
/// link by hand with the command `wasmc runtime` prints (whose toolchain it
/// found: `<gnu>-gcc`, `zig cc -target ...`, or `cc`). Returns the host and
/// that command.
pub(crate) fn build_embed_host(dir: &Path, triple: Option<&str>) -> (PathBuf, String) {
    // `--no-inline`: `embed_on` checks every frame of the backtraces (at
    // `-O2` the one-call-site `h` would be reported in `g`).
    build_embed_host_of(
        dir,
        triple,
        &["--no-inline"],
        "wat/embed/traps.wat",
        "c/embed/trap_host.c",
    )
}

/// [`build_embed_host`] for the module `wat` and the host `host_c` (paths
/// under `tests/`), with `flags` for `wasmc build`.
fn build_embed_host_of(
    dir: &Path,
    triple: Option<&str>,
    flags: &[&str],
    wat: &str,
    host_c: &str,
) -> (PathBuf, String) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let wat = copy_source(wat, &dir.join("app.wat"));
    let host_c = copy_source(host_c, &dir.join("host.c"));
    build_host_from(dir, triple, flags, &wat, &host_c, "app_module", &[])
}

/// The general form: the module file `module` (a `.wat` or `.wasm`) as the
/// object of `symbol`, the host source `host_c`, `flags` for `wasmc build`
/// and `extra_cc` for the link, built in `dir`.
fn build_host_from(
    dir: &Path,
    triple: Option<&str>,
    flags: &[&str],
    module: &Path,
    host_c: &Path,
    symbol: &str,
    extra_cc: &[OsString],
) -> (PathBuf, String) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let (wat, host_c) = (module.to_path_buf(), host_c.to_path_buf());
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
        symbol.into(),
        "-o".into(),
        obj.clone().into(),
    ];
    args.extend(target.iter().cloned());
    args.extend(flags.iter().map(OsString::from));
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
    cmd.args(words).args(extra_cc).arg("-o").arg(&host);
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

/// Exceptions between wasm and the host on each foreign target: the
/// exceptions host (host throws and rethrows start the unwinder from a host
/// adapter's frame record, laid out per architecture) prints what it prints
/// on x86-64.
fn embed_exceptions_on(t: &CrossTarget, flags: &[&str], qemu: &[&str]) {
    t.require();
    let dir = TestDir::new("cross-embed-exn");
    let (wat, host_c) = ("wat/embed/exceptions.wat", "c/embed/exceptions_host.c");
    let (native, _) = build_embed_host_of(&dir.join("host"), None, &[], wat, host_c);
    let host = run(&native, &RunOpts::default());
    assert!(host.status.success(), "x86-64 host:\n{host:?}");
    assert!(
        host.stdout_str().contains("through_host(1): ok 7\n"),
        "{host:?}"
    );
    let (exe, _) = build_embed_host_of(&dir.join(t.arch), Some(t.triple), flags, wat, host_c);
    let cross = t.run(&exe, qemu, &RunOpts::default());
    assert_same_run(&host, &cross, &format!("exceptions host on {}", t.triple));
}

#[test]
fn embed_exceptions_aarch64() {
    embed_exceptions_on(&AARCH64_LINUX, &[], &[]);
}

#[test]
fn embed_exceptions_riscv64() {
    // The payloads include v128: the vector extension.
    embed_exceptions_on(
        &RISCV64_LINUX,
        &["--cpu-features", "+v"],
        &["-cpu", crate::cpu_features::RISCV_V_CPU],
    );
}

#[test]
fn embed_exceptions_s390x() {
    embed_exceptions_on(&S390X_LINUX, &[], &[]);
}

/// WASI through the embedding API on aarch64: `c/embed/wasi_run_host.c`
/// running the guest `c/wasi_embed.c` with a preopened directory (read,
/// write, list, `..` refused), an environment variable and `proc_exit`
/// ends exactly as on x86-64, and leaves the same files.
#[test]
fn embed_wasi_aarch64() {
    let t = &AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cross-embed-wasi");
    let wasm = compile_wasi_c("wasi_embed", &dir);
    let host_c = source_path("c/embed/wasi_run_host.c");
    let run_in = |exe: &Path, name: &str, cross: bool| {
        let work = dir.subdir(name);
        let data = work.join("data");
        std::fs::create_dir_all(&data).expect("mkdir");
        std::fs::write(data.join("in.txt"), "hello").expect("write");
        std::fs::write(work.join("outside.txt"), "SECRET").expect("write");
        let dir_arg = format!("{}::/data", data.display());
        let args = [
            "--dir",
            &dir_arg,
            "--env",
            "K=V",
            "--",
            "prog",
            "cat",
            "/data/in.txt",
            "write",
            "/data/new.txt",
            "xyz",
            "ls",
            "/data",
            "env",
            "K",
            "cat",
            "/data/../outside.txt",
            "args",
            "exit",
            "3",
            "write",
            "/data/never.txt",
            "x",
        ];
        let opts = RunOpts::args(args);
        let out = if cross {
            t.run(exe, &[], &opts)
        } else {
            run(exe, &opts)
        };
        let new = std::fs::read_to_string(data.join("new.txt")).unwrap_or_default();
        (out, new, data.join("never.txt").exists())
    };
    let (native, _) = build_host_from(
        &dir.subdir("host"),
        None,
        &[],
        &wasm,
        &host_c,
        "app_module",
        &[],
    );
    let (exe, _) = build_host_from(
        &dir.subdir(t.arch),
        Some(t.triple),
        &[],
        &wasm,
        &host_c,
        "app_module",
        &[],
    );
    let (host, host_new, host_never) = run_in(&native, "run-host", false);
    assert_eq!(host.code(), Some(3), "x86-64 host: {host:?}");
    assert!(
        host.stdout_str().contains("cat /data/in.txt: hello\n"),
        "{host:?}"
    );
    assert!(!host.stdout_str().contains("SECRET"), "{host:?}");
    let (cross, cross_new, cross_never) = run_in(&exe, "run-cross", true);
    assert_same_run(
        &host,
        &cross,
        &format!("WASI embedding host on {}", t.triple),
    );
    assert_eq!((host_new.as_str(), host_never), ("xyz", false));
    assert_eq!((cross_new.as_str(), cross_never), ("xyz", false));
}

/// Six threads running wasm at once over one shared memory, a linker each
/// (`c/embed/shared_threads_host.c`), on aarch64 as on x86-64.
#[test]
fn embed_shared_threads_aarch64() {
    let t = &AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cross-embed-shared-threads");
    let (wat, host_c) = (
        "wat/embed/shared_threads.wat",
        "c/embed/shared_threads_host.c",
    );
    let (native, _) = build_embed_host_of(&dir.join("host"), None, &[], wat, host_c);
    let host = run(&native, &RunOpts::default());
    assert!(host.status.success(), "x86-64 host: {host:?}");
    let (exe, _) = build_embed_host_of(&dir.join(t.arch), Some(t.triple), &[], wat, host_c);
    for _ in 0..3 {
        let cross = t.run(&exe, &[], &RunOpts::default());
        assert_same_run(
            &host,
            &cross,
            &format!("shared-memory threads host on {}", t.triple),
        );
    }
}

/// A reactor used from a C host through its generated header
/// (`wat/link/reactor.wat`, `c/link/reactor_host.c`) on aarch64 as on
/// x86-64: `_initialize` once, typed wrappers, a trap through a wrapper.
#[test]
fn reactor_aarch64() {
    let t = &AARCH64_LINUX;
    t.require();
    let dir = TestDir::new("cross-reactor");
    let wat = copy_source("wat/link/reactor.wat", &dir.join("reactor.wat"));
    let host_c = copy_source("c/link/reactor_host.c", &dir.join("reactor_host.c"));
    let build = |sub: &str, triple: Option<&str>| {
        let d = dir.subdir(sub);
        let header = d.join("reactor.h");
        let h = header.to_str().expect("utf-8 path").to_string();
        let (exe, _) = build_host_from(
            &d,
            triple,
            &["--header", &h],
            &wat,
            &host_c,
            "reactor_module",
            &["-I".into(), d.clone().into_os_string()],
        );
        exe
    };
    let native = build("host", None);
    let exe = build(t.arch, Some(t.triple));
    for args in [&[][..], &["fail"][..]] {
        let opts = RunOpts::args(args.iter().copied());
        let host = run(&native, &opts);
        assert!(
            host.stdout_str().contains("inits = 1\n") || args == ["fail"],
            "{host:?}"
        );
        let cross = t.run(&exe, &[], &opts);
        assert_same_run(
            &host,
            &cross,
            &format!("reactor host {args:?} on {}", t.triple),
        );
    }
}
