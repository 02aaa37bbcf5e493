// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the ZynqMP R5 driver (ohost_zynqmp_r5) and the glue it
 * adds to (ohost_rproc_of.c, ohost_rproc_mbox.c).
 *
 * The debug kernel has neither OF_OVERLAY nor OF_DYNAMIC, so no device
 * tree can be made up here: probe's DT parsing is left to the QEMU end to
 * end test.  What is tested is everything behind it, through the same
 * interfaces the real code uses: the cluster and TCM modes, the TCM map
 * and its combination in lockstep, address translation of a core's
 * memory table (TCM at both addresses, a memory-region carveout), the
 * rproc ops against a fake firmware backend (struct ohost_zr5_fw_ops)
 * that records every call, attach detection, the EEMI packing over a
 * fake SMCCC conduit, and the mailbox plumbing against a tiny mailbox
 * controller registered here.  The rproc is a real one (rproc_alloc) under
 * a device that is initialised, never added.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/mailbox/zynqmp-ipi-message.h>
#include <linux/mailbox_controller.h>
#include <linux/module.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>

#include "../ohost_zynqmp_r5.h"

#define ZT_TCM		0x20000U	/* lockstep: each combined bank */
#define ZT_DDR_PA	0x7ed00000U
#define ZT_DDR_SIZE	0x40000U
#define ZT_VRING_PA	0x7ed40000U

/* ---- modes and TCM map --------------------------------------------------- */

struct zt_mode_case {
	const char *name;
	bool has_mode;
	u32 mode;
	bool has_tcm;
	u32 tcm;
	int ret;
	u32 fw_mode;
	u32 fw_tcm;
};

static const struct zt_mode_case zt_mode_cases[] = {
	{ "absent: lockstep, combined", false, 0, false, 0, 1, 0, 1 },
	{ "split", true, 0, false, 0, 2, 1, 0 },
	{ "lockstep", true, 1, false, 0, 1, 0, 1 },
	{ "lockstep, tcm-mode given", true, 1, true, 1, 1, 0, 1 },
	{ "split, tcm-mode 0", true, 0, true, 0, 2, 1, 0 },
	{ "single-cpu refused", true, 2, false, 0, -EINVAL },
	{ "mode 5 refused", true, 5, false, 0, -EINVAL },
	{ "tcm-mode 2 refused", true, 1, true, 2, -EINVAL },
};

static void zt_mode_desc(const struct zt_mode_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(zt_mode, zt_mode_cases, zt_mode_desc);

static void ohost_zr5_modes_cases(struct kunit *test)
{
	const struct zt_mode_case *c = test->param_value;
	u32 fw_mode = ~0U, fw_tcm = ~0U;

	KUNIT_EXPECT_EQ(test, c->ret, ohost_zr5_modes(c->has_mode, c->mode,
						      c->has_tcm, c->tcm,
						      &fw_mode, &fw_tcm));
	if (c->ret > 0) {
		KUNIT_EXPECT_EQ(test, fw_mode, c->fw_mode);
		KUNIT_EXPECT_EQ(test, fw_tcm, c->fw_tcm);
	}
}

static void ohost_zr5_banks_lockstep(struct kunit *test)
{
	struct ohost_zr5_bank b[OHOST_ZR5_MAX_BANKS];
	unsigned int n;

	n = ohost_zr5_default_banks(true, 0, b);
	KUNIT_ASSERT_EQ(test, n, 4U);
	n = ohost_zr5_merge_banks(b, n);
	KUNIT_ASSERT_EQ(test, n, 2U);
	/* ATCM 0x0-0x1ffff at 0xffe00000, powered by 15 and 17 */
	KUNIT_EXPECT_EQ(test, b[0].da, 0x0U);
	KUNIT_EXPECT_EQ(test, b[0].pa, (phys_addr_t)0xffe00000);
	KUNIT_EXPECT_EQ(test, b[0].size, 0x20000U);
	KUNIT_ASSERT_EQ(test, b[0].num_pd, 2U);
	KUNIT_EXPECT_EQ(test, b[0].pd[0], 15U);
	KUNIT_EXPECT_EQ(test, b[0].pd[1], 17U);
	/* BTCM 0x20000-0x3ffff at 0xffe20000, powered by 16 and 18 */
	KUNIT_EXPECT_EQ(test, b[1].da, 0x20000U);
	KUNIT_EXPECT_EQ(test, b[1].pa, (phys_addr_t)0xffe20000);
	KUNIT_EXPECT_EQ(test, b[1].size, 0x20000U);
	KUNIT_ASSERT_EQ(test, b[1].num_pd, 2U);
	KUNIT_EXPECT_EQ(test, b[1].pd[0], 16U);
	KUNIT_EXPECT_EQ(test, b[1].pd[1], 18U);
}

static void ohost_zr5_banks_split(struct kunit *test)
{
	struct ohost_zr5_bank b[OHOST_ZR5_MAX_BANKS];
	unsigned int n;

	n = ohost_zr5_merge_banks(b, ohost_zr5_default_banks(false, 1, b));
	/* not contiguous: ATCM1 0x0 and BTCM1 0x20000 stay apart */
	KUNIT_ASSERT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, b[0].da, 0x0U);
	KUNIT_EXPECT_EQ(test, b[0].pa, (phys_addr_t)0xffe90000);
	KUNIT_EXPECT_EQ(test, b[0].size, 0x10000U);
	KUNIT_EXPECT_EQ(test, b[0].pd[0], 17U);
	KUNIT_EXPECT_EQ(test, b[1].da, 0x20000U);
	KUNIT_EXPECT_EQ(test, b[1].pa, (phys_addr_t)0xffeb0000);
	KUNIT_EXPECT_EQ(test, b[1].pd[0], 18U);
	n = ohost_zr5_default_banks(false, 0, b);
	KUNIT_EXPECT_EQ(test, b[0].pa, (phys_addr_t)0xffe00000);
	KUNIT_EXPECT_EQ(test, b[1].pa, (phys_addr_t)0xffe20000);
	KUNIT_EXPECT_EQ(test, b[1].pd[0], 16U);
}

static void ohost_zr5_default_pd_all(struct kunit *test)
{
	u32 pd = 0;

	KUNIT_EXPECT_EQ(test, 0, ohost_zr5_default_pd(0xffe10000, &pd));
	KUNIT_EXPECT_EQ(test, pd, 17U);
	KUNIT_EXPECT_EQ(test, 0, ohost_zr5_default_pd(0xffeb0000, &pd));
	KUNIT_EXPECT_EQ(test, pd, 18U);
	KUNIT_EXPECT_EQ(test, -ENOENT, ohost_zr5_default_pd(0xffe40000, &pd));
}

static void ohost_zr5_boot_vector_edges(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0x0), 0x0U);
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0x3ed00000), 0x0U);
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0xfffbffff), 0x0U);
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0xfffc0000), 0xffff0000U);
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0xffff0000), 0xffff0000U);
	KUNIT_EXPECT_EQ(test, ohost_zr5_boot_vector(0x100000000ULL), 0x0U);
}

/* ---- EEMI packing over a fake conduit ------------------------------------ */

static unsigned long zt_x[3];
static struct arm_smccc_res zt_res;

static void zt_conduit(unsigned long a0, unsigned long a1, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5,
		       unsigned long a6, unsigned long a7,
		       struct arm_smccc_res *res, struct arm_smccc_quirk *quirk)
{
	zt_x[0] = a0;
	zt_x[1] = a1;
	zt_x[2] = a2;
	*res = zt_res;
}

static void ohost_zr5_eemi_packing(struct kunit *test)
{
	struct ohost_zr5_eemi e;
	const struct ohost_zr5_fw *fw = &e.fw;
	u32 st = 0, req = 0, use = 0, mode = 0;

	ohost_zr5_eemi_init(&e, zt_conduit);
	zt_res = (struct arm_smccc_res) { 0 };
	/* wake RPU1 at the HIVEC: address | set_addr in one word */
	KUNIT_EXPECT_EQ(test, 0, fw->ops->request_wake(fw, 8, true, 0xffff0000,
						       OHOST_ZR5_ACK_NO));
	KUNIT_EXPECT_EQ(test, zt_x[0], 0xc200000aUL);
	KUNIT_EXPECT_EQ(test, zt_x[1], 0xffff000100000008UL);
	KUNIT_EXPECT_EQ(test, zt_x[2], 0x100000000UL);
	KUNIT_EXPECT_EQ(test, 0, fw->ops->request_node(fw, 15, 1, 0, 2));
	KUNIT_EXPECT_EQ(test, zt_x[0], 0xc200000dUL);
	KUNIT_EXPECT_EQ(test, zt_x[1], 0x10000000fUL);
	KUNIT_EXPECT_EQ(test, zt_x[2], 0x200000000UL);
	KUNIT_EXPECT_EQ(test, 0, fw->ops->set_tcm_config(fw, 7, 1));
	KUNIT_EXPECT_EQ(test, zt_x[0], 0xc2000022UL);
	KUNIT_EXPECT_EQ(test, zt_x[1], 0x300000007UL);
	KUNIT_EXPECT_EQ(test, zt_x[2], 0x1UL);
	/* payload: a0[63:32], a1[31:0], a1[63:32] */
	zt_res.a0 = 1UL << 32;
	zt_res.a1 = (3UL << 32) | 2;
	KUNIT_EXPECT_EQ(test, 0, fw->ops->get_node_status(fw, 7, &st, &req, &use));
	KUNIT_EXPECT_EQ(test, zt_x[0], 0xc2000003UL);
	KUNIT_EXPECT_EQ(test, st, 1U);
	KUNIT_EXPECT_EQ(test, req, 2U);
	KUNIT_EXPECT_EQ(test, use, 3U);
	/* the mode is the payload, not the status word */
	zt_res.a0 = 1UL << 32;
	KUNIT_EXPECT_EQ(test, 0, fw->ops->get_rpu_mode(fw, 7, &mode));
	KUNIT_EXPECT_EQ(test, mode, 1U);
	zt_res.a0 = 2002;
	KUNIT_EXPECT_EQ(test, -EACCES, fw->ops->force_pwrdwn(fw, 7, 2));
	zt_res.a0 = 2004;	/* double request: fine */
	KUNIT_EXPECT_EQ(test, 0, fw->ops->request_node(fw, 15, 1, 0, 2));
	zt_res.a0 = 2001;
	KUNIT_EXPECT_EQ(test, -EINVAL, fw->ops->release_node(fw, 15));
}

static struct kunit_case ohost_zr5_pure_cases[] = {
	KUNIT_CASE_PARAM(ohost_zr5_modes_cases, zt_mode_gen_params),
	KUNIT_CASE(ohost_zr5_banks_lockstep),
	KUNIT_CASE(ohost_zr5_banks_split),
	KUNIT_CASE(ohost_zr5_default_pd_all),
	KUNIT_CASE(ohost_zr5_boot_vector_edges),
	KUNIT_CASE(ohost_zr5_eemi_packing),
	{}
};

static struct kunit_suite ohost_zr5_pure_suite = {
	.name = "ohost_zynqmp_r5_pure",
	.test_cases = ohost_zr5_pure_cases,
};

/* ---- a core with a fake firmware ----------------------------------------- */

#define ZT_MAX_CALLS	32

struct zt_call {
	char op;	/* r(equest) l(release) w(ake) d(own) s(tatus) z(ero) */
	u32 node;
	u64 arg;
};

/**
 * struct zt_fw - fake firmware backend
 * @fw: the backend
 * @calls: every call, in order
 * @n: entries in @calls
 * @fail_op: the op that fails ...
 * @fail_at: ... at its how manyth call (1-based; 0: never)
 * @count: calls of @fail_op so far
 * @status: node status answered
 * @mode: RPU mode answered
 */
struct zt_fw {
	struct ohost_zr5_fw fw;
	struct zt_call calls[ZT_MAX_CALLS];
	unsigned int n;
	char fail_op;
	unsigned int fail_at;
	unsigned int count;
	u32 status;
	u32 mode;
};

static int zt_rec(const struct ohost_zr5_fw *f, char op, u32 node, u64 arg)
{
	struct zt_fw *z = container_of(f, struct zt_fw, fw);

	if (z->n < ZT_MAX_CALLS)
		z->calls[z->n++] = (struct zt_call) { op, node, arg };
	if (op == z->fail_op && ++z->count == z->fail_at)
		return -EIO;
	return 0;
}

static int zt_request(const struct ohost_zr5_fw *f, u32 node, u32 caps,
		      u32 qos, u32 ack)
{
	return zt_rec(f, 'r', node, caps);
}

static int zt_release(const struct ohost_zr5_fw *f, u32 node)
{
	return zt_rec(f, 'l', node, 0);
}

static int zt_wake(const struct ohost_zr5_fw *f, u32 node, bool set_addr,
		   u64 addr, u32 ack)
{
	return zt_rec(f, 'w', node, addr | set_addr);
}

static int zt_down(const struct ohost_zr5_fw *f, u32 node, u32 ack)
{
	return zt_rec(f, 'd', node, 0);
}

static int zt_status(const struct ohost_zr5_fw *f, u32 node, u32 *status,
		     u32 *req, u32 *usage)
{
	*status = container_of(f, struct zt_fw, fw)->status;
	*req = 0;
	*usage = 0;
	return zt_rec(f, 's', node, 0);
}

static int zt_set_mode(const struct ohost_zr5_fw *f, u32 node, u32 mode)
{
	return zt_rec(f, 'm', node, mode);
}

static int zt_get_mode(const struct ohost_zr5_fw *f, u32 node, u32 *mode)
{
	*mode = container_of(f, struct zt_fw, fw)->mode;
	return zt_rec(f, 'g', node, 0);
}

static int zt_set_tcm(const struct ohost_zr5_fw *f, u32 node, u32 mode)
{
	return zt_rec(f, 't', node, mode);
}

static const struct ohost_zr5_fw_ops zt_fw_ops = {
	.request_node = zt_request,
	.release_node = zt_release,
	.request_wake = zt_wake,
	.force_pwrdwn = zt_down,
	.get_node_status = zt_status,
	.set_rpu_mode = zt_set_mode,
	.get_rpu_mode = zt_get_mode,
	.set_tcm_config = zt_set_tcm,
};

struct zt_fixture {
	struct device dev;
	struct rproc *rproc;
	struct ohost_zr5_core *core;
	struct zt_fw fw;
	u8 *tcm[2];
	u8 *ddr;
	u8 *vring;
};

static void zt_dev_release(struct device *dev)
{
}

/* list_count_nodes() is 6.3+ */
static unsigned int zt_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned int n = 0;

	list_for_each(p, head)
		n++;
	return n;
}

/* A lockstep core: ATCM and BTCM 128 KiB each, fw image and a vring in DDR. */
static int zt_core_init(struct kunit *test)
{
	struct zt_fixture *f;
	struct ohost_zr5_core *core;
	unsigned int b;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	device_initialize(&f->dev);
	f->dev.release = zt_dev_release;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&f->dev, "ohost_zr5_test"));
	f->fw.fw.ops = &zt_fw_ops;
	f->rproc = rproc_alloc(&f->dev, "ohost_zr5_test", &ohost_zr5_rproc_ops,
			       NULL, sizeof(*core));
	KUNIT_ASSERT_NOT_NULL(test, f->rproc);
	core = f->rproc->priv;
	f->core = core;
	core->rproc = f->rproc;
	core->dev = &f->dev;
	core->fw = &f->fw.fw;
	core->node = OHOST_ZR5_NODE_RPU_0;
	core->num_banks = ohost_zr5_merge_banks(core->banks,
						ohost_zr5_default_banks(true, 0, core->banks));
	for (b = 0; b < 2; b++) {
		f->tcm[b] = kunit_kzalloc(test, ZT_TCM, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, f->tcm[b]);
		memset(f->tcm[b], 0xaa, ZT_TCM);
		core->banks[b].io = (void __iomem __force *)f->tcm[b];
	}
	f->ddr = kunit_kzalloc(test, ZT_DDR_SIZE, GFP_KERNEL);
	f->vring = kunit_kzalloc(test, 0x4000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->ddr);
	KUNIT_ASSERT_NOT_NULL(test, f->vring);
	/* as ohost_rproc_of_mems() makes them; "mapped" (va) from the start */
	core->mem[2] = (struct ohost_rproc_mem) {
		.name = "memory", .da = ZT_DDR_PA, .pa = ZT_DDR_PA,
		.size = ZT_DDR_SIZE, .va = f->ddr, .of_region = true,
	};
	core->mem[3] = (struct ohost_rproc_mem) {
		.name = "vdev0vring0", .da = ZT_VRING_PA, .pa = ZT_VRING_PA,
		.size = 0x4000, .va = f->vring, .no_load = true,
		.of_region = true, .of_idx = 1,
	};
	core->num_of_mem = 2;
	KUNIT_ASSERT_EQ(test, 0, ohost_zr5_core_init(core));
	return 0;
}

static void zt_core_exit(struct kunit *test)
{
	struct zt_fixture *f = test->priv;

	if (!f || !f->rproc)
		return;
	mutex_lock(&f->rproc->lock);
	rproc_resource_cleanup(f->rproc);
	ohost_rproc_unprepare(f->rproc);
	mutex_unlock(&f->rproc->lock);
	ohost_rproc_glue_release(&f->core->glue);
	rproc_free(f->rproc);
	put_device(&f->dev);
}

struct zt_va_case {
	const char *name;
	u64 da;
	size_t len;
	int buf;	/* 0/1 TCM bank, 2 DDR, 3 vring, -1 rejected */
	u32 off;
};

static const struct zt_va_case zt_va_cases[] = {
	{ "atcm local start", 0x0, 4, 0, 0 },
	{ "atcm local ends at its end", 0x1fff0, 0x10, 0, 0x1fff0 },
	{ "atcm local one byte past", 0x1fff0, 0x11, -1 },
	{ "atcm across the 64K boundary", 0xff00, 0x200, 0, 0xff00 },
	{ "atcm global", 0xffe00100, 4, 0, 0x100 },
	{ "atcm global, upper half", 0xffe10000, 4, 0, 0x10000 },
	{ "atcm global ends at its end", 0xffe1fffc, 4, 0, 0x1fffc },
	{ "atcm global one byte past", 0xffe1fffc, 5, -1 },
	{ "btcm local", 0x20000, 0x20000, 1, 0 },
	{ "btcm local one byte past", 0x20000, 0x20001, -1 },
	{ "btcm global across 64K", 0xffe2ff00, 0x200, 1, 0xff00 },
	{ "btcm global end", 0xffe3ffff, 1, 1, 0x1ffff },
	{ "between atcm and btcm globals", 0xffe1ffff, 2, -1 },
	{ "ddr ends at its end", ZT_DDR_PA + 0x100, ZT_DDR_SIZE - 0x100, 2, 0x100 },
	{ "ddr one byte past", ZT_DDR_PA + 0x100, ZT_DDR_SIZE - 0xff, -1 },
	{ "vring", ZT_VRING_PA, 0x4000, 3, 0 },
	{ "beyond the vring", ZT_VRING_PA + 0x4000, 1, -1 },
	{ "no memory", 0x40000, 4, -1 },
};

static void zt_va_desc(const struct zt_va_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(zt_va, zt_va_cases, zt_va_desc);

static void ohost_zr5_da_to_va_cases(struct kunit *test)
{
	const struct zt_va_case *c = test->param_value;
	struct zt_fixture *f = test->priv;
	u8 *bufs[] = { f->tcm[0], f->tcm[1], f->ddr, f->vring };
	bool iomem = false;
	void *va;

	va = f->rproc->ops->da_to_va(f->rproc, c->da, c->len, &iomem);
	if (c->buf < 0) {
		KUNIT_EXPECT_NULL(test, va);
		return;
	}
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(bufs[c->buf] + c->off));
	KUNIT_EXPECT_EQ(test, iomem, c->buf < 2);
}

/* Loadable at both TCM addresses and in the fw image, not in a vring. */
static void ohost_zr5_policy_regions(struct kunit *test)
{
	struct ohost_zr5_core *core = ((struct zt_fixture *)test->priv)->core;
	const struct ohost_fw_policy *p = &core->glue.policy;

	KUNIT_EXPECT_EQ(test, p->machine, EM_ARM);
	KUNIT_ASSERT_EQ(test, p->num_regions, 5U);
	KUNIT_EXPECT_EQ(test, p->regions[0].da, 0x0ULL);
	KUNIT_EXPECT_EQ(test, p->regions[0].size, 0x20000ULL);
	KUNIT_EXPECT_EQ(test, p->regions[1].da, 0xffe00000ULL);
	KUNIT_EXPECT_EQ(test, p->regions[2].da, 0x20000ULL);
	KUNIT_EXPECT_EQ(test, p->regions[3].da, 0xffe20000ULL);
	KUNIT_EXPECT_EQ(test, p->regions[4].da, (u64)ZT_DDR_PA);
	KUNIT_EXPECT_EQ(test, core->rproc->elf_class, ELFCLASS32);
	KUNIT_EXPECT_EQ(test, core->rproc->elf_machine, EM_ARM);
}

/* A one-segment ELF32 ARM image whose segment crosses ATCM's 64K boundary. */
static struct firmware *zt_elf(struct kunit *test, u32 entry)
{
	const size_t off = sizeof(struct elf32_hdr) + sizeof(struct elf32_phdr);
	struct firmware *fw;
	struct elf32_hdr *eh;
	struct elf32_phdr *ph;
	u8 *img;

	img = kunit_kzalloc(test, off + 0x200, GFP_KERNEL);
	fw = kunit_kzalloc(test, sizeof(*fw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);
	KUNIT_ASSERT_NOT_NULL(test, fw);
	eh = (struct elf32_hdr *)img;
	ph = (struct elf32_phdr *)(img + sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_offset = off;
	ph->p_paddr = 0xff00;
	ph->p_vaddr = 0xff00;
	ph->p_filesz = 0x200;
	ph->p_memsz = 0x200;
	memset(img + off, 0x5a, 0x200);
	fw->data = img;
	fw->size = off + 0x200;
	return fw;
}

static void zt_expect_call(struct kunit *test, const struct zt_fw *z,
			   unsigned int i, char op, u32 node, u64 arg)
{
	KUNIT_ASSERT_LT(test, i, z->n);
	KUNIT_EXPECT_EQ(test, z->calls[i].op, op);
	KUNIT_EXPECT_EQ(test, z->calls[i].node, node);
	KUNIT_EXPECT_EQ(test, z->calls[i].arg, arg);
}

/* request TCM -> (load zeroes, loads) -> wake at the vector -> down -> release */
static void ohost_zr5_power_sequence(struct kunit *test)
{
	struct zt_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;
	struct firmware *fw = zt_elf(test, 0x0);
	unsigned int i;

	mutex_lock(&rproc->lock);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->prepare(rproc));
	zt_expect_call(test, &f->fw, 0, 'r', 15, OHOST_ZR5_CAP_ACCESS);
	zt_expect_call(test, &f->fw, 1, 'r', 17, OHOST_ZR5_CAP_ACCESS);
	zt_expect_call(test, &f->fw, 2, 'r', 16, OHOST_ZR5_CAP_ACCESS);
	zt_expect_call(test, &f->fw, 3, 'r', 18, OHOST_ZR5_CAP_ACCESS);
	KUNIT_EXPECT_EQ(test, f->fw.n, 4U);
	/* powered, not yet zeroed; the carveouts are registered */
	KUNIT_EXPECT_EQ(test, f->tcm[1][0], 0xaa);
	KUNIT_EXPECT_EQ(test, zt_count(&rproc->carveouts), 2U);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->load(rproc, fw));
	for (i = 0; i < ZT_TCM; i += 0x1000)
		KUNIT_EXPECT_EQ(test, f->tcm[1][i], 0);
	KUNIT_EXPECT_EQ(test, f->tcm[0][0xfeff], 0);
	KUNIT_EXPECT_EQ(test, f->tcm[0][0xff00], 0x5a);
	KUNIT_EXPECT_EQ(test, f->tcm[0][0x100ff], 0x5a);
	KUNIT_EXPECT_EQ(test, f->tcm[0][0x10100], 0);
	rproc->bootaddr = 0x0;
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->start(rproc));
	zt_expect_call(test, &f->fw, 4, 'w', 7, OHOST_ZR5_LOVEC | 1);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->stop(rproc));
	zt_expect_call(test, &f->fw, 5, 'd', 7, 0);
	rproc->bootaddr = 0xffff0000;
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->start(rproc));
	zt_expect_call(test, &f->fw, 6, 'w', 7, OHOST_ZR5_HIVEC | 1);
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->stop(rproc));
	rproc_resource_cleanup(rproc);
	KUNIT_EXPECT_TRUE(test, list_empty(&rproc->carveouts));
	KUNIT_ASSERT_EQ(test, 0, rproc->ops->unprepare(rproc));
	zt_expect_call(test, &f->fw, 8, 'l', 18, 0);
	zt_expect_call(test, &f->fw, 9, 'l', 16, 0);
	zt_expect_call(test, &f->fw, 10, 'l', 17, 0);
	zt_expect_call(test, &f->fw, 11, 'l', 15, 0);
	KUNIT_EXPECT_EQ(test, f->fw.n, 12U);
	mutex_unlock(&rproc->lock);
}

/* The third TCM node fails: the two granted are released, nothing stays. */
static void ohost_zr5_prepare_fails(struct kunit *test)
{
	struct zt_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;

	f->fw.fail_op = 'r';
	f->fw.fail_at = 3;
	mutex_lock(&rproc->lock);
	KUNIT_EXPECT_EQ(test, -EIO, rproc->ops->prepare(rproc));
	mutex_unlock(&rproc->lock);
	KUNIT_ASSERT_EQ(test, f->fw.n, 5U);
	zt_expect_call(test, &f->fw, 3, 'l', 17, 0);
	zt_expect_call(test, &f->fw, 4, 'l', 15, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&rproc->carveouts));
	KUNIT_EXPECT_EQ(test, f->tcm[0][0], 0xaa);
}

/* An image that does not fit is rejected before anything is copied. */
static void ohost_zr5_load_rejects_outside(struct kunit *test)
{
	struct zt_fixture *f = test->priv;
	struct firmware *fw = zt_elf(test, 0x0);
	struct elf32_phdr *ph = (struct elf32_phdr *)(fw->data +
						      sizeof(struct elf32_hdr));

	ph->p_paddr = 0x1ff00;	/* 0x200 bytes: one past ATCM's end */
	mutex_lock(&f->rproc->lock);
	KUNIT_EXPECT_NE(test, 0, f->rproc->ops->load(f->rproc, fw));
	ohost_rproc_unprepare(f->rproc);
	mutex_unlock(&f->rproc->lock);
}

static void ohost_zr5_modes_fallback(struct kunit *test)
{
	struct zt_fixture *f = test->priv;

	KUNIT_EXPECT_EQ(test, 0, ohost_zr5_set_modes(f->core, 0, 1));
	zt_expect_call(test, &f->fw, 0, 'm', 7, 0);
	zt_expect_call(test, &f->fw, 1, 't', 7, 1);
	/* refused, but already lockstep: fine */
	f->fw.n = 0;
	f->fw.fail_op = 'm';
	f->fw.fail_at = 1;
	f->fw.count = 0;
	f->fw.mode = 0;
	KUNIT_EXPECT_EQ(test, 0, ohost_zr5_set_modes(f->core, 0, 1));
	zt_expect_call(test, &f->fw, 1, 'g', 7, 0);
	/* refused and in the other mode: the probe fails */
	f->fw.n = 0;
	f->fw.count = 0;
	f->fw.mode = 1;
	KUNIT_EXPECT_EQ(test, -EIO, ohost_zr5_set_modes(f->core, 0, 1));
	KUNIT_EXPECT_EQ(test, f->fw.n, 2U);
	/* the TCM configuration refused on a fresh RPU: fails too */
	f->fw.n = 0;
	f->fw.fail_op = 't';
	f->fw.count = 0;
	KUNIT_EXPECT_EQ(test, -EIO, ohost_zr5_set_modes(f->core, 0, 1));
}

/* ---- attach --------------------------------------------------------------- */

struct zt_meta {
	__le32 version, magic, comp, size, rsc;
};

static void zt_put_meta(struct zt_fixture *f, u32 version, u32 magic,
			u32 size, u32 rsc)
{
	struct zt_meta m = {
		cpu_to_le32(version), cpu_to_le32(magic), cpu_to_le32(~magic),
		cpu_to_le32(size), cpu_to_le32(rsc),
	};
	__le32 *t = (__le32 *)(f->ddr + 0x100);

	memcpy(f->ddr, &m, sizeof(m));
	t[0] = cpu_to_le32(1);	/* resource table v1, no entries */
	t[1] = 0;
	f->fw.status = OHOST_ZR5_NODE_RUNNING;
}

struct zt_attach_case {
	const char *name;
	u32 version, magic, size, rsc;
	bool running;
	bool attach;
};

static const struct zt_attach_case zt_attach_cases[] = {
	{ "running, good metadata", 1, OHOST_ZR5_RSC_MAGIC, 16, ZT_DDR_PA + 0x100, true, true },
	{ "not running", 1, OHOST_ZR5_RSC_MAGIC, 16, ZT_DDR_PA + 0x100, false, false },
	{ "bad magic", 1, 0x78616d71, 16, ZT_DDR_PA + 0x100, true, false },
	{ "bad version", 2, OHOST_ZR5_RSC_MAGIC, 16, ZT_DDR_PA + 0x100, true, false },
	{ "size below a header", 1, OHOST_ZR5_RSC_MAGIC, 8, ZT_DDR_PA + 0x100, true, false },
	{ "hostile size", 1, OHOST_ZR5_RSC_MAGIC, 0x7fffffff, ZT_DDR_PA + 0x100, true, false },
	{ "table runs past the carveout", 1, OHOST_ZR5_RSC_MAGIC, 0x20,
	  ZT_DDR_PA + ZT_DDR_SIZE - 0x10, true, false },
	{ "table in TCM", 1, OHOST_ZR5_RSC_MAGIC, 16, 0x100, true, false },
	{ "table in a vring", 1, OHOST_ZR5_RSC_MAGIC, 16, ZT_VRING_PA, true, true },
	{ "table outside every memory", 1, OHOST_ZR5_RSC_MAGIC, 16, 0x10000000, true, false },
};

static void zt_attach_desc(const struct zt_attach_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(zt_attach, zt_attach_cases, zt_attach_desc);

static void ohost_zr5_detect_attach_cases(struct kunit *test)
{
	const struct zt_attach_case *c = test->param_value;
	struct zt_fixture *f = test->priv;

	zt_put_meta(f, c->version, c->magic, c->size, c->rsc);
	if (c->rsc == ZT_VRING_PA)
		memcpy(f->vring, f->ddr + 0x100, 16);
	if (!c->running)
		f->fw.status = 0;
	KUNIT_EXPECT_EQ(test, ohost_zr5_detect_attach(f->core), c->attach);
	KUNIT_EXPECT_EQ(test, f->rproc->state,
			c->attach ? RPROC_DETACHED : RPROC_OFFLINE);
	if (c->attach)
		KUNIT_EXPECT_EQ(test, f->core->glue.rsc_da, (u64)c->rsc);
}

/* The core gets a copy; the remote changing its table changes nothing. */
static void ohost_zr5_attach_copies(struct kunit *test)
{
	struct zt_fixture *f = test->priv;
	struct rproc *rproc = f->rproc;
	struct resource_table *t;
	size_t sz = 0;

	zt_put_meta(f, 1, OHOST_ZR5_RSC_MAGIC, 16, ZT_DDR_PA + 0x100);
	KUNIT_ASSERT_EQ(test, 1, ohost_zr5_detect_attach(f->core));
	mutex_lock(&rproc->lock);
	t = rproc->ops->get_loaded_rsc_table(rproc, &sz);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(t));
	KUNIT_EXPECT_EQ(test, sz, (size_t)16);
	KUNIT_EXPECT_PTR_NE(test, (void *)t, (void *)(f->ddr + 0x100));
	/* hostile now: a table claiming 200 entries is refused */
	((__le32 *)(f->ddr + 0x100))[1] = cpu_to_le32(200);
	KUNIT_EXPECT_TRUE(test, IS_ERR(rproc->ops->get_loaded_rsc_table(rproc, &sz)));
	/* after handling, attach writes the copy back and uses the live one */
	rproc->table_ptr = t;
	rproc->table_sz = sz;
	KUNIT_EXPECT_EQ(test, 0, rproc->ops->attach(rproc));
	KUNIT_EXPECT_PTR_EQ(test, (void *)rproc->table_ptr, (void *)(f->ddr + 0x100));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)(f->ddr + 0x100))[1]), 0U);
	/* coredump segments: both TCM banks and the fw image */
	KUNIT_EXPECT_EQ(test, zt_count(&rproc->dump_segments), 3U);
	rproc->table_ptr = NULL;
	mutex_unlock(&rproc->lock);
}

static struct kunit_case ohost_zr5_core_cases[] = {
	KUNIT_CASE_PARAM(ohost_zr5_da_to_va_cases, zt_va_gen_params),
	KUNIT_CASE(ohost_zr5_policy_regions),
	KUNIT_CASE(ohost_zr5_power_sequence),
	KUNIT_CASE(ohost_zr5_prepare_fails),
	KUNIT_CASE(ohost_zr5_load_rejects_outside),
	KUNIT_CASE(ohost_zr5_modes_fallback),
	KUNIT_CASE_PARAM(ohost_zr5_detect_attach_cases, zt_attach_gen_params),
	KUNIT_CASE(ohost_zr5_attach_copies),
	{}
};

static struct kunit_suite ohost_zr5_core_suite = {
	.name = "ohost_zynqmp_r5_core",
	.init = zt_core_init,
	.exit = zt_core_exit,
	.test_cases = ohost_zr5_core_cases,
};

/* ---- mailbox: a tiny controller ------------------------------------------ */

struct zt_mbox {
	struct device dev;
	struct mbox_controller ctrl;
	struct mbox_chan chans[2];	/* 0 tx, 1 rx */
	unsigned int sent[2];
	void *last[2];
	unsigned int freed[2];
	unsigned int free_order;
	const char *fail_name;
	struct ohost_rproc_glue glue;
	struct rproc *rproc;
};

static struct zt_mbox *zt_mb;

static int zt_mbox_send(struct mbox_chan *chan, void *data)
{
	unsigned int i = chan - zt_mb->chans;

	zt_mb->sent[i]++;
	zt_mb->last[i] = data;
	return 0;
}

static const struct mbox_chan_ops zt_mbox_ops = {
	.send_data = zt_mbox_send,
};

static struct mbox_chan *zt_chan_request(struct mbox_client *cl, const char *name)
{
	struct mbox_chan *chan;

	if (zt_mb->fail_name && !strcmp(name, zt_mb->fail_name))
		return ERR_PTR(-ENODEV);
	chan = &zt_mb->chans[!strcmp(name, "rx")];
	chan->cl = cl;
	return chan;
}

static void zt_free(struct mbox_chan *chan)
{
	zt_mb->freed[chan - zt_mb->chans] = ++zt_mb->free_order;
	chan->cl = NULL;
}

static void *zt_kick_msg(struct ohost_rproc_mbox *mb, int vqid)
{
	return (void *)(uintptr_t)(vqid << 16);
}

static int zt_mbox_init(struct kunit *test)
{
	static const struct ohost_fw_policy policy = { .machine = EM_ARM };
	struct zt_mbox *z;

	z = kunit_kzalloc(test, sizeof(*z), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, z);
	zt_mb = z;
	device_initialize(&z->dev);
	z->dev.release = zt_dev_release;
	KUNIT_ASSERT_EQ(test, 0, dev_set_name(&z->dev, "ohost_zr5_mbox_test"));
	z->ctrl.dev = &z->dev;
	z->ctrl.ops = &zt_mbox_ops;
	z->ctrl.chans = z->chans;
	z->ctrl.num_chans = 2;
	/* tx done only by the client: the queue fills like a dead remote's */
	KUNIT_ASSERT_EQ(test, 0, mbox_controller_register(&z->ctrl));
	z->rproc = rproc_alloc(&z->dev, "ohost_zr5_mbox_test", &ohost_zr5_rproc_ops,
			       NULL, sizeof(struct ohost_rproc_glue));
	KUNIT_ASSERT_NOT_NULL(test, z->rproc);
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_glue_init(z->rproc->priv, z->rproc,
						       &policy, ELFCLASS32));
	return 0;
}

static void zt_mbox_exit(struct kunit *test)
{
	struct zt_mbox *z = zt_mb;

	mbox_controller_unregister(&z->ctrl);
	rproc_free(z->rproc);
	put_device(&z->dev);
}

static struct ohost_rproc_mbox_ops zt_glue_ops;

static void ohost_rproc_mbox_kick_drops(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = kunit_kzalloc(test, sizeof(*mb), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, mb);
	zt_glue_ops = (struct ohost_rproc_mbox_ops) {
		.kick_msg = zt_kick_msg,
		.request_channel = zt_chan_request,
		.free_channel = zt_free,
	};
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_mbox_init(mb, zt_mb->rproc->priv,
						       &zt_mb->dev, &zt_glue_ops));
	ohost_rproc_mbox_kick(mb, 1);
	KUNIT_EXPECT_EQ(test, zt_mb->sent[0], 1U);
	KUNIT_EXPECT_PTR_EQ(test, zt_mb->last[0], (void *)(1UL << 16));
	/* never acknowledged: 20 queue, then every kick is dropped */
	for (i = 0; i < 24; i++)
		ohost_rproc_mbox_kick(mb, 2);
	KUNIT_EXPECT_EQ(test, zt_mb->sent[0], 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->dropped), 4);
	ohost_rproc_mbox_free(mb);
	/* rx first (no callback after it), then tx */
	KUNIT_EXPECT_EQ(test, zt_mb->freed[1], 1U);
	KUNIT_EXPECT_EQ(test, zt_mb->freed[0], 2U);
}

/* The ZynqMP driver's mailbox glue on the test controller. */
static struct ohost_rproc_mbox *zt_zr5_mbox(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = kunit_kzalloc(test, sizeof(*mb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mb);
	zt_glue_ops = ohost_zr5_mbox_ops;
	zt_glue_ops.request_channel = zt_chan_request;
	zt_glue_ops.free_channel = zt_free;
	KUNIT_ASSERT_EQ(test, 0, ohost_rproc_mbox_init(mb, zt_mb->rproc->priv,
						       &zt_mb->dev, &zt_glue_ops));
	return mb;
}

/* A notification from the remote, as the IPI controller's handler gives it. */
static void zt_ipi_notify(void)
{
	local_irq_disable();
	mbox_chan_received_data(&zt_mb->chans[1], NULL);
	local_irq_enable();
}

/* ZynqMP: RX acks on the rx channel with the zero-length message, then works. */
static void ohost_zr5_mbox_rx_acks(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = zt_zr5_mbox(test);
	const struct zynqmp_ipi_message *msg;

	zt_ipi_notify();
	KUNIT_EXPECT_EQ(test, zt_mb->sent[1], 1U);
	msg = zt_mb->last[1];
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, msg->len, (size_t)0);
	flush_workqueue(mb->wq);	/* the gate is closed: nothing to deliver */
	ohost_rproc_mbox_kick(mb, 1);
	KUNIT_EXPECT_PTR_EQ(test, zt_mb->last[0], (void *)msg);
	ohost_rproc_mbox_free(mb);
}

/*
 * A notification delivered again before its ack completed (a shared IPI
 * interrupt, a slow tx-done poll): each ack goes out while the notification
 * is handled, none waits in the mailbox queue to clear a later one.
 */
static void ohost_zr5_mbox_rx_acks_at_once(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = zt_zr5_mbox(test);
	unsigned int i;

	for (i = 1; i <= 3; i++) {
		zt_ipi_notify();
		KUNIT_EXPECT_EQ(test, zt_mb->sent[1], i);
	}
	ohost_rproc_mbox_free(mb);
}

/* ZynqMP kicks carry nothing: two in flight stand for any number. */
static void ohost_zr5_mbox_kicks_coalesce(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = zt_zr5_mbox(test);
	unsigned int i;

	for (i = 0; i < 30; i++)
		ohost_rproc_mbox_kick(mb, i & 1);
	/* one sent, one queued behind it, the rest merged: nothing dropped */
	KUNIT_EXPECT_EQ(test, zt_mb->sent[0], 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->coalesced), 28);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->dropped), 0);
	/* the remote takes the first: the queued one goes out */
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, zt_mb->sent[0], 2U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 1);
	/* a kick now queues again (it is after the one being sent) */
	ohost_rproc_mbox_kick(mb, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->coalesced), 28);
	mbox_client_txdone(mb->tx, 0);
	mbox_client_txdone(mb->tx, 0);
	KUNIT_EXPECT_EQ(test, zt_mb->sent[0], 3U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mb->in_flight[0]), 0);
	ohost_rproc_mbox_free(mb);
}

/* "rx" missing: "tx" is given back and the workqueue goes (kmemleak). */
static void ohost_rproc_mbox_missing_rx(struct kunit *test)
{
	struct ohost_rproc_mbox *mb = kunit_kzalloc(test, sizeof(*mb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mb);
	zt_glue_ops = (struct ohost_rproc_mbox_ops) {
		.kick_msg = zt_kick_msg,
		.request_channel = zt_chan_request,
		.free_channel = zt_free,
	};
	zt_mb->fail_name = "rx";
	KUNIT_EXPECT_EQ(test, -ENODEV, ohost_rproc_mbox_init(mb, zt_mb->rproc->priv,
							     &zt_mb->dev,
							     &zt_glue_ops));
	KUNIT_EXPECT_EQ(test, zt_mb->freed[0], 1U);
	KUNIT_EXPECT_NULL(test, mb->wq);
	zt_mb->fail_name = "tx";
	KUNIT_EXPECT_EQ(test, -ENODEV, ohost_rproc_mbox_init(mb, zt_mb->rproc->priv,
							     &zt_mb->dev,
							     &zt_glue_ops));
	KUNIT_EXPECT_EQ(test, zt_mb->freed[1], 0U);
}

static struct kunit_case ohost_zr5_mbox_cases[] = {
	KUNIT_CASE(ohost_rproc_mbox_kick_drops),
	KUNIT_CASE(ohost_zr5_mbox_rx_acks),
	KUNIT_CASE(ohost_zr5_mbox_rx_acks_at_once),
	KUNIT_CASE(ohost_zr5_mbox_kicks_coalesce),
	KUNIT_CASE(ohost_rproc_mbox_missing_rx),
	{}
};

static struct kunit_suite ohost_zr5_mbox_suite = {
	.name = "ohost_zynqmp_r5_mbox",
	.init = zt_mbox_init,
	.exit = zt_mbox_exit,
	.test_cases = ohost_zr5_mbox_cases,
};

kunit_test_suites(&ohost_zr5_pure_suite, &ohost_zr5_core_suite,
		  &ohost_zr5_mbox_suite);

MODULE_DESCRIPTION("KUnit tests for the ZynqMP R5 remoteproc driver");
MODULE_LICENSE("GPL");
