/*
 * Guest threads: clone with CLONE_THREAD, the end of a thread, and the
 * robust futex list the kernel walks when a thread dies.
 *
 * The one thing to know: each guest thread is a host thread made with
 * pthread_create, not a raw clone.  The emulator's own thread-local state
 * (the current CPU, thread_ts, tb_lock's owner flag) and glibc's (errno,
 * malloc's arenas) need a real thread control block, which only
 * pthread_create sets up; a raw clone would share the parent's.  So the
 * kernel's clone work that touches guest memory (the tid stores of
 * CLONE_PARENT_SETTID and CLONE_CHILD_SETTID, and CLONE_CHILD_CLEARTID's
 * store and wake at exit) is done here, at the same points.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "qemu.h"

/* the host side of a guest thread: the emulator's stack, never the guest's */
#define THREAD_STACK_SIZE (4 * 1024 * 1024)

#define ROBUST_LIST_LIMIT 2048 /* the kernel's bound on a list's length */

static int nb_threads = 1;  /* guest threads alive */
static int leader_exit_code; /* the first thread's, once it has left */

/* where a thread other than the first goes to end (thread_start) */
static __thread jmp_buf *thread_exit_jmp;

struct thread_args {
    CPUX86State *env;
    uint32_t flags, ptid, ctid;
    pid_t tid;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

static void *thread_start(void *opaque)
{
    struct thread_args *ta = opaque;
    CPUX86State *env = ta->env;
    TaskState *ts = env->opaque;
    jmp_buf exit_jmp;

    thread_ts = ts;
    ts->tid = syscall(SYS_gettid);
    if (ta->flags & CLONE_PARENT_SETTID)
        put_user_u32(ts->tid, ta->ptid);
    if (ta->flags & CLONE_CHILD_SETTID)
        put_user_u32(ts->tid, ta->ctid);
    if (ta->flags & CLONE_CHILD_CLEARTID)
        ts->child_tidptr = ta->ctid;
    pthread_mutex_lock(&ta->lock);
    ta->tid = ts->tid;
    pthread_cond_signal(&ta->cond);
    pthread_mutex_unlock(&ta->lock);
    /* ta is gone once the parent has seen the tid */
    if (setjmp(exit_jmp) == 0) {
        thread_exit_jmp = &exit_jmp;
        signal_thread_start();
        cpu_loop(env);
    }
    return NULL;
}

/* the CPU and OS state of the new thread: the parent's registers with
   EAX = 0, its own GDT (then its TLS entry), its own signal mask and
   queue; signal actions shared (CLONE_SIGHAND) */
static CPUX86State *thread_env(CPUX86State *env, uint32_t flags, uint32_t newsp,
                               uint32_t tls)
{
    TaskState *parent = env->opaque;
    CPUX86State *new_env = cpu_x86_init();
    TaskState *ts = calloc(1, sizeof(*ts));
    uint32_t gdt = gdt_alloc(env->gdt.base);

    if (!new_env || !ts || !gdt) {
        free(new_env);
        free(ts);
        if (gdt)
            gdt_free(gdt);
        return NULL;
    }
    memcpy(new_env, env, sizeof(*new_env));
    new_env->current_tb = NULL;
    new_env->interrupt_request = 0;
    new_env->gdt.base = gdt;
    task_init(ts, new_env);
    ts->sigact = parent->sigact;
    ts->blocked = parent->blocked;
    new_env->regs[R_EAX] = 0;
    if (newsp)
        new_env->regs[R_ESP] = newsp;
    if ((flags & CLONE_SETTLS) && do_set_thread_area(new_env, tls) < 0) {
        gdt_free(gdt);
        free(ts);
        free(new_env);
        return NULL;
    }
    return new_env;
}

static void thread_env_free(CPUX86State *env)
{
    gdt_free(env->gdt.base);
    free(env->opaque);
    cpu_x86_close(env);
}

/* clone(CLONE_VM | CLONE_THREAD | ...): returns the new thread's tid.
   CLONE_FS, CLONE_FILES and CLONE_SYSVSEM are what host threads share
   anyway; the kernel insists on CLONE_SIGHAND and CLONE_VM with
   CLONE_THREAD, and so do we. */
long do_thread_clone(CPUX86State *env, uint32_t flags, uint32_t newsp,
                     uint32_t ptid, uint32_t tls, uint32_t ctid)
{
    struct thread_args ta = { .flags = flags, .ptid = ptid, .ctid = ctid };
    pthread_attr_t attr;
    pthread_t thread;
    sigset_t all, old;
    int err;

    if (!(flags & CLONE_SIGHAND) || !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & CLONE_PARENT_SETTID) && !access_ok(VERIFY_WRITE, ptid, 4))
        return -EFAULT;
    if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) &&
        !access_ok(VERIFY_WRITE, ctid, 4))
        return -EFAULT;
    ta.env = thread_env(env, flags, newsp, tls);
    if (!ta.env)
        return (flags & CLONE_SETTLS) ? -EINVAL : -EAGAIN;
    ta.tid = 0;
    pthread_mutex_init(&ta.lock, NULL);
    pthread_cond_init(&ta.cond, NULL);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
    __atomic_add_fetch(&nb_threads, 1, __ATOMIC_SEQ_CST);
    /* the thread starts deaf: its host handler needs thread_ts first */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_mutex_lock(&ta.lock);
    err = pthread_create(&thread, &attr, thread_start, &ta);
    if (err == 0) {
        while (ta.tid == 0)
            pthread_cond_wait(&ta.cond, &ta.lock);
    }
    pthread_mutex_unlock(&ta.lock);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    pthread_cond_destroy(&ta.cond);
    pthread_mutex_destroy(&ta.lock);
    if (err) {
        __atomic_sub_fetch(&nb_threads, 1, __ATOMIC_SEQ_CST);
        thread_env_free(ta.env);
        return -EAGAIN;
    }
    return ta.tid;
}

/* the child of a fork is the only thread of its process */
void thread_fork_child(void)
{
    nb_threads = 1;
}

/* robust futexes: what the kernel's exit_robust_list does for a 32-bit
   task.  The host kernel cannot do it for us (it reads a list of 64-bit
   pointers), so set_robust_list only records the head and the walk
   happens here when the thread ends. */

#define ROBUST_HEAD_NEXT 0
#define ROBUST_HEAD_OFFSET 4
#define ROBUST_HEAD_PENDING 8

static void futex_wake_one(uint32_t uaddr)
{
    syscall(SYS_futex, g2h(uaddr), FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* the owner died: mark the futex so, wake a waiter */
static void futex_owner_died(uint32_t uaddr, pid_t tid, int pi, int pending)
{
    uint32_t *word = g2h(uaddr), uval, mval;

    if ((uaddr & 3) || !access_ok(VERIFY_WRITE, uaddr, 4))
        return;
    uval = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    do {
        if (pending && !pi && uval == 0) {
            futex_wake_one(uaddr);
            return;
        }
        if ((uval & FUTEX_TID_MASK) != (uint32_t)tid)
            return;
        mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    } while (!__atomic_compare_exchange_n(word, &uval, mval, 0, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    if (!pi && (uval & FUTEX_WAITERS))
        futex_wake_one(uaddr);
}

static void exit_robust_list(TaskState *ts)
{
    uint32_t head = ts->robust_list, entry, next, pending;
    int32_t offset;
    int limit = ROBUST_LIST_LIMIT;

    if (!head || get_user_u32(&entry, head + ROBUST_HEAD_NEXT) ||
        get_user_u32((uint32_t *)&offset, head + ROBUST_HEAD_OFFSET) ||
        get_user_u32(&pending, head + ROBUST_HEAD_PENDING))
        return;
    while ((entry & ~1u) != head && limit-- > 0) {
        if (get_user_u32(&next, entry & ~1u))
            break;
        if ((entry & ~1u) != (pending & ~1u))
            futex_owner_died((entry & ~1u) + offset, ts->tid, entry & 1, 0);
        entry = next;
    }
    if (pending & ~1u)
        futex_owner_died((pending & ~1u) + offset, ts->tid, pending & 1, 1);
}

/* exit(2): the calling thread ends; the process ends with its last
   thread, with the first thread's status as the kernel reports it */
void do_exit_thread(CPUX86State *env, int code)
{
    TaskState *ts = env->opaque;
    sigset_t all;

    exit_robust_list(ts);
    if (ts->child_tidptr && put_user_u32(0, ts->child_tidptr) == 0)
        futex_wake_one(ts->child_tidptr);
    if (!thread_exit_jmp)
        leader_exit_code = code;
    if (__atomic_sub_fetch(&nb_threads, 1, __ATOMIC_SEQ_CST) == 0)
        exit_emulator(leader_exit_code);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    signal_thread_leave(ts);
    thread_ts = NULL;
    cpu_exec_unregister();
    if (!thread_exit_jmp)
        pthread_exit(NULL); /* the first thread's env and stack stay */
    signal_thread_exit();
    thread_env_free(env);
    longjmp(*thread_exit_jmp, 1);
}
