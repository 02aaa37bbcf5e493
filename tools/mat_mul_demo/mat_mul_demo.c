// SPDX-License-Identifier: GPL-2.0
/*
 * mat_mul_demo: the Linux side of the OpenAMP matrix multiplication demo,
 * compatible with openamp-system-reference's mat_mul_demo.  Each round
 * sends two random 6x6 matrices {u32 size; u32 m[6][6]} (148 bytes each),
 * receives the 148-byte product and checks it against a local computation.
 *
 * The reference sends both matrices in one 296-byte message (what the
 * open-amp matrix_multiply remote expects); --split sends them as two
 * 148-byte messages instead.
 *
 * Exit status: 0 all products right, 1 any mismatch or error, 2 usage,
 * 3 setup failed or no service (no channel, or the remote removed it).
 */
#include <getopt.h>
#include <stdint.h>

#include "../lib/rpmsg_app.h"

#define MATRIX_SIZE 6

struct matrix {
	uint32_t size;
	uint32_t m[MATRIX_SIZE][MATRIX_SIZE];
};

_Static_assert(sizeof(struct matrix) == 148, "wire format");

struct options {
	unsigned long rounds;
	unsigned long timeout_ms;
	unsigned long wait_s;
	unsigned long seed;
	bool split;
	bool shutdown;
	bool quiet;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options]\n"
		"Send two random 6x6 matrices per round to the OpenAMP matrix\n"
		"multiplication service and verify the product.\n\n"
		"  -d, --device NAME   rpmsg channel device (default: first\n"
		"                      *." RPMSG_DEMO_CHANNEL ".* on the bus)\n"
		"  -n, --rounds N      rounds (default 1)\n"
		"  -s, --src ADDR      local endpoint address (default 0)\n"
		"  -e, --dst ADDR      remote address (default: from the channel name)\n"
		"  -t, --timeout MS    wait for each product (default 5000)\n"
		"  -w, --wait SEC      wait for the channel to appear (default 5)\n"
		"  -r, --seed N        random seed (default: time)\n"
		"      --split         send the matrices as two 148-byte messages\n"
		"      --no-shutdown   do not send the shutdown message at the end\n"
		"  -q, --quiet         print only the results\n"
		"  -v, --verbose       print the setup steps\n"
		"  -h, --help          this help\n\n"
		"Exit status: 0 success, 1 wrong product, 2 usage, 3 setup failure\n"
		"or no service (no channel, or the remote removed it: OpenAMP demo\n"
		"firmware does when it gets the shutdown message).\n",
		prog);
}

static int parse_args(int argc, char **argv, struct rpmsg_app *app,
		      struct options *opt)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "rounds", required_argument, NULL, 'n' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 'r' },
		{ "split", no_argument, NULL, 'P' },
		{ "no-shutdown", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	while ((c = getopt_long(argc, argv, "d:n:s:e:t:w:r:qvh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			snprintf(app->channel, sizeof(app->channel), "%s", optarg);
			app->channel_given = true;
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
		case 'r':
			if (!app_parse_uint(optarg, 0xffffffffUL, &opt->seed))
				goto bad;
			break;
		case 'P':
			opt->split = true;
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

static void matrix_random(struct matrix *a)
{
	int i, j;

	a->size = MATRIX_SIZE;
	for (i = 0; i < MATRIX_SIZE; i++)
		for (j = 0; j < MATRIX_SIZE; j++)
			a->m[i][j] = (uint32_t)(rand() & 0x7f) % 10;
}

static void matrix_mul(const struct matrix *a, const struct matrix *b,
		       struct matrix *p)
{
	int i, j, k;

	p->size = MATRIX_SIZE;
	for (i = 0; i < MATRIX_SIZE; i++)
		for (j = 0; j < MATRIX_SIZE; j++) {
			p->m[i][j] = 0;
			for (k = 0; k < MATRIX_SIZE; k++)
				p->m[i][j] += a->m[i][k] * b->m[k][j];
		}
}

static void matrix_print(const char *what, const struct matrix *a)
{
	int i, j;

	printf(" %s:\n", what);
	for (i = 0; i < MATRIX_SIZE; i++) {
		for (j = 0; j < MATRIX_SIZE; j++)
			printf(" %4u", a->m[i][j]);
		printf("\n");
	}
}

static int send_all(struct rpmsg_app *app, const void *buf, size_t len)
{
	ssize_t n = write(app->fd, buf, len);

	if (n != (ssize_t)len) {
		fprintf(stderr, "write of %zu bytes: %s\n", len,
			n < 0 ? strerror(errno) : "short write");
		return n < 0 && app_channel_gone(app, errno) ? -2 : -1;
	}
	return 0;
}

/* One round; 0 when the remote's product is right, -2 channel gone. */
static int round_trip(struct rpmsg_app *app, const struct options *opt,
		      unsigned long round)
{
	struct matrix in[2], want, got[2];	/* room to see a long reply */
	ssize_t n;

	matrix_random(&in[0]);
	matrix_random(&in[1]);
	matrix_mul(&in[0], &in[1], &want);
	if (!opt->quiet) {
		printf("\n Matrix multiplication round %lu\n", round);
		matrix_print("A", &in[0]);
		matrix_print("B", &in[1]);
	}

	n = opt->split ? send_all(app, &in[0], sizeof(in[0])) : 0;
	if (!n)
		n = opt->split ? send_all(app, &in[1], sizeof(in[1])) :
				 send_all(app, in, sizeof(in));
	if (n)
		return (int)n;

	n = app_recv(app, got, sizeof(got), (int)opt->timeout_ms);
	if (n < 0) {
		int err = errno;

		fprintf(stderr, "round %lu: no product: %s\n", round,
			strerror(err));
		return app_channel_gone(app, err) ? -2 : -1;
	}
	if (n != sizeof(got[0])) {
		fprintf(stderr, "round %lu: product of %zd bytes, want %zu\n",
			round, n, sizeof(got[0]));
		return -1;
	}
	if (!opt->quiet)
		matrix_print("A x B from the remote", &got[0]);
	if (memcmp(&got[0], &want, sizeof(want))) {
		fprintf(stderr, "round %lu: wrong product\n", round);
		matrix_print("expected", &want);
		return -1;
	}
	return 0;
}

static void send_shutdown(struct rpmsg_app *app)
{
	struct matrix msg;

	memset(&msg, 0, sizeof(msg));
	msg.size = RPMSG_SHUTDOWN_WORD;
	if (write(app->fd, &msg, sizeof(msg)) < 0)
		perror("write shutdown message");
}

int main(int argc, char **argv)
{
	struct options opt = { .rounds = 1, .timeout_ms = 5000, .wait_s = 5,
			       .seed = (unsigned long)time(NULL),
			       .shutdown = true };
	struct rpmsg_app app = { .service = RPMSG_DEMO_CHANNEL };
	unsigned long round, errors = 0;
	int ret;

	if (parse_args(argc, argv, &app, &opt))
		return APP_USAGE;
	srand((unsigned int)opt.seed);

	ret = app_setup(&app, (int)opt.wait_s);
	if (ret) {
		app_teardown(&app);
		return ret;
	}

	for (round = 0; round < opt.rounds; round++) {
		ret = round_trip(&app, &opt, round);
		if (ret == -2) {
			fprintf(stderr, "channel %s is gone (the remote ended its application or stopped)\n",
				app.channel);
			app_teardown(&app);
			return APP_SETUP;
		}
		if (ret)
			errors++;
	}

	if (opt.shutdown)
		send_shutdown(&app);
	app_teardown(&app);
	if (opt.shutdown)
		app_wait_channel_gone(&app, 1000);

	printf("mat_mul_demo: %lu rounds, %lu errors (seed %lu)\n", opt.rounds,
	       errors, opt.seed);
	return errors ? APP_FAILED : APP_OK;
}
