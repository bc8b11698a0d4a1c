/* Thread lifecycles: a thread's result from its start routine (join gets
 * it; wasi-libc has no pthread_exit: a wasm thread cannot unwind its
 * stack), detached threads (pthread_detach and the detached attribute)
 * that report through a semaphore, a barrier (exactly one serial thread
 * per round), a reader-writer lock, and a thread that creates and joins
 * its own children. Deterministic output, compared with the native build. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static long nested(int depth, long value) {
    return depth == 0 ? value : nested(depth - 1, value + 1);
}

static void *exiter(void *arg) { return (void *)nested(10, (long)arg); }

static sem_t done;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long detached_sum;

static void *detached(void *arg) {
    pthread_mutex_lock(&m);
    detached_sum += (long)arg;
    pthread_mutex_unlock(&m);
    sem_post(&done);
    return NULL;
}

#define BARRIER_THREADS 5
#define BARRIER_ROUNDS 50
static pthread_barrier_t barrier;
static int serial_count;
static int phase_counter[BARRIER_ROUNDS];
static int phase_errors;

static void *barrier_worker(void *arg) {
    (void)arg;
    for (int r = 0; r < BARRIER_ROUNDS; r++) {
        pthread_mutex_lock(&m);
        phase_counter[r]++;
        pthread_mutex_unlock(&m);
        int rc = pthread_barrier_wait(&barrier);
        pthread_mutex_lock(&m);
        if (phase_counter[r] != BARRIER_THREADS) phase_errors++;
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD) serial_count++;
        pthread_mutex_unlock(&m);
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b; /* writers keep a == b */
static int torn_reads;

static void *rw_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 5000; i++) {
        if ((i + id) % 5 == 0) {
            pthread_rwlock_wrlock(&rw);
            shared_a++;
            shared_b++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (shared_a != shared_b) __atomic_fetch_add(&torn_reads, 1, __ATOMIC_SEQ_CST);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

static void *leaf(void *arg) { return (void *)((long)arg * 3); }

static void *parent(void *arg) {
    (void)arg;
    pthread_t kids[4];
    long sum = 0;
    for (long i = 0; i < 4; i++) pthread_create(&kids[i], NULL, leaf, (void *)(i + 1));
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(kids[i], &r);
        sum += (long)r;
    }
    return (void *)sum;
}

int main(void) {
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, exiter, (void *)100);
    pthread_join(t, &r);
    printf("thread result %ld\n", (long)r);

    sem_init(&done, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long i = 1; i <= 10; i++) {
        if (i % 2) {
            pthread_create(&t, &attr, detached, (void *)i);
        } else {
            pthread_create(&t, NULL, detached, (void *)i);
            pthread_detach(t);
        }
    }
    pthread_attr_destroy(&attr);
    for (int i = 0; i < 10; i++) sem_wait(&done);
    pthread_mutex_lock(&m);
    printf("detached sum %ld\n", detached_sum);
    pthread_mutex_unlock(&m);

    pthread_barrier_init(&barrier, NULL, BARRIER_THREADS);
    pthread_t b[BARRIER_THREADS];
    for (int i = 0; i < BARRIER_THREADS; i++) pthread_create(&b[i], NULL, barrier_worker, NULL);
    for (int i = 0; i < BARRIER_THREADS; i++) pthread_join(b[i], NULL);
    pthread_barrier_destroy(&barrier);
    printf("barrier serial %d (expected %d), phase errors %d\n", serial_count, BARRIER_ROUNDS,
           phase_errors);

    pthread_t rws[6];
    for (long i = 0; i < 6; i++) pthread_create(&rws[i], NULL, rw_worker, (void *)i);
    for (int i = 0; i < 6; i++) pthread_join(rws[i], NULL);
    printf("rwlock writes %ld, torn reads %d\n", shared_a, torn_reads);

    pthread_create(&t, NULL, parent, NULL);
    pthread_join(t, &r);
    printf("grandchildren sum %ld\n", (long)r);
    return 0;
}
