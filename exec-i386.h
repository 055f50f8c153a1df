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

#define EAX (env->regs[R_EAX])
#define ECX (env->regs[R_ECX])
#define EDX (env->regs[R_EDX])
#define EBX (env->regs[R_EBX])
#define ESP (env->regs[R_ESP])
#define EBP (env->regs[R_EBP])
#define ESI (env->regs[R_ESI])
#define EDI (env->regs[R_EDI])
#define EIP (env->eip)
#define DF  (env->df)

#define CC_SRC (env->cc_src)
#define CC_DST (env->cc_dst)
#define CC_OP  (env->cc_op)

/* x87 stack access relative to the top */
#define ST0    (env->fpregs[env->fpstt])
#define ST(n)  (env->fpregs[(env->fpstt + (n)) & 7])
#define FT0    (env->ft0)

/* guest memory in user mode: guest address == host address */
#define GUEST_PTR(a) ((void *)(uintptr_t)(uint32_t)(a))

static inline uint32_t ldub_raw(uint32_t a) { return *(uint8_t *)GUEST_PTR(a); }
static inline int32_t ldsb_raw(uint32_t a) { return *(int8_t *)GUEST_PTR(a); }
static inline uint32_t lduw_raw(uint32_t a) { return *(uint16_t *)GUEST_PTR(a); }
static inline int32_t ldsw_raw(uint32_t a) { return *(int16_t *)GUEST_PTR(a); }
static inline uint32_t ldl_raw(uint32_t a) { return *(uint32_t *)GUEST_PTR(a); }
static inline uint64_t ldq_raw(uint32_t a) { return *(uint64_t *)GUEST_PTR(a); }
static inline void stb_raw(uint32_t a, uint32_t v) { *(uint8_t *)GUEST_PTR(a) = v; }
static inline void stw_raw(uint32_t a, uint32_t v) { *(uint16_t *)GUEST_PTR(a) = v; }
static inline void stl_raw(uint32_t a, uint32_t v) { *(uint32_t *)GUEST_PTR(a) = v; }
static inline void stq_raw(uint32_t a, uint64_t v) { *(uint64_t *)GUEST_PTR(a) = v; }

/* data accesses made by C helpers (the soft MMU gives them a TLB) */
#define ldub_data ldub_raw
#define lduw_data lduw_raw
#define ldl_data ldl_raw
#define ldq_data ldq_raw
#define stb_data stb_raw
#define stw_data stw_raw
#define stl_data stl_raw
#define stq_data stq_raw

#define xglue(x, y) x ## y
#define glue(x, y) xglue(x, y)

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


#endif
