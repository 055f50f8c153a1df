/* Assorted system calls and their i386 structures: clocks and sleeps,
   times, getrusage, sysinfo, rlimits, uname, ids, umask, affinity,
   getrandom, prctl, the auxiliary vector, /proc/self/exe, mmap, mremap,
   mprotect and brk, and EFAULT for bad pointers.  Only facts that hold
   natively and emulated are printed, never values that vary. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static const char *yes(int x)
{
    return x ? "yes" : "no";
}

static double now(clockid_t clk)
{
    struct timespec ts;

    clock_gettime(clk, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clocks(void)
{
    struct timespec res, req = { 0, 20000000 };
    struct timeval tv;
    struct tms tms;
    double t0 = now(CLOCK_MONOTONIC), t1;

    nanosleep(&req, NULL);
    t1 = now(CLOCK_MONOTONIC);
    printf("nanosleep 20 ms: at least that long %s\n", yes(t1 - t0 >= 0.02));
    gettimeofday(&tv, NULL);
    printf("gettimeofday near time(): %s\n", yes(labs(tv.tv_sec - time(NULL)) <= 1));
    printf("CLOCK_REALTIME near time(): %s\n",
           yes(now(CLOCK_REALTIME) - time(NULL) < 2));
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("clock_getres: %ld s, under 1 ms %s\n", (long)res.tv_sec,
           yes(res.tv_nsec < 1000000));
    printf("times: %s\n", yes(times(&tms) != (clock_t)-1));
    printf("CPU time clock moves: %s\n", yes(now(CLOCK_PROCESS_CPUTIME_ID) > 0));
}

static void process_info(void)
{
    struct rusage ru;
    struct sysinfo si;
    struct rlimit rl;
    struct utsname u;
    cpu_set_t set;
    char name[16];
    unsigned char rnd[16];

    getrusage(RUSAGE_SELF, &ru);
    printf("getrusage: maxrss > 0 %s\n", yes(ru.ru_maxrss > 0));
    sysinfo(&si);
    printf("sysinfo: ram %s, procs %s, uptime %s\n",
           yes((unsigned long long)si.totalram * si.mem_unit > (1 << 20)),
           yes(si.procs > 0), yes(si.uptime > 0));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("RLIMIT_NOFILE: cur <= max %s\n", yes(rl.rlim_cur <= rl.rlim_max));
    getrlimit(RLIMIT_STACK, &rl);
    printf("RLIMIT_STACK: %s\n", yes(rl.rlim_cur > 0));
    uname(&u);
    printf("uname: %s %s\n", u.sysname, u.machine);
    printf("pid is tid: %s, parent %s\n", yes(getpid() == syscall(SYS_gettid)),
           yes(getppid() > 0));
    printf("uid is euid: %s, gid is egid: %s\n", yes(getuid() == geteuid()),
           yes(getgid() == getegid()));
    umask(022);
    printf("umask: %03o\n", umask(077));
    sched_getaffinity(0, sizeof(set), &set);
    printf("CPUs in the affinity mask: %s\n", yes(CPU_COUNT(&set) > 0));
    printf("getrandom: %zd\n", getrandom(rnd, sizeof(rnd), 0));
    prctl(PR_SET_NAME, "renamed");
    prctl(PR_GET_NAME, name);
    printf("prctl name: %s\n", name);
    printf("sysconf: page %ld, clock ticks %ld, CPUs %s\n", sysconf(_SC_PAGESIZE),
           sysconf(_SC_CLK_TCK), yes(sysconf(_SC_NPROCESSORS_ONLN) > 0));
    printf("auxv: AT_PAGESZ %lu, AT_PLATFORM %s\n", getauxval(AT_PAGESZ),
           (char *)getauxval(AT_PLATFORM));
}

static void self_exe(void)
{
    char buf[4096], *base;
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    struct stat a, b;

    buf[n > 0 ? n : 0] = '\0';
    base = strrchr(buf, '/');
    printf("/proc/self/exe: %s\n", base ? base + 1 : buf);
    stat("/proc/self/exe", &a);
    stat(buf, &b);
    printf("stat of it is the program: %s\n", yes(a.st_ino == b.st_ino));
}

static void memory(void)
{
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0), *q;
    void *brk0 = sbrk(0);
    int ret;

    printf("mmap: page aligned %s, zeroed %s\n", yes(((long)p & 4095) == 0),
           yes(p[0] == 0 && p[8191] == 0));
    strcpy(p, "keep me");
    q = mremap(p, 8192, 1 << 20, MREMAP_MAYMOVE);
    printf("mremap to 1 MiB: content kept %s, new tail zeroed %s\n",
           yes(strcmp(q, "keep me") == 0), yes(q[(1 << 20) - 1] == 0));
    ret = mprotect(q, 4096, PROT_READ);
    printf("mprotect read-only: %d\n", ret);
    ret = munmap(q, 1 << 20);
    printf("munmap: %d", ret);
    ret = munmap(q, 1 << 20);
    printf(", again: %d\n", ret);
    ret = munmap(q + 1, 4096);
    printf("munmap unaligned: %d %s\n", ret, strerror(errno));
    ret = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED;
    printf("mmap length 0 fails: %s %s\n", yes(ret), strerror(errno));
    printf("sbrk 1 MiB: %s\n", yes(sbrk(1 << 20) == brk0));
    memset(brk0, 1, 1 << 20);
    ret = brk(brk0);
    printf("brk back: %d, sbrk(0) back: %s\n", ret, yes(sbrk(0) == brk0));
}

static void bad_pointers(void)
{
    int fd = open("/proc/self/exe", O_RDONLY);
    char *volatile bad = (char *)8;
    ssize_t n;

    n = read(fd, bad, 16);
    printf("read into a bad buffer: %zd %s\n", n, strerror(errno));
    n = write(1, bad, 16);
    printf("write from a bad buffer: %zd %s\n", n, strerror(errno));
    n = open(bad, O_RDONLY);
    printf("open of a bad path: %zd %s\n", n, strerror(errno));
    n = syscall(SYS_stat64, "/", bad);
    printf("stat64 into a bad buffer: %zd %s\n", n, strerror(errno));
    n = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad);
    printf("clock_gettime into a bad buffer: %zd %s\n", n, strerror(errno));
    n = syscall(9999);
    printf("a syscall that does not exist: %zd %s\n", n, strerror(errno));
    close(fd);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    clocks();
    process_info();
    self_exe();
    memory();
    bad_pointers();
    return 0;
}
