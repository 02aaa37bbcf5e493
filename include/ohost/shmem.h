/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared-memory helpers for the transports: header-only so that the
 * transport and its KUnit suite use the very same code.
 */
#ifndef OHOST_SHMEM_H
#define OHOST_SHMEM_H

#include <linux/mm.h>
#include <linux/vmalloc.h>

/**
 * ohost_shmem_contiguous() - may [va, va + len) be described by one page?
 * @va: kernel address of a buffer (linear map or vmalloc area, e.g. a
 *	memremap()ed carveout)
 * @len: its length, at least 1
 *
 * A vring descriptor carries one physical address per buffer, so a buffer
 * in the vmalloc area must be backed by consecutive page frames.  Every
 * page lookup is checked: an address with no page behind it (a hole in
 * the mapping, or a mapping the page walk cannot resolve) makes the
 * buffer unusable rather than producing a made-up frame number.
 *
 * Return: true if a single scatterlist entry at @va's page describes it.
 */
static inline bool ohost_shmem_contiguous(const void *va, size_t len)
{
	struct page *first, *page;
	size_t off, n;

	if (!len)
		return false;
	if (!is_vmalloc_addr(va))
		return virt_addr_valid(va) && virt_addr_valid(va + len - 1);

	first = vmalloc_to_page(va);
	if (!first)
		return false;
	n = 0;
	for (off = PAGE_SIZE - offset_in_page(va); off < len; off += PAGE_SIZE) {
		page = vmalloc_to_page(va + off);
		if (!page || page_to_pfn(page) != page_to_pfn(first) + ++n)
			return false;
	}
	return true;
}

#endif /* OHOST_SHMEM_H */
