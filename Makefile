# qemu-i386: a re-creation of QEMU 0.4's dyngen translator for i386 guests
# on an x86_64 host.  `make run` and `make check` install what they need.

CC      = gcc
CFLAGS  = -O2 -g -Wall -Wextra -std=gnu11 -fno-strict-aliasing -D_GNU_SOURCE -I. -I$(BUILD)
LDFLAGS =
BUILD   = build

# Micro-ops are compiled to be cut into pieces: one exit at the end of each
# op, no jump tables, no PIC, no stack checks (see doc/tech.md, "dyngen").
OP_CFLAGS = -O2 -g -std=gnu11 -I. -fno-pie -fno-pic -fomit-frame-pointer \
  -fno-stack-protector -fno-stack-clash-protection -fcf-protection=none \
  -fno-asynchronous-unwind-tables -fno-jump-tables \
  -fno-optimize-sibling-calls -fno-reorder-blocks \
  -fno-reorder-blocks-and-partition -fno-shrink-wrap -fno-thread-jumps \
  -fno-tree-vectorize -fno-exceptions -fno-unwind-tables \
  -mno-red-zone -fno-strict-aliasing -Wall -Wno-unused-parameter

BFD_LIBS = -lbfd -lopcodes

CORE_SRCS = exec.c exec-i386.c helper-i386.c helper-fpu.c softmmu.c translate-i386.c \
  translate.c translate-op.c disas.c trace.c
USER_SRCS = $(wildcard linux-user/*.c)
VL_SRCS = vl.c $(wildcard hw/*.c)
CORE_OBJS = $(CORE_SRCS:%.c=$(BUILD)/%.o)
USER_OBJS = $(USER_SRCS:%.c=$(BUILD)/%.o)
VL_OBJS = $(VL_SRCS:%.c=$(BUILD)/%.o)
GENERATED = $(BUILD)/op-i386.h $(BUILD)/opc-i386.h $(BUILD)/gen-op-i386.h

# Debian packages the build and the tests need
DEPS = make gcc binutils-dev libelf-dev check gcc-multilib pkg-config

all: qemu-i386 vl

deps:
	@scripts/install-deps.sh $(DEPS)

# the demo: an i386 program built here, run under the emulator
DEMO = $(BUILD)/tests/mandel
$(DEMO): tests/demo/mandel.c | $(BUILD)/.dir
	$(CC) -m32 -static -O2 -o $@ $<

run: deps
	@$(MAKE) --no-print-directory qemu-i386 $(DEMO)
	./qemu-i386 $(DEMO)

check: deps
	@$(MAKE) --no-print-directory check-all

$(BUILD)/.dir:
	@mkdir -p $(BUILD)/linux-user $(BUILD)/tests $(BUILD)/hw
	@touch $@

dyngen: dyngen.c
	@scripts/check-lib.sh bfd.h binutils-dev
	$(CC) $(CFLAGS) -o $@ $< $(BFD_LIBS)

$(BUILD)/op-i386.o: op-i386.c exec-all.h opreg_template.h ops_template.h ops_mem.h ops_fpu.h softmmu_header.h \
    dyngen-exec.h exec-i386.h cpu-i386.h | $(BUILD)/.dir
	$(CC) $(OP_CFLAGS) -c -o $@ $<

$(BUILD)/op-i386.h: $(BUILD)/op-i386.o dyngen
	./dyngen -o $@ $<
$(BUILD)/opc-i386.h: $(BUILD)/op-i386.o dyngen
	./dyngen -c -o $@ $<
$(BUILD)/gen-op-i386.h: $(BUILD)/op-i386.o dyngen
	./dyngen -g -o $@ $<

$(BUILD)/%.o: %.c $(GENERATED) $(wildcard *.h linux-user/*.h hw/*.h) | $(BUILD)/.dir
	$(CC) $(CFLAGS) $(NOFP_CFLAGS) -c -o $@ $<

# i386 syscall numbers and names, from the system's asm/unistd_32.h
UNISTD_32 = $(firstword $(wildcard /usr/include/x86_64-linux-gnu/asm/unistd_32.h \
  /usr/include/asm/unistd_32.h))
SYSCALL_LIST = $(BUILD)/linux-user/syscall_list.h

$(SYSCALL_LIST): linux-user/gen-syscall-list.sh $(UNISTD_32) | $(BUILD)/.dir
	@test -n "$(UNISTD_32)" || { echo "error: asm/unistd_32.h not found: install the Debian package linux-libc-dev" >&2; exit 1; }
	sh linux-user/gen-syscall-list.sh $(UNISTD_32) > $@.tmp && mv $@.tmp $@

$(USER_OBJS) $(USER_SRCS:%.c=$(BUILD)/asan/%.o): $(SYSCALL_LIST)

qemu-i386: $(CORE_OBJS) $(USER_OBJS)
	@scripts/check-lib.sh libelf.h libelf-dev
	$(CC) $(LDFLAGS) -o $@ $^ $(BFD_LIBS) -lelf -lpthread -lm

# the same emulator with ASan and UBSan on everything but the op templates
ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_OBJS = $(CORE_SRCS:%.c=$(BUILD)/asan/%.o) $(USER_SRCS:%.c=$(BUILD)/asan/%.o)

$(BUILD)/asan/%.o: %.c $(GENERATED) $(wildcard *.h linux-user/*.h) | $(BUILD)/.dir
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) $(NOFP_CFLAGS) -c -o $@ $<

# the CPU's files keep a guest register in rbp (exec-i386.h): no frame
# pointer there, whatever the optimisation level or the sanitizers want
CPU_SRCS = exec-i386.c helper-i386.c helper-fpu.c softmmu.c
$(CPU_SRCS:%.c=$(BUILD)/%.o) $(CPU_SRCS:%.c=$(BUILD)/asan/%.o): \
    NOFP_CFLAGS = -fomit-frame-pointer

# generated code: not instrumented
$(BUILD)/asan/translate-op.o: $(BUILD)/translate-op.o
	@mkdir -p $(dir $@)
	cp $< $@

qemu-i386-asan: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(BFD_LIBS) -lelf -lpthread -lm

asan: deps
	@$(MAKE) --no-print-directory qemu-i386-asan
	ASAN_OPTIONS=detect_leaks=0 tests/bad-input.sh ./qemu-i386-asan
	ASAN_OPTIONS=detect_leaks=0 tests/run-user-tests.sh ./qemu-i386-asan

vl: $(CORE_OBJS) $(VL_OBJS)
	@scripts/check-lib.sh libelf.h libelf-dev
	$(CC) $(LDFLAGS) -o $@ $^ $(BFD_LIBS) -lelf -lpthread -lm

-include tests/dyngen.mk
-include tests/user.mk
-include tests/exec.mk
-include tests/elfload.mk
-include tests/hw.mk
-include tests/vl.mk
-include bench/bench.mk
-include tests/debian.mk
-include tests/doc.mk

# every test suite adds itself to CHECKS
check-all: $(CHECKS)

clean:
	rm -rf $(BUILD) dyngen qemu-i386 qemu-i386-asan vl

.PHONY: all clean deps run check check-all asan
