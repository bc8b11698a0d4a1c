//! The Cranelift side of the ABI: how wasm value types, function
//! signatures, libcall signatures and trap codes are spelt in Cranelift IR,
//! and the memory flags for runtime data. Shared by the translator, the
//! trampolines and the emitter, so none of them reaches into another for it.

use crate::abi::{self, LibTy, Trap};
use cranelift_codegen::ir::{self, types, AbiParam, MemFlagsData, Signature, TrapCode, Type};
use cranelift_codegen::isa::CallConv;
use wasmparser::{FuncType, ValType};

/// How the C ABI of `triple` passes a `uint32_t` argument (every 32-bit
/// libcall parameter is one) in a 64-bit register. The C callee may rely on
/// it, and Cranelift leaves the upper bits of an i32 undefined unless told:
/// s390x zero-extends unsigned ints; riscv64 sign-extends every 32-bit int,
/// unsigned ones included (psABI). x86-64 and aarch64 callees ignore the
/// upper bits, so nothing is added there.
pub fn c_i32_extension(triple: &target_lexicon::Triple) -> ir::ArgumentExtension {
    match triple.architecture {
        target_lexicon::Architecture::S390x => ir::ArgumentExtension::Uext,
        target_lexicon::Architecture::Riscv64(_) => ir::ArgumentExtension::Sext,
        _ => ir::ArgumentExtension::None,
    }
}

/// The Cranelift trap code for one of our traps.
pub fn trap_code(t: Trap) -> TrapCode {
    match t {
        Trap::StackOverflow => TrapCode::STACK_OVERFLOW,
        Trap::IntegerOverflow => TrapCode::INTEGER_OVERFLOW,
        Trap::MemoryOutOfBounds => TrapCode::HEAP_OUT_OF_BOUNDS,
        Trap::IntegerDivisionByZero => TrapCode::INTEGER_DIVISION_BY_ZERO,
        Trap::BadConversionToInteger => TrapCode::BAD_CONVERSION_TO_INTEGER,
        other => TrapCode::unwrap_user(other as u8),
    }
}

/// The inverse of [`trap_code`], for the trap table.
pub fn trap_from_code(code: TrapCode) -> Option<Trap> {
    Trap::ALL.iter().copied().find(|t| trap_code(*t) == code)
}

pub fn val_type(ty: ValType, ptr: Type) -> Type {
    match ty {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::Ref(_) => ptr,
    }
}

/// The internal signature of a wasm function:
/// `(callee_vmctx, caller_vmctx, params...) -> results` with the tail
/// convention (any number of results, and `return_call` later). The caller
/// vmctx is for host functions (their adapters pass it on as the calling
/// instance); a wasm callee ignores it.
pub fn wasm_signature(ft: &FuncType, ptr: Type) -> Signature {
    let mut sig = direct_signature(ft, ptr);
    sig.params.insert(1, AbiParam::new(ptr));
    sig
}

/// The signature of a defined function that is only ever called directly
/// ([`crate::module::ModuleEnv::direct_only`]): `(vmctx, params...) ->
/// results`. Its callers are wasm code of the same instance, which pass
/// their own vmctx; no caller vmctx to set up in every call, and one more
/// argument register for the parameters.
pub fn direct_signature(ft: &FuncType, ptr: Type) -> Signature {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params
        .push(AbiParam::special(ptr, ir::ArgumentPurpose::VMContext));
    sig.params
        .extend(ft.params().iter().map(|t| AbiParam::new(val_type(*t, ptr))));
    sig.returns.extend(
        ft.results()
            .iter()
            .map(|t| AbiParam::new(val_type(*t, ptr))),
    );
    sig
}

/// The C signature of a libcall; `i32_ext` from [`c_i32_extension`].
pub fn libcall_signature(
    lc: &abi::Libcall,
    ptr: Type,
    cc: CallConv,
    i32_ext: ir::ArgumentExtension,
) -> Signature {
    let param = |t: LibTy| match t {
        LibTy::Vmctx | LibTy::Ptr => AbiParam::new(ptr),
        LibTy::I32 => AbiParam {
            extension: i32_ext,
            ..AbiParam::new(types::I32)
        },
        LibTy::I64 => AbiParam::new(types::I64),
    };
    let mut sig = Signature::new(cc);
    sig.params.extend(lc.params.iter().map(|t| param(*t)));
    // The callee widens results; Cranelift reads only the low 32 bits.
    let ret = |t: LibTy| match t {
        LibTy::I32 => AbiParam::new(types::I32),
        other => param(other),
    };
    sig.returns.extend(lc.ret.map(ret));
    sig
}

/// Flags for loads of runtime data that never changes while wasm runs and
/// cannot fault (vmctx fields, pointers to memory/table/global records). The
/// optimizer may hoist and deduplicate them.
pub fn readonly() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly().with_can_move()
}

/// Flags for loads/stores of mutable runtime data that cannot fault.
pub fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// The C signature of an `array_call` trampoline:
/// `void(wasm_call, callee_vmctx, caller, union wasmc_val *vals)`.
pub fn array_call_signature(ptr: Type, cc: CallConv) -> Signature {
    let mut sig = Signature::new(cc);
    for _ in 0..4 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig
}

/// The C signature of a `wasmc_host_fn`: `void(data, caller, vals)`.
pub fn host_fn_signature(ptr: Type, cc: CallConv) -> Signature {
    let mut sig = Signature::new(cc);
    for _ in 0..3 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig
}
