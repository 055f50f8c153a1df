/* mandel: the Mandelbrot set in double precision, built with
   -mfpmath=387 -mno-sse: a tight x87 loop of fmul/fadd/fsub/fcomi on the
   register stack, with the iteration counts as the checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int iterations(double cr, double ci, int max)
{
    double zr = 0, zi = 0;
    int n;

    for (n = 0; n < max; n++) {
        double zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0)
            break;
        zi = 2 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
    }
    return n;
}

int main(int argc, char **argv)
{
    int size = argc > 1 ? atoi(argv[1]) : 500;
    uint32_t sum = 0, inside = 0;

    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double cr = -2.0 + 2.5 * x / size, ci = -1.25 + 2.5 * y / size;
            int n = iterations(cr, ci, 256);
            sum = sum * 31 + n;
            inside += n == 256;
        }
    printf("mandel %dx%d: %u inside, %08x\n", size, size, inside, sum);
    return 0;
}
