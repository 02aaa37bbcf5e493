// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the device tree's carveouts (ohost_rproc_of.c):
 * ohost_rproc_of_mems() on real memory-region lists of the boot device
 * tree.  The fixtures (reserved-memory regions and one consumer node per
 * case) come from tools/testing/kunit/rproc-of-fixtures.dtso, which run
 * "basic" applies at boot: the kernel parses the regions as on a board,
 * so of_reserved_mem_lookup() sees what a driver's probe would see.  A
 * case without its fixture fails: a skip would hide a missing overlay.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/slab.h>

#include "ohost/rproc.h"

#define ROT_ROOT	"/ohost-kunit-rproc-of/"
#define ROT_FW_PA	0x7ff00000ULL
#define ROT_POOL_PA	0x7ff10000ULL
#define ROT_ALIAS	0x10000000ULL	/* the remote sees RAM here */
#define ROT_MAX		4

struct rot_ctx {
	struct device dev;	/* initialised, never added */
	struct ohost_rproc_mem mem[ROT_MAX];
};

static void rot_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct rot_ctx, dev));
}

static int rot_init(struct kunit *test)
{
	struct rot_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	device_initialize(&c->dev);
	c->dev.release = rot_dev_release;
	test->priv = c;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&c->dev, "ohost_rproc_of_test"));
	return 0;
}

static void rot_exit(struct kunit *test)
{
	struct rot_ctx *c = test->priv;

	of_node_put(c->dev.of_node);
	c->dev.of_node = NULL;
	/* releases the device-managed names: nothing else may remain */
	put_device(&c->dev);
}

/* Parse the memory-region of fixture node @name into c->mem. */
static int rot_parse(struct kunit *test, const char *name,
		     ohost_rproc_pa_to_da_fn pa_to_da)
{
	struct rot_ctx *c = test->priv;
	char path[64];

	snprintf(path, sizeof(path), ROT_ROOT "%s", name);
	of_node_put(c->dev.of_node);
	c->dev.of_node = of_find_node_by_path(path);
	KUNIT_ASSERT_NOT_NULL_MSG(test, c->dev.of_node,
				  "fixture %s missing: boot with rproc-of-fixtures.dtso",
				  path);
	return ohost_rproc_of_mems(&c->dev, c->mem, ROT_MAX, pa_to_da, NULL);
}

static void ohost_rproc_of_mems_good(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 pa, size;
		bool no_load;
	} want[] = {
		{ "memory", ROT_FW_PA, 0x1000, false },
		{ "vdev0vring0", 0x7ff01000, 0x1000, true },
		{ "vdev0vring1", 0x7ff02000, 0x1000, true },
		{ "vdev0buffer", ROT_POOL_PA, 0x10000, true },
	};
	struct rot_ctx *c = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, rot_parse(test, "good", NULL), ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct ohost_rproc_mem *m = &c->mem[i];

		KUNIT_EXPECT_STREQ(test, m->name, want[i].name);
		KUNIT_EXPECT_EQ(test, m->pa, want[i].pa);
		KUNIT_EXPECT_EQ(test, m->da, want[i].pa);	/* no pa_to_da */
		KUNIT_EXPECT_EQ(test, m->size, want[i].size);
		KUNIT_EXPECT_EQ(test, m->no_load, want[i].no_load);
		KUNIT_EXPECT_TRUE(test, m->of_region);
		KUNIT_EXPECT_EQ(test, m->of_idx, i);
		KUNIT_EXPECT_NULL(test, m->va);	/* mapped only by the core */
	}
}

static int rot_alias(void *data, phys_addr_t pa, size_t size, u64 *da)
{
	*da = pa - 0x40000000 + ROT_ALIAS;
	return 0;
}

static int rot_unreachable(void *data, phys_addr_t pa, size_t size, u64 *da)
{
	return pa == ROT_POOL_PA ? -ERANGE : rot_alias(data, pa, size, da);
}

/* Device addresses at the very top: each region ends exactly at 2^32... */
static int rot_top_exact(void *data, phys_addr_t pa, size_t size, u64 *da)
{
	*da = (u64)U32_MAX + 1 - size;
	return 0;
}

/* ... or one byte past it. */
static int rot_top_over(void *data, phys_addr_t pa, size_t size, u64 *da)
{
	*da = (u64)U32_MAX + 2 - size;
	return 0;
}

static void ohost_rproc_of_mems_pa_to_da(struct kunit *test)
{
	struct rot_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, rot_parse(test, "good", rot_alias), 4);
	KUNIT_EXPECT_EQ(test, c->mem[0].da, ROT_FW_PA - 0x40000000 + ROT_ALIAS);
	KUNIT_EXPECT_EQ(test, c->mem[0].pa, ROT_FW_PA);
}

static void ohost_rproc_of_mems_unreachable(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rot_parse(test, "good", rot_unreachable), -EINVAL);
}

static void ohost_rproc_of_mems_top_of_32_bits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rot_parse(test, "good", rot_top_exact), 4);
	KUNIT_EXPECT_EQ(test, rot_parse(test, "good", rot_top_over), -EINVAL);
}

struct rot_bad_case {
	const char *node;
	int ret;
};

static const struct rot_bad_case rot_bad_cases[] = {
	{ "none", 0 },
	{ "not-reserved-memory", -EINVAL },
	{ "pool-not-dma-pool", -EINVAL },
	{ "not-no-map", -EINVAL },
	{ "duplicate-name", -EINVAL },
	{ "too-many", -E2BIG },
	{ "malformed", -EINVAL },
};

static void rot_bad_desc(const struct rot_bad_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->node);
}

KUNIT_ARRAY_PARAM(rot_bad, rot_bad_cases, rot_bad_desc);

static void ohost_rproc_of_mems_bad(struct kunit *test)
{
	const struct rot_bad_case *p = test->param_value;

	KUNIT_EXPECT_EQ(test, rot_parse(test, p->node, NULL), p->ret);
}

static struct kunit_case ohost_rproc_of_cases[] = {
	KUNIT_CASE(ohost_rproc_of_mems_good),
	KUNIT_CASE(ohost_rproc_of_mems_pa_to_da),
	KUNIT_CASE(ohost_rproc_of_mems_unreachable),
	KUNIT_CASE(ohost_rproc_of_mems_top_of_32_bits),
	KUNIT_CASE_PARAM(ohost_rproc_of_mems_bad, rot_bad_gen_params),
	{ }
};

static struct kunit_suite ohost_rproc_of_suite = {
	.name = "ohost_rproc_of",
	.init = rot_init,
	.exit = rot_exit,
	.test_cases = ohost_rproc_of_cases,
};

kunit_test_suite(ohost_rproc_of_suite);

MODULE_DESCRIPTION("KUnit tests for openamp-host's device-tree carveouts");
MODULE_LICENSE("GPL");
