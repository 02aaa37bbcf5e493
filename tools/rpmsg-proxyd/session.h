/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The remote's files: a table from remote file numbers to local
 * descriptors, and opening confined to one root directory.
 */
#ifndef RPMSG_PROXYD_SESSION_H
#define RPMSG_PROXYD_SESSION_H

#include <stdbool.h>

#include "proto.h"

/* Remote file numbers 0..2 are the console, 3..PROXYD_MAX_FDS-1 files. */
#define PROXYD_MAX_FDS	64

struct session {
	int rootfd;			/* O_PATH descriptor of --root */
	int fds[PROXYD_MAX_FDS];	/* local fd per remote fd, -1 if free */
	bool no_openat2;		/* use the openat() walk */
	int verbose;
};

int session_init(struct session *s, const char *root, bool no_openat2);
void session_fini(struct session *s);

/* Open @path beneath @rootfd; returns an fd or -errno. */
int open_beneath(int rootfd, const char *path, int flags, mode_t mode,
		 bool *no_openat2);

extern const struct proxy_ops session_ops;

#endif /* RPMSG_PROXYD_SESSION_H */
