/*
 * -strace: each guest system call on stderr as `pid name(args) = result`.
 *
 * Names come from the list generated out of the kernel's asm/unistd_32.h;
 * argument formats from the table below, one letter per argument:
 *   d int   u unsigned   x hex   o octal   p pointer   s string   f dirfd
 * A call missing from the table shows three hex arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "qemu.h"
#include "syscall_nr.h"

#define NB_SYSCALLS 512
#define STRACE_STR_MAX 64

static const char *const syscall_names[NB_SYSCALLS] = {
#define SYSCALL(name, nr) [nr] = #name,
#include "linux-user/syscall_list.h"
#undef SYSCALL
};

static const struct {
    uint16_t nr;
    const char *fmt;
} formats[] = {
    { TARGET_NR_exit, "d" }, { TARGET_NR_exit_group, "d" },
    { TARGET_NR_fork, "" }, { TARGET_NR_vfork, "" },
    { TARGET_NR_read, "dpu" }, { TARGET_NR_write, "dpu" },
    { TARGET_NR_open, "sxo" }, { TARGET_NR_openat, "fsxo" },
    { TARGET_NR_creat, "so" }, { TARGET_NR_close, "d" },
    { TARGET_NR_waitpid, "dpx" }, { TARGET_NR_wait4, "dpxp" },
    { TARGET_NR_link, "ss" }, { TARGET_NR_unlink, "s" },
    { TARGET_NR_execve, "spp" }, { TARGET_NR_chdir, "s" },
    { TARGET_NR_time, "p" }, { TARGET_NR_chmod, "so" },
    { TARGET_NR_lseek, "ddd" }, { TARGET_NR__llseek, "duupd" },
    { TARGET_NR_getpid, "" }, { TARGET_NR_getppid, "" },
    { TARGET_NR_gettid, "" }, { TARGET_NR_getuid32, "" },
    { TARGET_NR_geteuid32, "" }, { TARGET_NR_getgid32, "" },
    { TARGET_NR_getegid32, "" }, { TARGET_NR_alarm, "u" },
    { TARGET_NR_pause, "" }, { TARGET_NR_access, "so" },
    { TARGET_NR_faccessat, "fso" }, { TARGET_NR_faccessat2, "fsox" },
    { TARGET_NR_kill, "dd" }, { TARGET_NR_tkill, "dd" },
    { TARGET_NR_tgkill, "ddd" }, { TARGET_NR_rename, "ss" },
    { TARGET_NR_mkdir, "so" }, { TARGET_NR_rmdir, "s" },
    { TARGET_NR_dup, "d" }, { TARGET_NR_dup2, "dd" }, { TARGET_NR_dup3, "ddx" },
    { TARGET_NR_pipe, "p" }, { TARGET_NR_pipe2, "px" },
    { TARGET_NR_times, "p" }, { TARGET_NR_brk, "p" },
    { TARGET_NR_ioctl, "dxp" }, { TARGET_NR_fcntl, "ddx" },
    { TARGET_NR_fcntl64, "ddx" }, { TARGET_NR_setpgid, "dd" },
    { TARGET_NR_umask, "o" }, { TARGET_NR_getpgrp, "" },
    { TARGET_NR_setsid, "" }, { TARGET_NR_sigaction, "dpp" },
    { TARGET_NR_rt_sigaction, "dppu" }, { TARGET_NR_sigprocmask, "dpp" },
    { TARGET_NR_rt_sigprocmask, "dppu" }, { TARGET_NR_rt_sigsuspend, "pu" },
    { TARGET_NR_sigreturn, "" }, { TARGET_NR_rt_sigreturn, "" },
    { TARGET_NR_sigaltstack, "pp" }, { TARGET_NR_rt_sigtimedwait, "pppu" },
    { TARGET_NR_setrlimit, "dp" }, { TARGET_NR_getrlimit, "dp" },
    { TARGET_NR_ugetrlimit, "dp" }, { TARGET_NR_prlimit64, "ddpp" },
    { TARGET_NR_getrusage, "dp" }, { TARGET_NR_gettimeofday, "pp" },
    { TARGET_NR_symlink, "ss" }, { TARGET_NR_readlink, "spu" },
    { TARGET_NR_readlinkat, "fspu" }, { TARGET_NR_mmap, "p" },
    { TARGET_NR_mmap2, "pudxdx" }, { TARGET_NR_munmap, "pu" },
    { TARGET_NR_mprotect, "pux" }, { TARGET_NR_mremap, "puuxp" },
    { TARGET_NR_madvise, "pud" }, { TARGET_NR_truncate, "sd" },
    { TARGET_NR_ftruncate, "dd" }, { TARGET_NR_fchmod, "do" },
    { TARGET_NR_socketcall, "dp" }, { TARGET_NR_setitimer, "dpp" },
    { TARGET_NR_getitimer, "dp" }, { TARGET_NR_stat, "sp" },
    { TARGET_NR_lstat, "sp" }, { TARGET_NR_fstat, "dp" },
    { TARGET_NR_stat64, "sp" }, { TARGET_NR_lstat64, "sp" },
    { TARGET_NR_fstat64, "dp" }, { TARGET_NR_fstatat64, "fspx" },
    { TARGET_NR_statx, "fsxxp" }, { TARGET_NR_statfs64, "sup" },
    { TARGET_NR_fstatfs64, "dup" }, { TARGET_NR_sysinfo, "p" },
    { TARGET_NR_fsync, "d" }, { TARGET_NR_clone, "xpppp" },
    { TARGET_NR_uname, "p" }, { TARGET_NR_fchdir, "d" },
    { TARGET_NR_getdents, "dpu" }, { TARGET_NR_getdents64, "dpu" },
    { TARGET_NR__newselect, "dpppp" }, { TARGET_NR_pselect6, "dppppp" },
    { TARGET_NR_poll, "pud" }, { TARGET_NR_ppoll, "puppu" },
    { TARGET_NR_readv, "dpu" }, { TARGET_NR_writev, "dpu" },
    { TARGET_NR_pread64, "dpuuu" }, { TARGET_NR_pwrite64, "dpuuu" },
    { TARGET_NR_getsid, "d" }, { TARGET_NR_getpgid, "d" },
    { TARGET_NR_nanosleep, "pp" }, { TARGET_NR_getcwd, "pu" },
    { TARGET_NR_set_thread_area, "p" }, { TARGET_NR_get_thread_area, "p" },
    { TARGET_NR_set_tid_address, "p" }, { TARGET_NR_set_robust_list, "pu" },
    { TARGET_NR_futex, "pdupp" }, { TARGET_NR_futex_time64, "pdupp" },
    { TARGET_NR_clock_gettime, "dp" }, { TARGET_NR_clock_gettime64, "dp" },
    { TARGET_NR_clock_getres, "dp" }, { TARGET_NR_clock_nanosleep, "dxpp" },
    { TARGET_NR_clock_nanosleep_time64, "dxpp" }, { TARGET_NR_getrandom, "pux" },
    { TARGET_NR_utimensat, "fspx" }, { TARGET_NR_unlinkat, "fsx" },
    { TARGET_NR_mkdirat, "fso" }, { TARGET_NR_renameat, "fsfs" },
    { TARGET_NR_renameat2, "fsfsx" }, { TARGET_NR_linkat, "fsfsx" },
    { TARGET_NR_symlinkat, "sfs" }, { TARGET_NR_fchmodat, "fso" },
    { TARGET_NR_fchownat, "fsddx" }, { TARGET_NR_socket, "ddd" },
    { TARGET_NR_bind, "dpu" }, { TARGET_NR_connect, "dpu" },
    { TARGET_NR_listen, "dd" }, { TARGET_NR_accept4, "dppx" },
    { TARGET_NR_sendto, "dpuxpu" }, { TARGET_NR_recvfrom, "dpuxpp" },
    { TARGET_NR_shutdown, "dd" }, { TARGET_NR_socketpair, "dddp" },
    { TARGET_NR_setsockopt, "dddpu" }, { TARGET_NR_getsockopt, "dddpp" },
    { TARGET_NR_sendmsg, "dpx" }, { TARGET_NR_recvmsg, "dpx" },
    { TARGET_NR_sched_yield, "" }, { TARGET_NR_sched_getaffinity, "dup" },
    { TARGET_NR_personality, "x" }, { TARGET_NR_rseq, "pudx" },
    { TARGET_NR_waitid, "ddpxp" }, { TARGET_NR_chown32, "sdd" },
    { TARGET_NR_fchown32, "ddd" }, { TARGET_NR_lchown32, "sdd" },
    { TARGET_NR_setuid32, "d" }, { TARGET_NR_setgid32, "d" },
    { TARGET_NR_getgroups32, "dp" }, { TARGET_NR_prctl, "dxxxx" },
};

static const char *target_syscall_name(int num)
{
    static __thread char buf[32];

    if (num >= 0 && num < NB_SYSCALLS && syscall_names[num])
        return syscall_names[num];
    snprintf(buf, sizeof(buf), "syscall_%d", num);
    return buf;
}

static const char *format_of(int num)
{
    size_t i;

    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        if (formats[i].nr == num)
            return formats[i].fmt;
    }
    return "xxx";
}

static void print_string(FILE *f, uint32_t addr)
{
    long len = guest_strlen(addr);
    const unsigned char *s = g2h(addr);
    long i;

    if (len < 0) {
        fprintf(f, "0x%x", addr);
        return;
    }
    fputc('"', f);
    for (i = 0; i < len && i < STRACE_STR_MAX; i++) {
        if (s[i] == '"' || s[i] == '\\')
            fprintf(f, "\\%c", s[i]);
        else if (s[i] >= 32 && s[i] < 127)
            fputc(s[i], f);
        else
            fprintf(f, "\\%o", s[i]);
    }
    fputs(len > STRACE_STR_MAX ? "\"..." : "\"", f);
}

static void print_arg(FILE *f, char type, uint32_t v)
{
    switch (type) {
    case 'd':
        fprintf(f, "%d", (int32_t)v);
        break;
    case 'u':
        fprintf(f, "%u", v);
        break;
    case 'o':
        fprintf(f, "0%o", v);
        break;
    case 'p':
        if (v)
            fprintf(f, "0x%x", v);
        else
            fputs("NULL", f);
        break;
    case 's':
        print_string(f, v);
        break;
    case 'f':
        if ((int32_t)v == AT_FDCWD)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int32_t)v);
        break;
    default:
        fprintf(f, "0x%x", v);
        break;
    }
}

static void print_call(FILE *f, int num, const uint32_t args[6])
{
    const char *fmt = format_of(num);
    int i;

    fprintf(f, "%d %s(", getpid(), target_syscall_name(num));
    for (i = 0; fmt[i] && i < 6; i++) {
        if (i)
            fputc(',', f);
        print_arg(f, fmt[i], args[i]);
    }
    fputc(')', f);
}

void print_syscall(int num, const uint32_t args[6])
{
    print_call(stderr, num, args);
    fflush(stderr);
}

static const char *restart_name(long ret)
{
    switch (ret) {
    case -TARGET_ERESTARTSYS:
        return "ERESTARTSYS";
    case -TARGET_ERESTARTNOINTR:
        return "ERESTARTNOINTR";
    case -TARGET_ERESTARTNOHAND:
        return "ERESTARTNOHAND";
    case -TARGET_ERESTART_RESTARTBLOCK:
        return "ERESTART_RESTARTBLOCK";
    }
    return NULL;
}

void print_syscall_ret(int num, long ret)
{
    if (ret == -QEMU_ESIGRETURN) {
        fputs(" = ?\n", stderr);
    } else if (restart_name(ret)) {
        fprintf(stderr, " = ? %s (To be restarted)\n", restart_name(ret));
    } else if ((unsigned long)ret >= (unsigned long)-4095) {
        fprintf(stderr, " = -1 errno=%ld (%s)\n", -ret, strerror(-ret));
    } else if (num == TARGET_NR_mmap || num == TARGET_NR_mmap2 ||
               num == TARGET_NR_brk || num == TARGET_NR_mremap) {
        fprintf(stderr, " = 0x%x\n", (uint32_t)ret);
    } else {
        fprintf(stderr, " = %d\n", (int32_t)ret);
    }
}

/* an i386 syscall the emulator lacks: named once, even without -strace
   (a number Linux does not know is no news: ENOSYS natively too) */
void print_unimplemented_once(int num, const uint32_t args[6])
{
    static unsigned char seen[NB_SYSCALLS / 8];
    unsigned idx = (unsigned)num;

    if (do_strace || idx >= NB_SYSCALLS || !syscall_names[idx] ||
        (seen[idx / 8] & (1 << (idx % 8))))
        return;
    seen[idx / 8] |= 1 << (idx % 8);
    print_call(stderr, num, args);
    fputs(" = -1 ENOSYS (not implemented by " QEMU_NAME ")\n", stderr);
}
