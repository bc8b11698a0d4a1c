/* Embedding host for wat/embed/traps.wat (tests/cross/embed.rs,
 * tests/cross/darwin.rs), linked by hand with the command `wasmc runtime`
 * prints. It defines the import env.boom (traps when given 1, else doubles
 * its argument), calls each export in turn, prints the outcome of every call
 * on stdout and each trap (message and backtrace) on stderr, and shows that
 * the instance stays usable after a trap. */
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;
static void boom(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data; (void)caller;
    if (vals[0].i32 == 1) wasmc_trap(WASMC_TRAP_UNREACHABLE);
    vals[0].i32 *= 2;
}
int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    wasmc_linker_define_func(l, "env", "boom", "i", "i", boom, NULL);
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    const char *calls[] = {"ok", "host_trap", "ok", "fill_oob", "fill_big", "deep", "divide", "ok"};
    for (unsigned i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        union wasmc_val v[1];
        v[0].i64 = 0;
        v[0].i32 = 5;
        enum wasmc_outcome r = wasmc_instance_call(inst, calls[i], v, &trap);
        printf("%s: %s %u\n", calls[i], r == WASMC_OK ? "ok" : "trapped", r == WASMC_OK ? v[0].i32 : 0);
        fflush(stdout);
        if (r == WASMC_TRAPPED) { wasmc_print_trap(&trap); fflush(stderr); }
    }
    wasmc_linker_free(l);
    return 0;
}
