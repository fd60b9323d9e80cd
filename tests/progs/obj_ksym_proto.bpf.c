// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A weak kfunc declared with a prototype the kernel's does not match (the
 * kernel's bpf_rcu_read_lock takes no argument): treated as missing, so
 * bpf_ksym_exists() is false and the call is dead code. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_rcu_read_lock(long a, long b) __weak __ksym;

char _license[] SEC("license") = "GPL";

SEC("xdp") int weak_mismatch(struct xdp_md *ctx)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock))
		return bpf_rcu_read_lock(1, 2);
	return 3;
}

/* kfunc flavors: the ___v2 suffix is dropped when binding to the kernel */
extern void bpf_rcu_read_lock___v2(void) __weak __ksym;
extern void bpf_rcu_read_unlock___v2(void) __weak __ksym;

SEC("xdp") int flavor(struct xdp_md *ctx)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock___v2) && bpf_ksym_exists(bpf_rcu_read_unlock___v2)) {
		bpf_rcu_read_lock___v2();
		bpf_rcu_read_unlock___v2();
		return 5;
	}
	return 6;
}
