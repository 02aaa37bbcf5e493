/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrprocd: what the platforms that play a core in QEMU's guest RAM share
 * (zynqmp, imx): the RAM file mapped, physical addresses in it, and
 * loading an ELF32 ARM image into it as a bootloader would (preboot).
 */
#ifndef VRPROCD_GUEST_RAM_H
#define VRPROCD_GUEST_RAM_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "vrprocd.h"

/* QEMU virt: RAM starts at 0x40000000, offset 0 of the backend file. */
#define GUEST_RAM_BASE	0x40000000ULL

struct guest_ram {
	uint8_t *mem;
	uint64_t size;
};

/*
 * Map QEMU's memory-backend-file @path once it holds at least @need bytes
 * (QEMU creates and sizes it at start-up): true once mapped.
 */
bool guest_ram_map(struct vrprocd_daemon *dm, struct guest_ram *r,
		   const char *path, uint64_t need);

/* [pa, pa + len) in guest RAM, or NULL. */
uint8_t *guest_ram_pa(const struct guest_ram *r, uint64_t pa, uint64_t len);

/* [a, a + len) inside [base, base + size), without overflow. */
static inline bool range_within(uint64_t a, uint64_t len, uint64_t base,
				uint64_t size)
{
	return a >= base && a - base <= size && len <= size - (a - base);
}

/*
 * Load the PT_LOAD segments of ELF32 ARM little-endian @file at their
 * physical addresses, through @to_va (the core's own address map):
 * 0, or -1 with one message saying why.
 */
int elf32_arm_load(struct vrprocd *d, const char *file,
		   uint8_t *(*to_va)(struct vrprocd *d, uint64_t da, uint64_t len));

/* The same from an open stream; @name is for messages. */
int elf32_arm_load_stream(struct vrprocd *d, FILE *f, const char *name,
			  uint8_t *(*to_va)(struct vrprocd *d, uint64_t da,
					    uint64_t len));

#endif /* VRPROCD_GUEST_RAM_H */
