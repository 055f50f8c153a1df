/* Unmasked x87 exceptions against the native CPU: the instruction that
   raises one completes, and the next waiting x87 instruction (or fwait)
   takes #MF, which Linux delivers as SIGFPE with si_code from the first
   unmasked exception and si_addr at that waiting instruction; the signal
   frame holds the FPU state with ES and B set and FIP at the instruction
   that raised it.  Non-waiting instructions (fnstsw fnclex fninit) do not
   trap, and fnclex clears what is pending.  An instruction stopped by an
   unmasked exception leaves the stack as it was.  (Not tested: overflow
   or underflow into a register, whose exponent-adjusted result the
   emulator does not produce; see helper-fpu.c.) */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

struct legacy_fpstate {
    uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
    uint8_t st[8][10];
    uint16_t status, magic;
};

static sigjmp_buf env;
static volatile uint32_t trap_at, raised_at;

static void on_sigfpe(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    struct legacy_fpstate *fp = (struct legacy_fpstate *)uc->uc_mcontext.fpregs;

    printf("  SIGFPE %d code=%d at %s", sig, si->si_code,
           (uint32_t)si->si_addr == trap_at ? "the waiting insn" : "ELSEWHERE");
    if (fp)
        printf(" cw=%04x sw=%04x tag=%04x fip %s status=%04x", fp->cw & 0xffff,
               fp->sw & 0xffff, fp->tag & 0xffff,
               fp->ipoff == raised_at ? "ok" : "BAD", fp->status);
    printf("\n");
    siglongjmp(env, 1);
}

static void after(const char *what)
{
    uint16_t sw, cw;
    asm volatile("fnstsw %0\n\tfnstcw %1" : "=m"(sw), "=m"(cw));
    printf("  after %s: sw=%04x cw=%04x\n", what, sw, cw);
    asm volatile("fninit");
}

/* the raising instruction is at label 1, the waiting one at label 2 */
#define MF_TEST(name, cwval, before, raise, between, wait)                       \
static void name(void)                                                        \
{                                                                             \
    uint32_t a, b;                                                            \
    printf("%s\n", #name);                                                    \
    if (sigsetjmp(env, 1)) {                                                  \
        after("trap");                                                        \
        return;                                                               \
    }                                                                         \
    asm volatile("movl $1f, %0\n\tmovl $2f, %1" : "=r"(a), "=r"(b));          \
    raised_at = a;                                                            \
    trap_at = b;                                                              \
    asm volatile("fninit\n\tfldcw %[cw]\n\t" before "\n"                      \
                 "1:\t" raise "\n\t" between "\n"                             \
                 "2:\t" wait "\n\tnop"                                        \
                 : : [cw] "m"((uint16_t){ cwval }) : "memory", "eax", "ecx");    \
    after("no trap");                                                         \
}

MF_TEST(zerodiv, 0x37b, "fld1\n\tfldz", "fdivrp", "", "fld1")
MF_TEST(zerodiv_later, 0x37b, "fld1\n\tfldz", "fdivrp",
        "movl $5, %%ecx\n3:\tdecl %%ecx\n\tjnz 3b", "fadd %%st(0), %%st")
MF_TEST(zerodiv_fwait, 0x37b, "fld1\n\tfldz", "fdivrp", "", "fwait")
MF_TEST(invalid, 0x37e, "fldz\n\tfldz", "fdivrp", "", "fstp %%st(0)")
MF_TEST(underflow_stack, 0x37e, "", "fstp %%st(0)", "", "fld1")
MF_TEST(overflow_stack, 0x37e, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1",
        "fldz", "", "fxch %%st(1)")
MF_TEST(precision, 0x35f, "fld1\n\tfldpi", "fdivrp", "", "fldz")
MF_TEST(denormal_load, 0x37d, "", "flds 8f", "", "fldz\n\tjmp 9f\n8:\t.long 1\n9:")
MF_TEST(fldcw_unmasks, 0x37f, "fld1\n\tfldz\n\tpushl $0x37b", "fdivrp",
        "fldcw (%%esp)\n\tpopl %%eax", "fld1")
MF_TEST(nowait_insns, 0x37b, "fld1\n\tfldz", "fdivrp",
        "fnstsw %%ax\n\tsubl $28, %%esp\n\tfnstenv (%%esp)\n\taddl $28, %%esp",
        "fld1")
MF_TEST(fnclex_clears, 0x37b, "fld1\n\tfldz", "fdivrp", "fnclex", "fld1")
MF_TEST(fninit_clears, 0x37b, "fld1\n\tfldz", "fdivrp", "fninit", "fld1")
MF_TEST(masked_again, 0x37b, "fld1\n\tfldz",
        "fdivrp\n\tfnclex\n\tpushl $0x37f\n\tfldcw (%%esp)\n\tpopl %%eax\n\t"
        "fldz\n\tfld1\n\tfdivp", "", "fld1")

int main(void)
{
    struct sigaction sa;

    setvbuf(stdout, NULL, _IONBF, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigfpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);

    zerodiv();
    zerodiv_later();
    zerodiv_fwait();
    invalid();
    underflow_stack();
    overflow_stack();
    precision();
    denormal_load();
    fldcw_unmasks();
    nowait_insns();
    fnclex_clears();
    fninit_clears();
    masked_again();
    return 0;
}
