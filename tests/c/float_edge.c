/* Floating-point edge cases: NaN comparisons, infinities, signed zero,
 * float<->double rounding, int<->float conversions in range, classification.
 * NaN signs are never printed (x86 and wasm produce different NaN signs). */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <string.h>

static volatile double zero = 0.0, one = 1.0, big = 1e308;
static volatile float fzero = 0.0f;

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

int main(void) {
    double nan = zero / zero;
    double inf = one / zero;
    double ninf = -one / zero;
    double nz = -zero;
    printf("isnan=%d isinf=%d %d signbit(-inf)=%d\n", isnan(nan) != 0, isinf(inf) != 0, isinf(ninf) != 0,
           signbit(ninf) != 0);
    printf("nan==nan %d nan!=nan %d nan<1 %d nan>1 %d nan<=nan %d\n", nan == nan, nan != nan, nan < 1, nan > 1,
           nan <= nan);
    printf("inf>big %d inf-inf nan=%d inf*0 nan=%d inf+inf=%g -inf*-1=%g\n", inf > big, isnan(inf - inf) != 0,
           isnan(inf * 0) != 0, inf + inf, ninf * -1);
    printf("-0==0 %d signbit(-0)=%d 1/-0=%g 1/0=%g -0 bits=%016llx\n", nz == 0.0, signbit(nz) != 0, one / nz,
           one / zero, (unsigned long long)bits(nz));
    printf("-0+0=%g bits %016llx, -0-0 bits %016llx, -0*-1=%g\n", nz + 0.0, (unsigned long long)bits(nz + 0.0),
           (unsigned long long)bits(nz - 0.0), nz * -1);
    printf("big*10=%g -big*10=%g big/1e-10=%g\n", big * 10, -big * 10, big / 1e-10);
    printf("DBL_MIN/2 subnormal=%d DBL_TRUE_MIN/2=%g\n", fpclassify(DBL_MIN / 2) == FP_SUBNORMAL,
           DBL_TRUE_MIN / 2);
    double cls[] = {0.0, -0.0, 1.0, DBL_MIN / 4, INFINITY};
    for (int i = 0; i < 5; i++) {
        int c = fpclassify(cls[i]);
        printf("class %d: %s\n", i, c == FP_ZERO ? "zero" : c == FP_NORMAL ? "normal" : c == FP_SUBNORMAL ? "subnormal"
                                                 : c == FP_INFINITE ? "infinite" : "nan");
    }
    /* float <-> double */
    double d = 0.1;
    float f = (float)d;
    printf("(float)0.1 = %.9g bits %08x, back %.17g\n", f, fbits(f), (double)f);
    printf("(float)1e39=%g (float)1e-50=%g (float)-1e-50 bits %08x\n", (float)(big / 1e269), (float)(1e-50 * one),
           fbits((float)(-1e-50 * one)));
    printf("16777217 -> float %.1f, 9007199254740993 -> double %.1f\n", (float)16777217, (double)9007199254740993LL);
    printf("(float)nan is nan %d, (float)inf=%g\n", isnan((float)nan) != 0, (float)inf);
    /* float -> int, in range only (out of range is UB in C) */
    double conv[] = {0.9, -0.9, 2.5, -2.5, 2147483647.9, -2147483648.9, 4294967295.5, 1e18, -1e18};
    for (int i = 0; i < 9; i++) {
        double x = conv[i];
        printf("conv %.17g: i32=%d u32=%u i64=%lld u64=%llu\n", x, fabs(x) < 2147483648.0 ? (int32_t)x : 0,
               x > -1 && x < 4294967296.0 ? (uint32_t)x : 0u, (long long)(int64_t)x,
               x > -1 ? (unsigned long long)(uint64_t)x : 0ull);
    }
    printf("u64 max -> double %.17g, -> float %.9g\n", (double)UINT64_MAX, (float)UINT64_MAX);
    printf("i64 min -> double %.17g\n", (double)INT64_MIN);
    uint64_t odd = (1ull << 53) + 1;
    printf("2^53+1 -> %.17g, u64 rounding %.17g\n", (double)odd, (double)((1ull << 63) + 1025));
    /* min/max with signed zeros, fmin with nan */
    printf("fmin(nan,1)=%g fmax(1,nan)=%g fmin(-0,0) signbit=%d\n", fmin(nan, 1.0), fmax(1.0, nan),
           signbit(fmin(-0.0, 0.0)) != 0);
    float fnan = fzero / fzero;
    printf("float nan==nan %d, float inf %g, FLT_EPSILON %a, DBL_EPSILON %a\n", fnan == fnan, 1.0f / fzero,
           FLT_EPSILON, DBL_EPSILON);
    printf("1+eps/2==1 %d, 1+eps==1 %d\n", one + DBL_EPSILON / 2 == 1.0, one + DBL_EPSILON == 1.0);
    /* accumulated rounding */
    double s = 0;
    for (int i = 0; i < 10; i++) s += 0.1;
    float fs = 0;
    for (int i = 0; i < 10; i++) fs += 0.1f;
    printf("sum 0.1 x10 = %.17g (==1: %d), float %.9g\n", s, s == 1.0, fs);
    printf("copysign(1,-0)=%g nextafter(0,1)=%g\n", copysign(1.0, nz), nextafter(0.0, 1.0));
    return 0;
}
