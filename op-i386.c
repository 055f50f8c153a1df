/*
 * The i386 micro-operations.  Each op_* function is compiled once with
 * OP_CFLAGS and never linked: dyngen copies its machine code into
 * translated blocks.  So an op may touch only env, T0, T1, A0, guest
 * memory and PARAMn, and may call C helpers; anything else (tables, libc,
 * static data) is reached through a helper.  See dyngen-exec.h.
 */
#include "exec-i386.h"
#define OP_I386_OBJECT
#include "exec-all.h"

#define OPPROTO

#define REG EAX
#define REGNAME _EAX
#define REG_HAS_HIGH 1
#include "opreg_template.h"
#define REG (env->regs[R_ECX])
#define REGNAME _ECX
#define REG_HAS_HIGH 1
#include "opreg_template.h"
#define REG (env->regs[R_EDX])
#define REGNAME _EDX
#define REG_HAS_HIGH 1
#include "opreg_template.h"
#define REG (env->regs[R_EBX])
#define REGNAME _EBX
#define REG_HAS_HIGH 1
#include "opreg_template.h"
#define REG ESP
#define REGNAME _ESP
#define REG_HAS_HIGH 0
#include "opreg_template.h"
#define REG (env->regs[R_EBP])
#define REGNAME _EBP
#define REG_HAS_HIGH 0
#include "opreg_template.h"
#define REG (env->regs[R_ESI])
#define REGNAME _ESI
#define REG_HAS_HIGH 0
#include "opreg_template.h"
#define REG (env->regs[R_EDI])
#define REGNAME _EDI
#define REG_HAS_HIGH 0
#include "opreg_template.h"

#define SHIFT 0
#include "ops_template.h"
#define SHIFT 1
#include "ops_template.h"
#define SHIFT 2
#include "ops_template.h"

#define MEMSUFFIX _raw
#include "ops_mem.h"
#define MEMSUFFIX _kernel
#include "ops_mem.h"
#define MEMSUFFIX _user
#include "ops_mem.h"

#include "ops_fpu.h"

/* constants and temporaries */
void OPPROTO op_movl_T0_im(void) { T0 = PARAM1; }
void OPPROTO op_movl_T1_im(void) { T1 = PARAM1; }
void OPPROTO op_movl_A0_im(void) { A0 = PARAM1; }
void OPPROTO op_addl_T0_im(void) { T0 += PARAM1; }
void OPPROTO op_addl_T1_im(void) { T1 += PARAM1; }
void OPPROTO op_addl_A0_im(void) { A0 += PARAM1; }
void OPPROTO op_andl_A0_ffff(void) { A0 &= 0xffff; }
void OPPROTO op_andl_T0_ffff(void) { T0 &= 0xffff; }
void OPPROTO op_movl_T0_T1(void) { T0 = T1; }
void OPPROTO op_movl_T1_T0(void) { T1 = T0; }
void OPPROTO op_movl_T0_A0(void) { T0 = A0; }
void OPPROTO op_movl_A0_T0(void) { A0 = T0; }
void OPPROTO op_movl_A0_T1(void) { A0 = T1; }
void OPPROTO op_movl_T1_A0(void) { T1 = A0; }
void OPPROTO op_addl_A0_T0(void) { A0 += T0; }
void OPPROTO op_addl_A0_AL(void) { A0 += EAX & 0xff; }

/* fields of env by offset: segment selectors and bases, eip */
#define ENV_FIELD(off) (*(uint32_t *)((char *)env + (off)))
void OPPROTO op_addl_A0_seg(void) { A0 += ENV_FIELD(PARAM1); }
void OPPROTO op_movl_T0_env(void) { T0 = ENV_FIELD(PARAM1); }
void OPPROTO op_movl_T1_env(void) { T1 = ENV_FIELD(PARAM1); }
void OPPROTO op_movl_env_T0(void) { ENV_FIELD(PARAM1) = T0; }
void OPPROTO op_movl_env_T1(void) { ENV_FIELD(PARAM1) = T1; }

/* arithmetic: the flags are updated by a separate op the flag pass can drop */
void OPPROTO op_addl_T0_T1(void) { T0 += T1; }
void OPPROTO op_subl_T0_T1(void) { T0 -= T1; }
void OPPROTO op_andl_T0_T1(void) { T0 &= T1; }
void OPPROTO op_orl_T0_T1(void) { T0 |= T1; }
void OPPROTO op_xorl_T0_T1(void) { T0 ^= T1; }
void OPPROTO op_notl_T0(void) { T0 = ~T0; }
void OPPROTO op_negl_T0(void) { T0 = -T0; }
void OPPROTO op_incl_T0(void) { T0++; }
void OPPROTO op_decl_T0(void) { T0--; }

void OPPROTO op_update2_cc(void) { CC_SRC = T1; CC_DST = T0; }
void OPPROTO op_update1_cc(void) { CC_DST = T0; }
void OPPROTO op_update_neg_cc(void) { CC_SRC = -T0; CC_DST = T0; }
void OPPROTO op_update_inc_cc(void) { CC_SRC = cc_compute_c(); CC_DST = T0; }
void OPPROTO op_update_inc_cc_logic(void) { CC_SRC = 0; CC_DST = T0; }
/* after inc/dec: CC_SRC already holds the carry (0 or 1) */
void OPPROTO op_update_inc_cc_inc(void) { CC_SRC &= 1; CC_DST = T0; }
void OPPROTO op_cmpl_T0_T1_cc(void) { CC_SRC = T1; CC_DST = T0 - T1; }
void OPPROTO op_testl_T0_T1_cc(void) { CC_DST = T0 & T1; }

/* a 32-bit cmp and the jcc right after it: the branch on T0 and T1 as the
   cmp left them, not on the flags it stored */
void OPPROTO op_jb_cmpl_T0_T1(void) { if (T0 < T1) GOTO_LABEL_PARAM(1); }
void OPPROTO op_jz_cmpl_T0_T1(void) { if (T0 == T1) GOTO_LABEL_PARAM(1); }
void OPPROTO op_jnz_cmpl_T0_T1(void) { if (T0 != T1) GOTO_LABEL_PARAM(1); }
void OPPROTO op_jbe_cmpl_T0_T1(void) { if (T0 <= T1) GOTO_LABEL_PARAM(1); }
void OPPROTO op_jl_cmpl_T0_T1(void) { if ((int32_t)T0 < (int32_t)T1) GOTO_LABEL_PARAM(1); }
void OPPROTO op_jle_cmpl_T0_T1(void) { if ((int32_t)T0 <= (int32_t)T1) GOTO_LABEL_PARAM(1); }

/* setcc and cmov right after a 32-bit cmp: the condition from its operands */
void OPPROTO op_setb_T0_cmpl_T0_T1(void) { T0 = T0 < T1; }
void OPPROTO op_setz_T0_cmpl_T0_T1(void) { T0 = T0 == T1; }
void OPPROTO op_setbe_T0_cmpl_T0_T1(void) { T0 = T0 <= T1; }
void OPPROTO op_sets_T0_cmpl_T0_T1(void) { T0 = (T0 - T1) >> 31; }
void OPPROTO op_setl_T0_cmpl_T0_T1(void) { T0 = (int32_t)T0 < (int32_t)T1; }
void OPPROTO op_setle_T0_cmpl_T0_T1(void) { T0 = (int32_t)T0 <= (int32_t)T1; }

void OPPROTO op_set_cc_op(void) { CC_OP = PARAM1; }

/* multiplies: CC_DST = low result (for SF ZF PF), CC_SRC != 0 sets CF OF */
void OPPROTO op_mulb_AL_T0(void)
{
    uint32_t res = (EAX & 0xff) * (T0 & 0xff);
    EAX = (EAX & 0xffff0000) | (res & 0xffff);
    CC_DST = res;
    CC_SRC = res & 0xff00;
}

void OPPROTO op_imulb_AL_T0(void)
{
    int32_t res = (int8_t)EAX * (int8_t)T0;
    EAX = (EAX & 0xffff0000) | (res & 0xffff);
    CC_DST = res;
    CC_SRC = res != (int8_t)res;
}

void OPPROTO op_mulw_AX_T0(void)
{
    uint32_t res = (EAX & 0xffff) * (T0 & 0xffff);
    EAX = (EAX & 0xffff0000) | (res & 0xffff);
    EDX = (EDX & 0xffff0000) | (res >> 16);
    CC_DST = res;
    CC_SRC = res >> 16;
}

void OPPROTO op_imulw_AX_T0(void)
{
    int32_t res = (int16_t)EAX * (int16_t)T0;
    EAX = (EAX & 0xffff0000) | (res & 0xffff);
    EDX = (EDX & 0xffff0000) | ((res >> 16) & 0xffff);
    CC_DST = res;
    CC_SRC = res != (int16_t)res;
}

void OPPROTO op_mull_EAX_T0(void)
{
    uint64_t res = (uint64_t)EAX * T0;
    EAX = res;
    EDX = res >> 32;
    CC_DST = res;
    CC_SRC = res >> 32;
}

void OPPROTO op_imull_EAX_T0(void)
{
    int64_t res = (int64_t)(int32_t)EAX * (int32_t)T0;
    EAX = res;
    EDX = res >> 32;
    CC_DST = res;
    CC_SRC = res != (int32_t)res;
}

void OPPROTO op_imulw_T0_T1_cc(void)
{
    int32_t res = (int16_t)T0 * (int16_t)T1;
    T0 = res;
    CC_DST = res;
    CC_SRC = res != (int16_t)res;
}

void OPPROTO op_imull_T0_T1_cc(void)
{
    int64_t res = (int64_t)(int32_t)T0 * (int32_t)T1;
    T0 = res;
    CC_DST = res;
    CC_SRC = res != (int32_t)res;
}

/* what the flag pass leaves of the two above when no flag is read */
void OPPROTO op_imulw_T0_T1(void) { T0 = T0 * T1; }
void OPPROTO op_imull_T0_T1(void) { T0 = T0 * T1; }

/* divides raise #DE from C: the translator has saved eip and cc_op */
void OPPROTO op_divb_AL_T0(void) { helper_divb_AL(T0); }
void OPPROTO op_idivb_AL_T0(void) { helper_idivb_AL(T0); }
void OPPROTO op_divw_AX_T0(void) { helper_divw_AX(T0); }
void OPPROTO op_idivw_AX_T0(void) { helper_idivw_AX(T0); }
void OPPROTO op_divl_EAX_T0(void) { helper_divl_EAX(T0); }
void OPPROTO op_idivl_EAX_T0(void) { helper_idivl_EAX(T0); }

/* sign extensions of the accumulator */
void OPPROTO op_movsbw_AX_AL(void) { EAX = (EAX & 0xffff0000) | ((int8_t)EAX & 0xffff); }
void OPPROTO op_movswl_EAX_AX(void) { EAX = (int16_t)EAX; }
void OPPROTO op_movswl_DX_AX(void) { EDX = (EDX & 0xffff0000) | (((int16_t)EAX >> 15) & 0xffff); }
void OPPROTO op_movslq_EDX_EAX(void) { EDX = (int32_t)EAX >> 31; }

void OPPROTO op_bswapl_T0(void) { T0 = __builtin_bswap32(T0); }

/* BCD and friends work on the materialised flags */
void OPPROTO op_daa(void) { helper_daa(); }
void OPPROTO op_das(void) { helper_das(); }
void OPPROTO op_aaa(void) { helper_aaa(); }
void OPPROTO op_aas(void) { helper_aas(); }
void OPPROTO op_aam(void) { helper_aam(PARAM1); }
void OPPROTO op_aad(void) { helper_aad(PARAM1); }
void OPPROTO op_salc(void) { EAX = (EAX & ~0xff) | (cc_compute_c() ? 0xff : 0); }

/* flags register */
void OPPROTO op_movl_T0_eflags(void) { helper_pushf(); }
void OPPROTO op_movl_eflags_T0(void) { helper_popf(PARAM1); }
void OPPROTO op_lahf(void) { helper_lahf(); }
void OPPROTO op_sahf(void) { helper_sahf(); }

void OPPROTO op_clc(void)
{
    CC_SRC = cc_compute_all() & ~CC_C;
    CC_OP = CC_OP_EFLAGS;
}

void OPPROTO op_stc(void)
{
    CC_SRC = cc_compute_all() | CC_C;
    CC_OP = CC_OP_EFLAGS;
}

void OPPROTO op_cmc(void)
{
    CC_SRC = cc_compute_all() ^ CC_C;
    CC_OP = CC_OP_EFLAGS;
}

void OPPROTO op_cld(void) { DF = 1; }
void OPPROTO op_std(void) { DF = -1; }

/* conditions from materialised flags, T0 = 0 or 1 */
void OPPROTO op_seto_T0_cc(void) { T0 = (cc_compute_all() >> 11) & 1; }
void OPPROTO op_setb_T0_cc(void) { T0 = cc_compute_c(); }
void OPPROTO op_setz_T0_cc(void) { T0 = (cc_compute_all() >> 6) & 1; }
void OPPROTO op_setbe_T0_cc(void) { T0 = (cc_compute_all() & (CC_Z | CC_C)) != 0; }
void OPPROTO op_sets_T0_cc(void) { T0 = (cc_compute_all() >> 7) & 1; }
void OPPROTO op_setp_T0_cc(void) { T0 = (cc_compute_all() >> 2) & 1; }

void OPPROTO op_setl_T0_cc(void)
{
    uint32_t f = cc_compute_all();
    T0 = ((f >> 7) ^ (f >> 11)) & 1;
}

void OPPROTO op_setle_T0_cc(void)
{
    uint32_t f = cc_compute_all();
    T0 = (((f >> 7) ^ (f >> 11)) | (f >> 6)) & 1;
}

void OPPROTO op_jb_inc(void)
{
    if (CC_SRC)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO op_setb_T0_inc(void) { T0 = CC_SRC; }

void OPPROTO op_xor_T0_1(void) { T0 ^= 1; }

/* control flow */
void OPPROTO op_jmp_T0(void) { EIP = T0; }
void OPPROTO op_movl_eip_im(void) { EIP = PARAM1; }

void OPPROTO op_jnz_T0_label(void)
{
    if (T0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO op_jmp_label(void) { GOTO_LABEL_PARAM(1); }

/* the nops are room for dyngen to keep the patched rel32 inside one cache
   line (dyngen.c, slot_has_room) */
#define GOTO_TB_ROOM() asm volatile ("nop; nop; nop")
void OPPROTO op_goto_tb0(void) { GOTO_TB(0); GOTO_TB_ROOM(); }
void OPPROTO op_goto_tb1(void) { GOTO_TB(1); GOTO_TB_ROOM(); }
void OPPROTO op_exit_tb(void) { EXIT_TB(); }

/* first op of every TB: leave when asked to (signals, the timer), or for
   a hardware interrupt the CPU would take now */
void OPPROTO op_check_exit(void)
{
    uint32_t req = env->interrupt_request;
    if (unlikely(req) && ((req & CPU_INTERRUPT_EXIT) || (env->eflags & IF_MASK))) {
        EIP = PARAM1;
        T0 = 0;
        EXIT_TB();
    }
}

/* a jump whose target is known only at run time (ret, jmp *, call *):
   into the next block's code straight away if the jump cache knows it.
   The probe is inline: a miss leaves through cpu_x86_exec, which looks
   the block up in full anyway, so no helper call is worth its frame. */
void OPPROTO op_lookup_tb(void)
{
    uint32_t cs_base = env->segs[R_CS].base, pc = cs_base + EIP;
    TranslationBlock *tb = env->tb_jmp_cache[tb_jmp_cache_hash(pc)];
    void *p = NULL;

    if (likely(tb && tb->pc == pc) && tb->cs_base == cs_base && tb->flags == tb_flags_of(env))
        p = tb->tc_ptr;
    env->tb_jmp_target = p;
}

void OPPROTO op_goto_ptr(void)
{
    void *p = env->tb_jmp_target;
    if (p)
        GOTO_PTR(p);
    T0 = 0;
    EXIT_TB();
}

/* lock prefix in user mode: what op_lock_cmpxchg restores on a retry */
void OPPROTO op_lock_save_cc(void)
{
    env->lock_save[0] = T0;
    env->lock_save[1] = T1;
    env->lock_save[2] = CC_SRC;
    env->lock_save[3] = CC_DST;
    env->lock_save[4] = CC_OP;
    env->lock_save[5] = EAX;
}

/* -d trace-json: count the runs of this block */
void OPPROTO op_count_tb(void) { env->tb_exec_counts[PARAM1]++; }

/* stack pointer updates */
void OPPROTO op_addl_ESP_im(void) { ESP += PARAM1; }
void OPPROTO op_addw_ESP_im(void) { ESP = (ESP & 0xffff0000) | ((ESP + PARAM1) & 0xffff); }
void OPPROTO op_addl_ESI_T0(void) { ESI += T0; }
void OPPROTO op_addw_ESI_T0(void) { ESI = (ESI & 0xffff0000) | ((ESI + T0) & 0xffff); }
void OPPROTO op_addl_EDI_T0(void) { EDI += T0; }
void OPPROTO op_addw_EDI_T0(void) { EDI = (EDI & 0xffff0000) | ((EDI + T0) & 0xffff); }

/* exceptions and interrupts: EIP and CC_OP are saved by the translator */
void OPPROTO op_raise_exception(void) { raise_exception(PARAM1); }
void OPPROTO op_raise_exception_err(void) { raise_exception_err(PARAM1, PARAM2); }
void OPPROTO op_raise_interrupt(void) { raise_interrupt(PARAM1, 1, 0, PARAM2); }

void OPPROTO op_into(void)
{
    if (cc_compute_all() & CC_O)
        raise_interrupt(EXCP04_INTO, 1, 0, PARAM1);
}

/* instructions done in C */
void OPPROTO op_cpuid(void) { helper_cpuid(); }
void OPPROTO op_rdtsc(void) { helper_rdtsc(); }
void OPPROTO op_cmpxchg8b(void) { helper_cmpxchg8b(); }
void OPPROTO op_boundw(void) { helper_bound_w(); }
void OPPROTO op_boundl(void) { helper_bound_l(); }
void OPPROTO op_movl_seg_T0(void) { helper_load_seg(PARAM1, T0); }
void OPPROTO op_enter(void) { helper_enter(PARAM1, PARAM2); }
void OPPROTO op_rep_string(void) { T0 = helper_rep_string(PARAM1); }

/* far transfers and system instructions: eip and cc_op saved first */
void OPPROTO op_ljmp_T0_T1(void) { helper_ljmp_protected(T0, T1); }
void OPPROTO op_lcall_T0_T1(void) { helper_lcall_protected(T0, T1, PARAM1); }
void OPPROTO op_lret(void) { helper_lret_protected(PARAM1, PARAM2); }
void OPPROTO op_iret(void) { helper_iret_protected(PARAM1); }
void OPPROTO op_movl_crN_T0(void) { helper_movl_crN_T0(PARAM1); }
void OPPROTO op_lldt_T0(void) { helper_lldt_T0(); }
void OPPROTO op_ltr_T0(void) { helper_ltr_T0(); }
void OPPROTO op_invlpg_A0(void) { helper_invlpg(A0); }
void OPPROTO op_hlt(void) { helper_hlt(); }
void OPPROTO op_cli(void) { env->eflags &= ~IF_MASK; }
void OPPROTO op_sti(void) { helper_sti(); }
void OPPROTO op_set_inhibit_irq(void) { env->hflags |= HF_INHIBIT_IRQ_MASK; }
void OPPROTO op_reset_inhibit_irq(void) { env->hflags &= ~HF_INHIBIT_IRQ_MASK; }
void OPPROTO op_andl_T0_im(void) { T0 &= PARAM1; }

void OPPROTO op_clts(void)
{
    T0 = env->cr[0] & ~CR0_TS_MASK;
    helper_movl_crN_T0(0);
}

/* lmsw can set PE but not clear it */
void OPPROTO op_lmsw_T0(void)
{
    T0 = (env->cr[0] & ~0xe) | (T0 & 0xf);
    helper_movl_crN_T0(0);
}

/* port I/O: T0 is the port, T1 the data */
void OPPROTO op_in_T0_T1(void) { T1 = helper_in(T0, PARAM1); }
void OPPROTO op_out_T0_T1(void) { helper_out(T0, T1, PARAM1); }
