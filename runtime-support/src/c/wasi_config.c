/* wasi_config.c: WASI configurations (wasmc_wasi_config_t, the public
 * embedding API in wasmc.h) and the WASI contexts made from them.
 *
 * A configuration is plain data: arguments, environment, preopened
 * directories (host path, guest name), what stdio is, listening sockets. It
 * copies strings and duplicates descriptors when a setter is called, so the
 * caller keeps what it passed. wasmc_wasi_ctx_new turns it into a context
 * (struct wasmc_wasi_ctx, wasi_internal.h): copies of the arguments and
 * environment and a descriptor table of its own, the directories opened and
 * the descriptors duplicated again, so a configuration can make any number
 * of independent contexts.
 *
 * This is the one set-up path of WASI: executables assemble their
 * configuration from the build-time settings and the WASMC_* variables
 * (wasmc_wasi_init, wasi.c), embedders with the setters, and both get their
 * context here. Directories are opened as executables always did (O_RDONLY |
 * O_DIRECTORY, else O_PATH when reading is not allowed), or duplicated from
 * a directory descriptor the embedder gave (wasmc_wasi_config_preopen_fd);
 * guest paths are
 * then only ever resolved beneath them by wasi_resolve.c, the sandbox
 * boundary, whichever way the context was made.
 *
 * Failures of the host (out of memory) abort as everywhere in the runtime;
 * a directory that cannot be opened, /dev/null missing or the descriptor
 * table overflowing make wasmc_wasi_ctx_new return NULL with a message.
 */
#include "wasi_resolve.h" /* wasmc_resolver_init; includes wasi_internal.h */

#include <stdarg.h>
#include <sys/socket.h>

extern char **environ; /* not declared by every system's <unistd.h> */

_Thread_local struct wasmc_wasi_ctx *wasmc_wasi_cur;

struct cfg_dir {
    char *host, *guest; /* host: the path, or a label for a descriptor */
    int fd;             /* our duplicate of a directory descriptor, else -1 (a path) */
};

struct cfg_listen {
    int fd;     /* our duplicate */
    char *what; /* label for WASMC_WASI_DEBUG */
};

struct wasmc_wasi_config {
    char **args;
    uint32_t num_args;
    char **envs; /* "NAME=VALUE", one per NAME */
    uint32_t num_envs;
    struct cfg_dir *dirs;
    uint32_t num_dirs;
    struct {
        enum wasmc_wasi_stdio mode;
        int fd; /* our duplicate (WASMC_WASI_STDIO_FD), else -1 */
    } stdio[3];
    struct cfg_listen *listen;
    uint32_t num_listen;
    char error[256];
};

WASMC_PRINTF(2, 3) static bool fail(struct wasmc_wasi_config *cfg, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg->error, sizeof cfg->error, fmt, ap);
    va_end(ap);
    return false;
}

/* A close-on-exec duplicate of `fd` numbered 3 or above (never a stdio
 * number, which the process may reopen), or -1. */
static int dup_fd(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 3); }

/* Room for one more element of `size` bytes in an array of `n` (n + 1 kept
 * within uint32_t). */
static void *grow(void *p, uint32_t n, size_t size) {
    if (n == UINT32_MAX) wasmc_fatal("WASI configuration too large");
    return wasmc_xrealloc(p, (size_t)n + 1, size);
}

/* ---- the configuration ------------------------------------------------------ */

wasmc_wasi_config_t *wasmc_wasi_config_new(void) {
    struct wasmc_wasi_config *cfg = wasmc_xcalloc(1, sizeof *cfg);
    for (int i = 0; i < 3; i++) {
        cfg->stdio[i].mode = WASMC_WASI_STDIO_INHERIT;
        cfg->stdio[i].fd = -1;
    }
    return cfg;
}

static void free_strings(char **s, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void wasmc_wasi_config_free(wasmc_wasi_config_t *cfg) {
    if (!cfg) return;
    free_strings(cfg->args, cfg->num_args);
    free_strings(cfg->envs, cfg->num_envs);
    for (uint32_t i = 0; i < cfg->num_dirs; i++) {
        free(cfg->dirs[i].host);
        free(cfg->dirs[i].guest);
        if (cfg->dirs[i].fd >= 0) close(cfg->dirs[i].fd);
    }
    free(cfg->dirs);
    for (int i = 0; i < 3; i++)
        if (cfg->stdio[i].fd >= 0) close(cfg->stdio[i].fd);
    for (uint32_t i = 0; i < cfg->num_listen; i++) {
        close(cfg->listen[i].fd);
        free(cfg->listen[i].what);
    }
    free(cfg->listen);
    free(cfg);
}

const char *wasmc_wasi_config_error(const wasmc_wasi_config_t *cfg) {
    return cfg ? cfg->error : "no WASI configuration";
}

bool wasmc_wasi_config_set_args(wasmc_wasi_config_t *cfg, int argc, char *const *argv) {
    if (argc < 0) return fail(cfg, "negative argument count %d", argc);
    for (int i = 0; i < argc; i++)
        if (!argv || !argv[i]) return fail(cfg, "argument %d is NULL", i);
    free_strings(cfg->args, cfg->num_args);
    cfg->num_args = (uint32_t)argc;
    cfg->args = wasmc_xcalloc(argc ? (size_t)argc : 1, sizeof *cfg->args);
    for (int i = 0; i < argc; i++) cfg->args[i] = wasmc_xstrdup(argv[i]);
    return true;
}

/* Put "NAME=VALUE" (name: nlen bytes) into the environment, replacing NAME. */
static void env_put(wasmc_wasi_config_t *cfg, const char *name, size_t nlen, const char *value) {
    size_t vlen = strlen(value);
    if (nlen > SIZE_MAX - vlen - 2) wasmc_fatal("WASI environment entry too long");
    char *s = wasmc_xcalloc(nlen + vlen + 2, 1);
    memcpy(s, name, nlen);
    s[nlen] = '=';
    memcpy(s + nlen + 1, value, vlen + 1);
    for (uint32_t i = 0; i < cfg->num_envs; i++) {
        if (strncmp(cfg->envs[i], s, nlen + 1) == 0) {
            free(cfg->envs[i]);
            cfg->envs[i] = s;
            return;
        }
    }
    cfg->envs = grow(cfg->envs, cfg->num_envs, sizeof *cfg->envs);
    cfg->envs[cfg->num_envs++] = s;
}

bool wasmc_wasi_config_set_env(wasmc_wasi_config_t *cfg, char *const *envp) {
    for (size_t i = 0; envp && envp[i]; i++) {
        const char *eq = strchr(envp[i], '=');
        if (!eq || eq == envp[i])
            return fail(cfg, "environment entry %zu (\"%s\") is not NAME=VALUE", i, envp[i]);
    }
    free_strings(cfg->envs, cfg->num_envs);
    cfg->envs = NULL;
    cfg->num_envs = 0;
    for (size_t i = 0; envp && envp[i]; i++) {
        const char *eq = strchr(envp[i], '=');
        env_put(cfg, envp[i], (size_t)(eq - envp[i]), eq + 1);
    }
    return true;
}

bool wasmc_wasi_config_env(wasmc_wasi_config_t *cfg, const char *name, const char *value) {
    if (!name || !*name || strchr(name, '='))
        return fail(cfg, "invalid environment variable name \"%s\"", name ? name : "(null)");
    if (!value) return fail(cfg, "environment variable %s: NULL value", name);
    env_put(cfg, name, strlen(name), value);
    return true;
}

bool wasmc_wasi_config_inherit_env(wasmc_wasi_config_t *cfg) {
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (eq && eq != *e) env_put(cfg, *e, (size_t)(eq - *e), eq + 1);
    }
    return true;
}

bool wasmc_wasi_config_preopen_dir(wasmc_wasi_config_t *cfg, const char *host_path,
                                   const char *guest_path) {
    if (!host_path || !*host_path) return fail(cfg, "empty host directory path");
    cfg->dirs = grow(cfg->dirs, cfg->num_dirs, sizeof *cfg->dirs);
    struct cfg_dir *d = &cfg->dirs[cfg->num_dirs++];
    d->host = wasmc_xstrdup(host_path);
    d->guest = wasmc_xstrdup(guest_path && *guest_path ? guest_path : host_path);
    d->fd = -1;
    return true;
}

bool wasmc_wasi_config_preopen_fd(wasmc_wasi_config_t *cfg, int dir_fd, const char *guest_path) {
    if (!guest_path || !*guest_path) return fail(cfg, "descriptor %d: empty guest path", dir_fd);
    struct stat st;
    if (dir_fd < 0 || fstat(dir_fd, &st) != 0) return fail(cfg, "descriptor %d is not open", dir_fd);
    if (!S_ISDIR(st.st_mode)) return fail(cfg, "descriptor %d is not a directory", dir_fd);
    int dup = dup_fd(dir_fd);
    if (dup < 0) return fail(cfg, "descriptor %d: %s", dir_fd, strerror(errno));
    char label[48];
    snprintf(label, sizeof label, "(host descriptor %d)", dir_fd);
    cfg->dirs = grow(cfg->dirs, cfg->num_dirs, sizeof *cfg->dirs);
    struct cfg_dir *d = &cfg->dirs[cfg->num_dirs++];
    d->host = wasmc_xstrdup(label);
    d->guest = wasmc_xstrdup(guest_path);
    d->fd = dup;
    return true;
}

bool wasmc_wasi_config_stdio(wasmc_wasi_config_t *cfg, int guest_fd, enum wasmc_wasi_stdio mode,
                             int host_fd) {
    if (guest_fd < 0 || guest_fd > 2) return fail(cfg, "stdio descriptor %d is not 0, 1 or 2", guest_fd);
    int dup = -1;
    switch (mode) {
    case WASMC_WASI_STDIO_INHERIT:
    case WASMC_WASI_STDIO_NULL:
    case WASMC_WASI_STDIO_CLOSED: break;
    case WASMC_WASI_STDIO_FD:
        if (host_fd < 0) return fail(cfg, "stdio %d: invalid host descriptor %d", guest_fd, host_fd);
        dup = dup_fd(host_fd);
        if (dup < 0)
            return fail(cfg, "stdio %d: host descriptor %d: %s", guest_fd, host_fd, strerror(errno));
        break;
    default: return fail(cfg, "stdio %d: unknown mode %d", guest_fd, (int)mode);
    }
    if (cfg->stdio[guest_fd].fd >= 0) close(cfg->stdio[guest_fd].fd);
    cfg->stdio[guest_fd].mode = mode;
    cfg->stdio[guest_fd].fd = dup;
    return true;
}

bool wasmc_wasi_config_listen_labelled(struct wasmc_wasi_config *cfg, int fd, const char *what) {
    struct stat st;
    int type = 0, acc = 0;
    socklen_t tl = sizeof type, al = sizeof acc;
    if (fd < 0 || fstat(fd, &st) != 0) return fail(cfg, "descriptor %d is not open", fd);
    if (!S_ISSOCK(st.st_mode)) return fail(cfg, "descriptor %d is not a socket", fd);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) != 0 || type != SOCK_STREAM)
        return fail(cfg, "descriptor %d is not a stream socket", fd);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) != 0 || !acc)
        return fail(cfg, "descriptor %d is not listening", fd);
    int dup = dup_fd(fd);
    if (dup < 0) return fail(cfg, "descriptor %d: %s", fd, strerror(errno));
    cfg->listen = grow(cfg->listen, cfg->num_listen, sizeof *cfg->listen);
    cfg->listen[cfg->num_listen].fd = dup;
    cfg->listen[cfg->num_listen].what = wasmc_xstrdup(what);
    cfg->num_listen++;
    return true;
}

bool wasmc_wasi_config_listen_fd(wasmc_wasi_config_t *cfg, int host_fd) {
    char what[48];
    snprintf(what, sizeof what, "(host descriptor %d)", host_fd);
    return wasmc_wasi_config_listen_labelled(cfg, host_fd, what);
}

/* ---- the context ------------------------------------------------------------------ */

static char **copy_strings(char **s, uint32_t n, uint32_t *bytes, bool *too_big) {
    char **out = wasmc_xcalloc(n ? n : 1, sizeof *out);
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = wasmc_xstrdup(s[i]);
        total += strlen(s[i]) + 1;
    }
    *too_big = total > UINT32_MAX;
    *bytes = *too_big ? 0 : (uint32_t)total;
    return out;
}

WASMC_PRINTF(3, 4) static void set_err(char *err, size_t len, const char *fmt, ...) {
    if (!err || !len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

/* Guest fd `i` (0-2) as the configuration says. */
static bool add_stdio(struct wasmc_wasi_ctx *c, const struct wasmc_wasi_config *cfg, uint32_t i,
                      char *err, size_t err_len) {
    int host = (int)i;
    bool own = false;
    switch (cfg->stdio[i].mode) {
    case WASMC_WASI_STDIO_CLOSED: return true;
    case WASMC_WASI_STDIO_INHERIT: break; /* the process's own, never closed by us */
    case WASMC_WASI_STDIO_NULL:
        host = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (host < 0) {
            set_err(err, err_len, "stdio %u: cannot open /dev/null: %s", i, strerror(errno));
            return false;
        }
        own = true;
        break;
    case WASMC_WASI_STDIO_FD:
        host = dup_fd(cfg->stdio[i].fd);
        if (host < 0) {
            set_err(err, err_len, "stdio %u: cannot duplicate descriptor: %s", i, strerror(errno));
            return false;
        }
        own = true;
        break;
    }
    struct stat st;
    if (fstat(host, &st) != 0) return true; /* closed in the process: absent for the guest */
    uint8_t type = wasmc_filetype_of_fd(host, &st);
    if (wasmc_fd_add(c, i, host, own, type, wasmc_rights_for(host, type),
                     type == FT_DIRECTORY ? RIGHTS_DIR | RIGHTS_FILE : 0, NULL) != (int64_t)i)
        wasmc_fatal("WASI fd table");
    return true;
}

static bool add_preopen(struct wasmc_wasi_ctx *c, const struct cfg_dir *d, bool debug,
                        char *err, size_t err_len) {
    int fd;
    if (d->fd >= 0) {
        fd = dup_fd(d->fd);
        if (fd < 0) {
            set_err(err, err_len, "directory %s: %s", d->host, strerror(errno));
            return false;
        }
    } else {
        fd = open(d->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#if defined(O_PATH) && defined(HAVE_LINUX_CALLS)
        if (fd < 0 && errno == EACCES) fd = open(d->host, O_PATH | O_DIRECTORY | O_CLOEXEC);
#endif
        if (fd < 0) {
            set_err(err, err_len, "cannot open directory %s: %s", d->host, strerror(errno));
            return false;
        }
    }
    int64_t i = wasmc_fd_add(c, 3, fd, true, FT_DIRECTORY, RIGHTS_DIR, RIGHTS_DIR | RIGHTS_FILE,
                             d->guest);
    if (i < 0) {
        close(fd);
        set_err(err, err_len, "too many preopened directories (%s)", d->host);
        return false;
    }
    if (debug)
        fprintf(stderr, "wasmc: wasi: fd %u: directory %s (host %s)\n", (unsigned)i, d->guest,
                d->host);
    return true;
}

static bool add_listen(struct wasmc_wasi_ctx *c, const struct cfg_listen *s, bool debug,
                       char *err, size_t err_len) {
    int fd = dup_fd(s->fd);
    if (fd < 0) {
        set_err(err, err_len, "listening socket %s: %s", s->what, strerror(errno));
        return false;
    }
    int64_t i = wasmc_fd_add(c, 3, fd, true, FT_SOCKET_STREAM, RIGHTS_LISTEN, 0, NULL);
    if (i < 0) {
        close(fd);
        set_err(err, err_len, "too many listening sockets (%s)", s->what);
        return false;
    }
    if (debug)
        fprintf(stderr, "wasmc: wasi: fd %u: listening socket %s\n", (unsigned)i, s->what);
    return true;
}

struct wasmc_wasi_ctx *wasmc_wasi_ctx_new(const struct wasmc_wasi_config *cfg, char **knobs_env,
                                          char *err, size_t err_len) {
    const char *dbg = wasmc_env_get(knobs_env, "WASMC_WASI_DEBUG");
    bool debug = dbg && strcmp(dbg, "1") == 0;
    /* sandbox resolution strategy (process-wide) */
    const char *no2 = wasmc_env_get(knobs_env, "WASMC_FORCE_NO_OPENAT2");
    const char *resolver = wasmc_resolver_init(no2 && strcmp(no2, "1") == 0);
    if (debug) fprintf(stderr, "wasmc: wasi: path resolver: %s\n", resolver);

    struct wasmc_wasi_ctx *c = wasmc_xcalloc(1, sizeof *c);
    if (pthread_mutex_init(&c->fd_lock, NULL) != 0) wasmc_fatal("pthread_mutex_init failed");
    bool args_big, envs_big;
    c->args_count = cfg->num_args;
    c->args = copy_strings(cfg->args, cfg->num_args, &c->args_bytes, &args_big);
    c->envs_count = cfg->num_envs;
    c->envs = copy_strings(cfg->envs, cfg->num_envs, &c->envs_bytes, &envs_big);
    bool ok = true;
    if (args_big || envs_big) {
        set_err(err, err_len, "WASI arguments/environment exceed 4 GiB");
        ok = false;
    }
    for (uint32_t i = 0; ok && i < 3; i++) ok = add_stdio(c, cfg, i, err, err_len);
    for (uint32_t i = 0; ok && i < cfg->num_dirs; i++)
        ok = add_preopen(c, &cfg->dirs[i], debug, err, err_len);
    for (uint32_t i = 0; ok && i < cfg->num_listen; i++)
        ok = add_listen(c, &cfg->listen[i], debug, err, err_len);
    if (!ok) {
        wasmc_wasi_ctx_free(c);
        return NULL;
    }
    return c;
}

void wasmc_wasi_ctx_free(struct wasmc_wasi_ctx *c) {
    if (!c) return;
    wasmc_fd_table_free(c);
    free_strings(c->args, c->args_count);
    free_strings(c->envs, c->envs_count);
    pthread_mutex_destroy(&c->fd_lock);
    free(c);
}
