// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_imx_rproc: what differs between the SoCs, and the address
 * translation that derives from it.
 *
 * The tables are the M core's memory maps of the reference manuals
 * (i.MX7D RM "Cortex-M4 memory map", i.MX8MQ/8MM RM "Cortex-M4 memory
 * map", i.MX8MN/8MP RM "Cortex-M7 memory map"), the same facts as
 * upstream's imx_rproc.c.  Every line maps a window of the core's
 * addresses onto system addresses; the TCM lines are the core's own
 * memory.  A range is inside a line when it ends at or before the line's
 * end: a segment ending exactly at the end of a TCM is fine.
 */
#include <linux/kernel.h>
#include <linux/mfd/syscon.h>
#include <linux/regmap.h>

#include "ohost_imx_rproc.h"

/* ---- translation tables -------------------------------------------------- */

static const struct ohost_imx_att ohost_imx_att_7d[] = {
	/*  da          sa          size */
	{ 0x00000000, 0x00180000, 0x00008000 },		/* OCRAM_S, boot alias */
	{ 0x00180000, 0x00180000, 0x00008000 },		/* OCRAM_S */
	{ 0x00900000, 0x00900000, 0x00020000 },		/* OCRAM (code bus) */
	{ 0x00920000, 0x00920000, 0x00020000 },		/* OCRAM_EPDC */
	{ 0x00940000, 0x00940000, 0x00008000 },		/* OCRAM_PXP */
	{ 0x1fff8000, 0x007f8000, 0x00008000, true },	/* TCML */
	{ 0x10000000, 0x80000000, 0x0fff0000 },		/* DDR, code alias */
	{ 0x20000000, 0x00800000, 0x00008000, true },	/* TCMU */
	{ 0x20200000, 0x00900000, 0x00020000 },		/* OCRAM (system bus) */
	{ 0x20220000, 0x00920000, 0x00020000 },		/* OCRAM_EPDC */
	{ 0x20240000, 0x00940000, 0x00008000 },		/* OCRAM_PXP */
	{ 0x80000000, 0x80000000, 0x60000000 },		/* DDR */
};

/* i.MX8MQ and i.MX8MM: one map. */
static const struct ohost_imx_att ohost_imx_att_8mq[] = {
	{ 0x00000000, 0x007e0000, 0x00020000 },		/* TCML, boot alias */
	{ 0x00180000, 0x00180000, 0x00008000 },		/* OCRAM_S */
	{ 0x00900000, 0x00900000, 0x00020000 },		/* OCRAM */
	{ 0x00920000, 0x00920000, 0x00020000 },		/* OCRAM */
	{ 0x08000000, 0x08000000, 0x08000000 },		/* QSPI */
	{ 0x10000000, 0x40000000, 0x0ffe0000 },		/* DDR, code alias */
	{ 0x1ffe0000, 0x007e0000, 0x00040000, true },	/* TCML + TCMU */
	{ 0x20180000, 0x00180000, 0x00008000 },		/* OCRAM_S */
	{ 0x20200000, 0x00900000, 0x00020000 },		/* OCRAM */
	{ 0x20220000, 0x00920000, 0x00020000 },		/* OCRAM */
	{ 0x40000000, 0x40000000, 0x80000000 },		/* DDR */
};

/* i.MX8MN and i.MX8MP: one map. */
static const struct ohost_imx_att ohost_imx_att_8mn[] = {
	{ 0x00000000, 0x007e0000, 0x00020000, true },	/* ITCM */
	{ 0x00180000, 0x00180000, 0x00009000 },		/* OCRAM_S */
	{ 0x00900000, 0x00900000, 0x00020000 },		/* OCRAM */
	{ 0x00920000, 0x00920000, 0x00020000 },		/* OCRAM */
	{ 0x00940000, 0x00940000, 0x00050000 },		/* OCRAM */
	{ 0x08000000, 0x08000000, 0x08000000 },		/* QSPI */
	{ 0x10000000, 0x40000000, 0x0ffe0000 },		/* DDR, code alias */
	{ 0x20000000, 0x00800000, 0x00020000, true },	/* DTCM */
	{ 0x20180000, 0x00180000, 0x00008000 },		/* OCRAM_S */
	{ 0x20200000, 0x00900000, 0x00020000 },		/* OCRAM */
	{ 0x20220000, 0x00920000, 0x00020000 },		/* OCRAM */
	{ 0x20240000, 0x00940000, 0x00040000 },		/* OCRAM */
	{ 0x40000000, 0x40000000, 0x80000000 },		/* DDR */
};

#define OHOST_IMX_SRC_FIELDS					\
	.src_reg = OHOST_IMX_SRC_SCR, .src_mask = OHOST_IMX_SRC_MASK,	\
	.src_start = OHOST_IMX_SRC_START, .src_stop = OHOST_IMX_SRC_STOP

const struct ohost_imx_soc ohost_imx_soc_7d = {
	.name = "i.MX7D", .att = ohost_imx_att_7d,
	.num_att = ARRAY_SIZE(ohost_imx_att_7d),
	.method = &ohost_imx_method_mmio, OHOST_IMX_SRC_FIELDS,
};
EXPORT_SYMBOL_GPL(ohost_imx_soc_7d);

const struct ohost_imx_soc ohost_imx_soc_8mq = {
	.name = "i.MX8MQ", .att = ohost_imx_att_8mq,
	.num_att = ARRAY_SIZE(ohost_imx_att_8mq),
	.method = &ohost_imx_method_mmio, OHOST_IMX_SRC_FIELDS,
};
EXPORT_SYMBOL_GPL(ohost_imx_soc_8mq);

const struct ohost_imx_soc ohost_imx_soc_8mm = {
	.name = "i.MX8MM", .att = ohost_imx_att_8mq,
	.num_att = ARRAY_SIZE(ohost_imx_att_8mq),
	.method = &ohost_imx_method_mmio, OHOST_IMX_SRC_FIELDS,
};
EXPORT_SYMBOL_GPL(ohost_imx_soc_8mm);

const struct ohost_imx_soc ohost_imx_soc_8mn = {
	.name = "i.MX8MN", .att = ohost_imx_att_8mn,
	.num_att = ARRAY_SIZE(ohost_imx_att_8mn),
	.method = &ohost_imx_method_smc,
};
EXPORT_SYMBOL_GPL(ohost_imx_soc_8mn);

const struct ohost_imx_soc ohost_imx_soc_8mp = {
	.name = "i.MX8MP", .att = ohost_imx_att_8mn,
	.num_att = ARRAY_SIZE(ohost_imx_att_8mn),
	.method = &ohost_imx_method_smc,
};
EXPORT_SYMBOL_GPL(ohost_imx_soc_8mp);

/* ---- translation --------------------------------------------------------- */

/* [x, x + len) inside [base, base + size), without computing x + len. */
static bool ohost_imx_in(u64 base, u64 size, u64 x, u64 len)
{
	return x >= base && x - base < size && len <= size - (x - base);
}

/**
 * ohost_imx_da_to_sys() - the system address of a range of the core's
 * @soc: the SoC
 * @da: the core's address
 * @len: bytes (0: just @da)
 * @sys: set to the system address of @da
 *
 * Return: 0, or -ERANGE when no line of the table holds all of the range.
 */
int ohost_imx_da_to_sys(const struct ohost_imx_soc *soc, u64 da, u64 len,
			u64 *sys)
{
	unsigned int i;

	for (i = 0; i < soc->num_att; i++) {
		const struct ohost_imx_att *a = &soc->att[i];

		if (ohost_imx_in(a->da, a->size, da, len)) {
			*sys = a->sa + (da - a->da);
			return 0;
		}
	}
	return -ERANGE;
}
EXPORT_SYMBOL_GPL(ohost_imx_da_to_sys);

/**
 * ohost_imx_sys_to_da() - the core's address of a range of system memory
 * @soc: the SoC
 * @sys: system address
 * @len: bytes
 * @da: set to the core's address of @sys
 *
 * Where the core sees the range more than once, the address it sees it
 * at unchanged (DDR) is preferred, then the TCM's own address, then the
 * first line of the table.
 *
 * Return: 0, or -ERANGE when the core cannot reach all of the range
 * through one line.
 */
int ohost_imx_sys_to_da(const struct ohost_imx_soc *soc, u64 sys, u64 len,
			u64 *da)
{
	const struct ohost_imx_att *best = NULL;
	unsigned int i;

	for (i = 0; i < soc->num_att; i++) {
		const struct ohost_imx_att *a = &soc->att[i];

		if (!ohost_imx_in(a->sa, a->size, sys, len))
			continue;
		if (a->da == a->sa) {
			best = a;
			break;
		}
		if (!best || (a->tcm && !best->tcm))
			best = a;
	}
	if (!best)
		return -ERANGE;
	*da = best->da + (sys - best->sa);
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_imx_sys_to_da);

/**
 * ohost_imx_pa_to_da() - &ohost_rproc_pa_to_da_fn for memory-region
 * @soc: the SoC (const struct ohost_imx_soc *)
 * @pa: the region's physical address
 * @size: its bytes
 * @da: set to the core's address
 *
 * Return: 0 or -ERANGE.
 */
int ohost_imx_pa_to_da(void *soc, phys_addr_t pa, size_t size, u64 *da)
{
	return ohost_imx_sys_to_da(soc, pa, size, da);
}
EXPORT_SYMBOL_GPL(ohost_imx_pa_to_da);

/**
 * ohost_imx_add_aliases() - the further windows the core sees a memory through
 * @soc: the SoC
 * @m: a memory with @pa, @size and its own @da set; gets an alias for
 *	every other line of the table that maps onto (part of) it, up to
 *	%OHOST_RPROC_MAX_ALIASES (i.MX8MM TCM: the lower half at 0x0; i.MX7D
 *	DDR: 0x10000000)
 */
void ohost_imx_add_aliases(const struct ohost_imx_soc *soc,
			   struct ohost_rproc_mem *m)
{
	u64 end = m->pa + m->size;
	unsigned int i;

	m->num_aliases = 0;
	for (i = 0; i < soc->num_att; i++) {
		const struct ohost_imx_att *a = &soc->att[i];
		u64 lo = max_t(u64, a->sa, m->pa);
		u64 hi = min_t(u64, (u64)a->sa + a->size, end);
		u64 da = a->da + (lo - a->sa);

		if (lo >= hi || da - (lo - m->pa) == m->da)
			continue;	/* elsewhere, or the memory's own address */
		if (m->num_aliases == OHOST_RPROC_MAX_ALIASES)
			return;
		m->alias[m->num_aliases++] = (struct ohost_rproc_alias) {
			.da = da, .off = lo - m->pa, .size = hi - lo,
		};
	}
}
EXPORT_SYMBOL_GPL(ohost_imx_add_aliases);

/**
 * ohost_imx_tcm_mems() - the core's own memories (TCM) of a SoC
 * @soc: the SoC
 * @mem: filled with one memory per TCM, lines contiguous at both addresses
 *	merged (i.MX7D TCML + TCMU: one 64 KiB memory), with their aliases;
 *	not mapped
 * @max: room in @mem
 *
 * Return: the number of memories.
 */
unsigned int ohost_imx_tcm_mems(const struct ohost_imx_soc *soc,
				struct ohost_rproc_mem *mem, unsigned int max)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < soc->num_att; i++) {
		const struct ohost_imx_att *a = &soc->att[i];

		if (!a->tcm)
			continue;
		for (j = 0; j < n; j++) {
			if (mem[j].da + mem[j].size == a->da &&
			    mem[j].pa + mem[j].size == a->sa) {
				mem[j].size += a->size;
				break;
			}
		}
		if (j < n || n == max)
			continue;
		mem[n++] = (struct ohost_rproc_mem) {
			.name = "tcm", .da = a->da, .pa = a->sa, .size = a->size,
			.is_iomem = true,
		};
	}
	for (j = 0; j < n; j++)
		ohost_imx_add_aliases(soc, &mem[j]);
	return n;
}
EXPORT_SYMBOL_GPL(ohost_imx_tcm_mems);

/* ---- start/stop: the SRC through its syscon regmap (7D, 8MQ, 8MM) -------- */

static int ohost_imx_mmio_setup(struct ohost_imx_rproc *priv)
{
	struct regmap *src;

	src = syscon_regmap_lookup_by_phandle(priv->dev->of_node, "syscon");
	if (IS_ERR(src))
		return dev_err_probe(priv->dev, PTR_ERR(src),
				     "syscon: no SRC regmap (needs syscon = <&src>, a \"syscon\" node)\n");
	priv->src = src;
	return 0;
}

static int ohost_imx_mmio_write(struct ohost_imx_rproc *priv, u32 val,
				const char *what)
{
	const struct ohost_imx_soc *soc = priv->soc;
	int ret;

	ret = regmap_update_bits(priv->src, soc->src_reg, soc->src_mask, val);
	if (ret)
		dev_err(priv->dev, "cannot %s the core: SRC register %#x: %d\n",
			what, soc->src_reg, ret);
	return ret;
}

static int ohost_imx_mmio_start(struct ohost_imx_rproc *priv)
{
	return ohost_imx_mmio_write(priv, priv->soc->src_start, "start");
}

static int ohost_imx_mmio_stop(struct ohost_imx_rproc *priv)
{
	return ohost_imx_mmio_write(priv, priv->soc->src_stop, "stop");
}

/* Anything but "held in reset" is a running core (as upstream decides). */
static int ohost_imx_mmio_is_running(struct ohost_imx_rproc *priv)
{
	const struct ohost_imx_soc *soc = priv->soc;
	unsigned int val;
	int ret;

	ret = regmap_read(priv->src, soc->src_reg, &val);
	if (ret) {
		dev_err(priv->dev, "cannot read SRC register %#x: %d\n",
			soc->src_reg, ret);
		return ret;
	}
	return (val & soc->src_mask) != soc->src_stop;
}

const struct ohost_imx_method ohost_imx_method_mmio = {
	.name = "SRC syscon",
	.setup = ohost_imx_mmio_setup,
	.start = ohost_imx_mmio_start,
	.stop = ohost_imx_mmio_stop,
	.is_running = ohost_imx_mmio_is_running,
};
EXPORT_SYMBOL_GPL(ohost_imx_method_mmio);

/* ---- start/stop: NXP's TF-A SiP call (8MN, 8MP) -------------------------- */

static int ohost_imx_smc_setup(struct ohost_imx_rproc *priv)
{
	priv->conduit = __arm_smccc_smc;
	return 0;
}

static unsigned long ohost_imx_smc(struct ohost_imx_rproc *priv, u32 fn,
				   unsigned long *a1)
{
	struct arm_smccc_res res;

	priv->conduit(OHOST_IMX_SIP_RPROC, fn, 0, 0, 0, 0, 0, 0, &res, NULL);
	if (a1)
		*a1 = res.a1;
	return res.a0;
}

/* A TF-A without the call answers SMCCC_RET_NOT_SUPPORTED: say so. */
static int ohost_imx_smc_errno(struct ohost_imx_rproc *priv,
			       unsigned long a0, const char *what)
{
	if (!a0)
		return 0;
	if (a0 == (unsigned long)SMCCC_RET_NOT_SUPPORTED)
		dev_err(priv->dev, "cannot %s the core: the firmware (TF-A) has no IMX_SIP_RPROC call\n",
			what);
	else
		dev_err(priv->dev, "cannot %s the core: IMX_SIP_RPROC returned %ld\n",
			what, (long)a0);
	return -EIO;
}

static int ohost_imx_smc_start(struct ohost_imx_rproc *priv)
{
	return ohost_imx_smc_errno(priv, ohost_imx_smc(priv, OHOST_IMX_SIP_RPROC_START,
						       NULL), "start");
}

static int ohost_imx_smc_stop(struct ohost_imx_rproc *priv)
{
	unsigned long a0, busy = 0;

	a0 = ohost_imx_smc(priv, OHOST_IMX_SIP_RPROC_STOP, &busy);
	if (!a0 && busy)
		dev_info(priv->dev, "the core was not in WFI: stopped by force\n");
	return ohost_imx_smc_errno(priv, a0, "stop");
}

static int ohost_imx_smc_is_running(struct ohost_imx_rproc *priv)
{
	unsigned long a0 = ohost_imx_smc(priv, OHOST_IMX_SIP_RPROC_STARTED, NULL);

	if (a0 == (unsigned long)SMCCC_RET_NOT_SUPPORTED)
		return ohost_imx_smc_errno(priv, a0, "query");
	return a0 != 0;
}

const struct ohost_imx_method ohost_imx_method_smc = {
	.name = "SiP SMC",
	.setup = ohost_imx_smc_setup,
	.start = ohost_imx_smc_start,
	.stop = ohost_imx_smc_stop,
	.is_running = ohost_imx_smc_is_running,
};
EXPORT_SYMBOL_GPL(ohost_imx_method_smc);
