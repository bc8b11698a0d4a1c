/* Integer division by zero (volatile operands so it happens at run time).
 * Natively SIGFPE; wasm traps with "integer divide by zero". */
#include <stdio.h>

static volatile int num = 10, den = 0;

int main(void) {
    printf("dividing\n");
    fflush(stdout);
    int q = num / den;
    printf("quotient %d\n", q);
    return 0;
}
