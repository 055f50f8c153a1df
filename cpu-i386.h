/*
 * i386 virtual CPU: the guest state (CPUX86State) and the public CPU API.
 *
 * Everything outside the CPU (linux-user, vl, devices) sees the guest only
 * through this header.  While translated code runs, the six arithmetic
 * flags live in lazy form (cc_src, cc_dst, cc_op) and DF as df = +1/-1;
 * cpu_x86_exec() converts eflags on entry and back on exit.
 */
#ifndef CPU_I386_H
#define CPU_I386_H

#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>

#define R_EAX 0
#define R_ECX 1
#define R_EDX 2
#define R_EBX 3
#define R_ESP 4
#define R_EBP 5
#define R_ESI 6
#define R_EDI 7

#define R_AL 0
#define R_CL 1
#define R_DL 2
#define R_BL 3
#define R_AH 4
#define R_CH 5
#define R_DH 6
#define R_BH 7

#define R_ES 0
#define R_CS 1
#define R_SS 2
#define R_DS 3
#define R_FS 4
#define R_GS 5

/* segment descriptor fields (flags word = high dword of the descriptor) */
#define DESC_G_MASK     (1 << 23)
#define DESC_B_SHIFT    22
#define DESC_B_MASK     (1 << DESC_B_SHIFT)
#define DESC_AVL_MASK   (1 << 20)
#define DESC_P_MASK     (1 << 15)
#define DESC_DPL_SHIFT  13
#define DESC_S_MASK     (1 << 12)
#define DESC_TYPE_SHIFT 8
#define DESC_A_MASK     (1 << 8)
#define DESC_CS_MASK    (1 << 11)
#define DESC_C_MASK     (1 << 10)
#define DESC_R_MASK     (1 << 9)
#define DESC_E_MASK     (1 << 10)
#define DESC_W_MASK     (1 << 9)

/* eflags */
#define CC_C    0x0001
#define CC_P    0x0004
#define CC_A    0x0010
#define CC_Z    0x0040
#define CC_S    0x0080
#define CC_O    0x0800

#define TF_MASK   0x00000100
#define IF_MASK   0x00000200
#define DF_MASK   0x00000400
#define IOPL_MASK 0x00003000
#define IOPL_SHIFT 12
#define NT_MASK   0x00004000
#define RF_MASK   0x00010000
#define VM_MASK   0x00020000
#define AC_MASK   0x00040000
#define VIF_MASK  0x00080000
#define VIP_MASK  0x00100000
#define ID_MASK   0x00200000

/* hidden flags: static CPU state the translator specialises code on */
#define HF_CPL_SHIFT     0
#define HF_CPL_MASK      (3 << HF_CPL_SHIFT)
#define HF_SOFTMMU_SHIFT 2
#define HF_SOFTMMU_MASK  (1 << HF_SOFTMMU_SHIFT)
#define HF_INHIBIT_IRQ_SHIFT 3
#define HF_INHIBIT_IRQ_MASK (1 << HF_INHIBIT_IRQ_SHIFT)
#define HF_CS32_SHIFT    4
#define HF_CS32_MASK     (1 << HF_CS32_SHIFT)
#define HF_SS32_SHIFT    5
#define HF_SS32_MASK     (1 << HF_SS32_SHIFT)
#define HF_ADDSEG_SHIFT  6
#define HF_ADDSEG_MASK   (1 << HF_ADDSEG_SHIFT)
#define HF_PE_SHIFT      7
#define HF_PE_MASK       (1 << HF_PE_SHIFT)
#define HF_TS_SHIFT      11 /* not 8: TF_MASK shares the TB flags word */
#define HF_TS_MASK       (1 << HF_TS_SHIFT)
#define HF_EM_SHIFT      15
#define HF_EM_MASK       (1 << HF_EM_SHIFT)
/* the x87 control word unmasks an exception: waiting x87 instructions
   check for a pending one (#MF) */
#define HF_FPU_UNMASKED_SHIFT 10
#define HF_FPU_UNMASKED_MASK (1 << HF_FPU_UNMASKED_SHIFT)

#define CR0_PE_MASK (1 << 0)
#define CR0_MP_MASK (1 << 1)
#define CR0_EM_MASK (1 << 2)
#define CR0_TS_MASK (1 << 3)
#define CR0_ET_MASK (1 << 4)
#define CR0_NE_MASK (1 << 5)
#define CR0_WP_MASK (1 << 16)
#define CR0_AM_MASK (1 << 18)
#define CR0_PG_MASK (1u << 31)

#define CR4_PSE_MASK (1 << 4)

#define PG_PRESENT_MASK  0x001
#define PG_RW_MASK       0x002
#define PG_USER_MASK     0x004
#define PG_ACCESSED_MASK 0x020
#define PG_DIRTY_MASK    0x040
#define PG_PSE_MASK      0x080

/* exceptions equal the x86 vector numbers; an int n surfaces as n */
#define EXCP00_DIVZ   0
#define EXCP01_SSTP   1
#define EXCP02_NMI    2
#define EXCP03_INT3   3
#define EXCP04_INTO   4
#define EXCP05_BOUND  5
#define EXCP06_ILLOP  6
#define EXCP07_PREX   7
#define EXCP08_DBLE   8
#define EXCP09_XERR   9
#define EXCP0A_TSS    10
#define EXCP0B_NOSEG  11
#define EXCP0C_STACK  12
#define EXCP0D_GPF    13
#define EXCP0E_PAGE   14
#define EXCP10_COPR   16
#define EXCP11_ALGN   17
#define EXCP12_MCHK   18

#define EXCP_INTERRUPT 256 /* async request: cpu_x86_exec returns to its caller */
#define EXCP_HLT       257 /* hlt with interrupts enabled (vl) */
#define EXCP_SMC       258 /* internal: a block wrote into its own code */
#define EXCP_RESET     259 /* triple fault or keyboard-controller reset */

#define CPU_INTERRUPT_EXIT 0x01 /* leave cpu_x86_exec at the next TB boundary */
#define CPU_INTERRUPT_HARD 0x02 /* a hardware IRQ is pending at the PIC */

/* lazy condition codes: which operation last set the flags */
enum {
    CC_OP_DYNAMIC, /* must read env->cc_op at run time */
    CC_OP_EFLAGS,  /* cc_src holds the flags */
    CC_OP_MULB,    /* cc_dst = result, cc_src = high part: C = O = (cc_src != 0) */
    CC_OP_MULW,
    CC_OP_MULL,
    CC_OP_ADDB,    /* cc_dst = result, cc_src = second operand */
    CC_OP_ADDW,
    CC_OP_ADDL,
    CC_OP_ADCB,    /* cc_dst = result, cc_src = second operand; C from cc_op below */
    CC_OP_ADCW,
    CC_OP_ADCL,
    CC_OP_SUBB,    /* cc_dst = result, cc_src = second operand */
    CC_OP_SUBW,
    CC_OP_SUBL,
    CC_OP_SBBB,
    CC_OP_SBBW,
    CC_OP_SBBL,
    CC_OP_LOGICB,  /* cc_dst = result */
    CC_OP_LOGICW,
    CC_OP_LOGICL,
    CC_OP_INCB,    /* cc_dst = result, cc_src = old carry */
    CC_OP_INCW,
    CC_OP_INCL,
    CC_OP_DECB,
    CC_OP_DECW,
    CC_OP_DECL,
    CC_OP_SHLB,    /* cc_dst = result, cc_src = value shifted by count-1 */
    CC_OP_SHLW,
    CC_OP_SHLL,
    CC_OP_SARB,    /* cc_dst = result, cc_src = value shifted by count-1 */
    CC_OP_SARW,
    CC_OP_SARL,
    CC_OP_NB,
};

typedef long double CPU86_LDouble;

typedef struct SegmentCache {
    uint32_t selector;
    uint32_t base;   /* guest linear address */
    uint32_t limit;  /* in bytes, granularity applied */
    uint32_t flags;  /* high dword of the descriptor */
} SegmentCache;

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1u << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
#define TARGET_PAGE_ALIGN(a) (((a) + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK)

/* soft MMU: a direct-mapped TLB per privilege, for reads and for writes.
   A hit needs address == the page of the access (an unaligned access or
   an I/O page never hits and takes the slow path). */
#define CPU_TLB_BITS 8
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
#define TLB_IO      0x800 /* not RAM: every access goes to the slow path */
#define TLB_INVALID 0x400 /* set in an empty entry (address -1) */
#define MMU_KERNEL_IDX 0
#define MMU_USER_IDX 1

typedef struct CPUTLBEntry {
    uint32_t address; /* guest page, TLB_IO, or -1 when empty */
    uintptr_t addend; /* host address = guest address + addend */
} CPUTLBEntry;

typedef struct CPUX86State {
    /* hot fields first: ops address them with 8-bit displacements */
    uint32_t regs[8];
    uint32_t eip;
    uint32_t eflags; /* without the arithmetic flags and DF while running */
    uint32_t cc_src;
    uint32_t cc_dst;
    uint32_t cc_op;
    int32_t df;      /* +1 or -1 */
    uint32_t hflags;
    uint32_t interrupt_request;
    SegmentCache segs[6];

    /* x87: 80-bit registers held as host long double */
    unsigned int fpstt;  /* top of stack index */
    uint16_t fpus;
    uint16_t fpuc;
    uint8_t fptags[8];   /* 1 = empty */
    uint32_t fpip, fpcs, fpdp, fpds, fpop;
    CPU86_LDouble fpregs[8];
    CPU86_LDouble ft0;

    /* system state */
    SegmentCache ldt;
    SegmentCache tr;
    SegmentCache gdt; /* only base and limit used */
    SegmentCache idt; /* only base and limit used */
    uint32_t cr[5];
    uint32_t dr[8];
    uint32_t a20_mask;

    CPUTLBEntry tlb_read[2][CPU_TLB_SIZE];
    CPUTLBEntry tlb_write[2][CPU_TLB_SIZE];

    /* exception delivery */
    jmp_buf jmp_env;
    int exception_index;
    int error_code;
    int exception_is_int;
    uint32_t exception_next_eip;
    struct TranslationBlock *current_tb;
    int user_mode_only;

    /* CPUID identity */
    uint32_t cpuid_level;
    uint32_t cpuid_vendor[3];
    uint32_t cpuid_version;
    uint32_t cpuid_features;

    /* the board around the CPU (system emulator only) */
    uint32_t (*io_read)(uint32_t port, int size_shift);
    void (*io_write)(uint32_t port, uint32_t val, int size_shift);
    int (*get_pic_interrupt)(void); /* acknowledge: the vector */
    int halted;
    uint64_t *tb_exec_counts; /* -d trace-json: runs of each TB slot */
    void *tb_jmp_target; /* op_lookup_tb's answer for op_goto_ptr */
    struct TranslationBlock **tb_jmp_cache; /* what op_lookup_tb probes */
    int old_exception; /* being delivered, for #DF: -1 when none */
    /* a locked read-modify-write in user mode: the value loaded, then T1,
       cc_src, cc_dst, cc_op and EAX to retry it from (translate-i386.c) */
    uint32_t lock_save[6];

    void *opaque; /* owner's data: the linux-user TaskState */
} CPUX86State;

CPUX86State *cpu_x86_init(void);
void cpu_x86_close(CPUX86State *env);
int cpu_x86_exec(CPUX86State *env);
void cpu_x86_interrupt(CPUX86State *env, int mask);
void cpu_x86_reset_interrupt(CPUX86State *env, int mask);
void cpu_x86_load_seg(CPUX86State *env, int seg_reg, int selector);
void cpu_x86_dump_state(CPUX86State *env, FILE *f, int flags);
uint32_t cpu_compute_eflags(CPUX86State *env);
void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask);
void cpu_x86_fsave(CPUX86State *env, uint32_t ptr, int data32);
void cpu_x86_frstor(CPUX86State *env, uint32_t ptr, int data32);

/* softmmu.c: guest RAM, the page walk and the TLB */
extern uint8_t *phys_ram_base;
extern uint32_t phys_ram_size;
void tlb_flush(CPUX86State *env);
void tlb_flush_page(CPUX86State *env, uint32_t addr);
int cpu_x86_handle_mmu_fault(CPUX86State *env, uint32_t addr, int is_write,
                             int is_user, int is_code, uint32_t *paddr);
void cpu_x86_update_cr0(CPUX86State *env, uint32_t new_cr0);
void cpu_x86_update_cr3(CPUX86State *env, uint32_t new_cr3);
void cpu_x86_update_cr4(CPUX86State *env, uint32_t new_cr4);

/* host signal handling: returns 1 if the fault was the emulator's to handle */
int cpu_x86_signal_handler(int host_signum, void *info, void *puc);

#define X86_DUMP_FPU 1
#define X86_DUMP_CCOP 2

/* the CPU this host thread runs (signal handlers never read the env register) */
extern __thread CPUX86State *cpu_single_env;

#endif
