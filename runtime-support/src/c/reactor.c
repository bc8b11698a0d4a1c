/* reactor.c: the WASI reactor ABI in the embedding API.
 *
 * A reactor is a module that exports `_initialize` and no `_start` (a
 * library instance rather than a program): the ABI says its `_initialize`
 * (which runs, e.g., C constructors) is called once, after instantiation and
 * before any other export. wasmc_linker_instantiate (embed.c) calls it, so
 * that hosts -- and the headers `wasmc build --header` generates -- never
 * see an uninitialised reactor. A command (`_start`) is left alone: its
 * host decides when to run it.
 */
#include "rt.h"

#include <stdio.h>

static const char INITIALIZE[] = "_initialize";
static const char START[] = "_start";

bool wasmc_reactor_initialize(wasmc_instance_t *inst, char *err, size_t err_len,
                              struct wasmc_trap_info *trap, enum wasmc_outcome *outcome) {
    uint32_t np = 0, nr = 0;
    if (!wasmc_instance_func_type_n(inst, INITIALIZE, sizeof INITIALIZE - 1, NULL, &np, NULL,
                                    &nr) ||
        wasmc_instance_func_type_n(inst, START, sizeof START - 1, NULL, NULL, NULL, NULL))
        return true;
    if (np != 0 || nr != 0) {
        wasmc_set_err(err, err_len, "_initialize must take no parameters and return nothing");
        return false;
    }
    struct wasmc_trap_info scratch;
    struct wasmc_trap_info *t = trap ? trap : &scratch;
    enum wasmc_outcome o = wasmc_instance_call_n(inst, INITIALIZE, sizeof INITIALIZE - 1, NULL, t);
    if (o == WASMC_OK) return true;
    *outcome = o;
    if (o == WASMC_TRAPPED || o == WASMC_EXCEPTION)
        wasmc_set_err(err, err_len, "trap in _initialize: %s", wasmc_trap_message(t->code));
    else wasmc_set_err(err, err_len, "_initialize exited with status %u", t->exit_status);
    if (t == &scratch) { /* nobody to hand an exception to */
        wasmc_exception_free(t->exception);
        t->exception = NULL;
    }
    return false;
}
