/* Dense linear algebra: C = A * B on doubles (i-k-j loop order, the inner
 * loop vectorizes), repeated; A is perturbed between repetitions so no
 * repetition can be skipped. Vectorizable: native uses SSE2, wasm needs
 * -msimd128 to match.
 * Usage: matmul [REPS]   (default 300; 1 for a quick check) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 192

static double A[N * N], B[N * N], C[N * N];

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static double rnd(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0 - 0.5;
}

static void matmul(void) {
    for (int i = 0; i < N; i++) {
        double *c = &C[i * N];
        for (int j = 0; j < N; j++) c[j] = 0.0;
        for (int k = 0; k < N; k++) {
            double a = A[i * N + k];
            const double *b = &B[k * N];
            for (int j = 0; j < N; j++) c[j] += a * b[j];
        }
    }
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 300;
    for (int i = 0; i < N * N; i++) { A[i] = rnd(); B[i] = rnd(); }
    double sum = 0.0;
    for (int r = 0; r < reps; r++) {
        matmul();
        double trace = 0.0;
        for (int i = 0; i < N; i++) trace += C[i * N + i];
        sum += trace;
        A[(r * 7919) % (N * N)] += 0.25;
    }
    double all = 0.0;
    for (int i = 0; i < N * N; i++) all += C[i];
    printf("matmul n=%d reps=%d trace_sum=%.9e total=%.9e\n", N, reps, sum, all);
    return 0;
}
