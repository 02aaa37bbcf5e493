// SPDX-License-Identifier: GPL-2.0
/*
 * echo_test: the Linux side of the OpenAMP echo demo, compatible with
 * openamp-system-reference's echo_test.  Each round sends 472 payloads
 * {unsigned long num; unsigned long size; 0xA5 x size} of 17..488 bytes
 * and checks every echo byte for byte.  At the end it sends the shutdown
 * message (first word 0xEF56A55A) and destroys its endpoint.
 *
 * Exit status: 0 all echoes correct, 1 any error, 2 usage, 3 setup failed
 * or no echo service: no channel, or the channel went away (an OpenAMP demo
 * remote destroys it when it ends, e.g. after an earlier run's shutdown).
 */
#include <getopt.h>

#include "../lib/rpmsg_app.h"

struct payload {
	unsigned long num;
	unsigned long size;
	unsigned char data[];
};

#define PAYLOAD_MIN_SIZE	1
#define PAYLOAD_MAX_SIZE	(512 - 16 - 24)	/* 472, as the reference */
#define NUM_PAYLOADS		(PAYLOAD_MAX_SIZE / PAYLOAD_MIN_SIZE)
#define MSG_MAX			(sizeof(struct payload) + PAYLOAD_MAX_SIZE)

struct options {
	unsigned long rounds;
	unsigned long timeout_ms;
	unsigned long wait_s;
	bool shutdown;
	bool quiet;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options]\n"
		"Send 472 payloads of 17..488 bytes per round to the OpenAMP echo\n"
		"service and verify every echo.\n\n"
		"  -d, --device NAME   rpmsg channel device (default: first\n"
		"                      *." RPMSG_DEMO_CHANNEL ".* on the bus)\n"
		"  -N, --service NAME  channel name to look for (default "
		RPMSG_DEMO_CHANNEL ")\n"
		"  -n, --rounds N      rounds (default 1)\n"
		"  -s, --src ADDR      local endpoint address (default 0)\n"
		"  -e, --dst ADDR      remote address (default: from the channel name)\n"
		"  -t, --timeout MS    wait for each echo (default 5000)\n"
		"  -w, --wait SEC      wait for the channel to appear (default 5)\n"
		"      --no-shutdown   do not send the shutdown message at the end\n"
		"  -q, --quiet         print only the results\n"
		"  -v, --verbose       print the setup steps\n"
		"  -h, --help          this help\n\n"
		"Exit status: 0 success, 1 echo errors, 2 usage, 3 setup failure or\n"
		"no echo service (no channel, or the remote removed it: OpenAMP\n"
		"demo firmware does when it gets the shutdown message).\n",
		prog);
}

static int parse_args(int argc, char **argv, struct rpmsg_app *app,
		      struct options *opt)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "service", required_argument, NULL, 'N' },
		{ "rounds", required_argument, NULL, 'n' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "no-shutdown", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	while ((c = getopt_long(argc, argv, "d:N:n:s:e:t:w:qvh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			/* the service is the part between vdev and addresses */
			snprintf(app->channel, sizeof(app->channel), "%s", optarg);
			app->channel_given = true;
			break;
		case 'N':
			app->service = optarg;
			break;
		case 'n':
			if (!app_parse_uint(optarg, 1000000, &opt->rounds))
				goto bad;
			break;
		case 's':
			if (!app_parse_uint(optarg, 0xffffffffUL, &v))
				goto bad;
			app->info.src = (__u32)v;
			break;
		case 'e':
			if (!app_parse_uint(optarg, 0xffffffffUL, &v))
				goto bad;
			app->info.dst = (__u32)v;
			app->have_dst = true;
			break;
		case 't':
			if (!app_parse_uint(optarg, 3600000, &opt->timeout_ms))
				goto bad;
			break;
		case 'w':
			if (!app_parse_uint(optarg, 3600, &opt->wait_s))
				goto bad;
			break;
		case 'S':
			opt->shutdown = false;
			break;
		case 'q':
			opt->quiet = true;
			break;
		case 'v':
			app->verbose = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(APP_OK);
		default:
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "%s: bad value '%s' for -%c\n", argv[0], optarg, c);
	return -1;
}

/* -d NAME: take the service name out of the device name. */
static int service_from_device(struct rpmsg_app *app, char *buf, size_t size)
{
	const char *first = strchr(app->channel, '.');
	const char *last = strrchr(app->channel, '.');
	const char *prev;

	if (!first || !last || last == first)
		return -1;
	for (prev = last - 1; prev > first && *prev != '.'; prev--)
		;
	if (prev <= first || (size_t)(prev - first) > size)
		return -1;
	memcpy(buf, first + 1, prev - first - 1);
	buf[prev - first - 1] = '\0';
	app->service = buf;
	return 0;
}

#define ECHO_WRONG	-1	/* an echo, but not the right one */
#define ECHO_NONE	-2	/* no echo, or the send failed */
#define ECHO_GONE	-3	/* the channel went away */

static int echo_lost(struct rpmsg_app *app, unsigned long i, const char *what,
		     int err)
{
	if (app_channel_gone(app, err)) {
		fprintf(stderr, "payload %lu: %s: %s: channel %s is gone (the remote ended its application or stopped)\n",
			i, what, strerror(err), app->channel);
		return ECHO_GONE;
	}
	fprintf(stderr, "payload %lu: %s: %s\n", i, what, strerror(err));
	return ECHO_NONE;	/* the exchange is out of step: give up */
}

/*
 * Sends payload @i of @size data bytes and checks its echo: 0 if right,
 * else ECHO_WRONG, ECHO_NONE or ECHO_GONE.
 */
static int echo_one(struct rpmsg_app *app, const struct options *opt,
		    struct payload *out, struct payload *in, unsigned long i,
		    unsigned long size)
{
	size_t len = sizeof(*out) + size;
	unsigned long k;
	ssize_t n;

	out->num = i;
	out->size = size;
	memset(out->data, 0xA5, size);

	n = write(app->fd, out, len);
	if (n < 0)
		return echo_lost(app, i, "write", errno);
	if (n != (ssize_t)len) {
		fprintf(stderr, "payload %lu: write of %zu bytes: short write\n",
			i, len);
		return ECHO_NONE;
	}

	memset(in, 0, MSG_MAX);
	n = app_recv(app, in, MSG_MAX + 1, (int)opt->timeout_ms);
	if (n < 0)
		return echo_lost(app, i, "no echo", errno);
	if ((size_t)n != len || in->num != i || in->size != size) {
		fprintf(stderr, "payload %lu: echo of %zd bytes (num %lu size %lu), want %zu (num %lu size %lu)\n",
			i, n, in->num, in->size, len, i, size);
		return ECHO_WRONG;
	}
	for (k = 0; k < size; k++) {
		if (in->data[k] != 0xA5) {
			fprintf(stderr, "payload %lu: data corruption at index %lu\n",
				i, k);
			return ECHO_WRONG;
		}
	}
	if (!opt->quiet)
		printf(" received payload number %lu of size %zd\n", in->num, n);
	return 0;
}

static void send_shutdown(struct rpmsg_app *app)
{
	union {
		unsigned int n[8];
		struct payload p;
	} msg;
	unsigned int i;

	for (i = 0; i < 8; i++)
		msg.n[i] = RPMSG_SHUTDOWN_WORD;
	msg.p.size = sizeof(msg);
	if (write(app->fd, &msg, sizeof(msg)) < 0)
		perror("write shutdown message");
}

int main(int argc, char **argv)
{
	struct options opt = { .rounds = 1, .timeout_ms = 5000, .wait_s = 5,
			       .shutdown = true };
	struct rpmsg_app app = { .service = RPMSG_DEMO_CHANNEL };
	char service[NAME_MAX + 1];
	struct payload *out, *in;
	unsigned long round, i, errors = 0;
	bool stuck = false, gone = false;
	int ret;

	if (parse_args(argc, argv, &app, &opt))
		return APP_USAGE;
	if (app.channel_given && service_from_device(&app, service, sizeof(service))) {
		fprintf(stderr, "%s: bad device name '%s'\n", argv[0], app.channel);
		return APP_USAGE;
	}

	out = malloc(MSG_MAX + 1);
	in = malloc(MSG_MAX + 1);
	if (!out || !in) {
		perror("malloc");
		return APP_SETUP;
	}

	ret = app_setup(&app, (int)opt.wait_s);
	if (ret) {
		app_teardown(&app);
		return ret;
	}

	for (round = 0; round < opt.rounds && !stuck; round++) {
		unsigned long round_errors = 0;

		if (!opt.quiet)
			printf("\n Echo Test Round %lu\n\n", round);
		for (i = 0; i < NUM_PAYLOADS && !stuck; i++) {
			ret = echo_one(&app, &opt, out, in, i, PAYLOAD_MIN_SIZE + i);
			if (ret)
				round_errors++;
			stuck = ret == ECHO_NONE || ret == ECHO_GONE;
			gone = ret == ECHO_GONE;
		}
		errors += round_errors;
		printf("Echo Test Round %lu Test Results: Error count = %lu%s\n",
		       round, round_errors, stuck ? " (gave up)" : "");
	}

	if (opt.shutdown && !gone)
		send_shutdown(&app);
	app_teardown(&app);
	if (opt.shutdown && !gone)
		app_wait_channel_gone(&app, 1000);
	free(out);
	free(in);

	printf("echo_test: %lu rounds of %d payloads, %lu errors\n", opt.rounds,
	       NUM_PAYLOADS, errors);
	if (gone)
		return APP_SETUP;
	return errors ? APP_FAILED : APP_OK;
}
