/*
 * x87 helpers: stack faults, the control word, fninit, the environment
 * and save images (fnstenv fldenv fnsave frstor, and cpu_x86_fsave /
 * cpu_x86_frstor for linux-user's signal frames), #MF, and the
 * instructions that read or write two registers (fptan fsincos fxtract
 * fscale fprem fprem1 fpatan fyl2x fyl2xp1).  Like the ops of ops_fpu.h
 * they run the host's own instruction on the guest's values.
 *
 * NOTE: while cpu_x86_exec runs, the host x87 control word is the guest's
 * with every exception masked (fpu_enter, helper_fldcw ...), so host
 * instructions round and limit precision as the guest asked.  The guest's
 * exception flags are env->fpus OR the flags in the host status word,
 * which accumulate on the host until fpu_fold_flags moves them into
 * env->fpus (fnstenv, fnsave, #MF checks, cpu_x86_exec's exit) or fnclex,
 * fninit, fldenv and frstor replace them.  TOP lives in fpstt; ES and B
 * are computed from the flags and the masks whenever the word is read.
 *
 * Unmasked exceptions: env->hflags has HF_FPU_UNMASKED while the control
 * word unmasks one, and blocks translated then check for a pending one
 * before each waiting instruction (#MF, EXCP10_COPR), and undo what the
 * masked response of the host did where the hardware does nothing
 * (helper_fpu_commit).  Not done: an overflow or underflow into a
 * register leaves the masked result, not the hardware's result with its
 * exponent adjusted by 2^24576.
 */
#include <string.h>
#include "exec-i386.h"
#include "exec-all.h"

/* the control word of the emulator itself, restored by fpu_leave */
static __thread uint16_t host_fpuc;

static const FPReg fpu_indefinite = { 0xc000000000000000ull, 0xffff };

/* reserved bits of the control word read as the hardware has them */
static uint32_t fpu_cw_normalize(uint32_t cw)
{
    return (cw & 0x1f3f) | 0x40;
}

/* guest rounding and precision control in force on the host */
static void fpu_load_host_cw(void)
{
    uint16_t cw = env->fpuc | 0x3f;
    asm volatile("fldcw %0" : : "m"(cw));
}

static void fpu_fold_flags(void)
{
    uint16_t sw;
    asm volatile("fnstsw %0" : "=m"(sw));
    env->fpus |= sw & FPUS_EXCP;
    asm volatile("fnclex");
}

void fpu_enter(void)
{
    asm volatile("fnstcw %0" : "=m"(host_fpuc));
    asm volatile("fnclex");
    fpu_load_host_cw();
}

/* after a longjmp out of a host signal handler the kernel has given the
   host FPU its initial state: the guest control word goes back in (the
   flags raised since the last fold are lost) */
void fpu_reload(void)
{
    fpu_load_host_cw();
}

void fpu_leave(void)
{
    fpu_fold_flags();
    asm volatile("fldcw %0" : : "m"(host_fpuc));
}

/* stack faults: the masked response, or nothing but the flags when the
   guest unmasked the invalid operation exception */

static int fpu_stack_fault(int overflow)
{
    env->fpus = (env->fpus & ~FPUS_C1) | FPUS_IE | FPUS_SF |
                (overflow ? FPUS_C1 : 0);
    return env->fpuc & FPUC_IM;
}

static void fpu_set_indefinite(unsigned int reg)
{
    FPR(reg) = fpu_indefinite;
    env->fptags[reg] = 0;
}

void helper_fpush_overflow(void)
{
    if (fpu_stack_fault(1)) {
        env->fpstt = (env->fpstt - 1) & 7;
        fpu_set_indefinite(env->fpstt);
    }
}

/* returns 1 for the masked response: then a popping form pops */
int helper_fpu_underflow(uint32_t reg)
{
    if (!fpu_stack_fault(0))
        return 0;
    fpu_set_indefinite(reg);
    return 1;
}

/* the source is empty (underflow, reported before an overflow) or the
   push overflows: either way st0 becomes the indefinite */
void helper_fld_sti_fault(uint32_t i)
{
    unsigned int top = env->fpstt;

    if (!env->fptags[(top + i) & 7]) {
        helper_fpush_overflow();
    } else if (fpu_stack_fault(0)) {
        env->fpstt = (top - 1) & 7;
        fpu_set_indefinite(env->fpstt);
    }
}

void helper_fst_underflow(void)
{
    fpu_stack_fault(0);
}

/* compares say "unordered" even when the exception is unmasked */
int helper_fcom_underflow(void)
{
    env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
    return fpu_stack_fault(0);
}

int helper_fcomi_underflow(void)
{
    CC_SRC = CC_Z | CC_P | CC_C;
    return fpu_stack_fault(0);
}

/* empty registers become the indefinite, then the exchange happens */
void helper_fxch_underflow(uint32_t i)
{
    unsigned int d = env->fpstt, s = (d + i) & 7;
    FPReg tmp;

    if (!fpu_stack_fault(0))
        return;
    if (env->fptags[d])
        fpu_set_indefinite(d);
    if (env->fptags[s])
        fpu_set_indefinite(s);
    tmp = FPR(d);
    FPR(d) = FPR(s);
    FPR(s) = tmp;
}

/* control */

/* the host follows a new guest control word; flags now all in fpus */
static void fpu_sync_host(void)
{
    asm volatile("fnclex");
    fpu_load_host_cw();
}

/* a new control word; returns whether HF_FPU_UNMASKED changed, which
   the translated code depends on */
static int fpu_set_cw(uint32_t cw)
{
    uint32_t old = env->hflags;

    env->fpuc = cw;
    if ((cw & FPUS_EXCP) != FPUS_EXCP)
        env->hflags |= HF_FPU_UNMASKED_MASK;
    else
        env->hflags &= ~HF_FPU_UNMASKED_MASK;
    return old != env->hflags;
}

int helper_fldcw(uint32_t cw)
{
    int changed = fpu_set_cw(fpu_cw_normalize(cw));
    fpu_load_host_cw();
    return changed;
}

/* an unmasked exception is pending: #MF at this waiting instruction */
void helper_fpu_wait(void)
{
    fpu_fold_flags();
    if (env->fpus & ~env->fpuc & FPUS_EXCP)
        raise_exception(EXCP10_COPR);
}

/* With an exception unmasked, an instruction that raises invalid
   operation, denormal or zero divide leaves the registers, TOP and memory
   as they were (the condition codes and EFLAGS of a compare are still
   set), and a store that overflows or underflows stores nothing.  The
   host gives the masked response, so the state before the instruction is
   kept here and put back. */
static __thread struct {
    unsigned int fpstt;
    uint16_t fpus;
    uint8_t tags[8];
    FPReg regs[8];
    uint32_t addr, size;
    uint8_t mem[10];
} fpu_checkpoint;

void helper_fpu_checkpoint(uint32_t store_size)
{
    fpu_fold_flags();
    fpu_checkpoint.fpstt = env->fpstt;
    fpu_checkpoint.fpus = env->fpus;
    memcpy(fpu_checkpoint.tags, env->fptags, sizeof(env->fptags));
    for (int i = 0; i < 8; i++)
        fpu_checkpoint.regs[i] = FPR(i);
    fpu_checkpoint.addr = A0;
    fpu_checkpoint.size = store_size;
    for (uint32_t i = 0; i < store_size; i++)
        fpu_checkpoint.mem[i] = ldub_data(A0 + i);
}

/* is_load: a denormal does not stop fld m32 and fld m64; is_compare: the
   condition codes stay as the compare set them */
void helper_fpu_commit(int is_load, int is_compare)
{
    uint32_t sf = env->fpus & ~fpu_checkpoint.fpus & FPUS_SF, raised, stop;
    uint16_t sw;

    asm volatile("fnstsw %0" : "=m"(sw));
    asm volatile("fnclex");
    raised = sw & FPUS_EXCP;
    stop = raised & ~env->fpuc & (FPUS_IE | FPUS_DE | FPUS_ZE);
    if (is_load)
        stop &= ~FPUS_DE;
    if (fpu_checkpoint.size)
        stop |= raised & ~env->fpuc & (FPUS_OE | FPUS_UE);
    /* a stack fault has had its unmasked response from its helper */
    if (sf || !stop) {
        env->fpus |= raised;
        return;
    }
    /* the instruction stopped there: only what stopped it is raised */
    env->fpus |= stop;
    if (!is_compare)
        env->fpus = (env->fpus & ~FPUS_CC) | (fpu_checkpoint.fpus & FPUS_CC);
    env->fpstt = fpu_checkpoint.fpstt;
    memcpy(env->fptags, fpu_checkpoint.tags, sizeof(env->fptags));
    for (int i = 0; i < 8; i++)
        FPR(i) = fpu_checkpoint.regs[i];
    for (uint32_t i = 0; i < fpu_checkpoint.size; i++)
        stb_data(fpu_checkpoint.addr + i, fpu_checkpoint.mem[i]);
}

static int fpu_init(void)
{
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpip = env->fpcs = env->fpdp = env->fpds = env->fpop = 0;
    return fpu_set_cw(0x37f);
}

int helper_fninit(void)
{
    int changed = fpu_init();
    fpu_sync_host();
    return changed;
}

/* the environment image */

/* the two-bit tag of a register: valid, zero, special or empty */
static uint32_t fpu_tag(unsigned int reg)
{
    uint32_t exp = FPR(reg).sexp & 0x7fff;
    uint64_t mant = FPR(reg).mant;

    if (env->fptags[reg])
        return 3;
    if (exp == 0x7fff)
        return 2;
    if (exp == 0)
        return mant ? 2 : 1;
    return (mant >> 63) ? 0 : 2;
}

static uint32_t fpu_tag_word(void)
{
    uint32_t tw = 0;
    for (unsigned int i = 0; i < 8; i++)
        tw |= fpu_tag(i) << (2 * i);
    return tw;
}

/* real-address and virtual-8086 mode store linear pointers and fop in
   the image; protected mode stores selector:offset pairs */
static int fpu_real_format(void)
{
    return !(env->hflags & HF_PE_MASK) || (env->eflags & VM_MASK);
}

static uint32_t fpu_env_size(int data32)
{
    return data32 ? 28 : 14;
}

/* the 28-byte (data32) or 14-byte image, as seven words of 32 or 16 bits */
static void fpu_store_env(uint32_t addr, int data32)
{
    uint32_t w[7];

    w[0] = env->fpuc | 0xffff0000;
    w[1] = fpu_status_word(0) | 0xffff0000;
    w[2] = fpu_tag_word() | 0xffff0000;
    if (fpu_real_format()) {
        w[3] = (env->fpip & 0xffff) | 0xffff0000;
        w[4] = ((env->fpip >> 4) & 0x0ffff000) | (env->fpop & 0x7ff);
        w[5] = (env->fpdp & 0xffff) | 0xffff0000;
        w[6] = (env->fpdp >> 4) & 0x0ffff000;
    } else {
        w[3] = env->fpip;
        w[4] = (env->fpcs & 0xffff) | ((env->fpop & 0x7ff) << 16);
        w[5] = env->fpdp;
        w[6] = (env->fpds & 0xffff) | 0xffff0000;
    }
    for (int i = 0; i < 7; i++) {
        if (data32)
            stl_data(addr + 4 * i, w[i]);
        else
            stw_data(addr + 2 * i, w[i]);
    }
}

/* all of the image is read before the state changes, so that a fault
   leaves the FPU as it was */
static int fpu_load_env(uint32_t addr, int data32, const FPReg *st)
{
    uint32_t w[7];
    int changed;

    for (int i = 0; i < 7; i++)
        w[i] = data32 ? ldl_data(addr + 4 * i) : lduw_data(addr + 2 * i);
    changed = fpu_set_cw(fpu_cw_normalize(w[0]));
    env->fpus = w[1] & ~(FPUS_TOP | FPUS_ES | FPUS_B);
    env->fpstt = (w[1] >> 11) & 7;
    for (int i = 0; i < 8; i++)
        env->fptags[i] = ((w[2] >> (2 * i)) & 3) == 3;
    if (fpu_real_format()) {
        uint32_t hi = data32 ? 0x0ffff000 : 0xf000;
        env->fpip = (w[3] & 0xffff) | ((w[4] & hi) << 4);
        env->fpop = w[4] & 0x7ff;
        env->fpdp = (w[5] & 0xffff) | ((w[6] & hi) << 4);
        env->fpcs = env->fpds = 0;
    } else {
        env->fpip = data32 ? w[3] : w[3] & 0xffff;
        env->fpcs = w[4] & 0xffff;
        env->fpop = data32 ? (w[4] >> 16) & 0x7ff : 0;
        env->fpdp = data32 ? w[5] : w[5] & 0xffff;
        env->fpds = w[6] & 0xffff;
    }
    for (int i = 0; st && i < 8; i++)
        FPR((env->fpstt + i) & 7) = st[i];
    return changed;
}

/* fnsave: the environment, then ST(0)..ST(7) as 10 bytes each */
static int fpu_save(uint32_t addr, int data32)
{
    uint32_t regs = addr + fpu_env_size(data32);

    fpu_store_env(addr, data32);
    for (int i = 0; i < 8; i++) {
        unsigned int r = (env->fpstt + i) & 7;
        stq_data(regs + 10 * i, FPR(r).mant);
        stw_data(regs + 10 * i + 8, FPR(r).sexp);
    }
    return fpu_init();
}

static int fpu_restore(uint32_t addr, int data32)
{
    uint32_t regs = addr + fpu_env_size(data32);
    FPReg st[8];

    for (int i = 0; i < 8; i++) {
        st[i].mant = ldq_data(regs + 10 * i);
        st[i].sexp = lduw_data(regs + 10 * i + 8);
    }
    return fpu_load_env(addr, data32, st);
}

int helper_fnstenv(uint32_t addr, int data32)
{
    fpu_fold_flags();
    fpu_store_env(addr, data32);
    return fpu_set_cw(env->fpuc | FPUS_EXCP);
}

int helper_fldenv(uint32_t addr, int data32)
{
    int changed = fpu_load_env(addr, data32, NULL);
    fpu_sync_host();
    return changed;
}

int helper_fnsave(uint32_t addr, int data32)
{
    int changed;
    fpu_fold_flags();
    changed = fpu_save(addr, data32);
    fpu_sync_host();
    return changed;
}

int helper_frstor(uint32_t addr, int data32)
{
    int changed = fpu_restore(addr, data32);
    fpu_sync_host();
    return changed;
}

/* from outside the CPU (signal frames): the host FPU is the emulator's
   then, and cpu_x86_exec's entry loads the guest control word */

void cpu_x86_fsave(CPUX86State *s, uint32_t ptr, int data32)
{
    CPUX86State *saved_env = env;
    env = s;
    fpu_save(ptr, data32);
    env = saved_env;
}

void cpu_x86_frstor(CPUX86State *s, uint32_t ptr, int data32)
{
    CPUX86State *saved_env = env;
    env = s;
    fpu_restore(ptr, data32);
    env = saved_env;
}

/* two-register instructions */

/* fptan and fsincos push a second result unless the operand is out of
   range (C2 set), in which case st0 is left as it was */
static void fpu_push_pair(int is_sincos)
{
    unsigned int i = env->fpstt, t = (i - 1) & 7;
    long double lo = env->fpregs[i], hi;
    uint16_t sw;

    if (env->fptags[i]) {
        if (!fpu_stack_fault(0))
            return;
        fpu_set_indefinite(i);
        env->fpstt = t;
        fpu_set_indefinite(t);
        return;
    }
    if (!env->fptags[t]) {
        if (!fpu_stack_fault(1))
            return;
        fpu_set_indefinite(i);
        env->fpstt = t;
        fpu_set_indefinite(t);
        return;
    }
    if (is_sincos)
        asm volatile("fldt %3\n\t"
                     "fsincos\n\t"
                     "fnstsw %%ax\n\t"
                     "testb $4, %%ah\n\t"
                     "jnz 1f\n\t"
                     "fstpt %1\n"
                     "1:\tfstpt %0"
                     : "=m"(lo), "=m"(hi), "=a"(sw) : "m"(lo));
    else
        asm volatile("fldt %3\n\t"
                     "fptan\n\t"
                     "fnstsw %%ax\n\t"
                     "testb $4, %%ah\n\t"
                     "jnz 1f\n\t"
                     "fstpt %1\n"
                     "1:\tfstpt %0"
                     : "=m"(lo), "=m"(hi), "=a"(sw) : "m"(lo));
    env->fpus = (env->fpus & ~(FPUS_C1 | FPUS_C2)) | (sw & (FPUS_C1 | FPUS_C2));
    env->fpregs[i] = lo;
    if (!(sw & FPUS_C2)) {
        env->fpregs[t] = hi;
        env->fptags[t] = 0;
        env->fpstt = t;
    }
}

void helper_fptan(void)
{
    fpu_push_pair(0);
}

void helper_fsincos(void)
{
    fpu_push_pair(1);
}

/* st1 = exponent, st0 = significand */
void helper_fxtract(void)
{
    unsigned int i = env->fpstt, t = (i - 1) & 7;
    long double sig, exp;
    uint16_t sw;

    if (env->fptags[i] || !env->fptags[t]) {
        if (!fpu_stack_fault(!env->fptags[i]))
            return;
        fpu_set_indefinite(i);
        env->fpstt = t;
        fpu_set_indefinite(t);
        return;
    }
    asm("fxtract\n\tfnstsw %%ax" : "=t"(sig), "=u"(exp), "=a"(sw) : "0"(env->fpregs[i]));
    env->fpus = (env->fpus & ~FPUS_C1) | (sw & FPUS_C1);
    env->fpregs[i] = exp;
    env->fpregs[t] = sig;
    env->fptags[t] = 0;
    env->fpstt = t;
}

/* st0 = st0 op st1: fscale sets C1, fprem and fprem1 C0 C1 C2 C3 */
void helper_fbinary(int op)
{
    unsigned int i = env->fpstt, j = (i + 1) & 7;
    long double r, a = env->fpregs[i], b = env->fpregs[j];
    uint16_t sw, mask = FPUS_C1;

    if (env->fptags[i] || env->fptags[j]) {
        helper_fpu_underflow(i);
        return;
    }
    /* an invalid operand leaves C0-C3 alone: tell it by the host's IE */
    fpu_fold_flags();
    switch (op) {
    case FBIN_FSCALE:
        asm("fscale\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(a), "u"(b));
        break;
    case FBIN_FPREM:
        asm("fprem\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(a), "u"(b));
        mask = FPUS_CC;
        break;
    default:
        asm("fprem1\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(a), "u"(b));
        mask = FPUS_CC;
        break;
    }
    if (sw & FPUS_IE)
        mask = 0;
    env->fpregs[i] = r;
    env->fpus = (env->fpus & ~mask) | (sw & mask);
}

/* st1 = st1 op st0, then pop */
void helper_fbinary_pop(int op)
{
    unsigned int i = env->fpstt, j = (i + 1) & 7;
    long double r, x = env->fpregs[i], y = env->fpregs[j];
    uint16_t sw;

    if (env->fptags[i] || env->fptags[j]) {
        if (!fpu_stack_fault(0))
            return;
        fpu_set_indefinite(j);
    } else {
        switch (op) {
        case FBIN_FPATAN:
            asm("fpatan\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(x), "u"(y) : "st(1)");
            break;
        case FBIN_FYL2X:
            asm("fyl2x\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(x), "u"(y) : "st(1)");
            break;
        default:
            asm("fyl2xp1\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(x), "u"(y) : "st(1)");
            break;
        }
        env->fpregs[j] = r;
        env->fpus = (env->fpus & ~FPUS_C1) | (sw & FPUS_C1);
    }
    env->fptags[i] = 1;
    env->fpstt = j;
}
