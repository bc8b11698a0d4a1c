/* setjmp/longjmp: out of nested calls (locals declared volatile keep their
 * values), several jmp_bufs at once, the values setjmp returns (longjmp(b, 0)
 * makes setjmp return 1), a longjmp back into a loop many times, and jumps
 * from a function called through a pointer. Built for wasm with clang's
 * -mllvm -wasm-enable-sjlj, which lowers setjmp/longjmp to wasm exceptions
 * (the __c_longjmp tag; __wasm_setjmp, __wasm_setjmp_test and
 * __wasm_longjmp from wasi-libc). */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static int depth_reached;

static void dive(int n, int val) {
    depth_reached = n;
    if (n == 0)
        longjmp(outer, val);
    dive(n - 1, val);
}

static void use_inner(int code) {
    if (setjmp(inner) == 0) {
        if (code)
            longjmp(inner, code);
        printf("inner: no jump\n");
        return;
    }
    printf("inner: jumped with %d\n", code);
    longjmp(outer, code + 100);
}

static void jump_via(void (*f)(jmp_buf, int), jmp_buf b, int v) { f(b, v); }
static void do_jump(jmp_buf b, int v) { longjmp(b, v); }

int main(void) {
    int vals[] = {1, 0, 7, -3, 255};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        volatile int before = 10 * (int)i;
        int r = setjmp(outer);
        if (r == 0) {
            before++;
            dive(50, vals[i]);
            printf("not reached\n");
        }
        printf("longjmp(%d) -> setjmp returned %d, depth %d, volatile local %d\n", vals[i], r,
               depth_reached, before);
    }

    for (int code = 0; code < 3; code++) {
        int r = setjmp(outer);
        if (r == 0) {
            use_inner(code);
            printf("use_inner(%d) returned\n", code);
        } else {
            printf("outer got %d\n", r);
        }
    }

    volatile int count = 0;
    jmp_buf loop;
    int r = setjmp(loop);
    if (r < 1000) {
        count++;
        jump_via(do_jump, loop, r + 1);
    }
    printf("looped %d times, last value %d\n", count, r);
    return 0;
}
