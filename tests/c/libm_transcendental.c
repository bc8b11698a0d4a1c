/* Transcendental libm functions. musl and glibc are both faithful but not
 * always correctly rounded, so results are printed with %.10g only. */
#include <stdio.h>
#include <math.h>

int main(void) {
    const double xs[] = {0.0, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, M_PI / 6, M_PI / 4, 10.0, 100.0, -0.7, -2.5, 1e-5, 700.0};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%.10g sin=%.10g cos=%.10g tan=%.10g atan=%.10g\n", x, sin(x), cos(x), tan(x), atan(x));
        printf("  exp=%.10g expm1=%.10g sinh=%.10g cosh=%.10g tanh=%.10g\n", exp(x > 700 ? 700 : x),
               expm1(x), x < 700 ? sinh(x) : 0, x < 700 ? cosh(x) : 0, tanh(x));
        if (x > 0)
            printf("  log=%.10g log10=%.10g log2=%.10g log1p=%.10g cbrt=%.10g\n", log(x), log10(x), log2(x),
                   log1p(x), cbrt(x));
        if (fabs(x) <= 1)
            printf("  asin=%.10g acos=%.10g atanh=%.10g\n", asin(x), acos(x), fabs(x) < 1 ? atanh(x) : 0.0);
        printf("  pow(x,2.5)=%.10g pow(2,x)=%.10g pow(x,3)=%.10g atan2=%.10g,%.10g\n", pow(fabs(x), 2.5),
               pow(2, x), pow(x, 3), atan2(x, 1.5), atan2(-1.0, x));
        printf("  sinf=%.6g cosf=%.6g expf=%.6g logf=%.6g powf=%.6g\n", sinf((float)x), cosf((float)x),
               expf((float)(x > 80 ? 80 : x)), x > 0 ? logf((float)x) : 0.0f, powf(1.5f, (float)(x > 80 ? 80 : x)));
    }
    printf("exact: pow(2,10)=%.17g pow(10,-2)=%.10g exp(0)=%.17g log(1)=%.17g\n", pow(2, 10), pow(10, -2),
           exp(0), log(1));
    printf("special: exp(-inf)=%g log(0)=%g pow(0,-1)=%g atan(inf)=%.10g tanh(inf)=%g\n", exp(-INFINITY),
           log(0.0), pow(0.0, -1.0), atan(INFINITY), tanh(INFINITY));
    printf("nan: %d %d %d\n", isnan(log(-1.0)), isnan(acos(2.0)), isnan(pow(-2.0, 0.5)));
    double acc = 0;
    for (int i = 1; i <= 200; i++) acc += sin(i * 0.37) * exp(-i / 100.0) + log(i) / i;
    printf("acc=%.10g\n", acc);
    printf("lgamma(5.5)=%.10g tgamma(5)=%.10g erf(0.5)=%.10g erfc(0.5)=%.10g\n", lgamma(5.5), tgamma(5.0),
           erf(0.5), erfc(0.5));
    return 0;
}
