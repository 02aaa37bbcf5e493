/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remoteproc glue shared by the project's platform drivers (module
 * ohost_rproc).
 */
#ifndef OHOST_RPROC_H
#define OHOST_RPROC_H

#include "fwcheck.h"

struct firmware;
struct rproc;

int ohost_rproc_check_firmware(struct rproc *rproc, const struct firmware *fw,
			       const struct ohost_fw_policy *policy);

#endif /* OHOST_RPROC_H */
