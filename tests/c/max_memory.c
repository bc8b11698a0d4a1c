/* `--max-memory`: growing linear memory past the cap fails cleanly
 * (malloc returns NULL), smaller allocations still work. The blocks are
 * touched and the pointers escape so the compiler cannot elide malloc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;

static const char *try_alloc(size_t n) {
    char *p = malloc(n);
    if (!p) return "failed";
    memset(p, 1, n);
    sink = p;
    return "ok";
}

int main(void) {
    printf("1 MiB: %s\n", try_alloc(1u << 20));
    printf("200 MiB: %s\n", try_alloc(200u << 20));
    return 0;
}
