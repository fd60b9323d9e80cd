// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: a map pinned by name (LIBBPF_PIN_BY_NAME),
 * shared by every load of this object that uses the same pin root, and a
 * private one.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} shared_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} private_cnt SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("xdp") int count(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *s = bpf_map_lookup_elem(&shared_cnt, &k);
	__u64 *p = bpf_map_lookup_elem(&private_cnt, &k);

	if (!s || !p)
		return 0;
	__sync_fetch_and_add(s, 1);
	__sync_fetch_and_add(p, 1);
	return *s;
}
