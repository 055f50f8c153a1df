/*
 * A bad op for the dyngen tests: a constant table of the op file stays in
 * its .rodata, which is never linked.  dyngen must refuse it: reference to
 * section .rodata.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

static const uint32_t factors[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };

void op_bad_rodata(void)
{
    T0 *= factors[T1 & 7];
}
