/* x87 compares that reach EFLAGS against the native CPU: fcomi fucomi
   fcomip fucomip (ZF PF CF set, OF SF AF cleared, the rest kept), and the
   eight fcmovcc under every combination of CF ZF PF; also ficom and
   fxam's classes. */
#include "x87-test.h"

#define vals x87_vals
#define NVALS X87_NVALS

#define EFL_ARITH 0x8d5 /* OF SF ZF AF PF CF */

/* st0 = vals[i], st1 = vals[j], eflags = flags_in; show eflags after */
#define FCOMI_TEST(name, bytes)                                               \
static void name(int i, int j, uint32_t flags_in)                             \
{                                                                             \
    struct fpstate s;                                                         \
    uint32_t flags;                                                           \
    asm volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t"                       \
                 "pushl %[fin]\n\tpopfl\n\t"                                  \
                 ".byte " bytes "\n\t"                                        \
                 "pushfl\n\tpopl %[f]\n\tfnsave %[s]"                         \
                 : [s] "=m"(s), [f] "=r"(flags)                               \
                 : [a] "m"(vals[i]), [b] "m"(vals[j]), [fin] "r"(flags_in)    \
                 : "cc");                                                     \
    printf("%s %d %d in=%03x eflags=%03x", #name, i, j, flags_in,             \
           flags & EFL_ARITH);                                                \
    show_state(&s);                                                           \
}

FCOMI_TEST(fcomi_st1, "0xdb, 0xf1")
FCOMI_TEST(fucomi_st1, "0xdb, 0xe9")
FCOMI_TEST(fcomip_st1, "0xdf, 0xf1")
FCOMI_TEST(fucomip_st1, "0xdf, 0xe9")
FCOMI_TEST(fcomi_st0, "0xdb, 0xf0")

/* fcmovcc st0 <- st1, with CF ZF PF from bits 0-2 of cond */
#define FCMOV_TEST(name, bytes)                                               \
static void name(int i, int j, int cond)                                      \
{                                                                             \
    struct fpstate s;                                                         \
    uint32_t flags_in = 0x202 | (cond & 1 ? 0x1 : 0) | (cond & 2 ? 0x40 : 0) | \
                        (cond & 4 ? 0x4 : 0);                                 \
    asm volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t"                       \
                 "pushl %[fin]\n\tpopfl\n\t"                                  \
                 ".byte " bytes "\n\tfnsave %[s]"                             \
                 : [s] "=m"(s)                                                \
                 : [a] "m"(vals[i]), [b] "m"(vals[j]), [fin] "r"(flags_in)    \
                 : "cc");                                                     \
    printf("%s %d %d cond=%d", #name, i, j, cond);                            \
    show_state(&s);                                                           \
}

FCMOV_TEST(fcmovb, "0xda, 0xc1")
FCMOV_TEST(fcmove, "0xda, 0xc9")
FCMOV_TEST(fcmovbe, "0xda, 0xd1")
FCMOV_TEST(fcmovu, "0xda, 0xd9")
FCMOV_TEST(fcmovnb, "0xdb, 0xc1")
FCMOV_TEST(fcmovne, "0xdb, 0xc9")
FCMOV_TEST(fcmovnbe, "0xdb, 0xd1")
FCMOV_TEST(fcmovnu, "0xdb, 0xd9")

typedef void FcmovTest(int, int, int);
static FcmovTest *const fcmovs[] = {
    fcmovb, fcmove, fcmovbe, fcmovu, fcmovnb, fcmovne, fcmovnbe, fcmovnu,
};

/* a compare sets the flags, a C-level branch on them reads them back */
static int less_than(long double a, long double b)
{
    return a < b;
}

int main(void)
{
    static const uint32_t flag_patterns[] = { 0x002, 0x8d7 };
    static const int16_t w[] = { 0, 1, -1, 300 };
    static const int32_t l[] = { 0, 1, -7, 100000 };

    for (int i = 0; i < NVALS; i++)
        for (int j = 0; j < NVALS; j++)
            for (int f = 0; f < 2; f++) {
                fcomi_st1(i, j, flag_patterns[f]);
                fucomi_st1(i, j, flag_patterns[f]);
                fcomip_st1(i, j, flag_patterns[f]);
                fucomip_st1(i, j, flag_patterns[f]);
            }
    for (int i = 0; i < NVALS; i++)
        fcomi_st0(i, 0, 0x8d7);
    for (int i = 0; i < NVALS; i += 3)
        for (int j = 1; j < NVALS; j += 4)
            for (int c = 0; c < 8; c++)
                for (int k = 0; k < 8; k++)
                    fcmovs[k](i, j, c);

    for (int i = 0; i < NVALS; i++)
        for (int k = 0; k < 4; k++) {
            struct fpstate s;
            asm volatile("fninit\n\tfldt %[a]\n\tficoms %[w]\n\tfnsave %[s]"
                         : [s] "=m"(s) : [a] "m"(vals[i]), [w] "m"(w[k]));
            printf("ficoms %d %d", i, k);
            show_state(&s);
            asm volatile("fninit\n\tfldt %[a]\n\tficompl %[l]\n\tfnsave %[s]"
                         : [s] "=m"(s) : [a] "m"(vals[i]), [l] "m"(l[k]));
            printf("ficompl %d %d", i, k);
            show_state(&s);
        }

    for (int i = 0; i < NVALS; i++)
        for (int j = 0; j < NVALS; j++) {
            long double a, b;
            __builtin_memcpy(&a, &vals[i], 10);
            __builtin_memcpy(&b, &vals[j], 10);
            printf("%d", less_than(a, b));
        }
    printf("\n");
    return 0;
}
