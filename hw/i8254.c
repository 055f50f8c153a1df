/*
 * The 8254 programmable interval timer: three 16-bit down counters clocked
 * at 1.193182 MHz, at 0x40-0x43; channel 2's gate and output on port 0x61.
 *
 * Nothing ticks: a channel remembers the host time its count was loaded,
 * and its counter and output are computed from the clock when read.  Linux
 * reads channel 0 all the time as a clocksource, so it must count down in
 * real time.  Channel 0 drives IRQ0: vl asks pit_get_next_expiry() when to
 * look again and pit_count_irqs() how many output edges went by.
 * XXX: BCD counting is not modelled, and in modes 0 and 4 the gate is
 * ignored (Linux raises channel 2's gate before loading it).
 */
#include <string.h>
#include <limits.h>
#include "hw.h"

#define NS_PER_SEC 1000000000LL

/* input clock ticks since the count was loaded */
static int64_t ch_ticks(PITChannel *c, int64_t now)
{
    if (now <= c->load_time)
        return 0;
    return (__int128)(now - c->load_time) * PIT_FREQ / NS_PER_SEC;
}

/* the counter after d ticks; mode 3 counts down by two, twice a period */
static int ch_count_at(PITChannel *c, int64_t d)
{
    switch (c->mode) {
    case 2:
        return (c->count - d % c->count) & 0xffff;
    case 3:
        return (c->count - 2 * d % c->count) & 0xffff;
    default:
        return (c->count - d) & 0xffff;
    }
}

/* the output after d ticks */
static int ch_out_at(PITChannel *c, int64_t d)
{
    switch (c->mode) {
    case 0:
    case 1:
        return d >= c->count;
    case 2: /* low for the one tick before each reload */
        return !c->gate || d % c->count != c->count - 1;
    case 3: /* high for the first (longer) half of the period */
        return !c->gate || d % c->count < (c->count + 1) / 2;
    default: /* 4, 5: a one-tick low strobe at terminal count */
        return d != c->count;
    }
}

/* rising output edges in the first d ticks */
static int64_t ch_edges(PITChannel *c, int64_t d)
{
    switch (c->mode) {
    case 2:
    case 3:
        return d / c->count;
    case 0:
    case 1:
        return d >= c->count;
    default:
        return d > c->count;
    }
}

/* the tick of the first rising edge after tick d, or -1 */
static int64_t ch_next_edge(PITChannel *c, int64_t d)
{
    switch (c->mode) {
    case 2:
    case 3:
        return (d / c->count + 1) * c->count;
    case 0:
    case 1:
        return d < c->count ? c->count : -1;
    default:
        return d <= c->count ? c->count + 1 : -1;
    }
}

static int64_t pit_now(PITState *s)
{
    return s->get_clock(s->clock_opaque);
}

int pit_get_count(PITState *s, int channel, int64_t now)
{
    PITChannel *c = &s->ch[channel];

    return c->loaded ? ch_count_at(c, ch_ticks(c, now)) : c->count & 0xffff;
}

int pit_get_out(PITState *s, int channel, int64_t now)
{
    PITChannel *c = &s->ch[channel];

    /* after a control word the output is low in mode 0, high otherwise */
    return c->loaded ? ch_out_at(c, ch_ticks(c, now)) : c->mode != 0;
}

int64_t pit_get_next_expiry(PITState *s)
{
    PITChannel *c = &s->ch[0];
    int64_t tick;

    if (!c->loaded)
        return -1;
    tick = ch_next_edge(c, ch_ticks(c, pit_now(s)));
    if (tick < 0)
        return -1;
    /* round up, so that the channel has reached the edge by then */
    return c->load_time + ((__int128)tick * NS_PER_SEC + PIT_FREQ - 1) / PIT_FREQ;
}

int pit_count_irqs(PITState *s, int64_t now)
{
    PITChannel *c = &s->ch[0];
    int64_t edges, n;

    if (!c->loaded)
        return 0;
    edges = ch_edges(c, ch_ticks(c, now));
    n = edges - c->irqs_counted;
    c->irqs_counted = edges;
    return n > INT_MAX ? INT_MAX : n;
}

static void ch_load(PITChannel *c, uint32_t val, int64_t now)
{
    c->count = val ? val : 0x10000;
    c->load_time = now;
    c->irqs_counted = 0;
    c->loaded = 1;
}

static void ch_latch_count(PITState *s, PITChannel *c, int64_t now)
{
    if (c->count_latched)
        return;
    c->latched_count = pit_get_count(s, c - s->ch, now);
    c->count_latched = c->rw_mode;
}

static void ch_latch_status(PITState *s, PITChannel *c, int64_t now)
{
    if (c->status_latched)
        return;
    c->latched_status = pit_get_out(s, c - s->ch, now) << 7 | !c->loaded << 6 |
                        c->rw_mode << 4 | c->mode << 1 | c->bcd;
    c->status_latched = 1;
}

/* read-back command: bits 3-1 select channels 2-0, bit 5/4 clear = latch
   the count/status */
static void pit_read_back(PITState *s, uint8_t val, int64_t now)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (!(val & (2 << i)))
            continue;
        if (!(val & 0x20))
            ch_latch_count(s, &s->ch[i], now);
        if (!(val & 0x10))
            ch_latch_status(s, &s->ch[i], now);
    }
}

static void pit_write_control(PITState *s, uint8_t val, int64_t now)
{
    PITChannel *c = &s->ch[val >> 6];
    int rw = (val >> 4) & 3;

    if (val >> 6 == 3) {
        pit_read_back(s, val, now);
        return;
    }
    if (rw == 0) {
        ch_latch_count(s, c, now);
        return;
    }
    c->rw_mode = rw;
    c->mode = (val >> 1) & 7;
    if (c->mode >= 6)
        c->mode -= 4;
    c->bcd = val & 1;
    c->loaded = 0;
    c->write_lsb_next = c->read_lsb_next = 1;
    c->count_latched = c->status_latched = 0;
}

static void pit_write_count(PITChannel *c, uint8_t val, int64_t now)
{
    switch (c->rw_mode) {
    case 1:
        ch_load(c, val, now);
        break;
    case 2:
        ch_load(c, val << 8, now);
        break;
    case 3:
        if (c->write_lsb_next) {
            c->write_lsb = val;
            /* in mode 0 the first byte stops the count and lowers OUT */
            if (c->mode == 0)
                c->loaded = 0;
        } else {
            ch_load(c, c->write_lsb | val << 8, now);
        }
        c->write_lsb_next ^= 1;
        break;
    }
}

static void pit_ioport_write(void *opaque, uint32_t addr, uint32_t val)
{
    PITState *s = opaque;
    int64_t now = pit_now(s);

    if ((addr & 3) == 3)
        pit_write_control(s, val, now);
    else
        pit_write_count(&s->ch[addr & 3], val, now);
}

/* a latched status, then a latched count, then the live counter */
static uint32_t pit_ioport_read(void *opaque, uint32_t addr)
{
    PITState *s = opaque;
    PITChannel *c = &s->ch[addr & 3];
    int v, msb;

    if ((addr & 3) == 3)
        return 0xff;
    if (c->status_latched) {
        c->status_latched = 0;
        return c->latched_status;
    }
    if (c->count_latched) {
        v = c->latched_count;
        msb = c->count_latched == 2;
        c->count_latched = c->count_latched == 3 ? 2 : 0;
    } else {
        v = pit_get_count(s, addr & 3, pit_now(s));
        msb = c->rw_mode == 2 || (c->rw_mode == 3 && !c->read_lsb_next);
        if (c->rw_mode == 3)
            c->read_lsb_next ^= 1;
    }
    return msb ? v >> 8 : v & 0xff;
}

/* a rising gate restarts modes 2 and 3 and triggers modes 1 and 5 */
static void ch_set_gate(PITChannel *c, int gate, int64_t now)
{
    if (gate && !c->gate && c->loaded && c->mode != 0 && c->mode != 4) {
        c->load_time = now;
        c->irqs_counted = 0;
    }
    c->gate = gate;
}

/* port 0x61: bit 0 channel 2's gate, bit 1 speaker enable, bit 4 the
   DRAM refresh toggle (every 15 us), bit 5 channel 2's output */
static uint32_t pit_port61_read(void *opaque, uint32_t addr)
{
    PITState *s = opaque;
    int64_t now = pit_now(s);

    (void)addr;
    return s->ch[2].gate | s->speaker << 1 | ((now / 15085) & 1) << 4 |
           pit_get_out(s, 2, now) << 5;
}

static void pit_port61_write(void *opaque, uint32_t addr, uint32_t val)
{
    PITState *s = opaque;

    (void)addr;
    s->speaker = (val >> 1) & 1;
    ch_set_gate(&s->ch[2], val & 1, pit_now(s));
}

void pit_init(PITState *s, ClockFunc *get_clock, void *clock_opaque)
{
    int i;

    memset(s, 0, sizeof(*s));
    s->get_clock = get_clock;
    s->clock_opaque = clock_opaque;
    for (i = 0; i < 3; i++) {
        s->ch[i].count = 0x10000;
        s->ch[i].rw_mode = 3;
        s->ch[i].write_lsb_next = s->ch[i].read_lsb_next = 1;
    }
    /* channels 0 and 1 have their gates tied high on a PC */
    s->ch[0].gate = s->ch[1].gate = 1;
    register_ioport_read(0x40, 4, 1, pit_ioport_read, s);
    register_ioport_write(0x40, 4, 1, pit_ioport_write, s);
    register_ioport_read(0x61, 1, 1, pit_port61_read, s);
    register_ioport_write(0x61, 1, 1, pit_port61_write, s);
}
