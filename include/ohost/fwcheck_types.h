/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The environment drivers/remoteproc/ohost_fwcheck.c is written against.
 *
 * The validator is one file built twice: into module ohost_rproc and into
 * the userspace tool tools/rproc-fwcheck.  This header is the only place
 * where the two builds differ; the validator itself reads every multi-byte
 * field byte by byte (little-endian), so it needs neither endianness
 * helpers nor unaligned accessors.
 */
#ifndef OHOST_FWCHECK_TYPES_H
#define OHOST_FWCHECK_TYPES_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/types.h>

#else /* userspace, C11 */

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
/* unsigned long long, as in the kernel, so that "%llx" fits every target */
typedef unsigned long long u64;

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define OHOST_ATTRIBUTE(x)		__attribute__((x))
#define __printf(a, b)			OHOST_ATTRIBUTE(format(printf, a, b))
/* Exports mean nothing here: a C11 declaration that takes the ';'. */
#define EXPORT_SYMBOL_GPL(sym)		static_assert(1, #sym)

#endif /* __KERNEL__ */

#endif /* OHOST_FWCHECK_TYPES_H */
