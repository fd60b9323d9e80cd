// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_tracing.h argument macros. The struct pt_regs below is the kernel's
 * x86-64 layout (what a vmlinux.h provides), so the *_CORE accessors
 * relocate against the running kernel's BTF.
 */
#include <linux/bpf.h>
#include <linux/types.h>

#define __VMLINUX_H__ /* register names as in the kernel's pt_regs */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/* syscall number the test triggers; its first argument is a per-run magic */
#define TRIGGER_NR 121 /* getpgid on x86-64 */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} results SEC(".maps");

/* results[0] holds the magic, set by the test before attaching. */
static __always_inline long magic(void)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&results, &k);

	return v ? *v : -1;
}

static __always_inline void put(__u32 slot, __u64 v)
{
	bpf_map_update_elem(&results, &slot, &v, BPF_ANY);
}

static __always_inline void bump(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&results, &slot);

	if (v)
		__sync_fetch_and_add(v, 1);
}

/* raw_tp/sys_enter: args are (struct pt_regs *regs, long id). */
SEC("raw_tp/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
	unsigned long arg1;

	if (id != TRIGGER_NR)
		return 0;
	arg1 = PT_REGS_PARM1_CORE_SYSCALL(regs);
	if (arg1 != magic())
		return 0;
	bump(1);
	put(2, id);
	return 0;
}

/* Same with BPF_PROG2 (type, name) pairs. */
SEC("raw_tp/sys_enter")
int BPF_PROG2(on_sys_enter2, struct pt_regs *, regs, long, id)
{
	if (id == TRIGGER_NR && PT_REGS_PARM1_CORE(regs) == magic())
		bump(3);
	return 0;
}

/* Uprobe on ref_uprobe_target(int a, long b, int c) of the ref loader. */
SEC("uprobe")
int BPF_UPROBE(on_target, int a, long b, int c)
{
	put(4, (__u64)a * 10000 + b * 100 + c);
	put(5, PT_REGS_PARM2(ctx));
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(on_target_ret, long ret)
{
	put(6, ret);
	return 0;
}

/* Kprobe flavours: only loaded (this kernel has no kprobes). */
SEC("kprobe/do_nanosleep")
int BPF_KPROBE(kp_args, void *t, int mode)
{
	bpf_printk("kprobe %p %d", t, mode);
	return 0;
}

SEC("kretprobe/do_nanosleep")
int BPF_KRETPROBE(kretp_ret, int ret)
{
	unsigned long ip = 0;

	BPF_KRETPROBE_READ_RET_IP(ip, ctx);
	return ret + (ip == 1);
}

SEC("ksyscall/getpgid")
int BPF_KSYSCALL(ksys_getpgid, int pid)
{
	if (pid == (int)magic())
		bump(7);
	return 0;
}

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(kp_regs)
{
	struct pt_regs *r = PT_REGS_SYSCALL_REGS(ctx);
	unsigned long ip = 0;

	BPF_KPROBE_READ_RET_IP(ip, ctx);
	return PT_REGS_PARM1_CORE(r) + PT_REGS_RC(ctx) + PT_REGS_SP(ctx) + PT_REGS_FP(ctx) +
	       PT_REGS_IP(ctx) + PT_REGS_RET(ctx) + PT_REGS_PARM6(ctx) + ip +
	       PT_REGS_PARM4_SYSCALL(ctx) + PT_REGS_PARM6_CORE_SYSCALL(r);
}

char LICENSE[] SEC("license") = "GPL";
