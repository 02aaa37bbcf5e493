# SPDX-License-Identifier: GPL-2.0
# Echo, matrix and proxy traffic while the host's CPUs are saturated: the
# run's daemon (tools/testing/load/stress-vrprocd) keeps stress-ng on every
# host CPU for the whole boot and takes the remote down if stress-ng stops
# early.  Every message is checked; a lost one fails.  The worst round trip
# is printed, not judged.  About 20 s on a stock kernel, more on a busy host.
. /ohost/lib.sh

vrproc_up || { not_ok "rpmsg stack and virtual remote up"; done_testing; }
ok "rpmsg stack and virtual remote up"
load_traffic
check "stop" sh -c "echo stop > $rp/state"
check "unload" vrproc_down
done_testing
