/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rpmsg wire format, and the parsing of what the remote writes in it:
 * message headers in shared RX buffers and name service messages.  Kept
 * apart from the transport (ohost_virtio_rpmsg_bus.c) so that the same
 * file, drivers/rpmsg/ohost_rpmsg_wire.c, is also built in userspace by
 * its fuzz harness (tools/testing/fuzz/rpmsg_wire_fuzz.c).
 */
#ifndef OHOST_RPMSG_WIRE_H
#define OHOST_RPMSG_WIRE_H

#include <linux/rpmsg/ns.h>

/**
 * struct rpmsg_hdr - header of every message on the wire (little endian
 * unless the virtio device says otherwise)
 * @src: source address
 * @dst: destination address
 * @reserved: zero
 * @len: payload length in bytes
 * @flags: zero
 * @data: @len bytes of payload
 */
struct rpmsg_hdr {
	__rpmsg32 src;
	__rpmsg32 dst;
	__rpmsg32 reserved;
	__rpmsg16 len;
	__rpmsg16 flags;
	u8 data[];
} __packed;

/**
 * struct ohost_rpmsg_ns_req - a name service message, checked
 * @name: the channel's name, NUL-terminated and not empty
 * @addr: the remote's address of the channel, never RPMSG_ADDR_ANY
 * @destroy: the remote withdraws the channel (else it announces it)
 */
struct ohost_rpmsg_ns_req {
	char name[RPMSG_NAME_SIZE];
	u32 addr;
	bool destroy;
};

int ohost_rpmsg_rx_copy(struct rpmsg_hdr *msg, const struct rpmsg_hdr *shared,
			unsigned int buf_size, bool little_endian);
int ohost_rpmsg_ns_parse(const void *data, int len, bool little_endian,
			 struct ohost_rpmsg_ns_req *req);

#endif /* OHOST_RPMSG_WIRE_H */
