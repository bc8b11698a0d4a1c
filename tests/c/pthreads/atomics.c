/* C11 atomics between threads: fetch-and-op on 8/16/32/64-bit objects, a
 * compare-and-swap spinlock guarding a plain counter, an atomic_flag lock,
 * a lock-free (Treiber) stack that every thread pushes onto, and
 * release/acquire message passing. Deterministic output, compared with the
 * native build. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 6
#define ROUNDS 30000

static _Atomic uint8_t a8;
static _Atomic uint16_t a16;
static _Atomic uint32_t a32;
static _Atomic uint64_t a64;
static _Atomic uint64_t bits_or;
static _Atomic uint32_t xor_all;

static atomic_int spin; /* 0 free, 1 held: CAS lock */
static long spin_counter;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static long flag_counter;

struct node {
    struct node *next;
    int value;
};
static _Atomic(struct node *) top;

static void *worker(void *arg) {
    int id = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add(&a8, 1);
        atomic_fetch_add(&a16, 3);
        atomic_fetch_add(&a32, 100001);
        atomic_fetch_add(&a64, UINT64_C(0x100000001));
        atomic_fetch_xor(&xor_all, (uint32_t)(id * 2654435761u + (uint32_t)i));

        int expected = 0;
        while (!atomic_compare_exchange_weak(&spin, &expected, 1)) expected = 0;
        spin_counter++;
        atomic_store_explicit(&spin, 0, memory_order_release);

        while (atomic_flag_test_and_set(&flag)) {
        }
        flag_counter++;
        atomic_flag_clear(&flag);

        if (i % 100 == 0) {
            struct node *n = malloc(sizeof *n);
            n->value = id * ROUNDS + i;
            n->next = atomic_load(&top);
            while (!atomic_compare_exchange_weak(&top, &n->next, n)) {
            }
        }
    }
    atomic_fetch_or(&bits_or, UINT64_C(1) << (id * 9));
    return NULL;
}

static int payload;
static atomic_int ready;

static void *publisher(void *arg) {
    (void)arg;
    payload = 4242;
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);

    uint32_t x = 0;
    for (int id = 0; id < THREADS; id++)
        for (int i = 0; i < ROUNDS; i++) x ^= (uint32_t)(id * 2654435761u + (uint32_t)i);

    printf("a8 %u a16 %u a32 %u a64 %llx\n", (unsigned)a8, (unsigned)a16, (unsigned)a32,
           (unsigned long long)a64);
    printf("xor matches: %s, or bits %llx\n", xor_all == x ? "yes" : "no",
           (unsigned long long)bits_or);
    printf("spin %ld flag %ld (expected %d)\n", spin_counter, flag_counter, THREADS * ROUNDS);

    int nodes = 0;
    long long sum = 0;
    for (struct node *n = top; n;) {
        struct node *next = n->next;
        nodes++;
        sum += n->value;
        free(n);
        n = next;
    }
    long long want = 0;
    for (int id = 0; id < THREADS; id++)
        for (int i = 0; i < ROUNDS; i += 100) want += id * ROUNDS + i;
    printf("stack nodes %d sum ok: %s\n", nodes, sum == want ? "yes" : "no");

    pthread_t p;
    pthread_create(&p, NULL, publisher, NULL);
    while (!atomic_load_explicit(&ready, memory_order_acquire)) {
    }
    printf("message %d\n", payload);
    pthread_join(p, NULL);
    return 0;
}
