// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Probe attach tests: uprobes, uretprobes, uprobe_multi and kprobes on
 * functions of the test runner (and libc), counting hits in `hits`.
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
	H_SLEEP,	/* sleepable uprobe (probe_multi.bpf.c) */
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

SEC("uprobe")
int up_entry(struct pt_regs *ctx)
{
	add(H_ENTRY, 1);
	set(H_ARG, PT_REGS_PARM1(ctx));
	return 0;
}

SEC("uretprobe")
int up_ret(struct pt_regs *ctx)
{
	add(H_RET_CNT, 1);
	set(H_RET_VAL, PT_REGS_RC(ctx));
	return 0;
}

SEC("uprobe")
int up_cookie(struct pt_regs *ctx)
{
	set(H_COOKIE, bpf_get_attach_cookie(ctx));
	return 0;
}

SEC("uprobe")
int up_libc(struct pt_regs *ctx)
{
	add(H_LIBC, 1);
	return 0;
}

SEC("uprobe//proc/self/exe:probe_auto_target")
int up_auto(struct pt_regs *ctx)
{
	add(H_AUTO, 1);
	return 0;
}

SEC("uretprobe//proc/self/exe:probe_auto_target")
int up_auto_ret(struct pt_regs *ctx)
{
	set(H_AUTO_RET, PT_REGS_RC(ctx));
	return 0;
}

SEC("kprobe")
int kp(struct pt_regs *ctx)
{
	add(H_KPROBE, 1);
	return 0;
}

SEC("kprobe.multi")
int kp_multi(struct pt_regs *ctx)
{
	add(H_KPROBE, 1);
	return 0;
}

SEC("ksyscall/getppid")
int kp_sys(struct pt_regs *ctx)
{
	add(H_KPROBE, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
