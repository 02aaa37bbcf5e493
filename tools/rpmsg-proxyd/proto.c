// SPDX-License-Identifier: GPL-2.0
/*
 * RPMsg proxy protocol: validate one request, call the backend, build the
 * reply.  No I/O here.
 *
 * Every reply carries the request's id (open-amp's rpmsg_retarget checks
 * it) and the result in f1: a count, a file number, or a negative errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "proto.h"

static uint32_t get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

void proxy_get_hdr(const void *buf, struct proxy_hdr *h)
{
	const unsigned char *p = buf;

	h->id = get_le32(p);
	h->f1 = (int32_t)get_le32(p + 4);
	h->f2 = (int32_t)get_le32(p + 8);
	h->data_len = get_le32(p + 12);
}

void proxy_put_hdr(void *buf, const struct proxy_hdr *h)
{
	unsigned char *p = buf;

	put_le32(p, h->id);
	put_le32(p + 4, (uint32_t)h->f1);
	put_le32(p + 8, (uint32_t)h->f2);
	put_le32(p + 12, h->data_len);
}

int proxy_open_flags(int32_t wire, int *local)
{
	const int32_t known = PROXY_O_ACCMODE | PROXY_O_CREAT | PROXY_O_EXCL |
			      PROXY_O_NOCTTY | PROXY_O_TRUNC | PROXY_O_APPEND;
	int flags;

	if (wire & ~known)
		return -EINVAL;

	switch (wire & PROXY_O_ACCMODE) {
	case PROXY_O_RDONLY:
		flags = O_RDONLY;
		break;
	case PROXY_O_WRONLY:
		flags = O_WRONLY;
		break;
	case PROXY_O_RDWR:
		flags = O_RDWR;
		break;
	default:
		return -EINVAL;
	}
	if (wire & PROXY_O_CREAT)
		flags |= O_CREAT;
	if (wire & PROXY_O_EXCL)
		flags |= O_EXCL;
	if (wire & PROXY_O_TRUNC)
		flags |= O_TRUNC;
	if (wire & PROXY_O_APPEND)
		flags |= O_APPEND;
	/* PROXY_O_NOCTTY: the daemon always opens with O_NOCTTY. */

	*local = flags;
	return 0;
}

static void note(const struct proxy_ops *ops, void *ctx, const char *what,
		 int err)
{
	if (ops->note)
		ops->note(ctx, what, err);
}

static int do_open(const struct proxy_ops *ops, void *ctx,
		   const struct proxy_hdr *h, const char *data)
{
	int flags, ret;

	/* The path must end, with its NUL, inside the data. */
	if (!h->data_len || !memchr(data, '\0', h->data_len)) {
		note(ops, ctx, "OPEN: path not NUL-terminated", -EINVAL);
		return -EINVAL;
	}
	if (!data[0])
		return -ENOENT;
	ret = proxy_open_flags(h->f1, &flags);
	if (ret) {
		note(ops, ctx, "OPEN: unknown flags", ret);
		return ret;
	}
	if (h->f2 & ~PROXY_MODE_MASK) {
		note(ops, ctx, "OPEN: mode beyond 0777", -EINVAL);
		return -EINVAL;
	}
	return ops->open(ctx, data, flags, (mode_t)h->f2);
}

/*
 * WRITE: f1 fd, f2 count, data.  open-amp sends printf output (fd 1) with
 * a NUL after the text, counted in data_len but not in f2; older versions
 * counted it in f2 as well.  Either way the NUL is not written, and the
 * reply counts it as consumed so the remote sees the count it asked for.
 */
static int do_write(const struct proxy_ops *ops, void *ctx,
		    const struct proxy_hdr *h, const char *data)
{
	size_t count, extra = 0;
	ssize_t ret;

	if (h->f2 < 0 || (uint32_t)h->f2 > h->data_len) {
		note(ops, ctx, "WRITE: count beyond data", -EINVAL);
		return -EINVAL;
	}
	count = (size_t)h->f2;
	if (h->f1 == PROXY_FD_STDOUT && count && count == h->data_len &&
	    data[count - 1] == '\0') {
		count--;
		extra = 1;
	}
	if (!count)
		return (int)extra;
	ret = ops->write(ctx, h->f1, data, count);
	return ret < 0 ? (int)ret : (int)(ret + extra);
}

/* READ: f1 fd, f2 count; the reply carries the data, at most 480 bytes. */
static int do_read(const struct proxy_ops *ops, void *ctx,
		   const struct proxy_hdr *h, unsigned char *out)
{
	size_t count;
	ssize_t ret;

	if (h->f2 < 0) {
		note(ops, ctx, "READ: negative count", -EINVAL);
		return -EINVAL;
	}
	count = (size_t)h->f2;
	if (count > PROXY_DATA_MAX)
		count = PROXY_DATA_MAX;
	if (!count)
		return 0;
	ret = ops->read(ctx, h->f1, out, count);
	if (ret > (ssize_t)count)
		return -EIO;
	return (int)ret;
}

enum proxy_action proxy_handle(const struct proxy_ops *ops, void *ctx,
			       const void *msg, size_t len,
			       void *reply, size_t *reply_len)
{
	const unsigned char *m = msg;
	unsigned char *out = (unsigned char *)reply + PROXY_HDR_SIZE;
	struct proxy_hdr h, r = { 0 };
	int ret;

	*reply_len = 0;
	if (len < sizeof(uint32_t)) {
		note(ops, ctx, "message too short to answer", -EINVAL);
		return PROXY_SILENT;
	}
	r.id = get_le32(m);

	if (len < PROXY_HDR_SIZE) {
		note(ops, ctx, "message shorter than the header", -EINVAL);
		ret = -EINVAL;
		goto answer;
	}
	if (len > PROXY_MSG_MAX) {
		note(ops, ctx, "message longer than 496 bytes", -EMSGSIZE);
		ret = -EMSGSIZE;
		goto answer;
	}
	proxy_get_hdr(m, &h);
	if (h.data_len > len - PROXY_HDR_SIZE) {
		note(ops, ctx, "data_len past the end of the message", -EINVAL);
		ret = -EINVAL;
		goto answer;
	}

	switch (h.id) {
	case PROXY_OPEN:
		ret = do_open(ops, ctx, &h, (const char *)m + PROXY_HDR_SIZE);
		break;
	case PROXY_CLOSE:
		ret = ops->close(ctx, h.f1);
		break;
	case PROXY_WRITE:
		ret = do_write(ops, ctx, &h, (const char *)m + PROXY_HDR_SIZE);
		break;
	case PROXY_READ:
		ret = do_read(ops, ctx, &h, out);
		if (ret > 0)
			r.data_len = (uint32_t)ret;
		break;
	case PROXY_TERM:
		return PROXY_DONE;
	default:
		note(ops, ctx, "unknown request id", -ENOSYS);
		ret = -ENOSYS;
		break;
	}

answer:
	r.f1 = ret;
	proxy_put_hdr(reply, &r);
	*reply_len = PROXY_HDR_SIZE + r.data_len;
	return PROXY_REPLY;
}
