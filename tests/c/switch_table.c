/* Big dense switches (br_table in wasm) including negative and out-of-range
 * selectors, sparse switches, and fallthrough. */
#include <stdio.h>
#include <stdint.h>

__attribute__((noinline)) static int dense(int x) {
    switch (x) {
    case 0: return 17;   case 1: return 4;    case 2: return 99;   case 3: return -3;
    case 4: return 12;   case 5: return 1000; case 6: return 6;    case 7: return 77;
    case 8: return 8;    case 9: return -90;  case 10: return 10;  case 11: return 111;
    case 12: return 5;   case 13: return 13;  case 14: return 1;   case 15: return 2;
    case 16: return 160; case 17: return 71;  case 18: return 18;  case 19: return 91;
    case 20: return 202; case 21: return 21;  case 22: return 22;  case 23: return -23;
    case 24: return 24;  case 25: return 52;  case 26: return 26;  case 27: return 72;
    case 28: return 28;  case 29: return 92;  case 30: return 3;   case 31: return 31;
    case 32: return 320; case 33: return 33;  case 34: return 43;  case 35: return 35;
    case 36: return 63;  case 37: return 37;  case 38: return 83;  case 39: return 39;
    default: return -1;
    }
}

__attribute__((noinline)) static const char *sparse(int x) {
    switch (x) {
    case -1000000: return "neg-million";
    case -1: return "minus-one";
    case 7: return "seven";
    case 100: return "hundred";
    case 4096: return "page";
    case 65535: return "u16max";
    case 2147483647: return "int-max";
    default: return "other";
    }
}

__attribute__((noinline)) static int fall(int x) {
    int r = 0;
    switch (x & 7) {
    case 0: r += 1; /* fallthrough */
    case 1: r += 2; /* fallthrough */
    case 2: r += 4; break;
    case 3: r += 8; /* fallthrough */
    case 4: r += 16; /* fallthrough */
    default: r += 32;
    }
    return r;
}

__attribute__((noinline)) static char op_char(uint8_t op) {
    switch (op) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 'V';
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': return 'D';
    case ' ': case '\t': case '\n': return 'S';
    default: return op >= 'a' && op <= 'z' ? 'C' : '?';
    }
}

int main(void) {
    uint64_t sum = 0;
    for (int x = -5; x < 45; x++) {
        int d = dense(x);
        sum = sum * 3 + (uint64_t)(int64_t)d;
        printf("%d:%d ", x, d);
    }
    printf("\nsum=%llu\n", (unsigned long long)sum);
    int probes[] = {-1000000, -1, 0, 7, 8, 100, 4096, 65535, 65536, 2147483647, -2147483647 - 1};
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) printf("%d=%s\n", probes[i], sparse(probes[i]));
    for (int x = 0; x < 10; x++) printf("%d ", fall(x));
    printf("\n");
    for (const char *p = "hello world 2024\tend\n!"; *p; p++) putchar(op_char((uint8_t)*p));
    printf("\n");
    return 0;
}
