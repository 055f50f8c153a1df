/*
 * Unit tests for the translation cache (exec.c) and the disassembler
 * (disas.c), without the translator: TBs are built by hand from a few
 * bytes of host code, and guest pages are low mappings (MAP_32BIT).
 *
 * NOTE: the binary runs itself again (/proc/self/exe --init-only, --log)
 * for what happens once per process: the code buffer's set-up from
 * QEMU_CODEBUF and the -D log file.
 */
#include <check.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exec-all.h"

/* jmp rel32 (slot 0, falling through); mov $1,%eax; ret */
static const uint8_t code_a[] = { 0xe9, 0, 0, 0, 0, 0xb8, 1, 0, 0, 0, 0xc3 };
/* mov $2,%eax; ret */
static const uint8_t code_b[] = { 0xb8, 2, 0, 0, 0, 0xc3 };
/* mov $3,%eax; ret */
static const uint8_t code_c[] = { 0xb8, 3, 0, 0, 0, 0xc3 };

/* pages with no descriptor flags: TBs there never touch host memory */
#define PC_A 0x00100010u
#define PC_B 0x00101010u
#define PC_C 0x00102010u

static volatile sig_atomic_t faults;
static volatile sig_atomic_t fault_jmp_armed;
static sigjmp_buf fault_jmp;
static struct sigaction old_segv;

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    faults++;
    if (page_unprotect((uint32_t)(uintptr_t)si->si_addr))
        return;
    if (fault_jmp_armed)
        siglongjmp(fault_jmp, 1);
    signal(sig, SIG_DFL); /* an unexpected fault: let it kill the test */
}

static void setup(void)
{
    struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO };

    cpu_exec_init();
    cpu_set_log(0);
    tb_lock();
    tb_flush();
    tb_unlock();
    memset(&exec_stats, 0, sizeof(exec_stats));
    faults = 0;
    fault_jmp_armed = 0;
    sigaction(SIGSEGV, &sa, &old_segv);
}

static void teardown(void)
{
    sigaction(SIGSEGV, &old_segv, NULL);
}

/* a TB covering 16 guest bytes at pc, with the given host code */
static TranslationBlock *make_tb(uint32_t pc, const uint8_t *code, size_t len,
                                 uint16_t jmp_offset)
{
    TranslationBlock *tb;

    tb_lock();
    tb = tb_alloc(pc);
    ck_assert_ptr_nonnull(tb);
    memcpy(tb->tc_ptr, code, len);
    tb->tc_size = len;
    tb->size = 16;
    tb->page_addr[0] = pc & TARGET_PAGE_MASK;
    if (((pc + tb->size - 1) & TARGET_PAGE_MASK) != tb->page_addr[0])
        tb->page_addr[1] = (pc + tb->size - 1) & TARGET_PAGE_MASK;
    tb->tb_jmp_offset[0] = jmp_offset;
    code_gen_ptr = (uint8_t *)(((uintptr_t)tb->tc_ptr + len + CODE_GEN_ALIGN - 1) &
                               ~(uintptr_t)(CODE_GEN_ALIGN - 1));
    tb_link(tb);
    tb_unlock();
    return tb;
}

static int run_tb(TranslationBlock *tb)
{
    int (*fn)(void) = (int (*)(void))(void *)tb->tc_ptr;

    return fn();
}

static void chain(TranslationBlock *tb, int n, TranslationBlock *next)
{
    tb_lock();
    tb_add_jump(tb, n, next);
    tb_unlock();
}

static TranslationBlock *find(uint32_t pc)
{
    TranslationBlock *tb;

    tb_lock();
    tb = tb_find(pc, 0, 0, (pc) & TARGET_PAGE_MASK);
    tb_unlock();
    return tb;
}

static int32_t rel32_of(TranslationBlock *tb, int n)
{
    int32_t v;

    memcpy(&v, tb->tc_ptr + tb->tb_jmp_offset[n], 4);
    return v;
}

/* guest memory the host really maps, with page descriptors set */
static uint32_t map_guest(int pages, int flags)
{
    void *p = mmap(NULL, pages * TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

    ck_assert_ptr_ne(p, MAP_FAILED);
    page_set_flags((uintptr_t)p, (uintptr_t)p + pages * TARGET_PAGE_SIZE, flags);
    return (uintptr_t)p;
}

static void unmap_guest(uint32_t addr, int pages)
{
    tb_invalidate_page_range(addr, addr + pages * TARGET_PAGE_SIZE);
    page_set_flags(addr, addr + pages * TARGET_PAGE_SIZE, 0);
    munmap((void *)(uintptr_t)addr, pages * TARGET_PAGE_SIZE);
}

static void guest_write(uint32_t addr, uint8_t v)
{
    *(volatile uint8_t *)(uintptr_t)addr = v;
}

#define RW_FLAGS (PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC)

/* run this binary again with QEMU_CODEBUF=codebuf; its output in out */
static int run_self(const char *codebuf, const char *arg1, const char *arg2,
                    char *out, size_t out_size)
{
    int fd[2], status;
    size_t len = 0;
    ssize_t n;
    pid_t pid;

    ck_assert_int_eq(pipe(fd), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (codebuf)
            setenv("QEMU_CODEBUF", codebuf, 1);
        else
            unsetenv("QEMU_CODEBUF");
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        execl("/proc/self/exe", "test-exec", arg1, arg2, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    while (len + 1 < out_size && (n = read(fd[0], out + len, out_size - 1 - len)) > 0)
        len += n;
    out[len] = '\0';
    close(fd[0]);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_codebuf_placement)
{
    uintptr_t buf = (uintptr_t)code_gen_buffer;
    uintptr_t helper = (uintptr_t)(void *)tb_flush;

    ck_assert_uint_ge(buf, 1ull << 32);
    ck_assert_uint_lt(buf + code_gen_buffer_size, helper);
    ck_assert_uint_le(helper - buf, 0x7fffffffu);
    ck_assert_uint_eq(code_gen_buffer_size % TARGET_PAGE_SIZE, 0);
    ck_assert_ptr_eq(code_gen_ptr, code_gen_buffer);
    code_gen_buffer[0] = 0xc3; /* writable */
    cpu_exec_init();           /* a second call changes nothing */
    ck_assert_uint_eq((uintptr_t)code_gen_buffer, buf);
}
END_TEST

START_TEST(test_codebuf_env)
{
    static const struct {
        const char *value;
        const char *size;
    } good[] = {
        { NULL, "33554432\n" }, { "512K", "524288\n" }, { "3m", "3145728\n" },
        { "1048576", "1048576\n" }, { "300001", "303104\n" },
    };
    static const char *const bad[] = { "12Q", "0", "2G", "-1M", "", "64MB", "100K" };
    char out[512];
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        ck_assert_int_eq(run_self(good[i].value, "--init-only", NULL, out, sizeof(out)), 0);
        ck_assert_str_eq(out, good[i].size);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(run_self(bad[i], "--init-only", NULL, out, sizeof(out)), 1);
        ck_assert_ptr_nonnull(strstr(out, "QEMU_CODEBUF"));
    }
}
END_TEST

START_TEST(test_tb_alloc_full)
{
    int max = code_gen_buffer_size / CODE_GEN_AVG_BLOCK_SIZE;
    int i;

    tb_lock();
    for (i = 0; i < max; i++)
        ck_assert_ptr_nonnull(tb_alloc(i));
    ck_assert_ptr_null(tb_alloc(0));
    ck_assert_int_eq(nb_tbs, max);
    tb_flush();
    ck_assert_int_eq(nb_tbs, 0);
    ck_assert_ptr_eq(tb_alloc(0)->tc_ptr, code_gen_buffer);
    tb_unlock();
}
END_TEST

START_TEST(test_tb_alloc_near_end)
{
    uint8_t *end = code_gen_buffer + code_gen_buffer_size;

    tb_lock();
    code_gen_ptr = end - CODE_GEN_MAX_SIZE + 1;
    ck_assert_ptr_null(tb_alloc(0));
    code_gen_ptr = end - CODE_GEN_MAX_SIZE;
    ck_assert_ptr_eq(tb_alloc(0)->tc_ptr, end - CODE_GEN_MAX_SIZE);
    tb_flush();
    ck_assert_ptr_eq(code_gen_ptr, code_gen_buffer);
    ck_assert_uint_eq(exec_stats.flushes, 1);
    tb_unlock();
}
END_TEST

START_TEST(test_tb_find_hash)
{
    uint32_t pcs[3] = { PC_A, PC_A + CODE_GEN_HASH_SIZE, PC_A + 2 * CODE_GEN_HASH_SIZE };
    TranslationBlock *tb[3], *other;
    int i;

    ck_assert_uint_eq(tb_hash_func(pcs[0]), tb_hash_func(pcs[2]));
    for (i = 0; i < 3; i++)
        tb[i] = make_tb(pcs[i], code_b, sizeof(code_b), TB_NO_JMP);
    tb_lock();
    other = tb_alloc(PC_A);
    other->cs_base = 0x10;
    other->flags = HF_CS32_MASK;
    other->page_addr[0] = PC_A & TARGET_PAGE_MASK;
    tb_link(other);
    for (i = 0; i < 3; i++)
        ck_assert_ptr_eq(tb_find(pcs[i], 0, 0, (pcs[i]) & TARGET_PAGE_MASK), tb[i]);
    ck_assert_ptr_eq(tb_find(PC_A, 0x10, HF_CS32_MASK, (PC_A) & TARGET_PAGE_MASK), other);
    ck_assert_ptr_null(tb_find(PC_A, 0x10, 0, (PC_A) & TARGET_PAGE_MASK));
    ck_assert_ptr_null(tb_find(PC_A, 0, HF_CS32_MASK, (PC_A) & TARGET_PAGE_MASK));
    ck_assert_ptr_null(tb_find(PC_A + 1, 0, 0, (PC_A + 1) & TARGET_PAGE_MASK));
    ck_assert_uint_eq(exec_stats.tb_lookups, 7);
    ck_assert_uint_eq(exec_stats.tb_lookup_misses, 3);
    tb_unlock();

    /* dropping one TB of a bucket keeps the others */
    tb_invalidate_page_range(pcs[1], pcs[1] + 1);
    ck_assert_ptr_null(find(pcs[1]));
    ck_assert_ptr_eq(find(pcs[0]), tb[0]);
    ck_assert_ptr_eq(find(pcs[2]), tb[2]);
}
END_TEST

START_TEST(test_chain_patches_jump)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);

    ck_assert_int_eq(run_tb(a), 1);
    chain(a, 0, b);
    ck_assert_int_eq(run_tb(a), 2);
    ck_assert_uint_eq(exec_stats.chained_jumps, 1);
    tb_invalidate_page_range(PC_B, PC_B + 1);
    ck_assert_int_eq(run_tb(a), 1);
    ck_assert_int_eq(rel32_of(a, 0), 0);
    ck_assert_ptr_eq(find(PC_A), a);
}
END_TEST

START_TEST(test_chain_ignored)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);
    TranslationBlock *c = make_tb(PC_C, code_c, sizeof(code_c), TB_NO_JMP);

    cpu_set_log(CPU_LOG_NOCHAIN);
    chain(a, 0, b);
    ck_assert_int_eq(run_tb(a), 1);
    cpu_set_log(0);
    chain(a, 1, b); /* TB_NO_JMP */
    ck_assert_int_eq(run_tb(a), 1);
    chain(a, 0, b);
    chain(a, 0, c); /* already chained */
    ck_assert_int_eq(run_tb(a), 2);
    ck_assert_uint_eq(exec_stats.chained_jumps, 1);
}
END_TEST

START_TEST(test_chain_lists)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);
    TranslationBlock *c = make_tb(PC_C, code_a, sizeof(code_a), 1);
    static const uint8_t sentinel[4] = { 0x11, 0x22, 0x33, 0x44 };

    chain(a, 0, b);
    chain(c, 0, b);
    ck_assert_int_eq(run_tb(a), 2);
    ck_assert_int_eq(run_tb(c), 2);

    /* a jumper that goes away leaves its target's list */
    tb_invalidate_page_range(PC_A, PC_A + 1);
    ck_assert_int_eq(rel32_of(a, 0), 0);
    memcpy(a->tc_ptr + 1, sentinel, 4);
    tb_invalidate_page_range(PC_B, PC_B + 1);
    ck_assert_int_eq(memcmp(a->tc_ptr + 1, sentinel, 4), 0);
    ck_assert_int_eq(run_tb(c), 1);

    /* an invalidated TB is not chained again */
    b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);
    memset(a->tc_ptr + 1, 0, 4);
    chain(a, 0, b);
    ck_assert_int_eq(run_tb(a), 1);
}
END_TEST

START_TEST(test_chain_self_loop)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_a, sizeof(code_a), 1);

    chain(a, 0, a);
    ck_assert_int_eq(rel32_of(a, 0), -5);
    chain(b, 0, a);
    tb_invalidate_page_range(PC_A, PC_A + 1);
    ck_assert_int_eq(rel32_of(a, 0), 0);
    ck_assert_int_eq(rel32_of(b, 0), 0);
    ck_assert_int_eq(run_tb(b), 1);
}
END_TEST

START_TEST(test_tb_find_pc)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);
    TranslationBlock *c = make_tb(PC_C, code_c, sizeof(code_c), TB_NO_JMP);

    ck_assert_ptr_eq(tb_find_pc((uintptr_t)a->tc_ptr), a);
    ck_assert_ptr_eq(tb_find_pc((uintptr_t)a->tc_ptr + 10), a);
    ck_assert_ptr_eq(tb_find_pc((uintptr_t)b->tc_ptr), b);
    ck_assert_ptr_eq(tb_find_pc((uintptr_t)b->tc_ptr + 5), b);
    ck_assert_ptr_eq(tb_find_pc((uintptr_t)c->tc_ptr + 3), c);
    ck_assert_ptr_null(tb_find_pc((uintptr_t)code_gen_ptr));
    ck_assert_ptr_null(tb_find_pc((uintptr_t)code_gen_buffer - 1));
    ck_assert_ptr_null(tb_find_pc((uintptr_t)(void *)tb_flush));
    /* an invalidated TB's code may still be running: it is still found */
    tb_invalidate_page_range(PC_B, PC_B + 1);
    ck_assert_ptr_eq(tb_find_pc((uintptr_t)b->tc_ptr + 1), b);
}
END_TEST

START_TEST(test_tb_flush)
{
    TranslationBlock *a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    TranslationBlock *b = make_tb(PC_B, code_b, sizeof(code_b), TB_NO_JMP);

    chain(a, 0, b);
    tb_lock();
    tb_flush();
    tb_unlock();
    ck_assert_int_eq(nb_tbs, 0);
    ck_assert_ptr_eq(code_gen_ptr, code_gen_buffer);
    ck_assert_ptr_null(find(PC_A));
    ck_assert_ptr_null(find(PC_B));
    ck_assert_ptr_null(tb_find_pc((uintptr_t)code_gen_buffer));
    tb_invalidate_page_range(PC_A, PC_C + TARGET_PAGE_SIZE);
    a = make_tb(PC_A, code_a, sizeof(code_a), 1);
    ck_assert_ptr_eq(a->tc_ptr, code_gen_buffer);
    ck_assert_int_eq(run_tb(a), 1);
    ck_assert_ptr_eq(find(PC_A), a);
}
END_TEST

START_TEST(test_invalidate_range)
{
    TranslationBlock *a = make_tb(PC_A, code_b, sizeof(code_b), TB_NO_JMP);

    tb_invalidate_page_range(PC_A + 16, PC_A + 0x800);
    tb_invalidate_page_range(PC_A - 0x10, PC_A);
    ck_assert_ptr_eq(find(PC_A), a);
    tb_invalidate_page_range(PC_A + 15, PC_A + 16);
    ck_assert_ptr_null(find(PC_A));
    make_tb(PC_A, code_b, sizeof(code_b), TB_NO_JMP);
    tb_invalidate_page_range(0, 0); /* empty */
    ck_assert_ptr_nonnull(find(PC_A));
}
END_TEST

START_TEST(test_smc_write_fault)
{
    uint32_t page = map_guest(1, RW_FLAGS);
    TranslationBlock *tb = make_tb(page + 0x20, code_b, sizeof(code_b), TB_NO_JMP);
    TranslationBlock *other = make_tb(page + 0x40, code_c, sizeof(code_c), TB_NO_JMP);

    ck_assert_int_eq(page_get_flags(page), (RW_FLAGS & ~PAGE_WRITE) | PAGE_WRITE_ORG);
    ck_assert_int_eq(page_check_range(page, TARGET_PAGE_SIZE, PAGE_WRITE), 0);
    guest_write(page + 0x100, 0x90);
    ck_assert_int_eq(faults, 1);
    ck_assert_uint_eq(*(uint8_t *)(uintptr_t)(page + 0x100), 0x90);
    ck_assert_ptr_null(find(tb->pc));
    ck_assert_ptr_null(find(other->pc));
    ck_assert_uint_eq(exec_stats.smc_invalidations, 2);
    ck_assert_int_eq(page_get_flags(page), RW_FLAGS | PAGE_WRITE_ORG);
    guest_write(page + 0x101, 0x90);
    ck_assert_int_eq(faults, 1);
    unmap_guest(page, 1);
}
END_TEST

START_TEST(test_real_write_fault)
{
    uint32_t page = map_guest(1, PAGE_VALID | PAGE_READ);

    mprotect((void *)(uintptr_t)page, TARGET_PAGE_SIZE, PROT_READ);
    make_tb(page, code_b, sizeof(code_b), TB_NO_JMP);
    ck_assert_int_eq(page_unprotect(page), 0);
    fault_jmp_armed = 1;
    if (sigsetjmp(fault_jmp, 1) == 0) {
        guest_write(page, 1);
        ck_abort_msg("write to a read-only page did not fault");
    }
    fault_jmp_armed = 0;
    ck_assert_int_eq(faults, 1);
    ck_assert_ptr_nonnull(find(page));
    ck_assert_int_eq(page_check_range(page, 1, PAGE_WRITE), -1);
    unmap_guest(page, 1);
}
END_TEST

START_TEST(test_unprotect_range)
{
    uint32_t page = map_guest(2, RW_FLAGS);

    make_tb(page + 0x10, code_b, sizeof(code_b), TB_NO_JMP);
    make_tb(page + TARGET_PAGE_SIZE, code_c, sizeof(code_c), TB_NO_JMP);
    page_unprotect_range(page + TARGET_PAGE_SIZE - 4, 8);
    guest_write(page, 1);
    guest_write(page + TARGET_PAGE_SIZE, 1);
    ck_assert_int_eq(faults, 0);
    ck_assert_ptr_null(find(page + 0x10));
    ck_assert_ptr_null(find(page + TARGET_PAGE_SIZE));
    ck_assert_uint_eq(exec_stats.smc_invalidations, 2);
    unmap_guest(page, 2);
}
END_TEST

START_TEST(test_tb_across_pages)
{
    uint32_t page = map_guest(2, RW_FLAGS);
    TranslationBlock *tb = make_tb(page + TARGET_PAGE_SIZE - 8, code_b, sizeof(code_b),
                                   TB_NO_JMP);

    ck_assert_uint_eq(tb->page_addr[1], page + TARGET_PAGE_SIZE);
    ck_assert_int_eq(page_get_flags(page + TARGET_PAGE_SIZE) & PAGE_WRITE, 0);
    guest_write(page + TARGET_PAGE_SIZE + 0x200, 1);
    ck_assert_int_eq(faults, 1);
    ck_assert_ptr_null(find(tb->pc));
    /* the first page stays protected until its own write fault */
    guest_write(page, 1);
    ck_assert_int_eq(faults, 2);
    ck_assert_uint_eq(exec_stats.smc_invalidations, 1);
    unmap_guest(page, 2);
}
END_TEST

START_TEST(test_set_flags_keeps_protection)
{
    uint32_t page = map_guest(1, RW_FLAGS);

    make_tb(page, code_b, sizeof(code_b), TB_NO_JMP);
    mprotect((void *)(uintptr_t)page, TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE);
    page_set_flags(page, page + TARGET_PAGE_SIZE, RW_FLAGS);
    ck_assert_int_eq(page_get_flags(page) & (PAGE_WRITE | PAGE_WRITE_ORG), PAGE_WRITE_ORG);
    guest_write(page + 8, 1);
    ck_assert_int_eq(faults, 1);
    ck_assert_ptr_null(find(page));

    /* made read-only by the guest: a write is a real fault */
    make_tb(page, code_b, sizeof(code_b), TB_NO_JMP);
    page_set_flags(page, page + TARGET_PAGE_SIZE, PAGE_VALID | PAGE_READ);
    ck_assert_int_eq(page_unprotect(page), 0);
    unmap_guest(page, 1);
}
END_TEST

START_TEST(test_unprotect_with_lock_held)
{
    uint32_t page = map_guest(1, RW_FLAGS);

    make_tb(page, code_b, sizeof(code_b), TB_NO_JMP);
    tb_lock();
    ck_assert_int_eq(page_unprotect(page), 0);
    tb_unlock();
    ck_assert_int_eq(page_unprotect(page), 1);
    ck_assert_ptr_null(find(page));
    tb_lock();
    tb_lock_reset();
    tb_lock_reset();
    tb_lock(); /* released by the reset */
    tb_unlock();
    unmap_guest(page, 1);
}
END_TEST

START_TEST(test_page_flags)
{
    uint32_t base = 0x30000000;

    ck_assert_int_eq(page_get_flags(base), 0);
    ck_assert_int_eq(page_check_range(base, 1, 0), -1);
    page_set_flags(base, base + 2 * TARGET_PAGE_SIZE - 1, PAGE_VALID | PAGE_READ);
    ck_assert_int_eq(page_check_range(base, 2 * TARGET_PAGE_SIZE, PAGE_READ), 0);
    ck_assert_int_eq(page_check_range(base + 5, 2 * TARGET_PAGE_SIZE - 5, PAGE_READ), 0);
    ck_assert_int_eq(page_check_range(base, 2 * TARGET_PAGE_SIZE + 1, PAGE_READ), -1);
    ck_assert_int_eq(page_check_range(base, 1, PAGE_READ | PAGE_WRITE), -1);
    ck_assert_int_eq(page_check_range(base - 1, 0, PAGE_READ), 0);
    page_set_flags(base, base + 1, PAGE_VALID | PAGE_READ | PAGE_WRITE);
    ck_assert_int_eq(page_get_flags(base), PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_WRITE_ORG);
    ck_assert_int_eq(page_check_range(base, 1, PAGE_WRITE), 0);

    /* the last page of the 4 GiB, named with an end of 0 */
    page_set_flags(0xfffff000u, 0, PAGE_VALID | PAGE_READ);
    ck_assert_int_eq(page_check_range(0xfffff000u, TARGET_PAGE_SIZE, PAGE_READ), 0);
    ck_assert_int_eq(page_check_range(0xfffff000u, TARGET_PAGE_SIZE + 1, 0), -1);
    page_set_flags(0xfffff000u, 0, 0);
    ck_assert_int_eq(page_get_flags(0xffffffffu), 0);
    page_set_flags(base, base + 2 * TARGET_PAGE_SIZE, 0);
    ck_assert_int_eq(page_get_flags(base + TARGET_PAGE_SIZE), 0);
}
END_TEST

START_TEST(test_log_mask)
{
    char *text;
    size_t len;
    FILE *f;

    ck_assert_int_eq(cpu_str_to_log_mask("in_asm,op,out_asm"),
                     CPU_LOG_TB_IN_ASM | CPU_LOG_TB_OP | CPU_LOG_TB_OUT_ASM);
    ck_assert_int_eq(cpu_str_to_log_mask("op_opt"), CPU_LOG_TB_OP_OPT);
    ck_assert_int_eq(cpu_str_to_log_mask("nochain,exec"), CPU_LOG_NOCHAIN | CPU_LOG_EXEC);
    ck_assert_int_eq(cpu_str_to_log_mask("all") & CPU_LOG_NOCHAIN, 0);
    ck_assert_int_eq(cpu_str_to_log_mask("all") & CPU_LOG_TB_CPU, CPU_LOG_TB_CPU);
    ck_assert_int_eq(cpu_str_to_log_mask("bogus"), 0);
    ck_assert_int_eq(cpu_str_to_log_mask("in_asm,bogus"), 0);
    ck_assert_int_eq(cpu_str_to_log_mask("in_asm,"), 0);
    ck_assert_int_eq(cpu_str_to_log_mask("in"), 0);
    ck_assert_int_eq(cpu_str_to_log_mask(""), 0);

    f = open_memstream(&text, &len);
    cpu_print_log_items(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "\nout_asm "));
    ck_assert_ptr_nonnull(strstr(text, "\nstats "));
    ck_assert_ptr_nonnull(strstr(text, "\nall "));
    free(text);
}
END_TEST

START_TEST(test_log_file)
{
    char path[] = "/tmp/test-exec-log-XXXXXX";
    char out[512], buf[64] = "";
    FILE *f;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(run_self(NULL, "--log", path, out, sizeof(out)), 0);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
    fclose(f);
    unlink(path);
    ck_assert_str_eq(buf, "logged\n");
    ck_assert_int_eq(run_self(NULL, "--log", "/nonexistent/dir/log", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "cannot open log file '/nonexistent/dir/log'"));
}
END_TEST

static char *disas_to_string(uint32_t guest, const void *host, size_t size, int code16)
{
    char *text;
    size_t len;
    FILE *f = open_memstream(&text, &len);

    if (host)
        disas(f, host, size);
    else
        target_disas(f, guest, (const void *)(uintptr_t)guest, size, code16);
    fclose(f);
    return text;
}

START_TEST(test_disas_guest)
{
    static const uint8_t code[] = { 0x55, 0x89, 0xe5, 0xc7, 0x44, 0x24, 0x04,
                                    0x78, 0x56, 0x34, 0x12, 0xc3 };
    uint32_t page = map_guest(1, RW_FLAGS);
    char expected[512], *text;

    memcpy((void *)(uintptr_t)page, code, sizeof(code));
    text = disas_to_string(page, NULL, sizeof(code), 0);
    snprintf(expected, sizeof(expected),
             "0x%08x:  55                       push   %%ebp\n"
             "0x%08x:  89 e5                    mov    %%esp,%%ebp\n"
             "0x%08x:  c7 44 24 04 78 56 34 12  movl   $0x12345678,0x4(%%esp)\n"
             "0x%08x:  c3                       ret\n",
             page, page + 1, page + 3, page + 11);
    ck_assert_str_eq(text, expected);
    free(text);

    memcpy((void *)(uintptr_t)(page + 0x100), "\xb8\x34\x12", 3);
    text = disas_to_string(page + 0x100, NULL, 3, 1);
    snprintf(expected, sizeof(expected),
             "0x%08x:  b8 34 12                 mov    $0x1234,%%ax\n", page + 0x100);
    ck_assert_str_eq(text, expected);
    free(text);
    unmap_guest(page, 1);
}
END_TEST

START_TEST(test_disas_host)
{
    static const uint8_t code[] = { 0x48, 0x89, 0xe5, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
    char expected[512], *text = disas_to_string(0, code, sizeof(code), 0);
    uintptr_t p = (uintptr_t)code;

    snprintf(expected, sizeof(expected),
             "0x%012lx:  48 89 e5                 mov    %%rsp,%%rbp\n"
             "0x%012lx:  48 b8 01 02 03 04 05 06  movabs $0x807060504030201,%%rax\n"
             "0x%012lx:  07 08\n",
             (unsigned long)p, (unsigned long)p + 3, (unsigned long)p + 11);
    ck_assert_str_eq(text, expected);
    free(text);
}
END_TEST

START_TEST(test_dump_exec_info)
{
    char *text;
    size_t len;
    FILE *f = open_memstream(&text, &len);

    exec_stats.chained_jumps = 42;
    dump_exec_info(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "jumps chained"));
    ck_assert_ptr_nonnull(strstr(text, " 42\n"));
    free(text);
}
END_TEST

static Suite *exec_suite(void)
{
    Suite *s = suite_create("exec");
    TCase *cache = tcase_create("tb cache");
    TCase *pages = tcase_create("pages and smc");
    TCase *misc = tcase_create("logs and disassembly");
    TCase *all[] = { cache, pages, misc };
    size_t i;

    tcase_add_test(cache, test_codebuf_placement);
    tcase_add_test(cache, test_codebuf_env);
    tcase_add_test(cache, test_tb_alloc_full);
    tcase_add_test(cache, test_tb_alloc_near_end);
    tcase_add_test(cache, test_tb_find_hash);
    tcase_add_test(cache, test_chain_patches_jump);
    tcase_add_test(cache, test_chain_ignored);
    tcase_add_test(cache, test_chain_lists);
    tcase_add_test(cache, test_chain_self_loop);
    tcase_add_test(cache, test_tb_find_pc);
    tcase_add_test(cache, test_tb_flush);
    tcase_add_test(cache, test_invalidate_range);
    tcase_add_test(pages, test_smc_write_fault);
    tcase_add_test(pages, test_real_write_fault);
    tcase_add_test(pages, test_unprotect_range);
    tcase_add_test(pages, test_tb_across_pages);
    tcase_add_test(pages, test_set_flags_keeps_protection);
    tcase_add_test(pages, test_unprotect_with_lock_held);
    tcase_add_test(pages, test_page_flags);
    tcase_add_test(misc, test_log_mask);
    tcase_add_test(misc, test_log_file);
    tcase_add_test(misc, test_disas_guest);
    tcase_add_test(misc, test_disas_host);
    tcase_add_test(misc, test_dump_exec_info);
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        suite_add_tcase(s, all[i]);
    }
    return s;
}

/* one-shot runs for the tests above that need a fresh process */
static int run_once(int argc, char **argv)
{
    if (strcmp(argv[1], "--init-only") == 0) {
        cpu_exec_init();
        printf("%zu\n", code_gen_buffer_size);
        return 0;
    }
    if (strcmp(argv[1], "--log") == 0 && argc == 3) {
        cpu_set_log_filename(argv[2]);
        cpu_set_log(CPU_LOG_INT);
        fprintf(logfile, "logged\n");
        return 0;
    }
    fprintf(stderr, "usage: test-exec [--init-only | --log FILE]\n");
    return 2;
}

int main(int argc, char **argv)
{
    SRunner *sr;
    int failed;

    if (argc > 1)
        return run_once(argc, argv);
    sr = srunner_create(exec_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
