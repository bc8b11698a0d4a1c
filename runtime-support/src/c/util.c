/* util.c: fatal errors, error messages, checked allocation and wasm names.
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

void wasmc_set_err(char *err, size_t err_len, const char *fmt, ...) {
    if (!err || !err_len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
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

char *wasmc_xmemdup(const char *p, size_t len) {
    if (len == SIZE_MAX) wasmc_fatal("allocation size overflow (%zu bytes)", len);
    char *d = wasmc_xcalloc(len + 1, 1);
    if (len) memcpy(d, p, len);
    return d;
}

const char *wasmc_name_print(char *buf, size_t cap, const char *name, size_t len) {
    static const char digits[] = "0123456789abcdef";
    static const char ellipsis[] = "...";
    if (!buf || cap == 0) return "";
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool esc = c < 0x20 || c == 0x7f || c == '\\';
        size_t need = esc ? 3 : 1;
        /* Keep room for the ellipsis unless this is the last byte. */
        size_t reserve = i + 1 < len ? sizeof ellipsis - 1 : 0;
        if (o + need + reserve + 1 > cap) {
            if (o + sizeof ellipsis <= cap) {
                memcpy(buf + o, ellipsis, sizeof ellipsis - 1);
                o += sizeof ellipsis - 1;
            }
            break;
        }
        if (esc) {
            buf[o++] = '\\';
            buf[o++] = digits[c >> 4];
            buf[o++] = digits[c & 15];
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o] = '\0';
    return buf;
}
