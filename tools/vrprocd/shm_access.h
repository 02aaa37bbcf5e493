/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrprocd: accessors for memory shared with the guest.  Every field is
 * little endian and read or written with one single-copy-atomic access,
 * so that neither side ever sees a torn value; fence() orders them.
 */
#ifndef VRPROCD_SHM_ACCESS_H
#define VRPROCD_SHM_ACCESS_H

#include <endian.h>
#include <stdint.h>

static inline uint16_t ld16(const volatile void *p)
{
	return le16toh(__atomic_load_n((const volatile uint16_t *)p,
				       __ATOMIC_RELAXED));
}

static inline uint32_t ld32(const volatile void *p)
{
	return le32toh(__atomic_load_n((const volatile uint32_t *)p,
				       __ATOMIC_RELAXED));
}

static inline uint64_t ld64(const volatile void *p)
{
	return le64toh(__atomic_load_n((const volatile uint64_t *)p,
				       __ATOMIC_RELAXED));
}

static inline void st16(volatile void *p, uint16_t v)
{
	__atomic_store_n((volatile uint16_t *)p, htole16(v), __ATOMIC_RELAXED);
}

static inline void st32(volatile void *p, uint32_t v)
{
	__atomic_store_n((volatile uint32_t *)p, htole32(v), __ATOMIC_RELAXED);
}

static inline void st64(volatile void *p, uint64_t v)
{
	__atomic_store_n((volatile uint64_t *)p, htole64(v), __ATOMIC_RELAXED);
}

static inline void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#endif /* VRPROCD_SHM_ACCESS_H */
