/*
 * A bad op for the dyngen tests: EXIT_TB after a helper call, where gcc
 * places the hlt before the frame of the call is popped.  The ret it
 * becomes would return through that frame.  dyngen must refuse it:
 * EXIT_TB with 8 bytes on the stack.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

void op_bad_exit_frame(void)
{
    helper_note(T0);
    EXIT_TB();
}
