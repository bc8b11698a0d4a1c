//! Reproducers of the executable fuzzing ([`wasi_exe`], [`csmith`]) on
//! disk, and their replay.
//!
//! A WASI finding is saved as `wasi-<hash>.c` (the whole generated
//! program), `wasi-<hash>.tree` (the starting tree, [`Tree::describe`])
//! and `wasi-<hash>.txt` (origin, configuration, scenario, what differed,
//! both outputs); a csmith finding as `csmith-<hash>.c` and `.txt`. To make
//! one a regression test, copy its `.c` (and `.tree`) to `tests/fuzz/exe/`
//! with a `.txt` saying what it found: `fuzz_exe_regressions` replays every
//! `.c` there with [`replay`] (a `.c` with a `.tree` beside it as a WASI
//! program, every scenario; one without as a csmith program).

use crate::wasi_gen::Tree;
use crate::{csmith, save, wasi_exe};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn save_wasi(dir: &Path, f: &wasi_exe::Finding) -> Result<PathBuf> {
    let txt = format!(
        "origin: {}\nconfig: {}\nscenario: {} (argv[1]; the wasm run gets WASMC_DIRS=TREE::.)\n{}\n\
         === native\n{}\n=== wasm\n{}",
        f.origin, f.config, f.scenario, f.details, f.native, f.wasm
    );
    let key = format!("{}{}{}{}", f.source, f.tree, f.config, f.scenario);
    save::save_files(
        dir,
        "wasi",
        &key,
        &[("c", &f.source), ("tree", &f.tree), ("txt", &txt)],
    )
}

pub fn save_csmith(dir: &Path, f: &csmith::Finding) -> Result<PathBuf> {
    let txt = format!(
        "origin: {}\nconfig: {}\n{}\n",
        f.origin, f.config, f.details
    );
    let key = format!("{}{}", f.source, f.config);
    save::save_files(dir, "csmith", &key, &[("c", &f.source), ("txt", &txt)])
}

/// Every problem the reproducer `file` (a `.c`) shows in `wasi_configs`
/// (WASI programs) or `csmith_configs` (csmith programs).
pub fn replay(
    wasmc: &Path,
    wasi_configs: &[Vec<String>],
    csmith_configs: &[Vec<String>],
    file: &Path,
) -> Result<Vec<String>> {
    let source =
        std::fs::read_to_string(file).with_context(|| format!("read {}", file.display()))?;
    let origin = file.display().to_string();
    let tree_file = file.with_extension("tree");
    if tree_file.exists() {
        let tree = Tree::parse(&std::fs::read_to_string(&tree_file)?)?;
        let scenarios = wasi_exe::scenarios_of(&source)
            .with_context(|| format!("{origin}: no `scenarios N` in the generated header"))?;
        let mut counts = wasi_exe::Counts::default();
        wasi_exe::check_source(
            wasmc,
            wasi_configs,
            &origin,
            &source,
            &tree,
            scenarios,
            &mut counts,
        )?;
        Ok(counts
            .findings
            .iter()
            .map(|f| format!("[{}] scenario {}: {}", f.config, f.scenario, f.details))
            .collect())
    } else {
        let work = tempfile::tempdir()?;
        let src = work.path().join("prog.c");
        std::fs::write(&src, &source)?;
        let o = csmith::Options {
            wasmc: wasmc.to_path_buf(),
            seed: 0,
            max_programs: 1,
            deadline: None,
            configs: csmith_configs.to_vec(),
            native_limit: Duration::from_secs(2),
            csmith_args: Vec::new(),
            rotate: false,
        };
        let mut counts = csmith::Counts::default();
        if !csmith::check_source(&o, work.path(), &origin, &src, csmith_configs, &mut counts)? {
            return Ok(vec!["the native run fails or takes over 2 s".into()]);
        }
        Ok(counts
            .findings
            .iter()
            .map(|f| format!("[{}] {}", f.config, f.details))
            .collect())
    }
}

/// The `.c` reproducers of `dir`, sorted (none when it does not exist).
pub fn reproducers(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    v.sort();
    Ok(v)
}
