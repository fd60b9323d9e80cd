// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test, second unit: defines the global function, variable
 * and map linked_a.bpf.c uses; its own static helper shares a name with
 * linked_a's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lb_map SEC(".maps");

int lb_shared = 20;
static const volatile int lb_ro = 100;

char _license[] SEC("license") = "GPL";

static __attribute__((noinline)) int helper(int x)
{
	return x * 2 + lb_ro;
}

__attribute__((noinline)) int lb_add(int x)
{
	if (x < 0)
		return 0;
	return helper(x) + lb_shared;
}
