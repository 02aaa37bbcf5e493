// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of what the remote writes on the rpmsg wire: the header of a
 * received message and name service messages.  Everything here comes from
 * an untrusted remote; see include/ohost/rpmsg_wire.h.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include <ohost/rpmsg_wire.h>

/**
 * ohost_rpmsg_rx_copy() - copy a received message out of shared memory
 * @msg: private copy, @buf_size bytes
 * @shared: the message in its RX buffer of @buf_size bytes
 * @buf_size: size of one RX buffer, header included
 * @little_endian: byte order of the device
 *
 * The header is copied first and its length checked in the copy, so the
 * remote cannot change it between the check and its use; the used length
 * of the ring is not consulted (remotes report the whole buffer).
 *
 * Return: the payload's length, or -EMSGSIZE when the header claims more
 * than the buffer holds (nothing beyond the header is copied then).
 */
int ohost_rpmsg_rx_copy(struct rpmsg_hdr *msg, const struct rpmsg_hdr *shared,
			unsigned int buf_size, bool little_endian)
{
	unsigned int len;

	if (buf_size < sizeof(*msg))
		return -EMSGSIZE;
	memcpy(msg, shared, sizeof(*msg));
	len = __rpmsg16_to_cpu(little_endian, msg->len);
	if (len > buf_size - sizeof(*msg))
		return -EMSGSIZE;
	memcpy(msg->data, shared->data, len);
	return len;
}

/**
 * ohost_rpmsg_ns_parse() - check a name service message
 * @data: the message, @len bytes (a private copy, not shared memory)
 * @len: its length
 * @little_endian: byte order of the device
 * @req: filled in when the message is valid
 *
 * Return: 0, -EMSGSIZE when @len is not that of a name service message,
 * or -EINVAL when the name is empty or not terminated, a flag is unknown
 * or the address is RPMSG_ADDR_ANY.
 */
int ohost_rpmsg_ns_parse(const void *data, int len, bool little_endian,
			 struct ohost_rpmsg_ns_req *req)
{
	struct rpmsg_ns_msg msg;
	u32 flags, addr;

	if (len != sizeof(msg))
		return -EMSGSIZE;
	memcpy(&msg, data, sizeof(msg));
	flags = __rpmsg32_to_cpu(little_endian, msg.flags);
	addr = __rpmsg32_to_cpu(little_endian, msg.addr);
	if (!msg.name[0] || !memchr(msg.name, '\0', sizeof(msg.name)) ||
	    flags & ~RPMSG_NS_DESTROY || addr == RPMSG_ADDR_ANY)
		return -EINVAL;

	strscpy_pad(req->name, msg.name, sizeof(req->name));
	req->addr = addr;
	req->destroy = flags & RPMSG_NS_DESTROY;
	return 0;
}
