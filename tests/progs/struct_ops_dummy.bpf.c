// SPDX-License-Identifier: GPL-2.0
/* bpf_dummy_ops, the kernel's struct_ops for testing: its programs can be
 * run with BPF_PROG_TEST_RUN. test_sleepable is the sleepable member. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct bpf_dummy_ops_state {
	int val;
} __attribute__((preserve_access_index));

struct bpf_dummy_ops {
	int (*test_1)(struct bpf_dummy_ops_state *cb);
	int (*test_sleepable)(struct bpf_dummy_ops_state *cb);
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/test_1")
int BPF_PROG(dummy_1, struct bpf_dummy_ops_state *state)
{
	int ret = 42;

	if (state) {
		ret = state->val + 100;
		state->val = 9;
	}
	return ret;
}

SEC("struct_ops.s/test_sleepable")
int BPF_PROG(dummy_sleepable, struct bpf_dummy_ops_state *state)
{
	return 0;
}

/* a program that could be associated with the map */
SEC("tc")
int plain_tc(struct __sk_buff *skb)
{
	return 0;
}

SEC(".struct_ops")
struct bpf_dummy_ops dummy = {
	.test_1 = (void *)dummy_1,
	.test_sleepable = (void *)dummy_sleepable,
};
