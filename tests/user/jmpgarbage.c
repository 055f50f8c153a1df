/*
 * jmpgarbage.c: child processes that jump where no code is: an unmapped
 * address, the top of the address space, pages of undefined or privileged
 * opcodes, off the end of a mapped page, and into a page mapped without
 * PROT_EXEC.  The parent prints how each child ended.
 *
 * The children keep the default signal actions, so the wait status is the
 * signal the kernel (or the emulator) delivers: SIGSEGV for a fetch from
 * nowhere or from a non-executable page, SIGILL for an undefined opcode.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

/* Two pages with `fill` in the first: prot for it, the second unmapped. */
static unsigned char *garbage_page(const unsigned char *fill, int len,
                                   int prot)
{
    unsigned char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int i;

    if (p == MAP_FAILED)
        return NULL;
    for (i = 0; i < PAGE; i++)
        p[i] = fill[i % len];
    munmap(p + PAGE, PAGE);
    mprotect(p, PAGE, prot);
    return p;
}

static void jump(void *target)
{
    ((void (*)(void))target)();
}

static void unmapped(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    munmap(p, PAGE);
    jump(p);
}

static void top_of_memory(void)
{
    jump((void *)0xfffff000);
}

static void null_call(void)
{
    jump(NULL);
}

static const unsigned char ud2[] = { 0x0f, 0x0b };
static const unsigned char ff_ff[] = { 0xff, 0xff };
static const unsigned char bad_0f[] = { 0x0f, 0x04 };
static const unsigned char hlt[] = { 0xf4 };
static const unsigned char nops[] = { 0x90 };

static void page_of(const unsigned char *fill, int len, int prot)
{
    unsigned char *p = garbage_page(fill, len, prot);

    if (p)
        jump(p);
}

static void ud2_page(void)
{
    page_of(ud2, sizeof(ud2), PROT_READ | PROT_EXEC);
}

static void ffff_page(void)
{
    page_of(ff_ff, sizeof(ff_ff), PROT_READ | PROT_EXEC);
}

static void bad_0f_page(void)
{
    page_of(bad_0f, sizeof(bad_0f), PROT_READ | PROT_EXEC);
}

static void hlt_page(void)
{
    page_of(hlt, sizeof(hlt), PROT_READ | PROT_EXEC);
}

static void nops_off_the_end(void)
{
    page_of(nops, sizeof(nops), PROT_READ | PROT_EXEC);
}

static void no_exec_page(void)
{
    page_of(ud2, sizeof(ud2), PROT_READ | PROT_WRITE);
}

static const struct {
    const char *name;
    void (*fn)(void);
} cases[] = {
    { "unmapped", unmapped },
    { "top of memory", top_of_memory },
    { "null call", null_call },
    { "page of ud2", ud2_page },
    { "page of ff ff", ffff_page },
    { "page of 0f 04", bad_0f_page },
    { "page of hlt", hlt_page },
    { "nops off the end", nops_off_the_end },
    { "no-exec page", no_exec_page },
};

int main(void)
{
    struct rlimit no_core = { 0, 0 };
    unsigned i;
    int status;
    pid_t pid;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            setrlimit(RLIMIT_CORE, &no_core);
            cases[i].fn();
            _exit(99);
        }
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
            printf("%s: fork/wait failed\n", cases[i].name);
            continue;
        }
        if (WIFSIGNALED(status))
            printf("%s: killed by signal %d (%s)\n", cases[i].name,
                   WTERMSIG(status), strsignal(WTERMSIG(status)));
        else
            printf("%s: exited with %d\n", cases[i].name,
                   WEXITSTATUS(status));
    }
    return 0;
}
