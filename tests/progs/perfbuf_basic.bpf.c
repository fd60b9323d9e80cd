// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Producer for the perf buffer tests: a tc program (run through
 * BPF_PROG_TEST_RUN) that emits numbered samples to the current CPU's
 * perf ring. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "../ringbuf_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pb_cfg);
} cfg SEC(".maps");

SEC("tc")
int emit(struct __sk_buff *skb)
{
	struct pb_rec r = {};
	struct pb_cfg *c;
	__u32 zero = 0, cnt;

	c = bpf_map_lookup_elem(&cfg, &zero);
	if (!c)
		return 0;
	cnt = c->cnt;
	c->cpu = bpf_get_smp_processor_id();
	for (__u32 i = 0; i < cnt && i < 1024; i++) {
		r.seq = c->start + i;
		r.cpu = c->cpu;
		for (int k = 0; k < 6; k++)
			r.v[k] = rb_val(r.seq, k);
		c->fails += bpf_perf_event_output(skb, &events, BPF_F_CURRENT_CPU, &r,
						  sizeof(r)) != 0;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
