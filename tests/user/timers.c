/* POSIX timers (timer_create and friends): a signal with the value the
   timer was given, a timer aimed at one thread, glibc's SIGEV_THREAD (a
   helper thread woken by a thread-directed signal), SIGEV_NONE read back
   with timer_gettime, overruns counted while the signal is blocked, an
   ignored but blocked signal taken by sigtimedwait, the old value returned
   by timer_settime, and the errors of bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static volatile int last_code, last_value;
static volatile pid_t last_tid;
static sem_t thread_fired;
static int thread_value;

static pid_t gettid_(void)
{
    return syscall(SYS_gettid);
}

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    hits++;
    last_code = si->si_code;
    last_value = si->si_value.sival_int;
    last_tid = gettid_();
}

static void arm(timer_t t, long first_ns, long every_ns)
{
    struct itimerspec its = { { 0, every_ns }, { 0, first_ns } };

    if (timer_settime(t, 0, &its, NULL))
        perror("timer_settime");
}

static void wait_hits(int n)
{
    for (int i = 0; i < 500 && hits < n; i++)
        usleep(2000);
}

static void signal_notify(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 1 };
    timer_t t;

    ev.sigev_value.sival_int = 1234;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t)) {
        perror("timer_create");
        return;
    }
    arm(t, 5000000, 0);
    wait_hits(1);
    printf("signal: hits %d code %s value %d\n", hits,
           last_code == SI_TIMER ? "SI_TIMER" : "other", last_value);
    timer_delete(t);
}

static pid_t worker_tid;
static volatile int worker_stop;

static void *worker(void *arg)
{
    (void)arg;
    worker_tid = gettid_();
    while (!worker_stop)
        usleep(1000);
    return NULL;
}

static void thread_id_notify(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGRTMIN + 1 };
    pthread_t th;
    timer_t t;

    pthread_create(&th, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    ev._sigev_un._tid = worker_tid;
    hits = 0;
    if (timer_create(CLOCK_REALTIME, &ev, &t)) {
        perror("timer_create");
        return;
    }
    arm(t, 2000000, 2000000);
    wait_hits(3);
    arm(t, 0, 0);
    printf("thread id: hits>=3 %d, in the worker %d, not in main %d\n",
           hits >= 3, last_tid == worker_tid, last_tid != gettid_());
    timer_delete(t);
    worker_stop = 1;
    pthread_join(th, NULL);
}

static void on_thread(union sigval v)
{
    thread_value = v.sival_int;
    sem_post(&thread_fired);
}

static void thread_notify(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_thread };
    struct timespec limit;
    timer_t t;
    int r;

    ev.sigev_value.sival_int = 77;
    sem_init(&thread_fired, 0, 0);
    if (timer_create(CLOCK_MONOTONIC, &ev, &t)) {
        perror("timer_create");
        return;
    }
    arm(t, 3000000, 0);
    clock_gettime(CLOCK_REALTIME, &limit);
    limit.tv_sec += 5;
    while ((r = sem_timedwait(&thread_fired, &limit)) && errno == EINTR)
        ;
    printf("thread: fired %d value %d\n", r == 0, thread_value);
    timer_delete(t);
}

static void none_notify(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_NONE };
    struct itimerspec cur, old;
    timer_t t;

    if (timer_create(CLOCK_MONOTONIC, &ev, &t)) {
        perror("timer_create");
        return;
    }
    arm(t, 0, 0);
    timer_gettime(t, &cur);
    printf("none: disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    arm(t, 500000000, 250000000);
    timer_gettime(t, &cur);
    printf("none: armed %d interval %ld ns\n",
           cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 500000000,
           cur.it_interval.tv_nsec);
    struct itimerspec zero = { { 0, 0 }, { 0, 0 } };
    timer_settime(t, 0, &zero, &old);
    printf("none: old interval %ld ns, old value set %d\n", old.it_interval.tv_nsec,
           old.it_value.tv_nsec > 0);
    timer_delete(t);
}

/* a timer has one signal queued at most: the expiries while it waits are
   its overruns, for a standard signal as for an RT one.  The signal stays
   blocked and sigwaitinfo takes it, so the count read after is that of
   this one delivery, however late the reading (a handler run at unblock
   would race the next expiry, a millisecond away) */
static void overruns(int sig)
{
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig };
    struct timespec now = { 0, 0 };
    sigset_t set;
    siginfo_t si;
    timer_t t;
    int taken, over;

    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, NULL);
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    arm(t, 1000000, 1000000);
    usleep(50000);
    taken = sigwaitinfo(&set, &si) == sig;
    over = timer_getoverrun(t);
    timer_delete(t);
    while (sigtimedwait(&set, NULL, &now) == sig)
        continue;
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("overrun of signal %d: taken %d, overrun counted %d, in siginfo %d\n", sig,
           taken, over > 5, si.si_overrun > 5);
}

/* a blocked signal waits even when ignored: sigwaitinfo takes it */
static void ignored_blocked(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 2 };
    struct timespec limit = { 5, 0 };
    sigset_t set;
    siginfo_t si;
    timer_t t;
    int sig;

    signal(SIGRTMIN + 2, SIG_IGN);
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    ev.sigev_value.sival_int = 99;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    arm(t, 1000000, 0);
    sig = sigtimedwait(&set, &si, &limit);
    printf("ignored, blocked: sigtimedwait %s, value %d\n",
           sig == SIGRTMIN + 2 ? "took it" : "did not", si.si_value.sival_int);
    timer_delete(t);
}

/* the result of a call that fails, and its errno */
static void show_error(const char *what, long ret)
{
    printf("%s: %ld %s\n", what, ret, strerror(errno));
}

static void errors(void)
{
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = 200 };
    struct itimerspec its = { { 0, 0 }, { 0, 1000 } };
    timer_t t;

    show_error("bad clock", timer_create(12345, NULL, &t));
    show_error("bad signal", timer_create(CLOCK_MONOTONIC, &ev, &t));
    show_error("bad id", syscall(SYS_timer_settime, 999, 0, &its, NULL));
    show_error("bad overrun id", syscall(SYS_timer_getoverrun, 999));
    show_error("bad delete", syscall(SYS_timer_delete, 999));
}

int main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    setvbuf(stdout, NULL, _IONBF, 0);
    signal_notify();
    thread_id_notify();
    thread_notify();
    none_notify();
    overruns(SIGRTMIN + 1);
    overruns(SIGUSR2);
    ignored_blocked();
    errors();
    return 0;
}
