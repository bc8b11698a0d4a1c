//! The cache of programs that `wasmc run` compiled, and `wasmc cache`.
//!
//! Content-addressed: an entry's name is the SHA-256 of everything that
//! decides the executable (see `run::cache_key`), so an entry never goes
//! stale, it is only no longer asked for. Layout, under the cache directory
//! (`$WASMC_CACHE_DIR`, else `$XDG_CACHE_HOME/wasmc`, else
//! `~/.cache/wasmc`, shared with the compiled runtimes):
//!
//! ```text
//! run/<key>/program    the executable
//! run/<key>/sha256     its SHA-256, hex
//! run/.tmp-*           entries being built, or being removed
//! ```
//!
//! Concurrency: an entry is built in a private `.tmp-*` directory and
//! renamed into place in one step, so a reader sees no entry or a whole one;
//! when two processes build the same entry, the first rename wins and the
//! other uses the winner's. Integrity: every hit re-hashes the program and
//! compares with `sha256`; a mismatch (a truncated or damaged file, e.g.
//! after a crash: nothing is fsynced, the hash is what makes that safe) is
//! moved aside, removed and rebuilt. A hit sets the entry directory's mtime,
//! the "last used" time: `wasmc cache clean --unused-for DAYS` removes the
//! entries not used for that long. Nothing limits the size by itself.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// `wasmc cache ...`
#[derive(clap::Subcommand)]
pub enum CacheCmd {
    /// Remove every compiled program and runtime from the cache
    Clean {
        /// Only the programs not run for DAYS days (runtimes stay)
        #[arg(long, value_name = "DAYS")]
        unused_for: Option<u64>,
    },
    /// Print the cache directory
    Dir,
}

pub fn command(cmd: &CacheCmd) -> Result<()> {
    match cmd {
        CacheCmd::Dir => {
            println!("{}", wasmc_runtime_support::cache_dir().display());
            Ok(())
        }
        CacheCmd::Clean { unused_for } => {
            let (entries, bytes) = match unused_for {
                Some(days) => clean_unused(std::time::Duration::from_secs(days * 86_400))?,
                None => clean()?,
            };
            println!(
                "removed {entries} cache entr{} ({:.1} MiB) from {}",
                if entries == 1 { "y" } else { "ies" },
                bytes as f64 / (1024.0 * 1024.0),
                wasmc_runtime_support::cache_dir().display()
            );
            Ok(())
        }
    }
}

/// Where `run` entries live.
fn run_dir() -> PathBuf {
    wasmc_runtime_support::cache_dir().join("run")
}

/// Whether `WASMC_CACHE_DEBUG=1` asks for a line per cache decision.
pub fn debug() -> bool {
    std::env::var_os("WASMC_CACHE_DEBUG").is_some_and(|v| v == "1")
}

/// SHA-256 of `parts`, each length-prefixed (so no two lists of parts give
/// the same input), as hex.
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_sha256(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf)? {
            0 => return Ok(hex(&h.finalize())),
            n => h.update(&buf[..n]),
        }
    }
}

/// The program of entry `key` if it is there and whole. A damaged entry is
/// removed (and reported), so the caller rebuilds it.
pub fn lookup(key: &str) -> Option<PathBuf> {
    let entry = run_dir().join(key);
    if !entry.exists() {
        return None;
    }
    let program = entry.join("program");
    let stored = std::fs::read_to_string(entry.join("sha256")).unwrap_or_default();
    match file_sha256(&program) {
        Ok(actual) if actual == stored.trim() => {
            // Last use, for cleaning by age; an entry that cannot be touched
            // (read-only cache) still runs.
            if let Ok(dir) = std::fs::File::open(&entry) {
                let _ = dir.set_modified(std::time::SystemTime::now());
            }
            if debug() {
                eprintln!("wasmc: cache: hit {}", entry.display());
            }
            Some(program)
        }
        _ => {
            eprintln!(
                "wasmc: cache entry {} is damaged; rebuilding it",
                entry.display()
            );
            discard(&entry);
            None
        }
    }
}

/// Move `entry` aside (one rename, so no reader sees it half-removed) and
/// remove it. Another process may have done so already.
fn discard(entry: &Path) {
    let Some(parent) = entry.parent() else { return };
    if let Ok(aside) = tempfile::Builder::new().prefix(".tmp-").tempdir_in(parent) {
        let aside = aside.keep();
        let target = aside.join("old");
        if std::fs::rename(entry, &target).is_ok() {
            let _ = std::fs::remove_dir_all(&aside);
            return;
        }
        let _ = std::fs::remove_dir_all(&aside);
    }
    // No room for a temporary directory: remove in place.
    let _ = std::fs::remove_dir_all(entry);
}

/// Build entry `key` with `build` (which writes the executable to the path
/// it is given) and install it; returns the installed program. When another
/// process installs the same entry first, its program is returned.
pub fn insert(key: &str, build: impl FnOnce(&Path) -> Result<()>) -> Result<PathBuf> {
    let dir = run_dir();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the cache directory {}", dir.display()))?;
    sweep_stale(&dir);
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempdir_in(&dir)
        .with_context(|| format!("cannot create a directory in {}", dir.display()))?;
    let program = tmp.path().join("program");
    build(&program)?;
    let digest = file_sha256(&program).context("hashing the compiled program")?;
    std::fs::write(tmp.path().join("sha256"), format!("{digest}\n"))
        .context("writing the cache entry")?;
    let entry = dir.join(key);
    let tmp = tmp.keep();
    if std::fs::rename(&tmp, &entry).is_ok() {
        if debug() {
            eprintln!("wasmc: cache: compiled {}", entry.display());
        }
        return Ok(entry.join("program"));
    }
    // Another process installed it meanwhile (rename does not replace a
    // non-empty directory); its entry is as good as ours.
    let _ = std::fs::remove_dir_all(&tmp);
    match lookup(key) {
        Some(p) => Ok(p),
        None => bail!("could not install the cache entry {}", entry.display()),
    }
}

/// Remove every `run` entry and every compiled runtime (one directory per
/// target triple); returns how many entries and bytes. Only wasmc's own
/// directories are touched, whatever else `WASMC_CACHE_DIR` holds.
fn clean() -> Result<(u64, u64)> {
    let root = wasmc_runtime_support::cache_dir();
    let mut dirs = vec![run_dir()];
    for t in wasmc_compiler::target::TARGETS {
        dirs.push(root.join(t.triple));
    }
    let host = root.join(wasmc_compiler::target::host_triple().to_string());
    if !dirs.contains(&host) {
        dirs.push(host);
    }
    let (mut entries, mut bytes) = (0, 0);
    for d in dirs {
        let Ok(list) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in list.flatten() {
            let path = e.path();
            bytes += tree_size(&path);
            if !e.file_name().to_string_lossy().starts_with(".tmp-") {
                entries += 1;
            }
            std::fs::remove_dir_all(&path)
                .or_else(|_| std::fs::remove_file(&path))
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        let _ = std::fs::remove_dir(&d);
    }
    Ok((entries, bytes))
}

/// Remove `run` entries last used longer than `age` ago (the entry
/// directory's mtime, set at every hit).
fn clean_unused(age: std::time::Duration) -> Result<(u64, u64)> {
    let Some(limit) = std::time::SystemTime::now().checked_sub(age) else {
        return Ok((0, 0));
    };
    let (mut entries, mut bytes) = (0, 0);
    let Ok(list) = std::fs::read_dir(run_dir()) else {
        return Ok((0, 0));
    };
    for e in list.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < limit);
        if old && !e.file_name().to_string_lossy().starts_with(".tmp-") {
            bytes += tree_size(&e.path());
            entries += 1;
            discard(&e.path());
        }
    }
    Ok((entries, bytes))
}

/// Remove `.tmp-*` directories older than a day: builds of processes that
/// were killed (a live build is never that old).
fn sweep_stale(dir: &Path) {
    let Some(limit) =
        std::time::SystemTime::now().checked_sub(std::time::Duration::from_secs(86_400))
    else {
        return;
    };
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    for e in list.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(".tmp-")
            && e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < limit);
        if stale {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn tree_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|l| l.flatten().map(|e| tree_size(&e.path())).sum())
        .unwrap_or(0)
}
