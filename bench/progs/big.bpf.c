// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Large benchmark object, spelled out by macros: 24 groups, each with its
 * own record types (nested struct, union, enum, array, typedef), a hash, an
 * array and a per-CPU array map of those records, an XDP, a TC and a socket
 * filter program, a static and a global subprogram; plus shared global data
 * in .data/.rodata/.bss, a ring buffer and a map-in-map. No CO-RE
 * relocations: the loader on this branch does not apply them yet, and both
 * loaders must be able to load the object.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define GROUPS(X) \
	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) \
	X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)

char _license[] SEC("license") = "GPL";

const volatile __u32 scale = 3;		/* .rodata */
const volatile __u64 limits[32] = { 1, 2, 3, 5, 8, 13, 21, 34 };
__u64 hits[64];				/* .bss */
__u32 seed = 0x9e3779b9;		/* .data */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct inner_arr {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_arr);
} outer SEC(".maps");

/* Types, maps, subprograms and programs of one group. */
#define GROUP(n)								\
enum state_##n { ST##n##_IDLE, ST##n##_BUSY = 3 + n, ST##n##_DONE };	\
typedef __u32 id##n##_t;						\
struct hdr_##n {							\
	__u16 proto;							\
	__u8 flags;							\
	__u8 ttl;							\
	id##n##_t id;							\
};									\
union addr_##n {							\
	__u32 v4;							\
	__u8 bytes[16];							\
	struct { __u64 hi, lo; } v6;					\
};									\
struct rec_##n {							\
	struct hdr_##n hdr;						\
	union addr_##n src, dst;					\
	enum state_##n state;						\
	__u64 packets;							\
	__u64 bytes;							\
	__u32 hist[8];							\
	struct { __u32 lo, hi; } range;					\
};									\
struct key_##n {							\
	__u32 ifindex;							\
	__u16 port;							\
	__u8 proto;							\
	__u8 pad;							\
};									\
struct {								\
	__uint(type, BPF_MAP_TYPE_HASH);				\
	__uint(max_entries, 64 + n);					\
	__type(key, struct key_##n);					\
	__type(value, struct rec_##n);					\
} flows_##n SEC(".maps");						\
struct {								\
	__uint(type, BPF_MAP_TYPE_ARRAY);				\
	__uint(max_entries, 8);						\
	__type(key, __u32);						\
	__type(value, struct hdr_##n);					\
} hdrs_##n SEC(".maps");						\
struct {								\
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);			\
	__uint(max_entries, 2);						\
	__type(key, __u32);						\
	__type(value, __u64);						\
} stats_##n SEC(".maps");						\
static __noinline int mix_##n(int x)					\
{									\
	return (x ^ seed) * scale + n;					\
}									\
__noinline int account_##n(__u32 len)					\
{									\
	struct key_##n k = { .ifindex = n, .proto = 6 };		\
	struct rec_##n *r = bpf_map_lookup_elem(&flows_##n, &k);	\
									\
	if (!r) {							\
		struct rec_##n fresh = { .state = ST##n##_BUSY };	\
									\
		bpf_map_update_elem(&flows_##n, &k, &fresh, BPF_NOEXIST); \
		return 0;						\
	}								\
	r->packets++;							\
	r->bytes += len;						\
	r->hist[len & 7]++;						\
	return r->state == ST##n##_DONE;				\
}									\
SEC("xdp") int xdp_group_##n(struct xdp_md *ctx)			\
{									\
	__u32 len = ctx->data_end - ctx->data;				\
	__u32 k = len & 7;						\
	struct hdr_##n *h = bpf_map_lookup_elem(&hdrs_##n, &k);	\
									\
	if (h) {							\
		h->ttl = 64;						\
		h->id = mix_##n(len);					\
	}								\
	hits[n & 63]++;							\
	return account_##n(len) ? XDP_DROP : XDP_PASS;			\
}									\
SEC("tc") int tc_group_##n(struct __sk_buff *skb)			\
{									\
	__u32 k = 0;							\
	__u64 *v = bpf_map_lookup_elem(&stats_##n, &k);		\
									\
	if (v)								\
		*v += skb->len + limits[n & 31];			\
	return account_##n(skb->len) + mix_##n(skb->mark);		\
}									\
SEC("socket") int sock_group_##n(struct __sk_buff *skb)		\
{									\
	__u32 k = 1;							\
	__u64 *v = bpf_map_lookup_elem(&stats_##n, &k);		\
									\
	if (v)								\
		(*v)++;							\
	return skb->len > 64 + n ? mix_##n(skb->len) & 0xffff : 0;	\
}

GROUPS(GROUP)

SEC("xdp") int xdp_events(struct xdp_md *ctx)
{
	__u64 *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	__u32 k = 0;
	void *in;

	if (e) {
		*e = ctx->data_end - ctx->data;
		bpf_ringbuf_submit(e, 0);
	}
	in = bpf_map_lookup_elem(&outer, &k);
	return in ? XDP_PASS : XDP_DROP;
}
