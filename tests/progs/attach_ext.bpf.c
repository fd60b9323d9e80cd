// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * freplace test: `target` is an XDP program whose verdict comes from the
 * global function pick(); `repl` replaces pick() and drops instead. Both
 * live here; the test loads the object twice (target, then replacement).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int pick(struct xdp_md *ctx)
{
	return ctx ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int target(struct xdp_md *ctx)
{
	return pick(ctx);
}

SEC("?freplace/pick")
int repl(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
