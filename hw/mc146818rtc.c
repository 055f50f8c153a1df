/*
 * The MC146818 real-time clock and its 128 bytes of CMOS RAM: the index
 * register at 0x70 (bit 7 is the motherboard's NMI mask, ignored here) and
 * the data register at 0x71.
 *
 * The clock is the host's, read at each access: the time registers are
 * computed from get_time() in UTC, in the format register B selects (BCD,
 * 24-hour by default).  Register A's update-in-progress bit is set during
 * the last 244 us of every second, as on the chip, because Linux waits for
 * it to clear before reading the time.
 * XXX: the guest cannot set the clock (writes to the time registers are
 * lost), and there is no periodic, alarm or update interrupt (IRQ8).
 */
#include <string.h>
#include <time.h>
#include "hw.h"

#define RTC_SECONDS      0x00
#define RTC_MINUTES      0x02
#define RTC_HOURS        0x04
#define RTC_DAY_OF_WEEK  0x06
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH        0x08
#define RTC_YEAR         0x09
#define RTC_REG_A        0x0a
#define RTC_REG_B        0x0b
#define RTC_REG_C        0x0c
#define RTC_REG_D        0x0d
#define RTC_CENTURY      0x32 /* the IBM PC's place for it */

#define REG_A_UIP        0x80
#define REG_B_SET        0x80 /* updates stopped */
#define REG_B_DM_BINARY  0x04
#define REG_B_24H        0x02
#define REG_D_VRT        0x80 /* the battery is good */

#define NS_PER_SEC       1000000000LL
#define UPDATE_NS        244000

static uint8_t rtc_to_reg(RTCState *s, int v)
{
    return s->cmos[RTC_REG_B] & REG_B_DM_BINARY ? v : (v / 10) << 4 | v % 10;
}

static uint8_t rtc_hours(RTCState *s, int hour)
{
    int h12 = hour % 12 ? hour % 12 : 12;

    if (s->cmos[RTC_REG_B] & REG_B_24H)
        return rtc_to_reg(s, hour);
    return rtc_to_reg(s, h12) | (hour >= 12 ? 0x80 : 0);
}

/* a time register, or -1 if index is not one */
static int rtc_time_reg(RTCState *s, int index, int64_t now)
{
    time_t t = now / NS_PER_SEC;
    struct tm tm;

    gmtime_r(&t, &tm);
    switch (index) {
    case RTC_SECONDS:      return rtc_to_reg(s, tm.tm_sec);
    case RTC_MINUTES:      return rtc_to_reg(s, tm.tm_min);
    case RTC_HOURS:        return rtc_hours(s, tm.tm_hour);
    case RTC_DAY_OF_WEEK:  return rtc_to_reg(s, tm.tm_wday + 1);
    case RTC_DAY_OF_MONTH: return rtc_to_reg(s, tm.tm_mday);
    case RTC_MONTH:        return rtc_to_reg(s, tm.tm_mon + 1);
    case RTC_YEAR:         return rtc_to_reg(s, tm.tm_year % 100);
    case RTC_CENTURY:      return rtc_to_reg(s, (tm.tm_year + 1900) / 100);
    default:               return -1;
    }
}

static int rtc_update_in_progress(RTCState *s, int64_t now)
{
    return !(s->cmos[RTC_REG_B] & REG_B_SET) &&
           now % NS_PER_SEC >= NS_PER_SEC - UPDATE_NS;
}

static uint32_t rtc_ioport_read(void *opaque, uint32_t addr)
{
    RTCState *s = opaque;
    int64_t now;
    int val;

    if (!(addr & 1))
        return 0xff;
    now = s->get_time(s->time_opaque);
    val = rtc_time_reg(s, s->index, now);
    if (val >= 0)
        return val;
    switch (s->index) {
    case RTC_REG_A:
        return s->cmos[RTC_REG_A] | (rtc_update_in_progress(s, now) ? REG_A_UIP : 0);
    case RTC_REG_C: /* interrupt flags: reading clears them */
        val = s->cmos[RTC_REG_C];
        s->cmos[RTC_REG_C] = 0;
        return val;
    default:
        return s->cmos[s->index];
    }
}

static void rtc_ioport_write(void *opaque, uint32_t addr, uint32_t val)
{
    RTCState *s = opaque;

    if (!(addr & 1)) {
        s->index = val & 0x7f;
        return;
    }
    switch (s->index) {
    case RTC_REG_A: /* UIP is read-only */
        s->cmos[RTC_REG_A] = val & ~REG_A_UIP;
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        break;
    default:
        s->cmos[s->index] = val;
        break;
    }
}

void rtc_set_memory(RTCState *s, int addr, uint8_t val)
{
    if (addr >= 0 && addr < 128)
        s->cmos[addr] = val;
}

void rtc_init(RTCState *s, ClockFunc *get_time, void *time_opaque)
{
    memset(s, 0, sizeof(*s));
    s->get_time = get_time;
    s->time_opaque = time_opaque;
    s->cmos[RTC_REG_A] = 0x26; /* 32.768 kHz time base, 1024 Hz rate */
    s->cmos[RTC_REG_B] = REG_B_24H;
    s->cmos[RTC_REG_D] = REG_D_VRT;
    register_ioport_read(0x70, 2, 1, rtc_ioport_read, s);
    register_ioport_write(0x70, 2, 1, rtc_ioport_write, s);
}
