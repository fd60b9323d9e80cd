// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* uprobe: entry and return of a user-space function, reported through a
 * ring buffer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "uprobe.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static __always_inline void emit(int kind, long a, long b, long ret)
{
	struct probe_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return;
	e->kind = kind;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->a = a;
	e->b = b;
	e->ret = ret;
	bpf_ringbuf_submit(e, 0);
}

/* attached by user space with a function name: no target in SEC() */
SEC("uprobe")
int BPF_KPROBE(uprobe_add, int a, int b)
{
	emit(PROBE_ENTRY, a, b, 0);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(uretprobe_add, int ret)
{
	emit(PROBE_RETURN, 0, 0, ret);
	return 0;
}
