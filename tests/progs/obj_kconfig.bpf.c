// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: Kconfig externs of every storage class,
 * from the running kernel's config, from open_opts.kconfig, the LINUX_*
 * values, and weak ones nobody defines.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF __kconfig;
extern enum libbpf_tristate CONFIG_BPF_SYSCALL __kconfig;
extern char CONFIG_BPF_JIT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
extern char CONFIG_BPFKIT_TEST_STR[8] __kconfig __weak;
extern unsigned long long CONFIG_BPFKIT_MISSING __kconfig __weak;

char _license[] SEC("license") = "GPL";

SEC("xdp") int kver_major(struct xdp_md *ctx)
{
	return LINUX_KERNEL_VERSION >> 16;
}

SEC("xdp") int bpf_flags(struct xdp_md *ctx)
{
	return CONFIG_BPF * 100 + CONFIG_BPF_SYSCALL * 10 + (CONFIG_BPF_JIT == 'y');
}

SEC("xdp") int hz(struct xdp_md *ctx)
{
	return CONFIG_HZ;
}

SEC("xdp") int str_and_missing(struct xdp_md *ctx)
{
	return CONFIG_BPFKIT_TEST_STR[1] + CONFIG_BPFKIT_MISSING;
}
