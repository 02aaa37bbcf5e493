// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: the remote's memories named by the device tree's
 * "memory-region" phandles.
 *
 * Each region becomes an entry of the driver's memory table (so that
 * da_to_va, the validator's regions and the coredump segments cover it)
 * and, from prepare on, a carveout of the remoteproc core under the name
 * of its node without the unit address: "vdev0vring0", "vdev0vring1",
 * "rsc-table", "memory", ...  The core maps a carveout when it allocates
 * the carveouts (after the resource table is handled) and unmaps it when
 * it releases them.  "vdevNbuffer" is the vdev's DMA pool: the core hands
 * it to the vdev device by its memory-region index, so it must be a
 * shared-dma-pool and is never mapped here.  NXP's device trees call vdev
 * 0's pool "vdevbuffer": it is registered as "vdev0buffer".
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ohost/rproc.h"

/* NXP's device trees name vdev 0's pool without the index. */
#define OHOST_RPROC_NXP_POOL	"vdevbuffer"

/**
 * ohost_rproc_is_pool_name() - whether a name is a vdev's buffer pool
 * @name: e.g. "vdev0buffer"
 *
 * Return: true for "vdevNbuffer" and NXP's "vdevbuffer" (vdev 0's).
 */
bool ohost_rproc_is_pool_name(const char *name)
{
	unsigned int idx;
	int n = 0;

	if (!strcmp(name, OHOST_RPROC_NXP_POOL))
		return true;
	return sscanf(name, "vdev%u%n", &idx, &n) == 1 && n &&
	       !strcmp(name + n, "buffer");
}
EXPORT_SYMBOL_GPL(ohost_rproc_is_pool_name);

static bool ohost_rproc_is_vring_name(const char *name)
{
	unsigned int v, r;
	int n = 0;

	return sscanf(name, "vdev%uvring%u%n", &v, &r, &n) == 2 &&
	       !name[n];
}

/*
 * The carveout name of a region: its node name, but NXP's "vdevbuffer"
 * becomes "vdev0buffer".  The remoteproc core (6.1's rproc_add_virtio_dev,
 * 6.12's rproc_virtio_probe alike) looks vdev N's pool up by the carveout
 * name "vdevNbuffer" and, failing that, falls back to memory-region[0] of
 * the parent: under its own name a "vdevbuffer" pool would work only
 * when it is listed first.  Renamed, it is found by name wherever it is.
 */
static const char *ohost_rproc_of_name(const struct device_node *np)
{
	return strcmp(np->name, OHOST_RPROC_NXP_POOL) ? np->name : "vdev0buffer";
}

static int ohost_rproc_of_da(const struct reserved_mem *rmem,
			     ohost_rproc_pa_to_da_fn pa_to_da, void *data,
			     u64 *da)
{
	if (pa_to_da)
		return pa_to_da(data, rmem->base, rmem->size, da);
	*da = rmem->base;
	return 0;
}

/* One memory-region entry; returns 0 or logs what is wrong with it. */
static int ohost_rproc_of_mem(struct device *dev, unsigned int i,
			      struct ohost_rproc_mem *m,
			      ohost_rproc_pa_to_da_fn pa_to_da, void *data)
{
	struct reserved_mem *rmem;
	struct device_node *np;
	bool pool;
	u64 da;
	int ret = -EINVAL;

	np = of_parse_phandle(dev->of_node, "memory-region", i);
	if (!np) {
		dev_err(dev, "memory-region[%u]: not a phandle\n", i);
		return -EINVAL;
	}
	rmem = of_reserved_mem_lookup(np);
	pool = ohost_rproc_is_pool_name(np->name);
	if (!rmem || !rmem->size) {
		dev_err(dev, "memory-region[%u] %pOF: not a reserved-memory region\n",
			i, np);
	} else if (pool && !of_device_is_compatible(np, "shared-dma-pool")) {
		dev_err(dev, "memory-region[%u] %pOF: a vdev buffer pool must be compatible \"shared-dma-pool\"\n",
			i, np);
	} else if (!pool && !of_property_read_bool(np, "no-map")) {
		dev_err(dev, "memory-region[%u] %pOF: must be no-map (it is mapped write-combined)\n",
			i, np);
	} else if (ohost_rproc_of_da(rmem, pa_to_da, data, &da)) {
		dev_err(dev, "memory-region[%u] %pOF: out of the remote's reach\n",
			i, np);
	} else if (da > U32_MAX || rmem->size - 1 > U32_MAX - da) {
		/* (rmem->size is not 0 here) a region may end exactly at 2^32 */
		dev_err(dev, "memory-region[%u] %pOF: device address %#llx+%pa beyond 32 bits\n",
			i, np, da, &rmem->size);
	} else {
		*m = (struct ohost_rproc_mem) {
			.name = devm_kstrdup(dev, ohost_rproc_of_name(np), GFP_KERNEL),
			.da = da,
			.pa = rmem->base,
			.size = rmem->size,
			.no_load = pool || ohost_rproc_is_vring_name(np->name),
			.of_region = true,
			.of_idx = i,
		};
		ret = m->name ? 0 : -ENOMEM;
	}
	of_node_put(np);
	return ret;
}

/**
 * ohost_rproc_of_mems() - the memories of a device's memory-region
 * @dev: the remote's device (its of_node has the memory-region property;
 *	the rproc's parent, which the core uses for the vdev pool)
 * @mem: filled with one entry per region, in memory-region order
 * @max: room in @mem
 * @pa_to_da: the remote's address of a region; NULL: the physical one
 * @data: cookie for @pa_to_da
 *
 * A region must be a reserved-memory node; "vdevNbuffer" must be a
 * shared-dma-pool, every other region no-map.  Names must be unique.
 * Any problem is logged in one line naming the region.
 *
 * Return: the number of entries (0 without memory-region) or a negative
 * errno; nothing but device-managed names is allocated.
 */
int ohost_rproc_of_mems(struct device *dev, struct ohost_rproc_mem *mem,
			unsigned int max, ohost_rproc_pa_to_da_fn pa_to_da,
			void *data)
{
	unsigned int i, j;
	int n, ret;

	n = of_count_phandle_with_args(dev->of_node, "memory-region", NULL);
	if (n == -ENOENT)
		return 0;
	if (n < 0) {
		dev_err(dev, "memory-region: malformed (%d)\n", n);
		return n;
	}
	if (n > max) {
		dev_err(dev, "memory-region: %d entries, at most %u\n", n, max);
		return -E2BIG;
	}
	for (i = 0; i < n; i++) {
		ret = ohost_rproc_of_mem(dev, i, &mem[i], pa_to_da, data);
		if (ret)
			return ret;
		for (j = 0; j < i; j++) {
			if (strcmp(mem[j].name, mem[i].name))
				continue;
			dev_err(dev, "memory-region[%u]: a second region named %s\n",
				i, mem[i].name);
			return -EINVAL;
		}
	}
	return n;
}
EXPORT_SYMBOL_GPL(ohost_rproc_of_mems);

static int ohost_rproc_of_map(struct rproc *rproc, struct rproc_mem_entry *e)
{
	struct ohost_rproc_mem *m = e->priv;
	void *va;

	va = memremap(m->pa, m->size, MEMREMAP_WC);
	if (!va) {
		dev_err(&rproc->dev, "cannot map %s at %pa\n", m->name, &m->pa);
		return -ENOMEM;
	}
	e->va = va;
	m->va = va;
	return 0;
}

static int ohost_rproc_of_unmap(struct rproc *rproc, struct rproc_mem_entry *e)
{
	struct ohost_rproc_mem *m = e->priv;

	/* the core also releases carveouts it never allocated */
	if (!e->va)
		return 0;
	m->va = NULL;
	memunmap(e->va);
	e->va = NULL;
	return 0;
}

/**
 * ohost_rproc_of_add_carveouts() - register the device tree's carveouts
 * @glue: the glue
 * @mem: the driver's memory table (writable: mapping sets @mem[i].va)
 * @num: entries in @mem; those without @of_region are skipped
 *
 * Call from &rproc_ops.prepare, which the core calls before it parses the
 * resource table: the vrings and carveout entries it then finds by name
 * use these.  The core maps them when it allocates its carveouts and
 * unmaps and frees them in rproc_resource_cleanup().  On failure nothing
 * is registered (the core does not clean up after a failing prepare).
 *
 * Return: 0 or -ENOMEM.
 */
int ohost_rproc_of_add_carveouts(struct ohost_rproc_glue *glue,
				 struct ohost_rproc_mem *mem, unsigned int num)
{
	struct rproc *rproc = glue->rproc;
	struct rproc_mem_entry *e, *tmp;
	LIST_HEAD(list);
	unsigned int i;

	for (i = 0; i < num; i++) {
		struct ohost_rproc_mem *m = &mem[i];

		if (!m->of_region)
			continue;
		if (ohost_rproc_is_pool_name(m->name))
			e = rproc_of_resm_mem_entry_init(&rproc->dev, m->of_idx,
							 m->size, m->da, "%s",
							 m->name);
		else
			e = rproc_mem_entry_init(&rproc->dev, NULL, m->pa,
						 m->size, m->da,
						 ohost_rproc_of_map,
						 ohost_rproc_of_unmap, "%s",
						 m->name);
		if (!e)
			goto fail;
		e->priv = m;
		list_add_tail(&e->node, &list);
	}
	list_splice_tail(&list, &rproc->carveouts);
	return 0;
fail:
	list_for_each_entry_safe(e, tmp, &list, node)
		kfree(e);
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(ohost_rproc_of_add_carveouts);

/**
 * ohost_rproc_copy_rsc_table() - a validated copy of a running remote's table
 * @glue: the glue (its memory table and policy)
 * @da: where the remote says its resource table is
 * @size: how long it says it is
 *
 * The table must lie inside one memory of the device tree's memory-region
 * (not TCM, not a vdev pool).  It is copied out of shared memory first and
 * only the copy is validated and returned: the remote can change the
 * original at any time.  The memory is mapped for the copy if the core
 * has not mapped it yet.
 *
 * Return: a kmalloc()ed copy (kfree() it), or an ERR_PTR; the reason is
 * logged in one line.
 */
void *ohost_rproc_copy_rsc_table(struct ohost_rproc_glue *glue, u64 da,
				 size_t size)
{
	struct device *dev = &glue->rproc->dev;
	const struct ohost_rproc_mem *m;
	struct ohost_fw_error err = { };
	void *copy, *map = NULL;
	const void *src;
	u64 base;
	int ret;

	m = ohost_rproc_mem_find(glue->mem, glue->num_mem, da, size, &base);
	if (!m || !m->of_region || ohost_rproc_is_pool_name(m->name) ||
	    size < OHOST_RSC_HDR_SIZE) {
		dev_err(dev, "resource table at %#llx+%#zx is not inside a memory-region carveout\n",
			da, size);
		return ERR_PTR(-EINVAL);
	}
	src = m->va;
	if (!src) {
		map = memremap(m->pa, m->size, MEMREMAP_WC);
		if (!map) {
			dev_err(dev, "cannot map %s for the resource table\n",
				m->name);
			return ERR_PTR(-ENOMEM);
		}
		src = map;
	}
	copy = kmemdup(src + (da - base), size, GFP_KERNEL);
	if (map)
		memunmap(map);
	if (!copy)
		return ERR_PTR(-ENOMEM);
	ret = ohost_fw_check_rsc_table(copy, size, &glue->policy, &err);
	if (ret) {
		dev_err(dev, "resource table at %#llx rejected: %s\n", da,
			err.msg);
		kfree(copy);
		return ERR_PTR(ret);
	}
	return copy;
}
EXPORT_SYMBOL_GPL(ohost_rproc_copy_rsc_table);

/**
 * ohost_rproc_get_loaded_rsc_table() - &rproc_ops.get_loaded_rsc_table
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @size: set to the table's bytes
 *
 * For a running remote whose table the driver found (@glue->rsc_da,
 * @glue->rsc_size): a fresh validated copy (ohost_rproc_copy_rsc_table()),
 * which the core parses; ohost_rproc_attach() then writes it back and
 * makes the remote's own table live.
 *
 * Return: the copy, NULL without a table, or an ERR_PTR (logged).
 */
struct resource_table *ohost_rproc_get_loaded_rsc_table(struct rproc *rproc,
							size_t *size)
{
	struct ohost_rproc_glue *glue = ohost_rproc_glue(rproc);
	void *copy;

	if (!glue->rsc_size)
		return NULL;
	copy = ohost_rproc_copy_rsc_table(glue, glue->rsc_da, glue->rsc_size);
	if (IS_ERR(copy))
		return copy;
	kfree(glue->rsc_copy);
	glue->rsc_copy = copy;
	*size = glue->rsc_size;
	return copy;
}
EXPORT_SYMBOL_GPL(ohost_rproc_get_loaded_rsc_table);
