// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: programs whose SEC() names a BTF attach
 * target in vmlinux (iter, tp_btf), one without a target in its name (set
 * with bpf_program__set_attach_target()) and one naming a target the
 * kernel does not have.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

SEC("iter/task") int it_task(void *ctx)
{
	return 0;
}

SEC("tp_btf/sched_switch") int tp_switch(void *ctx)
{
	return 0;
}

SEC("?tp_btf") int tp_bare(void *ctx)
{
	return 0;
}

SEC("?iter/bpfkit_no_such_iter") int it_missing(void *ctx)
{
	return 0;
}
