// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the remoteproc glue (ohost_rproc_mem.c, ohost_rproc_gate.c):
 * address translation at the boundaries of the memory table, the policy
 * regions derived from it, the carveouts of a resource table (and that a
 * failure leaves nothing behind), and where the interrupt gate sits among
 * the subdevices.  The rproc is a real one (rproc_alloc) under a device
 * that is initialised but never added; neither is registered.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/module.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/virtio_ring.h>

#include "ohost/rproc.h"

#define RT_TCM_DA	0x0ULL
#define RT_TCM_ALIAS	0xffe00000ULL
#define RT_TCM_SIZE	0x10000ULL
#define RT_DDR_DA	0x3ed00000ULL
#define RT_DDR_SIZE	0x100000ULL
#define RT_TOP_DA	0xfffffffffffff000ULL	/* ends exactly at 2^64 */
#define RT_TOP_SIZE	0x1000ULL

static u8 rt_tcm[RT_TCM_SIZE];
static u8 rt_top[RT_TOP_SIZE];

static const struct ohost_rproc_mem rt_mems[] = {
	{ .name = "atcm", .da = RT_TCM_DA, .alias = { { .da = RT_TCM_ALIAS } },
	  .num_aliases = 1, .pa = 0xffe00000, .va = rt_tcm, .size = RT_TCM_SIZE },
	{ .name = "ddr", .da = RT_DDR_DA, .pa = 0x7ed00000, .io = (void __iomem *)0x1000,
	  .is_iomem = true, .size = RT_DDR_SIZE },
	{ .name = "top", .da = RT_TOP_DA, .va = rt_top, .size = RT_TOP_SIZE },
	{ .name = "vdev0buffer", .da = 0x3ee00000, .pa = 0x7ee00000,
	  .size = 0x40000, .no_load = true },
};

/**
 * struct rt_va_case - one translation
 * @name: description
 * @da: device address
 * @len: bytes
 * @mem: expected memory index, -1 for "rejected"
 * @off: expected offset into it
 */
struct rt_va_case {
	const char *name;
	u64 da;
	u64 len;
	int mem;
	u64 off;
};

static const struct rt_va_case rt_va_cases[] = {
	{ "tcm whole", RT_TCM_DA, RT_TCM_SIZE, 0, 0 },
	{ "tcm ends exactly at its end", 0x100, RT_TCM_SIZE - 0x100, 0, 0x100 },
	{ "tcm one byte more", 0x100, RT_TCM_SIZE - 0xff, -1, 0 },
	{ "tcm last byte", RT_TCM_SIZE - 1, 1, 0, RT_TCM_SIZE - 1 },
	{ "tcm end, empty", RT_TCM_SIZE, 0, -1, 0 },
	{ "tcm alias start", RT_TCM_ALIAS, 0x10, 0, 0 },
	{ "tcm alias, same offset", RT_TCM_ALIAS + 0x100, 0x10, 0, 0x100 },
	{ "tcm alias exact end", RT_TCM_ALIAS + 0x8000, 0x8000, 0, 0x8000 },
	{ "tcm alias one byte more", RT_TCM_ALIAS + 0x8000, 0x8001, -1, 0 },
	{ "between memories", RT_TCM_ALIAS - 1, 1, -1, 0 },
	{ "ddr, iomem", RT_DDR_DA + 0x1000, 0x1000, 1, 0x1000 },
	{ "ddr exact end", RT_DDR_DA, RT_DDR_SIZE, 1, 0 },
	{ "ddr one byte more", RT_DDR_DA, RT_DDR_SIZE + 1, -1, 0 },
	{ "ddr, huge len", RT_DDR_DA + 1, U64_MAX, -1, 0 },
	{ "top: ends at 2^64", RT_TOP_DA, RT_TOP_SIZE, 2, 0 },
	{ "top: last byte", U64_MAX, 1, 2, RT_TOP_SIZE - 1 },
	{ "top: da + len wraps u64", U64_MAX, 2, -1, 0 },
	{ "top: wraps to inside tcm", RT_TOP_DA + 0x800, 0x1000, -1, 0 },
	{ "pool is not mapped", 0x3ee00000, 0x10, -1, 0 },
};

static void rt_va_desc(const struct rt_va_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rt_va, rt_va_cases, rt_va_desc);

static void ohost_rproc_mem_da_to_va_cases(struct kunit *test)
{
	const struct rt_va_case *c = test->param_value;
	bool is_iomem = false;
	void *va, *want = NULL;

	va = ohost_rproc_mem_da_to_va(rt_mems, ARRAY_SIZE(rt_mems), c->da,
				      c->len, &is_iomem);
	if (c->mem >= 0) {
		const struct ohost_rproc_mem *m = &rt_mems[c->mem];

		want = m->is_iomem ? (__force void *)(m->io + c->off) :
		       m->va + c->off;
		KUNIT_EXPECT_EQ(test, is_iomem, m->is_iomem);
	}
	KUNIT_EXPECT_PTR_EQ(test, va, want);
}

/* One bank at two addresses: the same kernel address for both. */
static void ohost_rproc_mem_da_to_va_alias(struct kunit *test)
{
	void *local = ohost_rproc_mem_da_to_va(rt_mems, ARRAY_SIZE(rt_mems),
					       0x1234, 4, NULL);
	void *global = ohost_rproc_mem_da_to_va(rt_mems, ARRAY_SIZE(rt_mems),
						RT_TCM_ALIAS + 0x1234, 4, NULL);
	u64 base;

	KUNIT_EXPECT_PTR_EQ(test, local, (void *)(rt_tcm + 0x1234));
	KUNIT_EXPECT_PTR_EQ(test, local, global);
	KUNIT_EXPECT_PTR_EQ(test, ohost_rproc_mem_find(rt_mems, ARRAY_SIZE(rt_mems),
						       RT_TCM_ALIAS + 4, 4, &base),
			    &rt_mems[0]);
	KUNIT_EXPECT_EQ(test, base, RT_TCM_ALIAS);
}

static void ohost_rproc_mems_to_regions_all(struct kunit *test)
{
	struct ohost_fw_region r[8];
	int n;

	n = ohost_rproc_mems_to_regions(rt_mems, ARRAY_SIZE(rt_mems), r,
					ARRAY_SIZE(r));
	/* every address of every loadable memory; not the pool */
	KUNIT_ASSERT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, r[0].da, RT_TCM_DA);
	KUNIT_EXPECT_EQ(test, r[0].size, RT_TCM_SIZE);
	KUNIT_EXPECT_EQ(test, r[1].da, RT_TCM_ALIAS);
	KUNIT_EXPECT_EQ(test, r[1].size, RT_TCM_SIZE);
	KUNIT_EXPECT_EQ(test, r[2].da, RT_DDR_DA);
	KUNIT_EXPECT_EQ(test, r[2].size, RT_DDR_SIZE);
	KUNIT_EXPECT_EQ(test, r[3].da, RT_TOP_DA);
	/* exactly enough room, then one too few */
	n = ohost_rproc_mems_to_regions(rt_mems, ARRAY_SIZE(rt_mems), r, 4);
	KUNIT_EXPECT_EQ(test, n, 4);
	n = ohost_rproc_mems_to_regions(rt_mems, ARRAY_SIZE(rt_mems), r, 3);
	KUNIT_EXPECT_EQ(test, n, -E2BIG);
}

static void ohost_rproc_mems_to_regions_bad(struct kunit *test)
{
	struct ohost_rproc_mem m = { .da = RT_TOP_DA, .size = RT_TOP_SIZE + 1 };
	struct ohost_fw_region r[4];

	KUNIT_EXPECT_EQ(test, -EINVAL, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	m.size = 0;
	m.da = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	m.size = 0x1000;
	m.alias[0].da = RT_TOP_DA + 1;
	m.num_aliases = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	/* a window must lie inside its memory */
	m.alias[0] = (struct ohost_rproc_alias) { .da = 0x10000, .off = 0x1000 };
	KUNIT_EXPECT_EQ(test, -EINVAL, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	m.alias[0] = (struct ohost_rproc_alias) { .da = 0x10000, .off = 0x800,
						  .size = 0x801 };
	KUNIT_EXPECT_EQ(test, -EINVAL, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	m.alias[0].size = 0x800;	/* the upper half: fine */
	KUNIT_EXPECT_EQ(test, 2, ohost_rproc_mems_to_regions(&m, 1, r, 4));
	KUNIT_EXPECT_EQ(test, r[1].da, 0x10000ULL);
	KUNIT_EXPECT_EQ(test, r[1].size, 0x800ULL);
}

/* A window onto part of a memory: its ends, and the offset it starts at. */
static void ohost_rproc_mem_alias_window(struct kunit *test)
{
	static u8 buf[0x1000];
	const struct ohost_rproc_mem m = {
		.da = 0x20000, .pa = 0x80000, .va = buf, .size = 0x1000,
		.alias = { { .da = 0x0, .off = 0x800, .size = 0x400 } },
		.num_aliases = 1,
	};

	KUNIT_EXPECT_PTR_EQ(test, ohost_rproc_mem_da_to_va(&m, 1, 0x0, 0x400, NULL),
			    (void *)(buf + 0x800));
	KUNIT_EXPECT_PTR_EQ(test, ohost_rproc_mem_da_to_va(&m, 1, 0x3ff, 1, NULL),
			    (void *)(buf + 0xbff));
	KUNIT_EXPECT_NULL(test, ohost_rproc_mem_da_to_va(&m, 1, 0x0, 0x401, NULL));
	KUNIT_EXPECT_NULL(test, ohost_rproc_mem_da_to_va(&m, 1, 0x400, 1, NULL));
}

static struct kunit_case ohost_rproc_mem_cases[] = {
	KUNIT_CASE_PARAM(ohost_rproc_mem_da_to_va_cases, rt_va_gen_params),
	KUNIT_CASE(ohost_rproc_mem_da_to_va_alias),
	KUNIT_CASE(ohost_rproc_mems_to_regions_all),
	KUNIT_CASE(ohost_rproc_mems_to_regions_bad),
	KUNIT_CASE(ohost_rproc_mem_alias_window),
	{}
};

static struct kunit_suite ohost_rproc_mem_suite = {
	.name = "ohost_rproc_mem",
	.test_cases = ohost_rproc_mem_cases,
};

/* ---- with an rproc ------------------------------------------------------ */

#define RT_MEM_DA	0x10000000U
#define RT_MEM_SIZE	0x10000U
#define RT_POOL_DA	0x10100000U

static const struct rproc_ops rt_ops;

/* rt_count() is 6.3+ */
static unsigned int rt_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned int n = 0;

	list_for_each(p, head)
		n++;
	return n;
}

/**
 * struct rt_priv - rproc->priv of the fake remote processor
 * @glue: the glue, first
 * @mem: its memory table
 * @buf: the remote's memory
 */
struct rt_priv {
	struct ohost_rproc_glue glue;
	struct ohost_rproc_mem mem[2];
	u8 *buf;
};

struct rt_fixture {
	struct device dev;
	struct rproc *rproc;
	struct rt_priv *priv;
};

static void rt_dev_release(struct device *dev)
{
}

static int rt_rproc_init(struct kunit *test)
{
	static const struct ohost_fw_policy policy = {
		.machine = EM_ARM, .max_vrings = 2, .require_rsc_table = true,
	};
	struct rt_fixture *f;
	struct rt_priv *p;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	/* a parent for the rproc, never added (rproc_alloc does not add) */
	device_initialize(&f->dev);
	f->dev.release = rt_dev_release;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&f->dev, "ohost_rproc_test"));
	f->rproc = rproc_alloc(&f->dev, "ohost_rproc_test", &rt_ops, NULL,
			       sizeof(*p));
	KUNIT_ASSERT_NOT_NULL(test, f->rproc);
	p = f->rproc->priv;
	f->priv = p;
	p->buf = kunit_kzalloc(test, RT_MEM_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->buf);
	p->mem[0] = (struct ohost_rproc_mem) {
		.name = "mem", .da = RT_MEM_DA, .pa = 0x80000000,
		.va = p->buf, .size = RT_MEM_SIZE,
	};
	p->mem[1] = (struct ohost_rproc_mem) {
		.name = "vdev0buffer", .da = RT_POOL_DA, .pa = 0x80100000,
		.size = 0x40000, .no_load = true,
	};
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_glue_init(&p->glue, f->rproc,
						       &policy, ELFCLASS32));
	KUNIT_EXPECT_EQ(test, f->rproc->elf_class, ELFCLASS32);
	KUNIT_EXPECT_EQ(test, f->rproc->elf_machine, EM_ARM);
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_set_mems(&p->glue, p->mem, 2));
	KUNIT_EXPECT_EQ(test, p->glue.policy.num_regions, 1U);
	KUNIT_EXPECT_PTR_EQ(test, p->glue.policy.regions,
			    (const struct ohost_fw_region *)p->glue.regions);
	return 0;
}

static void rt_rproc_exit(struct kunit *test)
{
	struct rt_fixture *f = test->priv;

	if (!f)
		return;
	if (f->rproc) {
		rproc_resource_cleanup(f->rproc);
		kfree(f->rproc->cached_table);
		f->rproc->cached_table = NULL;
		rproc_free(f->rproc);
	}
	put_device(&f->dev);
}

/* Resource table: vdev (2 vrings) at 24, carveout "fw" at 92. */
#define RT_RSC_VDEV	24
#define RT_RSC_VR0	(RT_RSC_VDEV + 28)
#define RT_RSC_VR1	(RT_RSC_VR0 + 20)
#define RT_RSC_CO	(RT_RSC_VR1 + 20)
#define RT_RSC_LEN	(RT_RSC_CO + 56)

static void rt_put32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void rt_vring(u8 *v, u32 da)
{
	rt_put32(v, da);
	rt_put32(v + 4, 4096);		/* align */
	rt_put32(v + 8, 16);		/* num */
	rt_put32(v + 12, 0xffffffff);	/* notifyid */
}

static u8 *rt_table(struct kunit *test, u32 vr1_da, u8 nvrings)
{
	u8 *t = kzalloc(RT_RSC_LEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	rt_put32(t, 1);				/* ver */
	rt_put32(t + 4, 2);			/* num */
	rt_put32(t + 16, RT_RSC_VDEV);
	rt_put32(t + 20, RT_RSC_CO);
	rt_put32(t + RT_RSC_VDEV, 3);		/* vdev */
	rt_put32(t + RT_RSC_VDEV + 4, 7);	/* rpmsg */
	rt_put32(t + RT_RSC_VDEV + 8, 0xffffffff);
	t[RT_RSC_VDEV + 25] = nvrings;
	rt_vring(t + RT_RSC_VR0, RT_MEM_DA);
	rt_vring(t + RT_RSC_VR1, vr1_da);
	rt_put32(t + RT_RSC_CO, 0);		/* carveout */
	rt_put32(t + RT_RSC_CO + 4, RT_MEM_DA + 0x8000);
	rt_put32(t + RT_RSC_CO + 8, 0xffffffff);
	rt_put32(t + RT_RSC_CO + 12, 0x1000);
	strscpy((char *)t + RT_RSC_CO + 24, "fw", 32);
	return t;
}

static void rt_set_table(struct rproc *rproc, u8 *t)
{
	rproc->cached_table = (struct resource_table *)t;
	rproc->table_ptr = rproc->cached_table;
	rproc->table_sz = RT_RSC_LEN;
}

static struct rproc_mem_entry *rt_carveout(struct rproc *rproc,
					   const char *name)
{
	struct rproc_mem_entry *e;

	list_for_each_entry(e, &rproc->carveouts, node)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

static void ohost_rproc_add_rsc_carveouts_ok(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;
	struct rproc_mem_entry *e;

	rt_set_table(rproc, rt_table(test, RT_MEM_DA + 0x4000, 2));
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_add_rsc_carveouts(&f->priv->glue));
	KUNIT_EXPECT_EQ(test, rt_count(&rproc->carveouts), 4U);

	e = rt_carveout(rproc, "vdev0vring0");
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, e->da, (u32)RT_MEM_DA);
	KUNIT_EXPECT_PTR_EQ(test, e->va, (void *)f->priv->buf);
	KUNIT_EXPECT_EQ(test, e->len, (size_t)PAGE_ALIGN(vring_size(16, 4096)));
	e = rt_carveout(rproc, "vdev0vring1");
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_PTR_EQ(test, e->va, (void *)(f->priv->buf + 0x4000));
	KUNIT_EXPECT_EQ(test, e->dma, (dma_addr_t)0x80004000);
	e = rt_carveout(rproc, "vdev0buffer");
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, e->da, (u32)RT_POOL_DA);
	KUNIT_EXPECT_EQ(test, e->dma, (dma_addr_t)0x80100000);
	KUNIT_EXPECT_EQ(test, e->len, (size_t)0x40000);
	KUNIT_EXPECT_NULL(test, e->va);
	e = rt_carveout(rproc, "fw");
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, e->da, (u32)(RT_MEM_DA + 0x8000));
	KUNIT_EXPECT_EQ(test, e->dma, (dma_addr_t)0x80008000);
	KUNIT_EXPECT_NOT_NULL(test, rproc->cached_table);
}

static void rt_expect_nothing_left(struct kunit *test, struct rproc *rproc)
{
	KUNIT_EXPECT_TRUE(test, list_empty(&rproc->carveouts));
	KUNIT_EXPECT_NULL(test, rproc->cached_table);
	KUNIT_EXPECT_NULL(test, rproc->table_ptr);
	KUNIT_EXPECT_EQ(test, rproc->table_sz, (size_t)0);
}

/* vring1 outside the memory: vring0 was registered first, then dropped */
static void ohost_rproc_add_rsc_carveouts_bad_vring(struct kunit *test)
{
	struct rt_fixture *f = test->priv;

	rt_set_table(f->rproc, rt_table(test, RT_MEM_DA + RT_MEM_SIZE, 2));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			ohost_rproc_add_rsc_carveouts(&f->priv->glue));
	rt_expect_nothing_left(test, f->rproc);
}

/* no memory named vdev0buffer: both vrings were registered, then dropped */
static void ohost_rproc_add_rsc_carveouts_no_pool(struct kunit *test)
{
	struct rt_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_set_mems(&f->priv->glue,
						      f->priv->mem, 1));
	rt_set_table(f->rproc, rt_table(test, RT_MEM_DA + 0x4000, 2));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			ohost_rproc_add_rsc_carveouts(&f->priv->glue));
	rt_expect_nothing_left(test, f->rproc);
}

/* the validator refuses three vrings (policy: 2) */
static void ohost_rproc_add_rsc_carveouts_invalid(struct kunit *test)
{
	struct rt_fixture *f = test->priv;

	rt_set_table(f->rproc, rt_table(test, RT_MEM_DA + 0x4000, 3));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			ohost_rproc_add_rsc_carveouts(&f->priv->glue));
	rt_expect_nothing_left(test, f->rproc);
}

static void ohost_rproc_da_to_va_op(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	u64 da = RT_MEM_DA + RT_MEM_SIZE - 8;
	bool io = true;
	void *va;

	va = ohost_rproc_da_to_va(f->rproc, da, 8, &io);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(f->priv->buf + RT_MEM_SIZE - 8));
	KUNIT_EXPECT_FALSE(test, io);
	KUNIT_EXPECT_NULL(test, ohost_rproc_da_to_va(f->rproc, da, 9, NULL));
}

/* A stand-in for a vdev subdevice: records the gate when called. */
struct rt_vdev {
	struct rproc_subdev sd;
	struct ohost_rproc_glue *glue;
	int started, stopped;	/* 1 + gate open at the time, 0 not called */
};

static int rt_vdev_start(struct rproc_subdev *sd)
{
	struct rt_vdev *v = container_of(sd, struct rt_vdev, sd);

	v->started = 1 + ohost_rproc_gate_is_open(v->glue);
	return 0;
}

static void rt_vdev_stop(struct rproc_subdev *sd, bool crashed)
{
	struct rt_vdev *v = container_of(sd, struct rt_vdev, sd);

	v->stopped = 1 + ohost_rproc_gate_is_open(v->glue);
}

/* rproc_start_subdevices() and rproc_stop_subdevices(), as in the core */
static void rt_start_subdevs(struct rproc *rproc)
{
	struct rproc_subdev *sd;

	list_for_each_entry(sd, &rproc->subdevs, node)
		if (sd->start)
			sd->start(sd);
}

static void rt_stop_subdevs(struct rproc *rproc)
{
	struct rproc_subdev *sd;

	list_for_each_entry_reverse(sd, &rproc->subdevs, node)
		if (sd->stop)
			sd->stop(sd, true);
}

/*
 * The gate registered after the vdevs (ops->load / ops->attach) opens
 * after they started and closes before they stop; recovery keeps its
 * place; unprepare takes it off the list.
 */
static void ohost_rproc_gate_order(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct ohost_rproc_glue *glue = &f->priv->glue;
	struct rproc *rproc = f->rproc;
	struct rt_vdev v = { .glue = glue };

	v.sd.start = rt_vdev_start;
	v.sd.stop = rt_vdev_stop;
	rproc->max_notifyid = -1;
	mutex_lock(&rproc->lock);
	rproc_add_subdev(rproc, &v.sd);		/* rproc_handle_resources() */
	KUNIT_EXPECT_EQ(test, 0, ohost_rproc_attach(rproc));
	KUNIT_EXPECT_FALSE(test, ohost_rproc_gate_is_open(glue));
	KUNIT_EXPECT_EQ(test, rt_count(&rproc->subdevs), 2U);

	rt_start_subdevs(rproc);
	KUNIT_EXPECT_EQ(test, v.started, 1);	/* gate still closed */
	KUNIT_EXPECT_TRUE(test, ohost_rproc_gate_is_open(glue));
	KUNIT_EXPECT_EQ(test, ohost_rproc_vq_interrupt(glue, 0), IRQ_NONE);

	rt_stop_subdevs(rproc);			/* a crash: rproc_stop() */
	KUNIT_EXPECT_EQ(test, v.stopped, 1);	/* gate already closed */
	KUNIT_EXPECT_FALSE(test, ohost_rproc_gate_is_open(glue));

	/* recovery: load again, without unprepare */
	KUNIT_EXPECT_EQ(test, 0, ohost_rproc_attach(rproc));
	KUNIT_EXPECT_EQ(test, rt_count(&rproc->subdevs), 2U);
	KUNIT_EXPECT_PTR_EQ(test, list_last_entry(&rproc->subdevs,
						  struct rproc_subdev, node),
			    &glue->gate);
	v.started = 0;
	rt_start_subdevs(rproc);
	KUNIT_EXPECT_EQ(test, v.started, 1);
	KUNIT_EXPECT_TRUE(test, ohost_rproc_gate_is_open(glue));
	rt_stop_subdevs(rproc);

	KUNIT_EXPECT_EQ(test, 0, ohost_rproc_unprepare(rproc));
	KUNIT_EXPECT_EQ(test, rt_count(&rproc->subdevs), 1U);
	rproc_remove_subdev(rproc, &v.sd);
	mutex_unlock(&rproc->lock);
}

static struct kunit_case ohost_rproc_glue_cases[] = {
	KUNIT_CASE(ohost_rproc_add_rsc_carveouts_ok),
	KUNIT_CASE(ohost_rproc_add_rsc_carveouts_bad_vring),
	KUNIT_CASE(ohost_rproc_add_rsc_carveouts_no_pool),
	KUNIT_CASE(ohost_rproc_add_rsc_carveouts_invalid),
	KUNIT_CASE(ohost_rproc_da_to_va_op),
	KUNIT_CASE(ohost_rproc_gate_order),
	{}
};

static struct kunit_suite ohost_rproc_glue_suite = {
	.name = "ohost_rproc_glue",
	.init = rt_rproc_init,
	.exit = rt_rproc_exit,
	.test_cases = ohost_rproc_glue_cases,
};

kunit_test_suites(&ohost_rproc_mem_suite, &ohost_rproc_glue_suite);

MODULE_DESCRIPTION("KUnit tests for the openamp-host remoteproc glue");
MODULE_LICENSE("GPL");
