/*
 * Check unit test for the ELF loader (linux-user/elfload.c, with mmap.c):
 * loads real i386 programs into this process's low 4 GiB, as qemu-i386
 * does, and checks the mapped segments, the brk start and every word of
 * the initial stack against the files themselves; then feeds it broken
 * files, each of which must give its own error and no crash.
 *
 * Usage: test-elfload STATIC STATIC-PIE DYNAMIC (i386 programs built by
 * tests/elfload.mk).  The page descriptors of exec.c are replaced by a
 * flat table here: the loader is tested alone.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "linux-user/qemu.h"

#define STACK_SIZE (8u << 20)
#define HWCAP_TEST 0x8111u /* FPU TSC CX8 CMOV */

static const char *prog_static, *prog_pie, *prog_dynamic;

/* exec.c stand-ins: one byte of flags per guest page */
static uint8_t test_page_flags[1u << 20];

void page_set_flags(uint32_t start, uint32_t end, int flags)
{
    uint64_t addr, last = end ? end : (1ull << 32);

    for (addr = start & TARGET_PAGE_MASK; addr < last; addr += TARGET_PAGE_SIZE)
        test_page_flags[addr >> TARGET_PAGE_BITS] = flags;
}

int page_get_flags(uint32_t addr)
{
    return test_page_flags[addr >> TARGET_PAGE_BITS];
}

void page_unprotect_range(uint32_t start, uint32_t len)
{
    (void)start;
    (void)len;
}

void tb_invalidate_page_range(uint32_t start, uint32_t end)
{
    (void)start;
    (void)end;
}

/* the file, read independently of the loader */
struct file_image {
    uint8_t *data;
    size_t size;
    Elf32_Ehdr *eh;
    Elf32_Phdr *ph;
};

static void read_file(const char *name, struct file_image *f)
{
    struct stat st;
    int fd = open(name, O_RDONLY);

    ck_assert_msg(fd >= 0, "cannot open %s", name);
    ck_assert(fstat(fd, &st) == 0);
    f->size = st.st_size;
    f->data = malloc(f->size);
    ck_assert(read(fd, f->data, f->size) == (ssize_t)f->size);
    close(fd);
    f->eh = (Elf32_Ehdr *)f->data;
    f->ph = (Elf32_Phdr *)(f->data + f->eh->e_phoff);
}

static void write_file(const char *name, const void *data, size_t size)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);

    ck_assert(fd >= 0);
    ck_assert(write(fd, data, size) == (ssize_t)size);
    close(fd);
}

/* give the low 4 GiB back, so that each load starts afresh */
static void reset_guest(void)
{
    uint32_t page = 0, start;

    while (page < (1u << 20)) {
        for (start = page; page < (1u << 20) && test_page_flags[page]; page++)
            ;
        if (page > start)
            munmap(g2h(start << TARGET_PAGE_BITS),
                   (size_t)(page - start) << TARGET_PAGE_BITS);
        page++;
    }
    memset(test_page_flags, 0, sizeof(test_page_flags));
    if (sys_area)
        munmap(g2h(sys_area), 2 * TARGET_PAGE_SIZE);
}

static int load(const char *name, char **argv, char **envp,
                struct image_info *info)
{
    reset_guest();
    memset(info, 0, sizeof(*info));
    info->hwcap = HWCAP_TEST;
    mmap_init(STACK_SIZE);
    return loader_exec(name, name, argv, envp, STACK_SIZE, info);
}

static uint32_t rd32(uint32_t addr)
{
    return *(uint32_t *)g2h(addr);
}

/* every PT_LOAD: its rights, the file bytes, zeroes after them */
static void check_segments(const struct file_image *f, uint32_t bias)
{
    int i;

    for (i = 0; i < f->eh->e_phnum; i++) {
        const Elf32_Phdr *ph = &f->ph[i];
        uint32_t vaddr = ph->p_vaddr + bias, a;
        int flags;
        if (ph->p_type != PT_LOAD)
            continue;
        flags = page_get_flags(vaddr);
        ck_assert(flags & PAGE_VALID);
        ck_assert_int_eq(!!(flags & PAGE_WRITE), !!(ph->p_flags & PF_W));
        ck_assert_int_eq(!!(flags & PAGE_EXEC), !!(ph->p_flags & PF_X));
        ck_assert(memcmp(g2h(vaddr), f->data + ph->p_offset, ph->p_filesz) == 0);
        /* the bss, and the rest of its first page as the kernel clears it */
        if (ph->p_memsz > ph->p_filesz) {
            uint32_t end = TARGET_PAGE_ALIGN(vaddr + ph->p_memsz);
            for (a = vaddr + ph->p_filesz; a < end; a++)
                ck_assert_msg(*(uint8_t *)g2h(a) == 0, "bss byte at 0x%x", a);
        }
        ck_assert(page_get_flags(vaddr + ph->p_memsz - 1) & PAGE_VALID);
    }
}

static uint32_t highest_end(const struct file_image *f, uint32_t bias)
{
    uint32_t end = 0;
    int i;

    for (i = 0; i < f->eh->e_phnum; i++) {
        if (f->ph[i].p_type == PT_LOAD &&
            f->ph[i].p_vaddr + f->ph[i].p_memsz + bias > end)
            end = f->ph[i].p_vaddr + f->ph[i].p_memsz + bias;
    }
    return TARGET_PAGE_ALIGN(end);
}

static char *test_argv[] = { "prog", "one", "two words", "", NULL };
static char *test_envp[] = { "A=1", "PATH=/bin:/usr/bin", NULL };

struct stack_view {
    uint32_t argc, argv, envp, auxv;
    uint32_t aux[64]; /* value by AT_ type, and which were seen */
    int seen[64];
    int nb_aux;
};

static void read_stack(const struct image_info *info, struct stack_view *s)
{
    uint32_t p = info->sp;

    memset(s, 0, sizeof(*s));
    s->argc = rd32(p);
    s->argv = p + 4;
    s->envp = s->argv + (s->argc + 1) * 4;
    ck_assert_uint_eq(rd32(s->envp - 4), 0);
    for (p = s->envp; rd32(p); p += 4)
        ;
    s->auxv = p + 4;
    ck_assert_uint_eq(s->auxv, info->auxv);
    for (p = s->auxv;; p += 8) {
        uint32_t type = rd32(p);
        ck_assert_msg(type < 64, "auxv type %u", type);
        ck_assert_msg(!s->seen[type], "auxv type %u twice", type);
        s->seen[type] = 1;
        s->aux[type] = rd32(p + 4);
        s->nb_aux++;
        if (type == AT_NULL)
            break;
    }
}

static void check_strings(const struct image_info *info, const struct stack_view *s,
                          const char *execfn)
{
    uint32_t str = rd32(s->argv), i;

    ck_assert_uint_eq(s->argc, 4);
    /* the strings lie end to end: argv, envp, then the file name */
    for (i = 0; i < s->argc; i++) {
        ck_assert_uint_eq(rd32(s->argv + i * 4), str);
        ck_assert_str_eq(g2h(str), test_argv[i]);
        str += strlen(test_argv[i]) + 1;
    }
    for (i = 0; test_envp[i]; i++) {
        ck_assert_uint_eq(rd32(s->envp + i * 4), str);
        ck_assert_str_eq(g2h(str), test_envp[i]);
        str += strlen(test_envp[i]) + 1;
    }
    ck_assert_uint_eq(s->aux[AT_EXECFN], str);
    ck_assert_str_eq(g2h(str), execfn);
    str += strlen(execfn) + 1;
    ck_assert_uint_eq(str, info->stack_top - 8);
    ck_assert_uint_eq(rd32(str), 0);
    ck_assert_uint_eq(rd32(str + 4), 0);
}

static void check_auxv(const struct image_info *info, const struct stack_view *s,
                       const struct file_image *f, uint32_t bias, uint32_t base)
{
    static const int required[] = {
        AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY,
        AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP,
        AT_CLKTCK, AT_PLATFORM, AT_EXECFN, AT_NULL,
    };
    size_t i;

    for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        ck_assert_msg(s->seen[required[i]], "auxv lacks type %d", required[i]);
    ck_assert_uint_eq(s->aux[AT_PHENT], sizeof(Elf32_Phdr));
    ck_assert_uint_eq(s->aux[AT_PHNUM], f->eh->e_phnum);
    ck_assert(memcmp(g2h(s->aux[AT_PHDR]), f->ph,
                     f->eh->e_phnum * sizeof(Elf32_Phdr)) == 0);
    ck_assert_uint_eq(s->aux[AT_PAGESZ], 4096);
    ck_assert_uint_eq(s->aux[AT_BASE], base);
    ck_assert_uint_eq(s->aux[AT_FLAGS], 0);
    ck_assert_uint_eq(s->aux[AT_ENTRY], f->eh->e_entry + bias);
    ck_assert_uint_eq(s->aux[AT_UID], getuid());
    ck_assert_uint_eq(s->aux[AT_EUID], geteuid());
    ck_assert_uint_eq(s->aux[AT_GID], getgid());
    ck_assert_uint_eq(s->aux[AT_EGID], getegid());
    ck_assert_uint_eq(s->aux[AT_SECURE], 0);
    ck_assert_uint_eq(s->aux[AT_HWCAP], HWCAP_TEST);
    ck_assert_uint_eq(s->aux[AT_CLKTCK], 100);
    ck_assert_str_eq(g2h(s->aux[AT_PLATFORM]), "i686");
    ck_assert(s->aux[AT_RANDOM] > info->sp && s->aux[AT_RANDOM] + 16 <= rd32(s->argv));
    ck_assert(s->aux[AT_PLATFORM] > s->aux[AT_RANDOM]);
}

static void check_stack(const struct image_info *info, const struct file_image *f,
                        uint32_t bias, uint32_t base, const char *execfn)
{
    struct stack_view s;

    ck_assert_uint_eq(info->stack_top, task_size);
    ck_assert_uint_eq(info->stack_top - info->stack_limit, STACK_SIZE);
    ck_assert_uint_eq(info->sp % 16, 0);
    ck_assert(page_get_flags(info->stack_limit) & PAGE_WRITE);
    ck_assert(page_get_flags(info->stack_top - 1) & PAGE_WRITE);
    ck_assert_int_eq(page_get_flags(info->stack_top), 0);
    read_stack(info, &s);
    check_strings(info, &s, execfn);
    check_auxv(info, &s, f, bias, base);
}

START_TEST(test_static)
{
    struct image_info info;
    struct file_image f;

    read_file(prog_static, &f);
    ck_assert_int_eq(f.eh->e_type, ET_EXEC);
    ck_assert_msg(load(prog_static, test_argv, test_envp, &info) == 0, "%s",
                  info.error);
    ck_assert_uint_eq(info.entry, f.eh->e_entry);
    ck_assert_uint_eq(info.load_bias, 0);
    ck_assert_uint_eq(info.interp_base, 0);
    check_segments(&f, 0);
    ck_assert_uint_eq(info.start_brk, highest_end(&f, 0));
    ck_assert_int_eq(page_get_flags(info.start_brk), 0);
    check_stack(&info, &f, 0, 0, prog_static);
}
END_TEST

START_TEST(test_static_pie)
{
    struct image_info info;
    struct file_image f;

    read_file(prog_pie, &f);
    ck_assert_int_eq(f.eh->e_type, ET_DYN);
    ck_assert_msg(load(prog_pie, test_argv, test_envp, &info) == 0, "%s",
                  info.error);
    ck_assert_uint_eq(info.load_bias, 0x56555000);
    ck_assert_uint_eq(info.entry, f.eh->e_entry + info.load_bias);
    ck_assert_uint_eq(info.interp_base, 0);
    check_segments(&f, info.load_bias);
    ck_assert_uint_eq(info.start_brk, highest_end(&f, info.load_bias));
    check_stack(&info, &f, info.load_bias, 0, prog_pie);
}
END_TEST

START_TEST(test_dynamic)
{
    struct image_info info;
    struct file_image f, interp;
    int i;

    read_file(prog_dynamic, &f);
    ck_assert_msg(load(prog_dynamic, test_argv, test_envp, &info) == 0, "%s",
                  info.error);
    for (i = 0; i < f.eh->e_phnum && f.ph[i].p_type != PT_INTERP; i++)
        ;
    ck_assert(i < f.eh->e_phnum);
    read_file((char *)f.data + f.ph[i].p_offset, &interp);
    ck_assert(info.interp_base != 0);
    ck_assert_uint_eq(info.interp_base % TARGET_PAGE_SIZE, 0);
    ck_assert(info.interp_base < mmap_base);
    ck_assert_uint_eq(info.entry, interp.eh->e_entry + info.interp_base);
    ck_assert(memcmp(g2h(info.interp_base), interp.data, sizeof(Elf32_Ehdr)) == 0);
    check_segments(&interp, info.interp_base);
    check_segments(&f, info.load_bias);
    check_stack(&info, &f, info.load_bias, info.interp_base, prog_dynamic);
}
END_TEST

/* a copy of the static program, broken by `patch`, must fail to load with
   an error that says `expect` */
static void expect_error(void (*patch)(struct file_image *f), size_t size,
                         const char *expect)
{
    char name[] = "/tmp/test-elfload-XXXXXX";
    struct image_info info;
    struct file_image f;
    int fd = mkstemp(name);

    ck_assert(fd >= 0);
    close(fd);
    read_file(prog_static, &f);
    if (patch)
        patch(&f);
    write_file(name, f.data, size ? size : f.size);
    ck_assert_int_eq(load(name, test_argv, test_envp, &info), -1);
    unlink(name);
    ck_assert_msg(strstr(info.error, expect) != NULL,
                  "error \"%s\" does not say \"%s\"", info.error, expect);
    ck_assert_msg(strchr(info.error, '\n') == NULL, "multi-line error");
}

static Elf32_Phdr *find_phdr(struct file_image *f, uint32_t type, int nth)
{
    int i;

    for (i = 0; i < f->eh->e_phnum; i++) {
        if (f->ph[i].p_type == type && nth-- == 0)
            return &f->ph[i];
    }
    ck_abort_msg("no program header of type %u", type);
    return NULL;
}

static void patch_class(struct file_image *f) { f->data[EI_CLASS] = ELFCLASS64; }
static void patch_data(struct file_image *f) { f->data[EI_DATA] = ELFDATA2MSB; }
static void patch_machine(struct file_image *f) { f->eh->e_machine = EM_ARM; }
static void patch_type(struct file_image *f) { f->eh->e_type = ET_REL; }
static void patch_phoff(struct file_image *f) { f->eh->e_phoff = 0x7ffffff0; }
static void patch_phnum(struct file_image *f) { f->eh->e_phnum = 0; }
static void patch_phentsize(struct file_image *f) { f->eh->e_phentsize = 40; }

static void patch_filesz(struct file_image *f)
{
    Elf32_Phdr *ph = find_phdr(f, PT_LOAD, 1);
    ph->p_filesz = ph->p_memsz + 1;
}

static void patch_offset(struct file_image *f)
{
    find_phdr(f, PT_LOAD, 1)->p_offset = f->size;
}

static void patch_overlap(struct file_image *f)
{
    find_phdr(f, PT_LOAD, 2)->p_vaddr = find_phdr(f, PT_LOAD, 1)->p_vaddr;
}

static void patch_wrap(struct file_image *f)
{
    Elf32_Phdr *ph = find_phdr(f, PT_GNU_STACK, 0);
    *ph = (Elf32_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xfffff000,
                        .p_memsz = 0x2000, .p_flags = PF_R | PF_W };
}

static void patch_high(struct file_image *f)
{
    Elf32_Phdr *ph = find_phdr(f, PT_GNU_STACK, 0);
    *ph = (Elf32_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffe000,
                        .p_memsz = 0x1000, .p_flags = PF_R | PF_W };
}

static void patch_null_page(struct file_image *f)
{
    Elf32_Phdr *ph = find_phdr(f, PT_LOAD, 0);
    ph->p_vaddr = ph->p_paddr = 0;
}

static void patch_no_load(struct file_image *f)
{
    int i;
    for (i = 0; i < f->eh->e_phnum; i++) {
        if (f->ph[i].p_type == PT_LOAD)
            f->ph[i].p_type = PT_NULL;
    }
}

static void patch_interp(struct file_image *f)
{
    static const char name[] = "/nonexistent/ld.so";
    Elf32_Phdr *ph = find_phdr(f, PT_NOTE, 0);
    /* the note's bytes become the interpreter's name */
    ph->p_type = PT_INTERP;
    ph->p_filesz = sizeof(name);
    memcpy(f->data + ph->p_offset, name, sizeof(name));
}

static void patch_interp_unterminated(struct file_image *f)
{
    Elf32_Phdr *ph = find_phdr(f, PT_NOTE, 0);
    ph->p_type = PT_INTERP;
    memset(f->data + ph->p_offset, 'x', ph->p_filesz);
}

START_TEST(test_bad_input)
{
    struct image_info info;
    char text[] = "/tmp/test-elfload-text-XXXXXX";
    int fd;

    ck_assert_int_eq(load("/nonexistent/program", test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "No such file or directory"));
    ck_assert_int_eq(load("/tmp", test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "Is a directory"));
    ck_assert_int_eq(load("/dev/null", test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "not a regular file"));
    fd = mkstemp(text);
    ck_assert(write(fd, "#!/bin/sh\necho hello\n", 21) == 21);
    close(fd);
    ck_assert_int_eq(load(text, test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "not an ELF file"));
    ck_assert(truncate(text, 0) == 0);
    ck_assert_int_eq(load(text, test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "not an ELF file"));
    unlink(text);
    ck_assert_int_eq(load("/proc/self/exe", test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "64-bit ELF file"));
}
END_TEST

START_TEST(test_bad_headers)
{
    expect_error(NULL, 30, "truncated");
    expect_error(NULL, 100, "program headers beyond the end of the file");
    expect_error(patch_class, 0, "64-bit ELF file");
    expect_error(patch_data, 0, "not a little-endian");
    expect_error(patch_machine, 0, "another machine (e_machine 40)");
    expect_error(patch_type, 0, "not an executable");
    expect_error(patch_phoff, 0, "program headers beyond the end of the file");
    expect_error(patch_phnum, 0, "bad program header count 0");
    expect_error(patch_phentsize, 0, "bad program header size 40");
}
END_TEST

START_TEST(test_bad_segments)
{
    expect_error(patch_filesz, 0, "larger than memory size");
    expect_error(patch_offset, 0, "beyond the end of the file");
    expect_error(patch_overlap, 0, "overlaps the one before");
    expect_error(patch_wrap, 0, "outside the 32-bit address space");
    expect_error(patch_high, 0, "do not fit in the guest address space");
    expect_error(patch_null_page, 0, "do not fit in the guest address space");
    expect_error(patch_no_load, 0, "no loadable segment");
    expect_error(patch_interp, 0, "/nonexistent/ld.so: No such file");
    expect_error(patch_interp_unterminated, 0, "bad interpreter name");
}
END_TEST

/* -L: the interpreter comes from the prefix when it is there */
START_TEST(test_prefix)
{
    char root[] = "/tmp/test-elfload-root-XXXXXX", dir[256], name[300];
    char interp_name[256];
    struct image_info info;
    struct file_image f, dyn, interp;
    int i;

    ck_assert(mkdtemp(root));
    read_file(prog_dynamic, &dyn);
    for (i = 0; dyn.ph[i].p_type != PT_INTERP; i++)
        ;
    strcpy(interp_name, (char *)dyn.data + dyn.ph[i].p_offset);
    read_file(interp_name, &interp);
    snprintf(dir, sizeof(dir), "%s/nonexistent", root);
    ck_assert(mkdir(dir, 0755) == 0);
    snprintf(name, sizeof(name), "%s/ld.so", dir);
    write_file(name, interp.data, interp.size);

    read_file(prog_static, &f);
    patch_interp(&f);
    snprintf(dir, sizeof(dir), "%s/prog", root);
    write_file(dir, f.data, f.size);
    init_paths(root);
    ck_assert_msg(load(dir, test_argv, test_envp, &info) == 0, "%s", info.error);
    ck_assert(info.interp_base != 0);
    ck_assert_uint_eq(info.entry, interp.eh->e_entry + info.interp_base);
    init_paths("");
    ck_assert_int_eq(load(dir, test_argv, test_envp, &info), -1);
    ck_assert(strstr(info.error, "/nonexistent/ld.so: No such file"));
    unlink(name);
    unlink(dir);
    snprintf(dir, sizeof(dir), "%s/nonexistent", root);
    rmdir(dir);
    rmdir(root);
}
END_TEST

START_TEST(test_is_i386_elf)
{
    ck_assert(is_i386_elf(prog_static));
    ck_assert(is_i386_elf(prog_dynamic));
    ck_assert(!is_i386_elf("/proc/self/exe"));
    ck_assert(!is_i386_elf("/nonexistent"));
    ck_assert(!is_i386_elf("/dev/null"));
}
END_TEST

static Suite *elfload_suite(void)
{
    Suite *s = suite_create("elfload");
    TCase *tc = tcase_create("load");

    tcase_add_test(tc, test_static);
    tcase_add_test(tc, test_static_pie);
    tcase_add_test(tc, test_dynamic);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_bad_headers);
    tcase_add_test(tc, test_bad_segments);
    tcase_add_test(tc, test_prefix);
    tcase_add_test(tc, test_is_i386_elf);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    SRunner *sr;
    int failed;

    if (argc != 4) {
        fprintf(stderr, "usage: %s STATIC STATIC-PIE DYNAMIC\n", argv[0]);
        return 2;
    }
    prog_static = argv[1];
    prog_pie = argv[2];
    prog_dynamic = argv[3];
    sr = srunner_create(elfload_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
