/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the supported kernels (Debian's
 * 6.1 and 6.12, and boards' own kernels) are bridged.  Drivers include
 * this instead of testing LINUX_VERSION_CODE themselves.
 */
#ifndef OHOST_COMPAT_H
#define OHOST_COMPAT_H

#include <linux/version.h>

/* ---- rpmsg / virtio (owner: drivers/rpmsg) ------------------------------ */

#include <linux/rpmsg.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>

/*
 * v6.5 ("rpmsg: core: Add signal API support") added set_flow_control to
 * struct rpmsg_endpoint_ops; include/ohost/rpmsg_internal.h lays the
 * struct out accordingly.  drivers/rpmsg/Kbuild detects it from the
 * target's headers (and checks it against its exports): a board kernel
 * with the change backported gets the right layout.
 */
#ifndef OHOST_RPMSG_HAS_FLOW_CONTROL
#define OHOST_RPMSG_HAS_FLOW_CONTROL	0
#endif

/*
 * v6.9 ("rpmsg: core: Make rpmsg_class constant") turned the exported
 * "struct class *rpmsg_class" into "const struct class rpmsg_class".
 * OHOST_RPMSG_CLASS is the pointer either way.
 */
#if KERNEL_VERSION(6, 9, 0) <= LINUX_VERSION_CODE
#define OHOST_RPMSG_CLASS_IS_CONST	1
#define OHOST_RPMSG_CLASS		(&rpmsg_class)
#else
#define OHOST_RPMSG_CLASS_IS_CONST	0
#define OHOST_RPMSG_CLASS		(rpmsg_class)
#endif

/*
 * Until the driver core took driver_override over into struct device,
 * struct rpmsg_device had its own string, kstrdup()ed by the rpmsg core and
 * freed by whoever owns the device.  Debian backported the driver-core
 * change to 6.12, so this is detected from the header by drivers/rpmsg/Kbuild
 * (OHOST_RPMSG_OWN_DRIVER_OVERRIDE), not guessed from the version.
 */
static inline void ohost_rpmsg_free_driver_override(struct rpmsg_device *rpdev)
{
#ifdef OHOST_RPMSG_OWN_DRIVER_OVERRIDE
	kfree(rpdev->driver_override);
#endif
}

/*
 * v6.11 replaced virtio_find_vqs()'s parallel callback/name arrays by an
 * array of struct virtqueue_info.  Two queues, which is all rpmsg uses.
 */
static inline int ohost_virtio_find_vqs2(struct virtio_device *vdev,
					 struct virtqueue *vqs[2],
					 vq_callback_t *cb0, const char *name0,
					 vq_callback_t *cb1, const char *name1)
{
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
	struct virtqueue_info info[2] = {
		{ .name = name0, .callback = cb0 },
		{ .name = name1, .callback = cb1 },
	};

	return virtio_find_vqs(vdev, 2, vqs, info, NULL);
#else
	vq_callback_t *cbs[2] = { cb0, cb1 };
	const char * const names[2] = { name0, name1 };

	return virtio_find_vqs(vdev, 2, vqs, cbs, names, NULL);
#endif
}

/*
 * v6.2 added EXPORT_SYMBOL_IF_KUNIT() (<kunit/visibility.h>) for functions
 * exported only so that a KUnit suite in another module can call them.
 * The same here for every kernel: the stock kernels have no KUnit, and
 * export nothing.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_OHOST_KUNIT(sym)	EXPORT_SYMBOL_GPL(sym)
#else
#define EXPORT_SYMBOL_OHOST_KUNIT(sym)
#endif

/* ---- end rpmsg / virtio -------------------------------------------------- */

#endif /* OHOST_COMPAT_H */
