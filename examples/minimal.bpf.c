// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal: count write(2) calls of one process. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* set by user space before load; 0 means "set later through .bss" */
const volatile int targ_pid = 0;

/* .bss: the pid to follow when targ_pid is 0, and the counters */
int my_pid = 0;
__u64 writes = 0;
__u64 bytes = 0;

SEC("tp/syscalls/sys_enter_write")
int handle_write(struct trace_event_raw_sys_enter *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;
	int want = targ_pid ? targ_pid : my_pid;

	if (pid != want)
		return 0;
	__sync_fetch_and_add(&writes, 1);
	__sync_fetch_and_add(&bytes, ctx->args[2]);
	return 0;
}
