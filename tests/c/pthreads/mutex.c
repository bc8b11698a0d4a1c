/* pthread mutexes: eight threads increment shared counters under a normal,
 * a recursive and an error-checking mutex; trylock sees a held lock. The
 * output is deterministic and compared with the native build. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 8
#define ROUNDS 20000

static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t recursive;
static long counter;          /* under plain */
static long rcounter;         /* under recursive, taken twice */
static long long sum_of_ids;  /* under plain */

static void bump_recursive(int depth) {
    pthread_mutex_lock(&recursive);
    if (depth > 0)
        bump_recursive(depth - 1);
    else
        rcounter++;
    pthread_mutex_unlock(&recursive);
}

static void *worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&plain);
        counter++;
        sum_of_ids += id;
        pthread_mutex_unlock(&plain);
        if (i % 10 == 0) bump_recursive(2);
    }
    return NULL;
}

int main(void) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&recursive, &attr);
    pthread_mutexattr_destroy(&attr);

    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) {
        int rc = pthread_create(&t[i], NULL, worker, (void *)i);
        if (rc != 0) {
            printf("pthread_create: %d\n", rc);
            return 1;
        }
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    printf("counter %ld (expected %d)\n", counter, THREADS * ROUNDS);
    printf("recursive %ld (expected %d)\n", rcounter, THREADS * (ROUNDS / 10));
    printf("sum of ids %lld (expected %lld)\n", sum_of_ids,
           (long long)ROUNDS * (THREADS * (THREADS - 1) / 2));

    /* trylock on a held lock fails with EBUSY, then succeeds once free */
    pthread_mutex_lock(&plain);
    printf("trylock held: %s\n", pthread_mutex_trylock(&plain) == EBUSY ? "EBUSY" : "?");
    pthread_mutex_unlock(&plain);
    int rc = pthread_mutex_trylock(&plain);
    printf("trylock free: %d\n", rc);
    if (rc == 0) pthread_mutex_unlock(&plain);

    /* an error-checking mutex reports relocking and foreign unlocks */
    pthread_mutex_t check;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&check, &attr);
    pthread_mutex_lock(&check);
    printf("relock: %s\n", pthread_mutex_lock(&check) == EDEADLK ? "EDEADLK" : "?");
    pthread_mutex_unlock(&check);
    printf("unlock unlocked: %s\n", pthread_mutex_unlock(&check) == EPERM ? "EPERM" : "?");
    pthread_mutex_destroy(&check);
    pthread_mutexattr_destroy(&attr);
    return 0;
}
