/*
 * Disassembly for the -d logs (in_asm: guest i386 code, out_asm: the host
 * x86-64 code of a TB) through libopcodes, in AT&T syntax.
 *
 * NOTE: libopcodes prints an instruction in several pieces; they are
 * gathered into one line buffer so that the raw bytes can come first:
 *   0x08048000:  55                       push   %ebp
 */
#include <inttypes.h>
#include <stdarg.h>
#include <dis-asm.h>
#include "exec-all.h"

#define DISAS_BYTES_PER_LINE 8 /* longer instructions continue below */

typedef struct DisasLine {
    char text[256];
    size_t len;
} DisasLine;

static int disas_vappend(DisasLine *line, const char *fmt, va_list ap)
{
    size_t room = sizeof(line->text) - line->len;
    int n = vsnprintf(line->text + line->len, room, fmt, ap);

    if (n > 0)
        line->len += (size_t)n < room ? (size_t)n : room - 1;
    return n;
}

static int disas_printf(void *stream, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = disas_vappend(stream, fmt, ap);
    va_end(ap);
    return n;
}

static int disas_styled_printf(void *stream, enum disassembler_style style,
                               const char *fmt, ...)
{
    va_list ap;
    int n;

    (void)style;
    va_start(ap, fmt);
    n = disas_vappend(stream, fmt, ap);
    va_end(ap);
    return n;
}

static void print_insn_line(FILE *out, int digits, uintptr_t addr,
                            const uint8_t *bytes, int count, DisasLine *line)
{
    int i, j;

    while (line->len && line->text[line->len - 1] == ' ')
        line->text[--line->len] = '\0';
    for (i = 0; i < count; i += DISAS_BYTES_PER_LINE) {
        char hex[DISAS_BYTES_PER_LINE * 3 + 1];
        int len = 0;
        for (j = i; j < count && j < i + DISAS_BYTES_PER_LINE; j++)
            len += sprintf(hex + len, j > i ? " %02x" : "%02x", bytes[j]);
        if (i == 0)
            fprintf(out, "0x%0*" PRIxPTR ":  %-*s %s\n", digits, addr,
                    DISAS_BYTES_PER_LINE * 3, hex, line->text);
        else
            fprintf(out, "0x%0*" PRIxPTR ":  %s\n", digits, addr + i, hex);
    }
}

static void disas_code(FILE *out, const uint8_t *code, uintptr_t vma,
                       size_t size, unsigned long mach, int digits)
{
    disassembler_ftype print_insn;
    disassemble_info info;
    DisasLine line;
    size_t pc;
    int count;

    init_disassemble_info(&info, &line, disas_printf, disas_styled_printf);
    info.arch = bfd_arch_i386;
    info.mach = mach;
    info.endian = BFD_ENDIAN_LITTLE;
    info.buffer = (bfd_byte *)code;
    info.buffer_vma = vma;
    info.buffer_length = size;
    disassemble_init_for_target(&info);
    print_insn = disassembler(bfd_arch_i386, false, mach, NULL);
    if (!print_insn) {
        fprintf(out, "(libopcodes has no i386 disassembler)\n");
        return;
    }
    for (pc = 0; pc < size; pc += count) {
        line.len = 0;
        line.text[0] = '\0';
        count = print_insn(vma + pc, &info);
        if (count <= 0)
            break;
        if ((size_t)count > size - pc)
            count = size - pc;
        print_insn_line(out, digits, vma + pc, code + pc, count, &line);
    }
    disassemble_free_target(&info);
}

void target_disas(FILE *out, uint32_t code, const void *host, size_t size, int code16)
{
    disas_code(out, host, code, size,
               code16 ? bfd_mach_i386_i8086 : bfd_mach_i386_i386, 8);
}

void disas(FILE *out, const void *code, size_t size)
{
    disas_code(out, code, (uintptr_t)code, size, bfd_mach_x86_64, 12);
}
