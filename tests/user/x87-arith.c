/* x87 arithmetic against the native CPU: fadd fmul fsub fsubr fdiv fdivr
   and the fcom/fcomp of the same rows, in their st(i), popping and m32,
   m64, m16int and m32int forms, on edge values (zeros, denormals,
   infinities, NaNs, unsupported formats), then under every rounding and
   precision control.  Each line is the state fnsave sees right after the
   instruction: control, status and tag words and the stack in hex. */
#include "x87-test.h"

#define vals x87_vals
#define NVALS X87_NVALS

static const F80 qnan = { 0xc000000000000000ull, 0x7fff };

static void show(const char *what, int i, int j, const struct fpstate *s)
{
    printf("%s %d %d", what, i, j);
    show_state(s);
}

/* C0 C2 C3 set beforehand (fucompp of a QNaN): arithmetic must keep them */
#define PROLOGUE "fninit\n\tfldcw %[cw]\n\tfldt %[q]\n\tfld %%st\n\tfucompp\n\t"

/* st0 = a, st1 = b, then the instruction */
#define REG_TEST(name, bytes)                                                  \
static void name(int i, int j, uint16_t cw)                                    \
{                                                                              \
    struct fpstate s;                                                          \
    asm volatile(PROLOGUE "fldt %[b]\n\tfldt %[a]\n\t.byte " bytes "\n\t"      \
                 "fnsave %[s]"                                                 \
                 : [s] "=m"(s)                                                 \
                 : [a] "m"(vals[i]), [b] "m"(vals[j]), [cw] "m"(cw),           \
                   [q] "m"(qnan));                                             \
    show(#name, i, j, &s);                                                     \
}

REG_TEST(fadd_st0_st1, "0xd8, 0xc1")
REG_TEST(fmul_st0_st1, "0xd8, 0xc9")
REG_TEST(fcom_st1, "0xd8, 0xd1")
REG_TEST(fcomp_st1, "0xd8, 0xd9")
REG_TEST(fsub_st0_st1, "0xd8, 0xe1")
REG_TEST(fsubr_st0_st1, "0xd8, 0xe9")
REG_TEST(fdiv_st0_st1, "0xd8, 0xf1")
REG_TEST(fdivr_st0_st1, "0xd8, 0xf9")
REG_TEST(fadd_st0_st0, "0xd8, 0xc0")
REG_TEST(fsub_st0_st0, "0xd8, 0xe0")
REG_TEST(fadd_st1_st0, "0xdc, 0xc1")
REG_TEST(fmul_st1_st0, "0xdc, 0xc9")
REG_TEST(fcom2_st1, "0xdc, 0xd1")
REG_TEST(fcomp3_st1, "0xdc, 0xd9")
REG_TEST(fsubr_st1_st0, "0xdc, 0xe1")
REG_TEST(fsub_st1_st0, "0xdc, 0xe9")
REG_TEST(fdivr_st1_st0, "0xdc, 0xf1")
REG_TEST(fdiv_st1_st0, "0xdc, 0xf9")
REG_TEST(faddp_st1_st0, "0xde, 0xc1")
REG_TEST(fmulp_st1_st0, "0xde, 0xc9")
REG_TEST(fcomp5_st1, "0xde, 0xd1")
REG_TEST(fcompp, "0xde, 0xd9")
REG_TEST(fsubrp_st1_st0, "0xde, 0xe1")
REG_TEST(fsubp_st1_st0, "0xde, 0xe9")
REG_TEST(fdivrp_st1_st0, "0xde, 0xf1")
REG_TEST(fdivp_st1_st0, "0xde, 0xf9")
REG_TEST(fucom_st1, "0xdd, 0xe1")
REG_TEST(fucomp_st1, "0xdd, 0xe9")
REG_TEST(fucompp, "0xda, 0xe9")

typedef void RegTest(int, int, uint16_t);

static RegTest *const row_d8[] = {
    fadd_st0_st1, fmul_st0_st1, fcom_st1, fcomp_st1,
    fsub_st0_st1, fsubr_st0_st1, fdiv_st0_st1, fdivr_st0_st1,
};

static RegTest *const other_forms[] = {
    fadd_st0_st0, fsub_st0_st0,
    fadd_st1_st0, fmul_st1_st0, fcom2_st1, fcomp3_st1,
    fsubr_st1_st0, fsub_st1_st0, fdivr_st1_st0, fdiv_st1_st0,
    faddp_st1_st0, fmulp_st1_st0, fcomp5_st1, fcompp,
    fsubrp_st1_st0, fsubp_st1_st0, fdivrp_st1_st0, fdivp_st1_st0,
    fucom_st1, fucomp_st1, fucompp,
};

static const float m32[] = {
    0.0f, -0.0f, 1.0f, -3.0f, 0.1f, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f,
    1.0f / 0.0f, -1.0f / 0.0f,
};
static const uint32_t m32_nan[] = { 0x7fc00001, 0xff800001 }; /* QNaN, -SNaN */
static const double m64[] = {
    0.0, -0.0, 1.0, -3.0, 0.1, 1.7976931348623157e308, 2.2250738585072014e-308,
    4.9e-324, 1.0 / 0.0, -1.0 / 0.0,
};
static const uint64_t m64_nan[] = { 0x7ff8000000000001ull, 0xfff0000000000001ull };
static const int16_t m16i[] = { 0, 1, -1, 3, 32767, -32768 };
static const int32_t m32i[] = { 0, 1, -1, 7, 2147483647, -2147483647 - 1 };

/* st0 = a, then the instruction with memory operand *m */
#define MEM_TEST(name, insn, type)                                             \
static void name(int i, const type *m, int j)                                  \
{                                                                              \
    struct fpstate s;                                                          \
    uint16_t cw = 0x37f;                                                       \
    asm volatile(PROLOGUE "fldt %[a]\n\t" insn " %[m]\n\tfnsave %[s]"          \
                 : [s] "=m"(s)                                                 \
                 : [a] "m"(vals[i]), [m] "m"(*m), [cw] "m"(cw), [q] "m"(qnan)); \
    show(#name, i, j, &s);                                                     \
}

#define MEM_ROW(sfx, type)                          \
    MEM_TEST(fadd ## sfx, "fadd" #sfx, type)        \
    MEM_TEST(fmul ## sfx, "fmul" #sfx, type)        \
    MEM_TEST(fcom ## sfx, "fcom" #sfx, type)        \
    MEM_TEST(fcomp ## sfx, "fcomp" #sfx, type)      \
    MEM_TEST(fsub ## sfx, "fsub" #sfx, type)        \
    MEM_TEST(fsubr ## sfx, "fsubr" #sfx, type)      \
    MEM_TEST(fdiv ## sfx, "fdiv" #sfx, type)        \
    MEM_TEST(fdivr ## sfx, "fdivr" #sfx, type)

#define IMEM_ROW(sfx, type)                         \
    MEM_TEST(fiadd ## sfx, "fiadd" #sfx, type)      \
    MEM_TEST(fimul ## sfx, "fimul" #sfx, type)      \
    MEM_TEST(ficom ## sfx, "ficom" #sfx, type)      \
    MEM_TEST(ficomp ## sfx, "ficomp" #sfx, type)    \
    MEM_TEST(fisub ## sfx, "fisub" #sfx, type)      \
    MEM_TEST(fisubr ## sfx, "fisubr" #sfx, type)    \
    MEM_TEST(fidiv ## sfx, "fidiv" #sfx, type)      \
    MEM_TEST(fidivr ## sfx, "fidivr" #sfx, type)

MEM_ROW(s, float)
MEM_ROW(l, double)
IMEM_ROW(s, int16_t)
IMEM_ROW(l, int32_t)

#define RUN_ROW(sfx, pfx, arr, n)                                              \
    for (int i = 0; i < NVALS; i++)                                            \
        for (int j = 0; j < (int)(n); j++) {                                   \
            pfx ## add ## sfx(i, &arr[j], j);                                  \
            pfx ## mul ## sfx(i, &arr[j], j);                                  \
            pfx ## com ## sfx(i, &arr[j], j);                                  \
            pfx ## comp ## sfx(i, &arr[j], j);                                 \
            pfx ## sub ## sfx(i, &arr[j], j);                                  \
            pfx ## subr ## sfx(i, &arr[j], j);                                 \
            pfx ## div ## sfx(i, &arr[j], j);                                  \
            pfx ## divr ## sfx(i, &arr[j], j);                                 \
        }

/* values where the rounding and precision control show */
static const int round_vals[] = { 2, 4, 6, 7, 8, 9, 10, 11 };

int main(void)
{
    int nround = sizeof(round_vals) / sizeof(round_vals[0]);

    for (int i = 0; i < NVALS; i++)
        for (int j = 0; j < NVALS; j++)
            for (int k = 0; k < 8; k++)
                row_d8[k](i, j, 0x37f);
    for (int i = 0; i < NVALS; i += 2)
        for (int j = 1; j < NVALS; j += 2)
            for (unsigned int k = 0; k < sizeof(other_forms) / sizeof(other_forms[0]); k++)
                other_forms[k](i, j, 0x37f);

    RUN_ROW(s, f, m32, sizeof(m32) / sizeof(m32[0]))
    RUN_ROW(s, f, ((const float *)m32_nan), 2)
    RUN_ROW(l, f, m64, sizeof(m64) / sizeof(m64[0]))
    RUN_ROW(l, f, ((const double *)m64_nan), 2)
    RUN_ROW(s, fi, m16i, sizeof(m16i) / sizeof(m16i[0]))
    RUN_ROW(l, fi, m32i, sizeof(m32i) / sizeof(m32i[0]))

    for (int rc = 0; rc < 4; rc++)
        for (int pc = 0; pc < 4; pc++) {
            uint16_t cw = 0x3f | (pc << 8) | (rc << 10);
            if (pc == 1)
                continue;
            for (int i = 0; i < nround; i++)
                for (int j = 0; j < nround; j++) {
                    fadd_st0_st1(round_vals[i], round_vals[j], cw);
                    fsub_st0_st1(round_vals[i], round_vals[j], cw);
                    fmul_st0_st1(round_vals[i], round_vals[j], cw);
                    fdiv_st0_st1(round_vals[i], round_vals[j], cw);
                }
        }
    return 0;
}
