/* Unbounded (non-tail) recursion. Natively SIGSEGV on the guard page; the
 * wasm build must trap with "call stack exhausted", never crash with a
 * signal. No address-taken locals, so only the native wasm stack grows, not
 * the C shadow stack in linear memory. */
#include <stdio.h>

static volatile unsigned sink;

__attribute__((noinline)) static unsigned down(unsigned n) {
    sink = n;
    unsigned r = down(n + 1);
    sink = r;
    return r + n;
}

int main(void) {
    printf("recursing\n");
    fflush(stdout);
    printf("%u\n", down(0));
    return 0;
}
