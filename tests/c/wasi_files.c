/* wasi_files.c: regular files through WASI: open flags, read/write/readv/writev,
 * pread/pwrite, seek/tell, truncate, fsync/fdatasync, posix_fallocate,
 * posix_fadvise, stat/fstat, utimensat/futimens.
 *
 * Usage: wasi_files ROOT   (an empty directory; natively its host path, in
 * wasm the guest name of a preopened directory). Leaves a few files in ROOT
 * that the test compares between the native and the wasm run. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi_common.h"

/* futimens(fd, NULL), i.e. both times "now". Debian's wasi-libc (2022-05)
 * mishandles UTIME_NOW/UTIME_OMIT in the mtime slot (EINVAL without asking
 * the host) and dereferences a NULL `times`, so the wasm build asks WASI
 * directly. */
#ifdef __wasi__
#include <wasi/api.h>
static int times_now(int fd) {
    __wasi_errno_t e = __wasi_fd_filestat_set_times(
        fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
    if (e) errno = e;
    return e ? -1 : 0;
}
#else
static int times_now(int fd) { return futimens(fd, NULL); }
#endif

static void show_size(const char *label, int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) printf("%s: fstat %s\n", label, ename(errno));
    else printf("%s: size %lld\n", label, (long long)st.st_size);
}

static void show_read(const char *label, int fd, size_t n) {
    char buf[256];
    ssize_t r = read(fd, buf, n < sizeof buf ? n : sizeof buf);
    if (r < 0) printf("%s: %s\n", label, ename(errno));
    else printf("%s: %zd \"%.*s\"\n", label, r, (int)r, buf);
}

static void show_pos(const char *label, int fd) {
    off_t p = lseek(fd, 0, SEEK_CUR);
    if (p < 0) printf("%s: %s\n", label, ename(errno));
    else printf("%s: %lld\n", label, (long long)p);
}

int main(int argc, char **argv) {
    set_root(argc, argv);

    /* --- create, write, read back --- */
    int fd = open(P("f1"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    report("create f1", fd);
    printf("write: %zd\n", write(fd, "hello world\n", 12));
    show_pos("pos after write", fd);
    char c;
    errno = 0;
    printf("read on write-only fd: %zd %s\n", read(fd, &c, 1),
           errno == EBADF ? "EBADF" : ename(errno));
    close(fd);

    fd = open(P("f1"), O_RDONLY);
    report("open f1 read-only", fd);
    show_read("read all", fd, 100);
    show_read("read at eof", fd, 100);
    printf("seek set 6: %lld\n", (long long)lseek(fd, 6, SEEK_SET));
    show_read("read 5", fd, 5);
    show_pos("tell", fd);
    printf("seek end -1: %lld\n", (long long)lseek(fd, -1, SEEK_END));
    printf("seek cur +0: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    report("seek before start", lseek(fd, -100, SEEK_CUR));
    report("seek bad whence", lseek(fd, 0, 42));
    printf("seek past end: %lld\n", (long long)lseek(fd, 1000, SEEK_SET));
    show_read("read past end", fd, 10);
    errno = 0;
    printf("write on read-only fd: %zd %s\n", write(fd, "x", 1),
           errno == EBADF ? "EBADF" : ename(errno));
    close(fd);

    /* --- open flags --- */
    report("O_EXCL on existing", open(P("f1"), O_CREAT | O_EXCL | O_WRONLY, 0644));
    report("open missing", open(P("missing"), O_RDONLY));
    report("O_CREAT in missing dir", open(P("nodir/x"), O_CREAT | O_WRONLY, 0644));
    report("O_DIRECTORY on file", open(P("f1"), O_RDONLY | O_DIRECTORY));
    report("write-open a directory", open(P("."), O_WRONLY));
    report("file as directory", open(P("f1/x"), O_RDONLY));
    report("trailing slash on file", open(P("f1/"), O_RDONLY));
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    report("name too long", open(P(longname), O_CREAT | O_WRONLY, 0644));

    /* --- O_TRUNC and O_APPEND --- */
    fd = open(P("f1"), O_RDWR);
    report("open f1 read-write", fd);
    printf("overwrite: %zd\n", write(fd, "HELLO", 5));
    show_pos("pos", fd);
    close(fd);
    fd = open(P("f1"), O_WRONLY | O_APPEND);
    report("open append", fd);
    lseek(fd, 0, SEEK_SET);
    printf("append write: %zd\n", write(fd, "tail\n", 5));
    show_size("size after append", fd);
    close(fd);
    fd = open(P("f1"), O_RDONLY);
    show_read("content", fd, 100);
    close(fd);
    fd = open(P("f2"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    close(fd);
    fd = open(P("f2"), O_WRONLY | O_TRUNC);
    show_size("size after O_TRUNC", fd);
    close(fd);

    /* --- readv / writev --- */
    fd = open(P("vec"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    struct iovec wv[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    printf("writev: %zd\n", writev(fd, wv, 3));
    lseek(fd, 0, SEEK_SET);
    char a[2], b[4], d[10];
    struct iovec rv[3] = {{a, 2}, {b, 4}, {d, 10}};
    ssize_t n = readv(fd, rv, 3);
    printf("readv: %zd \"%.2s\" \"%.4s\" \"%.*s\"\n", n, a, b, (int)(n > 6 ? n - 6 : 0), d);

    /* --- pread / pwrite leave the position alone --- */
    lseek(fd, 2, SEEK_SET);
    char pb[8] = {0};
    printf("pread 3 at 4: %zd \"%.3s\"\n", pread(fd, pb, 3, 4), pb);
    show_pos("pos after pread", fd);
    printf("pwrite 2 at 0: %zd\n", pwrite(fd, "XY", 2, 0));
    show_pos("pos after pwrite", fd);
    printf("pwrite at 100: %zd\n", pwrite(fd, "Z", 1, 100));
    show_size("size after sparse pwrite", fd);
    memset(pb, 1, sizeof pb);
    printf("pread in hole: %zd zeros=%s\n", pread(fd, pb, 4, 50),
           pb[0] == 0 && pb[1] == 0 && pb[2] == 0 && pb[3] == 0 ? "yes" : "no");
    printf("pread at eof: %zd\n", pread(fd, pb, 4, 101));
    report("pread negative offset", pread(fd, pb, 1, -1));

    /* --- truncate --- */
    report("ftruncate 5", ftruncate(fd, 5));
    show_size("size", fd);
    report("ftruncate 5000", ftruncate(fd, 5000));
    show_size("size", fd);
    report("ftruncate -1", ftruncate(fd, -1));
    report("truncate by path 3", truncate(P("vec"), 3));
    show_size("size", fd);
    report("truncate missing", truncate(P("missing"), 3));

    /* --- sync, allocate, advise --- */
    report("fsync", fsync(fd));
    report("fdatasync", fdatasync(fd));
    int e = posix_fallocate(fd, 0, 8192);
    printf("posix_fallocate: %s\n", ename(e));
    show_size("size after fallocate", fd);
    e = posix_fallocate(fd, 100, 0);
    printf("posix_fallocate len 0: %s\n", ename(e));
    printf("posix_fadvise sequential: %s\n", ename(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)));
    printf("posix_fadvise dontneed: %s\n", ename(posix_fadvise(fd, 0, 4096, POSIX_FADV_DONTNEED)));
    printf("posix_fadvise bad advice: %s\n", ename(posix_fadvise(fd, 0, 0, 99)));
    close(fd);
    report("fsync closed fd", fsync(fd));

    /* --- stat --- */
    struct stat st;
    if (stat(P("f1"), &st) == 0)
        printf("stat f1: reg=%d dir=%d size=%lld nlink=%lu\n", S_ISREG(st.st_mode) != 0,
               S_ISDIR(st.st_mode) != 0, (long long)st.st_size, (unsigned long)st.st_nlink);
    if (stat(P("."), &st) == 0) printf("stat root: dir=%d\n", S_ISDIR(st.st_mode) != 0);
    report("stat missing", stat(P("missing"), &st));
    report("stat trailing slash on file", stat(P("f1/"), &st));
    struct stat s1, s2;
    fd = open(P("f1"), O_RDONLY);
    if (fstat(fd, &s1) == 0 && stat(P("f1"), &s2) == 0)
        printf("fstat and stat agree: %s\n",
               s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev && s1.st_size == s2.st_size
                   ? "yes" : "no");
    close(fd);

    /* --- times --- */
    struct timespec ts[2] = {{1000000000, 500000000}, {1234567890, 123456789}};
    report("utimensat", utimensat(AT_FDCWD, P("f1"), ts, 0));
    stat(P("f1"), &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    fd = open(P("f1"), O_RDWR);
    struct timespec t2[2] = {{0, UTIME_OMIT}, {2000000000, 7}};
    report("futimens omit atime", futimens(fd, t2));
    fstat(fd, &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    report("set times to now", times_now(fd));
    fstat(fd, &st);
    time_t now = time(NULL);
    printf("mtime is now: %s\n",
           st.st_mtim.tv_sec >= now - 10 && st.st_mtim.tv_sec <= now + 1 ? "yes" : "no");
    struct timespec bad[2] = {{0, 1000000000}, {0, UTIME_OMIT}};
    report("futimens bad nsec", futimens(fd, bad));
    close(fd);
    report("utimensat missing", utimensat(AT_FDCWD, P("missing"), ts, 0));

    /* --- a large file, in and out in one call each --- */
    size_t big = 3u << 20;
    unsigned char *buf = malloc(big), *back = malloc(big);
    for (size_t i = 0; i < big; i++) buf[i] = (unsigned char)(i * 7 + (i >> 11));
    fd = open(P("big"), O_CREAT | O_RDWR | O_TRUNC, 0600);
    size_t done = 0;
    while (done < big) {
        ssize_t w = write(fd, buf + done, big - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    printf("big write: %zu\n", done);
    lseek(fd, 0, SEEK_SET);
    done = 0;
    while (done < big) {
        ssize_t r = read(fd, back + done, big - done);
        if (r <= 0) break;
        done += (size_t)r;
    }
    printf("big read: %zu same=%s\n", done, memcmp(buf, back, big) == 0 ? "yes" : "no");
    close(fd);
    return 0;
}
