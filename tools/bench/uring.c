// SPDX-License-Identifier: GPL-2.0
/* A minimal io_uring over the raw system calls: see uring.h. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "uring.h"

static int sys_io_uring_setup(unsigned int entries, struct io_uring_params *p)
{
	return (int)syscall(__NR_io_uring_setup, entries, p);
}

/* With a timeout (IORING_ENTER_EXT_ARG, Linux 5.11): -1 + ETIME on expiry. */
static int sys_io_uring_enter(int fd, unsigned int submit, unsigned int wait,
			      unsigned int flags, int timeout_ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000L,
	};
	struct io_uring_getevents_arg arg = { .ts = (uint64_t)(uintptr_t)&ts };

	return (int)syscall(__NR_io_uring_enter, fd, submit, wait,
			    flags | IORING_ENTER_EXT_ARG, &arg, sizeof(arg));
}

static void *ring_map(int fd, size_t size, off_t offset)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, offset);

	return p == MAP_FAILED ? NULL : p;
}

#define RING_FIELD(base, off)	((unsigned int *)((char *)(base) + (off)))

int uring_init(struct uring *r, unsigned int entries)
{
	struct io_uring_params p;

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	r->fd = sys_io_uring_setup(entries, &p);
	if (r->fd < 0)
		return -1;
	r->sq_entries = p.sq_entries;
	r->sq_ring_size = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	r->cq_ring_size = p.cq_off.cqes +
			  p.cq_entries * sizeof(struct io_uring_cqe);
	r->sqes_size = p.sq_entries * sizeof(struct io_uring_sqe);

	r->sq_ring = ring_map(r->fd, r->sq_ring_size, IORING_OFF_SQ_RING);
	r->cq_ring = ring_map(r->fd, r->cq_ring_size, IORING_OFF_CQ_RING);
	r->sqes = ring_map(r->fd, r->sqes_size, IORING_OFF_SQES);
	if (!r->sq_ring || !r->cq_ring || !r->sqes) {
		uring_exit(r);
		return -1;
	}
	r->sq_head = RING_FIELD(r->sq_ring, p.sq_off.head);
	r->sq_tail = RING_FIELD(r->sq_ring, p.sq_off.tail);
	r->sq_mask = RING_FIELD(r->sq_ring, p.sq_off.ring_mask);
	r->sq_array = RING_FIELD(r->sq_ring, p.sq_off.array);
	r->cq_head = RING_FIELD(r->cq_ring, p.cq_off.head);
	r->cq_tail = RING_FIELD(r->cq_ring, p.cq_off.tail);
	r->cq_mask = RING_FIELD(r->cq_ring, p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)((char *)r->cq_ring + p.cq_off.cqes);
	return 0;
}

void uring_exit(struct uring *r)
{
	if (r->sqes)
		munmap(r->sqes, r->sqes_size);
	if (r->cq_ring)
		munmap(r->cq_ring, r->cq_ring_size);
	if (r->sq_ring)
		munmap(r->sq_ring, r->sq_ring_size);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

int uring_queue_rw(struct uring *r, bool write, int fd, void *buf,
		   unsigned int len, uint64_t user_data, bool link)
{
	unsigned int tail = *r->sq_tail;	/* only we write it */
	unsigned int head = __atomic_load_n(r->sq_head, __ATOMIC_ACQUIRE);
	unsigned int i = tail & *r->sq_mask;
	struct io_uring_sqe *sqe = &r->sqes[i];

	if (tail - head >= r->sq_entries) {
		errno = EBUSY;
		return -1;
	}
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = write ? IORING_OP_WRITE : IORING_OP_READ;
	sqe->flags = link ? IOSQE_IO_LINK : 0;
	sqe->fd = fd;
	sqe->addr = (uint64_t)(uintptr_t)buf;
	sqe->len = len;
	sqe->off = (uint64_t)-1;	/* the file position: a stream */
	sqe->user_data = user_data;
	r->sq_array[i] = i;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	r->queued++;
	return 0;
}

int uring_submit_wait(struct uring *r, unsigned int wait, int timeout_ms)
{
	int n;

	do {
		n = sys_io_uring_enter(r->fd, r->queued, wait,
				       wait ? IORING_ENTER_GETEVENTS : 0,
				       timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	r->queued -= (unsigned int)n < r->queued ? (unsigned int)n : r->queued;
	return 0;
}

bool uring_reap(struct uring *r, struct io_uring_cqe *cqe)
{
	unsigned int head = *r->cq_head;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return false;
	*cqe = r->cqes[head & *r->cq_mask];
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return true;
}
