// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Feature probe / BTF sanitizer test program: every BTF kind the
 * sanitizer rewrites (FLOAT, DECL_TAG, TYPE_TAG, ENUM64, global FUNC,
 * VAR/DATASEC) plus the LINUX_HAS_* externs fed by the probes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_HAS_BPF_COOKIE __kconfig;
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;

enum big_enum { BIG_A = 1ULL << 40, BIG_B = 2 };

struct with_float {
	float f;
	double d;
	int tagged __attribute__((btf_decl_tag("member_tag")));
	enum big_enum e;
};

struct with_float fvar = { .f = 1.5f, .d = 2.5, .tagged = 3, .e = BIG_B };
int counter;
const volatile int ro_val = 7;

char _license[] SEC("license") = "GPL";

static __noinline int add_tagged(int __attribute__((btf_type_tag("ptr_tag"))) *p)
{
	return *p + 1;
}

__noinline __attribute__((btf_decl_tag("func_tag"))) int glob_twice(int x)
{
	return x * 2 + ro_val;
}

SEC("xdp") int feat_main(struct xdp_md *ctx)
{
	int v = fvar.tagged;

	counter++;
	/* glob_twice(4) = 8 + 7 = 15; add_tagged(3) = 4; e == BIG_B: 1 */
	return glob_twice(4) + add_tagged(&v) + (fvar.e == BIG_B);
}

SEC("xdp") int feat_externs(struct xdp_md *ctx)
{
	return LINUX_HAS_BPF_COOKIE * 10 + LINUX_HAS_SYSCALL_WRAPPER;
}
