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

void cpu_x86_reset_interrupt(CPUX86State *s, int mask)
{
    __atomic_and_fetch(&s->interrupt_request, ~mask, __ATOMIC_SEQ_CST);
}

static TranslationBlock *tb_gen(CPUX86State *s, uint32_t pc, uint32_t cs_base,
                                uint32_t flags, int cflags)
{
    TranslationBlock *tb;
    int64_t t0;
    int size;

    /* other threads may fill the buffer again while tb_flush waits */
    while (!(tb = tb_alloc(pc))) {
        tb_flush();
        T0 = 0; /* the block we left is gone */
    }
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    t0 = exec_clock_ns();
    cpu_gen_code(s, tb, &size);
    exec_stats.translate_ns += exec_clock_ns() - t0;
    code_gen_ptr = (uint8_t *)(((uintptr_t)code_gen_ptr + size + CODE_GEN_ALIGN - 1) &
                               ~(uintptr_t)(CODE_GEN_ALIGN - 1));
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

/* the physical page of the code at pc: the TB cache key under paging.
   A page we may not execute raises #PF here, before translation. */
static uint32_t code_phys_page(uint32_t pc)
{
    uint32_t phys;
    int is_user = (env->hflags & HF_CPL_MASK) == 3;
    CPUTLBEntry *e;

    if (!(env->hflags & HF_SOFTMMU_MASK))
        return pc & TARGET_PAGE_MASK;
    e = &env->tlb_read[is_user][(pc >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
    if (e->address == (pc & TARGET_PAGE_MASK))
        return (uint32_t)(e->addend + (pc & TARGET_PAGE_MASK) - (uintptr_t)phys_ram_base);
    if (cpu_x86_handle_mmu_fault(env, pc, 0, is_user, 1, &phys))
        raise_exception_err(EXCP0E_PAGE, env->error_code | 0x10);
    return phys & TARGET_PAGE_MASK;
}

/* exceptions that make a fault during their own delivery a double fault */
static int is_contributory(int intno)
{
    return intno == EXCP00_DIVZ || (intno >= EXCP0A_TSS && intno <= EXCP0D_GPF);
}

/* system mode: deliver the pending exception through the IDT; a fault
   while delivering one becomes #DF, and a fault during #DF resets */
static int deliver_exception(void)
{
    int intno = env->exception_index, old = env->old_exception;

    if (old >= 0 && !env->exception_is_int) {
        if (old == EXCP08_DBLE)
            return EXCP_RESET;
        if ((is_contributory(old) || old == EXCP0E_PAGE) &&
            (is_contributory(intno) || (intno == EXCP0E_PAGE && old == EXCP0E_PAGE))) {
            intno = EXCP08_DBLE;
            env->error_code = 0;
        }
    }
    if (loglevel & CPU_LOG_INT)
        fprintf(logfile, "int 0x%02x err=%04x at %04x:%08x cpl=%d cr2=%08x%s\n", intno,
                env->error_code, env->segs[R_CS].selector, env->eip,
                env->hflags & HF_CPL_MASK, env->cr[2], env->exception_is_int ? " (int)" : "");
    env->old_exception = intno;
    do_interrupt(intno, env->exception_is_int, env->error_code,
                 env->exception_next_eip, 0);
    env->old_exception = -1;
    return -1;
}

/* system mode: take a hardware interrupt if the CPU accepts one now */
static void check_hw_interrupt(void)
{
    int intno;

    if (!(env->interrupt_request & CPU_INTERRUPT_HARD) || !(env->eflags & IF_MASK) ||
        (env->hflags & HF_INHIBIT_IRQ_MASK) || !env->get_pic_interrupt)
        return;
    __atomic_and_fetch(&env->interrupt_request, ~CPU_INTERRUPT_HARD, __ATOMIC_SEQ_CST);
    intno = env->get_pic_interrupt();
    if (intno < 0)
        return;
    env->halted = 0;
    if (loglevel & CPU_LOG_INT)
        fprintf(logfile, "irq vector 0x%02x at %04x:%08x cpl=%d\n", intno,
                env->segs[R_CS].selector, env->eip, env->hflags & HF_CPL_MASK);
    env->old_exception = -1;
    do_interrupt(intno, 0, 0, 0, 1);
    T0 = 0;
}

typedef void (*TBFunc)(void);

/* The CPU's code (this file, the ops and the helpers) keeps env, T0, T1
   and A0 in r14, r15, r12 and r13 and never saves them: gcc treats them as
   ours.  cpu_x86_exec is the one door into it from ordinary C, which trusts
   them to be callee-saved: it saves them around the loop itself. */
asm(".text\n"
    ".globl cpu_x86_exec\n"
    ".type cpu_x86_exec, @function\n"
    "cpu_x86_exec:\n"
    "    push %r15\n"
    "    push %r14\n"
    "    push %r13\n"
    "    push %r12\n"
    "    push %rbx\n"
    "    push %rbp\n"
    "    sub $8, %rsp\n" /* the stack 16-byte aligned at the call */
    "    call cpu_x86_exec_internal\n"
    "    add $8, %rsp\n"
    "    pop %rbp\n"
    "    pop %rbx\n"
    "    pop %r12\n"
    "    pop %r13\n"
    "    pop %r14\n"
    "    pop %r15\n"
    "    ret\n"
    ".size cpu_x86_exec, . - cpu_x86_exec\n");

int cpu_x86_exec_internal(CPUX86State *env1)
{
    volatile int ret, single_insn = 0;
    volatile uint64_t flushes_seen = 0;

    env = env1;
    cpu_single_env = env1;
    cpu_exec_register(env1);
    env->tb_exec_counts = tb_exec_counts;
    env->tb_jmp_cache = tb_jmp_cache;
    CC_SRC = env->eflags & CC_FLAGS;
    CC_OP = CC_OP_EFLAGS;
    DF = (env->eflags & DF_MASK) ? -1 : 1;
    env->eflags &= ~(DF_MASK | CC_FLAGS);
    env->exception_index = -1;
    fpu_enter();
    env_to_regs();

    for (;;) {
        if (setjmp(env->jmp_env) == 0) {
            T0 = 0;
            for (;;) {
                uint32_t pc, cs_base, flags, phys_page;
                TranslationBlock *tb;

                if (unlikely(env->interrupt_request)) {
                    if (env->interrupt_request & CPU_INTERRUPT_EXIT) {
                        __atomic_and_fetch(&env->interrupt_request, ~CPU_INTERRUPT_EXIT,
                                           __ATOMIC_SEQ_CST);
                        env->exception_index = EXCP_INTERRUPT;
                        cpu_loop_exit();
                    }
                    check_hw_interrupt();
                }
                if (env->halted) {
                    env->exception_index = EXCP_HLT;
                    cpu_loop_exit();
                }
                cs_base = env->segs[R_CS].base;
                pc = cs_base + env->eip;
                flags = tb_flags_of(env);
                phys_page = code_phys_page(pc);
                if (loglevel & CPU_LOG_TB_CPU) {
                    regs_to_env();
                    cpu_x86_dump_state(env, logfile, X86_DUMP_CCOP);
                }
                tb_lock();
                /* another thread's flush freed the block T0 names */
                if (flushes_seen != exec_stats.flushes) {
                    flushes_seen = exec_stats.flushes;
                    T0 = 0;
                }
                if (single_insn) {
                    /* the write into its own block: run it alone, uncached */
                    single_insn = 0;
                    T0 = 0;
                    tb = tb_gen(env, pc, cs_base, flags, CF_SINGLE_INSN);
                } else {
                    tb = tb_find(pc, cs_base, flags, phys_page);
                    if (!tb)
                        tb = tb_gen(env, pc, cs_base, flags, 0);
                    /* under paging a pc alone does not name the code */
                    if (!(flags & HF_SOFTMMU_MASK))
                        tb_jmp_cache[tb_jmp_cache_hash(pc)] = tb;
                    if (T0 != 0)
                        tb_add_jump(TB_EXIT_TB(T0), TB_EXIT_SLOT(T0), tb);
                }
                if (!cpu_exec_start()) {
                    /* a flush is under way: tb may be gone after it */
                    single_insn = (tb->cflags & CF_SINGLE_INSN) != 0;
                    tb_unlock();
                    cpu_exec_wait_exclusive();
                    T0 = 0;
                    continue;
                }
                tb_unlock();
                if (loglevel & CPU_LOG_EXEC)
                    fprintf(logfile, "Trace %p [%08x]\n", (void *)tb->tc_ptr, pc);
                env->current_tb = tb;
                ((TBFunc)tb->tc_ptr)();
                env->current_tb = NULL;
                cpu_exec_end();
            }
        }
        /* here after a longjmp: env is back in its register */
        fpu_reload();
        env_to_regs();
        cpu_exec_end();
        tb_lock_reset();
        env->current_tb = NULL;
        if (loglevel & CPU_LOG_INT && env->exception_index < EXCP_INTERRUPT &&
            env->user_mode_only)
            fprintf(logfile, "exception 0x%x err=%d at eip=%08x\n",
                    env->exception_index, env->error_code, env->eip);
        if (env->exception_index == EXCP_SMC) {
            env->exception_index = -1;
            single_insn = 1;
            continue;
        }
        if (env->exception_index < EXCP_INTERRUPT) {
            if (env->user_mode_only) {
                do_interrupt_user(env);
            } else {
                ret = deliver_exception();
                if (ret < 0)
                    continue;
                env->exception_index = ret;
            }
        }
        ret = env->exception_index;
        break;
    }

    env->eflags |= cc_compute_all() | (DF < 0 ? DF_MASK : 0);
    fpu_leave();
    regs_to_env();
    return ret;
}

/* A host SIGSEGV or SIGBUS: a write to a page holding translated code
   (returns 1), or a guest access to memory it may not touch, which
   becomes a guest page fault (does not return).  Returns 0 when the fault
   is not the guest's. */
/* the x87 flags the guest raised since the last fold live in the host's
   status word, which a longjmp out of the handler loses */
static void fpu_save_host_flags(ucontext_t *uc)
{
    if (uc->uc_mcontext.fpregs)
        env->fpus |= uc->uc_mcontext.fpregs->swd & 0x3f;
}

/* The guest registers held in host registers, as the fault left them: the
   frames between here and the fault may have used those registers, and the
   longjmp would restore what they held at the setjmp.  Translated code and
   the helpers never use them for anything else (and call nothing that
   touches guest memory without them), so the interrupted context has them. */
static void regs_from_host_context(ucontext_t *uc)
{
    EAX = uc->uc_mcontext.gregs[REG_RBX];
    ESP = uc->uc_mcontext.gregs[REG_RBP];
}

int cpu_x86_signal_handler(int host_signum, void *pinfo, void *puc)
{
    siginfo_t *info = pinfo;
    ucontext_t *uc = puc;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t addr = (uintptr_t)info->si_addr - guest_base;
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
             (addr & TARGET_PAGE_MASK) != s->current_tb->page_addr[1]))
            return 1;
        /* tb_find_pc and the retranslation share state with translating
           threads; we are inside translated code, so no flush can run */
        tb_lock();
        if (tb_find_pc(pc) != s->current_tb) {
            tb_unlock();
            return 1;
        }
        env = s;
        cpu_restore_state(s->current_tb, env, pc);
        tb_unlock();
        fpu_save_host_flags(uc);
        sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
        regs_from_host_context(uc);
        raise_exception(EXCP_SMC);
        return 1;
    }
    if (!s || !s->current_tb)
        return 0;
    env = s;
    tb_lock();
    tb = tb_find_pc(pc);
    if (tb)
        cpu_restore_state(tb, env, pc);
    tb_unlock();
    /* else the fault is inside a helper, which runs with eip saved */
    env->cr[2] = addr;
    env->error_code = (is_write << 1) | 4 |
                      ((page_get_flags(addr) & PAGE_VALID) ? 1 : 0);
    fpu_save_host_flags(uc);
    sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
    regs_from_host_context(uc);
    raise_exception_err(EXCP0E_PAGE, env->error_code);
    return 1;
}
