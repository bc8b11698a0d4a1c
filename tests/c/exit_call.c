/* exit(3) from a nested call: atexit handlers run in reverse order,
 * constructors ran before main, buffered stdout is flushed. */
#include <stdio.h>
#include <stdlib.h>

static int initialized;
__attribute__((constructor)) static void ctor(void) { initialized = 17; }

static void first(void) { printf("atexit first (runs last)\n"); }
static void second(void) { printf("atexit second (runs first)\n"); }

static void leave(int depth) {
    if (depth == 0) {
        printf("exiting from depth 0\n");
        exit(3);
    }
    leave(depth - 1);
    printf("not reached\n");
}

int main(void) {
    printf("ctor ran: %d\n", initialized);
    atexit(first);
    atexit(second);
    fprintf(stderr, "to stderr\n");
    printf("unflushed line without newline...");
    leave(5);
    return 0;
}
