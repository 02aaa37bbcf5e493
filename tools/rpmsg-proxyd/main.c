// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-proxyd: serve an OpenAMP remote's file and console calls
 * (open-amp's rpmsg_retarget, the rpc_demo application) from Linux, over
 * /dev/rpmsg_proxyN (module ohost_rpmsg_proxy).  The Linux side of
 * OpenAMP's proxy_app, with the remote's files confined to one directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"
#include "session.h"

#define EXIT_TERM	0	/* the remote sent TERM */
#define EXIT_LINK	1	/* the channel failed or closed before TERM */
#define EXIT_USAGE	2
#define EXIT_SETUP	3	/* root, device or binding unusable */

#define DRIVER		"ohost_rpmsg_proxy"
#define DEMO_CHANNEL	"rpmsg-openamp-demo-channel"
#define RPMSG_SYSFS	"/sys/bus/rpmsg"
#define MAX_PROXY_DEVS	256

struct options {
	const char *root;
	const char *device;
	const char *bind;
	int fd;
	int wait;
	bool send_init;
	bool no_openat2;
	int verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: rpmsg-proxyd --root DIR [options]\n"
"Serve the open/read/write/close and console calls of an OpenAMP remote\n"
"(open-amp rpmsg_retarget, e.g. rpc_demo) from files under DIR.\n"
"\n"
"  -r, --root DIR        directory the remote's paths resolve beneath\n"
"                        (required; \"..\", absolute paths and symlinks\n"
"                        cannot leave it)\n"
"  -d, --device PATH     proxy device (default: the first free\n"
"                        /dev/rpmsg_proxyN); any message-preserving rpmsg\n"
"                        endpoint device works, e.g. /dev/rpmsgN with -i\n"
"  -b, --bind[=CHANNEL]  first bind rpmsg channels named CHANNEL (default\n"
"                        " DEMO_CHANNEL ") to " DRIVER "\n"
"                        through driver_override, as proxy_app does with\n"
"                        rpmsg_chrdev\n"
"  -w, --wait SECONDS    wait that long for a device to appear (default 0)\n"
"  -i, --send-init       send \"init_msg\" first (the proxy device sends it\n"
"                        itself; needed on a plain rpmsg endpoint)\n"
"      --fd N            use the inherited descriptor N (a SOCK_SEQPACKET\n"
"                        socket or an rpmsg device) instead of a device\n"
"      --no-openat2      resolve paths with the openat() walk (testing)\n"
"  -v, --verbose         log every opened file\n"
"  -h, --help            this text\n"
"\n"
"The remote's fds 0, 1 and 2 are this program's stdin, stdout and stderr.\n"
"Exit status: 0 the remote sent TERM, 1 the channel failed or closed first,\n"
"2 usage error, 3 root, device or binding unusable.\n");
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_FD = 256, OPT_NO_OPENAT2 };
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "device", required_argument, NULL, 'd' },
		{ "bind", optional_argument, NULL, 'b' },
		{ "wait", required_argument, NULL, 'w' },
		{ "send-init", no_argument, NULL, 'i' },
		{ "fd", required_argument, NULL, OPT_FD },
		{ "no-openat2", no_argument, NULL, OPT_NO_OPENAT2 },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "r:d:b::w:ivh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'r':
			o->root = optarg;
			break;
		case 'd':
			o->device = optarg;
			break;
		case 'b':
			o->bind = optarg ? optarg : DEMO_CHANNEL;
			break;
		case 'w':
			if (parse_int(optarg, 0, 3600, &o->wait))
				goto bad;
			break;
		case 'i':
			o->send_init = true;
			break;
		case OPT_FD:
			if (parse_int(optarg, 0, INT_MAX, &o->fd))
				goto bad;
			break;
		case OPT_NO_OPENAT2:
			o->no_openat2 = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rpmsg-proxyd: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	if (!o->root) {
		fprintf(stderr,
			"rpmsg-proxyd: --root is required (--root . serves the current directory)\n");
		return -1;
	}
	if (o->fd >= 0 && (o->device || o->bind)) {
		fprintf(stderr, "rpmsg-proxyd: --fd excludes --device and --bind\n");
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "rpmsg-proxyd: bad number '%s'\n", optarg);
	return -1;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

/* Channel devices are named "<parent>.<channel>.<src>.<dst>". */
static bool is_channel(const char *dev, const char *channel)
{
	const char *p = strchr(dev, '.');
	size_t n = strlen(channel);

	return p && !strncmp(p + 1, channel, n) && p[1 + n] == '.';
}

static int bind_one(const char *dev)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int ret;

	snprintf(path, sizeof(path), RPMSG_SYSFS "/devices/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (!strcmp(strrchr(link, '/') + 1, DRIVER))
			return 0;
		snprintf(path, sizeof(path),
			 RPMSG_SYSFS "/devices/%s/driver/unbind", dev);
		ret = write_file(path, dev);
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), RPMSG_SYSFS "/devices/%s/driver_override",
		 dev);
	ret = write_file(path, DRIVER);
	if (ret)
		return ret;
	return write_file(RPMSG_SYSFS "/drivers/" DRIVER "/bind", dev);
}

/* Bind every channel named @channel; errors are reported unless @quiet. */
static int bind_channels(const char *channel, bool quiet)
{
	DIR *d = opendir(RPMSG_SYSFS "/devices");
	struct dirent *e;
	int bound = 0, ret;

	if (!d) {
		if (!quiet)
			fprintf(stderr, "rpmsg-proxyd: %s: %s\n",
				RPMSG_SYSFS "/devices", strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (!is_channel(e->d_name, channel))
			continue;
		ret = bind_one(e->d_name);
		if (ret && !quiet)
			fprintf(stderr, "rpmsg-proxyd: cannot bind %s: %s\n",
				e->d_name, strerror(-ret));
		else
			bound++;
	}
	closedir(d);
	return bound;
}

/* The first /dev/rpmsg_proxyN that opens (another daemon has the rest). */
static int discover(void)
{
	char path[32];
	int i, fd, err = ENOENT;

	for (i = 0; i < MAX_PROXY_DEVS; i++) {
		snprintf(path, sizeof(path), "/dev/rpmsg_proxy%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			fprintf(stderr, "rpmsg-proxyd: using %s\n", path);
			return fd;
		}
		if (errno != ENOENT)
			err = errno;
	}
	return -err;
}

static int open_transport(const struct options *o)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int tries = o->wait * 10, fd, bound = 0;

	for (;;) {
		/* Retried until it worked; complaints on the last try only. */
		if (o->bind && bound <= 0)
			bound = bind_channels(o->bind, tries > 0);
		if (o->device) {
			fd = open(o->device, O_RDWR | O_CLOEXEC);
			if (fd < 0)
				fd = -errno;
		} else {
			fd = discover();
		}
		if (fd >= 0 || tries-- <= 0)
			break;
		nanosleep(&ts, NULL);
	}
	if (fd < 0)
		fprintf(stderr, "rpmsg-proxyd: %s: %s\n",
			o->device ? o->device : "no usable /dev/rpmsg_proxyN",
			strerror(-fd));
	return fd;
}

static int send_msg(int fd, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int serve(int tfd, struct session *s)
{
	static unsigned char msg[65536];
	unsigned char reply[PROXY_MSG_MAX];
	size_t reply_len;
	ssize_t n;
	int ret;

	for (;;) {
		n = read(tfd, msg, sizeof(msg));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "rpmsg-proxyd: channel %s before TERM\n",
				n ? strerror(errno) : "closed");
			return EXIT_LINK;
		}
		switch (proxy_handle(&session_ops, s, msg, (size_t)n, reply,
				     &reply_len)) {
		case PROXY_DONE:
			if (s->verbose)
				fprintf(stderr, "rpmsg-proxyd: TERM\n");
			return EXIT_TERM;
		case PROXY_SILENT:
			break;
		case PROXY_REPLY:
			ret = send_msg(tfd, reply, reply_len);
			if (ret) {
				fprintf(stderr, "rpmsg-proxyd: reply: %s\n",
					strerror(-ret));
				return EXIT_LINK;
			}
			break;
		}
	}
}

int main(int argc, char **argv)
{
	struct options o = { .fd = -1 };
	struct session s;
	int tfd, ret;

	if (parse_options(argc, argv, &o)) {
		fprintf(stderr, "Try 'rpmsg-proxyd --help'.\n");
		return EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);

	ret = session_init(&s, o.root, o.no_openat2);
	if (ret) {
		fprintf(stderr, "rpmsg-proxyd: root %s: %s\n", o.root,
			strerror(-ret));
		return EXIT_SETUP;
	}
	s.verbose = o.verbose;

	tfd = o.fd >= 0 ? o.fd : open_transport(&o);
	if (tfd < 0) {
		session_fini(&s);
		return EXIT_SETUP;
	}
	if (o.send_init) {
		ret = send_msg(tfd, "init_msg", sizeof("init_msg"));
		if (ret) {
			fprintf(stderr, "rpmsg-proxyd: init_msg: %s\n",
				strerror(-ret));
			session_fini(&s);
			return EXIT_LINK;
		}
	}

	ret = serve(tfd, &s);
	close(tfd);
	session_fini(&s);
	return ret;
}
