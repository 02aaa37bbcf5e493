// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: the transport's parsing of what the remote writes on the
 * rpmsg wire, drivers/rpmsg/ohost_rpmsg_wire.c (built from the driver's
 * own file with the stand-ins of kshim/): a message header in a shared RX
 * buffer, and the name service message that a payload may be.
 *
 * Input: a config byte (bit 0: big-endian device), the RX buffer's size
 * as a little-endian u16 (0: 65536), then the buffer's contents as the
 * remote wrote them (cut or zero-padded to the size).
 *
 * The shared buffer and the private copy are each allocated to exactly
 * the buffer's size, so that ASan sees any read or write past them.
 * Beyond memory errors, the harness checks what the parsers promise:
 * the copy holds the header and exactly the payload the header claims,
 * and only when that fits the buffer; a name service message is accepted
 * exactly when its size, name, flags and address are valid, and what is
 * returned is the message's own name (terminated, padded with zeros),
 * address and flag.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ohost/rpmsg_wire.h>

#define HDR_SIZE	sizeof(struct rpmsg_hdr)

static void must(int cond)
{
	if (!cond)
		abort();
}

/* What the parser must say of a name service message of @len bytes. */
static int ns_expected(const u8 *data, int len, bool le)
{
	const struct rpmsg_ns_msg *m = (const void *)data;
	u32 flags, addr;

	if (len != (int)sizeof(*m))
		return -EMSGSIZE;
	flags = __rpmsg32_to_cpu(le, m->flags);
	addr = __rpmsg32_to_cpu(le, m->addr);
	if (!m->name[0] || strnlen(m->name, RPMSG_NAME_SIZE) == RPMSG_NAME_SIZE ||
	    flags > RPMSG_NS_DESTROY || addr == RPMSG_ADDR_ANY)
		return -EINVAL;
	return 0;
}

static void check_ns(const u8 *data, int len, bool le)
{
	const struct rpmsg_ns_msg *m = (const void *)data;
	struct ohost_rpmsg_ns_req req;
	u8 *copy = malloc(len ? len : 1);	/* exact size, as the bounce */
	size_t n;
	int ret;

	must(copy != NULL);
	memcpy(copy, data, len);
	memset(&req, 0xa5, sizeof(req));
	ret = ohost_rpmsg_ns_parse(copy, len, le, &req);
	must(ret == ns_expected(data, len, le));
	if (!ret) {
		n = strnlen(req.name, sizeof(req.name));
		must(n > 0 && n < sizeof(req.name));
		must(!memcmp(req.name, m->name, n + 1));
		while (++n < sizeof(req.name))
			must(req.name[n] == '\0');
		must(req.addr == __rpmsg32_to_cpu(le, m->addr));
		must(req.destroy == (__rpmsg32_to_cpu(le, m->flags) ==
				     RPMSG_NS_DESTROY));
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int buf_size, claimed;
	struct rpmsg_hdr *shared, *msg;
	bool le;
	int ret;

	if (size < 3)
		return 0;
	le = !(data[0] & 1);
	buf_size = data[1] | data[2] << 8;
	if (!buf_size)
		buf_size = 65536;
	data += 3;
	size -= 3;

	shared = calloc(1, buf_size);
	msg = malloc(buf_size);
	must(shared && msg);
	memcpy(shared, data, size < buf_size ? size : buf_size);

	ret = ohost_rpmsg_rx_copy(msg, shared, buf_size, le);
	if (buf_size < HDR_SIZE) {
		must(ret == -EMSGSIZE);
		goto out;
	}
	claimed = __rpmsg16_to_cpu(le, shared->len);
	if (claimed > buf_size - HDR_SIZE) {
		must(ret == -EMSGSIZE);
		goto out;
	}
	must(ret == (int)claimed);
	must(!memcmp(msg, shared, HDR_SIZE + claimed));
	check_ns(msg->data, ret, le);
out:
	free(shared);
	free(msg);
	return 0;
}
