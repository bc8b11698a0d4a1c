/* Integer and memory work: a prime sieve, an open-addressing hash table and
 * a quicksort over pseudo-random data (loads/stores dominate: the bounds
 * strategy shows here). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)rng; }

/* Our own sort: libc's qsort differs between glibc (native) and wasi-libc
 * (musl's smoothsort, several times slower), which would measure the libc,
 * not the compiler. */
static void sort(uint32_t *a, size_t n) {
    while (n > 16) {
        uint32_t p = a[n / 2];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        sort(a, j + 1);
        a += j + 1;
        n -= j + 1;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t k = i;
        while (k > 0 && a[k - 1] > v) { a[k] = a[k - 1]; k--; }
        a[k] = v;
    }
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 20;
    size_t n = (size_t)scale * 1000000;
    uint8_t *sieve = calloc(n, 1);
    size_t primes = 0;
    for (size_t i = 2; i < n; i++) {
        if (sieve[i]) continue;
        primes++;
        for (size_t j = i * 2; j < n; j += i) sieve[j] = 1;
    }
    /* At most half full: probing always finds a slot. */
    size_t cap = 1;
    while (cap < n / 2) cap <<= 1;
    uint32_t *keys = calloc(cap, sizeof *keys), *vals = calloc(cap, sizeof *vals);
    uint64_t sum = 0;
    for (size_t i = 0; i < n / 4; i++) {
        uint32_t k = next() | 1, h = (k * 2654435761u) & (cap - 1);
        while (keys[h] && keys[h] != k) h = (h + 1) & (cap - 1);
        keys[h] = k;
        vals[h] += 1;
        sum += vals[h];
    }
    uint32_t *arr = malloc(n / 4 * sizeof *arr);
    for (size_t i = 0; i < n / 4; i++) arr[i] = next();
    sort(arr, n / 4);
    printf("primes=%zu sum=%llu median=%u\n", primes, (unsigned long long)sum, arr[n / 8]);
    return 0;
}
