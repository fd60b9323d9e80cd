// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt.bpf.h: a USDT program with named arguments; attached by the
 * reference loader to its own probe bpfkit:probe3(int a, long b, 7).
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, long);
} usdt_out SEC(".maps");

static __always_inline void put(__u32 k, long v)
{
	bpf_map_update_elem(&usdt_out, &k, &v, BPF_ANY);
}

SEC("usdt")
int BPF_USDT(on_usdt, int a, long b, int c)
{
	long raw = 123;

	put(0, a);
	put(1, b);
	put(2, c);
	put(3, bpf_usdt_arg_cnt(ctx));
	put(4, bpf_usdt_cookie(ctx));
	put(5, bpf_usdt_arg_size(ctx, 0) * 100 + bpf_usdt_arg_size(ctx, 1));
	/* past the last argument: error, and *res zeroed */
	put(6, bpf_usdt_arg(ctx, 3, &raw));
	put(7, raw);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
