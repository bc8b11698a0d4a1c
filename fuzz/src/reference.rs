//! The reference run: a module executed by wasmi (an interpreter written by
//! others), recording what every exported function call returns or traps
//! with, and the state after it: a hash of every exported memory and the
//! value of every exported global. The recording becomes the expectations
//! of the `.wast` script wasmc runs ([`crate::script`]).
//!
//! Each call gets [`CALL_FUEL`] units of wasmi fuel. A call that runs out,
//! or overflows wasmi's stack (whose depth differs from wasmc's native
//! stack), ends the recording: its outcome says nothing about wasmc, and
//! the state after it is unknown.

use crate::rng::Rng;
use crate::value::Value;
use wasmi::{Config, Engine, Extern, Linker, Module, Store, TrapCode, Val, ValType};

/// wasmi fuel per call: a safety net behind wasm-smith's termination fuel.
pub const CALL_FUEL: u64 = 50_000_000;

/// An exported memory: its name and index type.
#[derive(Clone, Debug)]
pub struct MemExport {
    pub name: String,
    pub is64: bool,
}

/// What a call did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Return(Vec<Value>),
    /// A trap, as the spec's message (matched by substring by `wasmc wast`).
    Trap(&'static str),
}

/// Memory hashes and global values at one point.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub memories: Vec<u64>,
    pub globals: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub func: String,
    pub args: Vec<Value>,
    pub outcome: Outcome,
    pub after: State,
}

/// A module's reference run.
#[derive(Clone, Debug)]
pub struct Recording {
    pub memories: Vec<MemExport>,
    /// The state after instantiation.
    pub initial: State,
    pub calls: Vec<Call>,
    /// The recording ended early (wasmi fuel or stack depth).
    pub stopped: bool,
}

/// Why a module was not recorded.
#[derive(Debug)]
pub enum Skip {
    /// wasmi refused the module (a feature it lacks); the message says why.
    Unsupported(String),
    /// Instantiation trapped (start function, segment out of bounds).
    InstantiationTrap(&'static str),
}

/// The hash of a memory as the probe module computes it (see
/// [`crate::script`]): FNV-1a-style over the page count and then every
/// little-endian 64-bit word.
pub fn memory_hash(data: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    h = (h ^ (data.len() as u64 / 65_536)).wrapping_mul(PRIME);
    for w in data.chunks_exact(8) {
        let word = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = (h ^ word).wrapping_mul(PRIME);
    }
    h
}

/// The spec's message for a wasmi trap code; `None` for outcomes that are
/// not comparable (fuel, stack depth, host limits).
fn trap_message(code: TrapCode) -> Option<&'static str> {
    Some(match code {
        TrapCode::UnreachableCodeReached => "unreachable",
        TrapCode::MemoryOutOfBounds => "out of bounds memory access",
        // Both spellings of the spec: "undefined element" (call_indirect)
        // and "out of bounds table access" (table.get/set/fill/copy/init);
        // `wasmc wast` matches either way round by substring.
        TrapCode::TableOutOfBounds => "undefined element: out of bounds table access",
        TrapCode::IndirectCallToNull => "uninitialized element",
        TrapCode::IntegerDivisionByZero => "integer divide by zero",
        TrapCode::IntegerOverflow => "integer overflow",
        TrapCode::BadConversionToInteger => "invalid conversion to integer",
        TrapCode::BadSignature => "indirect call type mismatch",
        _ => return None,
    })
}

fn engine() -> Engine {
    let mut c = Config::default();
    // Deeper than the termination fuel lets any module recurse, so wasmi's
    // stack limits (not the spec's) rarely end a recording.
    c.set_max_recursion_depth(20_000)
        .set_max_stack_height(64 << 20)
        .consume_fuel(true)
        .wasm_multi_memory(true)
        .wasm_memory64(true)
        .wasm_tail_call(true)
        .wasm_extended_const(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(false)
        .wasm_wide_arithmetic(false)
        .wasm_custom_page_sizes(false);
    Engine::new(&c)
}

/// An argument of type `ty`: edge values often, random bits otherwise.
fn arg(rng: &mut Rng, ty: &ValType) -> Value {
    let edge = rng.one_in(2);
    let x = rng.next_u64();
    let pick = |vals: &[u64]| vals[(x % vals.len() as u64) as usize];
    match ty {
        ValType::I32 => Value::I32(if edge {
            pick(&[0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 8, 0x10000]) as u32
        } else {
            (rng.next_u64() >> (rng.below(32))) as u32
        }),
        ValType::I64 => Value::I64(if edge {
            pick(&[0, 1, u64::MAX, 1 << 63, (1 << 63) - 1, 8, 0x1_0000_0000])
        } else {
            rng.next_u64() >> rng.below(64)
        }),
        ValType::F32 => Value::F32(if edge {
            pick(&[
                0,
                0x8000_0000,
                0x3f80_0000,
                0x7f80_0000,
                0xff80_0000,
                0x7fc0_0000,
                0x4f00_0000,
                0xcf00_0000,
                1,
            ]) as u32
        } else {
            rng.next_u64() as u32
        }),
        ValType::F64 => Value::F64(if edge {
            pick(&[
                0,
                1 << 63,
                0x3ff0_0000_0000_0000,
                0x7ff0_0000_0000_0000,
                0x7ff8_0000_0000_0000,
                0x43e0_0000_0000_0000,
                1,
            ])
        } else {
            rng.next_u64()
        }),
        ValType::V128 => Value::V128(u128::from(rng.next_u64()) | u128::from(rng.next_u64()) << 64),
        ValType::FuncRef => Value::FuncNull,
        ValType::ExternRef => Value::ExternNull,
    }
}

fn to_val(v: &Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(*x as i32),
        Value::I64(x) => Val::I64(*x as i64),
        Value::F32(b) => Val::F32(wasmi::F32::from_bits(*b)),
        Value::F64(b) => Val::F64(wasmi::F64::from_bits(*b)),
        Value::V128(x) => Val::V128(wasmi::V128::from(*x)),
        Value::FuncNull | Value::Func => Val::FuncRef(wasmi::Nullable::Null),
        Value::ExternNull => Val::ExternRef(wasmi::Nullable::Null),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x as u32),
        Val::I64(x) => Value::I64(*x as u64),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => {
            if f.is_null() {
                Value::FuncNull
            } else {
                Value::Func
            }
        }
        Val::ExternRef(_) => Value::ExternNull,
    }
}

/// Run `wasm` in wasmi: instantiate, then call every exported function
/// `calls_per_func` times with arguments from `rng`, recording outcomes and
/// state (see the file header).
pub fn record(wasm: &[u8], rng: &mut Rng, calls_per_func: usize) -> Result<Recording, Skip> {
    let engine = engine();
    let module = Module::new(&engine, wasm).map_err(|e| Skip::Unsupported(e.to_string()))?;
    let mut store = Store::new(&engine, ());
    store
        .set_fuel(CALL_FUEL)
        .map_err(|e| Skip::Unsupported(e.to_string()))?;
    let linker = Linker::<()>::new(&engine);
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            return Err(match e.as_trap_code().and_then(trap_message) {
                Some(m) => Skip::InstantiationTrap(m),
                None => Skip::Unsupported(e.to_string()),
            })
        }
    };
    let mut funcs = Vec::new();
    let mut memories = Vec::new();
    let mut mem_handles = Vec::new();
    let mut globals = Vec::new();
    for export in instance.exports(&store) {
        let name = export.name().to_string();
        match export.into_extern() {
            Extern::Func(f) => funcs.push((name, f)),
            Extern::Memory(m) => {
                memories.push(MemExport {
                    name,
                    is64: m.ty(&store).is_64(),
                });
                mem_handles.push(m);
            }
            Extern::Global(g) => globals.push((name, g)),
            Extern::Table(_) => {}
        }
    }
    let state = |store: &Store<()>| State {
        memories: mem_handles
            .iter()
            .map(|m| memory_hash(m.data(store)))
            .collect(),
        globals: globals
            .iter()
            .map(|(n, g)| (n.clone(), from_val(&g.get(store))))
            .collect(),
    };
    let initial = state(&store);
    let mut calls = Vec::new();
    let mut stopped = false;
    'funcs: for _round in 0..calls_per_func {
        for (name, f) in &funcs {
            let ty = f.ty(&store);
            let args: Vec<Value> = ty.params().iter().map(|t| arg(rng, t)).collect();
            let vals: Vec<Val> = args.iter().map(to_val).collect();
            let mut results: Vec<Val> = ty
                .results()
                .iter()
                .map(|t| Val::default_for_ty(*t))
                .collect();
            store
                .set_fuel(CALL_FUEL)
                .map_err(|e| Skip::Unsupported(e.to_string()))?;
            let outcome = match f.call(&mut store, &vals, &mut results) {
                Ok(()) => Outcome::Return(results.iter().map(from_val).collect()),
                Err(e) => match e.as_trap_code().and_then(trap_message) {
                    Some(m) => Outcome::Trap(m),
                    None => {
                        if std::env::var_os("WASMC_FUZZ_DEBUG").is_some() {
                            eprintln!("recording stopped: {e}");
                        }
                        stopped = true;
                        break 'funcs;
                    }
                },
            };
            calls.push(Call {
                func: name.clone(),
                args,
                outcome,
                after: state(&store),
            });
        }
    }
    Ok(Recording {
        memories,
        initial,
        calls,
        stopped,
    })
}
