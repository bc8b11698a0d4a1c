/* libm functions whose results are exactly specified (correctly rounded or
 * exact), so wasi-libc's musl and glibc must agree bit for bit: printed with
 * %.17g and %a. */
#include <stdio.h>
#include <math.h>

static const double xs[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.7, -3.7, 1e10 + 0.5,
                            123456.789, -98765.4321, 4503599627370495.5, 1e300, 1e-300, 0.1, 7.0};

int main(void) {
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%.17g\n", x);
        printf("  sqrt(|x|)=%.17g fabs=%.17g\n", sqrt(fabs(x)), fabs(x));
        printf("  floor=%.17g ceil=%.17g trunc=%.17g round=%.17g\n", floor(x), ceil(x), trunc(x), round(x));
        printf("  nearbyint=%.17g rint=%.17g lround=%lld llrint=%lld\n", nearbyint(x), rint(x),
               fabs(x) < 1e18 ? (long long)llround(x) : 0LL, fabs(x) < 1e18 ? llrint(x) : 0LL);
        int e;
        double m = frexp(x, &e);
        printf("  frexp=%.17g,%d ldexp(x,5)=%.17g ldexp(x,-3)=%.17g scalbn(x,-1074)=%.17g\n", m, e,
               ldexp(x, 5), ldexp(x, -3), scalbn(x, -1074));
        double ip;
        double fp = modf(x, &ip);
        printf("  modf=%.17g,%.17g fmod(x,0.75)=%.17g fmod(x,-2)=%.17g remainder(x,2)=%.17g\n", fp, ip,
               fmod(x, 0.75), fmod(x, -2), remainder(x, 2));
        printf("  copysign=%g fmin=%g fmax=%g fdim=%g %a\n", copysign(3, x), fmin(x, 1), fmax(x, 1),
               fdim(x, 1), x);
        printf("  sqrtf=%.9g floorf=%.9g ceilf=%.9g roundf=%.9g truncf=%.9g\n", sqrtf((float)fabs(x)),
               floorf((float)x), ceilf((float)x), roundf((float)x), truncf((float)x));
        printf("  ilogb=%d logb=%g\n", x != 0 ? ilogb(x) : 0, x != 0 ? logb(x) : 0.0);
    }
    printf("sqrt(2)=%.17g %a\n", sqrt(2.0), sqrt(2.0));
    printf("sqrt(-1) is nan: %d\n", isnan(sqrt(-1.0)));
    printf("fmod(1,0) is nan: %d\n", isnan(fmod(1.0, 0.0)));
    printf("sqrt(inf)=%g floor(-inf)=%g\n", sqrt(INFINITY), floor(-INFINITY));
    printf("nextafter(1,2)=%a nextafter(1,0)=%a\n", nextafter(1.0, 2.0), nextafter(1.0, 0.0));
    printf("fma(2,3,1)=%g hypot(3,4)=%.17g\n", fma(2, 3, 1), hypot(3, 4));
    printf("round half cases: %g %g %g %g\n", round(0.5), round(-0.5), rint(0.5), rint(1.5));
    double s = 0;
    for (int i = 1; i <= 1000; i++) s += sqrt((double)i);
    printf("sum sqrt = %.17g\n", s);
    return 0;
}
