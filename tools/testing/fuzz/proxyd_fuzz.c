// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness: rpmsg-proxyd's request handler (tools/rpmsg-proxyd/proto.c)
 * and its session (session.c: remote file numbers, opening beneath the
 * root), the code that serves whatever a remote sends on the channel.
 *
 * Input: one flags byte (bit 0: use the openat() walk instead of openat2),
 * then requests, each a little-endian u16 length and that many bytes, as
 * the daemon would read them one rpmsg message at a time.
 *
 * The root is a scratch directory built at start-up: files, a
 * subdirectory, and symlinks leading out of it to a "secret" file beside
 * it.  Beyond "no memory error", the harness checks the daemon's promises:
 * a reply is at most 496 bytes and carries the request's id, no file the
 * remote opens is the secret (the session confines it to the root), and
 * the session leaves no descriptor open once it ends.
 * A broken promise aborts (a crash).  The tree is rebuilt after every
 * input that opened a file for writing, so inputs stay independent.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto.h"
#include "session.h"

#define MAX_REQUESTS	32

static char base[64];		/* scratch dir: root/ and secret */
static char root[96];
static struct stat secret;
static int devnull = -1;
static int dirty;		/* the tree may have changed */

static void must(int cond)
{
	if (!cond)
		abort();
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	must(f != NULL);
	fputs(text, f);
	must(fclose(f) == 0);
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* root/{hello.txt, sub/inner.txt, escape -> ../secret, abs -> base/secret} */
static void build_root(void)
{
	char path[160];

	nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	must(mkdir(root, 0755) == 0);
	put_file(root, "hello.txt", "hello from the host\n");
	snprintf(path, sizeof(path), "%s/sub", root);
	must(mkdir(path, 0755) == 0);
	put_file(path, "inner.txt", "inner\n");
	snprintf(path, sizeof(path), "%s/escape", root);
	must(symlink("../secret", path) == 0);
	snprintf(path, sizeof(path), "%s/abs", root);
	{
		char target[96];

		snprintf(target, sizeof(target), "%s/secret", base);
		must(symlink(target, path) == 0);
	}
	snprintf(path, sizeof(path), "%s/sub/up", root);
	must(symlink("../../secret", path) == 0);
	dirty = 0;
}

static void remove_base(void)
{
	nftw(base, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char path[96];

	(void)argc;
	(void)argv;
	snprintf(base, sizeof(base), "%s/proxyd-fuzz.XXXXXX", tmp ? tmp : "/tmp");
	must(mkdtemp(base) != NULL);
	snprintf(root, sizeof(root), "%s/root", base);
	put_file(base, "secret", "the host's secret\n");
	snprintf(path, sizeof(path), "%s/secret", base);
	must(stat(path, &secret) == 0);
	build_root();
	atexit(remove_base);
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	must(devnull >= 0);
	return 0;
}

/* session_ops.open, and what it opened must not be the secret. */
static int checked_open(void *ctx, const char *path, int flags, mode_t mode)
{
	struct session *s = ctx;
	struct stat st;
	int rfd;

	rfd = session_ops.open(ctx, path, flags, mode);
	if (rfd < 0)
		return rfd;
	/* read-only opens change nothing (Linux does truncate O_RDONLY|O_TRUNC) */
	if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC))
		dirty = 1;
	must(rfd >= 3 && rfd < PROXYD_MAX_FDS && s->fds[rfd] >= 0);
	must(fstat(s->fds[rfd], &st) == 0);
	must(st.st_dev != secret.st_dev || st.st_ino != secret.st_ino);
	return rfd;
}

static void quiet_note(void *ctx, const char *what, int err)
{
	(void)ctx;
	(void)what;
	(void)err;
}

static const struct proxy_ops *fuzz_ops(void)
{
	static struct proxy_ops ops;

	ops = session_ops;
	ops.open = checked_open;
	ops.note = quiet_note;
	return &ops;
}

/* One request as the daemon serves it; false when the remote is done. */
static int serve_one(struct session *s, const uint8_t *req, size_t len)
{
	uint8_t *msg = malloc(len ? len : 1);	/* exact size: ASan sees overruns */
	uint8_t *reply = malloc(PROXY_MSG_MAX);
	struct proxy_hdr rh;
	enum proxy_action act;
	size_t reply_len = 0;

	must(msg && reply);
	memcpy(msg, req, len);
	act = proxy_handle(fuzz_ops(), s, msg, len, reply, &reply_len);
	if (act == PROXY_REPLY) {
		must(len >= 4);
		must(reply_len >= PROXY_HDR_SIZE && reply_len <= PROXY_MSG_MAX);
		proxy_get_hdr(reply, &rh);
		must(rh.id == (uint32_t)(req[0] | req[1] << 8 | req[2] << 16 |
					 (uint32_t)req[3] << 24));
		must(rh.data_len == reply_len - PROXY_HDR_SIZE);
	} else {
		must(reply_len == 0);
	}
	free(msg);
	free(reply);
	return act != PROXY_DONE;
}

/*
 * Which of the descriptors a session can use are open: from the lowest
 * free one, the root, 64 remote files and the walk's directories.  One
 * poll() answers for all of them (POLLNVAL: not open); a fcntl() each
 * made this check most of the harness's time.
 */
#define FD_SPAN		80

static int open_fds(bool open_fd[FD_SPAN])
{
	int from = open("/dev/null", O_RDONLY | O_CLOEXEC), i;
	struct pollfd pfd[FD_SPAN];

	must(from >= 0);
	close(from);
	for (i = 0; i < FD_SPAN; i++)
		pfd[i] = (struct pollfd){ .fd = from + i, .events = POLLIN };
	must(poll(pfd, FD_SPAN, 0) >= 0);
	for (i = 0; i < FD_SPAN; i++)
		open_fd[i] = !(pfd[i].revents & POLLNVAL);
	return from;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool before[FD_SPAN], after[FD_SPAN];
	int from = open_fds(before);
	struct session s;
	unsigned int n;
	size_t len;

	if (size < 1)
		return 0;
	must(session_init(&s, root, data[0] & 1) == 0);
	/* The remote's console: /dev/null, not the fuzzer's terminal. */
	s.fds[0] = s.fds[1] = s.fds[2] = devnull;
	data++;
	size--;
	for (n = 0; n < MAX_REQUESTS && size >= 2; n++) {
		len = (size_t)data[0] | (size_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (!serve_one(&s, data, len))
			break;
		data += len;
		size -= len;
	}
	session_fini(&s);
	must(open_fds(after) == from && !memcmp(before, after, sizeof(after)));
	if (dirty)
		build_root();
	return 0;
}
