/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Packet parsing shared by the tc and xdp examples (BPF side). */
#ifndef PKT_H
#define PKT_H

#define ETH_P_IP 0x0800
#define IPPROTO_UDP_NUM 17
#define TC_ACT_OK 0

/* UDP payload length of an Ethernet/IPv4/UDP packet to port (any port
 * when 0), or -1 for any other packet. */
static __always_inline int udp_dport_match(void *data, void *data_end, __u16 port)
{
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return -1;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_UDP_NUM || ip->ihl != 5)
		return -1;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end)
		return -1;
	if (port && udp->dest != bpf_htons(port))
		return -1;
	return bpf_ntohs(udp->len) - (int)sizeof(*udp);
}

#endif
