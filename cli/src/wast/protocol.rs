//! The host program of `wasmc wast` and the line protocol with it.
//!
//! The host (`host.c`, next to this file) is a C program that uses only the
//! public embedding API (`wasmc.h`); it is not part of the runtime library,
//! so the CLI carries its source and links it per script with the script's
//! module objects, a generated table of their descriptors and the runtime.
//! The protocol is one request line in, one answer line out; its grammar is
//! documented at the top of `host.c`.
//!
//! A host that dies or stops answering fails the request it was given; the
//! next request starts a fresh one, which first replays the state-building
//! requests (`module`, `register`) sent so far ([`Session`]).

use super::Config;
use anyhow::{anyhow, Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The host program's source.
const HOST_SOURCE: &str = include_str!("host.c");

/// How long one command may take before the host is considered hung.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// A name as a NAME token: its bytes in hex, `-` when empty.
pub fn hex(s: &str) -> String {
    if s.is_empty() {
        return "-".into();
    }
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The text of a hex token (a NAME or MSG); `-` is empty. Bytes that are
/// not UTF-8 are replaced, as this is only for messages.
pub fn unhex(s: &str) -> String {
    if s == "-" {
        return String::new();
    }
    let bytes: Vec<u8> = (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Link the host: every module object, the module table, the host program
/// and the runtime library.
pub fn link_host(dir: &Path, objects: &[PathBuf], cfg: &Config, out: &Path) -> Result<()> {
    let mut table = String::from("#include \"wasmc_abi.h\"\n");
    for i in 0..objects.len() {
        table.push_str(&format!(
            "extern const struct wasmc_module_desc wasmc_wast_module_{i};\n"
        ));
    }
    table.push_str("const struct wasmc_module_desc *const wasmc_wast_modules[] = {\n");
    for i in 0..objects.len() {
        table.push_str(&format!("    &wasmc_wast_module_{i},\n"));
    }
    table.push_str("    0\n};\n");
    table.push_str(&format!(
        "const unsigned wasmc_wast_num_modules = {};\n",
        objects.len()
    ));
    let table_c = dir.join("modules.c");
    std::fs::write(&table_c, table)?;
    let host_c = dir.join("wast_host.c");
    std::fs::write(&host_c, HOST_SOURCE)?;
    let tc = &cfg.toolchain;
    let mut inputs = vec![host_c, table_c];
    inputs.extend(objects.iter().cloned());
    wasmc_runtime_support::link(tc, &inputs, &[], out, false).context("linking the wast host")?;
    Ok(())
}

/// The host of one script across restarts: started on the first request,
/// restarted (replaying the state-building requests) after it failed.
pub struct Session<'a> {
    runner: &'a [String],
    exe: &'a Path,
    host: Option<Host>,
    /// The `module`/`register` requests sent so far, to replay.
    setup_done: Vec<String>,
}

impl<'a> Session<'a> {
    /// A session for the host `exe`, run through `runner` (may be empty).
    pub fn new(runner: &'a [String], exe: &'a Path) -> Session<'a> {
        Session {
            runner,
            exe,
            host: None,
            setup_done: Vec::new(),
        }
    }

    /// Send `request` and return the answer line, or why the host gave
    /// none (then the next request starts a fresh host). `setup`: the
    /// request builds state and is replayed after a restart, whatever its
    /// answer. Err when a host cannot be started or the replay fails.
    pub fn send(&mut self, request: &str, setup: bool) -> Result<Result<String, String>> {
        if self.host.is_none() {
            self.host = Some(Host::start(self.runner, self.exe, &self.setup_done)?);
        }
        let h = self.host.as_mut().expect("started");
        let answer = h.request(request);
        if answer.is_err() {
            self.host = None;
        }
        if setup {
            self.setup_done.push(request.to_string());
        }
        Ok(answer)
    }
}

/// A running host process.
struct Host {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
}

impl Host {
    fn start(runner: &[String], exe: &Path, replay: &[String]) -> Result<Host> {
        let mut cmd = match runner.split_first() {
            Some((prog, args)) => {
                let mut c = Command::new(prog);
                c.args(args).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot run {}", exe.display()))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut h = Host {
            child,
            stdin,
            lines: rx,
        };
        for r in replay {
            h.request(r).map_err(|e| anyhow!("replaying `{r}`: {e}"))?;
        }
        Ok(h)
    }

    fn request(&mut self, req: &str) -> Result<String, String> {
        writeln!(self.stdin, "{req}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("write: {e}"))?;
        match self.lines.recv_timeout(COMMAND_TIMEOUT) {
            Ok(line) => Ok(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                Err(format!("no answer within {}s", COMMAND_TIMEOUT.as_secs()))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                Err(format!("host exited ({status})"))
            }
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
