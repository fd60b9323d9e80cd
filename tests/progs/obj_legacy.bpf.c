// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: maps defined the pre-BTF way, as records in
 * the "maps" section, used by a socket filter.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct legacy_def legacy_arr SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 4,
};

struct legacy_def legacy_hash SEC("maps") = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 8,
};

char _license[] SEC("license") = "GPL";

SEC("xdp") int legacy_prog(struct xdp_md *ctx)
{
	__u32 key = 2, hkey = 9, hval = 99;
	__u64 *v = bpf_map_lookup_elem(&legacy_arr, &key);

	if (!v)
		return 1;
	*v += 5;
	bpf_map_update_elem(&legacy_hash, &hkey, &hval, BPF_ANY);
	return 2;
}
