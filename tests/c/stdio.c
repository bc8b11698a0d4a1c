/* Standard streams: puts/putchar/fputs/fwrite/fprintf to stdout and stderr,
 * a caller-supplied setvbuf buffer, large writes, and reading stdin with fread and fgets. */
#include <stdio.h>
#include <string.h>

int main(void) {
    static char inbuf[70000];
    static char outbuf[4096];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 10;
    printf("first line: %s", line);
    size_t n = fread(inbuf, 1, sizeof inbuf, stdin);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) sum = sum * 33 + (unsigned char)inbuf[i];
    printf("fread %zu bytes, hash %08x, eof=%d\n", n, sum, feof(stdin) != 0);
    puts("puts line");
    putchar('c');
    putchar('\n');
    fputs("fputs no newline", stdout);
    fputc('\n', stdout);
    fwrite("fwrite\0hidden", 1, 6, stdout);
    fwrite("\n", 1, 1, stdout);
    fprintf(stderr, "err %d\n", 1);
    fputs("err line 2\n", stderr);
    printf("fully buffered %s\n", "line");
    static char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('A' + i % 26);
    for (size_t i = 99; i < sizeof big; i += 100) big[i] = '\n';
    size_t w = fwrite(big, 1, sizeof big, stdout);
    printf("\nwrote %zu\n", w);
    fflush(stdout);
    return ferror(stdout) ? 1 : 0;
}
