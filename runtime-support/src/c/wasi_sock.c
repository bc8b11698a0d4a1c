/* wasi_sock.c: the socket calls of WASI (sock_accept, sock_recv, sock_send,
 * sock_shutdown) and the socket set-up they and wasi_listen.c share:
 * close-on-exec, never SIGPIPE, and the POSIX fallbacks of accept4 and
 * SOCK_CLOEXEC. WASI preview1 cannot create sockets: the host hands
 * listening sockets over (wasi_listen.c).
 */
#include "wasi_internal.h"

#include <sys/socket.h>

static uint32_t sock_get(uint32_t fd, uint64_t need, struct fdref *f) {
    uint32_t err = wasmc_fd_get(fd, 0, f);
    if (err) return err;
    if (f->type != FT_SOCKET_STREAM && f->type != FT_SOCKET_DGRAM) return WE_NOTSOCK;
    return (f->base & need) == need ? WE_SUCCESS : WE_NOTCAPABLE;
}

/* Sockets never raise SIGPIPE (Linux: MSG_NOSIGNAL on every send; elsewhere
 * also SO_NOSIGPIPE where the system has it) and are close-on-exec. */
static void socket_setup(int fd) {
#if defined(SO_NOSIGPIPE)
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#else
    (void)fd;
#endif
}

#if !defined(HAVE_LINUX_CALLS)
/* Close-on-exec plus O_NONBLOCK set or cleared; closes fd on failure. */
static int set_fd_flags(int fd, bool nonblock) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
        fcntl(fd, F_SETFL, nonblock ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK)) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}
#endif

/* A new stream socket, close-on-exec. */
int wasmc_socket_cloexec(int family, int type) {
#if defined(HAVE_LINUX_CALLS)
    int fd = socket(family, type | SOCK_CLOEXEC, 0);
#else
    int fd = socket(family, type, 0);
    if (fd >= 0) fd = set_fd_flags(fd, false);
#endif
    if (fd >= 0) socket_setup(fd);
    return fd;
}

/* accept(), the connection close-on-exec and non-blocking only if asked
 * (BSD accept() would copy O_NONBLOCK from the listening socket). */
static int accept_cloexec(int lfd, bool nonblock) {
    int h;
#if defined(HAVE_LINUX_CALLS)
    do h = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
    while (h < 0 && errno == EINTR);
#else
    do h = accept(lfd, NULL, NULL);
    while (h < 0 && errno == EINTR);
    if (h >= 0) h = set_fd_flags(h, nonblock);
#endif
    if (h >= 0) socket_setup(h);
    return h;
}

uint32_t wasmc_wasi_sock_accept(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags, uint32_t out) {
    if (flags & ~FDFLAG_NONBLOCK) return WE_INVAL;
    struct fdref f;
    uint32_t err = sock_get(fd, R_SOCK_ACCEPT, &f);
    if (err) return err;
    GUEST(op, out, 4);
    int h;
    h = accept_cloexec(f.host, (flags & FDFLAG_NONBLOCK) != 0);
    if (h < 0) return wasmc_werr(errno);
    struct stat st;
    uint8_t type = fstat(h, &st) == 0 ? wasmc_filetype_of_fd(h, &st) : FT_SOCKET_STREAM;
    uint32_t nfd;
    err = wasmc_fd_install(h, type, RIGHTS_SOCKET, 0, &nfd);
    if (err) return err;
    wasmc_st32(op, nfd);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_sock_recv(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                              uint32_t riflags, uint32_t len_ptr, uint32_t flags_ptr) {
    if (riflags & ~(RIFLAG_PEEK | RIFLAG_WAITALL)) return WE_INVAL;
    struct fdref f;
    uint32_t err = sock_get(fd, R_FD_READ, &f);
    if (err) return err;
    GUEST(lp, len_ptr, 4);
    GUEST(fp, flags_ptr, 2);
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    if ((err = wasmc_load_iovs(vm, iovs, n, hv, &k))) return err;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (__typeof__(msg.msg_iovlen))k; /* size_t on Linux, int on macOS */
    int hf = (riflags & RIFLAG_PEEK ? MSG_PEEK : 0) | (riflags & RIFLAG_WAITALL ? MSG_WAITALL : 0);
    ssize_t r;
    do r = recvmsg(f.host, &msg, hf);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasmc_werr(errno);
    wasmc_st32(lp, (uint32_t)r);
    wasmc_st16(fp, msg.msg_flags & MSG_TRUNC ? ROFLAG_DATA_TRUNCATED : 0);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_sock_send(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                              uint32_t siflags, uint32_t len_ptr) {
    (void)siflags; /* no flags are defined */
    struct fdref f;
    uint32_t err = sock_get(fd, R_FD_WRITE, &f);
    if (err) return err;
    GUEST(lp, len_ptr, 4);
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    if ((err = wasmc_load_iovs(vm, iovs, n, hv, &k))) return err;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (__typeof__(msg.msg_iovlen))k; /* size_t on Linux, int on macOS */
    ssize_t r;
    do r = sendmsg(f.host, &msg, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasmc_werr(errno);
    wasmc_st32(lp, (uint32_t)r);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_sock_shutdown(struct wasmc_vmctx *vm, uint32_t fd, uint32_t how) {
    (void)vm;
    int h;
    switch (how) {
    case SDFLAG_RD: h = SHUT_RD; break;
    case SDFLAG_WR: h = SHUT_WR; break;
    case SDFLAG_RD | SDFLAG_WR: h = SHUT_RDWR; break;
    default: return WE_INVAL;
    }
    struct fdref f;
    uint32_t err = sock_get(fd, R_SOCK_SHUTDOWN, &f);
    if (err) return err;
    return shutdown(f.host, h) < 0 ? wasmc_werr(errno) : WE_SUCCESS;
}
