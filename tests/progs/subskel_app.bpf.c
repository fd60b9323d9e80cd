// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Application half of the linked-object subskeleton test: linked with
 * skel_lib.bpf.o at test time, its own globals come first in the merged
 * .bss/.data, so the library's variables sit at other offsets than in
 * skel_lib.bpf.o and the subskeleton must find them by name.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 app_pad[5];
int app_data = 3;
extern int lib_base;

char _license[] SEC("license") = "GPL";

SEC("syscall")
int app_run(void *ctx)
{
	app_pad[0] = lib_base + app_data;
	return 0;
}
