/*
 * A bad op for the dyngen tests: indexing an emulator table gives an
 * absolute R_X86_64_32S reference, which cannot reach a PIE above 4 GiB.
 * dyngen must refuse it: absolute reference.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

extern uint32_t parity_like_table[256];

void op_bad_absdata(void)
{
    T0 = parity_like_table[T1 & 0xff];
}
