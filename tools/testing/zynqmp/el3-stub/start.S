/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL3 entry of the ZynqMP monitor stub for qemu-system-aarch64 -M
 * virt,secure=on.  QEMU starts the CPU here (flash, address 0) at EL3 with
 * the MMU and caches off; the stub never turns them on.  It sets up the
 * secure state the kernel needs (stub.c), then erets to the raw kernel
 * Image at EL2 if the CPU has it, else at EL1, with x0 = DTB address.
 * Afterwards it only runs for SMCs from the kernel.
 */
#include "../stub_state.h"

#define SCR_NS		(1 << 0)
#define SCR_RES1	(3 << 4)
#define SCR_HCE		(1 << 8)
#define SCR_RW		(1 << 10)
#define SPSR_DAIF	(0xf << 6)
#define SPSR_EL1H	(SPSR_DAIF | 0x5)
#define SPSR_EL2H	(SPSR_DAIF | 0x9)
#define ESR_EC_SMC64	0x17

	.section .text.boot, "ax"
	.global _start
_start:
	adr	x0, vectors
	msr	vbar_el3, x0
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	msr	cptr_el3, xzr		/* no FP/SIMD, trace or AMU traps */
	msr	mdcr_el3, xzr		/* no debug traps; SPD32/64 = 0 */
	isb
	bl	stub_init		/* GIC, state page, banner */

	/* EL2 exists if ID_AA64PFR0_EL1.EL2 != 0 (virtualization=on). */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #8, #4
	mov	x1, #(SCR_NS | SCR_RES1 | SCR_RW)	/* SMD clear: SMC allowed */
	mov	x2, #SPSR_EL1H
	cbz	x0, 3f
	orr	x1, x1, #SCR_HCE
	mov	x2, #SPSR_EL2H
3:	msr	scr_el3, x1
	msr	spsr_el3, x2
	ldr	x3, =ZSTUB_KERNEL_ADDR
	msr	elr_el3, x3
	isb
	ldr	x0, =ZSTUB_DTB_ADDR
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	eret

/*
 * Exception vectors.  Only "synchronous, lower EL, AArch64" is expected
 * (SMC); anything else reports itself and halts the CPU.
 */
	.macro	ventry, kind
	.balign	0x80
	mov	x0, #\kind
	b	unexpected
	.endm

	.balign	0x800
vectors:
	ventry	0	/* current EL, SP_EL0: sync */
	ventry	1
	ventry	2
	ventry	3
	ventry	4	/* current EL, SP_ELx: sync */
	ventry	5
	ventry	6
	ventry	7
	.balign	0x80	/* lower EL, AArch64: sync */
	b	smc_entry
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

unexpected:
	mrs	x1, esr_el3
	mrs	x2, elr_el3
	ldr	x3, =__stack_top
	mov	sp, x3
	bl	stub_unexpected	/* does not return */
4:	wfi
	b	4b

/*
 * SMC from the kernel: save x0-x30 on the EL3 stack, let C read the
 * arguments and write the results (x0-x3) in the frame, restore, return
 * after the SMC (ELR_EL3 already points past it).  SMCCC: all other
 * registers are preserved.  The stub never touches FP/SIMD registers
 * (built with -mgeneral-regs-only).
 */
smc_entry:
	sub	sp, sp, #(32 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	stp	x2, x3, [sp, #(2 * 8)]
	stp	x4, x5, [sp, #(4 * 8)]
	stp	x6, x7, [sp, #(6 * 8)]
	stp	x8, x9, [sp, #(8 * 8)]
	stp	x10, x11, [sp, #(10 * 8)]
	stp	x12, x13, [sp, #(12 * 8)]
	stp	x14, x15, [sp, #(14 * 8)]
	stp	x16, x17, [sp, #(16 * 8)]
	stp	x18, x19, [sp, #(18 * 8)]
	stp	x20, x21, [sp, #(20 * 8)]
	stp	x22, x23, [sp, #(22 * 8)]
	stp	x24, x25, [sp, #(24 * 8)]
	stp	x26, x27, [sp, #(26 * 8)]
	stp	x28, x29, [sp, #(28 * 8)]
	str	x30, [sp, #(30 * 8)]
	mrs	x1, esr_el3
	lsr	x2, x1, #26
	cmp	x2, #ESR_EC_SMC64
	b.ne	5f
	mov	x0, sp
	bl	stub_smc
	ldp	x0, x1, [sp, #(0 * 8)]
	ldp	x2, x3, [sp, #(2 * 8)]
	ldp	x4, x5, [sp, #(4 * 8)]
	ldp	x6, x7, [sp, #(6 * 8)]
	ldp	x8, x9, [sp, #(8 * 8)]
	ldp	x10, x11, [sp, #(10 * 8)]
	ldp	x12, x13, [sp, #(12 * 8)]
	ldp	x14, x15, [sp, #(14 * 8)]
	ldp	x16, x17, [sp, #(16 * 8)]
	ldp	x18, x19, [sp, #(18 * 8)]
	ldp	x20, x21, [sp, #(20 * 8)]
	ldp	x22, x23, [sp, #(22 * 8)]
	ldp	x24, x25, [sp, #(24 * 8)]
	ldp	x26, x27, [sp, #(26 * 8)]
	ldp	x28, x29, [sp, #(28 * 8)]
	ldr	x30, [sp, #(30 * 8)]
	add	sp, sp, #(32 * 8)
	eret
5:	mov	x0, #8
	b	unexpected
	.ltorg
