//! Where things are and the environment knobs of the suite: the `tests/`
//! and workspace directories, the `wasmc` binary under test
//! (`WASMC_BIN`), the per-process timeout (`WASMC_TEST_TIMEOUT`) and
//! reference mode (`WASMC_TEST_ENGINE`). Every other module asks here.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

/// Root of the `tests/` package (where `c/`, `wat/` and `tools/` live).
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Root of the workspace.
pub fn workspace_dir() -> PathBuf {
    tests_dir()
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `wasmc` binary under test: `$WASMC_BIN`, else `wasmc` in the target
/// profile directory that contains this test executable
/// (`target/<profile>/deps/<test>` -> `target/<profile>/wasmc`).
/// Panics with instructions when it does not exist.
pub fn wasmc_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("WASMC_BIN") {
            let p = PathBuf::from(p);
            assert!(p.is_file(), "WASMC_BIN={} does not exist", p.display());
            return p;
        }
        let exe = std::env::current_exe().expect("current_exe");
        // target/<profile>/deps/<test-binary>
        let profile_dir = exe
            .parent()
            .and_then(|deps| {
                if deps.ends_with("deps") {
                    deps.parent()
                } else {
                    Some(deps)
                }
            })
            .expect("test executable has a parent directory");
        let candidate = profile_dir.join("wasmc");
        assert!(
            candidate.is_file(),
            "wasmc binary not found at {}: build it first: cargo build -p wasmc \
             (or set WASMC_BIN to the binary to test)",
            candidate.display()
        );
        candidate
    })
    .clone()
}

/// Per-process timeout, `$WASMC_TEST_TIMEOUT` seconds (default 60).
pub fn timeout() -> Duration {
    let secs = std::env::var("WASMC_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// True in reference mode (`WASMC_TEST_ENGINE=node`), see the crate docs.
pub fn reference_mode() -> bool {
    match std::env::var("WASMC_TEST_ENGINE") {
        Ok(e) if e == "node" => true,
        Ok(e) if e.is_empty() || e == "wasmc" => false,
        Ok(e) => panic!("unknown WASMC_TEST_ENGINE={e:?} (expected \"node\" or \"wasmc\")"),
        Err(_) => false,
    }
}
