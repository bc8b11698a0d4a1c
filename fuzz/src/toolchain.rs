//! The tools the executable fuzzing builds with: clang natively and for
//! `wasm32-wasi` (`$WASMC_TEST_CLANG`, `$WASI_SYSROOT` as in the test
//! suite), `wasmc build`, and a fresh copy of a [`Tree`] to run in. A tool
//! that fails on a generated program is an error of the run (the generator
//! must only produce valid C), not a finding; `wasmc build` failing is a
//! finding, reported by the caller.

use crate::process::{self, Run};
use crate::wasi_gen::Tree;
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const COMPILE_LIMIT: Duration = Duration::from_secs(120);

fn clang() -> OsString {
    std::env::var_os("WASMC_TEST_CLANG").unwrap_or_else(|| "clang".into())
}

fn sysroot() -> OsString {
    let mut s = OsString::from("--sysroot=");
    s.push(std::env::var_os("WASI_SYSROOT").unwrap_or_else(|| "/usr".into()));
    s
}

fn run_clang(args: Vec<OsString>, what: &str) -> Result<()> {
    let mut cmd = Command::new(clang());
    cmd.args(&args);
    let r = process::command(cmd, COMPILE_LIMIT)?;
    if r.code != Some(0) {
        bail!("clang failed on {what}: {}", r.stderr.trim());
    }
    Ok(())
}

/// `clang -O2 -w SRC -o OUT EXTRA...`, natively.
pub fn compile_native(src: &Path, out: &Path, extra: &[&str]) -> Result<()> {
    let mut args: Vec<OsString> = vec![
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    run_clang(args, &format!("{} (native)", src.display()))
}

/// `clang --target=wasm32-wasi --sysroot=... -O2 -w SRC -o OUT EXTRA...`.
pub fn compile_wasm(src: &Path, out: &Path, extra: &[&str]) -> Result<()> {
    let mut args: Vec<OsString> = vec![
        "--target=wasm32-wasi".into(),
        sysroot(),
        "-O2".into(),
        "-w".into(),
        src.into(),
        "-o".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    run_clang(args, &format!("{} (wasm32-wasi)", src.display()))
}

/// `wasmc build WASM -o OUT FLAGS...`; `Err(message)` inside `Ok` when wasmc
/// fails (a finding), `Err` when it cannot be run at all.
pub fn wasmc_build(
    wasmc: &Path,
    wasm: &Path,
    out: &Path,
    flags: &[String],
) -> Result<std::result::Result<(), String>> {
    let mut cmd = Command::new(wasmc);
    cmd.arg("build").arg(wasm).arg("-o").arg(out).args(flags);
    let r = process::command(cmd, COMPILE_LIMIT)?;
    if let Some(c) = r.crash() {
        return Ok(Err(format!("wasmc build {}: {c}", flags.join(" "))));
    }
    if r.code != Some(0) || !out.is_file() {
        return Ok(Err(format!(
            "wasmc build {} failed: {}",
            flags.join(" "),
            r.stderr.trim()
        )));
    }
    Ok(Ok(()))
}

/// Runs `exe ARGS` in `cwd` with an empty environment plus `env`.
pub fn run_in(
    exe: &Path,
    args: &[String],
    cwd: &Path,
    env: &[(String, OsString)],
    limit: Duration,
) -> Result<Run> {
    let mut cmd = Command::new(exe);
    cmd.args(args).current_dir(cwd).env_clear();
    for (k, v) in env {
        cmd.env(k, v);
    }
    process::command(cmd, limit)
}

/// A fresh directory `dir/name` holding `tree`.
pub fn fresh_tree(dir: &Path, name: &str, tree: &Tree) -> Result<PathBuf> {
    let root = dir.join(name);
    if root.exists() {
        fs::remove_dir_all(&root).with_context(|| format!("remove {}", root.display()))?;
    }
    fs::create_dir(&root).with_context(|| format!("mkdir {}", root.display()))?;
    tree.create(&root)?;
    Ok(root)
}

/// What a run left under `root`, one sorted line per entry (not following
/// symlinks): path and kind, file sizes and content hashes, link targets.
/// Times and permission bits are left out (WASI has no file modes).
pub fn snapshot(root: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<String>) -> Result<()> {
        let mut names: Vec<_> = fs::read_dir(root.join(rel))
            .with_context(|| format!("read_dir {}", root.join(rel).display()))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<std::io::Result<_>>()?;
        names.sort();
        for name in names {
            let r = rel.join(&name);
            let p = root.join(&r);
            let ft = fs::symlink_metadata(&p)?.file_type();
            if ft.is_symlink() {
                out.push(format!(
                    "{} -> {}",
                    r.display(),
                    fs::read_link(&p)?.display()
                ));
            } else if ft.is_dir() {
                out.push(format!("{}/", r.display()));
                walk(root, &r, out)?;
            } else if ft.is_file() {
                let data = fs::read(&p)?;
                out.push(format!(
                    "{} ({} bytes, fnv {:016x})",
                    r.display(),
                    data.len(),
                    crate::save::hash(&data)
                ));
            } else {
                out.push(format!("{} (special)", r.display()));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, Path::new(""), &mut out)?;
    Ok(out)
}

/// The first lines where `a` and `b` differ (at most `max`), for a report.
pub fn line_diff(a: &str, b: &str, max: usize) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..la.len().max(lb.len()) {
        let (x, y) = (la.get(i).copied(), lb.get(i).copied());
        if x != y {
            out.push_str(&format!(
                "  line {}: native {:?}\n           wasm   {:?}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
            shown += 1;
            if shown == max {
                break;
            }
        }
    }
    out
}
