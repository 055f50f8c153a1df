/*
 * A 16550A UART, the PC's COM1 at 0x3f8, as Linux's 8250 driver probes and
 * drives it: 16-byte receive FIFO, scratch register, no EFR (with LCR 0xbf
 * offset 2 is still IIR/FCR, which is how the driver tells a 16550A from
 * its successors), loopback, and an IRQ line gated by MCR OUT2.
 *
 * Transmission is instant: a byte written to THR goes to the host at once,
 * so THRE and TEMT always read 1.  The THRE interrupt follows the chip: it
 * is raised when the transmitter empties or when IER bit 1 goes from 0 to 1
 * while it is empty, and cleared by reading IIR while it is the source or
 * by writing THR.  Each THR write therefore drops the IRQ line and raises
 * it again, an edge: the kernel writes up to 16 bytes per interrupt.
 */
#include <string.h>
#include "hw.h"

#define UART_LCR_DLAB   0x80

#define UART_IER_RDI    0x01 /* received data available */
#define UART_IER_THRI   0x02 /* transmitter holding register empty */
#define UART_IER_RLSI   0x04 /* receiver line status */
#define UART_IER_MSI    0x08 /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_MSI    0x00
#define UART_IIR_THRI   0x02
#define UART_IIR_RDI    0x04
#define UART_IIR_RLSI   0x06
#define UART_IIR_TIMEOUT 0x0c /* data below the trigger level */
#define UART_IIR_FIFO   0xc0

#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RCVR 0x02

#define UART_MCR_DTR    0x01
#define UART_MCR_RTS    0x02
#define UART_MCR_OUT1   0x04
#define UART_MCR_OUT2   0x08
#define UART_MCR_LOOP   0x10

#define UART_LSR_DR     0x01
#define UART_LSR_OE     0x02
#define UART_LSR_BI     0x10
#define UART_LSR_THRE   0x20
#define UART_LSR_TEMT   0x40

#define UART_MSR_DCTS   0x01
#define UART_MSR_DDSR   0x02
#define UART_MSR_TERI   0x04
#define UART_MSR_DDCD   0x08
#define UART_MSR_CTS    0x10
#define UART_MSR_DSR    0x20
#define UART_MSR_RI     0x40
#define UART_MSR_DCD    0x80

static int fifo_enabled(SerialState *s)
{
    return s->fcr & UART_FCR_ENABLE;
}

static int rx_trigger_level(SerialState *s)
{
    static const uint8_t level[4] = { 1, 4, 8, 14 };

    return fifo_enabled(s) ? level[s->fcr >> 6] : 1;
}

/* the pending interrupt of highest priority, as IIR shows it */
static uint8_t serial_iir(SerialState *s)
{
    uint8_t fifo = fifo_enabled(s) ? UART_IIR_FIFO : 0;

    if ((s->ier & UART_IER_RLSI) && s->lsr_errors)
        return fifo | UART_IIR_RLSI;
    if ((s->ier & UART_IER_RDI) && s->rx_count)
        return fifo | (s->rx_count >= rx_trigger_level(s) ? UART_IIR_RDI
                                                          : UART_IIR_TIMEOUT);
    if ((s->ier & UART_IER_THRI) && s->thre_pending)
        return fifo | UART_IIR_THRI;
    if ((s->ier & UART_IER_MSI) && (s->msr & 0x0f))
        return fifo | UART_IIR_MSI;
    return fifo | UART_IIR_NO_INT;
}

/* on a PC OUT2 enables the IRQ driver; loopback disconnects it */
static void serial_update_irq(SerialState *s)
{
    int pending = !(serial_iir(s) & UART_IIR_NO_INT);

    set_irq(&s->irq, pending && (s->mcr & (UART_MCR_OUT2 | UART_MCR_LOOP)) ==
                                    UART_MCR_OUT2);
}

/* modem lines: in loopback MCR's outputs, otherwise a modem that is there */
static void serial_update_msr(SerialState *s)
{
    uint8_t lines, changed, m = s->mcr;

    if (m & UART_MCR_LOOP)
        lines = (m & UART_MCR_RTS) << 3 | (m & UART_MCR_DTR) << 5 |
                (m & (UART_MCR_OUT1 | UART_MCR_OUT2)) << 4;
    else
        lines = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    changed = lines ^ (s->msr & 0xf0);
    s->msr = lines | (s->msr & 0x0f) |
             (changed >> 4 & (UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_DDCD));
    if ((changed & UART_MSR_RI) && !(lines & UART_MSR_RI))
        s->msr |= UART_MSR_TERI;
}

static void rx_push(SerialState *s, uint8_t byte)
{
    if (serial_can_receive(s) > 0) {
        s->rx_fifo[(s->rx_head + s->rx_count++) % SERIAL_FIFO_SIZE] = byte;
        return;
    }
    /* overrun: the FIFO keeps its bytes, a lone holding register is replaced */
    s->lsr_errors |= UART_LSR_OE;
    if (!fifo_enabled(s))
        s->rx_fifo[s->rx_head] = byte;
}

/* an empty receiver reads the last byte again */
static uint8_t rx_pop(SerialState *s)
{
    uint8_t byte = s->rx_fifo[s->rx_head];

    if (s->rx_count) {
        s->rx_head = (s->rx_head + 1) % SERIAL_FIFO_SIZE;
        s->rx_count--;
    }
    return byte;
}

int serial_can_receive(SerialState *s)
{
    return (fifo_enabled(s) ? SERIAL_FIFO_SIZE : 1) - s->rx_count;
}

void serial_receive(SerialState *s, uint8_t byte)
{
    rx_push(s, byte);
    serial_update_irq(s);
}

/* a break arrives as a NUL with BI set (Linux's magic SysRq) */
void serial_receive_break(SerialState *s)
{
    rx_push(s, 0);
    s->lsr_errors |= UART_LSR_BI;
    serial_update_irq(s);
}

static void serial_transmit(SerialState *s, uint8_t byte)
{
    s->thre_pending = 0;
    serial_update_irq(s);
    if (s->mcr & UART_MCR_LOOP)
        rx_push(s, byte);
    else if (s->write)
        s->write(s->write_opaque, byte);
    s->thre_pending = 1;
}

/* FIFO control: enabling or disabling the FIFOs empties them, and the
   other bits only take effect with bit 0 set */
static void serial_write_fcr(SerialState *s, uint8_t val)
{
    if ((val ^ s->fcr) & UART_FCR_ENABLE)
        s->rx_count = 0;
    if (!(val & UART_FCR_ENABLE)) {
        s->fcr = 0;
        return;
    }
    if (val & UART_FCR_CLEAR_RCVR)
        s->rx_count = 0;
    s->fcr = val & 0xc9;
}

static void serial_ioport_write(void *opaque, uint32_t addr, uint32_t val)
{
    SerialState *s = opaque;
    int dlab = s->lcr & UART_LCR_DLAB;

    switch (addr & 7) {
    case 0:
        if (dlab)
            s->divider = (s->divider & 0xff00) | val;
        else
            serial_transmit(s, val);
        break;
    case 1:
        if (dlab) {
            s->divider = (s->divider & 0x00ff) | val << 8;
            break;
        }
        if ((val & ~s->ier) & UART_IER_THRI)
            s->thre_pending = 1;
        s->ier = val & 0x0f;
        break;
    case 2:
        serial_write_fcr(s, val);
        break;
    case 3:
        s->lcr = val;
        break;
    case 4:
        s->mcr = val & 0x1f;
        serial_update_msr(s);
        break;
    case 7:
        s->scr = val;
        break;
    default: /* LSR and MSR writes are for factory testing */
        break;
    }
    serial_update_irq(s);
}

static uint32_t serial_ioport_read(void *opaque, uint32_t addr)
{
    SerialState *s = opaque;
    int dlab = s->lcr & UART_LCR_DLAB;
    uint32_t ret;

    switch (addr & 7) {
    case 0:
        if (dlab)
            return s->divider & 0xff;
        ret = rx_pop(s);
        break;
    case 1:
        return dlab ? s->divider >> 8 : s->ier;
    case 2:
        ret = serial_iir(s);
        if ((ret & 0x0f) == UART_IIR_THRI)
            s->thre_pending = 0;
        break;
    case 3:
        return s->lcr;
    case 4:
        return s->mcr;
    case 5:
        ret = UART_LSR_THRE | UART_LSR_TEMT | s->lsr_errors |
              (s->rx_count ? UART_LSR_DR : 0);
        s->lsr_errors = 0;
        break;
    case 6:
        ret = s->msr;
        s->msr &= 0xf0;
        break;
    default:
        return s->scr;
    }
    serial_update_irq(s);
    return ret;
}

void serial_init(SerialState *s, int base, IRQSignal *irq,
                 CharWriteFunc *write, void *write_opaque)
{
    memset(s, 0, sizeof(*s));
    s->irq = *irq;
    s->write = write;
    s->write_opaque = write_opaque;
    s->divider = 12; /* 9600 baud */
    serial_update_msr(s);
    s->msr &= 0xf0;
    register_ioport_read(base, 8, 1, serial_ioport_read, s);
    register_ioport_write(base, 8, 1, serial_ioport_write, s);
}
