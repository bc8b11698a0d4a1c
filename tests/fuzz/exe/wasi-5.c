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

/* generated by wasmc-fuzz exe, seed 5, scenarios 10 */
static void scenario0(void) {
    op_open(2, "z/d", O_RDWR|O_APPEND, "O_RDWR|O_APPEND");
    op_open(1, "./x", O_RDWR|O_CREAT|O_APPEND, "O_RDWR|O_CREAT|O_APPEND");
    op_pread(1, 100, 3);
    op_open(2, "d", O_RDONLY|O_CREAT|O_EXCL, "O_RDONLY|O_CREAT|O_EXCL");
    op_rename("x/./d", "z/y");
    op_symlink("x/y/b", "x/x/d");
    op_lseek(0, -10, SEEK_CUR, "SEEK_CUR");
    op_readlink("./z/./x/x/../a");
    op_write(3, 513, 124);
    op_listdir("x/x/d");
    op_close(1);
    op_open(3, "./z/x/b", O_WRONLY, "O_WRONLY");
    op_open(3, "z/c", O_WRONLY|O_CREAT, "O_WRONLY|O_CREAT");
    op_pread(2, 100, 999);
    op_open(3, "x", O_WRONLY|O_CREAT|O_TRUNC, "O_WRONLY|O_CREAT|O_TRUNC");
    op_unlink("z/d");
    op_open(0, "x", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_rename("z/x/d", "x");
    op_open(1, "x/x/d", O_WRONLY|O_CREAT|O_TRUNC, "O_WRONLY|O_CREAT|O_TRUNC");
    op_stat("x/y/d/", 1);
    op_open(3, "z", O_WRONLY|O_CREAT|O_TRUNC|O_APPEND, "O_WRONLY|O_CREAT|O_TRUNC|O_APPEND");
    op_write(3, 4096, 22);
    op_fsync(2);
    op_stat("z/x/d", 1);
    op_pread(1, 7, 0);
    op_listdir(".");
    op_lseek(0, -10, SEEK_CUR, "SEEK_CUR");
    op_listdir(".");
    op_rename("x/x/d", "d");
    op_fstat(3);
    op_write(0, 100, 236);
    op_pwrite(3, 513, -1, 81);
    op_write(0, 0, 195);
    op_write(3, 513, 170);
    op_write(1, 4096, 135);
    op_stat("y/../z", 1);
    op_open(0, "y/y/c", O_RDONLY, "O_RDONLY");
    op_rename("./y/./x/c", "z/b");
    op_lseek(0, 0, SEEK_CUR, "SEEK_CUR");
    op_symlink("d", "d");
}
static void scenario1(void) {
    op_open(0, "x/z/z/../d", O_RDONLY, "O_RDONLY");
    op_open(0, "z/d", O_RDWR, "O_RDWR");
    op_rename("z/../z/x", "./z/x/b");
    op_open(0, "z/y", O_WRONLY|O_TRUNC, "O_WRONLY|O_TRUNC");
    op_lseek(0, 10000, SEEK_END, "SEEK_END");
    op_mkdir("c");
    op_open(3, "z/y", O_WRONLY|O_APPEND, "O_WRONLY|O_APPEND");
    op_open(2, "./z/x/b", O_RDONLY, "O_RDONLY");
    op_open(1, "y/./c", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_mkdir("y/c");
    op_write(1, 1, 6);
    op_rename("z/x", "y/../d");
    op_fstat(1);
    op_mkdir("z/./z/./a");
    op_open(1, "b", O_RDWR|O_TRUNC, "O_RDWR|O_TRUNC");
    op_lseek(1, 0, SEEK_CUR, "SEEK_CUR");
    op_write(1, 513, 53);
    op_pwrite(2, 513, -1, 22);
    op_listdir("y/../z/./z/./a");
    op_rmdir("z/x/d");
    op_unlink("./z/x");
    op_open(0, "a", O_RDWR|O_DIRECTORY, "O_RDWR|O_DIRECTORY");
    op_pread(0, 513, 999);
    op_rmdir("z/x/b");
    op_stat("y/x/a", 1);
    op_unlink("z/z");
    op_listdir("z/x");
    op_pwrite(0, 0, 6000, 197);
    op_listdir(".");
    op_unlink("z/x");
    op_unlink("y/../z/x/b");
    op_listdir(".");
    op_read(0, 0);
    op_open(0, "z/./z/./a", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_write(0, 100, 85);
    op_mkdir("z/x/b");
    op_open(0, "z/x/b", O_WRONLY|O_CREAT|O_APPEND, "O_WRONLY|O_CREAT|O_APPEND");
    op_open(3, "./y", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_listdir(".");
    op_rename("y", "z/x");
}
static void scenario2(void) {
    op_open(2, "x/../z/y", O_RDWR|O_CREAT|O_APPEND, "O_RDWR|O_CREAT|O_APPEND");
    op_open(3, "z/x/b", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_mkdir("d");
    op_open(1, "z/x", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_pread(1, 1, 6000);
    op_read(1, 4096);
    op_close(1);
    op_fsync(1);
    op_lseek(1, -10, SEEK_SET, "SEEK_SET");
    op_stat("z/../z/x/d", 0);
    op_open(1, "z/x", O_RDWR|O_CREAT|O_TRUNC, "O_RDWR|O_CREAT|O_TRUNC");
    op_listdir("./y");
    op_open(0, "./z/m", O_RDONLY, "O_RDONLY");
    op_write(0, 513, 58);
    op_mkdir("./z/x/d");
    op_mkdir("./z/y");
    op_write(0, 1, 211);
    op_lseek(0, 0, SEEK_END, "SEEK_END");
    op_rename("z/d", "z/x");
    op_pwrite(0, 0, 999, 44);
    op_fsync(0);
    op_write(0, 0, 21);
    op_read(0, 7);
    op_listdir("./z/d");
    op_pread(0, 100, -1);
    op_readlink("z/x");
    op_open(3, "z/x", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_pread(3, 1, 0);
    op_close(3);
    op_listdir("z/x/d");
    op_pread(3, 0, -1);
    op_open(3, "z/x/d", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_stat("./z/y", 1);
    op_readlink("y/y/c");
    op_write(2, 1, 147);
    op_fstat(3);
    op_fstat(3);
    op_pread(2, 0, 999);
    op_write(3, 0, 165);
    op_fstat(3);
}
static void scenario3(void) {
    op_open(2, "./z", O_RDONLY|O_CREAT|O_EXCL, "O_RDONLY|O_CREAT|O_EXCL");
    op_open(0, "y/x/a", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_read(0, 100);
    op_write(0, 4096, 146);
    op_symlink("./x/c", "y/x/a");
    op_open(0, "y/../d", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_open(1, "z", O_WRONLY, "O_WRONLY");
    op_ftruncate(1, 0);
    op_open(1, "d", O_RDWR|O_APPEND, "O_RDWR|O_APPEND");
    op_write(1, 100, 58);
    op_mkdir("y/a");
    op_listdir("z");
    op_close(1);
    op_pread(1, 0, 100);
    op_mkdir("x/./y/x/../m");
    op_open(0, "z/x", O_RDWR|O_DIRECTORY, "O_RDWR|O_DIRECTORY");
    op_rename("a", "y/../z/x/d");
    op_write(0, 1, 104);
    op_lseek(0, 200, SEEK_CUR, "SEEK_CUR");
    op_open(3, "z/x/b", O_RDWR|O_DIRECTORY, "O_RDWR|O_DIRECTORY");
    op_close(3);
    op_pread(3, 0, 100);
    op_write(0, 100, 163);
    op_fstat(1);
    op_read(3, 100);
    op_lseek(1, 5, SEEK_CUR, "SEEK_CUR");
    op_open(3, "y/../z/y", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_pwrite(3, 100, 0, 193);
    op_open(1, "d", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_lseek(1, 5, SEEK_SET, "SEEK_SET");
    op_stat("z/x", 0);
    op_write(3, 1, 96);
    op_fsync(1);
    op_read(1, 7);
    op_fstat(1);
    op_lseek(1, 5, SEEK_END, "SEEK_END");
    op_mkdir("z/x");
    op_readlink("z/./a");
    op_rename("z/x/c", "z/x");
    op_close(1);
}
static void scenario4(void) {
    op_open(0, "d", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_open(2, "z/../z/x/d", O_RDWR|O_CREAT, "O_RDWR|O_CREAT");
    op_readlink("z");
    op_write(2, 100, 132);
    op_write(2, 4096, 249);
    op_pread(2, 100, 999);
    op_stat("z/../z/x", 1);
    op_pwrite(2, 513, 100, 253);
    op_open(2, "z/x/b", O_RDWR, "O_RDWR");
    op_read(0, 0);
    op_fsync(2);
    op_symlink("x/./x/b", "b");
    op_read(2, 0);
    op_symlink("z/x", "z/x");
    op_write(2, 513, 24);
    op_pwrite(0, 7, -1, 184);
    op_readlink("a");
    op_rename("z/x", "z/x/b");
    op_pwrite(2, 513, 3, 252);
    op_rename("./z/x/b", "z/x");
    op_read(2, 100);
    op_write(3, 1, 225);
    op_lseek(2, 0, SEEK_END, "SEEK_END");
    op_symlink("x/x/a", "y/./y/x");
    op_write(2, 4096, 174);
    op_listdir(".");
    op_pwrite(2, 4096, 6000, 189);
    op_rename("x/y/y", "y/c");
    op_open(3, "z/x/d", O_RDONLY|O_CREAT|O_EXCL, "O_RDONLY|O_CREAT|O_EXCL");
    op_lseek(3, 200, SEEK_CUR, "SEEK_CUR");
    op_fstat(3);
    op_write(3, 1, 120);
    op_fstat(3);
    op_listdir(".");
    op_read(2, 1);
    op_pwrite(3, 7, -1, 222);
    op_open(0, "z", O_WRONLY|O_CREAT, "O_WRONLY|O_CREAT");
    op_open(3, "y/x/../y", O_WRONLY, "O_WRONLY");
    op_rename("y/../b", "x/y/z/../a");
    op_symlink("x/./a/", "z/../z/d");
}
static void scenario5(void) {
    op_open(2, "c", O_WRONLY|O_DIRECTORY|O_APPEND, "O_WRONLY|O_DIRECTORY|O_APPEND");
    op_open(0, "x/../z", O_WRONLY|O_APPEND, "O_WRONLY|O_APPEND");
    op_stat("./z/x", 0);
    op_open(3, "z/x", O_RDWR|O_CREAT|O_EXCL, "O_RDWR|O_CREAT|O_EXCL");
    op_read(3, 100);
    op_fsync(3);
    op_open(3, "./z/x/d", O_WRONLY|O_CREAT, "O_WRONLY|O_CREAT");
    op_write(2, 7, 134);
    op_mkdir("./z/y");
    op_open(3, "z/y", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_close(0);
    op_open(2, "c", O_RDWR, "O_RDWR");
    op_close(2);
    op_rename("b", "x/../z/x/d");
    op_pread(2, 7, 999);
    op_lseek(2, 0, SEEK_CUR, "SEEK_CUR");
    op_lseek(2, 10000, SEEK_CUR, "SEEK_CUR");
    op_symlink("x/l", "x/./z");
    op_lseek(2, 5, SEEK_CUR, "SEEK_CUR");
    op_write(2, 0, 7);
    op_pread(2, 513, 100);
    op_fsync(2);
    op_open(3, "z", O_RDWR|O_TRUNC, "O_RDWR|O_TRUNC");
    op_listdir(".");
    op_rmdir("./z/y");
    op_mkdir("x");
    op_open(0, "z/x/b", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_rename("x/a", "a");
    op_listdir(".");
    op_listdir("x");
    op_write(0, 0, 196);
    op_read(0, 4096);
    op_symlink("x/z/m", "z/x/d");
    op_unlink("z/x/b");
    op_ftruncate(0, -1);
    op_write(0, 0, 238);
    op_pread(0, 1, 6000);
    op_stat("z/d", 1);
    op_lseek(0, 5, SEEK_CUR, "SEEK_CUR");
    op_write(0, 4096, 52);
}
static void scenario6(void) {
    op_open(1, "z/x/d", O_WRONLY|O_CREAT|O_EXCL, "O_WRONLY|O_CREAT|O_EXCL");
    op_open(2, "x/./c", O_WRONLY|O_CREAT|O_EXCL, "O_WRONLY|O_CREAT|O_EXCL");
    op_lseek(2, 0, SEEK_SET, "SEEK_SET");
    op_pread(2, 4096, 6000);
    op_listdir("d");
    op_close(2);
    op_unlink("m");
    op_open(3, "./a", O_WRONLY, "O_WRONLY");
    op_stat("z/x/d", 0);
    op_write(1, 1, 143);
    op_open(1, "z/x", O_RDONLY|O_DIRECTORY, "O_RDONLY|O_DIRECTORY");
    op_close(1);
    op_rmdir("z/z/z/../x");
    op_pread(1, 513, 999);
    op_stat("y/x/../a", 1);
    op_unlink("z/x/b");
    op_write(3, 1, 126);
    op_readlink("z/x");
    op_pread(1, 7, 100);
    op_listdir("./z/x");
    op_close(1);
    op_lseek(0, 5, SEEK_END, "SEEK_END");
    op_rmdir("y/y/./z");
    op_read(2, 7);
    op_stat("x/./c", 1);
    op_write(1, 7, 37);
    op_rename("z/y/c", "z/x/d");
    op_listdir(".");
    op_open(1, "z/x/d", O_WRONLY|O_CREAT|O_EXCL|O_TRUNC, "O_WRONLY|O_CREAT|O_EXCL|O_TRUNC");
    op_open(1, "x/./c", O_WRONLY, "O_WRONLY");
    op_open(0, "z/x/d", O_RDWR, "O_RDWR");
    op_open(0, "y/z/../x", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_rename("z", "z");
    op_close(0);
    op_listdir("z/x/c");
    op_write(0, 100, 235);
    op_write(2, 1, 229);
    op_stat("z/d", 1);
    op_mkdir("./d");
    op_write(0, 100, 143);
}
static void scenario7(void) {
    op_open(2, "z", O_RDWR, "O_RDWR");
    op_open(3, "./z/x/d", O_RDONLY, "O_RDONLY");
    op_write(3, 100, 17);
    op_rename("z/x/b", "y/b");
    op_fstat(3);
    op_pwrite(3, 1, 3, 216);
    op_write(3, 0, 60);
    op_lseek(2, 10000, SEEK_END, "SEEK_END");
    op_rmdir("y/a");
    op_rename("z/y", "x/../z");
    op_rename("z/x/b", "z/x/b");
    op_read(3, 7);
    op_lseek(2, 10000, SEEK_SET, "SEEK_SET");
    op_close(3);
    op_rename("z/x", "y/z/b");
    op_read(3, 7);
    op_close(3);
    op_pwrite(3, 0, 6000, 173);
    op_open(1, "./z/y", O_WRONLY, "O_WRONLY");
    op_read(1, 100);
    op_listdir("z/c");
    op_open(1, "z/x", O_WRONLY|O_APPEND, "O_WRONLY|O_APPEND");
    op_open(1, "d", O_WRONLY|O_CREAT, "O_WRONLY|O_CREAT");
    op_unlink("y/b");
    op_fstat(2);
    op_lseek(1, 10000, SEEK_SET, "SEEK_SET");
    op_open(2, "z/d", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_listdir("z/y");
    op_readlink("d");
    op_close(2);
    op_listdir("z/y");
    op_open(2, "z/../z/x", O_RDWR|O_TRUNC|O_APPEND, "O_RDWR|O_TRUNC|O_APPEND");
    op_rmdir("z/x/b");
    op_read(2, 0);
    op_rmdir("x");
    op_fstat(2);
    op_open(2, "z/d", O_WRONLY|O_CREAT, "O_WRONLY|O_CREAT");
    op_open(2, "z/d", O_RDWR|O_CREAT|O_EXCL, "O_RDWR|O_CREAT|O_EXCL");
    op_listdir("z/x");
    op_ftruncate(2, 3000);
}
static void scenario8(void) {
    op_open(0, "z/../z/x/b", O_WRONLY|O_TRUNC, "O_WRONLY|O_TRUNC");
    op_open(2, "z/x/d", O_RDONLY|O_CREAT|O_EXCL, "O_RDONLY|O_CREAT|O_EXCL");
    op_mkdir("z/../z");
    op_stat("y/d", 1);
    op_lseek(2, 0, SEEK_SET, "SEEK_SET");
    op_open(3, "z/y", O_RDWR, "O_RDWR");
    op_fstat(3);
    op_write(3, 1, 115);
    op_pwrite(3, 100, 0, 116);
    op_unlink("z/d");
    op_write(3, 1, 176);
    op_close(3);
    op_pread(3, 7, 0);
    op_listdir("y/m");
    op_open(1, "z/x/b", O_RDONLY, "O_RDONLY");
    op_unlink("z/x/d");
    op_read(1, 513);
    op_listdir("z/z/c");
    op_fstat(0);
    op_ftruncate(1, 50);
    op_listdir(".");
    op_write(1, 1, 102);
    op_open(3, "c", O_WRONLY|O_DIRECTORY, "O_WRONLY|O_DIRECTORY");
    op_write(3, 1, 188);
    op_write(3, 513, 136);
    op_readlink("x/b");
    op_fstat(2);
    op_ftruncate(3, 3000);
    op_fsync(2);
    op_rmdir("z/x/b");
    op_unlink("z");
    op_symlink("z/z/d", "z/d");
    op_rename("z/../z", "x/z");
    op_open(1, "d", O_WRONLY, "O_WRONLY");
    op_mkdir("z/x/d");
    op_close(1);
    op_open(0, "d", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_open(2, "z/z/./b", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_write(2, 100, 24);
    op_write(3, 0, 53);
}
static void scenario9(void) {
    op_open(0, "z/y/x/", O_WRONLY|O_DIRECTORY|O_APPEND, "O_WRONLY|O_DIRECTORY|O_APPEND");
    op_open(1, "b", O_RDONLY, "O_RDONLY");
    op_unlink("x/../z/y");
    op_lseek(1, 0, SEEK_END, "SEEK_END");
    op_close(1);
    op_write(1, 0, 18);
    op_mkdir("b");
    op_unlink("z/x");
    op_readlink("z/x/b");
    op_open(1, "z", O_RDWR|O_APPEND, "O_RDWR|O_APPEND");
    op_open(1, "x/../z/x/d", O_RDWR|O_CREAT|O_APPEND, "O_RDWR|O_CREAT|O_APPEND");
    op_rename("z/x/d", "x/../z/y");
    op_lseek(1, 200, SEEK_END, "SEEK_END");
    op_write(1, 100, 231);
    op_open(3, "z/x/b", O_RDONLY, "O_RDONLY");
    op_write(3, 100, 20);
    op_mkdir("z/x/d");
    op_read(3, 4096);
    op_stat("x/y/a", 1);
    op_listdir(".");
    op_stat("z/x/x/../a", 1);
    op_read(1, 0);
    op_listdir(".");
    op_fstat(1);
    op_read(0, 513);
    op_rmdir("z/x/b");
    op_pwrite(3, 1, 6000, 192);
    op_write(0, 4096, 179);
    op_listdir("z/d");
    op_open(1, "z/x/d", O_RDONLY|O_CREAT, "O_RDONLY|O_CREAT");
    op_mkdir("d");
    op_stat("z/y", 0);
    op_pwrite(1, 100, 0, 152);
    op_pread(1, 0, 0);
    op_pread(1, 4096, 999);
    op_read(1, 1);
    op_fstat(1);
    op_fstat(1);
    op_read(1, 513);
    op_stat("z/l", 1);
}
int main(int argc, char **argv) {
    int k = argc > 1 ? atoi(argv[1]) : 0;
    switch (k) {
    case 0: scenario0(); break;
    case 1: scenario1(); break;
    case 2: scenario2(); break;
    case 3: scenario3(); break;
    case 4: scenario4(); break;
    case 5: scenario5(); break;
    case 6: scenario6(); break;
    case 7: scenario7(); break;
    case 8: scenario8(); break;
    case 9: scenario9(); break;
    default: printf("no scenario %d\n", k); return 2;
    }
    finish();
    return 0;
}
