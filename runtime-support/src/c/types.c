/* types.c: process-wide interning of function types.
 *
 * Every module's function types are mapped to canonical ids (>= 1) that are
 * equal exactly when the types are structurally equal, in every module of the
 * process: vmctx->type_ids[] holds them, call_indirect compares them in
 * generated code, and import matching compares them at instantiation. Hosts
 * (the executable driver, embedders) ask for ids of their own functions'
 * types too, so the table is shared, guarded by a mutex, and lives as long as
 * the process.
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>

/* Types live for the life of the process; ids are indices + 1 into g_types.
 * A type is its canonical key (the format of wasmc_type_desc.key, with
 * concrete heap types naming canonical ids); lookup is an open-addressing
 * hash over the key bytes. */
struct type_entry {
    uint64_t hash;
    size_t len;
    uint8_t *key;
};

static pthread_mutex_t g_types_mu = PTHREAD_MUTEX_INITIALIZER;
static struct type_entry *g_types;
static uint32_t g_num_types, g_types_cap;
static uint32_t *g_type_slots; /* ids, 0 = empty */
static size_t g_type_slots_cap; /* power of two */

static uint64_t key_hash(const uint8_t *key, size_t len) {
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    const uint64_t prime = 0x100000001b3ull;
    for (size_t i = 0; i < len; i++) h = (h ^ key[i]) * prime;
    return h;
}

static void type_slots_insert(uint32_t id) {
    size_t mask = g_type_slots_cap - 1;
    for (size_t i = (size_t)g_types[id - 1].hash & mask;; i = (i + 1) & mask) {
        if (!g_type_slots[i]) {
            g_type_slots[i] = id;
            return;
        }
    }
}

/* Intern a canonical key. */
static uint32_t type_id_key(const uint8_t *key, size_t len) {
    uint64_t h = key_hash(key, len);
    pthread_mutex_lock(&g_types_mu);
    if (g_type_slots_cap) {
        size_t mask = g_type_slots_cap - 1;
        for (size_t i = (size_t)h & mask; g_type_slots[i]; i = (i + 1) & mask) {
            uint32_t id = g_type_slots[i];
            const struct type_entry *e = &g_types[id - 1];
            if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) {
                pthread_mutex_unlock(&g_types_mu);
                return id;
            }
        }
    }
    /* New type. Keep the slot table at most half full. */
    if (g_num_types >= UINT32_MAX / 4) wasmc_fatal("too many function types");
    if (g_num_types == g_types_cap) {
        g_types_cap = g_types_cap ? g_types_cap * 2 : 64;
        g_types = wasmc_xrealloc(g_types, g_types_cap, sizeof *g_types);
    }
    struct type_entry *e = &g_types[g_num_types];
    e->hash = h;
    e->len = len;
    e->key = wasmc_xcalloc(len, 1);
    memcpy(e->key, key, len);
    uint32_t id = ++g_num_types;
    if ((size_t)g_num_types * 2 > g_type_slots_cap) {
        free(g_type_slots);
        g_type_slots_cap = g_type_slots_cap ? g_type_slots_cap * 2 : 128;
        g_type_slots = wasmc_xcalloc(g_type_slots_cap, sizeof *g_type_slots);
        for (uint32_t i = 1; i <= g_num_types; i++) type_slots_insert(i);
    } else {
        type_slots_insert(id);
    }
    pthread_mutex_unlock(&g_types_mu);
    return id;
}

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t wasmc_type_id(const uint8_t *params, uint32_t num_params, const uint8_t *results,
                       uint32_t num_results) {
    if ((num_params && !params) || (num_results && !results))
        wasmc_fatal("wasmc_type_id: missing value types");
    size_t n = (size_t)num_params + num_results, len;
    /* Each value takes at most two bytes (a reference: REF_NULL + heap). */
    if (n > SIZE_MAX / 2 - 8) wasmc_fatal("function type too large");
    uint8_t *key = wasmc_xcalloc(8 + 2 * n, 1);
    put_u32(key, num_params);
    put_u32(key + 4, num_results);
    len = 8;
    for (size_t i = 0; i < n; i++) {
        uint8_t t = i < num_params ? params[i] : results[i - num_params];
        /* funcref and externref are (ref null func) and (ref null extern). */
        if (t == WASMC_TYPE_FUNCREF || t == WASMC_TYPE_EXTERNREF) key[len++] = WASMC_TYPE_REF_NULL;
        key[len++] = t;
    }
    uint32_t id = type_id_key(key, len);
    free(key);
    return id;
}

uint32_t wasmc_type_id_desc(const struct wasmc_type_desc *t, uint32_t index,
                            const uint32_t *type_ids) {
    const uint8_t *k = t->key;
    size_t len = t->key_len;
    if (!k || len < 8) wasmc_fatal("corrupt module descriptor: type %u has no key", index);
    uint8_t *key = wasmc_xcalloc(len, 1);
    memcpy(key, k, len);
    size_t n = (size_t)get_u32(k) + get_u32(k + 4), pos = 8;
    for (size_t i = 0; i < n; i++) {
        if (pos >= len) goto corrupt;
        uint8_t b = k[pos++];
        if (b != WASMC_TYPE_REF && b != WASMC_TYPE_REF_NULL) continue;
        if (pos >= len) goto corrupt;
        if (k[pos++] != WASMC_TYPE_HEAP_CONCRETE) continue;
        if (len - pos < 4) goto corrupt;
        /* Validation only lets a type refer to earlier types. */
        uint32_t j = get_u32(k + pos);
        if (j >= index) goto corrupt;
        put_u32(key + pos, type_ids[j]);
        pos += 4;
    }
    if (pos != len) goto corrupt;
    uint32_t id = type_id_key(key, len);
    free(key);
    return id;
corrupt:
    wasmc_fatal("corrupt module descriptor: bad key of type %u", index);
}

bool wasmc_reftype_matches(uint8_t repr, bool nullable, uint32_t heap, uint8_t want_repr,
                           bool want_nullable, uint32_t want_heap, bool exact) {
    if (repr != want_repr) return false;
    if (exact) return nullable == want_nullable && heap == want_heap;
    /* Subtyping without GC: non-null <: nullable, and a concrete function
     * type <: func (heap 0); concrete types match only themselves. */
    if (nullable && !want_nullable) return false;
    return want_heap == 0 || heap == want_heap;
}

bool wasmc_type_value_ref(const struct wasmc_type_desc *t, const uint32_t *type_ids, uint32_t i,
                          bool *nullable, uint32_t *heap) {
    const uint8_t *k = t->key;
    size_t len = t->key_len, pos = 8;
    if (!k || len < 8 || i >= (uint64_t)get_u32(k) + get_u32(k + 4))
        wasmc_fatal("corrupt module descriptor: bad type key");
    for (uint32_t v = 0;; v++) {
        if (pos >= len) wasmc_fatal("corrupt module descriptor: bad type key");
        uint8_t b = k[pos++];
        bool is_ref = b == WASMC_TYPE_REF || b == WASMC_TYPE_REF_NULL;
        uint32_t h = 0;
        if (is_ref) {
            if (pos >= len) wasmc_fatal("corrupt module descriptor: bad type key");
            if (k[pos++] == WASMC_TYPE_HEAP_CONCRETE) {
                if (len - pos < 4) wasmc_fatal("corrupt module descriptor: bad type key");
                h = type_ids[get_u32(k + pos)];
                pos += 4;
            }
        }
        if (v == i) {
            *nullable = b == WASMC_TYPE_REF_NULL;
            *heap = h;
            return is_ref;
        }
    }
}

bool wasmc_ref_value_matches(const void *ref, bool nullable, uint32_t heap) {
    if (!ref) return nullable;
    return heap == 0 || ((const struct wasmc_funcref *)ref)->type_id == heap;
}
