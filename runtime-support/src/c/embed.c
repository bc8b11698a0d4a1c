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
 * Keys are wasm names: byte strings with explicit lengths that may contain
 * NUL bytes (a registered instance's export names are taken from its
 * descriptor as they are); the C-string entry points pass strlen().
 *
 * WASI functions are resolved on demand (wasmc_wasi_resolve, shared with
 * the executable driver) rather than defined up front, so explicit
 * definitions under wasi_snapshot_preview1 always win. Each WASI define makes
 * a context of the linker's own (wasi_config.c): linkers share no WASI state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include "code_registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct link_entry {
    char *module, *name; /* copies, NUL-terminated after module_len/name_len bytes */
    size_t module_len, name_len;
    uint64_t hash;
    struct wasmc_extern ext;
    /* Storage owned by the entry (ext points here when the host defined it). */
    struct wasmc_host_func rec; /* calls host_call(entry, ...) */
    struct wasmc_funcref ref;
    wasmc_host_fn fn; /* the embedder's function and data */
    void *fn_data;
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
    struct wasmc_tag **tags; /* host tags (wasmc_tag_new) */
    size_t num_tags, cap_tags;
    /* WASI for later instantiations (NULL: none), and every context the
     * linker made (wasmc_linker_define_wasi_config), freed with it. */
    struct wasmc_wasi_ctx *wasi;
    struct wasmc_wasi_ctx **wasi_ctxs;
    size_t num_wasi_ctxs;
    /* This linker's instances call each other: they form one stack-limit
     * domain (code_registry.h), so that linkers may run on different threads
     * at the same time. */
    struct wasmc_stack_domain *domain;
    /* Resolver scratch for a WASI import: the instance copies it at once. */
    struct wasmc_wasi_import wasi_scratch;
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

/* A (module, name) key: two byte strings. */
struct key {
    const char *module, *name;
    size_t module_len, name_len;
};

static struct key cstr_key(const char *module, const char *name) {
    return (struct key){module, name, strlen(module), strlen(name)};
}

static uint64_t fnv1a(uint64_t h, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t key_hash(struct key k) {
    /* FNV-1a over module, a NUL, name. Keys that differ only in where a NUL
     * sits hash alike; find_slot compares the bytes and lengths anyway. */
    uint64_t h = fnv1a(0xcbf29ce484222325ull, k.module, k.module_len);
    h = fnv1a(h, "", 1);
    return fnv1a(h, k.name, k.name_len);
}

static bool entry_has_key(const struct link_entry *e, struct key k) {
    return wasmc_name_eq(e->module, e->module_len, k.module, k.module_len) &&
           wasmc_name_eq(e->name, e->name_len, k.name, k.name_len);
}

static struct link_entry **find_slot(const wasmc_linker_t *l, uint64_t h, struct key k) {
    size_t mask = l->cap_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct link_entry *e = l->slots[i];
        if (!e || (e->hash == h && entry_has_key(e, k))) return &l->slots[i];
    }
}

static struct key entry_key(const struct link_entry *e) {
    return (struct key){e->module, e->name, e->module_len, e->name_len};
}

static const struct link_entry *lookup(const wasmc_linker_t *l, struct key k) {
    if (!l->cap_slots) return NULL;
    return *find_slot(l, key_hash(k), k);
}

/* A new entry for key k, made current; the caller fills ext. */
static struct link_entry *add_entry(wasmc_linker_t *l, struct key k) {
    struct link_entry *e = wasmc_xcalloc(1, sizeof *e);
    e->module = wasmc_xmemdup(k.module, k.module_len);
    e->name = wasmc_xmemdup(k.name, k.name_len);
    e->module_len = k.module_len;
    e->name_len = k.name_len;
    e->hash = key_hash(k);
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
            if (old[i]) *find_slot(l, old[i]->hash, entry_key(old[i])) = old[i];
        free(old);
    }
    struct link_entry **slot = find_slot(l, e->hash, k);
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
    case 'a': *out = WASMC_TYPE_ANYREF; return true;
    default: return false;
    }
}

static bool valid_valtype(uint8_t t) {
    switch (t) {
    case WASMC_TYPE_I32: case WASMC_TYPE_I64: case WASMC_TYPE_F32: case WASMC_TYPE_F64:
    case WASMC_TYPE_V128: case WASMC_TYPE_FUNCREF: case WASMC_TYPE_EXTERNREF:
    case WASMC_TYPE_ANYREF:
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
    wasmc_linker_t *l = wasmc_xcalloc(1, sizeof(struct wasmc_linker));
    l->domain = wasmc_stack_domain_new();
    return l;
}

void wasmc_linker_free(wasmc_linker_t *l) {
    if (!l) return;
    /* Instances first (newest first; none touches another's state when freed),
     * then what they may have imported. */
    for (size_t i = l->num_instances; i-- > 0;) wasmc_instance_free(l->instances[i]);
    wasmc_stack_domain_free(l->domain);
    for (size_t i = 0; i < l->num_entries; i++) {
        struct link_entry *e = l->entries[i];
        wasmc_memory_free(e->memory);
        wasmc_table_free(e->table);
        free(e->module);
        free(e->name);
        free(e);
    }
    for (size_t i = 0; i < l->num_tags; i++) free(l->tags[i]);
    for (size_t i = 0; i < l->num_wasi_ctxs; i++) wasmc_wasi_ctx_free(l->wasi_ctxs[i]);
    free(l->wasi_ctxs);
    free(l->tags);
    free(l->instances);
    free(l->entries);
    free(l->slots);
    free(l);
}

const char *wasmc_linker_error(const wasmc_linker_t *l) {
    return l ? l->error : "no linker";
}

/* ---- definitions ------------------------------------------------------------------ */

extern char **environ;

bool wasmc_linker_define_wasi_config(wasmc_linker_t *l, const wasmc_wasi_config_t *cfg) {
    if (!cfg) {
        set_error(l, "missing WASI configuration");
        return false;
    }
    /* Only the diagnostics variables of the process environment apply
     * (WASMC_WASI_DEBUG, WASMC_FORCE_NO_OPENAT2): the capabilities are
     * exactly the configuration's. */
    char err[sizeof l->error];
    struct wasmc_wasi_ctx *c = wasmc_wasi_ctx_new(cfg, environ, err, sizeof err);
    if (!c) {
        set_error(l, "WASI: %s", err);
        return false;
    }
    l->wasi_ctxs = wasmc_xrealloc(l->wasi_ctxs, l->num_wasi_ctxs + 1, sizeof *l->wasi_ctxs);
    l->wasi_ctxs[l->num_wasi_ctxs++] = c;
    l->wasi = c;
    return true;
}

void wasmc_linker_define_wasi(wasmc_linker_t *l, int argc, char **argv, char **envp) {
    wasmc_wasi_config_t *cfg = wasmc_wasi_config_new();
    if (!wasmc_wasi_config_set_args(cfg, argc > 0 ? argc : 0, argv))
        wasmc_fatal("wasmc_linker_define_wasi: %s", wasmc_wasi_config_error(cfg));
    for (size_t i = 0; envp && envp[i]; i++) {
        const char *eq = strchr(envp[i], '=');
        if (!eq || eq == envp[i]) continue; /* "NAME" alone: not a value */
        char *name = wasmc_xmemdup(envp[i], (size_t)(eq - envp[i]));
        wasmc_wasi_config_env(cfg, name, eq + 1);
        free(name);
    }
    if (!wasmc_linker_define_wasi_config(l, cfg))
        wasmc_fatal("wasmc_linker_define_wasi: %s", wasmc_linker_error(l));
    wasmc_wasi_config_free(cfg);
}

/* Every embedder host function runs under this wrapper, called by the
 * importer's host adapter (or by wasmc_host_array_call for a direct call).
 * When the embedder's function asked to throw (wasmc_host_throw), the
 * exception is thrown from here, after that function returned: the unwinder
 * starts at the adapter's frame and never walks host code (embed_exn.c).
 * noinline and a frame of its own (the runtime keeps frame pointers): its
 * frame record is where wasmc_exn_throw_from_host starts. */
__attribute__((noinline)) static void host_call(void *data, struct wasmc_vmctx *caller,
                                                union wasmc_val *vals) {
    const struct link_entry *e = data;
    /* A throw left behind by a host function that then trapped or exited
     * (longjmp past its wrapper) is dropped, not thrown by us. */
    wasmc_exception_free(wasmc_host_take_pending());
    e->fn(e->fn_data, caller, vals);
    struct wasmc_exn *exn = wasmc_host_take_pending();
    if (exn) wasmc_exn_throw_from_host(exn, (uintptr_t)__builtin_frame_address(0));
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
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->fn = fn;
    e->fn_data = data;
    e->rec.func = host_call;
    e->rec.data = e;
    wasmc_host_funcref_init(&e->ref, &e->rec, id);
    e->ext.kind = WASMC_EXTERN_FUNC;
    e->ext.func = &e->ref;
    return true;
}

/* A host memory, 32-bit or memory64 (whose limits may reach 2^48 pages). */
static bool define_memory(wasmc_linker_t *l, const char *module, const char *name,
                          uint64_t min_pages, bool has_max, uint64_t max_pages, bool is64,
                          bool shared) {
    if (!check_names(l, module, name)) return false;
    uint64_t limit = is64 ? (1ull << 48) : WASMC_MAX_PAGES_32;
    if (min_pages > limit || (has_max && (max_pages < min_pages || max_pages > limit))) {
        set_error(l, "%s.%s: invalid memory limits", module, name);
        return false;
    }
    struct wasmc_memory_desc type;
    memset(&type, 0, sizeof type);
    type.min_pages = min_pages;
    type.max_pages = has_max ? max_pages : 0;
    type.has_max = has_max;
    type.is64 = is64;
    type.shared = shared;
    /* Guard-mode code may only import memories with the guard reservation;
     * explicit-bounds code takes either. 32-bit hosts have only the latter. */
    bool guard = UINTPTR_MAX == UINT64_MAX;
    char err[256];
    struct wasmc_memory *m = wasmc_memory_new(&type, guard, err, sizeof err);
    if (!m) {
        set_error(l, "%s.%s: %s", module, name, err);
        return false;
    }
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->memory = m;
    e->ext.kind = WASMC_EXTERN_MEMORY;
    e->ext.memory = m;
    return true;
}

bool wasmc_linker_define_memory(wasmc_linker_t *l, const char *module, const char *name,
                                uint64_t min_pages, bool has_max, uint64_t max_pages) {
    return define_memory(l, module, name, min_pages, has_max, max_pages, false, false);
}

bool wasmc_linker_define_memory64(wasmc_linker_t *l, const char *module, const char *name,
                                  uint64_t min_pages, bool has_max, uint64_t max_pages) {
    return define_memory(l, module, name, min_pages, has_max, max_pages, true, false);
}

bool wasmc_linker_define_shared_memory(wasmc_linker_t *l, const char *module, const char *name,
                                       uint64_t min_pages, uint64_t max_pages) {
    return define_memory(l, module, name, min_pages, true, max_pages, false, true);
}

bool wasmc_linker_share_memory(wasmc_linker_t *l, const char *module, const char *name,
                               const wasmc_linker_t *from, const char *from_module,
                               const char *from_name) {
    if (!check_names(l, module, name)) return false;
    if (!from || !from_module || !from_name) {
        set_error(l, "%s.%s: missing linker or name to share a memory from", module, name);
        return false;
    }
    const struct link_entry *src = lookup(from, cstr_key(from_module, from_name));
    if (!src || src->ext.kind != WASMC_EXTERN_MEMORY) {
        set_error(l, "%s.%s: the other linker has no memory %s.%s", module, name, from_module,
                  from_name);
        return false;
    }
    /* Only a shared memory: its accesses, growth and wait/notify are safe
     * from several threads (atomic_wait.c, memory.c); an unshared one is
     * not (its length is not published for other threads). */
    if (!wasmc_memory_ref(src->ext.memory)) {
        set_error(l, "%s.%s: %s.%s is not a shared memory (only shared memories may be used by "
                  "several linkers)", module, name, from_module, from_name);
        return false;
    }
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->memory = src->ext.memory; /* our reference, dropped by wasmc_linker_free */
    e->ext.kind = WASMC_EXTERN_MEMORY;
    e->ext.memory = src->ext.memory;
    return true;
}

/* A host table, 32-bit or table64. */
static bool define_table(wasmc_linker_t *l, const char *module, const char *name,
                         uint8_t elem_type, uint64_t min, bool has_max, uint64_t max, bool is64) {
    if (!check_names(l, module, name)) return false;
    if (elem_type != WASMC_TYPE_FUNCREF && elem_type != WASMC_TYPE_EXTERNREF &&
        elem_type != WASMC_TYPE_ANYREF) {
        set_error(l, "%s.%s: invalid table element type 0x%x", module, name, elem_type);
        return false;
    }
    if (has_max && max < min) {
        set_error(l, "%s.%s: invalid table limits", module, name);
        return false;
    }
    char err[256];
    struct wasmc_table *t =
        wasmc_table_new(elem_type, true, 0, is64, min, has_max, max, NULL, err, sizeof err);
    if (!t) {
        set_error(l, "%s.%s: %s", module, name, err);
        return false;
    }
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->table = t;
    e->ext.kind = WASMC_EXTERN_TABLE;
    e->ext.table = t;
    return true;
}

bool wasmc_linker_define_table(wasmc_linker_t *l, const char *module, const char *name,
                               uint8_t elem_type, uint32_t min, bool has_max, uint32_t max) {
    return define_table(l, module, name, elem_type, min, has_max, max, false);
}

bool wasmc_linker_define_table64(wasmc_linker_t *l, const char *module, const char *name,
                                 uint8_t elem_type, uint64_t min, bool has_max, uint64_t max) {
    return define_table(l, module, name, elem_type, min, has_max, max, true);
}

bool wasmc_linker_define_global(wasmc_linker_t *l, const char *module, const char *name,
                                uint8_t valtype, bool mutable_, union wasmc_val value) {
    if (!check_names(l, module, name)) return false;
    if (!valid_valtype(valtype)) {
        set_error(l, "%s.%s: invalid global type 0x%x", module, name, valtype);
        return false;
    }
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->global = value;
    e->ext.kind = WASMC_EXTERN_GLOBAL;
    e->ext.global = &e->global;
    e->ext.global_type = valtype;
    e->ext.global_nullable = 1;
    e->ext.global_heap = 0;
    e->ext.global_mutable = mutable_;
    return true;
}

wasmc_tag_t *wasmc_tag_new(wasmc_linker_t *l, const char *params) {
    if (!params) params = "";
    size_t n = strlen(params);
    uint32_t id = signature_id(l, params, "");
    if (!id) return NULL;
    /* The record, then its payload types (the letters decoded). */
    struct wasmc_tag *tag = wasmc_xcalloc(1, sizeof *tag + n);
    uint8_t *types = (uint8_t *)(tag + 1);
    for (size_t i = 0; i < n; i++) letter_type(params[i], &types[i]);
    tag->type_id = id;
    tag->num_params = (uint32_t)n;
    tag->params = types;
    if (l->num_tags == l->cap_tags) {
        l->cap_tags = l->cap_tags ? l->cap_tags * 2 : 8;
        l->tags = wasmc_xrealloc(l->tags, l->cap_tags, sizeof *l->tags);
    }
    l->tags[l->num_tags++] = tag;
    return tag;
}

bool wasmc_linker_define_tag(wasmc_linker_t *l, const char *module, const char *name,
                             wasmc_tag_t *tag) {
    if (!check_names(l, module, name)) return false;
    if (!tag) {
        set_error(l, "%s.%s: missing tag", module, name);
        return false;
    }
    struct link_entry *e = add_entry(l, cstr_key(module, name));
    e->ext.kind = WASMC_EXTERN_TAG;
    e->ext.tag = tag;
    return true;
}

bool wasmc_linker_define_instance(wasmc_linker_t *l, const char *module, wasmc_instance_t *inst) {
    return wasmc_linker_define_instance_n(l, module, module ? strlen(module) : 0, inst);
}

bool wasmc_linker_define_instance_n(wasmc_linker_t *l, const char *module, size_t module_len,
                                    wasmc_instance_t *inst) {
    if (!module || !inst) {
        set_error(l, "missing module name or instance");
        return false;
    }
    const struct wasmc_module_desc *d = inst->desc;
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        struct wasmc_extern ext;
        if (!wasmc_instance_export(inst, ex->name, ex->name_len, &ext)) {
            char buf[256];
            wasmc_fatal("export %s of an instance cannot be resolved",
                        wasmc_name_print(buf, sizeof buf, ex->name, ex->name_len));
        }
        struct key k = {module, ex->name, module_len, ex->name_len};
        struct link_entry *e = add_entry(l, k);
        e->ext = ext; /* points into the instance, which owns it */
    }
    return true;
}

/* ---- instantiation ------------------------------------------------------------------ */

static bool linker_resolve(void *data, const struct wasmc_module_desc *desc,
                           const struct wasmc_import_desc *imp, struct wasmc_extern *out) {
    (void)desc;
    wasmc_linker_t *l = data;
    const struct link_entry *e =
        lookup(l, (struct key){imp->module, imp->name, imp->module_len, imp->name_len});
    if (e) {
        *out = e->ext;
        return true;
    }
    /* Offered as a function even to a non-function import, which the
     * runtime then reports as an incompatible import type. */
    return l->wasi && wasmc_wasi_resolve(imp, l->wasi, &l->wasi_scratch, out);
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
    if (desc->abi_version == WASMC_ABI_VERSION &&
        !wasmc_check_cpu_features(desc, "module", msg, sizeof msg)) {
        memcpy(l->error, msg, sizeof msg);
        if (err && err_len) snprintf(err, err_len, "%s", msg);
        return NULL;
    }
    struct wasmc_instance *inst =
        wasmc_instantiate_in(desc, linker_resolve, l, msg, sizeof msg, trap, outcome, l->domain);
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
    /* The WASI reactor ABI (reactor.c); the linker keeps the instance. */
    if (!wasmc_reactor_initialize(inst, msg, sizeof msg, trap, outcome)) {
        memcpy(l->error, msg, sizeof msg);
        if (err && err_len) snprintf(err, err_len, "%s", msg);
        return NULL;
    }
    return inst;
}

/* ---- exports ------------------------------------------------------------------------ */

/* The C-string entry points are the *_n ones with strlen(name). */
#define NAME_LEN(name) ((name) ? strlen(name) : 0)

static const struct wasmc_export_desc *find_export(wasmc_instance_t *inst, const char *name,
                                                   size_t name_len, uint32_t kind) {
    return inst && name ? wasmc_find_export(inst, name, name_len, kind) : NULL;
}

bool wasmc_instance_func_type(wasmc_instance_t *inst, const char *name, const uint8_t **params,
                              uint32_t *num_params, const uint8_t **results,
                              uint32_t *num_results) {
    return wasmc_instance_func_type_n(inst, name, NAME_LEN(name), params, num_params, results,
                                      num_results);
}

bool wasmc_instance_func_type_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                const uint8_t **params, uint32_t *num_params,
                                const uint8_t **results, uint32_t *num_results) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_FUNC);
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
    return wasmc_instance_call_n(inst, name, NAME_LEN(name), vals, trap);
}

enum wasmc_outcome wasmc_instance_call_n(wasmc_instance_t *inst, const char *name,
                                         size_t name_len, union wasmc_val *vals,
                                         struct wasmc_trap_info *trap) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_FUNC);
    if (!ex) {
        char buf[256];
        wasmc_fatal("wasmc_instance_call: no function export named \"%s\"",
                    name ? wasmc_name_print(buf, sizeof buf, name, name_len) : "");
    }
    union wasmc_val scratch[1];
    if (!vals) {
        memset(scratch, 0, sizeof scratch);
        vals = scratch;
    }
    /* Typed reference parameters: compiled code trusts their static type
     * (call_ref has no signature check), so the host's arguments must have
     * it: a wrong one is a host bug, like a missing export. */
    uint32_t ti = inst->desc->funcs[ex->index].type_index;
    const struct wasmc_type_desc *t = &inst->desc->types[ti];
    for (uint32_t i = 0; i < t->num_params; i++) {
        bool nullable;
        uint32_t heap;
        if (wasmc_type_value_ref(inst->desc->types, ti, inst->vmctx.type_ids, i, &nullable, &heap) &&
            !wasmc_ref_value_matches(&inst->vmctx, vals[i].ref, nullable, heap)) {
            char buf[256];
            wasmc_fatal("wasmc_instance_call: argument %u of \"%s\" does not have the "
                        "parameter's reference type",
                        i, name ? wasmc_name_print(buf, sizeof buf, name, name_len) : "");
        }
    }
    return wasmc_call(&inst->vmctx.funcrefs[ex->index], vals, trap);
}

bool wasmc_instance_global_get(wasmc_instance_t *inst, const char *name, uint8_t *valtype,
                               union wasmc_val *out) {
    return wasmc_instance_global_get_n(inst, name, NAME_LEN(name), valtype, out);
}

bool wasmc_instance_global_get_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 uint8_t *valtype, union wasmc_val *out) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_GLOBAL);
    if (!ex) return false;
    if (valtype) *valtype = inst->desc->globals[ex->index].valtype;
    if (out) *out = *inst->vmctx.globals[ex->index];
    return true;
}

bool wasmc_instance_global_set(wasmc_instance_t *inst, const char *name, union wasmc_val value) {
    return wasmc_instance_global_set_n(inst, name, NAME_LEN(name), value);
}

bool wasmc_instance_global_set_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 union wasmc_val value) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_GLOBAL);
    if (!ex || !inst->desc->globals[ex->index].mutable_) return false;
    const struct wasmc_global_desc *g = &inst->desc->globals[ex->index];
    uint32_t heap = g->heap_type;
    if (heap && !(heap & WASMC_HEAP_ABSTRACT)) heap = inst->vmctx.type_ids[heap - 1];
    if (wasmc_is_ref_type(g->valtype) &&
        !wasmc_ref_value_matches(&inst->vmctx, value.ref, g->nullable != 0, heap))
        return false;
    *inst->vmctx.globals[ex->index] = value;
    return true;
}

wasmc_tag_t *wasmc_instance_tag(wasmc_instance_t *inst, const char *name) {
    return wasmc_instance_tag_n(inst, name, NAME_LEN(name));
}

wasmc_tag_t *wasmc_instance_tag_n(wasmc_instance_t *inst, const char *name, size_t name_len) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_TAG);
    return ex ? inst->vmctx.tags[ex->index] : NULL;
}

uint8_t *wasmc_instance_memory(wasmc_instance_t *inst, const char *name, uint64_t *size_bytes) {
    return wasmc_instance_memory_n(inst, name, NAME_LEN(name), size_bytes);
}

uint8_t *wasmc_instance_memory_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 uint64_t *size_bytes) {
    const struct wasmc_export_desc *ex = find_export(inst, name, name_len, WASMC_EXTERN_MEMORY);
    if (size_bytes) *size_bytes = 0;
    if (!ex) return NULL;
    struct wasmc_memory *m = inst->vmctx.memories[ex->index];
    if (size_bytes) *size_bytes = wasmc_memory_length(m);
    return m->base;
}

uint8_t *wasmc_caller_memory(struct wasmc_vmctx *caller, uint64_t *size_bytes) {
    struct wasmc_memory *m = caller ? caller->instance->host_memory : NULL;
    if (size_bytes) *size_bytes = m ? wasmc_memory_length(m) : 0;
    return m ? m->base : NULL;
}

uint8_t *wasmc_caller_export_memory(struct wasmc_vmctx *caller, const char *name,
                                    uint64_t *size_bytes) {
    return wasmc_caller_export_memory_n(caller, name, NAME_LEN(name), size_bytes);
}

uint8_t *wasmc_caller_export_memory_n(struct wasmc_vmctx *caller, const char *name,
                                      size_t name_len, uint64_t *size_bytes) {
    return wasmc_instance_memory_n(caller ? caller->instance : NULL, name, name_len, size_bytes);
}
