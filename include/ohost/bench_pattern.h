/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bytes make bench sends, shared by rpmsg-bench (userspace) and
 * ohost_rpmsg_kbench (kernel): byte k of message seq is
 * 7k + 131seq + 0x5a (mod 256), so a lost, reordered or corrupted echo is
 * seen.  7 is invertible mod 256 (7 * 183 = 1 + 5 * 256): 131seq = 7j for
 * j = 131 * 183 * seq, so message seq is the bytes from j on of one table,
 * byte i of which is pattern(0, i).  Sending and checking a message then
 * costs a copy and a memcmp(), not a loop over every byte.
 */
#ifndef OHOST_BENCH_PATTERN_H
#define OHOST_BENCH_PATTERN_H

/* Payload of the largest message: a 64 KiB rpmsg buffer less its header. */
#define OHOST_BENCH_MAX_MSG		65520
#define OHOST_BENCH_TABLE_SIZE		(OHOST_BENCH_MAX_MSG + 256)

static inline unsigned char ohost_bench_pattern(unsigned int seq,
						unsigned long k)
{
	return (unsigned char)(seq * 131u + k * 7u + 0x5au);
}

static inline void ohost_bench_table_init(unsigned char *table)
{
	unsigned long i;

	for (i = 0; i < OHOST_BENCH_TABLE_SIZE; i++)
		table[i] = ohost_bench_pattern(0, i);
}

/* Message @seq: a window of @table. */
static inline const unsigned char *
ohost_bench_message(const unsigned char *table, unsigned int seq)
{
	return table + ((seq * 131u * 183u) & 255u);
}

#endif /* OHOST_BENCH_PATTERN_H */
