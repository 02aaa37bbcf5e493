// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: vrprocd's ELF32 ARM loader (tools/vrprocd/guest_ram.c,
 * elf32_arm_load_stream()), which the zynqmp and imx platforms use for
 * the images a core runs before Linux (--zynqmp-preboot, --imx-preboot).
 * The input is the file; the core's memory is one WINDOW-byte region at
 * device address 0 (an R5's ATCM), in an exactly sized buffer so that a
 * write past it is an ASan error.  vlog() and dlog() stand in for main.c.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest_ram.h"

#define WINDOW	0x10000U

static uint8_t *window;

void vlog(const struct vrprocd *d, int level, const char *fmt, ...)
{
	(void)d;
	(void)level;
	(void)fmt;
}

void dlog(const struct vrprocd_daemon *dm, int level, const char *fmt, ...)
{
	(void)dm;
	(void)level;
	(void)fmt;
}

static uint8_t *window_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	(void)d;
	return range_within(da, len, 0, WINDOW) ? window + da : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vrprocd core;
	FILE *f;

	if (!size)	/* fmemopen() wants a buffer */
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		abort();
	window = malloc(WINDOW);
	if (!window)
		abort();
	elf32_arm_load_stream(&core, f, "fuzz", window_va);
	free(window);
	fclose(f);
	return 0;
}
