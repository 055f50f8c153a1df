/*
 * Check unit tests of vl's PC devices (hw/): the 8259 pair, the 8254, the
 * 16550A, the CMOS RTC and the keyboard controller's reset line.
 *
 * Every test talks to the devices through cpu_inb()/cpu_outb() with the
 * port sequences Linux 6.1 uses, so they also test the port table; time
 * comes from a fake clock the tests set.
 */
#include <check.h>
#include <stdlib.h>
#include "hw/hw.h"

static int64_t fake_ns;

static int64_t fake_clock(void *opaque)
{
    (void)opaque;
    return fake_ns;
}

/* ioport table */

static uint32_t word_read(void *opaque, uint32_t addr)
{
    (void)opaque;
    return 0x1200 | (addr & 0xff);
}

static uint32_t byte_read(void *opaque, uint32_t addr)
{
    (void)opaque;
    return addr & 0xff;
}

START_TEST(test_ioport_unassigned)
{
    ck_assert_uint_eq(cpu_inb(0x1234), 0xff);
    ck_assert_uint_eq(cpu_inw(0x1234), 0xffff);
    ck_assert_uint_eq(cpu_inl(0x1234), 0xffffffff);
    cpu_outb(0x1234, 0);
    ck_assert_int_eq(register_ioport_read(0xffff, 2, 1, byte_read, NULL), -1);
    ck_assert_int_eq(register_ioport_read(0x100, 1, 3, byte_read, NULL), -1);
}
END_TEST

START_TEST(test_ioport_split)
{
    register_ioport_read(0x300, 4, 1, byte_read, NULL);
    register_ioport_read(0x310, 2, 2, word_read, NULL);
    ck_assert_uint_eq(cpu_inb(0x301), 0x01);
    ck_assert_uint_eq(cpu_inw(0x302), 0x0302);
    ck_assert_uint_eq(cpu_inl(0x300), 0x03020100);
    ck_assert_uint_eq(cpu_inw(0x310), 0x1210);
    ck_assert_uint_eq(cpu_inb(0x310), 0xff);
}
END_TEST

/* PIC */

static PICState pic;
static int intr_level = -1;

static void intr_changed(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    intr_level = level;
}

/* init_8259A() of arch/x86/kernel/i8259.c, then the masks it restores */
static void pic_linux_init(uint8_t master_mask, uint8_t slave_mask)
{
    cpu_outb(0x21, 0xff);
    cpu_outb(0xa1, 0xff);
    cpu_outb(0x20, 0x11);
    cpu_outb(0x21, 0x30);
    cpu_outb(0x21, 0x04);
    cpu_outb(0x21, 0x01);
    cpu_outb(0xa0, 0x11);
    cpu_outb(0xa1, 0x38);
    cpu_outb(0xa1, 0x02);
    cpu_outb(0xa1, 0x01);
    cpu_outb(0x21, master_mask);
    cpu_outb(0xa1, slave_mask);
}

static void pic_setup(void)
{
    IRQSignal intr;

    irq_init(&intr, intr_changed, NULL, 0);
    pic_init(&pic, &intr);
    intr_level = -1;
}

static uint8_t pic_isr(int port)
{
    cpu_outb(port, 0x0b);
    return cpu_inb(port);
}

static uint8_t pic_irr(int port)
{
    cpu_outb(port, 0x0a);
    return cpu_inb(port);
}

static void pulse(int irq)
{
    pic_set_irq(&pic, irq, 1);
    pic_set_irq(&pic, irq, 0);
}

START_TEST(test_pic_linux_init)
{
    pic_linux_init(0xfa, 0xff);
    ck_assert_uint_eq(cpu_inb(0x21), 0xfa);
    ck_assert_uint_eq(cpu_inb(0xa1), 0xff);
    ck_assert_int_eq(intr_level, 0);
    pulse(0);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x30);
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(pic_isr(0x20), 0x01);
    /* mask_and_ack_8259A(): dummy read, mask, specific EOI */
    cpu_inb(0x21);
    cpu_outb(0x21, 0xfb);
    cpu_outb(0x20, 0x60);
    ck_assert_uint_eq(pic_isr(0x20), 0);
    cpu_outb(0x21, 0xfa);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(test_pic_mask)
{
    pic_linux_init(0xff, 0xff);
    pulse(3);
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(pic_irr(0x20), 0x08);
    cpu_outb(0x21, 0xf7);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x33);
    ck_assert_uint_eq(pic_irr(0x20), 0);
}
END_TEST

START_TEST(test_pic_priority)
{
    pic_linux_init(0x00, 0xff);
    pulse(5);
    pulse(3);
    ck_assert_int_eq(pic_read_irq(&pic), 0x33);
    ck_assert_int_eq(intr_level, 0);  /* IRQ5 waits behind IRQ3 */
    pulse(1);
    ck_assert_int_eq(intr_level, 1);  /* IRQ1 nests */
    ck_assert_int_eq(pic_read_irq(&pic), 0x31);
    ck_assert_uint_eq(pic_isr(0x20), 0x0a);
    cpu_outb(0x20, 0x20);              /* non-specific EOI: IRQ1 */
    ck_assert_uint_eq(pic_isr(0x20), 0x08);
    ck_assert_int_eq(intr_level, 0);
    cpu_outb(0x20, 0x63);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x35);
}
END_TEST

START_TEST(test_pic_rotate)
{
    pic_linux_init(0x00, 0xff);
    cpu_outb(0x20, 0xc4);              /* IRQ4 lowest: IRQ5 highest */
    pulse(6);
    pulse(3);
    ck_assert_int_eq(pic_read_irq(&pic), 0x36);
}
END_TEST

START_TEST(test_pic_edge)
{
    pic_linux_init(0xfe, 0xff);
    pic_set_irq(&pic, 0, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x30);
    cpu_outb(0x20, 0x60);
    pic_set_irq(&pic, 0, 1);           /* still high: no new edge */
    ck_assert_int_eq(intr_level, 0);
    pic_set_irq(&pic, 0, 0);
    pic_set_irq(&pic, 0, 1);
    ck_assert_int_eq(intr_level, 1);
}
END_TEST

START_TEST(test_pic_cascade)
{
    pic_linux_init(0xfb, 0xef);        /* cascade and IRQ12 open */
    pulse(12);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x3c);
    ck_assert_uint_eq(pic_isr(0x20), 0x04);
    ck_assert_uint_eq(pic_isr(0xa0), 0x10);
    cpu_outb(0xa0, 0x64);
    cpu_outb(0x20, 0x62);
    ck_assert_uint_eq(pic_isr(0x20), 0);
    ck_assert_uint_eq(pic_isr(0xa0), 0);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(test_pic_cascade_priority)
{
    pic_linux_init(0xf8, 0xef);        /* IRQ0, IRQ1, cascade, IRQ12 */
    pulse(12);
    pulse(1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x31);
    cpu_outb(0x20, 0x61);
    ck_assert_int_eq(pic_read_irq(&pic), 0x3c);
    pulse(0);                          /* IRQ0 beats the slave's IR2 */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x30);
}
END_TEST

START_TEST(test_pic_spurious)
{
    pic_linux_init(0xef, 0xff);
    pulse(4);
    ck_assert_int_eq(intr_level, 1);
    cpu_outb(0x21, 0xff);              /* masked between INTR and INTA */
    ck_assert_int_eq(pic_read_irq(&pic), 0x37);
    ck_assert_uint_eq(pic_isr(0x20), 0);

    pic_linux_init(0xfb, 0xfb);
    pulse(10);
    ck_assert_int_eq(intr_level, 1);
    cpu_outb(0xa1, 0xff);
    ck_assert_int_eq(pic_read_irq(&pic), 0x3f);
    ck_assert_uint_eq(pic_isr(0xa0), 0);
}
END_TEST

START_TEST(test_pic_poll)
{
    pic_linux_init(0x00, 0xff);
    cpu_outb(0x20, 0x0c);
    ck_assert_uint_eq(cpu_inb(0x20), 0x00);
    pulse(6);
    cpu_outb(0x20, 0x0c);
    ck_assert_uint_eq(cpu_inb(0x20), 0x86);
    ck_assert_uint_eq(pic_isr(0x20), 0x40);
}
END_TEST

START_TEST(test_pic_auto_eoi)
{
    cpu_outb(0x20, 0x11);
    cpu_outb(0x21, 0x08);
    cpu_outb(0x21, 0x04);
    cpu_outb(0x21, 0x03);              /* ICW4: 8086, AEOI */
    pulse(1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x09);
    ck_assert_uint_eq(pic_isr(0x20), 0);
}
END_TEST

/* PIT */

static PITState pit;

static void pit_setup(void)
{
    fake_ns = 1000000000;
    pit_init(&pit, fake_clock, NULL);
}

/* the middle of tick k after t0 */
static int64_t at_tick(int64_t t0, int64_t k)
{
    return t0 + (2 * k + 1) * 1000000000LL / (2 * PIT_FREQ);
}

static int pit_latch_read(int channel)
{
    int v;

    cpu_outb(0x43, channel << 6);
    v = cpu_inb(0x40 + channel);
    return v | cpu_inb(0x40 + channel) << 8;
}

/* the kernel's periodic tick: mode 2, reload 11932 */
static void pit_linux_init(void)
{
    cpu_outb(0x43, 0x34);
    cpu_outb(0x40, 11932 & 0xff);
    cpu_outb(0x40, 11932 >> 8);
}

START_TEST(test_pit_linux_100hz)
{
    int64_t t0 = fake_ns, next;
    int n = 0;

    pit_linux_init();
    next = pit_get_next_expiry(&pit);
    /* 11932 / 1193182 Hz = 10.0002 ms */
    ck_assert_int_ge(next - t0, 9999000);
    ck_assert_int_le(next - t0, 10001000);
    ck_assert_int_eq(pit_count_irqs(&pit, next - 1), 0);
    ck_assert_int_eq(pit_count_irqs(&pit, next), 1);
    ck_assert_int_eq(pit_count_irqs(&pit, next), 0);
    fake_ns = next;
    ck_assert_int_gt(pit_get_next_expiry(&pit), next);
    /* a minute of ticks, counted late and in bulk */
    n = 1 + pit_count_irqs(&pit, t0 + 30000000000LL) +
        pit_count_irqs(&pit, t0 + 60000000000LL);
    ck_assert_int_ge(n, 5999);
    ck_assert_int_le(n, 6000);
}
END_TEST

START_TEST(test_pit_mode2_count)
{
    int64_t t0 = fake_ns;

    pit_linux_init();
    ck_assert_int_eq(pit_latch_read(0), 11932);
    fake_ns = t0 + 2500000;            /* 2982.955 ticks */
    ck_assert_int_eq(pit_latch_read(0), 11932 - 2982);
    ck_assert_int_eq(pit_get_out(&pit, 0, fake_ns), 1);
    /* output low for the tick before the reload */
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 11930)), 1);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 11931)), 0);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 11932)), 1);
    fake_ns = t0 + 12500000;           /* one period later */
    ck_assert_int_eq(pit_latch_read(0), 11932 - (14914 - 11932));
}
END_TEST

START_TEST(test_pit_latch_holds)
{
    int lsb, msb;

    pit_linux_init();
    fake_ns += 1000000;                /* 1193 ticks */
    cpu_outb(0x43, 0x00);
    lsb = cpu_inb(0x40);
    fake_ns += 3000000;
    cpu_outb(0x43, 0x00);              /* ignored: already latched */
    msb = cpu_inb(0x40);
    ck_assert_int_eq(lsb | msb << 8, 11932 - 1193);
    /* unlatched reads alternate lsb, msb of the live counter */
    lsb = cpu_inb(0x40);
    msb = cpu_inb(0x40);
    ck_assert_int_eq(lsb | msb << 8, 11932 - 4772);
}
END_TEST

START_TEST(test_pit_mode3)
{
    int64_t t0 = fake_ns;

    cpu_outb(0x43, 0x36);
    cpu_outb(0x40, 1000 & 0xff);
    cpu_outb(0x40, 1000 >> 8);
    ck_assert_int_eq(pit_get_out(&pit, 0, t0), 1);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 499)), 1);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 500)), 0);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 999)), 0);
    ck_assert_int_eq(pit_get_out(&pit, 0, at_tick(t0, 1000)), 1);
    /* counts down by two, twice a period */
    ck_assert_int_eq(pit_get_count(&pit, 0, at_tick(t0, 10)), 980);
    ck_assert_int_eq(pit_get_count(&pit, 0, at_tick(t0, 510)), 980);
    ck_assert_int_eq(pit_get_next_expiry(&pit) - t0, 838096);
    ck_assert_int_eq(pit_count_irqs(&pit, at_tick(t0, 10000)), 10);
}
END_TEST

START_TEST(test_pit_mode0)
{
    int64_t t0 = fake_ns, next;

    cpu_outb(0x43, 0x30);
    ck_assert_int_eq(pit_get_out(&pit, 0, t0), 0);
    cpu_outb(0x40, 100);
    ck_assert_int_eq(pit_get_next_expiry(&pit), -1);  /* not loaded yet */
    cpu_outb(0x40, 0);
    next = pit_get_next_expiry(&pit);
    ck_assert_int_eq(next - t0, 83810);                /* 100 ticks */
    ck_assert_int_eq(pit_get_out(&pit, 0, next - 1), 0);
    ck_assert_int_eq(pit_get_out(&pit, 0, next), 1);
    ck_assert_int_eq(pit_count_irqs(&pit, next + 1000000000), 1);
    fake_ns = next + 1000000000;
    ck_assert_int_eq(pit_get_next_expiry(&pit), -1);
    ck_assert_int_eq(pit_count_irqs(&pit, fake_ns), 0);
}
END_TEST

START_TEST(test_pit_lsb_msb_only)
{
    cpu_outb(0x43, 0x54);              /* channel 1, lsb only, mode 2 */
    cpu_outb(0x41, 18);
    ck_assert_int_eq(cpu_inb(0x41), 18);
    ck_assert_int_eq(cpu_inb(0x41), 18);
    cpu_outb(0x43, 0x64);              /* channel 1, msb only, mode 2 */
    cpu_outb(0x41, 0x12);
    ck_assert_int_eq(cpu_inb(0x41), 0x12);
    ck_assert_int_eq(pit_get_count(&pit, 1, fake_ns), 0x1200);
}
END_TEST

START_TEST(test_pit_read_back)
{
    pit_linux_init();
    fake_ns += 1000000;
    cpu_outb(0x43, 0xc2);              /* count and status of channel 0 */
    ck_assert_uint_eq(cpu_inb(0x40), 0x80 | 0x30 | 0x04);
    fake_ns += 1000000;
    ck_assert_int_eq(cpu_inb(0x40) | cpu_inb(0x40) << 8, 11932 - 1193);
    cpu_outb(0x43, 0xe2);              /* status only */
    ck_assert_uint_eq(cpu_inb(0x40), 0xb4);
    cpu_outb(0x43, 0x34);              /* control word: null count */
    cpu_outb(0x43, 0xe2);
    ck_assert_uint_eq(cpu_inb(0x40), 0xf4);
}
END_TEST

/* the TSC calibration's use of channel 2: gate via 0x61, mode 0, OUT2 */
START_TEST(test_pit_channel2_port61)
{
    int64_t t0 = fake_ns;

    cpu_outb(0x61, (cpu_inb(0x61) & ~0x02) | 0x01);
    ck_assert_uint_eq(cpu_inb(0x61) & 0x03, 0x01);
    cpu_outb(0x43, 0xb0);
    cpu_outb(0x42, 1000 & 0xff);
    cpu_outb(0x42, 1000 >> 8);
    ck_assert_uint_eq(cpu_inb(0x61) & 0x20, 0);
    fake_ns = t0 + 800000;             /* 954 ticks */
    ck_assert_uint_eq(cpu_inb(0x61) & 0x20, 0);
    fake_ns = t0 + 900000;             /* 1073 ticks */
    ck_assert_uint_eq(cpu_inb(0x61) & 0x20, 0x20);
    /* mode 2 with the gate low: output high, restart on the rising gate */
    cpu_outb(0x61, 0x00);
    cpu_outb(0x43, 0xb4);
    cpu_outb(0x42, 10);
    cpu_outb(0x42, 0);
    fake_ns = at_tick(fake_ns, 9);     /* low now if it were counting */
    ck_assert_uint_eq(cpu_inb(0x61) & 0x20, 0x20);
    cpu_outb(0x61, 0x01);
    ck_assert_int_eq(pit_get_count(&pit, 2, fake_ns), 10);
    ck_assert_int_eq(pit_get_out(&pit, 2, at_tick(fake_ns, 9)), 0);
}
END_TEST

/* UART */

static SerialState uart;
static int uart_irq = -1;
static char out_buf[64];
static int out_len;

static void uart_irq_changed(void *opaque, int n, int level)
{
    (void)opaque;
    ck_assert_int_eq(n, 4);
    uart_irq = level;
}

static void uart_write(void *opaque, uint8_t byte)
{
    (void)opaque;
    if (out_len < (int)sizeof(out_buf))
        out_buf[out_len++] = byte;
}

static void uart_setup(void)
{
    IRQSignal irq;

    irq_init(&irq, uart_irq_changed, NULL, 4);
    serial_init(&uart, 0x3f8, &irq, uart_write, NULL);
    uart_irq = -1;
    out_len = 0;
}

/* autoconfig() of drivers/tty/serial/8250/8250_port.c, step by step */
START_TEST(test_uart_autoconfig)
{
    int save_mcr, save_lcr;

    /* an UART is there: IER keeps exactly its low four bits */
    cpu_outb(0x3f9, 0);
    ck_assert_uint_eq(cpu_inb(0x3f9) & 0x0f, 0);
    cpu_outb(0x3f9, 0x0f);
    ck_assert_uint_eq(cpu_inb(0x3f9) & 0x0f, 0x0f);
    cpu_outb(0x3f9, 0);
    /* loopback: MSR mirrors MCR */
    save_mcr = cpu_inb(0x3fc);
    save_lcr = cpu_inb(0x3fb);
    cpu_outb(0x3fc, 0x10 | 0x0a);
    ck_assert_uint_eq(cpu_inb(0x3fe) & 0xf0, 0x90);
    cpu_outb(0x3fc, save_mcr);
    /* FIFO probe: IIR bits 7-6 = 3 is a 16550A */
    cpu_outb(0x3fb, 0xbf);
    cpu_outb(0x3fa, 0);
    cpu_outb(0x3fb, 0);
    cpu_outb(0x3fa, 0x01);
    ck_assert_uint_eq(cpu_inb(0x3fa) >> 6, 3);
    /* no EFR: with LCR 0xbf or 0x80 offset 2 still reads IIR */
    cpu_outb(0x3fb, 0xbf);
    ck_assert_uint_ne(cpu_inb(0x3fa), 0);
    cpu_outb(0x3fb, 0x80);
    ck_assert_uint_ne(cpu_inb(0x3fa), 0);
    /* not a National SuperIO: IIR bit 4 never follows MCR loop */
    cpu_outb(0x3fb, 0xe0);
    ck_assert_uint_eq(cpu_inb(0x3fa) & 0x10, 0);
    /* no 64-byte FIFO (16750) */
    cpu_outb(0x3fb, 0);
    cpu_outb(0x3fa, 0x21);
    ck_assert_uint_eq(cpu_inb(0x3fa) >> 5, 6);
    cpu_outb(0x3fa, 0x01);
    /* no UUE bit (XScale) */
    cpu_outb(0x3f9, 0x40);
    ck_assert_uint_eq(cpu_inb(0x3f9), 0);
    cpu_outb(0x3fb, save_lcr);
    /* the scratch register */
    cpu_outb(0x3ff, 0xa5);
    ck_assert_uint_eq(cpu_inb(0x3ff), 0xa5);
}
END_TEST

START_TEST(test_uart_divisor)
{
    cpu_outb(0x3fb, 0x83);
    cpu_outb(0x3f8, 0x01);
    cpu_outb(0x3f9, 0x00);
    ck_assert_uint_eq(cpu_inb(0x3f8), 0x01);
    ck_assert_uint_eq(cpu_inb(0x3f9), 0x00);
    cpu_outb(0x3fb, 0x03);
    ck_assert_uint_eq(uart.divider, 1);
    ck_assert_uint_eq(cpu_inb(0x3fb), 0x03);
    ck_assert_int_eq(out_len, 0);
}
END_TEST

/* what serial8250_do_startup() checks (UART_BUG_THRE, UART_BUG_TXEN),
   then the tx path */
START_TEST(test_uart_thre)
{
    uint8_t iir1, iir;

    cpu_outb(0x3fc, 0x0b);             /* DTR, RTS, OUT2 */
    cpu_outb(0x3f9, 0x02);
    ck_assert_int_eq(uart_irq, 1);
    iir1 = cpu_inb(0x3fa);
    ck_assert_uint_eq(iir1, 0x02);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x01); /* read as the source: gone */
    ck_assert_int_eq(uart_irq, 0);
    cpu_outb(0x3f9, 0);
    cpu_outb(0x3f9, 0x02);             /* re-enabled while empty: again */
    iir = cpu_inb(0x3fa);
    ck_assert_uint_eq(iir, 0x02);
    cpu_outb(0x3f9, 0);

    cpu_outb(0x3f9, 0x02);
    ck_assert_int_eq(uart_irq, 1);
    cpu_outb(0x3f8, 'h');
    cpu_outb(0x3f8, 'i');
    ck_assert_int_eq(out_len, 2);
    ck_assert_mem_eq(out_buf, "hi", 2);
    ck_assert_int_eq(uart_irq, 1);     /* empty again */
    ck_assert_uint_eq(cpu_inb(0x3fd) & 0x60, 0x60);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x02);
    cpu_outb(0x3f9, 0x00);             /* stop_tx */
    ck_assert_int_eq(uart_irq, 0);
}
END_TEST

/* each THR write drops the line and raises it: an edge for the PIC */
START_TEST(test_uart_thre_edges)
{
    IRQSignal intr, irq;

    irq_init(&intr, intr_changed, NULL, 0);
    pic_init(&pic, &intr);
    pic_linux_init(0xef, 0xff);
    irq_init(&irq, pic_set_irq, &pic, 4);
    serial_init(&uart, 0x3f8, &irq, uart_write, NULL);
    cpu_outb(0x3fc, 0x0b);
    cpu_outb(0x3f9, 0x02);
    ck_assert_int_eq(pic_read_irq(&pic), 0x34);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x02);
    cpu_outb(0x3f8, 'x');
    cpu_outb(0x20, 0x64);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_read_irq(&pic), 0x34);
}
END_TEST

START_TEST(test_uart_out2_gates_irq)
{
    cpu_outb(0x3fc, 0x03);
    cpu_outb(0x3f9, 0x02);
    ck_assert_int_eq(uart_irq, 0);
    ck_assert_uint_eq(cpu_inb(0x3fa) & 0x0f, 0x02);
    cpu_outb(0x3f9, 0x00);
    cpu_outb(0x3f9, 0x02);
    cpu_outb(0x3fc, 0x0b);
    ck_assert_int_eq(uart_irq, 1);
    cpu_outb(0x3fc, 0x1b);             /* loopback disconnects the line */
    ck_assert_int_eq(uart_irq, 0);
}
END_TEST

START_TEST(test_uart_rx_fifo)
{
    int i;

    cpu_outb(0x3fa, 0x81);             /* FIFO on, trigger at 8 bytes */
    cpu_outb(0x3fc, 0x0b);
    cpu_outb(0x3f9, 0x01);
    ck_assert_int_eq(uart_irq, 0);
    ck_assert_int_eq(serial_can_receive(&uart), 16);
    for (i = 0; i < 3; i++)
        serial_receive(&uart, 'a' + i);
    ck_assert_int_eq(uart_irq, 1);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xcc); /* below the trigger level */
    for (; i < 8; i++)
        serial_receive(&uart, 'a' + i);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xc4);
    ck_assert_uint_eq(cpu_inb(0x3fd), 0x61);
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(cpu_inb(0x3f8), 'a' + i);
    ck_assert_uint_eq(cpu_inb(0x3fd), 0x60);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xc1);
    ck_assert_int_eq(uart_irq, 0);
}
END_TEST

START_TEST(test_uart_overrun)
{
    int i;

    cpu_outb(0x3fa, 0x07);             /* FIFO on and cleared, trigger 1 */
    cpu_outb(0x3fc, 0x0b);
    cpu_outb(0x3f9, 0x07);
    for (i = 0; i < 17; i++)
        serial_receive(&uart, i);
    ck_assert_int_eq(serial_can_receive(&uart), 0);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xc6); /* line status beats data */
    ck_assert_uint_eq(cpu_inb(0x3fd), 0x63);
    ck_assert_uint_eq(cpu_inb(0x3fd), 0x61);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xc4); /* data beats THRE */
    for (i = 0; i < 16; i++)
        ck_assert_uint_eq(cpu_inb(0x3f8), i);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0xc2);
    cpu_outb(0x3fa, 0x00);             /* FIFO off: one holding register */
    ck_assert_int_eq(serial_can_receive(&uart), 1);
    serial_receive(&uart, 'z');
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x04);
    ck_assert_uint_eq(cpu_inb(0x3f8), 'z');
}
END_TEST

START_TEST(test_uart_loopback_msr)
{
    cpu_outb(0x3fc, 0x10);
    cpu_outb(0x3f8, 'L');
    ck_assert_int_eq(out_len, 0);
    ck_assert_uint_eq(cpu_inb(0x3fd) & 0x01, 0x01);
    ck_assert_uint_eq(cpu_inb(0x3f8), 'L');
    cpu_inb(0x3fe);
    cpu_outb(0x3fc, 0x1f);
    ck_assert_uint_eq(cpu_inb(0x3fe), 0xf0 | 0x0b);
    cpu_outb(0x3fc, 0x1b);             /* RI falls: trailing edge */
    ck_assert_uint_eq(cpu_inb(0x3fe), 0xb4);
    cpu_outb(0x3f9, 0x08);
    cpu_outb(0x3fc, 0x1a);             /* DTR off: DSR falls */
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x00); /* modem status interrupt */
    ck_assert_uint_eq(cpu_inb(0x3fe), 0x92);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x01);
}
END_TEST

START_TEST(test_uart_break)
{
    cpu_outb(0x3f9, 0x05);
    serial_receive_break(&uart);
    ck_assert_uint_eq(cpu_inb(0x3fa), 0x06);
    ck_assert_uint_eq(cpu_inb(0x3fd), 0x71);
    ck_assert_uint_eq(cpu_inb(0x3f8), 0);
}
END_TEST

/* RTC */

static RTCState rtc;

static void rtc_setup(void)
{
    fake_ns = 1709251198LL * 1000000000 + 500000000; /* 2024-02-29 23:59:58.5 */
    rtc_init(&rtc, fake_clock, NULL);
}

static uint8_t cmos_read(int index)
{
    cpu_outb(0x70, index);
    return cpu_inb(0x71);
}

START_TEST(test_rtc_bcd_time)
{
    ck_assert_uint_eq(cmos_read(0x0a), 0x26);
    ck_assert_uint_eq(cmos_read(0x0b), 0x02);
    ck_assert_uint_eq(cmos_read(0x0d), 0x80);
    ck_assert_uint_eq(cmos_read(0x00), 0x58);
    ck_assert_uint_eq(cmos_read(0x02), 0x59);
    ck_assert_uint_eq(cmos_read(0x04), 0x23);
    ck_assert_uint_eq(cmos_read(0x06), 0x05); /* Thursday */
    ck_assert_uint_eq(cmos_read(0x07), 0x29);
    ck_assert_uint_eq(cmos_read(0x08), 0x02);
    ck_assert_uint_eq(cmos_read(0x09), 0x24);
    ck_assert_uint_eq(cmos_read(0x32), 0x20);
    /* the NMI mask bit of the index port is not part of the index */
    cpu_outb(0x70, 0x80 | 0x09);
    ck_assert_uint_eq(cpu_inb(0x71), 0x24);
    fake_ns += 2000000000;              /* 2024-03-01 00:00:00.5 */
    ck_assert_uint_eq(cmos_read(0x07), 0x01);
    ck_assert_uint_eq(cmos_read(0x08), 0x03);
    ck_assert_uint_eq(cmos_read(0x04), 0x00);
}
END_TEST

START_TEST(test_rtc_formats)
{
    cpu_outb(0x70, 0x0b);
    cpu_outb(0x71, 0x06);              /* binary, 24 h */
    ck_assert_uint_eq(cmos_read(0x00), 58);
    ck_assert_uint_eq(cmos_read(0x04), 23);
    cpu_outb(0x70, 0x0b);
    cpu_outb(0x71, 0x00);              /* BCD, 12 h */
    ck_assert_uint_eq(cmos_read(0x04), 0x80 | 0x11);
}
END_TEST

START_TEST(test_rtc_uip)
{
    ck_assert_uint_eq(cmos_read(0x0a) & 0x80, 0);
    fake_ns += 499800000;              /* 200 us before the update */
    ck_assert_uint_eq(cmos_read(0x0a) & 0x80, 0x80);
    ck_assert_uint_eq(cmos_read(0x00), 0x58);
    fake_ns += 200000;
    ck_assert_uint_eq(cmos_read(0x0a) & 0x80, 0);
    ck_assert_uint_eq(cmos_read(0x00), 0x59);
}
END_TEST

START_TEST(test_rtc_ram)
{
    cpu_outb(0x70, 0x40);
    cpu_outb(0x71, 0x5a);
    ck_assert_uint_eq(cmos_read(0x40), 0x5a);
    rtc_set_memory(&rtc, 0x15, 0x80);
    ck_assert_uint_eq(cmos_read(0x15), 0x80);
    cpu_outb(0x70, 0x0d);
    cpu_outb(0x71, 0x00);              /* read-only */
    ck_assert_uint_eq(cmos_read(0x0d), 0x80);
}
END_TEST

/* keyboard controller and port 0x80 */

static int resets;

static void count_reset(void *opaque)
{
    (void)opaque;
    resets++;
}

START_TEST(test_kbd_reset)
{
    KBDState kbd;

    kbd_init(&kbd, count_reset, NULL);
    resets = 0;
    ck_assert_uint_eq(cpu_inb(0x64) & 0x03, 0);
    cpu_outb(0x80, 0x00);
    cpu_outb(0x64, 0xff);              /* pulse nothing */
    ck_assert_int_eq(resets, 0);
    cpu_outb(0x64, 0xfe);
    ck_assert_int_eq(resets, 1);
}
END_TEST

static Suite *hw_suite(void)
{
    Suite *s = suite_create("hw");
    TCase *tc;

    tc = tcase_create("ioport");
    tcase_add_test(tc, test_ioport_unassigned);
    tcase_add_test(tc, test_ioport_split);
    suite_add_tcase(s, tc);

    tc = tcase_create("i8259");
    tcase_add_checked_fixture(tc, pic_setup, NULL);
    tcase_add_test(tc, test_pic_linux_init);
    tcase_add_test(tc, test_pic_mask);
    tcase_add_test(tc, test_pic_priority);
    tcase_add_test(tc, test_pic_rotate);
    tcase_add_test(tc, test_pic_edge);
    tcase_add_test(tc, test_pic_cascade);
    tcase_add_test(tc, test_pic_cascade_priority);
    tcase_add_test(tc, test_pic_spurious);
    tcase_add_test(tc, test_pic_poll);
    tcase_add_test(tc, test_pic_auto_eoi);
    suite_add_tcase(s, tc);

    tc = tcase_create("i8254");
    tcase_add_checked_fixture(tc, pit_setup, NULL);
    tcase_add_test(tc, test_pit_linux_100hz);
    tcase_add_test(tc, test_pit_mode2_count);
    tcase_add_test(tc, test_pit_latch_holds);
    tcase_add_test(tc, test_pit_mode3);
    tcase_add_test(tc, test_pit_mode0);
    tcase_add_test(tc, test_pit_lsb_msb_only);
    tcase_add_test(tc, test_pit_read_back);
    tcase_add_test(tc, test_pit_channel2_port61);
    suite_add_tcase(s, tc);

    tc = tcase_create("serial");
    tcase_add_checked_fixture(tc, uart_setup, NULL);
    tcase_add_test(tc, test_uart_autoconfig);
    tcase_add_test(tc, test_uart_divisor);
    tcase_add_test(tc, test_uart_thre);
    tcase_add_test(tc, test_uart_thre_edges);
    tcase_add_test(tc, test_uart_out2_gates_irq);
    tcase_add_test(tc, test_uart_rx_fifo);
    tcase_add_test(tc, test_uart_overrun);
    tcase_add_test(tc, test_uart_loopback_msr);
    tcase_add_test(tc, test_uart_break);
    suite_add_tcase(s, tc);

    tc = tcase_create("mc146818rtc");
    tcase_add_checked_fixture(tc, rtc_setup, NULL);
    tcase_add_test(tc, test_rtc_bcd_time);
    tcase_add_test(tc, test_rtc_formats);
    tcase_add_test(tc, test_rtc_uip);
    tcase_add_test(tc, test_rtc_ram);
    suite_add_tcase(s, tc);

    tc = tcase_create("pckbd");
    tcase_add_test(tc, test_kbd_reset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(hw_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
