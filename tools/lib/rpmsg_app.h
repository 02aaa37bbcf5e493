/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux side of the OpenAMP demos, as openamp-system-reference does it:
 * find the demo channel on the rpmsg bus, bind it to rpmsg_chrdev through
 * driver_override, create an endpoint through /dev/rpmsg_ctrlN and open the
 * /dev/rpmsgM that appears for it.  Shared by tools/echo_test,
 * tools/mat_mul_demo and tools/rpmsg-misuse (tools/lib/rpmsg_app.c): a thin
 * layer on libohost-rpmsg (include/ohost-rpmsg.h) that prints what failed.
 */
#ifndef OHOST_RPMSG_APP_H
#define OHOST_RPMSG_APP_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/rpmsg.h>

#include <ohost-rpmsg.h>

#define RPMSG_BUS		"/sys/bus/rpmsg"
#define RPMSG_CLASS		"/sys/class/rpmsg"
#define RPMSG_DEMO_CHANNEL	"rpmsg-openamp-demo-channel"
#define RPMSG_CHRDEV_DRIVER	"rpmsg_chrdev"
#define RPMSG_SHUTDOWN_WORD	0xEF56A55Au

/* Exit codes shared by the demo programs. */
enum { APP_OK = 0, APP_FAILED = 1, APP_USAGE = 2, APP_SETUP = 3 };

struct rpmsg_app {
	const char *service;		/* channel name to look for */
	char channel[NAME_MAX + 1];	/* e.g. virtio0.<service>.-1.1024 */
	char vdev[NAME_MAX + 1];	/* e.g. virtio0 */
	char ctrl[NAME_MAX + 1];			/* e.g. rpmsg_ctrl0 */
	char eptdev[NAME_MAX + 1];		/* e.g. rpmsg3 */
	int ctrlfd;
	int fd;
	struct rpmsg_endpoint_info info;
	bool channel_given;		/* channel named by the user */
	bool have_dst;			/* info.dst given by the user */
	bool verbose;
	struct ohost_rpmsg_channel *ch;	/* app_find_channel() */
	struct ohost_rpmsg_ept *ept;	/* app_create_ept() */
};

void app_log(const struct rpmsg_app *app, const char *fmt, ...);
int app_read_file(const char *path, char *buf, size_t size);
int app_write_file(const char *path, const char *s);
int app_find_channel(struct rpmsg_app *app, int wait_s);
int app_bind_chrdev(struct rpmsg_app *app);
int app_open_ctrl(struct rpmsg_app *app);
int app_create_ept(struct rpmsg_app *app);
int app_open_ept(struct rpmsg_app *app, int flags);
int app_setup(struct rpmsg_app *app, int wait_s);
void app_teardown(struct rpmsg_app *app);
ssize_t app_recv(struct rpmsg_app *app, void *buf, size_t size,
		 int timeout_ms);
bool app_channel_exists(const struct rpmsg_app *app);
bool app_channel_gone(const struct rpmsg_app *app, int err);
void app_wait_channel_gone(const struct rpmsg_app *app, int timeout_ms);
bool app_parse_uint(const char *s, unsigned long max,
		    unsigned long *out);

#endif /* OHOST_RPMSG_APP_H */
