// SPDX-License-Identifier: GPL-2.0
/* TCP congestion controls for struct_ops links: ca_a and ca_b (in
 * .struct_ops.link) are two versions of one algorithm, so a link can
 * switch from one to the other; cong_avoid counts in calls[0] for a and
 * calls[1] for b. ca_plain (.struct_ops) shares a's programs: the same
 * members of the same struct. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

__u64 calls[2];

SEC("struct_ops/lk_ssthresh")
__u32 BPF_PROG(lk_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/lk_cong_avoid")
void BPF_PROG(lk_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&calls[0], 1);
}

SEC("struct_ops/lk_undo_cwnd")
__u32 BPF_PROG(lk_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/lk_cong_avoid_b")
void BPF_PROG(lk_cong_avoid_b, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&calls[1], 1);
}

/* used by no map: not loaded (libbpf 1.x) */
SEC("struct_ops/lk_unused")
__u32 BPF_PROG(lk_unused, struct sock *sk)
{
	return 1;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops ca_a = {
	.ssthresh = (void *)lk_ssthresh,
	.cong_avoid = (void *)lk_cong_avoid,
	.undo_cwnd = (void *)lk_undo_cwnd,
	.name = "bk_ca_l",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops ca_b = {
	.ssthresh = (void *)lk_ssthresh,
	.cong_avoid = (void *)lk_cong_avoid_b,
	.undo_cwnd = (void *)lk_undo_cwnd,
	.name = "bk_ca_l",
};

SEC(".struct_ops")
struct tcp_congestion_ops ca_plain = {
	.ssthresh = (void *)lk_ssthresh,
	.cong_avoid = (void *)lk_cong_avoid,
	.undo_cwnd = (void *)lk_undo_cwnd,
	.name = "bk_ca_p",
};

/* "?": not created unless the user asks */
SEC("?.struct_ops.link")
struct tcp_congestion_ops ca_opt = {
	.ssthresh = (void *)lk_ssthresh,
	.cong_avoid = (void *)lk_cong_avoid,
	.undo_cwnd = (void *)lk_undo_cwnd,
	.name = "bk_ca_o",
};
