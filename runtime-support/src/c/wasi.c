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
 * and symlinks leading outside it fail with ERRNO_NOTCAPABLE; resolutions
 * following more than 40 symlinks fail with ERRNO_LOOP. The resolver (openat2
 * RESOLVE_BENEATH, or the O_NOFOLLOW component walk), its threat model and
 * its invariants are in wasi_resolve.c.
 *
 * Threads (wasi-threads, or an embedder calling into instances from several
 * threads): every WASI call may run on any number of threads at once. The
 * process-wide state is the descriptor table (wasi_fdtable.c: a mutex, never
 * held across a blocking call; host descriptors borrowed by calls in flight,
 * so a close racing a read never lets it use a closed or reused host
 * descriptor), the arguments and environment (state_mu, below), and the
 * resolver choice (an atomic); clocks, poll_oneoff, random_get and the path
 * calls keep no state of their own. wasmc_wasi_init may run again (a new
 * wasmc_linker_define_wasi) while calls are in flight: they finish with the
 * descriptors they borrowed. As with POSIX, closing a descriptor another
 * thread is blocked on does not wake that thread.
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
 * Files: this one holds wasmc_wasi_init (the set-up described above), the
 * arguments and environment calls, and the host errno -> WASI errno map; the
 * other wasi_*.c files, one role each, are listed in wasi_internal.h, and the
 * functions with their types in wasi_funcs.h (one line each).
 */
#include "wasi_resolve.h" /* wasmc_resolver_init; includes wasi_internal.h */

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

/* ---- state ----------------------------------------------------------------- */

/* Arguments and environment: replaced by wasmc_wasi_init (an embedder may
 * call it again, wasmc_linker_define_wasi, while other threads run WASI
 * calls), read by the args and environ calls: all under state_mu, which
 * also serialises concurrent wasmc_wasi_init calls. */
static pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;
static char **args;
static uint32_t args_count, args_bytes;
static char **envs;
static uint32_t envs_count, envs_bytes;

bool wasmc_wasi_debug;

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

/* Each call copies under state_mu (memcpy into guest memory: nothing blocks). */
uint32_t wasmc_wasi_args_get(struct wasmc_vmctx *vm, uint32_t argv, uint32_t buf) {
    pthread_mutex_lock(&state_mu);
    uint32_t err = strings_get(vm, args, args_count, args_bytes, argv, buf);
    pthread_mutex_unlock(&state_mu);
    return err;
}
uint32_t wasmc_wasi_args_sizes_get(struct wasmc_vmctx *vm, uint32_t argc, uint32_t size) {
    pthread_mutex_lock(&state_mu);
    uint32_t err = sizes_get(vm, args_count, args_bytes, argc, size);
    pthread_mutex_unlock(&state_mu);
    return err;
}
uint32_t wasmc_wasi_environ_get(struct wasmc_vmctx *vm, uint32_t env, uint32_t buf) {
    pthread_mutex_lock(&state_mu);
    uint32_t err = strings_get(vm, envs, envs_count, envs_bytes, env, buf);
    pthread_mutex_unlock(&state_mu);
    return err;
}
uint32_t wasmc_wasi_environ_sizes_get(struct wasmc_vmctx *vm, uint32_t count, uint32_t size) {
    pthread_mutex_lock(&state_mu);
    uint32_t err = sizes_get(vm, envs_count, envs_bytes, count, size);
    pthread_mutex_unlock(&state_mu);
    return err;
}

/* ---- initialisation ------------------------------------------------------------ */

const char *wasmc_env_get(char **envp, const char *name) {
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

static void reset_state(void) {
    wasmc_fd_reset();
    for (uint32_t i = 0; i < args_count; i++) free(args[i]);
    for (uint32_t i = 0; i < envs_count; i++) free(envs[i]);
    free(args);
    free(envs);
    args = envs = NULL;
    args_count = envs_count = args_bytes = envs_bytes = 0;
}

void wasmc_wasi_init(const struct wasmc_exe_config *cfg, int argc, char **argv, char **envp) {
    if (!envp) envp = environ;
    pthread_mutex_lock(&state_mu);
    reset_state();

    /* arguments */
    args_count = argc > 0 ? (uint32_t)argc : 0;
    args = wasmc_xcalloc(args_count ? args_count : 1, sizeof *args);
    for (uint32_t i = 0; i < args_count; i++) args[i] = wasmc_xstrdup(argv[i] ? argv[i] : "");
    args_bytes = strings_bytes(args, args_count);

    /* environment */
    const char *inherit = wasmc_env_get(envp, "WASMC_INHERIT_ENV");
    if ((cfg && cfg->inherit_env) || (inherit && strcmp(inherit, "1") == 0))
        for (char **e = envp; *e; e++) env_put_entry(*e);
    for (uint32_t i = 0; cfg && cfg->envs && i < cfg->num_envs; i++) {
        const char *entry = cfg->envs[i];
        if (!entry) continue;
        if (strchr(entry, '=')) {
            env_put_entry(entry);
        } else if (*entry) {
            const char *val = wasmc_env_get(envp, entry);
            if (val) env_put(entry, strlen(entry), val);
        }
    }
    static const char prefix[] = "WASMC_ENV_";
    for (char **e = envp; *e; e++)
        if (strncmp(*e, prefix, sizeof prefix - 1) == 0) env_put_entry(*e + sizeof prefix - 1);
    envs_bytes = strings_bytes(envs, envs_count);

    const char *dbg = wasmc_env_get(envp, "WASMC_WASI_DEBUG");
    wasmc_wasi_debug = dbg && strcmp(dbg, "1") == 0;

    /* sandbox resolution strategy */
    const char *no2 = wasmc_env_get(envp, "WASMC_FORCE_NO_OPENAT2");
    const char *resolver = wasmc_resolver_init(no2 && strcmp(no2, "1") == 0);
    if (wasmc_wasi_debug) fprintf(stderr, "wasmc: wasi: path resolver: %s\n", resolver);

    /* stdio: the process's own descriptors, never closed by us */
    wasmc_fd_add_stdio();

    /* preopened directories: build-time, then run-time */
    for (uint32_t i = 0; cfg && cfg->dirs && i < cfg->num_dirs; i++)
        if (cfg->dirs[i].host) wasmc_fd_add_preopen(cfg->dirs[i].host, cfg->dirs[i].guest);
    const char *dirs = wasmc_env_get(envp, "WASMC_DIRS");
    if (dirs) wasmc_fd_add_runtime_preopens(dirs);

    /* listening sockets: WASMC_LISTEN_FDS / WASMC_LISTEN, else the
     * build-time list (`wasmc build --listen`) */
    wasmc_listen_setup(envp, cfg ? cfg->listen : NULL, cfg ? cfg->num_listen : 0);
    pthread_mutex_unlock(&state_mu);
}
