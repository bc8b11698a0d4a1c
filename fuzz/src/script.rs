//! A batch of recorded modules as one `.wast` script for `wasmc wast`.
//!
//! One script holds many modules so that `wasmc wast` links its host once
//! per batch. For each module: the module itself (binary), and, when it
//! exports memories, a probe module importing them whose functions hash
//! each memory the way [`crate::reference::memory_hash`] does; then, after
//! instantiation and after every call, `assert_return`/`assert_trap` of
//! the call and assertions of every memory hash and exported global.
//! [`Script::module_at`] maps a failing line back to its module.

use crate::reference::{MemExport, Outcome, Recording, State};
use crate::value::{wast_string, Value};
use std::fmt::Write;

pub struct Script {
    pub text: String,
    /// `(first line, last line)` of each module's directives (1-based).
    ranges: Vec<(usize, usize)>,
}

impl Script {
    /// The index of the module whose directives include `line`.
    pub fn module_at(&self, line: usize) -> Option<usize> {
        self.ranges
            .iter()
            .position(|&(a, b)| (a..=b).contains(&line))
    }
}

/// The probe module of `mems` (exported by the module registered as
/// `reg`): function `hK` hashes memory K.
fn probe(reg: &str, id: &str, mems: &[MemExport]) -> String {
    let mut s = format!("(module ${id}\n");
    for m in mems {
        let idx = if m.is64 { "i64 " } else { "" };
        let _ = writeln!(
            s,
            "  (import {} {} (memory {idx}0))",
            wast_string(reg.as_bytes()),
            wast_string(m.name.as_bytes())
        );
    }
    for (k, m) in mems.iter().enumerate() {
        // i64 counters; 32-bit memories take wrapped addresses.
        let addr = if m.is64 {
            "(local.get $i)"
        } else {
            "(i32.wrap_i64 (local.get $i))"
        };
        let size = if m.is64 {
            format!("(memory.size {k})")
        } else {
            format!("(i64.extend_i32_u (memory.size {k}))")
        };
        let _ = writeln!(
            s,
            "  (func (export \"h{k}\") (result i64) (local $i i64) (local $n i64) (local $h i64)
    (local.set $n {size})
    (local.set $h (i64.mul (i64.xor (i64.const 0xcbf29ce484222325) (local.get $n)) (i64.const 0x100000001b3)))
    (local.set $n (i64.mul (local.get $n) (i64.const 65536)))
    (block $done (loop $next
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load {k} {addr})) (i64.const 0x100000001b3)))
      (local.set $i (i64.add (local.get $i) (i64.const 8)))
      (br $next)))
    (local.get $h))"
        );
    }
    s.push(')');
    s
}

fn state_checks(out: &mut Vec<String>, m: &str, p: &str, state: &State) {
    for (k, h) in state.memories.iter().enumerate() {
        out.push(format!(
            "(assert_return (invoke ${p} \"h{k}\") {})",
            Value::I64(*h).wast(true)
        ));
    }
    for (name, v) in &state.globals {
        out.push(format!(
            "(assert_return (get ${m} {}) {})",
            wast_string(name.as_bytes()),
            v.wast(true)
        ));
    }
}

/// The script of `modules` (each with its recording).
pub fn render(modules: &[(Vec<u8>, Recording)]) -> Script {
    let mut lines: Vec<String> = Vec::new();
    let mut ranges = Vec::new();
    for (i, (wasm, rec)) in modules.iter().enumerate() {
        let first = lines.len() + 1;
        let m = format!("m{i}");
        let p = format!("p{i}");
        lines.push(format!(";; module {i}"));
        lines.push(format!("(module ${m} binary {})", wast_string(wasm)));
        if !rec.memories.is_empty() {
            lines.push(format!("(register \"{m}\" ${m})"));
            lines.extend(probe(&m, &p, &rec.memories).lines().map(String::from));
        }
        state_checks(&mut lines, &m, &p, &rec.initial);
        for call in &rec.calls {
            let args: Vec<String> = call.args.iter().map(|a| a.wast(false)).collect();
            let invoke = format!(
                "(invoke ${m} {} {})",
                wast_string(call.func.as_bytes()),
                args.join(" ")
            );
            lines.push(match &call.outcome {
                Outcome::Return(vals) => {
                    let r: Vec<String> = vals.iter().map(|v| v.wast(true)).collect();
                    format!("(assert_return {invoke} {})", r.join(" "))
                }
                Outcome::Trap(msg) => format!("(assert_trap {invoke} \"{msg}\")"),
            });
            state_checks(&mut lines, &m, &p, &call.after);
        }
        ranges.push((first, lines.len()));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Script { text, ranges }
}
