/*
 * Translation blocks, the translation cache and the page descriptors:
 * what the translator (translate*.c), the execution loop (exec-i386.c)
 * and the TB cache (exec.c) share.  Included by code outside the CPU too,
 * so it declares no global register variables.
 */
#ifndef EXEC_ALL_H
#define EXEC_ALL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cpu-i386.h"


/* micro-op buffers filled by disas_insn through the gen_op_* emitters */
#define OPC_BUF_SIZE 640
#define OPC_MAX_SIZE (OPC_BUF_SIZE - 64)  /* room for the longest instruction */
#define OPPARAM_BUF_SIZE (OPC_BUF_SIZE * 3)
#define OPC_MAX_LABELS 64

extern uint16_t gen_opc_buf[OPC_BUF_SIZE];
extern uint32_t gen_opparam_buf[OPPARAM_BUF_SIZE];
extern uint16_t *gen_opc_ptr;
extern uint32_t *gen_opparam_ptr;
extern int gen_nb_labels;

/* filled in search_pc mode: guest state at each op index */
extern uint32_t gen_opc_pc[OPC_BUF_SIZE];
extern uint8_t gen_opc_cc_op[OPC_BUF_SIZE];
extern uint8_t gen_opc_instr_start[OPC_BUF_SIZE];

/* the op list produced by dyngen: INDEX_op_<name> (op-i386.c, from which
   dyngen makes it, defines OP_I386_OBJECT to skip it) */
#ifndef OP_I386_OBJECT
enum {
#define DEF(s, n, copy_size) INDEX_op_ ## s,
#include "opc-i386.h"
#undef DEF
    NB_OPS,
};
extern const char *const op_names[NB_OPS];
extern const uint8_t op_nb_args[NB_OPS];
extern const uint16_t opc_copy_size[NB_OPS];
#endif

#define CODE_GEN_ALIGN 16
#define CODE_GEN_MAX_SIZE 65536 /* largest TB; the flush keeps this much room */
#define CODE_GEN_DEFAULT_SIZE (32 * 1024 * 1024)
#define CODE_GEN_AVG_BLOCK_SIZE 128

#define CODE_GEN_HASH_BITS 15
#define CODE_GEN_HASH_SIZE (1 << CODE_GEN_HASH_BITS)

#define CF_SINGLE_INSN 0x0001 /* one instruction, run once, never cached */

/* the 16-bit fields hold no offset */
#define TB_NO_JMP 0xffff

typedef struct TranslationBlock {
    uint32_t pc;       /* guest linear address of the first instruction */
    uint32_t cs_base;
    uint32_t flags;    /* hflags and eflags bits the code was specialised on */
    uint16_t size;     /* guest bytes covered */
    uint16_t tc_size;  /* host bytes generated */
    uint16_t cflags;   /* how it was translated: CF_* */
    uint8_t *tc_ptr;
    struct TranslationBlock *hash_next;
    /* the one or two guest pages covered, and the lists through them */
    uint32_t page_addr[2];
    struct TranslationBlock *page_next[2]; /* low bit: which page_addr */
    /* direct chaining: offset of the rel32 field of jump slot n */
    uint16_t tb_jmp_offset[2];
    /* the TBs that jump here: circular list through jmp_next[] (low 2 bits
       of each pointer give the slot; 2 marks the list head jmp_first) */
    struct TranslationBlock *jmp_next[2];
    struct TranslationBlock *jmp_first;
    uint64_t exec_count; /* only counted with -d trace-json */
} TranslationBlock;

/* what a TB leaves in T0 when it returns: 0, or (TB index, slot) so that
   cpu_x86_exec can chain slot n of that TB to the next TB */
#define TB_EXIT_VALUE(tb, n) ((uint32_t)(((tb) - tbs + 1) << 2 | (n)))
#define TB_EXIT_TB(v) (&tbs[((v) >> 2) - 1])
#define TB_EXIT_SLOT(v) ((v) & 3)

extern TranslationBlock *tbs;
extern int nb_tbs;
extern uint8_t *code_gen_buffer;
extern uint8_t *code_gen_ptr;
extern size_t code_gen_buffer_size;
extern TranslationBlock *tb_hash[CODE_GEN_HASH_SIZE];

/* the jump cache: the last TB run at each pc hash, for computed jumps */
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)
extern TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
static inline unsigned int tb_jmp_cache_hash(uint32_t pc)
{
    return (pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
}

/* the TranslationBlock flags code run now would be translated with */
static inline uint32_t tb_flags_of(CPUX86State *s)
{
    return s->hflags | (s->eflags & (IOPL_MASK | TF_MASK | VM_MASK));
}

void cpu_exec_init(void);
int cpu_x86_exec_internal(CPUX86State *env);
TranslationBlock *tb_alloc(uint32_t pc);
void tb_flush(void);
/* phys_page: the physical page of pc (pc's own page in user mode) */
TranslationBlock *tb_find(uint32_t pc, uint32_t cs_base, uint32_t flags,
                          uint32_t phys_page);
void tb_link(TranslationBlock *tb);
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *tb_next);
TranslationBlock *tb_find_pc(uintptr_t host_pc);
void tb_invalidate_page_range(uint32_t start, uint32_t end);
void tb_lock(void);
void tb_unlock(void);
void tb_lock_reset(void); /* after a longjmp: release it if this thread holds it */

/* threads: see exec.c, "The CPUs of the process" */
void cpu_exec_register(CPUX86State *env);
void cpu_exec_unregister(void);
void cpu_exec_fork_child(void);
int cpu_exec_start(void);
void cpu_exec_end(void);
void cpu_exec_wait_exclusive(void);

static inline unsigned int tb_hash_func(uint32_t pc)
{
    return pc & (CODE_GEN_HASH_SIZE - 1);
}

/* page descriptors for the 4 GiB guest address space */
#define PAGE_READ      0x0001
#define PAGE_WRITE     0x0002
#define PAGE_EXEC      0x0004
#define PAGE_VALID     0x0008
#define PAGE_WRITE_ORG 0x0010 /* writable before code on it was protected */

/* host address of guest page address 0 (see exec.c) */
extern uintptr_t guest_base;

void page_set_flags(uint32_t start, uint32_t end, int flags);
int page_get_flags(uint32_t addr);
int page_check_range(uint32_t start, uint32_t len, int flags);
int page_unprotect(uint32_t addr);
void page_unprotect_range(uint32_t start, uint32_t len);

/* the operand of helper_rep_string, built by the translator */
#define STR_OP_SHIFT 0  /* bits 0-1: operand size shift */
#define STR_A16      4  /* 16-bit addressing */
#define STR_REPZ     8  /* repz for cmps/scas */
#define STR_REPNZ    16 /* repnz for cmps/scas */
#define STR_KIND_SHIFT 5
enum { STR_MOVS, STR_STOS, STR_LODS, STR_SCAS, STR_CMPS, STR_INS, STR_OUTS };
#define STR_SEG_SHIFT 8 /* bits 8-10: segment of the source operand */
#define STR_ONCE     0x800 /* one iteration, no rep prefix (ins, outs) */

/* translate-i386.c and translate.c */
int gen_intermediate_code(CPUX86State *env, TranslationBlock *tb);
int gen_intermediate_code_pc(CPUX86State *env, TranslationBlock *tb);
void optimize_flags_init(void);
void optimize_moves_init(void);
int cpu_gen_code(CPUX86State *env, TranslationBlock *tb, int *gen_code_size_ptr);
int cpu_restore_state(TranslationBlock *tb, CPUX86State *env, uintptr_t searched_pc);
void dump_ops(FILE *f, const uint16_t *opc_buf, const uint32_t *opparam_buf);

/* translate-op.c: the code dyngen generated */
int dyngen_code(uint8_t *gen_code_buf, uint16_t *tb_jmp_offset,
                const uint16_t *opc_buf, const uint32_t *opparam_buf);
const char *op_reloc_desc(int opc);

/* statistics (QEMU_STATS=1, -d stats) */
typedef struct ExecStats {
    uint64_t guest_insns;
    uint64_t tbs_translated;
    uint64_t host_bytes;
    uint64_t chained_jumps;
    uint64_t tb_lookups;
    uint64_t tb_lookup_misses;
    uint64_t flushes;
    uint64_t smc_invalidations;
    uint64_t translate_ns;  /* time spent in the translator and dyngen_code */
} ExecStats;
extern ExecStats exec_stats;
int64_t exec_clock_ns(void);
void dump_exec_info(FILE *f);

/* -d logging */
#define CPU_LOG_TB_OUT_ASM (1 << 0)
#define CPU_LOG_TB_IN_ASM  (1 << 1)
#define CPU_LOG_TB_OP      (1 << 2)
#define CPU_LOG_TB_OP_OPT  (1 << 3)
#define CPU_LOG_INT        (1 << 4)
#define CPU_LOG_EXEC       (1 << 5)
#define CPU_LOG_TB_CPU     (1 << 6)
#define CPU_LOG_STATS      (1 << 7)
#define CPU_LOG_NOCHAIN    (1 << 8)
#define CPU_LOG_TB_OP_ASM  (1 << 9)
#define CPU_LOG_TRACE      (1 << 10)

extern int loglevel;
extern FILE *logfile;
void cpu_set_log(int log_flags);
void cpu_set_log_filename(const char *filename);
int cpu_str_to_log_mask(const char *str);
void cpu_print_log_items(FILE *f);

/* trace.c: -d trace-json */
extern uint64_t *tb_exec_counts;
void trace_init(int slots);
void trace_tb(TranslationBlock *tb, const char *view);
void trace_chain(TranslationBlock *from, int n, TranslationBlock *to);
void trace_invalidate(TranslationBlock *tb);
void trace_flush(void);
void trace_close(void);

/* disas.c: libopcodes disassembly for the logs */
/* guest code at guest address code, readable at host */
void target_disas(FILE *out, uint32_t code, const void *host, size_t size, int code16);
void disas(FILE *out, const void *code, size_t size);

#endif
