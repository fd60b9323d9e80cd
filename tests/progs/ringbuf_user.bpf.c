// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Consumer for the user ring buffer tests: drains every sample userspace
 * submitted and sums the u64 each one starts with. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "../ringbuf_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

static long drain_one(struct bpf_dynptr *d, void *ctx)
{
	struct urb_args *a = ctx;
	__u64 v;

	if (bpf_dynptr_read(&v, sizeof(v), d, 0, 0))
		return 1;
	a->sum += v;
	a->cnt++;
	return 0;
}

SEC("syscall")
int drain(struct urb_args *out)
{
	struct urb_args a = {};
	__u32 k0 = 0, k1 = 1;
	__u64 *s, *c;

	a.ret = bpf_user_ringbuf_drain(&urb, drain_one, &a, 0);
	s = bpf_map_lookup_elem(&totals, &k0);
	c = bpf_map_lookup_elem(&totals, &k1);
	if (s && c) {
		*s += a.sum;
		*c += a.cnt;
	}
	out->sum = a.sum;
	out->cnt = a.cnt;
	out->ret = a.ret;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
