/* File I/O inside a directory granted with `--dir HOST::/data`, the
 * environment from `--env`, and the sandbox refusing paths outside it.
 * wasm-only: the native build has no /data. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    printf("GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");

    FILE *f = fopen("/data/out.txt", "w");
    if (!f) { perror("fopen /data/out.txt"); return 1; }
    for (int i = 0; i < 3; i++) fprintf(f, "line %d\n", i);
    fclose(f);

    f = fopen("/data/input.txt", "r");
    if (!f) { perror("fopen /data/input.txt"); return 1; }
    char buf[128];
    while (fgets(buf, sizeof buf, f)) printf("input: %s", buf);
    fclose(f);

    if (mkdir("/data/sub", 0755) != 0) { perror("mkdir"); return 1; }
    f = fopen("/data/sub/x", "w");
    fputs("x", f);
    fclose(f);
    struct stat st;
    if (stat("/data/sub/x", &st) != 0) { perror("stat"); return 1; }
    printf("sub/x size=%lld\n", (long long)st.st_size);

    /* Listing, sorted for a stable transcript. */
    DIR *d = opendir("/data");
    if (!d) { perror("opendir"); return 1; }
    char names[16][64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16) {
        if (e->d_name[0] == '.') continue;
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < n; i++) printf("entry: %s\n", names[i]);

    /* Escapes are refused. */
    printf("open ../secret: %s\n", fopen("/data/../secret", "r") ? "OPENED" : "refused");
    printf("open /etc/passwd: %s\n", fopen("/etc/passwd", "r") ? "OPENED" : "refused");
    printf("open link-out: %s\n", fopen("/data/link-out", "r") ? "OPENED" : "refused");

    if (unlink("/data/sub/x") != 0 || rmdir("/data/sub") != 0) { perror("cleanup"); return 1; }
    return 0;
}
