/* Classic sorting algorithms on pseudo-random arrays, each verified against
 * the others: bubble, insertion, shell, merge, quick, heap, radix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 7;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static void bubble(int32_t *a, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j + 1 < n - i; j++)
            if (a[j] > a[j + 1]) { int32_t t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
}
static void insertion(int32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}
static void shell(int32_t *a, int n) {
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++) {
            int32_t v = a[i];
            int j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
            a[j] = v;
        }
}
static void merge_rec(int32_t *a, int32_t *tmp, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = lo + (hi - lo) / 2;
    merge_rec(a, tmp, lo, mid);
    merge_rec(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof *a);
}
static void merge(int32_t *a, int n) {
    int32_t *tmp = malloc((size_t)n * sizeof *a);
    merge_rec(a, tmp, 0, n);
    free(tmp);
}
static void quick(int32_t *a, int lo, int hi) {
    while (lo < hi) {
        int32_t p = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static void sift(int32_t *a, int i, int n) {
    for (;;) {
        int l = 2 * i + 1, m = i;
        if (l < n && a[l] > a[m]) m = l;
        if (l + 1 < n && a[l + 1] > a[m]) m = l + 1;
        if (m == i) return;
        int32_t t = a[i]; a[i] = a[m]; a[m] = t;
        i = m;
    }
}
static void heap(int32_t *a, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) sift(a, i, n);
    for (int e = n - 1; e > 0; e--) { int32_t t = a[0]; a[0] = a[e]; a[e] = t; sift(a, 0, e); }
}
static void radix(int32_t *a, int n) {
    uint32_t *u = malloc((size_t)n * 4), *tmp = malloc((size_t)n * 4);
    for (int i = 0; i < n; i++) u[i] = (uint32_t)a[i] ^ 0x80000000u;
    for (int shift = 0; shift < 32; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++) count[((u[i] >> shift) & 255) + 1]++;
        for (int i = 0; i < 256; i++) count[i + 1] += count[i];
        for (int i = 0; i < n; i++) tmp[count[(u[i] >> shift) & 255]++] = u[i];
        memcpy(u, tmp, (size_t)n * 4);
    }
    for (int i = 0; i < n; i++) a[i] = (int32_t)(u[i] ^ 0x80000000u);
    free(u);
    free(tmp);
}
static void quick_all(int32_t *a, int n) { quick(a, 0, n - 1); }

int main(void) {
    const char *names[] = {"bubble", "insertion", "shell", "merge", "quick", "heap", "radix"};
    void (*sorts[])(int32_t *, int) = {bubble, insertion, shell, merge, quick_all, heap, radix};
    int sizes[] = {1, 2, 17, 500, 3000};
    for (int s = 0; s < 5; s++) {
        int n = sizes[s];
        int32_t *orig = malloc((size_t)n * 4), *ref = NULL;
        for (int i = 0; i < n; i++) orig[i] = (int32_t)(rnd() % 20001) - 10000 + (i % 7 == 0 ? INT32_MIN / 2 : 0);
        for (int k = 0; k < 7; k++) {
            if (n > 1000 && k < 2) continue; /* quadratic sorts only on small inputs */
            int32_t *a = malloc((size_t)n * 4);
            memcpy(a, orig, (size_t)n * 4);
            sorts[k](a, n);
            int ok = 1;
            for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) ok = 0;
            if (ref && memcmp(ref, a, (size_t)n * 4) != 0) ok = 0;
            uint32_t h = 0;
            for (int i = 0; i < n; i++) h = h * 1000003u + (uint32_t)a[i];
            printf("n=%d %-9s ok=%d hash=%08x first=%d last=%d\n", n, names[k], ok, h, a[0], a[n - 1]);
            if (!ref) ref = a; else free(a);
        }
        free(ref);
        free(orig);
    }
    return 0;
}
