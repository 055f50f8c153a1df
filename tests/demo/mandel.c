/* The demo run by `make run`: an ASCII Mandelbrot set in fixed point,
   a few primes and a checksum, from an i386 program. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#define FIX 4096

static int mandel(int cr, int ci)
{
    int zr = 0, zi = 0, n;
    for (n = 0; n < 64; n++) {
        int zr2 = zr * zr / FIX, zi2 = zi * zi / FIX;
        if (zr2 + zi2 > 4 * FIX)
            break;
        zi = 2 * zr * zi / FIX + ci;
        zr = zr2 - zi2 + cr;
    }
    return n;
}

int main(void)
{
    static const char shades[] = " .:-=+*#%@";
    struct utsname u;
    unsigned sum = 0;

    for (int y = -12; y <= 12; y++) {
        char line[81];
        for (int x = 0; x < 78; x++) {
            int n = mandel(-2 * FIX + x * FIX * 3 / 78, y * FIX / 10);
            sum = sum * 31 + n;
            line[x] = n == 64 ? '@' : shades[n % 9];
        }
        line[78] = 0;
        puts(line);
    }
    printf("primes:");
    for (int n = 2, found = 0; found < 15; n++) {
        int p = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0)
                p = 0;
        if (p) {
            printf(" %d", n);
            found++;
        }
    }
    uname(&u);
    printf("\nchecksum %08x, machine %s, sizeof(long) = %d\n", sum, u.machine,
           (int)sizeof(long));
    return 0;
}
