/*
 * The guest half of the address space: mmap, munmap, mprotect, mremap and
 * brk inside [0, task_size).
 *
 * The page descriptors of exec.c are the map of what the guest owns: a
 * page with flags 0 is free.  Non-fixed mappings go top-down below
 * mmap_base, as for a 32-bit task on a 64-bit kernel, and are made with
 * MAP_FIXED_NOREPLACE so that nothing the host put in the low 4 GiB (a
 * sanitizer's shadow memory, say) is ever replaced: a clash just moves the
 * search on.  Host mappings found below 4 GiB at start-up are kept out of
 * the guest's reach altogether.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "qemu.h"

#define GUEST_SPACE_END   (1ull << 32)
#define MIN_GUEST_SPACE   (256u << 20)
#define MMAP_GAP_MIN      (128u << 20)
#define STACK_GUARD_GAP   (256 * TARGET_PAGE_SIZE)
#define MAX_HOST_RESERVED 32
#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif

/* flags the guest may pass on to the host */
#define MAP_GUEST_FLAGS (MAP_SHARED | MAP_PRIVATE | MAP_SHARED_VALIDATE | \
    MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | \
    MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | \
    MAP_SYNC | (0x3fu << MAP_HUGE_SHIFT))

uint32_t task_size;
uint32_t mmap_base;
uint32_t sys_area;

static uint32_t mmap_min_addr = 0x10000;
static uint32_t brk_start, brk_cur;

/* host mappings below 4 GiB at start-up: [start, end) */
static struct {
    uint64_t start, end;
} host_reserved[MAX_HOST_RESERVED];
static int nb_host_reserved;

static pthread_mutex_t mmap_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static void mmap_lock(void)
{
    pthread_mutex_lock(&mmap_mutex);
}

static void mmap_unlock(void)
{
    pthread_mutex_unlock(&mmap_mutex);
}

/* the brk area as /proc/self/maps labels it: [start, end) */
void target_brk_range(uint32_t *start, uint32_t *end)
{
    *start = brk_start;
    *end = TARGET_PAGE_ALIGN((uint64_t)brk_cur);
}

/* fork: the child gets the guest-side map unchanged and the lock free */
void mmap_fork_start(void)
{
    mmap_lock();
}

void mmap_fork_end(int child)
{
    if (child) {
        pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
        mmap_mutex = fresh;
    } else {
        mmap_unlock();
    }
}

static void read_host_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    unsigned long long start, end;
    char line[512];

    nb_host_reserved = 0;
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%llx-%llx", &start, &end) != 2 ||
            start >= GUEST_SPACE_END)
            continue;
        if (nb_host_reserved == MAX_HOST_RESERVED) {
            fprintf(stderr, QEMU_NAME ": too many host mappings below 4 GiB\n");
            exit(1);
        }
        host_reserved[nb_host_reserved].start = start;
        host_reserved[nb_host_reserved].end =
            end < GUEST_SPACE_END ? end : GUEST_SPACE_END;
        nb_host_reserved++;
    }
    fclose(f);
}

static int host_reserved_overlap(uint64_t start, uint64_t end)
{
    int i;

    for (i = 0; i < nb_host_reserved; i++) {
        if (start < host_reserved[i].end && host_reserved[i].start < end)
            return 1;
    }
    return 0;
}

/* the top of the highest hole below 4 GiB that is big enough for a guest:
   4 GiB itself unless a sanitizer reserved the upper part.  Hole tops are
   4 GiB and the start of each host mapping. */
static uint64_t find_guest_top(void)
{
    uint64_t best = 0;
    int i, j;

    for (i = -1; i < nb_host_reserved; i++) {
        uint64_t top = i < 0 ? GUEST_SPACE_END : host_reserved[i].start;
        uint64_t bottom = 0;
        int inside = 0;
        for (j = 0; j < nb_host_reserved; j++) {
            if (host_reserved[j].start < top && host_reserved[j].end > top)
                inside = 1;
            if (host_reserved[j].end <= top && host_reserved[j].end > bottom)
                bottom = host_reserved[j].end;
        }
        if (!inside && top - bottom >= MIN_GUEST_SPACE && top > best)
            best = top;
    }
    return best;
}

static void read_mmap_min_addr(void)
{
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    unsigned long v;

    if (f) {
        if (fscanf(f, "%lu", &v) == 1)
            mmap_min_addr = TARGET_PAGE_ALIGN(v);
        fclose(f);
    }
    if (mmap_min_addr < TARGET_PAGE_SIZE)
        mmap_min_addr = TARGET_PAGE_SIZE;
}

/* stack_size is the guest stack limit: the kernel keeps that much (and at
   least 128 MiB) between the stack top and mmap_base */
void mmap_init(uint32_t stack_size)
{
    uint64_t top, gap;
    void *p;

    read_host_maps();
    read_mmap_min_addr();
    top = find_guest_top();
    if (top == 0) {
        fprintf(stderr, QEMU_NAME ": no room for the guest below 4 GiB\n");
        exit(1);
    }
    task_size = top - SYS_AREA_SIZE;
    sys_area = task_size;
    p = mmap(g2h(sys_area), SYS_AREA_SIZE, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != g2h(sys_area)) {
        fprintf(stderr, QEMU_NAME ": cannot map the GDT at 0x%08x\n", sys_area);
        exit(1);
    }
    gap = (uint64_t)stack_size + STACK_GUARD_GAP;
    if (gap < MMAP_GAP_MIN)
        gap = MMAP_GAP_MIN;
    if (gap > task_size / 6 * 5)
        gap = task_size / 6 * 5;
    mmap_base = (task_size - gap) & TARGET_PAGE_MASK;
}

static int page_flags_of_prot(int prot)
{
    int flags = PAGE_VALID;

    /* on an i686 every mapped page is readable */
    if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
        flags |= PAGE_READ;
    if (prot & PROT_WRITE)
        flags |= PAGE_WRITE;
    if (prot & PROT_EXEC)
        flags |= PAGE_EXEC;
    return flags;
}

static int guest_pages_free(uint32_t start, uint32_t len)
{
    uint64_t addr, end = (uint64_t)start + len;

    for (addr = start; addr < end; addr += TARGET_PAGE_SIZE) {
        if (page_get_flags(addr) != 0)
            return 0;
    }
    return 1;
}

/* [start, start + len) is inside the guest space, unused by the guest and
   not the host's */
int guest_range_free(uint32_t start, uint32_t len)
{
    uint64_t end = (uint64_t)start + len;

    return end <= task_size && start >= mmap_min_addr &&
           !host_reserved_overlap(start, end) && guest_pages_free(start, len);
}

/* highest free range of len bytes in [low, high), or 0 */
static uint32_t find_free_topdown(uint32_t low, uint32_t high, uint32_t len)
{
    uint64_t addr, run_end = high;

    if (high < low || high - low < len)
        return 0;
    for (addr = high - TARGET_PAGE_SIZE; addr >= low; addr -= TARGET_PAGE_SIZE) {
        if (page_get_flags(addr) != 0 ||
            host_reserved_overlap(addr, addr + TARGET_PAGE_SIZE)) {
            run_end = addr;
        } else if (run_end - addr >= len) {
            return addr;
        }
    }
    return 0;
}

/* lowest free range of len bytes in [low, high), or 0 */
static uint32_t find_free_bottomup(uint32_t low, uint32_t high, uint32_t len)
{
    uint64_t addr, run_start = low;

    for (addr = low; addr + TARGET_PAGE_SIZE <= high; addr += TARGET_PAGE_SIZE) {
        if (page_get_flags(addr) != 0 ||
            host_reserved_overlap(addr, addr + TARGET_PAGE_SIZE)) {
            run_start = addr + TARGET_PAGE_SIZE;
        } else if (addr + TARGET_PAGE_SIZE - run_start >= len) {
            return run_start;
        }
    }
    return 0;
}

/* map at a free place the host may already use: MAP_FIXED_NOREPLACE
   fails then and we look further down */
static long mmap_anywhere(uint32_t hint, uint32_t len, int prot, int flags,
                          int fd, uint64_t offset)
{
    uint32_t high = mmap_base, low = mmap_min_addr, addr;
    int bottomup = 0;

    if (hint && guest_range_free(hint, len))
        addr = hint;
    else
        addr = find_free_topdown(low, high, len);
    for (;;) {
        void *p;
        if (addr == 0 && !bottomup) {
            /* as the kernel does when the area below mmap_base is full */
            bottomup = 1;
            low = TARGET_PAGE_ALIGN(task_size / 3);
            addr = find_free_bottomup(low, task_size, len);
        }
        if (addr == 0)
            return -ENOMEM;
        p = mmap(g2h(addr), len, prot, flags | MAP_FIXED_NOREPLACE, fd, offset);
        if (p == g2h(addr))
            return addr;
        if (p != MAP_FAILED) {
            /* a kernel that ignores MAP_FIXED_NOREPLACE */
            munmap(p, len);
        } else if (errno != EEXIST) {
            return -errno;
        }
        if (bottomup) {
            addr = find_free_bottomup(addr + TARGET_PAGE_SIZE, task_size, len);
        } else {
            high = addr;
            addr = find_free_topdown(low, high, len);
        }
    }
}

static void guest_pages_changed(uint32_t start, uint32_t len, int flags)
{
    tb_invalidate_page_range(start, start + len);
    page_set_flags(start, start + len, flags);
}

long target_mmap(uint32_t start, uint32_t len, int prot, int flags, int fd,
                 uint64_t offset)
{
    int host_flags = flags & MAP_GUEST_FLAGS;
    int type = flags & MAP_TYPE;
    long ret;

    if (len == 0 || (offset & ~(uint64_t)TARGET_PAGE_MASK))
        return -EINVAL;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if ((uint64_t)len + TARGET_PAGE_SIZE - 1 > task_size)
        return -ENOMEM;
    len = TARGET_PAGE_ALIGN(len);
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;

    mmap_lock();
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        uint64_t end = (uint64_t)start + len;
        void *p;
        if (start & ~TARGET_PAGE_MASK) {
            ret = -EINVAL;
        } else if (end > task_size || host_reserved_overlap(start, end)) {
            ret = -ENOMEM;
        } else if ((flags & MAP_FIXED_NOREPLACE) && !guest_pages_free(start, len)) {
            ret = -EEXIST;
        } else {
            p = mmap(g2h(start), len, prot, host_flags | MAP_FIXED, fd, offset);
            ret = p == MAP_FAILED ? -errno : (long)start;
        }
    } else {
        ret = mmap_anywhere(TARGET_PAGE_ALIGN(start), len, prot, host_flags,
                            fd, offset);
    }
    if (ret >= 0)
        guest_pages_changed(ret, len, page_flags_of_prot(prot));
    mmap_unlock();
    return ret;
}

/* unmap the guest's part of [start, end), never the host's */
static void unmap_guest_range(uint64_t start, uint64_t end)
{
    uint64_t addr = start;

    while (addr < end) {
        uint64_t stop = addr;
        while (stop < end && !host_reserved_overlap(stop, stop + TARGET_PAGE_SIZE))
            stop += TARGET_PAGE_SIZE;
        if (stop > addr)
            munmap(g2h(addr), stop - addr);
        addr = stop + TARGET_PAGE_SIZE;
    }
}

long target_munmap(uint32_t start, uint32_t len)
{
    uint64_t end;

    if ((start & ~TARGET_PAGE_MASK) || len == 0 || start > task_size ||
        len > task_size - start)
        return -EINVAL;
    len = TARGET_PAGE_ALIGN(len);
    end = (uint64_t)start + len;
    if (end > task_size)
        end = task_size;
    mmap_lock();
    unmap_guest_range(start, end);
    guest_pages_changed(start, end - start, 0);
    mmap_unlock();
    return 0;
}

long target_mprotect(uint32_t start, uint32_t len, int prot)
{
    uint64_t end, addr;
    long ret = 0;

    if (start & ~TARGET_PAGE_MASK)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
                 PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
        return -EINVAL;
    if (len == 0)
        return 0;
    end = (uint64_t)start + TARGET_PAGE_ALIGN((uint64_t)len);
    if (end > task_size)
        return -ENOMEM;
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;

    mmap_lock();
    for (addr = start; addr < end; addr += TARGET_PAGE_SIZE) {
        if (!(page_get_flags(addr) & PAGE_VALID)) {
            ret = -ENOMEM;
            break;
        }
    }
    if (ret == 0 && mprotect(g2h(start), end - start, prot) != 0)
        ret = -errno;
    if (ret == 0)
        guest_pages_changed(start, end - start, page_flags_of_prot(prot));
    mmap_unlock();
    return ret;
}

static long mremap_to(uint32_t old_addr, uint32_t old_size, uint32_t new_size,
                      int flags, uint32_t new_addr)
{
    void *p = mremap(g2h(old_addr), old_size, new_size,
                     flags | MREMAP_MAYMOVE | MREMAP_FIXED, g2h(new_addr));

    return p == MAP_FAILED ? -errno : (long)new_addr;
}

long target_mremap(uint32_t old_addr, uint32_t old_size, uint32_t new_size,
                   int flags, uint32_t new_addr)
{
    int page_flags;
    long ret;

    if ((old_addr & ~TARGET_PAGE_MASK) ||
        (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    old_size = TARGET_PAGE_ALIGN((uint64_t)old_size);
    if (new_size == 0 || (uint64_t)new_size + TARGET_PAGE_SIZE - 1 > task_size)
        return -EINVAL;
    new_size = TARGET_PAGE_ALIGN(new_size);
    if ((uint64_t)old_addr + old_size > task_size)
        return -EFAULT;

    mmap_lock();
    page_flags = page_get_flags(old_addr);
    /* the guest's own rights, not a write protection for translated code */
    if (page_flags & PAGE_WRITE_ORG)
        page_flags |= PAGE_WRITE;
    if (!(page_flags & PAGE_VALID)) {
        ret = -EFAULT;
    } else if (flags & MREMAP_FIXED) {
        if ((new_addr & ~TARGET_PAGE_MASK) ||
            (uint64_t)new_addr + new_size > task_size ||
            host_reserved_overlap(new_addr, (uint64_t)new_addr + new_size))
            ret = -EINVAL;
        else
            ret = mremap_to(old_addr, old_size, new_size,
                            flags & MREMAP_DONTUNMAP, new_addr);
    } else if (new_size <= old_size ||
               guest_range_free(old_addr + old_size, new_size - old_size)) {
        void *p = mremap(g2h(old_addr), old_size, new_size, 0);
        ret = p == MAP_FAILED ? -errno : (long)old_addr;
        if (ret < 0 && (flags & MREMAP_MAYMOVE))
            ret = -ENOMEM; /* the host is in the way: move below */
    } else {
        ret = -ENOMEM;
    }
    if (ret == -ENOMEM && (flags & MREMAP_MAYMOVE) && !(flags & MREMAP_FIXED)) {
        uint32_t addr = find_free_topdown(mmap_min_addr, mmap_base, new_size);
        if (addr)
            ret = mremap_to(old_addr, old_size, new_size,
                            flags & MREMAP_DONTUNMAP, addr);
    }
    if (ret >= 0) {
        if ((uint32_t)ret != old_addr && !(flags & MREMAP_DONTUNMAP))
            guest_pages_changed(old_addr, old_size, 0);
        else if (new_size < old_size)
            guest_pages_changed(old_addr + new_size, old_size - new_size, 0);
        guest_pages_changed(ret, new_size, page_flags);
    }
    mmap_unlock();
    return ret;
}

void target_set_brk(uint32_t brk)
{
    brk_start = brk_cur = TARGET_PAGE_ALIGN(brk);
}

/* the kernel's brk: the break moves to any address at or above the
   start, pages follow it; when they cannot, the old break is returned */
long target_brk(uint32_t new_brk)
{
    uint64_t old_end, new_end;
    long ret;

    mmap_lock();
    old_end = TARGET_PAGE_ALIGN((uint64_t)brk_cur);
    new_end = TARGET_PAGE_ALIGN((uint64_t)new_brk);
    if (new_brk < brk_start) {
        ret = brk_cur;
    } else if (new_end <= old_end) {
        if (new_end < old_end) {
            unmap_guest_range(new_end, old_end);
            guest_pages_changed(new_end, old_end - new_end, 0);
        }
        ret = brk_cur = new_brk;
    } else if (new_end + TARGET_PAGE_SIZE > task_size ||
               !guest_range_free(old_end, new_end + TARGET_PAGE_SIZE - old_end)) {
        ret = brk_cur;
    } else if (target_mmap(old_end, new_end - old_end, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) < 0) {
        ret = brk_cur;
    } else {
        ret = brk_cur = new_brk;
    }
    mmap_unlock();
    return ret;
}
