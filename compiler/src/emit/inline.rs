//! Whole-module inlining at `-O2`.
//!
//! An executable's module is closed: a direct `call` can only reach the one
//! function it names, so the callee's CLIF can be copied into the caller
//! (Cranelift's "inlining as a library", `Context::inline`) and optimised
//! together with it. clang has usually inlined what pays already; what it
//! leaves are functions it judged differently for wasm32 than it would
//! natively (e.g. a 300-byte parser helper with two call sites) and small
//! libc helpers. The heuristics here are deliberately simple and bounded:
//!
//! * a callee is a *candidate* when its wasm body is small
//!   ([`SMALL_BODY`] bytes), or has a single direct call site and is at most
//!   [`SINGLE_SITE_BODY`] bytes, or when copying it into every site costs at
//!   most [`GROWTH_BUDGET`] extra bytes (two or more sites); functions that call themselves
//!   directly never are;
//! * a caller takes in at most [`CALLER_BUDGET`] inlined CLIF instructions
//!   in all (nested inlining included), and never itself, so mutual
//!   recursion stops after one round;
//! * only direct calls (`call`, `return_call` and their exception-handling
//!   `try_call` form) are inlined; indirect calls stay calls;
//! * in a function that runs once (`_start` and what it calls once), a call
//!   outside every loop inlines only small bodies ([`super::cold_sites`]).
//!
//! The callee is still compiled on its own (it may be exported, in a table
//! or called from elsewhere). Semantics are unchanged: traps keep their
//! codes, exception handlers in scope at the call site are forwarded to the
//! inlined calls by Cranelift, GC stack maps are merged, and the stack-limit
//! check covers the caller's (now larger) frame. What changes is that a trap
//! inside an inlined body is reported in the caller's frame in backtraces.
//!
//! Candidates are translated to CLIF in a first parallel phase and kept
//! (read-only) while every function is compiled; other functions are
//! translated as they are compiled, so memory grows only by the candidates'
//! CLIF, which are small by construction.

use super::cold_sites::{run_once, FirstSite, SiteHeat};
use super::loop_nesting::LoopNesting;
use crate::error::{CompileError, Result};
use crate::index::DefinedFuncIndex;
use crate::module::ModuleEnv;
use crate::translate::Symbols;
use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName, Function};
use cranelift_codegen::Context;
use cranelift_entity::{EntityRef, PrimaryMap};
use std::borrow::Cow;
use std::collections::HashMap;
use wasmparser::Operator;

/// Bodies up to this many bytes are inlined at every direct call site.
pub const SMALL_BODY: usize = 64;
/// A function with one direct call site is inlined up to this size.
pub const SINGLE_SITE_BODY: usize = 4000;
/// Otherwise: inline when `(sites - 1) * bytes` is at most this.
pub const GROWTH_BUDGET: usize = 640;
/// CLIF instructions a caller may take in by inlining, in all.
pub const CALLER_BUDGET: usize = 6000;

/// Whether a function of `bytes` wasm body bytes with `sites` direct call
/// sites in the module is worth copying into its callers.
pub fn is_candidate(bytes: usize, sites: usize) -> bool {
    sites > 0
        && (bytes <= SMALL_BODY
            || (sites == 1 && bytes <= SINGLE_SITE_BODY)
            || (sites >= 2 && (sites - 1).saturating_mul(bytes) <= GROWTH_BUDGET))
}

/// Which defined functions are inlining candidates, and how to find a
/// defined function from the symbol a call names.
pub struct Plan {
    pub candidate: PrimaryMap<DefinedFuncIndex, bool>,
    /// Bodies of at most [`SMALL_BODY`] bytes, inlined at cold sites too.
    small: PrimaryMap<DefinedFuncIndex, bool>,
    /// Functions that run once, whose cold sites inline only small bodies
    /// ([`super::cold_sites`]).
    run_once: PrimaryMap<DefinedFuncIndex, bool>,
    by_symbol: HashMap<u32, DefinedFuncIndex>,
}

impl Plan {
    /// Count the direct call sites of every defined function (one pass over
    /// the operators; a body that fails to decode is simply not counted,
    /// translation reports the error) and apply [`is_candidate`]. With
    /// `only` (a further variant of multi-versioned code, compiling only the
    /// functions marked), the candidates are narrowed to those that can end
    /// up inside a marked function: the marked ones and the candidates they
    /// reach through direct calls to candidates.
    pub fn new(
        env: &ModuleEnv<'_>,
        symbols: &Symbols,
        only: Option<&PrimaryMap<DefinedFuncIndex, bool>>,
    ) -> Plan {
        let n = env.bodies.len();
        let mut sites = vec![0usize; n];
        let mut self_recursive = vec![false; n];
        // The first direct call site of every function.
        let mut first: Vec<Option<FirstSite>> = vec![None; n];
        // Direct defined callees by caller, kept only for `only`.
        let mut callees: Vec<Vec<u32>> = vec![Vec::new(); if only.is_some() { n } else { 0 }];
        for (def, input) in env.bodies.iter() {
            let Ok(mut ops) = input.body.get_operators_reader() else {
                continue;
            };
            let mut nesting = LoopNesting::default();
            while !ops.eof() {
                let Ok(op) = ops.read() else { break };
                nesting.op(&op);
                let (Operator::Call { function_index } | Operator::ReturnCall { function_index }) =
                    op
                else {
                    continue;
                };
                let callee = crate::index::FuncIndex::from_u32(function_index);
                if let Some(d) = env.defined_func_index(callee) {
                    if d.index() < n {
                        sites[d.index()] += 1;
                        if d == def {
                            self_recursive[d.index()] = true;
                        }
                        first[d.index()].get_or_insert(FirstSite {
                            caller: def,
                            in_loop: nesting.depth() > 0,
                        });
                        if let Some(c) = callees.get_mut(def.index()) {
                            c.push(d.as_u32());
                        }
                    }
                }
            }
        }
        let run_once = run_once(env, &sites, &first);
        let bytes: PrimaryMap<DefinedFuncIndex, usize> = env
            .bodies
            .values()
            .map(|input| {
                let range = input.body.range();
                usize::try_from(range.end - range.start).unwrap_or(usize::MAX)
            })
            .collect();
        let small = bytes.values().map(|&b| b <= SMALL_BODY).collect();
        let mut candidate: PrimaryMap<DefinedFuncIndex, bool> = bytes
            .iter()
            .map(|(def, &b)| !self_recursive[def.index()] && is_candidate(b, sites[def.index()]))
            .collect();
        if let Some(only) = only {
            let mut reached = vec![false; n];
            let mut work: Vec<usize> = (0..n).filter(|&i| only[DefinedFuncIndex::new(i)]).collect();
            for &i in &work {
                reached[i] = true;
            }
            while let Some(i) = work.pop() {
                for &d in &callees[i] {
                    let d = d as usize;
                    if candidate[DefinedFuncIndex::new(d)] && !reached[d] {
                        reached[d] = true;
                        work.push(d);
                    }
                }
            }
            for (def, c) in candidate.iter_mut() {
                *c &= reached[def.index()];
            }
        }
        let mut by_symbol = HashMap::new();
        for (def, &c) in candidate.iter() {
            if c {
                if let Some(id) = symbols.funcs[env.func_index(def).index()] {
                    by_symbol.insert(id.as_u32(), def);
                }
            }
        }
        Plan {
            candidate,
            small,
            run_once,
            by_symbol,
        }
    }

    /// No inlining (`-O0`, `-O1`).
    pub fn none(env: &ModuleEnv<'_>) -> Plan {
        Plan {
            candidate: env.bodies.keys().map(|_| false).collect(),
            small: env.bodies.keys().map(|_| false).collect(),
            run_once: env.bodies.keys().map(|_| false).collect(),
            by_symbol: HashMap::new(),
        }
    }

    pub fn any(&self) -> bool {
        !self.by_symbol.is_empty()
    }

    /// Copy the candidates' CLIF (`bodies`, by defined function) into the
    /// direct calls of `ctx.func`, the code of `caller`; nothing when there
    /// is no candidate. Errors name the caller's function index.
    pub fn inline_into(
        &self,
        ctx: &mut Context,
        bodies: &[Option<Function>],
        caller: DefinedFuncIndex,
        func_index: u32,
    ) -> Result<()> {
        if !self.any() {
            return Ok(());
        }
        let inliner = Inliner {
            plan: self,
            bodies,
            caller,
            budget: CALLER_BUDGET,
            sites: if self.run_once[caller] {
                SiteHeat::of(&ctx.func)
            } else {
                SiteHeat::all_hot()
            },
            region_hot: true,
        };
        ctx.inline(inliner).map_err(|e| CompileError::Codegen {
            func: func_index,
            message: format!("inlining: {e:?}"),
        })?;
        Ok(())
    }
}

/// The [`Inline`] policy for one caller.
struct Inliner<'p> {
    plan: &'p Plan,
    /// The candidates' CLIF, by defined function.
    bodies: &'p [Option<Function>],
    caller: DefinedFuncIndex,
    /// CLIF instructions it may still take in.
    budget: usize,
    /// Which of the caller's own call sites are hot ([`super::cold_sites`]).
    sites: SiteHeat,
    /// Whether the original call site whose inlined body the traversal is
    /// in lies in a loop (calls the inliner copied in inherit it).
    region_hot: bool,
}

impl Inline for Inliner<'_> {
    fn inline(
        &mut self,
        caller: &Function,
        inst: ir::Inst,
        _opcode: ir::Opcode,
        callee: ir::FuncRef,
        _args: &[ir::Value],
    ) -> InlineCommand<'_> {
        // The heat of an original site carries over to the calls its
        // inlined body brings in, which the traversal visits next.
        if let Some(hot) = self.sites.original(inst) {
            self.region_hot = hot;
        }
        let ExternalName::User(name) = caller.dfg.ext_funcs[callee].name else {
            return InlineCommand::KeepCall;
        };
        let name = &caller.params.user_named_funcs()[name];
        if name.namespace != 0 {
            return InlineCommand::KeepCall;
        }
        let Some(&def) = self.plan.by_symbol.get(&name.index) else {
            return InlineCommand::KeepCall;
        };
        if def == self.caller {
            return InlineCommand::KeepCall;
        }
        let Some(body) = self.bodies.get(def.index()).and_then(Option::as_ref) else {
            return InlineCommand::KeepCall;
        };
        if !self.region_hot && !self.plan.small[def] {
            return InlineCommand::KeepCall;
        }
        let cost = body.dfg.num_insts();
        if cost > self.budget {
            return InlineCommand::KeepCall;
        }
        self.budget -= cost;
        InlineCommand::Inline {
            callee: Cow::Borrowed(body),
            visit_callee: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_rule() {
        assert!(!is_candidate(10, 0), "never called directly");
        assert!(is_candidate(SMALL_BODY, 1000));
        assert!(!is_candidate(SMALL_BODY + 1, 1000));
        assert!(is_candidate(SINGLE_SITE_BODY, 1));
        assert!(!is_candidate(SINGLE_SITE_BODY + 1, 1));
        assert!(is_candidate(320, 3), "2 extra copies of 320 bytes");
        assert!(!is_candidate(321, 3));
        assert!(!is_candidate(usize::MAX, usize::MAX));
        assert!(!is_candidate(usize::MAX, 1), "one site, too big");
    }
}
