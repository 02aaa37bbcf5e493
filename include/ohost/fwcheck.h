/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware validator: checks a remote processor's ELF image and its
 * resource table before the remoteproc core reads either.
 *
 * Shared by the kernel (module ohost_rproc exports these functions)
 * and the userspace tool tools/rproc-fwcheck; see fwcheck_types.h.
 *
 * Every function returns 0 on success or a negative errno, and on failure
 * fills the optional struct ohost_fw_error with one line (no newline) that
 * names what is wrong, e.g.
 * "resource 2 (vdev): vring array runs past the table end (offset 0x84 + 60 > 0x90)".
 */
#ifndef OHOST_FWCHECK_H
#define OHOST_FWCHECK_H

#include "fwcheck_types.h"

/* Resource types (wire values, see remoteproc's enum fw_resource_type). */
#define OHOST_RSC_CARVEOUT	0
#define OHOST_RSC_DEVMEM	1
#define OHOST_RSC_TRACE		2
#define OHOST_RSC_VDEV		3
#define OHOST_RSC_VENDOR_START	128
#define OHOST_RSC_VENDOR_END	512	/* inclusive, as in the remoteproc core */

/* "Any address" / "any notify id" in resource entries. */
#define OHOST_RSC_ADDR_ANY	0xffffffffU

/* Sizes of the wire structures. */
#define OHOST_RSC_HDR_SIZE	16	/* ver, num, reserved[2] */
#define OHOST_RSC_MEM_SIZE	56	/* carveout, devmem */
#define OHOST_RSC_TRACE_SIZE	48
#define OHOST_RSC_VDEV_SIZE	28	/* without vrings and config */
#define OHOST_RSC_VRING_SIZE	20
#define OHOST_RSC_NAME_LEN	32

/* Used when a policy leaves max_vrings 0: the remoteproc core's limit. */
#define OHOST_FW_DEFAULT_MAX_VRINGS	2

/*
 * More program headers than this are rejected: the overlap check is
 * quadratic and no real firmware comes near it.
 */
#define OHOST_FW_MAX_PHNUM	512

/**
 * struct ohost_fw_region - a range of the remote's device address space
 * @da: first device address
 * @size: bytes
 */
struct ohost_fw_region {
	u64 da;
	u64 size;
};

/**
 * struct ohost_fw_policy - what a driver accepts
 * @machine: required ELF e_machine (EM_ARM 40, EM_AARCH64 183,
 *	EM_RISCV 243, ...); 0 accepts any machine
 * @max_vrings: most vrings a vdev may declare; 0 means
 *	%OHOST_FW_DEFAULT_MAX_VRINGS
 * @require_rsc_table: reject an image without a .resource_table section
 * @regions: the remote's memories (TCM banks, carveouts, ...): every
 *	non-empty PT_LOAD segment must lie inside one of them; NULL accepts
 *	any address
 * @num_regions: entries in @regions
 *
 * A NULL policy is the zero policy.
 */
struct ohost_fw_policy {
	u16 machine;
	unsigned int max_vrings;
	bool require_rsc_table;
	const struct ohost_fw_region *regions;
	unsigned int num_regions;
};

/**
 * struct ohost_fw_error - why an image was rejected
 * @msg: one NUL-terminated line, empty on success
 */
struct ohost_fw_error {
	char msg[160];
};

/**
 * struct ohost_fw_vring - one vring of a vdev entry, decoded
 * @da: device address (or %OHOST_RSC_ADDR_ANY)
 * @align: alignment, a power of two
 * @num: number of buffers, a power of two
 * @notifyid: notify id (or %OHOST_RSC_ADDR_ANY)
 */
struct ohost_fw_vring {
	u32 da;
	u32 align;
	u32 num;
	u32 notifyid;
};

/**
 * struct ohost_fw_rsc - one validated resource entry, decoded
 * @index: position in the table's offset array
 * @type: %OHOST_RSC_* (vendor types between the VENDOR bounds)
 * @offset: offset of the entry from the start of the table
 * @size: bytes the validator knows the entry to cover (4 for vendor
 *	entries, whose layout only their vendor knows)
 * @mem: carveout and devmem: device and physical address, length, flags,
 *	NUL-terminated name (points into the table)
 * @trace: trace buffer: device address, length, name
 * @vdev: virtio device: ids, features, status, the raw vring array (read
 *	it with ohost_fw_rsc_vring()) and the raw config space
 */
struct ohost_fw_rsc {
	unsigned int index;
	u32 type;
	u32 offset;
	u64 size;
	union {
		struct {
			u32 da;
			u32 pa;
			u32 len;
			u32 flags;
			const char *name;
		} mem;
		struct {
			u32 da;
			u32 len;
			const char *name;
		} trace;
		struct {
			u32 id;
			u32 notifyid;
			u32 dfeatures;
			u32 gfeatures;
			u32 config_len;
			u8 status;
			u8 num_of_vrings;
			const u8 *vrings;
			const u8 *config;
		} vdev;
	};
};

/**
 * typedef ohost_fw_rsc_fn - visitor for ohost_fw_walk_rsc_table()
 * @rsc: the entry, valid only during the call
 * @data: the caller's cookie
 *
 * Return: 0 to go on, anything else stops the walk and is returned.
 */
typedef int (*ohost_fw_rsc_fn)(const struct ohost_fw_rsc *rsc, void *data);

int ohost_fw_check_elf(const void *fw, size_t size,
		       const struct ohost_fw_policy *policy,
		       struct ohost_fw_error *err);
int ohost_fw_find_rsc_table(const void *fw, size_t size, size_t *offset,
			    size_t *len, struct ohost_fw_error *err);
int ohost_fw_check_rsc_table(const void *table, size_t len,
			     const struct ohost_fw_policy *policy,
			     struct ohost_fw_error *err);
int ohost_fw_walk_rsc_table(const void *table, size_t len,
			    const struct ohost_fw_policy *policy,
			    ohost_fw_rsc_fn fn, void *data,
			    struct ohost_fw_error *err);
int ohost_fw_check(const void *fw, size_t size,
		   const struct ohost_fw_policy *policy,
		   struct ohost_fw_error *err);
void ohost_fw_rsc_vring(const struct ohost_fw_rsc *rsc, unsigned int i,
			struct ohost_fw_vring *vring);
const char *ohost_fw_rsc_type_name(u32 type);

#endif /* OHOST_FWCHECK_H */
