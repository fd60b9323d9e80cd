// SPDX-License-Identifier: GPL-2.0
/*
 * Skeleton test of struct_ops maps: a TCP congestion control registered
 * through a link (.struct_ops.link) and one registered by a map update
 * (.struct_ops). The local struct has a data member between the function
 * pointers and the name so the skeleton's typed view needs padding; the
 * app names both algorithms per run through skel->struct_ops before load.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 flags;
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

__u64 avoid_calls;

SEC("struct_ops/sk_ssthresh")
__u32 BPF_PROG(sk_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/sk_cong_avoid")
void BPF_PROG(sk_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&avoid_calls, 1);
}

SEC("struct_ops/sk_undo_cwnd")
__u32 BPF_PROG(sk_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops ca_link = {
	.ssthresh = (void *)sk_ssthresh,
	.cong_avoid = (void *)sk_cong_avoid,
	.undo_cwnd = (void *)sk_undo_cwnd,
	.name = "skel_ca_l",
};

SEC(".struct_ops")
struct tcp_congestion_ops ca_plain = {
	.ssthresh = (void *)sk_ssthresh,
	.cong_avoid = (void *)sk_cong_avoid,
	.undo_cwnd = (void *)sk_undo_cwnd,
	.name = "skel_ca_p",
};
