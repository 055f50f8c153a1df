/*
 * test-i386-shift.h: the shift or rotate OP (shl, rcr, shld, ...) by 1, by an
 * immediate and by %cl, on registers and memory, included once per
 * instruction by test-i386.c.
 *
 * The includer defines OP (the mnemonic as a token) and OP_KIND (SH_SHL ...,
 * which tells run_shift() which flags the SDM defines), and OP_DOUBLE for
 * shld/shrd, whose second operand comes from %bx/%ebx and which has no 8-bit
 * or by-1 form.  An immediate count of 1 is written as the forward symbol
 * SHIFT_ONE so that the assembler emits c0/c1 with an imm8 of 1 rather than
 * the d0/d1 by-1 form, which is tested on its own.
 */

#define N(form) CAT3(OP, _, form)
#define S(text) XSTR(OP) text

#ifdef OP_DOUBLE
#define SHIFT_IMM(i, text, c) \
    SNIPPET(N(CAT(iw_, i)), S("w $" #text ", %bx, %ax")) \
    SNIPPET(N(CAT(il_, i)), S("l $" #text ", %ebx, %eax"))
#define SHIFT_IMM_FORM(i, text, c) \
    { S("w $" #c), N(CAT(iw_, i)), 2, K_SHI, c }, \
    { S("l $" #c), N(CAT(il_, i)), 4, K_SHI, c },
SNIPPET(N(cw), S("w %cl, %bx, %ax"))
SNIPPET(N(cl), S("l %cl, %ebx, %eax"))
SNIPPET(N(mw), S("w %cl, %bx, tmem"))
SNIPPET(N(ml), S("l $5, %ebx, (%esi)"))
#else
#define SHIFT_IMM(i, text, c) \
    SNIPPET(N(CAT(ib_, i)), S("b $" #text ", %al")) \
    SNIPPET(N(CAT(iw_, i)), S("w $" #text ", %ax")) \
    SNIPPET(N(CAT(il_, i)), S("l $" #text ", %eax"))
#define SHIFT_IMM_FORM(i, text, c) \
    { S("b $" #c), N(CAT(ib_, i)), 1, K_SHI, c }, \
    { S("w $" #c), N(CAT(iw_, i)), 2, K_SHI, c }, \
    { S("l $" #c), N(CAT(il_, i)), 4, K_SHI, c },
SNIPPET(N(1b), S("b %al"))
SNIPPET(N(1w), S("w %ax"))
SNIPPET(N(1l), S("l %eax"))
SNIPPET(N(cb), S("b %cl, %al"))
SNIPPET(N(cw), S("w %cl, %ax"))
SNIPPET(N(cl), S("l %cl, %eax"))
SNIPPET(N(hb), S("b %cl, %ah"))
SNIPPET(N(mb), S("b tmem"))
SNIPPET(N(mw), S("w %cl, tmem"))
SNIPPET(N(ml), S("l $5, (%esi)"))
#endif

SHIFT_COUNTS(SHIFT_IMM)

static const struct shift_form N(forms)[] = {
#ifdef OP_DOUBLE
    { S("w cl"), N(cw), 2, K_SHCL, 0 },
    { S("l cl"), N(cl), 4, K_SHCL, 0 },
    { S("w cl,mem"), N(mw), 2, K_SHMCL, 0 },
    { S("l $5,mem"), N(ml), 4, K_SHM, 5 },
#else
    { S("b 1"), N(1b), 1, K_SH1, 1 },
    { S("w 1"), N(1w), 2, K_SH1, 1 },
    { S("l 1"), N(1l), 4, K_SH1, 1 },
    { S("b cl"), N(cb), 1, K_SHCL, 0 },
    { S("w cl"), N(cw), 2, K_SHCL, 0 },
    { S("l cl"), N(cl), 4, K_SHCL, 0 },
    { S("b cl,ah"), N(hb), 1, K_SHHCL, 0 },
    { S("b 1,mem"), N(mb), 1, K_SHM, 1 },
    { S("w cl,mem"), N(mw), 2, K_SHMCL, 0 },
    { S("l $5,mem"), N(ml), 4, K_SHM, 5 },
#endif
    SHIFT_COUNTS(SHIFT_IMM_FORM)
};

static void N(test)(void)
{
    run_shift(N(forms), ARRAY_SIZE(N(forms)), OP_KIND);
}

#undef SHIFT_IMM
#undef SHIFT_IMM_FORM
#undef N
#undef S
#undef OP
#undef OP_KIND
#undef OP_DOUBLE
