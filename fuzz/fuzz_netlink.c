// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the netlink reply reader (src/netlink.c). The first
 * 8 bytes of the input are the port id and sequence number the reader
 * expects, the rest is one received datagram. Every data message is taken
 * apart the way the XDP and TC code does (family header, attributes, the
 * nested ones one level down, fixed-size getters, string compares); an
 * error message's extended-ack text must come out NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "libbpf_internal.h"
#include "netlink.h"

#define MAX_ATTR 64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void take_apart(const struct nlattr *a)
{
	const struct nlattr *in[MAX_ATTR + 1];
	__u8 v8;
	__u16 v16;
	__u32 v32;
	__u64 v64;

	(void)nl_get_u8(a, &v8);
	(void)nl_get_u16(a, &v16);
	(void)nl_get_u32(a, &v32);
	(void)nl_get_u64(a, &v64);
	(void)nl_str_eq(a, "bpf");
	if (nl_parse_nested(in, MAX_ATTR, a))
		return;
	for (int i = 0; i <= MAX_ATTR; i++)
		if (in[i])
			(void)nl_get_u32(in[i], &v32);
}

static int msg_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *tb[MAX_ATTR + 1];
	int *calls = ctx;

	++*calls;
	/* the family headers of RTM_NEWLINK and RTM_NEWTFILTER */
	if (nl_parse_msg(tb, MAX_ATTR, h, h->nlmsg_type == RTM_NEWLINK ?
						  sizeof(struct ifinfomsg) :
						  sizeof(struct tcmsg)))
		return 0;
	for (int i = 0; i <= MAX_ATTR; i++)
		if (tb[i])
			take_apart(tb[i]);
	/* stop early now and then, as the XDP query does */
	return *calls > 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nl_sock sk;
	char *buf;
	int res = 0, calls = 0;

	if (size < 8)
		return 0;
	memset(&sk, 0, sizeof(sk));
	sk.fd = -1;
	memcpy(&sk.pid, data, 4);
	memcpy(&sk.seq, data + 4, 4);
	/* an exact-size copy, so reads past the datagram are caught; aligned
	 * like the reader's own malloc'd buffer */
	buf = malloc(size - 8 ? size - 8 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 8, size - 8);
	nl_walk(&sk, buf, size - 8, msg_cb, &calls, &res);
	if (memchr(sk.extack, 0, sizeof(sk.extack)) == NULL)
		__builtin_trap();
	free(buf);
	return 0;
}
