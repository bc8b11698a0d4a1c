//! Comparisons: how a program is expected to end ([`Status`]), the
//! assertions on wasm and native runs (exit code, SIGABRT, a clean wasm trap
//! with message and backtrace), and stdout comparison with a line diff.

use std::fmt;

use crate::Output;

/// Exit status of a wasm program that trapped.
pub const TRAP_STATUS: i32 = 134;
/// SIGABRT, what `abort()` kills a native program with.
pub const SIGABRT: i32 = 6;

/// The expected way a program ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Normal exit with this status (return from main / `proc_exit`).
    Code(i32),
    /// C `abort()`: natively killed by SIGABRT; in wasm it is `unreachable`,
    /// so status 134 and "wasm trap: unreachable".
    Abort,
    /// A wasm trap with this message (status 134, "wasm trap: MSG" and a
    /// backtrace on stderr). Natively: killed by a signal or nonzero exit.
    Trap(&'static str),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(c) => write!(f, "exit {c}"),
            Status::Abort => write!(f, "abort"),
            Status::Trap(m) => write!(f, "trap \"{m}\""),
        }
    }
}

/// Asserts that a wasmc-built executable ended as `expected`.
pub fn check_wasm_status(out: &Output, expected: Status, what: &str) {
    match expected {
        Status::Code(c) => {
            assert!(
                !out.stderr_str().contains("wasm trap:"),
                "{what}: expected a normal exit {c}, but the program trapped:\n{out:?}"
            );
            assert_eq!(
                out.code(),
                Some(c),
                "{what}: expected exit {c}, got {}:\n{out:?}",
                out.status_str()
            );
        }
        Status::Abort => assert_trap(out, "unreachable", what),
        Status::Trap(msg) => assert_trap(out, msg, what),
    }
}

/// Asserts that a natively built program ended as `expected`.
pub fn check_native_status(out: &Output, expected: Status, what: &str) {
    match expected {
        Status::Code(c) => assert_eq!(
            out.code(),
            Some(c),
            "{what}: the NATIVE build should exit {c} but got {} (the test's expectation is wrong, or the toolchain is broken):\n{out:?}",
            out.status_str()
        ),
        Status::Abort => assert_eq!(
            out.signal(),
            Some(SIGABRT),
            "{what}: the NATIVE build should die by SIGABRT but got {}:\n{out:?}",
            out.status_str()
        ),
        Status::Trap(_) => assert!(
            out.signal().is_some() || out.code() != Some(0),
            "{what}: the NATIVE build should crash (signal or nonzero exit) but got {}:\n{out:?}",
            out.status_str()
        ),
    }
}

/// Asserts a wasm trap: exit status 134, `wasm trap: MSG` on stderr, followed
/// by a `wasm backtrace:` section; never a signal death or a Rust panic.
pub fn assert_trap(out: &Output, msg: &str, what: &str) {
    let stderr = out.stderr_str();
    assert!(
        out.signal().is_none(),
        "{what}: expected a clean trap exit ({TRAP_STATUS}) with \"wasm trap: {msg}\", but the process died by {}:\n{out:?}",
        out.status_str()
    );
    assert!(
        !stderr.contains("panicked"),
        "{what}: a Rust panic instead of a wasm trap:\n{out:?}"
    );
    let needle = format!("wasm trap: {msg}");
    let at = stderr.find(&needle);
    assert!(
        at.is_some(),
        "{what}: stderr does not contain \"{needle}\":\n{out:?}"
    );
    assert_eq!(
        out.code(),
        Some(TRAP_STATUS),
        "{what}: a trap must exit with status {TRAP_STATUS}, got {}:\n{out:?}",
        out.status_str()
    );
    let at = at.unwrap_or_default();
    assert!(
        stderr[at..].contains("wasm backtrace:"),
        "{what}: no \"wasm backtrace:\" after the trap message:\n{out:?}"
    );
}

/// Asserts equal stdout, with a line diff in the message.
pub fn assert_same_stdout(expected: &[u8], actual: &[u8], what: &str) {
    if expected != actual {
        panic!("{what}: stdout differs\n{}", diff(expected, actual));
    }
}

/// A short description of the first differences between two outputs.
pub fn diff(expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let el: Vec<&str> = e.split_inclusive('\n').collect();
    let al: Vec<&str> = a.split_inclusive('\n').collect();
    let mut s = format!(
        "expected {} bytes / {} lines, got {} bytes / {} lines\n",
        expected.len(),
        el.len(),
        actual.len(),
        al.len()
    );
    let mut shown = 0;
    for i in 0..el.len().max(al.len()) {
        let (x, y) = (el.get(i), al.get(i));
        if x != y {
            s.push_str(&format!(
                "line {}:\n  expected: {:?}\n  actual:   {:?}\n",
                i + 1,
                x,
                y
            ));
            shown += 1;
            if shown == 10 {
                s.push_str("  ...\n");
                break;
            }
        }
    }
    if expected.len() + actual.len() < 8000 {
        s.push_str(&format!("--- expected ---\n{e}\n--- actual ---\n{a}\n"));
    }
    s
}
