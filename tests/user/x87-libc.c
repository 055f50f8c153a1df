/* long double from C against the native CPU: arithmetic the compiler
   turns into x87 code, conversions to integers (fistp with the control
   word switched around it), and printf and strtold, whose long double
   paths run on the x87 too.  No libm: the program links with libc alone. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void set_rounding(int rc)
{
    uint16_t cw;
    asm volatile("fnstcw %0" : "=m"(cw));
    cw = (cw & ~0xc00) | rc << 10;
    asm volatile("fldcw %0" : : "m"(cw));
}

static int status_word(void)
{
    uint16_t sw;
    asm volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

static long double x87_sqrt(long double x)
{
    asm("fsqrt" : "+t"(x));
    return x;
}

static long double x87_atan2(long double y, long double x)
{
    long double r;
    asm("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

static volatile long double seed = 1.0L / 3.0L, sink;

static long double series(int n)
{
    long double s = 0;
    for (int k = 1; k <= n; k++)
        s += 1.0L / ((long double)k * k);
    return s;
}

int main(void)
{
    static const char *const numbers[] = {
        "0.1", "1e4932", "1e-4950", "-3.141592653589793238462643383279",
        "0x1.fffffffffffffffep16383", "nan", "-inf", "123456789012345678901234567890",
    };
    long double x = seed;

    printf("%La %.20Lg\n", x, x);
    printf("%La %.25Lg\n", series(1000), series(1000));
    printf("%La %.20Lg\n", x87_sqrt(2.0L), x87_sqrt(x));
    printf("%La %.20Lg\n", x87_atan2(x, -2.0L), x87_atan2(-1e-4000L, x));
    printf("%.30Lf %Le\n", 1.0L / 7.0L, 1e4000L * x);
    printf("%.17g %.9g %Lg %Lg\n", (double)x, (float)x, (long double)(1ull << 63),
           (long double)-123456789012345ll);
    for (int rc = 0; rc < 4; rc++) {
        set_rounding(rc);
        long double y = 2.0L / 3.0L * seed;
        printf("round %d: %La %.21Lg %ld %lld %.17g %u\n", rc, y, y, (long)(y * 1e9L),
               (long long)(y * 1e18L), (double)y, (unsigned int)(y * 4e9L));
    }
    set_rounding(0);
    for (unsigned int i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        long double v = strtold(numbers[i], NULL);
        printf("strtold %s -> %La %.25Lg\n", numbers[i], v, v);
    }
    asm volatile("fnclex");
    sink = seed * 3;
    printf("flags %04x\n", status_word() & 0x3f);
    sink = sink / (seed - seed);
    printf("flags %04x %Lg\n", status_word() & 0x3f, sink);
    return 0;
}
