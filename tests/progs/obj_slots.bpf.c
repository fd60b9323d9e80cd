// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: `values` initializers. A map-in-map with
 * slots 1 and 3 preset to two inner maps, and a program array whose slot 1
 * is a program of this object, reached by a tail call.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [1] = &inner_a, [3] = &inner_b },
};

SEC("xdp") int tail_target(struct xdp_md *ctx)
{
	return 21;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jmp SEC(".maps") = {
	.values = { [1] = (void *)&tail_target },
};

char _license[] SEC("license") = "GPL";

SEC("xdp") int do_tail(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp, 1);
	return 1;
}

volatile __u32 slot = 3;

SEC("xdp") int read_slot(struct xdp_md *ctx)
{
	__u32 k = slot, zero = 0, *v;
	void *in = bpf_map_lookup_elem(&outer, &k);

	if (!in)
		return 99;
	v = bpf_map_lookup_elem(in, &zero);
	return v ? *v : 98;
}
