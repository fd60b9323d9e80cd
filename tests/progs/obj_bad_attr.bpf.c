// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: a BTF map definition with an attribute no
 * loader knows. Open must fail unless relaxed_maps is set.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
	__uint(frobnicate, 3);
} odd_map SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("xdp") int odd_prog(struct xdp_md *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&odd_map, &k) ? 1 : 0;
}
