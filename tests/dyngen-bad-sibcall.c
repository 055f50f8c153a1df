/*
 * A bad op for the dyngen tests: compiled with -foptimize-sibling-calls,
 * the final helper call becomes `jmp helper_note` and the op has no ret.
 * dyngen must refuse it: sibling call.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

void op_bad_sibcall(void)
{
    T0++;
    helper_note(T0);
}
