// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tc: count UDP packets to one port at TC ingress. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "pkt.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u16 targ_port = 0;

__u64 packets = 0;
__u64 bytes = 0;

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	int len;

	len = udp_dport_match(data, data_end, targ_port);
	if (len < 0)
		return TC_ACT_OK;
	__sync_fetch_and_add(&packets, 1);
	__sync_fetch_and_add(&bytes, len);
	return TC_ACT_OK;
}
