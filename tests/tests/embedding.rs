//! The embedding example (`examples/embed`), built exactly as the README and
//! `wasmc.h` document: module object, runtime library, host linked by hand.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasmc_tests::{copy_source, run, wasmc, workspace_dir, RunOpts, TestDir};

/// Compile `examples/embed/app.wat` to an object, write the runtime library,
/// and link `host_c` against both, as the README documents. Returns the host.
fn build_host(dir: &TestDir, host_c: &Path) -> PathBuf {
    let ex = workspace_dir().join("examples/embed");
    let obj = dir.path().join("app.o");
    let out = wasmc([
        "build".as_ref(),
        ex.join("app.wat").as_os_str(),
        "--emit".as_ref(),
        "obj".as_ref(),
        "--module-symbol".as_ref(),
        "app_module".as_ref(),
        "-o".as_ref(),
        obj.as_os_str(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let rt = dir.path().join("rt");
    let out = wasmc(["runtime".as_ref(), "--out-dir".as_ref(), rt.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
    let host = dir.path().join("host");
    let cc = Command::new("cc")
        .arg("-I")
        .arg(rt.join("include"))
        .arg(host_c)
        .arg(&obj)
        .arg(rt.join("libwasmc_rt.a"))
        .args(["-lm", "-pthread", "-o"])
        .arg(&host)
        .output()
        .expect("run cc");
    assert!(
        cc.status.success(),
        "link failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    host
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
