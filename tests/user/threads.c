/*
 * Guest threads: 8 pthreads hammer a mutex, lock-prefixed atomics and
 * condition variables; TLS, join results, an early exit, pthread_kill
 * malloc from every thread, futex timeouts and a robust mutex.  Prints totals only, so the output is the
 * same however the threads interleave.  Runs everything ROUNDS times: a
 * lost update shows as a wrong total.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 8
#define ITERS 20000
#define HOT_ITERS 50000
#define ROUNDS 5
#define ITEMS 4000
#define QUEUE 16

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static uint32_t atomic_add, atomic_cas, atomic_xchg_sum, atomic_or_bits;
static uint32_t plain_and_locked; /* locked inc mixed with xadd */
static uint64_t atomic64, cas64;
static uint16_t atomic16;
static uint8_t atomic8;
static uint32_t hot32;
static uint8_t hot8;
static uint64_t hot64;
static uint32_t bits[NTHREADS];
static volatile uint32_t spin;
static uint32_t xchg_lock;
static __thread int tls_value = -1;
static __thread char tls_buf[32];

/* lock bts as a spinlock around a plain counter */
static void spin_lock(void)
{
    unsigned char was;

    do {
        asm volatile("lock btsl $0, %0; setc %1" : "+m"(spin), "=q"(was) : : "memory");
    } while (was);
}

static void spin_unlock(void)
{
    asm volatile("lock btrl $0, %0" : "+m"(spin) : : "memory");
}

static long spin_counter;

static void *hammer(void *arg)
{
    int id = (int)(intptr_t)arg;
    uint32_t old;
    int i;

    tls_value = id * 100;
    snprintf(tls_buf, sizeof(tls_buf), "thread %d", id);
    /* nothing but locked ops: the threads collide on every one */
    for (i = 0; i < HOT_ITERS; i++) {
        asm volatile("lock incl %0" : "+m"(hot32));
        asm volatile("lock subb $3, %0" : "+m"(hot8));
        __atomic_fetch_add(&hot64, 5, __ATOMIC_SEQ_CST);
    }
    for (i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
        __atomic_fetch_add(&atomic_add, 3, __ATOMIC_SEQ_CST);
        do
            old = atomic_cas;
        while (__sync_val_compare_and_swap(&atomic_cas, old, old + 1) != old);
        if ((i & 7) == 0) {
            /* xchg as a test-and-set lock around a plain increment */
            while (__atomic_exchange_n(&xchg_lock, 1, __ATOMIC_ACQUIRE))
                ;
            atomic_xchg_sum++;
            __atomic_store_n(&xchg_lock, 0, __ATOMIC_RELEASE);
        }
        __atomic_fetch_add(&atomic64, 0x100000001ull, __ATOMIC_SEQ_CST);
        for (;;) {
            uint64_t v = __atomic_load_n(&cas64, __ATOMIC_RELAXED);
            if (__sync_bool_compare_and_swap(&cas64, v, v + 7))
                break;
        }
        __atomic_fetch_add(&atomic16, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_sub(&atomic8, 1, __ATOMIC_SEQ_CST);
        asm volatile("lock incl %0" : "+m"(plain_and_locked));
        asm volatile("lock xaddl %1, %0" : "+m"(plain_and_locked) : "r"(2) : "memory");
        if ((i & 63) == 0)
            __atomic_fetch_or(&atomic_or_bits, 1u << id, __ATOMIC_SEQ_CST);
        asm volatile("lock btcl %1, %0" : "+m"(bits[0]) : "r"(id) : "memory");
        if ((i & 15) == 0) {
            spin_lock();
            spin_counter++;
            spin_unlock();
        }
        if ((i & 255) == 0) {
            char *p = malloc(64 + i % 1000);
            memset(p, id, 64);
            free(p);
        }
    }
    if (tls_value != id * 100 || strcmp(tls_buf, "thread ") < 0)
        return (void *)-1;
    return (void *)(intptr_t)(id * 1000 + 7);
}

/* producer/consumer on a bounded queue */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE], q_head, q_tail, q_count;

static void *producer(void *arg)
{
    int base = (int)(intptr_t)arg, i;

    for (i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == QUEUE)
            pthread_cond_wait(&q_not_full, &q_lock);
        queue[q_tail] = base + i;
        q_tail = (q_tail + 1) % QUEUE;
        q_count++;
        pthread_cond_signal(&q_not_empty);
        pthread_mutex_unlock(&q_lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    int i, n = (int)(intptr_t)arg;

    for (i = 0; i < n; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 0)
            pthread_cond_wait(&q_not_empty, &q_lock);
        sum += queue[q_head];
        q_head = (q_head + 1) % QUEUE;
        q_count--;
        pthread_cond_signal(&q_not_full);
        pthread_mutex_unlock(&q_lock);
    }
    return (void *)sum;
}

static void run_queue(void)
{
    pthread_t p[2], c[2];
    void *r0, *r1;

    q_head = q_tail = q_count = 0;
    pthread_create(&p[0], NULL, producer, (void *)0);
    pthread_create(&p[1], NULL, producer, (void *)100000);
    pthread_create(&c[0], NULL, consumer, (void *)(intptr_t)ITEMS);
    pthread_create(&c[1], NULL, consumer, (void *)(intptr_t)ITEMS);
    pthread_join(p[0], NULL);
    pthread_join(p[1], NULL);
    pthread_join(c[0], &r0);
    pthread_join(c[1], &r1);
    printf("queue: sum %ld, left %d\n", (long)r0 + (long)r1, q_count);
}

/* a thread that ends with pthread_exit while the others still run */
static pthread_barrier_t exit_barrier;

static void *early_exit(void *arg)
{
    (void)arg;
    tls_value = 42;
    pthread_exit((void *)(intptr_t)tls_value);
}

static void *late_worker(void *arg)
{
    pthread_t early = *(pthread_t *)arg;
    void *r;

    pthread_join(early, &r);
    pthread_barrier_wait(&exit_barrier);
    return r;
}

static void run_early_exit(void)
{
    pthread_t early, late;
    void *r;

    pthread_barrier_init(&exit_barrier, NULL, 2);
    pthread_create(&early, NULL, early_exit, NULL);
    pthread_create(&late, NULL, late_worker, &early);
    pthread_barrier_wait(&exit_barrier);
    pthread_join(late, &r);
    pthread_barrier_destroy(&exit_barrier);
    printf("early exit: %d, main tls %d\n", (int)(intptr_t)r, tls_value);
}

/* pthread_kill: the handler runs on the thread signalled */
static volatile sig_atomic_t handled_by;
static volatile int target_ready, target_stop;

static void on_usr1(int sig)
{
    (void)sig;
    handled_by = tls_value;
}

static void *signal_target(void *arg)
{
    (void)arg;
    tls_value = 77;
    target_ready = 1;
    while (!target_stop)
        sched_yield();
    return NULL;
}

static void run_pthread_kill(void)
{
    struct sigaction sa;
    pthread_t t;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    handled_by = 0;
    target_ready = target_stop = 0;
    pthread_create(&t, NULL, signal_target, NULL);
    while (!target_ready)
        sched_yield();
    pthread_kill(t, SIGUSR1);
    while (!handled_by)
        sched_yield();
    target_stop = 1;
    pthread_join(t, NULL);
    printf("pthread_kill: handled by tls %d\n", (int)handled_by);
}

/* futex timeouts (absolute, FUTEX_WAIT_BITSET) and a robust mutex whose
   owner ends without unlocking it */
static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL;
}

static void run_timeouts_and_robust(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_mutexattr_t attr;
    struct timespec ts;
    pthread_t t;
    int r1, r2, r3;

    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    r1 = pthread_cond_timedwait(&c, &m, &ts);
    ts.tv_sec -= 10;
    r2 = pthread_cond_timedwait(&c, &m, &ts);
    pthread_mutex_unlock(&m);

    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &attr);
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    r3 = pthread_mutex_lock(&robust);
    if (r3 == EOWNERDEAD)
        pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);
    pthread_mutex_destroy(&robust);
    printf("timedwait %s %s, robust %s\n", strerror(r1), strerror(r2),
           strerror(r3));
}

static void run_hammer(void)
{
    pthread_t t[NTHREADS];
    long joined = 0;
    int i, bad = 0;

    counter = spin_counter = 0;
    atomic_add = atomic_cas = atomic_xchg_sum = atomic_or_bits = 0;
    plain_and_locked = 0;
    atomic64 = cas64 = 0;
    atomic16 = 0;
    atomic8 = 0;
    hot32 = hot8 = 0;
    hot64 = 0;
    memset(bits, 0, sizeof(bits));
    tls_value = -1;
    for (i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i);
    for (i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        if (r == (void *)-1)
            bad++;
        else
            joined += (long)r;
    }
    printf("mutex counter %ld, spin counter %ld\n", counter, spin_counter);
    printf("fetch_add %u, cas %u, xchg %u, or %#x\n", atomic_add, atomic_cas,
           atomic_xchg_sum, atomic_or_bits);
    printf("64-bit add %#llx, cas %llu\n", (unsigned long long)atomic64,
           (unsigned long long)cas64);
    printf("16-bit %u, 8-bit %u, inc+xadd %u, btc %#x\n", atomic16, atomic8,
           plain_and_locked, bits[0]);
    printf("hot: %u %u %llu\n", hot32, hot8, (unsigned long long)hot64);
    printf("join sum %ld, bad tls %d, main tls %d\n", joined, bad, tls_value);
}

int main(void)
{
    int round;

    for (round = 0; round < ROUNDS; round++) {
        printf("round %d\n", round);
        run_hammer();
        run_queue();
        run_early_exit();
        run_pthread_kill();
        run_timeouts_and_robust();
    }
    return 0;
}
