//! `wasmc -j` and the GNU make jobserver: under a jobserver the compilation
//! threads beyond the first hold its tokens and give them back (also when
//! compilation fails); with no token free wasmc completes on one thread; a
//! `make -j2` over several modules; make 4.4's `fifo:PATH` form; a jobserver
//! named in MAKEFLAGS but not accessible. Thread counts come from wasmc's
//! `WASMC_JOBSERVER_DEBUG=1` line and the tokens left in the jobserver after
//! wasmc exits, never from timing.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use wasmc_tests::*;

/// tests/wat/exit_status.wat: ~20 functions; exits with the sum of its
/// arguments.
fn module(t: &TestDir, name: &str) -> PathBuf {
    let p = t.join(format!("{name}.wat"));
    std::fs::write(&p, expand_wat("exit_status")).expect("write wat");
    p
}

/// `wasmc build -j4 INPUT -o OUT` without any jobserver of the caller's.
fn build_command(input: &Path, out: &Path) -> Command {
    build_command_j(input, out, "4")
}

fn build_command_j(input: &Path, out: &Path, jobs: &str) -> Command {
    let mut cmd = Command::new(wasmc_bin());
    cmd.args(["build", "-j", jobs])
        .arg(input)
        .arg("-o")
        .arg(out)
        .env("WASMC_JOBSERVER_DEBUG", "1");
    for v in ["CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS"] {
        cmd.env_remove(v);
    }
    cmd
}

/// The `extra compilation thread(s)` count of wasmc's debug line, after
/// checking that no token was still held at the end.
fn extra_threads(out: &Output) -> usize {
    let err = out.stderr_str();
    let line = err
        .lines()
        .find(|l| l.starts_with("wasmc: jobserver: ") && l.contains("--jobserver-auth="))
        .unwrap_or_else(|| panic!("no jobserver line: {out:?}"));
    assert!(line.contains(", 0 token(s) still held"), "{line}");
    let n = line
        .split("at most ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok());
    n.unwrap_or_else(|| panic!("no count in {line}"))
}

fn check_program(exe: &Path) {
    let out = run(exe, &RunOpts::args(["40", "2"]));
    assert_eq!(out.code(), Some(42), "{out:?}");
}

/// A jobserver with no token free: wasmc completes on its own thread.
#[test]
fn jobserver_no_spare_tokens() {
    let t = TestDir::new("js-empty");
    let input = module(&t, "m");
    let client = jobserver::Client::new(0).expect("jobserver");
    let mut cmd = build_command(&input, &t.join("m"));
    client.configure(&mut cmd);
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(extra_threads(&out), 0, "{out:?}");
    check_program(&t.join("m"));
}

/// Free tokens are taken (at most -j minus one) and all given back.
#[test]
fn jobserver_tokens_returned() {
    let t = TestDir::new("js-tokens");
    let input = module(&t, "m");
    let client = jobserver::Client::new(3).expect("jobserver");
    let mut cmd = build_command(&input, &t.join("m"));
    client.configure(&mut cmd);
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    let extra = extra_threads(&out);
    assert!((1..=3).contains(&extra), "{extra}: {out:?}");
    assert_eq!(client.available().expect("available"), 3, "tokens lost");
    check_program(&t.join("m"));

    // `-j 1` takes none.
    let mut cmd = build_command_j(&input, &t.join("m1"), "1");
    client.configure(&mut cmd);
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(extra_threads(&out), 0, "{out:?}");
}

/// A compile error in a worker: the error is reported, the tokens come back.
#[test]
fn jobserver_tokens_returned_on_error() {
    let t = TestDir::new("js-error");
    let input = copy_source("wat/cli/invalid_late.wat", &t.join("bad.wat"));
    let client = jobserver::Client::new(3).expect("jobserver");
    let mut cmd = build_command(&input, &t.join("bad"));
    client.configure(&mut cmd);
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str().contains("bad.wat: type mismatch"),
        "{out:?}"
    );
    assert_no_panic(&out);
    // The worker threads had started (tokens taken) before the error.
    assert!(extra_threads(&out) >= 1, "{out:?}");
    assert_eq!(client.available().expect("available"), 3, "tokens lost");
    assert!(!t.join("bad").exists());
}

/// make 4.4's named-fifo jobserver (`--jobserver-auth=fifo:PATH`).
#[test]
fn jobserver_fifo() {
    let t = TestDir::new("js-fifo");
    let input = module(&t, "m");
    let fifo = t.join("jobserver.fifo");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    // Read-write, as make holds it: opening does not wait for a peer.
    let mut pipe = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .expect("open fifo");
    pipe.write_all(b"++").expect("tokens");
    let mut cmd = build_command(&input, &t.join("m"));
    cmd.env(
        "MAKEFLAGS",
        format!(" -j3 --jobserver-auth=fifo:{}", fifo.display()),
    );
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    let extra = extra_threads(&out);
    assert!((1..=2).contains(&extra), "{extra}: {out:?}");
    check_program(&t.join("m"));
    // Both tokens are back: two bytes to read, then nothing.
    use std::os::unix::io::AsRawFd;
    // SAFETY: fcntl on a descriptor this test owns.
    let rc = unsafe { libc::fcntl(pipe.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) };
    assert_eq!(rc, 0);
    let mut buf = [0u8; 8];
    let n = pipe.read(&mut buf).expect("read tokens");
    assert_eq!(&buf[..n], b"++");
}

/// MAKEFLAGS names a jobserver wasmc cannot use (a recipe without `+`):
/// a warning, and one thread unless -j says otherwise.
#[test]
fn jobserver_inaccessible() {
    let t = TestDir::new("js-broken");
    let input = module(&t, "m");
    let mut cmd = build_command(&input, &t.join("m"));
    let mut cmd_default = Command::new(wasmc_bin());
    cmd_default
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(t.join("m2"))
        .env("WASMC_JOBSERVER_DEBUG", "1");
    for c in [&mut cmd, &mut cmd_default] {
        c.env_remove("CARGO_MAKEFLAGS")
            .env_remove("MFLAGS")
            .env("MAKEFLAGS", " -j8 --jobserver-auth=900,901");
    }
    let out = run_command(cmd_default, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stderr_str().contains("cannot use the make jobserver"),
        "{out:?}"
    );
    assert!(
        out.stderr_str()
            .contains("wasmc: jobserver: unusable, -j 1"),
        "{out:?}"
    );
    check_program(&t.join("m2"));
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("wasmc: jobserver: unusable, -j 4"),
        "{out:?}"
    );
}

/// `make -j2` over four modules (tests/wat/cli/jobserver.mk): every wasmc
/// sees make's jobserver and gets at most the one spare token; make finds
/// all its tokens back.
#[test]
fn jobserver_make() {
    let t = TestDir::new("js-make");
    for i in 0..4 {
        module(&t, &format!("m{i}"));
    }
    let mut cmd = Command::new("make");
    cmd.arg("-j2")
        .arg("-f")
        .arg(source_path("wat/cli/jobserver.mk"))
        .arg(format!("OUT={}", t.path().display()))
        .arg(format!("WASMC={}", wasmc_bin().display()))
        .env("WASMC_JOBSERVER_DEBUG", "1");
    for v in ["CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS"] {
        cmd.env_remove(v);
    }
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    // make reports tokens that did not come back ("INTERNAL: Exiting with
    // N jobserver tokens available; should be M!").
    assert!(!out.stderr_str().contains("jobserver"), "{out:?}");
    for i in 0..4 {
        let exe = t.join(format!("m{i}.exe"));
        let log = std::fs::read_to_string(t.join(format!("m{i}.exe.log"))).expect("log");
        let fake = Output {
            command: format!("wasmc build m{i}.wat"),
            status: out.status,
            stdout: Vec::new(),
            stderr: log.into_bytes(),
            elapsed: out.elapsed,
        };
        assert!(extra_threads(&fake) <= 1, "{fake:?}");
        check_program(&exe);
    }
}
