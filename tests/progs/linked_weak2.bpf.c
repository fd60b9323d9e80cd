// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker test: a strong lw_only of another type than linked_weak's
 * weak one; linking the two must fail.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

long long lw_only = 6;

char _license[] SEC("license") = "GPL";

SEC("xdp") int lw2_prog(struct xdp_md *ctx)
{
	return lw_only;
}
