// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd: host daemon that plays remote processors for Linux in QEMU.
 *
 * It serves QEMU's ivshmem socket protocol itself (QEMU
 * docs/specs/ivshmem-spec.rst): the doorbell is the guest's interrupt
 * from the remote on every platform.  The platform layer (vrprocd.h,
 * platform_*.c) says how memory is shared, how kicks travel and how boot
 * and stop arrive: "ivshmem", the virtual remote processor of
 * ohost_vrproc (Documentation/vrproc-protocol.rst), "zynqmp", the R5
 * cores of a ZynqMP behind the EL3 stub (Documentation/zynqmp-qemu.rst), or
 * "imx", the M4 of an i.MX8MM (vrproc-protocol.rst, "Platform imx").
 * The remote core (remote.c) is the same on every platform.
 *
 * Exit status: 0 clean exit (signal, --once, --exit-after), 1 runtime
 * error, 2 usage error, 3 --inject die-after fired.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "vrprocd.h"

#define DAEMON_ID	0	/* our ivshmem peer id */
#define GUEST_ID	1	/* the id we give QEMU */
#define DEFAULT_SIZE	(4ULL << 20)
#define DEFAULT_DA_BASE	0x3ed00000ULL

static volatile sig_atomic_t quit;

static void vmsg(const char *tag, const char *fmt, va_list ap)
{
	fprintf(stderr, "vrprocd: %s", tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vlog(const struct vrprocd *d, int level, const char *fmt, ...)
{
	va_list ap;

	if (level > d->opt.verbose)
		return;
	va_start(ap, fmt);
	vmsg(d->tag, fmt, ap);
	va_end(ap);
}

void dlog(const struct vrprocd_daemon *dm, int level, const char *fmt, ...)
{
	va_list ap;

	if (level > dm->opt.verbose)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void kick_guest(struct vrprocd_daemon *dm, unsigned int vector)
{
	uint64_t one = 1;

	if (vector >= dm->opt.vectors || dm->guest_efd[vector] < 0)
		return;
	if (dm->opt.verbose >= 2) {
		struct pollfd p = { .fd = dm->guest_efd[vector], .events = POLLIN };

		dlog(dm, 2, "kick guest vector %u%s", vector,
		     poll(&p, 1, 0) > 0 ? " (previous kick still pending)" : "");
	}
	if (write(dm->guest_efd[vector], &one, sizeof(one)) != sizeof(one) &&
	    errno != EAGAIN)
		dlog(dm, 0, "kick vector %u: %s", vector, strerror(errno));
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vrprocd --socket PATH [options]\n"
"Serve QEMU's ivshmem-doorbell socket and play the remote processor(s):\n"
"the virtual remote processor of the guest driver ohost_vrproc\n"
"(Documentation/vrproc-protocol.rst), ZynqMP R5 cores behind the EL3 stub\n"
"(Documentation/zynqmp-qemu.rst) or an i.MX8MM M4 (tools/testing/imx).\n"
"\n"
"  -s, --socket PATH      UNIX socket QEMU connects to (created; required)\n"
"  -P, --platform NAME    ivshmem (default), zynqmp or imx\n"
"  -m, --shm PATH|SIZE    shared memory: a file (kept across restarts) or,\n"
"                         given a size, an anonymous memfd\n"
"  -S, --size SIZE        shared memory size, power of two >= 2M (default 4M)\n"
"  -n, --vectors N        interrupt vectors, same as QEMU's vectors= (default 3)\n"
"  -b, --da-base ADDR     remote device address of BAR2 offset 0 (0x3ed00000)\n"
"      --mem-size SIZE    the remote's memory at BAR2 offset 0x10000, a\n"
"                         multiple of 4K, at least 64K (default 0xf0000); the\n"
"                         pool follows 16K later and keeps at least 1008K of\n"
"                         --size (e.g. --size 32M --mem-size 0x10f0000: a\n"
"                         16 MiB image at da 0x3ee00000)\n"
"      --checksum DA:LEN  at every START, log the FNV-1a 64 sum of the\n"
"                         remote's memory [DA, DA+LEN) to the trace buffer\n"
"  -v, --verbose          more messages (repeat for more)\n"
"  -1, --once             exit when the first guest disconnects\n"
"  -x, --exit-after N     exit cleanly after N messages from Linux\n"
"  -i, --inject KNOB      fault injection, repeatable:\n"
"                         hostile-used-id, bad-len, ns-flood[=N], ns-no-nul,\n"
"                         crash-after=N, die-after=N, no-ack, and:\n"
"       hammer-start[=N]  the first N STARTs (default 1): from the ack until\n"
"                         DRIVER_OK, write garbage into vring0's used->idx\n"
"                         (used->ring[0].id out of range) and ring vring0's\n"
"                         vector, microseconds apart (at most 30 s)\n"
"       kick-storm        while running (until STOP), ring every vring\n"
"                         vector continuously, a few microseconds apart\n"
"       ns-destroy-stall  on a name-service announcement from Linux: stop\n"
"                         consuming vring1, 1 s later send a name-service\n"
"                         destroy for the announced address; vring1\n"
"                         resumes at STOP or after 20 s\n"
"       tx-hold=MS        return vring1 buffers to the used ring only MS ms\n"
"                         after the latest one arrived, all at once\n"
"       ack-status=N      answer the first START with status N instead of\n"
"                         starting (ivshmem; N need not be a protocol errno)\n"
"       desc-next         before returning each buffer (both vrings), set\n"
"                         VRING_DESC_F_NEXT and next = (i+1)%%num on every\n"
"                         descriptor of the ring: one cycle through the table\n"
"       avail-scribble    after taking each avail entry (both vrings), write\n"
"                         0xdead into the consumed avail->ring slot and\n"
"                         0xa55a into avail->flags\n"
"       used-dup          once per boot, return the first vring1 buffer\n"
"                         addressed to the app twice: a second used entry\n"
"                         with the same id, right after the first\n"
"      --storm SEED[,COUNT[,REPEAT]]\n"
"                         a seeded hostile remote: each of the first COUNT\n"
"                         (200) boots of the remote (lifetimes) draws 1-4\n"
"                         events from a PRNG seeded with SEED + lifetime\n"
"                         number (REPEAT: each seed REPEAT lifetimes in a\n"
"                         row), at random times in its first 200 ms:\n"
"                         garbage in used/avail rings, descriptors, rpmsg\n"
"                         headers, name-service messages, the resource\n"
"                         table, the control area; kick and message floods,\n"
"                         stalls, unanswered commands, a crash, a silent\n"
"                         death and rebirth.  Every lifetime's seed is\n"
"                         logged; --storm S,1 replays the lifetime of seed S.\n"
"                         Then clean (trace buffer: \"storm: over\")\n"
"  -h, --help             this text\n"
"\n"
"Platform zynqmp (the shared memory is QEMU's guest RAM; one vector):\n"
"  -r, --ram PATH         QEMU's memory-backend-file (share=on; required)\n"
"  -M, --zynqmp-mode M    lockstep (one R5, default) or split (two R5s)\n"
"  -B, --zynqmp-preboot FILE[:CORE]\n"
"                         load ELF FILE into core CORE (default 0) and run\n"
"                         it before Linux boots, as a bootloader would\n"
"                         (attach); repeatable, one per core\n"
"\n"
"Platform imx (an i.MX8MM M4 in guest RAM, tools/testing/imx; one vector):\n"
"  -r, --ram PATH         QEMU's memory-backend-file (share=on; required)\n"
"      --imx-preboot FILE load ELF FILE and run it before Linux boots, as\n"
"                         U-Boot's bootaux would (attach)\n"
"      --imx-rpmsg-lite   play rpmsg-lite firmware: no resource table, vrings\n"
"                         at 0xb8000000 and 0xb8008000, link up at Linux's\n"
"                         first kick\n"
"      --imx-vring-num N  rpmsg-lite: buffers per vring (default 256)\n"
"      --imx-app NAME     run app NAME (echo, matrix, rpc, rpc-proxy) whatever\n"
"                         the image's descriptor says\n"
"      --imx-rxdb         kick Linux on the MU's rxdb channel (a doorbell)\n"
"                         instead of an rx message\n"
"      --imx-mu-delay MS  a slow M4: take each MU message from Linux (and\n"
"                         so its tx-done) only MS ms after it arrived\n"
"\n"
"QEMU: -chardev socket,path=PATH,id=ivsh\n"
"      -device ivshmem-doorbell,chardev=ivsh,vectors=N\n"
"Exit status: 0 clean, 1 error, 2 usage, 3 die-after fired.\n");
}

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static int parse_ulong(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

static int parse_inject(struct vrprocd_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	unsigned long v = 0;

	if (eq && parse_ulong(eq + 1, &v))
		return -1;
#define IS(name) (n == strlen(name) && !strncmp(arg, name, n))
	if (IS("hostile-used-id") && !eq)
		o->inject |= INJ_HOSTILE_USED_ID;
	else if (IS("bad-len") && !eq)
		o->inject |= INJ_BAD_LEN;
	else if (IS("ns-no-nul") && !eq)
		o->inject |= INJ_NS_NO_NUL;
	else if (IS("no-ack") && !eq)
		o->inject |= INJ_NO_ACK;
	else if (IS("hammer-start") && (!eq || (v && v <= 1000))) {
		o->inject |= INJ_HAMMER_START;
		o->hammer_boots = eq ? (unsigned int)v : 1;
	}
	else if (IS("desc-next") && !eq)
		o->inject |= INJ_DESC_NEXT;
	else if (IS("avail-scribble") && !eq)
		o->inject |= INJ_AVAIL_SCRIBBLE;
	else if (IS("used-dup") && !eq)
		o->inject |= INJ_USED_DUP;
	else if (IS("kick-storm") && !eq)
		o->inject |= INJ_KICK_STORM;
	else if (IS("ns-destroy-stall") && !eq)
		o->inject |= INJ_NS_DESTROY_STALL;
	else if (IS("tx-hold") && eq && v && v <= 600000) {
		o->inject |= INJ_TX_HOLD;
		o->tx_hold_ms = v;
	}
	else if (IS("ack-status") && eq && v && v <= 0xffffffffUL) {
		o->inject |= INJ_ACK_STATUS;
		o->ack_status = (unsigned int)v;
	}
	else if (IS("ns-flood")) {
		o->inject |= INJ_NS_FLOOD;
		o->ns_flood_count = eq ? (unsigned int)v : 300;
	} else if (IS("crash-after") && eq && v)
		o->crash_after = v;
	else if (IS("die-after") && eq && v)
		o->die_after = v;
	else
		return -1;
#undef IS
	return 0;
}

/* Long options without a short one. */
enum { OPT_IMX_PREBOOT = 256, OPT_IMX_LITE, OPT_IMX_VRING_NUM, OPT_IMX_APP,
       OPT_IMX_RXDB, OPT_IMX_MU_DELAY, OPT_MEM_SIZE, OPT_CHECKSUM, OPT_STORM };

static const struct vrprocd_platform *const platforms[] = {
	&vrprocd_platform_ivshmem, &vrprocd_platform_zynqmp, &vrprocd_platform_imx,
};

static const struct vrprocd_platform *find_platform(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++)
		if (!strcmp(platforms[i]->name, name))
			return platforms[i];
	return NULL;
}

/* The options of platforms playing a core in guest RAM (zynqmp, imx). */
static int check_ram_platform(struct vrprocd_opts *o, bool vectors_set)
{
	bool imx = !strcmp(o->platform, "imx");

	if (!o->ram_path) {
		fprintf(stderr, "vrprocd: --platform %s needs --ram\n", o->platform);
		return -1;
	}
	if (imx ? o->npreboot != 0 :
	    o->imx_preboot || o->imx_rpmsg_lite || o->imx_app || o->imx_rxdb ||
	    o->imx_mu_delay_ms) {
		fprintf(stderr, "vrprocd: --%s-* options need --platform %s\n",
			imx ? "zynqmp" : "imx", imx ? "zynqmp" : "imx");
		return -1;
	}
	if (vectors_set && o->vectors != 1)
		fprintf(stderr, "vrprocd: %s uses one vector (--vectors ignored)\n",
			o->platform);
	o->vectors = 1;
	o->shm_size = 2ULL << 20;	/* QEMU's ivshmem BAR2: unused */
	o->shm_path = NULL;
	return 0;
}

/*
 * --mem-size and --checksum against --size and --da-base: the remote's
 * memory, the gap and a usable pool must fit in the shared memory, and
 * the checksum range must lie in the remote's memory.
 */
static int check_mem_size(const struct vrprocd_opts *o)
{
	uint64_t mem_da = o->da_base + VRPROCD_MEM_OFFSET;

	if (o->mem_size & 0xfff || o->mem_size < 0x10000 ||
	    o->mem_size > o->shm_size ||
	    VRPROCD_MEM_OFFSET + o->mem_size + VRPROCD_POOL_GAP +
	    VRPROCD_MIN_POOL > o->shm_size) {
		fprintf(stderr,
			"vrprocd: --mem-size %#llx: must be a multiple of 4K, at least 64K, and leave a pool of at least %lluK in --size %#llx (at most %#llx)\n",
			(unsigned long long)o->mem_size,
			(unsigned long long)VRPROCD_MIN_POOL >> 10,
			(unsigned long long)o->shm_size,
			(unsigned long long)(o->shm_size - VRPROCD_MEM_OFFSET -
					     VRPROCD_POOL_GAP - VRPROCD_MIN_POOL));
		return -1;
	}
	if (o->sum_len && (o->sum_da < mem_da || o->sum_da - mem_da > o->mem_size ||
			   o->sum_len > o->mem_size - (o->sum_da - mem_da))) {
		fprintf(stderr,
			"vrprocd: --checksum %#llx:%#llx: outside the remote's memory %#llx..%#llx\n",
			(unsigned long long)o->sum_da, (unsigned long long)o->sum_len,
			(unsigned long long)mem_da,
			(unsigned long long)(mem_da + o->mem_size));
		return -1;
	}
	return 0;
}

static int parse_args(struct vrprocd_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "shm", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 'S' },
		{ "vectors", required_argument, NULL, 'n' },
		{ "da-base", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "once", no_argument, NULL, '1' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "inject", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ "platform", required_argument, NULL, 'P' },
		{ "ram", required_argument, NULL, 'r' },
		{ "zynqmp-mode", required_argument, NULL, 'M' },
		{ "zynqmp-preboot", required_argument, NULL, 'B' },
		{ "imx-preboot", required_argument, NULL, OPT_IMX_PREBOOT },
		{ "imx-rpmsg-lite", no_argument, NULL, OPT_IMX_LITE },
		{ "imx-vring-num", required_argument, NULL, OPT_IMX_VRING_NUM },
		{ "imx-app", required_argument, NULL, OPT_IMX_APP },
		{ "imx-rxdb", no_argument, NULL, OPT_IMX_RXDB },
		{ "imx-mu-delay", required_argument, NULL, OPT_IMX_MU_DELAY },
		{ "mem-size", required_argument, NULL, OPT_MEM_SIZE },
		{ "checksum", required_argument, NULL, OPT_CHECKSUM },
		{ "storm", required_argument, NULL, OPT_STORM },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long v;
	uint64_t size;
	char *colon;
	bool vectors_set = false;
	int c;

	o->platform = "ivshmem";
	o->shm_size = DEFAULT_SIZE;
	o->vectors = 3;
	o->da_base = DEFAULT_DA_BASE;
	o->mem_size = VRPROCD_MEM_SIZE;
	o->imx_vring_num = 256;
	while ((c = getopt_long(argc, argv, "s:m:S:n:b:v1x:i:hP:r:M:B:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 's':
			o->socket_path = optarg;
			break;
		case 'm':
			if (!parse_size(optarg, &size))
				o->shm_size = size;
			else
				o->shm_path = optarg;
			break;
		case 'S':
			if (parse_size(optarg, &o->shm_size))
				goto bad;
			break;
		case 'n':
			if (parse_ulong(optarg, &v) || !v || v > VRPROCD_MAX_VECTORS)
				goto bad;
			o->vectors = (unsigned int)v;
			vectors_set = true;
			break;
		case 'b':
			if (parse_size(optarg, &o->da_base))
				goto bad;
			break;
		case 'v':
			o->verbose++;
			break;
		case '1':
			o->once = true;
			break;
		case 'x':
			if (parse_ulong(optarg, &o->exit_after) || !o->exit_after)
				goto bad;
			break;
		case 'i':
			if (parse_inject(o, optarg))
				goto bad;
			break;
		case 'P':
			if (!find_platform(optarg))
				goto bad;
			o->platform = optarg;
			break;
		case 'r':
			o->ram_path = optarg;
			break;
		case 'M':
			if (!strcmp(optarg, "lockstep"))
				o->zynqmp_mode = ZYNQMP_LOCKSTEP;
			else if (!strcmp(optarg, "split"))
				o->zynqmp_mode = ZYNQMP_SPLIT;
			else
				goto bad;
			break;
		case 'B':
			if (o->npreboot >= VRPROCD_MAX_PREBOOT)
				goto bad;
			colon = strrchr(optarg, ':');
			o->preboot[o->npreboot].core = 0;
			if (colon) {
				if (parse_ulong(colon + 1, &v) || v >= VRPROCD_MAX_CORES)
					goto bad;
				*colon = 0;
				o->preboot[o->npreboot].core = (unsigned int)v;
			}
			o->preboot[o->npreboot++].file = optarg;
			break;
		case OPT_IMX_PREBOOT:
			o->imx_preboot = optarg;
			break;
		case OPT_IMX_LITE:
			o->imx_rpmsg_lite = true;
			break;
		case OPT_IMX_VRING_NUM:
			/* a power of two whose vring fits vdev0vring0 (32 KiB) */
			if (parse_ulong(optarg, &v) || v < 2 || v > 512 || (v & (v - 1)))
				goto bad;
			o->imx_vring_num = (unsigned int)v;
			break;
		case OPT_IMX_APP:
			if (strlen(optarg) >= OHOST_VRPROC_APP_NAME_LEN)
				goto bad;
			o->imx_app = optarg;
			break;
		case OPT_IMX_RXDB:
			o->imx_rxdb = true;
			break;
		case OPT_IMX_MU_DELAY:
			if (parse_ulong(optarg, &o->imx_mu_delay_ms) ||
			    o->imx_mu_delay_ms > 10000)
				goto bad;
			break;
		case OPT_MEM_SIZE:
			if (parse_size(optarg, &o->mem_size))
				goto bad;
			break;
		case OPT_CHECKSUM:
			colon = strchr(optarg, ':');
			if (!colon)
				goto bad;
			*colon = 0;
			if (parse_size(optarg, &o->sum_da) ||
			    parse_size(colon + 1, &o->sum_len) || !o->sum_len) {
				*colon = ':';
				goto bad;
			}
			*colon = ':';
			break;
		case OPT_STORM:
			if (storm_parse(o, optarg))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc || !o->socket_path) {
		fprintf(stderr, "vrprocd: %s\n", optind != argc ?
			"unexpected argument" : "--socket is required");
		usage(stderr);
		return -1;
	}
	if (strcmp(o->platform, "ivshmem") &&
	    (o->mem_size != VRPROCD_MEM_SIZE || o->sum_len)) {
		fprintf(stderr, "vrprocd: --mem-size and --checksum need --platform ivshmem\n");
		return -1;
	}
	if (strcmp(o->platform, "ivshmem"))
		return check_ram_platform(o, vectors_set);
	if (o->ram_path || o->npreboot || o->imx_preboot || o->imx_rpmsg_lite ||
	    o->imx_app || o->imx_rxdb || o->imx_mu_delay_ms) {
		fprintf(stderr, "vrprocd: --ram, --zynqmp-* and --imx-* need --platform zynqmp or imx\n");
		return -1;
	}
	if (o->shm_size < (2ULL << 20) || o->shm_size > (1ULL << 30) ||
	    (o->shm_size & (o->shm_size - 1))) {
		fprintf(stderr, "vrprocd: shared memory size must be a power of two in 2M..1G\n");
		return -1;
	}
	if (o->da_base & 0xfff || o->da_base + o->shm_size > 0x100000000ULL) {
		fprintf(stderr, "vrprocd: --da-base must be page aligned and the window below 4G\n");
		return -1;
	}
	return check_mem_size(o);
bad:
	fprintf(stderr, "vrprocd: bad value for option -%c: %s\n", c, optarg);
	usage(stderr);
	return -1;
}

static int listen_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "vrprocd: socket path too long\n");
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 4)) {
		perror(path);
		return -1;
	}
	return fd;
}

/* One protocol message: a little-endian int64, optionally with an fd. */
static int send_msg(int sock, int64_t value, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	int64_t le = (int64_t)htole64((uint64_t)value);
	struct iovec iov = { .iov_base = &le, .iov_len = sizeof(le) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == sizeof(le) ? 0 : -1;
}

static void close_eventfds(struct vrprocd_daemon *d)
{
	unsigned int i;

	for (i = 0; i < VRPROCD_MAX_VECTORS; i++) {
		if (d->my_efd[i] >= 0)
			close(d->my_efd[i]);
		if (d->guest_efd[i] >= 0)
			close(d->guest_efd[i]);
		d->my_efd[i] = d->guest_efd[i] = -1;
	}
}

/*
 * The ivshmem setup QEMU expects: version 0, the client's id, the shared
 * memory, every peer's eventfds (one message per vector), and the client's
 * own eventfds last.  Our id is 0: a restarted daemon's version message
 * (0 without fd) then reads, to a QEMU that reconnects, as "peer 0 gone",
 * which drops the dead daemon's eventfds before the new ones arrive.
 */
static int greet_guest(struct vrprocd_daemon *d, int sock, int shm_fd)
{
	unsigned int i;

	for (i = 0; i < d->opt.vectors; i++) {
		d->my_efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		d->guest_efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (d->my_efd[i] < 0 || d->guest_efd[i] < 0) {
			perror("eventfd");
			return -1;
		}
	}
	if (send_msg(sock, 0, -1) || send_msg(sock, GUEST_ID, -1) ||
	    send_msg(sock, -1, shm_fd))
		goto fail;
	for (i = 0; i < d->opt.vectors; i++)
		if (send_msg(sock, DAEMON_ID, d->my_efd[i]))
			goto fail;
	for (i = 0; i < d->opt.vectors; i++)
		if (send_msg(sock, GUEST_ID, d->guest_efd[i]))
			goto fail;
	return 0;
fail:
	perror("vrprocd: ivshmem setup");
	return -1;
}

/*
 * The keeper: a child that holds the QEMU connection, the shared memory
 * and every eventfd for as long as QEMU stays connected, and hands them
 * to a daemon started later on the same socket path (PATH.keep).  QEMU
 * 7.2 never reconnects to a new server, so this is how a restarted
 * daemon (killed, crashed) gets back to a running guest.
 */
#define KEEP_MAGIC	0x4b505256U	/* "VRPK" */

struct keep_hdr {
	uint32_t magic;
	uint32_t vectors;
};

static void keep_path(const struct vrprocd_daemon *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s.keep", d->opt.socket_path);
}

static int unix_addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -1;
	strcpy(sa->sun_path, path);
	return 0;
}

static void keeper_serve(struct vrprocd_daemon *d, int kfd, int conn, int shm_fd)
{
	int fds[2 + 2 * VRPROCD_MAX_VECTORS];
	struct keep_hdr hdr = { KEEP_MAGIC, d->opt.vectors };
	unsigned int i, n = 0;

	fds[n++] = conn;
	fds[n++] = shm_fd;
	for (i = 0; i < d->opt.vectors; i++)
		fds[n++] = d->my_efd[i];
	for (i = 0; i < d->opt.vectors; i++)
		fds[n++] = d->guest_efd[i];
	for (;;) {
		struct pollfd p[2] = { { .fd = conn }, { .fd = kfd, .events = POLLIN } };
		char cbuf[CMSG_SPACE(sizeof(fds))];
		struct iovec iov = { .iov_base = &hdr, .iov_len = sizeof(hdr) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf,
				      .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
		struct cmsghdr *cmsg;
		int c;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return;
		if (p[0].revents & (POLLHUP | POLLERR))
			return;		/* QEMU is gone: nothing to keep */
		if (!(p[1].revents & POLLIN))
			continue;
		c = accept4(kfd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		memset(cbuf, 0, sizeof(cbuf));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(cmsg), fds, n * sizeof(int));
		if (sendmsg(c, &msg, MSG_NOSIGNAL) != sizeof(hdr))
			perror("vrprocd keeper: sendmsg");
		close(c);
	}
}

/* Fork the keeper for a freshly greeted guest. */
static void keeper_spawn(struct vrprocd_daemon *d, int lfd, int conn, int shm_fd)
{
	struct sockaddr_un sa;
	char path[sizeof(sa.sun_path) + 8];
	pid_t pid;
	int kfd;

	keep_path(d, path, sizeof(path));
	if (unix_addr(path, &sa))
		return;
	pid = fork();
	if (pid < 0)
		perror("vrprocd: fork keeper");
	if (pid)
		return;
	close(lfd);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	unlink(path);
	kfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (kfd >= 0 && !bind(kfd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !listen(kfd, 4))
		keeper_serve(d, kfd, conn, shm_fd);
	unlink(path);
	_exit(0);
}

/* Take over from a keeper: 0 and the fds, or -1 when there is none. */
static int keeper_fetch(struct vrprocd_daemon *d, int *conn, int *shm_fd)
{
	int fds[2 + 2 * VRPROCD_MAX_VECTORS];
	char cbuf[CMSG_SPACE(sizeof(fds))];
	struct keep_hdr hdr;
	struct iovec iov = { .iov_base = &hdr, .iov_len = sizeof(hdr) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct sockaddr_un sa;
	char path[sizeof(sa.sun_path) + 8];
	struct cmsghdr *cmsg;
	unsigned int i, n;
	int fd;

	keep_path(d, path, sizeof(path));
	if (unix_addr(path, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (recvmsg(fd, &msg, MSG_CMSG_CLOEXEC) != sizeof(hdr) ||
	    hdr.magic != KEEP_MAGIC || hdr.vectors != d->opt.vectors) {
		close(fd);
		dlog(d, 0, "keeper at %s does not match (--vectors?): ignored", path);
		return -1;
	}
	close(fd);
	cmsg = CMSG_FIRSTHDR(&msg);
	n = 2 + 2 * hdr.vectors;
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS ||
	    cmsg->cmsg_len != CMSG_LEN(n * sizeof(int)))
		return -1;
	memcpy(fds, CMSG_DATA(cmsg), n * sizeof(int));
	*conn = fds[0];
	*shm_fd = fds[1];
	for (i = 0; i < hdr.vectors; i++) {
		d->my_efd[i] = fds[2 + i];
		d->guest_efd[i] = fds[2 + hdr.vectors + i];
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void drop_guest(struct vrprocd_daemon *dm, int *conn)
{
	close(*conn);
	*conn = -1;
	close_eventfds(dm);
	dm->connected = false;
	dm->plat->disconnected(dm);
	dlog(dm, 0, "guest disconnected");
}

static bool any_running(const struct vrprocd_daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->ncores; i++)
		if (dm->core[i]->running)
			return true;
	return false;
}

static int serve(struct vrprocd_daemon *dm, int lfd, int shm_fd, int conn)
{
	struct pollfd pfd[2 + VRPROCD_MAX_VECTORS];
	uint64_t last_beat = 0;

	while (!quit) {
		unsigned int i, n = 0;
		int timeout = any_running(dm) ? dm->plat->poll_ms : dm->plat->idle_ms, r;
		bool done = false;

		/* an injection loop runs in bursts between non-blocking polls */
		for (i = 0; conn >= 0 && i < dm->ncores; i++)
			if (remote_inject(dm->core[i]))
				timeout = 0;

		pfd[n++] = (struct pollfd){ .fd = conn < 0 ? lfd : conn,
					    .events = POLLIN };
		for (i = 0; conn >= 0 && i < dm->opt.vectors; i++)
			pfd[n++] = (struct pollfd){ .fd = dm->my_efd[i],
						    .events = POLLIN };
		r = poll(pfd, n, timeout);
		if (r < 0 && errno != EINTR) {
			perror("poll");
			return 1;
		}
		if (r > 0 && conn < 0 && (pfd[0].revents & POLLIN)) {
			conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			if (conn >= 0 && greet_guest(dm, conn, shm_fd)) {
				close(conn);
				conn = -1;
				close_eventfds(dm);
			} else if (conn >= 0) {
				dm->connected = true;
				dm->plat->connected(dm, false);
				dlog(dm, 0, "guest connected (id %u, %u vectors)",
				     GUEST_ID, dm->opt.vectors);
				keeper_spawn(dm, lfd, conn, shm_fd);
			}
		} else if (r > 0 && conn >= 0 && pfd[0].revents) {
			char buf[64];

			if (read(conn, buf, sizeof(buf)) <= 0) {
				drop_guest(dm, &conn);
				if (dm->opt.once)
					return 0;
				continue;
			}
		}
		for (i = 1; r > 0 && i < n; i++) {
			uint64_t v;

			if (!(pfd[i].revents & POLLIN))
				continue;
			if (read(pfd[i].fd, &v, sizeof(v)) == sizeof(v))
				dm->kicks_in[i - 1] += v;
			else if (errno != EAGAIN)
				dlog(dm, 0, "eventfd: %s", strerror(errno));
		}
		dm->plat->poll(dm);
		if (now_ms() - last_beat >= 50) {
			last_beat = now_ms();
			if (dm->plat->heartbeat)
				dm->plat->heartbeat(dm);
		}
		for (i = 0; i < dm->ncores; i++)
			if (remote_done(dm->core[i])) {
				vlog(dm->core[i], 0, "exiting after %lu messages",
				     dm->core[i]->msgs);
				done = true;
			}
		if (done)
			break;
	}
	if (conn >= 0)
		close(conn);
	return 0;
}

int main(int argc, char **argv)
{
	static struct vrprocd_daemon dm;
	struct sigaction sa = { .sa_handler = on_signal };
	int shm_fd = -1, conn = -1, lfd, ret;
	unsigned int i;
	bool takeover = false;

	for (i = 0; i < VRPROCD_MAX_VECTORS; i++)
		dm.my_efd[i] = dm.guest_efd[i] = -1;
	if (parse_args(&dm.opt, argc, argv))
		return 2;
	dm.plat = find_platform(dm.opt.platform);
	if (!keeper_fetch(&dm, &conn, &shm_fd)) {
		dlog(&dm, 0, "took over a running guest from the keeper");
		takeover = true;
		if (dm.opt.die_after) {
			dlog(&dm, 0, "--inject die-after ignored after a takeover");
			dm.opt.die_after = 0;
		}
	}
	if (dm.plat->init(&dm, &shm_fd, takeover))
		return 1;
	if (conn >= 0) {
		dm.connected = true;
		dm.plat->connected(&dm, true);
	}

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);	/* keepers are reaped automatically */

	lfd = listen_socket(dm.opt.socket_path);
	if (lfd < 0)
		return 1;
	printf("vrprocd: ready: %s\n", dm.ready);
	fflush(stdout);

	ret = serve(&dm, lfd, shm_fd, conn);
	dm.plat->exit(&dm);
	close_eventfds(&dm);
	close(lfd);
	unlink(dm.opt.socket_path);
	return ret;
}
