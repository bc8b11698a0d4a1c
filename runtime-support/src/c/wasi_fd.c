/* wasi_fd.c: the WASI calls that do I/O on a descriptor or read and change
 * its metadata: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell,
 * fd_fdstat_get, fd_fdstat_set_flags, fd_filestat_get, fd_filestat_set_size,
 * fd_filestat_set_times, fd_sync, fd_datasync, fd_advise, fd_allocate.
 * Also the helpers the socket and path calls share with them (iovecs,
 * filestat, timestamps). Every call looks its descriptor up with the rights
 * it needs (wasmc_fd_get) before touching guest memory or the host.
 */
#include "wasi_internal.h"

#include <sys/socket.h>

/* ---- shared helpers --------------------------------------------------------- */

void wasmc_put_filestat(uint8_t *p, const struct stat *st, uint8_t type) {
    memset(p, 0, FILESTAT_SIZE);
    wasmc_st64(p + 0, (uint64_t)st->st_dev);
    wasmc_st64(p + 8, (uint64_t)st->st_ino);
    p[16] = type;
    wasmc_st64(p + 24, (uint64_t)st->st_nlink);
    wasmc_st64(p + 32, st->st_size < 0 ? 0 : (uint64_t)st->st_size);
    wasmc_st64(p + 40, ts_ns(st->ST_ATIM));
    wasmc_st64(p + 48, ts_ns(st->ST_MTIM));
    wasmc_st64(p + 56, ts_ns(st->ST_CTIM));
}

/* Host iovecs for guest iovec array [iovs, iovs + 8n). The total is capped at
 * WASI_RW_MAX (a short transfer, as the kernel does), so counts fit in u32. */
uint32_t wasmc_load_iovs(struct wasmc_vmctx *vm, uint32_t iovs, uint32_t n, struct iovec *hv,
                         int *hn) {
    if (n > WASI_IOV_MAX) return WE_INVAL;
    GUEST(p, iovs, (uint64_t)n * IOVEC_SIZE);
    size_t total = 0;
    int k = 0;
    for (uint32_t i = 0; i < n && total < WASI_RW_MAX; i++) {
        uint32_t b = wasmc_le32(p + IOVEC_SIZE * i), len = wasmc_le32(p + IOVEC_SIZE * i + 4);
        if (len == 0) continue;
        uint8_t *hp = wasmc_guest_ptr(vm, b, len);
        if (!hp) return WE_FAULT;
        if (len > WASI_RW_MAX - total) len = (uint32_t)(WASI_RW_MAX - total);
        hv[k].iov_base = hp;
        hv[k].iov_len = len;
        k++;
        total += len;
    }
    *hn = k;
    return WE_SUCCESS;
}

/* ---- reads and writes --------------------------------------------------------- */

enum rw_op { RW_READ, RW_WRITE, RW_PREAD, RW_PWRITE };

static uint32_t do_rw(struct wasmc_vmctx *vm, enum rw_op op, uint32_t fd, uint32_t iovs,
                      uint32_t n, uint64_t off, uint32_t result) {
    static const uint64_t need[] = {R_FD_READ, R_FD_WRITE, R_FD_READ | R_FD_SEEK,
                                    R_FD_WRITE | R_FD_SEEK};
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, need[op], &f);
    if (err) return err;
    GUEST(rp, result, 4);
    if ((op == RW_PREAD || op == RW_PWRITE) && off > (uint64_t)INT64_MAX) return WE_INVAL;
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    err = wasmc_load_iovs(vm, iovs, n, hv, &k);
    if (err) return err;
    bool sock = f.type == FT_SOCKET_STREAM || f.type == FT_SOCKET_DGRAM;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (__typeof__(msg.msg_iovlen))k; /* size_t on Linux, int on macOS */
    ssize_t r;
    do {
        switch (op) {
        case RW_READ: r = readv(f.host, hv, k); break;
        /* A socket whose peer went away must give ERRNO_PIPE, not kill the
         * process with SIGPIPE: a wasm program cannot handle signals. */
        case RW_WRITE: r = sock ? sendmsg(f.host, &msg, MSG_NOSIGNAL) : writev(f.host, hv, k); break;
        case RW_PREAD: r = preadv(f.host, hv, k, (off_t)off); break;
        default: r = pwritev(f.host, hv, k, (off_t)off); break;
        }
    } while (r < 0 && errno == EINTR);
    if (r < 0) return wasmc_werr(errno);
    wasmc_st32(rp, (uint32_t)r);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_read(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                            uint32_t nread) {
    return do_rw(vm, RW_READ, fd, iovs, n, 0, nread);
}
uint32_t wasmc_wasi_fd_write(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                             uint32_t nwritten) {
    return do_rw(vm, RW_WRITE, fd, iovs, n, 0, nwritten);
}
uint32_t wasmc_wasi_fd_pread(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                             uint64_t off, uint32_t nread) {
    return do_rw(vm, RW_PREAD, fd, iovs, n, off, nread);
}
uint32_t wasmc_wasi_fd_pwrite(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                              uint64_t off, uint32_t nwritten) {
    return do_rw(vm, RW_PWRITE, fd, iovs, n, off, nwritten);
}

uint32_t wasmc_wasi_fd_seek(struct wasmc_vmctx *vm, uint32_t fd, uint64_t offset, uint32_t whence,
                            uint32_t out) {
    int hw;
    switch (whence) {
    case 0: hw = SEEK_SET; break;
    case 1: hw = SEEK_CUR; break;
    case 2: hw = SEEK_END; break;
    default: return WE_INVAL;
    }
    /* Asking for the position only needs fd_tell. */
    uint64_t need = (offset == 0 && whence == 1) ? R_FD_TELL : R_FD_SEEK;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, need, &f);
    if (err) return err;
    GUEST(p, out, 8);
    off_t r = lseek(f.host, (off_t)(int64_t)offset, hw);
    if (r < 0) return wasmc_werr(errno);
    wasmc_st64(p, (uint64_t)r);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_tell(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_TELL, &f);
    if (err) return err;
    GUEST(p, out, 8);
    off_t r = lseek(f.host, 0, SEEK_CUR);
    if (r < 0) return wasmc_werr(errno);
    wasmc_st64(p, (uint64_t)r);
    return WE_SUCCESS;
}


/* ---- descriptor flags and metadata ------------------------------------------ */

static uint16_t host_fdflags(int fl) {
    uint16_t f = 0;
    if (fl & O_APPEND) f |= FDFLAG_APPEND;
    if (fl & O_NONBLOCK) f |= FDFLAG_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC) {
        f |= FDFLAG_SYNC;
#if O_RSYNC == O_SYNC
        f |= FDFLAG_RSYNC; /* Linux: O_RSYNC is O_SYNC */
#endif
    } else if (fl & O_DSYNC) {
        f |= FDFLAG_DSYNC;
    }
#if O_RSYNC != O_SYNC
    if ((fl & O_RSYNC) == O_RSYNC) f |= FDFLAG_RSYNC;
#endif
    return f;
}

uint32_t wasmc_wasi_fd_fdstat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, 0, &f);
    if (err) return err;
    GUEST(p, out, FDSTAT_SIZE);
    int fl = fcntl(f.host, F_GETFL);
    if (fl < 0) return wasmc_werr(errno);
    memset(p, 0, FDSTAT_SIZE);
    p[0] = f.type;
    wasmc_st16(p + 2, host_fdflags(fl));
    wasmc_st64(p + 8, f.base);
    wasmc_st64(p + 16, f.inh);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_fdstat_set_flags(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags) {
    (void)vm;
    if (flags & ~FDFLAG_ALL) return WE_INVAL;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_FDSTAT_SET_FLAGS, &f);
    if (err) return err;
    int fl = fcntl(f.host, F_GETFL);
    if (fl < 0) return wasmc_werr(errno);
    /* Only append and nonblock can change on an open file (F_SETFL ignores the
     * sync flags); asking to change those is not supported. */
    uint16_t sync = FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC;
    if ((flags & sync) != (host_fdflags(fl) & sync)) return WE_NOTSUP;
    int nfl = fl & ~(O_APPEND | O_NONBLOCK);
    if (flags & FDFLAG_APPEND) nfl |= O_APPEND;
    if (flags & FDFLAG_NONBLOCK) nfl |= O_NONBLOCK;
    if (fcntl(f.host, F_SETFL, nfl) < 0) return wasmc_werr(errno);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_filestat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_FILESTAT_GET, &f);
    if (err) return err;
    GUEST(p, out, FILESTAT_SIZE);
    struct stat st;
    if (fstat(f.host, &st) != 0) return wasmc_werr(errno);
    wasmc_put_filestat(p, &st, wasmc_filetype_of_fd(f.host, &st));
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_filestat_set_size(struct wasmc_vmctx *vm, uint32_t fd, uint64_t size) {
    (void)vm;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_FILESTAT_SET_SIZE, &f);
    if (err) return err;
    if (size > (uint64_t)INT64_MAX) return WE_INVAL;
    int r;
    do r = ftruncate(f.host, (off_t)size);
    while (r < 0 && errno == EINTR);
    return r < 0 ? wasmc_werr(errno) : WE_SUCCESS;
}

/* Host timespecs for WASI (atim, mtim, fstflags). */
uint32_t wasmc_utimes_of(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]) {
    if (fst & ~(FST_ATIM | FST_ATIM_NOW | FST_MTIM | FST_MTIM_NOW)) return WE_INVAL;
    if ((fst & FST_ATIM) && (fst & FST_ATIM_NOW)) return WE_INVAL;
    if ((fst & FST_MTIM) && (fst & FST_MTIM_NOW)) return WE_INVAL;
    ts[0].tv_sec = ts[1].tv_sec = 0;
    ts[0].tv_nsec = (fst & FST_ATIM_NOW) ? UTIME_NOW : UTIME_OMIT;
    ts[1].tv_nsec = (fst & FST_MTIM_NOW) ? UTIME_NOW : UTIME_OMIT;
    if (fst & FST_ATIM) {
        ts[0].tv_sec = (time_t)(atim / 1000000000u);
        ts[0].tv_nsec = (long)(atim % 1000000000u);
    }
    if (fst & FST_MTIM) {
        ts[1].tv_sec = (time_t)(mtim / 1000000000u);
        ts[1].tv_nsec = (long)(mtim % 1000000000u);
    }
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_filestat_set_times(struct wasmc_vmctx *vm, uint32_t fd, uint64_t atim,
                                          uint64_t mtim, uint32_t fst) {
    (void)vm;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_FILESTAT_SET_TIMES, &f);
    if (err) return err;
    struct timespec ts[2];
    err = wasmc_utimes_of(atim, mtim, fst, ts);
    if (err) return err;
    return futimens(f.host, ts) < 0 ? wasmc_werr(errno) : WE_SUCCESS;
}

/* ---- sync, advice, allocation ------------------------------------------------- */

uint32_t wasmc_wasi_fd_sync(struct wasmc_vmctx *vm, uint32_t fd) {
    (void)vm;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_SYNC, &f);
    if (err) return err;
    return fsync(f.host) < 0 ? wasmc_werr(errno) : WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_datasync(struct wasmc_vmctx *vm, uint32_t fd) {
    (void)vm;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_DATASYNC, &f);
    if (err) return err;
#if defined(__APPLE__)
    return fsync(f.host) < 0 ? wasmc_werr(errno) : WE_SUCCESS;
#else
    return fdatasync(f.host) < 0 ? wasmc_werr(errno) : WE_SUCCESS;
#endif
}

uint32_t wasmc_wasi_fd_advise(struct wasmc_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len,
                              uint32_t advice) {
    (void)vm;
    if (advice > 5) return WE_INVAL; /* normal ... noreuse */
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_ADVISE, &f);
    if (err) return err;
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX) return WE_INVAL;
#if defined(HAVE_LINUX_CALLS)
    static const int adv[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    int r = posix_fadvise(f.host, (off_t)off, (off_t)len, adv[advice]);
    return r ? wasmc_werr(r) : WE_SUCCESS;
#else
    /* A hint: check the descriptor as posix_fadvise would, then ignore it. */
    struct stat st;
    if (fstat(f.host, &st) < 0) return wasmc_werr(errno);
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ? WE_SPIPE : WE_SUCCESS;
#endif
}

#if !defined(HAVE_LINUX_CALLS)
/* posix_fallocate's effect on the file size, where it is missing: a regular
 * file shorter than `end` grows to `end`. Returns 0 or an errno value. */
static int extend_file(int fd, off_t end) {
    struct stat st;
    if (fstat(fd, &st) < 0) return errno;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return ESPIPE;
    if (!S_ISREG(st.st_mode)) return ENODEV;
    if (st.st_size >= end) return 0;
    int r;
    do r = ftruncate(fd, end);
    while (r < 0 && errno == EINTR);
    return r < 0 ? errno : 0;
}
#endif

uint32_t wasmc_wasi_fd_allocate(struct wasmc_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len) {
    (void)vm;
    struct fdref f;
    uint32_t err = wasmc_fd_get(fd, R_FD_ALLOCATE, &f);
    if (err) return err;
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX) return WE_INVAL;
    if (off + len > (uint64_t)INT64_MAX) return WE_FBIG;
    int r;
#if defined(HAVE_LINUX_CALLS)
    do r = posix_fallocate(f.host, (off_t)off, (off_t)len);
    while (r == EINTR);
#else
    /* As posix_fallocate on Linux and in older POSIX: a zero length is EINVAL. */
    r = len == 0 ? EINVAL : extend_file(f.host, (off_t)(off + len));
#endif
    return r ? wasmc_werr(r) : WE_SUCCESS;
}
