// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-misuse: what userspace can do wrong with /dev/rpmsg_ctrlN and
 * /dev/rpmsgN, checked against the documented semantics of
 * ohost_rpmsg_char (errnos exactly).  Needs an echo remote on the OpenAMP
 * demo channel.  Prints KTAP; exit 0 when every check passed, 1 otherwise,
 * 3 when there is no channel to test with.
 */
#include <ctype.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/ohost_rpmsg.h>

#include "../lib/rpmsg_app.h"

#define MTU		496
#define TIMEOUT_MS	5000

/* Linux 6.5+ uapi; the cross toolchain's headers may be older. */
#ifndef RPMSG_GET_OUTGOING_FLOWCONTROL
#define RPMSG_GET_OUTGOING_FLOWCONTROL	_IOR(0xb5, 0x5, int)
#define RPMSG_SET_INCOMING_FLOWCONTROL	_IOR(0xb5, 0x6, int)
#endif

static int ntests, nfailed;


static void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	ntests++;
	if (!ok)
		nfailed++;
	printf("%s %d ", ok ? "ok" : "not ok", ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ok when the call (already made) returned 0 */
static void call_ok(int ret, const char *desc)
{
	int err = errno;

	if (ret)
		result(false, "%s (%s)", desc, strerror(err));
	else
		result(true, "%s", desc);
}

/* ok when the call failed with exactly @err */
#define CHECK_ERRNO(call, err, desc) do {				\
	long _r = (long)(call);						\
	int _e = errno;							\
	result(_r == -1 && _e == (err), "%s (got %ld, %s)", desc, _r,	\
	       _r == -1 ? strerror(_e) : "no error");			\
} while (0)

static void test_sizes(struct rpmsg_app *app)
{
	static char buf[65536];
	ssize_t n;

	memset(buf, 0x5a, sizeof(buf));
	CHECK_ERRNO(write(app->fd, buf, MTU + 1), EMSGSIZE,
		    "write of MTU + 1 bytes fails with EMSGSIZE");
	CHECK_ERRNO(write(app->fd, buf, sizeof(buf)), EMSGSIZE,
		    "write of 64 KiB fails with EMSGSIZE");

	n = write(app->fd, buf, MTU);
	result(n == MTU, "write of MTU (%d) bytes (got %zd)", MTU, n);
	n = app_recv(app, buf, sizeof(buf), TIMEOUT_MS);
	result(n == MTU, "echo of MTU bytes comes back whole (got %zd)", n);
}

static void test_short_read(struct rpmsg_app *app)
{
	char out[100], in[100];
	ssize_t n;
	int flags;

	memset(out, 0x3c, sizeof(out));
	n = write(app->fd, out, sizeof(out));
	result(n == sizeof(out), "write 100 bytes (got %zd)", n);

	memset(in, 0, sizeof(in));
	n = app_recv(app, in, 10, TIMEOUT_MS);
	result(n == 10 && !memcmp(in, out, 10),
	       "read with a 10-byte buffer returns the first 10 bytes (got %zd)",
	       n);

	flags = fcntl(app->fd, F_GETFL);
	fcntl(app->fd, F_SETFL, flags | O_NONBLOCK);
	CHECK_ERRNO(read(app->fd, in, sizeof(in)), EAGAIN,
		    "the rest of a truncated message is dropped (EAGAIN)");
	CHECK_ERRNO(read(app->fd, in, sizeof(in)), EAGAIN,
		    "O_NONBLOCK read with nothing queued fails with EAGAIN");
	fcntl(app->fd, F_SETFL, flags);
}

static void test_poll(struct rpmsg_app *app)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN | POLLOUT };
	char buf[32] = "poll";
	int n;

	n = poll(&pfd, 1, TIMEOUT_MS);
	result(n == 1 && (pfd.revents & POLLOUT) && !(pfd.revents & POLLIN),
	       "poll: POLLOUT with free TX buffers, no POLLIN (revents 0x%x)",
	       pfd.revents);

	if (write(app->fd, buf, sizeof(buf)) != sizeof(buf))
		perror("write");
	pfd.events = POLLIN;
	n = poll(&pfd, 1, TIMEOUT_MS);
	result(n == 1 && (pfd.revents & POLLIN),
	       "poll: POLLIN once the echo is queued (revents 0x%x)",
	       pfd.revents);
	if (read(app->fd, buf, sizeof(buf)) < 0)
		perror("read");
}

/*
 * RWF_NOWAIT (what io_uring asks first): the device takes it (FMODE_NOWAIT)
 * and never blocks on it.  Without FMODE_NOWAIT it would be EOPNOTSUPP, and
 * io_uring would park every read in a worker thread.
 */
static void test_nowait(struct rpmsg_app *app)
{
	char out[48] = "nowait", in[64];
	struct iovec iov = { .iov_base = in, .iov_len = sizeof(in) };
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN };
	ssize_t n;

	CHECK_ERRNO(preadv2(app->fd, &iov, 1, -1, RWF_NOWAIT), EAGAIN,
		    "RWF_NOWAIT read with nothing queued fails with EAGAIN");

	iov.iov_base = out;
	iov.iov_len = sizeof(out);
	n = pwritev2(app->fd, &iov, 1, -1, RWF_NOWAIT);
	result(n == sizeof(out), "RWF_NOWAIT write sends (got %zd, %s)", n,
	       n < 0 ? strerror(errno) : "ok");

	iov.iov_base = in;
	iov.iov_len = sizeof(in);
	n = poll(&pfd, 1, TIMEOUT_MS) == 1 ?
		preadv2(app->fd, &iov, 1, -1, RWF_NOWAIT) : -1;
	result(n == sizeof(out) && !memcmp(in, out, sizeof(out)),
	       "RWF_NOWAIT read returns the queued echo (got %zd)", n);
}

/* Receives @n echoes with OHOST_RPMSG_RECV_MMSG, however they are batched. */
static int recv_mmsgs(int fd, struct ohost_rpmsg_mmsg *m, unsigned int n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned int got = 0;
	int r;

	while (got < n) {
		struct ohost_rpmsg_mmsgs b = {
			.msgs = (uintptr_t)(m + got), .count = n - got,
			.flags = OHOST_RPMSG_MMSG_DONTWAIT,
		};

		if (poll(&pfd, 1, TIMEOUT_MS) != 1)
			return got;
		r = ioctl(fd, OHOST_RPMSG_RECV_MMSG, &b);
		if (r <= 0)
			return got;
		got += r;
	}
	return got;
}

/* The opt-in batch ioctls of <linux/ohost_rpmsg.h>. */
static void test_mmsg(struct rpmsg_app *app)
{
	static char big[MTU + 1];
	char in[3][16], small[10];
	struct ohost_rpmsg_mmsg out[3] = {
		{ (uintptr_t)"a", 1, 0 }, { (uintptr_t)"bb", 2, 0 },
		{ (uintptr_t)"ccc", 3, 0 },
	};
	struct ohost_rpmsg_mmsg rx[3], one;
	struct ohost_rpmsg_mmsgs b = { (uintptr_t)out, 3, 0 };
	__u32 mtu = 0;
	int i, r;

	r = ioctl(app->fd, OHOST_RPMSG_GET_MTU, &mtu);
	result(r == 0 && mtu == MTU, "OHOST_RPMSG_GET_MTU: %u (%d)", mtu, r);

	b.count = 0;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b), EINVAL,
		    "SEND_MMSG of 0 messages fails with EINVAL");
	b.count = OHOST_RPMSG_MMSG_MAX + 1;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_RECV_MMSG, &b), EINVAL,
		    "RECV_MMSG of MMSG_MAX + 1 messages fails with EINVAL");
	b.count = 3;
	b.flags = 2;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b), EINVAL,
		    "SEND_MMSG with an unknown flag fails with EINVAL");
	b.flags = 0;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, NULL), EFAULT,
		    "SEND_MMSG without a batch fails with EFAULT");
	b.msgs = 8;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b), EFAULT,
		    "SEND_MMSG of an unmapped array fails with EFAULT");
	b.msgs = (uintptr_t)out;

	r = ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b);
	result(r == 3, "SEND_MMSG sends 3 messages in one call (%d)", r);
	for (i = 0; i < 3; i++)
		rx[i] = (struct ohost_rpmsg_mmsg){ (uintptr_t)in[i],
						   sizeof(in[i]), 0 };
	r = recv_mmsgs(app->fd, rx, 3);
	result(r == 3 && rx[0].msg_len == 1 && rx[1].msg_len == 2 &&
	       rx[2].msg_len == 3 && !memcmp(in[0], "a", 1) &&
	       !memcmp(in[1], "bb", 2) && !memcmp(in[2], "ccc", 3),
	       "RECV_MMSG: the 3 echoes in order, lengths set (%d)", r);

	b.count = 1;
	b.flags = OHOST_RPMSG_MMSG_DONTWAIT;
	b.msgs = (uintptr_t)rx;
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_RECV_MMSG, &b), EAGAIN,
		    "RECV_MMSG with DONTWAIT and nothing queued fails with EAGAIN");

	out[1] = (struct ohost_rpmsg_mmsg){ (uintptr_t)big, sizeof(big), 0 };
	b = (struct ohost_rpmsg_mmsgs){ (uintptr_t)out, 3, 0 };
	r = ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b);
	result(r == 1, "SEND_MMSG stops before a message over the MTU (%d)", r);
	b.msgs = (uintptr_t)&out[1];
	CHECK_ERRNO(ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b), EMSGSIZE,
		    "SEND_MMSG of a first message over the MTU: EMSGSIZE");
	one = (struct ohost_rpmsg_mmsg){ (uintptr_t)small, sizeof(small), 0 };
	r = recv_mmsgs(app->fd, &one, 1);
	result(r == 1 && one.msg_len == 1 && small[0] == 'a',
	       "only the message before it was sent (%d, %u)", r, one.msg_len);

	memset(big, 0x42, 100);
	out[0] = (struct ohost_rpmsg_mmsg){ (uintptr_t)big, 100, 0 };
	b = (struct ohost_rpmsg_mmsgs){ (uintptr_t)out, 1, 0 };
	if (ioctl(app->fd, OHOST_RPMSG_SEND_MMSG, &b) != 1)
		perror("SEND_MMSG");
	memset(small, 0, sizeof(small));
	one = (struct ohost_rpmsg_mmsg){ (uintptr_t)small, sizeof(small), 0 };
	r = recv_mmsgs(app->fd, &one, 1);
	result(r == 1 && one.msg_len == 100 && small[9] == 0x42,
	       "RECV_MMSG cuts a long message to the room, msg_len says 100 (%u)",
	       one.msg_len);
}

static void test_two_openers(struct rpmsg_app *app)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/dev/%s", app->eptdev);
	CHECK_ERRNO(open(path, O_RDWR), EBUSY,
		    "second open of an endpoint device fails with EBUSY");
}

struct reader {
	int fd;
	ssize_t ret;
	int err;
};

static void *blocked_read(void *arg)
{
	struct reader *r = arg;
	char buf[64];

	r->ret = read(r->fd, buf, sizeof(buf));
	r->err = errno;
	return NULL;
}

/* Send @len bytes and wait until the echo is queued (not read). */
static bool echo_queued(struct rpmsg_app *app, const char *msg)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN };

	if (write(app->fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
		return false;
	return poll(&pfd, 1, TIMEOUT_MS) == 1 && (pfd.revents & POLLIN);
}

/*
 * Another process closing its copy of the file changes nothing for the
 * others (upstream has no flush).  Child A closes its inherited
 * descriptor and exits; then child B, a new process (whose files_struct
 * may well take A's freed memory), reads a queued message, and so does the
 * parent with a read that blocks until the message comes.
 */
static void test_fork_close(struct rpmsg_app *app)
{
	struct reader r = { .fd = app->fd };
	struct timespec ts;
	int i, status, bad = 0, rounds = 8;
	char buf[64];
	pthread_t t;
	pid_t pid;

	for (i = 0; i < rounds; i++) {
		pid = fork();
		if (pid == 0) {
			close(app->fd);
			_exit(0);
		}
		waitpid(pid, &status, 0);
		if (!echo_queued(app, "fork")) {
			result(false, "echo queued for child B (round %d)", i);
			return;
		}
		pid = fork();
		if (pid == 0) {
			ssize_t n = read(app->fd, buf, sizeof(buf));

			if (n < 0)
				printf("# round %d: child read: %s\n", i,
				       strerror(errno));
			_exit(n == 4 ? 0 : 1);
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	result(!bad, "a child closing its copy does not break reads by other processes (%d of %d rounds failed)",
	       bad, rounds);

	pid = fork();
	if (pid == 0) {
		close(app->fd);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (pthread_create(&t, NULL, blocked_read, &r)) {
		result(false, "start a reader thread");
		return;
	}
	usleep(200000);
	if (write(app->fd, "next", 4) != 4)
		perror("write");
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 3;
	if (pthread_timedjoin_np(t, NULL, &ts)) {
		result(false, "parent's blocked read gets the next message (still blocked)");
		pthread_cancel(t);
		pthread_join(t, NULL);
		return;
	}
	result(r.ret == 4, "parent's blocked read gets the next message after a child closed its copy (got %zd, %s)",
	       r.ret, r.ret < 0 ? strerror(r.err) : "data");
}

/* Flow control exists in the uapi, and so in our driver, from Linux 6.5. */
static bool kernel_has_flow_control(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 5);
}

static void test_flow_control(struct rpmsg_app *app)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN | POLLPRI };
	int v = -1;

	if (!kernel_has_flow_control()) {
		CHECK_ERRNO(ioctl(app->fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &v),
			    EINVAL,
			    "no flow control before 6.5: RPMSG_GET_OUTGOING_FLOWCONTROL fails with EINVAL");
		return;
	}
	call_ok(ioctl(app->fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &v),
		"RPMSG_GET_OUTGOING_FLOWCONTROL");
	result(v == 0, "remote flow not restricted (got %d)", v);
	CHECK_ERRNO(ioctl(app->fd, RPMSG_SET_INCOMING_FLOWCONTROL, 2UL), EINVAL,
		    "RPMSG_SET_INCOMING_FLOWCONTROL 2 fails with EINVAL");
	CHECK_ERRNO(ioctl(app->fd, RPMSG_SET_INCOMING_FLOWCONTROL, 1UL),
		    EOPNOTSUPP,
		    "RPMSG_SET_INCOMING_FLOWCONTROL 1: EOPNOTSUPP (no set_flow_control in the transport, as rpmsg_core says)");
	result(poll(&pfd, 1, 0) == 0,
	       "no POLLPRI without a flow-control change (revents 0x%x)",
	       pfd.revents);
}

static void test_ioctls(struct rpmsg_app *app)
{
	struct rpmsg_endpoint_info ctrl = { .name = "rpmsg_ctrl" };
	struct rpmsg_endpoint_info dev = {
		.name = "ohost-misuse-dev", .src = 0x500, .dst = RPMSG_ADDR_ANY,
	};
	char path[PATH_MAX];

	CHECK_ERRNO(ioctl(app->fd, _IO(0xb5, 0x7f)), EINVAL,
		    "unknown ioctl on an endpoint device fails with EINVAL (as upstream)");
	CHECK_ERRNO(ioctl(app->fd, _IO('T', 0x01)), EINVAL,
		    "foreign ioctl on an endpoint device fails with EINVAL (as upstream)");
	CHECK_ERRNO(ioctl(app->ctrlfd, _IO(0xb5, 0x7f)), EINVAL,
		    "unknown ioctl on the control device fails with EINVAL (as upstream)");
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &ctrl), EPERM,
		    "RPMSG_RELEASE_DEV of rpmsg_ctrl itself fails with EPERM");
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, NULL), EFAULT,
		    "RPMSG_CREATE_EPT with a NULL argument fails with EFAULT");

	call_ok(ioctl(app->ctrlfd, RPMSG_CREATE_DEV_IOCTL, &dev),
		"RPMSG_CREATE_DEV of a local channel");
	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s.%s.%d.%d",
		 app->vdev, dev.name, (int)dev.src, (int)dev.dst);
	result(!access(path, F_OK), "%s exists", path);
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_CREATE_DEV_IOCTL, &dev), ENXIO,
		    "RPMSG_CREATE_DEV of the same channel again fails with ENXIO");
	call_ok(ioctl(app->ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &dev),
		"RPMSG_RELEASE_DEV of the local channel");
	result(access(path, F_OK), "%s is gone", path);
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &dev), EINVAL,
		    "RPMSG_RELEASE_DEV of a channel that is gone fails with EINVAL");
}

#define MAX_EPTS_PARAM "/sys/module/ohost_rpmsg_char/parameters/max_endpoints"
#define LIMIT_EPT_NAME "ohost-misuse-limit"

/*
 * The endpoint devices of the control device (its children in sysfs);
 * the name of one called LIMIT_EPT_NAME into @found, if any.
 */
static int count_eptdevs(const struct rpmsg_app *app, char *found,
			 size_t size)
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/sys/class/rpmsg/%s", app->ctrl);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "rpmsg", 5) ||
		    !isdigit((unsigned char)d->d_name[5]))
			continue;
		n++;
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/%s/name",
			 app->ctrl, d->d_name);
		if (found && !app_read_file(path, name, sizeof(name)) &&
		    !strcmp(name, LIMIT_EPT_NAME))
			snprintf(found, size, "%s", d->d_name);
	}
	closedir(dir);
	return n;
}

/* RPMSG_DESTROY_EPT of the LIMIT_EPT_NAME device: 0 or -1 */
static int destroy_limit_ept(const struct rpmsg_app *app)
{
	char dev[NAME_MAX + 1] = "", path[PATH_MAX];
	int fd, ret;

	if (count_eptdevs(app, dev, sizeof(dev)) < 0 || !dev[0])
		return -1;
	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, RPMSG_DESTROY_EPT_IOCTL);
	close(fd);
	return ret;
}

/*
 * ohost_rpmsg_char.max_endpoints bounds the living RPMSG_CREATE_EPT
 * devices of a control device: one more fails with ENOSPC, and a
 * destroyed one frees its place.
 */
static void test_ept_limit(struct rpmsg_app *app)
{
	struct rpmsg_endpoint_info ept = {
		.name = LIMIT_EPT_NAME, .src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	char old[32], limit[32];
	int n;

	if (access("/sys/module/ohost_rpmsg_char", F_OK)) {
		printf("ok %d # SKIP not ohost_rpmsg_char\n", ++ntests);
		return;
	}
	n = count_eptdevs(app, NULL, 0);
	if (app_read_file(MAX_EPTS_PARAM, old, sizeof(old)) || n < 0) {
		result(false, "%s readable, %s listed (%s)", MAX_EPTS_PARAM,
		       app->ctrl, strerror(errno));
		return;
	}
	result(!strcmp(old, "64"), "max_endpoints defaults to 64 (got %s)", old);

	app_write_file(MAX_EPTS_PARAM, "0");
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept), ENOSPC,
		    "RPMSG_CREATE_EPT with max_endpoints=0 fails with ENOSPC");

	snprintf(limit, sizeof(limit), "%d", n + 1);
	app_write_file(MAX_EPTS_PARAM, limit);
	call_ok(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept),
		"RPMSG_CREATE_EPT up to max_endpoints (living devices + 1)");
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept), ENOSPC,
		    "RPMSG_CREATE_EPT beyond max_endpoints fails with ENOSPC");
	call_ok(destroy_limit_ept(app), "RPMSG_DESTROY_EPT of that device");
	call_ok(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept),
		"RPMSG_CREATE_EPT again: a destroyed device frees its place");
	call_ok(destroy_limit_ept(app), "RPMSG_DESTROY_EPT of it");
	app_write_file(MAX_EPTS_PARAM, old);
}

#define MAX_USER_EPTS_PARAM \
	"/sys/module/ohost_rpmsg_char/parameters/max_user_endpoints"
#define OTHER_UID 4242
#define CHILD_BAD_ERRNO 0xfe
#define CHILD_NO_SETUID 0xff

/*
 * As OTHER_UID, RPMSG_CREATE_EPT through the control device until it
 * fails, at most @tries times (the file stays open across setresuid(), as
 * a file passed to a less privileged process would).  Exit status: how
 * many succeeded; CHILD_BAD_ERRNO if one failed with another error than
 * ENOSPC.
 */
static int other_user_creates(struct rpmsg_app *app, int tries)
{
	struct rpmsg_endpoint_info ept = {
		.name = LIMIT_EPT_NAME, .src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	int status, n = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (setresgid(OTHER_UID, OTHER_UID, OTHER_UID) ||
		    setresuid(OTHER_UID, OTHER_UID, OTHER_UID))
			_exit(CHILD_NO_SETUID);
		while (n < tries &&
		       !ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept))
			n++;
		_exit(n < tries && errno != ENOSPC ? CHILD_BAD_ERRNO : n);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * ohost_rpmsg_char.max_user_endpoints bounds each user's share of a
 * control device's endpoint devices: one user's devices do not count
 * against another's.  Every living device is root's when this runs.
 */
static void test_user_ept_limit(struct rpmsg_app *app)
{
	struct rpmsg_endpoint_info ept = {
		.name = LIMIT_EPT_NAME, .src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	char old[32], limit[32];
	int n, other, destroyed = 0;

	if (access("/sys/module/ohost_rpmsg_char", F_OK)) {
		printf("ok %d # SKIP not ohost_rpmsg_char\n", ++ntests);
		return;
	}
	n = count_eptdevs(app, NULL, 0);
	if (app_read_file(MAX_USER_EPTS_PARAM, old, sizeof(old)) || n < 0) {
		result(false, "%s readable, %s listed (%s)",
		       MAX_USER_EPTS_PARAM, app->ctrl, strerror(errno));
		return;
	}
	result(!strcmp(old, "0"), "max_user_endpoints defaults to 0 (got %s)",
	       old);
	snprintf(limit, sizeof(limit), "%d", n + 1);
	app_write_file(MAX_USER_EPTS_PARAM, limit);
	call_ok(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept),
		"RPMSG_CREATE_EPT up to max_user_endpoints (root's devices + 1)");
	CHECK_ERRNO(ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &ept), ENOSPC,
		    "RPMSG_CREATE_EPT beyond max_user_endpoints fails with ENOSPC");
	other = other_user_creates(app, n + 2);
	result(other == n + 1,
	       "another user creates max_user_endpoints=%d devices, then ENOSPC (child status %d)",
	       n + 1, other);
	app_write_file(MAX_USER_EPTS_PARAM, old);
	while (!destroy_limit_ept(app))
		destroyed++;
	result(destroyed == n + 2, "RPMSG_DESTROY_EPT of both users' devices (%d)",
	       destroyed);
}

static bool chan_bound(const struct rpmsg_app *app,
			const struct rpmsg_endpoint_info *ch)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s.%s.%d.%d/driver",
		 app->vdev, ch->name, (int)ch->src, (int)ch->dst);
	return !access(path, F_OK);
}

/* bind_chrdev: driver_override + bind, as openamp-system-reference does */
static int bind_chrdev(const struct rpmsg_app *app,
		       const struct rpmsg_endpoint_info *ch)
{
	char path[PATH_MAX], name[PATH_MAX / 2];

	snprintf(name, sizeof(name), "%s.%s.%d.%d", app->vdev, ch->name,
		 (int)ch->src, (int)ch->dst);
	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s/driver_override",
		 name);
	if (app_write_file(path, RPMSG_CHRDEV_DRIVER))
		return -1;
	return app_write_file(RPMSG_BUS "/drivers/" RPMSG_CHRDEV_DRIVER "/bind",
			      name);
}

/*
 * rpmsg_chrdev's id table is "rpmsg-raw" only (Linux 6.1): a channel named
 * "rpmsg_chrdev" stays unbound until driver_override + bind, which then
 * works (with the name in the table it would fail with EBUSY).
 */
static void test_id_table(struct rpmsg_app *app)
{
	struct rpmsg_endpoint_info raw = {
		.name = "rpmsg-raw", .src = 0x502, .dst = RPMSG_ADDR_ANY,
	};
	struct rpmsg_endpoint_info ti = {
		.name = "rpmsg_chrdev", .src = 0x503, .dst = RPMSG_ADDR_ANY,
	};

	if (ioctl(app->ctrlfd, RPMSG_CREATE_DEV_IOCTL, &raw) ||
	    ioctl(app->ctrlfd, RPMSG_CREATE_DEV_IOCTL, &ti)) {
		result(false, "RPMSG_CREATE_DEV of rpmsg-raw and rpmsg_chrdev (%s)",
		       strerror(errno));
		return;
	}
	usleep(100000);
	result(chan_bound(app, &raw), "a channel named rpmsg-raw binds rpmsg_chrdev by itself");
	result(!chan_bound(app, &ti), "a channel named rpmsg_chrdev stays unbound (id table: rpmsg-raw only)");
	call_ok(bind_chrdev(app, &ti),
		"driver_override + bind of the rpmsg_chrdev channel");
	ioctl(app->ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &raw);
	ioctl(app->ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &ti);
}

static void test_destroyed(struct rpmsg_app *app)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN | POLLOUT };
	char buf[16] = "gone";
	ssize_t n;

	result(echo_queued(app, "last"), "a message queued before the end");
	call_ok(ioctl(app->fd, RPMSG_DESTROY_EPT_IOCTL), "RPMSG_DESTROY_EPT");
	result(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN) &&
	       (pfd.revents & POLLHUP) && !(pfd.revents & POLLERR),
	       "poll after RPMSG_DESTROY_EPT with a message left: POLLIN|POLLHUP (revents 0x%x)",
	       pfd.revents);
	n = read(app->fd, buf, sizeof(buf));
	result(n == 4 && !memcmp(buf, "last", 4),
	       "read after RPMSG_DESTROY_EPT first returns what was queued (got %zd%s%s)",
	       n, n < 0 ? ", " : "", n < 0 ? strerror(errno) : "");
	CHECK_ERRNO(write(app->fd, buf, sizeof(buf)), EPIPE,
		    "write after RPMSG_DESTROY_EPT fails with EPIPE");
	CHECK_ERRNO(read(app->fd, buf, sizeof(buf)), EPIPE,
		    "read after RPMSG_DESTROY_EPT fails with EPIPE");
	result(poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP)),
	       "poll after RPMSG_DESTROY_EPT: POLLERR|POLLHUP (revents 0x%x)",
	       pfd.revents);
	call_ok(ioctl(app->fd, RPMSG_DESTROY_EPT_IOCTL),
		"RPMSG_DESTROY_EPT again is harmless");
}

#define TIMEOUT_PARAM "/sys/module/ohost_virtio_rpmsg/parameters/send_timeout_ms"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
	(void)sig;
}

struct writer {
	int fd;
	ssize_t ret;
	int err;
};

static void *blocked_write(void *arg)
{
	struct writer *w = arg;
	char buf[16] = "blocked";

	w->ret = write(w->fd, buf, sizeof(buf));
	w->err = errno;
	return NULL;
}

/*
 * With TX full and a writer waiting for a buffer (send_timeout_ms=3000),
 * poll() from another thread answers at once: it must not wait for the
 * writer.
 */
static void test_poll_vs_writer(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
	struct writer w = { .fd = fd };
	char tmo[32] = "";
	pthread_t t;
	double t0, dt;
	int n;

	if (app_read_file(TIMEOUT_PARAM, tmo, sizeof(tmo)) ||
	    app_write_file(TIMEOUT_PARAM, "3000")) {
		result(false, "set send_timeout_ms=3000");
		return;
	}
	if (pthread_create(&t, NULL, blocked_write, &w)) {
		result(false, "start a writer thread");
		app_write_file(TIMEOUT_PARAM, tmo);
		return;
	}
	usleep(300000);
	t0 = now();
	n = poll(&pfd, 1, 0);
	dt = now() - t0;
	/* POLLIN may be set: the remote echoed a few messages before it died */
	result(n >= 0 && !(pfd.revents & POLLOUT) && dt < 0.2,
	       "poll() with a writer blocked on a full TX ring returns at once, no POLLOUT (%.3f s, %d, revents 0x%x)",
	       dt, n, pfd.revents);
	pthread_join(t, NULL);
	result(w.ret == -1 && w.err == ETIMEDOUT,
	       "the blocked writer then times out (%zd, %s)", w.ret,
	       w.ret < 0 ? strerror(w.err) : "sent");
	app_write_file(TIMEOUT_PARAM, tmo);
}

/*
 * Back-pressure against a remote that stopped consuming: fill every TX
 * buffer, then O_NONBLOCK gives EAGAIN, poll has no POLLOUT, a blocking
 * write times out after send_timeout_ms with ETIMEDOUT, and with no timeout
 * a signal interrupts it (EINTR).
 */
static void test_backpressure(struct rpmsg_app *app)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLOUT };
	struct sigaction sa = { .sa_handler = on_alarm };
	char buf[64] = "fill", tmo[32] = "";
	unsigned long ms;
	int i, flags, n;
	double t;
	ssize_t r;

	flags = fcntl(app->fd, F_GETFL);
	fcntl(app->fd, F_SETFL, flags | O_NONBLOCK);
	for (i = 0; i < 100000; i++)
		if (write(app->fd, buf, sizeof(buf)) < 0)
			break;
	result(i < 100000 && errno == EAGAIN,
	       "O_NONBLOCK writes stop with EAGAIN once TX is full (%d sent, %s)",
	       i, strerror(errno));
	fcntl(app->fd, F_SETFL, flags);

	t = now();
	CHECK_ERRNO(pwritev2(app->fd, &(struct iovec){ buf, sizeof(buf) }, 1,
			     -1, RWF_NOWAIT), EAGAIN,
		    "RWF_NOWAIT write fails with EAGAIN while TX is full");
	t = now() - t;
	result(t < 1, "RWF_NOWAIT write returns at once (%.2f s)", t);

	n = poll(&pfd, 1, 300);
	result(n == 0, "poll: no POLLOUT while TX is full (%d, revents 0x%x)", n,
	       pfd.revents);

	if (app_read_file(TIMEOUT_PARAM, tmo, sizeof(tmo)) ||
	    !app_parse_uint(tmo, 600000, &ms) || !ms || ms > 10000) {
		result(false, "send_timeout_ms readable and 1..10000 (%s)", tmo);
		return;
	}
	t = now();
	r = write(app->fd, buf, sizeof(buf));
	t = now() - t;
	result(r == -1 && errno == ETIMEDOUT && t > ms / 1000.0 * 0.9 &&
	       t < ms / 1000.0 + 2,
	       "blocking write times out with ETIMEDOUT after send_timeout_ms=%lu (%.2f s, %s)",
	       ms, t, r < 0 ? strerror(errno) : "sent");

	test_poll_vs_writer(app->fd);

	if (app_write_file(TIMEOUT_PARAM, "0")) {
		result(false, "set send_timeout_ms=0");
		return;
	}
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	alarm(1);
	t = now();
	r = write(app->fd, buf, sizeof(buf));
	t = now() - t;
	alarm(0);
	result(r == -1 && errno == EINTR && t > 0.8 && t < 3,
	       "send_timeout_ms=0 waits until a signal interrupts it (%.2f s, %s)",
	       t, r < 0 ? strerror(errno) : "sent");
	app_write_file(TIMEOUT_PARAM, tmo);
}

int main(int argc, char **argv)
{
	struct rpmsg_app app = { .service = RPMSG_DEMO_CHANNEL };
	bool backpressure = false;
	unsigned long v;
	int c;

	while ((c = getopt(argc, argv, "bs:vh")) != -1) {
		switch (c) {
		case 'b':
			backpressure = true;
			break;
		case 's':
			if (!app_parse_uint(optarg, 0xffffffffUL, &v))
				return APP_USAGE;
			app.info.src = (__u32)v;
			break;
		case 'v':
			app.verbose = true;
			break;
		case 'h':
			printf("usage: %s [-b] [-s SRC] [-v]: rpmsg char device misuse tests (KTAP)\n"
			       "  -b  back-pressure tests, for a remote that stopped consuming\n",
			       argv[0]);
			return APP_OK;
		default:
			return APP_USAGE;
		}
	}

	printf("KTAP version 1\n");
	if (app_setup(&app, 5)) {
		printf("1..0 # SKIP no usable %s channel\n", app.service);
		app_teardown(&app);
		return APP_SETUP;
	}

	if (backpressure) {
		test_backpressure(&app);
		app_teardown(&app);
		printf("1..%d\n", ntests);
		return nfailed ? APP_FAILED : APP_OK;
	}

	test_sizes(&app);
	test_short_read(&app);
	test_poll(&app);
	test_nowait(&app);
	test_mmsg(&app);
	test_two_openers(&app);
	test_ioctls(&app);
	test_ept_limit(&app);
	test_user_ept_limit(&app);
	test_id_table(&app);
	test_flow_control(&app);
	test_fork_close(&app);
	test_destroyed(&app);
	app_teardown(&app);

	printf("1..%d\n", ntests);
	return nfailed ? APP_FAILED : APP_OK;
}
