// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: global data in .data/.rodata/.bss, a
 * BTF-defined hash map, several XDP programs in one section, a chain of
 * subprogram calls (static, then global, two levels), an unreachable .text
 * function, a function pointer (callback of bpf_loop) and an optional
 * program SEC("?xdp").
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int data_var = 5;			/* .data */
int bss_var;				/* .bss */
const volatile int ro_var = 7;		/* .rodata */
__u64 custom_var SEC(".data.custom") = 11;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} hmap SEC(".maps");

char _license[] SEC("license") = "GPL";

/* Global .text function: the kernel verifies it on its own. */
__noinline int sub_global(int x)
{
	return x * 3 + ro_var;
}

static __noinline int sub_static(int x)
{
	return sub_global(x + 1) + 1;
}

/* Never called: must not end up in any program. */
__noinline int sub_unused(int x)
{
	return x * 1000 + bss_var;
}

static int loop_cb(__u32 idx, void *ctx)
{
	*(int *)ctx += idx;
	return 0;
}

SEC("xdp") int read_rodata(struct xdp_md *ctx)
{
	return ro_var;
}

SEC("xdp") int bump_data(struct xdp_md *ctx)
{
	data_var++;
	bss_var += 2;
	custom_var += 100;
	return data_var;
}

SEC("xdp") int hmap_update(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 val = 42, *old;

	old = bpf_map_lookup_elem(&hmap, &key);
	if (old)
		val = *old + 1;
	bpf_map_update_elem(&hmap, &key, &val, BPF_ANY);
	return 0;
}

SEC("xdp") int call_chain(struct xdp_md *ctx)
{
	/* sub_static(2) = sub_global(3) + 1 = 3 * 3 + ro_var + 1 */
	return sub_static(2);
}

SEC("xdp") int use_loop(struct xdp_md *ctx)
{
	int sum = 0;

	bpf_loop(5, loop_cb, &sum, 0);
	return sum; /* 0 + 1 + 2 + 3 + 4 */
}

SEC("?xdp") int optional_prog(struct xdp_md *ctx)
{
	return 77;
}
