/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrprocd: the remote side of the virtual remote processor.
 * See Documentation/vrproc-protocol.rst.
 */
#ifndef VRPROCD_H
#define VRPROCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ohost/vrproc_shm.h"

#define VRPROCD_MAX_VECTORS	32
#define VRPROCD_MAX_PENDING	256
#define VRPROCD_MAX_MSG		65520	/* a 64 KiB buffer less the header */

/* Fault injection knobs (--inject). */
enum vrprocd_inject {
	INJ_HOSTILE_USED_ID = 1 << 0,	/* a used entry with an id out of range */
	INJ_BAD_LEN = 1 << 1,		/* a used entry longer than its buffer */
	INJ_NS_FLOOD = 1 << 2,		/* hundreds of name-service announcements */
	INJ_NS_NO_NUL = 1 << 3,		/* a name without a terminating NUL */
	INJ_NO_ACK = 1 << 4,		/* never acknowledge START */
	INJ_HAMMER_START = 1 << 5,	/* garbage used idx + kicks until DRIVER_OK */
	INJ_KICK_STORM = 1 << 6,	/* every vring vector, continuously */
	INJ_NS_DESTROY_STALL = 1 << 7,	/* stall TX, then destroy Linux's channel */
	INJ_TX_HOLD = 1 << 8,		/* return TX buffers late, all at once */
	INJ_ACK_STATUS = 1 << 9,	/* answer the first START with a chosen status */
	INJ_DESC_NEXT = 1 << 10,	/* NEXT on every descriptor, a cycle of them */
	INJ_AVAIL_SCRIBBLE = 1 << 11,	/* garbage in consumed avail slots and flags */
	INJ_USED_DUP = 1 << 12,		/* one vring1 id returned twice */
};

/* --inject avail-scribble: what it writes (flags: NO_INTERRUPT clear) */
#define VRPROCD_SCRIBBLE_SLOT	0xdead
#define VRPROCD_SCRIBBLE_FLAGS	0xa55a

/* Bounds of the injection loops (Documentation/vrproc-protocol.rst §10). */
#define VRPROCD_BURST_US	1000	/* one burst, then back to poll() */
#define VRPROCD_HAMMER_MAX_MS	30000	/* hammer-start gives up after this */
#define VRPROCD_STALL_DESTROY_MS 1000	/* ns-destroy-stall: destroy after */
#define VRPROCD_STALL_MAX_MS	20000	/* ns-destroy-stall: TX resumes after */

/*
 * Platform ivshmem's layout of BAR2 (vrproc-protocol.rst §2): the remote's
 * memory at VRPROCD_MEM_OFFSET (--mem-size, default VRPROCD_MEM_SIZE), a
 * gap that staggers the pool against the vrings, then the pool up to the
 * end of BAR2, at least what --size 2M leaves with the default memory.
 */
#define VRPROCD_MEM_OFFSET	0x10000ULL
#define VRPROCD_MEM_SIZE	0xf0000ULL
#define VRPROCD_POOL_GAP	0x4000ULL
#define VRPROCD_MIN_POOL	0xfc000ULL

/* --storm: events per lifetime, within this window after START */
#define VRPROCD_STORM_EVENTS	4
#define VRPROCD_STORM_WINDOW_MS	200
#define VRPROCD_STORM_COUNT	200	/* default COUNT */

#define VRPROCD_MAX_CORES	2	/* remote instances in one daemon */
#define VRPROCD_MAX_PREBOOT	2

enum vrprocd_zynqmp_mode { ZYNQMP_LOCKSTEP, ZYNQMP_SPLIT };

struct vrprocd_opts {
	const char *socket_path;
	const char *platform;		/* "ivshmem" (default), "zynqmp", "imx" */
	const char *shm_path;		/* NULL: anonymous memfd */
	uint64_t shm_size;
	unsigned int vectors;
	uint64_t da_base;
	uint64_t mem_size;		/* ivshmem: the remote's memory */
	uint64_t sum_da, sum_len;	/* ivshmem: --checksum, 0: none */
	int verbose;
	bool once;
	unsigned long exit_after;	/* messages; 0: never */
	unsigned int inject;
	unsigned long crash_after;	/* messages; 0: never */
	unsigned long die_after;	/* messages; 0: never */
	unsigned int ns_flood_count;
	unsigned long tx_hold_ms;
	unsigned int ack_status;	/* ack-status=N: the status for START */
	unsigned int hammer_boots;	/* hammer-start: the first N STARTs */
	bool storm;			/* --storm SEED[,COUNT] (storm.c) */
	uint64_t storm_seed;
	unsigned long storm_count;	/* seeds, then clean */
	unsigned long storm_repeat;	/* lifetimes per seed */
	/* zynqmp platform */
	const char *ram_path;		/* QEMU's memory-backend-file */
	enum vrprocd_zynqmp_mode zynqmp_mode;
	unsigned int npreboot;
	struct { const char *file; unsigned int core; } preboot[VRPROCD_MAX_PREBOOT];
	/* imx platform */
	const char *imx_preboot;	/* ELF started before Linux */
	bool imx_rpmsg_lite;		/* no resource table, fixed vrings */
	unsigned int imx_vring_num;	/* rpmsg-lite's buffers per vring */
	const char *imx_app;		/* the app, instead of the descriptor */
	bool imx_rxdb;			/* kick Linux on rxdb, not rx */
	unsigned long imx_mu_delay_ms;	/* take Linux's MU messages this late */
};

/* A message waiting for a host RX buffer. */
struct vrprocd_msg {
	uint32_t src, dst;
	uint16_t len;
	uint8_t data[VRPROCD_MAX_MSG];
};

/* One vring as the daemon sees it, after validation. */
struct vrprocd_vring {
	unsigned int num;
	uint32_t notifyid;
	volatile uint8_t *desc;		/* 16 bytes each */
	volatile uint8_t *avail;	/* flags, idx, ring[num] */
	volatile uint8_t *used;		/* flags, idx, ring[num]{id, len} */
	uint16_t last_avail;
	uint16_t used_idx;
	bool event_idx;			/* VIRTIO_RING_F_EVENT_IDX negotiated */
	bool signalled_valid;		/* event_idx: signalled_used is set */
	uint16_t signalled_used;	/* event_idx: used_idx at the last decision */
	uint16_t avail_flags;		/* avail-scribble: Linux's last flags */
	unsigned long kicks_out;	/* interrupts sent to Linux */
	unsigned long kicks_saved;	/* and suppressed by Linux */
};

enum vrprocd_app_kind { APP_NONE, APP_ECHO, APP_MATRIX, APP_RPC };

/* State of the rpc application (app_rpc.c). */
struct vrprocd_rpc {
	int step;
	int fd;
	char line[64];
	bool failed;
};

/* What the remote core tells its platform (vrprocd_platform.state). */
enum vrprocd_state { RSTATE_READY, RSTATE_RUNNING, RSTATE_CRASHED };

/* Crash reasons (ivshmem: ctrl->crash_reason). */
#define CRASH_INJECTED	1
#define CRASH_PROTOCOL	2

struct vrprocd;
struct vrprocd_daemon;

/*
 * The platform layer: how memory is shared, how kicks travel and how boot
 * and stop arrive (Documentation/vrproc-protocol.rst, "Platforms").  The
 * daemon-wide hooks run from main.c's loop; the per-core hooks are what
 * the remote core (remote.c) calls.  Boot and stop events reach the core
 * through remote_boot() and remote_stop(), called by the platform.
 */
struct vrprocd_platform {
	const char *name;
	/* after option parsing: memory, cores; *shm_fd: what QEMU gets as
	 * ivshmem memory (>= 0 on a keeper takeover: keep it) */
	int (*init)(struct vrprocd_daemon *dm, int *shm_fd, bool takeover);
	/* QEMU connected (takeover: handed over by the keeper) */
	void (*connected)(struct vrprocd_daemon *dm, bool takeover);
	void (*disconnected)(struct vrprocd_daemon *dm);
	/* every loop iteration: commands, boot/stop, kicks from Linux */
	void (*poll)(struct vrprocd_daemon *dm);
	void (*heartbeat)(struct vrprocd_daemon *dm);	/* every 50 ms; optional */
	void (*exit)(struct vrprocd_daemon *dm);	/* the daemon ends */
	int poll_ms;		/* loop period while a core runs */
	int idle_ms;		/* and while none does */

	/* per core: a remote device address (resource table, vrings, trace) */
	uint8_t *(*da_to_va)(struct vrprocd *d, uint64_t da, uint64_t len);
	/* per core: a buffer address Linux put in a vring descriptor */
	uint8_t *(*buf_to_va)(struct vrprocd *d, uint64_t pa, uint64_t len);
	/* per core: interrupt Linux for the vring with this notify id */
	void (*kick)(struct vrprocd *d, uint32_t notifyid);
	/* per core: the remote's state changed (reason: RSTATE_CRASHED) */
	void (*state)(struct vrprocd *d, enum vrprocd_state st, uint32_t reason);
	/* --storm, optional: garbage into the control area from @rnd (undone
	 * at the next RSTATE_READY), and a remote that came back as a new
	 * process (a new session) */
	void (*ctrl_chaos)(struct vrprocd *d, uint64_t rnd, char *what,
			   size_t len);
	void (*reborn)(struct vrprocd *d);
};

extern const struct vrprocd_platform vrprocd_platform_ivshmem;
extern const struct vrprocd_platform vrprocd_platform_zynqmp;
extern const struct vrprocd_platform vrprocd_platform_imx;

/* The process: options, the QEMU connection, the remote instances. */
struct vrprocd_daemon {
	struct vrprocd_opts opt;
	const struct vrprocd_platform *plat;
	void *pdata;			/* the platform's */
	int my_efd[VRPROCD_MAX_VECTORS];	/* guest -> daemon */
	int guest_efd[VRPROCD_MAX_VECTORS];	/* daemon -> guest */
	unsigned long kicks_in[VRPROCD_MAX_VECTORS];	/* doorbells from Linux */
	bool connected;
	char ready[256];		/* printed once the socket listens */
	unsigned int ncores;
	struct vrprocd *core[VRPROCD_MAX_CORES];
};

/* One remote processor (core) and its firmware's state. */
struct vrprocd {
	struct vrprocd_opts opt;	/* the daemon's, copied */
	struct vrprocd_daemon *dm;
	const struct vrprocd_platform *plat;
	void *pdata;			/* the platform's, per core */
	unsigned int index;
	char tag[16];			/* log prefix ("" or "r5-N: ") */

	/* remote state of one boot */
	bool running, linked, crashed, app_ended;
	uint8_t *rsc;			/* the resource table */
	uint32_t rsc_size;
	uint8_t *vdev;			/* the rpmsg vdev entry (after type) */
	unsigned int nvrings;
	uint8_t last_status;
	struct vrprocd_vring vr[2];	/* 0: remote->host, 1: host->remote */
	enum vrprocd_app_kind app;
	char app_name[OHOST_VRPROC_APP_NAME_LEN + 1];
	uint32_t peer;			/* first peer's address, 0: none yet */
	bool have_peer;
	uint8_t mat[2][148];
	unsigned int nmat;
	struct vrprocd_rpc rpc;
	unsigned long msgs;		/* host->remote messages handled */
	unsigned long boots;		/* successful remote_boot()s */
	uint8_t *trace_buf;
	uint32_t trace_len, trace_pos;
	struct vrprocd_msg *pending;	/* ring of VRPROCD_MAX_PENDING */
	unsigned int phead, npending;
	bool injected_used, injected_len, injected_dup;
	unsigned int inj_logged;	/* continuous knobs said "injecting" */

	/* --inject state */
	unsigned int hammer_boots;	/* STARTs hammered so far */
	bool hammering;
	uint64_t hammer_until;		/* ms */
	volatile uint8_t *hammer_used;	/* vring0's used ring */
	uint32_t hammer_notifyid;
	uint16_t hammer_idx;
	bool tx_stalled;		/* ns-destroy-stall: vring1 not consumed */
	uint64_t stall_destroy_at, stall_until;	/* ms; 0: none */
	uint8_t stall_name[32];
	uint32_t stall_addr;
	struct { uint16_t id; uint32_t len; } *held;	/* tx-hold */
	unsigned int nheld;
	uint64_t held_since;		/* ms of the latest held buffer */

	/* --storm state (storm.c): lifetimes counts STARTs over all boots */
	unsigned long storm_lifetimes;
	bool storm_on;			/* this lifetime is a stormy one */
	uint64_t storm_rng, storm_lifetime_seed;
	uint64_t storm_t0;		/* ms of the START */
	struct { uint32_t at_ms; uint8_t kind; } storm_ev[VRPROCD_STORM_EVENTS];
	unsigned int storm_nev, storm_next;
	uint64_t storm_kick_until, storm_stall_until, storm_mute_until;
	uint64_t storm_dead_until;	/* silent, then reborn; 0: alive */
};

/* main.c */
void vlog(const struct vrprocd *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dlog(const struct vrprocd_daemon *dm, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kick_guest(struct vrprocd_daemon *dm, unsigned int vector);
uint64_t now_ms(void);
int parse_size(const char *s, uint64_t *out);

/*
 * remote.c: the remote core, the same on every platform.  A platform
 * boots a core with the resource table and app descriptor it found in the
 * loaded firmware (remote_boot: 0 or an errno), stops it (remote_stop),
 * and calls remote_poll() whenever Linux may have kicked (or periodically).
 */
struct vrprocd *remote_new(struct vrprocd_daemon *dm, unsigned int index);
int remote_boot(struct vrprocd *d, uint8_t *rsc, uint32_t rsc_size,
		const struct ohost_vrproc_app *app);
void remote_stop(struct vrprocd *d);
void remote_reset(struct vrprocd *d);
void remote_poll(struct vrprocd *d);
bool remote_inject(struct vrprocd *d);
void remote_kick_burst(struct vrprocd *d);
bool remote_done(const struct vrprocd *d);
void remote_send(struct vrprocd *d, uint32_t src, uint32_t dst,
		 const void *data, size_t len);
void remote_trace(struct vrprocd *d, const char *line);
/* for storm.c: the ring primitives of remote.c */
void remote_crash(struct vrprocd *d, uint32_t reason, const char *why);
int remote_take_avail(struct vrprocd *d, struct vrprocd_vring *vr,
		      uint16_t *head);
int remote_get_desc(struct vrprocd *d, struct vrprocd_vring *vr, uint16_t head,
		    bool writable, uint8_t **buf, uint32_t *len);
void remote_put_used(struct vrprocd *d, struct vrprocd_vring *vr, uint32_t id,
		     uint32_t len);
void remote_kick_vring(struct vrprocd *d, struct vrprocd_vring *vr);
void remote_ns_send(struct vrprocd *d, const uint8_t name[32], uint32_t addr,
		    uint32_t flags);

/*
 * storm.c: --storm SEED[,COUNT], a seeded hostile remote.  storm_begin()
 * at every successful boot; storm_tick() from remote_poll(): true while
 * the remote must not touch its vrings; storm_muted(): commands wait;
 * storm_kicks(): a kick flood burst (remote_inject()).
 */
void storm_begin(struct vrprocd *d);
void storm_reset(struct vrprocd *d);
bool storm_tick(struct vrprocd *d);
bool storm_muted(const struct vrprocd *d);
bool storm_kicks(struct vrprocd *d);
int storm_parse(struct vrprocd_opts *o, const char *arg);

/* app_rpc.c: the rpc_demo application (Documentation/rpmsg-proxy.rst) */
void rpc_app_reset(struct vrprocd *d);
/* The channel to announce: "rpmsg-proxy" for app "rpc-proxy", else @dflt. */
const char *rpc_app_channel(const struct vrprocd *d, const char *dflt);
void rpc_app_message(struct vrprocd *d, uint32_t src, const uint8_t *data,
		     uint32_t len);

#endif /* VRPROCD_H */
