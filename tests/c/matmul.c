/* Matrix multiplication: doubles (naive and blocked, compared), int32 with
 * wraparound, float; traces and checksums printed. */
#include <stdio.h>
#include <stdint.h>
#include <math.h>

#define N 96
static double A[N][N], B[N][N], C[N][N], D[N][N];
static int32_t IA[N][N], IB[N][N], IC[N][N];
static float FA[32][32], FB[32][32], FC[32][32];

int main(void) {
    uint32_t s = 1;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            s = s * 1103515245u + 12345u;
            A[i][j] = (double)((int)(s >> 16) % 200 - 100) / 8.0;
            s = s * 1103515245u + 12345u;
            B[i][j] = (double)((int)(s >> 16) % 200 - 100) / 16.0;
            IA[i][j] = (int32_t)(s * 2654435761u);
            IB[i][j] = (int32_t)(s ^ (s >> 7));
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0;
            int32_t iacc = 0;
            for (int k = 0; k < N; k++) {
                acc += A[i][k] * B[k][j];
                iacc = (int32_t)((uint32_t)iacc + (uint32_t)IA[i][k] * (uint32_t)IB[k][j]);
            }
            C[i][j] = acc;
            IC[i][j] = iacc;
        }
    const int BS = 16;
    for (int ii = 0; ii < N; ii += BS)
        for (int kk = 0; kk < N; kk += BS)
            for (int jj = 0; jj < N; jj += BS)
                for (int i = ii; i < ii + BS; i++)
                    for (int k = kk; k < kk + BS; k++)
                        for (int j = jj; j < jj + BS; j++) D[i][j] += A[i][k] * B[k][j];
    double trace = 0, maxdiff = 0, sum = 0;
    uint32_t ih = 0;
    for (int i = 0; i < N; i++) {
        trace += C[i][i];
        for (int j = 0; j < N; j++) {
            sum += C[i][j] * (i + 1) / (j + 1);
            double d = fabs(C[i][j] - D[i][j]);
            if (d > maxdiff) maxdiff = d;
            ih = ih * 31 + (uint32_t)IC[i][j];
        }
    }
    printf("trace=%.17g sum=%.17g maxdiff=%g ihash=%08x\n", trace, sum, maxdiff, ih);
    printf("C[0][0]=%.17g C[N-1][N-1]=%.17g IC[5][7]=%d\n", C[0][0], C[N - 1][N - 1], IC[5][7]);
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++) {
            FA[i][j] = (float)(i + 1) / (float)(j + 3);
            FB[i][j] = (float)(i - j) * 0.125f;
        }
    float ftr = 0;
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++) {
            float acc = 0;
            for (int k = 0; k < 32; k++) acc += FA[i][k] * FB[k][j];
            FC[i][j] = acc;
        }
    for (int i = 0; i < 32; i++) ftr += FC[i][i];
    printf("float trace=%.9g FC[3][4]=%.9g\n", ftr, FC[3][4]);
    return 0;
}
