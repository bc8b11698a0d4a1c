//! Parallel function compilation: every defined function is translated and
//! compiled by a pool of worker threads, each with its own reusable scratch
//! state. Results come back in function-index order and the first error by
//! index wins, so the output (and any error) does not depend on scheduling.
//! With a [`ThreadTokens`] source (a make jobserver), the calling thread
//! compiles alone and starts a further worker whenever a token is free,
//! never waiting for one, so a busy jobserver means one thread, not a stall.
//!
//! Memory: each compiled function is handed to the caller's sink (which
//! places it in the object) as soon as it and every function before it are
//! done, and its code bytes are freed then; only what the descriptor needs
//! ([`FuncInfo`]) is kept. So the machine code exists once (in the object),
//! plus the few functions finished ahead of a slow one.

use super::inline::Plan;
use super::{placement, stack_check};
use crate::conventions::trap_from_code;
use crate::error::{CompileError, Result};
use crate::index::DefinedFuncIndex;
use crate::module::ModuleEnv;
use crate::options::ThreadTokens;
use crate::translate::{self, Scratch, Symbols, TranslateConfig};
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir;
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::OptLevel;
use cranelift_codegen::Context;
use cranelift_entity::{EntityRef, PrimaryMap};
use cranelift_module::ModuleReloc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A compiled function, ready to be placed in the object.
pub struct Compiled {
    pub bytes: Vec<u8>,
    pub alignment: u64,
    /// Bytes to put in front of the function, from a line boundary, so that
    /// its hottest loop head starts a line ([`placement`]); 0 for none.
    pub pad: u32,
    pub relocs: Vec<ModuleReloc>,
    /// What the descriptor needs, kept after the code is placed.
    pub info: FuncInfo,
}

/// The descriptor's part of a compiled function.
pub struct FuncInfo {
    /// Bytes of machine code.
    pub code_size: u64,
    /// (offset in function, trap) sorted by offset.
    pub traps: Vec<(u32, u32)>,
    /// Calls with exception handlers, by return-address offset.
    pub call_sites: Vec<CallSite>,
    /// GC roots per safepoint, by return-address offset.
    pub stack_maps: Vec<super::stack_maps::StackMap>,
}

/// A call with exception handlers (see `abi::CALL_SITE`).
pub struct CallSite {
    pub ret_offset: u32,
    pub frame_offset: u32,
    /// (`abi::handler_kind`, index, target offset) in match order.
    pub handlers: Vec<(u32, u32, u32)>,
}

/// Body size (bytes of wasm) from which a thread's scratch state is freed
/// after compiling the function, not kept for reuse.
const BIG_BODY: u64 = 64 * 1024;

/// The receiver of compiled functions, called in function-index order.
pub type Sink<'s> = dyn FnMut(DefinedFuncIndex, Compiled) -> Result<FuncInfo> + Send + 's;

/// A function's result until it is handed over; boxed, so that a slot is a
/// pointer, not a whole result, for each of 100k functions.
type Slot = Mutex<Option<Box<Result<Compiled>>>>;

/// Hands results to the sink in index order.
struct Drain<'s, 'k> {
    sink: &'k mut Sink<'s>,
    /// The next function to hand over.
    next: usize,
    infos: Vec<FuncInfo>,
    error: Option<CompileError>,
}

/// How to compile: whether to inline (`-O2`), on how many threads, with
/// which source of thread tokens, and which functions.
#[derive(Clone, Copy)]
pub struct How<'t> {
    pub inline: bool,
    pub jobs: usize,
    pub tokens: Option<&'t dyn ThreadTokens>,
    /// A further variant of multi-versioned code ([`super::hot`]): compile
    /// only the functions marked, the others sharing the first variant's
    /// code, whose descriptor parts (`FuncInfo`) are given.
    pub only: Option<(&'t PrimaryMap<DefinedFuncIndex, bool>, &'t [FuncInfo])>,
    /// Variant 0 of multi-versioned code that further variants copy only
    /// some functions of: the functions not marked are translated with
    /// these symbols, in which the marked ones have none, so that they call
    /// those through their funcref records (the picked variant's code)
    /// rather than variant 0's copies.
    pub shared: Option<(&'t PrimaryMap<DefinedFuncIndex, bool>, &'t Symbols)>,
    /// The inlining plan when the caller has made it already (for
    /// [`super::hot`]); else it is made here.
    pub plan: Option<&'t Plan>,
}

/// Compile all defined functions on up to `jobs` threads (the ones beyond
/// the first each holding a token from `tokens`, if given), giving each to
/// `sink` in index order (whichever thread finds the next one ready calls
/// it, one at a time) and returning what the sink returns, in index order.
/// The first error by function index wins (compilation or sink), so
/// errors are deterministic too. With `inline` (`-O2`), the inlining candidates
/// ([`super::inline`]) are translated first, in parallel too, and offered to
/// every caller.
pub fn compile_functions(
    env: &mut ModuleEnv<'_>,
    symbols: &Symbols,
    isa: &OwnedTargetIsa,
    config: &TranslateConfig,
    how: How<'_>,
    sink: &mut Sink<'_>,
) -> Result<Vec<FuncInfo>> {
    let How {
        inline,
        jobs,
        tokens,
        only,
        shared: shared_callers,
        plan: given_plan,
    } = how;
    // The symbols function `i` is translated with.
    let symbols_of = |i: usize| match shared_callers {
        Some((copy, cold)) if !copy[DefinedFuncIndex::from_u32(i as u32)] => cold,
        _ => symbols,
    };
    let shared_code =
        |i: usize| only.filter(|(copy, _)| !copy[DefinedFuncIndex::from_u32(i as u32)]);
    let made;
    let plan = match given_plan {
        Some(p) => p,
        None => {
            made = if inline {
                Plan::new(env, symbols, only.map(|(copy, _)| copy))
            } else {
                Plan::none(env)
            };
            &made
        }
    };
    let inputs: Vec<Mutex<Option<_>>> = std::mem::take(&mut env.bodies)
        .into_iter()
        .map(|(_, b)| Mutex::new(Some(b)))
        .collect();
    let shared = Shared { env, symbols, isa };
    let n = inputs.len();
    let results: Vec<Slot> = (0..n).map(|_| Mutex::new(None)).collect();
    let failed = AtomicUsize::new(usize::MAX);
    let drain = Mutex::new(Drain {
        sink,
        next: 0,
        infos: Vec::with_capacity(n),
        error: None,
    });
    // Hand every consecutive finished function to the sink. `wait`: take
    // the lock even when another thread holds it (the last call); else a
    // thread that finds the sink busy goes back to compiling: the holder
    // or a later call hands its result over.
    let hand_over = |wait: bool| {
        let mut d = if wait {
            drain.lock().expect("no poisoning")
        } else {
            match drain.try_lock() {
                Ok(d) => d,
                Err(_) => return,
            }
        };
        while d.error.is_none() && d.next < n {
            let i = d.next;
            if let Some((_, base)) = shared_code(i) {
                // Variant 0's code: its size for the descriptor's function
                // table; its trap, call-site and stack-map entries are
                // variant 0's (the runtime looks its frames up there).
                d.infos.push(FuncInfo {
                    code_size: base[i].code_size,
                    traps: Vec::new(),
                    call_sites: Vec::new(),
                    stack_maps: Vec::new(),
                });
                d.next += 1;
                continue;
            }
            let Some(r) = results[i].lock().expect("no poisoning").take() else {
                break;
            };
            let def = DefinedFuncIndex::from_u32(i as u32);
            match (*r).and_then(|c| (d.sink)(def, c)) {
                Ok(info) => d.infos.push(info),
                Err(e) => {
                    failed.fetch_min(i, Ordering::Relaxed);
                    d.error = Some(e);
                }
            }
            d.next += 1;
        }
    };
    let take = |i: usize| {
        inputs[i]
            .lock()
            .expect("no poisoning")
            .take()
            .expect("taken once")
    };

    // Phase 1: translate the inlining candidates and keep their CLIF.
    let candidates: Vec<usize> = (0..n)
        .filter(|&i| plan.candidate[DefinedFuncIndex::from_u32(i as u32)])
        .collect();
    let translated: Vec<Mutex<Option<ir::Function>>> = (0..n).map(|_| Mutex::new(None)).collect();
    if plan.any() {
        run_pool(candidates.len(), jobs, tokens, &|k, scratch, _ctx| {
            let i = candidates[k];
            let def = DefinedFuncIndex::from_u32(i as u32);
            match translate::translate_function(env, symbols_of(i), def, take(i), config, scratch) {
                Ok(f) => *translated[i].lock().expect("no poisoning") = Some(f),
                Err(e) => {
                    failed.fetch_min(i, Ordering::Relaxed);
                    *results[i].lock().expect("no poisoning") = Some(Box::new(Err(e)));
                }
            }
            true
        });
    }
    let bodies: Vec<Option<ir::Function>> = translated
        .into_iter()
        .map(|m| m.into_inner().expect("no poisoning"))
        .collect();

    // Phase 2: compile every function (after a failure, functions beyond it
    // cannot change the outcome).
    run_pool(n, jobs, tokens, &|i, scratch, ctx| {
        if i > failed.load(Ordering::Relaxed) {
            return false;
        }
        let def = DefinedFuncIndex::from_u32(i as u32);
        if shared_code(i).is_some() {
            return true;
        }
        if plan.candidate[def] && bodies[i].is_none() {
            return true; // failed in phase 1: its error is in `results`
        }
        let (func, big) = match &bodies[i] {
            Some(f) => (Ok(f.clone()), false),
            None => {
                let input = take(i);
                let range = input.body.range();
                let big = range.end - range.start >= BIG_BODY;
                let f =
                    translate::translate_function(env, symbols_of(i), def, input, config, scratch);
                (f, big)
            }
        };
        let r = func.and_then(|f| compile_one(&shared, def, f, (plan, &bodies), ctx));
        if big {
            // The scratch state keeps its capacity for the next function:
            // after a huge one (tens of MB in the register allocator),
            // start small again rather than hold that to the end.
            *scratch = Scratch::default();
            *ctx = Context::new();
        }
        if r.is_err() {
            failed.fetch_min(i, Ordering::Relaxed);
        }
        *results[i].lock().expect("no poisoning") = Some(Box::new(r));
        hand_over(false);
        true
    });
    hand_over(true);
    let d = drain.into_inner().expect("no poisoning");
    match d.error {
        Some(e) => Err(e),
        None => {
            debug_assert_eq!(d.infos.len(), n, "every function handed over");
            Ok(d.infos)
        }
    }
}

/// Run `job(i, ..)` for every `i` in `0..n` on up to `jobs` threads, each
/// with its own scratch state; `job` returns false to stop claiming work.
/// With `tokens`, the calling thread works alone and starts a further worker
/// whenever a token is free, never waiting for one, so a busy jobserver
/// means one thread, not a stall.
fn run_pool(
    n: usize,
    jobs: usize,
    tokens: Option<&dyn ThreadTokens>,
    job: &(dyn Fn(usize, &mut Scratch, &mut Context) -> bool + Sync),
) {
    let next = AtomicUsize::new(0);
    let step = |scratch: &mut Scratch, ctx: &mut Context| {
        let i = next.fetch_add(1, Ordering::Relaxed);
        i < n && job(i, scratch, ctx)
    };
    let worker = || {
        let mut scratch = Scratch::default();
        let mut ctx = Context::new();
        while step(&mut scratch, &mut ctx) {}
    };
    let jobs = jobs.clamp(1, n.max(1));
    std::thread::scope(|s| match tokens {
        None => {
            for _ in 1..jobs {
                s.spawn(worker);
            }
            worker();
        }
        Some(tokens) => {
            let mut scratch = Scratch::default();
            let mut ctx = Context::new();
            let mut extra = 0;
            loop {
                // A further worker only while there are more unclaimed
                // items than threads; it gives its token back when it ends
                // (dropped also when unwinding from a panic).
                while extra + 1 < jobs && n.saturating_sub(next.load(Ordering::Relaxed)) > extra + 1
                {
                    let Some(token) = tokens.try_acquire() else {
                        break;
                    };
                    s.spawn(move || {
                        let _token = token;
                        worker();
                    });
                    extra += 1;
                }
                if !step(&mut scratch, &mut ctx) {
                    break;
                }
            }
        }
    });
}

/// What every worker reads.
struct Shared<'s, 'a> {
    env: &'s ModuleEnv<'a>,
    symbols: &'s Symbols,
    isa: &'s OwnedTargetIsa,
}

fn compile_one(
    shared: &Shared<'_, '_>,
    def: DefinedFuncIndex,
    func: ir::Function,
    (plan, bodies): (&Plan, &[Option<ir::Function>]),
    ctx: &mut Context,
) -> Result<Compiled> {
    let Shared { env, symbols, isa } = *shared;
    let func_index = env.func_index(def);
    ctx.clear();
    ctx.func = func;
    plan.inline_into(ctx, bodies, def, func_index.as_u32())?;
    let arch = isa.triple().architecture;
    let check = stack_check::insert(&mut ctx.func, arch, isa.pointer_type(), func_index.as_u32())?;
    let id = symbols.funcs[func_index.index()].expect("defined");
    let code = ctx
        .compile(&**isa, &mut ControlPlane::default())
        .map_err(|e| CompileError::Codegen {
            func: func_index.as_u32(),
            message: format!("{:?}", e.inner),
        })?;
    stack_check::verify(check, &code.buffer, func_index.as_u32())?;
    let bytes = code.code_buffer().to_vec();
    let mach_relocs = code.buffer.relocs().to_vec();
    let own = code.buffer.alignment.max(isa.function_alignment().minimum);
    // At -O2 (`machine_code_cfg_info` is set there) functions are placed on
    // 64-byte lines, shifted so that the hottest loop head starts one.
    let (alignment, pad) = if isa.flags().opt_level() == OptLevel::SpeedAndSize {
        let x64 = arch == target_lexicon::Architecture::X86_64;
        placement::start(own, x64.then_some((&bytes[..], &code.bb_starts[..])))
    } else {
        (own, 0)
    };
    let mut traps = Vec::with_capacity(code.buffer.traps().len());
    for t in code.buffer.traps() {
        let trap = trap_from_code(t.code).ok_or_else(|| CompileError::Codegen {
            func: func_index.as_u32(),
            message: format!("unexpected trap code {}", t.code),
        })?;
        traps.push((t.offset, trap as u32));
    }
    traps.sort_unstable();
    let call_sites = call_sites(&code.buffer, func_index.as_u32())?;
    let stack_maps = super::stack_maps::collect(&code.buffer, func_index.as_u32())?;
    let relocs: Vec<ModuleReloc> = mach_relocs
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id))
        .collect();
    Ok(Compiled {
        info: FuncInfo {
            code_size: bytes.len() as u64,
            traps,
            call_sites,
            stack_maps,
        },
        bytes,
        alignment: u64::from(alignment),
        pad,
        relocs,
    })
}

/// The handler table of the calls that have exception handlers.
fn call_sites(
    buffer: &cranelift_codegen::MachBufferFinalized<cranelift_codegen::Final>,
    func: u32,
) -> Result<Vec<CallSite>> {
    use crate::abi::handler_kind;
    use cranelift_codegen::{ExceptionContextLoc, FinalizedMachExceptionHandler as H};
    let err = |message: &str| CompileError::Codegen {
        func,
        message: message.into(),
    };
    let mut out = Vec::new();
    for cs in buffer.call_sites() {
        if cs.exception_handlers.is_empty() {
            continue;
        }
        let frame_offset = cs
            .frame_offset
            .ok_or_else(|| err("call site with handlers but no frame offset"))?;
        let mut handlers = Vec::new();
        for h in cs.exception_handlers {
            handlers.push(match *h {
                H::Tag(tag, off) => (handler_kind::TAG, tag.as_u32(), off),
                H::Default(off) => (handler_kind::DEFAULT, 0, off),
                H::Context(ExceptionContextLoc::SPOffset(o)) => (handler_kind::CONTEXT, o, 0),
                H::Context(ExceptionContextLoc::GPR(_)) => {
                    return Err(err("exception context in a register"))
                }
            });
        }
        out.push(CallSite {
            ret_offset: cs.ret_addr,
            frame_offset,
            handlers,
        });
    }
    out.sort_by_key(|c| c.ret_offset);
    Ok(out)
}
