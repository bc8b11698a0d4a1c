/* wasi_fdops.c: descriptor operations through WASI: fcntl F_GETFL/F_SETFL
 * (access mode, O_APPEND, O_NONBLOCK), lowest-free descriptor numbers,
 * closing twice, renumbering (dup2 + close natively, __wasilibc_fd_renumber in
 * wasm: WASI has no dup), non-blocking FIFO I/O with partial writes, and
 * seeking on a FIFO.
 *
 * Usage: wasi_fdops ROOT   (ROOT holds a FIFO named "fifo", made by the test:
 * WASI cannot create one). */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_common.h"

#ifdef __wasi__
#include <wasi/libc.h>
static int renumber(int from, int to) { return __wasilibc_fd_renumber(from, to); }
#else
static int renumber(int from, int to) {
    if (fcntl(to, F_GETFD) < 0 || fcntl(from, F_GETFD) < 0) return -1; /* as WASI: both open */
    if (from == to) return 0;
    if (dup2(from, to) < 0) return -1;
    return close(from);
}
#endif

static void flags(const char *label, int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) {
        printf("%s: %s\n", label, ename(errno));
        return;
    }
    int acc = fl & O_ACCMODE;
    printf("%s: %s%s%s\n", label,
           acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : acc == O_RDWR ? "O_RDWR" : "?",
           fl & O_APPEND ? " O_APPEND" : "", fl & O_NONBLOCK ? " O_NONBLOCK" : "");
}

static void put(const char *rel, const char *content) {
    int fd = open(P(rel), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, content, strlen(content));
    close(fd);
}

static void show(const char *label, int fd) {
    char buf[64];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    if (n < 0) printf("%s: %s\n", label, ename(errno));
    else printf("%s: \"%.*s\"\n", label, (int)n, buf);
}

int main(int argc, char **argv) {
    set_root(argc, argv);

    /* --- access modes and flags --- */
    put("a", "AAAA");
    put("b", "BBBB");
    int r = open(P("a"), O_RDONLY), w = open(P("a"), O_WRONLY), rw = open(P("a"), O_RDWR);
    int ap = open(P("a"), O_WRONLY | O_APPEND), nb = open(P("a"), O_RDONLY | O_NONBLOCK);
    flags("O_RDONLY fd", r);
    flags("O_WRONLY fd", w);
    flags("O_RDWR fd", rw);
    flags("O_APPEND fd", ap);
    flags("O_NONBLOCK fd", nb);
    int dir = open(P("."), O_RDONLY | O_DIRECTORY);
    report("open root as directory", dir);
    struct stat st;
    fstat(dir, &st);
    printf("root is a directory: %s\n", S_ISDIR(st.st_mode) ? "yes" : "no");

    report("F_SETFL O_APPEND", fcntl(rw, F_SETFL, O_APPEND));
    flags("after F_SETFL O_APPEND", rw);
    lseek(rw, 0, SEEK_SET);
    write(rw, "++", 2);
    show("append went to the end", rw);
    report("F_SETFL 0", fcntl(rw, F_SETFL, 0));
    flags("after F_SETFL 0", rw);
    lseek(rw, 0, SEEK_SET);
    write(rw, "--", 2);
    show("write at 0 again", rw);
    report("F_SETFL O_NONBLOCK", fcntl(r, F_SETFL, O_NONBLOCK));
    flags("after F_SETFL O_NONBLOCK", r);
    report("F_GETFL on closed fd", fcntl(999, F_GETFL));

    /* --- descriptor numbers --- */
    int x = open(P("b"), O_RDONLY), y = open(P("b"), O_RDONLY);
    close(x);
    int z = open(P("b"), O_RDONLY);
    printf("lowest free number reused: %s\n", z == x ? "yes" : "no");
    report("close", close(y));
    report("close again", close(y));
    char c;
    report("read closed", read(y, &c, 1));
    report("write closed", write(y, "x", 1));
    report("read bad fd", read(-1, &c, 1));

    /* --- renumber: `b` moves onto the fd of `a` --- */
    int fa = open(P("a"), O_RDONLY), fb = open(P("b"), O_RDONLY);
    report("renumber", renumber(fb, fa));
    show("target now reads b", fa);
    report("old number is closed", read(fb, &c, 1));
    report("renumber from closed fd", renumber(fb, fa));
    report("renumber onto closed fd", renumber(fa, fb));
    show("failed renumber left it alone", fa);
    report("renumber onto itself", renumber(fa, fa));
    show("still there", fa);

    /* --- non-blocking FIFO (opened O_RDWR: no other end needed) --- */
    int f = open(P("fifo"), O_RDWR | O_NONBLOCK);
    report("open fifo", f);
    flags("fifo flags", f);
    report("read empty non-blocking fifo", read(f, &c, 1));
    printf("write 5: %zd\n", write(f, "hello", 5));
    char buf[16];
    ssize_t n = read(f, buf, sizeof buf);
    printf("read back: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
    report("lseek on fifo", lseek(f, 0, SEEK_SET));
    /* Fill it: the first big write is partial, then EAGAIN. */
    size_t big = 1 << 20;
    char *data = malloc(big);
    memset(data, 'z', big);
    ssize_t first = write(f, data, big);
    printf("big write partial: %s\n", first > 0 && (size_t)first < big ? "yes" : "no");
    size_t total = first > 0 ? (size_t)first : 0;
    ssize_t more;
    int loops = 0;
    while ((more = write(f, data, 4096)) > 0 && loops++ < 1000) total += (size_t)more;
    printf("then: %s\n", ename(more < 0 ? errno : 0));
    size_t drained = 0;
    while ((n = read(f, data, big)) > 0) drained += (size_t)n;
    printf("drained == written: %s\n", drained == total ? "yes" : "no");
    printf("after draining: %s\n", ename(n < 0 ? errno : 0));
    report("clear O_NONBLOCK", fcntl(f, F_SETFL, 0));
    flags("fifo flags now", f);
    write(f, "xy", 2);
    n = read(f, buf, sizeof buf);
    printf("blocking read with data: %zd\n", n);
    close(f);
    return 0;
}
