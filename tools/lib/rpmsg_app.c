// SPDX-License-Identifier: GPL-2.0
/*
 * Channel discovery and endpoint setup shared by the OpenAMP demo programs;
 * see rpmsg_app.h.  The work is libohost-rpmsg's (include/ohost-rpmsg.h):
 * this layer adds the demos' messages and their struct rpmsg_app.
 */
#include "rpmsg_app.h"

void app_log(const struct rpmsg_app *app, const char *fmt, ...)
{
	va_list ap;

	if (!app->verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int app_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int app_write_file(const char *path, const char *s)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	/* like the reference: the terminating NUL goes too */
	n = write(fd, s, strlen(s) + 1);
	close(fd);
	return n < 0 ? -errno : 0;
}

/* First channel of the service on the bus; waits up to @wait_s seconds. */
int app_find_channel(struct rpmsg_app *app, int wait_s)
{
	int ret;

	if (access(RPMSG_BUS "/devices", F_OK)) {
		fprintf(stderr, "%s: %s (is rpmsg_core loaded?)\n",
			RPMSG_BUS "/devices", strerror(errno));
		return -1;
	}
	ret = ohost_rpmsg_channel_find(NULL, app->service,
				       app->channel_given ? app->channel : NULL,
				       wait_s * 1000, &app->ch);
	if (ret) {
		fprintf(stderr, "no rpmsg channel '%s' in %s/devices (is the remote running? "
			"OpenAMP demo firmware removes its channel when its application ends: "
			"restart the remote)\n",
			app->channel_given ? app->channel : app->service, RPMSG_BUS);
		return -1;
	}
	snprintf(app->channel, sizeof(app->channel), "%s",
		 ohost_rpmsg_channel_device(app->ch));
	snprintf(app->vdev, sizeof(app->vdev), "%s",
		 ohost_rpmsg_channel_vdev(app->ch));
	if (!app->have_dst)
		app->info.dst = ohost_rpmsg_channel_dst(app->ch);
	app_log(app, "channel %s, remote address %u\n", app->channel,
		app->info.dst);
	return 0;
}

/* Bind the channel to rpmsg_chrdev unless it already is. */
int app_bind_chrdev(struct rpmsg_app *app)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int ret;

	ret = ohost_rpmsg_channel_bind(app->ch);
	if (ret == -EBUSY) {
		snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s/driver",
			 app->channel);
		n = readlink(path, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = '\0';
		fprintf(stderr, "%s is bound to driver %s\n", app->channel,
			strrchr(link, '/') ? strrchr(link, '/') + 1 : "?");
		return -1;
	}
	if (ret) {
		fprintf(stderr, "bind %s to %s: %s (is ohost_rpmsg_char loaded?)\n",
			app->channel, RPMSG_CHRDEV_DRIVER, strerror(-ret));
		return -1;
	}
	app_log(app, "bound %s to %s\n", app->channel, RPMSG_CHRDEV_DRIVER);
	return 0;
}

/* /dev/rpmsg_ctrlN of the channel's virtio device. */
int app_open_ctrl(struct rpmsg_app *app)
{
	app->ctrlfd = ohost_rpmsg_ctrl_open(app->vdev, app->ctrl,
					    sizeof(app->ctrl));
	if (app->ctrlfd < 0) {
		fprintf(stderr, "rpmsg_ctrl device of %s: %s\n", app->vdev,
			strerror(-app->ctrlfd));
		app->ctrlfd = -1;
		return -1;
	}
	return 0;
}

/* Creates the endpoint and opens its /dev/rpmsgM. */
int app_create_ept(struct rpmsg_app *app)
{
	int ret;

	ret = ohost_rpmsg_ept_create(app->ch, app->info.name, app->info.src,
				     app->info.dst, &app->ept);
	if (ret) {
		fprintf(stderr, "endpoint %s src %u dst %u on %s: %s\n",
			app->info.name, app->info.src, app->info.dst, app->vdev,
			strerror(-ret));
		return -1;
	}
	app->fd = ohost_rpmsg_fd(app->ept);
	app->ctrlfd = ohost_rpmsg_ctrl_fd(app->ept);
	snprintf(app->ctrl, sizeof(app->ctrl), "%s",
		 ohost_rpmsg_ctrl_device(app->ept));
	snprintf(app->eptdev, sizeof(app->eptdev), "%s",
		 ohost_rpmsg_ept_device(app->ept));
	app_log(app, "endpoint %s src %u dst %u: /dev/%s\n", app->info.name,
		app->info.src, app->info.dst, app->eptdev);
	return 0;
}

int app_open_ept(struct rpmsg_app *app, int flags)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/dev/%s", app->eptdev);
	app->fd = open(path, flags | O_CLOEXEC);
	if (app->fd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Everything up to an open endpoint; returns an APP_* code. */
int app_setup(struct rpmsg_app *app, int wait_s)
{
	app->ctrlfd = -1;
	app->fd = -1;
	snprintf(app->info.name, sizeof(app->info.name), "%s", app->service);
	if (app_find_channel(app, wait_s) || app_bind_chrdev(app) ||
	    app_create_ept(app))
		return APP_SETUP;
	return APP_OK;
}

/* Destroy the endpoint device and close everything. */
void app_teardown(struct rpmsg_app *app)
{
	int ret;

	ohost_rpmsg_channel_free(app->ch);
	app->ch = NULL;
	if (app->ept) {
		ret = ohost_rpmsg_close(app->ept);
		if (ret)
			fprintf(stderr, "RPMSG_DESTROY_EPT_IOCTL: %s\n",
				strerror(-ret));
		app->ept = NULL;
	} else {
		if (app->fd >= 0) {
			if (ioctl(app->fd, RPMSG_DESTROY_EPT_IOCTL))
				fprintf(stderr, "RPMSG_DESTROY_EPT_IOCTL: %s\n",
					strerror(errno));
			close(app->fd);
		}
		if (app->ctrlfd >= 0)
			close(app->ctrlfd);
	}
	app->fd = -1;
	app->ctrlfd = -1;
}

/* One message, waiting at most @timeout_ms; -1 with errno on failure. */
ssize_t app_recv(struct rpmsg_app *app, void *buf, size_t size,
		 int timeout_ms)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN };
	ssize_t n;

	if (app->ept) {
		n = ohost_rpmsg_recv(app->ept, buf, size, timeout_ms);
		if (n < 0) {
			errno = (int)-n;
			return -1;
		}
		return n;
	}
	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return -1;
	if (!n) {
		errno = ETIMEDOUT;
		return -1;
	}
	return read(app->fd, buf, size);
}

bool app_channel_exists(const struct rpmsg_app *app)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s", app->channel);
	return !access(path, F_OK);
}

/*
 * After a failed send or receive with errno @err: has the channel gone
 * (the remote destroyed its endpoint, or the remote stopped)?
 */
bool app_channel_gone(const struct rpmsg_app *app, int err)
{
	return err == EPIPE || err == ENXIO || err == ENODEV ||
	       err == ESHUTDOWN || !app_channel_exists(app);
}

/*
 * An OpenAMP demo remote destroys its endpoint when it gets the shutdown
 * message: wait a little for the channel to go, so that a program started
 * right after this one sees the remote's state, not a channel on its way out.
 */
void app_wait_channel_gone(const struct rpmsg_app *app, int timeout_ms)
{
	for (; timeout_ms > 0 && app_channel_exists(app); timeout_ms -= 10)
		usleep(10000);
}

bool app_parse_uint(const char *s, unsigned long max,
		    unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return !errno && *s && !*end && *out <= max && s[0] != '-';
}
