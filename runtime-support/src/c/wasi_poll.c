/* wasi_poll.c: poll_oneoff, waiting for clock deadlines and descriptor
 * readiness in one call.
 */
#include "wasi_internal.h"

#include <poll.h>
#include <sys/ioctl.h>

static struct timespec ns_ts(uint64_t ns) {
    struct timespec ts;
    uint64_t s = ns / 1000000000u;
    /* time_t may be 32-bit: clamp (68 years is "forever" for a timeout). */
    ts.tv_sec = s > (uint64_t)INT32_MAX ? (time_t)INT32_MAX : (time_t)s;
    ts.tv_nsec = (long)(ns % 1000000000u);
    return ts;
}

/* ppoll, or poll with the timeout rounded up to whole milliseconds (clamped
 * to INT_MAX ms: the caller loops until its deadline has passed). */
static int poll_timeout(struct pollfd *pfds, nfds_t n, const struct timespec *ts) {
#if defined(HAVE_LINUX_CALLS)
    return ppoll(pfds, n, ts, NULL);
#else
    int ms = -1;
    if (ts) {
        uint64_t ns = (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
        uint64_t m = ns / 1000000u + (ns % 1000000u != 0);
        ms = m > INT_MAX ? INT_MAX : (int)m;
    }
    return poll(pfds, n, ms);
#endif
}

struct psub {
    uint64_t userdata;
    uint8_t type;       /* EVT_* */
    uint16_t error;     /* found while parsing: reported at once */
    int pollidx;        /* fd subscriptions: index in the pollfd array */
    uint8_t ftype;      /* fd subscriptions: file type */
    uint64_t deadline;  /* clock subscriptions: CLOCK_MONOTONIC ns */
};

static uint64_t mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts_ns(ts);
}

static uint64_t readable_bytes(int fd, uint8_t ftype) {
    if (ftype == FT_REGULAR_FILE) {
        struct stat st;
        off_t pos = lseek(fd, 0, SEEK_CUR);
        if (pos >= 0 && fstat(fd, &st) == 0 && st.st_size > pos)
            return (uint64_t)(st.st_size - pos);
        return 0;
    }
    int n = 0;
    if (ioctl(fd, FIONREAD, &n) == 0 && n > 0) return (uint64_t)n;
    return 0;
}

uint32_t wasmc_wasi_poll_oneoff(struct wasmc_vmctx *vm, uint32_t in, uint32_t out, uint32_t nsubs,
                                uint32_t nevents_ptr) {
    if (nsubs == 0 || nsubs > WASI_POLL_MAX) return WE_INVAL;
    GUEST(ip, in, (uint64_t)nsubs * SUBSCRIPTION_SIZE);
    GUEST(op, out, (uint64_t)nsubs * EVENT_SIZE);
    GUEST(np, nevents_ptr, 4);
    struct psub *subs = wasmc_xcalloc(nsubs, sizeof *subs);
    struct pollfd *pfds = wasmc_xcalloc(nsubs, sizeof *pfds);
    nfds_t npfd = 0;
    bool immediate = false, have_clock = false;
    uint64_t now = mono_now(), min_deadline = UINT64_MAX;
    uint32_t err = WE_SUCCESS;

    /* Parse everything first: `in` and `out` may overlap. */
    for (uint32_t i = 0; i < nsubs && !err; i++) {
        const uint8_t *s = ip + (size_t)i * SUBSCRIPTION_SIZE;
        struct psub *ps = &subs[i];
        ps->userdata = wasmc_le64(s);
        ps->type = s[8];
        ps->pollidx = -1;
        if (ps->type == EVT_CLOCK) {
            uint32_t id = wasmc_le32(s + 16);
            uint64_t timeout = wasmc_le64(s + 24);
            uint16_t flags = wasmc_le16(s + 40);
            if (flags & ~SUBCLOCK_ABSTIME) {
                ps->error = WE_INVAL;
            } else if (id == CLOCK_W_REALTIME || id == CLOCK_W_MONOTONIC) {
                uint64_t rel = timeout;
                if (flags & SUBCLOCK_ABSTIME) {
                    struct timespec ts;
                    clock_gettime(id == CLOCK_W_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
                    uint64_t c = ts_ns(ts);
                    rel = timeout > c ? timeout - c : 0;
                }
                ps->deadline = rel > UINT64_MAX - now ? UINT64_MAX : now + rel;
                if (ps->deadline < min_deadline) min_deadline = ps->deadline;
                have_clock = true;
            } else if (id == CLOCK_W_PROCESS || id == CLOCK_W_THREAD) {
                ps->error = WE_NOTSUP; /* cannot sleep on CPU-time clocks */
            } else {
                ps->error = WE_INVAL;
            }
        } else if (ps->type == EVT_FD_READ || ps->type == EVT_FD_WRITE) {
            struct fdref f;
            uint32_t e = wasmc_fd_get(wasmc_le32(s + 16), R_POLL_FD_READWRITE, &f);
            if (e) {
                ps->error = (uint16_t)e;
            } else {
                ps->pollidx = (int)npfd;
                ps->ftype = f.type;
                pfds[npfd].fd = f.host;
                pfds[npfd].events = ps->type == EVT_FD_READ ? POLLIN : POLLOUT;
                npfd++;
            }
        } else {
            err = WE_INVAL;
        }
        if (ps->error) immediate = true;
    }

    uint32_t nev = 0;
    while (!err && nev == 0) {
        struct timespec ts, *tsp = NULL;
        now = mono_now();
        if (immediate) {
            ts = ns_ts(0);
            tsp = &ts;
        } else if (have_clock) {
            ts = ns_ts(min_deadline > now ? min_deadline - now : 0);
            tsp = &ts;
        }
        int r = poll_timeout(npfd ? pfds : NULL, npfd, tsp);
        if (r < 0) {
            if (errno == EINTR) continue;
            err = wasmc_werr(errno);
            break;
        }
        now = mono_now();
        for (uint32_t i = 0; i < nsubs; i++) {
            struct psub *ps = &subs[i];
            uint8_t *ev = op + (size_t)nev * EVENT_SIZE;
            uint16_t error = ps->error, flags = 0;
            uint64_t nbytes = 0;
            if (error) {
                /* reported below */
            } else if (ps->type == EVT_CLOCK) {
                if (ps->deadline > now) continue;
            } else {
                short re = pfds[ps->pollidx].revents;
                if (!re) continue;
                if (re & POLLNVAL) error = WE_BADF;
                if (re & (POLLHUP | POLLERR)) flags |= EVRW_HANGUP;
                if (!error && ps->type == EVT_FD_READ)
                    nbytes = readable_bytes(pfds[ps->pollidx].fd, ps->ftype);
            }
            memset(ev, 0, EVENT_SIZE);
            wasmc_st64(ev, ps->userdata);
            wasmc_st16(ev + 8, error);
            ev[10] = ps->type;
            wasmc_st64(ev + 16, nbytes);
            wasmc_st16(ev + 24, flags);
            nev++;
        }
        if (immediate) break;
    }
    free(subs);
    free(pfds);
    if (err) return err;
    wasmc_st32(np, nev);
    return WE_SUCCESS;
}
