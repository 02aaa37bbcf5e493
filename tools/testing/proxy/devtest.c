// SPDX-License-Identifier: GPL-2.0
/*
 * proxy-devtest: guest-side checks of /dev/rpmsg_proxyN (ohost_rpmsg_proxy)
 * against an echo remote (the virtual remote's "echo" app, which sends
 * every message back to its first peer).
 *
 *   proxy-devtest basic DEV        open, ioctls, message boundaries,
 *                                  EMSGSIZE, poll, O_NONBLOCK, flood
 *   proxy-devtest gone DEV READY   hold DEV open, create READY, wait for
 *                                  the channel to go away, then check that
 *                                  every operation fails cleanly
 *
 * Prints "ok - ..." / "not ok - ..." lines (the guest test numbers them);
 * exits 1 when a check failed, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/ohost_rpmsg_proxy.h>

static int failures;

static bool check(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		failures++;
	return cond;
}

/* /sys/dev/char/MAJ:MIN/ATTR of the open device. */
static long dev_attr(int fd, const char *attr)
{
	char path[128], buf[32];
	struct stat st;
	long v = -1;
	FILE *f;

	if (fstat(fd, &st))
		return -1;
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/%s",
		 major(st.st_rdev), minor(st.st_rdev), attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	fclose(f);
	return v;
}

static int wait_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, ms);

	return n < 0 ? -errno : n ? p.revents : 0;
}

static void fill(unsigned char *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(seed * 31 + i * 7);
}

static void test_ioctls(int fd)
{
	struct ohost_rpmsg_proxy_addr a = { 0, 0 };
	__u32 mtu = 0;
	int r;

	r = ioctl(fd, OHOST_RPMSG_PROXY_GET_ADDR, &a);
	check(r == 0, "GET_ADDR ioctl (src 0x%x, dst 0x%x)", a.src, a.dst);
	check(a.src >= 1024 && a.src != 0xffffffff,
	      "local address allocated dynamically (0x%x >= 1024)", a.src);
	check(a.dst == 1024, "peer address is the remote's (0x%x)", a.dst);
	r = ioctl(fd, OHOST_RPMSG_PROXY_GET_MTU, &mtu);
	check(r == 0 && mtu == 496, "GET_MTU ioctl: %u", mtu);
	r = ioctl(fd, _IOR(OHOST_RPMSG_PROXY_IOC_MAGIC, 0x7f, __u32), &mtu);
	check(r < 0 && errno == ENOTTY, "unknown ioctl: ENOTTY");
	r = ioctl(fd, _IOR(OHOST_RPMSG_PROXY_IOC_MAGIC, 0x01, __u32), &mtu);
	check(r < 0 && errno == ENOTTY, "GET_ADDR with a wrong size: ENOTTY");
}

static void test_first_message(int fd)
{
	unsigned char buf[512];
	ssize_t n;
	int rev;

	rev = wait_in(fd, 5000);
	check(rev > 0 && (rev & POLLIN), "poll: POLLIN once the echo arrives");
	n = read(fd, buf, 4);
	check(n < 0 && errno == EMSGSIZE,
	      "read with a 4-byte buffer: EMSGSIZE (%zd, %s)", n,
	      strerror(errno));
	n = read(fd, buf, sizeof(buf));
	check(n == 9 && !memcmp(buf, "init_msg", 9),
	      "the message is still there: the 9-byte \"init_msg\" sent on open came back (%zd)",
	      n);
}

static void test_poll_nonblock(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	unsigned char buf[512];
	int fl = fcntl(fd, F_GETFL);
	ssize_t n;

	check(poll(&p, 1, 1000) == 1 && (p.revents & POLLOUT) &&
	      !(p.revents & POLLIN),
	      "poll: POLLOUT, no POLLIN on an empty queue (revents %#x)",
	      p.revents);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	n = read(fd, buf, sizeof(buf));
	check(n < 0 && errno == EAGAIN, "O_NONBLOCK read on an empty queue: EAGAIN");
	n = write(fd, "x", 1);
	check(n == 1, "O_NONBLOCK write: sent");
	check(wait_in(fd, 5000) & POLLIN, "echo arrives");
	n = read(fd, buf, sizeof(buf));
	check(n == 1 && buf[0] == 'x', "O_NONBLOCK read: the 1-byte echo");
	fcntl(fd, F_SETFL, fl);
}

static void test_boundaries(int fd)
{
	static const size_t sizes[] = { 1, 16, 100, 479, 496 };
	unsigned char out[512], in[600];
	size_t i;
	ssize_t n;
	bool all = true;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(out, sizes[i], i);
		n = write(fd, out, sizes[i]);
		all &= check(n == (ssize_t)sizes[i], "write %zu bytes: %zd",
			     sizes[i], n);
	}
	for (i = 0; all && i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(out, sizes[i], i);
		if (!(wait_in(fd, 5000) & POLLIN)) {
			check(false, "echo %zu arrives", i);
			return;
		}
		n = read(fd, in, sizeof(in));
		check(n == (ssize_t)sizes[i] && !memcmp(in, out, sizes[i]),
		      "read returns exactly message %zu (%zd of %zu bytes)", i,
		      n, sizes[i]);
	}
	memset(in, 0, sizeof(in));
	n = write(fd, in, 497);
	check(n < 0 && errno == EMSGSIZE, "write of 497 bytes (> MTU): EMSGSIZE");
	n = write(fd, in, 600);
	check(n < 0 && errno == EMSGSIZE, "write of 600 bytes: EMSGSIZE");
	n = write(fd, in, 0);
	check(n == 0, "write of 0 bytes: 0, nothing sent");
	check(wait_in(fd, 300) == 0, "nothing came back for those");
}

/* Send more than the queue holds without reading: the rest is dropped. */
static void test_flood(int fd, unsigned int count)
{
	unsigned char buf[512];
	long queued = -1, dropped0 = dev_attr(fd, "rx_dropped"), dropped = -1;
	unsigned int i, got = 0;
	int fl, tries;

	check(dropped0 >= 0, "rx_dropped attribute readable (%ld)", dropped0);
	for (i = 0; i < count; i++) {
		fill(buf, 64, i);
		if (write(fd, buf, 64) != 64)
			break;
	}
	check(i == count, "%u messages sent without reading", count);
	for (tries = 0; tries < 100; tries++) {
		queued = dev_attr(fd, "rx_queued");
		dropped = dev_attr(fd, "rx_dropped") - dropped0;
		if (queued + dropped >= count)
			break;
		usleep(100 * 1000);
	}
	check(queued == 64, "queue bounded at 64 (rx_queued %ld)", queued);
	check(dropped == count - 64, "%ld dropped and counted", dropped);
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, buf, sizeof(buf)) == 64)
		got++;
	fcntl(fd, F_SETFL, fl);
	check(got == 64, "the 64 queued messages read back (%u)", got);
}

static int basic(const char *dev)
{
	int fd, fd2;

	fd = open(dev, O_RDWR);
	if (!check(fd >= 0, "open %s (%s)", dev, fd < 0 ? strerror(errno) : "ok"))
		return 1;
	fd2 = open(dev, O_RDWR);
	check(fd2 < 0 && errno == EBUSY, "second open: EBUSY (exclusive)");
	if (fd2 >= 0)
		close(fd2);
	test_ioctls(fd);
	test_first_message(fd);
	test_poll_nonblock(fd);
	test_boundaries(fd);
	test_flood(fd, 100);
	close(fd);

	fd = open(dev, O_RDWR | O_NONBLOCK);
	check(fd >= 0, "open again after close");
	if (fd >= 0) {
		char buf[64];

		usleep(300 * 1000);
		check(read(fd, buf, sizeof(buf)) < 0 && errno == EAGAIN,
		      "no second init_msg on reopen (queue empty)");
		close(fd);
	}
	return failures ? 1 : 0;
}

/* Hold the device while the channel goes away. */
static int gone(const char *dev, const char *ready)
{
	struct pollfd p;
	char buf[512];
	pid_t reader;
	int fd, st, i, rfd;
	ssize_t n;
	__u32 mtu;

	fd = open(dev, O_RDWR);
	if (!check(fd >= 0, "open %s", dev))
		return 1;
	/* Drain the echo of the init message, if any. */
	if (wait_in(fd, 2000) & POLLIN)
		(void)read(fd, buf, sizeof(buf));

	reader = fork();
	if (reader == 0) {
		n = read(fd, buf, sizeof(buf));
		_exit(n < 0 && (errno == EPIPE || errno == ENODEV) ? 0 : 1);
	}
	rfd = open(ready, O_WRONLY | O_CREAT, 0644);
	if (rfd >= 0)
		close(rfd);

	for (i = 0; i < 300 && access(dev, F_OK) == 0; i++)
		usleep(100 * 1000);
	check(access(dev, F_OK) != 0, "%s removed with the channel", dev);

	n = read(fd, buf, sizeof(buf));
	check(n < 0 && errno == EPIPE, "read after the channel went: EPIPE");
	n = write(fd, "x", 1);
	check(n < 0 && errno == EPIPE, "write after the channel went: EPIPE");
	p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	check(poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)),
	      "poll: POLLERR|POLLHUP (%#x)", p.revents);
	check(ioctl(fd, OHOST_RPMSG_PROXY_GET_MTU, &mtu) < 0 && errno == EPIPE,
	      "ioctl: EPIPE");
	check(waitpid(reader, &st, 0) == reader && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "a reader blocked in read() woke with EPIPE");
	check(close(fd) == 0, "close after the channel went");
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: proxy-devtest basic DEV | gone DEV READYFILE\n");
			return 0;
		}
		return 2;
	}
	if (argc - optind == 2 && !strcmp(argv[optind], "basic"))
		return basic(argv[optind + 1]);
	if (argc - optind == 3 && !strcmp(argv[optind], "gone"))
		return gone(argv[optind + 1], argv[optind + 2]);
	fprintf(stderr, "Usage: proxy-devtest basic DEV | gone DEV READYFILE\n");
	return 2;
}
