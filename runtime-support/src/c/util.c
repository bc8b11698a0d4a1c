/* util.c: fatal errors and checked allocation.
 *
 * The runtime treats host failures (out of memory, a broken invariant, a
 * corrupt module descriptor) as fatal: there is nothing sensible a compiled
 * program could do about them, and carrying error paths for them everywhere
 * would hide the guest-visible errors (link errors, traps) that do matter.
 * Every size computation goes through an overflow check first.
 */
#include "rt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void wasmc_fatal(const char *fmt, ...) {
    /* Format first and write once so the line is not interleaved with output
     * from other threads. */
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "wasmc runtime: %s\n", msg);
    fflush(stderr);
    abort();
}

static size_t checked_size(size_t count, size_t size) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes))
        wasmc_fatal("allocation size overflow (%zu * %zu bytes)", count, size);
    /* Never ask for 0 bytes: malloc(0) may return NULL, which would look like
     * a failure, and callers may rely on a non-NULL result. */
    return bytes ? bytes : 1;
}

void *wasmc_xcalloc(size_t count, size_t size) {
    size_t bytes = checked_size(count, size);
    void *p = calloc(1, bytes);
    if (!p) wasmc_fatal("out of memory (allocating %zu bytes)", bytes);
    return p;
}

void *wasmc_xrealloc(void *p, size_t count, size_t size) {
    size_t bytes = checked_size(count, size);
    void *q = realloc(p, bytes);
    if (!q) wasmc_fatal("out of memory (reallocating to %zu bytes)", bytes);
    return q;
}

char *wasmc_xstrdup(const char *s) {
    size_t len = strlen(s);
    char *d = wasmc_xcalloc(len + 1, 1); /* len + 1 cannot overflow: s exists */
    memcpy(d, s, len);
    return d;
}
