/*
 * test-i386.c: every instruction class a user-mode i386 program uses, run on
 * edge operands, with the results and the flags printed in hex.
 *
 * The output is the test: tests/run-user-tests.sh runs this program natively
 * and under qemu-i386 and diffs the two.  Each case is a snippet of real
 * instructions (SNIPPET) called through exec_snippet(), which loads every
 * general register and EFLAGS from a struct regs, calls the snippet and
 * stores them back, so lazily computed flags must be right at the snippet's
 * end.  Families that must cover every encoding (lea's ModRM/SIB bytes) are
 * generated at run time into an executable buffer instead.
 *
 * Flags the SDM leaves undefined are masked, because Intel and AMD CPUs
 * disagree on them; `test-i386 -u` prints them unmasked, for comparing with
 * one particular host.  `test-i386 shift cc` runs only the named groups
 * (see groups[] at the end).  Nothing printed depends on where the stack or
 * the heap is: stack addresses are printed relative to a base.
 *
 * Build: gcc -m32 -static -fno-pie -no-pie -O1 (snippets use absolute
 * addresses of globals such as tmem).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/ldt.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define CAT3(a, b, c) CAT(CAT(a, b), c)
#define CAT4(a, b, c, d) CAT(CAT3(a, b, c), d)
#define STR_(x) #x
#define XSTR(x) STR_(x)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define CC_C 0x0001
#define CC_P 0x0004
#define CC_A 0x0010
#define CC_Z 0x0040
#define CC_S 0x0080
#define CC_O 0x0800
#define CC_ALL (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
#define EFL_DF 0x0400
#define EFL_AC 0x40000
#define EFL_ID 0x200000

/*
 * A snippet is a global label in .text followed by the instructions and a
 * ret.  Its name is a char array so that C can take differences between
 * labels (fault EIPs are printed relative to a label).
 */
#define SNIPPET(name, body) SNIPPET_(name, body)
#define SNIPPET_(name, body) \
    extern const char name[]; \
    asm(".pushsection .text\n" \
        ".globl " #name "\n" \
        #name ":\n\t" body "\n\tret\n" \
        ".popsection");

/* A label inside a snippet body, declared separately with LABEL(). */
#define AT(label) ".globl " #label "\n" #label ":\n\t"
#define LABEL(label) extern const char label[];

struct regs {
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, eflags;
};

/*
 * exec_snippet(r, code): load EAX..EDI and EFLAGS from r, call code, store
 * them back; r->esp receives ESP as the snippet saw it on entry.  EFLAGS is
 * reset to 0 afterwards (DF and AC clear) before returning to C.
 */
void exec_snippet(struct regs *r, const char *code);
asm(".text\n"
    ".globl exec_snippet\n"
    "exec_snippet:\n\t"
    "push %ebp\n\t"
    "push %ebx\n\t"
    "push %esi\n\t"
    "push %edi\n\t"
    "mov 20(%esp), %eax\n\t"
    "push %eax\n\t"
    "pushl 28(%esp)\n\t"
    "mov 4(%eax), %ecx\n\t"
    "mov 8(%eax), %edx\n\t"
    "mov 12(%eax), %ebx\n\t"
    "mov 20(%eax), %ebp\n\t"
    "mov 24(%eax), %esi\n\t"
    "mov 28(%eax), %edi\n\t"
    "pushl 32(%eax)\n\t"
    "popfl\n\t"
    "mov (%eax), %eax\n\t"
    "call *(%esp)\n\t"
    "pushfl\n\t"
    "push %eax\n\t"
    "mov 12(%esp), %eax\n\t"
    "mov %ecx, 4(%eax)\n\t"
    "mov %edx, 8(%eax)\n\t"
    "mov %ebx, 12(%eax)\n\t"
    "mov %ebp, 20(%eax)\n\t"
    "mov %esi, 24(%eax)\n\t"
    "mov %edi, 28(%eax)\n\t"
    "popl (%eax)\n\t"
    "popl 32(%eax)\n\t"
    "lea -4(%esp), %ecx\n\t"
    "mov %ecx, 16(%eax)\n\t"
    "add $8, %esp\n\t"
    "pushl $0\n\t"
    "popfl\n\t"
    "pop %edi\n\t"
    "pop %esi\n\t"
    "pop %ebx\n\t"
    "pop %ebp\n\t"
    "ret\n");

/* Memory operand of the snippets, by name (tmem) or through %esi. */
uint32_t tmem[8] __attribute__((aligned(16)));

static int unmasked;

/* The flags of eflags that are worth printing: the defined ones, or all. */
static uint32_t fl(uint32_t eflags, uint32_t defined)
{
    return eflags & (unmasked ? CC_ALL | EFL_DF : defined);
}

/* ------------------------------------------------------------------ */
/* Fault guard: a handler for every synchronous signal, and a jump back. */

static sigjmp_buf fault_jmp;
static struct {
    int sig, code;
    uint32_t addr, eip, trapno, err, eflags;
    uint32_t eax, ecx, edx, ebx, esi, edi;
} fault;

static void fault_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;

    fault.sig = sig;
    fault.code = si->si_code;
    fault.addr = (uint32_t)(uintptr_t)si->si_addr;
    fault.eip = g[REG_EIP];
    fault.trapno = g[REG_TRAPNO];
    fault.err = g[REG_ERR];
    fault.eflags = g[REG_EFL];
    fault.eax = g[REG_EAX];
    fault.ecx = g[REG_ECX];
    fault.edx = g[REG_EDX];
    fault.ebx = g[REG_EBX];
    fault.esi = g[REG_ESI];
    fault.edi = g[REG_EDI];
    siglongjmp(fault_jmp, 1);
}

static void install_fault_handlers(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
    struct sigaction sa;
    unsigned i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO;
    for (i = 0; i < ARRAY_SIZE(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}

/* Run a snippet; return 1 (with `fault` filled) if it raised a signal. */
static int exec_guarded(struct regs *r, const char *code)
{
    if (sigsetjmp(fault_jmp, 1))
        return 1;
    exec_snippet(r, code);
    return 0;
}

/*
 * Print the signal as the kernel reports it.  Addresses inside the code
 * (EIP, and si_addr for SIGILL/SIGFPE) are printed relative to `at`, the
 * faulting instruction's label; data addresses are printed as they are.
 */
static void print_fault(const char *at)
{
    int32_t addr = fault.addr;

    if (fault.sig == SIGILL || fault.sig == SIGFPE)
        addr -= (int32_t)(uintptr_t)at;
    printf("sig=%d code=%d addr=%s%x eip=at%+d trapno=%u err=%x",
           fault.sig, fault.code,
           fault.sig == SIGILL || fault.sig == SIGFPE ? "at+" : "",
           (unsigned)addr, (int)(fault.eip - (uint32_t)(uintptr_t)at),
           fault.trapno, fault.err);
}

/* ------------------------------------------------------------------ */
/* Operand values. */

#define NVAL 8
#define JUNK_A 0x12345678
#define JUNK_B 0xfedcba98
#define JUNK_C 0x5a5a5a00

static uint32_t size_mask(int size)
{
    return size == 4 ? 0xffffffff : (1u << (8 * size)) - 1;
}

/* Edge values of a size: 0, 1, max, min, min+1, -1 and two patterns. */
static uint32_t edge(int size, int k)
{
    static const uint32_t e[3][NVAL] = {
        { 0, 1, 0x7f, 0x80, 0x81, 0xff, 0xe1, 0x3e },
        { 0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, 0x96e1, 0x693e },
        { 0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
          0x5a3c96e1, 0xc3a5693e },
    };
    return e[size == 4 ? 2 : size - 1][k];
}

/* v in the low bits of an operand register, junk above (preserved bits). */
static uint32_t with_junk(int size, uint32_t v, uint32_t junk)
{
    return (junk & ~size_mask(size)) | (v & size_mask(size));
}

/* ------------------------------------------------------------------ */
/* Two-operand ALU instructions (test-i386-alu.h). */

enum { K_RR, K_RH, K_RI, K_RID, K_RM, K_MR, K_MI };

struct alu_form {
    const char *name;
    const char *code;
    int size;
    int kind;
    uint32_t imm;
};

#define IMM_b(X) X(0, 0) X(1, 1) X(2, 0x7f) X(3, 0x80) X(4, 0xff) X(5, 0x5a)
#define IMM_w(X) X(0, 0) X(1, 1) X(2, 0x7f) X(3, 0xff80) X(4, 0x7fff) \
    X(5, 0x8000) X(6, 0xffff) X(7, 0x1234)
#define IMM_l(X) X(0, 0) X(1, 1) X(2, 0x7f) X(3, -128) X(4, 0x80) \
    X(5, 0x7fffffff) X(6, 0x80000000) X(7, -1) X(8, 0x12345678)

/* The 4 of the NVAL edge values used where all pairs would be too many. */
static const int few_vals[4] = { 0, 2, 3, 5 };

static void alu_case(const struct alu_form *f, uint32_t a, uint32_t b,
                     uint32_t fin, uint32_t defined)
{
    struct regs r = { .eflags = fin, .esi = (uint32_t)(uintptr_t)tmem };
    uint32_t *res = &r.eax;

    switch (f->kind) {
    case K_RR: r.eax = a; r.ebx = b; break;
    case K_RH: r.ecx = a; r.ebx = b; res = &r.ecx; break;
    case K_RI: r.eax = a; break;
    case K_RID: r.edx = a; res = &r.edx; break;
    case K_RM: r.eax = a; tmem[0] = b; break;
    case K_MR: tmem[0] = a; r.ebx = b; res = &tmem[0]; break;
    case K_MI: tmem[0] = a; res = &tmem[0]; break;
    }
    exec_snippet(&r, f->code);
    printf("%-18s %08x %08x f=%04x -> %08x f=%04x\n",
           f->name, a, b, fin, *res, fl(r.eflags, defined));
}

static void run_alu(const struct alu_form *forms, int n, uint32_t defined)
{
    const struct alu_form *f;
    int i, j, c, s;

    for (f = forms; f < forms + n; f++) {
        s = f->size;
        switch (f->kind) {
        case K_RR:
            for (i = 0; i < NVAL; i++)
                for (j = 0; j < NVAL; j++)
                    for (c = 0; c < 2; c++)
                        alu_case(f, with_junk(s, edge(s, i), JUNK_A),
                                 with_junk(s, edge(s, j), JUNK_B),
                                 c ? CC_ALL : 0, defined);
            break;
        case K_RH:
            for (i = 0; i < NVAL; i++)
                for (j = 0; j < NVAL; j++)
                    alu_case(f, (JUNK_A & ~0xff00) | edge(1, i) << 8,
                             (JUNK_B & ~0xff00) | edge(1, j) << 8,
                             (i ^ j) & 1 ? CC_ALL : 0, defined);
            break;
        case K_RI:
        case K_RID:
            for (i = 0; i < NVAL; i++)
                for (c = 0; c < 2; c++)
                    alu_case(f, with_junk(s, edge(s, i), JUNK_A),
                             f->imm & size_mask(s), c ? CC_ALL : 0, defined);
            break;
        case K_RM:
        case K_MR:
            for (i = 0; i < 4; i++)
                for (j = 0; j < 4; j++)
                    alu_case(f, with_junk(s, edge(s, few_vals[i]), JUNK_A),
                             with_junk(s, edge(s, few_vals[j]), JUNK_B),
                             (i ^ j) & 1 ? CC_ALL : 0, defined);
            break;
        case K_MI:
            for (i = 0; i < NVAL; i++)
                alu_case(f, with_junk(s, edge(s, i), JUNK_A), f->imm,
                         i & 1 ? CC_ALL : 0, defined);
            break;
        }
    }
}

/* Logic instructions leave AF undefined and clear OF and CF. */
#define LOGIC_FLAGS (CC_ALL & ~CC_A)

#define OP add
#define OP_FLAGS CC_ALL
#include "test-i386-alu.h"
#define OP or
#define OP_FLAGS LOGIC_FLAGS
#include "test-i386-alu.h"
#define OP adc
#define OP_FLAGS CC_ALL
#include "test-i386-alu.h"
#define OP sbb
#define OP_FLAGS CC_ALL
#include "test-i386-alu.h"
#define OP and
#define OP_FLAGS LOGIC_FLAGS
#include "test-i386-alu.h"
#define OP sub
#define OP_FLAGS CC_ALL
#include "test-i386-alu.h"
#define OP xor
#define OP_FLAGS LOGIC_FLAGS
#include "test-i386-alu.h"
#define OP cmp
#define OP_FLAGS CC_ALL
#include "test-i386-alu.h"
#define OP test
#define OP_FLAGS LOGIC_FLAGS
#include "test-i386-alu.h"

/* 0x82 is an alias of 0x80 in 32-bit code; gas never emits it. */
SNIPPET(alu82_add, ".byte 0x82, 0xc3, 0x7f")
SNIPPET(alu82_sub, ".byte 0x82, 0xeb, 0x80")
SNIPPET(alu82_cmp, ".byte 0x82, 0xfb, 0x01")

static void test_alu82(void)
{
    static const struct alu_form forms[] = {
        { "82 add $0x7f,%bl", alu82_add, 1, K_RID, 0x7f },
        { "82 sub $0x80,%bl", alu82_sub, 1, K_RID, 0x80 },
        { "82 cmp $1,%bl", alu82_cmp, 1, K_RID, 1 },
    };
    const struct alu_form *f;
    struct regs r;
    int i;

    for (f = forms; f < forms + ARRAY_SIZE(forms); f++)
        for (i = 0; i < NVAL; i++) {
            memset(&r, 0, sizeof(r));
            r.ebx = with_junk(1, edge(1, i), JUNK_B);
            r.eflags = i & 1 ? CC_ALL : 0;
            exec_snippet(&r, f->code);
            printf("%-18s %08x f=%04x -> %08x f=%04x\n", f->name,
                   with_junk(1, edge(1, i), JUNK_B), i & 1 ? CC_ALL : 0,
                   r.ebx, fl(r.eflags, CC_ALL));
        }
}

static void test_alu(void)
{
    add_test();
    or_test();
    adc_test();
    sbb_test();
    and_test();
    sub_test();
    xor_test();
    cmp_test();
    test_test();
    test_alu82();
}

/* ------------------------------------------------------------------ */
/* inc dec neg not: every flag is defined (inc/dec keep CF, not keeps all). */

#define UNARY_OPS(X) X(inc) X(dec) X(neg) X(not)

#define UNARY_SNIPPETS(op) \
    SNIPPET(op##_rb, #op "b %al") \
    SNIPPET(op##_rw, #op "w %ax") \
    SNIPPET(op##_rl, #op "l %eax") \
    SNIPPET(op##_hb, #op "b %ah") \
    SNIPPET(op##_mb, #op "b tmem") \
    SNIPPET(op##_mw, #op "w (%esi)") \
    SNIPPET(op##_ml, #op "l tmem")
UNARY_OPS(UNARY_SNIPPETS)
/* inc/dec of a 32-bit register through ff /0 and ff /1, not 40+r / 48+r. */
SNIPPET(inc_ff, ".byte 0xff, 0xc0")
SNIPPET(dec_ff, ".byte 0xff, 0xc8")
SNIPPET(inc_66ff, ".byte 0x66, 0xff, 0xc0")

enum { K_U, K_UH, K_UM };

struct unary_form {
    const char *name;
    const char *code;
    int size;
    int kind;
};

#define UNARY_FORMS(op) \
    { #op "b r", op##_rb, 1, K_U }, \
    { #op "w r", op##_rw, 2, K_U }, \
    { #op "l r", op##_rl, 4, K_U }, \
    { #op "b rh", op##_hb, 1, K_UH }, \
    { #op "b m", op##_mb, 1, K_UM }, \
    { #op "w m", op##_mw, 2, K_UM }, \
    { #op "l m", op##_ml, 4, K_UM },

static const struct unary_form unary_forms[] = {
    UNARY_OPS(UNARY_FORMS)
    { "incl ff/0", inc_ff, 4, K_U },
    { "decl ff/1", dec_ff, 4, K_U },
    { "incw ff/0", inc_66ff, 2, K_U },
};

static void test_unary(void)
{
    const struct unary_form *f;
    struct regs r;
    uint32_t a, *res;
    int i, c;

    for (f = unary_forms; f < unary_forms + ARRAY_SIZE(unary_forms); f++)
        for (i = 0; i < NVAL; i++)
            for (c = 0; c < 2; c++) {
                memset(&r, 0, sizeof(r));
                a = with_junk(f->size, edge(f->size, i), JUNK_A);
                r.eflags = c ? CC_ALL : 0;
                res = &r.eax;
                if (f->kind == K_U) {
                    r.eax = a;
                } else if (f->kind == K_UH) {
                    a = (JUNK_A & ~0xff00) | edge(1, i) << 8;
                    r.eax = a;
                } else {
                    tmem[0] = a;
                    r.esi = (uint32_t)(uintptr_t)tmem;
                    res = &tmem[0];
                }
                exec_snippet(&r, f->code);
                printf("%-10s %08x f=%04x -> %08x f=%04x\n", f->name, a,
                       c ? CC_ALL : 0, *res, fl(r.eflags, CC_ALL));
            }
}

/* ------------------------------------------------------------------ */
/* mul imul div idiv (test-i386-muldiv.h), and the imul 2/3-operand forms. */

enum { K_MDR, K_MDH, K_MDM };

struct muldiv_form {
    const char *name;
    const char *code;
    int size;
    int kind;
};

/*
 * Dividends of a size (twice its width): 0, 1, the single-width max and
 * sign-extended min, a pattern whose high half is small, -1, and the
 * double-width max and min (which overflow unless the divisor is large).
 */
static uint64_t dividend(int size, int k)
{
    int bits = 8 * size;
    uint64_t m2 = bits == 32 ? ~0ull : (1ull << 2 * bits) - 1;
    uint64_t smax = (1ull << (bits - 1)) - 1;

    switch (k) {
    case 0: return 0;
    case 1: return 1;
    case 2: return smax;
    case 3: return -(smax + 1) & m2;
    case 4: return 0x0123456789abcdefull >> (64 - 2 * bits);
    case 5: return m2;
    case 6: return m2 >> 1;
    default: return (m2 >> 1) + 1;
    }
}

static void muldiv_case(const struct muldiv_form *f, int is_div, int i, int j)
{
    int s = f->size;
    struct regs r = { .edx = JUNK_C, .esi = (uint32_t)(uintptr_t)tmem };
    uint32_t b = edge(s, j), fin = (i ^ j) & 1 ? CC_ALL : 0;
    uint64_t d = dividend(s, i);
    uint32_t a = with_junk(s, edge(s, i), JUNK_A);

    r.eflags = fin;
    if (!is_div) {
        r.eax = a;
    } else if (s == 1) {
        a = r.eax = with_junk(2, d, JUNK_A);
    } else {
        a = r.eax = with_junk(s, d, JUNK_A);
        r.edx = with_junk(s, d >> (8 * s), JUNK_C);
    }
    if (f->kind == K_MDR)
        r.ebx = with_junk(s, b, JUNK_B);
    else if (f->kind == K_MDH)
        r.ebx = (JUNK_B & ~0xff00) | b << 8;
    else
        tmem[0] = with_junk(s, b, JUNK_B);
    printf("%-8s %08x %08x / %08x f=%04x -> ", f->name, r.edx, a, b, fin);
    if (is_div) {
        if (exec_guarded(&r, f->code)) {
            print_fault(f->code);
            printf("\n");
        } else {
            printf("%08x %08x\n", r.edx, r.eax);
        }
    } else {
        exec_snippet(&r, f->code);
        printf("%08x %08x f=%04x\n", r.edx, r.eax,
               fl(r.eflags, CC_O | CC_C));
    }
}

static void run_muldiv(const struct muldiv_form *forms, int n, int is_div)
{
    const struct muldiv_form *f;
    int i, j;

    for (f = forms; f < forms + n; f++)
        for (i = 0; i < NVAL; i++)
            for (j = 0; j < NVAL; j++)
                muldiv_case(f, is_div, i, j);
}

#define OP mul
#define OP_DIV 0
#include "test-i386-muldiv.h"
#define OP imul
#define OP_DIV 0
#include "test-i386-muldiv.h"
#define OP div
#define OP_DIV 1
#include "test-i386-muldiv.h"
#define OP idiv
#define OP_DIV 1
#include "test-i386-muldiv.h"

/* imul r, r/m (0f af) and imul r, r/m, imm (6b imm8 / 69 imm16/32). */
#define IMUL_IMM(X) X(0, 0x7f) X(1, -128) X(2, -1) X(3, 0x1234) X(4, 0x8000) \
    X(5, 0x12345678) X(6, 0x80000000)
#define IMUL3_SNIPPETS(i, v) \
    SNIPPET(imul3w_##i, "imulw $(" #v ") & 0xffff, %bx, %ax") \
    SNIPPET(imul3l_##i, "imull $" #v ", %ebx, %eax")
IMUL_IMM(IMUL3_SNIPPETS)
SNIPPET(imul2w_rr, "imulw %bx, %ax")
SNIPPET(imul2l_rr, "imull %ebx, %eax")
SNIPPET(imul2l_rm, "imull tmem, %eax")
SNIPPET(imul3l_m, "imull $-3, tmem, %eax")

struct imul_form {
    const char *name;
    const char *code;
    int size;
    int mem;
};

#define IMUL3_FORMS(i, v) \
    { "imulw $" #v ",r,r", imul3w_##i, 2, 0 }, \
    { "imull $" #v ",r,r", imul3l_##i, 4, 0 },

static const struct imul_form imul23_forms[] = {
    { "imulw r,r", imul2w_rr, 2, 0 },
    { "imull r,r", imul2l_rr, 4, 0 },
    { "imull m,r", imul2l_rm, 4, 1 },
    { "imull $-3,m,r", imul3l_m, 4, 1 },
    IMUL_IMM(IMUL3_FORMS)
};

static void test_imul23_forms(void)
{
    const struct imul_form *f;
    struct regs r;
    int i, j, s;

    for (f = imul23_forms; f < imul23_forms + ARRAY_SIZE(imul23_forms); f++)
        for (i = 0; i < NVAL; i++)
            for (j = 0; j < NVAL; j++) {
                s = f->size;
                memset(&r, 0, sizeof(r));
                r.eax = with_junk(s, edge(s, i), JUNK_A);
                r.ebx = with_junk(s, edge(s, j), JUNK_B);
                r.eflags = (i ^ j) & 1 ? CC_ALL : 0;
                tmem[0] = r.ebx;
                printf("%-20s %08x %08x -> ", f->name, r.eax, r.ebx);
                exec_snippet(&r, f->code);
                printf("%08x f=%04x\n", r.eax, fl(r.eflags, CC_O | CC_C));
            }
}

static void test_muldiv(void)
{
    mul_test();
    imul_test();
    test_imul23_forms();
    div_test();
    idiv_test();
}

/* ------------------------------------------------------------------ */
/* Shifts and rotates (test-i386-shift.h). */

enum { SH_SHL, SH_SHR, SH_SAR, SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHLD,
       SH_SHRD };
enum { K_SH1, K_SHI, K_SHCL, K_SHHCL, K_SHM, K_SHMCL };

struct shift_form {
    const char *name;
    const char *code;
    int size;
    int kind;
    unsigned count;
};

#define SHIFT_COUNTS(X) X(0, 0, 0) X(1, SHIFT_ONE, 1) X(2, 2, 2) X(3, 7, 7) \
    X(4, 8, 8) X(5, 9, 9) X(6, 15, 15) X(7, 16, 16) X(8, 17, 17) \
    X(9, 31, 31) X(10, 32, 32) X(11, 33, 33)
#define SHIFT_COUNT_VALUE(i, text, c) c,
static const unsigned shift_counts[] = { SHIFT_COUNTS(SHIFT_COUNT_VALUE) };

/*
 * The flags the SDM defines after a shift of `bits`-bit operand by `count`
 * (the CPU masks the count to 5 bits first; a masked count of 0 changes
 * nothing).  OF is defined only for a count of 1; AF never for shifts;
 * rotates leave SF ZF AF PF alone; SHL/SHR leave CF undefined once the count
 * reaches the operand size; SHLD/SHRD are undefined beyond it.
 */
static uint32_t shift_defined(int op, int bits, unsigned count)
{
    unsigned c = count & 31;
    uint32_t of = c == 1 ? CC_O : 0;

    if (c == 0)
        return CC_ALL;
    switch (op) {
    case SH_SHL:
    case SH_SHR:
        return (c >= (unsigned)bits ? 0 : CC_C) | CC_Z | CC_S | CC_P | of;
    case SH_SAR:
        return CC_C | CC_Z | CC_S | CC_P | of;
    case SH_SHLD:
    case SH_SHRD:
        return c > (unsigned)bits ? 0 : CC_C | CC_Z | CC_S | CC_P | of;
    default:
        return (CC_ALL & ~CC_O) | of;
    }
}

static void shift_case(const struct shift_form *f, int op, unsigned count,
                       uint32_t a, uint32_t b, uint32_t fin)
{
    struct regs r = { .ebx = b, .esi = (uint32_t)(uintptr_t)tmem };
    int bits = 8 * f->size;
    uint32_t *res = &r.eax;
    int undefined = (op == SH_SHLD || op == SH_SHRD) &&
                    (count & 31) > (unsigned)bits;

    r.eflags = fin;
    r.ecx = JUNK_C | (count & 0xff);
    if (f->kind == K_SHM || f->kind == K_SHMCL) {
        tmem[0] = a;
        res = &tmem[0];
    } else {
        r.eax = a;
    }
    exec_snippet(&r, f->code);
    printf("%-14s %08x %08x c=%02x f=%04x -> ", f->name, a, b, count, fin);
    if (undefined)
        printf("undefined\n");
    else
        printf("%08x f=%04x\n", *res,
               fl(r.eflags, shift_defined(op, bits, count)));
}

static void run_shift(const struct shift_form *forms, int n, int op)
{
    static const int second[2] = { 5, 6 };
    const struct shift_form *f;
    int dbl = op == SH_SHLD || op == SH_SHRD;
    int i, j, k, c, nb = dbl ? 2 : 1, s;
    unsigned count;
    uint32_t a, b;

    for (f = forms; f < forms + n; f++) {
        int by_cl = f->kind == K_SHCL || f->kind == K_SHHCL;

        s = f->size;
        for (k = 0; k < (by_cl ? (int)ARRAY_SIZE(shift_counts) : 1); k++)
            for (i = 0; i < NVAL; i++)
                for (j = 0; j < nb; j++)
                    for (c = 0; c < (by_cl ? 2 : 1); c++) {
                        count = by_cl ? shift_counts[k] : f->count;
                        a = with_junk(s, edge(s, i), JUNK_A);
                        if (f->kind == K_SHHCL)
                            a = (JUNK_A & ~0xff00) | edge(1, i) << 8;
                        b = dbl ? with_junk(s, edge(s, second[j]), JUNK_B) : 0;
                        shift_case(f, op, count, a, b,
                                   (by_cl ? c : (i + k) & 1) ? CC_ALL : 0);
                    }
    }
}

#define OP shl
#define OP_KIND SH_SHL
#include "test-i386-shift.h"
#define OP shr
#define OP_KIND SH_SHR
#include "test-i386-shift.h"
#define OP sar
#define OP_KIND SH_SAR
#include "test-i386-shift.h"
#define OP rol
#define OP_KIND SH_ROL
#include "test-i386-shift.h"
#define OP ror
#define OP_KIND SH_ROR
#include "test-i386-shift.h"
#define OP rcl
#define OP_KIND SH_RCL
#include "test-i386-shift.h"
#define OP rcr
#define OP_KIND SH_RCR
#include "test-i386-shift.h"
#define OP shld
#define OP_KIND SH_SHLD
#define OP_DOUBLE
#include "test-i386-shift.h"
#define OP shrd
#define OP_KIND SH_SHRD
#define OP_DOUBLE
#include "test-i386-shift.h"

static void test_shift(void)
{
    shl_test();
    shr_test();
    sar_test();
    rol_test();
    ror_test();
    rcl_test();
    rcr_test();
    shld_test();
    shrd_test();
}

/* ------------------------------------------------------------------ */
/* bt bts btr btc: CF is the bit, ZF is unaffected, OF SF AF PF undefined. */

#define BIT_OPS(X) X(bt) X(bts) X(btr) X(btc)
#define BIT_SNIPPETS(op) \
    SNIPPET(op##_rrl, #op "l %ebx, %eax") \
    SNIPPET(op##_rrw, #op "w %bx, %ax") \
    SNIPPET(op##_mrl, #op "l %ebx, (%esi)") \
    SNIPPET(op##_mrw, #op "w %bx, (%esi)") \
    SNIPPET(op##_ril0, #op "l $0, %eax") \
    SNIPPET(op##_ril7, #op "l $7, %eax") \
    SNIPPET(op##_ril31, #op "l $31, %eax") \
    SNIPPET(op##_ril33, #op "l $33, %eax") \
    SNIPPET(op##_riw15, #op "w $15, %ax") \
    SNIPPET(op##_riw17, #op "w $17, %ax") \
    SNIPPET(op##_mil3, #op "l $3, (%esi)") \
    SNIPPET(op##_mil35, #op "l $35, (%esi)") \
    SNIPPET(op##_miw20, #op "w $20, (%esi)")
BIT_OPS(BIT_SNIPPETS)

enum { K_BRR, K_BRI, K_BMR, K_BMI };

struct bit_form {
    const char *name;
    const char *code;
    int kind;
};

#define BIT_FORMS(op) \
    { #op "l r,r", op##_rrl, K_BRR }, { #op "w r,r", op##_rrw, K_BRR }, \
    { #op "l r,m", op##_mrl, K_BMR }, { #op "w r,m", op##_mrw, K_BMR }, \
    { #op "l $0,r", op##_ril0, K_BRI }, { #op "l $7,r", op##_ril7, K_BRI }, \
    { #op "l $31,r", op##_ril31, K_BRI }, \
    { #op "l $33,r", op##_ril33, K_BRI }, \
    { #op "w $15,r", op##_riw15, K_BRI }, \
    { #op "w $17,r", op##_riw17, K_BRI }, \
    { #op "l $3,m", op##_mil3, K_BMI }, { #op "l $35,m", op##_mil35, K_BMI }, \
    { #op "w $20,m", op##_miw20, K_BMI },

static const struct bit_form bit_forms[] = { BIT_OPS(BIT_FORMS) };

/* Register bit offsets; for memory operands they reach outside the word. */
static const int32_t bit_offsets[] = { 0, 1, 15, 16, 31, 32, 63, 100, -1, -17,
                                       -33 };

static const uint32_t bit_vals[] = { 0x7f5af0ff, 0x80a50f00, 0x00000001,
                                     0xfffffffe };

static uint32_t bitbuf[8];

static void bit_case(const struct bit_form *f, uint32_t a, int32_t off,
                     uint32_t fin)
{
    struct regs r = { .eax = a, .ebx = off, .eflags = fin };
    int i;

    for (i = 0; i < 8; i++)
        bitbuf[i] = a ^ (0x11111111u * i);
    r.esi = (uint32_t)(uintptr_t)&bitbuf[4];
    exec_snippet(&r, f->code);
    printf("%-12s %08x %4d f=%04x -> %08x f=%04x", f->name, a, off, fin,
           r.eax, fl(r.eflags, CC_C | CC_Z));
    if (f->kind == K_BMR || f->kind == K_BMI)
        for (i = 0; i < 8; i++)
            printf(" %08x", bitbuf[i]);
    printf("\n");
}

static void test_bit(void)
{
    const struct bit_form *f;
    unsigned i, j;

    for (f = bit_forms; f < bit_forms + ARRAY_SIZE(bit_forms); f++)
        for (i = 0; i < ARRAY_SIZE(bit_vals); i++) {
            uint32_t a = bit_vals[i];
            if (f->kind == K_BRR || f->kind == K_BMR)
                for (j = 0; j < ARRAY_SIZE(bit_offsets); j++)
                    bit_case(f, a, bit_offsets[j], (i + j) & 1 ? CC_ALL : 0);
            else
                bit_case(f, a, 0, i & 1 ? CC_ALL : 0);
        }
}

/* bsf bsr: ZF says whether the source was 0; the destination then stays. */
SNIPPET(bsfl_rr, "bsfl %ebx, %eax")
SNIPPET(bsrl_rr, "bsrl %ebx, %eax")
SNIPPET(bsfw_rr, "bsfw %bx, %ax")
SNIPPET(bsrw_rr, "bsrw %bx, %ax")
SNIPPET(bsfl_rm, "bsfl tmem, %eax")
SNIPPET(bsrw_rm, "bsrw tmem, %ax")

static void test_bsf(void)
{
    static const struct { const char *name, *code; } forms[] = {
        { "bsfl r,r", bsfl_rr }, { "bsrl r,r", bsrl_rr },
        { "bsfw r,r", bsfw_rr }, { "bsrw r,r", bsrw_rr },
        { "bsfl m,r", bsfl_rm }, { "bsrw m,r", bsrw_rm },
    };
    static const uint32_t vals[] = { 0, 1, 2, 0x80000000, 0x8000, 0x10000,
        0xffffffff, 0x00f00f00, 0x12340000, 0x00000ff0, 0x7fff8000 };
    struct regs r;
    unsigned i, j;

    for (i = 0; i < ARRAY_SIZE(forms); i++)
        for (j = 0; j < ARRAY_SIZE(vals); j++) {
            memset(&r, 0, sizeof(r));
            r.eax = JUNK_A;
            r.ebx = tmem[0] = vals[j];
            r.eflags = j & 1 ? CC_ALL : 0;
            exec_snippet(&r, forms[i].code);
            printf("%-9s %08x -> %08x f=%04x\n", forms[i].name, vals[j],
                   r.eax, fl(r.eflags, CC_Z));
        }
}

/* ------------------------------------------------------------------ */
/*
 * setcc, jcc (short and near) and cmovcc (32 and 16-bit) for the 16
 * conditions, each right after a flag-producing instruction, so that the
 * translator's lazy flags meet every consumer.  One snippet per
 * (producer, condition) writes: setcc -> %dl, short jcc -> %ch, near jcc
 * -> %dh, cmovl %esi,%edi and then cmovw %bp,%si.
 */
#define CC_PRODUCERS(X) \
    X(sub, "subl %ebx, %eax", 4) \
    X(subb, "subb %bl, %al", 1) \
    X(cmpw, "cmpw %bx, %ax", 2) \
    X(add, "addl %ebx, %eax", 4) \
    X(adc, "adcl %ebx, %eax", 4) \
    X(sbbb, "sbbb %bl, %al", 1) \
    X(and, "andl %ebx, %eax", 4) \
    X(testb, "testb %bl, %al", 1) \
    X(inc, "incl %eax", 4) \
    X(decw, "decw %ax", 2) \
    X(neg, "negl %eax", 4) \
    X(shl, "shll %cl, %eax", 4) \
    X(sar1, "sarl %eax", 4) \
    X(bt, "btl %ebx, %eax", 4) \
    X(popf, "push %ebx\n\tpopfl", 4) \
    X(none, "", 4)

#define CONDS(X, p_, t_) \
    X(p_, t_, o) X(p_, t_, no) X(p_, t_, b) X(p_, t_, ae) \
    X(p_, t_, e) X(p_, t_, ne) X(p_, t_, be) X(p_, t_, a) \
    X(p_, t_, s) X(p_, t_, ns) X(p_, t_, p) X(p_, t_, np) \
    X(p_, t_, l) X(p_, t_, ge) X(p_, t_, le) X(p_, t_, g)

#define CC_SNIPPET(p, text, c) \
    SNIPPET(cc_##p##_##c, text "\n\t" \
            "set" #c " %dl\n\t" \
            "cmov" #c "l %esi, %edi\n\t" \
            "cmov" #c "w %bp, %si\n\t" \
            "j" #c " 1f\n\t" \
            "jmp 2f\n" \
            "1:\tmovb $1, %ch\n" \
            "2:\t{disp32} j" #c " 3f\n\t" \
            "jmp 4f\n" \
            "3:\tmovb $1, %dh\n" \
            "4:")
#define CC_PRODUCER_SNIPPETS(p, text, size) CONDS(CC_SNIPPET, p, text)
CC_PRODUCERS(CC_PRODUCER_SNIPPETS)

#define CC_CODE(p, text, c) cc_##p##_##c,
#define CC_ROW(p, text, size) { #p, size, { CONDS(CC_CODE, p, text) } },

static const struct cc_producer {
    const char *name;
    int size;
    const char *code[16];
} cc_producers[] = { CC_PRODUCERS(CC_ROW) };

/* The flags each condition (in CONDS order) reads. */
static const uint32_t cond_flags[16] = {
    CC_O, CC_O, CC_C, CC_C, CC_Z, CC_Z, CC_C | CC_Z, CC_C | CC_Z,
    CC_S, CC_S, CC_P, CC_P, CC_S | CC_O, CC_S | CC_O,
    CC_Z | CC_S | CC_O, CC_Z | CC_S | CC_O,
};

/* The 6 arithmetic flags from the 6 bits of n. */
static uint32_t flag_combo(int n)
{
    static const uint32_t bit[6] = { CC_C, CC_P, CC_A, CC_Z, CC_S, CC_O };
    uint32_t f = 0;
    int i;

    for (i = 0; i < 6; i++)
        if (n & (1 << i))
            f |= bit[i];
    return f;
}

static uint32_t producer_defined(const struct cc_producer *p, uint32_t count)
{
    if (!strcmp(p->name, "shl"))
        return shift_defined(SH_SHL, 32, count);
    if (!strcmp(p->name, "sar1"))
        return CC_ALL & ~CC_A;
    if (!strcmp(p->name, "bt"))
        return CC_C | CC_Z;
    if (!strcmp(p->name, "and") || !strcmp(p->name, "testb"))
        return CC_ALL & ~CC_A;
    return CC_ALL;
}

static void cc_case(const struct cc_producer *p, int i, int j)
{
    static const uint32_t counts[NVAL] = { 0, 1, 2, 7, 8, 31, 32, 33 };
    char set[17], js[17], jn[17], c32[17], c16[17];
    uint32_t a = with_junk(p->size, edge(p->size, i), JUNK_A);
    uint32_t b = with_junk(p->size, edge(p->size, j), JUNK_B);
    uint32_t fin = (i ^ j) & 1 ? CC_ALL : 0, defined;
    struct regs r;
    int c;

    if (!strcmp(p->name, "popf") || !strcmp(p->name, "none")) {
        a = 0;
        b = fin = flag_combo(i * 8 + j);
    }
    defined = producer_defined(p, counts[j]);
    for (c = 0; c < 16; c++) {
        memset(&r, 0, sizeof(r));
        r.eax = a;
        r.ebx = b;
        r.ecx = counts[j];
        r.esi = 0x22222222;
        r.edi = 0x11111111;
        r.ebp = 0x33333333;
        r.eflags = fin;
        exec_snippet(&r, p->code[c]);
        if ((cond_flags[c] & defined) != cond_flags[c] && !unmasked) {
            set[c] = js[c] = jn[c] = c32[c] = c16[c] = '-';
            continue;
        }
        set[c] = '0' + (r.edx & 0xff);
        js[c] = '0' + (r.ecx >> 8 & 0xff);
        jn[c] = '0' + (r.edx >> 8 & 0xff);
        c32[c] = r.edi == 0x22222222 ? '1' : r.edi == 0x11111111 ? '0' : '?';
        c16[c] = r.esi == 0x22223333 ? '1' : r.esi == 0x22222222 ? '0' : '?';
    }
    set[16] = js[16] = jn[16] = c32[16] = c16[16] = 0;
    printf("cc %-5s %08x %08x f=%04x set=%s js=%s jn=%s cmovl=%s cmovw=%s\n",
           p->name, a, b, fin, set, js, jn, c32, c16);
}

static void test_cc(void)
{
    const struct cc_producer *p;
    int i, j;

    for (p = cc_producers; p < cc_producers + ARRAY_SIZE(cc_producers); p++)
        for (i = 0; i < NVAL; i++)
            for (j = 0; j < NVAL; j++)
                cc_case(p, i, j);
}

/* ------------------------------------------------------------------ */
/* loop loopz loopnz jecxz, and the 0x67 forms that count in %cx. */

SNIPPET(loop_l, "1:\tinc %eax\n\tloop 1b")
SNIPPET(loop_w, "1:\tinc %eax\n\taddr16 loop 1b")
SNIPPET(loopz_l, "1:\tlodsb\n\tcmp %bl, %al\n\tloopz 1b")
SNIPPET(loopnz_l, "1:\tlodsb\n\tcmp %bl, %al\n\tloopnz 1b")
SNIPPET(loopz_w, "1:\tlodsb\n\tcmp %bl, %al\n\taddr16 loopz 1b")
SNIPPET(jecxz_l, "jecxz 1f\n\tmov $1, %eax\n1:")
SNIPPET(jcxz_w, "jcxz 1f\n\tmov $1, %eax\n1:")

static const uint8_t loop_bytes[16] = { 5, 5, 5, 7, 5, 7, 7, 5, 5, 5, 5, 5,
                                        5, 5, 5, 7 };

static void test_loop(void)
{
    static const struct { const char *name, *code; int scan; } forms[] = {
        { "loop", loop_l, 0 }, { "loopw", loop_w, 0 },
        { "loopz", loopz_l, 1 }, { "loopnz", loopnz_l, 1 },
        { "loopzw", loopz_w, 1 }, { "jecxz", jecxz_l, 0 },
        { "jcxz", jcxz_w, 0 },
    };
    static const uint32_t counts[] = { 1, 2, 5, 0x10000, 0x12340003,
                                       0xabcd0000, 0 };
    struct regs r;
    unsigned i, j, k;

    for (i = 0; i < ARRAY_SIZE(forms); i++)
        for (j = 0; j < ARRAY_SIZE(counts); j++)
            for (k = 0; k < (forms[i].scan ? 2u : 1u); k++) {
                /* a 32-bit loop from 0 or 0xabcd0000 would take 2^32 turns */
                if (forms[i].code == loop_l && counts[j] - 1 >= 0x10000)
                    continue;
                if (forms[i].scan && counts[j] > 16 &&
                    forms[i].code != loopz_w)
                    continue;
                memset(&r, 0, sizeof(r));
                r.ecx = counts[j];
                r.ebx = k ? 7 : 5;
                r.esi = (uint32_t)(uintptr_t)loop_bytes;
                r.eflags = j & 1 ? CC_ALL : 0;
                exec_snippet(&r, forms[i].code);
                printf("%-7s ecx=%08x bl=%x -> eax=%08x ecx=%08x esi=+%u "
                       "f=%04x\n", forms[i].name, counts[j], r.ebx, r.eax,
                       r.ecx, r.esi - (uint32_t)(uintptr_t)loop_bytes,
                       fl(r.eflags, CC_ALL));
            }
}

/* ------------------------------------------------------------------ */
/* call/ret, indirect jumps and calls, enter/leave, push/pop, pushf/popf. */

LABEL(call_rel_at)
LABEL(call_target)
SNIPPET(call_rel, "call 1f\n" AT(call_rel_at) "nop\n1:\tpop %eax")
SNIPPET(call_target_fn, AT(call_target) "mov %esp, %edx\n\tmov (%esp), %ecx\n\t"
        "add $0x100, %eax\n\tret")
SNIPPET(call_reg, "mov $call_target, %ebx\n\tcall *%ebx\n\tsub %esp, %edx")
SNIPPET(call_mem, "movl $call_target, tmem\n\tcall *tmem\n\tsub %esp, %edx")
SNIPPET(call_sib, "movl $call_target, tmem+8\n\tmov $2, %ebx\n\t"
        "call *tmem(,%ebx,4)\n\tsub %esp, %edx")
SNIPPET(ret_imm, "mov %esp, %ebx\n\tpush $1\n\tpush $2\n\tcall 1f\n\tjmp 2f\n"
        "1:\tmov 4(%esp), %eax\n\tret $8\n"
        "2:\tsub %esp, %ebx")
SNIPPET(ret_imm0, "mov %esp, %ebx\n\tcall 1f\n\tjmp 2f\n"
        "1:\tret $0\n2:\tsub %esp, %ebx")
SNIPPET(jmp_reg, "mov $1f, %ebx\n\tjmp *%ebx\n\tmov $1, %eax\n1:")
SNIPPET(jmp_mem, "movl $1f, tmem+4\n\tjmp *tmem+4\n\tmov $1, %eax\n1:")
SNIPPET(jmp_table, "movl $1f, tmem+12\n\tmov $3, %ecx\n\tmov $tmem, %esi\n\t"
        "jmp *(%esi,%ecx,4)\n\tmov $1, %eax\n1:")
SNIPPET(jmp_near, "jmp 1f\n\t.fill 200, 1, 0x40\n1:\tinc %ebx")

/* The callers print the return address call_target saw, relative to
   their own start. */
static void test_call(void)
{
    static const struct { const char *name, *code; int calls; } forms[] = {
        { "call rel", call_rel, 0 }, { "call *reg", call_reg, 1 },
        { "call *mem", call_mem, 1 }, { "call *sib", call_sib, 1 },
        { "ret $8", ret_imm, 0 }, { "ret $0", ret_imm0, 0 },
        { "jmp *reg", jmp_reg, 0 }, { "jmp *mem", jmp_mem, 0 },
        { "jmp *sib", jmp_table, 0 }, { "jmp near", jmp_near, 0 },
    };
    struct regs r;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(forms); i++) {
        memset(&r, 0, sizeof(r));
        exec_snippet(&r, forms[i].code);
        if (forms[i].code == call_rel)
            r.eax -= (uint32_t)(uintptr_t)call_rel_at;
        if (forms[i].calls)
            r.ecx -= (uint32_t)(uintptr_t)forms[i].code;
        printf("%-10s -> eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
               forms[i].name, r.eax, r.ebx, r.ecx, r.edx);
    }
}

/*
 * enter: build a fake outer frame whose slots hold constants, enter with a
 * level, and record the new frame in tmem[]: EBP and ESP relative to the
 * frame (edi) and the words below the new EBP.  leave must give back ESP.
 */
#define ENTER_SNIPPET(name, size, level) \
    SNIPPET(name, "push %ebp\n\t" \
            "sub $64, %esp\n\t" \
            "mov %esp, %edi\n\t" \
            "lea 48(%esp), %ebp\n\t" \
            "movl $0x11111111, -4(%ebp)\n\t" \
            "movl $0x22222222, -8(%ebp)\n\t" \
            "movl $0x33333333, -12(%ebp)\n\t" \
            "enter $" #size ", $" #level "\n\t" \
            "mov %ebp, %eax\n\tsub %edi, %eax\n\tmov %eax, tmem\n\t" \
            "mov %esp, %eax\n\tsub %edi, %eax\n\tmov %eax, tmem+4\n\t" \
            "mov (%ebp), %eax\n\tsub %edi, %eax\n\tmov %eax, tmem+8\n\t" \
            "mov -4(%ebp), %eax\n\tmov %eax, tmem+12\n\t" \
            "mov -8(%ebp), %eax\n\tmov %eax, tmem+16\n\t" \
            "mov -12(%ebp), %eax\n\tmov %eax, tmem+20\n\t" \
            "leave\n\t" \
            "mov %esp, %eax\n\tsub %edi, %eax\n\tmov %eax, tmem+24\n\t" \
            "mov %ebp, %eax\n\tsub %edi, %eax\n\tmov %eax, tmem+28\n\t" \
            "add $64, %esp\n\t" \
            "pop %ebp")
ENTER_SNIPPET(enter_0_0, 0, 0)
ENTER_SNIPPET(enter_8_0, 8, 0)
ENTER_SNIPPET(enter_8_1, 8, 1)
ENTER_SNIPPET(enter_4_3, 4, 3)
ENTER_SNIPPET(enter_0x104_2, 0x104, 2)

/* A stack address as an offset from the frame base, constants as they are. */
static void print_frame_word(uint32_t v, uint32_t base)
{
    if (v - base + 4096 < 8192)
        printf(" s%+d", (int)(v - base));
    else
        printf(" %08x", v);
}

static void test_enter(void)
{
    static const struct { const char *name, *code; unsigned level; } forms[] = {
        { "enter 0,0", enter_0_0, 0 }, { "enter 8,0", enter_8_0, 0 },
        { "enter 8,1", enter_8_1, 1 }, { "enter 4,3", enter_4_3, 3 },
        { "enter 0x104,2", enter_0x104_2, 2 },
    };
    struct regs r;
    unsigned i, k;

    for (i = 0; i < ARRAY_SIZE(forms); i++) {
        memset(&r, 0, sizeof(r));
        memset(tmem, 0, sizeof(tmem));
        exec_snippet(&r, forms[i].code);
        printf("%-14s ebp=%+d esp=%+d [ebp]=%+d", forms[i].name,
               (int)tmem[0], (int)tmem[1], (int)tmem[2]);
        /* the words enter wrote below the new EBP (the rest is stale) */
        for (k = 0; k < forms[i].level; k++)
            print_frame_word(tmem[3 + k], r.edi);
        printf(" leave: esp=%+d ebp=%+d\n", (int)tmem[6], (int)tmem[7]);
    }
}

/* push/pop of registers, memory, immediates and segment registers. */
SNIPPET(push_esp, "push %esp\n\tpop %eax\n\tsub %esp, %eax")
SNIPPET(pop_esp, "mov %esp, %ebx\n\tpush %esp\n\tpop %esp\n\tsub %esp, %ebx")
SNIPPET(pop_esp_mem, "sub $8, %esp\n\tmovl $1, (%esp)\n\tmovl $2, 4(%esp)\n\t"
        "push $0x55\n\tpopl 4(%esp)\n\tmov (%esp), %eax\n\t"
        "mov 4(%esp), %ebx\n\tadd $8, %esp")
SNIPPET(push_mem, "movl $0x12345678, tmem\n\tpushl tmem\n\tpop %eax")
SNIPPET(pop_mem, "push $0x9abcdef0\n\tpopl tmem+4\n\tmov tmem+4, %eax")
SNIPPET(push_imm8, "push $-128\n\tpop %eax\n\tpush $0x7f\n\tpop %ebx")
SNIPPET(push_imm32, "push $0x12345678\n\tpop %eax\n\tpush $0x80\n\tpop %ebx")
SNIPPET(push_reg16, "mov %esp, %ecx\n\tpushw %ax\n\tsub %esp, %ecx\n\t"
        "popw %bx")
SNIPPET(push_imm16, "mov %esp, %ecx\n\tpushw $-2\n\tpushw $0x1234\n\t"
        "sub %esp, %ecx\n\tpop %eax")
SNIPPET(push_mem16, "movl $0xaabbccdd, tmem\n\tpushw tmem\n\tpopw %bx")
SNIPPET(pop_mem16, "pushw $0x4321\n\tpopw tmem+2\n\tmov tmem, %eax")
SNIPPET(push_sregs, "push %cs\n\tpop %eax\n\tpush %ds\n\tpop %ebx\n\t"
        "push %es\n\tpop %ecx\n\tpush %ss\n\tpop %edx\n\t"
        "push %fs\n\tpop %esi\n\tpush %gs\n\tpop %edi\n\t"
        "and $0xffff, %eax\n\tand $0xffff, %ebx\n\tand $0xffff, %ecx\n\t"
        "and $0xffff, %edx\n\tand $0xffff, %esi\n\tand $7, %edi")
SNIPPET(push_sreg16, "mov %esp, %ecx\n\tpushw %ds\n\tsub %esp, %ecx\n\t"
        "popw %ax\n\tpush %ds\n\tpop %es\n\tpushw %es\n\tpopw %bx")
SNIPPET(pusha_popa, "pusha\n\t"
        "mov 12(%esp), %eax\n\tsub %esp, %eax\n\tmov %eax, tmem\n\t"
        "mov 28(%esp), %eax\n\tmov %eax, tmem+4\n\t"
        "mov (%esp), %eax\n\tmov %eax, tmem+8\n\t"
        "movl $0xdead, 12(%esp)\n\t"
        "xor %eax, %eax\n\txor %ebx, %ebx\n\txor %ecx, %ecx\n\t"
        "xor %edx, %edx\n\txor %esi, %esi\n\txor %edi, %edi\n\t"
        "xor %ebp, %ebp\n\tpopa")
SNIPPET(pushaw_popaw, "pushaw\n\t"
        "movzwl 6(%esp), %eax\n\tlea 16(%esp), %ebx\n\tsub %bx, %ax\n\t"
        "mov %eax, tmem\n\t"
        "movzwl 14(%esp), %eax\n\tmov %eax, tmem+4\n\t"
        "movzwl (%esp), %eax\n\tmov %eax, tmem+8\n\t"
        "xor %eax, %eax\n\txor %ebx, %ebx\n\tmov $-1, %ecx\n\t"
        "mov $-1, %edx\n\tmov $-1, %esi\n\txor %edi, %edi\n\t"
        "xor %ebp, %ebp\n\tpopaw")

static void test_push(void)
{
    static const struct { const char *name, *code; } forms[] = {
        { "push esp", push_esp }, { "pop esp", pop_esp },
        { "pop (esp)", pop_esp_mem }, { "push mem", push_mem },
        { "pop mem", pop_mem }, { "push imm8", push_imm8 },
        { "push imm32", push_imm32 }, { "pushw reg", push_reg16 },
        { "pushw imm", push_imm16 }, { "pushw mem", push_mem16 },
        { "popw mem", pop_mem16 }, { "push sreg", push_sregs },
        { "pushw sreg", push_sreg16 }, { "pusha", pusha_popa },
        { "pushaw", pushaw_popaw },
    };
    struct regs r;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(forms); i++) {
        memset(&r, 0, sizeof(r));
        r.eax = 0x11112222;
        r.ebx = 0x33334444;
        r.ecx = 0x55556666;
        r.edx = 0x77778888;
        r.esi = 0x9999aaaa;
        r.edi = 0xbbbbcccc;
        r.ebp = 0xddddeeee;
        memset(tmem, 0, sizeof(tmem));
        exec_snippet(&r, forms[i].code);
        printf("%-10s -> %08x %08x %08x %08x %08x %08x %08x mem %08x %08x "
               "%08x\n", forms[i].name, r.eax, r.ebx, r.ecx, r.edx, r.esi,
               r.edi, r.ebp, tmem[0], tmem[1], tmem[2]);
    }
}

/* popf writes every user-writable flag (DF, AC, ID; not IOPL, IF, TF). */
SNIPPET(popf_l, "push %ebx\n\tpopfl\n\tpushfl\n\tpop %eax")
SNIPPET(popf_w, "push %bx\n\tpopfw\n\tpushfw\n\tpop %ax")

static void test_pushf(void)
{
    static const uint32_t vals[] = { 0, CC_ALL, EFL_DF, EFL_AC, EFL_ID,
        CC_ALL | EFL_DF | EFL_AC | EFL_ID, 0x3000, 0x0200, 0xffff802a,
        0x0028 };
    struct regs r;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(vals); i++) {
        memset(&r, 0, sizeof(r));
        r.ebx = vals[i];
        exec_snippet(&r, popf_l);
        printf("popfl %08x -> pushfl %08x\n", vals[i], r.eax);
        memset(&r, 0, sizeof(r));
        r.eax = JUNK_A;
        r.ebx = vals[i];
        exec_snippet(&r, popf_w);
        printf("popfw %04x -> pushfw %08x\n", vals[i] & 0xffff, r.eax);
    }
}

/* ------------------------------------------------------------------ */
/* String instructions: every prefix, both directions, ECX 0, 1 and 5. */

#define STRING_OPS(X) \
    X(movs, "movs") X(rep_movs, "rep movs") \
    X(stos, "stos") X(rep_stos, "rep stos") \
    X(lods, "lods") X(rep_lods, "rep lods") \
    X(cmps, "cmps") X(repz_cmps, "repz cmps") X(repnz_cmps, "repnz cmps") \
    X(scas, "scas") X(repz_scas, "repz scas") X(repnz_scas, "repnz scas")
#define STRING_SNIPPETS(name, text) \
    SNIPPET(str_##name##_b, text "b") \
    SNIPPET(str_##name##_w, text "w") \
    SNIPPET(str_##name##_l, text "l")
STRING_OPS(STRING_SNIPPETS)

#define STRING_FORMS(name, text) \
    { text "b", str_##name##_b, 1 }, \
    { text "w", str_##name##_w, 2 }, \
    { text "l", str_##name##_l, 4 },

static const struct string_form {
    const char *name;
    const char *code;
    int size;
} string_forms[] = { STRING_OPS(STRING_FORMS) };

static uint8_t str_src[64], str_dst[64];

static void string_init(void)
{
    int i;

    for (i = 0; i < 64; i++)
        str_src[i] = str_dst[i] = i * 0x11 + 3;
    str_dst[26] ^= 0x40;
    str_dst[19] ^= 0x01;
}

static void string_case(const struct string_form *f, uint32_t count, int df)
{
    struct regs r;
    int i;

    string_init();
    memset(&r, 0, sizeof(r));
    r.esi = (uint32_t)(uintptr_t)&str_src[24];
    r.edi = (uint32_t)(uintptr_t)&str_dst[24];
    r.ecx = count;
    memcpy(&r.eax, &str_dst[24 + f->size], f->size);
    r.eax ^= JUNK_A & ~size_mask(f->size);
    r.eflags = df ? EFL_DF | CC_ALL : 0;
    exec_snippet(&r, f->code);
    printf("%-14s ecx=%u df=%d -> esi=%+d edi=%+d ecx=%08x eax=%08x "
           "f=%04x ", f->name, count, df,
           (int)(r.esi - (uint32_t)(uintptr_t)&str_src[24]),
           (int)(r.edi - (uint32_t)(uintptr_t)&str_dst[24]), r.ecx, r.eax,
           fl(r.eflags, CC_ALL | EFL_DF));
    for (i = 8; i < 48; i++)
        printf("%02x", str_dst[i]);
    printf("\n");
}

static void test_string(void)
{
    static const uint32_t counts[] = { 0, 1, 5 };
    const struct string_form *f;
    unsigned i;
    int df;

    for (f = string_forms; f < string_forms + ARRAY_SIZE(string_forms); f++)
        for (df = 0; df < 2; df++)
            for (i = 0; i < ARRAY_SIZE(counts); i++)
                string_case(f, counts[i], df);
}

/* ------------------------------------------------------------------ */
/* xchg cmpxchg cmpxchg8b xadd bswap, and lock-prefixed memory updates. */

#define XOPS(X) \
    X(xchg_rr, "xchg %ebx, %eax") \
    X(xchg_rr2, "xchg %ecx, %edx") \
    X(xchg_b, "xchgb %bl, %ah") \
    X(xchg_w, "xchgw %bx, %ax") \
    X(xchg_m, "xchg %eax, tmem") \
    X(xchg_mb, "xchgb tmem+1, %bh") \
    X(cmpxchg_b, "cmpxchgb %bl, tmem") \
    X(cmpxchg_w, "cmpxchgw %bx, tmem") \
    X(cmpxchg_l, "cmpxchgl %ebx, tmem") \
    X(cmpxchg_r, "cmpxchgl %ebx, %ecx") \
    X(cmpxchg_rb, "cmpxchgb %bh, %cl") \
    X(cmpxchg8b, "cmpxchg8b tmem") \
    X(xadd_b, "xaddb %bl, %al") \
    X(xadd_w, "xaddw %bx, %ax") \
    X(xadd_l, "xaddl %ebx, %eax") \
    X(xadd_m, "xaddl %ebx, tmem") \
    X(bswap, "bswap %eax\n\tbswap %ecx\n\tbswap %edx\n\tbswap %ebx\n\t" \
      "bswap %esi\n\tbswap %edi\n\tbswap %ebp") \
    X(lock_add, "lock addl %ebx, tmem") \
    X(lock_inc, "lock incl tmem") \
    X(lock_decw, "lock decw tmem+2") \
    X(lock_orb, "lock orb %bl, tmem+1") \
    X(lock_sbb, "lock sbbl $1, tmem") \
    X(lock_neg, "lock negl tmem") \
    X(lock_not, "lock notl tmem+4") \
    X(lock_xchg, "lock xchg %eax, tmem") \
    X(lock_cmpxchg, "lock cmpxchgl %ebx, tmem") \
    X(lock_cmpxchg8b, "lock cmpxchg8b tmem") \
    X(lock_xadd, "lock xaddl %ebx, tmem") \
    X(lock_bts, "lock btsl $33, tmem") \
    X(lock_btc, "and $63, %ebx\n\tlock btcl %ebx, tmem")
#define XOP_SNIPPET(name, text) SNIPPET(xop_##name, text)
XOPS(XOP_SNIPPET)
#define XOP_FORM(name, text) { #name, xop_##name },

static void test_xchg(void)
{
    static const struct { const char *name, *code; } forms[] = {
        XOPS(XOP_FORM)
    };
    /* eax ebx ecx edx, mem[0] mem[1]: equal, not equal, and sign edges. */
    static const uint32_t sets[4][6] = {
        { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00,
          0x11223344, 0xddeeff00 },
        { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00,
          0x11223345, 0xddeeff00 },
        { 0x80000000, 0x80000000, 0x00000001, 0x00000000,
          0x80000000, 0x00000000 },
        { 0xffffffff, 0x00000001, 0x7fffffff, 0x12345678,
          0x7fffffff, 0xffffffff },
    };
    struct regs r;
    unsigned i, k;

    for (i = 0; i < ARRAY_SIZE(forms); i++)
        for (k = 0; k < 4; k++) {
            memset(&r, 0, sizeof(r));
            r.eax = sets[k][0];
            r.ebx = sets[k][1];
            r.ecx = sets[k][2];
            r.edx = sets[k][3];
            r.esi = 0x01020304;
            r.edi = 0x05060708;
            r.ebp = 0x090a0b0c;
            tmem[0] = sets[k][4];
            tmem[1] = sets[k][5];
            r.eflags = k & 1 ? CC_ALL : 0;
            exec_snippet(&r, forms[i].code);
            printf("%-14s %d -> %08x %08x %08x %08x %08x %08x %08x "
                   "mem %08x %08x f=%04x\n", forms[i].name, k, r.eax, r.ebx,
                   r.ecx, r.edx, r.esi, r.edi, r.ebp, tmem[0], tmem[1],
                   fl(r.eflags, strncmp(forms[i].name, "lock_bt", 7) ?
                      CC_ALL : CC_C | CC_Z));
        }
}

/* ------------------------------------------------------------------ */
/* movzx movsx (all forms), cbw cwde cwd cdq. */

#define EXT_OPS(X) \
    X(movzbl, "movzbl %bl, %eax") X(movzbl_h, "movzbl %bh, %eax") \
    X(movzbw, "movzbw %bl, %ax") X(movzbw_h, "movzbw %bh, %dx") \
    X(movzwl, "movzwl %bx, %eax") X(movzwl_self, "movzwl %ax, %eax") \
    X(movsbl, "movsbl %bl, %eax") X(movsbl_h, "movsbl %bh, %ecx") \
    X(movsbw, "movsbw %bl, %ax") X(movswl, "movswl %bx, %eax") \
    X(movsbl_self, "movsbl %al, %eax") X(movswl_bp, "movswl %bx, %ebp") \
    X(movzbl_m, "movzbl tmem+1, %eax") X(movzbw_m, "movzbw (%esi), %ax") \
    X(movzwl_m, "movzwl tmem+2, %eax") X(movsbl_m, "movsbl tmem+3, %eax") \
    X(movsbw_m, "movsbw tmem, %ax") X(movswl_m, "movswl 2(%esi), %eax") \
    X(cbw, "cbtw") X(cwde, "cwtl") X(cwd, "cwtd") X(cdq, "cltd")
#define EXT_SNIPPET(name, text) SNIPPET(ext_##name, text)
EXT_OPS(EXT_SNIPPET)
#define EXT_FORM(name, text) { text, ext_##name },

static void test_ext(void)
{
    static const struct { const char *name, *code; } forms[] = {
        EXT_OPS(EXT_FORM)
    };
    static const uint32_t vals[] = { 0, 0x7f, 0x80, 0xff, 0x8000, 0xffff,
        0x12348081, 0xfedc7f7e, 0x80ff7f00, 0x00017fff };
    struct regs r;
    unsigned i, j;

    for (i = 0; i < ARRAY_SIZE(forms); i++)
        for (j = 0; j < ARRAY_SIZE(vals); j++) {
            memset(&r, 0, sizeof(r));
            r.eax = vals[j] ^ 0x5a5a0000;
            r.ebx = tmem[0] = vals[j];
            r.ecx = r.edx = r.ebp = JUNK_A;
            r.esi = (uint32_t)(uintptr_t)tmem;
            exec_snippet(&r, forms[i].code);
            printf("%-18s %08x -> eax=%08x ecx=%08x edx=%08x ebp=%08x\n",
                   forms[i].name, vals[j], r.eax, r.ecx, r.edx, r.ebp);
        }
}

/* ------------------------------------------------------------------ */
/*
 * Generated code: some families are exhaustive over encodings (every
 * ModRM/SIB byte of lea), so their instructions are written at run time
 * into an executable buffer, each followed by a ret, and all generated
 * before any of them runs.
 */

static uint8_t *gen_buf, *gen_ptr;

static void gen_init(void)
{
    gen_buf = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (gen_buf == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    gen_ptr = gen_buf;
}

static void gen_u8(unsigned b)
{
    *gen_ptr++ = b;
}

/* Emit len bytes of instruction and a ret; return the code's start. */
static const char *gen_insn(const uint8_t *bytes, int len)
{
    const char *start = (const char *)gen_ptr;

    memcpy(gen_ptr, bytes, len);
    gen_ptr += len;
    gen_u8(0xc3);
    return start;
}

/* lea with every 32-bit ModRM and SIB byte (mod 0-2; destination not esp). */
struct lea_case {
    const char *code;
    uint8_t bytes[8];
    int len;
    int esp_based;
};

static const uint32_t lea_regs[8] = { 0x00000001, 0x00000020, 0x00000300,
    0x00004000, 0, 0x00050000, 0x00600000, 0x07000000 };

static int lea_encode(uint8_t *b, int mod, int rm, int sib, int reg,
                      int *esp_based)
{
    int len = 0, disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;

    b[len++] = 0x8d;
    b[len++] = mod << 6 | reg << 3 | rm;
    *esp_based = 0;
    if (rm == 4) {
        b[len++] = sib;
        *esp_based = (sib & 7) == 4;
        if (mod == 0 && (sib & 7) == 5)
            disp = 4;
    } else if (mod == 0 && rm == 5) {
        disp = 4;
    }
    if (disp == 1)
        b[len++] = (reg + sib) & 1 ? 0x80 : 0x7f;
    if (disp == 4) {
        uint32_t d = 0x12345678 + sib;
        memcpy(b + len, &d, 4);
        len += 4;
    }
    return len;
}

static void test_lea32(void)
{
    static struct lea_case cases[3 * (7 + 256)];
    static const int dest[7] = { 0, 1, 2, 3, 5, 6, 7 };
    struct regs r;
    uint32_t *rr;
    int n = 0, mod, rm, sib, i, k;

    for (mod = 0; mod < 3; mod++)
        for (rm = 0; rm < 8; rm++)
            for (sib = 0; sib < (rm == 4 ? 256 : 1); sib++) {
                struct lea_case *c = &cases[n];
                c->len = lea_encode(c->bytes, mod, rm, sib, dest[n % 7],
                                    &c->esp_based);
                c->code = gen_insn(c->bytes, c->len);
                n++;
            }
    for (i = 0; i < n; i++) {
        memset(&r, 0, sizeof(r));
        /* struct regs is in register-number order: eax ecx edx ebx ... */
        rr = &r.eax;
        for (k = 0; k < 8; k++)
            if (k != 4)
                rr[k] = lea_regs[k];
        exec_snippet(&r, cases[i].code);
        printf("lea");
        for (k = 0; k < cases[i].len; k++)
            printf(" %02x", cases[i].bytes[k]);
        k = cases[i].bytes[1] >> 3 & 7;
        if (cases[i].esp_based)
            printf(" -> esp%+d\n", (int)(rr[k] - r.esp));
        else
            printf(" -> %08x\n", rr[k]);
    }
}

/* ------------------------------------------------------------------ */
/* BCD adjustments over every AL, with AF and CF in. */

SNIPPET(bcd_daa, "daa")
SNIPPET(bcd_das, "das")
SNIPPET(bcd_aaa, "aaa")
SNIPPET(bcd_aas, "aas")
#define AAX_IMMS(X) X(10) X(16) X(7) X(1) X(255)
#define AAX_SNIPPETS(n) SNIPPET(bcd_aam_##n, "aam $" #n) \
    SNIPPET(bcd_aad_##n, "aad $" #n)
AAX_IMMS(AAX_SNIPPETS)
SNIPPET(bcd_aad_0, "aad $0")
LABEL(bcd_aam_0_at)
SNIPPET(bcd_aam_0, AT(bcd_aam_0_at) "aam $0")

static void test_bcd(void)
{
    static const struct { const char *name, *code; uint32_t defined; } adj[] = {
        { "daa", bcd_daa, CC_ALL & ~CC_O }, { "das", bcd_das, CC_ALL & ~CC_O },
        { "aaa", bcd_aaa, CC_A | CC_C }, { "aas", bcd_aas, CC_A | CC_C },
    };
#define AAX_CODE(n) { "aam $" #n, bcd_aam_##n }, { "aad $" #n, bcd_aad_##n },
    static const struct { const char *name, *code; } aax[] = {
        AAX_IMMS(AAX_CODE) { "aad $0", bcd_aad_0 },
    };
    static const uint32_t fins[4] = { 0, CC_A, CC_C, CC_A | CC_C | CC_Z };
    struct regs r;
    unsigned i, al, k;

    for (i = 0; i < ARRAY_SIZE(adj); i++)
        for (al = 0; al < 256; al++) {
            printf("%s al=%02x:", adj[i].name, al);
            for (k = 0; k < 4; k++) {
                memset(&r, 0, sizeof(r));
                r.eax = 0x12345600 | al;
                r.eflags = fins[k];
                exec_snippet(&r, adj[i].code);
                printf(" %08x/%04x", r.eax, fl(r.eflags, adj[i].defined));
            }
            printf("\n");
        }
    for (al = 0; al < 256; al++) {
        printf("aam/aad al=%02x:", al);
        for (i = 0; i < ARRAY_SIZE(aax); i++) {
            memset(&r, 0, sizeof(r));
            r.eax = 0xabcd0000 | ((al * 7 + 3) & 0xff) << 8 | al;
            r.eflags = al & 1 ? CC_ALL : 0;
            exec_snippet(&r, aax[i].code);
            printf(" %08x/%04x", r.eax, fl(r.eflags, CC_S | CC_Z | CC_P));
        }
        printf("\n");
    }
    memset(&r, 0, sizeof(r));
    r.eax = 0x1234;
    printf("aam $0: ");
    if (exec_guarded(&r, bcd_aam_0))
        print_fault(bcd_aam_0_at);
    printf("\n");
}

/* ------------------------------------------------------------------ */
/* lahf sahf, flag instructions, xlat, bound, nops, cpuid, rdtsc. */

SNIPPET(sahf_lahf, "sahf\n\tmov $0, %ah\n\tlahf")
SNIPPET(add_lahf, "add %ebx, %eax\n\tlahf")
SNIPPET(sub_lahf, "subb %bl, %al\n\tlahf")
SNIPPET(f_clc, "clc")
SNIPPET(f_stc, "stc")
SNIPPET(f_cmc, "cmc")
SNIPPET(f_cld, "cld")
SNIPPET(f_std, "std")
SNIPPET(xlat_b, "xlat")
SNIPPET(xlat_ds, "xlat %ds:(%ebx)")

static uint8_t xlat_table[256];

static void test_flag_insns(void)
{
    static const struct { const char *name, *code; } fops[] = {
        { "clc", f_clc }, { "stc", f_stc }, { "cmc", f_cmc },
        { "cld", f_cld }, { "std", f_std },
    };
    struct regs r;
    unsigned i, k;

    for (i = 0; i < 256; i += 16) {
        printf("sahf/lahf %02x:", i);
        for (k = i; k < i + 16; k++) {
            memset(&r, 0, sizeof(r));
            r.eax = 0x1234 | k << 8;
            r.eflags = k & 1 ? 0 : CC_ALL;
            exec_snippet(&r, sahf_lahf);
            printf(" %02x/%04x", r.eax >> 8 & 0xff, fl(r.eflags, CC_ALL));
        }
        printf("\n");
    }
    for (i = 0; i < NVAL; i++)
        for (k = 0; k < NVAL; k++) {
            memset(&r, 0, sizeof(r));
            r.eax = edge(4, i);
            r.ebx = edge(4, k);
            exec_snippet(&r, add_lahf);
            printf("add+lahf %08x %08x -> ah=%02x", edge(4, i), edge(4, k),
                   r.eax >> 8 & 0xff);
            memset(&r, 0, sizeof(r));
            r.eax = edge(1, i);
            r.ebx = edge(1, k);
            exec_snippet(&r, sub_lahf);
            printf("  subb+lahf -> ah=%02x\n", r.eax >> 8 & 0xff);
        }
    for (i = 0; i < ARRAY_SIZE(fops); i++)
        for (k = 0; k < 2; k++) {
            memset(&r, 0, sizeof(r));
            r.eflags = k ? CC_ALL | EFL_DF : 0;
            exec_snippet(&r, fops[i].code);
            printf("%s f=%04x -> f=%04x\n", fops[i].name,
                   k ? CC_ALL | EFL_DF : 0, r.eflags & (CC_ALL | EFL_DF));
        }
    for (i = 0; i < 256; i++)
        xlat_table[i] = i * 7 + 3;
    for (i = 0; i < 256; i += 37)
        for (k = 0; k < 2; k++) {
            memset(&r, 0, sizeof(r));
            r.eax = (JUNK_A & ~0xff) | i;
            r.ebx = (uint32_t)(uintptr_t)xlat_table;
            exec_snippet(&r, k ? xlat_ds : xlat_b);
            printf("xlat%s al=%02x -> %08x\n", k ? " ds" : "", i, r.eax);
        }
}

LABEL(bound_l_at)
LABEL(bound_w_at)
SNIPPET(bound_l, AT(bound_l_at) "bound %eax, tmem")
SNIPPET(bound_w, AT(bound_w_at) "boundw %ax, tmem")

static void test_bound(void)
{
    static const int32_t vals[] = { -11, -10, 0, 20, 21, 0x7fffffff,
                                    (int32_t)0x80000000 };
    struct regs r;
    unsigned i, w;

    for (w = 0; w < 2; w++)
        for (i = 0; i < ARRAY_SIZE(vals); i++) {
            memset(&r, 0, sizeof(r));
            r.eax = vals[i];
            if (w) {
                tmem[0] = 0x0014fff6;   /* -10 .. 20 as two words */
            } else {
                tmem[0] = -10;
                tmem[1] = 20;
            }
            printf("bound%s %d in [-10,20]: ", w ? "w" : "l",
                   w ? (int16_t)vals[i] : vals[i]);
            if (exec_guarded(&r, w ? bound_w : bound_l))
                print_fault(w ? bound_w_at : bound_l_at);
            else
                printf("ok");
            printf("\n");
        }
}

/* One-byte and multi-byte nops, including 0f 1f with memory operands that
   must not be accessed (eax is 0). */
static void test_nop(void)
{
    static const struct { int len; uint8_t b[9]; } nops[] = {
        { 1, { 0x90 } }, { 2, { 0x66, 0x90 } }, { 2, { 0xf3, 0x90 } },
        { 3, { 0x0f, 0x1f, 0x00 } }, { 3, { 0x0f, 0x1f, 0xc0 } },
        { 4, { 0x0f, 0x1f, 0x40, 0x00 } },
        { 5, { 0x0f, 0x1f, 0x44, 0x00, 0x00 } },
        { 6, { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 } },
        { 7, { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 } },
        { 8, { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 } },
        { 9, { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 } },
        { 4, { 0x0f, 0x1f, 0x04, 0x08 } },
        { 3, { 0x0f, 0x1f, 0x08 } },
    };
    struct regs r;
    unsigned i;
    int k;

    for (i = 0; i < ARRAY_SIZE(nops); i++) {
        const char *code = gen_insn(nops[i].b, nops[i].len);
        memset(&r, 0, sizeof(r));
        r.ecx = 0x10;
        r.ebx = JUNK_B;
        r.eflags = i & 1 ? CC_ALL : 0;
        exec_snippet(&r, code);
        printf("nop");
        for (k = 0; k < nops[i].len; k++)
            printf(" %02x", nops[i].b[k]);
        printf(" -> %08x %08x %08x f=%04x\n", r.eax, r.ebx, r.ecx,
               fl(r.eflags, CC_ALL));
    }
}

SNIPPET(cpuid_0, "xor %eax, %eax\n\tcpuid")
SNIPPET(rdtsc_2, "rdtsc\n\tmov %eax, %esi\n\tmov %edx, %edi\n\trdtsc")

static void test_cpuid(void)
{
    struct regs r;
    uint64_t t1, t2;

    memset(&r, 0, sizeof(r));
    exec_snippet(&r, cpuid_0);
    printf("cpuid leaf 0: max leaf >= 1: %s\n", r.eax >= 1 ? "yes" : "no");
    memset(&r, 0, sizeof(r));
    exec_snippet(&r, rdtsc_2);
    t1 = (uint64_t)r.edi << 32 | r.esi;
    t2 = (uint64_t)r.edx << 32 | r.eax;
    printf("rdtsc: monotonic: %s\n", t2 >= t1 ? "yes" : "no");
}

/* ------------------------------------------------------------------ */
/*
 * Segment registers: their values, the six override prefixes on flat
 * segments, an LDT data segment with a non-zero base (modify_ldt) and a TLS
 * descriptor (set_thread_area), 16-bit addressing through the LDT segment.
 * Snippets that load a segment register save and restore it, and get the
 * selector in %ebp.
 */

static uint8_t seg_area[0x10000 + 16];
static uint8_t tls_area[64];
static uint32_t ldt_sel, tls_sel;

static void seg_area_init(void)
{
    unsigned i;

    for (i = 0; i < sizeof(seg_area); i++)
        seg_area[i] = i * 13 + (i >> 8);
}

/* FNV-1a over the segment area: shows any stray or missing write. */
static uint32_t seg_area_hash(void)
{
    uint32_t h = 2166136261u;
    unsigned i;

    for (i = 0; i < sizeof(seg_area); i++)
        h = (h ^ seg_area[i]) * 16777619u;
    return h;
}

static void setup_segments(void)
{
    struct user_desc d;
    unsigned i;

    memset(&d, 0, sizeof(d));
    d.entry_number = 0;
    d.base_addr = (uintptr_t)seg_area;
    d.limit = 0xfffff;
    d.seg_32bit = 1;
    d.limit_in_pages = 1;
    d.useable = 1;
    if (syscall(SYS_modify_ldt, 1, &d, sizeof(d)) == 0)
        ldt_sel = 0 << 3 | 4 | 3;
    printf("modify_ldt: %s\n", ldt_sel ? "ok" : "failed");

    for (i = 0; i < sizeof(tls_area); i++)
        tls_area[i] = 0xc0 + i;
    memset(&d, 0, sizeof(d));
    d.entry_number = -1;
    d.base_addr = (uintptr_t)tls_area;
    d.limit = 0xfffff;
    d.seg_32bit = 1;
    d.limit_in_pages = 1;
    d.useable = 1;
    if (syscall(SYS_set_thread_area, &d) == 0)
        tls_sel = d.entry_number << 3 | 3;
    printf("set_thread_area: %s\n", tls_sel ? "ok" : "failed");
}

SNIPPET(sreg_read, "mov %cs, %eax\n\tmov %ds, %ebx\n\tmov %es, %ecx\n\t"
        "mov %ss, %edx\n\tmov %fs, %esi\n\tmov %gs, %edi\n\tand $7, %edi")
SNIPPET(sreg_store, "mov %ds, tmem\n\tmovw %ss, %ax\n\tmov %es, %ebx")
SNIPPET(sreg_load, "mov %ebx, %es\n\tmovw tmem, %fs\n\tmov %es, %eax\n\t"
        "mov %fs, %ecx\n\tpush %ds\n\tpop %es\n\txor %edx, %edx\n\t"
        "mov %edx, %fs")

#define FLAT_SEGS "push %fs\n\tpush %gs\n\tmov %ds, %ecx\n\tmov %ecx, %fs\n\t" \
    "mov %ecx, %gs\n\t"
#define OVERRIDE_SNIPPET(seg, store) \
    SNIPPET(ovr_##seg, FLAT_SEGS "mov %" #seg ":tmem, %eax\n\t" \
            "mov %" #seg ":4(%esi), %ebx\n\t" store "pop %gs\n\tpop %fs")
#define OVR_STORE(seg) "movl $0x5555aaaa, %" #seg ":8(%esi)\n\t"
OVERRIDE_SNIPPET(cs, "")
OVERRIDE_SNIPPET(ds, OVR_STORE(ds))
OVERRIDE_SNIPPET(es, OVR_STORE(es))
OVERRIDE_SNIPPET(ss, OVR_STORE(ss))
OVERRIDE_SNIPPET(fs, OVR_STORE(fs))
OVERRIDE_SNIPPET(gs, OVR_STORE(gs))
SNIPPET(ovr_ebp, "push %ebp\n\tmov %esi, %ebp\n\tmov 4(%ebp), %eax\n\tpop %ebp")

SNIPPET(ldt_fs, "push %fs\n\tmov %ebp, %fs\n\tmov %fs:0x10, %eax\n\t"
        "mov %fs:(%ebx), %ecx\n\tmovl $0x55aa66bb, %fs:0x20\n\t"
        "mov %fs, %edx\n\tpop %fs")
SNIPPET(ldt_ds, "push %ds\n\tmov %ebp, %ds\n\tmov 0x10, %eax\n\t"
        "mov (%ebx), %ecx\n\tpop %ds")
SNIPPET(ldt_es, "push %es\n\tmov %ebp, %es\n\tmov $0x30, %edi\n\t"
        "mov $0x77, %al\n\tstosb\n\tpop %es")
/* gas drops a segment prefix on lea, so it is spelled out */
SNIPPET(ldt_gs, "push %gs\n\tmov %ebp, %gs\n\t"
        ".byte 0x65\n\tlea 8(%ebx), %eax\n\t"
        "mov %gs:8(%ebx), %ecx\n\tpop %gs")
SNIPPET(ldt_movs, "push %fs\n\tmov %ebp, %fs\n\tmov $0x40, %esi\n\t"
        "mov $tmem, %edi\n\tmov $4, %ecx\n\t"
        "rep movsb %fs:(%esi), %es:(%edi)\n\tpop %fs")
SNIPPET(ldt_stos, "push %fs\n\tmov %ebp, %fs\n\tmov $tmem, %edi\n\t"
        "mov $0x99, %al\n\tmov $3, %ecx\n\tfs rep stosb\n\tpop %fs")
SNIPPET(ldt_pop, "push %fs\n\tpush %ebp\n\tpop %fs\n\tmov %fs:0x10, %eax\n\t"
        "pop %fs")

static void test_segments(void)
{
    static const struct { const char *name, *code; int ldt; } forms[] = {
        { "sreg read", sreg_read, 0 }, { "sreg store", sreg_store, 0 },
        { "sreg load", sreg_load, 0 },
        { "cs:", ovr_cs, 0 }, { "ds:", ovr_ds, 0 }, { "es:", ovr_es, 0 },
        { "ss:", ovr_ss, 0 }, { "fs:", ovr_fs, 0 }, { "gs:", ovr_gs, 0 },
        { "ss:(ebp)", ovr_ebp, 0 },
        { "ldt fs", ldt_fs, 1 }, { "ldt ds", ldt_ds, 1 },
        { "ldt es stos", ldt_es, 1 }, { "ldt gs lea", ldt_gs, 1 },
        { "ldt fs movs", ldt_movs, 1 }, { "fs stos", ldt_stos, 1 },
        { "pop fs", ldt_pop, 1 },
        { "tls fs", ldt_fs, 2 }, { "tls ds", ldt_ds, 2 },
    };
    struct regs r;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(forms); i++) {
        uint32_t sel = forms[i].ldt == 2 ? tls_sel : ldt_sel;
        uint8_t *base = forms[i].ldt == 2 ? tls_area : seg_area;

        if (forms[i].ldt && !sel)
            continue;
        seg_area_init();
        memset(&r, 0, sizeof(r));
        memset(tmem, 0xff, sizeof(tmem));
        tmem[0] = 0x12345678;
        tmem[1] = 0x9abcdef0;
        r.eax = JUNK_A;
        r.ebx = forms[i].ldt ? 4 : 0x2b;
        r.esi = (uint32_t)(uintptr_t)tmem;
        r.ebp = sel;
        if (forms[i].code == sreg_load) {
            exec_snippet(&r, sreg_read);
            tmem[0] = r.ebx;
            r.esi = (uint32_t)(uintptr_t)tmem;
        }
        exec_snippet(&r, forms[i].code);
        if (forms[i].ldt)
            r.edx = r.edx == sel;
        printf("%-12s -> %08x %08x %08x %08x %08x %08x mem %08x %08x %08x "
               "area %02x%02x%02x%02x %02x\n", forms[i].name, r.eax, r.ebx,
               r.ecx, r.edx, r.esi, r.edi,
               tmem[0], tmem[1], tmem[2], base[0x20], base[0x21], base[0x22],
               base[0x23], base[0x30]);
    }
}

/*
 * 16-bit addressing (0x67): lea of every ModRM form, with a 32 and a 16-bit
 * destination, and a load through the LDT segment (base seg_area, so that
 * every 16-bit offset is mapped).  The generated code loads %fs from %ecx
 * around the instruction.
 */
static const char *gen_fs_wrapped(const uint8_t *prefix, int plen,
                                  const uint8_t *insn, int len)
{
    uint8_t b[24];
    int n = 0;

    b[n++] = 0x0f;              /* push %fs */
    b[n++] = 0xa0;
    b[n++] = 0x8e;              /* mov %ecx, %fs */
    b[n++] = 0xe1;
    memcpy(b + n, prefix, plen);
    n += plen;
    memcpy(b + n, insn, len);
    n += len;
    b[n++] = 0x0f;              /* pop %fs */
    b[n++] = 0xa1;
    return gen_insn(b, n);
}

static uint32_t run_addr16(const char *code)
{
    struct regs r = { .eax = JUNK_A, .ecx = ldt_sel, .ebx = 0xabcd1000,
                      .esi = 0x12340200, .edi = 0x5678fff0,
                      .ebp = 0x9abc0030 };

    exec_snippet(&r, code);
    return r.eax;
}

static void test_lea16(void)
{
    static const uint8_t p66 = 0x66, p64 = 0x64;
    uint8_t insn[5];
    int mod, rm, len, k;

    seg_area_init();
    for (mod = 0; mod < 3; mod++)
        for (rm = 0; rm < 8; rm++) {
            uint16_t d16 = rm & 1 ? 0x8123 : 0x1234;

            len = 0;
            insn[len++] = 0x67;
            insn[len++] = 0x8d;
            insn[len++] = mod << 6 | rm;
            if (mod == 1)
                insn[len++] = rm & 2 ? 0x85 : 0x7b;
            if (mod == 2 || (mod == 0 && rm == 6)) {
                insn[len++] = d16;
                insn[len++] = d16 >> 8;
            }
            printf("addr16");
            for (k = 0; k < len; k++)
                printf(" %02x", insn[k]);
            printf(" -> lea %08x", run_addr16(gen_fs_wrapped(NULL, 0, insn,
                                                             len)));
            printf(" leaw %08x", run_addr16(gen_fs_wrapped(&p66, 1, insn,
                                                           len)));
            insn[1] = 0x8b;
            if (ldt_sel)
                printf(" mov %%fs: %08x", run_addr16(gen_fs_wrapped(&p64, 1,
                                                     insn, len)));
            printf("\n");
        }
}

/* String instructions with 16-bit addressing: %si/%di wrap at 64 KiB. */
#define STR16_OPS(X) \
    X(movsb, "rep movsb %fs:(%si), %es:(%di)") \
    X(movsw, "rep movsw %fs:(%si), %es:(%di)") \
    X(movsl, "rep movsl %fs:(%si), %es:(%di)") \
    X(stosw, "rep stosw %ax, %es:(%di)") \
    X(lodsb, "rep lodsb %fs:(%si), %al") \
    X(cmpsb, "repz cmpsb %es:(%di), %fs:(%si)") \
    X(scasw, "repnz scasw %es:(%di), %ax") \
    X(movsb1, "movsb %fs:(%si), %es:(%di)")
#define STR16_SNIPPET(name, text) \
    SNIPPET(str16_##name, "push %es\n\tpush %fs\n\tmov %ebp, %es\n\t" \
            "mov %ebp, %fs\n\t" text "\n\tpop %fs\n\tpop %es")
STR16_OPS(STR16_SNIPPET)
#define STR16_FORM(name, text) { text, str16_##name },

static void test_string16(void)
{
    static const struct { const char *name, *code; } forms[] = {
        STR16_OPS(STR16_FORM)
    };
    static const uint32_t si_di[3][2] = {
        { 0x1111fffe, 0x22220010 }, { 0x33330010, 0x4444fffd },
        { 0x00000100, 0x00000100 },
    };
    static const uint32_t counts[2] = { 0xabcd0004, 0xabcd0000 };
    struct regs r;
    unsigned i, k, c;
    int df;

    if (!ldt_sel)
        return;
    for (i = 0; i < ARRAY_SIZE(forms); i++)
        for (k = 0; k < 3; k++)
            for (c = 0; c < 2; c++)
                for (df = 0; df < 2; df++) {
                    seg_area_init();
                    memset(&r, 0, sizeof(r));
                    r.ebp = ldt_sel;
                    r.esi = si_di[k][0];
                    r.edi = si_di[k][1];
                    r.ecx = counts[c];
                    r.eax = 0x5a5a0000 | seg_area[(uint16_t)r.edi + 2] |
                            seg_area[(uint16_t)r.edi + 1] << 8;
                    r.eflags = df ? EFL_DF : 0;
                    exec_snippet(&r, forms[i].code);
                    printf("%-34s si=%04x di=%04x cx=%04x df=%d -> "
                           "%08x %08x %08x %08x f=%04x %08x\n",
                           forms[i].name, si_di[k][0] & 0xffff,
                           si_di[k][1] & 0xffff, counts[c] & 0xffff, df,
                           r.esi, r.edi, r.ecx, r.eax,
                           fl(r.eflags, CC_ALL | EFL_DF), seg_area_hash());
                }
}

/* ------------------------------------------------------------------ */
/*
 * Exceptions: each snippet sets some registers and flags, then faults at
 * its label.  The handler's view must be precise: signal, si_code,
 * si_addr, trap number, error code, EIP relative to the label, and the
 * registers and flags as they were at the faulting instruction.
 */
#define FAULT_SNIPPET(name, before, insn) \
    LABEL(name##_at) \
    SNIPPET(name, before AT(name##_at) insn)
#define PRE "mov $0x11111111, %eax\n\tmov $0x22222222, %ecx\n\t" \
    "add %ecx, %eax\n\tmov $0x3f8, %edx\n\tmov $tmem, %edi\n\t" \
    "mov $tmem, %esi\n\t"

FAULT_SNIPPET(exc_int3, PRE, "int3")
FAULT_SNIPPET(exc_int_3, PRE, "int $3")
FAULT_SNIPPET(exc_into, "mov $0x7f, %al\n\tadd $1, %al\n\t", "into")
FAULT_SNIPPET(exc_into_no, "mov $0x7e, %al\n\tadd $1, %al\n\t", "into")
FAULT_SNIPPET(exc_int4, PRE, "int $4")
FAULT_SNIPPET(exc_int_3f, PRE, "int $0x3f")
FAULT_SNIPPET(exc_hlt, PRE, "hlt")
FAULT_SNIPPET(exc_cli, PRE, "cli")
FAULT_SNIPPET(exc_sti, PRE, "sti")
FAULT_SNIPPET(exc_in, PRE, "inb $0x80, %al")
FAULT_SNIPPET(exc_in_dx, PRE, "inl (%dx), %eax")
FAULT_SNIPPET(exc_out, PRE, "outb %al, $0x80")
FAULT_SNIPPET(exc_out_dx, PRE, "outw %ax, (%dx)")
FAULT_SNIPPET(exc_insb, PRE, "insb (%dx), %es:(%edi)")
FAULT_SNIPPET(exc_outsb, PRE, "outsb (%esi), (%dx)")
FAULT_SNIPPET(exc_rep_insb, PRE "mov $3, %ecx\n\t",
              "rep insb (%dx), %es:(%edi)")
FAULT_SNIPPET(exc_ud2, PRE, "ud2")
FAULT_SNIPPET(exc_0fff, PRE, ".byte 0x0f, 0xff")
FAULT_SNIPPET(exc_0f04, PRE, ".byte 0x0f, 0x04")
FAULT_SNIPPET(exc_0fa7, PRE, ".byte 0x0f, 0xa7")
FAULT_SNIPPET(exc_ud1, PRE, ".byte 0x0f, 0xb9, 0xc0")
FAULT_SNIPPET(exc_lock_nop, PRE, ".byte 0xf0, 0x90")
FAULT_SNIPPET(exc_lock_reg, PRE, ".byte 0xf0, 0x01, 0xd8")
FAULT_SNIPPET(exc_lea_reg, PRE, ".byte 0x8d, 0xc0")
FAULT_SNIPPET(exc_mov_cs, PRE, ".byte 0x8e, 0xc8")
FAULT_SNIPPET(exc_null_store, PRE "xor %ebx, %ebx\n\t", "movl $1, (%ebx)")
FAULT_SNIPPET(exc_null_load, PRE "xor %ebx, %ebx\n\t", "mov 8(%ebx), %eax")
FAULT_SNIPPET(exc_code_store, PRE, "movb $0x90, exc_code_store_at")
FAULT_SNIPPET(exc_div0, PRE "xor %ebx, %ebx\n\t", "divl %ebx")
FAULT_SNIPPET(exc_divov, PRE "mov $2, %edx\n\tmov $1, %ebx\n\t", "divl %ebx")
FAULT_SNIPPET(exc_idivov, "mov $0x80000000, %eax\n\tmov $-1, %edx\n\t"
              "mov $-1, %ebx\n\t", "idivl %ebx")
FAULT_SNIPPET(exc_idivbov, "mov $0x8000, %eax\n\tmov $-1, %bl\n\t", "idivb %bl")
FAULT_SNIPPET(exc_call_bad, PRE "mov $0x1000, %ebx\n\t", "call *%ebx")
FAULT_SNIPPET(exc_rep_movs, "", "rep movsb")

#define EXC(name) { #name, name, name##_at }
static const struct { const char *name, *code, *at; } exceptions[] = {
    EXC(exc_int3), EXC(exc_int_3), EXC(exc_into), EXC(exc_into_no),
    EXC(exc_int4), EXC(exc_int_3f), EXC(exc_hlt), EXC(exc_cli), EXC(exc_sti),
    EXC(exc_in), EXC(exc_in_dx), EXC(exc_out), EXC(exc_out_dx),
    EXC(exc_insb), EXC(exc_outsb), EXC(exc_rep_insb), EXC(exc_ud2),
    EXC(exc_0fff), EXC(exc_0f04), EXC(exc_0fa7), EXC(exc_ud1),
    EXC(exc_lock_nop), EXC(exc_lock_reg), EXC(exc_lea_reg), EXC(exc_mov_cs),
    EXC(exc_null_store), EXC(exc_null_load), EXC(exc_code_store),
    EXC(exc_div0), EXC(exc_divov), EXC(exc_idivov), EXC(exc_idivbov),
    EXC(exc_call_bad),
};

static void print_fault_regs(uint32_t base)
{
    printf(" eax=%08x ecx=%08x edx=%08x ebx=%08x esi=%+d edi=%+d f=%04x",
           fault.eax, fault.ecx, fault.edx, fault.ebx,
           (int)(fault.esi - base), (int)(fault.edi - base),
           fault.eflags & (CC_ALL | EFL_DF));
}

/* A rep movsb that runs into an unmapped page faults part way through, with
   ESI, EDI and ECX showing the bytes already copied. */
static void test_rep_fault(void)
{
    uint8_t *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t end;
    struct regs r;
    int df;

    if (page == MAP_FAILED)
        return;
    munmap(page + 4096, 4096);
    memset(page, 0xab, 4096);
    end = (uint32_t)(uintptr_t)(page + 4096);
    for (df = 0; df < 2; df++) {
        memset(&r, 0, sizeof(r));
        r.esi = df ? (uint32_t)(uintptr_t)page + 4 : end - 8;
        r.edi = (uint32_t)(uintptr_t)&str_dst[32];
        r.ecx = 16;
        r.eflags = df ? EFL_DF | CC_C : CC_C;
        string_init();
        printf("exc_rep_movs df=%d: ", df);
        if (exec_guarded(&r, exc_rep_movs)) {
            printf("sig=%d code=%d addr=%s%+d eip=at%+d trapno=%u err=%x "
                   "ecx=%u esi=%s%+d edi=%+d f=%04x", fault.sig, fault.code,
                   df ? "page" : "end", (int)(fault.addr - (df ?
                   (uint32_t)(uintptr_t)page : end)),
                   (int)(fault.eip - (uint32_t)(uintptr_t)exc_rep_movs_at),
                   fault.trapno, fault.err, fault.ecx, df ? "page" : "end",
                   (int)(fault.esi - (df ? (uint32_t)(uintptr_t)page : end)),
                   (int)(fault.edi - (uint32_t)(uintptr_t)&str_dst[32]),
                   fault.eflags & (CC_ALL | EFL_DF));
        } else {
            printf("no fault");
        }
        printf("\n");
    }
    munmap(page, 4096);
}

static void test_exceptions(void)
{
    struct regs r;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(exceptions); i++) {
        memset(&r, 0, sizeof(r));
        memset(tmem, 0, sizeof(tmem));
        tmem[0] = 5;
        printf("%-14s: ", exceptions[i].name);
        if (exec_guarded(&r, exceptions[i].code)) {
            print_fault(exceptions[i].at);
            print_fault_regs((uint32_t)(uintptr_t)tmem);
        } else {
            printf("no fault eax=%08x", r.eax);
        }
        printf("\n");
    }
    test_rep_fault();
}

/* ------------------------------------------------------------------ */
/*
 * Self-modifying code in an RWX mapping: an immediate patched between
 * calls, a store into the next instruction of the same block, an opcode
 * rewritten between calls, and data written next to code on its page.
 */
static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void test_smc(void)
{
    uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *next, *op, *counter;
    uint32_t i;
    struct regs r;

    if (code == MAP_FAILED)
        return;
    /* mov $imm1, %eax; add $imm2, %eax; ret */
    code[0] = 0xb8;
    code[5] = 0x05;
    code[10] = 0xc3;
    printf("smc imm:");
    for (i = 0; i < 16; i++) {
        put32(code + 1, i * 0x01010101);
        put32(code + 6, i << 24 | 7);
        memset(&r, 0, sizeof(r));
        exec_snippet(&r, (const char *)code);
        printf(" %08x", r.eax);
    }
    printf("\n");

    /* movl $new, next+1; next: mov $old, %eax; ret */
    next = code + 64 + 10;
    code[64] = 0xc7;
    code[65] = 0x05;
    put32(code + 66, (uint32_t)(uintptr_t)(next + 1));
    next[0] = 0xb8;
    next[5] = 0xc3;
    printf("smc next insn:");
    for (i = 0; i < 8; i++) {
        put32(code + 70, 0x1000 + i);
        put32(next + 1, 0xdead0000 + i);
        memset(&r, 0, sizeof(r));
        exec_snippet(&r, (const char *)code + 64);
        printf(" %08x", r.eax);
    }
    printf("\n");

    /* 1: inc %eax (40, rewritten to dec 48); loop 1b; ret */
    op = code + 128;
    op[1] = 0xe2;
    op[2] = 0xfd;
    op[3] = 0xc3;
    printf("smc opcode:");
    for (i = 0; i < 8; i++) {
        op[0] = i & 1 ? 0x48 : 0x40;
        memset(&r, 0, sizeof(r));
        r.ecx = 10 + i;
        exec_snippet(&r, (const char *)op);
        printf(" %08x", r.eax);
    }
    printf("\n");

    /* incl counter (same page); mov counter, %eax; ret -- 1000 calls */
    counter = code + 2048;
    put32(counter, 0);
    code[192] = 0xff;
    code[193] = 0x05;
    put32(code + 194, (uint32_t)(uintptr_t)counter);
    code[198] = 0xa1;
    put32(code + 199, (uint32_t)(uintptr_t)counter);
    code[203] = 0xc3;
    for (i = 0; i < 1000; i++) {
        memset(&r, 0, sizeof(r));
        exec_snippet(&r, (const char *)code + 192);
    }
    printf("smc data on code page: %u\n", r.eax);
    munmap(code, 4096);
}

/* ------------------------------------------------------------------ */

static const struct {
    const char *name;
    void (*fn)(void);
} groups[] = {
    { "alu", test_alu }, { "unary", test_unary }, { "muldiv", test_muldiv },
    { "shift", test_shift }, { "bit", test_bit }, { "bsf", test_bsf },
    { "cc", test_cc }, { "loop", test_loop }, { "call", test_call },
    { "enter", test_enter }, { "push", test_push }, { "pushf", test_pushf },
    { "string", test_string }, { "xchg", test_xchg }, { "ext", test_ext },
    { "lea", test_lea32 }, { "bcd", test_bcd }, { "flags", test_flag_insns },
    { "bound", test_bound }, { "nop", test_nop }, { "cpuid", test_cpuid },
    { "segments", test_segments }, { "lea16", test_lea16 },
    { "string16", test_string16 }, { "exceptions", test_exceptions },
    { "smc", test_smc },
};

/*
 * test-i386 [-u] [group...]: run the named groups (all by default); -u
 * prints the flags the SDM leaves undefined too.  Output is flushed after
 * each group so that a crash under the emulator shows where it happened.
 */
int main(int argc, char **argv)
{
    unsigned i;
    int k, first = 1;

    if (argc > 1 && strcmp(argv[1], "-u") == 0) {
        unmasked = 1;
        first = 2;
    }
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    install_fault_handlers();
    gen_init();
    setup_segments();
    for (i = 0; i < ARRAY_SIZE(groups); i++) {
        for (k = first; k < argc; k++)
            if (strcmp(argv[k], groups[i].name) == 0)
                break;
        if (first < argc && k == argc)
            continue;
        groups[i].fn();
        fflush(stdout);
    }
    return 0;
}

/* Defined last so that every use above is a forward reference (see
   test-i386-shift.h). */
asm(".set SHIFT_ONE, 1");
