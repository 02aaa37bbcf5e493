/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test MU page (compatible "openamp-host,test-mu"): a 4 KiB page of
 * guest RAM through which Linux (ohost_testhook_mu) and a host process
 * playing the M4 (vrprocd --platform imx) exchange what an i.MX Messaging
 * Unit carries: u32 messages on four TX and four RX registers and general
 * purpose interrupts (doorbells) both ways.  Documentation/vrproc-protocol.rst,
 * "Platform imx", describes the protocol.
 *
 * Every field is a little-endian u32 with one writer: the Linux block
 * only by Linux, the host block only by the host.  A message slot is a
 * (seq, msg) pair of its writer and an ack of its reader:
 *   writer: slot free when ack == seq; write msg, then seq + 1, then ring
 *   reader: a message when seq != ack; read msg, then ack = seq, then ring
 * Linux rings the host with the ivshmem doorbell (peer OHOST_TMU_H_PEER,
 * vector 0), the host rings Linux with MSI-X vector 0 of the same
 * ivshmem-doorbell device.  Linux's TX "transmit empty" (the MU's TE
 * flag, its tx-done) is tx_ack == tx_seq.
 */
#ifndef OHOST_TEST_MU_H
#define OHOST_TEST_MU_H

#define OHOST_TMU_CHANS		4		/* registers per kind, as the MU */

/* Linux block: written by Linux only */
#define OHOST_TMU_L_MAGIC	0x000		/* OHOST_TMU_L_MAGIC_VAL once set up */
#define OHOST_TMU_L_VERSION	0x004		/* OHOST_TMU_VERSION */
#define OHOST_TMU_L_SESSION	0x008		/* + 1 at every probe */
#define OHOST_TMU_L_TX_SEQ(i)	(0x010 + 4 * (i))	/* TX (type 0) */
#define OHOST_TMU_L_TX_MSG(i)	(0x020 + 4 * (i))
#define OHOST_TMU_L_TXDB_SEQ(i)	(0x030 + 4 * (i))	/* TXDB (type 2): no ack */
#define OHOST_TMU_L_RX_ACK(i)	(0x040 + 4 * (i))	/* RX (type 1) */
#define OHOST_TMU_L_RXDB_ACK(i)	(0x050 + 4 * (i))	/* RXDB (type 3) */

/* Host block: written by the host only */
#define OHOST_TMU_H_MAGIC	0x100		/* OHOST_TMU_H_MAGIC_VAL once set up */
#define OHOST_TMU_H_VERSION	0x104
#define OHOST_TMU_H_PEER	0x108		/* ivshmem peer id Linux rings */
#define OHOST_TMU_H_TX_ACK(i)	(0x110 + 4 * (i))
#define OHOST_TMU_H_RX_SEQ(i)	(0x120 + 4 * (i))
#define OHOST_TMU_H_RX_MSG(i)	(0x130 + 4 * (i))
#define OHOST_TMU_H_RXDB_SEQ(i)	(0x140 + 4 * (i))

#define OHOST_TMU_L_MAGIC_VAL	0x4c554d54	/* "TMUL" */
#define OHOST_TMU_H_MAGIC_VAL	0x48554d54	/* "TMUH" */
#define OHOST_TMU_VERSION	1

/* Channel types of #mbox-cells = <2> (type, index), as fsl,imx-mu. */
#define OHOST_TMU_TYPE_TX	0
#define OHOST_TMU_TYPE_RX	1
#define OHOST_TMU_TYPE_TXDB	2
#define OHOST_TMU_TYPE_RXDB	3

#endif /* OHOST_TEST_MU_H */
