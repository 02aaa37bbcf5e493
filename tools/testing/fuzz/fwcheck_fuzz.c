// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: the firmware validator drivers/remoteproc/ohost_fwcheck.c
 * (module ohost_rproc and tools/rproc-fwcheck build the same file), fed
 * with an image file's bytes as the remoteproc core hands them over.
 *
 * Every input is checked under several placement policies (any, and the
 * ones the drivers use: machine, regions, vring limits), then its resource
 * table is located and walked.  Beyond "no memory error", the harness
 * checks what the validator promises its callers: a table it finds lies
 * inside the image, every entry it reports lies inside the table, a name
 * it reports ends inside the table, and an accepted image's segments lie
 * in the policy's regions.  A broken promise aborts (a crash).
 */
#include <stdint.h>
#include <stdlib.h>

#include "ohost/fwcheck.h"

/* vrproc's memory (0x3ed10000), an R5's TCM banks, and a tiny region. */
static const struct ohost_fw_region vrproc_mem[] = {
	{ .da = 0x3ed00000, .size = 0x01000000 },
};

static const struct ohost_fw_region r5_tcm[] = {
	{ .da = 0x0, .size = 0x10000 },
	{ .da = 0x20000, .size = 0x10000 },
	{ .da = 0xffe00000, .size = 0x40000 },
};

static const struct ohost_fw_region tiny[] = {
	{ .da = 0x1000, .size = 0x100 },
};

static const struct ohost_fw_policy policies[] = {
	{ 0 },
	{ .machine = 183, .require_rsc_table = true,
	  .regions = vrproc_mem, .num_regions = 1 },
	{ .machine = 40, .max_vrings = 2, .require_rsc_table = true,
	  .regions = r5_tcm, .num_regions = 3 },
	{ .max_vrings = 255, .regions = tiny, .num_regions = 1 },
};

struct walk {
	const uint8_t *table;
	size_t len;
	unsigned int entries;
};

static void must(int cond)
{
	if (!cond)
		abort();
}

/* A name the validator reports points into the table and ends there. */
static void check_name(const struct walk *w, const char *name)
{
	const uint8_t *p = (const uint8_t *)name;

	must(p >= w->table && p < w->table + w->len);
	must(memchr(p, '\0', (size_t)(w->table + w->len - p)) != NULL);
}

static int visit(const struct ohost_fw_rsc *rsc, void *data)
{
	struct walk *w = data;
	struct ohost_fw_vring vring;
	unsigned int i;

	must(rsc->index == w->entries++);
	must(rsc->offset < w->len && rsc->size <= w->len - rsc->offset);
	switch (rsc->type) {
	case OHOST_RSC_CARVEOUT:
	case OHOST_RSC_DEVMEM:
		check_name(w, rsc->mem.name);
		break;
	case OHOST_RSC_TRACE:
		check_name(w, rsc->trace.name);
		break;
	case OHOST_RSC_VDEV:
		for (i = 0; i < rsc->vdev.num_of_vrings; i++)
			ohost_fw_rsc_vring(rsc, i, &vring);
		if (rsc->vdev.config_len)
			must(rsc->vdev.config >= w->table &&
			     rsc->vdev.config_len <=
			     (size_t)(w->table + w->len - rsc->vdev.config));
		break;
	default:
		must(rsc->type >= OHOST_RSC_VENDOR_START &&
		     rsc->type <= OHOST_RSC_VENDOR_END);
	}
	return 0;
}

/*
 * One policy: ohost_fw_check()'s verdict must be that of its parts, and
 * a table and its entries must lie where the validator says they do.
 */
static void check_one(const uint8_t *data, size_t size,
		      const struct ohost_fw_policy *policy)
{
	struct ohost_fw_error err;
	struct walk w = { 0 };
	int accepted, ret;
	size_t off, len;

	accepted = !ohost_fw_check(data, size, policy, &err);
	must(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
	must(accepted == !err.msg[0]);

	if (ohost_fw_check_elf(data, size, policy, &err)) {
		must(!accepted);
		return;
	}
	ret = ohost_fw_find_rsc_table(data, size, &off, &len, &err);
	if (ret == -ENOENT) {
		must(accepted == !policy->require_rsc_table);
		return;
	}
	if (ret) {
		must(!accepted);
		return;
	}
	must(off <= size && len <= size - off);
	w.table = data + off;
	w.len = len;
	ret = ohost_fw_walk_rsc_table(w.table, len, policy, visit, &w, &err);
	must(accepted == !ret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		check_one(data, size, &policies[i]);
	/* The table alone, as ohost_rproc checks a cached table. */
	ohost_fw_check_rsc_table(data, size, &policies[1], NULL);
	return 0;
}
