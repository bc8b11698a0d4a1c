//! Harness for the wasmc integration tests.
//!
//! The test binaries under `tests/tests/` use this library to
//! - find the `wasmc` binary ([`wasmc_bin`]),
//! - compile C programs natively and to `wasm32-wasi` with clang
//!   ([`compile_c_native`], [`compile_c_wasm`]),
//! - build executables with `wasmc build` in a given [`BoundsChecks`] mode
//!   ([`build_executable`]),
//! - run programs with arguments, stdin and a hard timeout ([`run`]), and
//! - compare the results ([`check_status`], [`assert_same_stdout`], ...).
//!
//! Every test works in its own temporary directory ([`TestDir`]); nothing is
//! cached between tests, so the suite is safe under `cargo nextest` (one
//! process per test) and `cargo test` (threads) alike.
//!
//! # Environment
//! - `WASMC_BIN`: the wasmc binary to test (default: `target/<profile>/wasmc`
//!   next to the test executable).
//! - `WASMC_TEST_CLANG`: clang to use (default `clang`).
//! - `WASI_SYSROOT`: the wasi-libc sysroot (default `/usr`, Debian's
//!   `wasi-libc` package).
//! - `WASMC_TEST_TIMEOUT`: per-process timeout in seconds (default 60).
//! - `WASMC_TEST_ENGINE=node`: *reference mode*, for checking the suite's own
//!   expectations without wasmc. Instead of compiling with wasmc, "building"
//!   writes a shell wrapper that runs the module under Node.js' WASI
//!   (`tests/tools/wasi-run.mjs`), which maps V8's trap messages to wasmc's.
//!   The bounds-check mode is ignored and CLI-specific tests (bad input,
//!   options) still need wasmc. Known reference-mode limitations are listed in
//!   `tests/tools/wasi-run.mjs`.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Exit status of a wasm program that trapped.
pub const TRAP_STATUS: i32 = 134;
/// SIGABRT, what `abort()` kills a native program with.
pub const SIGABRT: i32 = 6;

/// The two bounds-checking strategies of `wasmc build --bounds-checks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundsChecks {
    Guard,
    Explicit,
}

impl BoundsChecks {
    pub const ALL: [BoundsChecks; 2] = [BoundsChecks::Guard, BoundsChecks::Explicit];

    pub fn as_str(self) -> &'static str {
        match self {
            BoundsChecks::Guard => "guard",
            BoundsChecks::Explicit => "explicit",
        }
    }
}

impl fmt::Display for BoundsChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Root of the `tests/` package (where `c/`, `wat/` and `tools/` live).
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Root of the workspace.
pub fn workspace_dir() -> PathBuf {
    tests_dir()
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `wasmc` binary under test: `$WASMC_BIN`, else `wasmc` in the target
/// profile directory that contains this test executable
/// (`target/<profile>/deps/<test>` -> `target/<profile>/wasmc`).
/// Panics with instructions when it does not exist.
pub fn wasmc_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("WASMC_BIN") {
            let p = PathBuf::from(p);
            assert!(p.is_file(), "WASMC_BIN={} does not exist", p.display());
            return p;
        }
        let exe = std::env::current_exe().expect("current_exe");
        // target/<profile>/deps/<test-binary>
        let profile_dir = exe
            .parent()
            .and_then(|deps| {
                if deps.ends_with("deps") {
                    deps.parent()
                } else {
                    Some(deps)
                }
            })
            .expect("test executable has a parent directory");
        let candidate = profile_dir.join("wasmc");
        assert!(
            candidate.is_file(),
            "wasmc binary not found at {}: build it first: cargo build -p wasmc \
             (or set WASMC_BIN to the binary to test)",
            candidate.display()
        );
        candidate
    })
    .clone()
}

/// Per-process timeout, `$WASMC_TEST_TIMEOUT` seconds (default 60).
pub fn timeout() -> Duration {
    let secs = std::env::var("WASMC_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// True in reference mode (`WASMC_TEST_ENGINE=node`), see the crate docs.
pub fn reference_mode() -> bool {
    match std::env::var("WASMC_TEST_ENGINE") {
        Ok(e) if e == "node" => true,
        Ok(e) if e.is_empty() || e == "wasmc" => false,
        Ok(e) => panic!("unknown WASMC_TEST_ENGINE={e:?} (expected \"node\" or \"wasmc\")"),
        Err(_) => false,
    }
}

/// A per-test temporary directory, removed on drop unless
/// `WASMC_TEST_KEEP=1` (then its path is printed so it can be inspected).
pub struct TestDir {
    /// Removes the directory when dropped (`None` when kept).
    _dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl TestDir {
    pub fn new(label: &str) -> TestDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("wasmc-test-{label}-"))
            .tempdir()
            .expect("create temp dir");
        let path = dir.path().to_path_buf();
        if std::env::var_os("WASMC_TEST_KEEP").is_some_and(|v| v == "1") {
            eprintln!("keeping test directory {}", path.display());
            let _ = dir.keep();
            TestDir { _dir: None, path }
        } else {
            TestDir {
                _dir: Some(dir),
                path,
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.path.join(p)
    }

    /// Creates (if needed) and returns a subdirectory.
    pub fn subdir(&self, name: &str) -> PathBuf {
        let p = self.path.join(name);
        fs::create_dir_all(&p).expect("create subdir");
        p
    }

    /// Names of all entries in the directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.path)
            .expect("read temp dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    }
}

/// Result of running a process to completion.
#[derive(Clone)]
pub struct Output {
    /// The command line, for messages.
    pub command: String,
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn signal(&self) -> Option<i32> {
        self.status.signal()
    }

    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// `exit N` or `signal N (NAME)`.
    pub fn status_str(&self) -> String {
        describe_status(self.status)
    }
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}", self.command)?;
        writeln!(
            f,
            "status:  {} (after {:.2?})",
            self.status_str(),
            self.elapsed
        )?;
        writeln!(f, "--- stdout ({} bytes) ---", self.stdout.len())?;
        writeln!(f, "{}", excerpt(&self.stdout))?;
        writeln!(f, "--- stderr ({} bytes) ---", self.stderr.len())?;
        write!(f, "{}", excerpt(&self.stderr))
    }
}

/// `exit N` / `signal N (NAME)`.
pub fn describe_status(status: ExitStatus) -> String {
    if let Some(c) = status.code() {
        format!("exit {c}")
    } else if let Some(s) = status.signal() {
        let name = match s {
            4 => "SIGILL",
            5 => "SIGTRAP",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            _ => "?",
        };
        format!(
            "signal {s} ({name}){}",
            if status.core_dumped() {
                " core dumped"
            } else {
                ""
            }
        )
    } else {
        format!("{status:?}")
    }
}

/// Lossy text of at most ~6 KB of `bytes` (head and tail), for messages.
pub fn excerpt(bytes: &[u8]) -> String {
    const HEAD: usize = 4000;
    const TAIL: usize = 2000;
    if bytes.len() <= HEAD + TAIL {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        format!(
            "{}\n[... {} bytes omitted ...]\n{}",
            String::from_utf8_lossy(&bytes[..HEAD]),
            bytes.len() - HEAD - TAIL,
            String::from_utf8_lossy(&bytes[bytes.len() - TAIL..])
        )
    }
}

/// How to run a process.
#[derive(Clone, Debug, Default)]
pub struct RunOpts<'a> {
    pub args: Vec<OsString>,
    pub stdin: &'a [u8],
    /// Environment variables removed for the child.
    pub env_remove: Vec<OsString>,
    /// Working directory for the child (default: inherited).
    pub cwd: Option<PathBuf>,
}

impl<'a> RunOpts<'a> {
    pub fn args<I, S>(args: I) -> RunOpts<'a>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        RunOpts {
            args: args
                .into_iter()
                .map(|a| a.as_ref().to_os_string())
                .collect(),
            ..RunOpts::default()
        }
    }

    pub fn stdin(mut self, stdin: &'a [u8]) -> Self {
        self.stdin = stdin;
        self
    }
}

/// Runs `program` to completion with a timeout ([`timeout`]). stdin is fed
/// from `opts.stdin` (then closed), stdout/stderr are captured. A process
/// that exceeds the timeout is killed and the test fails; this never hangs.
pub fn run(program: &Path, opts: &RunOpts<'_>) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(&opts.args);
    for k in &opts.env_remove {
        cmd.env_remove(k);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    run_command(cmd, opts.stdin)
}

/// Runs a prepared command with the given stdin and the standard timeout.
pub fn run_command(mut cmd: Command, stdin: &[u8]) -> Output {
    let command = format!("{cmd:?}");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot spawn {command}: {e}"));

    let mut child_stdin = child.stdin.take().expect("stdin piped");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The program may exit without reading all of its input: a broken
        // pipe here is not an error.
        let _ = child_stdin.write_all(&input);
    });
    let mut out_pipe = child.stdout.take().expect("stdout piped");
    let mut err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });

    let limit = timeout();
    let status = loop {
        match child.try_wait().expect("wait for child") {
            Some(status) => break status,
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("timed out after {limit:?} (process killed): {command}");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let elapsed = start.elapsed();
    let _ = writer.join();
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    Output {
        command,
        status,
        stdout,
        stderr,
        elapsed,
    }
}

/// Runs `wasmc` with the given arguments (no stdin).
pub fn wasmc<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(wasmc_bin());
    cmd.args(args);
    run_command(cmd, b"")
}

/// Asserts that `out` did not come from a Rust panic.
pub fn assert_no_panic(out: &Output) {
    assert!(
        out.code() != Some(101) && !out.stderr_str().contains("panicked"),
        "wasmc panicked (exit 101 / \"panicked\" on stderr):\n{out:?}"
    );
}

fn clang() -> OsString {
    std::env::var_os("WASMC_TEST_CLANG").unwrap_or_else(|| "clang".into())
}

fn wasi_sysroot() -> OsString {
    std::env::var_os("WASI_SYSROOT").unwrap_or_else(|| "/usr".into())
}

fn run_clang(args: Vec<OsString>, what: &str) {
    let mut cmd = Command::new(clang());
    cmd.args(&args);
    let out = run_command(cmd, b"");
    assert!(
        out.status.success(),
        "clang failed compiling {what} (run scripts/setup.sh to install the toolchain):\n{out:?}"
    );
}

/// `clang -O2 -w SRC -o OUT -lm` (plus `extra` flags).
pub fn compile_c_native(src: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<OsString> = vec![
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("-lm".into());
    run_clang(args, &format!("{} natively", src.display()));
}

/// `clang --target=wasm32-wasi --sysroot=$WASI_SYSROOT -O2 -w SRC -o OUT -lm`
/// (plus `extra` flags, e.g. wasi-libc emulation libraries).
pub fn compile_c_wasm(src: &Path, out: &Path, extra: &[&str]) {
    let mut sysroot = OsString::from("--sysroot=");
    sysroot.push(wasi_sysroot());
    let mut args: Vec<OsString> = vec![
        "--target=wasm32-wasi".into(),
        sysroot,
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("-lm".into());
    run_clang(args, &format!("{} to wasm32-wasi", src.display()));
}

/// `wasmc build INPUT -o OUTPUT --bounds-checks MODE [extra...]`, asserting
/// success (exit 0, no panic, output file exists). In reference mode writes a
/// Node.js wrapper script instead (see the crate docs).
pub fn build_executable(input: &Path, output: &Path, mode: BoundsChecks, extra: &[&str]) {
    build_executable_with(input, output, mode, extra, None);
}

/// Runtime C flags that make the runtime use its POSIX fallbacks on Linux too
/// (poll, accept + fcntl, ftruncate, /dev/urandom, no openat2 or O_PATH):
/// the code paths macOS runs (wasi.c, "Portability").
/// `-Werror`: a fallback nobody calls on Linux must not rot unnoticed.
pub const PORTABLE_RUNTIME_CFLAGS: &str = "-DWASMC_PORTABLE=1 -Werror";

/// [`build_executable`], with the runtime compiled with `runtime_cflags`
/// (`WASMC_RUNTIME_CFLAGS`) when given.
pub fn build_executable_with(
    input: &Path,
    output: &Path,
    mode: BoundsChecks,
    extra: &[&str],
    runtime_cflags: Option<&str>,
) {
    if reference_mode() {
        build_reference_wrapper(input, output);
        return;
    }
    let mut args: Vec<OsString> = vec![
        "build".into(),
        input.into(),
        "-o".into(),
        output.into(),
        "--bounds-checks".into(),
        mode.as_str().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    let mut cmd = Command::new(wasmc_bin());
    cmd.args(&args);
    if let Some(flags) = runtime_cflags {
        cmd.env("WASMC_RUNTIME_CFLAGS", flags);
    }
    let out = run_command(cmd, b"");
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "wasmc build failed ({mode} mode):\n{out:?}"
    );
    assert!(
        output.is_file(),
        "wasmc build exited 0 but did not create {}:\n{out:?}",
        output.display()
    );
}

fn build_reference_wrapper(input: &Path, output: &Path) {
    let bytes = fs::read(input).unwrap_or_else(|e| panic!("read {}: {e}", input.display()));
    let wasm = wat::parse_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", input.display()))
        .into_owned();
    let mut module = output.as_os_str().to_os_string();
    module.push(".reference.wasm");
    let module = PathBuf::from(module);
    fs::write(&module, wasm).expect("write reference module");
    let runner = tests_dir().join("tools/wasi-run.mjs");
    let script = format!(
        "#!/bin/sh\nexec node --no-warnings '{}' '{}' \"$0\" \"$@\"\n",
        runner.display(),
        module.display()
    );
    fs::write(output, script).expect("write wrapper");
    fs::set_permissions(output, fs::Permissions::from_mode(0o755)).expect("chmod wrapper");
}

/// The expected way a program ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Normal exit with this status (return from main / `proc_exit`).
    Code(i32),
    /// C `abort()`: natively killed by SIGABRT; in wasm it is `unreachable`,
    /// so status 134 and "wasm trap: unreachable".
    Abort,
    /// A wasm trap with this message (status 134, "wasm trap: MSG" and a
    /// backtrace on stderr). Natively: killed by a signal or nonzero exit.
    Trap(&'static str),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(c) => write!(f, "exit {c}"),
            Status::Abort => write!(f, "abort"),
            Status::Trap(m) => write!(f, "trap \"{m}\""),
        }
    }
}

/// Asserts that a wasmc-built executable ended as `expected`.
pub fn check_wasm_status(out: &Output, expected: Status, what: &str) {
    match expected {
        Status::Code(c) => {
            assert!(
                !out.stderr_str().contains("wasm trap:"),
                "{what}: expected a normal exit {c}, but the program trapped:\n{out:?}"
            );
            assert_eq!(
                out.code(),
                Some(c),
                "{what}: expected exit {c}, got {}:\n{out:?}",
                out.status_str()
            );
        }
        Status::Abort => assert_trap(out, "unreachable", what),
        Status::Trap(msg) => assert_trap(out, msg, what),
    }
}

/// Asserts that a natively built program ended as `expected`.
pub fn check_native_status(out: &Output, expected: Status, what: &str) {
    match expected {
        Status::Code(c) => assert_eq!(
            out.code(),
            Some(c),
            "{what}: the NATIVE build should exit {c} but got {} (the test's expectation is wrong, or the toolchain is broken):\n{out:?}",
            out.status_str()
        ),
        Status::Abort => assert_eq!(
            out.signal(),
            Some(SIGABRT),
            "{what}: the NATIVE build should die by SIGABRT but got {}:\n{out:?}",
            out.status_str()
        ),
        Status::Trap(_) => assert!(
            out.signal().is_some() || out.code() != Some(0),
            "{what}: the NATIVE build should crash (signal or nonzero exit) but got {}:\n{out:?}",
            out.status_str()
        ),
    }
}

/// Asserts a wasm trap: exit status 134, `wasm trap: MSG` on stderr, followed
/// by a `wasm backtrace:` section; never a signal death or a Rust panic.
pub fn assert_trap(out: &Output, msg: &str, what: &str) {
    let stderr = out.stderr_str();
    assert!(
        out.signal().is_none(),
        "{what}: expected a clean trap exit ({TRAP_STATUS}) with \"wasm trap: {msg}\", but the process died by {}:\n{out:?}",
        out.status_str()
    );
    assert!(
        !stderr.contains("panicked"),
        "{what}: a Rust panic instead of a wasm trap:\n{out:?}"
    );
    let needle = format!("wasm trap: {msg}");
    let at = stderr.find(&needle);
    assert!(
        at.is_some(),
        "{what}: stderr does not contain \"{needle}\":\n{out:?}"
    );
    assert_eq!(
        out.code(),
        Some(TRAP_STATUS),
        "{what}: a trap must exit with status {TRAP_STATUS}, got {}:\n{out:?}",
        out.status_str()
    );
    let at = at.unwrap_or_default();
    assert!(
        stderr[at..].contains("wasm backtrace:"),
        "{what}: no \"wasm backtrace:\" after the trap message:\n{out:?}"
    );
}

/// Asserts equal stdout, with a line diff in the message.
pub fn assert_same_stdout(expected: &[u8], actual: &[u8], what: &str) {
    if expected != actual {
        panic!("{what}: stdout differs\n{}", diff(expected, actual));
    }
}

/// A short description of the first differences between two outputs.
pub fn diff(expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let el: Vec<&str> = e.split_inclusive('\n').collect();
    let al: Vec<&str> = a.split_inclusive('\n').collect();
    let mut s = format!(
        "expected {} bytes / {} lines, got {} bytes / {} lines\n",
        expected.len(),
        el.len(),
        actual.len(),
        al.len()
    );
    let mut shown = 0;
    for i in 0..el.len().max(al.len()) {
        let (x, y) = (el.get(i), al.get(i));
        if x != y {
            s.push_str(&format!(
                "line {}:\n  expected: {:?}\n  actual:   {:?}\n",
                i + 1,
                x,
                y
            ));
            shown += 1;
            if shown == 10 {
                s.push_str("  ...\n");
                break;
            }
        }
    }
    if expected.len() + actual.len() < 8000 {
        s.push_str(&format!("--- expected ---\n{e}\n--- actual ---\n{a}\n"));
    }
    s
}

// ---------------------------------------------------------------------------
// WAT support

/// The shared WAT prelude (`tests/wat/prelude.wat`): WASI imports plus
/// printing and argument helpers, spliced into every test module at the line
/// `;;@prelude` (see [`expand_wat`]).
pub fn wat_prelude() -> String {
    let p = tests_dir().join("wat/prelude.wat");
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Marker line in a test module replaced by the prelude.
pub const PRELUDE_MARKER: &str = ";;@prelude";

/// Reads `tests/wat/NAME.wat` and splices in the prelude at `;;@prelude`.
/// Panics if the file lacks the marker.
pub fn expand_wat(name: &str) -> String {
    let p = tests_dir().join(format!("wat/{name}.wat"));
    let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    assert!(
        text.contains(PRELUDE_MARKER),
        "{} lacks the {PRELUDE_MARKER} line",
        p.display()
    );
    text.replacen(PRELUDE_MARKER, &wat_prelude(), 1)
}

// ---------------------------------------------------------------------------
// C programs

/// What a C program test expects.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// Run natively and as wasm: stdout (and, for normal exits, stderr) must
    /// be identical, and BOTH must end as `Status` says, so a broken program
    /// or toolchain cannot make the comparison pass vacuously.
    SameAsNative(Status),
    /// The wasm build must trap with this message (status 134, message and
    /// backtrace on stderr); the native build must crash (signal or nonzero
    /// exit). stdout up to the crash must be the same in both.
    Trap(&'static str),
    /// Only the wasm build is checked, against a literal expected stdout and
    /// status; `reason` says why comparing with native is impossible.
    WasmOnly {
        stdout: &'static str,
        status: Status,
        reason: &'static str,
    },
}

/// Standard input for a program.
#[derive(Clone, Copy, Debug)]
pub enum Stdin {
    Empty,
    Text(&'static str),
    Generated(fn() -> Vec<u8>),
}

impl Stdin {
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Stdin::Empty => Vec::new(),
            Stdin::Text(t) => t.as_bytes().to_vec(),
            Stdin::Generated(f) => f(),
        }
    }
}

/// One program `tests/c/NAME.c` and its expectation.
#[derive(Clone, Copy, Debug)]
pub struct CProgram {
    pub name: &'static str,
    pub args: &'static [&'static str],
    pub stdin: Stdin,
    /// Extra clang flags for the wasm32-wasi build (after the source file).
    pub wasm_cflags: &'static [&'static str],
    pub expect: Expect,
}

impl CProgram {
    /// Defaults for the `..CProgram::DEFAULT` in the test list.
    pub const DEFAULT: CProgram = CProgram {
        name: "",
        args: &[],
        stdin: Stdin::Empty,
        wasm_cflags: &[],
        expect: Expect::SameAsNative(Status::Code(0)),
    };

    pub fn source(&self) -> PathBuf {
        tests_dir().join(format!("c/{}.c", self.name))
    }
}

/// Environment variables the C programs query; removed for both runs so the
/// native and the wasm program see the same (absent) values.
pub const C_ENV_REMOVE: &[&str] = &["WASMC_TEST_UNSET_VARIABLE", "WASMC_TEST_INNER"];

fn c_run_opts<'a>(p: &CProgram, stdin: &'a [u8]) -> RunOpts<'a> {
    let mut opts = RunOpts::args(p.args).stdin(stdin);
    opts.env_remove = C_ENV_REMOVE.iter().map(OsString::from).collect();
    opts
}

/// Compiles `p` natively into `dir/native/prog` and runs it.
pub fn run_c_native(p: &CProgram, dir: &TestDir) -> Output {
    let exe = dir.subdir("native").join("prog");
    compile_c_native(&p.source(), &exe, &[]);
    let stdin = p.stdin.bytes();
    run(&exe, &c_run_opts(p, &stdin))
}

/// Compiles `p` to wasm with clang, builds `dir/wasm/prog` with wasmc in
/// `mode` and runs it. Both executables are called `prog` so that argv[0]'s
/// basename is the same natively and in wasm.
pub fn run_c_wasm(p: &CProgram, dir: &TestDir, mode: BoundsChecks) -> Output {
    let wasm = dir.join(format!("{}.wasm", p.name));
    compile_c_wasm(&p.source(), &wasm, p.wasm_cflags);
    let exe = dir.subdir("wasm").join("prog");
    build_executable(&wasm, &exe, mode, &[]);
    let stdin = p.stdin.bytes();
    run(&exe, &c_run_opts(p, &stdin))
}

/// The whole test for one C program in one bounds-check mode.
pub fn run_c_program(p: &CProgram, mode: BoundsChecks) {
    let dir = TestDir::new(p.name);
    let what = format!("c/{}.c ({mode})", p.name);
    let wasm = run_c_wasm(p, &dir, mode);
    match p.expect {
        Expect::SameAsNative(status) => {
            let native = run_c_native(p, &dir);
            check_native_status(&native, status, &what);
            check_wasm_status(&wasm, status, &what);
            assert_same_stdout(&native.stdout, &wasm.stdout, &what);
            if let Status::Code(_) = status {
                if native.stderr != wasm.stderr {
                    panic!(
                        "{what}: stderr differs from the native run\n{}",
                        diff(&native.stderr, &wasm.stderr)
                    );
                }
            }
        }
        Expect::Trap(msg) => {
            let native = run_c_native(p, &dir);
            check_native_status(&native, Status::Trap(msg), &what);
            assert_trap(&wasm, msg, &what);
            assert_same_stdout(&native.stdout, &wasm.stdout, &what);
        }
        Expect::WasmOnly {
            stdout,
            status,
            reason: _,
        } => {
            check_wasm_status(&wasm, status, &what);
            assert_same_stdout(stdout.as_bytes(), &wasm.stdout, &what);
        }
    }
}

/// `test == prefix + name + suffix`, usable in constant assertions that
/// keep the test names in the lists consistent with the program names.
pub const fn is_test_name(test: &str, prefix: &str, name: &str, suffix: &str) -> bool {
    let (t, p, n, s) = (
        test.as_bytes(),
        prefix.as_bytes(),
        name.as_bytes(),
        suffix.as_bytes(),
    );
    if t.len() != p.len() + n.len() + s.len() {
        return false;
    }
    let mut i = 0;
    while i < t.len() {
        let c = if i < p.len() {
            p[i]
        } else if i < p.len() + n.len() {
            n[i - p.len()]
        } else {
            s[i - p.len() - n.len()]
        };
        if t[i] != c {
            return false;
        }
        i += 1;
    }
    true
}

// ---------------------------------------------------------------------------
// WAT programs

/// One run of a module `tests/wat/FILE.wat` and its expected result.
#[derive(Clone, Copy, Debug)]
pub struct WatTest {
    /// Test name (without the `wat_` prefix and mode suffix).
    pub name: &'static str,
    /// `tests/wat/<file>.wat`
    pub file: &'static str,
    pub args: &'static [&'static str],
    /// Exact expected stdout (for traps: everything printed before the trap).
    pub stdout: &'static str,
    pub status: Status,
}

impl WatTest {
    pub const DEFAULT: WatTest = WatTest {
        name: "",
        file: "",
        args: &[],
        stdout: "",
        status: Status::Code(0),
    };
}

/// Expands the module's prelude, builds it with wasmc (from the `.wat` text:
/// this also exercises wasmc's text-format input) in `mode` and checks
/// stdout and the exit status / trap.
pub fn run_wat_test(t: &WatTest, mode: BoundsChecks) {
    let dir = TestDir::new(t.name);
    let what = format!("wat/{}.wat {:?} ({mode})", t.file, t.args);
    let src = dir.join(format!("{}.wat", t.file));
    fs::write(&src, expand_wat(t.file)).expect("write expanded wat");
    let exe = dir.join("prog");
    build_executable(&src, &exe, mode, &[]);
    let out = run(&exe, &RunOpts::args(t.args));
    check_wasm_status(&out, t.status, &what);
    assert_same_stdout(t.stdout.as_bytes(), &out.stdout, &what);
}

// ---------------------------------------------------------------------------
// WASI tests (`tests/wasi_*.rs`; programs `c/wasi_*.c`, modules in `wat/wasi/`)

/// `tests/c/NAME.c`.
pub fn wasi_c_source(name: &str) -> PathBuf {
    tests_dir().join(format!("c/{name}.c"))
}

/// Compiles `tests/c/NAME.c` to wasm32-wasi once (`dir/NAME.wasm`).
pub fn compile_wasi_c(name: &str, dir: &TestDir) -> PathBuf {
    let wasm = dir.join(format!("{name}.wasm"));
    if !wasm.is_file() {
        compile_c_wasm(&wasi_c_source(name), &wasm, &[]);
    }
    wasm
}

/// Builds `tests/c/NAME.c` with wasmc in `mode` (plus `flags`, e.g.
/// `--dir`) as `dir/wasm-MODE/prog`: the same basename as the native build,
/// so argv[0] compares equal.
pub fn build_wasi_c(name: &str, dir: &TestDir, mode: BoundsChecks, flags: &[&str]) -> PathBuf {
    let wasm = compile_wasi_c(name, dir);
    let exe = dir.subdir(&format!("wasm-{mode}")).join("prog");
    build_executable(&wasm, &exe, mode, flags);
    exe
}

/// Builds `tests/c/NAME.c` in guard mode with the portable runtime
/// ([`PORTABLE_RUNTIME_CFLAGS`]) as `dir/wasm-portable/prog`.
pub fn build_wasi_c_portable(name: &str, dir: &TestDir, flags: &[&str]) -> PathBuf {
    let wasm = compile_wasi_c(name, dir);
    let exe = dir.subdir("wasm-portable").join("prog");
    build_executable_with(
        &wasm,
        &exe,
        BoundsChecks::Guard,
        flags,
        Some(PORTABLE_RUNTIME_CFLAGS),
    );
    exe
}

/// Compiles `tests/c/NAME.c` natively as `dir/native/prog`.
pub fn build_wasi_c_native(name: &str, dir: &TestDir) -> PathBuf {
    let exe = dir.subdir("native").join("prog");
    compile_c_native(&wasi_c_source(name), &exe, &[]);
    exe
}

/// Builds `tests/wat/wasi/NAME.wat` (with the prelude spliced in) with wasmc
/// in `mode` as `dir/NAME-MODE`.
pub fn build_wasi_wat(name: &str, dir: &TestDir, mode: BoundsChecks, flags: &[&str]) -> PathBuf {
    let src = dir.join(format!("{name}.wat"));
    fs::write(&src, expand_wat(&format!("wasi/{name}"))).expect("write expanded wat");
    let exe = dir.join(format!("{name}-{mode}"));
    build_executable(&src, &exe, mode, flags);
    exe
}

/// A place where the wasm output of a program legitimately differs from the
/// native one: the native stdout has the line `native` where the wasm stdout
/// has `wasm`, for the written-down `reason`.
#[derive(Clone, Copy, Debug)]
pub struct Difference {
    pub native: &'static str,
    pub wasm: &'static str,
    pub reason: &'static str,
}

/// Asserts that both runs exited with `status`, that the wasm stdout equals
/// the native one once each [`Difference`] is accounted for (each must really
/// occur: its `native` line in the native output, its `wasm` line in the
/// wasm output), and that the wasm stderr equals the native stderr.
pub fn assert_same_as_native(
    native: &Output,
    wasm: &Output,
    status: i32,
    diffs: &[Difference],
    what: &str,
) {
    check_native_status(native, Status::Code(status), what);
    check_wasm_status(wasm, Status::Code(status), what);
    let nat = native.stdout_str();
    let mut was = wasm.stdout_str();
    for d in diffs {
        assert!(
            d.reason.len() > 20,
            "{what}: a Difference needs a real reason: {d:?}"
        );
        assert!(
            nat.lines().any(|l| l == d.native),
            "{what}: expected difference {d:?}: the native output lacks {:?}\n--- native ---\n{nat}",
            d.native
        );
        assert!(
            was.lines().any(|l| l == d.wasm),
            "{what}: expected difference {d:?}: the wasm output lacks {:?}\n--- wasm ---\n{was}",
            d.wasm
        );
        was = was
            .lines()
            .map(|l| if l == d.wasm { d.native } else { l })
            .map(|l| format!("{l}\n"))
            .collect();
    }
    assert_same_stdout(nat.as_bytes(), was.as_bytes(), what);
    if native.stderr != wasm.stderr {
        panic!(
            "{what}: stderr differs\n{}",
            diff(&native.stderr, &wasm.stderr)
        );
    }
}

/// A description of everything under `root` (not following symlinks), one
/// sorted line per entry: relative path, kind, and for files the size and a
/// hash of the content, for symlinks the target. Modification times are
/// left out (the native and wasm runs happen at different times).
pub fn tree_snapshot(root: &Path) -> Vec<String> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(root.join(rel))
            .unwrap_or_else(|e| panic!("read_dir {}: {e}", root.join(rel).display()))
            .map(|e| e.expect("dir entry").file_name())
            .collect();
        entries.sort();
        for name in entries {
            let r = rel.join(&name);
            let p = root.join(&r);
            let md = fs::symlink_metadata(&p).expect("lstat");
            let ft = md.file_type();
            if ft.is_symlink() {
                let t = fs::read_link(&p).expect("readlink");
                out.push(format!("{} -> {}", r.display(), t.display()));
            } else if ft.is_dir() {
                out.push(format!("{}/", r.display()));
                walk(root, &r, out);
            } else if ft.is_file() {
                let data = fs::read(&p).expect("read");
                let h = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                });
                out.push(format!(
                    "{} ({} bytes, fnv {h:016x})",
                    r.display(),
                    data.len()
                ));
            } else {
                out.push(format!("{} (special)", r.display()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, Path::new(""), &mut out);
    out
}

/// Makes a FIFO at `path` with mkfifo(1) (the tests have no libc binding).
pub fn mkfifo(path: &Path) {
    let mut cmd = Command::new("mkfifo");
    cmd.arg(path);
    let out = run_command(cmd, b"");
    assert!(out.status.success(), "mkfifo {}: {out:?}", path.display());
}

// ---------------------------------------------------------------------------
// Cross targets (`tests/cross.rs`): foreign Linux targets, run under qemu-user

/// A Linux target other than the host: wasmc builds for it with the cross C
/// compiler, and its executables run under qemu-user.
#[derive(Clone, Copy, Debug)]
pub struct CrossTarget {
    /// The `--target` triple.
    pub triple: &'static str,
    /// Short name for test directories and messages.
    pub arch: &'static str,
    /// The qemu-user emulator.
    pub qemu: &'static str,
    /// The target's libc root (`qemu -L`), from Debian's libc6-dev-*-cross.
    pub sysroot: &'static str,
    /// The cross C compiler wasmc picks for the triple.
    pub cc: &'static str,
    /// The Debian packages that provide the compiler and the libc.
    pub packages: &'static str,
}

pub const AARCH64_LINUX: CrossTarget = CrossTarget {
    triple: "aarch64-unknown-linux-gnu",
    arch: "aarch64",
    qemu: "qemu-aarch64",
    sysroot: "/usr/aarch64-linux-gnu",
    cc: "aarch64-linux-gnu-gcc",
    packages: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
};

pub const RISCV64_LINUX: CrossTarget = CrossTarget {
    triple: "riscv64gc-unknown-linux-gnu",
    arch: "riscv64",
    qemu: "qemu-riscv64",
    sysroot: "/usr/riscv64-linux-gnu",
    cc: "riscv64-linux-gnu-gcc",
    packages: "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross",
};

pub const S390X_LINUX: CrossTarget = CrossTarget {
    triple: "s390x-unknown-linux-gnu",
    arch: "s390x",
    qemu: "qemu-s390x",
    sysroot: "/usr/s390x-linux-gnu",
    cc: "s390x-linux-gnu-gcc",
    packages: "gcc-s390x-linux-gnu libc6-dev-s390x-cross",
};

/// `prog` on `PATH`, if it is there.
pub fn find_on_path(prog: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
}

/// Fails the test, naming what to install, unless `prog` is on `PATH`.
/// Cross tests never skip: `scripts/setup.sh` installs everything they need.
pub fn require_program(prog: &str, packages: &str) {
    assert!(
        find_on_path(prog).is_some(),
        "`{prog}` is not installed: the cross-target tests need it. Run scripts/setup.sh \
         (Debian/Ubuntu: apt-get install {packages})"
    );
}

impl CrossTarget {
    /// Fails the test unless the cross C compiler, the target's libc and
    /// qemu are installed.
    pub fn require(&self) {
        require_program(self.cc, self.packages);
        require_program(self.qemu, "qemu-user");
        for f in ["include/stdio.h", "lib/libc.so.6"] {
            let p = Path::new(self.sysroot).join(f);
            assert!(
                p.is_file(),
                "{} is missing: the {} libc is not installed. Run scripts/setup.sh \
                 (Debian/Ubuntu: apt-get install {})",
                p.display(),
                self.arch,
                self.packages
            );
        }
    }

    /// `qemu-<arch> [qemu_args] -L <sysroot> <exe> <opts.args>`.
    pub fn command(&self, exe: &Path, qemu_args: &[&str], opts: &RunOpts<'_>) -> Command {
        let mut cmd = Command::new(self.qemu);
        cmd.args(qemu_args)
            .arg("-L")
            .arg(self.sysroot)
            .arg(exe)
            .args(&opts.args);
        for k in &opts.env_remove {
            cmd.env_remove(k);
        }
        if let Some(cwd) = &opts.cwd {
            cmd.current_dir(cwd);
        }
        cmd
    }

    /// Runs `exe` under qemu like [`run`] (arguments, stdin, timeout).
    pub fn run(&self, exe: &Path, qemu_args: &[&str], opts: &RunOpts<'_>) -> Output {
        run_command(self.command(exe, qemu_args, opts), opts.stdin)
    }

    /// The `--runner` of `wasmc wast` for this target.
    pub fn runner(&self, qemu_args: &[&str]) -> String {
        let mut r = vec![self.qemu];
        r.extend_from_slice(qemu_args);
        r.extend_from_slice(&["-L", self.sysroot]);
        r.join(" ")
    }
}

/// Stderr of a wasm program with the count of a truncated backtrace
/// (`  ... N more frames`) blanked out: how many frames a stack overflow
/// leaves depends on the target's frame sizes.
pub fn normalize_backtrace(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .map(|l| {
            let t = l.trim_end_matches('\n');
            match t
                .strip_prefix("  ... ")
                .and_then(|r| r.strip_suffix(" more frames"))
            {
                Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => l.replacen(n, "N", 1),
                _ => l.to_string(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Generated stdin for the corpus (shared by c_programs.rs and cross.rs)

/// 20000 lines of words and numbers (plus empty lines and a last line
/// without newline), for `stdin_sort` and `stdin_wc`.
pub fn sort_input() -> Vec<u8> {
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    ];
    let mut s = String::new();
    let mut x: u32 = 12345;
    for i in 0..20000u32 {
        x = x.wrapping_mul(1103515245).wrapping_add(12345);
        let a = words[(x >> 16) as usize % words.len()];
        let b = words[(x >> 8) as usize % words.len()];
        s.push_str(&format!("{a} {b} {}\n", (x >> 20) % 50));
        if i % 1000 == 0 {
            s.push('\n'); // empty lines sort first
        }
    }
    s.push_str("last line without newline");
    s.into_bytes()
}

/// A text line, then 100000 bytes of binary data (all byte values, NULs
/// included) of which `stdio` reads 70000 with fread.
pub fn stdio_input() -> Vec<u8> {
    let mut v = b"header line\n".to_vec();
    let mut x: u32 = 7;
    for _ in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push(x as u8);
    }
    v
}

// ---------------------------------------------------------------------------
// The spec testsuite (shared by spec.rs and cross.rs)

/// Where the spec testsuite is: `$WASMC_SPEC_DIR`, default `../shared/spec`
/// next to the workspace.
pub fn spec_dir() -> PathBuf {
    match std::env::var_os("WASMC_SPEC_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_dir().join("../shared/spec"),
    }
}

/// `tests/spec-expectations.txt`: files not run, assertions expected to fail.
pub struct SpecExpectations {
    pub skip: Vec<String>,
    pub fail: Vec<String>,
}

impl SpecExpectations {
    pub fn load() -> SpecExpectations {
        let text = std::fs::read_to_string(workspace_dir().join("tests/spec-expectations.txt"))
            .expect("tests/spec-expectations.txt");
        let mut e = SpecExpectations {
            skip: Vec::new(),
            fail: Vec::new(),
        };
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let mut parts = line.splitn(3, char::is_whitespace);
            let (kind, what, reason) = (parts.next(), parts.next(), parts.next().map(str::trim));
            assert!(
                reason.is_some_and(|r| !r.is_empty()),
                "entry without a reason: {line}"
            );
            match (kind, what) {
                (Some("skip"), Some(w)) => e.skip.push(w.to_string()),
                (Some("fail"), Some(w)) => e.fail.push(w.to_string()),
                _ => panic!("bad line in spec-expectations.txt: {line}"),
            }
        }
        e
    }

    /// Whether a failure line (`<path>/<file>:<line>: ...`) is expected.
    pub fn is_expected(&self, failure: &str) -> bool {
        self.fail
            .iter()
            .any(|e| failure.contains(&format!("/{e}:")))
    }
}

fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((pre, post)) => {
            name.starts_with(pre) && name.ends_with(post) && name.len() >= pre.len() + post.len()
        }
        None => pattern == name,
    }
}

/// The wasm-2.0 scripts `keep` accepts, minus the skipped ones, sorted.
/// Fails when the suite is missing or incomplete.
pub fn spec_files(
    exp: &SpecExpectations,
    keep: fn(&str) -> bool,
    min_files: usize,
) -> Vec<PathBuf> {
    let dir = spec_dir().join("wasm-2.0");
    assert!(
        dir.is_dir(),
        "spec testsuite not found at {} (set WASMC_SPEC_DIR)",
        dir.display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            keep(name) && !exp.skip.iter().any(|g| glob_match(g, name))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= min_files,
        "expected the wasm-2.0 files, found {}",
        files.len()
    );
    files
}

/// What `wasmc wast` reported.
pub struct WastSummary {
    pub passed: u64,
    /// Failure lines (`<path>:<line>: <command>: ...`).
    pub failures: Vec<String>,
}

/// Run `wasmc wast FLAGS FILES` and parse its report.
pub fn run_wast(flags: &[&str], files: &[PathBuf]) -> WastSummary {
    let out = Command::new(wasmc_bin())
        .arg("wast")
        .args(flags)
        .args(files)
        .output()
        .expect("run wasmc wast");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let (passed, _) = last.split_once(" passed, ").unwrap_or_else(|| {
        panic!(
            "no summary line; stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    WastSummary {
        passed: passed.parse().expect("passed count"),
        // Failures are the indented lines.
        failures: stdout
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect(),
    }
}
