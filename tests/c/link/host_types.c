/* Host functions of every value type for wat/link/host_types.wat, linked
 * with `wasmc build --link` (tests/tests/link.rs) as a C source, an object
 * and, with host_control.c, an archive. They print what they get; the
 * module reports what they return through report_i/report_f. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "wasmc.h"

static int token; /* the externref the host hands out */

static void h_i32(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("i32 got %" PRId32 "\n", (int32_t)v[0].i32);
    v[0].i32 = (uint32_t)((int32_t)v[0].i32 * 3);
}
WASMC_HOST_FUNC("env", "i32", "i", "i", h_i32);

static void h_i64(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("i64 got 0x%" PRIx64 "\n", v[0].i64);
    v[0].i64 = v[0].i64 << 8;
}
WASMC_HOST_FUNC("env", "i64", "I", "I", h_i64);

static void h_f32(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("f32 got %g\n", (double)v[0].f32);
    v[0].f32 = v[0].f32 * 4.0f;
}
WASMC_HOST_FUNC("env", "f32", "f", "f", h_f32);

static void h_f64(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("f64 got %g\n", v[0].f64);
    v[0].f64 = v[0].f64 / 2.0;
}
WASMC_HOST_FUNC("env", "f64", "F", "F", h_f64);

static void h_v128(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("v128 got");
    for (int i = 0; i < 16; i++) printf(" %02x", v[0].v128[i]);
    printf("\n");
    uint8_t rev[16];
    for (int i = 0; i < 16; i++) rev[i] = v[0].v128[15 - i];
    memcpy(v[0].v128, rev, 16);
}
WASMC_HOST_FUNC("env", "v128", "V", "V", h_v128);

static void h_refs(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("refs got funcref %s, externref %s\n", v[0].ref ? "non-null" : "null",
           v[1].ref ? "non-null" : "null");
    void *func = v[0].ref;
    v[0].ref = &token;
    v[1].ref = func;
}
WASMC_HOST_FUNC("env", "refs", "re", "er", h_refs);

static void check_ext(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("externref is %s\n", v[0].ref == &token ? "the token" : v[0].ref ? "other" : "null");
}
WASMC_HOST_FUNC("env", "check_ext", "e", "", check_ext);

static void h_multi(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    int32_t a = (int32_t)v[0].i32;
    int64_t b = (int64_t)v[1].i64;
    float f = v[2].f32;
    double g = v[3].f64;
    printf("multi got %" PRId32 " %" PRId64 " %g %g\n", a, b, (double)f, g);
    v[0].f64 = g + 1.0;
    v[1].f32 = f * 2.0f;
    v[2].i64 = (uint64_t)(b - 1);
    v[3].i32 = (uint32_t)(a + 1);
}
WASMC_HOST_FUNC("env", "multi", "iIfF", "FfIi", h_multi);

static void report_i(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("report %" PRIu32 ": %" PRId64 "\n", v[0].i32, (int64_t)v[1].i64);
}
WASMC_HOST_FUNC("env", "report_i", "iI", "", report_i);

static void report_f(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("report %" PRIu32 ": %g\n", v[0].i32, v[1].f64);
}
WASMC_HOST_FUNC("env", "report_f", "iF", "", report_f);

/* Reads the guest's memory through wasmc_caller_memory. */
static void print_mem(void *d, struct wasmc_vmctx *caller, union wasmc_val *v) {
    (void)d;
    uint64_t size = 0;
    uint8_t *mem = wasmc_caller_memory(caller, &size);
    uint32_t ptr = v[0].i32, len = v[1].i32;
    if (!mem || (uint64_t)ptr + len > size) wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    printf("memory (%" PRIu64 " bytes): %.*s\n", size, (int)len, (const char *)mem + ptr);
}
WASMC_HOST_FUNC("env", "print_mem", "ii", "", print_mem);
