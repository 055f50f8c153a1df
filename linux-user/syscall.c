/*
 * The i386 system calls: do_syscall() is one switch on the guest's syscall
 * number; each case converts what differs between the i386 and x86_64
 * layouts (32-bit longs, pointers, time_t) and calls the host kernel.
 *
 * What to know:
 * - Guest pointers are host pointers (qemu.h), so a buffer whose layout is
 *   the same on both sides goes to the host kernel as it is.  Before the
 *   kernel writes into one, access_extent(VERIFY_WRITE) gives back write
 *   access to pages write-protected for translated code.
 * - Calls that may block go through safe_syscall(), and an interrupted one
 *   returns one of the kernel's restart codes (TARGET_ERESTART*); cpu_loop
 *   and signal.c then restart it or make it fail with EINTR, as the kernel
 *   would for an i386 process.
 * - Results are host longs; cpu_loop keeps their low 32 bits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "qemu.h"
#include "syscall_nr.h"

#define TARGET_UIO_MAXIOV 1024
#define TARGET_MAX_RW     0x7ffff000u  /* the kernel's MAX_RW_COUNT */
#define ROBUST_LIST_HEAD_SIZE 12       /* struct compat_robust_list_head */
#define TARGET_OVERFLOWUID 65534

static long host_ret(long ret)
{
    return ret == -1 ? -errno : ret;
}

/* a blocking call a signal interrupted: the kernel's ERESTARTSYS */
static long restartable(long ret)
{
    return ret == -EINTR ? -TARGET_ERESTARTSYS : ret;
}

/* a call Linux never restarts after a handler (select, poll, pause ...) */
static long restart_nohand(long ret)
{
    return ret == -EINTR ? -TARGET_ERESTARTNOHAND : ret;
}

static uint64_t arg64(uint32_t low, uint32_t high)
{
    return (uint64_t)high << 32 | low;
}

/* bytes of a guest buffer the host kernel may write (0: none at all) */
static uint32_t out_buf(uint32_t addr, uint32_t len)
{
    if (len > TARGET_MAX_RW)
        len = TARGET_MAX_RW;
    return access_extent(VERIFY_WRITE, addr, len);
}

static uint32_t in_buf(uint32_t addr, uint32_t len)
{
    if (len > TARGET_MAX_RW)
        len = TARGET_MAX_RW;
    return access_extent(VERIFY_READ, addr, len);
}

/* time structures */

int target_to_host_timespec(struct timespec *ts, uint32_t addr)
{
    struct target_timespec t;

    if (copy_from_user(&t, addr, sizeof(t)))
        return -EFAULT;
    ts->tv_sec = t.tv_sec;
    ts->tv_nsec = t.tv_nsec;
    return 0;
}

static int host_to_target_timespec(uint32_t addr, const struct timespec *ts)
{
    struct target_timespec t = { ts->tv_sec, ts->tv_nsec };

    return copy_to_user(addr, &t, sizeof(t));
}

/* a 32-bit task's tv_nsec is the low word only */
int target_to_host_timespec64(struct timespec *ts, uint32_t addr)
{
    struct target_timespec64 t;

    if (copy_from_user(&t, addr, sizeof(t)))
        return -EFAULT;
    ts->tv_sec = t.tv_sec;
    ts->tv_nsec = (int32_t)t.tv_nsec;
    return 0;
}

static int host_to_target_timespec64(uint32_t addr, const struct timespec *ts)
{
    struct target_timespec64 t = { ts->tv_sec, ts->tv_nsec };

    return copy_to_user(addr, &t, sizeof(t));
}

int target_to_host_timeval(struct timeval *tv, uint32_t addr)
{
    struct target_timeval t;

    if (copy_from_user(&t, addr, sizeof(t)))
        return -EFAULT;
    tv->tv_sec = t.tv_sec;
    tv->tv_usec = t.tv_usec;
    return 0;
}

static int host_to_target_timeval(uint32_t addr, const struct timeval *tv)
{
    struct target_timeval t = { tv->tv_sec, tv->tv_usec };

    return copy_to_user(addr, &t, sizeof(t));
}

static int get_timespec(struct timespec *ts, uint32_t addr, int time64)
{
    return time64 ? target_to_host_timespec64(ts, addr) :
                    target_to_host_timespec(ts, addr);
}

static int put_timespec(uint32_t addr, const struct timespec *ts, int time64)
{
    return time64 ? host_to_target_timespec64(addr, ts) :
                    host_to_target_timespec(addr, ts);
}

static int target_to_host_itimerval(struct itimerval *it, uint32_t addr)
{
    if (target_to_host_timeval(&it->it_interval, addr) ||
        target_to_host_timeval(&it->it_value, addr + 8))
        return -EFAULT;
    return 0;
}

static int host_to_target_itimerval(uint32_t addr, const struct itimerval *it)
{
    if (host_to_target_timeval(addr, &it->it_interval) ||
        host_to_target_timeval(addr + 8, &it->it_value))
        return -EFAULT;
    return 0;
}

/* itimerspec: two timespecs, in either width */
static int get_itimerspec(struct itimerspec *it, uint32_t addr, int time64)
{
    int size = time64 ? 16 : 8;

    if (get_timespec(&it->it_interval, addr, time64) ||
        get_timespec(&it->it_value, addr + size, time64))
        return -EFAULT;
    return 0;
}

static int put_itimerspec(uint32_t addr, const struct itimerspec *it, int time64)
{
    int size = time64 ? 16 : 8;

    if (put_timespec(addr, &it->it_interval, time64) ||
        put_timespec(addr + size, &it->it_value, time64))
        return -EFAULT;
    return 0;
}

static int host_to_target_rusage(uint32_t addr, const struct rusage *ru)
{
    struct target_rusage t;
    const long *l = &ru->ru_maxrss;
    int i;

    t.ru_utime.tv_sec = ru->ru_utime.tv_sec;
    t.ru_utime.tv_usec = ru->ru_utime.tv_usec;
    t.ru_stime.tv_sec = ru->ru_stime.tv_sec;
    t.ru_stime.tv_usec = ru->ru_stime.tv_usec;
    for (i = 0; i < 14; i++)
        t.ru_long[i] = l[i];
    return copy_to_user(addr, &t, sizeof(t));
}

/* the guest's iovec array as host iovecs, each buffer checked for `type`;
   the vector stops at the first byte the guest cannot reach.  Returns the
   count, or -errno. */
long get_iovec(struct iovec **vec, uint32_t addr, uint32_t count, int type)
{
    struct target_iovec *tv;
    struct iovec *hv;
    uint64_t total = 0;
    uint32_t i, n = count;

    *vec = NULL;
    if (count > TARGET_UIO_MAXIOV)
        return -EINVAL;
    if (count == 0)
        return 0;
    tv = malloc(count * sizeof(*tv));
    hv = calloc(count, sizeof(*hv));
    if (!tv || !hv || copy_from_user(tv, addr, count * sizeof(*tv))) {
        free(tv);
        free(hv);
        return -EFAULT;
    }
    for (i = 0; i < count; i++) {
        if ((int32_t)tv[i].iov_len < 0 || (total += tv[i].iov_len) > INT32_MAX) {
            free(tv);
            free(hv);
            return -EINVAL;
        }
    }
    for (i = 0; i < count; i++) {
        uint32_t len = tv[i].iov_len;
        uint32_t ext = len ? access_extent(type, tv[i].iov_base, len) : 0;
        hv[i].iov_base = g2h(tv[i].iov_base);
        hv[i].iov_len = ext;
        if (ext < len) {
            n = ext ? i + 1 : i;
            break;
        }
    }
    free(tv);
    if (n == 0 && count) {
        free(hv);
        return -EFAULT;
    }
    *vec = hv;
    return n;
}

/* paths */

static int is_proc_self_exe(const char *name)
{
    char own[64], thread[80];

    snprintf(own, sizeof(own), "/proc/%d/exe", getpid());
    snprintf(thread, sizeof(thread), "/proc/%d/task/%d/exe", getpid(), gettid());
    return strcmp(name, "/proc/self/exe") == 0 ||
           strcmp(name, "/proc/thread-self/exe") == 0 || strcmp(name, own) == 0 ||
           strcmp(name, thread) == 0;
}

/* a path the guest passes: /proc/self/exe is the guest program; absolute
   paths that only read may come from the -L prefix.  NULL if unreadable. */
static const char *guest_path(uint32_t addr, int remap)
{
    const char *p = lock_user_string(addr);

    if (!p)
        return NULL;
    if (is_proc_self_exe(p))
        return exec_path;
    return remap ? path(p) : p;
}

/* what stat looks at: without following, /proc/self/exe is the link
   itself (the host's own link stands in for it: it is a link too) */
static const char *guest_stat_path(uint32_t addr, int flags)
{
    const char *p = lock_user_string(addr);

    if (p && (flags & AT_SYMLINK_NOFOLLOW) && is_proc_self_exe(p))
        return p;
    return guest_path(addr, 1);
}

#define GET_PATH(var, addr, remap)                  \
    const char *var = guest_path(addr, remap);      \
    if (!var)                                       \
        return -EFAULT

/* files */

static long do_openat(int dirfd, uint32_t upath, int flags, int mode)
{
    const char *raw = lock_user_string(upath);
    int fd = raw ? proc_open(raw, flags) : -1;
    GET_PATH(p, upath, !(flags & (O_CREAT | O_WRONLY | O_RDWR)));

    if (fd != -1)
        return fd;
    return restartable(safe_syscall(SYS_openat, dirfd, p, flags, mode));
}

static long do_read(int fd, uint32_t buf, uint32_t count)
{
    uint32_t n = out_buf(buf, count);

    if (count && !n)
        return -EFAULT;
    return restartable(safe_syscall(SYS_read, fd, g2h(buf), n));
}

static long do_write(int fd, uint32_t buf, uint32_t count)
{
    uint32_t n = in_buf(buf, count);

    if (count && !n)
        return -EFAULT;
    return restartable(safe_syscall(SYS_write, fd, g2h(buf), n));
}

static long do_pread(int fd, uint32_t buf, uint32_t count, int64_t off, int write)
{
    uint32_t n = write ? in_buf(buf, count) : out_buf(buf, count);

    if (count && !n)
        return -EFAULT;
    return restartable(safe_syscall(write ? SYS_pwrite64 : SYS_pread64, fd,
                                    g2h(buf), n, off));
}

/* readv, writev and the positioned forms (off < 0: none) */
static long do_readv(int nr, int fd, uint32_t uvec, uint32_t count, int64_t off,
                     int flags)
{
    int write = nr == SYS_writev || nr == SYS_pwritev2;
    struct iovec *vec;
    long n = get_iovec(&vec, uvec, count, write ? VERIFY_READ : VERIFY_WRITE);
    long ret;

    if (n < 0)
        return n;
    if (nr == SYS_readv || nr == SYS_writev)
        ret = safe_syscall(nr, fd, vec, n);
    else
        ret = safe_syscall(nr, fd, vec, n, off, off >> 32, flags);
    free(vec);
    return restartable(ret);
}

static int is_directory_fd(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The 32-bit entry of the host kernel, for the calls whose answer depends
   on the caller being a 32-bit task: ext4 hands out 32-bit directory
   offsets then (glibc's i386 readdir fails on 64-bit ones).  Pointer
   arguments are guest addresses, below 4 GiB. */
static long int80_syscall(long nr, long a1, long a2, long a3, long a4, long a5)
{
    long ret;

    asm volatile("int $0x80"
                 : "=a"(ret)
                 : "0"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
                 : "memory", "r8", "r9", "r10", "r11");
    return (int)ret;
}

/* kernels built or booted without IA32 emulation kill the caller */
static int int80_available(void)
{
    static int available = -1;
    int status;
    pid_t pid;

    if (available >= 0)
        return available;
    pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        _exit(int80_syscall(TARGET_NR_getpid, 0, 0, 0, 0, 0) == getpid() ? 0 : 1);
    }
    available = pid > 0 && waitpid(pid, &status, 0) == pid &&
                WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return available;
}

struct target_dirent {
    uint32_t d_ino;
    uint32_t d_off;
    uint16_t d_reclen;
    char d_name[];
};

struct host_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* Without the 32-bit entry: getdents64 has one layout for both, and the
   old getdents is rebuilt from it with the kernel's compat rule, EOVERFLOW
   for an offset or inode that does not fit (glibc's i386 readdir then
   fails, which is what it does natively with 64-bit directory offsets). */
static long getdents_converted(int fd, uint32_t buf, uint32_t count, int is64)
{
    char *host;
    long len, pos, out = 0;
    int64_t resume = -1;

    if (is64)
        return host_ret(syscall(SYS_getdents64, fd, g2h(buf), count));
    host = malloc(count);
    if (!host)
        return -ENOMEM;
    len = host_ret(syscall(SYS_getdents64, fd, host, count));
    for (pos = 0; pos < len; ) {
        struct host_dirent64 d;
        struct target_dirent t;
        const char *name = host + pos + offsetof(struct host_dirent64, d_name);
        size_t namelen = strlen(name);
        size_t name_at = offsetof(struct target_dirent, d_name);
        uint16_t reclen = (name_at + namelen + 2 + 3) & ~3;
        memcpy(&d, host + pos, sizeof(d));
        if (d.d_ino > UINT32_MAX || d.d_off != (int32_t)d.d_off) {
            if (out == 0)
                out = -EOVERFLOW;
            break;
        }
        t.d_ino = d.d_ino;
        t.d_off = d.d_off;
        t.d_reclen = reclen;
        memcpy(g2h(buf + out), &t, name_at);
        memcpy(g2h(buf + out + name_at), name, namelen + 1);
        memcpy(g2h(buf + out + reclen - 1), &d.d_type, 1);
        out += reclen;
        resume = d.d_off;
        pos += d.d_reclen;
    }
    /* the next call starts at the first entry not returned */
    if (pos < len)
        lseek(fd, resume < 0 ? 0 : resume, SEEK_SET);
    free(host);
    return len < 0 ? len : out;
}

static long do_getdents(int fd, uint32_t buf, uint32_t count, int is64)
{
    uint32_t n = out_buf(buf, count);

    if (count && !n)
        return -EFAULT;
    if (int80_available())
        return int80_syscall(is64 ? TARGET_NR_getdents64 : TARGET_NR_getdents,
                             fd, buf, n, 0, 0);
    return getdents_converted(fd, buf, n, is64);
}

static long do_lseek(int fd, int32_t offset, int whence)
{
    off_t ret;

    if (is_directory_fd(fd) && int80_available())
        return int80_syscall(TARGET_NR_lseek, fd, offset, whence, 0, 0);
    ret = lseek(fd, offset, whence);
    if (ret < 0)
        return -errno;
    return ret > INT32_MAX ? -EOVERFLOW : ret;
}

static long do_llseek(int fd, uint32_t high, uint32_t low, uint32_t result,
                      int whence)
{
    off_t ret;

    if (!access_ok(VERIFY_WRITE, result, 8))
        return -EFAULT;
    if (is_directory_fd(fd) && int80_available())
        return int80_syscall(TARGET_NR__llseek, fd, high, low, result, whence);
    ret = lseek(fd, arg64(low, high), whence);
    if (ret < 0)
        return -errno;
    return copy_to_user(result, &ret, 8);
}

/* fcntl: only the record locks have their own layouts */

static int get_flock(struct flock *fl, uint32_t addr, int is64)
{
    struct target_flock t;
    struct target_flock64 t64;

    if (is64) {
        if (copy_from_user(&t64, addr, sizeof(t64)))
            return -EFAULT;
        *fl = (struct flock){ t64.l_type, t64.l_whence, t64.l_start, t64.l_len,
                              t64.l_pid };
    } else {
        if (copy_from_user(&t, addr, sizeof(t)))
            return -EFAULT;
        *fl = (struct flock){ t.l_type, t.l_whence, t.l_start, t.l_len, t.l_pid };
    }
    return 0;
}

static int put_flock(uint32_t addr, const struct flock *fl, int is64)
{
    struct target_flock t;
    struct target_flock64 t64;

    if (is64) {
        t64 = (struct target_flock64){ fl->l_type, fl->l_whence, fl->l_start,
                                       fl->l_len, fl->l_pid };
        return copy_to_user(addr, &t64, sizeof(t64));
    }
    if (fl->l_start > INT32_MAX || fl->l_len > INT32_MAX)
        return -EOVERFLOW;
    t = (struct target_flock){ fl->l_type, fl->l_whence, fl->l_start, fl->l_len,
                               fl->l_pid };
    return copy_to_user(addr, &t, sizeof(t));
}

static long do_fcntl_lock(int fd, int host_cmd, uint32_t arg, int is64)
{
    struct flock fl;
    long ret = get_flock(&fl, arg, is64);

    if (ret)
        return ret;
    if (host_cmd == F_SETLKW || host_cmd == F_OFD_SETLKW)
        ret = restartable(safe_syscall(SYS_fcntl, fd, host_cmd, &fl));
    else
        ret = host_ret(syscall(SYS_fcntl, fd, host_cmd, &fl));
    if (ret == 0 && (host_cmd == F_GETLK || host_cmd == F_OFD_GETLK))
        ret = put_flock(arg, &fl, is64);
    return ret;
}

static long do_fcntl(int fd, int cmd, uint32_t arg, int fcntl64)
{
    switch (cmd) {
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        return do_fcntl_lock(fd, cmd, arg, 0);
    case TARGET_F_GETLK64:
    case TARGET_F_SETLK64:
    case TARGET_F_SETLKW64:
        if (!fcntl64)
            return -EINVAL;
        return do_fcntl_lock(fd, cmd - TARGET_F_GETLK64 + F_GETLK, arg, 1);
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        return do_fcntl_lock(fd, cmd, arg, 1);
    case F_GETOWN_EX:
        if (!access_ok(VERIFY_WRITE, arg, 8))
            return -EFAULT;
        break;
    }
    /* the rest take an int or a pointer to a layout both sides share */
    return host_ret(syscall(SYS_fcntl, fd, cmd, (unsigned long)arg));
}

/* ioctl: the terminal requests, whose structures are the same for i386
   and x86_64 (termios, termio, winsize, ints) */
static const struct {
    uint32_t cmd;
    uint16_t out_size;   /* bytes the kernel writes at the argument */
    uint8_t blocks;      /* may wait: a signal must interrupt it */
} ioctl_table[] = {
    { TCGETS, 36, 0 }, { TCSETS, 0, 0 }, { TCSETSW, 0, 1 }, { TCSETSF, 0, 1 },
    { TCGETA, 18, 0 }, { TCSETA, 0, 0 }, { TCSETAW, 0, 1 }, { TCSETAF, 0, 1 },
    { TCSBRK, 0, 1 }, { TCSBRKP, 0, 1 }, { TCXONC, 0, 0 }, { TCFLSH, 0, 0 },
    { TIOCGWINSZ, 8, 0 }, { TIOCSWINSZ, 0, 0 }, { TIOCGPGRP, 4, 0 },
    { TIOCSPGRP, 0, 0 }, { TIOCGSID, 4, 0 }, { TIOCSCTTY, 0, 0 },
    { TIOCNOTTY, 0, 0 }, { TIOCOUTQ, 4, 0 }, { TIOCSTI, 0, 0 },
    { TIOCEXCL, 0, 0 }, { TIOCNXCL, 0, 0 }, { TIOCGEXCL, 4, 0 },
    { TIOCGETD, 4, 0 }, { TIOCSETD, 0, 0 }, { TIOCMGET, 4, 0 },
    { TIOCMSET, 0, 0 }, { TIOCMBIS, 0, 0 }, { TIOCMBIC, 0, 0 },
    { TIOCGPTN, 4, 0 }, { TIOCSPTLCK, 0, 0 }, { TIOCGPTLCK, 4, 0 },
    { TIOCGPTPEER, 0, 0 }, { TIOCGLCKTRMIOS, 36, 0 }, { TIOCSLCKTRMIOS, 0, 0 },
    { FIONREAD, 4, 0 }, { FIONBIO, 0, 0 }, { FIOASYNC, 0, 0 },
    { FIOCLEX, 0, 0 }, { FIONCLEX, 0, 0 },
};

static long do_ioctl(int fd, uint32_t cmd, uint32_t arg)
{
    size_t i;

    for (i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++) {
        if (ioctl_table[i].cmd != cmd)
            continue;
        if (ioctl_table[i].out_size &&
            !access_ok(VERIFY_WRITE, arg, ioctl_table[i].out_size))
            return -EFAULT;
        if (ioctl_table[i].blocks)
            return restartable(safe_syscall(SYS_ioctl, fd, cmd, arg));
        return host_ret(syscall(SYS_ioctl, fd, (unsigned long)cmd,
                                (unsigned long)arg));
    }
    return -ENOTTY;
}

/* stat */

static int host_to_target_stat64(uint32_t addr, const struct stat *st)
{
    struct target_stat64 t;

    memset(&t, 0, sizeof(t));
    t.st_dev = st->st_dev;
    t.st_ino32 = st->st_ino;
    t.st_mode = st->st_mode;
    t.st_nlink = st->st_nlink;
    t.st_uid = st->st_uid;
    t.st_gid = st->st_gid;
    t.st_rdev = st->st_rdev;
    t.st_size = st->st_size;
    t.st_blksize = st->st_blksize;
    t.st_blocks = st->st_blocks;
    t.st_atime_ = st->st_atim.tv_sec;
    t.st_atime_nsec = st->st_atim.tv_nsec;
    t.st_mtime_ = st->st_mtim.tv_sec;
    t.st_mtime_nsec = st->st_mtim.tv_nsec;
    t.st_ctime_ = st->st_ctim.tv_sec;
    t.st_ctime_nsec = st->st_ctim.tv_nsec;
    t.st_ino = st->st_ino;
    return copy_to_user(addr, &t, sizeof(t));
}

static uint16_t high2lowuid(uint32_t uid)
{
    return uid > 0xffff ? TARGET_OVERFLOWUID : uid;
}

static uint32_t low2highuid(uint32_t uid)
{
    return (uint16_t)uid == 0xffff ? (uint32_t)-1 : (uint16_t)uid;
}

/* the old struct stat: 16-bit ids and devices of 8+8 bits, or EOVERFLOW */
static int host_to_target_stat(uint32_t addr, const struct stat *st)
{
    struct target_stat t;

    if (major(st->st_dev) > 255 || minor(st->st_dev) > 255 ||
        major(st->st_rdev) > 255 || minor(st->st_rdev) > 255 ||
        st->st_ino > UINT32_MAX || st->st_nlink > 0xffff ||
        st->st_size > INT32_MAX)
        return -EOVERFLOW;
    memset(&t, 0, sizeof(t));
    t.st_dev = major(st->st_dev) << 8 | minor(st->st_dev);
    t.st_ino = st->st_ino;
    t.st_mode = st->st_mode;
    t.st_nlink = st->st_nlink;
    t.st_uid = high2lowuid(st->st_uid);
    t.st_gid = high2lowuid(st->st_gid);
    t.st_rdev = major(st->st_rdev) << 8 | minor(st->st_rdev);
    t.st_size = st->st_size;
    t.st_blksize = st->st_blksize;
    t.st_blocks = st->st_blocks;
    t.st_atime_ = st->st_atim.tv_sec;
    t.st_atime_nsec = st->st_atim.tv_nsec;
    t.st_mtime_ = st->st_mtim.tv_sec;
    t.st_mtime_nsec = st->st_mtim.tv_nsec;
    t.st_ctime_ = st->st_ctim.tv_sec;
    t.st_ctime_nsec = st->st_ctim.tv_nsec;
    return copy_to_user(addr, &t, sizeof(t));
}

/* every stat flavour: fstatat on the host, then the guest's layout */
static long do_fstatat(int dirfd, uint32_t upath, uint32_t buf, int flags,
                       int old_layout)
{
    struct stat st;
    const char *p = "";

    if (upath) {
        p = guest_stat_path(upath, flags);
        if (!p)
            return -EFAULT;
    }
    if (fstatat(dirfd, p, &st, flags) < 0)
        return -errno;
    return old_layout ? host_to_target_stat(buf, &st) :
                        host_to_target_stat64(buf, &st);
}

static long do_statx(int dirfd, uint32_t upath, int flags, uint32_t mask,
                     uint32_t buf)
{
    const char *p = guest_stat_path(upath, flags);

    if (!p)
        return -EFAULT;

    if (!access_ok(VERIFY_WRITE, buf, 256))
        return -EFAULT;
    return host_ret(syscall(SYS_statx, dirfd, p, flags, mask, g2h(buf)));
}

static long put_statfs(uint32_t addr, const struct statfs *s, int is64)
{
    struct target_statfs64 t64 = {
        s->f_type, s->f_bsize, s->f_blocks, s->f_bfree, s->f_bavail,
        s->f_files, s->f_ffree, { 0, 0 }, s->f_namelen, s->f_frsize,
        s->f_flags, { 0 },
    };
    struct target_statfs t;

    memcpy(t64.f_fsid, &s->f_fsid, sizeof(t64.f_fsid));
    if (is64)
        return copy_to_user(addr, &t64, sizeof(t64));
    if ((s->f_blocks | s->f_bfree | s->f_bavail | s->f_bsize | s->f_frsize) >>
        32 || (s->f_files != (fsfilcnt_t)-1 && s->f_files >> 32) ||
        (s->f_ffree != (fsfilcnt_t)-1 && s->f_ffree >> 32))
        return -EOVERFLOW;
    t = (struct target_statfs){
        t64.f_type, t64.f_bsize, t64.f_blocks, t64.f_bfree, t64.f_bavail,
        t64.f_files, t64.f_ffree, { t64.f_fsid[0], t64.f_fsid[1] },
        t64.f_namelen, t64.f_frsize, t64.f_flags, { 0 },
    };
    return copy_to_user(addr, &t, sizeof(t));
}

static long do_statfs(uint32_t upath, int fd, uint32_t size, uint32_t buf, int is64)
{
    struct statfs s;

    if (is64 && size != sizeof(struct target_statfs64))
        return -EINVAL;
    if (upath) {
        GET_PATH(p, upath, 1);
        if (statfs(p, &s) < 0)
            return -errno;
    } else if (fstatfs(fd, &s) < 0) {
        return -errno;
    }
    return put_statfs(buf, &s, is64);
}

static long do_readlinkat(int dirfd, uint32_t upath, uint32_t buf, uint32_t size)
{
    uint32_t n;
    ssize_t len;
    GET_PATH(p, upath, 1);

    if ((int32_t)size <= 0)
        return -EINVAL;
    n = out_buf(buf, size);
    if (!n)
        return -EFAULT;
    if (p == exec_path) {
        /* the guest program, not the emulator */
        len = strlen(exec_path);
        if ((uint32_t)len > n)
            len = n;
        memcpy(g2h(buf), exec_path, len);
        return len;
    }
    return host_ret(readlinkat(dirfd, p, g2h(buf), n));
}

static long do_getcwd(uint32_t buf, uint32_t size)
{
    uint32_t n = out_buf(buf, size);

    if (size && !n)
        return -EFAULT;
    return host_ret(syscall(SYS_getcwd, g2h(buf), n));
}

/* utimes and friends: everything becomes utimensat */
static long do_utimensat(int dirfd, uint32_t upath, const struct timespec *ts,
                         int flags)
{
    const char *p = NULL;

    if (upath) {
        p = guest_path(upath, 0);
        if (!p)
            return -EFAULT;
    }
    return host_ret(syscall(SYS_utimensat, dirfd, p, ts, flags));
}

static long do_utimensat_guest(int dirfd, uint32_t upath, uint32_t utimes,
                               int flags, int time64)
{
    struct timespec ts[2];
    int size = time64 ? 16 : 8;

    if (utimes && (get_timespec(&ts[0], utimes, time64) ||
                   get_timespec(&ts[1], utimes + size, time64)))
        return -EFAULT;
    return do_utimensat(dirfd, upath, utimes ? ts : NULL, flags);
}

static long do_utimes(int dirfd, uint32_t upath, uint32_t utv)
{
    struct timespec ts[2];
    struct timeval tv[2];

    if (!utv)
        return do_utimensat(dirfd, upath, NULL, 0);
    if (target_to_host_timeval(&tv[0], utv) || target_to_host_timeval(&tv[1], utv + 8))
        return -EFAULT;
    if (tv[0].tv_usec < 0 || tv[0].tv_usec >= 1000000 ||
        tv[1].tv_usec < 0 || tv[1].tv_usec >= 1000000)
        return -EINVAL;
    ts[0] = (struct timespec){ tv[0].tv_sec, tv[0].tv_usec * 1000 };
    ts[1] = (struct timespec){ tv[1].tv_sec, tv[1].tv_usec * 1000 };
    return do_utimensat(dirfd, upath, ts, 0);
}

static long do_utime(uint32_t upath, uint32_t ubuf)
{
    struct target_utimbuf t;
    struct timespec ts[2];

    if (!ubuf)
        return do_utimensat(AT_FDCWD, upath, NULL, 0);
    if (copy_from_user(&t, ubuf, sizeof(t)))
        return -EFAULT;
    ts[0] = (struct timespec){ t.actime, 0 };
    ts[1] = (struct timespec){ t.modtime, 0 };
    return do_utimensat(AT_FDCWD, upath, ts, 0);
}

static long do_pipe(uint32_t ufds, int flags)
{
    int fds[2];

    if (!access_ok(VERIFY_WRITE, ufds, sizeof(fds)))
        return -EFAULT;
    if (pipe2(fds, flags) < 0)
        return -errno;
    return copy_to_user(ufds, fds, sizeof(fds));
}

/* select and poll */

struct fd_sets {
    uint32_t addr[3];
    unsigned long *set[3];
    size_t guest_bytes;
};

static long get_fd_sets(struct fd_sets *s, int n, uint32_t r, uint32_t w, uint32_t e)
{
    size_t host_bytes = (n + 63) / 64 * 8;
    int i;

    s->addr[0] = r;
    s->addr[1] = w;
    s->addr[2] = e;
    s->guest_bytes = (n + 31) / 32 * 4;
    for (i = 0; i < 3; i++) {
        s->set[i] = NULL;
        if (!s->addr[i])
            continue;
        s->set[i] = calloc(1, host_bytes ? host_bytes : 8);
        if (!s->set[i])
            return -ENOMEM;
        /* the same little-endian bit order in 32-bit words */
        if (copy_from_user(s->set[i], s->addr[i], s->guest_bytes))
            return -EFAULT;
    }
    return 0;
}

static long put_fd_sets(struct fd_sets *s)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (s->set[i] && copy_to_user(s->addr[i], s->set[i], s->guest_bytes))
            return -EFAULT;
    }
    return 0;
}

static void free_fd_sets(struct fd_sets *s)
{
    int i;

    for (i = 0; i < 3; i++)
        free(s->set[i]);
}

static long do_select(int n, uint32_t r, uint32_t w, uint32_t e, uint32_t utv)
{
    struct fd_sets s;
    struct timeval tv;
    long ret;

    if (n < 0 || n > (1 << 20))
        return -EINVAL;
    if (utv && target_to_host_timeval(&tv, utv))
        return -EFAULT;
    ret = get_fd_sets(&s, n, r, w, e);
    if (ret == 0) {
        ret = safe_syscall(SYS_select, n, s.set[0], s.set[1], s.set[2],
                           utv ? &tv : NULL);
        /* Linux reports the time left, even when interrupted */
        if (utv && (ret >= 0 || ret == -EINTR))
            host_to_target_timeval(utv, &tv);
        if (ret >= 0 && put_fd_sets(&s))
            ret = -EFAULT;
    }
    free_fd_sets(&s);
    return restart_nohand(ret);
}

static long do_old_select(uint32_t uargs)
{
    struct target_sel_arg_struct a;

    if (copy_from_user(&a, uargs, sizeof(a)))
        return -EFAULT;
    return do_select(a.n, a.inp, a.outp, a.exp, a.tvp);
}

static long do_pselect6(int n, uint32_t r, uint32_t w, uint32_t e, uint32_t uts,
                        uint32_t usig, int time64)
{
    uint32_t sig[2] = { 0, 0 };
    struct fd_sets s;
    struct timespec ts;
    long ret;

    if (n < 0 || n > (1 << 20))
        return -EINVAL;
    if (uts && get_timespec(&ts, uts, time64))
        return -EFAULT;
    if (usig && copy_from_user(sig, usig, sizeof(sig)))
        return -EFAULT;
    ret = get_fd_sets(&s, n, r, w, e);
    if (ret == 0)
        ret = sigmask_swap_in(sig[0], sig[1]);
    if (ret == 0) {
        ret = safe_syscall(SYS_pselect6, n, s.set[0], s.set[1], s.set[2],
                           uts ? &ts : NULL, NULL);
        sigmask_swap_out(ret);
        if (uts && (ret >= 0 || ret == -EINTR))
            put_timespec(uts, &ts, time64);
        if (ret >= 0 && put_fd_sets(&s))
            ret = -EFAULT;
    }
    free_fd_sets(&s);
    return restart_nohand(ret);
}

static long do_poll(uint32_t ufds, uint32_t nfds, int timeout)
{
    if (nfds > (1 << 20))
        return -EINVAL;
    if (!access_ok(VERIFY_WRITE, ufds, nfds * sizeof(struct pollfd)))
        return -EFAULT;
    return restart_nohand(safe_syscall(SYS_poll, g2h(ufds), nfds, timeout));
}

static long do_ppoll(uint32_t ufds, uint32_t nfds, uint32_t uts, uint32_t usig,
                     uint32_t sigsize, int time64)
{
    struct timespec ts;
    long ret;

    if (nfds > (1 << 20))
        return -EINVAL;
    if (!access_ok(VERIFY_WRITE, ufds, nfds * sizeof(struct pollfd)))
        return -EFAULT;
    if (uts && get_timespec(&ts, uts, time64))
        return -EFAULT;
    ret = sigmask_swap_in(usig, sigsize);
    if (ret)
        return ret;
    ret = safe_syscall(SYS_ppoll, g2h(ufds), nfds, uts ? &ts : NULL, NULL, 8);
    sigmask_swap_out(ret);
    if (uts && (ret >= 0 || ret == -EINTR))
        put_timespec(uts, &ts, time64);
    return restart_nohand(ret);
}

static long do_epoll_wait(int epfd, uint32_t events, int maxevents, int timeout,
                          uint32_t usig, uint32_t sigsize)
{
    long ret;

    if (maxevents <= 0 || maxevents > INT32_MAX / 12)
        return -EINVAL;
    /* struct epoll_event is packed on x86_64: 12 bytes, as on i386 */
    if (!access_ok(VERIFY_WRITE, events, maxevents * 12))
        return -EFAULT;
    ret = sigmask_swap_in(usig, sigsize);
    if (ret)
        return ret;
    ret = safe_syscall(SYS_epoll_pwait, epfd, g2h(events), maxevents, timeout,
                       NULL, 8);
    sigmask_swap_out(ret);
    return restart_nohand(ret);
}

/* time */

static long do_clock_gettime(int clk, uint32_t uts, int time64, int res)
{
    struct timespec ts;

    if (syscall(res ? SYS_clock_getres : SYS_clock_gettime, clk, &ts) < 0)
        return -errno;
    if (uts && put_timespec(uts, &ts, time64))
        return -EFAULT;
    return 0;
}

/* sleeping: a signal that brings no handler does not end the sleep */
static long do_clock_nanosleep(int clk, int flags, uint32_t ureq, uint32_t urem,
                               int time64)
{
    struct timespec req, rem;
    long ret;

    if (get_timespec(&req, ureq, time64))
        return -EFAULT;
    for (;;) {
        ret = safe_syscall(SYS_clock_nanosleep, clk, flags, &req, &rem);
        if (ret != -EINTR || thread_ts->signal_pending)
            break;
        if (!(flags & TIMER_ABSTIME))
            req = rem;
    }
    if (ret == -EINTR && urem && !(flags & TIMER_ABSTIME) &&
        put_timespec(urem, &rem, time64))
        return -EFAULT;
    return ret == -EINTR ? -TARGET_ERESTART_RESTARTBLOCK : ret;
}

static long do_gettimeofday(uint32_t utv, uint32_t utz)
{
    struct timeval tv;
    struct timezone tz;

    if (gettimeofday(&tv, &tz) < 0)
        return -errno;
    if (utv && host_to_target_timeval(utv, &tv))
        return -EFAULT;
    if (utz && copy_to_user(utz, &tz, sizeof(tz)))
        return -EFAULT;
    return 0;
}

static long do_time(uint32_t ut)
{
    int32_t t = time(NULL);

    if (ut && copy_to_user(ut, &t, sizeof(t)))
        return -EFAULT;
    return t;
}

static long do_times(uint32_t ubuf)
{
    struct tms tms;
    struct target_tms t;
    clock_t ret = times(&tms);

    if (ubuf) {
        t = (struct target_tms){ tms.tms_utime, tms.tms_stime, tms.tms_cutime,
                                 tms.tms_cstime };
        if (copy_to_user(ubuf, &t, sizeof(t)))
            return -EFAULT;
    }
    /* clock_t is 32 bits wide for the guest */
    return (uint32_t)ret;
}

static long do_setitimer(int which, uint32_t unew, uint32_t uold)
{
    struct itimerval new, old;

    if (unew && target_to_host_itimerval(&new, unew))
        return -EFAULT;
    if (!unew)
        memset(&new, 0, sizeof(new));
    if (syscall(SYS_setitimer, which, &new, &old) < 0)
        return -errno;
    return uold ? host_to_target_itimerval(uold, &old) : 0;
}

static long do_getitimer(int which, uint32_t ucur)
{
    struct itimerval cur;

    if (syscall(SYS_getitimer, which, &cur) < 0)
        return -errno;
    return host_to_target_itimerval(ucur, &cur);
}

/* timerfd_settime and timer_settime, timerfd_gettime and timer_gettime:
   the same arguments for the file and the POSIX timer */
static long do_settime(long nr, int id, int flags, uint32_t unew, uint32_t uold,
                       int time64)
{
    struct itimerspec new, old;

    if (get_itimerspec(&new, unew, time64))
        return -EFAULT;
    if (syscall(nr, id, flags, &new, &old) < 0)
        return -errno;
    return uold ? put_itimerspec(uold, &old, time64) : 0;
}

static long do_gettime(long nr, int id, uint32_t ucur, int time64)
{
    struct itimerspec cur;

    if (syscall(nr, id, &cur) < 0)
        return -errno;
    return put_itimerspec(ucur, &cur, time64);
}

/* POSIX timers are the host kernel's: guest and host share signal numbers
   and thread ids, and their signals arrive as any host signal does.  Only
   struct sigevent differs: its sigev_value is 4 bytes wide on i386. */
static long do_timer_create(int clk, uint32_t uev, uint32_t uid)
{
    struct target_sigevent t;
    struct sigevent ev;
    int id;

    if (uev) {
        if (copy_from_user(&t, uev, sizeof(t)))
            return -EFAULT;
        memset(&ev, 0, sizeof(ev));
        ev.sigev_value.sival_ptr = (void *)(uintptr_t)t.sigev_value;
        ev.sigev_signo = t.sigev_signo;
        ev.sigev_notify = t.sigev_notify;
        ev._sigev_un._tid = t.sigev_tid;
    }
    if (syscall(SYS_timer_create, clk, uev ? &ev : NULL, &id) < 0)
        return -errno;
    if (put_user_u32(id, uid)) {
        syscall(SYS_timer_delete, id);
        return -EFAULT;
    }
    timer_created(id, uev && (ev.sigev_notify & SIGEV_THREAD_ID));
    return 0;
}

/* the kernel counts overruns only while a timer's signal waits in its
   queue; the guest's queue is signal.c's */
static long do_timer_getoverrun(int id)
{
    long ret = syscall(SYS_timer_getoverrun, id);
    int known = timer_overrun(id);

    if (ret < 0)
        return -errno;
    return known < 0 ? ret : known;
}

static long do_timer_delete(int id)
{
    if (syscall(SYS_timer_delete, id) < 0)
        return -errno;
    timer_deleted(id);
    return 0;
}

/* processes */

static long do_wait4(int pid, uint32_t ustatus, int options, uint32_t urusage)
{
    struct rusage ru;
    int status;
    long ret;

    ret = safe_syscall(SYS_wait4, pid, ustatus ? &status : NULL, options,
                       urusage ? &ru : NULL);
    if (ret > 0 && ustatus && copy_to_user(ustatus, &status, sizeof(status)))
        return -EFAULT;
    if (ret >= 0 && urusage && host_to_target_rusage(urusage, &ru))
        return -EFAULT;
    return restartable(ret);
}

static long do_waitid(int idtype, int id, uint32_t uinfo, int options,
                      uint32_t urusage)
{
    target_siginfo_t tinfo;
    struct rusage ru;
    siginfo_t info;
    long ret;

    memset(&info, 0, sizeof(info));
    ret = safe_syscall(SYS_waitid, idtype, id, uinfo ? &info : NULL, options,
                       urusage ? &ru : NULL);
    if (ret >= 0 && uinfo) {
        host_to_target_siginfo(&tinfo, &info);
        if (copy_to_user(uinfo, &tinfo, sizeof(tinfo)))
            return -EFAULT;
    }
    if (ret >= 0 && urusage && host_to_target_rusage(urusage, &ru))
        return -EFAULT;
    return restartable(ret);
}

static long do_getrlimit(int resource, uint32_t ulim, int old)
{
    struct rlimit rl;
    struct target_rlimit t;
    uint32_t inf = old ? TARGET_RLIM_OLD_INFINITY : TARGET_RLIM_INFINITY;

    if (syscall(SYS_getrlimit, resource, &rl) < 0)
        return -errno;
    t.rlim_cur = rl.rlim_cur > inf ? inf : rl.rlim_cur;
    t.rlim_max = rl.rlim_max > inf ? inf : rl.rlim_max;
    return copy_to_user(ulim, &t, sizeof(t));
}

static long do_setrlimit(int resource, uint32_t ulim)
{
    struct target_rlimit t;
    struct rlimit rl;

    if (copy_from_user(&t, ulim, sizeof(t)))
        return -EFAULT;
    rl.rlim_cur = t.rlim_cur == TARGET_RLIM_INFINITY ? RLIM_INFINITY : t.rlim_cur;
    rl.rlim_max = t.rlim_max == TARGET_RLIM_INFINITY ? RLIM_INFINITY : t.rlim_max;
    return host_ret(syscall(SYS_setrlimit, resource, &rl));
}

static long do_prlimit64(int pid, int resource, uint32_t unew, uint32_t uold)
{
    if (uold && !access_ok(VERIFY_WRITE, uold, 16))
        return -EFAULT;
    /* struct rlimit64 is two u64s on both sides */
    return host_ret(syscall(SYS_prlimit64, pid, resource,
                            unew ? g2h(unew) : NULL, uold ? g2h(uold) : NULL));
}

static long do_getrusage(int who, uint32_t uru)
{
    struct rusage ru;

    if (getrusage(who, &ru) < 0)
        return -errno;
    return host_to_target_rusage(uru, &ru);
}

/* sysinfo: memory sizes in units that fit 32 bits, as compat_sysinfo */
static long do_sysinfo(uint32_t uinfo)
{
    struct target_sysinfo t;
    struct sysinfo s;
    int shift = 0;

    if (sysinfo(&s) < 0)
        return -errno;
    if ((s.totalram >> 32) || (s.totalswap >> 32)) {
        while (s.mem_unit < 4096) {
            s.mem_unit <<= 1;
            shift++;
        }
    }
    memset(&t, 0, sizeof(t));
    t.uptime = s.uptime;
    t.loads[0] = s.loads[0];
    t.loads[1] = s.loads[1];
    t.loads[2] = s.loads[2];
    t.totalram = s.totalram >> shift;
    t.freeram = s.freeram >> shift;
    t.sharedram = s.sharedram >> shift;
    t.bufferram = s.bufferram >> shift;
    t.totalswap = s.totalswap >> shift;
    t.freeswap = s.freeswap >> shift;
    t.procs = s.procs;
    t.totalhigh = s.totalhigh >> shift;
    t.freehigh = s.freehigh >> shift;
    t.mem_unit = s.mem_unit;
    return copy_to_user(uinfo, &t, sizeof(t));
}

/* an i686 as `setarch i686` shows one */
static long do_uname(uint32_t ubuf)
{
    struct utsname u;

    if (uname(&u) < 0)
        return -errno;
    strcpy(u.machine, "i686");
    return copy_to_user(ubuf, &u, sizeof(u));
}

static long do_sched_getaffinity(int pid, uint32_t len, uint32_t umask)
{
    unsigned long mask[1024 / sizeof(unsigned long)];
    size_t host_len = (len + 7) & ~7u;
    long ret;

    if (len & 3)
        return -EINVAL;
    if (host_len > sizeof(mask))
        host_len = sizeof(mask);
    memset(mask, 0, sizeof(mask));
    ret = host_ret(syscall(SYS_sched_getaffinity, pid, host_len, mask));
    if (ret < 0)
        return ret;
    if ((uint32_t)ret > len)
        ret = len;
    return copy_to_user(umask, mask, ret) ? -EFAULT : ret;
}

static long do_sched_setaffinity(int pid, uint32_t len, uint32_t umask)
{
    unsigned long mask[1024 / sizeof(unsigned long)];

    memset(mask, 0, sizeof(mask));
    if (len > sizeof(mask))
        len = sizeof(mask);
    if (copy_from_user(mask, umask, len))
        return -EFAULT;
    return host_ret(syscall(SYS_sched_setaffinity, pid, sizeof(mask), mask));
}

static long do_getgroups16(int size, uint32_t ulist)
{
    gid_t groups[NGROUPS_MAX];
    uint16_t g16[NGROUPS_MAX];
    int i, n;

    if (size < 0)
        return -EINVAL;
    n = syscall(SYS_getgroups, size ? (size > NGROUPS_MAX ? NGROUPS_MAX : size) : 0,
                groups);
    if (n < 0)
        return -errno;
    if (size == 0)
        return n;
    for (i = 0; i < n; i++)
        g16[i] = high2lowuid(groups[i]);
    return copy_to_user(ulist, g16, n * 2) ? -EFAULT : n;
}

static long do_setgroups16(int size, uint32_t ulist)
{
    gid_t groups[NGROUPS_MAX];
    uint16_t g16[NGROUPS_MAX];
    int i;

    if (size < 0 || size > NGROUPS_MAX)
        return -EINVAL;
    if (copy_from_user(g16, ulist, size * 2))
        return -EFAULT;
    for (i = 0; i < size; i++)
        groups[i] = low2highuid(g16[i]);
    return host_ret(syscall(SYS_setgroups, size, groups));
}

static long do_getres16(long nr, uint32_t ur, uint32_t ue, uint32_t us)
{
    uid_t r, e, s;
    uint16_t r16, e16, s16;

    if (syscall(nr, &r, &e, &s) < 0)
        return -errno;
    r16 = high2lowuid(r);
    e16 = high2lowuid(e);
    s16 = high2lowuid(s);
    if (copy_to_user(ur, &r16, 2) || copy_to_user(ue, &e16, 2) ||
        copy_to_user(us, &s16, 2))
        return -EFAULT;
    return 0;
}

static long do_getres32(long nr, uint32_t ur, uint32_t ue, uint32_t us)
{
    uid_t r, e, s;

    if (syscall(nr, &r, &e, &s) < 0)
        return -errno;
    if (copy_to_user(ur, &r, 4) || copy_to_user(ue, &e, 4) ||
        copy_to_user(us, &s, 4))
        return -EFAULT;
    return 0;
}

/* prctl: the requests that only take numbers or the 16-byte name */
static long do_prctl(int option, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    switch (option) {
    case PR_GET_NAME:
        if (!access_ok(VERIFY_WRITE, a2, 16))
            return -EFAULT;
        break;
    case PR_GET_PDEATHSIG:
    case PR_GET_CHILD_SUBREAPER:
    case PR_GET_TID_ADDRESS:
        if (!access_ok(VERIFY_WRITE, a2, 4))
            return -EFAULT;
        if (option == PR_GET_TID_ADDRESS)
            return put_user_u32(thread_ts->child_tidptr, a2);
        break;
    case PR_SET_NAME:
    case PR_SET_PDEATHSIG:
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_SET_PTRACER:
    case PR_CAPBSET_READ:
    case PR_GET_SECUREBITS:
    case PR_CAP_AMBIENT:
        break;
    default:
        return -EINVAL;
    }
    return host_ret(prctl(option, (unsigned long)a2, (unsigned long)a3,
                          (unsigned long)a4, (unsigned long)a5));
}

/* nice(2) is getpriority and setpriority on x86_64 */
static long do_nice(int increment)
{
    long cur = syscall(SYS_getpriority, PRIO_PROCESS, 0);
    int prio;

    if (cur < 0)
        return -errno;
    if (increment > 40)
        increment = 40;
    if (increment < -40)
        increment = -40;
    prio = 20 - cur + increment;
    prio = prio < -20 ? -20 : prio > 19 ? 19 : prio;
    if (syscall(SYS_setpriority, PRIO_PROCESS, 0, prio) < 0)
        return errno == EACCES ? -EPERM : -errno;
    return 0;
}

/* TLS descriptors (set_thread_area) */

#define UD_SEG_32BIT(f)        ((f) & 1)
#define UD_CONTENTS(f)         (((f) >> 1) & 3)
#define UD_READ_EXEC_ONLY(f)   (((f) >> 3) & 1)
#define UD_LIMIT_IN_PAGES(f)   (((f) >> 4) & 1)
#define UD_SEG_NOT_PRESENT(f)  (((f) >> 5) & 1)
#define UD_USEABLE(f)          (((f) >> 6) & 1)

static int user_desc_empty(const struct target_user_desc *d)
{
    uint32_t f = d->flags & 0x7f;

    return (d->base_addr == 0 && d->limit == 0 && f == 0) ||
           (d->base_addr == 0 && d->limit == 0 &&
            f == ((1 << 3) | (1 << 5)));
}

/* the kernel's fill_ldt: a DPL-3 data or code descriptor */
static void user_desc_to_gdt(const struct target_user_desc *d, uint32_t *low,
                             uint32_t *high)
{
    uint32_t f = d->flags;
    uint32_t type = ((UD_READ_EXEC_ONLY(f) ^ 1) << 1) | (UD_CONTENTS(f) << 2) | 1;

    *low = (d->base_addr << 16) | (d->limit & 0xffff);
    *high = (d->base_addr & 0xff000000) | ((d->base_addr >> 16) & 0xff) |
            (d->limit & 0xf0000) | (type << DESC_TYPE_SHIFT) | DESC_S_MASK |
            (3 << DESC_DPL_SHIFT) | ((UD_SEG_NOT_PRESENT(f) ^ 1) << 15) |
            (UD_USEABLE(f) << 20) | (UD_SEG_32BIT(f) << DESC_B_SHIFT) |
            (UD_LIMIT_IN_PAGES(f) << 23);
}

long do_set_thread_area(CPUX86State *env, uint32_t ptr)
{
    static const int segs[] = { R_DS, R_ES, R_FS, R_GS };
    struct target_user_desc d;
    uint32_t low = 0, high = 0, lo, hi;
    int idx, i;

    if (copy_from_user(&d, ptr, sizeof(d)))
        return -EFAULT;
    idx = d.entry_number;
    if (idx == -1) {
        for (idx = TARGET_GDT_ENTRY_TLS_MIN;
             idx < TARGET_GDT_ENTRY_TLS_MIN + TARGET_GDT_ENTRY_TLS_ENTRIES; idx++) {
            read_gdt_entry(env, idx, &lo, &hi);
            if (lo == 0 && hi == 0)
                break;
        }
        if (idx == TARGET_GDT_ENTRY_TLS_MIN + TARGET_GDT_ENTRY_TLS_ENTRIES)
            return -ESRCH;
        if (put_user_u32(idx, ptr))
            return -EFAULT;
    }
    if (idx < TARGET_GDT_ENTRY_TLS_MIN ||
        idx >= TARGET_GDT_ENTRY_TLS_MIN + TARGET_GDT_ENTRY_TLS_ENTRIES)
        return -EINVAL;
    if (!user_desc_empty(&d)) {
        /* only present 32-bit data segments */
        if (!UD_SEG_32BIT(d.flags) || UD_CONTENTS(d.flags) > 1 ||
            UD_SEG_NOT_PRESENT(d.flags))
            return -EINVAL;
        user_desc_to_gdt(&d, &low, &high);
    }
    write_gdt_entry(env, idx, low, high);
    for (i = 0; i < 4; i++) {
        if (env->segs[segs[i]].selector == (uint32_t)(idx << 3 | 3))
            cpu_x86_load_seg(env, segs[i], idx << 3 | 3);
    }
    return 0;
}

static long do_get_thread_area(CPUX86State *env, uint32_t ptr)
{
    struct target_user_desc d;
    uint32_t low, high, type;
    int idx;

    if (get_user_u32(&d.entry_number, ptr))
        return -EFAULT;
    idx = d.entry_number;
    if (idx < TARGET_GDT_ENTRY_TLS_MIN ||
        idx >= TARGET_GDT_ENTRY_TLS_MIN + TARGET_GDT_ENTRY_TLS_ENTRIES)
        return -EINVAL;
    read_gdt_entry(env, idx, &low, &high);
    type = (high >> DESC_TYPE_SHIFT) & 0xf;
    d.base_addr = (low >> 16) | ((high & 0xff) << 16) | (high & 0xff000000);
    d.limit = (low & 0xffff) | (high & 0xf0000);
    d.flags = ((high >> DESC_B_SHIFT) & 1) | ((type >> 2) << 1) |
              (!(type & 2) << 3) | (((high >> 23) & 1) << 4) |
              (!(high & DESC_P_MASK) << 5) | (((high >> 20) & 1) << 6);
    return copy_to_user(ptr, &d, sizeof(d));
}

/* modify_ldt: the LDT is a guest mapping made on the first write, sized
   to the highest entry written, as the kernel sizes it */

#define TARGET_LDT_ENTRIES 8192
#define TARGET_DEFAULT_LDT_SIZE 128 /* what a 64-bit kernel clears */

static long read_ldt(CPUX86State *env, uint32_t ptr, uint32_t count)
{
    uint32_t size = env->ldt.limit + 1;

    if (!env->ldt.base)
        return 0;
    if (count > TARGET_LDT_ENTRIES * 8)
        count = TARGET_LDT_ENTRIES * 8;
    if (size > count)
        size = count;
    if (!access_ok(VERIFY_WRITE, ptr, count))
        return -EFAULT;
    memcpy(g2h(ptr), g2h(env->ldt.base), size);
    memset(g2h(ptr + size), 0, count - size);
    return count;
}

static long write_ldt(CPUX86State *env, uint32_t ptr, uint32_t count, int oldmode)
{
    struct target_user_desc d;
    uint32_t low = 0, high = 0, f;

    if (count != sizeof(d))
        return -EINVAL;
    if (copy_from_user(&d, ptr, sizeof(d)))
        return -EFAULT;
    f = d.flags;
    if (d.entry_number >= TARGET_LDT_ENTRIES)
        return -EINVAL;
    if (UD_CONTENTS(f) == 3 && (oldmode || !UD_SEG_NOT_PRESENT(f)))
        return -EINVAL;
    if (!env->ldt.base) {
        long base = target_mmap(0, TARGET_LDT_ENTRIES * 8, PROT_READ,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base < 0)
            return -ENOMEM;
        env->ldt.base = base;
        env->ldt.limit = 0;
    }
    if (!(oldmode && d.base_addr == 0 && d.limit == 0) &&
        !(d.base_addr == 0 && d.limit == 0 && (f & 0x7f) == ((1 << 3) | (1 << 5)))) {
        user_desc_to_gdt(&d, &low, &high);
        if (oldmode)
            high &= ~(1u << 20);
    }
    write_ldt_entry(env, d.entry_number, low, high);
    if (d.entry_number * 8 + 7 > env->ldt.limit)
        env->ldt.limit = d.entry_number * 8 + 7;
    return 0;
}

static long do_modify_ldt(CPUX86State *env, int func, uint32_t ptr, uint32_t count)
{
    switch (func) {
    case 0:
        return read_ldt(env, ptr, count);
    case 1:
        return write_ldt(env, ptr, count, 1);
    case 2:
        if (count > TARGET_DEFAULT_LDT_SIZE)
            count = TARGET_DEFAULT_LDT_SIZE;
        if (!access_ok(VERIFY_WRITE, ptr, count))
            return -EFAULT;
        memset(g2h(ptr), 0, count);
        return count;
    case 0x11:
        return write_ldt(env, ptr, count, 0);
    }
    return -ENOSYS;
}

/* futex: the guest's words are ours; only timeouts differ */
static long do_futex(uint32_t uaddr, int op, uint32_t val, uint32_t utimeout,
                     uint32_t uaddr2, uint32_t val3, int time64)
{
    int cmd = op & FUTEX_CMD_MASK;
    struct timespec ts;
    long timeout = utimeout;

    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        if (utimeout) {
            if (get_timespec(&ts, utimeout, time64))
                return -EFAULT;
            timeout = (long)&ts;
        }
        break;
    }
    access_extent(VERIFY_WRITE, uaddr, 4);
    if (uaddr2)
        access_extent(VERIFY_WRITE, uaddr2, 4);
    return restartable(safe_syscall(SYS_futex, g2h(uaddr), op, val, timeout,
                                    g2h(uaddr2), val3));
}

/* memory */

static long do_old_mmap(uint32_t uargs)
{
    struct target_mmap_arg_struct a;

    if (copy_from_user(&a, uargs, sizeof(a)))
        return -EFAULT;
    if (a.offset & ~TARGET_PAGE_MASK)
        return -EINVAL;
    return target_mmap(a.addr, a.len, a.prot, a.flags, (int32_t)a.fd, a.offset);
}

static long do_madvise(uint32_t start, uint32_t len, int advice)
{
    if (start & ~TARGET_PAGE_MASK)
        return -EINVAL;
    if ((uint64_t)start + len > task_size)
        return -ENOMEM;
    return host_ret(madvise(g2h(start), len, advice));
}

static long do_mincore(uint32_t start, uint32_t len, uint32_t vec)
{
    uint32_t pages = (len + TARGET_PAGE_SIZE - 1) / TARGET_PAGE_SIZE;

    if ((uint64_t)start + len > task_size)
        return -ENOMEM;
    if (!access_ok(VERIFY_WRITE, vec, pages))
        return -EFAULT;
    return host_ret(mincore(g2h(start), len, g2h(vec)));
}

/* fork, vfork, clone */

/* the child's side of a fork or vfork: its tid, stack and TLS */
static long fork_child(CPUX86State *env, uint32_t flags, uint32_t newsp,
                       uint32_t tls)
{
    TaskState *ts = env->opaque;

    ts->tid = syscall(SYS_gettid);
    if (newsp)
        env->regs[R_ESP] = newsp;
    if (flags & CLONE_SETTLS)
        do_set_thread_area(env, tls);
    return 0;
}

struct vfork_args {
    CPUX86State *env;
    uint32_t flags, newsp, tls;
};

/* a CLONE_VM child: it shares our memory, TLS included, until it execs or
   exits while we wait in clone(); it gets its own CPU and signal state */
static int vfork_child(void *opaque)
{
    struct vfork_args *va = opaque;
    CPUX86State *env = cpu_x86_init();
    TaskState *ts = calloc(1, sizeof(*ts));
    TaskState *parent = va->env->opaque;
    struct target_sigaction *sigact = malloc((TARGET_NSIG + 1) * sizeof(*sigact));

    memcpy(env, va->env, sizeof(*env));
    task_init(ts, env);
    memcpy(sigact, parent->sigact, (TARGET_NSIG + 1) * sizeof(*sigact));
    ts->sigact = sigact;
    ts->blocked = parent->blocked;
    ts->sigaltstack = parent->sigaltstack;
    thread_ts = ts;
    env->regs[R_EAX] = 0;
    fork_child(env, va->flags, va->newsp, va->tls);
    cpu_loop(env);
    return 0;
}

#define VFORK_STACK_SIZE (256 * 1024)

/* NOTE: the child's host stack is a part of ours (we wait in clone()
   meanwhile): a sanitizer then knows it as this thread's stack and can
   follow the longjmps out of translated code */
static long do_vfork_vm(CPUX86State *env, uint32_t flags, uint32_t newsp,
                        uint32_t ptid, uint32_t tls, uint32_t ctid)
{
    struct vfork_args va = { env, flags, newsp, tls };
    TaskState *ts = env->opaque;
    int host_flags = CLONE_VM | CLONE_VFORK | (flags & (CSIGNAL |
                     CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
                     CLONE_CHILD_CLEARTID));
    char stack[VFORK_STACK_SIZE] __attribute__((aligned(16)));
    long ret;

    ret = clone(vfork_child, stack + VFORK_STACK_SIZE, host_flags, &va,
                g2h(ptid), NULL, g2h(ctid));
    ret = ret < 0 ? -errno : ret;
    /* the child ran on our thread-local variables */
    thread_ts = ts;
    return ret;
}

/* the clone flags glibc's fork() stands for: the tid stores are done
   by hand, since the host kernel would write glibc's own tid fields */
#define FORK_FLAGS (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | \
                    CLONE_PARENT_SETTID | CLONE_SETTLS | CLONE_UNTRACED)

/* Every emulator lock is taken, in the order the emulator nests them, so
   that no other thread holds one when the child is made: the child, which
   has only this thread, would wait for it forever. */
static void fork_start(void)
{
    fflush(NULL);
    signal_fork_start();
    gdt_fork_start();
    mmap_fork_start();
    tb_lock();
}

static void fork_end(TaskState *ts, int child)
{
    if (child) {
        cpu_exec_fork_child();
        thread_fork_child();
    }
    tb_unlock();
    mmap_fork_end(child);
    gdt_fork_end(child);
    signal_fork_end(ts, child);
}

/* glibc's fork() runs its atfork handlers, which hand the child malloc's
   arenas and stdio's locks free, and gives the child's glibc its own tid;
   a raw clone does neither, so it is kept for what fork() cannot say (an
   exit signal other than SIGCHLD, namespaces, CLONE_PARENT) */
static int fork_is_plain(uint32_t flags)
{
    return !(flags & ~(FORK_FLAGS | CSIGNAL)) && (flags & CSIGNAL) == SIGCHLD;
}

static long do_fork(CPUX86State *env, uint32_t flags, uint32_t newsp,
                    uint32_t ptid, uint32_t tls, uint32_t ctid)
{
    TaskState *ts = env->opaque;
    int plain = fork_is_plain(flags);
    long ret;

    if (flags & CLONE_VM) {
        const uint32_t args[6] = { flags, newsp, ptid, tls, ctid, 0 };
        if (flags & CLONE_VFORK)
            return do_vfork_vm(env, flags, newsp, ptid, tls, ctid);
        if (flags & CLONE_THREAD)
            return do_thread_clone(env, flags, newsp, ptid, tls, ctid);
        /* a process sharing our memory would share our host TLS too */
        print_unimplemented_once(TARGET_NR_clone, args);
        return -ENOSYS;
    }
    /* the tid stores must not meet a write-protected code page; like the
       kernel's, they fail silently */
    if (flags & CLONE_PARENT_SETTID)
        access_extent(VERIFY_WRITE, ptid, 4);
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
        access_extent(VERIFY_WRITE, ctid, 4);
    fork_start();
    if (plain)
        ret = host_ret(fork());
    else
        ret = host_ret(syscall(SYS_clone, (unsigned long)(flags & ~CLONE_SETTLS),
                               0, g2h(ptid), g2h(ctid), 0));
    fork_end(ts, ret == 0);
    if (ret < 0)
        return ret;
    if (ret > 0) {
        /* after the locks: a store to a code page takes tb_lock */
        if (plain && (flags & CLONE_PARENT_SETTID))
            put_user_u32(ret, ptid);
        return ret;
    }
    fork_child(env, flags, newsp, tls);
    if (plain && (flags & CLONE_CHILD_SETTID))
        put_user_u32(ts->tid, ctid);
    if (flags & CLONE_CHILD_CLEARTID)
        ts->child_tidptr = ctid;
    return 0;
}

/* execve: an i386 program runs under the emulator again */

static char **get_string_vector(uint32_t addr, int *count)
{
    char **v = NULL;
    int n = 0;

    for (;; n++) {
        uint32_t p = 0;
        char **nv;
        if (addr && get_user_u32(&p, addr + n * 4))
            goto fault;
        if (!p)
            break;
        if (n >= 0x20000 || !(nv = realloc(v, (n + 2) * sizeof(*v))))
            goto fault;
        v = nv;
        v[n] = (char *)lock_user_string(p);
        if (!v[n])
            goto fault;
    }
    if (!(v = v ? v : malloc(sizeof(*v))))
        return NULL;
    v[n] = NULL;
    *count = n;
    return v;
fault:
    free(v);
    return NULL;
}

static long do_execve(uint32_t upath, uint32_t uargv, uint32_t uenvp)
{
    int argc, envc, i, n = 0;
    char **argv, **envp, **qargv;
    GET_PATH(p, upath, 1);
    long ret;

    argv = get_string_vector(uargv, &argc);
    envp = get_string_vector(uenvp, &envc);
    if (!argv || !envp) {
        free(argv);
        free(envp);
        return -EFAULT;
    }
    if (access(p, F_OK) < 0) {
        ret = -errno;
    } else if (is_i386_elf(p)) {
        if (access(p, X_OK) < 0) {
            ret = -errno;
        } else {
            qargv = malloc((qemu_exec_argc + argc + 5) * sizeof(*qargv));
            for (i = 0; i < qemu_exec_argc; i++)
                qargv[n++] = qemu_exec_argv[i];
            qargv[n++] = "-0";
            qargv[n++] = argc ? argv[0] : "";
            qargv[n++] = "--";
            qargv[n++] = (char *)p;
            for (i = 1; i < argc; i++)
                qargv[n++] = argv[i];
            qargv[n] = NULL;
            fflush(NULL);
            signal_prepare_exec(thread_ts);
            execve("/proc/self/exe", qargv, envp);
            ret = -errno;
            signal_exec_failed(thread_ts);
            free(qargv);
        }
    } else {
        fflush(NULL);
        signal_prepare_exec(thread_ts);
        execve(p, argv, envp);
        ret = -errno;
        signal_exec_failed(thread_ts);
    }
    free(argv);
    free(envp);
    return ret;
}

/* the calls whose arguments are ints, unsigned ints or pointers the
   kernel only reads: they go to the host kernel unchanged */
static const struct {
    uint16_t target, host;
} passthrough[] = {
    { TARGET_NR_close, SYS_close }, { TARGET_NR_link, SYS_link },
    { TARGET_NR_unlink, SYS_unlink }, { TARGET_NR_chdir, SYS_chdir },
    { TARGET_NR_mknod, SYS_mknod }, { TARGET_NR_chmod, SYS_chmod },
    { TARGET_NR_getpid, SYS_getpid }, { TARGET_NR_mount, SYS_mount },
    { TARGET_NR_alarm, SYS_alarm }, { TARGET_NR_sync, SYS_sync },
    { TARGET_NR_rename, SYS_rename },
    { TARGET_NR_mkdir, SYS_mkdir }, { TARGET_NR_rmdir, SYS_rmdir },
    { TARGET_NR_dup, SYS_dup }, { TARGET_NR_acct, SYS_acct },
    { TARGET_NR_umount2, SYS_umount2 }, { TARGET_NR_setpgid, SYS_setpgid },
    { TARGET_NR_umask, SYS_umask }, { TARGET_NR_chroot, SYS_chroot },
    { TARGET_NR_dup2, SYS_dup2 }, { TARGET_NR_getppid, SYS_getppid },
    { TARGET_NR_getpgrp, SYS_getpgrp }, { TARGET_NR_setsid, SYS_setsid },
    { TARGET_NR_sethostname, SYS_sethostname }, { TARGET_NR_symlink, SYS_symlink },
    { TARGET_NR_fchmod, SYS_fchmod }, { TARGET_NR_getpriority, SYS_getpriority },
    { TARGET_NR_setpriority, SYS_setpriority }, { TARGET_NR_fsync, SYS_fsync },
    { TARGET_NR_setdomainname, SYS_setdomainname }, { TARGET_NR_getpgid, SYS_getpgid },
    { TARGET_NR_fchdir, SYS_fchdir }, { TARGET_NR_personality, SYS_personality },
    { TARGET_NR_getsid, SYS_getsid }, { TARGET_NR_fdatasync, SYS_fdatasync },
    { TARGET_NR_mlock, SYS_mlock }, { TARGET_NR_munlock, SYS_munlock },
    { TARGET_NR_mlockall, SYS_mlockall }, { TARGET_NR_munlockall, SYS_munlockall },
    { TARGET_NR_sched_setparam, SYS_sched_setparam },
    { TARGET_NR_sched_setscheduler, SYS_sched_setscheduler },
    { TARGET_NR_sched_getscheduler, SYS_sched_getscheduler },
    { TARGET_NR_sched_yield, SYS_sched_yield },
    { TARGET_NR_sched_get_priority_max, SYS_sched_get_priority_max },
    { TARGET_NR_sched_get_priority_min, SYS_sched_get_priority_min },
    { TARGET_NR_capset, SYS_capset }, { TARGET_NR_lchown32, SYS_lchown },
    { TARGET_NR_getuid32, SYS_getuid }, { TARGET_NR_getgid32, SYS_getgid },
    { TARGET_NR_geteuid32, SYS_geteuid }, { TARGET_NR_getegid32, SYS_getegid },
    { TARGET_NR_setreuid32, SYS_setreuid }, { TARGET_NR_setregid32, SYS_setregid },
    { TARGET_NR_setgroups32, SYS_setgroups }, { TARGET_NR_fchown32, SYS_fchown },
    { TARGET_NR_setresuid32, SYS_setresuid }, { TARGET_NR_setresgid32, SYS_setresgid },
    { TARGET_NR_chown32, SYS_chown }, { TARGET_NR_setuid32, SYS_setuid },
    { TARGET_NR_setgid32, SYS_setgid }, { TARGET_NR_setfsuid32, SYS_setfsuid },
    { TARGET_NR_setfsgid32, SYS_setfsgid }, { TARGET_NR_gettid, SYS_gettid },
    { TARGET_NR_tkill, SYS_tkill }, { TARGET_NR_tgkill, SYS_tgkill },
    { TARGET_NR_epoll_create, SYS_epoll_create }, { TARGET_NR_epoll_ctl, SYS_epoll_ctl },
    { TARGET_NR_inotify_init, SYS_inotify_init },
    { TARGET_NR_inotify_add_watch, SYS_inotify_add_watch },
    { TARGET_NR_inotify_rm_watch, SYS_inotify_rm_watch },
    { TARGET_NR_mkdirat, SYS_mkdirat }, { TARGET_NR_mknodat, SYS_mknodat },
    { TARGET_NR_fchownat, SYS_fchownat }, { TARGET_NR_unlinkat, SYS_unlinkat },
    { TARGET_NR_renameat, SYS_renameat }, { TARGET_NR_linkat, SYS_linkat },
    { TARGET_NR_symlinkat, SYS_symlinkat }, { TARGET_NR_fchmodat, SYS_fchmodat },
    { TARGET_NR_unshare, SYS_unshare }, { TARGET_NR_timerfd_create, SYS_timerfd_create },
    { TARGET_NR_eventfd, SYS_eventfd }, { TARGET_NR_eventfd2, SYS_eventfd2 },
    { TARGET_NR_epoll_create1, SYS_epoll_create1 }, { TARGET_NR_dup3, SYS_dup3 },
    { TARGET_NR_inotify_init1, SYS_inotify_init1 }, { TARGET_NR_syncfs, SYS_syncfs },
    { TARGET_NR_setns, SYS_setns }, { TARGET_NR_renameat2, SYS_renameat2 },
    { TARGET_NR_memfd_create, SYS_memfd_create },
    { TARGET_NR_close_range, SYS_close_range },
    { TARGET_NR_ioprio_set, SYS_ioprio_set }, { TARGET_NR_ioprio_get, SYS_ioprio_get },
};

/* what an older kernel lacks: glibc probes these and falls back quietly */
static const uint16_t quiet_enosys[] = {
    TARGET_NR_rseq, TARGET_NR_clone3, TARGET_NR_restart_syscall,
};

static long do_passthrough(int num, const uint32_t *a, int *found)
{
    size_t i;

    *found = 1;
    for (i = 0; i < sizeof(passthrough) / sizeof(passthrough[0]); i++) {
        if (passthrough[i].target == num)
            return host_ret(syscall(passthrough[i].host, (unsigned long)a[0],
                                    (unsigned long)a[1], (unsigned long)a[2],
                                    (unsigned long)a[3], (unsigned long)a[4],
                                    (unsigned long)a[5]));
    }
    for (i = 0; i < sizeof(quiet_enosys) / sizeof(quiet_enosys[0]); i++) {
        if (quiet_enosys[i] == num)
            return -ENOSYS;
    }
    *found = 0;
    return -ENOSYS;
}

/* i386's socket calls, as the socketcall numbers socket.c knows */
static const struct {
    uint16_t nr;
    uint8_t call;
} socket_calls[] = {
    { TARGET_NR_socket, 1 }, { TARGET_NR_bind, 2 }, { TARGET_NR_connect, 3 },
    { TARGET_NR_listen, 4 }, { TARGET_NR_getsockname, 6 },
    { TARGET_NR_getpeername, 7 }, { TARGET_NR_socketpair, 8 },
    { TARGET_NR_sendto, 11 }, { TARGET_NR_recvfrom, 12 },
    { TARGET_NR_shutdown, 13 }, { TARGET_NR_setsockopt, 14 },
    { TARGET_NR_getsockopt, 15 }, { TARGET_NR_sendmsg, 16 },
    { TARGET_NR_recvmsg, 17 }, { TARGET_NR_accept4, 18 },
    { TARGET_NR_recvmmsg, 19 }, { TARGET_NR_sendmmsg, 20 },
};

static long do_socket_syscall_nr(int num, const uint32_t *a, int *found)
{
    size_t i;

    for (i = 0; i < sizeof(socket_calls) / sizeof(socket_calls[0]); i++) {
        if (socket_calls[i].nr == num) {
            *found = 1;
            return do_socket_syscall(socket_calls[i].call, a);
        }
    }
    *found = 0;
    return -ENOSYS;
}

static long do_set_robust_list(uint32_t head, uint32_t len)
{
    if (len != ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    thread_ts->robust_list = head;
    thread_ts->robust_list_len = len;
    return 0;
}

static long do_get_robust_list(int pid, uint32_t uhead, uint32_t ulen)
{
    if (pid != 0 && pid != thread_ts->tid)
        return -EPERM;
    if (put_user_u32(thread_ts->robust_list, uhead) ||
        put_user_u32(ROBUST_LIST_HEAD_SIZE, ulen))
        return -EFAULT;
    return 0;
}

static long do_syscall1(CPUX86State *env, int num, uint32_t arg1, uint32_t arg2,
                        uint32_t arg3, uint32_t arg4, uint32_t arg5,
                        uint32_t arg6)
{
    const uint32_t args[6] = { arg1, arg2, arg3, arg4, arg5, arg6 };
    long ret;
    int found;

    switch (num) {
    case TARGET_NR_exit:
        if (do_strace)
            fputs(" = ?\n", stderr);
        do_exit_thread(env, arg1 & 0xff);
        return 0;
    case TARGET_NR_exit_group:
        if (do_strace)
            fputs(" = ?\n", stderr);
        exit_emulator(arg1 & 0xff);
    case TARGET_NR_read:
        return do_read(arg1, arg2, arg3);
    case TARGET_NR_write:
        return do_write(arg1, arg2, arg3);
    case TARGET_NR_open:
        return do_openat(AT_FDCWD, arg1, arg2, arg3);
    case TARGET_NR_openat:
        return do_openat(arg1, arg2, arg3, arg4);
    case TARGET_NR_creat:
        return do_openat(AT_FDCWD, arg1, O_CREAT | O_WRONLY | O_TRUNC, arg2);
    case TARGET_NR_readv:
        return do_readv(SYS_readv, arg1, arg2, arg3, 0, 0);
    case TARGET_NR_writev:
        return do_readv(SYS_writev, arg1, arg2, arg3, 0, 0);
    case TARGET_NR_preadv:
        return do_readv(SYS_preadv2, arg1, arg2, arg3, arg64(arg4, arg5), 0);
    case TARGET_NR_pwritev:
        return do_readv(SYS_pwritev2, arg1, arg2, arg3, arg64(arg4, arg5), 0);
    case TARGET_NR_preadv2:
        return do_readv(SYS_preadv2, arg1, arg2, arg3, arg64(arg4, arg5), arg6);
    case TARGET_NR_pwritev2:
        return do_readv(SYS_pwritev2, arg1, arg2, arg3, arg64(arg4, arg5), arg6);
    case TARGET_NR_pread64:
        return do_pread(arg1, arg2, arg3, arg64(arg4, arg5), 0);
    case TARGET_NR_pwrite64:
        return do_pread(arg1, arg2, arg3, arg64(arg4, arg5), 1);
    case TARGET_NR_lseek:
        return do_lseek(arg1, arg2, arg3);
    case TARGET_NR__llseek:
        return do_llseek(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_fcntl:
        return do_fcntl(arg1, arg2, arg3, 0);
    case TARGET_NR_fcntl64:
        return do_fcntl(arg1, arg2, arg3, 1);
    case TARGET_NR_ioctl:
        return do_ioctl(arg1, arg2, arg3);
    case TARGET_NR_pipe:
        return do_pipe(arg1, 0);
    case TARGET_NR_pipe2:
        return do_pipe(arg1, arg2);
    case TARGET_NR_flock:
        return restartable(safe_syscall(SYS_flock, (int)arg1, (int)arg2));

    case TARGET_NR_stat:
        return do_fstatat(AT_FDCWD, arg1, arg2, 0, 1);
    case TARGET_NR_lstat:
        return do_fstatat(AT_FDCWD, arg1, arg2, AT_SYMLINK_NOFOLLOW, 1);
    case TARGET_NR_fstat:
        return do_fstatat(arg1, 0, arg2, AT_EMPTY_PATH, 1);
    case TARGET_NR_stat64:
        return do_fstatat(AT_FDCWD, arg1, arg2, 0, 0);
    case TARGET_NR_lstat64:
        return do_fstatat(AT_FDCWD, arg1, arg2, AT_SYMLINK_NOFOLLOW, 0);
    case TARGET_NR_fstat64:
        return do_fstatat(arg1, 0, arg2, AT_EMPTY_PATH, 0);
    case TARGET_NR_fstatat64:
        return do_fstatat(arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_statx:
        return do_statx(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_statfs:
        return do_statfs(arg1, -1, 0, arg2, 0);
    case TARGET_NR_fstatfs:
        return do_statfs(0, arg1, 0, arg2, 0);
    case TARGET_NR_statfs64:
        return do_statfs(arg1, -1, arg2, arg3, 1);
    case TARGET_NR_fstatfs64:
        return do_statfs(0, arg1, arg2, arg3, 1);
    case TARGET_NR_getdents:
        return do_getdents(arg1, arg2, arg3, 0);
    case TARGET_NR_getdents64:
        return do_getdents(arg1, arg2, arg3, 1);
    case TARGET_NR_access:
        return do_syscall1(env, TARGET_NR_faccessat, AT_FDCWD, arg1, arg2, 0, 0, 0);
    case TARGET_NR_faccessat: {
        GET_PATH(p, arg2, 1);
        return host_ret(syscall(SYS_faccessat, (int)arg1, p, (int)arg3));
    }
    case TARGET_NR_faccessat2: {
        GET_PATH(p, arg2, 1);
        return host_ret(syscall(SYS_faccessat2, (int)arg1, p, (int)arg3, (int)arg4));
    }
    case TARGET_NR_readlink:
        return do_readlinkat(AT_FDCWD, arg1, arg2, arg3);
    case TARGET_NR_readlinkat:
        return do_readlinkat(arg1, arg2, arg3, arg4);
    case TARGET_NR_getcwd:
        return do_getcwd(arg1, arg2);
    case TARGET_NR_truncate: {
        GET_PATH(p, arg1, 0);
        return host_ret(truncate(p, (int32_t)arg2));
    }
    case TARGET_NR_ftruncate:
        return host_ret(ftruncate(arg1, (int32_t)arg2));
    case TARGET_NR_truncate64: {
        GET_PATH(p, arg1, 0);
        return host_ret(truncate(p, arg64(arg2, arg3)));
    }
    case TARGET_NR_ftruncate64:
        return host_ret(ftruncate(arg1, arg64(arg2, arg3)));
    case TARGET_NR_fallocate:
        return host_ret(fallocate(arg1, arg2, arg64(arg3, arg4), arg64(arg5, arg6)));
    case TARGET_NR_fadvise64:
        return -posix_fadvise(arg1, arg64(arg2, arg3), arg4, arg5);
    case TARGET_NR_fadvise64_64:
        return -posix_fadvise(arg1, arg64(arg2, arg3), arg64(arg4, arg5), arg6);
    case TARGET_NR_readahead:
        return host_ret(readahead(arg1, arg64(arg2, arg3), arg4));
    case TARGET_NR_sync_file_range:
        return host_ret(sync_file_range(arg1, arg64(arg2, arg3), arg64(arg4, arg5),
                                        arg6));
    case TARGET_NR_sendfile: {
        int32_t off32 = 0;
        off_t off;
        if (arg3 && copy_from_user(&off32, arg3, 4))
            return -EFAULT;
        off = off32;
        ret = restartable(safe_syscall(SYS_sendfile, (int)arg1, (int)arg2,
                                       arg3 ? &off : NULL, arg4));
        off32 = off;
        if (ret >= 0 && arg3 && copy_to_user(arg3, &off32, 4))
            return -EFAULT;
        return ret;
    }
    case TARGET_NR_sendfile64:
        if (arg3 && !access_ok(VERIFY_WRITE, arg3, 8))
            return -EFAULT;
        return restartable(safe_syscall(SYS_sendfile, (int)arg1, (int)arg2,
                                        g2h(arg3), arg4));
    case TARGET_NR_copy_file_range:
        if ((arg2 && !access_ok(VERIFY_WRITE, arg2, 8)) ||
            (arg4 && !access_ok(VERIFY_WRITE, arg4, 8)))
            return -EFAULT;
        return restartable(safe_syscall(SYS_copy_file_range, (int)arg1, g2h(arg2),
                                        (int)arg3, g2h(arg4), arg5, arg6));
    case TARGET_NR_utime:
        return do_utime(arg1, arg2);
    case TARGET_NR_utimes:
        return do_utimes(AT_FDCWD, arg1, arg2);
    case TARGET_NR_futimesat:
        return do_utimes(arg1, arg2, arg3);
    case TARGET_NR_utimensat:
        return do_utimensat_guest(arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_utimensat_time64:
        return do_utimensat_guest(arg1, arg2, arg3, arg4, 1);
    case TARGET_NR_lchown:
        return host_ret(syscall(SYS_lchown, g2h(arg1), low2highuid(arg2),
                                low2highuid(arg3)));
    case TARGET_NR_chown:
        return host_ret(syscall(SYS_chown, g2h(arg1), low2highuid(arg2),
                                low2highuid(arg3)));
    case TARGET_NR_fchown:
        return host_ret(syscall(SYS_fchown, (int)arg1, low2highuid(arg2),
                                low2highuid(arg3)));

    case TARGET_NR_select:
        return do_old_select(arg1);
    case TARGET_NR__newselect:
        return do_select(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_pselect6:
        return do_pselect6(arg1, arg2, arg3, arg4, arg5, arg6, 0);
    case TARGET_NR_pselect6_time64:
        return do_pselect6(arg1, arg2, arg3, arg4, arg5, arg6, 1);
    case TARGET_NR_poll:
        return do_poll(arg1, arg2, arg3);
    case TARGET_NR_ppoll:
        return do_ppoll(arg1, arg2, arg3, arg4, arg5, 0);
    case TARGET_NR_ppoll_time64:
        return do_ppoll(arg1, arg2, arg3, arg4, arg5, 1);
    case TARGET_NR_epoll_wait:
        return do_epoll_wait(arg1, arg2, arg3, arg4, 0, 8);
    case TARGET_NR_epoll_pwait:
        return do_epoll_wait(arg1, arg2, arg3, arg4, arg5, arg6);

    case TARGET_NR_time:
        return do_time(arg1);
    case TARGET_NR_gettimeofday:
        return do_gettimeofday(arg1, arg2);
    case TARGET_NR_clock_gettime:
        return do_clock_gettime(arg1, arg2, 0, 0);
    case TARGET_NR_clock_gettime64:
        return do_clock_gettime(arg1, arg2, 1, 0);
    case TARGET_NR_clock_getres:
        return do_clock_gettime(arg1, arg2, 0, 1);
    case TARGET_NR_clock_getres_time64:
        return do_clock_gettime(arg1, arg2, 1, 1);
    case TARGET_NR_clock_nanosleep:
        return do_clock_nanosleep(arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_clock_nanosleep_time64:
        return do_clock_nanosleep(arg1, arg2, arg3, arg4, 1);
    case TARGET_NR_nanosleep:
        return do_clock_nanosleep(CLOCK_MONOTONIC, 0, arg1, arg2, 0);
    case TARGET_NR_times:
        return do_times(arg1);
    case TARGET_NR_setitimer:
        return do_setitimer(arg1, arg2, arg3);
    case TARGET_NR_getitimer:
        return do_getitimer(arg1, arg2);
    case TARGET_NR_timerfd_settime:
        return do_settime(SYS_timerfd_settime, arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_timerfd_settime64:
        return do_settime(SYS_timerfd_settime, arg1, arg2, arg3, arg4, 1);
    case TARGET_NR_timerfd_gettime:
        return do_gettime(SYS_timerfd_gettime, arg1, arg2, 0);
    case TARGET_NR_timerfd_gettime64:
        return do_gettime(SYS_timerfd_gettime, arg1, arg2, 1);
    case TARGET_NR_timer_create:
        return do_timer_create(arg1, arg2, arg3);
    case TARGET_NR_timer_getoverrun:
        return do_timer_getoverrun(arg1);
    case TARGET_NR_timer_delete:
        return do_timer_delete(arg1);
    case TARGET_NR_timer_settime:
        return do_settime(SYS_timer_settime, arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_timer_settime64:
        return do_settime(SYS_timer_settime, arg1, arg2, arg3, arg4, 1);
    case TARGET_NR_timer_gettime:
        return do_gettime(SYS_timer_gettime, arg1, arg2, 0);
    case TARGET_NR_timer_gettime64:
        return do_gettime(SYS_timer_gettime, arg1, arg2, 1);
    case TARGET_NR_sched_rr_get_interval:
    case TARGET_NR_sched_rr_get_interval_time64: {
        struct timespec ts;
        if (syscall(SYS_sched_rr_get_interval, (int)arg1, &ts) < 0)
            return -errno;
        return put_timespec(arg2, &ts, num != TARGET_NR_sched_rr_get_interval);
    }

    case TARGET_NR_fork:
        return do_fork(env, SIGCHLD, 0, 0, 0, 0);
    case TARGET_NR_vfork:
        return do_fork(env, CLONE_VFORK | CLONE_VM | SIGCHLD, 0, 0, 0, 0);
    case TARGET_NR_clone:
        /* i386 order: flags, newsp, parent_tid, tls, child_tid */
        return do_fork(env, arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_execve:
        return do_execve(arg1, arg2, arg3);
    case TARGET_NR_wait4:
        return do_wait4(arg1, arg2, arg3, arg4);
    case TARGET_NR_waitpid:
        return do_wait4(arg1, arg2, arg3, 0);
    case TARGET_NR_waitid:
        return do_waitid(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_getuid:
        return high2lowuid(getuid());
    case TARGET_NR_geteuid:
        return high2lowuid(geteuid());
    case TARGET_NR_getgid:
        return high2lowuid(getgid());
    case TARGET_NR_getegid:
        return high2lowuid(getegid());
    case TARGET_NR_setuid:
        return host_ret(syscall(SYS_setuid, low2highuid(arg1)));
    case TARGET_NR_setgid:
        return host_ret(syscall(SYS_setgid, low2highuid(arg1)));
    case TARGET_NR_setreuid:
        return host_ret(syscall(SYS_setreuid, low2highuid(arg1), low2highuid(arg2)));
    case TARGET_NR_setregid:
        return host_ret(syscall(SYS_setregid, low2highuid(arg1), low2highuid(arg2)));
    case TARGET_NR_setresuid:
        return host_ret(syscall(SYS_setresuid, low2highuid(arg1),
                                low2highuid(arg2), low2highuid(arg3)));
    case TARGET_NR_setresgid:
        return host_ret(syscall(SYS_setresgid, low2highuid(arg1),
                                low2highuid(arg2), low2highuid(arg3)));
    case TARGET_NR_setfsuid:
        return syscall(SYS_setfsuid, low2highuid(arg1));
    case TARGET_NR_setfsgid:
        return syscall(SYS_setfsgid, low2highuid(arg1));
    case TARGET_NR_getresuid:
        return do_getres16(SYS_getresuid, arg1, arg2, arg3);
    case TARGET_NR_getresgid:
        return do_getres16(SYS_getresgid, arg1, arg2, arg3);
    case TARGET_NR_getresuid32:
        return do_getres32(SYS_getresuid, arg1, arg2, arg3);
    case TARGET_NR_getresgid32:
        return do_getres32(SYS_getresgid, arg1, arg2, arg3);
    case TARGET_NR_getgroups:
        return do_getgroups16(arg1, arg2);
    case TARGET_NR_setgroups:
        return do_setgroups16(arg1, arg2);
    case TARGET_NR_getgroups32:
        if ((int32_t)arg1 > 0 && !access_ok(VERIFY_WRITE, arg2, arg1 * 4))
            return -EFAULT;
        return host_ret(syscall(SYS_getgroups, (int)arg1, g2h(arg2)));
    case TARGET_NR_uname:
        return do_uname(arg1);
    case TARGET_NR_getrlimit:
        return do_getrlimit(arg1, arg2, 1);
    case TARGET_NR_ugetrlimit:
        return do_getrlimit(arg1, arg2, 0);
    case TARGET_NR_setrlimit:
        return do_setrlimit(arg1, arg2);
    case TARGET_NR_prlimit64:
        return do_prlimit64(arg1, arg2, arg3, arg4);
    case TARGET_NR_getrusage:
        return do_getrusage(arg1, arg2);
    case TARGET_NR_sysinfo:
        return do_sysinfo(arg1);
    case TARGET_NR_getrandom: {
        uint32_t n = out_buf(arg1, arg2);
        if (arg2 && !n)
            return -EFAULT;
        return restartable(safe_syscall(SYS_getrandom, g2h(arg1), n, arg3));
    }
    case TARGET_NR_sched_getaffinity:
        return do_sched_getaffinity(arg1, arg2, arg3);
    case TARGET_NR_sched_setaffinity:
        return do_sched_setaffinity(arg1, arg2, arg3);
    case TARGET_NR_sched_getparam:
        if (!access_ok(VERIFY_WRITE, arg2, 4))
            return -EFAULT;
        return host_ret(syscall(SYS_sched_getparam, (int)arg1, g2h(arg2)));
    case TARGET_NR_getcpu:
        if ((arg1 && !access_ok(VERIFY_WRITE, arg1, 4)) ||
            (arg2 && !access_ok(VERIFY_WRITE, arg2, 4)))
            return -EFAULT;
        return host_ret(syscall(SYS_getcpu, g2h(arg1), g2h(arg2), NULL));
    case TARGET_NR_capget:
        if (arg2 && !access_ok(VERIFY_WRITE, arg2, 24))
            return -EFAULT;
        access_extent(VERIFY_WRITE, arg1, 8);
        return host_ret(syscall(SYS_capget, g2h(arg1), g2h(arg2)));
    case TARGET_NR_prctl:
        return do_prctl(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_arch_prctl:
        return -EINVAL;
    case TARGET_NR_nice:
        return do_nice(arg1);

    case TARGET_NR_set_thread_area:
        return do_set_thread_area(env, arg1);
    case TARGET_NR_get_thread_area:
        return do_get_thread_area(env, arg1);
    case TARGET_NR_modify_ldt:
        return do_modify_ldt(env, arg1, arg2, arg3);
    case TARGET_NR_set_tid_address:
        /* do_exit_thread clears it: the host's belongs to its pthread */
        thread_ts->child_tidptr = arg1;
        return thread_ts->tid;
    case TARGET_NR_set_robust_list:
        return do_set_robust_list(arg1, arg2);
    case TARGET_NR_get_robust_list:
        return do_get_robust_list(arg1, arg2, arg3);
    case TARGET_NR_futex:
        return do_futex(arg1, arg2, arg3, arg4, arg5, arg6, 0);
    case TARGET_NR_futex_time64:
        return do_futex(arg1, arg2, arg3, arg4, arg5, arg6, 1);

    case TARGET_NR_brk:
        return target_brk(arg1);
    case TARGET_NR_mmap:
        return do_old_mmap(arg1);
    case TARGET_NR_mmap2:
        return target_mmap(arg1, arg2, arg3, arg4, (int32_t)arg5,
                           (uint64_t)arg6 << TARGET_PAGE_BITS);
    case TARGET_NR_munmap:
        return target_munmap(arg1, arg2);
    case TARGET_NR_mprotect:
        return target_mprotect(arg1, arg2, arg3);
    case TARGET_NR_mremap:
        return target_mremap(arg1, arg2, arg3, arg4, arg5);
    case TARGET_NR_madvise:
        return do_madvise(arg1, arg2, arg3);
    case TARGET_NR_msync:
        if ((uint64_t)arg1 + arg2 > task_size)
            return -ENOMEM;
        return host_ret(msync(g2h(arg1), arg2, arg3));
    case TARGET_NR_mincore:
        return do_mincore(arg1, arg2, arg3);

    case TARGET_NR_signal:
        return do_signal(arg1, arg2);
    case TARGET_NR_sigaction:
        return do_old_sigaction(arg1, arg2, arg3);
    case TARGET_NR_rt_sigaction:
        return do_rt_sigaction(arg1, arg2, arg3, arg4);
    case TARGET_NR_sigprocmask:
        return do_old_sigprocmask(arg1, arg2, arg3);
    case TARGET_NR_rt_sigprocmask:
        return do_rt_sigprocmask(arg1, arg2, arg3, arg4);
    case TARGET_NR_sigreturn:
        return do_sigreturn(env);
    case TARGET_NR_rt_sigreturn:
        return do_rt_sigreturn(env);
    case TARGET_NR_sigsuspend:
        return do_old_sigsuspend(arg3);
    case TARGET_NR_rt_sigsuspend:
        return do_rt_sigsuspend(arg1, arg2);
    case TARGET_NR_sigaltstack:
        return do_sigaltstack(arg1, arg2, env->regs[R_ESP]);
    case TARGET_NR_sigpending:
        return do_old_sigpending(arg1);
    case TARGET_NR_rt_sigpending:
        return do_rt_sigpending(arg1, arg2);
    case TARGET_NR_rt_sigtimedwait:
        return do_rt_sigtimedwait(arg1, arg2, arg3, arg4, 0);
    case TARGET_NR_rt_sigtimedwait_time64:
        return do_rt_sigtimedwait(arg1, arg2, arg3, arg4, 1);
    case TARGET_NR_kill:
        return do_kill(arg1, arg2);
    case TARGET_NR_rt_sigqueueinfo:
        return do_rt_sigqueueinfo(arg1, arg2, arg3, 0, 0);
    case TARGET_NR_rt_tgsigqueueinfo:
        return do_rt_sigqueueinfo(arg1, arg3, arg4, 1, arg2);
    case TARGET_NR_pause:
        return do_pause();

    case TARGET_NR_socketcall:
        return do_socketcall(arg1, arg2);
    }
    ret = do_socket_syscall_nr(num, args, &found);
    if (found)
        return ret;
    ret = do_passthrough(num, args, &found);
    if (!found)
        print_unimplemented_once(num, args);
    return ret;
}

long do_syscall(CPUX86State *env, int num, uint32_t arg1, uint32_t arg2,
                uint32_t arg3, uint32_t arg4, uint32_t arg5, uint32_t arg6)
{
    const uint32_t args[6] = { arg1, arg2, arg3, arg4, arg5, arg6 };
    long ret;

    if (do_strace)
        print_syscall(num, args);
    ret = do_syscall1(env, num, arg1, arg2, arg3, arg4, arg5, arg6);
    if (do_strace)
        print_syscall_ret(num, ret);
    return ret;
}
