//! WAT modules in `tests/wat/`: the shared prelude spliced in at
//! `;;@prelude`, and the table-driven runs of `wat_programs.rs`
//! ([`WatTest`], [`run_wat_test`]).

use std::fs;

use crate::{
    assert_same_stdout, build_executable, check_wasm_status, run, tests_dir, BoundsChecks, RunOpts,
    Status, TestDir,
};

// ---------------------------------------------------------------------------
// WAT support

/// The shared WAT prelude (`tests/wat/prelude.wat`): WASI imports plus
/// printing and argument helpers, spliced into every test module at the line
/// `;;@prelude` (see [`expand_wat`]).
pub fn wat_prelude() -> String {
    let p = tests_dir().join("wat/prelude.wat");
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Marker line in a test module replaced by the prelude.
pub const PRELUDE_MARKER: &str = ";;@prelude";

/// Reads `tests/wat/NAME.wat` and splices in the prelude at `;;@prelude`.
/// Panics if the file lacks the marker.
pub fn expand_wat(name: &str) -> String {
    let p = tests_dir().join(format!("wat/{name}.wat"));
    let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    assert!(
        text.contains(PRELUDE_MARKER),
        "{} lacks the {PRELUDE_MARKER} line",
        p.display()
    );
    text.replacen(PRELUDE_MARKER, &wat_prelude(), 1)
}

// ---------------------------------------------------------------------------
// WAT programs

/// One run of a module `tests/wat/FILE.wat` and its expected result.
#[derive(Clone, Copy, Debug)]
pub struct WatTest {
    /// Test name (without the `wat_` prefix and mode suffix).
    pub name: &'static str,
    /// `tests/wat/<file>.wat`
    pub file: &'static str,
    pub args: &'static [&'static str],
    /// Exact expected stdout (for traps: everything printed before the trap).
    pub stdout: &'static str,
    pub status: Status,
}

impl WatTest {
    pub const DEFAULT: WatTest = WatTest {
        name: "",
        file: "",
        args: &[],
        stdout: "",
        status: Status::Code(0),
    };
}

/// Expands the module's prelude, builds it with wasmc (from the `.wat` text:
/// this also exercises wasmc's text-format input) in `mode` and checks
/// stdout and the exit status / trap.
pub fn run_wat_test(t: &WatTest, mode: BoundsChecks) {
    let dir = TestDir::new(t.name);
    let what = format!("wat/{}.wat {:?} ({mode})", t.file, t.args);
    let src = dir.join(format!("{}.wat", t.file));
    fs::write(&src, expand_wat(t.file)).expect("write expanded wat");
    let exe = dir.join("prog");
    build_executable(&src, &exe, mode, &[]);
    let out = run(&exe, &RunOpts::args(t.args));
    check_wasm_status(&out, t.status, &what);
    assert_same_stdout(t.stdout.as_bytes(), &out.stdout, &what);
}
