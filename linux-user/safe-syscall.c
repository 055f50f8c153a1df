/*
 * safe_syscall: a blocking host system call that a guest signal cannot
 * slip past.
 *
 * A guest signal arrives as a host signal whose handler queues it and sets
 * ts->signal_pending.  A blocking call made after that check but before
 * the kernel starts sleeping would sleep on with the signal undelivered
 * (a read() that never returns although SIGALRM fired).  So the check and
 * the syscall instruction sit together in the assembly below; when the
 * host handler interrupts anything between safe_syscall_start and
 * safe_syscall_end it moves the PC to safe_syscall_eintr, and the call
 * returns -EINTR as if the kernel had been interrupted while sleeping.
 *
 * Also here: the host signal return trampoline, because signal.c installs
 * its handlers with the raw rt_sigaction syscall (glibc refuses signals
 * 32 and 33, which the guest's own libc uses).
 */
#include <errno.h>
#include "qemu.h"

long safe_syscall_base(volatile int *pending, long number, long a1, long a2,
                       long a3, long a4, long a5, long a6);
extern char safe_syscall_start[], safe_syscall_end[], safe_syscall_eintr[];

/* in: rdi pending, rsi number, rdx rcx r8 r9 a1-a4, stack a5 a6;
   the kernel wants rax number, rdi rsi rdx r10 r8 r9 */
asm(".text\n"
    ".globl safe_syscall_base\n"
    ".hidden safe_syscall_base\n"
    ".globl safe_syscall_start\n"
    ".hidden safe_syscall_start\n"
    ".globl safe_syscall_end\n"
    ".hidden safe_syscall_end\n"
    ".globl safe_syscall_eintr\n"
    ".hidden safe_syscall_eintr\n"
    ".type safe_syscall_base, @function\n"
    "safe_syscall_base:\n"
    "    .cfi_startproc\n"
    "    push %rbp\n"
    "    .cfi_adjust_cfa_offset 8\n"
    "    .cfi_rel_offset %rbp, 0\n"
    "    mov %rdi, %rbp\n"
    "    mov %rsi, %rax\n"
    "    mov %rdx, %rdi\n"
    "    mov %rcx, %rsi\n"
    "    mov %r8, %rdx\n"
    "    mov %r9, %r10\n"
    "    mov 16(%rsp), %r8\n"
    "    mov 24(%rsp), %r9\n"
    "safe_syscall_start:\n"
    "    cmpl $0, (%rbp)\n"
    "    jnz safe_syscall_eintr\n"
    "    syscall\n"
    "safe_syscall_end:\n"
    "    .cfi_remember_state\n"
    "    pop %rbp\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    .cfi_restore %rbp\n"
    "    ret\n"
    "    .cfi_restore_state\n"
    "safe_syscall_eintr:\n"
    "    mov $-" "4" ", %rax\n" /* -EINTR */
    "    pop %rbp\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    .cfi_restore %rbp\n"
    "    ret\n"
    "    .cfi_endproc\n"
    ".size safe_syscall_base, .-safe_syscall_base\n"
    "\n"
    /* the bytes of glibc's __restore_rt, which debuggers recognise */
    ".globl host_restore_rt\n"
    ".hidden host_restore_rt\n"
    ".type host_restore_rt, @function\n"
    "host_restore_rt:\n"
    "    movq $15, %rax\n" /* SYS_rt_sigreturn */
    "    syscall\n"
    ".size host_restore_rt, .-host_restore_rt\n");

_Static_assert(EINTR == 4, "safe_syscall_eintr returns -4");

long safe_syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                   long a6)
{
    return safe_syscall_base(&thread_ts->signal_pending, number, a1, a2, a3,
                             a4, a5, a6);
}

/* called by the host signal handler with the interrupted PC */
int in_safe_syscall_window(uintptr_t host_pc, uintptr_t *resume_pc)
{
    if (host_pc < (uintptr_t)safe_syscall_start ||
        host_pc >= (uintptr_t)safe_syscall_end)
        return 0;
    *resume_pc = (uintptr_t)safe_syscall_eintr;
    return 1;
}
