/*
 * Good micro-ops for the dyngen unit tests.
 *
 * NOTE: this file is compiled twice.  With the op flags it is what dyngen
 * reads; with -DDYNGEN_REFERENCE and the normal flags it becomes plain C
 * functions, PARAMn read from variables, that the tests run as the
 * reference each copied op must agree with.  The ops that use the TB
 * markers (EXIT_TB, GOTO_TB, labels, raw relocations) exist only in the
 * first form: their tests state the expected result instead.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

#ifdef DYNGEN_REFERENCE
#undef PARAM1
#undef PARAM2
#undef PARAM3
#define PARAM1 ref_param1
#define PARAM2 ref_param2
#define PARAM3 ref_param3
#define PARAM_ADDR1 ((uintptr_t)ref_param1)
#else
/* the address itself, for a relocation PARAMn never produces */
extern char __op_param1[];
#define PARAM_ADDR1 ((uintptr_t)__op_param1)
#endif

void op_movl_T0_im(void)
{
    T0 = PARAM1;
}

void op_movl_T1_im(void)
{
    T1 = PARAM1;
}

void op_addl_T0_im(void)
{
    T0 += PARAM1;
}

void op_addl_T1_im(void)
{
    T1 += PARAM1;
}

void op_addl_T0_T1(void)
{
    T0 += T1;
}

void op_decl_T0(void)
{
    T0--;
}

/* only the second parameter: nb_args is the highest one used */
void op_addl_A0_param2(void)
{
    A0 += PARAM2;
}

void op_arith3(void)
{
    A0 = T0 * PARAM1 + (T1 ^ PARAM2) - PARAM3;
    T0 = (int32_t)A0 >> (PARAM3 & 31);
}

void op_sarl_T0_T1(void)
{
    T0 = (int32_t)T0 >> (T1 & 31);
}

void op_movl_reg_T0(void)
{
    env->regs[PARAM1 & 7] = T0;
}

void op_movl_T0_reg(void)
{
    T0 = env->regs[PARAM1 & 7];
}

/* the offset becomes the displacement of the load: R_X86_64_32S */
void op_ldl_T0_env(void)
{
    T0 = *(uint32_t *)((char *)env + PARAM_ADDR1);
}

/* a PC-relative data reference to the emulator */
void op_addl_T0_global(void)
{
    T0 += dyngen_test_global;
}

void op_mix_T0(void)
{
    T0 = helper_mix(T0, PARAM1);
}

void op_note_if_above(void)
{
    if (T0 > T1) {
        helper_note(PARAM1);
    }
}

/* a backward jcc inside the op */
void op_scramble_loop(void)
{
    while (T1) {
        T0 = (T0 << 1) ^ (T0 >> 3) ^ T1;
        T1 >>= 1;
    }
}

void op_select(void)
{
    if ((int32_t)T0 < (int32_t)T1) {
        A0 = PARAM1;
    } else {
        A0 = PARAM2 + T0;
        env->mem[T0 & 15] = A0;
    }
}

/* With block reordering and shrink-wrapping back on, gcc 12 puts two
   interior rets in this op: dyngen must re-lay it. */
__attribute__((optimize("reorder-blocks", "shrink-wrap", "thread-jumps")))
void op_note_cond_ret(void)
{
    if (unlikely(T0 == 0)) {
        helper_note(PARAM1);
        return;
    }
    T1 += 3;
    if (T1 == 9) {
        helper_note(2);
    }
}

/*
 * Hand-written shapes for the re-laying (in both builds, as they use no
 * marker).  In each, replacing the interior ret by a jmp makes a short
 * branch too short:
 * - relay_wide_jcc: the jne no longer reaches 1f and becomes rel32;
 * - relay_far_ret: the end is 134 bytes away, the ret becomes jmp rel32;
 * - relay_back: the backward jmp grows past -128 and becomes rel32.
 */
asm(".text\n"
    ".globl op_relay_wide_jcc\n"
    "op_relay_wide_jcc:\n"
    "    test %r15d, %r15d\n"
    "    jne 1f\n"
    "    add $1, %r12d\n"
    "    ret\n"
    "    .nops 122\n"
    "1:  add $2, %r12d\n"
    "    ret\n"
    "\n"
    ".globl op_relay_far_ret\n"
    "op_relay_far_ret:\n"
    "    test %r15d, %r15d\n"
    "    jne 1f\n"
    "    add $1, %r12d\n"
    "    ret\n"
    "    .nops 130\n"
    "1:  add $2, %r12d\n"
    "    ret\n"
    "\n"
    ".globl op_relay_back\n"
    "op_relay_back:\n"
    "1:  test %r12d, %r12d\n"
    "    jne 2f\n"
    "    ret\n"
    "2:  add $3, %r15d\n"
    "    sub $1, %r12d\n"
    "    .nops 112\n"
    "    jmp 1b\n"
    "    ret\n"
    "\n"
    ".globl op_repz_ret\n"
    "op_repz_ret:\n"
    "    add $7, %r15d\n"
    "    repz ret\n");

#ifndef DYNGEN_REFERENCE

void op_exit_tb(void)
{
    EXIT_TB();
}

void op_goto_tb0(void)
{
    GOTO_TB(0);
    T0 = PARAM1;
    EXIT_TB();
}

void op_goto_tb1(void)
{
    GOTO_TB(1);
    T0 = PARAM1;
    EXIT_TB();
}

void op_jz_label(void)
{
    if (T0 == 0) {
        GOTO_LABEL_PARAM(1);
    }
}

void op_jnz_label(void)
{
    if (T0 != 0) {
        GOTO_LABEL_PARAM(1);
    }
}

/* relocations gcc does not emit for PARAMn, written by hand:
   R_X86_64_64 with an addend, and R_X86_64_32 with an addend */
asm(".text\n"
    ".globl op_movabs_T0_T1\n"
    "op_movabs_T0_T1:\n"
    "    movabs $__op_param1 + 0x100000005, %rax\n"
    "    mov %eax, %r15d\n"
    "    shr $32, %rax\n"
    "    mov %eax, %r12d\n"
    "    ret\n"
    "\n"
    ".globl op_movl_T0_im_plus4\n"
    "op_movl_T0_im_plus4:\n"
    "    mov $__op_param1 + 4, %r15d\n"
    "    ret\n");

#endif
