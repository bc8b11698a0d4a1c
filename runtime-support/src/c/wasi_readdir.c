/* wasi_readdir.c: fd_readdir, and the directory stream it keeps with a
 * directory descriptor's host file (struct wdir in struct wfile) between
 * calls. The stream has its own lock (wfile.dir_mu): readdir may block on
 * a slow file system, and the descriptor table stays free meanwhile; two
 * threads reading one directory fd take turns, as they share its position.
 */
#include "wasi_internal.h"

#include <dirent.h>

struct wdir {
    DIR *d;
    uint64_t pos;               /* cookie of the entry delivered next */
    bool pending;               /* an entry read from `d` but not yet delivered whole */
    uint64_t pend_ino;
    uint8_t pend_type;
    uint32_t pend_len;
    char pend_name[sizeof(((struct dirent *)0)->d_name) + 1];
};

void wasmc_wdir_free(struct wdir *w) {
    if (!w) return;
    closedir(w->d);
    free(w);
}

static int close_keep_errno(int fd) {
    int e = errno;
    int r = close(fd);
    errno = e;
    return r;
}

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
            return wasmc_filetype_of_mode(st.st_mode);
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
uint32_t wasmc_wasi_fd_readdir(struct wasmc_vmctx *vm, uint32_t fd, uint32_t buf, uint32_t buf_len,
                               uint64_t cookie, uint32_t used_ptr) {
    GUEST(bp, buf, buf_len);
    GUEST(up, used_ptr, 4);
    uint32_t err = WE_SUCCESS;
    size_t used = 0;
    struct wfile *f = NULL;
    err = wasmc_fd_get_readdir(fd, &f); /* borrowed until the call returns */
    if (err) return err;
    pthread_mutex_lock(&f->dir_mu);
    if (!f->dir) {
        /* A descriptor of our own: its offset is independent of the guest's fd. */
        int dfd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        if (!d) {
            err = wasmc_werr(errno);
            if (dfd >= 0) close_keep_errno(dfd);
        } else {
            f->dir = wasmc_xcalloc(1, sizeof *f->dir);
            f->dir->d = d;
        }
    }
    struct wdir *w = err ? NULL : f->dir;
    if (w && cookie != w->pos) {
        rewinddir(w->d);
        w->pos = 0;
        w->pending = false;
        while (w->pos < cookie) {
            errno = 0;
            struct dirent *de = readdir(w->d);
            if (!de) {
                if (errno) err = wasmc_werr(errno);
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
                if (errno) err = wasmc_werr(errno);
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
    pthread_mutex_unlock(&f->dir_mu);
    if (err) return err;
    wasmc_st32(up, (uint32_t)used);
    return WE_SUCCESS;
}
