/* wasi_embed.c: the guest of the WASI embedding tests (tests/tests/embed_wasi.rs):
 * a small command interpreter, so that one module shows what an embedding
 * host's WASI configuration gives it. Its arguments (after argv[0]) are
 * commands, run in order:
 *   cat PATH          print "cat PATH: <content>" (or the error)
 *   write PATH TEXT   create/truncate PATH with TEXT: "write PATH: OK"
 *   append PATH TEXT  append TEXT to PATH
 *   ls DIR            "ls DIR: a b c" (sorted, without . and ..)
 *   rm PATH           unlink PATH
 *   stdin             copy stdin: "stdin: N bytes: <text>" (or the error)
 *   err TEXT          write TEXT and a newline to stderr
 *   env NAME          "env NAME=VALUE" or "env NAME unset"
 *   envcount          "envcount N": the size of the environment
 *   args              "args N: a0|a1|..."
 *   exit N            exit(N) (proc_exit) at once
 * Paths go through wasi-libc, which maps them onto the preopened
 * directories by their guest names (e.g. "/data/x" under a preopen named
 * "/data"). Errors print by name (wasi_common.h). Output is flushed after
 * every command, so what reached stdout before an exit is there. */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "wasi_common.h"

extern char **environ;

static void cat(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cat %s: %s\n", path, ename(errno));
        return;
    }
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    printf("cat %s: %s\n", path, buf);
}

static void put(const char *path, const char *text, const char *mode) {
    FILE *f = fopen(path, mode);
    if (!f) {
        printf("%s %s: %s\n", *mode == 'a' ? "append" : "write", path, ename(errno));
        return;
    }
    fputs(text, f);
    int e = fclose(f) == 0 ? 0 : errno;
    printf("%s %s: %s\n", *mode == 'a' ? "append" : "write", path, ename(e));
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ls(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        printf("ls %s: %s\n", dir, ename(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("ls %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void copy_stdin(void) {
    char buf[512];
    ssize_t n = read(0, buf, sizeof buf - 1);
    if (n < 0) {
        printf("stdin: %s\n", ename(errno));
        return;
    }
    buf[n] = 0;
    printf("stdin: %d bytes: %s\n", (int)n, buf);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *c = argv[i];
        const char *a = i + 1 < argc ? argv[i + 1] : "";
        const char *b = i + 2 < argc ? argv[i + 2] : "";
        if (!strcmp(c, "cat")) cat(a), i++;
        else if (!strcmp(c, "write")) put(a, b, "w"), i += 2;
        else if (!strcmp(c, "append")) put(a, b, "a"), i += 2;
        else if (!strcmp(c, "ls")) ls(a), i++;
        else if (!strcmp(c, "rm")) printf("rm %s: %s\n", a, unlink(a) == 0 ? "OK" : ename(errno)), i++;
        else if (!strcmp(c, "stdin")) copy_stdin();
        else if (!strcmp(c, "err")) fprintf(stderr, "%s\n", a), i++;
        else if (!strcmp(c, "env")) {
            const char *v = getenv(a);
            if (v) printf("env %s=%s\n", a, v);
            else printf("env %s unset\n", a);
            i++;
        } else if (!strcmp(c, "envcount")) {
            int n = 0;
            for (char **e = environ; e && *e; e++) n++;
            printf("envcount %d\n", n);
        } else if (!strcmp(c, "args")) {
            printf("args %d:", argc);
            for (int k = 0; k < argc; k++) printf("%s%s", k ? "|" : " ", argv[k]);
            printf("\n");
        } else if (!strcmp(c, "exit")) {
            fflush(stdout);
            exit(atoi(a));
        } else {
            printf("unknown command %s\n", c);
            return 2;
        }
        fflush(stdout);
    }
    return 0;
}
