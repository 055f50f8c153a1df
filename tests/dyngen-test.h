/*
 * What the dyngen unit tests share: the small CPU state their test ops
 * work on and the harness that runs code with the global registers set.
 *
 * NOTE: only op files define DYNGEN_TEST_OPS and so see the global
 * register variables; test-dyngen.c links Check and libc and must not.
 * The helpers the ops call are declared here only for the op files and
 * the harness: op-i386.h declares them again as `extern char NAME[]`.
 */
#ifndef DYNGEN_TEST_H
#define DYNGEN_TEST_H

#include <stdint.h>

typedef struct TestEnv {
    uint32_t regs[8];
    uint32_t mem[16];
    uint32_t note_count; /* helper_note calls */
    uint32_t note_sum;
} TestEnv;

/* T0, T1 and A0 before and after running code */
typedef struct TestRegs {
    uint32_t T0, T1, A0;
} TestRegs;

/* run code (a TB or a reference op) with env, T0, T1, A0 loaded */
void dyngen_test_run(void (*code)(void), TestEnv *e, TestRegs *r);
void dyngen_test_set_global(uint32_t v);

/* the parameters of the reference ops (the op file compiled as plain C) */
extern uint32_t ref_param1, ref_param2, ref_param3;

#if defined(DYNGEN_TEST_OPS) || defined(DYNGEN_TEST_HARNESS)
uint32_t helper_mix(uint32_t a, uint32_t b);
void helper_note(uint32_t v);
extern uint32_t dyngen_test_global;
#endif

#ifdef DYNGEN_TEST_OPS
#include "dyngen-exec.h"

register TestEnv *env asm(AREG0);
register uint32_t T0 asm(AREG1);
register uint32_t T1 asm(AREG2);
register uint32_t A0 asm(AREG3);
#endif

#endif
