// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bad input: a typed __ksym declared as a struct where the kernel has an
 * int (bpf_prog_active). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct not_an_int {
	long a, b;
};

extern const struct not_an_int bpf_prog_active __ksym;

char _license[] SEC("license") = "GPL";

SEC("syscall") int read_it(void *ctx)
{
	const struct not_an_int *p = bpf_this_cpu_ptr(&bpf_prog_active);

	return p->a;
}
