// SPDX-License-Identifier: GPL-2.0
/*
 * Module ohost_rproc: kicks over a mailbox ("tx" and "rx" channels, and an
 * optional "rxdb" doorbell).
 *
 * The remote's kicks say nothing useful about which vring they are for
 * (ZynqMP IPI; i.MX MU messages name one, but a remote's single kick may
 * stand for several), so every RX services every vring.
 * The mailbox framework may call the RX callback in hard-IRQ context (the
 * ZynqMP IPI controller does, from a non-threaded handler; on PREEMPT_RT
 * that is its IRQ thread).  The callback therefore does only what the
 * platform needs at once (its @rx hook, e.g. ZynqMP's ack, which takes
 * the mailbox core's spinlock_t and completes at once: nothing that spins
 * waiting for the remote) and queues work on the remote's own workqueue;
 * the work delivers through the glue's gate, in process context, where
 * the virtio callbacks may sleep.  Kicks that arrive while the work runs
 * queue it again, so none is lost; kicks that arrive together are served
 * by one run, which is fine because each run looks at every vring.
 *
 * The workqueue is WQ_HIGHPRI (RX latency is the remote's message
 * latency) and not WQ_MEM_RECLAIM: no memory reclaim waits on a remote
 * processor's messages, and a reclaim workqueue must not flush ordinary
 * ones, which the rpmsg callbacks run from it may do.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/mailbox_client.h>
#include <linux/mailbox_controller.h>
#include <linux/of.h>
#include <linux/workqueue.h>

#include "ohost/rproc.h"

static void ohost_rproc_mbox_rx_work(struct work_struct *work)
{
	struct ohost_rproc_mbox *mb = container_of(work, struct ohost_rproc_mbox,
						   rx_work);

	ohost_rproc_notify_all(mb->glue);
}

/* May run in hard-IRQ context: no sleeping, no waiting for the remote. */
static void ohost_rproc_mbox_rx(struct mbox_client *cl, void *msg)
{
	struct ohost_rproc_mbox *mb = container_of(cl, struct ohost_rproc_mbox,
						   rx_cl);

	if (mb->ops->rx)
		mb->ops->rx(mb, msg);
	queue_work(mb->wq, &mb->rx_work);
}

/* The counter of a kick for @vqid, NULL if its kicks are not counted. */
static atomic_t *ohost_rproc_mbox_counter(struct ohost_rproc_mbox *mb,
					  int vqid)
{
	switch (mb->ops->coalesce) {
	case OHOST_RPROC_MBOX_COALESCE_ANY:
		return &mb->in_flight[0];
	case OHOST_RPROC_MBOX_COALESCE_PER_VQ:
		if (vqid >= 0 && vqid < OHOST_RPROC_MBOX_MAX_VQ)
			return &mb->in_flight[vqid];
		return NULL;
	default:
		return NULL;
	}
}

/* The vqid a message sent was for (per-vqid counting), else 0. */
static int ohost_rproc_mbox_vqid_of(struct ohost_rproc_mbox *mb, void *msg)
{
	int i;

	if (mb->ops->coalesce != OHOST_RPROC_MBOX_COALESCE_PER_VQ)
		return 0;
	for (i = 0; i < OHOST_RPROC_MBOX_MAX_VQ; i++)
		if (READ_ONCE(mb->sent[i]) == msg)
			return i;
	return -1;
}

/* The remote took a kick (atomic context). */
static void ohost_rproc_mbox_tx_done(struct mbox_client *cl, void *msg, int r)
{
	struct ohost_rproc_mbox *mb = container_of(cl, struct ohost_rproc_mbox,
						   tx_cl);
	atomic_t *count;

	count = ohost_rproc_mbox_counter(mb, ohost_rproc_mbox_vqid_of(mb, msg));
	if (count)
		atomic_dec_if_positive(count);
}

static struct mbox_chan *ohost_rproc_mbox_request(struct ohost_rproc_mbox *mb,
						  struct mbox_client *cl,
						  const char *name)
{
	struct mbox_chan *chan;

	if (mb->ops->request_channel)
		chan = mb->ops->request_channel(cl, name);
	else
		chan = mbox_request_channel_byname(cl, name);
	if (IS_ERR(chan))
		dev_err_probe(cl->dev, PTR_ERR(chan),
			      "mailbox channel \"%s\" (mboxes/mbox-names): cannot get it\n",
			      name);
	return chan;
}

/* An optional channel: NULL when mbox-names does not list it. */
static struct mbox_chan *
ohost_rproc_mbox_request_optional(struct ohost_rproc_mbox *mb,
				  struct mbox_client *cl, const char *name)
{
	if (!mb->ops->request_channel &&
	    of_property_match_string(cl->dev->of_node, "mbox-names", name) < 0)
		return NULL;
	return ohost_rproc_mbox_request(mb, cl, name);
}

static void ohost_rproc_mbox_put(struct ohost_rproc_mbox *mb,
				 struct mbox_chan *chan)
{
	if (!chan)
		return;
	if (mb->ops->free_channel)
		mb->ops->free_channel(chan);
	else
		mbox_free_channel(chan);
}

/**
 * ohost_rproc_mbox_init() - request a remote's "tx" and "rx" channels
 * @mb: the mailbox state to set up
 * @glue: the glue whose vrings RX services
 * @dev: the device whose mboxes/mbox-names name the channels
 * @ops: platform hooks (@ops->kick_msg is required)
 *
 * RX may be delivered as soon as this returns; the glue's gate drops it
 * until the vrings exist.  Undo with ohost_rproc_mbox_free().
 *
 * Return: 0 or a negative errno (logged, naming the channel).
 */
int ohost_rproc_mbox_init(struct ohost_rproc_mbox *mb,
			  struct ohost_rproc_glue *glue, struct device *dev,
			  const struct ohost_rproc_mbox_ops *ops)
{
	int ret;

	*mb = (struct ohost_rproc_mbox) {
		.glue = glue,
		.ops = ops,
		.tx_cl = {
			.dev = dev,
			.tx_done = ohost_rproc_mbox_tx_done,
		},
		.rx_cl = {
			.dev = dev,
			.rx_callback = ohost_rproc_mbox_rx,
			/* see ohost_rproc_mbox_ack() */
			.knows_txdone = true,
		},
	};
	INIT_WORK(&mb->rx_work, ohost_rproc_mbox_rx_work);
	mb->wq = alloc_workqueue("ohost-rproc-%s", WQ_HIGHPRI, 0,
				 dev_name(dev));
	if (!mb->wq)
		return -ENOMEM;
	mb->tx = ohost_rproc_mbox_request(mb, &mb->tx_cl, "tx");
	if (IS_ERR(mb->tx)) {
		ret = PTR_ERR(mb->tx);
		goto free_wq;
	}
	mb->rx = ohost_rproc_mbox_request(mb, &mb->rx_cl, "rx");
	if (IS_ERR(mb->rx)) {
		ret = PTR_ERR(mb->rx);
		goto free_tx;
	}
	if (ops->rxdb) {
		mb->rxdb = ohost_rproc_mbox_request_optional(mb, &mb->rx_cl,
							     "rxdb");
		if (IS_ERR(mb->rxdb)) {
			ret = PTR_ERR(mb->rxdb);
			goto free_rx;
		}
	}
	return 0;
free_rx:
	ohost_rproc_mbox_put(mb, mb->rx);
	cancel_work_sync(&mb->rx_work);
free_tx:
	ohost_rproc_mbox_put(mb, mb->tx);
free_wq:
	destroy_workqueue(mb->wq);
	mb->wq = NULL;
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mbox_init);

/**
 * ohost_rproc_mbox_free() - release the channels and the RX work
 * @mb: set up by ohost_rproc_mbox_init()
 *
 * The RX channels go first (no callback runs once they are freed), then the
 * work still queued by it is finished (the gate makes it a no-op once the
 * remote is stopped), then the TX channel.
 */
void ohost_rproc_mbox_free(struct ohost_rproc_mbox *mb)
{
	ohost_rproc_mbox_put(mb, mb->rxdb);
	ohost_rproc_mbox_put(mb, mb->rx);
	cancel_work_sync(&mb->rx_work);
	ohost_rproc_mbox_put(mb, mb->tx);
	destroy_workqueue(mb->wq);
	mb->wq = NULL;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mbox_free);

/**
 * ohost_rproc_mbox_send() - queue a message without waiting for the remote
 * @chan: a channel of a client with tx_block false
 * @msg: the message
 *
 * A full queue (the remote stopped taking messages) drops the message
 * with a rate-limited warning: the remote services every vring when it
 * takes its next kick, so a dropped one loses nothing while it lives.
 *
 * Return: 0, or the mailbox framework's error.
 */
int ohost_rproc_mbox_send(struct mbox_chan *chan, void *msg)
{
	int ret = mbox_send_message(chan, msg);

	if (ret == -ENOBUFS)
		dev_warn_ratelimited(chan->cl->dev,
				     "mailbox full: kick dropped (remote not taking them)\n");
	else if (ret < 0)
		dev_err_ratelimited(chan->cl->dev, "mailbox send failed: %d\n",
				    ret);
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mbox_send);

/**
 * ohost_rproc_mbox_ack() - acknowledge a notification on the "rx" channel
 * @mb: set up by ohost_rproc_mbox_init()
 * @msg: the ack message (ZynqMP IPI: the response)
 *
 * For controllers whose send_data() on an RX channel is the ack itself
 * (ZynqMP IPI: the ACK call, which clears the remote's notification): it
 * is complete once sent, so the client says so at once.  Left to the
 * controller's tx-done poll, an ack of a notification delivered again
 * (a shared interrupt) would wait in the mailbox queue, run late and
 * clear the remote's next notification before anyone saw it.
 *
 * Return: 0, or the mailbox framework's error.
 */
int ohost_rproc_mbox_ack(struct ohost_rproc_mbox *mb, void *msg)
{
	int ret = ohost_rproc_mbox_send(mb->rx, msg);

	if (!ret)
		mbox_client_txdone(mb->rx, 0);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_rproc_mbox_ack);

/**
 * ohost_rproc_mbox_kick() - &rproc_ops.kick over the "tx" channel
 * @mb: set up by ohost_rproc_mbox_init()
 * @vqid: the vring (the platform's message may or may not carry it)
 *
 * Never waits for the remote: the message is queued, the mailbox's
 * tx-done handling sends the next one.  Payload-less kicks
 * (@ops->coalesce) are merged while one waits behind the one the remote
 * has not taken yet: that one is sent after now, so the remote sees
 * everything written before this kick.  A dead remote then costs two
 * queue entries, not a full queue and a log line per kick.  Kicks that
 * name their vring (@ops->coalesce %OHOST_RPROC_MBOX_COALESCE_PER_VQ) are
 * merged only into one queued for the same vring: a remote servicing
 * only the vring named (rpmsg-lite) would otherwise miss the kick.
 */
void ohost_rproc_mbox_kick(struct ohost_rproc_mbox *mb, int vqid)
{
	atomic_t *count = ohost_rproc_mbox_counter(mb, vqid);
	void *msg;
	int ret;

	if (count && atomic_read(count) >= 2) {
		atomic_inc(&mb->coalesced);
		return;
	}
	msg = mb->ops->kick_msg(mb, vqid);
	if (mb->ops->coalesce == OHOST_RPROC_MBOX_COALESCE_PER_VQ && count)
		WRITE_ONCE(mb->sent[vqid], msg);
	if (count)
		atomic_inc(count);
	ret = ohost_rproc_mbox_send(mb->tx, msg);
	if (ret) {
		if (count)
			atomic_dec(count);
		if (ret == -ENOBUFS)
			atomic_inc(&mb->dropped);
	}
}
EXPORT_SYMBOL_GPL(ohost_rproc_mbox_kick);
