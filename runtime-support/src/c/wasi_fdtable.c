/* wasi_fdtable.c: the WASI descriptor table.
 *
 * The guest's file descriptors are indices into a table of host descriptors,
 * each with its WASI file type and rights (base and inheriting): one table
 * per WASI context (struct wasmc_wasi_ctx: an executable has one, an embedder
 * one per wasmc_linker_define_wasi_config), the calling thread's current one
 * (wasmc_wasi_cur) during a WASI call. This file allocates and frees
 * entries, checks rights on every lookup, installs what the context starts
 * with (wasi_config.c decides what: stdio, the preopened directories,
 * listening sockets), caps the table at WASMC_WASI_MAX_FDS entries (default
 * 4096: ERRNO_NFILE past that), and implements the calls that only touch
 * the table (fd_close, fd_renumber, fd_fdstat_set_rights, fd_prestat_get,
 * fd_prestat_dir_name). The numbering
 * (stdio, preopens, listening sockets, then the guest's own) is described in
 * wasi.c.
 *
 * Threads (wasi-threads guests, embedders calling WASI from several threads):
 * every field of a table is read and written under its fd_lock, and nothing
 * blocking runs under it. A call copies what it needs out of an entry under
 * the lock (struct fdref) and does its I/O after releasing it; the host
 * descriptor is borrowed meanwhile (struct wfile counts the table entry and
 * the borrows), so fd_close or fd_renumber on another thread drops the entry
 * at once but the host descriptor is closed only when the last call using it
 * returns: a racing read never uses a closed or reused host descriptor number
 * (which, in an embedding host, could belong to the host). As with POSIX,
 * such a read is not woken up by the close. The borrows of a thread are
 * listed in thread-local storage and given back by the host adapter at the
 * end of each WASI call (wasmc_fd_release_borrowed). fd_readdir's directory
 * stream belongs to the host file and has a lock of its own (struct wfile),
 * so a directory read never holds the table.
 */
#include "wasi_internal.h"

#include <sys/socket.h>

uint8_t wasmc_filetype_of_mode(mode_t m) {
    if (S_ISREG(m)) return FT_REGULAR_FILE;
    if (S_ISDIR(m)) return FT_DIRECTORY;
    if (S_ISLNK(m)) return FT_SYMBOLIC_LINK;
    if (S_ISCHR(m)) return FT_CHARACTER_DEVICE;
    if (S_ISBLK(m)) return FT_BLOCK_DEVICE;
    if (S_ISSOCK(m)) return FT_SOCKET_STREAM;
    return FT_UNKNOWN; /* FIFOs and anything else */
}

/* File type of an open host descriptor (sockets told apart with SO_TYPE). */
uint8_t wasmc_filetype_of_fd(int fd, const struct stat *st) {
    if (S_ISSOCK(st->st_mode)) {
        int t = 0;
        socklen_t len = sizeof t;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &len) == 0 && t == SOCK_DGRAM)
            return FT_SOCKET_DGRAM;
        return FT_SOCKET_STREAM;
    }
    return wasmc_filetype_of_mode(st->st_mode);
}

/* The rights a descriptor of this type may have at most. */
uint64_t wasmc_rights_for(int fd, uint8_t type) {
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

/* ---- descriptor table ------------------------------------------------------ */

/* Drop one reference to a host descriptor; the last one closes it. Called
 * with fd_lock held (close() on a descriptor does not block for long: no
 * lingering sockets are set up here). */
static void file_unref(struct wfile *f) {
    if (--f->refs) return;
    wasmc_wdir_free(f->dir); /* no borrow left: nobody holds dir_mu */
    pthread_mutex_destroy(&f->dir_mu);
    if (f->own) close(f->host);
    free(f);
}

/* Release the host side of an entry and mark it free. Called with fd_lock held. */
static void entry_clear(struct wfd *e) {
    if (e->file) file_unref(e->file);
    free(e->preopen);
    memset(e, 0, sizeof *e);
}

/* Install a host descriptor at the lowest free guest fd >= min of context c.
 * Returns the guest fd, or -1 when the table is full. Called with c's lock held. */
static int64_t entry_alloc(struct wasmc_wasi_ctx *c, uint32_t min, int host, bool own,
                           uint8_t type, uint64_t base, uint64_t inh) {
    uint32_t i = min;
    while (i < c->fds_cap && c->fds[i].file) i++;
    if (i >= c->fds_cap) {
        if (i >= WASMC_WASI_MAX_FDS) return -1;
        uint32_t ncap = c->fds_cap ? c->fds_cap * 2 : 16;
        while (ncap <= i) ncap *= 2;
        if (ncap > WASMC_WASI_MAX_FDS) ncap = WASMC_WASI_MAX_FDS;
        c->fds = wasmc_xrealloc(c->fds, ncap, sizeof *c->fds);
        memset(&c->fds[c->fds_cap], 0, (ncap - c->fds_cap) * sizeof *c->fds);
        c->fds_cap = ncap;
    }
    struct wfd *e = &c->fds[i];
    memset(e, 0, sizeof *e);
    e->file = wasmc_xcalloc(1, sizeof *e->file);
    e->file->host = host;
    e->file->own = own;
    e->file->refs = 1;
    if (pthread_mutex_init(&e->file->dir_mu, NULL) != 0) wasmc_fatal("pthread_mutex_init failed");
    e->type = type;
    e->base = base;
    e->inh = inh;
    return i;
}

/* The host descriptors the calling thread borrowed during the current WASI
 * call: a few inline, more (poll_oneoff's subscriptions) on the heap, freed
 * again at the end of the call so that a thread leaves nothing behind. */
#define BORROW_INLINE 8
static _Thread_local struct wfile *borrow_inline[BORROW_INLINE];
static _Thread_local struct wfile **borrowed;
static _Thread_local uint32_t n_borrowed, borrow_cap;

/* Record a borrow of `f` (its count already raised). Called with fd_lock held. */
static void borrow(struct wfile *f) {
    if (!borrowed) {
        borrowed = borrow_inline;
        borrow_cap = BORROW_INLINE;
    }
    if (n_borrowed == borrow_cap) {
        uint32_t ncap = borrow_cap * 2;
        struct wfile **nb = wasmc_xcalloc(ncap, sizeof *nb);
        memcpy(nb, borrowed, n_borrowed * sizeof *nb);
        if (borrowed != borrow_inline) free(borrowed);
        borrowed = nb;
        borrow_cap = ncap;
    }
    borrowed[n_borrowed++] = f;
}

void wasmc_fd_release_borrowed(void) {
    if (!n_borrowed) return;
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    pthread_mutex_lock(&c->fd_lock);
    for (uint32_t i = 0; i < n_borrowed; i++) file_unref(borrowed[i]);
    pthread_mutex_unlock(&c->fd_lock);
    n_borrowed = 0;
    if (borrowed != borrow_inline) {
        free(borrowed);
        borrowed = borrow_inline;
        borrow_cap = BORROW_INLINE;
    }
}

/* Look up guest fd `fd` needing rights `need`. */
uint32_t wasmc_fd_get(uint32_t fd, uint64_t need, struct fdref *out) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file) {
        err = WE_BADF;
    } else if (c->fds[fd].type == FT_DIRECTORY && (need & ~RIGHTS_DIR)) {
        err = WE_BADF; /* a file operation (read, write, seek...) on a directory, as Wasmtime */
    } else if ((c->fds[fd].base & need) != need) {
        err = WE_NOTCAPABLE;
    } else {
        struct wfile *f = c->fds[fd].file;
        f->refs++;
        borrow(f);
        out->host = f->host;
        out->type = c->fds[fd].type;
        out->base = c->fds[fd].base;
        out->inh = c->fds[fd].inh;
    }
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

uint32_t wasmc_fd_get_readdir(uint32_t fd, struct wfile **out) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file) {
        err = WE_BADF;
    } else if (c->fds[fd].type != FT_DIRECTORY) {
        err = WE_NOTDIR;
    } else if (!(c->fds[fd].base & R_FD_READDIR)) {
        err = WE_NOTCAPABLE;
    } else {
        struct wfile *f = c->fds[fd].file;
        f->refs++;
        borrow(f);
        *out = f;
    }
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

/* Look up a directory fd for a path operation needing `need`. */
uint32_t wasmc_fd_dir_get(uint32_t fd, uint64_t need, struct fdref *out) {
    uint32_t err = wasmc_fd_get(fd, 0, out);
    if (err) return err;
    if (out->type != FT_DIRECTORY) return WE_NOTDIR;
    if ((out->base & need) != need) return WE_NOTCAPABLE;
    return WE_SUCCESS;
}

/* Give the guest a new fd for host descriptor `host` (closed on failure). */
uint32_t wasmc_fd_install(int host, uint8_t type, uint64_t base, uint64_t inh, uint32_t *out) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    pthread_mutex_lock(&c->fd_lock);
    int64_t fd = entry_alloc(c, 0, host, true, type, base, inh);
    pthread_mutex_unlock(&c->fd_lock);
    if (fd < 0) {
        close(host);
        return WE_NFILE;
    }
    *out = (uint32_t)fd;
    return WE_SUCCESS;
}

/* Install a host descriptor at set-up (see wasi_internal.h). */
int64_t wasmc_fd_add(struct wasmc_wasi_ctx *c, uint32_t min, int host, bool own, uint8_t type,
                     uint64_t base, uint64_t inh, const char *preopen) {
    pthread_mutex_lock(&c->fd_lock);
    int64_t i = entry_alloc(c, min, host, own, type, base, inh);
    if (i >= 0 && preopen) c->fds[i].preopen = wasmc_xstrdup(preopen);
    pthread_mutex_unlock(&c->fd_lock);
    return i;
}

struct wfd *wasmc_fd_lock_entry(uint32_t fd) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    pthread_mutex_lock(&c->fd_lock);
    return fd < c->fds_cap && c->fds[fd].file ? &c->fds[fd] : NULL;
}

void wasmc_fd_unlock(void) { pthread_mutex_unlock(&wasmc_wasi_cur->fd_lock); }

/* ---- the calls on the table ------------------------------------------------ */

uint32_t wasmc_wasi_fd_close(struct wasmc_vmctx *vm, uint32_t fd) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file) err = WE_BADF;
    else entry_clear(&c->fds[fd]);
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

uint32_t wasmc_wasi_fd_renumber(struct wasmc_vmctx *vm, uint32_t from, uint32_t to) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (from >= c->fds_cap || !c->fds[from].file || to >= c->fds_cap || !c->fds[to].file) {
        err = WE_BADF;
    } else if (from != to) {
        entry_clear(&c->fds[to]);
        c->fds[to] = c->fds[from];
        memset(&c->fds[from], 0, sizeof c->fds[from]);
    }
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

uint32_t wasmc_wasi_fd_fdstat_set_rights(struct wasmc_vmctx *vm, uint32_t fd, uint64_t base,
                                         uint64_t inh) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    (void)vm;
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file) {
        err = WE_BADF;
    } else if ((base & ~c->fds[fd].base) || (inh & ~c->fds[fd].inh)) {
        err = WE_NOTCAPABLE; /* rights can only be dropped */
    } else {
        c->fds[fd].base = base;
        c->fds[fd].inh = inh;
    }
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

uint32_t wasmc_wasi_fd_prestat_get(struct wasmc_vmctx *vm, uint32_t fd, uint32_t out) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    GUEST(p, out, PRESTAT_SIZE);
    uint32_t err = WE_SUCCESS;
    size_t len = 0;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file || !c->fds[fd].preopen) err = WE_BADF;
    else len = strlen(c->fds[fd].preopen);
    pthread_mutex_unlock(&c->fd_lock);
    if (err) return err;
    memset(p, 0, PRESTAT_SIZE);
    p[0] = 0; /* preopentype dir */
    wasmc_st32(p + 4, (uint32_t)len);
    return WE_SUCCESS;
}

uint32_t wasmc_wasi_fd_prestat_dir_name(struct wasmc_vmctx *vm, uint32_t fd, uint32_t buf,
                                        uint32_t buf_len) {
    struct wasmc_wasi_ctx *c = wasmc_wasi_cur;
    GUEST(p, buf, buf_len);
    uint32_t err = WE_SUCCESS;
    pthread_mutex_lock(&c->fd_lock);
    if (fd >= c->fds_cap || !c->fds[fd].file || !c->fds[fd].preopen) {
        err = WE_BADF;
    } else {
        size_t len = strlen(c->fds[fd].preopen);
        if (len > buf_len) err = WE_NAMETOOLONG;
        else memcpy(p, c->fds[fd].preopen, len);
    }
    pthread_mutex_unlock(&c->fd_lock);
    return err;
}

/* ---- teardown ------------------------------------------------------------------ */

/* No WASI call of the context may be running (its linker is being freed). */
void wasmc_fd_table_free(struct wasmc_wasi_ctx *c) {
    pthread_mutex_lock(&c->fd_lock);
    for (uint32_t i = 0; i < c->fds_cap; i++)
        if (c->fds[i].file) entry_clear(&c->fds[i]);
    free(c->fds);
    c->fds = NULL;
    c->fds_cap = 0;
    pthread_mutex_unlock(&c->fd_lock);
}
