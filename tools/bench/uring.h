/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal io_uring over the raw system calls (Debian's cross toolchain
 * has the uapi header but no liburing for aarch64): one ring, read and
 * write requests, submit and wait.  Enough for rpmsg-bench's batches.
 */
#ifndef OHOST_BENCH_URING_H
#define OHOST_BENCH_URING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/io_uring.h>

struct uring {
	int fd;
	unsigned int sq_entries;
	unsigned int *sq_head, *sq_tail, *sq_mask, *sq_array;
	struct io_uring_sqe *sqes;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
	void *sq_ring, *cq_ring;
	size_t sq_ring_size, cq_ring_size, sqes_size;
	unsigned int queued;		/* SQEs written, not yet submitted */
};

int uring_init(struct uring *r, unsigned int entries);
void uring_exit(struct uring *r);
/* Queue a read or write of @len bytes at @buf; @link chains the next one. */
int uring_queue_rw(struct uring *r, bool write, int fd, void *buf,
		   unsigned int len, uint64_t user_data, bool link);
/*
 * Submit what is queued and wait for up to @wait completions, at most
 * @timeout_ms (then -1 with errno ETIME); -1 + errno on failure.  It may
 * return before @wait completions are in: reap, then wait again.
 */
int uring_submit_wait(struct uring *r, unsigned int wait, int timeout_ms);
/* The next completion, if any. */
bool uring_reap(struct uring *r, struct io_uring_cqe *cqe);

#endif /* OHOST_BENCH_URING_H */
