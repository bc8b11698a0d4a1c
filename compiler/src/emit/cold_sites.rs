//! Which call sites the inliner treats as cold: those outside every loop of
//! a function that runs once.
//!
//! Why: inlining pays where a call runs often. A call outside every loop of
//! a function that runs once (the command's `_start`, into which clang
//! usually folds `main` and whatever `main` calls once) runs once, so
//! copying the callee there saves one call and nothing else, while the
//! function, often holding the program's hot loops, gets bigger. That
//! changes how the register allocator splits the long-lived values those
//! loops use: in the `lu` kernel, a 91-byte stdio helper inlined next to
//! `printf` in `_start` made the hot row-update loop reload the heap base
//! from the stack on every iteration (5.9% more instructions executed).
//! At cold sites only bodies of at most [`super::inline::SMALL_BODY`] bytes
//! (about the size of the call itself) are inlined.
//!
//! "Runs once" is decided on the wasm, before any code is generated:
//!
//! * the start function and a `_start` export run once, unless some direct
//!   call in the module also calls them;
//! * a function that is only ever called directly
//!   ([`ModuleEnv::direct_only`]) and has a single direct call site, outside
//!   every loop of a function that runs once, runs once too.
//!
//! Which sites of such a function are outside its loops is decided on its
//! CLIF ([`SiteHeat`]), with Cranelift's loop analysis, just before
//! inlining; a call copied in by the inliner inherits the heat of the
//! original call site it came in through.

use crate::index::{DefinedFuncIndex, FuncIndex};
use crate::module::ModuleEnv;
use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{Function, Inst};
use cranelift_codegen::loop_analysis::LoopAnalysis;
use cranelift_entity::{EntityRef, PrimaryMap};
use std::collections::HashSet;

/// The first direct call site of every defined function, as the operator
/// scan saw it: enough to know the one site of a function that has one.
#[derive(Clone, Copy, Debug)]
pub struct FirstSite {
    pub caller: DefinedFuncIndex,
    /// Inside a wasm `loop` of the caller.
    pub in_loop: bool,
}

/// The defined functions that run once (see the module docs), from the
/// number of direct call sites of every function (`sites`) and the first of
/// them (`first`). Linear in the number of functions: each function that
/// may run once names the one function it is called from, and those chains
/// are followed once, with memoised results.
pub fn run_once(
    env: &ModuleEnv<'_>,
    sites: &[usize],
    first: &[Option<FirstSite>],
) -> PrimaryMap<DefinedFuncIndex, bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unknown,
        Visiting,
        Yes,
        No,
    }
    let n = env.bodies.len();
    let mut state = vec![State::Unknown; n];
    let roots = env.start.into_iter().chain(
        env.exports
            .iter()
            .filter(|e| e.kind == crate::abi::extern_kind::FUNC && e.name == "_start")
            .map(|e| FuncIndex::from_u32(e.index)),
    );
    for root in roots {
        if let Some(d) = env.defined_func_index(root) {
            if sites.get(d.index()) == Some(&0) && d.index() < n {
                state[d.index()] = State::Yes;
            }
        }
    }
    // The one function `d` is called from, when that could make it run once.
    let parent = |d: usize| -> Option<usize> {
        let site = first.get(d).copied().flatten()?;
        let direct = env.direct_only(env.func_index(DefinedFuncIndex::new(d)));
        (sites.get(d) == Some(&1) && !site.in_loop && direct).then_some(site.caller.index())
    };
    let mut path = Vec::new();
    for start in 0..n {
        let mut d = start;
        let result = loop {
            match state[d] {
                State::Yes => break State::Yes,
                // A chain that comes back to itself has no root.
                State::No | State::Visiting => break State::No,
                State::Unknown => {}
            }
            state[d] = State::Visiting;
            path.push(d);
            match parent(d) {
                Some(p) if p < n => d = p,
                _ => break State::No,
            }
        };
        for d in path.drain(..) {
            state[d] = result;
        }
    }
    state.iter().map(|&s| s == State::Yes).collect()
}

/// The call sites of one caller's CLIF, before inlining, that lie inside a
/// loop.
pub struct SiteHeat {
    /// Instruction ids below this existed before inlining.
    original: usize,
    /// `None`: every site counts as hot (the caller does not run once).
    hot: Option<HashSet<Inst>>,
}

impl SiteHeat {
    /// Every site hot: no analysis.
    pub fn all_hot() -> SiteHeat {
        SiteHeat {
            original: 0,
            hot: None,
        }
    }

    /// The sites of `func` (a function that runs once) inside its loops.
    pub fn of(func: &Function) -> SiteHeat {
        let cfg = ControlFlowGraph::with_function(func);
        let domtree = DominatorTree::with_function(func, &cfg);
        let mut loops = LoopAnalysis::new();
        loops.compute(func, &cfg, &domtree);
        let mut hot = HashSet::new();
        for block in func.layout.blocks() {
            if loops.innermost_loop(block).is_none() {
                continue;
            }
            for inst in func.layout.block_insts(block) {
                if func.dfg.insts[inst].opcode().is_call() {
                    hot.insert(inst);
                }
            }
        }
        SiteHeat {
            original: func.dfg.num_insts(),
            hot: Some(hot),
        }
    }

    /// Whether `inst` is one of the caller's original instructions (not
    /// copied in by the inliner), and if so whether it is a hot site.
    pub fn original(&self, inst: Inst) -> Option<bool> {
        let hot = self.hot.as_ref()?;
        (inst.index() < self.original).then(|| hot.contains(&inst))
    }
}

#[cfg(test)]
mod tests {
    use super::{run_once, FirstSite};
    use crate::index::DefinedFuncIndex;
    use crate::module::ModuleEnv;

    #[test]
    fn run_once_follows_single_cold_sites_from_the_roots() {
        // The call graph is given by hand below; the bodies do not matter.
        let wasm = wat::parse_str(
            r#"(module
              (import "m" "f" (func))
              (func $start (export "_start"))
              (func $main) (func $deep) (func $in_loop) (func $twice)
              (func $exported (export "e")) (func $cyc_a) (func $cyc_b))"#,
        )
        .unwrap();
        let env = ModuleEnv::parse(&wasm).unwrap();
        let d = DefinedFuncIndex::from_u32;
        let site = |caller: u32, in_loop| {
            Some(FirstSite {
                caller: d(caller),
                in_loop,
            })
        };
        // Defined: 0 start, 1 main, 2 deep, 3 in_loop, 4 twice, 5 exported,
        // 6 cyc_a, 7 cyc_b.
        let sites = [0, 1, 1, 1, 2, 1, 1, 1];
        let first = [
            None,
            site(0, false),
            site(1, false),
            site(1, true),
            site(1, false),
            site(0, false),
            site(7, false),
            site(6, false),
        ];
        let once = run_once(&env, &sites, &first);
        let got: Vec<bool> = once.values().copied().collect();
        assert_eq!(
            got,
            [true, true, true, false, false, false, false, false],
            "start, main, deep run once; a loop site, two sites, an export, a cycle do not"
        );
        // A root that is also called directly may run any number of times.
        let sites = [1, 1, 1, 1, 2, 1, 1, 1];
        let mut first = first;
        first[0] = site(1, false);
        let once = run_once(&env, &sites, &first);
        assert!(once.values().all(|&o| !o));
    }
}
