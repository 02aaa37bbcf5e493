// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual remote processor on QEMU's ivshmem-doorbell PCI device.
 *
 * The "remote" is a host process (tools/vrprocd) that shares the device's
 * BAR2 memory with the guest and exchanges doorbell interrupts with it.
 * To the remoteproc core this is an ordinary remote processor: firmware
 * is an ELF image loaded into the remote's memory inside BAR2, the
 * resource table's vrings and the vdev buffer pool are carveouts inside
 * BAR2, and kicks are doorbells.  Documentation/vrproc-protocol.rst
 * describes the control area (include/ohost/vrproc_shm.h) and the
 * START/STOP handshake.
 *
 * The driver has no device id of its own: it binds the devices it is told
 * to, through new_id, driver_override or the "devices" parameter.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/remoteproc.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ohost/rproc.h"
#include "ohost/vrproc_shm.h"

#define OHOST_VRPROC_NAME	"ohost_vrproc"
#define OHOST_VRPROC_MAX_VEC	32
#define OHOST_VRPROC_POLL_MS	10

/* Bounds of one measurement through debugfs "floor" (see below). */
#define OHOST_VRPROC_FLOOR_MAX_PINGS	10000
#define OHOST_VRPROC_FLOOR_MAX_BYTES	SZ_1G
#define OHOST_VRPROC_FLOOR_CHUNK	SZ_64K

static char *devices;
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices,
		 "comma-separated PCI addresses of ivshmem-doorbell devices to bind");

static char *firmware = "ohost-echo.elf";
module_param(firmware, charp, 0444);
MODULE_PARM_DESC(firmware, "default firmware file name");

static unsigned int start_timeout_ms = 3000;
module_param(start_timeout_ms, uint, 0644);
MODULE_PARM_DESC(start_timeout_ms, "how long START may take to be acknowledged");

static unsigned int stop_timeout_ms = 1000;
module_param(stop_timeout_ms, uint, 0644);
MODULE_PARM_DESC(stop_timeout_ms,
		 "how long STOP may take before the remote is forced off");

/* tools/firmware builds AArch64 ELF64 images */
static const struct ohost_fw_policy ohost_vrproc_policy = {
	.machine = EM_AARCH64,
	.max_vrings = 2,
	.require_rsc_table = true,
};

/* The entries of the memory table (struct ohost_vrproc.mem). */
enum {
	OHOST_VRPROC_MEM,	/* the remote's memory: firmware, vrings, table */
	OHOST_VRPROC_POOL,	/* "vdev0buffer": the buffer pool, unmapped */
	OHOST_VRPROC_NUM_MEM,
};

/**
 * struct ohost_vrproc_layout - the daemon's memory layout, for one boot
 * @session: daemon session the layout was read from
 * @daemon_id: ivshmem peer id of the daemon
 * @vectors: interrupt vectors of the device (both sides agree)
 * @da_base: device address of BAR2 offset 0
 * @mem_offset: BAR2 offset of the remote's memory
 * @mem_size: size of the remote's memory
 * @pool_offset: BAR2 offset of the vdev buffer pool
 * @pool_size: size of the pool
 */
struct ohost_vrproc_layout {
	u32 session;
	u32 daemon_id;
	u32 vectors;
	u64 da_base;
	u64 mem_offset;
	u64 mem_size;
	u64 pool_offset;
	u64 pool_size;
};

/**
 * struct ohost_vrproc_floor - the platform's own costs, as last measured
 * @pings: doorbell round trips timed (0: nothing measured yet)
 * @rtt_ns: their minimum, median, 99th percentile and maximum
 * @copy_bytes: bytes copied into the shared window, each way of mapping it
 * @copy_ns: time the copies took, mapped write-combined (as the remoteproc
 *	core maps the buffer pool) and write-back (as the driver maps the
 *	remote's memory)
 */
struct ohost_vrproc_floor {
	unsigned int pings;
	u64 rtt_ns[4];
	u64 copy_bytes;
	u64 copy_ns[2];
};

struct ohost_vrproc;

/**
 * struct ohost_vrproc_vec - one MSI-X vector
 * @vr: the device
 * @index: vector number
 */
struct ohost_vrproc_vec {
	struct ohost_vrproc *vr;
	unsigned int index;
};

/**
 * struct ohost_vrproc - one virtual remote processor
 * @glue: the shared remoteproc glue (first: rproc->priv is both)
 * @pdev: the ivshmem PCI device
 * @rproc: its remote processor
 * @regs: BAR0 registers
 * @ctrl: control area (BAR2 offset 0, mapped write-back for the device's
 *	lifetime)
 * @bar2_phys: physical address of BAR2
 * @bar2_size: size of BAR2
 * @host_id: our own ivshmem peer id (IVPosition)
 * @nvec: MSI-X vectors in use
 * @vec: per-vector data for the interrupt threads
 * @lay: layout snapshot, taken by sanity_check of every boot
 * @mem: memory table for the glue, from @lay; the remote's memory is
 *	mapped from prepare to unprepare, the pool never
 * @ctrl_event: completed by the vector 0 thread on each control event
 * @running: the vector 0 thread reports crashes only while set
 * @crash_seq: last crash_seq of the daemon that was reported
 * @crashed: a crash was reported for this start
 * @kicks: vring doorbells rung since probe (debugfs "kicks")
 * @floor_lock: serialises floor measurements and guards @floor
 * @floor: the last floor measurement (debugfs "floor")
 *
 * The rproc ops run serialised by the remoteproc core's rproc->lock.
 * Vring interrupts go through the glue's gate.  The vector 0 thread uses
 * @running, @crash_seq and @crashed without a lock: start writes the last
 * two, then sets @running with smp_store_release(), which pairs with the
 * thread's smp_load_acquire() of @running, so a thread that sees it set
 * sees this start's @crash_seq and @crashed; while @running is set only
 * the thread writes them.  Stop clears @running and synchronises vector 0.
 * @lay only changes while the remote is offline.
 */
struct ohost_vrproc {
	struct ohost_rproc_glue glue;
	struct pci_dev *pdev;
	struct rproc *rproc;
	void __iomem *regs;
	struct ohost_vrproc_ctrl *ctrl;
	phys_addr_t bar2_phys;
	resource_size_t bar2_size;
	u32 host_id;
	unsigned int nvec;
	struct ohost_vrproc_vec vec[OHOST_VRPROC_MAX_VEC];
	struct ohost_vrproc_layout lay;
	struct ohost_rproc_mem mem[OHOST_VRPROC_NUM_MEM];
	struct completion ctrl_event;
	bool running;
	u32 crash_seq;
	bool crashed;
	atomic_long_t kicks;
	struct mutex floor_lock;	/* serialises floor measurements */
	struct ohost_vrproc_floor floor;
};

static_assert(offsetof(struct ohost_vrproc, glue) == 0);

static u32 ohost_vrproc_rd32(const __le32 *p)
{
	return le32_to_cpu(READ_ONCE(*p));
}

static u64 ohost_vrproc_rd64(const __le64 *p)
{
	return le64_to_cpu(READ_ONCE(*p));
}

static void ohost_vrproc_doorbell(struct ohost_vrproc *vr, unsigned int vector)
{
	writel((vr->lay.daemon_id << 16) | (vector & 0xffff),
	       vr->regs + OHOST_IVSHMEM_DOORBELL);
}

/* A region [offset, offset + size) of BAR2 usable by the remote. */
static bool ohost_vrproc_region_ok(struct ohost_vrproc *vr, u64 offset,
				   u64 size)
{
	return size && IS_ALIGNED(offset, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) &&
	       offset >= OHOST_VRPROC_CTRL_SIZE && offset <= vr->bar2_size &&
	       size <= vr->bar2_size - offset;
}

static int ohost_vrproc_check_layout(struct ohost_vrproc *vr,
				     const struct ohost_vrproc_layout *lay)
{
	struct device *dev = &vr->rproc->dev;

	if (lay->vectors != vr->nvec) {
		dev_err(dev, "daemon serves %u vectors, device has %u\n",
			lay->vectors, vr->nvec);
		return -EPROTO;
	}
	if (!ohost_vrproc_region_ok(vr, lay->mem_offset, lay->mem_size) ||
	    !ohost_vrproc_region_ok(vr, lay->pool_offset, lay->pool_size) ||
	    (lay->mem_offset < lay->pool_offset + lay->pool_size &&
	     lay->pool_offset < lay->mem_offset + lay->mem_size) ||
	    lay->da_base > U32_MAX || vr->bar2_size > U32_MAX - lay->da_base) {
		dev_err(dev,
			"bad layout: mem %#llx+%#llx pool %#llx+%#llx da %#llx in %pa of BAR2\n",
			lay->mem_offset, lay->mem_size, lay->pool_offset,
			lay->pool_size, lay->da_base, &vr->bar2_size);
		return -EPROTO;
	}
	return 0;
}

/* Read and check the layout the daemon publishes. */
static int ohost_vrproc_read_layout(struct ohost_vrproc *vr,
				    struct ohost_vrproc_layout *out)
{
	struct ohost_vrproc_ctrl *c = vr->ctrl;
	struct device *dev = &vr->rproc->dev;
	struct ohost_vrproc_layout lay;
	u32 magic, version;
	int ret;

	magic = ohost_vrproc_rd32(&c->magic);
	if (magic != OHOST_VRPROC_MAGIC) {
		dev_err(dev, "no remote: the daemon has not set up the control area (magic %#x)\n",
			magic);
		return -ENODEV;
	}
	rmb();	/* the daemon publishes magic after the other fields */
	version = ohost_vrproc_rd32(&c->version);
	if (version != OHOST_VRPROC_VERSION) {
		dev_err(dev, "daemon speaks protocol %u, driver %u\n", version,
			OHOST_VRPROC_VERSION);
		return -EPROTO;
	}
	lay.session = ohost_vrproc_rd32(&c->session);
	lay.daemon_id = ohost_vrproc_rd32(&c->daemon_id);
	lay.vectors = ohost_vrproc_rd32(&c->vectors);
	lay.da_base = ohost_vrproc_rd64(&c->da_base);
	lay.mem_offset = ohost_vrproc_rd64(&c->mem_offset);
	lay.mem_size = ohost_vrproc_rd64(&c->mem_size);
	lay.pool_offset = ohost_vrproc_rd64(&c->pool_offset);
	lay.pool_size = ohost_vrproc_rd64(&c->pool_size);
	if (lay.daemon_id > 0xffff || lay.daemon_id == vr->host_id) {
		dev_err(dev, "bad daemon peer id %u\n", lay.daemon_id);
		return -EPROTO;
	}
	ret = ohost_vrproc_check_layout(vr, &lay);
	if (ret)
		return ret;
	*out = lay;
	return 0;
}

/*
 * A daemon restarted since this boot read the layout (recovery reuses
 * the boot's mappings): carry on with the new session if it kept the
 * layout.
 */
static int ohost_vrproc_follow_session(struct ohost_vrproc *vr)
{
	struct ohost_vrproc_layout lay;
	int ret;

	if (ohost_vrproc_rd32(&vr->ctrl->session) == vr->lay.session)
		return 0;
	ret = ohost_vrproc_read_layout(vr, &lay);
	if (ret)
		return ret;
	if (lay.da_base != vr->lay.da_base ||
	    lay.mem_offset != vr->lay.mem_offset ||
	    lay.mem_size != vr->lay.mem_size ||
	    lay.pool_offset != vr->lay.pool_offset ||
	    lay.pool_size != vr->lay.pool_size) {
		dev_err(&vr->rproc->dev, "daemon restarted with another memory layout: stop and start again\n");
		return -ESTALE;
	}
	vr->lay = lay;
	return 0;
}

/* The glue's memory table for the layout of this boot. */
static int ohost_vrproc_set_mems(struct ohost_vrproc *vr)
{
	const struct ohost_vrproc_layout *lay = &vr->lay;
	struct ohost_rproc_mem *mem = &vr->mem[OHOST_VRPROC_MEM];
	struct ohost_rproc_mem *pool = &vr->mem[OHOST_VRPROC_POOL];

	*mem = (struct ohost_rproc_mem) {
		.name = "mem",
		.da = lay->da_base + lay->mem_offset,
		.pa = vr->bar2_phys + lay->mem_offset,
		.size = lay->mem_size,
	};
	*pool = (struct ohost_rproc_mem) {
		.name = "vdev0buffer",
		.da = lay->da_base + lay->pool_offset,
		.pa = vr->bar2_phys + lay->pool_offset,
		.size = lay->pool_size,
		.no_load = true,
	};
	return ohost_rproc_set_mems(&vr->glue, vr->mem, OHOST_VRPROC_NUM_MEM);
}

static int ohost_vrproc_sanity_check(struct rproc *rproc,
				     const struct firmware *fw)
{
	struct ohost_vrproc *vr = rproc->priv;
	int ret;

	ret = ohost_vrproc_read_layout(vr, &vr->lay);
	if (!ret)
		ret = ohost_vrproc_set_mems(vr);
	if (ret)
		return ret;
	/* Segments must load into the memory this daemon serves. */
	return ohost_rproc_sanity_check(rproc, fw);
}

/*
 * Send a command and wait until the daemon acknowledges it.  The wait
 * polls the control area as well as waiting for the vector 0 interrupt,
 * so a daemon that cannot interrupt the guest still works.
 */
static int ohost_vrproc_command(struct ohost_vrproc *vr, u32 cmd,
				unsigned int timeout_ms)
{
	struct ohost_vrproc_ctrl *c = vr->ctrl;
	unsigned long deadline;
	u32 seq, status;

	seq = ohost_vrproc_rd32(&c->cmd_seq) + 1;
	reinit_completion(&vr->ctrl_event);
	WRITE_ONCE(c->cmd, cpu_to_le32(cmd));
	wmb();	/* the command before its sequence number */
	WRITE_ONCE(c->cmd_seq, cpu_to_le32(seq));
	ohost_vrproc_doorbell(vr, OHOST_VRPROC_VEC_CTRL);

	deadline = jiffies + msecs_to_jiffies(timeout_ms);
	while (ohost_vrproc_rd32(&c->ack_seq) != seq) {
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		wait_for_completion_timeout(&vr->ctrl_event,
					    msecs_to_jiffies(OHOST_VRPROC_POLL_MS));
	}
	rmb();	/* ack_status is written before ack_seq */
	status = ohost_vrproc_rd32(&c->ack_status);
	switch (status) {
	case 0:
		return 0;
	/* the errnos Documentation/vrproc-protocol.rst gives the daemon */
	case EINVAL:
	case ENOENT:
	case EFAULT:
	case ENOEXEC:
	case ESTALE:
	case EBUSY:
		return -(int)status;
	}
	dev_err(&vr->rproc->dev, "remote answered command %u with status %u, not one the protocol defines\n",
		cmd, status);
	return -EIO;
}

/* Stop a remote that a previous boot (or guest) left running. */
static int ohost_vrproc_prepare_remote(struct ohost_vrproc *vr)
{
	u32 state = ohost_vrproc_rd32(&vr->ctrl->state);
	int ret;

	if (state == OHOST_VRPROC_ST_READY)
		return 0;
	ret = ohost_vrproc_command(vr, OHOST_VRPROC_CMD_STOP, stop_timeout_ms);
	state = ohost_vrproc_rd32(&vr->ctrl->state);
	if (ret || state != OHOST_VRPROC_ST_READY) {
		dev_err(&vr->rproc->dev, "remote not ready (state %u): %d\n",
			state, ret);
		return ret ?: -EBUSY;
	}
	return 0;
}

static int ohost_vrproc_prepare(struct rproc *rproc)
{
	struct ohost_vrproc *vr = rproc->priv;
	int ret;

	ret = ohost_vrproc_prepare_remote(vr);
	if (ret)
		return ret;
	vr->mem[OHOST_VRPROC_MEM].va = memremap(vr->mem[OHOST_VRPROC_MEM].pa,
						vr->lay.mem_size, MEMREMAP_WB);
	if (!vr->mem[OHOST_VRPROC_MEM].va)
		return -ENOMEM;
	return 0;
}

static int ohost_vrproc_unprepare(struct rproc *rproc)
{
	struct ohost_vrproc *vr = rproc->priv;

	memunmap(vr->mem[OHOST_VRPROC_MEM].va);
	vr->mem[OHOST_VRPROC_MEM].va = NULL;
	return ohost_rproc_unprepare(rproc);
}

/*
 * The remote "powers up" when the daemon acknowledges START: by then it
 * has read the resource table at rsc_da and the app descriptor at
 * boot_da.  The vdev is created after this returns; the daemon waits for
 * the vdev status DRIVER_OK before it reads the vrings.
 *
 * A remote that ignored the STOP before a recovery is still running and
 * would refuse START (EBUSY): it is stopped again first, here and not only
 * in prepare(), which the remoteproc core's recovery does not call.  A
 * failed recovery leaves the core's power count raised, so that "start"
 * in sysfs does nothing until the device is unbound.
 */
static int ohost_vrproc_start(struct rproc *rproc)
{
	struct ohost_vrproc *vr = rproc->priv;
	struct ohost_vrproc_ctrl *c = vr->ctrl;
	const struct ohost_rproc_mem *mem = &vr->mem[OHOST_VRPROC_MEM];
	void *table = rproc->table_ptr;
	int ret;

	ret = ohost_vrproc_follow_session(vr);
	if (ret)
		return ret;
	ret = ohost_vrproc_prepare_remote(vr);
	if (ret)
		return ret;
	if (!table || table < mem->va || table >= mem->va + mem->size) {
		dev_err(&rproc->dev, "resource table is not in the remote's memory\n");
		return -EINVAL;
	}
	WRITE_ONCE(c->host_id, cpu_to_le32(vr->host_id));
	WRITE_ONCE(c->host_session, cpu_to_le32(vr->lay.session));
	WRITE_ONCE(c->bar2_phys, cpu_to_le64(vr->bar2_phys));
	WRITE_ONCE(c->rsc_da, cpu_to_le64(mem->da + (table - mem->va)));
	WRITE_ONCE(c->rsc_size, cpu_to_le32(rproc->table_sz));
	WRITE_ONCE(c->boot_da, cpu_to_le64(rproc->bootaddr));
	vr->crash_seq = ohost_vrproc_rd32(&c->crash_seq);
	vr->crashed = false;
	smp_store_release(&vr->running, true);	/* after crash_seq, crashed */

	ret = ohost_vrproc_command(vr, OHOST_VRPROC_CMD_START, start_timeout_ms);
	if (ret) {
		/* pairs with the acquire in ohost_vrproc_ctrl_irq() */
		smp_store_release(&vr->running, false);
		if (ret == -ETIMEDOUT)
			dev_err(&rproc->dev, "remote did not acknowledge START within %u ms\n",
				start_timeout_ms);
		else
			dev_err(&rproc->dev, "remote refused START: %d\n", ret);
	}
	return ret;
}

static int ohost_vrproc_stop(struct rproc *rproc)
{
	struct ohost_vrproc *vr = rproc->priv;
	int ret;

	/* The gate closed vring delivery before the vdevs went away. */
	smp_store_release(&vr->running, false);
	synchronize_irq(pci_irq_vector(vr->pdev, OHOST_VRPROC_VEC_CTRL));

	ret = ohost_vrproc_command(vr, OHOST_VRPROC_CMD_STOP, stop_timeout_ms);
	if (ret)
		dev_warn(&rproc->dev, "remote did not stop cleanly (%d), forcing it off\n",
			 ret);
	return 0;
}

static void ohost_vrproc_kick(struct rproc *rproc, int vqid)
{
	struct ohost_vrproc *vr = rproc->priv;

	unsigned int vector = ohost_vrproc_vring_vector(vqid, vr->lay.vectors);

	ohost_vrproc_doorbell(vr, vector);
	atomic_long_inc(&vr->kicks);
}

static const struct rproc_ops ohost_vrproc_ops = {
	.prepare = ohost_vrproc_prepare,
	.unprepare = ohost_vrproc_unprepare,
	.start = ohost_vrproc_start,
	.stop = ohost_vrproc_stop,
	.kick = ohost_vrproc_kick,
	.da_to_va = ohost_rproc_da_to_va,
	.parse_fw = ohost_rproc_parse_fw,
	.sanity_check = ohost_vrproc_sanity_check,
	.load = ohost_rproc_load,
	.find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table,
	.get_boot_addr = rproc_elf_get_boot_addr,
};

/*
 * A crash the daemon reports, or a new daemon session while the remote
 * runs (the daemon restarted: the remote's state is gone), is a crash of
 * the remote; the core stops and restarts it if recovery is enabled.
 */
static void ohost_vrproc_ctrl_irq(struct ohost_vrproc *vr)
{
	struct ohost_vrproc_ctrl *c = vr->ctrl;
	u32 seq;

	complete(&vr->ctrl_event);
	/* pairs with smp_store_release() in start: see struct ohost_vrproc */
	if (!smp_load_acquire(&vr->running) || vr->crashed)
		return;
	seq = ohost_vrproc_rd32(&c->crash_seq);
	if (seq != vr->crash_seq) {
		vr->crash_seq = seq;
		vr->crashed = true;
		rproc_report_crash(vr->rproc, RPROC_FATAL_ERROR);
	} else if (ohost_vrproc_rd32(&c->magic) == OHOST_VRPROC_MAGIC &&
		   ohost_vrproc_rd32(&c->session) != vr->lay.session) {
		vr->crashed = true;
		dev_err(&vr->rproc->dev, "daemon restarted under a running remote\n");
		rproc_report_crash(vr->rproc, RPROC_FATAL_ERROR);
	}
}

static irqreturn_t ohost_vrproc_irq_thread(int irq, void *data)
{
	struct ohost_vrproc_vec *v = data;
	struct ohost_vrproc *vr = v->vr;
	int id;

	if (v->index == OHOST_VRPROC_VEC_CTRL)
		ohost_vrproc_ctrl_irq(vr);
	/*
	 * The gate drops kicks while the vrings are not there; max_notifyid
	 * is read racily, but only changes while the gate is closed.
	 */
	for (id = 0; id <= READ_ONCE(vr->rproc->max_notifyid); id++)
		if (ohost_vrproc_vring_vector(id, vr->lay.vectors) == v->index)
			ohost_rproc_vq_interrupt(&vr->glue, id);
	return IRQ_HANDLED;
}

static int ohost_vrproc_setup_irqs(struct ohost_vrproc *vr)
{
	struct pci_dev *pdev = vr->pdev;
	struct device *dev = &pdev->dev;
	unsigned int i;
	int ret;

	ret = pci_msix_vec_count(pdev);
	if (ret <= 0)
		return dev_err_probe(dev, ret ?: -ENODEV,
				     "no MSI-X (QEMU: ivshmem-doorbell with vectors=N)\n");
	vr->nvec = min(ret, OHOST_VRPROC_MAX_VEC);
	ret = pci_alloc_irq_vectors(pdev, vr->nvec, vr->nvec, PCI_IRQ_MSIX);
	if (ret < 0)
		return dev_err_probe(dev, ret, "cannot allocate %u MSI-X vectors\n",
				     vr->nvec);
	for (i = 0; i < vr->nvec; i++) {
		vr->vec[i].vr = vr;
		vr->vec[i].index = i;
		ret = devm_request_threaded_irq(dev, pci_irq_vector(pdev, i),
						NULL, ohost_vrproc_irq_thread,
						IRQF_ONESHOT, dev_name(dev),
						&vr->vec[i]);
		if (ret)
			return dev_err_probe(dev, ret, "cannot request vector %u\n", i);
	}
	return 0;
}

static int ohost_vrproc_map(struct ohost_vrproc *vr)
{
	struct pci_dev *pdev = vr->pdev;
	struct device *dev = &pdev->dev;

	vr->regs = devm_ioremap_resource(dev, &pdev->resource[0]);
	if (IS_ERR(vr->regs))
		return dev_err_probe(dev, PTR_ERR(vr->regs), "cannot map BAR0\n");

	vr->bar2_phys = pci_resource_start(pdev, 2);
	vr->bar2_size = pci_resource_len(pdev, 2);
	if (vr->bar2_size < OHOST_VRPROC_CTRL_SIZE + 2 * PAGE_SIZE)
		return dev_err_probe(dev, -ENODEV, "BAR2 too small: %pa\n",
				     &vr->bar2_size);
	if (!devm_request_mem_region(dev, vr->bar2_phys, vr->bar2_size,
				     dev_name(dev)))
		return dev_err_probe(dev, -EBUSY, "BAR2 busy\n");
	vr->ctrl = devm_memremap(dev, vr->bar2_phys, OHOST_VRPROC_CTRL_SIZE,
				 MEMREMAP_WB);
	if (IS_ERR(vr->ctrl))
		return dev_err_probe(dev, PTR_ERR(vr->ctrl),
				     "cannot map the control area\n");
	vr->host_id = readl(vr->regs + OHOST_IVSHMEM_IVPOSITION);
	return 0;
}

/* ---- debugfs: kicks, and the platform's floor ---- */

static int ohost_vrproc_kicks_get(void *data, u64 *val)
{
	struct ohost_vrproc *vr = data;

	*val = atomic_long_read(&vr->kicks);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(ohost_vrproc_kicks_fops, ohost_vrproc_kicks_get,
			 NULL, "%llu\n");

static int ohost_vrproc_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Doorbell round trips: a PING command is one doorbell to the daemon and
 * one interrupt back, with nothing done in between, so it is the floor
 * under any message's round trip on this platform.
 */
static int ohost_vrproc_time_pings(struct ohost_vrproc *vr, unsigned int n,
				   struct ohost_vrproc_floor *f)
{
	u64 *ns, t0;
	unsigned int i;
	int ret = 0;

	ns = kvmalloc_array(n, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++) {
		t0 = ktime_get_ns();
		ret = ohost_vrproc_command(vr, OHOST_VRPROC_CMD_PING,
					   stop_timeout_ms);
		ns[i] = ktime_get_ns() - t0;
	}
	if (!ret) {
		sort(ns, n, sizeof(*ns), ohost_vrproc_cmp_u64, NULL);
		f->pings = n;
		f->rtt_ns[0] = ns[0];
		f->rtt_ns[1] = ns[n / 2];
		f->rtt_ns[2] = ns[DIV_ROUND_UP(n * 99, 100) - 1];
		f->rtt_ns[3] = ns[n - 1];
	}
	kvfree(ns);
	return ret;
}

/*
 * The guest's copy bandwidth into the shared window, mapped with @flags.
 * It copies into the scratch gap between the control area and the
 * daemon's first region, which the protocol leaves to the driver.
 */
static int ohost_vrproc_time_copy(struct ohost_vrproc *vr, u64 bytes,
				  unsigned long flags, u64 *ns)
{
	u64 gap = min(vr->lay.mem_offset, vr->lay.pool_offset) -
		  OHOST_VRPROC_CTRL_SIZE;
	size_t chunk = min_t(u64, gap, OHOST_VRPROC_FLOOR_CHUNK);
	void *src, *dst;
	u64 done, t0;

	if (chunk < PAGE_SIZE)
		return -ENOSPC;
	src = kvmalloc(chunk, GFP_KERNEL);
	if (!src)
		return -ENOMEM;
	dst = memremap(vr->bar2_phys + OHOST_VRPROC_CTRL_SIZE, chunk, flags);
	if (!dst) {
		kvfree(src);
		return -ENOMEM;
	}
	memset(src, 0x5a, chunk);
	t0 = ktime_get_ns();
	for (done = 0; done < bytes; done += chunk) {
		memcpy(dst, src, min_t(u64, chunk, bytes - done));
		cond_resched();
	}
	*ns = ktime_get_ns() - t0;
	memunmap(dst);
	kvfree(src);
	return 0;
}

/* Under rproc->lock, so that the layout is this boot's and stays so. */
static int ohost_vrproc_measure_floor(struct ohost_vrproc *vr,
				      unsigned int pings, u64 bytes)
{
	struct ohost_vrproc_floor f = { };
	int ret;

	ret = mutex_lock_interruptible(&vr->rproc->lock);
	if (ret)
		return ret;
	if (vr->rproc->state != RPROC_RUNNING) {
		dev_err(&vr->rproc->dev, "floor: start the remote first\n");
		ret = -ENODEV;
		goto unlock;
	}
	ret = ohost_vrproc_time_pings(vr, pings, &f);
	if (ret) {
		dev_err(&vr->rproc->dev, "floor: the remote did not answer PING: %d\n",
			ret);
		goto unlock;
	}
	f.copy_bytes = bytes;
	if (bytes)
		ret = ohost_vrproc_time_copy(vr, bytes, MEMREMAP_WC,
					     &f.copy_ns[0]) ?:
		      ohost_vrproc_time_copy(vr, bytes, MEMREMAP_WB,
					     &f.copy_ns[1]);
unlock:
	mutex_unlock(&vr->rproc->lock);
	if (ret)
		return ret;
	mutex_lock(&vr->floor_lock);
	vr->floor = f;
	mutex_unlock(&vr->floor_lock);
	return 0;
}

/* "PINGS BYTES": time PINGS doorbell round trips and copy BYTES. */
static ssize_t ohost_vrproc_floor_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	struct ohost_vrproc *vr = file->private_data;
	unsigned int pings;
	char buf[48], extra;
	u64 bytes;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%u %llu %c", &pings, &bytes, &extra) != 2 ||
	    !pings || pings > OHOST_VRPROC_FLOOR_MAX_PINGS ||
	    bytes > OHOST_VRPROC_FLOOR_MAX_BYTES)
		return -EINVAL;
	ret = ohost_vrproc_measure_floor(vr, pings, bytes);
	return ret ?: count;
}

static u64 ohost_vrproc_mb_per_s(u64 bytes, u64 ns)
{
	return ns ? div64_u64(bytes * NSEC_PER_USEC, ns) : 0;
}

/* One JSON object; times in ns, bandwidth in MB/s (10^6 bytes). */
static ssize_t ohost_vrproc_floor_read(struct file *file, char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	struct ohost_vrproc *vr = file->private_data;
	struct ohost_vrproc_floor f;
	char buf[320];
	int len;

	mutex_lock(&vr->floor_lock);
	f = vr->floor;
	mutex_unlock(&vr->floor_lock);
	if (!f.pings)
		return -ENODATA;
	len = scnprintf(buf, sizeof(buf),
			"{\"pings\":%u,\"rtt_min_ns\":%llu,\"rtt_median_ns\":%llu,\"rtt_p99_ns\":%llu,\"rtt_max_ns\":%llu,\"copy_bytes\":%llu,\"copy_ns\":%llu,\"copy_mb_per_s\":%llu,\"copy_wb_ns\":%llu,\"copy_wb_mb_per_s\":%llu}\n",
			f.pings, f.rtt_ns[0], f.rtt_ns[1], f.rtt_ns[2],
			f.rtt_ns[3], f.copy_bytes, f.copy_ns[0],
			ohost_vrproc_mb_per_s(f.copy_bytes, f.copy_ns[0]),
			f.copy_ns[1],
			ohost_vrproc_mb_per_s(f.copy_bytes, f.copy_ns[1]));
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations ohost_vrproc_floor_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ohost_vrproc_floor_read,
	.write = ohost_vrproc_floor_write,
	.llseek = default_llseek,
};

/* In the remoteproc core's directory, which rproc_del() removes. */
static void ohost_vrproc_debugfs_init(struct ohost_vrproc *vr)
{
	struct dentry *dir = vr->rproc->dbg_dir;

	if (IS_ERR_OR_NULL(dir))
		return;
	debugfs_create_file_unsafe("kicks", 0400, dir, vr,
				   &ohost_vrproc_kicks_fops);
	debugfs_create_file("floor", 0600, dir, vr, &ohost_vrproc_floor_fops);
}

/* Bound only to devices named in "devices", when it is set. */
static bool ohost_vrproc_wanted(struct pci_dev *pdev)
{
	const char *p = devices, *name = pci_name(pdev);
	size_t len = strlen(name);

	if (!p || !*p)
		return true;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, name, len))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static int ohost_vrproc_probe(struct pci_dev *pdev,
			      const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct ohost_vrproc *vr;
	struct rproc *rproc;
	int ret;

	if (!ohost_vrproc_wanted(pdev))
		return -ENODEV;

	ret = pcim_enable_device(pdev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot enable device\n");
	pci_set_master(pdev);	/* MSI-X messages are bus-master writes */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");

	rproc = devm_rproc_alloc(dev, dev_name(dev), &ohost_vrproc_ops,
				 firmware, sizeof(*vr));
	if (!rproc)
		return -ENOMEM;
	rproc->auto_boot = false;
	vr = rproc->priv;
	ret = ohost_rproc_glue_init(&vr->glue, rproc, &ohost_vrproc_policy,
				    ELFCLASS64);
	if (ret)
		return dev_err_probe(dev, ret, "cannot set up the remoteproc glue\n");
	vr->pdev = pdev;
	vr->rproc = rproc;
	init_completion(&vr->ctrl_event);
	mutex_init(&vr->floor_lock);
	pci_set_drvdata(pdev, vr);

	ret = ohost_vrproc_map(vr);
	if (ret)
		return ret;
	ret = ohost_vrproc_setup_irqs(vr);
	if (ret)
		return ret;

	/* Last: from here on userspace can start the remote. */
	ret = devm_ohost_rproc_add(dev, rproc);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register remoteproc\n");
	ohost_vrproc_debugfs_init(vr);
	dev_info(dev, "virtual remote processor %s: BAR2 %pa bytes, %u vectors, peer id %u\n",
		 dev_name(&rproc->dev), &vr->bar2_size, vr->nvec, vr->host_id);
	return 0;
}

/*
 * No id_table: the driver matches nothing by itself.  Devices come from
 * new_id, driver_override or the "devices" parameter.  (An empty table
 * would make new_id refuse every id: it only accepts driver_data values
 * of existing entries.)
 */
static struct pci_driver ohost_vrproc_driver = {
	.name = OHOST_VRPROC_NAME,
	.probe = ohost_vrproc_probe,
};

static int __init ohost_vrproc_init(void)
{
	int ret;

	ret = pci_register_driver(&ohost_vrproc_driver);
	if (ret || !devices || !*devices)
		return ret;
	/* probe() filters the ivshmem devices by name */
	ret = pci_add_dynid(&ohost_vrproc_driver, PCI_VENDOR_ID_REDHAT_QUMRANET,
			    0x1110, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0);
	if (ret)
		pci_unregister_driver(&ohost_vrproc_driver);
	return ret;
}
module_init(ohost_vrproc_init);

static void __exit ohost_vrproc_exit(void)
{
	pci_unregister_driver(&ohost_vrproc_driver);
}
module_exit(ohost_vrproc_exit);

MODULE_DESCRIPTION("openamp-host virtual remote processor on ivshmem-doorbell");
MODULE_LICENSE("GPL");
