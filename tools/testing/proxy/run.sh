#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of rpmsg-proxyd (no kernel needed): crafted proxy requests over
# a SOCK_SEQPACKET socket pair.  Prints TAP, exits non-zero on failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
make -s -C "$ROOT/tools" "$ROOT/build/tools/host/rpmsg-proxyd" >&2
exec python3 "$ROOT/tools/testing/proxy/proxy_test.py"
