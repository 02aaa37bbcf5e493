/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remoteproc glue shared by the project's platform drivers (module
 * ohost_rproc).
 */
#ifndef OHOST_RPROC_H
#define OHOST_RPROC_H

#include <linux/irqreturn.h>
#include <linux/types.h>

#include "fwcheck.h"

struct firmware;
struct resource_table;
struct rproc;

int ohost_rproc_check_firmware(struct rproc *rproc, const struct firmware *fw,
			       const struct ohost_fw_policy *policy);

/*
 * Exported by the remoteproc core of every supported kernel but declared
 * only in its private drivers/remoteproc/remoteproc_internal.h, which
 * kernel headers packages do not ship.  Every platform driver needs them.
 */
irqreturn_t rproc_vq_interrupt(struct rproc *rproc, int vq_id);
u64 rproc_elf_get_boot_addr(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_segments(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_rsc_table(struct rproc *rproc, const struct firmware *fw);
struct resource_table *rproc_elf_find_loaded_rsc_table(struct rproc *rproc,
						       const struct firmware *fw);

#endif /* OHOST_RPROC_H */
