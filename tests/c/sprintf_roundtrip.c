/* sprintf("%.17g") of many doubles (generated bit patterns) and strtod back:
 * must round-trip exactly; also %a round trip and shortest-ish %g output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

int main(void) {
    int ok17 = 0, oka = 0, total = 0;
    uint64_t hash = 1469598103934665603ull;
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = next();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isnan(d) || isinf(d)) continue;
        /* keep subnormals out of %a: glibc and musl print them differently */
        if (fabs(d) < 2.2250738585072014e-308 && d != 0) continue;
        total++;
        char buf[64];
        sprintf(buf, "%.17g", d);
        for (char *p = buf; *p; p++) hash = (hash ^ (unsigned char)*p) * 1099511628211ull;
        double back = strtod(buf, NULL);
        if (memcmp(&back, &d, sizeof d) == 0) ok17++;
        sprintf(buf, "%a", d);
        for (char *p = buf; *p; p++) hash = (hash ^ (unsigned char)*p) * 1099511628211ull;
        back = strtod(buf, NULL);
        if (memcmp(&back, &d, sizeof d) == 0) oka++;
        if (i % 2000 == 0) printf("%d: %.17g %a %g %.3e\n", i, d, d, d, d);
    }
    printf("total=%d ok17=%d oka=%d hash=%016llx\n", total, ok17, oka, (unsigned long long)hash);
    double small[] = {0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e23, 5e-324 * 1e10, 123.456, 1e-7};
    for (unsigned i = 0; i < sizeof small / sizeof small[0]; i++) {
        char buf[64];
        for (int p = 1; p <= 17; p++) {
            sprintf(buf, "%.*g", p, small[i]);
            if (strtod(buf, NULL) == small[i]) {
                printf("shortest %s (%d digits)\n", buf, p);
                break;
            }
        }
    }
    return total == ok17 && total == oka ? 0 : 1;
}
