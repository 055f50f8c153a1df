/* flagseq: flag producers followed, in the same block, by the consumers
   the translator computes inline from a statically known cc_op: all 16
   setcc and jcc, inc/dec (which keep CF), adc and sbb.  Each line prints
   the result, the flags and the 16 conditions for one pair of operands. */
#include <stdint.h>
#include <stdio.h>

#define FLAGS_MASK 0x8c5 /* OF SF ZF PF CF: AF is undefined after logic ops */

#define SETCC_ALL(m)                                                    \
    "seto 0(" m ")\n\tsetno 1(" m ")\n\tsetb 2(" m ")\n\tsetae 3(" m ")\n\t" \
    "sete 4(" m ")\n\tsetne 5(" m ")\n\tsetbe 6(" m ")\n\tseta 7(" m ")\n\t" \
    "sets 8(" m ")\n\tsetns 9(" m ")\n\tsetp 10(" m ")\n\tsetnp 11(" m ")\n\t" \
    "setl 12(" m ")\n\tsetge 13(" m ")\n\tsetle 14(" m ")\n\tsetg 15(" m ")\n\t"

/* one conditional jump after op1, ending the block: 1 if taken */
#define JCC(name, op1, cc)                                              \
    static int name##_##cc(uint32_t a, uint32_t b)                      \
    {                                                                   \
        int taken;                                                      \
        asm volatile("mov %1, %%eax\n\tmov %2, %%edx\n\t" op1 "\n\t"    \
                     "j" #cc " 1f\n\tmovl $0, %0\n\tjmp 2f\n"           \
                     "1:\n\tmovl $1, %0\n2:"                            \
                     : "=m"(taken) : "r"(a), "r"(b) : "eax", "edx", "cc"); \
        return taken;                                                   \
    }

#define SEQ(name, op1)                                                  \
    JCC(name, op1, o) JCC(name, op1, no) JCC(name, op1, b) JCC(name, op1, ae) \
    JCC(name, op1, e) JCC(name, op1, ne) JCC(name, op1, be) JCC(name, op1, a) \
    JCC(name, op1, s) JCC(name, op1, ns) JCC(name, op1, p) JCC(name, op1, np) \
    JCC(name, op1, l) JCC(name, op1, ge) JCC(name, op1, le) JCC(name, op1, g) \
    static void name(uint32_t a, uint32_t b)                            \
    {                                                                   \
        uint8_t set[16];                                                \
        uint32_t res, fl, jcc;                                          \
        asm volatile("mov %2, %%eax\n\tmov %3, %%edx\n\t" op1 "\n\t"    \
                     SETCC_ALL("%4")                                    \
                     "pushf\n\tpop %1\n\tmov %%eax, %0"                 \
                     : "=r"(res), "=r"(fl) : "r"(a), "r"(b), "r"(set)   \
                     : "eax", "edx", "cc", "memory");                   \
        jcc = name##_o(a, b) | name##_no(a, b) << 1 | name##_b(a, b) << 2 | \
              name##_ae(a, b) << 3 | name##_e(a, b) << 4 |              \
              name##_ne(a, b) << 5 | name##_be(a, b) << 6 |             \
              name##_a(a, b) << 7 | name##_s(a, b) << 8 |               \
              name##_ns(a, b) << 9 | name##_p(a, b) << 10 |             \
              name##_np(a, b) << 11 | name##_l(a, b) << 12 |            \
              name##_ge(a, b) << 13 | name##_le(a, b) << 14 |           \
              name##_g(a, b) << 15;                                     \
        printf("%-10s %08x %08x: %08x %03x ", #name, a, b, res, fl & FLAGS_MASK); \
        for (int i = 0; i < 16; i++)                                    \
            putchar('0' + set[i]);                                      \
        printf(" %04x\n", jcc);                                         \
    }

SEQ(addl, "addl %%edx, %%eax")
SEQ(subl, "subl %%edx, %%eax")
SEQ(cmpl, "cmpl %%edx, %%eax")
SEQ(andl, "andl %%edx, %%eax")
SEQ(orl, "orl %%edx, %%eax")
SEQ(testl, "testl %%edx, %%eax")
SEQ(addw, "addw %%dx, %%ax")
SEQ(subb, "subb %%dl, %%al")
SEQ(xorb, "xorb %%dl, %%al")
SEQ(add_inc, "addl %%edx, %%eax\n\tincl %%eax")
SEQ(sub_dec, "subl %%edx, %%eax\n\tdecl %%eax")
SEQ(cmp_incw, "cmpw %%dx, %%ax\n\tincw %%ax")
SEQ(addb_decl, "addb %%dl, %%al\n\tdecl %%eax")
SEQ(and_inc, "andl %%edx, %%eax\n\tincl %%eax")
SEQ(inc_dec, "cmpl %%edx, %%eax\n\tincl %%eax\n\tdecb %%al")
SEQ(add_adc, "addl %%edx, %%eax\n\tadcl %%edx, %%eax")
SEQ(sub_sbb, "subl %%edx, %%eax\n\tsbbl %%edx, %%eax")
SEQ(cmp_adc, "cmpl %%edx, %%eax\n\tadcl $0, %%eax")
SEQ(cmpb_sbbl, "cmpb %%dl, %%al\n\tsbbl %%edx, %%eax")
SEQ(addw_adcb, "addw %%dx, %%ax\n\tadcb %%dl, %%al")
SEQ(or_adc, "orl %%edx, %%eax\n\tadcl %%edx, %%eax")
SEQ(test_sbb, "testl %%edx, %%eax\n\tsbbl %%edx, %%eax")
SEQ(dec_adc, "subl %%edx, %%eax\n\tdecl %%eax\n\tadcl %%edx, %%eax")
SEQ(inc_sbb, "addl %%edx, %%eax\n\tincl %%edx\n\tsbbl %%edx, %%eax")
/* adc and sbb whose own flags nothing reads: the flag pass drops them */
SEQ(adc_dead, "addl %%edx, %%eax\n\tadcl %%edx, %%eax\n\tandl %%eax, %%eax")
SEQ(sbb_dead, "subl %%edx, %%eax\n\tsbbl %%edx, %%eax\n\torl %%edx, %%eax")
SEQ(cmp_adc_dead, "cmpl %%edx, %%eax\n\tadcl $0, %%eax\n\ttestl %%edx, %%eax")
SEQ(or_sbb_dead, "orl %%edx, %%eax\n\tsbbl %%edx, %%eax\n\txorl %%edx, %%eax")
SEQ(dec_adc_dead, "subl %%edx, %%eax\n\tdecl %%eax\n\tadcl %%edx, %%eax\n\t"
                  "subl %%edx, %%eax")
SEQ(addw_adcb_dead, "addw %%dx, %%ax\n\tadcb %%dl, %%al\n\tcmpl %%edx, %%eax")
/* double shifts by an immediate whose flags nothing reads; by 0 the
   flags of the cmp before go through to the adc */
SEQ(shld_dead, "shldl $13, %%edx, %%eax\n\tandl %%eax, %%eax")
SEQ(shrd_dead, "shrdl $7, %%edx, %%eax\n\torl %%edx, %%eax")
SEQ(shldw_dead, "shldw $5, %%dx, %%ax\n\ttestl %%eax, %%eax")
SEQ(shrdw_dead, "shrdw $20, %%dx, %%ax\n\tcmpl %%edx, %%eax")
SEQ(shld0_dead, "cmpl %%edx, %%eax\n\tshldl $0, %%edx, %%eax\n\tadcl %%edx, %%eax")

static void (*const seqs[])(uint32_t, uint32_t) = {
    addl, subl, cmpl, andl, orl, testl, addw, subb, xorb, add_inc, sub_dec,
    cmp_incw, addb_decl, and_inc, inc_dec, add_adc, sub_sbb, cmp_adc,
    cmpb_sbbl, addw_adcb, or_adc, test_sbb, dec_adc, inc_sbb, adc_dead,
    sbb_dead, cmp_adc_dead, or_sbb_dead, dec_adc_dead, addw_adcb_dead,
    shld_dead, shrd_dead, shldw_dead, shrdw_dead, shld0_dead,
};

static const uint32_t vals[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x12345678,
};

int main(void)
{
    int n = sizeof(vals) / sizeof(vals[0]);
    for (unsigned k = 0; k < sizeof(seqs) / sizeof(seqs[0]); k++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                seqs[k](vals[i], vals[j]);
    return 0;
}
