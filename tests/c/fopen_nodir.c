/* File I/O without any preopened directory (wasmc build has no --dir here):
 * every path open must fail with errno set, while the standard streams keep
 * working. Natively the opens would succeed, so this is a wasm-only test. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

int main(void) {
    errno = 0;
    FILE *f = fopen("wasmc_test_output.txt", "w");
    printf("fopen relative w: %s errno set: %d\n", f ? "opened" : "NULL", errno != 0);
    errno = 0;
    f = fopen("/tmp/wasmc_test_output.txt", "w");
    printf("fopen absolute w: %s errno set: %d\n", f ? "opened" : "NULL", errno != 0);
    errno = 0;
    f = fopen("/etc/passwd", "r");
    printf("fopen read: %s errno set: %d\n", f ? "opened" : "NULL", errno != 0);
    errno = 0;
    int fd = open("x", O_RDONLY);
    printf("open: %d errno set: %d\n", fd, errno != 0);
    /* flush first: stdout may be line- or fully buffered, write(1) is not */
    fflush(stdout);
    const char msg[] = "write(1) works\n";
    ssize_t n = write(1, msg, strlen(msg));
    fprintf(stderr, "stderr works\n");
    printf("wrote %d\n", (int)n);
    return 0;
}
