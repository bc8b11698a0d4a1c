/* wasi_listen.c: the listening sockets handed to the guest at start, for
 * sock_accept: inherited ones (WASMC_LISTEN_FDS), addresses bound here
 * (WASMC_LISTEN), or the build-time list (`wasmc build --listen`); wasi.c
 * describes the variables, the order and the precedence. They get the guest
 * fds right after the preopened directories. They go into the executable's
 * WASI configuration (wasi_config.c), which installs them.
 */
#include "wasi_internal.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Give the guest listening socket `fd` (ours: the configuration keeps a
 * duplicate, numbered above every descriptor open now) after the ones before
 * it. */
static void add_listen_fd(struct wasmc_wasi_config *cfg, int fd, const char *what) {
    if (!wasmc_wasi_config_listen_labelled(cfg, fd, what))
        wasmc_fatal("listening socket %s: %s", what, wasmc_wasi_config_error(cfg));
    close(fd);
}

static WASMC_NORETURN void listen_usage(const char *entry, const char *why) {
    fprintf(stderr,
            "wasmc: invalid listen address \"%s\": %s (expected ADDR:PORT with a numeric "
            "IPv4 or [IPv6] address and a port 1-65535, e.g. 127.0.0.1:8080 or [::1]:8080)\n",
            entry, why);
    exit(1);
}

/* Bind and listen on "ADDR:PORT" ("[ADDR]:PORT" for IPv6), numeric only. */
static void add_listen_addr(struct wasmc_wasi_config *cfg, const char *entry) {
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
    int fd = wasmc_socket_cloexec(ai->ai_family, SOCK_STREAM);
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
    add_listen_fd(cfg, fd, entry);
}

/* Listen addresses separated by ';' (empty entries ignored). */
static void add_listen_list(struct wasmc_wasi_config *cfg, const char *spec) {
    char *copy = wasmc_xstrdup(spec);
    for (char *s = copy, *end;; s = end + 1) {
        end = strchr(s, ';');
        if (end) *end = 0;
        if (*s) add_listen_addr(cfg, s);
        if (!end) break;
    }
    free(copy);
}

/* WASMC_LISTEN_FDS=N: host descriptors 3 .. 3+N-1, already listening (as with
 * systemd socket activation). Each must be a listening stream socket: passing
 * the guest some other descriptor the parent happened to leak would hand out
 * a capability nobody meant to give. */
static void add_inherited_listen(struct wasmc_wasi_config *cfg, const char *count) {
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
    }
    /* All checked before any is duplicated: a duplicate must not land in the
     * range still to be checked (and be taken for an inherited socket). */
    for (unsigned long i = 0; i < n; i++) {
        char what[48];
        snprintf(what, sizeof what, "(inherited descriptor %d)", (int)(3 + i));
        add_listen_fd(cfg, (int)(3 + i), what);
    }
}

/* The listening sockets, after the preopened directories. The run-time
 * variables, when set, replace the configured list `conf` (n entries: a
 * second copy of a socket bound by the configuration would fail with
 * EADDRINUSE, and the program expects its socket at one place). */
void wasmc_listen_setup(struct wasmc_wasi_config *cfg, char **envp, const char *const *conf,
                        uint32_t n) {
    const char *fds_var = wasmc_env_get(envp, "WASMC_LISTEN_FDS");
    const char *addrs = wasmc_env_get(envp, "WASMC_LISTEN");
    bool runtime = (fds_var && *fds_var) || (addrs && *addrs);
    if (!runtime) {
        for (uint32_t i = 0; conf && i < n; i++)
            if (conf[i] && *conf[i]) add_listen_addr(cfg, conf[i]);
        return;
    }
    if (fds_var && *fds_var) add_inherited_listen(cfg, fds_var);
    if (addrs && *addrs) add_listen_list(cfg, addrs);
}
