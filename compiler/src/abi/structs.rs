//! The ABI structs: the VM context and records generated code reads
//! (`wasmc_vmctx`, `wasmc_memory`, `wasmc_table`, `wasmc_funcref`, ...), and
//! the module descriptor and executable configuration an object carries.
//! Each is declared once with [`abi_struct!`], which gives the header
//! generator its table and the compiler typed field offsets.

use super::layout::{abi_struct, Struct};

abi_struct! {
    /// The VM context header. Compiled functions receive a pointer to it as their
    /// first argument. Everything variable-sized hangs off it through pointers so
    /// the header has one layout for every module.
    pub static VMCTX, mod vmctx = "wasmc_vmctx",
        "Per-instance context passed to every compiled function." {
        MEMORY0 = memory0: Ptr("struct wasmc_memory *"),
        STACK_LIMIT = stack_limit: Ptr("uintptr_t"),
        FUNCREFS = funcrefs: Ptr("struct wasmc_funcref *"),
        GLOBALS = globals: Ptr("union wasmc_val **"),
        TABLES = tables: Ptr("struct wasmc_table **"),
        TYPE_IDS = type_ids: Ptr("uint32_t *"),
        MEMORIES = memories: Ptr("struct wasmc_memory **"),
        INSTANCE = instance: Ptr("struct wasmc_instance *"),
        /// Tag identities by tag index (defined: this instance's records;
        /// imported: the exporter's). Exception handlers compare them.
        TAGS = tags: Ptr("struct wasmc_tag **"),
        /// Run-time types by type index (NULL for function types): what
        /// the allocation libcalls write into an object's header.
        RTTS = rtts: Ptr("const struct wasmc_rtt *const *"),
        /// The GC heap of the instance's store: casts range-check a word
        /// against its [base, end) to tell objects from host values.
        GC_HEAP = gc_heap: Ptr("struct wasmc_gc_heap *"),
        /// `memory0->base`, copied at instantiation so that reaching memory
        /// 0's bytes takes one load from the vmctx instead of two. Always
        /// current: a memory's base never moves (see `wasmc_memory`), and
        /// that holds for an imported or shared memory 0 too. NULL without
        /// memories.
        MEMORY0_BASE = memory0_base: Ptr("uint8_t *"),
    }
}

abi_struct! {
    /// The GC heap's reserved address range as generated code sees it (the
    /// runtime embeds it in a larger private struct). A word is a GC object
    /// exactly when it is even and `word - base < end - base`.
    pub static GC_HEAP, mod gc_heap = "wasmc_gc_heap",
        "The GC heap's reserved address range [base, end)." {
        BASE = base: Ptr("uintptr_t"),
        END = end: Ptr("uintptr_t"),
    }
}

abi_struct! {
    /// The run-time type of a struct or array type: one per canonical type,
    /// immortal, built by the runtime when the type is interned (types.c)
    /// from the layout the compiler emitted in the type descriptor. Every
    /// object's header (bytes 0..8) points at its rtt.
    pub static RTT, mod rtt = "wasmc_rtt",
        "Run-time type of a struct or array type (objects point at it). `kind` is WASMC_TYPE_STRUCT or ARRAY; `size` the object bytes of a struct (header included); `elem_size`/`elem_type`/`elem_ref` an array's element bytes, storage type (a WASMC_TYPE_* value or reference representation, or I8/I16) and whether elements are references; `refs` the byte offsets (from the object start) of a struct's `num_refs` reference fields; `field_offsets`/`field_types` the offsets and storage types of its `num_fields` fields; `supers` the canonical ids of the declared supertype chain, supers[0] the root, supers[depth] = type_id." {
        TYPE_ID = type_id: U32,
        KIND = kind: U8,
        ELEM_REF = elem_ref: U8,
        ELEM_TYPE = elem_type: U8,
        ELEM_SIZE = elem_size: U32,
        SIZE = size: U32,
        NUM_REFS = num_refs: U32,
        REFS = refs: Ptr("const uint32_t *"),
        DEPTH = depth: U32,
        SUPERS = supers: Ptr("const uint32_t *"),
        NUM_FIELDS = num_fields: U32,
        FIELD_OFFSETS = field_offsets: Ptr("const uint32_t *"),
        FIELD_TYPES = field_types: Ptr("const uint8_t *"),
    }
}

abi_struct! {
    /// A linear memory. `base` never moves after creation: the runtime reserves
    /// the largest size the memory can reach up front, so generated code may
    /// treat `base` as read-only and hoist it. `length` changes on `memory.grow`.
    pub static MEMORY, mod memory = "wasmc_memory",
        "A linear memory as generated code sees it." {
        BASE = base: Ptr("uint8_t *"),
        LENGTH = length: U64,
        MAX_PAGES = max_pages: U64,
        RESERVED = reserved: U64,
    }
}

abi_struct! {
    /// A table. Elements are pointer-sized references (funcref: pointer to a
    /// `wasmc_funcref`; externref: opaque host pointer), null is 0.
    pub static TABLE, mod table = "wasmc_table",
        "A table as generated code sees it." {
        ELEMENTS = elements: Ptr("void **"),
        SIZE = size: U32,
        MAX = max: U32,
        ELEM_TYPE = elem_type: U8,
    }
}

abi_struct! {
    /// A function reference. `wasm_call` uses the internal (tail) calling
    /// convention `(callee_vmctx, caller_vmctx, params...) -> results`;
    /// `array_call` uses the platform C convention
    /// `void(wasm_call, callee_vmctx, caller_vmctx, union wasmc_val *args_results)`.
    /// Host functions get a compiled adapter as `wasm_call` and a
    /// `wasmc_host_func *` as `vmctx`.
    pub static FUNCREF, mod funcref = "wasmc_funcref",
        "A function reference (the target of ref.func, tables and imports)." {
        WASM_CALL = wasm_call: Ptr("void *"),
        VMCTX = vmctx: Ptr("void *"),
        ARRAY_CALL = array_call: Ptr("wasmc_array_call_fn"),
        TYPE_ID = type_id: U32,
    }
}

abi_struct! {
    /// A host function record: the `vmctx` of a host funcref.
    pub static HOST_FUNC, mod host_func = "wasmc_host_func",
        "A host function callable from wasm through a compiled adapter." {
        FUNC = func: Ptr("wasmc_host_fn"),
        DATA = data: Ptr("void *"),
    }
}

abi_struct! {
    /// A constant expression (global initialisers, segment offsets and items).
    /// A single-instruction expression is one record; an extended one
    /// (`WASMC_CONST_EXPR`) points at `index` records in `ops`, evaluated in
    /// postfix order on a value stack.
    pub static CONST_EXPR, mod const_expr = "wasmc_const_expr",
        "A constant expression: see WASMC_CONST_* for `kind`; `ops` is used by WASMC_CONST_EXPR only." {
        KIND = kind: U32,
        INDEX = index: U32,
        BITS = bits: Bytes(16),
        OPS = ops: Ptr("const struct wasmc_const_expr *"),
    }
}

abi_struct! {
    pub static TYPE_DESC, mod type_desc = "wasmc_type_desc",
        "A defined type (function, struct or array). For a function type, `params`/`results` give one WASMC_TYPE_* per value (references as their representation: FUNCREF, EXTERNREF, EXNREF or ANYREF); `array_call` and `host_adapter` are its trampolines (for struct and array types those of the empty function type, never called); `kind` is FUNC, STRUCT or ARRAY. `key` (`key_len` bytes) is the exact type of the type's whole recursion group, shared by its types, for iso-recursive canonical identity: u32 LE number of types, then per type a flags byte (WASMC_TYPE_FINAL), the supertype (REF_NULL and a heap type if it has one, else 0), the kind (FUNC, STRUCT, ARRAY) and its contents: FUNC u32 LE param and result counts and the values; STRUCT a u32 LE field count and per field a storage type and a mutability byte; ARRAY one storage type and mutability byte. A value is a number type, or REF/REF_NULL and a heap type: an abstract heap code (WASMC_HEAP_*), HEAP_CONCRETE and a u32 LE module-local type index of an earlier group, or HEAP_REC and a u32 LE index within the group. A storage type is a value, I8 or I16. `rec_index` is the type's position in its group (the group starts at type index - rec_index); `flags` repeats the type's flags; `supertype` is its declared supertype's module-local index + 1, 0 for none." {
        PARAMS = params: Ptr("const uint8_t *"),
        RESULTS = results: Ptr("const uint8_t *"),
        KEY = key: Ptr("const uint8_t *"),
        NUM_PARAMS = num_params: U32,
        NUM_RESULTS = num_results: U32,
        KEY_LEN = key_len: U32,
        ARRAY_CALL = array_call: Ptr("wasmc_array_call_fn"),
        HOST_ADAPTER = host_adapter: Ptr("void *"),
        REC_INDEX = rec_index: U32,
        SUPERTYPE = supertype: U32,
        FLAGS = flags: U8,
        KIND = kind: U8,
        /// Struct and array types: the object layout the compiler computed
        /// (`gc_layout.rs`): `num_fields` field byte offsets (an array: one
        /// entry, 16) and storage types (the `field_types` codes of
        /// `wasmc_rtt`); `gc_size` a struct's object bytes or an array's
        /// element bytes.
        FIELD_OFFSETS = field_offsets: Ptr("const uint32_t *"),
        FIELD_TYPES = field_types: Ptr("const uint8_t *"),
        NUM_FIELDS = num_fields: U32,
        GC_SIZE = gc_size: U32,
    }
}

abi_struct! {
    pub static IMPORT_DESC, mod import_desc = "wasmc_import_desc",
        "An import; `index` is the index in its kind's index space, `type_index` the function type for functions; `module`/`name` hold `module_len`/`name_len` bytes (NULs allowed) plus a terminating NUL." {
        MODULE = module: Ptr("const char *"),
        NAME = name: Ptr("const char *"),
        MODULE_LEN = module_len: U32,
        NAME_LEN = name_len: U32,
        KIND = kind: U32,
        INDEX = index: U32,
        TYPE_INDEX = type_index: U32,
    }
}

abi_struct! {
    pub static FUNC_DESC, mod func_desc = "wasmc_func_desc",
        "A function: code (NULL if imported), name (NULL if none), type, code size." {
        CODE = code: Ptr("void *"),
        NAME = name: Ptr("const char *"),
        TYPE_INDEX = type_index: U32,
        CODE_SIZE = code_size: U32,
    }
}

abi_struct! {
    pub static MEMORY_DESC, mod memory_desc = "wasmc_memory_desc",
        "A memory type (imported or defined)." {
        MIN_PAGES = min_pages: U64,
        MAX_PAGES = max_pages: U64,
        HAS_MAX = has_max: U8,
        SHARED = shared: U8,
        IS64 = is64: U8,
        IMPORTED = imported: U8,
    }
}

abi_struct! {
    pub static TABLE_DESC, mod table_desc = "wasmc_table_desc",
        "A table type (imported or defined) with its initialiser. `elem_type` is the representation (FUNCREF, EXTERNREF, EXNREF or ANYREF); `nullable` and `heap_type` (0: the hierarchy's top type, WASMC_HEAP_ABSTRACT | code: another abstract heap type, else module-local type index + 1) give the exact reference type; `is64`: table64 (i64 indices and segment offsets)." {
        MIN = min: U64,
        MAX = max: U64,
        HAS_MAX = has_max: U8,
        ELEM_TYPE = elem_type: U8,
        IMPORTED = imported: U8,
        NULLABLE = nullable: U8,
        HEAP_TYPE = heap_type: U32,
        IS64 = is64: U8,
        INIT = init: Struct(&CONST_EXPR),
    }
}

abi_struct! {
    pub static GLOBAL_DESC, mod global_desc = "wasmc_global_desc",
        "A global (imported or defined) with its initialiser. For a reference, `valtype` is the representation (FUNCREF, EXTERNREF, EXNREF or ANYREF); `nullable` and `heap_type` (0: the hierarchy's top type, WASMC_HEAP_ABSTRACT | code: another abstract heap type, else module-local type index + 1) give the exact reference type." {
        VALTYPE = valtype: U8,
        MUTABLE_ = mutable_: U8,
        IMPORTED = imported: U8,
        NULLABLE = nullable: U8,
        HEAP_TYPE = heap_type: U32,
        INIT = init: Struct(&CONST_EXPR),
    }
}

abi_struct! {
    pub static EXPORT_DESC, mod export_desc = "wasmc_export_desc",
        "An export; `name` holds `name_len` bytes (NULs allowed) plus a terminating NUL." {
        NAME = name: Ptr("const char *"),
        NAME_LEN = name_len: U32,
        KIND = kind: U32,
        INDEX = index: U32,
    }
}

abi_struct! {
    pub static DATA_DESC, mod data_desc = "wasmc_data_desc",
        "A data segment." {
        BYTES = bytes: Ptr("const uint8_t *"),
        LEN = len: U32,
        MODE = mode: U32,
        MEMORY = memory: U32,
        OFFSET = offset: Struct(&CONST_EXPR),
    }
}

abi_struct! {
    pub static ELEM_DESC, mod elem_desc = "wasmc_elem_desc",
        "An element segment; items are constant expressions." {
        ITEMS = items: Ptr("const struct wasmc_const_expr *"),
        COUNT = count: U32,
        MODE = mode: U32,
        ELEM_TYPE = elem_type: U32,
        TABLE = table: U32,
        OFFSET = offset: Struct(&CONST_EXPR),
    }
}

abi_struct! {
    pub static TRAP_SITE, mod trap_site = "wasmc_trap_site",
        "A trapping instruction: function, offset from the function's start, trap code. Sorted." {
        FUNC_INDEX = func_index: U32,
        CODE_OFFSET = code_offset: U32,
        TRAP = trap: U32,
    }
}

abi_struct! {
    pub static TAG_DESC, mod tag_desc = "wasmc_tag_desc",
        "An exception tag (imported or defined): its function type (params = payload)." {
        TYPE_INDEX = type_index: U32,
        IMPORTED = imported: U8,
    }
}

abi_struct! {
    /// An exception object (an exnref points at one). Allocated by the
    /// runtime's throw; generated code reads the payload of a caught
    /// exception from `vals` and marks it `exposed` when an exnref to it
    /// escapes into wasm values (`catch_ref`, `catch_all_ref`).
    pub static EXN, mod exn = "wasmc_exn",
        "An exception: tag identity and payload values." {
        TAG = tag: Ptr("const struct wasmc_tag *"),
        VALS = vals: Ptr("union wasmc_val *"),
        NUM_VALS = num_vals: U32,
        EXPOSED = exposed: U32,
    }
}

abi_struct! {
    pub static CALL_SITE, mod call_site = "wasmc_call_site",
        "A call with exception handlers: function, return-address offset from the function's start, FP-to-SP distance at the call, its handlers (a range of `handlers`). Sorted by (function, offset)." {
        FUNC_INDEX = func_index: U32,
        CODE_OFFSET = code_offset: U32,
        FRAME_OFFSET = frame_offset: U32,
        FIRST_HANDLER = first_handler: U32,
        NUM_HANDLERS = num_handlers: U32,
    }
}

abi_struct! {
    pub static HANDLER, mod handler = "wasmc_handler",
        "One handler of a call site, in match order: see WASMC_HANDLER_* for `kind`; `index` is the tag index (TAG) or the SP offset of the saved vmctx (CONTEXT); `target` the handler's offset from the function's start." {
        KIND = kind: U32,
        INDEX = index: U32,
        TARGET = target: U32,
    }
}

abi_struct! {
    pub static STACK_MAP, mod stack_map = "wasmc_stack_map",
        "The GC roots of one safepoint (a call in a function of a module with GC types): function, return-address offset from the function's start, FP-to-SP distance at the call, and the SP offsets of the stack slots holding live GC references (a range of `stack_slots`). Sorted by (function, offset)." {
        FUNC_INDEX = func_index: U32,
        CODE_OFFSET = code_offset: U32,
        FRAME_SIZE = frame_size: U32,
        FIRST_SLOT = first_slot: U32,
        NUM_SLOTS = num_slots: U32,
    }
}

abi_struct! {
    pub static STACK_SLOT, mod stack_slot = "wasmc_stack_slot",
        "One stack slot of a stack map: the offset from the SP at the call of a word holding a GC reference." {
        OFFSET = offset: U32,
    }
}

abi_struct! {
    pub static MODULE_DESC, mod module_desc = "wasmc_module_desc",
        "Everything the runtime needs to instantiate a compiled module." {
        ABI_VERSION = abi_version: U32,
        FLAGS = flags: U32,
        NAME = name: Ptr("const char *"),
        TYPES = types: Ptr("const struct wasmc_type_desc *"),
        IMPORTS = imports: Ptr("const struct wasmc_import_desc *"),
        FUNCS = funcs: Ptr("const struct wasmc_func_desc *"),
        MEMORIES = memories: Ptr("const struct wasmc_memory_desc *"),
        TABLES = tables: Ptr("const struct wasmc_table_desc *"),
        GLOBALS = globals: Ptr("const struct wasmc_global_desc *"),
        EXPORTS = exports: Ptr("const struct wasmc_export_desc *"),
        DATAS = datas: Ptr("const struct wasmc_data_desc *"),
        ELEMS = elems: Ptr("const struct wasmc_elem_desc *"),
        TRAP_SITES = trap_sites: Ptr("const struct wasmc_trap_site *"),
        NUM_TYPES = num_types: U32,
        NUM_IMPORTS = num_imports: U32,
        NUM_FUNCS = num_funcs: U32,
        NUM_IMPORTED_FUNCS = num_imported_funcs: U32,
        NUM_MEMORIES = num_memories: U32,
        NUM_TABLES = num_tables: U32,
        NUM_GLOBALS = num_globals: U32,
        NUM_EXPORTS = num_exports: U32,
        NUM_DATAS = num_datas: U32,
        NUM_ELEMS = num_elems: U32,
        NUM_TRAP_SITES = num_trap_sites: U32,
        START_FUNC = start_func: U32,
        /// Comma-separated CPU features the code needs beyond the target's
        /// baseline (Cranelift flag names without `has_`, e.g. "sse41,popcnt");
        /// the runtime checks them before running anything.
        CPU_FEATURES = cpu_features: Ptr("const char *"),
        TAGS = tags: Ptr("const struct wasmc_tag_desc *"),
        CALL_SITES = call_sites: Ptr("const struct wasmc_call_site *"),
        HANDLERS = handlers: Ptr("const struct wasmc_handler *"),
        NUM_TAGS = num_tags: U32,
        NUM_CALL_SITES = num_call_sites: U32,
        NUM_HANDLERS = num_handlers: U32,
        /// GC stack maps (empty for modules without GC types).
        STACK_MAPS = stack_maps: Ptr("const struct wasmc_stack_map *"),
        STACK_SLOTS = stack_slots: Ptr("const struct wasmc_stack_slot *"),
        NUM_STACK_MAPS = num_stack_maps: U32,
        NUM_STACK_SLOTS = num_stack_slots: U32,
        /// Multi-versioned code (`--cpu A+B`): the further variants of the
        /// code, from the least to the most capable CPU (this descriptor is
        /// variant 0, the least capable). Each is a partial descriptor: only
        /// `abi_version`, `cpu_features`, `funcs`, `trap_sites`, `call_sites`,
        /// `handlers`, `stack_maps`, `stack_slots` and their counts are set;
        /// everything else is this descriptor's. The runtime picks one once
        /// (variant.c). NULL and 0 for single-CPU code.
        VARIANTS = variants: Ptr("const struct wasmc_module_desc *"),
        NUM_VARIANTS = num_variants: U32,
    }
}

abi_struct! {
    pub static DIR_MAP, mod dir_map = "wasmc_dir_map",
        "A preopened directory: host path and the name the guest sees." {
        HOST = host: Ptr("const char *"),
        GUEST = guest: Ptr("const char *"),
    }
}

abi_struct! {
    pub static EXE_CONFIG, mod exe_config = "wasmc_exe_config",
        "Capabilities granted at build time (`wasmc build --dir/--env/...`)." {
        ABI_VERSION = abi_version: U32,
        INHERIT_ENV = inherit_env: U32,
        DIRS = dirs: Ptr("const struct wasmc_dir_map *"),
        ENVS = envs: Ptr("const char *const *"),
        NUM_DIRS = num_dirs: U32,
        NUM_ENVS = num_envs: U32,
        MAX_MEMORY = max_memory: U64,
        /// `ADDR:PORT` strings: listening TCP sockets for sock_accept.
        LISTEN = listen: Ptr("const char *const *"),
        NUM_LISTEN = num_listen: U32,
        /// `--max-gc-heap`: the GC heap reservation per store in bytes (0: the
        /// runtime's default, WASMC_GC_HEAP_DEFAULT_BYTES).
        MAX_GC_HEAP = max_gc_heap: U64,
    }
}

/// Every struct, in dependency order (the header is emitted in this order).
pub static STRUCTS: &[&Struct] = &[
    &VMCTX,
    &GC_HEAP,
    &RTT,
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
    &TAG_DESC,
    &EXN,
    &CALL_SITE,
    &HANDLER,
    &STACK_MAP,
    &STACK_SLOT,
    &MODULE_DESC,
    &DIR_MAP,
    &EXE_CONFIG,
];
