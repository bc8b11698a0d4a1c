/* wasi_two_host.c: two instances of one WASI module (tests/c/wasi_embed.c) in
 * one process, each through its own linker and WASI configuration
 * (tests/tests/embed_wasi.rs, and under ASan/UBSan in sanitizers.rs):
 *
 *   host DIR_A DIR_B OUT_A OUT_B
 *
 * Instance A sees DIR_A as "/data", instance B sees DIR_B under the same
 * guest name; A's stdout goes to OUT_A, B's to OUT_B, B's stdin is
 * /dev/null and its stderr closed; they have different arguments and
 * environments. The instances are created first, then run in turn, so both
 * contexts are alive at once; B ends with proc_exit(7) and the host goes on.
 * Then the shorthand wasmc_linker_define_wasi on a third linker (stdio
 * inherited: its output is on the host's stdout), and the configuration
 * errors, each printed as "error: <what>: <message>". Everything the host
 * itself reports goes to its stdout, in order. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "wasmc.h"

extern const struct wasmc_module_desc app_module;

static wasmc_instance_t *instantiate(wasmc_linker_t *l, const char *who) {
    char err[256];
    enum wasmc_outcome outcome;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, NULL, &outcome);
    if (!inst) {
        printf("%s: instantiate: %s\n", who, err);
        exit(1);
    }
    return inst;
}

static void run(wasmc_instance_t *inst, const char *who) {
    struct wasmc_trap_info trap;
    fflush(stdout);
    switch (wasmc_instance_call(inst, "_start", NULL, &trap)) {
    case WASMC_OK: printf("%s: returned\n", who); break;
    case WASMC_EXITED: printf("%s: exited with status %u\n", who, trap.exit_status); break;
    case WASMC_EXCEPTION: wasmc_exception_free(trap.exception); /* fall through */
    case WASMC_TRAPPED: printf("%s: trap: %s\n", who, wasmc_trap_message(trap.code)); break;
    }
    fflush(stdout);
}

static int open_out(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(path);
        exit(1);
    }
    return fd;
}

static void check(bool ok, const char *what, const char *msg) {
    if (ok) printf("error: %s: accepted\n", what);
    else printf("error: %s: %s\n", what, msg);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: host DIR_A DIR_B OUT_A OUT_B\n");
        return 2;
    }
    char *args_a[] = {"a", "args", "env", "WHO", "envcount", "write", "/data/new.txt", "from a",
                      "cat", "/data/shared.txt", "ls", "/data", "cat", "/data/../outside.txt", NULL};
    char *args_b[] = {"b", "args", "env", "WHO", "env", "ONLY_B", "stdin", "ls", "/data",
                      "cat", "/data/shared.txt", "err", "to a closed stderr", "exit", "7",
                      "write", "/data/never.txt", "x", NULL};

    wasmc_wasi_config_t *a = wasmc_wasi_config_new();
    wasmc_wasi_config_set_args(a, 14, args_a);
    wasmc_wasi_config_env(a, "WHO", "instance a");
    wasmc_wasi_config_preopen_dir(a, argv[1], "/data");
    int out_a = open_out(argv[3]);
    wasmc_wasi_config_stdio(a, 1, WASMC_WASI_STDIO_FD, out_a);
    close(out_a);

    wasmc_wasi_config_t *b = wasmc_wasi_config_new();
    wasmc_wasi_config_set_args(b, 18, args_b);
    char *env_b[] = {"WHO=instance b", "ONLY_B=yes", NULL};
    wasmc_wasi_config_set_env(b, env_b);
    wasmc_wasi_config_preopen_dir(b, argv[2], "/data");
    int out_b = open_out(argv[4]);
    wasmc_wasi_config_stdio(b, 1, WASMC_WASI_STDIO_FD, out_b);
    close(out_b);
    wasmc_wasi_config_stdio(b, 0, WASMC_WASI_STDIO_NULL, -1);
    wasmc_wasi_config_stdio(b, 2, WASMC_WASI_STDIO_CLOSED, -1);

    wasmc_linker_t *la = wasmc_linker_new(), *lb = wasmc_linker_new();
    if (!wasmc_linker_define_wasi_config(la, a) || !wasmc_linker_define_wasi_config(lb, b)) {
        printf("define: %s / %s\n", wasmc_linker_error(la), wasmc_linker_error(lb));
        return 1;
    }
    wasmc_wasi_config_free(a);
    wasmc_wasi_config_free(b);
    wasmc_instance_t *ia = instantiate(la, "a"), *ib = instantiate(lb, "b");
    run(ia, "a");
    run(ib, "b");
    printf("host: still running after b's proc_exit\n");

    /* The shorthand: arguments and environment only, stdio inherited. */
    wasmc_linker_t *lc = wasmc_linker_new();
    char *args_c[] = {"c", "args", "env", "WHO", "env", "BARE", "envcount", "ls", "/data", "ls", ".", NULL};
    char *env_c[] = {"WHO=instance c", "BARE", NULL};
    wasmc_linker_define_wasi(lc, 11, args_c, env_c);
    run(instantiate(lc, "c"), "c");

    /* Errors: reported, nothing changed. */
    wasmc_wasi_config_t *e = wasmc_wasi_config_new();
    check(wasmc_wasi_config_set_args(e, -1, NULL), "negative argc", wasmc_wasi_config_error(e));
    char *bad_env[] = {"NOVALUE", NULL};
    check(wasmc_wasi_config_set_env(e, bad_env), "env without =", wasmc_wasi_config_error(e));
    check(wasmc_wasi_config_env(e, "A=B", "c"), "name with =", wasmc_wasi_config_error(e));
    check(wasmc_wasi_config_stdio(e, 3, WASMC_WASI_STDIO_NULL, -1), "stdio 3", wasmc_wasi_config_error(e));
    check(wasmc_wasi_config_stdio(e, 1, WASMC_WASI_STDIO_FD, 9999), "stdio fd 9999",
          wasmc_wasi_config_error(e));
    check(wasmc_wasi_config_listen_fd(e, 0 /* not a listening socket here */), "listen fd 0",
          wasmc_wasi_config_error(e));
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    check(wasmc_wasi_config_listen_fd(e, sock), "unbound socket", wasmc_wasi_config_error(e));
    close(sock);
    check(wasmc_wasi_config_preopen_dir(e, "", "/x"), "empty dir", wasmc_wasi_config_error(e));
    wasmc_wasi_config_preopen_dir(e, "/nonexistent-wasmc-dir", "/x");
    wasmc_linker_t *ld = wasmc_linker_new();
    check(wasmc_linker_define_wasi_config(ld, e), "define", wasmc_linker_error(ld));
    char err[256];
    enum wasmc_outcome outcome;
    wasmc_instance_t *none = wasmc_linker_instantiate(ld, &app_module, err, sizeof err, NULL, &outcome);
    printf("after the failed define: %s\n", none ? "instantiated" : err);
    wasmc_wasi_config_free(e);

    wasmc_linker_free(ld);
    wasmc_linker_free(lc);
    wasmc_linker_free(la);
    wasmc_linker_free(lb);
    return 0;
}
