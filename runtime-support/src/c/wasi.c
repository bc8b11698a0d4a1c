/* wasi.c: the wasi_snapshot_preview1 host module.
 *
 * Every function of wasi_snapshot_preview1 is provided (wasmc_wasi_lookup)
 * with its witx type. All are implemented except proc_raise, which returns
 * ERRNO_NOTSUP. Guest memory is only reached through wasmc_guest_ptr (bad
 * ranges give ERRNO_FAULT) and multi-byte guest fields are read and written
 * little-endian, so this also runs on big-endian hosts.
 *
 * File descriptors
 *   0, 1, 2  the process's own stdin, stdout, stderr (never closed on the host:
 *            fd_close only drops them from the guest's table);
 *   3...     the preopened directories, build-time ones (cfg->dirs) first, then
 *            the run-time ones (WASMC_DIRS), in the order given;
 *   then     the listening sockets, if any (see below);
 *   then     whatever the guest opens (lowest free number). The table holds at
 *            most WASMC_WASI_MAX_FDS (default 4096) entries: ERRNO_NFILE.
 *
 * Arguments: argv[0..argc), unchanged (argv[0] included).
 *
 * Environment, in this order (a later NAME=... replaces an earlier one):
 *   1. the whole host environment when built with inherit_env, or when the
 *      host variable WASMC_INHERIT_ENV=1 is set at run time;
 *   2. the build-time cfg->envs: "NAME=VALUE", or "NAME" alone to copy NAME's
 *      value from the host environment (skipped when the host has no NAME);
 *   3. run-time additions: every host variable WASMC_ENV_<NAME>=<VALUE> puts
 *      NAME=VALUE in the guest environment, e.g.
 *          WASMC_ENV_HOME=/data WASMC_ENV_LANG=C ./prog
 *      gives the guest HOME=/data and LANG=C. (<NAME> must be non-empty.)
 *
 * Preopened directories at run time: host variable
 *      WASMC_DIRS='HOST[::GUEST];HOST[::GUEST];...'
 *   entries separated by ';' (empty entries ignored); GUEST, the name the
 *   guest sees, defaults to HOST, as for `--dir`. E.g.
 *      WASMC_DIRS='/srv/data::/data;.' ./prog
 *   Relative HOST paths are relative to the working directory at start. A
 *   directory that cannot be opened is a usage error: wasmc_wasi_init prints
 *   "wasmc: cannot open directory <path>: <reason>" and exits with status 1.
 *
 * Listening sockets for sock_accept, at run time (WASI preview1 cannot create
 * sockets; the host hands them over):
 *      WASMC_LISTEN_FDS=N
 *   the process inherits N already-listening stream sockets as descriptors
 *   3, 4, ..., 3+N-1 (as with systemd socket activation: under systemd set
 *   Environment=WASMC_LISTEN_FDS=<number of sockets of the .socket unit>).
 *   Each must be an open, listening SOCK_STREAM socket (TCP or Unix), or
 *   wasmc_wasi_init prints "wasmc: WASMC_LISTEN_FDS=N: descriptor D is not
 *   ..." and exits with status 1 (so a descriptor the parent leaked by
 *   accident is never handed to the guest). Without the variable, inherited
 *   descriptors >= 3 are not visible to the guest.
 *      WASMC_LISTEN='ADDR:PORT;ADDR:PORT;...'
 *   the runtime binds and listens (backlog SOMAXCONN, SO_REUSEADDR) on each
 *   address, entries separated by ';' (empty entries ignored). ADDR is a
 *   numeric IPv4 address or a numeric IPv6 address in brackets (no host
 *   names: nothing is looked up), PORT is 1-65535 (port 0 is refused: nobody
 *   could learn the port; bind it yourself and use WASMC_LISTEN_FDS), e.g.
 *      WASMC_LISTEN='127.0.0.1:8080;[::1]:8080' ./server
 *   IPv6 sockets are IPV6_V6ONLY, so [::]:P and 0.0.0.0:P can both be given.
 *   A malformed entry or a failed bind is a usage error ("wasmc: invalid
 *   listen address ..." / "wasmc: cannot listen on ADDR:PORT: <reason>",
 *   status 1).
 * Order and precedence: the sockets get the guest fds right after the
 * preopened directories: the inherited ones first (in descriptor order), then
 * the WASMC_LISTEN addresses (in the order given). The build-time list
 * (`wasmc build --listen ADDR:PORT`) is used only when neither
 * variable is set (or both are empty): the run-time variables replace it, as a
 * second socket on a configured port would fail with EADDRINUSE and the
 * program expects its socket at one place. Listening sockets are
 * FILETYPE_SOCKET_STREAM with the rights sock_accept, fd_read, fd_write,
 * poll_fd_readwrite, sock_shutdown, fd_fdstat_set_flags and fd_filestat_get
 * (no inheriting rights); they start blocking (fd_fdstat_set_flags can make
 * them non-blocking); poll_oneoff fd_read subscriptions report a pending
 * connection. sock_accept gives the connection a new fd (non-blocking if
 * asked with FDFLAGS_NONBLOCK) for fd_read/fd_write/sock_recv/sock_send/
 * sock_shutdown/poll_oneoff. Writes to a socket whose peer is gone return
 * ERRNO_PIPE (never SIGPIPE: a wasm program cannot handle signals).
 * fd_prestat_get says EBADF for sockets, so wasi-libc's scan of the
 * preopened directories stops at the first socket, as it should.
 *
 * Debugging: WASMC_WASI_DEBUG=1 prints the path resolver in use and each
 * preopened directory and listening socket with its guest fd on stderr
 * ("wasmc: wasi: ..." lines) at start.
 *
 * Sandbox: a guest path is always resolved beneath the directory fd it is
 * relative to and never escapes it: absolute paths, ".." above that directory
 * and symlinks leading outside it (absolute targets, or relative ones climbing
 * out) fail with ERRNO_NOTCAPABLE; resolutions following more than 40
 * symlinks fail with ERRNO_LOOP. Linux >= 5.6 does this in the kernel with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): /proc magic links such as
 * /proc/self/fd/N give ERRNO_LOOP. Otherwise (or with WASMC_FORCE_NO_OPENAT2=1
 * at run time, or -DWASMC_NO_OPENAT2 at build time) a fallback walks the path
 * one component at a time with openat(O_NOFOLLOW), handles ".." with a stack
 * of the directories it entered (never the kernel's "..", which a directory
 * moved out of the sandbox would lead outside), and follows symlinks itself
 * (readlinkat), counting them as the kernel does; a magic link then counts
 * as its textual target (an absolute path: ERRNO_NOTCAPABLE). Path
 * operations other than open resolve the parent directory that way and then
 * act on a single final component with the *at() call (never following a
 * symlink the kernel would resolve outside). The guest cannot create symlinks
 * with absolute targets (ERRNO_NOTCAPABLE).
 *
 * Threads: the descriptor table is protected by a mutex; as with POSIX,
 * closing a descriptor another thread is blocked on is the program's problem.
 *
 * Portability: Linux gets openat2, ppoll, accept4, SOCK_CLOEXEC,
 * posix_fallocate, posix_fadvise, getrandom and O_PATH. Every one of them has
 * a POSIX fallback, which is what macOS (and any other system) runs: poll
 * with the timeout rounded up to milliseconds (poll_oneoff re-checks its
 * deadlines, so it never returns early), accept/socket then fcntl (which also
 * sets or clears O_NONBLOCK explicitly: BSD accept() inherits it from the
 * listening socket), fd_allocate extending a short regular file with
 * ftruncate (no reservation of blocks beyond that), fd_advise checking its
 * arguments and ignoring the hint, /dev/urandom, and O_RDONLY directory
 * handles. On macOS sockets also get SO_NOSIGPIPE.
 *
 * Compile-time switches (optional, -D):
 *   WASMC_WASI_MAX_FDS   size limit of the descriptor table (default 4096).
 *   WASMC_NO_OPENAT2     never use openat2 (always the fallback resolver).
 *   WASMC_PORTABLE       use the POSIX fallbacks above even on Linux (the
 *                        test suite runs the WASI programs this way, since
 *                        they are the code paths macOS runs).
 */
#define _GNU_SOURCE 1
#define _FILE_OFFSET_BITS 64 /* 64-bit off_t on 32-bit hosts too */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#include <sys/syscall.h>
#endif

extern char **environ; /* not declared by every system's <unistd.h> */

/* Linux-only calls, each with a POSIX fallback (see "Portability" above). */
#if defined(__linux__) && !defined(WASMC_PORTABLE)
#define HAVE_LINUX_CALLS 1
#endif
#if defined(__APPLE__)
#define ST_ATIM st_atimespec
#define ST_MTIM st_mtimespec
#define ST_CTIM st_ctimespec
#else
#define ST_ATIM st_atim
#define ST_MTIM st_mtim
#define ST_CTIM st_ctim
#endif

#include "rt.h"

#ifndef WASMC_WASI_MAX_FDS
#define WASMC_WASI_MAX_FDS 4096
#endif

#define WASI_PATH_MAX 4096         /* bytes of a guest path (like Linux PATH_MAX) */
#define WASI_WALK_MAX 65536        /* bytes of a path after symlink expansion */
#define WASI_SYMLOOP_MAX 40        /* symlinks followed in one resolution */
#define WASI_IOV_MAX 1024          /* iovecs per call (POSIX IOV_MAX) */
#define WASI_RW_MAX 0x7ffff000u    /* bytes per read/write call (Linux MAX_RW_COUNT) */
#define WASI_POLL_MAX 65536        /* subscriptions per poll_oneoff */

#ifndef O_RSYNC
#define O_RSYNC O_SYNC
#endif

#if defined(O_PATH) && defined(HAVE_LINUX_CALLS)
#define O_DIRSEARCH O_PATH         /* enough to walk through and use as a dirfd */
#else
#define O_DIRSEARCH O_RDONLY
#endif

#if defined(HAVE_LINUX_CALLS) && defined(SYS_openat2) && !defined(WASMC_NO_OPENAT2)
#define HAVE_OPENAT2 1
#endif

/* ---- wasi_snapshot_preview1 constants ------------------------------------ */

enum {
    WE_SUCCESS = 0, WE_2BIG = 1, WE_ACCES = 2, WE_ADDRINUSE = 3, WE_ADDRNOTAVAIL = 4,
    WE_AFNOSUPPORT = 5, WE_AGAIN = 6, WE_ALREADY = 7, WE_BADF = 8, WE_BADMSG = 9,
    WE_BUSY = 10, WE_CANCELED = 11, WE_CHILD = 12, WE_CONNABORTED = 13, WE_CONNREFUSED = 14,
    WE_CONNRESET = 15, WE_DEADLK = 16, WE_DESTADDRREQ = 17, WE_DOM = 18, WE_DQUOT = 19,
    WE_EXIST = 20, WE_FAULT = 21, WE_FBIG = 22, WE_HOSTUNREACH = 23, WE_IDRM = 24,
    WE_ILSEQ = 25, WE_INPROGRESS = 26, WE_INTR = 27, WE_INVAL = 28, WE_IO = 29,
    WE_ISCONN = 30, WE_ISDIR = 31, WE_LOOP = 32, WE_MFILE = 33, WE_MLINK = 34,
    WE_MSGSIZE = 35, WE_MULTIHOP = 36, WE_NAMETOOLONG = 37, WE_NETDOWN = 38, WE_NETRESET = 39,
    WE_NETUNREACH = 40, WE_NFILE = 41, WE_NOBUFS = 42, WE_NODEV = 43, WE_NOENT = 44,
    WE_NOEXEC = 45, WE_NOLCK = 46, WE_NOLINK = 47, WE_NOMEM = 48, WE_NOMSG = 49,
    WE_NOPROTOOPT = 50, WE_NOSPC = 51, WE_NOSYS = 52, WE_NOTCONN = 53, WE_NOTDIR = 54,
    WE_NOTEMPTY = 55, WE_NOTRECOVERABLE = 56, WE_NOTSOCK = 57, WE_NOTSUP = 58, WE_NOTTY = 59,
    WE_NXIO = 60, WE_OVERFLOW = 61, WE_OWNERDEAD = 62, WE_PERM = 63, WE_PIPE = 64,
    WE_PROTO = 65, WE_PROTONOSUPPORT = 66, WE_PROTOTYPE = 67, WE_RANGE = 68, WE_ROFS = 69,
    WE_SPIPE = 70, WE_SRCH = 71, WE_STALE = 72, WE_TIMEDOUT = 73, WE_TXTBSY = 74,
    WE_XDEV = 75, WE_NOTCAPABLE = 76,
};

/* rights */
#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define R_FD_SYNC (1ull << 4)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_ADVISE (1ull << 7)
#define R_FD_ALLOCATE (1ull << 8)
#define R_PATH_CREATE_DIRECTORY (1ull << 9)
#define R_PATH_CREATE_FILE (1ull << 10)
#define R_PATH_LINK_SOURCE (1ull << 11)
#define R_PATH_LINK_TARGET (1ull << 12)
#define R_PATH_OPEN (1ull << 13)
#define R_FD_READDIR (1ull << 14)
#define R_PATH_READLINK (1ull << 15)
#define R_PATH_RENAME_SOURCE (1ull << 16)
#define R_PATH_RENAME_TARGET (1ull << 17)
#define R_PATH_FILESTAT_GET (1ull << 18)
#define R_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define R_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define R_FD_FILESTAT_GET (1ull << 21)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_FD_FILESTAT_SET_TIMES (1ull << 23)
#define R_PATH_SYMLINK (1ull << 24)
#define R_PATH_REMOVE_DIRECTORY (1ull << 25)
#define R_PATH_UNLINK_FILE (1ull << 26)
#define R_POLL_FD_READWRITE (1ull << 27)
#define R_SOCK_SHUTDOWN (1ull << 28)
#define R_SOCK_ACCEPT (1ull << 29)

/* Rights that make sense for each kind of descriptor. */
#define RIGHTS_FILE                                                                         \
    (R_FD_DATASYNC | R_FD_READ | R_FD_SEEK | R_FD_FDSTAT_SET_FLAGS | R_FD_SYNC | R_FD_TELL | \
     R_FD_WRITE | R_FD_ADVISE | R_FD_ALLOCATE | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE | \
     R_FD_FILESTAT_SET_TIMES | R_POLL_FD_READWRITE)
#define RIGHTS_DIR                                                                         \
    (R_FD_DATASYNC | R_FD_FDSTAT_SET_FLAGS | R_FD_SYNC | R_FD_ADVISE |                      \
     R_PATH_CREATE_DIRECTORY | R_PATH_CREATE_FILE | R_PATH_LINK_SOURCE | R_PATH_LINK_TARGET | \
     R_PATH_OPEN | R_FD_READDIR | R_PATH_READLINK | R_PATH_RENAME_SOURCE |                  \
     R_PATH_RENAME_TARGET | R_PATH_FILESTAT_GET | R_PATH_FILESTAT_SET_SIZE |                \
     R_PATH_FILESTAT_SET_TIMES | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_TIMES |              \
     R_PATH_SYMLINK | R_PATH_REMOVE_DIRECTORY | R_PATH_UNLINK_FILE | R_POLL_FD_READWRITE)
/* Terminals and pipes: no seek/tell (wasi-libc's isatty looks for exactly that). */
#define RIGHTS_TTY \
    (R_FD_READ | R_FD_WRITE | R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET | R_POLL_FD_READWRITE)
#define RIGHTS_SOCKET (RIGHTS_TTY | R_SOCK_SHUTDOWN | R_SOCK_ACCEPT)

/* filetype */
enum {
    FT_UNKNOWN = 0, FT_BLOCK_DEVICE = 1, FT_CHARACTER_DEVICE = 2, FT_DIRECTORY = 3,
    FT_REGULAR_FILE = 4, FT_SOCKET_DGRAM = 5, FT_SOCKET_STREAM = 6, FT_SYMBOLIC_LINK = 7,
};

/* fdflags */
#define FDFLAG_APPEND 1u
#define FDFLAG_DSYNC 2u
#define FDFLAG_NONBLOCK 4u
#define FDFLAG_RSYNC 8u
#define FDFLAG_SYNC 16u
#define FDFLAG_ALL 31u
/* oflags */
#define OFLAG_CREAT 1u
#define OFLAG_DIRECTORY 2u
#define OFLAG_EXCL 4u
#define OFLAG_TRUNC 8u
/* lookupflags */
#define LOOKUP_SYMLINK_FOLLOW 1u
/* fstflags */
#define FST_ATIM 1u
#define FST_ATIM_NOW 2u
#define FST_MTIM 4u
#define FST_MTIM_NOW 8u
/* clockid */
enum { CLOCK_W_REALTIME = 0, CLOCK_W_MONOTONIC = 1, CLOCK_W_PROCESS = 2, CLOCK_W_THREAD = 3 };
/* eventtype, subclockflags, eventrwflags */
enum { EVT_CLOCK = 0, EVT_FD_READ = 1, EVT_FD_WRITE = 2 };
#define SUBCLOCK_ABSTIME 1u
#define EVRW_HANGUP 1u
/* riflags, roflags, sdflags */
#define RIFLAG_PEEK 1u
#define RIFLAG_WAITALL 2u
#define ROFLAG_DATA_TRUNCATED 1u
#define SDFLAG_RD 1u
#define SDFLAG_WR 2u

/* struct sizes */
#define IOVEC_SIZE 8
#define FDSTAT_SIZE 24
#define FILESTAT_SIZE 64
#define PRESTAT_SIZE 8
#define DIRENT_SIZE 24
#define SUBSCRIPTION_SIZE 48
#define EVENT_SIZE 32

/* ---- host errno -> WASI errno -------------------------------------------- */

static const struct { int host; uint16_t wasi; } errno_map[] = {
    {E2BIG, WE_2BIG}, {EACCES, WE_ACCES}, {EADDRINUSE, WE_ADDRINUSE},
    {EADDRNOTAVAIL, WE_ADDRNOTAVAIL}, {EAFNOSUPPORT, WE_AFNOSUPPORT}, {EAGAIN, WE_AGAIN},
    {EWOULDBLOCK, WE_AGAIN}, {EALREADY, WE_ALREADY}, {EBADF, WE_BADF}, {EBADMSG, WE_BADMSG},
    {EBUSY, WE_BUSY}, {ECANCELED, WE_CANCELED}, {ECHILD, WE_CHILD},
    {ECONNABORTED, WE_CONNABORTED}, {ECONNREFUSED, WE_CONNREFUSED}, {ECONNRESET, WE_CONNRESET},
    {EDEADLK, WE_DEADLK}, {EDESTADDRREQ, WE_DESTADDRREQ}, {EDOM, WE_DOM}, {EDQUOT, WE_DQUOT},
    {EEXIST, WE_EXIST}, {EFAULT, WE_FAULT}, {EFBIG, WE_FBIG}, {EHOSTUNREACH, WE_HOSTUNREACH},
    {EIDRM, WE_IDRM}, {EILSEQ, WE_ILSEQ}, {EINPROGRESS, WE_INPROGRESS}, {EINTR, WE_INTR},
    {EINVAL, WE_INVAL}, {EIO, WE_IO}, {EISCONN, WE_ISCONN}, {EISDIR, WE_ISDIR},
    {ELOOP, WE_LOOP}, {EMFILE, WE_MFILE}, {EMLINK, WE_MLINK}, {EMSGSIZE, WE_MSGSIZE},
#ifdef EMULTIHOP
    {EMULTIHOP, WE_MULTIHOP},
#endif
    {ENAMETOOLONG, WE_NAMETOOLONG}, {ENETDOWN, WE_NETDOWN}, {ENETRESET, WE_NETRESET},
    {ENETUNREACH, WE_NETUNREACH}, {ENFILE, WE_NFILE}, {ENOBUFS, WE_NOBUFS},
    {ENODEV, WE_NODEV}, {ENOENT, WE_NOENT}, {ENOEXEC, WE_NOEXEC}, {ENOLCK, WE_NOLCK},
#ifdef ENOLINK
    {ENOLINK, WE_NOLINK},
#endif
    {ENOMEM, WE_NOMEM}, {ENOMSG, WE_NOMSG}, {ENOPROTOOPT, WE_NOPROTOOPT}, {ENOSPC, WE_NOSPC},
    {ENOSYS, WE_NOSYS}, {ENOTCONN, WE_NOTCONN}, {ENOTDIR, WE_NOTDIR},
    {ENOTEMPTY, WE_NOTEMPTY},
#ifdef ENOTRECOVERABLE
    {ENOTRECOVERABLE, WE_NOTRECOVERABLE},
#endif
    {ENOTSOCK, WE_NOTSOCK}, {ENOTSUP, WE_NOTSUP}, {EOPNOTSUPP, WE_NOTSUP}, {ENOTTY, WE_NOTTY},
    {ENXIO, WE_NXIO}, {EOVERFLOW, WE_OVERFLOW},
#ifdef EOWNERDEAD
    {EOWNERDEAD, WE_OWNERDEAD},
#endif
    {EPERM, WE_PERM}, {EPIPE, WE_PIPE}, {EPROTO, WE_PROTO},
    {EPROTONOSUPPORT, WE_PROTONOSUPPORT}, {EPROTOTYPE, WE_PROTOTYPE}, {ERANGE, WE_RANGE},
    {EROFS, WE_ROFS}, {ESPIPE, WE_SPIPE}, {ESRCH, WE_SRCH}, {ESTALE, WE_STALE},
    {ETIMEDOUT, WE_TIMEDOUT}, {ETXTBSY, WE_TXTBSY}, {EXDEV, WE_XDEV},
};

static uint32_t werr(int e) {
    for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
        if (errno_map[i].host == e) return errno_map[i].wasi;
    return WE_IO;
}

/* ---- state ----------------------------------------------------------------- */

struct wdir;

struct wfd {
    int host;          /* host descriptor; -1: slot free */
    bool own;          /* close `host` when the guest closes the fd (not for stdio) */
    uint8_t type;      /* FT_* */
    uint64_t base;     /* rights */
    uint64_t inh;      /* inheriting rights */
    char *preopen;     /* guest name of a preopened directory, else NULL */
    struct wdir *dir;  /* fd_readdir stream, created on first use */
};

/* A copy of the parts of an fd entry an operation needs (taken under the lock). */
struct fdref {
    int host;
    uint8_t type;
    uint64_t base, inh;
};

static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wfd *fds;
static uint32_t fds_cap;

static char **args;
static uint32_t args_count, args_bytes;
static char **envs;
static uint32_t envs_count, envs_bytes;

#ifdef HAVE_OPENAT2
static bool use_openat2;
#endif
static bool wasi_debug; /* WASMC_WASI_DEBUG=1: describe the set-up on stderr */

/* ---- small helpers --------------------------------------------------------- */

/* Pointer to guest memory [addr, addr+len), or return ERRNO_FAULT. */
#define GUEST(var, addr, len)                                           \
    uint8_t *var = wasmc_guest_ptr(vm, (uint64_t)(addr), (uint64_t)(len)); \
    if (!var) return WE_FAULT

static uint64_t ts_ns(struct timespec ts) {
    if (ts.tv_sec < 0) return 0;
    if ((uint64_t)ts.tv_sec > UINT64_MAX / 1000000000u - 1) return UINT64_MAX;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct timespec ns_ts(uint64_t ns) {
    struct timespec ts;
    uint64_t s = ns / 1000000000u;
    /* time_t may be 32-bit: clamp (68 years is "forever" for a timeout). */
    ts.tv_sec = s > (uint64_t)INT32_MAX ? (time_t)INT32_MAX : (time_t)s;
    ts.tv_nsec = (long)(ns % 1000000000u);
    return ts;
}

static int close_keep_errno(int fd) {
    int e = errno;
    int r = close(fd);
    errno = e;
    return r;
}

static uint8_t filetype_of_mode(mode_t m) {
    if (S_ISREG(m)) return FT_REGULAR_FILE;
    if (S_ISDIR(m)) return FT_DIRECTORY;
    if (S_ISLNK(m)) return FT_SYMBOLIC_LINK;
    if (S_ISCHR(m)) return FT_CHARACTER_DEVICE;
    if (S_ISBLK(m)) return FT_BLOCK_DEVICE;
    if (S_ISSOCK(m)) return FT_SOCKET_STREAM;
    return FT_UNKNOWN; /* FIFOs and anything else */
}

/* File type of an open host descriptor (sockets told apart with SO_TYPE). */
static uint8_t filetype_of_fd(int fd, const struct stat *st) {
    if (S_ISSOCK(st->st_mode)) {
        int t = 0;
        socklen_t len = sizeof t;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &len) == 0 && t == SOCK_DGRAM)
            return FT_SOCKET_DGRAM;
        return FT_SOCKET_STREAM;
    }
    return filetype_of_mode(st->st_mode);
}

/* The rights a descriptor of this type may have at most. */
static uint64_t rights_for(int fd, uint8_t type) {
    switch (type) {
    case FT_DIRECTORY: return RIGHTS_DIR;
    case FT_REGULAR_FILE:
    case FT_BLOCK_DEVICE: return RIGHTS_FILE;
    case FT_CHARACTER_DEVICE: return isatty(fd) ? RIGHTS_TTY : RIGHTS_FILE;
    case FT_SOCKET_DGRAM:
    case FT_SOCKET_STREAM: return RIGHTS_SOCKET;
    default: return RIGHTS_TTY; /* pipes and the like: no seek/tell */
    }
}

static void put_filestat(uint8_t *p, const struct stat *st, uint8_t type) {
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

/* ---- descriptor table ------------------------------------------------------ */

struct wdir {
    DIR *d;
    uint64_t pos;               /* cookie of the entry delivered next */
    bool pending;               /* an entry read from `d` but not yet delivered whole */
    uint64_t pend_ino;
    uint8_t pend_type;
    uint32_t pend_len;
    char pend_name[sizeof(((struct dirent *)0)->d_name) + 1];
};

static void wdir_free(struct wdir *w) {
    if (!w) return;
    closedir(w->d);
    free(w);
}

/* Release the host side of an entry and mark it free. Called with fd_lock held. */
static void entry_clear(struct wfd *e) {
    wdir_free(e->dir);
    if (e->own && e->host >= 0) close(e->host);
    free(e->preopen);
    memset(e, 0, sizeof *e);
    e->host = -1;
}

/* Install a host descriptor at the lowest free guest fd >= min. Returns the guest
 * fd, or -1 when the table is full. Called with fd_lock held. */
static int64_t entry_alloc(uint32_t min, int host, bool own, uint8_t type, uint64_t base,
                           uint64_t inh) {
    uint32_t i = min;
    while (i < fds_cap && fds[i].host >= 0) i++;
    if (i >= fds_cap) {
        if (i >= WASMC_WASI_MAX_FDS) return -1;
        uint32_t ncap = fds_cap ? fds_cap * 2 : 16;
        while (ncap <= i) ncap *= 2;
        if (ncap > WASMC_WASI_MAX_FDS) ncap = WASMC_WASI_MAX_FDS;
        fds = wasmc_xrealloc(fds, ncap, sizeof *fds);
        for (uint32_t j = fds_cap; j < ncap; j++) {
            memset(&fds[j], 0, sizeof fds[j]);
            fds[j].host = -1;
        }
        fds_cap = ncap;
    }
    struct wfd *e = &fds[i];
    memset(e, 0, sizeof *e);
    e->host = host;
    e->own = own;
    e->type = type;
    e->base = base;
    e->inh = inh;
    return i;
}

/* Look up guest fd `fd` needing rights `need`. */
static uint32_t fd_get(uint32_t fd, uint64_t need, struct fdref *out) {
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&fd_lock);
    if (fd >= fds_cap || fds[fd].host < 0) {
        err = WE_BADF;
    } else if ((fds[fd].base & need) != need) {
        err = WE_NOTCAPABLE;
    } else {
        out->host = fds[fd].host;
        out->type = fds[fd].type;
        out->base = fds[fd].base;
        out->inh = fds[fd].inh;
    }
    pthread_mutex_unlock(&fd_lock);
    return err;
}

/* Look up a directory fd for a path operation needing `need`. */
static uint32_t dir_get(uint32_t fd, uint64_t need, struct fdref *out) {
    uint32_t err = fd_get(fd, 0, out);
    if (err) return err;
    if (out->type != FT_DIRECTORY) return WE_NOTDIR;
    if ((out->base & need) != need) return WE_NOTCAPABLE;
    return WE_SUCCESS;
}

/* Give the guest a new fd for host descriptor `host` (closed on failure). */
static uint32_t fd_install(int host, uint8_t type, uint64_t base, uint64_t inh, uint32_t *out) {
    pthread_mutex_lock(&fd_lock);
    int64_t fd = entry_alloc(0, host, true, type, base, inh);
    pthread_mutex_unlock(&fd_lock);
    if (fd < 0) {
        close(host);
        return WE_NFILE;
    }
    *out = (uint32_t)fd;
    return WE_SUCCESS;
}

/* ---- sandboxed path resolution --------------------------------------------- */

/* Copy a guest path into `out` (WASI_PATH_MAX bytes) as a C string. */
static uint32_t guest_path(struct wasmc_vmctx *vm, uint32_t ptr, uint32_t len, char *out) {
    if (len >= WASI_PATH_MAX) return WE_NAMETOOLONG;
    GUEST(p, ptr, len);
    if (len == 0) return WE_NOENT;
    if (memchr(p, 0, len)) return WE_INVAL;
    memcpy(out, p, len);
    out[len] = 0;
    return WE_SUCCESS;
}

#ifdef HAVE_OPENAT2
struct wasi_open_how {
    uint64_t flags, mode, resolve;
};
#define W_RESOLVE_NO_MAGICLINKS 0x02u
#define W_RESOLVE_BENEATH 0x08u

/* openat2(dirfd, path, flags) confined beneath dirfd. Returns fd or -1/errno;
 * escapes report EXDEV. */
static int openat2_beneath(int dirfd, const char *path, int flags, mode_t mode) {
    struct wasi_open_how how;
    memset(&how, 0, sizeof how);
#if defined(O_LARGEFILE)
    if (!(flags & O_PATH)) flags |= O_LARGEFILE;
#endif
    how.flags = (uint64_t)(unsigned)flags;
    how.mode = (flags & O_CREAT) ? (uint64_t)mode : 0;
    how.resolve = W_RESOLVE_BENEATH | W_RESOLVE_NO_MAGICLINKS;
    for (int tries = 0;; tries++) {
        long r = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
        if (r >= 0) return (int)r;
        /* EAGAIN: a concurrent rename/mount made the kernel give up; retry. */
        if ((errno == EAGAIN || errno == EINTR) && tries < 64) continue;
        return -1;
    }
}
#endif

/* Fallback resolution of directory `path` beneath `root`, following every
 * symlink inside the sandbox. *out is the directory (*own: it must be closed).
 * *links counts the symlinks followed so far in the whole resolution (the
 * final components resolve_at follows included), so that the limit is the
 * same as the kernel's for openat2. */
static uint32_t walk_dir(int root, const char *path, int *out, bool *own, uint32_t *links) {
    size_t blen = strlen(path);
    char *buf = wasmc_xcalloc(blen + 1, 1);
    memcpy(buf, path, blen + 1);
    char *lbuf = NULL;
    uint32_t cap = 16, depth = 0, err = WE_SUCCESS;
    int *stk = wasmc_xcalloc(cap, sizeof *stk);
    stk[0] = root;
    size_t pos = 0;
    char name[NAME_MAX + 1];
    for (;;) {
        while (buf[pos] == '/') pos++;
        if (!buf[pos]) break;
        size_t s = pos;
        while (buf[pos] && buf[pos] != '/') pos++;
        size_t clen = pos - s;
        if (clen == 1 && buf[s] == '.') continue;
        if (clen == 2 && buf[s] == '.' && buf[s + 1] == '.') {
            if (depth == 0) { err = WE_NOTCAPABLE; break; }
            close(stk[depth--]);
            continue;
        }
        if (clen > NAME_MAX) { err = WE_NAMETOOLONG; break; }
        memcpy(name, buf + s, clen);
        name[clen] = 0;
        int fd = openat(stk[depth], name, O_DIRSEARCH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            if (depth + 1 >= cap) {
                cap *= 2;
                stk = wasmc_xrealloc(stk, cap, sizeof *stk);
            }
            stk[++depth] = fd;
            continue;
        }
        int e = errno;
        if (e == EINTR) { pos = s; continue; }
        /* O_NOFOLLOW|O_DIRECTORY on a symlink gives ENOTDIR (or ELOOP): is it one? */
        if (e != ENOTDIR && e != ELOOP) { err = werr(e); break; }
        if (!lbuf) lbuf = wasmc_xcalloc(WASI_PATH_MAX, 1);
        ssize_t n = readlinkat(stk[depth], name, lbuf, WASI_PATH_MAX);
        if (n < 0) { err = werr(e); break; }          /* not a symlink: the open's error */
        if (n >= WASI_PATH_MAX) { err = WE_NAMETOOLONG; break; }
        if (++*links > WASI_SYMLOOP_MAX) { err = WE_LOOP; break; }
        if (n == 0) { err = WE_NOENT; break; }
        if (lbuf[0] == '/') { err = WE_NOTCAPABLE; break; }
        /* Continue with target + "/" + rest, relative to the symlink's directory. */
        size_t rest = strlen(buf + pos);
        if ((size_t)n + 1 + rest >= WASI_WALK_MAX) { err = WE_NAMETOOLONG; break; }
        char *nb = wasmc_xcalloc((size_t)n + 1 + rest + 1, 1);
        memcpy(nb, lbuf, (size_t)n);
        nb[n] = '/';
        memcpy(nb + n + 1, buf + pos, rest + 1);
        free(buf);
        buf = nb;
        pos = 0;
    }
    if (err) {
        for (uint32_t i = 1; i <= depth; i++) close(stk[i]);
    } else {
        for (uint32_t i = 1; i < depth; i++) close(stk[i]);
        *out = stk[depth];
        *own = depth > 0;
    }
    free(stk);
    free(buf);
    free(lbuf);
    return err;
}

/* Open directory `path` beneath `root` (following symlinks inside it);
 * `links` as for walk_dir. */
static uint32_t open_dir_beneath(int root, const char *path, int *out, bool *own,
                                 uint32_t *links) {
#ifdef HAVE_OPENAT2
    if (use_openat2) {
        int fd = openat2_beneath(root, path, O_DIRSEARCH | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd >= 0) {
            *out = fd;
            *own = true;
            return WE_SUCCESS;
        }
        if (errno == EXDEV) return WE_NOTCAPABLE;
        if (errno != ENOSYS && errno != EAGAIN) return werr(errno);
        /* (ENOSYS after a successful probe, or EAGAIN again and again): walk. */
    }
#endif
    return walk_dir(root, path, out, own, links);
}

/* A resolved path: a directory and one final component in it. */
struct rpath {
    int dirfd;
    bool own;                   /* dirfd must be closed (rp_release) */
    bool slash;                 /* the path ended in '/' */
    size_t dirlen;              /* length of the directory part of the path resolved */
    char name[NAME_MAX + 2];    /* final component, no '/'; "." when the path named a
                                 * directory through "." or ".." */
    char raw[NAME_MAX + 2];     /* name + "/" when slash: for the *at() calls that never
                                 * follow a final symlink (mkdir, unlink, rename...) */
};

static void rp_release(struct rpath *rp) {
    if (rp->own) close(rp->dirfd);
    rp->own = false;
    rp->dirfd = -1;
}

/* Resolve all but the final component of `path` beneath `root`. The final
 * component is not looked at: a symlink there is not followed. `links` as for
 * walk_dir. */
static uint32_t resolve_parent_n(int root, const char *path, struct rpath *rp, uint32_t *links) {
    size_t len = strlen(path);
    memset(rp, 0, sizeof *rp);
    rp->dirfd = -1;
    if (len == 0) return WE_NOENT;
    if (path[0] == '/') return WE_NOTCAPABLE;
    size_t end = len;
    while (end > 0 && path[end - 1] == '/') end--;
    rp->slash = end < len;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/') start--;
    size_t clen = end - start;
    bool dots = (clen == 1 && path[start] == '.') ||
                (clen == 2 && path[start] == '.' && path[start + 1] == '.');
    size_t dlen = dots ? end : start; /* "a/.." names directory "a/..", entry "." */
    if (dots) {
        strcpy(rp->name, ".");
        strcpy(rp->raw, ".");
    } else {
        if (clen > NAME_MAX) return WE_NAMETOOLONG;
        memcpy(rp->name, path + start, clen);
        rp->name[clen] = 0;
        memcpy(rp->raw, rp->name, clen + 1);
        if (rp->slash) strcpy(rp->raw + clen, "/");
    }
    rp->dirlen = start;
    if (dlen == 0) {
        rp->dirfd = root;
        rp->own = false;
        return WE_SUCCESS;
    }
    char *dir = wasmc_xcalloc(dlen + 1, 1);
    memcpy(dir, path, dlen);
    uint32_t err = open_dir_beneath(root, dir, &rp->dirfd, &rp->own, links);
    free(dir);
    return err;
}

static uint32_t resolve_parent(int root, const char *path, struct rpath *rp) {
    uint32_t links = 0;
    return resolve_parent_n(root, path, rp, &links);
}

/* Resolve `path` beneath `root` to a directory and final component. With
 * `follow` (or a trailing '/', which POSIX makes follow), a symlink in the final
 * position is followed inside the sandbox until the final component is not a
 * symlink (or does not exist). Callers then act with *at(..., NOFOLLOW). */
static uint32_t resolve_at(int root, const char *path, bool follow, struct rpath *rp) {
    char *cur = NULL; /* heap copy once a symlink was followed */
    char *lbuf = NULL;
    uint32_t finals = 0, links, err;
    const char *p = path;
    for (;;) {
        /* Symlinks followed: the final ones so far, plus those of the
         * directory part, which is walked afresh each time (it grows by the
         * targets' directory parts): the count the kernel would have. */
        links = finals;
        err = resolve_parent_n(root, p, rp, &links);
        if (err) break;
        if (!(follow || rp->slash) || strcmp(rp->name, ".") == 0) break;
        if (!lbuf) lbuf = wasmc_xcalloc(WASI_PATH_MAX, 1);
        ssize_t n = readlinkat(rp->dirfd, rp->name, lbuf, WASI_PATH_MAX);
        if (n < 0) break; /* not a symlink (or missing): the operation decides */
        err = n >= WASI_PATH_MAX          ? WE_NAMETOOLONG
              : ++links > WASI_SYMLOOP_MAX ? WE_LOOP
              : n == 0                     ? WE_NOENT
              : lbuf[0] == '/'             ? WE_NOTCAPABLE
              : (size_t)n + rp->dirlen + 2 >= WASI_WALK_MAX ? WE_NAMETOOLONG
                                                           : WE_SUCCESS;
        if (err) {
            rp_release(rp);
            break;
        }
        finals++;
        /* dir part + target (+ "/"), resolved again from the root. */
        size_t nl = rp->dirlen + (size_t)n + (rp->slash ? 1 : 0);
        char *np = wasmc_xcalloc(nl + 1, 1);
        memcpy(np, p, rp->dirlen);
        memcpy(np + rp->dirlen, lbuf, (size_t)n);
        if (rp->slash) np[nl - 1] = '/';
        rp_release(rp);
        free(cur);
        cur = np;
        p = cur;
    }
    free(cur);
    free(lbuf);
    return err;
}

/* Open `path` beneath `root` with host open flags `flags` (without O_NOFOLLOW:
 * `follow` decides for the final component). */
static uint32_t open_beneath(int root, const char *path, int flags, mode_t mode, bool follow,
                             int *out) {
    if (path[0] == '/') return WE_NOTCAPABLE;
    if (!path[0]) return WE_NOENT;
    flags |= O_CLOEXEC;
#ifdef HAVE_OPENAT2
    if (use_openat2) {
        int fd = openat2_beneath(root, path, flags | (follow ? 0 : O_NOFOLLOW), mode);
        if (fd >= 0) {
            *out = fd;
            return WE_SUCCESS;
        }
        if (errno == EXDEV) return WE_NOTCAPABLE;
        if (errno != ENOSYS && errno != EAGAIN) return werr(errno);
        /* (ENOSYS after a successful probe, or EAGAIN again and again): walk. */
    }
#endif
    /* O_CREAT|O_EXCL never follows a final symlink (POSIX). */
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) follow = false;
    struct rpath rp;
    uint32_t err = resolve_at(root, path, follow, &rp);
    if (err) return err;
    if (rp.slash) {
        if (flags & O_CREAT) {
            rp_release(&rp);
            return WE_ISDIR;
        }
        flags |= O_DIRECTORY;
    }
    int fd;
    do fd = openat(rp.dirfd, rp.name, flags | O_NOFOLLOW, mode);
    while (fd < 0 && errno == EINTR);
    err = fd < 0 ? werr(errno) : WE_SUCCESS;
    rp_release(&rp);
    if (!err) *out = fd;
    return err;
}

/* ---- args and environment ------------------------------------------------- */

static uint32_t strings_get(struct wasmc_vmctx *vm, char **strs, uint32_t count, uint32_t bytes,
                            uint32_t ptrs, uint32_t buf) {
    GUEST(pp, ptrs, (uint64_t)count * 4);
    GUEST(bp, buf, bytes);
    uint32_t off = 0;
    for (uint32_t i = 0; i < count; i++) {
        size_t n = strlen(strs[i]) + 1;
        memcpy(bp + off, strs[i], n);
        wasmc_st32(pp + 4 * i, buf + off);
        off += (uint32_t)n;
    }
    return WE_SUCCESS;
}

static uint32_t sizes_get(struct wasmc_vmctx *vm, uint32_t count, uint32_t bytes, uint32_t count_ptr,
                          uint32_t bytes_ptr) {
    GUEST(cp, count_ptr, 4);
    GUEST(bp, bytes_ptr, 4);
    wasmc_st32(cp, count);
    wasmc_st32(bp, bytes);
    return WE_SUCCESS;
}

static uint32_t w_args_get(struct wasmc_vmctx *vm, uint32_t argv, uint32_t buf) {
    return strings_get(vm, args, args_count, args_bytes, argv, buf);
}
static uint32_t w_args_sizes_get(struct wasmc_vmctx *vm, uint32_t argc, uint32_t size) {
    return sizes_get(vm, args_count, args_bytes, argc, size);
}
static uint32_t w_environ_get(struct wasmc_vmctx *vm, uint32_t env, uint32_t buf) {
    return strings_get(vm, envs, envs_count, envs_bytes, env, buf);
}
static uint32_t w_environ_sizes_get(struct wasmc_vmctx *vm, uint32_t count, uint32_t size) {
    return sizes_get(vm, envs_count, envs_bytes, count, size);
}

/* ---- clocks, random, process ----------------------------------------------- */

static bool host_clock(uint32_t id, clockid_t *out) {
    switch (id) {
    case CLOCK_W_REALTIME: *out = CLOCK_REALTIME; return true;
    case CLOCK_W_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
    case CLOCK_W_PROCESS: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case CLOCK_W_THREAD: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static uint32_t w_clock_res_get(struct wasmc_vmctx *vm, uint32_t id, uint32_t out) {
    clockid_t c;
    if (!host_clock(id, &c)) return WE_INVAL;
    GUEST(p, out, 8);
    struct timespec ts;
    if (clock_getres(c, &ts) != 0) return werr(errno);
    uint64_t ns = ts_ns(ts);
    wasmc_st64(p, ns ? ns : 1);
    return WE_SUCCESS;
}

static uint32_t w_clock_time_get(struct wasmc_vmctx *vm, uint32_t id, uint64_t precision,
                                 uint32_t out) {
    (void)precision;
    clockid_t c;
    if (!host_clock(id, &c)) return WE_INVAL;
    GUEST(p, out, 8);
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return werr(errno);
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

static uint32_t w_random_get(struct wasmc_vmctx *vm, uint32_t buf, uint32_t len) {
    GUEST(p, buf, len);
    uint32_t err = WE_SUCCESS;
    int ufd = -1;
    /* Straight into guest memory, in chunks (len may be up to 4 GiB). */
    for (size_t done = 0; done < len;) {
        size_t chunk = len - done > (1u << 20) ? (1u << 20) : len - done;
        ssize_t n = random_chunk(p + done, chunk, &ufd);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            err = werr(errno);
            break;
        }
        done += (size_t)n;
    }
    if (ufd >= 0) close(ufd);
    return err;
}

static uint32_t w_sched_yield(struct wasmc_vmctx *vm) {
    (void)vm;
    sched_yield();
    return WE_SUCCESS;
}

static uint32_t w_proc_raise(struct wasmc_vmctx *vm, uint32_t sig) {
    (void)vm;
    (void)sig;
    return WE_NOTSUP;
}

/* ---- fd I/O ---------------------------------------------------------------- */

/* Host iovecs for guest iovec array [iovs, iovs + 8n). The total is capped at
 * WASI_RW_MAX (a short transfer, as the kernel does), so counts fit in u32. */
static uint32_t load_iovs(struct wasmc_vmctx *vm, uint32_t iovs, uint32_t n, struct iovec *hv,
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

enum rw_op { RW_READ, RW_WRITE, RW_PREAD, RW_PWRITE };

static uint32_t do_rw(struct wasmc_vmctx *vm, enum rw_op op, uint32_t fd, uint32_t iovs,
                      uint32_t n, uint64_t off, uint32_t result) {
    static const uint64_t need[] = {R_FD_READ, R_FD_WRITE, R_FD_READ | R_FD_SEEK,
                                    R_FD_WRITE | R_FD_SEEK};
    struct fdref f;
    uint32_t err = fd_get(fd, need[op], &f);
    if (err) return err;
    GUEST(rp, result, 4);
    if ((op == RW_PREAD || op == RW_PWRITE) && off > (uint64_t)INT64_MAX) return WE_INVAL;
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    err = load_iovs(vm, iovs, n, hv, &k);
    if (err) return err;
    bool sock = f.type == FT_SOCKET_STREAM || f.type == FT_SOCKET_DGRAM;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (size_t)k;
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
    if (r < 0) return werr(errno);
    wasmc_st32(rp, (uint32_t)r);
    return WE_SUCCESS;
}

static uint32_t w_fd_read(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                          uint32_t nread) {
    return do_rw(vm, RW_READ, fd, iovs, n, 0, nread);
}
static uint32_t w_fd_write(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                           uint32_t nwritten) {
    return do_rw(vm, RW_WRITE, fd, iovs, n, 0, nwritten);
}
static uint32_t w_fd_pread(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                           uint64_t off, uint32_t nread) {
    return do_rw(vm, RW_PREAD, fd, iovs, n, off, nread);
}
static uint32_t w_fd_pwrite(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                            uint64_t off, uint32_t nwritten) {
    return do_rw(vm, RW_PWRITE, fd, iovs, n, off, nwritten);
}

static uint32_t w_fd_seek(struct wasmc_vmctx *vm, uint32_t fd, uint64_t offset, uint32_t whence,
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
    uint32_t err = fd_get(fd, need, &f);
    if (err) return err;
    GUEST(p, out, 8);
    off_t r = lseek(f.host, (off_t)(int64_t)offset, hw);
    if (r < 0) return werr(errno);
    wasmc_st64(p, (uint64_t)r);
    return WE_SUCCESS;
}

static uint32_t w_fd_tell(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_TELL, &f);
    if (err) return err;
    GUEST(p, out, 8);
    off_t r = lseek(f.host, 0, SEEK_CUR);
    if (r < 0) return werr(errno);
    wasmc_st64(p, (uint64_t)r);
    return WE_SUCCESS;
}

static uint32_t w_fd_close(struct wasmc_vmctx *vm, uint32_t fd) {
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&fd_lock);
    if (fd >= fds_cap || fds[fd].host < 0) err = WE_BADF;
    else entry_clear(&fds[fd]);
    pthread_mutex_unlock(&fd_lock);
    return err;
}

static uint32_t w_fd_renumber(struct wasmc_vmctx *vm, uint32_t from, uint32_t to) {
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&fd_lock);
    if (from >= fds_cap || fds[from].host < 0 || to >= fds_cap || fds[to].host < 0) {
        err = WE_BADF;
    } else if (from != to) {
        entry_clear(&fds[to]);
        fds[to] = fds[from];
        memset(&fds[from], 0, sizeof fds[from]);
        fds[from].host = -1;
    }
    pthread_mutex_unlock(&fd_lock);
    return err;
}

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

static uint32_t w_fd_fdstat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = fd_get(fd, 0, &f);
    if (err) return err;
    GUEST(p, out, FDSTAT_SIZE);
    int fl = fcntl(f.host, F_GETFL);
    if (fl < 0) return werr(errno);
    memset(p, 0, FDSTAT_SIZE);
    p[0] = f.type;
    wasmc_st16(p + 2, host_fdflags(fl));
    wasmc_st64(p + 8, f.base);
    wasmc_st64(p + 16, f.inh);
    return WE_SUCCESS;
}

static uint32_t w_fd_fdstat_set_flags(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags) {
    (void)vm;
    if (flags & ~FDFLAG_ALL) return WE_INVAL;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_FDSTAT_SET_FLAGS, &f);
    if (err) return err;
    int fl = fcntl(f.host, F_GETFL);
    if (fl < 0) return werr(errno);
    /* Only append and nonblock can change on an open file (F_SETFL ignores the
     * sync flags); asking to change those is not supported. */
    uint16_t sync = FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC;
    if ((flags & sync) != (host_fdflags(fl) & sync)) return WE_NOTSUP;
    int nfl = fl & ~(O_APPEND | O_NONBLOCK);
    if (flags & FDFLAG_APPEND) nfl |= O_APPEND;
    if (flags & FDFLAG_NONBLOCK) nfl |= O_NONBLOCK;
    if (fcntl(f.host, F_SETFL, nfl) < 0) return werr(errno);
    return WE_SUCCESS;
}

static uint32_t w_fd_fdstat_set_rights(struct wasmc_vmctx *vm, uint32_t fd, uint64_t base,
                                       uint64_t inh) {
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&fd_lock);
    if (fd >= fds_cap || fds[fd].host < 0) {
        err = WE_BADF;
    } else if ((base & ~fds[fd].base) || (inh & ~fds[fd].inh)) {
        err = WE_NOTCAPABLE; /* rights can only be dropped */
    } else {
        fds[fd].base = base;
        fds[fd].inh = inh;
    }
    pthread_mutex_unlock(&fd_lock);
    return err;
}

static uint32_t w_fd_filestat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_FILESTAT_GET, &f);
    if (err) return err;
    GUEST(p, out, FILESTAT_SIZE);
    struct stat st;
    if (fstat(f.host, &st) != 0) return werr(errno);
    put_filestat(p, &st, filetype_of_fd(f.host, &st));
    return WE_SUCCESS;
}

static uint32_t w_fd_filestat_set_size(struct wasmc_vmctx *vm, uint32_t fd, uint64_t size) {
    (void)vm;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_FILESTAT_SET_SIZE, &f);
    if (err) return err;
    if (size > (uint64_t)INT64_MAX) return WE_INVAL;
    int r;
    do r = ftruncate(f.host, (off_t)size);
    while (r < 0 && errno == EINTR);
    return r < 0 ? werr(errno) : WE_SUCCESS;
}

/* Host timespecs for WASI (atim, mtim, fstflags). */
static uint32_t utimes_of(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]) {
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

static uint32_t w_fd_filestat_set_times(struct wasmc_vmctx *vm, uint32_t fd, uint64_t atim,
                                        uint64_t mtim, uint32_t fst) {
    (void)vm;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_FILESTAT_SET_TIMES, &f);
    if (err) return err;
    struct timespec ts[2];
    err = utimes_of(atim, mtim, fst, ts);
    if (err) return err;
    return futimens(f.host, ts) < 0 ? werr(errno) : WE_SUCCESS;
}

static uint32_t w_fd_sync(struct wasmc_vmctx *vm, uint32_t fd) {
    (void)vm;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_SYNC, &f);
    if (err) return err;
    return fsync(f.host) < 0 ? werr(errno) : WE_SUCCESS;
}

static uint32_t w_fd_datasync(struct wasmc_vmctx *vm, uint32_t fd) {
    (void)vm;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_DATASYNC, &f);
    if (err) return err;
#if defined(__APPLE__)
    return fsync(f.host) < 0 ? werr(errno) : WE_SUCCESS;
#else
    return fdatasync(f.host) < 0 ? werr(errno) : WE_SUCCESS;
#endif
}

static uint32_t w_fd_advise(struct wasmc_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len,
                            uint32_t advice) {
    (void)vm;
    if (advice > 5) return WE_INVAL; /* normal ... noreuse */
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_ADVISE, &f);
    if (err) return err;
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX) return WE_INVAL;
#if defined(HAVE_LINUX_CALLS)
    static const int adv[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    int r = posix_fadvise(f.host, (off_t)off, (off_t)len, adv[advice]);
    return r ? werr(r) : WE_SUCCESS;
#else
    /* A hint: check the descriptor as posix_fadvise would, then ignore it. */
    struct stat st;
    if (fstat(f.host, &st) < 0) return werr(errno);
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

static uint32_t w_fd_allocate(struct wasmc_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len) {
    (void)vm;
    struct fdref f;
    uint32_t err = fd_get(fd, R_FD_ALLOCATE, &f);
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
    return r ? werr(r) : WE_SUCCESS;
}

static uint32_t w_fd_prestat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    GUEST(p, out, PRESTAT_SIZE);
    uint32_t err = WE_SUCCESS;
    size_t len = 0;
    pthread_mutex_lock(&fd_lock);
    if (fd >= fds_cap || fds[fd].host < 0 || !fds[fd].preopen) err = WE_BADF;
    else len = strlen(fds[fd].preopen);
    pthread_mutex_unlock(&fd_lock);
    if (err) return err;
    memset(p, 0, PRESTAT_SIZE);
    p[0] = 0; /* preopentype dir */
    wasmc_st32(p + 4, (uint32_t)len);
    return WE_SUCCESS;
}

static uint32_t w_fd_prestat_dir_name(struct wasmc_vmctx *vm, uint32_t fd, uint32_t buf,
                                      uint32_t buf_len) {
    GUEST(p, buf, buf_len);
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&fd_lock);
    if (fd >= fds_cap || fds[fd].host < 0 || !fds[fd].preopen) {
        err = WE_BADF;
    } else {
        size_t len = strlen(fds[fd].preopen);
        if (len > buf_len) err = WE_NAMETOOLONG;
        else memcpy(p, fds[fd].preopen, len);
    }
    pthread_mutex_unlock(&fd_lock);
    return err;
}

/* ---- fd_readdir ------------------------------------------------------------ */

static uint8_t dtype_filetype(int dirfd, const struct dirent *de) {
    switch (de->d_type) {
    case DT_REG: return FT_REGULAR_FILE;
    case DT_DIR: return FT_DIRECTORY;
    case DT_LNK: return FT_SYMBOLIC_LINK;
    case DT_CHR: return FT_CHARACTER_DEVICE;
    case DT_BLK: return FT_BLOCK_DEVICE;
    case DT_SOCK: return FT_SOCKET_STREAM;
    case DT_FIFO: return FT_UNKNOWN;
    default: {
        struct stat st; /* DT_UNKNOWN: some file systems do not say */
        if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return filetype_of_mode(st.st_mode);
        return FT_UNKNOWN;
    }
    }
}

/* Append a dirent header + name, truncated to `room`. Returns bytes written and
 * whether the whole entry fit. */
static size_t put_dirent(uint8_t *buf, size_t room, uint64_t next, uint64_t ino, uint8_t type,
                         const char *name, uint32_t namlen, bool *whole) {
    uint8_t h[DIRENT_SIZE];
    memset(h, 0, sizeof h);
    wasmc_st64(h, next);
    wasmc_st64(h + 8, ino);
    wasmc_st32(h + 16, namlen);
    h[20] = type;
    size_t n = room < DIRENT_SIZE ? room : DIRENT_SIZE;
    memcpy(buf, h, n);
    if (n < DIRENT_SIZE) {
        *whole = false;
        return n;
    }
    size_t m = room - DIRENT_SIZE < namlen ? room - DIRENT_SIZE : namlen;
    memcpy(buf + DIRENT_SIZE, name, m);
    *whole = m == namlen;
    return DIRENT_SIZE + m;
}

/* Cookies are entry indices: entry i has d_next = i + 1 and cookie 0 is the
 * start. The stream remembers its position (and an entry that did not fit),
 * so the usual sequence of calls reads the directory once; any other cookie
 * rewinds and skips. */
static uint32_t w_fd_readdir(struct wasmc_vmctx *vm, uint32_t fd, uint32_t buf, uint32_t buf_len,
                             uint64_t cookie, uint32_t used_ptr) {
    GUEST(bp, buf, buf_len);
    GUEST(up, used_ptr, 4);
    uint32_t err = WE_SUCCESS;
    size_t used = 0;
    pthread_mutex_lock(&fd_lock);
    struct wfd *e = fd < fds_cap && fds[fd].host >= 0 ? &fds[fd] : NULL;
    if (!e) err = WE_BADF;
    else if (e->type != FT_DIRECTORY) err = WE_NOTDIR;
    else if (!(e->base & R_FD_READDIR)) err = WE_NOTCAPABLE;
    if (!err && !e->dir) {
        /* A descriptor of our own: its offset is independent of the guest's fd. */
        int dfd = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        if (!d) {
            err = werr(errno);
            if (dfd >= 0) close_keep_errno(dfd);
        } else {
            e->dir = wasmc_xcalloc(1, sizeof *e->dir);
            e->dir->d = d;
        }
    }
    struct wdir *w = err ? NULL : e->dir;
    if (w && cookie != w->pos) {
        rewinddir(w->d);
        w->pos = 0;
        w->pending = false;
        while (w->pos < cookie) {
            errno = 0;
            struct dirent *de = readdir(w->d);
            if (!de) {
                if (errno) err = werr(errno);
                break;
            }
            w->pos++;
        }
        if (w->pos < cookie) w = NULL; /* past the end (or error): nothing to list */
    }
    while (w && !err && used < buf_len) {
        if (!w->pending) {
            errno = 0;
            struct dirent *de = readdir(w->d);
            if (!de) {
                if (errno) err = werr(errno);
                break;
            }
            size_t nl = strnlen(de->d_name, sizeof w->pend_name - 1);
            memcpy(w->pend_name, de->d_name, nl);
            w->pend_name[nl] = 0;
            w->pend_len = (uint32_t)nl;
            w->pend_ino = (uint64_t)de->d_ino;
            w->pend_type = dtype_filetype(dirfd(w->d), de);
            w->pending = true;
        }
        bool whole;
        used += put_dirent(bp + used, buf_len - used, w->pos + 1, w->pend_ino, w->pend_type,
                           w->pend_name, w->pend_len, &whole);
        if (!whole) break; /* buffer full: the entry stays pending for the next call */
        w->pending = false;
        w->pos++;
    }
    pthread_mutex_unlock(&fd_lock);
    if (err) return err;
    wasmc_st32(up, (uint32_t)used);
    return WE_SUCCESS;
}

/* ---- path operations ------------------------------------------------------- */

static uint32_t w_path_open(struct wasmc_vmctx *vm, uint32_t dirfd, uint32_t lookup,
                            uint32_t path, uint32_t path_len, uint32_t oflags, uint64_t base,
                            uint64_t inh, uint32_t fdflags, uint32_t out) {
    if (oflags & ~(OFLAG_CREAT | OFLAG_DIRECTORY | OFLAG_EXCL | OFLAG_TRUNC)) return WE_INVAL;
    if (fdflags & ~FDFLAG_ALL) return WE_INVAL;
    if (lookup & ~LOOKUP_SYMLINK_FOLLOW) return WE_INVAL;
    if ((oflags & OFLAG_DIRECTORY) && (oflags & (OFLAG_CREAT | OFLAG_TRUNC))) return WE_INVAL;
    uint64_t need = R_PATH_OPEN;
    if (oflags & OFLAG_CREAT) need |= R_PATH_CREATE_FILE;
    if (oflags & OFLAG_TRUNC) need |= R_PATH_FILESTAT_SET_SIZE;
    struct fdref d;
    uint32_t err = dir_get(dirfd, need, &d);
    if (err) return err;
    GUEST(op, out, 4);
    char p[WASI_PATH_MAX];
    err = guest_path(vm, path, path_len, p);
    if (err) return err;

    /* Rights the new fd may have: what was asked for, within what dirfd hands on. */
    base &= d.inh;
    inh &= d.inh;
    bool rd = base & (R_FD_READ | R_FD_READDIR);
    bool wr = (base & (R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE)) ||
              (fdflags & FDFLAG_APPEND) || (oflags & OFLAG_TRUNC);
    int flags = O_NOCTTY;
    if (oflags & OFLAG_DIRECTORY) {
        flags |= O_DIRECTORY;
        wr = false;
    }
    flags |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & OFLAG_CREAT) flags |= O_CREAT;
    if (oflags & OFLAG_EXCL) flags |= O_EXCL;
    if (oflags & OFLAG_TRUNC) flags |= O_TRUNC;
    if (fdflags & FDFLAG_APPEND) flags |= O_APPEND;
    if (fdflags & FDFLAG_DSYNC) flags |= O_DSYNC;
    if (fdflags & FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
    if (fdflags & FDFLAG_RSYNC) flags |= O_RSYNC;
    if (fdflags & FDFLAG_SYNC) flags |= O_SYNC;
    bool follow = lookup & LOOKUP_SYMLINK_FOLLOW;

    int hfd = -1;
    err = open_beneath(d.host, p, flags, 0666, follow, &hfd);
#if defined(O_PATH) && defined(HAVE_LINUX_CALLS)
    /* Neither read nor write asked for (a search-only directory handle, say):
     * fall back to O_PATH when not allowed to read. */
    if (err == WE_ACCES && !rd && !wr && !(oflags & (OFLAG_CREAT | OFLAG_TRUNC)))
        err = open_beneath(d.host, p, O_PATH | (flags & O_DIRECTORY), 0, follow, &hfd);
#endif
    if (err) return err;
    struct stat st;
    if (fstat(hfd, &st) != 0) {
        err = werr(errno);
        close(hfd);
        return err;
    }
    uint8_t type = filetype_of_fd(hfd, &st);
    base &= rights_for(hfd, type);
    uint32_t nfd;
    err = fd_install(hfd, type, base, inh, &nfd);
    if (err) return err;
    wasmc_st32(op, nfd);
    return WE_SUCCESS;
}

/* Look up a directory fd and copy the guest path, for the operations below. */
static uint32_t path_arg(struct wasmc_vmctx *vm, uint32_t fd, uint64_t need, uint32_t path,
                         uint32_t len, struct fdref *d, char *p) {
    uint32_t err = dir_get(fd, need, d);
    return err ? err : guest_path(vm, path, len, p);
}

static uint32_t w_path_create_directory(struct wasmc_vmctx *vm, uint32_t fd, uint32_t path,
                                        uint32_t len) {
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = path_arg(vm, fd, R_PATH_CREATE_DIRECTORY, path, len, &d, p);
    if (err || (err = resolve_parent(d.host, p, &rp))) return err;
    if (mkdirat(rp.dirfd, rp.raw, 0777) < 0) err = werr(errno);
    rp_release(&rp);
    return err;
}

static uint32_t w_path_remove_directory(struct wasmc_vmctx *vm, uint32_t fd, uint32_t path,
                                        uint32_t len) {
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = path_arg(vm, fd, R_PATH_REMOVE_DIRECTORY, path, len, &d, p);
    if (err || (err = resolve_parent(d.host, p, &rp))) return err;
    if (unlinkat(rp.dirfd, rp.raw, AT_REMOVEDIR) < 0) err = werr(errno);
    rp_release(&rp);
    return err;
}

static uint32_t w_path_unlink_file(struct wasmc_vmctx *vm, uint32_t fd, uint32_t path,
                                   uint32_t len) {
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = path_arg(vm, fd, R_PATH_UNLINK_FILE, path, len, &d, p);
    if (err || (err = resolve_parent(d.host, p, &rp))) return err;
    if (unlinkat(rp.dirfd, rp.raw, 0) < 0) err = werr(errno);
    rp_release(&rp);
    return err;
}

static uint32_t w_path_rename(struct wasmc_vmctx *vm, uint32_t fd, uint32_t old_path,
                              uint32_t old_len, uint32_t new_fd, uint32_t new_path,
                              uint32_t new_len) {
    struct fdref d1, d2;
    char p1[WASI_PATH_MAX], p2[WASI_PATH_MAX];
    struct rpath r1, r2;
    uint32_t err = path_arg(vm, fd, R_PATH_RENAME_SOURCE, old_path, old_len, &d1, p1);
    if (err || (err = path_arg(vm, new_fd, R_PATH_RENAME_TARGET, new_path, new_len, &d2, p2)))
        return err;
    if ((err = resolve_parent(d1.host, p1, &r1))) return err;
    if ((err = resolve_parent(d2.host, p2, &r2))) {
        rp_release(&r1);
        return err;
    }
    if (renameat(r1.dirfd, r1.raw, r2.dirfd, r2.raw) < 0) err = werr(errno);
    rp_release(&r1);
    rp_release(&r2);
    return err;
}

static uint32_t w_path_symlink(struct wasmc_vmctx *vm, uint32_t old_path, uint32_t old_len,
                               uint32_t fd, uint32_t new_path, uint32_t new_len) {
    struct fdref d;
    char target[WASI_PATH_MAX], p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = guest_path(vm, old_path, old_len, target);
    if (err || (err = path_arg(vm, fd, R_PATH_SYMLINK, new_path, new_len, &d, p))) return err;
    if (target[0] == '/') return WE_NOTCAPABLE; /* would point out of every sandbox */
    if ((err = resolve_parent(d.host, p, &rp))) return err;
    if (symlinkat(target, rp.dirfd, rp.raw) < 0) err = werr(errno);
    rp_release(&rp);
    return err;
}

static uint32_t w_path_link(struct wasmc_vmctx *vm, uint32_t old_fd, uint32_t old_flags,
                            uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                            uint32_t new_path, uint32_t new_len) {
    if (old_flags & ~LOOKUP_SYMLINK_FOLLOW) return WE_INVAL;
    struct fdref d1, d2;
    char p1[WASI_PATH_MAX], p2[WASI_PATH_MAX];
    struct rpath r1, r2;
    uint32_t err = path_arg(vm, old_fd, R_PATH_LINK_SOURCE, old_path, old_len, &d1, p1);
    if (err || (err = path_arg(vm, new_fd, R_PATH_LINK_TARGET, new_path, new_len, &d2, p2)))
        return err;
    if ((err = resolve_at(d1.host, p1, old_flags & LOOKUP_SYMLINK_FOLLOW, &r1))) return err;
    if ((err = resolve_parent(d2.host, p2, &r2))) {
        rp_release(&r1);
        return err;
    }
    /* The source's symlinks were followed (or not) by resolve_at: never by linkat. */
    struct stat st;
    if (r1.slash) /* "x/" names a directory, which cannot be hard-linked */
        err = fstatat(r1.dirfd, r1.name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? werr(errno)
              : S_ISDIR(st.st_mode)                                  ? WE_PERM
                                                                     : WE_NOTDIR;
    else if (linkat(r1.dirfd, r1.name, r2.dirfd, r2.raw, 0) < 0)
        err = werr(errno);
    rp_release(&r1);
    rp_release(&r2);
    return err;
}

static uint32_t w_path_readlink(struct wasmc_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len,
                                uint32_t buf, uint32_t buf_len, uint32_t used_ptr) {
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = path_arg(vm, fd, R_PATH_READLINK, path, len, &d, p);
    if (err) return err;
    GUEST(bp, buf, buf_len);
    GUEST(up, used_ptr, 4);
    if ((err = resolve_at(d.host, p, false, &rp))) return err;
    char *tmp = wasmc_xcalloc(WASI_PATH_MAX, 1);
    struct stat st;
    ssize_t n = readlinkat(rp.dirfd, rp.name, tmp, WASI_PATH_MAX);
    if (n >= 0 && rp.slash) { /* cannot happen unless racing: "x/" was followed */
        n = -1;
        errno = EINVAL;
    }
    if (n < 0 && errno == EINVAL && rp.slash &&
        fstatat(rp.dirfd, rp.name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
        errno = ENOTDIR;
    if (n < 0) {
        err = werr(errno);
    } else {
        size_t m = (size_t)n < buf_len ? (size_t)n : buf_len; /* truncated, like readlink */
        memcpy(bp, tmp, m);
        wasmc_st32(up, (uint32_t)m);
    }
    free(tmp);
    rp_release(&rp);
    return err;
}

static uint32_t w_path_filestat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags,
                                    uint32_t path, uint32_t len, uint32_t out) {
    if (flags & ~LOOKUP_SYMLINK_FOLLOW) return WE_INVAL;
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    uint32_t err = path_arg(vm, fd, R_PATH_FILESTAT_GET, path, len, &d, p);
    if (err) return err;
    GUEST(op, out, FILESTAT_SIZE);
    if ((err = resolve_at(d.host, p, flags & LOOKUP_SYMLINK_FOLLOW, &rp))) return err;
    struct stat st;
    if (fstatat(rp.dirfd, rp.name, &st, AT_SYMLINK_NOFOLLOW) < 0) err = werr(errno);
    else if (rp.slash && !S_ISDIR(st.st_mode)) err = WE_NOTDIR;
    else put_filestat(op, &st, filetype_of_mode(st.st_mode));
    rp_release(&rp);
    return err;
}

static uint32_t w_path_filestat_set_times(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags,
                                          uint32_t path, uint32_t len, uint64_t atim,
                                          uint64_t mtim, uint32_t fst) {
    if (flags & ~LOOKUP_SYMLINK_FOLLOW) return WE_INVAL;
    struct timespec ts[2];
    uint32_t err = utimes_of(atim, mtim, fst, ts);
    if (err) return err;
    struct fdref d;
    char p[WASI_PATH_MAX];
    struct rpath rp;
    if ((err = path_arg(vm, fd, R_PATH_FILESTAT_SET_TIMES, path, len, &d, p))) return err;
    if ((err = resolve_at(d.host, p, flags & LOOKUP_SYMLINK_FOLLOW, &rp))) return err;
    struct stat st;
    if (rp.slash && fstatat(rp.dirfd, rp.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        !S_ISDIR(st.st_mode))
        err = WE_NOTDIR;
    else if (utimensat(rp.dirfd, rp.name, ts, AT_SYMLINK_NOFOLLOW) < 0)
        err = werr(errno);
    rp_release(&rp);
    return err;
}

/* ---- poll_oneoff ------------------------------------------------------------ */

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

static uint32_t w_poll_oneoff(struct wasmc_vmctx *vm, uint32_t in, uint32_t out, uint32_t nsubs,
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
            uint32_t e = fd_get(wasmc_le32(s + 16), R_POLL_FD_READWRITE, &f);
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
            err = werr(errno);
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

/* ---- sockets ------------------------------------------------------------------ */

static uint32_t sock_get(uint32_t fd, uint64_t need, struct fdref *f) {
    uint32_t err = fd_get(fd, 0, f);
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
static int socket_cloexec(int family, int type) {
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

static uint32_t w_sock_accept(struct wasmc_vmctx *vm, uint32_t fd, uint32_t flags, uint32_t out) {
    if (flags & ~FDFLAG_NONBLOCK) return WE_INVAL;
    struct fdref f;
    uint32_t err = sock_get(fd, R_SOCK_ACCEPT, &f);
    if (err) return err;
    GUEST(op, out, 4);
    int h;
    h = accept_cloexec(f.host, (flags & FDFLAG_NONBLOCK) != 0);
    if (h < 0) return werr(errno);
    struct stat st;
    uint8_t type = fstat(h, &st) == 0 ? filetype_of_fd(h, &st) : FT_SOCKET_STREAM;
    uint32_t nfd;
    err = fd_install(h, type, RIGHTS_SOCKET, 0, &nfd);
    if (err) return err;
    wasmc_st32(op, nfd);
    return WE_SUCCESS;
}

static uint32_t w_sock_recv(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                            uint32_t riflags, uint32_t len_ptr, uint32_t flags_ptr) {
    if (riflags & ~(RIFLAG_PEEK | RIFLAG_WAITALL)) return WE_INVAL;
    struct fdref f;
    uint32_t err = sock_get(fd, R_FD_READ, &f);
    if (err) return err;
    GUEST(lp, len_ptr, 4);
    GUEST(fp, flags_ptr, 2);
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    if ((err = load_iovs(vm, iovs, n, hv, &k))) return err;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (size_t)k;
    int hf = (riflags & RIFLAG_PEEK ? MSG_PEEK : 0) | (riflags & RIFLAG_WAITALL ? MSG_WAITALL : 0);
    ssize_t r;
    do r = recvmsg(f.host, &msg, hf);
    while (r < 0 && errno == EINTR);
    if (r < 0) return werr(errno);
    wasmc_st32(lp, (uint32_t)r);
    wasmc_st16(fp, msg.msg_flags & MSG_TRUNC ? ROFLAG_DATA_TRUNCATED : 0);
    return WE_SUCCESS;
}

static uint32_t w_sock_send(struct wasmc_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t n,
                            uint32_t siflags, uint32_t len_ptr) {
    (void)siflags; /* no flags are defined */
    struct fdref f;
    uint32_t err = sock_get(fd, R_FD_WRITE, &f);
    if (err) return err;
    GUEST(lp, len_ptr, 4);
    struct iovec hv[WASI_IOV_MAX];
    int k = 0;
    if ((err = load_iovs(vm, iovs, n, hv, &k))) return err;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = hv;
    msg.msg_iovlen = (size_t)k;
    ssize_t r;
    do r = sendmsg(f.host, &msg, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    if (r < 0) return werr(errno);
    wasmc_st32(lp, (uint32_t)r);
    return WE_SUCCESS;
}

static uint32_t w_sock_shutdown(struct wasmc_vmctx *vm, uint32_t fd, uint32_t how) {
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
    return shutdown(f.host, h) < 0 ? werr(errno) : WE_SUCCESS;
}

/* ---- host function adapters and the lookup table ------------------------------ */

#define A(i) v[i].i32
#define L(i) v[i].i64
#define HOST(name, ...)                                                               \
    static void h_##name(void *data, struct wasmc_vmctx *vm, union wasmc_val *v) {    \
        (void)data;                                                                   \
        uint32_t r = w_##name(vm, __VA_ARGS__);                                       \
        v[0].i32 = r;                                                                 \
    }
#define HOST0(name)                                                                   \
    static void h_##name(void *data, struct wasmc_vmctx *vm, union wasmc_val *v) {    \
        (void)data;                                                                   \
        v[0].i32 = w_##name(vm);                                                      \
    }

HOST(args_get, A(0), A(1))
HOST(args_sizes_get, A(0), A(1))
HOST(environ_get, A(0), A(1))
HOST(environ_sizes_get, A(0), A(1))
HOST(clock_res_get, A(0), A(1))
HOST(clock_time_get, A(0), L(1), A(2))
HOST(fd_advise, A(0), L(1), L(2), A(3))
HOST(fd_allocate, A(0), L(1), L(2))
HOST(fd_close, A(0))
HOST(fd_datasync, A(0))
HOST(fd_fdstat_get, A(0), A(1))
HOST(fd_fdstat_set_flags, A(0), A(1))
HOST(fd_fdstat_set_rights, A(0), L(1), L(2))
HOST(fd_filestat_get, A(0), A(1))
HOST(fd_filestat_set_size, A(0), L(1))
HOST(fd_filestat_set_times, A(0), L(1), L(2), A(3))
HOST(fd_pread, A(0), A(1), A(2), L(3), A(4))
HOST(fd_prestat_get, A(0), A(1))
HOST(fd_prestat_dir_name, A(0), A(1), A(2))
HOST(fd_pwrite, A(0), A(1), A(2), L(3), A(4))
HOST(fd_read, A(0), A(1), A(2), A(3))
HOST(fd_readdir, A(0), A(1), A(2), L(3), A(4))
HOST(fd_renumber, A(0), A(1))
HOST(fd_seek, A(0), L(1), A(2), A(3))
HOST(fd_sync, A(0))
HOST(fd_tell, A(0), A(1))
HOST(fd_write, A(0), A(1), A(2), A(3))
HOST(path_create_directory, A(0), A(1), A(2))
HOST(path_filestat_get, A(0), A(1), A(2), A(3), A(4))
HOST(path_filestat_set_times, A(0), A(1), A(2), A(3), L(4), L(5), A(6))
HOST(path_link, A(0), A(1), A(2), A(3), A(4), A(5), A(6))
HOST(path_open, A(0), A(1), A(2), A(3), A(4), L(5), L(6), A(7), A(8))
HOST(path_readlink, A(0), A(1), A(2), A(3), A(4), A(5))
HOST(path_remove_directory, A(0), A(1), A(2))
HOST(path_rename, A(0), A(1), A(2), A(3), A(4), A(5))
HOST(path_symlink, A(0), A(1), A(2), A(3), A(4))
HOST(path_unlink_file, A(0), A(1), A(2))
HOST(poll_oneoff, A(0), A(1), A(2), A(3))
HOST(proc_raise, A(0))
HOST0(sched_yield)
HOST(random_get, A(0), A(1))
HOST(sock_accept, A(0), A(1), A(2))
HOST(sock_recv, A(0), A(1), A(2), A(3), A(4), A(5))
HOST(sock_send, A(0), A(1), A(2), A(3), A(4))
HOST(sock_shutdown, A(0), A(1))
#undef A
#undef L

static void h_proc_exit(void *data, struct wasmc_vmctx *vm, union wasmc_val *v) {
    (void)data;
    (void)vm;
    wasmc_exit(v[0].i32);
}

/* Returns ERRNO_NOSYS: for functions listed without an implementation (none at
 * present; kept for additions to the table). */
__attribute__((unused)) static void h_nosys(void *data, struct wasmc_vmctx *vm,
                                            union wasmc_val *v) {
    (void)data;
    (void)vm;
    v[0].i32 = WE_NOSYS;
}

/* Every function of wasi_snapshot_preview1, with its witx signature. A function
 * not implemented yet is listed with h_nosys so that modules importing it link. */
static const struct wasmc_wasi_func wasi_funcs[] = {
    {"args_get", h_args_get, "ii", "i"},
    {"args_sizes_get", h_args_sizes_get, "ii", "i"},
    {"clock_res_get", h_clock_res_get, "ii", "i"},
    {"clock_time_get", h_clock_time_get, "iIi", "i"},
    {"environ_get", h_environ_get, "ii", "i"},
    {"environ_sizes_get", h_environ_sizes_get, "ii", "i"},
    {"fd_advise", h_fd_advise, "iIIi", "i"},
    {"fd_allocate", h_fd_allocate, "iII", "i"},
    {"fd_close", h_fd_close, "i", "i"},
    {"fd_datasync", h_fd_datasync, "i", "i"},
    {"fd_fdstat_get", h_fd_fdstat_get, "ii", "i"},
    {"fd_fdstat_set_flags", h_fd_fdstat_set_flags, "ii", "i"},
    {"fd_fdstat_set_rights", h_fd_fdstat_set_rights, "iII", "i"},
    {"fd_filestat_get", h_fd_filestat_get, "ii", "i"},
    {"fd_filestat_set_size", h_fd_filestat_set_size, "iI", "i"},
    {"fd_filestat_set_times", h_fd_filestat_set_times, "iIIi", "i"},
    {"fd_pread", h_fd_pread, "iiiIi", "i"},
    {"fd_prestat_dir_name", h_fd_prestat_dir_name, "iii", "i"},
    {"fd_prestat_get", h_fd_prestat_get, "ii", "i"},
    {"fd_pwrite", h_fd_pwrite, "iiiIi", "i"},
    {"fd_read", h_fd_read, "iiii", "i"},
    {"fd_readdir", h_fd_readdir, "iiiIi", "i"},
    {"fd_renumber", h_fd_renumber, "ii", "i"},
    {"fd_seek", h_fd_seek, "iIii", "i"},
    {"fd_sync", h_fd_sync, "i", "i"},
    {"fd_tell", h_fd_tell, "ii", "i"},
    {"fd_write", h_fd_write, "iiii", "i"},
    {"path_create_directory", h_path_create_directory, "iii", "i"},
    {"path_filestat_get", h_path_filestat_get, "iiiii", "i"},
    {"path_filestat_set_times", h_path_filestat_set_times, "iiiiIIi", "i"},
    {"path_link", h_path_link, "iiiiiii", "i"},
    {"path_open", h_path_open, "iiiiiIIii", "i"},
    {"path_readlink", h_path_readlink, "iiiiii", "i"},
    {"path_remove_directory", h_path_remove_directory, "iii", "i"},
    {"path_rename", h_path_rename, "iiiiii", "i"},
    {"path_symlink", h_path_symlink, "iiiii", "i"},
    {"path_unlink_file", h_path_unlink_file, "iii", "i"},
    {"poll_oneoff", h_poll_oneoff, "iiii", "i"},
    {"proc_exit", h_proc_exit, "i", ""},
    {"proc_raise", h_proc_raise, "i", "i"},
    {"random_get", h_random_get, "ii", "i"},
    {"sched_yield", h_sched_yield, "", "i"},
    {"sock_accept", h_sock_accept, "iii", "i"},
    {"sock_recv", h_sock_recv, "iiiiii", "i"},
    {"sock_send", h_sock_send, "iiiii", "i"},
    {"sock_shutdown", h_sock_shutdown, "ii", "i"},
};

const struct wasmc_wasi_func *wasmc_wasi_lookup(const char *name, size_t name_len) {
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof wasi_funcs / sizeof wasi_funcs[0]; i++)
        if (wasmc_name_eq(wasi_funcs[i].name, strlen(wasi_funcs[i].name), name, name_len))
            return &wasi_funcs[i];
    return NULL;
}

/* ---- initialisation ------------------------------------------------------------ */

static const char *env_get(char **envp, const char *name) {
    size_t n = strlen(name);
    for (char **e = envp; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    return NULL;
}

/* Set "NAME=VALUE" in the guest environment (replacing an earlier NAME). */
static void env_put(const char *name, size_t nlen, const char *value) {
    size_t vlen = strlen(value);
    char *s = wasmc_xcalloc(nlen + vlen + 2, 1);
    memcpy(s, name, nlen);
    s[nlen] = '=';
    memcpy(s + nlen + 1, value, vlen + 1);
    for (uint32_t i = 0; i < envs_count; i++) {
        if (strncmp(envs[i], s, nlen + 1) == 0) {
            free(envs[i]);
            envs[i] = s;
            return;
        }
    }
    envs = wasmc_xrealloc(envs, (size_t)envs_count + 1, sizeof *envs);
    envs[envs_count++] = s;
}

static void env_put_entry(const char *entry) {
    const char *eq = strchr(entry, '=');
    if (eq && eq != entry) env_put(entry, (size_t)(eq - entry), eq + 1);
}

static uint32_t strings_bytes(char **strs, uint32_t n) {
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
    if (total > UINT32_MAX) wasmc_fatal("WASI arguments/environment exceed 4 GiB");
    return (uint32_t)total;
}

static void add_preopen(const char *host, const char *guest) {
    int fd = open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#if defined(O_PATH) && defined(HAVE_LINUX_CALLS)
    if (fd < 0 && errno == EACCES) fd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
#endif
    if (fd < 0) {
        fprintf(stderr, "wasmc: cannot open directory %s: %s\n", host, strerror(errno));
        exit(1);
    }
    pthread_mutex_lock(&fd_lock);
    int64_t i = entry_alloc(3, fd, true, FT_DIRECTORY, RIGHTS_DIR, RIGHTS_DIR | RIGHTS_FILE);
    if (i >= 0) fds[i].preopen = wasmc_xstrdup(guest && *guest ? guest : host);
    pthread_mutex_unlock(&fd_lock);
    if (i < 0) wasmc_fatal("too many preopened directories");
    if (wasi_debug)
        fprintf(stderr, "wasmc: wasi: fd %u: directory %s (host %s)\n", (unsigned)i,
                guest && *guest ? guest : host, host);
}

/* WASMC_DIRS: "HOST[::GUEST]" entries separated by ';'. */
static void add_runtime_preopens(const char *spec) {
    char *copy = wasmc_xstrdup(spec);
    char *s = copy;
    for (;;) {
        char *end = strchr(s, ';');
        if (end) *end = 0;
        if (*s) {
            char *sep = strstr(s, "::");
            const char *guest = s;
            if (sep) {
                *sep = 0;
                guest = sep + 2;
            }
            add_preopen(s, guest);
        }
        if (!end) break;
        s = end + 1;
    }
    free(copy);
}

/* ---- listening sockets ------------------------------------------------------ */

/* Rights of a listening socket handed to the guest. */
#define RIGHTS_LISTEN                                                                   \
    (R_SOCK_ACCEPT | R_FD_READ | R_FD_WRITE | R_POLL_FD_READWRITE | R_SOCK_SHUTDOWN |    \
     R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET)

/* Give the guest listening socket `fd` (ours to close) at the next free fd. */
static void add_listen_fd(int fd, const char *what) {
    pthread_mutex_lock(&fd_lock);
    int64_t i = entry_alloc(3, fd, true, FT_SOCKET_STREAM, RIGHTS_LISTEN, 0);
    pthread_mutex_unlock(&fd_lock);
    if (i < 0) wasmc_fatal("too many listening sockets (%s)", what);
    if (wasi_debug) fprintf(stderr, "wasmc: wasi: fd %u: listening socket %s\n", (unsigned)i, what);
}

static WASMC_NORETURN void listen_usage(const char *entry, const char *why) {
    fprintf(stderr,
            "wasmc: invalid listen address \"%s\": %s (expected ADDR:PORT with a numeric "
            "IPv4 or [IPv6] address and a port 1-65535, e.g. 127.0.0.1:8080 or [::1]:8080)\n",
            entry, why);
    exit(1);
}

/* Bind and listen on "ADDR:PORT" ("[ADDR]:PORT" for IPv6), numeric only. */
static void add_listen_addr(const char *entry) {
    char host[64];
    const char *colon, *h = entry;
    size_t hlen;
    if (entry[0] == '[') {
        const char *close = strchr(entry, ']');
        if (!close || close[1] != ':') listen_usage(entry, "missing \"]:\" after an IPv6 address");
        h = entry + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(entry, ':');
        if (!colon) listen_usage(entry, "no port");
        hlen = (size_t)(colon - entry);
        if (memchr(entry, ':', hlen)) listen_usage(entry, "IPv6 addresses need brackets");
    }
    if (hlen == 0 || hlen >= sizeof host) listen_usage(entry, "bad address");
    memcpy(host, h, hlen);
    host[hlen] = 0;
    const char *port = colon + 1;
    unsigned long pn = 0;
    for (const char *c = port; *c; c++) {
        if (*c < '0' || *c > '9' || pn > 65535) listen_usage(entry, "bad port");
        pn = pn * 10 + (unsigned long)(*c - '0');
    }
    if (!*port || pn > 65535) listen_usage(entry, "bad port");
    if (pn == 0)
        listen_usage(entry, "port 0 would pick a port nobody knows; to pass a socket bound "
                            "elsewhere use WASMC_LISTEN_FDS");
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    int g = getaddrinfo(host, port, &hints, &ai);
    if (g != 0 || !ai) listen_usage(entry, g ? gai_strerror(g) : "no address");
    if (entry[0] == '[' && ai->ai_family != AF_INET6) listen_usage(entry, "not an IPv6 address");
    int fd = socket_cloexec(ai->ai_family, SOCK_STREAM);
    int one = 1;
    if (fd >= 0) {
        /* Restarting a server must not fail while old connections sit in TIME_WAIT. */
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        /* [::]:P means IPv6 only, so that 0.0.0.0:P can be given as well. */
        if (ai->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0) {
        fprintf(stderr, "wasmc: cannot listen on %s: %s\n", entry, strerror(errno));
        exit(1);
    }
    freeaddrinfo(ai);
    add_listen_fd(fd, entry);
}

/* Listen addresses separated by ';' (empty entries ignored). */
static void add_listen_list(const char *spec) {
    char *copy = wasmc_xstrdup(spec);
    for (char *s = copy, *end;; s = end + 1) {
        end = strchr(s, ';');
        if (end) *end = 0;
        if (*s) add_listen_addr(s);
        if (!end) break;
    }
    free(copy);
}

/* WASMC_LISTEN_FDS=N: host descriptors 3 .. 3+N-1, already listening (as with
 * systemd socket activation). Each must be a listening stream socket: passing
 * the guest some other descriptor the parent happened to leak would hand out
 * a capability nobody meant to give. */
static void add_inherited_listen(const char *count) {
    unsigned long n = 0;
    const char *c = count;
    for (; *c >= '0' && *c <= '9' && n <= WASMC_WASI_MAX_FDS; c++) n = n * 10 + (unsigned long)(*c - '0');
    if (*c || c == count || n > WASMC_WASI_MAX_FDS) {
        fprintf(stderr, "wasmc: invalid WASMC_LISTEN_FDS \"%s\" (expected a count of "
                        "listening sockets passed as descriptors 3, 4, ...)\n", count);
        exit(1);
    }
    for (unsigned long i = 0; i < n; i++) {
        int fd = (int)(3 + i);
        struct stat st;
        int type = 0, acc = 0;
        socklen_t tl = sizeof type, al = sizeof acc;
        const char *bad = NULL;
        if (fstat(fd, &st) != 0) bad = "is not open";
        else if (!S_ISSOCK(st.st_mode)) bad = "is not a socket";
        else if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) != 0 || type != SOCK_STREAM)
            bad = "is not a stream socket";
        else if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) != 0 || !acc)
            bad = "is not listening";
        if (bad) {
            fprintf(stderr, "wasmc: WASMC_LISTEN_FDS=%s: descriptor %d %s\n", count, fd, bad);
            exit(1);
        }
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        char what[48];
        snprintf(what, sizeof what, "(inherited descriptor %d)", fd);
        add_listen_fd(fd, what);
    }
}

/* The listening sockets, after the preopened directories. The run-time
 * variables, when set, replace the configured list `conf` (n entries: a
 * second copy of a socket bound by the configuration would fail with
 * EADDRINUSE, and the program expects its socket at one place). */
static void setup_listen(char **envp, const char *const *conf, uint32_t n) {
    const char *fds_var = env_get(envp, "WASMC_LISTEN_FDS");
    const char *addrs = env_get(envp, "WASMC_LISTEN");
    bool runtime = (fds_var && *fds_var) || (addrs && *addrs);
    if (!runtime) {
        for (uint32_t i = 0; conf && i < n; i++)
            if (conf[i] && *conf[i]) add_listen_addr(conf[i]);
        return;
    }
    if (fds_var && *fds_var) add_inherited_listen(fds_var);
    if (addrs && *addrs) add_listen_list(addrs);
}

static void reset_state(void) {
    pthread_mutex_lock(&fd_lock);
    for (uint32_t i = 0; i < fds_cap; i++)
        if (fds[i].host >= 0) entry_clear(&fds[i]);
    free(fds);
    fds = NULL;
    fds_cap = 0;
    pthread_mutex_unlock(&fd_lock);
    for (uint32_t i = 0; i < args_count; i++) free(args[i]);
    for (uint32_t i = 0; i < envs_count; i++) free(envs[i]);
    free(args);
    free(envs);
    args = envs = NULL;
    args_count = envs_count = args_bytes = envs_bytes = 0;
}

void wasmc_wasi_init(const struct wasmc_exe_config *cfg, int argc, char **argv, char **envp) {
    if (!envp) envp = environ;
    reset_state();

    /* arguments */
    args_count = argc > 0 ? (uint32_t)argc : 0;
    args = wasmc_xcalloc(args_count ? args_count : 1, sizeof *args);
    for (uint32_t i = 0; i < args_count; i++) args[i] = wasmc_xstrdup(argv[i] ? argv[i] : "");
    args_bytes = strings_bytes(args, args_count);

    /* environment */
    const char *inherit = env_get(envp, "WASMC_INHERIT_ENV");
    if ((cfg && cfg->inherit_env) || (inherit && strcmp(inherit, "1") == 0))
        for (char **e = envp; *e; e++) env_put_entry(*e);
    for (uint32_t i = 0; cfg && cfg->envs && i < cfg->num_envs; i++) {
        const char *entry = cfg->envs[i];
        if (!entry) continue;
        if (strchr(entry, '=')) {
            env_put_entry(entry);
        } else if (*entry) {
            const char *val = env_get(envp, entry);
            if (val) env_put(entry, strlen(entry), val);
        }
    }
    static const char prefix[] = "WASMC_ENV_";
    for (char **e = envp; *e; e++)
        if (strncmp(*e, prefix, sizeof prefix - 1) == 0) env_put_entry(*e + sizeof prefix - 1);
    envs_bytes = strings_bytes(envs, envs_count);

    const char *dbg = env_get(envp, "WASMC_WASI_DEBUG");
    wasi_debug = dbg && strcmp(dbg, "1") == 0;

    /* sandbox resolution strategy */
    const char *resolver = "fallback (built without openat2: WASMC_NO_OPENAT2, WASMC_PORTABLE or not Linux)";
#ifdef HAVE_OPENAT2
    const char *no2 = env_get(envp, "WASMC_FORCE_NO_OPENAT2");
    use_openat2 = !(no2 && strcmp(no2, "1") == 0);
    resolver = use_openat2 ? "openat2" : "fallback (WASMC_FORCE_NO_OPENAT2=1)";
    if (use_openat2) {
        /* Probe: missing (ENOSYS), or refused by a seccomp filter (EPERM)... */
        int fd = openat2_beneath(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd >= 0) close(fd);
        else if (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG) {
            use_openat2 = false;
            resolver = "fallback (openat2 unavailable)";
        }
    }
#endif
    if (wasi_debug) fprintf(stderr, "wasmc: wasi: path resolver: %s\n", resolver);

    /* stdio: the process's own descriptors, never closed by us */
    pthread_mutex_lock(&fd_lock);
    for (int i = 0; i < 3; i++) {
        struct stat st;
        if (fstat(i, &st) != 0) continue; /* closed on the host: absent for the guest */
        uint8_t type = filetype_of_fd(i, &st);
        uint64_t r = rights_for(i, type);
        int64_t fd = entry_alloc((uint32_t)i, i, false, type, r,
                                 type == FT_DIRECTORY ? RIGHTS_DIR | RIGHTS_FILE : 0);
        if (fd != i) wasmc_fatal("WASI fd table");
    }
    pthread_mutex_unlock(&fd_lock);

    /* preopened directories: build-time, then run-time */
    for (uint32_t i = 0; cfg && cfg->dirs && i < cfg->num_dirs; i++)
        if (cfg->dirs[i].host) add_preopen(cfg->dirs[i].host, cfg->dirs[i].guest);
    const char *dirs = env_get(envp, "WASMC_DIRS");
    if (dirs) add_runtime_preopens(dirs);

    /* listening sockets: WASMC_LISTEN_FDS / WASMC_LISTEN, else the
     * build-time list (`wasmc build --listen`) */
    setup_listen(envp, cfg ? cfg->listen : NULL, cfg ? cfg->num_listen : 0);
}
