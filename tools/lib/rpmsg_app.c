// SPDX-License-Identifier: GPL-2.0
/*
 * Channel discovery and endpoint setup shared by the OpenAMP demo programs;
 * see rpmsg_app.h.
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

/*
 * "virtio0.rpmsg-openamp-demo-channel.-1.1024" -> vdev, service, src, dst.
 * The service name may itself contain dots; src and dst are the last two.
 */
bool app_parse_channel(const char *name, const char *service,
		       char *vdev, size_t vdev_size, long *dst)
{
	const char *dot = strchr(name, '.'), *last, *prev;
	size_t slen = strlen(service);
	char *end;

	last = strrchr(name, '.');
	if (!dot || !last || last == dot)
		return false;
	for (prev = last - 1; prev > dot && *prev != '.'; prev--)
		;
	if (prev <= dot || (size_t)(prev - dot - 1) != slen ||
	    strncmp(dot + 1, service, slen))
		return false;
	errno = 0;
	*dst = strtol(last + 1, &end, 10);
	if (errno || *end || end == last + 1)
		return false;
	if ((size_t)(dot - name) >= vdev_size)
		return false;
	memcpy(vdev, name, dot - name);
	vdev[dot - name] = '\0';
	return true;
}

/* First channel of the service on the bus; waits up to @wait_s seconds. */
int app_find_channel(struct rpmsg_app *app, int wait_s)
{
	time_t deadline = time(NULL) + wait_s;
	struct dirent *ent;
	long dst;
	DIR *dir;

	for (;;) {
		dir = opendir(RPMSG_BUS "/devices");
		if (!dir) {
			fprintf(stderr, "%s: %s (is rpmsg_core loaded?)\n",
				RPMSG_BUS "/devices", strerror(errno));
			return -1;
		}
		while ((ent = readdir(dir))) {
			if (app->channel_given &&
			    strcmp(ent->d_name, app->channel))
				continue;
			if (!app_parse_channel(ent->d_name, app->service,
					       app->vdev, sizeof(app->vdev),
					       &dst))
				continue;
			snprintf(app->channel, sizeof(app->channel), "%s",
				 ent->d_name);
			if (!app->have_dst)
				app->info.dst = (__u32)dst;
			closedir(dir);
			app_log(app, "channel %s, remote address %u\n",
				app->channel, app->info.dst);
			return 0;
		}
		closedir(dir);
		if (time(NULL) >= deadline)
			break;
		usleep(100000);
	}
	fprintf(stderr, "no rpmsg channel '%s' in %s/devices (is the remote running? "
		"OpenAMP demo firmware removes its channel when its application ends: "
		"restart the remote)\n",
		app->channel_given ? app->channel : app->service, RPMSG_BUS);
	return -1;
}

/* Bind the channel to rpmsg_chrdev unless it already is. */
int app_bind_chrdev(struct rpmsg_app *app)
{
	char path[PATH_MAX], link[PATH_MAX], cur[128];
	ssize_t n;
	int ret;

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s/driver",
		 app->channel);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (!strcmp(strrchr(link, '/') + 1, RPMSG_CHRDEV_DRIVER))
			return 0;
		fprintf(stderr, "%s is bound to driver %s\n", app->channel,
			strrchr(link, '/') + 1);
		return -1;
	}

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s/driver_override",
		 app->channel);
	ret = app_read_file(path, cur, sizeof(cur));
	if (ret) {
		fprintf(stderr, "%s: %s\n", path, strerror(-ret));
		return -1;
	}
	app_log(app, "driver_override: %s\n", cur);
	if (strcmp(cur, RPMSG_CHRDEV_DRIVER)) {
		ret = app_write_file(path, RPMSG_CHRDEV_DRIVER);
		if (ret) {
			fprintf(stderr, "write %s: %s\n", path, strerror(-ret));
			return -1;
		}
	}

	snprintf(path, sizeof(path), RPMSG_BUS "/drivers/%s/bind",
		 RPMSG_CHRDEV_DRIVER);
	ret = app_write_file(path, app->channel);
	if (ret) {
		fprintf(stderr, "write %s to %s: %s (is ohost_rpmsg_char loaded?)\n",
			app->channel, path, strerror(-ret));
		return -1;
	}
	app_log(app, "bound %s to %s\n", app->channel, RPMSG_CHRDEV_DRIVER);
	return 0;
}

/* /dev/rpmsg_ctrlN of the channel's virtio device. */
int app_open_ctrl(struct rpmsg_app *app)
{
	char path[PATH_MAX];
	struct dirent *ent;
	DIR *dir;

	snprintf(path, sizeof(path), RPMSG_BUS "/devices/%s.rpmsg_ctrl.0.0/rpmsg",
		 app->vdev);
	dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((ent = readdir(dir)))
		if (!strncmp(ent->d_name, "rpmsg_ctrl", 10))
			break;
	if (ent)
		snprintf(app->ctrl, sizeof(app->ctrl), "%s", ent->d_name);
	closedir(dir);
	if (!ent) {
		fprintf(stderr, "no rpmsg_ctrl device in %s\n", path);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/%s", app->ctrl);
	app->ctrlfd = open(path, O_RDWR | O_CLOEXEC);
	if (app->ctrlfd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Bitmap of the rpmsgM endpoint devices under the control device. */
void app_list_eptdevs(const struct rpmsg_app *app,
		      unsigned char *seen)
{
	char path[PATH_MAX];
	struct dirent *ent;
	unsigned int m;
	DIR *dir;

	memset(seen, 0, RPMSG_MAX_EPTDEVS / 8);
	snprintf(path, sizeof(path), RPMSG_CLASS "/%s", app->ctrl);
	dir = opendir(path);
	if (!dir)
		return;
	while ((ent = readdir(dir)))
		if (sscanf(ent->d_name, "rpmsg%u", &m) == 1 &&
		    m < RPMSG_MAX_EPTDEVS)
			seen[m / 8] |= 1u << (m % 8);
	closedir(dir);
}

/* Creates the endpoint; the new rpmsgM is the one whose name matches. */
int app_create_ept(struct rpmsg_app *app)
{
	unsigned char before[RPMSG_MAX_EPTDEVS / 8], after[RPMSG_MAX_EPTDEVS / 8];
	char path[PATH_MAX], name[64];
	unsigned int m;

	app_list_eptdevs(app, before);
	if (ioctl(app->ctrlfd, RPMSG_CREATE_EPT_IOCTL, &app->info)) {
		fprintf(stderr, "RPMSG_CREATE_EPT_IOCTL %s src %u dst %u: %s\n",
			app->info.name, app->info.src, app->info.dst,
			strerror(errno));
		return -1;
	}
	app_list_eptdevs(app, after);
	for (m = 0; m < RPMSG_MAX_EPTDEVS; m++) {
		if (!(after[m / 8] & ~before[m / 8] & (1u << (m % 8))))
			continue;
		snprintf(path, sizeof(path), RPMSG_CLASS "/%s/rpmsg%u/name",
			 app->ctrl, m);
		if (app_read_file(path, name, sizeof(name)) ||
		    strcmp(name, app->info.name))
			continue;
		snprintf(app->eptdev, sizeof(app->eptdev), "rpmsg%u", m);
		app_log(app, "endpoint %s src %u dst %u: /dev/%s\n",
			app->info.name, app->info.src, app->info.dst,
			app->eptdev);
		return 0;
	}
	fprintf(stderr, "no endpoint device for %s under %s/%s\n",
		app->info.name, RPMSG_CLASS, app->ctrl);
	return -1;
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
	    app_open_ctrl(app) || app_create_ept(app) ||
	    app_open_ept(app, O_RDWR))
		return APP_SETUP;
	return APP_OK;
}

/* Destroy the endpoint device and close everything. */
void app_teardown(struct rpmsg_app *app)
{
	if (app->fd >= 0) {
		if (ioctl(app->fd, RPMSG_DESTROY_EPT_IOCTL))
			fprintf(stderr, "RPMSG_DESTROY_EPT_IOCTL: %s\n",
				strerror(errno));
		close(app->fd);
	}
	if (app->ctrlfd >= 0)
		close(app->ctrlfd);
	app->fd = -1;
	app->ctrlfd = -1;
}

/* One message, waiting at most @timeout_ms; -1 with errno on failure. */
ssize_t app_recv(struct rpmsg_app *app, void *buf, size_t size,
		 int timeout_ms)
{
	struct pollfd pfd = { .fd = app->fd, .events = POLLIN };
	int n;

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
