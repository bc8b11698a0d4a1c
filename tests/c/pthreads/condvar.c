/* Condition variables: a bounded queue with four producers and four
 * consumers (signal), a broadcast that wakes six waiters, and a timed wait
 * that times out. Deterministic output, compared with the native build. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define PRODUCERS 4
#define CONSUMERS 4
#define ITEMS 5000 /* per producer */
#define CAP 16

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int queue[CAP];
static int head, count, producers_left = PRODUCERS;

static void *producer(void *arg) {
    int base = (int)(long)arg * ITEMS;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == CAP) pthread_cond_wait(&not_full, &m);
        queue[(head + count) % CAP] = base + i;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    if (--producers_left == 0) pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

static long long consumed_sum[CONSUMERS];
static int consumed_count[CONSUMERS];

static void *consumer(void *arg) {
    int id = (int)(long)arg;
    for (;;) {
        pthread_mutex_lock(&m);
        while (count == 0 && producers_left > 0) pthread_cond_wait(&not_empty, &m);
        if (count == 0) {
            pthread_mutex_unlock(&m);
            return NULL;
        }
        int v = queue[head];
        head = (head + 1) % CAP;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
        consumed_sum[id] += v;
        consumed_count[id]++;
    }
}

static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int started, released, woken;

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    started++;
    pthread_cond_broadcast(&not_full); /* tell main one more is waiting */
    while (!released) pthread_cond_wait(&go, &m);
    woken++;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++) pthread_create(&c[i], NULL, consumer, (void *)i);
    for (long i = 0; i < PRODUCERS; i++) pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++) pthread_join(p[i], NULL);
    for (int i = 0; i < CONSUMERS; i++) pthread_join(c[i], NULL);
    long long total = 0;
    int items = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        total += consumed_sum[i];
        items += consumed_count[i];
    }
    long long n = (long long)PRODUCERS * ITEMS;
    printf("consumed %d items, sum %lld (expected %lld)\n", items, total, n * (n + 1) / 2);

    pthread_t w[6];
    for (int i = 0; i < 6; i++) pthread_create(&w[i], NULL, waiter, NULL);
    pthread_mutex_lock(&m);
    while (started < 6) pthread_cond_wait(&not_full, &m);
    released = 1;
    pthread_cond_broadcast(&go);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 6; i++) pthread_join(w[i], NULL);
    printf("broadcast woke %d\n", woken);

    struct timespec t0, deadline, t1;
    clock_gettime(CLOCK_REALTIME, &t0);
    deadline = t0;
    deadline.tv_nsec += 50 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int rc = pthread_cond_timedwait(&go, &m, &deadline);
    pthread_mutex_unlock(&m);
    clock_gettime(CLOCK_REALTIME, &t1);
    long waited_ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("timedwait: %s, waited >= 50 ms: %s\n", rc == ETIMEDOUT ? "ETIMEDOUT" : "?",
           waited_ms >= 49 ? "yes" : "no");
    return 0;
}
