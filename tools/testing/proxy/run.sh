#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of rpmsg-proxyd (no kernel needed): crafted proxy requests over
# a SOCK_SEQPACKET socket pair.  Prints TAP, exits non-zero on failure.
# tools/Makefile builds the guest-side device checker proxy-devtest
# (tools/testing/proxy/devtest.c) with the other programs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
make -s -C "$ROOT/tools" "$ROOT/build/tools/host/rpmsg-proxyd" >&2

rc=0
python3 "$ROOT/tools/testing/proxy/proxy_test.py" || rc=$?
exit $rc
