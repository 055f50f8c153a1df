/*
 * Size-dependent micro-ops, included with SHIFT = 0, 1, 2 for byte, word
 * and long operands.  Operands are in T0 (destination) and T1 (source);
 * results stay in T0 and the translator stores them back by size.
 */
#define DATA_BITS (1 << (3 + SHIFT))
#define SHIFT_MASK (DATA_BITS - 1)
#define SIGN_MASK (1u << (DATA_BITS - 1))
#if DATA_BITS == 8
#define SUFFIX b
#define DATA_TYPE uint8_t
#define DATA_STYPE int8_t
#define DATA_MASK 0xff
#elif DATA_BITS == 16
#define SUFFIX w
#define DATA_TYPE uint16_t
#define DATA_STYPE int16_t
#define DATA_MASK 0xffff
#else
#define SUFFIX l
#define DATA_TYPE uint32_t
#define DATA_STYPE int32_t
#define DATA_MASK 0xffffffff
#endif

/* add and subtract with carry: the carry in decides ADC or ADD flags */
void OPPROTO glue(glue(op_adc, SUFFIX), _T0_T1_cc)(void)
{
    uint32_t cf = cc_compute_c();
    T0 = T0 + T1 + cf;
    CC_SRC = T1;
    CC_DST = T0;
    CC_OP = (CC_OP_ADDB + SHIFT) + cf * 3;
}

void OPPROTO glue(glue(op_sbb, SUFFIX), _T0_T1_cc)(void)
{
    uint32_t cf = cc_compute_c();
    T0 = T0 - T1 - cf;
    CC_SRC = T1;
    CC_DST = T0;
    CC_OP = (CC_OP_SUBB + SHIFT) + cf * 3;
}

/* the same when the flag pass finds their flags dead */
void OPPROTO glue(glue(op_adc, SUFFIX), _T0_T1)(void) { T0 = T0 + T1 + cc_compute_c(); }
void OPPROTO glue(glue(op_sbb, SUFFIX), _T0_T1)(void) { T0 = T0 - T1 - cc_compute_c(); }

/* conditions straight from a subtraction: CC_DST = a - b, CC_SRC = b */
#define SUB_A ((DATA_TYPE)(CC_DST + CC_SRC))
#define SUB_B ((DATA_TYPE)CC_SRC)

void OPPROTO glue(op_jb_sub, SUFFIX)(void)
{
    if (SUB_A < SUB_B)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jz_sub, SUFFIX)(void)
{
    if ((DATA_TYPE)CC_DST == 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jnz_sub, SUFFIX)(void)
{
    if ((DATA_TYPE)CC_DST != 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jbe_sub, SUFFIX)(void)
{
    if (SUB_A <= SUB_B)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_js_sub, SUFFIX)(void)
{
    if (CC_DST & SIGN_MASK)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jl_sub, SUFFIX)(void)
{
    if ((DATA_STYPE)SUB_A < (DATA_STYPE)SUB_B)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jle_sub, SUFFIX)(void)
{
    if ((DATA_STYPE)SUB_A <= (DATA_STYPE)SUB_B)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_setb_T0_sub, SUFFIX)(void) { T0 = SUB_A < SUB_B; }
void OPPROTO glue(op_setz_T0_sub, SUFFIX)(void) { T0 = (DATA_TYPE)CC_DST == 0; }
void OPPROTO glue(op_setbe_T0_sub, SUFFIX)(void) { T0 = SUB_A <= SUB_B; }
void OPPROTO glue(op_sets_T0_sub, SUFFIX)(void) { T0 = (CC_DST >> (DATA_BITS - 1)) & 1; }
void OPPROTO glue(op_setl_T0_sub, SUFFIX)(void) { T0 = (DATA_STYPE)SUB_A < (DATA_STYPE)SUB_B; }
void OPPROTO glue(op_setle_T0_sub, SUFFIX)(void) { T0 = (DATA_STYPE)SUB_A <= (DATA_STYPE)SUB_B; }

/* conditions straight from an addition: CC_DST = a + b, CC_SRC = b */
#define ADD_CF ((DATA_TYPE)CC_DST < (DATA_TYPE)CC_SRC)

void OPPROTO glue(op_jb_add, SUFFIX)(void)
{
    if (ADD_CF)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jbe_add, SUFFIX)(void)
{
    if (ADD_CF || (DATA_TYPE)CC_DST == 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_setb_T0_add, SUFFIX)(void) { T0 = ADD_CF; }
void OPPROTO glue(op_setbe_T0_add, SUFFIX)(void) { T0 = ADD_CF || (DATA_TYPE)CC_DST == 0; }

/* after and/or/xor/test CF = OF = 0: le is "sign or zero" */
void OPPROTO glue(op_jle_logic, SUFFIX)(void)
{
    if ((DATA_STYPE)CC_DST <= 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_setle_T0_logic, SUFFIX)(void) { T0 = (DATA_STYPE)CC_DST <= 0; }

/* after inc/dec CC_SRC is the carry kept from before */
void OPPROTO glue(op_jbe_inc, SUFFIX)(void)
{
    if (CC_SRC || (DATA_TYPE)CC_DST == 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_setbe_T0_inc, SUFFIX)(void) { T0 = CC_SRC || (DATA_TYPE)CC_DST == 0; }

/* the carry of the statically known previous operation into CC_SRC,
   without a call: inc/dec keep it, adc/sbb read it */
void OPPROTO glue(op_update_inc_cc_add, SUFFIX)(void)
{
    CC_SRC = ADD_CF;
    CC_DST = T0;
}

void OPPROTO glue(op_update_inc_cc_sub, SUFFIX)(void)
{
    CC_SRC = SUB_A < SUB_B;
    CC_DST = T0;
}

void OPPROTO glue(op_carry_add, SUFFIX)(void) { CC_SRC = ADD_CF; }
void OPPROTO glue(op_carry_sub, SUFFIX)(void) { CC_SRC = SUB_A < SUB_B; }

/* adc and sbb, the carry taken from CC_SRC (0 or 1: _carry_cc), or from
   the lazy flags of an add or a sub of their own size right before them
   (_add_cc, _sub_cc), so that it goes straight into the sum; without
   _cc, for the flag pass, they only make the sum */
#define OP_ADC_SBB(from, carry)                                         \
void OPPROTO glue(glue(op_adc, SUFFIX), _T0_T1_ ## from)(void)         \
{                                                                       \
    T0 = T0 + T1 + (carry);                                             \
}                                                                       \
void OPPROTO glue(glue(op_sbb, SUFFIX), _T0_T1_ ## from)(void)         \
{                                                                       \
    T0 = T0 - T1 - (carry);                                             \
}                                                                       \
void OPPROTO glue(glue(op_adc, SUFFIX), _T0_T1_ ## from ## _cc)(void)  \
{                                                                       \
    uint32_t cf = (carry);                                              \
    T0 = T0 + T1 + cf;                                                  \
    CC_SRC = T1;                                                        \
    CC_DST = T0;                                                        \
    CC_OP = (CC_OP_ADDB + SHIFT) + cf * 3;                              \
}                                                                       \
void OPPROTO glue(glue(op_sbb, SUFFIX), _T0_T1_ ## from ## _cc)(void)  \
{                                                                       \
    uint32_t cf = (carry);                                              \
    T0 = T0 - T1 - cf;                                                  \
    CC_SRC = T1;                                                        \
    CC_DST = T0;                                                        \
    CC_OP = (CC_OP_SUBB + SHIFT) + cf * 3;                              \
}

OP_ADC_SBB(carry, CC_SRC)
OP_ADC_SBB(add, ADD_CF)
OP_ADC_SBB(sub, SUB_A < SUB_B)
#undef OP_ADC_SBB
#undef ADD_CF

/* shifts and rotates: T1 is the count; a count of 0 changes no flag */
void OPPROTO glue(glue(op_shl, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
    if (count) {
        uint32_t src = (DATA_TYPE)T0 << (count - 1);
        T0 = src << 1;
        CC_SRC = src;
        CC_DST = T0;
        CC_OP = (CC_OP_SHLB + SHIFT);
    }
}

void OPPROTO glue(glue(op_shr, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
    if (count) {
        uint32_t src = (uint32_t)(DATA_TYPE)T0 >> (count - 1);
        T0 = src >> 1;
        CC_SRC = src;
        CC_DST = T0;
        CC_OP = (CC_OP_SARB + SHIFT);
    }
}

void OPPROTO glue(glue(op_sar, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
    if (count) {
        int32_t src = (DATA_STYPE)T0 >> (count - 1);
        T0 = src >> 1;
        CC_SRC = src;
        CC_DST = T0;
        CC_OP = (CC_OP_SARB + SHIFT);
    }
}

/* a constant count (1 to 31), less one, in PARAM1: every flag is written,
   so the translator knows cc_op */
void OPPROTO glue(glue(op_shl, SUFFIX), _T0_im_cc)(void)
{
    uint32_t src = (DATA_TYPE)T0 << PARAM1;
    T0 = src << 1;
    CC_SRC = src;
    CC_DST = T0;
}

void OPPROTO glue(glue(op_shr, SUFFIX), _T0_im_cc)(void)
{
    uint32_t src = (uint32_t)(DATA_TYPE)T0 >> PARAM1;
    T0 = src >> 1;
    CC_SRC = src;
    CC_DST = T0;
}

void OPPROTO glue(glue(op_sar, SUFFIX), _T0_im_cc)(void)
{
    int32_t src = (DATA_STYPE)T0 >> PARAM1;
    T0 = src >> 1;
    CC_SRC = src;
    CC_DST = T0;
}

/* rotates change only CF and OF: the flags are materialised */
void OPPROTO glue(glue(op_rol, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
    if (count) {
        uint32_t eflags = cc_compute_all();
        uint32_t v = (DATA_TYPE)T0;
        count &= SHIFT_MASK;
        v = (DATA_TYPE)((v << count) | (v >> ((DATA_BITS - count) & SHIFT_MASK)));
        T0 = v;
        eflags &= ~(CC_C | CC_O);
        eflags |= v & CC_C;
        eflags |= (((v >> (DATA_BITS - 1)) ^ v) & 1) << 11;
        CC_SRC = eflags;
        CC_OP = CC_OP_EFLAGS;
    }
}

void OPPROTO glue(glue(op_ror, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
    if (count) {
        uint32_t eflags = cc_compute_all();
        uint32_t v = (DATA_TYPE)T0;
        count &= SHIFT_MASK;
        v = (DATA_TYPE)((v >> count) | (v << ((DATA_BITS - count) & SHIFT_MASK)));
        T0 = v;
        eflags &= ~(CC_C | CC_O);
        eflags |= (v >> (DATA_BITS - 1)) & CC_C;
        eflags |= (((v >> (DATA_BITS - 2)) ^ (v >> (DATA_BITS - 1))) & 1) << 11;
        CC_SRC = eflags;
        CC_OP = CC_OP_EFLAGS;
    }
}

/* rotate through carry: a DATA_BITS + 1 bit rotation */
void OPPROTO glue(glue(op_rcl, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
#if DATA_BITS == 8
    count %= 9;
#elif DATA_BITS == 16
    count %= 17;
#endif
    if (count) {
        uint32_t eflags = cc_compute_all();
        uint64_t v = (uint64_t)(DATA_TYPE)T0 | ((uint64_t)(eflags & CC_C) << DATA_BITS);
        v = (v << count) | (v >> (DATA_BITS + 1 - count));
        T0 = (DATA_TYPE)v;
        eflags &= ~(CC_C | CC_O);
        eflags |= (v >> DATA_BITS) & CC_C;
        eflags |= ((((uint32_t)v >> (DATA_BITS - 1)) ^ (uint32_t)(v >> DATA_BITS)) & 1) << 11;
        CC_SRC = eflags;
        CC_OP = CC_OP_EFLAGS;
    }
}

void OPPROTO glue(glue(op_rcr, SUFFIX), _T0_T1_cc)(void)
{
    int count = T1 & 0x1f;
#if DATA_BITS == 8
    count %= 9;
#elif DATA_BITS == 16
    count %= 17;
#endif
    if (count) {
        uint32_t eflags = cc_compute_all();
        uint64_t v = (uint64_t)(DATA_TYPE)T0 | ((uint64_t)(eflags & CC_C) << DATA_BITS);
        uint32_t old_cf = eflags & CC_C;
        uint32_t old_msb = ((DATA_TYPE)T0 >> (DATA_BITS - 1)) & 1;
        v = (v >> count) | (v << (DATA_BITS + 1 - count));
        T0 = (DATA_TYPE)v;
        eflags &= ~(CC_C | CC_O);
        eflags |= (v >> DATA_BITS) & CC_C;
        eflags |= (old_msb ^ old_cf) << 11;
        CC_SRC = eflags;
        CC_OP = CC_OP_EFLAGS;
    }
}

/* the same without the flags, for when the flag pass finds them dead */
void OPPROTO glue(glue(op_shl, SUFFIX), _T0_T1)(void)
{
    T0 = T0 << (T1 & 0x1f);
}

void OPPROTO glue(glue(op_shr, SUFFIX), _T0_T1)(void)
{
    T0 = (uint32_t)(DATA_TYPE)T0 >> (T1 & 0x1f);
}

void OPPROTO glue(glue(op_sar, SUFFIX), _T0_T1)(void)
{
    T0 = (int32_t)(DATA_STYPE)T0 >> (T1 & 0x1f);
}

void OPPROTO glue(glue(op_shl, SUFFIX), _T0_im)(void)
{
    T0 = (T0 << PARAM1) << 1;
}

void OPPROTO glue(glue(op_shr, SUFFIX), _T0_im)(void)
{
    T0 = ((uint32_t)(DATA_TYPE)T0 >> PARAM1) >> 1;
}

void OPPROTO glue(glue(op_sar, SUFFIX), _T0_im)(void)
{
    T0 = ((int32_t)(DATA_STYPE)T0 >> PARAM1) >> 1;
}

void OPPROTO glue(glue(op_rol, SUFFIX), _T0_T1)(void)
{
    int count = T1 & SHIFT_MASK;
    uint32_t v = (DATA_TYPE)T0;
    T0 = (DATA_TYPE)((v << count) | (v >> ((DATA_BITS - count) & SHIFT_MASK)));
}

void OPPROTO glue(glue(op_ror, SUFFIX), _T0_T1)(void)
{
    int count = T1 & SHIFT_MASK;
    uint32_t v = (DATA_TYPE)T0;
    T0 = (DATA_TYPE)((v >> count) | (v << ((DATA_BITS - count) & SHIFT_MASK)));
}

#if DATA_BITS >= 16
/* double shifts: T0 is the destination, T1 supplies the bits shifted in */
static inline uint64_t glue(shld_bits, SUFFIX)(void)
{
#if DATA_BITS == 16
    return ((uint64_t)(uint16_t)T0 << 32) | ((uint64_t)(uint16_t)T1 << 16) | (uint16_t)T0;
#else
    return ((uint64_t)T0 << 32) | T1;
#endif
}

static inline uint64_t glue(shrd_bits, SUFFIX)(void)
{
#if DATA_BITS == 16
    return (uint16_t)T0 | ((uint64_t)(uint16_t)T1 << 16) | ((uint64_t)(uint16_t)T0 << 32);
#else
    return T0 | ((uint64_t)T1 << 32);
#endif
}

static inline void glue(do_shld, SUFFIX)(int count)
{
    uint64_t v = glue(shld_bits, SUFFIX)();
    uint32_t src = (uint32_t)(v << (count - 1) >> 32);

    T0 = (DATA_TYPE)(uint32_t)(v << count >> 32);
    CC_SRC = src;
    CC_DST = T0;
    CC_OP = (CC_OP_SHLB + SHIFT);
}

static inline void glue(do_shrd, SUFFIX)(int count)
{
    uint64_t v = glue(shrd_bits, SUFFIX)();

    CC_SRC = (DATA_TYPE)(v >> (count - 1));
    T0 = (DATA_TYPE)(v >> count);
    CC_DST = T0;
    CC_OP = (CC_OP_SARB + SHIFT);
}

void OPPROTO glue(glue(op_shld, SUFFIX), _T0_T1_im_cc)(void)
{
    int count = PARAM1 & 0x1f;
    if (count)
        glue(do_shld, SUFFIX)(count);
}

void OPPROTO glue(glue(op_shld, SUFFIX), _T0_T1_ECX_cc)(void)
{
    int count = ECX & 0x1f;
    if (count)
        glue(do_shld, SUFFIX)(count);
}

void OPPROTO glue(glue(op_shrd, SUFFIX), _T0_T1_im_cc)(void)
{
    int count = PARAM1 & 0x1f;
    if (count)
        glue(do_shrd, SUFFIX)(count);
}

void OPPROTO glue(glue(op_shrd, SUFFIX), _T0_T1_ECX_cc)(void)
{
    int count = ECX & 0x1f;
    if (count)
        glue(do_shrd, SUFFIX)(count);
}

/* by an immediate, when the flag pass finds the flags dead */
void OPPROTO glue(glue(op_shld, SUFFIX), _T0_T1_im)(void)
{
    int count = PARAM1 & 0x1f;
    if (count)
        T0 = (DATA_TYPE)(uint32_t)(glue(shld_bits, SUFFIX)() << count >> 32);
}

void OPPROTO glue(glue(op_shrd, SUFFIX), _T0_T1_im)(void)
{
    int count = PARAM1 & 0x1f;
    if (count)
        T0 = (DATA_TYPE)(glue(shrd_bits, SUFFIX)() >> count);
}

/* bit tests: T1 is the bit offset, CF gets the bit, the rest is kept */
#define BT_SET_CF(bit) do {                                         \
        CC_SRC = (cc_compute_all() & ~CC_C) | (bit);                \
        CC_OP = CC_OP_EFLAGS;                                       \
    } while (0)

void OPPROTO glue(glue(op_bt, SUFFIX), _T0_T1_cc)(void)
{
    BT_SET_CF((T0 >> (T1 & SHIFT_MASK)) & 1);
}

void OPPROTO glue(glue(op_bts, SUFFIX), _T0_T1_cc)(void)
{
    int n = T1 & SHIFT_MASK;
    BT_SET_CF((T0 >> n) & 1);
    T0 |= 1u << n;
}

void OPPROTO glue(glue(op_btr, SUFFIX), _T0_T1_cc)(void)
{
    int n = T1 & SHIFT_MASK;
    BT_SET_CF((T0 >> n) & 1);
    T0 &= ~(1u << n);
}

void OPPROTO glue(glue(op_btc, SUFFIX), _T0_T1_cc)(void)
{
    int n = T1 & SHIFT_MASK;
    BT_SET_CF((T0 >> n) & 1);
    T0 ^= 1u << n;
}

/* memory forms: the bit offset moves A0 by whole operands first */
void OPPROTO glue(op_add_bit_A0_T1, SUFFIX)(void)
{
    A0 += ((DATA_STYPE)T1 >> (3 + SHIFT)) << SHIFT;
}

/* bsf/bsr: T1 = the bit index, T0 = whether to write it (a zero source
   sets ZF and leaves the destination alone) */
void OPPROTO glue(glue(op_bsf, SUFFIX), _T0_cc)(void)
{
    uint32_t v = (DATA_TYPE)T0;
    T1 = v ? (uint32_t)__builtin_ctz(v) : 0;
    T0 = v != 0;
    CC_DST = T0;
    CC_OP = CC_OP_LOGICB + SHIFT;
}

void OPPROTO glue(glue(op_bsr, SUFFIX), _T0_cc)(void)
{
    uint32_t v = (DATA_TYPE)T0;
    T1 = v ? 31 - (uint32_t)__builtin_clz(v) : 0;
    T0 = v != 0;
    CC_DST = T0;
    CC_OP = CC_OP_LOGICB + SHIFT;
}
#undef BT_SET_CF
#endif

/* cmpxchg: T0 = destination value, T1 = source */
void OPPROTO glue(glue(op_cmpxchg, SUFFIX), _T0_T1_EAX_cc)(void)
{
    uint32_t dst = T0;
    uint32_t diff = EAX - dst;
    if ((DATA_TYPE)diff == 0) {
        T0 = T1;
    } else {
#if DATA_BITS == 32
        EAX = dst;
#else
        EAX = (EAX & ~DATA_MASK) | (dst & DATA_MASK);
#endif
    }
    CC_SRC = dst;
    CC_DST = diff;
}

/* xadd: T0 = destination, T1 = source; T1 gets the old destination */
void OPPROTO glue(glue(op_xadd, SUFFIX), _T0_T1_cc)(void)
{
    uint32_t sum = T0 + T1;
    CC_SRC = T1;
    T1 = T0;
    T0 = sum;
    CC_DST = sum;
}

/* lock prefix in user mode: store T0 if the operand still holds what
   was loaded, else put back the state op_lock_save_cc saved and go to
   label PARAM1 to load and compute again */
void OPPROTO glue(glue(op_lock_cmpxchg, SUFFIX), _T0_A0_cc)(void)
{
    DATA_TYPE old = env->lock_save[0];

    if (unlikely(!__atomic_compare_exchange_n((DATA_TYPE *)GUEST_PTR(A0), &old,
                                              (DATA_TYPE)T0, 0, __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST))) {
        T1 = env->lock_save[1];
        CC_SRC = env->lock_save[2];
        CC_DST = env->lock_save[3];
        CC_OP = env->lock_save[4];
        EAX = env->lock_save[5];
        GOTO_LABEL_PARAM(1);
    }
}

/* xchg with memory, always locked in user mode: T1 = old value */
void OPPROTO glue(glue(op_lock_xchg, SUFFIX), _T0_A0)(void)
{
    T1 = __atomic_exchange_n((DATA_TYPE *)GUEST_PTR(A0), (DATA_TYPE)T0, __ATOMIC_SEQ_CST);
}

/* loop family: PARAM1 is the label of the taken branch */
void OPPROTO glue(op_jz_ecx, SUFFIX)(void)
{
    if ((DATA_TYPE)ECX == 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_jnz_ecx, SUFFIX)(void)
{
    if ((DATA_TYPE)ECX != 0)
        GOTO_LABEL_PARAM(1);
}

void OPPROTO glue(op_dec_ecx, SUFFIX)(void)
{
#if DATA_BITS == 32
    ECX--;
#else
    ECX = (ECX & ~DATA_MASK) | ((ECX - 1) & DATA_MASK);
#endif
}

/* sign and zero extension of T0 */
void OPPROTO glue(op_movzx_T0, SUFFIX)(void) { T0 = (DATA_TYPE)T0; }
void OPPROTO glue(op_movsx_T0, SUFFIX)(void) { T0 = (int32_t)(DATA_STYPE)T0; }

/* string step: T0 = df << SHIFT */
void OPPROTO glue(op_movl_T0_Dshift, SUFFIX)(void) { T0 = DF << SHIFT; }

#undef SUB_A
#undef SUB_B
#undef DATA_BITS
#undef SHIFT_MASK
#undef SIGN_MASK
#undef SUFFIX
#undef DATA_TYPE
#undef DATA_STYPE
#undef DATA_MASK
#undef SHIFT
