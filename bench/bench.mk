# bench/bench.mk: `make bench`, the speed of ./qemu-i386 against native
# execution and Debian's qemu-i386 (QEMU 7.2).  Included by the top
# Makefile; bench/run-bench.py does the measuring (see doc/bench.md).
#   make bench                  every benchmark, N=5 runs per tool
#   make bench N=3 ONLY=fib,nbody
#   make bench ABLATE=1         also each technique switched off in turn
#   make bench SYSROOT=dir      gzip, bzip2, lua from this Debian i386 sysroot
#                               (made by scripts/make-sysroot.sh if missing)
#   make bench CLOCK=cpu        time runs by CPU time (for a busy machine)
#   make bench STATS=0          skip the run that prints the emulator counters
#   make bench-progs            only build the benchmark programs

BENCH_DIR = $(BUILD)/bench
BENCH_CFLAGS = -m32 -static -O2 -Wall -Wextra
# the x87 benchmarks: no SSE, so every floating-point operation is x87
BENCH_X87 = nbody mandel
BENCH_PROGS = $(addprefix $(BENCH_DIR)/,intloop fib qsort sha256 strings \
  interp bintree gendata $(BENCH_X87))

N ?= 5
ONLY ?=
SYSROOT ?= $(BUILD)/sysroot
DATA_MB ?= 4
BENCH_TIMEOUT ?= 120
CLOCK ?= wall
STATS ?= 1

$(BENCH_DIR)/.dir:
	@mkdir -p $(BENCH_DIR)
	@touch $@

$(BENCH_DIR)/%: bench/src/%.c | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(addprefix $(BENCH_DIR)/,$(BENCH_X87)): $(BENCH_DIR)/%: bench/src/%.c \
    | $(BENCH_DIR)/.dir
	$(CC) $(BENCH_CFLAGS) -mfpmath=387 -mno-sse -o $@ $< -lm

bench-progs: $(BENCH_PROGS)

bench: deps
	@scripts/install-deps.sh python3
	@scripts/install-deps.sh qemu-user || \
	  echo "bench: cannot install qemu-user: the qemu column is skipped"
	@scripts/install-deps.sh gnuplot-nox || \
	  echo "bench: cannot install gnuplot-nox: the chart is skipped"
	@$(MAKE) --no-print-directory qemu-i386 bench-progs
	@scripts/make-sysroot.sh $(SYSROOT) gzip bzip2 lua5.4 || \
	  echo "bench: no sysroot: the gzip, bzip2 and lua rows are skipped"
	python3 bench/run-bench.py -n $(N) --only '$(ONLY)' \
	  --sysroot '$(SYSROOT)' --data-mb $(DATA_MB) \
	  --timeout $(BENCH_TIMEOUT) --clock $(CLOCK) --bindir $(BENCH_DIR) \
	  $(if $(filter-out 0,$(ABLATE)),--ablate) \
	  $(if $(filter 0,$(STATS)),--no-stats)

.PHONY: bench bench-progs
