// SPDX-License-Identifier: GPL-2.0
/*
 * ohost-cli: remote processors and rpmsg channels from the command line,
 * on libohost-rpmsg (include/ohost-rpmsg.h).  Two command groups:
 *
 *   rproc list|status NAME|start NAME [FILE]|stop NAME|firmware NAME [FILE]
 *   rpmsg list|ping|echo|bind
 *
 * called as `ohost-cli rproc ...`, or through links named rproc and rpmsg.
 * Every command takes --json and --help.  Exit status: 0 done, 1 the
 * operation failed, 2 usage, 3 setup (no such remote processor or channel,
 * modules not loaded).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "ohost-cli";
static char prog_buf[64];

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_err(void (*usage)(FILE *f), const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: ", cli_prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	usage(stderr);
	return CLI_USAGE;
}

/* "key": "val" with JSON escapes; a NULL @val is null. */
void json_str(const char *key, const char *val, bool comma)
{
	const unsigned char *p;

	printf("\"%s\": ", key);
	if (!val) {
		printf("null%s", comma ? ", " : "");
		return;
	}
	putchar('"');
	for (p = (const unsigned char *)val; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	printf("\"%s", comma ? ", " : "");
}

bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return !errno && *s && !*end && *out <= max && s[0] != '-';
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ohost-cli rproc list|status NAME|start NAME [FILE]|stop NAME|firmware NAME [FILE]\n"
		"       ohost-cli rpmsg list|ping|echo|bind [options]\n"
		"Remote processors and rpmsg channels (also as links named rproc\n"
		"and rpmsg).  '%s GROUP --help' for a group's options.\n\n"
		"Exit status: 0 done, 1 failed, 2 usage, 3 setup (no such remote\n"
		"processor or channel, modules not loaded).\n", "ohost-cli");
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "rproc") || !strcmp(base, "rpmsg")) {
		cli_prog = base;
		return !strcmp(base, "rproc") ? cli_rproc(argc, argv) :
						cli_rpmsg(argc, argv);
	}
	if (argc < 2)
		return cli_usage_err(usage, "no command group");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return CLI_OK;
	}
	snprintf(prog_buf, sizeof(prog_buf), "ohost-cli %s", argv[1]);
	cli_prog = prog_buf;
	if (!strcmp(argv[1], "rproc"))
		return cli_rproc(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rpmsg"))
		return cli_rpmsg(argc - 1, argv + 1);
	return cli_usage_err(usage, "unknown command group '%s'", argv[1]);
}
