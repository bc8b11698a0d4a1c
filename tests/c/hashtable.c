/* Open-addressing hash table (FNV-1a, linear probing, tombstones, resize)
 * with string keys: inserts, updates, lookups, deletes, statistics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct entry { char *key; int64_t value; int state; /* 0 empty, 1 used, 2 deleted */ };
struct table { struct entry *e; size_t cap, used, tomb; unsigned resizes; };

static uint32_t fnv(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) { h ^= (uint8_t)*s++; h *= 16777619u; }
    return h;
}
static void put(struct table *t, const char *k, int64_t v);
static void grow(struct table *t) {
    struct entry *old = t->e;
    size_t oc = t->cap;
    t->cap = oc ? oc * 2 : 8;
    t->e = calloc(t->cap, sizeof *t->e);
    t->used = t->tomb = 0;
    t->resizes++;
    for (size_t i = 0; i < oc; i++)
        if (old[i].state == 1) { put(t, old[i].key, old[i].value); free(old[i].key); }
    free(old);
}
static struct entry *find(struct table *t, const char *k) {
    if (!t->cap) return NULL;
    size_t i = fnv(k) & (t->cap - 1);
    for (;;) {
        struct entry *e = &t->e[i];
        if (e->state == 0) return NULL;
        if (e->state == 1 && strcmp(e->key, k) == 0) return e;
        i = (i + 1) & (t->cap - 1);
    }
}
static void put(struct table *t, const char *k, int64_t v) {
    struct entry *e = find(t, k);
    if (e) { e->value = v; return; }
    if ((t->used + t->tomb + 1) * 4 > t->cap * 3) grow(t);
    size_t i = fnv(k) & (t->cap - 1);
    while (t->e[i].state == 1) i = (i + 1) & (t->cap - 1);
    if (t->e[i].state == 2) t->tomb--;
    t->e[i].key = strdup(k);
    t->e[i].value = v;
    t->e[i].state = 1;
    t->used++;
}
static int del(struct table *t, const char *k) {
    struct entry *e = find(t, k);
    if (!e) return 0;
    free(e->key);
    e->key = NULL;
    e->state = 2;
    t->used--;
    t->tomb++;
    return 1;
}

int main(void) {
    struct table t = {0};
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "key-%d", i * 7919 % 30011);
        put(&t, key, i);
    }
    printf("used=%zu cap=%zu resizes=%u\n", t.used, t.cap, t.resizes);
    for (int i = 0; i < 20000; i += 3) {
        snprintf(key, sizeof key, "key-%d", i * 7919 % 30011);
        put(&t, key, -i);
    }
    int deleted = 0;
    for (int i = 0; i < 20000; i += 5) {
        snprintf(key, sizeof key, "key-%d", i * 7919 % 30011);
        deleted += del(&t, key);
    }
    deleted += del(&t, "no-such-key");
    printf("deleted=%d used=%zu tomb=%zu\n", deleted, t.used, t.tomb);
    int64_t sum = 0;
    int found = 0, missing = 0;
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "key-%d", i * 7919 % 30011);
        struct entry *e = find(&t, key);
        if (e) { found++; sum += e->value; } else missing++;
    }
    printf("found=%d missing=%d sum=%lld\n", found, missing, (long long)sum);
    /* probe lengths */
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < t.cap; i++) {
        if (t.e[i].state) { run++; if (run > longest) longest = run; } else run = 0;
    }
    printf("longest cluster=%zu\n", longest);
    const char *words = "the cat and the dog and the bird saw the cat";
    struct table wc = {0};
    char buf[64];
    strcpy(buf, words);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
        struct entry *e = find(&wc, w);
        put(&wc, w, e ? e->value + 1 : 1);
    }
    const char *probe[] = {"the", "cat", "and", "dog", "bird", "saw", "fish"};
    for (int i = 0; i < 7; i++) {
        struct entry *e = find(&wc, probe[i]);
        printf("%s=%lld ", probe[i], e ? (long long)e->value : 0LL);
    }
    printf("\n");
    return 0;
}
