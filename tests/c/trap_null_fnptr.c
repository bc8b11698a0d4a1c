/* Calling a null function pointer. Natively this is SIGSEGV; in wasm a null
 * function pointer is table index 0, which wasm-ld leaves empty, so the
 * call_indirect must trap with "uninitialized element". The pointer is
 * volatile so clang cannot turn the UB into `unreachable` at compile time. */
#include <stdio.h>

typedef int (*fn)(int);
static volatile fn target = 0;

int main(void) {
    printf("calling null\n");
    fflush(stdout);
    int r = target(5);
    printf("returned %d\n", r);
    return 0;
}
