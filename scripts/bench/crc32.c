/* Hashing: CRC-32 (IEEE, reflected) with slicing-by-8 tables and Adler-32
 * over generated data: table loads indexed by data bytes, the pattern of zlib
 * and friends. Scalar. Usage: crc32 [MIB]   (default 600 MiB; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t T[8][256];

static void init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        T[0][i] = c;
    }
    for (int t = 1; t < 8; t++)
        for (int i = 0; i < 256; i++) T[t][i] = (T[t - 1][i] >> 8) ^ T[0][T[t - 1][i] & 0xff];
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    while (n >= 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        crc = T[7][lo & 0xff] ^ T[6][(lo >> 8) & 0xff] ^ T[5][(lo >> 16) & 0xff] ^ T[4][lo >> 24] ^
              T[3][hi & 0xff] ^ T[2][(hi >> 8) & 0xff] ^ T[1][(hi >> 16) & 0xff] ^ T[0][hi >> 24];
        p += 8; n -= 8;
    }
    while (n--) crc = T[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t adler32(uint32_t a, const uint8_t *p, size_t n) {
    uint32_t s1 = a & 0xffff, s2 = a >> 16;
    while (n) {
        size_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) { s1 += *p++; s2 += s1; }
        s1 %= 65521; s2 %= 65521;
    }
    return s2 << 16 | s1;
}

int main(int argc, char **argv) {
    int mib = argc > 1 ? atoi(argv[1]) : 600;
    init();
    printf("kat=%08x", crc32(0, (const uint8_t *)"123456789", 9)); /* cbf43926 */
    size_t len = 1 << 20;
    uint8_t *buf = malloc(len);
    uint32_t s = 7;
    for (size_t i = 0; i < len; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; buf[i] = (uint8_t)s; }
    uint32_t crc = 0, ad = 1;
    for (int r = 0; r < mib; r++) {
        crc = crc32(crc, buf + r % 64, len - 64);
        if (r % 4 == 0) ad = adler32(ad, buf, len);
    }
    printf(" crc=%08x adler=%08x mib=%d\n", crc, ad, mib);
    free(buf);
    return 0;
}
