/* wasi_args.c: args_get/environ_get edge cases. Prints argc, every argument
 * (argv[0] as its basename) and the whole environment, sorted, with lengths
 * and non-printable or non-ASCII bytes escaped, then a few getenv lookups.
 * The test runs it with empty, unicode, very long and many arguments, and
 * (natively) exactly the environment the wasm build gets through --env and
 * WASMC_ENV_*. */
#include <stdint.h>

#include "wasi_common.h"

extern char **environ;

static void show(const char *s) {
    printf("[%zu] \"", strlen(s));
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 64 && n > 80) {
            /* long values: the start, a checksum and the end */
            uint32_t h = 2166136261u;
            for (size_t j = 0; j < n; j++) h = (h ^ (unsigned char)s[j]) * 16777619u;
            printf("...(fnv %08x)...", h);
            i = n - 16;
            c = (unsigned char)s[i];
        }
        if (c >= 32 && c < 127 && c != '\\' && c != '"') putchar(c);
        else printf("\\x%02x", c);
    }
    printf("\"\n");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    const char *base = strrchr(argv[0], '/');
    printf("argc %d\nargv[0] basename: %s\n", argc, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] ", i);
        show(argv[i]);
    }
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    int n = 0;
    while (environ && environ[n]) n++;
    char **sorted = malloc(sizeof(char *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) sorted[i] = environ[i];
    qsort(sorted, (size_t)n, sizeof sorted[0], cmp);
    printf("environ: %d entries\n", n);
    for (int i = 0; i < n; i++) {
        printf("env ");
        show(sorted[i]);
    }
    const char *names[] = {"WT_EMPTY", "WT_EQ", "WT_MISSING", "WT_BOTH", "WT_BUILD", "WT"};
    for (int i = 0; i < 6; i++) {
        const char *v = getenv(names[i]);
        printf("getenv %s: ", names[i]);
        if (v) show(v);
        else printf("(null)\n");
    }
    return argc;
}
