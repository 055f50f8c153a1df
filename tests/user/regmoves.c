/* regmoves: a guest register copied through a temporary (lea leaves it
   in A0), then written by something other than a full 32-bit move (a byte
   or word move, cmov, setcc, xchg, mul, div, a string op, loop, cmpxchg,
   xadd, bswap, pop ...), then read again in the same block.  The
   translator's move pass must see each of those writes, or the reload
   takes the stale copy.  Each line prints the six registers after one
   sequence. */
#include <stdint.h>
#include <stdio.h>

/* eax ecx edx ebx esi edi, loaded before and stored after each sequence */
static uint32_t regs[6];
static uint32_t mem[4] = { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00 };

#define LOAD  "mov regs, %%eax\n\tmov regs+4, %%ecx\n\tmov regs+8, %%edx\n\t" \
              "mov regs+12, %%ebx\n\tmov regs+16, %%esi\n\tmov regs+20, %%edi\n\t"
#define STORE "\n\tmov %%eax, regs\n\tmov %%ecx, regs+4\n\tmov %%edx, regs+8\n\t" \
              "mov %%ebx, regs+12\n\tmov %%esi, regs+16\n\tmov %%edi, regs+20"

#define SEQ(name, body)                                                 \
    static void name(void)                                              \
    {                                                                   \
        regs[0] = 0x80000001; regs[1] = 0x00000305; regs[2] = 0x12345678; \
        regs[3] = 0xfedcba98; regs[4] = (uint32_t)(uintptr_t)mem;       \
        regs[5] = (uint32_t)(uintptr_t)(mem + 2);                       \
        asm volatile(LOAD body STORE : : : "eax", "ecx", "edx", "ebx",  \
                     "esi", "edi", "memory", "cc");                     \
        printf("%-10s %08x %08x %08x %08x %08x %08x\n", #name, regs[0], \
               regs[1], regs[2], regs[3], regs[4] - (uint32_t)(uintptr_t)mem, \
               regs[5] - (uint32_t)(uintptr_t)mem);                     \
    }

SEQ(movb, "lea (%%edx), %%ebx\n\tmovb %%cl, %%dl\n\tmov %%edx, %%eax\n\tadd %%ebx, %%eax")
SEQ(movh, "lea (%%edx), %%ebx\n\tmovb %%cl, %%dh\n\tmov %%edx, %%eax\n\tsub %%ebx, %%eax")
SEQ(movw, "lea (%%ecx), %%ebx\n\tmovw %%dx, %%cx\n\tmov %%ecx, %%eax\n\txor %%ebx, %%eax")
SEQ(cmov, "lea (%%edx), %%ebx\n\tcmp %%ecx, %%edx\n\tcmova %%ecx, %%edx\n\tmov %%edx, %%eax")
SEQ(xchg, "lea (%%edx), %%ebx\n\txchg %%ecx, %%edx\n\tmov %%edx, %%eax\n\tmov %%ebx, %%esi")
SEQ(mul, "lea (%%edx), %%ebx\n\tmul %%ecx\n\tmov %%edx, %%edi\n\tadd %%ebx, %%edx")
SEQ(div, "lea (%%edx), %%ebx\n\tand $0xff, %%edx\n\tmov %%edx, %%esi\n\tdiv %%ecx\n\t"
         "mov %%edx, %%edi")
SEQ(lods, "lea (%%esi), %%ebx\n\tlodsl\n\tmov %%esi, %%edx\n\tsub %%ebx, %%edx")
SEQ(movs, "lea (%%esi), %%ebx\n\tlea (%%edi), %%ecx\n\tmovsl\n\tmov %%esi, %%edx\n\t"
          "mov %%edi, %%eax\n\tsub %%ecx, %%eax")
SEQ(loop, "mov %%ecx, %%ebx\n\tand $3, %%ecx\n\tlea (%%ecx), %%edx\n1:\n\tloop 1b\n\t"
          "mov %%ecx, %%eax\n\tadd %%edx, %%eax")
SEQ(cmpxchg, "lea (%%edx), %%ebx\n\tmov (%%esi), %%eax\n\tmov %%eax, %%ecx\n\t"
             "cmpxchg %%edx, (%%esi)\n\tmov %%eax, %%edi\n\tmov (%%esi), %%edx")
SEQ(xadd, "lea (%%edx), %%ebx\n\txadd %%edx, %%ecx\n\tmov %%edx, %%eax\n\tmov %%ecx, %%edi")
SEQ(bswap, "lea (%%edx), %%ebx\n\tbswap %%edx\n\tmov %%edx, %%eax\n\tmov %%ebx, %%ecx")
SEQ(pop, "lea (%%edx), %%ebx\n\tpush %%ecx\n\tpop %%edx\n\tmov %%edx, %%eax\n\tmov %%ebx, %%edi")
SEQ(inc, "lea (%%edx), %%ebx\n\tinc %%edx\n\tmov %%edx, %%eax\n\tdec %%ebx\n\tmov %%ebx, %%ecx")
SEQ(lea, "lea (%%edx), %%ebx\n\tlea 4(%%edx,%%ecx,2), %%edx\n\tmov %%edx, %%eax")
SEQ(xchgmem, "lea (%%edx), %%ebx\n\txchg %%edx, (%%esi)\n\tmov %%edx, %%eax\n\t"
             "xchg %%edx, (%%esi)\n\tmov %%edx, %%ecx")
SEQ(setcc, "lea (%%edx), %%ebx\n\tcmp %%ecx, %%edx\n\tsetb %%dl\n\tmov %%edx, %%eax")
SEQ(movzx, "lea (%%edx), %%ebx\n\tmovzbl %%cl, %%edx\n\tmov %%edx, %%eax\n\tmov %%ebx, %%edi")
SEQ(shld, "lea (%%edx), %%ebx\n\tshld %%cl, %%eax, %%edx\n\tmov %%edx, %%esi\n\tmov %%ebx, %%edi")
SEQ(copies, "lea (%%edx), %%ebx\n\tmov %%ebx, %%ecx\n\tmov %%ecx, %%esi\n\tmov %%esi, %%edi\n\t"
            "add $1, %%edx\n\tmov %%edi, %%eax")

int main(void)
{
    movb(); movh(); movw(); cmov(); xchg(); mul(); div(); lods(); movs();
    loop(); cmpxchg(); xadd(); bswap(); pop(); inc(); lea(); xchgmem();
    setcc(); movzx(); shld(); copies();
    return 0;
}
