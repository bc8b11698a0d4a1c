/* host.c: a C program embedding a module precompiled by wasmc.
 *
 *   wasmc build app.wat --emit obj --module-symbol app_module -o app.o
 *   wasmc runtime --out-dir rt
 *   cc -I rt/include host.c app.o rt/libwasmc_rt.a -lm -pthread -o host
 */
#include <inttypes.h>
#include <stdio.h>

#include "wasmc.h"

extern const struct wasmc_module_desc app_module;

static void log_i32(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    (void)caller;
    printf("log: %d\n", (int)(int32_t)vals[0].i32);
}

int main(void) {
    wasmc_linker_t *linker = wasmc_linker_new();
    wasmc_linker_define_func(linker, "env", "log", "i", "", log_i32, NULL);
    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    wasmc_instance_t *inst = wasmc_linker_instantiate(linker, &app_module, err, sizeof err, &trap, &outcome);
    if (!inst) {
        fprintf(stderr, "instantiation failed: %s\n", err);
        return 1;
    }
    union wasmc_val vals[2];
    vals[0].i32 = 40;
    vals[1].i32 = 2;
    if (wasmc_instance_call(inst, "add", vals, &trap) == WASMC_OK) printf("add(40, 2) = %u\n", vals[0].i32);
    vals[0].i32 = 30;
    if (wasmc_instance_call(inst, "fib", vals, &trap) == WASMC_OK) printf("fib(30) = %" PRIu64 "\n", vals[0].i64);
    vals[0].i32 = (uint32_t)-1;
    if (wasmc_instance_call(inst, "fib", vals, &trap) == WASMC_TRAPPED)
        printf("fib(-1) trapped: %s\n", wasmc_trap_message(trap.code));
    wasmc_linker_free(linker);
    return 0;
}
