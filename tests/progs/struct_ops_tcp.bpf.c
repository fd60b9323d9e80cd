// SPDX-License-Identifier: GPL-2.0
/* A TCP congestion control in BPF (.struct_ops): Reno through the
 * kernel's kfuncs. The local struct lists only what it uses, in its own
 * order, so the loader must map members to the kernel layout by name.
 * calls[] counts the callbacks the kernel made; the test gives the
 * algorithm a per-run name through the map image. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* defined (empty), not just declared: kfunc prototypes are checked
 * against the kernel's, where struct sock is a struct, not a forward */
struct sock {
} __attribute__((preserve_access_index));

struct tcp_congestion_ops {
	char name[16];
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	__u32 flags;
} __attribute__((preserve_access_index));

extern __u32 tcp_reno_ssthresh(struct sock *sk) __ksym;
extern void tcp_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

char LICENSE[] SEC("license") = "GPL";

/* 0: init, 1: ssthresh, 2: cong_avoid, 3: undo_cwnd */
__u64 calls[4];

SEC("struct_ops/bk_init")
void BPF_PROG(bk_init, struct sock *sk)
{
	__sync_fetch_and_add(&calls[0], 1);
}

SEC("struct_ops/bk_ssthresh")
__u32 BPF_PROG(bk_ssthresh, struct sock *sk)
{
	__sync_fetch_and_add(&calls[1], 1);
	return tcp_reno_ssthresh(sk);
}

SEC("struct_ops/bk_cong_avoid")
void BPF_PROG(bk_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&calls[2], 1);
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/bk_undo_cwnd")
__u32 BPF_PROG(bk_undo_cwnd, struct sock *sk)
{
	__sync_fetch_and_add(&calls[3], 1);
	return tcp_reno_undo_cwnd(sk);
}

SEC(".struct_ops")
struct tcp_congestion_ops bk_ca = {
	.init = (void *)bk_init,
	.ssthresh = (void *)bk_ssthresh,
	.cong_avoid = (void *)bk_cong_avoid,
	.undo_cwnd = (void *)bk_undo_cwnd,
	.name = "bk_ca",
};
