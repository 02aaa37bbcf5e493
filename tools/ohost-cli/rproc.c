// SPDX-License-Identifier: GPL-2.0
/* ohost-cli rproc: list, status, start, stop, firmware; see main.c. */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] COMMAND\n"
		"  list                  the remote processors\n"
		"  status NAME           state, firmware and rpmsg channels of one\n"
		"  start NAME [FILE]     load its firmware (set to FILE first) and\n"
		"                        start it; a failure shows the kernel's log\n"
		"  stop NAME             stop it\n"
		"  firmware NAME [FILE]  print, or set, its firmware (under /lib/firmware)\n"
		"NAME: the remote processor's name or its device (remoteproc0).\n\n"
		"  -j, --json   print JSON\n"
		"  -h, --help   this help\n\n"
		"Exit status: 0 done, 1 failed, 2 usage, 3 no such remote processor.\n",
		cli_prog);
}

/* One remote processor: plain "DEVICE NAME STATE FIRMWARE" or a JSON object. */
static void print_rproc(const struct ohost_rproc *rp, bool json,
			bool channels)
{
	struct ohost_rpmsg_channel **ch;
	char state[64], fw[256];
	int i, n;

	if (ohost_rproc_state(rp, state, sizeof(state)))
		strcpy(state, "?");
	if (ohost_rproc_firmware(rp, fw, sizeof(fw)))
		strcpy(fw, "?");
	if (!json) {
		printf("%-12s %-20s %-10s %s\n", ohost_rproc_device(rp),
		       ohost_rproc_name(rp), state, fw);
	} else {
		putchar('{');
		json_str("device", ohost_rproc_device(rp), true);
		json_str("name", ohost_rproc_name(rp), true);
		json_str("state", state, true);
		json_str("firmware", fw, channels);
	}
	if (!channels) {
		if (json)
			putchar('}');
		return;
	}
	n = ohost_rpmsg_channel_list(rp, NULL, &ch);
	if (json)
		printf("\"channels\": [");
	for (i = 0; i < n; i++) {
		if (json)
			printf("%s\"%s\"", i ? ", " : "",
			       ohost_rpmsg_channel_device(ch[i]));
		else
			printf("  channel %s\n", ohost_rpmsg_channel_device(ch[i]));
	}
	if (json)
		printf("]}");
	ohost_rpmsg_channel_list_free(ch, n);
}

static int cmd_list(bool json)
{
	struct ohost_rproc **list;
	int i, n;

	n = ohost_rproc_list(&list);
	if (n < 0) {
		cli_err("/sys/class/remoteproc: %s", strerror(-n));
		return CLI_SETUP;
	}
	if (json)
		putchar('[');
	else if (n)
		printf("%-12s %-20s %-10s %s\n", "DEVICE", "NAME", "STATE",
		       "FIRMWARE");
	for (i = 0; i < n; i++) {
		if (json && i)
			printf(", ");
		print_rproc(list[i], json, false);
	}
	if (json)
		printf("]\n");
	ohost_rproc_list_free(list, n);
	return CLI_OK;
}

static int open_rproc(const char *name, struct ohost_rproc **rp)
{
	int ret = ohost_rproc_open(name, rp);

	if (ret == -ENOENT)
		cli_err("no remote processor '%s' (see '%s list')", name, cli_prog);
	else if (ret)
		cli_err("remote processor '%s': %s", name, strerror(-ret));
	return ret ? CLI_SETUP : CLI_OK;
}

/* 0, or a negative errno with the reason printed */
static int set_firmware(struct ohost_rproc *rp, const char *file)
{
	int ret = ohost_rproc_set_firmware(rp, file);

	if (ret)
		cli_err("set firmware of %s to '%s': %s%s", ohost_rproc_name(rp),
			file, strerror(-ret),
			ret == -EBUSY ? " (stop it first)" : "");
	return ret;
}

static int cmd_firmware(struct ohost_rproc *rp, const char *file, bool json)
{
	char fw[256];
	int ret;

	if (file && set_firmware(rp, file))
		return CLI_FAILED;
	ret = ohost_rproc_firmware(rp, fw, sizeof(fw));
	if (ret) {
		cli_err("firmware of %s: %s", ohost_rproc_name(rp), strerror(-ret));
		return CLI_FAILED;
	}
	if (json) {
		putchar('{');
		json_str("name", ohost_rproc_name(rp), true);
		json_str("firmware", fw, false);
		printf("}\n");
	} else {
		printf("%s\n", fw);
	}
	return CLI_OK;
}

static int cmd_startstop(struct ohost_rproc *rp, bool start, bool json)
{
	int kmsg = cli_kmsg_mark();
	char state[64];
	int ret;

	ret = start ? ohost_rproc_start(rp) : ohost_rproc_stop(rp);
	if (ret) {
		cli_kmsg_report(kmsg, ohost_rproc_device(rp),
				ohost_rproc_name(rp));
		cli_err("%s %s: %s%s", start ? "start" : "stop",
			ohost_rproc_name(rp), strerror(-ret),
			ret == -EBUSY && start ? " (already running?)" :
			ret == -EINVAL && !start ? " (not running?)" : "");
		return CLI_FAILED;
	}
	if (kmsg >= 0)
		close(kmsg);
	if (ohost_rproc_state(rp, state, sizeof(state)))
		strcpy(state, "?");
	if (json) {
		putchar('{');
		json_str("name", ohost_rproc_name(rp), true);
		json_str("state", state, false);
		printf("}\n");
	} else {
		printf("%s: %s\n", ohost_rproc_name(rp), state);
	}
	return CLI_OK;
}

/* COMMAND NAME [ARG]: the commands on one remote processor. */
static int cmd_one(const char *cmd, int nargs, char **args, bool json)
{
	struct ohost_rproc *rp;
	int ret, max = !strcmp(cmd, "firmware") || !strcmp(cmd, "start") ? 2 : 1;

	if (nargs < 1 || nargs > max)
		return cli_usage_err(usage, "%s: %s", cmd,
				     nargs < 1 ? "no NAME" : "too many arguments");
	ret = open_rproc(args[0], &rp);
	if (ret)
		return ret;
	if (!strcmp(cmd, "status")) {
		print_rproc(rp, json, true);
		if (json)
			putchar('\n');
	} else if (!strcmp(cmd, "firmware")) {
		ret = cmd_firmware(rp, nargs > 1 ? args[1] : NULL, json);
	} else if (nargs > 1 && set_firmware(rp, args[1])) {
		ret = CLI_FAILED;
	} else {
		ret = cmd_startstop(rp, !strcmp(cmd, "start"), json);
	}
	ohost_rproc_close(rp);
	return ret;
}

int cli_rproc(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	const char *cmd;
	int c;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			return cli_usage_err(usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage_err(usage, "no command");
	cmd = argv[optind++];
	if (!strcmp(cmd, "list")) {
		if (optind != argc)
			return cli_usage_err(usage, "list: too many arguments");
		return cmd_list(json);
	}
	if (!strcmp(cmd, "status") || !strcmp(cmd, "start") ||
	    !strcmp(cmd, "stop") || !strcmp(cmd, "firmware"))
		return cmd_one(cmd, argc - optind, argv + optind, json);
	return cli_usage_err(usage, "unknown command '%s'", cmd);
}
