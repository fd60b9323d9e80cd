// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test: declares linked_b.bpf.c's map with a different size,
 * so linking the two must fail.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} lb_map SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("xdp") int lc_prog(struct xdp_md *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&lb_map, &k) ? 1 : 2;
}
