/*
 * test-i386-alu.h: the two-operand ALU instruction OP (add, or, adc, ...) in
 * every size and operand form, included once per instruction by test-i386.c.
 *
 * The includer defines OP (the mnemonic as a token) and OP_FLAGS (the flags
 * the SDM defines for it); this file defines the snippets and a table
 * OP_forms[] that run_alu() walks.  Immediates come from the IMM_b/w/l lists
 * so that the assembler picks every encoding: the accumulator short form
 * (04/05), the sign-extended imm8 form (83) and the full form (80/81).
 */

#define N(form) CAT3(OP, _, form)
#define S(text) XSTR(OP) text

SNIPPET(N(rr_b), S("b %bl, %al"))
SNIPPET(N(rr_w), S("w %bx, %ax"))
SNIPPET(N(rr_l), S("l %ebx, %eax"))
SNIPPET(N(rrload_l), "{load} " S("l %ebx, %eax"))
SNIPPET(N(rh_b), S("b %bh, %ch"))
SNIPPET(N(rm_b), S("b tmem, %al"))
SNIPPET(N(rm_w), S("w tmem, %ax"))
SNIPPET(N(rm_l), S("l (%esi), %eax"))
SNIPPET(N(mr_b), S("b %bl, (%esi)"))
SNIPPET(N(mr_w), S("w %bx, 0(%esi)"))
SNIPPET(N(mr_l), S("l %ebx, tmem"))
SNIPPET(N(mi_b), S("b $0x81, tmem"))
SNIPPET(N(mi_w), S("w $0x7f, (%esi)"))
SNIPPET(N(mi_w2), S("w $0x8001, (%esi)"))
SNIPPET(N(mi_l), S("l $-2, tmem"))
SNIPPET(N(mi_l2), S("l $0x80000001, tmem"))

#define ALU_IMM_SNIPPET(sz, acc, other, i, v) \
    SNIPPET(N(CAT4(ria_, sz, _, i)), S(#sz " $" #v ", " acc)) \
    SNIPPET(N(CAT4(rid_, sz, _, i)), S(#sz " $" #v ", " other))
#define ALU_IMM_B(i, v) ALU_IMM_SNIPPET(b, "%al", "%dl", i, v)
#define ALU_IMM_W(i, v) ALU_IMM_SNIPPET(w, "%ax", "%dx", i, v)
#define ALU_IMM_L(i, v) ALU_IMM_SNIPPET(l, "%eax", "%edx", i, v)
IMM_b(ALU_IMM_B)
IMM_w(ALU_IMM_W)
IMM_l(ALU_IMM_L)

#define ALU_IMM_FORM(sz, size, i, v) \
    { S(#sz " $" #v ",acc"), N(CAT4(ria_, sz, _, i)), size, K_RI, v }, \
    { S(#sz " $" #v ",reg"), N(CAT4(rid_, sz, _, i)), size, K_RID, v },
#define ALU_FORM_B(i, v) ALU_IMM_FORM(b, 1, i, v)
#define ALU_FORM_W(i, v) ALU_IMM_FORM(w, 2, i, v)
#define ALU_FORM_L(i, v) ALU_IMM_FORM(l, 4, i, v)

static const struct alu_form N(forms)[] = {
    { S("b rr"), N(rr_b), 1, K_RR, 0 },
    { S("w rr"), N(rr_w), 2, K_RR, 0 },
    { S("l rr"), N(rr_l), 4, K_RR, 0 },
    { S("l rr'"), N(rrload_l), 4, K_RR, 0 },
    { S("b rh"), N(rh_b), 1, K_RH, 0 },
    { S("b rm"), N(rm_b), 1, K_RM, 0 },
    { S("w rm"), N(rm_w), 2, K_RM, 0 },
    { S("l rm"), N(rm_l), 4, K_RM, 0 },
    { S("b mr"), N(mr_b), 1, K_MR, 0 },
    { S("w mr"), N(mr_w), 2, K_MR, 0 },
    { S("l mr"), N(mr_l), 4, K_MR, 0 },
    { S("b mi"), N(mi_b), 1, K_MI, 0x81 },
    { S("w mi"), N(mi_w), 2, K_MI, 0x7f },
    { S("w mi"), N(mi_w2), 2, K_MI, 0x8001 },
    { S("l mi"), N(mi_l), 4, K_MI, 0xfffffffe },
    { S("l mi"), N(mi_l2), 4, K_MI, 0x80000001 },
    IMM_b(ALU_FORM_B)
    IMM_w(ALU_FORM_W)
    IMM_l(ALU_FORM_L)
};

static void N(test)(void)
{
    run_alu(N(forms), ARRAY_SIZE(N(forms)), OP_FLAGS);
}

#undef ALU_IMM_SNIPPET
#undef ALU_IMM_B
#undef ALU_IMM_W
#undef ALU_IMM_L
#undef ALU_IMM_FORM
#undef ALU_FORM_B
#undef ALU_FORM_W
#undef ALU_FORM_L
#undef N
#undef S
#undef OP
#undef OP_FLAGS
