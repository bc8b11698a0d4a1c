//! Listening sockets handed to the guest: `WASMC_LISTEN_FDS=N` (inherited,
//! already listening descriptors 3.., as with systemd socket activation) and
//! `WASMC_LISTEN=ADDR:PORT;...` (bound by the runtime), with `sock_accept`,
//! `sock_recv`/`sock_send`/`sock_shutdown`, `fd_read`/`fd_write` and
//! `poll_oneoff` on them. The guest is `tests/c/wasi_sockets.c`, which
//! also runs natively with the same socket as descriptor 3: the outputs and
//! what the client receives must be the same.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use wasmc_tests::*;

extern "C" {
    fn dup2(oldfd: i32, newfd: i32) -> i32;
    fn fcntl(fd: i32, cmd: i32, ...) -> i32;
}
const F_SETFD: i32 = 2;

/// Makes `fd` (of this process) descriptor 3 of the child, inheritable.
fn pass_as_fd3(cmd: &mut Command, fd: RawFd) {
    let hook = move || -> io::Result<()> {
        // SAFETY: dup2/fcntl are async-signal-safe and only touch descriptors.
        let r = unsafe {
            if fd == 3 {
                fcntl(3, F_SETFD, 0)
            } else {
                dup2(fd, 3)
            }
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    };
    // SAFETY: the hook runs between fork and exec and only calls dup2/fcntl.
    unsafe {
        cmd.pre_exec(hook);
    }
}

/// A running server program whose stdout lines arrive on a channel.
struct Server {
    child: Child,
    lines: Receiver<String>,
    seen: String,
    started: Instant,
}

impl Server {
    fn start(mut cmd: Command) -> Server {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn server");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        Server {
            child,
            lines: rx,
            seen: String::new(),
            started: Instant::now(),
        }
    }

    fn deadline(&self) -> Instant {
        self.started + timeout()
    }

    /// Reads stdout lines until `want` (panics on exit or timeout).
    fn wait_for(&mut self, want: &str) {
        loop {
            let left = self.deadline().saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push_str(&l);
                    self.seen.push('\n');
                    if l == want {
                        return;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    let out = self.finish();
                    panic!("server never printed {want:?}:\n{out:?}");
                }
            }
        }
    }

    /// Waits for the exit (killing the program after the timeout) and returns
    /// everything it printed.
    fn finish(&mut self) -> Output {
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                break s;
            }
            if Instant::now() > self.deadline() {
                let _ = self.child.kill();
                break self.child.wait().expect("wait");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push_str(&l);
            self.seen.push('\n');
        }
        let mut stderr = Vec::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_end(&mut stderr);
        }
        Output {
            command: "server".into(),
            status,
            stdout: self.seen.clone().into_bytes(),
            stderr,
            elapsed: self.started.elapsed(),
        }
    }
}

/// The client side of wasi_sockets.c: waits for "waiting", sends a line,
/// reads the answer until the server closes, then connects a second time and
/// hangs up at once. Returns (program output, what the client received).
fn converse(cmd: Command, port: u16) -> (Output, String) {
    let mut server = Server::start(cmd);
    server.wait_for("waiting");
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(timeout())).expect("timeout");
    s.write_all(b"hello there\n").expect("send");
    let mut got = String::new();
    s.read_to_string(&mut got).expect("read reply");
    drop(s);
    drop(TcpStream::connect(("127.0.0.1", port)).expect("connect again"));
    (server.finish(), got)
}

fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    (l, port)
}

const REPLY: &str = "echo: hello there\nbye\n";

#[test]
fn socket_echo_same_as_native() {
    let dir = TestDir::new("wasi_sockets");
    let native = build_wasi_c_native("wasi_sockets", &dir);
    let (l, port) = listener();
    let mut cmd = Command::new(&native);
    cmd.env_clear().arg("3");
    pass_as_fd3(&mut cmd, l.as_raw_fd());
    let (nat, got) = converse(cmd, port);
    drop(l);
    assert_eq!(got, REPLY, "native client received:\n{nat:?}");
    assert!(nat.stdout_str().ends_with("done\n"), "{nat:?}");
    let mut exes: Vec<(String, PathBuf)> = BoundsChecks::ALL
        .iter()
        .map(|&mode| {
            (
                mode.to_string(),
                build_wasi_c("wasi_sockets", &dir, mode, &[]),
            )
        })
        .collect();
    // accept + fcntl instead of accept4: what macOS runs.
    exes.push((
        "portable runtime".into(),
        build_wasi_c_portable("wasi_sockets", &dir, &[]),
    ));
    for (mode, exe) in exes {
        let (l, port) = listener();
        let mut cmd = Command::new(&exe);
        cmd.env_clear().env("WASMC_LISTEN_FDS", "1").arg("3");
        pass_as_fd3(&mut cmd, l.as_raw_fd());
        let (wasm, got) = converse(cmd, port);
        drop(l);
        let what = format!("c/wasi_sockets.c ({mode})");
        assert_eq!(got, REPLY, "{what}: the client received:\n{wasm:?}");
        assert_same_as_native(&nat, &wasm, 0, &[], &what);
    }
}

/// Sockets come after the preopened directories: inherited ones first, then
/// the WASMC_LISTEN addresses. `WASMC_WASI_DEBUG=1` describes the table.
#[test]
fn socket_numbering_and_listen_addresses() {
    let dir = TestDir::new("wasi_sockets_addr");
    let data = dir.subdir("data");
    // The portable runtime creates the WASMC_LISTEN socket with socket +
    // fcntl instead of SOCK_CLOEXEC, as on macOS.
    let exes = [
        build_wasi_c("wasi_sockets", &dir, BoundsChecks::Guard, &[]),
        build_wasi_c_portable("wasi_sockets", &dir, &[]),
    ];
    for exe in &exes {
        for attempt in 0.. {
            // A port that was free a moment ago (the runtime binds it itself).
            let port = listener().1;
            let (inherited, _) = listener();
            let mut cmd = Command::new(exe);
            cmd.env_clear()
                .env("WASMC_WASI_DEBUG", "1")
                .env("WASMC_DIRS", format!("{}::/data", data.display()))
                .env("WASMC_LISTEN_FDS", "1")
                .env("WASMC_LISTEN", format!(";127.0.0.1:{port};"))
                .arg("5");
            pass_as_fd3(&mut cmd, inherited.as_raw_fd());
            let mut server = Server::start(cmd);
            let mut early = None;
            // Wait for "waiting" unless the runtime could not bind the port.
            loop {
                match server.lines.recv_timeout(Duration::from_millis(50)) {
                    Ok(l) => {
                        server.seen.push_str(&l);
                        server.seen.push('\n');
                        if l == "waiting" {
                            break;
                        }
                    }
                    Err(_) => {
                        if server.child.try_wait().expect("wait").is_some() {
                            early = Some(server.finish());
                            break;
                        }
                        assert!(Instant::now() < server.deadline(), "server hangs");
                    }
                }
            }
            if let Some(out) = early {
                // Someone took the port in between: try another one.
                assert!(
                    out.stderr_str().contains("cannot listen on") && attempt < 5,
                    "{out:?}"
                );
                continue;
            }
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(b"hello there\n").expect("send");
            let mut got = String::new();
            s.read_to_string(&mut got).expect("read");
            drop(s);
            drop(TcpStream::connect(("127.0.0.1", port)).expect("connect again"));
            let out = server.finish();
            assert_eq!(out.code(), Some(0), "{out:?}");
            assert_eq!(got, REPLY, "{out:?}");
            let err = out.stderr_str();
            for want in [
                "wasmc: wasi: fd 3: directory /data (host ".to_string(),
                "wasmc: wasi: fd 4: listening socket (inherited descriptor 3)\n".to_string(),
                format!("wasmc: wasi: fd 5: listening socket 127.0.0.1:{port}\n"),
            ] {
                assert!(err.contains(&want), "stderr lacks {want:?}:\n{out:?}");
            }
            break;
        }
    }
}

fn run_bad(exe: &Path, env: &[(&str, &str)], fd3: Option<RawFd>) -> Output {
    let mut cmd = Command::new(exe);
    cmd.env_clear().envs(env.iter().copied()).arg("3");
    if let Some(fd) = fd3 {
        pass_as_fd3(&mut cmd, fd);
    }
    run_command(cmd, b"")
}

#[test]
fn socket_bad_configuration_is_a_usage_error() {
    let dir = TestDir::new("wasi_sockets_bad");
    let exe = build_wasi_c("wasi_sockets", &dir, BoundsChecks::Guard, &[]);
    let (busy, busy_port) = listener();
    let busy_addr = format!("127.0.0.1:{busy_port}");
    let cases: &[(&str, &str, &str)] = &[
        (
            "WASMC_LISTEN",
            "127.0.0.1:0",
            "port 0 would pick a port nobody knows",
        ),
        ("WASMC_LISTEN", "127.0.0.1", "no port"),
        ("WASMC_LISTEN", "127.0.0.1:65536", "bad port"),
        ("WASMC_LISTEN", "127.0.0.1:80x", "bad port"),
        ("WASMC_LISTEN", "::1:8080", "IPv6 addresses need brackets"),
        ("WASMC_LISTEN", "[127.0.0.1]:8080", "not an IPv6 address"),
        (
            "WASMC_LISTEN",
            "localhost:8080",
            "invalid listen address \"localhost:8080\"",
        ),
        ("WASMC_LISTEN", &busy_addr, "cannot listen on"),
        ("WASMC_LISTEN_FDS", "x", "invalid WASMC_LISTEN_FDS \"x\""),
        ("WASMC_LISTEN_FDS", "-1", "invalid WASMC_LISTEN_FDS"),
        ("WASMC_LISTEN_FDS", "1", "descriptor 3 is not open"),
        (
            "WASMC_LISTEN_FDS",
            "99999999999999999999",
            "invalid WASMC_LISTEN_FDS",
        ),
    ];
    for (var, value, msg) in cases {
        let out = run_bad(&exe, &[(var, value)], None);
        assert_eq!(out.code(), Some(1), "{var}={value}: {out:?}");
        assert!(
            out.stderr_str().contains(msg),
            "{var}={value}: wanted {msg:?}: {out:?}"
        );
        assert!(
            out.stdout.is_empty(),
            "{var}={value}: the program ran: {out:?}"
        );
    }
    drop(busy);
    // Descriptor 3 must be a listening stream socket, not whatever the parent
    // happened to leave open.
    let file = std::fs::File::open(exe.as_path()).expect("open");
    let (l, port) = listener();
    let connected = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    for (fd, msg) in [
        (file.as_raw_fd(), "descriptor 3 is not a socket"),
        (connected.as_raw_fd(), "descriptor 3 is not listening"),
        (l.as_raw_fd(), "descriptor 4 is not open"),
    ] {
        let n = if msg.contains('4') { "2" } else { "1" };
        let out = run_bad(&exe, &[("WASMC_LISTEN_FDS", n)], Some(fd));
        assert_eq!(out.code(), Some(1), "{msg}: {out:?}");
        assert!(out.stderr_str().contains(msg), "wanted {msg:?}: {out:?}");
    }
    // Without the variables nothing is handed over, even if fd 3 is a socket:
    // the program finds no descriptor 3.
    let out = run_bad(&exe, &[], Some(l.as_raw_fd()));
    assert!(
        out.stdout_str().starts_with("fstat listening fd: EBADF\n"),
        "{out:?}"
    );
}

/// `wasmc build --listen ADDR:PORT`: the runtime binds the socket itself and
/// hands it to the program (fd 3 when there are no directories); a run-time
/// WASMC_LISTEN_FDS replaces the build-time list.
#[test]
fn socket_build_time_listen() {
    let dir = TestDir::new("wasi_sockets_build");
    for attempt in 0.. {
        let port = listener().1; // free a moment ago
        let flag = format!("127.0.0.1:{port}");
        let exe = build_wasi_c(
            "wasi_sockets",
            &dir,
            BoundsChecks::Guard,
            &["--listen", &flag],
        );
        let mut cmd = Command::new(&exe);
        cmd.env_clear().arg("3");
        let mut server = Server::start(cmd);
        let mut line = String::new();
        while line != "waiting" {
            match server.lines.recv_timeout(timeout()) {
                Ok(l) => line = l,
                Err(_) => break,
            }
        }
        if line != "waiting" {
            let out = server.finish();
            // Someone took the port in between: try another one.
            assert!(
                out.stderr_str().contains("cannot listen on") && attempt < 5,
                "{out:?}"
            );
            continue;
        }
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(timeout())).expect("timeout");
        s.write_all(b"hello there\n").expect("send");
        let mut got = String::new();
        s.read_to_string(&mut got).expect("read reply");
        drop(s);
        drop(TcpStream::connect(("127.0.0.1", port)).expect("connect again"));
        let out = server.finish();
        assert_eq!(got, REPLY, "{out:?}");
        assert_eq!(out.code(), Some(0), "{out:?}");

        // The run-time variable replaces the configured address.
        let (l, port2) = listener();
        let mut cmd = Command::new(&exe);
        cmd.env_clear().env("WASMC_LISTEN_FDS", "1").arg("3");
        pass_as_fd3(&mut cmd, l.as_raw_fd());
        let (out, got) = converse(cmd, port2);
        assert_eq!(got, REPLY, "{out:?}");
        break;
    }
}

#[test]
fn socket_bad_listen_flag_is_a_build_error() {
    let dir = TestDir::new("wasi_sockets_badflag");
    let wasm = dir.path().join("x.wat");
    std::fs::write(&wasm, "(module (func (export \"_start\")))").expect("write");
    for bad in ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ":80"] {
        let out = wasmc([
            "build".as_ref(),
            wasm.as_os_str(),
            "--listen".as_ref(),
            bad.as_ref(),
        ]);
        assert_eq!(out.code(), Some(1), "--listen {bad}: {out:?}");
        assert!(out.stderr_str().contains("--listen"), "{out:?}");
    }
}
