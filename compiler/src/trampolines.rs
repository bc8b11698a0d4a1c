//! Per-type glue between the platform C convention and the internal wasm
//! convention:
//!
//! * `array_call` (C convention): `void(wasm_call, callee_vmctx, caller,
//!   union wasmc_val *vals)` loads the arguments from `vals`, calls
//!   `wasm_call` and stores the results back into `vals`. The runtime uses it
//!   for every host→wasm call (start function, `_start`, exports).
//! * `host_adapter` (wasm convention): called like a wasm function whose
//!   callee vmctx is a `wasmc_host_func *`; it spills the arguments into a
//!   stack array and calls `func(data, caller, vals)`, then reloads the
//!   results. Imports implemented by the host (WASI) go through it.
//!
//! `union wasmc_val` slots are host memory written by C, so they are accessed
//! in native byte order.

use crate::abi;
use crate::conventions::{
    array_call_signature, host_fn_signature, readonly, trusted, val_type, wasm_signature,
};
use cranelift_codegen::ir::{
    Function, InstBuilder, StackSlotData, StackSlotKind, Type, UserFuncName,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use wasmparser::FuncType;

/// Start the function's single block; returns its parameters.
fn entry_block(b: &mut FunctionBuilder<'_>) -> Vec<cranelift_codegen::ir::Value> {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.block_params(entry).to_vec()
}

pub fn array_call(
    name: UserFuncName,
    ft: &FuncType,
    ptr: Type,
    cc: CallConv,
    fc: TargetFrontendConfig,
) -> Function {
    let mut func = Function::with_name_signature(name, array_call_signature(ptr, cc));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    let p = entry_block(&mut b);
    let (code, callee, caller, vals) = (p[0], p[1], p[2], p[3]);
    let mut args = vec![callee, caller];
    for (i, ty) in ft.params().iter().enumerate() {
        let ty = val_type(*ty, ptr);
        args.push(
            b.ins()
                .load(ty, trusted(), vals, (i as u32 * abi::VAL_SIZE) as i32),
        );
    }
    let sig = b.import_signature(wasm_signature(ft, ptr));
    let call = b.ins().call_indirect(sig, code, &args);
    let results = b.inst_results(call).to_vec();
    for (i, r) in results.iter().enumerate() {
        b.ins()
            .store(trusted(), *r, vals, (i as u32 * abi::VAL_SIZE) as i32);
    }
    b.ins().return_(&[]);
    b.finalize(fc);
    func
}

pub fn host_adapter(
    name: UserFuncName,
    ft: &FuncType,
    ptr: Type,
    cc: CallConv,
    fc: TargetFrontendConfig,
) -> Function {
    let mut func = Function::with_name_signature(name, wasm_signature(ft, ptr));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    let p = entry_block(&mut b);
    let (host, caller) = (p[0], p[1]);
    let slots = ft.params().len().max(ft.results().len()).max(1) as u32;
    let slot = b.create_sized_stack_slot(StackSlotData::new(
        StackSlotKind::ExplicitSlot,
        slots * abi::VAL_SIZE,
        4,
    ));
    for (i, v) in p[2..].iter().enumerate() {
        b.ins()
            .stack_store(ptr, *v, slot, (i as u32 * abi::VAL_SIZE) as i32);
    }
    let vals = b.ins().stack_addr(ptr, slot, 0);
    let pb = ptr.bytes();
    let f = b.ins().load(
        ptr,
        readonly(),
        host,
        abi::host_func::FUNC.offset(pb) as i32,
    );
    let data = b.ins().load(
        ptr,
        readonly(),
        host,
        abi::host_func::DATA.offset(pb) as i32,
    );
    let sig = b.import_signature(host_fn_signature(ptr, cc));
    b.ins().call_indirect(sig, f, &[data, caller, vals]);
    let mut results = Vec::new();
    for (i, ty) in ft.results().iter().enumerate() {
        let ty = val_type(*ty, ptr);
        results.push(
            b.ins()
                .stack_load(ptr, ty, slot, (i as u32 * abi::VAL_SIZE) as i32),
        );
    }
    b.ins().return_(&results);
    b.finalize(fc);
    func
}
