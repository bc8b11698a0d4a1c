/* wasi_common.h: helpers shared by the WASI test programs tests/c/wasi_*.c.
 *
 * The programs run natively and as wasm and their outputs are compared, so
 * they never print numbers that legitimately differ (errno values, inode
 * numbers, addresses): errors are printed by NAME (both libcs define the
 * same macros), everything else as facts ("yes"/"no", sizes, contents). */
#ifndef WASI_TEST_COMMON_H
#define WASI_TEST_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ename(int e) {
    switch (e) {
    case 0: return "OK";
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(EINTR) E(EIO) E(E2BIG) E(EBADF) E(EAGAIN) E(ENOMEM) E(EACCES)
    E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE)
    E(EMFILE) E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE)
    E(ERANGE) E(ENAMETOOLONG) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENOTSUP) E(ENOTSOCK)
    E(ENOTCONN) E(ECONNRESET) E(ECONNABORTED) E(EOVERFLOW) E(ENXIO) E(ETXTBSY)
#ifdef ENOTCAPABLE
    E(ENOTCAPABLE)
#endif
#undef E
    default: return "E?";
    }
}

/* "label: OK" when r >= 0, else "label: ENAME" (errno). Returns r. */
static long report(const char *label, long r) {
    printf("%s: %s\n", label, r >= 0 ? "OK" : ename(errno));
    return r;
}

/* root + "/" + rel, in a static ring of buffers (a few live at once). */
static const char *root_dir;
static const char *P(const char *rel) {
    static char bufs[8][1024];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", root_dir, rel);
    return b;
}

static void set_root(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s ROOT\n", argv[0]);
        exit(2);
    }
    root_dir = argv[1];
}

#endif
