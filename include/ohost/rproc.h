/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remoteproc glue shared by the project's platform drivers (module
 * ohost_rproc): the remote's memory table and what derives from it
 * (da_to_va, the validator's regions, the carveouts of the resource
 * table, coredump segments), the validating loader, and the gate through
 * which vring interrupts reach the remoteproc core.
 *
 * A platform driver embeds struct ohost_rproc_glue as the FIRST member of
 * its rproc->priv, so that the helpers below that take a struct rproc can
 * be used as &struct rproc_ops callbacks directly:
 *
 *	.sanity_check	= ohost_rproc_sanity_check,
 *	.parse_fw	= ohost_rproc_parse_fw,
 *	.load		= ohost_rproc_load,
 *	.da_to_va	= ohost_rproc_da_to_va,
 *	.unprepare	= ohost_rproc_unprepare (or called from the driver's own)
 *	.attach		= ohost_rproc_attach (or called from the driver's own)
 *	.get_loaded_rsc_table = ohost_rproc_get_loaded_rsc_table
 *
 * and delivers every vring interrupt through ohost_rproc_vq_interrupt()
 * or ohost_rproc_notify_all(), never rproc_vq_interrupt() itself.
 */
#ifndef OHOST_RPROC_H
#define OHOST_RPROC_H

#include <linux/irqreturn.h>
#include <linux/remoteproc.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#include "fwcheck.h"

struct firmware;
struct resource_table;

/* Device addresses a memory has besides its own (see ohost_rproc_mem). */
#define OHOST_RPROC_MAX_ALIASES	2

/**
 * struct ohost_rproc_alias - a further window of device addresses onto a memory
 * @da: device address of the window's first byte
 * @off: where in the memory the window starts
 * @size: bytes of the window; 0: the rest of the memory from @off (the
 *	usual case: a second address of the whole memory, ZynqMP's TCM)
 *
 * i.MX M4 TCM is one example of a partial window: the M4 sees all 256 KiB
 * of the i.MX8MM TCM at 0x1ffe0000, its lower 128 KiB also at 0x0.
 */
struct ohost_rproc_alias {
	u64 da;
	u64 off;
	u64 size;
};

/* Policy regions a glue derives: one per address of every loadable memory. */
#define OHOST_RPROC_MAX_REGIONS	32

/**
 * struct ohost_rproc_mem - one memory of the remote processor
 * @name: name the remoteproc core looks carveouts up by ("vdev0vring0",
 *	"vdev0buffer", a carveout entry's own name) or a plain label ("atcm")
 * @da: device address, as the remote sees it
 * @alias: further device addresses of (a window of) the same memory
 *	(ZynqMP TCM: R5-local 0x0 and global 0xffe00000)
 * @num_aliases: entries of @alias in use
 * @pa: physical address, as Linux sees it
 * @va: kernel mapping (NULL while unmapped: da_to_va then fails)
 * @io: the same, when the mapping is __iomem (@is_iomem set)
 * @size: bytes
 * @is_iomem: @io is the mapping: the core must use memcpy_toio and friends
 * @no_load: not a place for firmware (a vdev buffer pool, vrings): not a
 *	policy region, not dumped
 * @of_region: from the device tree's memory-region (ohost_rproc_of_mems()):
 *	a carveout mapped by the core's carveout allocation and unmapped at
 *	its release (ohost_rproc_of_add_carveouts())
 * @of_idx: its index in memory-region
 */
struct ohost_rproc_mem {
	const char *name;
	u64 da;
	struct ohost_rproc_alias alias[OHOST_RPROC_MAX_ALIASES];
	unsigned int num_aliases;
	phys_addr_t pa;
	union {
		void *va;
		void __iomem *io;
	};
	size_t size;
	bool is_iomem;
	bool no_load;
	bool of_region;
	unsigned int of_idx;
};

/**
 * struct ohost_rproc_glue - per remote processor state of the glue
 * @rproc: the remote processor (its priv starts with this struct)
 * @mem: the memory table (owned by the driver; its mappings may change
 *	between ohost_rproc_set_mems() calls, its addresses may not)
 * @num_mem: entries in @mem
 * @policy: what the validator accepts; @policy.regions points at @regions
 * @regions: the policy regions derived from @mem
 * @elf_class: ELFCLASS32 or ELFCLASS64, for coredumps
 * @gate: subdevice that opens and closes vring interrupt delivery; on the
 *	core's subdevice list after every vdev (see ohost_rproc_load())
 * @gate_added: @gate is on the list
 * @gate_sem: delivery holds it for reading while it calls into the core;
 *	the gate takes it for writing to flip @gate_open, so that once the
 *	gate has closed no delivery is still running.  A semaphore, not a
 *	spinlock: delivery runs virtio callbacks, which may sleep.
 * @gate_open: vring interrupts reach the core (protected by @gate_sem)
 * @rsc_da: where a running remote keeps its resource table (attach; set
 *	by the driver when it detects one)
 * @rsc_size: its bytes; 0: a running remote has none
 * @rsc_copy: the validated copy last handed to the core
 *	(ohost_rproc_get_loaded_rsc_table(); freed by ohost_rproc_glue_release())
 *
 * @mem, @num_mem, @policy, @regions and @gate_added change only under
 * rproc->lock (in rproc ops, which the core serialises).
 */
struct ohost_rproc_glue {
	struct rproc *rproc;
	const struct ohost_rproc_mem *mem;
	unsigned int num_mem;
	struct ohost_fw_policy policy;
	struct ohost_fw_region regions[OHOST_RPROC_MAX_REGIONS];
	u8 elf_class;
	struct rproc_subdev gate;
	bool gate_added;
	struct rw_semaphore gate_sem;
	bool gate_open;
	u64 rsc_da;
	size_t rsc_size;
	void *rsc_copy;
};

static inline struct ohost_rproc_glue *ohost_rproc_glue(struct rproc *rproc)
{
	return rproc->priv;
}

int ohost_rproc_glue_init(struct ohost_rproc_glue *glue, struct rproc *rproc,
			  const struct ohost_fw_policy *policy, u8 elf_class);
void ohost_rproc_glue_release(struct ohost_rproc_glue *glue);
int devm_ohost_rproc_add(struct device *dev, struct rproc *rproc);
int ohost_rproc_set_mems(struct ohost_rproc_glue *glue,
			 const struct ohost_rproc_mem *mem, unsigned int num);

/* The memory table itself (no rproc needed). */
int ohost_rproc_mems_to_regions(const struct ohost_rproc_mem *mem,
				unsigned int num, struct ohost_fw_region *regions,
				unsigned int max);
const struct ohost_rproc_mem *
ohost_rproc_mem_find(const struct ohost_rproc_mem *mem, unsigned int num,
		     u64 da, u64 len, u64 *base);
const struct ohost_rproc_mem *
ohost_rproc_mem_by_name(const struct ohost_rproc_mem *mem, unsigned int num,
			const char *name);
void *ohost_rproc_mem_da_to_va(const struct ohost_rproc_mem *mem,
			       unsigned int num, u64 da, size_t len,
			       bool *is_iomem);

/* rproc_ops callbacks (rproc->priv starts with struct ohost_rproc_glue). */
void *ohost_rproc_da_to_va(struct rproc *rproc, u64 da, size_t len,
			   bool *is_iomem);
int ohost_rproc_sanity_check(struct rproc *rproc, const struct firmware *fw);
int ohost_rproc_parse_fw(struct rproc *rproc, const struct firmware *fw);
int ohost_rproc_parse_table(struct rproc *rproc, const void *table,
			    size_t size);
int ohost_rproc_load(struct rproc *rproc, const struct firmware *fw);
int ohost_rproc_attach(struct rproc *rproc);
int ohost_rproc_unprepare(struct rproc *rproc);

int ohost_rproc_add_rsc_carveouts(struct ohost_rproc_glue *glue);

/* Interrupt delivery (process context: IRQ threads, workqueues). */
irqreturn_t ohost_rproc_vq_interrupt(struct ohost_rproc_glue *glue,
				     int notifyid);
void ohost_rproc_notify_all(struct ohost_rproc_glue *glue);
bool ohost_rproc_gate_is_open(struct ohost_rproc_glue *glue);

int ohost_rproc_check_firmware(struct rproc *rproc, const struct firmware *fw,
			       const struct ohost_fw_policy *policy);

/* ---- carveouts from the device tree (ohost_rproc_of.c) ------------------ */

/* Most memory-region entries a remote processor may have. */
#define OHOST_RPROC_MAX_OF_MEMS	8

/**
 * typedef ohost_rproc_pa_to_da_fn - the remote's address of a region
 * @data: the driver's cookie
 * @pa: physical address, as Linux sees it
 * @size: bytes
 * @da: set to the device address
 *
 * Return: 0, or a negative errno if the remote cannot reach the region.
 */
typedef int (*ohost_rproc_pa_to_da_fn)(void *data, phys_addr_t pa,
				       size_t size, u64 *da);

int ohost_rproc_of_mems(struct device *dev, struct ohost_rproc_mem *mem,
			unsigned int max, ohost_rproc_pa_to_da_fn pa_to_da,
			void *data);
int ohost_rproc_of_add_carveouts(struct ohost_rproc_glue *glue,
				 struct ohost_rproc_mem *mem, unsigned int num);
bool ohost_rproc_is_pool_name(const char *name);
void *ohost_rproc_copy_rsc_table(struct ohost_rproc_glue *glue, u64 da,
				 size_t size);
struct resource_table *ohost_rproc_get_loaded_rsc_table(struct rproc *rproc,
							size_t *size);

/* ---- mailbox kicks (ohost_rproc_mbox.c) ---------------------------------- */

#include <linux/mailbox_client.h>
#include <linux/workqueue.h>

struct ohost_rproc_mbox;

/* Notify ids (vqids) whose kicks are counted one by one: 8 vdevs. */
#define OHOST_RPROC_MBOX_MAX_VQ	16

/**
 * enum ohost_rproc_mbox_coalesce - which queued kick may stand for a new one
 * @OHOST_RPROC_MBOX_NO_COALESCE: none: every kick is queued (or dropped
 *	when the queue is full)
 * @OHOST_RPROC_MBOX_COALESCE_ANY: kicks carry no payload (ZynqMP IPI), so
 *	one still queued behind the one the remote has not taken yet stands
 *	for any later one: at most two are in flight
 * @OHOST_RPROC_MBOX_COALESCE_PER_VQ: kicks name their vring (i.MX MU:
 *	vqid << 16) and the remote services only that one (rpmsg-lite), so a
 *	queued kick stands only for later kicks of the same vqid: at most two
 *	per vqid are in flight.  Notify ids from %OHOST_RPROC_MBOX_MAX_VQ on
 *	are not coalesced.
 */
enum ohost_rproc_mbox_coalesce {
	OHOST_RPROC_MBOX_NO_COALESCE,
	OHOST_RPROC_MBOX_COALESCE_ANY,
	OHOST_RPROC_MBOX_COALESCE_PER_VQ,
};

/**
 * struct ohost_rproc_mbox_ops - what differs between platforms
 * @kick_msg: the message that kicks @vqid (ZynqMP: one static zero-length
 *	IPI message; i.MX: vqid << 16, in @mb->vq_msg); it must stay valid
 *	until sent, and with %OHOST_RPROC_MBOX_COALESCE_PER_VQ be the same
 *	pointer for every kick of a vqid and differ between vqids
 * @rx: called in the RX callback, which may run in hard-IRQ context:
 *	only what the platform needs at once (ZynqMP: the IPI ack); may be
 *	NULL
 * @request_channel: a mailbox not described by the device tree (a test's
 *	controller); NULL: mbox_request_channel_byname().  For an optional
 *	channel it returns NULL when there is none.
 * @free_channel: the counterpart of @request_channel; NULL:
 *	mbox_free_channel()
 * @coalesce: which queued kick stands for a new one
 * @rxdb: also take RX on an optional third channel "rxdb" (a doorbell
 *	without payload, i.MX MU), if mbox-names lists it
 */
struct ohost_rproc_mbox_ops {
	void *(*kick_msg)(struct ohost_rproc_mbox *mb, int vqid);
	void (*rx)(struct ohost_rproc_mbox *mb, void *msg);
	struct mbox_chan *(*request_channel)(struct mbox_client *cl,
					     const char *name);
	void (*free_channel)(struct mbox_chan *chan);
	enum ohost_rproc_mbox_coalesce coalesce;
	bool rxdb;
};

/**
 * struct ohost_rproc_mbox - a remote's "tx", "rx" (and "rxdb") channels
 * @glue: whose vrings the RX interrupts are for
 * @ops: platform hooks
 * @tx_cl: the client of @tx (its tx_done counts @in_flight down)
 * @rx_cl: the client of @rx and @rxdb (its rx_callback takes the remote's
 *	kicks)
 * @tx: kicks go out here
 * @rx: the remote's kicks come in here
 * @rxdb: and here, without payload (NULL: none)
 * @wq: the remote's own workqueue: RX work runs there, not on the
 *	system workqueue
 * @rx_work: services every vring through the glue's gate
 * @in_flight: kicks queued to @tx and not yet taken by the remote: all of
 *	them in [0] (%OHOST_RPROC_MBOX_COALESCE_ANY), else per vqid
 * @sent: the message last queued for each vqid (tx_done finds the vqid
 *	of a message by it)
 * @vq_msg: room for a platform whose message is one word per vqid
 * @dropped: kicks the mailbox could not queue (remote not taking them)
 * @coalesced: kicks merged into one in flight (@ops->coalesce)
 *
 * The counters are atomics: kicks come from any context, tx_done from
 * the mailbox's tx-done path (an hrtimer or interrupt).
 */
struct ohost_rproc_mbox {
	struct ohost_rproc_glue *glue;
	const struct ohost_rproc_mbox_ops *ops;
	struct mbox_client tx_cl;
	struct mbox_client rx_cl;
	struct mbox_chan *tx;
	struct mbox_chan *rx;
	struct mbox_chan *rxdb;
	struct workqueue_struct *wq;
	struct work_struct rx_work;
	atomic_t in_flight[OHOST_RPROC_MBOX_MAX_VQ];
	void *sent[OHOST_RPROC_MBOX_MAX_VQ];
	u32 vq_msg[OHOST_RPROC_MBOX_MAX_VQ];
	atomic_t dropped;
	atomic_t coalesced;
};

int ohost_rproc_mbox_init(struct ohost_rproc_mbox *mb,
			  struct ohost_rproc_glue *glue, struct device *dev,
			  const struct ohost_rproc_mbox_ops *ops);
void ohost_rproc_mbox_free(struct ohost_rproc_mbox *mb);
void ohost_rproc_mbox_kick(struct ohost_rproc_mbox *mb, int vqid);
int ohost_rproc_mbox_send(struct mbox_chan *chan, void *msg);
int ohost_rproc_mbox_ack(struct ohost_rproc_mbox *mb, void *msg);

/*
 * Exported by the remoteproc core of every supported kernel but declared
 * only in its private drivers/remoteproc/remoteproc_internal.h, which
 * kernel headers packages do not ship.  Every platform driver needs them.
 */
irqreturn_t rproc_vq_interrupt(struct rproc *rproc, int vq_id);
u64 rproc_elf_get_boot_addr(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_segments(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_rsc_table(struct rproc *rproc, const struct firmware *fw);
struct resource_table *rproc_elf_find_loaded_rsc_table(struct rproc *rproc,
						       const struct firmware *fw);

#endif /* OHOST_RPROC_H */
