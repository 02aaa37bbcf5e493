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

# Unload in dependency order, not name order (ohost_imx_rproc sorts
# before the ohost_rproc it uses): a module goes once nothing holds it.
left=$(echo "$mods" | tac 2>/dev/null || echo "$mods")
while [ -n "$left" ]; do
	held= gone=0
	for m in $left; do
		if [ -n "$(ls "/sys/module/$m/holders" 2>/dev/null)" ]; then
			held="$held $m"
		else
			check "rmmod $m" rmmod "$m"
			gone=1
		fi
	done
	# no progress: what is left is held by something else, say so
	if [ $gone -eq 0 ]; then
		for m in $held; do
			check "rmmod $m" rmmod "$m"
		done
		held=
	fi
	left=$held
done
done_testing
