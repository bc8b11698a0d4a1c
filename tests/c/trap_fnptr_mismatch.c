/* Calling a function through a pointer of the wrong type. Natively the call
 * simply happens (undefined behaviour that x86-64 tolerates), in wasm the
 * call_indirect signature check must trap: "indirect call type mismatch". */
#include <stdio.h>

static int takes_int(int x) { return x * 2; }
typedef double (*dfn)(double, double);
static volatile dfn target;

int main(void) {
    target = (dfn)(void *)takes_int;
    printf("calling through mismatched pointer\n");
    fflush(stdout);
    double r = target(1.0, 2.0);
    printf("returned %g\n", r);
    return 0;
}
