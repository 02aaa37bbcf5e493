// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: remoteproc glue shared by the platform drivers of
 * openamp-host.  The firmware validator itself lives in ohost_fwcheck.c,
 * which is also built into tools/rproc-fwcheck and exports its own symbols.
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/remoteproc.h>

#include "ohost/rproc.h"

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

MODULE_DESCRIPTION("openamp-host remoteproc glue: firmware validation");
MODULE_LICENSE("GPL");
