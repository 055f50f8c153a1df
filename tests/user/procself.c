/* /proc/self as Linux shows it to an i386 process: cmdline is argv, maps
   holds the program, main in an r-xp line, a local in [stack] and a small
   malloc in [heap], in the kernel's format; auxv has the page size and the
   entry point; stat has our pid, comm, ppid, the stack start and argv's
   range.  The same through /proc/PID, /proc/thread-self and from a
   thread.  Prints only facts that hold natively. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char _start[];

static char **the_argv;
static int the_argc;

/* the whole file, NUL-terminated; its length in *len */
static char *slurp(const char *path, size_t *len)
{
    static char buf[1 << 16];
    int fd = open(path, O_RDONLY);
    ssize_t n;

    *len = 0;
    if (fd < 0)
        return NULL;
    while ((n = read(fd, buf + *len, sizeof(buf) - 1 - *len)) > 0)
        *len += n;
    close(fd);
    buf[*len] = 0;
    return buf;
}

/* dir for the output: pids vary from run to run */
static const char *label(const char *dir)
{
    if (strncmp(dir, "/proc/self/task/", 16) == 0)
        return "/proc/self/task/TID";
    if (dir[6] >= '0' && dir[6] <= '9')
        return "/proc/PID";
    return dir;
}

static void check_cmdline(const char *dir)
{
    char path[64], want[4096];
    size_t len, wlen = 0;
    char *got;
    int i;

    snprintf(path, sizeof(path), "%s/cmdline", dir);
    got = slurp(path, &len);
    for (i = 0; i < the_argc; i++) {
        strcpy(want + wlen, the_argv[i]);
        wlen += strlen(the_argv[i]) + 1;
    }
    printf("%s/cmdline equals argv: %d\n", label(dir),
           got && len == wlen && memcmp(got, want, len) == 0);
}

/* the line of maps holding addr, or NULL */
static const char *line_holding(char *maps, uintptr_t addr, char *line, size_t size)
{
    char *p, *nl;

    for (p = maps; *p; p = nl + 1) {
        unsigned long start, end;
        nl = strchr(p, '\n');
        if (!nl)
            break;
        if (sscanf(p, "%lx-%lx", &start, &end) == 2 && start <= addr && addr < end) {
            snprintf(line, size, "%.*s", (int)(nl - p), p);
            return line;
        }
    }
    return NULL;
}

/* every line in the kernel's layout: a name, if any, at column 73 */
static int maps_format_ok(char *maps)
{
    char *p, *nl;

    for (p = maps; *p; p = nl + 1) {
        unsigned long start, end, off, inode;
        unsigned maj, min;
        char perms[5];
        int n = 0;
        nl = strchr(p, '\n');
        if (!nl)
            return 0;
        if (sscanf(p, "%8lx-%8lx %4s %8lx %2x:%2x %lu %n", &start, &end, perms,
                   &off, &maj, &min, &inode, &n) != 7 || start >= end)
            return 0;
        if (p + n < nl && n != 73)
            return 0;
    }
    return 1;
}

static void check_maps(const char *dir)
{
    char path[64], exe[4096], line[4096];
    const char *l;
    size_t len;
    char *maps, *small = malloc(100);
    int local;
    ssize_t n;

    snprintf(path, sizeof(path), "%s/maps", dir);
    maps = slurp(path, &len);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    printf("%s/maps: kernel format %d, names the program %d\n", label(dir),
           maps && maps_format_ok(maps), maps && n > 0 && strstr(maps, exe) != NULL);
    l = maps ? line_holding(maps, (uintptr_t)check_maps, line, sizeof(line)) : NULL;
    printf("  code: r-xp %d, the program %d\n", l && strstr(l, " r-xp ") != NULL,
           l && strstr(l, exe) != NULL);
    l = maps ? line_holding(maps, (uintptr_t)&local, line, sizeof(line)) : NULL;
    printf("  a local: rw-p %d, [stack] %d\n", l && strstr(l, " rw-p ") != NULL,
           l && strstr(l, "[stack]") != NULL);
    l = maps ? line_holding(maps, (uintptr_t)small, line, sizeof(line)) : NULL;
    printf("  a small malloc: [heap] %d\n", l && strstr(l, "[heap]") != NULL);
    free(small);
}

static void check_auxv(const char *dir)
{
    char path[64];
    size_t len, i;
    uint32_t *v;
    int pagesz = 0, entry = 0, phdr = 0, end = 0;

    snprintf(path, sizeof(path), "%s/auxv", dir);
    v = (uint32_t *)slurp(path, &len);
    for (i = 0; v && i + 1 < len / 4; i += 2) {
        if (v[i] == AT_PAGESZ)
            pagesz = v[i + 1] == 4096;
        if (v[i] == AT_ENTRY)
            entry = v[i + 1] == (uintptr_t)_start;
        if (v[i] == AT_PHDR)
            phdr = v[i + 1] == getauxval(AT_PHDR);
        if (v[i] == AT_NULL)
            end = i + 2 == len / 4;
    }
    printf("%s/auxv: 32-bit pairs %d, AT_PAGESZ 4096 %d, AT_ENTRY _start %d, "
           "AT_PHDR %d, ends with AT_NULL %d\n", label(dir), len % 8 == 0, pagesz, entry,
           phdr, end);
}

static void check_stat(const char *dir, pid_t id)
{
    char path[64], comm[64], state;
    unsigned long f[64];
    size_t len;
    char *s, *p;
    int pid = 0, ppid = 0, i;

    snprintf(path, sizeof(path), "%s/stat", dir);
    s = slurp(path, &len);
    if (!s || sscanf(s, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid) != 4) {
        printf("%s/stat: unreadable\n", label(dir));
        return;
    }
    /* f[k] is field k; field 3 is the state letter */
    p = strrchr(s, ')') + 4;
    for (i = 4; i < 64 && *p && *p != '\n'; i++) {
        f[i] = strtoul(p, &p, 10);
        while (*p == ' ')
            p++;
    }
    printf("%s/stat: pid %d, comm %s, state %c, ppid %d, fields %d\n", label(dir),
           pid == id, comm, state, ppid == getppid(), i - 1);
    printf("  startstack is &argc %d, arg_start argv[0] %d, arg_end %d\n",
           f[28] == (uintptr_t)(the_argv - 1), f[48] == (uintptr_t)the_argv[0],
           f[49] == (uintptr_t)the_argv[the_argc - 1] +
                    strlen(the_argv[the_argc - 1]) + 1);
}

static void *in_thread(void *arg)
{
    pid_t tid = syscall(SYS_gettid);
    char dir[64];

    (void)arg;
    check_stat("/proc/thread-self", tid);
    snprintf(dir, sizeof(dir), "/proc/self/task/%d", tid);
    check_stat(dir, tid);
    check_cmdline("/proc/thread-self");
    check_maps("/proc/thread-self");
    return NULL;
}

int main(int argc, char **argv)
{
    char dir[64];
    pthread_t t;

    the_argc = argc;
    the_argv = argv;
    snprintf(dir, sizeof(dir), "/proc/%d", getpid());
    check_cmdline("/proc/self");
    check_cmdline(dir);
    check_maps("/proc/self");
    check_maps(dir);
    check_auxv("/proc/self");
    check_auxv(dir);
    check_stat("/proc/self", getpid());
    check_stat(dir, getpid());
    pthread_create(&t, NULL, in_thread, NULL);
    pthread_join(t, NULL);
    return 0;
}
