/* getenv of a variable that is set in neither run (the harness removes it
 * from the native environment; wasm executables start with an empty
 * environment) must return NULL; setenv/getenv round trip inside the guest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *v = getenv("WASMC_TEST_UNSET_VARIABLE");
    printf("unset: %s\n", v ? v : "(null)");
    printf("setenv=%d\n", setenv("WASMC_TEST_INNER", "inner value", 1));
    v = getenv("WASMC_TEST_INNER");
    printf("after setenv: %s\n", v ? v : "(null)");
    setenv("WASMC_TEST_INNER", "ignored", 0);
    printf("no overwrite: %s\n", getenv("WASMC_TEST_INNER"));
    unsetenv("WASMC_TEST_INNER");
    v = getenv("WASMC_TEST_INNER");
    printf("after unsetenv: %s\n", v ? v : "(null)");
    return 0;
}
