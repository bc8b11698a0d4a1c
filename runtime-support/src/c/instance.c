/* instance.c: instantiation, imports, exports and teardown of instances.
 *
 * Turns a compiled module's descriptor (struct wasmc_module_desc, emitted by
 * the compiler) into a live instance whose vmctx the generated code uses:
 * checks the descriptor, resolves and type-checks the imports, creates the
 * globals, tables and memories it defines, publishes its code and the
 * instance itself for the trap machinery, applies the active segments and
 * runs the start function.
 *
 * The parts it assembles live in files of their own:
 *   types.c          canonical type ids, recursion groups, subtyping
 *   type_match.c     reference subtyping for imports and host values
 *   memory.c         linear memories, memory.grow/fill/copy
 *   table.c          tables, table.grow/fill/copy
 *   segments.c       constant expressions, segments, memory.init/table.init
 *   host_func.c      host function references
 *   code_registry.c  code and live instances, read by trap.c
 *   trap.c           wasmc_call (the start function), trap messages, and
 *                    wasmc_trap_from_wasm, the last libcall
 * The dependencies only go one way: trap.c uses code_registry.c and
 * host_func.c, never this file.
 *
 * Threads: an instance runs on one thread at a time, and so does every
 * instance of its stack-limit domain (code_registry.h): the executable's
 * instances share the default domain, each embedding linker has one, each
 * wasi-threads thread's instance one of its own. Instantiation itself may run
 * on several threads at once (the type and code registries and the
 * live-instance lists are locked); only shared memories are shared state
 * between instances running at the same time.
 */
#include "rt.h"

#include "gc.h"

#include "code_registry.h"
#include "segments.h"

#include <stdlib.h>

struct inst_impl {
    struct wasmc_instance pub; /* first (and pub.vmctx first in it) */
    struct wasmc_live_instance live; /* live instances, for stack limits */
};

/* ---- descriptor sanity ---------------------------------------------------- */

/* The descriptor comes from our own compiler, so inconsistencies are bugs;
 * check the indices we are about to trust so a bug aborts with a message
 * instead of corrupting memory. */
static void check_desc(const struct wasmc_module_desc *d) {
#define NEED(cond, ...)                                                               \
    do {                                                                              \
        if (!(cond)) wasmc_fatal("corrupt module descriptor: " __VA_ARGS__);         \
    } while (0)
    NEED(!d->num_types || d->types, "types");
    NEED(!d->num_imports || d->imports, "imports");
    NEED(!d->num_funcs || d->funcs, "funcs");
    NEED(!d->num_memories || d->memories, "memories");
    NEED(!d->num_tables || d->tables, "tables");
    NEED(!d->num_globals || d->globals, "globals");
    NEED(!d->num_exports || d->exports, "exports");
    NEED(!d->num_datas || d->datas, "datas");
    NEED(!d->num_elems || d->elems, "elems");
    NEED(!d->num_trap_sites || d->trap_sites, "trap sites");
    NEED(!d->num_tags || d->tags, "tags");
    NEED(!d->num_call_sites || d->call_sites, "call sites");
    NEED(!d->num_handlers || d->handlers, "handlers");
    for (uint32_t i = 0; i < d->num_tags; i++) NEED(d->tags[i].type_index < d->num_types, "tag %u", i);
    NEED(d->num_imported_funcs <= d->num_funcs, "imported function count");
    for (uint32_t i = 0; i < d->num_types; i++) {
        const struct wasmc_type_desc *t = &d->types[i];
        NEED((!t->num_params || t->params) && (!t->num_results || t->results), "type %u", i);
    }
    for (uint32_t i = 0; i < d->num_funcs; i++) {
        NEED(d->funcs[i].type_index < d->num_types, "type of function %u", i);
        NEED(i < d->num_imported_funcs || d->funcs[i].code, "code of function %u", i);
    }
    for (uint32_t i = 0; i < d->num_imports; i++) {
        const struct wasmc_import_desc *im = &d->imports[i];
        NEED(im->module && im->name && im->module[im->module_len] == '\0' &&
                 im->name[im->name_len] == '\0',
             "import %u name", i);
        switch (im->kind) {
        case WASMC_EXTERN_FUNC:
            NEED(im->index < d->num_imported_funcs && im->type_index < d->num_types &&
                     d->funcs[im->index].type_index == im->type_index,
                 "function import %u", i);
            break;
        case WASMC_EXTERN_TABLE:
            NEED(im->index < d->num_tables && d->tables[im->index].imported, "table import %u", i);
            break;
        case WASMC_EXTERN_MEMORY:
            NEED(im->index < d->num_memories && d->memories[im->index].imported,
                 "memory import %u", i);
            break;
        case WASMC_EXTERN_GLOBAL:
            NEED(im->index < d->num_globals && d->globals[im->index].imported,
                 "global import %u", i);
            break;
        case WASMC_EXTERN_TAG:
            NEED(im->index < d->num_tags && d->tags[im->index].imported, "tag import %u", i);
            break;
        default: break; /* reported as a link error */
        }
    }
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        uint32_t n = ex->kind == WASMC_EXTERN_FUNC     ? d->num_funcs
                     : ex->kind == WASMC_EXTERN_TABLE  ? d->num_tables
                     : ex->kind == WASMC_EXTERN_MEMORY ? d->num_memories
                     : ex->kind == WASMC_EXTERN_GLOBAL ? d->num_globals
                     : ex->kind == WASMC_EXTERN_TAG    ? d->num_tags
                                                       : UINT32_MAX;
        NEED(ex->name && ex->name[ex->name_len] == '\0' && ex->index < n, "export %u", i);
    }
    for (uint32_t i = 0; i < d->num_elems; i++) {
        const struct wasmc_elem_desc *e = &d->elems[i];
        NEED(!e->count || e->items, "elem segment %u", i);
        NEED(e->mode != WASMC_SEG_ACTIVE || e->table < d->num_tables, "elem segment %u table", i);
    }
    for (uint32_t i = 0; i < d->num_datas; i++) {
        const struct wasmc_data_desc *s = &d->datas[i];
        NEED(!s->len || s->bytes, "data segment %u", i);
        NEED(s->mode != WASMC_SEG_ACTIVE || s->memory < d->num_memories,
             "data segment %u memory", i);
    }
    NEED(d->start_func == UINT32_MAX || d->start_func < d->num_funcs, "start function");
#undef NEED
}

/* ---- teardown --------------------------------------------------------------- */

static void instance_destroy(struct inst_impl *ii) {
    struct wasmc_instance *inst = &ii->pub;
    struct wasmc_vmctx *vm = &inst->vmctx;
    const struct wasmc_module_desc *d = inst->desc;
    wasmc_live_instance_remove(&ii->live);
    wasmc_gc_instance_gone(inst);
    if (vm->memories)
        for (uint32_t i = 0; i < d->num_memories; i++)
            if (!d->memories[i].imported) wasmc_memory_free(vm->memories[i]);
    if (vm->tables)
        for (uint32_t i = 0; i < d->num_tables; i++)
            if (!d->tables[i].imported) wasmc_table_free(vm->tables[i]);
    free(vm->funcrefs);
    free(vm->globals);
    free(vm->tables);
    free(vm->type_ids);
    free((void *)vm->rtts);
    free(vm->memories);
    free(vm->tags);
    free(inst->tag_storage);
    free(inst->dropped_datas);
    if (inst->elem_items)
        for (uint32_t i = 0; i < d->num_elems; i++) free(inst->elem_items[i]);
    free(inst->elem_items);
    free(inst->dropped_elems);
    free(inst->global_storage);
    free(inst->host_funcs);
    free(ii);
}

void wasmc_instance_free(struct wasmc_instance *inst) {
    if (inst) instance_destroy((struct inst_impl *)inst);
}

/* ---- imports -------------------------------------------------------------- */

/* "module.name" of an import, printable (see wasmc_name_print), for messages. */
struct import_label {
    char module[256], name[256];
};
static void import_label(struct import_label *b, const struct wasmc_import_desc *imp) {
    wasmc_name_print(b->module, sizeof b->module, imp->module, imp->module_len);
    wasmc_name_print(b->name, sizeof b->name, imp->name, imp->name_len);
}

/* Resolve and type-check one import; false (with err set) on a link error. */
/* The canonical heap of a descriptor's `heap_type` (0 top, WASMC_HEAP_ABSTRACT
 * | code, else a module-local type index + 1): the same, or the canonical
 * type id. */
static uint32_t heap_id(const struct wasmc_vmctx *vm, const struct wasmc_module_desc *d,
                        uint32_t heap_type) {
    if (!heap_type || (heap_type & WASMC_HEAP_ABSTRACT)) return heap_type;
    if (heap_type > d->num_types) wasmc_fatal("corrupt module descriptor: heap type %u", heap_type);
    return vm->type_ids[heap_type - 1];
}

static bool link_import(struct wasmc_instance *inst, const struct wasmc_import_desc *imp,
                        wasmc_resolver_fn resolve, void *resolve_data, uint32_t *num_host,
                        char *err, size_t err_len) {
    const struct wasmc_module_desc *d = inst->desc;
    struct wasmc_vmctx *vm = &inst->vmctx;
    struct wasmc_extern ext;
    struct import_label label;
    memset(&ext, 0, sizeof ext);
    if (imp->kind > WASMC_EXTERN_TAG) {
        import_label(&label, imp);
        wasmc_set_err(err, err_len, "unsupported import kind %u: %s.%s", imp->kind,
                      label.module, label.name);
        return false;
    }
    if (!resolve || !resolve(resolve_data, d, imp, &ext)) {
        import_label(&label, imp);
        wasmc_set_err(err, err_len, "unknown import: %s.%s", label.module, label.name);
        return false;
    }
    if (ext.kind != imp->kind) goto incompatible;
    switch (imp->kind) {
    case WASMC_EXTERN_FUNC: {
        const struct wasmc_funcref *src = ext.func;
        uint32_t t = imp->type_index;
        struct wasmc_funcref *dst = &vm->funcrefs[imp->index];
        if (!src || !wasmc_type_is_subtype_id(src->type_id, vm->type_ids[t])) goto incompatible;
        if (dst->type_id) wasmc_fatal("corrupt module descriptor: function %u imported twice",
                                      imp->index);
        if (src->array_call == wasmc_host_array_call) {
            /* A host function: keep our own copy of its record and call it
             * through this module's compiled adapter for the type. */
            if (!src->vmctx) wasmc_fatal("host function reference without a record");
            struct wasmc_host_func *rec = &inst->host_funcs[(*num_host)++];
            *rec = *(const struct wasmc_host_func *)src->vmctx;
            void *adapter = d->types[t].host_adapter ? d->types[t].host_adapter : src->wasm_call;
            if (!adapter) {
                import_label(&label, imp);
                wasmc_fatal("no host adapter for function type %u (import %s.%s)", t,
                            label.module, label.name);
            }
            dst->wasm_call = adapter;
            dst->vmctx = rec;
            dst->array_call = wasmc_host_array_call;
            dst->type_id = src->type_id;
        } else {
            *dst = *src; /* another instance's function: same code, its vmctx */
        }
        return true;
    }
    case WASMC_EXTERN_TABLE: {
        if (!ext.table) goto incompatible;
        const struct wasmc_table_desc *td = &d->tables[imp->index];
        bool matches = wasmc_table_import_matches(ext.table, td, heap_id(vm, d, td->heap_type));
        if (vm->tables[imp->index]) wasmc_fatal("corrupt module descriptor: table imported twice");
        if (!matches) goto incompatible;
        vm->tables[imp->index] = ext.table;
        return true;
    }
    case WASMC_EXTERN_MEMORY: {
        if (!ext.memory) goto incompatible;
        bool matches = wasmc_memory_import_matches(ext.memory, &d->memories[imp->index]);
        if (vm->memories[imp->index])
            wasmc_fatal("corrupt module descriptor: memory imported twice");
        if (!matches) goto incompatible;
        /* Code compiled for guard mode does unchecked accesses up to 6 GiB
         * past base (for memory64, up to the guard size past the largest
         * length): it must not get a memory without that reservation. */
        if (!(d->flags & WASMC_FLAG_EXPLICIT_BOUNDS) && !wasmc_memory_has_guard(ext.memory)) {
            import_label(&label, imp);
            wasmc_set_err(err, err_len,
                          "incompatible import type: %s.%s (memory lacks the guard region this "
                          "module was compiled for)",
                          label.module, label.name);
            return false;
        }
        vm->memories[imp->index] = ext.memory;
        return true;
    }
    case WASMC_EXTERN_GLOBAL: {
        const struct wasmc_global_desc *gd = &d->globals[imp->index];
        if (!ext.global || ext.global_type != gd->valtype ||
            (ext.global_mutable != 0) != (gd->mutable_ != 0))
            goto incompatible;
        /* References: a mutable global's type is invariant, an immutable
         * one's covariant. */
        if (wasmc_is_ref_type(gd->valtype) &&
            !wasmc_reftype_matches(ext.global_type, ext.global_nullable, ext.global_heap,
                                   gd->valtype, gd->nullable, heap_id(vm, d, gd->heap_type),
                                   gd->mutable_ != 0))
            goto incompatible;
        if (vm->globals[imp->index]) wasmc_fatal("corrupt module descriptor: global imported twice");
        vm->globals[imp->index] = ext.global;
        return true;
    }
    case WASMC_EXTERN_TAG: {
        uint32_t want = vm->type_ids[d->tags[imp->index].type_index];
        if (!ext.tag || ext.tag->type_id != want) goto incompatible;
        if (vm->tags[imp->index]) wasmc_fatal("corrupt module descriptor: tag imported twice");
        vm->tags[imp->index] = ext.tag;
        return true;
    }
    }
incompatible:
    import_label(&label, imp);
    wasmc_set_err(err, err_len, "incompatible import type: %s.%s", label.module, label.name);
    return false;
}

/* ---- instantiation --------------------------------------------------------- */

static void trap_info_clear(struct wasmc_trap_info *t) {
    t->code = 0;
    t->exit_status = 0;
    t->num_frames = 0;
    t->more_frames = 0;
    t->exception = NULL;
}

struct wasmc_instance *wasmc_instantiate(const struct wasmc_module_desc *desc,
                                         wasmc_resolver_fn resolve, void *resolve_data, char *err,
                                         size_t err_len, struct wasmc_trap_info *trap) {
    return wasmc_instantiate_ex(desc, resolve, resolve_data, err, err_len, trap, NULL);
}

struct wasmc_instance *wasmc_instantiate_ex(const struct wasmc_module_desc *desc,
                                            wasmc_resolver_fn resolve, void *resolve_data,
                                            char *err, size_t err_len,
                                            struct wasmc_trap_info *trap,
                                            enum wasmc_outcome *outcome) {
    return wasmc_instantiate_in(desc, resolve, resolve_data, err, err_len, trap, outcome, NULL);
}

struct wasmc_instance *wasmc_instantiate_in(const struct wasmc_module_desc *desc,
                                            wasmc_resolver_fn resolve, void *resolve_data,
                                            char *err, size_t err_len,
                                            struct wasmc_trap_info *trap,
                                            enum wasmc_outcome *outcome,
                                            struct wasmc_stack_domain *domain) {
    struct wasmc_trap_info trap_scratch;
    enum wasmc_outcome outcome_scratch;
    if (!trap) trap = &trap_scratch;
    if (!outcome) outcome = &outcome_scratch;
    *outcome = WASMC_OK;
    trap_info_clear(trap);
    if (err && err_len) err[0] = '\0';

    if (desc->abi_version != WASMC_ABI_VERSION) {
        wasmc_set_err(err, err_len,
                      "module was compiled for runtime ABI version %u, this runtime is %u",
                      desc->abi_version, WASMC_ABI_VERSION);
        return NULL;
    }
    /* Multi-versioned code: from here on, only the picked variant's code,
     * except that the functions a variant shares with variant 0 call
     * variant 0's copies of the others (see below). */
    const struct wasmc_module_desc *root = desc;
    desc = wasmc_module_variant(desc, err, err_len);
    if (!desc) return NULL;
    check_desc(desc);

    struct inst_impl *ii = wasmc_xcalloc(1, sizeof *ii);
    struct wasmc_instance *inst = &ii->pub;
    struct wasmc_vmctx *vm = &inst->vmctx;
    const struct wasmc_module_desc *d = desc;
    inst->desc = d;
    vm->instance = inst;
    vm->funcrefs = wasmc_xcalloc(d->num_funcs, sizeof *vm->funcrefs);
    vm->globals = wasmc_xcalloc(d->num_globals, sizeof *vm->globals);
    vm->tables = wasmc_xcalloc(d->num_tables, sizeof *vm->tables);
    vm->type_ids = wasmc_xcalloc(d->num_types, sizeof *vm->type_ids);
    vm->memories = wasmc_xcalloc(d->num_memories, sizeof *vm->memories);
    vm->tags = wasmc_xcalloc(d->num_tags, sizeof *vm->tags);
    inst->tag_storage = wasmc_xcalloc(d->num_tags, sizeof *inst->tag_storage);
    inst->dropped_datas = wasmc_xcalloc(d->num_datas, 1);
    inst->dropped_elems = wasmc_xcalloc(d->num_elems, 1);
    inst->global_storage = wasmc_xcalloc(d->num_globals, sizeof *inst->global_storage);
    inst->host_funcs = wasmc_xcalloc(d->num_imported_funcs, sizeof *inst->host_funcs);

    wasmc_type_ids_init(d->types, d->num_types, vm->type_ids);
    {
        const struct wasmc_rtt **rtts = wasmc_xcalloc(d->num_types, sizeof *rtts);
        for (uint32_t i = 0; i < d->num_types; i++)
            if (d->types[i].kind != WASMC_TYPE_FUNC) rtts[i] = wasmc_type_rtt(vm->type_ids[i]);
        vm->rtts = rtts;
    }
    /* The GC heap of the instance's store (gc.h). */
    vm->gc_heap = wasmc_gc_store_heap(inst, domain);

    /* Imports. */
    uint32_t num_host = 0;
    for (uint32_t i = 0; i < d->num_imports; i++)
        if (!link_import(inst, &d->imports[i], resolve, resolve_data, &num_host, err, err_len))
            goto link_error;
    for (uint32_t i = 0; i < d->num_imported_funcs; i++)
        if (!vm->funcrefs[i].type_id) wasmc_fatal("corrupt module descriptor: function %u not imported", i);

    /* Defined tags: a fresh identity per instance. */
    for (uint32_t i = 0; i < d->num_tags; i++) {
        if (d->tags[i].imported) {
            if (!vm->tags[i]) wasmc_fatal("corrupt module descriptor: tag %u not imported", i);
            continue;
        }
        struct wasmc_tag *tag = &inst->tag_storage[i];
        const struct wasmc_type_desc *t = &d->types[d->tags[i].type_index];
        tag->type_id = vm->type_ids[d->tags[i].type_index];
        tag->num_params = t->num_params;
        tag->params = t->params;
        tag->type = d->types;
        tag->type_index = d->tags[i].type_index;
        tag->type_ids = vm->type_ids;
        vm->tags[i] = tag;
    }

    /* Defined functions. */
    for (uint32_t i = d->num_imported_funcs; i < d->num_funcs; i++) {
        uint32_t t = d->funcs[i].type_index;
        vm->funcrefs[i] = (struct wasmc_funcref){
            .wasm_call = d->funcs[i].code,
            .vmctx = vm,
            .array_call = d->types[t].array_call,
            .type_id = vm->type_ids[t],
        };
    }

    /* Globals, in order: an initialiser may read any earlier global. */
    for (uint32_t i = 0; i < d->num_globals; i++) {
        const struct wasmc_global_desc *g = &d->globals[i];
        if (g->imported) {
            if (!vm->globals[i]) wasmc_fatal("corrupt module descriptor: global %u not imported", i);
            continue;
        }
        wasmc_const_eval(vm, &g->init, g->valtype, &inst->global_storage[i]);
        vm->globals[i] = &inst->global_storage[i];
    }

    /* Tables. */
    for (uint32_t i = 0; i < d->num_tables; i++) {
        const struct wasmc_table_desc *td = &d->tables[i];
        if (td->imported) {
            if (!vm->tables[i]) wasmc_fatal("corrupt module descriptor: table %u not imported", i);
            continue;
        }
        vm->tables[i] = wasmc_table_new(td->elem_type, td->nullable != 0,
                                        heap_id(vm, d, td->heap_type), td->is64 != 0, td->min,
                                        td->has_max,
                                        td->max, wasmc_const_ref(vm, &td->init), err, err_len);
        if (!vm->tables[i]) goto link_error;
        inst->num_owned_tables++;
    }

    /* Memories. */
    for (uint32_t i = 0; i < d->num_memories; i++) {
        const struct wasmc_memory_desc *md = &d->memories[i];
        if (md->imported) {
            if (!vm->memories[i]) wasmc_fatal("corrupt module descriptor: memory %u not imported", i);
            continue;
        }
        char why[160];
        vm->memories[i] = wasmc_memory_new(md, !(d->flags & WASMC_FLAG_EXPLICIT_BOUNDS), why,
                                           sizeof why);
        if (!vm->memories[i]) {
            wasmc_set_err(err, err_len, "memory %u: %s", i, why);
            goto link_error;
        }
        inst->num_owned_memories++;
    }
    vm->memory0 = d->num_memories ? vm->memories[0] : NULL;
    /* Generated code reaches memory 0's bytes through this copy (one load).
     * It never goes stale: a memory's base never moves (memory.c), whoever
     * grows it -- this instance, another one it is shared with, another
     * thread or the host. */
    vm->memory0_base = vm->memory0 ? vm->memory0->base : NULL;
    {
        static const char wasi_memory[] = "memory";
        const struct wasmc_export_desc *ex =
            wasmc_find_export(inst, wasi_memory, sizeof wasi_memory - 1, WASMC_EXTERN_MEMORY);
        inst->host_memory = ex ? vm->memories[ex->index] : vm->memory0;
    }

    /* From here on code may run and side effects become visible. A further
     * variant copies only some functions (the hot ones) and shares the rest
     * with variant 0; its descriptor lists the shared functions' code (for
     * funcref records) but only its copies' trap, call-site and stack-map
     * entries. Registering the root last puts it first in the registry's
     * lookups, so a PC in variant 0's code (shared functions, and variant
     * 0's copies, which shared code never calls but which must not fault
     * unrecognised) is looked up in the root's complete tables, and a PC in
     * the variant's copies, which the root's ranges do not contain, in
     * `d`'s. */
    wasmc_register_code(d);
    if (root != d) wasmc_register_code(root);
    inst->live = &ii->live;
    wasmc_live_instance_add(&ii->live, vm, domain);

    /* Active and declarative element segments, then data segments, as if by
     * table.init/memory.init followed by elem.drop/data.drop. A trap leaves
     * the effects of earlier segments in place (imported tables/memories may
     * now refer to this instance), so the instance is kept alive. */
    wasmc_elem_items_init(vm);
    uint32_t seg_trap = 0;
    for (uint32_t i = 0; i < d->num_elems && !seg_trap; i++) {
        const struct wasmc_elem_desc *e = &d->elems[i];
        if (e->mode == WASMC_SEG_ACTIVE) {
            uint64_t off = wasmc_const_offset(vm, &e->offset, d->tables[e->table].is64 != 0);
            if (!wasmc_table_init_range(vm, vm->tables[e->table], i, off, 0, e->count))
                seg_trap = WASMC_TRAP_TABLE_OUT_OF_BOUNDS;
            wasmc_elem_segment_drop(inst, i);
        } else if (e->mode == WASMC_SEG_DECLARED) {
            wasmc_elem_segment_drop(inst, i);
        }
    }
    for (uint32_t i = 0; i < d->num_datas && !seg_trap; i++) {
        const struct wasmc_data_desc *s = &d->datas[i];
        if (s->mode != WASMC_SEG_ACTIVE) continue;
        struct wasmc_memory *m = vm->memories[s->memory];
        uint64_t off = wasmc_const_offset(vm, &s->offset, d->memories[s->memory].is64 != 0);
        if (!wasmc_memory_init_range(vm, m, i, off, 0, s->len))
            seg_trap = WASMC_TRAP_MEMORY_OUT_OF_BOUNDS;
        inst->dropped_datas[i] = 1;
    }
    if (seg_trap) {
        trap->code = seg_trap;
        *outcome = WASMC_TRAPPED;
        wasmc_set_err(err, err_len, "trap: %s", wasmc_trap_message(seg_trap));
        return NULL;
    }

    if (d->start_func != UINT32_MAX) {
        union wasmc_val vals[1];
        memset(vals, 0, sizeof vals);
        enum wasmc_outcome o = wasmc_call(&vm->funcrefs[d->start_func], vals, trap);
        if (o != WASMC_OK) {
            *outcome = o;
            if (trap == &trap_scratch) { /* nobody to hand an exception to */
                wasmc_exception_free(trap->exception);
                trap->exception = NULL;
            }
            if (o == WASMC_TRAPPED || o == WASMC_EXCEPTION)
                wasmc_set_err(err, err_len, "trap: %s", wasmc_trap_message(trap->code));
            else wasmc_set_err(err, err_len, "exited with status %u", trap->exit_status);
            return NULL;
        }
    }
    return inst;

link_error:
    instance_destroy(ii);
    return NULL;
}

/* ---- exports --------------------------------------------------------------- */

const struct wasmc_export_desc *wasmc_find_export(const struct wasmc_instance *inst,
                                                  const char *name, size_t name_len,
                                                  uint32_t kind) {
    const struct wasmc_module_desc *d = inst->desc;
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        if (ex->kind == kind && wasmc_name_eq(ex->name, ex->name_len, name, name_len)) return ex;
    }
    return NULL;
}

bool wasmc_instance_export(const struct wasmc_instance *inst, const char *name, size_t name_len,
                           struct wasmc_extern *out) {
    const struct wasmc_module_desc *d = inst->desc;
    const struct wasmc_vmctx *vm = &inst->vmctx;
    memset(out, 0, sizeof *out);
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        if (!wasmc_name_eq(ex->name, ex->name_len, name, name_len)) continue;
        out->kind = ex->kind;
        switch (ex->kind) {
        case WASMC_EXTERN_FUNC: out->func = &vm->funcrefs[ex->index]; return true;
        case WASMC_EXTERN_TABLE: out->table = vm->tables[ex->index]; return true;
        case WASMC_EXTERN_MEMORY: out->memory = vm->memories[ex->index]; return true;
        case WASMC_EXTERN_GLOBAL:
            out->global = vm->globals[ex->index];
            out->global_type = d->globals[ex->index].valtype;
            out->global_mutable = d->globals[ex->index].mutable_ != 0;
            out->global_nullable = d->globals[ex->index].nullable;
            out->global_heap = heap_id(vm, d, d->globals[ex->index].heap_type);
            return true;
        case WASMC_EXTERN_TAG: out->tag = vm->tags[ex->index]; return true;
        default: return false;
        }
    }
    return false;
}
