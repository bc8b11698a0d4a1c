/* INT_MIN / -1 (volatile operands). Natively SIGFPE on x86-64; wasm
 * i32.div_s traps with "integer overflow". */
#include <stdio.h>
#include <limits.h>

static volatile int num = INT_MIN, den = -1;

int main(void) {
    printf("dividing INT_MIN by -1\n");
    fflush(stdout);
    int q = num / den;
    printf("quotient %d\n", q);
    return 0;
}
