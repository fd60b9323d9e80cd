// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobe_multi programs of the probe attach tests (same `hits` slots as
 * probe_uprobe.bpf.c), apart because libbpf 1.1.2, which the object diff
 * test loads every object with, predates uprobe.multi sections.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* slots of `hits` */
enum {
	H_ENTRY,	/* up_entry calls */
	H_ARG,		/* up_entry: first argument */
	H_RET_CNT,	/* up_ret calls */
	H_RET_VAL,	/* up_ret: return value */
	H_COOKIE,	/* up_cookie: attach cookie */
	H_MULTI,	/* up_multi calls */
	H_MULTI_COOKIES,/* up_multi: sum of cookies */
	H_LIBC,		/* up_libc calls */
	H_AUTO,		/* auto-attached uprobe */
	H_AUTO_RET,	/* auto-attached uretprobe: return value */
	H_AUTO_MULTI,	/* auto-attached uprobe.multi */
	H_KPROBE,	/* kprobe / ksyscall / kprobe.multi */
	H_SLEEP,	/* sleepable uprobe */
	H_CNT = 16,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, H_CNT);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void add(__u32 k, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&hits, &k);

	if (p)
		__sync_fetch_and_add(p, v);
}

static __always_inline void set(__u32 k, __u64 v)
{
	bpf_map_update_elem(&hits, &k, &v, BPF_ANY);
}

SEC("uprobe.multi")
int up_multi(struct pt_regs *ctx)
{
	add(H_MULTI, 1);
	add(H_MULTI_COOKIES, bpf_get_attach_cookie(ctx));
	return 0;
}

SEC("uprobe.multi//proc/self/exe:probe_multi_?")
int up_auto_multi(struct pt_regs *ctx)
{
	add(H_AUTO_MULTI, 1);
	return 0;
}

SEC("uprobe.s//proc/self/exe:probe_multi_c")
int up_sleepable(struct pt_regs *ctx)
{
	add(H_SLEEP, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
