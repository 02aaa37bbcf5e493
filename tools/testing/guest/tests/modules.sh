# SPDX-License-Identifier: GPL-2.0
# Every production module of the project loads into this kernel, taints it
# with O (out of tree) and at most E (unsigned) only, and unloads cleanly.
. /ohost/lib.sh

krel=$(uname -r)
mods=$(cd "/lib/modules/$krel/extra" &&
       ls *.ko | sed 's/\.ko$//' | grep -v '_test$' | grep -v '^ohost_selftest')

for m in $mods; do
	check "modprobe $m" modprobe "$m"
done

# Taint bits other than O (4096) and E (8192): none may be set.
taint=$(cat /proc/sys/kernel/tainted)
if [ $((taint & ~(4096 | 8192))) -eq 0 ]; then
	ok "taint is $taint (O/E only)"
else
	not_ok "taint is $taint: more than O/E"
fi

for m in $(echo "$mods" | tac 2>/dev/null || echo "$mods"); do
	check "rmmod $m" rmmod "$m"
done
done_testing
