// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libohost-rpmsg: rpmsg channels and endpoints, the way
 * openamp-system-reference's demos use them: find the channel on the rpmsg
 * bus, bind it to rpmsg_chrdev through driver_override, create an endpoint
 * through /dev/rpmsg_ctrlN and open the /dev/rpmsgM that appears for it.
 * See include/ohost-rpmsg.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/rpmsg.h>

#include "internal.h"

#define MAX_EPTDEVS	1024
#define NAME_SIZE	32	/* struct rpmsg_endpoint_info.name */

struct ohost_rpmsg_channel {
	char device[NAME_MAX + 1];	/* virtio0.<service>.-1.1024 */
	char vdev[NAME_MAX + 1];	/* virtio0 */
	char service[NAME_SIZE];
	char rproc[256];		/* "" when not known */
	uint32_t src, dst;
};

struct ohost_rpmsg_ept {
	char ctrl[NAME_MAX + 1];	/* rpmsg_ctrl0 */
	char eptdev[NAME_MAX + 1];	/* rpmsg3 */
	uint32_t dst;
	int ctrlfd;
	int fd;
};

/*
 * "virtio0.rpmsg-openamp-demo-channel.-1.1024" -> vdev, service, src, dst.
 * The service name may itself contain dots; src and dst are the last two.
 */
static int channel_parse(const char *name, struct ohost_rpmsg_channel *ch)
{
	const char *dot = strchr(name, '.'), *last = strrchr(name, '.'), *prev;
	long src, dst;
	char *end;

	if (!dot || last == dot || strlen(name) >= sizeof(ch->device))
		return -EINVAL;
	for (prev = last - 1; prev > dot && *prev != '.'; prev--)
		;
	if (prev <= dot + 1 || (size_t)(prev - dot - 1) >= sizeof(ch->service))
		return -EINVAL;
	errno = 0;
	src = strtol(prev + 1, &end, 10);
	if (errno || end != last || end == prev + 1)
		return -EINVAL;
	dst = strtol(last + 1, &end, 10);
	if (errno || *end || end == last + 1)
		return -EINVAL;
	memcpy(ch->vdev, name, dot - name);
	ch->vdev[dot - name] = '\0';
	memcpy(ch->service, dot + 1, prev - dot - 1);
	ch->service[prev - dot - 1] = '\0';
	strcpy(ch->device, name);
	ch->src = (uint32_t)src;
	ch->dst = (uint32_t)dst;
	return 0;
}

/* The bus's own devices, not channels. */
static bool channel_internal(const struct ohost_rpmsg_channel *ch)
{
	return !strcmp(ch->service, "rpmsg_ctrl") ||
	       !strcmp(ch->service, "rpmsg_ns");
}

/* Name the channel's remote processor, from @rprocs or a fresh list. */
static void channel_set_rproc(struct ohost_rpmsg_channel *ch,
			      struct ohost_rproc **rprocs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ohost_rproc_has_vdev(rprocs[i], ch->vdev)) {
			snprintf(ch->rproc, sizeof(ch->rproc), "%s",
				 ohost_rproc_name(rprocs[i]));
			return;
		}
	}
}

static bool channel_matches(const struct ohost_rpmsg_channel *ch,
			    const struct ohost_rproc *rproc,
			    const char *service, const char *device)
{
	if (channel_internal(ch))
		return false;
	if (service && strcmp(ch->service, service))
		return false;
	if (device && strcmp(ch->device, device))
		return false;
	return !rproc || ohost_rproc_has_vdev(rproc, ch->vdev);
}

/* One pass over the bus: the matching channels, in directory order. */
static int channel_scan(const struct ohost_rproc *rproc, const char *service,
			const char *device, int max,
			struct ohost_rpmsg_channel ***list)
{
	struct ohost_rpmsg_channel **v = NULL, **nv, ch, *c;
	struct dirent *ent;
	int n = 0, ret = 0;
	DIR *dir;

	*list = NULL;
	dir = opendir(OHOST_RPMSG_BUS "/devices");
	if (!dir)
		return -errno;
	while (n < max && (ent = readdir(dir))) {
		memset(&ch, 0, sizeof(ch));
		if (channel_parse(ent->d_name, &ch) ||
		    !channel_matches(&ch, rproc, service, device))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		c = nv ? malloc(sizeof(*c)) : NULL;
		if (nv)
			v = nv;
		if (!c) {
			ret = -ENOMEM;
			break;
		}
		*c = ch;
		v[n++] = c;
	}
	closedir(dir);
	if (ret) {
		ohost_rpmsg_channel_list_free(v, n);
		return ret;
	}
	*list = v;
	return n;
}

static void channels_set_rproc(struct ohost_rpmsg_channel **list, int n)
{
	struct ohost_rproc **rprocs;
	int i, nr;

	nr = ohost_rproc_list(&rprocs);
	if (nr <= 0)
		return;
	for (i = 0; i < n; i++)
		channel_set_rproc(list[i], rprocs, nr);
	ohost_rproc_list_free(rprocs, nr);
}

int ohost_rpmsg_channel_list(const struct ohost_rproc *rproc,
			     const char *service,
			     struct ohost_rpmsg_channel ***list)
{
	int n = channel_scan(rproc, service, NULL, INT32_MAX, list);

	if (n > 0)
		channels_set_rproc(*list, n);
	return n;
}

void ohost_rpmsg_channel_list_free(struct ohost_rpmsg_channel **list,
				   int count)
{
	int i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int ohost_rpmsg_channel_find(const struct ohost_rproc *rproc,
			     const char *service, const char *device,
			     int timeout_ms,
			     struct ohost_rpmsg_channel **channel)
{
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	struct ohost_rpmsg_channel **list;
	int n;

	*channel = NULL;
	if (!service && !device)
		return -EINVAL;
	for (;;) {
		n = channel_scan(rproc, service, device, 1, &list);
		if (n < 0)
			return n;
		if (n) {
			*channel = list[0];
			free(list);
			channels_set_rproc(channel, 1);
			return 0;
		}
		if (now_ms() >= deadline)
			return -ENOENT;
		usleep(100000);
	}
}

void ohost_rpmsg_channel_free(struct ohost_rpmsg_channel *channel)
{
	free(channel);
}

const char *ohost_rpmsg_channel_device(const struct ohost_rpmsg_channel *channel)
{
	return channel->device;
}

const char *ohost_rpmsg_channel_service(const struct ohost_rpmsg_channel *channel)
{
	return channel->service;
}

const char *ohost_rpmsg_channel_vdev(const struct ohost_rpmsg_channel *channel)
{
	return channel->vdev;
}

const char *ohost_rpmsg_channel_rproc(const struct ohost_rpmsg_channel *channel)
{
	return channel->rproc[0] ? channel->rproc : NULL;
}

uint32_t ohost_rpmsg_channel_src(const struct ohost_rpmsg_channel *channel)
{
	return channel->src;
}

uint32_t ohost_rpmsg_channel_dst(const struct ohost_rpmsg_channel *channel)
{
	return channel->dst;
}

int ohost_rpmsg_channel_exists(const struct ohost_rpmsg_channel *channel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), OHOST_RPMSG_BUS "/devices/%s",
		 channel->device);
	return !access(path, F_OK);
}

int ohost_rpmsg_channel_bind(const struct ohost_rpmsg_channel *channel)
{
	char path[PATH_MAX], link[PATH_MAX], cur[128];
	const char *drv;
	ssize_t n;
	int ret;

	snprintf(path, sizeof(path), OHOST_RPMSG_BUS "/devices/%s/driver",
		 channel->device);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		drv = strrchr(link, '/');
		drv = drv ? drv + 1 : link;
		return strcmp(drv, OHOST_RPMSG_CHRDEV) ? -EBUSY : 0;
	}

	snprintf(path, sizeof(path), OHOST_RPMSG_BUS "/devices/%s/driver_override",
		 channel->device);
	ret = ohost_sysfs_read(path, cur, sizeof(cur));
	if (ret)
		return ret;
	if (strcmp(cur, OHOST_RPMSG_CHRDEV)) {
		ret = ohost_sysfs_write(path, OHOST_RPMSG_CHRDEV, true);
		if (ret)
			return ret;
	}

	snprintf(path, sizeof(path), OHOST_RPMSG_BUS "/drivers/%s/bind",
		 OHOST_RPMSG_CHRDEV);
	ret = ohost_sysfs_write(path, channel->device, true);
	return ret == -ENOENT ? -ENODEV : ret;
}

int ohost_rpmsg_ctrl_open(const char *vdev, char *name, size_t size)
{
	char path[PATH_MAX], ctrl[NAME_MAX + 1] = "";
	struct dirent *ent;
	DIR *dir;
	int fd;

	snprintf(path, sizeof(path), OHOST_RPMSG_BUS "/devices/%s.rpmsg_ctrl.0.0/rpmsg",
		 vdev);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((ent = readdir(dir))) {
		if (!strncmp(ent->d_name, "rpmsg_ctrl", 10)) {
			snprintf(ctrl, sizeof(ctrl), "%s", ent->d_name);
			break;
		}
	}
	closedir(dir);
	if (!ctrl[0])
		return -ENOENT;
	if (name && size)
		snprintf(name, size, "%s", ctrl);
	snprintf(path, sizeof(path), "/dev/%s", ctrl);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Bitmap of the rpmsgM endpoint devices under control device @ctrl. */
static void list_eptdevs(const char *ctrl, unsigned char *seen)
{
	char path[PATH_MAX];
	struct dirent *ent;
	unsigned int m;
	DIR *dir;

	memset(seen, 0, MAX_EPTDEVS / 8);
	snprintf(path, sizeof(path), OHOST_RPMSG_CLASS "/%s", ctrl);
	dir = opendir(path);
	if (!dir)
		return;
	while ((ent = readdir(dir)))
		if (sscanf(ent->d_name, "rpmsg%u", &m) == 1 && m < MAX_EPTDEVS)
			seen[m / 8] |= 1u << (m % 8);
	closedir(dir);
}

/* Creates the endpoint; its rpmsgM is the new one whose name matches. */
static int ept_create(struct ohost_rpmsg_ept *ept,
		      const struct rpmsg_endpoint_info *info)
{
	unsigned char before[MAX_EPTDEVS / 8], after[MAX_EPTDEVS / 8];
	char path[PATH_MAX], name[NAME_SIZE + 1];
	unsigned int m;

	list_eptdevs(ept->ctrl, before);
	if (ioctl(ept->ctrlfd, RPMSG_CREATE_EPT_IOCTL, info))
		return -errno;
	list_eptdevs(ept->ctrl, after);
	for (m = 0; m < MAX_EPTDEVS; m++) {
		if (!(after[m / 8] & ~before[m / 8] & (1u << (m % 8))))
			continue;
		snprintf(path, sizeof(path), OHOST_RPMSG_CLASS "/%s/rpmsg%u/name",
			 ept->ctrl, m);
		if (ohost_sysfs_read(path, name, sizeof(name)) ||
		    strcmp(name, info->name))
			continue;
		snprintf(ept->eptdev, sizeof(ept->eptdev), "rpmsg%u", m);
		return 0;
	}
	return -ENOENT;
}

/*
 * Open a just-created endpoint device.  devtmpfs makes the node root's,
 * mode 0600; udev then applies its rules (group rpmsg, 0660).  An
 * unprivileged member of that group can open it only after udev has
 * run, so EACCES is retried for a while before it counts.
 */
#define EPTDEV_UDEV_WAIT_MS	5000

static int open_eptdev(const char *path)
{
	long long deadline = now_ms() + EPTDEV_UDEV_WAIT_MS;
	struct timespec pause = { .tv_nsec = 10 * 1000 * 1000 };
	int fd;

	for (;;) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		if (errno != EACCES || now_ms() >= deadline)
			return -errno;
		nanosleep(&pause, NULL);
	}
}

int ohost_rpmsg_ept_create(const struct ohost_rpmsg_channel *channel,
			   const char *name, uint32_t src, uint32_t dst,
			   struct ohost_rpmsg_ept **out)
{
	struct rpmsg_endpoint_info info = {
		.src = src,
		.dst = dst == OHOST_RPMSG_ADDR_ANY ? channel->dst : dst,
	};
	struct ohost_rpmsg_ept *ept;
	char path[PATH_MAX];
	int ret;

	*out = NULL;
	if (!name)
		name = channel->service;
	if (strlen(name) >= sizeof(info.name))
		return -ENAMETOOLONG;
	strcpy(info.name, name);
	ept = calloc(1, sizeof(*ept));
	if (!ept)
		return -ENOMEM;
	ept->fd = -1;
	ept->dst = info.dst;
	ept->ctrlfd = ohost_rpmsg_ctrl_open(channel->vdev, ept->ctrl,
					    sizeof(ept->ctrl));
	if (ept->ctrlfd < 0) {
		ret = ept->ctrlfd;
		goto free_ept;
	}
	ret = ept_create(ept, &info);
	if (ret)
		goto close_ctrl;
	snprintf(path, sizeof(path), "/dev/%s", ept->eptdev);
	ept->fd = open_eptdev(path);
	if (ept->fd < 0) {
		ret = ept->fd;
		goto close_ctrl;
	}
	*out = ept;
	return 0;

close_ctrl:
	close(ept->ctrlfd);
free_ept:
	free(ept);
	return ret;
}

int ohost_rpmsg_open(const char *rproc, const char *service, uint32_t src,
		     uint32_t dst, struct ohost_rpmsg_ept **ept)
{
	struct ohost_rpmsg_channel *ch;
	struct ohost_rproc *rp = NULL;
	int ret;

	*ept = NULL;
	if (!service)
		return -EINVAL;
	if (rproc) {
		ret = ohost_rproc_open(rproc, &rp);
		if (ret)
			return ret == -ENOENT ? -ENODEV : ret;
	}
	ret = ohost_rpmsg_channel_find(rp, service, NULL, 0, &ch);
	ohost_rproc_close(rp);
	if (ret)
		return ret;
	ret = ohost_rpmsg_channel_bind(ch);
	if (!ret)
		ret = ohost_rpmsg_ept_create(ch, NULL, src, dst, ept);
	ohost_rpmsg_channel_free(ch);
	return ret;
}

int ohost_rpmsg_fd(const struct ohost_rpmsg_ept *ept)
{
	return ept->fd;
}

int ohost_rpmsg_ctrl_fd(const struct ohost_rpmsg_ept *ept)
{
	return ept->ctrlfd;
}

const char *ohost_rpmsg_ept_device(const struct ohost_rpmsg_ept *ept)
{
	return ept->eptdev;
}

const char *ohost_rpmsg_ctrl_device(const struct ohost_rpmsg_ept *ept)
{
	return ept->ctrl;
}

uint32_t ohost_rpmsg_ept_dst(const struct ohost_rpmsg_ept *ept)
{
	return ept->dst;
}

/* Wait up to @timeout_ms (negative: forever) for @events on @fd. */
static int wait_fd(int fd, short events, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = fd, .events = events };
	int n, left = timeout_ms;

	for (;;) {
		n = poll(&pfd, 1, left);
		if (n > 0)
			return 0;
		if (!n)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
		if (timeout_ms >= 0) {
			left = (int)(deadline - now_ms());
			if (left < 0)
				left = 0;
		}
	}
}

ssize_t ohost_rpmsg_send(struct ohost_rpmsg_ept *ept, const void *buf,
			 size_t len, int timeout_ms)
{
	ssize_t n;
	int ret;

	ret = wait_fd(ept->fd, POLLOUT, timeout_ms);
	if (ret)
		return ret;
	n = write(ept->fd, buf, len);
	return n < 0 ? -errno : n;
}

ssize_t ohost_rpmsg_recv(struct ohost_rpmsg_ept *ept, void *buf, size_t size,
			 int timeout_ms)
{
	ssize_t n;
	int ret;

	ret = wait_fd(ept->fd, POLLIN, timeout_ms);
	if (ret)
		return ret;
	n = read(ept->fd, buf, size);
	return n < 0 ? -errno : n;
}

int ohost_rpmsg_close(struct ohost_rpmsg_ept *ept)
{
	int ret = 0;

	if (!ept)
		return 0;
	if (ioctl(ept->fd, RPMSG_DESTROY_EPT_IOCTL))
		ret = -errno;
	close(ept->fd);
	close(ept->ctrlfd);
	free(ept);
	return ret;
}
