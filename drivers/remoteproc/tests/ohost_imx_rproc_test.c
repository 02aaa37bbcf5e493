// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the i.MX M4/M7 driver (ohost_imx_rproc) and the glue it
 * adds to (alias windows, ohost_rproc_parse_table, the rxdb channel and
 * per-vqid kick coalescing of ohost_rproc_mbox).
 *
 * As for the ZynqMP suite, no device tree can be made up on the debug
 * kernel (no OF_DYNAMIC): probe's DT parsing is left to the QEMU end to
 * end test.  Tested here, through the interfaces the real code uses: every
 * SoC's translation table at its boundaries, the TCM memories and their
 * alias windows, the SRC start/stop/detect sequence against a fake regmap
 * made by regmap_init() with reg_read/reg_write callbacks (what a syscon
 * gives the driver), the SiP SMC sequence against a fake conduit, attach
 * detection and the resource table copy, the table built for
 * openamp-host,fixed-vrings, and the MU mailbox plumbing against a tiny
 * mailbox controller registered here.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/mailbox_controller.h>
#include <linux/module.h>
#include <linux/regmap.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/virtio_ids.h>

#include "../ohost_imx_rproc.h"

/* ---- translation tables at their boundaries ------------------------------ */

struct it_att_case {
	const char *name;
	const struct ohost_imx_soc *soc;
	u64 da;
	u64 len;
	int ret;
	u64 sys;
};

static const struct it_att_case it_att_cases[] = {
	/* i.MX7D */
	{ "7d tcml start", &ohost_imx_soc_7d, 0x1fff8000, 4, 0, 0x7f8000 },
	{ "7d tcml ends at its end", &ohost_imx_soc_7d, 0x1fff8000, 0x8000, 0, 0x7f8000 },
	{ "7d tcml one byte more", &ohost_imx_soc_7d, 0x1fff8000, 0x8001, -ERANGE },
	{ "7d tcmu ends at its end", &ohost_imx_soc_7d, 0x20007ff0, 0x10, 0, 0x807ff0 },
	{ "7d tcmu one byte more", &ohost_imx_soc_7d, 0x20007ff0, 0x11, -ERANGE },
	{ "7d ocram_s boot alias", &ohost_imx_soc_7d, 0x0, 0x8000, 0, 0x180000 },
	{ "7d ddr code alias end", &ohost_imx_soc_7d, 0x1ffef000, 0x1000, 0, 0x8ffef000 },
	{ "7d ddr code alias one more", &ohost_imx_soc_7d, 0x1ffef000, 0x1001, -ERANGE },
	{ "7d ddr end", &ohost_imx_soc_7d, 0xdffff000, 0x1000, 0, 0xdffff000 },
	{ "7d ddr one more", &ohost_imx_soc_7d, 0xdffff000, 0x1001, -ERANGE },
	{ "7d gap", &ohost_imx_soc_7d, 0x00008000, 4, -ERANGE },
	/* i.MX8MQ (8MM shares the map) */
	{ "8mq tcm own start", &ohost_imx_soc_8mq, 0x1ffe0000, 0x40000, 0, 0x7e0000 },
	{ "8mq tcm own one more", &ohost_imx_soc_8mq, 0x1ffe0000, 0x40001, -ERANGE },
	{ "8mq tcml alias end", &ohost_imx_soc_8mq, 0x1fff0, 0x10, 0, 0x7ffff0 },
	{ "8mq tcml alias one more", &ohost_imx_soc_8mq, 0x1fff0, 0x11, -ERANGE },
	{ "8mq ddr code alias end", &ohost_imx_soc_8mq, 0x1ffd0000, 0x10000, 0, 0x4ffd0000 },
	{ "8mq ddr code alias one more", &ohost_imx_soc_8mq, 0x1ffd0000, 0x10001, -ERANGE },
	{ "8mq ddr end", &ohost_imx_soc_8mq, 0xbffff000, 0x1000, 0, 0xbffff000 },
	{ "8mq ddr one more", &ohost_imx_soc_8mq, 0xbffff000, 0x1001, -ERANGE },
	{ "8mq ocram_s end", &ohost_imx_soc_8mq, 0x180000, 0x8000, 0, 0x180000 },
	/* i.MX8MM */
	{ "8mm tcmu end", &ohost_imx_soc_8mm, 0x2001fff0, 0x10, 0, 0x81fff0 },
	{ "8mm tcmu one more", &ohost_imx_soc_8mm, 0x2001fff0, 0x11, -ERANGE },
	{ "8mm m4_reserved", &ohost_imx_soc_8mm, 0x80000000, 0x1000000, 0, 0x80000000 },
	{ "8mm above ddr", &ohost_imx_soc_8mm, 0xc0000000, 1, -ERANGE },
	/* i.MX8MN (8MP shares the map) */
	{ "8mn itcm end", &ohost_imx_soc_8mn, 0x0, 0x20000, 0, 0x7e0000 },
	{ "8mn itcm one more", &ohost_imx_soc_8mn, 0x0, 0x20001, -ERANGE },
	{ "8mn dtcm end", &ohost_imx_soc_8mn, 0x20000000, 0x20000, 0, 0x800000 },
	{ "8mn dtcm one more", &ohost_imx_soc_8mn, 0x20000000, 0x20001, -ERANGE },
	{ "8mn ocram_s 36K", &ohost_imx_soc_8mn, 0x180000, 0x9000, 0, 0x180000 },
	{ "8mn ocram_s alias 32K only", &ohost_imx_soc_8mn, 0x20180000, 0x8001, -ERANGE },
	{ "8mn ddr end", &ohost_imx_soc_8mn, 0xbffffffc, 4, 0, 0xbffffffc },
	{ "8mn ddr one more", &ohost_imx_soc_8mn, 0xbffffffc, 5, -ERANGE },
	/* i.MX8MP */
	{ "8mp dtcm end", &ohost_imx_soc_8mp, 0x2001ffff, 1, 0, 0x81ffff },
	{ "8mp dtcm one more", &ohost_imx_soc_8mp, 0x2001ffff, 2, -ERANGE },
	{ "8mp wraps", &ohost_imx_soc_8mp, 0xfffffff0, 0x20, -ERANGE },
};

static void it_att_desc(const struct it_att_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(it_att, it_att_cases, it_att_desc);

static void ohost_imx_att_boundaries(struct kunit *test)
{
	const struct it_att_case *c = test->param_value;
	u64 sys = ~0ULL;

	KUNIT_EXPECT_EQ(test, c->ret, ohost_imx_da_to_sys(c->soc, c->da, c->len,
							  &sys));
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, sys, c->sys);
}

/* The core's address of a memory-region: as is where it can, else TCM. */
static void ohost_imx_sys_to_da_prefers(struct kunit *test)
{
	u64 da = 0;

	KUNIT_EXPECT_EQ(test, 0, ohost_imx_sys_to_da(&ohost_imx_soc_8mm,
						     0x40000000, 0x1000, &da));
	KUNIT_EXPECT_EQ(test, da, 0x40000000ULL);	/* not the 0x10000000 alias */
	KUNIT_EXPECT_EQ(test, 0, ohost_imx_sys_to_da(&ohost_imx_soc_8mm,
						     0x7e0000, 0x100, &da));
	KUNIT_EXPECT_EQ(test, da, 0x1ffe0000ULL);	/* not the 0x0 alias */
	KUNIT_EXPECT_EQ(test, 0, ohost_imx_sys_to_da(&ohost_imx_soc_8mm,
						     0xbf000000, 0x1000000, &da));
	KUNIT_EXPECT_EQ(test, da, 0xbf000000ULL);
	KUNIT_EXPECT_EQ(test, -ERANGE, ohost_imx_sys_to_da(&ohost_imx_soc_8mm,
							   0xbf000000, 0x1000001, &da));
	KUNIT_EXPECT_EQ(test, -ERANGE, ohost_imx_sys_to_da(&ohost_imx_soc_8mn,
							   0x30000000, 4, &da));
	KUNIT_EXPECT_EQ(test, 0, ohost_imx_sys_to_da(&ohost_imx_soc_7d,
						     0x80000000, 0x1000, &da));
	KUNIT_EXPECT_EQ(test, da, 0x80000000ULL);
}

/* 8MM: one 256 KiB TCM at 0x1ffe0000 whose lower half is also at 0x0. */
static void ohost_imx_tcm_8mm(struct kunit *test)
{
	struct ohost_rproc_mem m[OHOST_IMX_MAX_TCM];

	KUNIT_ASSERT_EQ(test, 1U, ohost_imx_tcm_mems(&ohost_imx_soc_8mm, m,
						     ARRAY_SIZE(m)));
	KUNIT_EXPECT_EQ(test, m[0].da, 0x1ffe0000ULL);
	KUNIT_EXPECT_EQ(test, m[0].pa, (phys_addr_t)0x7e0000);
	KUNIT_EXPECT_EQ(test, m[0].size, (size_t)0x40000);
	KUNIT_EXPECT_TRUE(test, m[0].is_iomem);
	KUNIT_ASSERT_EQ(test, m[0].num_aliases, 1U);
	KUNIT_EXPECT_EQ(test, m[0].alias[0].da, 0x0ULL);
	KUNIT_EXPECT_EQ(test, m[0].alias[0].off, 0x0ULL);
	KUNIT_EXPECT_EQ(test, m[0].alias[0].size, 0x20000ULL);
}

/* 7D: TCML and TCMU follow each other at both addresses: one memory. */
static void ohost_imx_tcm_7d_merged(struct kunit *test)
{
	struct ohost_rproc_mem m[OHOST_IMX_MAX_TCM];

	KUNIT_ASSERT_EQ(test, 1U, ohost_imx_tcm_mems(&ohost_imx_soc_7d, m,
						     ARRAY_SIZE(m)));
	KUNIT_EXPECT_EQ(test, m[0].da, 0x1fff8000ULL);
	KUNIT_EXPECT_EQ(test, m[0].pa, (phys_addr_t)0x7f8000);
	KUNIT_EXPECT_EQ(test, m[0].size, (size_t)0x10000);
	KUNIT_EXPECT_EQ(test, m[0].num_aliases, 0U);
}

/* 8MN/8MP: ITCM at 0x0 and DTCM at 0x20000000, apart. */
static void ohost_imx_tcm_8mn(struct kunit *test)
{
	struct ohost_rproc_mem m[OHOST_IMX_MAX_TCM];

	KUNIT_ASSERT_EQ(test, 2U, ohost_imx_tcm_mems(&ohost_imx_soc_8mp, m,
						     ARRAY_SIZE(m)));
	KUNIT_EXPECT_EQ(test, m[0].da, 0x0ULL);
	KUNIT_EXPECT_EQ(test, m[0].size, (size_t)0x20000);
	KUNIT_EXPECT_EQ(test, m[1].da, 0x20000000ULL);
	KUNIT_EXPECT_EQ(test, m[1].pa, (phys_addr_t)0x800000);
	KUNIT_EXPECT_EQ(test, m[0].num_aliases + m[1].num_aliases, 0U);
}

/* 7D DDR: the core also sees its first 256 MiB at 0x10000000. */
static void ohost_imx_ddr_alias_7d(struct kunit *test)
{
	struct ohost_rproc_mem m = { .da = 0x80000000, .pa = 0x80000000,
				     .size = 0x100000 };

	ohost_imx_add_aliases(&ohost_imx_soc_7d, &m);
	KUNIT_ASSERT_EQ(test, m.num_aliases, 1U);
	KUNIT_EXPECT_EQ(test, m.alias[0].da, 0x10000000ULL);
	KUNIT_EXPECT_EQ(test, m.alias[0].size, 0x100000ULL);
	/* 8MM: memory@80000000 is beyond the code alias (0x40000000+) */
	ohost_imx_add_aliases(&ohost_imx_soc_8mm, &m);
	KUNIT_EXPECT_EQ(test, m.num_aliases, 0U);
}

static void ohost_imx_pool_names(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, ohost_rproc_is_pool_name("vdev0buffer"));
	KUNIT_EXPECT_TRUE(test, ohost_rproc_is_pool_name("vdevbuffer"));
	KUNIT_EXPECT_TRUE(test, ohost_rproc_is_pool_name("vdev1buffer"));
	KUNIT_EXPECT_FALSE(test, ohost_rproc_is_pool_name("vdev0vring0"));
	KUNIT_EXPECT_FALSE(test, ohost_rproc_is_pool_name("vdevbuffers"));
}

static struct kunit_case ohost_imx_pure_cases[] = {
	KUNIT_CASE_PARAM(ohost_imx_att_boundaries, it_att_gen_params),
	KUNIT_CASE(ohost_imx_sys_to_da_prefers),
	KUNIT_CASE(ohost_imx_tcm_8mm),
	KUNIT_CASE(ohost_imx_tcm_7d_merged),
	KUNIT_CASE(ohost_imx_tcm_8mn),
	KUNIT_CASE(ohost_imx_ddr_alias_7d),
	KUNIT_CASE(ohost_imx_pool_names),
	{}
};

static struct kunit_suite ohost_imx_pure_suite = {
	.name = "ohost_imx_rproc_pure",
	.test_cases = ohost_imx_pure_cases,
};

/* ---- a core: fake SRC regmap, fake SMC conduit --------------------------- */

#define IT_TCM_SIZE	0x40000U
#define IT_DDR		0x80000000U
#define IT_DDR_SIZE	0x10000U
#define IT_VRING0	0xb8000000U
#define IT_VRING1	0xb8008000U
#define IT_RSC		0xb80ff000U
#define IT_POOL		0xb8400000U
#define IT_MAX_OPS	16

struct it_op {
	char op;	/* r(ead) w(rite) */
	unsigned int reg;
	unsigned int val;
};

struct it_fixture {
	struct device dev;
	struct rproc *rproc;
	struct ohost_imx_rproc *priv;
	struct regmap *src;
	unsigned int scr;
	bool fail_read;
	struct it_op ops[IT_MAX_OPS];
	unsigned int n;
	u8 *tcm;
	u8 *ddr;
	u8 *rsc;
};

/* The SMC conduit records here (a conduit has no cookie). */
static struct {
	unsigned long a0[IT_MAX_OPS], a1[IT_MAX_OPS];
	unsigned int n;
	struct arm_smccc_res res;
} it_smc;

static int it_reg_read(void *ctx, unsigned int reg, unsigned int *val)
{
	struct it_fixture *f = ctx;

	if (f->fail_read)
		return -EIO;
	if (f->n < IT_MAX_OPS)
		f->ops[f->n++] = (struct it_op) { 'r', reg, f->scr };
	*val = reg == OHOST_IMX_SRC_SCR ? f->scr : 0;
	return 0;
}

static int it_reg_write(void *ctx, unsigned int reg, unsigned int val)
{
	struct it_fixture *f = ctx;

	if (f->n < IT_MAX_OPS)
		f->ops[f->n++] = (struct it_op) { 'w', reg, val };
	if (reg == OHOST_IMX_SRC_SCR)
		f->scr = val;
	return 0;
}

static const struct regmap_config it_regmap_config = {
	.name = "ohost-imx-test-src",
	.reg_bits = 32,
	.val_bits = 32,
	.reg_stride = 4,
	.max_register = 0xfc,
	.reg_read = it_reg_read,
	.reg_write = it_reg_write,
};

static void it_conduit(unsigned long a0, unsigned long a1, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5,
		       unsigned long a6, unsigned long a7,
		       struct arm_smccc_res *res, struct arm_smccc_quirk *quirk)
{
	if (it_smc.n < IT_MAX_OPS) {
		it_smc.a0[it_smc.n] = a0;
		it_smc.a1[it_smc.n++] = a1;
	}
	*res = it_smc.res;
}

static void it_dev_release(struct device *dev)
{
}

/* list_count_nodes() is 6.3+ */
static unsigned int it_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned int n = 0;

	list_for_each(p, head)
		n++;
	return n;
}

/* The memory-region entries as ohost_rproc_of_mems() makes them. */
static void it_of_mems(struct it_fixture *f, struct ohost_rproc_mem *m)
{
	m[0] = (struct ohost_rproc_mem) {
		.name = "memory", .da = IT_DDR, .pa = IT_DDR, .size = IT_DDR_SIZE,
		.va = f->ddr, .of_region = true,
	};
	m[1] = (struct ohost_rproc_mem) {
		.name = "vdev0vring0", .da = IT_VRING0, .pa = IT_VRING0,
		.size = 0x8000, .no_load = true, .of_region = true, .of_idx = 1,
	};
	m[2] = (struct ohost_rproc_mem) {
		.name = "vdev0vring1", .da = IT_VRING1, .pa = IT_VRING1,
		.size = 0x8000, .no_load = true, .of_region = true, .of_idx = 2,
	};
	m[3] = (struct ohost_rproc_mem) {
		.name = "rsc-table", .da = IT_RSC, .pa = IT_RSC, .size = 0x1000,
		.va = f->rsc, .of_region = true, .of_idx = 3,
	};
	m[4] = (struct ohost_rproc_mem) {
		.name = "vdev0buffer", .da = IT_POOL, .pa = IT_POOL,
		.size = 0x100000, .no_load = true, .of_region = true, .of_idx = 4,
	};
}

/* An i.MX8MM M4 (SRC method), or with @soc another SoC. */
static void it_setup(struct kunit *test, const struct ohost_imx_soc *soc)
{
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv;

	f->rproc = rproc_alloc(&f->dev, "ohost_imx_test", &ohost_imx_rproc_ops,
			       NULL, sizeof(*priv));
	KUNIT_ASSERT_NOT_NULL(test, f->rproc);
	priv = f->rproc->priv;
	f->priv = priv;
	priv->rproc = f->rproc;
	priv->dev = &f->dev;
	priv->soc = soc;
	priv->src = f->src;
	priv->conduit = it_conduit;
	priv->num_tcm = ohost_imx_tcm_mems(soc, priv->mem, OHOST_IMX_MAX_TCM);
	KUNIT_ASSERT_GE(test, priv->num_tcm, 1U);
	/* 8MM: one 256 KiB TCM; 8MN/8MP: ITCM and DTCM, 128 KiB each */
	priv->mem[0].io = (void __iomem __force *)f->tcm;
	if (priv->num_tcm > 1)
		priv->mem[1].io = (void __iomem __force *)(f->tcm + 0x20000);
	it_of_mems(f, &priv->mem[priv->num_tcm]);
	priv->num_of_mem = 5;
	KUNIT_ASSERT_EQ(test, 0, ohost_imx_core_init(priv));
}

static int it_init(struct kunit *test)
{
	struct it_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	device_initialize(&f->dev);
	f->dev.release = it_dev_release;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&f->dev, "ohost_imx_test"));
	f->tcm = kunit_kzalloc(test, IT_TCM_SIZE, GFP_KERNEL);
	f->ddr = kunit_kzalloc(test, IT_DDR_SIZE, GFP_KERNEL);
	f->rsc = kunit_kzalloc(test, 0x1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->tcm);
	KUNIT_ASSERT_NOT_NULL(test, f->ddr);
	KUNIT_ASSERT_NOT_NULL(test, f->rsc);
	f->scr = OHOST_IMX_SRC_STOP;	/* the SRC's reset value */
	f->src = regmap_init(NULL, NULL, f, &it_regmap_config);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->src));
	memset(&it_smc, 0, sizeof(it_smc));
	it_setup(test, &ohost_imx_soc_8mm);
	return 0;
}

static void it_exit(struct kunit *test)
{
	struct it_fixture *f = test->priv;

	if (!f)
		return;
	if (f->rproc) {
		mutex_lock(&f->rproc->lock);
		rproc_resource_cleanup(f->rproc);
		ohost_rproc_unprepare(f->rproc);
		mutex_unlock(&f->rproc->lock);
		kfree(f->rproc->cached_table);
		ohost_rproc_glue_release(&f->priv->glue);
		kfree(f->priv->fixed_copy);
		kfree(f->priv->fixed_table);
		rproc_free(f->rproc);
	}
	if (!IS_ERR_OR_NULL(f->src))
		regmap_exit(f->src);
	put_device(&f->dev);
}

static void it_expect_op(struct kunit *test, const struct it_fixture *f,
			 unsigned int i, char op, unsigned int val)
{
	KUNIT_ASSERT_LT(test, i, f->n);
	KUNIT_EXPECT_EQ(test, f->ops[i].op, op);
	KUNIT_EXPECT_EQ(test, f->ops[i].reg, (unsigned int)OHOST_IMX_SRC_SCR);
	KUNIT_EXPECT_EQ(test, f->ops[i].val, val);
}

/* start: SCR[3:0] 0xb -> 0xe; stop: -> 0xb; other bits left alone. */
static void ohost_imx_mmio_sequence(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;

	f->scr = 0xf0b;
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->start(rproc));
	it_expect_op(test, f, 0, 'r', 0xf0b);
	it_expect_op(test, f, 1, 'w', 0xf0e);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->stop(rproc));
	it_expect_op(test, f, 2, 'r', 0xf0e);
	it_expect_op(test, f, 3, 'w', 0xf0b);
	KUNIT_EXPECT_EQ(test, f->n, 4U);
	KUNIT_EXPECT_EQ(test, f->scr, 0xf0bU);
}

struct it_detect_case {
	const char *name;
	unsigned int scr;
	bool table_ok;
	int ret;
};

static const struct it_detect_case it_detect_cases[] = {
	{ "held in reset (0xb)", 0xb, true, 0 },
	{ "held in reset, other bits set", 0xff0b, true, 0 },
	{ "started (0xe)", 0xe, true, 1 },
	{ "resets self-cleared (0x8)", 0x8, true, 1 },
	{ "not enabled (0x0) counts as running, as upstream", 0x0, true, 1 },
	{ "running, table unusable: not attached", 0x8, false, 0 },
};

static void it_detect_desc(const struct it_detect_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(it_detect, it_detect_cases, it_detect_desc);

/* An empty v1 table: a header and no entries. */
static void it_put_table(u8 *at)
{
	__le32 *t = (__le32 *)at;

	t[0] = cpu_to_le32(1);
	t[1] = 0;
}

static void ohost_imx_mmio_detect(struct kunit *test)
{
	const struct it_detect_case *c = test->param_value;
	struct it_fixture *f = test->priv;

	f->scr = c->scr;
	it_put_table(f->rsc);
	if (!c->table_ok)
		((__le32 *)f->rsc)[1] = cpu_to_le32(1000);
	KUNIT_EXPECT_EQ(test, c->ret, ohost_imx_detect_attach(f->priv));
	KUNIT_EXPECT_EQ(test, f->rproc->state,
			c->ret ? RPROC_DETACHED : RPROC_OFFLINE);
	/* detection only reads */
	KUNIT_ASSERT_EQ(test, f->n, 1U);
	KUNIT_EXPECT_EQ(test, f->ops[0].op, 'r');
}

static void ohost_imx_mmio_read_fails(struct kunit *test)
{
	struct it_fixture *f = test->priv;

	f->fail_read = true;
	KUNIT_EXPECT_EQ(test, -EIO, ohost_imx_detect_attach(f->priv));
	KUNIT_EXPECT_EQ(test, f->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_NE(test, 0, f->rproc->ops->start(f->rproc));
}

/* 8MP: START, STOP, STARTED over the SiP call 0xc2000005. */
static void ohost_imx_smc_sequence(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct rproc *rproc;

	rproc_free(f->rproc);
	it_setup(test, &ohost_imx_soc_8mp);
	rproc = f->rproc;
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->start(rproc));
	it_smc.res.a1 = 1;	/* "not in WFI": stopped anyway, fine */
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->stop(rproc));
	it_smc.res.a1 = 0;
	it_put_table(f->rsc);
	KUNIT_EXPECT_EQ(test, 0, ohost_imx_detect_attach(f->priv));
	it_smc.res.a0 = 1;
	KUNIT_EXPECT_EQ(test, 1, ohost_imx_detect_attach(f->priv));
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_DETACHED);
	KUNIT_ASSERT_EQ(test, it_smc.n, 4U);
	KUNIT_EXPECT_EQ(test, it_smc.a0[0], 0xc2000005UL);
	KUNIT_EXPECT_EQ(test, it_smc.a1[0], 0x0UL);	/* START */
	KUNIT_EXPECT_EQ(test, it_smc.a0[1], 0xc2000005UL);
	KUNIT_EXPECT_EQ(test, it_smc.a1[1], 0x2UL);	/* STOP */
	KUNIT_EXPECT_EQ(test, it_smc.a1[2], 0x1UL);	/* STARTED */
	KUNIT_EXPECT_EQ(test, it_smc.a1[3], 0x1UL);
	/* the regmap is not the 8MP's: never touched */
	KUNIT_EXPECT_EQ(test, f->n, 0U);
}

/* A TF-A without the call: errors, not "running". */
static void ohost_imx_smc_unsupported(struct kunit *test)
{
	struct it_fixture *f = test->priv;

	rproc_free(f->rproc);
	it_setup(test, &ohost_imx_soc_8mn);
	it_smc.res.a0 = (unsigned long)SMCCC_RET_NOT_SUPPORTED;
	KUNIT_EXPECT_EQ(test, -EIO, ohost_imx_detect_attach(f->priv));
	KUNIT_EXPECT_EQ(test, f->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, -EIO, f->rproc->ops->start(f->rproc));
	it_smc.res.a0 = 3;
	KUNIT_EXPECT_EQ(test, -EIO, f->rproc->ops->stop(f->rproc));
}

/* TCM through its own address and its 128 KiB alias window; DDR. */
static void ohost_imx_da_to_va_windows(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;
	bool iomem = false;
	void *va;

	va = rproc->ops->da_to_va(rproc, 0x1ffe0000, IT_TCM_SIZE, &iomem);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)f->tcm);
	KUNIT_EXPECT_TRUE(test, iomem);
	KUNIT_EXPECT_NULL(test, rproc->ops->da_to_va(rproc, 0x1ffe0000,
						     IT_TCM_SIZE + 1, NULL));
	va = rproc->ops->da_to_va(rproc, 0x20000000, 0x20000, NULL);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(f->tcm + 0x20000));
	KUNIT_EXPECT_PTR_EQ(test, rproc->ops->da_to_va(rproc, 0x100, 0x1ff00, NULL),
			    (void *)(f->tcm + 0x100));
	KUNIT_EXPECT_NULL(test, rproc->ops->da_to_va(rproc, 0x100, 0x1ff01, NULL));
	KUNIT_EXPECT_NULL(test, rproc->ops->da_to_va(rproc, 0x20000, 4, NULL));
	va = rproc->ops->da_to_va(rproc, IT_DDR + 0x10, IT_DDR_SIZE - 0x10, NULL);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(f->ddr + 0x10));
	KUNIT_EXPECT_NULL(test, rproc->ops->da_to_va(rproc, IT_DDR + 0x10,
						     IT_DDR_SIZE - 0xf, NULL));
	/* policy: TCM at both windows, DDR, rsc-table; no vring, no pool */
	KUNIT_EXPECT_EQ(test, f->priv->glue.policy.num_regions, 4U);
	KUNIT_EXPECT_EQ(test, rproc->elf_class, ELFCLASS32);
	KUNIT_EXPECT_EQ(test, rproc->elf_machine, EM_ARM);
}

/* ---- openamp-host,fixed-vrings -------------------------------------------- */

static void ohost_imx_fixed_table_exact(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv = f->priv;
	struct resource_table *t;
	struct fw_rsc_hdr *hdr;
	struct fw_rsc_vdev *vdev;
	void *table = NULL;
	size_t size = 0;

	KUNIT_ASSERT_EQ(test, 0, ohost_imx_build_fixed_table(&f->dev, priv->mem,
							     priv->num_mem, 256,
							     &table, &size));
	t = table;
	KUNIT_ASSERT_EQ(test, size, (size_t)(16 + 4 + 4 + 24 + 2 * 20));
	KUNIT_EXPECT_EQ(test, t->ver, 1U);
	KUNIT_EXPECT_EQ(test, t->num, 1U);
	KUNIT_EXPECT_EQ(test, t->reserved[0] | t->reserved[1], 0U);
	KUNIT_ASSERT_EQ(test, t->offset[0], 20U);
	hdr = table + t->offset[0];
	KUNIT_EXPECT_EQ(test, hdr->type, (u32)RSC_VDEV);
	vdev = (void *)hdr + sizeof(*hdr);
	KUNIT_EXPECT_EQ(test, vdev->id, (u32)VIRTIO_ID_RPMSG);
	KUNIT_EXPECT_EQ(test, vdev->dfeatures, 1U);	/* VIRTIO_RPMSG_F_NS */
	KUNIT_EXPECT_EQ(test, vdev->gfeatures | vdev->config_len | vdev->status, 0U);
	KUNIT_EXPECT_EQ(test, vdev->num_of_vrings, 2);
	KUNIT_EXPECT_EQ(test, vdev->reserved[0] | vdev->reserved[1], 0);
	KUNIT_EXPECT_EQ(test, vdev->vring[0].da, IT_VRING0);
	KUNIT_EXPECT_EQ(test, vdev->vring[1].da, IT_VRING1);
	KUNIT_EXPECT_EQ(test, vdev->vring[0].align, 0x1000U);
	KUNIT_EXPECT_EQ(test, vdev->vring[1].align, 0x1000U);
	KUNIT_EXPECT_EQ(test, vdev->vring[0].num, 256U);
	KUNIT_EXPECT_EQ(test, vdev->vring[1].num, 256U);
	KUNIT_EXPECT_EQ(test, vdev->vring[0].pa | vdev->vring[1].pa, 0U);
	kfree(table);
}

struct it_fixed_case {
	const char *name;
	u32 num;
	int drop;	/* memory-region index to rename away, -1 none */
};

static const struct it_fixed_case it_fixed_cases[] = {
	{ "zero buffers", 0, -1 },
	{ "not a power of two", 48, -1 },
	{ "above 32768", 65536, -1 },
	{ "vring region too small", 2048, -1 },
	{ "vdev0vring1 missing", 16, 2 },
	{ "vdev0vring0 missing", 16, 1 },
	{ "no buffer pool", 16, 4 },
};

static void it_fixed_desc(const struct it_fixed_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(it_fixed, it_fixed_cases, it_fixed_desc);

static void ohost_imx_fixed_table_bad(struct kunit *test)
{
	const struct it_fixed_case *c = test->param_value;
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv = f->priv;
	void *table = NULL;
	size_t size = 0;

	if (c->drop >= 0)
		priv->mem[priv->num_tcm + c->drop].name = "other";
	KUNIT_EXPECT_EQ(test, -EINVAL,
			ohost_imx_build_fixed_table(&f->dev, priv->mem,
						    priv->num_mem, c->num,
						    &table, &size));
	KUNIT_EXPECT_NULL(test, table);
}

/* Boot with the built table: vdev carveouts by name, dump segments set. */
static void ohost_imx_fixed_parse(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv = f->priv;
	struct rproc *rproc = f->rproc;

	KUNIT_ASSERT_EQ(test, 0, ohost_imx_build_fixed_table(&f->dev, priv->mem,
							     priv->num_mem, 16,
							     &priv->fixed_table,
							     &priv->fixed_size));
	mutex_lock(&rproc->lock);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->prepare(rproc));
	/* the five memory-region carveouts, registered by name */
	KUNIT_EXPECT_EQ(test, it_count(&rproc->carveouts), 5U);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->parse_fw(rproc, NULL));
	KUNIT_ASSERT_NOT_NULL(test, rproc->cached_table);
	KUNIT_EXPECT_PTR_NE(test, (void *)rproc->cached_table, priv->fixed_table);
	KUNIT_EXPECT_EQ(test, rproc->table_sz, priv->fixed_size);
	KUNIT_EXPECT_NULL(test, rproc->ops->find_loaded_rsc_table(rproc, NULL));
	/* coredump: TCM, the firmware's DDR, the rsc-table region */
	KUNIT_EXPECT_EQ(test, it_count(&rproc->dump_segments), 3U);
	KUNIT_EXPECT_EQ(test, it_count(&rproc->carveouts), 5U);
	mutex_unlock(&rproc->lock);
}

/* A table that does not fit the memories: rejected, nothing left behind. */
static void ohost_imx_fixed_parse_fails_clean(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv = f->priv;
	struct rproc *rproc = f->rproc;
	struct fw_rsc_vdev *vdev;

	KUNIT_ASSERT_EQ(test, 0, ohost_imx_build_fixed_table(&f->dev, priv->mem,
							     priv->num_mem, 16,
							     &priv->fixed_table,
							     &priv->fixed_size));
	vdev = priv->fixed_table + 20 + sizeof(struct fw_rsc_hdr);
	vdev->vring[1].da = 0x30000000;		/* nobody's memory */
	mutex_lock(&rproc->lock);
	KUNIT_EXPECT_NE(test, 0, rproc->ops->parse_fw(rproc, NULL));
	mutex_unlock(&rproc->lock);
	KUNIT_EXPECT_NULL(test, rproc->cached_table);
	KUNIT_EXPECT_NULL(test, rproc->table_ptr);
	KUNIT_EXPECT_TRUE(test, list_empty(&rproc->carveouts));
	KUNIT_EXPECT_TRUE(test, list_empty(&rproc->dump_segments));
}

/* ---- attach ---------------------------------------------------------------- */

/* The core gets a copy; the remote changing its table changes nothing. */
static void ohost_imx_attach_copies(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;
	struct resource_table *t;
	size_t sz = 0;

	f->scr = OHOST_IMX_SRC_START;
	it_put_table(f->rsc);
	KUNIT_ASSERT_EQ(test, 1, ohost_imx_detect_attach(f->priv));
	mutex_lock(&rproc->lock);
	t = rproc->ops->get_loaded_rsc_table(rproc, &sz);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(t));
	KUNIT_EXPECT_EQ(test, sz, (size_t)OHOST_IMX_RSC_MAX_SIZE);
	KUNIT_EXPECT_PTR_NE(test, (void *)t, (void *)f->rsc);
	((__le32 *)f->rsc)[1] = cpu_to_le32(200);	/* hostile now */
	KUNIT_EXPECT_TRUE(test, IS_ERR(rproc->ops->get_loaded_rsc_table(rproc, &sz)));
	rproc->table_ptr = t;
	rproc->table_sz = sz;
	KUNIT_EXPECT_EQ(test, 0, rproc->ops->attach(rproc));
	KUNIT_EXPECT_PTR_EQ(test, (void *)rproc->table_ptr, (void *)f->rsc);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)f->rsc)[1]), 0U);
	/* coredump segments on attach too */
	KUNIT_EXPECT_EQ(test, it_count(&rproc->dump_segments), 3U);
	/* detach: the core is left running (no SRC write) */
	KUNIT_EXPECT_EQ(test, 0, rproc->ops->detach(rproc));
	KUNIT_EXPECT_EQ(test, f->n, 1U);
	KUNIT_EXPECT_EQ(test, f->scr, (unsigned int)OHOST_IMX_SRC_START);
	rproc->table_ptr = NULL;
	mutex_unlock(&rproc->lock);
}

/* Fixed vrings: the running core's table is the built one, copied. */
static void ohost_imx_attach_fixed(struct kunit *test)
{
	struct it_fixture *f = test->priv;
	struct ohost_imx_rproc *priv = f->priv;
	struct rproc *rproc = f->rproc;
	struct resource_table *t;
	size_t sz = 0;

	KUNIT_ASSERT_EQ(test, 0, ohost_imx_build_fixed_table(&f->dev, priv->mem,
							     priv->num_mem, 16,
							     &priv->fixed_table,
							     &priv->fixed_size));
	f->scr = OHOST_IMX_SRC_START;
	memset(f->rsc, 0xff, 16);	/* garbage: not looked at */
	KUNIT_ASSERT_EQ(test, 1, ohost_imx_detect_attach(priv));
	mutex_lock(&rproc->lock);
	t = rproc->ops->get_loaded_rsc_table(rproc, &sz);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(t));
	KUNIT_EXPECT_EQ(test, sz, priv->fixed_size);
	KUNIT_EXPECT_PTR_NE(test, (void *)t, priv->fixed_table);
	KUNIT_EXPECT_EQ(test, 0, memcmp(t, priv->fixed_table, sz));
	rproc->table_ptr = t;
	KUNIT_EXPECT_EQ(test, 0, rproc->ops->attach(rproc));
	KUNIT_EXPECT_PTR_EQ(test, (void *)rproc->table_ptr, (void *)t);
	rproc->table_ptr = NULL;
	mutex_unlock(&rproc->lock);
}

static struct kunit_case ohost_imx_core_cases[] = {
	KUNIT_CASE(ohost_imx_mmio_sequence),
	KUNIT_CASE_PARAM(ohost_imx_mmio_detect, it_detect_gen_params),
	KUNIT_CASE(ohost_imx_mmio_read_fails),
	KUNIT_CASE(ohost_imx_smc_sequence),
	KUNIT_CASE(ohost_imx_smc_unsupported),
	KUNIT_CASE(ohost_imx_da_to_va_windows),
	KUNIT_CASE(ohost_imx_fixed_table_exact),
	KUNIT_CASE_PARAM(ohost_imx_fixed_table_bad, it_fixed_gen_params),
	KUNIT_CASE(ohost_imx_fixed_parse),
	KUNIT_CASE(ohost_imx_fixed_parse_fails_clean),
	KUNIT_CASE(ohost_imx_attach_copies),
	KUNIT_CASE(ohost_imx_attach_fixed),
	{}
};

static struct kunit_suite ohost_imx_core_suite = {
	.name = "ohost_imx_rproc_core",
	.init = it_init,
	.exit = it_exit,
	.test_cases = ohost_imx_core_cases,
};

/* ---- mailbox: a tiny MU-like controller ---------------------------------- */

struct it_mbox {
	struct device dev;
	struct mbox_controller ctrl;
	struct mbox_chan chans[3];	/* 0 tx, 1 rx, 2 rxdb */
	unsigned int sent;
	u32 last;
	unsigned int freed[3];
	unsigned int free_order;
	const char *fail_name;
	bool no_rxdb;
	struct rproc *rproc;
	struct ohost_rproc_mbox_ops ops;
};

static struct it_mbox *it_mb;

/* The MU's TX: the word is read when it is written to the register. */
static int it_mbox_send(struct mbox_chan *chan, void *data)
{
	it_mb->sent++;
	it_mb->last = *(u32 *)data;
	return 0;
}

static const struct mbox_chan_ops it_mbox_chan_ops = {
	.send_data = it_mbox_send,
};

static struct mbox_chan *it_chan_request(struct mbox_client *cl,
					 const char *name)
{
	static const char * const names[] = { "tx", "rx", "rxdb" };
	unsigned int i;

	if (it_mb->fail_name && !strcmp(name, it_mb->fail_name))
		return ERR_PTR(-ENODEV);
	if (it_mb->no_rxdb && !strcmp(name, "rxdb"))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(name, names[i])) {
			it_mb->chans[i].cl = cl;
			return &it_mb->chans[i];
		}
	}
	return ERR_PTR(-EINVAL);
}

static void it_chan_free(struct mbox_chan *chan)
{
	it_mb->freed[chan - it_mb->chans] = ++it_mb->free_order;
	chan->cl = NULL;
}

static int it_mbox_init(struct kunit *test)
{
	static const struct ohost_fw_policy policy = { .machine = EM_ARM };
	struct it_mbox *z;

	z = kunit_kzalloc(test, sizeof(*z), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, z);
	it_mb = z;
	device_initialize(&z->dev);
	z->dev.release = it_dev_release;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&z->dev, "ohost_imx_mbox_test"));
	z->ctrl.dev = &z->dev;
	z->ctrl.ops = &it_mbox_chan_ops;
	z->ctrl.chans = z->chans;
	z->ctrl.num_chans = 3;
	/* tx done only by the client: the test plays the remote taking them */
	KUNIT_ASSERT_EQ(test, 0, mbox_controller_register(&z->ctrl));
	z->rproc = rproc_alloc(&z->dev, "ohost_imx_mbox_test",
			       &ohost_imx_rproc_ops, NULL,
			       sizeof(struct ohost_imx_rproc));
	KUNIT_ASSERT_NOT_NULL(test, z->rproc);
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_glue_init(z->rproc->priv, z->rproc,
						       &policy, ELFCLASS32));
	z->ops = ohost_imx_mbox_ops;
	z->ops.request_channel = it_chan_request;
	z->ops.free_channel = it_chan_free;
	return 0;
}

static void it_mbox_exit(struct kunit *test)
{
	struct it_mbox *z = it_mb;

	mbox_controller_unregister(&z->ctrl);
	rproc_free(z->rproc);
	put_device(&z->dev);
}

static struct ohost_rproc_mbox *it_mbox_open(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = kunit_kzalloc(test, sizeof(*mb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mb);
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_mbox_init(mb, it_mb->rproc->priv,
						       &it_mb->dev, &it_mb->ops));
	return mb;
}

/* The kick is the u32 vqid << 16 on "tx"; rx and rxdb share the RX client. */
static void ohost_imx_mbox_encoding(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = it_mbox_open(test);
	u32 word = 0x10000;

	KUNIT_EXPECT_PTR_EQ(test, mb->rxdb, &it_mb->chans[2]);
	KUNIT_EXPECT_PTR_EQ(test, it_mb->chans[2].cl, &mb->rx_cl);
	KUNIT_EXPECT_PTR_EQ(test, it_mb->chans[1].cl, &mb->rx_cl);
	ohost_rproc_mbox_kick(mb, 3);
	KUNIT_EXPECT_EQ(test, it_mb->sent, 1U);
	KUNIT_EXPECT_EQ(test, it_mb->last, 0x30000U);
	mbox_client_txdone(mb->tx, 0);
	ohost_rproc_mbox_kick(mb, 0);
	KUNIT_EXPECT_EQ(test, it_mb->last, 0x0U);
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[3]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 0);
	/* RX on either channel is taken (the gate is closed: no delivery) */
	mbox_chan_received_data(&it_mb->chans[1], &word);
	mbox_chan_received_data(&it_mb->chans[2], NULL);
	flush_workqueue(mb->wq);
	ohost_rproc_mbox_free(mb);
	/* the RX channels first, then tx */
	KUNIT_EXPECT_EQ(test, it_mb->freed[2], 1U);
	KUNIT_EXPECT_EQ(test, it_mb->freed[1], 2U);
	KUNIT_EXPECT_EQ(test, it_mb->freed[0], 3U);
}

/* A queued kick for vq0 never stands for one for vq1. */
static void ohost_imx_mbox_coalesce_per_vq(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = it_mbox_open(test);
	unsigned int i;

	for (i = 0; i < 5; i++)
		ohost_rproc_mbox_kick(mb, 0);
	/* one on the wire, one queued, three merged into the queued one */
	KUNIT_EXPECT_EQ(test, it_mb->sent, 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->coalesced), 3);
	ohost_rproc_mbox_kick(mb, 1);
	ohost_rproc_mbox_kick(mb, 1);
	ohost_rproc_mbox_kick(mb, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[1]), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->coalesced), 4);
	/* the remote takes them: vq0, vq0, vq1, vq1 go out in order */
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, it_mb->last, 0x0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 1);
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, it_mb->last, 0x10000U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 0);
	/* vq0 may queue again while vq1's are in flight */
	ohost_rproc_mbox_kick(mb, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 1);
	mbox_client_txdone(mb->tx, 0);
	mbox_client_txdone(mb->tx, 0);
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, it_mb->sent, 5U);
	KUNIT_EXPECT_EQ(test, it_mb->last, 0x0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[1]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->dropped), 0);
	ohost_rproc_mbox_free(mb);
}

/* No "rxdb" in mbox-names: fine, two channels. */
static void ohost_imx_mbox_no_rxdb(struct kunit *test)
{
	struct ohost_rproc_mbox *mb;

	it_mb->no_rxdb = true;
	mb = it_mbox_open(test);
	KUNIT_EXPECT_NULL(test, mb->rxdb);
	ohost_rproc_mbox_free(mb);
	KUNIT_EXPECT_EQ(test, it_mb->freed[2], 0U);
	KUNIT_EXPECT_EQ(test, it_mb->free_order, 2U);
}

struct it_missing_case {
	const char *name;
	const char *fail;
	unsigned int freed;	/* channels given back */
};

static const struct it_missing_case it_missing_cases[] = {
	{ "tx missing", "tx", 0 },
	{ "rx missing", "rx", 1 },
	{ "rxdb listed but failing", "rxdb", 2 },
};

static void it_missing_desc(const struct it_missing_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(it_missing, it_missing_cases, it_missing_desc);

/* Every channel got is given back and the workqueue goes (kmemleak). */
static void ohost_imx_mbox_missing(struct kunit *test)
{
	const struct it_missing_case *c = test->param_value;
	struct ohost_rproc_mbox *mb = kunit_kzalloc(test, sizeof(*mb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mb);
	it_mb->fail_name = c->fail;
	KUNIT_EXPECT_EQ(test, -ENODEV, ohost_rproc_mbox_init(mb, it_mb->rproc->priv,
							     &it_mb->dev,
							     &it_mb->ops));
	KUNIT_EXPECT_EQ(test, it_mb->free_order, c->freed);
	KUNIT_EXPECT_NULL(test, mb->wq);
	KUNIT_EXPECT_NULL(test, it_mb->chans[0].cl);
	KUNIT_EXPECT_NULL(test, it_mb->chans[1].cl);
}

static struct kunit_case ohost_imx_mbox_cases[] = {
	KUNIT_CASE(ohost_imx_mbox_encoding),
	KUNIT_CASE(ohost_imx_mbox_coalesce_per_vq),
	KUNIT_CASE(ohost_imx_mbox_no_rxdb),
	KUNIT_CASE_PARAM(ohost_imx_mbox_missing, it_missing_gen_params),
	{}
};

static struct kunit_suite ohost_imx_mbox_suite = {
	.name = "ohost_imx_rproc_mbox",
	.init = it_mbox_init,
	.exit = it_mbox_exit,
	.test_cases = ohost_imx_mbox_cases,
};

kunit_test_suites(&ohost_imx_pure_suite, &ohost_imx_core_suite,
		  &ohost_imx_mbox_suite);

MODULE_DESCRIPTION("KUnit tests for the i.MX M4/M7 remoteproc driver");
MODULE_LICENSE("GPL");
