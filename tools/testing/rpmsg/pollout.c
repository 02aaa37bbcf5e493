// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-pollout: fill the TX ring of the demo channel's endpoint device
 * with O_NONBLOCK writes until EAGAIN, then wait for POLLOUT.  A remote
 * that gives the buffers back must make poll() report POLLOUT, however
 * the return races with the driver re-enabling its TX-complete callback,
 * and soon: a lost wakeup shows as POLLOUT only at the timeout, from
 * poll()'s last look.
 * Prints KTAP.  Exit: 0 POLLOUT came, 1 it did not (or a write failed
 * otherwise), 2 usage, 3 no usable channel.
 */
#include <getopt.h>

#include "../../lib/rpmsg_app.h"

static void usage(const char *argv0)
{
	printf("usage: %s [--timeout MS] [--within MS] [--size BYTES] [--rounds N] [--dst ADDR] [-v]\n"
	       "  Fill the TX ring of the demo channel, then poll() for POLLOUT.\n"
	       "  -w, --within MS    POLLOUT must come sooner than this (default: the\n"
	       "                     timeout; a wakeup that never came still shows\n"
	       "                     as POLLOUT from poll()'s last look at timeout)\n"
	       "  -d, --dst ADDR     send to ADDR instead of the channel's remote\n"
	       "                     address (one where nothing answers: no reply\n"
	       "                     wakes the poller for another reason)\n"
	       "  -t, --timeout MS   how long POLLOUT may take (default 5000)\n"
	       "  -s, --size BYTES   payload of each message (default 64)\n"
	       "  -r, --rounds N     fill and wait N times (default 1)\n"
	       "  -v, --verbose      log each step\n"
	       "  -h, --help         this text\n", argv0);
}

/* Writes until EAGAIN; returns the number written, -1 on another error. */
static long fill_ring(struct rpmsg_app *app, size_t size)
{
	unsigned char msg[496];
	long n;

	memset(msg, 0x5a, sizeof(msg));
	for (n = 0; n < 100000; n++) {
		if (write(app->fd, msg, size) < 0)
			return errno == EAGAIN ? n : -1;
	}
	errno = ENOSPC;
	return -1;	/* never full: the remote returns buffers at once */
}

/* Reads whatever the remote echoed, so its replies never pile up. */
static void drain(struct rpmsg_app *app)
{
	unsigned char buf[512];

	while (read(app->fd, buf, sizeof(buf)) > 0)
		;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "size", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "dst", required_argument, NULL, 'd' },
		{ "within", required_argument, NULL, 'w' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rpmsg_app app = { .service = RPMSG_DEMO_CHANNEL };
	unsigned long timeout_ms = 5000, within_ms = 0, size = 64, rounds = 1;
	unsigned long r, dst;
	int c, failed = 0;

	while ((c = getopt_long(argc, argv, "t:w:s:r:d:vh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!app_parse_uint(optarg, 600000, &timeout_ms))
				return APP_USAGE;
			break;
		case 'w':
			if (!app_parse_uint(optarg, 600000, &within_ms))
				return APP_USAGE;
			break;
		case 's':
			if (!app_parse_uint(optarg, 496, &size) || !size)
				return APP_USAGE;
			break;
		case 'r':
			if (!app_parse_uint(optarg, 100000, &rounds) || !rounds)
				return APP_USAGE;
			break;
		case 'd':
			if (!app_parse_uint(optarg, 0xfffffffeUL, &dst))
				return APP_USAGE;
			app.info.dst = (__u32)dst;
			app.have_dst = true;
			break;
		case 'v':
			app.verbose = true;
			break;
		case 'h':
			usage(argv[0]);
			return APP_OK;
		default:
			usage(argv[0]);
			return APP_USAGE;
		}
	}

	if (!within_ms || within_ms > timeout_ms)
		within_ms = timeout_ms;
	printf("KTAP version 1\n");
	if (app_setup(&app, 5) ||
	    fcntl(app.fd, F_SETFL, fcntl(app.fd, F_GETFL) | O_NONBLOCK)) {
		printf("1..0 # SKIP no usable %s channel\n", app.service);
		app_teardown(&app);
		return APP_SETUP;
	}
	for (r = 1; r <= rounds; r++) {
		struct pollfd pfd = { .fd = app.fd, .events = POLLOUT };
		long n = fill_ring(&app, size), ms;
		struct timespec t0, t1;
		int ret;

		if (n < 0) {
			printf("not ok %lu fill the TX ring: %s\n", r, strerror(errno));
			failed++;
			continue;
		}
		app_log(&app, "round %lu: %ld messages until EAGAIN", r, n);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = poll(&pfd, 1, (int)timeout_ms);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (ret == 1 && (pfd.revents & POLLOUT) && ms < (long)within_ms) {
			printf("ok %lu POLLOUT after a full ring (%ld messages) in %ld ms\n",
			       r, n, ms);
		} else {
			printf("not ok %lu no POLLOUT within %lu ms after a full ring of %ld (poll %d after %ld ms, revents %#x)\n",
			       r, within_ms, n, ret, ms, pfd.revents);
			failed++;
		}
		drain(&app);
	}
	printf("1..%lu\n", rounds);
	app_teardown(&app);
	return failed ? APP_FAILED : APP_OK;
}
