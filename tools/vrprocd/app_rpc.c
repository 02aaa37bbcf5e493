// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd: the "rpc" application, what OpenAMP's rpc_demo does through
 * open-amp's rpmsg_retarget (see Documentation/rpmsg-proxy.rst): wait for
 * the host's first message, then, one request at a time and each waiting
 * for its answer, print a banner, write a file, read it back and compare,
 * print the result, read a line from the console, print it, and send TERM.
 * It also checks that a path leading out of the proxy's root is refused.
 * The outcome goes to the trace buffer: "rpc: PASS" or "rpc: FAIL ...".
 *
 * App "rpc" announces the OpenAMP demo channel, as rpc_demo does (Linux
 * binds it to the proxy through driver_override); app "rpc-proxy"
 * announces "rpmsg-proxy", which the proxy driver binds by itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vrprocd.h"

#define RPC_ADDR	1024	/* the app's endpoint (remote.c's APP_ADDR) */
#define RPC_NS_ADDR	53
#define RPC_NS_DESTROY	1
#define RPC_CHANNEL	"rpmsg-openamp-demo-channel"
#define RPC_PROXY_CHANNEL	"rpmsg-proxy"	/* ohost_rpmsg_proxy's id table */

#define RPC_OPEN	1
#define RPC_CLOSE	2
#define RPC_WRITE	3
#define RPC_READ	4
#define RPC_TERM	6
#define RPC_HDR		16
#define RPC_MAX		496

/* Wire open flags: Linux generic values, as rpc_demo's REDEF_O_* */
#define RPC_O_RDONLY	0
#define RPC_O_WRONLY	1
#define RPC_O_RDWR	2
#define RPC_O_CREAT	0100
#define RPC_O_APPEND	02000

#define RPC_FILE	"remote.file"
#define RPC_ESCAPE	"../rpc-escape.file"
#define RPC_TEXT	"This is a test string being written to file.."

enum rpc_step {
	ST_WAIT_INIT,
	ST_BANNER,
	ST_OPEN_W,
	ST_WRITE,
	ST_CLOSE_W,
	ST_OPEN_R,
	ST_READ,
	ST_CLOSE_R,
	ST_ESCAPE,
	ST_RESULT,
	ST_PROMPT,
	ST_SCANF,
	ST_ECHO,
	ST_BYE,
	ST_DONE,
};

/* Per remote instance: struct vrprocd_rpc in struct vrprocd. */
#define rpc (d->rpc)

const char *rpc_app_channel(const struct vrprocd *d, const char *dflt)
{
	return strcmp(d->app_name, "rpc-proxy") ? dflt : RPC_PROXY_CHANNEL;
}

void rpc_app_reset(struct vrprocd *d)
{
	memset(&rpc, 0, sizeof(rpc));
	rpc.fd = -1;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void request(struct vrprocd *d, uint32_t id, int32_t f1, int32_t f2,
		    const void *data, uint32_t data_len)
{
	uint8_t m[RPC_MAX];

	if (data_len > RPC_MAX - RPC_HDR)
		data_len = RPC_MAX - RPC_HDR;
	put32(m, id);
	put32(m + 4, (uint32_t)f1);
	put32(m + 8, (uint32_t)f2);
	put32(m + 12, data_len);
	if (data_len)	/* CLOSE, READ and TERM have no data: data is NULL */
		memcpy(m + RPC_HDR, data, data_len);
	remote_send(d, RPC_ADDR, d->peer, m, RPC_HDR + data_len);
}

/* printf() through rpmsg_retarget: fd 1, count = strlen, plus a NUL. */
static void rpc_printf(struct vrprocd *d, const char *text)
{
	uint32_t len = (uint32_t)strlen(text);

	request(d, RPC_WRITE, 1, (int32_t)len, text, len + 1);
}

static void rpc_open(struct vrprocd *d, const char *path, int32_t flags)
{
	request(d, RPC_OPEN, flags, 0600, path, (uint32_t)strlen(path) + 1);
}

static void trace_line(struct vrprocd *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trace_line(struct vrprocd *d, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	remote_trace(d, line);
}

/* rpmsg_destroy_ept() of open-amp: a name-service destroy to the host. */
static void destroy_channel(struct vrprocd *d)
{
	uint8_t ns[40];

	memset(ns, 0, sizeof(ns));
	snprintf((char *)ns, 32, "%s", rpc_app_channel(d, RPC_CHANNEL));
	put32(ns + 32, RPC_ADDR);
	put32(ns + 36, RPC_NS_DESTROY);
	remote_send(d, RPC_ADDR, RPC_NS_ADDR, ns, sizeof(ns));
}

static void finish(struct vrprocd *d, const char *why, int f1)
{
	if (why) {
		rpc.failed = true;
		trace_line(d, "rpc: FAIL %s (%d)", why, f1);
	} else {
		remote_trace(d, "rpc: PASS");
	}
	request(d, RPC_TERM, 0, 0, NULL, 0);
	destroy_channel(d);
	rpc.step = ST_DONE;
	d->app_ended = true;
}

/* Send the request of the current step. */
static void issue(struct vrprocd *d)
{
	char out[128];

	switch (rpc.step) {
	case ST_BANNER:
		rpc_printf(d, "\r\nRemote>Rpmsg based retargetting to proxy initialized..\r\n");
		break;
	case ST_OPEN_W:
		rpc_open(d, RPC_FILE, RPC_O_CREAT | RPC_O_WRONLY | RPC_O_APPEND);
		break;
	case ST_WRITE:
		request(d, RPC_WRITE, rpc.fd, (int32_t)strlen(RPC_TEXT),
			RPC_TEXT, (uint32_t)strlen(RPC_TEXT));
		break;
	case ST_CLOSE_W:
	case ST_CLOSE_R:
		request(d, RPC_CLOSE, rpc.fd, 0, NULL, 0);
		break;
	case ST_OPEN_R:
		rpc_open(d, RPC_FILE, RPC_O_RDWR);
		break;
	case ST_READ:
		request(d, RPC_READ, rpc.fd, RPC_MAX - RPC_HDR, NULL, 0);
		break;
	case ST_ESCAPE:
		rpc_open(d, RPC_ESCAPE, RPC_O_CREAT | RPC_O_WRONLY);
		break;
	case ST_RESULT:
		rpc_printf(d, "Remote>Read back the file: contents match\r\n");
		break;
	case ST_PROMPT:
		rpc_printf(d, "\r\nRemote>Enter name\r\n");
		break;
	case ST_SCANF:
		request(d, RPC_READ, 0, RPC_MAX - RPC_HDR, NULL, 0);
		break;
	case ST_ECHO:
		snprintf(out, sizeof(out), "Remote>User name = '%s'\r\n", rpc.line);
		rpc_printf(d, out);
		break;
	case ST_BYE:
		rpc_printf(d, "\r\nRemote> Firmware's rpmsg-rpc-channel going down! \r\n");
		break;
	default:
		break;
	}
}

static const uint32_t expect_id[] = {
	[ST_BANNER] = RPC_WRITE, [ST_OPEN_W] = RPC_OPEN, [ST_WRITE] = RPC_WRITE,
	[ST_CLOSE_W] = RPC_CLOSE, [ST_OPEN_R] = RPC_OPEN, [ST_READ] = RPC_READ,
	[ST_CLOSE_R] = RPC_CLOSE, [ST_ESCAPE] = RPC_OPEN,
	[ST_RESULT] = RPC_WRITE, [ST_PROMPT] = RPC_WRITE, [ST_SCANF] = RPC_READ,
	[ST_ECHO] = RPC_WRITE, [ST_BYE] = RPC_WRITE,
};

/* Check the answer to the current step; NULL when it is right. */
static const char *check_answer(struct vrprocd *d, const uint8_t *data,
				uint32_t len)
{
	uint32_t id = get32(data), dlen = get32(data + 12);
	int32_t f1 = (int32_t)get32(data + 4);
	size_t n;

	if (id != expect_id[rpc.step])
		return "answer with the wrong id";
	switch (rpc.step) {
	case ST_OPEN_W:
	case ST_OPEN_R:
		if (f1 < 0)
			return "open refused";
		rpc.fd = f1;
		return NULL;
	case ST_WRITE:
		return f1 == (int32_t)strlen(RPC_TEXT) ? NULL : "short write";
	case ST_CLOSE_W:
	case ST_CLOSE_R:
		return f1 ? "close failed" : NULL;
	case ST_READ:
		if (f1 < (int32_t)strlen(RPC_TEXT) || dlen != (uint32_t)f1 ||
		    dlen > len - RPC_HDR)
			return "short read";
		return memcmp(data + RPC_HDR, RPC_TEXT, strlen(RPC_TEXT)) ?
		       "read back different contents" : NULL;
	case ST_ESCAPE:
		return f1 >= 0 ? "a path out of the root was opened" : NULL;
	case ST_SCANF:
		if (f1 <= 0 || dlen != (uint32_t)f1 || dlen > len - RPC_HDR)
			return "no console input";
		/* The line ends at CR, LF, NUL or the data's end: no strcspn(),
		 * which would read on past a message with none of them.
		 */
		for (n = 0; n < dlen && n < sizeof(rpc.line) - 1; n++)
			if (memchr("\r\n", data[RPC_HDR + n], 3))
				break;
		memcpy(rpc.line, data + RPC_HDR, n);
		rpc.line[n] = '\0';
		return NULL;
	default:
		/* printf: the count asked for */
		return f1 > 0 ? NULL : "console write failed";
	}
}

void rpc_app_message(struct vrprocd *d, uint32_t src, const uint8_t *data,
		     uint32_t len)
{
	const char *err;

	if (rpc.step == ST_DONE)
		return;
	if (rpc.step == ST_WAIT_INIT) {
		/* Any first message: the peer is now known (d->peer). */
		trace_line(d, "rpc: peer %u", src);
		rpc.fd = -1;
		rpc.step = ST_BANNER;
		issue(d);
		return;
	}
	if (len < RPC_HDR) {
		finish(d, "answer shorter than the header", (int)len);
		return;
	}
	err = check_answer(d, data, len);
	if (err) {
		finish(d, err, (int32_t)get32(data + 4));
		return;
	}
	if (++rpc.step == ST_DONE) {
		finish(d, NULL, 0);
		return;
	}
	issue(d);
}
