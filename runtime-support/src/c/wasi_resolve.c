/* wasi_resolve.c: the WASI path resolver, the sandbox boundary.
 *
 * This file decides whether a guest path stays inside the directory it is
 * relative to; it can be reviewed alone (with its interface, wasi_resolve.h,
 * and the constants of wasi_internal.h). The path_* calls (wasi_path.c) reach
 * the file system only through it.
 *
 * Threat model. The guest is untrusted: it chooses every path (bytes, length,
 * "..", ".", repeated or trailing '/'), can create symlinks and directories
 * inside its sandbox, and can rename them while a resolution runs (so can any
 * other process on the host). What it was given is a set of directory
 * descriptors (the preopens and directories opened beneath them); what must
 * hold is that no guest path reaches a file outside the directory it is
 * resolved against, through any combination of "..", absolute paths,
 * symlinks (absolute, relative and climbing out, chains of them, symlinks
 * swapped in during a resolution), directories moved out of the sandbox
 * meanwhile, or /proc magic links. Out of scope: what the host put inside a
 * preopen itself (hard links to outside files, mount points), and the rights
 * check, which the callers make on the directory fd (wasi_fdtable.c).
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
 * Invariants (what to check when changing this file):
 *   1. Every resolution starts at the root fd it was given; a path starting
 *      with '/' is ERRNO_NOTCAPABLE, never "relative to the host's root".
 *   2. openat2 is always called with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS
 *      and its EXDEV (an escape) becomes ERRNO_NOTCAPABLE; any other failure
 *      than ENOSYS/EAGAIN is returned as is, never retried by the walk.
 *   3. The walk never lets the kernel resolve more than one component: each
 *      openat() gets a single name (no '/') and O_NOFOLLOW, in a directory fd
 *      the walk itself opened (or the root).
 *   4. ".." pops the walk's own stack of directory fds; ".." at depth 0 is
 *      ERRNO_NOTCAPABLE. The kernel's ".." is never used.
 *   5. Symlinks are read (readlinkat) and spliced into the path text by the
 *      resolver; an absolute target is ERRNO_NOTCAPABLE; more than
 *      WASI_SYMLOOP_MAX in one resolution (directory part and final
 *      component together) is ERRNO_LOOP; an expansion beyond WASI_WALK_MAX
 *      bytes is ERRNO_NAMETOOLONG.
 *   6. A resolution hands back (directory fd beneath root, one component); the
 *      caller's *at() call on it must not follow a symlink (wasi_resolve.h).
 *   7. Every fd the resolver opens is closed on every path, except the one it
 *      returns with own = true (closed by wasmc_rp_release).
 */
#include "wasi_resolve.h"

/* The resolver's own host switches: O_PATH and openat2 are Linux's, and
 * WASMC_PORTABLE (no HAVE_LINUX_CALLS) or WASMC_NO_OPENAT2 turn them off (see
 * "Compile-time switches" in wasi.c). */
#if defined(O_PATH) && defined(HAVE_LINUX_CALLS)
#define O_DIRSEARCH O_PATH         /* enough to walk through and use as a dirfd */
#else
#define O_DIRSEARCH O_RDONLY
#endif

#if defined(HAVE_LINUX_CALLS) && defined(SYS_openat2) && !defined(WASMC_NO_OPENAT2)
#define HAVE_OPENAT2 1
#endif

#define WASI_WALK_MAX 65536        /* bytes of a path after symlink expansion */
#define WASI_SYMLOOP_MAX 40        /* symlinks followed in one resolution */

#ifdef HAVE_OPENAT2
/* Chosen by wasmc_resolver_init, which runs again for each new WASI context
 * (an embedder's wasmc_linker_define_wasi_config) while other threads may
 * resolve paths: atomic. */
static _Atomic bool use_openat2;
#endif

/* ---- the guest's path ---------------------------------------------------- */

/* Copy a guest path into `out` (WASI_PATH_MAX bytes) as a C string. */
uint32_t wasmc_guest_path(struct wasmc_vmctx *vm, uint32_t ptr, uint32_t len, char *out) {
    if (len >= WASI_PATH_MAX) return WE_NAMETOOLONG;
    GUEST(p, ptr, len);
    if (len == 0) return WE_NOENT;
    if (memchr(p, 0, len)) return WE_INVAL;
    memcpy(out, p, len);
    out[len] = 0;
    return WE_SUCCESS;
}

/* ---- openat2 ---------------------------------------------------------------- */

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

/* ---- the component walk (fallback) -------------------------------------------- */

/* Fallback resolution of directory `path` beneath `root`, following every
 * symlink inside the sandbox. *out is the directory (*own: it must be closed).
 * *links counts the symlinks followed so far in the whole resolution (the
 * final components wasmc_resolve_at follows included), so that the limit is the
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
        if (e != ENOTDIR && e != ELOOP) { err = wasmc_werr(e); break; }
        if (!lbuf) lbuf = wasmc_xcalloc(WASI_PATH_MAX, 1);
        ssize_t n = readlinkat(stk[depth], name, lbuf, WASI_PATH_MAX);
        if (n < 0) { err = wasmc_werr(e); break; }          /* not a symlink: the open's error */
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
        if (errno != ENOSYS && errno != EAGAIN) return wasmc_werr(errno);
        /* (ENOSYS after a successful probe, or EAGAIN again and again): walk. */
    }
#endif
    return walk_dir(root, path, out, own, links);
}

/* ---- resolving to (directory, final component) -------------------------------- */

void wasmc_rp_release(struct rpath *rp) {
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

uint32_t wasmc_resolve_parent(int root, const char *path, struct rpath *rp) {
    uint32_t links = 0;
    return resolve_parent_n(root, path, rp, &links);
}

/* Resolve `path` beneath `root` to a directory and final component. With
 * `follow` (or a trailing '/', which POSIX makes follow), a symlink in the final
 * position is followed inside the sandbox until the final component is not a
 * symlink (or does not exist). Callers then act with *at(..., NOFOLLOW). */
uint32_t wasmc_resolve_at(int root, const char *path, bool follow, struct rpath *rp) {
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
            wasmc_rp_release(rp);
            break;
        }
        finals++;
        /* dir part + target (+ "/"), resolved again from the root. */
        size_t nl = rp->dirlen + (size_t)n + (rp->slash ? 1 : 0);
        char *np = wasmc_xcalloc(nl + 1, 1);
        memcpy(np, p, rp->dirlen);
        memcpy(np + rp->dirlen, lbuf, (size_t)n);
        if (rp->slash) np[nl - 1] = '/';
        wasmc_rp_release(rp);
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
uint32_t wasmc_open_beneath(int root, const char *path, int flags, mode_t mode, bool follow,
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
        if (errno != ENOSYS && errno != EAGAIN) return wasmc_werr(errno);
        /* (ENOSYS after a successful probe, or EAGAIN again and again): walk. */
    }
#endif
    /* O_CREAT|O_EXCL never follows a final symlink (POSIX). */
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) follow = false;
    struct rpath rp;
    uint32_t err = wasmc_resolve_at(root, path, follow, &rp);
    if (err) return err;
    if (rp.slash) {
        if (flags & O_CREAT) {
            wasmc_rp_release(&rp);
            return WE_ISDIR;
        }
        flags |= O_DIRECTORY;
    }
    int fd;
    do fd = openat(rp.dirfd, rp.name, flags | O_NOFOLLOW, mode);
    while (fd < 0 && errno == EINTR);
    err = fd < 0 ? wasmc_werr(errno) : WE_SUCCESS;
    wasmc_rp_release(&rp);
    if (!err) *out = fd;
    return err;
}

/* ---- choosing the resolver ---------------------------------------------------- */

const char *wasmc_resolver_init(bool force_fallback) {
    const char *resolver = "fallback (built without openat2: WASMC_NO_OPENAT2, WASMC_PORTABLE or not Linux)";
#ifdef HAVE_OPENAT2
    bool use = !force_fallback;
    resolver = use ? "openat2" : "fallback (WASMC_FORCE_NO_OPENAT2=1)";
    if (use) {
        /* Probe: missing (ENOSYS), or refused by a seccomp filter (EPERM)... */
        int fd = openat2_beneath(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd >= 0) close(fd);
        else if (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG) {
            use = false;
            resolver = "fallback (openat2 unavailable)";
        }
    }
    use_openat2 = use;
#else
    (void)force_fallback;
#endif
    return resolver;
}
