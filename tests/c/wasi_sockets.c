/* wasi_sockets.c: a server on a listening socket handed over by the host
 * (`wasi_sockets FD`: the descriptor number, 3 natively with the socket
 * passed as descriptor 3, and in wasm the first fd after the preopened
 * directories).
 *
 * 1. The listening fd is a socket; poll sees no connection yet; a
 *    non-blocking accept gives EAGAIN.
 * 2. Prints "waiting" (the test connects only then), polls until a
 *    connection is pending, accepts it with SOCK_NONBLOCK, checks the flag,
 *    makes it blocking again, reads a line with recv (polling), answers
 *    with send and write, shuts down its sending side and reads until the
 *    client closes.
 * 3. Accepts a second connection whose client closes at once: writing to it
 *    fails with EPIPE or ECONNRESET instead of killing the process with
 *    SIGPIPE (natively the program ignores SIGPIPE to behave the same).
 * Status and diagnostics go to stdout; compared with the native build. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <poll.h>
#ifndef __wasi__
#include <signal.h>
#endif
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi_common.h"

static int poll1(int fd, short events, int ms) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, ms);
    return r < 0 ? -1 : (p.revents & events) ? 1 : 0;
}

int main(int argc, char **argv) {
#ifndef __wasi__
    signal(SIGPIPE, SIG_IGN);
#endif
    setvbuf(stdout, NULL, _IONBF, 0);
    int lfd = argc > 1 ? atoi(argv[1]) : 3;
    struct stat st;
    report("fstat listening fd", fstat(lfd, &st));
    printf("is a socket: %s\n", S_ISSOCK(st.st_mode) ? "yes" : "no");
    int fl = fcntl(lfd, F_GETFL);
    printf("listening fd blocking: %s\n", fl >= 0 && !(fl & O_NONBLOCK) ? "yes" : "no");
    printf("pending before the client connects: %d\n", poll1(lfd, POLLIN, 0));
    report("set listening fd non-blocking", fcntl(lfd, F_SETFL, O_NONBLOCK));
    report("accept with nobody there", accept(lfd, NULL, NULL));
    char c;
    report("recv on the listening socket", recv(lfd, &c, 1, 0));

    printf("waiting\n");
    printf("pending after connect: %d\n", poll1(lfd, POLLIN, 10000));
    int c1 = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
    report("accept4 SOCK_NONBLOCK", c1);
    fl = fcntl(c1, F_GETFL);
    printf("connection non-blocking: %s\n", fl >= 0 && (fl & O_NONBLOCK) ? "yes" : "no");
    fstat(c1, &st);
    printf("connection is a socket: %s\n", S_ISSOCK(st.st_mode) ? "yes" : "no");
    char line[256];
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t r = recv(c1, line + n, sizeof line - 1 - n, 0);
        if (r < 0 && errno == EAGAIN) {
            if (poll1(c1, POLLIN, 10000) <= 0) break;
            continue;
        }
        if (r <= 0) break;
        n += (size_t)r;
        if (memchr(line, '\n', n)) break;
    }
    line[n] = 0;
    printf("received: %s", line);
    report("make it blocking", fcntl(c1, F_SETFL, 0));
    char reply[300];
    int len = snprintf(reply, sizeof reply, "echo: %s", line);
    printf("send: %zd\n", send(c1, reply, (size_t)len, 0));
    printf("write: %zd\n", write(c1, "bye\n", 4));
    report("shutdown write side", shutdown(c1, SHUT_WR));
    report("send after shutdown", send(c1, "x", 1, 0));
    ssize_t r = recv(c1, line, sizeof line, 0);
    printf("recv after the client closed: %zd\n", r);
    report("close connection", close(c1));

    /* second client: connects and closes at once */
    printf("pending second: %d\n", poll1(lfd, POLLIN, 10000));
    int c2 = accept(lfd, NULL, NULL);
    report("accept second", c2);
    printf("recv from closed client: %zd\n", recv(c2, line, sizeof line, 0));
    int err = 0;
    for (int i = 0; i < 200 && !err; i++) {
        if (write(c2, "data\n", 5) < 0) err = errno;
        else {
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, NULL);
        }
    }
    printf("writing to a closed connection: %s\n",
           err == EPIPE || err == ECONNRESET ? "EPIPE/ECONNRESET" : ename(err));
    close(c2);
    report("close listening socket", close(lfd));
    report("accept on the closed fd", accept(lfd, NULL, NULL));
    printf("done\n");
    return 0;
}
