// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: a mailbox client of the stock zynqmp-ipi driver, bound to the
 * "ohost,test-ipi-client" node of tools/testing/zynqmp/virt-zynqmp.dtso,
 * and a raw ZynqMP SiP call interface, for guest tests of the EL3 stub and
 * the host "R5".  debugfs, in ohost_ipi_client/:
 *   send   write up to 32 bytes: sent on "tx"; the write returns once the
 *          remote acknowledged it (the mailbox core polls tx-done), or
 *          fails with ETIME
 *   rx     "<count> <len> <data>\n": messages received on "rx" so far and
 *          the last one (data up to its first NUL); each is acknowledged
 *   smc    write "fid x1 x2 x3" (hex; ZynqMP SiP 0xc200xxxx or IPI
 *          0x8200100x only), read "a0 a1 a2 a3\n" of the last call
 * Never part of a driver.
 */
#include <linux/arm-smccc.h>
#include <linux/debugfs.h>
#include <linux/mailbox_client.h>
#include <linux/mailbox/zynqmp-ipi-message.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define IPIC_MSG_MAX	32

/**
 * struct ipic - the test client
 * @tx_cl: client of the tx channel, blocking until tx-done
 * @rx_cl: client of the rx channel, non-blocking (acks from the rx callback)
 * @tx: the "tx" channel
 * @rx: the "rx" channel
 * @dir: debugfs directory
 * @lock: protects @rx_count, @rx_len and @rx_data; a spinlock because the
 *	rx callback runs in the mailbox's hard interrupt handler
 * @rx_count: messages received
 * @rx_len: length of the last one
 * @rx_data: the last one
 * @smc_lock: serialises the smc file's writers and readers
 * @smc_res: result of the last smc
 */
struct ipic {
	struct mbox_client tx_cl;
	struct mbox_client rx_cl;
	struct mbox_chan *tx;
	struct mbox_chan *rx;
	struct dentry *dir;
	spinlock_t lock;		/* rx_*; taken in hard irq */
	u32 rx_count;
	size_t rx_len;
	u8 rx_data[IPIC_MSG_MAX + 1];
	struct mutex smc_lock;	/* smc_res */
	struct arm_smccc_res smc_res;
};

static void ipic_rx(struct mbox_client *cl, void *data)
{
	struct ipic *c = container_of(cl, struct ipic, rx_cl);
	struct zynqmp_ipi_message *msg = data;
	size_t len = min_t(size_t, msg->len, IPIC_MSG_MAX);
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&c->lock, flags);
	memcpy(c->rx_data, msg->data, len);
	c->rx_data[len] = 0;
	c->rx_len = len;
	c->rx_count++;
	spin_unlock_irqrestore(&c->lock, flags);
	/* The ack: zynqmp-ipi's send on the rx channel is the ACK SMC. */
	ret = mbox_send_message(c->rx, NULL);
	if (ret < 0)
		dev_err(cl->dev, "rx ack failed: %d\n", ret);
}

static ssize_t ipic_send_write(struct file *f, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct ipic *c = f->private_data;
	struct zynqmp_ipi_message *msg;
	int ret;

	if (len > IPIC_MSG_MAX)
		return -EMSGSIZE;
	msg = kzalloc(sizeof(*msg) + IPIC_MSG_MAX, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->len = IPIC_MSG_MAX;
	if (copy_from_user(msg->data, ubuf, len)) {
		kfree(msg);
		return -EFAULT;
	}
	ret = mbox_send_message(c->tx, msg);	/* blocks until tx-done */
	kfree(msg);
	return ret < 0 ? ret : len;
}

static ssize_t ipic_rx_read(struct file *f, char __user *ubuf, size_t len,
			    loff_t *ppos)
{
	struct ipic *c = f->private_data;
	char buf[IPIC_MSG_MAX + 32];
	unsigned long flags;
	int n;

	spin_lock_irqsave(&c->lock, flags);
	n = scnprintf(buf, sizeof(buf), "%u %zu %s\n", c->rx_count, c->rx_len,
		      c->rx_data);
	spin_unlock_irqrestore(&c->lock, flags);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static bool ipic_smc_allowed(unsigned long fid)
{
	return (fid & 0xffff0000) == 0xc2000000 ||
	       (fid >= 0x82001000 && fid <= 0x82001006);
}

static ssize_t ipic_smc_write(struct file *f, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	struct ipic *c = f->private_data;
	unsigned long fid, x1 = 0, x2 = 0, x3 = 0;
	char buf[96];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%lx %lx %lx %lx", &fid, &x1, &x2, &x3) < 1)
		return -EINVAL;
	if (!ipic_smc_allowed(fid))
		return -EPERM;
	mutex_lock(&c->smc_lock);
	arm_smccc_smc(fid, x1, x2, x3, 0, 0, 0, 0, &c->smc_res);
	mutex_unlock(&c->smc_lock);
	return len;
}

static ssize_t ipic_smc_read(struct file *f, char __user *ubuf, size_t len,
			     loff_t *ppos)
{
	struct ipic *c = f->private_data;
	char buf[80];
	int n;

	mutex_lock(&c->smc_lock);
	n = scnprintf(buf, sizeof(buf), "%lx %lx %lx %lx\n", c->smc_res.a0,
		      c->smc_res.a1, c->smc_res.a2, c->smc_res.a3);
	mutex_unlock(&c->smc_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations ipic_send_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ipic_send_write,
};

static const struct file_operations ipic_rx_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ipic_rx_read,
};

static const struct file_operations ipic_smc_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ipic_smc_read,
	.write = ipic_smc_write,
};

static void ipic_remove_debugfs(void *dir)
{
	debugfs_remove_recursive(dir);
}

static void ipic_free_chan(void *chan)
{
	mbox_free_channel(chan);
}

static int ipic_request(struct device *dev, struct mbox_client *cl,
			const char *name, struct mbox_chan **chan)
{
	cl->dev = dev;
	*chan = mbox_request_channel_byname(cl, name);
	if (IS_ERR(*chan))
		return dev_err_probe(dev, PTR_ERR(*chan), "no %s channel\n", name);
	return devm_add_action_or_reset(dev, ipic_free_chan, *chan);
}

static int ipic_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ipic *c;
	int ret;

	c = devm_kzalloc(dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock);
	mutex_init(&c->smc_lock);
	c->tx_cl.tx_block = true;
	c->tx_cl.tx_tout = 2000;
	c->rx_cl.rx_callback = ipic_rx;
	ret = ipic_request(dev, &c->tx_cl, "tx", &c->tx);
	if (ret)
		return ret;
	ret = ipic_request(dev, &c->rx_cl, "rx", &c->rx);
	if (ret)
		return ret;
	c->dir = debugfs_create_dir("ohost_ipi_client", NULL);
	debugfs_create_file("send", 0200, c->dir, c, &ipic_send_fops);
	debugfs_create_file("rx", 0400, c->dir, c, &ipic_rx_fops);
	debugfs_create_file("smc", 0600, c->dir, c, &ipic_smc_fops);
	ret = devm_add_action_or_reset(dev, ipic_remove_debugfs, c->dir);
	if (ret)
		return ret;
	dev_info(dev, "tx and rx channels ready\n");
	return 0;
}

static const struct of_device_id ipic_of_match[] = {
	{ .compatible = "ohost,test-ipi-client" },
	{ }
};
MODULE_DEVICE_TABLE(of, ipic_of_match);

static struct platform_driver ipic_driver = {
	.probe = ipic_probe,
	.driver = {
		.name = "ohost_testhook_ipi_client",
		.of_match_table = ipic_of_match,
	},
};
module_platform_driver(ipic_driver);

MODULE_DESCRIPTION("Test only: ZynqMP IPI mailbox client and SiP call interface");
MODULE_LICENSE("GPL");
