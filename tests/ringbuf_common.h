/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Records and program arguments shared by the ring/perf buffer tests and
 * their BPF programs (tests/progs/ringbuf_*.bpf.c, perfbuf_*.bpf.c). */
#ifndef __BPFKIT_TEST_RINGBUF_COMMON_H
#define __BPFKIT_TEST_RINGBUF_COMMON_H

/* 40 bytes: with its 8-byte header a ring record takes 48 bytes, which
 * does not divide a page, so records straddle the ring end. */
struct rb_rec {
	__u32 seq;
	__u32 cpu;
	__u64 v[4];
};

/* ctx of the SEC("syscall") producer (in and out). */
struct rb_args {
	__u32 cnt;		/* records to emit */
	__u32 start;		/* seq of the first one */
	__u32 discard_every;	/* every n-th reservation is discarded */
	__u32 size;		/* != 0: bpf_ringbuf_output() of this many bytes */
	__u32 which;		/* 0: ring rb1, 1: ring rb2 */
	__u32 emitted;		/* out: records committed */
};

/* ctx of the user ring buffer drain program. */
struct urb_args {
	__u64 sum;
	__u64 cnt;
	__s64 ret;
};

/* 56 bytes of payload: a PERF_RECORD_SAMPLE then takes 72 bytes, which
 * does not divide a page either. */
struct pb_rec {
	__u32 seq;
	__u32 cpu;
	__u64 v[6];
};

/* Value of the perf program's cfg map. */
struct pb_cfg {
	__u32 cnt;
	__u32 start;
	__u32 fails;		/* out: bpf_perf_event_output() errors */
	__u32 cpu;		/* out: CPU the program ran on */
};

static inline __u64 rb_val(__u32 seq, int k)
{
	return (__u64)seq * 0x9e3779b97f4a7c15ULL + k;
}

#endif
