// SPDX-License-Identifier: GPL-2.0
/*
 * i.MX Cortex-M4/M7 remoteproc driver for stock kernels (module
 * ohost_imx_rproc, platform driver "ohost-imx-rproc").
 *
 * Binds upstream's fsl,imx-rproc binding for i.MX7D, 8MQ, 8MM, 8MN and
 * 8MP, so NXP's device trees work.  What differs between the SoCs is data
 * (ohost_imx_rproc_soc.c): the core's address map and how it is started
 * (the SRC through its syscon, or NXP's TF-A SiP call).  The rest is the
 * shared glue: the TCM and memory-region carveouts form the memory table
 * (ohost_rproc_mem.c, ohost_rproc_of.c), kicks are MU messages vqid << 16
 * (ohost_rproc_mbox.c), a running core is attached to through a validated
 * copy of its resource table.  openamp-host,fixed-vrings = <NUM> makes the
 * driver build the resource table itself, for rpmsg-lite firmware that
 * has none and uses vrings at the vdevNvringM regions.
 */
#include <linux/clk.h>
#include <linux/dma-mapping.h>
#include <linux/elf.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#include "ohost_imx_rproc.h"

#define OHOST_IMX_NAME		"ohost-imx-rproc"
#define OHOST_IMX_FIXED_PROP	"openamp-host,fixed-vrings"

/* VIRTIO_RPMSG_F_NS: the remote announces its endpoints (rpmsg-lite does). */
#define OHOST_IMX_RPMSG_F_NS	0

static const struct ohost_fw_policy ohost_imx_policy = {
	.machine = EM_ARM,
	.max_vrings = 2,
};

/* ---- openamp-host,fixed-vrings: a resource table of our own -------------- */

/* One rpmsg vdev with two vrings, as laid out in the table. */
#define OHOST_IMX_VDEV_ENTRY	(sizeof(struct fw_rsc_hdr) +			\
				 sizeof(struct fw_rsc_vdev) +			\
				 2 * sizeof(struct fw_rsc_vdev_vring))

static int ohost_imx_check_vring(struct device *dev,
				 const struct ohost_rproc_mem *m,
				 const char *name, u32 num)
{
	size_t need = PAGE_ALIGN(vring_size(num, OHOST_IMX_FIXED_VRING_ALIGN));

	if (!m) {
		dev_err(dev, OHOST_IMX_FIXED_PROP ": no memory-region named %s\n",
			name);
		return -EINVAL;
	}
	if (m->size < need || !IS_ALIGNED(m->da, OHOST_IMX_FIXED_VRING_ALIGN)) {
		dev_err(dev, OHOST_IMX_FIXED_PROP ": %s at %#llx+%#zx cannot hold a vring of %u buffers (%#zx bytes, 4 KiB aligned)\n",
			name, m->da, m->size, num, need);
		return -EINVAL;
	}
	return 0;
}

/* How many vdevs the regions describe: vdevNvring0/1 pairs from N = 0. */
static int ohost_imx_count_vdevs(struct device *dev,
				 const struct ohost_rproc_mem *mem,
				 unsigned int num, u32 vring_num)
{
	const struct ohost_rproc_mem *v0, *v1;
	char name[2][OHOST_RSC_NAME_LEN];
	unsigned int n;
	int ret;

	for (n = 0; ; n++) {
		snprintf(name[0], sizeof(name[0]), "vdev%uvring0", n);
		snprintf(name[1], sizeof(name[1]), "vdev%uvring1", n);
		v0 = ohost_rproc_mem_by_name(mem, num, name[0]);
		v1 = ohost_rproc_mem_by_name(mem, num, name[1]);
		if (!v0 && !v1)
			break;
		ret = ohost_imx_check_vring(dev, v0, name[0], vring_num);
		if (!ret)
			ret = ohost_imx_check_vring(dev, v1, name[1], vring_num);
		if (ret)
			return ret;
		snprintf(name[0], sizeof(name[0]), "vdev%ubuffer", n);
		if (!ohost_rproc_mem_by_name(mem, num, name[0])) {
			dev_err(dev, OHOST_IMX_FIXED_PROP ": vdev %u has no buffer pool (memory-region %s)\n",
				n, name[0]);
			return -EINVAL;
		}
	}
	if (!n) {
		dev_err(dev, OHOST_IMX_FIXED_PROP ": needs memory-region vdev0vring0 and vdev0vring1\n");
		return -EINVAL;
	}
	return n;
}

static void ohost_imx_fill_vdev(void *entry, unsigned int n,
				const struct ohost_rproc_mem *v0,
				const struct ohost_rproc_mem *v1, u32 vring_num)
{
	struct fw_rsc_hdr *hdr = entry;
	struct fw_rsc_vdev *vdev = entry + sizeof(*hdr);
	const struct ohost_rproc_mem *v[2] = { v0, v1 };
	unsigned int i;

	hdr->type = RSC_VDEV;
	vdev->id = VIRTIO_ID_RPMSG;
	vdev->notifyid = n;
	vdev->dfeatures = BIT(OHOST_IMX_RPMSG_F_NS);
	vdev->num_of_vrings = 2;
	for (i = 0; i < 2; i++) {
		vdev->vring[i].da = v[i]->da;
		vdev->vring[i].align = OHOST_IMX_FIXED_VRING_ALIGN;
		vdev->vring[i].num = vring_num;
		vdev->vring[i].notifyid = 2 * n + i;
	}
}

/**
 * ohost_imx_build_fixed_table() - the resource table of rpmsg-lite firmware
 * @dev: for the message
 * @mem: the memory table (memory-region entries by name)
 * @num: entries in @mem
 * @vring_num: buffers per vring (the property's value)
 * @table: set to the table (kfree() it)
 * @size: set to its bytes
 *
 * One rpmsg vdev (VIRTIO_RPMSG_F_NS) per vdevNvring0/vdevNvring1 pair,
 * from N = 0 on; its vrings at those regions' device addresses, @vring_num
 * buffers each, aligned 4 KiB (rpmsg-lite's VRING_ALIGN); its buffers from
 * vdevNbuffer.  What is wrong is logged in one line.
 *
 * Return: 0 or -EINVAL / -ENOMEM.
 */
int ohost_imx_build_fixed_table(struct device *dev,
				const struct ohost_rproc_mem *mem,
				unsigned int num, u32 vring_num, void **table,
				size_t *size)
{
	char n0[OHOST_RSC_NAME_LEN], n1[OHOST_RSC_NAME_LEN];
	struct resource_table *t;
	size_t hdr;
	int nvdev, n;

	if (!vring_num || vring_num > OHOST_IMX_FIXED_VRING_MAX ||
	    !is_power_of_2(vring_num)) {
		dev_err(dev, OHOST_IMX_FIXED_PROP " = <%u>: buffers per vring must be a power of two from 1 to %u\n",
			vring_num, OHOST_IMX_FIXED_VRING_MAX);
		return -EINVAL;
	}
	nvdev = ohost_imx_count_vdevs(dev, mem, num, vring_num);
	if (nvdev < 0)
		return nvdev;
	hdr = struct_size(t, offset, nvdev);
	t = kzalloc(hdr + nvdev * OHOST_IMX_VDEV_ENTRY, GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->ver = 1;
	t->num = nvdev;
	for (n = 0; n < nvdev; n++) {
		snprintf(n0, sizeof(n0), "vdev%uvring0", n);
		snprintf(n1, sizeof(n1), "vdev%uvring1", n);
		t->offset[n] = hdr + n * OHOST_IMX_VDEV_ENTRY;
		ohost_imx_fill_vdev((void *)t + t->offset[n], n,
				    ohost_rproc_mem_by_name(mem, num, n0),
				    ohost_rproc_mem_by_name(mem, num, n1),
				    vring_num);
	}
	*table = t;
	*size = hdr + nvdev * OHOST_IMX_VDEV_ENTRY;
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_imx_build_fixed_table);

/* ---- rproc ops ----------------------------------------------------------- */

static struct ohost_imx_rproc *ohost_imx(struct rproc *rproc)
{
	return rproc->priv;
}

static int ohost_imx_prepare(struct rproc *rproc)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);

	return ohost_rproc_of_add_carveouts(&priv->glue,
					    &priv->mem[priv->num_tcm],
					    priv->num_of_mem);
}

static int ohost_imx_start(struct rproc *rproc)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);

	return priv->soc->method->start(priv);
}

static int ohost_imx_stop(struct rproc *rproc)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);

	return priv->soc->method->stop(priv);
}

static void ohost_imx_kick(struct rproc *rproc, int vqid)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);

	if (!priv->has_mbox) {
		dev_warn_once(priv->dev, "no mailbox (mboxes): kick dropped\n");
		return;
	}
	if (vqid < 0 || vqid >= OHOST_RPROC_MBOX_MAX_VQ) {
		dev_err_ratelimited(priv->dev, "kick for notify id %d: at most %u vrings\n",
				    vqid, OHOST_RPROC_MBOX_MAX_VQ);
		return;
	}
	ohost_rproc_mbox_kick(&priv->mbox, vqid);
}

/* Fixed vrings: the built table; else the firmware's own (ELF). */
static int ohost_imx_parse_fw(struct rproc *rproc, const struct firmware *fw)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);

	if (priv->fixed_table)
		return ohost_rproc_parse_table(rproc, priv->fixed_table,
					       priv->fixed_size);
	return ohost_rproc_parse_fw(rproc, fw);
}

/* With fixed vrings the remote has no table: the core keeps its copy. */
static struct resource_table *
ohost_imx_find_loaded_rsc_table(struct rproc *rproc, const struct firmware *fw)
{
	if (ohost_imx(rproc)->fixed_table)
		return NULL;
	return rproc_elf_find_loaded_rsc_table(rproc, fw);
}

/* The table of a running core: the built one, or a copy of its own. */
static struct resource_table *
ohost_imx_get_loaded_rsc_table(struct rproc *rproc, size_t *size)
{
	struct ohost_imx_rproc *priv = ohost_imx(rproc);
	void *copy;

	if (!priv->fixed_table)
		return ohost_rproc_get_loaded_rsc_table(rproc, size);
	copy = kmemdup(priv->fixed_table, priv->fixed_size, GFP_KERNEL);
	if (!copy)
		return ERR_PTR(-ENOMEM);
	kfree(priv->fixed_copy);
	priv->fixed_copy = copy;
	*size = priv->fixed_size;
	return copy;
}

/* Every method: the core keeps running; a kick tells it the status changed. */
static int ohost_imx_detach(struct rproc *rproc)
{
	ohost_imx_kick(rproc, 0);
	return 0;
}

const struct rproc_ops ohost_imx_rproc_ops = {
	.prepare = ohost_imx_prepare,
	.unprepare = ohost_rproc_unprepare,
	.start = ohost_imx_start,
	.stop = ohost_imx_stop,
	.kick = ohost_imx_kick,
	.attach = ohost_rproc_attach,
	.detach = ohost_imx_detach,
	.get_loaded_rsc_table = ohost_imx_get_loaded_rsc_table,
	.da_to_va = ohost_rproc_da_to_va,
	.parse_fw = ohost_imx_parse_fw,
	.sanity_check = ohost_rproc_sanity_check,
	.load = ohost_rproc_load,
	.find_loaded_rsc_table = ohost_imx_find_loaded_rsc_table,
	.get_boot_addr = rproc_elf_get_boot_addr,
};
EXPORT_SYMBOL_GPL(ohost_imx_rproc_ops);

/* MU: a u32 message naming the vring, stable in the glue's room for it. */
static void *ohost_imx_kick_msg(struct ohost_rproc_mbox *mb, int vqid)
{
	mb->vq_msg[vqid] = (u32)vqid << 16;
	return &mb->vq_msg[vqid];
}

const struct ohost_rproc_mbox_ops ohost_imx_mbox_ops = {
	.kick_msg = ohost_imx_kick_msg,
	.coalesce = OHOST_RPROC_MBOX_COALESCE_PER_VQ,
	.rxdb = true,
};
EXPORT_SYMBOL_GPL(ohost_imx_mbox_ops);

/* ---- setup --------------------------------------------------------------- */

/**
 * ohost_imx_core_init() - the glue and memory table of a described core
 * @priv: rproc->priv with @rproc, @dev, @soc, the TCM at @mem (mapped) and
 *	the memory-region entries after them filled in
 *
 * Gives every memory its aliases from the SoC's table and finds the
 * rsc-table region (the resource table of a running core).
 *
 * Return: 0 or a negative errno.
 */
int ohost_imx_core_init(struct ohost_imx_rproc *priv)
{
	const struct ohost_rproc_mem *rsc;
	unsigned int i;
	int ret;

	ret = ohost_rproc_glue_init(&priv->glue, priv->rproc, &ohost_imx_policy,
				    ELFCLASS32);
	if (ret)
		return ret;
	priv->num_mem = priv->num_tcm + priv->num_of_mem;
	for (i = priv->num_tcm; i < priv->num_mem; i++)
		ohost_imx_add_aliases(priv->soc, &priv->mem[i]);
	rsc = ohost_rproc_mem_by_name(priv->mem, priv->num_mem, "rsc-table");
	if (rsc) {
		priv->glue.rsc_da = rsc->da;
		priv->glue.rsc_size = min_t(size_t, rsc->size,
					    OHOST_IMX_RSC_MAX_SIZE);
	}
	return ohost_rproc_set_mems(&priv->glue, priv->mem, priv->num_mem);
}
EXPORT_SYMBOL_GPL(ohost_imx_core_init);

/**
 * ohost_imx_detect_attach() - attach to a core the boot loader started
 * @priv: set up by ohost_imx_core_init() (and the fixed table, if any)
 *
 * A running core (SRC: not held in reset; SMC: STARTED) is left running,
 * the rproc starts DETACHED, if its resource table is usable: the built
 * one, or a validated copy of the rsc-table region's (no rsc-table region:
 * attached without vdevs, as upstream).  An unusable table is logged and
 * the core is not attached ("start" then boots it afresh).
 *
 * Return: 1 if attachable, 0 if not, or the method's error.
 */
int ohost_imx_detect_attach(struct ohost_imx_rproc *priv)
{
	void *copy;
	int ret;

	ret = priv->soc->method->is_running(priv);
	if (ret <= 0)
		return ret;
	if (!priv->fixed_table && priv->glue.rsc_size) {
		copy = ohost_rproc_copy_rsc_table(&priv->glue, priv->glue.rsc_da,
						  priv->glue.rsc_size);
		if (IS_ERR(copy)) {
			dev_err(priv->dev, "running, but its resource table is unusable: not attaching (start boots it afresh)\n");
			return 0;
		}
		kfree(copy);
	}
	priv->rproc->state = RPROC_DETACHED;
	return 1;
}
EXPORT_SYMBOL_GPL(ohost_imx_detect_attach);

static void ohost_imx_rproc_free(void *data)
{
	struct rproc *rproc = data;

	ohost_rproc_glue_release(rproc->priv);
	kfree(ohost_imx(rproc)->fixed_copy);
	kfree(ohost_imx(rproc)->fixed_table);
	rproc_free(rproc);
}

static void ohost_imx_mbox_free(void *mb)
{
	ohost_rproc_mbox_free(mb);
}

static void ohost_imx_clk_off(void *clk)
{
	clk_disable_unprepare(clk);
}

/* The optional clock of the core, on from probe on (as upstream). */
static int ohost_imx_clock(struct ohost_imx_rproc *priv)
{
	struct clk *clk;
	int ret;

	clk = devm_clk_get_optional(priv->dev, NULL);
	if (IS_ERR(clk))
		return dev_err_probe(priv->dev, PTR_ERR(clk),
				     "clocks: cannot get the core's clock\n");
	ret = clk_prepare_enable(clk);
	if (ret)
		return dev_err_probe(priv->dev, ret,
				     "clocks: cannot enable the core's clock\n");
	return devm_add_action_or_reset(priv->dev, ohost_imx_clk_off, clk);
}

/* The TCM (mapped) and the memory-region carveouts. */
static int ohost_imx_memories(struct ohost_imx_rproc *priv)
{
	struct device *dev = priv->dev;
	unsigned int i;
	int n;

	priv->num_tcm = ohost_imx_tcm_mems(priv->soc, priv->mem,
					   OHOST_IMX_MAX_TCM);
	for (i = 0; i < priv->num_tcm; i++) {
		struct ohost_rproc_mem *m = &priv->mem[i];

		m->io = devm_ioremap_wc(dev, m->pa, m->size);
		if (!m->io)
			return dev_err_probe(dev, -ENOMEM, "cannot map the TCM at %pa\n",
					     &m->pa);
	}
	n = ohost_rproc_of_mems(dev, &priv->mem[priv->num_tcm],
				OHOST_RPROC_MAX_OF_MEMS, ohost_imx_pa_to_da,
				(void *)priv->soc);
	if (n < 0)
		return n;
	priv->num_of_mem = n;
	return 0;
}

static int ohost_imx_fixed_vrings(struct ohost_imx_rproc *priv)
{
	u32 num;
	int ret;

	ret = of_property_read_u32(priv->dev->of_node, OHOST_IMX_FIXED_PROP, &num);
	if (ret == -EINVAL)
		return 0;	/* absent: the firmware's resource table */
	if (ret)
		return dev_err_probe(priv->dev, ret,
				     "%s: must be one cell, the buffers per vring\n",
				     OHOST_IMX_FIXED_PROP);
	return ohost_imx_build_fixed_table(priv->dev, priv->mem, priv->num_mem,
					   num, &priv->fixed_table,
					   &priv->fixed_size);
}

static int ohost_imx_mailbox(struct ohost_imx_rproc *priv)
{
	int ret;

	if (!of_find_property(priv->dev->of_node, "mboxes", NULL)) {
		dev_warn(priv->dev, "no mboxes: the remote gets no kicks\n");
		return 0;
	}
	ret = ohost_rproc_mbox_init(&priv->mbox, &priv->glue, priv->dev,
				    &ohost_imx_mbox_ops);
	if (ret)
		return ret;
	priv->has_mbox = true;
	return devm_add_action_or_reset(priv->dev, ohost_imx_mbox_free,
					&priv->mbox);
}

static struct rproc *ohost_imx_alloc(struct device *dev)
{
	const char *fw = NULL;
	struct rproc *rproc;

	of_property_read_string(dev->of_node, "firmware-name", &fw);
	rproc = rproc_alloc(dev, dev_name(dev), &ohost_imx_rproc_ops, fw,
			    sizeof(struct ohost_imx_rproc));
	if (!rproc)
		return NULL;
	rproc->auto_boot = of_property_read_bool(dev->of_node, "fsl,auto-boot");
	rproc->recovery_disabled = false;
	return rproc;
}

static int ohost_imx_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ohost_imx_rproc *priv;
	struct rproc *rproc;
	int ret;

	ret = dma_set_coherent_mask(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no 32-bit DMA\n");
	rproc = ohost_imx_alloc(dev);
	if (!rproc)
		return -ENOMEM;
	ret = devm_add_action_or_reset(dev, ohost_imx_rproc_free, rproc);
	if (ret)
		return ret;
	priv = rproc->priv;
	priv->rproc = rproc;
	priv->dev = dev;
	priv->soc = of_device_get_match_data(dev);

	ret = priv->soc->method->setup(priv);
	if (!ret)
		ret = ohost_imx_clock(priv);
	if (!ret)
		ret = ohost_imx_memories(priv);
	if (!ret)
		ret = ohost_imx_core_init(priv);
	if (!ret)
		ret = ohost_imx_fixed_vrings(priv);
	if (!ret)
		ret = ohost_imx_mailbox(priv);
	if (ret)
		return ret;
	ret = ohost_imx_detect_attach(priv);
	if (ret < 0)
		return ret;
	if (ret)
		dev_info(dev, "%s M core running: attach to it with \"start\"\n",
			 priv->soc->name);

	/* Last: from here on userspace can start the remote. */
	ret = devm_ohost_rproc_add(dev, rproc);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register remoteproc\n");
	dev_info(dev, "%s M core, %s, %u memories%s\n", priv->soc->name,
		 priv->soc->method->name, priv->num_mem,
		 priv->fixed_table ? ", fixed vrings" : "");
	return 0;
}

static const struct of_device_id ohost_imx_of_match[] = {
	{ .compatible = "fsl,imx7d-cm4", .data = &ohost_imx_soc_7d },
	{ .compatible = "fsl,imx8mq-cm4", .data = &ohost_imx_soc_8mq },
	{ .compatible = "fsl,imx8mm-cm4", .data = &ohost_imx_soc_8mm },
	{ .compatible = "fsl,imx8mn-cm7", .data = &ohost_imx_soc_8mn },
	{ .compatible = "fsl,imx8mp-cm7", .data = &ohost_imx_soc_8mp },
	{ }
};
MODULE_DEVICE_TABLE(of, ohost_imx_of_match);

static struct platform_driver ohost_imx_driver = {
	.probe = ohost_imx_probe,
	.driver = {
		.name = OHOST_IMX_NAME,
		.of_match_table = ohost_imx_of_match,
	},
};
module_platform_driver(ohost_imx_driver);

MODULE_DESCRIPTION("openamp-host remoteproc driver for the i.MX7D/8M Cortex-M4/M7");
MODULE_LICENSE("GPL");
