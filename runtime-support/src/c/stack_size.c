/* stack_size.c: the native stack size of a thread that runs wasm.
 *
 * Wasm runs on the native stack of the thread that calls into it, and the
 * runtime traps with "call stack exhausted" WASMC_HOST_STACK_RESERVE bytes
 * above the end of that stack, so the thread's stack size decides how deep
 * wasm can recurse. Both programs that create such a thread -- the
 * executable driver (main.c) and the `wasmc wast` host (which may use only
 * wasmc.h, hence a public function) -- take the size from WASMC_STACK_SIZE
 * through this one parser, so they accept the same spellings and apply the
 * same minimum and rounding.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Smallest guest stack we accept: the host reserve plus some room for wasm. */
#define MIN_STACK_SIZE (WASMC_HOST_STACK_RESERVE + WASMC_MIN_GUEST_STACK)

WASMC_PRINTF(3, 4)
static size_t fail(char *err, size_t err_len, const char *fmt, ...) {
    if (err && err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return 0;
}

size_t wasmc_stack_size_from_env(char *err, size_t err_len) {
    const char *s = getenv("WASMC_STACK_SIZE");
    size_t size = WASMC_DEFAULT_STACK_SIZE;
    if (s && *s) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        unsigned shift = 0;
        switch (*end) {
        case 'k': case 'K': shift = 10; end++; break;
        case 'm': case 'M': shift = 20; end++; break;
        case 'g': case 'G': shift = 30; end++; break;
        default: break;
        }
        if (errno || end == s || *end || s[0] == '-' || v > (SIZE_MAX >> shift))
            return fail(err, err_len,
                        "invalid WASMC_STACK_SIZE \"%s\" (expected bytes, optionally with k/m/g)",
                        s);
        size = (size_t)(v << shift);
    }
    if (size < MIN_STACK_SIZE) size = MIN_STACK_SIZE;
    if (size < (size_t)PTHREAD_STACK_MIN) size = (size_t)PTHREAD_STACK_MIN;
    long page_l = sysconf(_SC_PAGESIZE);
    size_t page = page_l > 0 ? (size_t)page_l : 4096;
    if (size > SIZE_MAX - page) return fail(err, err_len, "WASMC_STACK_SIZE too large");
    return (size + page - 1) / page * page; /* some systems require whole pages */
}
