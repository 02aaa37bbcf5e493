// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the firmware validator (drivers/remoteproc/ohost_fwcheck.c).
 *
 * Every case starts from a good image or resource table built here, applies
 * a few patches (a field set to a value, a name filled, the size cut) and
 * checks the verdict and the reason.  Each reject path of the validator has
 * a case that passes only while that path's check exists; each boundary
 * (segments that touch, a config space that ends at the table end, an
 * address range that ends at 4 GiB) has an accept case.
 */
#include <kunit/test.h>
#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/remoteproc.h>
#include <linux/string.h>

#include "ohost/rproc.h"

#define EM_ARM_	40
#define EM_AA64	183

/* Field offsets of the ELF structures (ELF32 / ELF64). */
#define EH_CLASS	4
#define EH_DATA		5
#define EH_IVERSION	6
#define EH_MACHINE	18
#define EH_VERSION	20
#define EH32_PHOFF	28
#define EH64_PHOFF	32
#define EH32_SHOFF	32
#define EH64_SHOFF	40
#define EH32_PHENTSIZE	42
#define EH32_PHNUM	44
#define EH32_SHENTSIZE	46
#define EH32_SHNUM	48
#define EH32_SHSTRNDX	50
#define EH64_PHNUM	56
#define EH64_SHNUM	60
#define PH_TYPE		0
#define PH32_OFFSET	4
#define PH32_PADDR	12
#define PH32_FILESZ	16
#define PH32_MEMSZ	20
#define PH64_OFFSET	8
#define PH64_PADDR	24
#define PH64_MEMSZ	40
#define SH_NAME		0
#define SH_TYPE		4
#define SH32_OFFSET	16
#define SH32_SIZE	20
#define SH64_OFFSET	24
#define SH64_SIZE	32

#define PT_LOAD_	1
#define PT_NOTE_	4
#define SHT_PROGBITS_	1
#define SHT_STRTAB_	3
#define SHT_NOBITS_	8

/* The good resource table: five entries, the vdev last. */
#define RSC_NUM		5
#define RSC_E0		36	/* carveout "text" */
#define RSC_E1		92	/* devmem "regs" */
#define RSC_E2		148	/* trace "trace0" */
#define RSC_E3		196	/* vendor 128, 4 data bytes */
#define RSC_E4		204	/* vdev: 2 vrings at 232, 8 config bytes at 272 */
#define RSC_LEN		280
#define RSC_VR0		(RSC_E4 + 28)
#define RSC_VR1		(RSC_VR0 + 20)

/* Where a patch applies. */
enum fwt_anchor {
	AT_START,	/* image (or table) start */
	AT_PH0, AT_PH1, AT_PH2, AT_PH3,
	AT_SH1,		/* .shstrtab's section header */
	AT_SH2,		/* .resource_table's section header */
	AT_STR,		/* .shstrtab contents */
	AT_RSC,		/* resource table, inside the image */
};

/**
 * struct fwt_patch - one change to a good image
 * @at: anchor
 * @off: offset from the anchor
 * @width: 1, 2, 4 or 8 bytes little-endian; 0 fills 32 bytes with @val
 * @from_end: @val is added to the image (table) size first
 * @val: value written
 */
struct fwt_patch {
	u8 at;
	u16 off;
	u8 width;
	bool from_end;
	u64 val;
};

/**
 * struct fwt_case - one table-driven case
 * @name: case description
 * @is64: ELF64 image (ELF tests)
 * @patch: changes applied to the good image, unused ones have width 0 and
 *	off 0 at AT_START (a no-op: see fwt_apply())
 * @size: 0 keeps the size; > 0 cuts it to @size; < 0 shortens it by -@size
 * @policy: policy passed to the validator
 * @no_rsc: build the image without a .resource_table section
 * @ret: expected return value
 * @msg: expected substring of the message (NULL: must be empty)
 */
struct fwt_case {
	const char *name;
	bool is64;
	struct fwt_patch patch[3];
	long size;
	struct ohost_fw_policy policy;
	bool no_rsc;
	int ret;
	const char *msg;
};

/* A built image and where its parts are. */
struct fwt_img {
	u8 *buf;
	size_t size;
	size_t phoff, phentsize, shoff, shentsize, stroff, rsc_off;
};

static void fwt_put(u8 *p, unsigned int width, u64 v)
{
	unsigned int i;

	for (i = 0; i < width; i++)
		p[i] = (u8)(v >> (8 * i));
}

static size_t fwt_align(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The good resource table, written at @t (RSC_LEN bytes). */
static void fwt_build_rsc(u8 *t)
{
	static const u32 offs[RSC_NUM] = {
		RSC_E0, RSC_E1, RSC_E2, RSC_E3, RSC_E4
	};
	unsigned int i;

	memset(t, 0, RSC_LEN);
	fwt_put(t, 4, 1);
	fwt_put(t + 4, 4, RSC_NUM);
	for (i = 0; i < RSC_NUM; i++)
		fwt_put(t + 16 + 4 * i, 4, offs[i]);

	fwt_put(t + RSC_E0, 4, OHOST_RSC_CARVEOUT);
	fwt_put(t + RSC_E0 + 4, 4, 0x10000000);		/* da */
	fwt_put(t + RSC_E0 + 8, 4, 0x70000000);		/* pa */
	fwt_put(t + RSC_E0 + 12, 4, 0x100000);		/* len */
	strscpy(t + RSC_E0 + 24, "text", 32);

	fwt_put(t + RSC_E1, 4, OHOST_RSC_DEVMEM);
	fwt_put(t + RSC_E1 + 4, 4, 0x20000000);
	fwt_put(t + RSC_E1 + 8, 4, 0x30000000);
	fwt_put(t + RSC_E1 + 12, 4, 0x1000);
	fwt_put(t + RSC_E1 + 16, 4, 0x3);		/* flags */
	strscpy(t + RSC_E1 + 24, "regs", 32);

	fwt_put(t + RSC_E2, 4, OHOST_RSC_TRACE);
	fwt_put(t + RSC_E2 + 4, 4, 0x10100000);
	fwt_put(t + RSC_E2 + 8, 4, 0x8000);
	strscpy(t + RSC_E2 + 16, "trace0", 32);

	fwt_put(t + RSC_E3, 4, OHOST_RSC_VENDOR_START);
	fwt_put(t + RSC_E3 + 4, 4, 0xdeadbeef);

	fwt_put(t + RSC_E4, 4, OHOST_RSC_VDEV);
	fwt_put(t + RSC_E4 + 4, 4, 7);			/* id: rpmsg */
	fwt_put(t + RSC_E4 + 8, 4, 31);			/* notifyid */
	fwt_put(t + RSC_E4 + 12, 4, 1);			/* dfeatures: NS */
	fwt_put(t + RSC_E4 + 20, 4, 8);			/* config_len */
	t[RSC_E4 + 25] = 2;				/* num_of_vrings */
	for (i = 0; i < 2; i++) {
		u8 *v = t + RSC_VR0 + 20 * i;

		fwt_put(v, 4, 0x3ed40000 + 0x4000 * i);
		fwt_put(v + 4, 4, 0x1000);
		fwt_put(v + 8, 4, 256);
		fwt_put(v + 12, 4, i);
	}
	for (i = 0; i < 8; i++)
		t[RSC_VR1 + 20 + i] = 0xc0 + i;
}

static void fwt_ehdr(struct fwt_img *img, bool is64, unsigned int nsh)
{
	u8 *e = img->buf;

	memcpy(e, "\177ELF", 4);
	e[EH_CLASS] = is64 ? 2 : 1;
	e[EH_DATA] = 1;
	e[EH_IVERSION] = 1;
	fwt_put(e + 16, 2, 2);				/* ET_EXEC */
	fwt_put(e + EH_MACHINE, 2, is64 ? EM_AA64 : EM_ARM_);
	fwt_put(e + EH_VERSION, 4, 1);
	if (is64) {
		fwt_put(e + EH64_PHOFF, 8, img->phoff);
		fwt_put(e + EH64_SHOFF, 8, img->shoff);
		fwt_put(e + 52, 2, 64);
		fwt_put(e + 54, 2, img->phentsize);
		fwt_put(e + EH64_PHNUM, 2, 4);
		fwt_put(e + 58, 2, img->shentsize);
		fwt_put(e + EH64_SHNUM, 2, nsh);
		fwt_put(e + 62, 2, 1);
	} else {
		fwt_put(e + EH32_PHOFF, 4, img->phoff);
		fwt_put(e + EH32_SHOFF, 4, img->shoff);
		fwt_put(e + 40, 2, 52);
		fwt_put(e + EH32_PHENTSIZE, 2, img->phentsize);
		fwt_put(e + EH32_PHNUM, 2, 4);
		fwt_put(e + EH32_SHENTSIZE, 2, img->shentsize);
		fwt_put(e + EH32_SHNUM, 2, nsh);
		fwt_put(e + EH32_SHSTRNDX, 2, 1);
	}
}

static void fwt_phdr(struct fwt_img *img, bool is64, unsigned int i, u32 type,
		     u64 off, u64 paddr, u64 filesz, u64 memsz)
{
	u8 *p = img->buf + img->phoff + i * img->phentsize;
	unsigned int w = is64 ? 8 : 4;

	fwt_put(p, 4, type);
	fwt_put(p + (is64 ? PH64_OFFSET : PH32_OFFSET), w, off);
	fwt_put(p + (is64 ? 16 : 8), w, paddr);			/* vaddr */
	fwt_put(p + (is64 ? PH64_PADDR : PH32_PADDR), w, paddr);
	fwt_put(p + (is64 ? 32 : PH32_FILESZ), w, filesz);
	fwt_put(p + (is64 ? PH64_MEMSZ : PH32_MEMSZ), w, memsz);
}

static void fwt_shdr(struct fwt_img *img, bool is64, unsigned int i, u32 name,
		     u32 type, u64 off, u64 size)
{
	u8 *s = img->buf + img->shoff + i * img->shentsize;
	unsigned int w = is64 ? 8 : 4;

	fwt_put(s + SH_NAME, 4, name);
	fwt_put(s + SH_TYPE, 4, type);
	fwt_put(s + (is64 ? SH64_OFFSET : SH32_OFFSET), w, off);
	fwt_put(s + (is64 ? SH64_SIZE : SH32_SIZE), w, size);
}

static const char fwt_strtab[] = "\0.shstrtab\0.resource_table";
#define FWT_STR_SHSTRTAB	1
#define FWT_STR_RSC		11

/*
 * A good image: four program headers (PT_LOAD [0x1000, 0x1100) with 0x80
 * file bytes, PT_LOAD [0x1100, 0x1140) touching it, a PT_NOTE over the
 * first, an empty PT_LOAD inside the first), the good resource table and
 * three sections (null, .shstrtab, .resource_table).
 */
static void fwt_build_elf(struct kunit *test, struct fwt_img *img, bool is64,
			  bool with_rsc)
{
	unsigned int nsh = with_rsc ? 3 : 2;
	size_t data;

	img->phoff = is64 ? 64 : 52;
	img->phentsize = is64 ? 56 : 32;
	img->shentsize = is64 ? 64 : 40;
	data = img->phoff + 4 * img->phentsize;
	img->rsc_off = fwt_align(data + 0x80 + 0x40, 8);
	img->stroff = img->rsc_off + (with_rsc ? RSC_LEN : 0);
	img->shoff = fwt_align(img->stroff + sizeof(fwt_strtab), 8);
	img->size = img->shoff + nsh * img->shentsize;
	img->buf = kunit_kzalloc(test, img->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, img->buf);

	fwt_ehdr(img, is64, nsh);
	fwt_phdr(img, is64, 0, PT_LOAD_, data, 0x1000, 0x80, 0x100);
	fwt_phdr(img, is64, 1, PT_LOAD_, data + 0x80, 0x1100, 0x40, 0x40);
	fwt_phdr(img, is64, 2, PT_NOTE_, data, 0x1000, 0x10, 0x10);
	fwt_phdr(img, is64, 3, PT_LOAD_, data, 0x1010, 0, 0);
	memset(img->buf + data, 0x5a, 0xc0);
	if (with_rsc)
		fwt_build_rsc(img->buf + img->rsc_off);
	memcpy(img->buf + img->stroff, fwt_strtab, sizeof(fwt_strtab));
	fwt_shdr(img, is64, 1, FWT_STR_SHSTRTAB, SHT_STRTAB_, img->stroff,
		 sizeof(fwt_strtab));
	if (with_rsc)
		fwt_shdr(img, is64, 2, FWT_STR_RSC, SHT_PROGBITS_,
			 img->rsc_off, RSC_LEN);
}

static size_t fwt_anchor(const struct fwt_img *img, u8 at)
{
	switch (at) {
	case AT_PH0:
	case AT_PH1:
	case AT_PH2:
	case AT_PH3:
		return img->phoff + (at - AT_PH0) * img->phentsize;
	case AT_SH1:
	case AT_SH2:
		return img->shoff + (at - AT_SH1 + 1) * img->shentsize;
	case AT_STR:
		return img->stroff;
	case AT_RSC:
		return img->rsc_off;
	}
	return 0;
}

static void fwt_apply(struct kunit *test, struct fwt_img *img,
		      const struct fwt_case *c)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->patch); i++) {
		const struct fwt_patch *p = &c->patch[i];
		size_t at = fwt_anchor(img, p->at) + p->off;
		u64 val = p->from_end ? img->size + p->val : p->val;

		if (!p->width && !p->off && p->at == AT_START && !p->val)
			continue;	/* unused */
		KUNIT_ASSERT_LE(test, at + (p->width ?: 32), img->size);
		if (p->width)
			fwt_put(img->buf + at, p->width, val);
		else
			memset(img->buf + at, (int)val, 32);
	}
	if (c->size > 0)
		img->size = c->size;
	else if (c->size < 0)
		img->size -= -c->size;
}

static void fwt_expect(struct kunit *test, const struct fwt_case *c, int ret,
		       const struct ohost_fw_error *err)
{
	KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "message: %s", err->msg);
	if (c->msg)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err->msg, c->msg),
					  "\"%s\" lacks \"%s\"", err->msg,
					  c->msg);
	else
		KUNIT_EXPECT_STREQ(test, err->msg, "");
}

static void fwt_case_desc(const struct fwt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

#define P(_at, _off, _w, _v)	{ .at = (_at), .off = (_off), .width = (_w), .val = (_v) }
#define P_END(_at, _off, _w, _delta) \
	{ .at = (_at), .off = (_off), .width = (_w), .from_end = true, .val = (u64)(_delta) }
#define FILL(_at, _off, _byte)	{ .at = (_at), .off = (_off), .width = 0, .val = (_byte) }

/* ---- ohost_fw_check_elf ------------------------------------------------ */

/*
 * The good image loads [0x1000, 0x1100) and [0x1100, 0x1140), plus an
 * empty PT_LOAD at 0x1010.
 */
static const struct ohost_fw_region fwt_mem_exact[] = { { 0x1000, 0x140 } };
static const struct ohost_fw_region fwt_mem_split[] = {
	{ 0x9000, 0x1000 }, { 0x1100, 0x40 }, { 0x1000, 0x100 },
};

static const struct ohost_fw_region fwt_mem_short[] = { { 0x1000, 0x13f } };
static const struct ohost_fw_region fwt_mem_late[] = { { 0x1001, 0x13f } };

static const struct fwt_case fwt_elf_cases[] = {
	{ .name = "segments_end_at_memory_end",
	  .policy = { .regions = fwt_mem_exact, .num_regions = 1 } },
	{ .name = "segments_in_separate_memories", .is64 = true,
	  .policy = { .regions = fwt_mem_split, .num_regions = 3 } },
	{ .name = "empty_load_outside_memory",
	  .policy = { .regions = fwt_mem_exact, .num_regions = 1 },
	  .patch = { P(AT_PH3, PH32_PADDR, 4, 0x9000) } },
	{ .name = "segment_past_memory_end",
	  .policy = { .regions = fwt_mem_short, .num_regions = 1 },
	  .ret = -EINVAL,
	  .msg = "program header 1: [0x1100, 0x1140) is outside the remote's memory" },
	{ .name = "segment_before_memory_start", .is64 = true,
	  .policy = { .regions = fwt_mem_late, .num_regions = 1 },
	  .ret = -EINVAL,
	  .msg = "program header 0: [0x1000, 0x1100) is outside the remote's memory" },
	{ .name = "segment_across_two_memories",
	  .policy = { .regions = fwt_mem_split, .num_regions = 3 },
	  .patch = { P(AT_PH1, PH32_PADDR, 4, 0x10f0),
		     P(AT_PH0, PH32_MEMSZ, 4, 0xf0) },
	  .ret = -EINVAL,
	  .msg = "program header 1: [0x10f0, 0x1130) is outside the remote's memory" },
	{ .name = "good_elf32_arm", .policy.machine = EM_ARM_ },
	{ .name = "good_elf64_aarch64", .is64 = true,
	  .policy.machine = EM_AA64 },
	{ .name = "any_machine", .is64 = true },
	{ .name = "elf32_segment_ends_at_4g",
	  .patch = { P(AT_PH1, PH32_PADDR, 4, 0xffffffc0) } },
	{ .name = "elf64_segment_above_4g", .is64 = true,
	  .patch = { P(AT_PH1, PH64_PADDR, 8, 0x100000000ULL) } },
	{ .name = "note_before_overlapping_load",
	  .patch = { P(AT_PH0, PH_TYPE, 4, PT_NOTE_),
		     P(AT_PH2, PH_TYPE, 4, PT_LOAD_) } },
	{ .name = "empty_load_before_overlapping_load",
	  .patch = { P(AT_PH0, PH32_PADDR, 4, 0x1110),
		     P(AT_PH0, PH32_FILESZ, 4, 0),
		     P(AT_PH0, PH32_MEMSZ, 4, 0) } },
	{ .name = "non_load_filesz_above_memsz",
	  .patch = { P(AT_PH2, PH32_MEMSZ, 4, 0) } },
	{ .name = "too_short_for_magic", .size = 3,
	  .ret = -ENOEXEC, .msg = "not an ELF file" },
	{ .name = "bad_magic", .patch = { P(AT_START, 1, 1, 'e') },
	  .ret = -ENOEXEC, .msg = "not an ELF file" },
	{ .name = "truncated_ident", .size = 15,
	  .ret = -EINVAL, .msg = "truncated ELF identification (15 bytes)" },
	{ .name = "bad_class", .patch = { P(AT_START, EH_CLASS, 1, 3) },
	  .ret = -EINVAL, .msg = "unsupported ELF class 3" },
	{ .name = "class_none", .patch = { P(AT_START, EH_CLASS, 1, 0) },
	  .ret = -EINVAL, .msg = "unsupported ELF class 0" },
	{ .name = "big_endian", .patch = { P(AT_START, EH_DATA, 1, 2) },
	  .ret = -EINVAL, .msg = "data encoding 2 is not little-endian" },
	{ .name = "ident_version", .patch = { P(AT_START, EH_IVERSION, 1, 0) },
	  .ret = -EINVAL, .msg = "identification version 0 is not 1" },
	{ .name = "truncated_elf64_header", .is64 = true, .size = 60,
	  .ret = -EINVAL,
	  .msg = "truncated ELF header: ELF64 needs 64 bytes, file has 60" },
	{ .name = "truncated_elf32_header", .size = 51,
	  .ret = -EINVAL, .msg = "ELF32 needs 52 bytes, file has 51" },
	{ .name = "e_version", .patch = { P(AT_START, EH_VERSION, 4, 2) },
	  .ret = -EINVAL, .msg = "e_version 2 is not 1" },
	{ .name = "wrong_machine", .policy.machine = EM_AA64,
	  .ret = -EINVAL, .msg = "ELF machine 40, expected 183" },
	{ .name = "no_program_headers", .patch = { P(AT_START, EH32_PHNUM, 2, 0) },
	  .ret = -EINVAL, .msg = "no program headers" },
	{ .name = "too_many_program_headers",
	  .patch = { P(AT_START, EH32_PHNUM, 2, OHOST_FW_MAX_PHNUM + 1) },
	  .ret = -EINVAL, .msg = "513 program headers, at most 512" },
	{ .name = "phentsize",
	  .patch = { P(AT_START, EH32_PHENTSIZE, 2, 33) },
	  .ret = -EINVAL,
	  .msg = "program header table entry size 33, expected 32" },
	{ .name = "phdr_table_past_end",
	  .patch = { P_END(AT_START, EH32_PHOFF, 4, -64) },
	  .ret = -EINVAL, .msg = "program header table runs past the end" },
	{ .name = "phoff_overflow", .is64 = true,
	  .patch = { P(AT_START, EH64_PHOFF, 8, ~0ULL - 15) },
	  .ret = -EINVAL,
	  .msg =
		"program header table offset 0xfffffffffffffff0 + 4 * 56 overflows",
	},
	{ .name = "segment_past_end",
	  .patch = { P_END(AT_PH0, PH32_OFFSET, 4, -0x7f) },
	  .ret = -EINVAL,
	  .msg = "program header 0: segment runs past the end of the file" },
	{ .name = "note_segment_past_end",
	  .patch = { P_END(AT_PH2, PH32_OFFSET, 4, -0xf) },
	  .ret = -EINVAL,
	  .msg = "program header 2: segment runs past the end of the file" },
	{ .name = "segment_offset_overflow", .is64 = true,
	  .patch = { P(AT_PH0, PH64_OFFSET, 8, ~0ULL - 0x10) },
	  .ret = -EINVAL,
	  .msg = "program header 0: p_offset 0xffffffffffffffef + p_filesz 0x80 overflows" },
	{ .name = "filesz_above_memsz",
	  .patch = { P(AT_PH0, PH32_MEMSZ, 4, 0x7f) },
	  .ret = -EINVAL,
	  .msg = "program header 0: p_filesz 0x80 > p_memsz 0x7f" },
	{ .name = "elf32_paddr_wraps",
	  .patch = { P(AT_PH1, PH32_PADDR, 4, 0xffffffc1) },
	  .ret = -EINVAL,
	  .msg = "program header 1: p_paddr 0xffffffc1 + p_memsz 0x40 overflows" },
	{ .name = "elf64_paddr_wraps", .is64 = true,
	  .patch = { P(AT_PH1, PH64_PADDR, 8, ~0ULL - 0x3f) },
	  .ret = -EINVAL,
	  .msg =
		"program header 1: p_paddr 0xffffffffffffffc0 + p_memsz 0x40 overflows",
	},
	{ .name = "load_overlap",
	  .patch = { P(AT_PH1, PH32_PADDR, 4, 0x10ff) },
	  .ret = -EINVAL,
	  .msg =
		"program headers 0 and 1 overlap in device memory ([0x1000, 0x1100) and [0x10ff, 0x113f))",
	},
	{ .name = "load_overlap_contained", .is64 = true,
	  .patch = { P(AT_PH0, PH64_PADDR, 8, 0x1080) },
	  .ret = -EINVAL, .msg = "program headers 0 and 1 overlap" },
	{ .name = "load_overlap_lower_second",
	  .patch = { P(AT_PH1, PH32_PADDR, 4, 0xfc1) },
	  .ret = -EINVAL, .msg = "program headers 0 and 1 overlap" },
	{ .name = "empty_load_overlap_with_data",
	  .patch = { P(AT_PH3, PH32_MEMSZ, 4, 1) },
	  .ret = -EINVAL, .msg = "program headers 0 and 3 overlap" },
};

KUNIT_ARRAY_PARAM(fwt_elf, fwt_elf_cases, fwt_case_desc);

static void ohost_fw_check_elf_cases(struct kunit *test)
{
	const struct fwt_case *c = test->param_value;
	struct ohost_fw_error err = { .msg = "stale" };
	struct fwt_img img;

	fwt_build_elf(test, &img, c->is64, true);
	fwt_apply(test, &img, c);
	fwt_expect(test, c, ohost_fw_check_elf(img.buf, img.size, &c->policy,
					       &err), &err);
}

/* The header must be read where the magic was checked: no NULL access. */
static void ohost_fw_check_elf_null(struct kunit *test)
{
	struct ohost_fw_error err;

	KUNIT_EXPECT_EQ(test, ohost_fw_check_elf(NULL, 0, NULL, &err), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, ohost_fw_check_elf(NULL, 0, NULL, NULL), -ENOEXEC);
}

static struct kunit_case ohost_fwcheck_elf_cases[] = {
	KUNIT_CASE_PARAM(ohost_fw_check_elf_cases, fwt_elf_gen_params),
	KUNIT_CASE(ohost_fw_check_elf_null),
	{}
};

static struct kunit_suite ohost_fwcheck_elf_suite = {
	.name = "ohost_fwcheck_elf",
	.test_cases = ohost_fwcheck_elf_cases,
};

/* ---- ohost_fw_find_rsc_table ------------------------------------------- */

static const struct fwt_case fwt_find_cases[] = {
	{ .name = "found_elf32" },
	{ .name = "found_elf64", .is64 = true },
	{ .name = "no_rsc_section", .no_rsc = true,
	  .ret = -ENOENT, .msg = "no .resource_table section" },
	{ .name = "no_sections", .patch = { P(AT_START, EH32_SHNUM, 2, 0) },
	  .ret = -ENOENT, .msg = "no section headers" },
	{ .name = "not_elf", .patch = { P(AT_START, 0, 1, 0) },
	  .ret = -ENOEXEC, .msg = "not an ELF file" },
	{ .name = "shentsize", .patch = { P(AT_START, EH32_SHENTSIZE, 2, 39) },
	  .ret = -EINVAL,
	  .msg = "section header table entry size 39, expected 40" },
	{ .name = "shdr_table_past_end", .size = -1,
	  .ret = -EINVAL, .msg = "section header table runs past the end" },
	{ .name = "shoff_overflow", .is64 = true,
	  .patch = { P(AT_START, EH64_SHOFF, 8, ~0ULL - 63) },
	  .ret = -EINVAL,
	  .msg =
		"section header table offset 0xffffffffffffffc0 + 3 * 64 overflows",
	},
	{ .name = "shstrndx_out_of_range",
	  .patch = { P(AT_START, EH32_SHSTRNDX, 2, 3) },
	  .ret = -EINVAL, .msg = "e_shstrndx 3 is not below e_shnum 3" },
	{ .name = "shstrtab_past_end",
	  .patch = { P_END(AT_SH1, SH32_OFFSET, 4, -26) },
	  .ret = -EINVAL,
	  .msg = "section 1 (.shstrtab) runs past the end of the file" },
	{ .name = "shstrtab_size_overflow", .is64 = true,
	  .patch = { P(AT_SH1, SH64_SIZE, 8, ~0ULL) },
	  .ret = -EINVAL, .msg = "section 1 (.shstrtab): offset" },
	{ .name = "shstrtab_nobits",
	  .patch = { P(AT_SH1, SH_TYPE, 4, SHT_NOBITS_) },
	  .ret = -EINVAL, .msg = "section 1 (.shstrtab) has no contents" },
	{ .name = "name_outside_shstrtab",
	  .patch = { P(AT_SH2, SH_NAME, 4, sizeof(fwt_strtab)) },
	  .ret = -EINVAL,
	  .msg = "section 2: name offset 0x1b is outside .shstrtab (size 0x1b)" },
	{ .name = "name_not_terminated",
	  .patch = { P(AT_STR, sizeof(fwt_strtab) - 1, 1, 'x') },
	  .ret = -EINVAL,
	  .msg = "section 2: name at 0xb is not NUL-terminated inside .shstrtab" },
	{ .name = "rsc_past_end",
	  .patch = { P(AT_SH2, SH32_SIZE, 4, RSC_LEN + 0x1000) },
	  .ret = -EINVAL,
	  .msg = "section 2 (.resource_table) runs past the end of the file" },
	{ .name = "rsc_offset_overflow", .is64 = true,
	  .patch = { P(AT_SH2, SH64_OFFSET, 8, ~0ULL - 8) },
	  .ret = -EINVAL,
	  .msg =
		"section 2 (.resource_table): offset 0xfffffffffffffff7 + size 0x118 overflows",
	},
	{ .name = "rsc_nobits",
	  .patch = { P(AT_SH2, SH_TYPE, 4, SHT_NOBITS_) },
	  .ret = -EINVAL,
	  .msg = "section 2 (.resource_table) has no contents in the file" },
};

KUNIT_ARRAY_PARAM(fwt_find, fwt_find_cases, fwt_case_desc);

static void ohost_fw_find_rsc_table_cases(struct kunit *test)
{
	const struct fwt_case *c = test->param_value;
	struct ohost_fw_error err = { .msg = "stale" };
	size_t off = 1, len = 1;
	struct fwt_img img;
	int ret;

	fwt_build_elf(test, &img, c->is64, !c->no_rsc);
	fwt_apply(test, &img, c);
	ret = ohost_fw_find_rsc_table(img.buf, img.size, &off, &len, &err);
	fwt_expect(test, c, ret, &err);
	if (!ret) {
		KUNIT_EXPECT_EQ(test, off, img.rsc_off);
		KUNIT_EXPECT_EQ(test, len, (size_t)RSC_LEN);
	}
}

static struct kunit_case ohost_fwcheck_find_cases[] = {
	KUNIT_CASE_PARAM(ohost_fw_find_rsc_table_cases, fwt_find_gen_params),
	{}
};

static struct kunit_suite ohost_fwcheck_find_suite = {
	.name = "ohost_fwcheck_find",
	.test_cases = ohost_fwcheck_find_cases,
};

/* ---- ohost_fw_check_rsc_table ------------------------------------------ */

static const struct fwt_case fwt_rsc_cases[] = {
	{ .name = "good" },
	{ .name = "empty", .patch = { P(AT_START, 4, 4, 0) }, .size = 16 },
	{ .name = "vendor_end", .patch = { P(AT_START, RSC_E3, 4, 512) } },
	{ .name = "carveout_da_any",
	  .patch = { P(AT_START, RSC_E0 + 4, 4, OHOST_RSC_ADDR_ANY),
		     P(AT_START, RSC_E0 + 8, 4, OHOST_RSC_ADDR_ANY) } },
	{ .name = "carveout_ends_at_4g",
	  .patch = { P(AT_START, RSC_E0 + 4, 4, 0xfff00000),
		     P(AT_START, RSC_E0 + 8, 4, 0xfff00000) } },
	{ .name = "vrings_at_policy_max", .policy.max_vrings = 1,
	  .patch = { P(AT_START, RSC_E4 + 25, 1, 1) } },
	{ .name = "short_header", .size = 15, .ret = -EINVAL,
	  .msg = "resource table: 15 bytes, the header needs 16" },
	{ .name = "version", .patch = { P(AT_START, 0, 4, 2) }, .ret = -EINVAL,
	  .msg = "resource table: version 2, expected 1" },
	{ .name = "reserved0", .patch = { P(AT_START, 8, 4, 1) },
	  .ret = -EINVAL, .msg = "resource table: reserved words are not zero" },
	{ .name = "reserved1", .patch = { P(AT_START, 12, 4, 1) },
	  .ret = -EINVAL, .msg = "resource table: reserved words are not zero" },
	{ .name = "offset_array_past_end", .patch = { P(AT_START, 4, 4, 67) },
	  .ret = -EINVAL,
	  .msg = "offset array of 67 entries runs past the table end (0x11c > 0x118)" },
	{ .name = "offset_array_huge",
	  .patch = { P(AT_START, 4, 4, 0xffffffff) }, .ret = -EINVAL,
	  .msg =
		"offset array of 4294967295 entries runs past the table end (0x40000000c > 0x118)",
	},
	{ .name = "offset_in_header", .patch = { P(AT_START, 16, 4, 32) },
	  .ret = -EINVAL,
	  .msg = "resource 0 (?): offset 0x20 overlaps the table header (ends at 0x24)" },
	{ .name = "offset_unaligned", .patch = { P(AT_START, 16, 4, 38) },
	  .ret = -EINVAL,
	  .msg = "resource 0 (?): offset 0x26 is not 4-byte aligned" },
	{ .name = "offsets_not_increasing",
	  .patch = { P(AT_START, 20, 4, RSC_E0) }, .ret = -EINVAL,
	  .msg = "resource 1 (?): offset 0x24 is not above resource 0's 0x24" },
	{ .name = "entries_overlap",
	  .patch = { P(AT_START, 20, 4, RSC_E1 - 4) }, .ret = -EINVAL,
	  .msg = "resource 1 (?): offset 0x58 overlaps resource 0 (ends at 0x5c)" },
	{ .name = "offset_outside_table",
	  .patch = { P(AT_START, 32, 4, RSC_LEN) }, .ret = -EINVAL,
	  .msg = "resource 4 (?): offset 0x118 is outside the table (len 0x118)" },
	{ .name = "vdev_header_past_end", .size = RSC_E4 + 27, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): entry runs past the table end (offset 0xcc + 28 > 0xe7)" },
	{ .name = "carveout_past_end", .patch = { P(AT_START, 4, 4, 1) },
	  .size = RSC_E0 + 55, .ret = -EINVAL,
	  .msg = "resource 0 (carveout): entry runs past the table end (offset 0x24 + 56 > 0x5b)" },
	{ .name = "trace_past_end", .patch = { P(AT_START, 4, 4, 3) },
	  .size = RSC_E2 + 47, .ret = -EINVAL,
	  .msg = "resource 2 (trace): entry runs past the table end" },
	{ .name = "vring_array_past_end", .size = RSC_VR0 + 39, .ret = -EINVAL,
	  .msg =
		"resource 4 (vdev): vring array runs past the table end (offset 0xe8 + 40 > 0x10f)",
	},
	{ .name = "config_past_end", .size = -1, .ret = -EINVAL,
	  .msg =
		"resource 4 (vdev): config space runs past the table end (offset 0x110 + 8 > 0x117)",
	},
	{ .name = "config_len_huge",
	  .patch = { P(AT_START, RSC_E4 + 20, 4, 0xffffffff) }, .ret = -EINVAL,
	  .msg = "config space runs past the table end (offset 0x110 + 4294967295 > 0x118)" },
	{ .name = "unknown_type_4", .patch = { P(AT_START, RSC_E3, 4, 4) },
	  .ret = -EINVAL, .msg = "resource 3 (unknown): unknown resource type 4" },
	{ .name = "unknown_type_127", .patch = { P(AT_START, RSC_E3, 4, 127) },
	  .ret = -EINVAL, .msg = "unknown resource type 127" },
	{ .name = "unknown_type_513", .patch = { P(AT_START, RSC_E3, 4, 513) },
	  .ret = -EINVAL, .msg = "unknown resource type 513" },
	{ .name = "carveout_name_unterminated",
	  .patch = { FILL(AT_START, RSC_E0 + 24, 'A') }, .ret = -EINVAL,
	  .msg = "resource 0 (carveout): name is not NUL-terminated within 32 bytes" },
	{ .name = "devmem_name_unterminated",
	  .patch = { FILL(AT_START, RSC_E1 + 24, 'B') }, .ret = -EINVAL,
	  .msg = "resource 1 (devmem): name is not NUL-terminated" },
	{ .name = "trace_name_unterminated",
	  .patch = { FILL(AT_START, RSC_E2 + 16, 'C') }, .ret = -EINVAL,
	  .msg = "resource 2 (trace): name is not NUL-terminated" },
	{ .name = "carveout_da_wraps",
	  .patch = { P(AT_START, RSC_E0 + 4, 4, 0xfff00001) }, .ret = -EINVAL,
	  .msg = "resource 0 (carveout): da 0xfff00001 + len 0x100000 overflows 32 bits" },
	{ .name = "carveout_pa_wraps",
	  .patch = { P(AT_START, RSC_E0 + 8, 4, 0xfff00001) }, .ret = -EINVAL,
	  .msg = "resource 0 (carveout): pa 0xfff00001 + len 0x100000 overflows 32 bits" },
	{ .name = "devmem_da_wraps",
	  .patch = { P(AT_START, RSC_E1 + 4, 4, 0xfffff001) }, .ret = -EINVAL,
	  .msg = "resource 1 (devmem): da 0xfffff001 + len 0x1000 overflows" },
	{ .name = "trace_da_wraps",
	  .patch = { P(AT_START, RSC_E2 + 4, 4, 0xffff8001) }, .ret = -EINVAL,
	  .msg = "resource 2 (trace): da 0xffff8001 + len 0x8000 overflows" },
	{ .name = "vdev_reserved0",
	  .patch = { P(AT_START, RSC_E4 + 26, 1, 1) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): reserved bytes are not zero" },
	{ .name = "vdev_reserved1",
	  .patch = { P(AT_START, RSC_E4 + 27, 1, 0x80) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): reserved bytes are not zero" },
	{ .name = "vdev_too_many_vrings",
	  .patch = { P(AT_START, RSC_E4 + 25, 1, 3),
		     P(AT_START, RSC_E4 + 20, 4, 0) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): 3 vrings, at most 2 allowed" },
	{ .name = "vdev_policy_max_vrings", .policy.max_vrings = 1,
	  .ret = -EINVAL, .msg = "resource 4 (vdev): 2 vrings, at most 1 allowed" },
	{ .name = "vring_num_zero",
	  .patch = { P(AT_START, RSC_VR1 + 8, 4, 0) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): vring 1: num 0 is not a nonzero power of two" },
	{ .name = "vring_num_not_pow2",
	  .patch = { P(AT_START, RSC_VR0 + 8, 4, 100) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): vring 0: num 100 is not a nonzero power of two" },
	{ .name = "vring_align_zero",
	  .patch = { P(AT_START, RSC_VR0 + 4, 4, 0) }, .ret = -EINVAL,
	  .msg = "vring 0: align 0 is not a nonzero power of two" },
	{ .name = "vring_align_not_pow2",
	  .patch = { P(AT_START, RSC_VR1 + 4, 4, 0x1001) }, .ret = -EINVAL,
	  .msg = "vring 1: align 4097 is not a nonzero power of two" },
	{ .name = "vring_reserved",
	  .patch = { P(AT_START, RSC_VR1 + 16, 4, 1) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): vring 1: reserved field is not zero" },
};

KUNIT_ARRAY_PARAM(fwt_rsc, fwt_rsc_cases, fwt_case_desc);

static void ohost_fw_check_rsc_table_cases(struct kunit *test)
{
	const struct fwt_case *c = test->param_value;
	struct ohost_fw_error err = { .msg = "stale" };
	struct fwt_img img = { .size = RSC_LEN };

	img.buf = kunit_kzalloc(test, RSC_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, img.buf);
	fwt_build_rsc(img.buf);
	fwt_apply(test, &img, c);
	fwt_expect(test, c, ohost_fw_check_rsc_table(img.buf, img.size,
						     &c->policy, &err), &err);
}

static struct kunit_case ohost_fwcheck_rsc_cases[] = {
	KUNIT_CASE_PARAM(ohost_fw_check_rsc_table_cases, fwt_rsc_gen_params),
	{}
};

static struct kunit_suite ohost_fwcheck_rsc_suite = {
	.name = "ohost_fwcheck_rsc",
	.test_cases = ohost_fwcheck_rsc_cases,
};

/* ---- ohost_fw_walk_rsc_table ------------------------------------------- */

struct fwt_seen {
	unsigned int calls;
	int stop_at;		/* index whose visit returns -EBUSY, or -1 */
	struct ohost_fw_rsc rsc[RSC_NUM];
	struct ohost_fw_vring vring[2];
};

static int fwt_visit(const struct ohost_fw_rsc *rsc, void *data)
{
	struct fwt_seen *seen = data;
	unsigned int i;

	if (seen->calls < RSC_NUM)
		seen->rsc[seen->calls] = *rsc;
	seen->calls++;
	if (rsc->type == OHOST_RSC_VDEV)
		for (i = 0; i < rsc->vdev.num_of_vrings && i < 2; i++)
			ohost_fw_rsc_vring(rsc, i, &seen->vring[i]);
	return (int)rsc->index == seen->stop_at ? -EBUSY : 0;
}

static u8 *fwt_rsc_table(struct kunit *test)
{
	u8 *t = kunit_kzalloc(test, RSC_LEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	fwt_build_rsc(t);
	return t;
}

static void ohost_fw_walk_rsc_table_decodes(struct kunit *test)
{
	struct fwt_seen seen = { .stop_at = -1 };
	struct ohost_fw_error err;
	const struct ohost_fw_rsc *r = seen.rsc;
	u8 *t = fwt_rsc_table(test);

	KUNIT_ASSERT_EQ(test, ohost_fw_walk_rsc_table(t, RSC_LEN, NULL,
						      fwt_visit, &seen, &err), 0);
	KUNIT_ASSERT_EQ(test, seen.calls, RSC_NUM);

	KUNIT_EXPECT_EQ(test, r[0].type, OHOST_RSC_CARVEOUT);
	KUNIT_EXPECT_EQ(test, r[0].offset, RSC_E0);
	KUNIT_EXPECT_EQ(test, r[0].mem.da, 0x10000000);
	KUNIT_EXPECT_EQ(test, r[0].mem.pa, 0x70000000);
	KUNIT_EXPECT_EQ(test, r[0].mem.len, 0x100000);
	KUNIT_EXPECT_STREQ(test, r[0].mem.name, "text");

	KUNIT_EXPECT_EQ(test, r[1].type, OHOST_RSC_DEVMEM);
	KUNIT_EXPECT_EQ(test, r[1].mem.flags, 3);
	KUNIT_EXPECT_STREQ(test, r[1].mem.name, "regs");

	KUNIT_EXPECT_EQ(test, r[2].type, OHOST_RSC_TRACE);
	KUNIT_EXPECT_EQ(test, r[2].trace.da, 0x10100000);
	KUNIT_EXPECT_EQ(test, r[2].trace.len, 0x8000);
	KUNIT_EXPECT_STREQ(test, r[2].trace.name, "trace0");

	KUNIT_EXPECT_EQ(test, r[3].type, OHOST_RSC_VENDOR_START);
	KUNIT_EXPECT_EQ(test, r[3].index, 3);

	KUNIT_EXPECT_EQ(test, r[4].type, OHOST_RSC_VDEV);
	KUNIT_EXPECT_EQ(test, r[4].size, 76);
	KUNIT_EXPECT_EQ(test, r[4].vdev.id, 7);
	KUNIT_EXPECT_EQ(test, r[4].vdev.notifyid, 31);
	KUNIT_EXPECT_EQ(test, r[4].vdev.dfeatures, 1);
	KUNIT_EXPECT_EQ(test, r[4].vdev.config_len, 8);
	KUNIT_EXPECT_EQ(test, r[4].vdev.num_of_vrings, 2);
	KUNIT_EXPECT_PTR_EQ(test, r[4].vdev.config,
			    (const u8 *)t + RSC_VR1 + 20);
	KUNIT_EXPECT_EQ(test, seen.vring[1].da, 0x3ed44000);
	KUNIT_EXPECT_EQ(test, seen.vring[1].align, 0x1000);
	KUNIT_EXPECT_EQ(test, seen.vring[1].num, 256);
	KUNIT_EXPECT_EQ(test, seen.vring[1].notifyid, 1);
}

/* A visitor's error ends the walk and is returned as is. */
static void ohost_fw_walk_rsc_table_stops(struct kunit *test)
{
	struct fwt_seen seen = { .stop_at = 2 };
	u8 *t = fwt_rsc_table(test);

	KUNIT_EXPECT_EQ(test, ohost_fw_walk_rsc_table(t, RSC_LEN, NULL,
						      fwt_visit, &seen, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, seen.calls, 3);
}

/* An invalid table is never visited, not even its good entries. */
static void ohost_fw_walk_rsc_table_invalid(struct kunit *test)
{
	struct fwt_seen seen = { .stop_at = -1 };
	struct ohost_fw_error err;
	u8 *t = fwt_rsc_table(test);

	fwt_put(t + RSC_VR1 + 8, 4, 3);
	KUNIT_EXPECT_EQ(test, ohost_fw_walk_rsc_table(t, RSC_LEN, NULL,
						      fwt_visit, &seen, &err),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, seen.calls, 0);
}

static void ohost_fw_rsc_type_name_all(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(0), "carveout");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(1), "devmem");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(2), "trace");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(3), "vdev");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(4), "unknown");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(127), "unknown");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(128), "vendor");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(512), "vendor");
	KUNIT_EXPECT_STREQ(test, ohost_fw_rsc_type_name(513), "unknown");
}

static struct kunit_case ohost_fwcheck_walk_cases[] = {
	KUNIT_CASE(ohost_fw_walk_rsc_table_decodes),
	KUNIT_CASE(ohost_fw_walk_rsc_table_stops),
	KUNIT_CASE(ohost_fw_walk_rsc_table_invalid),
	KUNIT_CASE(ohost_fw_rsc_type_name_all),
	{}
};

static struct kunit_suite ohost_fwcheck_walk_suite = {
	.name = "ohost_fwcheck_walk",
	.test_cases = ohost_fwcheck_walk_cases,
};

/* ---- ohost_fw_check and ohost_rproc_check_firmware ---------------------- */

static const struct fwt_case fwt_check_cases[] = {
	{ .name = "good", .policy = { .machine = EM_ARM_,
				      .require_rsc_table = true } },
	{ .name = "good_elf64", .is64 = true },
	{ .name = "no_rsc_optional", .no_rsc = true },
	{ .name = "no_rsc_required", .no_rsc = true,
	  .policy.require_rsc_table = true,
	  .ret = -EINVAL, .msg = "no .resource_table section" },
	{ .name = "bad_elf", .patch = { P(AT_PH0, PH32_MEMSZ, 4, 0) },
	  .ret = -EINVAL, .msg = "p_filesz 0x80 > p_memsz 0x0" },
	{ .name = "not_elf", .size = 2, .ret = -ENOEXEC, .msg = "not an ELF" },
	{ .name = "bad_section_headers",
	  .patch = { P(AT_START, EH32_SHSTRNDX, 2, 7) },
	  .ret = -EINVAL, .msg = "e_shstrndx 7" },
	{ .name = "bad_rsc_table",
	  .patch = { P(AT_RSC, RSC_VR0 + 8, 4, 255) }, .ret = -EINVAL,
	  .msg = "resource 4 (vdev): vring 0: num 255 is not a nonzero power of two" },
	{ .name = "policy_max_vrings", .policy.max_vrings = 1, .ret = -EINVAL,
	  .msg = "2 vrings, at most 1 allowed" },
};

KUNIT_ARRAY_PARAM(fwt_check, fwt_check_cases, fwt_case_desc);

static void ohost_fw_check_cases(struct kunit *test)
{
	const struct fwt_case *c = test->param_value;
	struct ohost_fw_error err = { .msg = "stale" };
	struct fwt_img img;

	fwt_build_elf(test, &img, c->is64, !c->no_rsc);
	fwt_apply(test, &img, c);
	fwt_expect(test, c, ohost_fw_check(img.buf, img.size, &c->policy,
					   &err), &err);
}

/* The glue returns the validator's verdict (and logs the reason). */
static void ohost_rproc_check_firmware_verdict(struct kunit *test)
{
	struct ohost_fw_policy policy = { .machine = EM_ARM_ };
	struct firmware *fw;
	struct rproc *rproc;
	struct fwt_img img;

	fw = kunit_kzalloc(test, sizeof(*fw), GFP_KERNEL);
	rproc = kunit_kzalloc(test, sizeof(*rproc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rproc);
	rproc->dev.init_name = "ohost-fwcheck-test";
	rproc->firmware = "test.elf";

	fwt_build_elf(test, &img, false, true);
	fw->data = img.buf;
	fw->size = img.size;
	KUNIT_EXPECT_EQ(test, ohost_rproc_check_firmware(rproc, fw, &policy), 0);
	KUNIT_EXPECT_EQ(test, ohost_rproc_check_firmware(rproc, fw, NULL), 0);

	policy.machine = EM_AA64;
	KUNIT_EXPECT_EQ(test, ohost_rproc_check_firmware(rproc, fw, &policy),
			-EINVAL);
	fw->size = 3;
	KUNIT_EXPECT_EQ(test, ohost_rproc_check_firmware(rproc, fw, NULL),
			-ENOEXEC);
}

static struct kunit_case ohost_fwcheck_check_cases[] = {
	KUNIT_CASE_PARAM(ohost_fw_check_cases, fwt_check_gen_params),
	KUNIT_CASE(ohost_rproc_check_firmware_verdict),
	{}
};

static struct kunit_suite ohost_fwcheck_check_suite = {
	.name = "ohost_fwcheck_check",
	.test_cases = ohost_fwcheck_check_cases,
};

kunit_test_suites(&ohost_fwcheck_elf_suite, &ohost_fwcheck_find_suite,
		  &ohost_fwcheck_rsc_suite, &ohost_fwcheck_walk_suite,
		  &ohost_fwcheck_check_suite);

MODULE_DESCRIPTION("KUnit tests for the openamp-host firmware validator");
MODULE_LICENSE("GPL");
