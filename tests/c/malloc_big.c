/* One ~500 MB allocation that is written on every page and read back:
 * the wasm linear memory has to grow to well over 8000 pages. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int main(void) {
    size_t n = 500u * 1024u * 1024u;
    unsigned char *p = malloc(n);
    if (!p) {
        printf("malloc(500MB) failed\n");
        return 1;
    }
    for (size_t i = 0; i < n; i += 4096) p[i] = (unsigned char)(i >> 12);
    p[n - 1] = 0x5a;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i += 4096) sum += p[i];
    printf("pages=%zu sum=%llu last=%#x\n", n / 4096, (unsigned long long)sum, p[n - 1]);
    free(p);
    /* the allocator must still work afterwards */
    char *q = malloc(100);
    q[99] = 1;
    free(q);
    printf("ok\n");
    return 0;
}
