// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Two cgroup egress programs that count packets in their own slot, so a
 * test can tell which one a link runs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static int bump(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&hits, &slot);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 1;
}

SEC("cgroup_skb/egress")
int count_a(struct __sk_buff *skb)
{
	return bump(0);
}

SEC("cgroup_skb/egress")
int count_b(struct __sk_buff *skb)
{
	return bump(1);
}

char LICENSE[] SEC("license") = "GPL";
