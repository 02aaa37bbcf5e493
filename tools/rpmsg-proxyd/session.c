// SPDX-License-Identifier: GPL-2.0
/*
 * Serving the remote's files: every path is resolved beneath the root
 * directory (openat2 RESOLVE_BENEATH, or a component-by-component openat
 * walk refusing "..", absolute paths and symlinks where openat2 does not
 * exist), and remote file numbers are indices in a table of our own, so a
 * remote can never name one of the daemon's other descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "session.h"

int session_init(struct session *s, const char *root, bool no_openat2)
{
	struct stat st;
	int i;

	s->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->rootfd < 0)
		return -errno;
	if (fstat(s->rootfd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		close(s->rootfd);
		return -ENOTDIR;
	}
	for (i = 0; i < PROXYD_MAX_FDS; i++)
		s->fds[i] = -1;
	/* The remote's console is the daemon's own. */
	s->fds[0] = STDIN_FILENO;
	s->fds[1] = STDOUT_FILENO;
	s->fds[2] = STDERR_FILENO;
	s->no_openat2 = no_openat2;
	return 0;
}

void session_fini(struct session *s)
{
	int i;

	for (i = 3; i < PROXYD_MAX_FDS; i++) {
		if (s->fds[i] >= 0)
			close(s->fds[i]);
		s->fds[i] = -1;
	}
	close(s->rootfd);
}

/*
 * Without openat2: walk the path one component at a time with O_NOFOLLOW,
 * so that no symlink is followed at all, and refuse absolute paths and "..".
 */
static int open_walk(int rootfd, const char *path, int flags, mode_t mode)
{
	char buf[PATH_MAX];
	char *comp = buf, *end, *next;
	int dirfd = rootfd, owned = -1, ret;

	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	if (path[0] == '/')
		return -EACCES;
	strcpy(buf, path);

	for (;;) {
		end = comp + strcspn(comp, "/");
		next = end;
		while (*next == '/')
			next++;
		*end = '\0';
		if (!*comp) {
			ret = -ENOENT;
			break;
		}
		if (!strcmp(comp, "..")) {
			ret = -EACCES;
			break;
		}
		if (!*next) {
			ret = openat(dirfd, comp, flags | O_NOFOLLOW, mode);
			if (ret < 0)
				ret = -errno;
			break;
		}
		if (strcmp(comp, ".")) {
			ret = openat(dirfd, comp,
				     O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (ret < 0) {
				ret = -errno;
				break;
			}
			if (owned >= 0)
				close(owned);
			owned = dirfd = ret;
		}
		comp = next;
	}
	if (owned >= 0)
		close(owned);
	return ret;
}

int open_beneath(int rootfd, const char *path, int flags, mode_t mode,
		 bool *no_openat2)
{
	struct open_how how = {
		.flags = (unsigned int)flags,
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (!*no_openat2) {
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS)
			/* EXDEV: the path leads out of the root. */
			return errno == EXDEV ? -EACCES : -errno;
		*no_openat2 = true;
	}
	return open_walk(rootfd, path, flags, mode);
}

static int session_slot(struct session *s, int rfd)
{
	if (rfd < 0 || rfd >= PROXYD_MAX_FDS || s->fds[rfd] < 0)
		return -EBADF;
	return s->fds[rfd];
}

static int s_open(void *ctx, const char *path, int flags, mode_t mode)
{
	struct session *s = ctx;
	struct stat st;
	int rfd, fd;

	for (rfd = 3; rfd < PROXYD_MAX_FDS && s->fds[rfd] >= 0; rfd++)
		;
	if (rfd == PROXYD_MAX_FDS)
		return -EMFILE;

	/* O_NONBLOCK: a FIFO must not block us before we can refuse it. */
	fd = open_beneath(s->rootfd, path,
			  flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, mode,
			  &s->no_openat2);
	if (fd < 0) {
		fprintf(stderr, "rpmsg-proxyd: open \"%s\" refused: %s\n",
			path, strerror(-fd));
		return fd;
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "rpmsg-proxyd: open \"%s\" refused: %s\n",
			path, "not a regular file");
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EACCES;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		close(fd);
		return -EIO;
	}
	s->fds[rfd] = fd;
	if (s->verbose)
		fprintf(stderr, "rpmsg-proxyd: open \"%s\" -> %d\n", path, rfd);
	return rfd;
}

static ssize_t s_read(void *ctx, int rfd, void *buf, size_t len)
{
	int fd = session_slot(ctx, rfd);
	ssize_t n;

	if (fd < 0)
		return fd;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static ssize_t s_write(void *ctx, int rfd, const void *buf, size_t len)
{
	int fd = session_slot(ctx, rfd);
	const char *p = buf;
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return done ? (ssize_t)done : -errno;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int s_close(void *ctx, int rfd)
{
	struct session *s = ctx;
	int fd = session_slot(s, rfd);

	if (fd < 0)
		return fd;
	s->fds[rfd] = -1;
	/* The console stays the daemon's: only the remote's name goes. */
	if (rfd < 3)
		return 0;
	return close(fd) < 0 ? -errno : 0;
}

static void s_note(void *ctx, const char *what, int err)
{
	(void)ctx;
	fprintf(stderr, "rpmsg-proxyd: bad request: %s (%s)\n", what,
		strerror(-err));
}

const struct proxy_ops session_ops = {
	.open = s_open,
	.read = s_read,
	.write = s_write,
	.close = s_close,
	.note = s_note,
};
