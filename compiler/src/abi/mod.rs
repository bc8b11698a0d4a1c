//! The ABI between compiled WebAssembly code and `runtime-support`.
//!
//! This module is the single source of truth for everything both sides must
//! agree on: the layout of the VM context (`vmctx`) the generated code reads,
//! the module descriptor the object file carries, the libcalls, trap codes,
//! symbol names and the ABI version. The C header
//! `runtime-support/include/wasmc_abi.h` is *generated* from the tables below
//! ([`c_header`]); a test fails if the checked-in copy drifts, and the header
//! itself carries `_Static_assert(offsetof(...))` lines so a C compiler that
//! lays a struct out differently from [`Struct::layout`] refuses to build the
//! runtime.
//!
//! Layouts are computed for both pointer widths, so the same tables serve
//! 32-bit and 64-bit targets. This file holds the constants, trap codes and
//! libcalls; `layout.rs` how structs are declared and laid out, `structs.rs`
//! the structs themselves, `header.rs` the C header generator.

mod header;
mod layout;
mod structs;

pub use header::c_header;
pub use layout::{ByWidth, Field, Layout, Struct, Ty};
pub use structs::*;

/// Bumped whenever anything in this file changes incompatibly. Objects carry it
/// in their descriptor and the runtime refuses to instantiate a mismatch.
pub const ABI_VERSION: u32 = 12;

/// Oldest macOS the darwin targets support, as (major, minor): the runtime
/// uses `preadv`/`pwritev` (macOS 11). Mach-O objects record it as their
/// minimum OS version; the runtime refuses to compile for an older
/// deployment target; the toolchains wasmc picks for darwin pass it on.
pub const MACOS_MIN_VERSION: (u32, u32) = (11, 0);

/// Size of a WebAssembly page.
pub const WASM_PAGE_SIZE: u64 = 65536;

/// Pages a 32-bit memory can address (4 GiB). (memory64 memories are capped
/// by the runtime: `WASMC_MEMORY64_MAX_BYTES` in config.h, or `--max-memory`.)
pub const MAX_PAGES_32: u64 = 65536;

/// Module name of the WASI preview1 imports the runtime provides.
pub const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// Runtime function that implements SSSE3 `pshufb` for Cranelift on the
/// portable x86-64 baseline (SSE2 only): Cranelift's `X86Pshufb` libcall is
/// renamed to this symbol (`target.rs`) and `arch.c` defines it.
pub const X86_PSHUFB_SYMBOL: &str = "wasmc_x86_pshufb";

/// Symbol of the module descriptor in an object unless `--module-symbol` says
/// otherwise. The executable driver (`main.c`) links against this name.
pub const DEFAULT_MODULE_SYMBOL: &str = "wasmc_module";
/// Symbol of the optional executable configuration (`--dir`, `--env`, ...).
/// The runtime declares it weak, so an object without it links and runs with
/// defaults (no directories, empty environment).
pub const EXE_CONFIG_SYMBOL: &str = "wasmc_exe_config";

/// Virtual memory reserved for a 32-bit linear memory in `guard` mode: the
/// whole 4 GiB index space (and for a 64-bit one, at least this much: its
/// whole reachable maximum if larger)...
pub const GUARD_RESERVATION: u64 = 1 << 32;
/// ...followed by this many bytes of inaccessible guard. An access whose static
/// offset plus size fits in the guard needs no explicit bounds check.
pub const GUARD_SIZE: u64 = 2 << 30;

/// Largest frame (bytes, frame record included) of a function compiled
/// without a prologue stack check (`emit::stack_check`): a small leaf is not
/// checked at all, a small caller only after its prologue, so up to this
/// much of a frame may lie below `vmctx->stack_limit` before a check (or a
/// callee's) traps. The runtime keeps at least [`HOST_STACK_RESERVE_MIN`]
/// below the limit.
pub const UNCHECKED_FRAME_MAX: u32 = 32 << 10;
/// Smallest room (bytes) the runtime may keep below the stack limit
/// (`WASMC_HOST_STACK_RESERVE`): an unchecked frame plus 32 KiB for
/// libcalls and host functions.
pub const HOST_STACK_RESERVE_MIN: u32 = UNCHECKED_FRAME_MAX + (32 << 10);

/// Module descriptor flag: the module was compiled with explicit bounds
/// checks, so its memories need no guard region.
pub const FLAG_EXPLICIT_BOUNDS: u32 = 1;

/// Size of a `union wasmc_val` slot (values passed through `array_call`, host
/// functions and globals). 16 bytes so a v128 fits.
pub const VAL_SIZE: u32 = 16;

/// Kinds of imports and exports (the wasm binary encoding).
pub mod extern_kind {
    pub const FUNC: u32 = 0;
    pub const TABLE: u32 = 1;
    pub const MEMORY: u32 = 2;
    pub const GLOBAL: u32 = 3;
    pub const TAG: u32 = 4;
}

/// Value type codes (the wasm binary encoding).
pub mod valtype {
    pub const I32: u8 = 0x7f;
    pub const I64: u8 = 0x7e;
    pub const F32: u8 = 0x7d;
    pub const F64: u8 = 0x7c;
    pub const V128: u8 = 0x7b;
    pub const FUNCREF: u8 = 0x70;
    pub const EXTERNREF: u8 = 0x6f;
    pub const EXNREF: u8 = 0x69;
    /// The representation of every reference of the `any` hierarchy (any,
    /// eq, i31, struct, array, none and concrete struct/array types): a
    /// pointer-sized word, 0 for null, `(v << 1) | 1` for an i31.
    pub const ANYREF: u8 = 0x6e;
    /// Type keys (`wasmc_type_desc.key`): a nullable reference, followed by
    /// its heap type.
    pub const REF_NULL: u8 = 0x63;
    /// Type keys: a non-nullable reference, followed by its heap type.
    pub const REF: u8 = 0x64;
    /// Type keys: a concrete heap type, followed by a little-endian `u32`
    /// type index (module-local in a descriptor, a canonical type id once the
    /// runtime has interned the earlier groups). The abstract heap types are
    /// the `heap` codes (`FUNCREF` is func, `EXTERNREF` extern, ...).
    pub const HEAP_CONCRETE: u8 = 0x00;
    /// Type keys: a type of the same recursion group, followed by a
    /// little-endian `u32` index within the group.
    pub const HEAP_REC: u8 = 0x01;
    /// Type keys: the packed storage types of struct fields and array
    /// elements.
    pub const I8: u8 = 0x78;
    pub const I16: u8 = 0x77;
    /// Type keys: the composite type kinds.
    pub const FUNC: u8 = 0x60;
    pub const STRUCT: u8 = 0x5f;
    pub const ARRAY: u8 = 0x5e;
}

/// Abstract heap types in type keys (the wasm binary encoding) and, as
/// `HEAP_ABSTRACT | code`, in the `heap_type` of globals and tables.
pub mod heap {
    pub const FUNC: u8 = 0x70;
    pub const EXTERN: u8 = 0x6f;
    pub const ANY: u8 = 0x6e;
    pub const EQ: u8 = 0x6d;
    pub const I31: u8 = 0x6c;
    pub const STRUCT: u8 = 0x6b;
    pub const ARRAY: u8 = 0x6a;
    pub const EXN: u8 = 0x69;
    pub const NONE: u8 = 0x71;
    pub const NOEXTERN: u8 = 0x72;
    pub const NOFUNC: u8 = 0x73;
    pub const NOEXN: u8 = 0x74;
    /// `heap_type` of a global or table: this bit set means an abstract heap
    /// type other than a hierarchy's top (whose `heap_type` is 0), the code
    /// in the low byte; otherwise a module-local type index + 1.
    pub const HEAP_ABSTRACT: u32 = 0x8000_0000;
}

/// `wasmc_type_desc.flags`.
pub mod type_flags {
    /// The type is final (`sub final`, or written without `sub`): it has no
    /// subtypes, so identity is a comparison of canonical ids.
    pub const FINAL: u8 = 1;
}

/// `wasmc_const_expr.kind`.
pub mod const_kind {
    /// `bits` holds the little-endian value (i32/i64/f32/f64/v128).
    pub const VALUE: u32 = 0;
    /// The value of global `index` (an imported global).
    pub const GLOBAL_GET: u32 = 1;
    /// A null reference.
    pub const REF_NULL: u32 = 2;
    /// A reference to function `index`.
    pub const REF_FUNC: u32 = 3;
    /// An extended constant expression: `index` records at `ops`, evaluated
    /// in postfix order. Each record is one of the kinds above (pushing its
    /// value; a `VALUE` record's `index` holds its value type) or one of the
    /// arithmetic kinds below (popping two operands, pushing the wrapped
    /// result). Never nested.
    pub const EXPR: u32 = 4;
    pub const I32_ADD: u32 = 5;
    pub const I32_SUB: u32 = 6;
    pub const I32_MUL: u32 = 7;
    pub const I64_ADD: u32 = 8;
    pub const I64_SUB: u32 = 9;
    pub const I64_MUL: u32 = 10;
    /// `ref.i31` of the i32 in `index` (alone, or pushed in an expression).
    pub const REF_I31: u32 = 11;
    /// In an expression: pop an i32, push its `ref.i31`.
    pub const I31_WRAP: u32 = 12;
    /// In an expression: `struct.new` of type `index` (pops one value per
    /// field, the first field deepest).
    pub const STRUCT_NEW: u32 = 13;
    /// In an expression: `struct.new_default` of type `index`.
    pub const STRUCT_NEW_DEFAULT: u32 = 14;
    /// In an expression: `array.new` of type `index` (pops the value, then
    /// the i32 length on top).
    pub const ARRAY_NEW: u32 = 15;
    /// In an expression: `array.new_default` of type `index` (pops the length).
    pub const ARRAY_NEW_DEFAULT: u32 = 16;
    /// In an expression: `array.new_fixed` of type `index` with the u32 LE
    /// element count in `bits` (pops that many values, the first deepest).
    pub const ARRAY_NEW_FIXED: u32 = 17;
}

/// `wasmc_handler.kind`: how the unwinder reads one exception handler.
pub mod handler_kind {
    /// Catches tag `index` of the frame's instance.
    pub const TAG: u32 = 0;
    /// Catches everything (`catch_all`, `catch_all_ref`).
    pub const DEFAULT: u32 = 1;
    /// The frame's vmctx (whose tags the following TAG handlers name) is
    /// saved at SP + `index`.
    pub const CONTEXT: u32 = 2;
}

/// Segment modes.
pub mod seg_mode {
    pub const ACTIVE: u32 = 0;
    pub const PASSIVE: u32 = 1;
    pub const DECLARED: u32 = 2;
}

/// Trap codes: the number carried in the trap table and passed to
/// `wasmc_trap`, and the message printed (the spec testsuite's wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Trap {
    Unreachable = 1,
    MemoryOutOfBounds = 2,
    TableOutOfBounds = 3,
    IndirectCallToNull = 4,
    BadSignature = 5,
    IntegerDivisionByZero = 6,
    IntegerOverflow = 7,
    BadConversionToInteger = 8,
    StackOverflow = 9,
    NullReference = 10,
    UndefinedElement = 11,
    NullFunctionReference = 12,
    /// Not a trap instruction: the outcome of an exception that no handler
    /// caught, reported like a trap.
    UncaughtException = 13,
    /// An atomic access whose effective address is not a multiple of its
    /// size (threads proposal).
    UnalignedAtomic = 14,
    /// `memory.atomic.wait32/64` on a memory that is not shared.
    WaitOnUnshared = 15,
    /// A call to a function import that nothing provided, in an executable
    /// built with `--allow-unresolved` (the runtime prints which one).
    UnresolvedImport = 16,
    /// `i31.get_s/u` of a null reference.
    NullI31Reference = 17,
    /// `ref.cast` of a value that is not of the target type.
    CastFailure = 18,
    /// `struct.get/set` of a null reference.
    NullStructReference = 19,
    /// `array.*` of a null reference.
    NullArrayReference = 20,
    /// An array index or range outside the array.
    ArrayOutOfBounds = 21,
    /// An allocation the GC heap cannot satisfy.
    GcHeapExhausted = 22,
}

impl Trap {
    pub const ALL: &'static [Trap] = &[
        Trap::Unreachable,
        Trap::MemoryOutOfBounds,
        Trap::TableOutOfBounds,
        Trap::IndirectCallToNull,
        Trap::BadSignature,
        Trap::IntegerDivisionByZero,
        Trap::IntegerOverflow,
        Trap::BadConversionToInteger,
        Trap::StackOverflow,
        Trap::NullReference,
        Trap::UndefinedElement,
        Trap::NullFunctionReference,
        Trap::UncaughtException,
        Trap::UnalignedAtomic,
        Trap::WaitOnUnshared,
        Trap::UnresolvedImport,
        Trap::NullI31Reference,
        Trap::CastFailure,
        Trap::NullStructReference,
        Trap::NullArrayReference,
        Trap::ArrayOutOfBounds,
        Trap::GcHeapExhausted,
    ];

    pub fn message(self) -> &'static str {
        match self {
            Trap::Unreachable => "unreachable",
            Trap::MemoryOutOfBounds => "out of bounds memory access",
            Trap::TableOutOfBounds => "out of bounds table access",
            Trap::IndirectCallToNull => "uninitialized element",
            Trap::BadSignature => "indirect call type mismatch",
            Trap::IntegerDivisionByZero => "integer divide by zero",
            Trap::IntegerOverflow => "integer overflow",
            Trap::BadConversionToInteger => "invalid conversion to integer",
            Trap::StackOverflow => "call stack exhausted",
            Trap::NullReference => "null reference",
            Trap::UndefinedElement => "undefined element",
            Trap::NullFunctionReference => "null function reference",
            Trap::UncaughtException => "uncaught exception",
            Trap::UnalignedAtomic => "unaligned atomic",
            Trap::WaitOnUnshared => "expected shared memory",
            Trap::UnresolvedImport => "call to an unresolved import",
            Trap::NullI31Reference => "null i31 reference",
            Trap::CastFailure => "cast failure",
            Trap::NullStructReference => "null structure reference",
            Trap::NullArrayReference => "null array reference",
            Trap::ArrayOutOfBounds => "out of bounds array access",
            Trap::GcHeapExhausted => "GC heap exhausted",
        }
    }

    fn c_name(self) -> &'static str {
        match self {
            Trap::Unreachable => "UNREACHABLE",
            Trap::MemoryOutOfBounds => "MEMORY_OUT_OF_BOUNDS",
            Trap::TableOutOfBounds => "TABLE_OUT_OF_BOUNDS",
            Trap::IndirectCallToNull => "INDIRECT_CALL_TO_NULL",
            Trap::BadSignature => "BAD_SIGNATURE",
            Trap::IntegerDivisionByZero => "INTEGER_DIVISION_BY_ZERO",
            Trap::IntegerOverflow => "INTEGER_OVERFLOW",
            Trap::BadConversionToInteger => "BAD_CONVERSION_TO_INTEGER",
            Trap::StackOverflow => "STACK_OVERFLOW",
            Trap::NullReference => "NULL_REFERENCE",
            Trap::UndefinedElement => "UNDEFINED_ELEMENT",
            Trap::NullFunctionReference => "NULL_FUNCTION_REFERENCE",
            Trap::UncaughtException => "UNCAUGHT_EXCEPTION",
            Trap::UnalignedAtomic => "UNALIGNED_ATOMIC",
            Trap::WaitOnUnshared => "WAIT_ON_UNSHARED",
            Trap::UnresolvedImport => "UNRESOLVED_IMPORT",
            Trap::NullI31Reference => "NULL_I31_REFERENCE",
            Trap::CastFailure => "CAST_FAILURE",
            Trap::NullStructReference => "NULL_STRUCT_REFERENCE",
            Trap::NullArrayReference => "NULL_ARRAY_REFERENCE",
            Trap::ArrayOutOfBounds => "ARRAY_OUT_OF_BOUNDS",
            Trap::GcHeapExhausted => "GC_HEAP_EXHAUSTED",
        }
    }
}

/// A type in a libcall signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibTy {
    /// The caller's vmctx.
    Vmctx,
    I32,
    I64,
    /// A pointer-sized value (references).
    Ptr,
}

/// A runtime function called from generated code with the platform C
/// convention.
#[derive(Debug)]
pub struct Libcall {
    pub name: &'static str,
    pub params: &'static [LibTy],
    pub ret: Option<LibTy>,
    pub doc: &'static str,
}

macro_rules! libcall_table {
    ($($idx:literal $id:ident = $name:literal ($($p:ident),*) -> $ret:expr, $doc:literal;)*) => {
        /// Libcalls by role, so the translator names them without strings.
        pub mod libcall {
            $(pub const $id: usize = $idx;)*
        }
        pub static LIBCALLS: &[Libcall] = &[
            $(Libcall { name: $name, params: &[$(LibTy::$p),*], ret: $ret, doc: $doc },)*
        ];
    };
}
libcall_table! {
    0 MEMORY_GROW = "wasmc_memory_grow"(Vmctx, I32, I64) -> Some(LibTy::I64),
        "memory.grow: (memory, delta pages) -> old size in pages or -1";
    1 MEMORY_FILL = "wasmc_memory_fill"(Vmctx, I32, I64, I32, I64) -> None,
        "memory.fill: (memory, dst, byte, len); traps when out of bounds";
    2 MEMORY_COPY = "wasmc_memory_copy"(Vmctx, I32, I32, I64, I64, I64) -> None,
        "memory.copy: (dst memory, src memory, dst, src, len)";
    3 MEMORY_INIT = "wasmc_memory_init"(Vmctx, I32, I32, I64, I32, I32) -> None,
        "memory.init: (memory, data segment, dst, src offset, len)";
    4 DATA_DROP = "wasmc_data_drop"(Vmctx, I32) -> None,
        "data.drop: (data segment)";
    5 TABLE_GROW = "wasmc_table_grow"(Vmctx, I32, Ptr, I32) -> Some(LibTy::I32),
        "table.grow: (table, init ref, delta) -> old size or -1";
    6 TABLE_FILL = "wasmc_table_fill"(Vmctx, I32, I32, Ptr, I32) -> None,
        "table.fill: (table, dst, ref, len)";
    7 TABLE_COPY = "wasmc_table_copy"(Vmctx, I32, I32, I32, I32, I32) -> None,
        "table.copy: (dst table, src table, dst, src, len)";
    8 TABLE_INIT = "wasmc_table_init"(Vmctx, I32, I32, I32, I32, I32) -> None,
        "table.init: (table, elem segment, dst, src offset, len)";
    9 ELEM_DROP = "wasmc_elem_drop"(Vmctx, I32) -> None,
        "elem.drop: (elem segment)";
    10 TRAP = "wasmc_trap_from_wasm"(Vmctx, I32) -> None,
        "raise trap code (does not return)";
    11 THROW = "wasmc_throw"(Vmctx, I32, Ptr) -> None,
        "throw: (tag index, payload values) unwinds to a handler (called as PreserveAll; does not return)";
    12 THROW_REF = "wasmc_throw_ref"(Vmctx, Ptr) -> None,
        "throw_ref: (exnref) rethrows; traps on null (called as PreserveAll; does not return)";
    13 EXN_RELEASE = "wasmc_exn_release"(Vmctx, Ptr) -> None,
        "a handler consumed the exception: free it unless an exnref to it escaped";
    14 ATOMIC_WAIT32 = "wasmc_atomic_wait32"(Vmctx, I32, I64, I32, I64) -> Some(LibTy::I32),
        "memory.atomic.wait32 on a shared memory: (memory, checked aligned address, expected, timeout ns or <0) -> 0 woken, 1 not-equal, 2 timed-out";
    15 ATOMIC_WAIT64 = "wasmc_atomic_wait64"(Vmctx, I32, I64, I64, I64) -> Some(LibTy::I32),
        "memory.atomic.wait64 on a shared memory: (memory, checked aligned address, expected, timeout ns or <0) -> 0 woken, 1 not-equal, 2 timed-out";
    16 ATOMIC_NOTIFY = "wasmc_atomic_notify"(Vmctx, I32, I64, I32) -> Some(LibTy::I32),
        "memory.atomic.notify on a shared memory: (memory, checked aligned address, max waiters) -> waiters woken";
    17 TYPE_IS_SUBTYPE = "wasmc_type_is_subtype"(Vmctx, I32, I32) -> Some(LibTy::I32),
        "(canonical type id, canonical id of a non-final type) -> 1 if the first is a subtype of the second (declared supertype chain), else 0";
    18 STRUCT_NEW = "wasmc_gc_struct_new"(Vmctx, I32) -> Some(LibTy::Ptr),
        "struct.new(_default): (type index) -> a new struct, fields zero (compiled code stores the values)";
    19 ARRAY_NEW = "wasmc_gc_array_new"(Vmctx, I32, I32) -> Some(LibTy::Ptr),
        "array.new(_default/_fixed): (type index, length) -> a new array, elements zero";
    20 ARRAY_NEW_DATA = "wasmc_gc_array_new_data"(Vmctx, I32, I32, I32, I32) -> Some(LibTy::Ptr),
        "array.new_data: (type index, data segment, byte offset, length) -> a new array";
    21 ARRAY_NEW_ELEM = "wasmc_gc_array_new_elem"(Vmctx, I32, I32, I32, I32) -> Some(LibTy::Ptr),
        "array.new_elem: (type index, elem segment, offset, length) -> a new array";
    22 ARRAY_COPY = "wasmc_gc_array_copy"(Vmctx, Ptr, I32, Ptr, I32, I32) -> None,
        "array.copy: (dst array, dst index, src array, src index, length); overlapping ranges as memmove";
    23 ARRAY_INIT_DATA = "wasmc_gc_array_init_data"(Vmctx, Ptr, I32, I32, I32, I32) -> None,
        "array.init_data: (array, dst index, data segment, byte offset, length)";
    24 ARRAY_INIT_ELEM = "wasmc_gc_array_init_elem"(Vmctx, Ptr, I32, I32, I32, I32) -> None,
        "array.init_elem: (array, dst index, elem segment, offset, length)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_natural() {
        assert_eq!(VMCTX.size(8), 96);
        assert_eq!(FUNCREF.offset("type_id", 8), 24);
        assert_eq!(FUNCREF.size(8), 32);
        assert_eq!(CONST_EXPR.size(8), 32);
        assert_eq!(TABLE_DESC.offset("init", 8), 32);
    }

    /// The typed constants agree with the by-name lookup, on both widths.
    #[test]
    fn typed_fields_match_the_tables() {
        assert_eq!(funcref::TYPE_ID.offset(8), 24);
        assert_eq!(funcref::TYPE_ID.offset(4), 12);
        assert_eq!(vmctx::STACK_LIMIT.offset(8), 8);
        assert_eq!(vmctx::STACK_LIMIT.offset(4), 4);
        assert_eq!(table_desc::INIT.offset(8), 32);
        assert_eq!(const_expr::SIZEOF.get(8), 32);
        assert_eq!(module_desc::CPU_FEATURES.owner, "wasmc_module_desc");
        for s in STRUCTS {
            for (i, f) in s.fields.iter().enumerate() {
                assert_eq!(f.owner, s.name);
                for ptr in [4, 8] {
                    assert_eq!(f.offset(ptr), s.offset(f.name, ptr));
                    assert_eq!(f.offset(ptr), s.layout(ptr).offsets[i]);
                }
            }
        }
    }

    #[test]
    fn trap_codes_are_dense() {
        for (i, t) in Trap::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i + 1);
        }
    }
}
