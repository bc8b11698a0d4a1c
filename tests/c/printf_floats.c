/* printf-family formatting of doubles: %e %f %g %a in both cases, widths,
 * precision, flags and special values (infinities, NaN without sign). */
#include <stdio.h>
#include <math.h>
#include <float.h>

int main(void) {
    double vals[] = {0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.14159265358979, 123456.789, 1e-5, 1e-300,
                     6.02214076e23, -2.718281828459045, 1e15, 1e16, 1e21, 0.000123456, 999.9995,
                     DBL_MAX, DBL_MIN, 9.5, 10.5, 0.5, 1.25e-7};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%e|%E|%.3e|%15.4e|%-15.2e|%+e\n", v, v, v, v, v, v);
        printf("%f|%.0f|%.2f|%12.3f|%-12.1f|%+.4f|%#.0f|%012.3f\n", v, v, v, v, v, v, v, v);
        printf("%g|%G|%.3g|%.10g|%#g|%12g|%-12.4g|%.0g\n", v, v, v, v, v, v, v, v);
        printf("%a|%A|%.3a|%20a\n", v, v, v, v);
        printf("%.17g\n", v);
    }
    float f = 1.1f;
    printf("float promoted: %.9g %a %f\n", f, f, f);
    printf("inf: %f %e %g %a %F %E %G %A\n", INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY,
           INFINITY, -INFINITY, INFINITY);
    printf("nan: %f %e %g %F %5.2f|%-6g|\n", fabs(NAN), fabs(NAN), fabs(NAN), fabs(NAN), fabs(NAN), fabs(NAN));
    printf("inf width: [%10f] [%-10e] [%+g] [% f]\n", INFINITY, INFINITY, INFINITY, INFINITY);
    printf("big: %.0f\n", 1e300);
    printf("many digits: %.40f\n", 0.1);
    printf("%.60e\n", 1.0 / 3.0);
    char buf[64];
    int n = snprintf(buf, 10, "%.5f", 3.14159265);
    printf("snprintf ret=%d buf=%s\n", n, buf);
    for (int p = 0; p <= 17; p++) printf("%.*g ", p, M_PI);
    printf("\n");
    for (int e = -20; e <= 20; e += 3) printf("%g %e\n", pow(10.0, e) * 1.5, pow(10.0, e) * 7.25);
    return 0;
}
