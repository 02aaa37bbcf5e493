# SPDX-License-Identifier: GPL-2.0
#
# openamp-host: out-of-tree OpenAMP host stack for stock Linux kernels.
#
#   make demo                 boot debian-6.1 in QEMU and show it working
#   make check                every test on every kernel target
#   make check-long           the same plus the slow runs (LONG_KERNELS)
#   make bench [PAIRS=N]      this stack against Linux 6.1's own (README)
#   make [KERNEL=target]      build the modules (targets: debian-6.1
#                             debian-6.12 debian-6.1-rt debian-6.12-rt
#                             debug; default: all of them)
#   make KDIR=<kbuild dir>    build the modules for another kernel
#   make tools                userspace programs (host and aarch64)
#   make deb                  Debian packages in build/deb (README)
#   make docs                 HTML documentation in build/docs/html
#   make dt-check             dt-schema: bindings, examples, dts/ overlays
#   make fuzz [FUZZ_SECONDS=N] fuzz each parser N s (default 30), or
#             [FUZZ_RUNS=N]    N runs (tools/testing/fuzz/README)
#   make storm TARGET=t SEED=n [COUNT=n] [REPEAT=n]
#                             replay hostile-remote storm seeds from SEED
#                             (tools/testing/storm.sh; runs/storm)

TARGETS := debian-6.1 debian-6.12 debian-6.1-rt debian-6.12-rt debug
KERNEL  ?= $(TARGETS)

.PHONY: all modules tools check check-long dt-check demo bench kernels deb docs \
	fuzz storm clean help

all: modules tools

ifneq ($(KDIR),)
modules:
	tools/build-modules.sh --kdir $(KDIR)
else
modules:
	@set -e; for t in $(KERNEL); do tools/build-modules.sh $$t; done
endif

tools:
	$(MAKE) -C tools

kernels:
	@set -e; for t in $(KERNEL); do tools/testing/kernels.sh prepare $$t; done

check:
	tools/testing/check.py $(KERNEL)

check-long:
	tools/testing/check.py --long $(KERNEL)

# The host suite make check runs for it (tools/testing/dt-validate).
dt-check:
	tools/testing/dt-validate/run.sh

demo:
	tools/testing/demo.sh

# Not part of check: boots debian-6.1 2 x PAIRS times, then debian-6.1 and
# debian-6.1-rt once each under a CPU hog (tools/bench/bench.py).
bench:
	tools/testing/kernels.sh bench-deps
	$(MAKE) -C tools
	$(MAKE) -C tools/firmware
	tools/build-modules.sh debian-6.1
	tools/build-modules.sh debian-6.1-rt
	tools/bench/build-intree.sh
	tools/bench/bench.py $(if $(PAIRS),--pairs $(PAIRS))

deb:
	tools/build-deb.sh

# Debian 12's python3-sphinx, no network (no intersphinx); any warning fails.
docs:
	tools/testing/kernels.sh docs-deps
	sphinx-build -q -W --keep-going -b html Documentation build/docs/html

# FUZZ_RUNS=N alone: N runs each, however long they take.
fuzz:
	tools/testing/fuzz/run.sh \
		$(if $(FUZZ_SECONDS)$(FUZZ_RUNS),,--seconds 30) \
		$(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS)) \
		$(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS)) $(FUZZ_HARNESS)

storm:
	tools/testing/storm.sh --target $(TARGET) --seed $(SEED) \
		$(if $(COUNT),--count $(COUNT)) $(if $(REPEAT),--repeat $(REPEAT))

clean:
	rm -rf build

help:
	@sed -n '3,21s/^# \{0,1\}//p' Makefile
