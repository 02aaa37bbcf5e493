// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-devname: the stable /dev names of an rpmsg or remoteproc device,
 * for udev (debian/60-openamp-host.rules: PROGRAM=, SYMLINK+="%c").
 *
 *   rpmsg_ctrlN  ->  rpmsg/RPROC/ctrl
 *   rpmsgN       ->  rpmsg/RPROC/NAME rpmsg/RPROC/NAME.N
 *   remoteprocN  ->  remoteproc/RPROC
 *
 * RPROC is the name of the remote processor the device sits under in
 * sysfs (/sys/class/remoteproc/remoteprocK/name), NAME the endpoint's or
 * channel's name (the device's "name" attribute), N the device's own
 * number.  Devices of the remote's second and later virtio devices go one
 * level down, rpmsg/RPROC/vdevK/...  Two endpoints of one remote may share
 * a NAME: rpmsg/RPROC/NAME then points to one of them (udev's choice),
 * NAME.N always to the one of /dev/rpmsgN.  An endpoint named "ctrl" gets
 * only its NAME.N link, so that it cannot take the control device's.
 *
 * Channel names come from the remote, which is not trusted: every byte
 * outside [A-Za-z0-9+-.:=@_] becomes '_', and a leading '.' too, so a name
 * is always one path component, printable, never "." or "..".
 *
 * Exit status: 0 names printed; 1 not a device of a remote processor (or
 * its sysfs attributes are unreadable); 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_NOT_OURS	1
#define EXIT_USAGE	2
#define NAME_LEN	128	/* longest name component printed */

static const char *sysfs = "/sys";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rpmsg-devname [--sysfs DIR] DEVICE\n"
		"Print the stable names under /dev (space separated) of an rpmsg\n"
		"or remoteproc device, as udev's PROGRAM= for\n"
		"/usr/lib/udev/rules.d/60-openamp-host.rules:\n"
		"  rpmsg_ctrlN   rpmsg/RPROC/ctrl\n"
		"  rpmsgN        rpmsg/RPROC/NAME rpmsg/RPROC/NAME.N\n"
		"  remoteprocN   remoteproc/RPROC\n"
		"DEVICE: udev's devpath (%%p, /devices/...) or a device name of\n"
		"class rpmsg or remoteproc (rpmsg_ctrl0, rpmsg1, remoteproc0).\n\n"
		"  -s, --sysfs DIR   sysfs is mounted at DIR (default /sys)\n"
		"  -h, --help        this help\n\n"
		"Exit status: 0 done, 1 not a device of a remote processor, 2 usage.\n");
}

/*
 * Copy @in to @out (@size bytes of room) as a safe path component; false
 * if nothing is left.  Never '/', never a leading '.', printable ASCII.
 */
static bool sanitize(const char *in, char *out, size_t size)
{
	static const char keep[] = "+-.:=@_";
	size_t i;

	for (i = 0; in[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)in[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || (c && strchr(keep, c));

		out[i] = ok && !(i == 0 && c == '.') ? (char)c : '_';
	}
	out[i] = '\0';
	return i > 0;
}

/* One sysfs attribute's first line into @buf; false if unreadable. */
static bool read_attr(const char *dir, const char *attr, char *buf,
		      size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return false;
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, (int)size, f);
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* Does @s (up to @len bytes) read PREFIX<digits>SUFFIX?  Sets @num. */
static bool match_num(const char *s, size_t len, const char *prefix,
		      const char *suffix, unsigned long *num)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), i;

	if (len <= pl + sl || strncmp(s, prefix, pl) ||
	    strncmp(s + len - sl, suffix, sl))
		return false;
	for (i = pl; i < len - sl; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*num = strtoul(s + pl, NULL, 10);
	return true;
}

struct place {
	char rproc_dir[PATH_MAX];	/* .../remoteproc/remoteprocK */
	unsigned long vdev;		/* K of remoteprocJ#vdevKbuffer */
};

/* Is path component @comp (@len bytes) remoteprocJ#vdevKbuffer?  Sets @k. */
static bool is_vdev(const char *comp, size_t len, unsigned long *k)
{
	const char *hash = memchr(comp, '#', len);

	return hash && match_num(hash, len - (size_t)(hash - comp), "#vdev",
				 "buffer", k);
}

/*
 * Walk the device's real sysfs path from the root down: the remote
 * processor is the last component remoteprocK in a "remoteproc" class
 * directory, its virtio device the component remoteprocK#vdevJbuffer
 * below it (none before Linux 5.13: vdev 0).
 */
static bool find_place(const char *real, struct place *pl)
{
	const char *comp = real, *prev = "", *end;
	unsigned long num;
	bool found = false;

	while (*comp == '/') {
		comp++;
		end = strchrnul(comp, '/');
		if (!strncmp(prev, "remoteproc/", 11) &&
		    match_num(comp, (size_t)(end - comp), "remoteproc", "", &num)) {
			snprintf(pl->rproc_dir, sizeof(pl->rproc_dir), "%.*s",
				 (int)(end - real), real);
			pl->vdev = 0;
			found = true;
		} else if (found && is_vdev(comp, (size_t)(end - comp), &num)) {
			pl->vdev = num;
		}
		prev = comp;
		comp = end;
	}
	return found;
}

/* "rpmsg/RPROC/" or "rpmsg/RPROC/vdevK/" into @buf. */
static bool rpmsg_dir(const struct place *pl, char *buf, size_t size)
{
	char raw[256], name[NAME_LEN];

	if (!read_attr(pl->rproc_dir, "name", raw, sizeof(raw)) ||
	    !sanitize(raw, name, sizeof(name)))
		return false;
	if (pl->vdev)
		snprintf(buf, size, "rpmsg/%s/vdev%lu/", name, pl->vdev);
	else
		snprintf(buf, size, "rpmsg/%s/", name);
	return true;
}

static int print_names(const char *devdir, const char *kname)
{
	char real[PATH_MAX], dir[2 * NAME_LEN], raw[256], name[NAME_LEN];
	struct place pl;
	unsigned long n;

	if (!realpath(devdir, real) || !find_place(real, &pl))
		return EXIT_NOT_OURS;
	if (match_num(kname, strlen(kname), "remoteproc", "", &n)) {
		if (!read_attr(pl.rproc_dir, "name", raw, sizeof(raw)) ||
		    !sanitize(raw, name, sizeof(name)))
			return EXIT_NOT_OURS;
		printf("remoteproc/%s\n", name);
		return 0;
	}
	if (!rpmsg_dir(&pl, dir, sizeof(dir)))
		return EXIT_NOT_OURS;
	if (match_num(kname, strlen(kname), "rpmsg_ctrl", "", &n)) {
		printf("%sctrl\n", dir);
		return 0;
	}
	if (!match_num(kname, strlen(kname), "rpmsg", "", &n) ||
	    !read_attr(devdir, "name", raw, sizeof(raw)) ||
	    !sanitize(raw, name, sizeof(name)))
		return EXIT_NOT_OURS;
	if (strcmp(name, "ctrl"))
		printf("%s%s ", dir, name);
	printf("%s%s.%lu\n", dir, name, n);
	return 0;
}

/* The device's sysfs directory: from a devpath or a class device name. */
static int device_dir(const char *arg, char *buf, size_t size)
{
	static const char *const classes[] = { "rpmsg", "remoteproc", NULL };
	const char *const *cls;

	if (arg[0] == '/') {
		snprintf(buf, size, "%s%s", sysfs, arg);
		return 0;
	}
	if (!*arg || strchr(arg, '/') || arg[0] == '.')
		return -EINVAL;
	for (cls = classes; *cls; cls++) {
		snprintf(buf, size, "%s/class/%s/%s", sysfs, *cls, arg);
		if (!access(buf, F_OK))
			return 0;
	}
	return -ENOENT;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sysfs", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[PATH_MAX];
	const char *kname;
	int c;

	while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			sysfs = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (device_dir(argv[optind], dir, sizeof(dir))) {
		fprintf(stderr, "rpmsg-devname: %s: no such device\n", argv[optind]);
		return EXIT_NOT_OURS;
	}
	kname = strrchr(dir, '/') + 1;
	return print_names(dir, kname);
}
