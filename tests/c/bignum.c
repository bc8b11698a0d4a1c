/* Arbitrary-precision decimal arithmetic in base 10^9 limbs: 200!, 2^1000,
 * a Fibonacci number and digit sums. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define LIMBS 400
typedef struct { uint32_t d[LIMBS]; int n; } big;

static void set(big *b, uint32_t v) { memset(b, 0, sizeof *b); b->d[0] = v; b->n = 1; }
static void mul_small(big *b, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->d[i] * m + carry;
        b->d[i] = (uint32_t)(t % 1000000000u);
        carry = t / 1000000000u;
    }
    while (carry) { b->d[b->n++] = (uint32_t)(carry % 1000000000u); carry /= 1000000000u; }
}
static void add(big *r, const big *a, const big *b) {
    uint32_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        uint32_t t = a->d[i] + b->d[i] + carry;
        carry = t >= 1000000000u;
        r->d[i] = carry ? t - 1000000000u : t;
    }
    r->n = n;
    if (carry) r->d[r->n++] = 1;
}
static void print(const char *label, const big *b) {
    printf("%s=%u", label, b->d[b->n - 1]);
    for (int i = b->n - 2; i >= 0; i--) printf("%09u", b->d[i]);
    printf("\n");
}
static int digit_sum(const big *b) {
    int s = 0;
    for (int i = 0; i < b->n; i++)
        for (uint32_t v = b->d[i]; v; v /= 10) s += (int)(v % 10);
    return s;
}
static int digits(const big *b) {
    int n = (b->n - 1) * 9;
    for (uint32_t v = b->d[b->n - 1]; v; v /= 10) n++;
    return n;
}

int main(void) {
    static big f, p, x, y, z;
    set(&f, 1);
    for (uint32_t i = 2; i <= 200; i++) mul_small(&f, i);
    print("200!", &f);
    printf("digits=%d digit_sum=%d\n", digits(&f), digit_sum(&f));
    set(&p, 1);
    for (int i = 0; i < 1000; i++) mul_small(&p, 2);
    print("2^1000", &p);
    printf("digit_sum(2^1000)=%d\n", digit_sum(&p));
    set(&x, 0);
    set(&y, 1);
    for (int i = 0; i < 1000; i++) {
        add(&z, &x, &y);
        x = y;
        y = z;
    }
    print("fib(1000)", &x);
    set(&f, 1);
    for (uint32_t i = 2; i <= 1000; i++) mul_small(&f, i);
    printf("1000!: digits=%d digit_sum=%d\n", digits(&f), digit_sum(&f));
    return 0;
}
