/* variant.c: picking the variant of multi-versioned code (`--cpu A+B`).
 *
 * An object built with `--cpu baseline+x86-64-v3` holds every defined
 * function once per CPU: its module descriptor is variant 0 (the least
 * capable CPU) and `variants` lists the further ones, each a partial
 * descriptor with its own functions, trap sites, call sites, handlers and
 * stack maps, and the CPU features that code needs (abi/structs.rs).
 *
 * wasmc_module_variant picks one per descriptor, once, before any of its
 * wasm runs (the executable driver calls it first thing; every instantiation
 * goes through it): the last (most capable) variant whose CPU features this
 * machine has (arch.c: cpuid + xgetbv on x86-64, AT_HWCAP on aarch64, ...;
 * a feature that cannot be verified counts as missing, so an unknown
 * machine gets variant 0). The result is a descriptor of single-CPU code:
 * the root's copy with the picked variant's code tables (immortal, like the
 * descriptor), or the root itself for variant 0. Instances, the code
 * registry (traps, backtraces), exceptions and GC stack maps all see only
 * that descriptor, so they work in whichever variant runs.
 *
 * WASMC_CPU_VARIANT=N forces variant N (0 = the first CPU named), for tests
 * and measurements; a number out of range, or a variant whose CPU features
 * this machine lacks, is an error (the executable exits 1 with the message,
 * like for its other setup errors). WASMC_CPU_VARIANT_VERBOSE=1 prints the
 * choice to stderr ("wasmc: CPU variant 1 of 2 (features ...)").
 */
#include "rt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One descriptor and what was picked for it. Never freed. */
struct picked {
    const struct wasmc_module_desc *root, *desc;
    struct picked *next;
};

static pthread_mutex_t picked_lock = PTHREAD_MUTEX_INITIALIZER;
static struct picked *picked_list;

static const char *variant_features(const struct wasmc_module_desc *d, uint32_t v) {
    return v == 0 ? d->cpu_features : d->variants[v - 1].cpu_features;
}

/* The variant WASMC_CPU_VARIANT asks for, UINT32_MAX when unset, or
 * UINT32_MAX - 1 (and the message) when it is not a variant of `d`. */
static uint32_t forced_variant(const struct wasmc_module_desc *d, char *err, size_t err_len) {
    const char *s = getenv("WASMC_CPU_VARIANT");
    if (!s || !*s) return UINT32_MAX;
    uint32_t n = d->num_variants + 1;
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || v >= n) {
        wasmc_set_err(err, err_len,
                      "WASMC_CPU_VARIANT=%s: this module has %u CPU variants, 0 to %u (0: the "
                      "first CPU of --cpu)",
                      s, n, n - 1);
        return UINT32_MAX - 1;
    }
    return (uint32_t)v;
}

static const struct wasmc_module_desc *pick(const struct wasmc_module_desc *d, char *err,
                                            size_t err_len) {
    uint32_t n = d->num_variants + 1, v = forced_variant(d, err, err_len);
    if (v == UINT32_MAX - 1) return NULL;
    if (v != UINT32_MAX) {
        const char *missing = wasmc_missing_cpu_feature(variant_features(d, v));
        if (missing) {
            const char *note = wasmc_cpu_feature_note(missing);
            wasmc_set_err(err, err_len,
                          "WASMC_CPU_VARIANT=%u: that variant needs CPU feature %s, which this "
                          "machine lacks%s%s%s",
                          v, missing, note ? " [" : "", note ? note : "", note ? "]" : "");
            return NULL;
        }
    } else {
        v = 0;
        for (uint32_t i = n - 1; i > 0; i--)
            if (!wasmc_missing_cpu_feature(variant_features(d, i))) {
                v = i;
                break;
            }
    }
    const char *verbose = getenv("WASMC_CPU_VARIANT_VERBOSE");
    if (verbose && *verbose && strcmp(verbose, "0") != 0) {
        const char *f = variant_features(d, v);
        fprintf(stderr, "wasmc: CPU variant %u of %u (features: %s)\n", v, n,
                f && *f ? f : "the target's baseline");
    }
    if (v == 0) return d;
    const struct wasmc_module_desc *src = &d->variants[v - 1];
    if (src->abi_version != d->abi_version)
        wasmc_fatal("corrupt module descriptor: CPU variant %u has ABI version %u", v,
                    src->abi_version);
    if (src->num_funcs != d->num_funcs)
        wasmc_fatal("corrupt module descriptor: CPU variant %u has %u functions, not %u", v,
                    src->num_funcs, d->num_funcs);
    struct wasmc_module_desc *c = wasmc_xcalloc(1, sizeof *c);
    *c = *d;
    c->cpu_features = src->cpu_features;
    c->funcs = src->funcs;
    c->trap_sites = src->trap_sites;
    c->num_trap_sites = src->num_trap_sites;
    c->call_sites = src->call_sites;
    c->num_call_sites = src->num_call_sites;
    c->handlers = src->handlers;
    c->num_handlers = src->num_handlers;
    c->stack_maps = src->stack_maps;
    c->num_stack_maps = src->num_stack_maps;
    c->stack_slots = src->stack_slots;
    c->num_stack_slots = src->num_stack_slots;
    c->variants = NULL;
    c->num_variants = 0;
    return c;
}

const struct wasmc_module_desc *wasmc_module_variant(const struct wasmc_module_desc *desc,
                                                     char *err, size_t err_len) {
    if (!desc || desc->num_variants == 0) return desc;
    if (!desc->variants) wasmc_fatal("corrupt module descriptor: CPU variants");
    pthread_mutex_lock(&picked_lock);
    const struct wasmc_module_desc *r = NULL;
    for (struct picked *p = picked_list; p; p = p->next)
        if (p->root == desc) {
            r = p->desc;
            break;
        }
    if (!r) {
        r = pick(desc, err, err_len);
        if (r) {
            struct picked *p = wasmc_xcalloc(1, sizeof *p);
            p->root = desc;
            p->desc = r;
            p->next = picked_list;
            picked_list = p;
        }
    }
    pthread_mutex_unlock(&picked_lock);
    return r;
}
