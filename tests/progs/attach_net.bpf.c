// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Programs for the networking attach tests: each counts the packets (or
 * lookups, or messages) it sees in its own slot of `hits` and lets them
 * through, so a test proves its link runs without disturbing traffic.
 * Sections libbpf 1.1.2 does not know (tcx, netkit, netfilter) start with
 * '?' so the reference loader can still load the object; tests turn them on.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct slot {
	__u64 count;
	__u64 cookie;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct slot);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

static void bump(__u32 slot)
{
	struct slot *s = bpf_map_lookup_elem(&hits, &slot);

	if (s)
		__sync_fetch_and_add(&s->count, 1);
}

SEC("cgroup_skb/egress")
int cg_egress(struct __sk_buff *skb)
{
	bump(0);
	return 1;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	bump(1);
	return XDP_PASS;
}

SEC("?tcx/ingress")
int tcx_count(struct __sk_buff *skb)
{
	bump(2);
	return -1; /* TCX_NEXT */
}

SEC("?netkit/primary")
int netkit_count(struct __sk_buff *skb)
{
	bump(3);
	return -1; /* NETKIT_NEXT */
}

SEC("sk_lookup")
int lookup_count(struct bpf_sk_lookup *ctx)
{
	bump(4);
	return SK_PASS;
}

SEC("?netfilter")
int nf_count(void *ctx)
{
	bump(5);
	return 1; /* NF_ACCEPT */
}

SEC("sk_skb/stream_verdict")
int verdict_count(struct __sk_buff *skb)
{
	bump(6);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
