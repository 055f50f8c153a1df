/*
 * C helpers of the i386 CPU: lazy flag computation, exceptions, and the
 * instructions too long or too rare to be micro-ops (divides, BCD, cpuid,
 * segment loads, rep string loops).  Compiled with the global register
 * variables of exec-i386.h: helpers see the same env, T0, T1, A0 as ops.
 * Functions called from outside the CPU swap env in and out themselves.
 */
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>
#include "exec-i386.h"
#include "exec-all.h"

#define P2(n) n, n ^ CC_P, n ^ CC_P, n
#define P4(n) P2(n), P2(n ^ CC_P), P2(n ^ CC_P), P2(n)
#define P6(n) P4(n), P4(n ^ CC_P), P4(n ^ CC_P), P4(n)
const uint8_t parity_table[256] = { P6(CC_P), P6(0), P6(0), P6(CC_P) };

static uint32_t compute_c_zero(void) { return 0; }
static uint32_t compute_c_incdec(void) { return CC_SRC; }
static uint32_t compute_c_sar(void) { return CC_SRC & CC_C; }
static uint32_t compute_c_mul(void) { return CC_SRC != 0; }

#define SHIFT 0
#include "cc_template.h"
#define SHIFT 1
#include "cc_template.h"
#define SHIFT 2
#include "cc_template.h"

static uint32_t compute_all_eflags(void)
{
    return CC_SRC & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
}

static uint32_t compute_c_eflags(void)
{
    return CC_SRC & CC_C;
}

typedef struct CCTable {
    uint32_t (*compute_all)(void);
    uint32_t (*compute_c)(void);
} CCTable;

#define CC_SIZES(op, c) \
    { compute_all_ ## op ## b, c ## b }, \
    { compute_all_ ## op ## w, c ## w }, \
    { compute_all_ ## op ## l, c ## l }
#define CC_SIZES1(op, c) \
    { compute_all_ ## op ## b, c }, \
    { compute_all_ ## op ## w, c }, \
    { compute_all_ ## op ## l, c }

static const CCTable cc_table[CC_OP_NB] = {
    [CC_OP_DYNAMIC] = { NULL, NULL },
    [CC_OP_EFLAGS] = { compute_all_eflags, compute_c_eflags },
    CC_SIZES1(mul, compute_c_mul),
    CC_SIZES(add, compute_c_add),
    CC_SIZES(adc, compute_c_adc),
    CC_SIZES(sub, compute_c_sub),
    CC_SIZES(sbb, compute_c_sbb),
    CC_SIZES1(logic, compute_c_zero),
    CC_SIZES1(inc, compute_c_incdec),
    CC_SIZES1(dec, compute_c_incdec),
    CC_SIZES(shl, compute_c_shl),
    CC_SIZES1(sar, compute_c_sar),
};

uint32_t cc_compute_all(void)
{
    return cc_table[CC_OP].compute_all();
}

uint32_t cc_compute_c(void)
{
    return cc_table[CC_OP].compute_c();
}

/* exceptions: unwind to cpu_x86_exec */

void cpu_loop_exit(void)
{
    regs_to_env();
    longjmp(env->jmp_env, 1);
}

void raise_interrupt(int intno, int is_int, int error_code, uint32_t next_eip)
{
    env->exception_index = intno;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    env->exception_next_eip = next_eip;
    cpu_loop_exit();
}

void raise_exception_err(int exception_index, int error_code)
{
    raise_interrupt(exception_index, 0, error_code, 0);
}

void raise_exception(int exception_index)
{
    raise_interrupt(exception_index, 0, 0, 0);
}

/* divides: #DE on a zero divisor or a quotient that does not fit */

void helper_divb_AL(uint32_t divisor)
{
    uint32_t num = EAX & 0xffff, den = divisor & 0xff, q;
    if (den == 0)
        raise_exception(EXCP00_DIVZ);
    q = num / den;
    if (q > 0xff)
        raise_exception(EXCP00_DIVZ);
    EAX = (EAX & 0xffff0000) | ((num % den) << 8) | q;
}

void helper_idivb_AL(uint32_t divisor)
{
    int32_t num = (int16_t)EAX, den = (int8_t)divisor, q;
    if (den == 0)
        raise_exception(EXCP00_DIVZ);
    q = num / den;
    if (q != (int8_t)q)
        raise_exception(EXCP00_DIVZ);
    EAX = (EAX & 0xffff0000) | (((num % den) & 0xff) << 8) | (q & 0xff);
}

void helper_divw_AX(uint32_t divisor)
{
    uint32_t num = ((EDX & 0xffff) << 16) | (EAX & 0xffff);
    uint32_t den = divisor & 0xffff, q;
    if (den == 0)
        raise_exception(EXCP00_DIVZ);
    q = num / den;
    if (q > 0xffff)
        raise_exception(EXCP00_DIVZ);
    EAX = (EAX & 0xffff0000) | q;
    EDX = (EDX & 0xffff0000) | (num % den);
}

void helper_idivw_AX(uint32_t divisor)
{
    int32_t num = (int32_t)(((EDX & 0xffff) << 16) | (EAX & 0xffff));
    int32_t den = (int16_t)divisor, q;
    if (den == 0)
        raise_exception(EXCP00_DIVZ);
    if (den == -1 && num == INT32_MIN)
        raise_exception(EXCP00_DIVZ);
    q = num / den;
    if (q != (int16_t)q)
        raise_exception(EXCP00_DIVZ);
    EAX = (EAX & 0xffff0000) | (q & 0xffff);
    EDX = (EDX & 0xffff0000) | ((num % den) & 0xffff);
}

void helper_divl_EAX(uint32_t divisor)
{
    uint64_t num = ((uint64_t)EDX << 32) | EAX, q;
    if (divisor == 0)
        raise_exception(EXCP00_DIVZ);
    q = num / divisor;
    if (q > 0xffffffff)
        raise_exception(EXCP00_DIVZ);
    EAX = q;
    EDX = num % divisor;
}

void helper_idivl_EAX(uint32_t divisor)
{
    int64_t num = (int64_t)(((uint64_t)EDX << 32) | EAX), q;
    int32_t den = divisor;
    if (den == 0)
        raise_exception(EXCP00_DIVZ);
    if (den == -1 && num == INT64_MIN)
        raise_exception(EXCP00_DIVZ);
    q = num / den;
    if (q != (int32_t)q)
        raise_exception(EXCP00_DIVZ);
    EAX = q;
    EDX = num % den;
}

/* BCD adjustments; the flags they leave undefined come out as the logic
   flags of the result */

static void set_al_flags(uint32_t al, uint32_t cf, uint32_t af)
{
    EAX = (EAX & ~0xff) | (al & 0xff);
    CC_SRC = cf | af | parity_table[al & 0xff] | ((al & 0xff) == 0 ? CC_Z : 0) |
             (al & 0x80);
    CC_OP = CC_OP_EFLAGS;
}

void helper_daa(void)
{
    uint32_t eflags = cc_compute_all();
    uint32_t al = EAX & 0xff, old_al = al, cf = 0, af = 0;
    if ((al & 0x0f) > 9 || (eflags & CC_A)) {
        al += 6;
        af = CC_A;
    }
    if (old_al > 0x99 || (eflags & CC_C)) {
        al += 0x60;
        cf = CC_C;
    }
    set_al_flags(al, cf, af);
}

void helper_das(void)
{
    uint32_t eflags = cc_compute_all();
    uint32_t al = EAX & 0xff, old_al = al, cf = 0, af = 0;
    if ((al & 0x0f) > 9 || (eflags & CC_A)) {
        cf = (eflags & CC_C) || al < 6;
        al -= 6;
        af = CC_A;
    }
    if (old_al > 0x99 || (eflags & CC_C)) {
        al -= 0x60;
        cf = CC_C;
    }
    set_al_flags(al, cf, af);
}

void helper_aaa(void)
{
    uint32_t eflags = cc_compute_all();
    uint32_t al = EAX & 0xff, ah = (EAX >> 8) & 0xff, cf = 0, af = 0;
    if ((al & 0x0f) > 9 || (eflags & CC_A)) {
        al += 6;
        ah += 1 + (al >> 8);
        cf = CC_C;
        af = CC_A;
    }
    EAX = (EAX & ~0xffff) | ((ah & 0xff) << 8);
    set_al_flags(al & 0x0f, cf, af);
}

void helper_aas(void)
{
    uint32_t eflags = cc_compute_all();
    uint32_t al = EAX & 0xff, ah = (EAX >> 8) & 0xff, cf = 0, af = 0;
    if ((al & 0x0f) > 9 || (eflags & CC_A)) {
        ah -= 1 + (al < 6);
        al -= 6;
        cf = CC_C;
        af = CC_A;
    }
    EAX = (EAX & ~0xffff) | ((ah & 0xff) << 8);
    set_al_flags(al & 0x0f, cf, af);
}

void helper_aam(uint32_t base)
{
    uint32_t al = EAX & 0xff;
    if (base == 0)
        raise_exception(EXCP00_DIVZ);
    EAX = (EAX & ~0xffff) | ((al / base) << 8);
    set_al_flags(al % base, 0, 0);
}

void helper_aad(uint32_t base)
{
    uint32_t al = (EAX + ((EAX >> 8) & 0xff) * base) & 0xff;
    EAX = EAX & ~0xffff;
    set_al_flags(al, 0, 0);
}

/* identity and time */

void helper_cpuid(void)
{
    switch (EAX) {
    case 0:
        EAX = env->cpuid_level;
        EBX = env->cpuid_vendor[0];
        EDX = env->cpuid_vendor[1];
        ECX = env->cpuid_vendor[2];
        break;
    case 1:
        EAX = env->cpuid_version;
        EBX = 0;
        ECX = 0;
        EDX = env->cpuid_features;
        break;
    default:
        EAX = EBX = ECX = EDX = 0;
        break;
    }
}

void helper_rdtsc(void)
{
    uint64_t tsc = __rdtsc();
    EAX = tsc;
    EDX = tsc >> 32;
}

/* memory helpers: the translator saved eip and cc_op before the call, so
   a fault inside them is precise */

void helper_cmpxchg8b(void)
{
    uint64_t cmp = ((uint64_t)EDX << 32) | EAX, d = cmp;
    uint64_t val = ((uint64_t)ECX << 32) | EBX;
    uint32_t eflags = cc_compute_all();
    int equal;

    if (!(env->hflags & HF_SOFTMMU_MASK)) {
        /* user mode: atomic against the other guest threads */
        equal = __atomic_compare_exchange_n((uint64_t *)GUEST_PTR(A0), &d, val, 0,
                                            __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    } else {
        d = ldq_data(A0);
        equal = d == cmp;
        stq_data(A0, equal ? val : d);
    }
    if (equal) {
        eflags |= CC_Z;
    } else {
        EDX = d >> 32;
        EAX = d;
        eflags &= ~CC_Z;
    }
    CC_SRC = eflags;
    CC_OP = CC_OP_EFLAGS;
}

void helper_bound_w(void)
{
    int32_t low = (int16_t)lduw_data(A0), high = (int16_t)lduw_data(A0 + 2);
    int32_t v = (int16_t)T0;
    if (v < low || v > high)
        raise_exception(EXCP05_BOUND);
}

void helper_bound_l(void)
{
    int32_t low = ldl_data(A0), high = ldl_data(A0 + 4);
    int32_t v = T0;
    if (v < low || v > high)
        raise_exception(EXCP05_BOUND);
}

/* enter with a nesting level: esp_addend is the frame size, level_data32
   holds the level (0-31) and bit 8 set for a 32-bit operand size */
void helper_enter(uint32_t esp_addend, uint32_t level_data32)
{
    int level = level_data32 & 0x1f, data32 = (level_data32 >> 8) & 1;
    int size = data32 ? 4 : 2;
    uint32_t ss_base = env->segs[R_SS].base;
    uint32_t sp_mask = (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffff : 0xffff;
    uint32_t esp = ESP, ebp = EBP, frame;

#define PUSH(v) do {                                            \
        esp -= size;                                            \
        if (data32)                                             \
            stl_data(ss_base + (esp & sp_mask), (v));           \
        else                                                    \
            stw_data(ss_base + (esp & sp_mask), (v));           \
    } while (0)

    PUSH(ebp);
    frame = esp;
    if (level) {
        for (int i = 1; i < level; i++) {
            ebp -= size;
            PUSH(data32 ? ldl_data(ss_base + (ebp & sp_mask))
                        : lduw_data(ss_base + (ebp & sp_mask)));
        }
        PUSH(frame);
    }
#undef PUSH
    esp -= esp_addend;
    if (data32) {
        EBP = (EBP & ~sp_mask) | (frame & sp_mask);
    } else {
        EBP = (EBP & ~0xffff) | (frame & 0xffff);
    }
    ESP = (ESP & ~sp_mask) | (esp & sp_mask);
}

/* flags register */

static uint32_t compute_eflags(void)
{
    return env->eflags | cc_compute_all() | (DF < 0 ? DF_MASK : 0);
}

static void load_eflags(uint32_t eflags, uint32_t update_mask)
{
    CC_SRC = eflags & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    CC_OP = CC_OP_EFLAGS;
    DF = (eflags & DF_MASK) ? -1 : 1;
    update_mask &= ~(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK);
    env->eflags = (env->eflags & ~update_mask) | (eflags & update_mask) | 2;
}

void helper_pushf(void)
{
    T0 = compute_eflags() & ~(VM_MASK | RF_MASK);
}

void helper_popf(uint32_t update_mask)
{
    load_eflags(T0, update_mask);
}

void helper_lahf(void)
{
    uint32_t f = cc_compute_all() & (CC_S | CC_Z | CC_A | CC_P | CC_C);
    EAX = (EAX & 0xffff00ff) | ((f | 2) << 8);
}

void helper_sahf(void)
{
    uint32_t ah = (EAX >> 8) & (CC_S | CC_Z | CC_A | CC_P | CC_C);
    CC_SRC = (cc_compute_all() & CC_O) | ah;
    CC_OP = CC_OP_EFLAGS;
}

/* segments */

static void update_seg_hflags(void)
{
    uint32_t hf = env->hflags & ~(HF_CS32_MASK | HF_SS32_MASK | HF_ADDSEG_MASK);
    if (env->segs[R_CS].flags & DESC_B_MASK)
        hf |= HF_CS32_MASK;
    if (env->segs[R_SS].flags & DESC_B_MASK)
        hf |= HF_SS32_MASK;
    if (!(hf & HF_PE_MASK) || (env->eflags & VM_MASK) ||
        (env->segs[R_DS].base | env->segs[R_ES].base | env->segs[R_SS].base))
        hf |= HF_ADDSEG_MASK;
    env->hflags = hf;
}

static void load_seg_cache(int seg_reg, uint32_t selector, uint32_t base,
                           uint32_t limit, uint32_t flags)
{
    SegmentCache *sc = &env->segs[seg_reg];
    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    update_seg_hflags();
}

/* read the descriptor of a selector; returns -1 if beyond the table */
static int load_descriptor(uint32_t selector, uint32_t *e1, uint32_t *e2)
{
    SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
    uint32_t index = selector & ~7;
    if (index + 7 > dt->limit)
        return -1;
    *e1 = ldl_sys(dt->base + index);
    *e2 = ldl_sys(dt->base + index + 4);
    return 0;
}

static uint32_t desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000);
}

static uint32_t desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000);
    if (e2 & DESC_G_MASK)
        limit = (limit << 12) | 0xfff;
    return limit;
}

void helper_load_seg(int seg_reg, uint32_t selector)
{
    uint32_t e1, e2;
    int cpl, dpl, rpl;

    selector &= 0xffff;
    if (!(env->hflags & HF_PE_MASK) || (env->eflags & VM_MASK)) {
        load_seg_cache(seg_reg, selector, selector << 4, 0xffff,
                       DESC_P_MASK | DESC_S_MASK | DESC_W_MASK);
        return;
    }
    if ((selector & 0xfffc) == 0) {
        if (seg_reg == R_SS)
            raise_exception_err(EXCP0D_GPF, 0);
        load_seg_cache(seg_reg, selector, 0, 0, 0);
        return;
    }
    if (load_descriptor(selector, &e1, &e2) < 0)
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    cpl = env->hflags & HF_CPL_MASK;
    rpl = selector & 3;
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (!(e2 & DESC_S_MASK))
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    if (seg_reg == R_SS) {
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK) || rpl != cpl || dpl != cpl)
            raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    } else {
        if ((e2 & (DESC_CS_MASK | DESC_R_MASK)) == DESC_CS_MASK)
            raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
        /* data and non-conforming code need dpl >= max(cpl, rpl) */
        if ((!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) &&
            (dpl < cpl || dpl < rpl))
            raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    }
    if (!(e2 & DESC_P_MASK))
        raise_exception_err(seg_reg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                            selector & 0xfffc);
    if (!(e2 & DESC_A_MASK)) {
        SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
        e2 |= DESC_A_MASK;
        stl_sys(dt->base + (selector & ~7) + 4, e2);
    }
    load_seg_cache(seg_reg, selector, desc_base(e1, e2), desc_limit(e1, e2), e2);
}

/* The bulk of a rep run, as the host's own rep movs/stos rather than
   libc: a fault in there must find the guest registers that live in host
   registers (EAX, ESP) untouched, which only code compiled with
   exec-i386.h guarantees.  A run never has its destination inside its
   source ahead of it, so forward order is right. */
static void copy_forward(uint32_t dst, uint32_t src, uint32_t bytes)
{
    void *d = GUEST_PTR(dst), *s = GUEST_PTR(src);
    size_t n = bytes;
    asm volatile ("rep movsb" : "+D" (d), "+S" (s), "+c" (n) : : "memory");
}

/* n elements of 1 << shift bytes */
static void fill(uint32_t dst, uint32_t v, uint32_t n, int shift)
{
    void *d = GUEST_PTR(dst);
    size_t c = n;
    if (shift == 0)
        asm volatile ("rep stosb" : "+D" (d), "+c" (c) : "a" (v) : "memory");
    else if (shift == 1)
        asm volatile ("rep stosw" : "+D" (d), "+c" (c) : "a" (v) : "memory");
    else
        asm volatile ("rep stosl" : "+D" (d), "+c" (c) : "a" (v) : "memory");
}

/* rep movs and rep stos in user mode with DF clear and 32-bit addresses
   (guest memory is host memory) go a run at a time.  A run stays inside
   one source and one destination page, and its first element is done
   alone: a fault there leaves ECX, ESI and EDI exact, and once both pages
   have been touched the rest of the run cannot fault.  A movs whose
   destination starts less than a run after its source copies at most that
   distance per run, which is what the element-by-element copy does.
   Returns 0 when no run of two elements or more fits. */
static int rep_run(int kind, int shift, uint32_t src_base, uint32_t dst_base)
{
    uint32_t size = 1u << shift, dst = dst_base + EDI, src = src_base + ESI;
    uint32_t room = TARGET_PAGE_SIZE - (dst & ~TARGET_PAGE_MASK);
    uint32_t n, bytes;

    if (kind == STR_MOVS) {
        uint32_t dist = dst - src;
        if (TARGET_PAGE_SIZE - (src & ~TARGET_PAGE_MASK) < room)
            room = TARGET_PAGE_SIZE - (src & ~TARGET_PAGE_MASK);
        if (dist != 0 && dist < room)
            room = dist;
    }
    n = room >> shift;
    if (n > ECX)
        n = ECX;
    if (n < 2)
        return 0;
    bytes = n << shift;
    if (kind == STR_MOVS) {
        if (shift == 0)
            stb_raw(dst, ldub_raw(src));
        else if (shift == 1)
            stw_raw(dst, lduw_raw(src));
        else
            stl_raw(dst, ldl_raw(src));
        copy_forward(dst + size, src + size, bytes - size);
        ESI += bytes;
    } else {
        fill(dst, EAX, 1, shift);
        fill(dst + size, EAX, n - 1, shift);
    }
    EDI += bytes;
    ECX -= n;
    return 1;
}

/* rep string instructions run as a loop in C, one element at a time, so
   that a fault or an interrupt leaves ESI, EDI and ECX exact.  Returns 1
   when interrupted before the end (the instruction is restarted). */
uint32_t helper_rep_string(uint32_t op)
{
    int shift = (op >> STR_OP_SHIFT) & 3;
    int kind = (op >> STR_KIND_SHIFT) & 7;
    uint32_t amask = (op & STR_A16) ? 0xffff : 0xffffffff;
    uint32_t src_base = env->segs[(op >> STR_SEG_SHIFT) & 7].base;
    uint32_t dst_base = env->segs[R_ES].base;
    uint32_t step = (uint32_t)DF << shift;
    uint32_t dmask = shift == 2 ? 0xffffffff : (1u << (8 << shift)) - 1;
    uint32_t v, w;
    int bulk = (kind == STR_MOVS || kind == STR_STOS) && DF == 1 &&
               !(op & (STR_A16 | STR_ONCE)) && !(env->hflags & HF_SOFTMMU_MASK);

#define LD(a) (shift == 0 ? ldub_data(a) : shift == 1 ? lduw_data(a) : ldl_data(a))
#define STORE(a, x) do {                                   \
        if (shift == 0) stb_data(a, x);                 \
        else if (shift == 1) stw_data(a, x);            \
        else stl_data(a, x);                            \
    } while (0)
#define SRC (src_base + (ESI & amask))
#define DST (dst_base + (EDI & amask))
#define STEP(r) (r = (r & ~amask) | ((r + step) & amask))

    while ((op & STR_ONCE) || (ECX & amask)) {
        if (unlikely(env->interrupt_request & CPU_INTERRUPT_EXIT))
            return 1;
        if (bulk && rep_run(kind, shift, src_base, dst_base))
            continue;
        switch (kind) {
        case STR_MOVS:
            STORE(DST, LD(SRC));
            STEP(ESI);
            STEP(EDI);
            break;
        case STR_STOS:
            STORE(DST, EAX);
            STEP(EDI);
            break;
        case STR_LODS:
            v = LD(SRC);
            EAX = (EAX & ~dmask) | v;
            STEP(ESI);
            break;
        case STR_SCAS:
            v = LD(DST);
            CC_SRC = v;
            CC_DST = EAX - v;
            CC_OP = CC_OP_SUBB + shift;
            STEP(EDI);
            break;
        case STR_CMPS:
            v = LD(SRC);
            w = LD(DST);
            CC_SRC = w;
            CC_DST = v - w;
            CC_OP = CC_OP_SUBB + shift;
            STEP(ESI);
            STEP(EDI);
            break;
        case STR_INS:
            /* the write is probed before the port is read */
            STORE(DST, LD(DST));
            STORE(DST, helper_in(EDX, shift));
            STEP(EDI);
            break;
        default: /* STR_OUTS */
            helper_out(EDX, LD(SRC), shift);
            STEP(ESI);
            break;
        }
        if (op & STR_ONCE)
            return 0;
        ECX = (ECX & ~amask) | ((ECX - 1) & amask);
        if ((op & STR_REPZ) && (CC_DST & dmask) != 0)
            break;
        if ((op & STR_REPNZ) && (CC_DST & dmask) == 0)
            break;
    }
#undef LD
#undef STORE
#undef SRC
#undef DST
#undef STEP
    return 0;
}

/* the CPU seen from outside: these run with someone else's env register */

CPUX86State *cpu_x86_init(void)
{
    static int inited;
    CPUX86State *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    if (!inited) {
        inited = 1;
        optimize_flags_init();
        optimize_moves_init();
    }
    s->eflags = 2;
    s->df = 1;
    s->cc_op = CC_OP_EFLAGS;
    s->fpuc = 0x37f;
    memset(s->fptags, 1, sizeof(s->fptags));
    s->cr[0] = CR0_ET_MASK;
    s->a20_mask = 0xffffffff;
    s->cpuid_level = 1;
    s->cpuid_vendor[0] = 0x756e6547; /* "Genu" */
    s->cpuid_vendor[1] = 0x49656e69; /* "ineI" */
    s->cpuid_vendor[2] = 0x6c65746e; /* "ntel" */
    s->cpuid_version = (6 << 8) | (3 << 4) | 3; /* a Pentium II */
    s->cpuid_features = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15); /* FPU TSC CX8 CMOV */
    s->exception_index = -1;
    s->old_exception = -1;
    tlb_flush(s);
    return s;
}

void cpu_x86_close(CPUX86State *s)
{
    free(s);
}

uint32_t cpu_compute_eflags(CPUX86State *s)
{
    CPUX86State *saved_env = env;
    uint32_t eflags;
    env = s;
    eflags = compute_eflags();
    env = saved_env;
    return eflags;
}

void cpu_load_eflags(CPUX86State *s, uint32_t eflags, uint32_t update_mask)
{
    CPUX86State *saved_env = env;
    env = s;
    load_eflags(eflags, update_mask);
    /* outside cpu_x86_exec eflags is whole: the next entry reads it */
    s->eflags = (s->eflags & ~(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK)) |
                (eflags & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK));
    env = saved_env;
}

/* outside the CPU loop a bad selector is reported, not raised */
void cpu_x86_load_seg(CPUX86State *s, int seg_reg, int selector)
{
    CPUX86State *saved_env = env;
    jmp_buf saved_jmp;
    /* cpu_loop_exit stores the register variables, which hold nothing of
       s out here */
    uint32_t eax = s->regs[R_EAX], esp = s->regs[R_ESP];
    env = s;
    memcpy(saved_jmp, s->jmp_env, sizeof(jmp_buf));
    if (setjmp(s->jmp_env) == 0) {
        helper_load_seg(seg_reg, selector);
    } else {
        load_seg_cache(seg_reg, 0, 0, 0, 0);
        s->regs[R_EAX] = eax;
        s->regs[R_ESP] = esp;
    }
    memcpy(s->jmp_env, saved_jmp, sizeof(jmp_buf));
    env = saved_env;
}

static const char *const cc_op_names[CC_OP_NB] = {
    "DYNAMIC", "EFLAGS", "MULB", "MULW", "MULL", "ADDB", "ADDW", "ADDL",
    "ADCB", "ADCW", "ADCL", "SUBB", "SUBW", "SUBL", "SBBB", "SBBW", "SBBL",
    "LOGICB", "LOGICW", "LOGICL", "INCB", "INCW", "INCL", "DECB", "DECW",
    "DECL", "SHLB", "SHLW", "SHLL", "SARB", "SARW", "SARL",
};

void cpu_x86_dump_state(CPUX86State *s, FILE *f, int flags)
{
    static const char seg_name[6][3] = { "ES", "CS", "SS", "DS", "FS", "GS" };
    uint32_t eflags = cpu_compute_eflags(s);

    fprintf(f, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
            "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
            "EIP=%08x EFL=%08x [%c%c%c%c%c%c%c] CPL=%d\n",
            s->regs[R_EAX], s->regs[R_EBX], s->regs[R_ECX], s->regs[R_EDX],
            s->regs[R_ESI], s->regs[R_EDI], s->regs[R_EBP], s->regs[R_ESP],
            s->eip, eflags,
            eflags & DF_MASK ? 'D' : '-', eflags & CC_O ? 'O' : '-',
            eflags & CC_S ? 'S' : '-', eflags & CC_Z ? 'Z' : '-',
            eflags & CC_A ? 'A' : '-', eflags & CC_P ? 'P' : '-',
            eflags & CC_C ? 'C' : '-', s->hflags & HF_CPL_MASK);
    for (int i = 0; i < 6; i++)
        fprintf(f, "%s =%04x %08x %08x %08x\n", seg_name[i], s->segs[i].selector,
                s->segs[i].base, s->segs[i].limit, s->segs[i].flags);
    if (flags & X86_DUMP_CCOP)
        fprintf(f, "CCS=%08x CCD=%08x CCO=%-8s\n", s->cc_src, s->cc_dst,
                s->cc_op < CC_OP_NB ? cc_op_names[s->cc_op] : "?");
    if (flags & X86_DUMP_FPU) {
        fprintf(f, "FPUS=%04x FPUC=%04x TOP=%d\n", s->fpus, s->fpuc, s->fpstt);
        for (int i = 0; i < 8; i++)
            fprintf(f, "ST%d=%.20Lg%s\n", i, s->fpregs[(s->fpstt + i) & 7],
                    s->fptags[(s->fpstt + i) & 7] ? " (empty)" : "");
    }
}

/* ring 0: interrupts through the IDT, far transfers, system registers.
   The system emulator runs Linux on these; in user mode they are never
   reached (the translator raises #GP for them at CPL 3). */

static int cpl(void)
{
    return env->hflags & HF_CPL_MASK;
}

static void set_cpl(int new_cpl)
{
    env->hflags = (env->hflags & ~HF_CPL_MASK) | new_cpl;
}

/* the stack of privilege level dpl, from the TSS */
static void get_ss_esp_from_tss(uint32_t *ss, uint32_t *esp, int dpl)
{
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    int shift = type >> 3; /* 1: a 32-bit TSS */
    uint32_t index = (dpl * 4 + 2) << shift;

    if (!(env->tr.flags & DESC_P_MASK) || index + (4 << shift) - 1 > env->tr.limit)
        raise_exception_err(EXCP0A_TSS, env->tr.selector & 0xfffc);
    if (shift) {
        *esp = ldl_sys(env->tr.base + index);
        *ss = lduw_sys(env->tr.base + index + 4);
    } else {
        *esp = lduw_sys(env->tr.base + index);
        *ss = lduw_sys(env->tr.base + index + 2);
    }
}

/* a stack for pushes and pops outside the translated code */
typedef struct Stack {
    uint32_t base, mask, sp;
} Stack;

static void push32(Stack *st, uint32_t v)
{
    st->sp -= 4;
    stl_sys(st->base + (st->sp & st->mask), v);
}

static void push16(Stack *st, uint32_t v)
{
    st->sp -= 2;
    stw_sys(st->base + (st->sp & st->mask), v);
}

static uint32_t pop32(Stack *st)
{
    uint32_t v = ldl_sys(st->base + (st->sp & st->mask));
    st->sp += 4;
    return v;
}

static uint32_t pop16(Stack *st)
{
    uint32_t v = lduw_sys(st->base + (st->sp & st->mask));
    st->sp += 2;
    return v;
}

static void push(Stack *st, int shift, uint32_t v)
{
    shift ? push32(st, v) : push16(st, v);
}

static uint32_t pop(Stack *st, int shift)
{
    return shift ? pop32(st) : pop16(st);
}

static uint32_t desc_sp_mask(uint32_t e2)
{
    return (e2 & DESC_B_MASK) ? 0xffffffff : 0xffff;
}

static void set_esp(uint32_t sp, uint32_t mask)
{
    ESP = (ESP & ~mask) | (sp & mask);
}

/* exceptions that push an error code */
static int has_error_code(int intno)
{
    return intno == EXCP08_DBLE || (intno >= EXCP0A_TSS && intno <= EXCP0E_PAGE) ||
           intno == EXCP11_ALGN;
}

static void do_interrupt_protected(int intno, int is_int, int error_code,
                                   uint32_t next_eip, int is_hw)
{
    uint32_t e1, e2, gate1, gate2, selector, offset, ss = 0, esp, old_eflags;
    int type, dpl, shift, new_stack;
    Stack st;

    if ((uint32_t)intno * 8 + 7 > env->idt.limit)
        raise_exception_err(EXCP0D_GPF, intno * 8 + 2);
    gate1 = ldl_sys(env->idt.base + intno * 8);
    gate2 = ldl_sys(env->idt.base + intno * 8 + 4);
    type = (gate2 >> DESC_TYPE_SHIFT) & 0x1f;
    if (type != 6 && type != 7 && type != 14 && type != 15) /* no task gates */
        raise_exception_err(EXCP0D_GPF, intno * 8 + 2);
    dpl = (gate2 >> DESC_DPL_SHIFT) & 3;
    if (is_int && dpl < cpl())
        raise_exception_err(EXCP0D_GPF, intno * 8 + 2);
    if (!(gate2 & DESC_P_MASK))
        raise_exception_err(EXCP0B_NOSEG, intno * 8 + 2);
    selector = gate1 >> 16;
    offset = (gate2 & 0xffff0000) | (gate1 & 0xffff);
    if ((selector & 0xfffc) == 0 || load_descriptor(selector, &e1, &e2) < 0 ||
        !(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK))
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (dpl > cpl())
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    if (!(e2 & DESC_P_MASK))
        raise_exception_err(EXCP0B_NOSEG, selector & 0xfffc);

    uint32_t ss_e1 = 0, ss_e2 = 0;
    if (!(e2 & DESC_C_MASK) && dpl < cpl()) {
        /* to an inner privilege level: the stack comes from the TSS */
        get_ss_esp_from_tss(&ss, &esp, dpl);
        if ((ss & 0xfffc) == 0 || (int)(ss & 3) != dpl ||
            load_descriptor(ss, &ss_e1, &ss_e2) < 0 ||
            (int)((ss_e2 >> DESC_DPL_SHIFT) & 3) != dpl || !(ss_e2 & DESC_S_MASK) ||
            (ss_e2 & DESC_CS_MASK) || !(ss_e2 & DESC_W_MASK))
            raise_exception_err(EXCP0A_TSS, ss & 0xfffc);
        if (!(ss_e2 & DESC_P_MASK))
            raise_exception_err(EXCP0A_TSS, ss & 0xfffc);
        new_stack = 1;
        st = (Stack){ desc_base(ss_e1, ss_e2), desc_sp_mask(ss_e2), esp };
    } else if ((e2 & DESC_C_MASK) || dpl == cpl()) {
        if (env->eflags & VM_MASK)
            raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
        new_stack = 0;
        dpl = cpl();
        st = (Stack){ env->segs[R_SS].base, desc_sp_mask(env->segs[R_SS].flags), ESP };
    } else {
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    }

    shift = type >> 3;
    old_eflags = compute_eflags();
    if (new_stack) {
        push(&st, shift, env->segs[R_SS].selector);
        push(&st, shift, ESP);
    }
    push(&st, shift, old_eflags);
    push(&st, shift, env->segs[R_CS].selector);
    push(&st, shift, is_int ? next_eip : env->eip);
    if (!is_int && !is_hw && has_error_code(intno))
        push(&st, shift, error_code);

    if (new_stack) {
        load_seg_cache(R_SS, (ss & ~3) | dpl, desc_base(ss_e1, ss_e2),
                       desc_limit(ss_e1, ss_e2), ss_e2);
    }
    set_esp(st.sp, st.mask);
    set_cpl(dpl);
    load_seg_cache(R_CS, (selector & ~3) | dpl, desc_base(e1, e2), desc_limit(e1, e2), e2);
    env->eip = offset;
    /* an interrupt gate also closes interrupts */
    if (!(type & 1))
        env->eflags &= ~IF_MASK;
    env->eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
}

/* real mode: the vector table at address 0 */
static void do_interrupt_real(int intno, int is_int, uint32_t next_eip)
{
    Stack st = { env->segs[R_SS].base, 0xffff, ESP };
    uint32_t vec;

    if ((uint32_t)intno * 4 + 3 > env->idt.limit)
        raise_exception_err(EXCP0D_GPF, intno * 8 + 2);
    vec = ldl_sys(env->idt.base + intno * 4);
    push16(&st, compute_eflags());
    push16(&st, env->segs[R_CS].selector);
    push16(&st, is_int ? next_eip : env->eip);
    set_esp(st.sp, 0xffff);
    env->eip = vec & 0xffff;
    load_seg_cache(R_CS, vec >> 16, (vec >> 16) << 4, 0xffff, env->segs[R_CS].flags);
    env->eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

void do_interrupt(int intno, int is_int, int error_code, uint32_t next_eip, int is_hw)
{
    if (env->hflags & HF_PE_MASK)
        do_interrupt_protected(intno, is_int, error_code, next_eip, is_hw);
    else
        do_interrupt_real(intno, is_int, next_eip);
}

/* the code segment of a far jump, call or return at the same privilege */
static void check_code_segment(uint32_t new_cs, uint32_t *e1, uint32_t *e2, int rpl_min)
{
    int dpl;
    if ((new_cs & 0xfffc) == 0)
        raise_exception_err(EXCP0D_GPF, 0);
    if (load_descriptor(new_cs, e1, e2) < 0 || !(*e2 & DESC_S_MASK) ||
        !(*e2 & DESC_CS_MASK))
        raise_exception_err(EXCP0D_GPF, new_cs & 0xfffc);
    dpl = (*e2 >> DESC_DPL_SHIFT) & 3;
    if ((*e2 & DESC_C_MASK) ? dpl > cpl() : dpl != rpl_min)
        raise_exception_err(EXCP0D_GPF, new_cs & 0xfffc);
    if (!(*e2 & DESC_P_MASK))
        raise_exception_err(EXCP0B_NOSEG, new_cs & 0xfffc);
}

void helper_ljmp_protected(uint32_t new_cs, uint32_t new_eip)
{
    uint32_t e1, e2;
    if (!(env->hflags & HF_PE_MASK) || (env->eflags & VM_MASK)) {
        load_seg_cache(R_CS, new_cs, new_cs << 4, 0xffff, env->segs[R_CS].flags);
        env->eip = new_eip;
        return;
    }
    check_code_segment(new_cs, &e1, &e2, cpl());
    load_seg_cache(R_CS, (new_cs & 0xfffc) | cpl(), desc_base(e1, e2),
                   desc_limit(e1, e2), e2);
    env->eip = new_eip;
}

/* shift_next_eip: bit 31 set for a 32-bit call, the rest the return eip */
void helper_lcall_protected(uint32_t new_cs, uint32_t new_eip, uint32_t shift_next_eip)
{
    int shift = shift_next_eip >> 31;
    uint32_t next_eip = shift_next_eip & 0x7fffffff, e1, e2;
    Stack st = { env->segs[R_SS].base, desc_sp_mask(env->segs[R_SS].flags), ESP };

    if ((env->hflags & HF_PE_MASK) && !(env->eflags & VM_MASK))
        check_code_segment(new_cs, &e1, &e2, cpl());
    push(&st, shift, env->segs[R_CS].selector);
    push(&st, shift, next_eip);
    set_esp(st.sp, st.mask);
    helper_ljmp_protected(new_cs, new_eip);
}

/* null the data segments the new, less privileged code may not use */
static void validate_seg(int seg_reg, int new_cpl)
{
    uint32_t e2 = env->segs[seg_reg].flags;
    int dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if ((env->segs[seg_reg].selector & 0xfffc) == 0)
        return;
    if ((!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) && dpl < new_cpl)
        load_seg_cache(seg_reg, 0, 0, 0, 0);
}

/* the eflags bits iret may change at the current privilege (before it
   changes the privilege) */
static uint32_t iret_eflags_mask(int shift)
{
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK;
    if (cpl() == 0)
        mask |= IF_MASK | IOPL_MASK;
    else if (cpl() <= (int)((env->eflags >> IOPL_SHIFT) & 3))
        mask |= IF_MASK;
    return shift ? mask : mask & 0xffff;
}

/* far return and iret: is_iret pops eflags too */
static void do_return_protected(int shift, int is_iret, uint32_t addend)
{
    Stack st = { env->segs[R_SS].base, desc_sp_mask(env->segs[R_SS].flags), ESP };
    uint32_t new_eip, new_cs, new_eflags = 0, e1, e2, new_esp, new_ss, ss_e1, ss_e2;
    int rpl;

    new_eip = pop(&st, shift);
    new_cs = pop(&st, shift) & 0xffff;
    if (is_iret)
        new_eflags = pop(&st, shift);
    if (!(env->hflags & HF_PE_MASK) || (env->eflags & VM_MASK)) {
        load_seg_cache(R_CS, new_cs, new_cs << 4, 0xffff, env->segs[R_CS].flags);
        goto done_same;
    }
    rpl = new_cs & 3;
    if (rpl < cpl())
        raise_exception_err(EXCP0D_GPF, new_cs & 0xfffc);
    check_code_segment(new_cs, &e1, &e2, rpl);
    if (rpl == cpl()) {
        load_seg_cache(R_CS, new_cs, desc_base(e1, e2), desc_limit(e1, e2), e2);
    } else {
        /* to an outer privilege level: its stack was saved on ours */
        st.sp += addend;
        new_esp = pop(&st, shift);
        new_ss = pop(&st, shift) & 0xffff;
        if ((new_ss & 0xfffc) == 0 || (int)(new_ss & 3) != rpl ||
            load_descriptor(new_ss, &ss_e1, &ss_e2) < 0 || !(ss_e2 & DESC_S_MASK) ||
            (ss_e2 & DESC_CS_MASK) || !(ss_e2 & DESC_W_MASK) ||
            (int)((ss_e2 >> DESC_DPL_SHIFT) & 3) != rpl)
            raise_exception_err(EXCP0D_GPF, new_ss & 0xfffc);
        if (!(ss_e2 & DESC_P_MASK))
            raise_exception_err(EXCP0B_NOSEG, new_ss & 0xfffc);
        if (is_iret) {
            load_eflags(new_eflags, iret_eflags_mask(shift));
        }
        load_seg_cache(R_CS, new_cs, desc_base(e1, e2), desc_limit(e1, e2), e2);
        load_seg_cache(R_SS, new_ss, desc_base(ss_e1, ss_e2), desc_limit(ss_e1, ss_e2), ss_e2);
        set_cpl(rpl);
        ESP = new_esp & desc_sp_mask(ss_e2);
        for (int seg = 0; seg < 6; seg++)
            if (seg != R_CS && seg != R_SS)
                validate_seg(seg, rpl);
        env->eip = new_eip;
        return;
    }
done_same:
    set_esp(st.sp + addend, st.mask);
    env->eip = new_eip;
    if (is_iret) {
        load_eflags(new_eflags, iret_eflags_mask(shift));
    }
}

void helper_lret_protected(uint32_t shift, uint32_t addend)
{
    do_return_protected(shift, 0, addend);
}

void helper_iret_protected(uint32_t shift)
{
    if (env->eflags & NT_MASK) /* task return: no task switching here */
        raise_exception_err(EXCP0A_TSS, env->tr.selector & 0xfffc);
    do_return_protected(shift, 1, 0);
}

void helper_movl_crN_T0(uint32_t reg)
{
    switch (reg) {
    case 0:
        cpu_x86_update_cr0(env, T0);
        break;
    case 3:
        cpu_x86_update_cr3(env, T0);
        break;
    case 4:
        cpu_x86_update_cr4(env, T0);
        break;
    default:
        env->cr[reg] = T0;
        break;
    }
}

/* lldt and ltr: a system descriptor in the GDT */
static void load_system_seg(SegmentCache *sc, int ok_type1, int ok_type2)
{
    uint32_t selector = T0 & 0xffff, e1, e2;
    int type;

    if ((selector & 0xfffc) == 0) {
        *sc = (SegmentCache){ selector, 0, 0, 0 };
        return;
    }
    if ((selector & 4) || load_descriptor(selector, &e1, &e2) < 0)
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    type = (e2 >> DESC_TYPE_SHIFT) & 0xf;
    if ((e2 & DESC_S_MASK) || (type != ok_type1 && type != ok_type2))
        raise_exception_err(EXCP0D_GPF, selector & 0xfffc);
    if (!(e2 & DESC_P_MASK))
        raise_exception_err(EXCP0B_NOSEG, selector & 0xfffc);
    *sc = (SegmentCache){ selector, desc_base(e1, e2), desc_limit(e1, e2), e2 };
    if (sc == &env->tr) /* mark the TSS busy */
        stl_sys(env->gdt.base + (selector & ~7) + 4, e2 | (2 << DESC_TYPE_SHIFT));
}

void helper_lldt_T0(void)
{
    load_system_seg(&env->ldt, 2, 2);
}

void helper_ltr_T0(void)
{
    load_system_seg(&env->tr, 1, 9);
}

void helper_invlpg(uint32_t addr)
{
    tlb_flush_page(env, addr);
}

/* hlt: eip already points after it; the board waits for an interrupt */
void helper_hlt(void)
{
    env->halted = 1;
    env->exception_index = EXCP_HLT;
    cpu_loop_exit();
}

/* sti: interrupts open after the next instruction */
void helper_sti(void)
{
    env->eflags |= IF_MASK;
    env->hflags |= HF_INHIBIT_IRQ_MASK;
}

uint32_t helper_in(uint32_t port, uint32_t size_shift)
{
    return env->io_read ? env->io_read(port & 0xffff, size_shift) : 0xffffffff;
}

void helper_out(uint32_t port, uint32_t val, uint32_t size_shift)
{
    if (env->io_write)
        env->io_write(port & 0xffff, val, size_shift);
}
