//! The function environment: how translated code reaches the VM context,
//! memories, tables, globals, other functions and the runtime's libcalls.
//! Everything about the vmctx layout goes through [`crate::abi`], never a
//! literal offset.

use crate::abi::{self, Trap};
use crate::conventions::{libcall_signature, readonly, trap_code, val_type, wasm_signature};
use crate::index::{FuncIndex, GlobalIndex, TableIndex, TypeIndex};
use crate::module::ModuleEnv;
use crate::options::BoundsChecks;
use cranelift_codegen::ir::{
    self, ExternalName, FuncRef, InstBuilder, SigRef, Type, UserExternalName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_entity::EntityRef;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::FuncId;
use std::collections::HashMap;

/// Module-level symbols the translator refers to, fixed before any function is
/// compiled so workers can run in parallel.
pub struct Symbols {
    /// Module `FuncId` of each function's code (imported functions have none).
    pub funcs: Vec<Option<FuncId>>,
    /// Module `FuncId` of each libcall, in `abi::LIBCALLS` order.
    pub libcalls: Vec<FuncId>,
    /// How the target's C ABI widens 32-bit libcall arguments, see
    /// [`crate::conventions::c_i32_extension`].
    pub c_i32_ext: ir::ArgumentExtension,
}

pub struct FuncEnv<'m, 'a> {
    pub module: &'m ModuleEnv<'a>,
    pub symbols: &'m Symbols,
    pub ptr: Type,
    pub bounds: BoundsChecks,
    pub call_conv: CallConv,
    /// The function's own vmctx parameter.
    pub vmctx: Value,
    sigs: HashMap<TypeIndex, SigRef>,
    /// Signatures of functions only called directly, by type.
    direct_sigs: HashMap<TypeIndex, SigRef>,
    direct: HashMap<FuncIndex, FuncRef>,
    libcalls: HashMap<usize, FuncRef>,
}

impl<'m, 'a> FuncEnv<'m, 'a> {
    pub fn new(
        module: &'m ModuleEnv<'a>,
        symbols: &'m Symbols,
        ptr: Type,
        bounds: BoundsChecks,
        call_conv: CallConv,
        vmctx: Value,
    ) -> Self {
        FuncEnv {
            module,
            symbols,
            ptr,
            bounds,
            call_conv,
            vmctx,
            sigs: HashMap::new(),
            direct_sigs: HashMap::new(),
            direct: HashMap::new(),
            libcalls: HashMap::new(),
        }
    }

    pub fn ptr_bytes(&self) -> u32 {
        self.ptr.bytes()
    }

    /// Load a pointer-sized field of the vmctx header.
    pub fn vmctx_field(&self, b: &mut FunctionBuilder<'_>, field: abi::Field) -> Value {
        debug_assert_eq!(field.owner, abi::VMCTX.name);
        let off = field.offset(self.ptr_bytes());
        b.ins().load(self.ptr, readonly(), self.vmctx, off as i32)
    }

    /// Element `i` of a pointer array hanging off the vmctx.
    pub fn vmctx_array_elem(
        &self,
        b: &mut FunctionBuilder<'_>,
        field: abi::Field,
        i: u32,
    ) -> Value {
        let array = self.vmctx_field(b, field);
        let off = i64::from(i) * i64::from(self.ptr_bytes());
        b.ins().load(self.ptr, readonly(), array, off as i32)
    }

    pub fn signature(&mut self, b: &mut FunctionBuilder<'_>, ty: TypeIndex) -> SigRef {
        if let Some(s) = self.sigs.get(&ty) {
            return *s;
        }
        let sig = wasm_signature(&self.module.types[ty], self.ptr);
        let s = b.import_signature(sig);
        self.sigs.insert(ty, s);
        s
    }

    /// The signature of function `f`'s code ([`ModuleEnv::code_signature`]).
    fn code_signature(&mut self, b: &mut FunctionBuilder<'_>, f: FuncIndex) -> SigRef {
        let ty = self.module.funcs[f].ty;
        if !self.module.direct_only(f) {
            return self.signature(b, ty);
        }
        if let Some(s) = self.direct_sigs.get(&ty) {
            return *s;
        }
        let s = b.import_signature(self.module.code_signature(f, self.ptr));
        self.direct_sigs.insert(ty, s);
        s
    }

    /// The vmctx arguments of a call of function `f`'s code with callee
    /// vmctx `callee`: the caller's too unless `f` is only called directly.
    fn vmctx_args(&self, f: FuncIndex, callee: Value, n: usize) -> Vec<Value> {
        let mut full = Vec::with_capacity(n + 2);
        full.push(callee);
        if !self.module.direct_only(f) {
            full.push(self.vmctx);
        }
        full
    }

    /// A direct reference to a defined function's code.
    fn direct_ref(&mut self, b: &mut FunctionBuilder<'_>, f: FuncIndex) -> Option<FuncRef> {
        if let Some(r) = self.direct.get(&f) {
            return Some(*r);
        }
        let id = self.symbols.funcs[f.index()]?;
        let signature = self.code_signature(b, f);
        let name = b
            .func
            .declare_imported_user_function(UserExternalName::new(0, id.as_u32()));
        let r = b.import_function(ir::ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated: true,
            patchable: false,
        });
        self.direct.insert(f, r);
        Some(r)
    }

    /// The callee and full argument list (callee vmctx, caller vmctx, args)
    /// of a call to function `f` (defined: a direct call; imported: through
    /// its funcref record, which names the callee's code and vmctx).
    pub(super) fn callee(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        f: FuncIndex,
        args: &[Value],
    ) -> (super::exceptions::Callee, Vec<Value>) {
        if let Some(r) = self.direct_ref(b, f) {
            let mut full = self.vmctx_args(f, self.vmctx, args.len());
            full.extend_from_slice(args);
            (super::exceptions::Callee::Direct(r), full)
        } else if self.module.direct_only(f) {
            // A function copied for further CPU variants, called from
            // variant 0's shared code through its record (the picked
            // variant's code; see `emit::hot`): still the direct signature.
            let record = self.funcref_addr(b, f);
            let (code, callee_vmctx) = self.load_funcref_target(b, record);
            let mut full = self.vmctx_args(f, callee_vmctx, args.len());
            full.extend_from_slice(args);
            let sig = self.code_signature(b, f);
            (super::exceptions::Callee::Indirect(sig, code), full)
        } else {
            let record = self.funcref_addr(b, f);
            self.record_callee(b, self.module.funcs[f].ty, record, args)
        }
    }

    /// The callee and full argument list of a call of the function of
    /// funcref `record` (non-null, of type `ty`): its code with its own
    /// vmctx. Imports, host adapters and wasm functions all use the tail
    /// convention, so a tail call through a record replaces the frame too.
    pub(super) fn record_callee(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        ty: TypeIndex,
        record: Value,
        args: &[Value],
    ) -> (super::exceptions::Callee, Vec<Value>) {
        let (code, callee_vmctx) = self.load_funcref_target(b, record);
        let mut full = Vec::with_capacity(args.len() + 2);
        full.extend([callee_vmctx, self.vmctx]);
        full.extend_from_slice(args);
        let sig = self.signature(b, ty);
        (super::exceptions::Callee::Indirect(sig, code), full)
    }

    /// Address of function `f`'s funcref record (`ref.func f`).
    pub fn funcref_addr(&self, b: &mut FunctionBuilder<'_>, f: FuncIndex) -> Value {
        let base = self.vmctx_field(b, abi::vmctx::FUNCREFS);
        let size = abi::funcref::SIZEOF.get(self.ptr_bytes());
        b.ins()
            .iadd_imm_u(base, i64::from(f.as_u32()) * i64::from(size))
    }

    /// The code pointer and vmctx in a funcref record. The record of a
    /// defined or imported function never changes after instantiation.
    pub fn load_funcref_target(
        &self,
        b: &mut FunctionBuilder<'_>,
        record: Value,
    ) -> (Value, Value) {
        let p = self.ptr_bytes();
        let code = b.ins().load(
            self.ptr,
            readonly(),
            record,
            abi::funcref::WASM_CALL.offset(p) as i32,
        );
        let vmctx = b.ins().load(
            self.ptr,
            readonly(),
            record,
            abi::funcref::VMCTX.offset(p) as i32,
        );
        (code, vmctx)
    }

    /// Call a runtime libcall (platform C convention); the caller's vmctx is
    /// prepended.
    pub fn libcall(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        which: usize,
        args: &[Value],
    ) -> Option<Value> {
        let r = self.libcall_ref(b, which, self.call_conv);
        let mut full = vec![self.vmctx];
        full.extend_from_slice(args);
        let inst = b.ins().call(r, &full);
        b.inst_results(inst).first().copied()
    }

    /// The function reference of a libcall, called with convention `cc`
    /// (each libcall is only ever called with one convention).
    pub fn libcall_ref(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        which: usize,
        cc: CallConv,
    ) -> FuncRef {
        if let Some(r) = self.libcalls.get(&which) {
            return *r;
        }
        let lc = &abi::LIBCALLS[which];
        let sig = b.import_signature(libcall_signature(lc, self.ptr, cc, self.symbols.c_i32_ext));
        let id = self.symbols.libcalls[which];
        let name = b
            .func
            .declare_imported_user_function(UserExternalName::new(0, id.as_u32()));
        let r = b.import_function(ir::ExtFuncData {
            name: ExternalName::user(name),
            signature: sig,
            colocated: false,
            patchable: false,
        });
        self.libcalls.insert(which, r);
        r
    }

    /// Address of global `g`'s value slot.
    pub fn global_addr(&self, b: &mut FunctionBuilder<'_>, g: GlobalIndex) -> Value {
        self.vmctx_array_elem(b, abi::vmctx::GLOBALS, g.as_u32())
    }

    /// The `wasmc_table *` of table `t`.
    pub fn table_ptr(&self, b: &mut FunctionBuilder<'_>, t: TableIndex) -> Value {
        self.vmctx_array_elem(b, abi::vmctx::TABLES, t.as_u32())
    }

    pub fn global_type(&self, g: GlobalIndex) -> Type {
        val_type(self.module.globals[g].ty, self.ptr)
    }

    pub fn trap(&self, b: &mut FunctionBuilder<'_>, t: Trap) {
        b.ins().trap(trap_code(t));
    }

    pub fn trapnz(&self, b: &mut FunctionBuilder<'_>, cond: Value, t: Trap) {
        b.ins().trapnz(cond, trap_code(t));
    }

    pub fn trapz(&self, b: &mut FunctionBuilder<'_>, cond: Value, t: Trap) {
        b.ins().trapz(cond, trap_code(t));
    }
}
