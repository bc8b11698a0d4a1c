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
 * Lookup is an open-addressing hash over the signature bytes. */
struct type_entry {
    uint64_t hash;
    uint32_t num_params, num_results;
    uint8_t *sig; /* params then results */
};

static pthread_mutex_t g_types_mu = PTHREAD_MUTEX_INITIALIZER;
static struct type_entry *g_types;
static uint32_t g_num_types, g_types_cap;
static uint32_t *g_type_slots; /* ids, 0 = empty */
static size_t g_type_slots_cap; /* power of two */

static uint64_t type_hash(const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr) {
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    const uint64_t prime = 0x100000001b3ull;
    h = (h ^ np) * prime;
    h = (h ^ nr) * prime;
    for (uint32_t i = 0; i < np; i++) h = (h ^ p[i]) * prime;
    h = (h ^ 0xff) * prime;
    for (uint32_t i = 0; i < nr; i++) h = (h ^ r[i]) * prime;
    return h;
}

static bool type_equal(const struct type_entry *e, uint64_t h, const uint8_t *p, uint32_t np,
                       const uint8_t *r, uint32_t nr) {
    return e->hash == h && e->num_params == np && e->num_results == nr &&
           (np == 0 || memcmp(e->sig, p, np) == 0) &&
           (nr == 0 || memcmp(e->sig + np, r, nr) == 0);
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

uint32_t wasmc_type_id(const uint8_t *params, uint32_t num_params, const uint8_t *results,
                       uint32_t num_results) {
    if ((num_params && !params) || (num_results && !results))
        wasmc_fatal("wasmc_type_id: missing value types");
    uint64_t h = type_hash(params, num_params, results, num_results);
    pthread_mutex_lock(&g_types_mu);
    if (g_type_slots_cap) {
        size_t mask = g_type_slots_cap - 1;
        for (size_t i = (size_t)h & mask; g_type_slots[i]; i = (i + 1) & mask) {
            uint32_t id = g_type_slots[i];
            if (type_equal(&g_types[id - 1], h, params, num_params, results, num_results)) {
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
    size_t sig_len;
    if (__builtin_add_overflow((size_t)num_params, (size_t)num_results, &sig_len))
        wasmc_fatal("function type too large");
    struct type_entry *e = &g_types[g_num_types];
    e->hash = h;
    e->num_params = num_params;
    e->num_results = num_results;
    e->sig = wasmc_xcalloc(sig_len, 1);
    if (num_params) memcpy(e->sig, params, num_params);
    if (num_results) memcpy(e->sig + num_params, results, num_results);
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
