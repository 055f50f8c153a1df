/*
 * Guest signals: the host handler, the per-thread queues, delivery on
 * i386 signal frames, sigreturn and the signal system calls.
 *
 * Every catchable host signal lands in host_signal_handler.  A fault in
 * translated code goes to the CPU (cpu_x86_signal_handler); anything else
 * is queued on the thread's TaskState and the CPU is asked to stop at the
 * next TB boundary, so process_pending_signals() runs from cpu_loop with
 * the guest state exact.  The guest's signal mask lives only in the
 * TaskState: the host mask stays open, so the host handler sees every
 * signal and decides by the guest's mask and actions; a signal sent to
 * the process waits on a process-wide set for a thread that takes it
 * (`shared` below).  Only SIG_IGN is passed on to the host, because of
 * what the kernel does with it (an ignored SIGCHLD reaps children) and
 * because exec keeps it.
 *
 * NOTE: the handler and the main flow share the queues.  The main flow
 * touches them only with all host signals blocked (block_host_signals).
 *
 * Frames follow arch/x86/kernel/signal.c and asm/sigframe.h for i386
 * (Linux 6.1) for a CPU without FXSR: the FPU state is the 112-byte
 * fnsave image, 64-byte aligned above the frame.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "qemu.h"
#include "syscall_nr.h"

#define SIGBIT(sig) (1ull << ((sig) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* delivered before the others, as the kernel's next_signal() does */
#define SYNC_MASK (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
                   SIGBIT(SIGTRAP) | SIGBIT(SIGFPE) | SIGBIT(SIGSYS))
/* the host faults the CPU needs to see, whatever the guest does */
#define HOST_FAULT_MASK (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
                         SIGBIT(SIGFPE))
#define DEFAULT_IGNORE (SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | \
                        SIGBIT(SIGCONT))
#define DEFAULT_STOP (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | \
                      SIGBIT(SIGTTOU))

#define TARGET_SA_RESTORER      0x04000000u
#define TARGET_SA_EXPOSE_TAGBITS 0x00000800u
#define TARGET_SA_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | \
    SA_RESTART | SA_NODEFER | SA_RESETHAND | TARGET_SA_RESTORER | \
    TARGET_SA_EXPOSE_TAGBITS)
#define TARGET_SS_AUTODISARM    (1u << 31)

/* the eflags bits sigreturn takes from the frame */
#define FIX_EFLAGS (AC_MASK | CC_O | DF_MASK | TF_MASK | CC_S | CC_Z | CC_A | \
                    CC_P | CC_C | RF_MASK)

#define HOST_ALTSTACK_SIZE (256 * 1024)

struct target_sigcontext {
    uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip;
    uint16_t cs, csh;
    uint32_t eflags, esp_at_signal;
    uint16_t ss, ssh;
    uint32_t fpstate, oldmask, cr2;
};
ABI_CHECK(target_sigcontext, 88);

/* fnsave's 108 bytes, then the status word (fregs_state) */
#define TARGET_FPSTATE_SIZE 112
/* sizeof(struct _fpstate_32): still reserved in the old frame */
#define TARGET_FPSTATE32_SIZE 624

struct target_sigframe {
    uint32_t pretcode;
    int32_t sig;
    struct target_sigcontext sc;
    uint8_t fpstate_unused[TARGET_FPSTATE32_SIZE];
    uint32_t extramask[TARGET_NSIG_WORDS - 1];
    uint8_t retcode[8];
};
ABI_CHECK(target_sigframe, 732);

struct target_ucontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    target_stack_t uc_stack;
    struct target_sigcontext uc_mcontext;
    abi_u64 uc_sigmask;
};
ABI_CHECK(target_ucontext, 116);

struct target_rt_sigframe {
    uint32_t pretcode;
    int32_t sig;
    uint32_t pinfo;
    uint32_t puc;
    target_siginfo_t info;
    struct target_ucontext uc;
    uint8_t retcode[8];
};
ABI_CHECK(target_rt_sigframe, 268);

_Static_assert(sizeof(struct target_rt_sigframe) + TARGET_FPSTATE_SIZE + 63 + 15
               <= TARGET_SIGFRAME_MAX, "AT_MINSIGSTKSZ too small");

/* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
static const uint8_t sigreturn_code[8] = {
    0x58, 0xb8, TARGET_NR_sigreturn, 0, 0, 0, 0xcd, 0x80,
};
/* movl $__NR_rt_sigreturn, %eax; int $0x80 */
static const uint8_t rt_sigreturn_code[8] = {
    0xb8, TARGET_NR_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0,
};

/* the process's actions (CLONE_SIGHAND threads share them) */
static struct target_sigaction sigact_table[TARGET_NSIG + 1];
static pthread_mutex_t sigact_lock = PTHREAD_MUTEX_INITIALIZER;

__thread TaskState *thread_ts;

/* host side: raw syscalls, so that every signal can be caught and the
   vfork child (which shares our TLS) never signals its parent */
struct host_kernel_sigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

#define HOST_SA_RESTORER 0x04000000ul

static void host_signal_handler(int sig, siginfo_t *info, void *puc);

static void host_sigaction(int sig, void *handler, unsigned long flags)
{
    struct host_kernel_sigaction ka = {
        .handler = handler,
        .flags = flags | HOST_SA_RESTORER,
        .restorer = host_restore_rt,
        .mask = ~0ull,
    };

    syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

static void *host_handler_of(int sig)
{
    struct host_kernel_sigaction ka;

    if (syscall(SYS_rt_sigaction, sig, NULL, &ka, 8) != 0)
        return SIG_DFL;
    return ka.handler;
}

static void host_raise(int sig)
{
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
}

static void block_host_signals(sigset_t *old)
{
    uint64_t all = ~0ull;

    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, old, 8);
}

static void unblock_host_signals(const sigset_t *old)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, old, NULL, 8);
}

static void set_host_mask(uint64_t mask)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8);
}

/* The host ignores a signal the guest ignores only where that changes
   what the kernel does: no zombies (SIGCHLD), background terminal I/O that
   goes on (SIGTTIN, SIGTTOU).  Any other reaches host_signal_handler,
   which drops it unless the thread blocks it: blocked, an ignored signal
   still waits, for sigwait (glibc's SIGEV_THREAD timers wait so). */
#define HOST_IGNORE (SIGBIT(SIGCHLD) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

static void install_host_action(int sig, const struct target_sigaction *sa)
{
    unsigned long flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;

    if (sig == SIGKILL || sig == SIGSTOP)
        return;
    if (sa->handler == TARGET_SIG_IGN && (SIGBIT(sig) & HOST_IGNORE)) {
        host_sigaction(sig, SIG_IGN, 0);
        return;
    }
    if (sig == SIGCHLD)
        flags |= sa->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);
    host_sigaction(sig, host_signal_handler, flags);
}

/* siginfo conversion: the union member is chosen as the kernel's
   siginfo_layout() does */

enum { SIL_KILL, SIL_TIMER, SIL_POLL, SIL_FAULT, SIL_CHLD, SIL_RT, SIL_SYS };

static int siginfo_layout(int sig, int code)
{
    if (code > SI_USER && code < SI_KERNEL) {
        switch (sig) {
        case SIGILL: case SIGFPE: case SIGSEGV: case SIGBUS: case SIGTRAP:
            return SIL_FAULT;
        case SIGCHLD:
            return SIL_CHLD;
        case SIGIO:
            return SIL_POLL;
        case SIGSYS:
            return SIL_SYS;
        }
        return SIL_KILL;
    }
    if (code == SI_TIMER)
        return SIL_TIMER;
    if (code == SI_SIGIO)
        return SIL_POLL;
    return code < 0 ? SIL_RT : SIL_KILL;
}

void host_to_target_siginfo(target_siginfo_t *t, const siginfo_t *h)
{
    memset(t, 0, sizeof(*t));
    t->si_signo = h->si_signo;
    t->si_errno = h->si_errno;
    t->si_code = h->si_code;
    switch (siginfo_layout(h->si_signo, h->si_code)) {
    case SIL_KILL:
        t->u.kill.pid = h->si_pid;
        t->u.kill.uid = h->si_uid;
        break;
    case SIL_TIMER:
        t->u.timer.tid = h->si_timerid;
        t->u.timer.overrun = h->si_overrun;
        t->u.timer.sigval = (uint32_t)(uintptr_t)h->si_value.sival_ptr;
        break;
    case SIL_POLL:
        t->u.sigpoll.band = h->si_band;
        t->u.sigpoll.fd = h->si_fd;
        break;
    case SIL_FAULT:
        t->u.sigfault.addr = (uint32_t)(uintptr_t)h->si_addr;
        break;
    case SIL_CHLD:
        t->u.sigchld.pid = h->si_pid;
        t->u.sigchld.uid = h->si_uid;
        t->u.sigchld.status = h->si_status;
        t->u.sigchld.utime = h->si_utime;
        t->u.sigchld.stime = h->si_stime;
        break;
    case SIL_RT:
        t->u.rt.pid = h->si_pid;
        t->u.rt.uid = h->si_uid;
        t->u.rt.sigval = (uint32_t)(uintptr_t)h->si_value.sival_ptr;
        break;
    case SIL_SYS:
        t->u.sigsys.call_addr = (uint32_t)(uintptr_t)h->si_call_addr;
        t->u.sigsys.syscall = h->si_syscall;
        t->u.sigsys.arch = h->si_arch;
        break;
    }
}

/* what rt_sigqueueinfo sends: the kill/rt part is all a sender may set */
static void target_to_host_siginfo(siginfo_t *h, const target_siginfo_t *t)
{
    memset(h, 0, sizeof(*h));
    h->si_signo = t->si_signo;
    h->si_errno = t->si_errno;
    h->si_code = t->si_code;
    h->si_pid = t->u.rt.pid;
    h->si_uid = t->u.rt.uid;
    h->si_value.sival_ptr = (void *)(uintptr_t)t->u.rt.sigval;
}

/* queues */

static int default_ignored(int sig)
{
    return (SIGBIT(sig) & DEFAULT_IGNORE) != 0;
}

static int sig_ignored(int sig, const struct target_sigaction *sa)
{
    return sa->handler == TARGET_SIG_IGN ||
           (sa->handler == TARGET_SIG_DFL && default_ignored(sig));
}

/* Process-directed signals (kill, SIGCHLD, SIGALRM ...) wait here, not on
   a thread: the kernel's shared_pending.  Any thread that does not block
   one may take it; the one chosen is kicked (kick_thread).  shared_lock
   also guards the list of threads; it is a spinlock taken in the host
   handler or with host signals blocked, never both ways in one thread. */
static struct sigpending shared;
static TaskState *task_list;
static int shared_lock_word;
static pid_t process_pid;

static void shared_lock(void)
{
    while (__atomic_exchange_n(&shared_lock_word, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&shared_lock_word, __ATOMIC_RELAXED))
            __builtin_ia32_pause();
    }
}

static void shared_unlock(void)
{
    __atomic_store_n(&shared_lock_word, 0, __ATOMIC_RELEASE);
}

static uint64_t shared_set(void)
{
    return __atomic_load_n(&shared.set, __ATOMIC_RELAXED);
}

/* with host signals blocked, or in the handler */
static void recalc_signal_pending(TaskState *ts)
{
    uint64_t pending = ts->pending.set | shared_set();

    ts->signal_pending = (pending & ~ts->blocked) != 0 ||
                         (pending & ts->sigwait_set) != 0;
}

static void sigpending_init(struct sigpending *p)
{
    int i;

    p->set = 0;
    p->rt_queue = p->rt_free = NULL;
    for (i = 0; i < SIGQUEUE_RT_MAX; i++) {
        p->rt_pool[i].next = p->rt_free;
        p->rt_free = &p->rt_pool[i];
    }
}

/* POSIX timers are the host kernel's, but their signals go through the
   guest's queues, so two things the kernel knows are kept here by timer
   id: whether a timer aims at one thread (SIGEV_THREAD_ID), and the
   overrun of the last signal the guest took from it (timer_getoverrun).
   A timer the table has no room for counts as aimed at the process. */
#define TIMER_SLOTS 64

static struct {
    int id;                     /* -1: free */
    int to_thread;
    int overrun;
} timers[TIMER_SLOTS];

/* at start and in a child of fork, which has no timers */
static void timers_reset(void)
{
    int i;

    for (i = 0; i < TIMER_SLOTS; i++)
        timers[i].id = -1;
}

static int timer_slot(int id)
{
    int i, s;

    for (i = 0; i < TIMER_SLOTS; i++) {
        s = ((unsigned)id + i) % TIMER_SLOTS;
        if (__atomic_load_n(&timers[s].id, __ATOMIC_ACQUIRE) == id)
            return s;
    }
    return -1;
}

void timer_created(int id, int to_thread)
{
    int i, s, free_id = -1;

    for (i = 0; i < TIMER_SLOTS; i++) {
        s = ((unsigned)id + i) % TIMER_SLOTS;
        timers[s].to_thread = to_thread;
        timers[s].overrun = 0;
        if (__atomic_compare_exchange_n(&timers[s].id, &free_id, id, 0,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED))
            return;
        free_id = -1;
    }
}

void timer_deleted(int id)
{
    int s = timer_slot(id);

    if (s >= 0)
        __atomic_store_n(&timers[s].id, -1, __ATOMIC_RELEASE);
}

/* -1: not known here, the kernel's count stands */
int timer_overrun(int id)
{
    int s = timer_slot(id);

    return s < 0 ? -1 : __atomic_load_n(&timers[s].overrun, __ATOMIC_RELAXED);
}

static void timer_taken(const target_siginfo_t *info)
{
    int s;

    if (info->si_code == SI_TIMER && (s = timer_slot(info->u.timer.tid)) >= 0)
        __atomic_store_n(&timers[s].overrun, info->u.timer.overrun, __ATOMIC_RELAXED);
}

static int timer_to_thread(int id)
{
    int s = timer_slot(id);

    return s >= 0 && timers[s].to_thread;
}

/* The guest's kill of its own process group reaches the emulator as
   SI_USER from its own pid, like a SIGPIPE; counted here, such a signal
   is known for the process's. */
static int group_kills[TARGET_NSIG + 1];

static int group_kill_taken(int sig)
{
    int n = __atomic_load_n(&group_kills[sig], __ATOMIC_RELAXED);

    while (n > 0) {
        if (__atomic_compare_exchange_n(&group_kills[sig], &n, n - 1, 0,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

/* the signal of the timer of info, if it is queued in p: a timer has one
   signal queued at most, later expiries are its overruns */
static target_siginfo_t *queued_timer(struct sigpending *p, int sig,
                                      const target_siginfo_t *info)
{
    struct sigqueue *q;

    if (info->si_code != SI_TIMER || !(p->set & SIGBIT(sig)))
        return NULL;
    if (sig < 32) {
        if (p->std_info[sig - 1].si_code == SI_TIMER &&
            p->std_info[sig - 1].u.timer.tid == info->u.timer.tid)
            return &p->std_info[sig - 1];
        return NULL;
    }
    for (q = p->rt_queue; q; q = q->next) {
        if (q->info.si_signo == sig && q->info.si_code == SI_TIMER &&
            q->info.u.timer.tid == info->u.timer.tid)
            return &q->info;
    }
    return NULL;
}

static void enqueue_signal(struct sigpending *p, int sig,
                           const target_siginfo_t *info)
{
    struct sigqueue *q, **tail;
    target_siginfo_t *timer = queued_timer(p, sig, info);

    if (timer) {
        int64_t n = (int64_t)timer->u.timer.overrun + 1 + info->u.timer.overrun;
        timer->u.timer.overrun = n > INT32_MAX ? INT32_MAX : n;
        return;
    }
    if (sig < 32) {
        /* one slot per standard signal: a second one merges */
        if (!(p->set & SIGBIT(sig)))
            p->std_info[sig - 1] = *info;
        p->set |= SIGBIT(sig);
        return;
    }
    q = p->rt_free;
    if (!q)
        return;
    p->rt_free = q->next;
    q->info = *info;
    q->next = NULL;
    for (tail = &p->rt_queue; *tail; tail = &(*tail)->next)
        ;
    *tail = q;
    p->set |= SIGBIT(sig);
}

/* drop every queued instance of sig; returns the first one's info */
static void remove_rt(struct sigpending *p, int sig, target_siginfo_t *info,
                      int all)
{
    struct sigqueue **pq = &p->rt_queue, *q;
    int found = 0, more = 0;

    while ((q = *pq)) {
        if (q->info.si_signo == sig && (all || !found)) {
            if (info && !found)
                *info = q->info;
            found = 1;
            *pq = q->next;
            q->next = p->rt_free;
            p->rt_free = q;
        } else {
            more |= q->info.si_signo == sig;
            pq = &q->next;
        }
    }
    if (!more)
        p->set &= ~SIGBIT(sig);
}

/* the next signal of `allowed` the kernel would deliver: synchronous
   ones first, then the lowest number, RT ones in arrival order */
static int dequeue_from(struct sigpending *p, uint64_t allowed,
                        target_siginfo_t *info)
{
    uint64_t ready = p->set & allowed;
    int sig;

    if (!ready)
        return 0;
    if (ready & SYNC_MASK)
        ready &= SYNC_MASK;
    sig = __builtin_ctzll(ready) + 1;
    if (sig < 32) {
        *info = p->std_info[sig - 1];
        p->set &= ~SIGBIT(sig);
    } else {
        remove_rt(p, sig, info, 0);
    }
    return sig;
}

/* the thread's own signals first, then the process's, as the kernel */
static int dequeue_signal(TaskState *ts, uint64_t allowed, target_siginfo_t *info)
{
    int sig = dequeue_from(&ts->pending, allowed, info);

    if (!sig && (shared_set() & allowed)) {
        shared_lock();
        sig = dequeue_from(&shared, allowed, info);
        shared_unlock();
    }
    if (sig)
        timer_taken(info);
    return sig;
}

static void discard_from(struct sigpending *p, int sig)
{
    if (sig < 32)
        p->set &= ~SIGBIT(sig);
    else
        remove_rt(p, sig, NULL, 1);
}

static void discard_signal(TaskState *ts, int sig)
{
    discard_from(&ts->pending, sig);
    shared_lock();
    discard_from(&shared, sig);
    shared_unlock();
    recalc_signal_pending(ts);
}

/* the kernel's wants_signal: the thread does not block it, or waits for it */
static int wants_signal(const TaskState *ts, int sig)
{
    return !(ts->blocked & SIGBIT(sig)) || (ts->sigwait_set & SIGBIT(sig));
}

/* a thread's host handler takes the kick for a signal of the process */
#define KICK_CODE (-0x51)
#define KICK_MAGIC 0x6b69636b

static int is_kick(const siginfo_t *info)
{
    return info->si_code == KICK_CODE && info->si_pid == process_pid &&
           info->si_value.sival_int == KICK_MAGIC;
}

/* rt_tgsigqueueinfo keeps the thread's own pending signals apart: a
   standard signal already pending there runs the handler just as well */
static void kick_thread(const TaskState *ts, int sig)
{
    siginfo_t info;

    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = KICK_CODE;
    info.si_pid = process_pid;
    info.si_value.sival_int = KICK_MAGIC;
    syscall(SYS_rt_tgsigqueueinfo, process_pid, ts->tid, sig, &info);
}

/* with shared_lock held: the kernel's complete_signal.  The current thread
   if it wants the signal (returns 1), else another one that does, kicked;
   else the signal waits until a thread unblocks it. */
static int target_shared(TaskState *self, int sig)
{
    TaskState *t;

    if (self && self->listed && wants_signal(self, sig))
        return 1;
    for (t = task_list; t; t = t->next_task) {
        if (t != self && wants_signal(t, sig)) {
            kick_thread(t, sig);
            return 0;
        }
    }
    return 0;
}

/* send a process-directed signal; 1 when the current thread takes it */
static int send_shared(TaskState *self, int sig, const target_siginfo_t *info)
{
    int mine;

    shared_lock();
    enqueue_signal(&shared, sig, info);
    mine = target_shared(self, sig);
    shared_unlock();
    return mine;
}

/* the kernel's retarget_shared_pending: signals of the process that the
   thread no longer takes (it blocked them, or it ends) find another one */
static void retarget_shared(TaskState *self, uint64_t set)
{
    int sig;

    shared_lock();
    set &= shared.set;
    for (sig = 1; set; sig++, set >>= 1) {
        if (set & 1)
            target_shared(self, sig);
    }
    shared_unlock();
}

void signal_task_init(TaskState *ts)
{
    ts->sigact = sigact_table;
    ts->sigaltstack.ss_flags = SS_DISABLE;
    sigpending_init(&ts->pending);
}

/* a thread of the process joins the list signals are sent along; with
   host signals blocked */
static void signal_task_list(TaskState *ts)
{
    shared_lock();
    ts->next_task = task_list;
    task_list = ts;
    ts->listed = 1;
    shared_unlock();
}

/* the thread ends: process signals it would have taken go elsewhere;
   with host signals blocked */
void signal_thread_leave(TaskState *ts)
{
    TaskState **p;

    shared_lock();
    for (p = &task_list; *p; p = &(*p)->next_task) {
        if (*p == ts) {
            *p = ts->next_task;
            break;
        }
    }
    ts->listed = 0;
    shared_unlock();
    retarget_shared(NULL, ~0ull);
}

/* fork: with host signals blocked and sigact_lock held across it, the
   child starts with the actions consistent and no handler half-run */
static __thread sigset_t fork_saved_mask;

void signal_fork_start(void)
{
    block_host_signals(&fork_saved_mask);
    pthread_mutex_lock(&sigact_lock);
}

/* the child keeps actions, mask and alternate stack, and nothing pending */
void signal_fork_end(TaskState *ts, int child)
{
    if (!child) {
        pthread_mutex_unlock(&sigact_lock);
        unblock_host_signals(&fork_saved_mask);
        return;
    }
    pthread_mutex_init(&sigact_lock, NULL);
    shared_lock_word = 0;
    process_pid = getpid();
    timers_reset();
    memset(group_kills, 0, sizeof(group_kills));
    sigpending_init(&shared);
    sigpending_init(&ts->pending);
    task_list = ts->listed ? ts : NULL;
    ts->next_task = NULL;
    recalc_signal_pending(ts);
    unblock_host_signals(&fork_saved_mask);
}

/* the host handler */

static void __attribute__((noreturn)) internal_error(int sig, ucontext_t *uc)
{
    char buf[128];
    int n = snprintf(buf, sizeof(buf),
                     QEMU_NAME ": internal error: host signal %d at pc 0x%llx\n",
                     sig, (unsigned long long)uc->uc_mcontext.gregs[REG_RIP]);

    if (write(2, buf, n) < 0)
        n = 0;
    host_sigaction(SIGABRT, SIG_DFL, 0);
    set_host_mask(0);
    host_raise(SIGABRT);
    _exit(128 + SIGABRT);
}

/* which signals the kernel sends to the process rather than to a thread;
   the guest's own kill and sigqueue to itself never come this way (do_kill),
   so SI_USER from this process is SIGPIPE or SIGXFSZ, which are the
   thread's. */
static int process_directed(const siginfo_t *info)
{
    switch (info->si_code) {
    case SI_TKILL:
        return 0;
    case SI_TIMER:
        return !timer_to_thread(info->si_timerid);
    case SI_USER:
        return info->si_pid != process_pid || group_kill_taken(info->si_signo);
    case SI_QUEUE:
        return info->si_pid != process_pid;
    case SI_KERNEL:
        return 1;
    }
    if (info->si_code > 0)
        return info->si_signo == SIGCHLD || info->si_signo == SIGIO;
    return 1;
}

/* returns 1 when the thread must look at its signals */
static int queue_async_signal(TaskState *ts, int sig, const target_siginfo_t *info,
                              int shared_sig)
{
    if (!(ts->blocked & SIGBIT(sig)) && sig_ignored(sig, &ts->sigact[sig]))
        return 0;
    if (shared_sig && ts->listed) {
        if (!send_shared(ts, sig, info))
            return 0;
    } else {
        enqueue_signal(&ts->pending, sig, info);
    }
    recalc_signal_pending(ts);
    return ts->signal_pending;
}

static void host_signal_handler(int sig, siginfo_t *info, void *puc)
{
    ucontext_t *uc = puc;
    TaskState *ts = thread_ts;
    int saved_errno = errno;
    target_siginfo_t tinfo;
    uintptr_t resume;
    int queued;

    if ((SIGBIT(sig) & HOST_FAULT_MASK) && info->si_code > 0) {
        if (cpu_x86_signal_handler(sig, info, puc)) {
            errno = saved_errno;
            return;
        }
        internal_error(sig, uc);
    }
    if (!ts)
        return;
    if (is_kick(info)) {
        recalc_signal_pending(ts);
        queued = ts->signal_pending;
    } else {
        host_to_target_siginfo(&tinfo, info);
        queued = queue_async_signal(ts, sig, &tinfo, process_directed(info));
    }
    if (queued) {
        if (in_safe_syscall_window(uc->uc_mcontext.gregs[REG_RIP], &resume))
            uc->uc_mcontext.gregs[REG_RIP] = resume;
        cpu_x86_interrupt(ts->env, CPU_INTERRUPT_EXIT);
    }
    errno = saved_errno;
}

/* each host thread gets its own stack for the handler: a guest stack
   overflow or a deep emulator stack is still caught */
static void signal_init_thread(void)
{
    stack_t ss = { .ss_size = HOST_ALTSTACK_SIZE };

    ss.ss_sp = mmap(NULL, HOST_ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ss.ss_sp != MAP_FAILED)
        sigaltstack(&ss, NULL);
}

/* a new guest thread, started with every host signal blocked */
void signal_thread_start(void)
{
    signal_task_list(thread_ts);
    signal_init_thread();
    set_host_mask(0);
}

/* the end of a guest thread, with every host signal blocked */
void signal_thread_exit(void)
{
    stack_t ss = { .ss_flags = SS_DISABLE }, old;

    if (sigaltstack(&ss, &old) == 0 && !(old.ss_flags & SS_DISABLE))
        munmap(old.ss_sp, old.ss_size);
}

/* The guest starts with what exec left: the host's mask (set by the
   emulator that exec'd us, see signal_prepare_exec) and ignored signals. */
void signal_init(void)
{
    uint64_t mask = 0;
    int sig;

    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &mask, 8);
    thread_ts->blocked = mask & ~UNBLOCKABLE;
    process_pid = getpid();
    timers_reset();
    sigpending_init(&shared);
    signal_task_list(thread_ts);
    signal_init_thread();
    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        if (host_handler_of(sig) == SIG_IGN)
            sigact_table[sig].handler = TARGET_SIG_IGN;
        install_host_action(sig, &sigact_table[sig]);
    }
    set_host_mask(0);
}

/* the signals of the thread's execve, sent back to the host's queue */
static __thread uint64_t exec_requeued;

static void requeue_one(const TaskState *ts, const target_siginfo_t *t)
{
    siginfo_t info;

    target_to_host_siginfo(&info, t);
    syscall(SYS_rt_tgsigqueueinfo, process_pid, ts->tid, t->si_signo, &info);
    exec_requeued |= SIGBIT(t->si_signo);
}

/* the blocked signals waiting in p go to the host kernel's queue of the
   thread, where they outlive execve */
static void requeue_on_host(const TaskState *ts, const struct sigpending *p)
{
    const struct sigqueue *q;
    int sig;

    for (sig = 1; sig < 32; sig++) {
        if (p->set & ts->blocked & SIGBIT(sig))
            requeue_one(ts, &p->std_info[sig - 1]);
    }
    for (q = p->rt_queue; q; q = q->next) {
        if (ts->blocked & SIGBIT(q->info.si_signo))
            requeue_one(ts, &q->info);
    }
}

/* the new program inherits the mask, the pending signals and the ignored
   ones */
void signal_prepare_exec(const TaskState *ts)
{
    int sig;

    set_host_mask(~0ull);
    exec_requeued = 0;
    requeue_on_host(ts, &ts->pending);
    shared_lock();
    requeue_on_host(ts, &shared);
    shared_unlock();
    set_host_mask(ts->blocked);
    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        if (ts->sigact[sig].handler == TARGET_SIG_IGN)
            host_sigaction(sig, SIG_IGN, 0);
    }
}

/* the requeued signals are still in the guest's queues: the host's copies
   are taken back before the mask opens */
void signal_exec_failed(const TaskState *ts)
{
    struct timespec now = { 0, 0 };
    uint64_t set = exec_requeued;
    int sig;

    while (set && syscall(SYS_rt_sigtimedwait, &set, NULL, &now, 8) > 0)
        ;
    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        if (ts->sigact[sig].handler == TARGET_SIG_IGN)
            install_host_action(sig, &ts->sigact[sig]);
    }
    set_host_mask(0);
}

/* default actions */

void __attribute__((noreturn)) dump_core_and_abort(int sig)
{
    struct rlimit nocore = { 0, 0 };

    exit_flush();
    setrlimit(RLIMIT_CORE, &nocore);
    host_sigaction(sig, SIG_DFL, 0);
    set_host_mask(0);
    host_raise(sig);
    _exit(128 + sig);
}

static void stop_self(int sig)
{
    host_sigaction(sig, SIG_DFL, 0);
    host_raise(sig);
    install_host_action(sig, &thread_ts->sigact[sig]);
}

/* kill the process with SIGSEGV, as the kernel's force_sig does: the
   signal cannot be blocked or ignored then */
static void force_sig_info(TaskState *ts, const target_siginfo_t *info)
{
    int sig = info->si_signo;
    sigset_t old;

    block_host_signals(&old);
    pthread_mutex_lock(&sigact_lock);
    if (ts->sigact[sig].handler == TARGET_SIG_IGN || (ts->blocked & SIGBIT(sig))) {
        ts->sigact[sig].handler = TARGET_SIG_DFL;
        ts->blocked &= ~SIGBIT(sig);
        install_host_action(sig, &ts->sigact[sig]);
    }
    pthread_mutex_unlock(&sigact_lock);
    enqueue_signal(&ts->pending, sig, info);
    recalc_signal_pending(ts);
    unblock_host_signals(&old);
}

static void force_sig(TaskState *ts, int sig)
{
    target_siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

    force_sig_info(ts, &info);
}

static void force_sigsegv(TaskState *ts, int sig)
{
    if (sig == SIGSEGV) {
        pthread_mutex_lock(&sigact_lock);
        ts->sigact[SIGSEGV].handler = TARGET_SIG_DFL;
        pthread_mutex_unlock(&sigact_lock);
    }
    force_sig(ts, SIGSEGV);
}

/* a guest CPU exception, from cpu_loop */
void queue_trap_signal(CPUX86State *env, int sig, int code, uint32_t addr)
{
    target_siginfo_t info = { .si_signo = sig, .si_code = code };

    if (code != SI_KERNEL)
        info.u.sigfault.addr = addr;
    force_sig_info(env->opaque, &info);
}

/* frames */

static int on_sig_stack(const TaskState *ts, uint32_t sp)
{
    const target_stack_t *ss = &ts->sigaltstack;

    if (ss->ss_flags & TARGET_SS_AUTODISARM)
        return 0;
    return sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size;
}

static int sas_ss_flags(const TaskState *ts, uint32_t sp)
{
    if (!ts->sigaltstack.ss_size)
        return SS_DISABLE;
    return on_sig_stack(ts, sp) ? SS_ONSTACK : 0;
}

static uint32_t get_sigframe(const struct target_sigaction *sa, CPUX86State *env,
                             size_t frame_size, uint32_t *fpstate)
{
    TaskState *ts = env->opaque;
    uint32_t sp = env->regs[R_ESP];

    if (sa->flags & SA_ONSTACK) {
        if (sas_ss_flags(ts, sp) == 0)
            sp = ts->sigaltstack.ss_sp + ts->sigaltstack.ss_size;
    } else if (env->segs[R_SS].selector != TARGET_USER_DS &&
               !(sa->flags & TARGET_SA_RESTORER) && sa->restorer) {
        /* the legacy way to switch stacks */
        sp = sa->restorer;
    }
    sp = (sp - TARGET_FPSTATE_SIZE) & ~63u;
    *fpstate = sp;
    sp -= frame_size;
    /* as on function entry: ((sp + 4) & 15) == 0 */
    return ((sp + 4) & ~15u) - 4;
}

/* fnsave: the image, the status word after it, then a reset FPU */
static void save_fpu(CPUX86State *env, uint32_t fpstate)
{
    uint16_t swd;

    cpu_x86_fsave(env, fpstate, 1);
    memcpy(&swd, g2h(fpstate + 4), sizeof(swd));
    put_user_u32(swd, fpstate + 108);
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
}

/* NOTE: outside cpu_x86_exec, env->eflags holds the whole register
   (cpu-i386.h); cpu_load_eflags keeps the lazy flags in step with it */
static void set_eflags(CPUX86State *env, uint32_t eflags, uint32_t mask)
{
    eflags = (env->eflags & ~mask) | (eflags & mask) | 2;
    cpu_load_eflags(env, eflags, ~0u);
    env->eflags = eflags;
}

static void setup_sigcontext(struct target_sigcontext *sc, CPUX86State *env,
                             uint32_t fpstate, uint32_t mask)
{
    TaskState *ts = env->opaque;

    memset(sc, 0, sizeof(*sc));
    sc->gs = env->segs[R_GS].selector;
    sc->fs = env->segs[R_FS].selector;
    sc->es = env->segs[R_ES].selector;
    sc->ds = env->segs[R_DS].selector;
    sc->edi = env->regs[R_EDI];
    sc->esi = env->regs[R_ESI];
    sc->ebp = env->regs[R_EBP];
    sc->esp = env->regs[R_ESP];
    sc->ebx = env->regs[R_EBX];
    sc->edx = env->regs[R_EDX];
    sc->ecx = env->regs[R_ECX];
    sc->eax = env->regs[R_EAX];
    sc->trapno = ts->trap_nr;
    sc->err = ts->error_code;
    sc->eip = env->eip;
    sc->cs = env->segs[R_CS].selector;
    sc->eflags = cpu_compute_eflags(env);
    sc->esp_at_signal = env->regs[R_ESP];
    sc->ss = env->segs[R_SS].selector;
    sc->fpstate = fpstate;
    sc->oldmask = mask;
    sc->cr2 = ts->cr2;
}

static void enter_handler(CPUX86State *env, const struct target_sigaction *sa,
                          int sig, uint32_t frame, uint32_t info, uint32_t uc)
{
    env->regs[R_ESP] = frame;
    env->eip = sa->handler;
    /* and in registers for -mregparm=3 */
    env->regs[R_EAX] = sig;
    env->regs[R_EDX] = info;
    env->regs[R_ECX] = uc;
    cpu_x86_load_seg(env, R_DS, TARGET_USER_DS);
    cpu_x86_load_seg(env, R_ES, TARGET_USER_DS);
    cpu_x86_load_seg(env, R_CS, TARGET_USER_CS);
    cpu_x86_load_seg(env, R_SS, TARGET_USER_DS);
    set_eflags(env, 0, DF_MASK | RF_MASK | TF_MASK);
}

/* the frame is read first, so that the bytes the kernel leaves alone
   (the unused fpstate) keep what the stack held */
static int begin_frame(void *f, uint32_t frame, size_t size, uint32_t fpstate)
{
    if (!access_ok(VERIFY_WRITE, fpstate, TARGET_FPSTATE_SIZE) ||
        !access_ok(VERIFY_WRITE, frame, size))
        return -1;
    return copy_from_user(f, frame, size);
}

static int setup_frame(int sig, const struct target_sigaction *sa,
                       uint64_t set, CPUX86State *env)
{
    struct target_sigframe f;
    uint32_t fpstate, frame = get_sigframe(sa, env, sizeof(f), &fpstate);

    if (begin_frame(&f, frame, sizeof(f), fpstate))
        return -1;
    save_fpu(env, fpstate);
    f.sig = sig;
    setup_sigcontext(&f.sc, env, fpstate, set);
    f.extramask[0] = set >> 32;
    f.pretcode = (sa->flags & TARGET_SA_RESTORER) ? sa->restorer :
                 frame + offsetof(struct target_sigframe, retcode);
    memcpy(f.retcode, sigreturn_code, sizeof(f.retcode));
    copy_to_user(frame, &f, sizeof(f));
    enter_handler(env, sa, sig, frame, 0, 0);
    return 0;
}

static int setup_rt_frame(int sig, const struct target_sigaction *sa,
                          const target_siginfo_t *info, uint64_t set,
                          CPUX86State *env)
{
    TaskState *ts = env->opaque;
    struct target_rt_sigframe f;
    uint32_t fpstate, frame = get_sigframe(sa, env, sizeof(f), &fpstate);

    if (begin_frame(&f, frame, sizeof(f), fpstate))
        return -1;
    save_fpu(env, fpstate);
    f.sig = sig;
    f.pinfo = frame + offsetof(struct target_rt_sigframe, info);
    f.puc = frame + offsetof(struct target_rt_sigframe, uc);
    f.info = *info;
    f.uc.uc_flags = 0;
    f.uc.uc_link = 0;
    f.uc.uc_stack = ts->sigaltstack;
    if (ts->sigaltstack.ss_flags & TARGET_SS_AUTODISARM)
        ts->sigaltstack = (target_stack_t){ .ss_flags = SS_DISABLE };
    setup_sigcontext(&f.uc.uc_mcontext, env, fpstate, set);
    f.uc.uc_sigmask = set;
    f.pretcode = (sa->flags & TARGET_SA_RESTORER) ? sa->restorer :
                 frame + offsetof(struct target_rt_sigframe, retcode);
    memcpy(f.retcode, rt_sigreturn_code, sizeof(f.retcode));
    copy_to_user(frame, &f, sizeof(f));
    enter_handler(env, sa, sig, frame, f.pinfo, f.puc);
    return 0;
}

/* a selector sigreturn may put in CS or SS: a present DPL-3 descriptor */
static int user_selector_ok(CPUX86State *env, uint32_t sel, int code)
{
    uint32_t low, high;

    if ((sel & ~7u) == 0 || read_descriptor(env, sel, &low, &high) < 0)
        return 0;
    if (!(high & DESC_P_MASK) || !(high & DESC_S_MASK) ||
        ((high >> DESC_DPL_SHIFT) & 3) != 3)
        return 0;
    return code ? (high & DESC_CS_MASK) != 0 :
                  !(high & DESC_CS_MASK) && (high & DESC_W_MASK);
}

static void fpu_init(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
}

static int restore_sigcontext(CPUX86State *env, const struct target_sigcontext *sc)
{
    TaskState *ts = env->opaque;
    uint32_t cs = sc->cs | 3, ss = sc->ss | 3;

    if (!user_selector_ok(env, cs, 1) || !user_selector_ok(env, ss, 0))
        return -1;
    if (sc->fpstate && !access_ok(VERIFY_READ, sc->fpstate, 108))
        return -1;
    env->regs[R_EDI] = sc->edi;
    env->regs[R_ESI] = sc->esi;
    env->regs[R_EBP] = sc->ebp;
    env->regs[R_ESP] = sc->esp;
    env->regs[R_EBX] = sc->ebx;
    env->regs[R_EDX] = sc->edx;
    env->regs[R_ECX] = sc->ecx;
    env->regs[R_EAX] = sc->eax;
    env->eip = sc->eip;
    set_eflags(env, sc->eflags, FIX_EFLAGS);
    cpu_x86_load_seg(env, R_GS, sc->gs | 3);
    cpu_x86_load_seg(env, R_FS, sc->fs | 3);
    cpu_x86_load_seg(env, R_DS, sc->ds | 3);
    cpu_x86_load_seg(env, R_ES, sc->es | 3);
    cpu_x86_load_seg(env, R_CS, cs);
    cpu_x86_load_seg(env, R_SS, ss);
    if (sc->fpstate)
        cpu_x86_frstor(env, sc->fpstate, 1);
    else
        fpu_init(env);
    ts->in_syscall = 0;
    return 0;
}

static void set_blocked(TaskState *ts, uint64_t mask)
{
    uint64_t newly;
    sigset_t old;

    block_host_signals(&old);
    newly = mask & ~UNBLOCKABLE & ~ts->blocked;
    ts->blocked = mask & ~UNBLOCKABLE;
    recalc_signal_pending(ts);
    if (newly & shared_set())
        retarget_shared(ts, newly);
    unblock_host_signals(&old);
}

long do_sigreturn(CPUX86State *env)
{
    TaskState *ts = env->opaque;
    uint32_t frame = env->regs[R_ESP] - 8;
    struct target_sigframe f;

    if (copy_from_user(&f, frame, sizeof(f)))
        goto badframe;
    set_blocked(ts, f.sc.oldmask | (uint64_t)f.extramask[0] << 32);
    if (restore_sigcontext(env, &f.sc) < 0)
        goto badframe;
    return -QEMU_ESIGRETURN;
badframe:
    force_sig(ts, SIGSEGV);
    return 0;
}

static long sigaltstack_set(TaskState *ts, const target_stack_t *ss, uint32_t sp);

long do_rt_sigreturn(CPUX86State *env)
{
    TaskState *ts = env->opaque;
    uint32_t frame = env->regs[R_ESP] - 4;
    struct target_rt_sigframe f;

    if (copy_from_user(&f, frame, sizeof(f)))
        goto badframe;
    set_blocked(ts, f.uc.uc_sigmask);
    if (restore_sigcontext(env, &f.uc.uc_mcontext) < 0)
        goto badframe;
    /* errors other than EFAULT are ignored, as restore_altstack does */
    sigaltstack_set(ts, &f.uc.uc_stack, env->regs[R_ESP]);
    return -QEMU_ESIGRETURN;
badframe:
    force_sig(ts, SIGSEGV);
    return 0;
}

/* delivery */

/* the kernel's restart rules for a syscall a handler interrupted */
static void syscall_restart_handler(CPUX86State *env, TaskState *ts,
                                    const struct target_sigaction *sa)
{
    if (!ts->in_syscall)
        return;
    ts->in_syscall = 0;
    switch ((int32_t)env->regs[R_EAX]) {
    case -TARGET_ERESTART_RESTARTBLOCK:
    case -TARGET_ERESTARTNOHAND:
        env->regs[R_EAX] = -EINTR;
        break;
    case -TARGET_ERESTARTSYS:
        if (!(sa->flags & SA_RESTART)) {
            env->regs[R_EAX] = -EINTR;
            break;
        }
        /* fall through */
    case -TARGET_ERESTARTNOINTR:
        env->regs[R_EAX] = ts->orig_eax;
        env->eip -= 2;
        break;
    }
}

/* no handler ran: an interrupted syscall starts again */
static void syscall_restart_no_handler(CPUX86State *env, TaskState *ts)
{
    if (!ts->in_syscall)
        return;
    ts->in_syscall = 0;
    switch ((int32_t)env->regs[R_EAX]) {
    case -TARGET_ERESTART_RESTARTBLOCK:
    case -TARGET_ERESTARTNOHAND:
    case -TARGET_ERESTARTSYS:
    case -TARGET_ERESTARTNOINTR:
        env->regs[R_EAX] = ts->orig_eax;
        env->eip -= 2;
        break;
    }
}

static void handle_signal(CPUX86State *env, TaskState *ts, int sig,
                          const target_siginfo_t *info,
                          const struct target_sigaction *sa)
{
    uint64_t oldset;
    int ret;

    if (loglevel & CPU_LOG_INT)
        fprintf(logfile, "signal %d (code %d) handler 0x%08x at eip=%08x\n",
                sig, info->si_code, sa->handler, env->eip);
    if (sa->handler == TARGET_SIG_IGN)
        return;
    if (sa->handler == TARGET_SIG_DFL) {
        if (default_ignored(sig))
            return;
        if (SIGBIT(sig) & DEFAULT_STOP) {
            stop_self(sig);
            return;
        }
        dump_core_and_abort(sig);
    }
    syscall_restart_handler(env, ts, sa);
    oldset = ts->saved_blocked_valid ? ts->saved_blocked : ts->blocked;
    if (sa->flags & SA_SIGINFO)
        ret = setup_rt_frame(sig, sa, info, oldset, env);
    else
        ret = setup_frame(sig, sa, oldset, env);
    if (ret < 0) {
        force_sigsegv(ts, sig);
        return;
    }
    ts->saved_blocked_valid = 0;
    set_blocked(ts, ts->blocked | sa->mask |
                    ((sa->flags & SA_NODEFER) ? 0 : SIGBIT(sig)));
}

/* copy the action to run; SA_RESETHAND makes it a one-off */
static void take_action(TaskState *ts, int sig, struct target_sigaction *sa)
{
    pthread_mutex_lock(&sigact_lock);
    *sa = ts->sigact[sig];
    if (sa->handler != TARGET_SIG_DFL && sa->handler != TARGET_SIG_IGN &&
        (sa->flags & SA_RESETHAND))
        ts->sigact[sig].handler = TARGET_SIG_DFL;
    pthread_mutex_unlock(&sigact_lock);
}

void process_pending_signals(CPUX86State *env)
{
    TaskState *ts = env->opaque;
    struct target_sigaction sa;
    target_siginfo_t info;
    sigset_t old;
    int sig;

    while (ts->signal_pending) {
        block_host_signals(&old);
        sig = dequeue_signal(ts, ~ts->blocked, &info);
        if (sig)
            take_action(ts, sig, &sa);
        recalc_signal_pending(ts);
        unblock_host_signals(&old);
        if (!sig)
            break;
        handle_signal(env, ts, sig, &info, &sa);
    }
    syscall_restart_no_handler(env, ts);
    if (ts->saved_blocked_valid) {
        ts->saved_blocked_valid = 0;
        set_blocked(ts, ts->saved_blocked);
    }
}

/* /proc/self/stat: the calling thread's pending and blocked signals, the
   ignored and the caught ones */
void signal_stat(uint64_t sigs[4])
{
    TaskState *ts = thread_ts;
    int sig;

    sigs[0] = ts->pending.set | shared_set();
    sigs[1] = ts->blocked;
    sigs[2] = sigs[3] = 0;
    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        if (ts->sigact[sig].handler == TARGET_SIG_IGN)
            sigs[2] |= SIGBIT(sig);
        else if (ts->sigact[sig].handler != TARGET_SIG_DFL)
            sigs[3] |= SIGBIT(sig);
    }
}

/* the signal system calls */

static int bad_signal(int sig)
{
    return sig < 1 || sig > TARGET_NSIG;
}

static long do_sigaction(int sig, const struct target_sigaction *act,
                         struct target_sigaction *oact)
{
    TaskState *ts = thread_ts;
    sigset_t old;

    if (bad_signal(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    block_host_signals(&old);
    pthread_mutex_lock(&sigact_lock);
    if (oact)
        *oact = ts->sigact[sig];
    if (act) {
        struct target_sigaction *sa = &ts->sigact[sig];
        *sa = *act;
        sa->flags &= TARGET_SA_FLAGS;
        sa->mask &= ~UNBLOCKABLE;
        install_host_action(sig, sa);
        /* POSIX: setting an ignoring action discards what is pending */
        if (sig_ignored(sig, sa))
            discard_signal(ts, sig);
    }
    pthread_mutex_unlock(&sigact_lock);
    unblock_host_signals(&old);
    return 0;
}

long do_rt_sigaction(int sig, uint32_t act, uint32_t oact, uint32_t size)
{
    struct target_sigaction new, old;
    long ret;

    if (size != sizeof(target_sigset_t))
        return -EINVAL;
    if (act && copy_from_user(&new, act, sizeof(new)))
        return -EFAULT;
    ret = do_sigaction(sig, act ? &new : NULL, &old);
    if (ret == 0 && oact && copy_to_user(oact, &old, sizeof(old)))
        return -EFAULT;
    return ret;
}

long do_old_sigaction(int sig, uint32_t act, uint32_t oact)
{
    struct target_old_sigaction oldk;
    struct target_sigaction new = { 0 }, old;
    long ret;

    if (act) {
        if (copy_from_user(&oldk, act, sizeof(oldk)))
            return -EFAULT;
        new.handler = oldk.handler;
        new.flags = oldk.flags;
        new.restorer = oldk.restorer;
        new.mask = oldk.mask;
    }
    ret = do_sigaction(sig, act ? &new : NULL, &old);
    if (ret == 0 && oact) {
        oldk.handler = old.handler;
        oldk.mask = old.mask;
        oldk.flags = old.flags;
        oldk.restorer = old.restorer;
        if (copy_to_user(oact, &oldk, sizeof(oldk)))
            return -EFAULT;
    }
    return ret;
}

/* signal(2): a one-shot handler that does not block its signal */
long do_signal(int sig, uint32_t handler)
{
    struct target_sigaction new = {
        .handler = handler, .flags = SA_RESETHAND | SA_NODEFER,
    }, old;
    long ret = do_sigaction(sig, &new, &old);

    return ret ? ret : (long)old.handler;
}

static long sigprocmask_common(int how, const uint64_t *set, uint64_t *oset)
{
    TaskState *ts = thread_ts;
    uint64_t mask = ts->blocked;

    if (oset)
        *oset = mask;
    if (!set)
        return 0;
    switch (how) {
    case SIG_BLOCK:
        mask |= *set;
        break;
    case SIG_UNBLOCK:
        mask &= ~*set;
        break;
    case SIG_SETMASK:
        mask = *set;
        break;
    default:
        return -EINVAL;
    }
    set_blocked(ts, mask);
    return 0;
}

long do_rt_sigprocmask(int how, uint32_t set, uint32_t oset, uint32_t size)
{
    uint64_t new, old;
    long ret;

    if (size != sizeof(target_sigset_t))
        return -EINVAL;
    if (set && copy_from_user(&new, set, sizeof(new)))
        return -EFAULT;
    ret = sigprocmask_common(how, set ? &new : NULL, &old);
    if (ret == 0 && oset && copy_to_user(oset, &old, sizeof(old)))
        return -EFAULT;
    return ret;
}

long do_old_sigprocmask(int how, uint32_t set, uint32_t oset)
{
    uint32_t new32, old32;
    uint64_t new, old;
    long ret;

    if (set) {
        if (get_user_u32(&new32, set))
            return -EFAULT;
        /* the old call reaches only the first word */
        new = new32;
        if (how == SIG_SETMASK)
            new |= thread_ts->blocked & ~0xffffffffull;
    }
    ret = sigprocmask_common(how, set ? &new : NULL, &old);
    old32 = old;
    if (ret == 0 && oset && put_user_u32(old32, oset))
        return -EFAULT;
    return ret;
}

static long sigaltstack_set(TaskState *ts, const target_stack_t *ss, uint32_t sp)
{
    int mode = ss->ss_flags & ~TARGET_SS_AUTODISARM;

    if (on_sig_stack(ts, sp))
        return -EPERM;
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == SS_DISABLE) {
        ts->sigaltstack = (target_stack_t){ .ss_flags = ss->ss_flags };
        return 0;
    }
    if (ss->ss_size < TARGET_MINSIGSTKSZ)
        return -ENOMEM;
    ts->sigaltstack = *ss;
    return 0;
}

long do_sigaltstack(uint32_t uss, uint32_t uoss, uint32_t sp)
{
    TaskState *ts = thread_ts;
    target_stack_t ss, oss;
    long ret = 0;

    oss.ss_sp = ts->sigaltstack.ss_sp;
    oss.ss_size = ts->sigaltstack.ss_size;
    oss.ss_flags = sas_ss_flags(ts, sp) |
                   (ts->sigaltstack.ss_flags & TARGET_SS_AUTODISARM);
    if (uss) {
        if (copy_from_user(&ss, uss, sizeof(ss)))
            return -EFAULT;
        ret = sigaltstack_set(ts, &ss, sp);
    }
    if (ret == 0 && uoss && copy_to_user(uoss, &oss, sizeof(oss)))
        return -EFAULT;
    return ret;
}

/* sigsuspend, pselect and ppoll run with a temporary mask; it stays until
   the handler's frame has saved the old one (process_pending_signals) */
int sigmask_swap_in(uint32_t mask_addr, uint32_t size)
{
    TaskState *ts = thread_ts;
    uint64_t mask;

    if (!mask_addr)
        return 0;
    if (size != sizeof(target_sigset_t))
        return -EINVAL;
    if (copy_from_user(&mask, mask_addr, sizeof(mask)))
        return -EFAULT;
    ts->saved_blocked = ts->blocked;
    ts->saved_blocked_valid = 1;
    set_blocked(ts, mask);
    return 0;
}

/* after the call: keep the temporary mask only if a signal interrupted it */
void sigmask_swap_out(long ret)
{
    TaskState *ts = thread_ts;

    if (!ts->saved_blocked_valid)
        return;
    if (ret == -EINTR || ret == -TARGET_ERESTARTNOHAND ||
        ret == -TARGET_ERESTARTSYS || ret == -TARGET_ERESTART_RESTARTBLOCK)
        return;
    ts->saved_blocked_valid = 0;
    set_blocked(ts, ts->saved_blocked);
}

static long sigsuspend_common(uint64_t mask)
{
    TaskState *ts = thread_ts;

    ts->saved_blocked = ts->blocked;
    ts->saved_blocked_valid = 1;
    set_blocked(ts, mask);
    while (!ts->signal_pending)
        safe_syscall(SYS_pause);
    return -TARGET_ERESTARTNOHAND;
}

long do_rt_sigsuspend(uint32_t mask_addr, uint32_t size)
{
    uint64_t mask;

    if (size != sizeof(target_sigset_t))
        return -EINVAL;
    if (copy_from_user(&mask, mask_addr, sizeof(mask)))
        return -EFAULT;
    return sigsuspend_common(mask);
}

long do_old_sigsuspend(uint32_t mask)
{
    return sigsuspend_common((thread_ts->blocked & ~0xffffffffull) | mask);
}

long do_pause(void)
{
    while (!thread_ts->signal_pending)
        safe_syscall(SYS_pause);
    return -TARGET_ERESTARTNOHAND;
}

long do_rt_sigpending(uint32_t set, uint32_t size)
{
    uint64_t pending = (thread_ts->pending.set | shared_set()) & thread_ts->blocked;

    if (size > sizeof(target_sigset_t))
        return -EINVAL;
    return copy_to_user(set, &pending, size) ? -EFAULT : 0;
}

long do_old_sigpending(uint32_t set)
{
    uint32_t pending = (thread_ts->pending.set | shared_set()) & thread_ts->blocked;

    return put_user_u32(pending, set) ? -EFAULT : 0;
}

static int64_t monotonic_ns(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000ll + now.tv_nsec;
}

static long take_waited_signal(TaskState *ts, uint64_t set, uint32_t uinfo)
{
    target_siginfo_t info;
    sigset_t old;
    int sig;

    block_host_signals(&old);
    sig = dequeue_signal(ts, set, &info);
    recalc_signal_pending(ts);
    unblock_host_signals(&old);
    if (sig && uinfo && copy_to_user(uinfo, &info, sizeof(info)))
        return -EFAULT;
    return sig;
}

long do_rt_sigtimedwait(uint32_t uset, uint32_t uinfo, uint32_t utimeout,
                        uint32_t size, int time64)
{
    TaskState *ts = thread_ts;
    struct timespec timeout, rem;
    int64_t deadline = 0;
    uint64_t set;
    long ret;

    if (size != sizeof(target_sigset_t))
        return -EINVAL;
    if (copy_from_user(&set, uset, sizeof(set)))
        return -EFAULT;
    set &= ~UNBLOCKABLE;
    if (utimeout) {
        ret = time64 ? target_to_host_timespec64(&timeout, utimeout) :
                       target_to_host_timespec(&timeout, utimeout);
        if (ret)
            return ret;
        if (timeout.tv_sec < 0 || timeout.tv_nsec < 0 ||
            timeout.tv_nsec >= 1000000000)
            return -EINVAL;
        deadline = monotonic_ns() + timeout.tv_sec * 1000000000ll + timeout.tv_nsec;
    }
    for (;;) {
        sigset_t old;
        ret = take_waited_signal(ts, set, uinfo);
        if (ret)
            return ret;
        block_host_signals(&old);
        ts->sigwait_set = set;
        recalc_signal_pending(ts);
        unblock_host_signals(&old);
        if (utimeout) {
            int64_t left = deadline - monotonic_ns();
            if (left < 0)
                left = 0;
            rem.tv_sec = left / 1000000000;
            rem.tv_nsec = left % 1000000000;
        }
        ret = ts->signal_pending ? -EINTR :
              safe_syscall(SYS_ppoll, NULL, 0, utimeout ? &rem : NULL, NULL, 8);
        block_host_signals(&old);
        ts->sigwait_set = 0;
        recalc_signal_pending(ts);
        unblock_host_signals(&old);
        if (ret == -EINTR) {
            ret = take_waited_signal(ts, set, uinfo);
            if (ret)
                return ret;
            if (ts->signal_pending)
                return -EINTR;
        } else if (ret == 0) {
            ret = take_waited_signal(ts, set, uinfo);
            return ret ? ret : -EAGAIN;
        }
    }
}

/* kill and sigqueue aimed at our own process: the host kernel would give
   the signal to any thread, whatever its guest mask, so it is queued for
   the process here.  SIGKILL, SIGSTOP and SIGCONT act on the host process. */
static int send_to_self(pid_t pid, int sig)
{
    return pid == process_pid && thread_ts && thread_ts->listed &&
           !bad_signal(sig) && sig != SIGKILL && sig != SIGSTOP && sig != SIGCONT;
}

static void queue_self(int sig, const target_siginfo_t *info)
{
    TaskState *ts = thread_ts;
    sigset_t old;

    block_host_signals(&old);
    queue_async_signal(ts, sig, info, 1);
    unblock_host_signals(&old);
}

long do_kill(pid_t pid, int sig)
{
    target_siginfo_t info = { .si_signo = sig, .si_code = SI_USER };

    if (sig > 0 && sig <= TARGET_NSIG && (pid == 0 || pid == -getpgrp())) {
        __atomic_add_fetch(&group_kills[sig], 1, __ATOMIC_RELAXED);
        if (syscall(SYS_kill, pid, sig) < 0) {
            group_kill_taken(sig);
            return -errno;
        }
        return 0;
    }
    if (!send_to_self(pid, sig))
        return syscall(SYS_kill, pid, sig) < 0 ? -errno : 0;
    info.u.kill.pid = process_pid;
    info.u.kill.uid = getuid();
    queue_self(sig, &info);
    return 0;
}

long do_rt_sigqueueinfo(pid_t tgid, int sig, uint32_t uinfo, int thread, pid_t tid)
{
    target_siginfo_t tinfo;
    siginfo_t info;

    if (copy_from_user(&tinfo, uinfo, sizeof(tinfo)))
        return -EFAULT;
    if (!thread && send_to_self(tgid, sig)) {
        /* only the kernel and kill may claim a code >= 0, as in
           do_rt_sigqueueinfo of kernel/signal.c */
        if ((tinfo.si_code >= 0 || tinfo.si_code == SI_TKILL) &&
            syscall(SYS_gettid) != tgid)
            return -EPERM;
        tinfo.si_signo = sig;
        queue_self(sig, &tinfo);
        return 0;
    }
    target_to_host_siginfo(&info, &tinfo);
    if (thread)
        return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &info) < 0 ?
               -errno : 0;
    return syscall(SYS_rt_sigqueueinfo, tgid, sig, &info) < 0 ? -errno : 0;
}
