/* wasi_funcs.h: every function of wasi_snapshot_preview1, one line each.
 *
 * Each function's name, wasm type and argument unpacking are written once,
 * here, as a line X(name, result, params...) of WASI_FUNCS:
 *   result  e  one i32 result, the WASI errno the implementation returns;
 *           n  no result (proc_exit, which does not return);
 *   params  one letter per wasm parameter, in order: i = i32 (uint32_t),
 *           I = i64 (uint64_t); v alone: no parameters.
 * From each line come
 *   - the prototype of the implementation (below), which takes the calling
 *     instance's vmctx and then one C argument per wasm parameter:
 *         fd_seek, e, i, I, i, i  ->
 *         uint32_t wasmc_wasi_fd_seek(struct wasmc_vmctx *vm, uint32_t, uint64_t,
 *                                     uint32_t, uint32_t);
 *     so that an implementation whose C signature disagrees with its line
 *     does not compile;
 *   - in wasi_table.c, the host adapter h_<name>, which unpacks the arguments
 *     from the value slots (v[k].i32 / v[k].i64) and stores the result in
 *     v[0].i32, and the row {"name", h_<name>, "iIii", "i"} that
 *     wasmc_wasi_lookup returns (the letters of struct wasmc_wasi_func).
 * The signatures are those of the witx definition of wasi_snapshot_preview1.
 *
 * WASI_FUNCS_NOSYS lists functions importable without an implementation (they
 * return ERRNO_NOSYS): none at present; kept for additions to the list.
 */
#ifndef WASMC_WASI_FUNCS_H
#define WASMC_WASI_FUNCS_H

#define WASI_FUNCS(X)                              \
    X(args_get, e, i, i)                           \
    X(args_sizes_get, e, i, i)                     \
    X(clock_res_get, e, i, i)                      \
    X(clock_time_get, e, i, I, i)                  \
    X(environ_get, e, i, i)                        \
    X(environ_sizes_get, e, i, i)                  \
    X(fd_advise, e, i, I, I, i)                    \
    X(fd_allocate, e, i, I, I)                     \
    X(fd_close, e, i)                              \
    X(fd_datasync, e, i)                           \
    X(fd_fdstat_get, e, i, i)                      \
    X(fd_fdstat_set_flags, e, i, i)                \
    X(fd_fdstat_set_rights, e, i, I, I)            \
    X(fd_filestat_get, e, i, i)                    \
    X(fd_filestat_set_size, e, i, I)               \
    X(fd_filestat_set_times, e, i, I, I, i)        \
    X(fd_pread, e, i, i, i, I, i)                  \
    X(fd_prestat_dir_name, e, i, i, i)             \
    X(fd_prestat_get, e, i, i)                     \
    X(fd_pwrite, e, i, i, i, I, i)                 \
    X(fd_read, e, i, i, i, i)                      \
    X(fd_readdir, e, i, i, i, I, i)                \
    X(fd_renumber, e, i, i)                        \
    X(fd_seek, e, i, I, i, i)                      \
    X(fd_sync, e, i)                               \
    X(fd_tell, e, i, i)                            \
    X(fd_write, e, i, i, i, i)                     \
    X(path_create_directory, e, i, i, i)           \
    X(path_filestat_get, e, i, i, i, i, i)         \
    X(path_filestat_set_times, e, i, i, i, i, I, I, i) \
    X(path_link, e, i, i, i, i, i, i, i)           \
    X(path_open, e, i, i, i, i, i, I, I, i, i)     \
    X(path_readlink, e, i, i, i, i, i, i)          \
    X(path_remove_directory, e, i, i, i)           \
    X(path_rename, e, i, i, i, i, i, i)            \
    X(path_symlink, e, i, i, i, i, i)              \
    X(path_unlink_file, e, i, i, i)                \
    X(poll_oneoff, e, i, i, i, i)                  \
    X(proc_exit, n, i)                             \
    X(proc_raise, e, i)                            \
    X(random_get, e, i, i)                         \
    X(sched_yield, e, v)                           \
    X(sock_accept, e, i, i, i)                     \
    X(sock_recv, e, i, i, i, i, i, i)              \
    X(sock_send, e, i, i, i, i, i)                 \
    X(sock_shutdown, e, i, i)

#define WASI_FUNCS_NOSYS(X) /* X(name, e, params...): none */

/* ---- the machinery: per-letter expansions ---------------------------------- */

/* WASI_EACH(M, letters...) expands to M(letter, index) for each letter (at
 * most 9: path_open has the most parameters). */
#define WASI_NARGS(...) WASI_NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define WASI_NARGS_(p1, p2, p3, p4, p5, p6, p7, p8, p9, n, ...) n
#define WASI_CAT(a, b) WASI_CAT_(a, b)
#define WASI_CAT_(a, b) a##b
#define WASI_EACH(M, ...) WASI_CAT(WASI_EACH_, WASI_NARGS(__VA_ARGS__))(M, __VA_ARGS__)
#define WASI_EACH_1(M, p0) M(p0, 0)
#define WASI_EACH_2(M, p0, p1) M(p0, 0) M(p1, 1)
#define WASI_EACH_3(M, p0, p1, p2) M(p0, 0) M(p1, 1) M(p2, 2)
#define WASI_EACH_4(M, p0, p1, p2, p3) M(p0, 0) M(p1, 1) M(p2, 2) M(p3, 3)
#define WASI_EACH_5(M, p0, p1, p2, p3, p4) WASI_EACH_4(M, p0, p1, p2, p3) M(p4, 4)
#define WASI_EACH_6(M, p0, p1, p2, p3, p4, p5) WASI_EACH_5(M, p0, p1, p2, p3, p4) M(p5, 5)
#define WASI_EACH_7(M, p0, p1, p2, p3, p4, p5, p6) \
    WASI_EACH_6(M, p0, p1, p2, p3, p4, p5) M(p6, 6)
#define WASI_EACH_8(M, p0, p1, p2, p3, p4, p5, p6, p7) \
    WASI_EACH_7(M, p0, p1, p2, p3, p4, p5, p6) M(p7, 7)
#define WASI_EACH_9(M, p0, p1, p2, p3, p4, p5, p6, p7, p8) \
    WASI_EACH_8(M, p0, p1, p2, p3, p4, p5, p6, p7) M(p8, 8)

/* A parameter letter as a C parameter type (", uint32_t"), as an argument
 * unpacked from value slot k (", v[k].i32") and as its type letter ("i"). */
#define WASI_PARAM(l, k) WASI_PARAM_##l
#define WASI_PARAM_i , uint32_t
#define WASI_PARAM_I , uint64_t
#define WASI_PARAM_v
#define WASI_ARG(l, k) WASI_ARG_##l(k)
#define WASI_ARG_i(k) , v[k].i32
#define WASI_ARG_I(k) , v[k].i64
#define WASI_ARG_v(k)
#define WASI_SIG(l, k) WASI_SIG_##l
#define WASI_SIG_i "i"
#define WASI_SIG_I "I"
#define WASI_SIG_v ""

/* A result letter as the implementation's return type, as the statement that
 * stores the result of `call`, and as its type letters. */
#define WASI_RET_e uint32_t
#define WASI_RET_n WASMC_NORETURN void
#define WASI_STORE_e(call) v[0].i32 = call
#define WASI_STORE_n(call) call
#define WASI_RESULTS_e "i"
#define WASI_RESULTS_n ""

/* The prototypes of the implementations. */
#define WASI_PROTO(name, res, ...) \
    WASI_RET_##res wasmc_wasi_##name(struct wasmc_vmctx *vm WASI_EACH(WASI_PARAM, __VA_ARGS__));
WASI_FUNCS(WASI_PROTO)
#undef WASI_PROTO

#endif /* WASMC_WASI_FUNCS_H */
