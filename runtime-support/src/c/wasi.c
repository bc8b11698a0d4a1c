/* wasi.c: the wasi_snapshot_preview1 host module.
 *
 * Every function of wasi_snapshot_preview1 is provided (wasmc_wasi_lookup)
 * with its witx type. All are implemented except proc_raise, which returns
 * ERRNO_NOTSUP. Guest memory is only reached through wasmc_guest_ptr (bad
 * ranges give ERRNO_FAULT) and multi-byte guest fields are read and written
 * little-endian, so this also runs on big-endian hosts.
 *
 * State: a WASI context (struct wasmc_wasi_ctx: arguments, environment,
 * descriptor table) per executable, or per wasmc_linker_define_wasi_config
 * in an embedding host; both are made by wasmc_wasi_ctx_new from a
 * configuration (wasi_config.c). What follows is the executables'
 * configuration, which wasmc_wasi_init assembles; an embedder's comes only
 * from its wasmc_wasi_config_t (wasmc.h), no WASMC_* variable adds to it.
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
 * and symlinks leading outside it fail with ERRNO_NOTCAPABLE; resolutions
 * following more than 40 symlinks fail with ERRNO_LOOP. The resolver (openat2
 * RESOLVE_BENEATH, or the O_NOFOLLOW component walk), its threat model and
 * its invariants are in wasi_resolve.c.
 *
 * Threads (wasi-threads, or an embedder calling into instances from several
 * threads): every WASI call may run on any number of threads at once. A
 * context's mutable state is its descriptor table (wasi_fdtable.c: a mutex,
 * never held across a blocking call; host descriptors borrowed by calls in
 * flight, so a close racing a read never lets it use a closed or reused host
 * descriptor); its arguments and environment never change after it was made.
 * Process-wide are only the resolver choice (an atomic) and the debug flag;
 * clocks, poll_oneoff, random_get and the path calls keep no state of their
 * own. As with POSIX, closing a descriptor another thread is blocked on does
 * not wake that thread.
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
 * Compile-time switches (WASMC_WASI_MAX_FDS, WASMC_NO_OPENAT2, WASMC_PORTABLE:
 * the POSIX fallbacks above even on Linux, which is how the test suite runs
 * the code paths macOS runs) are documented and checked in config.h.
 *
 * Files: this one holds wasmc_wasi_init (the executables' configuration described above), the
 * arguments and environment calls, and the host errno -> WASI errno map; the
 * other wasi_*.c files, one role each, are listed in wasi_internal.h, and the
 * functions with their types in wasi_funcs.h (one line each).
 */
#include "wasi_internal.h"

extern char **environ; /* not declared by every system's <unistd.h> */

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

uint32_t wasmc_werr(int e) {
    for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
        if (errno_map[i].host == e) return errno_map[i].wasi;
    return WE_IO;
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

/* The calling instance's context: its arguments and environment never
 * change after it was made, so no lock. */
uint32_t wasmc_wasi_args_get(struct wasmc_vmctx *vm, uint32_t argv, uint32_t buf) {
    const struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    return strings_get(vm, c->args, c->args_count, c->args_bytes, argv, buf);
}
uint32_t wasmc_wasi_args_sizes_get(struct wasmc_vmctx *vm, uint32_t argc, uint32_t size) {
    const struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    return sizes_get(vm, c->args_count, c->args_bytes, argc, size);
}
uint32_t wasmc_wasi_environ_get(struct wasmc_vmctx *vm, uint32_t env, uint32_t buf) {
    const struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    return strings_get(vm, c->envs, c->envs_count, c->envs_bytes, env, buf);
}
uint32_t wasmc_wasi_environ_sizes_get(struct wasmc_vmctx *vm, uint32_t count, uint32_t size) {
    const struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    return sizes_get(vm, c->envs_count, c->envs_bytes, count, size);
}

/* ---- initialisation ------------------------------------------------------------ */

const char *wasmc_env_get(char **envp, const char *name) {
    size_t n = strlen(name);
    for (char **e = envp; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    return NULL;
}

/* WASMC_DIRS: "HOST[::GUEST]" entries separated by ';'. */
static void add_runtime_preopens(struct wasmc_wasi_config *wc, const char *spec) {
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
            wasmc_wasi_config_preopen_dir(wc, s, guest);
        }
        if (!end) break;
        s = end + 1;
    }
    free(copy);
}

/* An entry "NAME=VALUE" of a host environment block into the configuration
 * (entries without a name are skipped). */
static void env_put_entry(struct wasmc_wasi_config *wc, const char *entry) {
    const char *eq = strchr(entry, '=');
    if (!eq || eq == entry) return;
    char *name = wasmc_xcalloc((size_t)(eq - entry) + 1, 1);
    memcpy(name, entry, (size_t)(eq - entry));
    wasmc_wasi_config_env(wc, name, eq + 1);
    free(name);
}

/* The executable's WASI configuration (the set-up described at the top),
 * made into its context by the same code as an embedder's
 * (wasmc_wasi_ctx_new); a failure is a usage error: a message, status 1. */
struct wasmc_wasi_ctx *wasmc_wasi_init(const struct wasmc_exe_config *cfg, int argc, char **argv,
                                       char **envp) {
    if (!envp) envp = environ;
    struct wasmc_wasi_config *wc = wasmc_wasi_config_new();
    if (!wasmc_wasi_config_set_args(wc, argc > 0 ? argc : 0, argv))
        wasmc_fatal("WASI arguments: %s", wasmc_wasi_config_error(wc));

    /* environment */
    const char *inherit = wasmc_env_get(envp, "WASMC_INHERIT_ENV");
    if ((cfg && cfg->inherit_env) || (inherit && strcmp(inherit, "1") == 0))
        for (char **e = envp; *e; e++) env_put_entry(wc, *e);
    for (uint32_t i = 0; cfg && cfg->envs && i < cfg->num_envs; i++) {
        const char *entry = cfg->envs[i];
        if (!entry) continue;
        if (strchr(entry, '=')) {
            env_put_entry(wc, entry);
        } else if (*entry) {
            const char *val = wasmc_env_get(envp, entry);
            if (val) wasmc_wasi_config_env(wc, entry, val);
        }
    }
    static const char prefix[] = "WASMC_ENV_";
    for (char **e = envp; *e; e++)
        if (strncmp(*e, prefix, sizeof prefix - 1) == 0) env_put_entry(wc, *e + sizeof prefix - 1);

    /* preopened directories: build-time, then run-time */
    for (uint32_t i = 0; cfg && cfg->dirs && i < cfg->num_dirs; i++)
        if (cfg->dirs[i].host) wasmc_wasi_config_preopen_dir(wc, cfg->dirs[i].host, cfg->dirs[i].guest);
    const char *dirs = wasmc_env_get(envp, "WASMC_DIRS");
    if (dirs) add_runtime_preopens(wc, dirs);

    /* listening sockets: WASMC_LISTEN_FDS / WASMC_LISTEN, else the
     * build-time list (`wasmc build --listen`) */
    wasmc_listen_setup(wc, envp, cfg ? cfg->listen : NULL, cfg ? cfg->num_listen : 0);

    char err[512];
    struct wasmc_wasi_ctx *c = wasmc_wasi_ctx_new(wc, envp, err, sizeof err);
    wasmc_wasi_config_free(wc);
    if (!c) {
        fprintf(stderr, "wasmc: %s\n", err);
        exit(1);
    }
    return c;
}
