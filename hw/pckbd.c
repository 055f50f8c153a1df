/*
 * The two motherboard odds the kernel touches with no driver of its own:
 * the 8042 keyboard controller, only for its CPU reset line (`reboot -f`
 * ends with 0xfe to port 0x64), and port 0x80, the POST code port that
 * outb_p() and inb_p() write as an I/O delay.
 *
 * There is no keyboard: the status register always reads "output buffer
 * empty, input buffer empty", so the kernel's kb_wait() loops end at once.
 */
#include "hw.h"

#define KBD_STATUS_SYS      0x04 /* self-test passed */
#define KBD_STATUS_UNLOCKED 0x10 /* keyboard not inhibited */

static uint32_t kbd_read_status(void *opaque, uint32_t addr)
{
    (void)opaque;
    (void)addr;
    return KBD_STATUS_SYS | KBD_STATUS_UNLOCKED;
}

static uint32_t kbd_read_data(void *opaque, uint32_t addr)
{
    (void)opaque;
    (void)addr;
    return 0;
}

/* commands 0xf0-0xff pulse the output port bits that are 0 in the low
   nibble; bit 0 is the CPU reset line */
static void kbd_write_command(void *opaque, uint32_t addr, uint32_t val)
{
    KBDState *s = opaque;

    (void)addr;
    if ((val & 0xf0) == 0xf0 && !(val & 1) && s->reset_request)
        s->reset_request(s->reset_opaque);
}

static void ioport80_write(void *opaque, uint32_t addr, uint32_t val)
{
    (void)opaque;
    (void)addr;
    (void)val;
}

void kbd_init(KBDState *s, ResetFunc *reset_request, void *reset_opaque)
{
    s->reset_request = reset_request;
    s->reset_opaque = reset_opaque;
    register_ioport_read(0x60, 1, 1, kbd_read_data, s);
    register_ioport_read(0x64, 1, 1, kbd_read_status, s);
    register_ioport_write(0x64, 1, 1, kbd_write_command, s);
    register_ioport_write(0x80, 1, 1, ioport80_write, s);
}
