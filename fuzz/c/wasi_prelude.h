/* The fixed part of the WASI file-I/O programs that wasmc-fuzz generates
 * (fuzz/src/wasi_gen.rs appends the scenarios and main). Each helper makes
 * one call and prints its result on one line; errors are printed as errno
 * NAMES (wasi-libc's errno values differ from Linux's). Descriptors are
 * kept in numbered slots and printed by slot, never by number (a WASI
 * program's first free descriptor is not 3: the preopen has it). Nothing
 * printed depends on times, inodes or the host path of the tree.
 *
 * Compiled twice from the same source: natively with clang -O2, and for
 * wasm32-wasi; both runs start in a copy of the same tree (the current
 * directory natively, the `.` preopen in wasm). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NSLOT 6
static int fds[NSLOT] = {-1, -1, -1, -1, -1, -1};
/* What each slot holds, printed after the slot as "(dir)" or "(ro)": the
 * harness's normalisation (wasi_exe::normalise) keys on it. */
static const char *tags[NSLOT];
static unsigned char buf[4096];

static const char *errname(int e) {
    static char other[32];
    /* An if-chain, not a switch: some names share a value on one libc
     * (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP) and not on the other. */
#define E(n) if (e == n) return #n;
    E(ENOENT) E(EEXIST) E(ENOTDIR) E(EISDIR) E(EBADF) E(EINVAL) E(ENOTEMPTY)
    E(ELOOP) E(EACCES) E(EPERM) E(ENAMETOOLONG) E(EXDEV) E(ESPIPE) E(EFBIG)
    E(EBUSY) E(EMFILE) E(ENOSPC) E(EROFS) E(EOVERFLOW) E(ENXIO) E(ENOTSUP)
    E(EAGAIN) E(EIO) E(ENOSYS) E(EFAULT)
#ifdef ENOTCAPABLE
    E(ENOTCAPABLE)
#endif
#undef E
    snprintf(other, sizeof other, "errno%d", e);
    return other;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv(const unsigned char *p, size_t n, uint64_t h) {
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

/* Deterministic content: byte i of a chunk made with `seed`. */
static void fill(size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)(seed * 31u + i * 7u + (i >> 5));
}

static void res(const char *what, long r) {
    if (r < 0) printf("%s -> %s\n", what, errname(errno));
    else printf("%s -> %ld\n", what, r);
}

static const char *kind(mode_t m) {
    if (S_ISREG(m)) return "file";
    if (S_ISDIR(m)) return "dir";
    if (S_ISLNK(m)) return "symlink";
    return "other";
}

static void print_stat(const char *what, int r, const struct stat *st) {
    if (r < 0) {
        printf("%s -> %s\n", what, errname(errno));
        return;
    }
    /* Directory sizes are file-system bookkeeping: not printed. */
    if (S_ISDIR(st->st_mode))
        printf("%s -> dir nlink=%lu\n", what, (unsigned long)st->st_nlink);
    else
        printf("%s -> %s size=%lld nlink=%lu\n", what, kind(st->st_mode),
               (long long)st->st_size, (unsigned long)st->st_nlink);
}

static void op_open(int s, const char *path, int flags, const char *fstr) {
    char what[256];
    if (fds[s] >= 0) close(fds[s]);
    fds[s] = open(path, flags, 0644);
    int e = errno;
    struct stat st;
    tags[s] = "";
    if (fds[s] >= 0 && fstat(fds[s], &st) == 0 && S_ISDIR(st.st_mode)) tags[s] = "(dir)";
    else if (fds[s] >= 0 && (flags & O_ACCMODE) == O_RDONLY) tags[s] = "(ro)";
    errno = e;
    snprintf(what, sizeof what, "open %s %s [s%d]", path, fstr, s);
    res(what, fds[s] < 0 ? -1 : 0);
}

#define NEED_SLOT(s, name) \
    if (fds[s] < 0) { printf(name " s%d: empty slot\n", s); return; }

static void op_close(int s) {
    NEED_SLOT(s, "close");
    int r = close(fds[s]);
    fds[s] = -1;
    printf("close s%d -> %s\n", s, r < 0 ? errname(errno) : "0");
}

static void op_write(int s, size_t n, unsigned seed) {
    char what[64];
    NEED_SLOT(s, "write");
    fill(n, seed);
    snprintf(what, sizeof what, "write s%d%s %zu", s, tags[s], n);
    res(what, (long)write(fds[s], buf, n));
}

static void op_pwrite(int s, size_t n, long off, unsigned seed) {
    char what[64];
    NEED_SLOT(s, "pwrite");
    fill(n, seed);
    snprintf(what, sizeof what, "pwrite s%d%s %zu @%ld", s, tags[s], n, off);
    res(what, (long)pwrite(fds[s], buf, n, (off_t)off));
}

static void print_read(const char *what, ssize_t r) {
    if (r < 0) printf("%s -> %s\n", what, errname(errno));
    else
        printf("%s -> %ld fnv=%016llx\n", what, (long)r,
               (unsigned long long)fnv(buf, (size_t)r, 0xcbf29ce484222325ULL));
}

static void op_read(int s, size_t n) {
    char what[64];
    NEED_SLOT(s, "read");
    snprintf(what, sizeof what, "read s%d%s %zu", s, tags[s], n);
    print_read(what, read(fds[s], buf, n));
}

static void op_pread(int s, size_t n, long off) {
    char what[64];
    NEED_SLOT(s, "pread");
    snprintf(what, sizeof what, "pread s%d%s %zu @%ld", s, tags[s], n, off);
    print_read(what, pread(fds[s], buf, n, (off_t)off));
}

static void op_lseek(int s, long off, int whence, const char *wstr) {
    char what[64];
    NEED_SLOT(s, "lseek");
    snprintf(what, sizeof what, "lseek s%d%s %ld %s", s, tags[s], off, wstr);
    res(what, (long)lseek(fds[s], (off_t)off, whence));
}

static void op_ftruncate(int s, long len) {
    char what[64];
    NEED_SLOT(s, "ftruncate");
    snprintf(what, sizeof what, "ftruncate s%d%s %ld", s, tags[s], len);
    res(what, ftruncate(fds[s], (off_t)len));
}

static void op_fsync(int s) {
    char what[64];
    NEED_SLOT(s, "fsync");
    snprintf(what, sizeof what, "fsync s%d%s", s, tags[s]);
    res(what, fsync(fds[s]));
}

static void op_fdatasync(int s) {
    char what[64];
    NEED_SLOT(s, "fdatasync");
    snprintf(what, sizeof what, "fdatasync s%d%s", s, tags[s]);
    res(what, fdatasync(fds[s]));
}

/* posix_fallocate returns the error number instead of setting errno. */
static void op_fallocate(int s, long off, long len) {
    NEED_SLOT(s, "fallocate");
    int r = posix_fallocate(fds[s], (off_t)off, (off_t)len);
    printf("fallocate s%d%s %ld %ld -> %s\n", s, tags[s], off, len, r ? errname(r) : "0");
}

static void op_truncate(const char *path, long len) {
    char what[256];
    snprintf(what, sizeof what, "truncate %s %ld", path, len);
    res(what, truncate(path, (off_t)len));
}

static void op_fstat(int s) {
    char what[64];
    struct stat st;
    NEED_SLOT(s, "fstat");
    snprintf(what, sizeof what, "fstat s%d%s", s, tags[s]);
    int r = fstat(fds[s], &st);
    print_stat(what, r, &st);
}

static void op_stat(const char *path, int follow) {
    char what[256];
    struct stat st;
    snprintf(what, sizeof what, "%s %s", follow ? "stat" : "lstat", path);
    int r = follow ? stat(path, &st) : lstat(path, &st);
    print_stat(what, r, &st);
}

static void op_path2(const char *name, int r, const char *a, const char *b) {
    if (b) printf("%s %s %s -> %s\n", name, a, b, r < 0 ? errname(errno) : "0");
    else printf("%s %s -> %s\n", name, a, r < 0 ? errname(errno) : "0");
}

static void op_rename(const char *a, const char *b) { op_path2("rename", rename(a, b), a, b); }
static void op_unlink(const char *a) { op_path2("unlink", unlink(a), a, NULL); }
static void op_mkdir(const char *a) { op_path2("mkdir", mkdir(a, 0755), a, NULL); }
static void op_rmdir(const char *a) { op_path2("rmdir", rmdir(a), a, NULL); }
static void op_symlink(const char *t, const char *a) { op_path2("symlink", symlink(t, a), t, a); }
static void op_link(const char *a, const char *b) { op_path2("link", link(a, b), a, b); }

static void op_readlink(const char *path) {
    char target[256];
    ssize_t r = readlink(path, target, sizeof target - 1);
    if (r < 0) {
        printf("readlink %s -> %s\n", path, errname(errno));
        return;
    }
    target[r] = 0;
    printf("readlink %s -> %s\n", path, target);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of directory `path`, sorted (readdir's order is the file
 * system's); at most 64. Returns how many, or -1 with errno. */
static int list(const char *path, char names[64][64]) {
    DIR *d = opendir(path);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        snprintf(names[n], 64, "%s", e->d_name);
        n++;
    }
    closedir(d);
    char *ptrs[64];
    for (int i = 0; i < n; i++) ptrs[i] = names[i];
    qsort(ptrs, (size_t)n, sizeof ptrs[0], cmp_names);
    char sorted[64][64];
    for (int i = 0; i < n; i++) memcpy(sorted[i], ptrs[i], 64);
    memcpy(names, sorted, sizeof sorted);
    return n;
}

static void op_listdir(const char *path) {
    static char names[64][64];
    int n = list(path, names);
    if (n < 0) {
        printf("readdir %s -> %s\n", path, errname(errno));
        return;
    }
    printf("readdir %s ->", path);
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");
}

/* The final tree: every entry under `dir`, depth first, sorted. */
static void dump(const char *dir, int depth) {
    char names[64][64];
    int n = list(dir, names);
    if (n < 0) {
        printf("dump %s -> %s\n", dir, errname(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!strcmp(names[i], ".") || !strcmp(names[i], "..")) continue;
        char p[512];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (lstat(p, &st) < 0) {
            printf("  %s -> lstat %s\n", p, errname(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            printf("  %s/\n", p);
            if (depth < 8) dump(p, depth + 1);
        } else if (S_ISLNK(st.st_mode)) {
            char t[256];
            ssize_t r = readlink(p, t, sizeof t - 1);
            t[r < 0 ? 0 : r] = 0;
            printf("  %s -> %s\n", p, t);
        } else if (S_ISREG(st.st_mode)) {
            uint64_t h = 0xcbf29ce484222325ULL;
            long long size = 0;
            FILE *f = fopen(p, "rb");
            if (f) {
                size_t r;
                while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
                    h = fnv(buf, r, h);
                    size += (long long)r;
                }
                fclose(f);
            }
            printf("  %s %lld fnv=%016llx (st_size %lld)\n", p, size,
                   (unsigned long long)h, (long long)st.st_size);
        } else {
            printf("  %s other\n", p);
        }
    }
}

static void finish(void) {
    for (int s = 0; s < NSLOT; s++)
        if (fds[s] >= 0) close(fds[s]);
    printf("== tree\n");
    dump(".", 0);
}
