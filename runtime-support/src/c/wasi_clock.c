/* wasi_clock.c: the WASI calls about time and the process: clock_res_get,
 * clock_time_get, random_get, sched_yield, proc_exit and proc_raise (which
 * returns ERRNO_NOTSUP: a wasm program cannot handle signals).
 */
#include "wasi_internal.h"

#include <sched.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

static bool host_clock(uint32_t id, clockid_t *out) {
    switch (id) {
    case CLOCK_W_REALTIME: *out = CLOCK_REALTIME; return true;
    case CLOCK_W_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
    case CLOCK_W_PROCESS: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case CLOCK_W_THREAD: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

uint32_t wasmc_wasi_clock_res_get(struct wasmc_vmctx *vm, uint32_t id, uint32_t out) {
    clockid_t c;
    if (!host_clock(id, &c)) return WE_INVAL;
    GUEST(p, out, 8);
    struct timespec ts;
    if (clock_getres(c, &ts) != 0) return wasmc_werr(errno);
    uint64_t ns = ts_ns(ts);
    wasmc_st64(p, ns ? ns : 1);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_clock_time_get(struct wasmc_vmctx *vm, uint32_t id, uint64_t precision,
                                   uint32_t out) {
    (void)precision;
    clockid_t c;
    if (!host_clock(id, &c)) return WE_INVAL;
    GUEST(p, out, 8);
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return wasmc_werr(errno);
    if (ts.tv_sec < 0) return WE_OVERFLOW;
    wasmc_st64(p, ts_ns(ts));
    return WE_SUCCESS;
}

/* Fill [p, p+n) partly: getrandom, or /dev/urandom where it is missing. */
static ssize_t random_chunk(uint8_t *p, size_t n, int *ufd) {
#if defined(HAVE_LINUX_CALLS)
    if (*ufd < 0) {
        ssize_t r = getrandom(p, n, 0);
        if (r >= 0 || errno != ENOSYS) return r;
    }
#endif
    if (*ufd < 0 && (*ufd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0) return -1;
    ssize_t r = read(*ufd, p, n);
    if (r == 0) {
        errno = EIO;
        r = -1;
    }
    return r;
}

uint32_t wasmc_wasi_random_get(struct wasmc_vmctx *vm, uint32_t buf, uint32_t len) {
    GUEST(p, buf, len);
    uint32_t err = WE_SUCCESS;
    int ufd = -1;
    /* Straight into guest memory, in chunks (len may be up to 4 GiB). */
    for (size_t done = 0; done < len;) {
        size_t chunk = len - done > (1u << 20) ? (1u << 20) : len - done;
        ssize_t n = random_chunk(p + done, chunk, &ufd);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            err = wasmc_werr(errno);
            break;
        }
        done += (size_t)n;
    }
    if (ufd >= 0) close(ufd);
    return err;
}

uint32_t wasmc_wasi_sched_yield(struct wasmc_vmctx *vm) {
    (void)vm;
    sched_yield();
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_proc_raise(struct wasmc_vmctx *vm, uint32_t sig) {
    (void)vm;
    (void)sig;
    return WE_NOTSUP;
}

/* Unwinds to the innermost wasmc_call, which reports the exit status. */
void wasmc_wasi_proc_exit(struct wasmc_vmctx *vm, uint32_t code) {
    (void)vm;
    wasmc_exit(code);
}
