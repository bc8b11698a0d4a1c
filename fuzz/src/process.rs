//! Running `wasmc` with a time limit: a command that does not finish in
//! time is killed and reported as hung; a Rust panic (exit status 101 or
//! "panicked at" on stderr) or death by a signal is reported as a crash.
//! [`command`] runs any program the same way (the executable fuzzing runs
//! clang, csmith and the programs it builds).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a `wasmc` run ended.
#[derive(Debug)]
pub struct Run {
    /// Exit code; `None` when killed by a signal or hung.
    pub code: Option<i32>,
    pub hung: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A panic, a signal or a hang: never acceptable, whatever the input.
    pub fn crash(&self) -> Option<String> {
        if self.hung {
            return Some("hung (killed after the time limit)".into());
        }
        if self.code == Some(101) || self.stderr.contains("panicked at") {
            return Some(format!("panicked: {}", self.stderr.trim()));
        }
        match self.code {
            None => Some(format!("killed by a signal: {}", self.stderr.trim())),
            Some(_) => None,
        }
    }
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Run `wasmc ARGS` with `limit`.
pub fn wasmc(bin: &Path, args: &[&str], limit: Duration) -> anyhow::Result<Run> {
    let mut cmd = Command::new(bin);
    cmd.args(args);
    command(cmd, limit)
}

/// Run `cmd` (any program, its arguments, environment and directory set
/// by the caller) with `limit`, stdin empty.
pub fn command(mut cmd: Command, limit: Duration) -> anyhow::Result<Run> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {:?}: {e}", cmd.get_program()))?;
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let start = Instant::now();
    let mut hung = false;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break Some(s);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            hung = true;
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(Run {
        code: status.and_then(|s| s.code()),
        hung,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}
