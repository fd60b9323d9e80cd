// SPDX-License-Identifier: GPL-2.0
/* A program stored in a struct_ops member that is not a function
 * pointer: refused at open. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void *owner;
	char name[16];
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/ssthresh")
__u32 BPF_PROG(bp_ssthresh, struct sock *sk)
{
	return 2;
}

SEC(".struct_ops")
struct tcp_congestion_ops bad_ptr = {
	.ssthresh = (void *)bp_ssthresh,
	.owner = (void *)bp_ssthresh,
	.name = "bk_badp",
};
