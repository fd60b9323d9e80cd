// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT attach tests: BPF_USDT programs on the probes tests/test_usdt.c
 * defines with hand-written SDT notes; each stores the argument values it
 * fetched in `usdt_out` for the test to check.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

/* slots of usdt_out */
enum {
	U_CNT,		/* u_three runs */
	U_A, U_B, U_C,	/* u_three arguments */
	U_ARGCNT,	/* bpf_usdt_arg_cnt() in u_three */
	U_COOKIE,	/* bpf_usdt_cookie() in u_three */
	U_SUM,		/* sum of a over every u_three run */
	U_SIB,		/* u_sib argument */
	U_SEMA,		/* u_sema argument */
	U_AUTO,		/* u_auto runs */
	U_AUTO_A,	/* u_auto argument */
	U_SIZES,	/* arg sizes of u_three: 100 * size(0) + 10 * size(1) + size(2) */
	U_NR = 16,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, U_NR);
	__type(key, __u32);
	__type(value, long);
} usdt_out SEC(".maps");

static __always_inline void put(__u32 k, long v)
{
	bpf_map_update_elem(&usdt_out, &k, &v, BPF_ANY);
}

static __always_inline void add(__u32 k, long v)
{
	long *p = bpf_map_lookup_elem(&usdt_out, &k);

	if (p)
		__sync_fetch_and_add(p, v);
}

SEC("usdt")
int BPF_USDT(u_three, int a, long b, int c)
{
	add(U_CNT, 1);
	add(U_SUM, a);
	put(U_A, a);
	put(U_B, b);
	put(U_C, c);
	put(U_ARGCNT, bpf_usdt_arg_cnt(ctx));
	put(U_COOKIE, bpf_usdt_cookie(ctx));
	put(U_SIZES, bpf_usdt_arg_size(ctx, 0) * 100 + bpf_usdt_arg_size(ctx, 1) * 10 +
			     bpf_usdt_arg_size(ctx, 2));
	return 0;
}

SEC("usdt")
int BPF_USDT(u_sib, long v)
{
	put(U_SIB, v);
	return 0;
}

SEC("usdt")
int BPF_USDT(u_sema, int a)
{
	put(U_SEMA, a);
	return 0;
}

SEC("usdt//proc/self/exe:bpfkit_t:auto")
int BPF_USDT(u_auto, short a)
{
	add(U_AUTO, 1);
	put(U_AUTO_A, a);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
