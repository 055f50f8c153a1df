/* Shared by the tests/user/x87-*.c programs: the fnsave image and how a
   line of output shows it.  Every test compares its stdout with the
   native CPU's, so everything printed is architectural: the FPU pointer
   fields (FCS FOP FDP FDS) differ between CPU vendors and are not shown. */
#ifndef X87_TEST_H
#define X87_TEST_H

#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t mant; uint16_t sexp; } __attribute__((packed)) F80;

struct fpstate {
    uint32_t cw, sw, tw, fip, fcs, fdp, fds;
    F80 st[8];
} __attribute__((packed));

static inline void print_f80(const F80 *v)
{
    printf("%04x:%016llx", v->sexp, (unsigned long long)v->mant);
}

/* control, status and tag words, then the registers that are not empty */
static inline void show_state(const struct fpstate *s)
{
    unsigned int top = (s->sw >> 11) & 7;

    printf(" cw=%04x sw=%04x tw=%04x", s->cw & 0xffff, s->sw & 0xffff,
           s->tw & 0xffff);
    for (int k = 0; k < 8; k++) {
        if (((s->tw >> (2 * ((top + k) & 7))) & 3) != 3) {
            printf(" st%d=", k);
            print_f80(&s->st[k]);
        }
    }
    printf("\n");
}

/* edge values of the 80-bit format */
static const F80 x87_vals[] = {
    { 0, 0 },                                  /* +0 */
    { 0, 0x8000 },                             /* -0 */
    { 1ull << 63, 0x3fff },                    /* 1 */
    { 1ull << 63, 0xbfff },                    /* -1 */
    { 0xc000000000000000ull, 0x3fff },         /* 1.5 */
    { 0xa000000000000000ull, 0xc000 },         /* -2.5 */
    { 0xc90fdaa22168c235ull, 0x4000 },         /* pi */
    { 0xaaaaaaaaaaaaaaabull, 0x3ffd },         /* 1/3 */
    { 0xfedcba9876543211ull, 0x4005 },         /* many bits */
    { 0xffffffffffffffffull, 0x7ffe },         /* largest */
    { 1ull << 63, 0x0001 },                    /* smallest normal */
    { 1, 0 },                                  /* smallest denormal */
    { 0x4000000000000000ull, 0x8000 },         /* -denormal */
    { 1ull << 63, 0x7fff },                    /* +inf */
    { 1ull << 63, 0xffff },                    /* -inf */
    { 0xc000000000000001ull, 0x7fff },         /* QNaN */
    { 0x8000000000000001ull, 0xffff },         /* -SNaN */
    { 0xc000000000000000ull, 0xffff },         /* indefinite */
    { 0x4000000000000000ull, 0x3fff },         /* unnormal */
    { 1ull << 63, 0x403e },                    /* 2^63 */
};
#define X87_NVALS (int)(sizeof(x87_vals) / sizeof(x87_vals[0]))

#endif
