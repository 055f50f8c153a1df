/*
 * linux-user: what the files of the user-mode emulator share.
 *
 * The one thing to know: guest address == host address.  The guest owns
 * [0, task_size) of our own address space, so a checked guest pointer is
 * used as a host pointer directly, and the host kernel can be handed guest
 * buffers whose layout is the same on both sides.  "Checked" means the
 * page descriptors say the guest mapped it (access_ok and friends): never
 * touch guest memory from C without that, since a fault outside
 * translated code is an emulator bug.
 *
 * State is per thread (TaskState, one per guest thread) or per process
 * behind a lock, so that guest threads can be added.
 */
#ifndef QEMU_H
#define QEMU_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include "cpu-i386.h"
#include "exec-all.h"
#include "syscall_defs.h"

#define QEMU_NAME "qemu-i386"

/* AT_MINSIGSTKSZ: room for the largest signal frame signal.c builds */
#define TARGET_SIGFRAME_MAX 464

/* what the ELF loader found and built */
struct image_info {
    uint32_t load_bias;   /* added to the program's p_vaddr (ET_DYN) */
    uint32_t start_code, end_code;
    uint32_t start_data, end_data;
    uint32_t start_brk;   /* page-aligned end of the highest segment */
    uint32_t entry;       /* first guest instruction: the interpreter's, if any */
    uint32_t prog_entry;  /* the program's own entry (AT_ENTRY) */
    uint32_t interp_base; /* AT_BASE, 0 without interpreter */
    uint32_t phdr;        /* AT_PHDR */
    uint32_t phnum;
    uint32_t stack_limit; /* lowest stack address */
    uint32_t stack_top;
    uint32_t sp;          /* initial ESP: &argc */
    uint32_t auxv;        /* guest address of the auxiliary vector */
    uint32_t hwcap;       /* AT_HWCAP, set by the caller */
    int exec_stack;       /* PT_GNU_STACK asked for (or defaulted to) PROT_EXEC */
    char error[256];      /* why loader_exec failed */
};

/* elfload.c */
int loader_exec(const char *filename, const char *execfn, char **argv,
                char **envp, uint32_t stack_size, struct image_info *info);
int is_i386_elf(const char *filename);

/* path.c: the -L prefix */
void init_paths(const char *prefix);
const char *path(const char *name);
extern const char *interp_prefix;

/* mmap.c: the guest half of the address space */
extern uint32_t task_size;    /* the guest maps nothing at or above it */
extern uint32_t mmap_base;    /* non-fixed mappings go below, top-down */
extern uint32_t sys_area;     /* the GDTs, at task_size */
#define SYS_AREA_SIZE (2 * TARGET_PAGE_SIZE) /* 0xffffe000..4 GiB */
void mmap_init(uint32_t stack_size);
long target_mmap(uint32_t start, uint32_t len, int prot, int flags, int fd,
                 uint64_t offset);
long target_munmap(uint32_t start, uint32_t len);
long target_mprotect(uint32_t start, uint32_t len, int prot);
long target_mremap(uint32_t old_addr, uint32_t old_size, uint32_t new_size,
                   int flags, uint32_t new_addr);
long target_brk(uint32_t brk);
void target_set_brk(uint32_t brk);
int guest_range_free(uint32_t start, uint32_t len);
void target_brk_range(uint32_t *start, uint32_t *end);
void mmap_fork_start(void);
void mmap_fork_end(int child);

/* uaccess.c: checked access to guest memory */
#define VERIFY_READ  PAGE_READ
#define VERIFY_WRITE PAGE_WRITE
#define g2h(addr) ((void *)(uintptr_t)(uint32_t)(addr))
#define h2g(ptr) ((uint32_t)(uintptr_t)(ptr))
int access_ok(int type, uint32_t addr, uint32_t len);
uint32_t access_extent(int type, uint32_t addr, uint32_t len);
int copy_from_user(void *dst, uint32_t src, size_t len);
int copy_to_user(uint32_t dst, const void *src, size_t len);
int get_user_u32(uint32_t *val, uint32_t addr);
int put_user_u32(uint32_t val, uint32_t addr);
long guest_strlen(uint32_t addr);
const char *lock_user_string(uint32_t addr);

/* one pending guest signal */
struct sigqueue {
    struct sigqueue *next;
    target_siginfo_t info;
};

#define SIGQUEUE_RT_MAX 128 /* RT signals queued per thread */

/* signals waiting for delivery: a thread's own, or the process's */
struct sigpending {
    uint64_t set;                 /* one bit per queued signal */
    target_siginfo_t std_info[32];/* the one slot of each standard signal */
    struct sigqueue *rt_queue;    /* RT signals, in arrival order */
    struct sigqueue *rt_free;
    struct sigqueue rt_pool[SIGQUEUE_RT_MAX];
};

/* the per-thread state of the OS layer (env->opaque) */
typedef struct TaskState {
    CPUX86State *env;
    pid_t tid;

    /* signals: the guest's mask is emulated here, never the host's */
    volatile int signal_pending;  /* read by safe_syscall: see signal.c */
    target_sigset_t blocked;
    target_sigset_t saved_blocked; /* mask to restore after sigsuspend & co */
    int saved_blocked_valid;
    target_sigset_t sigwait_set;  /* rt_sigtimedwait: these wake us too */
    struct sigpending pending;    /* sent to this thread (tkill, faults) */
    int listed;                   /* on the list of the process's threads */
    struct TaskState *next_task;
    target_stack_t sigaltstack;
    struct target_sigaction *sigact; /* shared with threads of the process */

    /* the current int $0x80, for restarting it */
    int in_syscall;
    uint32_t orig_eax;

    /* what the kernel keeps in thread_struct for sigcontext */
    uint32_t trap_nr, error_code, cr2;

    uint32_t child_tidptr;        /* set_tid_address */
    uint32_t robust_list, robust_list_len;
} TaskState;

/* the thread's own TaskState (host signal handlers use it) */
extern __thread TaskState *thread_ts;

void task_init(TaskState *ts, CPUX86State *env);
void signal_task_init(TaskState *ts);

/* main.c */
extern const char *exec_path;      /* realpath of the guest program */
extern char **qemu_exec_argv;      /* re-runs the emulator on execve */
extern int qemu_exec_argc;
extern int do_strace;
void cpu_loop(CPUX86State *env);
void exit_flush(void);
void __attribute__((noreturn)) exit_emulator(int status);
void write_gdt_entry(CPUX86State *env, int index, uint32_t low, uint32_t high);
void read_gdt_entry(CPUX86State *env, int index, uint32_t *low, uint32_t *high);
void write_ldt_entry(CPUX86State *env, int index, uint32_t low, uint32_t high);
int read_descriptor(CPUX86State *env, uint32_t selector, uint32_t *low,
                    uint32_t *high);
uint32_t gdt_alloc(uint32_t from);
void gdt_free(uint32_t base);
void gdt_fork_start(void);
void gdt_fork_end(int child);

/* signal.c */
void signal_init(void);
void process_pending_signals(CPUX86State *env);
void queue_trap_signal(CPUX86State *env, int sig, int code, uint32_t addr);
void host_to_target_siginfo(target_siginfo_t *tinfo, const siginfo_t *info);
void signal_fork_start(void);
void signal_fork_end(TaskState *ts, int child);
void signal_thread_start(void);
void signal_thread_exit(void);
void signal_thread_leave(TaskState *ts);
long do_kill(pid_t pid, int sig);
void timer_created(int id, int to_thread);
void timer_deleted(int id);
int timer_overrun(int id);
void signal_stat(uint64_t sigs[4]);
void signal_prepare_exec(const TaskState *ts);
void signal_exec_failed(const TaskState *ts);
void __attribute__((noreturn)) dump_core_and_abort(int sig);
long do_rt_sigaction(int sig, uint32_t act, uint32_t oact, uint32_t size);
long do_old_sigaction(int sig, uint32_t act, uint32_t oact);
long do_signal(int sig, uint32_t handler);
long do_rt_sigprocmask(int how, uint32_t set, uint32_t oset, uint32_t size);
long do_old_sigprocmask(int how, uint32_t set, uint32_t oset);
long do_sigreturn(CPUX86State *env);
long do_rt_sigreturn(CPUX86State *env);
long do_sigaltstack(uint32_t uss, uint32_t uoss, uint32_t sp);
long do_rt_sigsuspend(uint32_t mask, uint32_t size);
long do_old_sigsuspend(uint32_t mask);
long do_rt_sigpending(uint32_t set, uint32_t size);
long do_old_sigpending(uint32_t set);
long do_rt_sigtimedwait(uint32_t set, uint32_t info, uint32_t timeout,
                        uint32_t size, int time64);
long do_rt_sigqueueinfo(pid_t tgid, int sig, uint32_t info, int thread, pid_t tid);
long do_pause(void);
int sigmask_swap_in(uint32_t mask, uint32_t size);
void sigmask_swap_out(long ret);

/* safe-syscall.c: a blocking host syscall that a guest signal interrupts
   without a race; returns -errno.  NOTE: arguments are widened to long:
   pass guest ints that may be negative as int, not uint32_t. */
long safe_syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                   long a6);
#define SAFE_SYSCALL7(nr, a1, a2, a3, a4, a5, a6, ...) \
    safe_syscall6(nr, (long)(a1), (long)(a2), (long)(a3), (long)(a4), \
                  (long)(a5), (long)(a6))
#define safe_syscall(...) SAFE_SYSCALL7(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
int in_safe_syscall_window(uintptr_t host_pc, uintptr_t *resume_pc);
void host_restore_rt(void);

/* syscall.c */
long do_syscall(CPUX86State *env, int num, uint32_t arg1, uint32_t arg2,
                uint32_t arg3, uint32_t arg4, uint32_t arg5, uint32_t arg6);
int target_to_host_timespec(struct timespec *ts, uint32_t addr);
int target_to_host_timespec64(struct timespec *ts, uint32_t addr);
int target_to_host_timeval(struct timeval *tv, uint32_t addr);
long get_iovec(struct iovec **vec, uint32_t addr, uint32_t count, int type);

long do_set_thread_area(CPUX86State *env, uint32_t ptr);

/* thread.c */
long do_thread_clone(CPUX86State *env, uint32_t flags, uint32_t newsp,
                     uint32_t ptid, uint32_t tls, uint32_t ctid);
void do_exit_thread(CPUX86State *env, int code);
void thread_fork_child(void);

/* procfs.c: /proc/self/{cmdline,maps,stat,auxv} of the guest */
void proc_init(const struct image_info *info);
int proc_open(const char *path, int flags);

/* socket.c */
long do_socketcall(int call, uint32_t args);
long do_socket_syscall(int call, const uint32_t *a);

/* strace.c */
void print_syscall(int num, const uint32_t args[6]);
void print_syscall_ret(int num, long ret);
void print_unimplemented_once(int num, const uint32_t args[6]);

#endif
