/* Host functions for wat/link/missing.wat with the wrong types
 * (tests/tests/link.rs): env.a takes an i64 instead of an i32, env.b
 * returns nothing instead of an i64. The build names both; linked by hand
 * past the build check, the program refuses to start. */
#include "wasmc.h"

static void a(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c, (void)v;
}
WASMC_HOST_FUNC("env", "a", "I", "", a);

static void b(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c, (void)v;
}
WASMC_HOST_FUNC("env", "b", "", "", b);
