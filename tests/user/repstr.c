/* repstr: rep movs and rep stos of every size over overlapping buffers
   (the forward element-by-element copy replicates a pattern), across page
   boundaries, backwards (std), and into a page that faults part way: the
   signal handler prints how far ECX, ESI and EDI got. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define AREA 0x6000

static uint8_t *area;
static uint32_t limit = AREA; /* the accessible part of the area */
static sigjmp_buf fault_jmp;
static volatile uint32_t fault_ecx, fault_esi, fault_edi;

static uint32_t sum(const uint8_t *p, uint32_t n)
{
    uint32_t h = 0;
    for (uint32_t i = 0; i < n; i++)
        h = h * 31 + p[i];
    return h;
}

static void fill(void)
{
    for (uint32_t i = 0; i < limit; i++)
        area[i] = i * 7 + (i >> 8);
}

/* size 1, 2 or 4; back: with DF set */
static void movs(int size, uint32_t dst, uint32_t src, uint32_t count, int back)
{
    uint32_t c = count;
    void *d = area + dst, *s = area + src;
    if (back)
        asm volatile("std");
    if (size == 1)
        asm volatile("rep movsb" : "+c"(c), "+D"(d), "+S"(s) : : "memory");
    else if (size == 2)
        asm volatile("rep movsw" : "+c"(c), "+D"(d), "+S"(s) : : "memory");
    else
        asm volatile("rep movsl" : "+c"(c), "+D"(d), "+S"(s) : : "memory");
    asm volatile("cld");
    printf("movs%d dst %#x src %#x n %u%s: ecx %u edi %+d esi %+d sum %08x\n", size,
           dst, src, count, back ? " std" : "", c, (int)((uint8_t *)d - area - dst),
           (int)((uint8_t *)s - area - src), sum(area, limit));
}

static void stos(int size, uint32_t dst, uint32_t count, uint32_t v)
{
    uint32_t c = count;
    void *d = area + dst;
    if (size == 1)
        asm volatile("rep stosb" : "+c"(c), "+D"(d) : "a"(v) : "memory");
    else if (size == 2)
        asm volatile("rep stosw" : "+c"(c), "+D"(d) : "a"(v) : "memory");
    else
        asm volatile("rep stosl" : "+c"(c), "+D"(d) : "a"(v) : "memory");
    printf("stos%d dst %#x n %u: ecx %u edi %+d sum %08x\n", size, dst, count, c,
           (int)((uint8_t *)d - area - dst), sum(area, limit));
}

static void on_segv(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    (void)sig;
    fault_ecx = uc->uc_mcontext.gregs[REG_ECX];
    fault_esi = uc->uc_mcontext.gregs[REG_ESI];
    fault_edi = uc->uc_mcontext.gregs[REG_EDI];
    printf("fault at +%#x\n", (unsigned)((uint8_t *)si->si_addr - area));
    siglongjmp(fault_jmp, 1);
}

/* the last page of the area is made inaccessible */
static void movs_fault(int size, uint32_t dst, uint32_t src, uint32_t count)
{
    if (sigsetjmp(fault_jmp, 1) == 0) {
        movs(size, dst, src, count, 0);
        return;
    }
    printf("movs%d dst %#x src %#x n %u faulted: ecx %u edi +%#x esi +%#x sum %08x\n",
           size, dst, src, count, fault_ecx, (unsigned)(fault_edi - (uintptr_t)area),
           (unsigned)(fault_esi - (uintptr_t)area), sum(area, limit));
}

static void stos_fault(int size, uint32_t dst, uint32_t count)
{
    if (sigsetjmp(fault_jmp, 1) == 0) {
        stos(size, dst, count, 0x5a5a5a5a);
        return;
    }
    printf("stos%d dst %#x n %u faulted: ecx %u edi +%#x sum %08x\n", size, dst, count,
           fault_ecx, (unsigned)(fault_edi - (uintptr_t)area), sum(area, limit));
}

int main(void)
{
    static const uint32_t dists[] = { 0, 1, 2, 3, 4, 5, 7, 8, 100, 4095, 4096, 4097 };
    struct sigaction sa;

    setvbuf(stdout, NULL, _IONBF, 0);
    area = mmap(NULL, AREA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return 1;
    for (int size = 1; size <= 4; size *= 2) {
        for (unsigned i = 0; i < sizeof(dists) / sizeof(dists[0]); i++) {
            fill();
            movs(size, 0x800 + dists[i], 0x800, 9000 / size, 0);
            fill();
            movs(size, 0x800, 0x800 + dists[i], 9000 / size, 0);
        }
        fill();
        movs(size, 0x1ffd, 0x3ffe, 3000 / size, 0);
        fill();
        movs(size, 0x4000, 0x1000, 0, 0);
        fill();
        movs(size, 0x4800, 0x3803, 5000 / size, 1);
        fill();
        stos(size, 0x0fff, 10001 / size, 0x11223344);
        stos(size, 0x2001, 3, 0xa1b2c3d4);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    mprotect(area + AREA - 0x1000, 0x1000, PROT_NONE);
    limit = AREA - 0x1000;
    for (int size = 1; size <= 4; size *= 2) {
        fill();
        movs_fault(size, 0x3ffd, 0x100, 0x2000 / size);
        fill();
        movs_fault(size, 0x100, 0x3ffe, 0x2000 / size);
        fill();
        stos_fault(size, 0x4ff1, 0x1000 / size);
    }
    return 0;
}
