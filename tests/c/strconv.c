/* Number <-> string conversions: strtol/strtoul/strtoll with bases and end
 * pointers, overflow (ERANGE), atoi, strtod on many syntaxes, sprintf back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>

static void tl(const char *s, int base) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, base);
    printf("strtoll(\"%s\", %d) = %lld, consumed %d, erange=%d\n", s, base, v, (int)(end - s), errno == ERANGE);
}
static void tul(const char *s, int base) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    printf("strtoull(\"%s\", %d) = %llu, consumed %d, erange=%d\n", s, base, v, (int)(end - s), errno == ERANGE);
}
static void t32(const char *s, int base) {
    char *end;
    errno = 0;
    /* strtol's range depends on sizeof(long); clamp through int32 on purpose */
    long long v = strtoll(s, &end, base);
    int32_t w = (int32_t)v;
    printf("as int32 \"%s\" = %d consumed %d\n", s, w, (int)(end - s));
}
static void td(const char *s) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    double back = strtod(buf, NULL);
    printf("strtod(\"%s\") = %.17g (%a) consumed %d erange=%d roundtrip=%d\n", s, v, v, (int)(end - s),
           errno == ERANGE, back == v || v != v);
}

int main(void) {
    tl("12345", 10);
    tl("  -42xyz", 10);
    tl("0x1F", 16);
    tl("0x1F", 0);
    tl("0777", 0);
    tl("z", 36);
    tl("Zz", 36);
    tl("9223372036854775807", 10);
    tl("9223372036854775808", 10);
    tl("-9223372036854775809", 10);
    tl("+17", 10);
    tl("", 10);
    tl("   ", 10);
    tl("1010", 2);
    tul("18446744073709551615", 10);
    tul("18446744073709551616", 10);
    tul("-1", 10);
    tul("ffffffff", 16);
    t32("2147483647", 10);
    t32("-2147483648", 10);
    printf("atoi: %d %d %d %d\n", atoi("123"), atoi("-77abc"), atoi("  +5"), atoi("x"));
    printf("atoll: %lld\n", atoll("-123456789012"));
    td("3.14159");
    td("-0.0");
    td("1e308");
    td("1e309");
    td("0x1.8p3");
    td("0X.8P-2");
    td("inf");
    td("-Infinity");
    td("  42abc");
    td(".5");
    td("5.");
    td("1e");
    td("abc");
    td("2.2250738585072014e-308");
    td("123456789012345678901234567890");
    td("0.1000000000000000055511151231257827");
    td("1.7976931348623157e308");
    printf("nan parses: %d\n", strtod("nan", NULL) != strtod("nan", NULL));
    float f = strtof("3.4028235e38", NULL);
    printf("strtof: %.9g %a\n", f, f);
    f = strtof("1e39", NULL);
    printf("strtof overflow: %f\n", f);
    /* sprintf -> sscanf round trip */
    char buf[128];
    int a = -123456, b2;
    unsigned u = 0xdeadbeef, u2;
    double d = -6.25e-3, d2;
    char word[16];
    sprintf(buf, "%d %x %.17g %s", a, u, d, "token");
    int got = sscanf(buf, "%d %x %lf %15s", &b2, &u2, &d2, word);
    printf("sscanf got=%d a=%d u=%x d=%g word=%s equal=%d\n", got, b2, u2, d2, word, a == b2 && u == u2 && d == d2);
    int h, mi, sec;
    got = sscanf("12:34:56", "%d:%d:%d", &h, &mi, &sec);
    printf("time %d -> %d %d %d\n", got, h, mi, sec);
    return 0;
}
