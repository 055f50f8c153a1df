/*
 * Two cascaded 8259A interrupt controllers: the master at 0x20/0x21 takes
 * IRQ0-7, the slave at 0xa0/0xa1 takes IRQ8-15 and drives the master's IR2.
 *
 * Inputs are edge triggered, as on an ISA PC: a rising edge sets the IRR
 * bit and it stays set until the CPU acknowledges it, however short the
 * pulse.  So a device reports its line level whenever it may have changed,
 * and a timer tick is pic_set_irq(s, 0, 1) then pic_set_irq(s, 0, 0).
 * The INTR output is reported after every change of state (repeats allowed).
 */
#include <string.h>
#include "hw.h"

#define PIC_CASCADE_IR 2

/* 0 is the highest priority, 7 the lowest; OCW2 rotates the order */
static int priority(PICChip *c, int irq)
{
    return (irq - c->highest) & 7;
}

/* the highest-priority IR among the bits of mask, or -1 */
static int highest_irq(PICChip *c, uint8_t mask)
{
    int i, irq;

    for (i = 0; i < 8; i++) {
        irq = (c->highest + i) & 7;
        if (mask & (1 << irq))
            return irq;
    }
    return -1;
}

/* the IR this chip asks the CPU (or the master) for now, or -1 */
static int chip_get_irq(PICChip *c, int is_master)
{
    int irq = highest_irq(c, c->irr & ~c->imr), cur;
    uint8_t in_service = c->isr;

    if (irq < 0)
        return -1;
    if (c->special_mask)
        in_service &= ~c->imr;
    /* special fully nested mode: a slave request may nest in the slave's */
    if (is_master && c->sfnm)
        in_service &= ~(1 << PIC_CASCADE_IR);
    cur = highest_irq(c, in_service);
    if (cur >= 0 && priority(c, cur) <= priority(c, irq))
        return -1;
    return irq;
}

static void chip_set_pin(PICChip *c, int pin, int level)
{
    uint8_t mask = 1 << pin;

    if (level && !(c->pin_level & mask))
        c->irr |= mask;
    if (level)
        c->pin_level |= mask;
    else
        c->pin_level &= ~mask;
}

static void chip_ack(PICChip *c, int irq)
{
    c->irr &= ~(1 << irq);
    if (!c->auto_eoi)
        c->isr |= 1 << irq;
    else if (c->rotate_on_aeoi)
        c->highest = (irq + 1) & 7;
}

static void pic_update(PICState *s)
{
    chip_set_pin(&s->chip[0], PIC_CASCADE_IR, chip_get_irq(&s->chip[1], 0) >= 0);
    s->intr_level = chip_get_irq(&s->chip[0], 1) >= 0;
    set_irq(&s->intr, s->intr_level);
}

void pic_set_irq(void *opaque, int irq, int level)
{
    PICState *s = opaque;

    /* on an AT the ISA bus's IRQ2 pin is wired to the slave's IR1 */
    if (irq == PIC_CASCADE_IR)
        irq = 9;
    chip_set_pin(&s->chip[irq >> 3], irq & 7, level);
    pic_update(s);
}

int pic_read_irq(PICState *s)
{
    PICChip *master = &s->chip[0], *slave = &s->chip[1];
    int irq = chip_get_irq(master, 1), slave_irq, vector;

    /* the request went away before the acknowledge: IR7 without ISR bit */
    if (irq < 0) {
        vector = master->vector_base + 7;
    } else if (irq == PIC_CASCADE_IR) {
        chip_ack(master, irq);
        slave_irq = chip_get_irq(slave, 0);
        if (slave_irq < 0) {
            vector = slave->vector_base + 7;
        } else {
            chip_ack(slave, slave_irq);
            vector = slave->vector_base + slave_irq;
        }
    } else {
        chip_ack(master, irq);
        vector = master->vector_base + irq;
    }
    pic_update(s);
    return vector;
}

/* ICW1: start the initialisation sequence */
static void pic_write_icw1(PICChip *c, uint8_t val)
{
    c->icw_step = 2;
    c->icw4_needed = val & 0x01;
    c->single = (val >> 1) & 1;
    c->irr = c->isr = c->imr = 0;
    c->highest = 0;
    c->special_mask = c->read_isr = c->poll = 0;
    c->auto_eoi = c->rotate_on_aeoi = c->sfnm = 0;
}

/* OCW2: end of interrupt and priority rotation, selected by bits 7-5 */
static void pic_write_ocw2(PICChip *c, uint8_t val)
{
    int cmd = val >> 5, irq = val & 7;

    switch (cmd) {
    case 0: /* rotate in automatic EOI mode: clear */
    case 4: /* rotate in automatic EOI mode: set */
        c->rotate_on_aeoi = cmd >> 2;
        return;
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        irq = highest_irq(c, c->isr);
        if (irq < 0)
            return;
        break;
    case 6: /* set priority: irq becomes the lowest */
        c->highest = (irq + 1) & 7;
        return;
    case 3: /* specific EOI */
    case 7: /* rotate on specific EOI */
        break;
    case 2: /* no operation */
        return;
    }
    c->isr &= ~(1 << irq);
    if (cmd & 4)
        c->highest = (irq + 1) & 7;
}

/* OCW3: what the command port reads, polling, special mask mode */
static void pic_write_ocw3(PICChip *c, uint8_t val)
{
    if (val & 0x04)
        c->poll = 1;
    if (val & 0x02)
        c->read_isr = val & 0x01;
    if (val & 0x40)
        c->special_mask = (val >> 5) & 1;
}

/* ICW2-4 while initialising, else OCW1 (the mask) */
static void pic_write_data(PICChip *c, uint8_t val)
{
    switch (c->icw_step) {
    case 0:
        c->imr = val;
        break;
    case 2:
        c->vector_base = val & 0xf8;
        c->icw_step = !c->single ? 3 : c->icw4_needed ? 4 : 0;
        break;
    case 3: /* the cascade wiring is fixed: IR2 */
        c->icw_step = c->icw4_needed ? 4 : 0;
        break;
    case 4:
        c->auto_eoi = (val >> 1) & 1;
        c->sfnm = (val >> 4) & 1;
        c->icw_step = 0;
        break;
    }
}

static void pic_ioport_write(void *opaque, uint32_t addr, uint32_t val)
{
    PICState *s = opaque;
    PICChip *c = &s->chip[addr >= 0xa0];

    if (addr & 1)
        pic_write_data(c, val);
    else if (val & 0x10)
        pic_write_icw1(c, val);
    else if (val & 0x08)
        pic_write_ocw3(c, val);
    else
        pic_write_ocw2(c, val);
    pic_update(s);
}

/* a poll acknowledges the highest request like an INTA cycle */
static uint32_t pic_poll(PICState *s, PICChip *c)
{
    int irq = chip_get_irq(c, c == &s->chip[0]);

    c->poll = 0;
    if (irq < 0)
        return 0;
    chip_ack(c, irq);
    pic_update(s);
    return 0x80 | irq;
}

static uint32_t pic_ioport_read(void *opaque, uint32_t addr)
{
    PICState *s = opaque;
    PICChip *c = &s->chip[addr >= 0xa0];

    if (c->poll)
        return pic_poll(s, c);
    if (addr & 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}

void pic_init(PICState *s, IRQSignal *intr)
{
    memset(s, 0, sizeof(*s));
    s->intr = *intr;
    /* nothing is delivered before the kernel programs the chips */
    s->chip[0].imr = s->chip[1].imr = 0xff;
    register_ioport_read(0x20, 2, 1, pic_ioport_read, s);
    register_ioport_write(0x20, 2, 1, pic_ioport_write, s);
    register_ioport_read(0xa0, 2, 1, pic_ioport_read, s);
    register_ioport_write(0xa0, 2, 1, pic_ioport_write, s);
}
