// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Small benchmark object: one program, one BTF-defined map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("xdp") int count_packets(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}
