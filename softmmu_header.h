/*
 * Soft MMU fast path, included by exec-i386.h once per access size
 * (DATA_SIZE 1, 2, 4, 8) and privilege (MEMSUFFIX _kernel / _user).
 * These inline functions end up inside the copied micro-ops: a TLB hit is
 * a compare and a host load or store; a miss calls the slow path in
 * softmmu.c, which walks the guest page tables or raises #PF.
 */
#if DATA_SIZE == 1
#define SUFFIX b
#define USUFFIX ub
#define DATA_TYPE uint8_t
#elif DATA_SIZE == 2
#define SUFFIX w
#define USUFFIX uw
#define DATA_TYPE guest_u16
#elif DATA_SIZE == 4
#define SUFFIX l
#define USUFFIX l
#define DATA_TYPE guest_u32
#else
#define SUFFIX q
#define USUFFIX q
#define DATA_TYPE guest_u64
#endif

#if DATA_SIZE == 8
#define RES_TYPE uint64_t
#else
#define RES_TYPE uint32_t
#endif

#define TLB_INDEX(addr) (((addr) >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1))
#define TLB_HIT(e, addr) \
    likely((e)->address == ((addr) & (TARGET_PAGE_MASK | (DATA_SIZE - 1))))

static inline RES_TYPE glue(glue(ld, USUFFIX), MEMSUFFIX)(uint32_t addr)
{
    CPUTLBEntry *e = &env->tlb_read[MMU_IDX][TLB_INDEX(addr)];
    if (TLB_HIT(e, addr))
        return *(DATA_TYPE *)(e->addend + addr);
    return glue(glue(__ld, SUFFIX), _mmu)(addr, MMU_IDX);
}

#if DATA_SIZE <= 2
static inline int32_t glue(glue(lds, SUFFIX), MEMSUFFIX)(uint32_t addr)
{
#if DATA_SIZE == 1
    return (int8_t)glue(glue(ld, USUFFIX), MEMSUFFIX)(addr);
#else
    return (int16_t)glue(glue(ld, USUFFIX), MEMSUFFIX)(addr);
#endif
}
#endif

static inline void glue(glue(st, SUFFIX), MEMSUFFIX)(uint32_t addr, RES_TYPE v)
{
    CPUTLBEntry *e = &env->tlb_write[MMU_IDX][TLB_INDEX(addr)];
    if (TLB_HIT(e, addr))
        *(DATA_TYPE *)(e->addend + addr) = v;
    else
        glue(glue(__st, SUFFIX), _mmu)(addr, v, MMU_IDX);
}

#undef TLB_INDEX
#undef TLB_HIT
#undef RES_TYPE
#undef SUFFIX
#undef USUFFIX
#undef DATA_TYPE
#undef DATA_SIZE
