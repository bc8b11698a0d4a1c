//! Sandbox escape suite: a guest (`tests/c/wasi_escape.c`, calling the
//! WASI path functions directly) tries every way out of its preopened
//! directories that we know of, once with the openat2 resolver, once with
//! the fallback (`WASMC_FORCE_NO_OPENAT2=1`), and once with the runtime's
//! POSIX fallbacks compiled in (`-DWASMC_PORTABLE`: no openat2 and no O_PATH,
//! as on macOS); each as a built executable and through the embedding API
//! (`*_embedded`: the module in `c/embed/wasi_run_host.c`, preopens from a
//! `wasmc_wasi_config_t`):
//! absolute paths; `..` above the root, also after climbing down first;
//! symlinks planted by the host pointing outside (absolute and relative,
//! with trailing slashes, to directories and files); symlinks the guest makes
//! itself; symlink loops and long chains; O_CREAT through dangling symlinks;
//! hard links and renames into, out of and across the preopens; /proc magic
//! links (planted, and through a preopened /proc); and two races in which a
//! host thread swaps directories for symlinks, or moves a directory out of
//! the sandbox, while the guest keeps opening through them.
//!
//! Layout (T = the test's temporary directory, the guest's cwd):
//!   T/secret.txt, T/outside/..., T/mv/...   outside: must stay untouched
//!   T/sandbox  -> fd 3 "/sandbox"   T/other -> fd 4 "/other"   /proc -> fd 5
//!
//! Each attempt has an expected result; besides, no output may contain the
//! secret marker, the secret must keep its content and mtime, and nothing
//! outside the preopens may appear, vanish or change (names, contents,
//! modification times, directory mtimes included). `WASMC_WASI_DEBUG=1`
//! (and strace, when it is installed and allowed) shows that each run used
//! the resolver it was meant to.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmc_tests::*;

/// Marker in every file outside the sandbox; never printed by a good run.
const MARK: &str = "XYZZY-SECRET";

// Expected results: "OK" (any success), "OK text" (exactly), "ERR a|b"
// (one of these WASI errnos). 76 NOTCAPABLE, 32 LOOP, 20 EXIST, 44 NOENT,
// 54 NOTDIR.
const ATTEMPTS: &[(&str, &str)] = &[
    // sanity: the sandbox works
    ("open|file", "OK inside: file"),
    ("open|dir/file", "OK inside: dir/file"),
    ("open|a/b/../../file", "OK inside: file"),
    ("open|inner_ok", "OK inside: dir/file"),
    ("open|a/inner_up_ok", "OK inside: file"),
    ("open|chain_short00", "OK inside: file"),
    ("open|B:ofile", "OK inside: other"),
    // absolute paths
    ("open|/etc/passwd", "ERR 76"),
    ("open|/sandbox/file", "ERR 76"),
    ("open|B:/etc/passwd", "ERR 76"),
    ("stat|/", "ERR 76"),
    // .. above the root, directly and after climbing down
    ("open|../secret.txt", "ERR 76"),
    ("open|..", "ERR 76"),
    ("opendir|..", "ERR 76"),
    ("opendir|a/../..", "ERR 76"),
    ("open|a/../../secret.txt", "ERR 76"),
    ("open|a/../a/../../secret.txt", "ERR 76"),
    ("open|a/b/../../../secret.txt", "ERR 76"),
    ("open|./../secret.txt", "ERR 76"),
    ("open|dir/../../secret.txt", "ERR 76"),
    ("open|B:../secret.txt", "ERR 76"),
    ("open|B:../sandbox/file", "ERR 76"),
    ("stat|../secret.txt", "ERR 76"),
    ("readlink|../secret.txt", "ERR 76"),
    // symlinks planted by the host
    ("open|abs_file", "ERR 76"),
    ("open|rel_file", "ERR 76"),
    ("open|abs_file_slash", "ERR 76"),
    ("open|abs_dir/file", "ERR 76"),
    ("open|rel_dir/file", "ERR 76"),
    ("open|abs_dir_slash/file", "ERR 76"),
    ("open|rel_dir_slash/file", "ERR 76"),
    ("opendir|abs_dir", "ERR 76"),
    ("opendir|abs_dir_slash/", "ERR 76"),
    ("opendir|rel_dir_slash", "ERR 76"),
    ("open|deep_rel", "ERR 76"),
    ("open|a/up", "ERR 76"),
    ("open|a/b/upup/secret.txt", "ERR 76"),
    ("open-nofollow|abs_file", "ERR 32"),
    ("stat|abs_file", "ERR 76"),
    ("stat|rel_dir/file", "ERR 76"),
    ("lstat|abs_file", "OK type 7"),
    ("readlink|abs_file", "OK"),
    // loops and long chains
    ("open|loop1", "ERR 32"),
    ("open|selfloop", "ERR 32"),
    ("opendir|loop1/", "ERR 32"),
    ("open|loopdir/x", "ERR 32"),
    ("open|chain00", "ERR 32"),
    ("stat|chain00", "ERR 32"),
    // 25 final-component links, each through the directory link "s": 49 in
    // all, more than 40 (the fallback must count them together, as openat2)
    ("open|mix00", "ERR 32"),
    ("open|mixshort00", "OK inside: file"),
    (
        "open|s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/chain_short00",
        "OK inside: file",
    ),
    (
        "open|s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/s/chain_short00",
        "ERR 32",
    ),
    // creating files through symlinks or above the root
    ("creat|dangle_abs", "ERR 76"),
    ("creat|dangle_rel", "ERR 76"),
    ("creat|dangle_rel_deep", "ERR 76"),
    ("creat-nofollow|dangle_rel", "ERR 32"),
    ("excl|dangle_rel", "ERR 20"),
    ("creat|abs_dir/newfile", "ERR 76"),
    ("creat|rel_dir_slash/newfile", "ERR 76"),
    ("creat|../newfile", "ERR 76"),
    ("trunc|abs_file", "ERR 76"),
    ("trunc|rel_file", "ERR 76"),
    ("write|rel_file", "ERR 76"),
    ("write|abs_dir/file", "ERR 76"),
    ("utimes|abs_file", "ERR 76"),
    ("utimes|rel_file", "ERR 76"),
    ("utimes|../secret.txt", "ERR 76"),
    ("utimes|rel_dir/file", "ERR 76"),
    ("lutimes|rel_file", "OK"),
    ("mkdir|../newdir", "ERR 76"),
    ("mkdir|abs_dir/newdir", "ERR 76"),
    ("mkdir|rel_dir/newdir", "ERR 76"),
    ("mkdir|dangle_dir", "ERR 20"),
    ("mkdir|dangle_dir/", "ERR 20"),
    ("rmdir|abs_dir", "ERR 54"),
    ("rmdir|rel_dir/", "ERR 54"),
    ("rmdir|../outside/emptydir", "ERR 76"),
    ("rmdir|rel_dir/emptydir", "ERR 76"),
    ("unlink|../secret.txt", "ERR 76"),
    ("unlink|rel_dir/file", "ERR 76"),
    ("unlink|abs_dir/file", "ERR 76"),
    // symlinks made by the guest
    ("symlink|/etc/passwd|g_abs", "ERR 76"),
    ("symlink|/proc/self/root|g_proc", "ERR 76"),
    ("symlink|../secret.txt|g_rel", "OK"),
    ("open|g_rel", "ERR 76"),
    ("creat|g_rel", "ERR 76"),
    ("trunc|g_rel", "ERR 76"),
    ("symlink|../../outside/file|a/g_rel2", "OK"),
    ("open|a/g_rel2", "ERR 76"),
    ("symlink|../outside/|g_dir", "OK"),
    ("opendir|g_dir", "ERR 76"),
    ("creat|g_dir/x", "ERR 76"),
    ("mkdir|g_dir/x", "ERR 76"),
    ("symlink|g_loop|g_loop", "OK"),
    ("open|g_loop", "ERR 32"),
    ("symlink|x|../g_out", "ERR 76"),
    ("symlink|x|B:../g_out", "ERR 76"),
    // hard links
    ("link|../secret.txt|stolen", "ERR 76"),
    ("linkf|abs_file|stolen2", "ERR 76"),
    ("linkf|rel_file|stolen3", "ERR 76"),
    ("link|rel_dir/file|stolen5", "ERR 76"),
    ("link|B:../secret.txt|stolen6", "ERR 76"),
    ("link|abs_file|stolen4", "OK"),
    ("open|stolen4", "ERR 76"),
    ("link|file|../planted", "ERR 76"),
    ("link|file|B:../planted2", "ERR 76"),
    ("link|file|rel_dir/planted3", "ERR 76"),
    ("link|file|B:linked", "OK"),
    ("open|B:linked", "OK inside: file"),
    // renames
    ("rename|file2|../moved", "ERR 76"),
    ("rename|file2|rel_dir/moved", "ERR 76"),
    ("rename|../secret.txt|stolen7", "ERR 76"),
    ("rename|B:../secret.txt|stolen8", "ERR 76"),
    ("rename|rel_dir/file|stolen9", "ERR 76"),
    ("rename|.|../x", "ERR 76"),
    ("rename|dir|rel_dir/dir", "ERR 76"),
    ("rename|file2|B:moved", "OK"),
    ("open|B:moved", "OK inside: file2"),
    ("rename|B:moved|file2", "OK"),
    ("rename|abs_dir|B:abs_dir_moved", "OK"),
    ("open|B:abs_dir_moved/file", "ERR 76"),
    ("rename|a|B:a_moved", "OK"),
    ("open|B:a_moved/up", "ERR 76"),
    ("open|B:a_moved/inner_up_ok", "OK inside: other"),
    ("rename|B:a_moved|a", "OK"),
    // /proc magic links: planted, and through a preopened /proc (fd 5)
    ("open|proc_fd", "ERR 76"),
    ("opendir|proc_fd", "ERR 76"),
    ("open|proc_root/etc/hostname", "ERR 76"),
    ("open|proc_cwd/secret.txt", "ERR 76"),
    ("opendir|proc_cwd", "ERR 76"),
    ("open|P:self/cwd/secret.txt", "ERR 32|76"),
    ("open|P:self/root/etc/hostname", "ERR 32|76"),
    ("opendir|P:self/cwd", "ERR 32|76"),
    ("open|P:thread-self/cwd/secret.txt", "ERR 32|76"),
    ("open|P:self/fd/3/../secret.txt", "ERR 32|76"),
    ("opendir|P:self/fd/3", "ERR 32|76"),
    ("open|P:self/fd/0", "ERR 32|44|76"),
    ("open|P:self/exe", "ERR 32|76"),
    ("creat|P:self/cwd/created-through-proc", "ERR 32|76"),
    ("open|P:self/../self/cwd/secret.txt", "ERR 32|76"),
    ("link|P:self/cwd/secret.txt|stolen10", "ERR 32|76"),
    // removing a planted link removes the link, not its target
    ("unlink|abs_file", "OK"),
    ("stat|abs_file", "ERR 44"),
];

fn write(p: &Path, s: &str) {
    fs::write(p, s).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
}

fn mkdir(p: &Path) {
    fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
}

fn link(target: impl AsRef<Path>, at: &Path) {
    symlink(target.as_ref(), at).unwrap_or_else(|e| panic!("symlink {}: {e}", at.display()));
}

/// Builds the layout; returns (T, sandbox, other).
fn layout(dir: &TestDir) -> (PathBuf, PathBuf, PathBuf) {
    let t = dir.path().to_path_buf();
    let sb = t.join("sandbox");
    let other = t.join("other");
    write(&t.join("secret.txt"), &format!("{MARK}: the secret\n"));
    mkdir(&t.join("outside/emptydir"));
    write(&t.join("outside/file"), &format!("{MARK}: outside/file\n"));
    write(
        &t.join("outside/secret.txt"),
        &format!("{MARK}: outside/secret.txt\n"),
    );
    mkdir(&t.join("mv/a"));
    write(&t.join("mv/file"), &format!("{MARK}: mv/file\n"));
    mkdir(&sb.join("dir"));
    mkdir(&sb.join("a/b"));
    mkdir(&sb.join("m/sub"));
    write(&sb.join("file"), "inside: file");
    write(&sb.join("file2"), "inside: file2");
    write(&sb.join("dir/file"), "inside: dir/file");
    write(&sb.join("target"), "inside: target");
    mkdir(&other);
    write(&other.join("ofile"), "inside: other");
    write(&other.join("file"), "inside: other");
    let abs = |p: &str| t.join(p);
    link(abs("secret.txt"), &sb.join("abs_file"));
    link(
        format!("{}/", abs("secret.txt").display()),
        &sb.join("abs_file_slash"),
    );
    link("../secret.txt", &sb.join("rel_file"));
    link(abs("outside"), &sb.join("abs_dir"));
    link(
        format!("{}/", abs("outside").display()),
        &sb.join("abs_dir_slash"),
    );
    link("../outside", &sb.join("rel_dir"));
    link("../outside/", &sb.join("rel_dir_slash"));
    link("a/b/../../../secret.txt", &sb.join("deep_rel"));
    link("../../secret.txt", &sb.join("a/up"));
    link("../../..", &sb.join("a/b/upup"));
    link("dir/file", &sb.join("inner_ok"));
    link("../file", &sb.join("a/inner_up_ok"));
    link(abs("outside/created-abs"), &sb.join("dangle_abs"));
    link("../outside/created-rel", &sb.join("dangle_rel"));
    link("a/../../created-deep", &sb.join("dangle_rel_deep"));
    link("../outside/newdir2", &sb.join("dangle_dir"));
    link("/proc/self/fd/3", &sb.join("proc_fd"));
    link("/proc/self/root", &sb.join("proc_root"));
    link("/proc/self/cwd", &sb.join("proc_cwd"));
    link("loop2", &sb.join("loop1"));
    link("loop1", &sb.join("loop2"));
    link("selfloop", &sb.join("selfloop"));
    link("loopdir", &sb.join("loopdir"));
    // 45 links in a row: more than the 40 a resolution may follow
    for i in 0..45 {
        let next = if i == 44 {
            "file".to_string()
        } else {
            format!("chain{:02}", i + 1)
        };
        link(next, &sb.join(format!("chain{i:02}")));
    }
    link(".", &sb.join("s"));
    for i in 0..25 {
        let next = if i == 24 {
            "file".to_string()
        } else {
            format!("s/mix{:02}", i + 1)
        };
        link(next, &sb.join(format!("mix{i:02}")));
    }
    for i in 0..15 {
        let next = if i == 14 {
            "file".to_string()
        } else {
            format!("s/mixshort{:02}", i + 1)
        };
        link(next, &sb.join(format!("mixshort{i:02}")));
    }
    for i in 0..10 {
        let next = if i == 9 {
            "file".to_string()
        } else {
            format!("chain_short{:02}", i + 1)
        };
        link(next, &sb.join(format!("chain_short{i:02}")));
    }
    (t, sb, other)
}

/// Everything in T except the preopened directories' contents: each
/// entry's path, kind, size, content hash or link target, and mtime. `mv/a`
/// (where the move race puts a directory for a moment) is listed without
/// its mtime.
fn outside_snapshot(t: &Path) -> Vec<String> {
    fn walk(t: &Path, rel: &Path, out: &mut Vec<String>) {
        let p = t.join(rel);
        let md = fs::symlink_metadata(&p).expect("lstat");
        let r = rel.display().to_string();
        let mtime = if r == "mv/a" {
            String::new()
        } else {
            format!(" mtime {:?}", md.modified().expect("mtime"))
        };
        if md.file_type().is_symlink() {
            out.push(format!(
                "{r} -> {}{mtime}",
                fs::read_link(&p).expect("readlink").display()
            ));
        } else if md.is_dir() {
            out.push(format!("{r}/{mtime}"));
            if r == "sandbox" || r == "other" {
                return;
            }
            let mut names: Vec<_> = fs::read_dir(&p)
                .expect("read_dir")
                .map(|e| e.expect("entry").file_name())
                .collect();
            names.sort();
            for n in names {
                walk(t, &rel.join(n), out);
            }
        } else {
            let data = fs::read(&p).expect("read");
            out.push(format!("{r} {:?}{mtime}", String::from_utf8_lossy(&data)));
        }
    }
    let mut out = Vec::new();
    walk(t, Path::new(""), &mut out);
    // sandbox/ and other/ themselves change: the guest works in them
    out.retain(|l| !l.starts_with("sandbox/") && !l.starts_with("other/"));
    out
}

/// Which sandbox resolver a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolver {
    /// openat2 (when the kernel has it).
    Openat2,
    /// The fallback walk, chosen at run time (`WASMC_FORCE_NO_OPENAT2=1`).
    Fallback,
    /// The fallback walk in a runtime built with `-DWASMC_PORTABLE`.
    Portable,
}

impl Resolver {
    fn name(self) -> &'static str {
        match self {
            Resolver::Openat2 => "openat2",
            Resolver::Fallback => "fallback",
            Resolver::Portable => "portable runtime",
        }
    }
}

/// The guest: a built executable, or the module linked into the embedding
/// host `c/embed/wasi_run_host.c`, whose WASI configuration comes from its
/// command line.
struct Guest {
    prog: PathBuf,
    embedded: bool,
}

fn guest_cmd(g: &Guest, t: &Path, resolver: Resolver, args: &[String]) -> Command {
    let (sandbox, other) = (t.join("sandbox"), t.join("other"));
    let mut cmd = Command::new(&g.prog);
    cmd.env_clear().current_dir(t).env("WASMC_WASI_DEBUG", "1");
    if g.embedded {
        // The same preopens through wasmc_wasi_config_preopen_dir.
        cmd.arg("--dir")
            .arg(format!("{}::/sandbox", sandbox.display()))
            .arg("--dir")
            .arg(format!("{}::/other", other.display()))
            .args(["--dir", "/proc::/proc", "--", "wasi_escape_guest"]);
    } else {
        cmd.env(
            "WASMC_DIRS",
            format!(
                "{}::/sandbox;{}::/other;/proc::/proc",
                sandbox.display(),
                other.display()
            ),
        );
    }
    cmd.args(args);
    if resolver == Resolver::Fallback {
        cmd.env("WASMC_FORCE_NO_OPENAT2", "1");
    }
    cmd
}

/// "OK ..."/"ERR n" of every line, by attempt.
fn results(out: &Output) -> Vec<(String, String)> {
    out.stdout_str()
        .lines()
        .map(|l| {
            let (a, r) = l
                .rsplit_once(" -> ")
                .unwrap_or_else(|| panic!("bad output line {l:?}:\n{out:?}"));
            (a.to_string(), r.to_string())
        })
        .collect()
}

fn matches(expected: &str, got: &str) -> bool {
    if let Some(errs) = expected.strip_prefix("ERR ") {
        errs.split('|').any(|e| got == format!("ERR {e}"))
    } else if expected == "OK" {
        got == "OK" || got.starts_with("OK ")
    } else {
        got == expected
    }
}

extern "C" {
    fn renameat2(
        olddirfd: i32,
        oldpath: *const std::ffi::c_char,
        newdirfd: i32,
        newpath: *const std::ffi::c_char,
        flags: u32,
    ) -> i32;
}
const AT_FDCWD: i32 = -100;
const RENAME_EXCHANGE: u32 = 2;

/// Atomically swaps two names; false if the system cannot.
fn exchange_names(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let ca = std::ffi::CString::new(a.as_os_str().as_bytes()).expect("path");
    let cb = std::ffi::CString::new(b.as_os_str().as_bytes()).expect("path");
    // SAFETY: two valid NUL-terminated paths; renameat2 only reads them.
    unsafe {
        renameat2(
            AT_FDCWD,
            ca.as_ptr(),
            AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        ) == 0
    }
}

/// Whether RENAME_EXCHANGE works here (tried on two symlinks, swapped back).
fn exchange(a: &Path, b: &Path) -> bool {
    exchange_names(a, b) && exchange_names(a, b)
}

/// Runs `race|MS|paths...` while `swap` runs in a loop on another thread;
/// returns the guest's counters (opens, inside, escaped, refused, noent).
fn race(
    exe: &Guest,
    t: &Path,
    resolver: Resolver,
    paths: &[&str],
    swap: impl Fn() + Send + 'static,
    restore: impl FnOnce(),
) -> [u64; 5] {
    let stop = Arc::new(AtomicBool::new(false));
    let s2 = stop.clone();
    let swapper = std::thread::spawn(move || {
        let mut n = 0u64;
        while !s2.load(Ordering::Relaxed) {
            swap();
            n += 1;
        }
        n
    });
    let spec = format!("race|1200|{}", paths.join("|"));
    let out = run_command(guest_cmd(exe, t, resolver, &[spec]), b"");
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().expect("swapper");
    restore();
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        !out.stdout_str().contains(MARK),
        "race: the secret leaked:\n{out:?}"
    );
    let line = out.stdout_str();
    let words: Vec<&str> = line.split_whitespace().collect();
    let num = |key: &str| -> u64 {
        let i = words
            .iter()
            .position(|w| *w == key)
            .unwrap_or_else(|| panic!("no {key} in {line}"));
        words[i + 1].parse().expect("number")
    };
    let c = [
        num("opens"),
        num("inside"),
        num("escaped"),
        num("refused"),
        num("noent"),
    ];
    eprintln!(
        "race {paths:?} ({}): {swaps} swaps; {}",
        resolver.name(),
        line.trim()
    );
    c
}

fn escape_suite(resolver: Resolver, embedded: bool) {
    let dir = TestDir::new("wasi_escape");
    let work = TestDir::new("wasi_escape_work");
    let wasm = work.join("wasi_escape_guest.wasm");
    compile_c_wasm(&wasi_c_source("wasi_escape"), &wasm, &[]);
    let exe = if embedded {
        let host_c = tests_dir().join("c/embed/wasi_run_host.c");
        let cflags = if resolver == Resolver::Portable {
            PORTABLE_RUNTIME_CFLAGS
        } else {
            ""
        };
        let prog = build_embed_host(work.path(), &wasm, &host_c, BoundsChecks::Guard, cflags);
        Guest { prog, embedded }
    } else {
        let prog = work.join("wasi_escape_guest");
        let cflags = (resolver == Resolver::Portable).then_some(PORTABLE_RUNTIME_CFLAGS);
        build_executable_with(&wasm, &prog, BoundsChecks::Guard, &[], cflags);
        Guest { prog, embedded }
    };
    let (t, sb, other) = layout(&dir);
    let secret = t.join("secret.txt");
    let secret_mtime = fs::metadata(&secret)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Make later changes visible in mtimes even on coarse-grained file systems.
    std::thread::sleep(Duration::from_millis(20));
    let before = outside_snapshot(&t);
    let mode = format!(
        "{}{}",
        resolver.name(),
        if embedded { ", embedded" } else { "" }
    );
    let mode = mode.as_str();

    // --- every attempt, in one run ---
    let args: Vec<String> = ATTEMPTS.iter().map(|(a, _)| a.to_string()).collect();
    let out = run_command(guest_cmd(&exe, &t, resolver, &args), b"");
    assert_eq!(out.code(), Some(0), "{mode}: {out:?}");
    let err = out.stderr_str();
    let want = match resolver {
        Resolver::Fallback => "wasmc: wasi: path resolver: fallback (WASMC_FORCE_NO_OPENAT2=1)\n",
        Resolver::Openat2 => "wasmc: wasi: path resolver: openat2\n",
        Resolver::Portable => "wasmc: wasi: path resolver: fallback (built without openat2",
    };
    if resolver == Resolver::Openat2
        && err.contains("path resolver: fallback (openat2 unavailable)")
    {
        eprintln!("openat2 is not available on this kernel: the openat2 run used the fallback");
    } else {
        assert!(
            err.contains(want),
            "{mode}: the run did not use the intended resolver:\n{out:?}"
        );
    }
    assert!(
        !out.stdout_str().contains(MARK),
        "{mode}: THE SECRET LEAKED:\n{out:?}"
    );
    let got = results(&out);
    assert_eq!(
        got.len(),
        ATTEMPTS.len(),
        "{mode}: one line per attempt:\n{out:?}"
    );
    let mut wrong = Vec::new();
    for ((attempt, expected), (a, r)) in ATTEMPTS.iter().zip(&got) {
        assert_eq!(attempt, a, "{mode}: output out of order");
        if !matches(expected, r) {
            wrong.push(format!("  {attempt}: expected {expected}, got {r}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{mode}: unexpected results:\n{}\n{out:?}",
        wrong.join("\n")
    );

    // --- the resolver, seen from outside: openat2 system calls or none ---
    strace_check(&exe, &t, &work.join("strace.log"), resolver);

    // --- race 1: directories and files swapped for symlinks to outside ---
    // With renameat2(RENAME_EXCHANGE) the name flips between the real thing
    // and a symlink atomically (no gap: the tightest time-of-check to
    // time-of-use window); otherwise rename + symlink + rename.
    for (name, abs_target, rel_target) in [
        ("dir", t.join("outside"), "../outside"),
        ("target", t.join("secret.txt"), "../secret.txt"),
    ] {
        link(abs_target, &sb.join(format!("{name}.abs")));
        link(rel_target, &sb.join(format!("{name}.rel")));
    }
    let exchange = exchange(&sb.join("target.abs"), &sb.join("target.rel"));
    let sbc = sb.clone();
    let swap = move || {
        for name in ["dir", "target"] {
            let real = sbc.join(name);
            let tmp = sbc.join(format!("{name}.real"));
            for kind in ["abs", "rel"] {
                let l = sbc.join(format!("{name}.{kind}"));
                if exchange {
                    exchange_names(&real, &l); // now a symlink
                    exchange_names(&real, &l); // the real one again
                } else {
                    let _ = fs::rename(&real, &tmp);
                    let _ = fs::rename(&l, &real);
                    let _ = fs::rename(&real, &l);
                    let _ = fs::rename(&tmp, &real);
                }
            }
        }
    };
    let sbr = sb.clone();
    let restore = move || {
        for name in ["dir", "target"] {
            let p = sbr.join(name);
            if p.is_symlink() {
                let kind = if fs::read_link(&p).expect("readlink").is_absolute() {
                    "abs"
                } else {
                    "rel"
                };
                fs::rename(&p, sbr.join(format!("{name}.{kind}"))).expect("restore link");
            }
            let tmp = sbr.join(format!("{name}.real"));
            if tmp.exists() {
                fs::rename(&tmp, &p).expect("restore");
            }
            assert!(
                !p.is_symlink() && p.exists(),
                "{} not restored",
                p.display()
            );
        }
    };
    let [opens, inside, escaped, refused, noent] = race(
        &exe,
        &t,
        resolver,
        &["dir/file", "dir/../dir/file", "target"],
        swap,
        restore,
    );
    assert_eq!(escaped, 0, "{mode}: ESCAPED through a swapped symlink");
    assert!(
        opens > 0 && inside > 0,
        "{mode}: the race never opened the real files"
    );
    assert!(
        refused + noent > 0,
        "{mode}: the race never saw a swapped-in symlink"
    );

    // --- race 2: a directory moved out of the sandbox during ".." walks ---
    let (from, to) = (sb.join("m/sub"), t.join("mv/a/sub"));
    let (f2, t2) = (from.clone(), to.clone());
    let swap = move || {
        let _ = fs::rename(&f2, &t2);
        let _ = fs::rename(&t2, &f2);
    };
    let restore = move || {
        if to.exists() {
            fs::rename(&to, &from).expect("restore m/sub");
        }
    };
    let [opens, inside, escaped, _refused, noent] =
        race(&exe, &t, resolver, &["m/sub/../../file"], swap, restore);
    assert_eq!(escaped, 0, "{mode}: ESCAPED through a directory moved out");
    assert!(
        opens > 0 && inside > 0,
        "{mode}: the race never opened the real file"
    );
    assert!(noent > 0, "{mode}: the race never saw the directory gone");

    // --- nothing outside changed ---
    assert_eq!(
        fs::read_to_string(&secret).expect("secret"),
        format!("{MARK}: the secret\n")
    );
    assert_eq!(
        fs::metadata(&secret)
            .and_then(|m| m.modified())
            .expect("mtime"),
        secret_mtime,
        "{mode}: the secret's mtime changed"
    );
    let after = outside_snapshot(&t);
    assert_eq!(
        before, after,
        "{mode}: something outside the sandbox changed"
    );
    assert!(
        other.join("linked").is_file(),
        "{mode}: the cross-preopen link is missing"
    );
}

/// Under strace: the openat2 run makes openat2 calls, the fallback runs none.
/// Skipped (with a message) when strace is missing or not permitted.
fn strace_check(exe: &Guest, t: &Path, log: &Path, resolver: Resolver) {
    let args: Vec<String> = [
        "open|file",
        "open|../secret.txt",
        "opendir|dir",
        "open|rel_dir/file",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let guest = guest_cmd(exe, t, resolver, &args);
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=openat2", "-o"])
        .arg(log)
        .arg(guest.get_program())
        .args(guest.get_args())
        .current_dir(t)
        .env_clear();
    for (k, v) in guest.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    if let Err(e) = Command::new("strace").arg("-V").output() {
        return eprintln!("strace not available ({e}): resolver check by strace skipped");
    }
    let out = run_command(cmd, b"");
    let text = fs::read_to_string(log).unwrap_or_default();
    if out.code() != Some(0) || out.stderr_str().contains("ptrace") {
        return eprintln!("strace cannot trace here: resolver check by strace skipped:\n{out:?}");
    }
    assert!(
        out.stdout_str().contains("open|file -> OK inside: file"),
        "{out:?}"
    );
    let calls = text.lines().filter(|l| l.contains("openat2(")).count();
    if resolver != Resolver::Openat2 {
        assert_eq!(
            calls,
            0,
            "the {} run made openat2 calls:\n{text}",
            resolver.name()
        );
    } else {
        // the probe, then one or more per path attempt
        assert!(
            calls >= 5,
            "the openat2 run made only {calls} openat2 calls:\n{text}"
        );
    }
}

#[test]
fn escape_openat2() {
    escape_suite(Resolver::Openat2, false);
}

#[test]
fn escape_fallback_resolver() {
    escape_suite(Resolver::Fallback, false);
}

#[test]
fn escape_portable_runtime() {
    escape_suite(Resolver::Portable, false);
}

/// The same suite through the embedding API: the preopens given with
/// `wasmc_wasi_config_preopen_dir` by `c/embed/wasi_run_host.c`.
#[test]
fn escape_openat2_embedded() {
    escape_suite(Resolver::Openat2, true);
}

#[test]
fn escape_fallback_resolver_embedded() {
    escape_suite(Resolver::Fallback, true);
}

#[test]
fn escape_portable_runtime_embedded() {
    escape_suite(Resolver::Portable, true);
}
