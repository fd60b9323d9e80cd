// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test, first unit: the program. It calls a global function
 * and reads a global variable and a map that linked_b.bpf.c defines, plus
 * a static helper whose name linked_b.bpf.c uses for its own.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int lb_add(int x);
extern int lb_shared;
/* also declared by linked_b.bpf.c: one extern in the linked object */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lb_map SEC(".maps");

static const volatile int la_ro = 7;
int la_bss;
/* both files put a variable in this custom section */
int la_custom SEC(".data.custom") = 3;

char _license[] SEC("license") = "GPL";

static __attribute__((noinline)) int helper(int x)
{
	return x * 3 + la_ro;
}

SEC("xdp") int la_prog(struct xdp_md *ctx)
{
	__u32 k = 1;
	__u64 *v;

	if (LINUX_KERNEL_VERSION < 0x40000)
		return 2;
	la_bss = helper(1);
	v = bpf_map_lookup_elem(&lb_map, &k);
	if (!v)
		return 1;
	*v = 1000;
	/* helper(1) = 10, lb_add(5) = 5 * 2 + 100 + lb_custom(4) + lb_shared(20) */
	return la_bss + lb_add(5) + lb_shared + la_custom;
}
