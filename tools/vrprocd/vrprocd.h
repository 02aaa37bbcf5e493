/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrprocd: the remote side of the virtual remote processor.
 * See Documentation/vrproc-protocol.md.
 */
#ifndef VRPROCD_H
#define VRPROCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ohost/vrproc_shm.h"

#define VRPROCD_MAX_VECTORS	32
#define VRPROCD_MAX_PENDING	256
#define VRPROCD_MAX_MSG		4096

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
};

/* Bounds of the injection loops (Documentation/vrproc-protocol.md §10). */
#define VRPROCD_BURST_US	1000	/* one burst, then back to poll() */
#define VRPROCD_HAMMER_MAX_MS	30000	/* hammer-start gives up after this */
#define VRPROCD_STALL_DESTROY_MS 1000	/* ns-destroy-stall: destroy after */
#define VRPROCD_STALL_MAX_MS	20000	/* ns-destroy-stall: TX resumes after */

struct vrprocd_opts {
	const char *socket_path;
	const char *shm_path;		/* NULL: anonymous memfd */
	uint64_t shm_size;
	unsigned int vectors;
	uint64_t da_base;
	int verbose;
	bool once;
	unsigned long exit_after;	/* messages; 0: never */
	unsigned int inject;
	unsigned long crash_after;	/* messages; 0: never */
	unsigned long die_after;	/* messages; 0: never */
	unsigned int ns_flood_count;
	unsigned long tx_hold_ms;
	unsigned int hammer_boots;	/* hammer-start: the first N STARTs */
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
};

enum vrprocd_app_kind { APP_NONE, APP_ECHO, APP_MATRIX, APP_RPC };

struct vrprocd {
	struct vrprocd_opts opt;
	uint8_t *shm;
	uint64_t size;
	struct ohost_vrproc_ctrl *ctrl;
	uint32_t session;
	uint32_t guest_id, daemon_id;
	int my_efd[VRPROCD_MAX_VECTORS];		/* guest -> daemon */
	int guest_efd[VRPROCD_MAX_VECTORS];	/* daemon -> guest */
	uint32_t last_cmd_seq;

	/* remote state of one boot */
	bool running, linked, crashed, app_ended;
	uint64_t bar2_phys;
	uint64_t rsc_off;		/* shm offset of the resource table */
	uint32_t rsc_size;
	uint64_t vdev_off;		/* shm offset of the vdev entry */
	unsigned int nvrings;
	uint8_t last_status;
	struct vrprocd_vring vr[2];	/* 0: remote->host, 1: host->remote */
	enum vrprocd_app_kind app;
	char app_name[OHOST_VRPROC_APP_NAME_LEN + 1];
	uint32_t peer;			/* first peer's address, 0: none yet */
	bool have_peer;
	uint8_t mat[2][148];
	unsigned int nmat;
	unsigned long msgs;		/* host->remote messages handled */
	uint64_t trace_off;
	uint32_t trace_len, trace_pos;
	struct vrprocd_msg *pending;	/* ring of VRPROCD_MAX_PENDING */
	unsigned int phead, npending;
	bool injected_used, injected_len;

	/* --inject state */
	unsigned int hammer_boots;	/* STARTs hammered so far */
	bool hammering;
	uint64_t hammer_until;		/* ms */
	volatile uint8_t *hammer_used;	/* vring0's used ring */
	unsigned int hammer_vector;
	uint16_t hammer_idx;
	bool tx_stalled;		/* ns-destroy-stall: vring1 not consumed */
	uint64_t stall_destroy_at, stall_until;	/* ms; 0: none */
	uint8_t stall_name[32];
	uint32_t stall_addr;
	struct { uint16_t id; uint32_t len; } *held;	/* tx-hold */
	unsigned int nheld;
	uint64_t held_since;		/* ms of the latest held buffer */
};

/* main.c */
void vlog(const struct vrprocd *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kick_guest(struct vrprocd *d, unsigned int vector);

/* remote.c */
void remote_init_ctrl(struct vrprocd *d, bool reuse);
void remote_reset(struct vrprocd *d);
void remote_poll(struct vrprocd *d);
void remote_heartbeat(struct vrprocd *d);
bool remote_inject(struct vrprocd *d);
uint64_t now_ms(void);
void remote_gone(struct vrprocd *d);
bool remote_done(const struct vrprocd *d);
void remote_send(struct vrprocd *d, uint32_t src, uint32_t dst,
		 const void *data, size_t len);
void remote_trace(struct vrprocd *d, const char *line);

/* app_rpc.c: the rpc_demo application (Documentation/rpmsg-proxy.md) */
void rpc_app_reset(void);
/* The channel to announce: "rpmsg-proxy" for app "rpc-proxy", else @dflt. */
const char *rpc_app_channel(const struct vrprocd *d, const char *dflt);
void rpc_app_message(struct vrprocd *d, uint32_t src, const uint8_t *data,
		     uint32_t len);

#endif /* VRPROCD_H */
