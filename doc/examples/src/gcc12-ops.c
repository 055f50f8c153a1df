/*
 * gcc12-ops.c: three micro-ops written the way op-i386.c writes them, for
 * doc/tech.md's section on what gcc 12 does to code that dyngen must cut
 * into pieces.  scripts/doc-examples.sh compiles this file twice, with the
 * op flags of the Makefile and with plain "-O2 -fno-pie", and shows what
 * dyngen --explain says about each op in each build.
 */
#include <stdint.h>
#include "dyngen-exec.h"

register uint32_t T0 asm(AREG1);
register uint32_t T1 asm(AREG2);

void raise_exception(int intno);
uint32_t helper_mul(uint32_t a, uint32_t b);

/* a condition that calls a helper: gcc likes to put the ret before the call */
void op_check_zero(void)
{
    if (unlikely(T0 == 0))
        raise_exception(0);
}

/* an op that ends with a helper call: a candidate for a sibling call */
void op_mul_helper(void)
{
    helper_mul(T0, T1);
}

/* a switch: a candidate for a jump table in .rodata */
void op_select(void)
{
    switch (T1) {
    case 0: T0 += 1; break;
    case 1: T0 -= 3; break;
    case 2: T0 ^= 0x55; break;
    case 3: T0 <<= 2; break;
    case 4: T0 = ~T0; break;
    case 5: T0 >>= 1; break;
    }
}
