/*
 * The i386 Linux ABI as a guest sees it: structure layouts and the few
 * constants that differ from the host's.
 *
 * NOTE: i386 and x86_64 Linux share the values of errno, signal numbers,
 * open/mmap/socket flags and most ioctl numbers, so those come from the
 * host headers.  What differs is layout: 32-bit longs and pointers, and
 * 64-bit members aligned to 4 bytes (abi_u64 below).  Every structure here
 * is checked against its i386 size at compile time.
 */
#ifndef SYSCALL_DEFS_H
#define SYSCALL_DEFS_H

#include <stdint.h>

typedef uint64_t abi_u64 __attribute__((aligned(4)));
typedef int64_t abi_s64 __attribute__((aligned(4)));

#define ABI_CHECK(type, size) \
    _Static_assert(sizeof(struct type) == (size), #type " is not the i386 size")

/* kernel-internal restart codes: never seen by the guest */
#define TARGET_ERESTARTSYS           512
#define TARGET_ERESTARTNOINTR        513
#define TARGET_ERESTARTNOHAND        514
#define TARGET_ERESTART_RESTARTBLOCK 516
/* sigreturn rewrote every register: leave EAX alone (the kernel's
   ENOIOCTLCMD, another number user space never sees) */
#define QEMU_ESIGRETURN              515

/* the i386 GDT as Linux sets it up for user space */
#define TARGET_GDT_ENTRIES    32
#define TARGET_GDT_ENTRY_TLS_MIN 6
#define TARGET_GDT_ENTRY_TLS_ENTRIES 3
#define TARGET_USER_CS        0x23 /* entry 4, RPL 3 */
#define TARGET_USER_DS        0x2b /* entry 5, RPL 3 */

#define TARGET_NSIG           64
#define TARGET_NSIG_WORDS     2
#define TARGET_MINSIGSTKSZ    2048

/* i386-only fcntl commands (x86_64 has only the 64-bit forms) */
#define TARGET_F_GETLK64      12
#define TARGET_F_SETLK64      13
#define TARGET_F_SETLKW64     14

#define TARGET_RLIM_INFINITY     0xffffffffu
#define TARGET_RLIM_OLD_INFINITY 0x7fffffffu

struct target_timespec {
    int32_t tv_sec;
    int32_t tv_nsec;
};
ABI_CHECK(target_timespec, 8);

struct target_timespec64 {
    abi_s64 tv_sec;
    abi_s64 tv_nsec;
};
ABI_CHECK(target_timespec64, 16);

struct target_timeval {
    int32_t tv_sec;
    int32_t tv_usec;
};
ABI_CHECK(target_timeval, 8);

struct target_itimerval {
    struct target_timeval it_interval;
    struct target_timeval it_value;
};
ABI_CHECK(target_itimerval, 16);

/* the head of struct sigevent (64 bytes in all): sigev_tid is the thread
   of SIGEV_THREAD_ID, the only member of the tail the kernel reads */
struct target_sigevent {
    uint32_t sigev_value;
    int32_t sigev_signo;
    int32_t sigev_notify;
    int32_t sigev_tid;
};
ABI_CHECK(target_sigevent, 16);

struct target_iovec {
    uint32_t iov_base;
    uint32_t iov_len;
};
ABI_CHECK(target_iovec, 8);

struct target_rusage {
    struct target_timeval ru_utime;
    struct target_timeval ru_stime;
    int32_t ru_long[14]; /* maxrss ... nivcsw, all longs */
};
ABI_CHECK(target_rusage, 72);

struct target_rlimit {
    uint32_t rlim_cur;
    uint32_t rlim_max;
};
ABI_CHECK(target_rlimit, 8);

struct target_stat {
    uint32_t st_dev;
    uint32_t st_ino;
    uint16_t st_mode;
    uint16_t st_nlink;
    uint16_t st_uid;
    uint16_t st_gid;
    uint32_t st_rdev;
    uint32_t st_size;
    uint32_t st_blksize;
    uint32_t st_blocks;
    uint32_t st_atime_;
    uint32_t st_atime_nsec;
    uint32_t st_mtime_;
    uint32_t st_mtime_nsec;
    uint32_t st_ctime_;
    uint32_t st_ctime_nsec;
    uint32_t unused4;
    uint32_t unused5;
};
ABI_CHECK(target_stat, 64);

struct target_stat64 {
    abi_u64 st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    abi_u64 st_rdev;
    uint8_t pad3[4];
    abi_s64 st_size;
    uint32_t st_blksize;
    abi_u64 st_blocks;
    uint32_t st_atime_;
    uint32_t st_atime_nsec;
    uint32_t st_mtime_;
    uint32_t st_mtime_nsec;
    uint32_t st_ctime_;
    uint32_t st_ctime_nsec;
    abi_u64 st_ino;
};
ABI_CHECK(target_stat64, 96);

struct target_statfs {
    uint32_t f_type;
    uint32_t f_bsize;
    uint32_t f_blocks;
    uint32_t f_bfree;
    uint32_t f_bavail;
    uint32_t f_files;
    uint32_t f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen;
    uint32_t f_frsize;
    uint32_t f_flags;
    uint32_t f_spare[4];
};
ABI_CHECK(target_statfs, 64);

struct target_statfs64 {
    uint32_t f_type;
    uint32_t f_bsize;
    abi_u64 f_blocks;
    abi_u64 f_bfree;
    abi_u64 f_bavail;
    abi_u64 f_files;
    abi_u64 f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen;
    uint32_t f_frsize;
    uint32_t f_flags;
    uint32_t f_spare[4];
};
ABI_CHECK(target_statfs64, 84);

struct target_sysinfo {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram;
    uint32_t freeram;
    uint32_t sharedram;
    uint32_t bufferram;
    uint32_t totalswap;
    uint32_t freeswap;
    uint16_t procs;
    uint16_t pad;
    uint32_t totalhigh;
    uint32_t freehigh;
    uint32_t mem_unit;
    char f[8];
};
ABI_CHECK(target_sysinfo, 64);

struct target_tms {
    int32_t tms_utime;
    int32_t tms_stime;
    int32_t tms_cutime;
    int32_t tms_cstime;
};
ABI_CHECK(target_tms, 16);

struct target_utimbuf {
    int32_t actime;
    int32_t modtime;
};
ABI_CHECK(target_utimbuf, 8);

struct target_flock {
    int16_t l_type;
    int16_t l_whence;
    int32_t l_start;
    int32_t l_len;
    int32_t l_pid;
};
ABI_CHECK(target_flock, 16);

struct target_flock64 {
    int16_t l_type;
    int16_t l_whence;
    abi_s64 l_start;
    abi_s64 l_len;
    int32_t l_pid;
};
ABI_CHECK(target_flock64, 24);

/* set_thread_area / modify_ldt */
struct target_user_desc {
    uint32_t entry_number;
    uint32_t base_addr;
    uint32_t limit;
    uint32_t flags; /* seg_32bit:1 contents:2 read_exec_only:1
                       limit_in_pages:1 seg_not_present:1 useable:1 */
};
ABI_CHECK(target_user_desc, 16);

/* select(82) and mmap(90) take their arguments in memory */
struct target_sel_arg_struct {
    uint32_t n, inp, outp, exp, tvp;
};
ABI_CHECK(target_sel_arg_struct, 20);

struct target_mmap_arg_struct {
    uint32_t addr, len, prot, flags, fd, offset;
};
ABI_CHECK(target_mmap_arg_struct, 24);

struct target_msghdr {
    uint32_t msg_name;
    uint32_t msg_namelen;
    uint32_t msg_iov;
    uint32_t msg_iovlen;
    uint32_t msg_control;
    uint32_t msg_controllen;
    int32_t msg_flags;
};
ABI_CHECK(target_msghdr, 28);

struct target_mmsghdr {
    struct target_msghdr msg_hdr;
    uint32_t msg_len;
};
ABI_CHECK(target_mmsghdr, 32);

struct target_cmsghdr {
    uint32_t cmsg_len;
    int32_t cmsg_level;
    int32_t cmsg_type;
};
ABI_CHECK(target_cmsghdr, 12);
#define TARGET_CMSG_ALIGN(len) (((len) + 3) & ~3u)

/* signals */

typedef uint64_t target_sigset_t; /* bit n-1 is signal n, two LE words */

/* (glibc makes sa_handler a macro: hence the short names) */
struct target_sigaction {
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    abi_u64 mask;
};
ABI_CHECK(target_sigaction, 20);

struct target_old_sigaction {
    uint32_t handler;
    uint32_t mask;
    uint32_t flags;
    uint32_t restorer;
};
ABI_CHECK(target_old_sigaction, 16);

#define TARGET_SIG_DFL 0u
#define TARGET_SIG_IGN 1u

typedef struct target_stack {
    uint32_t ss_sp;
    int32_t ss_flags;
    uint32_t ss_size;
} target_stack_t;
_Static_assert(sizeof(target_stack_t) == 12, "stack_t is not the i386 size");

/* compat_siginfo_t: the union starts at byte 12 */
typedef struct target_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    union {
        int32_t pad[29];
        struct { int32_t pid; uint32_t uid; } kill;
        struct { int32_t tid; int32_t overrun; uint32_t sigval; } timer;
        struct { int32_t pid; uint32_t uid; uint32_t sigval; } rt;
        struct {
            int32_t pid; uint32_t uid; int32_t status;
            int32_t utime; int32_t stime;
        } sigchld;
        struct { uint32_t addr; int16_t addr_lsb; } sigfault;
        struct { int32_t band; int32_t fd; } sigpoll;
        struct { uint32_t call_addr; int32_t syscall; uint32_t arch; } sigsys;
    } u;
} target_siginfo_t;
_Static_assert(sizeof(target_siginfo_t) == 128, "siginfo is not the i386 size");

#endif
