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
//! Layouts are computed for a given pointer width, so the same tables serve
//! 32-bit and 64-bit targets. All structs use natural alignment and no
//! packing, which is what every C ABI we target does for these field types.

use std::fmt::Write as _;

/// Bumped whenever anything in this file changes incompatibly. Objects carry it
/// in their descriptor and the runtime refuses to instantiate a mismatch.
pub const ABI_VERSION: u32 = 4;

/// Oldest macOS the darwin targets support, as (major, minor): the runtime
/// uses `preadv`/`pwritev` (macOS 11). Mach-O objects record it as their
/// minimum OS version; the runtime refuses to compile for an older
/// deployment target; the toolchains wasmc picks for darwin pass it on.
pub const MACOS_MIN_VERSION: (u32, u32) = (11, 0);

/// Size of a WebAssembly page.
pub const WASM_PAGE_SIZE: u64 = 65536;

/// Pages a 32-bit memory can address (4 GiB). The runtime also caps memory64
/// memories at this size.
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
/// whole 4 GiB index space...
pub const GUARD_RESERVATION: u64 = 1 << 32;
/// ...followed by this many bytes of inaccessible guard. An access whose static
/// offset plus size fits in the guard needs no explicit bounds check.
pub const GUARD_SIZE: u64 = 2 << 30;

/// A field type in an ABI struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    U8,
    U32,
    U64,
    /// A pointer (data or code); its C spelling is given separately.
    Ptr(&'static str),
    /// An inline array of bytes.
    Bytes(u32),
    /// Another ABI struct, inline.
    Struct(&'static Struct),
}

/// An ABI struct: name and fields in order.
#[derive(Debug, PartialEq, Eq)]
pub struct Struct {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [(&'static str, Ty)],
}

/// A computed struct layout.
#[derive(Debug, Clone)]
pub struct Layout {
    pub size: u32,
    pub align: u32,
    pub offsets: Vec<u32>,
}

impl Ty {
    fn size_align(self, ptr: u32) -> (u32, u32) {
        match self {
            Ty::U8 => (1, 1),
            Ty::U32 => (4, 4),
            Ty::U64 => (8, 8),
            Ty::Ptr(_) => (ptr, ptr),
            Ty::Bytes(n) => (n, 1),
            Ty::Struct(s) => {
                let l = s.layout(ptr);
                (l.size, l.align)
            }
        }
    }
}

fn align_to(x: u32, a: u32) -> u32 {
    x.div_ceil(a) * a
}

impl Struct {
    /// Layout for a target with `ptr`-byte pointers.
    pub fn layout(&self, ptr: u32) -> Layout {
        let mut off = 0;
        let mut align = 1;
        let mut offsets = Vec::with_capacity(self.fields.len());
        for &(_, ty) in self.fields {
            let (s, a) = ty.size_align(ptr);
            off = align_to(off, a);
            offsets.push(off);
            off += s;
            align = align.max(a);
        }
        Layout {
            size: align_to(off, align),
            align,
            offsets,
        }
    }

    /// Offset of field `name`; panics on a name that is not in the table,
    /// which is a compiler bug caught by every test that compiles anything.
    pub fn offset(&self, name: &str, ptr: u32) -> u32 {
        let i = self
            .fields
            .iter()
            .position(|f| f.0 == name)
            .unwrap_or_else(|| panic!("abi: {} has no field {name}", self.name));
        self.layout(ptr).offsets[i]
    }

    pub fn size(&self, ptr: u32) -> u32 {
        self.layout(ptr).size
    }
}

/// The VM context header. Compiled functions receive a pointer to it as their
/// first argument. Everything variable-sized hangs off it through pointers so
/// the header has one layout for every module.
pub static VMCTX: Struct = Struct {
    name: "wasmc_vmctx",
    doc: "Per-instance context passed to every compiled function.",
    fields: &[
        ("memory0", Ty::Ptr("struct wasmc_memory *")),
        ("stack_limit", Ty::Ptr("uintptr_t")),
        ("funcrefs", Ty::Ptr("struct wasmc_funcref *")),
        ("globals", Ty::Ptr("union wasmc_val **")),
        ("tables", Ty::Ptr("struct wasmc_table **")),
        ("type_ids", Ty::Ptr("uint32_t *")),
        ("memories", Ty::Ptr("struct wasmc_memory **")),
        ("instance", Ty::Ptr("struct wasmc_instance *")),
    ],
};

/// A linear memory. `base` never moves after creation: the runtime reserves
/// the largest size the memory can reach up front, so generated code may
/// treat `base` as read-only and hoist it. `length` changes on `memory.grow`.
pub static MEMORY: Struct = Struct {
    name: "wasmc_memory",
    doc: "A linear memory as generated code sees it.",
    fields: &[
        ("base", Ty::Ptr("uint8_t *")),
        ("length", Ty::U64),
        ("max_pages", Ty::U64),
        ("reserved", Ty::U64),
    ],
};

/// A table. Elements are pointer-sized references (funcref: pointer to a
/// `wasmc_funcref`; externref: opaque host pointer), null is 0.
pub static TABLE: Struct = Struct {
    name: "wasmc_table",
    doc: "A table as generated code sees it.",
    fields: &[
        ("elements", Ty::Ptr("void **")),
        ("size", Ty::U32),
        ("max", Ty::U32),
        ("elem_type", Ty::U8),
    ],
};

/// A function reference. `wasm_call` uses the internal (tail) calling
/// convention `(callee_vmctx, caller_vmctx, params...) -> results`;
/// `array_call` uses the platform C convention
/// `void(wasm_call, callee_vmctx, caller_vmctx, union wasmc_val *args_results)`.
/// Host functions get a compiled adapter as `wasm_call` and a
/// `wasmc_host_func *` as `vmctx`.
pub static FUNCREF: Struct = Struct {
    name: "wasmc_funcref",
    doc: "A function reference (the target of ref.func, tables and imports).",
    fields: &[
        ("wasm_call", Ty::Ptr("void *")),
        ("vmctx", Ty::Ptr("void *")),
        ("array_call", Ty::Ptr("wasmc_array_call_fn")),
        ("type_id", Ty::U32),
    ],
};

/// A host function record: the `vmctx` of a host funcref.
pub static HOST_FUNC: Struct = Struct {
    name: "wasmc_host_func",
    doc: "A host function callable from wasm through a compiled adapter.",
    fields: &[
        ("func", Ty::Ptr("wasmc_host_fn")),
        ("data", Ty::Ptr("void *")),
    ],
};

/// A constant expression (global initialisers, segment offsets and items).
pub static CONST_EXPR: Struct = Struct {
    name: "wasmc_const_expr",
    doc: "A constant expression: see WASMC_CONST_* for `kind`.",
    fields: &[
        ("kind", Ty::U32),
        ("index", Ty::U32),
        ("bits", Ty::Bytes(16)),
    ],
};

pub static TYPE_DESC: Struct = Struct {
    name: "wasmc_type_desc",
    doc: "A function type. `array_call` is the trampoline for this type.",
    fields: &[
        ("params", Ty::Ptr("const uint8_t *")),
        ("results", Ty::Ptr("const uint8_t *")),
        ("num_params", Ty::U32),
        ("num_results", Ty::U32),
        ("array_call", Ty::Ptr("wasmc_array_call_fn")),
        ("host_adapter", Ty::Ptr("void *")),
    ],
};

pub static IMPORT_DESC: Struct = Struct {
    name: "wasmc_import_desc",
    doc: "An import; `index` is the index in its kind's index space, `type_index` the function type for functions; `module`/`name` hold `module_len`/`name_len` bytes (NULs allowed) plus a terminating NUL.",
    fields: &[
        ("module", Ty::Ptr("const char *")),
        ("name", Ty::Ptr("const char *")),
        ("module_len", Ty::U32),
        ("name_len", Ty::U32),
        ("kind", Ty::U32),
        ("index", Ty::U32),
        ("type_index", Ty::U32),
    ],
};

pub static FUNC_DESC: Struct = Struct {
    name: "wasmc_func_desc",
    doc: "A function: code (NULL if imported), name (NULL if none), type, code size.",
    fields: &[
        ("code", Ty::Ptr("void *")),
        ("name", Ty::Ptr("const char *")),
        ("type_index", Ty::U32),
        ("code_size", Ty::U32),
    ],
};

pub static MEMORY_DESC: Struct = Struct {
    name: "wasmc_memory_desc",
    doc: "A memory type (imported or defined).",
    fields: &[
        ("min_pages", Ty::U64),
        ("max_pages", Ty::U64),
        ("has_max", Ty::U8),
        ("shared", Ty::U8),
        ("is64", Ty::U8),
        ("imported", Ty::U8),
    ],
};

pub static TABLE_DESC: Struct = Struct {
    name: "wasmc_table_desc",
    doc: "A table type (imported or defined) with its initialiser.",
    fields: &[
        ("min", Ty::U64),
        ("max", Ty::U64),
        ("has_max", Ty::U8),
        ("elem_type", Ty::U8),
        ("imported", Ty::U8),
        ("init", Ty::Struct(&CONST_EXPR)),
    ],
};

pub static GLOBAL_DESC: Struct = Struct {
    name: "wasmc_global_desc",
    doc: "A global (imported or defined) with its initialiser.",
    fields: &[
        ("valtype", Ty::U8),
        ("mutable_", Ty::U8),
        ("imported", Ty::U8),
        ("init", Ty::Struct(&CONST_EXPR)),
    ],
};

pub static EXPORT_DESC: Struct = Struct {
    name: "wasmc_export_desc",
    doc: "An export; `name` holds `name_len` bytes (NULs allowed) plus a terminating NUL.",
    fields: &[
        ("name", Ty::Ptr("const char *")),
        ("name_len", Ty::U32),
        ("kind", Ty::U32),
        ("index", Ty::U32),
    ],
};

pub static DATA_DESC: Struct = Struct {
    name: "wasmc_data_desc",
    doc: "A data segment.",
    fields: &[
        ("bytes", Ty::Ptr("const uint8_t *")),
        ("len", Ty::U32),
        ("mode", Ty::U32),
        ("memory", Ty::U32),
        ("offset", Ty::Struct(&CONST_EXPR)),
    ],
};

pub static ELEM_DESC: Struct = Struct {
    name: "wasmc_elem_desc",
    doc: "An element segment; items are constant expressions.",
    fields: &[
        ("items", Ty::Ptr("const struct wasmc_const_expr *")),
        ("count", Ty::U32),
        ("mode", Ty::U32),
        ("elem_type", Ty::U32),
        ("table", Ty::U32),
        ("offset", Ty::Struct(&CONST_EXPR)),
    ],
};

pub static TRAP_SITE: Struct = Struct {
    name: "wasmc_trap_site",
    doc: "A trapping instruction: function, offset from the function's start, trap code. Sorted.",
    fields: &[
        ("func_index", Ty::U32),
        ("code_offset", Ty::U32),
        ("trap", Ty::U32),
    ],
};

pub static MODULE_DESC: Struct = Struct {
    name: "wasmc_module_desc",
    doc: "Everything the runtime needs to instantiate a compiled module.",
    fields: &[
        ("abi_version", Ty::U32),
        ("flags", Ty::U32),
        ("name", Ty::Ptr("const char *")),
        ("types", Ty::Ptr("const struct wasmc_type_desc *")),
        ("imports", Ty::Ptr("const struct wasmc_import_desc *")),
        ("funcs", Ty::Ptr("const struct wasmc_func_desc *")),
        ("memories", Ty::Ptr("const struct wasmc_memory_desc *")),
        ("tables", Ty::Ptr("const struct wasmc_table_desc *")),
        ("globals", Ty::Ptr("const struct wasmc_global_desc *")),
        ("exports", Ty::Ptr("const struct wasmc_export_desc *")),
        ("datas", Ty::Ptr("const struct wasmc_data_desc *")),
        ("elems", Ty::Ptr("const struct wasmc_elem_desc *")),
        ("trap_sites", Ty::Ptr("const struct wasmc_trap_site *")),
        ("num_types", Ty::U32),
        ("num_imports", Ty::U32),
        ("num_funcs", Ty::U32),
        ("num_imported_funcs", Ty::U32),
        ("num_memories", Ty::U32),
        ("num_tables", Ty::U32),
        ("num_globals", Ty::U32),
        ("num_exports", Ty::U32),
        ("num_datas", Ty::U32),
        ("num_elems", Ty::U32),
        ("num_trap_sites", Ty::U32),
        ("start_func", Ty::U32),
        // Comma-separated CPU features the code needs beyond the target's
        // baseline (Cranelift flag names without `has_`, e.g. "sse41,popcnt");
        // the runtime checks them before running anything.
        ("cpu_features", Ty::Ptr("const char *")),
    ],
};

pub static DIR_MAP: Struct = Struct {
    name: "wasmc_dir_map",
    doc: "A preopened directory: host path and the name the guest sees.",
    fields: &[
        ("host", Ty::Ptr("const char *")),
        ("guest", Ty::Ptr("const char *")),
    ],
};

pub static EXE_CONFIG: Struct = Struct {
    name: "wasmc_exe_config",
    doc: "Capabilities granted at build time (`wasmc build --dir/--env/...`).",
    fields: &[
        ("abi_version", Ty::U32),
        ("inherit_env", Ty::U32),
        ("dirs", Ty::Ptr("const struct wasmc_dir_map *")),
        ("envs", Ty::Ptr("const char *const *")),
        ("num_dirs", Ty::U32),
        ("num_envs", Ty::U32),
        ("max_memory", Ty::U64),
        // `ADDR:PORT` strings: listening TCP sockets for sock_accept.
        ("listen", Ty::Ptr("const char *const *")),
        ("num_listen", Ty::U32),
    ],
};

/// Every struct, in dependency order (the header is emitted in this order).
pub static STRUCTS: &[&Struct] = &[
    &VMCTX,
    &MEMORY,
    &TABLE,
    &FUNCREF,
    &HOST_FUNC,
    &CONST_EXPR,
    &TYPE_DESC,
    &IMPORT_DESC,
    &FUNC_DESC,
    &MEMORY_DESC,
    &TABLE_DESC,
    &GLOBAL_DESC,
    &EXPORT_DESC,
    &DATA_DESC,
    &ELEM_DESC,
    &TRAP_SITE,
    &MODULE_DESC,
    &DIR_MAP,
    &EXE_CONFIG,
];

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
}

impl LibTy {
    fn c(self) -> &'static str {
        match self {
            LibTy::Vmctx => "struct wasmc_vmctx *",
            LibTy::I32 => "uint32_t",
            LibTy::I64 => "uint64_t",
            LibTy::Ptr => "void *",
        }
    }
}

fn c_field_type(ty: Ty) -> (String, String) {
    match ty {
        Ty::U8 => ("uint8_t".into(), String::new()),
        Ty::U32 => ("uint32_t".into(), String::new()),
        Ty::U64 => ("uint64_t".into(), String::new()),
        Ty::Ptr(c) => (c.into(), String::new()),
        Ty::Bytes(n) => ("uint8_t".into(), format!("[{n}]")),
        Ty::Struct(s) => (format!("struct {}", s.name), String::new()),
    }
}

/// The generated C header `wasmc_abi.h`. Deterministic: the checked-in copy is
/// compared with this output by a test (`WASMC_BLESS=1` rewrites it).
pub fn c_header() -> String {
    let mut h = String::new();
    let w = &mut h;
    let _ = writeln!(
        w,
        "/* GENERATED by wasmc_compiler::abi::c_header(): do not edit."
    );
    let _ = writeln!(
        w,
        " * Regenerate: WASMC_BLESS=1 cargo test -p wasmc-compiler abi */"
    );
    let _ = writeln!(w, "#ifndef WASMC_ABI_H\n#define WASMC_ABI_H\n");
    let _ = writeln!(w, "#include <stddef.h>\n#include <stdint.h>\n");
    let _ = writeln!(w, "#define WASMC_ABI_VERSION {ABI_VERSION}u");
    let _ = writeln!(w, "#define WASMC_PAGE_SIZE {WASM_PAGE_SIZE}u");
    let _ = writeln!(w, "#define WASMC_MAX_PAGES_32 {MAX_PAGES_32}u");
    let _ = writeln!(w, "#define WASMC_WASI_MODULE \"{WASI_MODULE}\"");
    let _ = writeln!(w, "#define WASMC_X86_PSHUFB_SYMBOL {X86_PSHUFB_SYMBOL}");
    let _ = writeln!(w, "#define WASMC_GUARD_RESERVATION {GUARD_RESERVATION}ull");
    let _ = writeln!(w, "#define WASMC_GUARD_SIZE {GUARD_SIZE}ull");
    let _ = writeln!(
        w,
        "#define WASMC_FLAG_EXPLICIT_BOUNDS {FLAG_EXPLICIT_BOUNDS}u"
    );
    let _ = writeln!(
        w,
        "#define WASMC_DEFAULT_MODULE_SYMBOL {DEFAULT_MODULE_SYMBOL}"
    );
    let _ = writeln!(w, "#define WASMC_EXE_CONFIG_SYMBOL {EXE_CONFIG_SYMBOL}");
    // Encoded as clang's __ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__.
    let (major, minor) = MACOS_MIN_VERSION;
    let _ = writeln!(
        w,
        "#define WASMC_MACOS_MIN_VERSION {}\n",
        major * 10000 + minor * 100
    );
    for (name, v) in [
        ("FUNC", extern_kind::FUNC),
        ("TABLE", extern_kind::TABLE),
        ("MEMORY", extern_kind::MEMORY),
        ("GLOBAL", extern_kind::GLOBAL),
        ("TAG", extern_kind::TAG),
    ] {
        let _ = writeln!(w, "#define WASMC_EXTERN_{name} {v}u");
    }
    for (name, v) in [
        ("I32", valtype::I32),
        ("I64", valtype::I64),
        ("F32", valtype::F32),
        ("F64", valtype::F64),
        ("V128", valtype::V128),
        ("FUNCREF", valtype::FUNCREF),
        ("EXTERNREF", valtype::EXTERNREF),
    ] {
        let _ = writeln!(w, "#define WASMC_TYPE_{name} 0x{v:02x}u");
    }
    for (name, v) in [
        ("VALUE", const_kind::VALUE),
        ("GLOBAL_GET", const_kind::GLOBAL_GET),
        ("REF_NULL", const_kind::REF_NULL),
        ("REF_FUNC", const_kind::REF_FUNC),
    ] {
        let _ = writeln!(w, "#define WASMC_CONST_{name} {v}u");
    }
    for (name, v) in [
        ("ACTIVE", seg_mode::ACTIVE),
        ("PASSIVE", seg_mode::PASSIVE),
        ("DECLARED", seg_mode::DECLARED),
    ] {
        let _ = writeln!(w, "#define WASMC_SEG_{name} {v}u");
    }
    let _ = writeln!(w);
    for t in Trap::ALL {
        let _ = writeln!(w, "#define WASMC_TRAP_{} {}u", t.c_name(), *t as u32);
    }
    let _ = writeln!(w, "#define WASMC_TRAP_MAX {}u", Trap::ALL.len());
    let _ = writeln!(w, "/* Message for each trap code, indexed by code. */");
    let _ = writeln!(
        w,
        "#define WASMC_TRAP_MESSAGES {{ \\\n    \"unknown trap\", \\"
    );
    for t in Trap::ALL {
        let _ = writeln!(w, "    \"{}\", \\", t.message());
    }
    let _ = writeln!(w, "}}\n");
    let _ = writeln!(w, "/* A value slot: arguments, results and globals. */");
    let _ = writeln!(
        w,
        "union wasmc_val {{\n    uint32_t i32;\n    uint64_t i64;\n    float f32;\n    double f64;\n    uint8_t v128[16];\n    void *ref;\n}};"
    );
    let _ = writeln!(
        w,
        "_Static_assert(sizeof(union wasmc_val) == {VAL_SIZE}, \"wasmc_val\");\n"
    );
    let _ = writeln!(w, "struct wasmc_vmctx;\nstruct wasmc_instance;");
    let _ = writeln!(
        w,
        "/* Host function: arguments in vals[0..n], results written to vals[0..m]. */"
    );
    let _ = writeln!(
        w,
        "typedef void (*wasmc_host_fn)(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals);"
    );
    let _ = writeln!(
        w,
        "typedef void (*wasmc_array_call_fn)(void *wasm_call, void *callee_vmctx, struct wasmc_vmctx *caller, union wasmc_val *vals);\n"
    );
    for s in STRUCTS {
        let l64 = s.layout(8);
        let _ = writeln!(w, "/* {} */\nstruct {} {{", s.doc, s.name);
        for &(fname, ty) in s.fields {
            let (cty, suffix) = c_field_type(ty);
            let _ = writeln!(w, "    {cty} {fname}{suffix};");
        }
        let _ = writeln!(w, "}};");
        let _ = writeln!(w, "#if UINTPTR_MAX == 0xffffffffffffffffu");
        for (i, &(fname, _)) in s.fields.iter().enumerate() {
            let _ = writeln!(
                w,
                "_Static_assert(offsetof(struct {n}, {fname}) == {o}, \"{n}.{fname}\");",
                n = s.name,
                o = l64.offsets[i]
            );
        }
        let _ = writeln!(
            w,
            "_Static_assert(sizeof(struct {n}) == {sz}, \"sizeof {n}\");",
            n = s.name,
            sz = l64.size
        );
        let l32 = s.layout(4);
        let _ = writeln!(w, "#else");
        for (i, &(fname, _)) in s.fields.iter().enumerate() {
            let _ = writeln!(
                w,
                "_Static_assert(offsetof(struct {n}, {fname}) == {o}, \"{n}.{fname}\");",
                n = s.name,
                o = l32.offsets[i]
            );
        }
        let _ = writeln!(w, "#endif\n");
    }
    let _ = writeln!(
        w,
        "/* Libcalls: called from generated code with the platform C convention. */"
    );
    for lc in LIBCALLS {
        let ret = lc.ret.map_or("void", LibTy::c);
        let params: Vec<&str> = lc.params.iter().map(|p| p.c()).collect();
        let _ = writeln!(
            w,
            "/* {} */\n{ret} {}({});",
            lc.doc,
            lc.name,
            params.join(", ")
        );
    }
    let _ = writeln!(w, "\n#endif /* WASMC_ABI_H */");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_natural() {
        assert_eq!(VMCTX.size(8), 64);
        assert_eq!(FUNCREF.offset("type_id", 8), 24);
        assert_eq!(FUNCREF.size(8), 32);
        assert_eq!(CONST_EXPR.size(8), 24);
        assert_eq!(TABLE_DESC.offset("init", 8), 20);
    }

    #[test]
    fn trap_codes_are_dense() {
        for (i, t) in Trap::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i + 1);
        }
    }

    /// The checked-in header must be exactly what this module generates.
    #[test]
    fn abi_header_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../runtime-support/include/wasmc_abi.h"
        );
        let want = c_header();
        if std::env::var_os("WASMC_BLESS").is_some() {
            std::fs::write(path, &want).expect("write header");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "{path} is stale: run WASMC_BLESS=1 cargo test -p wasmc-compiler abi"
        );
    }
}
