/*
 * A bad op for the dyngen tests: an op placed in its own section is not
 * in .text.  dyngen must refuse it: code outside .text.
 */
#define DYNGEN_TEST_OPS
#include "dyngen-test.h"

__attribute__((section(".text.elsewhere"))) void op_bad_section(void)
{
    T0 += T1;
}
