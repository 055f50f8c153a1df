/*
 * The translation cache: TB allocation and lookup, direct chaining, the
 * page descriptors of the 4 GiB guest space and self-modifying-code
 * detection; also the -d log settings and the statistics counters.
 *
 * NOTE: code_gen_buffer is mapped just below the emulator's own text,
 * because translated code calls the C helpers with rel32 calls that reach
 * only +-2 GiB.  TBs are carved from it in increasing address order, which
 * is what lets tb_find_pc() binary-search tbs[].
 *
 * Self-modifying code: a guest page that holds translated code is made
 * read-only on the host (PAGE_WRITE cleared, PAGE_WRITE_ORG remembers that
 * the guest may write it).  The write fault calls page_unprotect(), which
 * drops the page's TBs and gives write access back; the guest instruction
 * is then restarted.
 *
 * Locking: tb_lock is a spinlock, not a pthread mutex, because
 * page_unprotect() takes it from the SIGSEGV handler, where only atomics
 * and system calls are safe.  The execution loop holds it around lookup,
 * translation, tb_link and chaining (tb_find, tb_alloc, tb_link,
 * tb_add_jump and tb_flush expect the caller to hold it) and releases it
 * before running translated code.  page_set_flags, page_unprotect,
 * page_unprotect_range and tb_invalidate_page_range take it themselves;
 * page_get_flags and page_check_range only read, without it.  A write
 * fault on a code page can only come from guest code or from a C helper or
 * syscall running on the guest's behalf, never from inside the lock (the
 * locked code writes no guest memory), so page_unprotect() returns 0 when
 * its own thread already holds the lock: a bug becomes a visible fault
 * instead of a deadlock.  After a longjmp out of a locked section (a fault
 * while translating) the loop calls tb_lock_reset().
 *
 * Threads: every guest thread is a host thread running cpu_x86_exec, and
 * all of them share this cache.  A TB dropped by a code write keeps its
 * code until the next flush, so a thread still inside it runs on safely
 * (as a CPU may run stale code another CPU rewrote).  tb_flush alone
 * reuses the buffer: it runs in an exclusive section (cpu_exec_start,
 * start_exclusive below) that waits until no other thread is inside
 * translated code.
 */
#include <errno.h>
#include <ctype.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>
#include "exec-all.h"

#define L2_BITS 10
#define L2_SIZE (1 << L2_BITS)
#define L1_SIZE (1 << (32 - TARGET_PAGE_BITS - L2_BITS))

#define GUEST_SPACE_END (1ull << 32)
#define REL32_REACH 0x7fffffffull
#define CODEBUF_MIN (256u * 1024)
#define CODEBUF_MAX (1024u * 1024 * 1024)
#define CODEBUF_STEP (2 * 1024 * 1024) /* candidate placements, downwards */

TranslationBlock *tbs;
int nb_tbs;
uint8_t *code_gen_buffer;
uint8_t *code_gen_ptr;
size_t code_gen_buffer_size;
TranslationBlock *tb_hash[CODE_GEN_HASH_SIZE];
ExecStats exec_stats;
int loglevel;
FILE *logfile;

static int code_gen_max_blocks;

typedef struct PageDesc {
    int flags;
    TranslationBlock *first_tb; /* low bit: which page_addr[] of that TB */
} PageDesc;

/* written under tb_lock; read without it (signal handler, page_get_flags) */
static PageDesc *l1_map[L1_SIZE];

static int tb_lock_word;
static __thread int tb_lock_held;

/* the emulator's code, from the default linker script */
extern char __executable_start[], etext[];

static int64_t start_ns; /* when the cache was set up, for -d stats */

/* where guest page addresses live in the host: 0 in user mode (guest
   address == host address), the guest RAM for the system emulator */
uintptr_t guest_base;

static void *g2h(uint64_t addr)
{
    return (void *)(guest_base + (uintptr_t)addr);
}

static TranslationBlock *tb_tag(TranslationBlock *tb, int n)
{
    return (TranslationBlock *)((uintptr_t)tb | n);
}

static TranslationBlock *tb_untag(TranslationBlock *tb)
{
    return (TranslationBlock *)((uintptr_t)tb & ~(uintptr_t)3);
}

static int tb_slot(TranslationBlock *tb)
{
    return (uintptr_t)tb & 3;
}

/* NOTE: an invalidated TB keeps its slot (and its code) until the next
   flush; an empty jmp_first, never seen on a live TB, marks it */
static int tb_is_valid(TranslationBlock *tb)
{
    return tb->jmp_first != NULL;
}

/* tb_lock */

static void tb_lock_acquire(void)
{
    int spins = 0;

    while (__atomic_exchange_n(&tb_lock_word, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&tb_lock_word, __ATOMIC_RELAXED)) {
            if (++spins < 1000)
                __builtin_ia32_pause();
            else
                sched_yield();
        }
    }
    tb_lock_held = 1;
}

void tb_lock(void)
{
    if (tb_lock_held) {
        fprintf(stderr, "qemu: tb_lock taken twice by the same thread\n");
        abort();
    }
    tb_lock_acquire();
}

void tb_unlock(void)
{
    tb_lock_held = 0;
    __atomic_store_n(&tb_lock_word, 0, __ATOMIC_RELEASE);
}

void tb_lock_reset(void)
{
    if (tb_lock_held)
        tb_unlock();
}

/* The CPUs of the process, one per host thread, for the exclusive section.
   `running` is set under tb_lock right before a thread enters translated
   code and cleared when it is back in the loop (or longjmps there), so a
   thread that is not running can only enter through tb_lock and
   cpu_exec_start.  A flusher sets exclusive_pending, asks every running
   CPU to leave at its next block boundary (op_check_exit begins every TB)
   and waits until none runs.  Both sides store their flag and then read
   the other's, sequentially consistent: one of them always sees the
   other.  The flusher holds exclusive_lock for the whole section, so a
   thread waiting for the end just takes it once.  The flusher does not
   hold tb_lock while it waits: a running thread may need it in its
   SIGSEGV handler (page_unprotect) before it can reach a block boundary. */
struct cpu_slot {
    CPUX86State *env;
    int running;
    int listed;
    struct cpu_slot *next;
};

static __thread struct cpu_slot cpu_self;
static struct cpu_slot *cpu_list;
static pthread_mutex_t cpu_list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t exclusive_lock = PTHREAD_MUTEX_INITIALIZER;
static int exclusive_pending;

void cpu_exec_register(CPUX86State *env)
{
    cpu_self.env = env;
    if (cpu_self.listed)
        return;
    pthread_mutex_lock(&cpu_list_lock);
    cpu_self.next = cpu_list;
    cpu_list = &cpu_self;
    cpu_self.listed = 1;
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_exec_unregister(void)
{
    struct cpu_slot **p;

    pthread_mutex_lock(&cpu_list_lock);
    for (p = &cpu_list; *p; p = &(*p)->next) {
        if (*p == &cpu_self) {
            *p = cpu_self.next;
            break;
        }
    }
    cpu_self.listed = 0;
    pthread_mutex_unlock(&cpu_list_lock);
}

/* the child of a fork has one thread: the caller, who held tb_lock */
void cpu_exec_fork_child(void)
{
    pthread_mutex_init(&cpu_list_lock, NULL);
    pthread_mutex_init(&exclusive_lock, NULL);
    exclusive_pending = 0;
    cpu_self.running = 0;
    cpu_self.next = NULL;
    cpu_list = cpu_self.listed ? &cpu_self : NULL;
}

/* with tb_lock held: 1 when the thread may enter translated code now */
int cpu_exec_start(void)
{
    __atomic_store_n(&cpu_self.running, 1, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&exclusive_pending, __ATOMIC_SEQ_CST))
        return 1;
    __atomic_store_n(&cpu_self.running, 0, __ATOMIC_SEQ_CST);
    return 0;
}

void cpu_exec_end(void)
{
    __atomic_store_n(&cpu_self.running, 0, __ATOMIC_RELEASE);
}

/* after cpu_exec_start refused, with no lock held */
void cpu_exec_wait_exclusive(void)
{
    pthread_mutex_lock(&exclusive_lock);
    pthread_mutex_unlock(&exclusive_lock);
}

static int other_cpu_running(void)
{
    struct cpu_slot *c;
    int busy = 0;

    pthread_mutex_lock(&cpu_list_lock);
    for (c = cpu_list; c; c = c->next) {
        if (c != &cpu_self && __atomic_load_n(&c->running, __ATOMIC_SEQ_CST)) {
            /* cpu_x86_interrupt, which exec.c alone does not link */
            __atomic_or_fetch(&c->env->interrupt_request, CPU_INTERRUPT_EXIT,
                              __ATOMIC_SEQ_CST);
            busy = 1;
        }
    }
    pthread_mutex_unlock(&cpu_list_lock);
    return busy;
}

/* no lock held; the caller is not inside translated code */
static void start_exclusive(void)
{
    pthread_mutex_lock(&exclusive_lock);
    __atomic_store_n(&exclusive_pending, 1, __ATOMIC_SEQ_CST);
    while (other_cpu_running())
        sched_yield();
}

static void end_exclusive(void)
{
    __atomic_store_n(&exclusive_pending, 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&exclusive_lock);
}

/* the code buffer */

static size_t codebuf_size_from_env(void)
{
    static const char units[] = "KMG";
    const char *s = getenv("QEMU_CODEBUF");
    const char *unit;
    unsigned long long size;
    char *end;
    int shift = 0;

    if (!s)
        return CODE_GEN_DEFAULT_SIZE;
    errno = 0;
    size = strtoull(s, &end, 10);
    unit = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
    if (unit) {
        shift = 10 * (unit - units + 1);
        end++;
    }
    if (!isdigit((unsigned char)*s) || *end || errno ||
        size > (CODEBUF_MAX >> shift) || (size << shift) < CODEBUF_MIN) {
        fprintf(stderr, "qemu: QEMU_CODEBUF=%s: expected a size from 256K "
                "to 1G, such as 512K or 64M\n", s);
        exit(1);
    }
    return TARGET_PAGE_ALIGN(size << shift);
}

/* the highest free range below the text from which every byte of the
   text is still within rel32 reach, and above the guest's 4 GiB */
static uint8_t *map_code_buffer(size_t size, int *err)
{
    uintptr_t text_lo = (uintptr_t)__executable_start;
    uintptr_t text_hi = (uintptr_t)etext;
    uintptr_t addr = (text_lo - size) & ~(uintptr_t)(CODEBUF_STEP - 1);

    *err = EEXIST;
    for (; addr < text_lo && addr >= GUEST_SPACE_END &&
           text_hi - addr <= REL32_REACH; addr -= CODEBUF_STEP) {
        void *p = mmap((void *)addr, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);
        if (p == (void *)addr)
            return p;
        if (p == MAP_FAILED)
            *err = errno;
        else
            munmap(p, size); /* a kernel that took the address as a hint */
    }
    return NULL;
}

void cpu_exec_init(void)
{
    size_t size;
    int err;

    if (code_gen_buffer)
        return;
    if (sysconf(_SC_PAGESIZE) != TARGET_PAGE_SIZE) {
        fprintf(stderr, "qemu: the host page size must be %u bytes\n",
                TARGET_PAGE_SIZE);
        exit(1);
    }
    size = codebuf_size_from_env();
    start_ns = exec_clock_ns();
    code_gen_max_blocks = size / CODE_GEN_AVG_BLOCK_SIZE;
    if (loglevel & CPU_LOG_TRACE)
        trace_init(code_gen_max_blocks);
    tbs = calloc(code_gen_max_blocks, sizeof(TranslationBlock));
    if (!tbs) {
        fprintf(stderr, "qemu: no memory for %d TBs\n", code_gen_max_blocks);
        exit(1);
    }
    code_gen_buffer = map_code_buffer(size, &err);
    if (!code_gen_buffer) {
        fprintf(stderr, "qemu: cannot map a %zu KiB code buffer within 2 GiB "
                "below the emulator's code at %p (%s); is it a PIE? try a "
                "smaller QEMU_CODEBUF\n", size >> 10, (void *)__executable_start,
                strerror(err));
        exit(1);
    }
    code_gen_buffer_size = size;
    code_gen_ptr = code_gen_buffer;
}

/* page descriptors */

static PageDesc *page_find(uint32_t index)
{
    PageDesc *l2 = __atomic_load_n(&l1_map[index >> L2_BITS], __ATOMIC_ACQUIRE);

    return l2 ? &l2[index & (L2_SIZE - 1)] : NULL;
}

/* the caller holds tb_lock */
static PageDesc *page_find_alloc(uint32_t index)
{
    PageDesc **lp = &l1_map[index >> L2_BITS];

    if (!*lp) {
        PageDesc *l2 = calloc(L2_SIZE, sizeof(PageDesc));
        if (!l2) {
            fprintf(stderr, "qemu: no memory for page descriptors\n");
            exit(1);
        }
        __atomic_store_n(lp, l2, __ATOMIC_RELEASE);
    }
    return &(*lp)[index & (L2_SIZE - 1)];
}

/* [start, end) with an end of 0 after a non-zero start meaning 4 GiB, so
   that the last page can be named */
static uint64_t range_end(uint32_t start, uint32_t end)
{
    return end == 0 && start != 0 ? GUEST_SPACE_END : end;
}

static int host_prot(int flags)
{
    int prot = 0;

    if (flags & (PAGE_READ | PAGE_WRITE | PAGE_EXEC))
        prot |= PROT_READ;
    if (flags & PAGE_WRITE)
        prot |= PROT_WRITE;
    if (flags & PAGE_EXEC)
        prot |= PROT_EXEC;
    return prot;
}

/* keep guest writes out of a page that holds translated code */
static void page_protect(PageDesc *p, uint32_t page)
{
    int flags = (p->flags & ~PAGE_WRITE) | PAGE_WRITE_ORG;

    if (mprotect(g2h(page), TARGET_PAGE_SIZE, host_prot(flags)) == 0)
        p->flags = flags;
}

void page_set_flags(uint32_t start, uint32_t end, int flags)
{
    uint64_t last = range_end(start, end);
    uint64_t addr;

    if (flags & PAGE_WRITE)
        flags |= PAGE_WRITE_ORG;
    tb_lock();
    for (addr = start & TARGET_PAGE_MASK; addr < last; addr += TARGET_PAGE_SIZE) {
        uint32_t index = addr >> TARGET_PAGE_BITS;
        PageDesc *p = flags ? page_find_alloc(index) : page_find(index);
        if (!p)
            continue;
        p->flags = flags;
        if (p->first_tb && (flags & PAGE_WRITE))
            page_protect(p, addr);
    }
    tb_unlock();
}

int page_get_flags(uint32_t addr)
{
    PageDesc *p = page_find(addr >> TARGET_PAGE_BITS);

    return p ? p->flags : 0;
}

int page_check_range(uint32_t start, uint32_t len, int flags)
{
    uint64_t end = (uint64_t)start + len;
    uint64_t addr;

    if (len == 0)
        return 0;
    if (end > GUEST_SPACE_END)
        return -1;
    for (addr = start & TARGET_PAGE_MASK; addr < end; addr += TARGET_PAGE_SIZE) {
        int page_flags = page_get_flags(addr);
        if (page_flags & PAGE_WRITE_ORG)
            page_flags |= PAGE_WRITE;
        if (!(page_flags & PAGE_VALID) || (page_flags & flags) != flags)
            return -1;
    }
    return 0;
}

/* TB allocation and lookup */

/* the TB's code goes at code_gen_ptr; once it is generated the caller moves
   code_gen_ptr past it, aligned to CODE_GEN_ALIGN */
TranslationBlock *tb_alloc(uint32_t pc)
{
    TranslationBlock *tb;

    if (nb_tbs >= code_gen_max_blocks ||
        (size_t)(code_gen_buffer + code_gen_buffer_size - code_gen_ptr) <
        CODE_GEN_MAX_SIZE)
        return NULL;
    tb = &tbs[nb_tbs++];
    *tb = (TranslationBlock) {
        .pc = pc,
        .tc_ptr = code_gen_ptr,
        .page_addr = { -1, -1 },
        .tb_jmp_offset = { TB_NO_JMP, TB_NO_JMP },
    };
    tb->jmp_first = tb_tag(tb, 2);
    return tb;
}

/* NOTE: one jump cache for all threads.  An entry is one pointer, written
   under tb_lock and read by translated code without it; the reader checks
   pc, cs_base and flags, and every TB it can point to stays in tbs[] with
   its code until a flush, which clears the cache in its exclusive
   section. */
TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];

static void tb_flush_locked(void)
{
    int i, j;

    memset(tb_jmp_cache, 0, sizeof(tb_jmp_cache));
    if (loglevel & CPU_LOG_TRACE)
        trace_flush();
    memset(tb_hash, 0, sizeof(tb_hash));
    /* protected pages stay read-only: their next write fault is cheap */
    for (i = 0; i < L1_SIZE; i++) {
        if (!l1_map[i])
            continue;
        for (j = 0; j < L2_SIZE; j++)
            l1_map[i][j].first_tb = NULL;
    }
    nb_tbs = 0;
    code_gen_ptr = code_gen_buffer;
    exec_stats.flushes++;
}

/* called with tb_lock held, which it drops while it waits for the other
   threads to leave translated code; another thread's flush meanwhile
   counts as ours */
void tb_flush(void)
{
    uint64_t flushes = exec_stats.flushes;

    tb_unlock();
    start_exclusive();
    tb_lock();
    if (exec_stats.flushes == flushes)
        tb_flush_locked();
    end_exclusive();
}

TranslationBlock *tb_find(uint32_t pc, uint32_t cs_base, uint32_t flags,
                          uint32_t phys_page)
{
    TranslationBlock *tb;

    exec_stats.tb_lookups++;
    for (tb = tb_hash[tb_hash_func(pc)]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->page_addr[0] == phys_page)
            return tb;
    }
    exec_stats.tb_lookup_misses++;
    return NULL;
}

static void tb_alloc_page(TranslationBlock *tb, int n)
{
    uint32_t page = tb->page_addr[n] & TARGET_PAGE_MASK;
    PageDesc *p = page_find_alloc(page >> TARGET_PAGE_BITS);

    tb->page_next[n] = p->first_tb;
    p->first_tb = tb_tag(tb, n);
    if (p->flags & PAGE_WRITE)
        page_protect(p, page);
}

void tb_link(TranslationBlock *tb)
{
    unsigned int h = tb_hash_func(tb->pc);

    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;
    tb_alloc_page(tb, 0);
    if (tb->page_addr[1] != (uint32_t)-1)
        tb_alloc_page(tb, 1);
}

TranslationBlock *tb_find_pc(uintptr_t host_pc)
{
    int lo = 0, hi = nb_tbs - 1;

    if (nb_tbs == 0 || host_pc < (uintptr_t)tbs[0].tc_ptr ||
        host_pc >= (uintptr_t)code_gen_ptr)
        return NULL;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if ((uintptr_t)tbs[mid].tc_ptr <= host_pc)
            lo = mid;
        else
            hi = mid - 1;
    }
    return &tbs[lo];
}

/* direct chaining */

typedef uint32_t __attribute__((aligned(1), may_alias)) unaligned_u32;

/* one 4-byte store: x86 keeps instruction fetch coherent with it */
static void tb_set_jmp_target(TranslationBlock *tb, int n, const uint8_t *target)
{
    uint8_t *rel32 = tb->tc_ptr + tb->tb_jmp_offset[n];

    *(volatile unaligned_u32 *)rel32 = (uint32_t)(target - (rel32 + 4));
}

/* back to falling through into the TB's own exit code */
static void tb_reset_jump(TranslationBlock *tb, int n)
{
    tb_set_jmp_target(tb, n, tb->tc_ptr + tb->tb_jmp_offset[n] + 4);
}

/* Other threads may be running tb while its jump is patched: a 4-byte
   store inside one cache line is atomic for their instruction fetch too,
   one that straddles two is not, so such a slot is never chained. */
static int tb_jmp_patchable(TranslationBlock *tb, int n)
{
    uintptr_t rel32 = (uintptr_t)tb->tc_ptr + tb->tb_jmp_offset[n];

    return (rel32 & 63) <= 60;
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *tb_next)
{
    if (tb->tb_jmp_offset[n] == TB_NO_JMP || !tb_jmp_patchable(tb, n) || tb->jmp_next[n] ||
        !tb_is_valid(tb) || !tb_is_valid(tb_next) ||
        (loglevel & CPU_LOG_NOCHAIN))
        return;
    tb_set_jmp_target(tb, n, tb_next->tc_ptr);
    if (loglevel & CPU_LOG_TRACE)
        trace_chain(tb, n, tb_next);
    tb->jmp_next[n] = tb_next->jmp_first;
    tb_next->jmp_first = tb_tag(tb, n);
    exec_stats.chained_jumps++;
}

/* unchain slot n of tb and take it off its target's incoming list */
static void tb_jmp_remove(TranslationBlock *tb, int n)
{
    TranslationBlock *head = tb->jmp_next[n];
    TranslationBlock **ptb;

    if (!head)
        return;
    /* the list is circular through the target: its head has tag 2 */
    while (tb_slot(head) != 2)
        head = tb_untag(head)->jmp_next[tb_slot(head)];
    ptb = &tb_untag(head)->jmp_first;
    while (*ptb != tb_tag(tb, n))
        ptb = &tb_untag(*ptb)->jmp_next[tb_slot(*ptb)];
    *ptb = tb->jmp_next[n];
    tb->jmp_next[n] = NULL;
    tb_reset_jump(tb, n);
}

/* invalidation */

static void tb_hash_remove(TranslationBlock *tb)
{
    TranslationBlock **ptb;

    for (ptb = &tb_hash[tb_hash_func(tb->pc)]; *ptb; ptb = &(*ptb)->hash_next) {
        if (*ptb == tb) {
            *ptb = tb->hash_next;
            return;
        }
    }
}

static void tb_page_remove(TranslationBlock *tb, int n)
{
    PageDesc *p = page_find(tb->page_addr[n] >> TARGET_PAGE_BITS);
    TranslationBlock **ptb;

    if (!p)
        return;
    for (ptb = &p->first_tb; *ptb; ptb = &tb_untag(*ptb)->page_next[tb_slot(*ptb)]) {
        if (*ptb == tb_tag(tb, n)) {
            *ptb = tb->page_next[n];
            return;
        }
    }
}

static void tb_invalidate(TranslationBlock *tb)
{
    TranslationBlock *jumper;
    int n;

    if (!tb_is_valid(tb))
        return;
    if (loglevel & CPU_LOG_TRACE)
        trace_invalidate(tb);
    if (tb_jmp_cache[tb_jmp_cache_hash(tb->pc)] == tb)
        tb_jmp_cache[tb_jmp_cache_hash(tb->pc)] = NULL;
    tb_hash_remove(tb);
    for (n = 0; n < 2; n++) {
        if (tb->page_addr[n] != (uint32_t)-1)
            tb_page_remove(tb, n);
        tb_jmp_remove(tb, n);
    }
    /* every TB chained to this one exits to the main loop again */
    jumper = tb->jmp_first;
    while (tb_slot(jumper) != 2) {
        TranslationBlock *next = tb_untag(jumper)->jmp_next[tb_slot(jumper)];
        tb_reset_jump(tb_untag(jumper), tb_slot(jumper));
        tb_untag(jumper)->jmp_next[tb_slot(jumper)] = NULL;
        jumper = next;
    }
    tb->jmp_first = NULL;
}

/* the TBs of one page that intersect [start, end); returns how many */
static int page_invalidate_tbs(PageDesc *p, uint64_t start, uint64_t end)
{
    TranslationBlock *entry = p->first_tb;
    int count = 0;

    while (entry) {
        TranslationBlock *tb = tb_untag(entry);
        entry = tb->page_next[tb_slot(entry)];
        if (tb->pc < end && (uint64_t)tb->pc + tb->size > start &&
            tb_is_valid(tb)) {
            tb_invalidate(tb);
            count++;
        }
    }
    return count;
}

void tb_invalidate_page_range(uint32_t start, uint32_t end)
{
    uint64_t last = range_end(start, end);
    uint64_t addr;

    tb_lock();
    for (addr = start & TARGET_PAGE_MASK; addr < last; addr += TARGET_PAGE_SIZE) {
        PageDesc *p = page_find(addr >> TARGET_PAGE_BITS);
        if (p && p->first_tb)
            page_invalidate_tbs(p, start, last);
    }
    tb_unlock();
}

/* drop the page's code, then give the guest its write access back */
static int page_make_writable(PageDesc *p, uint32_t page)
{
    exec_stats.smc_invalidations +=
        page_invalidate_tbs(p, page, (uint64_t)page + TARGET_PAGE_SIZE);
    if (mprotect(g2h(page), TARGET_PAGE_SIZE,
                 host_prot(p->flags | PAGE_WRITE)) != 0)
        return 0;
    p->flags |= PAGE_WRITE;
    return 1;
}

/* NOTE: runs in the SIGSEGV handler: atomics, list edits and mprotect only.
   A fault on a page already writable again is a write that raced with
   another thread's page_unprotect: it is ours too, the retry succeeds. */
int page_unprotect(uint32_t addr)
{
    int saved_errno = errno;
    int ret = 0;
    PageDesc *p;

    if (tb_lock_held)
        return 0;
    tb_lock_acquire();
    p = page_find(addr >> TARGET_PAGE_BITS);
    if (p && (p->flags & PAGE_WRITE_ORG))
        ret = page_make_writable(p, addr & TARGET_PAGE_MASK);
    tb_unlock();
    errno = saved_errno;
    return ret;
}

void page_unprotect_range(uint32_t start, uint32_t len)
{
    uint64_t end = (uint64_t)start + len;
    uint64_t addr;

    if (len == 0)
        return;
    tb_lock();
    for (addr = start & TARGET_PAGE_MASK; addr < end; addr += TARGET_PAGE_SIZE) {
        PageDesc *p = page_find(addr >> TARGET_PAGE_BITS);
        if (p && (p->flags & PAGE_WRITE_ORG) && !(p->flags & PAGE_WRITE))
            page_make_writable(p, addr);
    }
    tb_unlock();
}

/* statistics */

static const struct {
    const char *name;
    size_t offset;
} exec_stat_fields[] = {
    { "guest instructions translated", offsetof(ExecStats, guest_insns) },
    { "TBs translated", offsetof(ExecStats, tbs_translated) },
    { "host code bytes", offsetof(ExecStats, host_bytes) },
    { "jumps chained", offsetof(ExecStats, chained_jumps) },
    { "TB lookups", offsetof(ExecStats, tb_lookups) },
    { "TB lookup misses", offsetof(ExecStats, tb_lookup_misses) },
    { "cache flushes", offsetof(ExecStats, flushes) },
    { "TBs dropped by code writes", offsetof(ExecStats, smc_invalidations) },
};

int64_t exec_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void dump_exec_info(FILE *f)
{
    size_t i;
    int64_t total = exec_clock_ns() - start_ns;

    fprintf(f, "%-30s %d of %d\n", "TBs in the cache", nb_tbs,
            code_gen_max_blocks);
    fprintf(f, "%-30s %zu of %zu KiB\n", "code buffer used",
            (size_t)(code_gen_ptr - code_gen_buffer) >> 10,
            code_gen_buffer_size >> 10);
    for (i = 0; i < sizeof(exec_stat_fields) / sizeof(exec_stat_fields[0]); i++) {
        const uint64_t *v = (const uint64_t *)((const char *)&exec_stats +
                                               exec_stat_fields[i].offset);
        fprintf(f, "%-30s %llu\n", exec_stat_fields[i].name,
                (unsigned long long)*v);
    }
    if (exec_stats.guest_insns)
        fprintf(f, "%-30s %.1f\n", "host bytes per guest insn",
                (double)exec_stats.host_bytes / exec_stats.guest_insns);
    fprintf(f, "%-30s %.3f s of %.3f s\n", "time translating",
            exec_stats.translate_ns / 1e9, total / 1e9);
}

/* -d logging */

#define CPU_LOG_ALL (CPU_LOG_TB_OUT_ASM | CPU_LOG_TB_IN_ASM | CPU_LOG_TB_OP | CPU_LOG_TB_OP_ASM | \
                     CPU_LOG_TB_OP_OPT | CPU_LOG_INT | CPU_LOG_EXEC | \
                     CPU_LOG_TB_CPU | CPU_LOG_STATS)

static const struct {
    int mask;
    const char *name;
    const char *help;
} cpu_log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm", "host code generated for each TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm", "guest code of each TB translated" },
    { CPU_LOG_TB_OP, "op", "micro-ops of each TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt", "micro-ops after the flag and move passes" },
    { CPU_LOG_TB_OP_ASM, "op_asm", "each guest insn, its micro-ops and their host code" },
    { CPU_LOG_TRACE, "trace-json", "TBs, chaining, executions as JSON (scripts/tb-explorer)" },
    { CPU_LOG_INT, "int", "interrupts, exceptions and signals" },
    { CPU_LOG_EXEC, "exec", "each TB executed" },
    { CPU_LOG_TB_CPU, "cpu", "CPU state before each TB" },
    { CPU_LOG_STATS, "stats", "translation counters at exit" },
    { CPU_LOG_NOCHAIN, "nochain", "do not chain TBs (each returns to the loop)" },
    { CPU_LOG_ALL, "all", "every item above but nochain" },
};

#define NB_LOG_ITEMS (int)(sizeof(cpu_log_items) / sizeof(cpu_log_items[0]))

static char *logfilename;

static void __attribute__((constructor)) log_init(void)
{
    logfile = stderr;
}

static void log_open(void)
{
    FILE *f;

    if (!logfilename || logfile != stderr)
        return;
    f = fopen(logfilename, "w");
    if (!f) {
        fprintf(stderr, "qemu: cannot open log file '%s': %s\n", logfilename,
                strerror(errno));
        exit(1);
    }
    setvbuf(f, NULL, _IOLBF, 0);
    logfile = f;
}

void cpu_set_log(int log_flags)
{
    loglevel = log_flags;
    if (loglevel)
        log_open();
}

void cpu_set_log_filename(const char *filename)
{
    if (logfile != stderr) {
        fclose(logfile);
        logfile = stderr;
    }
    free(logfilename);
    logfilename = strdup(filename);
    if (loglevel)
        log_open();
}

static int log_item_mask(const char *name, size_t len)
{
    int i;

    for (i = 0; i < NB_LOG_ITEMS; i++) {
        if (strlen(cpu_log_items[i].name) == len &&
            memcmp(cpu_log_items[i].name, name, len) == 0)
            return cpu_log_items[i].mask;
    }
    return 0;
}

int cpu_str_to_log_mask(const char *str)
{
    int mask = 0;

    for (;;) {
        size_t len = strcspn(str, ",");
        int item = log_item_mask(str, len);
        if (!item)
            return 0;
        mask |= item;
        if (!str[len])
            return mask;
        str += len + 1;
    }
}

void cpu_print_log_items(FILE *f)
{
    int i;

    fprintf(f, "Log items (comma separated):\n");
    for (i = 0; i < NB_LOG_ITEMS; i++)
        fprintf(f, "%-10s %s\n", cpu_log_items[i].name, cpu_log_items[i].help);
}
