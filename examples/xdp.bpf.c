// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* xdp: count UDP packets to one port at XDP, optionally dropping them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "pkt.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u16 targ_port = 0;
const volatile bool drop = false;

__u64 packets = 0;
__u64 bytes = 0;

SEC("xdp")
int xdp_udp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int len;

	len = udp_dport_match(data, data_end, targ_port);
	if (len < 0)
		return XDP_PASS;
	__sync_fetch_and_add(&packets, 1);
	__sync_fetch_and_add(&bytes, len);
	return drop ? XDP_DROP : XDP_PASS;
}
