/* embed.c: the public embedding API (include/wasmc.h) on top of rt.h.
 *
 * A linker is a hash map from (module, name) to a resolved extern
 * (struct wasmc_extern) plus the things it owns: host function records, the
 * memories, tables and global slots it created, and the instances it
 * instantiated. Definitions are never freed before the linker: replacing a
 * (module, name) only repoints the map, because instances that imported the
 * old definition may still use it (memories, tables and globals are imported
 * by pointer).
 *
 * WASI functions are resolved on demand (wasmc_wasi_lookup) rather than
 * defined up front, so explicit definitions under wasi_snapshot_preview1
 * always win.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define WASI_MODULE "wasi_snapshot_preview1"
/* 32-bit memories: 65536 pages of 64 KiB. */
#define MAX_PAGES_32 65536u

struct link_entry {
    char *module, *name;
    uint64_t hash;
    struct wasmc_extern ext;
    /* Storage owned by the entry (ext points here when the host defined it). */
    struct wasmc_host_func rec;
    struct wasmc_funcref ref;
    union wasmc_val global;
    struct wasmc_memory *memory;
    struct wasmc_table *table;
};

struct wasmc_linker {
    struct link_entry **entries; /* all entries ever defined (for freeing) */
    size_t num_entries, cap_entries;
    struct link_entry **slots; /* open addressing: the current entry per key */
    size_t num_slots_used, cap_slots; /* cap_slots: 0 or a power of two */
    struct wasmc_instance **instances; /* instantiated by this linker */
    size_t num_instances, cap_instances;
    bool wasi;
    /* Resolver scratch for a WASI import: the instance copies it at once. */
    struct wasmc_host_func wasi_rec;
    struct wasmc_funcref wasi_ref;
    char error[512];
};

static void set_error(wasmc_linker_t *l, const char *fmt, ...) WASMC_PRINTF(2, 3);
static void set_error(wasmc_linker_t *l, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->error, sizeof l->error, fmt, ap);
    va_end(ap);
}

/* ---- the (module, name) map ------------------------------------------------- */

static uint64_t key_hash(const char *module, const char *name) {
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a over module, NUL, name */
    const uint64_t prime = 0x100000001b3ull;
    for (const unsigned char *p = (const unsigned char *)module; *p; p++) h = (h ^ *p) * prime;
    h = (h ^ 0) * prime;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * prime;
    return h;
}

static struct link_entry **find_slot(const wasmc_linker_t *l, uint64_t h, const char *module,
                                     const char *name) {
    size_t mask = l->cap_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct link_entry *e = l->slots[i];
        if (!e || (e->hash == h && strcmp(e->module, module) == 0 && strcmp(e->name, name) == 0))
            return &l->slots[i];
    }
}

static const struct link_entry *lookup(const wasmc_linker_t *l, const char *module,
                                       const char *name) {
    if (!l->cap_slots) return NULL;
    return *find_slot(l, key_hash(module, name), module, name);
}

/* A new entry for (module, name), made current; the caller fills ext. */
static struct link_entry *add_entry(wasmc_linker_t *l, const char *module, const char *name) {
    struct link_entry *e = wasmc_xcalloc(1, sizeof *e);
    e->module = wasmc_xstrdup(module);
    e->name = wasmc_xstrdup(name);
    e->hash = key_hash(module, name);
    if (l->num_entries == l->cap_entries) {
        l->cap_entries = l->cap_entries ? l->cap_entries * 2 : 32;
        l->entries = wasmc_xrealloc(l->entries, l->cap_entries, sizeof *l->entries);
    }
    l->entries[l->num_entries++] = e;
    /* Keep the map at most half full. */
    if ((l->num_slots_used + 1) * 2 > l->cap_slots) {
        struct link_entry **old = l->slots;
        size_t old_cap = l->cap_slots;
        l->cap_slots = old_cap ? old_cap * 2 : 64;
        l->slots = wasmc_xcalloc(l->cap_slots, sizeof *l->slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i]) *find_slot(l, old[i]->hash, old[i]->module, old[i]->name) = old[i];
        free(old);
    }
    struct link_entry **slot = find_slot(l, e->hash, module, name);
    if (!*slot) l->num_slots_used++;
    *slot = e; /* replaces an earlier definition, which stays allocated */
    return e;
}

static bool check_names(wasmc_linker_t *l, const char *module, const char *name) {
    if (!module || !name) {
        set_error(l, "missing module or field name");
        return false;
    }
    return true;
}

/* ---- value types --------------------------------------------------------------- */

static bool letter_type(char c, uint8_t *out) {
    switch (c) {
    case 'i': *out = WASMC_TYPE_I32; return true;
    case 'I': *out = WASMC_TYPE_I64; return true;
    case 'f': *out = WASMC_TYPE_F32; return true;
    case 'F': *out = WASMC_TYPE_F64; return true;
    case 'V': *out = WASMC_TYPE_V128; return true;
    case 'r': *out = WASMC_TYPE_FUNCREF; return true;
    case 'e': *out = WASMC_TYPE_EXTERNREF; return true;
    default: return false;
    }
}

static bool valid_valtype(uint8_t t) {
    switch (t) {
    case WASMC_TYPE_I32: case WASMC_TYPE_I64: case WASMC_TYPE_F32: case WASMC_TYPE_F64:
    case WASMC_TYPE_V128: case WASMC_TYPE_FUNCREF: case WASMC_TYPE_EXTERNREF:
        return true;
    default:
        return false;
    }
}

/* Canonical type id of the signature params -> results (letter strings);
 * 0 (with the linker's error set) if one is malformed. */
static uint32_t signature_id(wasmc_linker_t *l, const char *params, const char *results) {
    if (!params) params = "";
    if (!results) results = "";
    size_t np = strlen(params), nr = strlen(results);
    if (np > UINT32_MAX || nr > UINT32_MAX) {
        set_error(l, "function type too large");
        return 0;
    }
    uint8_t *p = wasmc_xcalloc(np, 1), *r = wasmc_xcalloc(nr, 1);
    uint32_t id = 0;
    for (size_t i = 0; i < np; i++)
        if (!letter_type(params[i], &p[i])) {
            set_error(l, "invalid value type '%c' in parameter types \"%s\"", params[i], params);
            goto out;
        }
    for (size_t i = 0; i < nr; i++)
        if (!letter_type(results[i], &r[i])) {
            set_error(l, "invalid value type '%c' in result types \"%s\"", results[i], results);
            goto out;
        }
    id = wasmc_type_id(p, (uint32_t)np, r, (uint32_t)nr);
out:
    free(p);
    free(r);
    return id;
}

/* ---- linker lifecycle ------------------------------------------------------------ */

wasmc_linker_t *wasmc_linker_new(void) {
    return wasmc_xcalloc(1, sizeof(struct wasmc_linker));
}

void wasmc_linker_free(wasmc_linker_t *l) {
    if (!l) return;
    /* Instances first (newest first; none touches another's state when freed),
     * then what they may have imported. */
    for (size_t i = l->num_instances; i-- > 0;) wasmc_instance_free(l->instances[i]);
    for (size_t i = 0; i < l->num_entries; i++) {
        struct link_entry *e = l->entries[i];
        wasmc_memory_free(e->memory);
        wasmc_table_free(e->table);
        free(e->module);
        free(e->name);
        free(e);
    }
    free(l->instances);
    free(l->entries);
    free(l->slots);
    free(l);
}

const char *wasmc_linker_error(const wasmc_linker_t *l) {
    return l ? l->error : "no linker";
}

/* ---- definitions ------------------------------------------------------------------ */

void wasmc_linker_define_wasi(wasmc_linker_t *l, int argc, char **argv, char **envp) {
    /* The guest environment is exactly envp: pass it as build-time "NAME=VALUE"
     * entries and give wasmc_wasi_init an empty host environment, so that no
     * WASMC_* run-time variables (WASMC_DIRS preopens, WASMC_ENV_*,
     * WASMC_INHERIT_ENV) of the host process apply. */
    size_t n = 0;
    while (envp && envp[n]) n++;
    if (n > UINT32_MAX) wasmc_fatal("WASI environment too large");
    const char **envs = wasmc_xcalloc(n ? n : 1, sizeof *envs);
    uint32_t num_envs = 0;
    for (size_t i = 0; i < n; i++)
        if (strchr(envp[i], '=')) envs[num_envs++] = envp[i]; /* "NAME" alone: not a value */
    struct wasmc_exe_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.abi_version = WASMC_ABI_VERSION;
    cfg.envs = envs;
    cfg.num_envs = num_envs;
    char *no_env[1] = {NULL};
    wasmc_wasi_init(&cfg, argc, argv, no_env);
    free(envs);
    l->wasi = true;
}

bool wasmc_linker_define_func(wasmc_linker_t *l, const char *module, const char *name,
                              const char *params, const char *results, wasmc_host_fn fn,
                              void *data) {
    if (!check_names(l, module, name)) return false;
    if (!fn) {
        set_error(l, "%s.%s: missing host function", module, name);
        return false;
    }
    uint32_t id = signature_id(l, params, results);
    if (!id) return false;
    struct link_entry *e = add_entry(l, module, name);
    e->rec.func = fn;
    e->rec.data = data;
    wasmc_host_funcref_init(&e->ref, &e->rec, id);
    e->ext.kind = WASMC_EXTERN_FUNC;
    e->ext.func = &e->ref;
    return true;
}

bool wasmc_linker_define_memory(wasmc_linker_t *l, const char *module, const char *name,
                                uint64_t min_pages, bool has_max, uint64_t max_pages) {
    if (!check_names(l, module, name)) return false;
    if (min_pages > MAX_PAGES_32 || (has_max && (max_pages < min_pages || max_pages > MAX_PAGES_32))) {
        set_error(l, "%s.%s: invalid memory limits", module, name);
        return false;
    }
    struct wasmc_memory_desc type;
    memset(&type, 0, sizeof type);
    type.min_pages = min_pages;
    type.max_pages = has_max ? max_pages : 0;
    type.has_max = has_max;
    /* Guard-mode code may only import memories with the guard reservation;
     * explicit-bounds code takes either. 32-bit hosts have only the latter. */
    bool guard = UINTPTR_MAX == UINT64_MAX;
    char err[256];
    struct wasmc_memory *m = wasmc_memory_new(&type, guard, err, sizeof err);
    if (!m) {
        set_error(l, "%s.%s: %s", module, name, err);
        return false;
    }
    struct link_entry *e = add_entry(l, module, name);
    e->memory = m;
    e->ext.kind = WASMC_EXTERN_MEMORY;
    e->ext.memory = m;
    return true;
}

bool wasmc_linker_define_table(wasmc_linker_t *l, const char *module, const char *name,
                               uint8_t elem_type, uint32_t min, bool has_max, uint32_t max) {
    if (!check_names(l, module, name)) return false;
    if (elem_type != WASMC_TYPE_FUNCREF && elem_type != WASMC_TYPE_EXTERNREF) {
        set_error(l, "%s.%s: invalid table element type 0x%x", module, name, elem_type);
        return false;
    }
    if (has_max && max < min) {
        set_error(l, "%s.%s: invalid table limits", module, name);
        return false;
    }
    char err[256];
    struct wasmc_table *t = wasmc_table_new(elem_type, min, has_max, max, NULL, err, sizeof err);
    if (!t) {
        set_error(l, "%s.%s: %s", module, name, err);
        return false;
    }
    struct link_entry *e = add_entry(l, module, name);
    e->table = t;
    e->ext.kind = WASMC_EXTERN_TABLE;
    e->ext.table = t;
    return true;
}

bool wasmc_linker_define_global(wasmc_linker_t *l, const char *module, const char *name,
                                uint8_t valtype, bool mutable_, union wasmc_val value) {
    if (!check_names(l, module, name)) return false;
    if (!valid_valtype(valtype)) {
        set_error(l, "%s.%s: invalid global type 0x%x", module, name, valtype);
        return false;
    }
    struct link_entry *e = add_entry(l, module, name);
    e->global = value;
    e->ext.kind = WASMC_EXTERN_GLOBAL;
    e->ext.global = &e->global;
    e->ext.global_type = valtype;
    e->ext.global_mutable = mutable_;
    return true;
}

bool wasmc_linker_define_instance(wasmc_linker_t *l, const char *module, wasmc_instance_t *inst) {
    if (!module || !inst) {
        set_error(l, "missing module name or instance");
        return false;
    }
    const struct wasmc_module_desc *d = inst->desc;
    for (uint32_t i = 0; i < d->num_exports; i++) {
        struct wasmc_extern ext;
        if (d->exports[i].kind > WASMC_EXTERN_GLOBAL) continue; /* tags: not importable yet */
        if (!wasmc_instance_export(inst, d->exports[i].name, &ext))
            wasmc_fatal("export %s of an instance cannot be resolved", d->exports[i].name);
        struct link_entry *e = add_entry(l, module, d->exports[i].name);
        e->ext = ext; /* points into the instance, which owns it */
    }
    return true;
}

/* ---- instantiation ------------------------------------------------------------------ */

static bool linker_resolve(void *data, const struct wasmc_module_desc *desc,
                           const struct wasmc_import_desc *imp, struct wasmc_extern *out) {
    (void)desc;
    wasmc_linker_t *l = data;
    const struct link_entry *e = lookup(l, imp->module, imp->name);
    if (e) {
        *out = e->ext;
        return true;
    }
    if (!l->wasi || strcmp(imp->module, WASI_MODULE) != 0) return false;
    const struct wasmc_wasi_func *wf = wasmc_wasi_lookup(imp->name);
    if (!wf) return false;
    /* Offered as a function even to a non-function import, which the
     * runtime then reports as an incompatible import type. */
    uint32_t id = signature_id(l, wf->params, wf->results);
    if (!id) wasmc_fatal("bad WASI signature for %s", wf->name);
    l->wasi_rec.func = wf->fn;
    l->wasi_rec.data = NULL;
    wasmc_host_funcref_init(&l->wasi_ref, &l->wasi_rec, id);
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->func = &l->wasi_ref;
    return true;
}

wasmc_instance_t *wasmc_linker_instantiate(wasmc_linker_t *l, const struct wasmc_module_desc *desc,
                                           char *err, size_t err_len,
                                           struct wasmc_trap_info *trap,
                                           enum wasmc_outcome *outcome) {
    enum wasmc_outcome outcome_scratch;
    if (!outcome) outcome = &outcome_scratch;
    *outcome = WASMC_OK;
    if (!desc) {
        set_error(l, "missing module descriptor");
        if (err && err_len) snprintf(err, err_len, "%s", l->error);
        return NULL;
    }
    char msg[sizeof l->error];
    struct wasmc_instance *inst =
        wasmc_instantiate_ex(desc, linker_resolve, l, msg, sizeof msg, trap, outcome);
    if (err && err_len) snprintf(err, err_len, "%s", inst ? "" : msg);
    if (!inst) {
        memcpy(l->error, msg, sizeof msg);
        return NULL;
    }
    if (l->num_instances == l->cap_instances) {
        l->cap_instances = l->cap_instances ? l->cap_instances * 2 : 16;
        l->instances = wasmc_xrealloc(l->instances, l->cap_instances, sizeof *l->instances);
    }
    l->instances[l->num_instances++] = inst;
    return inst;
}

/* ---- exports ------------------------------------------------------------------------ */

bool wasmc_instance_func_type(wasmc_instance_t *inst, const char *name, const uint8_t **params,
                              uint32_t *num_params, const uint8_t **results,
                              uint32_t *num_results) {
    const struct wasmc_export_desc *ex =
        inst && name ? wasmc_find_export(inst, name, WASMC_EXTERN_FUNC) : NULL;
    if (!ex) return false;
    const struct wasmc_module_desc *d = inst->desc;
    const struct wasmc_type_desc *t = &d->types[d->funcs[ex->index].type_index];
    if (params) *params = t->params;
    if (num_params) *num_params = t->num_params;
    if (results) *results = t->results;
    if (num_results) *num_results = t->num_results;
    return true;
}

enum wasmc_outcome wasmc_instance_call(wasmc_instance_t *inst, const char *name,
                                       union wasmc_val *vals, struct wasmc_trap_info *trap) {
    const struct wasmc_export_desc *ex =
        inst && name ? wasmc_find_export(inst, name, WASMC_EXTERN_FUNC) : NULL;
    if (!ex) wasmc_fatal("wasmc_instance_call: no function export named \"%s\"", name ? name : "");
    union wasmc_val scratch[1];
    if (!vals) {
        memset(scratch, 0, sizeof scratch);
        vals = scratch;
    }
    return wasmc_call(&inst->vmctx.funcrefs[ex->index], vals, trap);
}

bool wasmc_instance_global_get(wasmc_instance_t *inst, const char *name, uint8_t *valtype,
                               union wasmc_val *out) {
    const struct wasmc_export_desc *ex =
        inst && name ? wasmc_find_export(inst, name, WASMC_EXTERN_GLOBAL) : NULL;
    if (!ex) return false;
    if (valtype) *valtype = inst->desc->globals[ex->index].valtype;
    if (out) *out = *inst->vmctx.globals[ex->index];
    return true;
}

bool wasmc_instance_global_set(wasmc_instance_t *inst, const char *name, union wasmc_val value) {
    const struct wasmc_export_desc *ex =
        inst && name ? wasmc_find_export(inst, name, WASMC_EXTERN_GLOBAL) : NULL;
    if (!ex || !inst->desc->globals[ex->index].mutable_) return false;
    *inst->vmctx.globals[ex->index] = value;
    return true;
}

uint8_t *wasmc_instance_memory(wasmc_instance_t *inst, const char *name, uint64_t *size_bytes) {
    const struct wasmc_export_desc *ex =
        inst && name ? wasmc_find_export(inst, name, WASMC_EXTERN_MEMORY) : NULL;
    if (size_bytes) *size_bytes = 0;
    if (!ex) return NULL;
    struct wasmc_memory *m = inst->vmctx.memories[ex->index];
    if (size_bytes) *size_bytes = m->length;
    return m->base;
}

uint8_t *wasmc_caller_memory(struct wasmc_vmctx *caller, uint64_t *size_bytes) {
    struct wasmc_memory *m = caller ? caller->memory0 : NULL;
    if (size_bytes) *size_bytes = m ? m->length : 0;
    return m ? m->base : NULL;
}
