/* x87 stack faults against the native CPU: every kind of instruction on
   an empty register (underflow) or pushing onto a full stack (overflow),
   with the invalid-operation exception masked (QNaN indefinite, IE SF,
   C1) and unmasked (no result); fnsave reads the state without waiting,
   so no #MF is raised here. */
#include "x87-test.h"

static const F80 one = { 1ull << 63, 0x3fff };
static const float m32 = 1.5f;
static const double m64 = 2.5;
static const int16_t m16i = 3;
static const int32_t m32i = 4;
static const int64_t m64i = 5;
static const F80 bcd = { 0x99, 0 };
static const F80 ext = { 0xc000000000000000ull, 0x4000 };

static void show(const char *what, uint16_t cw, uint32_t flags,
                 const struct fpstate *s)
{
    printf("%s cw%04x eflags=%03x", what, cw, flags & 0x8d5);
    show_state(s);
}

/* setup leaves the stack as the case needs it; then the instruction */
#define CASE(name, setup, insn)                                               \
static void name(uint16_t cw)                                                 \
{                                                                             \
    struct fpstate s;                                                         \
    uint32_t flags;                                                           \
    union { uint64_t q; F80 t; } out = { 0 };                                 \
    asm volatile("fninit\n\tfldcw %[cw]\n\t" setup "\n\t"                     \
                 "pushl $0x8d7\n\tpopfl\n\t" insn "\n\t"                      \
                 "pushfl\n\tpopl %[f]\n\tfnsave %[s]"                         \
                 : [s] "=m"(s), [f] "=r"(flags), [out] "=m"(out)              \
                 : [cw] "m"(cw), [one] "m"(one), [m32] "m"(m32),              \
                   [m64] "m"(m64), [m16i] "m"(m16i), [m32i] "m"(m32i),        \
                   [m64i] "m"(m64i), [bcd] "m"(bcd), [ext] "m"(ext)           \
                 : "cc");                                                     \
    show(#name, cw, flags, &s);                                               \
    printf("  out=%016llx:%04x\n", (unsigned long long)out.t.mant, out.t.sexp); \
}

#define ONE "fldt %[one]\n\t"
#define FULL ONE ONE ONE ONE ONE ONE ONE ONE
/* st0 valid, st1 empty */
#define ST1_EMPTY ONE
/* st0 empty, st1 valid */
#define ST0_EMPTY ONE ONE "ffree %%st(0)\n\t"

CASE(fadd_st1_empty, ST1_EMPTY, "fadd %%st(1), %%st")
CASE(fadd_st0_empty, ST0_EMPTY, "fadd %%st(1), %%st")
CASE(fadd_to_st1_empty, ST1_EMPTY, ".byte 0xdc, 0xc1")
CASE(faddp_st1_empty, ST1_EMPTY, ".byte 0xde, 0xc1")
CASE(fdivrp_st1_empty, ST1_EMPTY, ".byte 0xde, 0xf1")
CASE(fadds_empty, "", "fadds %[m32]")
CASE(fmull_empty, "", "fmull %[m64]")
CASE(fiadds_empty, "", "fiadds %[m16i]")
CASE(fidivl_empty, "", "fidivl %[m32i]")
CASE(fsts_empty, "", "fsts %[out]")
CASE(fstps_empty, "", "fstps %[out]")
CASE(fstl_empty, "", "fstl %[out]")
CASE(fstpl_empty, "", "fstpl %[out]")
CASE(fstpt_empty, "", "fstpt %[out]")
CASE(fists_empty, "", "fists %[out]")
CASE(fistpl_empty, "", "fistpl %[out]")
CASE(fistpll_empty, "", "fistpll %[out]")
CASE(fisttps_empty, "", "fisttps %[out]")
CASE(fisttpll_empty, "", "fisttpll %[out]")
CASE(fbstp_empty, "", "fbstp %[out]")
CASE(fst_st2_empty, "", "fst %%st(2)")
CASE(fstp_st2_empty, "", "fstp %%st(2)")
CASE(fld_st3_empty, ONE, "fld %%st(3)")
CASE(fxch_st1_empty, ST1_EMPTY, "fxch %%st(1)")
CASE(fxch_st0_empty, ST0_EMPTY, "fxch %%st(1)")
CASE(fxch_both_empty, "", "fxch %%st(3)")
CASE(fchs_empty, "", "fchs")
CASE(fabs_empty, "", "fabs")
CASE(ftst_empty, "", "ftst")
CASE(fxam_empty, "", "fxam")
CASE(fsqrt_empty, "", "fsqrt")
CASE(fsin_empty, "", "fsin")
CASE(fcos_empty, "", "fcos")
CASE(frndint_empty, "", "frndint")
CASE(f2xm1_empty, "", "f2xm1")
CASE(fcom_st1_empty, ST1_EMPTY, "fcom %%st(1)")
CASE(fcomp_st1_empty, ST1_EMPTY, "fcomp %%st(1)")
CASE(fcompp_empty, ST1_EMPTY, "fcompp")
CASE(fucompp_empty, ST0_EMPTY, "fucompp")
CASE(fucom_st1_empty, ST1_EMPTY, "fucom %%st(1)")
CASE(fcoms_empty, "", "fcoms %[m32]")
CASE(ficoml_empty, "", "ficoml %[m32i]")
CASE(fcomi_empty, ST1_EMPTY, "fcomi %%st(1), %%st")
CASE(fucomip_empty, ST0_EMPTY, "fucomip %%st(1), %%st")
CASE(fcmovb_taken_empty, ST1_EMPTY, "fcmovb %%st(1), %%st")
CASE(fcmovnb_not_taken_empty, ST1_EMPTY, "fcmovnb %%st(1), %%st")
CASE(fptan_empty, "", "fptan")
CASE(fsincos_empty, "", "fsincos")
CASE(fxtract_empty, "", "fxtract")
CASE(fpatan_st1_empty, ST1_EMPTY, "fpatan")
CASE(fyl2x_st0_empty, ST0_EMPTY, "fyl2x")
CASE(fyl2xp1_st1_empty, ST1_EMPTY, "fyl2xp1")
CASE(fscale_st1_empty, ST1_EMPTY, "fscale")
CASE(fprem_st1_empty, ST1_EMPTY, "fprem")
CASE(fprem1_st0_empty, ST0_EMPTY, "fprem1")
CASE(fld1_full, FULL, "fld1")
CASE(fldz_full, FULL, "fldz")
CASE(fldpi_full, FULL, "fldpi")
CASE(fldl2e_full, FULL, "fldl2e")
CASE(flds_full, FULL, "flds %[m32]")
CASE(fldl_full, FULL, "fldl %[m64]")
CASE(fldt_full, FULL, "fldt %[ext]")
CASE(filds_full, FULL, "filds %[m16i]")
CASE(fildl_full, FULL, "fildl %[m32i]")
CASE(fildll_full, FULL, "fildll %[m64i]")
CASE(fbld_full, FULL, "fbld %[bcd]")
CASE(fld_st2_full, FULL, "fld %%st(2)")
CASE(fld_st3_empty_full, FULL "ffree %%st(3)\n\t", "fld %%st(3)")
CASE(fld_st7_empty_full, FULL "ffree %%st(7)\n\t", "fld %%st(7)")
CASE(fptan_full, FULL, "fptan")
CASE(fsincos_full, FULL, "fsincos")
CASE(fxtract_full, FULL, "fxtract")
CASE(fdecstp_full, FULL, "fdecstp")
CASE(fincstp_one, ONE, "fincstp")
CASE(ffree_st0_full, FULL, "ffree %%st(0)")
CASE(fadd_full, FULL, "fadd %%st(7), %%st")
CASE(fstp_full, FULL, "fstp %%st(0)")

typedef void Case(uint16_t);
static Case *const cases[] = {
    fadd_st1_empty, fadd_st0_empty, fadd_to_st1_empty, faddp_st1_empty,
    fdivrp_st1_empty, fadds_empty, fmull_empty, fiadds_empty, fidivl_empty,
    fsts_empty, fstps_empty, fstl_empty, fstpl_empty, fstpt_empty, fists_empty,
    fistpl_empty, fistpll_empty, fisttps_empty, fisttpll_empty, fbstp_empty,
    fst_st2_empty, fstp_st2_empty, fld_st3_empty, fxch_st1_empty,
    fxch_st0_empty, fxch_both_empty, fchs_empty, fabs_empty, ftst_empty,
    fxam_empty, fsqrt_empty, fsin_empty, fcos_empty, frndint_empty,
    f2xm1_empty, fcom_st1_empty, fcomp_st1_empty, fcompp_empty,
    fucompp_empty, fucom_st1_empty, fcoms_empty, ficoml_empty, fcomi_empty,
    fucomip_empty, fcmovb_taken_empty, fcmovnb_not_taken_empty, fptan_empty,
    fsincos_empty, fxtract_empty, fpatan_st1_empty, fyl2x_st0_empty,
    fyl2xp1_st1_empty, fscale_st1_empty, fprem_st1_empty, fprem1_st0_empty,
    fld1_full, fldz_full, fldpi_full, fldl2e_full, flds_full, fldl_full,
    fldt_full, filds_full, fildl_full, fildll_full, fbld_full, fld_st2_full,
    fld_st3_empty_full, fld_st7_empty_full, fptan_full, fsincos_full,
    fxtract_full, fdecstp_full, fincstp_one, ffree_st0_full, fadd_full,
    fstp_full,
};

int main(void)
{
    for (unsigned int k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        cases[k](0x37f);
        cases[k](0x37e);
        cases[k](0xf7f);
    }
    return 0;
}
