/* Embedding host for wat/embed/gc_objects.wat (tests/embedding.rs): GC
 * objects returned to the host are accepted back where their type fits
 * (typed, eq and struct globals; a typed parameter) and refused where it does
 * not (another struct type, arrayref, an i31 for a struct type); an argument
 * of the wrong struct type aborts, as for any typed reference. */
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;
int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    wasmc_linker_t *l = wasmc_linker_new();
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    union wasmc_val s = {0}, t = {0}, i31 = {0}, v[1];
    s.i32 = 42;
    if (wasmc_instance_call(inst, "make_s", &s, &trap) != WASMC_OK) return 1;
    if (wasmc_instance_call(inst, "make_t", &t, &trap) != WASMC_OK) return 1;
    i31.ref = (void *)(uintptr_t)((7u << 1) | 1u);
    printf("gs s: %d\n", wasmc_instance_global_set(inst, "gs", s));
    printf("gs t: %d\n", wasmc_instance_global_set(inst, "gs", t));
    printf("gs i31: %d\n", wasmc_instance_global_set(inst, "gs", i31));
    printf("geq t: %d\n", wasmc_instance_global_set(inst, "geq", t));
    printf("geq i31: %d\n", wasmc_instance_global_set(inst, "geq", i31));
    printf("gstruct s: %d\n", wasmc_instance_global_set(inst, "gstruct", s));
    printf("garray s: %d\n", wasmc_instance_global_set(inst, "garray", s));
    v[0] = s;
    enum wasmc_outcome r = wasmc_instance_call(inst, "get", v, &trap);
    printf("get(s): %s %d\n", r == WASMC_OK ? "ok" : "trapped", r == WASMC_OK ? v[0].i32 : 0);
    fflush(stdout);
    v[0] = t;
    wasmc_instance_call(inst, "get", v, &trap);
    printf("get(t) returned\n");
    wasmc_linker_free(l);
    return 0;
}
