/* intloop: integer ALU work in a tight loop, heavy on flag-setting
   instructions (add/sub/cmp/test, adc/sbb from 64-bit sums, shifts and
   rotates, setcc and data-dependent branches), so it measures how well
   lazy condition codes and dead-flag elimination pay off. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t work(uint32_t n)
{
    uint32_t a = 1, b = 2, c = 3, d = 0;
    uint64_t acc = 0;

    for (uint32_t i = 0; i < n; i++) {
        a = a * 1664525u + 1013904223u;
        b ^= a >> 7;
        b = (b << 3) | (b >> 29);
        c += a < b;
        if ((int32_t)(a - b) < 0)
            c -= b & 0xff;
        else
            c += a & 0x7f;
        acc += (uint64_t)a + b;
        acc -= c;
        acc ^= acc << 13;
        if ((a & 3) == 0)
            d ^= c >> (b & 15);
        d += (int32_t)c > (int32_t)d ? 1 : 2;
    }
    return acc ^ ((uint64_t)d << 32) ^ c;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000000u;

    printf("intloop %u: %016llx\n", n, (unsigned long long)work(n));
    return 0;
}
