/*
 * The inside of the i386 CPU: included only by code that runs while
 * translated code is active (the micro-ops, the C helpers they call and
 * cpu_x86_exec).  It pins env, T0, T1 and A0 in callee-saved host
 * registers, so every function compiled with it leaves them alone and the
 * rest of the program (libc included) preserves them across calls.
 */
#ifndef EXEC_I386_H
#define EXEC_I386_H

#include "dyngen-exec.h"
#include "cpu-i386.h"

register struct CPUX86State *env asm(AREG0);
register uint32_t T0 asm(AREG1);
register uint32_t T1 asm(AREG2);
register uint32_t A0 asm(AREG3);

/* the busiest guest registers live in host registers while the CPU runs:
   env->regs[] holds them only at the edges (regs_to_env, env_to_regs) */
register uint32_t reg_EAX asm(AREG4);
register uint32_t reg_ESP asm(AREG5);

#define EAX reg_EAX
#define ECX (env->regs[R_ECX])
#define EDX (env->regs[R_EDX])
#define EBX (env->regs[R_EBX])
#define ESP reg_ESP
#define EBP (env->regs[R_EBP])
#define ESI (env->regs[R_ESI])
#define EDI (env->regs[R_EDI])
#define EIP (env->eip)
#define DF  (env->df)

#define CC_SRC (env->cc_src)
#define CC_DST (env->cc_dst)
#define CC_OP  (env->cc_op)

static inline void regs_to_env(void)
{
    env->regs[R_EAX] = EAX;
    env->regs[R_ESP] = ESP;
}

static inline void env_to_regs(void)
{
    EAX = env->regs[R_EAX];
    ESP = env->regs[R_ESP];
}

/* x87 stack access relative to the top */
#define ST0    (env->fpregs[env->fpstt])
#define ST(n)  (env->fpregs[(env->fpstt + (n)) & 7])
#define FT0    (env->ft0)

/* guest memory in user mode: guest address == host address */
#define GUEST_PTR(a) ((void *)(uintptr_t)(uint32_t)(a))

/* guest data has no alignment guarantee: x86 does not care, C does */
typedef uint16_t __attribute__((aligned(1), may_alias)) guest_u16;
typedef int16_t __attribute__((aligned(1), may_alias)) guest_s16;
typedef uint32_t __attribute__((aligned(1), may_alias)) guest_u32;
typedef uint64_t __attribute__((aligned(1), may_alias)) guest_u64;

static inline uint32_t ldub_raw(uint32_t a) { return *(uint8_t *)GUEST_PTR(a); }
static inline int32_t ldsb_raw(uint32_t a) { return *(int8_t *)GUEST_PTR(a); }
static inline uint32_t lduw_raw(uint32_t a) { return *(guest_u16 *)GUEST_PTR(a); }
static inline int32_t ldsw_raw(uint32_t a) { return *(guest_s16 *)GUEST_PTR(a); }
static inline uint32_t ldl_raw(uint32_t a) { return *(guest_u32 *)GUEST_PTR(a); }
static inline uint64_t ldq_raw(uint32_t a) { return *(guest_u64 *)GUEST_PTR(a); }
static inline void stb_raw(uint32_t a, uint32_t v) { *(uint8_t *)GUEST_PTR(a) = v; }
static inline void stw_raw(uint32_t a, uint32_t v) { *(guest_u16 *)GUEST_PTR(a) = v; }
static inline void stl_raw(uint32_t a, uint32_t v) { *(guest_u32 *)GUEST_PTR(a) = v; }
static inline void stq_raw(uint32_t a, uint64_t v) { *(guest_u64 *)GUEST_PTR(a) = v; }

#define xglue(x, y) x ## y
#define glue(x, y) xglue(x, y)

/* soft MMU (system emulator): the slow path in softmmu.c */
uint32_t __ldb_mmu(uint32_t addr, int mmu_idx);
uint32_t __ldw_mmu(uint32_t addr, int mmu_idx);
uint32_t __ldl_mmu(uint32_t addr, int mmu_idx);
uint64_t __ldq_mmu(uint32_t addr, int mmu_idx);
void __stb_mmu(uint32_t addr, uint32_t v, int mmu_idx);
void __stw_mmu(uint32_t addr, uint32_t v, int mmu_idx);
void __stl_mmu(uint32_t addr, uint32_t v, int mmu_idx);
void __stq_mmu(uint32_t addr, uint64_t v, int mmu_idx);

#define MEMSUFFIX _kernel
#define MMU_IDX MMU_KERNEL_IDX
#define DATA_SIZE 1
#include "softmmu_header.h"
#define DATA_SIZE 2
#include "softmmu_header.h"
#define DATA_SIZE 4
#include "softmmu_header.h"
#define DATA_SIZE 8
#include "softmmu_header.h"
#undef MEMSUFFIX
#undef MMU_IDX

#define MEMSUFFIX _user
#define MMU_IDX MMU_USER_IDX
#define DATA_SIZE 1
#include "softmmu_header.h"
#define DATA_SIZE 2
#include "softmmu_header.h"
#define DATA_SIZE 4
#include "softmmu_header.h"
#define DATA_SIZE 8
#include "softmmu_header.h"
#undef MEMSUFFIX
#undef MMU_IDX

/* guest memory accesses made by C helpers: _data at the current
   privilege, _sys as the CPU itself (descriptor tables, TSS, IDT) */
#define HELPER_LD(name, type)                                           \
    static inline type glue(name, _data)(uint32_t a)                    \
    {                                                                   \
        if (!(env->hflags & HF_SOFTMMU_MASK))                           \
            return glue(name, _raw)(a);                                 \
        if ((env->hflags & HF_CPL_MASK) == 3)                           \
            return glue(name, _user)(a);                                \
        return glue(name, _kernel)(a);                                  \
    }                                                                   \
    static inline type glue(name, _sys)(uint32_t a)                     \
    {                                                                   \
        if (!(env->hflags & HF_SOFTMMU_MASK))                           \
            return glue(name, _raw)(a);                                 \
        return glue(name, _kernel)(a);                                  \
    }
#define HELPER_ST(name, type)                                           \
    static inline void glue(name, _data)(uint32_t a, type v)            \
    {                                                                   \
        if (!(env->hflags & HF_SOFTMMU_MASK))                           \
            glue(name, _raw)(a, v);                                     \
        else if ((env->hflags & HF_CPL_MASK) == 3)                      \
            glue(name, _user)(a, v);                                    \
        else                                                            \
            glue(name, _kernel)(a, v);                                  \
    }                                                                   \
    static inline void glue(name, _sys)(uint32_t a, type v)             \
    {                                                                   \
        if (!(env->hflags & HF_SOFTMMU_MASK))                           \
            glue(name, _raw)(a, v);                                     \
        else                                                            \
            glue(name, _kernel)(a, v);                                  \
    }
HELPER_LD(ldub, uint32_t)
HELPER_LD(lduw, uint32_t)
HELPER_LD(ldl, uint32_t)
HELPER_LD(ldq, uint64_t)
HELPER_ST(stb, uint32_t)
HELPER_ST(stw, uint32_t)
HELPER_ST(stl, uint32_t)
HELPER_ST(stq, uint64_t)
#undef HELPER_LD
#undef HELPER_ST

/* lazy condition codes: compute the flags from (cc_op, cc_src, cc_dst) */
uint32_t cc_compute_all(void);
uint32_t cc_compute_c(void);
extern const uint8_t parity_table[256];

/* helpers: never noreturn, so that every op keeps its single trailing ret */
void raise_exception(int exception_index);
void raise_exception_err(int exception_index, int error_code);
void raise_interrupt(int intno, int is_int, int error_code, uint32_t next_eip);
void cpu_loop_exit(void);

void helper_divb_AL(uint32_t divisor);
void helper_idivb_AL(uint32_t divisor);
void helper_divw_AX(uint32_t divisor);
void helper_idivw_AX(uint32_t divisor);
void helper_divl_EAX(uint32_t divisor);
void helper_idivl_EAX(uint32_t divisor);
void helper_daa(void);
void helper_das(void);
void helper_aaa(void);
void helper_aas(void);
void helper_aam(uint32_t base);
void helper_aad(uint32_t base);
void helper_cpuid(void);
void helper_rdtsc(void);
void helper_cmpxchg8b(void);
void helper_bound_w(void);
void helper_bound_l(void);
void helper_load_seg(int seg_reg, uint32_t selector);
void helper_enter(uint32_t esp_addend, uint32_t level_data32);
void helper_popf(uint32_t update_mask);
void helper_pushf(void);
void helper_lahf(void);
void helper_sahf(void);
uint32_t helper_rep_string(uint32_t op);

/* system instructions (ring 0, the system emulator) */
void do_interrupt(int intno, int is_int, int error_code, uint32_t next_eip, int is_hw);
void helper_ljmp_protected(uint32_t new_cs, uint32_t new_eip);
void helper_lcall_protected(uint32_t new_cs, uint32_t new_eip, uint32_t shift_next_eip);
void helper_lret_protected(uint32_t shift, uint32_t addend);
void helper_iret_protected(uint32_t shift);
void helper_movl_crN_T0(uint32_t reg);
void helper_lldt_T0(void);
void helper_ltr_T0(void);
void helper_invlpg(uint32_t addr);
void helper_hlt(void);
void helper_sti(void);
uint32_t helper_in(uint32_t port, uint32_t size_shift);
void helper_out(uint32_t port, uint32_t val, uint32_t size_shift);

/* x87 status word; TOP (bits 11-13) lives in fpstt, ES and B are derived */
#define FPUS_IE   0x0001
#define FPUS_DE   0x0002
#define FPUS_ZE   0x0004
#define FPUS_OE   0x0008
#define FPUS_UE   0x0010
#define FPUS_PE   0x0020
#define FPUS_SF   0x0040
#define FPUS_ES   0x0080
#define FPUS_C0   0x0100
#define FPUS_C1   0x0200
#define FPUS_C2   0x0400
#define FPUS_TOP  0x3800
#define FPUS_C3   0x4000
#define FPUS_B    0x8000
#define FPUS_EXCP 0x003f
#define FPUS_CC   (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUC_IM   0x0001

/* an x87 register as bits: 64-bit significand, then sign and exponent */
typedef struct FPReg {
    uint64_t mant;
    uint16_t sexp;
} FPReg;
#define FPR(i) (*(FPReg *)&env->fpregs[i])

/* the guest status word, given the host's (whose exception flags are the
   guest's since they were last folded into fpus) */
static inline uint32_t fpu_status_word(uint32_t host_sw)
{
    uint32_t sw = (env->fpus & ~(FPUS_TOP | FPUS_ES | FPUS_B)) |
                  (host_sw & FPUS_EXCP) | ((env->fpstt & 7) << 11);
    if (sw & ~env->fpuc & FPUS_EXCP)
        sw |= FPUS_ES | FPUS_B;
    return sw;
}

/* helper_fbinary and helper_fbinary_pop */
enum { FBIN_FSCALE, FBIN_FPREM, FBIN_FPREM1, FBIN_FPATAN, FBIN_FYL2X, FBIN_FYL2XP1 };

void fpu_enter(void);
void fpu_reload(void);
void fpu_leave(void);
void helper_fpush_overflow(void);
int helper_fpu_underflow(uint32_t reg);
void helper_fld_sti_fault(uint32_t i);
void helper_fst_underflow(void);
int helper_fcom_underflow(void);
int helper_fcomi_underflow(void);
void helper_fxch_underflow(uint32_t i);
/* these return whether HF_FPU_UNMASKED changed */
int helper_fldcw(uint32_t cw);
int helper_fninit(void);
int helper_fnstenv(uint32_t addr, int data32);
int helper_fldenv(uint32_t addr, int data32);
int helper_fnsave(uint32_t addr, int data32);
int helper_frstor(uint32_t addr, int data32);
void helper_fpu_wait(void);
void helper_fpu_checkpoint(uint32_t store_size);
void helper_fpu_commit(int is_load, int is_compare);
void helper_fptan(void);
void helper_fsincos(void);
void helper_fxtract(void);
void helper_fbinary(int op);
void helper_fbinary_pop(int op);


#endif
