// SPDX-License-Identifier: GPL-2.0
/* struct_ops maps the kernel cannot take, one per failure; the test
 * creates one at a time (bpf_map__set_autocreate) and expects a clear
 * error. zero_extra is fine: its unknown member is left unset. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct bk_no_such_ops {
	int (*run)(void);
};

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*owner)(struct sock *sk);		/* a struct module * in the kernel */
	__u32 bk_extra;				/* not in the kernel */
	__u32 key;				/* a u32 here too, but the kernel computes it */
	char name[16];
} __attribute__((preserve_access_index));

/* a flavour of the same kernel struct whose flags are too wide */
struct tcp_congestion_ops___wide {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	__u64 flags;
	char name[16];
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/run")
int BPF_PROG(bad_run)
{
	return 0;
}

SEC("struct_ops/ssthresh")
__u32 BPF_PROG(bad_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/cong_avoid")
void BPF_PROG(bad_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/undo_cwnd")
__u32 BPF_PROG(bad_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/owner")
void BPF_PROG(bad_owner, struct sock *sk)
{
}

SEC(".struct_ops")
struct bk_no_such_ops unknown_type = {
	.run = (void *)bad_run,
};

SEC(".struct_ops")
struct tcp_congestion_ops set_extra = {
	.ssthresh = (void *)bad_ssthresh,
	.cong_avoid = (void *)bad_cong_avoid,
	.undo_cwnd = (void *)bad_undo_cwnd,
	.bk_extra = 1,
	.name = "bk_bad1",
};

SEC(".struct_ops")
struct tcp_congestion_ops prog_owner = {
	.ssthresh = (void *)bad_ssthresh,
	.cong_avoid = (void *)bad_cong_avoid,
	.undo_cwnd = (void *)bad_undo_cwnd,
	.owner = (void *)bad_owner,
	.name = "bk_bad2",
};

SEC(".struct_ops")
struct tcp_congestion_ops zero_extra = {
	.ssthresh = (void *)bad_ssthresh,
	.cong_avoid = (void *)bad_cong_avoid,
	.undo_cwnd = (void *)bad_undo_cwnd,
	.name = "bk_bad3",
};

/* one program as two members */
SEC(".struct_ops")
struct tcp_congestion_ops reuse_wrong = {
	.ssthresh = (void *)bad_ssthresh,
	.cong_avoid = (void *)bad_cong_avoid,
	.undo_cwnd = (void *)bad_ssthresh,
	.name = "bk_bad4",
};

SEC(".struct_ops")
struct tcp_congestion_ops___wide wide_flags = {
	.ssthresh = (void *)bad_ssthresh,
	.cong_avoid = (void *)bad_cong_avoid,
	.undo_cwnd = (void *)bad_undo_cwnd,
	.name = "bk_bad5",
};
