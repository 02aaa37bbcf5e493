# SPDX-License-Identifier: GPL-2.0
# bash completion for ohost-cli and its links rproc and rpmsg.
# Source it, or install it as /usr/share/bash-completion/completions/{ohost-cli,rproc,rpmsg}.

_ohost_cli_rprocs()
{
	local d
	for d in /sys/class/remoteproc/*/name; do
		[ -r "$d" ] && cat "$d"
	done 2>/dev/null
}

_ohost_cli_services()
{
	ls /sys/bus/rpmsg/devices 2>/dev/null |
		sed -n 's/^[^.]*\.\(.*\)\.[-0-9]*\.[-0-9]*$/\1/p' |
		grep -v '^rpmsg_ctrl$\|^rpmsg_ns$' | sort -u
}

_ohost_cli()
{
	local cur prev group i cmd= nargs=0
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	group=${COMP_WORDS[0]##*/}
	i=1
	if [ "$group" = ohost-cli ]; then
		if [ "$COMP_CWORD" -eq 1 ]; then
			COMPREPLY=($(compgen -W 'rproc rpmsg --help' -- "$cur"))
			return
		fi
		group=${COMP_WORDS[1]}
		i=2
	fi
	for (( ; i < COMP_CWORD; i++ )); do
		case ${COMP_WORDS[i]} in
		-r|--rproc|-s|--service|-n|--count|-l|--size|-t|--timeout|-w|--wait)
			i=$((i + 1)) ;;
		-*) ;;
		*) [ -z "$cmd" ] && cmd=${COMP_WORDS[i]} || nargs=$((nargs + 1)) ;;
		esac
	done

	case $group in
	rproc)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--json --help' -- "$cur"))
		elif [ -z "$cmd" ]; then
			COMPREPLY=($(compgen -W 'list status start stop firmware' -- "$cur"))
		elif [ "$cmd" != list ] && [ "$nargs" -eq 0 ]; then
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_ohost_cli_rprocs)" -- "$cur"))
		elif { [ "$cmd" = firmware ] || [ "$cmd" = start ]; } && [ "$nargs" -eq 1 ]; then
			COMPREPLY=($(cd /lib/firmware 2>/dev/null && compgen -f -- "$cur"))
		fi
		;;
	rpmsg)
		case $prev in
		-r|--rproc)
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_ohost_cli_rprocs)" -- "$cur"))
			return ;;
		-s|--service)
			COMPREPLY=($(compgen -W "$(_ohost_cli_services)" -- "$cur"))
			return ;;
		-n|--count|-l|--size|-t|--timeout|-w|--wait)
			return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--rproc --service --count --size
				--timeout --wait --json --help' -- "$cur"))
		elif [ -z "$cmd" ]; then
			COMPREPLY=($(compgen -W 'list ping echo bind' -- "$cur"))
		fi
		;;
	esac
}
complete -F _ohost_cli ohost-cli rproc rpmsg
