// SPDX-License-Identifier: GPL-2.0
/* ohost-cli rpmsg: list, ping, echo; see main.c. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define ECHO_MAX_SIZE	4096

struct rpmsg_opts {
	const char *rproc;
	const char *service;
	unsigned long count, size, timeout_ms, wait_s;
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] COMMAND\n"
		"  list   the rpmsg channels (of one remote processor with -r)\n"
		"  ping   one round trip to the echo service; prints the time\n"
		"  echo   COUNT messages of SIZE bytes to the echo service, every\n"
		"         byte of every reply checked\n"
		"  bind   bind the service's channel to rpmsg_chrdev, so that its\n"
		"         own endpoint is a /dev/rpmsgN (for rpmsg-proxyd -d)\n\n"
		"  -r, --rproc NAME     only this remote processor's channels\n"
		"  -s, --service NAME   the service (ping, echo, bind: default\n"
		"                       " OHOST_RPMSG_DEMO_SERVICE "; list: all)\n"
		"  -n, --count N        echo: messages (default 100)\n"
		"  -l, --size BYTES     echo: message size, 1..%d (default 64)\n"
		"  -t, --timeout MS     wait for each reply (default 5000)\n"
		"  -w, --wait SEC       wait for the channel to appear (default 0)\n"
		"  -j, --json           print JSON\n"
		"  -h, --help           this help\n\n"
		"Exit status: 0 done, 1 failed (a wrong or missing reply), 2 usage,\n"
		"3 setup (no such remote processor or channel, modules not loaded).\n",
		cli_prog, ECHO_MAX_SIZE);
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int open_rproc(const char *name, struct ohost_rproc **rp)
{
	int ret;

	*rp = NULL;
	if (!name)
		return CLI_OK;
	ret = ohost_rproc_open(name, rp);
	if (ret == -ENOENT)
		cli_err("no remote processor '%s' (see 'rproc list')", name);
	else if (ret)
		cli_err("remote processor '%s': %s", name, strerror(-ret));
	return ret ? CLI_SETUP : CLI_OK;
}

static int cmd_list(const struct rpmsg_opts *o)
{
	struct ohost_rpmsg_channel **ch;
	struct ohost_rproc *rp;
	int i, n, ret;

	ret = open_rproc(o->rproc, &rp);
	if (ret)
		return ret;
	n = ohost_rpmsg_channel_list(rp, o->service, &ch);
	ohost_rproc_close(rp);
	if (n < 0) {
		cli_err("/sys/bus/rpmsg: %s (is rpmsg_core loaded?)", strerror(-n));
		return CLI_SETUP;
	}
	if (o->json)
		putchar('[');
	else if (n)
		printf("%-48s %-32s %-5s %-5s %s\n", "DEVICE", "SERVICE", "SRC",
		       "DST", "RPROC");
	for (i = 0; i < n; i++) {
		if (o->json) {
			printf("%s{", i ? ", " : "");
			json_str("device", ohost_rpmsg_channel_device(ch[i]), true);
			json_str("service", ohost_rpmsg_channel_service(ch[i]), true);
			printf("\"src\": %d, \"dst\": %d, ",
			       (int)ohost_rpmsg_channel_src(ch[i]),
			       (int)ohost_rpmsg_channel_dst(ch[i]));
			json_str("rproc", ohost_rpmsg_channel_rproc(ch[i]), false);
			putchar('}');
		} else {
			printf("%-48s %-32s %-5d %-5d %s\n",
			       ohost_rpmsg_channel_device(ch[i]),
			       ohost_rpmsg_channel_service(ch[i]),
			       (int)ohost_rpmsg_channel_src(ch[i]),
			       (int)ohost_rpmsg_channel_dst(ch[i]),
			       ohost_rpmsg_channel_rproc(ch[i]) ?: "-");
		}
	}
	if (o->json)
		printf("]\n");
	ohost_rpmsg_channel_list_free(ch, n);
	return CLI_OK;
}

/* Find the service's channel (of -r's remote) and bind it to rpmsg_chrdev. */
static int bind_channel(const struct rpmsg_opts *o, char *chname, size_t size,
			struct ohost_rpmsg_channel **chp)
{
	const char *service = o->service ?: OHOST_RPMSG_DEMO_SERVICE;
	struct ohost_rpmsg_channel *ch;
	struct ohost_rproc *rp;
	int ret;

	ret = open_rproc(o->rproc, &rp);
	if (ret)
		return ret;
	ret = ohost_rpmsg_channel_find(rp, service, NULL,
				       (int)o->wait_s * 1000, &ch);
	ohost_rproc_close(rp);
	if (ret) {
		cli_err("no rpmsg channel '%s'%s%s: %s (is the remote running?)",
			service, o->rproc ? " on " : "", o->rproc ?: "",
			strerror(-ret));
		return CLI_SETUP;
	}
	snprintf(chname, size, "%s", ohost_rpmsg_channel_device(ch));
	ret = ohost_rpmsg_channel_bind(ch);
	if (ret) {
		cli_err("bind %s to rpmsg_chrdev: %s%s", chname, strerror(-ret),
			ret == -EBUSY ? " (another driver has it)" : "");
		ohost_rpmsg_channel_free(ch);
		return CLI_SETUP;
	}
	*chp = ch;
	return CLI_OK;
}

static int cmd_bind(const struct rpmsg_opts *o)
{
	struct ohost_rpmsg_channel *ch;
	char chname[256];
	int ret = bind_channel(o, chname, sizeof(chname), &ch);

	if (ret)
		return ret;
	if (o->json) {
		putchar('{');
		json_str("device", chname, true);
		json_str("driver", "rpmsg_chrdev", false);
		printf("}\n");
	} else {
		printf("%s: rpmsg_chrdev\n", chname);
	}
	ohost_rpmsg_channel_free(ch);
	return CLI_OK;
}

/* Find the service's channel, bind it and create an endpoint on it. */
static int setup_ept(const struct rpmsg_opts *o, char *chname, size_t size,
		     struct ohost_rpmsg_ept **ept)
{
	struct ohost_rpmsg_channel *ch;
	int ret = bind_channel(o, chname, size, &ch);

	if (ret)
		return ret;
	ret = ohost_rpmsg_ept_create(ch, NULL, OHOST_RPMSG_ADDR_ANY,
				     OHOST_RPMSG_ADDR_ANY, ept);
	if (ret)
		cli_err("endpoint on %s: %s", chname, strerror(-ret));
	ohost_rpmsg_channel_free(ch);
	return ret ? CLI_SETUP : CLI_OK;
}

/*
 * Message @i of @size bytes: its number in the first 4 bytes (never the
 * OpenAMP shutdown word for a count below 2^31), then a pattern that
 * differs from message to message.
 */
static void fill(unsigned char *buf, size_t size, uint32_t i)
{
	size_t k;

	for (k = 0; k < size; k++)
		buf[k] = (unsigned char)(i * 31 + k * 7 + 1);
	memcpy(buf, &i, size < 4 ? size : 4);
}

/* One round trip; 0 or a CLI_* code, with the reason printed. */
static int round_trip(struct ohost_rpmsg_ept *ept, const struct rpmsg_opts *o,
		      unsigned char *out, unsigned char *in, uint32_t i,
		      size_t size)
{
	ssize_t n;
	size_t k;

	fill(out, size, i);
	n = ohost_rpmsg_send(ept, out, size, (int)o->timeout_ms);
	if (n < 0) {
		cli_err("message %u: send: %s", i, strerror((int)-n));
		return CLI_FAILED;
	}
	n = ohost_rpmsg_recv(ept, in, ECHO_MAX_SIZE + 1, (int)o->timeout_ms);
	if (n < 0) {
		cli_err("message %u: no reply: %s", i, strerror((int)-n));
		return CLI_FAILED;
	}
	if ((size_t)n != size) {
		cli_err("message %u: reply of %zd bytes, want %zu", i, n, size);
		return CLI_FAILED;
	}
	for (k = 0; k < size; k++) {
		if (in[k] != out[k]) {
			cli_err("message %u: byte %zu is %#x, want %#x", i, k,
				in[k], out[k]);
			return CLI_FAILED;
		}
	}
	return CLI_OK;
}

static int cmd_echo(const struct rpmsg_opts *o, bool ping)
{
	unsigned long count = ping ? 1 : o->count, i, errors = 0;
	size_t size = ping ? 16 : o->size;
	struct ohost_rpmsg_ept *ept = NULL;
	unsigned char *out, *in;
	char chname[256];
	long long t0, us;
	int ret;

	out = malloc(ECHO_MAX_SIZE + 1);
	in = malloc(ECHO_MAX_SIZE + 1);
	ret = out && in ? setup_ept(o, chname, sizeof(chname), &ept) : CLI_SETUP;
	t0 = now_us();
	for (i = 0; !ret && i < count; i++) {
		ret = round_trip(ept, o, out, in, (uint32_t)i, size);
		errors += !!ret;
	}
	us = now_us() - t0;
	if (ept)
		ohost_rpmsg_close(ept);
	free(out);
	free(in);
	if (!ept)
		return ret;
	if (o->json) {
		putchar('{');
		json_str("channel", chname, true);
		printf("\"messages\": %lu, \"size\": %zu, \"errors\": %lu, \"%s\": %lld, \"ok\": %s}\n",
		       i, size, errors, ping ? "time_us" : "elapsed_us", us,
		       ret ? "false" : "true");
	} else if (ping) {
		printf("%s: %zu bytes, time %lld us%s\n", chname, size, us,
		       ret ? " (failed)" : "");
	} else {
		printf("%s: %lu messages of %zu bytes, every byte checked, %lu errors, %lld us\n",
		       chname, i, size, errors, us);
	}
	return ret;
}

static int parse_args(int argc, char **argv, struct rpmsg_opts *o)
{
	static const struct option longopts[] = {
		{ "rproc", required_argument, NULL, 'r' },
		{ "service", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 'l' },
		{ "timeout", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool ok = true;
	int c;

	while ((c = getopt_long(argc, argv, "r:s:n:l:t:w:jh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'r':
			o->rproc = optarg;
			break;
		case 's':
			o->service = optarg;
			break;
		case 'n':
			ok = cli_parse_uint(optarg, 100000000, &o->count);
			break;
		case 'l':
			ok = cli_parse_uint(optarg, ECHO_MAX_SIZE, &o->size) &&
			     o->size;
			break;
		case 't':
			ok = cli_parse_uint(optarg, 3600000, &o->timeout_ms);
			break;
		case 'w':
			ok = cli_parse_uint(optarg, 3600, &o->wait_s);
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			exit(CLI_OK);
		default:
			return -1;
		}
		if (!ok) {
			cli_err("bad value '%s' for -%c", optarg, c);
			return -1;
		}
	}
	return 0;
}

int cli_rpmsg(int argc, char **argv)
{
	struct rpmsg_opts o = {
		.count = 100, .size = 64,
		.timeout_ms = 5000,
	};
	const char *cmd;

	if (parse_args(argc, argv, &o))
		return cli_usage_err(usage, NULL);
	if (optind >= argc)
		return cli_usage_err(usage, "no command");
	cmd = argv[optind++];
	if (optind != argc)
		return cli_usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (!strcmp(cmd, "list"))
		return cmd_list(&o);
	if (!strcmp(cmd, "ping") || !strcmp(cmd, "echo"))
		return cmd_echo(&o, !strcmp(cmd, "ping"));
	if (!strcmp(cmd, "bind"))
		return cmd_bind(&o);
	return cli_usage_err(usage, "unknown command '%s'", cmd);
}
