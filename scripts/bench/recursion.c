/* Recursion-heavy code: naive Fibonacci, Ackermann(2, n) and a binary tree
 * built in an array-backed pool and walked recursively (insert, depth sum,
 * mirror). Call/return overhead and stack traffic: scalar.
 * Usage: recursion [SCALE]   (default 15; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t ack(uint32_t m, uint32_t n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

struct node { int32_t left, right; uint32_t key; };
static struct node *pool;
static int32_t used;

static int32_t insert(int32_t t, uint32_t key) {
    if (t < 0) {
        pool[used].left = pool[used].right = -1;
        pool[used].key = key;
        return used++;
    }
    if (key < pool[t].key) pool[t].left = insert(pool[t].left, key);
    else pool[t].right = insert(pool[t].right, key);
    return t;
}

static uint64_t depth_sum(int32_t t, uint64_t d) {
    if (t < 0) return 0;
    return d * pool[t].key + depth_sum(pool[t].left, d + 1) + depth_sum(pool[t].right, d + 1);
}

static void mirror(int32_t t) {
    if (t < 0) return;
    int32_t l = pool[t].left;
    pool[t].left = pool[t].right;
    pool[t].right = l;
    mirror(pool[t].left);
    mirror(pool[t].right);
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 15;
    uint32_t f = 0;
    for (int i = 0; i < scale; i++) f += fib(24 + (uint32_t)(i % 3));
    uint32_t a = 0;
    for (int i = 0; i < scale; i++) a += ack(2, 2000 + (uint32_t)i);
    int n = 20000 * scale;
    pool = malloc((size_t)n * sizeof *pool);
    used = 0;
    int32_t root = -1;
    uint32_t s = 99991;
    for (int i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; root = insert(root, s); }
    uint64_t ds = 0;
    for (int r = 0; r < 20; r++) { ds += depth_sum(root, 1); mirror(root); }
    printf("recursion scale=%d fib=%u ack=%u nodes=%d depthsum=%llu\n", scale, f, a, used,
           (unsigned long long)ds);
    return 0;
}
