/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for the few kernel interfaces drivers/rpmsg/ohost_vring.c
 * and ohost_rpmsg_wire.c use, so that the driver's files themselves build
 * in userspace for the fuzz harnesses (../vring_fuzz.c,
 * ../rpmsg_wire_fuzz.c).  The headers beside this one
 * (linux/compiler.h, linux/slab.h, ..., ohost/compat.h) only include it;
 * the include path puts them before the kernel's and the project's.
 * struct vring and its helpers are the real ones: the uapi
 * <linux/virtio_ring.h> of the host's linux-libc-dev.
 */
#ifndef OHOST_FUZZ_KSHIM_H
#define OHOST_FUZZ_KSHIM_H

#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/virtio_types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* linux/compiler.h: one access, not torn, not repeated */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* asm/barrier.h */
#define dma_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define dma_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

/* linux/export.h, ohost/compat.h: nothing to export; takes the ';' */
#define EXPORT_SYMBOL_GPL(sym)		static_assert(1, #sym)
#define EXPORT_SYMBOL_OHOST_KUNIT(sym)	static_assert(1, #sym)

/* linux/log2.h */
static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* linux/slab.h */
#define GFP_KERNEL	0
static inline void *kcalloc(size_t n, size_t size, int gfp)
{
	(void)gfp;
	return calloc(n, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* linux/device.h: messages go nowhere */
struct device {
	int unused;
};

static inline __attribute__((format(printf, 2, 3)))
void dev_err(const struct device *dev, const char *fmt, ...)
{
	(void)dev;
	(void)fmt;
}

/* linux/virtio_byteorder.h */
static inline u16 __virtio16_to_cpu(bool little_endian, __virtio16 v)
{
	return little_endian ? le16toh(v) : be16toh(v);
}

static inline u32 __virtio32_to_cpu(bool little_endian, __virtio32 v)
{
	return little_endian ? le32toh(v) : be32toh(v);
}

static inline __virtio16 __cpu_to_virtio16(bool little_endian, u16 v)
{
	return little_endian ? htole16(v) : htobe16(v);
}

static inline __virtio32 __cpu_to_virtio32(bool little_endian, u32 v)
{
	return little_endian ? htole32(v) : htobe32(v);
}

static inline __virtio64 __cpu_to_virtio64(bool little_endian, u64 v)
{
	return little_endian ? htole64(v) : htobe64(v);
}

/* linux/compiler_attributes.h */
#define __packed	__attribute__((packed))

/* linux/string.h: copy, NUL-terminate, zero the rest (-E2BIG if cut) */
static inline long strscpy_pad(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -E2BIG;
	memset(dst, 0, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		return -E2BIG;
	}
	memcpy(dst, src, len);
	return (long)len;
}

/* linux/rpmsg/byteorder.h: as in the kernel, virtio's byte order */
typedef __virtio16 __rpmsg16;
typedef __virtio32 __rpmsg32;
#define __rpmsg16_to_cpu	__virtio16_to_cpu
#define __rpmsg32_to_cpu	__virtio32_to_cpu
#define __cpu_to_rpmsg16	__cpu_to_virtio16
#define __cpu_to_rpmsg32	__cpu_to_virtio32

/* linux/rpmsg.h, uapi/linux/rpmsg.h, linux/rpmsg/ns.h */
#define RPMSG_ADDR_ANY		0xFFFFFFFF
#define RPMSG_NAME_SIZE		32

struct rpmsg_ns_msg {
	char name[RPMSG_NAME_SIZE];
	__rpmsg32 addr;
	__rpmsg32 flags;
} __packed;

enum rpmsg_ns_flags {
	RPMSG_NS_CREATE		= 0,
	RPMSG_NS_DESTROY	= 1,
};

#endif /* OHOST_FUZZ_KSHIM_H */
