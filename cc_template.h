/*
 * Lazy condition codes: the flag computations for one operand size,
 * included by helper-i386.c with SHIFT = 0, 1, 2.  Each CC_OP has a
 * compute_all (all six flags) and a compute_c (just CF, the common case).
 */
#define DATA_BITS (1 << (3 + SHIFT))
#define SIGN_MASK (1u << (DATA_BITS - 1))
#if DATA_BITS == 8
#define SUFFIX b
#define DATA_TYPE uint8_t
#elif DATA_BITS == 16
#define SUFFIX w
#define DATA_TYPE uint16_t
#else
#define SUFFIX l
#define DATA_TYPE uint32_t
#endif

/* the common tail: PF ZF SF from the result */
#define PZS(dst) (parity_table[(uint8_t)(dst)] | \
                  ((DATA_TYPE)(dst) == 0 ? CC_Z : 0) | \
                  (((dst) >> (DATA_BITS - 8)) & CC_S))

static uint32_t glue(compute_all_add, SUFFIX)(void)
{
    uint32_t src1, src2, dst, cf, of;
    src2 = CC_SRC;
    dst = CC_DST;
    src1 = dst - src2;
    cf = (DATA_TYPE)dst < (DATA_TYPE)src1;
    of = (((src1 ^ src2 ^ -1) & (src1 ^ dst)) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(dst) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

static uint32_t glue(compute_c_add, SUFFIX)(void)
{
    uint32_t src1 = CC_DST - CC_SRC;
    return (DATA_TYPE)CC_DST < (DATA_TYPE)src1;
}

static uint32_t glue(compute_all_adc, SUFFIX)(void)
{
    uint32_t src1, src2, dst, cf, of;
    src2 = CC_SRC;
    dst = CC_DST;
    src1 = dst - src2 - 1;
    cf = (DATA_TYPE)dst <= (DATA_TYPE)src1;
    of = (((src1 ^ src2 ^ -1) & (src1 ^ dst)) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(dst) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

static uint32_t glue(compute_c_adc, SUFFIX)(void)
{
    uint32_t src1 = CC_DST - CC_SRC - 1;
    return (DATA_TYPE)CC_DST <= (DATA_TYPE)src1;
}

static uint32_t glue(compute_all_sub, SUFFIX)(void)
{
    uint32_t src1, src2, dst, cf, of;
    src2 = CC_SRC;
    dst = CC_DST;
    src1 = dst + src2;
    cf = (DATA_TYPE)src1 < (DATA_TYPE)src2;
    of = (((src1 ^ src2) & (src1 ^ dst)) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(dst) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

static uint32_t glue(compute_c_sub, SUFFIX)(void)
{
    uint32_t src1 = CC_DST + CC_SRC;
    return (DATA_TYPE)src1 < (DATA_TYPE)CC_SRC;
}

static uint32_t glue(compute_all_sbb, SUFFIX)(void)
{
    uint32_t src1, src2, dst, cf, of;
    src2 = CC_SRC;
    dst = CC_DST;
    src1 = dst + src2 + 1;
    cf = (DATA_TYPE)src1 <= (DATA_TYPE)src2;
    of = (((src1 ^ src2) & (src1 ^ dst)) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(dst) | ((dst ^ src1 ^ src2) & CC_A) | of;
}

static uint32_t glue(compute_c_sbb, SUFFIX)(void)
{
    uint32_t src1 = CC_DST + CC_SRC + 1;
    return (DATA_TYPE)src1 <= (DATA_TYPE)CC_SRC;
}

static uint32_t glue(compute_all_logic, SUFFIX)(void)
{
    return PZS(CC_DST);
}

/* inc/dec: CC_SRC holds the carry from before */
static uint32_t glue(compute_all_inc, SUFFIX)(void)
{
    uint32_t dst = CC_DST, src1 = dst - 1;
    uint32_t of = (DATA_TYPE)dst == SIGN_MASK ? CC_O : 0;
    return CC_SRC | PZS(dst) | ((dst ^ src1 ^ 1) & CC_A) | of;
}

static uint32_t glue(compute_all_dec, SUFFIX)(void)
{
    uint32_t dst = CC_DST, src1 = dst + 1;
    uint32_t of = (DATA_TYPE)dst == SIGN_MASK - 1 ? CC_O : 0;
    return CC_SRC | PZS(dst) | ((dst ^ src1 ^ 1) & CC_A) | of;
}

/* shl: CC_SRC is the value before the last one-bit step */
static uint32_t glue(compute_all_shl, SUFFIX)(void)
{
    uint32_t cf = (CC_SRC >> (DATA_BITS - 1)) & CC_C;
    uint32_t of = ((CC_SRC ^ CC_DST) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(CC_DST) | of;
}

static uint32_t glue(compute_c_shl, SUFFIX)(void)
{
    return (CC_SRC >> (DATA_BITS - 1)) & CC_C;
}

/* sar and shr: the same, shifting right */
static uint32_t glue(compute_all_sar, SUFFIX)(void)
{
    uint32_t cf = CC_SRC & CC_C;
    uint32_t of = ((CC_SRC ^ CC_DST) & SIGN_MASK) ? CC_O : 0;
    return cf | PZS(CC_DST) | of;
}

static uint32_t glue(compute_all_mul, SUFFIX)(void)
{
    uint32_t cof = CC_SRC != 0 ? CC_C | CC_O : 0;
    return cof | PZS(CC_DST);
}

#undef PZS
#undef DATA_BITS
#undef SIGN_MASK
#undef SUFFIX
#undef DATA_TYPE
#undef SHIFT
