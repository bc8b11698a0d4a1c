/* trap.c: entering wasm, traps, exits, the fault handler and backtraces.
 *
 * Host code enters wasm only through wasmc_call(), which pushes an
 * "activation" (a sigjmp_buf) on a thread-local stack. A trap unwinds to the
 * innermost activation with siglongjmp, from one of two places:
 *
 *  - wasmc_trap(), called by libcalls and host functions (plain C context);
 *  - the signal handler, when a SIGSEGV/SIGBUS/SIGILL/SIGFPE is raised by an
 *    instruction the compiler recorded as a trap site (unchecked memory
 *    accesses hitting the guard region, ud2/udf for explicit traps and for
 *    the stack-limit checks, divisions).
 *
 * Any other fault is not ours: it is passed on to whatever handler was
 * installed before us, or, if that was the default action, the default is
 * restored and the faulting instruction re-executed so the process dies with
 * the original signal (and core dump) as if we had never been here.
 *
 * Stack limits: wasm code cannot be allowed to run the native stack into its
 * guard page (that would be an unrecoverable SIGSEGV, and on the main thread
 * possibly a silent collision with other mappings). Compiled code compares
 * SP with vmctx->stack_limit (in the prologue, after it, or, in small leaves,
 * not at all: compiler emit/stack_check.rs); wasmc_call sets that to the lowest
 * address of this thread's stack plus WASMC_HOST_STACK_RESERVE, leaving room
 * for libcalls, host functions and the C library below the deepest wasm
 * frame.
 *
 * Signal-safety: the handler only reads thread-locals (initial-exec TLS, so
 * no lazy allocation), the lock-free code registry (code_registry.c), and the
 * stack, and its stack walk checks every frame pointer against the thread's
 * stack bounds before dereferencing it. It runs on a per-thread alternate signal stack so
 * that it works even when a fault is caused by stack exhaustion.
 *
 * Dependencies: what instantiation publishes (compiled code, live instances)
 * comes from code_registry.h, and host function references are recognised by
 * wasmc_host_array_call (host_func.c); nothing here depends on instance.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include "code_registry.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/ucontext.h>
#endif

#if defined(__ELF__)
/* initial-exec: the handler must not trigger lazy TLS allocation. */
#define WASMC_TLS _Thread_local __attribute__((tls_model("initial-exec")))
#else
/* Mach-O: an image's thread-locals are allocated together on the thread's
 * first access to any of them, which thread_prepare() makes before wasm runs
 * on the thread, so the handler never triggers that allocation either. */
#define WASMC_TLS _Thread_local
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(WASMC_NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define WASMC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef WASMC_NO_ASAN
#define WASMC_NO_ASAN
#endif

/* Alternate signal stack size (per thread that runs wasm). Chained handlers
 * (sanitizers, language runtimes) run on it too, so be generous. */
#define ALTSTACK_SIZE (128u << 10)

enum { JUMP_TRAP = 1, JUMP_EXIT = 2 };

struct activation {
    sigjmp_buf jmp;
    struct activation *prev;
    struct wasmc_trap_info *info; /* where the trap/exit is recorded */
};

/* Innermost activation of this thread (NULL: no wasm running). */
static WASMC_TLS struct activation *volatile t_act;
/* This thread's stack [lo, hi) and wasm stack limit; hi == 0: not yet known. */
static WASMC_TLS uintptr_t t_stack_lo, t_stack_hi, t_stack_limit;

/* ======================================================================== */
/* Messages                                                                 */
/* ======================================================================== */

static const char *const trap_messages[] = WASMC_TRAP_MESSAGES;
_Static_assert(sizeof trap_messages / sizeof trap_messages[0] == WASMC_TRAP_MAX + 1,
               "one message per trap code");

const char *wasmc_trap_message(uint32_t code) {
    return code <= WASMC_TRAP_MAX ? trap_messages[code] : trap_messages[0];
}

void wasmc_print_trap(const struct wasmc_trap_info *info) {
    fprintf(stderr, "wasm trap: %s\n", wasmc_trap_message(info->code));
    fprintf(stderr, "wasm backtrace:\n");
    uint32_t n = info->num_frames < WASMC_MAX_BACKTRACE ? info->num_frames : WASMC_MAX_BACKTRACE;
    for (uint32_t i = 0; i < n; i++) {
        const struct wasmc_module_desc *d = info->frame_module[i];
        uint32_t f = info->frame_func[i];
        const char *name = d && f < d->num_funcs ? d->funcs[f].name : NULL;
        if (name) fprintf(stderr, "  %u: %s\n", i, name);
        else fprintf(stderr, "  %u: func[%u]\n", i, f);
    }
    if (info->more_frames) fprintf(stderr, "  ... %u more frames\n", info->more_frames);
    fflush(stderr);
}

/* ======================================================================== */
/* Backtraces (async-signal-safe)                                           */
/* ======================================================================== */

/* Frame records, as laid out by generated code: the frame pointer points at
 * the saved caller frame pointer, and the return address sits FRAME_RA_SLOT
 * words above it.
 *
 *  - x86-64, aarch64: [fp] = caller's fp, [fp + 8] = return address. C frames
 *    (compiled with -fno-omit-frame-pointer) look the same, so one walk passes
 *    through wasm and C frames alike.
 *  - riscv64: Cranelift's s0 points at its {saved s0, saved ra} pair, like
 *    aarch64. GCC's and clang's s0 point 16 bytes ABOVE that pair (s0 = the
 *    CFA), so the chain changes meaning at every wasm/C boundary: a walk
 *    only follows wasm frames (WASMC_BT_WASM_ONLY), and traps raised from C
 *    walk the C frames with their own layout until they reach generated code
 *    (WASMC_BT_C_FP, bt_from_c).
 *  - s390x: no frame pointer. Cranelift keeps the ABI's optional back chain
 *    (preserve_frame_pointers): the word at SP is the SP at function entry,
 *    and the prologue saved r14 (return address) 14 words above that entry
 *    SP, so "fp" is the back chain value. GCC keeps no back chain (without
 *    -mbackchain), so walks only follow wasm frames, and traps raised from C
 *    find the first wasm frame with the DWARF unwinder (WASMC_BT_UNWIND: C
 *    code has CFI by default on s390x, unlike riscv64 with GCC < 14). */
#if defined(__linux__) && defined(__s390x__)
#define WASMC_BT_WASM_ONLY 1
#define WASMC_BT_UNWIND 1
#define WASMC_BT_C_FP 0
#elif defined(__riscv) && __riscv_xlen == 64
#define WASMC_BT_WASM_ONLY 1
#define WASMC_BT_UNWIND 0
#define WASMC_BT_C_FP 1
#else
#define WASMC_BT_WASM_ONLY 0
#define WASMC_BT_UNWIND 0
#define WASMC_BT_C_FP 0
#endif

static void bt_push(struct wasmc_trap_info *info, const struct wasmc_module_desc *d, uint32_t f) {
    if (info->num_frames < WASMC_MAX_BACKTRACE) {
        info->frame_func[info->num_frames] = f;
        info->frame_module[info->num_frames] = d;
        info->num_frames++;
    } else if (info->more_frames < UINT32_MAX) {
        info->more_frames++;
    }
}

/* Walk the frame-pointer chain from `fp`, recording every return address that
 * lies in wasm code (C frames and trampolines in between are skipped, except
 * with WASMC_BT_WASM_ONLY, where the walk ends at the first return address
 * outside wasm code: the caller is a trampoline entered from C, and past it
 * the chain has another layout). Only addresses inside [lo, hi) are read, and
 * each step must strictly increase, so a corrupt or absent chain ends the walk
 * instead of faulting or looping. `lo` should be at or above the current SP:
 * everything between SP and the top of the stack is mapped. */
WASMC_NO_ASAN
static void bt_walk(struct wasmc_trap_info *info, uintptr_t fp, uintptr_t lo, uintptr_t hi) {
    const uintptr_t word = sizeof(uintptr_t);
    const uintptr_t span = (FRAME_RA_SLOT + 1) * word;
    if (hi < span) return;
    while (fp != 0 && fp % word == 0 && fp >= lo && fp <= hi - span) {
        const uintptr_t *rec = (const uintptr_t *)fp;
        uintptr_t next = rec[FRAME_NEXT_SLOT], ra = rec[FRAME_RA_SLOT];
        const struct wasmc_module_desc *d;
        uint32_t f;
        /* ra - 1: the call may be the last instruction of its function. */
        if (ra != 0 && wasmc_lookup_func(ra - 1, &d, &f)) bt_push(info, d, f);
        else if (WASMC_BT_WASM_ONLY) break;
        if (next <= fp) break;
        fp = next;
    }
}

#if defined(__s390x__)
/* True if `sp` can be dereferenced as a word of this thread's stack. */
static inline bool on_stack(uintptr_t sp) {
    return sp % sizeof(uintptr_t) == 0 && sp >= t_stack_lo && t_stack_hi >= sizeof(uintptr_t) &&
           sp <= t_stack_hi - sizeof(uintptr_t);
}
#endif

#if WASMC_BT_UNWIND
/* Traps raised from C (libcalls, host functions) on targets whose C frames
 * cannot be walked like wasm frames: the DWARF unwinder (libgcc, C code has
 * CFI) unwinds the C frames and stops at the first frame without CFI, which is
 * generated code: the wasm function that made the libcall, or the host
 * adapter of a host function. Its register state gives that frame's "fp". */
#include <unwind.h>

#if defined(__s390x__)
#define UNWIND_REG 15 /* SP; the back chain is the word it points at */
#else
#define UNWIND_REG 8 /* s0, the frame pointer */
#endif

struct unwind_find {
    uintptr_t ip, reg;
    unsigned frames;
};

static _Unwind_Reason_Code unwind_find_cb(struct _Unwind_Context *ctx, void *arg) {
    struct unwind_find *u = arg;
    const struct wasmc_module_desc *d;
    uint32_t f;
    u->ip = (uintptr_t)_Unwind_GetIP(ctx);
    u->reg = (uintptr_t)_Unwind_GetGR(ctx, UNWIND_REG);
    u->frames++;
    /* In wasm: done. Otherwise the unwinder goes on, and stops by itself after
     * the first frame without CFI (a host adapter), the last one we saw. */
    if (u->ip != 0 && wasmc_lookup_func(u->ip - 1, &d, &f)) return _URC_END_OF_STACK;
    return u->frames > 4096 ? _URC_END_OF_STACK : _URC_NO_REASON;
}

static void bt_from_c(struct wasmc_trap_info *info, uintptr_t lo) {
    struct unwind_find u = {0, 0, 0};
    _Unwind_Backtrace(unwind_find_cb, &u);
    if (u.frames == 0) return;
    const struct wasmc_module_desc *d;
    uint32_t f;
    if (u.ip != 0 && wasmc_lookup_func(u.ip - 1, &d, &f)) bt_push(info, d, f);
#if defined(__s390x__)
    if (!on_stack(u.reg)) return;
    uintptr_t fp = *(const uintptr_t *)u.reg;
#else
    uintptr_t fp = u.reg;
#endif
    bt_walk(info, fp, lo, t_stack_hi);
}
#endif

#if WASMC_BT_C_FP
/* Traps raised from C on riscv64: C frames keep s0 = their CFA, with the
 * caller's s0 at s0 - 16 and the return address at s0 - 8. Follow them from
 * our own frame until a return address leads into generated code:
 *  - into a wasm function: that function called a libcall, and the s0 saved
 *    beside the return address is its (Cranelift) frame pointer;
 *  - into a host adapter: a host function's caller. The adapter is not a wasm
 *    function, but its own record, AT the saved s0 (Cranelift's layout),
 *    returns into wasm (adapters are only called from wasm); that is how it
 *    is recognised, unless the record the caller would have as a C function
 *    (at s0 - 16) returns into wasm, which means it is a C function called
 *    from wasm (a libcall; with a minimal wasm frame both records return
 *    into wasm, and only this order gets the libcall's caller right).
 * A C function compiled without a frame pointer leaves s0 alone, so the chain
 * simply skips it. */
static bool in_wasm(uintptr_t ra) {
    const struct wasmc_module_desc *d;
    uint32_t f;
    return ra != 0 && wasmc_lookup_func(ra - 1, &d, &f);
}

WASMC_NO_ASAN
static void bt_from_c(struct wasmc_trap_info *info, uintptr_t lo) {
    const uintptr_t word = sizeof(uintptr_t);
    const uintptr_t hi = t_stack_hi;
    const struct wasmc_module_desc *d;
    uint32_t f;
    /* Our frame (if not inlined) lies below the caller's `lo`. */
    volatile char here = 0;
    if ((uintptr_t)&here < lo) lo = (uintptr_t)&here;
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    for (unsigned n = 0; n < 1024; n++) {
        if (fp % word != 0 || fp < lo + 2 * word || fp > hi) return;
        const uintptr_t *rec = (const uintptr_t *)fp - 2;
        uintptr_t prev = rec[0], ra = rec[1];
        if (ra != 0 && wasmc_lookup_func(ra - 1, &d, &f)) {
            bt_push(info, d, f);
            bt_walk(info, prev, lo, hi);
            return;
        }
        if (prev <= fp || prev % word != 0 || hi < 2 * word || prev > hi - 2 * word) return;
        const uintptr_t *as_c = (const uintptr_t *)prev - 2, *as_adapter = (const uintptr_t *)prev;
        if (!in_wasm(as_c[1]) && in_wasm(as_adapter[1])) {
            bt_walk(info, prev, lo, hi);
            return;
        }
        fp = prev;
    }
}
#endif

uintptr_t wasmc_thread_stack_hi(void) { return t_stack_hi; }

/* ======================================================================== */
/* Raising traps and exits from C                                           */
/* ======================================================================== */

__attribute__((noinline)) void wasmc_trap(uint32_t code) {
    struct activation *act = t_act;
    if (!act) wasmc_fatal("wasm trap outside of any wasm call: %s", wasmc_trap_message(code));
    struct wasmc_trap_info *info = act->info;
    info->code = code;
    info->num_frames = 0;
    info->more_frames = 0;
#if WASMC_BT_UNWIND || WASMC_BT_C_FP
    volatile char here = 0;
    bt_from_c(info, (uintptr_t)&here);
#else
    /* Our own frame is real (frame pointers are kept); walking up from it
     * passes the libcall or host function and reaches the wasm callers. */
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    bt_walk(info, fp, fp, t_stack_hi);
#endif
    siglongjmp(act->jmp, JUMP_TRAP);
}

/* Like wasmc_trap(UNCAUGHT_EXCEPTION), with the exception attached to the
 * trap info: wasmc_call hands it to the embedder (or frees it). */
__attribute__((noinline)) void wasmc_raise_uncaught(struct wasmc_exn *exn) {
    struct activation *act = t_act;
    if (!act) wasmc_fatal("wasm exception outside of any wasm call");
    act->info->exception = exn;
    wasmc_trap(WASMC_TRAP_UNCAUGHT_EXCEPTION);
}

void wasmc_trap_from_wasm(struct wasmc_vmctx *vmctx, uint32_t code) {
    (void)vmctx;
    wasmc_trap(code);
}

void wasmc_exit(uint32_t status) {
    struct activation *act = t_act;
    if (!act) exit((int)status); /* not inside wasm: just exit */
    act->info->exit_status = status;
    siglongjmp(act->jmp, JUMP_EXIT);
}

/* ======================================================================== */
/* The fault handler                                                        */
/* ======================================================================== */

static const int handled_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
#define NUM_HANDLED (sizeof handled_signals / sizeof handled_signals[0])
static struct sigaction previous_actions[NUM_HANDLED];

struct trap_regs {
    uintptr_t pc, fp, sp;
    uintptr_t lr; /* s390x: r14, the return address while in a prologue */
};

/* PC, frame pointer and SP of the interrupted code. */
static void context_regs(int sig, void *uctx, struct trap_regs *r) {
    (void)sig;
    ucontext_t *uc = uctx;
    r->lr = 0;
#if defined(__linux__) && defined(__x86_64__)
    r->pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    r->fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
    r->sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__linux__) && defined(__i386__)
    r->pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
    r->fp = (uintptr_t)uc->uc_mcontext.gregs[REG_EBP];
    r->sp = (uintptr_t)uc->uc_mcontext.gregs[REG_ESP];
#elif defined(__linux__) && defined(__aarch64__)
    r->pc = (uintptr_t)uc->uc_mcontext.pc;
    r->fp = (uintptr_t)uc->uc_mcontext.regs[29];
    r->sp = (uintptr_t)uc->uc_mcontext.sp;
#elif defined(__linux__) && defined(__arm__)
    r->pc = (uintptr_t)uc->uc_mcontext.arm_pc;
    r->fp = (uintptr_t)uc->uc_mcontext.arm_fp;
    r->sp = (uintptr_t)uc->uc_mcontext.arm_sp;
#elif defined(__linux__) && defined(__riscv) && __riscv_xlen == 64
    r->pc = (uintptr_t)uc->uc_mcontext.__gregs[REG_PC];
    r->fp = (uintptr_t)uc->uc_mcontext.__gregs[REG_S0];
    r->sp = (uintptr_t)uc->uc_mcontext.__gregs[REG_SP];
#elif defined(__linux__) && defined(__s390x__)
    /* A program check reports the PSW of the *next* instruction for SIGILL
     * (operation exception: Cranelift's trap `.word 0`) and SIGFPE (divide
     * exception; data exception of a compare-and-trap, e.g. the prologue's
     * stack-limit `clgrt`), and of the faulting instruction itself for
     * SIGSEGV/SIGBUS (the kernel rewinds suppressing protection exceptions).
     * Cranelift therefore records SIGILL/SIGFPE trap sites at the last byte
     * of the instruction: PSW - 1 is that byte. */
    r->pc = (uintptr_t)uc->uc_mcontext.psw.addr - (sig == SIGILL || sig == SIGFPE ? 1 : 0);
    r->sp = (uintptr_t)uc->uc_mcontext.gregs[15];
    r->lr = (uintptr_t)uc->uc_mcontext.gregs[14];
    r->fp = 0;
    /* The back chain word at SP; read it only if SP is inside our stack. */
    if (on_stack(r->sp)) r->fp = *(const uintptr_t *)r->sp;
#elif defined(__APPLE__) && defined(__x86_64__)
    r->pc = (uintptr_t)uc->uc_mcontext->__ss.__rip;
    r->fp = (uintptr_t)uc->uc_mcontext->__ss.__rbp;
    r->sp = (uintptr_t)uc->uc_mcontext->__ss.__rsp;
#elif defined(__APPLE__) && defined(__aarch64__)
#if defined(__darwin_arm_thread_state64_get_pc)
    r->pc = (uintptr_t)__darwin_arm_thread_state64_get_pc(uc->uc_mcontext->__ss);
    r->fp = (uintptr_t)__darwin_arm_thread_state64_get_fp(uc->uc_mcontext->__ss);
    r->sp = (uintptr_t)__darwin_arm_thread_state64_get_sp(uc->uc_mcontext->__ss);
#else
    r->pc = (uintptr_t)uc->uc_mcontext->__ss.__pc;
    r->fp = (uintptr_t)uc->uc_mcontext->__ss.__fp;
    r->sp = (uintptr_t)uc->uc_mcontext->__ss.__sp;
#endif
#else
#error "wasmc runtime: unsupported platform: teach context_regs() its ucontext registers"
#endif
}

/* Not a wasm trap: hand the signal to whoever had it before us. */
static void chain_signal(int sig, siginfo_t *si, void *uctx) {
    const struct sigaction *prev = NULL;
    for (size_t i = 0; i < NUM_HANDLED; i++)
        if (handled_signals[i] == sig) prev = &previous_actions[i];
    if (!prev) return; /* cannot happen: we only handle our signals */
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, si, uctx);
    } else if (prev->sa_handler == SIG_DFL || prev->sa_handler == SIG_IGN) {
        /* Restore the old disposition and return: a fault re-executes the
         * faulting instruction and now gets the default action (the kernel
         * does not let a synchronous fault be ignored). A signal that was
         * sent (kill/raise) would not come back by itself, so re-send it; it
         * stays blocked until this handler returns. */
        sigaction(sig, prev, NULL);
        if (si && si->si_code <= 0) raise(sig);
    } else {
        prev->sa_handler(sig);
    }
}

/* s390x delivers the data exception of a compare-and-trap instruction
 * (Cranelift's conditional traps, e.g. the stack-limit check and integer
 * overflow) as SIGFPE with si_code 0, which is also SI_USER (kill). The
 * kernel's si_addr is then the trapping instruction, just below the PSW;
 * for kill(2) the same bytes hold the sender's pid and uid instead. */
#if defined(__linux__)
static bool s390x_compare_and_trap(int sig, const siginfo_t *si, void *uctx) {
#if defined(__linux__) && defined(__s390x__)
    if (sig != SIGFPE || si->si_code != 0 || !uctx) return false;
    uintptr_t psw = (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.psw.addr;
    uintptr_t insn = (uintptr_t)si->si_addr;
    return insn < psw && psw - insn <= 6 && (psw - insn) % 2 == 0;
#else
    (void)sig, (void)si, (void)uctx;
    return false;
#endif
}
#endif

static void trap_handler(int sig, siginfo_t *si, void *uctx) {
    int saved_errno = errno;
    struct activation *act = t_act;
    bool genuine_fault = si != NULL;
#if defined(__linux__)
    /* Kernel-generated faults have si_code > 0; ignore kill(2)-sent ones. */
    genuine_fault = genuine_fault && (si->si_code > 0 || s390x_compare_and_trap(sig, si, uctx));
#else
    /* Darwin: faults carry small positive codes (or 0 on some exceptions);
     * signals sent with kill/sigqueue carry SI_USER/SI_QUEUE (0x1000x). */
    genuine_fault = genuine_fault && si->si_code != SI_USER && si->si_code != SI_QUEUE;
#endif
    if (act && genuine_fault && uctx) {
        struct trap_regs r;
        context_regs(sig, uctx, &r);
        const struct wasmc_module_desc *d;
        uint32_t func, code;
        if (wasmc_lookup_trap(r.pc, &d, &func, &code)) {
            struct wasmc_trap_info *info = act->info;
            info->code = code;
            info->num_frames = 0;
            info->more_frames = 0;
            bt_push(info, d, func); /* frame 0: the trapping function */
#if defined(__s390x__)
            /* The stack-limit check (on s390x always Cranelift's prologue
             * check: emit/stack_check.rs) runs before the prologue saves r14 and
             * allocates the frame: the caller's frame is only in r14, and the
             * back chain at SP already is the caller's. */
            const struct wasmc_module_desc *cd;
            uint32_t cf;
            if (code == WASMC_TRAP_STACK_OVERFLOW && r.lr != 0 &&
                wasmc_lookup_func(r.lr - 1, &cd, &cf))
                bt_push(info, cd, cf);
#endif
            uintptr_t lo = r.sp > t_stack_lo ? r.sp : t_stack_lo;
            bt_walk(info, r.fp, lo, t_stack_hi);
            /* Restores the signal mask saved by sigsetjmp (unblocking sig) and
             * leaves the alternate stack. */
            siglongjmp(act->jmp, JUMP_TRAP);
        }
    }
    errno = saved_errno;
    chain_signal(sig, si, uctx);
    errno = saved_errno;
}

static void install_handlers(void) {
    for (size_t i = 0; i < NUM_HANDLED; i++) {
        /* Record the previous action before ours can run. */
        if (sigaction(handled_signals[i], NULL, &previous_actions[i]) != 0)
            wasmc_fatal("sigaction failed for signal %d", handled_signals[i]);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = trap_handler;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        if (sigaction(handled_signals[i], &sa, NULL) != 0)
            wasmc_fatal("sigaction failed for signal %d", handled_signals[i]);
    }
}

void wasmc_install_signal_handlers(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_handlers);
}

/* ======================================================================== */
/* Per-thread setup: stack bounds, stack limit, alternate signal stack      */
/* ======================================================================== */

static void get_stack_bounds(uintptr_t *lo, uintptr_t *hi) {
#if defined(__APPLE__)
    pthread_t self = pthread_self();
    uintptr_t top = (uintptr_t)pthread_get_stackaddr_np(self); /* highest address */
    size_t size = pthread_get_stacksize_np(self);
    *hi = top;
    *lo = top - size;
#elif defined(__linux__)
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) wasmc_fatal("pthread_getattr_np failed");
    if (pthread_attr_getstack(&attr, &addr, &size) != 0) wasmc_fatal("pthread_attr_getstack failed");
    pthread_attr_destroy(&attr);
    *lo = (uintptr_t)addr; /* lowest usable address (above the guard page) */
    *hi = *lo + size;
#else
#error "wasmc runtime: unsupported platform: teach get_stack_bounds() the thread's stack"
#endif
}

struct altstack {
    void *map;
    size_t map_size;
    void *sp;
};

static pthread_key_t altstack_key;

/* Thread exit: disable and free the alternate stack we installed. */
static void altstack_destroy(void *p) {
    struct altstack *a = p;
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) && cur.ss_sp == a->sp) {
        stack_t off;
        memset(&off, 0, sizeof off);
        off.ss_flags = SS_DISABLE;
        sigaltstack(&off, NULL);
    }
    munmap(a->map, a->map_size);
    free(a);
}

static void altstack_key_create(void) {
    if (pthread_key_create(&altstack_key, altstack_destroy) != 0)
        wasmc_fatal("pthread_key_create failed");
}

static void ensure_altstack(void) {
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0) wasmc_fatal("sigaltstack failed");
    if (!(cur.ss_flags & SS_DISABLE)) return; /* the thread already has one */

    static pthread_once_t key_once = PTHREAD_ONCE_INIT;
    pthread_once(&key_once, altstack_key_create);
    long page_l = sysconf(_SC_PAGESIZE);
    size_t page = page_l > 0 ? (size_t)page_l : 4096;
    size_t size = ALTSTACK_SIZE;
#ifdef _SC_SIGSTKSZ
    long min = sysconf(_SC_SIGSTKSZ);
    if (min > 0 && (size_t)min > size) size = (size_t)min;
#endif
    size = (size + page - 1) / page * page;
    size_t map_size = size + page; /* plus a guard page below */
    void *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) wasmc_fatal("cannot allocate an alternate signal stack");
    if (mprotect(map, page, PROT_NONE) != 0) wasmc_fatal("mprotect failed");
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = (char *)map + page;
    ss.ss_size = size;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0) wasmc_fatal("sigaltstack failed");
    struct altstack *a = wasmc_xcalloc(1, sizeof *a);
    a->map = map;
    a->map_size = map_size;
    a->sp = ss.ss_sp;
    if (pthread_setspecific(altstack_key, a) != 0) wasmc_fatal("pthread_setspecific failed");
}

static void thread_prepare(void) {
    if (t_stack_hi) return;
    wasmc_install_signal_handlers();
    uintptr_t lo, hi, limit;
    get_stack_bounds(&lo, &hi);
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (here < lo || here >= hi)
        wasmc_fatal("thread stack bounds [%#jx, %#jx) do not contain the current frame %#jx",
                    (uintmax_t)lo, (uintmax_t)hi, (uintmax_t)here);
    /* Below the limit stays reserved for host code. If we are already deeper
     * than that, every wasm call reports stack exhaustion right away. */
    if (__builtin_add_overflow(lo, (uintptr_t)WASMC_HOST_STACK_RESERVE, &limit) || limit > here)
        limit = here;
    ensure_altstack();
    t_stack_lo = lo;
    t_stack_limit = limit;
    t_stack_hi = hi; /* last: marks the thread as prepared */
}

/* ======================================================================== */
/* Entering wasm                                                            */
/* ======================================================================== */

enum wasmc_outcome wasmc_call(const struct wasmc_funcref *f, union wasmc_val *vals,
                              struct wasmc_trap_info *info) {
    struct wasmc_trap_info scratch;
    if (!info) info = &scratch;
    info->code = 0;
    info->exit_status = 0;
    info->num_frames = 0;
    info->more_frames = 0;
    info->exception = NULL;
    if (!f || !f->array_call) wasmc_fatal("wasmc_call: function reference without array_call");
    thread_prepare();

    /* Host funcrefs have no instance (their vmctx is the host record). */
    struct wasmc_vmctx *caller = NULL;
    if (f->array_call != wasmc_host_array_call) {
        caller = f->vmctx;
        /* A wasm funcref's vmctx is that of its instance (vmctx first in it). */
        wasmc_apply_stack_limit(((struct wasmc_instance *)(void *)caller)->live, t_stack_limit);
    }

    struct activation act;
    act.prev = t_act;
    act.info = info;
    /* savemask = 1: a trap taken in the signal handler must restore the mask
     * (the handled signal is blocked while the handler runs). */
    switch (sigsetjmp(act.jmp, 1)) {
    case 0:
        t_act = &act;
        f->array_call(f->wasm_call, f->vmctx, caller, vals);
        t_act = act.prev;
        return WASMC_OK;
    case JUMP_EXIT:
        t_act = act.prev;
        return WASMC_EXITED;
    default:
        t_act = act.prev;
        /* An exception no handler caught (exceptions.c) is raised as a trap
         * with this code; the embedder sees a distinct outcome and gets the
         * exception in info->exception (freed here if it passed no info). */
        if (act.info->code != WASMC_TRAP_UNCAUGHT_EXCEPTION) {
            wasmc_exception_free(act.info->exception);
            act.info->exception = NULL;
            return WASMC_TRAPPED;
        }
        if (act.info == &scratch) {
            wasmc_exception_free(scratch.exception);
            scratch.exception = NULL;
        }
        return WASMC_EXCEPTION;
    }
}
