#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of rpmsg-proxyd (no kernel needed): crafted proxy requests over
# a SOCK_SEQPACKET socket pair.  Prints TAP, exits non-zero on failure.
#
# Also builds the guest-side device checker proxy-devtest (static aarch64,
# into build/tools/aarch64/, where the VM runs pick it up) and checks that
# it builds for the host too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
make -s -C "$ROOT/tools" "$ROOT/build/tools/host/rpmsg-proxyd" >&2

CFLAGS="-std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -I$ROOT/include/uapi -O2"
src=$ROOT/tools/testing/proxy/devtest.c
mkdir -p "$ROOT/build/tools/aarch64" "$ROOT/build/tools/host"
# shellcheck disable=SC2086
if ${AARCH64_CC:-aarch64-linux-gnu-gcc} $CFLAGS -static \
	-o "$ROOT/build/tools/aarch64/proxy-devtest" "$src" >&2 &&
   ${HOSTCC:-cc} $CFLAGS -o "$ROOT/build/tools/host/proxy-devtest" "$src" >&2; then
	echo "ok 1 - proxy-devtest builds (host and aarch64)"
	dt=0
else
	echo "not ok 1 - proxy-devtest builds (host and aarch64)"
	dt=1
fi
rc=0
python3 "$ROOT/tools/testing/proxy/proxy_test.py" --first 2 || rc=$?
exit $(( rc | dt ))
