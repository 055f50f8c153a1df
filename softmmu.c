/*
 * The guest MMU in software (the system emulator): guest RAM, the
 * two-level i386 page walk with accessed and dirty bits, and the TLB that
 * the memory micro-ops consult inline.  A TLB entry maps one guest page
 * to its host address in phys_ram_base; everything else (no paging yet,
 * a miss, memory beyond RAM) goes through tlb_fill.
 *
 * NOTE: compiled with the global register variables: the slow path runs
 * inside translated code and may raise #PF with the precise guest state.
 */
#include <string.h>
#include "exec-i386.h"
#include "exec-all.h"

uint8_t *phys_ram_base;
uint32_t phys_ram_size;

static uint32_t ldl_phys(uint32_t addr)
{
    if (addr + 4 > phys_ram_size)
        return 0xffffffff;
    return *(uint32_t *)(phys_ram_base + addr);
}

static void stl_phys(uint32_t addr, uint32_t v)
{
    if (addr + 4 <= phys_ram_size)
        *(uint32_t *)(phys_ram_base + addr) = v;
}

void tlb_flush(CPUX86State *s)
{
    memset(s->tlb_read, 0xff, sizeof(s->tlb_read));
    memset(s->tlb_write, 0xff, sizeof(s->tlb_write));
}

void tlb_flush_page(CPUX86State *s, uint32_t addr)
{
    unsigned index = (addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
    addr &= TARGET_PAGE_MASK;
    for (int i = 0; i < 2; i++) {
        if ((s->tlb_read[i][index].address & TARGET_PAGE_MASK) == addr)
            s->tlb_read[i][index].address = -1;
        if ((s->tlb_write[i][index].address & TARGET_PAGE_MASK) == addr)
            s->tlb_write[i][index].address = -1;
    }
}

static void tlb_set_page(CPUX86State *s, int mmu_idx, uint32_t vaddr,
                         uint32_t paddr, int writable)
{
    unsigned index = (vaddr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
    uint32_t address = vaddr & TARGET_PAGE_MASK;
    uintptr_t addend = (uintptr_t)phys_ram_base + (paddr & TARGET_PAGE_MASK) - address;

    if ((paddr & TARGET_PAGE_MASK) >= phys_ram_size)
        address |= TLB_IO;
    s->tlb_read[mmu_idx][index] = (CPUTLBEntry){ address, addend };
    s->tlb_write[mmu_idx][index] = (CPUTLBEntry){ writable ? address : (uint32_t)-1, addend };
}

/* Walk the page tables for an access; fill the TLB and return 0, or set
   cr2 and error_code for a #PF and return 1.  With is_code the TLB is
   left alone and the physical address returned in *paddr. */
int cpu_x86_handle_mmu_fault(CPUX86State *s, uint32_t addr, int is_write,
                             int is_user, int is_code, uint32_t *paddr)
{
    uint32_t pde_addr, pde, pte_addr, pte, ptep, page, writable;
    int error = 0;

    if (!(s->cr[0] & CR0_PG_MASK)) {
        page = addr & TARGET_PAGE_MASK;
        writable = 1;
        goto done;
    }
    pde_addr = (s->cr[3] & ~0xfff) + ((addr >> 20) & 0xffc);
    pde = ldl_phys(pde_addr);
    if (!(pde & PG_PRESENT_MASK))
        goto fault;
    if ((pde & PG_PSE_MASK) && (s->cr[4] & CR4_PSE_MASK)) {
        /* a 4 MiB page */
        ptep = pde;
        pte_addr = pde_addr;
        pte = pde;
        page = (pde & 0xffc00000) | (addr & 0x003ff000);
    } else {
        if (!(pde & PG_ACCESSED_MASK)) {
            pde |= PG_ACCESSED_MASK;
            stl_phys(pde_addr, pde);
        }
        pte_addr = (pde & ~0xfff) + ((addr >> 10) & 0xffc);
        pte = ldl_phys(pte_addr);
        if (!(pte & PG_PRESENT_MASK))
            goto fault;
        ptep = pde & pte; /* the stricter of the two levels */
        page = pte & TARGET_PAGE_MASK;
    }
    error = 1; /* from here on a fault is a protection fault */
    if (is_user) {
        if (!(ptep & PG_USER_MASK))
            goto fault;
        if (is_write && !(ptep & PG_RW_MASK))
            goto fault;
    } else if (is_write && (s->cr[0] & CR0_WP_MASK) && !(ptep & PG_RW_MASK)) {
        goto fault;
    }
    if (!(pte & PG_ACCESSED_MASK) || (is_write && !(pte & PG_DIRTY_MASK))) {
        pte |= PG_ACCESSED_MASK;
        if (is_write)
            pte |= PG_DIRTY_MASK;
        stl_phys(pte_addr, pte);
    }
    /* a read maps the page read-only until a write sets the dirty bit */
    writable = (pte & PG_DIRTY_MASK) &&
               (is_user ? (ptep & PG_RW_MASK) :
                          ((ptep & PG_RW_MASK) || !(s->cr[0] & CR0_WP_MASK)));
done:
    if (is_code) {
        *paddr = page | (addr & ~TARGET_PAGE_MASK);
        return 0;
    }
    tlb_set_page(s, is_user ? MMU_USER_IDX : MMU_KERNEL_IDX, addr, page, writable);
    return 0;
fault:
    s->cr[2] = addr;
    s->error_code = error | (is_write << 1) | (is_user << 2);
    return 1;
}

/* a TLB miss in translated code or a helper: fill it or raise #PF */
static void tlb_fill(uint32_t addr, int is_write, int mmu_idx, void *retaddr)
{
    TranslationBlock *tb;

    if (!cpu_x86_handle_mmu_fault(env, addr, is_write, mmu_idx == MMU_USER_IDX, 0, NULL))
        return;
    /* retaddr is just after a call: step back into the calling op */
    tb = tb_find_pc((uintptr_t)retaddr - 1);
    if (tb)
        cpu_restore_state(tb, env, (uintptr_t)retaddr - 1);
    raise_exception_err(EXCP0E_PAGE, env->error_code);
}

#define DATA_SIZE 1
#include "softmmu_template.h"
#define DATA_SIZE 2
#include "softmmu_template.h"
#define DATA_SIZE 4
#include "softmmu_template.h"
#define DATA_SIZE 8
#include "softmmu_template.h"

/* control registers that change how addresses translate */

static void update_fpu_hflags(CPUX86State *s)
{
    s->hflags = (s->hflags & ~(HF_TS_MASK | HF_EM_MASK)) |
                ((s->cr[0] & CR0_TS_MASK) ? HF_TS_MASK : 0) |
                ((s->cr[0] & CR0_EM_MASK) ? HF_EM_MASK : 0);
}

void cpu_x86_update_cr0(CPUX86State *s, uint32_t new_cr0)
{
    new_cr0 |= CR0_ET_MASK;
    if ((new_cr0 ^ s->cr[0]) & (CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK))
        tlb_flush(s);
    s->cr[0] = new_cr0;
    s->hflags = (s->hflags & ~HF_PE_MASK) | ((new_cr0 & CR0_PE_MASK) ? HF_PE_MASK : 0);
    update_fpu_hflags(s);
}

void cpu_x86_update_cr3(CPUX86State *s, uint32_t new_cr3)
{
    s->cr[3] = new_cr3;
    tlb_flush(s);
}

void cpu_x86_update_cr4(CPUX86State *s, uint32_t new_cr4)
{
    if ((new_cr4 ^ s->cr[4]) & CR4_PSE_MASK)
        tlb_flush(s);
    s->cr[4] = new_cr4;
}
