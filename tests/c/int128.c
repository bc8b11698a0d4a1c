/* 128-bit integer arithmetic (compiler-rt helpers in wasm): mul/div/mod,
 * shifts, wraparound; printed in decimal and hex by our own routines. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#ifdef __wasm__
/* Debian's libclang-rt-dev-wasm32 builtins (__udivti3, __umodti3, ...) are
 * built with -fstack-protector, but wasi-libc provides no stack-protector
 * runtime; supply the two symbols so the program links. */
uintptr_t __stack_chk_guard = 0x4F6CDD1Du;
void __stack_chk_fail(void) { abort(); }
#endif

typedef unsigned __int128 u128;
typedef __int128 i128;

static void put_u128(u128 v) {
    char buf[64];
    int i = 63;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    fputs(buf + i, stdout);
}
static void put_i128(i128 v) {
    if (v < 0) {
        putchar('-');
        put_u128((u128)0 - (u128)v);
    } else {
        put_u128((u128)v);
    }
}
static void put_hex(u128 v) {
    printf("%016llx%016llx", (unsigned long long)(uint64_t)(v >> 64), (unsigned long long)(uint64_t)v);
}

static volatile uint64_t seeds[] = {0xFFFFFFFFFFFFFFFFull, 0x123456789ABCDEF0ull, 3, 10, 0x8000000000000000ull, 999999999989ull};

int main(void) {
    u128 max = ~(u128)0;
    printf("max=");
    put_u128(max);
    printf("\nmin=");
    i128 min = (i128)((u128)1 << 127);
    put_i128(min);
    printf("\n");
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            u128 a = ((u128)seeds[i] << 64) | seeds[j];
            u128 b = (u128)seeds[j] * seeds[i] + seeds[(i + j) % 6];
            i128 sa = (i128)a, sb = (i128)(b | 1);
            printf("%d,%d mul=", i, j);
            put_hex(a * b);
            printf(" udiv=");
            put_u128(b ? a / b : 0);
            printf(" umod=");
            put_u128(b ? a % b : 0);
            printf(" sdiv=");
            put_i128(sa / sb);
            printf(" smod=");
            put_i128(sa % sb);
            printf("\n");
        }
    }
    u128 x = ((u128)0x0123456789ABCDEFull << 64) | 0xFEDCBA9876543210ull;
    for (int s = 0; s < 128; s += 19) {
        printf("s=%3d shl=", s);
        put_hex(x << s);
        printf(" shr=");
        put_hex(x >> s);
        printf(" sar=");
        put_hex((u128)((i128)(x | ((u128)1 << 127)) >> s));
        printf("\n");
    }
    u128 f = 1;
    for (int i = 1; i <= 34; i++) f *= (u128)i;
    printf("34!=");
    put_u128(f);
    printf("\n35! mod 2^128=");
    put_u128(f * 35);
    printf("\nwrap=");
    put_u128(max + 5);
    printf("\n");
    i128 neg = -(i128)1000000000000000000LL * 1000000000000000000LL;
    printf("neg=");
    put_i128(neg);
    printf(" /7=");
    put_i128(neg / 7);
    printf(" %%7=");
    put_i128(neg % 7);
    printf("\n");
    printf("clz128-ish: %d\n", __builtin_clzll((uint64_t)(x >> 64)));
    return 0;
}
