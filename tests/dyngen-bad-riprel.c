/*
 * A bad op for the dyngen tests: a RIP-relative operand the assembler
 * resolved inside .text, so no relocation moves it with the copy.
 * dyngen must refuse it: RIP-relative operand without a relocation.
 */
asm(".text\n"
    ".globl op_bad_riprel\n"
    "op_bad_riprel:\n"
    "    mov riprel_data(%rip), %r15d\n"
    "    ret\n"
    "riprel_data:\n"
    "    .long 42\n");
