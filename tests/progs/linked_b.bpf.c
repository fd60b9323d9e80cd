// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test, second unit: defines the global function, variable
 * and map linked_a.bpf.c uses; its own static helper shares a name with
 * linked_a's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* a CO-RE relocation in .text after linked_a's code: its offset must move */
struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lb_map SEC(".maps");

int lb_shared = 20;
int lb_custom SEC(".data.custom") = 4;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
static const volatile int lb_ro = 100;

char _license[] SEC("license") = "GPL";

static __attribute__((noinline)) int helper(int x)
{
	return x * 2 + lb_ro;
}

__attribute__((noinline)) int lb_add(int x)
{
	if (x < 0 || LINUX_KERNEL_VERSION < 0x40000)
		return 0;
	if (!bpf_core_field_exists(((struct task_struct *)0)->pid))
		return -1000;
	return helper(x) + lb_shared + lb_custom;
}
