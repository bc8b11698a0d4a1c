//! Running processes: [`run`] / [`run_command`] with arguments, stdin and a
//! hard timeout (a hung program is killed and the test fails, it never
//! hangs the suite), the captured [`Output`] and how it prints in failure
//! messages, and [`wasmc`] itself.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::{timeout, wasmc_bin};

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
pub fn run_command(cmd: Command, stdin: &[u8]) -> Output {
    run_command_timeout(cmd, stdin, timeout())
}

/// [`run_command`] with an explicit timeout (for one-time builds that take
/// longer than any test should).
pub fn run_command_timeout(mut cmd: Command, stdin: &[u8], limit: Duration) -> Output {
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
