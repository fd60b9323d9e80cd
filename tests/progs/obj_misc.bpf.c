// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: a map-in-map whose inner map is described
 * by `values`, a string literal (placed in .rodata.str1.1) read through a
 * pointer, and a program name longer than the kernel keeps.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps");

char _license[] SEC("license") = "GPL";

volatile int str_idx = 1;

SEC("xdp") int read_inner(struct xdp_md *ctx)
{
	__u32 k = 0, *v;
	void *in = bpf_map_lookup_elem(&outer, &k);

	if (!in)
		return 99;
	v = bpf_map_lookup_elem(in, &k);
	return v ? *v : 98;
}

SEC("xdp") int a_program_name_longer_than_fifteen(struct xdp_md *ctx)
{
	const char *s = "xyz";

	return s[str_idx & 1];
}
