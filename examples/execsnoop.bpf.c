// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* execsnoop: execve() calls with their arguments and result, sent to user
 * space through a perf event array. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "execsnoop.h"

char LICENSE[] SEC("license") = "GPL";

const volatile int targ_ppid = 0;
const volatile uid_t targ_uid = (uid_t)-1;

/* the event is built on entry and sent on exit, when the result is known */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, pid_t);
	__type(value, struct event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} events SEC(".maps");

/* too big for the stack: zeroed template for new map entries */
static const struct event empty_event = {};

SEC("tracepoint/syscalls/sys_enter_execve")
int tracepoint__syscalls__sys_enter_execve(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task;
	const char **argv = (const char **)ctx->args[1];
	const char *argp;
	struct event *e;
	pid_t pid;
	int ppid, i;
	uid_t uid;

	uid = (u32)bpf_get_current_uid_gid();
	if (targ_uid != (uid_t)-1 && uid != targ_uid)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (targ_ppid && ppid != targ_ppid)
		return 0;

	pid = bpf_get_current_pid_tgid() >> 32;
	if (bpf_map_update_elem(&execs, &pid, &empty_event, BPF_NOEXIST))
		return 0;
	e = bpf_map_lookup_elem(&execs, &pid);
	if (!e)
		return 0;
	e->pid = pid;
	e->ppid = ppid;
	e->args_count = 0;
	e->args_size = 0;

	for (i = 0; i < MAX_ARGS; i++) {
		unsigned int off = i * ARGSIZE;
		long n;

		if (bpf_probe_read_user(&argp, sizeof(argp), &argv[i]) || !argp)
			break;
		n = bpf_probe_read_user_str(&e->args[off], ARGSIZE, argp);
		if (n <= 0)
			break;
		e->args_count++;
		e->args_size = off + ARGSIZE;
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int tracepoint__syscalls__sys_exit_execve(struct trace_event_raw_sys_exit *ctx)
{
	struct event *e;
	pid_t pid;

	pid = bpf_get_current_pid_tgid() >> 32;
	e = bpf_map_lookup_elem(&execs, &pid);
	if (!e)
		return 0;
	e->retval = ctx->ret;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*e));
	bpf_map_delete_elem(&execs, &pid);
	return 0;
}
