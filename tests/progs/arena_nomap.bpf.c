// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bad input: a global in .addr_space.1 with no arena map to hold it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

long glob SEC(".addr_space.1") = 1;
long seen SEC(".data") = 0;

SEC("syscall")
int use(void *ctx)
{
	seen = (long)&glob;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
