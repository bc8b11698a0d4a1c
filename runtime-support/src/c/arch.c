/* arch.c: per-architecture support for generated code.
 *
 * wasmc_x86_pshufb: Cranelift lowers a general i8x16.shuffle/swizzle to
 * SSSE3's pshufb; on the portable x86-64 baseline (SSE2 only) it calls this
 * instead (the compiler maps Cranelift's X86Pshufb libcall to this name).
 * Semantics of pshufb: r[i] = b[i] & 0x80 ? 0 : a[b[i] & 15].
 *
 * wasmc_missing_cpu_feature: the CPU check. Code built with --cpu or
 * --cpu-features may use instructions the target's baseline lacks; the
 * module descriptor lists them (`cpu_features`, Cranelift's flag names
 * without `has_`), and the executable driver and wasmc_linker_instantiate
 * refuse to run such code on a machine without them, instead of dying by
 * SIGILL somewhere in the middle. Detection, per target:
 *
 *   x86-64   cpuid (+ xgetbv: AVX and AVX-512 also need the OS to save their
 *            registers)
 *   aarch64  Linux: getauxval(AT_HWCAP/AT_HWCAP2); macOS: sysctl hw.optional
 *   riscv64  Linux: AT_HWCAP for the single-letter extensions, the
 *            riscv_hwprobe syscall (Linux 6.4+) for the multi-letter ones,
 *            the vlenb CSR for the minimum vector length (zvl*b)
 *   s390x    Linux: AT_HWCAP (vector facility) + STFLE facility bits
 *
 * A feature this code cannot verify (old kernel, other OS, a name it does
 * not know) counts as missing: wasmc_cpu_feature_note() then says why.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#if defined(__linux__)
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__APPLE__)
#include <sys/sysctl.h>
#include <sys/types.h>
#endif
#if defined(__x86_64__)
#include <cpuid.h>
#endif

#if defined(__x86_64__)
typedef unsigned char wasmc_v16 __attribute__((vector_size(16)));

/* The symbol name comes from the ABI module (abi::X86_PSHUFB_SYMBOL). */
wasmc_v16 WASMC_X86_PSHUFB_SYMBOL(wasmc_v16 a, wasmc_v16 b);
wasmc_v16 WASMC_X86_PSHUFB_SYMBOL(wasmc_v16 a, wasmc_v16 b) {
    wasmc_v16 r;
    for (int i = 0; i < 16; i++) r[i] = (b[i] & 0x80) ? 0 : a[b[i] & 15];
    return r;
}
#endif

/* ======================================================================== */
/* CPU features                                                             */
/* ======================================================================== */

/* One known feature: its Cranelift name and its bit in the masks below. */
struct cpu_feature {
    const char *name;
    uint64_t bit;
};

/* What this machine has (`present`), and what could not be determined at all
 * (`unverifiable`, with the reason). */
struct cpu_state {
    uint64_t present, unverifiable;
    const char *why_unverifiable;
};

#define F(n) (UINT64_C(1) << (n))

#if defined(__x86_64__)

static const struct cpu_feature known[] = {
    {"sse3", F(0)},        {"ssse3", F(1)},         {"sse41", F(2)},
    {"sse42", F(3)},       {"popcnt", F(4)},        {"avx", F(5)},
    {"avx2", F(6)},        {"bmi1", F(7)},          {"bmi2", F(8)},
    {"fma", F(9)},         {"lzcnt", F(10)},        {"cmpxchg16b", F(11)},
    {"avx512f", F(12)},    {"avx512dq", F(13)},     {"avx512vl", F(14)},
    {"avx512bitalg", F(15)}, {"avx512vbmi", F(16)}, {"avx512vnni", F(17)},
    {"avx_vnni", F(18)},
};

#if defined(__APPLE__)
/* macOS enables the AVX-512 register state lazily, on first use: XCR0 does
 * not show it yet, the kernel reports it instead. */
static bool apple_sysctl(const char *name) {
    int v = 0;
    size_t len = sizeof v;
    return sysctlbyname(name, &v, &len, NULL, 0) == 0 && v != 0;
}
#endif

static void detect(struct cpu_state *s) {
    unsigned a, b, c, d;
    unsigned max = (unsigned)__get_cpuid_max(0, NULL);
    if (max < 1) return;
    __cpuid_count(1, 0, a, b, c, d);
    unsigned ecx1 = c;
    unsigned ebx7 = 0, ecx7 = 0, eax7_1 = 0;
    if (max >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        ebx7 = b;
        ecx7 = c;
        if (a >= 1) {
            __cpuid_count(7, 1, a, b, c, d);
            eax7_1 = a;
        }
    }
    unsigned ecx_ext = 0;
    if ((unsigned)__get_cpuid_max(0x80000000u, NULL) >= 0x80000001u) {
        __cpuid_count(0x80000001u, 0, a, b, c, d);
        ecx_ext = c;
    }
    /* The OS must save the YMM (and, for AVX-512, opmask/ZMM) state. */
    uint64_t xcr0 = 0;
    if (ecx1 & (1u << 27)) { /* OSXSAVE */
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = (uint64_t)hi << 32 | lo;
    }
    bool os_avx = (xcr0 & 0x6) == 0x6;
    bool os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
#if defined(__APPLE__)
    if (os_avx && !os_avx512 && apple_sysctl("hw.optional.avx512f")) os_avx512 = true;
#endif
    uint64_t p = 0;
    if (ecx1 & (1u << 0)) p |= F(0);              /* sse3 */
    if (ecx1 & (1u << 9)) p |= F(1);              /* ssse3 */
    if (ecx1 & (1u << 19)) p |= F(2);             /* sse4.1 */
    if (ecx1 & (1u << 20)) p |= F(3);             /* sse4.2 */
    if (ecx1 & (1u << 23)) p |= F(4);             /* popcnt */
    if (os_avx && (ecx1 & (1u << 28))) p |= F(5); /* avx */
    if (os_avx && (ecx1 & (1u << 28)) && (ebx7 & (1u << 5))) p |= F(6); /* avx2 */
    if (ebx7 & (1u << 3)) p |= F(7);              /* bmi1 */
    if (ebx7 & (1u << 8)) p |= F(8);              /* bmi2 */
    if (os_avx && (ecx1 & (1u << 12))) p |= F(9); /* fma */
    if (ecx_ext & (1u << 5)) p |= F(10);          /* lzcnt (abm) */
    if (ecx1 & (1u << 13)) p |= F(11);            /* cmpxchg16b */
    if (os_avx512 && (ebx7 & (1u << 16))) {       /* avx512f */
        p |= F(12);
        if (ebx7 & (1u << 17)) p |= F(13);  /* avx512dq */
        if (ebx7 & (1u << 31)) p |= F(14);  /* avx512vl */
        if (ecx7 & (1u << 12)) p |= F(15);  /* avx512_bitalg */
        if (ecx7 & (1u << 1)) p |= F(16);   /* avx512_vbmi */
        if (ecx7 & (1u << 11)) p |= F(17);  /* avx512_vnni */
    }
    if (os_avx && (eax7_1 & (1u << 4))) p |= F(18); /* avx_vnni */
    s->present = p;
}

#elif defined(__aarch64__)

static const struct cpu_feature known[] = {
    {"lse", F(0)}, {"dotprod", F(1)}, {"fp16", F(2)}, {"i8mm", F(3)}, {"pauth", F(4)},
};

#if defined(__APPLE__)
/* 1 / 0 for a present sysctl, -1 when the kernel does not know the name. */
static int apple_sysctl(const char *name) {
    int v = 0;
    size_t len = sizeof v;
    if (sysctlbyname(name, &v, &len, NULL, 0) != 0) return -1;
    return v != 0;
}
#endif

static void detect(struct cpu_state *s) {
#if defined(__linux__)
    /* Linux arm64 hwcaps (uapi/asm/hwcap.h). */
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    if (hw & (1ul << 8)) s->present |= F(0);  /* HWCAP_ATOMICS */
    if (hw & (1ul << 20)) s->present |= F(1); /* HWCAP_ASIMDDP */
    if ((hw & (1ul << 9)) && (hw & (1ul << 10))) s->present |= F(2); /* FPHP, ASIMDHP */
    if (hw2 & (1ul << 13)) s->present |= F(3); /* HWCAP2_I8MM */
    if (hw & (1ul << 30)) s->present |= F(4); /* HWCAP_PACA */
#elif defined(__APPLE__)
    static const char *const names[][2] = {
        {"hw.optional.arm.FEAT_LSE", "hw.optional.armv8_1_atomics"},
        {"hw.optional.arm.FEAT_DotProd", NULL},
        {"hw.optional.arm.FEAT_FP16", "hw.optional.neon_fp16"},
        {"hw.optional.arm.FEAT_I8MM", NULL},
        {"hw.optional.arm.FEAT_PAuth", NULL},
    };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        int v = apple_sysctl(names[i][0]);
        if (v < 0 && names[i][1]) v = apple_sysctl(names[i][1]);
        if (v > 0) s->present |= F(i);
        else if (v < 0) s->unverifiable |= F(i);
    }
    s->why_unverifiable = "this macOS does not report it (sysctl hw.optional.arm.FEAT_*)";
#else
    s->unverifiable = ~UINT64_C(0);
    s->why_unverifiable = "wasmc cannot detect CPU features on this operating system";
#endif
}

#elif defined(__riscv) && __riscv_xlen == 64

/* Bits 0-31 follow the hwprobe/letter sources below; zvl{32..65536}b are
 * bits 40-51 (zvl(32 << k)b = bit 40 + k). */
#define ZVL_BIT0 40
static const struct cpu_feature known[] = {
    {"m", F(0)},        {"a", F(1)},          {"f", F(2)},         {"d", F(3)},
    {"c", F(4)},        {"v", F(5)},          {"zicsr", F(6)},     {"zifencei", F(7)},
    {"zca", F(8)},      {"zcd", F(9)},        {"zcb", F(10)},      {"zba", F(11)},
    {"zbb", F(12)},     {"zbs", F(13)},       {"zbc", F(14)},      {"zbkb", F(15)},
    {"zicond", F(16)},  {"zfh", F(17)},       {"zfhmin", F(18)},   {"zfa", F(19)},
    {"zvfh", F(20)},    {"zvbb", F(21)},
    {"zvl32b", F(40)},  {"zvl64b", F(41)},    {"zvl128b", F(42)},  {"zvl256b", F(43)},
    {"zvl512b", F(44)}, {"zvl1024b", F(45)},  {"zvl2048b", F(46)}, {"zvl4096b", F(47)},
    {"zvl8192b", F(48)}, {"zvl16384b", F(49)}, {"zvl32768b", F(50)}, {"zvl65536b", F(51)},
};
/* Features only riscv_hwprobe reports. */
#define RV_HWPROBE_ONLY (F(10) | F(11) | F(12) | F(13) | F(14) | F(15) | F(16) | F(17) | F(18) | \
                         F(19) | F(20) | F(21))

#ifndef __NR_riscv_hwprobe
#define __NR_riscv_hwprobe 258
#endif
struct rv_hwprobe {
    int64_t key;
    uint64_t value;
};
#define RV_HWPROBE_KEY_IMA_EXT_0 4

static void detect(struct cpu_state *s) {
#if defined(__linux__)
    unsigned long hw = getauxval(AT_HWCAP);
#define LETTER(ch) ((hw >> ((ch) - 'a')) & 1)
    uint64_t p = 0;
    if (LETTER('m')) p |= F(0);
    if (LETTER('a')) p |= F(1);
    if (LETTER('f')) p |= F(2);
    if (LETTER('d')) p |= F(3);
    if (LETTER('c')) p |= F(4) | F(8);               /* C includes Zca ... */
    if (LETTER('c') && LETTER('d')) p |= F(9);       /* ... and, with D, Zcd */
    if (LETTER('v')) p |= F(5);
    /* Linux runs user space on RV64IMA_Zicsr_Zifencei at least. */
    p |= F(6) | F(7);
#undef LETTER
    struct rv_hwprobe pair = {RV_HWPROBE_KEY_IMA_EXT_0, 0};
    if (syscall(__NR_riscv_hwprobe, &pair, 1, 0, NULL, 0) == 0 &&
        pair.key == RV_HWPROBE_KEY_IMA_EXT_0) {
        uint64_t e = pair.value;
        static const struct {
            unsigned hwprobe_bit, feature_bit;
        } map[] = {
            {2, 5},   /* IMA_V */
            {3, 11},  /* ZBA */
            {4, 12},  /* ZBB */
            {5, 13},  /* ZBS */
            {7, 14},  /* ZBC */
            {8, 15},  /* ZBKB */
            {17, 21}, /* ZVBB */
            {27, 17}, /* ZFH */
            {28, 18}, /* ZFHMIN */
            {30, 20}, /* ZVFH */
            {32, 19}, /* ZFA */
            {35, 16}, /* ZICOND */
            {43, 8},  /* ZCA */
            {44, 10}, /* ZCB */
            {45, 9},  /* ZCD */
        };
        for (unsigned i = 0; i < sizeof map / sizeof map[0]; i++)
            if (e & F(map[i].hwprobe_bit)) p |= F(map[i].feature_bit);
    } else {
        s->unverifiable |= RV_HWPROBE_ONLY;
        s->why_unverifiable = "this kernel has no riscv_hwprobe system call (Linux 6.4 or later "
                              "reports multi-letter extensions), so it cannot be verified";
    }
    if (p & F(5)) {
        /* V is usable: VLEN = 8 * vlenb (CSR 0xc22). */
        unsigned long vlenb;
        __asm__ volatile("csrr %0, 0xc22" : "=r"(vlenb));
        for (unsigned k = 0; k < 12; k++)
            if (vlenb * 8 >= (32ul << k)) p |= F(ZVL_BIT0 + k);
    }
    s->present = p;
#else
    s->unverifiable = ~UINT64_C(0);
    s->why_unverifiable = "wasmc cannot detect CPU features on this operating system";
#endif
}

#elif defined(__s390x__)

static const struct cpu_feature known[] = {
    {"mie3", F(0)}, {"vxrs_ext2", F(1)}, {"mie4", F(2)}, {"vxrs_ext3", F(3)},
};

static void detect(struct cpu_state *s) {
#if defined(__linux__)
    unsigned long hw = getauxval(AT_HWCAP);
    bool vector = hw & (1ul << 11); /* HWCAP_S390_VXRS: hardware and kernel */
    if (!(hw & (1ul << 2))) {       /* HWCAP_S390_STFLE */
        s->unverifiable = ~UINT64_C(0);
        s->why_unverifiable = "this machine has no STFLE instruction to list its facilities";
        return;
    }
    /* STORE FACILITY LIST EXTENDED: bit n of the list (numbered from the
     * left) is facility n. */
    uint64_t list[4] = {0, 0, 0, 0};
    register unsigned long r0 __asm__("0") = sizeof list / sizeof list[0] - 1;
    __asm__ volatile(".insn s,0xb2b00000,0(%1)" : "+d"(r0) : "a"(list) : "memory", "cc");
#define FAC(n) ((list[(n) / 64] >> (63 - (n) % 64)) & 1)
    if (FAC(61)) s->present |= F(0);            /* miscellaneous-instruction-extensions 3 */
    if (vector && FAC(148)) s->present |= F(1); /* vector-enhancements 2 */
    if (FAC(84)) s->present |= F(2);            /* miscellaneous-instruction-extensions 4 */
    if (vector && FAC(198)) s->present |= F(3); /* vector-enhancements 3 */
#undef FAC
#else
    s->unverifiable = ~UINT64_C(0);
    s->why_unverifiable = "wasmc cannot detect CPU features on this operating system";
#endif
}

#else

static const struct cpu_feature known[] = {{NULL, 0}};

static void detect(struct cpu_state *s) {
    s->unverifiable = ~UINT64_C(0);
    s->why_unverifiable = "wasmc cannot detect CPU features on this architecture";
}

#endif

#undef F

/* Detected once, by the first caller; threads instantiating at the same
 * time wait for it (pthread_once: ThreadSanitizer found the earlier
 * "benign" double detection writing `state` from two threads). */
static struct cpu_state detected_state;

static void detect_once(void) {
    struct cpu_state s = {0, 0, NULL};
    detect(&s);
    detected_state = s;
}

static const struct cpu_state *cpu_state(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, detect_once);
    return &detected_state;
}

static const struct cpu_feature *find_feature(const char *name, size_t len) {
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].name && strlen(known[i].name) == len && memcmp(known[i].name, name, len) == 0)
            return &known[i];
    return NULL;
}

const char *wasmc_missing_cpu_feature(const char *features) {
    if (!features) return NULL;
    const struct cpu_state *s = cpu_state();
    const char *p = features;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0) {
            const struct cpu_feature *f = find_feature(p, len);
            if (!f) {
                /* Not a feature of this target that this runtime knows: a
                 * newer compiler, or a module built for another target. */
                static _Thread_local char unknown[64];
                snprintf(unknown, sizeof unknown, "%.*s", (int)(len < 60 ? len : 60), p);
                return unknown;
            }
            if (!(s->present & f->bit) || (s->unverifiable & f->bit)) return f->name;
        }
        if (!end) break;
        p = end + 1;
    }
    return NULL;
}

const char *wasmc_cpu_feature_note(const char *name) {
    if (!name) return NULL;
    const struct cpu_feature *f = find_feature(name, strlen(name));
    if (!f) return "this wasmc runtime does not know that CPU feature for this architecture";
    const struct cpu_state *s = cpu_state();
    if (s->unverifiable & f->bit) return s->why_unverifiable;
    return NULL;
}

int wasmc_check_cpu_features(const struct wasmc_module_desc *desc, const char *what, char *msg,
                             size_t len) {
    const char *missing = desc ? wasmc_missing_cpu_feature(desc->cpu_features) : NULL;
    if (!missing) return 1;
    const char *note = wasmc_cpu_feature_note(missing);
    if (msg && len)
        snprintf(msg, len,
                 "this %s needs CPU feature %s, which this machine lacks (it was built with "
                 "--cpu/--cpu-features)%s%s%s",
                 what, missing, note ? " [" : "", note ? note : "", note ? "]" : "");
    return 0;
}
