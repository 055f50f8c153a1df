/*
 * qemu-i386: runs an i386 Linux program on this x86_64 host.
 *
 * main() reads the options, loads the program (elfload.c), gives the CPU
 * the state Linux gives a new 32-bit task (flat user segments in a GDT
 * that lives in guest memory, CPL 3) and enters cpu_loop(), which runs
 * translated code until it needs the OS: int $0x80 goes to do_syscall(),
 * a CPU exception becomes the signal the kernel would send, and pending
 * signals are delivered after each stop.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "qemu.h"

#define DEFAULT_STACK_SIZE (8u << 20)
#define MIN_STACK_SIZE     (128u << 10)
#define MAX_STACK_SIZE     (1u << 30)

const char *exec_path;
char **qemu_exec_argv;
int qemu_exec_argc;
int do_strace;

static int stats_at_exit;

static void usage(void)
{
    printf("usage: " QEMU_NAME " [options] program [arguments...]\n"
           "Runs an i386 Linux program.\n\n"
           "Options:\n"
           "  -h           print this help\n"
           "  -L path      ELF interpreter and library prefix (QEMU_LD_PREFIX)\n"
           "  -s size      stack size in bytes, k/M suffix (default: the stack\n"
           "               limit, 8M if unlimited)\n"
           "  -d item,...  log items to " "the log file (-d help lists them)\n"
           "  -D file      log file (default: stderr)\n"
           "  -strace      print each system call (QEMU_STRACE=1)\n"
           "  -E var=value set a variable in the program's environment\n"
           "  -U var       remove a variable from the program's environment\n"
           "  -0 argv0     the program's argv[0] (default: program)\n"
           "  --           end of options\n\n"
           "QEMU_STATS=1 or -d stats prints translation statistics at exit;\n"
           "QEMU_NOCHAIN=1 (or -d nochain) turns block chaining off.\n");
}

static void __attribute__((noreturn)) usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, QEMU_NAME ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try '" QEMU_NAME " -h')\n");
    exit(1);
}

/* the guest's environment: ours, changed by -E and -U in order */
struct env_list {
    char **v;
    int n;
};

static void env_unset(struct env_list *e, const char *name, size_t len)
{
    int i, j;

    for (i = j = 0; i < e->n; i++) {
        if (!(strncmp(e->v[i], name, len) == 0 && e->v[i][len] == '='))
            e->v[j++] = e->v[i];
    }
    e->n = j;
    e->v[j] = NULL;
}

static void env_set(struct env_list *e, char *assignment)
{
    char *eq = strchr(assignment, '=');

    if (!eq || eq == assignment)
        usage_error("-E needs var=value, not '%s'", assignment);
    env_unset(e, assignment, eq - assignment);
    e->v = realloc(e->v, (e->n + 2) * sizeof(*e->v));
    e->v[e->n++] = assignment;
    e->v[e->n] = NULL;
}

static void env_init(struct env_list *e)
{
    extern char **environ;
    int n = 0;

    while (environ[n])
        n++;
    e->v = malloc((n + 1) * sizeof(*e->v));
    memcpy(e->v, environ, (n + 1) * sizeof(*e->v));
    e->n = n;
}

static uint32_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);

    switch (*end) {
    case 'k': case 'K':
        v <<= 10, end++;
        break;
    case 'm': case 'M':
        v <<= 20, end++;
        break;
    }
    if (*end || end == s || v < MIN_STACK_SIZE || v > MAX_STACK_SIZE)
        usage_error("bad stack size '%s' (128k to 1G)", s);
    return v;
}

static uint32_t default_stack_size(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
        rl.rlim_cur > 256u << 20)
        return DEFAULT_STACK_SIZE;
    return rl.rlim_cur < MIN_STACK_SIZE ? MIN_STACK_SIZE : rl.rlim_cur;
}

/* the options an exec'd i386 program gets too */
static void exec_option(const char *opt, const char *arg)
{
    qemu_exec_argv = realloc(qemu_exec_argv,
                             (qemu_exec_argc + 3) * sizeof(*qemu_exec_argv));
    qemu_exec_argv[qemu_exec_argc++] = (char *)opt;
    if (arg)
        qemu_exec_argv[qemu_exec_argc++] = (char *)arg;
    qemu_exec_argv[qemu_exec_argc] = NULL;
}

struct options {
    const char *prefix, *log_items, *log_file, *argv0, *stack_arg;
    uint32_t stack_size;
    struct env_list env;
};

static const char *option_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        usage_error("option '%s' needs an argument", argv[*i]);
    return argv[++*i];
}

/* returns the index of the program */
static int parse_options(int argc, char **argv, struct options *o)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        } else if (strcmp(opt, "-h") == 0 || strcmp(opt, "-help") == 0 ||
                   strcmp(opt, "--help") == 0) {
            usage();
            exit(0);
        } else if (strcmp(opt, "-L") == 0) {
            o->prefix = option_arg(argc, argv, &i);
        } else if (strcmp(opt, "-s") == 0) {
            o->stack_arg = option_arg(argc, argv, &i);
            o->stack_size = parse_size(o->stack_arg);
        } else if (strcmp(opt, "-d") == 0) {
            o->log_items = option_arg(argc, argv, &i);
        } else if (strcmp(opt, "-D") == 0) {
            o->log_file = option_arg(argc, argv, &i);
        } else if (strcmp(opt, "-strace") == 0) {
            do_strace = 1;
        } else if (strcmp(opt, "-E") == 0) {
            env_set(&o->env, (char *)option_arg(argc, argv, &i));
        } else if (strcmp(opt, "-U") == 0) {
            const char *name = option_arg(argc, argv, &i);
            env_unset(&o->env, name, strlen(name));
        } else if (strcmp(opt, "-0") == 0) {
            o->argv0 = option_arg(argc, argv, &i);
        } else {
            usage_error("unknown option '%s'", opt);
        }
    }
    if (i >= argc)
        usage_error("%s", "no program given");
    return i;
}

static void setup_logging(const struct options *o)
{
    int mask;

    if (o->log_file)
        cpu_set_log_filename(o->log_file);
    if (!o->log_items)
        return;
    if (strcmp(o->log_items, "help") == 0) {
        cpu_print_log_items(stdout);
        exit(0);
    }
    mask = cpu_str_to_log_mask(o->log_items);
    if (!mask) {
        fprintf(stderr, QEMU_NAME ": unknown log item in '-d %s'\n", o->log_items);
        cpu_print_log_items(stderr);
        exit(1);
    }
    cpu_set_log(mask);
}

static void setup_exec_options(const struct options *o, const char *argv0)
{
    exec_option(argv0, NULL);
    if (interp_prefix[0])
        exec_option("-L", interp_prefix);
    if (o->stack_arg)
        exec_option("-s", o->stack_arg);
    if (o->log_items)
        exec_option("-d", o->log_items);
    if (o->log_file)
        exec_option("-D", o->log_file);
    if (do_strace)
        exec_option("-strace", NULL);
}

/* GDT and LDT: in guest memory, read-only to the guest as the kernel's are.
   Descriptors are written with the accessed bit set, so the CPU never has
   to write them. */

/* several threads' GDTs share a page: one writer at a time keeps one
   thread's mprotect from closing the page under another's write */
static pthread_mutex_t gdt_lock = PTHREAD_MUTEX_INITIALIZER;

/* fork: no other thread is inside a GDT write, the child's lock is free */
void gdt_fork_start(void)
{
    pthread_mutex_lock(&gdt_lock);
}

void gdt_fork_end(int child)
{
    if (child)
        pthread_mutex_init(&gdt_lock, NULL);
    else
        pthread_mutex_unlock(&gdt_lock);
}

static void write_descriptors(uint32_t addr, const void *desc, size_t size)
{
    void *page = g2h(addr & TARGET_PAGE_MASK);

    pthread_mutex_lock(&gdt_lock);
    mprotect(page, TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE);
    memcpy(g2h(addr), desc, size);
    mprotect(page, TARGET_PAGE_SIZE, PROT_READ);
    pthread_mutex_unlock(&gdt_lock);
}

static void write_descriptor(uint32_t addr, uint32_t low, uint32_t high)
{
    uint32_t desc[2] = { low, high };

    write_descriptors(addr, desc, sizeof(desc));
}

/* Each thread has a GDT of its own, because the kernel keeps the TLS
   entries per thread (set_thread_area in one thread leaves the others'
   %gs alone).  The first thread's is at sys_area; the others take slots
   in the rest of the sys area, then in read-only guest pages mapped for
   them.  Freed slots are reused. */
#define GDT_SIZE (TARGET_GDT_ENTRIES * 8)

static uint32_t *gdt_free_slots;
static int nb_gdt_free, gdt_free_max, gdt_sys_slots_given;

static int gdt_push_free(uint32_t base)
{
    if (nb_gdt_free == gdt_free_max) {
        int max = gdt_free_max ? gdt_free_max * 2 : 64;
        uint32_t *v = realloc(gdt_free_slots, max * sizeof(*v));
        if (!v)
            return -1;
        gdt_free_slots = v;
        gdt_free_max = max;
    }
    gdt_free_slots[nb_gdt_free++] = base;
    return 0;
}

/* a copy of the GDT at `from` for a new thread; 0 when out of memory */
uint32_t gdt_alloc(uint32_t from)
{
    uint32_t base = 0;
    long page;
    int i;

    pthread_mutex_lock(&gdt_lock);
    if (!gdt_sys_slots_given) {
        gdt_sys_slots_given = 1;
        for (i = SYS_AREA_SIZE / GDT_SIZE - 1; i > 0; i--)
            gdt_push_free(sys_area + i * GDT_SIZE);
    }
    if (!nb_gdt_free) {
        page = target_mmap(0, TARGET_PAGE_SIZE, PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (i = TARGET_PAGE_SIZE / GDT_SIZE - 1; page >= 0 && i >= 0; i--)
            gdt_push_free(page + i * GDT_SIZE);
    }
    if (nb_gdt_free)
        base = gdt_free_slots[--nb_gdt_free];
    pthread_mutex_unlock(&gdt_lock);
    if (base)
        write_descriptors(base, g2h(from), GDT_SIZE);
    return base;
}

void gdt_free(uint32_t base)
{
    pthread_mutex_lock(&gdt_lock);
    gdt_push_free(base);
    pthread_mutex_unlock(&gdt_lock);
}

void write_gdt_entry(CPUX86State *env, int index, uint32_t low, uint32_t high)
{
    write_descriptor(env->gdt.base + index * 8, low, high);
}

void write_ldt_entry(CPUX86State *env, int index, uint32_t low, uint32_t high)
{
    write_descriptor(env->ldt.base + index * 8, low, high);
}

void read_gdt_entry(CPUX86State *env, int index, uint32_t *low, uint32_t *high)
{
    uint32_t desc[2];

    memcpy(desc, g2h(env->gdt.base + index * 8), sizeof(desc));
    *low = desc[0];
    *high = desc[1];
}

/* the descriptor a selector names; -1 past the end of its table */
int read_descriptor(CPUX86State *env, uint32_t selector, uint32_t *low,
                    uint32_t *high)
{
    const SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
    uint32_t index = selector & ~7u, desc[2];

    if (!dt->base || index + 7 > dt->limit)
        return -1;
    memcpy(desc, g2h(dt->base + index), sizeof(desc));
    *low = desc[0];
    *high = desc[1];
    return 0;
}

/* a flat 4 GiB DPL-3 segment, accessed bit set so the CPU never writes it */
static void write_flat_segment(CPUX86State *env, int index, uint32_t type)
{
    write_gdt_entry(env, index, 0x0000ffff,
                    DESC_G_MASK | DESC_B_MASK | (0xf << 16) | DESC_P_MASK |
                    (3 << DESC_DPL_SHIFT) | DESC_S_MASK | DESC_A_MASK | type);
}

/* the CPU as Linux starts an i386 task: every register 0 but ESP, EIP */
static void cpu_setup_user(CPUX86State *env, const struct image_info *info)
{
    env->user_mode_only = 1;
    env->cr[0] = CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK;
    env->hflags |= HF_PE_MASK | (3 << HF_CPL_SHIFT);
    cpu_load_eflags(env, IF_MASK | 2, ~0u);
    env->eflags = IF_MASK | 2;
    env->gdt.base = sys_area;
    env->gdt.limit = TARGET_GDT_ENTRIES * 8 - 1;
    write_flat_segment(env, TARGET_USER_CS >> 3, DESC_CS_MASK | DESC_R_MASK);
    write_flat_segment(env, TARGET_USER_DS >> 3, DESC_W_MASK);
    cpu_x86_load_seg(env, R_CS, TARGET_USER_CS);
    cpu_x86_load_seg(env, R_SS, TARGET_USER_DS);
    cpu_x86_load_seg(env, R_DS, TARGET_USER_DS);
    cpu_x86_load_seg(env, R_ES, TARGET_USER_DS);
    cpu_x86_load_seg(env, R_FS, 0);
    cpu_x86_load_seg(env, R_GS, 0);
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_ESP] = info->sp;
    env->eip = info->entry;
}

void task_init(TaskState *ts, CPUX86State *env)
{
    memset(ts, 0, sizeof(*ts));
    ts->env = env;
    env->opaque = ts;
    ts->tid = syscall(SYS_gettid);
    signal_task_init(ts);
}

/* CPU exceptions: the signal and siginfo Linux's traps.c gives */
enum { ADDR_NONE, ADDR_EIP, ADDR_CR2 };

static const struct {
    int trapnr, sig, code, addr;
} trap_signals[] = {
    { EXCP00_DIVZ, SIGFPE, FPE_INTDIV, ADDR_EIP },
    { EXCP01_SSTP, SIGTRAP, TRAP_TRACE, ADDR_EIP },
    { EXCP03_INT3, SIGTRAP, SI_KERNEL, ADDR_NONE },
    { EXCP04_INTO, SIGSEGV, SI_KERNEL, ADDR_NONE },
    { EXCP05_BOUND, SIGSEGV, SI_KERNEL, ADDR_NONE },
    { EXCP06_ILLOP, SIGILL, ILL_ILLOPN, ADDR_EIP },
    { EXCP0B_NOSEG, SIGBUS, SI_KERNEL, ADDR_NONE },
    { EXCP0C_STACK, SIGBUS, SI_KERNEL, ADDR_NONE },
    { EXCP0D_GPF, SIGSEGV, SI_KERNEL, ADDR_NONE },
    { EXCP0E_PAGE, SIGSEGV, SEGV_MAPERR, ADDR_CR2 },
    { EXCP10_COPR, SIGFPE, 0, ADDR_EIP },
    { EXCP11_ALGN, SIGBUS, BUS_ADRALN, ADDR_NONE },
};

/* math_error(): the first unmasked x87 exception decides */
static int fpu_si_code(CPUX86State *env)
{
    int err = env->fpus & ~env->fpuc & 0x3f;

    if (err & 0x01)
        return FPE_FLTINV;
    if (err & 0x04)
        return FPE_FLTDIV;
    if (err & 0x08)
        return FPE_FLTOVF;
    if (err & 0x12)
        return FPE_FLTUND;
    if (err & 0x20)
        return FPE_FLTRES;
    return 0;
}

static void trap_to_signal(CPUX86State *env, int trapnr)
{
    TaskState *ts = env->opaque;
    size_t i;

    for (i = 0; i < sizeof(trap_signals) / sizeof(trap_signals[0]); i++) {
        int code = trap_signals[i].code;
        uint32_t addr = 0;
        if (trap_signals[i].trapnr != trapnr)
            continue;
        ts->trap_nr = trapnr;
        ts->error_code = 0;
        if (trapnr == EXCP0D_GPF || trapnr == EXCP0B_NOSEG ||
            trapnr == EXCP0C_STACK || trapnr == EXCP0E_PAGE)
            ts->error_code = env->error_code;
        if (trap_signals[i].addr == ADDR_EIP)
            addr = env->eip;
        if (trap_signals[i].addr == ADDR_CR2) {
            addr = ts->cr2 = env->cr[2];
            if (env->error_code & PG_PRESENT_MASK)
                code = SEGV_ACCERR;
        }
        if (trapnr == EXCP10_COPR && !(code = fpu_si_code(env)))
            return; /* a spurious math error sends nothing */
        if (loglevel & CPU_LOG_INT)
            cpu_x86_dump_state(env, logfile, X86_DUMP_CCOP);
        queue_trap_signal(env, trap_signals[i].sig, code, addr);
        return;
    }
    fprintf(stderr, QEMU_NAME ": internal error: unexpected CPU exception 0x%x\n",
            trapnr);
    cpu_x86_dump_state(env, stderr, X86_DUMP_FPU | X86_DUMP_CCOP);
    dump_core_and_abort(SIGABRT);
}

void cpu_loop(CPUX86State *env)
{
    TaskState *ts = env->opaque;

    for (;;) {
        int trapnr = cpu_x86_exec(env);
        if (trapnr == 0x80) {
            long ret;
            ts->orig_eax = env->regs[R_EAX];
            ts->in_syscall = 1;
            ret = do_syscall(env, env->regs[R_EAX], env->regs[R_EBX],
                             env->regs[R_ECX], env->regs[R_EDX],
                             env->regs[R_ESI], env->regs[R_EDI],
                             env->regs[R_EBP]);
            if (ret != -QEMU_ESIGRETURN)
                env->regs[R_EAX] = ret;
        } else if (trapnr != EXCP_INTERRUPT) {
            trap_to_signal(env, trapnr);
        }
        process_pending_signals(env);
    }
}

/* what must be out before the process ends (or execs) */
void exit_flush(void)
{
    if (stats_at_exit)
        dump_exec_info(loglevel & CPU_LOG_STATS ? logfile : stderr);
    trace_close();
    fflush(NULL);
}

void exit_emulator(int status)
{
    exit_flush();
    _exit(status);
}

static void log_layout(const struct image_info *info)
{
    fprintf(logfile, "task_size   0x%08x\n", task_size);
    fprintf(logfile, "mmap_base   0x%08x\n", mmap_base);
    fprintf(logfile, "start_brk   0x%08x\n", info->start_brk);
    fprintf(logfile, "start_code  0x%08x\n", info->start_code);
    fprintf(logfile, "end_code    0x%08x\n", info->end_code);
    fprintf(logfile, "start_data  0x%08x\n", info->start_data);
    fprintf(logfile, "end_data    0x%08x\n", info->end_data);
    fprintf(logfile, "interp_base 0x%08x\n", info->interp_base);
    fprintf(logfile, "entry       0x%08x\n", info->entry);
    fprintf(logfile, "stack       0x%08x-0x%08x\n", info->stack_limit,
            info->stack_top);
    fprintf(logfile, "esp         0x%08x\n", info->sp);
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct image_info info;
    char **guest_argv, real[PATH_MAX];
    const char *filename, *env_value;
    CPUX86State *env;
    TaskState *ts;
    int prog;

    env_init(&o.env);
    o.prefix = getenv("QEMU_LD_PREFIX");
    env_value = getenv("QEMU_STRACE");
    do_strace = env_value && *env_value && strcmp(env_value, "0") != 0;
    env_value = getenv("QEMU_STATS");
    stats_at_exit = env_value && strcmp(env_value, "1") == 0;
    prog = parse_options(argc, argv, &o);
    filename = argv[prog];
    guest_argv = &argv[prog];
    if (o.argv0)
        guest_argv[0] = (char *)o.argv0;
    if (!o.stack_size)
        o.stack_size = default_stack_size();
    setup_logging(&o);
    stats_at_exit |= (loglevel & CPU_LOG_STATS) != 0;
    env_value = getenv("QEMU_NOCHAIN");
    if (env_value && strcmp(env_value, "1") == 0)
        cpu_set_log(loglevel | CPU_LOG_NOCHAIN);
    init_paths(o.prefix ? o.prefix : "");
    setup_exec_options(&o, argv[0]);
    exec_path = realpath(filename, real) ? strdup(real) : filename;

    cpu_exec_init();
    mmap_init(o.stack_size);
    env = cpu_x86_init();
    ts = calloc(1, sizeof(*ts));
    if (!env || !ts) {
        fprintf(stderr, QEMU_NAME ": out of memory\n");
        return 1;
    }
    task_init(ts, env);
    thread_ts = ts;
    signal_init();

    memset(&info, 0, sizeof(info));
    info.hwcap = env->cpuid_features;
    if (loader_exec(filename, filename, guest_argv, o.env.v, o.stack_size,
                    &info) < 0) {
        fprintf(stderr, QEMU_NAME ": %s\n", info.error);
        return 1;
    }
    target_set_brk(info.start_brk);
    proc_init(&info);
    cpu_setup_user(env, &info);
    if (loglevel & (CPU_LOG_TB_IN_ASM | CPU_LOG_INT))
        log_layout(&info);
    cpu_loop(env);
    return 0;
}
