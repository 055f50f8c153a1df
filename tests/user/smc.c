/*
 * smc.c: self-modifying code the way a JIT writes it.  Small functions are
 * generated into an RWX mapping, called, rewritten in place and called
 * again, many times, with checksums of their results printed.
 *
 * A translator that caches translated code must notice every rewrite: a
 * stale translation shows up as a wrong checksum.  Rewrites hit a function
 * that has just run, a neighbour on the same page, and a function while
 * its caller (also generated) stays the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define SLOT 64
#define NSLOTS 64

typedef uint32_t (*fn1)(uint32_t);

static uint8_t *buf;

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* f(x) = x * mul + add, cdecl:
   mov 4(%esp),%eax; imul $mul,%eax,%eax; add $add,%eax; ret */
static void gen_affine(uint8_t *p, uint32_t mul, uint32_t add)
{
    p[0] = 0x8b; p[1] = 0x44; p[2] = 0x24; p[3] = 0x04;
    p[4] = 0x69; p[5] = 0xc0; put32(p + 6, mul);
    p[10] = 0x05; put32(p + 11, add);
    p[15] = 0xc3;
}

/* f(x) = x op k for op in xor/rol/sub/shr, to vary the opcodes written */
static void gen_op(uint8_t *p, int op, uint32_t k)
{
    p[0] = 0x8b; p[1] = 0x44; p[2] = 0x24; p[3] = 0x04;
    switch (op & 3) {
    case 0: p[4] = 0x35; put32(p + 5, k); p[9] = 0xc3; break;
    case 1: p[4] = 0xc1; p[5] = 0xc0; p[6] = k & 31; p[7] = 0xc3; break;
    case 2: p[4] = 0x2d; put32(p + 5, k); p[9] = 0xc3; break;
    default: p[4] = 0xc1; p[5] = 0xe8; p[6] = k & 31; p[7] = 0xc3; break;
    }
}

/* A caller: push 4(%esp); call *target; add $4,%esp; inc %eax; ret */
static void gen_caller(uint8_t *p, uint8_t *target)
{
    p[0] = 0xff; p[1] = 0x74; p[2] = 0x24; p[3] = 0x04;
    p[4] = 0xe8; put32(p + 5, (uint32_t)(target - (p + 9)));
    p[9] = 0x83; p[10] = 0xc4; p[11] = 0x04;
    p[12] = 0x40;
    p[13] = 0xc3;
}

static uint32_t call(uint8_t *p, uint32_t x)
{
    return ((fn1)(void *)p)(x);
}

static uint32_t rng = 12345;

static uint32_t next(void)
{
    rng = rng * 1103515245 + 12345;
    return rng >> 8;
}

int main(void)
{
    uint32_t sum = 0, i, round;

    buf = mmap(NULL, NSLOTS * SLOT, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }

    /* one function rewritten before every call */
    for (i = 0; i < 3000; i++) {
        gen_affine(buf, i * 7 + 1, i ^ 0x5a5a);
        sum = sum * 31 + call(buf, i);
    }
    printf("rewrite-each-call: %08x\n", sum);

    /* all slots generated, run, then random slots rewritten and rerun */
    sum = 0;
    for (i = 0; i < NSLOTS; i++)
        gen_op(buf + i * SLOT, i, i * 0x01020304);
    for (round = 0; round < 200; round++) {
        for (i = 0; i < NSLOTS; i += 3)
            sum = sum * 17 + call(buf + i * SLOT, round * 977 + i);
        for (i = 0; i < 8; i++) {
            uint32_t s = next() % NSLOTS;
            gen_op(buf + s * SLOT, next(), next());
        }
    }
    printf("random-rewrites: %08x\n", sum);

    /* a caller that stays, its callee rewritten underneath it */
    sum = 0;
    gen_caller(buf, buf + 2 * SLOT);
    for (i = 0; i < 1000; i++) {
        gen_affine(buf + 2 * SLOT, i, ~i);
        sum = sum * 13 + call(buf, i + 1);
    }
    printf("caller-callee: %08x\n", sum);

    /* the callee's slot switched between two forms, caller rewritten too */
    sum = 0;
    for (i = 0; i < 1000; i++) {
        if (i % 10 == 0)
            gen_caller(buf + SLOT, buf + (2 + (i / 10) % 2) * SLOT);
        gen_op(buf + 2 * SLOT, i, i * 3);
        gen_affine(buf + 3 * SLOT, 3, i);
        sum = sum * 7 + call(buf + SLOT, i);
    }
    printf("switching: %08x\n", sum);
    return 0;
}
