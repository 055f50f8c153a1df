/*
 * A bad op for the dyngen tests: a call to a helper declared noreturn
 * ends the op without a ret.  dyngen must refuse it: no trailing ret.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

void __attribute__((noreturn)) raise_exception_noreturn(int n);

void op_bad_noreturn(void)
{
    T0++;
    raise_exception_noreturn(T0);
}
