//! WASI through the embedding API: the hosts `c/embed/wasi_run_host.c` (a
//! WASI configuration from its command line, then `_start`) and
//! `c/embed/wasi_two_host.c` (two instances with different configurations
//! in one process), both linked with the guest `c/wasi_embed.c`, and the
//! scenarios `tests/embed_wasi.rs` runs plainly and `tests/sanitizers.rs`
//! under ASan/UBSan. Each scenario asserts the whole outcome (status,
//! outputs, files) and returns the host's output for further checks.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{
    build_embed_host, compile_wasi_c, run_command, tests_dir, BoundsChecks, Output, TestDir,
};

/// `c/embed/HOST.c` linked with `c/wasi_embed.c` (compiled to wasm once per
/// directory) in `bounds` mode, host and runtime compiled with `cflags`;
/// built in `dir/HOST/`.
pub fn build_wasi_embed_host(
    dir: &TestDir,
    host: &str,
    bounds: BoundsChecks,
    cflags: &str,
) -> PathBuf {
    let wasm = compile_wasi_c("wasi_embed", dir);
    let sub = dir.subdir(host);
    let host_c = tests_dir().join(format!("c/embed/{host}.c"));
    build_embed_host(&sub, &wasm, &host_c, bounds, cflags)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Files and preopens through `wasi_run_host`: a preopened directory read,
/// written, appended to, listed and unlinked in; a second one given as a
/// descriptor; stdin, stdout and stderr
/// redirected to files the host opened (and closed at once); an environment
/// variable; `..` out of the preopen refused; `proc_exit(3)` giving the host
/// the status, with nothing after it run.
pub fn check_files_and_stdio(host: &Path, work: &Path, envs: &[(&str, &str)]) -> Output {
    let data = work.join("data");
    fs::create_dir_all(&data).expect("mkdir");
    fs::write(data.join("in.txt"), "hello").expect("write");
    let fdd = work.join("fdd");
    fs::create_dir_all(&fdd).expect("mkdir");
    fs::write(fdd.join("x.txt"), "by descriptor").expect("write");
    fs::write(work.join("outside.txt"), "SECRET").expect("write");
    fs::write(work.join("stdin.txt"), "from stdin").expect("write");
    let (out_txt, err_txt) = (work.join("out.txt"), work.join("err.txt"));
    let mut cmd = Command::new(host);
    cmd.arg("--dir")
        .arg(format!("{}::/data", data.display()))
        .arg("--dir-fd")
        .arg(format!("{}::/fdd", fdd.display()))
        .arg("--stdin")
        .arg(work.join("stdin.txt"))
        .arg("--stdout")
        .arg(&out_txt)
        .arg("--stderr")
        .arg(&err_txt)
        .args(["--env", "K=V", "--", "prog"])
        .args(["cat", "/data/in.txt", "write", "/data/sub.txt", "xyz"])
        .args(["append", "/data/sub.txt", "123", "cat", "/data/sub.txt"])
        .args([
            "rm",
            "/data/in.txt",
            "ls",
            "/data",
            "stdin",
            "err",
            "to stderr",
        ])
        .args([
            "env",
            "K",
            "env",
            "HOME",
            "envcount",
            "cat",
            "/data/../outside.txt",
        ])
        .args(["cat", "/fdd/x.txt", "write", "/fdd/y.txt", "new"])
        .args(["cat", "/fdd/../outside.txt"])
        .args(["exit", "3", "write", "/data/never.txt", "x"]);
    cmd.envs(envs.iter().copied());
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(3), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("host: _start exited with status 3\n"),
        "{out:?}"
    );
    assert!(
        out.stdout.is_empty(),
        "guest output not redirected: {out:?}"
    );
    assert_eq!(
        read(&out_txt),
        "cat /data/in.txt: hello\n\
         write /data/sub.txt: OK\n\
         append /data/sub.txt: OK\n\
         cat /data/sub.txt: xyz123\n\
         rm /data/in.txt: OK\n\
         ls /data: sub.txt\n\
         stdin: 10 bytes: from stdin\n\
         env K=V\n\
         env HOME unset\n\
         envcount 1\n\
         cat /data/../outside.txt: ENOTCAPABLE\n\
         cat /fdd/x.txt: by descriptor\n\
         write /fdd/y.txt: OK\n\
         cat /fdd/../outside.txt: ENOTCAPABLE\n"
    );
    assert_eq!(read(&err_txt), "to stderr\n");
    assert_eq!(read(&fdd.join("y.txt")), "new");
    assert_eq!(read(&data.join("sub.txt")), "xyz123");
    assert!(!data.join("in.txt").exists() && !data.join("never.txt").exists());
    assert_eq!(read(&work.join("outside.txt")), "SECRET");
    out
}

/// Stdio modes and set-up errors through `wasi_run_host`: stdin from
/// /dev/null and closed; a directory that cannot be opened and a descriptor
/// that is not a directory (clear errors, nothing run); the shorthand `wasmc_linker_define_wasi` (no preopens).
pub fn check_stdio_modes_and_errors(host: &Path, envs: &[(&str, &str)]) -> Vec<Output> {
    let mut outs = Vec::new();
    let mut go = |args: &[&str], code: i32, stdout: &str, stderr: &str| {
        let mut cmd = Command::new(host);
        cmd.args(args).envs(envs.iter().copied());
        let out = run_command(cmd, b"the host's own stdin");
        assert_eq!(out.code(), Some(code), "{args:?}: {out:?}");
        assert_eq!(out.stdout_str(), stdout, "{args:?}: {out:?}");
        assert!(out.stderr_str().contains(stderr), "{args:?}: {out:?}");
        outs.push(out);
    };
    go(
        &["--stdin", "null", "--", "p", "stdin"],
        0,
        "stdin: 0 bytes: \n",
        "host: _start returned\n",
    );
    go(
        &["--stdin", "closed", "--", "p", "stdin"],
        0,
        "stdin: EBADF\n",
        "host: _start returned\n",
    );
    go(
        &["--", "p", "stdin", "ls", "/", "exit", "0"],
        0,
        "stdin: 20 bytes: the host's own stdin\nls /: ENOTCAPABLE\n",
        "host: _start exited with status 0\n",
    );
    go(
        &["--dir", "/nonexistent-wasmc-dir::/x", "--", "p", "args"],
        1,
        "",
        "host: error: define: WASI: cannot open directory /nonexistent-wasmc-dir: \
         No such file or directory\n",
    );
    let not_a_dir = format!("{}::/x", host.display());
    go(
        &["--dir-fd", &not_a_dir, "--", "p", "args"],
        1,
        "",
        " is not a directory\n",
    );
    go(
        &["--legacy", "--", "p", "args", "ls", "/data", "exit", "9"],
        9,
        "args 6: p|args|ls|/data|exit|9\nls /data: ENOTCAPABLE\n",
        "host: _start exited with status 9\n",
    );
    outs
}

/// Two instances with different configurations in one process
/// (`wasi_two_host`): each sees only its own directory under the same guest
/// name, its own arguments, environment and stdio; B's proc_exit(7) ends
/// only B; then the shorthand define and the configuration errors.
pub fn check_two_instances(host: &Path, work: &Path, envs: &[(&str, &str)]) -> Output {
    let (a, b) = (work.join("A"), work.join("B"));
    fs::create_dir_all(&a).expect("mkdir");
    fs::create_dir_all(&b).expect("mkdir");
    fs::write(a.join("shared.txt"), "shared A").expect("write");
    fs::write(b.join("shared.txt"), "shared B").expect("write");
    fs::write(work.join("outside.txt"), "SECRET").expect("write");
    let (out_a, out_b) = (work.join("outA"), work.join("outB"));
    let mut cmd = Command::new(host);
    cmd.args([&a, &b, &out_a, &out_b])
        .envs(envs.iter().copied())
        .current_dir(work);
    let out = run_command(cmd, b"");
    assert_eq!(out.code(), Some(0), "{out:?}");
    let stdout = out.stdout_str();
    let (head, errors) = stdout.split_once("c: returned\n").expect("c ran");
    assert_eq!(
        head,
        "a: returned\n\
         b: exited with status 7\n\
         host: still running after b's proc_exit\n\
         args 11: c|args|env|WHO|env|BARE|envcount|ls|/data|ls|.\n\
         env WHO=instance c\n\
         env BARE unset\n\
         envcount 1\n\
         ls /data: ENOTCAPABLE\n\
         ls .: ENOTCAPABLE\n",
        "{out:?}"
    );
    let lines: Vec<&str> = errors.lines().collect();
    let want = [
        "error: negative argc: negative argument count -1",
        "error: env without =: environment entry 0 (\"NOVALUE\") is not NAME=VALUE",
        "error: name with =: invalid environment variable name \"A=B\"",
        "error: stdio 3: stdio descriptor 3 is not 0, 1 or 2",
        "error: stdio fd 9999: stdio 1: host descriptor 9999: Bad file descriptor",
        "error: listen fd 0: descriptor 0 is not a socket",
        "error: unbound socket: descriptor ",
        "error: empty dir: empty host directory path",
        "error: define: WASI: cannot open directory /nonexistent-wasmc-dir: No such file or directory",
        "after the failed define: unknown import: wasi_snapshot_preview1.args_get",
    ];
    assert_eq!(lines.len(), want.len(), "{out:?}");
    for (l, w) in lines.iter().zip(want) {
        assert!(l.starts_with(w), "{l:?} is not {w:?}: {out:?}");
    }
    assert!(lines[6].ends_with(" is not listening"), "{out:?}");
    assert_eq!(
        read(&out_a),
        "args 14: a|args|env|WHO|envcount|write|/data/new.txt|from a|cat|/data/shared.txt|ls|/data|cat|/data/../outside.txt\n\
         env WHO=instance a\n\
         envcount 1\n\
         write /data/new.txt: OK\n\
         cat /data/shared.txt: shared A\n\
         ls /data: new.txt shared.txt\n\
         cat /data/../outside.txt: ENOTCAPABLE\n"
    );
    assert_eq!(
        read(&out_b),
        "args 18: b|args|env|WHO|env|ONLY_B|stdin|ls|/data|cat|/data/shared.txt|err|to a closed stderr|exit|7|write|/data/never.txt|x\n\
         env WHO=instance b\n\
         env ONLY_B=yes\n\
         stdin: 0 bytes: \n\
         ls /data: shared.txt\n\
         cat /data/shared.txt: shared B\n"
    );
    assert_eq!(read(&a.join("new.txt")), "from a");
    assert!(!b.join("new.txt").exists() && !b.join("never.txt").exists());
    assert!(!out.stderr_str().contains("to a closed stderr"), "{out:?}");
    out
}
