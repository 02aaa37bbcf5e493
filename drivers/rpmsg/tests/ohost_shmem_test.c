// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for ohost_shmem_contiguous() (include/ohost/shmem.h), the
 * check that every buffer the transport puts in a vring descriptor is
 * described by one physical address.  Mappings are made with vmap() from
 * pages chosen here, so the physical layout behind each case is known.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "ohost/shmem.h"

/* Two physically consecutive pages, mapped in the given order. */
struct shmem_case {
	struct page *pages;	/* order-1 allocation */
	void *va;		/* vmap() of the pages, two pages long */
};

static int shmem_map(struct kunit *test, struct shmem_case *c, bool swapped)
{
	struct page *map[2];

	c->pages = alloc_pages(GFP_KERNEL, 1);
	if (!c->pages)
		return -ENOMEM;
	map[0] = swapped ? c->pages + 1 : c->pages;
	map[1] = swapped ? c->pages : c->pages + 1;
	c->va = vmap(map, 2, VM_MAP, PAGE_KERNEL);
	if (!c->va) {
		__free_pages(c->pages, 1);
		return -ENOMEM;
	}
	return 0;
}

static void shmem_unmap(struct shmem_case *c)
{
	vunmap(c->va);
	__free_pages(c->pages, 1);
}

static void shmem_contiguous_linear_map(struct kunit *test)
{
	void *buf = kunit_kmalloc(test, 512, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_TRUE(test, ohost_shmem_contiguous(buf, 512));
}

static void shmem_contiguous_zero_length(struct kunit *test)
{
	void *buf = kunit_kmalloc(test, 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_FALSE(test, ohost_shmem_contiguous(buf, 0));
}

static void shmem_contiguous_vmap_in_order(struct kunit *test)
{
	struct shmem_case c;

	KUNIT_ASSERT_EQ(test, shmem_map(test, &c, false), 0);
	/* across the page boundary, and the whole two pages */
	KUNIT_EXPECT_TRUE(test, ohost_shmem_contiguous(c.va + PAGE_SIZE - 256, 512));
	KUNIT_EXPECT_TRUE(test, ohost_shmem_contiguous(c.va, 2 * PAGE_SIZE));
	shmem_unmap(&c);
}

static void shmem_contiguous_vmap_swapped(struct kunit *test)
{
	struct shmem_case c;

	KUNIT_ASSERT_EQ(test, shmem_map(test, &c, true), 0);
	/* inside one page: fine; across the boundary: two places */
	KUNIT_EXPECT_TRUE(test, ohost_shmem_contiguous(c.va + 16, 512));
	KUNIT_EXPECT_FALSE(test, ohost_shmem_contiguous(c.va + PAGE_SIZE - 256, 512));
	shmem_unmap(&c);
}

/*
 * The page after a vmap() area is its guard page: nothing is mapped
 * there, so no physical address describes a buffer in it, whether it
 * starts there or runs into it.
 */
static void shmem_contiguous_unmapped(struct kunit *test)
{
	struct shmem_case c;

	KUNIT_ASSERT_EQ(test, shmem_map(test, &c, false), 0);
	KUNIT_ASSERT_NULL(test, vmalloc_to_page(c.va + 2 * PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, ohost_shmem_contiguous(c.va + 2 * PAGE_SIZE, 64));
	KUNIT_EXPECT_FALSE(test, ohost_shmem_contiguous(c.va + 2 * PAGE_SIZE - 32, 64));
	shmem_unmap(&c);
}

static struct kunit_case shmem_contiguous_cases[] = {
	KUNIT_CASE(shmem_contiguous_linear_map),
	KUNIT_CASE(shmem_contiguous_zero_length),
	KUNIT_CASE(shmem_contiguous_vmap_in_order),
	KUNIT_CASE(shmem_contiguous_vmap_swapped),
	KUNIT_CASE(shmem_contiguous_unmapped),
	{}
};

static struct kunit_suite shmem_contiguous_suite = {
	.name = "ohost_shmem_contiguous",
	.test_cases = shmem_contiguous_cases,
};

kunit_test_suite(shmem_contiguous_suite);

MODULE_DESCRIPTION("KUnit tests for openamp-host's shared-memory helpers");
MODULE_LICENSE("GPL");
