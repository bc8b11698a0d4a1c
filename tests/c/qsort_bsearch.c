/* qsort and bsearch over ints, strings and structs with several comparators.
 * Comparators are total orders (ties broken on a unique key) because glibc's
 * and musl's qsort order equal elements differently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 2024;
static uint32_t rnd(void) { rng = rng * 1664525u + 1013904223u; return rng >> 4; }

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct person { char name[12]; int age; int id; };
static int by_age_then_id(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    return p->id - q->id;
}
static int by_name_then_id(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    int c = strcmp(p->name, q->name);
    return c ? c : p->id - q->id;
}

int main(void) {
    int a[1000];
    for (int i = 0; i < 1000; i++) a[i] = (int)(rnd() % 5000) - 2500;
    qsort(a, 1000, sizeof a[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 1000; i++) if (a[i - 1] > a[i]) sorted = 0;
    printf("sorted=%d min=%d max=%d median=%d\n", sorted, a[0], a[999], a[500]);
    int hits = 0, misses = 0;
    for (int k = -2600; k <= 2600; k += 13) {
        int *p = bsearch(&k, a, 1000, sizeof a[0], cmp_int);
        if (p) { hits++; if (*p != k) printf("bsearch returned wrong element\n"); }
        else misses++;
    }
    printf("hits=%d misses=%d\n", hits, misses);
    qsort(a, 1000, sizeof a[0], cmp_int_desc);
    printf("desc first=%d last=%d\n", a[0], a[999]);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry",
                           "grape", "kiwi", "lemon", "mango", "nectarine", "apricot", "blueberry"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++) printf("%s%c", words[i], i + 1 == nw ? '\n' : ' ');
    const char *key = "kiwi";
    const char **found = bsearch(&key, words, nw, sizeof words[0], cmp_str);
    printf("kiwi at %d\n", found ? (int)(found - words) : -1);
    key = "zucchini";
    printf("zucchini found=%d\n", bsearch(&key, words, nw, sizeof words[0], cmp_str) != NULL);

    struct person people[40];
    const char *names[] = {"ann", "bob", "cyd", "dee", "eve"};
    for (int i = 0; i < 40; i++) {
        strcpy(people[i].name, names[rnd() % 5]);
        people[i].age = 20 + (int)(rnd() % 10);
        people[i].id = i;
    }
    qsort(people, 40, sizeof people[0], by_age_then_id);
    for (int i = 0; i < 40; i += 5) printf("%s/%d/%d ", people[i].name, people[i].age, people[i].id);
    printf("\n");
    qsort(people, 40, sizeof people[0], by_name_then_id);
    for (int i = 0; i < 40; i += 5) printf("%s/%d/%d ", people[i].name, people[i].age, people[i].id);
    printf("\n");
    /* degenerate sizes */
    qsort(a, 0, sizeof a[0], cmp_int);
    qsort(a, 1, sizeof a[0], cmp_int);
    printf("done\n");
    return 0;
}
