/* Dense linear algebra: LU decomposition with partial pivoting of a random
 * matrix, then a triangular solve, repeated on fresh matrices. The row
 * update (the hot loop) vectorizes; pivot search and swaps are scalar.
 * Usage: lu [REPS]   (default 150; 1 for a quick check) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 256

static double M[N * N], x[N], b[N];
static int piv[N];

static uint64_t rng = 0x2545f4914f6cdd1dull;
static double rnd(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0 - 0.5;
}

static void lu(void) {
    for (int k = 0; k < N; k++) {
        int p = k;
        double best = fabs(M[k * N + k]);
        for (int i = k + 1; i < N; i++) {
            double v = fabs(M[i * N + k]);
            if (v > best) { best = v; p = i; }
        }
        piv[k] = p;
        if (p != k)
            for (int j = 0; j < N; j++) {
                double t = M[k * N + j]; M[k * N + j] = M[p * N + j]; M[p * N + j] = t;
            }
        double inv = 1.0 / M[k * N + k];
        for (int i = k + 1; i < N; i++) {
            double f = M[i * N + k] * inv;
            M[i * N + k] = f;
            double *row = &M[i * N], *prow = &M[k * N];
            for (int j = k + 1; j < N; j++) row[j] -= f * prow[j];
        }
    }
}

static void solve(void) {
    for (int k = 0; k < N; k++) { double t = b[k]; b[k] = b[piv[k]]; b[piv[k]] = t; }
    for (int i = 0; i < N; i++) {
        double s = b[i];
        for (int j = 0; j < i; j++) s -= M[i * N + j] * x[j];
        x[i] = s;
    }
    for (int i = N - 1; i >= 0; i--) {
        double s = x[i];
        for (int j = i + 1; j < N; j++) s -= M[i * N + j] * x[j];
        x[i] = s / M[i * N + i];
    }
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 150;
    double sum = 0.0, diag = 0.0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < N * N; i++) M[i] = rnd();
        for (int i = 0; i < N; i++) b[i] = rnd();
        lu();
        for (int i = 0; i < N; i++) diag += fabs(M[i * N + i]);
        solve();
        for (int i = 0; i < N; i++) sum += x[i];
    }
    printf("lu n=%d reps=%d xsum=%.9e diag=%.9e\n", N, reps, sum, diag);
    return 0;
}
