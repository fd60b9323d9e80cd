// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Light skeleton whose program the verifier refuses (after its map was
 * created by the loader). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lskel_bad_map SEC(".maps");

SEC("syscall")
int lskel_bad(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&lskel_bad_map, &k);

	/* NULL (hash miss) not checked: refused */
	return *v;
}
