//! WebAssembly → CLIF translation of one function.
//!
//! The driver here owns the per-function state and dispatches each operator
//! to its group: [`control`] (structured control flow, calls), [`variables`]
//! (locals, globals, parametric), [`memory`], [`table`] (tables and
//! references), [`numeric`], [`simd`], [`exceptions`] (throw,
//! try_table, and the try_calls of calls inside a try_table) and
//! [`legacy_exceptions`] (try/catch/delegate/rethrow) and [`atomics`]
//! (the threads proposal) and [`gc`] (i31, casts, `ref.eq`). Every operator
//! is first given to wasmparser's function validator, so translation only
//! ever sees a valid prefix of the body and can rely on stack shapes being
//! right.

mod atomics;
mod control;
mod env;
mod exceptions;
mod gc;
mod gc_access;
mod gc_array;
mod gc_struct;
mod legacy_exceptions;
mod memory;
mod numeric;
mod relaxed_simd;
mod simd;
mod simd_shuffle;
mod state;
mod table;
mod variables;

use crate::conventions::val_type;
use crate::emit::stack_maps;
use crate::error::{CompileError, Result};
use crate::index::DefinedFuncIndex;
use crate::module::{FunctionInput, ModuleEnv};
use crate::options::BoundsChecks;
use cranelift_codegen::ir::{types, Function, InstBuilder, Type, UserFuncName, Value};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_entity::EntityRef;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use env::FuncEnv;
pub use env::Symbols;
use state::{Frame, FrameKind, State};
use wasmparser::{BlockType, FuncValidatorAllocations, Operator, ValType};

/// Translation state of one function.
pub struct Translator<'m, 'a> {
    pub env: FuncEnv<'m, 'a>,
    pub state: State,
    pub locals: Vec<(Variable, Type)>,
    /// Function index, for error locations.
    pub func: u32,
    /// Byte offset of the operator being translated.
    pub offset: u64,
    /// Whether the target supports exception handling.
    pub exceptions: bool,
    /// The legacy `try`s of the function (scanned at the first).
    pub legacy: legacy_exceptions::Plan,
    /// x86-64 without SSSE3: lower constant shuffles with SSE2 where cheap
    /// (`simd_shuffle`).
    pub sse2_shuffles: bool,
}

/// Per-worker reusable allocations.
#[derive(Default)]
pub struct Scratch {
    pub builder: FunctionBuilderContext,
    pub validator: FuncValidatorAllocations,
}

pub struct TranslateConfig {
    pub ptr: Type,
    pub bounds: BoundsChecks,
    pub call_conv: CallConv,
    pub frontend: TargetFrontendConfig,
    /// Whether the runtime can unwind exceptions on this target.
    pub exceptions: bool,
    /// Declare GC references for stack maps (the module uses GC types:
    /// `emit::stack_maps`); false keeps the code of other modules as it was.
    pub gc_roots: bool,
    /// x86-64 without SSSE3 (`pshufb` is a runtime call).
    pub sse2_shuffles: bool,
}

/// Validate and translate defined function `def`.
pub fn translate_function(
    module: &ModuleEnv<'_>,
    symbols: &Symbols,
    def: DefinedFuncIndex,
    input: FunctionInput<'_>,
    config: &TranslateConfig,
    scratch: &mut Scratch,
) -> Result<Function> {
    let func_index = module.func_index(def);
    let fidx = func_index.as_u32();
    let ft = module.func_type(func_index).clone();
    let id = symbols.funcs[func_index.index()].expect("defined function has a symbol");
    let mut func = Function::with_name_signature(
        UserFuncName::user(0, id.as_u32()),
        module.code_signature(func_index, config.ptr),
    );
    // Where the wasm parameters start: after the vmctx, and the caller's
    // vmctx unless the function is only called directly.
    let first_param = if module.direct_only(func_index) { 1 } else { 2 };

    // The stack-limit check is added after inlining (`emit::stack_check`).
    let mut validator = input
        .validator
        .into_validator(std::mem::take(&mut scratch.validator));
    let mut b = FunctionBuilder::new(&mut func, &mut scratch.builder);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);

    let params = b.block_params(entry).to_vec();
    let mut t = Translator {
        env: FuncEnv::new(
            module,
            symbols,
            config.ptr,
            config.bounds,
            config.call_conv,
            params[0],
        ),
        state: State {
            reachable: true,
            ..State::default()
        },
        locals: Vec::new(),
        func: fidx,
        offset: input.body.range().start,
        exceptions: config.exceptions,
        legacy: legacy_exceptions::Plan::default(),
        sse2_shuffles: config.sse2_shuffles,
    };
    for (i, wty) in ft.params().iter().enumerate() {
        let ty = val_type(*wty, config.ptr);
        let var = b.declare_var(ty);
        if config.gc_roots && stack_maps::is_gc_ref(*wty, &module.type_defs, validator.resources())
        {
            b.declare_var_needs_stack_map(var);
        }
        b.def_var(var, params[i + first_param]);
        t.locals.push((var, ty));
    }

    let inv = |e: wasmparser::BinaryReaderError| CompileError::invalid(&e, Some(fidx));
    let mut locals = input.body.get_locals_reader().map_err(inv)?;
    for _ in 0..locals.get_count() {
        let offset = locals.original_position();
        let (count, ty) = locals.read().map_err(inv)?;
        validator.define_locals(offset, count, ty).map_err(inv)?;
        crate::no_gc::check_valtype(ty, offset, Some(fidx))?;
        let cty = val_type(ty, config.ptr);
        let gc_ref =
            config.gc_roots && stack_maps::is_gc_ref(ty, &module.type_defs, validator.resources());
        for _ in 0..count {
            let var = b.declare_var(cty);
            if gc_ref {
                b.declare_var_needs_stack_map(var);
            }
            let zero = zero_value(&mut b, cty);
            b.def_var(var, zero);
            t.locals.push((var, cty));
        }
    }

    // The function body is the outermost block; its continuation returns.
    let ret = b.create_block();
    for r in ft.results() {
        b.append_block_param(ret, val_type(*r, config.ptr));
    }
    t.state.frames.push(Frame {
        kind: FrameKind::Block,
        next: ret,
        num_params: 0,
        num_results: ft.results().len(),
        height: 0,
        branched_to: false,
    });

    let mut ops = input.body.get_operators_reader().map_err(inv)?;
    // The operand stack after the previous operator (stack maps only).
    let mut shadow = Vec::new();
    while !ops.eof() {
        let offset = ops.original_position();
        let op = ops.read().map_err(inv)?;
        validator.op(offset, &op).map_err(inv)?;
        crate::no_gc::check_operator(&op, offset, fidx)?;
        t.offset = offset;
        if let Operator::Try { .. } = op {
            t.legacy.prepare(&ops);
        }
        t.translate(&mut b, op)?;
        if config.gc_roots && t.state.reachable {
            stack_maps::declare_new_refs(
                &mut b,
                &validator,
                &t.state.stack,
                &mut shadow,
                &module.type_defs,
                fidx,
            )?;
        }
    }
    ops.finish().map_err(inv)?;
    // The final `end` left us in the return block with its parameters.
    let results = std::mem::take(&mut t.state.stack);
    b.ins().return_(&results);
    b.finalize(config.frontend);
    scratch.validator = validator.into_allocations();
    Ok(func)
}

pub fn zero_value(b: &mut FunctionBuilder<'_>, ty: Type) -> Value {
    match ty {
        types::F32 => b.ins().f32const(0.0),
        types::F64 => b.ins().f64const(0.0),
        ty if ty.is_vector() => {
            let c = b.func.dfg.constants.insert(vec![0u8; 16].into());
            b.ins().vconst(ty, c)
        }
        ty => b.ins().iconst(ty, 0),
    }
}

impl<'m, 'a> Translator<'m, 'a> {
    fn translate(&mut self, b: &mut FunctionBuilder<'_>, op: Operator<'_>) -> Result<()> {
        if !self.state.reachable {
            return control::translate_unreachable(self, b, &op);
        }
        if control::translate(self, b, &op)?
            || variables::translate(self, b, &op)
            || memory::translate(self, b, &op)?
            || table::translate(self, b, &op)
            || numeric::translate(self, b, &op)
            || simd::translate(self, b, &op)?
            || exceptions::translate(self, b, &op)?
            || legacy_exceptions::translate(self, b, &op)?
            || relaxed_simd::translate(self, b, &op)
            || atomics::translate(self, b, &op)?
            || gc::translate(self, b, &op)
        {
            return Ok(());
        }
        Err(self.unsupported(format!("operator {op:?}")))
    }

    pub fn unsupported(&self, what: impl Into<String>) -> CompileError {
        CompileError::unsupported(what, self.offset, Some(self.func))
    }

    /// Parameter and result types of a block type.
    pub fn block_sig(&self, bt: BlockType) -> (Vec<Type>, Vec<Type>) {
        let ptr = self.env.ptr;
        match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![val_type(t, ptr)]),
            BlockType::FuncType(i) => {
                let ft = &self.env.module.types[crate::index::TypeIndex::from_u32(i)];
                let m = |ts: &[ValType]| ts.iter().map(|t| val_type(*t, ptr)).collect();
                (m(ft.params()), m(ft.results()))
            }
        }
    }
}
