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
//!   programs get all their loops and a ceiling ([`MAX_BUDGET`]) so that a
//!   big module's compile time grows by a few percent only; a function that
//!   does not fit is skipped and smaller ones after it may still be taken.
//!
//! At `-O2` the inlining candidates ([`super::inline`]) are not copied on
//! their own: they are copied into their callers, so a copied caller gets
//! the further CPU's code of them, and a shared caller keeps inlining them
//! just as a single-CPU build does (shared code reaches a copied function
//! through its funcref record, which could not be inlined).
//!
//! The functions not copied are shared: a further variant's table and its
//! direct calls name the first variant's code. With `--multiversion all`
//! every function is copied.

use super::loop_nesting::LoopNesting;
use crate::index::DefinedFuncIndex;
use crate::module::ModuleEnv;
use cranelift_entity::{EntityRef, PrimaryMap};
use wasmparser::Operator;

/// Copies may take at most this share of the module's body bytes ...
pub const BUDGET_SHARE: u64 = 8; // one eighth
/// ... but at least this many bytes ...
pub const MIN_BUDGET: u64 = 64 * 1024;
/// ... and at most this many: a big application's hot loops are a small
/// part of it, and compile time grows with every byte copied.
pub const MAX_BUDGET: u64 = 1024 * 1024;

/// The byte budget of the copies for a module of `total` body bytes.
pub fn budget(total: u64) -> u64 {
    (total / BUDGET_SHARE).clamp(MIN_BUDGET, MAX_BUDGET)
}

/// The loop weight of a function and its body size (with what inlining
/// adds, see [`hot_functions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heat {
    pub weight: u64,
    pub bytes: u64,
}

/// What one scan of a body finds.
struct Scan {
    heat: Heat,
    /// Operators in the body.
    ops: u64,
    /// Direct calls: (callee function index, loop depth at the call).
    calls: Vec<(u32, u32)>,
}

/// The weight of one operator at loop depth `depth`.
fn op_weight(depth: u32) -> u64 {
    if depth == 0 {
        0
    } else {
        8u64.pow(depth.min(3))
    }
}

/// Scan one body's operators. A body that fails to decode counts what was
/// read (translation reports the error).
fn scan(body: &wasmparser::FunctionBody<'_>) -> Scan {
    let range = body.range();
    let mut out = Scan {
        heat: Heat {
            weight: 0,
            bytes: range.end - range.start,
        },
        ops: 0,
        calls: Vec::new(),
    };
    let mut nesting = LoopNesting::default();
    if let Ok(mut ops) = body.get_operators_reader() {
        while !ops.eof() {
            let Ok(op) = ops.read() else { break };
            out.ops += 1;
            // Weighed at the depth before `op`: a `loop` itself counts
            // outside it, its `end` inside.
            out.heat.weight = out.heat.weight.saturating_add(op_weight(nesting.depth()));
            nesting.op(&op);
            if let Operator::Call { function_index } | Operator::ReturnCall { function_index } = op
            {
                out.calls.push((function_index, nesting.depth()));
            }
        }
    }
    out
}

/// [`Heat`] of one body alone (no inlining).
#[cfg(test)]
fn heat(body: &wasmparser::FunctionBody<'_>) -> Heat {
    scan(body).heat
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

/// The hot functions of `env` (see the module docs). At `-O2`, `inlined`
/// marks the inlining candidates: they are not copied on their own, and
/// their heat and size count in each caller that calls them directly (at
/// the loop depth of the call), as inlining will put them there.
pub fn hot_functions(
    env: &ModuleEnv<'_>,
    inlined: Option<&PrimaryMap<DefinedFuncIndex, bool>>,
) -> PrimaryMap<DefinedFuncIndex, bool> {
    let scans: Vec<Scan> = env.bodies.values().map(|b| scan(&b.body)).collect();
    let n = scans.len();
    let is_candidate = |i: usize| inlined.is_some_and(|c| c[DefinedFuncIndex::from_u32(i as u32)]);
    // Heat with the inlined callees folded in, memoised; a cycle of
    // candidates (mutual recursion) counts each once, and chains deeper
    // than FOLD_DEPTH (which inlining's per-caller budget would cut short
    // anyway) are not followed, so the recursion stays shallow whatever
    // the module.
    const FOLD_DEPTH: usize = 16;
    let mut folded: Vec<Option<(Heat, u64)>> = vec![None; n];
    let mut visiting = vec![false; n];
    fn fold(
        i: usize,
        level: usize,
        env: &ModuleEnv<'_>,
        scans: &[Scan],
        is_candidate: &dyn Fn(usize) -> bool,
        folded: &mut Vec<Option<(Heat, u64)>>,
        visiting: &mut Vec<bool>,
    ) -> (Heat, u64) {
        if let Some(h) = folded[i] {
            return h;
        }
        let own = (scans[i].heat, scans[i].ops);
        if visiting[i] || level >= FOLD_DEPTH {
            return own;
        }
        visiting[i] = true;
        let (mut heat, ops) = own;
        for &(callee, depth) in &scans[i].calls {
            let Some(d) = env.defined_func_index(crate::index::FuncIndex::from_u32(callee)) else {
                continue;
            };
            let c = d.index();
            if c == i || c >= scans.len() || !is_candidate(c) {
                continue;
            }
            let (h, o) = fold(c, level + 1, env, scans, is_candidate, folded, visiting);
            // The callee's operators move `depth` loops deeper: its weight
            // scales by 8^depth, and its loop-free operators now weigh too.
            let scale = op_weight(depth).max(1);
            let moved = h
                .weight
                .saturating_mul(scale)
                .saturating_add(o.saturating_mul(op_weight(depth)));
            heat.weight = heat.weight.saturating_add(moved);
            heat.bytes = heat.bytes.saturating_add(h.bytes);
        }
        visiting[i] = false;
        folded[i] = Some((heat, ops));
        (heat, ops)
    }
    let heats: Vec<Heat> = (0..n)
        .map(|i| {
            if is_candidate(i) {
                // Not copied on its own; its bytes still count in the total.
                Heat {
                    weight: 0,
                    bytes: scans[i].heat.bytes,
                }
            } else {
                fold(i, 0, env, &scans, &is_candidate, &mut folded, &mut visiting).0
            }
        })
        .collect();
    let mut out = PrimaryMap::with_capacity(n);
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
        // 1 MiB of code: the budget is 128 KiB; at most MAX_BUDGET.
        let b = budget(1 << 20);
        assert_eq!(b, 128 * 1024);
        assert_eq!(budget(1 << 40), MAX_BUDGET);
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
    fn inlined_candidates_count_in_their_callers() {
        // $caller has no loop but calls $inner, which has one.
        let wasm = wat::parse_str(
            r#"(module
              (func $caller (export "f") (param i32) (result i32) (call $inner (local.get 0)))
              (func $inner (param i32) (result i32)
                (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get 0)))"#,
        )
        .unwrap();
        let env = ModuleEnv::parse(&wasm).unwrap();
        let none = hot_functions(&env, None);
        assert_eq!(none.values().copied().collect::<Vec<_>>(), [false, true]);
        let mut inlined = PrimaryMap::new();
        inlined.push(false);
        inlined.push(true);
        let folded = hot_functions(&env, Some(&inlined));
        assert_eq!(folded.values().copied().collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn a_long_chain_of_candidates_does_not_recurse_deeply() {
        // 50,000 functions each calling the next once, all candidates:
        // without the depth bound the fold would recurse 50,000 deep and
        // overflow this test thread's stack.
        let n = 50_000;
        let mut wat = String::from("(module");
        for i in 0..n {
            if i + 1 < n {
                wat.push_str(&format!("(func (call {}))", i + 1));
            } else {
                wat.push_str("(func (loop (br 0)))");
            }
        }
        wat.push(')');
        let wasm = wat::parse_str(&wat).unwrap();
        let env = ModuleEnv::parse(&wasm).unwrap();
        let mut inlined = PrimaryMap::new();
        for i in 0..n {
            inlined.push(i > 0);
        }
        let hot = hot_functions(&env, Some(&inlined));
        assert_eq!(hot.len(), n);
        // Function 0 is too far up the chain to see the loop at its end.
        assert!(hot.values().all(|&h| !h));
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
