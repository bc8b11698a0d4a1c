//! `wasmc run` and its compile cache: a cold run compiles and caches, a
//! second run compiles nothing (the cache's debug line and the entry's inode
//! prove it, not timing), arguments, argv[0] and exit statuses pass through,
//! `--dir`/`--env` reach the guest without a new entry, flags that change
//! the code get one, two concurrent runs leave one entry, a damaged entry is
//! rebuilt, `wasmc cache clean`/`dir`, `--no-cache`, and signals.
//!
//! Every test has its own cache (`WASMC_CACHE_DIR`); the compiled runtime is
//! shared with the default cache through a symlink (except where the test
//! cleans the cache), so that each test does not compile it again.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use wasmc_tests::*;

/// tests/wat/exit_status.wat: prints argc and the numeric arguments, exits
/// with their sum.
const EXIT_ARGS: [&str; 3] = ["10", "-3", "35"];
const EXIT_STDOUT: &str = "4\n10\n-3\n35\n";

/// A per-test cache directory.
struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// An empty cache in `t`; `share_runtime`: the compiled runtime comes
    /// from the default cache (a symlink to its host-triple directory).
    fn new(t: &TestDir, share_runtime: bool) -> Cache {
        let dir = t.join("cache");
        std::fs::create_dir_all(&dir).expect("mkdir cache");
        if share_runtime {
            let mut cmd = Command::new(wasmc_bin());
            cmd.args(["cache", "dir"]).env_remove("WASMC_CACHE_DIR");
            let default = PathBuf::from(run_command(cmd, b"").stdout_str().trim());
            let host = host_triple();
            std::fs::create_dir_all(default.join(&host)).expect("mkdir default runtime cache");
            std::os::unix::fs::symlink(default.join(&host), dir.join(&host)).expect("symlink");
        }
        Cache { dir }
    }

    /// `wasmc ARGS` with this cache and its debug lines.
    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(wasmc_bin());
        cmd.args(args)
            .env("WASMC_CACHE_DIR", &self.dir)
            .env("WASMC_CACHE_DEBUG", "1");
        cmd
    }

    fn wasmc<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let out = run_command(self.command(args), b"");
        assert_no_panic(&out);
        out
    }

    /// The `run` entries (directory names), temporary ones included.
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.join("run"))
            .map(|l| {
                l.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The program of the only entry.
    fn only_program(&self) -> PathBuf {
        let e = self.entries();
        assert_eq!(e.len(), 1, "expected one cache entry: {e:?}");
        self.dir.join("run").join(&e[0]).join("program")
    }
}

fn host_triple() -> String {
    let out = wasmc(["targets"]);
    let line = out
        .stdout_str()
        .lines()
        .find(|l| l.ends_with("(host)"))
        .map(str::to_string)
        .expect("`wasmc targets` marks the host");
    line.split_whitespace().next().expect("triple").to_string()
}

fn exit_status_wat(dir: &TestDir) -> PathBuf {
    let p = dir.join("exit_status.wat");
    std::fs::write(&p, expand_wat("exit_status")).expect("write wat");
    p
}

fn run_args(module: &Path, flags: &[&str], args: &[&str]) -> Vec<OsString> {
    let mut v: Vec<OsString> = vec!["run".into()];
    v.extend(flags.iter().map(OsString::from));
    v.push(module.into());
    v.extend(args.iter().map(OsString::from));
    v
}

fn check_exit_status(out: &Output, what: &str) {
    assert_eq!(out.code(), Some(42), "{what}: {out:?}");
    assert_eq!(out.stdout_str(), EXIT_STDOUT, "{what}: {out:?}");
}

#[test]
fn run_cold_then_cached() {
    let t = TestDir::new("run-cache");
    let cache = Cache::new(&t, true);
    let wat = exit_status_wat(&t);
    let cold = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    check_exit_status(&cold, "cold run");
    assert!(
        cold.stderr_str().contains("wasmc: cache: compiled "),
        "{cold:?}"
    );
    let program = cache.only_program();
    let before = std::fs::metadata(&program).expect("entry");

    let warm = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    check_exit_status(&warm, "cached run");
    assert!(warm.stderr_str().contains("wasmc: cache: hit "), "{warm:?}");
    assert!(!warm.stderr_str().contains("compiled"), "{warm:?}");
    let after = std::fs::metadata(&program).expect("entry");
    assert_eq!(
        (before.ino(), before.mtime(), before.mtime_nsec()),
        (after.ino(), after.mtime(), after.mtime_nsec()),
        "the cached program was rewritten"
    );

    // Flags that change the code are part of the key: a second entry.
    let o0 = cache.wasmc(run_args(&wat, &["-O", "0"], &EXIT_ARGS));
    check_exit_status(&o0, "-O 0");
    assert!(o0.stderr_str().contains("compiled"), "{o0:?}");
    assert_eq!(cache.entries().len(), 2, "{:?}", cache.entries());

    // Run-time options are not: --env and --dir reuse the entry.
    std::fs::create_dir(t.join("d")).expect("mkdir");
    let d = format!("{}::/d", t.join("d").display());
    let env = cache.wasmc(run_args(
        &wat,
        &["--env", "A=1", "--dir", &d, "--inherit-env"],
        &EXIT_ARGS,
    ));
    check_exit_status(&env, "--env/--dir");
    assert!(env.stderr_str().contains("hit"), "{env:?}");
    assert_eq!(cache.entries().len(), 2, "{:?}", cache.entries());

    // The same module as .wasm hits the entry of the .wat.
    let wasm = t.join("exit_status.wasm");
    std::fs::write(
        &wasm,
        wat::parse_file(&wat).expect("wat parses as the test expects"),
    )
    .expect("write wasm");
    let bin = cache.wasmc(run_args(&wasm, &[], &EXIT_ARGS));
    check_exit_status(&bin, ".wasm input");
    assert!(bin.stderr_str().contains("hit"), "{bin:?}");
}

/// argv[0] is the module's file name (as Wasmtime gives it) or `--argv0`;
/// options after the module belong to the program.
#[test]
fn run_argv0_and_program_options() {
    let t = TestDir::new("run-argv0");
    let cache = Cache::new(&t, true);
    let c = copy_source("c/cli/argv0.c", &t.join("argv0.c"));
    let wasm = t.join("argv0.wasm");
    compile_c_wasm(&c, &wasm, &[]);
    let out = cache.wasmc(run_args(&wasm, &[], &["--dir", "-O0"]));
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout_str(), "[argv0.wasm] 3\n", "{out:?}");
    let out = cache.wasmc(run_args(&wasm, &["--argv0", "custom"], &[]));
    assert_eq!(out.stdout_str(), "[custom] 1\n", "{out:?}");
}

/// `--dir` and `--env` give the guest what `build --dir/--env` does
/// (c/files_dir.c, as in capabilities.rs), through the run-time variables.
#[test]
fn run_dir_and_env() {
    let t = TestDir::new("run-caps");
    let cache = Cache::new(&t, true);
    let data = t.join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join("input.txt"), "alpha\nbeta\n").expect("write");
    std::fs::write(t.join("secret"), "top secret").expect("write");
    std::os::unix::fs::symlink(t.join("secret"), data.join("link-out")).expect("symlink");
    let wasm = t.join("files_dir.wasm");
    compile_c_wasm(&tests_dir().join("c/files_dir.c"), &wasm, &[]);
    let host = format!("{}::/data", data.display());
    let out = cache.wasmc(run_args(
        &wasm,
        &["--dir", &host, "--env", "GREETING=hello"],
        &[],
    ));
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

    // Without --dir: no file system (the program exits 1); another
    // --env value: the same entry.
    let out = cache.wasmc(run_args(&wasm, &["--env", "GREETING=again"], &[]));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stdout_str().starts_with("GREETING=again\n"), "{out:?}");
    assert!(out.stderr_str().contains("hit"), "{out:?}");
    assert_eq!(cache.entries().len(), 1);
    // `--env NAME` without a value is refused, as by `build`.
    let out = cache.wasmc(run_args(&wasm, &["--env", "GREETING"], &[]));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stderr_str().contains("expected NAME=VALUE"), "{out:?}");
}

/// Two runs of the same module at once: both right, one entry, no
/// temporary directories left.
#[test]
fn run_concurrent_same_module() {
    let t = TestDir::new("run-concurrent");
    let cache = Cache::new(&t, true);
    let wat = exit_status_wat(&t);
    let outs: Vec<Output> = std::thread::scope(|s| {
        let a = s.spawn(|| cache.wasmc(run_args(&wat, &[], &EXIT_ARGS)));
        let b = s.spawn(|| cache.wasmc(run_args(&wat, &[], &EXIT_ARGS)));
        vec![a.join().expect("run a"), b.join().expect("run b")]
    });
    for o in &outs {
        check_exit_status(o, "concurrent run");
    }
    let e = cache.entries();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(!e[0].starts_with('.'), "{e:?}");
}

/// A truncated program, or a wrong stored hash, is detected and rebuilt.
#[test]
fn run_damaged_entry_rebuilt() {
    let t = TestDir::new("run-damaged");
    let cache = Cache::new(&t, true);
    let wat = exit_status_wat(&t);
    check_exit_status(&cache.wasmc(run_args(&wat, &[], &EXIT_ARGS)), "first run");
    let program = cache.only_program();
    let len = std::fs::metadata(&program).expect("entry").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&program)
        .and_then(|f| f.set_len(len / 2))
        .expect("truncate");
    let out = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    check_exit_status(&out, "after truncation");
    assert!(
        out.stderr_str().contains("is damaged; rebuilding"),
        "{out:?}"
    );
    assert!(out.stderr_str().contains("compiled"), "{out:?}");
    let program = cache.only_program();
    assert_eq!(std::fs::metadata(&program).expect("entry").len(), len);

    std::fs::write(program.with_file_name("sha256"), "0".repeat(64)).expect("write");
    let out = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    check_exit_status(&out, "after a wrong hash");
    assert!(
        out.stderr_str().contains("is damaged; rebuilding"),
        "{out:?}"
    );
    assert_eq!(cache.entries().len(), 1, "{:?}", cache.entries());
}

/// `cache dir` names the directory; `cache clean` empties it (compiled
/// runtimes too) and leaves other files alone; the next run compiles.
#[test]
fn run_cache_clean() {
    let t = TestDir::new("run-clean");
    let cache = Cache::new(&t, false);
    let out = cache.wasmc(["cache", "dir"]);
    assert_eq!(out.stdout_str().trim(), cache.dir.display().to_string());
    let wat = exit_status_wat(&t);
    check_exit_status(&cache.wasmc(run_args(&wat, &[], &EXIT_ARGS)), "first run");
    std::fs::write(cache.dir.join("unrelated"), "mine").expect("write");
    let out = cache.wasmc(["cache", "clean"]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout_str().starts_with("removed 2 cache entries"),
        "{out:?}"
    );
    assert!(cache.entries().is_empty());
    assert!(!cache.dir.join(host_triple()).exists());
    assert!(cache.dir.join("unrelated").exists());
    let out = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    check_exit_status(&out, "after clean");
    assert!(out.stderr_str().contains("compiled"), "{out:?}");
}

/// A hit marks the entry as used (its directory's mtime); `cache clean
/// --unused-for DAYS` removes only entries unused for longer.
#[test]
fn run_cache_clean_unused() {
    let t = TestDir::new("run-clean-unused");
    let cache = Cache::new(&t, true);
    let wat = exit_status_wat(&t);
    check_exit_status(&cache.wasmc(run_args(&wat, &[], &EXIT_ARGS)), "-O2");
    check_exit_status(&cache.wasmc(run_args(&wat, &["-O0"], &EXIT_ARGS)), "-O0");
    let entries = cache.entries();
    assert_eq!(entries.len(), 2, "{entries:?}");
    let ten_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(10 * 86_400);
    for e in &entries {
        std::fs::File::open(cache.dir.join("run").join(e))
            .and_then(|d| d.set_modified(ten_days_ago))
            .expect("age the entry");
    }
    // Use the -O2 entry again: it is recent now.
    let out = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    assert!(out.stderr_str().contains("hit"), "{out:?}");
    let out = cache.wasmc(["cache", "clean", "--unused-for", "5"]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout_str().starts_with("removed 1 cache entry"),
        "{out:?}"
    );
    assert_eq!(cache.entries().len(), 1);
    let out = cache.wasmc(run_args(&wat, &[], &EXIT_ARGS));
    assert!(out.stderr_str().contains("hit"), "{out:?}");
    // The runtime (shared through the symlink) is untouched.
    assert!(cache.dir.join(host_triple()).exists());
}

/// `--no-cache` runs right and writes no entry; the exit status and a trap's
/// status pass through.
#[test]
fn run_no_cache_and_statuses() {
    let t = TestDir::new("run-nocache");
    let cache = Cache::new(&t, true);
    let wat = exit_status_wat(&t);
    let out = cache.wasmc(run_args(&wat, &["--no-cache"], &EXIT_ARGS));
    check_exit_status(&out, "--no-cache");
    assert!(cache.entries().is_empty(), "{:?}", cache.entries());
    let out = cache.wasmc(run_args(&wat, &["--no-cache"], &["7"]));
    assert_eq!(out.code(), Some(7), "{out:?}");

    let trap = t.join("trap_conv.wat");
    std::fs::write(&trap, expand_wat("trap_conv")).expect("write wat");
    for flags in [&[][..], &["--no-cache"][..]] {
        let out = cache.wasmc(run_args(&trap, flags, &["0"]));
        assert_eq!(out.code(), Some(134), "{flags:?}: {out:?}");
        assert!(out.stderr_str().contains("wasm trap:"), "{out:?}");
    }
}

/// Start `wasmc run FLAGS wait_stdin.wat`; returns it once the program
/// printed "ready" (it then blocks reading stdin, which stays open).
fn start_waiting(cache: &Cache, t: &TestDir, flags: &[&str]) -> std::process::Child {
    let wat = t.join("wait_stdin.wat");
    std::fs::write(&wat, expand_wat("cli/wait_stdin")).expect("write wat");
    let mut child = cache
        .command(run_args(&wat, flags, &[]))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn wasmc run");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    assert_eq!(line, "ready\n");
    child
}

fn kill(pid: u32, sig: i32) {
    let pid = libc::pid_t::try_from(pid).expect("pid");
    // SAFETY: kill(2) with a pid this test started; no memory is involved.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill {pid}");
}

/// Cached runs exec the program: a signal to the process ends it as it ends
/// the executable.
#[test]
fn run_cached_signal() {
    let t = TestDir::new("run-signal");
    let cache = Cache::new(&t, true);
    let mut child = start_waiting(&cache, &t, &[]);
    kill(child.id(), libc::SIGTERM);
    let status = child.wait().expect("wait");
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
}

/// With `--no-cache` the program is a child of wasmc; the signal that ends
/// it is raised again in wasmc.
#[test]
fn run_no_cache_signal() {
    let t = TestDir::new("run-signal-nocache");
    let cache = Cache::new(&t, true);
    let mut child = start_waiting(&cache, &t, &["--no-cache"]);
    let pid = child.id();
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .expect("/proc children");
    let program: u32 = children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("wasmc has a child");
    kill(program, libc::SIGTERM);
    let status = child.wait().expect("wait");
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
}

/// Bad input for `run`: a clear error, no panic.
#[test]
fn run_bad_input() {
    let t = TestDir::new("run-bad");
    let cache = Cache::new(&t, true);
    let missing = t.join("missing.wasm");
    let out = cache.wasmc(run_args(&missing, &[], &[]));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stderr_str().contains("missing.wasm"), "{out:?}");
    let wat = exit_status_wat(&t);
    let out = cache.wasmc(run_args(
        &wat,
        &["--target", "s390x-unknown-linux-gnu"],
        &[],
    ));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str().contains("runs programs on this machine"),
        "{out:?}"
    );
    let out = cache.wasmc(run_args(&wat, &["--dir", "a;b"], &[]));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stderr_str().contains("`;`"), "{out:?}");
    // A module that does not compile: its error with location, and nothing
    // left in the cache (not even a temporary directory).
    let bad = copy_source("wat/cli/invalid_late.wat", &t.join("bad.wat"));
    let out = cache.wasmc(run_args(&bad, &[], &[]));
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr_str()
            .contains("bad.wat: type mismatch: expected i32, found i64 (at offset"),
        "{out:?}"
    );
    assert!(cache.entries().is_empty(), "{:?}", cache.entries());
}

/// `--link` works for `run` too, and the host files' contents are part of
/// the key: the same files hit the entry, an edited one compiles again
/// (`wat/link/host_types.wat` with `c/link/host_types.c` and
/// `c/link/host_control.c`; `MODE=2` in the host's environment: a host
/// function exits with 7).
#[test]
fn run_with_link_files_keyed_by_content() {
    let t = TestDir::new("run-link");
    let cache = Cache::new(&t, true);
    let wat = copy_source("wat/link/host_types.wat", &t.join("app.wat"));
    let types = copy_source("c/link/host_types.c", &t.join("host_types.c"));
    let control = copy_source("c/link/host_control.c", &t.join("host_control.c"));
    let flags = [
        "--link",
        types.to_str().expect("utf-8 path"),
        "--link",
        control.to_str().expect("utf-8 path"),
    ];
    let go = |flags: &[&str]| {
        let mut cmd = cache.command(run_args(&wat, flags, &[]));
        cmd.env("MODE", "2");
        let out = run_command(cmd, b"");
        assert_no_panic(&out);
        out
    };
    let check = |out: &Output, what: &str| {
        assert_eq!(out.code(), Some(7), "{what}: {out:?}");
        assert_eq!(
            out.stdout_str(),
            "quit: exiting with 7\n",
            "{what}: {out:?}"
        );
    };
    let cold = go(&flags);
    check(&cold, "cold run with --link");
    assert!(cold.stderr_str().contains("compiled"), "{cold:?}");
    let warm = go(&flags);
    check(&warm, "cached run with --link");
    assert!(warm.stderr_str().contains("hit"), "{warm:?}");
    let mut text = std::fs::read_to_string(&control).expect("read");
    text.push_str("\n/* edited */\n");
    std::fs::write(&control, text).expect("write");
    let edited = go(&flags);
    check(&edited, "run after editing a --link file");
    assert!(edited.stderr_str().contains("compiled"), "{edited:?}");
    assert_eq!(cache.entries().len(), 2, "{:?}", cache.entries());
    // Without the host files the imports are missing: a build error.
    let missing = go(&[]);
    assert_eq!(missing.code(), Some(1), "{missing:?}");
    assert!(
        missing.stderr_str().contains("WASMC_HOST_FUNC"),
        "{missing:?}"
    );
}
