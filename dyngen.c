/*
 * dyngen: the build-time generator that turns the compiled micro-ops of
 * op-i386.o into copy-and-patch templates.
 *
 *   dyngen -c -o opc-i386.h op-i386.o     DEF(name, nb_args, copy_size) list
 *   dyngen -g -o gen-op-i386.h op-i386.o  the gen_op_* emitters
 *   dyngen -o op-i386.h op-i386.o         templates and dyngen_code()
 *   dyngen --explain op_NAME op-i386.o    how one op is copied and patched
 *
 * Every op_* function is decoded instruction by instruction (libopcodes
 * gives the lengths, a small decoder below knows the branch forms).  Its
 * final ret is stripped so that the next op's code follows; an interior
 * ret becomes a jmp to the end of the copied body, which means the body
 * must be re-laid: following bytes move, every branch inside the op is
 * re-encoded (rel8 widened to rel32 where it no longer reaches) and the
 * relocations move with their instructions.
 *
 * NOTE: silent miscompilation is the one failure this tool must never
 * allow.  Anything it does not fully understand (a relocation type, an
 * indirect jmp, a jump out of the op, a RIP-relative operand without a
 * relocation...) stops the build with "op_NAME+OFFSET: reason", and no
 * output file is written.
 */
#include <bfd.h>
#include <dis-asm.h>
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 3
#define MAX_JMP_SLOTS 2
#define SLOT_ROOM 3 /* nops after a chaining jmp: see slot_has_room */
#define OP_PREFIX "op_"

/* the DEF entries that copy no code and come before the real ops */
static const struct {
    const char *name;
    int nb_args;
} pseudo_ops[] = {
    { "end", 0 }, { "nop", 0 }, { "nop1", 1 }, { "nop2", 2 }, { "nop3", 3 },
    { "set_label", 1 },
};
#define NB_PSEUDO_OPS (sizeof(pseudo_ops) / sizeof(pseudo_ops[0]))

/* ------------------------------------------------------------------ */
/* data model */

typedef enum RelocKind {
    RK_PARAM,    /* __op_paramN: the op's parameter N */
    RK_JMP_SLOT, /* __op_jmpN: chaining slot N (GOTO_TB) */
    RK_LABEL,    /* __op_gen_labelN: label numbered by parameter N */
    RK_EXTERN,   /* PC-relative reference to an emulator symbol */
} RelocKind;

typedef struct OpReloc {
    uint32_t offset;     /* of the field in the op as compiled */
    uint32_t new_offset; /* of the field in the copied body */
    unsigned type;       /* R_X86_64_* */
    const char *type_name;
    RelocKind kind;
    int n;               /* param number, or chaining slot */
    int64_t addend;
    const asymbol *symbol;
    const char *sym;
    int insn;            /* index of the instruction holding the field */
} OpReloc;

typedef enum InsnKind {
    IK_PLAIN,     /* copied as it is */
    IK_BRANCH,    /* jmp/jcc/loop inside the op: re-encoded */
    IK_RET,       /* interior ret: becomes jmp to the end of the body */
    IK_FINAL_RET, /* stripped */
    IK_EXIT,      /* EXIT_TB's hlt: becomes ret */
    IK_GOTO_PTR,  /* GOTO_PTR's jmp *reg into another TB (op_goto_ptr) */
    IK_PADDING,   /* alignment after the final ret: not part of the op */
} InsnKind;

#define DEPTH_UNSET INT32_MIN         /* not reached yet */
#define DEPTH_UNKNOWN (INT32_MIN + 1) /* rsp changed in a way not followed */

typedef enum BranchForm { BR_NONE, BR_JCC, BR_JMP, BR_LOOP, BR_CALL } BranchForm;

typedef struct Insn {
    uint32_t off, len;         /* as compiled */
    uint32_t new_off, new_len; /* in the copied body */
    InsnKind kind;
    BranchForm form;
    bool is_long;              /* branch currently in its rel32 form */
    uint8_t prefix_len;        /* kept in front of a re-encoded branch */
    uint8_t cc;                /* jcc condition */
    int32_t target_off;        /* branch target, relative to the op */
    int target;                /* index of the target instruction */
    int32_t depth;             /* rsp on entry (-8: one push), or DEPTH_* */
    char text[128];            /* AT&T disassembly */
} Insn;

typedef struct Op {
    const char *name;     /* with the op_ prefix */
    asection *section;
    uint32_t addr;        /* in .text */
    uint32_t extent;      /* up to the next symbol, padding included */
    const uint8_t *code;
    Insn *insns;
    int nb_insns;
    int body_insns;       /* instructions up to and including the final ret */
    OpReloc *relocs;
    int nb_relocs;
    uint8_t *body;
    uint32_t body_size;
    int nb_args;
    bool relaid;          /* interior rets forced a new layout */
    bool refused;
    char error[320];
} Op;

typedef struct ObjFile {
    const char *path;
    bfd *abfd;
    asection *text;
    bfd_byte *text_data;
    uint32_t text_size;
    asymbol **syms;
    long nb_syms;
    arelent **relocs;     /* of .text, sorted by address */
    long nb_relocs;
    Op *ops;              /* in address order */
    int nb_ops;
} ObjFile;

/* ------------------------------------------------------------------ */
/* errors */

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
    va_list ap;

    fputs("dyngen: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);

    if (!p) {
        fatal("out of memory");
    }
    return p;
}

/* Record why an op is refused; the first reason wins.  Returns false so
   callers can write `return op_refuse(...)`. */
static bool __attribute__((format(printf, 3, 4)))
op_refuse(Op *op, uint32_t off, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (op->refused) {
        return false;
    }
    op->refused = true;
    n = snprintf(op->error, sizeof(op->error), "%s+0x%x: ", op->name, off);
    va_start(ap, fmt);
    vsnprintf(op->error + n, sizeof(op->error) - n, fmt, ap);
    va_end(ap);
    return false;
}

/* ------------------------------------------------------------------ */
/* reading the object with libbfd */

static const char *bfd_error_text(void)
{
    return bfd_errmsg(bfd_get_error());
}

static void open_object(ObjFile *obj, const char *path)
{
    bfd *abfd;
    long size;

    obj->path = path;
    bfd_init();
    abfd = bfd_openr(path, NULL);
    if (!abfd) {
        fatal("%s: %s", path, bfd_error_text());
    }
    if (!bfd_check_format(abfd, bfd_object)) {
        fatal("%s: not an object file (%s)", path, bfd_error_text());
    }
    if (bfd_get_flavour(abfd) != bfd_target_elf_flavour ||
        bfd_get_arch(abfd) != bfd_arch_i386 ||
        bfd_get_mach(abfd) != bfd_mach_x86_64 ||
        strcmp(bfd_get_target(abfd), "elf64-x86-64") != 0) {
        fatal("%s: wrong architecture (%s, %s): an x86_64 ELF object is "
              "expected", path, bfd_get_target(abfd), bfd_printable_name(abfd));
    }
    if (bfd_get_file_flags(abfd) & (EXEC_P | DYNAMIC)) {
        fatal("%s: not a relocatable object (compile the ops with -c)", path);
    }
    obj->abfd = abfd;
    obj->text = bfd_get_section_by_name(abfd, ".text");
    if (!obj->text) {
        fatal("%s: no .text section", path);
    }
    obj->text_size = bfd_section_size(obj->text);
    if (!bfd_malloc_and_get_section(abfd, obj->text, &obj->text_data)) {
        fatal("%s: cannot read .text: %s", path, bfd_error_text());
    }
    size = bfd_get_symtab_upper_bound(abfd);
    if (size < 0) {
        fatal("%s: cannot read the symbol table: %s", path, bfd_error_text());
    }
    obj->syms = xcalloc(1, size);
    obj->nb_syms = bfd_canonicalize_symtab(abfd, obj->syms);
    if (obj->nb_syms < 0) {
        fatal("%s: cannot read the symbol table: %s", path, bfd_error_text());
    }
}

static int cmp_reloc(const void *a, const void *b)
{
    const arelent *ra = *(const arelent *const *)a;
    const arelent *rb = *(const arelent *const *)b;

    return (ra->address > rb->address) - (ra->address < rb->address);
}

static void read_text_relocs(ObjFile *obj)
{
    long size = bfd_get_reloc_upper_bound(obj->abfd, obj->text);

    if (size < 0) {
        fatal("%s: cannot read .text relocations: %s", obj->path,
              bfd_error_text());
    }
    obj->relocs = xcalloc(1, size);
    obj->nb_relocs = bfd_canonicalize_reloc(obj->abfd, obj->text, obj->relocs,
                                            obj->syms);
    if (obj->nb_relocs < 0) {
        fatal("%s: cannot read .text relocations: %s", obj->path,
              bfd_error_text());
    }
    qsort(obj->relocs, obj->nb_relocs, sizeof(arelent *), cmp_reloc);
}

static bool is_code_symbol(const asymbol *sym)
{
    return !(sym->flags & (BSF_SECTION_SYM | BSF_FILE | BSF_DEBUGGING));
}

static bool is_op_symbol(const asymbol *sym)
{
    return is_code_symbol(sym) &&
           strncmp(bfd_asymbol_name(sym), OP_PREFIX, strlen(OP_PREFIX)) == 0;
}

static uint32_t symbol_offset(const asymbol *sym)
{
    return (uint32_t)(bfd_asymbol_value(sym) - bfd_section_vma(sym->section));
}

static int cmp_op_addr(const void *a, const void *b)
{
    const Op *oa = a, *ob = b;

    if (oa->addr != ob->addr) {
        return (oa->addr > ob->addr) - (oa->addr < ob->addr);
    }
    return strcmp(oa->name, ob->name);
}

/* An op runs from its symbol to the next symbol of .text (or the end of
   the section): libbfd gives no ELF symbol sizes.  The alignment padding
   this includes is recognised after the final ret. */
static uint32_t symbol_extent(const ObjFile *obj, uint32_t addr)
{
    uint32_t end = obj->text_size;
    long i;

    for (i = 0; i < obj->nb_syms; i++) {
        const asymbol *sym = obj->syms[i];
        uint32_t a;

        if (sym->section != obj->text || !is_code_symbol(sym)) {
            continue;
        }
        a = symbol_offset(sym);
        if (a > addr && a < end) {
            end = a;
        }
    }
    return end - addr;
}

static bool is_c_identifier(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) {
        return false;
    }
    for (; *s; s++) {
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
              (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))) {
            return false;
        }
    }
    return true;
}

static void find_ops(ObjFile *obj)
{
    long i;
    int n = 0;

    obj->ops = xcalloc(obj->nb_syms, sizeof(Op));
    for (i = 0; i < obj->nb_syms; i++) {
        asymbol *sym = obj->syms[i];
        Op *op;
        size_t k;

        if (!is_op_symbol(sym)) {
            continue;
        }
        op = &obj->ops[n++];
        op->name = bfd_asymbol_name(sym);
        op->section = sym->section;
        if (sym->section != obj->text) {
            op_refuse(op, 0, "code outside .text (%s %s)",
                      bfd_is_und_section(sym->section) ? "undefined in"
                                                       : "in section",
                      bfd_is_und_section(sym->section)
                          ? "this object" : bfd_section_name(sym->section));
            continue;
        }
        op->addr = symbol_offset(sym);
        op->extent = symbol_extent(obj, op->addr);
        op->code = obj->text_data + op->addr;
        if (!is_c_identifier(op->name)) {
            op_refuse(op, 0, "the name is not a C identifier");
        }
        for (k = 0; k < NB_PSEUDO_OPS; k++) {
            if (strcmp(op->name + strlen(OP_PREFIX), pseudo_ops[k].name) == 0) {
                op_refuse(op, 0, "the name clashes with the pseudo-op %s",
                          pseudo_ops[k].name);
            }
        }
    }
    obj->nb_ops = n;
    qsort(obj->ops, n, sizeof(Op), cmp_op_addr);
}

/* ------------------------------------------------------------------ */
/* disassembly with libopcodes */

typedef struct TextBuf {
    char *buf;
    size_t size, len;
} TextBuf;

static int text_vprintf(TextBuf *t, const char *fmt, va_list ap)
{
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);

    if (n > 0) {
        t->len += n;
        if (t->len >= t->size) {
            t->len = t->size - 1;
        }
    }
    return n;
}

static int text_printf(void *stream, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = text_vprintf(stream, fmt, ap);
    va_end(ap);
    return n;
}

static int text_styled_printf(void *stream, enum disassembler_style style,
                              const char *fmt, ...)
{
    va_list ap;
    int n;

    (void)style;
    va_start(ap, fmt);
    n = text_vprintf(stream, fmt, ap);
    va_end(ap);
    return n;
}

static void print_op_address(bfd_vma addr, struct disassemble_info *info)
{
    info->fprintf_func(info->stream, "0x%lx", (unsigned long)addr);
}

/* Disassemble one instruction of code[0..size) at offset off; addresses
   are printed relative to code.  Returns its length, or -1. */
static int disas_one(const uint8_t *code, uint32_t size, uint32_t off,
                     char *text, size_t text_size)
{
    static disassembler_ftype disasm;
    struct disassemble_info info;
    TextBuf t = { text, text_size, 0 };
    int len;

    if (!disasm) {
        disasm = disassembler(bfd_arch_i386, false, bfd_mach_x86_64, NULL);
        if (!disasm) {
            fatal("libopcodes has no x86_64 disassembler");
        }
    }
    text[0] = '\0';
    init_disassemble_info(&info, &t, text_printf, text_styled_printf);
    info.arch = bfd_arch_i386;
    info.mach = bfd_mach_x86_64;
    info.buffer = (bfd_byte *)code;
    info.buffer_vma = 0;
    info.buffer_length = size;
    info.print_address_func = print_op_address;
    disassemble_init_for_target(&info);
    len = disasm(off, &info);
    return len;
}

/* ------------------------------------------------------------------ */
/* the few x86 instruction forms dyngen must understand */

typedef struct InsnForm {
    int nb_legacy;      /* legacy prefix bytes */
    int prefix_len;     /* legacy prefixes and REX */
    bool opsize;        /* 0x66 */
    bool rep;           /* 0xf3 */
    bool only_nop_prefixes;
    uint8_t op, op2, modrm;
} InsnForm;

static bool is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
        return true;
    default:
        return false;
    }
}

static void decode_form(const uint8_t *p, uint32_t len, InsnForm *f)
{
    uint32_t i = 0;

    memset(f, 0, sizeof(*f));
    f->only_nop_prefixes = true;
    while (i < len && is_legacy_prefix(p[i])) {
        f->opsize |= p[i] == 0x66;
        f->rep |= p[i] == 0xf3;
        f->only_nop_prefixes &= p[i] != 0x67 && p[i] != 0xf0 &&
                                p[i] != 0xf2 && p[i] != 0xf3;
        i++;
    }
    f->nb_legacy = i;
    if (i < len && (p[i] & 0xf0) == 0x40) {
        f->only_nop_prefixes = false;
        i++;
    }
    f->prefix_len = i;
    f->op = i < len ? p[i] : 0;
    f->op2 = i + 1 < len ? p[i + 1] : 0;
    f->modrm = f->op2;
}

/* gas fills the gap between functions with nop forms only */
static bool is_padding_nop(const InsnForm *f)
{
    return f->only_nop_prefixes &&
           (f->op == 0x90 || (f->op == 0x0f && f->op2 == 0x1f));
}

static bool is_ret(const InsnForm *f, uint32_t len)
{
    return f->op == 0xc3 && (uint32_t)f->prefix_len + 1 == len &&
           (f->prefix_len == 0 || (f->prefix_len == 1 && f->rep));
}

/* The relative branch forms: returns the form and the size of the
   displacement, which always ends the instruction. */
static BranchForm branch_form(const InsnForm *f, int *disp_size)
{
    uint8_t op = f->op;

    *disp_size = 1;
    if (op >= 0x70 && op <= 0x7f) {
        return BR_JCC;
    }
    if (op == 0xeb) {
        return BR_JMP;
    }
    if (op >= 0xe0 && op <= 0xe3) {
        return BR_LOOP;
    }
    *disp_size = 4;
    if (op == 0xe9) {
        return BR_JMP;
    }
    if (op == 0xe8) {
        return BR_CALL;
    }
    if (op == 0x0f && f->op2 >= 0x80 && f->op2 <= 0x8f) {
        return BR_JCC;
    }
    return BR_NONE;
}

/* target of a relative branch, relative to the branch's own start */
static int32_t branch_target(const uint8_t *p, uint32_t len, int disp_size)
{
    const uint8_t *d = p + len - disp_size;

    if (disp_size == 1) {
        return (int32_t)len + (int8_t)d[0];
    }
    return (int32_t)len + (int32_t)((uint32_t)d[0] | d[1] << 8 | d[2] << 16 |
                                    (uint32_t)d[3] << 24);
}

static const char *const loop_names[] = { "loopne", "loope", "loop", "jrcxz" };

/* ------------------------------------------------------------------ */
/* relocations */

static bool is_pc_relative(unsigned type)
{
    return type == R_X86_64_PC32 || type == R_X86_64_PLT32;
}

static bool is_absolute(unsigned type)
{
    return type == R_X86_64_32 || type == R_X86_64_32S || type == R_X86_64_64;
}

static bool is_got_reloc(unsigned type)
{
    switch (type) {
    case R_X86_64_GOT32: case R_X86_64_GOTPCREL: case R_X86_64_GOTOFF64:
    case R_X86_64_GOTPC32: case R_X86_64_GOT64: case R_X86_64_GOTPCREL64:
    case R_X86_64_GOTPC64: case R_X86_64_GOTPLT64: case R_X86_64_PLTOFF64:
    case R_X86_64_GOTPCRELX: case R_X86_64_REX_GOTPCRELX:
        return true;
    default:
        return false;
    }
}

static bool is_tls_reloc(unsigned type)
{
    switch (type) {
    case R_X86_64_DTPMOD64: case R_X86_64_DTPOFF64: case R_X86_64_TPOFF64:
    case R_X86_64_TLSGD: case R_X86_64_TLSLD: case R_X86_64_DTPOFF32:
    case R_X86_64_GOTTPOFF: case R_X86_64_TPOFF32:
    case R_X86_64_GOTPC32_TLSDESC: case R_X86_64_TLSDESC_CALL:
    case R_X86_64_TLSDESC:
        return true;
    default:
        return false;
    }
}

static uint32_t reloc_field_size(unsigned type)
{
    return type == R_X86_64_64 ? 8 : 4;
}

/* "__op_param2" -> 2 when name is prefix followed by one digit in [lo, hi] */
static int marker_number(const char *name, const char *prefix, int lo, int hi)
{
    size_t n = strlen(prefix);

    if (strncmp(name, prefix, n) != 0 || name[n] < '0' || name[n] > '9' ||
        name[n + 1] != '\0') {
        return -1;
    }
    return name[n] - '0' >= lo && name[n] - '0' <= hi ? name[n] - '0' : -1;
}

/* What a relocation means, or why the op is refused. */
static bool classify_reloc(Op *op, OpReloc *r)
{
    const asymbol *sym = r->symbol;
    const char *name = r->sym;
    uint32_t off = r->offset;
    int n;

    if (!r->type) {
        return op_refuse(op, off, "unknown relocation type against %s", name);
    }
    if (sym->flags & BSF_SECTION_SYM) {
        return op_refuse(op, off, "reference to section %s (%s): constant data "
                         "or a jump table, which stays behind when the op is "
                         "copied; reach data through env or a helper",
                         name, r->type_name);
    }
    if (is_got_reloc(r->type)) {
        return op_refuse(op, off, "GOT relocation %s against %s: the op file "
                         "was compiled as PIC (use -fno-pic -fno-pie)",
                         r->type_name, name);
    }
    if (is_tls_reloc(r->type)) {
        return op_refuse(op, off, "thread-local reference %s against %s",
                         r->type_name, name);
    }
    if (!is_pc_relative(r->type) && !is_absolute(r->type)) {
        return op_refuse(op, off, "unsupported relocation type %s against %s",
                         r->type_name, name);
    }
    if ((n = marker_number(name, "__op_param", 1, MAX_ARGS)) > 0) {
        if (!is_absolute(r->type)) {
            return op_refuse(op, off, "PC-relative use of %s (%s): the op "
                             "file was compiled as PIE (use -fno-pie)",
                             name, r->type_name);
        }
        r->kind = RK_PARAM;
        r->n = n;
        op->nb_args = n > op->nb_args ? n : op->nb_args;
        return true;
    }
    if ((n = marker_number(name, "__op_jmp", 0, MAX_JMP_SLOTS - 1)) >= 0) {
        r->kind = RK_JMP_SLOT;
        r->n = n;
    } else if ((n = marker_number(name, "__op_gen_label", 1, MAX_ARGS)) > 0) {
        r->kind = RK_LABEL;
        r->n = n;
        op->nb_args = n > op->nb_args ? n : op->nb_args;
    } else if (strncmp(name, "__op_", 5) == 0) {
        return op_refuse(op, off, "unknown marker symbol %s", name);
    } else {
        r->kind = RK_EXTERN;
    }
    if (!is_pc_relative(r->type)) {
        return op_refuse(op, off, "absolute reference to %s (%s): the "
                         "emulator is a PIE above 4 GiB; reach data through "
                         "env or a helper", name, r->type_name);
    }
    if (r->kind == RK_EXTERN && !bfd_is_und_section(sym->section)) {
        return op_refuse(op, off, "reference to %s, which is defined in the "
                         "op object itself (that object is never linked)",
                         name);
    }
    if (r->kind == RK_EXTERN && !is_c_identifier(name)) {
        return op_refuse(op, off, "reference to %s, which is not a C "
                         "identifier", name);
    }
    return true;
}

/* the instruction holding byte off, or -1 */
static int insn_at(const Op *op, uint32_t off)
{
    int lo = 0, hi = op->nb_insns - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const Insn *in = &op->insns[mid];

        if (off < in->off) {
            hi = mid - 1;
        } else if (off >= in->off + in->len) {
            lo = mid + 1;
        } else {
            return mid;
        }
    }
    return -1;
}

/* The relocations of the op, each tied to the instruction holding it;
   what they mean is decided instruction by instruction later. */
static void collect_relocs(const ObjFile *obj, Op *op)
{
    long i;
    int n = 0;

    op->relocs = xcalloc(obj->nb_relocs, sizeof(OpReloc));
    for (i = 0; i < obj->nb_relocs; i++) {
        const arelent *rel = obj->relocs[i];
        OpReloc *r;

        if (rel->address < op->addr || rel->address >= op->addr + op->extent) {
            continue;
        }
        r = &op->relocs[n++];
        r->offset = rel->address - op->addr;
        r->type = rel->howto ? rel->howto->type : 0;
        r->type_name = rel->howto && rel->howto->name ? rel->howto->name : "?";
        r->addend = (int64_t)rel->addend;
        r->symbol = *rel->sym_ptr_ptr;
        r->sym = bfd_asymbol_name(r->symbol);
        r->insn = insn_at(op, r->offset);
    }
    op->nb_relocs = n;
}

/* Every relocated field lies inside one instruction of the copied body. */
static bool check_reloc_places(Op *op)
{
    int i;

    for (i = 0; i < op->nb_relocs; i++) {
        const OpReloc *r = &op->relocs[i];

        if (r->insn < 0 || r->insn >= op->body_insns - 1 ||
            r->offset + reloc_field_size(r->type) >
                op->insns[r->insn].off + op->insns[r->insn].len) {
            return op_refuse(op, r->offset, "relocation %s against %s is not "
                             "inside one copied instruction", r->type_name,
                             r->sym);
        }
    }
    return true;
}

/* the relocation of the field at off, if any */
static OpReloc *reloc_at(const Op *op, uint32_t off)
{
    int i;

    for (i = 0; i < op->nb_relocs; i++) {
        if (op->relocs[i].offset == off) {
            return &op->relocs[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* decoding an op */

static bool decode_insns(Op *op)
{
    uint32_t off = 0;

    op->insns = xcalloc(op->extent, sizeof(Insn));
    while (off < op->extent) {
        Insn *in = &op->insns[op->nb_insns];
        int len = disas_one(op->code, op->extent, off, in->text,
                            sizeof(in->text));

        if (len <= 0 || off + len > op->extent) {
            return op_refuse(op, off, "instruction cannot be decoded or runs "
                             "past the end of the op");
        }
        if (strstr(in->text, "(bad)")) {
            return op_refuse(op, off, "undecodable instruction");
        }
        in->off = off;
        in->len = len;
        op->nb_insns++;
        off += len;
    }
    return true;
}

/* Why an op has no ret at the end: say what it ends with instead. */
static bool refuse_no_ret(Op *op, const Insn *in)
{
    const OpReloc *r = reloc_at(op, in->off + in->len - 4);
    uint8_t op0 = op->code[in->off];

    if (r && op0 == 0xe9) {
        return op_refuse(op, in->off, "no trailing ret: the op ends with a jmp "
                         "to %s (a sibling call? compile ops with "
                         "-fno-optimize-sibling-calls)", r->sym);
    }
    if (r && op0 == 0xe8) {
        return op_refuse(op, in->off, "no trailing ret: the op ends with a "
                         "call to %s (a helper declared noreturn?)", r->sym);
    }
    return op_refuse(op, in->off, "no trailing ret: the op ends with `%s`",
                     in->text);
}

/* The op ends at its last ret; only nops may follow (the padding gas puts
   before the next function). */
static bool find_final_ret(Op *op)
{
    int i = op->nb_insns - 1;
    InsnForm f;

    for (; i >= 0; i--) {
        const Insn *in = &op->insns[i];

        decode_form(op->code + in->off, in->len, &f);
        if (!is_padding_nop(&f)) {
            break;
        }
        op->insns[i].kind = IK_PADDING;
    }
    if (i < 0) {
        return op_refuse(op, 0, "no code (an empty op has no trailing ret)");
    }
    if (!is_ret(&f, op->insns[i].len)) {
        return refuse_no_ret(op, &op->insns[i]);
    }
    op->insns[i].kind = IK_FINAL_RET;
    op->body_insns = i + 1;
    return true;
}

static int insn_starting_at(const Op *op, int32_t off)
{
    int i = off >= 0 ? insn_at(op, off) : -1;

    return i >= 0 && op->insns[i].off == (uint32_t)off ? i : -1;
}

/* A direct branch without a relocation: it must stay inside the op. */
static bool classify_local_branch(Op *op, Insn *in, const InsnForm *f,
                                  BranchForm form, int disp_size)
{
    in->target_off = branch_target(op->code + in->off, in->len, disp_size) +
                     (int32_t)in->off;
    if (form == BR_CALL) {
        return op_refuse(op, in->off, "call without a relocation (target "
                         "%s0x%x): a function of the op file itself?",
                         in->target_off < 0 ? "-" : "",
                         (unsigned)abs(in->target_off));
    }
    if (f->opsize) {
        return op_refuse(op, in->off, "16-bit branch");
    }
    in->target = insn_starting_at(op, in->target_off);
    if (in->target_off < 0 ||
        in->target_off > (int32_t)op->insns[op->body_insns - 1].off) {
        return op_refuse(op, in->off, "jump leaves the op body (target "
                         "%s0x%x)", in->target_off < 0 ? "-" : "",
                         (unsigned)abs(in->target_off));
    }
    if (in->target < 0) {
        return op_refuse(op, in->off, "jump into the middle of an instruction "
                         "(target 0x%x)", in->target_off);
    }
    in->kind = IK_BRANCH;
    in->form = form;
    in->is_long = disp_size == 4;
    in->prefix_len = f->prefix_len;
    in->cc = (f->op == 0x0f ? f->op2 : f->op) & 0x0f;
    return true;
}

/* A branch whose displacement is relocated: a marker or a helper. */
static bool check_marker_branch(Op *op, const Insn *in, const InsnForm *f,
                                BranchForm form, const OpReloc *r)
{
    if (r->kind == RK_EXTERN) {
        if (form == BR_CALL) {
            return true;
        }
        return op_refuse(op, in->off, "%s to %s leaves the op (a sibling "
                         "call? compile ops with -fno-optimize-sibling-calls)",
                         form == BR_JMP ? "jmp" : "conditional jump", r->sym);
    }
    if (form != BR_JMP || f->op != 0xe9 || f->prefix_len != 0 ||
        r->offset != in->off + 1 || r->addend != -4) {
        return op_refuse(op, in->off, "%s must be the target of a plain "
                         "`jmp rel32`", r->sym);
    }
    return true;
}

/* Checks that need no relocation come first, so that a jump table is
   reported as one rather than as its .rodata reference. */
static bool is_goto_ptr(const Op *op, const InsnForm *f)
{
    return f->op == 0xff && ((f->modrm >> 3) & 7) == 4 && (f->modrm >> 6) == 3 &&
           strcmp(op->name, "op_goto_ptr") == 0;
}

static bool check_insn_shape(Op *op, const Insn *in, const InsnForm *f)
{
    if (is_goto_ptr(op, f))
        return true;
    if (f->op == 0xff && ((f->modrm >> 3) & 7) >= 4 &&
        ((f->modrm >> 3) & 7) <= 5) {
        return op_refuse(op, in->off, "indirect jmp `%s` (a jump table? "
                         "compile ops with -fno-jump-tables)", in->text);
    }
    if (f->op == 0xc7 && f->op2 == 0xf8) {
        return op_refuse(op, in->off, "xbegin has a relative target");
    }
    return true;
}

static bool classify_insn_relocs(Op *op, int i, bool *has_pc_reloc)
{
    int k;

    *has_pc_reloc = false;
    for (k = 0; k < op->nb_relocs; k++) {
        OpReloc *r = &op->relocs[k];

        if (r->insn != i) {
            continue;
        }
        if (!classify_reloc(op, r)) {
            return false;
        }
        *has_pc_reloc |= is_pc_relative(r->type);
    }
    return true;
}

static bool classify_branch(Op *op, Insn *in, const InsnForm *f,
                            BranchForm form, int disp_size)
{
    const OpReloc *r = reloc_at(op, in->off + in->len - disp_size);
    int k;

    if ((uint32_t)(f->prefix_len + (f->op == 0x0f ? 2 : 1) + disp_size) !=
        in->len) {
        return op_refuse(op, in->off, "unexpected encoding of `%s`", in->text);
    }
    for (k = 0; k < op->nb_relocs; k++) {
        if (&op->insns[op->relocs[k].insn] == in && &op->relocs[k] != r) {
            return op_refuse(op, in->off, "unexpected relocation in `%s`",
                             in->text);
        }
    }
    if (r) {
        if (disp_size != 4) {
            return op_refuse(op, in->off, "relocated rel8 branch");
        }
        return check_marker_branch(op, in, f, form, r);
    }
    return classify_local_branch(op, in, f, form, disp_size);
}

static bool classify_insn(Op *op, int i)
{
    Insn *in = &op->insns[i];
    InsnForm f;
    BranchForm form;
    bool has_pc_reloc;
    int disp_size, k;

    decode_form(op->code + in->off, in->len, &f);
    if (!check_insn_shape(op, in, &f) ||
        !classify_insn_relocs(op, i, &has_pc_reloc)) {
        return false;
    }
    form = branch_form(&f, &disp_size);
    if (form != BR_NONE) {
        return classify_branch(op, in, &f, form, disp_size);
    }
    for (k = 0; k < op->nb_relocs; k++) {
        const OpReloc *r = &op->relocs[k];

        if (r->insn == i && (r->kind == RK_JMP_SLOT || r->kind == RK_LABEL)) {
            return op_refuse(op, in->off, "%s used outside a jmp", r->sym);
        }
    }
    if (f.op == 0xc3 || f.op == 0xc2 || f.op == 0xca || f.op == 0xcb) {
        if (!is_ret(&f, in->len)) {
            return op_refuse(op, in->off, "unsupported return `%s`", in->text);
        }
        in->kind = IK_RET;
        return true;
    }
    if (f.op == 0xf4) {
        if (f.prefix_len) {
            return op_refuse(op, in->off, "prefixed hlt");
        }
        in->kind = IK_EXIT;
        return true;
    }
    if (is_goto_ptr(op, &f)) {
        in->kind = IK_GOTO_PTR;
        return true;
    }
    if (strstr(in->text, "%rip") && !has_pc_reloc) {
        return op_refuse(op, in->off, "RIP-relative operand without a "
                         "relocation (`%s`): it cannot be moved", in->text);
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* stack depth: every way out of the op must leave rsp as it found it */

static bool is_rsp_imm_arith(const uint8_t *p, const InsnForm *f, int nb_rex,
                             uint8_t modrm)
{
    /* REX.W set and REX.B clear: rsp, not r12 */
    return nb_rex && (p[f->nb_legacy] & 0x09) == 0x08 && f->modrm == modrm &&
           (f->op == 0x83 || f->op == 0x81);
}

/* What an instruction does to rsp; calls return, so they count as 0. */
static int32_t stack_delta(const Op *op, const Insn *in)
{
    const uint8_t *p = op->code + in->off;
    InsnForm f;
    int nb_rex;
    int32_t imm;
    size_t n;

    decode_form(p, in->len, &f);
    nb_rex = f.prefix_len - f.nb_legacy;
    if ((f.op >= 0x50 && f.op <= 0x57) || f.op == 0x68 || f.op == 0x6a ||
        f.op == 0x9c || (f.op == 0xff && ((f.modrm >> 3) & 7) == 6)) {
        return f.opsize ? -2 : -8;
    }
    if ((f.op >= 0x58 && f.op <= 0x5f) || f.op == 0x9d ||
        (f.op == 0x8f && ((f.modrm >> 3) & 7) == 0)) {
        return f.opsize ? 2 : 8;
    }
    if (is_rsp_imm_arith(p, &f, nb_rex, 0xec) ||
        is_rsp_imm_arith(p, &f, nb_rex, 0xc4)) {
        const uint8_t *q = p + f.prefix_len + 2;

        imm = f.op == 0x83 ? (int8_t)q[0]
                           : (int32_t)((uint32_t)q[0] | q[1] << 8 |
                                       q[2] << 16 | (uint32_t)q[3] << 24);
        return f.modrm == 0xc4 ? imm : -imm;
    }
    n = strlen(in->text);
    if (f.op == 0xc8 || f.op == 0xc9 ||
        (n >= 4 && strcmp(in->text + n - 4, "%rsp") == 0) ||
        (n >= 4 && strcmp(in->text + n - 4, "%esp") == 0) ||
        (n >= 3 && strcmp(in->text + n - 3, "%sp") == 0) ||
        (n >= 4 && strcmp(in->text + n - 4, "%spl") == 0)) {
        return DEPTH_UNKNOWN;
    }
    return 0;
}

static bool merge_depth(Insn *in, int32_t depth)
{
    if (in->depth == depth || in->depth == DEPTH_UNKNOWN) {
        return false;
    }
    in->depth = in->depth == DEPTH_UNSET ? depth : DEPTH_UNKNOWN;
    return true;
}

static bool falls_through(const Insn *in)
{
    return in->kind != IK_RET && in->kind != IK_FINAL_RET &&
           !(in->kind == IK_BRANCH && in->form == BR_JMP);
}

/* Depth at every reachable instruction, following branches to a fixed
   point: each depth changes at most twice. */
static void compute_depths(Op *op)
{
    bool changed = true;
    int i;

    for (i = 0; i < op->body_insns; i++) {
        op->insns[i].depth = DEPTH_UNSET;
    }
    op->insns[0].depth = 0;
    while (changed) {
        changed = false;
        for (i = 0; i < op->body_insns; i++) {
            Insn *in = &op->insns[i];
            int32_t delta, out;

            if (in->depth == DEPTH_UNSET) {
                continue;
            }
            delta = stack_delta(op, in);
            out = in->depth == DEPTH_UNKNOWN || delta == DEPTH_UNKNOWN
                      ? DEPTH_UNKNOWN : in->depth + delta;
            if (in->kind == IK_BRANCH) {
                changed |= merge_depth(&op->insns[in->target], out);
            }
            if (falls_through(in) && i + 1 < op->body_insns) {
                changed |= merge_depth(&op->insns[i + 1], out);
            }
        }
    }
}

/* Where the op leaves for the TB, another op or another TB */
static const char *exit_point(const Op *op, int i)
{
    const Insn *in = &op->insns[i];
    int k;

    switch (in->kind) {
    case IK_EXIT:
        return "EXIT_TB";
    case IK_GOTO_PTR:
        return "GOTO_PTR";
    case IK_RET:
        return "an interior ret";
    case IK_FINAL_RET:
        return "the end of the op";
    default:
        break;
    }
    for (k = 0; k < op->nb_relocs; k++) {
        if (op->relocs[k].insn == i && op->relocs[k].kind == RK_JMP_SLOT) {
            return "GOTO_TB";
        }
        if (op->relocs[k].insn == i && op->relocs[k].kind == RK_LABEL) {
            return "GOTO_LABEL_PARAM";
        }
    }
    return NULL;
}

static bool check_stack_depths(Op *op)
{
    int i;

    compute_depths(op);
    for (i = 0; i < op->body_insns; i++) {
        const Insn *in = &op->insns[i];
        const char *what = exit_point(op, i);

        if (!what || in->depth == 0 || in->depth == DEPTH_UNSET) {
            continue;
        }
        if (in->depth == DEPTH_UNKNOWN) {
            return op_refuse(op, in->off, "%s with rsp changed in a way dyngen "
                             "does not follow", what);
        }
        return op_refuse(op, in->off, "%s with %d bytes on the stack (a "
                         "helper call's frame?): the TB would return through "
                         "them", what, -in->depth);
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* re-laying the body */

static bool fits_int8(int64_t v)
{
    return v >= -128 && v <= 127;
}

static uint32_t branch_len(const Insn *in)
{
    if (in->kind == IK_RET) {
        return in->is_long ? 5 : 2;
    }
    if (!in->is_long) {
        return in->prefix_len + 2;
    }
    return in->prefix_len + (in->form == BR_JCC ? 6 : 5);
}

static int32_t branch_target_new_off(const Op *op, const Insn *in)
{
    if (in->kind == IK_RET) {
        return op->insns[op->body_insns - 1].new_off;
    }
    return op->insns[in->target].new_off;
}

static void place_insns(Op *op)
{
    uint32_t pos = 0;
    int i;

    for (i = 0; i < op->body_insns; i++) {
        op->insns[i].new_off = pos;
        pos += op->insns[i].new_len;
    }
    op->body_size = pos;
}

/* Grow short branches until every displacement fits.  Sizes only grow,
   so this ends. */
static bool relax_branches(Op *op)
{
    bool changed;
    int i;

    for (i = 0; i < op->body_insns; i++) {
        Insn *in = &op->insns[i];

        switch (in->kind) {
        case IK_FINAL_RET:
            in->new_len = 0;
            break;
        case IK_RET:
            op->relaid = true;
            in->new_len = branch_len(in);
            break;
        case IK_BRANCH:
            in->new_len = branch_len(in);
            break;
        default:
            in->new_len = in->len;
            break;
        }
    }
    do {
        changed = false;
        place_insns(op);
        for (i = 0; i < op->body_insns; i++) {
            Insn *in = &op->insns[i];
            int64_t d;

            if ((in->kind != IK_BRANCH && in->kind != IK_RET) || in->is_long) {
                continue;
            }
            d = (int64_t)branch_target_new_off(op, in) -
                (in->new_off + in->new_len);
            if (fits_int8(d)) {
                continue;
            }
            if (in->form == BR_LOOP) {
                return op_refuse(op, in->off, "%s no longer reaches its target "
                                 "after re-laying (it has no rel32 form)",
                                 loop_names[op->code[in->off + in->len - 2] -
                                            0xe0]);
            }
            in->is_long = true;
            in->new_len = branch_len(in);
            changed = true;
        }
    } while (changed);
    return true;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void emit_branch(const Op *op, const Insn *in, uint8_t *d)
{
    int32_t target = branch_target_new_off(op, in);
    uint8_t *p = d;

    if (in->kind == IK_BRANCH) {
        memcpy(p, op->code + in->off, in->prefix_len);
        p += in->prefix_len;
    }
    if (in->kind == IK_RET || in->form == BR_JMP) {
        *p++ = in->is_long ? 0xe9 : 0xeb;
    } else if (in->form == BR_LOOP) {
        *p++ = op->code[in->off + in->len - 2];
    } else if (in->is_long) {
        *p++ = 0x0f;
        *p++ = 0x80 | in->cc;
    } else {
        *p++ = 0x70 | in->cc;
    }
    if (in->is_long) {
        put_le32(p, target - (int32_t)(in->new_off + in->new_len));
    } else {
        *p = (uint8_t)(target - (int32_t)(in->new_off + in->new_len));
    }
}

static void emit_body(Op *op)
{
    int i;

    op->body = xcalloc(op->body_size, 1);
    for (i = 0; i < op->body_insns; i++) {
        const Insn *in = &op->insns[i];
        uint8_t *d = op->body + in->new_off;

        switch (in->kind) {
        case IK_BRANCH:
        case IK_RET:
            emit_branch(op, in, d);
            break;
        case IK_EXIT:
            *d = 0xc3;
            break;
        case IK_FINAL_RET:
        case IK_PADDING:
            break;
        case IK_PLAIN:
        case IK_GOTO_PTR:
            memcpy(d, op->code + in->off, in->len);
            break;
        }
    }
    /* relocated fields start as 0; for a chaining slot 0 is the fall-through */
    for (i = 0; i < op->nb_relocs; i++) {
        OpReloc *r = &op->relocs[i];
        const Insn *in = &op->insns[r->insn];

        r->new_offset = in->new_off + (r->offset - in->off);
        memset(op->body + r->new_offset, 0, reloc_field_size(r->type));
    }
}

/* The copied body must decode into exactly the planned instructions, and
   each re-encoded branch must land where it was meant to. */
static bool verify_body(Op *op)
{
    char text[128];
    int i;

    for (i = 0; i < op->body_insns - 1; i++) {
        const Insn *in = &op->insns[i];
        const uint8_t *p = op->body + in->new_off;
        int len = disas_one(op->body, op->body_size, in->new_off, text,
                            sizeof(text));
        InsnForm f;
        int disp_size;

        if (len != (int)in->new_len) {
            return op_refuse(op, in->off, "internal error: the re-laid "
                             "instruction at +0x%x decodes as %d bytes, not %u",
                             in->new_off, len, in->new_len);
        }
        if (in->kind != IK_BRANCH && in->kind != IK_RET) {
            continue;
        }
        decode_form(p, len, &f);
        if (branch_form(&f, &disp_size) == BR_NONE ||
            branch_target(p, len, disp_size) + (int32_t)in->new_off !=
                branch_target_new_off(op, in)) {
            return op_refuse(op, in->off, "internal error: the re-laid "
                             "branch at +0x%x misses its target", in->new_off);
        }
    }
    return true;
}

static bool analyse_op(const ObjFile *obj, Op *op)
{
    int i;

    if (op->refused) {
        return false;
    }
    if (!decode_insns(op)) {
        return false;
    }
    collect_relocs(obj, op);
    if (!find_final_ret(op) || !check_reloc_places(op)) {
        return false;
    }
    for (i = 0; i < op->body_insns - 1; i++) {
        if (!classify_insn(op, i)) {
            return false;
        }
    }
    if (!check_stack_depths(op) || !relax_branches(op)) {
        return false;
    }
    emit_body(op);
    return verify_body(op);
}

/* ------------------------------------------------------------------ */
/* output: opc-i386.h and gen-op-i386.h */

static const char *short_name(const Op *op)
{
    return op->name + strlen(OP_PREFIX);
}

static void write_defs(FILE *out, const ObjFile *obj)
{
    size_t k;
    int i;

    fprintf(out, "/* Generated by dyngen from %s: the op list.  Do not "
            "edit. */\n", obj->path);
    for (k = 0; k < NB_PSEUDO_OPS; k++) {
        fprintf(out, "DEF(%s, %d, 0)\n", pseudo_ops[k].name,
                pseudo_ops[k].nb_args);
    }
    for (i = 0; i < obj->nb_ops; i++) {
        const Op *op = &obj->ops[i];

        fprintf(out, "DEF(%s, %d, %u)\n", short_name(op), op->nb_args,
                op->body_size);
    }
}

static void write_gen(FILE *out, const ObjFile *obj)
{
    int i, n;

    fprintf(out, "/* Generated by dyngen from %s: the gen_op_* emitters.  Do "
            "not edit. */\n", obj->path);
    for (i = 0; i < obj->nb_ops; i++) {
        const Op *op = &obj->ops[i];

        fprintf(out, "\nstatic inline void gen_op_%s(", short_name(op));
        for (n = 1; n <= op->nb_args; n++) {
            fprintf(out, "%slong param%d", n > 1 ? ", " : "", n);
        }
        fprintf(out, "%s)\n{\n", op->nb_args ? "" : "void");
        for (n = 1; n <= op->nb_args; n++) {
            fprintf(out, "    *gen_opparam_ptr++ = param%d;\n", n);
        }
        fprintf(out, "    *gen_opc_ptr++ = INDEX_op_%s;\n}\n", short_name(op));
    }
}

/* ------------------------------------------------------------------ */
/* output: op-i386.h */

static bool uses_kind(const ObjFile *obj, RelocKind kind)
{
    int i, j;

    for (i = 0; i < obj->nb_ops; i++) {
        for (j = 0; j < obj->ops[i].nb_relocs; j++) {
            if (obj->ops[i].relocs[j].kind == kind) {
                return true;
            }
        }
    }
    return false;
}

static void write_extern_decls(FILE *out, const ObjFile *obj)
{
    int i, j, k, l;

    for (i = 0; i < obj->nb_ops; i++) {
        for (j = 0; j < obj->ops[i].nb_relocs; j++) {
            const char *sym = obj->ops[i].relocs[j].sym;
            bool seen = false;

            if (obj->ops[i].relocs[j].kind != RK_EXTERN) {
                continue;
            }
            for (k = 0; k <= i && !seen; k++) {
                int end = k == i ? j : obj->ops[k].nb_relocs;

                for (l = 0; l < end && !seen; l++) {
                    seen = obj->ops[k].relocs[l].kind == RK_EXTERN &&
                           strcmp(obj->ops[k].relocs[l].sym, sym) == 0;
                }
            }
            if (!seen) {
                fprintf(out, "extern char %s[];\n", sym);
            }
        }
    }
}

static void write_templates(FILE *out, const ObjFile *obj)
{
    int i;
    uint32_t k;

    for (i = 0; i < obj->nb_ops; i++) {
        const Op *op = &obj->ops[i];

        if (!op->body_size) {
            continue;
        }
        fprintf(out, "\nstatic const uint8_t %s_code[%u] = {", op->name,
                op->body_size);
        for (k = 0; k < op->body_size; k++) {
            fprintf(out, "%s0x%02x,", k % 12 ? " " : "\n    ", op->body[k]);
        }
        fprintf(out, "\n};\n");
    }
}

static void write_op_tables(FILE *out, const ObjFile *obj)
{
    size_t k;
    int i;

    fprintf(out, "\n/* copy sizes and parameter counts, for placing labels "
            "before copying */\nstatic const uint16_t dyngen_copy_size[] = {");
    for (k = 0; k < NB_PSEUDO_OPS; k++) {
        fprintf(out, "%s0,", k % 12 ? " " : "\n    ");
    }
    for (i = 0; i < obj->nb_ops; i++) {
        fprintf(out, "%s%u,", (k + i) % 12 ? " " : "\n    ",
                obj->ops[i].body_size);
    }
    fprintf(out, "\n};\nstatic const uint8_t dyngen_nb_args[] = {");
    for (k = 0; k < NB_PSEUDO_OPS; k++) {
        fprintf(out, "%s%d,", k % 12 ? " " : "\n    ", pseudo_ops[k].nb_args);
    }
    for (i = 0; i < obj->nb_ops; i++) {
        fprintf(out, "%s%d,", (k + i) % 12 ? " " : "\n    ",
                obj->ops[i].nb_args);
    }
    fprintf(out, "\n};\n");
}

static const char patch_helpers[] =
    "\n"
    "static void __attribute__((noreturn, cold, unused))\n"
    "dyngen_overflow(const char *op, const char *what, long long value)\n"
    "{\n"
    "    fprintf(stderr, \"dyngen_code: %s: %s = %lld does not fit its "
    "32-bit field\\n\",\n"
    "            op, what, value);\n"
    "    abort();\n"
    "}\n"
    "\n"
    "static inline void __attribute__((unused))\n"
    "dyngen_put32(uint8_t *p, uint32_t v)\n"
    "{\n"
    "    memcpy(p, &v, 4);\n"
    "}\n"
    "\n"
    "static inline void __attribute__((unused))\n"
    "dyngen_put64(uint8_t *p, uint64_t v)\n"
    "{\n"
    "    memcpy(p, &v, 8);\n"
    "}\n"
    "\n"
    "/* a value for a 32-bit field whose range the relocation type fixes */\n"
    "static inline void __attribute__((unused))\n"
    "dyngen_put32_range(uint8_t *p, long long v, long long lo, long long hi,\n"
    "                   const char *op, const char *what)\n"
    "{\n"
    "    if (__builtin_expect(v < lo || v > hi, 0)) {\n"
    "        dyngen_overflow(op, what, v);\n"
    "    }\n"
    "    dyngen_put32(p, (uint32_t)v);\n"
    "}\n"
    "\n"
    "/* a call or RIP-relative reference from copied code to the emulator */\n"
    "static inline void __attribute__((unused))\n"
    "dyngen_put_pc32(uint8_t *p, intptr_t target, const char *op,\n"
    "                const char *what)\n"
    "{\n"
    "    dyngen_put32_range(p, (long long)(target - (intptr_t)p),\n"
    "                       INT32_MIN, INT32_MAX, op, what);\n"
    "}\n"
    "\n"
    "/* slide a chaining slot's jmp rel32 into the nops after it until the\n"
    "   rel32 is inside one cache line; returns where the rel32 is */\n"
    "static inline uint8_t * __attribute__((unused))\n"
    "dyngen_place_slot(uint8_t *jmp)\n"
    "{\n"
    "    unsigned line_off = ((uintptr_t)jmp + 1) & 63;\n"
    "    unsigned pad = line_off > 60 ? 64 - line_off : 0;\n"
    "\n"
    "    memmove(jmp + pad, jmp, 5);\n"
    "    memset(jmp, 0x90, pad);\n"
    "    return jmp + pad + 1;\n"
    "}\n";

static const char label_helpers[] =
    "\n"
    "static void __attribute__((noreturn, cold))\n"
    "dyngen_bad_label(const char *op, uint32_t label, const char *why)\n"
    "{\n"
    "    fprintf(stderr, \"dyngen_code: %s: label %u %s\\n\", op, label, "
    "why);\n"
    "    abort();\n"
    "}\n"
    "\n"
    "/* host offset of a label placed by set_label */\n"
    "static inline uint32_t\n"
    "dyngen_label(const uint32_t *gen_labels, const uint64_t *labels_set,\n"
    "             uint32_t label, const char *op)\n"
    "{\n"
    "    if (label >= OPC_MAX_LABELS ||\n"
    "        !(labels_set[label / 64] & (1ull << (label % 64)))) {\n"
    "        dyngen_bad_label(op, label, \"is not set\");\n"
    "    }\n"
    "    return gen_labels[label];\n"
    "}\n";

static const char *param_expr(int n)
{
    static const char *const exprs[MAX_ARGS + 1] = {
        "", "opparam_ptr[0]", "opparam_ptr[1]", "opparam_ptr[2]",
    };

    return exprs[n];
}

/* A chaining slot is patched while other threads may run it, which is
   atomic only if its rel32 stays inside one cache line.  A jmp rel32 that
   the op follows with SLOT_ROOM nops can always be slid into them so. */
static bool slot_has_room(const Op *op, const OpReloc *r)
{
    uint32_t k, end = r->new_offset + 4;

    if (r->new_offset < 1 || op->body[r->new_offset - 1] != 0xe9 ||
        end + SLOT_ROOM > op->body_size) {
        return false;
    }
    for (k = end; k < end + SLOT_ROOM; k++) {
        if (op->body[k] != 0x90) {
            return false;
        }
    }
    return true;
}

static void write_reloc_patch(FILE *out, const Op *op, const OpReloc *r)
{
    const char *p = "            ";

    switch (r->kind) {
    case RK_PARAM:
        if (r->type == R_X86_64_64) {
            fprintf(out, "%sdyngen_put64(gen_code_ptr + %u, (uint64_t)%s + "
                    "%" PRId64 "ll);\n", p, r->new_offset, param_expr(r->n),
                    r->addend);
        } else if (r->type == R_X86_64_32 && r->addend == 0) {
            fprintf(out, "%sdyngen_put32(gen_code_ptr + %u, %s);\n", p,
                    r->new_offset, param_expr(r->n));
        } else {
            fprintf(out, "%sdyngen_put32_range(gen_code_ptr + %u, (long long)%s"
                    " + %" PRId64 "ll, %s, \"%s\", \"param%d + %" PRId64
                    " (%s)\");\n", p, r->new_offset, param_expr(r->n),
                    r->addend, r->type == R_X86_64_32 ? "0, UINT32_MAX"
                                                      : "INT32_MIN, INT32_MAX",
                    op->name, r->n, r->addend, r->type_name);
        }
        break;
    case RK_JMP_SLOT:
        if (slot_has_room(op, r)) {
            fprintf(out, "%stb_jmp_offset[%d] = dyngen_place_slot(gen_code_ptr"
                    " + %u) - gen_code_buf;\n", p, r->n, r->new_offset - 1);
        } else {
            fprintf(out, "%stb_jmp_offset[%d] = gen_code_ptr - gen_code_buf + "
                    "%u;\n", p, r->n, r->new_offset);
        }
        break;
    case RK_LABEL:
        fprintf(out, "%sdyngen_put32(gen_code_ptr + %u, dyngen_label(gen_labels,"
                " labels_set, %s, \"%s\") - (uint32_t)(gen_code_ptr - "
                "gen_code_buf + %u) + (%" PRId64 "));\n", p, r->new_offset,
                param_expr(r->n), op->name, r->new_offset, r->addend);
        break;
    case RK_EXTERN:
        fprintf(out, "%sdyngen_put_pc32(gen_code_ptr + %u, (intptr_t)%s + "
                "(%" PRId64 "), \"%s\", \"displacement to %s\");\n", p,
                r->new_offset, r->sym, r->addend, op->name, r->sym);
        break;
    }
}

static void write_op_case(FILE *out, const Op *op)
{
    int i;

    fprintf(out, "        case INDEX_op_%s:\n", short_name(op));
    if (op->body_size) {
        fprintf(out, "            memcpy(gen_code_ptr, %s_code, %u);\n",
                op->name, op->body_size);
    }
    for (i = 0; i < op->nb_relocs; i++) {
        write_reloc_patch(out, op, &op->relocs[i]);
    }
    if (op->nb_args) {
        fprintf(out, "            opparam_ptr += %d;\n", op->nb_args);
    }
    if (op->body_size) {
        fprintf(out, "            gen_code_ptr += %u;\n", op->body_size);
    }
    fprintf(out, "            break;\n");
}

static const char label_pass[] =
    "    /* labels first: a jump may go forward to one */\n"
    "    for (opc_ptr = opc_buf; *opc_ptr != INDEX_op_end; opc_ptr++) {\n"
    "        if (*opc_ptr >= sizeof(dyngen_copy_size) / "
    "sizeof(dyngen_copy_size[0])) {\n"
    "            dyngen_bad_opc(*opc_ptr);\n"
    "        }\n"
    "        if (*opc_ptr == INDEX_op_set_label) {\n"
    "            uint32_t label = opparam_ptr[0];\n"
    "\n"
    "            if (label >= OPC_MAX_LABELS) {\n"
    "                dyngen_bad_label(\"set_label\", label, \"is out of "
    "range\");\n"
    "            }\n"
    "            gen_labels[label] = offset;\n"
    "            labels_set[label / 64] |= 1ull << (label % 64);\n"
    "        }\n"
    "        offset += dyngen_copy_size[*opc_ptr];\n"
    "        opparam_ptr += dyngen_nb_args[*opc_ptr];\n"
    "    }\n"
    "    opparam_ptr = opparam_buf;\n";

static void write_dyngen_code(FILE *out, const ObjFile *obj)
{
    bool labels = uses_kind(obj, RK_LABEL);
    int i;

    fprintf(out, "\nstatic void __attribute__((noreturn, cold))\n"
            "dyngen_bad_opc(unsigned opc)\n{\n"
            "    fprintf(stderr, \"dyngen_code: bad op index %%u\\n\", opc);\n"
            "    abort();\n}\n");
    fprintf(out, "\nint dyngen_code(uint8_t *gen_code_buf, uint16_t "
            "*tb_jmp_offset,\n                const uint16_t *opc_buf, "
            "const uint32_t *opparam_buf)\n{\n"
            "    const uint16_t *opc_ptr;\n"
            "    const uint32_t *opparam_ptr = opparam_buf;\n"
            "    uint8_t *gen_code_ptr = gen_code_buf;\n");
    if (labels) {
        fprintf(out, "    uint32_t gen_labels[OPC_MAX_LABELS];\n"
                "    uint64_t labels_set[(OPC_MAX_LABELS + 63) / 64] = { 0 };\n"
                "    uint32_t offset = 0;\n\n%s", label_pass);
    }
    if (!uses_kind(obj, RK_JMP_SLOT)) {
        fprintf(out, "    (void)tb_jmp_offset;\n");
    }
    fprintf(out, "\n    for (opc_ptr = opc_buf;; opc_ptr++) {\n"
            "        switch (*opc_ptr) {\n"
            "        case INDEX_op_end:\n"
            "            return gen_code_ptr - gen_code_buf;\n"
            "        case INDEX_op_nop:\n"
            "            break;\n"
            "        case INDEX_op_nop1:\n"
            "        case INDEX_op_set_label:\n"
            "            opparam_ptr += 1;\n"
            "            break;\n"
            "        case INDEX_op_nop2:\n"
            "            opparam_ptr += 2;\n"
            "            break;\n"
            "        case INDEX_op_nop3:\n"
            "            opparam_ptr += 3;\n"
            "            break;\n");
    for (i = 0; i < obj->nb_ops; i++) {
        write_op_case(out, &obj->ops[i]);
    }
    fprintf(out, "        default:\n"
            "            dyngen_bad_opc(*opc_ptr);\n"
            "        }\n    }\n}\n");
}

/* what each patched field of an op becomes, for the -d op_asm view:
   "+1 param1, +8 call helper_divl_EAX" */
static void write_reloc_desc(FILE *out, const ObjFile *obj)
{
    int i, k;

    fprintf(out, "\nstatic const char *const dyngen_reloc_desc[] "
            "__attribute__((unused)) = {\n"
            "    NULL, NULL, NULL, NULL, NULL, NULL,\n");
    for (i = 0; i < obj->nb_ops; i++) {
        const Op *op = &obj->ops[i];
        fprintf(out, "    \"");
        for (k = 0; k < op->nb_relocs; k++) {
            const OpReloc *r = &op->relocs[k];
            fprintf(out, "%s+%u ", k ? ", " : "", r->new_offset);
            switch (r->kind) {
            case RK_PARAM:
                fprintf(out, "param%d", r->n);
                break;
            case RK_JMP_SLOT:
                fprintf(out, "chaining slot %d", r->n);
                break;
            case RK_LABEL:
                fprintf(out, "label param%d", r->n);
                break;
            case RK_EXTERN:
                fprintf(out, "pc32 %s", r->sym);
                break;
            }
        }
        fprintf(out, "\",\n");
    }
    fprintf(out, "};\n");
}

static void write_code(FILE *out, const ObjFile *obj)
{
    fprintf(out, "/* Generated by dyngen from %s: the op templates and "
            "dyngen_code().  Do not\n   edit.  The symbols below are the "
            "emulator's own, reached PC-relative from\n   copied code. */\n"
            "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
            "#include <string.h>\n\n", obj->path);
    write_extern_decls(out, obj);
    write_templates(out, obj);
    if (uses_kind(obj, RK_LABEL)) {
        write_op_tables(out, obj);
        fputs(label_helpers, out);
    }
    fputs(patch_helpers, out);
    write_reloc_desc(out, obj);
    write_dyngen_code(out, obj);
}

/* ------------------------------------------------------------------ */
/* --explain */

static const char *reloc_action(const OpReloc *r, char *buf, size_t size)
{
    char value[64];

    switch (r->kind) {
    case RK_PARAM:
        snprintf(value, sizeof(value), r->addend ? "param%d + %" PRId64
                 : "param%d", r->n, r->addend);
        if (r->type == R_X86_64_64) {
            snprintf(buf, size, "stores %s as 64 bits", value);
        } else if (r->type == R_X86_64_32S) {
            snprintf(buf, size, "stores %s, checked at run time to fit a "
                     "sign-extended 32-bit field (else abort)", value);
        } else {
            snprintf(buf, size, "stores %s (zero-extended 32 bits%s)", value,
                     r->addend ? ", checked at run time" : "");
        }
        break;
    case RK_JMP_SLOT:
        snprintf(buf, size, "GOTO_TB(%d): copied as 0, so the jmp falls "
                 "through; its offset goes to tb_jmp_offset[%d] for chaining",
                 r->n, r->n);
        break;
    case RK_LABEL:
        snprintf(buf, size, "GOTO_LABEL_PARAM(%d): jumps to the label numbered "
                 "by param%d", r->n, r->n);
        break;
    case RK_EXTERN:
        snprintf(buf, size, "%s - field + (%" PRId64 "), range-checked at run "
                 "time (the code buffer is within 2 GiB of the emulator)",
                 r->sym, r->addend);
        break;
    }
    return buf;
}

static void explain_insn_note(const Op *op, const Insn *in)
{
    const char *pad = "                     ";

    switch (in->kind) {
    case IK_BRANCH:
        printf("%sjump inside the op to 0x%x; copied as %s %s to +0x%x\n", pad,
               in->target_off,
               in->form == BR_JMP ? "jmp" : in->form == BR_JCC ? "jcc" : "loop",
               in->is_long ? "rel32" : "rel8",
               op->insns[in->target].new_off);
        break;
    case IK_RET:
        printf("%sinterior ret: becomes jmp %s to the end of the body (+0x%x)"
               "\n", pad, in->is_long ? "rel32" : "rel8", op->body_size);
        break;
    case IK_FINAL_RET:
        printf("%sfinal ret: stripped, the next op's code follows\n", pad);
        break;
    case IK_EXIT:
        printf("%sEXIT_TB: the hlt becomes ret, which leaves the TB\n", pad);
        break;
    case IK_GOTO_PTR:
        printf("%sGOTO_PTR: a computed jump into another TB's code\n", pad);
        break;
    case IK_PADDING:
        printf("%salignment padding: not part of the op\n", pad);
        break;
    case IK_PLAIN:
        break;
    }
}

static void print_source_line(const ObjFile *obj, const Op *op,
                              const Insn *in, unsigned *last_line)
{
    const char *file, *func;
    unsigned line;

    if (bfd_find_nearest_line(obj->abfd, obj->text, obj->syms,
                              op->addr + in->off, &file, &func, &line) &&
        file && line && line != *last_line) {
        /* relative to the build directory, as the Makefile names them */
        char cwd[4096];
        size_t n = getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0;
        if (n && strncmp(file, cwd, n) == 0 && file[n] == '/')
            file += n + 1;
        printf("  %s:%u\n", file, line);
        *last_line = line;
    }
}

static void print_insn_line(const uint8_t *code, uint32_t off, uint32_t len,
                            const char *text, const char *prefix)
{
    char hex[64] = "";
    uint32_t k;
    int n = 0;

    for (k = 0; k < len && n < (int)sizeof(hex) - 4; k++) {
        n += snprintf(hex + n, sizeof(hex) - n, "%02x ", code[off + k]);
    }
    printf("  %s+0x%02x  %-24s %s\n", prefix, off, hex, text);
}

static void explain_compiled(const ObjFile *obj, const Op *op)
{
    unsigned last_line = 0;
    char action[256];
    int i, j;

    printf("compiled (.text+0x%x, %u bytes up to the next symbol, AT&T "
           "syntax):\n", op->addr, op->extent);
    for (i = 0; i < op->nb_insns; i++) {
        const Insn *in = &op->insns[i];

        print_source_line(obj, op, in, &last_line);
        print_insn_line(op->code, in->off, in->len, in->text, "");
        for (j = 0; j < op->nb_relocs && !op->refused; j++) {
            const OpReloc *r = &op->relocs[j];

            if (r->insn == i) {
                printf("                     %s %s at +0x%x: %s\n",
                       r->type_name, r->sym, r->offset,
                       reloc_action(r, action, sizeof(action)));
            }
        }
        if (!op->refused) {
            explain_insn_note(op, in);
        }
    }
}

static void explain_copied(const Op *op)
{
    char text[128];
    int i, j;

    printf("copied body (%u bytes%s):\n", op->body_size,
           op->relaid ? ", re-laid around the rewritten rets" : "");
    for (i = 0; i < op->body_insns - 1; i++) {
        const Insn *in = &op->insns[i];

        disas_one(op->body, op->body_size, in->new_off, text, sizeof(text));
        print_insn_line(op->body, in->new_off, in->new_len, text, "");
        for (j = 0; j < op->nb_relocs; j++) {
            if (op->relocs[j].insn == i) {
                printf("                     patched at +0x%x (%s %s)\n",
                       op->relocs[j].new_offset, op->relocs[j].type_name,
                       op->relocs[j].sym);
            }
        }
    }
}

static int explain(const ObjFile *obj, const char *name)
{
    char full[256];
    int i;

    snprintf(full, sizeof(full), "%s%s",
             strncmp(name, OP_PREFIX, strlen(OP_PREFIX)) ? OP_PREFIX : "", name);
    for (i = 0; i < obj->nb_ops; i++) {
        const Op *op = &obj->ops[i];

        if (strcmp(op->name, full) != 0) {
            continue;
        }
        printf("%s: %d parameter%s", op->name, op->nb_args,
               op->nb_args == 1 ? "" : "s");
        if (!op->refused) {
            printf(", copies %u bytes", op->body_size);
        }
        printf("\n");
        if (op->section == obj->text) {
            explain_compiled(obj, op);
        }
        if (op->refused) {
            printf("refused: %s\n", op->error);
            return 1;
        }
        explain_copied(op);
        return 0;
    }
    fatal("%s: no op named %s", obj->path, full);
}

/* ------------------------------------------------------------------ */
/* main */

typedef enum Mode { MODE_CODE, MODE_DEFS, MODE_GEN, MODE_EXPLAIN } Mode;

static void __attribute__((noreturn)) usage(void)
{
    fprintf(stderr,
            "usage: dyngen [-c | -g] -o OUTPUT OBJECT\n"
            "       dyngen --explain op_NAME OBJECT\n"
            "  -o FILE   write op-i386.h: the templates and dyngen_code()\n"
            "  -c        write opc-i386.h instead: the DEF(name, nb_args, "
            "copy_size) list\n"
            "  -g        write gen-op-i386.h instead: the gen_op_* emitters\n"
            "  --explain show how one op is copied and patched\n");
    exit(2);
}

static void write_mode(FILE *out, Mode mode, const ObjFile *obj)
{
    if (mode == MODE_DEFS) {
        write_defs(out, obj);
    } else if (mode == MODE_GEN) {
        write_gen(out, obj);
    } else {
        write_code(out, obj);
    }
}

/* Write the whole file or nothing, so a failed build leaves no stale
   output: a regular file is written aside and renamed.  Anything else
   (/dev/stdout, a pipe) is written in place, never replaced. */
static void write_output(const char *path, Mode mode, const ObjFile *obj)
{
    char tmp[4096];
    struct stat st;
    bool in_place = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    FILE *out;

    snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
    out = fopen(in_place ? path : tmp, "w");
    if (!out) {
        fatal("%s: %s", in_place ? path : tmp, strerror(errno));
    }
    write_mode(out, mode, obj);
    if (ferror(out) | fclose(out) || (!in_place && rename(tmp, path) != 0)) {
        int err = errno;

        if (!in_place) {
            unlink(tmp);
        }
        fatal("%s: %s", path, strerror(err));
    }
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        { "explain", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    Mode mode = MODE_CODE;
    const char *output = NULL, *explain_name = NULL;
    ObjFile obj = { 0 };
    int c, i, nb_refused = 0;

    while ((c = getopt_long(argc, argv, "cgo:h", long_options, NULL)) != -1) {
        switch (c) {
        case 'c':
            mode = mode == MODE_CODE ? MODE_DEFS : (usage(), mode);
            break;
        case 'g':
            mode = mode == MODE_CODE ? MODE_GEN : (usage(), mode);
            break;
        case 'o':
            output = optarg;
            break;
        case 'e':
            explain_name = optarg;
            break;
        default:
            usage();
        }
    }
    if (optind != argc - 1 || (explain_name && (output || mode != MODE_CODE)) ||
        (!explain_name && !output)) {
        usage();
    }
    mode = explain_name ? MODE_EXPLAIN : mode;
    open_object(&obj, argv[optind]);
    read_text_relocs(&obj);
    find_ops(&obj);
    for (i = 0; i < obj.nb_ops; i++) {
        if (!analyse_op(&obj, &obj.ops[i]) && mode != MODE_EXPLAIN) {
            fprintf(stderr, "dyngen: %s\n", obj.ops[i].error);
            nb_refused++;
        }
    }
    if (mode == MODE_EXPLAIN) {
        return explain(&obj, explain_name);
    }
    if (nb_refused) {
        fatal("%s: %d op%s refused, nothing written", obj.path, nb_refused,
              nb_refused > 1 ? "s" : "");
    }
    write_output(output, mode, &obj);
    return 0;
}
