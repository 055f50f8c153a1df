/*
 * cpu_x86_exec: the main execution loop.  It looks up the translation
 * block for the current (cs_base + eip, flags), translates it on a miss,
 * chains the block it just left to it, and calls it.  Exceptions raised
 * inside translated code or helpers longjmp back here; host faults on
 * guest memory arrive through cpu_x86_signal_handler.
 */
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include "exec-i386.h"
#include "exec-all.h"

__thread CPUX86State *cpu_single_env;

#define CC_FLAGS (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

void cpu_x86_interrupt(CPUX86State *s, int mask)
{
    __atomic_or_fetch(&s->interrupt_request, mask, __ATOMIC_SEQ_CST);
}

static uint32_t tb_flags_of(CPUX86State *s)
{
    return s->hflags | (s->eflags & (IOPL_MASK | TF_MASK | VM_MASK));
}

static TranslationBlock *tb_gen(CPUX86State *s, uint32_t pc, uint32_t cs_base,
                                uint32_t flags, int cflags)
{
    TranslationBlock *tb = tb_alloc(pc);
    uint32_t last;
    int size;

    if (!tb) {
        tb_flush();
        T0 = 0; /* the block we left is gone */
        tb = tb_alloc(pc);
    }
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    cpu_gen_code(s, tb, &size);
    code_gen_ptr = (uint8_t *)(((uintptr_t)code_gen_ptr + size + CODE_GEN_ALIGN - 1) &
                               ~(uintptr_t)(CODE_GEN_ALIGN - 1));
    tb->page_addr[0] = pc & TARGET_PAGE_MASK;
    last = (pc + (tb->size ? tb->size - 1 : 0)) & TARGET_PAGE_MASK;
    tb->page_addr[1] = last != tb->page_addr[0] ? last : (uint32_t)-1;
    if (!(cflags & CF_SINGLE_INSN))
        tb_link(tb);
    if (loglevel & CPU_LOG_TB_OUT_ASM) {
        fprintf(logfile, "OUT: [size=%d]\n", size);
        disas(logfile, tb->tc_ptr, size);
        fputc('\n', logfile);
    }
    return tb;
}

/* an exception in user mode goes back to the caller (the OS layer) with
   eip where the kernel would report it */
static void do_interrupt_user(CPUX86State *s)
{
    int intno = s->exception_index;
    if (s->exception_is_int) {
        /* only int3, into and int $0x80 are open to ring 3 under Linux */
        if (intno != EXCP03_INT3 && intno != EXCP04_INTO && intno != 0x80) {
            s->exception_index = EXCP0D_GPF;
            s->error_code = intno * 8 + 2;
            return;
        }
        s->eip = s->exception_next_eip;
    }
}

typedef void (*TBFunc)(void);

int cpu_x86_exec(CPUX86State *env1)
{
    CPUX86State *saved_env = env;
    uint32_t saved_T0 = T0, saved_T1 = T1, saved_A0 = A0;
    volatile int ret, single_insn = 0;

    env = env1;
    cpu_single_env = env1;
    CC_SRC = env->eflags & CC_FLAGS;
    CC_OP = CC_OP_EFLAGS;
    DF = (env->eflags & DF_MASK) ? -1 : 1;
    env->eflags &= ~(DF_MASK | CC_FLAGS);
    env->exception_index = -1;

    for (;;) {
        if (setjmp(env->jmp_env) == 0) {
            T0 = 0;
            for (;;) {
                uint32_t pc, cs_base, flags;
                TranslationBlock *tb;

                if (env->interrupt_request & CPU_INTERRUPT_EXIT) {
                    __atomic_and_fetch(&env->interrupt_request, ~CPU_INTERRUPT_EXIT,
                                       __ATOMIC_SEQ_CST);
                    env->exception_index = EXCP_INTERRUPT;
                    cpu_loop_exit();
                }
                cs_base = env->segs[R_CS].base;
                pc = cs_base + env->eip;
                flags = tb_flags_of(env);
                if (loglevel & CPU_LOG_TB_CPU)
                    cpu_x86_dump_state(env, logfile, X86_DUMP_CCOP);
                tb_lock();
                if (single_insn) {
                    /* the write into its own block: run it alone, uncached */
                    single_insn = 0;
                    T0 = 0;
                    tb = tb_gen(env, pc, cs_base, flags, CF_SINGLE_INSN);
                } else {
                    tb = tb_find(pc, cs_base, flags);
                    if (!tb)
                        tb = tb_gen(env, pc, cs_base, flags, 0);
                    if (T0 != 0)
                        tb_add_jump(TB_EXIT_TB(T0), TB_EXIT_SLOT(T0), tb);
                }
                tb_unlock();
                if (loglevel & CPU_LOG_EXEC)
                    fprintf(logfile, "Trace %p [%08x]\n", (void *)tb->tc_ptr, pc);
                env->current_tb = tb;
                ((TBFunc)tb->tc_ptr)();
                env->current_tb = NULL;
            }
        }
        /* here after a longjmp: env is back in its register */
        tb_lock_reset();
        env->current_tb = NULL;
        if (loglevel & CPU_LOG_INT && env->exception_index < EXCP_INTERRUPT)
            fprintf(logfile, "exception 0x%x err=%d at eip=%08x\n",
                    env->exception_index, env->error_code, env->eip);
        if (env->exception_index == EXCP_SMC) {
            env->exception_index = -1;
            single_insn = 1;
            continue;
        }
        if (env->user_mode_only && env->exception_index < EXCP_INTERRUPT)
            do_interrupt_user(env);
        ret = env->exception_index;
        break;
    }

    env->eflags |= cc_compute_all() | (DF < 0 ? DF_MASK : 0);
    env = saved_env;
    T0 = saved_T0;
    T1 = saved_T1;
    A0 = saved_A0;
    return ret;
}

/* A host SIGSEGV or SIGBUS: a write to a page holding translated code
   (returns 1), or a guest access to memory it may not touch, which
   becomes a guest page fault (does not return).  Returns 0 when the fault
   is not the guest's. */
int cpu_x86_signal_handler(int host_signum, void *pinfo, void *puc)
{
    siginfo_t *info = pinfo;
    ucontext_t *uc = puc;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t addr = (uintptr_t)info->si_addr;
    int is_write = (uc->uc_mcontext.gregs[REG_ERR] >> 1) & 1;
    CPUX86State *s = cpu_single_env;
    TranslationBlock *tb;

    if (host_signum != SIGSEGV && host_signum != SIGBUS)
        return 0;
    if (addr > 0xffffffffu)
        return 0;
    if (host_signum == SIGSEGV && is_write && page_unprotect(addr)) {
        /* the running block may have just been invalidated: if the write
           came from its own code, the rest of it is stale */
        if (!s || !s->current_tb ||
            ((addr & TARGET_PAGE_MASK) != s->current_tb->page_addr[0] &&
             (addr & TARGET_PAGE_MASK) != s->current_tb->page_addr[1]) ||
            tb_find_pc(pc) != s->current_tb)
            return 1;
        env = s;
        cpu_restore_state(s->current_tb, env, pc);
        sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
        raise_exception(EXCP_SMC);
        return 1;
    }
    if (!s || !s->current_tb)
        return 0;
    env = s;
    tb = tb_find_pc(pc);
    if (tb)
        cpu_restore_state(tb, env, pc);
    /* else the fault is inside a helper, which runs with eip saved */
    env->cr[2] = addr;
    env->error_code = (is_write << 1) | 4 |
                      ((page_get_flags(addr) & PAGE_VALID) ? 1 : 0);
    sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
    raise_exception_err(EXCP0E_PAGE, env->error_code);
    return 1;
}
