// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Exclusive maps: excl_map may be bound to program `owner`; `intruder`
 * (optional, off by default) uses the same map and must then be refused.
 * Also gives a program with several functions for line info tests.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} excl_map SEC(".maps");

int counter;

char _license[] SEC("license") = "GPL";

static __noinline int twice(int x)
{
	return x * 2 + counter;
}

SEC("xdp")
int owner(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&excl_map, &k);

	if (!v)
		return 0;
	*v += 1;
	return twice(21);
}

SEC("?xdp")
int intruder(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&excl_map, &k);

	return v ? 1 : 0;
}
