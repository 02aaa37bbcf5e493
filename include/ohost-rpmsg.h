/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libohost-rpmsg: remote processors and rpmsg endpoints from userspace,
 * in the spirit of TI's librpmsg_char.  Works on sysfs and the rpmsg_char
 * device interface (<linux/rpmsg.h>), so on this project's modules and on
 * Linux's own alike.
 *
 * Conventions: every handle is opaque and owned by the caller; there is no
 * global state (handles may be used from different threads, one handle from
 * one thread at a time).  Functions returning int return 0 or a count on
 * success and a negative errno on failure; they do not print.
 *
 * Link with -lohost-rpmsg (pkg-config ohost-rpmsg).  Symbols are versioned
 * (OHOST_RPMSG_0.1); the soname is libohost-rpmsg.so.0.
 */
#ifndef OHOST_RPMSG_LIB_H
#define OHOST_RPMSG_LIB_H

#include <stddef.h>
#include <linux/types.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An address that is not given: the kernel picks one (RPMSG_ADDR_ANY). */
#define OHOST_RPMSG_ADDR_ANY	0xffffffffu

/* The service of the OpenAMP demos (echo, matrix multiply, rpc). */
#define OHOST_RPMSG_DEMO_SERVICE	"rpmsg-openamp-demo-channel"

struct ohost_rproc;
struct ohost_rpmsg_channel;
struct ohost_rpmsg_ept;

/* ---- remote processors (/sys/class/remoteproc) ---- */

/**
 * ohost_rproc_list() - all remote processors, in remoteprocN order
 * @list:	set to an array of handles, to free with ohost_rproc_list_free()
 *
 * Return: the number of handles (0 with *@list NULL when there are none),
 * or a negative errno.
 */
int ohost_rproc_list(struct ohost_rproc ***list);

/**
 * ohost_rproc_list_free() - free what ohost_rproc_list() returned
 * @list:	the array (NULL is allowed)
 * @count:	its number of handles
 */
void ohost_rproc_list_free(struct ohost_rproc **list, int count);

/**
 * ohost_rproc_open() - get a remote processor by name
 * @name:	its name (the sysfs "name" file) or its device name
 *		("remoteproc0")
 * @rproc:	set to the handle, to free with ohost_rproc_close()
 *
 * Return: 0, -ENOENT if there is no such remote processor, or another
 * negative errno.
 */
int ohost_rproc_open(const char *name, struct ohost_rproc **rproc);

/**
 * ohost_rproc_close() - free a handle
 * @rproc:	the handle (NULL is allowed)
 */
void ohost_rproc_close(struct ohost_rproc *rproc);

/**
 * ohost_rproc_name() - the remote processor's name (sysfs "name")
 * @rproc:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rproc_name(const struct ohost_rproc *rproc);

/**
 * ohost_rproc_device() - the remote processor's device name ("remoteproc0")
 * @rproc:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rproc_device(const struct ohost_rproc *rproc);

/**
 * ohost_rproc_state() - read the current state ("offline", "running", ...)
 * @rproc:	the handle
 * @buf:	room for it, NUL-terminated
 * @size:	the room at @buf
 *
 * Return: 0 or a negative errno.
 */
int ohost_rproc_state(const struct ohost_rproc *rproc, char *buf, size_t size);

/**
 * ohost_rproc_firmware() - read the firmware file name
 * @rproc:	the handle
 * @buf:	room for it, NUL-terminated
 * @size:	the room at @buf
 *
 * Return: 0 or a negative errno.
 */
int ohost_rproc_firmware(const struct ohost_rproc *rproc, char *buf,
			 size_t size);

/**
 * ohost_rproc_set_firmware() - set the firmware file name (under
 * /lib/firmware) used by the next start
 * @rproc:	the handle
 * @firmware:	the file name
 *
 * Return: 0, -EBUSY if the remote processor is not offline, or another
 * negative errno from the kernel.
 */
int ohost_rproc_set_firmware(struct ohost_rproc *rproc, const char *firmware);

/**
 * ohost_rproc_start() - load the firmware and start the remote processor
 * @rproc:	the handle
 *
 * A remote processor that is already running (or attached) is refused,
 * not started again: Linux would only count another user of it.
 *
 * Return: 0, -EBUSY if it is already running, or the kernel's negative
 * errno of the failed start (-ENOENT: no firmware file, -EINVAL: a bad image).
 */
int ohost_rproc_start(struct ohost_rproc *rproc);

/**
 * ohost_rproc_stop() - stop the remote processor
 * @rproc:	the handle
 *
 * Return: 0, -EINVAL if it is not running, or another negative errno.
 */
int ohost_rproc_stop(struct ohost_rproc *rproc);

/* ---- rpmsg channels (/sys/bus/rpmsg/devices) ---- */

/**
 * ohost_rpmsg_channel_list() - the rpmsg channels on the bus
 * @rproc:	only those of this remote processor's virtio devices; NULL: all
 * @service:	only channels of this service name; NULL: all
 * @list:	set to an array of handles, to free with
 *		ohost_rpmsg_channel_list_free()
 *
 * The bus's own devices (rpmsg_ctrl, rpmsg_ns) are not channels.
 *
 * Return: the number of handles (0 with *@list NULL when there are none),
 * or a negative errno (-ENOENT: no rpmsg bus, rpmsg_core is not loaded).
 */
int ohost_rpmsg_channel_list(const struct ohost_rproc *rproc,
			     const char *service,
			     struct ohost_rpmsg_channel ***list);

/**
 * ohost_rpmsg_channel_list_free() - free what ohost_rpmsg_channel_list()
 * returned
 * @list:	the array (NULL is allowed)
 * @count:	its number of handles
 */
void ohost_rpmsg_channel_list_free(struct ohost_rpmsg_channel **list,
				   int count);

/**
 * ohost_rpmsg_channel_find() - the first channel of a service, waiting for
 * it to appear
 * @rproc:	only channels of this remote processor; NULL: any
 * @service:	the service name, or NULL when @device is given
 * @device:	only the channel of this device name
 *		("virtio0.rpmsg-openamp-demo-channel.-1.1024"); NULL: any
 * @timeout_ms:	how long to wait for it to appear; 0: do not wait
 * @channel:	set to the handle, to free with ohost_rpmsg_channel_free()
 *
 * Return: 0, -ENOENT if there is no such channel (after @timeout_ms), or
 * another negative errno.
 */
int ohost_rpmsg_channel_find(const struct ohost_rproc *rproc,
			     const char *service, const char *device,
			     int timeout_ms,
			     struct ohost_rpmsg_channel **channel);

/**
 * ohost_rpmsg_channel_free() - free a channel handle
 * @channel:	the handle (NULL is allowed)
 */
void ohost_rpmsg_channel_free(struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_device() - the channel's device name on the rpmsg bus
 * @channel:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rpmsg_channel_device(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_service() - the channel's service name
 * @channel:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rpmsg_channel_service(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_vdev() - the channel's virtio device ("virtio0")
 * @channel:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rpmsg_channel_vdev(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_rproc() - the name of the channel's remote processor
 * @channel:	the handle
 *
 * Return: a string that lives as long as the handle, or NULL when sysfs
 * does not show the virtio device under a remote processor.
 */
const char *ohost_rpmsg_channel_rproc(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_src() - the channel's local address
 * @channel:	the handle
 *
 * Return: the address, OHOST_RPMSG_ADDR_ANY for an announced channel.
 */
__u32 ohost_rpmsg_channel_src(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_dst() - the channel's remote address
 * @channel:	the handle
 *
 * Return: the address.
 */
__u32 ohost_rpmsg_channel_dst(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_exists() - is the channel still on the bus?
 * @channel:	the handle
 *
 * Return: 1 if it is, 0 if it has gone (the remote removed it or stopped).
 */
int ohost_rpmsg_channel_exists(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_channel_bind() - bind the channel to rpmsg_chrdev (through
 * driver_override), unless it already is
 * @channel:	the handle
 *
 * Needed before an endpoint is created on the channel's virtio device, as
 * openamp-system-reference does it.
 *
 * Return: 0, -EBUSY if another driver has the channel, or another negative
 * errno (-ENODEV: no rpmsg_chrdev driver, ohost_rpmsg_char is not loaded).
 */
int ohost_rpmsg_channel_bind(const struct ohost_rpmsg_channel *channel);

/**
 * ohost_rpmsg_ctrl_open() - open the endpoint control device
 * (/dev/rpmsg_ctrlN) of a virtio device
 * @vdev:	the virtio device ("virtio0")
 * @name:	set to the control device's name ("rpmsg_ctrl0"); may be NULL
 * @size:	the room at @name
 *
 * For RPMSG_CREATE_EPT_IOCTL and RPMSG_CREATE_DEV_IOCTL by hand; most
 * programs want ohost_rpmsg_ept_create() instead.
 *
 * Return: an open file descriptor (O_RDWR, O_CLOEXEC) or a negative errno.
 */
int ohost_rpmsg_ctrl_open(const char *vdev, char *name, size_t size);

/* ---- endpoints (/dev/rpmsgN) ---- */

/**
 * ohost_rpmsg_ept_create() - create an endpoint on a channel's virtio device
 * and open its /dev/rpmsgN
 * @channel:	the channel (bound to rpmsg_chrdev: ohost_rpmsg_channel_bind())
 * @name:	the endpoint's name; NULL: the channel's service name
 * @src:	local address, or OHOST_RPMSG_ADDR_ANY
 * @dst:	remote address, or OHOST_RPMSG_ADDR_ANY for the channel's
 * @ept:	set to the handle, to free with ohost_rpmsg_close()
 *
 * Return: 0 or a negative errno (that of RPMSG_CREATE_EPT_IOCTL, e.g.
 * -EBUSY for a local address in use).
 */
int ohost_rpmsg_ept_create(const struct ohost_rpmsg_channel *channel,
			   const char *name, __u32 src, __u32 dst,
			   struct ohost_rpmsg_ept **ept);

/**
 * ohost_rpmsg_open() - find a service's channel, bind it and create an
 * endpoint on it: ohost_rpmsg_channel_find() (without waiting),
 * ohost_rpmsg_channel_bind() and ohost_rpmsg_ept_create() in one
 * @rproc:	the remote processor's name; NULL: any
 * @service:	the service name
 * @src:	local address, or OHOST_RPMSG_ADDR_ANY
 * @dst:	remote address, or OHOST_RPMSG_ADDR_ANY for the channel's
 * @ept:	set to the handle, to free with ohost_rpmsg_close()
 *
 * Return: 0, -ENODEV if there is no remote processor @rproc, -ENOENT if
 * there is no channel of @service, or another negative errno.
 */
int ohost_rpmsg_open(const char *rproc, const char *service, __u32 src,
		     __u32 dst, struct ohost_rpmsg_ept **ept);

/**
 * ohost_rpmsg_fd() - the endpoint's file descriptor (/dev/rpmsgN)
 * @ept:	the handle
 *
 * For poll(), read() and write(); one message per read() and write().
 * The handle owns it: do not close it.
 *
 * Return: the file descriptor.
 */
int ohost_rpmsg_fd(const struct ohost_rpmsg_ept *ept);

/**
 * ohost_rpmsg_ctrl_fd() - the file descriptor of the endpoint's control
 * device (/dev/rpmsg_ctrlN), owned by the handle
 * @ept:	the handle
 *
 * Return: the file descriptor.
 */
int ohost_rpmsg_ctrl_fd(const struct ohost_rpmsg_ept *ept);

/**
 * ohost_rpmsg_ept_device() - the endpoint's device name ("rpmsg3")
 * @ept:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rpmsg_ept_device(const struct ohost_rpmsg_ept *ept);

/**
 * ohost_rpmsg_ctrl_device() - the endpoint's control device ("rpmsg_ctrl0")
 * @ept:	the handle
 *
 * Return: a string that lives as long as the handle.
 */
const char *ohost_rpmsg_ctrl_device(const struct ohost_rpmsg_ept *ept);

/**
 * ohost_rpmsg_ept_dst() - the remote address the endpoint sends to
 * @ept:	the handle
 *
 * Return: the address.
 */
__u32 ohost_rpmsg_ept_dst(const struct ohost_rpmsg_ept *ept);

/**
 * ohost_rpmsg_send() - send one message
 * @ept:	the handle
 * @buf:	the message
 * @len:	its length, at most the transport's MTU
 * @timeout_ms:	how long to wait for room; negative: no limit
 *
 * Return: @len, -ETIMEDOUT, or the write()'s negative errno (-EMSGSIZE,
 * -EPIPE when the remote has gone, ...).
 */
ssize_t ohost_rpmsg_send(struct ohost_rpmsg_ept *ept, const void *buf,
			 size_t len, int timeout_ms);

/**
 * ohost_rpmsg_recv() - receive one message
 * @ept:	the handle
 * @buf:	room for it; a longer message is cut to @size
 * @size:	the room at @buf
 * @timeout_ms:	how long to wait for it; negative: no limit
 *
 * Return: the message's length, -ETIMEDOUT, or the read()'s negative errno.
 */
ssize_t ohost_rpmsg_recv(struct ohost_rpmsg_ept *ept, void *buf, size_t size,
			 int timeout_ms);

/**
 * ohost_rpmsg_close() - destroy the endpoint (RPMSG_DESTROY_EPT_IOCTL),
 * close its files and free the handle
 * @ept:	the handle (NULL is allowed)
 *
 * Return: 0, or the negative errno of RPMSG_DESTROY_EPT_IOCTL (the handle
 * is freed all the same).
 */
int ohost_rpmsg_close(struct ohost_rpmsg_ept *ept);

#ifdef __cplusplus
}
#endif

#endif /* OHOST_RPMSG_LIB_H */
