# tests/debian.mk: real programs from Debian's i386 archive (busybox, gzip,
# bzip2, xz, coreutils, grep, sed, gawk, lua, sqlite3, perl, python3), each
# run natively and under ./qemu-i386 on the same input (included by the top
# Makefile).
#   check-debian   makes the sysroot if missing (scripts/make-sysroot.sh),
#                  then tests/debian/run-debian-tests.sh; SKIP with the
#                  reason when the archive cannot be reached
#   sysroot        only the sysroot, for `qemu-i386 -L $(SYSROOT)`

SYSROOT ?= $(BUILD)/sysroot

check-debian: qemu-i386 $(BENCH_DIR)/gendata
	sh tests/debian/run-debian-tests.sh ./qemu-i386 $(SYSROOT) $(BENCH_DIR)/gendata

sysroot:
	scripts/make-sysroot.sh $(SYSROOT) $$(cat tests/debian/packages)

CHECKS += check-debian

.PHONY: check-debian sysroot
