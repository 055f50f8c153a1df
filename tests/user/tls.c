/*
 * tls.c: __thread variables of a static i386 program: initialised and
 * zero ones, arrays and structs, set from a constructor before main, read
 * and written through pointers, and inherited by a forked child.
 *
 * The i386 TLS block is reached through %gs, whose descriptor glibc installs
 * with set_thread_area; a wrong segment base shows up as wrong values here.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static __thread int counter = 42;
static __thread int zeroed;
static __thread char name[16] = "initial";
static __thread struct { short a; long long b; } pair = { -3, 0x123456789abcll };
__thread uint32_t table[64];
static __thread int set_by_ctor;

__attribute__((constructor)) static void init_tls(void)
{
    set_by_ctor = 1234;
    counter++;
    strcpy(name, "from ctor");
}

static int *counter_ptr(void)
{
    return &counter;
}

int main(void)
{
    uint32_t sum = 0;
    int i, status;
    pid_t pid;

    printf("ctor: set_by_ctor=%d counter=%d name=%s\n", set_by_ctor,
           counter, name);
    printf("zeroed=%d pair=%d %llx\n", zeroed, pair.a, pair.b);
    for (i = 0; i < 64; i++)
        table[i] = i * 0x9e3779b9u;
    for (i = 0; i < 64; i++)
        sum = sum * 3 + table[i];
    printf("table sum=%08x\n", sum);
    *counter_ptr() += 100;
    printf("through pointer: counter=%d same=%d\n", counter,
           counter_ptr() == &counter);
    printf("distinct: %d\n", (void *)&counter != (void *)&zeroed &&
           (void *)&zeroed != (void *)name);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        counter += 1;
        printf("child: counter=%d name=%s\n", counter, name);
        fflush(stdout);
        _exit(counter & 0x7f);
    }
    waitpid(pid, &status, 0);
    printf("parent: counter=%d child exit=%d\n", counter, WEXITSTATUS(status));
    return 0;
}
