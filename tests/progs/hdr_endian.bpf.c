// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_endian.h: run-time and constant conversions, checked via test_run. */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* The constant forms must be usable where C wants a constant expression. */
_Static_assert(__bpf_constant_htons(0x0102) == 0x0201, "htons");
_Static_assert(__bpf_constant_ntohl(0x01020304) == 0x04030201, "ntohl");
_Static_assert(__bpf_constant_cpu_to_be64(0x0102030405060708ULL) == 0x0807060504030201ULL,
	       "cpu_to_be64");
_Static_assert(bpf_htons(0x1234) == 0x3412, "folded htons");

/* First packet word in host order: bytes 01 02 03 04 give 0x01020304. */
SEC("tc")
int endian_load32(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	__u32 *p = data;

	if ((void *)(p + 1) > end)
		return 0;
	return bpf_ntohl(*p);
}

/* 16-bit form of the above over bytes 4..5. */
SEC("tc")
int endian_load16(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	__u16 *p = data + 4;

	if ((void *)(p + 1) > end)
		return 0;
	return bpf_ntohs(*p);
}

/* One bit per conversion that gave the right answer (all: 0xff). */
SEC("tc")
int endian_checks(struct __sk_buff *skb)
{
	volatile __u16 s = 0x1234;
	volatile __u32 l = 0x11223344;
	volatile __u64 q = 0x0102030405060708ULL;
	int ok = 0;

	if (bpf_htons(s) == 0x3412)
		ok |= 1;
	if (bpf_ntohs(s) == 0x3412)
		ok |= 2;
	if (bpf_htonl(l) == 0x44332211)
		ok |= 4;
	if (bpf_ntohl(l) == 0x44332211)
		ok |= 8;
	if (bpf_cpu_to_be64(q) == 0x0807060504030201ULL)
		ok |= 16;
	if (bpf_be64_to_cpu(q) == 0x0807060504030201ULL)
		ok |= 32;
	if (bpf_htonl(0xA0B0C0D0) == 0xD0C0B0A0)
		ok |= 64;
	if (__bpf_htons(s) == __bpf_constant_htons(0x1234))
		ok |= 128;
	return ok;
}

/* Store in network order: packet starts with ab cd 01 02 03 04. */
SEC("tc")
int endian_store(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	__u16 *p16 = data;
	__u32 *p32 = data + 2;

	if ((void *)(p32 + 1) > end)
		return 1;
	*p16 = bpf_htons(0xabcd);
	*p32 = bpf_htonl(0x01020304);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
