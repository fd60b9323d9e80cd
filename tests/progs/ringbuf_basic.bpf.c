// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Producer for the ring buffer tests: a syscall program (run through
 * BPF_PROG_TEST_RUN) that emits numbered records into one of two rings. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "../ringbuf_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb1 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb2 SEC(".maps");

static __always_inline void fill(struct rb_rec *r, __u32 seq)
{
	r->seq = seq;
	r->cpu = bpf_get_smp_processor_id();
	for (int k = 0; k < 4; k++)
		r->v[k] = rb_val(seq, k);
}

static __always_inline int emit_one(void *map, struct rb_args *a, __u32 i)
{
	struct rb_rec tmp = {}, *r;
	__u32 seq = a->start + i;
	__u32 size = a->size;

	if (size) {
		fill(&tmp, seq);
		if (size > sizeof(tmp))
			size = sizeof(tmp);
		return bpf_ringbuf_output(map, &tmp, size, 0) ? 0 : 1;
	}
	r = bpf_ringbuf_reserve(map, sizeof(*r), 0);
	if (!r)
		return 0;
	fill(r, seq);
	if (a->discard_every && i % a->discard_every == a->discard_every - 1) {
		bpf_ringbuf_discard(r, 0);
		return 0;
	}
	bpf_ringbuf_submit(r, 0);
	return 1;
}

struct loop_ctx {
	struct rb_args a;
	__u32 done;
};

static long emit_step(__u64 i, void *data)
{
	struct loop_ctx *lc = data;

	if (lc->a.which)
		lc->done += emit_one(&rb2, &lc->a, i);
	else
		lc->done += emit_one(&rb1, &lc->a, i);
	return 0;
}

SEC("syscall")
int produce(struct rb_args *a)
{
	struct loop_ctx lc = { .a = *a };

	/* bpf_loop keeps the verifier from walking every iteration */
	bpf_loop(a->cnt, emit_step, &lc, 0);
	a->emitted = lc.done;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
