/*
 * test-i386-muldiv.h: the one-operand multiply or divide OP (mul, imul, div,
 * idiv) on 8/16/32-bit register and memory operands, included once per
 * instruction by test-i386.c.
 *
 * The includer defines OP (the mnemonic as a token) and OP_DIV (1 for the
 * divides: their cases run under the fault guard, since a zero divisor or a
 * quotient that does not fit raises #DE, and they define no flags).
 */

#define N(form) CAT3(OP, _, form)
#define S(text) XSTR(OP) text

SNIPPET(N(rb), S("b %bl"))
SNIPPET(N(rw), S("w %bx"))
SNIPPET(N(rl), S("l %ebx"))
SNIPPET(N(hb), S("b %bh"))
SNIPPET(N(mb), S("b (%esi)"))
SNIPPET(N(mw), S("w tmem"))
SNIPPET(N(ml), S("l tmem"))

static const struct muldiv_form N(forms)[] = {
    { S("b r"), N(rb), 1, K_MDR },
    { S("w r"), N(rw), 2, K_MDR },
    { S("l r"), N(rl), 4, K_MDR },
    { S("b rh"), N(hb), 1, K_MDH },
    { S("b m"), N(mb), 1, K_MDM },
    { S("w m"), N(mw), 2, K_MDM },
    { S("l m"), N(ml), 4, K_MDM },
};

static void N(test)(void)
{
    run_muldiv(N(forms), ARRAY_SIZE(N(forms)), OP_DIV);
}

#undef N
#undef S
#undef OP
#undef OP_DIV
