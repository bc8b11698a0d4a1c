//! Reproducers on disk: a finding is saved as `<kind>-<hash>.wasm` with a
//! `.txt` beside it saying where it came from and what went wrong. A
//! reproducer directory is replayed by [`replay_dir`]: the regression test
//! does this for `tests/fuzz/`, so copying a (shrunk) reproducer there
//! turns it into a regression test.

use crate::{diff, robust};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// FNV-1a of `bytes` (names reproducers, hashes file contents).
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Write `wasm` and its description into `dir`; returns the `.wasm` path.
pub fn save(dir: &Path, kind: &str, wasm: &[u8], text: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    let stem = format!("{kind}-{:016x}", hash(wasm));
    let path = dir.join(format!("{stem}.wasm"));
    std::fs::write(&path, wasm).with_context(|| format!("write {}", path.display()))?;
    std::fs::write(dir.join(format!("{stem}.txt")), text)
        .with_context(|| format!("write {stem}.txt"))?;
    Ok(path)
}

/// The `.wasm` files of `dir`, sorted (none when it does not exist).
pub fn reproducers(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    v.sort();
    Ok(v)
}

/// Every problem `file` shows: robustness and validation parity always,
/// and the differential comparison in each configuration when wasmi runs it.
pub fn check_file(wasmc: &Path, configs: &[Vec<String>], file: &Path) -> Result<Vec<String>> {
    let wasm = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
    let origin = file.display().to_string();
    let mut problems = robust::check(wasmc, &wasm, configs.first().map(Vec::as_slice))?;
    if robust::oracle(&wasm).is_ok() {
        let counts = diff::replay(wasmc, configs, &origin, &wasm)?;
        for f in counts.findings {
            problems.push(format!("[{}] {}", f.config, f.details.join("\n  ")));
        }
    }
    Ok(problems)
}

/// [`check_file`] for every reproducer of `dir`: `(file, problems)` of those
/// that still fail.
pub fn replay_dir(
    wasmc: &Path,
    configs: &[Vec<String>],
    dir: &Path,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let mut failing = Vec::new();
    for f in reproducers(dir)? {
        let p = check_file(wasmc, configs, &f)?;
        if !p.is_empty() {
            failing.push((f, p));
        }
    }
    Ok(failing)
}

/// Write a reproducer made of several files, `<kind>-<hash>.<ext>` for
/// each `(ext, content)`, the hash taken over `key`; returns the stem path.
pub fn save_files(dir: &Path, kind: &str, key: &str, files: &[(&str, &str)]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    let stem = dir.join(format!("{kind}-{:016x}", hash(key.as_bytes())));
    for (ext, content) in files {
        let p = stem.with_extension(ext);
        std::fs::write(&p, content).with_context(|| format!("write {}", p.display()))?;
    }
    Ok(stem)
}
