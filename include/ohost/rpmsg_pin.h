/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Holding an rpmsg device beyond its driver's remove
 *
 * A character device that keeps a reference on its rpmsg device until its
 * last file is closed (for the transport's poll wait queue, say) may drop
 * the last reference long after the transport is gone.  The release
 * function of the device is the transport's code, so the transport module
 * must stay loaded until then: the holder also pins the module of the
 * driver bound to the device's parent (the transport: virtio_rpmsg for a
 * virtio channel, or the rpmsg_ctrl device's creator), and unpins it only
 * after put_device() has returned, so that the last module_put() never
 * runs in the transport's own text.
 */
#ifndef OHOST_RPMSG_PIN_H
#define OHOST_RPMSG_PIN_H

#include <linux/device.h>
#include <linux/module.h>
#include <linux/rpmsg.h>

/**
 * struct ohost_rpmsg_pin - a reference on an rpmsg device and its releaser
 * @rpdev:	the device, NULL when nothing is held
 * @owner:	the module pinned with it (NULL for built-in code)
 */
struct ohost_rpmsg_pin {
	struct rpmsg_device *rpdev;
	struct module *owner;
};

/**
 * ohost_rpmsg_pin_get() - hold @rpdev and the module that releases it
 * @pin:	where to record what is held
 * @rpdev:	the device; its parent must be bound (call from the probe of
 *		@rpdev's driver, or under a lock that excludes its remove)
 *
 * Return: 0, or -ENODEV when the parent has no driver or its module is
 * going away; nothing is held then.
 */
static inline int ohost_rpmsg_pin_get(struct ohost_rpmsg_pin *pin,
				      struct rpmsg_device *rpdev)
{
	struct device *parent = rpdev->dev.parent;
	const struct device_driver *drv = parent ? parent->driver : NULL;

	if (!drv || !try_module_get(drv->owner))
		return -ENODEV;
	pin->owner = drv->owner;
	pin->rpdev = rpdev;
	get_device(&rpdev->dev);
	return 0;
}

/**
 * ohost_rpmsg_pin_put() - drop what ohost_rpmsg_pin_get() took, if anything
 * @pin:	the pin
 */
static inline void ohost_rpmsg_pin_put(struct ohost_rpmsg_pin *pin)
{
	struct module *owner = pin->owner;

	if (!pin->rpdev)
		return;
	put_device(&pin->rpdev->dev);	/* may run the owner's release */
	pin->rpdev = NULL;
	pin->owner = NULL;
	module_put(owner);
}

#endif /* OHOST_RPMSG_PIN_H */
