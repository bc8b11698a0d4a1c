/* wasi_errorder.c: which error a call with two bad paths reports, as
 * Linux decides it. Found by the executable fuzzing (fuzz/src/wasi_exe.rs):
 * link("file/", "missing/x") gave ENOENT (the target's missing parent)
 * where Linux gives ENOTDIR, because the runtime looked the target up before
 * checking the source. Linux's linkat looks up the source first (ENOENT,
 * ENOTDIR for "file/"), then the target (ENOENT, ENOTDIR, EEXIST), and only
 * then refuses a directory source (EPERM).
 *
 * Usage: wasi_errorder ROOT   (an empty directory). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_common.h"

int main(int argc, char **argv) {
    set_root(argc, argv);
    int fd = open(P("file"), O_CREAT | O_WRONLY, 0644);
    if (fd < 0 || write(fd, "data", 4) != 4 || close(fd) != 0) {
        printf("setup: %s\n", ename(errno));
        return 1;
    }
    report("mkdir dir", mkdir(P("dir"), 0755));
    /* A bad source wins over a bad target. */
    report("link file/ missing/x", link(P("file/"), P("missing/x")));
    report("link file/ file/x", link(P("file/"), P("file/x")));
    report("link missing missing/x", link(P("missing"), P("missing/x")));
    report("link missing file/x", link(P("missing"), P("file/x")));
    report("link missing/ missing/x", link(P("missing/"), P("missing/x")));
    /* A directory source: the target is looked at first. */
    report("link dir/ missing/x", link(P("dir/"), P("missing/x")));
    report("link dir/ file", link(P("dir/"), P("file")));
    report("link dir/ new", link(P("dir/"), P("new")));
    report("link dir new", link(P("dir"), P("new")));
    /* Good source, bad target. */
    report("link file missing/x", link(P("file"), P("missing/x")));
    report("link file file/x", link(P("file"), P("file/x")));
    report("link file dir", link(P("file"), P("dir")));
    report("link file file2", link(P("file"), P("file2")));
    struct stat st;
    if (stat(P("file"), &st) == 0) printf("file nlink: %lu\n", (unsigned long)st.st_nlink);
    return 0;
}
