/*
 * From micro-ops to host code: cpu_gen_code runs the translator and then
 * dyngen_code (translate-op.c), which copies and patches the op templates
 * dyngen generated; cpu_restore_state maps a host pc inside a block back
 * to the guest instruction by translating the block again.
 */
#include <stdlib.h>
#include <string.h>
#include "exec-all.h"

uint16_t gen_opc_buf[OPC_BUF_SIZE];
uint32_t gen_opparam_buf[OPPARAM_BUF_SIZE];
uint16_t *gen_opc_ptr;
uint32_t *gen_opparam_ptr;
int gen_nb_labels;

uint32_t gen_opc_pc[OPC_BUF_SIZE];
uint8_t gen_opc_cc_op[OPC_BUF_SIZE];
uint8_t gen_opc_instr_start[OPC_BUF_SIZE];

const char *const op_names[NB_OPS] = {
#define DEF(s, n, copy_size) #s,
#include "opc-i386.h"
#undef DEF
};

const uint8_t op_nb_args[NB_OPS] = {
#define DEF(s, n, copy_size) n,
#include "opc-i386.h"
#undef DEF
};

const uint16_t opc_copy_size[NB_OPS] = {
#define DEF(s, n, copy_size) copy_size,
#include "opc-i386.h"
#undef DEF
};

void dump_ops(FILE *f, const uint16_t *opc_buf, const uint32_t *opparam_buf)
{
    const uint16_t *opc_ptr = opc_buf;
    const uint32_t *opparam_ptr = opparam_buf;
    int c;

    while ((c = *opc_ptr) != INDEX_op_end) {
        fprintf(f, "0x%04x: %s", (int)(opc_ptr - opc_buf), op_names[c]);
        for (int i = 0; i < op_nb_args[c]; i++)
            fprintf(f, "%s0x%x", i ? "," : " ", opparam_ptr[i]);
        fputc('\n', f);
        opparam_ptr += op_nb_args[c];
        opc_ptr++;
    }
}

/* -d op_asm: the joined view of a block just generated, guest insn by
   guest insn, with each micro-op's copied host code and what dyngen
   patched in it; gen_opc_* hold the block again in search_pc form */
static void dump_op_asm(FILE *f, TranslationBlock *tb)
{
    const uint32_t *opparam_ptr = gen_opparam_buf;
    const uint8_t *host = tb->tc_ptr;
    uintptr_t guest_host = (tb->flags & HF_SOFTMMU_MASK) ?
        (uintptr_t)phys_ram_base + tb->page_addr[0] - (tb->pc & TARGET_PAGE_MASK) : 0;

    fprintf(f, "---- TB %08x: %d guest bytes, %d host bytes\n", tb->pc, tb->size,
            tb->tc_size);
    for (int j = 0; gen_opc_buf[j] != INDEX_op_end; j++) {
        int c = gen_opc_buf[j];
        if (gen_opc_instr_start[j]) {
            uint32_t pc = gen_opc_pc[j], end = tb->pc + tb->size;
            for (int k = j + 1; gen_opc_buf[k] != INDEX_op_end; k++)
                if (gen_opc_instr_start[k]) {
                    end = gen_opc_pc[k];
                    break;
                }
            target_disas(f, pc, (const void *)(guest_host + pc), end - pc,
                         !(tb->flags & HF_CS32_MASK));
        }
        fprintf(f, "    %-24s", op_names[c]);
        for (int i = 0; i < op_nb_args[c]; i++)
            fprintf(f, "%s0x%x", i ? "," : " ", opparam_ptr[i]);
        if (op_reloc_desc(c) && op_reloc_desc(c)[0])
            fprintf(f, "  [%s]", op_reloc_desc(c));
        fputc('\n', f);
        if (opc_copy_size[c])
            disas(f, host, opc_copy_size[c]);
        host += opc_copy_size[c];
        opparam_ptr += op_nb_args[c];
    }
    fputc('\n', f);
}

/* translate tb; on return code_gen_ptr is not moved: the caller does */
int cpu_gen_code(CPUX86State *env, TranslationBlock *tb, int *gen_code_size_ptr)
{
    int size;

    if (gen_intermediate_code(env, tb) < 0)
        return -1;
    tb->tb_jmp_offset[0] = TB_NO_JMP;
    tb->tb_jmp_offset[1] = TB_NO_JMP;
    size = dyngen_code(tb->tc_ptr, tb->tb_jmp_offset, gen_opc_buf, gen_opparam_buf);
    tb->tc_size = size;
    *gen_code_size_ptr = size;
    if ((loglevel & (CPU_LOG_TB_OP_ASM | CPU_LOG_TRACE)) &&
        gen_intermediate_code_pc(env, tb) == 0) {
        if (loglevel & CPU_LOG_TB_OP_ASM)
            dump_op_asm(logfile, tb);
        if (loglevel & CPU_LOG_TRACE) {
            char *view = NULL;
            size_t len;
            FILE *f = open_memstream(&view, &len);
            if (f) {
                dump_op_asm(f, tb);
                fclose(f);
                trace_tb(tb, view);
                free(view);
            }
        }
    }
    exec_stats.tbs_translated++;
    exec_stats.host_bytes += size;
    return 0;
}

/* set env->eip and cc_op to the state at the guest instruction whose code
   contains searched_pc */
int cpu_restore_state(TranslationBlock *tb, CPUX86State *env, uintptr_t searched_pc)
{
    uintptr_t pc = (uintptr_t)tb->tc_ptr;
    int j, cc_op;

    if (searched_pc < pc || gen_intermediate_code_pc(env, tb) < 0)
        return -1;
    for (j = 0; gen_opc_buf[j] != INDEX_op_end; j++) {
        pc += opc_copy_size[gen_opc_buf[j]];
        if (pc > searched_pc)
            break;
    }
    if (gen_opc_buf[j] == INDEX_op_end)
        return -1;
    while (j > 0 && !gen_opc_instr_start[j])
        j--;
    env->eip = gen_opc_pc[j] - tb->cs_base;
    cc_op = gen_opc_cc_op[j];
    if (cc_op != CC_OP_DYNAMIC)
        env->cc_op = cc_op;
    return 0;
}
