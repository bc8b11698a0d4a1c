/* Structs passed and returned by value: small (in registers), large (via
 * memory), with floats, nested, containing arrays; copies are independent. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct pt { int32_t x, y; };
struct pf { float x; double y; };
struct big { int32_t a[16]; char name[20]; double d; };
struct nested { struct pt p; struct pf f; uint8_t tag; int64_t id; };
struct tiny { char c; };
struct mixed { char c; int64_t l; short s; };

static struct pt pt_add(struct pt a, struct pt b) { return (struct pt){a.x + b.x, a.y + b.y}; }
static struct pf pf_scale(struct pf v, float k) { v.x *= k; v.y *= k; return v; }
static struct big big_make(int seed) {
    struct big b;
    for (int i = 0; i < 16; i++) b.a[i] = seed * i - 7;
    snprintf(b.name, sizeof b.name, "big-%d", seed);
    b.d = seed / 4.0;
    return b;
}
static int64_t big_sum(struct big b) {
    int64_t s = 0;
    for (int i = 0; i < 16; i++) s += b.a[i];
    b.a[0] = 999999; /* modifies the callee's copy only */
    return s + (int64_t)(b.d * 4);
}
static struct nested nest(struct pt p, struct pf f, uint8_t tag) {
    struct nested n = {p, f, tag, (int64_t)tag << 40};
    return n;
}
static struct tiny next_tiny(struct tiny t) { t.c++; return t; }
static struct mixed swap_mixed(struct mixed m) { return (struct mixed){(char)m.s, m.l * -1, (short)m.c}; }

typedef struct pt (*pt_fn)(struct pt, struct pt);

int main(void) {
    struct pt a = {3, -4}, b = {10, 20};
    struct pt c = pt_add(a, b);
    printf("pt %d %d\n", c.x, c.y);
    pt_fn f = pt_add;
    for (int i = 0; i < 5; i++) c = f(c, a);
    printf("pt loop %d %d\n", c.x, c.y);
    struct pf v = pf_scale((struct pf){1.5f, -2.25}, 3.0f);
    printf("pf %g %g\n", v.x, v.y);
    struct big bg = big_make(9);
    printf("big %s %d %d sum=%lld a0=%d\n", bg.name, bg.a[1], bg.a[15], (long long)big_sum(bg), bg.a[0]);
    struct big copy = bg;
    copy.a[3] = 0;
    strcpy(copy.name, "copy");
    printf("orig %s %d copy %s %d\n", bg.name, bg.a[3], copy.name, copy.a[3]);
    struct nested n = nest(a, v, 200);
    printf("nested %d %d %g %g %u %lld\n", n.p.x, n.p.y, n.f.x, n.f.y, n.tag, (long long)n.id);
    struct tiny t = {'a'};
    for (int i = 0; i < 3; i++) t = next_tiny(t);
    printf("tiny %c\n", t.c);
    struct mixed m = swap_mixed((struct mixed){'x', 1234567890123LL, 77});
    printf("mixed %d %lld %d\n", m.c, (long long)m.l, m.s);
    struct pt arr[4] = {{0, 0}};
    for (int i = 0; i < 4; i++) arr[i] = pt_add(arr[i > 0 ? i - 1 : 0], (struct pt){i, i * i});
    printf("arr %d %d\n", arr[3].x, arr[3].y);
    return 0;
}
