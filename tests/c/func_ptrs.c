/* Function pointers: dispatch tables, callbacks, functions returning
 * function pointers, pointers stored in structs (all call_indirect in wasm). */
#include <stdio.h>
#include <stdint.h>

typedef int32_t (*binop)(int32_t, int32_t);
static int32_t add(int32_t a, int32_t b) { return a + b; }
static int32_t sub(int32_t a, int32_t b) { return a - b; }
static int32_t mul(int32_t a, int32_t b) { return a * b; }
static int32_t divi(int32_t a, int32_t b) { return b ? a / b : 0; }
static int32_t mod(int32_t a, int32_t b) { return b ? a % b : 0; }
static int32_t maxi(int32_t a, int32_t b) { return a > b ? a : b; }
static const binop table[] = {add, sub, mul, divi, mod, maxi};
static const char *const names[] = {"add", "sub", "mul", "div", "mod", "max"};

typedef double (*unop)(double);
static double twice(double x) { return 2 * x; }
static double square(double x) { return x * x; }
static double neg(double x) { return -x; }

static unop pick(int i) {
    switch (i % 3) {
    case 0: return twice;
    case 1: return square;
    default: return neg;
    }
}

static void for_each(const int *xs, int n, void (*cb)(int, void *), void *ctx) {
    for (int i = 0; i < n; i++) cb(xs[i], ctx);
}
static void summer(int x, void *ctx) { *(long long *)ctx += x; }
static void printer(int x, void *ctx) { printf("%s%d", (const char *)ctx, x); }

struct shape {
    const char *name;
    double (*area)(const struct shape *);
    double w, h;
};
static double rect_area(const struct shape *s) { return s->w * s->h; }
static double tri_area(const struct shape *s) { return s->w * s->h / 2; }

typedef int64_t (*i64fn)(int64_t, int32_t, double);
static int64_t mix(int64_t a, int32_t b, double c) { return a * b + (int64_t)c; }

static binop volatile_choice(volatile int i) { return table[i]; }

int main(void) {
    for (int i = 0; i < 6; i++)
        for (int32_t a = -7; a <= 7; a += 7)
            printf("%s(%d,%d)=%d%c", names[i], a, 3, table[i](a, 3), a == 7 ? '\n' : ' ');
    double x = 1.5;
    for (int i = 0; i < 7; i++) {
        x = pick(i)(x);
        printf("step %d: %g\n", i, x);
    }
    int xs[] = {5, -3, 10, 22, 7};
    long long sum = 0;
    for_each(xs, 5, summer, &sum);
    for_each(xs, 5, printer, " ");
    printf("\nsum=%lld\n", sum);
    struct shape shapes[] = {{"rect", rect_area, 3, 4}, {"tri", tri_area, 3, 4}, {"sq", rect_area, 2.5, 2.5}};
    for (int i = 0; i < 3; i++) printf("%s area %.2f\n", shapes[i].name, shapes[i].area(&shapes[i]));
    i64fn f = mix;
    printf("mix=%lld\n", (long long)f(10000000000LL, -3, 2.75));
    int32_t acc = 1;
    for (int i = 0; i < 30; i++) acc = volatile_choice(i % 6)(acc, i + 1);
    printf("acc=%d\n", acc);
    /* comparing function pointers */
    printf("same=%d diff=%d\n", pick(3) == twice, pick(4) == twice);
    return 0;
}
