/* wasi_exit.c: how a program ends: `wasi_exit HOW CODE` with HOW one of
 * return, exit, _Exit, atexit (a handler prints, then exit), nested (exit
 * from deep in the call stack with unflushed stdio output). The exit status
 * seen by the parent must match the native program's for every CODE,
 * including ones above 255 and negative ones. */
#include <stdint.h>
#include <unistd.h>

#include "wasi_common.h"

static void handler(void) { printf("atexit handler ran\n"); }

static int code;
static __attribute__((noinline)) void deep(int n) {
    if (n == 0) {
        printf("exiting from depth 50 (buffered)");
        exit(code);
    }
    deep(n - 1);
    printf("not reached\n");
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    /* Fully buffered in both builds (wasi-libc, like musl, flushes the first
     * line of a non-terminal stdout before noticing it is not a terminal). */
    static char buf[4096];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    code = atoi(argv[2]);
    const char *how = argv[1];
    printf("how=%s code=%d\n", how, code);
    if (!strcmp(how, "return")) return code;
    if (!strcmp(how, "exit")) exit(code);
    if (!strcmp(how, "_Exit")) {
        printf("lost: _Exit does not flush stdio");
        _Exit(code);
    }
    if (!strcmp(how, "atexit")) {
        atexit(handler);
        exit(code);
    }
    if (!strcmp(how, "nested")) deep(50);
    return 99;
}
