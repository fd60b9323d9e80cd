// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tcpcc: a TCP congestion control written in BPF (struct_ops). It keeps
 * the window the kernel gives it and only counts what it is asked. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 sockets = 0;	/* init: a socket chose us */
__u64 acks = 0;		/* cong_avoid calls */
__u64 losses = 0;	/* ssthresh calls */

SEC("struct_ops/bk_init")
void BPF_PROG(bk_init, struct sock *sk)
{
	__sync_fetch_and_add(&sockets, 1);
}

SEC("struct_ops/bk_ssthresh")
__u32 BPF_PROG(bk_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;
	__u32 half = tp->snd_cwnd >> 1;

	__sync_fetch_and_add(&losses, 1);
	return half > 2 ? half : 2;
}

SEC("struct_ops/bk_cong_avoid")
void BPF_PROG(bk_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&acks, 1);
}

SEC("struct_ops/bk_undo_cwnd")
__u32 BPF_PROG(bk_undo_cwnd, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	return tp->snd_cwnd;
}

SEC(".struct_ops")
struct tcp_congestion_ops bpfkit_cc = {
	.init = (void *)bk_init,
	.ssthresh = (void *)bk_ssthresh,
	.cong_avoid = (void *)bk_cong_avoid,
	.undo_cwnd = (void *)bk_undo_cwnd,
	.name = "bpfkit_cc",
};
