/* Bit operations via builtins: popcount, clz, ctz, bswap, rotates, parity,
 * ffs, on 32 and 64 bits, over a set of patterns and a generated sequence. */
#include <stdio.h>
#include <stdint.h>
#include <strings.h>

static volatile uint32_t pats32[] = {1, 2, 3, 0x80000000u, 0xFFFFFFFFu, 0x0F0F0F0Fu, 0x12345678u, 0x00010000u, 0xDEADBEEFu};
static volatile uint64_t pats64[] = {1, 0x8000000000000000ull, 0xFFFFFFFFFFFFFFFFull, 0x00000000FFFFFFFFull,
                                     0xFFFFFFFF00000000ull, 0x0123456789ABCDEFull, 0x100000000ull};

static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static uint32_t rotr32(uint32_t x, unsigned r) { return (x >> (r & 31)) | (x << (-r & 31)); }
static uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> (-r & 63)); }

int main(void) {
    for (unsigned i = 0; i < sizeof pats32 / sizeof pats32[0]; i++) {
        uint32_t x = pats32[i];
        printf("%08x pop=%d clz=%d ctz=%d bswap=%08x rotl7=%08x rotr7=%08x parity=%d ffs=%d\n", x,
               __builtin_popcount(x), __builtin_clz(x), __builtin_ctz(x), __builtin_bswap32(x), rotl32(x, 7),
               rotr32(x, 7), __builtin_parity(x), ffs((int)x));
    }
    for (unsigned i = 0; i < sizeof pats64 / sizeof pats64[0]; i++) {
        uint64_t x = pats64[i];
        printf("%016llx pop=%d clz=%d ctz=%d bswap=%016llx rotl13=%016llx\n", (unsigned long long)x,
               __builtin_popcountll(x), __builtin_clzll(x), __builtin_ctzll(x),
               (unsigned long long)__builtin_bswap64(x), (unsigned long long)rotl64(x, 13));
    }
    uint32_t x = 0x9E3779B9u, acc = 0;
    uint64_t acc64 = 0;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        acc += (uint32_t)__builtin_popcount(x) + (uint32_t)__builtin_clz(x | 1) * 3 + (uint32_t)__builtin_ctz(x | 0x80000000u) * 7;
        acc64 = rotl64(acc64 ^ x, (unsigned)(x & 63)) + __builtin_bswap64((uint64_t)x * 0x100000001ull);
    }
    printf("acc=%u acc64=%016llx\n", acc, (unsigned long long)acc64);
    /* bit tricks */
    uint32_t v = 0x00F0F000u;
    printf("lowest=%08x clear-lowest=%08x next-pow2(1000)=%u is-pow2(4096)=%d\n", v & -v, v & (v - 1),
           1u << (32 - __builtin_clz(1000 - 1)), (4096 & 4095) == 0);
    int32_t s = -12345;
    printf("sar=%d shr=%u mask=%08x abs=%d\n", s >> 4, (uint32_t)s >> 4, (uint32_t)(s >> 31), (s ^ (s >> 31)) - (s >> 31));
    return 0;
}
