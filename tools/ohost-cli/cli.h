/* SPDX-License-Identifier: GPL-2.0 */
/* ohost-cli: shared by its command groups (main.c, rproc.c, rpmsg.c). */
#ifndef OHOST_CLI_H
#define OHOST_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <ohost-rpmsg.h>

/* Exit codes, as the demo programs'. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2, CLI_SETUP = 3 };

extern const char *cli_prog;	/* "rproc", "rpmsg" or "ohost-cli rproc" ... */

int cli_rproc(int argc, char **argv);
int cli_rpmsg(int argc, char **argv);

void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_usage_err(void (*usage)(FILE *f), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void json_str(const char *key, const char *val, bool comma);
bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out);
int cli_kmsg_mark(void);
void cli_kmsg_report(int fd, const char *device, const char *name);

#endif /* OHOST_CLI_H */
