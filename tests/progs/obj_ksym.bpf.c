// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: externs resolved against the running
 * kernel: kfuncs (through bpf_for's bpf_iter_num_*), a weak kfunc the
 * kernel does not have (bpf_ksym_exists() must be false, the call is dead
 * code), a typed ksym variable, an untyped one and a missing weak one.
 */
#include <linux/bpf.h>

/* Newer than the installed 6.1 uapi header (layout from kernel uapi). */
struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

#include <bpf/bpf_helpers.h>

extern int bpfkit_no_such_kfunc(int x) __weak __ksym;
extern const int bpf_prog_active __ksym;	/* typed: a per-CPU int in vmlinux BTF */
extern const void _stext __ksym;		/* untyped: an address from kallsyms */
extern const void bpfkit_no_such_sym __weak __ksym;

char _license[] SEC("license") = "GPL";

SEC("xdp") int sum_loop(struct xdp_md *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, 5)
		sum += i;
	return sum; /* 10 */
}

SEC("xdp") int weak_kfunc(struct xdp_md *ctx)
{
	if (bpf_ksym_exists(bpfkit_no_such_kfunc))
		return bpfkit_no_such_kfunc(1);
	return 3;
}

SEC("xdp") int weak_sym(struct xdp_md *ctx)
{
	return &bpfkit_no_such_sym ? 1 : 4;
}

/* Optional: the kernel must find the variable's address itself, which
 * needs CONFIG_KALLSYMS_ALL. */
SEC("?xdp") int typed_ksym(struct xdp_md *ctx)
{
	const int *p = bpf_this_cpu_ptr(&bpf_prog_active);

	return *p + 30;
}

SEC("xdp") int untyped_ksym(struct xdp_md *ctx)
{
	/* kernel text lives in the top half of the address space */
	return ((unsigned long)&_stext >> 32) ? 5 : 6;
}
