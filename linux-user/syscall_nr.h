/*
 * i386 syscall numbers as TARGET_NR_<name>, from the list generated at
 * build time out of the kernel's asm/unistd_32.h (gen-syscall-list.sh).
 */
#ifndef SYSCALL_NR_H
#define SYSCALL_NR_H

enum {
#define SYSCALL(name, nr) TARGET_NR_##name = nr,
#include "linux-user/syscall_list.h"
#undef SYSCALL
};

#endif
