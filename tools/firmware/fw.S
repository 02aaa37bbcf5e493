/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware images for the virtual remote processor (ohost_vrproc).
 *
 * The remote has no CPU: the host daemon (tools/vrprocd) plays it and
 * runs the application named by the descriptor at the ELF entry point.
 * Everything else is what a real OpenAMP image carries: PT_LOAD segments
 * at device addresses and a .resource_table section.
 *
 * Built once per image with -D options (see Makefile):
 *   APP_NAME	"echo" or "matrix"
 *   NUM_VRINGS	vrings of the rpmsg vdev (2; 3 for a bad image)
 *   NO_RSC_TABLE	leave the resource table out (bad image)
 *   EVENT_IDX	offer VIRTIO_RING_F_EVENT_IDX too (open-amp's default
 *		tables offer VIRTIO_RPMSG_F_NS only)
 *   BUFSZ	offer VIRTIO_RPMSG_F_BUFSZ with this buffer size, both
 *		directions, in a version-1 config space (BUFSZ_VERSION,
 *		BUFSZ_ALIGN: 1 and 16 unless given)
 *   VRING_NUM	buffers per vring (256 unless given)
 *   BIG_BLOB	a file whose bytes become section .big, one PT_LOAD
 *		segment at BIG_BASE (fw.ld): a large image to time loads
 * Device addresses follow the daemon's default layout
 * (Documentation/vrproc-protocol.rst): remote memory at 0x3ed10000.
 */
#ifndef NUM_VRINGS
#define NUM_VRINGS	2
#endif

#define RSC_CARVEOUT	0
#define RSC_TRACE	2
#define RSC_VDEV	3
#define ADDR_ANY	0xffffffff
#define VIRTIO_ID_RPMSG	7
#define VIRTIO_RPMSG_F_NS	1
#define VIRTIO_RING_F_EVENT_IDX	(1 << 29)
#define VIRTIO_RPMSG_F_BUFSZ	2
#ifdef EVENT_IDX
#define DFEATURES_EVIDX	VIRTIO_RING_F_EVENT_IDX
#else
#define DFEATURES_EVIDX	0
#endif
#ifdef BUFSZ
#define DFEATURES_BUFSZ	VIRTIO_RPMSG_F_BUFSZ
#define CONFIG_LEN	13
#ifndef BUFSZ_VERSION
#define BUFSZ_VERSION	1
#endif
#ifndef BUFSZ_ALIGN
#define BUFSZ_ALIGN	16
#endif
#else
#define DFEATURES_BUFSZ	0
#define CONFIG_LEN	0
#endif
#define DFEATURES	(VIRTIO_RPMSG_F_NS | DFEATURES_EVIDX | DFEATURES_BUFSZ)

#define TRACE_DA	0x3ed20000
#define TRACE_LEN	0x1000
#define VRING0_DA	0x3ed40000
#define VRING_STRIDE	0x4000
#ifndef VRING_NUM
#define VRING_NUM	256
#endif
#define VRING_ALIGN	0x1000

	.section .text, "ax"
	.global _start
/* The app descriptor: struct ohost_vrproc_app. */
_start:
	.word	0x5050414f		/* "OAPP" */
	.word	1
1:	.ascii	APP_NAME
2:	.fill	24 - (2b - 1b), 1, 0
	.balign	16
	.ascii	"openamp-host virtual remote firmware\0"

#ifndef NO_RSC_TABLE
	.section .resource_table, "aw"
	.balign	8
rsc_table:
	.word	1			/* ver */
	.word	4			/* num */
	.word	0, 0			/* reserved */
	.word	rsc_fwmem - rsc_table
	.word	rsc_pool - rsc_table
	.word	rsc_trace - rsc_table
	.word	rsc_vdev - rsc_table

rsc_fwmem:				/* fw_rsc_carveout */
	.word	RSC_CARVEOUT
	.word	0x3ed10000, ADDR_ANY, 0x10000, 0, 0
3:	.ascii	"fw-mem"
4:	.fill	32 - (4b - 3b), 1, 0

rsc_pool:				/* the vdev buffer pool: anywhere */
	.word	RSC_CARVEOUT
	.word	ADDR_ANY, ADDR_ANY, 0x40000, 0, 0
5:	.ascii	"vdev0buffer"
6:	.fill	32 - (6b - 5b), 1, 0

rsc_trace:				/* fw_rsc_trace */
	.word	RSC_TRACE
	.word	TRACE_DA, TRACE_LEN, 0
7:	.ascii	"trace"
8:	.fill	32 - (8b - 7b), 1, 0

rsc_vdev:				/* fw_rsc_vdev */
	.word	RSC_VDEV
	.word	VIRTIO_ID_RPMSG
	.word	31			/* notifyid: distinct from the vrings' */
	.word	DFEATURES		/* dfeatures */
	.word	0			/* gfeatures */
	.word	CONFIG_LEN		/* config_len */
	.byte	0			/* status */
	.byte	NUM_VRINGS
	.byte	0, 0			/* reserved */
	.set	i, 0
	.rept	NUM_VRINGS		/* fw_rsc_vdev_vring */
	.word	VRING0_DA + i * VRING_STRIDE, VRING_ALIGN, VRING_NUM, i, 0
	.set	i, i + 1
	.endr
#ifdef BUFSZ				/* struct vrp_bufsz_config, packed */
	.byte	BUFSZ_VERSION
	.hword	CONFIG_LEN, BUFSZ_ALIGN
	.word	BUFSZ, BUFSZ		/* txbuf_size, rxbuf_size */
#endif
#endif

	.section .data, "aw"
	.balign	16
	.ascii	"data\0"

#ifdef BIG_BLOB
	.section .big, "a"
	.incbin	BIG_BLOB
#endif
