/* Timers and interrupted system calls: alarm() and pause(), a read()
   interrupted without SA_RESTART (EINTR) and restarted with it, select()
   and nanosleep() (never restarted), sigsuspend() and its mask, and a
   SIGCHLD nobody handles arriving during a blocking read(). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void handle_alarm(int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

static void timer_ms(int ms)
{
    struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

    setitimer(ITIMER_REAL, &it, NULL);
}

/* a child that writes to the pipe after ms milliseconds, then exits */
static pid_t late_writer(int fd, int ms)
{
    pid_t pid = fork();

    if (pid == 0) {
        usleep(ms * 1000);
        if (write(fd, "late", 4) != 4)
            _exit(1);
        _exit(0);
    }
    return pid;
}

static void show(const char *what, long ret)
{
    printf("%s: %ld%s%s, handler ran %d times\n", what, ret,
           ret < 0 ? " " : "", ret < 0 ? strerror(errno) : "", alarms);
    alarms = 0;
}

int main(void)
{
    struct timespec req = { 2, 0 }, rem;
    struct timeval tv = { 2, 0 };
    int fds[2], status;
    sigset_t set, old;
    char buf[16];
    long ret;
    pid_t pid;

    setvbuf(stdout, NULL, _IONBF, 0);
    handle_alarm(0);
    alarm(1);
    ret = pause();
    show("pause after alarm(1)", ret);

    if (pipe(fds) < 0)
        return 1;
    timer_ms(50);
    ret = read(fds[0], buf, sizeof(buf));
    show("read without SA_RESTART", ret);

    handle_alarm(SA_RESTART);
    pid = late_writer(fds[1], 300);
    timer_ms(50);
    ret = read(fds[0], buf, sizeof(buf));
    show("read with SA_RESTART", ret);
    waitpid(pid, &status, 0);

    timer_ms(50);
    ret = select(0, NULL, NULL, NULL, &tv);
    printf("select: %ld %s, time left between 1 and 2 s: %s\n", ret,
           strerror(errno), tv.tv_sec == 1 ? "yes" : "no");
    alarms = 0;

    timer_ms(50);
    ret = nanosleep(&req, &rem);
    printf("nanosleep: %ld %s, %ld s left\n", ret, strerror(errno), (long)rem.tv_sec);
    alarms = 0;

    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, &old);
    timer_ms(50);
    usleep(100000);
    printf("blocked: handler ran %d times\n", alarms);
    ret = sigsuspend(&old);
    show("sigsuspend", ret);
    sigprocmask(SIG_SETMASK, NULL, &set);
    printf("SIGALRM blocked again after sigsuspend: %d\n", sigismember(&set, SIGALRM));
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* SIGCHLD is ignored by default: the read goes on until the data */
    pid = late_writer(fds[1], 200);
    ret = read(fds[0], buf, sizeof(buf));
    printf("read across an ignored SIGCHLD: %ld \"%.*s\"\n", ret,
           ret > 0 ? (int)ret : 0, buf);
    waitpid(pid, &status, 0);
    printf("done\n");
    return 0;
}
