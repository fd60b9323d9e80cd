// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt.bpf.h: a USDT program with named arguments (load-checked). */
#include <linux/bpf.h>
#include <linux/types.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, long);
} usdt_out SEC(".maps");

SEC("usdt")
int BPF_USDT(on_usdt, int a, long b, const char *s)
{
	__u32 k = 0;
	long v = a + b + (long)s + bpf_usdt_arg_cnt(ctx) + bpf_usdt_cookie(ctx) +
		 bpf_usdt_arg_size(ctx, 1);
	long raw;

	bpf_map_update_elem(&usdt_out, &k, &v, BPF_ANY);
	if (!bpf_usdt_arg(ctx, 2, &raw)) {
		k = 1;
		bpf_map_update_elem(&usdt_out, &k, &raw, BPF_ANY);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
