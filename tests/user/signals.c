/* Signals: the siginfo and sigcontext of CPU faults (SIGSEGV with si_addr,
   SIGFPE, SIGILL, SIGTRAP, int $0x81), handlers that change registers and
   return through sigreturn (both frame kinds), sigaltstack and a stack
   overflow caught on it, masks and pending signals, SA_RESETHAND,
   SA_NODEFER, queued RT signals taken with sigwaitinfo, and a last
   unhandled SIGSEGV that must end the process as natively. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jump;
static volatile int hits, depth, max_depth, calls;
static char *altstack;

#define ALTSTACK_SIZE (64 * 1024)

static char *fault_page;

/* the error code's present bit depends on whether the kernel had already
   mapped the page: only the low address is printed with it */
static void on_fault(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    char *addr = si->si_addr;

    if (fault_page && addr >= fault_page && addr < fault_page + 4096)
        printf("  signal %d code %d at page offset %d trapno %d\n", sig,
               si->si_code, (int)(addr - fault_page),
               (int)uc->uc_mcontext.gregs[REG_TRAPNO]);
    else
        printf("  signal %d code %d addr %p trapno %d err %d\n", sig,
               si->si_code, addr, (int)uc->uc_mcontext.gregs[REG_TRAPNO],
               (int)uc->uc_mcontext.gregs[REG_ERR]);
    siglongjmp(jump, 1);
}

/* the faulting instruction's address, as the kernel reports it */
static void on_fault_at(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;

    printf("  signal %d code %d, si_addr is the eip: %s\n", sig, si->si_code,
           (uintptr_t)si->si_addr == (uintptr_t)uc->uc_mcontext.gregs[REG_EIP] ?
           "yes" : "no");
    siglongjmp(jump, 1);
}

static void catch(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static void faults(void)
{
    static volatile int zero;
    char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    fault_page = page;

    printf("faults:\n");
    catch(SIGSEGV, on_fault, 0);
    if (!sigsetjmp(jump, 1))
        printf("%d\n", *(volatile int *)0x1234);
    if (!sigsetjmp(jump, 1))
        *(volatile char *)(page + 100) = 1;
    fault_page = NULL;
    if (!sigsetjmp(jump, 1))
        asm volatile("int $0x81");
    catch(SIGFPE, on_fault_at, 0);
    if (!sigsetjmp(jump, 1))
        printf("%d\n", 7 / zero);
    catch(SIGILL, on_fault_at, 0);
    if (!sigsetjmp(jump, 1))
        asm volatile("ud2");
    catch(SIGTRAP, on_fault, 0);
    if (!sigsetjmp(jump, 1))
        asm volatile("int3");
    munmap(page, 4096);
}

/* returning from the handler: sigreturn must bring back every register,
   with the changes the handler made to the context */
static void on_ill_skip(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;

    (void)sig;
    (void)si;
    uc->uc_mcontext.gregs[REG_EIP] += 2;
    uc->uc_mcontext.gregs[REG_EAX] = 0x600d;
}

static void on_usr1_plain(int sig)
{
    hits += sig;
}

static void sigreturn_paths(void)
{
    unsigned int a, s, d;
    struct sigaction sa;

    printf("sigreturn:\n");
    catch(SIGILL, on_ill_skip, 0);
    asm volatile("mov $0x1111, %%eax\n\t"
                 "mov $0x12345678, %%esi\n\t"
                 "mov $0x9abcdef0, %%edi\n\t"
                 "ud2\n\t"
                 "mov %%esi, %1\n\t"
                 "mov %%edi, %2"
                 : "=a"(a), "=r"(s), "=r"(d) : : "esi", "edi");
    printf("  rt frame: eax %x esi %x edi %x\n", a, s, d);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1_plain;
    sigaction(SIGUSR1, &sa, NULL);
    hits = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("  old frame: handler sum %d\n", hits);
}

static void on_alt(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    char here;

    (void)sig;
    (void)si;
    printf("  handler on the alternate stack: %s, ss_flags of the context %d\n",
           &here >= altstack && &here < altstack + ALTSTACK_SIZE ? "yes" : "no",
           uc->uc_stack.ss_flags);
}

static void on_overflow(int sig, siginfo_t *si, void *puc)
{
    char here;

    (void)si;
    (void)puc;
    printf("  SIGSEGV %d after deep recursion, on the alternate stack: %s\n",
           sig, &here >= altstack && &here < altstack + ALTSTACK_SIZE ? "yes" : "no");
    siglongjmp(jump, 1);
}

static int recurse(int n)
{
    volatile char frame[8192];

    frame[0] = n;
    depth = n;
    return recurse(n + 1) + frame[0];
}

static void alternate_stack(void)
{
    stack_t ss = { .ss_size = ALTSTACK_SIZE }, old;

    printf("sigaltstack:\n");
    altstack = malloc(ALTSTACK_SIZE);
    ss.ss_sp = altstack;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &old);
    printf("  size %zu flags %d\n", old.ss_size, old.ss_flags);
    catch(SIGUSR2, on_alt, SA_ONSTACK);
    raise(SIGUSR2);
    catch(SIGSEGV, on_overflow, SA_ONSTACK);
    if (!sigsetjmp(jump, 1))
        recurse(0);
    printf("  recursion went deeper than 100 frames: %s\n", depth > 100 ? "yes" : "no");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static void on_count(int sig)
{
    (void)sig;
    hits++;
}

static void on_nested(int sig)
{
    calls++;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (calls < 3)
        raise(sig);
    depth--;
}

static void masks(void)
{
    struct sigaction sa, old;
    sigset_t set, pending;

    printf("masks:\n");
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_count;
    sigaction(SIGUSR1, &sa, NULL);
    hits = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pending);
    printf("  blocked: handled %d, pending %d\n", hits, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("  unblocked: handled %d (two raises merge)\n", hits);

    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    printf("  SA_RESETHAND: handled %d, now default %d\n", hits,
           old.sa_handler == SIG_DFL);

    sa.sa_handler = on_nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    depth = max_depth = calls = 0;
    raise(SIGUSR1);
    printf("  SA_NODEFER: %d calls, nesting depth %d\n", calls, max_depth);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    depth = max_depth = calls = 0;
    raise(SIGUSR1);
    printf("  without it: %d calls, nesting depth %d\n", calls, max_depth);

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("  ignored SIGUSR1: still running\n");
}

static void rt_queue(void)
{
    int rt1 = SIGRTMIN + 1, rt2 = SIGRTMIN + 2, i;
    sigset_t set;
    siginfo_t si;

    printf("RT signals:\n");
    sigemptyset(&set);
    sigaddset(&set, rt1);
    sigaddset(&set, rt2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigqueue(getpid(), rt2, (union sigval){ .sival_int = 30 });
    sigqueue(getpid(), rt1, (union sigval){ .sival_int = 10 });
    sigqueue(getpid(), rt1, (union sigval){ .sival_int = 20 });
    for (i = 0; i < 3; i++) {
        int sig = sigwaitinfo(&set, &si);
        printf("  SIGRTMIN+%d value %d code %d from us %d\n", sig - SIGRTMIN,
               si.si_value.sival_int, si.si_code, si.si_pid == getpid());
    }
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    faults();
    sigreturn_paths();
    alternate_stack();
    masks();
    rt_queue();
    printf("last: an unhandled SIGSEGV\n");
    signal(SIGSEGV, SIG_DFL);
    *(volatile int *)8 = 0;
    printf("not reached\n");
    return 0;
}
