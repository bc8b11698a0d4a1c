/* 64-bit integer arithmetic: signed/unsigned mul/div/rem with negative
 * operands, shifts, rotates, unsigned wraparound, widening/narrowing. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static volatile int64_t vs[] = {0, 1, -1, 7, -7, 1000000007, -999999999999LL, INT64_MAX, INT64_MIN + 1,
                                0x123456789ABCDEFLL, 3037000499LL};

static uint64_t rotl(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }

int main(void) {
    int n = sizeof vs / sizeof vs[0];
    uint64_t h = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            int64_t a = vs[i], b = vs[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            uint64_t prod = ua * ub;
            uint64_t sum = ua + ub;
            int64_t q = b ? a / b : 0, r = b ? a % b : 0;
            uint64_t uq = ub ? ua / ub : 0, ur = ub ? ua % ub : 0;
            h = h * 31 + prod + sum + (uint64_t)q + (uint64_t)r + uq + ur;
            if (i < 6 && j < 6)
                printf("%" PRId64 " %" PRId64 ": mul=%" PRIx64 " q=%" PRId64 " r=%" PRId64 " uq=%" PRIu64
                       " ur=%" PRIu64 "\n",
                       a, b, prod, q, r, uq, ur);
        }
    }
    printf("hash=%016" PRIx64 "\n", h);
    for (int s = 0; s < 64; s += 7) {
        int64_t a = vs[6];
        printf("shift %2d: shl=%016" PRIx64 " sar=%" PRId64 " shr=%016" PRIx64 " rotl=%016" PRIx64 "\n", s,
               (uint64_t)a << s, a >> s, (uint64_t)a >> s, rotl((uint64_t)a, (unsigned)s));
    }
    uint64_t u = UINT64_MAX;
    u += 2;
    printf("wrap: %" PRIu64 " %" PRIu64 "\n", u, (uint64_t)0 - 1);
    uint32_t w = 4000000000u;
    w *= 3;
    printf("u32 wrap: %u\n", w);
    int64_t big = vs[7];
    printf("narrow: %d %u %d %d\n", (int32_t)big, (uint32_t)big, (int16_t)big, (int8_t)(big - 1));
    int32_t neg = (int32_t)vs[4];
    printf("widen: %" PRId64 " %" PRIu64 " %" PRIu64 "\n", (int64_t)neg, (uint64_t)(uint32_t)neg, (uint64_t)neg);
    uint64_t f = 1;
    for (int i = 1; i <= 25; i++) f *= (uint64_t)i;
    printf("25! mod 2^64 = %" PRIu64 "\n", f);
    uint64_t x = 0x0123456789abcdefULL;
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> 32);
    printf("split: %08x %08x mulhi=%016" PRIx64 "\n", hi, lo, (uint64_t)hi * lo);
    double d = (double)vs[9];
    printf("i64->f64=%.17g f64->i64=%" PRId64 " u64->f64=%.17g\n", d, (int64_t)(d / 3), (double)(uint64_t)vs[2]);
    return 0;
}
