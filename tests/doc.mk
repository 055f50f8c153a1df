# The teaching material: make doc-examples regenerates doc/examples/ and the
# excerpts the documents quote from it; check-explorer tests tb-explorer's
# page in headless Chromium.

DOC_SUM = $(BUILD)/doc/sum

$(DOC_SUM): doc/examples/src/sum.c | $(BUILD)/.dir
	@mkdir -p $(dir $@)
	$(CC) -m32 -static -nostdlib -O1 -fno-pie -no-pie -fno-asynchronous-unwind-tables \
	  -fno-stack-protector -fcf-protection=none -o $@ $<

doc-examples: qemu-i386 dyngen $(BUILD)/op-i386.o
	scripts/doc-examples.sh

check-explorer: qemu-i386 $(DOC_SUM) $(DEMO)
	tests/explorer-test.sh $(DOC_SUM) $(DEMO)

CHECKS += check-explorer

.PHONY: doc-examples check-explorer
