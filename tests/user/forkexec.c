/* Processes: pipe + fork, wait statuses (exit codes and signals), execve
   of this program again (via /proc/self/exe; the mask, pending signals
   and ignored ones stay, also after a failed execve), vfork, posix_spawn of a
   missing file (the error comes back through memory shared with the
   child), popen through the host's shell. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void show_status(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else
        printf("%s: status 0x%x\n", what, status);
}

static void pipe_to_child(void)
{
    int fds[2], status;
    char buf[64];
    ssize_t n;
    pid_t pid;

    if (pipe(fds) < 0)
        exit(1);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        n = write(fds[1], "from the child", 14);
        _exit(n == 14 ? 7 : 1);
    }
    close(fds[1]);
    n = read(fds[0], buf, sizeof(buf));
    printf("parent read %zd bytes: %.*s\n", n, (int)n, buf);
    n = read(fds[0], buf, sizeof(buf));
    printf("then end of file: %zd\n", n);
    close(fds[0]);
    printf("waitpid returns the child: %d\n", waitpid(pid, &status, 0) == pid);
    show_status("child", status);
}

static void child_killed(void)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    show_status("raise(SIGTERM) child", status);
    pid = fork();
    if (pid == 0) {
        *(volatile int *)16 = 1;
        _exit(0);
    }
    waitpid(pid, &status, 0);
    show_status("segfaulting child", status);
    pid = wait(&status);
    printf("no more children: %d %s\n", pid, strerror(errno));
}

/* in the exec'd child: the mask and the pending signals came through */
static void pending_across_exec(void)
{
    sigset_t set, blocked;
    siginfo_t si;
    int i;

    sigprocmask(SIG_BLOCK, NULL, &blocked);
    sigpending(&set);
    printf("across exec: SIGUSR1 blocked %d pending %d\n",
           sigismember(&blocked, SIGUSR1), sigismember(&set, SIGUSR1));
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN + 1);
    for (i = 0; i < 3; i++) {
        struct timespec now = { 0, 0 };
        int sig = sigtimedwait(&set, &si, &now);

        printf("across exec: took %d, value %d\n", sig,
               sig == SIGRTMIN + 1 ? si.si_value.sival_int : 0);
    }
}

static void exec_self(void)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        char *argv[] = { "renamed", "child-mode", "two words", NULL };
        sigset_t set;

        signal(SIGUSR2, SIG_IGN);
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sigaddset(&set, SIGRTMIN + 1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        raise(SIGUSR1);
        sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 7 });
        sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 8 });
        execv("/proc/self/exe", argv);
        _exit(99);
    }
    waitpid(pid, &status, 0);
    show_status("exec'd child", status);
    pid = fork();
    if (pid == 0) {
        char *argv[] = { "nothing", NULL };
        sigset_t set;
        siginfo_t si;
        struct timespec now = { 0, 0 };
        int n = 0;

        signal(SIGUSR2, SIG_IGN);
        sigemptyset(&set);
        sigaddset(&set, SIGRTMIN + 1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 1 });
        sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 2 });
        execv("/nonexistent/program", argv);
        printf("execv of a missing file: %s\n", strerror(errno));
        while (sigtimedwait(&set, &si, &now) > 0)
            n++;
        printf("still pending after it: %d signals\n", n);
        printf("SIGUSR2 still ignored: %d\n", signal(SIGUSR2, SIG_DFL) == SIG_IGN);
        fflush(stdout);
        _exit(3);
    }
    waitpid(pid, &status, 0);
    show_status("failed exec child", status);
}

static void vfork_exit(void)
{
    int status;
    pid_t pid = vfork();

    if (pid == 0)
        _exit(42);
    waitpid(pid, &status, 0);
    show_status("vfork child", status);
}

static void spawn(void)
{
    char *argv[] = { "missing", NULL };
    pid_t pid;
    int ret = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, argv, environ);
    FILE *p;
    char line[64];

    printf("posix_spawn of a missing file: %s\n", strerror(ret));
    fflush(stdout);
    p = popen("echo through the shell", "r");
    if (p && fgets(line, sizeof(line), p))
        printf("popen: %s", line);
    if (p)
        show_status("pclose", pclose(p));
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child-mode") == 0) {
        printf("exec'd as %s with %d arguments, last \"%s\"\n", argv[0], argc,
               argv[argc - 1]);
        printf("SIGUSR2 ignored across exec: %d\n", signal(SIGUSR2, SIG_DFL) == SIG_IGN);
        pending_across_exec();
        return 5;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe_to_child();
    child_killed();
    exec_self();
    vfork_exit();
    spawn();
    return 0;
}
