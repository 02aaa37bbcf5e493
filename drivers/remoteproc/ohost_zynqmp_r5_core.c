// SPDX-License-Identifier: GPL-2.0
/*
 * Xilinx ZynqMP RPU remoteproc driver for stock kernels (module
 * ohost_zynqmp_r5, platform driver "ohost-zynqmp-r5").
 *
 * Binds upstream's binding (xlnx,zynqmp-r5fss with xlnx,zynqmp-r5f cores),
 * so existing device trees work, with power-domains, reg and
 * xlnx,tcm-mode optional (defaults: the ZynqMP node ids and TCM map).
 * Split mode gives one remote processor per core, lockstep one for core 0
 * with each TCM pair combined into one 128 KiB bank.  TCM is reachable at
 * its R5-local and its global addresses; DDR comes from memory-region
 * (the shared glue, ohost_rproc_of.c); kicks are payload-less IPI messages
 * (ohost_rproc_mbox.c); power and boot go through the platform firmware
 * (ohost_zynqmp_r5_eemi.c).
 */
#include <linux/dma-mapping.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/mailbox/zynqmp-ipi-message.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "ohost_zynqmp_r5.h"

#define OHOST_ZR5_NAME	"ohost-zynqmp-r5"

/* ---- per-SoC data -------------------------------------------------------- */

/* The ZynqMP TCM map (UG1085), used without reg / power-domains. */
static const struct ohost_zr5_bank ohost_zr5_split_banks[2][2] = {
	{ { "atcm0", 0x00000, 0xffe00000, 0x10000, { OHOST_ZR5_NODE_TCM_0_A }, 1 },
	  { "btcm0", 0x20000, 0xffe20000, 0x10000, { OHOST_ZR5_NODE_TCM_0_B }, 1 } },
	{ { "atcm1", 0x00000, 0xffe90000, 0x10000, { OHOST_ZR5_NODE_TCM_1_A }, 1 },
	  { "btcm1", 0x20000, 0xffeb0000, 0x10000, { OHOST_ZR5_NODE_TCM_1_B }, 1 } },
};

static const struct ohost_zr5_bank ohost_zr5_lockstep_banks[4] = {
	{ "atcm0", 0x00000, 0xffe00000, 0x10000, { OHOST_ZR5_NODE_TCM_0_A }, 1 },
	{ "btcm0", 0x20000, 0xffe20000, 0x10000, { OHOST_ZR5_NODE_TCM_0_B }, 1 },
	{ "atcm1", 0x10000, 0xffe10000, 0x10000, { OHOST_ZR5_NODE_TCM_1_A }, 1 },
	{ "btcm1", 0x30000, 0xffe30000, 0x10000, { OHOST_ZR5_NODE_TCM_1_B }, 1 },
};

/* Global address of every TCM bank -> the node that powers it. */
static const struct { phys_addr_t pa; u32 node; } ohost_zr5_tcm_nodes[] = {
	{ 0xffe00000, OHOST_ZR5_NODE_TCM_0_A },
	{ 0xffe10000, OHOST_ZR5_NODE_TCM_1_A },	/* lockstep */
	{ 0xffe20000, OHOST_ZR5_NODE_TCM_0_B },
	{ 0xffe30000, OHOST_ZR5_NODE_TCM_1_B },	/* lockstep */
	{ 0xffe90000, OHOST_ZR5_NODE_TCM_1_A },
	{ 0xffeb0000, OHOST_ZR5_NODE_TCM_1_B },
};

static const struct ohost_fw_policy ohost_zr5_policy = {
	.machine = EM_ARM,
	.max_vrings = 2,
};

/* Kicks and acks carry no payload (the R5 firmware ignores it). */
static struct zynqmp_ipi_message ohost_zr5_ipi_msg = { .len = 0 };

/* ---- pure parts (KUnit) -------------------------------------------------- */

/**
 * ohost_zr5_modes() - firmware modes of the device tree's cluster modes
 * @has_mode: xlnx,cluster-mode present (default lockstep)
 * @mode: its value
 * @has_tcm: xlnx,tcm-mode present (default: from the cluster mode)
 * @tcm: its value
 * @fw_mode: set to the RPU mode to request (OHOST_ZR5_RPU_MODE_*)
 * @fw_tcm: set to the TCM configuration (OHOST_ZR5_TCM_*)
 *
 * Return: the number of remote processors (1 or 2), or -EINVAL.
 */
int ohost_zr5_modes(bool has_mode, u32 mode, bool has_tcm, u32 tcm,
		    u32 *fw_mode, u32 *fw_tcm)
{
	if (!has_mode)
		mode = OHOST_ZR5_CLUSTER_LOCKSTEP;
	if (mode != OHOST_ZR5_CLUSTER_SPLIT && mode != OHOST_ZR5_CLUSTER_LOCKSTEP)
		return -EINVAL;
	if (!has_tcm)
		tcm = mode == OHOST_ZR5_CLUSTER_SPLIT ? OHOST_ZR5_TCM_SPLIT :
		      OHOST_ZR5_TCM_COMB;
	if (tcm != OHOST_ZR5_TCM_SPLIT && tcm != OHOST_ZR5_TCM_COMB)
		return -EINVAL;
	*fw_tcm = tcm;
	if (mode == OHOST_ZR5_CLUSTER_SPLIT) {
		*fw_mode = OHOST_ZR5_RPU_MODE_SPLIT;
		return 2;
	}
	*fw_mode = OHOST_ZR5_RPU_MODE_LOCKSTEP;
	return 1;
}
EXPORT_SYMBOL_GPL(ohost_zr5_modes);

/**
 * ohost_zr5_default_banks() - the standard TCM banks of a core
 * @lockstep: lockstep cluster (core 0 gets all four banks)
 * @core: 0 or 1
 * @banks: room for %OHOST_ZR5_MAX_BANKS
 *
 * Return: the number of banks filled in.
 */
unsigned int ohost_zr5_default_banks(bool lockstep, unsigned int core,
				     struct ohost_zr5_bank *banks)
{
	if (lockstep) {
		memcpy(banks, ohost_zr5_lockstep_banks,
		       sizeof(ohost_zr5_lockstep_banks));
		return ARRAY_SIZE(ohost_zr5_lockstep_banks);
	}
	memcpy(banks, ohost_zr5_split_banks[core & 1],
	       sizeof(ohost_zr5_split_banks[0]));
	return ARRAY_SIZE(ohost_zr5_split_banks[0]);
}
EXPORT_SYMBOL_GPL(ohost_zr5_default_banks);

/**
 * ohost_zr5_default_pd() - the node powering a TCM bank
 * @pa: global address of the bank
 * @pd: set to the EEMI node
 *
 * Return: 0, or -ENOENT if @pa is not a ZynqMP TCM bank.
 */
int ohost_zr5_default_pd(phys_addr_t pa, u32 *pd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ohost_zr5_tcm_nodes); i++) {
		if (ohost_zr5_tcm_nodes[i].pa == pa) {
			*pd = ohost_zr5_tcm_nodes[i].node;
			return 0;
		}
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(ohost_zr5_default_pd);

static int ohost_zr5_bank_cmp(const void *a, const void *b)
{
	const struct ohost_zr5_bank *x = a, *y = b;

	return x->da < y->da ? -1 : x->da > y->da;
}

/**
 * ohost_zr5_merge_banks() - combine banks contiguous at both addresses
 * @banks: sorted by R5-local address, then merged in place (not mapped
 *	yet: a merged bank is mapped as one)
 * @num: entries in @banks
 *
 * In lockstep ATCM0 and ATCM1 follow each other at the local (0x0,
 * 0x10000) and at the global addresses: one 128 KiB bank, so that a
 * segment across the 64 KiB boundary loads.  Likewise BTCM.
 *
 * Return: the number of banks left.
 */
unsigned int ohost_zr5_merge_banks(struct ohost_zr5_bank *banks,
				   unsigned int num)
{
	unsigned int i, n = 0;

	sort(banks, num, sizeof(*banks), ohost_zr5_bank_cmp, NULL);
	for (i = 0; i < num; i++) {
		struct ohost_zr5_bank *last = n ? &banks[n - 1] : NULL;

		if (last && last->num_pd + banks[i].num_pd <= ARRAY_SIZE(last->pd) &&
		    (u64)last->da + last->size == banks[i].da &&
		    last->pa + last->size == banks[i].pa) {
			memcpy(&last->pd[last->num_pd], banks[i].pd,
			       banks[i].num_pd * sizeof(u32));
			last->num_pd += banks[i].num_pd;
			last->size += banks[i].size;
			continue;
		}
		banks[n++] = banks[i];
	}
	return n;
}
EXPORT_SYMBOL_GPL(ohost_zr5_merge_banks);

/**
 * ohost_zr5_boot_vector() - where the R5 starts for a given ELF entry
 * @bootaddr: the firmware's entry point
 *
 * Return: the HIVEC (0xffff0000) for an entry in the high vectors' range,
 * else the LOVEC (0x0): the only two addresses the PMU firmware accepts.
 */
u32 ohost_zr5_boot_vector(u64 bootaddr)
{
	return bootaddr >= OHOST_ZR5_HIVEC_MIN && bootaddr <= U32_MAX ?
	       OHOST_ZR5_HIVEC : OHOST_ZR5_LOVEC;
}
EXPORT_SYMBOL_GPL(ohost_zr5_boot_vector);

/* ---- rproc ops ----------------------------------------------------------- */

static struct ohost_zr5_core *ohost_zr5_core(struct rproc *rproc)
{
	return rproc->priv;
}

static void ohost_zr5_release_banks(struct ohost_zr5_core *core,
				    unsigned int nbanks, unsigned int npd)
{
	const struct ohost_zr5_fw *fw = core->fw;
	unsigned int b, p;
	int ret;

	for (b = nbanks; b-- > 0;) {
		for (p = b == nbanks - 1 ? npd : core->banks[b].num_pd; p-- > 0;) {
			ret = fw->ops->release_node(fw, core->banks[b].pd[p]);
			if (ret)
				dev_warn(core->dev, "TCM %s: release node %u: %d\n",
					 core->banks[b].name,
					 core->banks[b].pd[p], ret);
		}
	}
}

/*
 * Power the TCM before anything touches it: the core loads into it, the
 * coredump reads it.  The DDR carveouts come from memory-region.
 */
static int ohost_zr5_prepare(struct rproc *rproc)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);
	const struct ohost_zr5_fw *fw = core->fw;
	unsigned int b, p;
	int ret;

	for (b = 0; b < core->num_banks; b++) {
		for (p = 0; p < core->banks[b].num_pd; p++) {
			ret = fw->ops->request_node(fw, core->banks[b].pd[p],
						    OHOST_ZR5_CAP_ACCESS, 0,
						    OHOST_ZR5_ACK_BLOCKING);
			if (ret) {
				dev_err(core->dev, "TCM %s: request node %u: %d\n",
					core->banks[b].name,
					core->banks[b].pd[p], ret);
				ohost_zr5_release_banks(core, b + 1, p);
				return ret;
			}
		}
	}
	ret = ohost_rproc_of_add_carveouts(&core->glue,
					   &core->mem[core->num_banks],
					   core->num_of_mem);
	if (ret)
		ohost_zr5_release_banks(core, core->num_banks, 0);
	return ret;
}

/*
 * Release the TCM.  Not after a detach: the core goes on running in it
 * (the next attach requests it again, which the firmware accepts).
 */
static int ohost_zr5_unprepare(struct rproc *rproc)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);

	if (rproc->state != RPROC_DETACHED && core->num_banks)
		ohost_zr5_release_banks(core, core->num_banks,
					core->banks[core->num_banks - 1].num_pd);
	return ohost_rproc_unprepare(rproc);
}

/* Zero the TCM (powered since prepare) before every load, recovery too. */
static int ohost_zr5_load(struct rproc *rproc, const struct firmware *fw)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);
	unsigned int b;

	for (b = 0; b < core->num_banks; b++)
		memset_io(core->banks[b].io, 0, core->banks[b].size);
	return ohost_rproc_load(rproc, fw);
}

/*
 * Release the core from reset at the LOVEC or the HIVEC: the wake address
 * is the vector itself with bit 0 set ("set address"), not an enum.
 */
static int ohost_zr5_start(struct rproc *rproc)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);
	u32 vec = ohost_zr5_boot_vector(rproc->bootaddr);
	int ret;

	ret = core->fw->ops->request_wake(core->fw, core->node, true, vec,
					  OHOST_ZR5_ACK_NO);
	if (ret)
		dev_err(core->dev, "cannot start RPU node %u at %#x: %d\n",
			core->node, vec, ret);
	return ret;
}

static int ohost_zr5_stop(struct rproc *rproc)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);
	int ret;

	ret = core->fw->ops->force_pwrdwn(core->fw, core->node,
					  OHOST_ZR5_ACK_BLOCKING);
	if (ret)
		dev_err(core->dev, "cannot power down RPU node %u: %d\n",
			core->node, ret);
	return ret;
}

static void ohost_zr5_kick(struct rproc *rproc, int vqid)
{
	struct ohost_zr5_core *core = ohost_zr5_core(rproc);

	if (core->has_mbox)
		ohost_rproc_mbox_kick(&core->mbox, vqid);
	else
		dev_warn_once(core->dev, "no mailbox (mboxes): kick dropped\n");
}

/* The core keeps running; a last kick tells it the vdev status changed. */
static int ohost_zr5_detach(struct rproc *rproc)
{
	ohost_zr5_kick(rproc, 0);
	return 0;
}

const struct rproc_ops ohost_zr5_rproc_ops = {
	.prepare = ohost_zr5_prepare,
	.unprepare = ohost_zr5_unprepare,
	.start = ohost_zr5_start,
	.stop = ohost_zr5_stop,
	.kick = ohost_zr5_kick,
	.attach = ohost_rproc_attach,
	.detach = ohost_zr5_detach,
	.get_loaded_rsc_table = ohost_rproc_get_loaded_rsc_table,
	.da_to_va = ohost_rproc_da_to_va,
	.parse_fw = ohost_rproc_parse_fw,
	.sanity_check = ohost_rproc_sanity_check,
	.load = ohost_zr5_load,
	.find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table,
	.get_boot_addr = rproc_elf_get_boot_addr,
};
EXPORT_SYMBOL_GPL(ohost_zr5_rproc_ops);

/* ---- setup --------------------------------------------------------------- */

/**
 * ohost_zr5_core_init() - the glue and memory table of a described core
 * @core: rproc->priv, with @rproc, @dev, @fw, @banks (mapped) and the
 *	memory-region entries at @mem[@num_banks] filled in
 *
 * Return: 0 or a negative errno.
 */
int ohost_zr5_core_init(struct ohost_zr5_core *core)
{
	unsigned int b;
	int ret;

	ret = ohost_rproc_glue_init(&core->glue, core->rproc, &ohost_zr5_policy,
				    ELFCLASS32);
	if (ret)
		return ret;
	for (b = 0; b < core->num_banks; b++) {
		const struct ohost_zr5_bank *bank = &core->banks[b];

		core->mem[b] = (struct ohost_rproc_mem) {
			.name = bank->name,
			.da = bank->da,
			.alias = { { .da = bank->pa } },
			.num_aliases = 1,
			.pa = bank->pa,
			.io = bank->io,
			.size = bank->size,
			.is_iomem = true,
		};
	}
	core->num_mem = core->num_banks + core->num_of_mem;
	return ohost_rproc_set_mems(&core->glue, core->mem, core->num_mem);
}
EXPORT_SYMBOL_GPL(ohost_zr5_core_init);

/**
 * ohost_zr5_set_modes() - RPU mode and TCM configuration of a core
 * @core: the core
 * @fw_mode: OHOST_ZR5_RPU_MODE_*
 * @fw_tcm: OHOST_ZR5_TCM_*
 *
 * TF-A refuses to change the mode while the RPU is out of reset (a boot
 * loader started it): that is fine if the mode already is the one wanted,
 * and then the TCM configuration is too.
 *
 * Return: 0 or a negative errno (logged).
 */
int ohost_zr5_set_modes(struct ohost_zr5_core *core, u32 fw_mode, u32 fw_tcm)
{
	const struct ohost_zr5_fw *fw = core->fw;
	u32 cur = ~0U;
	int ret;

	ret = fw->ops->set_rpu_mode(fw, core->node, fw_mode);
	if (ret) {
		if (fw->ops->get_rpu_mode(fw, core->node, &cur) || cur != fw_mode) {
			dev_err(core->dev, "cannot set RPU mode %u (%d; mode now %#x)\n",
				fw_mode, ret, cur);
			return ret;
		}
		dev_info(core->dev, "RPU mode %u already set\n", fw_mode);
	}
	ret = fw->ops->set_tcm_config(fw, core->node, fw_tcm);
	if (ret && cur != fw_mode) {
		dev_err(core->dev, "cannot set TCM configuration %u: %d\n",
			fw_tcm, ret);
		return ret;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_zr5_set_modes);

/* {u32 version, magic, ~magic, size, rsc_tbl}: R5 words, little-endian */
struct ohost_zr5_rsc_meta {
	__le32 version;
	__le32 magic;
	__le32 comp_magic;
	__le32 size;
	__le32 rsc_tbl;
};

static_assert(sizeof(struct ohost_zr5_rsc_meta) == 20);

static int ohost_zr5_read_meta(struct ohost_zr5_core *core,
			       struct ohost_zr5_rsc_meta *meta)
{
	const struct ohost_rproc_mem *m = &core->mem[core->num_banks];
	void *va = m->va;

	if (!core->num_of_mem || m->size < sizeof(*meta)) {
		dev_err(core->dev, "running, but no memory-region[0] holds the resource table metadata\n");
		return -ENOENT;
	}
	if (!va)
		va = memremap(m->pa, sizeof(*meta), MEMREMAP_WC);
	if (!va)
		return -ENOMEM;
	memcpy(meta, va, sizeof(*meta));
	if (!m->va)
		memunmap(va);
	return 0;
}

/**
 * ohost_zr5_detect_attach() - attach to a core the boot loader started
 * @core: set up by ohost_zr5_core_init()
 *
 * A RUNNING core whose memory-region[0] starts with Xilinx's metadata
 * pointing at a resource table that lies inside a memory-region carveout
 * and validates (as a copy) is left running: the rproc starts DETACHED.
 * Anything else is logged once and the core is not attached.
 *
 * Return: 1 if attachable, 0 if not.
 */
int ohost_zr5_detect_attach(struct ohost_zr5_core *core)
{
	struct ohost_zr5_rsc_meta meta;
	u32 status, req, usage, size;
	void *copy;

	if (core->fw->ops->get_node_status(core->fw, core->node, &status, &req,
					   &usage) ||
	    status != OHOST_ZR5_NODE_RUNNING)
		return 0;
	if (ohost_zr5_read_meta(core, &meta))
		return 0;
	size = le32_to_cpu(meta.size);
	if (le32_to_cpu(meta.version) != 1 ||
	    le32_to_cpu(meta.magic) != OHOST_ZR5_RSC_MAGIC ||
	    le32_to_cpu(meta.comp_magic) != ~OHOST_ZR5_RSC_MAGIC ||
	    size < OHOST_RSC_HDR_SIZE || size > OHOST_ZR5_RSC_MAX_SIZE) {
		dev_err(core->dev, "running, but no valid resource table metadata (version %u magic %#x/%#x size %#x): not attaching\n",
			le32_to_cpu(meta.version), le32_to_cpu(meta.magic),
			le32_to_cpu(meta.comp_magic), size);
		return 0;
	}
	copy = ohost_rproc_copy_rsc_table(&core->glue,
					  le32_to_cpu(meta.rsc_tbl), size);
	if (IS_ERR(copy)) {
		dev_err(core->dev, "running, but its resource table is unusable: not attaching\n");
		return 0;
	}
	kfree(copy);
	core->glue.rsc_da = le32_to_cpu(meta.rsc_tbl);
	core->glue.rsc_size = size;
	core->rproc->state = RPROC_DETACHED;
	return 1;
}
EXPORT_SYMBOL_GPL(ohost_zr5_detect_attach);

static void *ohost_zr5_kick_msg(struct ohost_rproc_mbox *mb, int vqid)
{
	return &ohost_zr5_ipi_msg;
}

/* Hard IRQ: the IPI's interrupt stays masked until the message is acked. */
static void ohost_zr5_mbox_rx(struct ohost_rproc_mbox *mb, void *msg)
{
	ohost_rproc_mbox_ack(mb, &ohost_zr5_ipi_msg);
}

const struct ohost_rproc_mbox_ops ohost_zr5_mbox_ops = {
	.kick_msg = ohost_zr5_kick_msg,
	.rx = ohost_zr5_mbox_rx,
	.coalesce = OHOST_RPROC_MBOX_COALESCE_ANY,
};
EXPORT_SYMBOL_GPL(ohost_zr5_mbox_ops);

/**
 * struct ohost_zr5_cluster - the RPU
 * @dev: the cluster's device
 * @eemi: the firmware backend
 * @fw_mode: RPU mode requested
 * @fw_tcm: TCM configuration requested
 * @lockstep: one remote processor with all TCM
 */
struct ohost_zr5_cluster {
	struct device *dev;
	struct ohost_zr5_eemi eemi;
	u32 fw_mode;
	u32 fw_tcm;
	bool lockstep;
};

/* TCM banks from reg/reg-names (through the cluster's ranges) or defaults. */
static int ohost_zr5_parse_banks(struct ohost_zr5_cluster *cl,
				 struct ohost_zr5_core *core,
				 struct device_node *np, unsigned int index,
				 struct of_phandle_args *pds, int npd)
{
	struct ohost_zr5_bank *bank;
	struct resource res;
	const __be32 *reg;
	unsigned int i;
	u64 local;

	if (!of_find_property(np, "reg", NULL)) {
		core->num_banks = ohost_zr5_default_banks(cl->lockstep, index,
							  core->banks);
		return 0;
	}
	for (i = 0; i < OHOST_ZR5_MAX_BANKS; i++) {
		if (of_address_to_resource(np, i, &res))
			break;
		bank = &core->banks[i];
		/* the last cell: the binding puts the core's index before it */
		reg = of_get_address(np, i, NULL, NULL);
		local = of_read_number(reg + of_n_addr_cells(np) - 1, 1);
		if (resource_size(&res) > U32_MAX - local) {
			dev_err(cl->dev, "%pOF: reg[%u] beyond the R5's 32 bits\n",
				np, i);
			return -EINVAL;
		}
		*bank = (struct ohost_zr5_bank) {
			.da = local, .pa = res.start, .size = resource_size(&res),
			.num_pd = 1,
		};
		if (of_property_read_string_index(np, "reg-names", i, &bank->name))
			bank->name = "tcm";
		if (npd > 0 && i + 1 < npd) {
			bank->pd[0] = pds[i + 1].args[0];
		} else if (npd > 0 || ohost_zr5_default_pd(bank->pa, bank->pd)) {
			dev_err(cl->dev, "%pOF: TCM %s at %pa: no power-domains entry and not a ZynqMP TCM address\n",
				np, bank->name, &bank->pa);
			return -EINVAL;
		}
	}
	core->num_banks = i;
	return i ? 0 : -EINVAL;
}

/* power-domains: entry 0 the core, then one per reg; optional. */
static int ohost_zr5_parse_pds(struct device_node *np,
			       struct of_phandle_args *pds)
{
	int i, n;

	n = of_count_phandle_with_args(np, "power-domains", "#power-domain-cells");
	if (n <= 0)
		return 0;
	n = min(n, OHOST_ZR5_MAX_BANKS + 1);
	for (i = 0; i < n; i++) {
		if (of_parse_phandle_with_args(np, "power-domains",
					       "#power-domain-cells", i, &pds[i]))
			return -EINVAL;
		of_node_put(pds[i].np);
		if (pds[i].args_count < 1)
			return -EINVAL;
	}
	return n;
}

static int ohost_zr5_map_banks(struct ohost_zr5_cluster *cl,
			       struct ohost_zr5_core *core)
{
	unsigned int b;

	core->num_banks = ohost_zr5_merge_banks(core->banks, core->num_banks);
	for (b = 0; b < core->num_banks; b++) {
		struct ohost_zr5_bank *bank = &core->banks[b];

		if (!devm_request_mem_region(cl->dev, bank->pa, bank->size,
					     dev_name(core->dev)))
			return dev_err_probe(cl->dev, -EBUSY, "TCM %s at %pa busy\n",
					     bank->name, &bank->pa);
		bank->io = devm_ioremap_wc(cl->dev, bank->pa, bank->size);
		if (!bank->io)
			return dev_err_probe(cl->dev, -ENOMEM, "cannot map TCM %s\n",
					     bank->name);
	}
	return 0;
}

static void ohost_zr5_put_device(void *dev)
{
	put_device(dev);
}

static void ohost_zr5_rproc_free(void *data)
{
	struct rproc *rproc = data;

	ohost_rproc_glue_release(rproc->priv);
	rproc_free(rproc);
}

static void ohost_zr5_mbox_free(void *mb)
{
	ohost_rproc_mbox_free(mb);
}

/* The core's node, its TCM, memory-region, power domains and mailbox. */
static int ohost_zr5_describe(struct ohost_zr5_cluster *cl,
			      struct ohost_zr5_core *core,
			      struct device_node *np, unsigned int index)
{
	struct of_phandle_args pds[OHOST_ZR5_MAX_BANKS + 1];
	int npd, ret;

	npd = ohost_zr5_parse_pds(np, pds);
	if (npd < 0)
		return dev_err_probe(cl->dev, npd, "%pOF: malformed power-domains\n",
				     np);
	core->node = npd ? pds[0].args[0] : OHOST_ZR5_NODE_RPU_0 + index;
	ret = ohost_zr5_parse_banks(cl, core, np, index, pds, npd);
	if (ret)
		return ret;
	ret = ohost_zr5_map_banks(cl, core);
	if (ret)
		return ret;
	ret = ohost_rproc_of_mems(core->dev, &core->mem[core->num_banks],
				  OHOST_RPROC_MAX_OF_MEMS, NULL, NULL);
	if (ret < 0)
		return ret;
	if (!ret)
		return dev_err_probe(cl->dev, -EINVAL,
				     "%pOF: memory-region missing (the firmware image region, then vdev0buffer, vdev0vring0, vdev0vring1)\n",
				     np);
	core->num_of_mem = ret;
	return 0;
}

static int ohost_zr5_core_probe(struct ohost_zr5_cluster *cl,
				struct device_node *np, unsigned int index)
{
	struct platform_device *pdev = of_find_device_by_node(np);
	struct ohost_zr5_core *core;
	struct rproc *rproc;
	int ret;

	if (!pdev)
		return dev_err_probe(cl->dev, -ENODEV, "%pOF: no device\n", np);
	ret = devm_add_action_or_reset(cl->dev, ohost_zr5_put_device, &pdev->dev);
	if (ret)
		return ret;
	ret = dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(cl->dev, ret, "%pOF: no 32-bit DMA\n", np);
	rproc = rproc_alloc(&pdev->dev, dev_name(&pdev->dev), &ohost_zr5_rproc_ops,
			    NULL, sizeof(*core));
	if (!rproc)
		return -ENOMEM;
	ret = devm_add_action_or_reset(cl->dev, ohost_zr5_rproc_free, rproc);
	if (ret)
		return ret;
	rproc->auto_boot = false;
	rproc->recovery_disabled = false;
	core = rproc->priv;
	core->rproc = rproc;
	core->dev = &pdev->dev;
	core->fw = &cl->eemi.fw;

	ret = ohost_zr5_describe(cl, core, np, index);
	if (!ret)
		ret = ohost_zr5_core_init(core);
	if (!ret)
		ret = ohost_zr5_set_modes(core, cl->fw_mode, cl->fw_tcm);
	if (ret)
		return ret;
	if (of_find_property(np, "mboxes", NULL)) {
		ret = ohost_rproc_mbox_init(&core->mbox, &core->glue, core->dev,
					    &ohost_zr5_mbox_ops);
		if (ret)
			return ret;
		ret = devm_add_action_or_reset(cl->dev, ohost_zr5_mbox_free,
					       &core->mbox);
		if (ret)
			return ret;
		core->has_mbox = true;
	} else {
		dev_warn(cl->dev, "%pOF: no mboxes: the remote gets no kicks\n", np);
	}
	if (ohost_zr5_detect_attach(core))
		dev_info(cl->dev, "%pOF: running: attach to it with \"start\"\n", np);

	/* Last: from here on userspace can start the remote. */
	ret = devm_ohost_rproc_add(cl->dev, rproc);
	if (ret)
		return dev_err_probe(cl->dev, ret, "cannot register remoteproc\n");
	return 0;
}

static int ohost_zr5_read_modes(struct ohost_zr5_cluster *cl)
{
	struct device_node *np = cl->dev->of_node;
	u32 mode = 0, tcm = 0;
	bool has_mode, has_tcm;
	int n;

	has_mode = !of_property_read_u32(np, "xlnx,cluster-mode", &mode);
	has_tcm = !of_property_read_u32(np, "xlnx,tcm-mode", &tcm);
	if (has_mode && mode == OHOST_ZR5_CLUSTER_SINGLE)
		return dev_err_probe(cl->dev, -EINVAL,
				     "xlnx,cluster-mode 2 (single-cpu) is not supported: use 0 (split) or 1 (lockstep)\n");
	n = ohost_zr5_modes(has_mode, mode, has_tcm, tcm, &cl->fw_mode, &cl->fw_tcm);
	if (n < 0)
		return dev_err_probe(cl->dev, n, "bad xlnx,cluster-mode %u / xlnx,tcm-mode %u\n",
				     mode, tcm);
	cl->lockstep = n == 1;
	return n;
}

static int ohost_zr5_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ohost_zr5_cluster *cl;
	struct device_node *child;
	unsigned int index = 0;
	int ncores, ret;

	cl = devm_kzalloc(dev, sizeof(*cl), GFP_KERNEL);
	if (!cl)
		return -ENOMEM;
	cl->dev = dev;
	ret = ohost_zr5_eemi_probe(dev, &cl->eemi);
	if (ret)
		return ret;
	ncores = ohost_zr5_read_modes(cl);
	if (ncores < 0)
		return ncores;
	ret = devm_of_platform_populate(dev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot create the cores' devices\n");
	for_each_available_child_of_node(dev->of_node, child) {
		if (index == ncores) {
			dev_warn(dev, "%pOF: ignored in %s mode\n", child,
				 cl->lockstep ? "lockstep" : "split");
			continue;
		}
		ret = ohost_zr5_core_probe(cl, child, index++);
		if (ret) {
			of_node_put(child);
			return ret;
		}
	}
	if (!index)
		return dev_err_probe(dev, -ENODEV, "no available r5f core node\n");
	dev_info(dev, "RPU in %s mode: %u remote processor(s)\n",
		 cl->lockstep ? "lockstep" : "split", index);
	return 0;
}

static const struct of_device_id ohost_zr5_of_match[] = {
	{ .compatible = "xlnx,zynqmp-r5fss" },
	{ }
};
MODULE_DEVICE_TABLE(of, ohost_zr5_of_match);

static struct platform_driver ohost_zr5_driver = {
	.probe = ohost_zr5_probe,
	.driver = {
		.name = OHOST_ZR5_NAME,
		.of_match_table = ohost_zr5_of_match,
	},
};
module_platform_driver(ohost_zr5_driver);

MODULE_DESCRIPTION("openamp-host remoteproc driver for the Xilinx ZynqMP RPU (Cortex-R5F)");
MODULE_LICENSE("GPL");
