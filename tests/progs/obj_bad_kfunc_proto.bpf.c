// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bad input: a kfunc called with another prototype than the kernel's
 * (bpf_cgroup_release takes a struct cgroup pointer). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_cgroup_release(int x) __ksym;

char _license[] SEC("license") = "GPL";

SEC("syscall") int call_it(void *ctx)
{
	bpf_cgroup_release(1);
	return 0;
}
