// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Callbacks through BPF_PSEUDO_FUNC: bpf_loop with a static callback,
 * with a callback that calls a global subprogram, and with a __hidden
 * global callback (the kernel wants callbacks static: the loader marks
 * hidden functions static in BTF, as libbpf does), bpf_for_each_map_elem
 * over an array, and a bpf_timer whose callback writes a global.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

struct timer_val {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct timer_val);
} timers SEC(".maps");

int timer_fired;
int timer_runs;

char _license[] SEC("license") = "GPL";

struct loop_ctx {
	__u64 sum;
};

static int add_index(__u32 i, void *data)
{
	struct loop_ctx *c = data;

	c->sum += i;
	return 0;
}

/* Global subprogram, verified on its own. */
__noinline int square(int x)
{
	return x * x;
}

static int add_square(__u32 i, void *data)
{
	struct loop_ctx *c = data;

	c->sum += square(i);
	return 0;
}

/* Global but hidden: static for the verifier. */
__hidden __noinline int add_double(__u32 i, void *data)
{
	struct loop_ctx *c = data;

	c->sum += 2 * i;
	return 0;
}

static __u64 sum_vals(void *map, __u32 *key, __u64 *val, struct loop_ctx *c)
{
	c->sum += *val * (*key + 1);
	return 0;
}

static int timer_cb(void *map, __u32 *key, struct timer_val *v)
{
	timer_fired = 42;
	timer_runs++;
	return 0;
}

/* 0 + 1 + ... + 9 = 45 */
SEC("xdp")
int loop_static(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	if (bpf_loop(10, add_index, &c, 0) != 10)
		return 1;
	return c.sum;
}

/* 0 + 1 + 4 + 9 + 16 = 30 */
SEC("xdp")
int loop_global(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	bpf_loop(5, add_square, &c, 0);
	return c.sum;
}

/* 2 * (0 + 1 + 2 + 3) = 12 */
SEC("xdp")
int loop_hidden(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	bpf_loop(4, add_double, &c, 0);
	return c.sum;
}

/* vals[] set by the test: sum of vals[k] * (k + 1) */
SEC("xdp")
int for_each(struct xdp_md *ctx)
{
	struct loop_ctx c = {};
	long n = bpf_for_each_map_elem(&vals, sum_vals, &c, 0);

	return n == 4 ? c.sum : 1000 + n;
}

/* 0 when the timer is armed; its callback sets timer_fired later. */
SEC("xdp")
int arm_timer(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct timer_val *v = bpf_map_lookup_elem(&timers, &k);

	if (!v)
		return 1;
	if (bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC))
		return 2;
	if (bpf_timer_set_callback(&v->t, timer_cb))
		return 3;
	if (bpf_timer_start(&v->t, 1000 /* ns */, 0))
		return 4;
	return 0;
}
