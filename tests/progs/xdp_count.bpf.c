// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Two XDP programs counting the test frames (ethertype 0x88b5, see
 * kenv_send_frames()) in their own slot, so a test can tell which one a
 * device runs. Both let every frame pass. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define TEST_ETHERTYPE 0x88b5

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static int count(struct xdp_md *ctx, __u32 slot)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u64 *v;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(TEST_ETHERTYPE))
		return XDP_PASS;
	v = bpf_map_lookup_elem(&hits, &slot);
	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_count_a(struct xdp_md *ctx)
{
	return count(ctx, 0);
}

SEC("xdp")
int xdp_count_b(struct xdp_md *ctx)
{
	return count(ctx, 1);
}

char LICENSE[] SEC("license") = "GPL";
