// SPDX-License-Identifier: GPL-2.0
/*
 * ZynqMP EL3 monitor stub for qemu-system-aarch64 -M virt,secure=on: just
 * enough of what TF-A and the PMU firmware answer on a ZynqMP that the
 * stock kernels' built-in zynqmp_firmware and zynqmp-ipi drivers probe,
 * and that a remoteproc driver's power, boot and IPI calls take effect in
 * the "stub state" page (../stub_state.h), where a host process playing
 * the R5 sees them.  One CPU; no CPU_ON.  Unknown calls return -1.
 *
 * Runs at EL3 with the MMU off: every access is to Device memory, so the
 * code is built with -mstrict-align, and all shared fields are 32/64-bit
 * aligned volatile accesses.
 */
#include <stddef.h>
#include <stdint.h>

#include "../stub_state.h"

/* QEMU virt devices. */
#define UART0		0x09000000UL	/* the non-secure PL011 Linux uses too */
#define SECURE_GPIO	0x090b0000UL	/* PL061: pin 0 power off, pin 1 reset */
#define GICD		0x08000000UL
#define GICR		0x080a0000UL	/* redistributor of CPU 0 */

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISPENDR	0x0200
#define GICD_IGRPMODR	0x0d00
#define GICD_CTLR_RWP	(1U << 31)
#define GICD_CTLR_ARE_NS (1U << 5)
#define GICD_CTLR_ARE_S	(1U << 4)
#define GICD_CTLR_G1NS	(1U << 1)
#define GICR_WAKER	0x0014
#define GICR_SGI	0x10000
#define WAKER_PSLEEP	(1U << 1)
#define WAKER_CASLEEP	(1U << 2)

/* Function ids. */
#define PSCI_VERSION		0x84000000U
#define PSCI_MIGRATE_INFO_TYPE	0x84000006U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_SYSTEM_RESET	0x84000009U
#define PSCI_FEATURES		0x8400000aU
#define SMCCC_VERSION		0x80000000U
#define PM_SIP			0xc2000000U
#define IPI_SMC_BASE		0x82001000U

/* Xilinx PM API ids (PM_SIP | id) and status codes. */
enum {
	PM_GET_API_VERSION = 1, PM_GET_NODE_STATUS = 3, PM_FORCE_POWERDOWN = 8,
	PM_REQUEST_WAKEUP = 10, PM_REQUEST_NODE = 13, PM_RELEASE_NODE = 14,
	PM_SET_REQUIREMENT = 15, PM_INIT_FINALIZE = 21, PM_GET_CHIPID = 24,
	PM_IOCTL = 34, PM_FEATURE_CHECK = 63, PM_GET_TRUSTZONE_VERSION = 0xa03,
};
#define XST_PM_SUCCESS		0U
#define XST_PM_NO_FEATURE	19U
#define XST_PM_INVALID_NODE	2003U
#define RET_UNKNOWN		0xffffffffU	/* -1 */

enum {
	IOCTL_GET_RPU_OPER_MODE = 0, IOCTL_SET_RPU_OPER_MODE = 1,
	IOCTL_RPU_BOOT_ADDR_CONFIG = 2, IOCTL_TCM_COMB_CONFIG = 3,
};

enum {	/* IPI SMCs: IPI_SMC_BASE + n; x1 local agent, x2 remote, x3 flags */
	IPI_OPEN, IPI_RELEASE, IPI_STATUS_ENQUIRY, IPI_NOTIFY, IPI_ACK,
	IPI_ENABLE_IRQ, IPI_DISABLE_IRQ,
};
#define IPI_ENQUIRY_DIRQ	1U	/* status enquiry: mask the irq if rx pending */
#define IPI_ACK_EIRQ		1U	/* ack: unmask the irq */
#define IPI_STATUS_SEND		1U	/* our notify not yet acked by remote */
#define IPI_STATUS_RECV		2U	/* remote's notify not yet acked by us */

#define ZYNQMP_IDCODE		0x04738093U	/* XCZU9EG, as on a ZCU102 */

struct regs {
	uint64_t x[31];
	uint64_t pad;
};

static volatile struct zstub_state *const st =
	(volatile struct zstub_state *)ZSTUB_STATE_ADDR;

static inline void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void putc_uart(char c)
{
	while (r32(UART0 + 0x18) & (1U << 5))	/* FR.TXFF */
		;
	w32(UART0, (uint32_t)c);
}

static void puts_uart(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_uart('\r');
		putc_uart(*s);
	}
}

static void puthex(uint64_t v)
{
	int i;

	puts_uart("0x");
	for (i = 60; i >= 0; i -= 4)
		if ((v >> i) || i == 0)
			putc_uart("0123456789abcdef"[(v >> i) & 0xf]);
}

/* GCC may emit these for struct copies; keep them trivial. */
void *memset(void *d, int c, size_t n)
{
	volatile unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static void gic_wait_rwp(void)
{
	while (r32(GICD + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/*
 * GICv3 with two security states (DS = 0): only secure software can make
 * interrupts non-secure group 1, wake the redistributor and enable the
 * system-register interface for the lower ELs.  Linux then configures the
 * rest through its non-secure view.
 */
static void gic_init(void)
{
	uint32_t lines, i;
	uint64_t sre = 0xf;	/* SRE, DFB, DIB, Enable (lower ELs may use SRE) */

	__asm__ volatile("msr S3_6_C12_C12_5, %0\n\tisb" : : "r"(sre)); /* ICC_SRE_EL3 */

	w32(GICD + GICD_CTLR, 0);
	gic_wait_rwp();
	w32(GICD + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	gic_wait_rwp();
	lines = (r32(GICD + GICD_TYPER) & 0x1f) + 1;	/* 32 interrupts each */
	for (i = 1; i < lines; i++) {
		w32(GICD + GICD_IGROUPR + 4 * i, 0xffffffffU);
		w32(GICD + GICD_IGRPMODR + 4 * i, 0);
	}
	w32(GICD + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_G1NS);
	gic_wait_rwp();

	w32(GICR + GICR_WAKER, r32(GICR + GICR_WAKER) & ~WAKER_PSLEEP);
	while (r32(GICR + GICR_WAKER) & WAKER_CASLEEP)
		;
	w32(GICR + GICR_SGI + GICD_IGROUPR, 0xffffffffU);	/* SGIs, PPIs */
	w32(GICR + GICR_SGI + GICD_IGRPMODR, 0);
}

static void gic_set_spi_pending(uint32_t spi)
{
	uint32_t intid = spi + 32;

	w32(GICD + GICD_ISPENDR + 4 * (intid / 32), 1U << (intid % 32));
}

void stub_init(void)
{
	volatile uint32_t *p = (volatile uint32_t *)st;
	unsigned int i;

	gic_init();

	for (i = 0; i < sizeof(struct zstub_state) / 4; i++)
		p[i] = 0;
	st->version = ZSTUB_VERSION;
	st->size = sizeof(struct zstub_state);
	st->tcm_comb = 1;
	st->ipi_spi = ZSTUB_IPI_SPI;
	st->booted = 1;
	st->magic = ZSTUB_MAGIC;

	puts_uart("el3-stub: ZynqMP PM/IPI monitor, state page ");
	puthex(ZSTUB_STATE_ADDR);
	puts_uart(", kernel ");
	puthex(ZSTUB_KERNEL_ADDR);
	puts_uart(", dtb ");
	puthex(ZSTUB_DTB_ADDR);
	puts_uart("\n");
}

void stub_unexpected(uint64_t kind, uint64_t esr, uint64_t elr)
{
	puts_uart("el3-stub: unexpected exception ");
	puthex(kind);
	puts_uart(" esr ");
	puthex(esr);
	puts_uart(" elr ");
	puthex(elr);
	puts_uart(", halting\n");
	for (;;)
		__asm__ volatile("wfi");
}

/* Record a state-changing call: bump seq, then log it. */
static void record(const struct regs *r, uint32_t ret)
{
	uint32_t seq = st->seq + 1, n = st->event_count;
	volatile struct zstub_event *e = &st->event[n % ZSTUB_EVENTS];

	e->seq = seq;
	e->fid = (uint32_t)r->x[0];
	e->arg[0] = (uint32_t)r->x[1];
	e->arg[1] = (uint32_t)(r->x[1] >> 32);
	e->arg[2] = (uint32_t)r->x[2];
	e->arg[3] = (uint32_t)(r->x[2] >> 32);
	e->ret = ret;
	e->x3 = (uint32_t)r->x[3];
	st->event_count = n + 1;
	st->seq = seq;
}

/* ---- PSCI ------------------------------------------------------------- */

static void gpio_pulse(unsigned int pin)
{
	w32(SECURE_GPIO + 0x400, r32(SECURE_GPIO + 0x400) | (1U << pin)); /* DIR */
	w32(SECURE_GPIO + ((1U << pin) << 2), 1U << pin);	/* DATA, masked */
	for (;;)
		__asm__ volatile("wfi");	/* QEMU stops or resets */
}

static uint64_t psci(const struct regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];

	switch (fid) {
	case PSCI_VERSION:
		return 0x10000;		/* 1.0 */
	case PSCI_MIGRATE_INFO_TYPE:
		return 2;		/* no trusted OS */
	case PSCI_FEATURES:
		switch ((uint32_t)r->x[1]) {
		case PSCI_VERSION: case PSCI_MIGRATE_INFO_TYPE:
		case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
		case PSCI_FEATURES: case SMCCC_VERSION:
			return 0;
		}
		return RET_UNKNOWN;	/* NOT_SUPPORTED */
	case SMCCC_VERSION:
		return 0x10001;		/* SMCCC 1.1: arm_smccc_1_1_*() work */
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		st->sys_off = fid == PSCI_SYSTEM_OFF ? 1 : 2;
		record(r, 0);
		puts_uart(fid == PSCI_SYSTEM_OFF ? "el3-stub: PSCI SYSTEM_OFF\n" :
			  "el3-stub: PSCI SYSTEM_RESET\n");
		gpio_pulse(fid == PSCI_SYSTEM_OFF ? 0 : 1);
	}
	return RET_UNKNOWN;
}

/* ---- ZynqMP platform management (EEMI) -------------------------------- */

static int pm_supported(uint32_t id)
{
	switch (id) {
	case PM_GET_API_VERSION: case PM_GET_NODE_STATUS:
	case PM_FORCE_POWERDOWN: case PM_REQUEST_WAKEUP:
	case PM_REQUEST_NODE: case PM_RELEASE_NODE: case PM_SET_REQUIREMENT:
	case PM_INIT_FINALIZE: case PM_GET_CHIPID: case PM_IOCTL:
	case PM_FEATURE_CHECK: case PM_GET_TRUSTZONE_VERSION:
		return 1;
	}
	return 0;
}

/* Returns x0 (status | payload[0] << 32); payload[1..2] go to *x1. */
static uint64_t pm_ioctl(const struct regs *r, volatile struct zstub_node *n)
{
	uint32_t id = (uint32_t)(r->x[1] >> 32), arg1 = (uint32_t)r->x[2];

	switch (id) {
	case IOCTL_GET_RPU_OPER_MODE:
		return (uint64_t)st->rpu_mode << 32;
	case IOCTL_SET_RPU_OPER_MODE:
		st->rpu_mode = arg1;
		break;
	case IOCTL_RPU_BOOT_ADDR_CONFIG:
		n->bootmem = arg1;
		break;
	case IOCTL_TCM_COMB_CONFIG:
		st->tcm_comb = arg1;
		break;
	default:
		return RET_UNKNOWN;
	}
	record(r, 0);
	return 0;
}

static uint64_t pm(const struct regs *r, struct regs *out)
{
	uint32_t id = (uint32_t)r->x[0] & 0xffff;
	uint32_t a0 = (uint32_t)r->x[1], a1 = (uint32_t)(r->x[1] >> 32);
	uint32_t a2 = (uint32_t)r->x[2];
	volatile struct zstub_node *n = a0 < ZSTUB_NODES ? &st->node[a0] : NULL;

	switch (id) {
	case PM_FEATURE_CHECK:
		if (!pm_supported(a0))
			return XST_PM_NO_FEATURE;
		if (a0 == PM_IOCTL)	/* v2 + mask of the supported ioctl ids */
			out->x[1] = (1U << IOCTL_GET_RPU_OPER_MODE) |
				  (1U << IOCTL_SET_RPU_OPER_MODE) |
				  (1U << IOCTL_RPU_BOOT_ADDR_CONFIG) |
				  (1U << IOCTL_TCM_COMB_CONFIG);
		return (uint64_t)(a0 == PM_FEATURE_CHECK || a0 == PM_IOCTL ||
				  a0 == PM_GET_NODE_STATUS ? 2 : 1) << 32;
	case PM_GET_API_VERSION:
		return (uint64_t)0x10001 << 32;		/* v1.1 */
	case PM_GET_TRUSTZONE_VERSION:
		return (uint64_t)0x10000 << 32;		/* v1.0 */
	case PM_GET_CHIPID:
		return (uint64_t)ZYNQMP_IDCODE << 32;
	case PM_INIT_FINALIZE:
		return 0;
	}
	if (!pm_supported(id))
		return RET_UNKNOWN;
	if (!n)
		return XST_PM_INVALID_NODE;

	switch (id) {
	case PM_GET_NODE_STATUS:	/* payload: status, requirements, usage */
		out->x[1] = n->capabilities | ((uint64_t)n->requested << 32);
		if (a0 == ZSTUB_NODE_RPU_0 || a0 == ZSTUB_NODE_RPU_1)	/* 1: PM_NODE_RUNNING */
			return (uint64_t)(n->running || (st->host_running >> a0 & 1)) << 32;
		return (uint64_t)n->power << 32;
	case PM_FORCE_POWERDOWN:	/* node, ack */
		n->power = 0;
		n->running = 0;
		n->pwrdwn_count = n->pwrdwn_count + 1;
		break;
	case PM_REQUEST_WAKEUP:	/* node, addr_lo | set_addr, addr_hi, ack */
		if (a1 & 1)
			n->boot_addr = ((uint64_t)a2 << 32) | (a1 & ~1U);
		n->power = 1;
		n->running = 1;
		n->wake_count = n->wake_count + 1;
		break;
	case PM_REQUEST_NODE:		/* node, capabilities, qos, ack */
		n->requested = 1;
		n->capabilities = a1;
		n->power = 1;
		break;
	case PM_RELEASE_NODE:		/* node */
		n->requested = 0;
		n->capabilities = 0;
		n->power = 0;
		n->running = 0;
		break;
	case PM_SET_REQUIREMENT:	/* node, capabilities, qos, ack */
		n->capabilities = a1;
		n->power = a1 != 0;
		break;
	case PM_IOCTL:			/* node, ioctl id, arg1, arg2 */
		return pm_ioctl(r, n);
	}
	record(r, 0);
	return XST_PM_SUCCESS;
}

/* ---- IPI mailbox ------------------------------------------------------ */

static int ipi_pending(uint32_t src, uint32_t dst)
{
	return st->ipi_trig[src][dst] != st->ipi_ack[src][dst];
}

/* Level-like delivery: unmasking with a message waiting raises the SPI. */
static void ipi_reraise(uint32_t local)
{
	uint32_t r, en = st->ipi_irq_en[local];

	for (r = 0; r < ZSTUB_IPI_AGENTS; r++)
		if ((en & (1U << r)) && ipi_pending(r, local)) {
			gic_set_spi_pending(st->ipi_spi);
			return;
		}
}

static uint64_t ipi(const struct regs *r)
{
	uint32_t call = (uint32_t)r->x[0] - IPI_SMC_BASE;
	uint64_t local = r->x[1], remote = r->x[2];
	uint32_t flags = (uint32_t)r->x[3], bit, status;

	if (local >= ZSTUB_IPI_AGENTS || remote >= ZSTUB_IPI_AGENTS)
		return RET_UNKNOWN;
	bit = 1U << remote;

	switch (call) {
	case IPI_OPEN:
	case IPI_RELEASE:		/* both: mask and clear what is pending */
		st->ipi_irq_en[local] = st->ipi_irq_en[local] & ~bit;
		st->ipi_ack[remote][local] = st->ipi_trig[remote][local];
		st->ipi_open[local] = call == IPI_OPEN ?
			st->ipi_open[local] | bit : st->ipi_open[local] & ~bit;
		break;
	case IPI_STATUS_ENQUIRY:	/* not recorded: polled every 5 ms */
		status = (ipi_pending((uint32_t)local, (uint32_t)remote) ? IPI_STATUS_SEND : 0) |
			 (ipi_pending((uint32_t)remote, (uint32_t)local) ? IPI_STATUS_RECV : 0);
		if ((flags & IPI_ENQUIRY_DIRQ) && (status & IPI_STATUS_RECV)) {
			st->ipi_irq_en[local] = st->ipi_irq_en[local] & ~bit;
			record(r, status);
		}
		return status;
	case IPI_NOTIFY:		/* blocking flag ignored: never waits */
		st->ipi_trig[local][remote] = st->ipi_trig[local][remote] + 1;
		break;
	case IPI_ACK:
		st->ipi_ack[remote][local] = st->ipi_trig[remote][local];
		if (flags & IPI_ACK_EIRQ)
			st->ipi_irq_en[local] = st->ipi_irq_en[local] | bit;
		record(r, 0);
		ipi_reraise((uint32_t)local);
		return 0;
	case IPI_ENABLE_IRQ:
		st->ipi_irq_en[local] = st->ipi_irq_en[local] | bit;
		record(r, 0);
		ipi_reraise((uint32_t)local);
		return 0;
	case IPI_DISABLE_IRQ:
		st->ipi_irq_en[local] = st->ipi_irq_en[local] & ~bit;
		break;
	default:
		return RET_UNKNOWN;
	}
	record(r, 0);
	return 0;
}

void stub_smc(struct regs *r)
{
	const struct regs in = *r;	/* arguments; r gets the results */
	uint32_t fid = (uint32_t)r->x[0];
	uint64_t ret;

	r->x[1] = 0;
	r->x[2] = 0;
	r->x[3] = 0;

	st->smc_count = st->smc_count + 1;
	if ((r->x[0] >> 32) != 0)
		ret = RET_UNKNOWN;
	else if ((fid & 0xffff0000U) == PM_SIP)
		ret = pm(&in, r);
	else if (fid >= IPI_SMC_BASE && fid <= IPI_SMC_BASE + IPI_DISABLE_IRQ)
		ret = ipi(&in);
	else
		ret = psci(&in);
	if (ret == RET_UNKNOWN && fid != PSCI_FEATURES) {
		st->unknown_count = st->unknown_count + 1;
		st->unknown_fid = fid;
	}
	r->x[0] = ret;
}
