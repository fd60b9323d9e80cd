// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Three tc programs counting the test frames (ethertype 0x88b5, see
 * kenv_send_frames()) in their own slot; all return TC_ACT_OK. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define TEST_ETHERTYPE 0x88b5

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static int count(struct __sk_buff *skb, __u32 slot)
{
	__u64 *v;

	if (skb->protocol != bpf_htons(TEST_ETHERTYPE))
		return TC_ACT_OK;
	v = bpf_map_lookup_elem(&hits, &slot);
	if (v)
		__sync_fetch_and_add(v, 1);
	return TC_ACT_OK;
}

SEC("tc")
int tc_count_a(struct __sk_buff *skb)
{
	return count(skb, 0);
}

SEC("tc")
int tc_count_b(struct __sk_buff *skb)
{
	return count(skb, 1);
}

SEC("tc")
int tc_count_c(struct __sk_buff *skb)
{
	return count(skb, 2);
}

char LICENSE[] SEC("license") = "GPL";
