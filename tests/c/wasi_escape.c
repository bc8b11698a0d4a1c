/* wasi_escape.c: the guest side of the sandbox escape suite
 * (tests/tests/wasi_escape.rs). Calls the WASI path functions directly (not
 * through wasi-libc's path lookup, which would refuse some attempts before
 * the host saw them) and reports what each attempt got.
 *
 * Each argument is one attempt "OP|ARG[|ARG2]". A path may start with "B:"
 * (relative to the second preopened directory, fd 4) or "P:" (the third,
 * fd 5); otherwise it is relative to fd 3. Output, one line per attempt:
 *     OP|ARG[|ARG2] -> OK [content or detail]
 *     OP|ARG[|ARG2] -> ERR <wasi errno number>
 * Operations:
 *   open, open-nofollow   open for reading and print up to 48 bytes
 *   opendir               open as a directory and list its entries
 *   creat, creat-nofollow open with O_CREAT and write "pwned"
 *   excl                  O_CREAT|O_EXCL
 *   trunc                 O_TRUNC (following symlinks)
 *   write                 open for writing (following symlinks), write "pwned"
 *   stat, lstat           path_filestat_get with/without following
 *   utimes, lutimes       set the mtime to 1 s, with/without following
 *   mkdir, rmdir, unlink, readlink
 *   symlink|TARGET|PATH   path_symlink
 *   link|SRC|DST, linkf|SRC|DST    path_link without/with SYMLINK_FOLLOW
 *   rename|SRC|DST
 *   race|MS|PATH[|PATH...]  open the PATHs in turn for MS milliseconds and
 *                         count what came back: "opens N inside I escaped E
 *                         refused R noent M other O" (inside: content starts
 *                         "inside"; escaped: content holds "SECRET"; refused:
 *                         NOTCAPABLE or LOOP; noent: NOENT or NOTDIR). */
#include <stdint.h>
#include <time.h>
#include <wasi/api.h>

#include "wasi_common.h"

#define RIGHTS_ALL ((__wasi_rights_t)0x1fffffffu)

static __wasi_fd_t pick(const char **path) {
    if (strncmp(*path, "B:", 2) == 0) {
        *path += 2;
        return 4;
    }
    if (strncmp(*path, "P:", 2) == 0) {
        *path += 2;
        return 5;
    }
    return 3;
}

static void show_bytes(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 32 && p[i] < 127) putchar(p[i]);
        else printf("\\x%02x", p[i]);
    }
}

static __wasi_errno_t do_open(const char *path, int follow, __wasi_oflags_t of,
                              __wasi_rights_t rights, __wasi_fd_t *out) {
    __wasi_fd_t dir = pick(&path);
    return __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, of, rights,
                            RIGHTS_ALL, 0, out);
}

static __wasi_errno_t read_some(__wasi_fd_t fd, uint8_t *buf, size_t cap, size_t *n) {
    __wasi_iovec_t iov = {buf, cap};
    return __wasi_fd_read(fd, &iov, 1, n);
}

static __wasi_errno_t write_pwned(__wasi_fd_t fd) {
    __wasi_ciovec_t iov = {(const uint8_t *)"pwned", 5};
    size_t n;
    return __wasi_fd_write(fd, &iov, 1, &n);
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void race(long ms, char **paths, int npaths) {
    long opens = 0, inside = 0, escaped = 0, refused = 0, noent = 0, other = 0;
    int other_errno = 0;
    int64_t end = now_ms() + ms;
    while (now_ms() < end) {
        const char *p = paths[opens % npaths];
        __wasi_fd_t fd;
        opens++;
        __wasi_errno_t e = do_open(p, 1, 0, __WASI_RIGHTS_FD_READ, &fd);
        if (e == 0) {
            uint8_t buf[64];
            size_t n = 0;
            e = read_some(fd, buf, sizeof buf - 1, &n);
            __wasi_fd_close(fd);
            buf[n] = 0;
            if (strstr((char *)buf, "SECRET")) escaped++;
            else if (strncmp((char *)buf, "inside", 6) == 0) inside++;
            else other++;
        } else if (e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_LOOP) {
            refused++;
        } else if (e == __WASI_ERRNO_NOENT || e == __WASI_ERRNO_NOTDIR) {
            noent++;
        } else {
            other++;
            other_errno = e;
        }
    }
    printf("OK opens %ld inside %ld escaped %ld refused %ld noent %ld other %ld (last other errno %d)",
           opens, inside, escaped, refused, noent, other, other_errno);
}

static void attempt(char *spec) {
    char *copy = strdup(spec);
    char *tok[8] = {0};
    int ntok = 0;
    for (char *t = copy; t && ntok < 8;) {
        tok[ntok++] = t;
        char *bar = strchr(t, '|');
        if (bar) *bar = 0;
        t = bar ? bar + 1 : NULL;
    }
    char *op = tok[0], *a = tok[1], *b = tok[2];
    printf("%s -> ", spec);
    __wasi_errno_t e = 0;
    __wasi_fd_t fd;
    uint8_t buf[512];
    size_t n = 0;
    const char *pa = a, *pb = b;
    if (!a) {
        e = __WASI_ERRNO_INVAL;
    } else if (!strcmp(op, "open") || !strcmp(op, "open-nofollow")) {
        e = do_open(a, !strcmp(op, "open"), 0, __WASI_RIGHTS_FD_READ, &fd);
        if (!e) {
            e = read_some(fd, buf, 48, &n);
            __wasi_fd_close(fd);
            if (!e) {
                printf("OK ");
                show_bytes(buf, n);
            }
        }
    } else if (!strcmp(op, "opendir")) {
        e = do_open(a, 1, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, &fd);
        if (!e) {
            e = __wasi_fd_readdir(fd, buf, sizeof buf, 0, &n);
            __wasi_fd_close(fd);
            if (!e) {
                printf("OK");
                for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= n;) {
                    __wasi_dirent_t d;
                    memcpy(&d, buf + off, sizeof d);
                    off += sizeof d;
                    size_t len = d.d_namlen < n - off ? d.d_namlen : n - off;
                    putchar(' ');
                    show_bytes(buf + off, len);
                    off += len;
                }
            }
        }
    } else if (!strcmp(op, "creat") || !strcmp(op, "creat-nofollow") || !strcmp(op, "excl") ||
               !strcmp(op, "trunc") || !strcmp(op, "write")) {
        __wasi_oflags_t of = !strcmp(op, "excl")    ? __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL
                             : !strcmp(op, "trunc") ? __WASI_OFLAGS_TRUNC
                             : !strcmp(op, "write") ? 0
                                                    : __WASI_OFLAGS_CREAT;
        e = do_open(a, strcmp(op, "creat-nofollow") != 0, of,
                    __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, &fd);
        if (!e) {
            e = write_pwned(fd);
            __wasi_fd_close(fd);
            if (!e) printf("OK");
        }
    } else if (!strcmp(op, "stat") || !strcmp(op, "lstat")) {
        __wasi_filestat_t st;
        __wasi_fd_t dir = pick(&pa);
        e = __wasi_path_filestat_get(dir, !strcmp(op, "stat") ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                                     pa, &st);
        if (!e) printf("OK type %d", st.filetype);
    } else if (!strcmp(op, "utimes") || !strcmp(op, "lutimes")) {
        __wasi_fd_t dir = pick(&pa);
        e = __wasi_path_filestat_set_times(
            dir, !strcmp(op, "utimes") ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, pa, 0,
            1000000000ull, __WASI_FSTFLAGS_MTIM);
        if (!e) printf("OK");
    } else if (!strcmp(op, "mkdir") || !strcmp(op, "rmdir") || !strcmp(op, "unlink")) {
        __wasi_fd_t dir = pick(&pa);
        e = !strcmp(op, "mkdir")   ? __wasi_path_create_directory(dir, pa)
            : !strcmp(op, "rmdir") ? __wasi_path_remove_directory(dir, pa)
                                   : __wasi_path_unlink_file(dir, pa);
        if (!e) printf("OK");
    } else if (!strcmp(op, "readlink")) {
        __wasi_fd_t dir = pick(&pa);
        e = __wasi_path_readlink(dir, pa, buf, sizeof buf, &n);
        if (!e) {
            printf("OK ");
            show_bytes(buf, n);
        }
    } else if (!strcmp(op, "symlink") && b) {
        __wasi_fd_t dir = pick(&pb);
        e = __wasi_path_symlink(a, dir, pb);
        if (!e) printf("OK");
    } else if ((!strcmp(op, "link") || !strcmp(op, "linkf") || !strcmp(op, "rename")) && b) {
        __wasi_fd_t d1 = pick(&pa), d2 = pick(&pb);
        if (!strcmp(op, "rename")) e = __wasi_path_rename(d1, pa, d2, pb);
        else
            e = __wasi_path_link(d1, !strcmp(op, "linkf") ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                                 pa, d2, pb);
        if (!e) printf("OK");
    } else if (!strcmp(op, "race") && b) {
        race(atol(a), tok + 2, ntok - 2);
    } else {
        e = __WASI_ERRNO_INVAL;
    }
    if (e) printf("ERR %d", e);
    printf("\n");
    free(copy);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) attempt(argv[i]);
    return 0;
}
