/* wasi_dirs.c: directories and names through WASI: mkdir/rmdir, readdir
 * (a directory larger than one fd_readdir buffer, rewinddir), rename,
 * unlink, hard links, symlinks and readlink, symlink loops, trailing
 * slashes, and a final recursive listing. At the end, three attempts to
 * reach outside ROOT (an absolute symlink, "../outside-file" and
 * "../outside-dir"): these work natively and are refused in wasm.
 *
 * Usage: wasi_dirs ROOT   (an empty directory). */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_common.h"

static void put(const char *rel, const char *content) {
    int fd = open(P(rel), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) {
        printf("create %s: %s\n", rel, ename(errno));
        return;
    }
    write(fd, content, strlen(content));
    close(fd);
}

static void cat(const char *label, const char *rel) {
    char buf[128];
    int fd = open(P(rel), O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", label, ename(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    printf("%s: \"%.*s\"\n", label, (int)(n > 0 ? n : 0), buf);
    close(fd);
}

static const char *kind(unsigned char t) {
    switch (t) {
    case DT_REG: return "file";
    case DT_DIR: return "dir";
    case DT_LNK: return "link";
    default: return "other";
    }
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "name/type" entries of a directory, "." and ".." included. */
static void list(const char *rel) {
    DIR *d = opendir(P(rel));
    if (!d) {
        printf("opendir %s: %s\n", rel, ename(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 64) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s/%s", de->d_name, kind(de->d_type));
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("ls %s:", rel);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

/* Recursive listing with sizes and link targets (not ".", ".."). */
static void tree(const char *rel, int depth) {
    DIR *d = opendir(P(rel));
    if (!d) return;
    char *names[300];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 300)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        char sub[600];
        snprintf(sub, sizeof sub, "%s/%s", rel, names[i]);
        struct stat st;
        if (lstat(P(sub), &st) != 0) {
            printf("%*s%s: %s\n", depth * 2, "", names[i], ename(errno));
        } else if (S_ISLNK(st.st_mode)) {
            char t[256];
            ssize_t k = readlink(P(sub), t, sizeof t);
            printf("%*s%s -> %.*s\n", depth * 2, "", names[i], (int)(k > 0 ? k : 0), t);
        } else if (S_ISDIR(st.st_mode) && strcmp(names[i], "many") == 0) {
            printf("%*s%s/ (contents listed above)\n", depth * 2, "", names[i]);
        } else if (S_ISDIR(st.st_mode)) {
            printf("%*s%s/\n", depth * 2, "", names[i]);
            tree(sub, depth + 1);
        } else {
            printf("%*s%s (%lld bytes, %lu links)\n", depth * 2, "", names[i],
                   (long long)st.st_size, (unsigned long)st.st_nlink);
        }
        free(names[i]);
    }
}

int main(int argc, char **argv) {
    set_root(argc, argv);
    struct stat st, st2;

    /* --- mkdir --- */
    report("mkdir d", mkdir(P("d"), 0755));
    report("mkdir d again", mkdir(P("d"), 0755));
    report("mkdir in missing dir", mkdir(P("nodir/x"), 0755));
    put("file", "I am a file");
    report("mkdir under a file", mkdir(P("file/x"), 0755));
    report("mkdir with trailing slash", mkdir(P("d/slash/"), 0755));
    report("mkdir nested", mkdir(P("d/slash/inner"), 0755));
    report("mkdir .", mkdir(P("."), 0755));
    put("d/a", "A");
    put("d/b", "B");
    put("d/c", "C");
    report("mkdir d/sub", mkdir(P("d/sub"), 0755));
    put("d/sub/inner", "inner");
    list("d");

    /* --- a directory bigger than one readdir buffer --- */
    report("mkdir many", mkdir(P("many"), 0755));
    for (int i = 0; i < 250; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-longish-name-%03d", i);
        put(name, "");
    }
    DIR *dd = opendir(P("many"));
    int count = 0, seen[250] = {0}, dups = 0;
    struct dirent *de;
    while ((de = readdir(dd))) {
        count++;
        int k;
        if (sscanf(de->d_name, "entry-with-a-longish-name-%d", &k) == 1 && k >= 0 && k < 250)
            dups += seen[k]++ != 0;
    }
    int all = 1;
    for (int i = 0; i < 250; i++) all &= seen[i] == 1;
    printf("many: %d entries, each once: %s, duplicates: %d\n", count, all ? "yes" : "no", dups);
    rewinddir(dd);
    count = 0;
    while (readdir(dd)) count++;
    printf("many after rewind: %d entries\n", count);
    /* telldir/seekdir: the same entries again from a remembered position */
    rewinddir(dd);
    for (int i = 0; i < 100; i++) readdir(dd);
    long mark = telldir(dd);
    char first[10][300];
    for (int i = 0; i < 10; i++) {
        de = readdir(dd);
        snprintf(first[i], sizeof first[i], "%s", de ? de->d_name : "(end)");
    }
    for (int i = 0; i < 50; i++) readdir(dd);
    seekdir(dd, mark);
    int same = 1;
    for (int i = 0; i < 10; i++) {
        de = readdir(dd);
        same &= de && strcmp(first[i], de->d_name) == 0;
    }
    printf("seekdir back to telldir: same 10 entries again: %s\n", same ? "yes" : "no");
    closedir(dd);
    report("opendir a file", opendir(P("file")) ? 0 : -1);
    report("opendir missing", opendir(P("missing")) ? 0 : -1);

    /* --- rename --- */
    report("rename file", rename(P("d/a"), P("d/a2")));
    report("rename over existing file", rename(P("d/b"), P("d/c")));
    cat("d/c now", "d/c");
    report("rename dir", rename(P("d/sub"), P("d/sub2")));
    report("rename missing", rename(P("d/nope"), P("d/x")));
    report("mkdir d/full", mkdir(P("d/full"), 0755));
    put("d/full/x", "x");
    report("rename dir onto empty dir", rename(P("d/slash"), P("d/empty-target")));
    report("mkdir d/empty2", mkdir(P("d/empty2"), 0755));
    report("rename dir onto empty dir 2", rename(P("d/empty-target"), P("d/empty2")));
    report("rename dir onto non-empty dir", rename(P("d/empty2"), P("d/full")));
    report("rename file onto dir", rename(P("d/c"), P("d/full")));
    report("rename dir onto file", rename(P("d/full"), P("d/c")));
    report("rename dir into itself", rename(P("d/full"), P("d/full/sub")));
    report("rename to same name", rename(P("d/c"), P("d/c")));
    report("rename across dirs", rename(P("d/a2"), P("d/sub2/a3")));
    list("d");

    /* --- unlink / rmdir --- */
    report("unlink file", unlink(P("d/c")));
    report("unlink again", unlink(P("d/c")));
    report("unlink a dir", unlink(P("d/full")));
    report("rmdir non-empty", rmdir(P("d/full")));
    report("rmdir a file", rmdir(P("file")));
    report("rmdir d/.", rmdir(P("d/.")));
    report("unlink d/full/x", unlink(P("d/full/x")));
    report("rmdir now empty", rmdir(P("d/full")));
    report("rmdir missing", rmdir(P("d/full")));
    report("rmdir trailing slash", rmdir(P("d/empty2/")));
    list("d");

    /* --- hard links --- */
    put("orig", "original content");
    report("link", link(P("orig"), P("hard")));
    stat(P("orig"), &st);
    stat(P("hard"), &st2);
    printf("nlink %lu, same inode: %s\n", (unsigned long)st.st_nlink,
           st.st_ino == st2.st_ino ? "yes" : "no");
    cat("through hard link", "hard");
    report("link onto existing", link(P("orig"), P("file")));
    report("link a directory", link(P("d"), P("dlink")));
    report("link missing", link(P("nope"), P("x")));
    report("link into missing dir", link(P("orig"), P("nodir/x")));
    report("unlink original", unlink(P("orig")));
    cat("hard link after unlink", "hard");
    stat(P("hard"), &st);
    printf("nlink now %lu\n", (unsigned long)st.st_nlink);

    /* --- symlinks --- */
    report("symlink to file", symlink("hard", P("sym")));
    cat("through symlink", "sym");
    char buf[64];
    ssize_t n = readlink(P("sym"), buf, sizeof buf);
    printf("readlink: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
    n = readlink(P("sym"), buf, 2);
    printf("readlink short buffer: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
    report("readlink a file", readlink(P("hard"), buf, sizeof buf));
    report("readlink missing", readlink(P("nope"), buf, sizeof buf));
    lstat(P("sym"), &st);
    stat(P("sym"), &st2);
    printf("lstat: link=%d; stat: reg=%d size=%lld\n", S_ISLNK(st.st_mode) != 0,
           S_ISREG(st2.st_mode) != 0, (long long)st2.st_size);
    report("symlink onto existing", symlink("x", P("sym")));
    report("symlink to dir", symlink("d/sub2", P("dsym")));
    cat("through dir symlink", "dsym/inner");
    report("symlink to dir with slash", symlink("d/sub2/", P("dsym2")));
    cat("through dir/ symlink", "dsym2/inner");
    report("symlink chain", symlink("sym", P("sym2")));
    cat("through chain", "sym2");
    report("dangling symlink", symlink("target-later", P("dangle")));
    cat("open dangling", "dangle");
    stat(P("dangle"), &st);
    report("stat dangling", stat(P("dangle"), &st));
    report("lstat dangling", lstat(P("dangle"), &st));
    int fd = open(P("dangle"), O_CREAT | O_WRONLY, 0644);
    report("O_CREAT through dangling symlink", fd);
    if (fd >= 0) {
        write(fd, "made", 4);
        close(fd);
    }
    cat("target-later", "target-later");
    report("O_CREAT|O_EXCL on a symlink", open(P("sym"), O_CREAT | O_EXCL | O_WRONLY, 0644));
    report("O_NOFOLLOW on a symlink", open(P("sym"), O_RDONLY | O_NOFOLLOW));
    report("symlink loop a", symlink("loop-b", P("loop-a")));
    report("symlink loop b", symlink("loop-a", P("loop-b")));
    cat("open loop", "loop-a");
    report("stat loop", stat(P("loop-a"), &st));
    report("self loop", symlink("self", P("self")));
    cat("open self loop", "self/x");
    report("symlink ../ inside", symlink("../hard", P("d/up")));
    cat("through ../ symlink", "d/up");
    report("stat link/ to file", stat(P("sym/"), &st));
    report("stat link/ to dir", stat(P("dsym/"), &st));
    report("unlink symlink", unlink(P("sym2")));
    cat("target survives", "sym");
    report("rmdir symlink to dir", rmdir(P("dsym2")));
    report("rename symlink", rename(P("dsym2"), P("dsym3")));
    cat("renamed dir symlink", "dsym3/inner");
    report("symlink empty target", symlink("", P("empty-link")));

    /* --- paths with . and .. inside the root --- */
    cat("d/../hard", "d/../hard");
    cat("d/./sub2/../sub2/inner", "d/./sub2/../sub2/inner");
    cat("dsym/../sub2/inner (physical ..)", "dsym/../sub2/inner");

    /* --- the edge of the sandbox: where wasm differs from native --- */
    report("symlink with an absolute target", symlink("/", P("abs-link")));
    unlink(P("abs-link"));
    cat("open ../outside-file", "../outside-file");
    report("mkdir ../outside-dir", mkdir(P("../outside-dir"), 0755));
    rmdir(P("../outside-dir"));

    printf("--- tree\n");
    tree(".", 0);
    return 0;
}
