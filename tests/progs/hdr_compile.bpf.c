// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Compile-only coverage of macros the reference loader cannot run (it is
 * older than some of them, e.g. __ulong) or that need program types this
 * machine cannot attach. Built with every BPF-side header included.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_helper_defs.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/usdt.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u32);
	__ulong(map_extra, 3);
} bloom SEC(".maps");

struct task_struct {
	int pid;
	struct task_struct *real_parent;
	char comm[16];
	unsigned int flags;
	unsigned int in_execve : 1;
} __attribute__((preserve_access_index));

struct seq_file;
struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __attribute__((preserve_access_index));
struct bpf_iter_meta {
	struct seq_file *seq;
} __attribute__((preserve_access_index));

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct task_struct *t = ctx->task;

	if (!t)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d %s\n", t->pid, t->comm);
	BPF_SEQ_PRINTF(ctx->meta->seq, "no args\n");
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, _Bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *rp = bpf_core_cast(prev, struct task_struct);
	char comm[16];
	int ppid = BPF_CORE_READ(next, real_parent, pid);
	unsigned long long bits = BPF_CORE_READ_BITFIELD(prev, in_execve);
	unsigned long long bits2 = BPF_CORE_READ_BITFIELD_PROBED(next, in_execve);

	BPF_CORE_WRITE_BITFIELD(rp, in_execve, 1);
	BPF_CORE_READ_USER_STR_INTO(&comm, next, comm);
	BPF_PROBE_READ_STR_INTO(&comm, next, real_parent, comm);
	BPF_PROBE_READ_USER_INTO(&ppid, next, real_parent, pid);
	BPF_PROBE_READ_USER_STR_INTO(&comm, next, comm);
	ppid += BPF_CORE_READ_USER(next, pid) + BPF_PROBE_READ_USER(next, real_parent, pid);
	ppid += BPF_PROBE_READ(next, real_parent, real_parent, real_parent, pid);
	bpf_core_read_user(&ppid, sizeof(ppid), &next->pid);
	bpf_core_read_user_str(comm, sizeof(comm), &next->comm);
	bpf_stream_printk(1, "x %d", ppid);
	return ppid + bits + bits2 + preempt;
}

/* Struct passed by value in two registers. */
struct two_words {
	long a, b;
};

SEC("fentry/bpfkit_dummy")
int BPF_PROG2(by_value, int, x, struct two_words, w, char, c)
{
	return x + w.a + w.b + c;
}

SEC("uprobe")
int BPF_KPROBE(many_args, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return a1 + a2 + a3 + a4 + a5 + a6 + PT_REGS_PARM1_SYSCALL(ctx) +
	       PT_REGS_PARM6_SYSCALL(ctx) + PT_REGS_RET_CORE(ctx) + PT_REGS_SP_CORE(ctx);
}

char LICENSE[] SEC("license") = "GPL";
