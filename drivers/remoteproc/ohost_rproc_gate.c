// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: the gate between a platform driver's vring
 * interrupts and the remoteproc core.
 *
 * rproc_stop() stops the subdevices (the vdevs remove their virtio
 * devices, which frees the virtqueues) before it calls ops->stop, so a
 * driver that stops forwarding interrupts in ops->stop is too late: a
 * remote that rings during stop makes it call vring_interrupt() on a freed
 * virtqueue.  The gate is a subdevice of its own, registered after the
 * vdevs: the core stops subdevices in reverse order, so the gate closes
 * before the vdevs go away, and starts them in order, so it opens after
 * they are there.
 */
#include <linux/lockdep.h>
#include <linux/remoteproc.h>
#include <linux/rwsem.h>
#include <linux/string.h>

#include "ohost/rproc.h"
#include "ohost_rproc_internal.h"

static struct ohost_rproc_glue *ohost_rproc_gate_glue(struct rproc_subdev *sd)
{
	return container_of(sd, struct ohost_rproc_glue, gate);
}

static void ohost_rproc_gate_set(struct ohost_rproc_glue *glue, bool open)
{
	/* Waits for every delivery in flight: none runs once this returns. */
	down_write(&glue->gate_sem);
	glue->gate_open = open;
	up_write(&glue->gate_sem);
}

/*
 * Open, then service every vring once: kicks that arrived while the gate
 * was closed were dropped, and their messages must not be lost.
 */
static int ohost_rproc_gate_start(struct rproc_subdev *sd)
{
	struct ohost_rproc_glue *glue = ohost_rproc_gate_glue(sd);

	ohost_rproc_gate_set(glue, true);
	ohost_rproc_notify_all(glue);
	return 0;
}

static void ohost_rproc_gate_stop(struct rproc_subdev *sd, bool crashed)
{
	ohost_rproc_gate_set(ohost_rproc_gate_glue(sd), false);
}

/* On the core's subdevice list, after the vdevs (rproc->lock held). */
void ohost_rproc_gate_add(struct ohost_rproc_glue *glue)
{
	lockdep_assert_held(&glue->rproc->lock);
	if (glue->gate_added)
		return;		/* recovery: the gate keeps its place */
	glue->gate.start = ohost_rproc_gate_start;
	glue->gate.stop = ohost_rproc_gate_stop;
	rproc_add_subdev(glue->rproc, &glue->gate);
	glue->gate_added = true;
}

/*
 * The core has handled the copy of ohost_rproc_get_loaded_rsc_table()
 * (vring addresses, notify ids): write it back to the remote's table and
 * let the core use that from now on, as rproc_start() does with a loaded
 * table.
 */
static int ohost_rproc_attach_table(struct ohost_rproc_glue *glue)
{
	struct rproc *rproc = glue->rproc;
	void *live;

	if (!rproc->table_ptr || rproc->table_ptr != glue->rsc_copy)
		return 0;
	live = ohost_rproc_da_to_va(rproc, glue->rsc_da, glue->rsc_size, NULL);
	if (!live) {
		dev_err(&rproc->dev, "resource table at %#llx is not mapped\n",
			glue->rsc_da);
		return -EINVAL;
	}
	memcpy(live, glue->rsc_copy, glue->rsc_size);
	rproc->table_ptr = live;
	return 0;
}

/**
 * ohost_rproc_attach() - &rproc_ops.attach: the table, gate and segments
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 *
 * The core calls it after it has added the vdevs and before it starts the
 * subdevices.  Makes the remote's table live if the core parsed the
 * glue's copy of it, registers the gate (ohost_rproc_load() does on the
 * boot path) and the coredump segments (ohost_rproc_parse_fw() does).
 * The core frees the segments in rproc_resource_cleanup().
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int ohost_rproc_attach(struct rproc *rproc)
{
	struct ohost_rproc_glue *glue = ohost_rproc_glue(rproc);
	int ret;

	ret = ohost_rproc_attach_table(glue);
	if (ret)
		return ret;
	ohost_rproc_gate_add(glue);
	if (!list_empty(&rproc->dump_segments))
		return 0;
	return ohost_rproc_add_dump_segments(glue);
}
EXPORT_SYMBOL_GPL(ohost_rproc_attach);

/**
 * ohost_rproc_unprepare() - take the gate off the subdevice list
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 *
 * Call from (or use as) &rproc_ops.unprepare: the core calls it after
 * the subdevices are stopped and the vdevs removed, outside its walks of
 * the subdevice list.
 *
 * Return: 0.
 */
int ohost_rproc_unprepare(struct rproc *rproc)
{
	struct ohost_rproc_glue *glue = ohost_rproc_glue(rproc);

	lockdep_assert_held(&rproc->lock);
	if (glue->gate_added) {
		ohost_rproc_gate_set(glue, false);
		rproc_remove_subdev(rproc, &glue->gate);
		glue->gate_added = false;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_rproc_unprepare);

/**
 * ohost_rproc_vq_interrupt() - deliver one vring's kick to the core
 * @glue: the glue
 * @notifyid: the vring's notify id
 *
 * Process context only (an IRQ thread, a workqueue): the core's vring
 * callbacks may sleep.  Does nothing while the gate is closed.
 *
 * Return: what rproc_vq_interrupt() returned, IRQ_NONE while closed.
 */
irqreturn_t ohost_rproc_vq_interrupt(struct ohost_rproc_glue *glue,
				     int notifyid)
{
	irqreturn_t ret = IRQ_NONE;

	down_read(&glue->gate_sem);
	if (glue->gate_open)
		ret = rproc_vq_interrupt(glue->rproc, notifyid);
	up_read(&glue->gate_sem);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_rproc_vq_interrupt);

/**
 * ohost_rproc_notify_all() - deliver a kick to every vring
 * @glue: the glue
 *
 * For interrupts that do not say which vring they are for (ZynqMP IPI,
 * i.MX MU) and for the gate's start.  Process context only.
 */
void ohost_rproc_notify_all(struct ohost_rproc_glue *glue)
{
	int id;

	down_read(&glue->gate_sem);
	/* max_notifyid only changes while the gate is closed */
	for (id = 0; glue->gate_open && id <= glue->rproc->max_notifyid; id++)
		rproc_vq_interrupt(glue->rproc, id);
	up_read(&glue->gate_sem);
}
EXPORT_SYMBOL_GPL(ohost_rproc_notify_all);

/**
 * ohost_rproc_gate_is_open() - whether vring kicks reach the core now
 * @glue: the glue
 *
 * Return: true between the gate's start and stop.
 */
bool ohost_rproc_gate_is_open(struct ohost_rproc_glue *glue)
{
	bool open;

	down_read(&glue->gate_sem);
	open = glue->gate_open;
	up_read(&glue->gate_sem);
	return open;
}
EXPORT_SYMBOL_GPL(ohost_rproc_gate_is_open);
