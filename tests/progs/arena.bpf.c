// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An arena map with a global in .addr_space.1. clang 14 has no arena
 * address space, so the program only passes arena addresses out as
 * numbers: the page it allocated and where the global landed. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_MAP_TYPE_ARENA 33

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 4); /* pages */
} arena SEC(".maps");

void *bpf_arena_alloc_pages(void *map, void *addr, __u32 page_cnt, int node_id,
			    __u64 flags) __ksym;

long page_addr SEC(".data") = 0;
long glob_addr SEC(".data") = 0;
long glob SEC(".addr_space.1") = 0x5678;

SEC("syscall")
int alloc(void *ctx)
{
	long *p = bpf_arena_alloc_pages(&arena, 0, 1, -1, 0);

	if (!p)
		return 1;
	page_addr = (long)p;
	glob_addr = (long)&glob;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
