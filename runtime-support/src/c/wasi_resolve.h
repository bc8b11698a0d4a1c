/* wasi_resolve.h: the interface of the WASI path resolver (wasi_resolve.c), the
 * sandbox boundary. Everything the path_* calls know about resolving a guest
 * path is here; the threat model and the invariants are in wasi_resolve.c.
 *
 * Use: copy the guest's path in with wasmc_guest_path, then either open it
 * with wasmc_open_beneath, or resolve it to (directory fd, final component)
 * with wasmc_resolve_parent / wasmc_resolve_at and act on that component with
 * a single *at() call that never follows a symlink (AT_SYMLINK_NOFOLLOW,
 * O_NOFOLLOW, or calls that never follow a final symlink: mkdirat, unlinkat,
 * renameat, symlinkat, linkat without AT_SYMLINK_FOLLOW), then
 * wasmc_rp_release. `root` is always the host descriptor of a directory the
 * guest holds (a preopen or a directory it opened beneath one).
 */
#ifndef WASMC_WASI_RESOLVE_H
#define WASMC_WASI_RESOLVE_H

#include "wasi_internal.h"

/* A resolved path: a directory and one final component in it. */
struct rpath {
    int dirfd;
    bool own;                   /* dirfd must be closed (wasmc_rp_release) */
    bool slash;                 /* the path ended in '/' */
    size_t dirlen;              /* length of the directory part of the path resolved */
    char name[NAME_MAX + 2];    /* final component, no '/'; "." when the path named a
                                 * directory through "." or ".." */
    char raw[NAME_MAX + 2];     /* name + "/" when slash: for the *at() calls that never
                                 * follow a final symlink (mkdir, unlink, rename...) */
};

/* Choose the resolver, at the creation of each WASI context (wasmc_wasi_ctx_new;
 * process-wide, from the same variable each time): openat2 where it was
 * built in and works, unless `force_fallback` (WASMC_FORCE_NO_OPENAT2=1); else
 * the component walk. Returns a description for WASMC_WASI_DEBUG. */
const char *wasmc_resolver_init(bool force_fallback);

/* Copy a guest path into `out` (WASI_PATH_MAX bytes) as a C string: ERRNO_FAULT
 * outside guest memory, ERRNO_NAMETOOLONG, ERRNO_NOENT when empty, ERRNO_INVAL
 * when it contains a NUL byte (which would cut the path short). */
uint32_t wasmc_guest_path(struct wasmc_vmctx *vm, uint32_t ptr, uint32_t len, char *out);

/* Open `path` beneath `root` with host open flags `flags` (without O_NOFOLLOW:
 * `follow` decides for the final component). The new descriptor is
 * close-on-exec. */
uint32_t wasmc_open_beneath(int root, const char *path, int flags, mode_t mode, bool follow,
                            int *out);

/* Resolve all but the final component of `path` beneath `root`. The final
 * component is not looked at: a symlink there is not followed. */
uint32_t wasmc_resolve_parent(int root, const char *path, struct rpath *rp);

/* Resolve `path` beneath `root` to a directory and final component. With
 * `follow` (or a trailing '/', which POSIX makes follow), a symlink in the final
 * position is followed inside the sandbox until the final component is not a
 * symlink (or does not exist). Callers then act with *at(..., NOFOLLOW). */
uint32_t wasmc_resolve_at(int root, const char *path, bool follow, struct rpath *rp);

/* Close rp->dirfd if it is the resolver's (after a successful resolution). */
void wasmc_rp_release(struct rpath *rp);

#endif /* WASMC_WASI_RESOLVE_H */
