/* Many threads: 256 threads in waves of 64, each with its own
 * _Thread_local state and a pthread_key value whose destructor runs at
 * thread exit; pthread_once runs its routine exactly once; pthread_self is
 * distinct per thread and pthread_equal agrees. Deterministic output,
 * compared with the native build. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define WAVES 4
#define WAVE 64

static _Thread_local int tls_value = 7;
static _Thread_local unsigned char tls_buf[256];
static pthread_key_t key;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int destructor_calls;
static long destructor_sum;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_calls;
static pthread_t selves[WAVE];

static void init_once(void) { once_calls++; }

static void destructor(void *p) {
    pthread_mutex_lock(&m);
    destructor_calls++;
    destructor_sum += *(int *)p;
    pthread_mutex_unlock(&m);
    free(p);
}

static void *worker(void *arg) {
    int id = (int)(long)arg;
    pthread_once(&once, init_once);
    int ok = tls_value == 7;  /* every thread starts from the initialiser */
    tls_value = id;
    for (int i = 0; i < 256; i++) tls_buf[i] = (unsigned char)(id + i);
    int *v = malloc(sizeof *v);
    *v = id;
    pthread_setspecific(key, v);
    selves[id % WAVE] = pthread_self();
    long sum = 0;
    for (int r = 0; r < 1000; r++)
        for (int i = 0; i < 256; i++) sum += tls_buf[i];
    ok = ok && tls_value == id && *(int *)pthread_getspecific(key) == id;
    return (void *)(sum * 2 + ok);
}

int main(void) {
    pthread_key_create(&key, destructor);
    long long results = 0;
    int ok = 1, distinct = 1;
    for (int w = 0; w < WAVES; w++) {
        pthread_t t[WAVE];
        for (int i = 0; i < WAVE; i++) {
            int rc = pthread_create(&t[i], NULL, worker, (void *)(long)(w * WAVE + i));
            if (rc != 0) {
                printf("pthread_create %d: %d\n", w * WAVE + i, rc);
                return 1;
            }
        }
        for (int i = 0; i < WAVE; i++) {
            void *r;
            pthread_join(t[i], &r);
            results += (long)r >> 1;
            ok &= (int)((long)r & 1);
            if (!pthread_equal(selves[i], t[i])) distinct = 0;
            for (int j = 0; j < i; j++)
                if (pthread_equal(selves[i], selves[j])) distinct = 0;
        }
    }
    printf("threads %d, tls/key ok: %s, self ok: %s\n", WAVES * WAVE, ok ? "yes" : "no",
           distinct ? "yes" : "no");
    printf("result sum %lld\n", results);
    printf("once %d, destructors %d (sum %ld)\n", once_calls, destructor_calls, destructor_sum);
    printf("main tls %d\n", tls_value);
    return 0;
}
