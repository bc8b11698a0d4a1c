/* arch.c: per-architecture support for generated code.
 *
 * wasmc_x86_pshufb: Cranelift lowers a general i8x16.shuffle/swizzle to
 * SSSE3's pshufb; on the portable x86-64 baseline (SSE2 only) it calls this
 * instead (the compiler maps Cranelift's X86Pshufb libcall to this name).
 * Semantics of pshufb: r[i] = b[i] & 0x80 ? 0 : a[b[i] & 15].
 */
#include "rt.h"

#if defined(__x86_64__)
typedef unsigned char wasmc_v16 __attribute__((vector_size(16)));

wasmc_v16 wasmc_x86_pshufb(wasmc_v16 a, wasmc_v16 b);
wasmc_v16 wasmc_x86_pshufb(wasmc_v16 a, wasmc_v16 b) {
    wasmc_v16 r;
    for (int i = 0; i < 16; i++) r[i] = (b[i] & 0x80) ? 0 : a[b[i] & 15];
    return r;
}
#endif
