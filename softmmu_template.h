/*
 * Soft MMU slow path for one access size, included by softmmu.c with
 * DATA_SIZE = 1, 2, 4, 8.  Reached on a TLB miss, an I/O page or an
 * access that is not naturally aligned.  retaddr is the host return
 * address inside translated code (or a helper), for precise #PF.
 */
#if DATA_SIZE == 1
#define SUFFIX b
#define DATA_TYPE uint8_t
#elif DATA_SIZE == 2
#define SUFFIX w
#define DATA_TYPE guest_u16
#elif DATA_SIZE == 4
#define SUFFIX l
#define DATA_TYPE guest_u32
#else
#define SUFFIX q
#define DATA_TYPE guest_u64
#endif

#if DATA_SIZE == 8
#define RES_TYPE uint64_t
#else
#define RES_TYPE uint32_t
#endif

static RES_TYPE glue(slow_ld, SUFFIX)(uint32_t addr, int mmu_idx, void *retaddr)
{
    CPUTLBEntry *e;
    for (;;) {
        e = &env->tlb_read[mmu_idx][(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
        if ((addr & TARGET_PAGE_MASK) == (e->address & (TARGET_PAGE_MASK | TLB_INVALID)))
            break;
        tlb_fill(addr, 0, mmu_idx, retaddr);
    }
    if (e->address & TLB_IO)
        return (RES_TYPE)-1; /* no device memory: reads float high */
#if DATA_SIZE > 1
    if ((addr & ~TARGET_PAGE_MASK) + DATA_SIZE > TARGET_PAGE_SIZE) {
        /* split across two pages: little-endian, byte by byte */
        RES_TYPE v = 0;
        for (int i = DATA_SIZE - 1; i >= 0; i--)
            v = (v << 8) | slow_ldb(addr + i, mmu_idx, retaddr);
        return v;
    }
#endif
    return *(DATA_TYPE *)(e->addend + addr);
}

static void glue(slow_st, SUFFIX)(uint32_t addr, RES_TYPE v, int mmu_idx, void *retaddr)
{
    CPUTLBEntry *e;
    for (;;) {
        e = &env->tlb_write[mmu_idx][(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
        if ((addr & TARGET_PAGE_MASK) == (e->address & (TARGET_PAGE_MASK | TLB_INVALID)))
            break;
        tlb_fill(addr, 1, mmu_idx, retaddr);
    }
    if (e->address & TLB_IO)
        return;
#if DATA_SIZE > 1
    if ((addr & ~TARGET_PAGE_MASK) + DATA_SIZE > TARGET_PAGE_SIZE) {
        /* both pages must be writable before either byte is written */
        slow_stb(addr + DATA_SIZE - 1, (uint32_t)(v >> (8 * (DATA_SIZE - 1))) & 0xff,
                 mmu_idx, retaddr);
        for (int i = 0; i < DATA_SIZE; i++)
            slow_stb(addr + i, (uint32_t)(v >> (8 * i)) & 0xff, mmu_idx, retaddr);
        return;
    }
#endif
    *(DATA_TYPE *)(e->addend + addr) = v;
}

RES_TYPE glue(glue(__ld, SUFFIX), _mmu)(uint32_t addr, int mmu_idx)
{
    return glue(slow_ld, SUFFIX)(addr, mmu_idx, __builtin_return_address(0));
}

void glue(glue(__st, SUFFIX), _mmu)(uint32_t addr, RES_TYPE v, int mmu_idx)
{
    glue(slow_st, SUFFIX)(addr, v, mmu_idx, __builtin_return_address(0));
}

#undef RES_TYPE
#undef SUFFIX
#undef DATA_TYPE
#undef DATA_SIZE
