// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Library object for the subskeleton test: globals the library owns
 * (.bss, .data, .rodata), a map and a program, as the library half of a
 * linked object would have.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile int lib_scale = 2;
int lib_base = 10;
__u64 lib_out;
int lib_arr[4];

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lib_map SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("syscall")
int lib_run(void *ctx)
{
	__u32 k = 0;
	__u64 v = lib_base * lib_scale;

	lib_out = v;
	lib_arr[2] = lib_base + 1;
	bpf_map_update_elem(&lib_map, &k, &v, 0);
	return 0;
}
