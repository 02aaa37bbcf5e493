/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libohost-rpmsg: helpers shared by its source files, not exported. */
#ifndef OHOST_RPMSG_INTERNAL_H
#define OHOST_RPMSG_INTERNAL_H

#include <limits.h>
#include <stdbool.h>

#include <ohost-rpmsg.h>

#define OHOST_RPROC_CLASS	"/sys/class/remoteproc"
#define OHOST_RPMSG_BUS		"/sys/bus/rpmsg"
#define OHOST_RPMSG_CLASS	"/sys/class/rpmsg"
#define OHOST_RPMSG_CHRDEV	"rpmsg_chrdev"

int ohost_sysfs_read(const char *path, char *buf, size_t size);
int ohost_sysfs_write(const char *path, const char *s, bool with_nul);
bool ohost_rproc_has_vdev(const struct ohost_rproc *rproc, const char *vdev);

#endif /* OHOST_RPMSG_INTERNAL_H */
