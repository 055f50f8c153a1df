/*
 * The ELF loader: maps an i386 program (and its ELF interpreter) the way
 * Linux's binfmt_elf does for a 32-bit task on a 64-bit kernel, and
 * builds the initial stack: argc, argv, envp and the auxiliary vector,
 * with the strings at the top just below task_size.
 *
 * Files are parsed with libelf, and every header value is checked before
 * it is used: bad input ends in one error message (info->error), never in
 * a crash.  Static executables (ET_EXEC) load at their own addresses;
 * ET_DYN programs (static-PIE, PIE) at ELF_ET_DYN_BASE; the interpreter
 * wherever mmap puts it, which is where AT_BASE points.
 */
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "qemu.h"

/* where a 32-bit PIE lands when a 64-bit parent runs it (the low 32 bits
   of the 64-bit ELF_ET_DYN_BASE): the address users know from gdb */
#define ELF_ET_DYN_BASE 0x56555000u
#define ELF_PLATFORM    "i686"
#define ELF_CLKTCK      100
#define MAX_PHNUM       (65536 / sizeof(Elf32_Phdr))

struct elf_file {
    const char *name;
    int fd;
    Elf *elf;
    Elf32_Ehdr *ehdr;
    Elf32_Phdr *phdr;
    size_t phnum;
    uint64_t file_size;
    uint32_t lo, hi;   /* page-aligned span of the PT_LOAD segments */
    uint32_t bias;
    int interp_index;  /* the PT_INTERP header, or -1 */
    int exec_stack;    /* PT_GNU_STACK: 1 PF_X, 0 not, -1 absent */
};

static int loader_error(struct image_info *info, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(info->error, sizeof(info->error), fmt, ap);
    va_end(ap);
    return -1;
}

static void elf_file_close(struct elf_file *ef)
{
    if (ef->elf)
        elf_end(ef->elf);
    if (ef->fd >= 0)
        close(ef->fd);
    ef->elf = NULL;
    ef->fd = -1;
}

static int check_ident(struct elf_file *ef, struct image_info *info)
{
    const char *ident;
    char magic[SELFMAG];

    if (elf_kind(ef->elf) != ELF_K_ELF) {
        if (pread(ef->fd, magic, SELFMAG, 0) == SELFMAG &&
            memcmp(magic, ELFMAG, SELFMAG) == 0)
            return loader_error(info, "%s: truncated ELF header", ef->name);
        return loader_error(info, "%s: not an ELF file", ef->name);
    }
    ident = elf_getident(ef->elf, NULL);
    if (!ident)
        return loader_error(info, "%s: truncated ELF header", ef->name);
    if (ident[EI_CLASS] == ELFCLASS64)
        return loader_error(info, "%s: 64-bit ELF file, not i386", ef->name);
    if (ident[EI_CLASS] != ELFCLASS32)
        return loader_error(info, "%s: bad ELF class %d", ef->name,
                            ident[EI_CLASS]);
    if (ident[EI_DATA] != ELFDATA2LSB)
        return loader_error(info, "%s: not a little-endian ELF file", ef->name);
    return 0;
}

static int check_ehdr(struct elf_file *ef, struct image_info *info)
{
    const Elf32_Ehdr *eh = ef->ehdr;

    if (eh->e_machine != EM_386)
        return loader_error(info, "%s: ELF file for another machine "
                            "(e_machine %d), not i386", ef->name, eh->e_machine);
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return loader_error(info, "%s: not an executable ELF file (e_type %d)",
                            ef->name, eh->e_type);
    if (eh->e_phentsize != sizeof(Elf32_Phdr))
        return loader_error(info, "%s: bad program header size %d", ef->name,
                            eh->e_phentsize);
    if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
        return loader_error(info, "%s: bad program header count %d", ef->name,
                            eh->e_phnum);
    if ((uint64_t)eh->e_phoff + eh->e_phnum * sizeof(Elf32_Phdr) > ef->file_size)
        return loader_error(info, "%s: program headers beyond the end of the file",
                            ef->name);
    return 0;
}

static int check_load_segment(struct elf_file *ef, int i, uint64_t *prev_end,
                              struct image_info *info)
{
    const Elf32_Phdr *ph = &ef->phdr[i];
    uint64_t end = (uint64_t)ph->p_vaddr + ph->p_memsz;

    if (ph->p_filesz > ph->p_memsz)
        return loader_error(info, "%s: segment %d: file size 0x%x larger than "
                            "memory size 0x%x", ef->name, i, ph->p_filesz,
                            ph->p_memsz);
    if ((uint64_t)ph->p_offset + ph->p_filesz > ef->file_size)
        return loader_error(info, "%s: segment %d: beyond the end of the file",
                            ef->name, i);
    if (end > (1ull << 32))
        return loader_error(info, "%s: segment %d: 0x%08x+0x%x is outside the "
                            "32-bit address space", ef->name, i, ph->p_vaddr,
                            ph->p_memsz);
    if (ph->p_vaddr < *prev_end)
        return loader_error(info, "%s: segment %d: overlaps the one before or "
                            "is out of order", ef->name, i);
    *prev_end = end;
    if (ef->hi == 0 || (ph->p_vaddr & TARGET_PAGE_MASK) < ef->lo)
        ef->lo = ph->p_vaddr & TARGET_PAGE_MASK;
    ef->hi = TARGET_PAGE_ALIGN(end); /* 0 for a segment ending at 4 GiB */
    if (ef->hi == 0)
        return loader_error(info, "%s: segment %d: reaches 4 GiB", ef->name, i);
    return 0;
}

static int check_segments(struct elf_file *ef, struct image_info *info)
{
    uint64_t prev_end = 0;
    size_t i;

    ef->interp_index = -1;
    ef->exec_stack = -1;
    for (i = 0; i < ef->phnum; i++) {
        const Elf32_Phdr *ph = &ef->phdr[i];
        switch (ph->p_type) {
        case PT_LOAD:
            if (ph->p_memsz && check_load_segment(ef, i, &prev_end, info) < 0)
                return -1;
            break;
        case PT_INTERP:
            if (ef->interp_index >= 0)
                return loader_error(info, "%s: two PT_INTERP headers", ef->name);
            ef->interp_index = i;
            break;
        case PT_GNU_STACK:
            ef->exec_stack = (ph->p_flags & PF_X) != 0;
            break;
        }
    }
    if (ef->hi == 0)
        return loader_error(info, "%s: no loadable segment", ef->name);
    return 0;
}

static int elf_file_open(struct elf_file *ef, const char *name,
                         struct image_info *info)
{
    struct stat st;

    memset(ef, 0, sizeof(*ef));
    ef->name = name;
    ef->fd = open(name, O_RDONLY | O_CLOEXEC);
    if (ef->fd < 0)
        return loader_error(info, "%s: %s", name, strerror(errno));
    if (fstat(ef->fd, &st) < 0)
        return loader_error(info, "%s: %s", name, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return loader_error(info, "%s: %s", name, strerror(EISDIR));
    if (!S_ISREG(st.st_mode))
        return loader_error(info, "%s: not a regular file", name);
    ef->file_size = st.st_size;
    elf_version(EV_CURRENT);
    ef->elf = elf_begin(ef->fd, ELF_C_READ, NULL);
    if (!ef->elf)
        return loader_error(info, "%s: not an ELF file", name);
    if (check_ident(ef, info) < 0)
        return -1;
    ef->ehdr = elf32_getehdr(ef->elf);
    if (!ef->ehdr)
        return loader_error(info, "%s: truncated or corrupt ELF header: %s",
                            name, elf_errmsg(-1));
    if (check_ehdr(ef, info) < 0)
        return -1;
    ef->phdr = elf32_getphdr(ef->elf);
    ef->phnum = ef->ehdr->e_phnum;
    if (!ef->phdr)
        return loader_error(info, "%s: corrupt program headers: %s", name,
                            elf_errmsg(-1));
    return check_segments(ef, info);
}

static int read_interp_name(struct elf_file *ef, char *buf,
                            struct image_info *info)
{
    const Elf32_Phdr *ph = &ef->phdr[ef->interp_index];

    if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX ||
        (uint64_t)ph->p_offset + ph->p_filesz > ef->file_size)
        return loader_error(info, "%s: bad PT_INTERP header", ef->name);
    if (pread(ef->fd, buf, ph->p_filesz, ph->p_offset) != (ssize_t)ph->p_filesz)
        return loader_error(info, "%s: cannot read the interpreter name",
                            ef->name);
    if (buf[ph->p_filesz - 1] != '\0' || strlen(buf) != ph->p_filesz - 1)
        return loader_error(info, "%s: bad interpreter name", ef->name);
    return 0;
}

static int elf_prot(uint32_t p_flags)
{
    return (p_flags & PF_R ? PROT_READ : 0) | (p_flags & PF_W ? PROT_WRITE : 0) |
           (p_flags & PF_X ? PROT_EXEC : 0);
}

static int host_prot_of_page(uint32_t addr)
{
    int flags = page_get_flags(addr);

    return (flags & PAGE_READ ? PROT_READ : 0) |
           (flags & PAGE_WRITE ? PROT_WRITE : 0) |
           (flags & PAGE_EXEC ? PROT_EXEC : 0);
}

/* zero [addr, end) inside one already mapped page, whatever its rights */
static void zero_in_page(uint32_t addr, uint32_t end)
{
    uint32_t page = addr & TARGET_PAGE_MASK;
    int prot = host_prot_of_page(page);

    if (!(prot & PROT_WRITE))
        mprotect(g2h(page), TARGET_PAGE_SIZE, prot | PROT_READ | PROT_WRITE);
    memset(g2h(addr), 0, end - addr);
    if (!(prot & PROT_WRITE))
        mprotect(g2h(page), TARGET_PAGE_SIZE, prot);
}

static int map_file_part(struct elf_file *ef, const Elf32_Phdr *ph,
                         uint32_t vaddr, int prot, struct image_info *info)
{
    uint32_t start = vaddr & TARGET_PAGE_MASK;
    uint32_t pad = vaddr - start;
    long ret;

    if ((ph->p_offset & ~TARGET_PAGE_MASK) == pad) {
        ret = target_mmap(start, pad + ph->p_filesz, prot,
                          MAP_PRIVATE | MAP_FIXED, ef->fd, ph->p_offset - pad);
    } else {
        /* not congruent modulo the page size: copy it in */
        ret = target_mmap(start, pad + ph->p_filesz, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (ret >= 0 && pread(ef->fd, g2h(vaddr), ph->p_filesz, ph->p_offset) !=
            (ssize_t)ph->p_filesz)
            return loader_error(info, "%s: cannot read segment at 0x%08x",
                                ef->name, vaddr);
        if (ret >= 0)
            ret = target_mprotect(start, pad + ph->p_filesz, prot);
    }
    if (ret < 0)
        return loader_error(info, "%s: cannot map segment at 0x%08x: %s",
                            ef->name, vaddr, strerror(-ret));
    return 0;
}

/* one PT_LOAD: file pages, then the bss: zeroes in the last file page and
   anonymous pages after it.  A first page shared with the segment before
   is already mapped: its bss is zeroed in place, never remapped.
   NOTE: like the kernel's padzero(), the zeroes go to the end of the page,
   past p_memsz: ld.so's first allocations live there and count on it. */
static int map_segment(struct elf_file *ef, const Elf32_Phdr *ph,
                       uint32_t *mapped_end, struct image_info *info)
{
    uint32_t vaddr = ph->p_vaddr + ef->bias;
    uint32_t file_end = vaddr + ph->p_filesz;
    uint32_t mem_end = vaddr + ph->p_memsz;
    uint32_t anon_start;
    int prot = elf_prot(ph->p_flags);

    if (ph->p_filesz) {
        if (map_file_part(ef, ph, vaddr, prot, info) < 0)
            return -1;
        anon_start = TARGET_PAGE_ALIGN(file_end);
    } else {
        anon_start = (vaddr & TARGET_PAGE_MASK) < *mapped_end ?
                     TARGET_PAGE_ALIGN(vaddr) : (vaddr & TARGET_PAGE_MASK);
    }
    if (mem_end > file_end && file_end < anon_start)
        zero_in_page(file_end, anon_start);
    if (TARGET_PAGE_ALIGN(mem_end) > anon_start) {
        long ret = target_mmap(anon_start, TARGET_PAGE_ALIGN(mem_end) - anon_start,
                               prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                               -1, 0);
        if (ret < 0)
            return loader_error(info, "%s: cannot map bss at 0x%08x: %s",
                                ef->name, anon_start, strerror(-ret));
    }
    if (TARGET_PAGE_ALIGN(mem_end) > *mapped_end)
        *mapped_end = TARGET_PAGE_ALIGN(mem_end);
    return 0;
}

/* an ET_DYN file goes where a reservation of its whole span lands; the
   holes between its segments are unmapped again, as the kernel leaves them */
static int place_elf(struct elf_file *ef, uint32_t hint, struct image_info *info)
{
    uint32_t span = ef->hi - ef->lo;
    long base;

    if (ef->ehdr->e_type == ET_EXEC) {
        ef->bias = 0;
        if (!guest_range_free(ef->lo, span))
            return loader_error(info, "%s: segments at 0x%08x-0x%08x do not "
                                "fit in the guest address space", ef->name,
                                ef->lo, ef->hi);
        return 0;
    }
    base = target_mmap(hint, span, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base < 0)
        return loader_error(info, "%s: no room for 0x%x bytes of segments",
                            ef->name, span);
    ef->bias = base - ef->lo;
    return 0;
}

static int map_elf(struct elf_file *ef, uint32_t hint, struct image_info *info)
{
    uint32_t mapped_end = 0;
    size_t i;

    if (place_elf(ef, hint, info) < 0)
        return -1;
    for (i = 0; i < ef->phnum; i++) {
        const Elf32_Phdr *ph = &ef->phdr[i];
        uint32_t start;
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        start = (ph->p_vaddr + ef->bias) & TARGET_PAGE_MASK;
        if (mapped_end && start > mapped_end)
            target_munmap(mapped_end, start - mapped_end);
        if (map_segment(ef, ph, &mapped_end, info) < 0)
            return -1;
    }
    return 0;
}

/* AT_PHDR: where the segment holding the program headers put them */
static uint32_t phdr_address(const struct elf_file *ef)
{
    uint32_t phoff = ef->ehdr->e_phoff;
    size_t i;

    for (i = 0; i < ef->phnum; i++) {
        const Elf32_Phdr *ph = &ef->phdr[i];
        if (ph->p_type == PT_LOAD && ph->p_offset <= phoff &&
            phoff < (uint64_t)ph->p_offset + ph->p_filesz)
            return phoff - ph->p_offset + ph->p_vaddr + ef->bias;
    }
    return ef->bias;
}

static void record_layout(const struct elf_file *ef, struct image_info *info)
{
    size_t i;

    info->load_bias = ef->bias;
    info->start_code = info->start_data = UINT32_MAX;
    for (i = 0; i < ef->phnum; i++) {
        const Elf32_Phdr *ph = &ef->phdr[i];
        uint32_t start = ph->p_vaddr + ef->bias;
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_flags & PF_X) {
            if (start < info->start_code)
                info->start_code = start;
            if (start + ph->p_filesz > info->end_code)
                info->end_code = start + ph->p_filesz;
        }
        if (ph->p_flags & PF_W) {
            if (start < info->start_data)
                info->start_data = start;
            if (start + ph->p_filesz > info->end_data)
                info->end_data = start + ph->p_filesz;
        }
    }
    info->start_brk = ef->hi + ef->bias;
    info->prog_entry = ef->ehdr->e_entry + ef->bias;
    info->phdr = phdr_address(ef);
    info->phnum = ef->phnum;
}

static int load_interp(const char *name, struct image_info *info)
{
    struct elf_file ef;
    const char *host_name = path(name);
    int ret = -1;

    if (elf_file_open(&ef, host_name, info) == 0 && map_elf(&ef, 0, info) == 0) {
        info->interp_base = ef.bias;
        info->entry = ef.ehdr->e_entry + ef.bias;
        ret = 0;
    }
    elf_file_close(&ef);
    return ret;
}

/* the stack: [task_size - size, task_size), executable if asked for */
static int map_stack(uint32_t stack_size, int exec, struct image_info *info)
{
    long ret;

    stack_size = TARGET_PAGE_ALIGN(stack_size);
    info->stack_top = task_size;
    info->stack_limit = task_size - stack_size;
    if (stack_size < TARGET_PAGE_SIZE || stack_size > task_size / 2 ||
        !guest_range_free(info->stack_limit, stack_size))
        return loader_error(info, "no room for a stack of %u bytes", stack_size);
    ret = target_mmap(info->stack_limit, stack_size,
                      PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0),
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                      -1, 0);
    if (ret < 0)
        return loader_error(info, "cannot map the stack: %s", strerror(-ret));
    return 0;
}

static uint32_t push_bytes(uint32_t sp, const void *data, size_t len)
{
    sp -= len;
    memcpy(g2h(sp), data, len);
    return sp;
}

static int count_strings(char **v)
{
    int n = 0;

    while (v && v[n])
        n++;
    return n;
}

struct auxv_builder {
    uint32_t words[2 * 32];
    int n;
};

static void aux(struct auxv_builder *a, uint32_t type, uint32_t val)
{
    a->words[a->n++] = type;
    a->words[a->n++] = val;
}

/* the kernel's order (create_elf_tables, Linux 6.1, no vDSO) */
static void build_auxv(struct auxv_builder *a, const struct image_info *info,
                       uint32_t random_addr, uint32_t execfn_addr,
                       uint32_t platform_addr)
{
    aux(a, AT_MINSIGSTKSZ, TARGET_SIGFRAME_MAX);
    aux(a, AT_HWCAP, info->hwcap);
    aux(a, AT_PAGESZ, TARGET_PAGE_SIZE);
    aux(a, AT_CLKTCK, ELF_CLKTCK);
    aux(a, AT_PHDR, info->phdr);
    aux(a, AT_PHENT, sizeof(Elf32_Phdr));
    aux(a, AT_PHNUM, info->phnum);
    aux(a, AT_BASE, info->interp_base);
    aux(a, AT_FLAGS, 0);
    aux(a, AT_ENTRY, info->prog_entry);
    aux(a, AT_UID, getuid());
    aux(a, AT_EUID, geteuid());
    aux(a, AT_GID, getgid());
    aux(a, AT_EGID, getegid());
    aux(a, AT_SECURE, getauxval(AT_SECURE));
    aux(a, AT_RANDOM, random_addr);
    aux(a, AT_HWCAP2, 0);
    aux(a, AT_EXECFN, execfn_addr);
    aux(a, AT_PLATFORM, platform_addr);
    aux(a, AT_NULL, 0);
}

/* strings at the top (argv, envp, then the file name), below them the
   platform string and AT_RANDOM's bytes, then the vectors, 16-aligned */
static int build_stack(struct image_info *info, char **argv, char **envp,
                       const char *execfn)
{
    int argc = count_strings(argv), envc = count_strings(envp), i;
    uint32_t sp = info->stack_top - 8; /* a 64-bit kernel's NULL word */
    uint32_t execfn_addr, platform_addr, random_addr, str, *vec;
    uint8_t random_bytes[16];
    struct auxv_builder a = { .n = 0 };
    size_t total = strlen(execfn) + 1 + 256;

    for (i = 0; i < argc; i++)
        total += strlen(argv[i]) + 1 + 4;
    for (i = 0; i < envc; i++)
        total += strlen(envp[i]) + 1 + 4;
    if (total > (info->stack_top - info->stack_limit) / 4)
        return loader_error(info, "%s", strerror(E2BIG));

    execfn_addr = sp = push_bytes(sp, execfn, strlen(execfn) + 1);
    for (i = envc - 1; i >= 0; i--)
        sp = push_bytes(sp, envp[i], strlen(envp[i]) + 1);
    for (i = argc - 1; i >= 0; i--)
        sp = push_bytes(sp, argv[i], strlen(argv[i]) + 1);
    str = sp;
    sp &= ~15u;
    platform_addr = sp = push_bytes(sp, ELF_PLATFORM, sizeof(ELF_PLATFORM));
    if (getrandom(random_bytes, sizeof(random_bytes), 0) != sizeof(random_bytes))
        memset(random_bytes, 0x5a, sizeof(random_bytes));
    random_addr = sp = push_bytes(sp, random_bytes, sizeof(random_bytes));
    build_auxv(&a, info, random_addr, execfn_addr, platform_addr);

    sp -= a.n * 4;
    sp = (sp - (argc + 1 + envc + 1 + 1) * 4) & ~15u;
    info->sp = sp;
    vec = g2h(sp);
    *vec++ = argc;
    for (i = 0; i < argc; i++) {
        *vec++ = str;
        str += strlen(argv[i]) + 1;
    }
    *vec++ = 0;
    for (i = 0; i < envc; i++) {
        *vec++ = str;
        str += strlen(envp[i]) + 1;
    }
    *vec++ = 0;
    info->auxv = h2g(vec);
    memcpy(vec, a.words, a.n * 4);
    return 0;
}

/* load filename (execfn is the name it was run by: AT_EXECFN) and build
   its stack; 0, or -1 with info->error saying why */
int loader_exec(const char *filename, const char *execfn, char **argv,
                char **envp, uint32_t stack_size, struct image_info *info)
{
    char interp[PATH_MAX];
    struct elf_file ef;
    int ret = -1;

    info->interp_base = 0;
    if (elf_file_open(&ef, filename, info) < 0)
        goto out;
    if (ef.interp_index >= 0 && read_interp_name(&ef, interp, info) < 0)
        goto out;
    /* no PT_GNU_STACK means an executable stack on i386 */
    info->exec_stack = ef.exec_stack != 0;
    if (map_stack(stack_size, info->exec_stack, info) < 0)
        goto out;
    if (map_elf(&ef, ELF_ET_DYN_BASE, info) < 0)
        goto out;
    record_layout(&ef, info);
    info->entry = info->prog_entry;
    elf_file_close(&ef);
    if (ef.interp_index >= 0 && load_interp(interp, info) < 0)
        goto out;
    ret = build_stack(info, argv, envp, execfn);
out:
    elf_file_close(&ef);
    return ret;
}

/* what execve must run under the emulator again */
int is_i386_elf(const char *filename)
{
    unsigned char h[20];
    int fd = open(filename, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return 0;
    n = pread(fd, h, sizeof(h), 0);
    close(fd);
    return n == sizeof(h) && memcmp(h, ELFMAG, SELFMAG) == 0 &&
           h[EI_CLASS] == ELFCLASS32 && h[EI_DATA] == ELFDATA2LSB &&
           (h[16] == ET_EXEC || h[16] == ET_DYN) && h[17] == 0 &&
           h[18] == EM_386 && h[19] == 0;
}
