/* exceptions.c: throwing and catching wasm exceptions (the 3.0 encoding).
 *
 * Generated code throws by calling wasmc_throw (tag index + payload) or
 * wasmc_throw_ref (an exnref). Both are called from wasm with the
 * PreserveAll convention and never return: they find the handler by walking
 * the frame-pointer chain from their own frame and jump to it.
 *
 * For each frame, its return address is looked up in the module's call-site
 * table (wasmc_lookup_call_site): calls made inside a try_table are recorded
 * by the compiler with their handlers, in match order:
 *   CONTEXT  the frame's vmctx is saved at SP + index (SP = FP - frame_offset,
 *            the SP the call was made with); it names the instance whose
 *            tags the following TAG handlers mean;
 *   TAG      matches if vmctx->tags[index] is the exception's tag identity;
 *   DEFAULT  matches everything (catch_all, catch_all_ref).
 * On a match the frame is resumed at the handler with SP and FP restored and
 * the exception in the first payload register: for a try_call Cranelift
 * treats every register as clobbered on the exceptional edge (Tail and
 * PreserveAll callees), so nothing else needs restoring. The C frames of
 * this file are simply abandoned (they hold no locks or resources).
 *
 * The walk stops at the first return address outside wasm functions: the
 * array_call trampoline of the innermost wasmc_call (or a host adapter). The
 * exception is then uncaught: it is raised as the trap
 * WASMC_TRAP_UNCAUGHT_EXCEPTION, which wasmc_call reports as WASMC_EXCEPTION
 * and hands to the embedder (wasmc_trap_info.exception). So the unwinder
 * never walks host (C) frames: an exception crosses a host function only
 * when the host throws explicitly (wasmc_host_throw), which happens after
 * the host function has returned (wasmc_exn_throw_from_host, below).
 *
 * Lifetime of exception objects (no GC yet): a handler that consumes the
 * exception (catch, catch_all) calls wasmc_exn_release, which frees it; one
 * that hands an exnref to wasm (catch_ref, catch_all_ref) marks it exposed,
 * and exposed exceptions are never freed (they may be stored anywhere).
 *
 * Supported on x86-64, aarch64, riscv64 and s390x (the compiler rejects
 * exception handling elsewhere). Architecture-specific: resume() and the
 * frame records the walk reads (FRAME_*, below; the same conventions as the
 * backtraces of trap.c):
 *  - x86-64, aarch64: FP points at {caller's FP, return address}, in wasm
 *    and C frames alike.
 *  - riscv64: Cranelift's s0 points at {caller's s0, ra} like aarch64, but
 *    the C frame of wasmc_throw keeps s0 = its CFA with that pair 16 bytes
 *    below (the psABI frame-pointer layout), so the walk starts there.
 *  - s390x: no frame pointer. A frame's "FP" is its back-chain value (the
 *    word at SP: the SP at entry, above any incoming tail-call arguments);
 *    the return address is the r14 the callee's prologue saved 14 words
 *    above it, in the register save area. __builtin_frame_address(0) of
 *    wasmc_throw (GCC and clang) is its entry SP, the wasm caller's SP,
 *    whose first word is the caller's back chain, so the same walk applies.
 *  On every target the SP a handler runs with is FP - frame_offset
 *  (Cranelift's sp_to_fp: s390x's back chain is that "FP").
 */
#include "rt.h"

#include "code_registry.h"
#include "gc.h"

#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXN_ASAN 1
#endif
#endif
#if !defined(EXN_ASAN) && defined(__SANITIZE_ADDRESS__)
#define EXN_ASAN 1
#endif
#if defined(EXN_ASAN)
/* The frame walk reads wasm frames ASan knows nothing about, and resume()
 * abandons C frames whose redzones ASan must forget (as for longjmp). */
#include <sanitizer/asan_interface.h>
#define EXN_NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef EXN_NO_ASAN
#define EXN_NO_ASAN
#endif

/* An exception object and its payload, in one allocation (exn first, so a
 * struct wasmc_exn * is what free() gets back). */
struct exn_alloc {
    struct wasmc_exn exn;
    union wasmc_val vals[];
};

/* Frame records (FRAME_NEXT_SLOT, FRAME_RA_SLOT: rt.h): FRAME_START(fp) is
 * the record of a C function of this runtime called from generated code,
 * given its __builtin_frame_address(0). On riscv64 C's s0 is the CFA, 16
 * bytes above the {s0, ra} pair; elsewhere FP points at the record (s390x:
 * the entry SP, whose first word is the caller's back chain). */
#if defined(__riscv) && __riscv_xlen == 64
#define FRAME_START(fp) ((fp) - 2 * sizeof(uintptr_t))
#else
#define FRAME_START(fp) (fp)
#endif

/* Continue at `pc` in the frame (sp, fp) with `exn` in the first exception
 * payload register (Cranelift's exception_payload_regs: rax / x0 / a0 / r6).
 * s390x has no frame pointer: `fp` (the back chain) needs no restoring. */
WASMC_NORETURN static void resume(uintptr_t pc, uintptr_t sp, uintptr_t fp, struct wasmc_exn *exn) {
#if defined(EXN_ASAN)
    __asan_handle_no_return();
#endif
#if defined(__x86_64__)
    __asm__ volatile("mov %%rsi, %%rsp\n\t"
                     "mov %%rdx, %%rbp\n\t"
                     "jmp *%%rdi\n\t"
                     :
                     : "D"(pc), "S"(sp), "d"(fp), "a"(exn)
                     : "memory");
#elif defined(__aarch64__)
    register uintptr_t x0 __asm__("x0") = (uintptr_t)exn;
    register uintptr_t x9 __asm__("x9") = sp;
    register uintptr_t x10 __asm__("x10") = fp;
    register uintptr_t x16 __asm__("x16") = pc;
    __asm__ volatile("mov sp, x9\n\t"
                     "mov x29, x10\n\t"
                     "br x16\n\t"
                     :
                     : "r"(x0), "r"(x9), "r"(x10), "r"(x16)
                     : "memory");
#elif defined(__riscv) && __riscv_xlen == 64
    register uintptr_t a0 __asm__("a0") = (uintptr_t)exn;
    register uintptr_t t0 __asm__("t0") = sp;
    register uintptr_t t1 __asm__("t1") = fp;
    register uintptr_t t2 __asm__("t2") = pc;
    __asm__ volatile("mv sp, t0\n\t"
                     "mv s0, t1\n\t"
                     "jr t2\n\t"
                     :
                     : "r"(a0), "r"(t0), "r"(t1), "r"(t2)
                     : "memory");
#elif defined(__s390x__)
    (void)fp;
    register uintptr_t r6 __asm__("r6") = (uintptr_t)exn;
    register uintptr_t r1 __asm__("r1") = sp;
    register uintptr_t r2 __asm__("r2") = pc;
    __asm__ volatile("lgr %%r15, %%r1\n\t"
                     "br %%r2\n\t"
                     :
                     : "r"(r6), "r"(r1), "r"(r2)
                     : "memory");
#else
    (void)pc, (void)sp, (void)fp, (void)exn;
    wasmc_fatal("wasm exceptions are not supported on this architecture");
#endif
    __builtin_unreachable();
}

/* The handler of `site` (in the frame whose FP is `fp`) that catches `exn`,
 * as a code offset; false if none does. */
EXN_NO_ASAN
static bool find_handler(const struct wasmc_module_desc *d, const struct wasmc_call_site *site,
                         uintptr_t sp, const struct wasmc_exn *exn, uint32_t *target) {
    const struct wasmc_vmctx *vm = NULL;
    for (uint32_t i = 0; i < site->num_handlers; i++) {
        const struct wasmc_handler *h = &d->handlers[site->first_handler + i];
        switch (h->kind) {
        case WASMC_HANDLER_CONTEXT: vm = *(struct wasmc_vmctx *const *)(sp + h->index); break;
        case WASMC_HANDLER_TAG:
            if (vm && h->index < d->num_tags && vm->tags[h->index] == exn->tag) {
                *target = h->target;
                return true;
            }
            break;
        case WASMC_HANDLER_DEFAULT: *target = h->target; return true;
        default: break;
        }
    }
    return false;
}

/* Walk up from the frame record at `fp` (that of a throw function called
 * from wasm, or of a host adapter) to the first frame with a handler for
 * `exn`, and resume there. */
EXN_NO_ASAN
WASMC_NORETURN static void unwind(struct wasmc_exn *exn, uintptr_t fp) {
    const uintptr_t word = sizeof(uintptr_t), span = (FRAME_RA_SLOT + 1) * word;
    const uintptr_t lo = fp, hi = wasmc_thread_stack_hi();
    while (hi >= span && fp % word == 0 && fp >= lo && fp <= hi - span) {
        const uintptr_t *rec = (const uintptr_t *)fp;
        uintptr_t next = rec[FRAME_NEXT_SLOT], ra = rec[FRAME_RA_SLOT];
        const struct wasmc_module_desc *d;
        const struct wasmc_call_site *site;
        uintptr_t start;
        int found = wasmc_lookup_call_site(ra, &d, &start, &site);
        if (found == 0) break; /* left wasm: the entry (trampoline or host adapter) */
        if (found == 2 && next >= site->frame_offset) {
            uintptr_t sp = next - site->frame_offset;
            uint32_t target;
            if (sp >= lo && find_handler(d, site, sp, exn, &target))
                resume(start + target, sp, next, exn);
        }
        if (next <= fp) break;
        fp = next;
    }
    wasmc_raise_uncaught(exn); /* the embedder may inspect it (trap.c) */
}

__attribute__((noinline)) void wasmc_throw(struct wasmc_vmctx *vmctx, uint32_t tag_index,
                                           void *vals) {
    const struct wasmc_module_desc *d = vmctx->instance->desc;
    if (tag_index >= d->num_tags) wasmc_fatal("throw: tag %u out of range", tag_index);
    const struct wasmc_type_desc *t = &d->types[d->tags[tag_index].type_index];
    struct wasmc_exn *exn = wasmc_exn_new(vmctx->tags[tag_index], t->num_params, vals);
    unwind(exn, FRAME_START((uintptr_t)__builtin_frame_address(0)));
}

struct wasmc_exn *wasmc_exn_new(const struct wasmc_tag *tag, uint32_t n, const void *vals) {
    struct exn_alloc *a = wasmc_xcalloc(1, sizeof *a + (size_t)n * sizeof(union wasmc_val));
    struct wasmc_exn *exn = &a->exn;
    exn->tag = tag;
    exn->num_vals = n;
    exn->vals = a->vals;
    if (n && vals) memcpy(exn->vals, vals, (size_t)n * sizeof(union wasmc_val));
    exn->exposed = 0;
    wasmc_gc_exn_new(exn); /* its payload may hold GC references */
    return exn;
}

__attribute__((noinline)) void wasmc_throw_ref(struct wasmc_vmctx *vmctx, void *exnref) {
    (void)vmctx;
    if (!exnref) wasmc_trap(WASMC_TRAP_NULL_REFERENCE);
    unwind(exnref, FRAME_START((uintptr_t)__builtin_frame_address(0)));
}

void wasmc_exn_release(struct wasmc_vmctx *vmctx, void *exnref) {
    (void)vmctx;
    struct wasmc_exn *exn = exnref;
    if (exn && !exn->exposed) {
        wasmc_gc_exn_free(exn);
        free(exn);
    }
}

/* Host throws (the embedding API): the host function has returned into the
 * runtime frame `host_fp`, whose caller is a host adapter (compiled code,
 * not a registered wasm function, with a frame record of its own) or
 * wasmc_host_array_call (a direct call from the host). Walking on from the
 * caller's frame record reaches the wasm function that called the import,
 * whose call site may have handlers; from wasmc_host_array_call it reaches
 * wasmc_call at once, and the exception is uncaught there. */
EXN_NO_ASAN
void wasmc_exn_throw_from_host(struct wasmc_exn *exn, uintptr_t host_fp) {
    /* The runtime frame's own record (its return address is in the adapter,
     * which has no call sites), then the adapter's: a Cranelift frame, which
     * its FP points at on every target (riscv64 included). */
    uintptr_t rec = FRAME_START(host_fp);
    uintptr_t caller_fp = ((const uintptr_t *)rec)[FRAME_NEXT_SLOT];
    if (caller_fp <= rec || caller_fp % sizeof(uintptr_t) != 0) wasmc_raise_uncaught(exn);
    unwind(exn, caller_fp);
}
