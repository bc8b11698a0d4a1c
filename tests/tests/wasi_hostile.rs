//! Hostile arguments to the WASI imports, from WAT modules calling them
//! directly (`tests/wat/wasi/wasi_hostile_*.wat`): every bad pointer, length
//! or count must come back as an errno, never crash the process, write
//! outside the guest's memory, or half-do the operation.
//!
//! (The modules live in `wat/wasi/`, not `wat/`: `wat_every_module_is_used`
//! wants every `wat/*.wat` in the list of `wat_programs.rs`.)

use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wasmc_tests::*;

/// "label errno" for each call of wasi_hostile_memory.wat, in order. WASI
/// errnos: 0 SUCCESS, 8 BADF, 21 FAULT, 28 INVAL, 37 NAMETOOLONG, 44 NOENT,
/// 57 NOTSOCK. Memory is one 64 KiB page: 65536 is its end.
const MEMORY_EXPECTED: &str = "\
fd_write iovs=0xfffffff0 21
fd_write iovs straddle the end 21
fd_write iovs_len=0x20000000 28
fd_write iovs_len=0xffffffff 28
fd_write iovs_len=1025 28
fd_write buf outside memory 21
fd_write buf straddles the end 21
fd_write buf len=0xffffffff 21
fd_write good iovec then bad 21
fd_write nwritten outside 21
fd_write nwritten straddles 21
fd_write empty iovec, wild ptr 0
nwritten 0
fd_write 1024 iovecs 0
nwritten 1024
fd_read buf outside memory 21
random_get len=0xffffffff at 0 21
random_get at 0xffffffff 21
random_get at end, len 0 0
random_get at end+1, len 0 21
random_get last byte 0
random_get last byte + 1 21
args_sizes_get argc outside 21
args_sizes_get size straddles 21
args_get argv outside 21
args_get argv straddles 21
args_get buf straddles 21
environ_get outside (no env) 21
environ_sizes_get straddles 21
clock_time_get out outside 21
clock_time_get out straddles 21
clock_time_get clock 99 28
clock_res_get out straddles 21
poll_oneoff nsubs=0xffffffff 28
poll_oneoff nsubs=0 28
poll_oneoff in outside 21
poll_oneoff out straddles 21
poll_oneoff nevents outside 21
poll_oneoff 1000 subs, out too small 21
poll_oneoff 1ms clock 0
  nevents, event error 1
  nevents, event error 0
poll_oneoff bad event type 28
poll_oneoff fd 0xffffffff 0
  nevents, event error 1
  nevents, event error 8
path_open path outside 21
path_open path_len=0xffffffff 37
path_open path straddles 21
path_open O_CREAT, fd out outside 21
path_open then created file 44
path_open NUL in path 28
path_open empty path 44
path_open dirfd 0xffffffff 8
fd_prestat_get out straddles 21
fd_prestat_dir_name buf outside 21
fd_prestat_dir_name len huge 21
fd_readdir buf_len huge 21
fd_readdir bufused outside 21
fd_filestat_get out straddles 21
fd_fdstat_get out straddles 21
path_filestat_get out straddles 21
path_readlink buf outside 21
path_symlink old path outside 21
path_rename new path outside 21
path_create_directory len huge 37
fd_close 0x7fffffff 8
fd_renumber 1 -> 0xffffffff 8
sock_accept on stdout 57
sock_accept bad flags 28
sock_recv on a directory 57
";

// Notes on the less obvious expectations above:
// - iovs_len=0x20000000: 8 * 0x20000000 wraps to 0 in 32-bit arithmetic; more
//   than IOV_MAX (1024) iovecs are refused with INVAL, as readv/writev do.
// - a zero-length iovec is not looked at (Linux readv/writev ignore their
//   base too): success, 0 bytes; a zero-length range elsewhere must still
//   start inside memory (random_get at end+1 -> FAULT, at the end -> 0).
// - "good iovec then bad" and "nwritten outside": every range is checked
//   before any I/O, so "AAAA"/"BBBB" never reach stdout (the exact transcript
//   shows it), and the O_CREAT with a bad result pointer creates no file.
// - path_len=0xffffffff: paths longer than PATH_MAX are NAMETOOLONG before
//   their memory is looked at.
// - poll_oneoff with a subscription on a bad fd succeeds and reports BADF in
//   the event, as the witx docs describe.

fn hostile_memory(mode: BoundsChecks) {
    let dir = TestDir::new("wasi_hostile_memory");
    let exe = build_wasi_wat("wasi_hostile_memory", &dir, mode, &[]);
    let scratch = dir.subdir("scratch");
    let mut cmd = Command::new(&exe);
    cmd.env_clear()
        .env("WASMC_DIRS", format!("{}::/scratch", scratch.display()))
        .args(["first", "second"]);
    let out = run_command(cmd, b"");
    let what = format!("wat/wasi/wasi_hostile_memory.wat ({mode})");
    check_wasm_status(&out, Status::Code(0), &what);
    assert_same_stdout(MEMORY_EXPECTED.as_bytes(), &out.stdout, &what);
    // the 1024 one-byte iovecs, all pointing at an "A"
    assert_eq!(out.stderr, vec![b'A'; 1024], "{what}: stderr:\n{out:?}");
    assert!(
        fs::read_dir(&scratch).expect("scratch").next().is_none(),
        "{what}: something was created in the scratch directory"
    );
}

#[test]
fn hostile_memory_guard() {
    hostile_memory(BoundsChecks::Guard);
}

#[test]
fn hostile_memory_explicit() {
    hostile_memory(BoundsChecks::Explicit);
}

/// Parses the "name value" lines of wasi_hostile_fds.wat.
fn fds_report(out: &Output) -> Vec<(String, i64)> {
    out.stdout_str()
        .lines()
        .map(|l| {
            let (k, v) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            (
                k.to_string(),
                v.parse().unwrap_or_else(|_| panic!("bad line {l:?}")),
            )
        })
        .collect()
}

fn check_fds(out: &Output, errno_full: i64, opened: Option<i64>, what: &str) -> i64 {
    check_wasm_status(out, Status::Code(0), what);
    let r = fds_report(out);
    let keys: Vec<&str> = r.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "opened",
            "errno",
            "first",
            "last",
            "closed",
            "errno",
            "errno",
            "reopened",
            "errno",
            "close errors",
            "errno",
            "after closing all: reopened"
        ],
        "{what}:\n{out:?}"
    );
    let v = |i: usize| r[i].1;
    let n = v(0);
    if let Some(expected) = opened {
        assert_eq!(
            n, expected,
            "{what}: descriptors opened before the table was full:\n{out:?}"
        );
    }
    assert_eq!(v(1), errno_full, "{what}: the error when full:\n{out:?}");
    assert_eq!(
        v(2),
        4,
        "{what}: the first new fd follows the preopen:\n{out:?}"
    );
    assert_eq!(
        v(3),
        4 + n - 1,
        "{what}: numbers are handed out densely:\n{out:?}"
    );
    assert_eq!(v(5), 0, "{what}: fd_close:\n{out:?}");
    assert_eq!(v(6), 0, "{what}: open after closing one:\n{out:?}");
    assert_eq!(v(7), v(4), "{what}: the freed number is reused:\n{out:?}");
    assert_eq!(v(8), errno_full, "{what}: full again:\n{out:?}");
    assert_eq!(v(9), 0, "{what}: closing every opened fd:\n{out:?}");
    assert_eq!(v(10), 0, "{what}: open after closing all:\n{out:?}");
    assert_eq!(
        v(11),
        4,
        "{what}: lowest free number after closing all:\n{out:?}"
    );
    n
}

#[test]
fn hostile_fd_table_exhaustion() {
    let dir = TestDir::new("wasi_hostile_fds");
    let exe = build_wasi_wat("wasi_hostile_fds", &dir, BoundsChecks::Guard, &[]);
    let scratch = dir.subdir("scratch");
    let dirs = format!("{}::/scratch", scratch.display());
    let mut cmd = Command::new(&exe);
    cmd.env_clear().env("WASMC_DIRS", &dirs);
    let out = run_command(cmd, b"");
    let what = "wat/wasi/wasi_hostile_fds.wat";
    // wasmc's table holds 4096 descriptors: 0-2, the preopen, then 4092 more
    // (NFILE = 41), unless the host's RLIMIT_NOFILE runs out first (MFILE = 33).
    let r = fds_report(&out);
    if r.get(1).map(|x| x.1) == Some(33) {
        eprintln!("RLIMIT_NOFILE is below 4096 here: the host limit was hit first");
        check_fds(&out, 33, None, what);
    } else {
        check_fds(&out, 41, Some(4092), what);
    }
    // With a low host limit: MFILE from the host, and the same recovery.
    let mut cmd = Command::new("prlimit");
    cmd.arg("--nofile=64:64")
        .arg(&exe)
        .env_clear()
        .env("WASMC_DIRS", &dirs);
    match Command::new("prlimit").arg("--version").output() {
        Ok(_) => {
            let out = run_command(cmd, b"");
            let n = check_fds(
                &out,
                33,
                None,
                "wat/wasi/wasi_hostile_fds.wat (RLIMIT_NOFILE 64)",
            );
            assert!(
                (40..=60).contains(&n),
                "opened {n} with 64 host descriptors:\n{out:?}"
            );
        }
        Err(e) => eprintln!("prlimit not available ({e}): low-limit run skipped"),
    }
}

#[test]
fn hostile_partial_write_to_full_pipe() {
    let dir = TestDir::new("wasi_hostile_pipe");
    let exe = build_wasi_wat("wasi_hostile_pipe", &dir, BoundsChecks::Guard, &[]);
    // stderr is a pipe nobody reads until the program has exited.
    let mut child = Command::new(&exe)
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > timeout() {
            let _ = child.kill();
            panic!("the program blocked on the full pipe (fd_fdstat_set_flags NONBLOCK ignored?)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_end(&mut stderr)
        .expect("read stderr");
    assert!(status.success(), "status {status:?}, stdout:\n{stdout}");
    let get = |k: &str| -> i64 {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(k).and_then(|v| v.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("no {k:?} in:\n{stdout}"))
            .parse()
            .expect("number")
    };
    assert_eq!(get("set_flags"), 0, "{stdout}");
    let first = get("first");
    assert!(
        first > 0 && first < 120_000,
        "the first write was not partial: {first}\n{stdout}"
    );
    assert_eq!(get("errno"), 6, "expected EAGAIN once full:\n{stdout}");
    let total = get("total");
    assert_eq!(
        stderr.len() as i64,
        total,
        "the counts do not add up to what the pipe got:\n{stdout}"
    );
    // Exactly the first `first` bytes of a*40000 b*40000 c*40000, then 'c's.
    let mut expected: Vec<u8> = [b'a', b'b', b'c']
        .iter()
        .flat_map(|&c| std::iter::repeat_n(c, 40_000))
        .take(first as usize)
        .collect();
    expected.resize(total as usize, b'c');
    assert!(
        stderr == expected,
        "the pipe holds different bytes than the counts say"
    );
    // poll_oneoff: the full pipe is not writable, the 10 ms clock fires.
    assert_eq!(get("poll"), 0, "{stdout}");
    assert_eq!(get("poll events"), 1, "{stdout}");
    assert_eq!(get("poll type"), 0, "{stdout}");
    assert_eq!(get("poll userdata"), 22, "{stdout}");
}

/// "label errno" for each call of wasi_path_open_dir.wat: O_DIRECTORY with
/// write rights is ISDIR, as in Wasmtime (its p1_path_open_preopen test);
/// O_DIRECTORY with O_CREAT/O_EXCL/O_TRUNC is INVAL (Wasmtime too); file
/// operations on a directory descriptor are BADF (Wasmtime's
/// p1_directory_seek); rights are only what the directory hands on.
const PATH_OPEN_DIR_EXPECTED: &str = "\
O_DIRECTORY, no rights 0
O_DIRECTORY, read 0
O_DIRECTORY, read+write 31
O_DIRECTORY, write 31
directory, write, no O_DIRECTORY 31
O_DIRECTORY|O_CREAT 28
O_DIRECTORY|O_EXCL 28
O_DIRECTORY|O_TRUNC 28
create file f 0
O_DIRECTORY on file, read 54
O_DIRECTORY on file, read+write 54
fd_write on a directory 8
fd_read on a directory 8
fd_seek on a directory 8
fd_tell on a directory 8
directory handing on read only 0
open f for write through it 0
fd_write: write not inherited 76
O_CREAT without the right 76
file as the directory fd 54
fd_write on f 0
";

fn path_open_dir(mode: BoundsChecks) {
    let dir = TestDir::new("wasi_path_open_dir");
    let exe = build_wasi_wat("wasi_path_open_dir", &dir, mode, &[]);
    let scratch = dir.subdir("scratch");
    let mut cmd = Command::new(&exe);
    cmd.env_clear()
        .env("WASMC_DIRS", format!("{}::/scratch", scratch.display()));
    let out = run_command(cmd, b"");
    let what = format!("wat/wasi/wasi_path_open_dir.wat ({mode})");
    check_wasm_status(&out, Status::Code(0), &what);
    assert_same_stdout(PATH_OPEN_DIR_EXPECTED.as_bytes(), &out.stdout, &what);
    let written = fs::read(scratch.join("f")).expect("scratch/f");
    assert_eq!(written, b"xy", "{what}: only the last fd_write reaches f");
}

#[test]
fn path_open_directory_rights_guard() {
    path_open_dir(BoundsChecks::Guard);
}

#[test]
fn path_open_directory_rights_explicit() {
    path_open_dir(BoundsChecks::Explicit);
}
