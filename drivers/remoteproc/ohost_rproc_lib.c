// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: remoteproc glue shared by the platform drivers of
 * openamp-host (include/ohost/rproc.h): firmware validation at boot and at
 * every load.  The memory table is in ohost_rproc_mem.c, the interrupt
 * gate in ohost_rproc_gate.c.  The firmware validator itself lives in
 * ohost_fwcheck.c, which is also built into tools/rproc-fwcheck and exports
 * its own symbols.
 */
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/export.h>
#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>

#include "ohost/rproc.h"
#include "ohost_rproc_internal.h"

/**
 * ohost_rproc_check_firmware() - validate firmware before remoteproc loads it
 * @rproc: the remote processor (its firmware name is used in the log)
 * @fw: the firmware image
 * @policy: what the platform accepts (machine, vrings, resource table)
 *
 * Meant to be called from &rproc_ops.sanity_check, before the remoteproc
 * core parses the resource table or copies a segment.  A rejection is
 * logged in one line that says why.
 *
 * Return: 0 if the image is acceptable, a negative errno otherwise.
 */
int ohost_rproc_check_firmware(struct rproc *rproc, const struct firmware *fw,
			       const struct ohost_fw_policy *policy)
{
	struct ohost_fw_error err;
	int ret;

	ret = ohost_fw_check(fw->data, fw->size, policy, &err);
	if (ret)
		dev_err(&rproc->dev, "firmware %s rejected: %s\n",
			rproc->firmware, err.msg);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_rproc_check_firmware);

/**
 * ohost_rproc_glue_init() - set up the glue of one remote processor
 * @glue: the glue, at the start of @rproc->priv
 * @rproc: the remote processor
 * @policy: what the validator accepts (machine, vrings, resource table);
 *	its regions are replaced by those of the memory table
 * @elf_class: ELFCLASS32 or ELFCLASS64: the class of coredumps, whose
 *	machine is @policy->machine
 *
 * Call once, after rproc_alloc() and before rproc_add().  The memory table
 * comes with ohost_rproc_set_mems().
 *
 * Return: 0, or -EINVAL if @glue is not @rproc->priv or the ELF
 * information is not usable.
 */
int ohost_rproc_glue_init(struct ohost_rproc_glue *glue, struct rproc *rproc,
			  const struct ohost_fw_policy *policy, u8 elf_class)
{
	if (glue != rproc->priv || !policy->machine)
		return -EINVAL;
	glue->rproc = rproc;
	glue->policy = *policy;
	glue->policy.regions = glue->regions;
	glue->policy.num_regions = 0;
	glue->elf_class = elf_class;
	init_rwsem(&glue->gate_sem);
	return rproc_coredump_set_elf_info(rproc, elf_class, policy->machine);
}
EXPORT_SYMBOL_GPL(ohost_rproc_glue_init);

/**
 * ohost_rproc_glue_release() - free what the glue holds
 * @glue: the glue
 *
 * Call when the rproc is freed (after rproc_del()): the attached resource
 * table's copy.
 */
void ohost_rproc_glue_release(struct ohost_rproc_glue *glue)
{
	kfree(glue->rsc_copy);
	glue->rsc_copy = NULL;
}
EXPORT_SYMBOL_GPL(ohost_rproc_glue_release);

/**
 * ohost_rproc_del() - rproc_del(), also when "start" was written twice
 * @data: the remote processor (a devres action's argument)
 *
 * rproc_del() shuts the remote down once, and that drops one reference of
 * the core's power count only (its "TODO: make sure this works with
 * rproc->power > 1").  A "start" written to sysfs while a recovery had
 * the remote offline for a moment takes a second reference, and the
 * remote with its subdevices (virtio devices, their rpmsg channels) would
 * then outlive the rproc's device.  The extra references go first.
 */
static void ohost_rproc_del(void *data)
{
	struct rproc *rproc = data;

	while (atomic_read(&rproc->power) > 1 && !rproc_shutdown(rproc))
		;
	rproc_del(rproc);
}

/**
 * devm_ohost_rproc_add() - rproc_add(), undone by ohost_rproc_del()
 * @dev: the device whose unbinding deletes the remote processor
 * @rproc: the remote processor
 *
 * Return: 0 or rproc_add()'s error.
 */
int devm_ohost_rproc_add(struct device *dev, struct rproc *rproc)
{
	int ret = rproc_add(rproc);

	if (ret)
		return ret;
	return devm_add_action_or_reset(dev, ohost_rproc_del, rproc);
}
EXPORT_SYMBOL_GPL(devm_ohost_rproc_add);

/**
 * ohost_rproc_sanity_check() - &rproc_ops.sanity_check with the glue's policy
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @fw: the firmware image
 *
 * Return: 0 or the validator's error (logged in one line).
 */
int ohost_rproc_sanity_check(struct rproc *rproc, const struct firmware *fw)
{
	return ohost_rproc_check_firmware(rproc, fw,
					  &ohost_rproc_glue(rproc)->policy);
}
EXPORT_SYMBOL_GPL(ohost_rproc_sanity_check);

/**
 * ohost_rproc_load() - &rproc_ops.load: validate, then load the segments
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @fw: the firmware image
 *
 * rproc_boot_recovery() requests the firmware again and loads it without
 * calling sanity_check: the image on disk may have changed since boot.
 * So the validator runs here too, with the driver's policy, before
 * rproc_elf_load_segments() copies anything.
 *
 * Also registers the interrupt gate: the core calls load after it has
 * added the vdev subdevices, so the gate lands after them on the list.
 *
 * Return: 0 or a negative errno.
 */
int ohost_rproc_load(struct rproc *rproc, const struct firmware *fw)
{
	int ret;

	ret = ohost_rproc_sanity_check(rproc, fw);
	if (ret)
		return ret;
	ohost_rproc_gate_add(ohost_rproc_glue(rproc));
	return rproc_elf_load_segments(rproc, fw);
}
EXPORT_SYMBOL_GPL(ohost_rproc_load);

MODULE_DESCRIPTION("openamp-host remoteproc glue: memory table, firmware validation, interrupt gate");
MODULE_LICENSE("GPL");
