/* abort(): natively SIGABRT; in wasi-libc it is `unreachable`, so the wasm
 * build must trap (status 134, "wasm trap: unreachable"). Output written
 * before the abort is flushed explicitly and must still appear. */
#include <stdio.h>
#include <stdlib.h>

static void check(int ok) {
    if (!ok) {
        printf("check failed, aborting\n");
        fflush(stdout);
        abort();
    }
}

static volatile int broken = 1;

int main(void) {
    printf("before\n");
    check(1);
    check(broken == 0);
    printf("not reached\n");
    return 0;
}
