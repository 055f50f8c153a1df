/*
 * malloc.c: a deterministic storm of malloc, calloc, realloc and free, from
 * a few bytes to blocks large enough that glibc takes them from mmap, with
 * every block's contents checked before it is freed.
 *
 * This exercises brk, mmap, mremap and munmap as an i386 program makes
 * them; the output is checksums and counts, never addresses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBLOCKS 512

static struct block {
    uint8_t *p;
    size_t size;
    uint8_t seed;
} blocks[NBLOCKS];

static uint32_t rng = 2003;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static size_t pick_size(void)
{
    uint32_t r = next();

    switch (r % 16) {
    case 0: return 0;
    case 1: return 160 * 1024 + r % (256 * 1024);
    case 2: case 3: return 4096 + r % 32768;
    default: return 1 + r % 512;
    }
}

static void fill(struct block *b)
{
    size_t i;

    for (i = 0; i < b->size; i++)
        b->p[i] = (uint8_t)(b->seed + i * 7);
}

static int check(const struct block *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (b->p[i] != (uint8_t)(b->seed + i * 7))
            return 0;
    return 1;
}

int main(void)
{
    unsigned long ops[4] = { 0 }, bad = 0, total = 0;
    uint32_t sum = 0;
    int round, k;

    for (round = 0; round < 6000; round++) {
        struct block *b = &blocks[next() % NBLOCKS];
        uint32_t what = next() % 8;

        if (b->p && what < 3) {
            bad += !check(b, b->size);
            free(b->p);
            b->p = NULL;
            ops[0]++;
        } else if (b->p && what < 5) {
            size_t n = pick_size() + 1, keep = n < b->size ? n : b->size;
            uint8_t *q = realloc(b->p, n);
            if (!q) {
                bad++;
                continue;
            }
            b->p = q;
            bad += !check(b, keep);
            b->size = n;
            fill(b);
            ops[1]++;
        } else if (!b->p) {
            b->size = pick_size();
            b->seed = next();
            if (what & 1) {
                size_t i;
                b->p = calloc(1, b->size + 1);
                for (i = 0; b->p && i < b->size; i++)
                    bad += b->p[i] != 0;
                ops[2]++;
            } else {
                b->p = malloc(b->size + 1);
                ops[3]++;
            }
            if (!b->p) {
                bad++;
                continue;
            }
            fill(b);
        }
    }
    for (k = 0; k < NBLOCKS; k++) {
        if (!blocks[k].p)
            continue;
        bad += !check(&blocks[k], blocks[k].size);
        sum = sum * 31 + blocks[k].size;
        total += blocks[k].size;
        free(blocks[k].p);
    }
    printf("free %lu realloc %lu calloc %lu malloc %lu\n", ops[0], ops[1],
           ops[2], ops[3]);
    printf("live bytes at end %lu, size checksum %08x, bad %lu\n", total,
           sum, bad);
    return bad != 0;
}
