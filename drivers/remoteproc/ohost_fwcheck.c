// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware validator for remote processor images: ELF headers, program
 * and section headers, and the resource table in section .resource_table.
 *
 * Pure code over a byte buffer: no allocation, no locking, no kernel or libc
 * services beyond those in ohost/fwcheck_types.h, so the same file builds
 * into module ohost_rproc and into tools/rproc-fwcheck.  Every field is read
 * byte by byte as little-endian, every sum is computed in u64 with overflow
 * checks, and every read is preceded by a bounds check.
 */
#include "ohost/fwcheck.h"

#define FW_ELFCLASS32		1
#define FW_ELFCLASS64		2
#define FW_ELFDATA2LSB		1
#define FW_EV_CURRENT		1
#define FW_PT_LOAD		1
#define FW_SHT_NOBITS		8

#define FW_EI_NIDENT		16
#define FW_EI_CLASS		4
#define FW_EI_DATA		5
#define FW_EI_VERSION		6

#define FW_ADDR32_LIMIT		0x100000000ULL

static const char fw_rsc_section[] = ".resource_table";

/*
 * Where the fields the validator reads live, for one ELF class.  Offsets
 * are from the start of the ELF header, program header or section header.
 */
struct fw_elf_layout {
	unsigned int word;		/* 4 or 8: size of addresses/offsets */
	unsigned int ehsize;
	unsigned int phentsize;
	unsigned int shentsize;
	u8 e_phoff, e_shoff, e_phentsize, e_phnum;
	u8 e_shentsize, e_shnum, e_shstrndx;
	u8 p_offset, p_paddr, p_filesz, p_memsz;
	u8 sh_type, sh_offset, sh_size;
};

static const struct fw_elf_layout fw_elf32 = {
	.word = 4, .ehsize = 52, .phentsize = 32, .shentsize = 40,
	.e_phoff = 28, .e_shoff = 32, .e_phentsize = 42, .e_phnum = 44,
	.e_shentsize = 46, .e_shnum = 48, .e_shstrndx = 50,
	.p_offset = 4, .p_paddr = 12, .p_filesz = 16, .p_memsz = 20,
	.sh_type = 4, .sh_offset = 16, .sh_size = 20,
};

static const struct fw_elf_layout fw_elf64 = {
	.word = 8, .ehsize = 64, .phentsize = 56, .shentsize = 64,
	.e_phoff = 32, .e_shoff = 40, .e_phentsize = 54, .e_phnum = 56,
	.e_shentsize = 58, .e_shnum = 60, .e_shstrndx = 62,
	.p_offset = 8, .p_paddr = 24, .p_filesz = 32, .p_memsz = 40,
	.sh_type = 4, .sh_offset = 24, .sh_size = 32,
};

/* The ELF header fields the checks below use, decoded. */
struct fw_elf {
	const u8 *base;
	u64 size;
	const struct fw_elf_layout *l;
	u64 phoff, shoff;
	u16 machine, phentsize, phnum, shentsize, shnum, shstrndx;
};

static u16 fw_rd16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 fw_rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 fw_rd64(const u8 *p)
{
	return (u64)fw_rd32(p) | (u64)fw_rd32(p + 4) << 32;
}

static u64 fw_rdword(const struct fw_elf *elf, const u8 *p)
{
	return elf->l->word == 8 ? fw_rd64(p) : fw_rd32(p);
}

static __printf(2, 3) int fw_fail(struct ohost_fw_error *err,
				  const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static void fw_ok(struct ohost_fw_error *err)
{
	if (err)
		err->msg[0] = '\0';
}

/**
 * ohost_fw_rsc_type_name() - printable name of a resource type
 * @type: wire value
 *
 * Return: "carveout", "devmem", "trace", "vdev", "vendor" or "unknown".
 */
const char *ohost_fw_rsc_type_name(u32 type)
{
	switch (type) {
	case OHOST_RSC_CARVEOUT:
		return "carveout";
	case OHOST_RSC_DEVMEM:
		return "devmem";
	case OHOST_RSC_TRACE:
		return "trace";
	case OHOST_RSC_VDEV:
		return "vdev";
	}
	if (type >= OHOST_RSC_VENDOR_START && type <= OHOST_RSC_VENDOR_END)
		return "vendor";
	return "unknown";
}
EXPORT_SYMBOL_GPL(ohost_fw_rsc_type_name);

/*
 * Is [off, off + len) inside a buffer of @size bytes?  Distinguishes a sum
 * that overflows u64 (-EOVERFLOW) from a range past the end (-ERANGE).
 */
static int fw_range(u64 off, u64 len, u64 size, u64 *end)
{
	if (check_add_overflow(off, len, end))
		return -EOVERFLOW;
	return *end > size ? -ERANGE : 0;
}

/* Identification and header size: what every entry point needs first. */
static int fw_parse_ehdr(struct fw_elf *elf, const void *fw, size_t size,
			 struct ohost_fw_error *err)
{
	const u8 *p = fw;
	const struct fw_elf_layout *l;

	if (!fw || size < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' ||
	    p[3] != 'F') {
		fw_fail(err, "not an ELF file (no \\x7fELF magic)");
		return -ENOEXEC;
	}
	if (size < FW_EI_NIDENT)
		return fw_fail(err, "truncated ELF identification (%zu bytes)",
			       size);
	if (p[FW_EI_CLASS] == FW_ELFCLASS32)
		l = &fw_elf32;
	else if (p[FW_EI_CLASS] == FW_ELFCLASS64)
		l = &fw_elf64;
	else
		return fw_fail(err, "unsupported ELF class %u", p[FW_EI_CLASS]);
	if (p[FW_EI_DATA] != FW_ELFDATA2LSB)
		return fw_fail(err, "ELF data encoding %u is not little-endian",
			       p[FW_EI_DATA]);
	if (p[FW_EI_VERSION] != FW_EV_CURRENT)
		return fw_fail(err, "ELF identification version %u is not 1",
			       p[FW_EI_VERSION]);
	if (size < l->ehsize)
		return fw_fail(err, "truncated ELF header: ELF%u needs %u bytes, file has %zu",
			       l->word * 8, l->ehsize, size);
	if (fw_rd32(p + 20) != FW_EV_CURRENT)
		return fw_fail(err, "ELF e_version %u is not 1", fw_rd32(p + 20));

	elf->base = p;
	elf->size = size;
	elf->l = l;
	elf->machine = fw_rd16(p + 18);
	elf->phoff = fw_rdword(elf, p + l->e_phoff);
	elf->shoff = fw_rdword(elf, p + l->e_shoff);
	elf->phentsize = fw_rd16(p + l->e_phentsize);
	elf->phnum = fw_rd16(p + l->e_phnum);
	elf->shentsize = fw_rd16(p + l->e_shentsize);
	elf->shnum = fw_rd16(p + l->e_shnum);
	elf->shstrndx = fw_rd16(p + l->e_shstrndx);
	return 0;
}

/* A header table (program or section) of @num entries at @off. */
static int fw_check_table(const struct fw_elf *elf, const char *what,
			  u64 off, u16 entsize, unsigned int want, u16 num,
			  struct ohost_fw_error *err)
{
	u64 end;
	int ret;

	if (entsize != want)
		return fw_fail(err, "%s entry size %u, expected %u", what,
			       entsize, want);
	ret = fw_range(off, (u64)entsize * num, elf->size, &end);
	if (ret == -EOVERFLOW)
		return fw_fail(err, "%s offset 0x%llx + %u * %u overflows",
			       what, off, num, entsize);
	if (ret)
		return fw_fail(err, "%s runs past the end of the file (0x%llx > 0x%llx)",
			       what, end, elf->size);
	return 0;
}

/* One PT_LOAD segment's device-memory range: [*start, *end). */
static int fw_check_load(const struct fw_elf *elf, unsigned int i,
			 u64 *start, u64 *end, struct ohost_fw_error *err)
{
	const u8 *ph = elf->base + elf->phoff + (u64)i * elf->phentsize;
	u64 paddr = fw_rdword(elf, ph + elf->l->p_paddr);
	u64 filesz = fw_rdword(elf, ph + elf->l->p_filesz);
	u64 memsz = fw_rdword(elf, ph + elf->l->p_memsz);

	if (filesz > memsz)
		return fw_fail(err, "program header %u: p_filesz 0x%llx > p_memsz 0x%llx",
			       i, filesz, memsz);
	if (check_add_overflow(paddr, memsz, end) ||
	    (elf->l->word == 4 && *end > FW_ADDR32_LIMIT))
		return fw_fail(err, "program header %u: p_paddr 0x%llx + p_memsz 0x%llx overflows",
			       i, paddr, memsz);
	*start = paddr;
	return 0;
}

/* Is [start, end) inside one of the policy's memory regions? */
static bool fw_in_regions(const struct ohost_fw_policy *policy, u64 start,
			  u64 end)
{
	unsigned int i;

	for (i = 0; i < policy->num_regions; i++) {
		const struct ohost_fw_region *r = &policy->regions[i];

		if (start >= r->da && end - r->da <= r->size)
			return true;
	}
	return false;
}

/*
 * Every segment's file range; PT_LOAD sizes and addresses, and where the
 * policy names the remote's memories, that each non-empty PT_LOAD lands
 * inside one of them.
 */
static int fw_check_segments(const struct fw_elf *elf,
			     const struct ohost_fw_policy *policy,
			     struct ohost_fw_error *err)
{
	const struct fw_elf_layout *l = elf->l;
	unsigned int i;
	u64 end;
	int ret;

	for (i = 0; i < elf->phnum; i++) {
		const u8 *ph = elf->base + elf->phoff + (u64)i * elf->phentsize;
		u64 off = fw_rdword(elf, ph + l->p_offset);
		u64 filesz = fw_rdword(elf, ph + l->p_filesz);
		u64 start;

		ret = fw_range(off, filesz, elf->size, &end);
		if (ret == -EOVERFLOW)
			return fw_fail(err,
				       "program header %u: p_offset 0x%llx + p_filesz 0x%llx overflows",
				       i, off, filesz);
		if (ret)
			return fw_fail(err,
				       "program header %u: segment runs past the end of the file (0x%llx > 0x%llx)",
				       i, end, elf->size);
		if (fw_rd32(ph) != FW_PT_LOAD)
			continue;
		ret = fw_check_load(elf, i, &start, &end, err);
		if (ret)
			return ret;
		if (policy && policy->regions && start != end &&
		    !fw_in_regions(policy, start, end))
			return fw_fail(err,
				       "program header %u: [0x%llx, 0x%llx) is outside the remote's memory",
				       i, start, end);
	}
	return 0;
}

/*
 * No two PT_LOAD segments may share device memory: the remoteproc core
 * copies them to p_paddr one after the other.  Empty segments load nothing.
 */
static int fw_check_overlaps(const struct fw_elf *elf,
			     struct ohost_fw_error *err)
{
	unsigned int i, j;
	u64 s1, e1, s2, e2;

	for (i = 0; i < elf->phnum; i++) {
		const u8 *ph = elf->base + elf->phoff + (u64)i * elf->phentsize;

		if (fw_rd32(ph) != FW_PT_LOAD ||
		    fw_check_load(elf, i, &s1, &e1, err) || s1 == e1)
			continue;
		for (j = i + 1; j < elf->phnum; j++) {
			ph = elf->base + elf->phoff + (u64)j * elf->phentsize;
			if (fw_rd32(ph) != FW_PT_LOAD ||
			    fw_check_load(elf, j, &s2, &e2, err) || s2 == e2)
				continue;
			if (s1 < e2 && s2 < e1)
				return fw_fail(err,
					       "program headers %u and %u overlap in device memory ([0x%llx, 0x%llx) and [0x%llx, 0x%llx))",
					       i, j, s1, e1, s2, e2);
		}
	}
	return 0;
}

/**
 * ohost_fw_check_elf() - validate an ELF image's headers and segments
 * @fw: the image
 * @size: its size in bytes
 * @policy: what to accept (may be NULL)
 * @err: filled on failure (may be NULL)
 *
 * Checks magic, class, little-endian data, version, machine, the program
 * header table, every segment's file range, p_filesz <= p_memsz, device
 * address overflow, overlapping PT_LOAD segments (by p_paddr) and, when
 * the policy lists the remote's memories, that PT_LOAD segments lie inside
 * them.
 *
 * Return: 0, -ENOEXEC if @fw is not ELF at all, -EINVAL otherwise.
 */
int ohost_fw_check_elf(const void *fw, size_t size,
		       const struct ohost_fw_policy *policy,
		       struct ohost_fw_error *err)
{
	struct fw_elf elf;
	int ret;

	ret = fw_parse_ehdr(&elf, fw, size, err);
	if (ret)
		return ret;
	if (policy && policy->machine && elf.machine != policy->machine)
		return fw_fail(err, "ELF machine %u, expected %u", elf.machine,
			       policy->machine);
	if (!elf.phnum)
		return fw_fail(err, "no program headers");
	if (elf.phnum > OHOST_FW_MAX_PHNUM)
		return fw_fail(err, "%u program headers, at most %u supported",
			       elf.phnum, OHOST_FW_MAX_PHNUM);
	ret = fw_check_table(&elf, "program header table", elf.phoff,
			     elf.phentsize, elf.l->phentsize, elf.phnum, err);
	if (!ret)
		ret = fw_check_segments(&elf, policy, err);
	if (!ret)
		ret = fw_check_overlaps(&elf, err);
	if (!ret)
		fw_ok(err);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_fw_check_elf);

/* Section @i's name, checked to be a string inside .shstrtab. */
static int fw_section_name(const struct fw_elf *elf, unsigned int i,
			   const u8 *strtab, u64 strsz, const char **name,
			   struct ohost_fw_error *err)
{
	const u8 *sh = elf->base + elf->shoff + (u64)i * elf->shentsize;
	u32 off = fw_rd32(sh);

	if (off >= strsz)
		return fw_fail(err,
			       "section %u: name offset 0x%x is outside .shstrtab (size 0x%llx)",
			       i, off, strsz);
	if (!memchr(strtab + off, '\0', strsz - off))
		return fw_fail(err,
			       "section %u: name at 0x%x is not NUL-terminated inside .shstrtab",
			       i, off);
	*name = (const char *)strtab + off;
	return 0;
}

/* Section @i's file contents: [*off, *off + *len). */
static int fw_section_data(const struct fw_elf *elf, unsigned int i,
			   const char *name, u64 *off, u64 *len,
			   struct ohost_fw_error *err)
{
	const u8 *sh = elf->base + elf->shoff + (u64)i * elf->shentsize;
	u64 end;
	int ret;

	if (fw_rd32(sh + elf->l->sh_type) == FW_SHT_NOBITS)
		return fw_fail(err, "section %u (%s) has no contents in the file (SHT_NOBITS)",
			       i, name);
	*off = fw_rdword(elf, sh + elf->l->sh_offset);
	*len = fw_rdword(elf, sh + elf->l->sh_size);
	ret = fw_range(*off, *len, elf->size, &end);
	if (ret == -EOVERFLOW)
		return fw_fail(err, "section %u (%s): offset 0x%llx + size 0x%llx overflows",
			       i, name, *off, *len);
	if (ret)
		return fw_fail(err,
			       "section %u (%s) runs past the end of the file (0x%llx > 0x%llx)",
			       i, name, end, elf->size);
	return 0;
}

/**
 * ohost_fw_find_rsc_table() - locate section .resource_table
 * @fw: the image
 * @size: its size in bytes
 * @offset: set to the table's offset in @fw
 * @len: set to the table's length
 * @err: filled on failure (may be NULL)
 *
 * Checks the ELF identification, the section header table, .shstrtab,
 * every section name and the resource table section's file range.  The
 * first section of that name wins, as in the remoteproc core.
 *
 * Return: 0, -ENOENT if the image has no such section, -ENOEXEC if @fw is
 * not ELF, -EINVAL otherwise.
 */
int ohost_fw_find_rsc_table(const void *fw, size_t size, size_t *offset,
			    size_t *len, struct ohost_fw_error *err)
{
	const char *name = NULL;
	u64 stroff, strsz, toff = 0, tlen = 0;
	bool found = false;
	struct fw_elf elf;
	unsigned int i;
	int ret;

	ret = fw_parse_ehdr(&elf, fw, size, err);
	if (ret)
		return ret;
	if (!elf.shnum) {
		fw_fail(err, "no section headers, so no %s section",
			fw_rsc_section);
		return -ENOENT;
	}
	ret = fw_check_table(&elf, "section header table", elf.shoff,
			     elf.shentsize, elf.l->shentsize, elf.shnum, err);
	if (ret)
		return ret;
	if (elf.shstrndx >= elf.shnum)
		return fw_fail(err, "e_shstrndx %u is not below e_shnum %u",
			       elf.shstrndx, elf.shnum);
	ret = fw_section_data(&elf, elf.shstrndx, ".shstrtab", &stroff,
			      &strsz, err);
	if (ret)
		return ret;

	for (i = 0; i < elf.shnum; i++) {
		ret = fw_section_name(&elf, i, elf.base + stroff, strsz,
				      &name, err);
		if (ret)
			return ret;
		if (found || strcmp(name, fw_rsc_section))
			continue;
		ret = fw_section_data(&elf, i, name, &toff, &tlen, err);
		if (ret)
			return ret;
		found = true;
	}
	if (!found) {
		fw_fail(err, "no %s section", fw_rsc_section);
		return -ENOENT;
	}
	*offset = toff;
	*len = tlen;
	fw_ok(err);
	return 0;
}
EXPORT_SYMBOL_GPL(ohost_fw_find_rsc_table);

/* State of one pass over a resource table. */
struct fw_rsc_walk {
	const u8 *table;
	u64 len;
	unsigned int max_vrings;
	struct ohost_fw_error *err;
};

static __printf(3, 4) int fw_rsc_fail(const struct fw_rsc_walk *w,
				      const struct ohost_fw_rsc *rsc,
				      const char *fmt, ...)
{
	struct ohost_fw_error *err = w->err;
	const char *type = rsc->size ? ohost_fw_rsc_type_name(rsc->type) : "?";
	va_list ap;
	int n;

	if (!err)
		return -EINVAL;
	n = snprintf(err->msg, sizeof(err->msg), "resource %u (%s): ",
		     rsc->index, type);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* An entry part [off, off + len) must end inside the table. */
static int fw_rsc_part(const struct fw_rsc_walk *w,
		       const struct ohost_fw_rsc *rsc, const char *what,
		       u64 off, u64 len)
{
	/* off < 2^33 and len < 2^32 here: the sum cannot overflow */
	if (off + len > w->len)
		return fw_rsc_fail(w, rsc,
				   "%s runs past the table end (offset 0x%llx + %llu > 0x%llx)",
				   what, off, len, w->len);
	return 0;
}

/* [addr, addr + len) must not wrap the remote's 32-bit address space. */
static int fw_rsc_addr(const struct fw_rsc_walk *w,
		       const struct ohost_fw_rsc *rsc, const char *what,
		       u32 addr, u32 len)
{
	if (addr != OHOST_RSC_ADDR_ANY && (u64)addr + len > FW_ADDR32_LIMIT)
		return fw_rsc_fail(w, rsc, "%s 0x%x + len 0x%x overflows 32 bits",
				   what, addr, len);
	return 0;
}

static int fw_rsc_name(const struct fw_rsc_walk *w,
		       const struct ohost_fw_rsc *rsc, const u8 *name,
		       const char **out)
{
	if (!memchr(name, '\0', OHOST_RSC_NAME_LEN))
		return fw_rsc_fail(w, rsc, "name is not NUL-terminated within %u bytes",
				   OHOST_RSC_NAME_LEN);
	*out = (const char *)name;
	return 0;
}

/* carveout and devmem: type, da, pa, len, flags, reserved, name[32] */
static int fw_rsc_mem(const struct fw_rsc_walk *w, struct ohost_fw_rsc *rsc,
		      const u8 *p)
{
	int ret;

	rsc->size = OHOST_RSC_MEM_SIZE;
	ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);
	if (ret)
		return ret;
	rsc->mem.da = fw_rd32(p + 4);
	rsc->mem.pa = fw_rd32(p + 8);
	rsc->mem.len = fw_rd32(p + 12);
	rsc->mem.flags = fw_rd32(p + 16);
	ret = fw_rsc_addr(w, rsc, "da", rsc->mem.da, rsc->mem.len);
	if (!ret)
		ret = fw_rsc_addr(w, rsc, "pa", rsc->mem.pa, rsc->mem.len);
	if (!ret)
		ret = fw_rsc_name(w, rsc, p + 24, &rsc->mem.name);
	return ret;
}

/* trace: type, da, len, reserved, name[32] */
static int fw_rsc_trace(const struct fw_rsc_walk *w, struct ohost_fw_rsc *rsc,
			const u8 *p)
{
	int ret;

	rsc->size = OHOST_RSC_TRACE_SIZE;
	ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);
	if (ret)
		return ret;
	rsc->trace.da = fw_rd32(p + 4);
	rsc->trace.len = fw_rd32(p + 8);
	ret = fw_rsc_addr(w, rsc, "da", rsc->trace.da, rsc->trace.len);
	if (!ret)
		ret = fw_rsc_name(w, rsc, p + 16, &rsc->trace.name);
	return ret;
}

static bool fw_is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

/* vring: da, align, num, notifyid, reserved */
static int fw_rsc_vring(const struct fw_rsc_walk *w,
			const struct ohost_fw_rsc *rsc, unsigned int i)
{
	const u8 *v = rsc->vdev.vrings + i * OHOST_RSC_VRING_SIZE;
	u32 align = fw_rd32(v + 4), num = fw_rd32(v + 8);

	if (!fw_is_pow2(num))
		return fw_rsc_fail(w, rsc, "vring %u: num %u is not a nonzero power of two",
				   i, num);
	if (!fw_is_pow2(align))
		return fw_rsc_fail(w, rsc, "vring %u: align %u is not a nonzero power of two",
				   i, align);
	if (fw_rd32(v + 16))
		return fw_rsc_fail(w, rsc, "vring %u: reserved field is not zero",
				   i);
	return 0;
}

/*
 * vdev: type, id, notifyid, dfeatures, gfeatures, config_len, status,
 * num_of_vrings, reserved[2], vring[num_of_vrings], config[config_len]
 */
static int fw_rsc_vdev(const struct fw_rsc_walk *w, struct ohost_fw_rsc *rsc,
		       const u8 *p)
{
	u64 vr_off = (u64)rsc->offset + OHOST_RSC_VDEV_SIZE, vr_len, cfg_off;
	unsigned int i;
	int ret;

	rsc->size = OHOST_RSC_VDEV_SIZE;
	ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);
	if (ret)
		return ret;
	rsc->vdev.id = fw_rd32(p + 4);
	rsc->vdev.notifyid = fw_rd32(p + 8);
	rsc->vdev.dfeatures = fw_rd32(p + 12);
	rsc->vdev.gfeatures = fw_rd32(p + 16);
	rsc->vdev.config_len = fw_rd32(p + 20);
	rsc->vdev.status = p[24];
	rsc->vdev.num_of_vrings = p[25];
	if (p[26] || p[27])
		return fw_rsc_fail(w, rsc, "reserved bytes are not zero");
	if (rsc->vdev.num_of_vrings > w->max_vrings)
		return fw_rsc_fail(w, rsc, "%u vrings, at most %u allowed",
				   rsc->vdev.num_of_vrings, w->max_vrings);

	vr_len = (u64)rsc->vdev.num_of_vrings * OHOST_RSC_VRING_SIZE;
	ret = fw_rsc_part(w, rsc, "vring array", vr_off, vr_len);
	if (ret)
		return ret;
	cfg_off = vr_off + vr_len;
	ret = fw_rsc_part(w, rsc, "config space", cfg_off,
			  rsc->vdev.config_len);
	if (ret)
		return ret;
	rsc->size = cfg_off + rsc->vdev.config_len - rsc->offset;
	rsc->vdev.vrings = w->table + vr_off;
	rsc->vdev.config = w->table + cfg_off;

	for (i = 0; i < rsc->vdev.num_of_vrings; i++) {
		ret = fw_rsc_vring(w, rsc, i);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Entry @rsc->index at @rsc->offset: placement first (after the offset
 * array, aligned, after the previous entry), then its type's layout.
 */
static int fw_rsc_entry(const struct fw_rsc_walk *w, struct ohost_fw_rsc *rsc,
			u64 hdr_end, u64 prev_off, u64 prev_end)
{
	const u8 *p = w->table + rsc->offset;

	rsc->size = 0;		/* type not read yet */
	if (rsc->offset < hdr_end)
		return fw_rsc_fail(w, rsc, "offset 0x%x overlaps the table header (ends at 0x%llx)",
				   rsc->offset, hdr_end);
	if (rsc->offset % 4)
		return fw_rsc_fail(w, rsc, "offset 0x%x is not 4-byte aligned",
				   rsc->offset);
	if (rsc->index && rsc->offset <= prev_off)
		return fw_rsc_fail(w, rsc, "offset 0x%x is not above resource %u's 0x%llx",
				   rsc->offset, rsc->index - 1, prev_off);
	if (rsc->index && rsc->offset < prev_end)
		return fw_rsc_fail(w, rsc, "offset 0x%x overlaps resource %u (ends at 0x%llx)",
				   rsc->offset, rsc->index - 1, prev_end);
	if ((u64)rsc->offset + 4 > w->len)
		return fw_rsc_fail(w, rsc, "offset 0x%x is outside the table (len 0x%llx)",
				   rsc->offset, w->len);

	rsc->type = fw_rd32(p);
	rsc->size = 4;
	switch (rsc->type) {
	case OHOST_RSC_CARVEOUT:
	case OHOST_RSC_DEVMEM:
		return fw_rsc_mem(w, rsc, p);
	case OHOST_RSC_TRACE:
		return fw_rsc_trace(w, rsc, p);
	case OHOST_RSC_VDEV:
		return fw_rsc_vdev(w, rsc, p);
	}
	if (rsc->type >= OHOST_RSC_VENDOR_START &&
	    rsc->type <= OHOST_RSC_VENDOR_END)
		return 0;	/* accepted, contents are the vendor's */
	return fw_rsc_fail(w, rsc, "unknown resource type %u", rsc->type);
}

static int fw_rsc_pass(const struct fw_rsc_walk *w, ohost_fw_rsc_fn fn,
		       void *data)
{
	u32 num = fw_rd32(w->table + 4);
	u64 hdr_end = OHOST_RSC_HDR_SIZE + (u64)num * 4;
	u64 prev_off = 0, prev_end = 0;
	struct ohost_fw_rsc rsc;
	unsigned int i;
	int ret;

	for (i = 0; i < num; i++) {
		memset(&rsc, 0, sizeof(rsc));
		rsc.index = i;
		rsc.offset = fw_rd32(w->table + OHOST_RSC_HDR_SIZE + (u64)i * 4);
		ret = fw_rsc_entry(w, &rsc, hdr_end, prev_off, prev_end);
		if (!ret && fn)
			ret = fn(&rsc, data);
		if (ret)
			return ret;
		prev_off = rsc.offset;
		prev_end = (u64)rsc.offset + rsc.size;
	}
	return 0;
}

static int fw_rsc_header(const struct fw_rsc_walk *w)
{
	u32 ver, num;

	if (!w->table || w->len < OHOST_RSC_HDR_SIZE)
		return fw_fail(w->err, "resource table: %llu bytes, the header needs %u",
			       w->len, OHOST_RSC_HDR_SIZE);
	ver = fw_rd32(w->table);
	num = fw_rd32(w->table + 4);
	if (ver != 1)
		return fw_fail(w->err, "resource table: version %u, expected 1",
			       ver);
	if (fw_rd32(w->table + 8) || fw_rd32(w->table + 12))
		return fw_fail(w->err, "resource table: reserved words are not zero");
	if (OHOST_RSC_HDR_SIZE + (u64)num * 4 > w->len)
		return fw_fail(w->err,
			       "resource table: offset array of %u entries runs past the table end (0x%llx > 0x%llx)",
			       num, OHOST_RSC_HDR_SIZE + (u64)num * 4, w->len);
	return 0;
}

/**
 * ohost_fw_walk_rsc_table() - validate a resource table, then visit it
 * @table: the table (the contents of section .resource_table)
 * @len: its length in bytes
 * @policy: what to accept (may be NULL)
 * @fn: called for each entry in order once the whole table is valid
 *	(may be NULL)
 * @data: passed to @fn
 * @err: filled on failure (may be NULL)
 *
 * Return: 0, -EINVAL if the table is invalid, or what @fn returned when it
 * stopped the walk.
 */
int ohost_fw_walk_rsc_table(const void *table, size_t len,
			    const struct ohost_fw_policy *policy,
			    ohost_fw_rsc_fn fn, void *data,
			    struct ohost_fw_error *err)
{
	struct fw_rsc_walk w = {
		.table = table,
		.len = len,
		.max_vrings = OHOST_FW_DEFAULT_MAX_VRINGS,
		.err = err,
	};
	int ret;

	if (policy && policy->max_vrings)
		w.max_vrings = policy->max_vrings;
	ret = fw_rsc_header(&w);
	if (!ret)
		ret = fw_rsc_pass(&w, NULL, NULL);
	if (!ret)
		fw_ok(err);
	if (!ret && fn)
		ret = fw_rsc_pass(&w, fn, data);
	return ret;
}
EXPORT_SYMBOL_GPL(ohost_fw_walk_rsc_table);

/**
 * ohost_fw_check_rsc_table() - validate a resource table
 * @table: the table (the contents of section .resource_table)
 * @len: its length in bytes
 * @policy: what to accept (may be NULL)
 * @err: filled on failure (may be NULL)
 *
 * Checks the header (version 1, zero reserved words, offset array inside
 * the table) and every entry: 4-byte aligned offsets in increasing order
 * past the offset array, entries that do not overlap and lie inside the
 * table with their vrings and config space, known types (vendor types are
 * accepted and skipped), names NUL-terminated within their 32 bytes, vring
 * num and align nonzero powers of two, at most the policy's vrings per vdev,
 * zero reserved fields, and addresses that do not wrap 32 bits.
 *
 * Return: 0 or -EINVAL.
 */
int ohost_fw_check_rsc_table(const void *table, size_t len,
			     const struct ohost_fw_policy *policy,
			     struct ohost_fw_error *err)
{
	return ohost_fw_walk_rsc_table(table, len, policy, NULL, NULL, err);
}
EXPORT_SYMBOL_GPL(ohost_fw_check_rsc_table);

/**
 * ohost_fw_rsc_vring() - decode one vring of a validated vdev entry
 * @rsc: a vdev entry passed to an ohost_fw_rsc_fn
 * @i: vring index, below @rsc->vdev.num_of_vrings
 * @vring: filled with the vring's fields
 */
void ohost_fw_rsc_vring(const struct ohost_fw_rsc *rsc, unsigned int i,
			struct ohost_fw_vring *vring)
{
	const u8 *v = rsc->vdev.vrings + i * OHOST_RSC_VRING_SIZE;

	vring->da = fw_rd32(v);
	vring->align = fw_rd32(v + 4);
	vring->num = fw_rd32(v + 8);
	vring->notifyid = fw_rd32(v + 12);
}
EXPORT_SYMBOL_GPL(ohost_fw_rsc_vring);

/**
 * ohost_fw_check() - validate an image and its resource table
 * @fw: the image
 * @size: its size in bytes
 * @policy: what to accept (may be NULL)
 * @err: filled on failure (may be NULL)
 *
 * ohost_fw_check_elf(), then ohost_fw_find_rsc_table() and
 * ohost_fw_check_rsc_table().  An image without a resource table passes
 * unless @policy->require_rsc_table is set.
 *
 * Return: 0, -ENOEXEC if @fw is not ELF, -EINVAL otherwise.
 */
int ohost_fw_check(const void *fw, size_t size,
		   const struct ohost_fw_policy *policy,
		   struct ohost_fw_error *err)
{
	size_t off, len;
	int ret;

	ret = ohost_fw_check_elf(fw, size, policy, err);
	if (ret)
		return ret;
	ret = ohost_fw_find_rsc_table(fw, size, &off, &len, err);
	if (ret == -ENOENT) {
		if (policy && policy->require_rsc_table)
			return -EINVAL;	/* err says "no .resource_table ..." */
		fw_ok(err);
		return 0;
	}
	if (ret)
		return ret;
	return ohost_fw_check_rsc_table((const u8 *)fw + off, len, policy,
					err);
}
EXPORT_SYMBOL_GPL(ohost_fw_check);
