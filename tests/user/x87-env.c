/* x87 control and environment against the native CPU: fldcw/fnstcw with
   reserved bits, fnstsw to ax and memory, the exception flags each kind of
   operation raises and how they stick (also across system calls), fnclex,
   fninit, fnstenv/fldenv and fnsave/frstor in their 32- and 16-bit forms,
   the tag word computed from the registers, and the last instruction
   pointer (FIP).  The fields that differ between vendors (FCS, FOP, FDP,
   FDS) are only checked to be either zero or the expected value. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include "x87-test.h"

struct fpenv {
    uint32_t cw, sw, tw, fip, fcs, fdp, fds;
} __attribute__((packed));

struct fpenv16 {
    uint16_t cw, sw, tw, fip, fcs, fdp, fds;
} __attribute__((packed));

static const F80 vals[] = {
    { 0, 0 }, { 1ull << 63, 0x3fff }, { 1, 0 }, { 1ull << 63, 0x7fff },
    { 0xc000000000000001ull, 0x7fff }, { 0x4000000000000000ull, 0x3fff },
    { 0xc90fdaa22168c235ull, 0x4000 }, { 0x8000000000000001ull, 0xffff },
};

static const F80 vmax = { 0xffffffffffffffffull, 0x7ffe };

/* FOP from the instruction's first two bytes (no prefix) */
static uint32_t fop_at(uint32_t addr)
{
    const uint8_t *p = (const uint8_t *)addr;
    return (p[0] & 7) << 8 | p[1];
}

/* a pointer field is right if it is the expected value, or zero where a
   CPU does not keep it */
static const char *check(uint32_t got, uint32_t want)
{
    return got == want || got == 0 ? "ok" : "BAD";
}

static void control_words(void)
{
    static const uint16_t cws[] = {
        0x0000, 0xffff, 0x037f, 0x027f, 0x007f, 0x0c7f, 0x1040, 0x0e3f, 0x8080,
    };
    for (unsigned int i = 0; i < sizeof(cws) / sizeof(cws[0]); i++) {
        uint16_t cw, cw2;
        asm volatile("fninit\n\tfldcw %[in]\n\tfnstcw %[out]\n\tfstcw %[out2]\n\tfninit"
                     : [out] "=m"(cw), [out2] "=m"(cw2) : [in] "m"(cws[i]));
        printf("fldcw %04x -> %04x %04x\n", cws[i], cw, cw2);
    }
}

/* the flags each operation raises, alone and accumulated */
#define FLAGS_TEST(name, insns)                                               \
static void name(void)                                                        \
{                                                                             \
    uint16_t sw, ax;                                                          \
    asm volatile("fninit\n\t" insns "\n\tfnstsw %[sw]\n\tfnstsw %%ax\n\tfninit" \
                 : [sw] "=m"(sw), "=a"(ax)                                    \
                 : [v0] "m"(vals[0]), [v1] "m"(vals[1]), [v2] "m"(vals[2]),   \
                   [v3] "m"(vals[3]), [v4] "m"(vals[4]), [v6] "m"(vals[6]),   \
                   [v7] "m"(vals[7]), [vmax] "m"(vmax));                      \
    printf("%s sw=%04x ax=%04x\n", #name, sw, ax);                            \
}

FLAGS_TEST(invalid_0div0, "fldt %[v0]\n\tfldt %[v0]\n\tfdivrp")
FLAGS_TEST(invalid_snan, "fldt %[v7]\n\tfldt %[v1]\n\tfaddp")
FLAGS_TEST(denormal, "fldt %[v2]\n\tfldt %[v1]\n\tfmulp")
FLAGS_TEST(zerodiv, "fldt %[v0]\n\tfldt %[v1]\n\tfdivp")
FLAGS_TEST(overflow, "fldt %[vmax]\n\tfld %%st\n\tfmulp")
FLAGS_TEST(underflow, "fldt %[v2]\n\tfld %%st\n\tfmul %%st(1), %%st")
FLAGS_TEST(precision, "fldt %[v6]\n\tfld1\n\tfdivp")
FLAGS_TEST(sticky, "fldt %[v0]\n\tfldt %[v1]\n\tfdivp\n\tfldt %[v6]\n\tfld1\n\tfdivp\n\t"
           "fld1\n\tfld1\n\tfaddp")
FLAGS_TEST(fnclex, "fldt %[v0]\n\tfldt %[v1]\n\tfdivp\n\tfnclex\n\tfld1")
FLAGS_TEST(fclex_waits, "fldt %[v0]\n\tfldt %[v1]\n\tfdivp\n\tfclex")
FLAGS_TEST(unmasked_es, "fldt %[v0]\n\tfldt %[v1]\n\tfdivp\n\t"
           "pushl $0x37b\n\tfldcw (%%esp)\n\tpopl %%eax")
FLAGS_TEST(top_and_cc, "fld1\n\tfldz\n\tfcom %%st(1)\n\tfld1\n\tfldpi")

/* flags raised before a system call are still there after it */
static void flags_across_syscall(void)
{
    uint16_t sw;
    asm volatile("fninit\n\tfldz\n\tfld1\n\tfdivp\n\tfstp %%st(0)" ::: "memory");
    write(1, "syscall\n", 8);
    asm volatile("fld1\n\tfldpi\n\tfdivrp\n\tfstp %%st(0)" ::: "memory");
    write(1, "syscall\n", 8);
    asm volatile("fnstsw %0\n\tfninit" : "=m"(sw));
    printf("across syscalls sw=%04x\n", sw);
}

/* FIP is the address of the last non-control instruction, prefixes
   included; fnstenv then masks all exceptions */
static void fnstenv_tests(void)
{
    struct fpenv e;
    struct fpenv16 e16;
    uint32_t lab, lab2;
    double d = 1.5;
    uint16_t cw;

    asm volatile("fninit\n\tfldt %[v]\n\tmovl $1f, %[lab]\n"
                 "1:\tfaddl %[d]\n\tfnstcw %[cw]\n\tfnstenv %[e]\n\tfnstcw %[cw]"
                 : [e] "=m"(e), [lab] "=r"(lab), [cw] "=m"(cw)
                 : [v] "m"(vals[6]), [d] "m"(d));
    printf("fnstenv cw=%04x sw=%04x tw=%04x fip=%s fop=%s fdp=%s after cw=%04x\n",
           e.cw & 0xffff, e.sw & 0xffff, e.tw & 0xffff, e.fip == lab ? "ok" : "BAD",
           check(e.fcs >> 16, fop_at(lab)), check(e.fdp, (uint32_t)&d), cw);
    printf("fnstenv reserved %04x %04x %04x\n", e.cw >> 16, e.sw >> 16, e.tw >> 16);

    /* register forms keep the data pointer; control instructions keep all */
    asm volatile("fninit\n\tfldl %[d]\n\tmovl $1f, %[lab]\n"
                 "1:\tfadd %%st(0), %%st\n\tfnclex\n\tfnstcw %[cw]\n\tfldcw %[cw]\n\t"
                 "fnstsw %%ax\n\tfnstenv %[e]"
                 : [e] "=m"(e), [lab] "=r"(lab), [cw] "=m"(cw)
                 : [d] "m"(d) : "eax");
    printf("after control insns fip=%s fop=%s fdp=%s\n", e.fip == lab ? "ok" : "BAD",
           check(e.fcs >> 16, 0x0c0), check(e.fdp, (uint32_t)&d));

    asm volatile("fninit\n\tmovl $1f, %[lab]\n"
                 "1:\tfnop\n\tmovl $2f, %[lab2]\n2:\t.byte 0x3e\n\tfldl %[d]\n\t"
                 "fnstenv %[e]"
                 : [e] "=m"(e), [lab] "=r"(lab), [lab2] "=r"(lab2) : [d] "m"(d));
    printf("prefixed fip=%s\n", e.fip == lab2 ? "ok" : e.fip == lab2 + 1 ? "after prefix" : "BAD");

    asm volatile("fninit\n\tfldl %[d]\n\tfnstenv %[e]\n\tfninit\n\tfnstenv %[e2]"
                 : [e] "=m"(e16), [e2] "=m"(e) : [d] "m"(d));
    printf("fninit clears fip=%08x fdp=%08x cw=%04x tw=%04x\n", e.fip, e.fdp,
           e.cw & 0xffff, e.tw & 0xffff);

    asm volatile("fninit\n\tfld1\n\tfldl %[d]\n\tmovl $1f, %[lab]\n"
                 "1:\tfmul %%st(1), %%st\n\tdata16 fnstenv %[e]"
                 : [e] "=m"(e16), [lab] "=r"(lab) : [d] "m"(d));
    printf("fnstenv16 cw=%04x sw=%04x tw=%04x fip=%s fdp=%s\n", e16.cw, e16.sw,
           e16.tw, e16.fip == (lab & 0xffff) ? "ok" : "BAD",
           check(e16.fdp, (uint32_t)&d & 0xffff));
}

/* a run of register forms: FIP is the last one's, at fnstenv and in the
   signal frame of a fault right after the run */
static uint32_t fault_fip;
static sigjmp_buf fault_jmp;

static void fip_of_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    (void)sig, (void)si;
    fault_fip = uc->uc_mcontext.fpregs->ipoff;
    siglongjmp(fault_jmp, 1);
}

static void fip_after_run(void)
{
    struct sigaction sa = { .sa_sigaction = fip_of_fault, .sa_flags = SA_SIGINFO }, old;
    static volatile uint32_t lab;
    struct fpenv e;
    double d = 1.5;

    asm volatile("fninit\n\tfldl %[d]\n\tfld %%st(0)\n\tfmul %%st(1), %%st\n\t"
                 "fxch %%st(1)\n\tmovl $1f, %[lab]\n1:\tfchs\n\tfnstenv %[e]\n\tfninit"
                 : [e] "=m"(e), [lab] "=m"(lab) : [d] "m"(d));
    printf("run of register forms fip=%s fop=%s\n", e.fip == lab ? "ok" : "BAD",
           check(e.fcs >> 16, fop_at(lab)));

    sigaction(SIGSEGV, &sa, &old);
    if (!sigsetjmp(fault_jmp, 1))
        asm volatile("fninit\n\tfldl %[d]\n\tfld %%st(0)\n\tmovl $1f, %[lab]\n"
                     "1:\tfmul %%st(1), %%st\n\tmovl $0, %%eax\n\tmovl (%%eax), %%eax"
                     : [lab] "=m"(lab) : [d] "m"(d) : "eax");
    sigaction(SIGSEGV, &old, NULL);
    asm volatile("fninit");
    printf("fault after a run of register forms fip=%s\n",
           fault_fip == lab ? "ok" : "BAD");
}

/* an environment made up by hand: TOP, condition codes, flags, tags that
   say the wrong class (the CPU recomputes them) */
static void fldenv_tests(void)
{
    struct fpstate s;
    struct fpenv e;
    struct fpenv16 e16;

    asm volatile("fninit\n\tfld1\n\tfldz\n\tfldt %[v]\n\tfldpi\n\tfnstenv %[e]"
                 : [e] "=m"(e) : [v] "m"(vals[2]));
    e.cw = 0x0b7f;
    e.sw = (e.sw & 0x3800) | 0x4723 | 0x80;
    e.tw = 0x0ff0;
    asm volatile("fldenv %[e]\n\tfnsave %[s]" : [s] "=m"(s) : [e] "m"(e));
    printf("fldenv");
    show_state(&s);

    asm volatile("fninit\n\tfld1\n\tfldz\n\tfnstenv %[e]" : [e] "=m"(e));
    e.sw = (e.sw & 0x3800) | 0x0004;
    e.cw = 0x037b;
    asm volatile("fldenv %[e]\n\tfnstsw %%ax\n\tfnclex\n\tfnsave %[s]"
                 : [s] "=m"(s) : [e] "m"(e) : "eax");
    printf("fldenv unmasked");
    show_state(&s);

    asm volatile("fninit\n\tfld1\n\tfldpi\n\tdata16 fnstenv %[e]" : [e] "=m"(e16));
    e16.cw = 0x077f;
    e16.tw = 0xfff3;
    asm volatile("fninit\n\tfld1\n\tfldpi\n\tdata16 fldenv %[e]\n\tfnsave %[s]"
                 : [s] "=m"(s) : [e] "m"(e16));
    printf("fldenv16");
    show_state(&s);
}

static void fnsave_tests(void)
{
    struct fpstate s, s2;
    uint8_t s16[94];
    uint16_t cw;

    asm volatile("fninit\n\tfldcw %[cw0]\n\tfldt %[a]\n\tfldt %[b]\n\tfldt %[c]\n\t"
                 "fldt %[d]\n\tfdiv %%st(3), %%st\n\tfnsave %[s]\n\tfnstcw %[cw]\n\t"
                 "frstor %[s]\n\tfxch %%st(2)\n\tfnsave %[s2]"
                 : [s] "+m"(s), [s2] "=m"(s2), [cw] "=m"(cw)
                 : [a] "m"(vals[0]), [b] "m"(vals[3]), [c] "m"(vals[4]),
                   [d] "m"(vals[1]), [cw0] "m"((uint16_t){ 0x0a7f }));
    printf("fnsave reinit cw=%04x\nfnsave", cw);
    show_state(&s);
    printf("frstor round trip");
    show_state(&s2);

    memset(&s, 0, sizeof(s));
    s.cw = 0x0f7f;
    s.sw = 5 << 11 | 0x4100;
    s.tw = 0x33c3;
    for (int i = 0; i < 8; i++)
        s.st[i] = vals[i];
    asm volatile("frstor %[s]\n\tfnsave %[s2]" : [s2] "=m"(s2) : [s] "m"(s));
    printf("frstor by hand");
    show_state(&s2);

    asm volatile("fninit\n\tfld1\n\tfldt %[v]\n\tdata16 fnsave %[s16]\n\t"
                 "data16 frstor %[s16]\n\tfnsave %[s2]"
                 : [s16] "=m"(s16), [s2] "=m"(s2) : [v] "m"(vals[5]));
    printf("fnsave16 cw=%02x%02x tw=%02x%02x", s16[1], s16[0], s16[5], s16[4]);
    printf("\nfrstor16");
    show_state(&s2);
}

/* the same loop with an exception unmasked (never raised) and with the
   control word switched inside it */
static void unmasked_mode(void)
{
    static const uint16_t cws[] = { 0x037f, 0x037b, 0x0373, 0x0f7b };
    for (unsigned int k = 0; k < sizeof(cws) / sizeof(cws[0]); k++) {
        F80 sum;
        uint16_t sw, cw = cws[k], cw_masked = 0x037f;
        asm volatile("fninit\n\tfldcw %[cw]\n\tfldz\n\tmovl $1, %%ecx\n"
                     "1:\tpushl %%ecx\n\tfildl (%%esp)\n\tfld1\n\tfdivp\n\t"
                     "faddp\n\tfldcw %[cwm]\n\tfld1\n\tfaddp\n\tfldcw %[cw]\n\t"
                     "fwait\n\tpopl %%ecx\n\tincl %%ecx\n\tcmpl $50, %%ecx\n\tjne 1b\n\t"
                     "fstpt %[sum]\n\tfnstsw %[sw]\n\tfninit"
                     : [sum] "=m"(sum), [sw] "=m"(sw)
                     : [cw] "m"(cw), [cwm] "m"(cw_masked) : "ecx", "memory");
        printf("unmasked mode cw=%04x sum=", cw);
        print_f80(&sum);
        printf(" sw=%04x\n", sw);
    }
}

int main(void)
{
    control_words();
    invalid_0div0();
    invalid_snan();
    denormal();
    zerodiv();
    overflow();
    underflow();
    precision();
    sticky();
    fnclex();
    fclex_waits();
    unmasked_es();
    top_and_cc();
    flags_across_syscall();
    fnstenv_tests();
    fip_after_run();
    fldenv_tests();
    fnsave_tests();
    unmasked_mode();
    return 0;
}
