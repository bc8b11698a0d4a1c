//! Test inputs kept as files instead of string literals in the test code:
//! whole WAT modules, `.wast` scripts and C programs (embedding hosts, small
//! helpers) that a single test file uses live in a topic subdirectory of
//! `tests/wat/` or `tests/c/` (e.g. `wat/cross/`, `c/embed/`). The
//! subdirectories keep them out of the corpus lists that
//! `c_every_program_is_listed` and `wat_every_module_is_used` check, which
//! read only the top level of `tests/c` and `tests/wat`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::tests_dir;

/// `tests/REL`, e.g. `source_path("wat/cross/simd.wat")`. Panics when the
/// file does not exist, naming it.
pub fn source_path(rel: &str) -> PathBuf {
    let p = tests_dir().join(rel);
    assert!(p.is_file(), "test source {} is missing", p.display());
    p
}

/// The text of `tests/REL` (see [`source_path`]).
pub fn source_text(rel: &str) -> String {
    let p = source_path(rel);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Copies `tests/REL` to the file `to` and returns `to`: for the tests that
/// want their input next to their outputs (file names in messages, relative
/// paths, a directory kept with `WASMC_TEST_KEEP=1`).
pub fn copy_source(rel: &str, to: &Path) -> PathBuf {
    fs::copy(source_path(rel), to)
        .unwrap_or_else(|e| panic!("copy tests/{rel} to {}: {e}", to.display()));
    to.to_path_buf()
}
