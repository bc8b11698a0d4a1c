//! Build-time capabilities from the CLI: `--dir`, `--env`, `--inherit-env`,
//! `--max-memory` (also for memory64), and the run-time `WASMC_ENV_*` / `WASMC_DIRS` variables.

use std::os::unix::fs::symlink;
use std::process::Command;
use wasmc_tests::{
    build_executable, compile_c_wasm, expand_wat, run_command, source_path, tests_dir, wasmc,
    BoundsChecks, TestDir,
};

fn build(dir: &TestDir, prog: &str, mode: BoundsChecks, flags: &[&str]) -> std::path::PathBuf {
    let wasm = dir.path().join(format!("{prog}.wasm"));
    compile_c_wasm(&tests_dir().join(format!("c/{prog}.c")), &wasm, &[]);
    let exe = dir.path().join(format!("{prog}-{mode}"));
    let mut args = vec![
        "build".to_string(),
        wasm.display().to_string(),
        "-o".into(),
        exe.display().to_string(),
        "--bounds-checks".into(),
        mode.to_string(),
    ];
    args.extend(flags.iter().map(|s| s.to_string()));
    let out = wasmc(&args);
    assert!(out.status.success(), "{out:?}");
    exe
}

fn files_dir(mode: BoundsChecks) {
    let dir = TestDir::new("caps");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join("input.txt"), "alpha\nbeta\n").expect("write");
    std::fs::write(dir.path().join("secret"), "top secret").expect("write");
    symlink(dir.path().join("secret"), data.join("link-out")).expect("symlink");
    let host = format!("{}::/data", data.display());
    let exe = build(
        &dir,
        "files_dir",
        mode,
        &["--dir", &host, "--env", "GREETING=hello"],
    );
    let out = run_command(Command::new(&exe), b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(
        out.stdout_str(),
        "GREETING=hello\ninput: alpha\ninput: beta\nsub/x size=1\nentry: input.txt\nentry: link-out\n\
         entry: out.txt\nentry: sub\nopen ../secret: refused\nopen /etc/passwd: refused\nopen link-out: refused\n"
    );
    assert_eq!(
        std::fs::read_to_string(data.join("out.txt")).expect("out.txt"),
        "line 0\nline 1\nline 2\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("secret")).expect("secret"),
        "top secret"
    );

    // Without --dir the program sees no file system at all.
    let bare = build(&dir, "files_dir", mode, &[]);
    let out = run_command(Command::new(&bare), b"");
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stdout_str().starts_with("GREETING=(unset)\n"),
        "{out:?}"
    );

    // Run-time additions: WASMC_DIRS grants the directory, WASMC_ENV_* adds
    // to the environment.
    let mut cmd = Command::new(&bare);
    cmd.env("WASMC_DIRS", &host)
        .env("WASMC_ENV_GREETING", "from-env");
    std::fs::remove_file(data.join("out.txt")).expect("rm");
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout_str()
            .starts_with("GREETING=from-env\ninput: alpha\n"),
        "{out:?}"
    );
}

#[test]
fn cap_dir_env_guard() {
    files_dir(BoundsChecks::Guard);
}

#[test]
fn cap_dir_env_explicit() {
    files_dir(BoundsChecks::Explicit);
}

#[test]
fn cap_inherit_env() {
    let dir = TestDir::new("caps-env");
    let exe = build(&dir, "getenv", BoundsChecks::Guard, &[]);
    let exe_inherit = build(&dir, "files_dir", BoundsChecks::Guard, &["--inherit-env"]);
    let mut cmd = Command::new(&exe_inherit);
    cmd.env("GREETING", "inherited");
    let out = run_command(cmd, b"");
    assert!(
        out.stdout_str().starts_with("GREETING=inherited\n"),
        "{out:?}"
    );
    // Without --inherit-env the host variable is not visible.
    let mut cmd = Command::new(&exe);
    cmd.env("GREETING", "inherited");
    let out = run_command(cmd, b"");
    assert!(!out.stdout_str().contains("inherited"), "{out:?}");
}

fn max_memory(mode: BoundsChecks) {
    let dir = TestDir::new("caps-mem");
    let capped = build(&dir, "max_memory", mode, &["--max-memory", "64M"]);
    let out = run_command(Command::new(&capped), b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout_str(), "1 MiB: ok\n200 MiB: failed\n");
    let free = build(&dir, "max_memory", mode, &[]);
    let out = run_command(Command::new(&free), b"");
    assert_eq!(out.stdout_str(), "1 MiB: ok\n200 MiB: ok\n");
}

#[test]
fn cap_max_memory_guard() {
    max_memory(BoundsChecks::Guard);
}

#[test]
fn cap_max_memory_explicit() {
    max_memory(BoundsChecks::Explicit);
}

/// memory64 growth is capped by `--max-memory`, or without it by the
/// runtime's memory64 default (16 GiB); a minimum beyond the cap is an
/// instantiation error naming the memory, not a crash.
fn max_memory64(mode: BoundsChecks) {
    let dir = TestDir::new("caps-mem64");
    let wat = dir.path().join("memory64_cap.wat");
    std::fs::write(&wat, expand_wat("cli/memory64_cap")).expect("write wat");
    let capped = dir.path().join(format!("capped-{mode}"));
    build_executable(&wat, &capped, mode, &["--max-memory", "8G"]);
    let out = run_command(Command::new(&capped), b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout_str(), "1\n-1\n65537\n");
    let free = dir.path().join(format!("free-{mode}"));
    build_executable(&wat, &free, mode, &[]);
    let out = run_command(Command::new(&free), b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout_str(), "1\n65537\n196609\n");

    let big = dir.path().join(format!("big-{mode}"));
    build_executable(
        &source_path("wat/cli/memory64_too_big.wat"),
        &big,
        mode,
        &[],
    );
    let out = run_command(Command::new(&big), b"");
    assert!(
        out.stderr_str()
            .contains("memory 0: memory of 262145 pages exceeds the limit of 262144 pages"),
        "{out:?}"
    );
    assert!(!matches!(out.code(), Some(0) | None), "{out:?}");
}

#[test]
fn cap_max_memory64_guard() {
    max_memory64(BoundsChecks::Guard);
}

#[test]
fn cap_max_memory64_explicit() {
    max_memory64(BoundsChecks::Explicit);
}

#[test]
fn cap_bad_flags_are_errors() {
    for flags in [
        &["--dir", "::x"][..],
        &["--env", "NOEQUALS"],
        &["--max-memory", "12Q"],
    ] {
        let mut args = vec!["build", "x.wat"];
        args.extend_from_slice(flags);
        let out = wasmc(&args);
        assert_ne!(out.code(), Some(0), "{flags:?}: {out:?}");
        assert!(!out.stderr_str().contains("panicked"), "{out:?}");
    }
}
