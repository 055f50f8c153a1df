#!/bin/sh
# gen-syscall-list.sh UNISTD_32_H: the i386 syscalls as SYSCALL(name, number)
# lines, from the kernel's asm/unistd_32.h (linux-user/syscall_list.h in
# the build directory; strace.c and syscall.c include it as an x-macro).
set -e
echo "/* generated from $1 by linux-user/gen-syscall-list.sh */"
sed -n 's/^#define __NR_\([a-z0-9_]*\)[ 	][ 	]*\([0-9][0-9]*\)$/SYSCALL(\1, \2)/p' "$1"
