// SPDX-License-Identifier: GPL-2.0
/*
 * rproc-fwcheck: validate remote processor firmware images the way module
 * ohost_rproc does before the remoteproc core loads them (same code:
 * drivers/remoteproc/ohost_fwcheck.c), and print their resource tables.
 *
 * Exit status: 0 every image is acceptable, 1 at least one was rejected,
 * 2 usage or I/O error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ohost/fwcheck.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define EXIT_REJECTED	1
#define EXIT_USAGE	2

struct machine_name {
	const char *name;
	unsigned int em;
};

static const struct machine_name machines[] = {
	{ "arm", 40 },
	{ "aarch64", 183 },
	{ "arm64", 183 },
	{ "riscv", 243 },
	{ "xtensa", 94 },
	{ "c6000", 140 },
	{ "mips", 8 },
	{ "x86_64", 62 },
};

static const char usage_text[] =
	"Usage: %s [OPTION]... FILE...\n"
	"Validate remote processor firmware (ELF and resource table) as the\n"
	"openamp-host remoteproc drivers do, and print each resource table.\n"
	"\n"
	"  -m, --machine=N|NAME     require ELF machine N or NAME (arm, aarch64,\n"
	"                           arm64, riscv, xtensa, c6000, mips, x86_64);\n"
	"                           default: any\n"
	"  -v, --max-vrings=N       vrings a vdev may have (default %u)\n"
	"  -r, --require-rsc-table  reject images without .resource_table\n"
	"  -q, --quiet              print nothing for acceptable images\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 all images acceptable, 1 an image was rejected\n"
	"(\"FILE: rejected: REASON\" on stderr), 2 usage or I/O error.\n";

static int parse_machine(const char *arg, u16 *machine)
{
	unsigned long v;
	size_t i;
	char *end;

	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		if (!strcmp(arg, machines[i].name)) {
			*machine = (u16)machines[i].em;
			return 0;
		}
	}
	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || v > 0xffff)
		return -1;
	*machine = (u16)v;
	return 0;
}

static int parse_uint(const char *arg, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || v > 255)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

/* Read all of @path; NULL (and a message) on error. */
static void *read_file(const char *path, size_t *size)
{
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap), *nbuf;
	FILE *f = fopen(path, "rb");

	if (!f || !buf) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		goto fail;
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len < cap)
			continue;
		nbuf = realloc(buf, cap * 2);
		if (!nbuf) {
			fprintf(stderr, "%s: out of memory\n", path);
			goto fail;
		}
		buf = nbuf;
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		goto fail;
	}
	fclose(f);
	*size = len;
	return buf;
fail:
	if (f)
		fclose(f);
	free(buf);
	return NULL;
}

static void print_vdev(const struct ohost_fw_rsc *rsc)
{
	struct ohost_fw_vring vr;
	unsigned int i;

	printf("id %u notifyid 0x%x dfeatures 0x%x gfeatures 0x%x ",
	       rsc->vdev.id, rsc->vdev.notifyid, rsc->vdev.dfeatures,
	       rsc->vdev.gfeatures);
	printf("status 0x%x vrings %u config_len %u\n", rsc->vdev.status,
	       rsc->vdev.num_of_vrings, rsc->vdev.config_len);
	for (i = 0; i < rsc->vdev.num_of_vrings; i++) {
		ohost_fw_rsc_vring(rsc, i, &vr);
		printf("        vring %u: da 0x%x align %u num %u notifyid 0x%x\n",
		       i, vr.da, vr.align, vr.num, vr.notifyid);
	}
	if (!rsc->vdev.config_len)
		return;
	printf("        config:");
	for (i = 0; i < rsc->vdev.config_len; i++)
		printf("%s%02x", i && !(i % 16) ? "\n                " : " ",
		       rsc->vdev.config[i]);
	printf("\n");
}

static int print_rsc(const struct ohost_fw_rsc *rsc, void *data)
{
	(void)data;
	printf("  [%u] %-8s @0x%03x  ", rsc->index,
	       ohost_fw_rsc_type_name(rsc->type), rsc->offset);
	switch (rsc->type) {
	case OHOST_RSC_CARVEOUT:
	case OHOST_RSC_DEVMEM:
		printf("da 0x%08x pa 0x%08x len 0x%x flags 0x%x name \"%s\"\n",
		       rsc->mem.da, rsc->mem.pa, rsc->mem.len, rsc->mem.flags,
		       rsc->mem.name);
		break;
	case OHOST_RSC_TRACE:
		printf("da 0x%08x len 0x%x name \"%s\"\n", rsc->trace.da,
		       rsc->trace.len, rsc->trace.name);
		break;
	case OHOST_RSC_VDEV:
		print_vdev(rsc);
		break;
	default:
		printf("type %u (contents not interpreted)\n", rsc->type);
		break;
	}
	return 0;
}

static void print_image(const char *path, const u8 *fw, size_t size,
			const struct ohost_fw_policy *policy)
{
	size_t off, len;
	u32 num;

	printf("%s: ok: ELF%u, machine %u, %zu bytes\n", path,
	       fw[4] == 2 ? 64 : 32, (unsigned int)(fw[18] | fw[19] << 8), size);
	if (ohost_fw_find_rsc_table(fw, size, &off, &len, NULL)) {
		printf("  no resource table\n");
		return;
	}
	num = (u32)fw[off + 4] | (u32)fw[off + 5] << 8 |
	      (u32)fw[off + 6] << 16 | (u32)fw[off + 7] << 24;
	printf("  resource table at file offset 0x%zx, %zu bytes, version 1, %u entries\n",
	       off, len, num);
	ohost_fw_walk_rsc_table(fw + off, len, policy, print_rsc, NULL, NULL);
}

/* Return value: an exit status for this one file. */
static int check_file(const char *path, const struct ohost_fw_policy *policy,
		      int quiet)
{
	struct ohost_fw_error err;
	size_t size;
	u8 *fw;
	int ret;

	fw = read_file(path, &size);
	if (!fw)
		return EXIT_USAGE;
	ret = ohost_fw_check(fw, size, policy, &err);
	if (ret)
		fprintf(stderr, "%s: rejected: %s\n", path, err.msg);
	else if (!quiet)
		print_image(path, fw, size, policy);
	free(fw);
	return ret ? EXIT_REJECTED : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "machine", required_argument, NULL, 'm' },
		{ "max-vrings", required_argument, NULL, 'v' },
		{ "require-rsc-table", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ohost_fw_policy policy = { 0 };
	int quiet = 0, status = EXIT_SUCCESS, c, i, r;

	while ((c = getopt_long(argc, argv, "m:v:rqh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_machine(optarg, &policy.machine)) {
				fprintf(stderr, "%s: bad machine '%s'\n",
					argv[0], optarg);
				return EXIT_USAGE;
			}
			break;
		case 'v':
			if (parse_uint(optarg, &policy.max_vrings)) {
				fprintf(stderr, "%s: bad vring count '%s' (0..255)\n",
					argv[0], optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			policy.require_rsc_table = true;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			printf(usage_text, argv[0], OHOST_FW_DEFAULT_MAX_VRINGS);
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try '%s --help'.\n", argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: no FILE given; try '%s --help'.\n",
			argv[0], argv[0]);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		r = check_file(argv[i], &policy, quiet);
		if (r > status)
			status = r;
	}
	return status;
}
