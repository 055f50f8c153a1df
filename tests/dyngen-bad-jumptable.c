/*
 * A bad op for the dyngen tests: a switch compiled with -fjump-tables
 * becomes `jmp *table(,%rax,8)` through absolute addresses of the original
 * op in .rodata.  dyngen must refuse it: indirect jmp.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

void op_bad_jumptable(void)
{
    switch (T1) {
    case 0: T0 += 1; break;
    case 1: T0 ^= 5; break;
    case 2: T0 = T1; break;
    case 3: T0 -= 7; break;
    case 4: T0 *= 9; break;
    case 5: T0 = 3; break;
    case 6: T0 = 1; break;
    }
}
