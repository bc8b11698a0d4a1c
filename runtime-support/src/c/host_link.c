/* host_link.c: the host functions linked into an executable (`wasmc build
 * --link`), as imports of the guest.
 *
 * Every WASMC_HOST_FUNC (wasmc.h) in the linked objects is a
 * struct wasmc_host_func_reg in one section, a linker set: the linker
 * gathers them into one array whatever object or archive member they came
 * from, and gives its bounds (ELF: __start_/__stop_ of the section, which
 * GNU ld, gold and lld define for a section whose name is a C identifier;
 * Mach-O: ld64's section$start$/section$end$ symbols). Nothing here needs a
 * table generated at build time, so objects and archives built without
 * wasmc (or before it knew the module) work the same.
 *
 * wasmc reads the same records from the objects at build time and reports
 * missing and mistyped imports there; wasmc_linked_check repeats the type
 * check at start-up for what the build could not see (e.g. LTO objects),
 * with the same wording. Imports the build let through unresolved
 * (--allow-unresolved) are records too, whose function is
 * wasmc_unresolved_import below: it traps naming the import.
 */
#include "rt.h"

#include <pthread.h>
#include <stdio.h>

#if defined(__APPLE__)
extern const struct wasmc_host_func_reg
    wasmc_host_regs_start[] __asm("section$start$__DATA$wasmc_hostfn");
extern const struct wasmc_host_func_reg
    wasmc_host_regs_end[] __asm("section$end$__DATA$wasmc_hostfn");
#define REGS_START wasmc_host_regs_start
#define REGS_END wasmc_host_regs_end
#else
/* Weak: without any WASMC_HOST_FUNC the section does not exist and the
 * symbols are not defined (both NULL: an empty set). */
extern const struct wasmc_host_func_reg __start_wasmc_host_funcs[] __attribute__((weak));
extern const struct wasmc_host_func_reg __stop_wasmc_host_funcs[] __attribute__((weak));
#define REGS_START __start_wasmc_host_funcs
#define REGS_END __stop_wasmc_host_funcs
#endif

/* A record's fields, split out of its signature string. */
struct reg_view {
    const char *module, *name, *params, *results;
};

static const char SIG_MAGIC[] = "wasmc-host-func";

static void view(const struct wasmc_host_func_reg *r, struct reg_view *v) {
    if (!r->sig || strcmp(r->sig, SIG_MAGIC) != 0 || !r->fn)
        wasmc_fatal("corrupt host function record (WASMC_HOST_FUNC) at %p", (const void *)r);
    v->module = r->sig + sizeof SIG_MAGIC;
    v->name = v->module + strlen(v->module) + 1;
    v->params = v->name + strlen(v->name) + 1;
    v->results = v->params + strlen(v->params) + 1;
}

/* The records, found once. Compilers may align each record beyond its size
 * (GCC puts 32-byte boundaries between larger objects unless told
 * otherwise; WASMC_HOST_FUNC asks for pointer alignment), and the linker
 * fills such gaps with zeros: the walk goes word by word, skipping null
 * words (a record's first word, its signature, is never null). */
static const struct wasmc_host_func_reg **regs;
static size_t nregs;
static pthread_once_t regs_once = PTHREAD_ONCE_INIT;

static void collect_regs(void) {
    /* As integers: the bounds are symbols of the linker's (weak and NULL
     * on ELF when no record exists), not one C array. */
    uintptr_t start = (uintptr_t)(const void *)REGS_START;
    uintptr_t stop = (uintptr_t)(const void *)REGS_END;
    if (!start || stop <= start) return;
    const char *p = (const char *)start, *end = p + (stop - start);
    size_t cap = (size_t)(stop - start) / sizeof(struct wasmc_host_func_reg) + 1;
    regs = wasmc_xcalloc(cap, sizeof *regs);
    while ((size_t)(end - p) >= sizeof(struct wasmc_host_func_reg)) {
        const struct wasmc_host_func_reg *r = (const struct wasmc_host_func_reg *)(const void *)p;
        if (!r->sig) {
            p += sizeof(void *);
            continue;
        }
        if (nregs == cap) wasmc_fatal("corrupt host function records (WASMC_HOST_FUNC)");
        regs[nregs++] = r;
        p += sizeof *r;
    }
}

static size_t num_regs(void) {
    pthread_once(&regs_once, collect_regs);
    return nregs;
}

static const struct wasmc_host_func_reg *find_reg(const struct wasmc_import_desc *imp,
                                                  struct reg_view *v) {
    size_t n = num_regs();
    for (size_t i = 0; i < n; i++) {
        view(regs[i], v);
        if (wasmc_name_eq(imp->module, imp->module_len, v->module, strlen(v->module)) &&
            wasmc_name_eq(imp->name, imp->name_len, v->name, strlen(v->name)))
            return regs[i];
    }
    return NULL;
}

static char type_letter(uint8_t t) {
    switch (t) {
    case WASMC_TYPE_I32: return 'i';
    case WASMC_TYPE_I64: return 'I';
    case WASMC_TYPE_F32: return 'f';
    case WASMC_TYPE_F64: return 'F';
    case WASMC_TYPE_V128: return 'V';
    case WASMC_TYPE_FUNCREF: return 'r';
    case WASMC_TYPE_EXTERNREF: return 'e';
    default: return '?';
    }
}

/* The letters of `n` value types, NUL-terminated, into buf (cap bytes);
 * false if they do not fit. */
static bool letters(const uint8_t *types, uint32_t n, char *buf, size_t cap) {
    if (n >= cap) return false;
    for (uint32_t i = 0; i < n; i++) buf[i] = type_letter(types[i]);
    buf[n] = '\0';
    return true;
}

bool wasmc_linked_check(const struct wasmc_module_desc *desc, char *err, size_t err_len) {
    size_t n = num_regs();
    for (size_t i = 0; i < n; i++) {
        struct reg_view a, b;
        view(regs[i], &a);
        for (size_t j = i + 1; j < n; j++) {
            view(regs[j], &b);
            if (strcmp(a.module, b.module) == 0 && strcmp(a.name, b.name) == 0) {
                wasmc_set_err(err, err_len, "host function %s.%s is defined twice (WASMC_HOST_FUNC)",
                              a.module, a.name);
                return false;
            }
        }
    }
    for (uint32_t i = 0; i < desc->num_imports; i++) {
        const struct wasmc_import_desc *imp = &desc->imports[i];
        struct reg_view v;
        if (imp->kind != WASMC_EXTERN_FUNC || !find_reg(imp, &v)) continue;
        const struct wasmc_type_desc *t = &desc->types[imp->type_index];
        char params[256], results[256];
        if (!letters(t->params, t->num_params, params, sizeof params) ||
            !letters(t->results, t->num_results, results, sizeof results) ||
            strcmp(params, v.params) != 0 || strcmp(results, v.results) != 0) {
            wasmc_set_err(err, err_len,
                          "import %s.%s: the module expects type (\"%s\") -> (\"%s\"), the host "
                          "function (WASMC_HOST_FUNC) has (\"%s\") -> (\"%s\")",
                          v.module, v.name, params, results, v.params, v.results);
            return false;
        }
    }
    return true;
}

bool wasmc_linked_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_import *scratch,
                          struct wasmc_extern *out) {
    struct reg_view v;
    if (imp->kind != WASMC_EXTERN_FUNC) return false;
    const struct wasmc_host_func_reg *r = find_reg(imp, &v);
    if (!r) return false;
    uint8_t params[256], results[256];
    size_t np = strlen(v.params), nr = strlen(v.results);
    if (np > sizeof params || nr > sizeof results)
        wasmc_fatal("host function %s.%s: too many values", v.module, v.name);
    /* The letters are those of wasmc_linker_define_func; type_letter's
     * inverse. wasmc_linked_check has compared them with the import. */
    static const char all[] = "iIfFVre";
    static const uint8_t types[] = {WASMC_TYPE_I32,  WASMC_TYPE_I64,     WASMC_TYPE_F32,
                                    WASMC_TYPE_F64,  WASMC_TYPE_V128,    WASMC_TYPE_FUNCREF,
                                    WASMC_TYPE_EXTERNREF};
    for (size_t k = 0; k < np + nr; k++) {
        char c = k < np ? v.params[k] : v.results[k - np];
        const char *at = c ? strchr(all, c) : NULL;
        if (!at) wasmc_fatal("host function %s.%s: invalid value type '%c'", v.module, v.name, c);
        uint8_t t = types[at - all];
        if (k < np) params[k] = t;
        else results[k - np] = t;
    }
    scratch->rec.func = r->fn;
    scratch->rec.data = r->data;
    wasmc_host_funcref_init(&scratch->ref, &scratch->rec,
                            wasmc_type_id(params, (uint32_t)np, results, (uint32_t)nr));
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->func = &scratch->ref;
    return true;
}

void wasmc_unresolved_import(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)caller;
    (void)vals;
    fprintf(stderr, "wasmc: call to unresolved import %s (built with --allow-unresolved)\n",
            data ? (const char *)data : "?");
    wasmc_trap(WASMC_TRAP_UNRESOLVED_IMPORT);
}
