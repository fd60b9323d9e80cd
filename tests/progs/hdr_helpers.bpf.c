// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_helpers.h: printk, snprintf, tail calls, BTF maps, iterators, externs. */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* The open-coded iterator state (uapi >= 6.4 / vmlinux.h have it). */
struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

/* ---- bpf_printk with 0, 3 and 5 arguments ---- */

/* The packet's first word is a per-run tag so the test finds its lines. */
static __always_inline __u32 tag_of(struct __sk_buff *skb)
{
	__u32 tag = 0;

	bpf_skb_load_bytes(skb, 0, &tag, sizeof(tag));
	return tag;
}

SEC("tc")
int printk0(struct __sk_buff *skb)
{
	return bpf_printk("bpfkit-hdr printk0") >= 0;
}

SEC("tc")
int printk3(struct __sk_buff *skb)
{
	return bpf_printk("bpfkit-hdr printk3 %u %d %d", tag_of(skb), 2, 3) >= 0;
}

SEC("tc")
int printk5(struct __sk_buff *skb)
{
	/* more than 3 arguments: goes through bpf_trace_vprintk */
	return bpf_printk("bpfkit-hdr printk5 %u %d %d %d %d", tag_of(skb), 2, 3, 4, 5) >= 0;
}

/* BPF_SNPRINTF: returns 1 if the text came out right, length above that. */
SEC("tc")
int snprintf_check(struct __sk_buff *skb)
{
	const char want[] = "v=42 s=ab x=ff 1 2 3 4 5";
	char out[32] = {};
	long n;
	int i, ok = 1;

	n = BPF_SNPRINTF(out, sizeof(out), "v=%d s=%s x=%x %d %d %d %d %d", 42, "ab", 255,
			 1, 2, 3, 4, 5);
	for (i = 0; i < (int)sizeof(want); i++)
		if (out[i] != want[i])
			ok = 0;
	return n * 256 + ok;
}

/* ---- tail calls through a statically initialised prog array ---- */

SEC("tc")
int tail_target(struct __sk_buff *skb)
{
	return 42;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int(struct __sk_buff *));
} jmp_table SEC(".maps") = {
	.values = { [1] = (void *)&tail_target },
};

SEC("tc")
int tail_hit(struct __sk_buff *skb)
{
	bpf_tail_call_static(skb, &jmp_table, 1);
	return 7;
}

SEC("tc")
int tail_miss(struct __sk_buff *skb)
{
	bpf_tail_call_static(skb, &jmp_table, 2);
	return 7;
}

/* ---- map in map with __array ---- */

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { &inner_a },
};

SEC("tc")
int map_in_map(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 v = 1234, *p;
	void *inner = bpf_map_lookup_elem(&outer, &zero);

	if (!inner)
		return -1;
	bpf_map_update_elem(inner, &zero, &v, BPF_ANY);
	p = bpf_map_lookup_elem(inner, &zero);
	return p ? *p : -2;
}

/* ---- open-coded iterators ---- */

SEC("tc")
int iter_loops(struct __sk_buff *skb)
{
	int i, sum = 0, reps = 0, each = 0;
	int *cur;

	bpf_for(i, 0, 10)
		sum += i;			/* 45 */
	bpf_repeat(5)
		reps++;				/* 5 */
	bpf_for_each(num, cur, 3, 6)
		each += *cur;			/* 3+4+5 = 12 */
	return sum * 10000 + reps * 100 + each;
}

/* ---- extern symbols and config ---- */

extern int LINUX_KERNEL_VERSION __kconfig;
extern void bpfkit_no_such_kfunc(void) __weak __ksym;

SEC("tc")
int kconfig_version(struct __sk_buff *skb)
{
	return LINUX_KERNEL_VERSION;
}

SEC("tc")
int ksym_exists(struct __sk_buff *skb)
{
	return bpf_ksym_exists(bpf_iter_num_new) * 10 + bpf_ksym_exists(bpfkit_no_such_kfunc);
}

/* ---- small C helpers ---- */

struct pair {
	int a;
	long b;
};

/* A real (not inlined) subprogram taking the context. */
__noinline int sub_len(struct __sk_buff *skb __arg_ctx)
{
	return skb ? skb->len : 0;
}

static __noinline __hidden int static_sub(int x)
{
	return x * 2;
}

SEC("tc")
int misc_macros(struct __sk_buff *skb)
{
	struct pair p = { .a = 1, .b = 2 };
	long *pb = &p.b;
	struct pair *back = container_of(pb, struct pair, b);
	int v = 3, r = 0;

	barrier_var(v);
	barrier();
	if (likely(back == &p))
		r |= 1;
	if (!unlikely(offsetof(struct pair, b) != 8))
		r |= 2;
	if (KERNEL_VERSION(5, 10, 300) == KERNEL_VERSION(5, 10, 255))
		r |= 4;
	if (static_sub(v) == 6)
		r |= 8;
	if (sub_len(skb) == skb->len)
		r |= 16;
	if (LIBBPF_PIN_BY_NAME == 1 && LIBBPF_PIN_NONE == 0 && TRI_MODULE == 2)
		r |= 32;
	return r;
}

/* ---- pinning attribute (map pinned by name by the loader) ---- */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_NONE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} attrs_map SEC(".maps");

SEC("tc")
int use_attrs_map(struct __sk_buff *skb)
{
	__u32 k = 1, v = 2;

	return bpf_map_update_elem(&attrs_map, &k, &v, BPF_NOEXIST);
}

char LICENSE[] SEC("license") = "GPL";
