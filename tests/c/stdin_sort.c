/* Read all lines from stdin with getline, sort them, print the unique lines
 * with counts: exercises fd_read on a large pipe and realloc growth. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    char **lines = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    size_t total = 0;
    while ((len = getline(&line, &lcap, stdin)) != -1) {
        total += (size_t)len;
        if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            lines = realloc(lines, cap * sizeof *lines);
        }
        lines[n++] = strdup(line);
    }
    free(line);
    qsort(lines, n, sizeof *lines, cmp);
    size_t uniq = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(lines[i], lines[j]) == 0) j++;
        if (uniq < 40 || j == n) printf("%5zu %s\n", j - i, lines[i]);
        uniq++;
        i = j;
    }
    printf("lines=%zu unique=%zu bytes=%zu\n", n, uniq, total);
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    return 0;
}
