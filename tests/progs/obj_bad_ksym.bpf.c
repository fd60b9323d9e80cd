// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Deliberately broken: a strong (non-weak) __ksym variable the kernel
 * does not have. Open works; load must fail naming it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const int bpfkit_no_such_ksym __ksym;

char _license[] SEC("license") = "GPL";

SEC("xdp") int reads_missing_ksym(struct xdp_md *ctx)
{
	return bpfkit_no_such_ksym;
}
