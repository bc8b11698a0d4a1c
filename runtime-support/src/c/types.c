/* types.c: the process-wide type registry (iso-recursive canonicalization).
 *
 * Every module's defined types (function, struct and array types in
 * recursion groups) are mapped to canonical ids (>= 1) that are equal
 * exactly when the types are the same in the GC proposal's sense, in every
 * module of the process: vmctx->type_ids[] holds them, call_indirect and
 * casts compare them in generated code, and import matching compares them
 * at instantiation. A type is its recursion group plus its position in it,
 * so the registry interns whole groups (their key, the format of
 * wasmc_type_desc.key with references to earlier groups replaced by those
 * types' canonical ids) and then the (group, position) pairs. Each type
 * records its declared supertype's canonical id: subtyping is that chain.
 * Hosts (the executable driver, embedders) ask for ids of their own
 * functions' types too, so the table is shared, guarded by a mutex, and
 * lives as long as the process.
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>

/* Entries live for the life of the process; ids are indices + 1 into
 * g_types. A key starts with 'G' (a group) or 'T' (a type: u32 group id, u32
 * position); lookup is an open-addressing hash over the key bytes. */
struct type_entry {
    uint64_t hash;
    size_t len;
    uint8_t *key;
    /* Types only: the declared supertype (canonical id, 0 for none), and
     * whether the type is final. */
    uint32_t super;
    bool final;
    uint8_t kind; /* WASMC_TYPE_FUNC, STRUCT or ARRAY */
    /* Struct and array types: the run-time type, built by the first module
     * that interns the type (immortal, like the entry). */
    struct wasmc_rtt *rtt;
};

static pthread_mutex_t g_types_mu = PTHREAD_MUTEX_INITIALIZER;
static struct type_entry *g_types;
static uint32_t g_num_types, g_types_cap;
static uint32_t *g_type_slots; /* ids, 0 = empty */
static size_t g_type_slots_cap; /* power of two */

/* The spec's limit on supertype chains (type-subtyping: depth 63). */
#define MAX_SUBTYPE_DEPTH 64u

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

/* Intern a key (g_types_mu held); *is_new says whether it was added. */
static uint32_t intern_locked(const uint8_t *key, size_t len, bool *is_new) {
    uint64_t h = key_hash(key, len);
    *is_new = false;
    if (g_type_slots_cap) {
        size_t mask = g_type_slots_cap - 1;
        for (size_t i = (size_t)h & mask; g_type_slots[i]; i = (i + 1) & mask) {
            uint32_t id = g_type_slots[i];
            const struct type_entry *e = &g_types[id - 1];
            if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return id;
        }
    }
    /* New entry. Keep the slot table at most half full. */
    if (g_num_types >= UINT32_MAX / 4) wasmc_fatal("too many types");
    if (g_num_types == g_types_cap) {
        g_types_cap = g_types_cap ? g_types_cap * 2 : 64;
        g_types = wasmc_xrealloc(g_types, g_types_cap, sizeof *g_types);
    }
    struct type_entry *e = &g_types[g_num_types];
    memset(e, 0, sizeof *e);
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
    *is_new = true;
    return id;
}

/* The canonical id of position `pos` of group `group` (g_types_mu held);
 * a new type gets its supertype and finality. */
static uint32_t type_locked(uint32_t group, uint32_t pos, uint32_t super, bool final,
                            uint8_t kind) {
    uint8_t key[9];
    key[0] = 'T';
    wasmc_st32(key + 1, group);
    wasmc_st32(key + 5, pos);
    bool is_new;
    uint32_t id = intern_locked(key, sizeof key, &is_new);
    if (is_new) {
        g_types[id - 1].super = super;
        g_types[id - 1].final = final;
        g_types[id - 1].kind = kind;
    }
    return id;
}

uint32_t wasmc_type_id(const uint8_t *params, uint32_t num_params, const uint8_t *results,
                       uint32_t num_results) {
    if ((num_params && !params) || (num_results && !results))
        wasmc_fatal("wasmc_type_id: missing value types");
    size_t n = (size_t)num_params + num_results, len;
    /* A singleton final group: 'G', count, flags, no supertype, FUNC, the
     * counts, and each value in at most two bytes (a reference: REF_NULL and
     * its abstract heap type, whose code is its representation's). */
    if (n > SIZE_MAX / 2 - 16) wasmc_fatal("function type too large");
    uint8_t *key = wasmc_xcalloc(16 + 2 * n, 1);
    key[0] = 'G';
    wasmc_st32(key + 1, 1);
    key[5] = WASMC_TYPE_FINAL;
    key[6] = 0;
    key[7] = WASMC_TYPE_FUNC;
    wasmc_st32(key + 8, num_params);
    wasmc_st32(key + 12, num_results);
    len = 16;
    for (size_t i = 0; i < n; i++) {
        uint8_t t = i < num_params ? params[i] : results[i - num_params];
        if (t == WASMC_TYPE_FUNCREF || t == WASMC_TYPE_EXTERNREF || t == WASMC_TYPE_EXNREF ||
            t == WASMC_TYPE_ANYREF)
            key[len++] = WASMC_TYPE_REF_NULL;
        key[len++] = t;
    }
    pthread_mutex_lock(&g_types_mu);
    bool is_new;
    uint32_t group = intern_locked(key, len, &is_new);
    uint32_t id = type_locked(group, 0, 0, true, WASMC_TYPE_FUNC);
    pthread_mutex_unlock(&g_types_mu);
    free(key);
    return id;
}

/* ---- group keys ----------------------------------------------------------- */

/* A cursor over a descriptor's group key; `ok` turns false at the first
 * malformed byte (the caller reports the corrupt descriptor). */
struct key_cursor {
    const uint8_t *k;
    size_t len, pos;
    bool ok;
};

static uint8_t cur_u8(struct key_cursor *c) {
    if (c->pos >= c->len) {
        c->ok = false;
        return 0;
    }
    return c->k[c->pos++];
}

static uint32_t cur_u32(struct key_cursor *c) {
    if (c->len - c->pos < 4 || c->pos > c->len) {
        c->ok = false;
        c->pos = c->len;
        return 0;
    }
    uint32_t v = wasmc_le32(c->k + c->pos);
    c->pos += 4;
    return v;
}

/* A heap type; for a concrete one, *at is the offset of its u32 and *kind
 * HEAP_CONCRETE or HEAP_REC (else *kind is the abstract code). */
static uint32_t cur_heap(struct key_cursor *c, uint8_t *kind, size_t *at) {
    *kind = cur_u8(c);
    *at = c->pos;
    if (*kind == WASMC_TYPE_HEAP_CONCRETE || *kind == WASMC_TYPE_HEAP_REC) return cur_u32(c);
    return 0;
}

/* A value or storage type; references report their heap type through
 * `on_ref` (may be NULL). */
typedef void (*ref_fn)(void *data, bool nullable, uint8_t kind, uint32_t index, size_t at);

static void cur_val(struct key_cursor *c, ref_fn on_ref, void *data) {
    uint8_t b = cur_u8(c);
    if (b == WASMC_TYPE_REF || b == WASMC_TYPE_REF_NULL) {
        uint8_t kind;
        size_t at;
        uint32_t index = cur_heap(c, &kind, &at);
        if (on_ref && c->ok) on_ref(data, b == WASMC_TYPE_REF_NULL, kind, index, at);
    }
}

/* One type of a group: its supertype (if any) and its values, all
 * reported through on_ref. */
static void cur_type(struct key_cursor *c, ref_fn on_ref, void *data) {
    cur_u8(c); /* flags */
    if (cur_u8(c)) {
        uint8_t kind;
        size_t at;
        uint32_t index = cur_heap(c, &kind, &at);
        if (on_ref && c->ok) on_ref(data, true, kind, index, at);
    }
    switch (cur_u8(c)) {
    case WASMC_TYPE_FUNC: {
        uint64_t n = (uint64_t)cur_u32(c) + cur_u32(c);
        for (uint64_t i = 0; i < n && c->ok; i++) cur_val(c, on_ref, data);
        break;
    }
    case WASMC_TYPE_STRUCT: {
        uint32_t n = cur_u32(c);
        for (uint32_t i = 0; i < n && c->ok; i++) {
            cur_val(c, on_ref, data);
            cur_u8(c);
        }
        break;
    }
    case WASMC_TYPE_ARRAY:
        cur_val(c, on_ref, data);
        cur_u8(c);
        break;
    default: c->ok = false;
    }
}

struct subst {
    uint8_t *key;           /* the copy being rewritten */
    const uint32_t *type_ids; /* canonical ids of the module's earlier types */
    uint32_t start;         /* the group's first type index */
    uint32_t n;             /* and its number of types */
    bool ok;
};

static void subst_ref(void *data, bool nullable, uint8_t kind, uint32_t index, size_t at) {
    struct subst *s = data;
    (void)nullable;
    if (kind == WASMC_TYPE_HEAP_CONCRETE) {
        /* Validation only lets a group refer to earlier groups. */
        if (index >= s->start) {
            s->ok = false;
            return;
        }
        wasmc_st32(s->key + 1 + at, s->type_ids[index]);
    } else if (kind == WASMC_TYPE_HEAP_REC && index >= s->n) {
        s->ok = false;
    }
}

static bool is_ref_code(uint8_t c) {
    return c == WASMC_TYPE_FUNCREF || c == WASMC_TYPE_EXTERNREF || c == WASMC_TYPE_EXNREF ||
           c == WASMC_TYPE_ANYREF;
}

/* The rtt of struct or array type `id` (g_types_mu held, its supertype's
 * rtt built), from the layout in its descriptor `ti`; NULL if the layout is
 * malformed. The supertype display is the supertype's plus `id`. */
static struct wasmc_rtt *rtt_new_locked(uint32_t id, const struct wasmc_type_desc *ti) {
    const struct type_entry *e = &g_types[id - 1];
    const struct wasmc_rtt *sup = e->super ? g_types[e->super - 1].rtt : NULL;
    uint32_t n = ti->num_fields;
    if ((e->super && !sup) || (n && (!ti->field_offsets || !ti->field_types))) return NULL;
    if (ti->kind == WASMC_TYPE_ARRAY ? n != 1 || !ti->gc_size
                                     : ti->gc_size < 16 || ti->gc_size % 8)
        return NULL;
    struct wasmc_rtt *r = wasmc_xcalloc(1, sizeof *r);
    r->type_id = id;
    r->kind = ti->kind;
    r->depth = sup ? sup->depth + 1 : 0;
    uint32_t *supers = wasmc_xcalloc((size_t)r->depth + 1, sizeof *supers);
    if (sup) memcpy(supers, sup->supers, ((size_t)sup->depth + 1) * sizeof *supers);
    supers[r->depth] = id;
    r->supers = supers;
    if (ti->kind == WASMC_TYPE_ARRAY) {
        r->size = 16;
        r->elem_type = ti->field_types[0];
        r->elem_size = ti->gc_size;
        r->elem_ref = is_ref_code(r->elem_type);
    } else {
        r->size = ti->gc_size;
    }
    r->num_fields = n;
    if (n) {
        uint32_t *fields = wasmc_xcalloc(n, sizeof *fields);
        uint8_t *field_types = wasmc_xcalloc(n, 1);
        memcpy(fields, ti->field_offsets, (size_t)n * sizeof *fields);
        memcpy(field_types, ti->field_types, n);
        r->field_offsets = fields;
        r->field_types = field_types;
    }
    if (ti->kind == WASMC_TYPE_STRUCT) {
        uint32_t num_refs = 0;
        for (uint32_t i = 0; i < n; i++) num_refs += is_ref_code(r->field_types[i]);
        uint32_t *refs = num_refs ? wasmc_xcalloc(num_refs, sizeof *refs) : NULL;
        for (uint32_t i = 0, k = 0; i < n; i++) {
            if (r->field_offsets[i] >= r->size || r->field_offsets[i] < 16) return NULL;
            if (is_ref_code(r->field_types[i])) refs[k++] = r->field_offsets[i];
        }
        r->num_refs = num_refs;
        r->refs = refs;
    }
    return r;
}

const struct wasmc_rtt *wasmc_type_rtt(uint32_t id) {
    pthread_mutex_lock(&g_types_mu);
    if (id == 0 || id > g_num_types) wasmc_fatal("wasmc_type_rtt: bad type id %u", id);
    const struct wasmc_rtt *r = g_types[id - 1].rtt;
    pthread_mutex_unlock(&g_types_mu);
    return r;
}

void wasmc_type_ids_init(const struct wasmc_type_desc *types, uint32_t num_types,
                         uint32_t *type_ids) {
    for (uint32_t t = 0; t < num_types;) {
        const struct wasmc_type_desc *d = &types[t];
        if (!d->key || d->key_len < 4 || d->rec_index != 0)
            wasmc_fatal("corrupt module descriptor: type %u has no group key", t);
        struct key_cursor c = {d->key, d->key_len, 0, true};
        uint32_t n = cur_u32(&c);
        if (!n || n > num_types - t) goto corrupt;
        /* The key with a leading 'G', earlier groups' indices substituted. */
        uint8_t *key = wasmc_xcalloc((size_t)d->key_len + 1, 1);
        key[0] = 'G';
        memcpy(key + 1, d->key, d->key_len);
        struct subst s = {key, type_ids, t, n, true};
        for (uint32_t i = 0; i < n && c.ok && s.ok; i++) cur_type(&c, subst_ref, &s);
        if (!c.ok || !s.ok || c.pos != c.len) {
            free(key);
            goto corrupt;
        }
        pthread_mutex_lock(&g_types_mu);
        bool is_new;
        uint32_t group = intern_locked(key, (size_t)d->key_len + 1, &is_new);
        for (uint32_t i = 0; i < n; i++) {
            const struct wasmc_type_desc *ti = &types[t + i];
            /* Validation puts supertypes before their subtypes. */
            if (ti->rec_index != i || ti->key != d->key || ti->supertype > t + i) {
                pthread_mutex_unlock(&g_types_mu);
                free(key);
                goto corrupt;
            }
            uint32_t super = ti->supertype ? type_ids[ti->supertype - 1] : 0;
            uint32_t id =
                type_locked(group, i, super, (ti->flags & WASMC_TYPE_FINAL) != 0, ti->kind);
            type_ids[t + i] = id;
            if (ti->kind != WASMC_TYPE_FUNC && !g_types[id - 1].rtt) {
                g_types[id - 1].rtt = rtt_new_locked(id, ti);
                if (!g_types[id - 1].rtt) {
                    pthread_mutex_unlock(&g_types_mu);
                    free(key);
                    goto corrupt;
                }
            }
        }
        pthread_mutex_unlock(&g_types_mu);
        free(key);
        t += n;
    }
    return;
corrupt:
    wasmc_fatal("corrupt module descriptor: bad group key of types");
}

bool wasmc_type_is_subtype_id(uint32_t have, uint32_t want) {
    if (have == want) return true;
    bool found = false;
    pthread_mutex_lock(&g_types_mu);
    if (have == 0 || have > g_num_types) wasmc_fatal("wasmc_type_is_subtype: bad type id %u", have);
    uint32_t t = have;
    for (uint32_t depth = 0; t && depth <= MAX_SUBTYPE_DEPTH; depth++) {
        if (t == want) {
            found = true;
            break;
        }
        t = g_types[t - 1].super;
    }
    pthread_mutex_unlock(&g_types_mu);
    return found;
}

uint8_t wasmc_type_kind(uint32_t id) {
    pthread_mutex_lock(&g_types_mu);
    if (id == 0 || id > g_num_types) wasmc_fatal("wasmc_type_kind: bad type id %u", id);
    uint8_t kind = g_types[id - 1].kind;
    pthread_mutex_unlock(&g_types_mu);
    return kind;
}

uint32_t wasmc_type_is_subtype(struct wasmc_vmctx *vm, uint32_t have, uint32_t want) {
    (void)vm;
    return wasmc_type_is_subtype_id(have, want);
}

/* ---- value types of a module's function types ----------------------------- */

/* Skips a type's references. */
static void skip_ref(void *data, bool nullable, uint8_t kind, uint32_t index, size_t at) {
    (void)data;
    (void)nullable;
    (void)kind;
    (void)index;
    (void)at;
}

bool wasmc_type_value_ref(const struct wasmc_type_desc *types, uint32_t type_index,
                          const uint32_t *type_ids, uint32_t i, bool *nullable, uint32_t *heap) {
    const struct wasmc_type_desc *t = &types[type_index];
    if (!t->key || t->rec_index > type_index || i >= (uint64_t)t->num_params + t->num_results)
        wasmc_fatal("corrupt module descriptor: bad type key");
    uint32_t start = type_index - t->rec_index;
    struct key_cursor c = {t->key, t->key_len, 0, true};
    cur_u32(&c);
    for (uint32_t k = 0; k < t->rec_index && c.ok; k++) cur_type(&c, skip_ref, NULL);
    /* flags, supertype, FUNC, counts */
    cur_u8(&c);
    if (cur_u8(&c)) {
        uint8_t kind;
        size_t at;
        cur_heap(&c, &kind, &at);
    }
    if (cur_u8(&c) != WASMC_TYPE_FUNC) c.ok = false;
    cur_u32(&c);
    cur_u32(&c);
    for (uint32_t v = 0; c.ok; v++) {
        uint8_t b = cur_u8(&c);
        bool is_ref = b == WASMC_TYPE_REF || b == WASMC_TYPE_REF_NULL;
        uint32_t h = 0;
        if (is_ref) {
            uint8_t kind;
            size_t at;
            uint32_t index = cur_heap(&c, &kind, &at);
            /* The key was checked when the ids were made: every index is
             * a type of the module. */
            if (kind == WASMC_TYPE_HEAP_CONCRETE)
                h = type_ids[index];
            else if (kind == WASMC_TYPE_HEAP_REC)
                h = type_ids[start + index];
            else
                h = wasmc_heap_abstract(kind);
        }
        if (v == i && c.ok) {
            *nullable = b == WASMC_TYPE_REF_NULL;
            *heap = h;
            return is_ref;
        }
    }
    wasmc_fatal("corrupt module descriptor: bad type key");
}
