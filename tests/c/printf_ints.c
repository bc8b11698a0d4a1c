/* printf-family formatting of integers: conversions, flags, widths,
 * precision, length modifiers, snprintf truncation and return values. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>

int main(void) {
    int vals[] = {0, 1, -1, 7, -42, 255, 1000000, INT_MAX, INT_MIN};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        int v = vals[i];
        printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", v, v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v);
        printf("[%8d] [%-8d] [%08d] [%+d] [% d] [%.5d] [%8.3d] [%-+8.3d]\n", v, v, v, v, v, v, v, v);
        printf("[%#x] [%#X] [%#o] [%#10x] [%#010x] [%.0d] [%.0x]\n", (unsigned)v, (unsigned)v,
               (unsigned)v, (unsigned)v, (unsigned)v, v, (unsigned)v);
        printf("[%*d] [%-*d] [%.*d] [%*.*x]\n", 7, v, 7, v, 4, v, 12, 9, (unsigned)v);
    }
    int64_t big[] = {0, INT64_MAX, INT64_MIN, -1, 1234567890123456789LL, -987654321012345LL};
    for (unsigned i = 0; i < sizeof big / sizeof big[0]; i++) {
        int64_t v = big[i];
        printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "] [%" PRIo64 "] [%25" PRId64 "] [%-+25" PRId64 "]\n",
               v, (uint64_t)v, (uint64_t)v, (uint64_t)v, v, v);
        printf("[%lld] [%llu] [%#llx] [%022lld]\n", (long long)v, (unsigned long long)v,
               (unsigned long long)v, (long long)v);
    }
    printf("[%hhd] [%hhu] [%hd] [%hu] [%hhx] [%hx]\n", (signed char)-5, (unsigned char)250,
           (short)-30000, (unsigned short)65000, (unsigned char)0xAB, (unsigned short)0xBEEF);
    printf("[%zu] [%zd] [%5zx] [%jd] [%ju]\n", (size_t)12345, (ssize_t)-77, (size_t)0xfff,
           (intmax_t)-1, (uintmax_t)UINT64_MAX);
    printf("[%c] [%5c] [%-5c] [%%] [%s] [%10s] [%-10s] [%.3s] [%10.2s]\n", 'A', 'b', 'c', "str",
           "right", "left", "truncated", "xy");

    char buf[16];
    int n = snprintf(buf, sizeof buf, "%d-%d-%d-%d", 1111, 2222, 3333, 4444);
    printf("snprintf ret=%d buf=\"%s\" len=%zu\n", n, buf, strlen(buf));
    n = snprintf(NULL, 0, "%08.3f|%x", 3.14159, 48879u);
    printf("snprintf(NULL,0) ret=%d\n", n);
    n = snprintf(buf, 1, "abc");
    printf("snprintf size 1 ret=%d empty=%d\n", n, buf[0] == '\0');
    memset(buf, 'Z', sizeof buf);
    n = snprintf(buf, 5, "%s", "hello world");
    printf("ret=%d buf=\"%s\" after=%c\n", n, buf, buf[5]);
    char big_buf[200];
    n = sprintf(big_buf, "%-20s|%20s|%020d|%+.10d", "a", "b", -123, 456);
    printf("sprintf ret=%d \"%s\"\n", n, big_buf);
    return 0;
}
