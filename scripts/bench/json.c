/* Parsing: a JSON parser (recursive descent over a tokenizer: objects,
 * arrays, strings with escapes, integers and decimals parsed by hand, true,
 * false, null) over generated text, computing a checksum of the values.
 * Branchy byte-at-a-time work and recursion: scalar.
 * Usage: json [ROUNDS]   (default 40; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser { const char *p, *end; uint64_t sum; uint32_t strs, nums, depth, maxdepth; int err; };

static void ws(struct parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r')) ps->p++;
}

static void value(struct parser *ps);

static void string(struct parser *ps) {
    if (*ps->p != '"') { ps->err = 1; return; }
    ps->p++;
    uint32_t h = 2166136261u;
    while (ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if (c == '\\') {
            char e = *ps->p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4; i++) {
                    char x = *ps->p++;
                    v = v * 16 + (unsigned)(x <= '9' ? x - '0' : (x | 32) - 'a' + 10);
                }
                c = (char)v;
                break;
            }
            default: c = e;
            }
        }
        h = (h ^ (uint8_t)c) * 16777619u;
    }
    ps->p++;
    ps->strs++;
    ps->sum += h;
}

static void number(struct parser *ps) {
    int neg = 0;
    if (*ps->p == '-') { neg = 1; ps->p++; }
    uint64_t ip = 0, frac = 0, scale = 1;
    while (*ps->p >= '0' && *ps->p <= '9') ip = ip * 10 + (uint64_t)(*ps->p++ - '0');
    if (*ps->p == '.') {
        ps->p++;
        while (*ps->p >= '0' && *ps->p <= '9') { frac = frac * 10 + (uint64_t)(*ps->p++ - '0'); scale *= 10; }
    }
    uint64_t v = ip * 1000 + frac * 1000 / scale;
    ps->sum += neg ? (uint64_t)0 - v : v;
    ps->nums++;
}

static void value(struct parser *ps) {
    ws(ps);
    if (ps->p >= ps->end) { ps->err = 1; return; }
    char c = *ps->p;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        ps->p++;
        if (++ps->depth > ps->maxdepth) ps->maxdepth = ps->depth;
        ws(ps);
        if (*ps->p == close) { ps->p++; ps->depth--; return; }
        for (;;) {
            if (c == '{') {
                ws(ps);
                string(ps);
                ws(ps);
                if (*ps->p++ != ':') { ps->err = 1; return; }
            }
            value(ps);
            if (ps->err) return;
            ws(ps);
            if (*ps->p == ',') { ps->p++; continue; }
            if (*ps->p == close) { ps->p++; break; }
            ps->err = 1;
            return;
        }
        ps->depth--;
    } else if (c == '"') {
        string(ps);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        number(ps);
    } else if (!strncmp(ps->p, "true", 4)) {
        ps->p += 4; ps->sum += 1;
    } else if (!strncmp(ps->p, "false", 5)) {
        ps->p += 5; ps->sum += 2;
    } else if (!strncmp(ps->p, "null", 4)) {
        ps->p += 4; ps->sum += 3;
    } else {
        ps->err = 1;
    }
}

static uint32_t rs = 1u;
static uint32_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }

static char *gen(char *o, int depth) {
    uint32_t k = rnd() % (depth > 4 ? 4 : 7);
    switch (k) {
    case 0: o += sprintf(o, "%u", rnd() % 100000); break;
    case 1: o += sprintf(o, "-%u.%03u", rnd() % 1000, rnd() % 1000); break;
    case 2: o += sprintf(o, "\"name_%u\\n\\u00e9x\"", rnd() % 5000); break;
    case 3: o += sprintf(o, "%s", rnd() & 1 ? "true" : "null"); break;
    case 4: case 5: {
        int n = (int)(rnd() % 6);
        *o++ = '[';
        for (int i = 0; i < n; i++) { if (i) *o++ = ','; o = gen(o, depth + 1); }
        *o++ = ']';
        break;
    }
    default: {
        int n = (int)(rnd() % 6);
        *o++ = '{';
        for (int i = 0; i < n; i++) {
            if (i) { *o++ = ','; *o++ = '\n'; }
            o += sprintf(o, "\"key%u\": ", rnd() % 64);
            o = gen(o, depth + 1);
        }
        *o++ = '}';
    }
    }
    return o;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 40;
    size_t cap = 4 << 20;
    char *text = malloc(cap + (1 << 20)) /* one top-level value is at most ~6^4 small items */, *o = text;
    o += sprintf(o, "[");
    while ((size_t)(o - text) < cap) { o = gen(o, 1); *o++ = ','; *o++ = ' '; }
    o += sprintf(o, "false]");
    size_t n = (size_t)(o - text);
    struct parser ps = {0};
    uint64_t total = 0;
    for (int r = 0; r < rounds; r++) {
        memset(&ps, 0, sizeof ps);
        ps.p = text; ps.end = text + n;
        value(&ps);
        if (ps.err) { printf("json: parse error at %ld\n", (long)(ps.p - text)); return 1; }
        total = total * 1000003 + ps.sum;
    }
    printf("json bytes=%zu rounds=%d strings=%u numbers=%u depth=%u sum=%016llx\n", n, rounds,
           ps.strs, ps.nums, ps.maxdepth, (unsigned long long)total);
    return 0;
}
