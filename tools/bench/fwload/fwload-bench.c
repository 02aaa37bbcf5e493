// SPDX-License-Identifier: GPL-2.0
/*
 * fwload-bench: the time Linux takes to load a firmware image into a
 * remote processor, against the least any loader must do with the same
 * bytes: read the file once and copy it once (make bench, "Firmware load").
 *
 *   --read-copy FILE   read() FILE into a buffer, memcpy() it into a
 *                      second one; both buffers are touched before the
 *                      clock starts, so page faults are not counted: a
 *                      lower bound for request_firmware() plus the copy
 *                      into the remote's memory
 *   --boot RPROC       time `echo start > RPROC/state` (the write returns
 *                      when the boot finished) with --big and --small
 *                      alternately, --runs times each, stopping between;
 *                      the load costs median(big) - median(small): the
 *                      fixed costs of a boot cancel.  Also does
 *                      --read-copy of /lib/firmware/BIG
 *   --segment-sums FILE  per PT_LOAD segment of an ELF64 image: da, file
 *                      size and the FNV-1a 64 hash of its bytes, as
 *                      `vrprocd --checksum` logs them
 *
 * One JSON object per line for --read-copy and --boot; times in ms,
 * CLOCK_MONOTONIC, medians over --runs.
 *
 * Exit status: 0 done, 1 a boot, stop or channel failed, 2 usage,
 * 3 setup (a file or the remote processor not usable).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_FAILED	1
#define EXIT_USAGE	2
#define EXIT_SETUP	3
#define MAX_RUNS	101
#define FW_DIR		"/lib/firmware/"
#define RPMSG_DEVICES	"/sys/bus/rpmsg/devices"

struct options {
	const char *read_copy;
	const char *boot;
	const char *sums;
	const char *big;
	const char *small;
	const char *channel;
	const char *label;
	unsigned long runs;
	unsigned long wait_s;
};

/* Medians of one --read-copy measurement. */
struct read_copy {
	size_t bytes;
	double read_ms, copy_ms, total_ms;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options] --read-copy FILE\n"
		"       %s [options] --boot RPROC --big IMAGE --small IMAGE\n"
		"       %s --segment-sums FILE\n"
		"Time a remote processor's firmware load against reading the image\n"
		"plus one copy of it.\n\n"
		"  -R, --read-copy FILE     read FILE, copy it once (JSON line)\n"
		"  -B, --boot RPROC         boot RPROC (/sys/class/remoteproc/...)\n"
		"                           with --big and --small alternately\n"
		"  -g, --big IMAGE          the large image (in " FW_DIR ")\n"
		"  -s, --small IMAGE        the small image, same app\n"
		"  -c, --channel NAME       after each start, wait for the rpmsg\n"
		"                           channel NAME (default: do not wait)\n"
		"  -w, --wait SEC           wait for the channel at most SEC (5)\n"
		"  -n, --runs N             measurements of each kind (default 5,\n"
		"                           at most %d)\n"
		"  -l, --label TEXT         \"label\" of the JSON line\n"
		"  -S, --segment-sums FILE  da, size and FNV-1a 64 of each PT_LOAD\n"
		"  -h, --help               this help\n\n"
		"Exit status: 0 done, 1 a boot, stop or channel failed, 2 usage,\n"
		"3 setup failed.\n", prog, prog, prog, MAX_RUNS);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n); sorts v. */
static double median(double *v, unsigned long n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The whole file into buf, from its start; 0 or -1 (errno set). */
static int read_all(int fd, char *buf, size_t size)
{
	size_t done = 0;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (done < size) {
		n = read(fd, buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;	/* the file shrank */
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* One read + copy of an open file into prefaulted buffers. */
static int read_copy_once(int fd, char *src, char *dst, size_t size,
			  double *read_ms, double *copy_ms)
{
	double t0 = now_ms(), t1, t2;

	if (read_all(fd, src, size))
		return -1;
	t1 = now_ms();
	memcpy(dst, src, size);
	__asm__ volatile("" : : "r"(dst) : "memory");	/* keep the copy */
	t2 = now_ms();
	*read_ms = t1 - t0;
	*copy_ms = t2 - t1;
	return 0;
}

static int measure_read_copy(const char *path, unsigned long runs,
			     struct read_copy *rc)
{
	double rd[MAX_RUNS], cp[MAX_RUNS], tot[MAX_RUNS];
	char *src = NULL, *dst = NULL;
	struct stat st;
	unsigned long i;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "fwload-bench: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (!st.st_size) {
		fprintf(stderr, "fwload-bench: %s: empty\n", path);
		goto out;
	}
	rc->bytes = (size_t)st.st_size;
	src = malloc(rc->bytes);
	dst = malloc(rc->bytes);
	if (!src || !dst) {
		perror("fwload-bench: malloc");
		goto out;
	}
	/* page faults are not part of a load's cost: take them now */
	memset(src, 1, rc->bytes);
	memset(dst, 2, rc->bytes);
	for (i = 0; i < runs; i++) {
		if (read_copy_once(fd, src, dst, rc->bytes, &rd[i], &cp[i])) {
			fprintf(stderr, "fwload-bench: read %s: %s\n", path,
				strerror(errno));
			goto out;
		}
		tot[i] = rd[i] + cp[i];
	}
	if (memcmp(src, dst, rc->bytes)) {
		fprintf(stderr, "fwload-bench: the copy differs\n");
		goto out;
	}
	rc->read_ms = median(rd, runs);
	rc->copy_ms = median(cp, runs);
	rc->total_ms = median(tot, runs);
	ret = 0;
out:
	free(src);
	free(dst);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Write TEXT to RPROC/NAME; the time the write() took in *ms. */
static int sysfs_write(const char *rproc, const char *name, const char *text,
		       double *ms)
{
	char path[PATH_MAX];
	size_t len = strlen(text);
	double t0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", rproc, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "fwload-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	t0 = now_ms();
	n = write(fd, text, len);
	if (ms)
		*ms = now_ms() - t0;
	if (n != (ssize_t)len)
		fprintf(stderr, "fwload-bench: %s > %s: %s\n", text, path,
			n < 0 ? strerror(errno) : "short write");
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* An rpmsg device *.NAME.* exists. */
static int has_channel(const char *name)
{
	size_t len = strlen(name);
	struct dirent *e;
	const char *p;
	int found = 0;
	DIR *d;

	d = opendir(RPMSG_DEVICES);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		p = strchr(e->d_name, '.');
		found = p && !strncmp(p + 1, name, len) && p[1 + len] == '.';
	}
	closedir(d);
	return found;
}

static int wait_channel(const char *name, unsigned long wait_s)
{
	double end = now_ms() + wait_s * 1e3;

	while (!has_channel(name)) {
		if (now_ms() > end) {
			fprintf(stderr, "fwload-bench: no channel %s after %lu s\n",
				name, wait_s);
			return -1;
		}
		usleep(10000);
	}
	return 0;
}

/* Boot IMAGE once: the start's time in *ms; stopped again. */
static int boot_once(const struct options *o, const char *image, double *ms)
{
	if (sysfs_write(o->boot, "firmware", image, NULL) ||
	    sysfs_write(o->boot, "state", "start", ms))
		return -1;
	if (o->channel && wait_channel(o->channel, o->wait_s)) {
		sysfs_write(o->boot, "state", "stop", NULL);
		return -1;
	}
	return sysfs_write(o->boot, "state", "stop", NULL);
}

static int run_boots(const struct options *o)
{
	double big[MAX_RUNS], small[MAX_RUNS], big_ms, small_ms;
	char path[PATH_MAX];
	struct read_copy rc;
	unsigned long i;
	int big_first;

	snprintf(path, sizeof(path), FW_DIR "%s", o->big);
	if (measure_read_copy(path, o->runs, &rc))
		return EXIT_SETUP;
	for (i = 0; i < o->runs; i++) {
		/* alternate the order, so that a drift hits both alike */
		big_first = !(i % 2);
		if (boot_once(o, big_first ? o->big : o->small,
			      big_first ? &big[i] : &small[i]) ||
		    boot_once(o, big_first ? o->small : o->big,
			      big_first ? &small[i] : &big[i]))
			return EXIT_FAILED;
	}
	big_ms = median(big, o->runs);
	small_ms = median(small, o->runs);
	printf("{\"label\":\"%s\",\"test\":\"fwload\",\"size\":%zu,"
	       "\"big\":\"%s\",\"small\":\"%s\",\"runs\":%lu,"
	       "\"big_boot_ms\":%.3f,\"small_boot_ms\":%.3f,"
	       "\"big_min_ms\":%.3f,\"big_max_ms\":%.3f,"
	       "\"load_ms\":%.3f,\"read_ms\":%.3f,\"copy_ms\":%.3f,"
	       "\"read_copy_ms\":%.3f,\"ratio\":%.3f}\n",
	       o->label, rc.bytes, o->big, o->small, o->runs, big_ms, small_ms,
	       big[0], big[o->runs - 1], big_ms - small_ms, rc.read_ms,
	       rc.copy_ms, rc.total_ms, (big_ms - small_ms) / rc.total_ms);
	return 0;
}

static uint64_t fnv1a64(const unsigned char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t le(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* ELF64 little endian: each PT_LOAD's da, filesz and hash. */
static int print_sums(const unsigned char *f, size_t size)
{
	uint64_t phoff, off, len;
	unsigned int i, phnum, phent;
	const unsigned char *ph;

	if (size < 64 || memcmp(f, "\177ELF\2\1", 6))
		return -1;
	phoff = le(f + 0x20, 8);
	phent = (unsigned int)le(f + 0x36, 2);
	phnum = (unsigned int)le(f + 0x38, 2);
	if (phent < 56 || phoff > size || (uint64_t)phnum * phent > size - phoff)
		return -1;
	for (i = 0; i < phnum; i++) {
		ph = f + phoff + (uint64_t)i * phent;
		if (le(ph, 4) != 1)		/* PT_LOAD */
			continue;
		off = le(ph + 8, 8);
		len = le(ph + 32, 8);
		if (off > size || len > size - off)
			return -1;
		printf("%#llx %#llx %#018llx\n",
		       (unsigned long long)le(ph + 24, 8),
		       (unsigned long long)len,
		       (unsigned long long)fnv1a64(f + off, len));
	}
	return 0;
}

static int segment_sums(const char *path)
{
	unsigned char *f;
	struct stat st;
	size_t size;
	int fd, ret = EXIT_SETUP;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "fwload-bench: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_SETUP;
	}
	size = (size_t)st.st_size;
	f = malloc(size ? size : 1);
	if (f && !read_all(fd, (char *)f, size)) {
		ret = print_sums(f, size) ? EXIT_FAILED : 0;
		if (ret)
			fprintf(stderr, "fwload-bench: %s: not a usable ELF64 LE image\n",
				path);
	} else {
		fprintf(stderr, "fwload-bench: %s: %s\n", path, strerror(errno));
	}
	free(f);
	close(fd);
	return ret;
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

/* The options, checked: 0 or -1 (usage printed). */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "read-copy", required_argument, NULL, 'R' },
		{ "boot", required_argument, NULL, 'B' },
		{ "segment-sums", required_argument, NULL, 'S' },
		{ "big", required_argument, NULL, 'g' },
		{ "small", required_argument, NULL, 's' },
		{ "channel", required_argument, NULL, 'c' },
		{ "wait", required_argument, NULL, 'w' },
		{ "runs", required_argument, NULL, 'n' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "R:B:S:g:s:c:w:n:l:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'R': o->read_copy = optarg; break;
		case 'B': o->boot = optarg; break;
		case 'S': o->sums = optarg; break;
		case 'g': o->big = optarg; break;
		case 's': o->small = optarg; break;
		case 'c': o->channel = optarg; break;
		case 'l': o->label = optarg; break;
		case 'w':
			if (parse_ulong(optarg, &o->wait_s) || !o->wait_s)
				goto bad;
			break;
		case 'n':
			if (parse_ulong(optarg, &o->runs) || !o->runs ||
			    o->runs > MAX_RUNS)
				goto bad;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind != argc || !!o->read_copy + !!o->boot + !!o->sums != 1 ||
	    !o->boot != (!o->big && !o->small) || (o->boot && (!o->big || !o->small)) ||
	    strpbrk(o->label, "\"\\")) {
		fprintf(stderr, "%s: one of --read-copy, --boot (with --big and --small) or --segment-sums; a label without '\"' or '\\'\n",
			argv[0]);
		usage(stderr, argv[0]);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "%s: bad value for --%s: %s\n", argv[0],
		c == 'n' ? "runs" : "wait", optarg);
	usage(stderr, argv[0]);
	return -1;
}

int main(int argc, char **argv)
{
	struct options o = { .runs = 5, .wait_s = 5, .label = "" };
	struct read_copy rc;

	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	if (o.sums)
		return segment_sums(o.sums);
	if (o.boot)
		return run_boots(&o);
	if (measure_read_copy(o.read_copy, o.runs, &rc))
		return EXIT_SETUP;
	printf("{\"label\":\"%s\",\"test\":\"read_copy\",\"size\":%zu,"
	       "\"runs\":%lu,\"read_ms\":%.3f,\"copy_ms\":%.3f,"
	       "\"read_copy_ms\":%.3f}\n", o.label, rc.bytes, o.runs,
	       rc.read_ms, rc.copy_ms, rc.total_ms);
	return 0;
}
