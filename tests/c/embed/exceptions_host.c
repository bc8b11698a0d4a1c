/* Embedding host for wat/embed/exceptions.wat (tests/tests/embedding.rs,
 * tests/tests/sanitizers.rs): exceptions in the embedding API. It inspects
 * an exception wasm did not catch (tag identity, every payload type), throws
 * from host functions (caught in wasm, uncaught, direct calls without a wasm
 * caller), rethrows through a host frame an exception a nested call
 * returned, checks tag identity across instances (an imported tag is the
 * exporter's; two instantiations define distinct tags) and an exception
 * from a start function. One line per check on stdout; everything it owns
 * is freed, so it runs leak-free under LeakSanitizer. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "wasmc.h"

extern const struct wasmc_module_desc app_module;

static wasmc_tag_t *g_host_tag;   /* host tag (param i32), imported by instance 1 */
static wasmc_instance_t *g_inst1; /* handles the host calls */
static wasmc_instance_t *g_inst2; /* imports instance 1's tag "e" */
static union wasmc_val g_all[7];  /* payload for throw_all */
static wasmc_exn_t *g_last_rethrown;

static void throw_ht(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    (void)caller;
    union wasmc_val v[1];
    v[0].i64 = 0;
    v[0].i32 = vals[0].i32 * 2;
    wasmc_host_throw(wasmc_exception_new(g_host_tag, v));
}

static void throw_all(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    (void)caller;
    (void)vals;
    wasmc_host_throw(wasmc_exception_new(wasmc_instance_tag(g_inst1, "all"), g_all));
}

static void call_inner(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    (void)caller;
    uint32_t mode = vals[0].i32;
    struct wasmc_trap_info trap;
    union wasmc_val v[1];
    v[0].i64 = 0;
    enum wasmc_outcome o = WASMC_OK;
    switch (mode) {
    case 0: vals[0].i32 = 5; return;
    case 1: v[0].i32 = 7; o = wasmc_instance_call(g_inst2, "throw_ht", v, &trap); break;
    case 2: v[0].i32 = 8; o = wasmc_instance_call(g_inst2, "throw_e", v, &trap); break;
    case 3:
        v[0].i32 = 11;
        wasmc_host_throw(wasmc_exception_new(wasmc_instance_tag(g_inst1, "e"), v));
        return;
    default: break;
    }
    if (o != WASMC_EXCEPTION || !trap.exception) {
        printf("call_inner(%u): no exception\n", mode);
        vals[0].i32 = 0;
        return;
    }
    g_last_rethrown = trap.exception;
    wasmc_host_throw(trap.exception); /* rethrow: the same exception */
}

static const char *outcome_name(enum wasmc_outcome o) {
    switch (o) {
    case WASMC_OK: return "ok";
    case WASMC_TRAPPED: return "trapped";
    case WASMC_EXITED: return "exited";
    case WASMC_EXCEPTION: return "exception";
    }
    return "?";
}

static const char *tag_name(const wasmc_tag_t *t) {
    if (t == g_host_tag) return "host";
    if (t == wasmc_instance_tag(g_inst1, "e")) return "e1";
    if (t == wasmc_instance_tag(g_inst1, "all")) return "all1";
    if (g_inst2 && t == wasmc_instance_tag(g_inst2, "e")) return "e2";
    return "other";
}

static void print_types(const wasmc_tag_t *tag) {
    const uint8_t *types;
    uint32_t n = wasmc_tag_type(tag, &types);
    printf(" types");
    for (uint32_t i = 0; i < n; i++) printf(" %02x", types[i]);
}

/* Call `name` with one i32 argument; print the outcome, and for an
 * exception its tag and i32 payload (then free it). */
static void call1(wasmc_instance_t *inst, const char *name, uint32_t arg) {
    struct wasmc_trap_info trap;
    union wasmc_val v[1];
    v[0].i64 = 0;
    v[0].i32 = arg;
    enum wasmc_outcome o = wasmc_instance_call(inst, name, v, &trap);
    printf("%s(%u): %s", name, arg, outcome_name(o));
    if (o == WASMC_OK) printf(" %d", (int)(int32_t)v[0].i32);
    if (o == WASMC_EXCEPTION) {
        const union wasmc_val *p;
        uint32_t n = wasmc_exception_payload(trap.exception, &p);
        printf(" tag %s payload", tag_name(wasmc_exception_tag(trap.exception)));
        for (uint32_t i = 0; i < n; i++) printf(" %u", p[i].i32);
        if (trap.exception == g_last_rethrown) printf(" (the rethrown one)");
        wasmc_exception_free(trap.exception);
    }
    printf("\n");
}

static void print_all(const char *what, const union wasmc_val *p, void *f, void *ext) {
    float f32;
    double f64;
    memcpy(&f32, &p[2].f32, sizeof f32);
    memcpy(&f64, &p[3].f64, sizeof f64);
    printf("%s: %d %" PRId64 " %g %g v128", what, (int)(int32_t)p[0].i32, (int64_t)p[1].i64,
           (double)f32, f64);
    for (int i = 0; i < 16; i++) printf(" %u", p[4].v128[i]);
    printf(" funcref %s externref %s\n", p[5].ref == f ? "f" : "?", p[6].ref == ext ? "ok" : "?");
}

int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    if (wasmc_tag_new(l, "iX")) return 1;
    printf("bad tag type: %s\n", wasmc_linker_error(l));
    g_host_tag = wasmc_tag_new(l, "i");
    wasmc_linker_define_tag(l, "host", "tag", g_host_tag);
    union wasmc_val zero;
    memset(&zero, 0, sizeof zero);
    wasmc_linker_define_global(l, "host", "start_throws", WASMC_TYPE_I32, false, zero);
    wasmc_linker_define_func(l, "host", "throw_ht", "i", "", throw_ht, NULL);
    wasmc_linker_define_func(l, "host", "throw_all", "", "", throw_all, NULL);
    wasmc_linker_define_func(l, "host", "call_inner", "i", "i", call_inner, NULL);
    g_inst1 = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, &outcome);
    if (!g_inst1) {
        fprintf(stderr, "instance 1: %s\n", err);
        return 1;
    }
    /* Instance 2 imports instance 1's "e" as its "host" "tag". */
    if (!wasmc_linker_define_tag(l, "host", "tag", wasmc_instance_tag(g_inst1, "e"))) return 1;
    g_inst2 = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, &outcome);
    if (!g_inst2) {
        fprintf(stderr, "instance 2: %s\n", err);
        return 1;
    }
    printf("identity: ht1 is host %d, ht2 is e1 %d, e1 is e2 %d, missing tag %s\n",
           wasmc_instance_tag(g_inst1, "ht") == g_host_tag,
           wasmc_instance_tag(g_inst2, "ht") == wasmc_instance_tag(g_inst1, "e"),
           wasmc_instance_tag(g_inst1, "e") == wasmc_instance_tag(g_inst2, "e"),
           wasmc_instance_tag(g_inst1, "nope") ? "found" : "NULL");
    printf("tag all:");
    print_types(wasmc_instance_tag(g_inst1, "all"));
    printf("\n");

    /* An uncaught wasm exception with every payload type. */
    union wasmc_val v[7];
    memset(v, 0, sizeof v);
    wasmc_instance_call(g_inst1, "get_f", v, &trap);
    void *f = v[0].ref;
    int ext_token;
    v[0].ref = &ext_token;
    outcome = wasmc_instance_call(g_inst1, "throw_all_types", v, &trap);
    printf("throw_all_types: %s tag %s code %s\n", outcome_name(outcome),
           tag_name(wasmc_exception_tag(trap.exception)), wasmc_trap_message(trap.code));
    const union wasmc_val *p;
    printf("payload count %u\n", wasmc_exception_payload(trap.exception, &p));
    print_all("payload", p, f, &ext_token);
    wasmc_exception_free(trap.exception);

    /* Uncaught exceptions of each tag, from a few frames deep. */
    call1(g_inst1, "throw_e", 3);
    call1(g_inst1, "throw_ht", 4);
    call1(g_inst2, "throw_ht", 5);
    call1(g_inst2, "throw_e", 6);

    /* Host throws. */
    call1(g_inst1, "catch_host", 21);
    call1(g_inst1, "catch_host_indirect", 24);
    call1(g_inst1, "catch_host_ref", 25);
    call1(g_inst1, "uncaught_host", 22);
    call1(g_inst1, "throw_ht_direct", 23);
    g_all[0].i32 = 0x80000001u;
    g_all[1].i64 = (uint64_t)-5;
    float f32 = 0.25f;
    double f64 = 1e300;
    memcpy(&g_all[2].f32, &f32, sizeof f32);
    memcpy(&g_all[3].f64, &f64, sizeof f64);
    for (int i = 0; i < 16; i++) g_all[4].v128[i] = (uint8_t)(i * 3);
    g_all[5].ref = f;
    g_all[6].ref = &ext_token;
    memset(v, 0, sizeof v);
    outcome = wasmc_instance_call(g_inst1, "catch_all_types", v, &trap);
    printf("catch_all_types: %s\n", outcome_name(outcome));
    print_all("results", v, f, &ext_token);

    /* Through a host frame. */
    call1(g_inst1, "through_host", 0);
    call1(g_inst1, "through_host", 1);
    call1(g_inst1, "through_host", 2);
    call1(g_inst1, "through_host", 3);
    call1(g_inst1, "through_host_uncaught", 1);
    call1(g_inst1, "through_host_uncaught", 2);
    call1(g_inst1, "no_throw", 0);
    /* The instance is usable after all that. */
    call1(g_inst1, "catch_host", 1);

    /* A start function's exception. */
    {
        union wasmc_val one;
        memset(&one, 0, sizeof one);
        one.i32 = 1;
        wasmc_linker_define_global(l, "host", "start_throws", WASMC_TYPE_I32, false, one);
        wasmc_instance_t *bad =
            wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, &outcome);
        printf("start: %s %s err \"%s\"", bad ? "instance" : "NULL", outcome_name(outcome), err);
        if (outcome == WASMC_EXCEPTION) {
            wasmc_exception_payload(trap.exception, &p);
            printf(" tag %s payload %u", tag_name(wasmc_exception_tag(trap.exception)), p[0].i32);
            wasmc_exception_free(trap.exception);
        }
        printf("\n");
        /* Without trap info the exception is freed by the runtime. */
        bad = wasmc_linker_instantiate(l, &app_module, err, sizeof err, NULL, &outcome);
        printf("start without trap info: %s\n", outcome_name(outcome));
    }
    wasmc_linker_free(l);
    return 0;
}
