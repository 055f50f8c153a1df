/*
 * PC devices of vl: the I/O port table and the API of each device model.
 *
 * Devices know nothing of the CPU.  Each xxx_init() registers its ports on
 * the table in ioport.c, which the CPU's in/out helpers reach through
 * cpu_inb() ... cpu_outl().  Interrupt sources drive an IRQSignal (a PIC
 * input pin), and the PIC's INTR output is an IRQSignal too, which vl
 * connects to cpu_x86_interrupt(env, CPU_INTERRUPT_HARD).  Time comes from
 * a clock function given at init, so tests can drive a fake clock.
 */
#ifndef HW_H
#define HW_H

#include <stdint.h>

/* I/O ports (ioport.c) */
#define MAX_IOPORTS 65536

typedef uint32_t IOPortReadFunc(void *opaque, uint32_t addr);
typedef void IOPortWriteFunc(void *opaque, uint32_t addr, uint32_t val);

/* size is the access width in bytes (1, 2 or 4); returns -1 on bad args.
   A port without a handler of some width splits the access into narrower
   ones; a port with no handler at all reads as all ones. */
int register_ioport_read(int start, int length, int size,
                         IOPortReadFunc *func, void *opaque);
int register_ioport_write(int start, int length, int size,
                          IOPortWriteFunc *func, void *opaque);

uint32_t cpu_inb(uint32_t addr);
uint32_t cpu_inw(uint32_t addr);
uint32_t cpu_inl(uint32_t addr);
void cpu_outb(uint32_t addr, uint32_t val);
void cpu_outw(uint32_t addr, uint32_t val);
void cpu_outl(uint32_t addr, uint32_t val);

/* an interrupt line: set_irq(opaque, irq_num, level) */
typedef void SetIRQFunc(void *opaque, int irq_num, int level);

typedef struct IRQSignal {
    SetIRQFunc *set_irq;
    void *opaque;
    int irq_num;
} IRQSignal;

static inline void irq_init(IRQSignal *irq, SetIRQFunc *set_irq, void *opaque,
                            int irq_num)
{
    irq->set_irq = set_irq;
    irq->opaque = opaque;
    irq->irq_num = irq_num;
}

static inline void set_irq(IRQSignal *irq, int level)
{
    if (irq->set_irq)
        irq->set_irq(irq->opaque, irq->irq_num, level);
}

/* a host clock in nanoseconds */
typedef int64_t ClockFunc(void *opaque);

/* i8259.c: the two cascaded 8259A PICs, master 0x20/0x21, slave 0xa0/0xa1 */
typedef struct PICChip {
    uint8_t irr, isr, imr;
    uint8_t pin_level;      /* input pins, for edge detection */
    uint8_t vector_base;    /* ICW2 */
    uint8_t icw_step;       /* next ICW expected (2..4), 0 once initialised */
    uint8_t icw4_needed, single, auto_eoi, rotate_on_aeoi;
    uint8_t sfnm;           /* special fully nested mode (ICW4) */
    uint8_t highest;        /* the IR with the highest priority */
    uint8_t read_isr;       /* OCW3: the command port reads ISR, not IRR */
    uint8_t poll;           /* OCW3: the next read is a poll */
    uint8_t special_mask;
} PICChip;

typedef struct PICState {
    PICChip chip[2];        /* master, slave (on the master's IR2) */
    IRQSignal intr;         /* INTR, told after every change (may repeat) */
    int intr_level;
} PICState;

void pic_init(PICState *s, IRQSignal *intr);
/* an ISA IRQ line (0-15) changed; edge triggered: a rising edge latches */
void pic_set_irq(void *opaque, int irq, int level);
/* the CPU's interrupt acknowledge: returns the vector (IRQ7/15's vector
   when nothing is pending any more: a spurious interrupt) */
int pic_read_irq(PICState *s);

/* i8254.c: the 8254 PIT at 0x40-0x43, channel 2's gate and output on 0x61 */
#define PIT_FREQ 1193182

typedef struct PITChannel {
    int32_t count;          /* reload value, 1..0x10000 */
    int64_t load_time;      /* host ns when the count was loaded */
    int64_t irqs_counted;   /* output edges already reported */
    uint8_t mode, rw_mode, bcd, gate;
    uint8_t loaded;         /* a count was written since the control word */
    uint8_t write_lsb_next, read_lsb_next;
    uint8_t write_lsb;      /* first byte of a 16-bit count */
    uint8_t count_latched;  /* 0, or the rw_mode of the latched value */
    uint16_t latched_count;
    uint8_t status_latched, latched_status;
} PITChannel;

typedef struct PITState {
    PITChannel ch[3];
    ClockFunc *get_clock;
    void *clock_opaque;
    uint8_t speaker;        /* port 0x61 bit 1 */
} PITState;

void pit_init(PITState *s, ClockFunc *get_clock, void *clock_opaque);
/* host ns of channel 0's next rising output edge after now, or -1 */
int64_t pit_get_next_expiry(PITState *s);
/* rising edges of channel 0's output since the last call: each one is an
   IRQ0 pulse, but pulses sent before the guest acknowledged the previous
   one merge in the PIC's IRR, so vl paces them */
int pit_count_irqs(PITState *s, int64_t now);
int pit_get_out(PITState *s, int channel, int64_t now);
int pit_get_count(PITState *s, int channel, int64_t now);

/* serial.c: a 16550A UART */
typedef void CharWriteFunc(void *opaque, uint8_t byte);

#define SERIAL_FIFO_SIZE 16

typedef struct SerialState {
    uint16_t divider;
    uint8_t ier, lcr, mcr, msr, scr, fcr;
    uint8_t lsr_errors;     /* OE and BI, until LSR is read */
    uint8_t thre_pending;   /* the THRE interrupt condition */
    uint8_t rx_fifo[SERIAL_FIFO_SIZE];
    int rx_head, rx_count;
    IRQSignal irq;
    CharWriteFunc *write;
    void *write_opaque;
} SerialState;

void serial_init(SerialState *s, int base, IRQSignal *irq,
                 CharWriteFunc *write, void *write_opaque);
/* bytes the receiver can take now (vl reads no more from the host) */
int serial_can_receive(SerialState *s);
void serial_receive(SerialState *s, uint8_t byte);
void serial_receive_break(SerialState *s);

/* mc146818rtc.c: the CMOS RTC and its RAM at 0x70/0x71 */
typedef struct RTCState {
    uint8_t index;
    uint8_t cmos[128];      /* the clock registers are computed on read */
    ClockFunc *get_time;    /* host real time, ns since the epoch */
    void *time_opaque;
} RTCState;

void rtc_init(RTCState *s, ClockFunc *get_time, void *time_opaque);
/* fill a CMOS RAM byte (memory size, equipment) before the guest runs */
void rtc_set_memory(RTCState *s, int addr, uint8_t val);

/* pckbd.c: the keyboard controller's reset line, and port 0x80 */
typedef void ResetFunc(void *opaque);

typedef struct KBDState {
    ResetFunc *reset_request;
    void *reset_opaque;
} KBDState;

void kbd_init(KBDState *s, ResetFunc *reset_request, void *reset_opaque);

#endif
