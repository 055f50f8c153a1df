/*
 * longdouble.c: long double, double and float through printf (%La %Lg
 * %.20Lf %a %g), strtold, and the arithmetic and libm calls that are exact
 * on the x87: + - * /, sqrtl, fabsl, floorl, ceill, truncl, rintl, ldexpl,
 * frexpl, and conversions to and from integers.
 *
 * Transcendental libm functions are left out on purpose: they are not
 * required to be bit-identical between an emulated and a real x87.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void show(const char *what, long double x)
{
    printf("%-14s %La | %.21Lg | %.20Lf\n", what, x, x,
           fabsl(x) < 1e30L ? x : 0.0L);
}

static volatile long double vals[] = {
    0.0L, -0.0L, 1.0L, -1.0L, 0.1L, 1.0L / 3.0L, 2.0L / 3.0L, 1e300L,
    1e-300L, 1e4000L, -1e-4000L, LDBL_MAX, LDBL_MIN, LDBL_MIN / 1024.0L,
    LDBL_EPSILON, 123456789.123456789L, -9007199254740993.0L,
};

int main(void)
{
    unsigned i, j;
    long double x, y;
    int e;

    for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        show("value", vals[i]);
    show("inf", (long double)INFINITY);
    printf("nan: %Lg %d\n", (long double)NAN, isnan((long double)NAN));

    for (i = 0; i < 7; i++)
        for (j = 0; j < 7; j++) {
            x = vals[i + 2];
            y = vals[j + 4];
            printf("%u %u: %La %La %La %La\n", i, j, x + y, x - y, x * y,
                   x / y);
        }

    for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        x = fabsl(vals[i]);
        printf("sqrtl %La floor %La ceil %La trunc %La rint %La\n",
               sqrtl(x), floorl(vals[i] * 1000), ceill(vals[i] * 1000),
               truncl(vals[i] * 1000), rintl(vals[i] * 1000));
        y = frexpl(vals[i], &e);
        printf("frexpl %La %d ldexpl %La\n", y, e, ldexpl(y, e - 3));
    }

    for (i = 0; i < 20; i++) {
        double d = 1.0 / (i + 1) - i * 1e10;
        float f = (float)d * 3.0f;
        long long ll = (long long)(d * 1e5);
        printf("double %a %.17g float %a %.9g ll %lld back %La\n", d, d,
               (double)f, (double)f, ll, (long double)ll);
    }

    x = strtold("3.14159265358979323846264338327950288", NULL);
    show("strtold pi", x);
    x = strtold("0x1.fffffffffffffffep+16383", NULL);
    show("strtold max", x);
    x = strtold("4.9406564584124654e-324", NULL);
    show("strtold dmin", x);
    printf("sizeof(long double)=%u LDBL_MANT_DIG=%d\n",
           (unsigned)sizeof(long double), LDBL_MANT_DIG);
    return 0;
}
