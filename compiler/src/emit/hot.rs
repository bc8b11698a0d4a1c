//! Which functions multi-versioned code (`--cpu A+B`) copies for the
//! further CPUs.
//!
//! Why not every function: a further CPU's copy pays only where the program
//! spends its time, and most of a module's code (start-up, error paths,
//! formatting, the bulk of a big application) is not there, yet every copy
//! costs compile time and executable size. Without a profile, loops are the
//! static sign of hot code, so the copies are spent on loop-dense functions:
//!
//! * an operator inside `d` nested loops weighs `8^min(d, 3)`; outside every
//!   loop it weighs nothing, so loop-free functions are never copied;
//! * a function's *density* is its weight per byte of body;
//! * functions are taken by density, the highest first (ties: lower index),
//!   while the copies stay within [`budget`] bytes of wasm body, a share of
//!   the module ([`BUDGET_SHARE`]) with a floor ([`MIN_BUDGET`]) so that small
//!   programs get all their loops; a function that does not fit is skipped
//!   and smaller ones after it may still be taken.
//!
//! The functions not copied are shared: a further variant's table and its
//! direct calls name the first variant's code. With `--multiversion all`
//! every function is copied.

use crate::index::DefinedFuncIndex;
use crate::module::ModuleEnv;
use cranelift_entity::PrimaryMap;
use wasmparser::Operator;

/// Copies may take at most this share of the module's body bytes ...
pub const BUDGET_SHARE: u64 = 8; // one eighth
/// ... but at least this many bytes.
pub const MIN_BUDGET: u64 = 64 * 1024;

/// The byte budget of the copies for a module of `total` body bytes.
pub fn budget(total: u64) -> u64 {
    (total / BUDGET_SHARE).max(MIN_BUDGET)
}

/// The loop weight of a function and its body size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heat {
    pub weight: u64,
    pub bytes: u64,
}

/// Scan one body's operators: [`Heat`] of it. A body that fails to decode
/// counts what was read (translation reports the error).
fn heat(body: &wasmparser::FunctionBody<'_>) -> Heat {
    let range = body.range();
    let bytes = range.end - range.start;
    let mut weight = 0u64;
    // One entry per open block: whether it is a loop.
    let mut blocks: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    if let Ok(mut ops) = body.get_operators_reader() {
        while !ops.eof() {
            let Ok(op) = ops.read() else { break };
            if depth > 0 {
                weight = weight.saturating_add(8u64.pow(depth.min(3) as u32));
            }
            match op {
                Operator::Loop { .. } => {
                    blocks.push(true);
                    depth += 1;
                }
                Operator::Block { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. }
                | Operator::Try { .. } => blocks.push(false),
                Operator::End => depth -= usize::from(blocks.pop() == Some(true)),
                _ => {}
            }
        }
    }
    Heat { weight, bytes }
}

/// The defined functions to copy, given each one's [`Heat`] (the pure
/// policy; see the module docs).
pub fn select(heats: &[Heat]) -> Vec<bool> {
    let total: u64 = heats.iter().map(|h| h.bytes).sum();
    let mut left = budget(total);
    let mut order: Vec<usize> = (0..heats.len()).filter(|&i| heats[i].weight > 0).collect();
    // Density weight/bytes, highest first, compared exactly by
    // cross-multiplication (u128: no overflow); ties by index.
    order.sort_by(|&a, &b| {
        let (x, y) = (&heats[a], &heats[b]);
        let lhs = u128::from(y.weight) * u128::from(x.bytes.max(1));
        let rhs = u128::from(x.weight) * u128::from(y.bytes.max(1));
        lhs.cmp(&rhs).then(a.cmp(&b))
    });
    let mut take = vec![false; heats.len()];
    for i in order {
        if heats[i].bytes <= left {
            left -= heats[i].bytes;
            take[i] = true;
        }
    }
    take
}

/// The hot functions of `env` (see the module docs).
pub fn hot_functions(env: &ModuleEnv<'_>) -> PrimaryMap<DefinedFuncIndex, bool> {
    let heats: Vec<Heat> = env.bodies.values().map(|b| heat(&b.body)).collect();
    let mut out = PrimaryMap::with_capacity(heats.len());
    for t in select(&heats) {
        out.push(t);
    }
    debug_assert_eq!(out.len(), env.bodies.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(weight: u64, bytes: u64) -> Heat {
        Heat { weight, bytes }
    }

    #[test]
    fn loop_free_functions_are_never_copied() {
        assert_eq!(select(&[h(0, 10), h(0, 1)]), vec![false, false]);
    }

    #[test]
    fn small_modules_copy_every_loop_function() {
        // Far below MIN_BUDGET: every function with a loop fits.
        assert_eq!(
            select(&[h(5, 100), h(0, 100), h(512, 3000)]),
            vec![true, false, true]
        );
    }

    #[test]
    fn densest_first_within_the_budget() {
        // 1 MiB of code: the budget is 128 KiB.
        let b = budget(1 << 20);
        assert_eq!(b, 128 * 1024);
        let heats = [
            h(1, b),                 // sparse, as big as the whole budget
            h(1000, b / 2),          // densest
            h(100, b / 2),           // second
            h(0, (1 << 20) - 2 * b), // the rest: no loops
        ];
        // The two dense halves fill the budget; the sparse one no longer fits.
        assert_eq!(select(&heats), vec![false, true, true, false]);
    }

    #[test]
    fn a_function_too_big_is_skipped_and_smaller_ones_still_fit() {
        let b = budget(0);
        let heats = [h(10_000, b + 1), h(1, 10)];
        assert_eq!(select(&heats), vec![false, true]);
    }

    fn heat_of(wat: &str) -> Heat {
        let wasm = wat::parse_str(wat).unwrap();
        let mut out = None;
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
                out = Some(heat(&body));
            }
        }
        out.unwrap()
    }

    #[test]
    fn loop_depth_weights() {
        let flat = heat_of("(module (func nop nop))");
        assert_eq!(flat.weight, 0);
        // `loop` ... `end`: the nop and the loop's `end` are inside (8 each).
        let one = heat_of("(module (func (loop nop)))");
        assert_eq!(one.weight, 16);
        // Two nested loops: the inner `loop` and the outer `end` at 8; the
        // block, nop, block `end` and inner `end` at 64 (a block does not
        // deepen).
        let two = heat_of("(module (func (loop (loop (block nop)))))");
        assert_eq!(two.weight, 8 + 4 * 64 + 8);
    }
}
