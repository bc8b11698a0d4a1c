/* A store far beyond the end of linear memory. Natively SIGSEGV (the
 * address is unmapped); wasm traps with "out of bounds memory access". */
#include <stdio.h>
#include <stdint.h>

static volatile uintptr_t addr = 0xFFFFFF00u;

int main(void) {
    printf("storing out of bounds\n");
    fflush(stdout);
    *(volatile int *)addr = 1;
    printf("stored\n");
    return 0;
}
