/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenAMP RPMsg proxy protocol (open-amp lib/proxy, "rpmsg_retarget"):
 * wire format and the request handler, free of I/O so that it can be
 * tested on the host.  See Documentation/rpmsg-proxy.rst.
 */
#ifndef RPMSG_PROXYD_PROTO_H
#define RPMSG_PROXYD_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Header: {u32 id; i32 f1; i32 f2; u32 data_len}, little endian, packed. */
#define PROXY_HDR_SIZE		16
#define PROXY_MSG_MAX		496	/* header + data, both directions */
#define PROXY_DATA_MAX		(PROXY_MSG_MAX - PROXY_HDR_SIZE)

enum proxy_id {
	PROXY_OPEN	= 1,
	PROXY_CLOSE	= 2,
	PROXY_WRITE	= 3,
	PROXY_READ	= 4,
	PROXY_ACK	= 5,
	PROXY_TERM	= 6,
};

/* Open flags on the wire: Linux's generic (asm-generic/fcntl.h) values. */
#define PROXY_O_ACCMODE		0003
#define PROXY_O_RDONLY		0000
#define PROXY_O_WRONLY		0001
#define PROXY_O_RDWR		0002
#define PROXY_O_CREAT		0100
#define PROXY_O_EXCL		0200
#define PROXY_O_NOCTTY		0400
#define PROXY_O_TRUNC		01000
#define PROXY_O_APPEND		02000

/* Largest creation mode accepted: permission bits only. */
#define PROXY_MODE_MASK		0777

/* The remote's console: its fds 0, 1 and 2. */
#define PROXY_FD_STDIN		0
#define PROXY_FD_STDOUT		1

struct proxy_hdr {
	uint32_t id;
	int32_t f1;
	int32_t f2;
	uint32_t data_len;
};

/*
 * What serves the requests.  Each returns a count or a file number, or a
 * negative errno, which goes back to the remote as is.  Remote file
 * numbers are the backend's business (see session.c).
 */
struct proxy_ops {
	int (*open)(void *ctx, const char *path, int flags, mode_t mode);
	ssize_t (*read)(void *ctx, int rfd, void *buf, size_t len);
	ssize_t (*write)(void *ctx, int rfd, const void *buf, size_t len);
	int (*close)(void *ctx, int rfd);
	/* optional: a request was refused or malformed (for logging) */
	void (*note)(void *ctx, const char *what, int err);
};

enum proxy_action {
	PROXY_REPLY,		/* send reply[0..*reply_len) */
	PROXY_SILENT,		/* nothing to send */
	PROXY_DONE,		/* TERM: the remote is finished */
};

/*
 * Handle one request of @len bytes.  @reply must hold PROXY_MSG_MAX bytes.
 */
enum proxy_action proxy_handle(const struct proxy_ops *ops, void *ctx,
			       const void *msg, size_t len,
			       void *reply, size_t *reply_len);

/* Wire open flags to local ones (O_CLOEXEC etc. not included). */
int proxy_open_flags(int32_t wire, int *local);

void proxy_put_hdr(void *buf, const struct proxy_hdr *h);
void proxy_get_hdr(const void *buf, struct proxy_hdr *h);

#endif /* RPMSG_PROXYD_PROTO_H */
