/* fork in a threaded process: 4 threads malloc, mmap and printf in loops
   while the main thread forks 50 children; each child mallocs, printfs
   and exits with its own status, which the parent checks.  A child that
   inherits a lock another thread held at the fork hangs (the run times
   out). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NWORKERS 4
#define NCHILDREN 50

static volatile int stop;
static FILE *sink;

static void *worker(void *arg)
{
    long id = (long)arg, n = 0;

    while (!stop) {
        char *small = malloc(32 + (n & 255));
        char *big = malloc(256 * 1024);
        void *map = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (!small || !big || map == MAP_FAILED)
            abort();
        memset(big, (int)n, 4096);
        snprintf(small, 32, "%ld:%ld", id, n);
        fprintf(sink, "worker %s\n", small);
        munmap(map, 65536);
        free(big);
        free(small);
        n++;
    }
    return (void *)n;
}

static int child(int i)
{
    char *p = malloc(1000 + i);
    char *q = malloc(300 * 1024);

    if (!p || !q)
        return 100;
    snprintf(p, 1000, "child %d", i);
    fprintf(sink, "%s\n", p);
    printf("%s ran\n", p);
    free(q);
    free(p);
    return i + 1;
}

int main(void)
{
    pthread_t threads[NWORKERS];
    int i, bad = 0;
    long i_l;

    sink = fopen("/dev/null", "w");
    if (!sink)
        return 1;
    for (i_l = 0; i_l < NWORKERS; i_l++)
        pthread_create(&threads[i_l], NULL, worker, (void *)i_l);
    for (i = 0; i < NCHILDREN; i++) {
        int status;
        pid_t pid;

        fflush(stdout);
        pid = fork();
        if (pid < 0) {
            printf("fork failed\n");
            return 1;
        }
        if (pid == 0)
            exit(child(i));
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != i + 1) {
            printf("child %d: status 0x%x\n", i, status);
            bad++;
        }
    }
    stop = 1;
    for (i = 0; i < NWORKERS; i++) {
        void *n;
        pthread_join(threads[i], &n);
        if (n == NULL)
            printf("worker %d did nothing\n", i);
    }
    printf("%d children, %d bad statuses\n", NCHILDREN, bad);
    return bad != 0;
}
