// SPDX-License-Identifier: GPL-2.0
/*
 * vrprocd: guest RAM and ELF loading for the platforms that play a core
 * in QEMU's guest RAM (guest_ram.h).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest_ram.h"

bool guest_ram_map(struct vrprocd_daemon *dm, struct guest_ram *r,
		   const char *path, uint64_t need)
{
	struct stat sb;
	int fd;
	void *p;

	if (r->mem)
		return true;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) || (uint64_t)sb.st_size < need) {
		close(fd);
		return false;	/* QEMU still sizing it */
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		dlog(dm, 0, "mmap %s: %s", path, strerror(errno));
		return false;
	}
	r->mem = p;
	r->size = (uint64_t)sb.st_size;
	return true;
}

uint8_t *guest_ram_pa(const struct guest_ram *r, uint64_t pa, uint64_t len)
{
	if (!r->mem || !range_within(pa, len, GUEST_RAM_BASE, r->size))
		return NULL;
	return r->mem + (pa - GUEST_RAM_BASE);
}

int elf32_arm_load_stream(struct vrprocd *d, FILE *f, const char *name,
			  uint8_t *(*to_va)(struct vrprocd *d, uint64_t da,
					    uint64_t len))
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	unsigned int i;
	uint8_t *dst;

	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_ARM || eh.e_phentsize != sizeof(ph))
		goto bad;
	for (i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			goto bad;
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		dst = ph.p_filesz <= ph.p_memsz ? to_va(d, ph.p_paddr, ph.p_memsz) : NULL;
		if (!dst) {
			vlog(d, 0, "preboot %s: segment %u at %#x+%#x outside core %u's memory",
			     name, i, ph.p_paddr, ph.p_memsz, d->index);
			return -1;
		}
		memset(dst, 0, ph.p_memsz);
		if (ph.p_filesz && (fseek(f, (long)ph.p_offset, SEEK_SET) ||
				    fread(dst, ph.p_filesz, 1, f) != 1))
			goto bad;
	}
	return 0;
bad:
	vlog(d, 0, "preboot %s: not a loadable ELF32 ARM little-endian image", name);
	return -1;
}

int elf32_arm_load(struct vrprocd *d, const char *file,
		   uint8_t *(*to_va)(struct vrprocd *d, uint64_t da, uint64_t len))
{
	FILE *f = fopen(file, "rb");
	int ret;

	if (!f) {
		vlog(d, 0, "preboot %s: %s", file, strerror(errno));
		return -1;
	}
	ret = elf32_arm_load_stream(d, f, file, to_va);
	fclose(f);
	return ret;
}
