# Check unit tests for dyngen: the good test ops are run through dyngen and
# their copies compared with the same ops compiled as plain C; each bad op
# file must make dyngen fail with the right reason.

DYNGEN_TEST = $(BUILD)/tests/dyngen
DYNGEN_TEST_GEN = $(DYNGEN_TEST)/op-i386.h $(DYNGEN_TEST)/opc-i386.h \
  $(DYNGEN_TEST)/gen-op-i386.h
DYNGEN_TEST_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
DYNGEN_TEST_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

DYNGEN_BAD = jumptable absdata sibcall jumpout noreturn rodata section pic \
  riprel loop localcall exitframe
DYNGEN_BAD_OBJS = $(DYNGEN_BAD:%=$(DYNGEN_TEST)/dyngen-bad-%.o)
# each bad op file undoes one of the op flags (the last flag wins)
DYNGEN_BAD_CFLAGS_jumptable = -fjump-tables
DYNGEN_BAD_CFLAGS_sibcall = -foptimize-sibling-calls
DYNGEN_BAD_CFLAGS_pic = -fpic

$(DYNGEN_TEST)/.dir:
	@mkdir -p $(DYNGEN_TEST)
	@touch $@

$(DYNGEN_TEST)/dyngen-ops.o: tests/dyngen-ops.c tests/dyngen-test.h \
    dyngen-exec.h | $(DYNGEN_TEST)/.dir
	$(CC) $(OP_CFLAGS) -c -o $@ $<

$(DYNGEN_TEST)/op-i386.h: $(DYNGEN_TEST)/dyngen-ops.o dyngen
	./dyngen -o $@ $<
$(DYNGEN_TEST)/opc-i386.h: $(DYNGEN_TEST)/dyngen-ops.o dyngen
	./dyngen -c -o $@ $<
$(DYNGEN_TEST)/gen-op-i386.h: $(DYNGEN_TEST)/dyngen-ops.o dyngen
	./dyngen -g -o $@ $<

$(DYNGEN_TEST)/dyngen-ref.o: tests/dyngen-ops.c tests/dyngen-test.h \
    dyngen-exec.h | $(DYNGEN_TEST)/.dir
	$(CC) $(CFLAGS) -DDYNGEN_REFERENCE -c -o $@ $<

$(DYNGEN_TEST)/dyngen-harness.o: tests/dyngen-harness.c tests/dyngen-test.h \
    dyngen-exec.h | $(DYNGEN_TEST)/.dir
	$(CC) $(CFLAGS) -c -o $@ $<

$(DYNGEN_TEST)/dyngen-bad-%.o: tests/dyngen-bad-%.c tests/dyngen-test.h \
    dyngen-exec.h | $(DYNGEN_TEST)/.dir
	$(CC) $(OP_CFLAGS) $(DYNGEN_BAD_CFLAGS_$*) -c -o $@ $<

# an object of the wrong architecture
$(DYNGEN_TEST)/i386.o: | $(DYNGEN_TEST)/.dir
	echo 'int dyngen_i386;' | $(CC) -m32 -x c -c -o $@ -

# the test's own generated headers must win over $(BUILD)'s
$(DYNGEN_TEST)/test-dyngen.o: tests/test-dyngen.c tests/dyngen-test.h \
    $(DYNGEN_TEST_GEN) exec-all.h cpu-i386.h
	@scripts/check-lib.sh check.h check
	$(CC) -I$(DYNGEN_TEST) $(CFLAGS) $(DYNGEN_TEST_CFLAGS) \
	  -DDYNGEN_BIN='"$(abspath dyngen)"' \
	  -DDYNGEN_TEST_DIR='"$(abspath $(DYNGEN_TEST))"' \
	  -DDYNGEN_SRC_DIR='"$(abspath tests)"' -c -o $@ $<

$(DYNGEN_TEST)/test-dyngen: $(DYNGEN_TEST)/test-dyngen.o \
    $(DYNGEN_TEST)/dyngen-harness.o $(DYNGEN_TEST)/dyngen-ref.o
	$(CC) -o $@ $^ $(DYNGEN_TEST_LIBS)

check-dyngen: $(DYNGEN_TEST)/test-dyngen $(DYNGEN_BAD_OBJS) \
    $(DYNGEN_TEST)/i386.o dyngen
	$<

CHECKS += check-dyngen

.PHONY: check-dyngen
