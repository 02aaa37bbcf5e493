// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-fill: create a local (announced) channel through
 * RPMSG_CREATE_DEV_IOCTL on the first /dev/rpmsg_ctrlN, open the channel's
 * /dev/rpmsgM (rpmsg_chrdev binds "rpmsg-raw" channels by name) and write
 * small messages with O_NONBLOCK until EAGAIN: every TX buffer is then in
 * flight.  For guest tests against a remote that stops consuming
 * (vrprocd --inject ns-destroy-stall).
 *
 *   rpmsg-fill [NAME [SRC [DST]]]     (default rpmsg-raw 1280 1280)
 *
 * Prints "filled N" and the device names.  Exit status: 0 the ring is
 * full, 1 it never filled (no EAGAIN within 65536 writes), 2 usage,
 * 3 setup failed.
 */
#include "../../lib/rpmsg_app.h"

#define MAX_WRITES	65536

/* The vdev of the first rpmsg_ctrl device on the bus, e.g. virtio0. */
static int find_vdev(struct rpmsg_app *app)
{
	struct dirent *ent;
	const char *p;
	DIR *dir;

	dir = opendir(RPMSG_BUS "/devices");
	if (!dir)
		return -1;
	while ((ent = readdir(dir))) {
		p = strstr(ent->d_name, ".rpmsg_ctrl.0.0");
		if (p && !p[strlen(".rpmsg_ctrl.0.0")] &&
		    (size_t)(p - ent->d_name) < sizeof(app->vdev)) {
			memcpy(app->vdev, ent->d_name, p - ent->d_name);
			app->vdev[p - ent->d_name] = '\0';
			break;
		}
	}
	closedir(dir);
	return app->vdev[0] ? 0 : -1;
}

/* The channel's rpmsgM, once rpmsg_chrdev has bound it. */
static int find_eptdev(struct rpmsg_app *app, const struct rpmsg_endpoint_info *ch)
{
	char path[PATH_MAX];
	struct dirent *ent;
	int tries;
	DIR *dir;

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s.%s.%d.%d/rpmsg",
		 app->vdev, ch->name, (int)ch->src, (int)ch->dst);
	for (tries = 0; tries < 200; tries++) {
		dir = opendir(path);
		while (dir && (ent = readdir(dir))) {
			if (strncmp(ent->d_name, "rpmsg", 5) || !ent->d_name[5])
				continue;
			snprintf(app->eptdev, sizeof(app->eptdev), "%s", ent->d_name);
			closedir(dir);
			return 0;
		}
		if (dir)
			closedir(dir);
		usleep(10000);
	}
	fprintf(stderr, "no endpoint device under %s\n", path);
	return -1;
}

int main(int argc, char **argv)
{
	struct rpmsg_endpoint_info ch = { .name = "rpmsg-raw", .src = 1280,
					  .dst = 1280 };
	struct rpmsg_app app = { .ctrlfd = -1, .fd = -1 };
	char msg[16] = "fill";
	unsigned long v;
	long n;

	if (argc > 4 || (argc > 1 && !strcmp(argv[1], "-h"))) {
		fprintf(stderr, "usage: %s [NAME [SRC [DST]]]\n", argv[0]);
		return APP_USAGE;
	}
	if (argc > 1)
		snprintf(ch.name, sizeof(ch.name), "%s", argv[1]);
	if (argc > 2) {
		if (!app_parse_uint(argv[2], 0xffffffffUL, &v))
			return APP_USAGE;
		ch.src = ch.dst = (__u32)v;
	}
	if (argc > 3) {
		if (!app_parse_uint(argv[3], 0xffffffffUL, &v))
			return APP_USAGE;
		ch.dst = (__u32)v;
	}
	if (find_vdev(&app)) {
		fprintf(stderr, "no rpmsg_ctrl device on %s/devices\n", RPMSG_BUS);
		return APP_SETUP;
	}
	if (app_open_ctrl(&app))
		return APP_SETUP;
	if (ioctl(app.ctrlfd, RPMSG_CREATE_DEV_IOCTL, &ch)) {
		fprintf(stderr, "RPMSG_CREATE_DEV_IOCTL %s src %u dst %u: %s\n",
			ch.name, ch.src, ch.dst, strerror(errno));
		return APP_SETUP;
	}
	printf("channel %s.%s.%d.%d\n", app.vdev, ch.name, (int)ch.src,
	       (int)ch.dst);
	if (find_eptdev(&app, &ch) || app_open_ept(&app, O_RDWR | O_NONBLOCK))
		return APP_SETUP;
	for (n = 0; n < MAX_WRITES; n++) {
		if (write(app.fd, msg, sizeof(msg)) == (ssize_t)sizeof(msg))
			continue;
		if (errno != EAGAIN) {
			fprintf(stderr, "write %ld to /dev/%s: %s\n", n, app.eptdev,
				strerror(errno));
			return APP_FAILED;
		}
		printf("filled %ld on /dev/%s\n", n, app.eptdev);
		return APP_OK;
	}
	printf("no EAGAIN after %ld writes on /dev/%s\n", n, app.eptdev);
	return APP_FAILED;
}
