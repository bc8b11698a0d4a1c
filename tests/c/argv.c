/* argv passing: argc, every argument byte-exact, argv[0] by basename only
 * (the harness gives the native and the wasm executable the same name). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    printf("argc=%d\n", argc);
    printf("argv[0] basename=%s\n", base);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    }
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    return argc;
}
