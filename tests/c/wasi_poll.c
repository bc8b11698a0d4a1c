/* wasi_poll.c: poll_oneoff through poll(), select(), sleep(), usleep() and
 * nanosleep(): timeouts last at least as long as asked (and not absurdly
 * longer), a pipe on stdin becomes readable and then reports end of file, a
 * FIFO is writable at once and readable only after a write, regular files
 * are always ready. Prints facts only.
 *
 * Usage: wasi_poll ROOT   (ROOT holds a FIFO named "fifo"); stdin: "ping\n"
 * from a pipe that the test closes after writing. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "wasi_common.h"

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void took(const char *label, int64_t start, int64_t min_ms) {
    int64_t d = now_ms() - start;
    printf("%s: took >= %lldms: %s, < %lldms: %s\n", label, (long long)min_ms,
           d >= min_ms ? "yes" : "no", (long long)(min_ms + 3000), d < min_ms + 3000 ? "yes" : "no");
}

static const char *ev(short e) {
    static char bufs[4][64];
    static int next;
    char *buf = bufs[next++ % 4];
    snprintf(buf, sizeof bufs[0], "%s%s%s%s", e & POLLIN ? " in" : "", e & POLLOUT ? " out" : "",
             e & POLLHUP ? " hup" : "", e & POLLNVAL ? " nval" : "");
    return buf[0] ? buf + 1 : "none";
}

int main(int argc, char **argv) {
    set_root(argc, argv);
    int64_t t = now_ms();
    report("sleep 0", sleep(0));
    report("usleep 30ms", usleep(30000));
    took("usleep", t, 30);
    t = now_ms();
    struct timespec req = {0, 40000000};
    report("nanosleep 40ms", nanosleep(&req, NULL));
    took("nanosleep", t, 40);
    t = now_ms();
    report("sleep 1", sleep(1));
    took("sleep", t, 1000);

    t = now_ms();
    printf("poll no fds 50ms: %d\n", poll(NULL, 0, 50));
    took("poll timeout", t, 50);
    printf("poll no fds 0ms: %d\n", poll(NULL, 0, 0));

    /* stdin: the test wrote "ping\n" and closed the pipe */
    struct pollfd p = {0, POLLIN, 0};
    t = now_ms();
    int r = poll(&p, 1, 5000);
    printf("poll stdin: %d readable %s\n", r, p.revents & POLLIN ? "yes" : "no");
    char buf[64];
    ssize_t n = read(0, buf, sizeof buf);
    printf("read stdin: %zd \"%.*s\"\n", n, (int)(n > 1 ? n - 1 : 0), buf);
    n = read(0, buf, sizeof buf);
    printf("read stdin again: %zd\n", n);
    p.revents = 0;
    r = poll(&p, 1, 5000);
    printf("poll stdin at eof: %d, hangup %s\n", r, p.revents & POLLHUP ? "yes" : "no");

    /* a FIFO opened read-write: writable now, readable after a write */
    int f = open(P("fifo"), O_RDWR | O_NONBLOCK);
    report("open fifo", f);
    struct pollfd fp[2] = {{f, POLLIN, 0}, {f, POLLOUT, 0}};
    r = poll(fp, 2, 0);
    printf("fifo empty: %d ready; in: %s; out: %s\n", r, ev(fp[0].revents), ev(fp[1].revents));
    fp[0].revents = 0;
    t = now_ms();
    r = poll(fp, 1, 120);
    printf("fifo wait for input 120ms: %d\n", r);
    took("fifo wait", t, 120);
    write(f, "x", 1);
    r = poll(fp, 2, 1000);
    printf("fifo after write: %d ready; in: %s; out: %s\n", r, ev(fp[0].revents), ev(fp[1].revents));
    read(f, buf, 1);

    /* select on the FIFO */
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(f, &rd);
    FD_SET(f, &wr);
    struct timeval tv = {0, 0};
    r = select(f + 1, &rd, &wr, NULL, &tv);
    printf("select: %d, readable %s, writable %s\n", r, FD_ISSET(f, &rd) ? "yes" : "no",
           FD_ISSET(f, &wr) ? "yes" : "no");
    FD_ZERO(&rd);
    FD_SET(f, &rd);
    tv.tv_usec = 80000;
    t = now_ms();
    r = select(f + 1, &rd, NULL, NULL, &tv);
    printf("select timeout: %d\n", r);
    took("select", t, 80);

    /* a regular file is always ready */
    int file = open(P("file"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(file, "abc", 3);
    lseek(file, 0, SEEK_SET);
    struct pollfd rp[2] = {{file, POLLIN, 0}, {file, POLLOUT, 0}};
    r = poll(rp, 2, 0);
    printf("regular file: %d ready; in: %s; out: %s\n", r, ev(rp[0].revents), ev(rp[1].revents));

    /* two fds, one ready: only that one is reported */
    struct pollfd mix[2] = {{f, POLLIN, 0}, {file, POLLIN, 0}};
    r = poll(mix, 2, 1000);
    printf("mixed: %d ready; fifo %s; file %s\n", r, ev(mix[0].revents), ev(mix[1].revents));
    close(f);
    close(file);
    return 0;
}
