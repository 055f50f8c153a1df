/*
 * A bad op for the dyngen tests: compiled with -fpic, a global of the
 * emulator is reached through the GOT.  dyngen must refuse it: GOT
 * relocation.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

void op_bad_pic(void)
{
    T0 += dyngen_test_global;
}
