//! [`TestDir`]: the per-test temporary directory. Every test works in its
//! own; nothing is shared or cached between tests, so the suite runs the
//! same under `cargo nextest` (one process per test) and `cargo test`.

use std::fs;
use std::path::{Path, PathBuf};

/// A per-test temporary directory, removed on drop unless
/// `WASMC_TEST_KEEP=1` (then its path is printed so it can be inspected).
pub struct TestDir {
    /// Removes the directory when dropped (`None` when kept).
    _dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl TestDir {
    pub fn new(label: &str) -> TestDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("wasmc-test-{label}-"))
            .tempdir()
            .expect("create temp dir");
        let path = dir.path().to_path_buf();
        if std::env::var_os("WASMC_TEST_KEEP").is_some_and(|v| v == "1") {
            eprintln!("keeping test directory {}", path.display());
            let _ = dir.keep();
            TestDir { _dir: None, path }
        } else {
            TestDir {
                _dir: Some(dir),
                path,
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.path.join(p)
    }

    /// Creates (if needed) and returns a subdirectory.
    pub fn subdir(&self, name: &str) -> PathBuf {
        let p = self.path.join(name);
        fs::create_dir_all(&p).expect("create subdir");
        p
    }

    /// Names of all entries in the directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.path)
            .expect("read temp dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    }
}
