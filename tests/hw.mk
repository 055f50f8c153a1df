# Check unit tests of vl's PC devices (hw/): they need no CPU, the tests
# drive the port table and a fake clock.

HW_SRCS = hw/ioport.c hw/i8259.c hw/i8254.c hw/serial.c hw/mc146818rtc.c \
  hw/pckbd.c
TEST_HW_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
TEST_HW_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

$(BUILD)/tests/test-hw: tests/test-hw.c $(HW_SRCS) hw/hw.h | $(BUILD)/.dir
	@scripts/check-lib.sh check.h check
	$(CC) $(CFLAGS) $(TEST_HW_CFLAGS) -o $@ tests/test-hw.c $(HW_SRCS) \
	  $(TEST_HW_LIBS)

check-hw: $(BUILD)/tests/test-hw
	$<

CHECKS += check-hw

.PHONY: check-hw
