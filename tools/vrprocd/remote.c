// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd: the remote processor itself - resource table, the device side
 * of virtio-rpmsg and the demo applications - the same on every platform
 * (vrprocd.h, struct vrprocd_platform: memory, kicks, boot and stop).
 *
 * Everything Linux wrote into shared memory is validated before use:
 * the daemon must survive any content of the window.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shm_access.h"
#include "vrprocd.h"

#define RSC_TRACE	2
#define RSC_VDEV	3
#define VIRTIO_ID_RPMSG	7
#define VIRTIO_RPMSG_F_NS	0
#define VIRTIO_CONFIG_S_DRIVER_OK	4

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_DESC_F_INDIRECT	4
#define VRING_AVAIL_F_NO_INTERRUPT	1
#define VIRTIO_RING_F_EVENT_IDX	29

#define RPMSG_HDR_SIZE	16
#define RPMSG_NS_ADDR	53
#define RPMSG_NS_SIZE	40
#define RPMSG_NS_DESTROY	1
#define APP_ADDR	1024
#define SHUTDOWN_WORD	0xef56a55aU
#define CHANNEL_NAME	"rpmsg-openamp-demo-channel"
#define MATRIX_MSG_SIZE	148

/* ---- address translation: the platform's ---- */

static uint8_t *da_to_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	return d->plat->da_to_va(d, da, len);
}

/* ---- trace buffer: the remote's log, readable in Linux debugfs ---- */

static void trace(struct vrprocd *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trace(struct vrprocd *d, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	size_t n, i;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vlog(d, 1, "remote: %s", line);
	if (!d->trace_len)
		return;
	n = strlen(line);
	for (i = 0; i <= n; i++) {
		char c = i < n ? line[i] : '\n';

		if (d->trace_pos + 1 >= d->trace_len)
			d->trace_pos = 0;
		d->trace_buf[d->trace_pos++] = (uint8_t)c;
	}
	d->trace_buf[d->trace_pos] = 0;
}

/* ---- state ---- */

static void set_state(struct vrprocd *d, enum vrprocd_state st, uint32_t reason)
{
	d->plat->state(d, st, reason);
}

struct vrprocd *remote_new(struct vrprocd_daemon *dm, unsigned int index)
{
	struct vrprocd *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->opt = dm->opt;
	d->dm = dm;
	d->plat = dm->plat;
	d->index = index;
	d->pending = calloc(VRPROCD_MAX_PENDING, sizeof(*d->pending));
	d->held = calloc(32768, sizeof(*d->held));	/* a vring's maximum num */
	if (!d->pending || !d->held) {
		free(d->pending);
		free(d->held);
		free(d);
		return NULL;
	}
	rpc_app_reset(d);
	return d;
}

void remote_reset(struct vrprocd *d)
{
	d->running = d->linked = d->crashed = d->app_ended = false;
	d->have_peer = false;
	rpc_app_reset(d);
	d->nmat = 0;
	d->npending = 0;
	d->last_status = 0;
	d->trace_len = 0;
	d->rsc = d->vdev = NULL;
	d->injected_used = d->injected_len = d->injected_dup = false;
	d->inj_logged = 0;
	d->hammering = false;		/* hammer_boots stays */
	d->tx_stalled = false;
	d->stall_destroy_at = d->stall_until = 0;
	d->nheld = 0;
	memset(d->vr, 0, sizeof(d->vr));
	storm_reset(d);
	set_state(d, RSTATE_READY, 0);
}

/* The remote failed: the platform tells Linux if it can. */
void remote_crash(struct vrprocd *d, uint32_t reason, const char *why)
{
	if (d->crashed)
		return;
	vlog(d, 0, "remote crashed: %s", why);
	d->crashed = true;
	d->linked = false;
	set_state(d, RSTATE_CRASHED, reason);
}

/* ---- START: resource table and app descriptor ---- */

static int parse_vdev(struct vrprocd *d, uint8_t *p, uint32_t avail)
{
	uint32_t config_len;
	uint8_t nvrings;

	/* id 0, notifyid 4, dfeatures 8, gfeatures 12, config_len 16,
	 * status 20, num_of_vrings 21, vrings 24
	 */
	if (avail < 24)
		return EINVAL;
	if (ld32(p) != VIRTIO_ID_RPMSG)
		return 0;	/* not ours: ignore */
	config_len = ld32(p + 16);
	nvrings = p[21];
	if (nvrings != 2 || (uint64_t)24 + 20 * nvrings + config_len > avail) {
		vlog(d, 0, "rpmsg vdev: %u vrings, config %u, %u bytes: refused",
		     nvrings, config_len, avail);
		return EINVAL;
	}
	if (d->vdev)
		return EINVAL;	/* one rpmsg vdev only */
	d->vdev = p;
	d->nvrings = nvrings;
	return 0;
}

static int parse_trace(struct vrprocd *d, const uint8_t *p, uint32_t avail)
{
	uint8_t *buf;
	uint32_t da, len;

	if (avail < 44)		/* da, len, reserved, name[32] */
		return EINVAL;
	da = ld32(p);
	len = ld32(p + 4);
	if (!len || !(buf = da_to_va(d, da, len)))
		return EINVAL;
	d->trace_buf = buf;
	d->trace_len = len;
	d->trace_pos = 0;
	memset(buf, 0, len);
	return 0;
}

static int parse_rsc_table(struct vrprocd *d)
{
	uint8_t *t = d->rsc;
	uint32_t size = d->rsc_size, num, i;
	int ret = 0;

	if (size < 16 || ld32(t) != 1)
		return EINVAL;
	num = ld32(t + 4);
	if (num > (size - 16) / 4)
		return EINVAL;
	d->vdev = NULL;
	for (i = 0; i < num && !ret; i++) {
		uint32_t o = ld32(t + 16 + 4 * i);

		if (o > size || size - o < 4)
			return EINVAL;
		switch (ld32(t + o)) {
		case RSC_VDEV:
			ret = parse_vdev(d, t + o + 4, size - o - 4);
			break;
		case RSC_TRACE:
			ret = parse_trace(d, t + o + 4, size - o - 4);
			break;
		}
	}
	if (!ret && !d->vdev)
		ret = ENOENT;
	return ret;
}

static int parse_app(struct vrprocd *d, const struct ohost_vrproc_app *where)
{
	struct ohost_vrproc_app app;

	if (!where)
		return EFAULT;
	memcpy(&app, where, sizeof(app));
	if (le32toh(app.magic) != OHOST_VRPROC_APP_MAGIC || le32toh(app.version) != 1)
		return ENOEXEC;
	if (!memchr(app.name, 0, sizeof(app.name)))
		return ENOEXEC;
	memcpy(d->app_name, app.name, sizeof(app.name));
	d->app_name[sizeof(app.name)] = 0;
	if (!strcmp(d->app_name, "echo"))
		d->app = APP_ECHO;
	else if (!strcmp(d->app_name, "matrix"))
		d->app = APP_MATRIX;
	else if (!strcmp(d->app_name, "rpc") ||
		 !strcmp(d->app_name, "rpc-proxy"))
		d->app = APP_RPC;
	else
		return ENOEXEC;
	return 0;
}

static int setup_vring(struct vrprocd *d, unsigned int i);

/*
 * --inject hammer-start: the vring addresses are final at START, so the
 * remote can write vring0's used ring before Linux has even created the
 * virtqueue (the core zeroes it then; the hammer keeps writing).
 */
static void hammer_begin(struct vrprocd *d)
{
	if (!(d->opt.inject & INJ_HAMMER_START) ||
	    d->hammer_boots >= d->opt.hammer_boots)
		return;
	d->hammer_boots++;
	if (setup_vring(d, 0))
		return;
	d->hammer_used = d->vr[0].used;
	d->hammer_notifyid = d->vr[0].notifyid;
	d->hammer_idx = 0x5a00;
	d->hammer_until = now_ms() + VRPROCD_HAMMER_MAX_MS;
	d->hammering = true;
	vlog(d, 0, "hammering vring0's used idx and its kick (notify id %u) until DRIVER_OK (--inject hammer-start)",
	     d->hammer_notifyid);
}

/*
 * Boot: the platform found the loaded firmware's resource table and the
 * app descriptor at its entry point.  0, or an errno: nothing runs.
 */
int remote_boot(struct vrprocd *d, uint8_t *rsc, uint32_t rsc_size,
		const struct ohost_vrproc_app *app)
{
	int ret;

	if (d->running)
		return EBUSY;
	if (!rsc || rsc_size > 65536) {
		vlog(d, 0, "boot: resource table outside the remote's memory");
		return EFAULT;
	}
	d->rsc = rsc;
	d->rsc_size = rsc_size;
	ret = parse_rsc_table(d);
	if (ret) {
		vlog(d, 0, "boot: bad resource table: %s", strerror(ret));
		return ret;
	}
	ret = parse_app(d, app);
	if (ret) {
		vlog(d, 0, "boot: no runnable app at the entry point: %s",
		     strerror(ret));
		return ret;
	}
	d->running = true;
	d->boots++;
	set_state(d, RSTATE_RUNNING, 0);
	trace(d, "vrproc: firmware started, app %s", d->app_name);
	hammer_begin(d);
	storm_begin(d);
	return 0;
}

void remote_stop(struct vrprocd *d)
{
	unsigned int i;

	if (d->running) {
		trace(d, "vrproc: stopped");
		for (i = 0; i < 2 && d->vr[i].num; i++)
			vlog(d, 1, "vring%u: %lu interrupts to Linux, %lu suppressed by it%s",
			     i, d->vr[i].kicks_out, d->vr[i].kicks_saved,
			     d->vr[i].event_idx ? " (event index)" : "");
		for (i = 0; i < d->opt.vectors && i < VRPROCD_MAX_VECTORS; i++)
			if (d->dm->kicks_in[i])
				vlog(d, 1, "vector %u: %lu doorbells from Linux so far",
				     i, d->dm->kicks_in[i]);
	}
	remote_reset(d);
}

/* Once per boot, at -v 0: a continuous knob is at work. */
static void inj_note(struct vrprocd *d, unsigned int knob, const char *what)
{
	if (d->inj_logged & knob)
		return;
	d->inj_logged |= knob;
	vlog(d, 0, "injecting %s", what);
}

/* ---- vrings ---- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int setup_vring(struct vrprocd *d, unsigned int i)
{
	const uint8_t *e = d->vdev + 24 + 20 * i;
	struct vrprocd_vring *vr = &d->vr[i];
	uint32_t da = ld32(e), align = ld32(e + 4), num = ld32(e + 8);
	uint64_t used_off, size;
	uint8_t *p;

	if (!pow2(num) || num > 32768 || !pow2(align) || align < 4) {
		vlog(d, 0, "vring%u: bad num %u or align %u", i, num, align);
		return -1;
	}
	used_off = align_up(16ULL * num + 6 + 2ULL * num, align);
	size = used_off + 6 + 8ULL * num;
	p = da_to_va(d, da, size);
	if (!p) {
		vlog(d, 0, "vring%u at %#x+%#llx outside the remote's memory", i,
		     da, (unsigned long long)size);
		return -1;
	}
	vr->num = num;
	vr->notifyid = ld32(e + 12);
	vr->desc = p;
	vr->avail = p + 16ULL * num;
	vr->used = p + used_off;
	vr->last_avail = 0;
	vr->used_idx = 0;
	vr->event_idx = false;
	vr->signalled_valid = false;
	vr->signalled_used = 0;
	vr->avail_flags = 0;
	vr->kicks_out = vr->kicks_saved = 0;
	return 0;
}

/* Linux's avail flags, also under --inject avail-scribble. */
static uint16_t avail_flags(struct vrprocd_vring *vr)
{
	uint16_t f = ld16(vr->avail);

	return f == VRPROCD_SCRIBBLE_FLAGS ? vr->avail_flags : f;
}

/*
 * --inject avail-scribble: the slot just consumed (Linux writes it again
 * only after that buffer came back) and the flags get garbage.  The flags
 * are swapped atomically so that a value Linux writes is never lost: the
 * remote still honours it (avail_flags()).
 */
static void scribble_avail(struct vrprocd *d, struct vrprocd_vring *vr,
			   volatile uint8_t *slot)
{
	volatile uint16_t *fp = (volatile uint16_t *)vr->avail;
	uint16_t f = __atomic_load_n(fp, __ATOMIC_RELAXED);
	const uint16_t junk = htole16(VRPROCD_SCRIBBLE_FLAGS);

	inj_note(d, INJ_AVAIL_SCRIBBLE,
		 "avail-scribble: consumed avail->ring slots := 0xdead, avail->flags := 0xa55a, both vrings");
	st16(slot, VRPROCD_SCRIBBLE_SLOT);
	while (f != junk) {
		if (__atomic_compare_exchange_n(fp, &f, junk, false,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
			vr->avail_flags = le16toh(f);
			break;
		}
	}
}

/*
 * Next buffer Linux made available: 1 and *head, 0 when there is none,
 * -1 when the ring is corrupt.
 */
int remote_take_avail(struct vrprocd *d, struct vrprocd_vring *vr,
		      uint16_t *head)
{
	uint16_t idx = ld16(vr->avail + 2), n = (uint16_t)(idx - vr->last_avail);
	volatile uint8_t *slot;

	if (!n && vr->event_idx) {
		/*
		 * Nothing new: publish avail_event (used->ring[num]) = the next
		 * index we read, so that Linux kicks when it passes it, then
		 * look again - a buffer added before Linux saw the new value
		 * brought no kick.
		 */
		st16(vr->used + 4 + 8ULL * vr->num, vr->last_avail);
		fence();
		idx = ld16(vr->avail + 2);
		n = (uint16_t)(idx - vr->last_avail);
	}
	if (!n)
		return 0;
	if (n > vr->num) {
		vlog(d, 0, "avail idx %u is %u ahead of %u (num %u)", idx, n,
		     vr->last_avail, vr->num);
		return -1;
	}
	fence();
	slot = vr->avail + 4 + 2 * (vr->last_avail % vr->num);
	*head = ld16(slot);
	if (*head >= vr->num) {
		vlog(d, 0, "avail head %u out of range", *head);
		return -1;
	}
	vr->last_avail++;
	if (d->opt.inject & INJ_AVAIL_SCRIBBLE)
		scribble_avail(d, vr, slot);
	return 1;
}

/* Validate descriptor @head; its buffer's shm offset and length. */
int remote_get_desc(struct vrprocd *d, struct vrprocd_vring *vr, uint16_t head,
		    bool writable, uint8_t **buf, uint32_t *len)
{
	const volatile uint8_t *desc = vr->desc + 16ULL * head;
	uint64_t addr = ld64(desc);
	uint16_t flags = ld16(desc + 12);

	*len = ld32(desc + 8);
	if (d->opt.inject & INJ_DESC_NEXT)
		flags &= ~VRING_DESC_F_NEXT;	/* ours (--inject desc-next) */
	if (flags & (VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT) ||
	    !(flags & VRING_DESC_F_WRITE) != !writable) {
		vlog(d, 0, "descriptor %u: flags %#x unsupported", head, flags);
		return -1;
	}
	if (*len < RPMSG_HDR_SIZE ||
	    !(*buf = d->plat->buf_to_va(d, addr, *len))) {
		vlog(d, 0, "descriptor %u: %#llx+%#x outside the shared window",
		     head, (unsigned long long)addr, *len);
		return -1;
	}
	return 0;
}

/*
 * --inject desc-next: before a buffer goes back, every descriptor of the
 * ring gets VRING_DESC_F_NEXT and next = (i + 1) % num - one cycle through
 * the whole table.  A driver that follows chains in shared memory to free
 * a buffer never finds the end of it.
 */
static void poison_descs(struct vrprocd *d, struct vrprocd_vring *vr)
{
	unsigned int i;

	inj_note(d, INJ_DESC_NEXT,
		 "desc-next: VRING_DESC_F_NEXT and next = (i + 1) % num on every descriptor, both vrings");
	for (i = 0; i < vr->num; i++) {
		volatile uint8_t *desc = vr->desc + 16ULL * i;

		st16(desc + 12, ld16(desc + 12) | VRING_DESC_F_NEXT);
		st16(desc + 14, (uint16_t)((i + 1) % vr->num));
	}
	fence();
}

/*
 * Return a buffer: @copies used entries {id, len} (1; 2 for used-dup),
 * published by one used->idx update.
 */
static void put_used_n(struct vrprocd *d, struct vrprocd_vring *vr, uint32_t id,
		       uint32_t len, unsigned int copies)
{
	unsigned int i;

	if (d->opt.inject & INJ_DESC_NEXT)
		poison_descs(d, vr);
	for (i = 0; i < copies; i++) {
		volatile uint8_t *e = vr->used + 4 + 8ULL * (vr->used_idx % vr->num);

		st32(e, id);
		st32(e + 4, len);
		vr->used_idx++;
	}
	fence();
	st16(vr->used + 2, vr->used_idx);
	fence();
}

void remote_put_used(struct vrprocd *d, struct vrprocd_vring *vr, uint32_t id,
		     uint32_t len)
{
	put_used_n(d, vr, id, len, 1);
}

/* virtio 1.x: true when new_idx has passed event since old. */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/*
 * Used entries were added: interrupt Linux unless it said not to - with
 * VIRTIO_RING_F_EVENT_IDX by used_event (avail->ring[num]) against the
 * used index of the previous decision, else by VRING_AVAIL_F_NO_INTERRUPT.
 * remote_put_used()'s fence orders the used index before the read of used_event.
 */
void remote_kick_vring(struct vrprocd *d, struct vrprocd_vring *vr)
{
	bool kick;

	if (vr->event_idx) {
		uint16_t event = ld16(vr->avail + 4 + 2ULL * vr->num);

		kick = !vr->signalled_valid ||
		       vring_need_event(event, vr->used_idx, vr->signalled_used);
		vr->signalled_valid = true;
		vr->signalled_used = vr->used_idx;
	} else {
		kick = !(avail_flags(vr) & VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (!kick) {
		vr->kicks_saved++;
		return;
	}
	vr->kicks_out++;
	d->plat->kick(d, vr->notifyid);
}

/* Deliver queued messages into the buffers Linux posted on vring0. */
static void flush_pending(struct vrprocd *d)
{
	struct vrprocd_vring *vr = &d->vr[0];
	unsigned int sent = 0;

	while (d->npending && d->linked && !d->crashed) {
		struct vrprocd_msg *m = &d->pending[d->phead];
		uint32_t len, used_len, id;
		uint16_t head;
		uint8_t *p;
		int r = remote_take_avail(d, vr, &head);

		if (!r)
			break;
		if (r < 0 || remote_get_desc(d, vr, head, true, &p, &len)) {
			remote_crash(d, CRASH_PROTOCOL, "bad host RX ring");
			return;
		}
		if (m->len > len - RPMSG_HDR_SIZE) {
			vlog(d, 0, "message of %u bytes does not fit a %u-byte buffer: dropped",
			     m->len, len);
			remote_put_used(d, vr, head, 0);
			sent++;
		} else {
			st32(p, m->src);
			st32(p + 4, m->dst);
			st32(p + 8, 0);
			st16(p + 12, m->len);
			st16(p + 14, 0);
			memcpy(p + RPMSG_HDR_SIZE, m->data, m->len);
			id = head;
			used_len = RPMSG_HDR_SIZE + m->len;
			if ((d->opt.inject & INJ_HOSTILE_USED_ID) && !d->injected_used &&
			    m->dst != RPMSG_NS_ADDR) {
				d->injected_used = true;
				id = vr->num + 5;
				vlog(d, 0, "injecting used id %u", id);
			}
			if ((d->opt.inject & INJ_BAD_LEN) && !d->injected_len &&
			    m->dst != RPMSG_NS_ADDR) {
				d->injected_len = true;
				used_len = len + 4096;
				vlog(d, 0, "injecting used len %u", used_len);
			}
			remote_put_used(d, vr, id, used_len);
			sent++;
		}
		d->npending--;
		d->phead = (d->phead + 1) % VRPROCD_MAX_PENDING;
	}
	if (sent)
		remote_kick_vring(d, vr);
}

static void send_msg(struct vrprocd *d, uint32_t src, uint32_t dst,
		     const void *data, size_t len)
{
	struct vrprocd_msg *m;

	if (d->npending >= VRPROCD_MAX_PENDING) {
		vlog(d, 0, "host RX ring full, %u messages queued: message dropped",
		     d->npending);
		return;
	}
	if (len > VRPROCD_MAX_MSG)
		len = VRPROCD_MAX_MSG;
	m = &d->pending[(d->phead + d->npending++) % VRPROCD_MAX_PENDING];
	m->src = src;
	m->dst = dst;
	m->len = (uint16_t)len;
	memcpy(m->data, data, len);
	flush_pending(d);
}

/* For the applications in files of their own (app_rpc.c). */
void remote_send(struct vrprocd *d, uint32_t src, uint32_t dst,
		 const void *data, size_t len)
{
	send_msg(d, src, dst, data, len);
}

void remote_trace(struct vrprocd *d, const char *line)
{
	trace(d, "%s", line);
}

/* A name-service message from @addr: create (0) or destroy (1). */
void remote_ns_send(struct vrprocd *d, const uint8_t name[32], uint32_t addr,
		    uint32_t flags)
{
	uint8_t ns[RPMSG_NS_SIZE];

	memcpy(ns, name, 32);
	st32(ns + 32, addr);
	st32(ns + 36, flags);
	send_msg(d, addr, RPMSG_NS_ADDR, ns, sizeof(ns));
}

static void announce(struct vrprocd *d, const char *name, uint32_t addr,
		     bool nul)
{
	uint8_t n[32];

	memset(n, 0, sizeof(n));
	if (nul)
		snprintf((char *)n, sizeof(n), "%s", name);
	else
		memset(n, 'A', sizeof(n));
	remote_ns_send(d, n, addr, 0);
}

/*
 * The app leaves its loop and destroys its endpoint, as OpenAMP's
 * rpmsg-echo and matrix_multiplyd do (rpmsg_destroy_ept(): a name-service
 * destroy): on a board the channel disappears from Linux.
 */
static void app_end(struct vrprocd *d, const char *why)
{
	uint8_t n[32];

	if (d->app_ended)
		return;
	d->app_ended = true;
	trace(d, "vrproc: %s: %s, endpoint %u destroyed", d->app_name, why,
	      APP_ADDR);
	memset(n, 0, sizeof(n));
	snprintf((char *)n, sizeof(n), "%s", rpc_app_channel(d, CHANNEL_NAME));
	remote_ns_send(d, n, APP_ADDR, RPMSG_NS_DESTROY);
}

static void link_up(struct vrprocd *d)
{
	uint32_t gfeatures = ld32(d->vdev + 12);
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (setup_vring(d, i)) {
			remote_crash(d, CRASH_PROTOCOL, "bad vring in the resource table");
			return;
		}
	}
	for (i = 0; i < 2; i++)
		d->vr[i].event_idx = gfeatures & (1U << VIRTIO_RING_F_EVENT_IDX);
	d->linked = true;
	trace(d, "vrproc: virtio DRIVER_OK, gfeatures %#x%s", gfeatures,
	      d->vr[0].event_idx ? " (event index)" : "");
	if (!(gfeatures & (1U << VIRTIO_RPMSG_F_NS)))
		return;
	if (d->opt.inject & INJ_NS_NO_NUL)
		announce(d, NULL, APP_ADDR, false);
	if (d->opt.inject & INJ_NS_FLOOD) {
		for (i = 0; i < d->opt.ns_flood_count; i++) {
			char name[32];

			snprintf(name, sizeof(name), "rpmsg-flood-%u", i);
			announce(d, name, APP_ADDR + 1 + i, true);
		}
	}
	announce(d, rpc_app_channel(d, CHANNEL_NAME), APP_ADDR, true);
	trace(d, "vrproc: announced %s at %u", rpc_app_channel(d, CHANNEL_NAME),
	      APP_ADDR);
}

/* ---- applications ---- */

static void matrix_multiply(struct vrprocd *d, uint32_t to)
{
	uint8_t out[MATRIX_MSG_SIZE];
	uint32_t n = ld32(d->mat[0]), i, j, k;

	if (n > 6) {
		vlog(d, 0, "matrix: size %u > 6, clamped", n);
		n = 6;
	}
	memset(out, 0, sizeof(out));
	st32(out, n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			uint32_t sum = 0;

			for (k = 0; k < n; k++)
				sum += ld32(d->mat[0] + 4 + 4 * (6 * i + k)) *
				       ld32(d->mat[1] + 4 + 4 * (6 * k + j));
			st32(out + 4 + 4 * (6 * i + j), sum);
		}
	}
	send_msg(d, APP_ADDR, to, out, sizeof(out));
}

static void app_message(struct vrprocd *d, uint32_t src, const uint8_t *data,
			uint32_t len)
{
	if (d->app_ended) {
		vlog(d, 1, "app %s ended: message from %u dropped", d->app_name, src);
		return;
	}
	if (len >= 4 && ld32(data) == SHUTDOWN_WORD) {
		char why[48];

		snprintf(why, sizeof(why), "shutdown message from %u", src);
		app_end(d, why);
		return;
	}
	if (!d->have_peer) {
		d->have_peer = true;
		d->peer = src;
	}
	if (d->app == APP_RPC) {	/* app_rpc.c */
		rpc_app_message(d, src, data, len);
		return;
	}
	if (d->app == APP_ECHO) {
		send_msg(d, APP_ADDR, d->peer, data, len);
		return;
	}
	/* Both matrices in one message (open-amp's demo), or one each. */
	if (len == 2 * MATRIX_MSG_SIZE && !d->nmat) {
		memcpy(d->mat[0], data, MATRIX_MSG_SIZE);
		memcpy(d->mat[1], data + MATRIX_MSG_SIZE, MATRIX_MSG_SIZE);
		matrix_multiply(d, src);
		return;
	}
	if (len != MATRIX_MSG_SIZE) {
		vlog(d, 0, "matrix: %u-byte message dropped (want %u or %u)", len,
		     MATRIX_MSG_SIZE, 2 * MATRIX_MSG_SIZE);
		return;
	}
	memcpy(d->mat[d->nmat++], data, MATRIX_MSG_SIZE);
	if (d->nmat == 2) {
		d->nmat = 0;
		matrix_multiply(d, src);
	}
}

/*
 * A name-service message from Linux.  A destroy of our endpoint, or of the
 * app's peer under the app's channel name (what open-amp's name-service
 * callback matches), ends the app; with --inject ns-destroy-stall an
 * announcement stops vring1 and schedules a destroy of its address.
 */
static void ns_message(struct vrprocd *d, const uint8_t *data, uint32_t len)
{
	uint32_t addr, flags;

	if (len < RPMSG_NS_SIZE)
		return;
	addr = ld32(data + 32);
	flags = ld32(data + 36);
	if (flags == RPMSG_NS_DESTROY) {
		if (addr == APP_ADDR ||
		    (d->have_peer && addr == d->peer &&
		     !strncmp((const char *)data, rpc_app_channel(d, CHANNEL_NAME), 32)))
			app_end(d, "name service destroy");
		return;
	}
	if (flags || !(d->opt.inject & INJ_NS_DESTROY_STALL) || d->tx_stalled)
		return;
	memcpy(d->stall_name, data, 32);
	d->stall_name[31] = 0;
	d->stall_addr = addr;
	d->tx_stalled = true;
	d->stall_destroy_at = now_ms() + VRPROCD_STALL_DESTROY_MS;
	d->stall_until = now_ms() + VRPROCD_STALL_MAX_MS;
	vlog(d, 0, "Linux announced %s at %u: vring1 stalled, destroy in %u ms (--inject ns-destroy-stall)",
	     (const char *)d->stall_name, addr, VRPROCD_STALL_DESTROY_MS);
}

static void handle_message(struct vrprocd *d, uint32_t src, uint32_t dst,
			   const uint8_t *data, uint32_t len)
{
	if (dst == RPMSG_NS_ADDR) {
		ns_message(d, data, len);
		return;
	}
	if (dst != APP_ADDR) {
		vlog(d, 1, "message %u -> %u: no such endpoint", src, dst);
		return;
	}
	app_message(d, src, data, len);
}

/* Consume what Linux sent on vring1 and give the buffers back. */
static void process_tx(struct vrprocd *d)
{
	struct vrprocd_vring *vr = &d->vr[1];
	static uint8_t buf[VRPROCD_MAX_MSG];
	unsigned int done = 0;

	while (d->linked && !d->crashed && !d->tx_stalled) {
		uint32_t len, plen, src, dst;
		uint8_t *p;
		uint16_t head;
		int r = remote_take_avail(d, vr, &head);

		if (!r)
			break;
		if (r < 0 || remote_get_desc(d, vr, head, false, &p, &len)) {
			remote_crash(d, CRASH_PROTOCOL, "bad host TX ring");
			return;
		}
		src = ld32(p);
		dst = ld32(p + 4);
		plen = ld16(p + 12);
		if (plen > len - RPMSG_HDR_SIZE || plen > sizeof(buf)) {
			vlog(d, 0, "message claims %u bytes in a %u-byte buffer: dropped",
			     plen, len);
			plen = 0;
		} else {
			memcpy(buf, p + RPMSG_HDR_SIZE, plen);
		}
		if (d->opt.inject & INJ_TX_HOLD) {
			d->held[d->nheld].id = head;
			d->held[d->nheld++].len = len;
			d->held_since = now_ms();
		} else if ((d->opt.inject & INJ_USED_DUP) && !d->injected_dup &&
			   dst == APP_ADDR) {
			/*
			 * Both entries published at once: when Linux reads
			 * the second, it cannot have posted the buffer again.
			 */
			d->injected_dup = true;
			vlog(d, 0, "injecting used-dup: vring1 id %u in used entries %u and %u",
			     head, vr->used_idx, (uint16_t)(vr->used_idx + 1));
			put_used_n(d, vr, head, len, 2);
			done++;
		} else {
			remote_put_used(d, vr, head, len);
			done++;
		}
		if (plen || dst != APP_ADDR)
			handle_message(d, src, dst, buf, plen);
		d->msgs++;
		if (d->opt.die_after && d->msgs >= d->opt.die_after) {
			vlog(d, 0, "dying after %lu messages (--inject die-after)",
			     d->msgs);
			_exit(3);
		}
		if (d->opt.crash_after && d->msgs == d->opt.crash_after)
			remote_crash(d, CRASH_INJECTED, "--inject crash-after");
	}
	if (done)
		remote_kick_vring(d, vr);
}

/* --inject tx-hold: every held buffer back at once, MS after the latest. */
static void release_held(struct vrprocd *d)
{
	unsigned int i;

	if (!d->nheld || now_ms() - d->held_since < d->opt.tx_hold_ms)
		return;
	for (i = 0; i < d->nheld; i++)
		remote_put_used(d, &d->vr[1], d->held[i].id, d->held[i].len);
	vlog(d, 1, "%u held TX buffers returned (--inject tx-hold)", d->nheld);
	d->nheld = 0;
	remote_kick_vring(d, &d->vr[1]);
}

/* --inject ns-destroy-stall: the destroy, and the end of the stall. */
static void stall_timers(struct vrprocd *d)
{
	uint64_t now = now_ms();

	if (d->stall_destroy_at && now >= d->stall_destroy_at) {
		d->stall_destroy_at = 0;
		vlog(d, 0, "name-service destroy of %s at %u, vring1 still stalled",
		     (const char *)d->stall_name, d->stall_addr);
		remote_ns_send(d, d->stall_name, d->stall_addr, RPMSG_NS_DESTROY);
	}
	if (d->tx_stalled && now >= d->stall_until) {
		d->tx_stalled = false;
		vlog(d, 0, "vring1 stall over after %u ms", VRPROCD_STALL_MAX_MS);
	}
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static bool driver_ok(const struct vrprocd *d)
{
	return __atomic_load_n(d->vdev + 20, __ATOMIC_RELAXED) &
	       VIRTIO_CONFIG_S_DRIVER_OK;
}

/*
 * Kicks on both vrings' notify ids (read from the resource table: the
 * vrings may not be up) for VRPROCD_BURST_US: kick-storm and the storm's.
 */
void remote_kick_burst(struct vrprocd *d)
{
	uint64_t end = now_us() + VRPROCD_BURST_US;
	uint32_t n[2];
	unsigned int i;

	for (i = 0; i < 2; i++)
		n[i] = ld32(d->vdev + 24 + 20 * i + 12);
	do {
		d->plat->kick(d, n[0]);
		if (n[1] != n[0])
			d->plat->kick(d, n[1]);
	} while (now_us() < end);
}

/*
 * The injection loops (hammer-start, kick-storm): one burst of at most
 * VRPROCD_BURST_US, then back to the caller, which polls its sockets and
 * eventfds without sleeping and calls again.  True while a loop is active.
 */
bool remote_inject(struct vrprocd *d)
{
	uint64_t end = now_us() + VRPROCD_BURST_US;

	if (d->hammering) {
		if (!d->running || d->crashed || driver_ok(d) ||
		    now_ms() >= d->hammer_until) {
			d->hammering = false;
			vlog(d, 0, "hammer-start over: %s", !d->running ? "stopped" :
			     driver_ok(d) ? "DRIVER_OK" : "time limit");
			return false;
		}
		do {
			/* slot 0, the first Linux reads: an id out of range */
			st32(d->hammer_used + 4, 0xdead);
			st32(d->hammer_used + 8, 0);
			st16(d->hammer_used + 2, d->hammer_idx++);
			fence();
			d->plat->kick(d, d->hammer_notifyid);
		} while (!driver_ok(d) && now_us() < end);
		return true;
	}
	if (storm_kicks(d))
		return true;
	if (!(d->opt.inject & INJ_KICK_STORM) || !d->running || d->crashed)
		return false;
	remote_kick_burst(d);
	return true;
}

bool remote_done(const struct vrprocd *d)
{
	return d->opt.exit_after && d->msgs >= d->opt.exit_after;
}

/* Called on every kick and periodically: advance the remote. */
void remote_poll(struct vrprocd *d)
{
	uint8_t status;

	if (storm_tick(d) || !d->running || d->crashed)
		return;
	status = __atomic_load_n(d->vdev + 20, __ATOMIC_RELAXED);
	fence();
	if ((status & VIRTIO_CONFIG_S_DRIVER_OK) && !d->linked) {
		link_up(d);
	} else if (!(status & VIRTIO_CONFIG_S_DRIVER_OK) && d->linked) {
		trace(d, "vrproc: virtio reset (status %#x)", status);
		d->linked = false;
		d->npending = 0;
		d->have_peer = false;
		rpc_app_reset(d);
		d->app_ended = false;
		d->nmat = 0;
	}
	d->last_status = status;
	if (!d->linked)
		return;
	stall_timers(d);
	process_tx(d);
	release_held(d);
	flush_pending(d);
}
