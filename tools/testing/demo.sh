#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build for Debian's stock 6.1 kernel, boot it unmodified in
# QEMU with the virtual remote processor attached, and show the OpenAMP
# flows working (tools/testing/guest/tests/demo.sh prints the story).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mkdir -p build/logs
log=build/logs/demo-build.log
: > "$log"

build() {
	echo "demo: $1"
	shift
	if ! "$@" >>"$log" 2>&1; then
		tail -n 30 "$log"
		echo "demo: failed: $* (log: $log)" >&2
		exit 1
	fi
}

build "installing host packages (first run only)" \
	tools/testing/kernels.sh host-deps
build "fetching Debian's stock 6.1 arm64 kernel (cached)" \
	tools/testing/kernels.sh prepare debian-6.1
build "building the modules against it" tools/build-modules.sh debian-6.1
build "building the userspace programs and firmware images" \
	make -C tools
if [ -e tools/firmware/Makefile ]; then
	build "building the firmware images" make -C tools/firmware
fi
krel=$(. "$(tools/testing/kernels.sh prepare debian-6.1)" && echo "$KREL")
echo "demo: booting $krel in qemu-system-aarch64 -M virt"
echo
rc=0
python3 tools/testing/vmtest.py --target debian-6.1 --run demo --console || rc=1
echo
echo "demo: the ZynqMP R5 driver: booting $krel on -M virt,secure=on with an EL3"
echo "demo: monitor standing in for the ZynqMP firmware (tools/testing/zynqmp)"
echo
python3 tools/testing/vmtest.py --target debian-6.1 --run demo-zynqmp --console || rc=1
echo
echo "demo: the i.MX M4 driver: booting $krel on -M virt with an i.MX8MM-style"
echo "demo: M4 whose SRC and MU are pages of guest RAM (tools/testing/imx)"
echo
python3 tools/testing/vmtest.py --target debian-6.1 --run demo-imx --console || rc=1
exit $rc
