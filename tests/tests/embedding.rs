//! The embedding example (`examples/embed`), built exactly as the README and
//! `wasmc.h` document: module object, runtime library, host linked by hand.

use std::process::Command;
use wasmc_tests::{run, wasmc, workspace_dir, RunOpts, TestDir};

#[test]
fn embed_example_links_and_runs() {
    let dir = TestDir::new("embed");
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
        .arg(ex.join("host.c"))
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
    let out = run(&host, &RunOpts::default());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        out.stdout_str(),
        "log: 40\nadd(40, 2) = 42\nfib(30) = 832040\nfib(-1) trapped: unreachable\n"
    );
}
