/* The holes of the x87 opcode map against the native CPU: each encoding
   either runs (the undocumented aliases fstp1 fstp8 fstp9 fcom2 fcomp3
   fcomp5 fxch4 fxch7 ffreep, and feni fdisi fsetpm, which do nothing
   since the 387) or raises #UD, seen as SIGILL at that instruction; so
   does any of them with a lock prefix. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile uint32_t fault_eip;

static void on_sigill(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_eip = (uint32_t)si->si_addr;
    siglongjmp(env, 1);
}

/* the bytes run at code[], then a ret; a memory operand is (%ebx) */
static uint8_t *code;
static uint8_t bytes[128] __attribute__((aligned(16)));

static void try(uint8_t prefix, uint8_t b, uint8_t modrm)
{
    uint16_t sw;
    int n = 0;

    if (sigsetjmp(env, 1)) {
        printf("%02x %02x %02x sigill at +%d\n", prefix, b, modrm,
               (int)(fault_eip - (uint32_t)code));
        asm volatile("fninit");
        return;
    }
    if (prefix)
        code[n++] = prefix;
    code[n++] = b;
    code[n++] = modrm;
    code[n] = 0xc3;
    asm volatile("fninit\n\tfld1\n\tfldz\n\tcall *%[code]\n\tfnstsw %[sw]\n\tfninit"
                 : [sw] "=m"(sw) : [code] "r"(code), "b"(bytes) : "memory", "cc");
    printf("%02x %02x %02x ran sw=%04x\n", prefix, b, modrm, sw);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    for (int b = 0xd8; b <= 0xdf; b++)
        for (int reg = 0; reg < 8; reg++) {
            try(0, b, reg << 3 | 3);        /* memory operand (%ebx) */
            try(0xf0, b, reg << 3 | 3);
        }
    for (int b = 0xd8; b <= 0xdf; b++)
        for (int m = 0xc0; m <= 0xff; m++)
            if ((m & 7) <= 1 || b == 0xd9 || b == 0xdb || b == 0xdf || (m & 0xf8) == 0xd8)
                try(0, b, m);
    try(0xf0, 0xd9, 0xe8);
    try(0xf3, 0xd9, 0xe8);
    try(0x66, 0xd9, 0xe8);
    return 0;
}
