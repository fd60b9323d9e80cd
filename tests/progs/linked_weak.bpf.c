// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test: a weak lb_add that linked_b.bpf.c's strong one must
 * override wherever the two are linked, and a weak variable nobody else
 * defines.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((weak)) int lw_only = 5;

char _license[] SEC("license") = "GPL";

__attribute__((noinline, weak)) int lb_add(int x)
{
	return x - 1000;
}

SEC("xdp") int lw_prog(struct xdp_md *ctx)
{
	return lb_add(1) + lw_only;
}
