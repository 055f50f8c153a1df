/*
 * /proc/self as the guest must see it: cmdline, maps, stat and auxv of
 * the i386 program, not of qemu-i386.
 *
 * The one thing to know: the host kernel describes the emulator (its argv,
 * its 64-bit auxv, its mappings above 4 GiB), so an open of one of these
 * files (through /proc/self, /proc/thread-self, /proc/PID or
 * /proc/PID/task/TID of our own process) gets a memfd holding what Linux
 * would show the guest, made at the time of the open as the kernel does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "qemu.h"

/* what the kernel keeps in mm_struct and saved_auxv at exec */
static struct {
    uint32_t start_code, end_code, start_data, end_data, start_brk;
    uint32_t start_stack, stack_limit, stack_top;
    uint32_t arg_start, arg_end, env_start, env_end;
    uint32_t *auxv;
    size_t auxv_size;
} mm;

/* the end of the last string of a NULL-ended vector, or `empty` */
static uint32_t strings_end(uint32_t vec, uint32_t n, uint32_t empty)
{
    uint32_t last;
    long len;

    if (n == 0 || get_user_u32(&last, vec + (n - 1) * 4))
        return empty;
    len = guest_strlen(last);
    return len < 0 ? empty : last + len + 1;
}

void proc_init(const struct image_info *info)
{
    uint32_t argc = 0, argv, envp, envc = 0, p = 1, n, type = 1;

    mm.start_code = info->start_code;
    mm.end_code = info->end_code;
    mm.start_data = info->start_data;
    mm.end_data = info->end_data;
    mm.start_brk = info->start_brk;
    mm.start_stack = info->sp;
    mm.stack_limit = info->stack_limit;
    mm.stack_top = info->stack_top;
    get_user_u32(&argc, info->sp);
    argv = info->sp + 4;
    envp = argv + (argc + 1) * 4;
    while (p && get_user_u32(&p, envp + envc * 4) == 0 && p)
        envc++;
    get_user_u32(&mm.arg_start, argv);
    mm.arg_end = strings_end(argv, argc, mm.arg_start);
    mm.env_start = mm.arg_end;
    if (envc)
        get_user_u32(&mm.env_start, envp);
    mm.env_end = strings_end(envp, envc, mm.env_start);
    for (n = 0; type; n += 2) {
        if (get_user_u32(&type, info->auxv + n * 4))
            break;
    }
    mm.auxv_size = n * 4;
    mm.auxv = malloc(mm.auxv_size);
    if (!mm.auxv || copy_from_user(mm.auxv, info->auxv, mm.auxv_size))
        mm.auxv_size = 0;
}

/* a growing buffer for the file's contents */
struct text {
    char *buf;
    size_t len, size;
};

static void add(struct text *t, const void *data, size_t len)
{
    if (t->len + len > t->size) {
        size_t size = (t->len + len) * 2 + 4096;
        char *buf = realloc(t->buf, size);
        if (!buf)
            return;
        t->buf = buf;
        t->size = size;
    }
    memcpy(t->buf + t->len, data, len);
    t->len += len;
}

static void addf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void addf(struct text *t, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0)
        add(t, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* cmdline: the guest's argument strings, read now as the kernel does */
static void fill_cmdline(struct text *t, const char *host_path)
{
    uint32_t len = mm.arg_end - mm.arg_start;

    (void)host_path;
    if (len && access_ok(VERIFY_READ, mm.arg_start, len))
        add(t, g2h(mm.arg_start), len);
}

static void fill_auxv(struct text *t, const char *host_path)
{
    (void)host_path;
    add(t, mm.auxv, mm.auxv_size);
}

/* maps: the host's lines below task_size, split where the guest's page
   flags change (code pages are write-protected on the host, but the
   guest sees them writable), with the kernel's layout for a 64-bit
   kernel: the name starts at column 73 */

#define MAPS_NAME_COLUMN 73

struct host_vma {
    uint64_t start, end, offset;
    char shared;
    unsigned dev_major, dev_minor;
    unsigned long inode;
    const char *name;
};

static const char *region_name(uint32_t start, uint32_t end,
                               const struct host_vma *v)
{
    uint32_t brk_start, brk_end;

    if (start < mm.stack_top && end > mm.stack_limit)
        return "[stack]";
    target_brk_range(&brk_start, &brk_end);
    if (!v->inode && start < brk_end && end > brk_start)
        return "[heap]";
    return v->name;
}

static void add_map_line(struct text *t, uint32_t start, uint32_t end, int flags,
                         const struct host_vma *v)
{
    const char *name = region_name(start, end, v);
    uint64_t offset = v->inode ? v->offset + (start - v->start) : 0;
    size_t before = t->len;

    addf(t, "%08x-%08x %c%c%c%c %08llx %02x:%02x %lu ", start, end,
         (flags & PAGE_READ) ? 'r' : '-',
         (flags & (PAGE_WRITE | PAGE_WRITE_ORG)) ? 'w' : '-',
         (flags & PAGE_EXEC) ? 'x' : '-', v->shared,
         (unsigned long long)offset, v->dev_major, v->dev_minor, v->inode);
    if (name && *name) {
        size_t width = t->len - before;
        while (width++ < MAPS_NAME_COLUMN)
            add(t, " ", 1);
        add(t, name, strlen(name));
    }
    add(t, "\n", 1);
}

#define GUEST_FLAGS (PAGE_READ | PAGE_WRITE | PAGE_EXEC | PAGE_WRITE_ORG)

static void add_guest_vma(struct text *t, const struct host_vma *v)
{
    uint64_t end = v->end < task_size ? v->end : task_size;
    uint64_t addr = v->start, run = v->start;
    int flags = page_get_flags(v->start);
    uint32_t brk_start, brk_end;

    /* the host may merge the heap with the bss before it; the kernel
       keeps them apart */
    target_brk_range(&brk_start, &brk_end);
    for (; addr <= end; addr += TARGET_PAGE_SIZE) {
        int f = addr < end ? page_get_flags(addr) : -1;
        if (addr < end && (f & GUEST_FLAGS) == (flags & GUEST_FLAGS) &&
            (f & PAGE_VALID) == (flags & PAGE_VALID) && addr != brk_start)
            continue;
        if (flags & PAGE_VALID)
            add_map_line(t, run, addr, flags, v);
        run = addr;
        flags = f;
    }
}

static void fill_maps(struct text *t, const char *host_path)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4096], perms[8], name[4096];
    struct host_vma v;
    int n;

    (void)host_path;
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        unsigned long long start, end, offset;
        name[0] = 0;
        n = sscanf(line, "%llx-%llx %7s %llx %x:%x %lu %4095[^\n]", &start, &end,
                   perms, &offset, &v.dev_major, &v.dev_minor, &v.inode, name);
        if (n < 7 || start >= task_size)
            continue;
        v.start = start;
        v.end = end;
        v.offset = offset;
        v.shared = perms[3];
        v.name = name[0] == '[' ? NULL : name; /* the host's own [vdso] ... */
        add_guest_vma(t, &v);
    }
    fclose(f);
}

/* stat: the host's line for the process or thread, with the fields that
   describe the program (comm, sizes, the mm addresses) made the guest's */
static uint64_t guest_vsize(void)
{
    uint64_t addr, size = 0;

    for (addr = 0; addr < task_size; addr += TARGET_PAGE_SIZE) {
        if (page_get_flags(addr) & PAGE_VALID)
            size += TARGET_PAGE_SIZE;
    }
    return size;
}

static void fill_stat(struct text *t, const char *host_path)
{
    char line[4096], *rest, *field[64];
    uint64_t sigs[4];
    const char *comm = strrchr(exec_path, '/');
    int fd = open(host_path, O_RDONLY | O_CLOEXEC), n = 0, i;
    ssize_t len;

    if (fd < 0)
        return;
    len = read(fd, line, sizeof(line) - 1);
    close(fd);
    rest = len > 0 ? strrchr((line[len] = 0, line), ')') : NULL;
    if (!rest)
        return;
    signal_stat(sigs);
    /* fields 3.. after "pid (comm) "; field k is field[k - 3] */
    for (rest = strtok(rest + 1, " \n"); rest && n < 64; rest = strtok(NULL, " \n"))
        field[n++] = rest;
    addf(t, "%d (%.15s)", atoi(line), comm ? comm + 1 : exec_path);
    for (i = 0; i < n; i++) {
        int k = i + 3;
        switch (k) {
        case 23: addf(t, " %llu", (unsigned long long)guest_vsize()); break;
        case 26: addf(t, " %u", mm.start_code); break;
        case 27: addf(t, " %u", mm.end_code); break;
        case 28: addf(t, " %u", mm.start_stack); break;
        case 29: case 30: addf(t, " 0"); break; /* kstkesp, kstkeip */
        case 31: case 32: case 33: case 34:
            /* pending, blocked, ignored, caught: the first 31 signals */
            addf(t, " %llu", (unsigned long long)(sigs[k - 31] & 0x7fffffff));
            break;
        case 45: addf(t, " %u", mm.start_data); break;
        case 46: addf(t, " %u", mm.end_data); break;
        case 47: addf(t, " %u", mm.start_brk); break;
        case 48: addf(t, " %u", mm.arg_start); break;
        case 49: addf(t, " %u", mm.arg_end); break;
        case 50: addf(t, " %u", mm.env_start); break;
        case 51: addf(t, " %u", mm.env_end); break;
        default: addf(t, " %s", field[i]); break;
        }
    }
    add(t, "\n", 1);
}

static const struct {
    const char *name;
    void (*fill)(struct text *t, const char *host_path);
} proc_files[] = {
    { "cmdline", fill_cmdline },
    { "maps", fill_maps },
    { "stat", fill_stat },
    { "auxv", fill_auxv },
};

/* the file name after a directory of our own process, or NULL */
static const char *own_proc_file(const char *path)
{
    char *end;
    long id;

    if (strncmp(path, "/proc/", 6) != 0)
        return NULL;
    path += 6;
    if (strncmp(path, "self/", 5) == 0)
        path += 5;
    else if (strncmp(path, "thread-self/", 12) == 0)
        return path + 12;
    else if ((id = strtol(path, &end, 10)) == getpid() && *end == '/')
        path = end + 1;
    else
        return NULL;
    if (strncmp(path, "task/", 5) == 0) {
        id = strtol(path + 5, &end, 10);
        if (id <= 0 || *end != '/')
            return NULL;
        path = end + 1;
    }
    return path;
}

/* open of a path the guest gave: a memfd when it names one of these
   files, -1 when the host file is the right one, or -errno */
int proc_open(const char *path, int flags)
{
    const char *file = own_proc_file(path);
    struct text t = { 0 };
    unsigned i;
    int fd;

    if (!file || (flags & O_ACCMODE) != O_RDONLY)
        return -1;
    for (i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]); i++) {
        if (strcmp(file, proc_files[i].name) == 0)
            break;
    }
    if (i == sizeof(proc_files) / sizeof(proc_files[0]))
        return -1;
    fd = memfd_create(proc_files[i].name, (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0)
        return -errno;
    proc_files[i].fill(&t, path);
    if (t.len && write(fd, t.buf, t.len) != (ssize_t)t.len) {
        free(t.buf);
        close(fd);
        return -EIO;
    }
    free(t.buf);
    lseek(fd, 0, SEEK_SET);
    return fd;
}
