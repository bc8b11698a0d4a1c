/* config.h: every compile-time switch of the runtime, in one place.
 *
 * The runtime is configured with -D on the C compiler command line (for
 * `wasmc build` and `wasmc runtime`: WASMC_RUNTIME_CFLAGS="-D...", which is
 * also part of the runtime cache key). All switches are optional; this
 * header gives the defaults and refuses, with #error, values and
 * combinations that cannot work, so a bad configuration fails at build time
 * instead of misbehaving at run time. rt.h includes it first, so every
 * runtime file sees the same values.
 *
 *   WASMC_DEFAULT_STACK_SIZE  native stack of the guest thread in bytes
 *                             (default 8 MiB; run time: WASMC_STACK_SIZE).
 *                             Must exceed WASMC_HOST_STACK_RESERVE by at
 *                             least WASMC_MIN_GUEST_STACK.
 *   WASMC_HOST_STACK_RESERVE  bytes kept free below the wasm stack limit for
 *                             libcalls and host functions (default 256 KiB,
 *                             at least WASMC_HOST_STACK_RESERVE_MIN, 64 KiB:
 *                             32 KiB for WASI handlers, which keep two 4 KiB
 *                             path buffers and iovec arrays on the stack, and
 *                             WASMC_UNCHECKED_FRAME_MAX for a wasm frame
 *                             that is checked after its prologue or not at
 *                             all; rt.h asserts it).
 *   WASMC_MAX_BACKTRACE       frames recorded in a trap backtrace (default
 *                             64, 1..4096). It sizes struct wasmc_trap_info
 *                             in the public wasmc.h, so a host program that
 *                             links the runtime must be compiled with the
 *                             same value; wasmc.h holds the default.
 *   WASMC_MAX_WASI_THREADS    wasi-threads threads alive at once besides
 *                             the main one (default 1024, 1..1048576):
 *                             thread-spawn fails (-1) beyond that.
 *   WASMC_WASI_MAX_FDS        capacity of the WASI descriptor table (default
 *                             4096, 3..16777216: stdio needs the first 3).
 *   WASMC_MEMORY64_MAX_BYTES  size a 64-bit (memory64) memory may reach when
 *                             no --max-memory is configured (default
 *                             16 GiB; a multiple of 64 KiB, at least 4 GiB,
 *                             at most 2^48). Its declared maximum caps it
 *                             further; memory.grow past the cap fails.
 *   WASMC_NO_OPENAT2          never use Linux openat2: WASI paths are always
 *                             resolved by the portable component walk.
 *   WASMC_PORTABLE            use the POSIX fallbacks for every Linux-only
 *                             call even on Linux (implies WASMC_NO_OPENAT2);
 *                             the tests run the WASI suites this way because
 *                             these are the code paths macOS runs.
 *
 * Run-time knobs (environment variables read by the executable driver) are
 * listed in the README, not here.
 */
#ifndef WASMC_CONFIG_H
#define WASMC_CONFIG_H

#ifndef WASMC_DEFAULT_STACK_SIZE
#define WASMC_DEFAULT_STACK_SIZE (8u << 20)
#endif
#ifndef WASMC_HOST_STACK_RESERVE
#define WASMC_HOST_STACK_RESERVE (256u << 10)
#endif
/* Smallest guest stack above the reserve that WASMC_STACK_SIZE may ask for. */
#define WASMC_MIN_GUEST_STACK (256u << 10)
#ifndef WASMC_WASI_MAX_FDS
#define WASMC_WASI_MAX_FDS 4096
#endif

#ifndef WASMC_MAX_WASI_THREADS
#define WASMC_MAX_WASI_THREADS 1024
#endif

#ifndef WASMC_MEMORY64_MAX_BYTES
#define WASMC_MEMORY64_MAX_BYTES (16ull << 30)
#endif

#if WASMC_HOST_STACK_RESERVE < (32u << 10)
#error "WASMC_HOST_STACK_RESERVE must be at least 32 KiB (host functions run in it)"
#endif
#if WASMC_DEFAULT_STACK_SIZE < WASMC_HOST_STACK_RESERVE + WASMC_MIN_GUEST_STACK
#error "WASMC_DEFAULT_STACK_SIZE must exceed WASMC_HOST_STACK_RESERVE by at least 256 KiB"
#endif
#if defined(WASMC_MAX_BACKTRACE) && (WASMC_MAX_BACKTRACE < 1 || WASMC_MAX_BACKTRACE > 4096)
#error "WASMC_MAX_BACKTRACE must be between 1 and 4096"
#endif
#if WASMC_MAX_WASI_THREADS < 1 || WASMC_MAX_WASI_THREADS > 1048576
#error "WASMC_MAX_WASI_THREADS must be between 1 and 1048576"
#endif
#if WASMC_WASI_MAX_FDS < 3 || WASMC_WASI_MAX_FDS > 16777216
#error "WASMC_WASI_MAX_FDS must be between 3 (stdin, stdout, stderr) and 16777216"
#endif
#if WASMC_MEMORY64_MAX_BYTES % 65536 != 0 || WASMC_MEMORY64_MAX_BYTES < (4ull << 30) || \
    WASMC_MEMORY64_MAX_BYTES > (1ull << 48)
#error "WASMC_MEMORY64_MAX_BYTES must be a multiple of 64 KiB between 4 GiB and 2^48"
#endif
#if defined(WASMC_PORTABLE) && !defined(WASMC_NO_OPENAT2)
#define WASMC_NO_OPENAT2 1
#endif

#endif /* WASMC_CONFIG_H */
