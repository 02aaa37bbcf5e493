/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module ohost_imx_rproc: the Cortex-M4/M7 of i.MX7D and i.MX8M.  Shared by
 * the driver's files and its KUnit suite.
 */
#ifndef OHOST_IMX_RPROC_H
#define OHOST_IMX_RPROC_H

#include <linux/arm-smccc.h>
#include <linux/remoteproc.h>
#include <linux/types.h>

#include "ohost/rproc.h"

struct regmap;
struct ohost_imx_rproc;

/*
 * The SRC's M4 reset control register (i.MX7D reference manual, SRC_M4RCR;
 * the same on i.MX8MQ/8MM; upstream's imx_rproc.c uses the same values).
 */
#define OHOST_IMX_SRC_SCR		0x0c
#define OHOST_IMX_SRC_ENABLE_M4		BIT(3)
#define OHOST_IMX_SRC_SW_M4P_RST	BIT(2)
#define OHOST_IMX_SRC_SW_M4C_RST	BIT(1)
#define OHOST_IMX_SRC_SW_M4C_NON_SCLR	BIT(0)
#define OHOST_IMX_SRC_MASK		0xf
/* Enabled, both resets pulsed (self-clearing): the core runs. */
#define OHOST_IMX_SRC_START		0xe
/* Enabled, core held in reset (non-self-clearing): the core is stopped. */
#define OHOST_IMX_SRC_STOP		0xb

/*
 * The SiP call of NXP's TF-A for the i.MX8MN/8MP M7 (plat/imx/imx8m,
 * IMX_SIP_RPROC; the ids upstream's imx_rproc.c uses).
 */
#define OHOST_IMX_SIP_RPROC		0xc2000005U
#define OHOST_IMX_SIP_RPROC_START	0x00
#define OHOST_IMX_SIP_RPROC_STARTED	0x01
#define OHOST_IMX_SIP_RPROC_STOP	0x02

/* rpmsg-lite's VRING_ALIGN, used for openamp-host,fixed-vrings. */
#define OHOST_IMX_FIXED_VRING_ALIGN	0x1000
#define OHOST_IMX_FIXED_VRING_MAX	32768

/* Own (TCM) memories and memory-region carveouts a core may have. */
#define OHOST_IMX_MAX_TCM		2
#define OHOST_IMX_MAX_MEM	(OHOST_IMX_MAX_TCM + OHOST_RPROC_MAX_OF_MEMS)

/* Largest attached resource table (NXP's rsc-table convention, 1 KiB). */
#define OHOST_IMX_RSC_MAX_SIZE		SZ_1K

/**
 * struct ohost_imx_att - one line of a SoC's address translation table
 * @da: address as the M core sees it
 * @sa: system (bus) address, as Linux sees it
 * @size: bytes
 * @tcm: the core's own tightly coupled memory: mapped at probe, loadable
 *	and dumped without a memory-region (everything else is shared with
 *	Linux or TF-A and used only where a memory-region says so)
 */
struct ohost_imx_att {
	u32 da;
	u32 sa;
	u32 size;
	bool tcm;
};

/**
 * struct ohost_imx_method - how a SoC starts, stops and detects its core
 * @name: for messages ("SRC syscon", "SiP SMC")
 * @setup: get what the method needs from the device tree (the SRC regmap)
 * @start: release the core
 * @stop: put it (back) into reset
 * @is_running: whether it runs now (a boot loader started it)
 *
 * Every call returns 0 or a negative errno; @is_running 1 or 0.
 */
struct ohost_imx_method {
	const char *name;
	int (*setup)(struct ohost_imx_rproc *priv);
	int (*start)(struct ohost_imx_rproc *priv);
	int (*stop)(struct ohost_imx_rproc *priv);
	int (*is_running)(struct ohost_imx_rproc *priv);
};

/**
 * struct ohost_imx_soc - what differs between the SoCs
 * @name: "i.MX8MM", ...
 * @att: device address to system address, in the reference manual's order
 * @num_att: entries in @att
 * @method: start/stop/detect
 * @src_reg: SRC register of the core's resets (MMIO method)
 * @src_mask: its bits that matter
 * @src_start: their value to run
 * @src_stop: their value to hold the core in reset
 */
struct ohost_imx_soc {
	const char *name;
	const struct ohost_imx_att *att;
	unsigned int num_att;
	const struct ohost_imx_method *method;
	u32 src_reg;
	u32 src_mask;
	u32 src_start;
	u32 src_stop;
};

extern const struct ohost_imx_soc ohost_imx_soc_7d;
extern const struct ohost_imx_soc ohost_imx_soc_8mq;
extern const struct ohost_imx_soc ohost_imx_soc_8mm;
extern const struct ohost_imx_soc ohost_imx_soc_8mn;
extern const struct ohost_imx_soc ohost_imx_soc_8mp;
extern const struct ohost_imx_method ohost_imx_method_mmio;
extern const struct ohost_imx_method ohost_imx_method_smc;

/**
 * typedef ohost_imx_conduit_fn - __arm_smccc_smc (or a test's recorder)
 */
typedef void (*ohost_imx_conduit_fn)(unsigned long a0, unsigned long a1,
				     unsigned long a2, unsigned long a3,
				     unsigned long a4, unsigned long a5,
				     unsigned long a6, unsigned long a7,
				     struct arm_smccc_res *res,
				     struct arm_smccc_quirk *quirk);

/**
 * struct ohost_imx_rproc - one M core
 * @glue: the remoteproc glue (first: rproc->priv is both)
 * @mbox: MU "tx"/"rx"/"rxdb" (when @has_mbox)
 * @has_mbox: the node has mboxes
 * @rproc: the remote processor
 * @dev: the core's device (the rproc's parent)
 * @soc: its SoC's data
 * @src: the SRC regmap (MMIO method)
 * @conduit: the SMC conduit (SMC method)
 * @mem: memory table: the TCM, then the memory-region carveouts
 * @num_tcm: TCM entries at the start of @mem
 * @num_of_mem: memory-region entries after them
 * @num_mem: all of them
 * @fixed_table: the resource table built for openamp-host,fixed-vrings
 *	(NULL: the firmware's own)
 * @fixed_size: its bytes
 * @fixed_copy: the copy of it handed to the core on attach (a running
 *	core's own table, at the rsc-table region, is the glue's @rsc_da)
 *
 * Everything changes only in probe and in rproc ops, which the core
 * serialises with rproc->lock.
 */
struct ohost_imx_rproc {
	struct ohost_rproc_glue glue;
	struct ohost_rproc_mbox mbox;
	bool has_mbox;
	struct rproc *rproc;
	struct device *dev;
	const struct ohost_imx_soc *soc;
	struct regmap *src;
	ohost_imx_conduit_fn conduit;
	struct ohost_rproc_mem mem[OHOST_IMX_MAX_MEM];
	unsigned int num_tcm;
	unsigned int num_of_mem;
	unsigned int num_mem;
	void *fixed_table;
	size_t fixed_size;
	void *fixed_copy;
};

static_assert(offsetof(struct ohost_imx_rproc, glue) == 0);

extern const struct rproc_ops ohost_imx_rproc_ops;
extern const struct ohost_rproc_mbox_ops ohost_imx_mbox_ops;

/* Per-SoC data and what derives from it (ohost_imx_rproc_soc.c). */
int ohost_imx_da_to_sys(const struct ohost_imx_soc *soc, u64 da, u64 len,
			u64 *sys);
int ohost_imx_sys_to_da(const struct ohost_imx_soc *soc, u64 sys, u64 len,
			u64 *da);
unsigned int ohost_imx_tcm_mems(const struct ohost_imx_soc *soc,
				struct ohost_rproc_mem *mem, unsigned int max);
void ohost_imx_add_aliases(const struct ohost_imx_soc *soc,
			   struct ohost_rproc_mem *m);
int ohost_imx_pa_to_da(void *soc, phys_addr_t pa, size_t size, u64 *da);

/* The rest (ohost_imx_rproc_core.c). */
int ohost_imx_build_fixed_table(struct device *dev,
				const struct ohost_rproc_mem *mem,
				unsigned int num, u32 vring_num, void **table,
				size_t *size);
int ohost_imx_core_init(struct ohost_imx_rproc *priv);
int ohost_imx_detect_attach(struct ohost_imx_rproc *priv);

#endif /* OHOST_IMX_RPROC_H */
