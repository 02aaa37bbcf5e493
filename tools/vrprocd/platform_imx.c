// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd platform "imx": the Cortex-M4 of an i.MX8MM, for Linux on
 * QEMU's virt machine with tools/testing/imx/virt-imx8mm.dtso
 * (Documentation/vrproc-protocol.rst, "Platform imx").
 *
 *   memory  guest RAM itself (QEMU's memory-backend-file, share=on), seen
 *           through the M4's address map of the i.MX8MM for DDR: da == pa
 *           from 0x40000000, and the code alias 0x10000000.. -> 0x40000000..
 *           (DDR's start; m4_reserved at 0x80000000 lies beyond it);
 *           the core reaches only the M4's reserved-memory regions;
 *   boot    the SRC page at 0xb8600000: SRC_M4RCR (SCR) at +0x0C, reset
 *           value 0xB (held in reset); the self-clearing reset bits clear
 *           once no held reset is asserted; the core runs while ENABLE_M4
 *           is set and no reset is; start (0xE) boots it, stop (0xB) stops it;
 *   kicks   the test MU page at 0xb8601000 (tools/testing/kmod/ohost_test_mu.h):
 *           Linux's "tx" (TX 1) carries vqid << 16, the core's kicks go
 *           back on "rx" (RX 1) as notifyid << 16, or with --imx-rxdb on
 *           "rxdb" (RXDB 1) without payload; ivshmem-doorbell vector 0
 *           (MSI-X) is the MU interrupt, Linux's doorbell wakes the daemon.
 *
 * The firmware is what the driver loaded: the resource table at the
 * rsc-table region (da 0xb80ff000, where NXP's firmware puts it), the app
 * descriptor at 0x80000400, after the M4 vector table at the start of
 * m4_reserved.  --imx-rpmsg-lite plays rpmsg-lite firmware instead: no
 * resource table, vrings at vdev0vring0/1, the link up at the host's
 * first kick.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest_ram.h"
#include "shm_access.h"
#include "vrprocd.h"
#include "../testing/kmod/ohost_test_mu.h"

/* The QEMU map (virt-imx8mm.dtso). */
#define SRC_PAGE	0xb8600000ULL
#define SRC_SCR		0x0c		/* SRC_M4RCR */
#define MU_PAGE		0xb8601000ULL
#define M4_DDR		0x80000000ULL	/* m4_reserved */
#define M4_DDR_SIZE	0x1000000ULL
#define VRINGS		0xb8000000ULL	/* vdev0vring0, vdev0vring1 */
#define VRINGS_SIZE	0x10000ULL
#define VRING1		0xb8008000ULL
#define RSC_TABLE	0xb80ff000ULL	/* rsc-table */
#define RSC_SIZE	0x1000U
#define POOL		0xb8400000ULL	/* vdevbuffer */
#define POOL_SIZE	0x100000ULL
#define APP_DESC_DA	0x80000400ULL	/* after the M4 vector table */
#define MU_CHAN		1		/* mboxes: <&mu 0 1>, <&mu 1 1>, <&mu 3 1> */

/*
 * SRC_M4RCR bits (i.MX8MM reference manual, SRC; as Linux's imx_rproc):
 * start writes ENABLE | P_RST | C_RST (0xE), stop ENABLE | C_RST |
 * NON_SCLR_RST (0xB), which is also the reset value.
 */
#define SCR_ENABLE	0x8U
#define SCR_P_RST	0x4U		/* self-clearing */
#define SCR_C_RST	0x2U		/* self-clearing */
#define SCR_NON_SCLR	0x1U		/* held */
#define SCR_MASK	0xfU
#define SCR_RESET	0xbU
#define SCR_RUNNING	SCR_ENABLE

/* rpmsg-lite: what its remote side puts where (rpmsg_lite.h, rpmsg_env) */
#define LITE_VRING_ALIGN	0x1000U
#define LITE_NOTIFY_VQ0		0U
#define LITE_NOTIFY_VQ1		1U
#define VIRTIO_RPMSG_F_NS	0
#define VIRTIO_CONFIG_S_DRIVER_OK	4

/*
 * i.MX8MM M4 address map, DDR only (the rest is not in guest RAM): the
 * reference manual's M4 memory map, as Linux's imx_rproc_att_imx8mm.
 */
static const struct { uint64_t da, pa, size; } m4_ddr_map[] = {
	{ 0x10000000ULL, 0x40000000ULL, 0x0ffe0000ULL },	/* DDR code alias */
	{ 0x40000000ULL, 0x40000000ULL, 0x80000000ULL },	/* DDR data */
};

/* What the M4 owns in the QEMU map: its reserved-memory regions. */
static const struct { uint64_t pa, size; } m4_regions[] = {
	{ M4_DDR, M4_DDR_SIZE }, { VRINGS, VRINGS_SIZE },
	{ RSC_TABLE, RSC_SIZE }, { POOL, POOL_SIZE },
};

static struct {
	struct guest_ram ram;
	volatile uint8_t *scr;
	volatile uint8_t *mu;
	bool ready;
	bool core_on;			/* the M4 runs (whatever it runs) */
	bool host_run;			/* started by --imx-preboot */
	uint32_t tx_seen[OHOST_TMU_CHANS];	/* Linux's TX seq taken */
	uint32_t txdb_seen[OHOST_TMU_CHANS];
	uint64_t tx_since[OHOST_TMU_CHANS];	/* --imx-mu-delay: first seen, ms */
	uint32_t rx_seq, rxdb_seq;	/* ours */
	uint32_t pending;		/* notify ids to kick, bit per id < 31 */
	bool lite_linked_kick;		/* rpmsg-lite: Linux kicked */
	uint8_t lite_rsc[16 + 4 + 4 + 24 + 2 * 20];	/* its implied vdev */
	struct ohost_vrproc_app app;	/* --imx-app */
	unsigned long kicks_in, kicks_out, boots_refused;
} mx;

/* ---- memory ---- */

static uint8_t *phys(uint64_t pa, uint64_t len)
{
	return guest_ram_pa(&mx.ram, pa, len);
}

/* A system address the M4 may touch: inside one of its regions. */
static bool m4_owns(uint64_t pa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < sizeof(m4_regions) / sizeof(m4_regions[0]); i++)
		if (range_within(pa, len, m4_regions[i].pa, m4_regions[i].size))
			return true;
	return false;
}

static uint8_t *mx_da_to_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	unsigned int i;
	uint64_t pa;

	(void)d;
	for (i = 0; i < sizeof(m4_ddr_map) / sizeof(m4_ddr_map[0]); i++) {
		if (!range_within(da, len, m4_ddr_map[i].da, m4_ddr_map[i].size))
			continue;
		pa = m4_ddr_map[i].pa + (da - m4_ddr_map[i].da);
		return m4_owns(pa, len) ? phys(pa, len) : NULL;
	}
	return NULL;
}

/* Buffers Linux gives: in the vdevbuffer pool only. */
static uint8_t *mx_buf_to_va(struct vrprocd *d, uint64_t pa, uint64_t len)
{
	(void)d;
	return range_within(pa, len, POOL, POOL_SIZE) ? phys(pa, len) : NULL;
}

/* ---- the test MU ---- */

static volatile void *mu_reg(unsigned int off)
{
	return mx.mu + off;
}

/*
 * Core -> Linux: one message at a time, as on the MU (the M4 waits for
 * its TX register to empty); kicks while one is pending are kept, a
 * notify id once, and sent when Linux has taken the previous one.
 */
static void mu_flush(struct vrprocd_daemon *dm)
{
	unsigned int id;

	if (!mx.pending || !mx.ready)
		return;
	if (dm->opt.imx_rxdb) {
		if (ld32(mu_reg(OHOST_TMU_L_RXDB_ACK(MU_CHAN))) != mx.rxdb_seq)
			return;
		mx.pending = 0;		/* a doorbell names no vring */
		st32(mu_reg(OHOST_TMU_H_RXDB_SEQ(MU_CHAN)), ++mx.rxdb_seq);
	} else {
		if (ld32(mu_reg(OHOST_TMU_L_RX_ACK(MU_CHAN))) != mx.rx_seq)
			return;
		id = (unsigned int)__builtin_ctz(mx.pending);
		mx.pending &= ~(1U << id);
		st32(mu_reg(OHOST_TMU_H_RX_MSG(MU_CHAN)), (uint32_t)id << 16);
		fence();
		st32(mu_reg(OHOST_TMU_H_RX_SEQ(MU_CHAN)), ++mx.rx_seq);
	}
	fence();
	mx.kicks_out++;
	kick_guest(dm, 0);
}

static void mx_kick(struct vrprocd *d, uint32_t notifyid)
{
	mx.pending |= 1U << (notifyid < 31 ? notifyid : 31);
	mu_flush(d->dm);
}

/* Linux -> core: take every message (the TE flag back), true if any. */
static bool mu_take(struct vrprocd_daemon *dm, uint32_t *vq_mask)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < OHOST_TMU_CHANS; i++) {
		uint32_t seq = ld32(mu_reg(OHOST_TMU_L_TX_SEQ(i)));
		uint32_t db = ld32(mu_reg(OHOST_TMU_L_TXDB_SEQ(i)));

		if (seq != mx.tx_seen[i] && dm->opt.imx_mu_delay_ms) {
			/* --imx-mu-delay: a slow M4 takes it only later */
			if (!mx.tx_since[i])
				mx.tx_since[i] = now_ms();
			if (now_ms() - mx.tx_since[i] < dm->opt.imx_mu_delay_ms)
				continue;
			mx.tx_since[i] = 0;
		}
		if (seq != mx.tx_seen[i]) {
			fence();
			*vq_mask |= 1U << ((ld32(mu_reg(OHOST_TMU_L_TX_MSG(i))) >> 16) & 31);
			mx.tx_seen[i] = seq;
			st32(mu_reg(OHOST_TMU_H_TX_ACK(i)), seq);
			any = true;
		}
		if (db != mx.txdb_seen[i]) {
			mx.txdb_seen[i] = db;
			*vq_mask |= 1U << 31;
			any = true;
		}
	}
	if (any) {
		fence();
		mx.kicks_in++;
		kick_guest(dm, 0);	/* tx-done */
	}
	return any;
}

static void mu_init(struct vrprocd_daemon *dm)
{
	unsigned int i;

	if (ld32(mu_reg(OHOST_TMU_H_MAGIC)) != OHOST_TMU_H_MAGIC_VAL ||
	    ld32(mu_reg(OHOST_TMU_H_VERSION)) != OHOST_TMU_VERSION) {
		for (i = OHOST_TMU_H_MAGIC; i < 0x200; i += 4)
			st32(mu_reg(i), 0);
		st32(mu_reg(OHOST_TMU_H_VERSION), OHOST_TMU_VERSION);
	}
	st32(mu_reg(OHOST_TMU_H_PEER), 0);	/* main.c: the daemon is peer 0 */
	for (i = 0; i < OHOST_TMU_CHANS; i++) {
		mx.tx_seen[i] = ld32(mu_reg(OHOST_TMU_H_TX_ACK(i)));
		mx.txdb_seen[i] = ld32(mu_reg(OHOST_TMU_L_TXDB_SEQ(i)));
	}
	mx.rx_seq = ld32(mu_reg(OHOST_TMU_H_RX_SEQ(MU_CHAN)));
	mx.rxdb_seq = ld32(mu_reg(OHOST_TMU_H_RXDB_SEQ(MU_CHAN)));
	fence();
	st32(mu_reg(OHOST_TMU_H_MAGIC), OHOST_TMU_H_MAGIC_VAL);
	fence();
	dlog(dm, 1, "test MU page at %#llx: Linux block %s", MU_PAGE,
	     ld32(mu_reg(OHOST_TMU_L_MAGIC)) == OHOST_TMU_L_MAGIC_VAL ?
	     "set up" : "not yet set up");
}

/* ---- boot and stop ---- */

/* rpmsg-lite: no table; the vdev it implies, in the daemon's memory. */
static uint8_t *lite_table(struct vrprocd *d, uint32_t *size)
{
	uint8_t *t = mx.lite_rsc, *v = t + 20;
	unsigned int i;

	memset(t, 0, sizeof(mx.lite_rsc));
	st32(t, 1);			/* version */
	st32(t + 4, 1);			/* one entry */
	st32(t + 16, 20);		/* at 20: type, then the vdev */
	st32(t + 20, 3);		/* RSC_VDEV */
	v = t + 24;
	st32(v, 7);			/* VIRTIO_ID_RPMSG */
	st32(v + 12, 1U << VIRTIO_RPMSG_F_NS);	/* gfeatures */
	v[21] = 2;			/* vrings */
	for (i = 0; i < 2; i++) {
		uint8_t *r = v + 24 + 20 * i;

		st32(r, (uint32_t)(i ? VRING1 : VRINGS));
		st32(r + 4, LITE_VRING_ALIGN);
		st32(r + 8, d->opt.imx_vring_num);
		st32(r + 12, i ? LITE_NOTIFY_VQ1 : LITE_NOTIFY_VQ0);
	}
	mx.lite_linked_kick = false;
	*size = sizeof(mx.lite_rsc);
	return t;
}

static const struct ohost_vrproc_app *boot_app(struct vrprocd *d)
{
	if (!d->opt.imx_app)
		return (const void *)mx_da_to_va(d, APP_DESC_DA, sizeof(struct ohost_vrproc_app));
	memset(&mx.app, 0, sizeof(mx.app));
	mx.app.magic = htole32(OHOST_VRPROC_APP_MAGIC);
	mx.app.version = htole32(1);
	snprintf(mx.app.name, sizeof(mx.app.name), "%s", d->opt.imx_app);
	return &mx.app;
}

static void mx_boot(struct vrprocd *d, const char *why)
{
	uint32_t size = RSC_SIZE;
	uint8_t *rsc;
	int ret;

	mx.pending = 0;
	if (d->opt.imx_rpmsg_lite)
		rsc = lite_table(d, &size);
	else
		rsc = mx_da_to_va(d, RSC_TABLE, RSC_SIZE);
	ret = remote_boot(d, rsc, size, boot_app(d));
	if (ret)
		mx.boots_refused++;
	vlog(d, 0, "%s: %s%s", why, d->opt.imx_rpmsg_lite ?
	     "rpmsg-lite, vrings at 0xb8000000/0xb8008000: " : "resource table at 0xb80ff000: ",
	     ret ? strerror(ret) : "running");
}

static void mx_stop(struct vrprocd *d, const char *why)
{
	if (d->running || d->crashed)
		vlog(d, 0, "%s: stopped (%lu kicks in, %lu out)", why, mx.kicks_in,
		     mx.kicks_out);
	mx.pending = 0;
	remote_stop(d);
}

/*
 * The SRC: reset pulses (P_RST, C_RST) clear themselves once no held reset
 * (NON_SCLR) is asserted, and reset the core; it runs while ENABLE is set
 * and no reset is.  The clear is a compare-and-swap: a write by Linux in
 * between wins.
 */
static void src_events(struct vrprocd *d)
{
	volatile uint32_t *scr = (volatile uint32_t *)mx.scr;
	uint32_t v = ld32(scr), bits = v & SCR_MASK;
	bool run;

	if ((bits & (SCR_P_RST | SCR_C_RST)) && mx.core_on) {
		mx.core_on = false;
		mx.host_run = false;
		mx_stop(d, "SRC reset");
	}
	if ((bits & (SCR_P_RST | SCR_C_RST)) && !(bits & SCR_NON_SCLR)) {
		uint32_t want = htole32(v & ~(SCR_P_RST | SCR_C_RST)), old = htole32(v);

		if (!__atomic_compare_exchange_n(scr, &old, want, false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			return;		/* Linux wrote: look again */
		bits &= ~(SCR_P_RST | SCR_C_RST);
	}
	run = (bits & SCR_ENABLE) && !(bits & (SCR_NON_SCLR | SCR_P_RST | SCR_C_RST));
	if (run && !mx.core_on) {
		mx.core_on = true;
		mx_boot(d, "SRC start");
	} else if (!run && mx.core_on) {
		mx.core_on = false;
		mx.host_run = false;
		mx_stop(d, "SRC stop");
	}
}

/* ---- preboot: U-Boot's bootaux started the M4 before Linux ---- */

static void preboot(struct vrprocd_daemon *dm)
{
	struct vrprocd *d = dm->core[0];

	if (!dm->opt.imx_preboot)
		return;
	if (elf32_arm_load(d, dm->opt.imx_preboot, mx_da_to_va))
		return;
	st32(mx.scr, (ld32(mx.scr) & ~SCR_MASK) | SCR_RUNNING);
	fence();
	mx.core_on = true;
	mx.host_run = true;
	mx_boot(d, "preboot");
	vlog(d, 0, "preboot: %s loaded and started before Linux (SCR %#x)",
	     dm->opt.imx_preboot, ld32(mx.scr));
}

/* ---- daemon hooks ---- */

static void mx_connect_state(struct vrprocd_daemon *dm)
{
	if (mx.ready)
		return;
	if (!guest_ram_map(dm, &mx.ram, dm->opt.ram_path,
			   MU_PAGE + 0x1000 - GUEST_RAM_BASE))
		return;
	mx.scr = phys(SRC_PAGE + SRC_SCR, 4);
	mx.mu = phys(MU_PAGE, 0x1000);
	if (!mx.scr || !mx.mu)
		return;
	st32(mx.scr, SCR_RESET);	/* the hardware's reset value */
	fence();
	mu_init(dm);
	mx.ready = true;
	dlog(dm, 0, "serving the M4: SRC at %#llx, test MU at %#llx%s", SRC_PAGE,
	     MU_PAGE, dm->opt.imx_rpmsg_lite ? ", rpmsg-lite" : "");
	preboot(dm);
}

static int mx_init(struct vrprocd_daemon *dm, int *shm_fd, bool takeover)
{
	(void)takeover;
	if (*shm_fd < 0) {	/* QEMU's ivshmem wants memory: unused here */
		*shm_fd = memfd_create("vrprocd-imx", MFD_CLOEXEC);
		if (*shm_fd < 0 || ftruncate(*shm_fd, (off_t)dm->opt.shm_size)) {
			perror("memfd");
			return -1;
		}
	}
	dm->ncores = 1;
	dm->core[0] = remote_new(dm, 0);
	if (!dm->core[0])
		return -1;
	snprintf(dm->core[0]->tag, sizeof(dm->core[0]->tag), "m4: ");
	snprintf(dm->ready, sizeof(dm->ready),
		 "socket %s, platform imx (i.MX8MM M4%s), ram %s, 1 vector",
		 dm->opt.socket_path, dm->opt.imx_rpmsg_lite ? ", rpmsg-lite" : "",
		 dm->opt.ram_path);
	return 0;
}

static void mx_connected(struct vrprocd_daemon *dm, bool takeover)
{
	(void)takeover;
	mx_connect_state(dm);
}

static void mx_disconnected(struct vrprocd_daemon *dm)
{
	remote_reset(dm->core[0]);
	mx.core_on = false;
}

/* rpmsg-lite brings its link up at the host's first kick on a vring. */
static void lite_link(struct vrprocd *d, uint32_t vq_mask)
{
	uint8_t *status = mx.lite_rsc + 24 + 20;

	if (!d->opt.imx_rpmsg_lite || !d->running || mx.lite_linked_kick ||
	    !(vq_mask & (1U << LITE_NOTIFY_VQ0 | 1U << LITE_NOTIFY_VQ1)))
		return;
	mx.lite_linked_kick = true;
	*status = VIRTIO_CONFIG_S_DRIVER_OK;
	vlog(d, 0, "rpmsg-lite: first kick from Linux, link up");
}

/*
 * Whether the core has work: like firmware that sleeps until the MU
 * interrupt, a linked core looks at its vrings only when Linux kicked (a
 * lost kick stalls it, as on a board) or when it still has something to
 * send.  Until the link is up it polls the vdev status, as rpmsg-lite's
 * platform_wait_for_link does, and it notices a virtio reset (detach,
 * rmmod) the same way; the fault injections that run on timers poll.
 */
static bool core_has_work(const struct vrprocd *d, uint32_t vq_mask)
{
	if (vq_mask || !d->linked || d->npending || d->nheld || d->tx_stalled ||
	    d->stall_destroy_at || d->opt.inject)
		return true;
	return d->vdev && !(__atomic_load_n(d->vdev + 20, __ATOMIC_RELAXED) &
			    VIRTIO_CONFIG_S_DRIVER_OK);
}

static void mx_poll(struct vrprocd_daemon *dm)
{
	struct vrprocd *d = dm->core[0];
	uint32_t vq_mask = 0;

	if (!dm->connected)
		return;
	mx_connect_state(dm);
	if (!mx.ready)
		return;
	src_events(d);
	if (mu_take(dm, &vq_mask))
		lite_link(d, vq_mask);
	if (core_has_work(d, vq_mask))
		remote_poll(d);
	mu_flush(dm);
}

static void mx_state(struct vrprocd *d, enum vrprocd_state s, uint32_t reason)
{
	if (s == RSTATE_CRASHED)
		vlog(d, 0, "M4 stopped serving (reason %u); nothing tells Linux: its recovery starts from debugfs crash or a watchdog",
		     reason);
}

static void mx_exit(struct vrprocd_daemon *dm)
{
	vlog(dm->core[0], 0, "%lu boots (%lu refused), %lu messages, %lu kicks in, %lu out",
	     dm->core[0]->boots, mx.boots_refused, dm->core[0]->msgs, mx.kicks_in,
	     mx.kicks_out);
}

const struct vrprocd_platform vrprocd_platform_imx = {
	.name = "imx",
	.init = mx_init,
	.connected = mx_connected,
	.disconnected = mx_disconnected,
	.poll = mx_poll,
	.exit = mx_exit,
	.poll_ms = 1,
	.idle_ms = 5,
	.da_to_va = mx_da_to_va,
	.buf_to_va = mx_buf_to_va,
	.kick = mx_kick,
	.state = mx_state,
};
