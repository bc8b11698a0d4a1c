//! Exception handling, the legacy encoding clang and Emscripten emit: `try`
//! with `catch` / `catch_all` clauses or `delegate`, and `rethrow`.
//!
//! A legacy `try` describes the same handlers as a `try_table` (see
//! exceptions.rs): a call in its body is a `try_call` whose exception table
//! lists one handler block per clause, and nothing runs when nothing throws.
//! The difference is that the clauses come after the body, so when the first
//! `try` of a function is met its remaining operators are scanned once
//! ([`Plan`]) for each `try`'s clauses (tags) or `delegate` label, in order
//! of appearance; translation then knows the handlers when the body starts.
//!
//! * A clause's handler block receives the exception and *is* the catch body
//!   (the tag's payload pushed); it is translated only if some call reached
//!   it. Calls in catch bodies are not covered by their own `try`.
//! * `delegate l` adds no handler: the handlers in scope in its body are
//!   those in scope at label `l` (the function's label: the caller's).
//! * A catch body owns its exception, which `rethrow` throws again. It is
//!   released whenever control leaves the body: normally (its end, a branch
//!   or return out of it, a tail call); by a throw or rethrow that certainly
//!   leaves it (released before the throw); and by an exception from a call
//!   or throw that reaches a handler outside the body or leaves the function:
//!   such a call's exception table sends it through a landing pad that
//!   releases the bodies it leaves ([`Pads`]; a catch-all pad then throws
//!   the exception on, so this holds for every frame an exception crosses,
//!   even one that ends uncaught). Not released: the exceptions of catch
//!   bodies live when a trap ends the call (a trap unwinds no wasm frame),
//!   and exposed ones (`wasmc_exn_release` keeps them, see exceptions.c).
//! * A `rethrow` caught inside the body it rethrows from (clang's cleanup pad
//!   `catch_all ... try (rethrow 1) catch ...`) makes nested catch bodies
//!   share one object: only the outermost holder releases it
//!   ([`release_keeping`]).

use super::exceptions::{self, Handler};
use super::state::{Frame, FrameKind};
use super::Translator;
use crate::abi::{self, Trap};
use crate::error::{CompileError, Result};
use cranelift_codegen::ir::{condcodes::IntCC, Block, InstBuilder, Value};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use wasmparser::{Operator, OperatorsReader};

/// The clauses of one `try`, from the scan.
#[derive(Debug, Default, Clone)]
pub struct TryInfo {
    /// `catch $t` (Some) and `catch_all` (None), in order.
    clauses: Vec<Option<u32>>,
    /// `delegate l`.
    delegate: Option<u32>,
}

/// The `try`s of a function in order of appearance (scanned at the first).
#[derive(Default)]
pub struct Plan {
    tries: Option<Vec<TryInfo>>,
    next: usize,
}

impl Plan {
    /// Called with the reader just after a `try` operator: scan the rest of
    /// the body once. A read error ends the scan (validation reports it).
    pub fn prepare(&mut self, ops: &OperatorsReader<'_>) {
        if self.tries.is_some() {
            return;
        }
        let mut ops = ops.clone();
        let mut tries = vec![TryInfo::default()];
        // The open constructs: Some(i) is the i-th try.
        let mut open: Vec<Option<usize>> = vec![Some(0)];
        while !ops.eof() {
            let Ok(op) = ops.read() else { break };
            match op {
                Operator::Try { .. } => {
                    open.push(Some(tries.len()));
                    tries.push(TryInfo::default());
                }
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. } => open.push(None),
                Operator::Catch { tag_index } => {
                    if let Some(Some(i)) = open.last() {
                        tries[*i].clauses.push(Some(tag_index));
                    }
                }
                Operator::CatchAll => {
                    if let Some(Some(i)) = open.last() {
                        tries[*i].clauses.push(None);
                    }
                }
                Operator::Delegate { relative_depth } => {
                    if let Some(Some(i)) = open.pop() {
                        tries[i].delegate = Some(relative_depth);
                    }
                }
                Operator::End => {
                    open.pop();
                }
                _ => {}
            }
        }
        self.tries = Some(tries);
    }

    /// The next `try` in order (also counts `try`s in unreachable code).
    pub fn take(&mut self) -> Option<TryInfo> {
        let info = self.tries.as_ref()?.get(self.next).cloned();
        self.next += 1;
        info
    }
}

/// One clause of an open legacy `try`.
#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub handler: Handler,
    /// Whether some call's exception table lists it (else its body is dead).
    pub used: bool,
}

/// An open legacy `try`.
#[derive(Debug)]
pub struct LegacyTry {
    pub clauses: Vec<Clause>,
    /// `delegate`: the index in the frame stack of the label it names.
    pub delegate: Option<usize>,
    /// The clause whose body is being translated (None: the try body).
    pub catching: Option<usize>,
    /// The exception caught, in a reachable catch body.
    pub exn: Option<Value>,
}

fn internal(t: &Translator<'_, '_>, what: &str) -> CompileError {
    CompileError::Codegen {
        func: t.func,
        message: format!("legacy exceptions at offset {}: {what}", t.offset),
    }
}

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> Result<bool> {
    match *op {
        Operator::Try { blockty } => {
            exceptions::check_target(t)?;
            try_start(t, b, blockty);
        }
        Operator::Catch { tag_index } => catch(t, b, Some(tag_index))?,
        Operator::CatchAll => catch(t, b, None)?,
        Operator::Delegate { .. } => super::control::end(t, b),
        Operator::Rethrow { relative_depth } => rethrow(t, b, relative_depth)?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn try_start(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, bt: wasmparser::BlockType) {
    let info = t.legacy.take().unwrap_or_default();
    let (params, results) = t.block_sig(bt);
    let num_tags = t.env.module.tags.len() as u32;
    let clauses = info
        .clauses
        .iter()
        // An unknown tag: validation rejects the clause when it comes.
        .filter(|tag| tag.is_none_or(|i| i < num_tags))
        .map(|tag| {
            let block = b.create_block();
            b.append_block_param(block, t.env.ptr);
            Clause {
                handler: Handler { tag: *tag, block },
                used: false,
            }
        })
        .collect();
    let delegate = info
        .delegate
        .and_then(|l| (t.state.frames.len() - 1).checked_sub(l as usize));
    let next = b.create_block();
    for ty in &results {
        b.append_block_param(next, *ty);
    }
    t.state.try_depth += 1;
    t.state.frames.push(Frame {
        kind: FrameKind::LegacyTry(LegacyTry {
            clauses,
            delegate,
            catching: None,
            exn: None,
        }),
        next,
        num_params: params.len(),
        num_results: results.len(),
        height: t.state.stack.len() - params.len(),
        branched_to: false,
    });
}

/// `catch` / `catch_all`: the end of the try body or of the previous catch
/// body, and the start of this clause's body (reached or not).
pub(super) fn catch(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    tag: Option<u32>,
) -> Result<()> {
    let reachable = t.state.reachable;
    let Some(Frame {
        kind: FrameKind::LegacyTry(lt),
        ..
    }) = t.state.frames.last()
    else {
        return Err(internal(t, "catch outside a try"));
    };
    let k = lt.catching.map_or(0, |k| k + 1);
    let Some(clause) = lt.clauses.get(k).copied() else {
        return Err(internal(t, "catch clause not found by the scan"));
    };
    if clause.handler.tag != tag {
        return Err(internal(t, "catch clause differs from the scan"));
    }
    let (prev_exn, first) = (lt.exn, lt.catching.is_none());
    if reachable {
        if let Some(exn) = prev_exn {
            let own = t.state.frames.len() - 1;
            release(t, b, &[(own, exn)]);
        }
    }
    let frame = t.state.frames.last_mut().expect("checked above");
    if reachable {
        let results = t
            .state
            .stack
            .split_off(t.state.stack.len() - frame.num_results);
        super::control::jump(b, frame.next, &results);
        frame.branched_to = true;
    }
    t.state.stack.truncate(frame.height);
    let exn = if clause.used {
        let block = clause.handler.block;
        b.switch_to_block(block);
        b.seal_block(block);
        Some(b.block_params(block)[0])
    } else {
        None
    };
    if let FrameKind::LegacyTry(lt) = &mut frame.kind {
        lt.catching = Some(k);
        lt.exn = exn;
    }
    if first {
        t.state.try_depth -= 1;
        t.state.catch_depth += 1;
    }
    t.state.reachable = exn.is_some();
    if let (Some(exn), Some(tag)) = (exn, tag) {
        let vals = exceptions::payload(t, b, exn, tag);
        t.state.stack.extend(vals);
    }
    Ok(())
}

/// At the `end` (or `delegate`) of a legacy `try`, after its results were
/// passed on: close its bookkeeping.
pub(super) fn try_end(t: &mut Translator<'_, '_>, lt: &LegacyTry) {
    if lt.catching.is_some() {
        t.state.catch_depth -= 1;
    } else {
        t.state.try_depth -= 1;
    }
}

/// `rethrow n`: throw again the exception of the catch body at label `n`.
/// It leaves the catch bodies out to the first handler; if that handler is
/// inside the body at `n`, a catch there shares the object with it.
fn rethrow(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, depth: u32) -> Result<()> {
    exceptions::check_target(t)?;
    let target = t.state.frames.len() - 1 - depth as usize;
    let exn = match &t.state.frames[target].kind {
        FrameKind::LegacyTry(LegacyTry { exn: Some(e), .. }) => *e,
        _ => return Err(internal(t, "rethrow target is not a reached catch body")),
    };
    // The exception moves on: neither body `n` nor another holding the same
    // object releases it.
    let passed: Vec<Owned> = throw_path(t)
        .into_iter()
        .filter(|(i, _)| *i != target)
        .collect();
    release_keeping(t, b, &passed, Some(exn));
    let mut released: Vec<usize> = passed.iter().map(|(i, _)| *i).collect();
    released.push(target);
    exceptions::raise(t, b, abi::libcall::THROW_REF, &[exn], &released);
    Ok(())
}

/// Before a throw (`throw`, `throw_ref`): release the exceptions of the catch
/// bodies it certainly leaves; their frames.
pub(super) fn before_throw(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>) -> Vec<usize> {
    if t.state.catch_depth == 0 {
        return Vec::new();
    }
    let passed = throw_path(t);
    release(t, b, &passed);
    passed.into_iter().map(|(i, _)| i).collect()
}

/// A caught exception: the index of the frame whose catch body owns it, and
/// the exception.
pub(super) type Owned = (usize, Value);

/// The reached catch bodies a throw here passes before the first frame of
/// this function with handlers. It certainly leaves them; whether it leaves
/// those beyond depends on the tag.
fn throw_path(t: &Translator<'_, '_>) -> Vec<Owned> {
    let mut out = Vec::new();
    let frames = &t.state.frames;
    // Frames above `live` are skipped by a delegate: no handlers of theirs.
    let mut live = frames.len();
    for i in (0..frames.len()).rev() {
        let handlers = match &frames[i].kind {
            FrameKind::TryTable { handlers } => !handlers.is_empty(),
            FrameKind::LegacyTry(lt) => {
                if let Some(e) = lt.exn {
                    out.push((i, e));
                }
                if i < live && lt.catching.is_none() {
                    if let Some(d) = lt.delegate {
                        live = d + 1;
                    }
                }
                lt.catching.is_none() && lt.delegate.is_none() && !lt.clauses.is_empty()
            }
            _ => false,
        };
        if handlers && i < live {
            break;
        }
    }
    out
}

/// The exceptions of the catch bodies a branch to `depth` leaves (every
/// frame from the target inward: a legacy try's label is its end).
pub(super) fn exits(t: &Translator<'_, '_>, depth: u32) -> Vec<Owned> {
    if t.state.catch_depth == 0 {
        return Vec::new();
    }
    let target = t.state.frames.len() - 1 - depth as usize;
    exits_from(t, target)
}

/// The exceptions of every reached catch body (a return or tail call).
pub(super) fn exits_all(t: &Translator<'_, '_>) -> Vec<Owned> {
    if t.state.catch_depth == 0 {
        return Vec::new();
    }
    exits_from(t, 0)
}

fn exits_from(t: &Translator<'_, '_>, target: usize) -> Vec<Owned> {
    (target..t.state.frames.len())
        .rev()
        .filter_map(|i| match &t.state.frames[i].kind {
            FrameKind::LegacyTry(lt) => lt.exn.map(|e| (i, e)),
            _ => None,
        })
        .collect()
}

/// The landing pads of a call (or throw) inside legacy catch bodies: an
/// exception that reaches a handler outside some of them, or leaves the
/// function, first releases their exceptions. A handler further out is
/// reached through an edge block that releases those it leaves; when no
/// catch-all is in scope, a catch-all pad releases them all and throws the
/// exception on (`wasmc_throw_ref`). Calls outside catch bodies need none.
pub(super) struct Pads {
    /// The caught exceptions held around the call (not released before).
    held: Vec<Owned>,
    /// Edge block, handler block, the exceptions it releases.
    edges: Vec<(Block, Block, Vec<Owned>)>,
    cleanup: Option<Block>,
}

impl Pads {
    pub fn new(t: &Translator<'_, '_>, released: &[usize]) -> Self {
        let held = if t.state.catch_depth == 0 {
            Vec::new()
        } else {
            let mut held = exits_from(t, 0);
            held.retain(|(i, _)| !released.contains(i));
            held
        };
        Pads {
            held,
            edges: Vec::new(),
            cleanup: None,
        }
    }

    /// Whether the call is inside a catch body whose exception is held.
    pub fn holds(&self) -> bool {
        !self.held.is_empty()
    }

    /// Where the exception table sends an exception caught by the handler
    /// `handler` of frame `frame`.
    pub fn target(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        ptr: cranelift_codegen::ir::Type,
        frame: usize,
        handler: Block,
    ) -> Block {
        let crossed: Vec<Owned> = self
            .held
            .iter()
            .filter(|(i, _)| *i > frame)
            .copied()
            .collect();
        if crossed.is_empty() {
            return handler;
        }
        let edge = b.create_block();
        b.append_block_param(edge, ptr);
        self.edges.push((edge, handler, crossed));
        edge
    }

    /// The catch-all pad, for exceptions no handler in scope takes.
    pub fn cleanup(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        ptr: cranelift_codegen::ir::Type,
    ) -> Option<Block> {
        if self.held.is_empty() {
            return None;
        }
        let pad = b.create_block();
        b.append_block_param(pad, ptr);
        self.cleanup = Some(pad);
        Some(pad)
    }

    /// Fill the pads, once the `try_call` is emitted.
    pub fn fill(self, t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>) {
        for (edge, handler, crossed) in self.edges {
            b.switch_to_block(edge);
            b.seal_block(edge);
            let exn = b.block_params(edge)[0];
            release_keeping(t, b, &crossed, Some(exn));
            super::control::jump(b, handler, &[exn]);
        }
        if let Some(pad) = self.cleanup {
            b.switch_to_block(pad);
            b.seal_block(pad);
            let exn = b.block_params(pad)[0];
            release_keeping(t, b, &self.held, Some(exn));
            let r = t
                .env
                .libcall_ref(b, abi::libcall::THROW_REF, CallConv::PreserveAll);
            let vmctx = t.env.vmctx;
            b.ins().call(r, &[vmctx, exn]);
            t.env.trap(b, Trap::Unreachable);
        }
    }
}

/// Release caught exceptions (`wasmc_exn_release`).
pub(super) fn release(t: &mut Translator<'_, '_>, b: &mut FunctionBuilder<'_>, exns: &[Owned]) {
    release_keeping(t, b, exns, None);
}

/// Release caught exceptions, except `keep`. A `rethrow` caught inside the
/// catch body it came from gives two nested bodies one object: only the
/// outermost body holding it releases it, so each is compared (at run time)
/// with those of the enclosing bodies, and released as null if it matches.
fn release_keeping(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    exns: &[Owned],
    keep: Option<Value>,
) {
    for &(i, exn) in exns {
        let holders: Vec<Value> = t.state.frames[..i.min(t.state.frames.len())]
            .iter()
            .filter_map(|f| match &f.kind {
                FrameKind::LegacyTry(lt) => lt.exn,
                _ => None,
            })
            .chain(keep)
            .collect();
        let mut v = exn;
        if !holders.is_empty() {
            let null = b.ins().iconst(t.env.ptr, 0);
            for h in holders {
                let same = b.ins().icmp(IntCC::Equal, exn, h);
                v = b.ins().select(same, null, v);
            }
        }
        t.env.libcall(b, abi::libcall::EXN_RELEASE, &[v]);
    }
}

/// Fill `edge` (a block the caller branched to): release `exns`, then go
/// to `target` with `vals`.
pub(super) fn fill_edge(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    edge: Block,
    exns: &[Owned],
    target: Block,
    vals: &[Value],
) {
    b.switch_to_block(edge);
    b.seal_block(edge);
    release(t, b, exns);
    super::control::jump(b, target, vals);
}
