// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: calls a function defined nowhere. Open
 * works; load must fail naming the missing function.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int no_such_function(int x);

char _license[] SEC("license") = "GPL";

SEC("xdp") int calls_missing(struct xdp_md *ctx)
{
	return no_such_function(3);
}
