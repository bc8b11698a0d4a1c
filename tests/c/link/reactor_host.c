/* A C host of the reactor wat/link/reactor.wat through its generated header
 * (reactor.h, `wasmc build --emit obj --header`; tests/tests/link.rs): typed
 * wrappers for i32, i64 (multi-value), f32/f64, v128, externref and
 * no-value exports, a trap through a wrapper, and the memory accessor.
 * `inits` shows that instantiation ran _initialize exactly once. With the
 * argument "fail", the host function env.init_fails makes _initialize trap:
 * instantiation fails with the trap. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "reactor.h"

static void init_fails(void *data, struct wasmc_vmctx *caller, union wasmc_val *v) {
    (void)caller;
    v[0].i32 = (uint32_t)*(const int *)data;
}

int main(int argc, char **argv) {
    static int fail;
    fail = argc > 1 && strcmp(argv[1], "fail") == 0;
    wasmc_linker_t *linker = wasmc_linker_new();
    wasmc_linker_define_func(linker, "env", "init_fails", "", "i", init_fails, &fail);
    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    wasmc_instance_t *inst = reactor_instantiate(linker, err, sizeof err, &trap, &outcome);
    if (!inst) {
        printf("instantiate: %s (outcome %d)\n", err, (int)outcome);
        if (outcome == WASMC_TRAPPED) wasmc_print_trap(&trap);
        wasmc_linker_free(linker);
        return 1;
    }
    int32_t n = 0;
    if (reactor_inits(inst, &n, &trap) != WASMC_OK) return 1;
    printf("inits = %" PRId32 "\n", n);
    int32_t sum = 0;
    if (reactor_add(inst, 2, 3, &sum, &trap) != WASMC_OK) return 1;
    printf("add(2, 3) = %" PRId32 "\n", sum);
    int64_t q = 0, r = 0;
    if (reactor_div_mod(inst, -17, 5, &q, &r, &trap) != WASMC_OK) return 1;
    printf("div-mod(-17, 5) = %" PRId64 " %" PRId64 "\n", q, r);
    if (reactor_div_mod(inst, 1, 0, &q, NULL, &trap) == WASMC_TRAPPED)
        printf("div-mod(1, 0) trapped: %s\n", wasmc_trap_message(trap.code));
    double m = 0;
    if (reactor_mix(inst, 1.5f, 4.25, &m, &trap) != WASMC_OK) return 1;
    printf("mix(1.5, 4.25) = %g\n", m);
    uint8_t in[16], out[16];
    for (int i = 0; i < 16; i++) in[i] = (uint8_t)i;
    if (reactor_reverse(inst, in, out, &trap) != WASMC_OK) return 1;
    printf("reverse: %u %u ... %u\n", out[0], out[1], out[15]);
    static int token;
    void *back = NULL;
    if (reactor_same(inst, &token, &back, &trap) != WASMC_OK) return 1;
    printf("same(&token) is &token: %d\n", back == &token);
    if (reactor_nothing(inst, NULL) != WASMC_OK) return 1;
    uint64_t size = 0;
    uint8_t *mem = reactor_memory(inst, &size);
    printf("memory: %.14s (%" PRIu64 " bytes)\n", mem ? (const char *)mem : "(none)", size);
    if (reactor_inits(inst, &n, &trap) != WASMC_OK) return 1;
    printf("inits = %" PRId32 "\n", n);
    wasmc_linker_free(linker); /* frees the instance */
    return 0;
}
