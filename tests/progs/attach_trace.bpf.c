// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Programs for the tracing attach tests: each counts its runs for the
 * test's own process in its slot of `hits` and stores the attach cookie
 * it saw, so a test can tell that exactly this attachment ran.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct slot {
	__u64 count;
	__u64 cookie;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct slot);
} hits SEC(".maps");

/* [0]: the tgid to count, written by the test */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

/* the map the map-element iterator walks */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} elems SEC(".maps");

static int bump(void *ctx, __u32 slot)
{
	__u32 zero = 0, *pid = bpf_map_lookup_elem(&cfg, &zero);
	struct slot *s;

	if (!pid || (bpf_get_current_pid_tgid() >> 32) != *pid)
		return 0;
	s = bpf_map_lookup_elem(&hits, &slot);
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->count, 1);
	s->cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tp_full(void *ctx)
{
	return bump(ctx, 0);
}

SEC("tp/syscalls/sys_enter_getppid")
int tp_short(void *ctx)
{
	return bump(ctx, 1);
}

SEC("raw_tp/sys_enter")
int raw_named(void *ctx)
{
	return bump(ctx, 2);
}

SEC("tp_btf/sys_enter")
int btf_named(void *ctx)
{
	return bump(ctx, 3);
}

SEC("perf_event")
int on_perf(void *ctx)
{
	return bump(ctx, 4);
}

/* no target in the name: attached by hand */
SEC("tracepoint")
int tp_bare(void *ctx)
{
	return bump(ctx, 5);
}

SEC("raw_tp")
int raw_bare(void *ctx)
{
	return bump(ctx, 6);
}

SEC("raw_tracepoint/sys_exit")
int raw_long(void *ctx)
{
	return bump(ctx, 7);
}

/* Iterator contexts, reduced to the fields used (CO-RE relocated). */
struct seq_file;
struct bpf_iter_meta {
	struct seq_file *seq;
} __attribute__((preserve_access_index));
struct task_struct {
	int tgid;
} __attribute__((preserve_access_index));
struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __attribute__((preserve_access_index));
struct bpf_iter__bpf_map_elem {
	struct bpf_iter_meta *meta;
	void *map;
	void *key;
	void *value;
} __attribute__((preserve_access_index));

/* one 4-byte record per task: its tgid */
SEC("iter/task")
int iter_task(struct bpf_iter__task *ctx)
{
	struct task_struct *t = ctx->task;
	__u32 tgid;

	if (!t)
		return 0;
	tgid = t->tgid;
	bpf_seq_write(ctx->meta->seq, &tgid, sizeof(tgid));
	return 0;
}

/* one 4-byte record per element: its key */
SEC("iter/bpf_map_elem")
int iter_elem(struct bpf_iter__bpf_map_elem *ctx)
{
	__u32 *key = ctx->key;
	__u32 k;

	if (!key)
		return 0;
	k = *key;
	bpf_seq_write(ctx->meta->seq, &k, sizeof(k));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
