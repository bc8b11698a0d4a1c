/* The control host functions of wat/link/host_types.wat (tests/tests/link.rs):
 * env.mode reads $MODE; host.boom traps with wasmc_trap, host.quit ends the
 * guest with wasmc_exit. A second file, so that --link is given twice and
 * the archive has two members. */
#include <stdio.h>
#include <stdlib.h>
#include "wasmc.h"

static void mode(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    const char *m = getenv("MODE");
    v[0].i32 = m ? (uint32_t)atoi(m) : 0;
}
WASMC_HOST_FUNC("env", "mode", "", "i", mode);

static void boom(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c, (void)v;
    printf("boom: trapping\n");
    fflush(stdout);
    wasmc_trap(WASMC_TRAP_UNREACHABLE);
}
WASMC_HOST_FUNC("host", "boom", "", "", boom);

static void quit(void *d, struct wasmc_vmctx *c, union wasmc_val *v) {
    (void)d, (void)c;
    printf("quit: exiting with %u\n", v[0].i32);
    fflush(stdout);
    wasmc_exit(v[0].i32);
}
WASMC_HOST_FUNC("host", "quit", "i", "", quit);
