/*
 * A bad op for the dyngen tests: a jump to code after the op (resolved by
 * the assembler, so no relocation shows it).  dyngen must refuse it: the
 * jne at +0x3 leaves the op body (target 0x6).
 */
asm(".text\n"
    ".globl op_bad_jumpout\n"
    "op_bad_jumpout:\n"
    "    test %r15d, %r15d\n"
    "    jne 1f\n"
    "    ret\n"
    "jumpout_elsewhere:\n"
    "1:  add $1, %r15d\n"
    "    ret\n");
