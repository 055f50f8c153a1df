/*
 * What micro-op code sees: the global register variables and the markers
 * dyngen understands.  Ops are small C functions; dyngen copies the bytes
 * of each one into translated code and patches the marked places.
 *
 * NOTE: every marker below becomes a relocation or an opcode that dyngen
 * recognises in op-i386.o.  An op may use nothing else that needs patching
 * except PC-relative calls to the emulator's own C helpers.
 */
#ifndef DYNGEN_EXEC_H
#define DYNGEN_EXEC_H

#include <stdint.h>

/* callee-saved host registers, so C helpers and libc preserve them */
#define AREG0 "r14"
#define AREG1 "r15"
#define AREG2 "r12"
#define AREG3 "r13"
#define AREG4 "rbx"
#define AREG5 "rbp"

/* op parameters: the address of __op_paramN, an immediate operand, is
   replaced by the value.  The asm keeps gcc from treating it as a pointer
   (which costs an extra lea on every use). */
#define OP_PARAM(n) ({ uint32_t v_; asm ("movl $__op_param" #n ", %0" : "=r" (v_)); v_; })
#define PARAM1 OP_PARAM(1)
#define PARAM2 OP_PARAM(2)
#define PARAM3 OP_PARAM(3)

/* leave the translation block: dyngen turns the hlt into a ret */
#define EXIT_TB() asm volatile ("hlt")

/* chaining slot n: a jmp rel32 that first falls through to the next op and
   is later patched to go straight to the next TB */
#define GOTO_TB(n) asm volatile ("jmp __op_jmp" #n)

/* a computed jump to another TB's code (only op_goto_ptr may do it) */
#define GOTO_PTR(p) asm volatile ("jmp *%0" : : "r" (p))

/* jump to the label numbered by parameter n, inside the same TB */
#define GOTO_LABEL_PARAM(n) asm volatile ("jmp __op_gen_label" #n)

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
