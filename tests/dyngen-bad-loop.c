/*
 * A bad op for the dyngen tests: a jrcxz (rel8 only) across an interior
 * ret; once the ret becomes a 2-byte jmp the target is 128 bytes away.
 * dyngen must refuse it: jrcxz no longer reaches its target.
 */
asm(".text\n"
    ".globl op_bad_loop\n"
    "op_bad_loop:\n"
    "    mov %r15d, %ecx\n"
    "    jrcxz 1f\n"
    "    add $1, %r12d\n"
    "    ret\n"
    "    .nops 122\n"
    "1:  add $2, %r12d\n"
    "    ret\n");
