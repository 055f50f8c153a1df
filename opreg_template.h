/*
 * Register micro-ops, included once per guest register with REG set to
 * the register's lvalue and REGNAME to its suffix (_EAX ... _EDI).
 * The h (high byte) forms exist for EAX..EBX only: AH, CH, DH, BH.
 */

void OPPROTO glue(op_movl_A0, REGNAME)(void) { A0 = REG; }
void OPPROTO glue(op_addl_A0, REGNAME)(void) { A0 += REG; }
void OPPROTO glue(glue(op_addl_A0, REGNAME), _s1)(void) { A0 += REG << 1; }
void OPPROTO glue(glue(op_addl_A0, REGNAME), _s2)(void) { A0 += REG << 2; }
void OPPROTO glue(glue(op_addl_A0, REGNAME), _s3)(void) { A0 += REG << 3; }

void OPPROTO glue(op_movl_T0, REGNAME)(void) { T0 = REG; }
void OPPROTO glue(op_movl_T1, REGNAME)(void) { T1 = REG; }

void OPPROTO glue(glue(op_movl, REGNAME), _T0)(void) { REG = T0; }
void OPPROTO glue(glue(op_movl, REGNAME), _T1)(void) { REG = T1; }
void OPPROTO glue(glue(op_movl, REGNAME), _A0)(void) { REG = A0; }

/* byte and word writes store all 32 bits: a narrow store followed by a
   32-bit load of the same register stalls the host's store forwarding */
#ifndef REG_MERGE
#define REG_MERGE(mask, v) do {                     \
        uint32_t r_ = REG;                          \
        asm("" : "+r" (r_));                        \
        REG = (r_ & ~(uint32_t)(mask)) | ((v) & (mask)); \
    } while (0)
#endif

void OPPROTO glue(glue(op_movw, REGNAME), _T0)(void) { REG_MERGE(0xffff, T0); }
void OPPROTO glue(glue(op_movw, REGNAME), _T1)(void) { REG_MERGE(0xffff, T1); }
void OPPROTO glue(glue(op_movw, REGNAME), _A0)(void) { REG_MERGE(0xffff, A0); }

void OPPROTO glue(glue(op_movb, REGNAME), _T0)(void) { REG_MERGE(0xff, T0); }
void OPPROTO glue(glue(op_movb, REGNAME), _T1)(void) { REG_MERGE(0xff, T1); }

/* conditional moves: T0 holds the condition; no host branch (the guest
   chose cmov because its condition is unpredictable) */
void OPPROTO glue(glue(op_cmovw, REGNAME), _T1_T0)(void)
{
    uint32_t v = REG;

    v = T0 ? T1 : v;
    REG_MERGE(0xffff, v);
}

void OPPROTO glue(glue(op_cmovl, REGNAME), _T1_T0)(void)
{
    uint32_t v = REG;

    v = T0 ? T1 : v;
    REG = v;
}

/* user mode: a 32-bit load or store at [REG + disp] in one op, the disp
   being parameter 1; A0 keeps its value.  The address is formed with a
   32-bit address size, so it wraps within the guest's 4 GiB as the
   guest's own does. */
void OPPROTO glue(glue(op_ldl_raw_T0, REGNAME), _disp)(void)
{
    asm volatile ("movl __op_param1(%k1), %0" : "=r" (T0) : "r" (REG) : "memory");
}

void OPPROTO glue(glue(op_ldl_raw_T1, REGNAME), _disp)(void)
{
    asm volatile ("movl __op_param1(%k1), %0" : "=r" (T1) : "r" (REG) : "memory");
}

void OPPROTO glue(glue(op_stl_raw_T0, REGNAME), _disp)(void)
{
    asm volatile ("movl %0, __op_param1(%k1)" : : "r" (T0), "r" (REG) : "memory");
}

/* inc/dec of a whole register without touching the flags (string ops, loop) */
void OPPROTO glue(glue(op_decl, REGNAME), _nocc)(void) { REG--; }

#if REG_HAS_HIGH
void OPPROTO glue(op_movh_T0, REGNAME)(void) { T0 = (REG >> 8) & 0xff; }
void OPPROTO glue(op_movh_T1, REGNAME)(void) { T1 = (REG >> 8) & 0xff; }
void OPPROTO glue(glue(op_movh, REGNAME), _T0)(void) { REG_MERGE(0xff00, T0 << 8); }
void OPPROTO glue(glue(op_movh, REGNAME), _T1)(void) { REG_MERGE(0xff00, T1 << 8); }
#endif

#undef REG
#undef REGNAME
#undef REG_HAS_HIGH
