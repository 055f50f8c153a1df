/*
 * A bad op for the dyngen tests: a call to a static function of the op
 * file, resolved by the assembler (no relocation) and never linked.
 * dyngen must refuse it: call without a relocation.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

static __attribute__((noinline)) void scramble(void)
{
    T0 ^= 0x55;
    asm("");
}

void op_bad_localcall(void)
{
    scramble();
    T1++;
}
