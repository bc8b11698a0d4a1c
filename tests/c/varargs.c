/* Variadic functions: int/double/long long/pointer arguments, va_copy, a
 * vsnprintf wrapper and a tiny printf re-implementation. */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

static long long sum_ints(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long long s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
static double avg(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return n ? s / n : 0;
}
/* format: i=int, l=long long, d=double, s=string, c=char */
static void mini(const char *fmt, ...) {
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': printf("i:%d ", va_arg(ap, int)); break;
        case 'l': printf("l:%lld ", va_arg(ap, long long)); break;
        case 'd': printf("d:%g ", va_arg(ap, double)); break;
        case 's': printf("s:%s ", va_arg(ap, const char *)); break;
        case 'c': printf("c:%c ", (char)va_arg(ap, int)); break;
        }
    }
    printf("| first again: ");
    if (*fmt == 'i') printf("%d", va_arg(again, int));
    else if (*fmt == 'd') printf("%g", va_arg(again, double));
    printf("\n");
    va_end(again);
    va_end(ap);
}
static int fmt(char *buf, size_t n, const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(buf, n, f, ap);
    va_end(ap);
    return r;
}
static void logf_(FILE *out, const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    fputs("[log] ", out);
    vfprintf(out, f, ap);
    va_end(ap);
}

int main(void) {
    printf("sum0=%lld sum3=%lld sum10=%lld\n", sum_ints(0), sum_ints(3, 1, 2, 3),
           sum_ints(10, 1, -2, 3, -4, 5, -6, 7, -8, 9, 1000000000));
    printf("avg=%g avg1=%g\n", avg(4, 1.0, 2.5, 3.5, -1.0), avg(1, 42.0));
    mini("ildsc", -5, 123456789012345LL, 2.75, "text", 'Z');
    mini("dddd", 1.0, 2.0, 3.0, 4.0);
    mini("lilili", 1LL, 2, 3LL, 4, 5LL, 6);
    char buf[32];
    int r = fmt(buf, sizeof buf, "%s=%05d/%.3f", "key", 42, 2.0 / 3);
    printf("fmt ret=%d buf=%s\n", r, buf);
    r = fmt(buf, 8, "%s", "this is too long");
    printf("fmt ret=%d buf=%s\n", r, buf);
    logf_(stdout, "%d %s %c %.2e\n", 7, "seven", '7', 7e7);
    logf_(stderr, "stderr %x\n", 255);
    return 0;
}
