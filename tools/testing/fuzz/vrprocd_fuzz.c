// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: the test remote's view of what Linux writes into shared
 * memory (tools/vrprocd/remote.c and app_rpc.c): the resource table and
 * app descriptor at START, the vdev status, the avail rings, descriptors,
 * rpmsg headers, name-service messages and application messages.  A guest
 * that writes garbage may make the remote "crash" (its protocol-error
 * state), never the daemon.
 *
 * The platform is this file's: one window of WINDOW bytes, device and
 * buffer addresses both starting at BASE, kicks counted, a clock that
 * advances 100 ms a step.  vlog() and now_ms() stand in for main.c.
 *
 * Input (a snapshot and what the guest does next), little-endian:
 *   u16 inject     --inject knobs (those of SAFE_INJECT)
 *   u16 image_len  then image_len bytes: the window's start; the rest is 0
 *   then steps, each {u32 offset, u16 len, len bytes}: the guest writes
 *   the bytes at offset (clamped to the window), then the remote polls.
 * The resource table is at offset 0 (RSC_SIZE bytes), the app descriptor
 * at APP_OFFSET.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrprocd.h"

#define BASE		0x3ed10000ULL
#define WINDOW		0x20000U	/* a 64 KiB buffer and the rings */
#define RSC_SIZE	0x200U
#define APP_OFFSET	0x200U
#define MAX_STEPS	64

/* Knobs whose loops do not spin on the clock (no hammer, no kick storm). */
#define SAFE_INJECT	(INJ_HOSTILE_USED_ID | INJ_BAD_LEN | INJ_NS_FLOOD | \
			 INJ_NS_NO_NUL | INJ_NS_DESTROY_STALL | INJ_TX_HOLD | \
			 INJ_DESC_NEXT | INJ_AVAIL_SCRIBBLE | INJ_USED_DUP)

static uint8_t window[WINDOW];	/* a global: ASan sees overruns */
static uint64_t clock_ms;
static unsigned long kicks;
static int verbose;

/* Silent unless FUZZ_VERBOSE is set (to follow one input). */
void vlog(const struct vrprocd *d, int level, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	(void)level;
	if (!verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

uint64_t now_ms(void)
{
	return clock_ms;
}

static uint8_t *to_va(uint64_t a, uint64_t len)
{
	if (a < BASE || a - BASE > WINDOW || len > WINDOW - (a - BASE))
		return NULL;
	return window + (a - BASE);
}

static uint8_t *fuzz_da_to_va(struct vrprocd *d, uint64_t da, uint64_t len)
{
	(void)d;
	return to_va(da, len);
}

static uint8_t *fuzz_buf_to_va(struct vrprocd *d, uint64_t pa, uint64_t len)
{
	(void)d;
	return to_va(pa, len);
}

static void fuzz_kick(struct vrprocd *d, uint32_t notifyid)
{
	(void)d;
	(void)notifyid;
	kicks++;
}

static void fuzz_state(struct vrprocd *d, enum vrprocd_state st,
		       uint32_t reason)
{
	(void)d;
	(void)st;
	(void)reason;
}

static const struct vrprocd_platform fuzz_platform = {
	.name = "fuzz",
	.da_to_va = fuzz_da_to_va,
	.buf_to_va = fuzz_buf_to_va,
	.kick = fuzz_kick,
	.state = fuzz_state,
};

static struct vrprocd_daemon daemon_state;
static struct vrprocd *core;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	daemon_state.plat = &fuzz_platform;
	daemon_state.opt.ns_flood_count = 3;
	daemon_state.opt.hammer_boots = 1;
	/* remote_new(): 16 MiB of pending messages, so once, not per input */
	core = remote_new(&daemon_state, 0);
	if (!core)
		abort();
	return 0;
}

/* A little-endian field of @bytes bytes (0 when the input has ended). */
static size_t take(const uint8_t **data, size_t *size, unsigned int bytes)
{
	size_t v = 0;
	unsigned int i;

	if (*size < bytes)
		return 0;
	for (i = 0; i < bytes; i++)
		v |= (size_t)(*data)[i] << (8 * i);
	*data += bytes;
	*size -= bytes;
	return v;
}

/* The guest's writes, a poll after each. */
static void run_steps(const uint8_t *data, size_t size)
{
	unsigned int n;
	size_t off, len;

	for (n = 0; n < MAX_STEPS && size >= 6; n++) {
		off = take(&data, &size, 4) % WINDOW;
		len = take(&data, &size, 2);
		if (len > size)
			len = size;
		if (len > WINDOW - off)
			len = WINDOW - off;
		memcpy(window + off, data, len);
		data += len;
		size -= len;
		clock_ms += 100;
		remote_poll(core);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t image_len;

	if (size < 4)
		return 0;
	memset(window, 0, sizeof(window));
	core->opt.inject = (unsigned int)take(&data, &size, 2) & SAFE_INJECT;
	core->hammer_boots = 0;
	image_len = take(&data, &size, 2);
	if (image_len > size)
		image_len = size;
	if (image_len > WINDOW)
		image_len = WINDOW;
	memcpy(window, data, image_len);
	data += image_len;
	size -= image_len;

	if (!remote_boot(core, window, RSC_SIZE,
			 (const struct ohost_vrproc_app *)(window + APP_OFFSET))) {
		remote_poll(core);
		run_steps(data, size);
	}
	remote_stop(core);
	return 0;
}
