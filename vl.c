/*
 * vl: a PC that boots a Linux kernel directly, without a BIOS.
 *
 * The board is the CPU (cpu_x86_exec, with the soft MMU), guest RAM, two
 * 8259 PICs, the 8254 PIT, a 16550A UART on the terminal and the CMOS
 * clock.  Time enters the machine the way QEMU 0.4 did it: SIGALRM runs
 * host_alarm_handler, which only asks the CPU to leave cpu_x86_exec; the
 * main loop then raises IRQ0 for each PIT period that has passed (through
 * pic_set_irq, which sets CPU_INTERRUPT_HARD), reads the terminal, and
 * runs the CPU again.  A guest idling in hlt sleeps in poll().
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "cpu-i386.h"
#include "exec-all.h"
#include "hw/hw.h"

#define DEFAULT_RAM_MB 32
#define MIN_RAM_MB 21      /* the tiny kernel and its initramfs need this */
#define KERNEL_ADDR 0x100000
#define BOOT_PARAMS_ADDR 0x10000
#define GDT_ADDR (BOOT_PARAMS_ADDR + 0x1000)
#define CMDLINE_ADDR 0x20000
#define CMDLINE_MAX 2048
#define TIMER_PERIOD_US 1000

typedef struct BootOptions {
    const char *kernel, *initrd, *append;
    uint32_t ram_mb;
    int no_reboot;
} BootOptions;

static CPUX86State *env;
static PICState pic;
static PITState pit;
static SerialState serial;
static RTCState rtc;
static KBDState kbd;
static volatile int reset_requested;

static struct termios saved_tty;
static int tty_raw;

static void fatal(const char *fmt, const char *arg)
{
    fprintf(stderr, "vl: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

/* the terminal: raw while the guest owns it, restored on every exit */

static void tty_restore(void)
{
    if (tty_raw)
        tcsetattr(0, TCSANOW, &saved_tty);
    tty_raw = 0;
}

static void tty_set_raw(void)
{
    struct termios tty;
    if (!isatty(0) || tcgetattr(0, &saved_tty) < 0)
        return;
    tty = saved_tty;
    cfmakeraw(&tty);
    tcsetattr(0, TCSANOW, &tty);
    tty_raw = 1;
    atexit(tty_restore);
}

static void fatal_signal(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* clocks */

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t monotonic_ns(void *opaque)
{
    (void)opaque;
    return clock_ns(CLOCK_MONOTONIC);
}

static int64_t realtime_ns(void *opaque)
{
    (void)opaque;
    return clock_ns(CLOCK_REALTIME);
}

/* the CPU's view of the board */

static uint32_t board_io_read(uint32_t port, int size_shift)
{
    return size_shift == 0 ? cpu_inb(port) : size_shift == 1 ? cpu_inw(port) : cpu_inl(port);
}

static void board_io_write(uint32_t port, uint32_t val, int size_shift)
{
    if (size_shift == 0)
        cpu_outb(port, val);
    else if (size_shift == 1)
        cpu_outw(port, val);
    else
        cpu_outl(port, val);
}

static int board_get_pic_interrupt(void)
{
    return pic_read_irq(&pic);
}

static void pic_intr(void *opaque, int irq, int level)
{
    (void)opaque;
    (void)irq;
    if (level)
        cpu_x86_interrupt(env, CPU_INTERRUPT_HARD);
    else
        cpu_x86_reset_interrupt(env, CPU_INTERRUPT_HARD);
}

static void serial_out(void *opaque, uint8_t byte)
{
    (void)opaque;
    while (write(1, &byte, 1) < 0 && errno == EINTR)
        ;
}

static void kbd_reset(void *opaque)
{
    (void)opaque;
    reset_requested = 1;
    cpu_x86_interrupt(env, CPU_INTERRUPT_EXIT);
}

/* writes into guest RAM pages that hold translated code fault here */
static void host_segv_handler(int sig, siginfo_t *info, void *puc)
{
    if (cpu_x86_signal_handler(sig, info, puc))
        return;
    tty_restore();
    fprintf(stderr, "vl: internal error: host signal %d at address %p\n", sig, info->si_addr);
    signal(sig, SIG_DFL);
}

static void host_alarm_handler(int sig)
{
    (void)sig;
    cpu_x86_interrupt(env, CPU_INTERRUPT_EXIT);
}

/* loading: a bzImage by the 32-bit boot protocol, or an ELF vmlinux */

static uint8_t *read_file(const char *name, size_t *size)
{
    struct stat st;
    uint8_t *buf;
    int fd = open(name, O_RDONLY);

    if (fd < 0 || fstat(fd, &st) < 0)
        fatal("%s: cannot open", name);
    if (!S_ISREG(st.st_mode))
        fatal("%s: not a regular file", name);
    buf = malloc(st.st_size ? st.st_size : 1);
    if (!buf || read(fd, buf, st.st_size) != st.st_size)
        fatal("%s: cannot read", name);
    close(fd);
    *size = st.st_size;
    return buf;
}

static uint8_t *guest_ram(uint32_t addr, uint32_t len, const char *what)
{
    if (addr > phys_ram_size || len > phys_ram_size - addr)
        fatal("%s does not fit in guest RAM (use -m)", what);
    return phys_ram_base + addr;
}

static uint16_t get16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t get32(const uint8_t *p) { return get16(p) | (uint32_t)get16(p + 2) << 16; }
static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

/* an uncompressed vmlinux: its segments at their physical addresses */
static uint32_t load_elf_kernel(const char *name)
{
    int fd = open(name, O_RDONLY);
    Elf *elf;
    GElf_Ehdr eh;
    size_t n;
    uint32_t entry;

    elf_version(EV_CURRENT);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || !gelf_getehdr(elf, &eh) || eh.e_machine != EM_386 ||
        gelf_getclass(elf) != ELFCLASS32 || elf_getphdrnum(elf, &n) < 0)
        fatal("%s: not an i386 ELF kernel", name);
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        uint8_t *dst;
        if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz)
            fatal("%s: corrupt program header", name);
        dst = guest_ram(ph.p_paddr, ph.p_memsz, "the kernel");
        memset(dst, 0, ph.p_memsz);
        if (pread(fd, dst, ph.p_filesz, ph.p_offset) != (ssize_t)ph.p_filesz)
            fatal("%s: truncated", name);
    }
    /* vmlinux's entry is linked at PAGE_OFFSET + its physical address */
    entry = eh.e_entry >= 0xc0000000 ? eh.e_entry - 0xc0000000 : eh.e_entry;
    elf_end(elf);
    close(fd);
    return entry;
}

static void add_e820(uint8_t *params, uint64_t addr, uint64_t size, uint32_t type)
{
    uint8_t *e = params + 0x2d0 + 20 * params[0x1e8]++;
    put32(e, addr);
    put32(e + 4, addr >> 32);
    put32(e + 8, size);
    put32(e + 12, size >> 32);
    put32(e + 16, type);
}

/* returns the entry point */
static uint32_t load_linux(const BootOptions *o)
{
    uint8_t *params = guest_ram(BOOT_PARAMS_ADDR, 4096, "boot_params");
    uint8_t *kernel;
    size_t ksize;
    uint32_t entry, kernel_end, setup_size;

    memset(params, 0, 4096);
    kernel = read_file(o->kernel, &ksize);
    if (ksize >= 4 && memcmp(kernel, "\177ELF", 4) == 0) {
        entry = load_elf_kernel(o->kernel);
        kernel_end = KERNEL_ADDR + ksize;
        params[0x211] = 0x01; /* LOADED_HIGH */
        put32(params + 0x22c, 0x37ffffff);
    } else {
        int setup_sects, version;
        if (ksize < 0x264 || get32(kernel + 0x202) != 0x53726448) /* "HdrS" */
            fatal("%s: not a Linux bzImage (no HdrS boot header)", o->kernel);
        version = get16(kernel + 0x206);
        if (version < 0x0204)
            fatal("%s: boot protocol too old (need 2.04 or later)", o->kernel);
        if (!(kernel[0x211] & 0x01))
            fatal("%s: a zImage; only bzImage (loaded high) is supported", o->kernel);
        setup_sects = kernel[0x1f1] ? kernel[0x1f1] : 4;
        setup_size = (setup_sects + 1) * 512;
        /* syssize: the protected-mode part, in 16-byte units */
        if (setup_size >= ksize || ksize - setup_size < get32(kernel + 0x1f4) * 16ull)
            fatal("%s: truncated", o->kernel);
        /* the setup header, as the kernel expects it in boot_params */
        memcpy(params + 0x1f1, kernel + 0x1f1, 0x202 + kernel[0x201] - 0x1f1);
        memcpy(guest_ram(KERNEL_ADDR, ksize - setup_size, "the kernel"),
               kernel + setup_size, ksize - setup_size);
        entry = get32(kernel + 0x214); /* code32_start */
        kernel_end = KERNEL_ADDR + ksize - setup_size;
        /* the kernel decompresses itself at pref_address unless it is
           relocatable; init_size is all the room it needs there */
        if (version >= 0x020a) {
            uint32_t base = kernel[0x234] ? KERNEL_ADDR : get32(kernel + 0x258);
            if (base + get32(kernel + 0x260) > kernel_end)
                kernel_end = base + get32(kernel + 0x260);
        }
    }
    free(kernel);

    params[0x210] = 0xff; /* type_of_loader: anything but 0 */
    put32(params + 0x228, CMDLINE_ADDR);
    strncpy((char *)guest_ram(CMDLINE_ADDR, CMDLINE_MAX, "the command line"),
            o->append ? o->append : "", CMDLINE_MAX - 1);
    put32(params + 0x1e0, phys_ram_size / 1024 - 1024); /* alt_mem_k */
    add_e820(params, 0, 0x9fc00, 1);
    add_e820(params, 0x9fc00, 0x400, 2);
    add_e820(params, 0xf0000, 0x10000, 2);
    add_e820(params, KERNEL_ADDR, phys_ram_size - KERNEL_ADDR, 1);

    if (o->initrd) {
        size_t isize;
        uint8_t *initrd = read_file(o->initrd, &isize);
        uint32_t max = get32(params + 0x22c), addr;
        if (max == 0 || max > phys_ram_size - 1)
            max = phys_ram_size - 1;
        addr = (max + 1 - isize) & TARGET_PAGE_MASK;
        if (isize > max || addr < kernel_end) {
            /* else below the kernel's decompression area, above its image */
            uint32_t pref = get32(params + 0x258);
            uint32_t low = params[0x234] || !pref ? kernel_end : pref;
            addr = (low - isize) & TARGET_PAGE_MASK;
            if (isize > low || addr < KERNEL_ADDR + ksize)
                fatal("%s: the initrd does not fit in guest RAM beside the kernel (use -m)",
                      o->initrd);
        }
        memcpy(guest_ram(addr, isize, "the initrd"), initrd, isize);
        put32(params + 0x218, addr);
        put32(params + 0x21c, isize);
        free(initrd);
    }
    return entry;
}

/* the CPU as the 32-bit boot protocol hands it over: flat 4 GiB segments
   0x10 (code) and 0x18 (data), paging and interrupts off */
static void cpu_reset_for_linux(uint32_t entry)
{
    static const uint32_t gdt[8] = {
        0, 0, 0, 0,
        0x0000ffff, 0x00cf9a00, /* 0x10: code */
        0x0000ffff, 0x00cf9200, /* 0x18: data */
    };
    uint32_t code_flags = 0x00cf9b00, data_flags = 0x00cf9300;

    memcpy(guest_ram(GDT_ADDR, sizeof(gdt), "the GDT"), gdt, sizeof(gdt));
    memset(env->regs, 0, sizeof(env->regs));
    env->gdt = (SegmentCache){ 0, GDT_ADDR, sizeof(gdt) - 1, 0 };
    env->idt = (SegmentCache){ 0, 0, 0, 0 };
    env->ldt = env->tr = (SegmentCache){ 0, 0, 0, 0 };
    for (int i = 0; i < 6; i++)
        env->segs[i] = (SegmentCache){ 0x18, 0, 0xffffffff, data_flags };
    env->segs[R_CS] = (SegmentCache){ 0x10, 0, 0xffffffff, code_flags };
    env->cr[2] = env->cr[3] = env->cr[4] = 0;
    env->cr[0] = 0;
    cpu_x86_update_cr0(env, CR0_PE_MASK);
    env->hflags = HF_PE_MASK | HF_CS32_MASK | HF_SS32_MASK | HF_SOFTMMU_MASK;
    cpu_load_eflags(env, 2, ~0);
    env->regs[R_ESI] = BOOT_PARAMS_ADDR;
    env->eip = entry;
    env->halted = 0;
    env->old_exception = -1;
    env->interrupt_request = 0;
    tlb_flush(env);
}

static void boot(const BootOptions *o)
{
    uint32_t entry = load_linux(o);
    tb_lock();
    tb_flush();
    tb_unlock();
    cpu_reset_for_linux(entry);
}

/* the terminal: Ctrl-A starts an escape */

static void console_input(uint8_t c)
{
    static int escape;

    if (escape) {
        escape = 0;
        switch (c) {
        case 'x':
            fprintf(stderr, "\r\nvl: terminated\r\n");
            exit(0);
        case 'h':
            fprintf(stderr, "\r\nC-a h    this help\r\nC-a x    exit\r\n"
                            "C-a C-a  send C-a to the guest\r\n");
            return;
        case 1:
            break;
        default:
            return;
        }
    } else if (c == 1) {
        escape = 1;
        return;
    }
    serial_receive(&serial, c);
}

/* one pass of the main loop after the CPU stopped: timers, then input,
   sleeping until the next timer when the guest is halted */
static void main_loop_wait(int halted)
{
    int64_t now = monotonic_ns(NULL), next;
    int timeout = 0;
    struct pollfd pfd = { 0, POLLIN, 0 };

    if (pit_count_irqs(&pit, now) > 0) {
        pic_set_irq(&pic, 0, 1);
        pic_set_irq(&pic, 0, 0);
        halted = 0;
    }
    if (halted) {
        next = pit_get_next_expiry(&pit);
        timeout = next < 0 ? 100 : (int)((next - now + 999999) / 1000000);
        if (timeout < 0)
            timeout = 0;
    }
    if (!serial_can_receive(&serial))
        pfd.fd = -1;
    if (poll(&pfd, 1, timeout) > 0 && (pfd.revents & POLLIN)) {
        uint8_t buf[SERIAL_FIFO_SIZE];
        int n = serial_can_receive(&serial);
        n = read(0, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf));
        for (int i = 0; i < n; i++)
            console_input(buf[i]);
        if (n == 0) /* end of input: stop reading it */
            close(0);
    }
}

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: vl -kernel bzImage [-initrd file] [-append cmdline] [-m MB] [-no-reboot]\n"
            "          [-d items] [-D logfile]\n"
            "Boots a Linux kernel on an emulated PC; the serial port is the terminal.\n"
            "Keys: C-a x exits, C-a h helps.\n");
    exit(status);
}

static void parse_options(int argc, char **argv, BootOptions *o)
{
    static const struct option opts[] = {
        { "kernel", 1, 0, 'k' }, { "initrd", 1, 0, 'i' }, { "append", 1, 0, 'a' },
        { "m", 1, 0, 'm' }, { "no-reboot", 0, 0, 'n' }, { "d", 1, 0, 'd' },
        { "D", 1, 0, 'D' }, { "h", 0, 0, 'h' }, { "help", 0, 0, 'h' }, { 0, 0, 0, 0 },
    };
    int c, mask;
    char *end;

    *o = (BootOptions){ .ram_mb = DEFAULT_RAM_MB };
    opterr = 0;
    while ((c = getopt_long_only(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'k': o->kernel = optarg; break;
        case 'i': o->initrd = optarg; break;
        case 'a': o->append = optarg; break;
        case 'n': o->no_reboot = 1; break;
        case 'D': cpu_set_log_filename(optarg); break;
        case 'h': usage(0); break;
        case 'm':
            o->ram_mb = strtoul(optarg, &end, 10);
            if (*end || o->ram_mb == 0 || o->ram_mb > 2048)
                fatal("-m %s: give the RAM size in MiB (at most 2048)", optarg);
            if (o->ram_mb < MIN_RAM_MB)
                fatal("-m %s: the kernel needs at least 21 MiB of RAM", optarg);
            break;
        case 'd':
            if (strcmp(optarg, "help") == 0) {
                cpu_print_log_items(stdout);
                exit(0);
            }
            mask = cpu_str_to_log_mask(optarg);
            if (!mask) {
                fprintf(stderr, "vl: -d %s: unknown log item; the items are:\n", optarg);
                cpu_print_log_items(stderr);
                exit(1);
            }
            cpu_set_log(mask);
            break;
        case ':':
            fprintf(stderr, "vl: %s needs a value (vl -h for help)\n", argv[optind - 1]);
            exit(1);
        default:
            fprintf(stderr, "vl: unknown option %s (vl -h for help)\n", argv[optind - 1]);
            exit(1);
        }
    }
    if (optind < argc)
        fatal("unexpected argument %s", argv[optind]);
    if (!o->kernel)
        fatal("%s", "no kernel: give -kernel bzImage (vl -h for help)");
}

static void board_init(const BootOptions *o)
{
    IRQSignal intr, irq4;
    struct itimerval itv = { { 0, TIMER_PERIOD_US }, { 0, TIMER_PERIOD_US } };
    struct sigaction sa = { .sa_handler = host_alarm_handler };

    phys_ram_size = o->ram_mb << 20;
    phys_ram_base = mmap(NULL, phys_ram_size, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (phys_ram_base == MAP_FAILED)
        fatal("%s", "cannot allocate guest RAM");
    guest_base = (uintptr_t)phys_ram_base;
    cpu_exec_init();
    page_set_flags(0, phys_ram_size, PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);

    env = cpu_x86_init();
    env->cpuid_features = (1 << 0) | (1 << 8) | (1 << 15); /* FPU CX8 CMOV */
    env->io_read = board_io_read;
    env->io_write = board_io_write;
    env->get_pic_interrupt = board_get_pic_interrupt;

    irq_init(&intr, pic_intr, NULL, 0);
    pic_init(&pic, &intr);
    pit_init(&pit, monotonic_ns, NULL);
    irq_init(&irq4, pic_set_irq, &pic, 4);
    serial_init(&serial, 0x3f8, &irq4, serial_out, NULL);
    rtc_init(&rtc, realtime_ns, NULL);
    kbd_init(&kbd, kbd_reset, NULL);

    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_sigaction = host_segv_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    setitimer(ITIMER_REAL, &itv, NULL);
}

int main(int argc, char **argv)
{
    BootOptions o;
    int ret;

    parse_options(argc, argv, &o);
    board_init(&o);
    boot(&o);
    signal(SIGTERM, fatal_signal);
    signal(SIGHUP, fatal_signal);
    tty_set_raw();

    for (;;) {
        ret = cpu_x86_exec(env);
        if (ret == EXCP_RESET || reset_requested) {
            reset_requested = 0;
            if (o.no_reboot)
                break;
            boot(&o);
            continue;
        }
        if (ret == EXCP_HLT && !(env->eflags & IF_MASK))
            break; /* halted for good: the kernel's poweroff */
        main_loop_wait(ret == EXCP_HLT);
    }
    if (loglevel & CPU_LOG_STATS)
        dump_exec_info(logfile);
    return 0;
}
