/*
 * The dyngen tests' harness: runs copied code or a reference op with the
 * global registers loaded, and the C helpers the test ops call.
 *
 * NOTE: r14, r15, r12 and r13 are callee-saved, but a file that declares
 * them as global register variables never saves them itself: the caller's
 * values are saved and restored here by hand, at full width.
 */
#define DYNGEN_TEST_HARNESS
#include "dyngen-test.h"
#include "dyngen-exec.h"

register TestEnv *env asm(AREG0);
register uint64_t T0 asm(AREG1);
register uint64_t T1 asm(AREG2);
register uint64_t A0 asm(AREG3);

uint32_t ref_param1, ref_param2, ref_param3;
uint32_t dyngen_test_global;

void dyngen_test_run(void (*code)(void), TestEnv *e, TestRegs *r)
{
    TestEnv *saved_env = env;
    uint64_t saved_T0 = T0, saved_T1 = T1, saved_A0 = A0;

    env = e;
    T0 = r->T0;
    T1 = r->T1;
    A0 = r->A0;
    code();
    r->T0 = T0;
    r->T1 = T1;
    r->A0 = A0;
    env = saved_env;
    T0 = saved_T0;
    T1 = saved_T1;
    A0 = saved_A0;
}

void dyngen_test_set_global(uint32_t v)
{
    dyngen_test_global = v;
}

uint32_t helper_mix(uint32_t a, uint32_t b)
{
    return (a * 0x9e3779b1u) ^ (b + (a >> 7)) ^ env->regs[b & 7];
}

void helper_note(uint32_t v)
{
    env->note_count++;
    env->note_sum += v;
}
