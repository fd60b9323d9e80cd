// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A raw tracepoint program whose section a test takes over with
 * libbpf_register_prog_handler("raw_tp/bpfkit_custom", ...): the handler's
 * attach callback decides where it goes. Counts this process's syscalls. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[2]);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

SEC("raw_tp/bpfkit_custom")
int custom(void *ctx)
{
	__u32 zero = 0, *pid = bpf_map_lookup_elem(&cfg, &zero);
	__u64 *v;

	if (!pid || (bpf_get_current_pid_tgid() >> 32) != *pid)
		return 0;
	v = bpf_map_lookup_elem(&hits, &zero);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
