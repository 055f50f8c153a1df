/*
 * Unit tests for dyngen (Check).  The good test ops (dyngen-ops.c) are
 * emitted with the generated gen_op_* functions, copied by the generated
 * dyngen_code() into a buffer mapped just below this program's text, run,
 * and compared with the same ops compiled as plain C.  TB exits, chaining
 * slots and labels are run for their effect, and every bad op file must
 * make dyngen fail naming the op, the offset and the reason.
 *
 * NOTE: this file sees neither the global register variables nor the
 * helpers' prototypes: op-i386.h declares the helpers as char arrays.
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec-all.h"
#include "gen-op-i386.h"
#include "op-i386.h"
#include "dyngen-test.h"

uint16_t gen_opc_buf[OPC_BUF_SIZE];
uint32_t gen_opparam_buf[OPPARAM_BUF_SIZE];
uint16_t *gen_opc_ptr;
uint32_t *gen_opparam_ptr;

static const uint16_t test_copy_size[] = {
#define DEF(s, n, copy_size) copy_size,
#include "opc-i386.h"
#undef DEF
};

static const uint8_t test_nb_args[] = {
#define DEF(s, n, copy_size) n,
#include "opc-i386.h"
#undef DEF
};

/* ------------------------------------------------------------------ */
/* code buffer and TB building */

#define CODE_SIZE (1 << 20)
#define NEAR_DISTANCE (64ul << 20) /* well within the +-2 GiB of a call */
#define FAR_DISTANCE (8ul << 30)   /* out of reach of a call */

static uint8_t *code_buf;

static uint8_t *map_code_below_text(uintptr_t distance)
{
    uintptr_t text = (uintptr_t)dyngen_test_run & ~(uintptr_t)0xfffff;
    int i;

    for (i = 0; i < 64; i++) {
        uintptr_t addr = text - distance - CODE_SIZE - ((uintptr_t)i << 24);
        void *p = mmap((void *)addr, CODE_SIZE,
                       PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (p == (void *)addr) {
            return p;
        }
        if (p != MAP_FAILED) {
            munmap(p, CODE_SIZE);
        }
    }
    ck_abort_msg("cannot map a code buffer %lu bytes below the text",
                 (unsigned long)distance);
    return NULL;
}

static void setup(void)
{
    code_buf = map_code_below_text(NEAR_DISTANCE);
}

static void teardown(void)
{
    munmap(code_buf, CODE_SIZE);
}

static void start_tb(void)
{
    gen_opc_ptr = gen_opc_buf;
    gen_opparam_ptr = gen_opparam_buf;
}

/* ends the op list, copies it to buf and checks the size it reports */
static int end_tb(uint8_t *buf, uint16_t *tb_jmp_offset)
{
    const uint16_t *p;
    int size, expected = 0;

    *gen_opc_ptr++ = INDEX_op_end;
    for (p = gen_opc_buf; *p != INDEX_op_end; p++) {
        expected += test_copy_size[*p];
    }
    size = dyngen_code(buf, tb_jmp_offset, gen_opc_buf, gen_opparam_buf);
    ck_assert_int_eq(size, expected);
    return size;
}

static void run_code(const uint8_t *code, TestEnv *env, TestRegs *r)
{
    dyngen_test_run((void (*)(void))code, env, r);
}

static void gen_pseudo(int opc, int nb_args, uint32_t param)
{
    int i;

    for (i = 0; i < nb_args; i++) {
        *gen_opparam_ptr++ = param;
    }
    *gen_opc_ptr++ = opc;
}

/* ------------------------------------------------------------------ */
/* random inputs around the edges */

static uint32_t rng_state = 0x2545f491;

static uint32_t rand32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint32_t pick_value(void)
{
    static const uint32_t edges[] = {
        0, 1, 2, 3, 7, 8, 9, 31, 32, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
        0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
        0x12345678, 0x9abcdef0,
    };
    uint32_t r = rand32();

    return r & 1 ? edges[(r >> 1) % (sizeof(edges) / sizeof(edges[0]))]
                 : rand32();
}

static void random_env(TestEnv *env)
{
    uint32_t *w = (uint32_t *)env;
    size_t i;

    for (i = 0; i < sizeof(*env) / 4; i++) {
        w[i] = pick_value();
    }
}

/* ------------------------------------------------------------------ */
/* the ops with a C reference */

#define MAX_PARAMS 3

enum {
    ENV_OFFSET = 1, /* param 1 is an offset into TestEnv */
    SMALL_T1 = 2,   /* loops T1 times; kept out of long sequences */
};

typedef struct RefOp {
    const char *name;
    int index;
    int nb_args;
    int flags;
    void (*ref)(void);
    void (*emit)(const uint32_t *p);
} RefOp;

#define REF_OPS(X) \
    X(movl_T0_im, 1, 0) \
    X(movl_T1_im, 1, 0) \
    X(addl_T0_im, 1, 0) \
    X(addl_T1_im, 1, 0) \
    X(addl_T0_T1, 0, 0) \
    X(decl_T0, 0, 0) \
    X(addl_A0_param2, 2, 0) \
    X(arith3, 3, 0) \
    X(sarl_T0_T1, 0, 0) \
    X(movl_reg_T0, 1, 0) \
    X(movl_T0_reg, 1, 0) \
    X(ldl_T0_env, 1, ENV_OFFSET) \
    X(addl_T0_global, 0, 0) \
    X(mix_T0, 1, 0) \
    X(note_if_above, 1, 0) \
    X(scramble_loop, 0, 0) \
    X(select, 2, 0) \
    X(note_cond_ret, 1, 0) \
    X(relay_wide_jcc, 0, 0) \
    X(relay_far_ret, 0, 0) \
    X(relay_back, 0, SMALL_T1) \
    X(repz_ret, 0, 0)

#define ARGS_0
#define ARGS_1 p[0]
#define ARGS_2 p[0], p[1]
#define ARGS_3 p[0], p[1], p[2]

#define DECLARE_REF_OP(name, n, flags) \
    void op_##name(void); \
    static void emit_##name(const uint32_t *p) \
    { \
        (void)p; \
        gen_op_##name(ARGS_##n); \
    }
REF_OPS(DECLARE_REF_OP)

#define REF_OP_ENTRY(name, n, flags) \
    { #name, INDEX_op_##name, n, flags, op_##name, emit_##name },
static const RefOp ref_ops[] = { REF_OPS(REF_OP_ENTRY) };
#define NB_REF_OPS ((int)(sizeof(ref_ops) / sizeof(ref_ops[0])))

static void random_params(const RefOp *op, uint32_t *params)
{
    int i;

    for (i = 0; i < MAX_PARAMS; i++) {
        params[i] = pick_value();
    }
    if (op->flags & ENV_OFFSET) {
        params[0] = rand32() % (sizeof(TestEnv) / 4) * 4;
    }
}

static void random_regs(const RefOp *op, TestRegs *r)
{
    r->T0 = pick_value();
    r->T1 = op->flags & SMALL_T1 ? pick_value() & 15 : pick_value();
    r->A0 = pick_value();
}

static void run_reference(const RefOp *op, const uint32_t *params,
                          TestEnv *env, TestRegs *r)
{
    ref_param1 = params[0];
    ref_param2 = params[1];
    ref_param3 = params[2];
    dyngen_test_run(op->ref, env, r);
}

static void assert_same_state(const char *what, const TestEnv *env_ref,
                              const TestRegs *r_ref, const TestEnv *env_gen,
                              const TestRegs *r_gen)
{
    ck_assert_msg(r_ref->T0 == r_gen->T0 && r_ref->T1 == r_gen->T1 &&
                  r_ref->A0 == r_gen->A0,
                  "%s: T0 T1 A0 = %08x %08x %08x, reference %08x %08x %08x",
                  what, r_gen->T0, r_gen->T1, r_gen->A0, r_ref->T0, r_ref->T1,
                  r_ref->A0);
    ck_assert_msg(memcmp(env_ref, env_gen, sizeof(*env_ref)) == 0,
                  "%s: env differs from the reference", what);
}

#define RUNS_PER_OP 300

START_TEST(test_op_matches_reference)
{
    const RefOp *op = &ref_ops[_i];
    uint16_t jmp_offset[2] = { TB_NO_JMP, TB_NO_JMP };
    int k;

    for (k = 0; k < RUNS_PER_OP; k++) {
        uint32_t params[MAX_PARAMS];
        TestEnv env_ref, env_gen;
        TestRegs r_ref, r_gen;
        char what[160];

        random_params(op, params);
        random_regs(op, &r_ref);
        random_env(&env_ref);
        r_gen = r_ref;
        env_gen = env_ref;
        dyngen_test_set_global(pick_value());
        snprintf(what, sizeof(what), "op_%s(%x, %x, %x) T0=%x T1=%x A0=%x",
                 op->name, params[0], params[1], params[2], r_ref.T0, r_ref.T1,
                 r_ref.A0);

        run_reference(op, params, &env_ref, &r_ref);
        start_tb();
        op->emit(params);
        gen_op_exit_tb();
        end_tb(code_buf, jmp_offset);
        run_code(code_buf, &env_gen, &r_gen);
        assert_same_state(what, &env_ref, &r_ref, &env_gen, &r_gen);
    }
    ck_assert_int_eq(jmp_offset[0], TB_NO_JMP);
    ck_assert_int_eq(jmp_offset[1], TB_NO_JMP);
}
END_TEST

START_TEST(test_op_nb_args)
{
    const RefOp *op = &ref_ops[_i];

    ck_assert_msg(test_nb_args[op->index] == op->nb_args,
                  "op_%s: DEF says %d parameters, %d expected", op->name,
                  test_nb_args[op->index], op->nb_args);
}
END_TEST

#define SEQ_LEN 100

static int random_sequence(const RefOp **ops, uint32_t (*params)[MAX_PARAMS])
{
    int n = 0;

    while (n < SEQ_LEN) {
        const RefOp *op = &ref_ops[rand32() % NB_REF_OPS];

        if (op->flags & SMALL_T1) {
            continue;
        }
        ops[n] = op;
        random_params(op, params[n]);
        n++;
    }
    return n;
}

/* 100 ops in one TB: every op's stripped ret must fall into the next op */
START_TEST(test_sequence_matches_reference)
{
    const RefOp *ops[SEQ_LEN];
    uint32_t params[SEQ_LEN][MAX_PARAMS];
    uint16_t jmp_offset[2] = { TB_NO_JMP, TB_NO_JMP };
    int round, i, n;

    for (round = 0; round < 40; round++) {
        TestEnv env_ref, env_gen;
        TestRegs r_ref = { pick_value(), pick_value(), pick_value() }, r_gen;
        char what[64];

        random_env(&env_ref);
        env_gen = env_ref;
        r_gen = r_ref;
        n = random_sequence(ops, params);
        start_tb();
        for (i = 0; i < n; i++) {
            ops[i]->emit(params[i]);
            run_reference(ops[i], params[i], &env_ref, &r_ref);
        }
        gen_op_exit_tb();
        end_tb(code_buf, jmp_offset);
        run_code(code_buf, &env_gen, &r_gen);
        snprintf(what, sizeof(what), "sequence %d", round);
        assert_same_state(what, &env_ref, &r_ref, &env_gen, &r_gen);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* re-laying */

START_TEST(test_relaid_copy_sizes)
{
    /* interior ret -> jmp rel8 (+1), jne rel8 -> rel32 (+4) */
    ck_assert_int_eq(test_copy_size[INDEX_op_relay_wide_jcc], 136 + 1 + 4);
    /* interior ret -> jmp rel32 (+4) */
    ck_assert_int_eq(test_copy_size[INDEX_op_relay_far_ret], 148 + 4);
    /* interior ret -> jmp rel8 (+1), jmp 1b rel8 -> rel32 (+3) */
    ck_assert_int_eq(test_copy_size[INDEX_op_relay_back], 128 + 1 + 3);
    ck_assert_int_eq(test_copy_size[INDEX_op_repz_ret], 4);
    ck_assert_int_eq(test_copy_size[INDEX_op_exit_tb], 1);
}
END_TEST

START_TEST(test_relay_back_loops)
{
    TestEnv env = { 0 };
    TestRegs r = { 10, 7, 0 };

    start_tb();
    gen_op_relay_back();
    gen_op_relay_back();
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
    run_code(code_buf, &env, &r);
    ck_assert_uint_eq(r.T0, 10 + 3 * 7);
    ck_assert_uint_eq(r.T1, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* TB exits, chaining slots, labels */

START_TEST(test_exit_tb_leaves)
{
    TestEnv env = { 0 };
    TestRegs r = { 0, 0, 0 };

    start_tb();
    gen_op_movl_T0_im(0x1234);
    gen_op_exit_tb();
    gen_op_movl_T0_im(0x5678);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
    run_code(code_buf, &env, &r);
    ck_assert_uint_eq(r.T0, 0x1234);
}
END_TEST

static void gen_goto_tb(int n, uint32_t exit_value)
{
    if (n == 0) {
        gen_op_goto_tb0(exit_value);
    } else {
        gen_op_goto_tb1(exit_value);
    }
}

START_TEST(test_goto_tb_falls_through_then_chains)
{
    uint16_t jmp_offset[2] = { TB_NO_JMP, TB_NO_JMP };
    uint8_t *tb_a = code_buf, *tb_b = code_buf + 4096;
    TestEnv env = { 0 };
    TestRegs r = { 0, 0, 0 };
    int32_t rel;
    uint16_t off;

    start_tb();
    gen_op_movl_T1_im(5);
    gen_goto_tb(_i, 0x111);
    end_tb(tb_a, jmp_offset);
    start_tb();
    gen_op_addl_T1_im(100);
    gen_op_movl_T0_im(0x222);
    gen_op_exit_tb();
    end_tb(tb_b, NULL);

    ck_assert_int_ne(jmp_offset[_i], TB_NO_JMP);
    ck_assert_int_eq(jmp_offset[1 - _i], TB_NO_JMP);
    off = jmp_offset[_i];
    ck_assert_uint_eq(tb_a[off - 1], 0xe9);
    memcpy(&rel, tb_a + off, 4);
    ck_assert_int_eq(rel, 0);

    run_code(tb_a, &env, &r);
    ck_assert_uint_eq(r.T0, 0x111);
    ck_assert_uint_eq(r.T1, 5);

    /* what exec.c does to chain the slot */
    rel = (int32_t)(tb_b - (tb_a + off + 4));
    memcpy(tb_a + off, &rel, 4);
    r.T0 = r.T1 = 0;
    run_code(tb_a, &env, &r);
    ck_assert_uint_eq(r.T0, 0x222);
    ck_assert_uint_eq(r.T1, 105);
}
END_TEST

START_TEST(test_label_forward)
{
    TestEnv env = { 0 };
    uint32_t t0;

    for (t0 = 0; t0 < 2; t0++) {
        TestRegs r = { t0, 0, 0 };

        start_tb();
        gen_op_movl_T1_im(5);
        gen_op_jz_label(3);
        gen_op_movl_T1_im(7);
        gen_pseudo(INDEX_op_set_label, 1, 3);
        gen_op_exit_tb();
        end_tb(code_buf, NULL);
        run_code(code_buf, &env, &r);
        ck_assert_uint_eq(r.T1, t0 == 0 ? 5 : 7);
    }
}
END_TEST

START_TEST(test_label_backward_loop)
{
    TestEnv env = { 0 };
    TestRegs r = { 10, 0, 0 };

    start_tb();
    gen_op_movl_T1_im(0);
    gen_pseudo(INDEX_op_set_label, 1, 0);
    gen_op_addl_T1_im(3);
    gen_op_decl_T0();
    gen_op_jnz_label(0);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
    run_code(code_buf, &env, &r);
    ck_assert_uint_eq(r.T0, 0);
    ck_assert_uint_eq(r.T1, 30);
}
END_TEST

/* nops copy nothing but their parameters must be skipped in both passes */
START_TEST(test_nops_skip_params)
{
    TestEnv env = { 0 };
    TestRegs r = { 0, 0, 0 };

    start_tb();
    gen_pseudo(INDEX_op_nop1, 1, 0xdead);
    gen_op_movl_T0_im(1);
    gen_pseudo(INDEX_op_nop2, 2, 0xbeef);
    gen_op_jz_label(OPC_MAX_LABELS - 1);
    gen_pseudo(INDEX_op_nop3, 3, 0xf00d);
    gen_op_addl_T0_im(2);
    gen_pseudo(INDEX_op_nop, 0, 0);
    gen_pseudo(INDEX_op_set_label, 1, OPC_MAX_LABELS - 1);
    gen_op_addl_T0_im(4);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
    run_code(code_buf, &env, &r);
    ck_assert_uint_eq(r.T0, 7);
}
END_TEST

START_TEST(test_unset_label_aborts)
{
    start_tb();
    gen_op_jz_label(5);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
}
END_TEST

START_TEST(test_label_out_of_range_aborts)
{
    start_tb();
    gen_pseudo(INDEX_op_set_label, 1, OPC_MAX_LABELS);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* relocation forms and their run-time range checks */

START_TEST(test_r64_param_with_addend)
{
    static const uint32_t values[] = { 0, 1, 0x7ffffffa, 0xfffffffa,
                                       0xfffffffe };
    TestEnv env = { 0 };
    size_t i;

    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        uint64_t expected = (uint64_t)values[i] + 0x100000005ull;
        TestRegs r = { 0, 0, 0 };

        start_tb();
        gen_op_movabs_T0_T1(values[i]);
        gen_op_exit_tb();
        end_tb(code_buf, NULL);
        run_code(code_buf, &env, &r);
        ck_assert_uint_eq(r.T0, (uint32_t)expected);
        ck_assert_uint_eq(r.T1, (uint32_t)(expected >> 32));
    }
}
END_TEST

START_TEST(test_r32_param_with_addend)
{
    TestEnv env = { 0 };
    TestRegs r = { 0, 0, 0 };

    start_tb();
    gen_op_movl_T0_im_plus4(0xfffffff0);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
    run_code(code_buf, &env, &r);
    ck_assert_uint_eq(r.T0, 0xfffffff4);
}
END_TEST

/* param + 4 no longer fits the zero-extended field */
START_TEST(test_r32_param_overflow_aborts)
{
    start_tb();
    gen_op_movl_T0_im_plus4(0xfffffffe);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
}
END_TEST

/* 0x80000000 in a sign-extended displacement would read below env */
START_TEST(test_r32s_param_out_of_range_aborts)
{
    start_tb();
    gen_op_ldl_T0_env(0x80000000);
    gen_op_exit_tb();
    end_tb(code_buf, NULL);
}
END_TEST

START_TEST(test_helper_out_of_reach_aborts)
{
    uint8_t *far = map_code_below_text(FAR_DISTANCE);

    start_tb();
    gen_op_mix_T0(1);
    gen_op_exit_tb();
    end_tb(far, NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* speed: dyngen_code is on the translation path */

START_TEST(test_dyngen_code_speed)
{
    const RefOp *ops[SEQ_LEN];
    uint32_t params[SEQ_LEN][MAX_PARAMS];
    uint16_t jmp_offset[2];
    struct timespec t0, t1;
    int i, n, size = 0, rounds = 20000;
    double ns_per_op;

    n = random_sequence(ops, params);
    start_tb();
    for (i = 0; i < n; i++) {
        ops[i]->emit(params[i]);
    }
    gen_op_exit_tb();
    *gen_opc_ptr++ = INDEX_op_end;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < rounds; i++) {
        size += dyngen_code(code_buf, jmp_offset, gen_opc_buf,
                            gen_opparam_buf);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns_per_op = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
                rounds / (n + 1);
    printf("dyngen_code: %.1f ns per op (%d ops, %d bytes per TB)\n",
           ns_per_op, n + 1, size / rounds);
    ck_assert_msg(ns_per_op < 200, "dyngen_code takes %.1f ns per op",
                  ns_per_op);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the dyngen program: bad ops, bad arguments, --explain */

static int run_dyngen(char *out, size_t size, const char *fmt, ...)
{
    char args[2048], cmd[2560];
    va_list ap;
    FILE *p;
    size_t n;
    int status;

    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd), "%s %s 2>&1", DYNGEN_BIN, args);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const struct BadOp {
    const char *file;
    const char *where;  /* the op and the offset, or its start */
    const char *reason;
} bad_ops[] = {
    { "jumptable", "op_bad_jumptable+0x", "indirect jmp" },
    { "absdata", "op_bad_absdata+0x",
      "absolute reference to parity_like_table (R_X86_64_32S)" },
    { "sibcall", "op_bad_sibcall+0x", "jmp to helper_note (a sibling call?" },
    { "jumpout", "op_bad_jumpout+0x3: ",
      "jump leaves the op body (target 0x6)" },
    { "noreturn", "op_bad_noreturn+0x",
      "no trailing ret: the op ends with a call to raise_exception_noreturn" },
    { "rodata", "op_bad_rodata+0x", "reference to section .rodata" },
    { "section", "op_bad_section+0x0: ", "code outside .text" },
    { "pic", "op_bad_pic+0x", "GOT relocation" },
    { "riprel", "op_bad_riprel+0x0: ",
      "RIP-relative operand without a relocation" },
    { "loop", "op_bad_loop+0x3: ", "jrcxz no longer reaches its target" },
    { "localcall", "op_bad_localcall+0x0: ", "call without a relocation" },
    { "exitframe", "op_bad_exit_frame+0x", "EXIT_TB with 8 bytes on the stack" },
};

START_TEST(test_bad_op_refused)
{
    const struct BadOp *bad = &bad_ops[_i];
    char out[4096], output[1024], expected[256];
    const char *line;
    int rc;

    snprintf(output, sizeof(output), "%s/bad-%s.h", DYNGEN_TEST_DIR, bad->file);
    unlink(output);
    rc = run_dyngen(out, sizeof(out), "-o %s %s/dyngen-bad-%s.o", output,
                    DYNGEN_TEST_DIR, bad->file);
    ck_assert_msg(rc == 1, "dyngen exit status %d for %s:\n%s", rc, bad->file,
                  out);
    snprintf(expected, sizeof(expected), "dyngen: %s", bad->where);
    line = strstr(out, expected);
    ck_assert_msg(line != NULL, "no \"%s\" in:\n%s", expected, out);
    ck_assert_msg(strstr(line, ": ") && strstr(line, bad->reason),
                  "no \"%s\" in:\n%s", bad->reason, out);
    ck_assert_msg(access(output, F_OK) != 0, "%s written anyway", output);
}
END_TEST

START_TEST(test_usage)
{
    static const char *const bad_args[] = {
        "", "-c -g -o x " DYNGEN_TEST_DIR "/dyngen-ops.o",
        DYNGEN_TEST_DIR "/dyngen-ops.o", "--explain",
        "-o x a.o b.o", "--frobnicate a.o",
    };
    char out[4096];
    size_t i;

    for (i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++) {
        int rc = run_dyngen(out, sizeof(out), "%s", bad_args[i]);

        ck_assert_msg(rc == 2 && strstr(out, "usage: dyngen"),
                      "dyngen %s: status %d:\n%s", bad_args[i], rc, out);
    }
}
END_TEST

static void assert_input_refused(const char *input, const char *reason)
{
    char out[4096];
    int rc = run_dyngen(out, sizeof(out), "-o %s/never.h %s", DYNGEN_TEST_DIR,
                        input);

    ck_assert_msg(rc == 1 && strstr(out, reason),
                  "dyngen %s: status %d, expected \"%s\":\n%s", input, rc,
                  reason, out);
}

START_TEST(test_bad_inputs)
{
    assert_input_refused(DYNGEN_TEST_DIR "/missing.o",
                         "No such file or directory");
    assert_input_refused(DYNGEN_SRC_DIR "/dyngen-ops.c",
                         "not an object file");
    assert_input_refused(DYNGEN_TEST_DIR "/i386.o", "wrong architecture");
}
END_TEST

START_TEST(test_explain_relaid_op)
{
    char out[16384];
    int rc = run_dyngen(out, sizeof(out), "--explain op_note_cond_ret %s",
                        DYNGEN_TEST_DIR "/dyngen-ops.o");

    ck_assert_msg(rc == 0, "status %d:\n%s", rc, out);
    ck_assert_ptr_nonnull(strstr(out, "interior ret: becomes jmp"));
    ck_assert_ptr_nonnull(strstr(out, "final ret: stripped"));
    ck_assert_ptr_nonnull(strstr(out, "R_X86_64_PLT32 helper_note"));
    ck_assert_ptr_nonnull(strstr(out, "__op_param1"));
    ck_assert_ptr_nonnull(strstr(out, "copied body"));
}
END_TEST

START_TEST(test_explain_refused_op)
{
    char out[16384];
    int rc = run_dyngen(out, sizeof(out), "--explain op_bad_jumptable %s",
                        DYNGEN_TEST_DIR "/dyngen-bad-jumptable.o");

    ck_assert_msg(rc == 1, "status %d:\n%s", rc, out);
    ck_assert_ptr_nonnull(strstr(out, "jmp    *"));
    ck_assert_ptr_nonnull(strstr(out, "refused: op_bad_jumptable+0x"));
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *dyngen_suite(void)
{
    Suite *s = suite_create("dyngen");
    TCase *tc;

    tc = tcase_create("ops");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_op_nb_args, 0, NB_REF_OPS);
    tcase_add_loop_test(tc, test_op_matches_reference, 0, NB_REF_OPS);
    tcase_add_test(tc, test_sequence_matches_reference);
    tcase_add_test(tc, test_relaid_copy_sizes);
    tcase_add_test(tc, test_relay_back_loops);
    tcase_add_test(tc, test_dyngen_code_speed);
    suite_add_tcase(s, tc);

    tc = tcase_create("control");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_exit_tb_leaves);
    tcase_add_loop_test(tc, test_goto_tb_falls_through_then_chains, 0, 2);
    tcase_add_test(tc, test_label_forward);
    tcase_add_test(tc, test_label_backward_loop);
    tcase_add_test(tc, test_nops_skip_params);
    tcase_add_test_raise_signal(tc, test_unset_label_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_label_out_of_range_aborts, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("relocations");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_r64_param_with_addend);
    tcase_add_test(tc, test_r32_param_with_addend);
    tcase_add_test_raise_signal(tc, test_r32_param_overflow_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_r32s_param_out_of_range_aborts,
                                SIGABRT);
    tcase_add_test_raise_signal(tc, test_helper_out_of_reach_aborts, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("program");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_bad_op_refused, 0,
                        sizeof(bad_ops) / sizeof(bad_ops[0]));
    tcase_add_test(tc, test_usage);
    tcase_add_test(tc, test_bad_inputs);
    tcase_add_test(tc, test_explain_relaid_op);
    tcase_add_test(tc, test_explain_refused_op);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dyngen_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
