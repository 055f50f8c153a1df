/*
 * i386 translator: disas_insn decodes one guest instruction and emits
 * micro-ops (gen_op_*) into gen_opc_buf; gen_intermediate_code does it for
 * a whole translation block.  The translator tracks the lazy condition
 * code state statically in s->cc_op and stores it in env only where the
 * code that follows needs it; optimize_flags then drops the flag updates
 * nothing reads.
 */
#include <stddef.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include "exec-all.h"
#include "gen-op-i386.h"

#define PREFIX_REPZ   0x01
#define PREFIX_REPNZ  0x02
#define PREFIX_LOCK   0x04
#define PREFIX_DATA   0x08
#define PREFIX_ADR    0x10

/* is_jmp: how the block ends */
#define DISAS_NEXT    0 /* go on translating */
#define DISAS_JUMP    1 /* EIP set dynamically: leave the TB */
#define DISAS_UPDATE  2 /* static CPU state changed: leave after this insn */
#define DISAS_TB_JUMP 3 /* chaining code already emitted */

typedef struct DisasContext {
    uint32_t pc;        /* linear address of the next byte to decode */
    uint32_t cs_base;
    int override;       /* segment override prefix, or -1 */
    int prefix;
    int aflag, dflag;   /* 32-bit address / operand size */
    int is_jmp;
    int code32;
    int ss32;
    int addseg;         /* some of DS, ES, SS has a non-zero base */
    int pe, cpl, iopl, vm86;
    int cc_op;          /* statically known lazy flag state */
    int cc_op_dirty;    /* env->cc_op does not hold it yet */
    int mem_index;      /* which memory op variant: 0 = raw */
    int jmp_opt;        /* direct chaining allowed */
    int tf;             /* single step: trap after each instruction */
    int popl_esp_hack;  /* pop into a memory operand addressed by ESP */
    int softmmu;        /* the system emulator: memory through the soft MMU */
    uint32_t code_page; /* the guest page code is read from now */
    uintptr_t code_addend; /* its host address minus the guest address */
    uintptr_t first_addend; /* the same for the block's first page */
    jmp_buf fetch_fault; /* code fetch beyond executable memory */
    uint32_t fault_addr, fault_error;
    int lock_label;     /* where a locked read-modify-write retries */
    /* the set_fpip of a register-form x87 instruction, put off while the
       instructions after it are register forms too (nothing between them
       can see it) */
    int fpip_pending, fpip_fop;
    uint32_t fpip_eip;
    CPUX86State *env;
    TranslationBlock *tb;
} DisasContext;

enum { OP_ADDL, OP_ORL, OP_ADCL, OP_SBBL, OP_ANDL, OP_SUBL, OP_XORL, OP_CMPL };
enum { OP_ROL, OP_ROR, OP_RCL, OP_RCR, OP_SHL, OP_SHR, OP_SHL1, OP_SAR };
enum { OT_BYTE, OT_WORD, OT_LONG };
enum { JCC_O, JCC_B, JCC_Z, JCC_BE, JCC_S, JCC_P, JCC_L, JCC_LE };

/* operand locations beyond the eight registers */
#define OR_TMP0 16 /* T0: the memory operand in A0 */

typedef void GenOpFunc(void);
typedef void GenOpFunc1(long);
typedef void GenOpFunc2(long, long);

/* Code fetch.  The host address of the page being decoded is looked up
   when decoding enters it: in user mode guest code is read in place, in
   the system emulator through the page tables.  A page the guest may not
   execute ends the decode (a #PF if it is the block's first insn).  The
   TB records the physical pages it was translated from. */
static void code_page_lookup(DisasContext *s, uint32_t addr)
{
    CPUX86State *env = s->env;
    uint32_t page = addr & TARGET_PAGE_MASK, phys;
    uintptr_t host;

    if (!s->softmmu) {
        int flags = page_get_flags(addr);
        if (!(flags & PAGE_VALID) || !(flags & PAGE_EXEC)) {
            s->fault_addr = addr;
            s->fault_error = 0x14 | ((flags & PAGE_VALID) ? 1 : 0);
            longjmp(s->fetch_fault, 1);
        }
        phys = page;
        host = page;
    } else {
        uint32_t saved_cr2 = env->cr[2];
        int saved_error = env->error_code;
        if (cpu_x86_handle_mmu_fault(env, addr, 0, s->cpl == 3, 1, &phys) ||
            phys >= phys_ram_size) {
            s->fault_addr = addr;
            s->fault_error = env->error_code | 0x10;
            env->cr[2] = saved_cr2;
            env->error_code = saved_error;
            longjmp(s->fetch_fault, 1);
        }
        phys &= TARGET_PAGE_MASK;
        host = (uintptr_t)phys_ram_base + phys;
    }
    s->code_page = page;
    s->code_addend = host - page;
    if (page == (s->tb->pc & TARGET_PAGE_MASK)) {
        s->tb->page_addr[0] = phys;
        s->first_addend = s->code_addend;
    } else
        s->tb->page_addr[1] = phys;
}

static uint8_t ldub_code(DisasContext *s)
{
    uint32_t addr = s->pc;
    if ((addr & TARGET_PAGE_MASK) != s->code_page)
        code_page_lookup(s, addr);
    s->pc++;
    return *(uint8_t *)(s->code_addend + addr);
}

static uint32_t lduw_code(DisasContext *s)
{
    uint32_t v = ldub_code(s);
    return v | (ldub_code(s) << 8);
}

static uint32_t ldl_code(DisasContext *s)
{
    uint32_t v = lduw_code(s);
    return v | (lduw_code(s) << 16);
}

static uint32_t insn_get(DisasContext *s, int ot)
{
    switch (ot) {
    case OT_BYTE:
        return ldub_code(s);
    case OT_WORD:
        return lduw_code(s);
    default:
        return ldl_code(s);
    }
}

/* register access tables, [size][register]: byte registers 4-7 are AH-BH */

#define REG_OPS(pfx, sfx) { \
    gen_op_ ## pfx ## _EAX ## sfx, gen_op_ ## pfx ## _ECX ## sfx, \
    gen_op_ ## pfx ## _EDX ## sfx, gen_op_ ## pfx ## _EBX ## sfx, \
    gen_op_ ## pfx ## _ESP ## sfx, gen_op_ ## pfx ## _EBP ## sfx, \
    gen_op_ ## pfx ## _ESI ## sfx, gen_op_ ## pfx ## _EDI ## sfx }
#define BYTE_REG_OPS(pfx, sfx) { \
    gen_op_ ## pfx ## b_EAX ## sfx, gen_op_ ## pfx ## b_ECX ## sfx, \
    gen_op_ ## pfx ## b_EDX ## sfx, gen_op_ ## pfx ## b_EBX ## sfx, \
    gen_op_ ## pfx ## h_EAX ## sfx, gen_op_ ## pfx ## h_ECX ## sfx, \
    gen_op_ ## pfx ## h_EDX ## sfx, gen_op_ ## pfx ## h_EBX ## sfx }

static GenOpFunc *const gen_op_mov_reg_T0[3][8] = {
    BYTE_REG_OPS(mov, _T0), REG_OPS(movw, _T0), REG_OPS(movl, _T0),
};
static GenOpFunc *const gen_op_mov_reg_T1[3][8] = {
    BYTE_REG_OPS(mov, _T1), REG_OPS(movw, _T1), REG_OPS(movl, _T1),
};
static GenOpFunc *const gen_op_mov_reg_A0[2][8] = {
    REG_OPS(movw, _A0), REG_OPS(movl, _A0),
};

#define LOAD_BYTE_REG_OPS(t) { \
    gen_op_movl_ ## t ## _EAX, gen_op_movl_ ## t ## _ECX, \
    gen_op_movl_ ## t ## _EDX, gen_op_movl_ ## t ## _EBX, \
    gen_op_movh_ ## t ## _EAX, gen_op_movh_ ## t ## _ECX, \
    gen_op_movh_ ## t ## _EDX, gen_op_movh_ ## t ## _EBX }

/* [size][T0/T1][register]: loads leave garbage above the operand size */
static GenOpFunc *const gen_op_mov_TN_reg[3][2][8] = {
    { LOAD_BYTE_REG_OPS(T0), LOAD_BYTE_REG_OPS(T1) },
    { REG_OPS(movl_T0, ), REG_OPS(movl_T1, ) },
    { REG_OPS(movl_T0, ), REG_OPS(movl_T1, ) },
};

static GenOpFunc *const gen_op_movl_A0_reg[8] = REG_OPS(movl_A0, );
static GenOpFunc *const gen_op_addl_A0_reg_sN[4][8] = {
    REG_OPS(addl_A0, ), REG_OPS(addl_A0, _s1),
    REG_OPS(addl_A0, _s2), REG_OPS(addl_A0, _s3),
};
static GenOpFunc *const gen_op_cmov_reg_T1_T0[2][8] = {
    REG_OPS(cmovw, _T1_T0), REG_OPS(cmovl, _T1_T0),
};

/* memory access, [mem_index + size]: raw, then the soft MMU's kernel
   and user variants */
#define MEM_OPS(pfx, sfx) \
    gen_op_ ## pfx ## b_raw_ ## sfx, gen_op_ ## pfx ## w_raw_ ## sfx, \
    gen_op_ ## pfx ## l_raw_ ## sfx, \
    gen_op_ ## pfx ## b_kernel_ ## sfx, gen_op_ ## pfx ## w_kernel_ ## sfx, \
    gen_op_ ## pfx ## l_kernel_ ## sfx, \
    gen_op_ ## pfx ## b_user_ ## sfx, gen_op_ ## pfx ## w_user_ ## sfx, \
    gen_op_ ## pfx ## l_user_ ## sfx
#define MEM_INDEX_RAW 0
#define MEM_INDEX_KERNEL 3
#define MEM_INDEX_USER 6

static GenOpFunc *const gen_op_ldu_T0_A0[9] = {
    gen_op_ldub_raw_T0_A0, gen_op_lduw_raw_T0_A0, gen_op_ldl_raw_T0_A0,
    gen_op_ldub_kernel_T0_A0, gen_op_lduw_kernel_T0_A0, gen_op_ldl_kernel_T0_A0,
    gen_op_ldub_user_T0_A0, gen_op_lduw_user_T0_A0, gen_op_ldl_user_T0_A0,
};
static GenOpFunc *const gen_op_lds_T0_A0[9] = {
    gen_op_ldsb_raw_T0_A0, gen_op_ldsw_raw_T0_A0, gen_op_ldl_raw_T0_A0,
    gen_op_ldsb_kernel_T0_A0, gen_op_ldsw_kernel_T0_A0, gen_op_ldl_kernel_T0_A0,
    gen_op_ldsb_user_T0_A0, gen_op_ldsw_user_T0_A0, gen_op_ldl_user_T0_A0,
};
static GenOpFunc *const gen_op_ldu_T1_A0[9] = {
    gen_op_ldub_raw_T1_A0, gen_op_lduw_raw_T1_A0, gen_op_ldl_raw_T1_A0,
    gen_op_ldub_kernel_T1_A0, gen_op_lduw_kernel_T1_A0, gen_op_ldl_kernel_T1_A0,
    gen_op_ldub_user_T1_A0, gen_op_lduw_user_T1_A0, gen_op_ldl_user_T1_A0,
};
static GenOpFunc *const gen_op_st_T0_A0[9] = { MEM_OPS(st, T0_A0) };

/* size-dependent arithmetic, [size] */
#define SIZE_OPS(pfx, sfx) { gen_op_ ## pfx ## b ## sfx, gen_op_ ## pfx ## w ## sfx, \
                             gen_op_ ## pfx ## l ## sfx }
static GenOpFunc *const gen_op_adc_T0_T1_cc[3] = SIZE_OPS(adc, _T0_T1_cc);
static GenOpFunc *const gen_op_sbb_T0_T1_cc[3] = SIZE_OPS(sbb, _T0_T1_cc);
static GenOpFunc *const gen_op_cmpxchg_T0_T1_EAX_cc[3] = SIZE_OPS(cmpxchg, _T0_T1_EAX_cc);
static GenOpFunc *const gen_op_xadd_T0_T1_cc[3] = SIZE_OPS(xadd, _T0_T1_cc);
static GenOpFunc1 *const gen_op_lock_cmpxchg_T0_A0_cc[3] = SIZE_OPS(lock_cmpxchg, _T0_A0_cc);
static GenOpFunc *const gen_op_lock_xchg_T0_A0[3] = SIZE_OPS(lock_xchg, _T0_A0);
static GenOpFunc *const gen_op_movzx_T0[3] = SIZE_OPS(movzx_T0, );
static GenOpFunc *const gen_op_movsx_T0[3] = SIZE_OPS(movsx_T0, );
static GenOpFunc *const gen_op_movl_T0_Dshift[3] = SIZE_OPS(movl_T0_Dshift, );
static GenOpFunc1 *const gen_op_jz_ecx[3] = SIZE_OPS(jz_ecx, );
static GenOpFunc1 *const gen_op_jnz_ecx[3] = SIZE_OPS(jnz_ecx, );
static GenOpFunc *const gen_op_dec_ecx[3] = SIZE_OPS(dec_ecx, );

static GenOpFunc *const gen_op_shift_T0_T1_cc[3][8] = {
#define SHIFT_OPS(x) { gen_op_rol ## x ## _T0_T1_cc, gen_op_ror ## x ## _T0_T1_cc, \
        gen_op_rcl ## x ## _T0_T1_cc, gen_op_rcr ## x ## _T0_T1_cc, \
        gen_op_shl ## x ## _T0_T1_cc, gen_op_shr ## x ## _T0_T1_cc, \
        gen_op_shl ## x ## _T0_T1_cc, gen_op_sar ## x ## _T0_T1_cc }
    SHIFT_OPS(b), SHIFT_OPS(w), SHIFT_OPS(l),
#undef SHIFT_OPS
};

/* [size][shl, shr, shl, sar]: a constant count less one in the parameter */
static GenOpFunc1 *const gen_op_shift_T0_im_cc[3][4] = {
#define SHIFT_IM_OPS(x) { gen_op_shl ## x ## _T0_im_cc, gen_op_shr ## x ## _T0_im_cc, \
        gen_op_shl ## x ## _T0_im_cc, gen_op_sar ## x ## _T0_im_cc }
    SHIFT_IM_OPS(b), SHIFT_IM_OPS(w), SHIFT_IM_OPS(l),
#undef SHIFT_IM_OPS
};

/* [size - 1][ecx/imm] for word and long */
static GenOpFunc1 *const gen_op_shld_T0_T1_cc[2][2] = {
    { (GenOpFunc1 *)gen_op_shldw_T0_T1_ECX_cc, gen_op_shldw_T0_T1_im_cc },
    { (GenOpFunc1 *)gen_op_shldl_T0_T1_ECX_cc, gen_op_shldl_T0_T1_im_cc },
};
static GenOpFunc1 *const gen_op_shrd_T0_T1_cc[2][2] = {
    { (GenOpFunc1 *)gen_op_shrdw_T0_T1_ECX_cc, gen_op_shrdw_T0_T1_im_cc },
    { (GenOpFunc1 *)gen_op_shrdl_T0_T1_ECX_cc, gen_op_shrdl_T0_T1_im_cc },
};

static GenOpFunc *const gen_op_btx_T0_T1_cc[2][4] = {
    { gen_op_btw_T0_T1_cc, gen_op_btsw_T0_T1_cc, gen_op_btrw_T0_T1_cc, gen_op_btcw_T0_T1_cc },
    { gen_op_btl_T0_T1_cc, gen_op_btsl_T0_T1_cc, gen_op_btrl_T0_T1_cc, gen_op_btcl_T0_T1_cc },
};
static GenOpFunc *const gen_op_add_bit_A0_T1[2] = {
    gen_op_add_bit_A0_T1w, gen_op_add_bit_A0_T1l,
};
static GenOpFunc *const gen_op_bsx_T0_cc[2][2] = {
    { gen_op_bsfw_T0_cc, gen_op_bsrw_T0_cc },
    { gen_op_bsfl_T0_cc, gen_op_bsrl_T0_cc },
};

/* conditions computed inline from a statically known cc_op,
   [cc_op][jcc]; NULL: compute the flags (a call) */
#define JCC_ROW(x, b, be, l, le) { NULL, b, gen_op_jz_sub ## x, be, \
        gen_op_js_sub ## x, NULL, l, le }
#define JCC_ROWS(X, x) \
    [CC_OP_SUB ## X] = JCC_ROW(x, gen_op_jb_sub ## x, gen_op_jbe_sub ## x, \
                               gen_op_jl_sub ## x, gen_op_jle_sub ## x), \
    [CC_OP_ADD ## X] = JCC_ROW(x, gen_op_jb_add ## x, gen_op_jbe_add ## x, NULL, NULL), \
    [CC_OP_LOGIC ## X] = JCC_ROW(x, NULL, gen_op_jz_sub ## x, \
                                 gen_op_js_sub ## x, gen_op_jle_logic ## x), \
    [CC_OP_INC ## X] = JCC_ROW(x, gen_op_jb_inc, gen_op_jbe_inc ## x, NULL, NULL), \
    [CC_OP_DEC ## X] = JCC_ROW(x, gen_op_jb_inc, gen_op_jbe_inc ## x, NULL, NULL), \
    [CC_OP_ADC ## X] = JCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SBB ## X] = JCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SHL ## X] = JCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SAR ## X] = JCC_ROW(x, NULL, NULL, NULL, NULL)
static GenOpFunc1 *const gen_jcc_fast[CC_OP_NB][8] = {
    JCC_ROWS(B, b), JCC_ROWS(W, w), JCC_ROWS(L, l),
};
#undef JCC_ROW
#undef JCC_ROWS

#define SETCC_ROW(x, b, be, l, le) { NULL, b, gen_op_setz_T0_sub ## x, be, \
        gen_op_sets_T0_sub ## x, NULL, l, le }
#define SETCC_ROWS(X, x) \
    [CC_OP_SUB ## X] = SETCC_ROW(x, gen_op_setb_T0_sub ## x, gen_op_setbe_T0_sub ## x, \
                                 gen_op_setl_T0_sub ## x, gen_op_setle_T0_sub ## x), \
    [CC_OP_ADD ## X] = SETCC_ROW(x, gen_op_setb_T0_add ## x, gen_op_setbe_T0_add ## x, \
                                 NULL, NULL), \
    [CC_OP_LOGIC ## X] = SETCC_ROW(x, NULL, gen_op_setz_T0_sub ## x, \
                                   gen_op_sets_T0_sub ## x, gen_op_setle_T0_logic ## x), \
    [CC_OP_INC ## X] = SETCC_ROW(x, gen_op_setb_T0_inc, gen_op_setbe_T0_inc ## x, NULL, NULL), \
    [CC_OP_DEC ## X] = SETCC_ROW(x, gen_op_setb_T0_inc, gen_op_setbe_T0_inc ## x, NULL, NULL), \
    [CC_OP_ADC ## X] = SETCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SBB ## X] = SETCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SHL ## X] = SETCC_ROW(x, NULL, NULL, NULL, NULL), \
    [CC_OP_SAR ## X] = SETCC_ROW(x, NULL, NULL, NULL, NULL)
static GenOpFunc *const gen_setcc_fast[CC_OP_NB][8] = {
    SETCC_ROWS(B, b), SETCC_ROWS(W, w), SETCC_ROWS(L, l),
};
#undef SETCC_ROW
#undef SETCC_ROWS

/* the carry of a statically known cc_op into CC_SRC: for inc/dec (which
   also set CC_DST) and for adc/sbb; NULL: by a call */
#define CARRY_ROWS(X, x) \
    [CC_OP_ADD ## X] = { gen_op_update_inc_cc_add ## x, gen_op_carry_add ## x }, \
    [CC_OP_SUB ## X] = { gen_op_update_inc_cc_sub ## x, gen_op_carry_sub ## x }
static GenOpFunc *const gen_carry_fast[CC_OP_NB][2] = {
    CARRY_ROWS(B, b), CARRY_ROWS(W, w), CARRY_ROWS(L, l),
};
#undef CARRY_ROWS
/* adc and sbb right after an add or sub of the same size, which gives the
   carry: one op, the carry never stored */
#define ADC_ROWS(X, x) \
    [CC_OP_ADD ## X] = { gen_op_adc ## x ## _T0_T1_add_cc, gen_op_sbb ## x ## _T0_T1_add_cc }, \
    [CC_OP_SUB ## X] = { gen_op_adc ## x ## _T0_T1_sub_cc, gen_op_sbb ## x ## _T0_T1_sub_cc }
static GenOpFunc *const gen_adc_fast[CC_OP_NB][2] = {
    ADC_ROWS(B, b), ADC_ROWS(W, w), ADC_ROWS(L, l),
};
#undef ADC_ROWS
static GenOpFunc *const gen_op_adc_T0_T1_carry_cc[3] = SIZE_OPS(adc, _T0_T1_carry_cc);
static GenOpFunc *const gen_op_sbb_T0_T1_carry_cc[3] = SIZE_OPS(sbb, _T0_T1_carry_cc);

static GenOpFunc *const gen_setcc_slow[8] = {
    gen_op_seto_T0_cc, gen_op_setb_T0_cc, gen_op_setz_T0_cc, gen_op_setbe_T0_cc,
    gen_op_sets_T0_cc, gen_op_setp_T0_cc, gen_op_setl_T0_cc, gen_op_setle_T0_cc,
};

/* labels inside a TB */
static int gen_new_label(void)
{
    return gen_nb_labels++;
}

static void gen_set_label(int label)
{
    *gen_opparam_ptr++ = label;
    *gen_opc_ptr++ = INDEX_op_set_label;
}

static void set_cc_op(DisasContext *s, int op)
{
    s->cc_op = op;
    s->cc_op_dirty = op != CC_OP_DYNAMIC;
}

/* make env->cc_op exact; what is known statically stays known */
static void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        gen_op_set_cc_op(s->cc_op);
        s->cc_op_dirty = 0;
    }
}

static void gen_jmp_im(uint32_t eip)
{
    gen_op_movl_eip_im(eip);
}

/* before anything that may raise from C: eip and cc_op exact in env */
static void gen_sync_state(DisasContext *s, uint32_t cur_eip)
{
    gen_update_cc_op(s);
    gen_jmp_im(cur_eip);
}

/* operands */

static void gen_op_mov_TN(int ot, int t, int reg)
{
    gen_op_mov_TN_reg[ot][t][reg]();
}

static void gen_add_A0_seg(DisasContext *s, int default_seg)
{
    int seg = s->override >= 0 ? s->override : default_seg;
    if (s->override >= 0 || s->addseg)
        gen_op_addl_A0_seg(offsetof(CPUX86State, segs[seg].base));
}

static void gen_lea_modrm(DisasContext *s, int modrm)
{
    int mod = (modrm >> 6) & 3, rm = modrm & 7;
    int default_seg = R_DS;
    int32_t disp;

    if (s->aflag) {
        int base = rm, index = 4, scale = 0;
        if (base == 4) {
            int sib = ldub_code(s);
            scale = sib >> 6;
            index = (sib >> 3) & 7;
            base = sib & 7;
        }
        switch (mod) {
        case 0:
            if (base == 5) {
                base = -1;
                disp = ldl_code(s);
            } else {
                disp = 0;
            }
            break;
        case 1:
            disp = (int8_t)ldub_code(s);
            break;
        default:
            disp = ldl_code(s);
            break;
        }
        if (base >= 0) {
            if (base == R_ESP)
                disp += s->popl_esp_hack;
            gen_op_movl_A0_reg[base]();
            if (disp)
                gen_op_addl_A0_im(disp);
            if (base == R_EBP || base == R_ESP)
                default_seg = R_SS;
        } else {
            gen_op_movl_A0_im(disp);
        }
        if (index != 4)
            gen_op_addl_A0_reg_sN[scale][index]();
    } else {
        static const int8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
        static const int8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI, -1, -1, -1, -1 };
        if (mod == 0 && rm == 6) {
            gen_op_movl_A0_im(lduw_code(s));
        } else {
            disp = mod == 1 ? (int8_t)ldub_code(s) : mod == 2 ? (int16_t)lduw_code(s) : 0;
            gen_op_movl_A0_reg[base16[rm]]();
            if (index16[rm] >= 0)
                gen_op_addl_A0_reg_sN[0][index16[rm]]();
            if (disp)
                gen_op_addl_A0_im(disp);
            gen_op_andl_A0_ffff();
            if (base16[rm] == R_EBP)
                default_seg = R_SS;
        }
    }
    gen_add_A0_seg(s, default_seg);
}

/* [base + disp] in user mode with no segment base to add: loads and
   stores of 32 bits take base and disp in one op and leave A0 alone (so
   only for an operand that is read or written once).  Returns the base
   register and reads the disp, or returns -1 and reads nothing. */
static GenOpFunc1 *const gen_op_ldl_raw_T0_disp[8] = REG_OPS(ldl_raw_T0, _disp);
static GenOpFunc1 *const gen_op_ldl_raw_T1_disp[8] = REG_OPS(ldl_raw_T1, _disp);
static GenOpFunc1 *const gen_op_stl_raw_T0_disp[8] = REG_OPS(stl_raw_T0, _disp);

/* the previous instruction stored T0 at [base + disp] (its last op), so T0
   still holds what a load from there would give: the value the host's
   own store forwarding returns, a result x86's memory order allows */
static int stored_just_before(int base, int32_t disp)
{
    static const uint16_t stl_ops[8] = {
        INDEX_op_stl_raw_T0_EAX_disp, INDEX_op_stl_raw_T0_ECX_disp,
        INDEX_op_stl_raw_T0_EDX_disp, INDEX_op_stl_raw_T0_EBX_disp,
        INDEX_op_stl_raw_T0_ESP_disp, INDEX_op_stl_raw_T0_EBP_disp,
        INDEX_op_stl_raw_T0_ESI_disp, INDEX_op_stl_raw_T0_EDI_disp,
    };
    return gen_opc_ptr > gen_opc_buf && gen_opc_ptr[-1] == stl_ops[base] &&
           gen_opparam_ptr[-1] == (uint32_t)disp;
}

static int gen_modrm_base_disp(DisasContext *s, int modrm, int ot, int32_t *disp)
{
    int mod = (modrm >> 6) & 3, base = modrm & 7;
    uint32_t pc_save = s->pc;

    if (ot != OT_LONG || mod == 3 || !s->aflag || s->mem_index != MEM_INDEX_RAW ||
        s->override >= 0 || s->addseg)
        return -1;
    if (base == 4) {
        int sib = ldub_code(s);
        if (((sib >> 3) & 7) != 4) {
            s->pc = pc_save;
            return -1;
        }
        base = sib & 7;
    }
    if (mod == 0 && base == 5) {
        s->pc = pc_save;
        return -1;
    }
    *disp = mod == 0 ? 0 : mod == 1 ? (int8_t)ldub_code(s) : (int32_t)ldl_code(s);
    if (base == R_ESP)
        *disp += s->popl_esp_hack;
    return base;
}

/* the displacement-only form for moffs (a0-a3) and xlat-like operands */
static void gen_add_A0_ds_seg(DisasContext *s)
{
    gen_add_A0_seg(s, R_DS);
}

/* load (is_store = 0) T0 from, or store T0 to, the r/m operand */
static void gen_ldst_modrm(DisasContext *s, int modrm, int ot, int is_store)
{
    int mod = (modrm >> 6) & 3, rm = modrm & 7;
    if (mod == 3) {
        if (is_store)
            gen_op_mov_reg_T0[ot][rm]();
        else
            gen_op_mov_TN(ot, 0, rm);
    } else {
        gen_lea_modrm(s, modrm);
        if (is_store)
            gen_op_st_T0_A0[ot + s->mem_index]();
        else
            gen_op_ldu_T0_A0[ot + s->mem_index]();
    }
}

/* The lock prefix in user mode, where other guest threads run at the
   same time: the load of a read-modify-write opens a loop and its store
   is a compare-and-swap that closes it, so a store another thread made
   in between is never lost.  The ops between them run again on a retry;
   op_lock_save_cc saves after the load what they change (T1, the lazy
   flags, EAX for cmpxchg) and a failed op_lock_cmpxchg puts it back, so
   the flags come out exactly as without the prefix.  The system emulator
   has one CPU and keeps the plain load and store. */
static int gen_locked(DisasContext *s, int d)
{
    return (s->prefix & PREFIX_LOCK) && d == OR_TMP0 && !s->softmmu;
}

/* load T0 from register or memory operand d (A0 already set for memory) */
static void gen_load_T0(DisasContext *s, int ot, int d)
{
    if (gen_locked(s, d)) {
        s->lock_label = gen_new_label();
        gen_set_label(s->lock_label);
        gen_op_ldu_T0_A0[ot + s->mem_index]();
        gen_op_lock_save_cc();
    } else if (d == OR_TMP0) {
        gen_op_ldu_T0_A0[ot + s->mem_index]();
    } else {
        gen_op_mov_TN(ot, 0, d);
    }
}

static void gen_store_T0(DisasContext *s, int ot, int d)
{
    if (gen_locked(s, d))
        gen_op_lock_cmpxchg_T0_A0_cc[ot](s->lock_label);
    else if (d == OR_TMP0)
        gen_op_st_T0_A0[ot + s->mem_index]();
    else
        gen_op_mov_reg_T0[ot][d]();
}

/* arithmetic with lazy flags: T1 holds the source */
static void gen_op(DisasContext *s, int op, int ot, int d)
{
    gen_load_T0(s, ot, d);
    switch (op) {
    case OP_ADCL:
    case OP_SBBL:
        if (s->cc_op >= CC_OP_LOGICB && s->cc_op <= CC_OP_LOGICL) {
            /* no carry in: a plain add or sub */
            op = op == OP_ADCL ? OP_ADDL : OP_SUBL;
            break;
        }
        if (gen_adc_fast[s->cc_op][0] &&
            (s->cc_op == CC_OP_ADDB + ot || s->cc_op == CC_OP_SUBB + ot)) {
            gen_adc_fast[s->cc_op][op == OP_SBBL]();
        } else if (gen_carry_fast[s->cc_op][1] ||
                   (s->cc_op >= CC_OP_INCB && s->cc_op <= CC_OP_DECL)) {
            if (gen_carry_fast[s->cc_op][1])
                gen_carry_fast[s->cc_op][1]();
            if (op == OP_ADCL)
                gen_op_adc_T0_T1_carry_cc[ot]();
            else
                gen_op_sbb_T0_T1_carry_cc[ot]();
        } else {
            gen_update_cc_op(s);
            if (op == OP_ADCL)
                gen_op_adc_T0_T1_cc[ot]();
            else
                gen_op_sbb_T0_T1_cc[ot]();
        }
        gen_store_T0(s, ot, d);
        set_cc_op(s, CC_OP_DYNAMIC);
        return;
    default:
        break;
    }
    switch (op) {
    case OP_ADDL:
        gen_op_addl_T0_T1();
        gen_store_T0(s, ot, d);
        gen_op_update2_cc();
        set_cc_op(s, CC_OP_ADDB + ot);
        return;
    case OP_SUBL:
        gen_op_subl_T0_T1();
        gen_store_T0(s, ot, d);
        gen_op_update2_cc();
        set_cc_op(s, CC_OP_SUBB + ot);
        return;
    case OP_CMPL:
        gen_op_cmpl_T0_T1_cc();
        set_cc_op(s, CC_OP_SUBB + ot);
        return;
    case OP_ANDL:
        gen_op_andl_T0_T1();
        break;
    case OP_ORL:
        gen_op_orl_T0_T1();
        break;
    default:
        gen_op_xorl_T0_T1();
        break;
    }
    gen_store_T0(s, ot, d);
    gen_op_update1_cc();
    set_cc_op(s, CC_OP_LOGICB + ot);
}

/* inc (c = 1) and dec (c = -1) keep CF */
static void gen_inc(DisasContext *s, int ot, int d, int c)
{
    GenOpFunc *update = gen_carry_fast[s->cc_op][0];

    if (s->cc_op >= CC_OP_LOGICB && s->cc_op <= CC_OP_LOGICL)
        update = gen_op_update_inc_cc_logic;
    else if (s->cc_op >= CC_OP_INCB && s->cc_op <= CC_OP_DECL)
        update = gen_op_update_inc_cc_inc;
    gen_load_T0(s, ot, d);
    if (!update) {
        gen_update_cc_op(s);
        update = gen_op_update_inc_cc;
    }
    if (c > 0) {
        gen_op_incl_T0();
        set_cc_op(s, CC_OP_INCB + ot);
    } else {
        gen_op_decl_T0();
        set_cc_op(s, CC_OP_DECB + ot);
    }
    gen_store_T0(s, ot, d);
    update();
}

/* shifts and rotates: T1 holds the count */
static void gen_shift(DisasContext *s, int op, int ot, int d)
{
    gen_load_T0(s, ot, d);
    gen_update_cc_op(s);
    gen_op_shift_T0_T1_cc[ot][op]();
    gen_store_T0(s, ot, d);
    set_cc_op(s, CC_OP_DYNAMIC);
}

/* a constant count: shifts by a nonzero one set every flag, so cc_op
   stays static; a count of 0 and rotates keep the general path */
static void gen_shift_im(DisasContext *s, int op, int ot, int d, int count)
{
    count &= 0x1f;
    if (op < 4 || count == 0) {
        gen_op_movl_T1_im(count);
        gen_shift(s, op, ot, d);
        return;
    }
    gen_load_T0(s, ot, d);
    gen_op_shift_T0_im_cc[ot][op - 4](count - 1);
    gen_store_T0(s, ot, d);
    set_cc_op(s, (op == 7 || op == 5 ? CC_OP_SARB : CC_OP_SHLB) + ot);
}

/* conditions */

static int after_cmpl(void);

static GenOpFunc *const gen_setcc_cmpl[8] = {
    [JCC_B] = gen_op_setb_T0_cmpl_T0_T1, [JCC_Z] = gen_op_setz_T0_cmpl_T0_T1,
    [JCC_BE] = gen_op_setbe_T0_cmpl_T0_T1, [JCC_S] = gen_op_sets_T0_cmpl_T0_T1,
    [JCC_L] = gen_op_setl_T0_cmpl_T0_T1, [JCC_LE] = gen_op_setle_T0_cmpl_T0_T1,
};

/* T0 = condition b (low bit inverts) */
static void gen_setcc(DisasContext *s, int b)
{
    int inv = b & 1, jcc_op = (b >> 1) & 7;
    GenOpFunc *fast = gen_setcc_fast[s->cc_op][jcc_op];

    if (s->cc_op == CC_OP_SUBL && gen_setcc_cmpl[jcc_op] && after_cmpl()) {
        gen_setcc_cmpl[jcc_op]();
    } else if (fast) {
        fast();
    } else {
        gen_update_cc_op(s);
        gen_setcc_slow[jcc_op]();
    }
    if (inv)
        gen_op_xor_T0_1();
}

/* the last op a 32-bit cmp (a set_cc_op may follow it): T0 and T1 still
   hold its operands */
static int after_cmpl(void)
{
    int n = gen_opc_ptr - gen_opc_buf;
    return (n >= 1 && gen_opc_ptr[-1] == INDEX_op_cmpl_T0_T1_cc) ||
           (n >= 2 && gen_opc_ptr[-1] == INDEX_op_set_cc_op &&
            gen_opc_ptr[-2] == INDEX_op_cmpl_T0_T1_cc);
}

static GenOpFunc1 *const gen_jcc_cmpl[8] = {
    [JCC_B] = gen_op_jb_cmpl_T0_T1, [JCC_Z] = gen_op_jz_cmpl_T0_T1,
    [JCC_BE] = gen_op_jbe_cmpl_T0_T1, [JCC_L] = gen_op_jl_cmpl_T0_T1,
    [JCC_LE] = gen_op_jle_cmpl_T0_T1,
};

/* jump to label if condition b holds */
static void gen_jcc_label(DisasContext *s, int b, int label)
{
    int inv = b & 1, jcc_op = (b >> 1) & 7;
    GenOpFunc1 *fast = gen_jcc_fast[s->cc_op][jcc_op];

    if (s->cc_op == CC_OP_SUBL && gen_jcc_cmpl[jcc_op] && after_cmpl() &&
        (!inv || jcc_op == JCC_Z)) {
        (inv ? gen_op_jnz_cmpl_T0_T1 : gen_jcc_cmpl[jcc_op])(label);
    } else if (fast && !inv) {
        fast(label);
    } else if (fast && jcc_op == JCC_Z) {
        static GenOpFunc1 *const jnz[3] = { gen_op_jnz_subb, gen_op_jnz_subw, gen_op_jnz_subl };
        jnz[(s->cc_op - CC_OP_ADDB) % 3](label);
    } else {
        gen_setcc(s, b);
        gen_op_jnz_T0_label(label);
    }
}

/* block ends */

static void gen_goto_tb(DisasContext *s, int n, uint32_t eip)
{
    gen_update_cc_op(s);
    if (s->tf) {
        gen_jmp_im(eip);
        gen_op_raise_exception(EXCP01_SSTP);
    } else if (s->jmp_opt &&
               (!s->softmmu || ((eip + s->cs_base) & TARGET_PAGE_MASK) ==
                               (s->tb->pc & TARGET_PAGE_MASK))) {
        if (n == 0)
            gen_op_goto_tb0();
        else
            gen_op_goto_tb1();
        gen_jmp_im(eip);
        gen_op_movl_T0_im(TB_EXIT_VALUE(s->tb, n));
    } else {
        gen_jmp_im(eip);
        gen_op_movl_T0_im(0);
    }
    gen_op_exit_tb();
}

static void gen_jmp(DisasContext *s, uint32_t eip)
{
    gen_goto_tb(s, 0, eip);
    s->is_jmp = DISAS_TB_JUMP;
}

/* EIP is already in env: leave the TB */
static void gen_eob(DisasContext *s)
{
    gen_update_cc_op(s);
    if (s->tf) {
        gen_op_raise_exception(EXCP01_SSTP);
    } else if (s->jmp_opt && !s->softmmu) {
        gen_op_lookup_tb();
        gen_op_goto_ptr();
    } else {
        gen_op_movl_T0_im(0);
        gen_op_exit_tb();
    }
    s->is_jmp = DISAS_TB_JUMP;
}

static void gen_jcc(DisasContext *s, int b, uint32_t taken, uint32_t next)
{
    int l1 = gen_new_label();
    gen_update_cc_op(s); /* both exits need it */
    /* an inverted condition with an inline form: swap the exits */
    if ((b & 1) && gen_jcc_fast[s->cc_op][(b >> 1) & 7] && ((b >> 1) & 7) != JCC_Z) {
        uint32_t t = taken;
        taken = next;
        next = t;
        b ^= 1;
    }
    gen_jcc_label(s, b, l1);
    gen_goto_tb(s, 0, next);
    gen_set_label(l1);
    gen_goto_tb(s, 1, taken);
    s->is_jmp = DISAS_TB_JUMP;
}

/* end the block: on to nonzero_eip if T0 != 0, else to zero_eip */
static void gen_jnz_T0_eob(DisasContext *s, uint32_t nonzero_eip, uint32_t zero_eip)
{
    int l1 = gen_new_label();
    gen_op_jnz_T0_label(l1);
    gen_goto_tb(s, 0, zero_eip);
    gen_set_label(l1);
    gen_goto_tb(s, 1, nonzero_eip);
    s->is_jmp = DISAS_TB_JUMP;
}

static void gen_exception(DisasContext *s, int trapno, uint32_t cur_eip)
{
    gen_sync_state(s, cur_eip);
    gen_op_raise_exception(trapno);
    s->is_jmp = DISAS_TB_JUMP;
}

static void gen_interrupt(DisasContext *s, int intno, uint32_t cur_eip, uint32_t next_eip)
{
    gen_sync_state(s, cur_eip);
    gen_op_raise_interrupt(intno, next_eip);
    s->is_jmp = DISAS_TB_JUMP;
}

/* stack: the memory write comes before the ESP update, so a fault
   leaves ESP unchanged */

static void gen_stack_A0(DisasContext *s)
{
    if (!s->ss32)
        gen_op_andl_A0_ffff();
    if (s->addseg || !s->ss32)
        gen_op_addl_A0_seg(offsetof(CPUX86State, segs[R_SS].base));
}

static void gen_add_ESP(DisasContext *s, int addend)
{
    if (s->ss32)
        gen_op_addl_ESP_im(addend);
    else
        gen_op_addw_ESP_im(addend);
}

/* push T0 */
static void gen_push_T0(DisasContext *s)
{
    int size = 2 << s->dflag;
    gen_op_movl_A0_ESP();
    gen_op_addl_A0_im(-size);
    gen_stack_A0(s);
    gen_op_st_T0_A0[(s->dflag ? OT_LONG : OT_WORD) + s->mem_index]();
    gen_add_ESP(s, -size);
}

/* T0 = top of stack; ESP is updated by gen_pop_update */
static void gen_pop_T0(DisasContext *s)
{
    gen_op_movl_A0_ESP();
    gen_stack_A0(s);
    gen_op_ldu_T0_A0[(s->dflag ? OT_LONG : OT_WORD) + s->mem_index]();
}

static void gen_pop_update(DisasContext *s)
{
    gen_add_ESP(s, 2 << s->dflag);
}

static void gen_pusha(DisasContext *s)
{
    int size = 2 << s->dflag, ot = s->dflag ? OT_LONG : OT_WORD;
    gen_op_movl_A0_ESP();
    gen_op_addl_A0_im(-8 * size);
    if (!s->ss32)
        gen_op_andl_A0_ffff();
    gen_op_movl_T1_A0();
    if (s->addseg || !s->ss32)
        gen_op_addl_A0_seg(offsetof(CPUX86State, segs[R_SS].base));
    for (int i = 0; i < 8; i++) {
        gen_op_mov_TN(OT_LONG, 0, 7 - i);
        gen_op_st_T0_A0[ot + s->mem_index]();
        gen_op_addl_A0_im(size);
    }
    if (s->ss32)
        gen_op_movl_ESP_T1();
    else
        gen_op_movw_ESP_T1();
}

static void gen_popa(DisasContext *s)
{
    int size = 2 << s->dflag, ot = s->dflag ? OT_LONG : OT_WORD;
    gen_op_movl_A0_ESP();
    gen_stack_A0(s);
    for (int i = 0; i < 8; i++) {
        /* ESP itself is skipped */
        if (7 - i != R_ESP) {
            gen_op_ldu_T0_A0[ot + s->mem_index]();
            gen_op_mov_reg_T0[ot][7 - i]();
        }
        gen_op_addl_A0_im(size);
    }
    gen_add_ESP(s, 8 * size);
}

/* string instructions: the rep forms run in a C loop */

static void gen_string_ptr(DisasContext *s, int reg, int seg)
{
    gen_op_movl_A0_reg[reg]();
    if (!s->aflag)
        gen_op_andl_A0_ffff();
    if (seg == R_ES)
        gen_op_addl_A0_seg(offsetof(CPUX86State, segs[R_ES].base));
    else
        gen_add_A0_seg(s, R_DS);
}

static void gen_string_step(DisasContext *s, int ot, int reg)
{
    gen_op_movl_T0_Dshift[ot]();
    if (reg == R_ESI)
        s->aflag ? gen_op_addl_ESI_T0() : gen_op_addw_ESI_T0();
    else
        s->aflag ? gen_op_addl_EDI_T0() : gen_op_addw_EDI_T0();
}

/* one iteration, no rep prefix */
static void gen_string_once(DisasContext *s, int kind, int ot)
{
    switch (kind) {
    case STR_MOVS:
        gen_string_ptr(s, R_ESI, R_DS);
        gen_op_ldu_T0_A0[ot + s->mem_index]();
        gen_string_ptr(s, R_EDI, R_ES);
        gen_op_st_T0_A0[ot + s->mem_index]();
        gen_string_step(s, ot, R_ESI);
        gen_string_step(s, ot, R_EDI);
        break;
    case STR_STOS:
        gen_string_ptr(s, R_EDI, R_ES);
        gen_op_mov_TN(OT_LONG, 0, R_EAX);
        gen_op_st_T0_A0[ot + s->mem_index]();
        gen_string_step(s, ot, R_EDI);
        break;
    case STR_LODS:
        gen_string_ptr(s, R_ESI, R_DS);
        gen_op_ldu_T0_A0[ot + s->mem_index]();
        gen_op_mov_reg_T0[ot][R_EAX]();
        gen_string_step(s, ot, R_ESI);
        break;
    case STR_SCAS:
        gen_string_ptr(s, R_EDI, R_ES);
        gen_op_ldu_T1_A0[ot + s->mem_index]();
        gen_op_mov_TN(OT_LONG, 0, R_EAX);
        gen_op_cmpl_T0_T1_cc();
        gen_string_step(s, ot, R_EDI);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    case STR_CMPS:
        gen_string_ptr(s, R_EDI, R_ES);
        gen_op_ldu_T1_A0[ot + s->mem_index]();
        gen_string_ptr(s, R_ESI, R_DS);
        gen_op_ldu_T0_A0[ot + s->mem_index]();
        gen_op_cmpl_T0_T1_cc();
        gen_string_step(s, ot, R_ESI);
        gen_string_step(s, ot, R_EDI);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    }
}

static void gen_string(DisasContext *s, int kind, int ot, uint32_t cur_eip,
                       uint32_t next_eip)
{
    int rep = s->prefix & (PREFIX_REPZ | PREFIX_REPNZ);
    int op;

    if (!rep) {
        gen_string_once(s, kind, ot);
        return;
    }
    op = (ot << STR_OP_SHIFT) | (kind << STR_KIND_SHIFT) |
         ((s->override >= 0 ? s->override : R_DS) << STR_SEG_SHIFT);
    if (!s->aflag)
        op |= STR_A16;
    if (kind == STR_CMPS || kind == STR_SCAS)
        op |= (s->prefix & PREFIX_REPZ) ? STR_REPZ : STR_REPNZ;
    gen_sync_state(s, cur_eip);
    gen_op_rep_string(op);
    /* interrupted: run the instruction again from the top */
    gen_jnz_T0_eob(s, cur_eip, next_eip);
}

/* segment register loads may change the static state: end the block */
static void gen_movl_seg_T0(DisasContext *s, int seg_reg, uint32_t cur_eip)
{
    gen_sync_state(s, cur_eip);
    gen_op_movl_seg_T0(seg_reg);
    if (seg_reg == R_SS)
        gen_op_set_inhibit_irq();
    if (seg_reg < R_FS)
        s->is_jmp = DISAS_UPDATE;
}

static void gen_movl_T0_seg(int seg_reg)
{
    gen_op_movl_T0_env(offsetof(CPUX86State, segs[seg_reg].selector));
}

static void gen_bad_insn(DisasContext *s, uint32_t cur_eip)
{
    gen_exception(s, EXCP06_ILLOP, cur_eip);
}

/* privileged or I/O instruction in user mode */
static int check_cpl0(DisasContext *s, uint32_t cur_eip)
{
    if (s->cpl != 0) {
        gen_exception(s, EXCP0D_GPF, cur_eip);
        return 0;
    }
    return 1;
}

static int check_io(DisasContext *s, uint32_t cur_eip)
{
    if (s->pe && (s->cpl > s->iopl || s->vm86)) {
        gen_exception(s, EXCP0D_GPF, cur_eip);
        return 0;
    }
    return 1;
}

#include "translate-fpu.h"

/* lock is allowed only on a read-modify-write of memory */
static int lock_allowed(int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    if ((modrm >> 6) == 3)
        return 0;
    switch (b) {
    case 0x00: case 0x01: case 0x08: case 0x09: case 0x10: case 0x11:
    case 0x18: case 0x19: case 0x20: case 0x21: case 0x28: case 0x29:
    case 0x30: case 0x31: case 0x86: case 0x87:
    case 0x1ab: case 0x1b3: case 0x1bb: case 0x1b0: case 0x1b1:
    case 0x1c0: case 0x1c1:
        return 1;
    case 0x80 ... 0x83:
        return op != 7;
    case 0xf6: case 0xf7:
        return op == 2 || op == 3;
    case 0xfe: case 0xff:
        return op <= 1;
    case 0x1ba:
        return op >= 5;
    case 0x1c7:
        return op == 1;
    default:
        return 0;
    }
}

/* decode one instruction at s->pc; returns the address after it */
static uint32_t disas_insn(DisasContext *s)
{
    uint32_t pc_start = s->pc, cur_eip = pc_start - s->cs_base;
    uint32_t next_eip, val, offset;
    int b, prefixes = 0, aflag = s->code32, dflag = s->code32;
    int ot, modrm, mod, rm, reg, op, opreg, shift, base;
    int32_t disp;

    s->override = -1;
    for (;;) {
        b = ldub_code(s);
        switch (b) {
        case 0xf3: prefixes |= PREFIX_REPZ; continue;
        case 0xf2: prefixes |= PREFIX_REPNZ; continue;
        case 0xf0: prefixes |= PREFIX_LOCK; continue;
        case 0x2e: s->override = R_CS; continue;
        case 0x36: s->override = R_SS; continue;
        case 0x3e: s->override = R_DS; continue;
        case 0x26: s->override = R_ES; continue;
        case 0x64: s->override = R_FS; continue;
        case 0x65: s->override = R_GS; continue;
        case 0x66: prefixes |= PREFIX_DATA; continue;
        case 0x67: prefixes |= PREFIX_ADR; continue;
        }
        break;
    }
    if (prefixes & PREFIX_DATA)
        dflag ^= 1;
    if (prefixes & PREFIX_ADR)
        aflag ^= 1;
    s->prefix = prefixes;
    s->aflag = aflag;
    s->dflag = dflag;
    if (s->pc - pc_start > 15)
        goto illegal_op;

    if (b == 0x0f)
        b = 0x100 | ldub_code(s);
    if (prefixes & PREFIX_LOCK) {
        int modrm_peek = ldub_code(s);
        s->pc--;
        if (!lock_allowed(b, modrm_peek))
            goto illegal_op;
    }

    if (b < 0xd8 || b > 0xdf)
        gen_fpip_flush(s);
    switch (b) {
        /* arithmetic */
    case 0x00 ... 0x05:
    case 0x08 ... 0x0d:
    case 0x10 ... 0x15:
    case 0x18 ... 0x1d:
    case 0x20 ... 0x25:
    case 0x28 ... 0x2d:
    case 0x30 ... 0x35:
    case 0x38 ... 0x3d:
        op = (b >> 3) & 7;
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        switch ((b >> 1) & 3) {
        case 0: /* op Ev, Gv */
            modrm = ldub_code(s);
            reg = (modrm >> 3) & 7;
            mod = (modrm >> 6) & 3;
            rm = modrm & 7;
            if (mod != 3) {
                gen_lea_modrm(s, modrm);
                opreg = OR_TMP0;
            } else if (op == OP_XORL && rm == reg) {
                /* xor reg, reg: a constant, whatever reg held */
                gen_op_movl_T0_im(0);
                gen_op_mov_reg_T0[ot][reg]();
                gen_op_update1_cc();
                set_cc_op(s, CC_OP_LOGICB + ot);
                break;
            } else {
                opreg = rm;
            }
            gen_op_mov_TN(ot, 1, reg);
            gen_op(s, op, ot, opreg);
            break;
        case 1: /* op Gv, Ev */
            modrm = ldub_code(s);
            reg = (modrm >> 3) & 7;
            mod = (modrm >> 6) & 3;
            rm = modrm & 7;
            if (mod != 3) {
                if ((base = gen_modrm_base_disp(s, modrm, ot, &disp)) >= 0) {
                    if (stored_just_before(base, disp))
                        gen_op_movl_T1_T0();
                    else
                        gen_op_ldl_raw_T1_disp[base](disp);
                } else {
                    gen_lea_modrm(s, modrm);
                    gen_op_ldu_T1_A0[ot + s->mem_index]();
                }
            } else {
                gen_op_mov_TN(ot, 1, rm);
            }
            gen_op(s, op, ot, reg);
            break;
        default: /* op A, Iv */
            val = insn_get(s, ot);
            gen_op_movl_T1_im(val);
            gen_op(s, op, ot, R_EAX);
            break;
        }
        break;

    case 0x80 ... 0x83: /* group 1 */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        rm = modrm & 7;
        op = (modrm >> 3) & 7;
        if (mod != 3) {
            gen_lea_modrm(s, modrm);
            opreg = OR_TMP0;
        } else {
            opreg = rm;
        }
        val = b == 0x83 ? (uint32_t)(int8_t)ldub_code(s) : insn_get(s, ot);
        gen_op_movl_T1_im(val);
        gen_op(s, op, ot, opreg);
        break;

    case 0x40 ... 0x47: /* inc Gv */
        gen_inc(s, dflag ? OT_LONG : OT_WORD, b & 7, 1);
        break;
    case 0x48 ... 0x4f: /* dec Gv */
        gen_inc(s, dflag ? OT_LONG : OT_WORD, b & 7, -1);
        break;

    case 0xf6: /* group 3 */
    case 0xf7:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        rm = modrm & 7;
        op = (modrm >> 3) & 7;
        if (mod != 3)
            gen_lea_modrm(s, modrm);
        opreg = mod != 3 ? OR_TMP0 : rm;
        switch (op) {
        case 0: /* test */
        case 1:
            val = insn_get(s, ot);
            gen_op_movl_T1_im(val);
            gen_load_T0(s, ot, opreg);
            gen_op_testl_T0_T1_cc();
            set_cc_op(s, CC_OP_LOGICB + ot);
            break;
        case 2: /* not */
            gen_load_T0(s, ot, opreg);
            gen_op_notl_T0();
            gen_store_T0(s, ot, opreg);
            break;
        case 3: /* neg */
            gen_load_T0(s, ot, opreg);
            gen_op_negl_T0();
            gen_store_T0(s, ot, opreg);
            gen_op_update_neg_cc();
            set_cc_op(s, CC_OP_SUBB + ot);
            break;
        case 4: /* mul */
        case 5: /* imul */
            gen_load_T0(s, ot, opreg);
            if (ot == OT_BYTE)
                op == 4 ? gen_op_mulb_AL_T0() : gen_op_imulb_AL_T0();
            else if (ot == OT_WORD)
                op == 4 ? gen_op_mulw_AX_T0() : gen_op_imulw_AX_T0();
            else
                op == 4 ? gen_op_mull_EAX_T0() : gen_op_imull_EAX_T0();
            set_cc_op(s, CC_OP_MULB + ot);
            break;
        default: /* div, idiv */
            gen_load_T0(s, ot, opreg);
            gen_sync_state(s, cur_eip);
            if (ot == OT_BYTE)
                op == 6 ? gen_op_divb_AL_T0() : gen_op_idivb_AL_T0();
            else if (ot == OT_WORD)
                op == 6 ? gen_op_divw_AX_T0() : gen_op_idivw_AX_T0();
            else
                op == 6 ? gen_op_divl_EAX_T0() : gen_op_idivl_EAX_T0();
            break;
        }
        break;

    case 0xfe: /* group 4 */
    case 0xff: /* group 5 */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        rm = modrm & 7;
        op = (modrm >> 3) & 7;
        if (op >= 2 && b == 0xfe)
            goto illegal_op;
        if (op == 3 || op == 5)
            ot = dflag ? OT_LONG : OT_WORD;
        if (mod != 3) {
            gen_lea_modrm(s, modrm);
            if (op >= 2 && op != 3 && op != 5)
                gen_op_ldu_T0_A0[ot + s->mem_index]();
        } else if (op >= 2 && op != 3 && op != 5) {
            gen_op_mov_TN(ot, 0, rm);
        }
        opreg = mod != 3 ? OR_TMP0 : rm;
        switch (op) {
        case 0:
            gen_inc(s, ot, opreg, 1);
            break;
        case 1:
            gen_inc(s, ot, opreg, -1);
            break;
        case 2: /* call Ev */
            if (!dflag)
                gen_op_andl_T0_ffff();
            next_eip = s->pc - s->cs_base;
            gen_op_movl_T1_T0();
            gen_op_movl_T0_im(next_eip);
            gen_push_T0(s);
            gen_op_movl_T0_T1();
            gen_op_jmp_T0();
            gen_eob(s);
            break;
        case 4: /* jmp Ev */
            if (!dflag)
                gen_op_andl_T0_ffff();
            gen_op_jmp_T0();
            gen_eob(s);
            break;
        case 6: /* push Ev */
            gen_push_T0(s);
            break;
        default: /* far call (3) and jmp (5) through memory */
            if (op == 7 || mod == 3)
                goto illegal_op;
            gen_op_ldu_T1_A0[ot + s->mem_index]();
            gen_op_addl_A0_im(1 << (ot - OT_WORD + 1));
            gen_op_ldu_T0_A0[OT_WORD + s->mem_index]();
            gen_sync_state(s, cur_eip);
            if (op == 3)
                gen_op_lcall_T0_T1(((uint32_t)dflag << 31) | (s->pc - s->cs_base));
            else
                gen_op_ljmp_T0_T1();
            gen_eob(s);
            break;
        }
        break;

    case 0x84: /* test Ev, Gv */
    case 0x85:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm(s, modrm, ot, 0);
        gen_op_mov_TN(ot, 1, reg);
        gen_op_testl_T0_T1_cc();
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;
    case 0xa8: /* test A, Iv */
    case 0xa9:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        val = insn_get(s, ot);
        gen_op_mov_TN(ot, 0, R_EAX);
        gen_op_movl_T1_im(val);
        gen_op_testl_T0_T1_cc();
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;

    case 0x98: /* cbw, cwde */
        dflag ? gen_op_movswl_EAX_AX() : gen_op_movsbw_AX_AL();
        break;
    case 0x99: /* cwd, cdq */
        dflag ? gen_op_movslq_EDX_EAX() : gen_op_movswl_DX_AX();
        break;

    case 0x1af: /* imul Gv, Ev */
    case 0x69: /* imul Gv, Ev, I */
    case 0x6b:
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm(s, modrm, ot, 0);
        if (b == 0x69)
            gen_op_movl_T1_im(insn_get(s, ot));
        else if (b == 0x6b)
            gen_op_movl_T1_im((int8_t)ldub_code(s));
        else
            gen_op_mov_TN(ot, 1, reg);
        ot == OT_LONG ? gen_op_imull_T0_T1_cc() : gen_op_imulw_T0_T1_cc();
        gen_op_mov_reg_T0[ot][reg]();
        set_cc_op(s, CC_OP_MULB + ot);
        break;

    case 0x1c0: /* xadd */
    case 0x1c1:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        rm = modrm & 7;
        gen_op_mov_TN(ot, 1, reg);
        if (mod == 3) {
            gen_op_mov_TN(ot, 0, rm);
            gen_op_xadd_T0_T1_cc[ot]();
            gen_op_mov_reg_T1[ot][reg]();
            gen_op_mov_reg_T0[ot][rm]();
        } else {
            gen_lea_modrm(s, modrm);
            gen_load_T0(s, ot, OR_TMP0);
            gen_op_xadd_T0_T1_cc[ot]();
            gen_store_T0(s, ot, OR_TMP0);
            gen_op_mov_reg_T1[ot][reg]();
        }
        set_cc_op(s, CC_OP_ADDB + ot);
        break;

    case 0x1b0: /* cmpxchg */
    case 0x1b1:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        gen_op_mov_TN(ot, 1, reg);
        if (mod == 3) {
            rm = modrm & 7;
            gen_op_mov_TN(ot, 0, rm);
            gen_op_cmpxchg_T0_T1_EAX_cc[ot]();
            gen_op_mov_reg_T0[ot][rm]();
        } else {
            gen_lea_modrm(s, modrm);
            gen_load_T0(s, ot, OR_TMP0);
            gen_op_cmpxchg_T0_T1_EAX_cc[ot]();
            gen_store_T0(s, ot, OR_TMP0);
        }
        set_cc_op(s, CC_OP_SUBB + ot);
        break;

    case 0x1c7: /* cmpxchg8b */
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        if (mod == 3 || ((modrm >> 3) & 7) != 1)
            goto illegal_op;
        gen_lea_modrm(s, modrm);
        gen_sync_state(s, cur_eip);
        gen_op_cmpxchg8b();
        set_cc_op(s, CC_OP_EFLAGS);
        break;

        /* push and pop */
    case 0x50 ... 0x57:
        gen_op_mov_TN(OT_LONG, 0, b & 7);
        gen_push_T0(s);
        break;
    case 0x58 ... 0x5f:
        ot = dflag ? OT_LONG : OT_WORD;
        gen_pop_T0(s);
        /* pop %esp: the increment happens before the write */
        gen_pop_update(s);
        gen_op_mov_reg_T0[ot][b & 7]();
        break;
    case 0x60:
        gen_pusha(s);
        break;
    case 0x61:
        gen_popa(s);
        break;
    case 0x68:
    case 0x6a:
        ot = dflag ? OT_LONG : OT_WORD;
        val = b == 0x68 ? insn_get(s, ot) : (uint32_t)(int8_t)ldub_code(s);
        gen_op_movl_T0_im(val);
        gen_push_T0(s);
        break;
    case 0x8f: /* pop Ev */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        gen_pop_T0(s);
        if (mod == 3) {
            gen_pop_update(s);
            gen_op_mov_reg_T0[ot][modrm & 7]();
        } else {
            /* the address uses ESP after the pop */
            s->popl_esp_hack = 2 << dflag;
            gen_ldst_modrm(s, modrm, ot, 1);
            s->popl_esp_hack = 0;
            gen_pop_update(s);
        }
        break;
    case 0xc8: /* enter */
        val = lduw_code(s);
        op = ldub_code(s) & 0x1f;
        if (op == 0 && s->ss32 && dflag && !s->addseg) {
            gen_op_mov_TN(OT_LONG, 0, R_EBP);
            gen_push_T0(s);
            gen_op_movl_T0_ESP();
            gen_op_movl_EBP_T0();
            gen_op_addl_ESP_im(-val);
        } else {
            gen_sync_state(s, cur_eip);
            gen_op_enter(val, op | (dflag << 8));
        }
        break;
    case 0xc9: /* leave */
        if (s->ss32)
            gen_op_movl_T0_EBP(), gen_op_movl_ESP_T0();
        else
            gen_op_movl_T0_EBP(), gen_op_movw_ESP_T0();
        gen_pop_T0(s);
        gen_pop_update(s);
        gen_op_mov_reg_T0[dflag ? OT_LONG : OT_WORD][R_EBP]();
        break;
    case 0x06: /* push es, cs, ss, ds */
    case 0x0e:
    case 0x16:
    case 0x1e:
        gen_movl_T0_seg(b >> 3);
        gen_push_T0(s);
        break;
    case 0x1a0: /* push fs, gs */
    case 0x1a8:
        gen_movl_T0_seg(((b >> 3) & 7));
        gen_push_T0(s);
        break;
    case 0x07: /* pop es, ss, ds */
    case 0x17:
    case 0x1f:
    case 0x1a1: /* pop fs, gs */
    case 0x1a9:
        reg = b < 0x100 ? b >> 3 : (b >> 3) & 7;
        gen_pop_T0(s);
        gen_movl_seg_T0(s, reg, cur_eip);
        gen_pop_update(s);
        break;

        /* moves */
    case 0x88:
    case 0x89:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_op_mov_TN(ot, 0, reg);
        if ((base = gen_modrm_base_disp(s, modrm, ot, &disp)) >= 0)
            gen_op_stl_raw_T0_disp[base](disp);
        else
            gen_ldst_modrm(s, modrm, ot, 1);
        break;
    case 0xc6:
    case 0xc7:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        if (((modrm >> 3) & 7) != 0)
            goto illegal_op;
        mod = (modrm >> 6) & 3;
        if ((base = gen_modrm_base_disp(s, modrm, ot, &disp)) >= 0) {
            gen_op_movl_T0_im(insn_get(s, ot));
            gen_op_stl_raw_T0_disp[base](disp);
            break;
        }
        if (mod != 3)
            gen_lea_modrm(s, modrm);
        gen_op_movl_T0_im(insn_get(s, ot));
        gen_store_T0(s, ot, mod != 3 ? OR_TMP0 : (modrm & 7));
        break;
    case 0x8a:
    case 0x8b:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        if ((base = gen_modrm_base_disp(s, modrm, ot, &disp)) >= 0) {
            if (!stored_just_before(base, disp))
                gen_op_ldl_raw_T0_disp[base](disp);
        } else {
            gen_ldst_modrm(s, modrm, ot, 0);
        }
        gen_op_mov_reg_T0[ot][reg]();
        break;
    case 0x8e: /* mov Sw, Ev */
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (reg >= 6 || reg == R_CS)
            goto illegal_op;
        gen_ldst_modrm(s, modrm, OT_WORD, 0);
        gen_movl_seg_T0(s, reg, cur_eip);
        break;
    case 0x8c: /* mov Ev, Sw */
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (reg >= 6)
            goto illegal_op;
        gen_movl_T0_seg(reg);
        mod = (modrm >> 6) & 3;
        gen_ldst_modrm(s, modrm, mod == 3 ? (dflag ? OT_LONG : OT_WORD) : OT_WORD, 1);
        break;
    case 0x1b6: /* movzbS */
    case 0x1b7: /* movzwS */
    case 0x1be: /* movsbS */
    case 0x1bf: /* movswS */
        ot = b & 1 ? OT_WORD : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        if (mod == 3) {
            gen_op_mov_TN(ot, 0, modrm & 7);
            (b & 8) ? gen_op_movsx_T0[ot]() : gen_op_movzx_T0[ot]();
        } else {
            gen_lea_modrm(s, modrm);
            (b & 8) ? gen_op_lds_T0_A0[ot + s->mem_index]()
                    : gen_op_ldu_T0_A0[ot + s->mem_index]();
        }
        gen_op_mov_reg_T0[dflag ? OT_LONG : OT_WORD][reg]();
        break;
    case 0x8d: /* lea */
        modrm = ldub_code(s);
        if (((modrm >> 6) & 3) == 3)
            goto illegal_op;
        reg = (modrm >> 3) & 7;
        s->override = -1;
        val = s->addseg;
        s->addseg = 0;
        gen_lea_modrm(s, modrm);
        s->addseg = val;
        gen_op_mov_reg_A0[dflag][reg]();
        break;
    case 0xa0 ... 0xa3: /* mov moffs */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        offset = aflag ? ldl_code(s) : lduw_code(s);
        gen_op_movl_A0_im(offset);
        gen_add_A0_ds_seg(s);
        if (b & 2) {
            gen_op_mov_TN(ot, 0, R_EAX);
            gen_op_st_T0_A0[ot + s->mem_index]();
        } else {
            gen_op_ldu_T0_A0[ot + s->mem_index]();
            gen_op_mov_reg_T0[ot][R_EAX]();
        }
        break;
    case 0xd7: /* xlat */
        gen_op_movl_A0_EBX();
        gen_op_addl_A0_AL();
        if (!aflag)
            gen_op_andl_A0_ffff();
        gen_add_A0_ds_seg(s);
        gen_op_ldu_T0_A0[OT_BYTE + s->mem_index]();
        gen_op_mov_reg_T0[OT_BYTE][R_EAX]();
        break;
    case 0xb0 ... 0xb7: /* mov R, Ib */
        gen_op_movl_T0_im(ldub_code(s));
        gen_op_mov_reg_T0[OT_BYTE][b & 7]();
        break;
    case 0xb8 ... 0xbf: /* mov R, Iv */
        ot = dflag ? OT_LONG : OT_WORD;
        gen_op_movl_T0_im(insn_get(s, ot));
        gen_op_mov_reg_T0[ot][b & 7]();
        break;
    case 0x91 ... 0x97: /* xchg R, EAX */
        ot = dflag ? OT_LONG : OT_WORD;
        gen_op_mov_TN(ot, 0, b & 7);
        gen_op_mov_TN(ot, 1, R_EAX);
        gen_op_mov_reg_T0[ot][R_EAX]();
        gen_op_mov_reg_T1[ot][b & 7]();
        break;
    case 0x86:
    case 0x87: /* xchg Ev, Gv */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        if (mod == 3) {
            rm = modrm & 7;
            gen_op_mov_TN(ot, 0, reg);
            gen_op_mov_TN(ot, 1, rm);
            gen_op_mov_reg_T0[ot][rm]();
            gen_op_mov_reg_T1[ot][reg]();
        } else {
            gen_lea_modrm(s, modrm);
            gen_op_mov_TN(ot, 0, reg);
            if (s->softmmu) {
                gen_op_ldu_T1_A0[ot + s->mem_index]();
                gen_op_st_T0_A0[ot + s->mem_index]();
            } else {
                gen_op_lock_xchg_T0_A0[ot]();
            }
            gen_op_mov_reg_T1[ot][reg]();
        }
        break;
    case 0xc4: /* les */
    case 0xc5: /* lds */
    case 0x1b2: /* lss */
    case 0x1b4: /* lfs */
    case 0x1b5: /* lgs */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (((modrm >> 6) & 3) == 3)
            goto illegal_op;
        gen_lea_modrm(s, modrm);
        gen_op_ldu_T1_A0[ot + s->mem_index]();
        gen_op_addl_A0_im(1 << (ot - OT_WORD + 1));
        gen_op_ldu_T0_A0[OT_WORD + s->mem_index]();
        op = b == 0xc4 ? R_ES : b == 0xc5 ? R_DS : b == 0x1b2 ? R_SS :
             b == 0x1b4 ? R_FS : R_GS;
        gen_movl_seg_T0(s, op, cur_eip);
        gen_op_mov_reg_T1[ot][reg]();
        break;

        /* shifts */
    case 0xc0:
    case 0xc1:
    case 0xd0 ... 0xd3:
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        op = (modrm >> 3) & 7;
        if (mod != 3)
            gen_lea_modrm(s, modrm);
        opreg = mod != 3 ? OR_TMP0 : (modrm & 7);
        if (b >= 0xd2) {
            gen_op_mov_TN(OT_LONG, 1, R_ECX);
            gen_shift(s, op, ot, opreg);
        } else {
            gen_shift_im(s, op, ot, opreg, b >= 0xd0 ? 1 : ldub_code(s));
        }
        break;
    case 0x1a4: /* shld */
    case 0x1a5:
    case 0x1ac: /* shrd */
    case 0x1ad:
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        reg = (modrm >> 3) & 7;
        if (mod != 3)
            gen_lea_modrm(s, modrm);
        opreg = mod != 3 ? OR_TMP0 : (modrm & 7);
        gen_load_T0(s, ot, opreg);
        gen_op_mov_TN(ot, 1, reg);
        gen_update_cc_op(s);
        {
            int is_imm = !(b & 1);
            uint32_t count = is_imm ? ldub_code(s) : 0;
            GenOpFunc1 *f = (b & 8) ? gen_op_shrd_T0_T1_cc[ot - 1][is_imm]
                                    : gen_op_shld_T0_T1_cc[ot - 1][is_imm];
            if (is_imm)
                f(count);
            else
                ((GenOpFunc *)f)();
        }
        gen_store_T0(s, ot, opreg);
        set_cc_op(s, CC_OP_DYNAMIC);
        break;

        /* bit operations */
    case 0x1a3: /* bt Ev, Gv */
    case 0x1ab: /* bts */
    case 0x1b3: /* btr */
    case 0x1bb: /* btc */
        op = (b >> 3) & 3;
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        gen_op_mov_TN(OT_LONG, 1, reg);
        if (mod != 3) {
            gen_lea_modrm(s, modrm);
            gen_op_add_bit_A0_T1[ot - 1]();
        }
        goto do_btx;
    case 0x1ba: /* bt Ev, Ib */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        op = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        if (op < 4)
            goto illegal_op;
        op -= 4;
        if (mod != 3)
            gen_lea_modrm(s, modrm);
        gen_op_movl_T1_im(ldub_code(s));
    do_btx:
        opreg = mod != 3 ? OR_TMP0 : (modrm & 7);
        gen_load_T0(s, ot, opreg);
        gen_update_cc_op(s);
        gen_op_btx_T0_T1_cc[ot - 1][op]();
        if (op != 0)
            gen_store_T0(s, ot, opreg);
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0x1bc: /* bsf */
    case 0x1bd: /* bsr */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm(s, modrm, ot, 0);
        gen_op_bsx_T0_cc[ot - 1][b & 1]();
        gen_op_cmov_reg_T1_T0[ot - 1][reg]();
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;
    case 0x1c8 ... 0x1cf: /* bswap */
        gen_op_mov_TN(OT_LONG, 0, b & 7);
        gen_op_bswapl_T0();
        gen_op_mov_reg_T0[OT_LONG][b & 7]();
        break;

        /* strings */
    case 0xa4: case 0xa5: /* movs */
    case 0xaa: case 0xab: /* stos */
    case 0xac: case 0xad: /* lods */
    case 0xae: case 0xaf: /* scas */
    case 0xa6: case 0xa7: /* cmps */
        {
            static const int8_t kinds[6] = { STR_MOVS, STR_CMPS, -1, STR_STOS, STR_LODS, STR_SCAS };
            ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
            gen_string(s, kinds[(b - 0xa4) >> 1], ot, cur_eip, s->pc - s->cs_base);
        }
        break;
    case 0x6c ... 0x6f: /* ins, outs */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        if (check_io(s, cur_eip)) {
            int op_str = (ot << STR_OP_SHIFT) | ((b < 0x6e ? STR_INS : STR_OUTS) << STR_KIND_SHIFT) |
                         ((s->override >= 0 ? s->override : R_DS) << STR_SEG_SHIFT) |
                         (aflag ? 0 : STR_A16);
            if (!(prefixes & (PREFIX_REPZ | PREFIX_REPNZ)))
                op_str |= STR_ONCE;
            gen_sync_state(s, cur_eip);
            gen_op_rep_string(op_str);
            gen_jnz_T0_eob(s, cur_eip, s->pc - s->cs_base);
        }
        break;
    case 0xe4 ... 0xe7: /* in, out with an immediate port */
    case 0xec ... 0xef: /* in, out with the port in DX */
        ot = (b & 1) ? (dflag ? OT_LONG : OT_WORD) : OT_BYTE;
        if (b <= 0xe7)
            gen_op_movl_T0_im(ldub_code(s));
        else
            gen_op_mov_TN(OT_LONG, 0, R_EDX);
        if (check_io(s, cur_eip)) {
            gen_sync_state(s, cur_eip);
            if (b & 2) {
                gen_op_mov_TN(OT_LONG, 1, R_EAX);
                gen_op_out_T0_T1(ot);
            } else {
                gen_op_in_T0_T1(ot);
                gen_op_mov_reg_T1[ot][R_EAX]();
            }
            /* a device may have raised an interrupt */
            s->is_jmp = DISAS_UPDATE;
        }
        break;

        /* control flow */
    case 0xc2: /* ret Iw */
    case 0xc3: /* ret */
        val = b == 0xc2 ? lduw_code(s) : 0;
        gen_pop_T0(s);
        if (!dflag)
            gen_op_andl_T0_ffff();
        gen_add_ESP(s, (2 << dflag) + val);
        gen_op_jmp_T0();
        gen_eob(s);
        break;
    case 0xca: /* lret */
    case 0xcb:
        val = b == 0xca ? lduw_code(s) : 0;
        gen_sync_state(s, cur_eip);
        gen_op_lret(dflag, val);
        gen_eob(s);
        break;
    case 0xcf: /* iret */
        if (s->vm86 && s->iopl != 3) {
            gen_exception(s, EXCP0D_GPF, cur_eip);
            break;
        }
        gen_sync_state(s, cur_eip);
        gen_op_iret(dflag);
        set_cc_op(s, CC_OP_EFLAGS);
        gen_eob(s);
        break;
    case 0x9a: /* lcall im */
    case 0xea: /* ljmp im */
        ot = dflag ? OT_LONG : OT_WORD;
        offset = insn_get(s, ot);
        val = lduw_code(s);
        gen_op_movl_T0_im(val);
        gen_op_movl_T1_im(offset);
        gen_sync_state(s, cur_eip);
        if (b == 0x9a)
            gen_op_lcall_T0_T1(((uint32_t)dflag << 31) | (s->pc - s->cs_base));
        else
            gen_op_ljmp_T0_T1();
        gen_eob(s);
        break;
    case 0xe8: /* call im */
        {
            int32_t disp = dflag ? (int32_t)ldl_code(s) : (int16_t)lduw_code(s);
            next_eip = s->pc - s->cs_base;
            val = next_eip + disp;
            if (!dflag)
                val &= 0xffff;
            gen_op_movl_T0_im(next_eip);
            gen_push_T0(s);
            gen_jmp(s, val);
        }
        break;
    case 0xe9: /* jmp im */
    case 0xeb:
        {
            int32_t disp = b == 0xeb ? (int8_t)ldub_code(s) :
                           dflag ? (int32_t)ldl_code(s) : (int16_t)lduw_code(s);
            val = s->pc - s->cs_base + disp;
            if (!dflag)
                val &= 0xffff;
            gen_jmp(s, val);
        }
        break;
    case 0x70 ... 0x7f: /* jcc Jb */
    case 0x180 ... 0x18f: /* jcc Jv */
        {
            int32_t disp = b < 0x100 ? (int8_t)ldub_code(s) :
                           dflag ? (int32_t)ldl_code(s) : (int16_t)lduw_code(s);
            next_eip = s->pc - s->cs_base;
            val = next_eip + disp;
            if (!dflag)
                val &= 0xffff;
            gen_jcc(s, b & 0xf, val, next_eip);
        }
        break;
    case 0x190 ... 0x19f: /* setcc */
        modrm = ldub_code(s);
        gen_setcc(s, b & 0xf);
        gen_ldst_modrm(s, modrm, OT_BYTE, 1);
        break;
    case 0x140 ... 0x14f: /* cmov */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        mod = (modrm >> 6) & 3;
        if (mod != 3) {
            gen_lea_modrm(s, modrm);
            gen_op_ldu_T1_A0[ot + s->mem_index]();
            gen_setcc(s, b & 0xf);
        } else {
            /* the condition first: right after a cmp it comes from T0, T1 */
            gen_setcc(s, b & 0xf);
            gen_op_mov_TN(ot, 1, modrm & 7);
        }
        gen_op_cmov_reg_T1_T0[ot - 1][reg]();
        break;
    case 0xe0: /* loopnz */
    case 0xe1: /* loopz */
    case 0xe2: /* loop */
    case 0xe3: /* jecxz */
        {
            int32_t disp = (int8_t)ldub_code(s);
            int l_taken = gen_new_label(), l_next = gen_new_label();
            int asize = aflag ? OT_LONG : OT_WORD;
            next_eip = s->pc - s->cs_base;
            val = next_eip + disp;
            if (!dflag)
                val &= 0xffff;
            if (b == 0xe3) {
                gen_op_jz_ecx[asize](l_taken);
            } else {
                gen_op_dec_ecx[asize]();
                if (b != 0xe2)
                    gen_jcc_label(s, JCC_Z << 1 | (b == 0xe1), l_next);
                gen_op_jnz_ecx[asize](l_taken);
            }
            gen_set_label(l_next);
            gen_goto_tb(s, 0, next_eip);
            gen_set_label(l_taken);
            gen_goto_tb(s, 1, val);
            s->is_jmp = DISAS_TB_JUMP;
        }
        break;

        /* flags */
    case 0x9c: /* pushf */
        if (s->vm86 && s->iopl != 3) {
            gen_exception(s, EXCP0D_GPF, cur_eip);
            break;
        }
        gen_update_cc_op(s);
        gen_op_movl_T0_eflags();
        gen_push_T0(s);
        break;
    case 0x9d: /* popf */
        if (s->vm86 && s->iopl != 3) {
            gen_exception(s, EXCP0D_GPF, cur_eip);
            break;
        }
        gen_pop_T0(s);
        {
            uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;
            if (s->cpl == 0)
                mask |= IF_MASK | IOPL_MASK;
            else if (s->cpl <= s->iopl)
                mask |= IF_MASK;
            if (!dflag)
                mask &= 0xffff;
            gen_op_movl_eflags_T0(mask);
        }
        gen_pop_update(s);
        set_cc_op(s, CC_OP_EFLAGS);
        s->is_jmp = DISAS_UPDATE;
        break;
    case 0x9e: /* sahf */
        gen_update_cc_op(s);
        gen_op_sahf();
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0x9f: /* lahf */
        gen_update_cc_op(s);
        gen_op_lahf();
        break;
    case 0xf5: /* cmc */
    case 0xf8: /* clc */
    case 0xf9: /* stc */
        gen_update_cc_op(s);
        b == 0xf5 ? gen_op_cmc() : b == 0xf8 ? gen_op_clc() : gen_op_stc();
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0xfc: /* cld */
        gen_op_cld();
        break;
    case 0xfd: /* std */
        gen_op_std();
        break;

        /* BCD */
    case 0x27: case 0x2f: case 0x37: case 0x3f:
        gen_update_cc_op(s);
        b == 0x27 ? gen_op_daa() : b == 0x2f ? gen_op_das() :
        b == 0x37 ? gen_op_aaa() : gen_op_aas();
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0xd4: /* aam */
        val = ldub_code(s);
        gen_sync_state(s, cur_eip);
        gen_op_aam(val);
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0xd5: /* aad */
        gen_op_aad(ldub_code(s));
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case 0xd6: /* salc */
        gen_update_cc_op(s);
        gen_op_salc();
        break;

        /* interrupts and misc */
    case 0xcc: /* int3 */
        gen_interrupt(s, EXCP03_INT3, cur_eip, s->pc - s->cs_base);
        break;
    case 0xcd: /* int N */
        val = ldub_code(s);
        gen_interrupt(s, val, cur_eip, s->pc - s->cs_base);
        break;
    case 0xce: /* into */
        gen_sync_state(s, cur_eip);
        gen_op_into(s->pc - s->cs_base);
        break;
    case 0xf1: /* icebp */
        gen_interrupt(s, EXCP01_SSTP, cur_eip, s->pc - s->cs_base);
        break;
    case 0x62: /* bound */
        ot = dflag ? OT_LONG : OT_WORD;
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (((modrm >> 6) & 3) == 3)
            goto illegal_op;
        gen_op_mov_TN(ot, 0, reg);
        gen_lea_modrm(s, modrm);
        gen_sync_state(s, cur_eip);
        ot == OT_LONG ? gen_op_boundl() : gen_op_boundw();
        break;
    case 0x90: /* nop, pause */
        break;
    case 0x9b: /* fwait */
        /* XXX: #NM wants CR0.MP too, which every FPU-owning kernel sets */
        if (s->tb->flags & HF_TS_MASK)
            gen_exception(s, EXCP07_PREX, cur_eip);
        else
            gen_fpu_wait(s, cur_eip);
        break;
    case 0xf4: /* hlt */
        if (check_cpl0(s, cur_eip)) {
            gen_sync_state(s, s->pc - s->cs_base);
            gen_op_hlt();
            s->is_jmp = DISAS_TB_JUMP;
        }
        break;
    case 0xfa: /* cli */
    case 0xfb: /* sti */
        if (s->cpl > s->iopl || s->vm86) {
            gen_exception(s, EXCP0D_GPF, cur_eip);
            break;
        }
        if (b == 0xfa) {
            gen_op_cli();
        } else {
            gen_op_sti();
            /* interrupts open one instruction later, between blocks */
            s->is_jmp = DISAS_UPDATE;
        }
        break;

        /* system registers and tables */
    case 0x100: /* group 6: sldt str lldt ltr */
        modrm = ldub_code(s);
        op = (modrm >> 3) & 7;
        if (!s->pe || s->vm86)
            goto illegal_op;
        switch (op) {
        case 0: /* sldt */
        case 1: /* str */
            gen_op_movl_T0_env(op == 0 ? offsetof(CPUX86State, ldt.selector)
                                       : offsetof(CPUX86State, tr.selector));
            mod = (modrm >> 6) & 3;
            gen_ldst_modrm(s, modrm, mod == 3 && dflag ? OT_LONG : OT_WORD, 1);
            break;
        case 2: /* lldt */
        case 3: /* ltr */
            if (!check_cpl0(s, cur_eip))
                break;
            gen_ldst_modrm(s, modrm, OT_WORD, 0);
            gen_sync_state(s, cur_eip);
            op == 2 ? gen_op_lldt_T0() : gen_op_ltr_T0();
            break;
        default:
            goto illegal_op;
        }
        break;
    case 0x101: /* group 7: sgdt sidt lgdt lidt smsw lmsw invlpg */
        modrm = ldub_code(s);
        mod = (modrm >> 6) & 3;
        op = (modrm >> 3) & 7;
        switch (op) {
        case 0: /* sgdt */
        case 1: /* sidt */
            if (mod == 3)
                goto illegal_op;
            offset = op == 0 ? offsetof(CPUX86State, gdt) : offsetof(CPUX86State, idt);
            gen_lea_modrm(s, modrm);
            gen_op_movl_T0_env(offset + offsetof(SegmentCache, limit));
            gen_op_st_T0_A0[OT_WORD + s->mem_index]();
            gen_op_addl_A0_im(2);
            gen_op_movl_T0_env(offset + offsetof(SegmentCache, base));
            if (!dflag)
                gen_op_andl_T0_im(0xffffff);
            gen_op_st_T0_A0[OT_LONG + s->mem_index]();
            break;
        case 2: /* lgdt */
        case 3: /* lidt */
            if (mod == 3)
                goto illegal_op;
            if (!check_cpl0(s, cur_eip))
                break;
            offset = op == 2 ? offsetof(CPUX86State, gdt) : offsetof(CPUX86State, idt);
            gen_lea_modrm(s, modrm);
            gen_op_ldu_T1_A0[OT_WORD + s->mem_index]();
            gen_op_addl_A0_im(2);
            gen_op_ldu_T0_A0[OT_LONG + s->mem_index]();
            if (!dflag)
                gen_op_andl_T0_im(0xffffff);
            gen_op_movl_env_T0(offset + offsetof(SegmentCache, base));
            gen_op_movl_env_T1(offset + offsetof(SegmentCache, limit));
            break;
        case 4: /* smsw */
            gen_op_movl_T0_env(offsetof(CPUX86State, cr[0]));
            gen_ldst_modrm(s, modrm, OT_WORD, 1);
            break;
        case 6: /* lmsw */
            if (!check_cpl0(s, cur_eip))
                break;
            gen_ldst_modrm(s, modrm, OT_WORD, 0);
            gen_sync_state(s, cur_eip);
            gen_op_lmsw_T0();
            s->is_jmp = DISAS_UPDATE;
            break;
        case 7: /* invlpg */
            if (mod == 3)
                goto illegal_op;
            if (!check_cpl0(s, cur_eip))
                break;
            s->override = -1;
            val = s->addseg;
            s->addseg = 0;
            gen_lea_modrm(s, modrm);
            s->addseg = val;
            gen_op_invlpg_A0();
            s->is_jmp = DISAS_UPDATE;
            break;
        default:
            goto illegal_op;
        }
        break;
    case 0x106: /* clts */
        if (check_cpl0(s, cur_eip)) {
            gen_sync_state(s, cur_eip);
            gen_op_clts();
            s->is_jmp = DISAS_UPDATE;
        }
        break;
    case 0x108: /* invd */
    case 0x109: /* wbinvd */
        check_cpl0(s, cur_eip);
        break;
    case 0x130: /* wrmsr */
    case 0x132: /* rdmsr */
        /* no model-specific registers: every one is unknown */
        gen_exception(s, EXCP0D_GPF, cur_eip);
        break;
    case 0x120: /* mov reg, crN */
    case 0x122: /* mov crN, reg */
    case 0x121: /* mov reg, drN */
    case 0x123: /* mov drN, reg */
        modrm = ldub_code(s);
        reg = (modrm >> 3) & 7;
        rm = modrm & 7;
        if (!check_cpl0(s, cur_eip))
            break;
        if (b & 1) {
            offset = offsetof(CPUX86State, dr[reg]);
        } else {
            if (reg == 1 || reg > 4)
                goto illegal_op;
            offset = offsetof(CPUX86State, cr[reg]);
        }
        if (b & 2) {
            gen_op_mov_TN(OT_LONG, 0, rm);
            if (b & 1) {
                gen_op_movl_env_T0(offset);
            } else {
                gen_sync_state(s, cur_eip);
                gen_op_movl_crN_T0(reg);
                s->is_jmp = DISAS_UPDATE;
            }
        } else {
            gen_op_movl_T0_env(offset);
            gen_op_mov_reg_T0[OT_LONG][rm]();
        }
        break;
    case 0x1a2: /* cpuid */
        gen_op_cpuid();
        break;
    case 0x131: /* rdtsc */
        gen_op_rdtsc();
        break;
    case 0x10b: /* ud2 */
        goto illegal_op;
    case 0x10d: /* prefetch (3DNow! space) and hint nops */
    case 0x118 ... 0x11f:
        modrm = ldub_code(s);
        if (((modrm >> 6) & 3) != 3) {
            s->override = -1;
            val = s->addseg;
            gen_lea_modrm(s, modrm);
            s->addseg = val;
        }
        break;

    case 0xd8 ... 0xdf: /* x87 */
        modrm = ldub_code(s);
        if (!disas_fpu_insn(s, b, modrm, cur_eip))
            goto illegal_op;
        break;

    default:
        goto illegal_op;
    }
    (void)shift;
    return s->pc;

illegal_op:
    gen_bad_insn(s, cur_eip);
    return s->pc;
}

/* decode one instruction; -1 if it runs onto a page we may not execute */
static int disas_one(DisasContext *s)
{
    if (setjmp(s->fetch_fault))
        return -1;
    disas_insn(s);
    return 0;
}

/* the flag liveness pass */

/* ops that write the lazy flags and can go when nothing reads them */
static uint16_t opc_simpler[NB_OPS];
/* ops that read the lazy flags (or may raise: the flags must be exact) */
static uint8_t opc_reads_flags[NB_OPS];

static int name_has(const char *name, const char *part)
{
    return strstr(name, part) != NULL;
}

static int op_index(const char *name)
{
    for (int op = 0; op < NB_OPS; op++)
        if (strcmp(op_names[op], name) == 0)
            return op;
    return -1;
}

void optimize_flags_init(void)
{
    static const char *const writers[] = {
        "update2_cc", "update1_cc", "update_neg_cc", "update_inc_cc",
        "update_inc_cc_addb", "update_inc_cc_addw", "update_inc_cc_addl",
        "update_inc_cc_subb", "update_inc_cc_subw", "update_inc_cc_subl",
        "update_inc_cc_logic", "update_inc_cc_inc",
        "cmpl_T0_T1_cc", "testl_T0_T1_cc",
    };
    static const char *const readers[] = {
        "_cc", "_sub", "eflags", "lahf", "sahf", "clc", "stc", "cmc", "into",
        "daa", "das", "aaa", "aas", "aam", "aad", "salc", "divb_AL", "divw_AX",
        "divl_EAX", "raise",
        "bound", "cmpxchg8b", "rep_string", "exit_tb", "goto_tb", "jmp_T0",
        "_add", "_logic", "_inc", "carry", "adc", "sbb",
        "check_exit", "seg_T0", "enter", "fpu", "lret", "iret", "ljmp", "lcall",
        "crN", "hlt", "in_T0", "out_T0", "goto_ptr",
    };
    for (int op = 0; op < NB_OPS; op++) {
        const char *name = op_names[op];
        size_t len = strlen(name);
        opc_simpler[op] = op;
        for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
            if (strcmp(name, writers[i]) == 0)
                opc_simpler[op] = INDEX_op_nop;
        /* shifts, rotates, two-operand imul, adc and sbb: x_cc becomes x
           when its flags are dead */
        if (opc_simpler[op] == op && len > 3 && strcmp(name + len - 3, "_cc") == 0 &&
            (strncmp(name, "sh", 2) == 0 || strncmp(name, "sa", 2) == 0 ||
             strncmp(name, "ro", 2) == 0 || strncmp(name, "imul", 4) == 0 ||
             strncmp(name, "adc", 3) == 0 || strncmp(name, "sbb", 3) == 0)) {
            char plain[64];
            snprintf(plain, sizeof(plain), "%.*s", (int)(len - 3), name);
            int other = op_index(plain);
            if (other >= 0)
                opc_simpler[op] = other;
        }
        /* shifts by a constant nonzero count and imul write every flag */
        if ((name_has(name, "_T0_im_cc") || strncmp(name, "imul", 4) == 0) &&
            opc_simpler[op] != op)
            continue;
        /* the pure writers read nothing; inc/dec read the carry before */
        if (opc_simpler[op] == INDEX_op_nop && !name_has(name, "update_inc_cc"))
            continue;
        for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
            if (name_has(name, readers[i]))
                opc_reads_flags[op] = 1;
    }
}

/* walk the ops backwards; a flag update nothing reads becomes a nop */
static void optimize_flags(uint16_t *opc_buf, int opc_buf_len)
{
    int live = 1;
    for (uint16_t *opc_ptr = opc_buf + opc_buf_len; --opc_ptr >= opc_buf; ) {
        int op = *opc_ptr;
        if (opc_simpler[op] != op) {
            if (!live) {
                /* the flagless adc or sbb still reads the carry */
                *opc_ptr = opc_simpler[op];
                live = opc_reads_flags[*opc_ptr];
                continue;
            }
            /* a kept writer reads too if it keeps some flags (inc, shifts) */
            live = opc_reads_flags[op];
            continue;
        }
        if (opc_reads_flags[op])
            live = 1;
    }
}

/* the move pass: guest registers live in env, so disas_insn loads them
   into T0, T1 and A0 afresh for every instruction, often just after the
   previous instruction stored that very temporary there.  Walking forward,
   the pass knows which guest registers each temporary equals and drops a
   load (or a store) that would not change anything, or makes it a copy
   between temporaries.  What an op does to them comes from its name; an
   op the tables do not know forgets everything, as a label does. */

enum { MV_T0, MV_T1, MV_A0, MV_NB_TEMPS };

enum {
    MV_FORGET,          /* unknown: every temporary may have changed */
    MV_KEEPS,           /* writes no temporary and no guest register */
    MV_SETS,            /* gives temporary mv_temp a new value */
    MV_LOAD,            /* temporary mv_temp = guest register mv_reg */
    MV_STORE,           /* guest register mv_reg = temporary mv_temp */
    MV_COPY,            /* temporary mv_temp = temporary mv_reg */
    MV_CLOBBERS,        /* writes guest register mv_reg */
};

static uint8_t mv_kind[NB_OPS], mv_temp[NB_OPS], mv_reg[NB_OPS];
/* the op copying temporary [src] to [dst], 0 if there is none */
static uint16_t mv_copy_op[MV_NB_TEMPS][MV_NB_TEMPS];

static const char *const mv_temp_names[MV_NB_TEMPS] = { "T0", "T1", "A0" };
static const char *const mv_reg_names[8] = {
    "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI",
};

static void mv_mark(const char *name, int kind, int temp, int reg)
{
    int op = op_index(name);

    if (op < 0)
        return;
    mv_kind[op] = kind;
    mv_temp[op] = temp;
    mv_reg[op] = reg;
}

/* fmt: an op name with %s for the guest register */
static void mv_mark_regs(const char *fmt, int kind, int temp)
{
    char name[64];

    for (int reg = 0; reg < 8; reg++) {
        snprintf(name, sizeof(name), fmt, mv_reg_names[reg]);
        mv_mark(name, kind, temp, reg);
    }
}

/* the ALU ops of ops_template.h: <mnemonic><size>_T0<operands> write T0 */
static int writes_only_T0(const char *name)
{
    static const char *const mnemonics[] = {
        "add", "sub", "and", "or", "xor", "adc", "sbb", "inc", "dec", "neg",
        "not", "shl", "shr", "sar", "rol", "ror", "shld", "shrd", "imul",
        "bsf", "bsr", "bswap",
    };
    static const char *const operands[] = {
        "", "_T1", "_im", "_cc", "_T1_cc", "_im_cc", "_T1_im", "_T1_im_cc",
        "_T1_add_cc", "_T1_sub_cc", "_T1_carry_cc", "_T1_add", "_T1_sub",
        "_T1_carry",
    };
    for (size_t i = 0; i < sizeof(mnemonics) / sizeof(mnemonics[0]); i++) {
        size_t len = strlen(mnemonics[i]);
        if (strncmp(name, mnemonics[i], len) != 0 || !name[len] ||
            !strchr("bwl", name[len]) || strncmp(name + len + 1, "_T0", 3) != 0)
            continue;
        for (size_t j = 0; j < sizeof(operands) / sizeof(operands[0]); j++)
            if (strcmp(name + len + 4, operands[j]) == 0)
                return 1;
    }
    /* setcc: the condition, from the lazy flags or from T0 and T1 */
    return strncmp(name, "set", 3) == 0 && strstr(name, "_T0_") != NULL;
}

/* after optimize_flags_init: the flag-only writers are its nops */
void optimize_moves_init(void)
{
    /* besides the ops that write only flags (the flag pass's nops) */
    static const char *const keeps[] = {
        "nop", "set_cc_op", "movl_eip_im", "check_exit",
        "stb_raw_T0_A0", "stw_raw_T0_A0", "stl_raw_T0_A0",
    };
    static const struct { const char *name; int temp; } sets[] = {
        { "movl_T0_im", MV_T0 }, { "movl_T1_im", MV_T1 }, { "movl_A0_im", MV_A0 },
        { "addl_A0_im", MV_A0 }, { "addl_A0_seg", MV_A0 }, { "xor_T0_1", MV_T0 },
        { "movzx_T0b", MV_T0 }, { "movzx_T0w", MV_T0 }, { "movsx_T0b", MV_T0 },
        { "movsx_T0w", MV_T0 }, { "movl_T0_Dshiftb", MV_T0 },
        { "movl_T0_Dshiftw", MV_T0 }, { "movl_T0_Dshiftl", MV_T0 },
        { "ldub_raw_T0_A0", MV_T0 }, { "ldsb_raw_T0_A0", MV_T0 },
        { "lduw_raw_T0_A0", MV_T0 }, { "ldsw_raw_T0_A0", MV_T0 },
        { "ldl_raw_T0_A0", MV_T0 }, { "ldl_raw_T1_A0", MV_T1 },
    };
    /* the same with %s for the guest register the op reads */
    static const struct { const char *fmt; int temp; } reg_sets[] = {
        { "ldl_raw_T0_%s_disp", MV_T0 }, { "ldl_raw_T1_%s_disp", MV_T1 },
        { "movh_T0_%s", MV_T0 }, { "movh_T1_%s", MV_T1 },
        { "addl_A0_%s", MV_A0 }, { "addl_A0_%s_s1", MV_A0 },
        { "addl_A0_%s_s2", MV_A0 }, { "addl_A0_%s_s3", MV_A0 },
    };
    static const char *const clobbers[] = {
        "movw_%s_T0", "movw_%s_T1", "movw_%s_A0", "movb_%s_T0", "movb_%s_T1",
        "movh_%s_T0", "movh_%s_T1", "cmovl_%s_T1_T0", "cmovw_%s_T1_T0",
        "decl_%s_nocc", "addl_%s_im", "addl_%s_T0", "addw_%s_T0",
    };
    char fmt[64];

    for (int op = 0; op < NB_OPS; op++) {
        if (opc_simpler[op] == INDEX_op_nop)
            mv_kind[op] = MV_KEEPS;
        if (writes_only_T0(op_names[op]))
            mv_mark(op_names[op], MV_SETS, MV_T0, 0);
    }
    for (size_t i = 0; i < sizeof(keeps) / sizeof(keeps[0]); i++)
        mv_mark(keeps[i], MV_KEEPS, 0, 0);
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        mv_mark(sets[i].name, MV_SETS, sets[i].temp, 0);
    for (size_t i = 0; i < sizeof(reg_sets) / sizeof(reg_sets[0]); i++)
        mv_mark_regs(reg_sets[i].fmt, MV_SETS, reg_sets[i].temp);
    for (size_t i = 0; i < sizeof(clobbers) / sizeof(clobbers[0]); i++)
        mv_mark_regs(clobbers[i], MV_CLOBBERS, 0);
    for (int t = 0; t < MV_NB_TEMPS; t++) {
        const char *tn = mv_temp_names[t];
        snprintf(fmt, sizeof(fmt), "movl_%s_%%s", tn);
        mv_mark_regs(fmt, MV_LOAD, t);
        snprintf(fmt, sizeof(fmt), "movl_%%s_%s", tn);
        mv_mark_regs(fmt, MV_STORE, t);
        for (int src = 0; src < MV_NB_TEMPS; src++) {
            char name[64];
            snprintf(name, sizeof(name), "movl_%s_%s", tn, mv_temp_names[src]);
            int op = op_index(name);
            if (op > 0) {
                mv_copy_op[t][src] = op;
                mv_mark(name, MV_COPY, t, src);
            }
        }
    }
    mv_mark_regs("stl_raw_T0_%s_disp", MV_KEEPS, 0);
}

/* holds[t]: the guest registers temporary t is known to equal, one bit each */
static void optimize_moves(uint16_t *opc_buf, int opc_buf_len)
{
    uint8_t holds[MV_NB_TEMPS] = { 0 };

    for (uint16_t *opc_ptr = opc_buf; opc_ptr < opc_buf + opc_buf_len; opc_ptr++) {
        int op = *opc_ptr, t = mv_temp[op], bit = 1 << mv_reg[op];

        switch (mv_kind[op]) {
        case MV_KEEPS:
            break;
        case MV_SETS:
            holds[t] = 0;
            break;
        case MV_LOAD:
            if (holds[t] & bit) {
                *opc_ptr = INDEX_op_nop;
                break;
            }
            holds[t] = bit;
            for (int src = 0; src < MV_NB_TEMPS; src++)
                if ((holds[src] & bit) && src != t && mv_copy_op[t][src]) {
                    *opc_ptr = mv_copy_op[t][src];
                    holds[t] = holds[src];
                    break;
                }
            break;
        case MV_STORE:
            if (holds[t] & bit) {
                *opc_ptr = INDEX_op_nop;
                break;
            }
            for (int u = 0; u < MV_NB_TEMPS; u++)
                holds[u] &= ~bit;
            holds[t] |= bit;
            break;
        case MV_COPY:
            holds[t] = holds[mv_reg[op]];
            break;
        case MV_CLOBBERS:
            for (int u = 0; u < MV_NB_TEMPS; u++)
                holds[u] &= ~bit;
            break;
        default:
            memset(holds, 0, sizeof(holds));
            break;
        }
    }
}

static int no_flag_opt = -1, no_move_opt = -1;

/* translate the block at tb->pc; in search_pc mode also record the guest
   state at the start of each instruction */
static int gen_intermediate_code_internal(CPUX86State *env, TranslationBlock *tb,
                                          int search_pc)
{
    DisasContext dc1, *s = &dc1;
    uint32_t flags = tb->flags, pc_start = tb->pc, pc_insn;
    int lj = -1, num_insns = 0;

    s->pe = (flags >> HF_PE_SHIFT) & 1;
    s->code32 = (flags >> HF_CS32_SHIFT) & 1;
    s->ss32 = (flags >> HF_SS32_SHIFT) & 1;
    s->addseg = (flags >> HF_ADDSEG_SHIFT) & 1;
    s->cpl = (flags >> HF_CPL_SHIFT) & 3;
    s->iopl = (flags >> IOPL_SHIFT) & 3;
    s->vm86 = (flags >> 17) & 1;
    s->cs_base = tb->cs_base;
    set_cc_op(s, CC_OP_DYNAMIC);
    s->softmmu = (flags >> HF_SOFTMMU_SHIFT) & 1;
    s->mem_index = !s->softmmu ? MEM_INDEX_RAW :
                   s->cpl == 3 ? MEM_INDEX_USER : MEM_INDEX_KERNEL;
    s->env = env;
    tb->page_addr[0] = tb->page_addr[1] = (uint32_t)-1;
    s->tf = (flags & TF_MASK) != 0;
    s->jmp_opt = !(loglevel & (CPU_LOG_NOCHAIN | CPU_LOG_EXEC | CPU_LOG_TB_CPU)) &&
                 !(tb->cflags & CF_SINGLE_INSN);
    s->popl_esp_hack = 0;
    s->is_jmp = DISAS_NEXT;
    s->tb = tb;
    s->pc = pc_start;
    s->code_page = (uint32_t)-1;
    s->fpip_pending = 0;

    gen_opc_ptr = gen_opc_buf;
    gen_opparam_ptr = gen_opparam_buf;
    gen_nb_labels = 0;

    /* after sti or mov ss: this block runs the one instruction that
       interrupts wait for (they are only taken between blocks) */
    if (flags & HF_INHIBIT_IRQ_MASK)
        gen_op_reset_inhibit_irq();
    else
        gen_op_check_exit(pc_start - s->cs_base);
    if (loglevel & CPU_LOG_TRACE)
        gen_op_count_tb(tb - tbs);
    for (;;) {
        uint16_t *opc_save = gen_opc_ptr;
        uint32_t *opparam_save = gen_opparam_ptr;
        int labels_save = gen_nb_labels, cc_op_save = s->cc_op;
        int cc_op_dirty_save = s->cc_op_dirty, fpip_pending_save = s->fpip_pending;

        pc_insn = s->pc;
        if (search_pc) {
            int j = gen_opc_ptr - gen_opc_buf;
            while (lj < j)
                gen_opc_instr_start[++lj] = 0;
            gen_opc_pc[j] = pc_insn;
            gen_opc_cc_op[j] = s->cc_op;
            gen_opc_instr_start[j] = 1;
        }
        if (disas_one(s) < 0) {
            /* the instruction runs onto a page we may not execute */
            gen_opc_ptr = opc_save;
            gen_opparam_ptr = opparam_save;
            gen_nb_labels = labels_save;
            s->cc_op = cc_op_save;
            s->cc_op_dirty = cc_op_dirty_save;
            s->fpip_pending = fpip_pending_save;
            gen_fpip_flush(s);
            s->pc = pc_insn;
            if (num_insns == 0) {
                gen_sync_state(s, pc_insn - s->cs_base);
                gen_op_movl_T0_im(s->fault_addr);
                gen_op_movl_env_T0(offsetof(CPUX86State, cr[2]));
                gen_op_raise_exception_err(EXCP0E_PAGE, s->fault_error);
                s->is_jmp = DISAS_TB_JUMP;
                s->pc = pc_insn + 1;
            }
            break;
        }
        num_insns++;
        if (s->is_jmp)
            break;
        if (gen_opc_ptr >= gen_opc_buf + OPC_MAX_SIZE ||
            gen_nb_labels >= OPC_MAX_LABELS - 8 ||
            s->pc - pc_start >= TARGET_PAGE_SIZE - 32 ||
            (flags & (TF_MASK | HF_INHIBIT_IRQ_MASK)) || (tb->cflags & CF_SINGLE_INSN))
            break;
        /* under paging the next page may map elsewhere next time */
        if (s->softmmu && ((s->pc ^ pc_start) & TARGET_PAGE_MASK))
            break;
    }
    gen_fpip_flush(s);
    if (s->is_jmp == DISAS_UPDATE) {
        gen_jmp_im(s->pc - s->cs_base);
        gen_eob(s);
    } else if (s->is_jmp != DISAS_TB_JUMP) {
        gen_goto_tb(s, 0, s->pc - s->cs_base);
    }
    *gen_opc_ptr = INDEX_op_end;
    if (search_pc) {
        int j = gen_opc_ptr - gen_opc_buf;
        while (lj < j)
            gen_opc_instr_start[++lj] = 0;
    }
    if (!search_pc && (loglevel & CPU_LOG_TB_IN_ASM)) {
        /* bytes beyond the first page may live elsewhere in the host */
        uint32_t len = s->pc - pc_start;
        uint32_t in_page = TARGET_PAGE_SIZE - (pc_start & ~TARGET_PAGE_MASK);
        if (s->softmmu && len > in_page)
            len = in_page;
        fprintf(logfile, "----------------\nIN: [size=%d]\n", s->pc - pc_start);
        target_disas(logfile, pc_start, (const void *)(pc_start + s->first_addend), len,
                     !s->code32);
        fputc('\n', logfile);
    }
    if (!search_pc && (loglevel & CPU_LOG_TB_OP)) {
        fprintf(logfile, "OP:\n");
        dump_ops(logfile, gen_opc_buf, gen_opparam_buf);
        fputc('\n', logfile);
    }
    if (no_flag_opt < 0)
        no_flag_opt = getenv("QEMU_NOFLAGOPT") != NULL;
    if (!no_flag_opt)
        optimize_flags(gen_opc_buf, gen_opc_ptr - gen_opc_buf);
    if (no_move_opt < 0)
        no_move_opt = getenv("QEMU_NOMOVEOPT") != NULL;
    if (!no_move_opt)
        optimize_moves(gen_opc_buf, gen_opc_ptr - gen_opc_buf);
    if (!search_pc && (loglevel & CPU_LOG_TB_OP_OPT)) {
        fprintf(logfile, "AFTER OPT:\n");
        dump_ops(logfile, gen_opc_buf, gen_opparam_buf);
        fputc('\n', logfile);
    }
    tb->size = s->pc - pc_start;
    exec_stats.guest_insns += search_pc ? 0 : num_insns;
    return 0;
}

int gen_intermediate_code(CPUX86State *env, TranslationBlock *tb)
{
    return gen_intermediate_code_internal(env, tb, 0);
}

int gen_intermediate_code_pc(CPUX86State *env, TranslationBlock *tb)
{
    return gen_intermediate_code_internal(env, tb, 1);
}
