# The ELF loader's Check unit test (tests/test-elfload.c).
#
# test-elfload loads three i386 builds of tests/user/hello.c (static,
# static-PIE, dynamic) into its own low 4 GiB; the loader needs no
# translator, so a one-line op list (tests/exec.mk) stands in for dyngen's.

ELFLOAD_TEST = $(BUILD)/tests/elfload
ELFLOAD_PROGS = $(ELFLOAD_TEST)/static $(ELFLOAD_TEST)/static-pie \
  $(ELFLOAD_TEST)/dynamic
TEST_ELFLOAD_SRCS = tests/test-elfload.c linux-user/elfload.c \
  linux-user/mmap.c linux-user/uaccess.c linux-user/path.c
TEST_ELFLOAD_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
TEST_ELFLOAD_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

$(ELFLOAD_TEST)/.dir:
	@mkdir -p $(ELFLOAD_TEST)
	@touch $@

$(ELFLOAD_TEST)/static: tests/user/hello.c | $(ELFLOAD_TEST)/.dir
	$(CC) -m32 -static -O1 -o $@ $<
$(ELFLOAD_TEST)/static-pie: tests/user/hello.c | $(ELFLOAD_TEST)/.dir
	$(CC) -m32 -static-pie -O1 -o $@ $<
$(ELFLOAD_TEST)/dynamic: tests/user/hello.c | $(ELFLOAD_TEST)/.dir
	$(CC) -m32 -O1 -o $@ $<

$(BUILD)/tests/test-elfload: $(TEST_ELFLOAD_SRCS) linux-user/qemu.h \
    linux-user/syscall_defs.h exec-all.h cpu-i386.h $(BUILD)/exec-stub/opc-i386.h \
    | $(BUILD)/.dir
	@scripts/check-lib.sh check.h check
	@scripts/check-lib.sh libelf.h libelf-dev
	$(CC) -I$(BUILD)/exec-stub $(CFLAGS) $(TEST_ELFLOAD_CFLAGS) -o $@ \
	  $(TEST_ELFLOAD_SRCS) -lelf $(TEST_ELFLOAD_LIBS) -lpthread

check-elfload: $(BUILD)/tests/test-elfload $(ELFLOAD_PROGS)
	$< $(ELFLOAD_PROGS)

CHECKS += check-elfload

.PHONY: check-elfload
