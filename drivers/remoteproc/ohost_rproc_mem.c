// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: the remote's memory table and what derives from it.
 *
 * A memory is one physical range, seen by the remote at one or more device
 * addresses.  From the table come the address translation the core uses
 * to load segments (da_to_va), the regions the firmware validator accepts
 * segments in, the carveouts the resource table's vrings, buffer pools and
 * carveout entries need, and the coredump segments.
 */
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_ring.h>

#include "ohost/rproc.h"
#include "ohost_rproc_internal.h"

/* Largest vring the glue accepts (the virtio queue size limit). */
#define OHOST_RPROC_MAX_VRING_NUM	32768

/*
 * Is [da, da + len) inside [base, base + size)?  Written without da + len,
 * which may wrap u64; a range ending exactly at the memory's end is in.
 */
static bool ohost_rproc_in(u64 base, u64 size, u64 da, u64 len, u64 *off)
{
	if (da < base || da - base >= size || len > size - (da - base))
		return false;
	*off = da - base;
	return true;
}

/* Bytes of an alias window (0: the rest of the memory). */
static u64 ohost_rproc_alias_size(const struct ohost_rproc_mem *m,
				  const struct ohost_rproc_alias *w)
{
	return w->size ?: m->size - w->off;
}

/* A window inside its memory whose addresses do not wrap u64. */
static bool ohost_rproc_alias_ok(const struct ohost_rproc_mem *m,
				 const struct ohost_rproc_alias *w)
{
	u64 size, last;

	if (w->off >= m->size)
		return false;
	size = ohost_rproc_alias_size(m, w);
	return size && size <= m->size - w->off && w->da >= w->off &&
	       !check_add_overflow(w->da, size - 1, &last);
}

/**
 * ohost_rproc_mem_find() - the memory holding a device address range
 * @mem: memory table
 * @num: entries in @mem
 * @da: first device address
 * @len: bytes (0 still needs @da inside a memory)
 * @base: set to the device address (own or alias) the range was found at
 *
 * Return: the memory, or NULL if no memory holds all of the range at one
 * of its addresses.
 */
const struct ohost_rproc_mem *
ohost_rproc_mem_find(const struct ohost_rproc_mem *mem, unsigned int num,
		     u64 da, u64 len, u64 *base)
{
	unsigned int i, a;
	u64 off;

	for (i = 0; i < num; i++) {
		const struct ohost_rproc_mem *m = &mem[i];

		if (ohost_rproc_in(m->da, m->size, da, len, &off)) {
			*base = m->da;
			return m;
		}
		for (a = 0; a < m->num_aliases; a++) {
			const struct ohost_rproc_alias *w = &m->alias[a];

			if (ohost_rproc_in(w->da, ohost_rproc_alias_size(m, w), da,
					   len, &off)) {
				/* the memory's start, as seen through this window */
				*base = w->da - w->off;
				return m;
			}
		}
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mem_find);

/**
 * ohost_rproc_mem_by_name() - the memory of a given name
 * @mem: memory table
 * @num: entries in @mem
 * @name: e.g. "vdev0buffer"
 *
 * Return: the first memory named @name, or NULL.
 */
const struct ohost_rproc_mem *
ohost_rproc_mem_by_name(const struct ohost_rproc_mem *mem, unsigned int num,
			const char *name)
{
	unsigned int i;

	for (i = 0; i < num; i++)
		if (mem[i].name && !strcmp(mem[i].name, name))
			return &mem[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mem_by_name);

static void *ohost_rproc_mem_kva(const struct ohost_rproc_mem *m, u64 off)
{
	if (m->is_iomem)
		return m->io ? (__force void *)(m->io + off) : NULL;
	return m->va ? m->va + off : NULL;
}

/**
 * ohost_rproc_mem_da_to_va() - translate a device address range
 * @mem: memory table
 * @num: entries in @mem
 * @da: first device address
 * @len: bytes
 * @is_iomem: if not NULL, set when the mapping is __iomem
 *
 * Return: the kernel address of @da, or NULL when [@da, @da + @len) is
 * not inside one mapped memory (at one of its addresses).
 */
void *ohost_rproc_mem_da_to_va(const struct ohost_rproc_mem *mem,
			       unsigned int num, u64 da, size_t len,
			       bool *is_iomem)
{
	const struct ohost_rproc_mem *m;
	u64 base;
	void *va;

	m = ohost_rproc_mem_find(mem, num, da, len, &base);
	if (!m)
		return NULL;
	va = ohost_rproc_mem_kva(m, da - base);
	if (va && is_iomem)
		*is_iomem = m->is_iomem;
	return va;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mem_da_to_va);

/**
 * ohost_rproc_da_to_va() - &rproc_ops.da_to_va over the glue's table
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @da: first device address
 * @len: bytes
 * @is_iomem: if not NULL, set when the mapping is __iomem
 *
 * Return: the kernel address, or NULL.
 */
void *ohost_rproc_da_to_va(struct rproc *rproc, u64 da, size_t len,
			   bool *is_iomem)
{
	struct ohost_rproc_glue *glue = ohost_rproc_glue(rproc);

	return ohost_rproc_mem_da_to_va(glue->mem, glue->num_mem, da, len,
					is_iomem);
}
EXPORT_SYMBOL_GPL(ohost_rproc_da_to_va);

/**
 * ohost_rproc_mems_to_regions() - the validator's regions for a table
 * @mem: memory table
 * @num: entries in @mem
 * @regions: filled with one region per address of every loadable memory
 * @max: room in @regions
 *
 * Return: the number of regions, -EINVAL for an empty memory, one whose
 * addresses wrap u64 or an alias window outside its memory, -E2BIG if
 * @max is too small.
 */
int ohost_rproc_mems_to_regions(const struct ohost_rproc_mem *mem,
				unsigned int num, struct ohost_fw_region *regions,
				unsigned int max)
{
	unsigned int i, a, n = 0;
	u64 last;

	for (i = 0; i < num; i++) {
		const struct ohost_rproc_mem *m = &mem[i];

		if (!m->size || m->num_aliases > OHOST_RPROC_MAX_ALIASES ||
		    check_add_overflow(m->da, (u64)m->size - 1, &last))
			return -EINVAL;
		for (a = 0; a < m->num_aliases; a++)
			if (!ohost_rproc_alias_ok(m, &m->alias[a]))
				return -EINVAL;
		if (m->no_load)
			continue;
		if (n + 1 + m->num_aliases > max)
			return -E2BIG;
		regions[n].da = m->da;
		regions[n++].size = m->size;
		for (a = 0; a < m->num_aliases; a++) {
			regions[n].da = m->alias[a].da;
			regions[n++].size = ohost_rproc_alias_size(m, &m->alias[a]);
		}
	}
	return n;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mems_to_regions);

/**
 * ohost_rproc_set_mems() - give the glue its memory table
 * @glue: the glue
 * @mem: the table; the driver keeps it alive and may map and unmap its
 *	entries (@va), but must call this again to change addresses
 * @num: entries in @mem
 *
 * Derives the validator's policy regions: every address of every memory
 * not marked @no_load is a valid load address.
 *
 * Return: 0 or the error of ohost_rproc_mems_to_regions().
 */
int ohost_rproc_set_mems(struct ohost_rproc_glue *glue,
			 const struct ohost_rproc_mem *mem, unsigned int num)
{
	int n;

	n = ohost_rproc_mems_to_regions(mem, num, glue->regions,
					ARRAY_SIZE(glue->regions));
	if (n < 0) {
		dev_err(&glue->rproc->dev, "bad memory table: %d\n", n);
		return n;
	}
	glue->mem = mem;
	glue->num_mem = num;
	glue->policy.regions = glue->regions;
	glue->policy.num_regions = n;
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_rproc_set_mems);

/* State of one walk of the resource table: the carveouts found so far. */
struct ohost_rproc_rsc_ctx {
	struct ohost_rproc_glue *glue;
	struct list_head list;
	unsigned int nvdev;
};

/* A carveout entry for @len bytes at offset @off of memory @m. */
static int ohost_rproc_add_entry(struct ohost_rproc_rsc_ctx *ctx,
				 const struct ohost_rproc_mem *m, u64 base,
				 u64 off, u64 len, bool map, const char *name)
{
	struct rproc *rproc = ctx->glue->rproc;
	struct rproc_mem_entry *e;
	u64 da = base + off;

	if (da > U32_MAX || len > U32_MAX) {
		dev_err(&rproc->dev, "%s: %#llx+%#llx does not fit a resource table\n",
			name, da, len);
		return -EINVAL;
	}
	e = rproc_mem_entry_init(&rproc->dev,
				 map ? ohost_rproc_mem_kva(m, off) : NULL,
				 m->pa + off, len, da, NULL, NULL, "%s", name);
	if (!e)
		return -ENOMEM;
	e->is_iomem = m->is_iomem;
	list_add_tail(&e->node, &ctx->list);
	return 0;
}

/*
 * Where a resource named @name at @da (or any) of @len bytes lives: the
 * memory of that name (at its start, or at the address asked for), else
 * the memory holding [@da, @da + @len).
 */
static const struct ohost_rproc_mem *
ohost_rproc_place(struct ohost_rproc_glue *glue, const char *name, u32 da,
		  u64 len, u64 *base, u64 *off)
{
	const struct ohost_rproc_mem *m;

	m = ohost_rproc_mem_by_name(glue->mem, glue->num_mem, name);
	if (m) {
		*base = m->da;
		*off = 0;
		if (len > m->size)
			return NULL;
		if (da == OHOST_RSC_ADDR_ANY || da == m->da)
			return m;
		return ohost_rproc_mem_find(m, 1, da, len, base) && da == *base ?
		       m : NULL;
	}
	if (da == OHOST_RSC_ADDR_ANY)
		return NULL;
	m = ohost_rproc_mem_find(glue->mem, glue->num_mem, da, len, base);
	if (m)
		*off = da - *base;
	return m;
}

/* vdevN's vrings and buffer pool, by the names the core looks up. */
static int ohost_rproc_rsc_vdev(struct ohost_rproc_rsc_ctx *ctx,
				const struct ohost_fw_rsc *rsc)
{
	struct ohost_rproc_glue *glue = ctx->glue;
	struct device *dev = &glue->rproc->dev;
	unsigned int vdev = ctx->nvdev++, i;
	const struct ohost_rproc_mem *m;
	struct ohost_fw_vring v;
	char name[OHOST_RSC_NAME_LEN];
	u64 base, off, size;
	int ret;

	for (i = 0; i < rsc->vdev.num_of_vrings; i++) {
		ohost_fw_rsc_vring(rsc, i, &v);
		snprintf(name, sizeof(name), "vdev%uvring%u", vdev, i);
		if (v.num > OHOST_RPROC_MAX_VRING_NUM) {
			dev_err(dev, "%s: %u buffers, at most %u\n", name,
				v.num, OHOST_RPROC_MAX_VRING_NUM);
			return -EINVAL;
		}
		size = PAGE_ALIGN(vring_size(v.num, v.align));
		m = ohost_rproc_place(glue, name, v.da, size, &base, &off);
		/* a device tree carveout is mapped later, by the core */
		if (!m || !IS_ALIGNED(base + off, PAGE_SIZE) ||
		    (!m->of_region && !ohost_rproc_mem_kva(m, off)) ||
		    (m->of_region && strcmp(m->name, name))) {
			dev_err(dev, "%s at %#x+%#llx is not a page-aligned range of a mapped memory of the remote\n",
				name, v.da, size);
			return -EINVAL;
		}
		if (m->of_region)
			continue;	/* registered by ohost_rproc_of_add_carveouts() */
		ret = ohost_rproc_add_entry(ctx, m, base, off, size, true, name);
		if (ret)
			return ret;
	}
	/*
	 * The pool goes to dma_declare_coherent_memory with the entry's dma
	 * as physical and da as device address; its kernel mapping (if any)
	 * is the memory's.
	 */
	snprintf(name, sizeof(name), "vdev%ubuffer", vdev);
	m = ohost_rproc_mem_by_name(glue->mem, glue->num_mem, name);
	if (!m) {
		dev_err(dev, "vdev%u: no memory named %s for its buffers\n",
			vdev, name);
		return -EINVAL;
	}
	if (m->of_region)
		return 0;	/* registered by ohost_rproc_of_add_carveouts() */
	return ohost_rproc_add_entry(ctx, m, m->da, 0, m->size, true, name);
}

/*
 * A carveout entry must lie in the remote's memory (the core would
 * otherwise allocate it from Linux RAM, out of the remote's reach).  It
 * is registered unmapped: its dma is what the core writes to the table's
 * pa, and da_to_va serves it through the memory table.
 */
static int ohost_rproc_rsc_carveout(struct ohost_rproc_rsc_ctx *ctx,
				    const struct ohost_fw_rsc *rsc)
{
	const char *name = rsc->mem.name;
	const struct ohost_rproc_mem *m;
	u64 base, off;

	if (ohost_rproc_is_pool_name(name))
		return 0;
	m = ohost_rproc_place(ctx->glue, name, rsc->mem.da, rsc->mem.len,
			      &base, &off);
	if (!m) {
		dev_err(&ctx->glue->rproc->dev, "carveout %s at %#x+%#x is outside the remote's memory\n",
			name, rsc->mem.da, rsc->mem.len);
		return -EINVAL;
	}
	/* the core finds a device tree carveout of that name itself */
	if (m->of_region && !strcmp(m->name, name))
		return 0;
	return ohost_rproc_add_entry(ctx, m, base, off, rsc->mem.len, false,
				     name);
}

static int ohost_rproc_rsc_visit(const struct ohost_fw_rsc *rsc, void *data)
{
	struct ohost_rproc_rsc_ctx *ctx = data;

	if (rsc->type == OHOST_RSC_CARVEOUT)
		return ohost_rproc_rsc_carveout(ctx, rsc);
	if (rsc->type == OHOST_RSC_VDEV)
		return ohost_rproc_rsc_vdev(ctx, rsc);
	return 0;
}

static void ohost_rproc_drop_table(struct rproc *rproc)
{
	kfree(rproc->cached_table);
	rproc->cached_table = NULL;
	rproc->table_ptr = NULL;
	rproc->table_sz = 0;
}

/**
 * ohost_rproc_add_rsc_carveouts() - carveouts for the cached resource table
 * @glue: the glue
 *
 * Walks rproc->cached_table with the validator and registers, before the
 * core handles the entries (it finds them by name): "vdevNvringM" for each
 * vring, mapped, at the memory of that name or at the vring's da;
 * "vdevNbuffer", the memory of that name; and each carveout entry by its
 * own name, at the memory of that name or at its da.
 *
 * On failure nothing stays behind, not even the cached table: the core
 * does not clean up after a failing parse_fw.
 *
 * Return: 0 or a negative errno.
 */
int ohost_rproc_add_rsc_carveouts(struct ohost_rproc_glue *glue)
{
	struct rproc *rproc = glue->rproc;
	struct ohost_rproc_rsc_ctx ctx = { .glue = glue };
	struct rproc_mem_entry *e, *tmp;
	struct ohost_fw_error err = { };
	int ret;

	INIT_LIST_HEAD(&ctx.list);
	ret = ohost_fw_walk_rsc_table(rproc->cached_table, rproc->table_sz,
				      &glue->policy, ohost_rproc_rsc_visit, &ctx,
				      &err);
	if (ret && err.msg[0])
		dev_err(&rproc->dev, "firmware %s: resource table rejected: %s\n",
			rproc->firmware, err.msg);
	list_for_each_entry_safe(e, tmp, &ctx.list, node) {
		list_del(&e->node);
		if (ret)
			kfree(e);
		else
			rproc_add_carveout(rproc, e);
	}
	if (ret)
		ohost_rproc_drop_table(rproc);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_rproc_add_rsc_carveouts);

/* One coredump segment per loadable memory, at its own address. */
int ohost_rproc_add_dump_segments(struct ohost_rproc_glue *glue)
{
	unsigned int i;
	int ret;

	for (i = 0; i < glue->num_mem; i++) {
		if (glue->mem[i].no_load)
			continue;
		ret = rproc_coredump_add_segment(glue->rproc, glue->mem[i].da,
						 glue->mem[i].size);
		if (ret)
			return ret;
	}
	return 0;
}

/* The carveouts of the cached table (if @has_table) and the segments. */
static int ohost_rproc_parse_cached(struct ohost_rproc_glue *glue,
				    bool has_table)
{
	struct rproc *rproc = glue->rproc;
	int ret;

	if (has_table) {
		ret = ohost_rproc_add_rsc_carveouts(glue);
		if (ret)
			return ret;
	}
	ret = ohost_rproc_add_dump_segments(glue);
	if (ret) {
		/* the carveouts and segments added above, nothing else yet */
		rproc_resource_cleanup(rproc);
		ohost_rproc_drop_table(rproc);
	}
	return ret;
}

/**
 * ohost_rproc_parse_fw() - &rproc_ops.parse_fw over the glue's table
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @fw: the firmware
 *
 * Loads the resource table (rproc_elf_load_rsc_table), registers its
 * carveouts (ohost_rproc_add_rsc_carveouts()) and a coredump segment for
 * every loadable memory.  An image without a resource table is accepted
 * unless the policy requires one.  On failure nothing stays behind.
 *
 * Return: 0 or a negative errno.
 */
int ohost_rproc_parse_fw(struct rproc *rproc, const struct firmware *fw)
{
	struct ohost_rproc_glue *glue = ohost_rproc_glue(rproc);
	int ret;

	ret = rproc_elf_load_rsc_table(rproc, fw);
	if (ret && glue->policy.require_rsc_table) {
		dev_err(&rproc->dev, "firmware %s: no usable resource table\n",
			rproc->firmware);
		return ret;
	}
	return ohost_rproc_parse_cached(glue, !ret);
}
EXPORT_SYMBOL_GPL(ohost_rproc_parse_fw);

/**
 * ohost_rproc_parse_table() - &rproc_ops.parse_fw with the driver's own table
 * @rproc: the remote processor (priv starts with struct ohost_rproc_glue)
 * @table: a resource table the driver built (the firmware has none that
 *	counts: i.MX rpmsg-lite with fixed vrings); copied
 * @size: its bytes
 *
 * The same as ohost_rproc_parse_fw() with @table in place of the image's:
 * validated, carveouts registered, coredump segments added.  The core
 * frees its cached copy as it frees one loaded from the image.
 *
 * Return: 0 or a negative errno; on failure nothing stays behind.
 */
int ohost_rproc_parse_table(struct rproc *rproc, const void *table,
			    size_t size)
{
	rproc->cached_table = kmemdup(table, size, GFP_KERNEL);
	if (!rproc->cached_table)
		return -ENOMEM;
	rproc->table_ptr = rproc->cached_table;
	rproc->table_sz = size;
	return ohost_rproc_parse_cached(ohost_rproc_glue(rproc), true);
}
EXPORT_SYMBOL_GPL(ohost_rproc_parse_table);
