/* Crypto: the ChaCha20 stream cipher (RFC 8439) encrypting a buffer in
 * place, repeatedly, with the block counter running on. Quarter rounds on 16
 * 32-bit words: scalar add/xor/rotate chains.
 * Usage: chacha20 [MIB]   (default 160 MiB encrypted; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d)                                   \
    a += b; d ^= a; d = ROTL(d, 16);                     \
    c += d; b ^= c; b = ROTL(b, 12);                     \
    a += b; d ^= a; d = ROTL(d, 8);                      \
    c += d; b ^= c; b = ROTL(b, 7)

static void chacha_block(const uint32_t in[16], uint32_t out[16]) {
    uint32_t x[16];
    for (int i = 0; i < 16; i++) x[i] = in[i];
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) out[i] = x[i] + in[i];
}

static void crypt(uint32_t state[16], uint8_t *buf, size_t len) {
    uint32_t ks[16];
    for (size_t off = 0; off < len; off += 64) {
        chacha_block(state, ks);
        state[12]++;
        size_t n = len - off < 64 ? len - off : 64;
        for (size_t i = 0; i < n; i++) buf[off + i] ^= (uint8_t)(ks[i / 4] >> (8 * (i % 4)));
    }
}

int main(int argc, char **argv) {
    int mib = argc > 1 ? atoi(argv[1]) : 160;
    /* RFC 8439 2.3.2 test vector first. */
    uint32_t st[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (int i = 0; i < 8; i++)
        st[4 + i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
    st[12] = 1; st[13] = 0x09000000; st[14] = 0x4a000000; st[15] = 0;
    uint32_t out[16];
    chacha_block(st, out);
    printf("kat=%08x%08x", out[0], out[15]);
    size_t len = 1 << 20;
    uint8_t *buf = malloc(len);
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(i * 31 + 7);
    for (int r = 0; r < mib; r++) crypt(st, buf, len);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) { h ^= buf[i]; h *= 1099511628211ull; }
    printf(" fnv=%016llx counter=%u mib=%d\n", (unsigned long long)h, st[12], mib);
    free(buf);
    return 0;
}
