/*
 * The I/O port space: a table of handlers per port and per access width.
 *
 * Devices register the widths they decode; any other width is split into
 * narrower accesses (a word read of a byte device reads two ports), and a
 * port nobody decodes reads as all ones and ignores writes, as on an ISA bus.
 */
#include "hw.h"

static IOPortReadFunc *ioport_read_table[3][MAX_IOPORTS];
static IOPortWriteFunc *ioport_write_table[3][MAX_IOPORTS];
static void *ioport_read_opaque[3][MAX_IOPORTS];
static void *ioport_write_opaque[3][MAX_IOPORTS];

/* access width in bytes -> table index */
static int size_index(int size)
{
    switch (size) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    default: return -1;
    }
}

static int check_range(int start, int length, int size)
{
    return size_index(size) < 0 || start < 0 || length <= 0 ||
           start + length > MAX_IOPORTS ? -1 : 0;
}

int register_ioport_read(int start, int length, int size,
                         IOPortReadFunc *func, void *opaque)
{
    int i, n = size_index(size);

    if (check_range(start, length, size) < 0)
        return -1;
    for (i = start; i < start + length; i += size) {
        ioport_read_table[n][i] = func;
        ioport_read_opaque[n][i] = opaque;
    }
    return 0;
}

int register_ioport_write(int start, int length, int size,
                          IOPortWriteFunc *func, void *opaque)
{
    int i, n = size_index(size);

    if (check_range(start, length, size) < 0)
        return -1;
    for (i = start; i < start + length; i += size) {
        ioport_write_table[n][i] = func;
        ioport_write_opaque[n][i] = opaque;
    }
    return 0;
}

uint32_t cpu_inb(uint32_t addr)
{
    addr &= 0xffff;
    if (!ioport_read_table[0][addr])
        return 0xff;
    return ioport_read_table[0][addr](ioport_read_opaque[0][addr], addr) & 0xff;
}

uint32_t cpu_inw(uint32_t addr)
{
    addr &= 0xffff;
    if (!ioport_read_table[1][addr])
        return cpu_inb(addr) | cpu_inb(addr + 1) << 8;
    return ioport_read_table[1][addr](ioport_read_opaque[1][addr], addr) & 0xffff;
}

uint32_t cpu_inl(uint32_t addr)
{
    addr &= 0xffff;
    if (!ioport_read_table[2][addr])
        return cpu_inw(addr) | cpu_inw(addr + 2) << 16;
    return ioport_read_table[2][addr](ioport_read_opaque[2][addr], addr);
}

void cpu_outb(uint32_t addr, uint32_t val)
{
    addr &= 0xffff;
    if (ioport_write_table[0][addr])
        ioport_write_table[0][addr](ioport_write_opaque[0][addr], addr, val & 0xff);
}

void cpu_outw(uint32_t addr, uint32_t val)
{
    addr &= 0xffff;
    if (ioport_write_table[1][addr]) {
        ioport_write_table[1][addr](ioport_write_opaque[1][addr], addr, val & 0xffff);
        return;
    }
    cpu_outb(addr, val);
    cpu_outb(addr + 1, val >> 8);
}

void cpu_outl(uint32_t addr, uint32_t val)
{
    addr &= 0xffff;
    if (ioport_write_table[2][addr]) {
        ioport_write_table[2][addr](ioport_write_opaque[2][addr], addr, val);
        return;
    }
    cpu_outw(addr, val);
    cpu_outw(addr + 2, val >> 16);
}
