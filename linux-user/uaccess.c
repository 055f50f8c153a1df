/*
 * Checked access to guest memory from the emulator's C code.
 *
 * Guest address == host address, so the check is all there is: the page
 * descriptors must say the guest mapped the range with the access asked
 * for.  A write check also gives back write access to pages that were
 * write-protected because they hold translated code, which is also what
 * the host kernel needs before it writes a syscall result there.
 */
#include <errno.h>
#include <string.h>
#include "qemu.h"

static int page_allows(int flags, int type)
{
    if (!(flags & PAGE_VALID))
        return 0;
    if (type == VERIFY_WRITE)
        return (flags & (PAGE_WRITE | PAGE_WRITE_ORG)) != 0;
    return (flags & PAGE_READ) != 0;
}

/* how many bytes from addr on (at most len) the guest may access */
uint32_t access_extent(int type, uint32_t addr, uint32_t len)
{
    uint64_t end = (uint64_t)addr + len;
    uint64_t page, ok_end = addr;

    if (end > (1ull << 32))
        end = 1ull << 32;
    for (page = addr & TARGET_PAGE_MASK; page < end; page += TARGET_PAGE_SIZE) {
        if (!page_allows(page_get_flags(page), type))
            break;
        ok_end = page + TARGET_PAGE_SIZE < end ? page + TARGET_PAGE_SIZE : end;
    }
    if (type == VERIFY_WRITE && ok_end > addr)
        page_unprotect_range(addr, ok_end - addr);
    return ok_end - addr;
}

int access_ok(int type, uint32_t addr, uint32_t len)
{
    return len == 0 || access_extent(type, addr, len) == len;
}

int copy_from_user(void *dst, uint32_t src, size_t len)
{
    if (len > UINT32_MAX || !access_ok(VERIFY_READ, src, len))
        return -EFAULT;
    memcpy(dst, g2h(src), len);
    return 0;
}

int copy_to_user(uint32_t dst, const void *src, size_t len)
{
    if (len > UINT32_MAX || !access_ok(VERIFY_WRITE, dst, len))
        return -EFAULT;
    memcpy(g2h(dst), src, len);
    return 0;
}

int get_user_u32(uint32_t *val, uint32_t addr)
{
    return copy_from_user(val, addr, sizeof(*val));
}

int put_user_u32(uint32_t val, uint32_t addr)
{
    return copy_to_user(addr, &val, sizeof(val));
}

/* length of the guest string at addr, or -EFAULT */
long guest_strlen(uint32_t addr)
{
    uint64_t pos = addr;

    for (;;) {
        uint64_t page_end = (pos & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
        const char *nul;
        if (pos >= (1ull << 32) ||
            !page_allows(page_get_flags(pos), VERIFY_READ))
            return -EFAULT;
        nul = memchr(g2h(pos), 0, page_end - pos);
        if (nul)
            return h2g(nul) - addr;
        pos = page_end;
    }
}

const char *lock_user_string(uint32_t addr)
{
    return guest_strlen(addr) < 0 ? NULL : g2h(addr);
}
