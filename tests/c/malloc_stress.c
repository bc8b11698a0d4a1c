/* malloc/calloc/realloc/free stress with pseudo-random sizes; every block
 * carries a byte pattern that is checked before it is resized or freed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define SLOTS 512

static uint32_t rng = 12345;
static uint32_t rnd(void) {
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

struct slot { unsigned char *p; size_t n; unsigned char tag; };

static int check(const struct slot *s) {
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i] != (unsigned char)(s->tag + i * 7)) return 0;
    return 1;
}
static void fill(struct slot *s, size_t from) {
    for (size_t i = from; i < s->n; i++) s->p[i] = (unsigned char)(s->tag + i * 7);
}

int main(void) {
    static struct slot slots[SLOTS];
    unsigned long long allocated = 0, frees = 0, reallocs = 0, bad = 0;
    for (int iter = 0; iter < 60000; iter++) {
        struct slot *s = &slots[rnd() % SLOTS];
        uint32_t op = rnd() % 10;
        size_t n;
        uint32_t r = rnd() % 100;
        if (r < 70) n = rnd() % 64;
        else if (r < 95) n = rnd() % 4096;
        else n = rnd() % 200000;
        if (s->p == NULL) {
            if (op < 5) {
                s->p = malloc(n ? n : 1);
            } else {
                s->p = calloc(n ? n : 1, 1);
                for (size_t i = 0; i < n; i++) if (s->p[i] != 0) bad++;
            }
            if (!s->p) { printf("allocation failed\n"); return 2; }
            s->n = n;
            s->tag = (unsigned char)rnd();
            fill(s, 0);
            allocated++;
        } else if (op < 6) {
            if (!check(s)) bad++;
            free(s->p);
            s->p = NULL;
            frees++;
        } else {
            if (!check(s)) bad++;
            size_t old = s->n;
            unsigned char *q = realloc(s->p, n ? n : 1);
            if (!q) { printf("realloc failed\n"); return 2; }
            s->p = q;
            s->n = n;
            /* the common prefix must have survived */
            for (size_t i = 0; i < (old < n ? old : n); i++)
                if (q[i] != (unsigned char)(s->tag + i * 7)) { bad++; break; }
            fill(s, 0);
            reallocs++;
        }
    }
    size_t live = 0, bytes = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            if (!check(&slots[i])) bad++;
            live++;
            bytes += slots[i].n;
            free(slots[i].p);
        }
    }
    /* alignment of malloc results must suit any scalar type */
    for (int i = 1; i < 100; i++) {
        void *p = malloc(i);
        if ((uintptr_t)p % 8 != 0) bad++;
        free(p);
    }
    printf("allocated=%llu frees=%llu reallocs=%llu live=%zu bytes=%zu bad=%llu\n", allocated, frees,
           reallocs, live, bytes, bad);
    return bad ? 1 : 0;
}
