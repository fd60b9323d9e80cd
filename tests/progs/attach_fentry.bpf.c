// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fentry and LSM programs, off by default ('?'): kernels under lockdown
 * refuse to load them (EPERM), which the tests detect and skip on. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 fentry_hits;
__u64 lsm_hits;

SEC("?fentry/__task_pid_nr_ns")
int on_getppid(void *ctx)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

SEC("?lsm/file_open")
int on_file_open(void *ctx)
{
	__sync_fetch_and_add(&lsm_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
