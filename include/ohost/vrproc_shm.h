/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared-memory interface of the virtual remote processor (ohost_vrproc):
 * the control area at the start of the ivshmem BAR2 window, shared by the
 * Linux driver (drivers/remoteproc/ohost_vrproc.c) and the host daemon
 * that plays the remote (tools/vrprocd).  Documentation/vrproc-protocol.rst
 * describes the protocol; this header is its single definition.
 *
 * Every field is little-endian and of fixed width; the layout does not
 * depend on the compiler or the word size of either side.
 */
#ifndef OHOST_VRPROC_SHM_H
#define OHOST_VRPROC_SHM_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <stddef.h>
#include <linux/types.h>
#endif

/* "OVRP" read as a little-endian 32-bit word. */
#define OHOST_VRPROC_MAGIC		0x5052564fU
#define OHOST_VRPROC_VERSION		1

/* Bytes reserved for the control area at BAR2 offset 0. */
#define OHOST_VRPROC_CTRL_SIZE		4096

/* Values of ohost_vrproc_ctrl.state (written by the daemon). */
enum ohost_vrproc_state {
	OHOST_VRPROC_ST_ABSENT = 0,	/* no daemon has set up the area */
	OHOST_VRPROC_ST_READY = 1,	/* daemon idle, waiting for START */
	OHOST_VRPROC_ST_RUNNING = 2,	/* firmware "running" */
	OHOST_VRPROC_ST_CRASHED = 3,	/* remote failed, waiting for STOP */
	OHOST_VRPROC_ST_GONE = 4,	/* daemon exited cleanly */
};

/* Values of ohost_vrproc_ctrl.cmd (written by the driver). */
enum ohost_vrproc_cmd {
	OHOST_VRPROC_CMD_NONE = 0,
	OHOST_VRPROC_CMD_START = 1,
	OHOST_VRPROC_CMD_STOP = 2,
	OHOST_VRPROC_CMD_PING = 3,	/* acknowledged at once; changes nothing */
};

/* Bits of ohost_vrproc_ctrl.flags (written by the daemon). */
#define OHOST_VRPROC_F_NO_IRQ		0x1 /* daemon cannot interrupt: poll */

/* Interrupt vector 0 carries control events in both directions. */
#define OHOST_VRPROC_VEC_CTRL		0

/**
 * struct ohost_vrproc_ctrl - control area at BAR2 offset 0
 *
 * Fields 0x00..0x7f are written by the daemon only, fields 0x80..0xff by
 * the driver only; neither side ever writes the other's half.  The daemon
 * publishes @magic last when it (re)initialises the area, after every
 * other field of its half.
 *
 * @magic: %OHOST_VRPROC_MAGIC once the daemon has set the area up
 * @version: %OHOST_VRPROC_VERSION
 * @ctrl_size: bytes of the control area (%OHOST_VRPROC_CTRL_SIZE)
 * @session: changes every time a daemon (re)initialises the area
 * @state: &enum ohost_vrproc_state
 * @flags: OHOST_VRPROC_F_* bits
 * @daemon_id: the daemon's ivshmem peer id (doorbell destination)
 * @vectors: interrupt vectors the daemon serves (same as QEMU's vectors=)
 * @da_base: device address of BAR2 offset 0 in the remote's address space
 * @shm_size: size of the shared memory (BAR2)
 * @mem_offset: BAR2 offset of the remote's memory (firmware, resource
 *	table, vrings, trace buffer); page aligned
 * @mem_size: its size in bytes
 * @pool_offset: BAR2 offset of the vdev buffer pool; page aligned
 * @pool_size: its size in bytes
 * @ack_seq: copy of @cmd_seq once the daemon has handled that command
 * @ack_status: result of that command: 0 or a positive errno value
 * @crash_seq: incremented by the daemon whenever the remote crashes
 * @crash_reason: free-form code of the last crash (0 none)
 * @heartbeat: incremented by the daemon at least every 100 ms
 * @reserved0: zero
 * @cmd: &enum ohost_vrproc_cmd, written before @cmd_seq
 * @cmd_seq: incremented by the driver for each new command
 * @host_id: the guest's ivshmem peer id (IVPosition register)
 * @host_session: @session the driver validated the layout with
 * @bar2_phys: Linux physical address of BAR2 offset 0; vring descriptors
 *	carry Linux physical addresses
 * @rsc_da: device address of the loaded resource table
 * @rsc_size: its size in bytes
 * @reserved1: zero
 * @boot_da: device address of the ELF entry point (the app descriptor)
 * @reserved2: zero
 */
struct ohost_vrproc_ctrl {
	/* daemon half */
	__le32 magic;			/* 0x00 */
	__le32 version;			/* 0x04 */
	__le32 ctrl_size;		/* 0x08 */
	__le32 session;			/* 0x0c */
	__le32 state;			/* 0x10 */
	__le32 flags;			/* 0x14 */
	__le32 daemon_id;		/* 0x18 */
	__le32 vectors;			/* 0x1c */
	__le64 da_base;			/* 0x20 */
	__le64 shm_size;		/* 0x28 */
	__le64 mem_offset;		/* 0x30 */
	__le64 mem_size;		/* 0x38 */
	__le64 pool_offset;		/* 0x40 */
	__le64 pool_size;		/* 0x48 */
	__le32 ack_seq;			/* 0x50 */
	__le32 ack_status;		/* 0x54 */
	__le32 crash_seq;		/* 0x58 */
	__le32 crash_reason;		/* 0x5c */
	__le32 heartbeat;		/* 0x60 */
	__le32 reserved0[7];		/* 0x64 */
	/* driver half */
	__le32 cmd;			/* 0x80 */
	__le32 cmd_seq;			/* 0x84 */
	__le32 host_id;			/* 0x88 */
	__le32 host_session;		/* 0x8c */
	__le64 bar2_phys;		/* 0x90 */
	__le64 rsc_da;			/* 0x98 */
	__le32 rsc_size;		/* 0xa0 */
	__le32 reserved1;		/* 0xa4 */
	__le64 boot_da;			/* 0xa8 */
	__le32 reserved2[20];		/* 0xb0 */
};

static_assert(sizeof(struct ohost_vrproc_ctrl) == 256, "control area layout");
static_assert(offsetof(struct ohost_vrproc_ctrl, cmd) == 0x80, "driver half");
static_assert(offsetof(struct ohost_vrproc_ctrl, boot_da) == 0xa8, "boot_da");

/* "OAPP": the app descriptor at the firmware's entry point. */
#define OHOST_VRPROC_APP_MAGIC		0x5050414fU
#define OHOST_VRPROC_APP_NAME_LEN	24

/**
 * struct ohost_vrproc_app - what a firmware image asks the remote to run
 * @magic: %OHOST_VRPROC_APP_MAGIC
 * @version: 1
 * @name: NUL-terminated application name ("echo", "matrix")
 *
 * The virtual remote has no CPU: its "program" is this descriptor, placed
 * by the image at its ELF entry point (e_entry).
 */
struct ohost_vrproc_app {
	__le32 magic;
	__le32 version;
	char name[OHOST_VRPROC_APP_NAME_LEN];
};

static_assert(sizeof(struct ohost_vrproc_app) == 32, "app descriptor layout");

/* ivshmem BAR0 registers (QEMU docs/specs/ivshmem-spec.rst). */
#define OHOST_IVSHMEM_INTRMASK		0x00
#define OHOST_IVSHMEM_INTRSTATUS	0x04
#define OHOST_IVSHMEM_IVPOSITION	0x08
#define OHOST_IVSHMEM_DOORBELL		0x0c

/**
 * ohost_vrproc_vring_vector() - interrupt vector that carries a vring kick
 * @notifyid: the vring's notify id
 * @vectors: vectors the device has
 *
 * Vector 0 is for control events; vring n uses vector 1 + n, and the last
 * vector is shared by every notify id that does not get one of its own.
 * With a single vector, everything shares vector 0.  Both directions use
 * the same mapping.
 */
static inline unsigned int ohost_vrproc_vring_vector(unsigned int notifyid,
						     unsigned int vectors)
{
	if (vectors <= 1)
		return 0;
	if (notifyid >= vectors - 1)
		return vectors - 1;
	return notifyid + 1;
}

#endif /* OHOST_VRPROC_SHM_H */
