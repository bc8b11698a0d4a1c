/* wasi_run_host.c: an embedding host that runs a WASI command module (its
 * `_start`) with a WASI configuration taken from its own command line, the
 * way an embedder would build one (tests/tests/embed_wasi.rs, the sandbox
 * escape suite through the embedding API in tests/tests/wasi_escape.rs, and
 * under ASan/UBSan in tests/tests/sanitizers.rs):
 *
 *   host [OPTIONS] -- GUEST-ARGV...
 *     --dir HOST::GUEST      wasmc_wasi_config_preopen_dir (repeatable)
 *     --dir-fd HOST::GUEST   HOST opened here (O_RDONLY), handed over with
 *                            wasmc_wasi_config_preopen_fd and closed at once
 *     --env NAME=VALUE       wasmc_wasi_config_env (repeatable)
 *     --inherit-env          wasmc_wasi_config_inherit_env
 *     --stdin|--stdout|--stderr WHAT
 *                            WHAT = "inherit", "null", "closed", or a file
 *                            (stdin: read; stdout/stderr: created, truncated),
 *                            opened here, handed over with
 *                            WASMC_WASI_STDIO_FD and closed here at once
 *     --listen-fd N          wasmc_wasi_config_listen_fd
 *     --legacy               wasmc_linker_define_wasi(argc, argv, environ)
 *                            instead (no other option applies)
 *
 * The guest's argv is GUEST-ARGV (argv[0] included). Afterwards the host
 * reports on its own stderr, "host: _start returned", "host: _start exited
 * with status N" (the process goes on after proc_exit: that is the point)
 * or the trap, and exits with the guest's status (0, N, 134 for a trap), or
 * 1 with "host: error: ..." when the configuration or instantiation fails. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wasmc.h"

extern const struct wasmc_module_desc app_module;
extern char **environ;

static int fail(const char *what, const char *why) {
    fprintf(stderr, "host: error: %s: %s\n", what, why);
    return 1;
}

/* fail(), then free the configuration (`why` may be its error message). */
static int fail_free(wasmc_wasi_config_t *cfg, const char *what, const char *why) {
    int r = fail(what, why);
    wasmc_wasi_config_free(cfg);
    return r;
}

/* --stdin/--stdout/--stderr WHAT into the configuration. */
static int stdio_option(wasmc_wasi_config_t *cfg, int fd, const char *what) {
    bool ok;
    if (!strcmp(what, "inherit")) ok = wasmc_wasi_config_stdio(cfg, fd, WASMC_WASI_STDIO_INHERIT, -1);
    else if (!strcmp(what, "null")) ok = wasmc_wasi_config_stdio(cfg, fd, WASMC_WASI_STDIO_NULL, -1);
    else if (!strcmp(what, "closed")) ok = wasmc_wasi_config_stdio(cfg, fd, WASMC_WASI_STDIO_CLOSED, -1);
    else {
        int h = fd == 0 ? open(what, O_RDONLY) : open(what, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (h < 0) return fail(what, "cannot open");
        ok = wasmc_wasi_config_stdio(cfg, fd, WASMC_WASI_STDIO_FD, h);
        close(h); /* the configuration holds its own duplicate */
    }
    return ok ? 0 : fail("stdio", wasmc_wasi_config_error(cfg));
}

int main(int argc, char **argv) {
    wasmc_wasi_config_t *cfg = wasmc_wasi_config_new();
    bool legacy = false;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok = true;
        if (!strcmp(opt, "--inherit-env")) {
            if (!wasmc_wasi_config_inherit_env(cfg)) return fail_free(cfg, opt, wasmc_wasi_config_error(cfg));
            continue;
        }
        if (!strcmp(opt, "--legacy")) {
            legacy = true;
            continue;
        }
        if (!val) return fail_free(cfg, opt, "missing value");
        i++;
        if (!strcmp(opt, "--dir") || !strcmp(opt, "--dir-fd")) {
            char *host = strdup(val), *sep = strstr(host, "::");
            const char *guest = host;
            if (sep) {
                *sep = 0;
                guest = sep + 2;
            }
            if (!strcmp(opt, "--dir")) {
                ok = wasmc_wasi_config_preopen_dir(cfg, host, guest);
            } else {
                int fd = open(host, O_RDONLY);
                if (fd < 0) {
                    free(host);
                    return fail_free(cfg, val, "cannot open");
                }
                ok = wasmc_wasi_config_preopen_fd(cfg, fd, guest);
                close(fd); /* the configuration holds its own duplicate */
            }
            free(host);
        } else if (!strcmp(opt, "--env")) {
            char *name = strdup(val), *eq = strchr(name, '=');
            if (!eq) {
                free(name);
                return fail_free(cfg, opt, "expected NAME=VALUE");
            }
            *eq = 0;
            ok = wasmc_wasi_config_env(cfg, name, eq + 1);
            free(name);
        } else if (!strcmp(opt, "--stdin") || !strcmp(opt, "--stdout") || !strcmp(opt, "--stderr")) {
            int fd = opt[5] == 'i' ? 0 : opt[5] == 'o' ? 1 : 2;
            if (stdio_option(cfg, fd, val)) return fail_free(cfg, opt, "bad value");
        } else if (!strcmp(opt, "--listen-fd")) {
            ok = wasmc_wasi_config_listen_fd(cfg, atoi(val));
        } else {
            return fail_free(cfg, opt, "unknown option");
        }
        if (!ok) return fail_free(cfg, opt, wasmc_wasi_config_error(cfg));
    }
    if (i >= argc) return fail_free(cfg, "usage", "host [OPTIONS] -- GUEST-ARGV...");
    int gargc = argc - i - 1;
    char **gargv = argv + i + 1;
    if (!wasmc_wasi_config_set_args(cfg, gargc, gargv))
        return fail_free(cfg, "args", wasmc_wasi_config_error(cfg));

    wasmc_linker_t *linker = wasmc_linker_new();
    if (legacy) {
        wasmc_linker_define_wasi(linker, gargc, gargv, environ);
    } else if (!wasmc_linker_define_wasi_config(linker, cfg)) {
        int r = fail("define", wasmc_linker_error(linker));
        wasmc_wasi_config_free(cfg);
        wasmc_linker_free(linker);
        return r;
    }
    wasmc_wasi_config_free(cfg); /* the linker keeps what it needs */

    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    int status = 1;
    wasmc_instance_t *inst =
        wasmc_linker_instantiate(linker, &app_module, err, sizeof err, &trap, &outcome);
    if (!inst) {
        fail("instantiate", err);
    } else {
        switch (wasmc_instance_call(inst, "_start", NULL, &trap)) {
        case WASMC_OK:
            fprintf(stderr, "host: _start returned\n");
            status = 0;
            break;
        case WASMC_EXITED:
            fprintf(stderr, "host: _start exited with status %u\n", trap.exit_status);
            status = (int)trap.exit_status;
            break;
        case WASMC_EXCEPTION:
            wasmc_exception_free(trap.exception);
            /* fall through */
        case WASMC_TRAPPED:
            wasmc_print_trap(&trap);
            status = 134;
            break;
        }
    }
    wasmc_linker_free(linker);
    return status;
}
