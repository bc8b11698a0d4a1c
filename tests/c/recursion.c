/* Recursion: Ackermann, naive Fibonacci, mutual recursion and a non-tail
 * recursion 10000 frames deep (safe both natively and in wasm). */
#include <stdio.h>
#include <stdint.h>

static int ack(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* (No `volatile` parameters here: those live in the C shadow stack in linear
 * memory, which is only 64 KiB in wasm and would overflow at this depth.) */
__attribute__((noinline)) static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static volatile int depth_sink;
/* Not a tail call: the result is combined after the call returns. */
__attribute__((noinline)) static uint64_t deep(int n, uint64_t salt) {
    if (n == 0) return salt;
    depth_sink = n;
    uint64_t r = deep(n - 1, salt * 6364136223846793005ull + 1442695040888963407ull);
    return r ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
}

static int hanoi_moves;
static void hanoi(int n, int from, int to, int via) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi(n - 1, via, to, from);
}

static int perm_count;
static void permute(char *s, int k, int n) {
    if (k == n) {
        perm_count++;
        if (perm_count <= 3 || perm_count == 120) printf("perm %d: %s\n", perm_count, s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void) {
    printf("ack(2,3)=%d ack(3,3)=%d ack(3,5)=%d\n", ack(2, 3), ack(3, 3), ack(3, 5));
    printf("fib(25)=%u\n", fib(25));
    printf("even(10001)=%d odd(10001)=%d\n", is_even(10001), is_odd(10001));
    printf("deep(10000)=%016llx\n", (unsigned long long)deep(10000, 1));
    hanoi(16, 1, 3, 2);
    printf("hanoi(16) moves=%d\n", hanoi_moves);
    char s[] = "abcde";
    permute(s, 0, 5);
    printf("perms=%d\n", perm_count);
    return 0;
}
