/* Compression: an LZ77 coder (hash chains over a 64 KiB window, greedy
 * matching, literal runs and (length, distance) tokens in a byte stream)
 * compressing and decompressing generated text, verified byte for byte.
 * Branchy byte loads and compares: scalar.
 * Usage: lz77 [ROUNDS]   (default 10; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN (1 << 16)
#define HBITS 15
#define MINM 4
#define MAXM 258
#define DEPTH 24

static int32_t head[1 << HBITS];
static int32_t *prev;

static uint32_t hash4(const uint8_t *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (v * 2654435761u) >> (32 - HBITS);
}

static void put_lits(uint8_t **o, const uint8_t *lit, size_t n) {
    while (n) {
        size_t k = n < 128 ? n : 128;
        *(*o)++ = (uint8_t)(k - 1); /* 0..127: literal run */
        memcpy(*o, lit, k);
        *o += k; lit += k; n -= k;
    }
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
    for (size_t i = 0; i < (1 << HBITS); i++) head[i] = -1;
    uint8_t *o = out;
    size_t i = 0, lit = 0;
    while (i + MINM <= n) {
        uint32_t h = hash4(in + i);
        int32_t cand = head[h];
        size_t best = 0, dist = 0;
        for (int d = 0; d < DEPTH && cand >= 0 && i - (size_t)cand < WIN; d++) {
            size_t l = 0, max = n - i < MAXM ? n - i : MAXM;
            while (l < max && in[cand + l] == in[i + l]) l++;
            if (l > best) { best = l; dist = i - (size_t)cand; if (l == max) break; }
            cand = prev[cand];
        }
        prev[i] = head[h];
        head[h] = (int32_t)i;
        if (best >= MINM) {
            put_lits(&o, in + lit, i - lit);
            *o++ = (uint8_t)(128 + (best - MINM) / 2); /* 128..255: match */
            *o++ = (uint8_t)((best - MINM) & 1);
            *o++ = (uint8_t)dist; *o++ = (uint8_t)(dist >> 8);
            for (size_t k = 1; k < best && i + k + MINM <= n; k++) {
                uint32_t hk = hash4(in + i + k);
                prev[i + k] = head[hk];
                head[hk] = (int32_t)(i + k);
            }
            i += best;
            lit = i;
        } else {
            i++;
        }
    }
    put_lits(&o, in + lit, n - lit);
    return (size_t)(o - out);
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out) {
    const uint8_t *end = in + n;
    uint8_t *o = out;
    while (in < end) {
        uint8_t t = *in++;
        if (t < 128) {
            memcpy(o, in, (size_t)t + 1);
            o += t + 1; in += t + 1;
        } else {
            size_t len = (size_t)(t - 128) * 2 + in[0] + MINM;
            size_t dist = (size_t)in[1] | (size_t)in[2] << 8;
            if (dist == 0) dist = WIN;
            in += 3;
            const uint8_t *src = o - dist;
            for (size_t k = 0; k < len; k++) o[k] = src[k];
            o += len;
        }
    }
    return (size_t)(o - out);
}

static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                              "compiler", "webassembly", "native", "code", "memory", "table",
                              "function", "module", "import", "export", "global", "stack"};

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    size_t n = 1 << 21;
    uint8_t *text = malloc(n), *comp = malloc(n + n / 64 + 16), *back = malloc(n);
    prev = malloc(n * sizeof *prev);
    uint32_t s = 2463534242u;
    size_t p = 0;
    while (p < n) {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        const char *w = words[s % 20];
        size_t l = strlen(w);
        for (size_t k = 0; k < l && p < n; k++) text[p++] = (uint8_t)w[k];
        if (p < n) text[p++] = (s >> 8) % 11 == 0 ? '\n' : ' ';
        if ((s >> 12) % 7 == 0 && p < n) text[p++] = (uint8_t)('0' + (s >> 16) % 10);
    }
    size_t total = 0;
    uint32_t h = 0;
    for (int r = 0; r < rounds; r++) {
        text[(size_t)r * 7919 % n] ^= 1;
        size_t c = compress(text, n, comp);
        size_t d = decompress(comp, c, back);
        if (d != n || memcmp(text, back, n) != 0) { printf("lz77: round trip FAILED\n"); return 1; }
        total += c;
        for (size_t k = 0; k < c; k += 97) h = h * 31 + comp[k];
    }
    printf("lz77 n=%zu rounds=%d compressed=%zu hash=%08x\n", n, rounds, total, h);
    return 0;
}
