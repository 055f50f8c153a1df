/*
 * x87 instructions (d8-df), decoded as part of disas_insn (included by
 * translate-i386.c just before it).  Most instructions become one micro-op
 * of ops_fpu.h, then an op that records the instruction and data pointers
 * fnstenv and fnsave show (FIP FCS FOP, and for a memory operand FDP FDS:
 * a few stores of constants, A0 and a selector).  The control instructions
 * record nothing, as on the hardware.  A register form's record waits
 * (gen_fpip_flush) until an instruction that is not one comes: only the
 * last of a run of register forms is stored, the others could be seen by
 * nothing.  Under the soft MMU a memory operand
 * is moved between the guest and env->ft0 by the integer memory ops, and
 * the op's _FT0 form works on it there.
 *
 * NOTE: blocks are translated for one of two modes (the tb flag
 * HF_FPU_UNMASKED): with every exception masked, nothing is checked; with
 * one unmasked, each waiting instruction first raises a pending #MF, and
 * each non-control instruction runs between a checkpoint and a commit that
 * undoes what an unmasked exception forbids.  An instruction that may
 * change the control word leaves the block when the mode changes.
 */

/* index of an instruction: (opcode & 7) << 3 | modrm reg field */
#define FPU_OP(b, reg) ((((b) & 7) << 3) | (reg))

/* memory forms, except the control instructions: [loc] is the ops that
   find the operand at A0 (raw) or in FT0 (moved there by the soft MMU) */
#define FPU_MEM_INSNS(loc) {                                               \
    [FPU_OP(0xd8, 0)] = gen_op_fadds_ST0 ## loc,                          \
    [FPU_OP(0xd8, 1)] = gen_op_fmuls_ST0 ## loc,                          \
    [FPU_OP(0xd8, 2)] = gen_op_fcoms_ST0 ## loc,                          \
    [FPU_OP(0xd8, 3)] = gen_op_fcomps_ST0 ## loc,                         \
    [FPU_OP(0xd8, 4)] = gen_op_fsubs_ST0 ## loc,                          \
    [FPU_OP(0xd8, 5)] = gen_op_fsubrs_ST0 ## loc,                         \
    [FPU_OP(0xd8, 6)] = gen_op_fdivs_ST0 ## loc,                          \
    [FPU_OP(0xd8, 7)] = gen_op_fdivrs_ST0 ## loc,                         \
                                                                           \
    [FPU_OP(0xd9, 0)] = gen_op_flds_ST0 ## loc,                           \
    [FPU_OP(0xd9, 2)] = gen_op_fsts ## loc ## _ST0,                       \
    [FPU_OP(0xd9, 3)] = gen_op_fstps ## loc ## _ST0,                      \
                                                                           \
    [FPU_OP(0xda, 0)] = gen_op_fiaddl_ST0 ## loc,                         \
    [FPU_OP(0xda, 1)] = gen_op_fimull_ST0 ## loc,                         \
    [FPU_OP(0xda, 2)] = gen_op_ficoml_ST0 ## loc,                         \
    [FPU_OP(0xda, 3)] = gen_op_ficompl_ST0 ## loc,                        \
    [FPU_OP(0xda, 4)] = gen_op_fisubl_ST0 ## loc,                         \
    [FPU_OP(0xda, 5)] = gen_op_fisubrl_ST0 ## loc,                        \
    [FPU_OP(0xda, 6)] = gen_op_fidivl_ST0 ## loc,                         \
    [FPU_OP(0xda, 7)] = gen_op_fidivrl_ST0 ## loc,                        \
                                                                           \
    [FPU_OP(0xdb, 0)] = gen_op_fildl_ST0 ## loc,                          \
    [FPU_OP(0xdb, 1)] = gen_op_fisttpl ## loc ## _ST0,                    \
    [FPU_OP(0xdb, 2)] = gen_op_fistl ## loc ## _ST0,                      \
    [FPU_OP(0xdb, 3)] = gen_op_fistpl ## loc ## _ST0,                     \
    [FPU_OP(0xdb, 5)] = gen_op_fldt_ST0 ## loc,                           \
    [FPU_OP(0xdb, 7)] = gen_op_fstpt ## loc ## _ST0,                      \
                                                                           \
    [FPU_OP(0xdc, 0)] = gen_op_faddl_ST0 ## loc,                          \
    [FPU_OP(0xdc, 1)] = gen_op_fmull_ST0 ## loc,                          \
    [FPU_OP(0xdc, 2)] = gen_op_fcoml_ST0 ## loc,                          \
    [FPU_OP(0xdc, 3)] = gen_op_fcompl_ST0 ## loc,                         \
    [FPU_OP(0xdc, 4)] = gen_op_fsubl_ST0 ## loc,                          \
    [FPU_OP(0xdc, 5)] = gen_op_fsubrl_ST0 ## loc,                         \
    [FPU_OP(0xdc, 6)] = gen_op_fdivl_ST0 ## loc,                          \
    [FPU_OP(0xdc, 7)] = gen_op_fdivrl_ST0 ## loc,                         \
                                                                           \
    [FPU_OP(0xdd, 0)] = gen_op_fldl_ST0 ## loc,                           \
    [FPU_OP(0xdd, 1)] = gen_op_fisttpll ## loc ## _ST0,                   \
    [FPU_OP(0xdd, 2)] = gen_op_fstl ## loc ## _ST0,                       \
    [FPU_OP(0xdd, 3)] = gen_op_fstpl ## loc ## _ST0,                      \
                                                                           \
    [FPU_OP(0xde, 0)] = gen_op_fiadds_ST0 ## loc,                         \
    [FPU_OP(0xde, 1)] = gen_op_fimuls_ST0 ## loc,                         \
    [FPU_OP(0xde, 2)] = gen_op_ficoms_ST0 ## loc,                         \
    [FPU_OP(0xde, 3)] = gen_op_ficomps_ST0 ## loc,                        \
    [FPU_OP(0xde, 4)] = gen_op_fisubs_ST0 ## loc,                         \
    [FPU_OP(0xde, 5)] = gen_op_fisubrs_ST0 ## loc,                        \
    [FPU_OP(0xde, 6)] = gen_op_fidivs_ST0 ## loc,                         \
    [FPU_OP(0xde, 7)] = gen_op_fidivrs_ST0 ## loc,                        \
                                                                           \
    [FPU_OP(0xdf, 0)] = gen_op_filds_ST0 ## loc,                          \
    [FPU_OP(0xdf, 1)] = gen_op_fisttps ## loc ## _ST0,                    \
    [FPU_OP(0xdf, 2)] = gen_op_fists ## loc ## _ST0,                      \
    [FPU_OP(0xdf, 3)] = gen_op_fistps ## loc ## _ST0,                     \
    [FPU_OP(0xdf, 4)] = gen_op_fbld_ST0 ## loc,                           \
    [FPU_OP(0xdf, 5)] = gen_op_fildll_ST0 ## loc,                         \
    [FPU_OP(0xdf, 6)] = gen_op_fbstp ## loc ## _ST0,                      \
    [FPU_OP(0xdf, 7)] = gen_op_fistpll ## loc ## _ST0,                    \
}

static GenOpFunc *const fpu_mem_insns[2][64] = {
    FPU_MEM_INSNS(_A0), FPU_MEM_INSNS(_FT0),
};
#undef FPU_MEM_INSNS

/* register forms with st(i) as the operand; the rows d9, da, db and df
   are mostly decoded one modrm byte at a time below */
static GenOpFunc1 *const fpu_reg_insns[64] = {
    [FPU_OP(0xd8, 0)] = gen_op_fadd_ST0_STN,
    [FPU_OP(0xd8, 1)] = gen_op_fmul_ST0_STN,
    [FPU_OP(0xd8, 2)] = gen_op_fcom_ST0_STN,
    [FPU_OP(0xd8, 3)] = gen_op_fcomp_ST0_STN,
    [FPU_OP(0xd8, 4)] = gen_op_fsub_ST0_STN,
    [FPU_OP(0xd8, 5)] = gen_op_fsubr_ST0_STN,
    [FPU_OP(0xd8, 6)] = gen_op_fdiv_ST0_STN,
    [FPU_OP(0xd8, 7)] = gen_op_fdivr_ST0_STN,

    [FPU_OP(0xd9, 0)] = gen_op_fld_STN,
    [FPU_OP(0xd9, 1)] = gen_op_fxch_ST0_STN,
    [FPU_OP(0xd9, 3)] = gen_op_fstp_STN_ST0,     /* fstp1 */

    [FPU_OP(0xdc, 0)] = gen_op_fadd_STN_ST0,
    [FPU_OP(0xdc, 1)] = gen_op_fmul_STN_ST0,
    [FPU_OP(0xdc, 2)] = gen_op_fcom_ST0_STN,     /* fcom2 */
    [FPU_OP(0xdc, 3)] = gen_op_fcomp_ST0_STN,    /* fcomp3 */
    [FPU_OP(0xdc, 4)] = gen_op_fsubr_STN_ST0,
    [FPU_OP(0xdc, 5)] = gen_op_fsub_STN_ST0,
    [FPU_OP(0xdc, 6)] = gen_op_fdivr_STN_ST0,
    [FPU_OP(0xdc, 7)] = gen_op_fdiv_STN_ST0,

    [FPU_OP(0xdd, 0)] = gen_op_ffree_STN,
    [FPU_OP(0xdd, 1)] = gen_op_fxch_ST0_STN,     /* fxch4 */
    [FPU_OP(0xdd, 2)] = gen_op_fst_STN_ST0,
    [FPU_OP(0xdd, 3)] = gen_op_fstp_STN_ST0,
    [FPU_OP(0xdd, 4)] = gen_op_fucom_ST0_STN,
    [FPU_OP(0xdd, 5)] = gen_op_fucomp_ST0_STN,

    [FPU_OP(0xde, 0)] = gen_op_faddp_STN_ST0,
    [FPU_OP(0xde, 1)] = gen_op_fmulp_STN_ST0,
    [FPU_OP(0xde, 2)] = gen_op_fcomp_ST0_STN,    /* fcomp5 */
    [FPU_OP(0xde, 4)] = gen_op_fsubrp_STN_ST0,
    [FPU_OP(0xde, 5)] = gen_op_fsubp_STN_ST0,
    [FPU_OP(0xde, 6)] = gen_op_fdivrp_STN_ST0,
    [FPU_OP(0xde, 7)] = gen_op_fdivp_STN_ST0,

    [FPU_OP(0xdf, 0)] = gen_op_ffreep_STN,
    [FPU_OP(0xdf, 1)] = gen_op_fxch_ST0_STN,     /* fxch7 */
    [FPU_OP(0xdf, 2)] = gen_op_fstp_STN_ST0,     /* fstp8 */
    [FPU_OP(0xdf, 3)] = gen_op_fstp_STN_ST0,     /* fstp9 */
};

/* d9 e0-ff: one instruction per modrm byte, none with an operand */
static GenOpFunc *const fpu_d9_insns[32] = {
    gen_op_fchs_ST0, gen_op_fabs_ST0, NULL, NULL,
    gen_op_ftst_ST0, gen_op_fxam_ST0, NULL, NULL,
    gen_op_fld1_ST0, gen_op_fldl2t_ST0, gen_op_fldl2e_ST0, gen_op_fldpi_ST0,
    gen_op_fldlg2_ST0, gen_op_fldln2_ST0, gen_op_fldz_ST0, NULL,
    gen_op_f2xm1_ST0, gen_op_fyl2x, gen_op_fptan, gen_op_fpatan,
    gen_op_fxtract, gen_op_fprem1, gen_op_fdecstp, gen_op_fincstp,
    gen_op_fprem, gen_op_fyl2xp1, gen_op_fsqrt_ST0, gen_op_fsincos,
    gen_op_frndint_ST0, gen_op_fscale, gen_op_fsin_ST0, gen_op_fcos_ST0,
};

/* fldenv frstor, fnstenv fnsave: [saves][frstor or fnsave] */
static GenOpFunc1 *const fpu_env_insns[2][2] = {
    { gen_op_fldenv_A0, gen_op_frstor_A0 },
    { gen_op_fnstenv_A0, gen_op_fnsave_A0 },
};

/* [pops][unordered is quiet] */
static GenOpFunc1 *const fpu_fcomi_insns[2][2] = {
    { gen_op_fcomi_ST0_STN_cc, gen_op_fucomi_ST0_STN_cc },
    { gen_op_fcomip_ST0_STN_cc, gen_op_fucomip_ST0_STN_cc },
};

/* fcmovb fcmove fcmovbe fcmovu (da); db tests the opposite condition */
static const uint8_t fpu_fcmov_cc[4] = {
    JCC_B << 1, JCC_Z << 1, JCC_BE << 1, JCC_P << 1,
};

/* the segment gen_lea_modrm added to A0 for this modrm (the SIB byte, if
   any, was at sib_pc) */
static int fpu_modrm_seg(DisasContext *s, int modrm, uint32_t sib_pc)
{
    int mod = (modrm >> 6) & 3, rm = modrm & 7;

    if (s->override >= 0)
        return s->override;
    if (s->aflag) {
        int base = rm;
        if (rm == 4) {
            uint32_t pc = s->pc;
            s->pc = sib_pc;
            base = ldub_code(s) & 7;
            s->pc = pc;
        }
        if (mod == 0 && base == 5)
            return R_DS;
        return (base == R_ESP || base == R_EBP) ? R_SS : R_DS;
    }
    if (mod == 0 && rm == 6)
        return R_DS;
    return (rm == 2 || rm == 3 || rm == 6) ? R_SS : R_DS;
}

/* what an encoding is: not an instruction, a no-wait control instruction
   (fn...), or one that waits, that is checks for a pending unmasked
   exception first (#MF) */
enum { FPU_INVALID, FPU_NOWAIT, FPU_WAIT };

static int fpu_insn_kind(int op, int modrm)
{
    int rm = modrm & 7;

    if (((modrm >> 6) & 3) != 3) {
        switch (op) {
        case FPU_OP(0xd9, 6): /* fnstenv */
        case FPU_OP(0xd9, 7): /* fnstcw */
        case FPU_OP(0xdd, 6): /* fnsave */
        case FPU_OP(0xdd, 7): /* fnstsw */
            return FPU_NOWAIT;
        case FPU_OP(0xd9, 4): /* fldenv */
        case FPU_OP(0xd9, 5): /* fldcw */
        case FPU_OP(0xdd, 4): /* frstor */
            return FPU_WAIT;
        }
        return fpu_mem_insns[0][op] ? FPU_WAIT : FPU_INVALID;
    }
    switch (op) {
    case FPU_OP(0xd9, 2): /* fnop */
    case FPU_OP(0xdf, 4): /* fnstsw ax */
        return rm != 0 ? FPU_INVALID : op == FPU_OP(0xd9, 2) ? FPU_WAIT : FPU_NOWAIT;
    case FPU_OP(0xd9, 4) ... FPU_OP(0xd9, 7):
        return fpu_d9_insns[modrm & 0x1f] ? FPU_WAIT : FPU_INVALID;
    case FPU_OP(0xda, 0) ... FPU_OP(0xda, 3): /* fcmovcc */
    case FPU_OP(0xdb, 0) ... FPU_OP(0xdb, 3):
    case FPU_OP(0xdb, 5) ... FPU_OP(0xdb, 6): /* fucomi fcomi */
    case FPU_OP(0xdf, 5) ... FPU_OP(0xdf, 6): /* fucomip fcomip */
        return FPU_WAIT;
    case FPU_OP(0xda, 5): /* fucompp */
    case FPU_OP(0xde, 3): /* fcompp */
        return rm == 1 ? FPU_WAIT : FPU_INVALID;
    case FPU_OP(0xdb, 4): /* feni fdisi fnclex fninit fsetpm */
        return rm <= 4 ? FPU_NOWAIT : FPU_INVALID;
    }
    return fpu_reg_insns[op] ? FPU_WAIT : FPU_INVALID;
}

/* after an op that may change the control word: if it changed whether
   exceptions are unmasked, which the block was translated for, leave the
   block (with cc_op in env) */
static void gen_fpu_mode_exit(DisasContext *s)
{
    gen_update_cc_op(s);
    gen_op_fpu_check_exit_T0(s->pc - s->cs_base);
}

/* the bytes a memory form reads, when it does not store */
static int fpu_load_size(int op)
{
    switch (op >> 3) {
    case 0xd8 & 7: /* m32 real */
    case 0xda & 7: /* m32 int */
        return 4;
    case 0xdc & 7: /* m64 real */
        return 8;
    case 0xde & 7: /* m16 int */
        return 2;
    }
    switch (op) {
    case FPU_OP(0xd9, 0): /* fld m32 */
    case FPU_OP(0xdb, 0): /* fild m32 */
        return 4;
    case FPU_OP(0xdd, 0): /* fld m64 */
    case FPU_OP(0xdf, 5): /* fild m64 */
        return 8;
    case FPU_OP(0xdf, 0): /* fild m16 */
        return 2;
    case FPU_OP(0xdb, 5): /* fld m80 */
    case FPU_OP(0xdf, 4): /* fbld */
        return 10;
    }
    return 0;
}

/* the bytes a memory form stores */
static int fpu_store_size(int op)
{
    switch (op) {
    case FPU_OP(0xd9, 2) ... FPU_OP(0xd9, 3):
    case FPU_OP(0xdb, 1) ... FPU_OP(0xdb, 3):
        return 4;
    case FPU_OP(0xdd, 1) ... FPU_OP(0xdd, 3):
    case FPU_OP(0xdf, 7):
        return 8;
    case FPU_OP(0xdf, 1) ... FPU_OP(0xdf, 3):
        return 2;
    case FPU_OP(0xdb, 7):
    case FPU_OP(0xdf, 6):
        return 10;
    }
    return 0;
}

/* fld m32 and fld m64, which a denormal operand does not stop */
static int fpu_is_load(int op)
{
    return op == FPU_OP(0xd9, 0) || op == FPU_OP(0xdd, 0);
}

/* the compares, whose condition codes stay when they stop (ftst and
   fxam share d9 /4 with fchs and fabs, which raise nothing) */
static int fpu_is_compare(int op)
{
    switch (op) {
    case FPU_OP(0xd8, 2) ... FPU_OP(0xd8, 3):
    case FPU_OP(0xda, 2) ... FPU_OP(0xda, 3):
    case FPU_OP(0xda, 5):
    case FPU_OP(0xdb, 5) ... FPU_OP(0xdb, 6):
    case FPU_OP(0xdc, 2) ... FPU_OP(0xdc, 3):
    case FPU_OP(0xdd, 4) ... FPU_OP(0xdd, 5):
    case FPU_OP(0xde, 2) ... FPU_OP(0xde, 3):
    case FPU_OP(0xdf, 5) ... FPU_OP(0xdf, 6):
    case FPU_OP(0xd9, 4):
        return 1;
    }
    return 0;
}

static int fpu_checked(DisasContext *s)
{
    return s->tb->flags & HF_FPU_UNMASKED_MASK;
}

/* the op of a memory form, between a checkpoint and a commit when an
   exception is unmasked */
static void gen_fpu_mem_op(DisasContext *s, int op, GenOpFunc *gen)
{
    if (fpu_checked(s)) {
        gen_op_fpu_checkpoint(fpu_store_size(op));
        gen();
        gen_op_fpu_commit(fpu_is_load(op), fpu_is_compare(op));
    } else {
        gen();
    }
}

/* move size bytes between the operand at A0 and env->ft0, 4 at a time
   (a 2-byte tail for m16 and m80); A0 is left as it was.  A store first
   reads and writes back each piece, so that the soft MMU has faulted (if
   it will) before the instruction changes the FPU, and so that ft0 holds
   the bytes an instruction that stores nothing leaves in memory. */
static void gen_fpu_ft0_move(DisasContext *s, int size, int to_memory, int probe)
{
    int off;

    for (off = 0; off < size; off += 4) {
        int ot = size - off >= 4 ? OT_LONG : OT_WORD;
        if (off)
            gen_op_addl_A0_im(4);
        if (to_memory) {
            gen_op_movl_T0_env(offsetof(CPUX86State, ft0) + off);
            gen_op_st_T0_A0[ot + s->mem_index]();
        } else {
            gen_op_ldu_T0_A0[ot + s->mem_index]();
            gen_op_movl_env_T0(offsetof(CPUX86State, ft0) + off);
            if (probe)
                gen_op_st_T0_A0[ot + s->mem_index]();
        }
    }
    if (size > 4)
        gen_op_addl_A0_im(-((size - 1) & ~3));
}

static void gen_fpu_mem_softmmu(DisasContext *s, int op)
{
    int store = fpu_store_size(op);

    if (store) {
        gen_fpu_ft0_move(s, store, 0, 1);
        if (fpu_checked(s)) {
            gen_op_fpu_checkpoint(store);
            fpu_mem_insns[1][op]();
            gen_fpu_ft0_move(s, store, 1, 0);
            gen_op_fpu_commit(0, 0);
        } else {
            fpu_mem_insns[1][op]();
            gen_fpu_ft0_move(s, store, 1, 0);
        }
    } else {
        gen_fpu_ft0_move(s, fpu_load_size(op), 0, 0);
        gen_fpu_mem_op(s, op, fpu_mem_insns[1][op]);
    }
}

static void gen_fpu_mem(DisasContext *s, int op, int modrm, uint32_t cur_eip)
{
    int fop = (op & 0x38) << 5 | modrm, seg;
    uint32_t sib_pc = s->pc;

    gen_lea_modrm(s, modrm);
    switch (op) {
    case FPU_OP(0xd9, 4): /* fldenv */
    case FPU_OP(0xd9, 6): /* fnstenv */
    case FPU_OP(0xdd, 4): /* frstor */
    case FPU_OP(0xdd, 6): /* fnsave */
        gen_sync_state(s, cur_eip);
        fpu_env_insns[op == FPU_OP(0xd9, 6) || op == FPU_OP(0xdd, 6)]
                     [op >> 3 == 5](s->dflag);
        gen_fpu_mode_exit(s);
        return;
    case FPU_OP(0xd9, 5): /* fldcw */
        gen_op_ldu_T0_A0[OT_WORD + s->mem_index]();
        gen_op_fldcw_T0();
        gen_fpu_mode_exit(s);
        return;
    case FPU_OP(0xd9, 7): /* fnstcw */
        gen_op_fnstcw_T0();
        gen_op_st_T0_A0[OT_WORD + s->mem_index]();
        return;
    case FPU_OP(0xdd, 7): /* fnstsw */
        gen_op_fnstsw_T0();
        gen_op_st_T0_A0[OT_WORD + s->mem_index]();
        return;
    }
    if (s->mem_index == MEM_INDEX_RAW)
        gen_fpu_mem_op(s, op, fpu_mem_insns[0][op]);
    else
        gen_fpu_mem_softmmu(s, op);

    seg = offsetof(CPUX86State, segs[fpu_modrm_seg(s, modrm, sib_pc)]);
    if (s->override >= 0 || s->addseg)
        gen_op_set_fpip_dp_seg(cur_eip, fop, seg);
    else
        gen_op_set_fpip_dp(cur_eip, fop, seg);
}

static void gen_fpip_flush(DisasContext *s)
{
    if (s->fpip_pending) {
        gen_op_set_fpip(s->fpip_eip, s->fpip_fop);
        s->fpip_pending = 0;
    }
}

static void gen_fpu_reg(DisasContext *s, int op, int modrm, uint32_t cur_eip)
{
    int rm = modrm & 7, fop = (op & 0x38) << 5 | modrm;
    int checked = fpu_checked(s) && op != FPU_OP(0xdb, 4) && op != FPU_OP(0xdf, 4);

    if (checked)
        gen_op_fpu_checkpoint(0);
    switch (op) {
    case FPU_OP(0xd9, 2): /* fnop */
        break;
    case FPU_OP(0xd9, 4) ... FPU_OP(0xd9, 7):
        fpu_d9_insns[modrm & 0x1f]();
        break;
    case FPU_OP(0xda, 0) ... FPU_OP(0xda, 3): /* fcmovcc */
    case FPU_OP(0xdb, 0) ... FPU_OP(0xdb, 3):
        gen_setcc(s, fpu_fcmov_cc[op & 3] | ((op >> 3) & 1));
        gen_op_fcmov_ST0_STN_T0(rm);
        break;
    case FPU_OP(0xda, 5): /* fucompp */
        gen_op_fucompp();
        break;
    case FPU_OP(0xde, 3): /* fcompp */
        gen_op_fcompp();
        break;
    case FPU_OP(0xdb, 4):
        /* feni, fdisi and fsetpm do nothing since the 387 */
        if (rm == 2)
            gen_op_fnclex();
        else if (rm == 3) {
            gen_op_fninit();
            gen_fpu_mode_exit(s);
        }
        return;
    case FPU_OP(0xdb, 5): /* fucomi */
    case FPU_OP(0xdb, 6): /* fcomi */
    case FPU_OP(0xdf, 5): /* fucomip */
    case FPU_OP(0xdf, 6): /* fcomip */
        gen_update_cc_op(s);
        fpu_fcomi_insns[op >> 3 == 7][op & 1](rm);
        set_cc_op(s, CC_OP_EFLAGS);
        break;
    case FPU_OP(0xdf, 4): /* fnstsw ax */
        gen_op_fnstsw_T0();
        gen_op_mov_reg_T0[OT_WORD][R_EAX]();
        return;
    default:
        fpu_reg_insns[op](rm);
        break;
    }
    if (checked)
        gen_op_fpu_commit(0, fpu_is_compare(op));
    if (checked) {
        gen_op_set_fpip(cur_eip, fop);
    } else {
        s->fpip_pending = 1;
        s->fpip_eip = cur_eip;
        s->fpip_fop = fop;
    }
}

/* with an exception unmasked, a waiting instruction first raises #MF if
   one is pending */
static void gen_fpu_wait(DisasContext *s, uint32_t cur_eip)
{
    if (fpu_checked(s)) {
        gen_sync_state(s, cur_eip);
        gen_op_fpu_wait();
    }
}

/* d8-df with the modrm byte read; 0 if the encoding is not an
   instruction (a lock prefix never makes one) */
static int disas_fpu_insn(DisasContext *s, int b, int modrm, uint32_t cur_eip)
{
    int op = FPU_OP(b, (modrm >> 3) & 7), kind = fpu_insn_kind(op, modrm);

    /* only an unchecked register form that records its pointers may
       follow a put-off set_fpip: it cannot leave the block */
    if (((modrm >> 6) & 3) != 3 || kind != FPU_WAIT || fpu_checked(s) ||
        (s->prefix & PREFIX_LOCK) || (s->tb->flags & (HF_EM_MASK | HF_TS_MASK)))
        gen_fpip_flush(s);
    if (kind == FPU_INVALID || (s->prefix & PREFIX_LOCK))
        return 0;
    /* CR0.EM or CR0.TS: #NM, for the kernel's lazy FPU switching */
    if (s->tb->flags & (HF_EM_MASK | HF_TS_MASK)) {
        gen_exception(s, EXCP07_PREX, cur_eip);
        return 1;
    }
    if (kind == FPU_WAIT)
        gen_fpu_wait(s, cur_eip);
    if (((modrm >> 6) & 3) != 3)
        gen_fpu_mem(s, op, modrm, cur_eip);
    else
        gen_fpu_reg(s, op, modrm, cur_eip);
    return 1;
}
