/* time(), clock_gettime(), gettimeofday(), clock() and gmtime/strftime of a
 * fixed timestamp. Only time-independent facts are printed. In wasm, clock()
 * needs wasi-libc's emulated process clocks (see the cflags in the list). */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static volatile double burn;

int main(void) {
    time_t now = time(NULL);
    time_t now2;
    time(&now2);
    printf("time after 2020: %d, consistent: %d\n", now > 1577836800, now2 >= now && now2 - now < 60);
    struct timespec a, b;
    int r1 = clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000000; i++) burn += i * 0.5;
    int r2 = clock_gettime(CLOCK_MONOTONIC, &b);
    long long dt = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("monotonic ok: %d %d nondecreasing=%d nsec-range=%d\n", r1, r2, dt >= 0, a.tv_nsec >= 0 && a.tv_nsec < 1000000000L);
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("realtime close to time(): %d\n", rt.tv_sec - now < 60 && now - rt.tv_sec < 60);
    struct timeval tv;
    printf("gettimeofday=%d usec-range=%d\n", gettimeofday(&tv, NULL), tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    clock_t c = clock();
    printf("clock ok: %d\n", c != (clock_t)-1);
    struct timespec res;
    printf("resolution ok: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
    time_t fixed = 1700000000;
    struct tm *tm = gmtime(&fixed);
    char buf[128];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S wday=%w yday=%j %a %b", tm);
    printf("gmtime: %s\n", buf);
    return 0;
}
