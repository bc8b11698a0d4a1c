/* Embedding host for wat/embed/typed_refs.wat (tests/embedding.rs): the
 * host writes typed reference globals and passes a typed reference argument.
 * Writes of a value without the global's reference type are refused; an
 * argument without the parameter's reference type aborts (compiled code
 * trusts static types: call_ref does no signature check). */
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;
int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    union wasmc_val inc, add, null = {0}, v[2];
    if (!wasmc_instance_global_get(inst, "g_nonnull", NULL, &inc)) return 1;
    if (!wasmc_instance_global_get(inst, "g_add", NULL, &add)) return 1;
    printf("set g inc: %d\n", wasmc_instance_global_set(inst, "g", inc));
    v[0].i64 = 0;
    v[0].i32 = 5;
    enum wasmc_outcome r = wasmc_instance_call(inst, "call_g", v, &trap);
    printf("call_g(5): %s %d\n", r == WASMC_OK ? "ok" : "trapped", r == WASMC_OK ? v[0].i32 : 0);
    printf("set g add: %d\n", wasmc_instance_global_set(inst, "g", add));
    printf("set g_nonnull null: %d\n", wasmc_instance_global_set(inst, "g_nonnull", null));
    printf("set g null: %d\n", wasmc_instance_global_set(inst, "g", null));
    v[0].i64 = 0;
    v[0].i32 = 5;
    r = wasmc_instance_call(inst, "call_g", v, &trap);
    printf("call_g(5): %s\n", r == WASMC_TRAPPED ? wasmc_trap_message(trap.code) : "no trap");
    v[0] = inc;
    v[1].i64 = 0;
    v[1].i32 = 9;
    r = wasmc_instance_call(inst, "apply", v, &trap);
    printf("apply(inc, 9): %s %d\n", r == WASMC_OK ? "ok" : "trapped", r == WASMC_OK ? v[0].i32 : 0);
    fflush(stdout);
    v[0] = add;
    v[1].i64 = 0;
    v[1].i32 = 9;
    wasmc_instance_call(inst, "apply", v, &trap);
    printf("apply(add, 9) returned\n");
    wasmc_linker_free(l);
    return 0;
}
