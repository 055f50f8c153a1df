/* Process-directed signals in a threaded process go to a thread that does
   not block them: the main thread blocks SIGUSR1, SIGALRM and SIGCHLD, a
   worker does not, and kill(getpid()), alarm(), a child's exit, a
   child's kill of its parent and kill(0) all reach the worker's handler.  When every
   thread blocks a signal it stays pending for the process (sigpending
   shows it in every thread) until sigwait takes it in one of them. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got[NSIG];
static volatile pid_t got_tid[NSIG];
static volatile int stop;
static pid_t worker_tid;

static pid_t gettid_(void)
{
    return syscall(SYS_gettid);
}

static void handler(int sig)
{
    got_tid[sig] = gettid_();
    got[sig]++;
}

static void nap(void)
{
    struct timespec ts = { 0, 1000000 };
    nanosleep(&ts, NULL);
}

/* wait up to 5 s for the handler of sig to have run n times */
static int wait_for(int sig, int n)
{
    int i;

    for (i = 0; i < 5000 && got[sig] < n; i++)
        nap();
    return got[sig] >= n;
}

static void *worker(void *arg)
{
    sigset_t set;

    (void)arg;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGALRM);
    sigaddset(&set, SIGCHLD);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    worker_tid = gettid_();
    while (!stop)
        nap();
    return NULL;
}

static void report(const char *what, int sig, int n)
{
    int ok = wait_for(sig, n);

    printf("%s: handled %s\n", what,
           !ok ? "never" : got_tid[sig] == worker_tid ? "by the worker" :
           "by another thread");
}

static int is_pending(int sig)
{
    sigset_t set;

    sigpending(&set);
    return sigismember(&set, sig);
}

static void *pending_in_thread(void *arg)
{
    return (void *)(long)is_pending(*(int *)arg);
}

static void *waiter(void *arg)
{
    sigset_t set;
    int sig = 0;

    (void)arg;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigwait(&set, &sig);
    return (void *)(long)sig;
}

static void all_blocked(void)
{
    pthread_t t;
    void *res;
    int sig = SIGUSR2;

    kill(getpid(), SIGUSR2);
    printf("all block SIGUSR2: pending in main %d\n", is_pending(SIGUSR2));
    pthread_create(&t, NULL, pending_in_thread, &sig);
    pthread_join(t, &res);
    printf("all block SIGUSR2: pending in a new thread %ld\n", (long)res);
    pthread_create(&t, NULL, waiter, NULL);
    pthread_join(t, &res);
    printf("sigwait in a thread takes it: %ld, still pending %d\n", (long)res,
           is_pending(SIGUSR2));

    pthread_create(&t, NULL, waiter, NULL);
    nap();
    nap();
    kill(getpid(), SIGUSR2);
    pthread_join(t, &res);
    printf("sigwait waiting first: %ld, pending after %d\n", (long)res,
           is_pending(SIGUSR2));
}

int main(void)
{
    struct sigaction sa;
    sigset_t set;
    pthread_t t;
    pid_t pid;
    int status;

    /* a group of our own, for kill(0) */
    setpgid(0, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGALRM);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        nap();

    kill(getpid(), SIGUSR1);
    report("kill(getpid(), SIGUSR1)", SIGUSR1, 1);
    alarm(1);
    report("alarm", SIGALRM, 1);
    pid = fork();
    if (pid == 0)
        _exit(3);
    report("a child's exit: SIGCHLD", SIGCHLD, 1);
    waitpid(pid, &status, 0);
    pid = fork();
    if (pid == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    report("kill from another process", SIGUSR1, 2);
    kill(0, SIGUSR1);
    report("kill of the process group", SIGUSR1, 3);
    printf("main never saw them pending: %d\n",
           !is_pending(SIGUSR1) && !is_pending(SIGALRM));

    all_blocked();
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}
