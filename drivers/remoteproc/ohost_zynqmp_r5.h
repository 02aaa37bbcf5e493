/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module ohost_zynqmp_r5: the Xilinx ZynqMP RPU (two Cortex-R5F cores).
 * Shared by the driver's files and its KUnit suite.
 */
#ifndef OHOST_ZYNQMP_R5_H
#define OHOST_ZYNQMP_R5_H

#include <linux/arm-smccc.h>
#include <linux/remoteproc.h>
#include <linux/types.h>

#include "ohost/rproc.h"

/* EEMI (PMU firmware through TF-A) constants; our own names on purpose. */
#define OHOST_ZR5_PM_SIP_SVC		0xc2000000U
#define OHOST_ZR5_PM_GET_API_VERSION	1
#define OHOST_ZR5_PM_GET_NODE_STATUS	3
#define OHOST_ZR5_PM_FORCE_POWERDOWN	8
#define OHOST_ZR5_PM_REQUEST_WAKEUP	10
#define OHOST_ZR5_PM_REQUEST_NODE	13
#define OHOST_ZR5_PM_RELEASE_NODE	14
#define OHOST_ZR5_PM_IOCTL		34
#define OHOST_ZR5_IOCTL_GET_RPU_MODE	0
#define OHOST_ZR5_IOCTL_SET_RPU_MODE	1
#define OHOST_ZR5_IOCTL_TCM_COMB	3
#define OHOST_ZR5_RPU_MODE_LOCKSTEP	0
#define OHOST_ZR5_RPU_MODE_SPLIT	1
#define OHOST_ZR5_TCM_SPLIT		0
#define OHOST_ZR5_TCM_COMB		1
#define OHOST_ZR5_CAP_ACCESS		1
#define OHOST_ZR5_ACK_NO		1
#define OHOST_ZR5_ACK_BLOCKING		2
#define OHOST_ZR5_NODE_RUNNING		1
#define OHOST_ZR5_NODE_RPU_0		7
#define OHOST_ZR5_NODE_TCM_0_A		15
#define OHOST_ZR5_NODE_TCM_0_B		16
#define OHOST_ZR5_NODE_TCM_1_A		17
#define OHOST_ZR5_NODE_TCM_1_B		18

/* Boot vectors the PMU firmware accepts (bit 0 of the wake address: set it). */
#define OHOST_ZR5_LOVEC			0x00000000U
#define OHOST_ZR5_HIVEC			0xffff0000U
#define OHOST_ZR5_HIVEC_MIN		0xfffc0000U

/* xlnx,cluster-mode */
#define OHOST_ZR5_CLUSTER_SPLIT		0
#define OHOST_ZR5_CLUSTER_LOCKSTEP	1
#define OHOST_ZR5_CLUSTER_SINGLE	2

#define OHOST_ZR5_MAX_CORES		2
#define OHOST_ZR5_MAX_BANKS		4
#define OHOST_ZR5_MAX_MEM	(OHOST_ZR5_MAX_BANKS + OHOST_RPROC_MAX_OF_MEMS)

/* Xilinx's resource table metadata at the start of memory-region[0]. */
#define OHOST_ZR5_RSC_MAGIC		0x78616d70U	/* "xamp" */
#define OHOST_ZR5_RSC_MAX_SIZE		0x10000U

struct ohost_zr5_fw;

/**
 * struct ohost_zr5_fw_ops - the platform firmware calls the driver makes
 * @request_node: EEMI request node (capabilities, qos, ack)
 * @release_node: EEMI release node
 * @request_wake: EEMI request wakeup: @addr with bit 0 = @set_addr
 * @force_pwrdwn: EEMI force power down
 * @get_node_status: EEMI node status (status, requirements, usage)
 * @set_rpu_mode: IOCTL SET_RPU_OPER_MODE
 * @get_rpu_mode: IOCTL GET_RPU_OPER_MODE
 * @set_tcm_config: IOCTL TCM_COMB_CONFIG
 *
 * Implemented once over SMCCC (ohost_zynqmp_r5_eemi.c), the same on every
 * kernel, and by the KUnit suite's fake.  Every call returns 0 or a
 * negative errno.
 */
struct ohost_zr5_fw_ops {
	int (*request_node)(const struct ohost_zr5_fw *fw, u32 node, u32 caps,
			    u32 qos, u32 ack);
	int (*release_node)(const struct ohost_zr5_fw *fw, u32 node);
	int (*request_wake)(const struct ohost_zr5_fw *fw, u32 node,
			    bool set_addr, u64 addr, u32 ack);
	int (*force_pwrdwn)(const struct ohost_zr5_fw *fw, u32 node, u32 ack);
	int (*get_node_status)(const struct ohost_zr5_fw *fw, u32 node,
			       u32 *status, u32 *req, u32 *usage);
	int (*set_rpu_mode)(const struct ohost_zr5_fw *fw, u32 node, u32 mode);
	int (*get_rpu_mode)(const struct ohost_zr5_fw *fw, u32 node, u32 *mode);
	int (*set_tcm_config)(const struct ohost_zr5_fw *fw, u32 node, u32 mode);
};

/**
 * struct ohost_zr5_fw - a firmware backend
 * @ops: its calls
 */
struct ohost_zr5_fw {
	const struct ohost_zr5_fw_ops *ops;
};

/**
 * typedef ohost_zr5_conduit_fn - __arm_smccc_smc() or __arm_smccc_hvc()
 */
typedef void (*ohost_zr5_conduit_fn)(unsigned long a0, unsigned long a1,
				     unsigned long a2, unsigned long a3,
				     unsigned long a4, unsigned long a5,
				     unsigned long a6, unsigned long a7,
				     struct arm_smccc_res *res,
				     struct arm_smccc_quirk *quirk);

/**
 * struct ohost_zr5_eemi - the SMCCC backend
 * @fw: the backend (first)
 * @conduit: the firmware node's "method"
 */
struct ohost_zr5_eemi {
	struct ohost_zr5_fw fw;
	ohost_zr5_conduit_fn conduit;
};

int ohost_zr5_eemi_probe(struct device *dev, struct ohost_zr5_eemi *e);
void ohost_zr5_eemi_init(struct ohost_zr5_eemi *e, ohost_zr5_conduit_fn conduit);
int ohost_zr5_eemi_errno(u32 status);

/**
 * struct ohost_zr5_bank - one TCM bank (or two combined in lockstep)
 * @name: reg-names entry ("atcm0", ...)
 * @da: R5-local address
 * @pa: global address
 * @size: bytes
 * @pd: EEMI nodes that power it (two when combined)
 * @num_pd: entries of @pd
 * @io: mapping, from probe on (accessed only while powered)
 */
struct ohost_zr5_bank {
	const char *name;
	u32 da;
	phys_addr_t pa;
	u32 size;
	u32 pd[2];
	unsigned int num_pd;
	void __iomem *io;
};

/**
 * struct ohost_zr5_core - one remote processor (a core, or the lockstep pair)
 * @glue: the remoteproc glue (first: rproc->priv is both)
 * @mbox: IPI "tx"/"rx" (when @has_mbox)
 * @has_mbox: the node has mboxes
 * @fw: firmware backend
 * @rproc: the remote processor
 * @dev: the core's device (the r5f@N node; the rproc's parent)
 * @node: EEMI node of the core (7 RPU0, 8 RPU1)
 * @banks: its TCM
 * @num_banks: entries in @banks
 * @mem: memory table: the banks, then the memory-region carveouts
 * @num_mem: entries in @mem
 * @num_of_mem: of which from memory-region (they start at @mem[@num_banks])
 *
 * Everything changes only in probe and in rproc ops, which the core
 * serialises with rproc->lock.
 */
struct ohost_zr5_core {
	struct ohost_rproc_glue glue;
	struct ohost_rproc_mbox mbox;
	bool has_mbox;
	const struct ohost_zr5_fw *fw;
	struct rproc *rproc;
	struct device *dev;
	u32 node;
	struct ohost_zr5_bank banks[OHOST_ZR5_MAX_BANKS];
	unsigned int num_banks;
	struct ohost_rproc_mem mem[OHOST_ZR5_MAX_MEM];
	unsigned int num_mem;
	unsigned int num_of_mem;
};

static_assert(offsetof(struct ohost_zr5_core, glue) == 0);

extern const struct rproc_ops ohost_zr5_rproc_ops;
extern const struct ohost_rproc_mbox_ops ohost_zr5_mbox_ops;

int ohost_zr5_modes(bool has_mode, u32 mode, bool has_tcm, u32 tcm,
		    u32 *fw_mode, u32 *fw_tcm);
unsigned int ohost_zr5_default_banks(bool lockstep, unsigned int core,
				     struct ohost_zr5_bank *banks);
int ohost_zr5_default_pd(phys_addr_t pa, u32 *pd);
unsigned int ohost_zr5_merge_banks(struct ohost_zr5_bank *banks,
				   unsigned int num);
int ohost_zr5_core_init(struct ohost_zr5_core *core);
int ohost_zr5_set_modes(struct ohost_zr5_core *core, u32 fw_mode, u32 fw_tcm);
int ohost_zr5_detect_attach(struct ohost_zr5_core *core);
u32 ohost_zr5_boot_vector(u64 bootaddr);

#endif /* OHOST_ZYNQMP_R5_H */
