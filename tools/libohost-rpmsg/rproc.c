// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libohost-rpmsg: remote processors, through /sys/class/remoteproc; see
 * include/ohost-rpmsg.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct ohost_rproc {
	char device[NAME_MAX + 1];	/* remoteproc0 */
	char name[256];			/* its "name" file */
};

/* One sysfs attribute; a trailing newline is dropped. */
int ohost_sysfs_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if (!size)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * One sysfs attribute, in one write(); @with_nul sends the terminating NUL
 * too, as openamp-system-reference does for driver_override and bind.
 */
int ohost_sysfs_write(const char *path, const char *s, bool with_nul)
{
	size_t len = strlen(s) + (with_nul ? 1 : 0);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

static int rproc_attr_path(const struct ohost_rproc *rproc, const char *attr,
			   char *path, size_t size)
{
	int n = snprintf(path, size, OHOST_RPROC_CLASS "/%s/%s", rproc->device,
			 attr);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int rproc_read(const struct ohost_rproc *rproc, const char *attr,
		      char *buf, size_t size)
{
	char path[PATH_MAX];
	int ret = rproc_attr_path(rproc, attr, path, sizeof(path));

	return ret ? ret : ohost_sysfs_read(path, buf, size);
}

static int rproc_write(struct ohost_rproc *rproc, const char *attr,
		       const char *s)
{
	char path[PATH_MAX];
	int ret = rproc_attr_path(rproc, attr, path, sizeof(path));

	return ret ? ret : ohost_sysfs_write(path, s, false);
}

static struct ohost_rproc *rproc_new(const char *device)
{
	struct ohost_rproc *rproc = calloc(1, sizeof(*rproc));

	if (!rproc)
		return NULL;
	snprintf(rproc->device, sizeof(rproc->device), "%s", device);
	if (rproc_read(rproc, "name", rproc->name, sizeof(rproc->name)))
		snprintf(rproc->name, sizeof(rproc->name), "%s", device);
	return rproc;
}

/* remoteproc2 before remoteproc10 */
static int rproc_cmp(const void *a, const void *b)
{
	const struct ohost_rproc *x = *(struct ohost_rproc * const *)a;
	const struct ohost_rproc *y = *(struct ohost_rproc * const *)b;
	size_t lx = strlen(x->device), ly = strlen(y->device);

	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x->device, y->device);
}

int ohost_rproc_list(struct ohost_rproc ***list)
{
	struct ohost_rproc **v = NULL, **nv, *rproc;
	struct dirent *ent;
	int n = 0, ret = 0;
	DIR *dir;

	*list = NULL;
	dir = opendir(OHOST_RPROC_CLASS);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((ent = readdir(dir))) {
		if (ent->d_name[0] == '.')
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		rproc = nv ? rproc_new(ent->d_name) : NULL;
		if (nv)
			v = nv;
		if (!rproc) {
			ret = -ENOMEM;
			break;
		}
		v[n++] = rproc;
	}
	closedir(dir);
	if (ret) {
		ohost_rproc_list_free(v, n);
		return ret;
	}
	if (n)
		qsort(v, n, sizeof(*v), rproc_cmp);
	*list = v;
	return n;
}

void ohost_rproc_list_free(struct ohost_rproc **list, int count)
{
	int i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

int ohost_rproc_open(const char *name, struct ohost_rproc **rproc)
{
	struct ohost_rproc **list;
	int i, n;

	*rproc = NULL;
	if (!name || !*name)
		return -EINVAL;
	n = ohost_rproc_list(&list);
	if (n < 0)
		return n;
	for (i = 0; i < n && !*rproc; i++) {
		if (!strcmp(list[i]->name, name) ||
		    !strcmp(list[i]->device, name)) {
			*rproc = list[i];
			list[i] = NULL;
		}
	}
	ohost_rproc_list_free(list, n);
	return *rproc ? 0 : -ENOENT;
}

void ohost_rproc_close(struct ohost_rproc *rproc)
{
	free(rproc);
}

const char *ohost_rproc_name(const struct ohost_rproc *rproc)
{
	return rproc->name;
}

const char *ohost_rproc_device(const struct ohost_rproc *rproc)
{
	return rproc->device;
}

int ohost_rproc_state(const struct ohost_rproc *rproc, char *buf, size_t size)
{
	return rproc_read(rproc, "state", buf, size);
}

int ohost_rproc_firmware(const struct ohost_rproc *rproc, char *buf,
			 size_t size)
{
	return rproc_read(rproc, "firmware", buf, size);
}

int ohost_rproc_set_firmware(struct ohost_rproc *rproc, const char *firmware)
{
	if (!firmware || !*firmware || strchr(firmware, '\n'))
		return -EINVAL;
	return rproc_write(rproc, "firmware", firmware);
}

/*
 * Refuses a running remote itself: on Linux 6.1 "start" on a running one
 * succeeds and only takes another power reference, so that the next "stop"
 * does not stop it.
 */
int ohost_rproc_start(struct ohost_rproc *rproc)
{
	char state[32];
	int ret;

	ret = ohost_rproc_state(rproc, state, sizeof(state));
	if (ret)
		return ret;
	if (!strcmp(state, "running") || !strcmp(state, "attached"))
		return -EBUSY;
	return rproc_write(rproc, "state", "start");
}

int ohost_rproc_stop(struct ohost_rproc *rproc)
{
	return rproc_write(rproc, "state", "stop");
}

/*
 * Is virtio device @vdev one of the remote processor's?  Its vdevs sit one
 * level below the remoteproc device: remoteprocN/remoteprocN#vdevMbuffer/
 * virtioK.
 */
bool ohost_rproc_has_vdev(const struct ohost_rproc *rproc, const char *vdev)
{
	char path[PATH_MAX];
	struct dirent *ent;
	bool found = false;
	DIR *dir;

	snprintf(path, sizeof(path), OHOST_RPROC_CLASS "/%s/%s", rproc->device,
		 vdev);
	if (!access(path, F_OK))	/* before Linux 5.13: no vdev device */
		return true;
	snprintf(path, sizeof(path), OHOST_RPROC_CLASS "/%s/", rproc->device);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (ent = readdir(dir))) {
		if (ent->d_name[0] == '.' || !strcmp(ent->d_name, "device") ||
		    !strcmp(ent->d_name, "subsystem"))
			continue;
		snprintf(path, sizeof(path), OHOST_RPROC_CLASS "/%s/%s/%s",
			 rproc->device, ent->d_name, vdev);
		found = !access(path, F_OK);
	}
	closedir(dir);
	return found;
}
