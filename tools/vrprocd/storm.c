// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd --storm SEED[,COUNT]: a seeded hostile remote
 * (Documentation/vrproc-protocol.rst §10).
 *
 * Every successful boot of the remote is a lifetime.  Lifetime k (from 0,
 * counted over the daemon's whole life, recoveries included) draws its
 * plan from a PRNG seeded with SEED + k, so that `--storm SEED+k,1` replays
 * it as the first lifetime of a new daemon (REPEAT: each seed REPEAT
 * lifetimes in a row, for a seed that hits a race only sometimes):
 * 1..VRPROCD_STORM_EVENTS events
 * at random times within VRPROCD_STORM_WINDOW_MS of the START, each
 * corrupting something the remote can write (used ring, descriptors,
 * avail ring, rpmsg headers, name-service messages, the resource table,
 * the control area) or misbehaving in time (kick and message floods,
 * stalls, unanswered commands, a crash, a silent death and rebirth).
 * What an event writes comes from the same PRNG, so a replay makes the
 * same plan; the guest's timing decides what it hits.  After COUNT
 * lifetimes the remote behaves ("storm: over" in its trace buffer), so
 * that a test can end with a clean lifetime.
 *
 * Every event is logged at -v 0 with its lifetime's seed.  Nothing here
 * reads guest memory except through remote.c's validated ring
 * primitives; the vring pointers are those setup_vring() checked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shm_access.h"
#include "vrprocd.h"

#define RPMSG_HDR_SIZE	16
#define RPMSG_NS_ADDR	53
#define APP_ADDR	1024
#define VIRTIO_CONFIG_S_DRIVER_OK	4

enum storm_kind {
	SK_USED_ID,	/* a used entry with a random id */
	SK_USED_LEN,	/* a real RX buffer back with a random used length */
	SK_RPMSG_HDR,	/* a real RX buffer with a random rpmsg header */
	SK_USED_IDX,	/* a random used->idx */
	SK_DESC,	/* a random descriptor field */
	SK_AVAIL,	/* a random avail flags/idx/slot/used_event */
	SK_NS,		/* bad name-service messages, sometimes a flood */
	SK_MSG_FLOOD,	/* as many messages as the RX queue takes */
	SK_RSC,		/* a random resource table byte or vdev status */
	SK_CTRL,	/* a random control area word (platform) */
	SK_KICKS,	/* every vring vector, continuously */
	SK_STALL,	/* vrings untouched for a while */
	SK_MUTE,	/* commands unanswered for a while */
	SK_CRASH,	/* the remote crashes (recovery) */
	SK_DIE,		/* silent, then reborn as a new process */
	SK_KINDS
};

static const struct {
	const char *name;
	bool needs_link;	/* waits for DRIVER_OK (the vrings) */
	unsigned int weight;
} kinds[SK_KINDS] = {
	[SK_USED_ID] = { "used-id", true, 3 },
	[SK_USED_LEN] = { "used-len", true, 3 },
	[SK_RPMSG_HDR] = { "rpmsg-hdr", true, 4 },
	[SK_USED_IDX] = { "used-idx", true, 2 },
	[SK_DESC] = { "desc", true, 3 },
	[SK_AVAIL] = { "avail", true, 2 },
	[SK_NS] = { "ns", true, 4 },
	[SK_MSG_FLOOD] = { "msg-flood", true, 2 },
	[SK_RSC] = { "rsc", false, 3 },
	[SK_CTRL] = { "ctrl", false, 2 },
	[SK_KICKS] = { "kicks", false, 2 },
	[SK_STALL] = { "stall", false, 2 },
	[SK_MUTE] = { "mute", false, 1 },
	[SK_CRASH] = { "crash", false, 2 },
	[SK_DIE] = { "die", false, 1 },
};

/* splitmix64: a good stream from any seed, consecutive seeds included */
static uint64_t rnd(struct vrprocd *d)
{
	uint64_t z = (d->storm_rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(struct vrprocd *d, uint32_t n)
{
	return n ? (uint32_t)(rnd(d) % n) : 0;
}

/* ",N" (1..1000000) at *s: 0 and *s past it, or -1; none: 0, *v kept. */
static int parse_field(const char **s, unsigned long *v)
{
	const char *c = *s + 1;
	char *end;

	if (**s != ',')
		return 0;
	errno = 0;
	*v = strtoul(c, &end, 10);
	if (errno || end == c || !*v || *v > 1000000)
		return -1;
	*s = end;
	return 0;
}

/* --storm SEED[,COUNT[,REPEAT]]: 0, or -1 on a malformed argument. */
int storm_parse(struct vrprocd_opts *o, const char *arg)
{
	unsigned long count = VRPROCD_STORM_COUNT, repeat = 1;
	unsigned long long seed;
	const char *s;
	char *end;

	errno = 0;
	seed = strtoull(arg, &end, 10);
	if (errno || end == arg || *arg == '-')
		return -1;
	s = end;
	if (parse_field(&s, &count) || parse_field(&s, &repeat) || *s)
		return -1;
	o->storm = true;
	o->storm_seed = seed;
	o->storm_count = count;
	o->storm_repeat = repeat;
	return 0;
}

static void slog(struct vrprocd *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line at -v 0, naming the lifetime's seed. */
static void slog(struct vrprocd *d, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vlog(d, 0, "storm: seed %" PRIu64 ": %s", d->storm_lifetime_seed, line);
}

void storm_reset(struct vrprocd *d)
{
	d->storm_on = false;
	d->storm_nev = d->storm_next = 0;
	d->storm_kick_until = d->storm_stall_until = d->storm_mute_until = 0;
	d->storm_dead_until = 0;
}

static enum storm_kind pick_kind(struct vrprocd *d)
{
	unsigned int total = 0, r, k;

	for (k = 0; k < SK_KINDS; k++)
		total += kinds[k].weight;
	r = below(d, total);
	for (k = 0; r >= kinds[k].weight; k++)
		r -= kinds[k].weight;
	return (enum storm_kind)k;
}

/* The plan of a new lifetime: events sorted by time. */
void storm_begin(struct vrprocd *d)
{
	char plan[160], line[64];
	unsigned int i, j;
	size_t n = 0;

	if (!d->opt.storm)
		return;
	storm_reset(d);
	if (d->storm_lifetimes >= d->opt.storm_count * d->opt.storm_repeat) {
		if (d->storm_lifetimes++ == d->opt.storm_count * d->opt.storm_repeat)
			vlog(d, 0, "storm: over after %lu lifetimes: clean from now on",
			     d->opt.storm_count * d->opt.storm_repeat);
		remote_trace(d, "storm: over");
		return;
	}
	d->storm_lifetime_seed = d->opt.storm_seed +
				 d->storm_lifetimes++ / d->opt.storm_repeat;
	d->storm_rng = d->storm_lifetime_seed;
	d->storm_on = true;
	d->storm_t0 = now_ms();
	d->storm_nev = 1 + below(d, VRPROCD_STORM_EVENTS);
	for (i = 0; i < d->storm_nev; i++) {
		uint32_t at = below(d, VRPROCD_STORM_WINDOW_MS);
		uint8_t kind = (uint8_t)pick_kind(d);

		for (j = i; j > 0 && d->storm_ev[j - 1].at_ms > at; j--)
			d->storm_ev[j] = d->storm_ev[j - 1];
		d->storm_ev[j].at_ms = at;
		d->storm_ev[j].kind = kind;
	}
	plan[0] = 0;
	for (i = 0; i < d->storm_nev; i++)
		n += (size_t)snprintf(plan + n, sizeof(plan) - n, " %s@%ums",
				      kinds[d->storm_ev[i].kind].name,
				      d->storm_ev[i].at_ms);
	slog(d, "lifetime %lu of %lu:%s (replay: --storm %" PRIu64 ",1)",
	     d->storm_lifetimes, d->opt.storm_count * d->opt.storm_repeat, plan,
	     d->storm_lifetime_seed);
	snprintf(line, sizeof(line), "storm: lifetime %lu seed %" PRIu64,
		 d->storm_lifetimes, d->storm_lifetime_seed);
	remote_trace(d, line);
}

/* ---- the events ---- */

static struct vrprocd_vring *some_vring(struct vrprocd *d)
{
	return &d->vr[below(d, 2)];
}

/* Random used entry {id, len} on a random vring, published and kicked. */
static void ev_used_id(struct vrprocd *d)
{
	struct vrprocd_vring *vr = some_vring(d);
	static const uint32_t ids[] = { 0xffffffffU, 0x10000U, 0xffffU };
	uint32_t id, len = (uint32_t)rnd(d);

	switch (below(d, 3)) {
	case 0:
		id = vr->num + below(d, 16);
		break;
	case 1:
		id = ids[below(d, 3)];
		break;
	default:
		id = below(d, vr->num);	/* in range, likely not outstanding */
	}
	slog(d, "used-id: vring%u id %u len %u", (unsigned int)(vr - d->vr), id,
	     len);
	remote_put_used(d, vr, id, len);
	remote_kick_vring(d, vr);
}

/* A host RX buffer Linux posted: 1 and its place, 0 when none. */
static int rx_buffer(struct vrprocd *d, uint16_t *head, uint8_t **p,
		     uint32_t *len)
{
	struct vrprocd_vring *vr = &d->vr[0];
	int r = remote_take_avail(d, vr, head);

	if (r > 0 && remote_get_desc(d, vr, *head, true, p, len))
		r = -1;
	if (r < 0)
		remote_crash(d, CRASH_PROTOCOL, "bad host RX ring");
	return r;
}

static void fill_random(struct vrprocd *d, uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd(d);
}

/* A well-formed message to the peer, back with a random used length. */
static void ev_used_len(struct vrprocd *d)
{
	static const uint32_t lens[] = { 0, 1, RPMSG_HDR_SIZE - 1, 0xffffffffU };
	uint32_t len, used, plen;
	uint16_t head;
	uint8_t *p;

	if (rx_buffer(d, &head, &p, &len) <= 0)
		return;
	plen = below(d, len - RPMSG_HDR_SIZE + 1);
	st32(p, APP_ADDR);
	st32(p + 4, d->have_peer ? d->peer : APP_ADDR);
	st32(p + 8, 0);
	st16(p + 12, (uint16_t)plen);
	st16(p + 14, 0);
	fill_random(d, p + RPMSG_HDR_SIZE, plen);
	switch (below(d, 3)) {
	case 0:
		used = lens[below(d, 4)];
		break;
	case 1:
		used = len + 1 + below(d, 8192);
		break;
	default:
		used = (uint32_t)rnd(d);
	}
	slog(d, "used-len: RX buffer %u (%u bytes), payload %u, used len %u",
	     head, len, plen, used);
	remote_put_used(d, &d->vr[0], head, used);
	remote_kick_vring(d, &d->vr[0]);
}

/* An RX buffer whose rpmsg header is random, or random in one field. */
static void ev_rpmsg_hdr(struct vrprocd *d)
{
	static const uint32_t addrs[] = { RPMSG_NS_ADDR, APP_ADDR, 0, 0xffffffffU };
	uint32_t len, src, dst, flags, used;
	uint16_t head, plen;
	uint8_t *p;

	if (rx_buffer(d, &head, &p, &len) <= 0)
		return;
	src = below(d, 2) ? addrs[below(d, 4)] : (uint32_t)rnd(d);
	dst = below(d, 2) ? (d->have_peer ? d->peer : addrs[below(d, 4)]) :
	      (uint32_t)rnd(d);
	plen = below(d, 2) ? (uint16_t)below(d, len - RPMSG_HDR_SIZE + 1) :
	       (uint16_t)rnd(d);
	flags = below(d, 2) ? 0 : (uint32_t)rnd(d);
	st32(p, src);
	st32(p + 4, dst);
	st32(p + 8, flags);	/* reserved */
	st16(p + 12, plen);
	st16(p + 14, (uint16_t)rnd(d));	/* flags */
	fill_random(d, p + RPMSG_HDR_SIZE,
		    plen < len - RPMSG_HDR_SIZE ? plen : len - RPMSG_HDR_SIZE);
	used = below(d, 2) ? RPMSG_HDR_SIZE + (plen < len - RPMSG_HDR_SIZE ?
					       plen : len - RPMSG_HDR_SIZE) :
	       below(d, len + 1);
	slog(d, "rpmsg-hdr: RX buffer %u: src %u dst %u len %u reserved %#x, used len %u",
	     head, src, dst, plen, flags, used);
	remote_put_used(d, &d->vr[0], head, used);
	remote_kick_vring(d, &d->vr[0]);
}

static void ev_used_idx(struct vrprocd *d)
{
	struct vrprocd_vring *vr = some_vring(d);
	uint16_t idx = below(d, 2) ? (uint16_t)rnd(d) :
		       (uint16_t)(vr->used_idx + 1 + below(d, 2 * vr->num));

	slog(d, "used-idx: vring%u used->idx %u (remote's %u)",
	     (unsigned int)(vr - d->vr), idx, vr->used_idx);
	fence();
	st16(vr->used + 2, idx);
	fence();
	d->plat->kick(d, vr->notifyid);
}

/* One field of a random descriptor: addr, len, flags or next. */
static void ev_desc(struct vrprocd *d)
{
	struct vrprocd_vring *vr = some_vring(d);
	uint32_t i = below(d, vr->num);
	volatile uint8_t *desc = vr->desc + 16ULL * i;
	static const char *const fields[] = { "addr", "len", "flags", "next" };
	unsigned int f = below(d, 4);
	uint64_t v = rnd(d);

	switch (f) {
	case 0:
		if (below(d, 2))	/* a near miss: past the buffer */
			v = ld64(desc) + (v & 0xffff);
		st64(desc, v);
		break;
	case 1:
		v &= 0xffffffffU;
		st32(desc + 8, (uint32_t)v);
		break;
	case 2:
		v &= 0xffff;
		st16(desc + 12, (uint16_t)v);
		break;
	default:
		v &= 0xffff;
		st16(desc + 14, (uint16_t)v);
	}
	fence();
	slog(d, "desc: vring%u descriptor %u %s := %#" PRIx64,
	     (unsigned int)(vr - d->vr), i, fields[f], v);
}

/* avail->flags, avail->idx, one avail->ring slot or used_event. */
static void ev_avail(struct vrprocd *d)
{
	struct vrprocd_vring *vr = some_vring(d);
	uint16_t v = (uint16_t)rnd(d);
	unsigned int f = below(d, 4);
	uint32_t slot = below(d, vr->num);
	static const char *const fields[] = { "flags", "idx", "ring slot", "used_event" };

	switch (f) {
	case 0:
		st16(vr->avail, v);
		break;
	case 1:
		st16(vr->avail + 2, v);
		break;
	case 2:
		st16(vr->avail + 4 + 2ULL * slot, v);
		break;
	default:
		st16(vr->avail + 4 + 2ULL * vr->num, v);
	}
	fence();
	slog(d, "avail: vring%u %s %u := %#x", (unsigned int)(vr - d->vr),
	     fields[f], f == 2 ? slot : 0, v);
}

/* Name-service messages: names without NUL or random, odd flags and addresses. */
static void ev_ns(struct vrprocd *d)
{
	static const uint32_t addrs[] = { APP_ADDR, RPMSG_NS_ADDR, 0, 0xffffffffU };
	unsigned int n = below(d, 4) ? 1 + below(d, 3) : 16 + below(d, 48), i;
	uint8_t name[32];
	uint32_t addr, flags;

	slog(d, "ns: %u name-service messages", n);
	for (i = 0; i < n; i++) {
		switch (below(d, 4)) {
		case 0:
			memset(name, 'a' + (int)below(d, 26), sizeof(name));
			break;	/* no NUL */
		case 1:
			fill_random(d, name, sizeof(name));
			break;
		case 2:
			memset(name, 0, sizeof(name));
			break;
		default:
			memset(name, 0, sizeof(name));
			snprintf((char *)name, sizeof(name), "storm-%u", below(d, 8));
		}
		addr = below(d, 2) ? addrs[below(d, 4)] : (uint32_t)rnd(d);
		flags = below(d, 2) ? below(d, 2) : (uint32_t)rnd(d);
		vlog(d, 1, "storm: ns addr %u flags %#x", addr, flags);
		remote_ns_send(d, name, addr, flags);
	}
}

/* Messages of random sizes, mostly to the peer, as many as fit the queue. */
static void ev_msg_flood(struct vrprocd *d)
{
	unsigned int n = 1 + below(d, VRPROCD_MAX_PENDING), i;
	uint8_t data[512];

	if (n > VRPROCD_MAX_PENDING - d->npending)
		n = VRPROCD_MAX_PENDING - d->npending;
	slog(d, "msg-flood: %u messages", n);
	for (i = 0; i < n && d->linked; i++) {
		uint32_t len = below(d, sizeof(data) + 1);
		uint32_t dst = below(d, 4) && d->have_peer ? d->peer :
			       (uint32_t)rnd(d);

		fill_random(d, data, len);
		remote_send(d, below(d, 4) ? APP_ADDR : (uint32_t)rnd(d), dst,
			    data, len);
	}
}

/* The resource table after load: the vdev status, a vdev field, any byte. */
static void ev_rsc(struct vrprocd *d)
{
	static const uint8_t status[] = { 0, 0x80, 0x40, 0xff };
	volatile uint8_t *t = d->rsc;
	uint32_t off;
	uint8_t v = (uint8_t)rnd(d);

	if (!d->vdev)
		return;
	switch (below(d, 3)) {
	case 0:		/* vdev status: cleared, FAILED, NEEDS_RESET, all */
		off = (uint32_t)(d->vdev - d->rsc) + 20;
		v = status[below(d, 4)];
		break;
	case 1:		/* id .. vring entries */
		off = (uint32_t)(d->vdev - d->rsc) + below(d, 24 + 20 * d->nvrings);
		break;
	default:
		off = below(d, d->rsc_size);
	}
	slog(d, "rsc: resource table byte %#x := %#x", off, v);
	t[off] = v;
	fence();
}

static void ev_ctrl(struct vrprocd *d)
{
	uint64_t v = rnd(d);
	char what[96];

	if (!d->plat->ctrl_chaos) {
		slog(d, "ctrl: no control area on platform %s", d->plat->name);
		return;
	}
	d->plat->ctrl_chaos(d, v, what, sizeof(what));
	slog(d, "ctrl: %s", what);
}

static uint64_t until(struct vrprocd *d, uint32_t min_ms, uint32_t max_ms)
{
	return now_ms() + min_ms + below(d, max_ms - min_ms + 1);
}

static void run_event(struct vrprocd *d, enum storm_kind k)
{
	switch (k) {
	case SK_USED_ID: ev_used_id(d); break;
	case SK_USED_LEN: ev_used_len(d); break;
	case SK_RPMSG_HDR: ev_rpmsg_hdr(d); break;
	case SK_USED_IDX: ev_used_idx(d); break;
	case SK_DESC: ev_desc(d); break;
	case SK_AVAIL: ev_avail(d); break;
	case SK_NS: ev_ns(d); break;
	case SK_MSG_FLOOD: ev_msg_flood(d); break;
	case SK_RSC: ev_rsc(d); break;
	case SK_CTRL: ev_ctrl(d); break;
	case SK_KICKS:
		d->storm_kick_until = until(d, 5, 150);
		slog(d, "kicks: for %" PRIu64 " ms", d->storm_kick_until - now_ms());
		break;
	case SK_STALL:
		d->storm_stall_until = until(d, 20, 600);
		slog(d, "stall: vrings for %" PRIu64 " ms", d->storm_stall_until - now_ms());
		break;
	case SK_MUTE:
		d->storm_mute_until = until(d, 50, 1500);
		slog(d, "mute: commands for %" PRIu64 " ms", d->storm_mute_until - now_ms());
		break;
	case SK_CRASH:
		slog(d, "crash");
		remote_crash(d, CRASH_INJECTED, "--storm");
		break;
	case SK_DIE:
		d->storm_dead_until = until(d, 100, 1000);
		slog(d, "die: silent for %" PRIu64 " ms, then reborn",
		     d->storm_dead_until - now_ms());
		break;
	case SK_KINDS:
		break;
	}
}

/* A dead remote comes back as a new process: its state is gone. */
static void reborn(struct vrprocd *d)
{
	slog(d, "reborn");
	remote_reset(d);	/* storm_reset() too */
	if (d->plat->reborn)
		d->plat->reborn(d);
}

bool storm_tick(struct vrprocd *d)
{
	uint64_t now = now_ms();

	if (d->storm_dead_until) {
		if (now < d->storm_dead_until)
			return true;
		reborn(d);
		return true;
	}
	if (!d->storm_on || !d->running)
		return false;
	while (d->storm_next < d->storm_nev && !d->crashed &&
	       now - d->storm_t0 >= d->storm_ev[d->storm_next].at_ms) {
		enum storm_kind k = (enum storm_kind)d->storm_ev[d->storm_next].kind;

		if (kinds[k].needs_link && !d->linked)
			break;	/* the vrings are not set up yet: later */
		d->storm_next++;
		run_event(d, k);
	}
	return d->storm_dead_until || now < d->storm_stall_until;
}

bool storm_muted(const struct vrprocd *d)
{
	uint64_t now = now_ms();

	return (d->storm_dead_until && now < d->storm_dead_until) ||
	       now < d->storm_mute_until;
}

/* A burst of kicks on both vrings while a "kicks" event lasts. */
bool storm_kicks(struct vrprocd *d)
{
	if (!d->storm_kick_until || !d->running || d->crashed ||
	    d->storm_dead_until)
		return false;
	if (now_ms() >= d->storm_kick_until) {
		d->storm_kick_until = 0;
		return false;
	}
	remote_kick_burst(d);
	return true;
}
