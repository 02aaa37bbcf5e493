// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-bench: latency and throughput of an rpmsg stack against an echo
 * remote (vrprocd's ohost-echo.elf, or any OpenAMP echo firmware), through
 * the standard rpmsg_char uAPI only (RPMSG_CREATE_EPT_IOCTL on
 * /dev/rpmsg_ctrlN, then read()/write() on /dev/rpmsgN), so the same
 * binary measures this project's stack and Linux's own.
 *
 * Per message size: round-trip time (one message in flight), then
 * pipelined runs with 1, 8, 32 and 128 messages in flight, then io_uring
 * batches (32 writes and 32 reads per io_uring_enter()) and, where the
 * device has them (ohost_rpmsg_char), batches of 32 messages per ioctl
 * (OHOST_RPMSG_SEND_MMSG, OHOST_RPMSG_RECV_MMSG).  Every echoed
 * byte is checked (the remote echoes in order; byte k of message n is a
 * function of n and k, <ohost/bench_pattern.h>, so a lost, reordered or
 * corrupted echo is seen).
 * Each measurement also reports the longest gap between two echoes, the
 * guest's CPU time per message (all CPUs, /proc/stat: the IRQ threads and
 * workqueues of the stack count, not only this process; and this
 * process's own, getrusage) and the interrupts per message of the remote
 * processor's device (/proc/interrupts), with --kicks the host's doorbells
 * to the remote per message, and with --allocs the guest's
 * kernel memory allocations per message (every kmalloc and
 * kmem_cache_alloc, counted by hist triggers on the kmem trace events:
 * an allocation-free stack shows about 0).  One JSON object per line.
 *
 * Exit status: 0 all echoes correct, 1 an echo missing, wrong or late,
 * 2 usage, 3 setup failed (no channel, no endpoint).
 */
#include <getopt.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <linux/ohost_rpmsg.h>
#include <ohost/bench_pattern.h>

#include "../lib/rpmsg_app.h"
#include "uring.h"

#define BENCH_MAX_MSG		OHOST_BENCH_MAX_MSG
#define BENCH_MAX_LIST		16
#define BENCH_WARMUP		10
#define BENCH_MAX_BATCH		256
#define URING_READ		(1ULL << 32)	/* user_data: a read */
#define IVSHMEM_VENDOR		"0x1af4"	/* QEMU ivshmem: PCI 1af4:1110 */
#define IVSHMEM_DEVICE		"0x1110"
#define TRACEFS			"/sys/kernel/tracing"
#define ALLOC_TRIGGER		"hist:keys=common_pid"

struct list {
	unsigned long v[BENCH_MAX_LIST];
	unsigned int n;
};

struct options {
	struct list sizes;
	struct list inflight;
	struct list batches;
	struct list mmsgs;
	unsigned long rtt_count;
	unsigned long messages;
	unsigned long timeout_ms;
	unsigned long wait_s;
	const char *label;
	char irq_match[NAME_MAX + 1];
	const char *kicks_file;		/* --kicks: a doorbell counter */
	bool quick;
	bool allocs;
	unsigned long long sample_allocs;	/* what one sample allocates */
};

/* What the guest as a whole spent during one measurement. */
struct sample {
	struct timespec wall;
	unsigned long long busy_ticks;	/* /proc/stat, all CPUs */
	unsigned long long irqs;	/* /proc/interrupts, matching lines */
	unsigned long long kicks;	/* --kicks file */
	unsigned long long allocs;	/* kmem events, --allocs */
	struct rusage self;
};

struct bench {
	struct rpmsg_app app;
	const struct options *opt;
	unsigned char *rx;
	uint32_t seq_tx, seq_rx;	/* next message to send / expect */
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options]\n"
		"Measure an rpmsg stack against the echo service through rpmsg_char.\n\n"
		"  -d, --device NAME     rpmsg channel device (default: first\n"
		"                        *." RPMSG_DEMO_CHANNEL ".* on the bus)\n"
		"  -N, --service NAME    channel name to look for (default "
		RPMSG_DEMO_CHANNEL ")\n"
		"  -s, --sizes LIST      payload sizes, comma separated (default\n"
		"                        1,64,256,496; at most %d bytes)\n"
		"  -i, --inflight LIST   messages in flight of the pipelined runs\n"
		"                        (default 1,8,32,128)\n"
		"  -u, --io-uring LIST   io_uring batch depths, comma separated\n"
		"                        (default 32; 0: no io_uring runs)\n"
		"  -b, --mmsg LIST       OHOST_RPMSG_SEND/RECV_MMSG batch sizes\n"
		"                        (default 32; 0: none; skipped on a device\n"
		"                        without them)\n"
		"  -r, --rtt-count N     round trips per size (default 1000)\n"
		"  -m, --messages N      messages per pipelined run (default 2000)\n"
		"  -l, --label TEXT      \"label\" of every JSON line (e.g. the stack)\n"
		"  -I, --irq-match TEXT  count /proc/interrupts lines containing TEXT\n"
		"                        (default: the ivshmem PCI device's name)\n"
		"  -k, --kicks FILE      count the host's doorbells to the remote:\n"
		"                        FILE holds a counter (e.g. ohost_vrproc's\n"
		"                        debugfs remoteproc/remoteprocN/kicks)\n"
		"  -t, --timeout MS      wait for an echo at most MS (default 5000)\n"
		"  -w, --wait SEC        wait for the channel to appear (default 5)\n"
		"  -q, --quick           correctness only: a few messages of each\n"
		"                        kind (the numbers mean nothing)\n"
		"  -a, --allocs          count the kernel's memory allocations per\n"
		"                        message (root; tracefs with hist triggers)\n"
		"  -v, --verbose         print the setup steps\n"
		"  -h, --help            this help\n\n"
		"Output: one JSON object per line and measurement, on stdout.\n"
		"Exit status: 0 all echoes correct, 1 an echo missing, wrong or\n"
		"late, 2 usage, 3 setup failure (no channel or endpoint).\n",
		prog, BENCH_MAX_MSG);
}

static bool parse_list(const char *s, unsigned long min, unsigned long max,
		       struct list *l)
{
	char buf[256], *tok, *save;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return false;
	l->n = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (l->n == BENCH_MAX_LIST ||
		    !app_parse_uint(tok, max, &l->v[l->n]) || l->v[l->n] < min)
			return false;
		l->n++;
	}
	return l->n > 0;
}

static int parse_args(int argc, char **argv, struct rpmsg_app *app,
		      struct options *opt)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "service", required_argument, NULL, 'N' },
		{ "sizes", required_argument, NULL, 's' },
		{ "inflight", required_argument, NULL, 'i' },
		{ "io-uring", required_argument, NULL, 'u' },
		{ "mmsg", required_argument, NULL, 'b' },
		{ "rtt-count", required_argument, NULL, 'r' },
		{ "messages", required_argument, NULL, 'm' },
		{ "label", required_argument, NULL, 'l' },
		{ "irq-match", required_argument, NULL, 'I' },
		{ "kicks", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quick", no_argument, NULL, 'q' },
		{ "allocs", no_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool ok = true;
	int c;

	while ((c = getopt_long(argc, argv, "d:N:s:i:u:b:r:m:l:I:k:t:w:qavh",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			snprintf(app->channel, sizeof(app->channel), "%s", optarg);
			app->channel_given = true;
			break;
		case 'N':
			app->service = optarg;
			break;
		case 's':
			ok = parse_list(optarg, 1, BENCH_MAX_MSG, &opt->sizes);
			break;
		case 'i':
			ok = parse_list(optarg, 1, 1024, &opt->inflight);
			break;
		case 'u':
			ok = parse_list(optarg, 0, BENCH_MAX_BATCH, &opt->batches);
			if (ok && opt->batches.n == 1 && !opt->batches.v[0])
				opt->batches.n = 0;
			break;
		case 'b':
			ok = parse_list(optarg, 0, OHOST_RPMSG_MMSG_MAX,
					&opt->mmsgs);
			if (ok && opt->mmsgs.n == 1 && !opt->mmsgs.v[0])
				opt->mmsgs.n = 0;
			break;
		case 'r':
			ok = app_parse_uint(optarg, 10000000, &opt->rtt_count) &&
			     opt->rtt_count;
			break;
		case 'm':
			ok = app_parse_uint(optarg, 100000000, &opt->messages) &&
			     opt->messages;
			break;
		case 'l':
			opt->label = optarg;
			break;
		case 'I':
			snprintf(opt->irq_match, sizeof(opt->irq_match), "%s",
				 optarg);
			break;
		case 'k':
			opt->kicks_file = optarg;
			break;
		case 't':
			ok = app_parse_uint(optarg, 3600000, &opt->timeout_ms);
			break;
		case 'w':
			ok = app_parse_uint(optarg, 3600, &opt->wait_s);
			break;
		case 'q':
			opt->quick = true;
			break;
		case 'a':
			opt->allocs = true;
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
		if (!ok) {
			fprintf(stderr, "%s: bad value '%s' for -%c\n", argv[0],
				optarg, c);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		return -1;
	}
	return 0;
}

/* -d NAME: the service is the part between the vdev and the addresses. */
static bool service_from_device(struct rpmsg_app *app, char *buf, size_t size)
{
	const char *first = strchr(app->channel, '.');
	const char *last = strrchr(app->channel, '.');
	const char *prev;

	if (!first || last == first)
		return false;
	for (prev = last - 1; prev > first && *prev != '.'; prev--)
		;
	if (prev <= first || (size_t)(prev - first) > size)
		return false;
	memcpy(buf, first + 1, prev - first - 1);
	buf[prev - first - 1] = '\0';
	app->service = buf;
	return true;
}

/* The name of QEMU's ivshmem PCI device: its interrupts carry the vrings. */
static void default_irq_match(struct options *opt)
{
	char path[PATH_MAX], vendor[16], device[16];
	struct dirent *ent;
	DIR *dir = opendir("/sys/bus/pci/devices");

	if (!dir)
		return;
	while ((ent = readdir(dir))) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 ent->d_name);
		if (app_read_file(path, vendor, sizeof(vendor)))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 ent->d_name);
		if (app_read_file(path, device, sizeof(device)))
			continue;
		if (!strcmp(vendor, IVSHMEM_VENDOR) &&
		    !strcmp(device, IVSHMEM_DEVICE)) {
			snprintf(opt->irq_match, sizeof(opt->irq_match), "%s",
				 ent->d_name);
			break;
		}
	}
	closedir(dir);
}

static unsigned long long busy_ticks(void)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 7)
		return 0;
	/* user nice system [idle iowait] irq softirq steal */
	return v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
}

/* The counter in @path: a decimal number, as debugfs prints a u64. */
static bool read_counter(const char *path, unsigned long long *v)
{
	char buf[32], *end;

	if (app_read_file(path, buf, sizeof(buf)))
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !errno && end != buf;
}

/* Sum of the per-CPU counts of the /proc/interrupts lines naming @match. */
static unsigned long long irq_count(const char *match)
{
	char line[1024];
	unsigned long long sum = 0;
	FILE *f;

	if (!*match)
		return 0;
	f = fopen("/proc/interrupts", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long line_sum = 0;
		char *p = strchr(line, ':'), *end;

		if (!p || !strstr(p, match))
			continue;
		for (p++;; p = end) {
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			line_sum += v;
		}
		sum += line_sum;
	}
	fclose(f);
	return sum;
}

/*
 * Allocation counting: a hist trigger on each kmem allocation event (those
 * this kernel has: 6.1 also has the _node variants) counts every event;
 * the totals are read before and after a measurement.
 */
static const char *const alloc_events[] = {
	"kmem/kmalloc", "kmem/kmalloc_node",
	"kmem/kmem_cache_alloc", "kmem/kmem_cache_alloc_node",
};

static bool alloc_trigger(const char *event, const char *cmd)
{
	char path[PATH_MAX];
	int fd, n;

	snprintf(path, sizeof(path), TRACEFS "/events/%s/trigger", event);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return false;
	n = write(fd, cmd, strlen(cmd));
	close(fd);
	return n == (int)strlen(cmd);
}

static void alloc_counting_stop(void)
{
	size_t i;

	for (i = 0; i < sizeof(alloc_events) / sizeof(alloc_events[0]); i++)
		alloc_trigger(alloc_events[i], "!" ALLOC_TRIGGER);
}

static int alloc_counting_start(void)
{
	unsigned int n = 0;
	size_t i;

	if (access(TRACEFS "/events", F_OK) &&
	    mount("nodev", TRACEFS, "tracefs", 0, NULL)) {
		perror("mount " TRACEFS);
		return -1;
	}
	alloc_counting_stop();	/* a killed run's triggers: start again */
	for (i = 0; i < sizeof(alloc_events) / sizeof(alloc_events[0]); i++)
		n += alloc_trigger(alloc_events[i], ALLOC_TRIGGER);
	if (!n) {
		fprintf(stderr, "--allocs: no kmem hist trigger (%s): %s\n",
			TRACEFS, strerror(errno));
		return -1;
	}
	atexit(alloc_counting_stop);
	return 0;
}

/* Events counted so far: the sum of the triggers' "Hits:" totals. */
static unsigned long long alloc_count(void)
{
	unsigned long long sum = 0, v;
	char path[PATH_MAX], line[256];
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(alloc_events) / sizeof(alloc_events[0]); i++) {
		snprintf(path, sizeof(path), TRACEFS "/events/%s/hist",
			 alloc_events[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, " Hits: %llu", &v) == 1)
				sum += v;
		fclose(f);
	}
	return sum;
}

/*
 * The allocations are read first at the start of a measurement and first
 * at its end, so that one sample's own reads (opening /proc and tracefs
 * files allocates) fall in it: opt->sample_allocs, subtracted.
 */
static void take_sample(const struct options *opt, struct sample *s)
{
	s->allocs = opt->allocs ? alloc_count() : 0;
	clock_gettime(CLOCK_MONOTONIC, &s->wall);
	s->busy_ticks = busy_ticks();
	s->irqs = irq_count(opt->irq_match);
	if (!opt->kicks_file || !read_counter(opt->kicks_file, &s->kicks))
		s->kicks = 0;
	getrusage(RUSAGE_SELF, &s->self);
}

/* What taking one sample allocates: the least of a few tries. */
static void calibrate_allocs(struct options *opt)
{
	struct sample s0, s1;
	int i;

	opt->sample_allocs = ~0ULL;
	for (i = 0; i < 5; i++) {
		take_sample(opt, &s0);
		take_sample(opt, &s1);
		if (s1.allocs - s0.allocs < opt->sample_allocs)
			opt->sample_allocs = s1.allocs - s0.allocs;
	}
}

static double ts_us(const struct timespec *t)
{
	return t->tv_sec * 1e6 + t->tv_nsec / 1e3;
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ts_us(&t);
}

static double tv_us(const struct timeval *t)
{
	return t->tv_sec * 1e6 + t->tv_usec;
}

/* The bytes sent: <ohost/bench_pattern.h>, shared with ohost_rpmsg_kbench. */
static unsigned char pattern_table[OHOST_BENCH_TABLE_SIZE];

static unsigned char pattern(uint32_t seq, size_t k)
{
	return ohost_bench_pattern(seq, k);
}

static const unsigned char *message(uint32_t seq)
{
	return ohost_bench_message(pattern_table, seq);
}

static int send_msg(struct bench *b, size_t size)
{
	ssize_t n;

	n = write(b->app.fd, message(b->seq_tx), size);
	if (n != (ssize_t)size) {
		fprintf(stderr, "message %u: write of %zu bytes: %s\n",
			b->seq_tx, size, n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	b->seq_tx++;
	return 0;
}

/* Echo @seq, @n bytes at @buf, checked byte for byte against what was sent. */
static int check_echo(uint32_t seq, const unsigned char *buf, ssize_t n,
		      size_t size)
{
	size_t k;

	if (n < 0) {
		fprintf(stderr, "message %u: no echo: %s\n", seq,
			strerror(errno));
		return -1;
	}
	if ((size_t)n != size) {
		fprintf(stderr, "message %u: echo of %zd bytes, sent %zu\n",
			seq, n, size);
		return -1;
	}
	if (!memcmp(buf, message(seq), size))
		return 0;
	for (k = 0; buf[k] == pattern(seq, k); k++)
		;
	fprintf(stderr, "message %u: echo byte %zu is 0x%02x, sent 0x%02x\n",
		seq, k, buf[k], pattern(seq, k));
	return -1;
}

/* The next echo, checked byte for byte against the message it answers. */
static int recv_msg(struct bench *b, size_t size)
{
	ssize_t n = app_recv(&b->app, b->rx, BENCH_MAX_MSG + 1,
			     (int)b->opt->timeout_ms);

	if (check_echo(b->seq_rx, b->rx, n, size))
		return -1;
	b->seq_rx++;
	return 0;
}

static int echo_once(struct bench *b, size_t size)
{
	return send_msg(b, size) ? -1 : recv_msg(b, size);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The fields every measurement has: its costs per message. */
static void print_costs(const struct bench *b, const struct sample *s0,
			const struct sample *s1, unsigned long msgs,
			double gap_us)
{
	double tick_us = 1e6 / (double)sysconf(_SC_CLK_TCK);
	double self = tv_us(&s1->self.ru_utime) + tv_us(&s1->self.ru_stime) -
		      tv_us(&s0->self.ru_utime) - tv_us(&s0->self.ru_stime);

	printf(",\"messages\":%lu,\"gap_max_us\":%.1f,\"cpu_us_per_msg\":%.1f,"
	       "\"self_cpu_us_per_msg\":%.1f,\"irqs_per_msg\":%.3f", msgs,
	       gap_us, (double)(s1->busy_ticks - s0->busy_ticks) * tick_us / msgs,
	       self / msgs, (double)(s1->irqs - s0->irqs) / msgs);
	if (b->opt->allocs) {
		unsigned long long n = s1->allocs - s0->allocs;

		n -= n < b->opt->sample_allocs ? n : b->opt->sample_allocs;
		printf(",\"allocs_per_msg\":%.3f", (double)n / msgs);
	}
	if (b->opt->kicks_file)
		printf(",\"kicks_per_msg\":%.3f",
		       (double)(s1->kicks - s0->kicks) / msgs);
	printf(",\"quick\":%s}\n", b->opt->quick ? "true" : "false");
	fflush(stdout);
}

static void print_head(const struct bench *b, const char *test, size_t size)
{
	printf("{\"label\":\"%s\",\"test\":\"%s\",\"size\":%zu",
	       b->opt->label, test, size);
}

/* The longest gap between two echoes so far, the last at @last. */
static void note_gap(double *last, double *gap)
{
	double t = now_us();

	if (t - *last > *gap)
		*gap = t - *last;
	*last = t;
}

/* Ends a throughput measurement begun at @s0: its JSON line. */
static void print_rate(const struct bench *b, const char *test, size_t size,
		       unsigned long inflight, unsigned long total,
		       const struct sample *s0, double gap)
{
	struct sample s1;
	double secs;

	take_sample(b->opt, &s1);
	secs = (ts_us(&s1.wall) - ts_us(&s0->wall)) / 1e6;
	print_head(b, test, size);
	printf(",\"inflight\":%lu,\"msgs_per_s\":%.1f,\"mb_per_s\":%.4f",
	       inflight, total / secs, total * size / secs / 1e6);
	print_costs(b, s0, &s1, total, gap);
}

/* One message in flight: round-trip times. */
static int bench_rtt(struct bench *b, size_t size, unsigned long count)
{
	struct sample s0, s1;
	double *rtt, t0, gap = 0;
	unsigned long i;
	int ret = 0;

	rtt = calloc(count, sizeof(*rtt));
	if (!rtt) {
		perror("calloc");
		return -1;
	}
	for (i = 0; i < BENCH_WARMUP && !ret; i++)
		ret = echo_once(b, size);
	take_sample(b->opt, &s0);
	for (i = 0; i < count && !ret; i++) {
		t0 = now_us();
		ret = echo_once(b, size);
		rtt[i] = now_us() - t0;
	}
	take_sample(b->opt, &s1);
	if (!ret) {
		for (i = 0; i < count; i++)
			gap = rtt[i] > gap ? rtt[i] : gap;
		qsort(rtt, count, sizeof(*rtt), cmp_double);
		print_head(b, "rtt", size);
		printf(",\"median_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f",
		       rtt[count / 2], rtt[(count * 99) / 100], rtt[count - 1]);
		print_costs(b, &s0, &s1, count, gap);
	}
	free(rtt);
	return ret;
}

/* @window messages kept in flight until @total have been echoed. */
static int bench_pipe(struct bench *b, size_t size, unsigned long window,
		      unsigned long total)
{
	uint32_t first = b->seq_tx;
	double last, gap = 0;
	struct sample s0;

	take_sample(b->opt, &s0);
	last = ts_us(&s0.wall);
	while (b->seq_rx - first < total) {
		while (b->seq_tx - first < total &&
		       b->seq_tx - b->seq_rx < window)
			if (send_msg(b, size))
				return -1;
		if (recv_msg(b, size))
			return -1;
		note_gap(&last, &gap);
	}
	print_rate(b, "pipe", size, window, total, &s0, gap);
	return 0;
}

/* Every completion of a batch: each write sent, each read got @size bytes. */
static int uring_collect(struct bench *b, struct uring *r, unsigned int want,
			 size_t size)
{
	struct io_uring_cqe cqe;
	unsigned int got = 0;

	while (got < want) {
		if (uring_submit_wait(r, want - got, (int)b->opt->timeout_ms)) {
			fprintf(stderr, "message %u: io_uring: %s\n", b->seq_rx,
				errno == ETIME ? "no echo in time" :
				strerror(errno));
			return -1;
		}
		while (uring_reap(r, &cqe)) {
			got++;
			if (cqe.res == (int)size)
				continue;
			fprintf(stderr, "message %u: io_uring %s %u: %s\n",
				b->seq_rx, cqe.user_data & URING_READ ?
				"read" : "write", (unsigned int)cqe.user_data,
				cqe.res < 0 ? strerror(-cqe.res) : "short");
			return -1;
		}
	}
	return 0;
}

/*
 * One batch through io_uring: @n linked writes, then @n linked reads, in
 * one submission.  The links keep each chain in order, so read i holds
 * echo i; every byte is checked.
 */
static int uring_batch(struct bench *b, void *ring, unsigned char *rxb,
		       size_t size, unsigned int n)
{
	struct uring *r = ring;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (uring_queue_rw(r, true, b->app.fd,
				   (void *)message(b->seq_tx + i), size, i,
				   i + 1 < n))
			return -1;
	for (i = 0; i < n; i++)
		if (uring_queue_rw(r, false, b->app.fd, rxb + i * size,
				   size, URING_READ | i, i + 1 < n))
			return -1;
	b->seq_tx += n;
	if (uring_collect(b, r, 2 * n, size))
		return -1;
	for (i = 0; i < n; i++, b->seq_rx++)
		if (check_echo(b->seq_rx, rxb + i * size, size, size))
			return -1;
	return 0;
}

/* One batch: @n messages sent and their echoes checked, into @rxb. */
typedef int (*batch_fn)(struct bench *b, void *ctx, unsigned char *rxb,
			size_t size, unsigned int n);

/*
 * Batches of @depth messages (the last one shorter) until @total have been
 * echoed, one JSON line as @test.  @rxb has room for @depth echoes.
 */
static int run_batches(struct bench *b, const char *test, batch_fn batch,
		       void *ctx, unsigned char *rxb, size_t size,
		       unsigned long depth, unsigned long total)
{
	double last, gap = 0;
	unsigned long done, n;
	struct sample s0;

	take_sample(b->opt, &s0);
	last = ts_us(&s0.wall);
	for (done = 0; done < total; done += n) {
		n = total - done < depth ? total - done : depth;
		if (batch(b, ctx, rxb, size, n))
			return -1;
		note_gap(&last, &gap);
	}
	print_rate(b, test, size, depth, total, &s0, gap);
	return 0;
}

/* io_uring batches of @depth messages until @total have been echoed. */
static int bench_uring(struct bench *b, size_t size, unsigned long depth,
		       unsigned long total)
{
	unsigned char *rxb = malloc(depth * size);
	struct uring r;
	int ret = -1;

	if (rxb && !uring_init(&r, 2 * depth)) {
		ret = run_batches(b, "uring", uring_batch, &r, rxb, size,
				  depth, total);
		uring_exit(&r);
	} else {
		perror("io_uring setup");
	}
	free(rxb);
	return ret;
}

/* Sends @n messages with OHOST_RPMSG_SEND_MMSG (as many calls as it takes). */
static int mmsg_send(struct bench *b, struct ohost_rpmsg_mmsg *m, size_t size,
		     unsigned int n)
{
	struct ohost_rpmsg_mmsgs batch = { .msgs = (uintptr_t)m };
	unsigned int i, done = 0;
	int r;

	for (i = 0; i < n; i++)
		m[i] = (struct ohost_rpmsg_mmsg){
			.buf = (uintptr_t)message(b->seq_tx + i), .len = size,
		};
	while (done < n) {
		batch.msgs = (uintptr_t)(m + done);
		batch.count = n - done;
		r = ioctl(b->app.fd, OHOST_RPMSG_SEND_MMSG, &batch);
		if (r <= 0) {
			fprintf(stderr, "message %u: SEND_MMSG: %s\n",
				b->seq_tx + done, strerror(errno));
			return -1;
		}
		done += r;
	}
	b->seq_tx += n;
	return 0;
}

/* Receives @n echoes with OHOST_RPMSG_RECV_MMSG and checks each. */
static int mmsg_recv(struct bench *b, struct ohost_rpmsg_mmsg *m,
		     unsigned char *rxb, size_t size, unsigned int n)
{
	struct pollfd pfd = { .fd = b->app.fd, .events = POLLIN };
	struct ohost_rpmsg_mmsgs batch = { .flags = OHOST_RPMSG_MMSG_DONTWAIT };
	unsigned int i, got = 0;
	int r;

	for (i = 0; i < n; i++)
		m[i] = (struct ohost_rpmsg_mmsg){
			.buf = (uintptr_t)(rxb + i * size), .len = size,
		};
	while (got < n) {
		/* poll() gives the timeout: the ioctl itself waits forever */
		if (poll(&pfd, 1, (int)b->opt->timeout_ms) != 1) {
			fprintf(stderr, "message %u: no echo in time\n",
				b->seq_rx);
			return -1;
		}
		batch.msgs = (uintptr_t)(m + got);
		batch.count = n - got;
		r = ioctl(b->app.fd, OHOST_RPMSG_RECV_MMSG, &batch);
		if (r < 0 && errno == EAGAIN)
			continue;
		if (r <= 0) {
			fprintf(stderr, "message %u: RECV_MMSG: %s\n",
				b->seq_rx, strerror(errno));
			return -1;
		}
		for (i = got; i < got + r; i++, b->seq_rx++)
			if (check_echo(b->seq_rx, rxb + i * size,
				       m[i].msg_len, size))
				return -1;
		got += r;
	}
	return 0;
}

static int mmsg_batch(struct bench *b, void *msgs, unsigned char *rxb,
		      size_t size, unsigned int n)
{
	return mmsg_send(b, msgs, size, n) || mmsg_recv(b, msgs, rxb, size, n) ?
	       -1 : 0;
}

/* Batches of @depth messages per ioctl until @total have been echoed. */
static int bench_mmsg(struct bench *b, size_t size, unsigned long depth,
		      unsigned long total)
{
	struct ohost_rpmsg_mmsg *m = calloc(depth, sizeof(*m));
	unsigned char *rxb = malloc(depth * size);
	int ret = -1;

	if (m && rxb)
		ret = run_batches(b, "mmsg", mmsg_batch, m, rxb, size, depth,
				  total);
	else
		perror("malloc");
	free(m);
	free(rxb);
	return ret;
}

/* The batch ioctls are this project's (<linux/ohost_rpmsg.h>): there? */
static bool has_mmsg(const struct bench *b)
{
	__u32 mtu;

	return !ioctl(b->app.fd, OHOST_RPMSG_GET_MTU, &mtu);
}

/* Messages of a pipelined or batched run with @window at a time. */
static unsigned long run_length(const struct options *opt, unsigned long window)
{
	unsigned long total = opt->quick ? 2 * window + 8 : opt->messages;

	return total < window ? window : total;
}

static int run(struct bench *b)
{
	const struct options *opt = b->opt;
	unsigned long rtt = opt->quick ? 20 : opt->rtt_count;
	bool mmsg = has_mmsg(b);
	unsigned int i, j;

	for (i = 0; i < opt->sizes.n; i++) {
		size_t size = opt->sizes.v[i];

		if (bench_rtt(b, size, rtt))
			return -1;
		for (j = 0; j < opt->inflight.n; j++)
			if (bench_pipe(b, size, opt->inflight.v[j],
				       run_length(opt, opt->inflight.v[j])))
				return -1;
		for (j = 0; j < opt->batches.n; j++)
			if (bench_uring(b, size, opt->batches.v[j],
					run_length(opt, opt->batches.v[j])))
				return -1;
		for (j = 0; mmsg && j < opt->mmsgs.n; j++)
			if (bench_mmsg(b, size, opt->mmsgs.v[j],
				       run_length(opt, opt->mmsgs.v[j])))
				return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = {
		.sizes = { { 1, 64, 256, 496 }, 4 },
		.inflight = { { 1, 8, 32, 128 }, 4 },
		.batches = { { 32 }, 1 },
		.mmsgs = { { 32 }, 1 },
		.rtt_count = 1000, .messages = 2000, .timeout_ms = 5000,
		.wait_s = 5, .label = "",
	};
	struct bench b = { .app = { .service = RPMSG_DEMO_CHANNEL },
			   .opt = &opt };
	char service[NAME_MAX + 1];
	unsigned long long kicks;
	int ret;

	if (parse_args(argc, argv, &b.app, &opt))
		return APP_USAGE;
	if (b.app.channel_given &&
	    !service_from_device(&b.app, service, sizeof(service))) {
		fprintf(stderr, "%s: bad device name '%s'\n", argv[0],
			b.app.channel);
		return APP_USAGE;
	}
	if (strchr(opt.label, '"') || strchr(opt.label, '\\')) {
		fprintf(stderr, "%s: the label may not hold '\"' or '\\'\n",
			argv[0]);
		return APP_USAGE;
	}
	if (!*opt.irq_match)
		default_irq_match(&opt);
	if (opt.kicks_file && !read_counter(opt.kicks_file, &kicks)) {
		fprintf(stderr, "%s: no counter in %s\n", argv[0],
			opt.kicks_file);
		return APP_SETUP;
	}
	if (opt.allocs) {
		if (alloc_counting_start())
			return APP_SETUP;
		calibrate_allocs(&opt);
		app_log(&b.app, "a sample allocates %llu times\n",
			opt.sample_allocs);
	}
	ohost_bench_table_init(pattern_table);
	b.rx = malloc(BENCH_MAX_MSG + 1);
	if (!b.rx) {
		perror("malloc");
		return APP_SETUP;
	}
	/* Any free local address: the echo goes back to it. */
	b.app.info.src = 0xffffffffu;	/* RPMSG_ADDR_ANY */
	ret = app_setup(&b.app, (int)opt.wait_s);
	if (ret) {
		app_teardown(&b.app);
		return ret;
	}
	app_log(&b.app, "interrupts counted: lines naming '%s'\n",
		opt.irq_match);
	ret = run(&b) ? APP_FAILED : APP_OK;
	app_teardown(&b.app);
	free(b.rx);
	return ret;
}
