/* The x87 instructions libm is not bit-identical to, against the native
   CPU: fsin fcos fsincos fptan (with out-of-range operands, C2), f2xm1
   fsqrt frndint fxtract, and on two registers fpatan fyl2x fyl2xp1 fscale
   fprem fprem1 (C0 C1 C3 quotient bits); under every rounding control and,
   for fsqrt, every precision control. */
#include "x87-test.h"

#define vals x87_vals
#define NVALS X87_NVALS

static const F80 more_vals[] = {
    { 0x8000000000000000ull, 0x3ffe },       /* 0.5 */
    { 0x8000000000000000ull, 0xbffe },       /* -0.5 */
    { 0xabcc77118461cefdull, 0x3fdd },       /* 1e-10 */
    { 0xc800000000000000ull, 0x4005 },       /* 100 */
    { 0xc800000000000000ull, 0xc005 },       /* -100 */
    { 0x9c404ccccccccccdull, 0x400c },       /* 10000.3 */
    { 0x8000000000000000ull, 0x403d },       /* 2^62 */
    { 0xffffffffffffffffull, 0x403d },       /* just under 2^63 */
    { 0x8000000000000000ull, 0x403f },       /* 2^64 */
    { 0xc9f2c9cd04674edfull, 0x4062 },       /* 1e30 */
    { 0xb504f333f9de6484ull, 0x3ffe },       /* 1/sqrt(2) */
    { 0x8000000000000000ull, 0x3fbf },       /* 2^-64 */
    { 0xc90fdaa22168c235ull, 0x3fff },       /* pi/2 */
    { 0xc90fdaa22168c235ull, 0x4001 },       /* 2 pi */
};
#define NMORE (int)(sizeof(more_vals) / sizeof(more_vals[0]))

static const F80 *val(int i)
{
    return i < NVALS ? &vals[i] : &more_vals[i - NVALS];
}

#define NALL (NVALS + NMORE)

/* st0 = a (and st1 = b) under control word cw */
#define TEST(name, insn)                                                      \
static void name(int i, int j, uint16_t cw)                                   \
{                                                                             \
    struct fpstate s;                                                         \
    asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"        \
                 insn "\n\tfnsave %[s]"                                       \
                 : [s] "=m"(s)                                                \
                 : [a] "m"(*val(i)), [b] "m"(*val(j)), [cw] "m"(cw));         \
    printf("%s %d %d %04x", #name, i, j, cw);                                 \
    show_state(&s);                                                           \
}

TEST(fsin, "fsin")
TEST(fcos, "fcos")
TEST(fsincos, "fsincos")
TEST(fptan, "fptan")
TEST(f2xm1, "f2xm1")
TEST(fsqrt, "fsqrt")
TEST(frndint, "frndint")
TEST(fxtract, "fxtract")
TEST(fpatan, "fpatan")
TEST(fyl2x, "fyl2x")
TEST(fyl2xp1, "fyl2xp1")
TEST(fscale, "fscale")
TEST(fprem, "fprem")
TEST(fprem1, "fprem1")

typedef void Test(int, int, uint16_t);
static Test *const unary[] = { fsin, fcos, fsincos, fptan, f2xm1, fsqrt, frndint, fxtract };
static Test *const binary[] = { fpatan, fyl2x, fyl2xp1, fscale, fprem, fprem1 };
#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* fprem until C2 clears, as a remainder loop does */
static void fprem_loop(int i, int j)
{
    struct fpstate s;
    int n = 0;
    uint16_t sw;
    asm volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t"
                 "1:\n\tfprem\n\tincl %[n]\n\tfnstsw %%ax\n\ttestb $4, %%ah\n\t"
                 "jnz 1b\n\tfnsave %[s]"
                 : [s] "=m"(s), [n] "+r"(n), "=a"(sw)
                 : [a] "m"(*val(i)), [b] "m"(*val(j)));
    printf("fprem-loop %d %d n=%d", i, j, n);
    show_state(&s);
}

int main(void)
{
    for (int i = 0; i < NALL; i++)
        for (int k = 0; k < N(unary); k++)
            unary[k](i, 2, 0x37f);
    for (int i = 0; i < NALL; i++)
        for (int j = 0; j < NALL; j++)
            for (int k = 0; k < N(binary); k++)
                binary[k](i, j, 0x37f);
    for (int rc = 1; rc < 4; rc++)
        for (int i = 0; i < NALL; i += 2)
            for (int k = 0; k < N(unary); k++)
                unary[k](i, 3, 0x37f | rc << 10);
    for (int pc = 0; pc < 4; pc++)
        for (int rc = 0; rc < 4; rc++)
            for (int i = 0; i < NALL; i++) {
                fsqrt(i, 0, 0x07f | pc << 8 | rc << 10);
                fscale(i, NVALS + 6, 0x07f | pc << 8 | rc << 10);
            }
    fprem_loop(NVALS + 9, 6);
    fprem_loop(9, 7);
    fprem_loop(NVALS + 9, NVALS + 13);
    return 0;
}
