/* wasi_internal.h: what the wasi_*.c files of the WASI host module share.
 *
 * wasi_snapshot_preview1 is implemented by several files, one role each (the
 * overview of the module, its run-time variables and its guarantees is the
 * header comment of wasi.c):
 *   wasi.c          wasmc_wasi_init (the executables' configuration), arguments
 *                   and environment, host errno -> WASI errno;
 *   wasi_config.c   the embedder's configuration (wasmc_wasi_config_t) and the
 *                   WASI context built from it: the one set-up path of
 *                   executables and embedders;
 *   wasi_fdtable.c  the descriptor table: allocation, rights, preopens, the
 *                   WASMC_WASI_MAX_FDS cap, and the calls that only touch the
 *                   table (fd_close, fd_renumber, fd_prestat_*...);
 *   wasi_resolve.c  the path resolver, i.e. the sandbox boundary (interface:
 *                   wasi_resolve.h);
 *   wasi_fd.c       I/O and metadata calls on descriptors (fd_read, fd_seek...);
 *   wasi_readdir.c  fd_readdir;
 *   wasi_path.c     the path_* calls;
 *   wasi_clock.c    clocks, random_get, sched_yield, proc_exit, proc_raise;
 *   wasi_poll.c     poll_oneoff;
 *   wasi_sock.c     sock_accept, sock_recv, sock_send, sock_shutdown;
 *   wasi_listen.c   the listening sockets handed to the guest at start;
 *   wasi_table.c    the host adapters and wasmc_wasi_lookup, generated from
 *                   the one-line-per-function list in wasi_funcs.h.
 *
 * This header must be the first one a wasi_*.c file includes (directly or
 * through wasi_resolve.h): it sets the feature macros (_GNU_SOURCE, 64-bit
 * off_t) before any system header, and the host feature switches every file
 * must agree on (HAVE_LINUX_CALLS, the stat time fields). It holds the WASI
 * constants (errno values, rights, flags, struct sizes) and declares what the
 * files share; the file defining each function says more. Shared names carry
 * the wasmc_ prefix: the runtime is also linked into embedding hosts as a
 * static library, where a short name could clash.
 */
#ifndef WASMC_WASI_INTERNAL_H
#define WASMC_WASI_INTERNAL_H

#define _GNU_SOURCE 1
#define _FILE_OFFSET_BITS 64 /* 64-bit off_t on 32-bit hosts too */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

/* Linux-only calls, each with a POSIX fallback (see "Portability" in wasi.c). */
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

#include "rt.h" /* and config.h: WASMC_WASI_MAX_FDS, WASMC_NO_OPENAT2 */

#define WASI_PATH_MAX 4096         /* bytes of a guest path (like Linux PATH_MAX) */
#define WASI_IOV_MAX 1024          /* iovecs per call (POSIX IOV_MAX) */
#define WASI_RW_MAX 0x7ffff000u    /* bytes per read/write call (Linux MAX_RW_COUNT) */
#define WASI_POLL_MAX 65536        /* subscriptions per poll_oneoff */

#ifndef O_RSYNC
#define O_RSYNC O_SYNC
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
/* A listening socket handed to the guest at start. */
#define RIGHTS_LISTEN                                                                   \
    (R_SOCK_ACCEPT | R_FD_READ | R_FD_WRITE | R_POLL_FD_READWRITE | R_SOCK_SHUTDOWN |    \
     R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET)

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

/* ---- small helpers --------------------------------------------------------- */

/* Pointer to guest memory [addr, addr+len), or return ERRNO_FAULT. */
#define GUEST(var, addr, len)                                           \
    uint8_t *var = wasmc_guest_ptr(vm, (uint64_t)(addr), (uint64_t)(len)); \
    if (!var) return WE_FAULT

static inline uint64_t ts_ns(struct timespec ts) {
    if (ts.tv_sec < 0) return 0;
    if ((uint64_t)ts.tv_sec > UINT64_MAX / 1000000000u - 1) return UINT64_MAX;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the WASI context ---------------------------------------------------- */

struct wfd;

/* Everything a guest's WASI calls see: arguments, environment and the
 * descriptor table. One per wasmc_linker_define_wasi_config (and one for an
 * executable), built by wasmc_wasi_ctx_new (wasi_config.c); instances that
 * import WASI through different contexts share nothing. args and envs never
 * change after creation (read without a lock); the table is under fd_lock. */
struct wasmc_wasi_ctx {
    char **args;
    uint32_t args_count, args_bytes;
    char **envs;
    uint32_t envs_count, envs_bytes;
    pthread_mutex_t fd_lock;
    struct wfd *fds;
    uint32_t fds_cap;
};

/* The context of the WASI call running on this thread: set by the host
 * adapter (wasi_table.c) from the host function's data before each call, so
 * the implementations reach their instance's context without passing it
 * through every function. Only meaningful inside a WASI call. */
extern _Thread_local struct wasmc_wasi_ctx *wasmc_wasi_cur;

/* ---- wasi.c ---------------------------------------------------------------- */

/* The WASI errno for host errno value `e` (ERRNO_IO for one WASI lacks). */
uint32_t wasmc_werr(int e);
/* The value of variable `name` in the environment block `envp`, or NULL. */
const char *wasmc_env_get(char **envp, const char *name);

/* ---- the configuration (wasi_config.c) ------------------------------------- */

/* A listening socket for the configuration, labelled `what` in the
 * WASMC_WASI_DEBUG lines: the executable driver's sockets (wasi_listen.c).
 * The descriptor is duplicated; the caller keeps `fd`. */
bool wasmc_wasi_config_listen_labelled(struct wasmc_wasi_config *cfg, int fd, const char *what);

/* ---- the descriptor table (wasi_fdtable.c) --------------------------------- */

struct wdir; /* an fd_readdir stream (wasi_readdir.c) */

/* A host descriptor the table hands out. `refs` counts the table entry (one,
 * until fd_close or fd_renumber drops it) and every borrow by a WASI call in
 * flight; the host descriptor is closed when the last one goes, so a close
 * racing a read on another thread never lets that read reach a freed entry or
 * a reused host descriptor number. Counted under the table lock. */
struct wfile {
    int host;      /* host descriptor */
    bool own;      /* close `host` at the end (not for inherited stdio) */
    uint32_t refs;
    /* fd_readdir's stream of a directory descriptor, created on first use,
     * and the lock its reads take instead of the table's (a directory read
     * may block: slow file systems). */
    pthread_mutex_t dir_mu;
    struct wdir *dir;
};

struct wfd {
    struct wfile *file; /* NULL: slot free */
    uint8_t type;       /* FT_* */
    uint64_t base;      /* rights */
    uint64_t inh;       /* inheriting rights */
    char *preopen;      /* guest name of a preopened directory, else NULL */
};

/* A copy of the parts of an fd entry an operation needs (taken under the
 * lock). `host` stays open until the WASI call returns: the lookup borrowed
 * it, and the host adapter (wasi_table.c) gives the borrows of the calling
 * thread back with wasmc_fd_release_borrowed(). */
struct fdref {
    int host;
    uint8_t type;
    uint64_t base, inh;
};

/* The lookups and the guest's own installs work on the current context
 * (wasmc_wasi_cur). */
/* Look up guest fd `fd` needing rights `need` (ERRNO_BADF, ERRNO_NOTCAPABLE),
 * borrowing its host descriptor until the end of the WASI call. */
uint32_t wasmc_fd_get(uint32_t fd, uint64_t need, struct fdref *out);
/* Look up a directory fd for a path operation needing `need` (also
 * ERRNO_NOTDIR). */
uint32_t wasmc_fd_dir_get(uint32_t fd, uint64_t need, struct fdref *out);
/* Give the guest a new fd (the lowest free one) for host descriptor `host`,
 * which the guest then owns; `host` is closed on failure (ERRNO_NFILE). */
uint32_t wasmc_fd_install(int host, uint8_t type, uint64_t base, uint64_t inh, uint32_t *out);
/* Lock the table and return the live entry of guest fd `fd` (NULL if there is
 * none): for calls that keep state in the entry (fd_readdir). The table stays
 * locked, also when NULL is returned, until wasmc_fd_unlock(). */
struct wfd *wasmc_fd_lock_entry(uint32_t fd);
void wasmc_fd_unlock(void);
/* The host file of directory fd `fd` for fd_readdir (WE_BADF, WE_NOTDIR,
 * WE_NOTCAPABLE without R_FD_READDIR), borrowed until the end of the WASI
 * call like wasmc_fd_get's: its dir stream is used under its dir_mu. */
uint32_t wasmc_fd_get_readdir(uint32_t fd, struct wfile **out);
/* Give back every host descriptor the calling thread borrowed (wasmc_fd_get):
 * called by the host adapters after each WASI call. */
void wasmc_fd_release_borrowed(void);
/* Set-up and teardown of context `c` (wasmc_wasi_ctx_new, before any guest
 * runs): install host descriptor `host` at the lowest free guest fd >= min
 * (`own`: close it when the guest closes the fd; a preopen gets its guest
 * name), returning the guest fd or -1 when the table is full; free the
 * table, closing what it owns. */
int64_t wasmc_fd_add(struct wasmc_wasi_ctx *c, uint32_t min, int host, bool own, uint8_t type,
                     uint64_t base, uint64_t inh, const char *preopen);
void wasmc_fd_table_free(struct wasmc_wasi_ctx *c);
/* The WASI file type of a host mode / of an open host descriptor (sockets told
 * apart with SO_TYPE). */
uint8_t wasmc_filetype_of_mode(mode_t m);
uint8_t wasmc_filetype_of_fd(int fd, const struct stat *st);
/* The rights a descriptor of this type may have at most. */
uint64_t wasmc_rights_for(int fd, uint8_t type);

/* ---- shared by the descriptor and path calls -------------------------------- */

/* Free an fd_readdir stream (NULL: nothing); wasi_readdir.c. */
void wasmc_wdir_free(struct wdir *w);
/* Write a WASI filestat for `st` (FILESTAT_SIZE bytes at p); wasi_fd.c. */
void wasmc_put_filestat(uint8_t *p, const struct stat *st, uint8_t type);
/* Host iovecs for a guest iovec array (wasi_fd.c; see there). */
uint32_t wasmc_load_iovs(struct wasmc_vmctx *vm, uint32_t iovs, uint32_t n, struct iovec *hv,
                         int *hn);
/* Host timespecs for WASI (atim, mtim, fstflags); wasi_fd.c. */
uint32_t wasmc_utimes_of(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);
/* A new socket, close-on-exec and never raising SIGPIPE; wasi_sock.c. */
int wasmc_socket_cloexec(int family, int type);
/* The executable's listening sockets (run-time variables, else the
 * build-time list `conf` of n entries), added to `cfg`; wasi_listen.c. */
void wasmc_listen_setup(struct wasmc_wasi_config *cfg, char **envp, const char *const *conf,
                        uint32_t n);

/* The implementations of the WASI functions, wasmc_wasi_<name>, declared from
 * the list in wasi_funcs.h (so a definition that disagrees with its table
 * line does not compile). */
#include "wasi_funcs.h"

#endif /* WASMC_WASI_INTERNAL_H */
