// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* iter: one line per process (thread-group leader) from a task iterator. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* only children of this process when non-zero */
const volatile int targ_ppid = 0;

SEC("iter/task")
int dump_procs(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	int ppid;

	if (!task)
		return 0; /* end of the walk */
	if (task->pid != task->tgid)
		return 0;
	ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (targ_ppid && ppid != targ_ppid)
		return 0;
	BPF_SEQ_PRINTF(seq, "%-7d %-7d %s\n", task->tgid, ppid, task->comm);
	return 0;
}
