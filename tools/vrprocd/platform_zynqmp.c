// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd platform "zynqmp": the R5 cores of a ZynqMP RPU, for Linux on
 * QEMU's virt machine behind the EL3 stub (Documentation/zynqmp-qemu.rst).
 *
 *   memory  guest RAM itself (QEMU's memory-backend-file, share=on): the
 *           TCM banks at their global addresses (the R5-local addresses
 *           alias them) and each core's DDR carveouts;
 *   boot    REQUEST_WAKEUP of node 7 (RPU0) / 8 (RPU1), as the stub records
 *           it in its state page (wake_count, boot_addr); stop is FORCE_
 *           POWERDOWN or RELEASE_NODE (pwrdwn_count, running);
 *   kicks   payload-less IPIs: Linux (agent 7) -> core (agent 1 / 2) is an
 *           IPI NOTIFY the stub counts in ipi_trig[7][a], acknowledged here
 *           by ipi_ack[7][a] = trig; core -> Linux is ipi_trig[a][7] + 1
 *           and ivshmem-doorbell vector 0, which ohost_testhook_ipi_bridge
 *           turns into the IPI interrupt.
 *
 * The firmware is what the driver loaded: the app descriptor at R5-local
 * 0x20 (after the exception vectors in ATCM) and the resource table found
 * through the Xilinx attach metadata (struct rsc_tbl_data) at the start
 * of the core's firmware-image carveout, as OpenAMP's zynqmp_r5 firmware
 * lays it out (Documentation/vrproc-protocol.rst, "Platform zynqmp").
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
#include "../testing/zynqmp/stub_state.h"

#define LINUX_AGENT	7		/* the APU's IPI agent in the QEMU DT */
#define APP_DESC_DA	0x20ULL		/* R5-local: after the 8 vectors */
#define RSC_META_MAGIC	0x78616d70U	/* 'xamp' */
#define RSC_META_SIZE	20

/* Per-core carveouts in the QEMU map (virt-zynqmp.dtso). */
#define DDR_BASE0	0x7ed00000ULL
#define DDR_STRIDE	0x200000ULL	/* RPU1 at 0x7ef00000 */
#define DDR_SIZE	0x148000ULL	/* fw image, 2 vrings, vdev buffer */
#define TCM_BANK	0x10000ULL

struct zcore {
	unsigned int agent;		/* IPI agent: 1 RPU0, 2 RPU1 */
	unsigned int node;		/* PM node: 7 RPU0, 8 RPU1 */
	uint64_t atcm, btcm;		/* global addresses (split) */
	uint64_t ddr;			/* firmware-image carveout */
	uint32_t seen_wake, seen_pwrdwn;
	bool host_run;			/* started by --zynqmp-preboot */
	bool kick_owed;			/* a kick while the last was pending */
	unsigned long kicks_in, kicks_out;
};

static struct {
	struct guest_ram ram;
	volatile struct zstub_state *st;
	bool ready;
	struct zcore core[VRPROCD_MAX_CORES];
	bool split;
} zq;

static uint32_t ld(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void st(volatile uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static struct zcore *zc_of(const struct vrprocd *d)
{
	return &zq.core[d->index];
}

/* ---- memory ---- */

static uint8_t *phys(uint64_t pa, uint64_t len)
{
	return guest_ram_pa(&zq.ram, pa, len);
}

/* An R5 address of this core's TCM (local or global): a global address. */
static bool tcm_global(const struct zcore *zc, uint64_t da, uint64_t len,
		       uint64_t *pa)
{
	if (!zq.split) {	/* ATCM 0x0-0x1ffff, BTCM 0x20000-0x3ffff */
		if (range_within(da, len, 0, 4 * TCM_BANK)) {
			*pa = zc->atcm + da;
			return true;
		}
		if (range_within(da, len, zc->atcm, 4 * TCM_BANK)) {
			*pa = da;
			return true;
		}
		return false;
	}
	if (range_within(da, len, 0, TCM_BANK)) {
		*pa = zc->atcm + da;
		return true;
	}
	if (range_within(da, len, 0x20000, TCM_BANK)) {
		*pa = zc->btcm + da - 0x20000;
		return true;
	}
	if (range_within(da, len, zc->atcm, TCM_BANK) || range_within(da, len, zc->btcm, TCM_BANK)) {
		*pa = da;
		return true;
	}
	return false;
}

/* What this core can address: its TCM and its DDR carveouts (pa = da). */
static uint8_t *zq_da_to_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	const struct zcore *zc = zc_of(d);
	uint64_t pa;

	if (tcm_global(zc, da, len, &pa))
		return phys(pa, len);
	if (range_within(da, len, zc->ddr, DDR_SIZE))
		return phys(da, len);
	return NULL;
}

/* Buffers Linux gives: in this core's DDR carveouts only. */
static uint8_t *zq_buf_to_va(struct vrprocd *d, uint64_t pa, uint64_t len)
{
	const struct zcore *zc = zc_of(d);

	return range_within(pa, len, zc->ddr, DDR_SIZE) ? phys(pa, len) : NULL;
}

/* ---- kicks ---- */

static bool ipi_free(const struct zcore *zc)
{
	return ld(&zq.st->ipi_trig[zc->agent][LINUX_AGENT]) ==
	       ld(&zq.st->ipi_ack[zc->agent][LINUX_AGENT]);
}

/*
 * Core -> Linux.  Payload-less: Linux services every vring on each IPI,
 * so a kick while the previous one is still pending is folded into it;
 * one more follows once Linux has taken it (kick_owed), in case Linux
 * had already looked at the vrings.
 */
static void send_ipi(struct vrprocd_daemon *dm, struct zcore *zc)
{
	volatile uint32_t *trig = &zq.st->ipi_trig[zc->agent][LINUX_AGENT];

	if (!ipi_free(zc)) {
		zc->kick_owed = true;
		return;
	}
	zc->kick_owed = false;
	fence();
	st(trig, ld(trig) + 1);
	fence();
	zc->kicks_out++;
	if (ld(&zq.st->ipi_irq_en[LINUX_AGENT]) & (1U << zc->agent))
		kick_guest(dm, 0);
	/* else: the stub raises the SPI when Linux unmasks */
}

static void zq_kick(struct vrprocd *d, uint32_t notifyid)
{
	(void)notifyid;
	if (zq.ready)
		send_ipi(d->dm, zc_of(d));
}

static void zq_state(struct vrprocd *d, enum vrprocd_state s, uint32_t reason)
{
	if (s == RSTATE_CRASHED)
		vlog(d, 0, "R5 stopped serving (reason %u); nothing tells Linux: its recovery starts from debugfs crash or a watchdog",
		     reason);
}

/* ---- boot and stop ---- */

static void zq_boot(struct vrprocd *d, uint64_t boot_addr, bool linux_wake)
{
	struct zcore *zc = zc_of(d);
	const uint8_t *meta = zq_da_to_va(d, zc->ddr, RSC_META_SIZE);
	uint32_t version, magic, comp, size, rsc;
	uint32_t mode = ld(&zq.st->rpu_mode);
	int ret;

	if (boot_addr) {
		vlog(d, 0, "boot vector %#llx: only LOVEC (0x0) is in TCM; not running",
		     (unsigned long long)boot_addr);
		return;
	}
	if (linux_wake && mode != (zq.split ? 1U : 0U)) {
		vlog(d, 0, "RPU mode %u (0 lockstep, 1 split) is not --zynqmp-mode %s; not running",
		     mode, zq.split ? "split" : "lockstep");
		return;
	}
	memcpy(&version, meta, 4);
	memcpy(&magic, meta + 4, 4);
	memcpy(&comp, meta + 8, 4);
	memcpy(&size, meta + 12, 4);
	memcpy(&rsc, meta + 16, 4);
	if (version != 1 || magic != RSC_META_MAGIC || comp != ~RSC_META_MAGIC) {
		vlog(d, 0, "no resource table metadata at %#llx (version %u, magic %#x): not running",
		     (unsigned long long)zc->ddr, version, magic);
		return;
	}
	ret = remote_boot(d, size >= 16 ? zq_da_to_va(d, rsc, size) : NULL, size,
			  (const void *)zq_da_to_va(d, APP_DESC_DA,
						    sizeof(struct ohost_vrproc_app)));
	vlog(d, 0, "%s: resource table %#x+%#x: %s",
	     linux_wake ? "REQUEST_WAKEUP" : "preboot", rsc, size,
	     ret ? strerror(ret) : "running");
}

static void zq_stop(struct vrprocd *d, const char *why)
{
	struct zcore *zc = zc_of(d);
	volatile uint32_t *hr = &zq.st->host_running;

	if (zc->host_run) {
		zc->host_run = false;
		st(hr, ld(hr) & ~(1U << zc->node));
		fence();
	}
	if (d->running || d->crashed)
		vlog(d, 0, "%s: stopped (%lu kicks in, %lu out)", why,
		     zc->kicks_in, zc->kicks_out);
	remote_stop(d);
}

/* Power events of the core's node since the last look. */
static void node_events(struct vrprocd *d)
{
	struct zcore *zc = zc_of(d);
	volatile struct zstub_node *n = &zq.st->node[zc->node];
	uint32_t wake = ld(&n->wake_count), pd = ld(&n->pwrdwn_count);
	uint32_t running = ld(&n->running);

	fence();
	if (pd != zc->seen_pwrdwn) {
		zc->seen_pwrdwn = pd;
		zq_stop(d, "FORCE_POWERDOWN");
	}
	if (wake != zc->seen_wake) {
		zc->seen_wake = wake;
		if (running) {
			if (d->running || zc->host_run)
				zq_stop(d, "REQUEST_WAKEUP of a running core");
			zq_boot(d, __atomic_load_n(&n->boot_addr, __ATOMIC_RELAXED), true);
		}
	} else if (!running && !zc->host_run && (d->running || d->crashed)) {
		zq_stop(d, "RELEASE_NODE");
	}
}

/* ---- preboot: a bootloader started the core before Linux ---- */

/* TCM is zeroed first, as the driver does before a load. */
static int load_elf(struct vrprocd *d, const char *file)
{
	struct zcore *zc = zc_of(d);

	memset(phys(zc->atcm, TCM_BANK), 0, TCM_BANK);
	memset(phys(zq.split ? zc->btcm : zc->atcm + TCM_BANK,
		    zq.split ? TCM_BANK : 3 * TCM_BANK), 0,
	       zq.split ? TCM_BANK : 3 * TCM_BANK);
	return elf32_arm_load(d, file, zq_da_to_va);
}

static void preboot(struct vrprocd_daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->opt.npreboot; i++) {
		unsigned int c = dm->opt.preboot[i].core;
		struct vrprocd *d;
		struct zcore *zc;
		volatile uint32_t *hr = &zq.st->host_running;

		if (c >= dm->ncores) {
			dlog(dm, 0, "preboot: no core %u in %s mode", c,
			     zq.split ? "split" : "lockstep");
			continue;
		}
		d = dm->core[c];
		zc = zc_of(d);
		if (load_elf(d, dm->opt.preboot[i].file))
			continue;
		zc->host_run = true;
		fence();
		st(hr, ld(hr) | 1U << zc->node);	/* GET_NODE_STATUS: running */
		fence();
		zq_boot(d, 0, false);
		vlog(d, 0, "preboot: %s loaded and started before Linux",
		     dm->opt.preboot[i].file);
	}
}

/* ---- daemon hooks ---- */

static bool map_ram(struct vrprocd_daemon *dm)
{
	if (!guest_ram_map(dm, &zq.ram, dm->opt.ram_path,
			   ZSTUB_STATE_ADDR + ZSTUB_STATE_SIZE - ZSTUB_RAM_BASE))
		return false;
	zq.st = (volatile struct zstub_state *)phys(ZSTUB_STATE_ADDR, ZSTUB_STATE_SIZE);
	return true;
}

static void zq_connect_state(struct vrprocd_daemon *dm)
{
	unsigned int i;

	if (zq.ready)
		return;
	if (!map_ram(dm))
		return;
	if (ld(&zq.st->magic) != ZSTUB_MAGIC)
		return;
	fence();
	if (ld(&zq.st->version) != ZSTUB_VERSION) {
		dlog(dm, 0, "stub state version %u, want %u: not serving",
		     ld(&zq.st->version), ZSTUB_VERSION);
		zq.ready = true;	/* and never serve: nothing matches */
		dm->ncores = 0;
		return;
	}
	for (i = 0; i < dm->ncores; i++) {
		struct zcore *zc = &zq.core[i];

		zc->seen_wake = ld(&zq.st->node[zc->node].wake_count);
		zc->seen_pwrdwn = ld(&zq.st->node[zc->node].pwrdwn_count);
		if (ld(&zq.st->node[zc->node].running))
			vlog(dm->core[i], 0, "node %u already running: not served until Linux wakes it again",
			     zc->node);
	}
	st(&zq.st->host_pid, (uint32_t)getpid());
	zq.ready = true;
	dlog(dm, 0, "stub state v%u found; serving %u R5 core(s), %s mode",
	     ZSTUB_VERSION, dm->ncores, zq.split ? "split" : "lockstep");
	preboot(dm);
}

static int zq_init(struct vrprocd_daemon *dm, int *shm_fd, bool takeover)
{
	unsigned int i;

	(void)takeover;
	if (*shm_fd < 0) {	/* QEMU's ivshmem wants memory: unused here */
		*shm_fd = memfd_create("vrprocd-zynqmp", MFD_CLOEXEC);
		if (*shm_fd < 0 || ftruncate(*shm_fd, (off_t)dm->opt.shm_size)) {
			perror("memfd");
			return -1;
		}
	}
	zq.split = dm->opt.zynqmp_mode == ZYNQMP_SPLIT;
	dm->ncores = zq.split ? 2 : 1;
	for (i = 0; i < dm->ncores; i++) {
		struct zcore *zc = &zq.core[i];

		dm->core[i] = remote_new(dm, i);
		if (!dm->core[i])
			return -1;
		dm->core[i]->pdata = zc;
		snprintf(dm->core[i]->tag, sizeof(dm->core[i]->tag), "r5-%u: ", i);
		zc->agent = 1 + i;
		zc->node = ZSTUB_NODE_RPU_0 + i;
		zc->atcm = i ? 0xffe90000ULL : 0xffe00000ULL;
		zc->btcm = i ? 0xffeb0000ULL : 0xffe20000ULL;
		zc->ddr = DDR_BASE0 + i * DDR_STRIDE;
		dm->core[i]->running = false;
	}
	snprintf(dm->ready, sizeof(dm->ready),
		 "socket %s, platform zynqmp (%s, %u core%s), ram %s, 1 vector",
		 dm->opt.socket_path, zq.split ? "split" : "lockstep", dm->ncores,
		 dm->ncores > 1 ? "s" : "", dm->opt.ram_path);
	return 0;
}

static void zq_connected(struct vrprocd_daemon *dm, bool takeover)
{
	(void)takeover;
	zq_connect_state(dm);
}

static void zq_disconnected(struct vrprocd_daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->ncores; i++)
		remote_reset(dm->core[i]);
}

static void zq_poll(struct vrprocd_daemon *dm)
{
	unsigned int i;

	if (!dm->connected)
		return;
	zq_connect_state(dm);
	if (!zq.ready)
		return;
	for (i = 0; i < dm->ncores; i++) {
		struct vrprocd *d = dm->core[i];
		struct zcore *zc = zc_of(d);
		volatile uint32_t *ack = &zq.st->ipi_ack[LINUX_AGENT][zc->agent];
		uint32_t trig;

		node_events(d);
		trig = ld(&zq.st->ipi_trig[LINUX_AGENT][zc->agent]);
		if (trig != ld(ack)) {		/* Linux kicked: take it */
			fence();
			st(ack, trig);
			zc->kicks_in++;
		}
		remote_poll(d);
		if (zc->kick_owed && ipi_free(zc))
			send_ipi(dm, zc);
	}
}

static void zq_exit(struct vrprocd_daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->ncores; i++)
		vlog(dm->core[i], 0, "%lu boots, %lu messages, %lu kicks in, %lu out",
		     dm->core[i]->boots, dm->core[i]->msgs, zq.core[i].kicks_in,
		     zq.core[i].kicks_out);
}

const struct vrprocd_platform vrprocd_platform_zynqmp = {
	.name = "zynqmp",
	.init = zq_init,
	.connected = zq_connected,
	.disconnected = zq_disconnected,
	.poll = zq_poll,
	.exit = zq_exit,
	.poll_ms = 1,
	.idle_ms = 5,
	.da_to_va = zq_da_to_va,
	.buf_to_va = zq_buf_to_va,
	.kick = zq_kick,
	.state = zq_state,
};
