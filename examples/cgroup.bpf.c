// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* cgroup: count the UDP datagrams a cgroup sends to one port. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

#define IPPROTO_UDP_NUM 17

const volatile __u16 targ_port = 0;

__u64 packets = 0;
__u64 bytes = 0;

/* cgroup skb programs see the packet from its IP header on */
SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct udphdr udp;

	if (skb->protocol != bpf_htons(0x0800))
		return 1;
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) || ip.protocol != IPPROTO_UDP_NUM ||
	    ip.ihl != 5)
		return 1;
	if (bpf_skb_load_bytes(skb, sizeof(ip), &udp, sizeof(udp)))
		return 1;
	if (targ_port && udp.dest != bpf_htons(targ_port))
		return 1;
	__sync_fetch_and_add(&packets, 1);
	__sync_fetch_and_add(&bytes, bpf_ntohs(udp.len) - sizeof(udp));
	return 1; /* let it go */
}
