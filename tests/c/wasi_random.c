/* wasi_random.c: getentropy, arc4random, arc4random_buf/uniform and (wasm:
 * random_get directly; natively getrandom) a 1 MiB request: buffers get
 * filled (not all equal, every byte value appears in a large sample), two
 * draws differ, the 256-byte limit of getentropy holds. Prints facts only. */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <unistd.h>

#include "wasi_common.h"
#ifdef __wasi__
#include <wasi/api.h>
static int big_random(void *p, size_t n) {
    __wasi_errno_t e = __wasi_random_get(p, n);
    if (e) errno = e;
    return e ? -1 : 0;
}
#else
#include <sys/random.h>
static int big_random(void *p, size_t n) {
    for (size_t done = 0; done < n;) {
        ssize_t r = getrandom((char *)p + done, n - done, 0);
        if (r < 0) return -1;
        done += (size_t)r;
    }
    return 0;
}
#endif

static int all_equal(const unsigned char *p, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (p[i] != p[0]) return 0;
    return 1;
}

static int all_values(const unsigned char *p, size_t n) {
    int seen[256] = {0};
    for (size_t i = 0; i < n; i++) seen[p[i]] = 1;
    for (int i = 0; i < 256; i++)
        if (!seen[i]) return 0;
    return 1;
}

int main(void) {
    unsigned char a[256], b[256];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    report("getentropy 256", getentropy(a, sizeof a));
    report("getentropy 256 again", getentropy(b, sizeof b));
    printf("filled: %s, draws differ: %s\n", all_equal(a, sizeof a) ? "no" : "yes",
           memcmp(a, b, sizeof a) ? "yes" : "no");
    report("getentropy 0", getentropy(a, 0));
    report("getentropy 257", getentropy(a, 257));

    uint32_t first = arc4random(), same = 1, or_bits = 0, and_bits = ~0u;
    for (int i = 0; i < 1000; i++) {
        uint32_t v = arc4random();
        same &= v == first;
        or_bits |= v;
        and_bits &= v;
    }
    printf("arc4random: varies %s, every bit seen set %s and clear %s\n", same ? "no" : "yes",
           or_bits == ~0u ? "yes" : "no", and_bits == 0 ? "yes" : "no");
    int in_range = 1, hits[10] = {0};
    for (int i = 0; i < 10000; i++) {
        uint32_t v = arc4random_uniform(10);
        if (v >= 10) in_range = 0;
        else hits[v]++;
    }
    int spread = 1;
    for (int i = 0; i < 10; i++) spread &= hits[i] > 700 && hits[i] < 1300;
    printf("arc4random_uniform(10): in range %s, roughly uniform %s\n", in_range ? "yes" : "no",
           spread ? "yes" : "no");

    size_t n = 1 << 20;
    unsigned char *big = calloc(n, 1), *big2 = calloc(n, 1);
    arc4random_buf(big, n);
    printf("arc4random_buf 1 MiB: all byte values %s\n", all_values(big, n) ? "yes" : "no");
    report("random 1 MiB in one request", big_random(big2, n));
    printf("all byte values %s, differs from the other draw %s\n", all_values(big2, n) ? "yes" : "no",
           memcmp(big, big2, n) ? "yes" : "no");
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++) zeros += big2[i] == 0;
    printf("zero bytes about 1/256: %s\n", zeros > n / 256 / 2 && zeros < n / 256 * 2 ? "yes" : "no");
    report("random 0 bytes", big_random(big2, 0));
    return 0;
}
