# Check unit tests for the translation cache (exec.c) and the disassembler
# (disas.c).  They need no translator: a one-line stand-in (made below)
# replaces the generated op list.

TEST_EXEC_SRCS = tests/test-exec.c exec.c disas.c trace.c
TEST_EXEC_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
TEST_EXEC_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

$(BUILD)/tests/test-exec: $(TEST_EXEC_SRCS) exec-all.h cpu-i386.h \
    $(BUILD)/exec-stub/opc-i386.h | $(BUILD)/.dir
	@scripts/check-lib.sh check.h check
	@scripts/check-lib.sh dis-asm.h binutils-dev
	$(CC) -I$(BUILD)/exec-stub $(CFLAGS) $(TEST_EXEC_CFLAGS) -o $@ \
	  $(TEST_EXEC_SRCS) $(BFD_LIBS) $(TEST_EXEC_LIBS) -lpthread

# the op list the TB cache tests need: none
$(BUILD)/exec-stub/opc-i386.h:
	@mkdir -p $(dir $@)
	echo 'DEF(end, 0, 0)' > $@

# a small code buffer keeps the fill-the-cache test quick
check-exec: $(BUILD)/tests/test-exec
	QEMU_CODEBUF=2M $<

CHECKS += check-exec

.PHONY: check-exec
