# tests/user.mk: the native-oracle tests of qemu-i386 (included by the top
# Makefile).
#   check-user        test-i386 and every tests/user/*.c, run natively and
#                     under ./qemu-i386, outputs compared
#   check-bad-input   programs qemu-i386 must refuse with one error line
#   test-i386-native  build and run tests/test-i386.c natively only

TEST_I386_CFLAGS = -m32 -static -fno-pie -no-pie -O1 -Wall -Wextra

check-user: qemu-i386
	sh tests/run-user-tests.sh ./qemu-i386

check-bad-input: qemu-i386
	sh tests/bad-input.sh ./qemu-i386

$(BUILD)/tests/test-i386: tests/test-i386.c $(wildcard tests/test-i386-*.h) \
    | $(BUILD)/.dir
	$(CC) $(TEST_I386_CFLAGS) -o $@ $<

test-i386-native: $(BUILD)/tests/test-i386
	$(BUILD)/tests/test-i386 > $(BUILD)/tests/test-i386.ref
	@echo "$$(wc -l < $(BUILD)/tests/test-i386.ref) lines in $(BUILD)/tests/test-i386.ref"

CHECKS += check-user check-bad-input

.PHONY: check-user check-bad-input test-i386-native
