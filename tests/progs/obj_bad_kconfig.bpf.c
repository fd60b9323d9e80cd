// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Deliberately broken: a Kconfig extern whose type no Kconfig value can
 * have (a struct). Loading must fail naming it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct odd_cfg {
	int a, b;
};

extern struct odd_cfg CONFIG_BPF __kconfig;

char _license[] SEC("license") = "GPL";

SEC("xdp") int reads_odd_kconfig(struct xdp_md *ctx)
{
	return CONFIG_BPF.a;
}
