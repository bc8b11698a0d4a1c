/* Stencil: 2D heat equation, 5-point Jacobi sweeps over a double grid with
 * fixed hot and cold boundaries (two grids, swapped each step). The sweep
 * vectorizes. Usage: jacobi [STEPS]   (default 2500; 1 for a quick check) */
#include <stdio.h>
#include <stdlib.h>

#define W 512
#define H 512

static double g0[W * H], g1[W * H];

static void sweep(const double *restrict src, double *restrict dst) {
    for (int y = 1; y < H - 1; y++) {
        const double *up = &src[(y - 1) * W], *mid = &src[y * W], *dn = &src[(y + 1) * W];
        double *out = &dst[y * W];
        for (int x = 1; x < W - 1; x++)
            out[x] = mid[x] + 0.2 * (up[x] + dn[x] + mid[x - 1] + mid[x + 1] - 4.0 * mid[x]);
    }
}

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 2500;
    for (int x = 0; x < W; x++) { g0[x] = g1[x] = 100.0; }
    for (int y = 0; y < H; y++) { g0[y * W] = g1[y * W] = 50.0 * (double)(y % 7); }
    double *src = g0, *dst = g1;
    for (int s = 0; s < steps; s++) {
        sweep(src, dst);
        double *t = src; src = dst; dst = t;
    }
    double sum = 0.0, wsum = 0.0;
    for (int i = 0; i < W * H; i++) { sum += src[i]; wsum += src[i] * (double)(i % 13); }
    printf("jacobi %dx%d steps=%d sum=%.9e wsum=%.9e center=%.12f\n", W, H, steps, sum, wsum,
           src[(H / 2) * W + W / 2]);
    return 0;
}
