/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * openamp-host extensions of the rpmsg endpoint devices (/dev/rpmsgN of
 * ohost_rpmsg_char).  Opt-in: an application that does not use them sees
 * exactly Linux's rpmsg_char (<linux/rpmsg.h>): one message per read() and
 * write(), the same errnos.  Also without any ioctl here, /dev/rpmsgN
 * supports what upstream's does not:
 *  - io_uring and preadv2/pwritev2 with RWF_NOWAIT: -EAGAIN instead of
 *    blocking (the device sets FMODE_NOWAIT);
 *  - poll() reports EPOLLOUT when a write would not block.
 */
#ifndef _UAPI_LINUX_OHOST_RPMSG_H
#define _UAPI_LINUX_OHOST_RPMSG_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* The project's ioctl type (also ohost_rpmsg_proxy.h): unassigned upstream. */
#define OHOST_RPMSG_IOC_MAGIC		0xB9

/**
 * struct ohost_rpmsg_mmsg - one message of a batch
 * @buf:	user address of the message (send) or of room for it (recv)
 * @len:	send: the message's length; recv: the room at @buf
 * @msg_len:	recv: set to the message's length; more than @len means it
 *		was cut to @len and the rest dropped (as read() does).
 *		Send: ignored.
 */
struct ohost_rpmsg_mmsg {
	__u64 buf;
	__u32 len;
	__u32 msg_len;
};

/**
 * struct ohost_rpmsg_mmsgs - a batch of messages
 * @msgs:	user address of an array of struct ohost_rpmsg_mmsg
 * @count:	its entries, 1 to OHOST_RPMSG_MMSG_MAX
 * @flags:	OHOST_RPMSG_MMSG_DONTWAIT, or 0
 */
struct ohost_rpmsg_mmsgs {
	__u64 msgs;
	__u32 count;
	__u32 flags;
};

#define OHOST_RPMSG_MMSG_MAX		1024
/* Do not block (as O_NONBLOCK, for this call only). */
#define OHOST_RPMSG_MMSG_DONTWAIT	0x1

/*
 * Send @count messages in order, as that many write()s would, in one call.
 * Return: how many were sent; when not even the first was, -1 with the
 * errno its write() would have given (EMSGSIZE, EAGAIN, ETIMEDOUT, EPIPE,
 * EFAULT, ...).  EINVAL: @count or @flags out of range.
 */
#define OHOST_RPMSG_SEND_MMSG \
	_IOW(OHOST_RPMSG_IOC_MAGIC, 0x10, struct ohost_rpmsg_mmsgs)

/*
 * Receive up to @count messages in one call: waits for the first as read()
 * would (unless O_NONBLOCK or OHOST_RPMSG_MMSG_DONTWAIT: EAGAIN), then
 * takes only what is already queued.  Return: how many, each with its
 * @msg_len set; when none, -1 with read()'s errno (EAGAIN, EPIPE, ...).
 */
#define OHOST_RPMSG_RECV_MMSG \
	_IOW(OHOST_RPMSG_IOC_MAGIC, 0x11, struct ohost_rpmsg_mmsgs)

/* The largest message a write() may send, in bytes (a __u32). */
#define OHOST_RPMSG_GET_MTU \
	_IOR(OHOST_RPMSG_IOC_MAGIC, 0x12, __u32)

#endif /* _UAPI_LINUX_OHOST_RPMSG_H */
