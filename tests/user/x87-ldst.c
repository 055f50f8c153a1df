/* x87 loads, stores and register moves against the native CPU: fld fst
   fstp in 32, 64 and 80 bits, fild fist fistp fisttp in 16, 32 and 64,
   fbld fbstp, the constants, fld/fst/fstp/fxch st(i) (and their
   undocumented aliases), ffree ffreep fincstp fdecstp fnop, fchs fabs ftst
   fxam; stores and constants under every rounding control. */
#include <string.h>
#include "x87-test.h"

#define vals x87_vals
#define NVALS X87_NVALS

static void show(const char *what, int i, int rc, const struct fpstate *s)
{
    printf("%s %d rc%d", what, i, rc);
    show_state(s);
}

static void show_mem(const void *m, int n)
{
    const uint8_t *p = m;
    printf(" mem=");
    for (int k = n - 1; k >= 0; k--)
        printf("%02x", p[k]);
}

/* loads: push from memory, show the stack */
#define LOAD_TEST(name, insn, type)                                           \
static void name(const type *m, int i)                                        \
{                                                                             \
    struct fpstate s;                                                         \
    asm volatile("fninit\n\t" insn " %[m]\n\tfnsave %[s]"                     \
                 : [s] "=m"(s) : [m] "m"(*m));                                \
    show(#name, i, 0, &s);                                                    \
}

LOAD_TEST(flds, "flds", uint32_t)
LOAD_TEST(fldl, "fldl", uint64_t)
LOAD_TEST(fldt, "fldt", F80)
LOAD_TEST(filds, "filds", int16_t)
LOAD_TEST(fildl, "fildl", int32_t)
LOAD_TEST(fildll, "fildll", int64_t)
LOAD_TEST(fbld, "fbld", F80)

static const uint32_t m32_vals[] = {
    0, 0x80000000, 0x3f800000, 0xc0400000, 0x3dcccccd, 0x7f7fffff, 0x00800000,
    0x00000001, 0x807fffff, 0x7f800000, 0xff800000, 0x7fc00001, 0xff800001,
    0x7fbfffff,
};
static const uint64_t m64_vals[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xc008000000000000ull,
    0x3fb999999999999aull, 0x7fefffffffffffffull, 0x0010000000000000ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000001ull, 0xfff0000000000001ull,
};
static const int16_t m16i_vals[] = { 0, 1, -1, 12345, 32767, -32768 };
static const int32_t m32i_vals[] = { 0, 1, -1, 123456789, 2147483647, -2147483647 - 1 };
static const int64_t m64i_vals[] = {
    0, 1, -1, 1234567890123456789ll, 9223372036854775807ll,
    -9223372036854775807ll - 1,
};
static const F80 bcd_vals[] = {
    { 0, 0 },
    { 0x0000000000000001ull, 0x0000 },
    { 0x0000000000000001ull, 0x8000 },       /* -1 */
    { 0, 0x8000 },                           /* -0 */
    { 0x3456789012345678ull, 0x0012 },       /* 18 digits */
    { 0x9999999999999999ull, 0x0099 },       /* largest */
    { 0x9999999999999999ull, 0x8099 },       /* smallest */
    { 0x00000000000000abull, 0x0000 },       /* invalid digits */
    { 0xc000000000000000ull, 0xffff },       /* the BCD indefinite */
};

/* stores: st0 = vals[i], store under rounding control rc, show memory */
#define STORE_TEST(name, insn, type)                                          \
static void name(int i, int rc)                                               \
{                                                                             \
    struct fpstate s;                                                         \
    type m;                                                                   \
    uint16_t cw = 0x37f | (rc << 10);                                         \
    memset(&m, 0x55, sizeof(m));                                              \
    asm volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldt %[a]\n\t" insn        \
                 " %[m]\n\tfnsave %[s]"                                       \
                 : [s] "=m"(s), [m] "=m"(m) : [a] "m"(vals[i]), [cw] "m"(cw)); \
    printf("%s %d rc%d", #name, i, rc);                                       \
    show_mem(&m, sizeof(m));                                                  \
    show_state(&s);                                                           \
}

STORE_TEST(fsts, "fsts", uint32_t)
STORE_TEST(fstps, "fstps", uint32_t)
STORE_TEST(fstl, "fstl", uint64_t)
STORE_TEST(fstpl, "fstpl", uint64_t)
STORE_TEST(fstpt, "fstpt", F80)
STORE_TEST(fists, "fists", int16_t)
STORE_TEST(fistps, "fistps", int16_t)
STORE_TEST(fistl, "fistl", int32_t)
STORE_TEST(fistpl, "fistpl", int32_t)
STORE_TEST(fistpll, "fistpll", int64_t)
STORE_TEST(fisttps, "fisttps", int16_t)
STORE_TEST(fisttpl, "fisttpl", int32_t)
STORE_TEST(fisttpll, "fisttpll", int64_t)
STORE_TEST(fbstp, "fbstp", F80)

typedef void StoreTest(int, int);
static StoreTest *const stores[] = {
    fsts, fstps, fstl, fstpl, fstpt, fists, fistps, fistl, fistpl, fistpll,
    fisttps, fisttpl, fisttpll, fbstp,
};

/* values for the integer and BCD stores: ties, limits, out of range */
static const F80 int_vals[] = {
    { 0xa000000000000000ull, 0x4000 },       /* 2.5 */
    { 0xe000000000000000ull, 0xc000 },       /* -3.5 */
    { 0xfffe000000000000ull, 0x400e },       /* 32767 */
    { 0xffff000000000000ull, 0x400e },       /* 32767.5 */
    { 0x8000800000000000ull, 0xc00e },       /* -32768.5 */
    { 0xfffffffe00000000ull, 0x401d },       /* 2147483647 */
    { 0x8000000000000000ull, 0x401e },       /* 2^31 */
    { 0xffffffffffffffffull, 0x403d },       /* 2^63 - 0.5 */
    { 0x8000000000000000ull, 0xc03e },       /* -2^63 */
    { 0xde0b6b3a763fffffull, 0x4039 },       /* 10^18 - 1 */
    { 0xde0b6b3a76400000ull, 0x4039 },       /* 10^18 */
    { 0x8000000000000000ull, 0x3ffe },       /* 0.5 */
    { 0xc000000000000000ull, 0xbffe },       /* -0.75 */
};

static void int_store_tests(void)
{
    for (unsigned int i = 0; i < sizeof(int_vals) / sizeof(int_vals[0]); i++)
        for (int rc = 0; rc < 4; rc++) {
            struct fpstate s;
            uint16_t cw = 0x37f | (rc << 10);
            int16_t w;
            int32_t l;
            int64_t q;
            F80 b;
            asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"
                         "fists %[w]\n\tfistl %[l]\n\tfld %%st\n\tfistpll %[q]\n\t"
                         "fld %%st\n\tfbstp %[b]\n\tfnsave %[s]"
                         : [s] "=m"(s), [w] "=m"(w), [l] "=m"(l), [q] "=m"(q), [b] "=m"(b)
                         : [a] "m"(int_vals[i]), [cw] "m"(cw));
            printf("fist* %u rc%d w=%04x l=%08x q=%016llx b=", i, rc, (uint16_t)w,
                   (uint32_t)l, (unsigned long long)q);
            print_f80(&b);
            show_state(&s);
            asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"
                         "fld %%st\n\tfisttps %[w]\n\tfld %%st\n\tfisttpl %[l]\n\t"
                         "fisttpll %[q]\n\tfnsave %[s]"
                         : [s] "=m"(s), [w] "=m"(w), [l] "=m"(l), [q] "=m"(q)
                         : [a] "m"(int_vals[i]), [cw] "m"(cw));
            printf("fisttp* %u rc%d w=%04x l=%08x q=%016llx", i, rc, (uint16_t)w,
                   (uint32_t)l, (unsigned long long)q);
            show_state(&s);
        }
}

/* constants under each rounding control */
#define CONST_TEST(name)                                                      \
static void name ## _test(int rc)                                             \
{                                                                             \
    struct fpstate s;                                                         \
    uint16_t cw = 0x37f | (rc << 10);                                         \
    asm volatile("fninit\n\tfldcw %[cw]\n\t" #name "\n\tfnsave %[s]"          \
                 : [s] "=m"(s) : [cw] "m"(cw));                               \
    show(#name, 0, rc, &s);                                                   \
}

CONST_TEST(fld1)
CONST_TEST(fldz)
CONST_TEST(fldpi)
CONST_TEST(fldl2e)
CONST_TEST(fldl2t)
CONST_TEST(fldlg2)
CONST_TEST(fldln2)

/* register moves on a stack of four: st0..st3 = vals[i], 1, 2, 3 */
#define STACK_TEST(name, bytes)                                               \
static void name(int i)                                                       \
{                                                                             \
    struct fpstate s;                                                         \
    asm volatile("fninit\n\tfld1\n\tfld1\n\tfadd %%st(1), %%st\n\t"           \
                 "fld1\n\tfadd %%st(1), %%st\n\tfldt %[a]\n\t"                \
                 ".byte " bytes "\n\tfnsave %[s]"                             \
                 : [s] "=m"(s) : [a] "m"(vals[i]));                           \
    show(#name, i, 0, &s);                                                    \
}

STACK_TEST(fld_st2, "0xd9, 0xc2")
STACK_TEST(fld_st0, "0xd9, 0xc0")
STACK_TEST(fxch_st3, "0xd9, 0xcb")
STACK_TEST(fxch_st0, "0xd9, 0xc8")
STACK_TEST(fxch4_st2, "0xdd, 0xca")
STACK_TEST(fxch7_st1, "0xdf, 0xc9")
STACK_TEST(fst_st2, "0xdd, 0xd2")
STACK_TEST(fst_st0, "0xdd, 0xd0")
STACK_TEST(fstp_st2, "0xdd, 0xda")
STACK_TEST(fstp_st0, "0xdd, 0xd8")
STACK_TEST(fstp1_st3, "0xd9, 0xdb")
STACK_TEST(fstp8_st1, "0xdf, 0xd1")
STACK_TEST(fstp9_st2, "0xdf, 0xda")
STACK_TEST(ffree_st1, "0xdd, 0xc1")
STACK_TEST(ffree_st0, "0xdd, 0xc0")
STACK_TEST(ffreep_st2, "0xdf, 0xc2")
STACK_TEST(fincstp, "0xd9, 0xf7")
STACK_TEST(fdecstp, "0xd9, 0xf6")
STACK_TEST(fnop, "0xd9, 0xd0")
STACK_TEST(fchs_st0, "0xd9, 0xe0")
STACK_TEST(fabs_st0, "0xd9, 0xe1")
STACK_TEST(ftst, "0xd9, 0xe4")
STACK_TEST(fxam, "0xd9, 0xe5")

typedef void StackTest(int);
static StackTest *const stack_tests[] = {
    fld_st2, fld_st0, fxch_st3, fxch_st0, fxch4_st2, fxch7_st1, fst_st2, fst_st0,
    fstp_st2, fstp_st0, fstp1_st3, fstp8_st1, fstp9_st2, ffree_st1, ffree_st0,
    ffreep_st2, fincstp, fdecstp, fnop, fchs_st0, fabs_st0, ftst, fxam,
};

int main(void)
{
#define LOADS(fn, arr) \
    for (unsigned int i = 0; i < sizeof(arr) / sizeof(arr[0]); i++) fn(&arr[i], i);
    LOADS(flds, m32_vals)
    LOADS(fldl, m64_vals)
    LOADS(fldt, vals)
    LOADS(filds, m16i_vals)
    LOADS(fildl, m32i_vals)
    LOADS(fildll, m64i_vals)
    LOADS(fbld, bcd_vals)

    for (int i = 0; i < NVALS; i++)
        for (int rc = 0; rc < 4; rc++)
            for (unsigned int k = 0; k < sizeof(stores) / sizeof(stores[0]); k++)
                stores[k](i, rc);
    int_store_tests();

    for (int rc = 0; rc < 4; rc++) {
        fld1_test(rc);
        fldz_test(rc);
        fldpi_test(rc);
        fldl2e_test(rc);
        fldl2t_test(rc);
        fldlg2_test(rc);
        fldln2_test(rc);
    }
    for (int i = 0; i < NVALS; i++)
        for (unsigned int k = 0; k < sizeof(stack_tests) / sizeof(stack_tests[0]); k++)
            stack_tests[k](i);
    return 0;
}
