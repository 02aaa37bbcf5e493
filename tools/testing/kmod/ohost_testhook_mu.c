// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: an i.MX Messaging Unit stand-in for QEMU's virt machine
 * (tools/testing/imx/virt-imx8mm.dtso), so that an i.MX remoteproc driver
 * runs unmodified against a host process playing the M4 (vrprocd
 * --platform imx).  Two linked drivers:
 *
 *   PCI       the ivshmem-doorbell device: its doorbell register rings the
 *             host, its MSI-X vector 0 is the "MU interrupt";
 *   platform  the "openamp-host,test-mu" node: a mailbox controller with
 *             #mbox-cells = <2> (type, index) as fsl,imx-mu: type 0 TX,
 *             1 RX, 2 TXDB, 3 RXDB, index 0-3; its registers are the RAM
 *             page at its reg (layout: ohost_test_mu.h).
 *
 * TX completes (tx-done) when the host has taken the message, as the MU's
 * TE flag; a message the host has not taken stays in flight however slow
 * the host is (the mailbox core queues the next ones).  RX delivers a u32
 * message, RXDB a doorbell (no payload), each acknowledged to the host,
 * which sends the next one only then: nothing is lost.  The platform
 * device is a consumer of the PCI device (device link), so the PCI side
 * never goes away under it.  Channels in use pin the module.  The module
 * binds only when the device tree has a test MU node: elsewhere it loads
 * and stays idle.  Never part of a driver.
 */
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mailbox_controller.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "ohost_test_mu.h"

#define TMU_NAME	"ohost_testhook_mu"
#define TMU_TYPES	4
#define TMU_NCHANS	(TMU_TYPES * OHOST_TMU_CHANS)
#define IVSHMEM_DOORBELL	0x0c	/* BAR0: (peer << 16) | vector */

/**
 * struct tmu - one test MU
 * @mbox: the mailbox controller
 * @chans: its channels, index type * OHOST_TMU_CHANS + index
 * @dev: the platform device
 * @page: the register page (guest RAM shared with the host)
 * @doorbell: the ivshmem doorbell register
 * @lock: protects @tx_seq, @tx_busy; taken in send_data
 * @tx_seq: the last TX sequence number written
 * @tx_busy: a TX message the host has not taken yet
 * @service_lock: serialises tmu_service() and channel shutdown, so that
 *	no callback runs for a channel once it is shut down
 * @enabled: RX and RXDB channels with a client (under @service_lock)
 * @rx_ack: the last RX / RXDB sequence numbers acknowledged
 * @rxdb_ack: see @rx_ack
 * @txdb_done: TXDB channels owing a tx-done (bit per index)
 * @service_work: runs tmu_service() outside the interrupt
 */
struct tmu {
	struct mbox_controller mbox;
	struct mbox_chan chans[TMU_NCHANS];
	struct device *dev;
	void __iomem *page;
	void __iomem *doorbell;
	spinlock_t lock;		/* tx_seq, tx_busy */
	u32 tx_seq[OHOST_TMU_CHANS];
	bool tx_busy[OHOST_TMU_CHANS];
	spinlock_t service_lock;	/* enabled, rx_ack, rxdb_ack */
	bool enabled[TMU_NCHANS];
	u32 rx_ack[OHOST_TMU_CHANS];
	u32 rxdb_ack[OHOST_TMU_CHANS];
	unsigned long txdb_done;
	struct work_struct service_work;
};

static unsigned int chan_type(struct tmu *mu, struct mbox_chan *chan)
{
	return (chan - mu->chans) / OHOST_TMU_CHANS;
}

static unsigned int chan_index(struct tmu *mu, struct mbox_chan *chan)
{
	return (chan - mu->chans) % OHOST_TMU_CHANS;
}

static struct tmu *to_tmu(struct mbox_chan *chan)
{
	return container_of(chan->mbox, struct tmu, mbox);
}

/* Ring the host, once it has said which ivshmem peer it is. */
static void tmu_ring_host(struct tmu *mu)
{
	if (readl(mu->page + OHOST_TMU_H_MAGIC) != OHOST_TMU_H_MAGIC_VAL)
		return;		/* no host yet: it polls the page when it comes */
	writel((readl(mu->page + OHOST_TMU_H_PEER) & 0xffff) << 16,
	       mu->doorbell);
}

/* TX the host has taken: tx-done, called without any of our locks. */
static void tmu_service_tx(struct tmu *mu, unsigned int i)
{
	unsigned long flags;
	bool done = false;

	spin_lock_irqsave(&mu->lock, flags);
	if (mu->tx_busy[i] &&
	    readl(mu->page + OHOST_TMU_H_TX_ACK(i)) == mu->tx_seq[i]) {
		mu->tx_busy[i] = false;
		done = true;
	}
	spin_unlock_irqrestore(&mu->lock, flags);
	if (done)
		mbox_chan_txdone(&mu->chans[OHOST_TMU_TYPE_TX * OHOST_TMU_CHANS + i], 0);
}

/* One RX message or RXDB doorbell of index @i, if any: true when taken. */
static bool tmu_service_rx(struct tmu *mu, unsigned int i)
{
	struct mbox_chan *rx = &mu->chans[OHOST_TMU_TYPE_RX * OHOST_TMU_CHANS + i];
	struct mbox_chan *db = &mu->chans[OHOST_TMU_TYPE_RXDB * OHOST_TMU_CHANS + i];
	bool taken = false;
	u32 seq, msg;

	seq = readl(mu->page + OHOST_TMU_H_RX_SEQ(i));
	if (mu->enabled[rx - mu->chans] && seq != mu->rx_ack[i]) {
		msg = readl(mu->page + OHOST_TMU_H_RX_MSG(i));
		mu->rx_ack[i] = seq;
		writel(seq, mu->page + OHOST_TMU_L_RX_ACK(i));
		mbox_chan_received_data(rx, &msg);
		taken = true;
	}
	seq = readl(mu->page + OHOST_TMU_H_RXDB_SEQ(i));
	if (mu->enabled[db - mu->chans] && seq != mu->rxdb_ack[i]) {
		mu->rxdb_ack[i] = seq;
		writel(seq, mu->page + OHOST_TMU_L_RXDB_ACK(i));
		mbox_chan_received_data(db, NULL);
		taken = true;
	}
	return taken;
}

/* Everything the host did since the last look; under @service_lock. */
static void tmu_service(struct tmu *mu)
{
	bool taken = false;
	unsigned int i;

	for (i = 0; i < OHOST_TMU_CHANS; i++) {
		tmu_service_tx(mu, i);
		if (test_and_clear_bit(i, &mu->txdb_done))
			mbox_chan_txdone(&mu->chans[OHOST_TMU_TYPE_TXDB *
						    OHOST_TMU_CHANS + i], 0);
		taken |= tmu_service_rx(mu, i);
	}
	if (taken)	/* the host may send the next one */
		tmu_ring_host(mu);
}

static irqreturn_t tmu_irq(int irq, void *data)
{
	struct tmu *mu = data;

	spin_lock(&mu->service_lock);
	tmu_service(mu);
	spin_unlock(&mu->service_lock);
	return IRQ_HANDLED;
}

static void tmu_service_work(struct work_struct *work)
{
	struct tmu *mu = container_of(work, struct tmu, service_work);
	unsigned long flags;

	spin_lock_irqsave(&mu->service_lock, flags);
	tmu_service(mu);
	spin_unlock_irqrestore(&mu->service_lock, flags);
}

static int tmu_send_data(struct mbox_chan *chan, void *data)
{
	struct tmu *mu = to_tmu(chan);
	unsigned int i = chan_index(mu, chan);
	unsigned long flags;
	u32 seq;

	switch (chan_type(mu, chan)) {
	case OHOST_TMU_TYPE_TX:
		/* tx_busy and tx_seq set before the host can see the
		 * message, so that its ack always finds them
		 */
		spin_lock_irqsave(&mu->lock, flags);
		writel(*(u32 *)data, mu->page + OHOST_TMU_L_TX_MSG(i));
		mu->tx_seq[i]++;
		mu->tx_busy[i] = true;
		writel(mu->tx_seq[i], mu->page + OHOST_TMU_L_TX_SEQ(i));
		spin_unlock_irqrestore(&mu->lock, flags);
		break;
	case OHOST_TMU_TYPE_TXDB:
		seq = readl(mu->page + OHOST_TMU_L_TXDB_SEQ(i));
		writel(seq + 1, mu->page + OHOST_TMU_L_TXDB_SEQ(i));
		/* no ack: done at once, outside the core's lock */
		set_bit(i, &mu->txdb_done);
		schedule_work(&mu->service_work);
		break;
	default:
		return -EINVAL;	/* RX channels do not send */
	}
	tmu_ring_host(mu);
	return 0;
}

static int tmu_startup(struct mbox_chan *chan)
{
	struct tmu *mu = to_tmu(chan);
	unsigned long flags;

	/* the client holds our channel: no unload under it */
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	spin_lock_irqsave(&mu->service_lock, flags);
	mu->enabled[chan - mu->chans] = true;
	spin_unlock_irqrestore(&mu->service_lock, flags);
	/* what the host sent while nobody listened */
	schedule_work(&mu->service_work);
	return 0;
}

static void tmu_shutdown(struct mbox_chan *chan)
{
	struct tmu *mu = to_tmu(chan);
	unsigned int i = chan_index(mu, chan);
	unsigned long flags;

	spin_lock_irqsave(&mu->service_lock, flags);
	mu->enabled[chan - mu->chans] = false;
	spin_unlock_irqrestore(&mu->service_lock, flags);
	spin_lock_irqsave(&mu->lock, flags);
	if (chan_type(mu, chan) == OHOST_TMU_TYPE_TX)
		mu->tx_busy[i] = false;		/* the core dropped the request */
	spin_unlock_irqrestore(&mu->lock, flags);
	if (chan_type(mu, chan) == OHOST_TMU_TYPE_TXDB)
		clear_bit(i, &mu->txdb_done);
	module_put(THIS_MODULE);
}

static const struct mbox_chan_ops tmu_ops = {
	.send_data = tmu_send_data,
	.startup = tmu_startup,
	.shutdown = tmu_shutdown,
};

static struct mbox_chan *tmu_xlate(struct mbox_controller *mbox,
				   const struct of_phandle_args *sp)
{
	struct tmu *mu = container_of(mbox, struct tmu, mbox);
	u32 type, idx;

	if (sp->args_count != 2) {
		dev_err(mu->dev, "mboxes: want 2 cells (type, index), got %d\n",
			sp->args_count);
		return ERR_PTR(-EINVAL);
	}
	type = sp->args[0];
	idx = sp->args[1];
	if (type >= TMU_TYPES || idx >= OHOST_TMU_CHANS) {
		dev_err(mu->dev, "mboxes: no channel type %u index %u\n", type, idx);
		return ERR_PTR(-EINVAL);
	}
	return &mu->chans[type * OHOST_TMU_CHANS + idx];
}

/* ---- the ivshmem-doorbell device ---- */

static DEFINE_MUTEX(tmu_pci_lock);
static struct pci_dev *tmu_pci;		/* bound, under tmu_pci_lock */
static void __iomem *tmu_pci_bar0;	/* its registers */

static void tmu_pci_free_vectors(void *pdev)
{
	pci_free_irq_vectors(pdev);
}

static void tmu_pci_forget(void *pdev)
{
	mutex_lock(&tmu_pci_lock);
	if (tmu_pci == pdev)
		tmu_pci = NULL;
	mutex_unlock(&tmu_pci_lock);
}

static int tmu_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *bar0;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	bar0 = pcim_iomap(pdev, 0, 0);
	if (!bar0)
		return dev_err_probe(&pdev->dev, -ENOMEM, "cannot map BAR0\n");
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (ret < 0)
		return dev_err_probe(&pdev->dev, ret, "no MSI-X vector\n");
	ret = devm_add_action_or_reset(&pdev->dev, tmu_pci_free_vectors, pdev);
	if (ret)
		return ret;
	mutex_lock(&tmu_pci_lock);
	if (tmu_pci) {
		mutex_unlock(&tmu_pci_lock);
		return dev_err_probe(&pdev->dev, -EBUSY,
				     "one ivshmem device serves the test MU: %s does\n",
				     pci_name(tmu_pci));
	}
	tmu_pci = pdev;
	tmu_pci_bar0 = bar0;
	mutex_unlock(&tmu_pci_lock);
	return devm_add_action_or_reset(&pdev->dev, tmu_pci_forget, pdev);
}

static const struct pci_device_id tmu_pci_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1110) },	/* ivshmem */
	{ }
};

static struct pci_driver tmu_pci_driver = {
	.name = TMU_NAME,
	.id_table = tmu_pci_ids,
	.probe = tmu_pci_probe,
	.driver.suppress_bind_attrs = true,
};

/* ---- the test MU node ---- */

static void tmu_cancel_work(void *data)
{
	struct tmu *mu = data;

	cancel_work_sync(&mu->service_work);
}

/* Our side of the page: kept across reloads, so the host sees no jump. */
static void tmu_init_page(struct tmu *mu)
{
	unsigned int i;
	u32 session;

	if (readl(mu->page + OHOST_TMU_L_MAGIC) != OHOST_TMU_L_MAGIC_VAL ||
	    readl(mu->page + OHOST_TMU_L_VERSION) != OHOST_TMU_VERSION) {
		memset_io(mu->page, 0, OHOST_TMU_H_MAGIC);
		writel(OHOST_TMU_VERSION, mu->page + OHOST_TMU_L_VERSION);
	}
	for (i = 0; i < OHOST_TMU_CHANS; i++) {
		mu->tx_seq[i] = readl(mu->page + OHOST_TMU_L_TX_SEQ(i));
		mu->rx_ack[i] = readl(mu->page + OHOST_TMU_L_RX_ACK(i));
		mu->rxdb_ack[i] = readl(mu->page + OHOST_TMU_L_RXDB_ACK(i));
	}
	session = readl(mu->page + OHOST_TMU_L_SESSION) + 1;
	writel(session, mu->page + OHOST_TMU_L_SESSION);
	writel(OHOST_TMU_L_MAGIC_VAL, mu->page + OHOST_TMU_L_MAGIC);
}

/* The ivshmem device, bound, as our supplier: 0, or -EPROBE_DEFER. */
static int tmu_link_pci(struct tmu *mu, struct pci_dev **pdev)
{
	struct device_link *link = NULL;

	mutex_lock(&tmu_pci_lock);
	if (tmu_pci) {
		link = device_link_add(mu->dev, &tmu_pci->dev,
				       DL_FLAG_AUTOREMOVE_CONSUMER);
		mu->doorbell = tmu_pci_bar0 + IVSHMEM_DOORBELL;
	}
	*pdev = tmu_pci;
	mutex_unlock(&tmu_pci_lock);
	if (!*pdev)
		return dev_err_probe(mu->dev, -EPROBE_DEFER,
				     "waiting for the ivshmem doorbell device\n");
	if (!link)
		return dev_err_probe(mu->dev, -EINVAL,
				     "cannot link to %s\n", pci_name(*pdev));
	return 0;
}

static int tmu_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct pci_dev *pci;
	struct resource *res;
	struct tmu *mu;
	int ret, irq;

	mu = devm_kzalloc(dev, sizeof(*mu), GFP_KERNEL);
	if (!mu)
		return -ENOMEM;
	mu->dev = dev;
	spin_lock_init(&mu->lock);
	spin_lock_init(&mu->service_lock);
	INIT_WORK(&mu->service_work, tmu_service_work);
	ret = tmu_link_pci(mu, &pci);
	if (ret)
		return ret;
	mu->page = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(mu->page))
		return dev_err_probe(dev, PTR_ERR(mu->page), "cannot map the page\n");
	if (resource_size(res) < PAGE_SIZE)
		return dev_err_probe(dev, -EINVAL, "reg %pR: want a page\n", res);
	tmu_init_page(mu);

	ret = devm_add_action_or_reset(dev, tmu_cancel_work, mu);
	if (ret)
		return ret;
	irq = pci_irq_vector(pci, 0);
	if (irq < 0)
		return dev_err_probe(dev, irq, "no MSI-X vector 0\n");
	ret = devm_request_irq(dev, irq, tmu_irq, 0, TMU_NAME, mu);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request irq %d\n", irq);

	mu->mbox.dev = dev;
	mu->mbox.chans = mu->chans;
	mu->mbox.num_chans = TMU_NCHANS;
	mu->mbox.ops = &tmu_ops;
	mu->mbox.of_xlate = tmu_xlate;
	mu->mbox.txdone_irq = true;
	ret = devm_mbox_controller_register(dev, &mu->mbox);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register the mailbox\n");
	dev_info(dev, "test MU: page %pR, doorbell %s irq %d\n", res,
		 pci_name(pci), irq);
	return 0;
}

static const struct of_device_id tmu_of_ids[] = {
	{ .compatible = "openamp-host,test-mu" },
	{ }
};
MODULE_DEVICE_TABLE(of, tmu_of_ids);

static struct platform_driver tmu_driver = {
	.probe = tmu_probe,
	.driver = {
		.name = TMU_NAME,
		.of_match_table = tmu_of_ids,
		.suppress_bind_attrs = true,
	},
};

static bool tmu_registered;

static int __init tmu_init(void)
{
	struct device_node *np;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "openamp-host,test-mu");
	of_node_put(np);
	if (!np)
		return 0;	/* not the i.MX test machine: stay idle */
	ret = pci_register_driver(&tmu_pci_driver);
	if (ret)
		return ret;
	ret = platform_driver_register(&tmu_driver);
	if (ret) {
		pci_unregister_driver(&tmu_pci_driver);
		return ret;
	}
	tmu_registered = true;
	return 0;
}
module_init(tmu_init);

static void __exit tmu_exit(void)
{
	if (!tmu_registered)
		return;
	platform_driver_unregister(&tmu_driver);
	pci_unregister_driver(&tmu_pci_driver);
}
module_exit(tmu_exit);

MODULE_DESCRIPTION("Test only: i.MX MU stand-in over the ivshmem doorbell on QEMU virt");
MODULE_LICENSE("GPL");
