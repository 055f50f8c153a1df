/*
 * The code dyngen generated from op-i386.o: the op templates and
 * dyngen_code(), which copies and patches them (see dyngen.c).  In a file
 * of its own so that it is built like generated code: `make asan` leaves
 * it uninstrumented, as the sanitizers would take minutes on its switch.
 */
#include "exec-all.h"
#include "op-i386.h"

/* what dyngen patched in op opc, for -d op_asm */
const char *op_reloc_desc(int opc)
{
    return dyngen_reloc_desc[opc];
}
