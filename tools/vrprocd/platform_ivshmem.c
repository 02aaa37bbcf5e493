// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd platform "ivshmem": the virtual remote processor of the guest
 * driver ohost_vrproc (Documentation/vrproc-protocol.rst).  The daemon owns
 * the shared memory QEMU maps as BAR2; boot and stop are START/STOP
 * commands in the control area; kicks are ivshmem-doorbell vectors both
 * ways.  One remote instance.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shm_access.h"
#include "vrprocd.h"

/* The layout of the shared memory: VRPROCD_MEM_OFFSET in vrprocd.h. */
#define MEM_OFFSET	VRPROCD_MEM_OFFSET

struct ivshmem {
	uint8_t *shm;
	uint64_t size;
	uint64_t mem_size;		/* the remote's memory (--mem-size) */
	uint64_t pool_offset;		/* the pool: from here to the end */
	struct ohost_vrproc_ctrl *ctrl;
	uint32_t session;
	uint32_t last_cmd_seq;
	uint64_t bar2_phys;
	bool ctrl_dirty;		/* --storm wrote the control area */
};

static struct ivshmem ivs;

#define CTRL_LD32(f)		ld32(&ivs.ctrl->f)
#define CTRL_LD64(f)		ld64(&ivs.ctrl->f)
#define CTRL_ST32(f, v)		st32(&ivs.ctrl->f, (v))
#define CTRL_ST64(f, v)		st64(&ivs.ctrl->f, (v))

/* ---- memory ---- */

/* [da, da + len) inside the remote's memory. */
static uint8_t *ivs_da_to_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	uint64_t start = d->opt.da_base + MEM_OFFSET;

	if (da < start || da - start >= ivs.mem_size ||
	    len > ivs.mem_size - (da - start))
		return NULL;
	return ivs.shm + MEM_OFFSET + (da - start);
}

/*
 * A descriptor address is a Linux physical address in BAR2; it must name
 * a buffer in the pool or the remote's memory, never the control area.
 */
static uint8_t *ivs_buf_to_va(struct vrprocd *d, uint64_t pa, uint64_t len)
{
	uint64_t o;

	(void)d;
	if (pa < ivs.bar2_phys)
		return NULL;
	o = pa - ivs.bar2_phys;
	if (o >= ivs.size || len > ivs.size - o)
		return NULL;
	if (o >= ivs.pool_offset ||
	    (o >= MEM_OFFSET && o < MEM_OFFSET + ivs.mem_size &&
	     len <= MEM_OFFSET + ivs.mem_size - o))
		return ivs.shm + o;
	return NULL;
}

/* ---- kicks out, state ---- */

static void ivs_kick(struct vrprocd *d, uint32_t notifyid)
{
	kick_guest(d->dm, ohost_vrproc_vring_vector(notifyid, d->opt.vectors));
}

static void write_layout(struct vrprocd_daemon *dm);

static void ivs_state(struct vrprocd *d, enum vrprocd_state st, uint32_t reason)
{
	switch (st) {
	case RSTATE_READY:
		if (ivs.ctrl_dirty)	/* --storm: the daemon half as it was */
			write_layout(d->dm);
		CTRL_ST32(state, OHOST_VRPROC_ST_READY);
		break;
	case RSTATE_RUNNING:
		CTRL_ST32(state, OHOST_VRPROC_ST_RUNNING);
		break;
	case RSTATE_CRASHED:	/* Linux stops (and may restart) the remote */
		CTRL_ST32(crash_reason, reason);
		CTRL_ST32(crash_seq, CTRL_LD32(crash_seq) + 1);
		CTRL_ST32(state, OHOST_VRPROC_ST_CRASHED);
		fence();
		kick_guest(d->dm, OHOST_VRPROC_VEC_CTRL);
		return;
	}
	fence();
}

/* ---- control area ---- */

/*
 * Allocate every page of new shared memory now, before QEMU maps it: the
 * first touch of a page (a sparse --shm file on disk, or a memfd) costs
 * far more than a copy into it, and a 16 MiB firmware image paid it on
 * its first load (rproc_elf_load_segments 99-114 ms, 6 ms on later loads;
 * 59 ms with this: QEMU's own first faults remain).
 */
static void populate_shm(struct vrprocd_daemon *dm)
{
	uint64_t off;

	if (!madvise(ivs.shm, ivs.size, MADV_POPULATE_WRITE))
		return;
	dlog(dm, 1, "MADV_POPULATE_WRITE: %s: touching every page", strerror(errno));
	for (off = 0; off < ivs.size; off += 4096)
		((volatile uint8_t *)ivs.shm)[off] = 0;
}

/* Map the shared memory; *reuse tells whether an existing file was kept. */
static int setup_shm(struct vrprocd_daemon *dm, int *fd, bool *reuse)
{
	struct stat st;

	*reuse = false;
	if (*fd >= 0) {			/* from the keeper: keep it as it is */
		if (fstat(*fd, &st)) {
			perror("fstat");
			return -1;
		}
		dm->opt.shm_size = (uint64_t)st.st_size;
		*reuse = true;
	} else if (dm->opt.shm_path) {
		*fd = open(dm->opt.shm_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (*fd < 0 || fstat(*fd, &st)) {
			perror(dm->opt.shm_path);
			return -1;
		}
		*reuse = (uint64_t)st.st_size == dm->opt.shm_size;
	} else {
		*fd = memfd_create("vrprocd", MFD_CLOEXEC);
		if (*fd < 0) {
			perror("memfd_create");
			return -1;
		}
	}
	if (!*reuse && (ftruncate(*fd, 0) || ftruncate(*fd, (off_t)dm->opt.shm_size))) {
		perror("ftruncate");
		return -1;
	}
	ivs.size = dm->opt.shm_size;
	ivs.shm = mmap(NULL, ivs.size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	if (ivs.shm == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	ivs.ctrl = (struct ohost_vrproc_ctrl *)ivs.shm;
	if (!*reuse)
		populate_shm(dm);
	return 0;
}

/*
 * The daemon half but for the sequence numbers and the state, magic last
 * (once cleared first): at init, and after --storm scribbled on it.
 */
static void write_layout(struct vrprocd_daemon *dm)
{
	CTRL_ST32(magic, 0);
	fence();
	CTRL_ST32(version, OHOST_VRPROC_VERSION);
	CTRL_ST32(ctrl_size, OHOST_VRPROC_CTRL_SIZE);
	CTRL_ST32(session, ivs.session);
	CTRL_ST32(flags, 0);
	CTRL_ST32(daemon_id, 0);
	CTRL_ST32(vectors, dm->opt.vectors);
	CTRL_ST64(da_base, dm->opt.da_base);
	CTRL_ST64(shm_size, ivs.size);
	CTRL_ST64(mem_offset, MEM_OFFSET);
	CTRL_ST64(mem_size, ivs.mem_size);
	CTRL_ST64(pool_offset, ivs.pool_offset);
	CTRL_ST64(pool_size, ivs.size - ivs.pool_offset);
	CTRL_ST32(crash_reason, 0);
	fence();
	CTRL_ST32(magic, OHOST_VRPROC_MAGIC);
	fence();
	ivs.ctrl_dirty = false;
}

static void init_ctrl(struct vrprocd_daemon *dm, bool reuse)
{
	uint32_t old_session = 0, crash_seq = 0;

	if (reuse && CTRL_LD32(magic) == OHOST_VRPROC_MAGIC) {
		old_session = CTRL_LD32(session);
		crash_seq = CTRL_LD32(crash_seq);
		dlog(dm, 0, "taking over the control area of session %u", old_session);
	} else {
		memset(ivs.shm, 0, OHOST_VRPROC_CTRL_SIZE);
	}
	CTRL_ST32(magic, 0);
	fence();
	ivs.session = old_session + 1 + ((uint32_t)time(NULL) & 0xffff0000U);
	if (ivs.session == old_session)
		ivs.session++;
	CTRL_ST32(state, OHOST_VRPROC_ST_READY);
	ivs.last_cmd_seq = CTRL_LD32(cmd_seq);
	CTRL_ST32(ack_status, 0);
	CTRL_ST32(ack_seq, ivs.last_cmd_seq);
	CTRL_ST32(crash_seq, crash_seq);
	write_layout(dm);
}

static int ivs_init(struct vrprocd_daemon *dm, int *shm_fd, bool takeover)
{
	bool reuse;

	(void)takeover;
	if (setup_shm(dm, shm_fd, &reuse))
		return -1;
	ivs.mem_size = dm->opt.mem_size;
	ivs.pool_offset = MEM_OFFSET + ivs.mem_size + VRPROCD_POOL_GAP;
	/* a keeper's memory has its own size: --mem-size must fit it too */
	if (ivs.pool_offset + VRPROCD_MIN_POOL > ivs.size) {
		fprintf(stderr, "vrprocd: --mem-size %#llx leaves no pool in the kept shared memory (%#llx bytes)\n",
			(unsigned long long)ivs.mem_size,
			(unsigned long long)ivs.size);
		return -1;
	}
	dm->ncores = 1;
	dm->core[0] = remote_new(dm, 0);
	if (!dm->core[0])
		return -1;
	init_ctrl(dm, reuse);
	remote_reset(dm->core[0]);
	snprintf(dm->ready, sizeof(dm->ready),
		 "socket %s, shm %s (%#llx bytes, remote memory %#llx), %u vectors, session %u",
		 dm->opt.socket_path, dm->opt.shm_path ? dm->opt.shm_path : "memfd",
		 (unsigned long long)ivs.size, (unsigned long long)ivs.mem_size,
		 dm->opt.vectors, ivs.session);
	return 0;
}

static void ivs_connected(struct vrprocd_daemon *dm, bool takeover)
{
	remote_reset(dm->core[0]);
	if (takeover)
		kick_guest(dm, OHOST_VRPROC_VEC_CTRL);	/* "new session" */
}

static void ivs_disconnected(struct vrprocd_daemon *dm)
{
	remote_reset(dm->core[0]);
}

static void ivs_heartbeat(struct vrprocd_daemon *dm)
{
	(void)dm;
	CTRL_ST32(heartbeat, CTRL_LD32(heartbeat) + 1);
}

/*
 * --storm: a random word of the control area gets garbage - any of the
 * daemon's half, or of the driver's but for the command the daemon reads
 * - sometimes with a kick: a spurious crash report, an ack of no command,
 * a state that is none.  The daemon half is rewritten at the next READY.
 */
static void ivs_ctrl_chaos(struct vrprocd *d, uint64_t rnd, char *what,
			   size_t len)
{
	uint32_t off = (uint32_t)(rnd % (sizeof(struct ohost_vrproc_ctrl) / 4)) * 4;
	uint32_t v = (uint32_t)(rnd >> 32);
	bool kick = rnd & (1ULL << 8);

	if (off == offsetof(struct ohost_vrproc_ctrl, cmd) ||
	    off == offsetof(struct ohost_vrproc_ctrl, cmd_seq))
		off = offsetof(struct ohost_vrproc_ctrl, crash_seq);
	if (rnd & (1ULL << 9)) {	/* small: a plausible state or seq */
		v = (uint32_t)(rnd >> 10) % 8;
		if (off == offsetof(struct ohost_vrproc_ctrl, ack_seq))
			v += CTRL_LD32(ack_seq);
	}
	st32(ivs.shm + off, v);
	fence();
	if (off < offsetof(struct ohost_vrproc_ctrl, cmd))
		ivs.ctrl_dirty = true;
	if (kick)
		kick_guest(d->dm, OHOST_VRPROC_VEC_CTRL);
	snprintf(what, len, "control area word %#x := %#x%s", off, v,
		 kick ? ", control vector rung" : "");
}

/* --storm: the remote died and came back: a new session, as a new daemon. */
static void ivs_reborn(struct vrprocd *d)
{
	init_ctrl(d->dm, true);
	kick_guest(d->dm, OHOST_VRPROC_VEC_CTRL);
}

static void ivs_exit(struct vrprocd_daemon *dm)
{
	CTRL_ST32(state, OHOST_VRPROC_ST_GONE);
	fence();
	kick_guest(dm, OHOST_VRPROC_VEC_CTRL);
}

/*
 * --checksum: FNV-1a 64 of a range of the remote's memory, in the trace
 * buffer at every START, so that a test can compare what Linux loaded
 * with the image (fwload-bench --segment-sums computes the same).
 */
static void log_checksum(struct vrprocd *d)
{
	const uint8_t *p = ivs_da_to_va(d, d->opt.sum_da, d->opt.sum_len);
	uint64_t h = 0xcbf29ce484222325ULL, i;
	char line[96];

	if (!p)
		return;
	for (i = 0; i < d->opt.sum_len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	snprintf(line, sizeof(line), "vrproc: checksum %#llx %#llx %#018llx",
		 (unsigned long long)d->opt.sum_da,
		 (unsigned long long)d->opt.sum_len, (unsigned long long)h);
	remote_trace(d, line);
	vlog(d, 1, "%s", line);
}

/* START: the resource table and app descriptor the control area names. */
static int start(struct vrprocd *d)
{
	uint64_t rsc_da;
	uint32_t rsc_size;
	int ret;

	if (d->running)
		return EBUSY;
	if (CTRL_LD32(host_session) != ivs.session)
		return ESTALE;
	ivs.bar2_phys = CTRL_LD64(bar2_phys);
	rsc_da = CTRL_LD64(rsc_da);
	rsc_size = CTRL_LD32(rsc_size);
	if (rsc_size > 65536 || !ivs_da_to_va(d, rsc_da, rsc_size)) {
		vlog(d, 0, "START: resource table %#llx+%#x outside the remote's memory",
		     (unsigned long long)rsc_da, rsc_size);
		return EFAULT;
	}
	ret = remote_boot(d, ivs_da_to_va(d, rsc_da, rsc_size), rsc_size,
			  (const void *)ivs_da_to_va(d, CTRL_LD64(boot_da),
						     sizeof(struct ohost_vrproc_app)));
	if (!ret && d->opt.sum_len)
		log_checksum(d);
	return ret;
}

static void ack(struct vrprocd_daemon *dm, uint32_t seq, int status)
{
	CTRL_ST32(ack_status, (uint32_t)status);
	fence();
	CTRL_ST32(ack_seq, seq);
	fence();
	kick_guest(dm, OHOST_VRPROC_VEC_CTRL);
}

static void handle_command(struct vrprocd_daemon *dm)
{
	struct vrprocd *d = dm->core[0];
	uint32_t seq = CTRL_LD32(cmd_seq), cmd;
	int status = 0;

	if (seq == ivs.last_cmd_seq || storm_muted(d))
		return;
	fence();
	cmd = CTRL_LD32(cmd);
	ivs.last_cmd_seq = seq;
	switch (cmd) {
	case OHOST_VRPROC_CMD_START:
		if (d->opt.inject & INJ_NO_ACK) {
			vlog(d, 0, "START ignored (--inject no-ack)");
			return;
		}
		if (d->opt.inject & INJ_ACK_STATUS) {
			d->opt.inject &= ~INJ_ACK_STATUS;	/* the first START only */
			status = (int)d->opt.ack_status;
			vlog(d, 0, "START answered with status %d (--inject ack-status)",
			     status);
			break;
		}
		status = start(d);
		vlog(d, 0, "START: %s", status ? strerror(status) : "running");
		break;
	case OHOST_VRPROC_CMD_STOP:
		remote_stop(d);
		vlog(d, 0, "STOP: ready");
		break;
	case OHOST_VRPROC_CMD_PING:	/* the driver times doorbell round trips */
		break;
	default:
		status = EINVAL;
		vlog(d, 0, "unknown command %u", cmd);
	}
	ack(dm, seq, status);
}

static void ivs_poll(struct vrprocd_daemon *dm)
{
	handle_command(dm);
	remote_poll(dm->core[0]);
}

const struct vrprocd_platform vrprocd_platform_ivshmem = {
	.name = "ivshmem",
	.init = ivs_init,
	.connected = ivs_connected,
	.disconnected = ivs_disconnected,
	.poll = ivs_poll,
	.heartbeat = ivs_heartbeat,
	.exit = ivs_exit,
	.poll_ms = 5,
	.idle_ms = 100,
	.da_to_va = ivs_da_to_va,
	.buf_to_va = ivs_buf_to_va,
	.kick = ivs_kick,
	.state = ivs_state,
	.ctrl_chaos = ivs_ctrl_chaos,
	.reborn = ivs_reborn,
};
