// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own words on a failed remote processor operation: the
 * remoteproc core says why it refused in the kernel log ("Direct firmware
 * load for X failed with error -2", "bad phdr da ...", the firmware check's
 * "rejected: ..."), while the sysfs write only returns an errno.  The log
 * is read from /dev/kmsg from where it stood before the operation, so only
 * the operation's own lines show.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define KMSG_RECORD	8192	/* a /dev/kmsg read() returns one record */

/* -1 when the log cannot be read (no CAP_SYSLOG with dmesg_restrict). */
int cli_kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Is the record's text about this remote processor? */
static bool about(const char *text, const char *device, const char *name)
{
	const char *p = strstr(text, device);
	size_t len = strlen(device);

	/* "remoteproc remoteproc0: ...", not remoteproc01 */
	if (p && (p[len] == ':' || p[len] == ' '))
		return true;
	return *name && strstr(text, name);
}

/* Print the records since cli_kmsg_mark() about @device or @name; closes. */
void cli_kmsg_report(int fd, const char *device, const char *name)
{
	char rec[KMSG_RECORD], *text;
	ssize_t n;

	if (fd < 0)
		return;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		text[strcspn(text, "\n")] = '\0';
		if (about(text, device, name))
			fprintf(stderr, "%s: kernel: %s\n", cli_prog, text);
	}
	close(fd);
}
