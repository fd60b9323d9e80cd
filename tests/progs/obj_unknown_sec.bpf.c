// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: a section name no SEC() definition knows.
 * It opens with an unspecified program type; bpf_program__set_type()
 * makes it loadable.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

SEC("bpfkit_no_such_kind") int odd_section_prog(void *ctx)
{
	return 3;
}
