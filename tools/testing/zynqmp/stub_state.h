/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "stub state" page: what the EL3 monitor stub (el3-stub/) records
 * about the platform-management and IPI calls Linux makes, in guest RAM
 * that a host process (the "R5", e.g. vrprocd) maps from QEMU's shared
 * memory-backend-file.  The stub is freestanding aarch64 code; host tools
 * include this header too (C), or read it by the offsets checked below
 * (Python: tools/testing/zynqmp/zstub.py).
 *
 * Every field is a little-endian fixed-width integer (all parties are
 * little-endian; no byte swapping is done).  Layout rules:
 *   - magic is written last at reset: a host that sees ZSTUB_MAGIC sees a
 *     fully initialised page of ZSTUB_VERSION;
 *   - seq is incremented after every recorded change (power, boot, mode,
 *     TCM, IPI open/notify/ack/mask), so a host can poll one word;
 *   - each word has exactly one writer (stub or host, noted per field), so
 *     neither side needs atomic read-modify-write on shared memory.
 *
 * IPI emulation (ZynqMP IPI agents are numbered as Xilinx's xlnx,ipi-id:
 * 0 APU, 1 RPU0, 2 RPU1, 3..6 PMU, 7..10 PL):
 *   pending(src -> dst)  <=>  ipi_trig[src][dst] != ipi_ack[src][dst]
 *   notify  by src:  ipi_trig[src][dst] += 1          (written by src)
 *   ack     by dst:  ipi_ack[src][dst] = ipi_trig[src][dst] as read
 *                                                      (written by dst)
 * The stub writes the trig/ack words of the agent Linux names as "local"
 * in its IPI SMCs; the host writes those of the agents it plays.
 */
#ifndef ZYNQMP_STUB_STATE_H
#define ZYNQMP_STUB_STATE_H

#ifdef __ASSEMBLER__
#define ZSTUB_U64(x)		x
#else
#include <stdint.h>
#define ZSTUB_U64(x)		x##ULL
#endif

#define ZSTUB_MAGIC		0x5453505aU	/* "ZPST" */
#define ZSTUB_VERSION		2	/* 2: host_running */

/* Guest-physical layout of the QEMU machine (see virt-zynqmp.dtso). */
#define ZSTUB_RAM_BASE		ZSTUB_U64(0x40000000)	/* QEMU virt RAM; host file offset 0 */
#define ZSTUB_DTB_ADDR		ZSTUB_U64(0x40000000)	/* QEMU puts the -dtb here */
#define ZSTUB_KERNEL_ADDR	ZSTUB_U64(0x40400000)	/* -device loader, raw Image */
#define ZSTUB_INITRD_ADDR	ZSTUB_U64(0x48000000)	/* -device loader, cpio.gz */
#define ZSTUB_STATE_ADDR	ZSTUB_U64(0xff9f0000)	/* this page (no-map) */
#define ZSTUB_STATE_SIZE	0x10000
#define ZSTUB_IPI_BUF_ADDR	ZSTUB_U64(0xff990000)	/* IPI message buffers (no-map) */
#define ZSTUB_IPI_BUF_SIZE	0x10000
#define ZSTUB_IPI_SPI		200	/* GIC SPI of the IPI mailbox node */

#define ZSTUB_NODES		80	/* ZynqMP PM node ids 0..79 */
#define ZSTUB_IPI_AGENTS	16
#define ZSTUB_EVENTS		128

#ifndef __ASSEMBLER__

/* Node ids of interest (Xilinx PM API, as the upstream R5 driver uses). */
#define ZSTUB_NODE_RPU		6
#define ZSTUB_NODE_RPU_0	7
#define ZSTUB_NODE_RPU_1	8
#define ZSTUB_NODE_TCM_0_A	15
#define ZSTUB_NODE_TCM_0_B	16
#define ZSTUB_NODE_TCM_1_A	17
#define ZSTUB_NODE_TCM_1_B	18

/* One PM node, written by the stub only. */
struct zstub_node {
	uint32_t power;		/* 1 on (request node/wakeup, set requirement != 0), 0 off */
	uint32_t running;	/* 1 after request wakeup, 0 after force power down/release */
	uint32_t requested;	/* 1 between request node and release node */
	uint32_t capabilities;	/* last request node / set requirement capabilities */
	uint32_t wake_count;	/* request wakeup calls */
	uint32_t pwrdwn_count;	/* force power down calls */
	uint32_t bootmem;	/* ioctl RPU_BOOT_ADDR_CONFIG: 0 LOVEC (0x0), 1 HIVEC (0xffff0000) */
	uint32_t reserved0;
	uint64_t boot_addr;	/* address of the last request wakeup with set_addr (bit 0) */
	uint32_t reserved1[2];
};

/* One state-changing call, written by the stub only. */
struct zstub_event {
	uint32_t seq;		/* value of zstub_state.seq after this call */
	uint32_t fid;		/* SMC function id (x0) */
	uint32_t arg[4];	/* x1[31:0], x1[63:32], x2[31:0], x2[63:32] */
	uint32_t ret;		/* x0[31:0] returned */
	uint32_t x3;		/* x3[31:0] (IPI flags) */
};

struct zstub_state {
	uint32_t magic;		/* ZSTUB_MAGIC, written last at reset */
	uint32_t version;	/* ZSTUB_VERSION */
	uint32_t size;		/* sizeof(struct zstub_state) */
	uint32_t seq;		/* incremented after every recorded change */
	uint32_t booted;	/* 1 once the stub erets to the kernel */
	uint32_t rpu_mode;	/* ioctl SET_RPU_OPER_MODE: 0 lockstep (reset value), 1 split */
	uint32_t tcm_comb;	/* ioctl TCM_COMB_CONFIG: 0 split, 1 combined (reset value) */
	uint32_t smc_count;	/* every SMC taken */
	uint32_t unknown_count;	/* SMCs answered -1 as unknown */
	uint32_t unknown_fid;	/* the last of them */
	uint32_t sys_off;	/* 1 SYSTEM_OFF, 2 SYSTEM_RESET requested */
	uint32_t ipi_spi;	/* ZSTUB_IPI_SPI: the stub sets it pending (GICD_ISPENDR) */
	uint32_t host_pid;	/* written by the host: informational */
	/* written by the host: bit n = node n (7 RPU_0, 8 RPU_1) was started
	 * by someone else than Linux (a bootloader: vrprocd --zynqmp-preboot);
	 * GET_NODE_STATUS reports it running.  Cleared by the host when it
	 * sees the node's FORCE_POWERDOWN. */
	uint32_t host_running;
	uint32_t reserved[2];
	/* [src][dst]: notifies from src to dst; written by src's owner */
	uint32_t ipi_trig[ZSTUB_IPI_AGENTS][ZSTUB_IPI_AGENTS];
	/* [src][dst]: the trig value dst has acknowledged; written by dst's owner */
	uint32_t ipi_ack[ZSTUB_IPI_AGENTS][ZSTUB_IPI_AGENTS];
	/* [agent] bit r: agent opened its channel to r (stub: Linux's agents) */
	uint32_t ipi_open[ZSTUB_IPI_AGENTS];
	/* [agent] bit r: agent takes interrupts from r (stub: Linux's agents) */
	uint32_t ipi_irq_en[ZSTUB_IPI_AGENTS];
	struct zstub_node node[ZSTUB_NODES];
	uint32_t event_count;	/* events ever recorded; event i is event[i % ZSTUB_EVENTS] */
	uint32_t reserved2[3];
	struct zstub_event event[ZSTUB_EVENTS];
};

#define ZSTUB_OFF_HOST_RUNNING	52
#define ZSTUB_OFF_TRIG		64
#define ZSTUB_OFF_ACK		(ZSTUB_OFF_TRIG + 4 * ZSTUB_IPI_AGENTS * ZSTUB_IPI_AGENTS)
#define ZSTUB_OFF_OPEN		(ZSTUB_OFF_ACK + 4 * ZSTUB_IPI_AGENTS * ZSTUB_IPI_AGENTS)
#define ZSTUB_OFF_IRQ_EN	(ZSTUB_OFF_OPEN + 4 * ZSTUB_IPI_AGENTS)
#define ZSTUB_OFF_NODE		(ZSTUB_OFF_IRQ_EN + 4 * ZSTUB_IPI_AGENTS)
#define ZSTUB_OFF_EVENT_COUNT	(ZSTUB_OFF_NODE + 48 * ZSTUB_NODES)
#define ZSTUB_OFF_EVENT		(ZSTUB_OFF_EVENT_COUNT + 16)

_Static_assert(sizeof(struct zstub_node) == 48, "zstub_node layout");
_Static_assert(sizeof(struct zstub_event) == 32, "zstub_event layout");
_Static_assert(__builtin_offsetof(struct zstub_state, host_running) == ZSTUB_OFF_HOST_RUNNING,
	       "host_running");
_Static_assert(__builtin_offsetof(struct zstub_state, ipi_trig) == ZSTUB_OFF_TRIG, "trig");
_Static_assert(__builtin_offsetof(struct zstub_state, ipi_ack) == ZSTUB_OFF_ACK, "ack");
_Static_assert(__builtin_offsetof(struct zstub_state, ipi_open) == ZSTUB_OFF_OPEN, "open");
_Static_assert(__builtin_offsetof(struct zstub_state, ipi_irq_en) == ZSTUB_OFF_IRQ_EN, "irq_en");
_Static_assert(__builtin_offsetof(struct zstub_state, node) == ZSTUB_OFF_NODE, "node");
_Static_assert(__builtin_offsetof(struct zstub_state, event_count) == ZSTUB_OFF_EVENT_COUNT, "evc");
_Static_assert(__builtin_offsetof(struct zstub_state, event) == ZSTUB_OFF_EVENT, "event");
_Static_assert(sizeof(struct zstub_state) <= ZSTUB_STATE_SIZE, "state size");

/*
 * IPI message buffers (ZynqMP layout): agent a's 512-byte block at
 * ZSTUB_IPI_BUF_ADDR + zstub_ipi_block(a); in it, for each peer p, at
 * 0x40 * zstub_ipi_slot(p): the 32-byte request a sends to p, then the
 * 32-byte response a gives to p's request.  So for Linux as agent 7 and
 * RPU0 as agent 1: Linux's request at 0xff990600 (local_request_region),
 * its response at 0xff990620 (local_response_region), RPU0's request at
 * 0xff9900c0 (remote_request_region), its response at 0xff9900e0
 * (remote_response_region).
 */
#define ZSTUB_IPI_MSG_SIZE	32

static inline int zstub_ipi_block(unsigned int agent)
{
	static const int16_t block[11] = {
		0x400, 0x000, 0x200, -1, -1, -1, -1, 0x600, 0x800, 0xa00, 0xc00,
	};
	return agent < 11 ? block[agent] : -1;
}

static inline int zstub_ipi_slot(unsigned int agent)
{
	static const int8_t slot[11] = { 2, 0, 1, 7, 7, 7, 7, 3, 4, 5, 6 };
	return agent < 11 ? slot[agent] : -1;
}

#endif /* !__ASSEMBLER__ */
#endif /* ZYNQMP_STUB_STATE_H */
