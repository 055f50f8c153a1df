/*
 * x87 micro-ops, included by op-i386.c.
 *
 * The guest register stack lives in env (fpregs, fpstt, fptags); each op
 * loads its operands into the host x87, runs the very instruction the
 * guest ran (the host control word holds the guest's rounding and
 * precision control, see helper-fpu.c), and stores the result back.  So
 * results, NaN choice and exception flags are the hardware's own.  The
 * op checks the tags first: a stack fault goes to a C helper, which gives
 * the masked response (QNaN indefinite, IE SF, C1).
 *
 * NOTE: a memory operand is read or written by the host instruction
 * itself, before anything in env changes, so a fault leaves the guest FPU
 * as it was.  Results go to env only after the host instruction is done.
 * Each memory op comes twice: _A0 reaches the operand at GUEST_PTR(A0)
 * (user mode, guest address = host address), _FT0 finds it in the bytes
 * of env->ft0, where the translator moves it with the soft MMU's ops.
 */
#include <stddef.h>

/* C1 of the guest = C1 of the host instruction just run (round up) */
static inline __attribute__((always_inline)) void fpu_set_c1(uint32_t host_sw)
{
    env->fpus = (env->fpus & ~FPUS_C1) | (host_sw & FPUS_C1);
}

static inline __attribute__((always_inline)) void fpu_clear_c1(void)
{
    env->fpus &= ~FPUS_C1;
}

/* pop: i is the top; popping forms pop only if the stack fault, if
   any, got the masked response */
#define FPU_POP(i)                              \
    do {                                        \
        env->fptags[i] = 1;                     \
        env->fpstt = ((i) + 1) & 7;             \
    } while (0)

/* push v: the register below the top must be empty, else overflow */
#define FPU_PUSH(v)                             \
    do {                                        \
        unsigned int t_ = (env->fpstt - 1) & 7; \
        if (likely(env->fptags[t_])) {          \
            env->fpregs[t_] = (v);              \
            env->fptags[t_] = 0;                \
            env->fpstt = t_;                    \
            fpu_clear_c1();                     \
        } else {                                \
            helper_fpush_overflow();            \
        }                                       \
    } while (0)

#define MEM_A0(type) (*(type *)GUEST_PTR(A0))
#define MEM_FT0(type) (*(type *)&env->ft0)
/* loc is _A0 or _FT0 */
#define MEM(loc, type) glue(MEM, loc)(type)

/* loads: fld m32/m64, fild m16/m32/m64, fbld */
typedef struct { uint8_t b[10]; } BCD80;

#define OP_FLD_MEM(name, insn, type, loc)                  \
void OPPROTO op_ ## name ## _ST0 ## loc(void)             \
{                                                          \
    long double v;                                         \
    asm(insn " %1" : "=t"(v) : "m"(MEM(loc, type)));       \
    FPU_PUSH(v);                                           \
}

/* fld m80 converts nothing: the bits are copied */
#define OP_FLDT(loc)                                       \
void OPPROTO op_fldt_ST0 ## loc(void)                     \
{                                                          \
    uint64_t mant = MEM(loc, FPReg).mant;                  \
    uint32_t sexp = MEM(loc, FPReg).sexp;                  \
    unsigned int t = (env->fpstt - 1) & 7;                 \
                                                           \
    if (likely(env->fptags[t])) {                          \
        FPR(t).mant = mant;                                \
        FPR(t).sexp = sexp;                                \
        env->fptags[t] = 0;                                \
        env->fpstt = t;                                    \
        fpu_clear_c1();                                    \
    } else {                                               \
        helper_fpush_overflow();                           \
    }                                                      \
}

#define OP_FLD_ALL(loc)                                    \
    OP_FLD_MEM(flds, "flds", float, loc)                   \
    OP_FLD_MEM(fldl, "fldl", double, loc)                  \
    OP_FLD_MEM(filds, "filds", int16_t, loc)               \
    OP_FLD_MEM(fildl, "fildl", int32_t, loc)               \
    OP_FLD_MEM(fildll, "fildll", int64_t, loc)             \
    OP_FLD_MEM(fbld, "fbld", BCD80, loc)                   \
    OP_FLDT(loc)

OP_FLD_ALL(_A0)
OP_FLD_ALL(_FT0)

/* the constants, rounded by the host as the control word says */
#define OP_FLD_CONST(name)                                 \
void OPPROTO op_ ## name ## _ST0(void)                     \
{                                                          \
    long double v;                                         \
    asm(#name : "=t"(v));                                  \
    FPU_PUSH(v);                                           \
}

OP_FLD_CONST(fld1)
OP_FLD_CONST(fldz)
OP_FLD_CONST(fldpi)
OP_FLD_CONST(fldl2e)
OP_FLD_CONST(fldl2t)
OP_FLD_CONST(fldlg2)
OP_FLD_CONST(fldln2)

/* fld st(i) */
void OPPROTO op_fld_STN(void)
{
    unsigned int top = env->fpstt, s = (top + PARAM1) & 7, t = (top - 1) & 7;

    if (likely(!env->fptags[s] && env->fptags[t])) {
        FPR(t) = FPR(s);
        env->fptags[t] = 0;
        env->fpstt = t;
        fpu_clear_c1();
    } else {
        helper_fld_sti_fault(PARAM1);
    }
}

/* stores to memory: the popping form of each host instruction, since
   fistp m64 and fisttp have no other.  On underflow the op itself writes
   the indefinite (so a fault is the op's, with exact eip) before the
   helper sets the flags. */
#define OP_FST_MEM(name, insn, type, indefinite, pop, loc)                 \
void OPPROTO op_ ## name ## loc ## _ST0(void)                         \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
    uint16_t sw;                                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        asm(insn " %0\n\tfnstsw %%ax"                                      \
            : "=m"(MEM(loc, type)), "=a"(sw) : "t"(env->fpregs[i]) : "st");\
        fpu_set_c1(sw);                                                    \
        if (pop)                                                           \
            FPU_POP(i);                                                    \
    } else if (env->fpuc & FPUC_IM) {                                      \
        MEM(loc, type) = (type)(indefinite);                               \
        helper_fst_underflow();                                            \
        if (pop)                                                           \
            FPU_POP(i);                                                    \
    } else {                                                               \
        helper_fst_underflow();                                            \
    }                                                                      \
}

/* fstp m80 and fbstp: the indefinite is the same 10 bytes for both */
#define FPU_STP80_UNDERFLOW(loc, i)                                        \
    do {                                                                   \
        if (env->fpuc & FPUC_IM) {                                         \
            MEM(loc, FPReg).mant = 0xc000000000000000ull;                  \
            MEM(loc, FPReg).sexp = 0xffff;                                 \
            helper_fst_underflow();                                        \
            FPU_POP(i);                                                    \
        } else {                                                           \
            helper_fst_underflow();                                        \
        }                                                                  \
    } while (0)

#define OP_FSTPT(loc)                                                      \
void OPPROTO op_fstpt ## loc ## _ST0(void)                             \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        MEM(loc, FPReg).mant = FPR(i).mant;                                \
        MEM(loc, FPReg).sexp = FPR(i).sexp;                                \
        fpu_clear_c1();                                                    \
        FPU_POP(i);                                                        \
    } else {                                                               \
        FPU_STP80_UNDERFLOW(loc, i);                                       \
    }                                                                      \
}

#define OP_FBSTP(loc)                                                      \
void OPPROTO op_fbstp ## loc ## _ST0(void)                             \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
    uint16_t sw;                                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        asm("fbstp %0\n\tfnstsw %%ax"                                      \
            : "=m"(MEM(loc, BCD80)), "=a"(sw) : "t"(env->fpregs[i]) : "st");\
        fpu_set_c1(sw);                                                    \
        FPU_POP(i);                                                        \
    } else {                                                               \
        FPU_STP80_UNDERFLOW(loc, i);                                       \
    }                                                                      \
}

#define OP_FST_ALL(loc)                                                        \
    OP_FST_MEM(fsts, "fstps", uint32_t, 0xffc00000u, 0, loc)                   \
    OP_FST_MEM(fstps, "fstps", uint32_t, 0xffc00000u, 1, loc)                  \
    OP_FST_MEM(fstl, "fstpl", uint64_t, 0xfff8000000000000ull, 0, loc)         \
    OP_FST_MEM(fstpl, "fstpl", uint64_t, 0xfff8000000000000ull, 1, loc)        \
    OP_FST_MEM(fists, "fistps", uint16_t, 0x8000u, 0, loc)                     \
    OP_FST_MEM(fistps, "fistps", uint16_t, 0x8000u, 1, loc)                    \
    OP_FST_MEM(fistl, "fistpl", uint32_t, 0x80000000u, 0, loc)                 \
    OP_FST_MEM(fistpl, "fistpl", uint32_t, 0x80000000u, 1, loc)                \
    OP_FST_MEM(fistpll, "fistpll", uint64_t, 0x8000000000000000ull, 1, loc)    \
    OP_FST_MEM(fisttps, "fisttps", uint16_t, 0x8000u, 1, loc)                  \
    OP_FST_MEM(fisttpl, "fisttpl", uint32_t, 0x80000000u, 1, loc)              \
    OP_FST_MEM(fisttpll, "fisttpll", uint64_t, 0x8000000000000000ull, 1, loc)  \
    OP_FSTPT(loc)                                                              \
    OP_FBSTP(loc)

OP_FST_ALL(_A0)
OP_FST_ALL(_FT0)

/* fst st(i) and fstp st(i) */
#define OP_FST_REG(name, pop)                                              \
void OPPROTO op_ ## name ## _STN_ST0(void)                                 \
{                                                                          \
    unsigned int top = env->fpstt, d = (top + PARAM1) & 7;                 \
                                                                           \
    if (likely(!env->fptags[top])) {                                       \
        FPR(d) = FPR(top);                                                 \
        env->fptags[d] = 0;                                                \
        fpu_clear_c1();                                                    \
        if (pop)                                                           \
            FPU_POP(top);                                                  \
    } else if (helper_fpu_underflow(d) && (pop)) {                         \
        FPU_POP(top);                                                      \
    }                                                                      \
}

OP_FST_REG(fst, 0)
OP_FST_REG(fstp, 1)

/* arithmetic with a memory operand: st0 = st0 op mem */
#define OP_FARITH_MEM(name, type, loc)                                     \
void OPPROTO op_ ## name ## _ST0 ## loc(void)                             \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
    long double r;                                                         \
    uint16_t sw;                                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        asm(#name " %2\n\tfnstsw %%ax"                                     \
            : "=t"(r), "=a"(sw) : "m"(MEM(loc, type)), "0"(env->fpregs[i]));\
        env->fpregs[i] = r;                                                \
        fpu_set_c1(sw);                                                    \
    } else {                                                               \
        helper_fpu_underflow(i);                                           \
    }                                                                      \
}

/* m32 real, m64 real, m16 int and m32 int */
#define OP_FARITH_MEM4(op, loc)                 \
    OP_FARITH_MEM(f ## op ## s, float, loc)     \
    OP_FARITH_MEM(f ## op ## l, double, loc)    \
    OP_FARITH_MEM(fi ## op ## s, int16_t, loc)  \
    OP_FARITH_MEM(fi ## op ## l, int32_t, loc)

#define OP_FARITH_ALL(loc)                      \
    OP_FARITH_MEM4(add, loc)                    \
    OP_FARITH_MEM4(mul, loc)                    \
    OP_FARITH_MEM4(sub, loc)                    \
    OP_FARITH_MEM4(subr, loc)                   \
    OP_FARITH_MEM4(div, loc)                    \
    OP_FARITH_MEM4(divr, loc)

OP_FARITH_ALL(_A0)
OP_FARITH_ALL(_FT0)

/* register arithmetic: dst = dst op src, with dst in the host st(0) and
   src in st(1) so that the host sees the guest's operand roles; the
   popping forms have src = st0, the top */
#define FARITH_REG(insn, d, s, pop)                                        \
    do {                                                                   \
        long double r;                                                     \
        uint16_t sw;                                                       \
        if (likely(!(env->fptags[d] | env->fptags[s]))) {                 \
            asm(insn " %%st(1), %%st\n\tfnstsw %%ax"                       \
                : "=t"(r), "=a"(sw)                                        \
                : "0"(env->fpregs[d]), "u"(env->fpregs[s]));               \
            env->fpregs[d] = r;                                            \
            fpu_set_c1(sw);                                                \
            if (pop)                                                       \
                FPU_POP(s);                                                \
        } else if (helper_fpu_underflow(d) && (pop)) {                     \
            FPU_POP(s);                                                    \
        }                                                                  \
    } while (0)

/* name_ST0_STN: st0 = st0 op st(i); name_STN_ST0: st(i) = st(i) op st0,
   and namep_STN_ST0 pops after it */
#define OP_FARITH_REG(name)                                                \
void OPPROTO op_ ## name ## _ST0_STN(void)                                 \
{                                                                          \
    unsigned int d = env->fpstt, s = (d + PARAM1) & 7;                     \
    FARITH_REG(#name, d, s, 0);                                            \
}                                                                          \
void OPPROTO op_ ## name ## _STN_ST0(void)                                 \
{                                                                          \
    unsigned int s = env->fpstt, d = (s + PARAM1) & 7;                     \
    FARITH_REG(#name, d, s, 0);                                            \
}                                                                          \
void OPPROTO op_ ## name ## p_STN_ST0(void)                                \
{                                                                          \
    unsigned int s = env->fpstt, d = (s + PARAM1) & 7;                     \
    FARITH_REG(#name, d, s, 1);                                            \
}

OP_FARITH_REG(fadd)
OP_FARITH_REG(fmul)
OP_FARITH_REG(fsub)
OP_FARITH_REG(fsubr)
OP_FARITH_REG(fdiv)
OP_FARITH_REG(fdivr)

/* one-operand instructions on st0 that leave C0 C2 C3 alone: the host
   may set C1 (round up) and, for fsin and fcos, C2 (out of range) */
#define OP_FUNARY(name, ccmask)                                            \
void OPPROTO op_ ## name ## _ST0(void)                                     \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
    long double r;                                                         \
    uint16_t sw;                                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        asm(#name "\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(env->fpregs[i])); \
        env->fpregs[i] = r;                                                \
        env->fpus = (env->fpus & ~(ccmask)) | (sw & (ccmask));             \
    } else {                                                               \
        helper_fpu_underflow(i);                                           \
    }                                                                      \
}

OP_FUNARY(fsqrt, FPUS_C1)
OP_FUNARY(frndint, FPUS_C1)
OP_FUNARY(f2xm1, FPUS_C1)
OP_FUNARY(fsin, FPUS_C1 | FPUS_C2)
OP_FUNARY(fcos, FPUS_C1 | FPUS_C2)

/* fchs and fabs touch the sign bit only: no exception, even for SNaN */
void OPPROTO op_fchs_ST0(void)
{
    unsigned int i = env->fpstt;

    if (likely(!env->fptags[i])) {
        FPR(i).sexp ^= 0x8000;
        fpu_clear_c1();
    } else {
        helper_fpu_underflow(i);
    }
}

void OPPROTO op_fabs_ST0(void)
{
    unsigned int i = env->fpstt;

    if (likely(!env->fptags[i])) {
        FPR(i).sexp &= 0x7fff;
        fpu_clear_c1();
    } else {
        helper_fpu_underflow(i);
    }
}

/* compares set C0 C2 C3 (and clear C1) as the host instruction does */
static inline __attribute__((always_inline)) void fpu_set_cc(uint32_t host_sw)
{
    env->fpus = (env->fpus & ~FPUS_CC) | (host_sw & FPUS_CC);
}

#define OP_FCOM_MEM(name, insn, type, pop, loc)                            \
void OPPROTO op_ ## name ## _ST0 ## loc(void)                             \
{                                                                          \
    unsigned int i = env->fpstt;                                           \
    uint16_t sw;                                                           \
                                                                           \
    if (likely(!env->fptags[i])) {                                         \
        asm(insn " %1\n\tfnstsw %%ax"                                      \
            : "=a"(sw) : "m"(MEM(loc, type)), "t"(env->fpregs[i]));        \
        fpu_set_cc(sw);                                                    \
        if (pop)                                                           \
            FPU_POP(i);                                                    \
    } else if (helper_fcom_underflow() && (pop)) {                         \
        FPU_POP(i);                                                        \
    }                                                                      \
}

#define OP_FCOM_ALL(loc)                                        \
    OP_FCOM_MEM(fcoms, "fcoms", float, 0, loc)                  \
    OP_FCOM_MEM(fcomps, "fcoms", float, 1, loc)                 \
    OP_FCOM_MEM(fcoml, "fcoml", double, 0, loc)                 \
    OP_FCOM_MEM(fcompl, "fcoml", double, 1, loc)                \
    OP_FCOM_MEM(ficoms, "ficoms", int16_t, 0, loc)              \
    OP_FCOM_MEM(ficomps, "ficoms", int16_t, 1, loc)             \
    OP_FCOM_MEM(ficoml, "ficoml", int32_t, 0, loc)              \
    OP_FCOM_MEM(ficompl, "ficoml", int32_t, 1, loc)

OP_FCOM_ALL(_A0)
OP_FCOM_ALL(_FT0)

/* st0 against st(i); pops is 0, 1, or 2 for fcompp and fucompp */
#define FCOM_REG(insn, i, pops)                                            \
    do {                                                                   \
        unsigned int d = env->fpstt, s = (d + (i)) & 7;                    \
        uint16_t sw;                                                       \
        int done = 1;                                                      \
        if (likely(!(env->fptags[d] | env->fptags[s]))) {                  \
            asm(insn " %%st(1)\n\tfnstsw %%ax"                             \
                : "=a"(sw) : "t"(env->fpregs[d]), "u"(env->fpregs[s]));    \
            fpu_set_cc(sw);                                                \
        } else {                                                           \
            done = helper_fcom_underflow();                                \
        }                                                                  \
        if (done && (pops) > 0)                                            \
            FPU_POP(d);                                                    \
        if (done && (pops) > 1)                                            \
            FPU_POP(s);                                                    \
    } while (0)

void OPPROTO op_fcom_ST0_STN(void) { FCOM_REG("fcom", PARAM1, 0); }
void OPPROTO op_fcomp_ST0_STN(void) { FCOM_REG("fcom", PARAM1, 1); }
void OPPROTO op_fcompp(void) { FCOM_REG("fcom", 1, 2); }
void OPPROTO op_fucom_ST0_STN(void) { FCOM_REG("fucom", PARAM1, 0); }
void OPPROTO op_fucomp_ST0_STN(void) { FCOM_REG("fucom", PARAM1, 1); }
void OPPROTO op_fucompp(void) { FCOM_REG("fucom", 1, 2); }

void OPPROTO op_ftst_ST0(void)
{
    unsigned int i = env->fpstt;
    uint16_t sw;

    if (likely(!env->fptags[i])) {
        asm("ftst\n\tfnstsw %%ax" : "=a"(sw) : "t"(env->fpregs[i]));
        fpu_set_cc(sw);
    } else {
        helper_fcom_underflow();
    }
}

/* an empty register is a class of its own for fxam; C1 is its sign */
void OPPROTO op_fxam_ST0(void)
{
    unsigned int i = env->fpstt;
    uint16_t sw;

    if (likely(!env->fptags[i])) {
        asm("fxam\n\tfnstsw %%ax" : "=a"(sw) : "t"(env->fpregs[i]));
    } else {
        sw = FPUS_C3 | FPUS_C0 | ((FPR(i).sexp >> 6) & FPUS_C1);
    }
    fpu_set_cc(sw);
}

/* fcomi and friends: ZF PF CF into the lazy flags (the translator sets
   cc_op to CC_OP_EFLAGS); C1 is cleared */
#define OP_FCOMI(name, insn, pop)                                          \
void OPPROTO op_ ## name ## _ST0_STN_cc(void)                              \
{                                                                          \
    unsigned int d = env->fpstt, s = (d + PARAM1) & 7;                     \
    uint8_t z, p, c;                                                       \
                                                                           \
    if (likely(!(env->fptags[d] | env->fptags[s]))) {                      \
        asm(insn " %%st(1), %%st"                                          \
            : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c)                           \
            : "t"(env->fpregs[d]), "u"(env->fpregs[s]));                   \
        CC_SRC = (z << 6) | (p << 2) | c;                                  \
        fpu_clear_c1();                                                    \
        if (pop)                                                           \
            FPU_POP(d);                                                    \
    } else if (helper_fcomi_underflow() && (pop)) {                        \
        FPU_POP(d);                                                        \
    }                                                                      \
}

OP_FCOMI(fcomi, "fcomi", 0)
OP_FCOMI(fcomip, "fcomi", 1)
OP_FCOMI(fucomi, "fucomi", 0)
OP_FCOMI(fucomip, "fucomi", 1)

/* fcmovcc: T0 holds the condition; both registers are checked either way */
void OPPROTO op_fcmov_ST0_STN_T0(void)
{
    unsigned int d = env->fpstt, s = (d + PARAM1) & 7;

    if (likely(!(env->fptags[d] | env->fptags[s]))) {
        if (T0)
            FPR(d) = FPR(s);
    } else {
        helper_fpu_underflow(d);
    }
}

void OPPROTO op_fxch_ST0_STN(void)
{
    unsigned int d = env->fpstt, s = (d + PARAM1) & 7;

    if (likely(!(env->fptags[d] | env->fptags[s]))) {
        FPReg tmp = FPR(d);
        FPR(d) = FPR(s);
        FPR(s) = tmp;
        fpu_clear_c1();
    } else {
        helper_fxch_underflow(PARAM1);
    }
}

/* the stack pointer and the tags */
void OPPROTO op_fincstp(void)
{
    env->fpstt = (env->fpstt + 1) & 7;
    fpu_clear_c1();
}

void OPPROTO op_fdecstp(void)
{
    env->fpstt = (env->fpstt - 1) & 7;
    fpu_clear_c1();
}

void OPPROTO op_ffree_STN(void)
{
    env->fptags[(env->fpstt + PARAM1) & 7] = 1;
}

void OPPROTO op_ffreep_STN(void)
{
    unsigned int top = env->fpstt;
    env->fptags[(top + PARAM1) & 7] = 1;
    FPU_POP(top);
}

/* the control and status words */
void OPPROTO op_fnstcw_T0(void)
{
    T0 = env->fpuc;
}

void OPPROTO op_fnstsw_T0(void)
{
    uint16_t sw;
    asm volatile("fnstsw %%ax" : "=a"(sw));
    T0 = fpu_status_word(sw);
}

/* the ops that may change the control word leave in T0 whether the
   block's mode (HF_FPU_UNMASKED) changed; op_fpu_check_exit_T0 then
   leaves the block for the next instruction at PARAM1 */
void OPPROTO op_fldcw_T0(void)
{
    T0 = helper_fldcw(T0);
}

void OPPROTO op_fpu_check_exit_T0(void)
{
    if (unlikely(T0)) {
        EIP = PARAM1;
        T0 = 0;
        EXIT_TB();
    }
}

void OPPROTO op_fnclex(void)
{
    env->fpus &= ~(FPUS_EXCP | FPUS_SF | FPUS_ES | FPUS_B);
    asm volatile("fnclex");
}

/* the last non-control instruction, for fnstenv and fnsave: its eip and
   opcode, and with a memory operand the operand's offset and the
   selector of its segment (PARAM3: the offset of segs[seg] in env) */
#define ENV_U32(off) (*(uint32_t *)((char *)env + (off)))

void OPPROTO op_set_fpip(void)
{
    env->fpip = PARAM1;
    env->fpop = PARAM2;
    env->fpcs = env->segs[R_CS].selector;
}

/* A0 is the offset: no segment base was added */
void OPPROTO op_set_fpip_dp(void)
{
    env->fpip = PARAM1;
    env->fpop = PARAM2;
    env->fpcs = env->segs[R_CS].selector;
    env->fpdp = A0;
    env->fpds = ENV_U32(PARAM3 + offsetof(SegmentCache, selector));
}

void OPPROTO op_set_fpip_dp_seg(void)
{
    env->fpip = PARAM1;
    env->fpop = PARAM2;
    env->fpcs = env->segs[R_CS].selector;
    env->fpdp = A0 - ENV_U32(PARAM3 + offsetof(SegmentCache, base));
    env->fpds = ENV_U32(PARAM3 + offsetof(SegmentCache, selector));
}

#undef ENV_U32

void OPPROTO op_fninit(void) { T0 = helper_fninit(); }

/* the environment and save images: PARAM1 is the operand size (data32) */
void OPPROTO op_fnstenv_A0(void) { T0 = helper_fnstenv(A0, PARAM1); }
void OPPROTO op_fldenv_A0(void) { T0 = helper_fldenv(A0, PARAM1); }
void OPPROTO op_fnsave_A0(void) { T0 = helper_fnsave(A0, PARAM1); }
void OPPROTO op_frstor_A0(void) { T0 = helper_frstor(A0, PARAM1); }

/* with an exception unmasked: #MF if one is pending, and the state an
   instruction that raises one must leave as it was (PARAM1: the bytes
   it stores at A0; for commit, whether it is fld m32 or m64, and
   whether it is a compare) */
void OPPROTO op_fpu_wait(void)
{
    helper_fpu_wait();
}

void OPPROTO op_fpu_checkpoint(void)
{
    helper_fpu_checkpoint(PARAM1);
}

void OPPROTO op_fpu_commit(void)
{
    helper_fpu_commit(PARAM1, PARAM2);
}

/* rare or long instructions */
void OPPROTO op_fptan(void) { helper_fptan(); }
void OPPROTO op_fsincos(void) { helper_fsincos(); }
void OPPROTO op_fxtract(void) { helper_fxtract(); }
void OPPROTO op_fpatan(void) { helper_fbinary_pop(FBIN_FPATAN); }
void OPPROTO op_fyl2x(void) { helper_fbinary_pop(FBIN_FYL2X); }
void OPPROTO op_fyl2xp1(void) { helper_fbinary_pop(FBIN_FYL2XP1); }
void OPPROTO op_fscale(void) { helper_fbinary(FBIN_FSCALE); }
void OPPROTO op_fprem(void) { helper_fbinary(FBIN_FPREM); }
void OPPROTO op_fprem1(void) { helper_fbinary(FBIN_FPREM1); }

#undef MEM
#undef MEM_A0
#undef MEM_FT0
