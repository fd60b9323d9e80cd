// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Light skeleton test object: a map, .data/.rodata/.bss, a subprogram, a
 * syscall program run with test_run and a raw tracepoint counter. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lskel_counts SEC(".maps");

__u64 lskel_data_val = 7;
const volatile __u32 lskel_ro_val = 35;
const volatile __u32 lskel_target_pid;
__u64 lskel_bss_hits;

static __noinline __u64 bump(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&lskel_counts, &slot);

	if (!v)
		return 0;
	__sync_fetch_and_add(v, 1);
	return *v;
}

/* ro + data + (count after this run) */
SEC("syscall")
int lskel_sum(void *ctx)
{
	__u64 n = bump(0);

	lskel_bss_hits++;
	return lskel_ro_val + lskel_data_val + n;
}

SEC("raw_tp/sys_enter")
int lskel_count(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != lskel_target_pid)
		return 0;
	bump(1);
	return 0;
}
