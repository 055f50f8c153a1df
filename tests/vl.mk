# tests/vl.mk: the system emulator's tests and targets (included by the top
# Makefile).  The guest is the tiny Linux 6.1 of scripts/build-kernel.sh
# (built once per machine, about 4 minutes, cached outside the clone) with a
# busybox initramfs from scripts/build-initramfs.sh.
#   check-vl   boot with a test script (tests/vl-boot.sh), a shell
#              in a pseudo-terminal (tests/vl-interactive.py), inputs vl
#              must refuse (tests/vl-bad-input.sh)
#   boot       boot to a shell on this terminal; C-a x exits, C-a h helps
#              (make boot VL_APPEND='console=ttyS0 quiet' VL_FLAGS='-d int')
#   bench-vl   boot time of ./vl against QEMU 7.2 (scripts/bench-vl.sh)

VL_DIR = $(BUILD)/vl
# a link to the cached kernel: make rebuilds it when the config changes
VL_KERNEL = $(VL_DIR)/bzImage
# the interactive initramfs: a shell on the console, power-off at its exit
VL_INITRD = $(VL_DIR)/initramfs.cpio.gz
VL_APPEND ?= console=ttyS0
VL_FLAGS ?=

$(VL_KERNEL): scripts/build-kernel.sh scripts/kernel.config
	@mkdir -p $(@D)
	scripts/build-kernel.sh > $@.path
	ln -sfn "$$(tail -n 1 $@.path)" $@
	@rm -f $@.path

$(VL_INITRD): scripts/build-initramfs.sh
	@mkdir -p $(@D)
	scripts/build-initramfs.sh $@

# every part runs even when an earlier one fails
check-vl: vl $(VL_KERNEL) $(VL_INITRD)
	@scripts/install-deps.sh python3
	@status=0; \
	sh tests/vl-boot.sh ./vl $(VL_KERNEL) || status=1; \
	python3 tests/vl-interactive.py ./vl $(VL_KERNEL) $(VL_INITRD) || status=1; \
	sh tests/vl-bad-input.sh ./vl $(VL_KERNEL) || status=1; \
	exit $$status

boot: deps
	@$(MAKE) --no-print-directory vl $(VL_KERNEL) $(VL_INITRD)
	./vl -kernel $(VL_KERNEL) -initrd $(VL_INITRD) -append '$(VL_APPEND)' $(VL_FLAGS)

bench-vl: deps
	@$(MAKE) --no-print-directory vl $(VL_KERNEL)
	scripts/bench-vl.sh -n $(or $(N),5) ./vl $(VL_KERNEL)

CHECKS += check-vl

.PHONY: check-vl boot bench-vl
