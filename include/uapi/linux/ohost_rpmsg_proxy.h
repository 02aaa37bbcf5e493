/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * openamp-host RPMsg proxy character device (/dev/rpmsg_proxyN).
 *
 * Each read() returns one whole message from the remote, each write()
 * sends one whole message to it.  See Documentation/rpmsg-proxy.rst.
 */

#ifndef _UAPI_LINUX_OHOST_RPMSG_PROXY_H
#define _UAPI_LINUX_OHOST_RPMSG_PROXY_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * ioctl type of the project's devices (also ohost_rpmsg.h, numbers from
 * 0x10 on); 0xB9 is unassigned in ioctl-number.rst.
 */
#define OHOST_RPMSG_PROXY_IOC_MAGIC	0xB9

/**
 * struct ohost_rpmsg_proxy_addr - the two ends of a proxy channel
 * @src: local endpoint address (allocated dynamically at probe)
 * @dst: the remote's address, where write() sends
 */
struct ohost_rpmsg_proxy_addr {
	__u32 src;
	__u32 dst;
};

/* Both ends' rpmsg addresses (struct of 8 bytes). */
#define OHOST_RPMSG_PROXY_GET_ADDR \
	_IOR(OHOST_RPMSG_PROXY_IOC_MAGIC, 0x01, struct ohost_rpmsg_proxy_addr)

/* Largest payload one write() may send, in bytes (a __u32). */
#define OHOST_RPMSG_PROXY_GET_MTU \
	_IOR(OHOST_RPMSG_PROXY_IOC_MAGIC, 0x02, __u32)

#endif /* _UAPI_LINUX_OHOST_RPMSG_PROXY_H */
